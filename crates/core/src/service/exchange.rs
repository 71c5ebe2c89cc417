//! Export, import, automatic backups and "delete all my data" as service actions.
//!
//! Every action that overwrites or removes data is one transaction with strict durability that
//! first stores a backup of what it replaces, so nothing is lost: the import's plan is made again
//! inside the transaction from what is stored at that moment, and either all of it commits or
//! nothing does. Only the last [`BACKUPS_KEPT`] backups are kept.

use super::*;
use crate::exchange::{
    self, encode, plan_import, project_subset, validate_dataset_for, ConflictChoice, Dataset, DecodeError, ExportMeta,
    ImportMode, ImportPlan, Problem, Repair, Scope, StoreCounts, EXPORTED_STORES,
};
use crate::store::{unreadable_summary, Fetched, Unreadable};
use chrono::Duration;
use std::collections::BTreeMap;

/// How many automatic backups are kept.
pub const BACKUPS_KEPT: usize = 10;
/// Days between scheduled backups.
pub const BACKUP_INTERVAL_DAYS: i64 = 7;
/// The version written in backups' export documents.
const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What an import or a restore did.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOutcome {
    pub per_store: BTreeMap<StoreName, StoreCounts>,
    /// How many records were in conflict (resolved as asked).
    pub conflicts: usize,
    /// The file's records changed so that the merged data keeps the rules.
    pub repairs: Vec<Repair>,
    /// Whether anything was written (importing the same file twice writes nothing).
    pub changed: bool,
    /// The backup stored first, when the action overwrote or removed data.
    pub backup_id: Option<Id>,
    /// Stored records that could not be read: left out of the backup and of the plan; a Replace
    /// (and a restore) deleted them with everything else, a Merge left them where they were.
    pub skipped: Vec<Unreadable>,
}

impl ImportOutcome {
    fn of(plan: &ImportPlan, backup_id: Option<Id>, skipped: Vec<Unreadable>) -> ImportOutcome {
        ImportOutcome {
            per_store: plan.per_store.clone(),
            conflicts: plan.conflicts.len(),
            repairs: plan.repairs.clone(),
            changed: plan.changes_anything,
            backup_id,
            skipped,
        }
    }

    /// What became of the unreadable records, for the result message (None when there were none).
    pub fn skipped_note(&self, mode: ImportMode) -> Option<String> {
        let what = match mode {
            ImportMode::Replace => "were deleted (they are not in the automatic backup)",
            ImportMode::Merge => "were left as they are",
        };
        unreadable_summary(&self.skipped, what)
    }

    /// All stores together.
    pub fn totals(&self) -> StoreCounts {
        StoreCounts::total(self.per_store.values())
    }

    /// "12 added, 3 updated, 40 unchanged".
    pub fn summary(&self) -> String {
        self.totals().summary()
    }
}

/// A backup without its document, for the list on the Data page.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupSummary {
    pub id: Id,
    pub at: Timestamp,
    pub reason: BackupReason,
    pub counts: BTreeMap<String, u64>,
    /// The document's size in bytes (what a download weighs).
    pub bytes: u64,
}

impl BackupSummary {
    fn of(backup: &Backup) -> BackupSummary {
        BackupSummary {
            id: backup.id,
            at: backup.at,
            reason: backup.reason,
            counts: backup.counts.clone(),
            bytes: backup.bytes,
        }
    }
}

/// Whether the weekly backup is due: never made, or made [`BACKUP_INTERVAL_DAYS`] days ago or more.
pub fn backup_due(now: Timestamp, last_scheduled: Option<Timestamp>) -> bool {
    last_scheduled.is_none_or(|last| now >= last.plus(Duration::days(BACKUP_INTERVAL_DAYS)))
}

/// What an import will do about a backup, in the words the preview and the confirmation show:
/// [`Service::apply_import`] stores one exactly when the plan overwrites or removes something.
pub fn import_backup_note(plan: &ImportPlan) -> &'static str {
    if !plan.changes_anything {
        "Nothing changes, so no backup is needed."
    } else if plan.overwrites_or_deletes {
        "A backup of your current data is taken first; you can restore it from the backups below."
    } else {
        "Records are only added: nothing you have is overwritten or removed, so no backup is taken."
    }
}

