//! The two pages of a record's route that are not the record itself: the record is not in this
//! browser, or it is in the trash (with the button that brings it back).

use baton_core::records::StoreName;
use baton_core::service::Error;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;
use std::future::Future;

/// The record of the route's `:id` (its id and its read), read again when `store` changes:
/// `Ok(None)` when the address holds no id or this browser has no such record.
#[allow(clippy::type_complexity)]
pub fn use_record<T, Fut>(
    store: StoreName,
    read: impl Fn(Id) -> Fut + Send + Sync + 'static,
) -> (Memo<Option<Id>>, LocalResource<Result<Option<T>, Error>>)
where
    T: Clone + 'static,
    Fut: Future<Output = Result<T, Error>> + 'static,
{
    let state = crate::state::use_app();
    let id = super::use_id_param();
    let record = LocalResource::new(move || {
        state.track(store);
        let read = id.get().map(&read);
        async move {
            match read {
                Some(read) => match read.await {
                    Err(Error::NotFound(_)) => Ok(None),
                    found => found.map(Some),
                },
                None => Ok(None),
            }
        }
    });
    super::mark_ready_when(record);
    (id, record)
}

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

/// The record's name and a banner saying it is in the trash, with its restore button: `restore`
/// brings it back and the toast says `restored(record)`.
pub fn record_in_trash<R, Fut>(
    name: String,
    text: &'static str,
    restore_label: &'static str,
    restore: impl Fn() -> Fut + 'static,
    restored: impl Fn(R) -> String + 'static,
) -> impl IntoView
where
    R: 'static,
    Fut: Future<Output = Result<R, Error>> + 'static,
{
    let state = crate::state::use_app();
    let action = crate::ui::use_action(
        move |()| restore(),
        move |record| state.toast(crate::state::ToastKind::Success, restored(record)),
    );
    view! {
        <super::PageHeader title=Signal::stored(name) />
        <div class="banner banner--warning" role="status">
            <span class="banner__text">{text}</span>
            <span class="banner__actions">
                <button type="button" class="btn btn--small" on:click=move |_| action.dispatch(())>{restore_label}</button>
            </span>
        </div>
    }
}
