//! The app's shared state: the domain service over IndexedDB, the change bus (one counter per
//! store that views track, plus listeners such as the search index), the database status, toasts.
//!
//! Every committed change reaches the bus once, by one of two doors: [`AppState::changed`] with
//! [`ChangeOrigin::ThisTab`] from the service's listener (installed in `app.rs`), or with
//! [`ChangeOrigin::OtherTab`] from the tab channel (`tabs::use_tab_sync`, the only subscriber of
//! that channel). Views and the search index listen to the bus, never to the channel.

use crate::storage::IdbStore;
use baton_core::records::StoreName;
use baton_core::service::Service;
use baton_core::store::ChangeSet;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

pub type BatonService = Service<IdbStore>;

thread_local! {
    static SERVICE: RefCell<Option<Rc<BatonService>>> = const { RefCell::new(None) };
}

/// The domain service. Only called after the database opened (the shell renders routes then).
pub fn service() -> Rc<BatonService> {
    SERVICE.with(|service| service.borrow().clone()).expect("the database is open before any route renders")
}

pub fn set_service(service: Rc<BatonService>) {
    SERVICE.with(|slot| *slot.borrow_mut() = Some(service));
}

#[derive(Clone, Debug, PartialEq)]
pub enum DbStatus {
    Opening,
    Ready,
    Failed(String),
    /// Another tab upgraded the database; this one must reload.
    UpdatedElsewhere,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub message: String,
    /// The label of the toast's button ("Undo"); its action is kept in `TOAST_ACTIONS`.
    pub action_label: Option<String>,
}

/// Where a change was committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeOrigin {
    ThisTab,
    OtherTab,
}

type ChangeListener = Rc<dyn Fn(&ChangeSet, ChangeOrigin)>;

thread_local! {
    /// Listeners of the change bus besides the views' counters (closures are not `Send`).
    static CHANGE_LISTENERS: RefCell<Vec<ChangeListener>> = const { RefCell::new(Vec::new()) };
}

thread_local! {
    /// Toast actions by toast id (closures over the page's state are not `Send`, signals need it).
    static TOAST_ACTIONS: RefCell<std::collections::HashMap<u64, Rc<dyn Fn()>>> = RefCell::new(Default::default());
}

/// Runs the action of a toast's button, once.
pub fn run_toast_action(id: u64) {
    let action = TOAST_ACTIONS.with(|actions| actions.borrow_mut().remove(&id));
    if let Some(action) = action {
        action();
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    versions: [RwSignal<u64>; StoreName::ALL.len()],
    pub db_status: RwSignal<DbStatus>,
    pub toasts: RwSignal<Vec<Toast>>,
    next_toast: StoredValue<u64>,
    /// The time, advanced every 30 s, so countdowns and "due" checks move without a reload.
    pub clock: RwSignal<baton_core::Timestamp>,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            versions: std::array::from_fn(|_| RwSignal::new(0)),
            db_status: RwSignal::new(DbStatus::Opening),
            toasts: RwSignal::new(Vec::new()),
            next_toast: StoredValue::new(0),
            clock: RwSignal::new(crate::platform::now()),
        }
    }

    fn position(store: StoreName) -> usize {
        StoreName::ALL.iter().position(|candidate| *candidate == store).expect("every store is listed")
    }

    /// Subscribes the calling reactive scope to changes of `store`.
    pub fn track(&self, store: StoreName) {
        self.versions[Self::position(store)].track();
    }

    /// How many changes of `store` this tab has seen (tracked, like [`Self::track`]): a key for
    /// values computed from the store and kept across page visits.
    pub fn version(&self, store: StoreName) -> u64 {
        self.versions[Self::position(store)].get()
    }

    /// As [`Self::version`], without subscribing the calling scope.
    pub fn version_untracked(&self, store: StoreName) -> u64 {
        self.versions[Self::position(store)].get_untracked()
    }

    /// Puts a committed change on the bus: views showing its stores re-read, listeners hear it,
    /// and a change of this tab is announced to the other tabs.
    pub fn changed(&self, change: &ChangeSet, origin: ChangeOrigin) {
        for store in &change.stores {
            self.versions[Self::position(*store)].update(|version| *version += 1);
        }
        let listeners = CHANGE_LISTENERS.with(|listeners| listeners.borrow().clone());
        for listener in listeners {
            listener(change, origin);
        }
        if origin == ChangeOrigin::ThisTab {
            crate::tabs::announce(change);
        }
    }

    /// Hears every change on the bus, for as long as the app runs (for app-wide services such as
    /// the search index; views track stores with [`Self::track`] instead).
    pub fn listen(&self, listener: impl Fn(&ChangeSet, ChangeOrigin) + 'static) {
        CHANGE_LISTENERS.with(|listeners| listeners.borrow_mut().push(Rc::new(listener)));
    }

    pub fn toast(&self, kind: ToastKind, message: impl Into<String>) {
        self.push_toast(kind, message.into(), None);
    }

    pub fn toast_with_action(&self, kind: ToastKind, message: impl Into<String>, label: &str, action: Rc<dyn Fn()>) {
        self.push_toast(kind, message.into(), Some((label.to_string(), action)));
    }

    fn push_toast(&self, kind: ToastKind, message: String, action: Option<(String, Rc<dyn Fn()>)>) {
        let id = self.next_toast.get_value();
        self.next_toast.set_value(id + 1);
        let action_label = action.map(|(label, run)| {
            TOAST_ACTIONS.with(|actions| actions.borrow_mut().insert(id, run));
            label
        });
        self.toasts.update(|toasts| {
            toasts.push(Toast { id, kind, message, action_label });
            // Keep the stack short; older outcomes are in the activity log.
            if toasts.len() > 4 {
                toasts.remove(0);
            }
        });
        let toasts = self.toasts;
        let timeout = if kind == ToastKind::Error { 12_000 } else { 6_000 };
        set_timeout(
            move || {
                toasts.update(|list| list.retain(|toast| toast.id != id));
                TOAST_ACTIONS.with(|actions| actions.borrow_mut().remove(&id));
            },
            std::time::Duration::from_millis(timeout),
        );
    }

    pub fn dismiss(&self, id: u64) {
        self.toasts.update(|toasts| toasts.retain(|toast| toast.id != id));
        TOAST_ACTIONS.with(|actions| actions.borrow_mut().remove(&id));
    }

    /// Reports a failed action as an error toast.
    pub fn report(&self, error: &baton_core::service::Error) {
        self.toast(ToastKind::Error, crate::i18n::errors::service_error(error));
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