/// What "delete all my data" did.
#[derive(Clone, Debug, PartialEq)]
pub struct DeletedAll {
    /// The backup of everything that could be read, taken first.
    pub backup_id: Id,
    /// Stored records that could not be read: deleted with the rest, not in the backup.
    pub skipped: Vec<Unreadable>,
}

impl DeletedAll {
    /// What became of the unreadable records (None when there were none).
    pub fn skipped_note(&self) -> Option<String> {
        unreadable_summary(&self.skipped, "were deleted too (they are not in the backup)")
    }
}

/// An export file's text, and the stored records it leaves out because they cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    pub text: String,
    pub skipped: Vec<Unreadable>,
}

impl Exported {
    /// "2 stored records could not be read and are not in the file: …" (None when none were).
    pub fn skipped_note(&self) -> Option<String> {
        unreadable_summary(&self.skipped, "are not in the file")
    }
}

/// One read of every exported store (trashed records included). Records that cannot be read are
/// skipped and reported: every action that reads everything (export, import, restore, delete
/// all) must still work when one stored record is bad.
pub(super) fn read_everything() -> Vec<Read> {
    EXPORTED_STORES.iter().map(|store| Read::Salvage(Query::all(*store))).collect()
}

/// The writes that delete the unreadable records (for actions that replace every store).
fn delete_unreadable(skipped: &[Unreadable]) -> impl Iterator<Item = Write> + '_ {
    skipped.iter().map(Unreadable::delete)
}

/// The dataset held by the first `EXPORTED_STORES.len()` fetches.
pub(super) fn dataset_of(fetched: &mut Fetches) -> Dataset {
    let records = fetched
        .0
        .iter_mut()
        .take(EXPORTED_STORES.len())
        .flat_map(|result| match std::mem::replace(result, Fetched::Count(0)) {
            Fetched::Records(records) | Fetched::Salvaged { records, .. } => records,
            Fetched::Record(record) => record.into_iter().collect(),
            Fetched::Count(_) | Fetched::Values(_) => Vec::new(),
        })
        .collect();
    Dataset::from_records(records)
}

fn invalid(problems: Vec<Problem>) -> Error {
    Error::Import(DecodeError::Invalid(problems))
}

/// Problems of `incoming` imported over what is stored (`stored`) in `mode` (a Replace resolves
/// references in the file alone).
fn import_problems_against(incoming: &Dataset, stored: &Dataset, mode: ImportMode) -> Vec<Problem> {
    let ids = stored.ids();
    validate_dataset_for(incoming, mode, &|store, id| ids.get(&store).is_some_and(|set| set.contains(&id)))
}

/// The reads that find how many backups there are and the oldest ones, to trim to
/// [`BACKUPS_KEPT`] once one more is added. `existing` is the count seen before the transaction;
/// the transaction counts again and trims by what it finds.
pub(super) fn backup_trim_reads(existing: u64) -> Vec<Read> {
    let oldest = (existing + 1).saturating_sub(BACKUPS_KEPT as u64).max(1) as u32;
    let by_at = Query::index(StoreName::Backups, ix::BY_AT, KeyRange::all());
    vec![Read::Count(by_at.clone()), Read::Query(by_at.page(0, oldest))]
}

/// Deletes of the oldest backups (and their documents) so that, with one more, [`BACKUPS_KEPT`]
/// remain.
pub(super) fn backup_trim_writes(count: u64, oldest: &[Id]) -> Vec<Write> {
    let excess = (count + 1).saturating_sub(BACKUPS_KEPT as u64) as usize;
    oldest
        .iter()
        .take(excess)
        .flat_map(|id| [StoreName::Backups, StoreName::BackupDocuments].map(|store| Write::Delete { store, id: *id }))
        .collect()
}

/// The ids of the backups a trim read found.
pub(super) fn backup_ids(fetched: &Fetches, position: usize) -> Vec<Id> {
    match fetched.0.get(position) {
        Some(Fetched::Records(records)) => records.iter().map(AnyRecord::id).collect(),
        _ => Vec::new(),
    }
}

