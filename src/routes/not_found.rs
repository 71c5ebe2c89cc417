use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::platform::mark_ready();
    view! {
        <super::PageHeader title=Signal::stored("Page not found".to_string()) />
        <div class="empty-state">
            <p class="empty-state__title">"There is no page at this address."</p>
            <p class="empty-state__text">"The link may be mistyped, or the page may belong to a newer version of Baton."</p>
            <A href=crate::pwa::href("/") attr:class="btn btn--primary">"Go to the dashboard"</A>
        </div>
    }
}
