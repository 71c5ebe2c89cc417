//! `/data`: export (everything or a project, plain or encrypted), import (file, drop or paste;
//! preview; merge or replace), automatic backups and restore, storage health, the trash, and
//! "delete all my data".

use crate::components::backups::{BackupsPanel, DeleteAllPanel};
use crate::components::data_exchange::{ExportPanel, ImportPanel};
use crate::components::storage_health::StorageHealth;
use crate::components::{ConfirmDialog, EmptyState, ErrorNote, ListSkeleton};
use crate::platform::format_datetime;
use crate::state::{service, use_app, ToastKind};
use baton_core::rules::TRASH_RETENTION_DAYS;
use leptos::prelude::*;

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
    let empty_trash = move || {
        leptos::task::spawn_local(async move {
            match service().purge_trash(true).await {
                Ok(count) => state.toast(ToastKind::Success, format!("Trash emptied: {count} deleted for good")),
                Err(error) => state.report(&error),
            }
        });
    };
    view! {
        <super::PageHeader title=Signal::stored("Data".to_string()) />
        <ExportPanel />
        <ImportPanel />
        <BackupsPanel />
        <StorageHealth />
        <section class="section" aria-labelledby="trash-title">
            <div class="row">
                <h2 class="section__title" id="trash-title">"Trash"</h2>
                <span class="spacer"></span>
                <Show when=move || matches!(trash.get(), Some(Ok(items)) if !items.is_empty())>
                    <button type="button" class="btn btn--danger btn--small" on:click=move |_| confirming.set(true)>"Empty trash"</button>
                </Show>
            </div>
            <p class="muted">{format!("Deleted projects, accounts, sessions, checkpoints, handoffs and knowledge stay here for {TRASH_RETENTION_DAYS} days, then are deleted for good.")}</p>
            {move || match trash.get() {
                None => view! { <ListSkeleton rows=2 /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! {
                    <EmptyState title="The trash is empty" text="Anything you delete comes here first, so it can be restored.".to_string() />
                }.into_any(),
                Some(Ok(items)) => view! {
                    <ul class="list" aria-label="Trash">
                        {items.into_iter().map(|item| {
                            let id = item.id;
                            let kind = item.record_type;
                            let label = format!("Restore {}", item.name);
                            let restore = move |_| {
                                leptos::task::spawn_local(async move {
                                    let result = service().restore_from_trash(kind, id).await;
                                    match result {
                                        Ok(name) => state.toast(ToastKind::Success, format!("“{name}” restored")),
                                        Err(error) => state.report(&error),
                                    }
                                });
                            };
                            view! {
                                <li class="list__item">
                                    <div class="stack">
                                        <span class="list__title">{item.name.clone()}</span>
                                        <span class="list__meta">{format!("{} · deleted {}", kind.label(), format_datetime(item.deleted_at))}</span>
                                    </div>
                                    <div class="list__actions">
                                        <button type="button" class="btn btn--small" aria-label=label on:click=restore>"Restore"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
        <ConfirmDialog
            open=confirming
            title=Signal::stored("Empty the trash?".to_string())
            message=Signal::stored("Everything in the trash is deleted for good. This cannot be undone.".to_string())
            confirm_label="Delete for good"
            danger=true
            on_confirm=empty_trash
        />
        <DeleteAllPanel />
    }
}