/// A backup of `dataset`: its summary record and its document record, under one id.
fn backup_records(id: Id, now: Timestamp, reason: BackupReason, dataset: &Dataset) -> (Backup, BackupDocument) {
    let meta = ExportMeta { app_version: APP_VERSION.to_string(), exported_at: now, scope: Scope::Full };
    let document = encode(dataset, &meta);
    let backup = Backup {
        id,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        rev: 1,
        at: now,
        reason,
        counts: dataset.counts(),
        bytes: document.len() as u64,
    };
    (backup, BackupDocument { id, created_at: now, updated_at: now, deleted_at: None, rev: 1, document })
}

/// The writes that store a backup.
pub(super) fn backup_writes(id: Id, now: Timestamp, reason: BackupReason, dataset: &Dataset) -> Vec<Write> {
    let (backup, document) = backup_records(id, now, reason, dataset);
    vec![Write::put(backup), Write::put(document)]
}

impl<S: Store> Service<S> {
    /// Every record of every exported store, trashed ones included, in one read (records that
    /// cannot be read are left out; see [`Service::export_dataset_salvaged`]).
    pub async fn export_dataset(&self) -> Result<Dataset> {
        Ok(self.export_dataset_salvaged().await?.0)
    }

    /// Every readable record of every exported store, and the stored records that cannot be read.
    pub async fn export_dataset_salvaged(&self) -> Result<(Dataset, Vec<Unreadable>)> {
        let mut fetched = self.store.read(read_everything()).await?;
        let skipped = fetched.unreadable();
        Ok((dataset_of(&mut fetched), skipped))
    }

    /// The export file's text: everything, or one project to share (account e-mail and notes
    /// left out unless `include_private`).
    pub async fn export_document(&self, scope: Scope, include_private: bool, app_version: &str) -> Result<String> {
        Ok(self.export(scope, include_private, app_version).await?.text)
    }

    /// The export file's text with the stored records it had to leave out (they cannot be read).
    pub async fn export(&self, scope: Scope, include_private: bool, app_version: &str) -> Result<Exported> {
        let (all, skipped) = self.export_dataset_salvaged().await?;
        let dataset = match &scope {
            Scope::Full => all,
            Scope::Project(id) => {
                project_subset(&all, *id, include_private).ok_or(Error::NotFound(RecordType::Project))?
            }
        };
        let meta = ExportMeta { app_version: app_version.to_string(), exported_at: self.now(), scope };
        Ok(Exported { text: encode(&dataset, &meta), skipped })
    }

    /// Every problem of `incoming` once references are checked against what is stored (merging)
    /// or against the file alone (replacing).
    pub async fn import_problems(&self, incoming: &Dataset, mode: ImportMode) -> Result<Vec<Problem>> {
        let stored = self.export_dataset().await?;
        Ok(import_problems_against(incoming, &stored, mode))
    }

    /// What importing `incoming` would do (nothing is written). A file whose records do not fit
    /// (a reference to nothing, a duplicate id…) is refused with every problem listed.
    pub async fn preview_import(
        &self,
        incoming: &Dataset,
        mode: ImportMode,
        default_choice: ConflictChoice,
        per_record: &BTreeMap<Id, ConflictChoice>,
    ) -> Result<ImportPlan> {
        let stored = self.export_dataset().await?;
        let problems = import_problems_against(incoming, &stored, mode);
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        Ok(plan_import(&stored, incoming, mode, default_choice, per_record))
    }

    /// Imports `incoming` in one strict transaction: plans again over what is stored, stores a
    /// backup first when the plan overwrites or removes anything, writes the plan and an activity
    /// event. Writes nothing when the plan changes nothing.
    pub async fn apply_import(
        &self,
        incoming: &Dataset,
        mode: ImportMode,
        default_choice: ConflictChoice,
        per_record: &BTreeMap<Id, ConflictChoice>,
        source_label: &str,
    ) -> Result<ImportOutcome> {
        self.apply_import_reporting(incoming, mode, default_choice, per_record, source_label, &|_, _| {}).await
    }

