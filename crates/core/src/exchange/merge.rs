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
//! ## Rules that span the file and the browser
//!
//! Two rules of the data model hold across records: a project's sessions have distinct numbers
//! (trashed ones included, as the app numbers them), and live accounts have distinct names
//! ignoring case and surrounding spaces. The file and the browser each keep them, but together
//! they may not. A merge then **repairs** the records it writes, never the browser's, and lists
//! every repair in the plan:
//! - an incoming session whose number its project already uses in the browser takes the
//!   project's next free number (one more than the highest), in the order of the file's numbers;
//! - an incoming live account whose name another live account already has is renamed
//!   “<name> (imported)” (then “(imported 2)”, …), within the name limit.
//!
//! A repaired record's `rev` is raised by one, so that importing the same file again finds the
//! browser ahead and changes nothing. A file that breaks a rule on its own (two sessions of a
//! project with one number, two accounts with one name) is refused by the checks instead: Baton
//! never writes such a file, so it was edited, and which record to change is the user's call.
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
use crate::validate::NAME_MAX;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

/// A change the import makes to a record of the file so that a rule spanning the file and the
/// browser holds (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    pub store: StoreName,
    pub id: Id,
    /// What was changed and why, in plain words.
    pub message: String,
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
    /// The file's records changed so that the merged data keeps the rules (merge only).
    pub repairs: Vec<Repair>,
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
        repairs: Vec::new(),
        writes: Vec::new(),
    };
    // A project's name as the merged data will have it, for the repairs' messages.
    let project_names: HashMap<Id, &str> =
        existing.projects.iter().chain(&incoming.projects).map(|project| (project.id, project.name.as_str())).collect();
    planner.store(&existing.projects, &incoming.projects, |_, _| Vec::new());
    planner.store(&existing.accounts, &incoming.accounts, rename_accounts);
    planner.store(&existing.ledger, &incoming.ledger, |_, _| Vec::new());
    planner.store(&existing.sessions, &incoming.sessions, |kept, written| {
        renumber_sessions(kept, written, &project_names)
    });
    planner.store(&existing.turns, &incoming.turns, |_, _| Vec::new());
    planner.store(&existing.checkpoints, &incoming.checkpoints, |_, _| Vec::new());
    planner.store(&existing.handoffs, &incoming.handoffs, |_, _| Vec::new());
    planner.store(&existing.knowledge, &incoming.knowledge, |_, _| Vec::new());
    planner.store(&existing.events, &incoming.events, |_, _| Vec::new());
    debug_assert_eq!(planner.per_store.len(), EXPORTED_STORES.len());
    let overwrites_or_deletes = planner.per_store.values().any(|counts| counts.updated > 0 || counts.deleted > 0);
    ImportPlan {
        mode,
        changes_anything: !planner.writes.is_empty(),
        overwrites_or_deletes,
        per_store: planner.per_store,
        conflicts: planner.conflicts,
        repairs: planner.repairs,
        writes: planner.writes,
    }
}

struct Planner<'a> {
    mode: ImportMode,
    default_choice: ConflictChoice,
    per_record: &'a BTreeMap<Id, ConflictChoice>,
    per_store: BTreeMap<StoreName, StoreCounts>,
    conflicts: Vec<Conflict>,
    repairs: Vec<Repair>,
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
    /// Plans one store. When merging, `repair` gets the browser's records the import leaves as
    /// they are and the file's records it writes, changes the latter where a rule needs it, and
    /// says what it changed.
    fn store<R: Record + PartialEq>(
        &mut self,
        existing: &[R],
        incoming: &[R],
        repair: impl FnOnce(&[&R], &mut [R]) -> Vec<Repair>,
    ) {
        let mut counts = StoreCounts::default();
        let mine: BTreeMap<Id, &R> = existing.iter().map(|record| (record.id(), record)).collect();
        let mut seen = BTreeSet::new();
        let mut written: Vec<R> = Vec::new();
        for theirs in incoming {
            seen.insert(theirs.id());
            let Some(mine) = mine.get(&theirs.id()) else {
                counts.added += 1;
                written.push(theirs.clone());
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
            written.push(theirs.clone());
        }
        if self.mode == ImportMode::Merge {
            let written_ids: HashSet<Id> = written.iter().map(Record::id).collect();
            let kept: Vec<&R> = existing.iter().filter(|record| !written_ids.contains(&record.id())).collect();
            self.repairs.extend(repair(&kept, &mut written));
        }
        self.writes.extend(written.into_iter().map(Write::put));
        if self.mode == ImportMode::Replace {
            for id in mine.keys().filter(|id| !seen.contains(id)) {
                counts.deleted += 1;
                self.writes.push(Write::Delete { store: R::STORE, id: *id });
            }
        }
        self.per_store.insert(R::STORE, counts);
    }
}

