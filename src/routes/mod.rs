//! One file per route of `spec/product.md`.

pub mod account;
pub mod accounts;
pub mod dashboard;
pub mod data;
pub mod handoff_builder;
pub mod handoffs;
pub mod insights;
pub mod knowledge;
pub mod not_found;
pub mod project;
pub mod projects;
pub mod record;
pub mod session;
pub mod sessions;
pub mod settings;

use leptos::prelude::*;

/// The record id in the route's `:id` parameter (None when it is not an id).
pub fn use_id_param() -> Memo<Option<baton_core::Id>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.with(|params| params.get("id").and_then(|id| baton_core::Id::parse(&id))))
}

/// Sets the app's "ready" mark once the page's main data has loaded (see `platform::mark_ready`).
pub fn mark_ready_when<T: Clone + 'static>(resource: LocalResource<T>) {
    Effect::new(move |_| {
        if resource.get().is_some() {
            crate::platform::mark_ready();
        }
    });
}

/// The page title in the tab and the `h1`, with focus moved to the heading on navigation so
/// screen-reader users hear where they are.
#[component]
pub fn PageHeader(
    title: Signal<String>,
    #[prop(optional)] meta: Option<Signal<String>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&format!("{} · Baton", title.get()));
        }
    });
    crate::platform::focus_heading_after_navigation();
    view! {
        <header class="page-header">
            <div>
                <h1 id="page-title" tabindex="-1">{move || title.get()}</h1>
                {meta.map(|meta| view! { <p class="page-header__meta">{move || meta.get()}</p> })}
            </div>
            <div class="page-header__actions">{children.map(|children| children())}</div>
        </header>
    }
}
