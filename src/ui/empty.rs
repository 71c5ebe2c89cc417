use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// What a page is for and its first action, shown when there is nothing yet.
#[component]
pub fn EmptyState(title: &'static str, text: String, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-state__title">{title}</p>
            <p class="empty-state__text">{text}</p>
            {children.map(|children| children())}
        </div>
    }
}

/// Placeholder rows while a list loads (skeletons, not spinners).
#[component]
pub fn ListSkeleton(#[prop(default = 4)] rows: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" aria-busy="true" aria-label=move || t_string!(i18n, components.loading)>
            {(0..rows).map(|row| {
                let class = if row % 2 == 1 { "skeleton__line skeleton__line--short" } else { "skeleton__line" };
                view! { <div class=class></div> }
            }).collect_view()}
        </div>
    }
}

/// A failed read, said plainly, with what to do.
#[component]
pub fn ErrorNote(message: String) -> impl IntoView {
    view! {
        <div class="card" role="alert">
            <p class="text-danger">{message}</p>
        </div>
    }
}
