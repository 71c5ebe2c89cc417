use leptos::prelude::*;

/// Markdown through the sanitising renderer of `baton_core::markdown` (the only place user text
/// becomes HTML).
#[component]
pub fn Markdown(#[prop(into)] source: Signal<String>) -> impl IntoView {
    view! { <div class="prose" inner_html=move || baton_core::markdown::to_safe_html(&source.get())></div> }
}
