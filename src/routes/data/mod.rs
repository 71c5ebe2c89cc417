//! `/data`: export (everything or a project, plain or encrypted), import (file, drop or paste;
//! preview; merge or replace), automatic backups and restore, storage health, "remove the
//! sample data" (while any is stored), the trash, and "delete all my data".

mod backups;
mod export;
mod import;
mod preview;
mod storage_health;

use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::platform::format_datetime;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{async_view, use_action, ConfirmDialog, EmptyState};
use backups::{BackupsPanel, DeleteAllPanel};
use baton_core::locale::format_integer;
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
    crate::tabs::with_exclusive_lock(work)
        .await
        .unwrap_or_else(|detail| Err(Error::Rule(RuleError::LockRefused { detail })))
}

#[component]
pub fn Data() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
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
        move |count| {
            let number = format_integer(count as i64);
            state.toast(ToastKind::Success, t_string!(i18n, data.trash.emptied, number).to_string())
        },
    );
    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, data.title).to_string()) />
        <ExportPanel />
        <ImportPanel />
        <BackupsPanel />
        <StorageHealth />
        <SamplePanel />
        <section class="section" aria-labelledby="trash-title">
            <div class="row">
                <h2 class="section__title" id="trash-title">{t!(i18n, data.trash.title)}</h2>
                <span class="spacer"></span>
                <Show when=move || matches!(trash.get(), Some(Ok(items)) if !items.is_empty())>
                    <button type="button" class="btn btn--danger btn--small" on:click=move |_| confirming.set(true)>{t!(i18n, data.trash.empty_button)}</button>
                </Show>
            </div>
            <p class="muted">{t_string!(i18n, data.trash.retention, days = format_integer(TRASH_RETENTION_DAYS)).to_string()}</p>
            {async_view(trash, 2, move |items| match items {
                items if items.is_empty() => view! {
                    <EmptyState title=t_string!(i18n, data.trash.empty_title) text=t_string!(i18n, data.trash.empty_text).to_string() />
                }.into_any(),
                items => view! {
                    <ul class="list" aria-label=t_string!(i18n, data.trash.title)>
                        {items.into_iter().map(|item| {
                            let id = item.id;
                            let kind = item.record_type;
                            let label = t_string!(i18n, data.trash.restore_label, name = &item.name).to_string();
                            let restore = use_action(
                                move |()| async move { service().restore_from_trash(kind, id).await },
                                move |name| state.toast(ToastKind::Success, t_string!(i18n, data.trash.restored, name).to_string()),
                            );
                            view! {
                                <li class="list__item">
                                    <div class="stack">
                                        <span class="list__title">{item.name.clone()}</span>
                                        <span class="list__meta">{t_string!(i18n, data.trash.item_meta, kind = kind.label(), when = format_datetime(item.deleted_at)).to_string()}</span>
                                    </div>
                                    <div class="list__actions">
                                        <button type="button" class="btn btn--small" aria-label=label on:click=move |_| restore.dispatch(())>{t!(i18n, data.trash.restore)}</button>
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
            title=Signal::stored(t_string!(i18n, data.trash.confirm_title).to_string())
            message=Signal::stored(t_string!(i18n, data.trash.confirm_message).to_string())
            confirm_label=t_string!(i18n, data.trash.confirm_label)
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
    let i18n = use_i18n();
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
            let (count, number) = (removal.removed as i64, format_integer(removal.removed as i64));
            let message = if kept == 0 {
                t_string!(i18n, data.sample.removed, count, number).to_string()
            } else {
                let kept = format_integer(kept as i64);
                t_string!(i18n, data.sample.removed_kept, count, number, kept).to_string()
            };
            match removal.backup_id {
                Some(backup) => {
                    let undo: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
                        leptos::task::spawn_local(async move {
                            match locked(move || async move { service().restore_backup(backup).await }).await {
                                Ok(_) => state.toast(ToastKind::Success, t_string!(i18n, data.sample.back)),
                                Err(error) => state.report(&error),
                            }
                        });
                    });
                    state.toast_with_action(ToastKind::Success, message, t_string!(i18n, data.undo), undo);
                }
                None => state.toast(ToastKind::Success, message),
            }
        },
    );
    view! {
        <Show when=move || matches!(present.get(), Some(Ok(true)))>
            <section class="section" aria-labelledby="sample-title">
                <h2 class="section__title" id="sample-title">{t!(i18n, data.sample.title)}</h2>
                <p class="muted">{t!(i18n, data.sample.about)}</p>
                <button type="button" class="btn btn--danger" on:click=move |_| ask.dispatch(()) disabled=move || remove.pending.get()>{t!(i18n, data.sample.remove)}</button>
            </section>
        </Show>
        <ConfirmDialog
            open=confirming
            title=Signal::stored(t_string!(i18n, data.sample.confirm_title).to_string())
            message=Signal::derive(move || preview.with(|plan| plan.as_ref().map(|plan| plan.describe()).unwrap_or_default()))
            confirm_label=t_string!(i18n, data.sample.remove)
            danger=true
            on_confirm=move || remove.dispatch(())
        />
    }
}
