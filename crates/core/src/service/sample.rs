//! "Remove the sample data": takes out exactly what "Try Baton with sample data" added, known by
//! the sample's ids (derived from fixed names, so they are the same whenever it was loaded).
//!
//! What the user made is never lost: a sample record the user changed (its revision moved past
//! the sample's) is kept, and so is every sample record that a kept record refers to — e.g. the
//! sample project of a session the user added, or the sample account of a credit change they
//! recorded — so nothing kept points at nothing. The sample's activity events go with it. One
//! strict transaction, after a backup of everything (restoring it undoes the removal).

use super::exchange::{backup_ids, backup_trim_reads, backup_trim_writes, backup_writes, dataset_of, read_everything};
use super::*;
use crate::exchange::{Dataset, EXPORTED_STORES};
use std::collections::{BTreeMap, BTreeSet};

/// What removing the sample would do, or did.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SampleRemoval {
    /// The sample records taken out (activity events included).
    pub removed: usize,
    /// Sample records kept because the user changed them.
    pub kept_edited: usize,
    /// Sample records kept because a record kept refers to them.
    pub kept_referenced: usize,
    /// The backup stored first (none for a preview, or when there was nothing to remove).
    pub backup_id: Option<Id>,
}

impl SampleRemoval {
    /// What the confirmation says will happen.
    pub fn describe(&self) -> String {
        let kept = self.kept_edited + self.kept_referenced;
        let mut text = format!(
            "Removes the {} sample record{} you have not changed, in one step. A backup of your current data is taken first, so you can undo.",
            self.removed,
            if self.removed == 1 { "" } else { "s" }
        );
        if kept > 0 {
            text.push_str(&format!(
                " {kept} sample record{} stay{}: {} you changed and {} that your own records use (such as a sample project you added a session to), so nothing of yours loses what it refers to.",
                if kept == 1 { "" } else { "s" },
                if kept == 1 { "s" } else { "" },
                self.kept_edited,
                self.kept_referenced
            ));
        } else {
            text.push_str(" Your own records are not touched.");
        }
        text
    }
}

/// The records a record points at (owning references and optional links alike).
fn references(record: &AnyRecord) -> Vec<Id> {
    let ids: Vec<Option<Id>> = match record {
        AnyRecord::Ledger(entry) => vec![Some(entry.account_id), entry.session_id],
        AnyRecord::Session(session) => {
            vec![Some(session.project_id), session.account_id, session.from_handoff_id, session.to_handoff_id]
        }
        AnyRecord::Turn(turn) => vec![Some(turn.session_id)],
        AnyRecord::Checkpoint(checkpoint) => vec![Some(checkpoint.project_id), checkpoint.session_id],
        AnyRecord::Handoff(handoff) => vec![
            Some(handoff.project_id),
            handoff.from_session_id,
            handoff.from_account_id,
            handoff.to_account_id,
            handoff.checkpoint_id,
            handoff.result_session_id,
        ],
        AnyRecord::Knowledge(entry) => vec![entry.project_id, entry.source_session_id],
        AnyRecord::Project(_)
        | AnyRecord::Account(_)
        | AnyRecord::Event(_)
        | AnyRecord::Backup(_)
        | AnyRecord::BackupDocument(_) => Vec::new(),
    };
    ids.into_iter().flatten().collect()
}

/// Each sample record's id with its store and revision as the sample writes it.
fn sample_ids(now: Timestamp) -> BTreeMap<Id, (StoreName, u64)> {
    crate::sample::sample_dataset(now)
        .iter()
        .map(|record| (record.id(), (record.store(), crate::with_any_record!(record, inner => inner.rev()))))
        .collect()
}

/// Decides what to remove from `stored`: the writes, and the counts.
fn plan_removal(stored: &Dataset, sample: &BTreeMap<Id, (StoreName, u64)>) -> (Vec<Write>, SampleRemoval) {
    let records = stored.clone().into_records();
    let is_sample = |record: &AnyRecord| sample.get(&record.id()).is_some_and(|(store, _)| *store == record.store());
    let by_id: BTreeMap<Id, &AnyRecord> = records.iter().map(|record| (record.id(), record)).collect();
    let mut edited = BTreeSet::new();
    let mut kept = BTreeSet::new();
    let mut todo: Vec<&AnyRecord> = Vec::new();
    for record in &records {
        if record.store() == StoreName::Events {
            continue;
        }
        if !is_sample(record) {
            todo.push(record);
        } else if crate::with_any_record!(record, inner => inner.rev()) > sample[&record.id()].1 {
            edited.insert(record.id());
            kept.insert(record.id());
            todo.push(record);
        }
    }
    // Everything a kept record refers to stays, transitively.
    while let Some(record) = todo.pop() {
        for id in references(record) {
            if let Some(target) = by_id.get(&id).filter(|target| is_sample(target)) {
                if kept.insert(id) {
                    todo.push(target);
                }
            }
        }
    }
    let writes: Vec<Write> = records
        .iter()
        .filter(|record| is_sample(record) && !kept.contains(&record.id()))
        .map(|record| Write::Delete { store: record.store(), id: record.id() })
        .collect();
    let removal = SampleRemoval {
        removed: writes.len(),
        kept_edited: edited.len(),
        kept_referenced: kept.len() - edited.len(),
        backup_id: None,
    };
    (writes, removal)
}

impl<S: Store> Service<S> {
    /// Whether any record of the sample is stored (the Data page offers the removal then).
    pub async fn has_sample_data(&self) -> Result<bool> {
        let reads = sample_ids(self.now()).into_iter().map(|(id, (store, _))| Read::Get { store, id }).collect();
        let fetched = self.store.read(reads).await?;
        Ok(fetched.0.iter().any(|result| matches!(result, crate::store::Fetched::Record(Some(_)))))
    }