    /// As [`Self::apply_import`], telling `progress` how far the writes have gone (the import's
    /// progress bar).
    pub async fn apply_import_reporting(
        &self,
        incoming: &Dataset,
        mode: ImportMode,
        default_choice: ConflictChoice,
        per_record: &BTreeMap<Id, ConflictChoice>,
        source_label: &str,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome> {
        let now = self.now();
        let backup_id = self.new_id();
        let event_id = self.new_id();
        let backups = self.store.count(Query::all(StoreName::Backups)).await?;
        let mut reads = read_everything();
        reads.extend(backup_trim_reads(backups));
        let trim_at = EXPORTED_STORES.len();
        let source = source_label.trim().to_string();
        self.commit_reporting(reads, &StoreName::ALL, Durability::Strict, progress, move |mut fetched| {
            let skipped = fetched.unreadable();
            let stored = dataset_of(&mut fetched);
            let problems = import_problems_against(incoming, &stored, mode);
            if !problems.is_empty() {
                return Err(invalid(problems));
            }
            let plan = plan_import(&stored, incoming, mode, default_choice, per_record);
            // A Replace removes what it does not bring, the records that cannot be read included.
            let replaces_unreadable = mode == ImportMode::Replace && !skipped.is_empty();
            if !plan.changes_anything && !replaces_unreadable {
                return Ok((Vec::new(), ImportOutcome::of(&plan, None, skipped)));
            }
            let mut writes = Vec::with_capacity(plan.writes.len() + skipped.len() + 3);
            let mut kept_backup = None;
            if plan.overwrites_or_deletes || replaces_unreadable {
                writes.extend(backup_writes(backup_id, now, BackupReason::BeforeImport, &stored));
                writes.extend(backup_trim_writes(fetched.count(trim_at), &backup_ids(&fetched, trim_at + 1)));
                kept_backup = Some(backup_id);
            }
            if mode == ImportMode::Replace {
                writes.extend(delete_unreadable(&skipped));
            }
            let mut outcome = ImportOutcome::of(&plan, kept_backup, skipped);
            outcome.changed = true;
            let from = if source.is_empty() { String::new() } else { format!(" from {source}") };
            let verb = if mode == ImportMode::Replace { "Replaced all data" } else { "Imported" };
            writes.extend(plan.writes);
            writes.push(Write::put(event_record(
                event_id,
                now,
                EventKind::Imported,
                RecordType::Data,
                None,
                format!("{verb}{from}: {}{}", summary_of(&outcome.per_store), repairs_of(&outcome.repairs)),
            )));
            Ok((writes, outcome))
        })
        .await
    }

    /// Stores a backup of everything now. Returns its summary: the document is already on its
    /// way to storage, and a copy of it (as large as an export) is not wanted.
    pub async fn create_backup(&self, reason: BackupReason) -> Result<BackupSummary> {
        let now = self.now();
        let backup_id = self.new_id();
        let backups = self.store.count(Query::all(StoreName::Backups)).await?;
        let mut reads = read_everything();
        reads.extend(backup_trim_reads(backups));
        let trim_at = EXPORTED_STORES.len();
        self.commit(reads, &[StoreName::Backups, StoreName::BackupDocuments], Durability::Strict, move |mut fetched| {
            let stored = dataset_of(&mut fetched);
            let (backup, document) = backup_records(backup_id, now, reason, &stored);
            drop(stored);
            let summary = BackupSummary::of(&backup);
            let mut writes = vec![Write::put(backup), Write::put(document)];
            writes.extend(backup_trim_writes(fetched.count(trim_at), &backup_ids(&fetched, trim_at + 1)));
            Ok((writes, summary))
        })
        .await
    }

    /// The stored backups, newest first. Reads their summaries only (documents are kept apart).
    pub async fn list_backups(&self) -> Result<Vec<BackupSummary>> {
        let query = Query::index(StoreName::Backups, ix::BY_AT, KeyRange::all()).reverse();
        let backups: Vec<Backup> = self.store.query(query).await?;
        Ok(backups.iter().map(BackupSummary::of).collect())
    }

    /// One backup with its document (to download).
    pub async fn get_backup(&self, id: Id) -> Result<(Backup, String)> {
        let mut fetched = self.store.read(vec![Read::get::<Backup>(id), Read::get::<BackupDocument>(id)]).await?;
        let backup = fetched.record::<Backup>(0);
        match (backup, fetched.0.pop()) {
            (Some(backup), Some(Fetched::Record(Some(AnyRecord::BackupDocument(document))))) => {
                Ok((backup, document.document))
            }
            _ => Err(Error::NotFound(RecordType::Backup)),
        }
    }

    /// Replaces everything with the backup's data, after backing up the current data (so the
    /// restore can be undone), in one strict transaction.
    pub async fn restore_backup(&self, id: Id) -> Result<ImportOutcome> {
        let now = self.now();
        let backup_id = self.new_id();
        let event_id = self.new_id();
        let backups = self.store.count(Query::all(StoreName::Backups)).await?;
        let mut reads = read_everything();
        reads.extend(backup_trim_reads(backups));
        reads.push(Read::get::<Backup>(id));
        reads.push(Read::get::<BackupDocument>(id));
        let trim_at = EXPORTED_STORES.len();
        self.commit(reads, &StoreName::ALL, Durability::Strict, move |mut fetched| {
            let chosen: Backup = fetched.record(trim_at + 2).ok_or(Error::NotFound(RecordType::Backup))?;
            let Some(Fetched::Record(Some(AnyRecord::BackupDocument(document)))) = fetched.0.pop() else {
                return Err(Error::NotFound(RecordType::Backup));
            };
            let decoded = exchange::decode(document.document.as_bytes()).map_err(Error::Backup)?;
            drop(document);
            let skipped = fetched.unreadable();
            let stored = dataset_of(&mut fetched);
            let plan = plan_import(
                &stored,
                &decoded.dataset,
                ImportMode::Replace,
                ConflictChoice::TakeTheirs,
                &BTreeMap::new(),
            );
            let mut writes = backup_writes(backup_id, now, BackupReason::BeforeRestore, &stored);
            // The backup being restored is never trimmed away by its own restore.
            let oldest: Vec<Id> =
                backup_ids(&fetched, trim_at + 1).into_iter().filter(|backup| *backup != id).collect();
            writes.extend(backup_trim_writes(fetched.count(trim_at), &oldest));
            writes.extend(delete_unreadable(&skipped));
            let outcome = ImportOutcome::of(&plan, Some(backup_id), skipped);
            writes.extend(plan.writes);
            writes.push(Write::put(event_record(
                event_id,
                now,
                EventKind::Restored,
                RecordType::Backup,
                Some(id),
                format!("Restored the backup of {}: {}", chosen.at, summary_of(&outcome.per_store)),
            )));
            Ok((writes, outcome))
        })
        .await
    }

    /// Backs everything up, then empties every store but the backups (records that cannot be read
    /// are left out of the backup and cleared with the rest).
    pub async fn delete_all_data(&self) -> Result<DeletedAll> {
        let now = self.now();
        let backup_id = self.new_id();
        let backups = self.store.count(Query::all(StoreName::Backups)).await?;
        let mut reads = read_everything();
        reads.extend(backup_trim_reads(backups));
        let trim_at = EXPORTED_STORES.len();
        self.commit(reads, &StoreName::ALL, Durability::Strict, move |mut fetched| {
            let skipped = fetched.unreadable();
            let stored = dataset_of(&mut fetched);
            let mut writes = backup_writes(backup_id, now, BackupReason::BeforeDeleteAll, &stored);
            writes.extend(backup_trim_writes(fetched.count(trim_at), &backup_ids(&fetched, trim_at + 1)));
            writes.extend(EXPORTED_STORES.iter().map(|store| Write::Clear(*store)));
            Ok((writes, DeletedAll { backup_id, skipped }))
        })
        .await
    }
}

/// "; 2 records repaired (…)" for the activity log, or nothing.
fn repairs_of(repairs: &[Repair]) -> String {
    match repairs {
        [] => String::new(),
        [one] => format!("; 1 record repaired: {}", one.message),
        many => format!("; {} records repaired (session numbers or account names already in use)", many.len()),
    }
}

/// "3 projects added, 12 sessions updated, …" for the activity log.
fn summary_of(per_store: &BTreeMap<StoreName, StoreCounts>) -> String {
    let mut parts = Vec::new();
    for (store, counts) in per_store {
        for (count, what) in [(counts.added, "added"), (counts.updated, "updated"), (counts.deleted, "deleted")] {
            if count > 0 {
                parts.push(format!("{count} {store} {what}"));
            }
        }
    }
    if parts.is_empty() {
        "no change".to_string()
    } else {
        parts.join(", ")
    }
}
