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
use crate::platform::now;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{ConfirmDialog, Field, FieldControl, Form, TextField, TextKind};
use baton_core::exchange::{self, ConflictChoice, Dataset, Detected, ImportMode, ImportPlan};
use baton_core::locale::format_number;
use baton_core::service::exchange::import_backup_note;
use baton_core::Id;
use leptos::prelude::*;
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

async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("The browser could not read “{}”.", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn size_text(bytes: f64) -> String {
    if bytes >= 1_048_576.0 {
        format!("{:.1} MB", bytes / 1_048_576.0)
    } else {
        format!("{} KB", (bytes / 1024.0).ceil())
    }
}

#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = use_app();
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
            stage.set(Stage::Working("Comparing with your data…".into()));
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
                Err(error) => fail(error.to_string()),
            }
        });
    };

    let take_bytes = move |source: String, bytes: Vec<u8>| {
        leptos::task::spawn_local(async move {
            stage.set(Stage::Working(format!("Checking {source}…")));
            crate::platform::yield_to_browser().await;
            match exchange::detect(&bytes) {
                Err(error) => fail(error.to_string()),
                Ok(Detected::Export(decoded)) => {
                    let mut notes = Vec::new();
                    if let Some(from) = decoded.migrated_from {
                        notes.push(format!("Made by an older Baton (format version {from}); brought up to date."));
                    }
                    plan(source, decoded.dataset, notes)
                }
                Ok(Detected::Encrypted(envelope)) => match exchange::check_envelope(&envelope) {
                    Ok(()) => {
                        passphrase.update(crate::crypto::wipe);
                        stage.set(Stage::Locked { envelope: Box::new(envelope), source });
                        crate::platform::focus_by_id("import-passphrase");
                    }
                    Err(error) => fail(error.to_string()),
                },
                Ok(Detected::LegacySql(text)) => match baton_core::legacy::import_legacy(&text, now()) {
                    Ok(legacy) => {
                        let mut notes: Vec<String> = legacy_notes(&legacy.report);
                        notes.insert(0, "An export of the original app (its SQL): mapped to Baton's records.".into());
                        plan(source, Dataset::from_records(legacy.records), notes)
                    }
                    Err(error) => fail(error.to_string()),
                },
            }
        });
    };

    let take_file = move |file: web_sys::File| {
        problem.set(None);
        let name = file.name();
        let size = file.size();
        if size > exchange::MAX_IMPORT_BYTES as f64 {
            fail(format!(
                "“{name}” is {}; Baton imports files up to {}. Split the data or export one project at a time.",
                size_text(size),
                size_text(exchange::MAX_IMPORT_BYTES as f64)
            ));
            return;
        }
        stage.set(Stage::Working(format!("Reading “{name}” ({})…", size_text(size))));
        leptos::task::spawn_local(async move {
            match read_file(&file).await {
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
            problem.set(Some("Paste the contents of an export file first.".into()));
            crate::platform::focus_by_id("import-paste");
            return;
        }
        take_bytes("the pasted text".into(), text.into_bytes());
    };
    let unlock = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Stage::Locked { envelope, source } = stage.get_untracked() else { return };
        // Moved out of the field (which empties); `decrypt_envelope` wipes it once the key is
        // derived. A wrong passphrase is typed again.
        let secret = passphrase.try_update(std::mem::take).unwrap_or_default();
        stage.set(Stage::Working("Decrypting…".into()));
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
        stage.set(Stage::Working(format!("Importing {} records in one transaction…", format_number(count as f64))));
        leptos::task::spawn_local(async move {
            crate::platform::yield_to_browser().await;
            let (chosen_mode, choice, choices) =
                (mode.get_untracked(), default_choice.get_untracked(), per_record.get_untracked());
            let label = source.clone();
            let progress = move |done: usize, total: usize| {
                stage.set(Stage::Working(format!(
                    "Writing {} of {} records in one transaction…",
                    format_number(done as f64),
                    format_number(total as f64)
                )));
            };
            let result = crate::tabs::with_exclusive_lock(move || async move {
                service().apply_import_reporting(&dataset, chosen_mode, choice, &choices, &label, &progress).await
            })
            .await;
            match result {
                Ok(Ok(outcome)) => {
                    let summary = outcome.summary();
                    let skipped = outcome.skipped_note(chosen_mode).map(|note| format!(". {note}")).unwrap_or_default();
                    stage.set(Stage::Done(format!("Imported {source}: {summary}{skipped}")));
                    state.toast(ToastKind::Success, format!("Import done: {summary}"));
                    if !skipped.is_empty() {
                        state.toast(ToastKind::Error, skipped.trim_start_matches(". ").to_string());
                    }
                }
                Ok(Err(error)) => fail(error.to_string()),
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
            <h2 class="section__title" id="import-title">"Import"</h2>
            <p class="muted">"A Baton export (plain or encrypted) or an export of the original app's database (its SQL file). Drop a file here, choose one, or paste its text. Nothing changes until you review the preview and apply it. The preview says whether a backup of your current data is taken first: it is whenever the import would overwrite or remove anything."</p>
            <div class="row">
                <label class="btn" for="import-file">
                    <Icon name=IconName::Upload />
                    " Choose a file"
                </label>
                <input id="import-file" class="visually-hidden" type="file" accept=".json,.sql,.txt,application/json" on:change=on_pick />
            </div>
            <TextField form=form name="pasted" label="Or paste the file's text".to_string() kind=TextKind::Multiline(4)
                value=pasted on_input=Callback::new(move |text| pasted.set(text)) />
            <button type="button" class="btn btn--small" on:click=read_pasted>"Read the pasted text"</button>
            {move || problem.get().map(|message| view! { <p class="banner banner--danger" role="alert">{message}</p> })}
            {move || match stage.get() {
                Stage::Idle => ().into_any(),
                Stage::Working(message) => view! {
                    <p class="list__meta" role="status"><progress aria-label="Import progress"></progress>{format!(" {message}")}</p>
                }.into_any(),
                Stage::Done(message) => view! { <p class="banner" role="status">{message}</p> }.into_any(),
                Stage::Locked { .. } => view! {
                    <form class="form" on:submit=unlock>
                        <Field form=form name="passphrase" label="Passphrase of the encrypted file".to_string() control=passphrase_input />
                        <div class="row">
                            <button type="button" class="btn" on:click=move |_| {
                                passphrase.update(crate::crypto::wipe);
                                problem.set(None);
                                stage.set(Stage::Idle);
                            }>"Cancel"</button>
                            <button type="submit" class="btn btn--primary">"Decrypt"</button>
                        </div>
                    </form>
                }.into_any(),
                Stage::Preview(loaded) => view! {
                    <Preview loaded=*loaded mode=mode default_choice=default_choice per_record=per_record replan=replan />
                    <div class="row">
                        <button type="button" class="btn" on:click=move |_| stage.set(Stage::Idle)>"Cancel"</button>
                        <button type="button" class="btn btn--primary" on:click=start_apply>"Apply import"</button>
                    </div>
                }.into_any(),
            }}
            <ConfirmDialog
                open=confirm_replace
                title=Signal::stored("Replace all your data?".to_string())
                message=Signal::derive(move || stage.with(|stage| match stage {
                    Stage::Preview(loaded) => format!("Everything in this browser becomes the file's data. {}", import_backup_note(&loaded.plan)),
                    _ => String::new(),
                }))
                confirm_label="Replace my data"
                danger=true
                on_confirm=apply
            />
        </section>
    }
}
