use leptos::prelude::*;

#[component]
pub fn Knowledge() -> impl IntoView {
    view! { <super::NotYet title="Knowledge" purpose="Patterns, error solutions and tips you collect across sessions will be kept here. The knowledge base is not available in this version yet." /> }
}
