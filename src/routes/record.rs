//! The two pages of a record's route that are not the record itself: the record is not in this
//! browser, or it is in the trash (with the button that brings it back).

use leptos::prelude::*;
use leptos_router::components::A;

/// "… not found": why it may be missing and a link to the list.
#[component]
pub fn RecordMissing(
    title: &'static str,
    text: &'static str,
    /// The list's path and its link text ("All projects").
    back: &'static str,
    back_label: &'static str,
) -> impl IntoView {
    view! {
        <super::PageHeader title=Signal::stored(title.to_string()) />
        <div class="empty-state">
            <p class="empty-state__text">{text}</p>
            <A href=crate::pwa::href(back) attr:class="btn btn--primary">{back_label}</A>
        </div>
    }
}

/// The record's name and a banner saying it is in the trash, with its restore button.
#[component]
pub fn RecordInTrash(
    name: String,
    text: &'static str,
    restore_label: &'static str,
    #[prop(into)] on_restore: Callback<()>,
) -> impl IntoView {
    view! {
        <super::PageHeader title=Signal::stored(name) />
        <div class="banner banner--warning" role="status">
            <span class="banner__text">{text}</span>
            <span class="banner__actions">
                <button type="button" class="btn btn--small" on:click=move |_| on_restore.run(())>{restore_label}</button>
            </span>
        </div>
    }
}
