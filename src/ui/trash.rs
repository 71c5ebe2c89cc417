//! "Moved to the trash — Undo": every delete in Baton is a move to the trash whose toast offers
//! to bring the record back.

use crate::state::{use_app, ToastKind};
use baton_core::service::Error;
use std::future::Future;
use std::rc::Rc;

/// Runs `trash`; on success shows `trashed(&record)` with an Undo that runs `restore` and then
/// shows `restored(&record)`. Errors of either go to the toast.
pub fn trash_with_undo<T, R, RestoreFut>(
    trash: impl Future<Output = Result<T, Error>> + 'static,
    trashed: impl FnOnce(&T) -> String + 'static,
    restore: impl Fn() -> RestoreFut + 'static,
    restored: impl Fn(&R) -> String + 'static,
) where
    T: 'static,
    R: 'static,
    RestoreFut: Future<Output = Result<R, Error>> + 'static,
{
    let state = use_app();
    let undo_label = crate::i18n::t_string!(crate::i18n::use_i18n(), common.undo);
    let restore = Rc::new(restore);
    let restored = Rc::new(restored);
    leptos::task::spawn_local(async move {
        match trash.await {
            Ok(record) => {
                let undo: Rc<dyn Fn()> = Rc::new(move || {
                    let restoring = restore();
                    let restored = restored.clone();
                    leptos::task::spawn_local(async move {
                        match restoring.await {
                            Ok(record) => state.toast(ToastKind::Success, restored(&record)),
                            Err(error) => state.report(&error),
                        }
                    });
                });
                state.toast_with_action(ToastKind::Success, trashed(&record), undo_label, undo);
            }
            Err(error) => state.report(&error),
        }
    });
}
