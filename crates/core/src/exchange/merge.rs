//! Planning an import: what each record of the file does to the browser's data.
//!
//! # Merge
//!
//! Records match by id, store by store. For an incoming record *theirs* and the stored one
//! *mine*:
//! - only in the file: **added** (a trashed record arrives in the trash);
//! - the same content: **unchanged**;
//! - otherwise, as the common ancestor is unknown, `rev` (raised on every change) and
//!   `updated_at` tell who changed it. When one side is ahead in `rev` and not behind in
//!   `updated_at`, only that side changed: theirs ahead is **updated** (taken), mine ahead is
//!   **unchanged** (kept);
//! - anything else — the same `rev` with different content, or one side ahead in `rev` but the
//!   other more recently updated — means both changed: a **conflict**. It is resolved by the
//!   per-record choice if there is one, else the default choice: `Newer` takes the record with the
//!   later `updated_at` (mine on a tie), `KeepMine` and `TakeTheirs` say which.
//!
//! A record trashed in the file and taken over a live one is counted as **deleted**: it carries
//! its tombstone (`deleted_at`) into the browser, where it lands in the trash like any deletion.
//! Importing a file twice changes nothing the second time: every record is then unchanged.
//!
//! # Replace
//!
//! The browser's data becomes the file's: records only in the browser are **deleted** (removed,
//! not trashed), the rest added, updated or unchanged as compared with the file. Backups are
//! never touched.

use super::{Dataset, EXPORTED_STORES};
use crate::ids::Id;
use crate::records::*;
use crate::store::Write;
use crate::time::Timestamp;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    Merge,
    Replace,
}

/// How a conflict is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    /// The record updated last.
    Newer,
    KeepMine,
    TakeTheirs,
}

/// A record changed on both sides.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub store: StoreName,
    pub id: Id,
    /// The record's name as stored in the browser.
    pub name: String,
    pub mine_updated_at: Timestamp,
    pub theirs_updated_at: Timestamp,
}

/// What an import does to one store.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StoreCounts {
    pub added: u64,
    /// Replaced by the file's version (including conflicts resolved for theirs, but not
    /// tombstones, counted in `deleted`).
    pub updated: u64,
    pub unchanged: u64,
    /// Records changed on both sides; each is also counted by how it was resolved.
    pub conflicts: u64,
    /// Tombstones applied (merge) or records removed (replace).
    pub deleted: u64,
}

impl StoreCounts {
    /// The sum of counts over stores.
    pub fn total<'a>(counts: impl IntoIterator<Item = &'a StoreCounts>) -> StoreCounts {
        let mut totals = StoreCounts::default();
        for other in counts {
            totals.added += other.added;
            totals.updated += other.updated;
            totals.unchanged += other.unchanged;
            totals.conflicts += other.conflicts;
            totals.deleted += other.deleted;
        }
        totals
    }

    /// "12 added, 3 updated, 1 deleted, 40 unchanged" (the parts that are not zero).
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            (self.added, "added"),
            (self.updated, "updated"),
            (self.deleted, "deleted"),
            (self.unchanged, "unchanged"),
            (self.conflicts, "in conflict"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, label)| format!("{count} {label}"))
        .collect();
        if parts.is_empty() {
            "nothing to import".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// The plan of an import, after conflicts are resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPlan {
    pub mode: ImportMode,
    /// Every exported store, even those with nothing to do.
    pub per_store: BTreeMap<StoreName, StoreCounts>,
    pub conflicts: Vec<Conflict>,
    /// The writes that carry the plan out.
    pub writes: Vec<Write>,
    pub changes_anything: bool,
    /// Whether stored data is overwritten or removed, which calls for a backup first.
    pub overwrites_or_deletes: bool,
}

impl ImportPlan {
    /// The counts of all stores together.
    pub fn totals(&self) -> StoreCounts {
        StoreCounts::total(self.per_store.values())
    }

    /// "12 added, 3 updated, 1 deleted, 40 unchanged" (the parts that are not zero).
    pub fn summary(&self) -> String {
        self.totals().summary()
    }
}

