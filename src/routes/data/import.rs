//! Export and import on the Data page.
//!
//! Export: everything or one project (private fields only when ticked), optionally encrypted with
//! a passphrase, downloaded under the dated file names of the spec.
//!
//! Import: a file (picker or drop), or pasted text → size check → detect (Baton export, encrypted
//! export, the original app's SQL) → version and validation (every problem with its place) →
//! preview (added / updated / unchanged / conflicts / deleted per record type, the file's records a
//! merge changes to keep the rules; merge or replace;
//! conflict choices) → apply in one strict transaction under the exclusive lock, after an
//! automatic backup when the import overwrites or removes anything (the preview says which) →
//! report. A refused file changes nothing.

use crate::components::{Icon, IconName};
use crate::platform::{format_number, now};
use crate::state::{service, use_app, ToastKind};
use crate::ui::ConfirmDialog;
use baton_core::exchange::{self, ConflictChoice, Dataset, Detected, ImportMode, ImportPlan, Scope};
use baton_core::records::StoreName;
use baton_core::service::exchange::import_backup_note;
use baton_core::Id;
use leptos::prelude::*;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

// ----- export ---------------------------------------------------------------------------------

#[component]
pub fn ExportPanel(#[prop(optional)] project: Option<Id>) -> impl IntoView {
    let state = use_app();
    let scope_project = RwSignal::new(project.map(|id| id.to_string()).unwrap_or_default());
    let include_private = RwSignal::new(false);
    let encrypt = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let passphrase_again = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let working = RwSignal::new(None::<String>);
    // Leaving the page does not leave a typed passphrase behind.
    on_cleanup(move || {
        passphrase.try_update(crate::crypto::wipe);
        passphrase_again.try_update(crate::crypto::wipe);
    });
    let projects = LocalResource::new(move || {
        state.track(StoreName::Projects);
        async move {
            service()
                .projects(None, baton_core::service::ProjectSort::Name, "", 0, 10_000)
                .await
                .map(|page| page.items.into_iter().map(|project| (project.id, project.name)).collect::<Vec<_>>())
        }
    });
    let export = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if working.get_untracked().is_some() {
            return;
        }
        let scope = match Id::parse(&scope_project.get_untracked()) {
            Some(id) => Scope::Project(id),
            None => Scope::Full,
        };
        let private = include_private.get_untracked();
        if encrypt.get_untracked() {
            // Checked in place: no copy of the passphrase is made to compare it.
            if passphrase.with_untracked(|secret| secret.chars().count() < 8) {
                problem.set(Some("Choose a passphrase of at least 8 characters.".into()));
                crate::platform::focus_by_id("export-passphrase");
                return;
            }
            if !passphrase.with_untracked(|secret| passphrase_again.with_untracked(|again| secret == again)) {
                problem.set(Some("The two passphrases differ. Type the same passphrase twice.".into()));
                crate::platform::focus_by_id("export-passphrase-again");
                return;
            }
        }
        // The passphrase leaves the fields now (moved, not copied); `encrypt_document` wipes it
        // once the key is derived, and the repeated one is wiped here.
        let secret = encrypt.get_untracked().then(|| passphrase.try_update(std::mem::take).unwrap_or_default());
        passphrase_again.update(crate::crypto::wipe);
        problem.set(None);
        working.set(Some("Reading everything…".into()));
        leptos::task::spawn_local(async move {
            let service = service();
            let at = now();
            let result = async {
                let exported = service.export(scope.clone(), private, APP_VERSION).await.map_err(|e| e.to_string())?;
                // Records that cannot be read are left out, never a reason to refuse the export.
                let skipped = exported.skipped_note();
                let document = exported.text;
                let name = match &scope {
                    Scope::Full => exchange::backup_file_name(at),
                    Scope::Project(id) => {
                        let project = service.project(*id).await.map_err(|e| e.to_string())?;
                        exchange::project_file_name(&project.name, at)
                    }
                };
                let (text, name) = match secret {
                    Some(secret) => {
                        working.set(Some("Encrypting (this takes a moment by design)…".into()));
                        let sealed = crate::crypto::encrypt_document(&document, secret).await?;
                        (sealed, name.replace(".json", ".encrypted.json"))
                    }
                    None => (document, name),
                };
                crate::ui::download_text(&name, "application/json", &text)?;
                Ok::<_, String>((name, text.len(), skipped))
            }
            .await;
            working.set(None);
            match result {
                Ok((name, bytes, skipped)) => {
                    if matches!(scope, Scope::Full) {
                        let _ = crate::preferences::update(|preferences| {
                            preferences.last_backup_download = Some(at.to_text())
                        });
                    }
                    state.toast(
                        ToastKind::Success,
                        format!("Exported {name} ({} KB)", format_number((bytes / 1024) as f64)),
                    );
                    if let Some(skipped) = skipped {
                        state.toast(ToastKind::Error, skipped);
                    }
                }
                Err(message) => state.toast(ToastKind::Error, message),
            }
        });
    };
    view! {
        <section class="section card" aria-labelledby="export-title">
            <h2 class="section__title" id="export-title">"Export"</h2>
            <form class="form" on:submit=export>
                <div class="field">
                    <label class="field__label" for="export-scope">"What to export"</label>
                    <select id="export-scope" on:change=move |event| scope_project.set(event_target_value(&event))>
                        <option value="" selected=move || scope_project.get().is_empty()>"Everything"</option>
                        {move || projects.get().and_then(|result| result.ok()).unwrap_or_default().into_iter().map(|(id, name)| {
                            let value = id.to_string();
                            let selected = value.clone();
                            view! { <option value=value selected=move || scope_project.get() == selected>{format!("Project: {name}")}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field__hint">"A project export holds the project, its sessions, transcripts, checkpoints, handoffs, its knowledge and the accounts its sessions used — to share with someone who imports it."</p>
                </div>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || include_private.get() on:change=move |event| include_private.set(event_target_checked(&event)) />
                    " Include private fields (account e-mail and notes) in a project export"
                </label>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || encrypt.get() on:change=move |event| {
                        let on = event_target_checked(&event);
                        encrypt.set(on);
                        // Unticked: the passphrases typed so far are not kept.
                        if !on {
                            passphrase.update(crate::crypto::wipe);
                            passphrase_again.update(crate::crypto::wipe);
                        }
                    } />
                    " Encrypt with a passphrase"
                </label>
                {move || encrypt.get().then(|| view! {
                    <div class="field">
                        <label class="field__label" for="export-passphrase">"Passphrase"</label>
                        <input id="export-passphrase" type="password" autocomplete="new-password" prop:value=move || passphrase.get() on:input=move |event| replace_secret(passphrase, event_target_value(&event)) />
                    </div>
                    <div class="field">
                        <label class="field__label" for="export-passphrase-again">"Passphrase again"</label>
                        <input id="export-passphrase-again" type="password" autocomplete="new-password" prop:value=move || passphrase_again.get() on:input=move |event| replace_secret(passphrase_again, event_target_value(&event)) />
                        <p class="field__hint">"AES-256-GCM with a key derived by PBKDF2-SHA-256 (600,000 iterations). Without the passphrase the file cannot be read, by anyone."</p>
                    </div>
                })}
                {move || problem.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                {move || working.get().map(|message| view! { <p class="list__meta" role="status"><progress aria-label="Export progress"></progress>{format!(" {message}")}</p> })}
                <button type="submit" class="btn btn--primary" disabled=move || working.get().is_some()>
                    <Icon name=IconName::Download />
                    " Export"
                </button>
            </form>
        </section>
    }
}

// ----- import ---------------------------------------------------------------------------------

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
struct Loaded {
    source: String,
    dataset: Dataset,
    /// What the legacy reader reported (skipped statements, dubious rows).
    notes: Vec<String>,
    plan: ImportPlan,
}

async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("The browser could not read “{}”.", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Puts a newly typed passphrase in its signal, wiping the text it replaces (not just freeing it).
fn replace_secret(signal: RwSignal<String>, typed: String) {
    signal.update(|secret| {
        crate::crypto::wipe(secret);
        *secret = typed;
    });
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
            let progress: std::rc::Rc<dyn Fn(usize, usize)> = std::rc::Rc::new(move |done, total| {
                stage.set(Stage::Working(format!(
                    "Writing {} of {} records in one transaction…",
                    format_number(done as f64),
                    format_number(total as f64)
                )));
            });
            let _progress = crate::storage::listen_to_write_progress(progress);
            let result = crate::tabs::with_exclusive_lock(move || async move {
                service().apply_import(&dataset, chosen_mode, choice, &choices, &label).await
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
            <div class="field">
                <label class="field__label" for="import-paste">"Or paste the file's text"</label>
                <textarea id="import-paste" rows="4" prop:value=move || pasted.get() on:input=move |event| pasted.set(event_target_value(&event))></textarea>
                <button type="button" class="btn btn--small" on:click=read_pasted>"Read the pasted text"</button>
            </div>
            {move || problem.get().map(|message| view! { <p class="banner banner--danger" role="alert">{message}</p> })}
            {move || match stage.get() {
                Stage::Idle => ().into_any(),
                Stage::Working(message) => view! {
                    <p class="list__meta" role="status"><progress aria-label="Import progress"></progress>{format!(" {message}")}</p>
                }.into_any(),
                Stage::Done(message) => view! { <p class="banner" role="status">{message}</p> }.into_any(),
                Stage::Locked { .. } => view! {
                    <form class="form" on:submit=unlock>
                        <div class="field">
                            <label class="field__label" for="import-passphrase">"Passphrase of the encrypted file"</label>
                            <input id="import-passphrase" type="password" autocomplete="off" prop:value=move || passphrase.get() on:input=move |event| replace_secret(passphrase, event_target_value(&event)) />
                        </div>
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

#[component]
fn Preview(
    loaded: Loaded,
    mode: RwSignal<ImportMode>,
    default_choice: RwSignal<ConflictChoice>,
    per_record: RwSignal<BTreeMap<Id, ConflictChoice>>,
    replan: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let plan = loaded.plan.clone();
    let set_mode = move |chosen: ImportMode| {
        mode.set(chosen);
        replan();
    };
    let choice_label = |choice: ConflictChoice| match choice {
        ConflictChoice::Newer => "Keep the newer",
        ConflictChoice::KeepMine => "Keep mine",
        ConflictChoice::TakeTheirs => "Take the file's",
    };
    let choices = [ConflictChoice::Newer, ConflictChoice::KeepMine, ConflictChoice::TakeTheirs];
    view! {
        <div class="import__preview">
            <h3 class="section__subtitle">{format!("Preview of {}", loaded.source)}</h3>
            {(!loaded.notes.is_empty()).then(|| view! {
                <ul class="list__meta" aria-label="Notes on the file">
                    {loaded.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}
                </ul>
            })}
            <fieldset class="radio-group segmented">
                <legend>"How to import"</legend>
                <label><input type="radio" name="import-mode" prop:checked=move || mode.get() == ImportMode::Merge on:change=move |_| set_mode(ImportMode::Merge) />" Merge with my data"</label>
                <label><input type="radio" name="import-mode" prop:checked=move || mode.get() == ImportMode::Replace on:change=move |_| set_mode(ImportMode::Replace) />" Replace my data"</label>
            </fieldset>
            <table class="table" aria-label="What the import changes">
                <thead><tr><th scope="col">"Records"</th><th scope="col">"Added"</th><th scope="col">"Updated"</th><th scope="col">"Unchanged"</th><th scope="col">"Conflicts"</th><th scope="col">"Deleted"</th></tr></thead>
                <tbody>
                    {plan.per_store.iter().map(|(store, counts)| view! {
                        <tr>
                            <th scope="row">{store.as_str()}</th>
                            <td>{counts.added}</td><td>{counts.updated}</td><td>{counts.unchanged}</td><td>{counts.conflicts}</td><td>{counts.deleted}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!plan.changes_anything).then(|| view! { <p class="banner" role="status">"Nothing to change: your data already has everything in this file."</p> })}
            {(!plan.repairs.is_empty()).then(|| {
                let shown = 200;
                let more = plan.repairs.len().saturating_sub(shown);
                view! {
                    <p class="list__meta" id="import-repairs-title">{format!("{} record(s) of the file changed to fit your data:", plan.repairs.len())}</p>
                    <ul class="list__meta" aria-labelledby="import-repairs-title">
                        {plan.repairs.iter().take(shown).map(|repair| view! { <li>{repair.message.clone()}</li> }).collect_view()}
                        {(more > 0).then(|| view! { <li>{format!("and {more} more")}</li> })}
                    </ul>
                }
            })}
            {(!plan.conflicts.is_empty()).then(|| {
                let conflicts = plan.conflicts.clone();
                view! {
                    <div class="field">
                        <label class="field__label" for="import-conflict-choice">{format!("{} record(s) changed on both sides", conflicts.len())}</label>
                        <select id="import-conflict-choice" on:change=move |event| {
                            let chosen = match event_target_value(&event).as_str() { "mine" => ConflictChoice::KeepMine, "theirs" => ConflictChoice::TakeTheirs, _ => ConflictChoice::Newer };
                            default_choice.set(chosen);
                            replan();
                        }>
                            <option value="newer" selected=move || default_choice.get() == ConflictChoice::Newer>"For all: keep the newer version"</option>
                            <option value="mine" selected=move || default_choice.get() == ConflictChoice::KeepMine>"For all: keep mine"</option>
                            <option value="theirs" selected=move || default_choice.get() == ConflictChoice::TakeTheirs>"For all: take the file's"</option>
                        </select>
                    </div>
                    <ul class="list" aria-label="Conflicts">
                        {conflicts.into_iter().take(200).map(|conflict| {
                            let id = conflict.id;
                            let select_id = format!("conflict-{id}");
                            view! {
                                <li class="list__item">
                                    <div class="stack">
                                        <span class="list__title">{conflict.name.clone()}</span>
                                        <span class="list__meta">{format!("{} · mine changed {} · the file's changed {}", conflict.store.as_str(), conflict.mine_updated_at.to_text(), conflict.theirs_updated_at.to_text())}</span>
                                    </div>
                                    <label class="visually-hidden" for=select_id.clone()>{format!("Choice for {}", conflict.name)}</label>
                                    <select id=select_id on:change=move |event| {
                                        let chosen = match event_target_value(&event).as_str() { "mine" => ConflictChoice::KeepMine, "theirs" => ConflictChoice::TakeTheirs, _ => ConflictChoice::Newer };
                                        per_record.update(|choices| { choices.insert(id, chosen); });
                                        replan();
                                    }>
                                        {choices.into_iter().map(|choice| {
                                            let value = match choice { ConflictChoice::Newer => "newer", ConflictChoice::KeepMine => "mine", ConflictChoice::TakeTheirs => "theirs" };
                                            view! { <option value=value selected=move || per_record.get().get(&id).copied().unwrap_or(default_choice.get()) == choice>{choice_label(choice)}</option> }
                                        }).collect_view()}
                                    </select>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            <p class="list__meta" id="import-backup-note">{import_backup_note(&plan)}</p>
        </div>
    }
}

/// What the legacy reader reports, as lines for the preview: what was not imported (with counts),
/// skipped statements (the routine ones counted, the others listed), rows that broke the
/// original's rules, counters that disagreed with the rows.
fn legacy_notes(report: &baton_core::legacy::LegacyReport) -> Vec<String> {
    let mut notes = Vec::new();
    if !report.not_imported.is_empty() {
        let tables: Vec<String> =
            report.not_imported.iter().map(|(table, count)| format!("{table} ({count})")).collect();
        notes.push(format!("Not imported (Baton has no place for them): {}.", tables.join(", ")));
    }
    let routine = |line: &&String| line.contains("not needed") || line.contains("makes its own");
    let (usual, unusual): (Vec<&String>, Vec<&String>) = report.skipped_statements.iter().partition(routine);
    if !usual.is_empty() {
        notes.push(format!(
            "Skipped {} statements Baton does not need (indexes, transaction control, the database's own bookkeeping).",
            usual.len()
        ));
    }
    notes.extend(unusual.into_iter().map(|line| format!("Skipped: {line}")));
    notes.extend(report.dubious_rows.iter().cloned());
    notes.extend(report.counter_mismatches.iter().map(|line| format!("Recomputed from the sessions: {line}")));
    notes
}
