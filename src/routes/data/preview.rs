//! The import preview: merge or replace, what changes per record type, the file's records a
//! merge changes to fit, and a choice per conflict.
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::platform::format_datetime;
use crate::ui::{Field, FieldControl, Form};
use baton_core::exchange::{ConflictChoice, ImportMode};
use baton_core::locale::format_integer;
use baton_core::service::exchange::import_backup_note;
use baton_core::Id;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
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
    let i18n = use_i18n();
    let plan = loaded.plan.clone();
    let set_mode = move |chosen: ImportMode| {
        mode.set(chosen);
        replan();
    };
    let choice_label = move |choice: ConflictChoice| match choice {
        ConflictChoice::Newer => t_string!(i18n, data.preview.keep_newer),
        ConflictChoice::KeepMine => t_string!(i18n, data.preview.keep_mine),
        ConflictChoice::TakeTheirs => t_string!(i18n, data.preview.take_theirs),
    };
    let choices = [ConflictChoice::Newer, ConflictChoice::KeepMine, ConflictChoice::TakeTheirs];
    view! {
        <div class="import__preview">
            <h3 class="section__subtitle">{t_string!(i18n, data.preview.title, source = &loaded.source).to_string()}</h3>
            {(!loaded.notes.is_empty()).then(|| view! {
                <ul class="list__meta" aria-label=t_string!(i18n, data.preview.notes_label)>
                    {loaded.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}
                </ul>
            })}
            <fieldset class="radio-group segmented">
                <legend>{t!(i18n, data.preview.how)}</legend>
                <label><input type="radio" name="import-mode" prop:checked=move || mode.get() == ImportMode::Merge on:change=move |_| set_mode(ImportMode::Merge) />" "{t!(i18n, data.preview.merge)}</label>
                <label><input type="radio" name="import-mode" prop:checked=move || mode.get() == ImportMode::Replace on:change=move |_| set_mode(ImportMode::Replace) />" "{t!(i18n, data.preview.replace)}</label>
            </fieldset>
            <table class="table" aria-label=t_string!(i18n, data.preview.table_label)>
                <thead><tr>
                    <th scope="col">{t!(i18n, data.preview.records)}</th>
                    <th scope="col">{t!(i18n, data.preview.added)}</th>
                    <th scope="col">{t!(i18n, data.preview.updated)}</th>
                    <th scope="col">{t!(i18n, data.preview.unchanged)}</th>
                    <th scope="col">{t!(i18n, data.preview.conflicts)}</th>
                    <th scope="col">{t!(i18n, data.preview.deleted)}</th>
                </tr></thead>
                <tbody>
                    {plan.per_store.iter().map(|(store, counts)| view! {
                        <tr>
                            <th scope="row">{store.as_str()}</th>
                            <td>{format_integer(counts.added as i64)}</td><td>{format_integer(counts.updated as i64)}</td><td>{format_integer(counts.unchanged as i64)}</td>
                            <td>{format_integer(counts.conflicts as i64)}</td><td>{format_integer(counts.deleted as i64)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!plan.changes_anything).then(|| view! { <p class="banner" role="status">{t!(i18n, data.preview.nothing)}</p> })}
            {(!plan.repairs.is_empty()).then(|| {
                let shown = 200;
                let more = plan.repairs.len().saturating_sub(shown);
                view! {
                    <p class="list__meta" id="import-repairs-title">{t_string!(i18n, data.preview.repairs, count = plan.repairs.len(), number = format_integer(plan.repairs.len() as i64)).to_string()}</p>
                    <ul class="list__meta" aria-labelledby="import-repairs-title">
                        {plan.repairs.iter().take(shown).map(|repair| view! { <li>{repair.message.clone()}</li> }).collect_view()}
                        {(more > 0).then(|| view! { <li>{t_string!(i18n, data.preview.more, number = format_integer(more as i64)).to_string()}</li> })}
                    </ul>
                }
            })}
            {(!plan.conflicts.is_empty()).then(|| {
                let conflicts = plan.conflicts.clone();
                view! {
                    <Field form=Form::new("import-conflicts") name="choice" label=t_string!(i18n, data.preview.conflicts_count, count = conflicts.len(), number = format_integer(conflicts.len() as i64)).to_string() control=move |control: FieldControl| view! {
                        <select id=control.id aria-describedby=control.described_by on:change=move |event| {
                            let chosen = match event_target_value(&event).as_str() { "mine" => ConflictChoice::KeepMine, "theirs" => ConflictChoice::TakeTheirs, _ => ConflictChoice::Newer };
                            default_choice.set(chosen);
                            replan();
                        }>
                            <option value="newer" selected=move || default_choice.get() == ConflictChoice::Newer>{t!(i18n, data.preview.all_newer)}</option>
                            <option value="mine" selected=move || default_choice.get() == ConflictChoice::KeepMine>{t!(i18n, data.preview.all_mine)}</option>
                            <option value="theirs" selected=move || default_choice.get() == ConflictChoice::TakeTheirs>{t!(i18n, data.preview.all_theirs)}</option>
                        </select>
                    } />
                    <ul class="list" aria-label=t_string!(i18n, data.preview.conflicts)>
                        {conflicts.into_iter().take(200).map(|conflict| {
                            let id = conflict.id;
                            let select_id = format!("conflict-{id}");
                            view! {
                                <li class="list__item">
                                    <div class="stack">
                                        <span class="list__title">{conflict.name.clone()}</span>
                                        <span class="list__meta">{t_string!(i18n, data.preview.conflict_meta, store = conflict.store.as_str(), mine = format_datetime(conflict.mine_updated_at), theirs = format_datetime(conflict.theirs_updated_at)).to_string()}</span>
                                    </div>
                                    <label class="visually-hidden" for=select_id.clone()>{t_string!(i18n, data.preview.choice_for, name = &conflict.name).to_string()}</label>
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
pub(super) fn legacy_notes(i18n: I18nContext<Locale>, report: &baton_core::legacy::LegacyReport) -> Vec<String> {
    let mut notes = Vec::new();
    if !report.not_imported.is_empty() {
        let tables: Vec<String> = report
            .not_imported
            .iter()
            .map(|(table, count)| format!("{table} ({})", format_integer(*count as i64)))
            .collect();
        notes.push(t_string!(i18n, data.preview.not_imported, tables = tables.join(", ")).to_string());
    }
    // The routine skips, told apart by the legacy reader's own wording.
    let routine = |line: &&String| line.contains("not needed") || line.contains("makes its own"); // not UI: matched in the core's report, not shown
    let (usual, unusual): (Vec<&String>, Vec<&String>) = report.skipped_statements.iter().partition(routine);
    if !usual.is_empty() {
        let number = format_integer(usual.len() as i64);
        notes.push(t_string!(i18n, data.preview.skipped_routine, count = usual.len(), number).to_string());
    }
    notes.extend(unusual.into_iter().map(|line| t_string!(i18n, data.preview.skipped, line).to_string()));
    notes.extend(report.dubious_rows.iter().cloned());
    notes.extend(
        report.counter_mismatches.iter().map(|line| t_string!(i18n, data.preview.recomputed, line).to_string()),
    );
    notes
}
