use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::platform::mark_ready();
    let i18n = use_i18n();
    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, lists.not_found_title).to_string()) />
        <div class="empty-state">
            <p class="empty-state__title">{t!(i18n, lists.not_found.heading)}</p>
            <p class="empty-state__text">{t!(i18n, lists.not_found.text)}</p>
            <A href=crate::pwa::href("/") attr:class="btn btn--primary">{t!(i18n, lists.not_found.go_home)}</A>
        </div>
    }
}