/// The largest `rev` that survives a round trip through IndexedDB as an integer (2^53 − 1).
const MAX_EXACT_REV: u64 = (1 << 53) - 1;

/// A repaired record's `rev`: one more, so that importing the same file again finds the browser
/// ahead (never past what IndexedDB keeps exact).
fn raised(rev: u64) -> u64 {
    rev.saturating_add(1).min(MAX_EXACT_REV).max(rev)
}

/// Gives each written session whose number its project already uses the project's next free
/// number (see the module documentation).
fn renumber_sessions(kept: &[&Session], written: &mut [Session], project_names: &HashMap<Id, &str>) -> Vec<Repair> {
    let mut taken: HashMap<Id, BTreeSet<u32>> = HashMap::new();
    for session in kept {
        taken.entry(session.project_id).or_default().insert(session.number);
    }
    let mut colliding = Vec::new();
    for (index, session) in written.iter().enumerate() {
        if !taken.entry(session.project_id).or_default().insert(session.number) {
            colliding.push(index);
        }
    }
    // In the order of the file's numbers, so the renumbered sessions keep their order.
    colliding.sort_by_key(|index| (written[*index].project_id, written[*index].number, written[*index].id));
    let mut repairs = Vec::with_capacity(colliding.len());
    for index in colliding {
        let session = &mut written[index];
        let numbers = taken.entry(session.project_id).or_default();
        let next = numbers
            .last()
            .and_then(|highest| highest.checked_add(1))
            .unwrap_or_else(|| (1..).find(|number| !numbers.contains(number)).unwrap_or(u32::MAX));
        numbers.insert(next);
        let project = project_names.get(&session.project_id).copied().unwrap_or("its project");
        repairs.push(Repair {
            store: StoreName::Sessions,
            id: session.id,
            message: format!(
                "Session {} of “{project}” is already in this browser, so the imported session {} is now session \
                 {next}.",
                session.number, session.number
            ),
        });
        session.number = next;
        session.rev = raised(session.rev);
    }
    repairs
}

/// The key under which account names are unique.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Renames each written live account whose name another live account has (see the module
/// documentation). Trashed accounts take no part: a restore checks the name then.
fn rename_accounts(kept: &[&Account], written: &mut [Account]) -> Vec<Repair> {
    let mut holders: HashMap<String, &str> = HashMap::new();
    for account in kept.iter().filter(|account| account.deleted_at.is_none()) {
        holders.entry(name_key(&account.name)).or_insert(account.name.trim());
    }
    let mut used: HashSet<String> = holders.keys().cloned().collect();
    used.extend(written.iter().filter(|account| account.deleted_at.is_none()).map(|account| name_key(&account.name)));
    let mut claimed: HashSet<String> = HashSet::new();
    let mut repairs = Vec::new();
    for account in written.iter_mut().filter(|account| account.deleted_at.is_none()) {
        let key = name_key(&account.name);
        let holder = match holders.get(&key) {
            Some(holder) => holder.to_string(),
            // Two of the file's own accounts share the name (the checks refuse such a file).
            None if !claimed.insert(key) => account.name.trim().to_string(),
            None => continue,
        };
        let base = account.name.trim();
        let renamed = (1..)
            .map(|attempt| {
                let suffix = if attempt == 1 { " (imported)".to_string() } else { format!(" (imported {attempt})") };
                let room = NAME_MAX.saturating_sub(suffix.chars().count());
                format!("{}{suffix}", base.chars().take(room).collect::<String>())
            })
            .find(|name| !used.contains(&name_key(name)))
            .expect("some numbered name is free");
        used.insert(name_key(&renamed));
        claimed.insert(name_key(&renamed));
        repairs.push(Repair {
            store: StoreName::Accounts,
            id: account.id,
            message: format!(
                "An account named “{holder}” is already in this browser, so the imported account “{base}” is now \
                 named “{renamed}”."
            ),
        });
        account.name = renamed;
        account.rev = raised(account.rev);
    }
    repairs
}
