//! The import preview: merge or replace, what changes per record type, the file's records a
//! merge changes to fit, and a choice per conflict.
use crate::ui::{Field, FieldControl, Form};
use baton_core::exchange::{ConflictChoice, ImportMode};
use baton_core::service::exchange::import_backup_note;
use baton_core::Id;
use leptos::prelude::*;
use std::collections::BTreeMap;

use super::import::Loaded;

#[component]
pub(super) fn Preview(
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
                    <Field form=Form::new("import-conflicts") name="choice" label=format!("{} record(s) changed on both sides", conflicts.len()) control=move |control: FieldControl| view! {
                        <select id=control.id aria-describedby=control.described_by on:change=move |event| {
                            let chosen = match event_target_value(&event).as_str() { "mine" => ConflictChoice::KeepMine, "theirs" => ConflictChoice::TakeTheirs, _ => ConflictChoice::Newer };
                            default_choice.set(chosen);
                            replan();
                        }>
                            <option value="newer" selected=move || default_choice.get() == ConflictChoice::Newer>"For all: keep the newer version"</option>
                            <option value="mine" selected=move || default_choice.get() == ConflictChoice::KeepMine>"For all: keep mine"</option>
                            <option value="theirs" selected=move || default_choice.get() == ConflictChoice::TakeTheirs>"For all: take the file's"</option>
                        </select>
                    } />
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
pub(super) fn legacy_notes(report: &baton_core::legacy::LegacyReport) -> Vec<String> {
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
