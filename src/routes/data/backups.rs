//! Automatic backups on the Data page (the last 10, kept inside IndexedDB): back up now, download,
//! restore (itself backed up first); and "delete all my data" with a typed confirmation and a
//! backup offered first.

use super::locked;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::platform::{format_datetime, format_relative, now};
use crate::state::AppState;
use crate::state::{service, use_app, ToastKind};
use crate::ui::FormFooter;
use crate::ui::{async_view, use_action, ConfirmDialog, Dialog, Field, FieldControl, Form};
use baton_core::locale::{format_integer, format_number};
use baton_core::records::{BackupReason, StoreName};
use baton_core::Id;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// Offers a full backup as a file, and remembers when (for the "download a backup" nudges).
fn save_backup_file(state: AppState, i18n: I18nContext<Locale>, name: &str, document: &str) {
    match crate::ui::download_text(name, "application/json", document) {
        Ok(()) => {
            let _ = crate::preferences::update(|preferences| preferences.last_backup_download = Some(now().to_text()));
            state.toast(ToastKind::Success, t_string!(i18n, data.backups.downloaded, name).to_string());
        }
        Err(message) => state.toast(ToastKind::Error, message),
    }
}

#[component]
pub fn BackupsPanel() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let restoring = RwSignal::new(None::<Id>);
    let confirm_restore = RwSignal::new(false);
    let backups = LocalResource::new(move || {
        state.track(StoreName::Backups);
        async move { service().list_backups().await }
    });
    let back_up = use_action(
        move |()| async move { service().create_backup(BackupReason::Manual).await },
        move |_| state.toast(ToastKind::Success, t_string!(i18n, data.backups.stored)),
    );
    let restore = use_action(
        move |id: Id| locked(move || async move { service().restore_backup(id).await }),
        move |outcome| {
            state.toast(ToastKind::Success, t_string!(i18n, data.backups.restored));
            if let Some(skipped) = outcome.skipped_note(baton_core::exchange::ImportMode::Replace) {
                state.toast(ToastKind::Error, skipped);
            }
        },
    );
    let download = use_action(
        move |id: Id| async move { service().get_backup(id).await },
        move |(backup, document)| {
            save_backup_file(state, i18n, &baton_core::exchange::backup_file_name(backup.at), &document)
        },
    );
    Effect::new(move |_| {
        if restoring.get().is_some() {
            confirm_restore.set(true);
        }
    });
    let last_download = move || {
        let preferences = crate::preferences::load();
        match preferences.last_backup_download.and_then(|text| baton_core::Timestamp::parse(&text)) {
            Some(at) => {
                t_string!(i18n, data.backups.last_download, when = format_relative(at, state.clock.get())).to_string()
            }
            None => t_string!(i18n, data.backups.never_downloaded).to_string(),
        }
    };
    view! {
        <section class="section card" aria-labelledby="backups-title">
            <div class="row">
                <h2 class="section__title" id="backups-title">{t!(i18n, data.backups.title)}</h2>
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" on:click=move |_| back_up.dispatch(())
                    disabled=move || back_up.pending.get() || restore.pending.get()>{t!(i18n, data.backups.back_up_now)}</button>
            </div>
            <p class="muted">{t!(i18n, data.backups.about)}</p>
            <p class="list__meta" id="backup-nudge">{last_download}</p>
            {async_view(backups, 2, move |list| match list {
                list if list.is_empty() => view! { <p class="muted">{t!(i18n, data.backups.none)}</p> }.into_any(),
                list => view! {
                    <ul class="list" aria-label=t_string!(i18n, data.backups.title)>
                        {list.into_iter().map(|backup| {
                            let id = backup.id;
                            let when = format_datetime(backup.at);
                            let total: u64 = backup.counts.values().sum();
                            view! {
                                <li class="list__item">
                                    <div class="stack">
                                        <span class="list__title">{format!("{} · {when}", backup.reason.label())}</span>
                                        <span class="list__meta">{t_string!(i18n, data.backups.item_meta, count = total, number = format_integer(total as i64), size = format_number((backup.bytes / 1024) as f64)).to_string()}</span>
                                    </div>
                                    <div class="list__actions">
                                        <button type="button" class="btn btn--small" aria-label=t_string!(i18n, data.backups.download_label, when = &when).to_string() on:click=move |_| download.dispatch(id)>{t!(i18n, data.backups.download)}</button>
                                        <button type="button" class="btn btn--small" aria-label=t_string!(i18n, data.backups.restore_label, when = &when).to_string() on:click=move |_| restoring.set(Some(id))>{t!(i18n, data.backups.restore)}</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
            <ConfirmDialog
                open=confirm_restore
                title=Signal::stored(t_string!(i18n, data.backups.confirm_title).to_string())
                message=Signal::stored(t_string!(i18n, data.backups.confirm_message).to_string())
                confirm_label=t_string!(i18n, data.backups.confirm_label)
                danger=true
                on_confirm=move || {
                    if let Some(id) = restoring.get_untracked() {
                        restore.dispatch(id);
                    }
                }
            />
        </section>
    }
}

#[component]
pub fn DeleteAllPanel() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    // The words to type before everything is deleted, in the interface language.
    let delete_phrase: &'static str = t_string!(i18n, data.delete_all.phrase);
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let form = Form::new("delete-all");
    let download_first = use_action(
        move |()| async move { service().export(baton_core::exchange::Scope::Full, true, env!("CARGO_PKG_VERSION")).await },
        move |exported| {
            if let Some(skipped) = exported.skipped_note() {
                state.toast(ToastKind::Error, skipped);
            }
            save_backup_file(state, i18n, &baton_core::exchange::backup_file_name(now()), &exported.text);
        },
    );
    let delete_all = use_action(
        move |()| locked(move || async move { service().delete_all_data().await }),
        move |deleted| {
            open.set(false);
            typed.set(String::new());
            state.toast(ToastKind::Success, t_string!(i18n, data.delete_all.done));
            if let Some(skipped) = deleted.skipped_note() {
                state.toast(ToastKind::Error, skipped);
            }
        },
    );
    let delete = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if typed.get_untracked().trim().to_lowercase() != delete_phrase {
            crate::platform::focus_by_id(&form.id("phrase"));
            return;
        }
        delete_all.dispatch(());
    };
    let phrase = move |control: FieldControl| {
        view! {
            <input id=control.id type="text" autocomplete="off" prop:value=move || typed.get()
                on:input=move |event| typed.set(event_target_value(&event)) aria-describedby=control.described_by />
        }
    };
    view! {
        <section class="section card" aria-labelledby="delete-all-title">
            <h2 class="section__title" id="delete-all-title">{t!(i18n, data.delete_all.title)}</h2>
            <p class="muted">{t!(i18n, data.delete_all.about)}</p>
            <button type="button" class="btn btn--danger" on:click=move |_| open.set(true)>{t!(i18n, data.delete_all.open)}</button>
            <Dialog open=open title=Signal::stored(t_string!(i18n, data.delete_all.dialog_title).to_string())>
                <form class="dialog__body form" on:submit=delete>
                    <p>{t!(i18n, data.delete_all.advice)}</p>
                    <button type="button" class="btn" on:click=move |_| download_first.dispatch(())>{t!(i18n, data.delete_all.download_first)}</button>
                    <Field form=form name="phrase" label=t_string!(i18n, data.delete_all.type_to_confirm, phrase = delete_phrase).to_string() control=phrase />
                    <FormFooter open=open submit=t_string!(i18n, data.delete_all.submit).to_string() danger=true
                        disabled=Signal::derive(move || delete_all.pending.get() || typed.get().trim().to_lowercase() != delete_phrase) />
                </form>
            </Dialog>
        </section>
    }
}