    /// What [`Service::remove_sample_data`] would do now, without doing it.
    pub async fn preview_sample_removal(&self) -> Result<SampleRemoval> {
        let stored = self.export_dataset().await?;
        Ok(plan_removal(&stored, &sample_ids(self.now())).1)
    }

    /// Removes the sample records the user has not changed and nothing kept refers to, in one
    /// strict transaction after a backup of everything.
    pub async fn remove_sample_data(&self) -> Result<SampleRemoval> {
        let now = self.now();
        let backup_id = self.new_id();
        let event_id = self.new_id();
        let sample = sample_ids(now);
        let backups = self.store.count(Query::all(StoreName::Backups)).await?;
        let mut reads = read_everything();
        reads.extend(backup_trim_reads(backups));
        let trim_at = EXPORTED_STORES.len();
        self.commit(reads, &StoreName::ALL, Durability::Strict, move |mut fetched| {
            let stored = dataset_of(&mut fetched);
            let (removals, mut removal) = plan_removal(&stored, &sample);
            if removals.is_empty() {
                return Ok((Vec::new(), removal));
            }
            let mut writes = backup_writes(backup_id, now, BackupReason::BeforeRemovingSample, &stored);
            writes.extend(backup_trim_writes(fetched.count(trim_at), &backup_ids(&fetched, trim_at + 1)));
            writes.extend(removals);
            removal.backup_id = Some(backup_id);
            let kept = removal.kept_edited + removal.kept_referenced;
            writes.push(Write::put(event_record(
                event_id,
                now,
                EventKind::Deleted,
                RecordType::Data,
                None,
                format!("Removed the sample data ({} records; {kept} kept)", removal.removed),
            )));
            Ok((writes, removal))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{ConflictChoice, ImportMode};
    use crate::memory::MemoryStore;
    use crate::service::{CheckpointDraft, TestEnv};
    use crate::validate::ProjectDraft;
    use futures::executor::block_on;

    fn load_sample(service: &Service<MemoryStore>) -> Dataset {
        let dataset = Dataset::from_records(crate::sample::sample_dataset(service.now()));
        block_on(service.apply_import(
            &dataset,
            ImportMode::Merge,
            ConflictChoice::Newer,
            &Default::default(),
            "the sample data",
        ))
        .unwrap();
        dataset
    }

    fn without_events(mut data: Dataset) -> Dataset {
        data.events.clear();
        data
    }

    #[test]
    fn removes_exactly_the_sample_and_a_backup_restores_it() {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        let service = Service::new(MemoryStore::new(), env);
        let mine =
            block_on(service.create_project(&ProjectDraft { name: "Mine".into(), ..ProjectDraft::default() })).unwrap();
        let before = without_events(block_on(service.export_dataset()).unwrap());
        assert!(!block_on(service.has_sample_data()).unwrap());
        let sample = load_sample(&service);
        assert!(block_on(service.has_sample_data()).unwrap());
        let loaded = without_events(block_on(service.export_dataset()).unwrap());

        let preview = block_on(service.preview_sample_removal()).unwrap();
        assert_eq!((preview.removed, preview.kept_edited, preview.kept_referenced), (sample.len(), 0, 0));
        let removal = block_on(service.remove_sample_data()).unwrap();
        assert_eq!(removal.removed, sample.len());
        assert!(!block_on(service.has_sample_data()).unwrap());
        let after = block_on(service.export_dataset()).unwrap();
        assert_eq!(without_events(after.clone()), before, "only the sample went: the user's project stays");
        assert!(after.projects.iter().any(|project| project.id == mine.id));
        assert!(after.events.iter().all(|event| !sample.events.iter().any(|e| e.id == event.id)));

        // Undo: the backup taken first brings the sample back.
        block_on(service.restore_backup(removal.backup_id.unwrap())).unwrap();
        assert_eq!(without_events(block_on(service.export_dataset()).unwrap()), loaded);
        // Nothing of the sample left: nothing to do, no backup.
        block_on(service.remove_sample_data()).unwrap();
        let again = block_on(service.remove_sample_data()).unwrap();
        assert_eq!((again.removed, again.backup_id), (0, None));
    }

    #[test]
    fn keeps_what_the_user_changed_and_what_their_records_use() {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        let service = Service::new(MemoryStore::new(), env);
        let sample = load_sample(&service);
        // The user renames one sample project and adds a session to another.
        let renamed = sample.projects[0].clone();
        block_on(service.rename_project(renamed.id, "Renamed by me")).unwrap();
        let used = sample.projects[1].clone();
        let draft = CheckpointDraft { label: "My own checkpoint".into(), ..CheckpointDraft::default() };
        let checkpoint = block_on(service.take_checkpoint(used.id, &draft)).unwrap();

        let removal = block_on(service.remove_sample_data()).unwrap();
        assert_eq!(removal.kept_edited, 1);
        assert!(removal.kept_referenced >= 1);
        let after = block_on(service.export_dataset()).unwrap();
        let ids: BTreeSet<Id> = after.projects.iter().map(|project| project.id).collect();
        assert_eq!(ids, BTreeSet::from([renamed.id, used.id]));
        assert!(after.checkpoints.iter().any(|c| c.id == checkpoint.id));
        // Nothing kept points at nothing.
        let all: BTreeSet<Id> = after.clone().into_records().iter().map(AnyRecord::id).collect();
        for record in after.clone().into_records() {
            for id in references(&record) {
                assert!(all.contains(&id), "{record:?} refers to a removed record");
            }
        }
        assert_eq!(removal.removed + removal.kept_edited + removal.kept_referenced, sample.len());
        let text = removal.describe();
        assert!(text.contains("1 you changed"), "{text}");
    }
}