/// Plans importing `incoming` over `existing` (see the module documentation for the rules).
pub fn plan_import(
    existing: &Dataset,
    incoming: &Dataset,
    mode: ImportMode,
    default_choice: ConflictChoice,
    per_record: &BTreeMap<Id, ConflictChoice>,
) -> ImportPlan {
    let mut planner = Planner {
        mode,
        default_choice,
        per_record,
        per_store: BTreeMap::new(),
        conflicts: Vec::new(),
        writes: Vec::new(),
    };
    planner.store(&existing.projects, &incoming.projects);
    planner.store(&existing.accounts, &incoming.accounts);
    planner.store(&existing.ledger, &incoming.ledger);
    planner.store(&existing.sessions, &incoming.sessions);
    planner.store(&existing.turns, &incoming.turns);
    planner.store(&existing.checkpoints, &incoming.checkpoints);
    planner.store(&existing.handoffs, &incoming.handoffs);
    planner.store(&existing.knowledge, &incoming.knowledge);
    planner.store(&existing.events, &incoming.events);
    debug_assert_eq!(planner.per_store.len(), EXPORTED_STORES.len());
    let overwrites_or_deletes = planner.per_store.values().any(|counts| counts.updated > 0 || counts.deleted > 0);
    ImportPlan {
        mode,
        changes_anything: !planner.writes.is_empty(),
        overwrites_or_deletes,
        per_store: planner.per_store,
        conflicts: planner.conflicts,
        writes: planner.writes,
    }
}

struct Planner<'a> {
    mode: ImportMode,
    default_choice: ConflictChoice,
    per_record: &'a BTreeMap<Id, ConflictChoice>,
    per_store: BTreeMap<StoreName, StoreCounts>,
    conflicts: Vec<Conflict>,
    writes: Vec<Write>,
}

/// Who changed a record, judged from `rev` and `updated_at`.
enum Side {
    Theirs,
    Mine,
    Both,
}

fn changed_side<R: Record>(mine: &R, theirs: &R) -> Side {
    if theirs.rev() > mine.rev() && theirs.updated_at() >= mine.updated_at() {
        Side::Theirs
    } else if mine.rev() > theirs.rev() && mine.updated_at() >= theirs.updated_at() {
        Side::Mine
    } else {
        Side::Both
    }
}

impl Planner<'_> {
    fn store<R: Record + PartialEq>(&mut self, existing: &[R], incoming: &[R]) {
        let mut counts = StoreCounts::default();
        let mine: BTreeMap<Id, &R> = existing.iter().map(|record| (record.id(), record)).collect();
        let mut seen = std::collections::BTreeSet::new();
        for theirs in incoming {
            seen.insert(theirs.id());
            let Some(mine) = mine.get(&theirs.id()) else {
                counts.added += 1;
                self.writes.push(Write::put(theirs.clone()));
                continue;
            };
            if *mine == theirs {
                counts.unchanged += 1;
                continue;
            }
            let take_theirs = match self.mode {
                ImportMode::Replace => true,
                ImportMode::Merge => match changed_side(*mine, theirs) {
                    Side::Theirs => true,
                    Side::Mine => false,
                    Side::Both => {
                        counts.conflicts += 1;
                        self.conflicts.push(Conflict {
                            store: R::STORE,
                            id: theirs.id(),
                            name: mine.display_name(),
                            mine_updated_at: mine.updated_at(),
                            theirs_updated_at: theirs.updated_at(),
                        });
                        match self.per_record.get(&theirs.id()).copied().unwrap_or(self.default_choice) {
                            ConflictChoice::Newer => theirs.updated_at() > mine.updated_at(),
                            ConflictChoice::KeepMine => false,
                            ConflictChoice::TakeTheirs => true,
                        }
                    }
                },
            };
            if !take_theirs {
                counts.unchanged += 1;
                continue;
            }
            if self.mode == ImportMode::Merge && theirs.deleted_at().is_some() && mine.deleted_at().is_none() {
                counts.deleted += 1;
            } else {
                counts.updated += 1;
            }
            self.writes.push(Write::put(theirs.clone()));
        }
        if self.mode == ImportMode::Replace {
            for id in mine.keys().filter(|id| !seen.contains(id)) {
                counts.deleted += 1;
                self.writes.push(Write::Delete { store: R::STORE, id: *id });
            }
        }
        self.per_store.insert(R::STORE, counts);
    }
}
