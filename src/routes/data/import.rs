//! Import on the Data page: a file (picker or drop), or pasted text → size check → detect (Baton export, encrypted
//! export, the original app's SQL) → version and validation (every problem with its place) →
//! preview (added / updated / unchanged / conflicts / deleted per record type, the file's records a
//! merge changes to keep the rules; merge or replace;
//! conflict choices) → apply in one strict transaction under the exclusive lock, after an
//! automatic backup when the import overwrites or removes anything (the preview says which) →
//! report. A refused file changes nothing.

use super::export::replace_secret;
use super::preview::{legacy_notes, Preview};
use crate::components::{Icon, IconName};
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::platform::now;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{ConfirmDialog, Field, FieldControl, Form, TextField, TextKind};
use baton_core::exchange::{self, ConflictChoice, Dataset, Detected, ImportMode, ImportPlan};
use baton_core::locale::{format_integer, format_number};
use baton_core::service::exchange::import_backup_note;
use baton_core::Id;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

/// Where the import stands.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Idle,
    Working(String),
    /// An encrypted file: the passphrase is asked for.
    Locked {
        envelope: Box<exchange::EncryptedEnvelope>,
        source: String,
    },
    Preview(Box<Loaded>),
    Done(String),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Loaded {
    pub(super) source: String,
    dataset: Dataset,
    /// What the legacy reader reported (skipped statements, dubious rows).
    pub(super) notes: Vec<String>,
    pub(super) plan: ImportPlan,
}

