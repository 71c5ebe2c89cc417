//! `/data`: export (everything or a project, plain or encrypted), import (file, drop or paste;
//! preview; merge or replace), automatic backups and restore, storage health, "remove the
//! sample data" (while any is stored), the trash, and "delete all my data".

mod backups;
mod export;
mod import;
mod preview;
mod storage_health;

use crate::i18n::core_text::Label;
use crate::platform::format_datetime;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{async_view, use_action, ConfirmDialog, EmptyState};
use backups::{BackupsPanel, DeleteAllPanel};
use baton_core::rules::{RuleError, TRASH_RETENTION_DAYS};
use baton_core::service::Error;
use export::ExportPanel;
use import::ImportPanel;
use leptos::prelude::*;
use std::future::Future;
use storage_health::StorageHealth;

/// Runs `work` under the exclusive lock of every Baton tab (restores, imports, deletions), a
/// refused lock said like any other failure.
pub(super) async fn locked<T: 'static, F>(work: impl FnOnce() -> F + 'static) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>>,
{
    crate::tabs::with_exclusive_lock(work).await.unwrap_or_else(|message| Err(Error::Rule(RuleError(message))))
}

#[component]
pub fn Data() -> impl IntoView {
    let state = use_app();
    let confirming = RwSignal::new(false);
    let trash = LocalResource::new(move || {
        for store in baton_core::service::TRASHABLE {
            state.track(store);
        }
        async move { service().trash().await }
    });
    super::mark_ready_when(trash);
    let empty_trash = use_action(
        move |()| async move { service().purge_trash(true).await },
        move |count| state.toast(ToastKind::Success, format!("Trash emptied: {count} deleted for good")),
    );
    view! {
        <super::PageHeader title=Signal::stored("Data".to_string()) />
        <ExportPanel />
        <ImportPanel />
        <BackupsPanel />
        <StorageHealth />
        <SamplePanel />
        <section class="section" aria-labelledby="trash-title">
            <div class="row">
                <h2 class="section__title" id="trash-title">"Trash"</h2>
                <span class="spacer"></span>
                <Show when=move || matches!(trash.get(), Some(Ok(items)) if !items.is_empty())>
                    <button type="button" class="btn btn--danger btn--small" on:click=move |_| confirming.set(true)>"Empty trash"</button>
                </Show>
            </div>
            <p class="muted">{format!("Deleted projects, accounts, sessions, checkpoints, handoffs and knowledge stay here for {TRASH_RETENTION_DAYS} days, then are deleted for good.")}</p>
            {async_view(trash, 2, move |items| match items {
                items if items.is_empty() => view! {
                    <EmptyState title="The trash is empty" text="Anything you delete comes here first, so it can be restored.".to_string() />
                }.into_any(),
                items => view! {
                    <ul class="list" aria-label="Trash">
                        {items.into_iter().map(|item| {
                            let id = item.id;
                            let kind = item.record_type;
                            let label = format!("Restore {}", item.name);
                            let restore = use_action(
                                move |()| async move { service().restore_from_trash(kind, id).await },
                                move |name| state.toast(ToastKind::Success, format!("“{name}” restored")),
                            );
                            view! {
                                <li class="list__item">
                                    <div class="stack">
                                        <span class="list__title">{item.name.clone()}</span>
                                        <span class="list__meta">{format!("{} · deleted {}", kind.label(), format_datetime(item.deleted_at))}</span>
                                    </div>
                                    <div class="list__actions">
                                        <button type="button" class="btn btn--small" aria-label=label on:click=move |_| restore.dispatch(())>"Restore"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </section>
        <ConfirmDialog
            open=confirming
            title=Signal::stored("Empty the trash?".to_string())
            message=Signal::stored("Everything in the trash is deleted for good. This cannot be undone.".to_string())
            confirm_label="Delete for good"
            danger=true
            on_confirm=move || empty_trash.dispatch(())
        />
        <DeleteAllPanel />
    }
}

/// "Remove the sample data", shown only while a record of the sample is stored. The confirmation
/// says what goes and what stays (sample records the user changed, or that their records use);
/// the toast's Undo restores the backup taken first.
#[component]
fn SamplePanel() -> impl IntoView {
    let state = use_app();
    let confirming = RwSignal::new(false);
    let present = LocalResource::new(move || {
        for store in baton_core::exchange::EXPORTED_STORES {
            state.track(*store);
        }
        async move { service().has_sample_data().await }
    });
    let preview = RwSignal::new(None::<baton_core::service::SampleRemoval>);
    let ask = use_action(
        move |()| async move { service().preview_sample_removal().await },
        move |plan| {
            preview.set(Some(plan));
            confirming.set(true);
        },
    );
    // The Undo is written out (not `trash_with_undo`): there is one only when a backup was taken.
    let remove = use_action(
        move |()| locked(move || async move { service().remove_sample_data().await }),
        move |removal: baton_core::service::SampleRemoval| {
            let kept = removal.kept_edited + removal.kept_referenced;
            let message = if kept == 0 {
                format!("Sample data removed ({} records)", removal.removed)
            } else {
                format!("Sample data removed ({} records; {kept} kept that you changed or use)", removal.removed)
            };
            match removal.backup_id {
                Some(backup) => {
                    let undo: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
                        leptos::task::spawn_local(async move {
                            match locked(move || async move { service().restore_backup(backup).await }).await {
                                Ok(_) => state.toast(ToastKind::Success, "Sample data back"),
                                Err(error) => state.report(&error),
                            }
                        });
                    });
                    state.toast_with_action(ToastKind::Success, message, "Undo", undo);
                }
                None => state.toast(ToastKind::Success, message),
            }
        },
    );
    view! {
        <Show when=move || matches!(present.get(), Some(Ok(true)))>
            <section class="section" aria-labelledby="sample-title">
                <h2 class="section__title" id="sample-title">"Sample data"</h2>
                <p class="muted">"The sample loaded with “Try Baton with sample data” is still here. Removing it takes out exactly what it added; sample records you changed, or that your own records use, stay."</p>
                <button type="button" class="btn btn--danger" on:click=move |_| ask.dispatch(()) disabled=move || remove.pending.get()>"Remove the sample data"</button>
            </section>
        </Show>
        <ConfirmDialog
            open=confirming
            title=Signal::stored("Remove the sample data?".to_string())
            message=Signal::derive(move || preview.with(|plan| plan.as_ref().map(|plan| plan.describe()).unwrap_or_default()))
            confirm_label="Remove the sample data"
            danger=true
            on_confirm=move || remove.dispatch(())
        />
    }
}
