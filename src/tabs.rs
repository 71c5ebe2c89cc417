//! Tabs: every committed change is announced on a BroadcastChannel so that open views in other
//! tabs re-read; a `versionchange` closes this tab's connection and asks for a reload; an
//! exclusive Web Lock serialises imports, restores and migrations across tabs.

use crate::state::{AppState, ChangeOrigin, DbStatus};
use baton_core::store::ChangeSet;
use codee::string::JsonSerdeCodec;
use leptos::prelude::*;
use leptos_use_broadcast_channel::{use_broadcast_channel, UseBroadcastChannelReturn};
use leptos_use_web_lock::{use_web_lock_with_options, UseWebLockOptions};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

pub const CHANNEL: &str = "baton-changes";
pub const EXCLUSIVE_LOCK: &str = "baton-exclusive";

type Post = Rc<dyn Fn(&ChangeSet)>;

thread_local! {
    static POST: RefCell<Option<Post>> = const { RefCell::new(None) };
}

/// Joins the tabs' channel, the only subscriber in this tab: other tabs' changes go on this tab's
/// change bus. Call once, in the app's root component.
pub fn use_tab_sync(state: AppState) {
    let UseBroadcastChannelReturn { message, post, .. } = use_broadcast_channel::<ChangeSet, JsonSerdeCodec>(CHANNEL);
    POST.with(|slot| *slot.borrow_mut() = Some(Rc::new(move |change: &ChangeSet| post(change))));
    Effect::new(move |_| {
        if let Some(change) = message.get() {
            state.changed(&change, ChangeOrigin::OtherTab);
        }
    });
}

/// Announces a committed change to the other tabs (called by the change bus for this tab's changes).
pub fn announce(change: &ChangeSet) {
    POST.with(|slot| {
        if let Some(post) = slot.borrow().as_ref() {
            post(change);
        }
    });
}

/// Closes the connection when another tab upgrades the database, so that tab is never blocked,
/// and shows "updated in another tab — reload".
pub fn watch_version_change(store: &crate::storage::IdbStore, state: AppState) {
    let connection = store.clone();
    store.on_version_change(move || {
        connection.close();
        state.db_status.set(DbStatus::UpdatedElsewhere);
    });
}

/// Runs `work` while holding the exclusive lock shared by every Baton tab (imports, restores,
/// migrations). Another tab asking for it waits until `work` ends.
pub async fn with_exclusive_lock<F, R>(work: impl FnOnce() -> F + 'static) -> Result<R, String>
where
    F: Future<Output = R>,
    R: 'static,
{
    use_web_lock_with_options(EXCLUSIVE_LOCK, move |_lock| work(), UseWebLockOptions::default()).await.map_err(
        |error| {
            crate::i18n::td_string!(crate::platform::locale(), components.lock_failed, error = error.to_string())
                .to_string()
        },
    )
}