async fn read_file(i18n: I18nContext<Locale>, file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| t_string!(i18n, data.import.read_failed, name = file.name()).to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A file size in the interface language's number format ("1.5 MB", "1,5 MB").
fn size_text(bytes: f64) -> String {
    if bytes >= 1_048_576.0 {
        format!("{} MB", format_number((bytes / 1_048_576.0 * 10.0).round() / 10.0))
    } else {
        format!("{} KB", format_number((bytes / 1024.0).ceil()))
    }
}

#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let stage = RwSignal::new(Stage::Idle);
    let problem = RwSignal::new(None::<String>);
    let pasted = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    on_cleanup(move || {
        passphrase.try_update(crate::crypto::wipe);
    });
    let mode = RwSignal::new(ImportMode::Merge);
    let default_choice = RwSignal::new(ConflictChoice::Newer);
    let per_record = RwSignal::new(BTreeMap::<Id, ConflictChoice>::new());
    let confirm_replace = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let form = Form::new("import");
    let passphrase_input = move |control: FieldControl| {
        view! {
            <input id=control.id type="password" autocomplete="off" prop:value=move || passphrase.get()
                on:input=move |event| replace_secret(passphrase, event_target_value(&event)) aria-describedby=control.described_by />
        }
    };

    let fail = move |message: String| {
        stage.set(Stage::Idle);
        problem.set(Some(message));
    };

    // Plans the import of a dataset against what is stored now.
    let plan = move |source: String, dataset: Dataset, notes: Vec<String>| {
        leptos::task::spawn_local(async move {
            stage.set(Stage::Working(t_string!(i18n, data.import.comparing).into()));
            crate::platform::yield_to_browser().await;
            let result = service()
                .preview_import(
                    &dataset,
                    mode.get_untracked(),
                    default_choice.get_untracked(),
                    &per_record.get_untracked(),
                )
                .await;
            match result {
                Ok(plan) => stage.set(Stage::Preview(Box::new(Loaded { source, dataset, notes, plan }))),
                Err(error) => fail(crate::i18n::errors::service_error(&error)),
            }
        });
    };

    let take_bytes = move |source: String, bytes: Vec<u8>| {
        leptos::task::spawn_local(async move {
            stage.set(Stage::Working(t_string!(i18n, data.import.checking, source = &source).to_string()));
            crate::platform::yield_to_browser().await;
            match exchange::detect(&bytes) {
                Err(error) => fail(crate::i18n::errors::decode_error(&error)),
                Ok(Detected::Export(decoded)) => {
                    let mut notes = Vec::new();
                    if let Some(from) = decoded.migrated_from {
                        notes.push(t_string!(i18n, data.import.migrated, version = from).to_string());
                    }
                    plan(source, decoded.dataset, notes)
                }
                Ok(Detected::Encrypted(envelope)) => match exchange::check_envelope(&envelope) {
                    Ok(()) => {
                        passphrase.update(crate::crypto::wipe);
                        stage.set(Stage::Locked { envelope: Box::new(envelope), source });
                        crate::platform::focus_by_id("import-passphrase");
                    }
                    Err(error) => fail(crate::i18n::errors::decode_error(&error)),
                },
                Ok(Detected::LegacySql(text)) => match baton_core::legacy::import_legacy(&text, now()) {
                    Ok(legacy) => {
                        let mut notes: Vec<String> = legacy_notes(i18n, &legacy.report);
                        notes.insert(0, t_string!(i18n, data.import.legacy).into());
                        plan(source, Dataset::from_records(legacy.records), notes)
                    }
                    Err(error) => fail(crate::i18n::errors::legacy_error(&error)),
                },
            }
        });
    };

    let take_file = move |file: web_sys::File| {
        problem.set(None);
        let name = file.name();
        let size = file.size();
        if size > exchange::MAX_IMPORT_BYTES as f64 {
            let limit = size_text(exchange::MAX_IMPORT_BYTES as f64);
            fail(t_string!(i18n, data.import.too_big, name = &name, size = size_text(size), limit).to_string());
            return;
        }
        stage.set(Stage::Working(
            t_string!(i18n, data.import.reading, name = &name, size = size_text(size)).to_string(),
        ));
        leptos::task::spawn_local(async move {
            match read_file(i18n, &file).await {
                Ok(bytes) => take_bytes(format!("“{name}”"), bytes),
                Err(message) => fail(message),
            }
        });
    };

    let on_pick = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event.target().unwrap().unchecked_into();
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            take_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(file) = event.data_transfer().and_then(|transfer| transfer.files()).and_then(|files| files.get(0)) {
            take_file(file);
        }
    };
    let read_pasted = move |_| {
        problem.set(None);
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            problem.set(Some(t_string!(i18n, data.import.paste_first).into()));
            crate::platform::focus_by_id("import-paste");
            return;
        }
        take_bytes(t_string!(i18n, data.import.pasted_source).into(), text.into_bytes());
    };
    let unlock = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Stage::Locked { envelope, source } = stage.get_untracked() else { return };
        // Moved out of the field (which empties); `decrypt_envelope` wipes it once the key is
        // derived. A wrong passphrase is typed again.
        let secret = passphrase.try_update(std::mem::take).unwrap_or_default();
        stage.set(Stage::Working(t_string!(i18n, data.import.decrypting).into()));
        leptos::task::spawn_local(async move {
            match crate::crypto::decrypt_envelope(&envelope, secret).await {
                Ok(document) => take_bytes(source, document.into_bytes()),
                Err(crate::crypto::DecryptError::WrongPassphrase) => {
                    problem.set(Some(crate::crypto::DecryptError::WrongPassphrase.to_string()));
                    stage.set(Stage::Locked { envelope, source });
                    crate::platform::focus_by_id("import-passphrase");
                }
                Err(error) => fail(error.to_string()),
            }
        });
    };
    let replan = move || {
        if let Stage::Preview(loaded) = stage.get_untracked() {
            plan(loaded.source, loaded.dataset, loaded.notes);
        }
    };
    let apply = move || {
        let Stage::Preview(loaded) = stage.get_untracked() else { return };
        let Loaded { source, dataset, .. } = *loaded;
        let count = dataset.len();
        stage.set(Stage::Working(
            t_string!(i18n, data.import.importing, count, number = format_integer(count as i64)).to_string(),
        ));
        leptos::task::spawn_local(async move {
            crate::platform::yield_to_browser().await;
            let (chosen_mode, choice, choices) =
                (mode.get_untracked(), default_choice.get_untracked(), per_record.get_untracked());
            let label = source.clone();
            let progress = move |done: usize, total: usize| {
                let (done, count) = (format_integer(done as i64), total);
                let total = format_integer(total as i64);
                stage.set(Stage::Working(t_string!(i18n, data.import.writing, count, done, total).to_string()));
            };
            let result = crate::tabs::with_exclusive_lock(move || async move {
                service().apply_import_reporting(&dataset, chosen_mode, choice, &choices, &label, &progress).await
            })
            .await;
            match result {
                Ok(Ok(outcome)) => {
                    let summary = outcome.summary();
                    let skipped = outcome.skipped_note(chosen_mode);
                    let done = match &skipped {
                        Some(skipped) => {
                            t_string!(i18n, data.import.imported_skipped, source, summary = &summary, skipped)
                                .to_string()
                        }
                        None => t_string!(i18n, data.import.imported, source, summary = &summary).to_string(),
                    };
                    stage.set(Stage::Done(done));
                    state.toast(ToastKind::Success, t_string!(i18n, data.import.done, summary).to_string());
                    if let Some(skipped) = skipped {
                        state.toast(ToastKind::Error, skipped);
                    }
                }
                Ok(Err(error)) => fail(crate::i18n::errors::service_error(&error)),
                Err(message) => fail(message),
            }
        });
    };
    let start_apply = move |_| {
        if mode.get_untracked() == ImportMode::Replace {
            confirm_replace.set(true);
        } else {
            apply();
        }
    };

    view! {
        <section
            class="section card import"
            class:import--dragging=move || dragging.get()
            aria-labelledby="import-title"
            on:dragover=move |event: leptos::ev::DragEvent| { event.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <h2 class="section__title" id="import-title">{t!(i18n, data.import.title)}</h2>
            <p class="muted">{t!(i18n, data.import.about)}</p>
            <div class="row">
                <label class="btn" for="import-file">
                    <Icon name=IconName::Upload />
                    " "
                    {t!(i18n, data.import.choose_file)}
                </label>
                <input id="import-file" class="visually-hidden" type="file" accept=".json,.sql,.txt,application/json" on:change=on_pick />
            </div>
            <TextField form=form name="pasted" label=t_string!(i18n, data.import.paste_label).to_string() kind=TextKind::Multiline(4)
                value=pasted on_input=Callback::new(move |text| pasted.set(text)) />
            <button type="button" class="btn btn--small" on:click=read_pasted>{t!(i18n, data.import.read_pasted)}</button>
            {move || problem.get().map(|message| view! { <p class="banner banner--danger" role="alert">{message}</p> })}
            {move || match stage.get() {
                Stage::Idle => ().into_any(),
                Stage::Working(message) => view! {
                    <p class="list__meta" role="status"><progress aria-label=t_string!(i18n, data.import.progress)></progress>{format!(" {message}")}</p>
                }.into_any(),
                Stage::Done(message) => view! { <p class="banner" role="status">{message}</p> }.into_any(),
                Stage::Locked { .. } => view! {
                    <form class="form" on:submit=unlock>
                        <Field form=form name="passphrase" label=t_string!(i18n, data.import.passphrase_label).to_string() control=passphrase_input />
                        <div class="row">
                            <button type="button" class="btn" on:click=move |_| {
                                passphrase.update(crate::crypto::wipe);
                                problem.set(None);
                                stage.set(Stage::Idle);
                            }>{t!(i18n, common.cancel)}</button>
                            <button type="submit" class="btn btn--primary">{t!(i18n, data.import.decrypt)}</button>
                        </div>
                    </form>
                }.into_any(),
                Stage::Preview(loaded) => view! {
                    <Preview loaded=*loaded mode=mode default_choice=default_choice per_record=per_record replan=replan />
                    <div class="row">
                        <button type="button" class="btn" on:click=move |_| stage.set(Stage::Idle)>{t!(i18n, common.cancel)}</button>
                        <button type="button" class="btn btn--primary" on:click=start_apply>{t!(i18n, data.import.apply)}</button>
                    </div>
                }.into_any(),
            }}
            <ConfirmDialog
                open=confirm_replace
                title=Signal::stored(t_string!(i18n, data.import.replace_title).to_string())
                message=Signal::derive(move || stage.with(|stage| match stage {
                    Stage::Preview(loaded) => t_string!(i18n, data.import.replace_message, note = import_backup_note(&loaded.plan)).to_string(),
                    _ => String::new(),
                }))
                confirm_label=t_string!(i18n, data.import.replace_confirm)
                danger=true
                on_confirm=apply
            />
        </section>
    }
}
