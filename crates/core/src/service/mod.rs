//! Domain services: each user action is one method, one transaction. Generic over [`Store`], so
//! the same code runs over IndexedDB in the browser and over the in-memory store in native tests.

use crate::exchange::DecodeError;
use crate::ids::Id;
use crate::records::*;
use crate::rules::{self, RuleError};
use crate::schema::{ix, LIVE};
use crate::store::{ChangeSet, Durability, Fetches, Key, KeyRange, Progress, Query, Read, Store, StoreError, Write};
use crate::time::Timestamp;
use crate::validate::FieldErrors;
use std::cell::RefCell;
use std::rc::Rc;

/// What the services need from the outside world: the time and randomness for ids.
pub trait Env {
    fn now(&self) -> Timestamp;
    fn random_bytes(&self) -> [u8; 10];
}

/// An [`Env`] for tests: a settable clock and a counter for ids.
pub struct TestEnv {
    pub clock: crate::time::FixedClock,
    counter: std::cell::Cell<u64>,
}

impl TestEnv {
    pub fn at(text: &str) -> TestEnv {
        TestEnv { clock: crate::time::FixedClock::at(text), counter: std::cell::Cell::new(0) }
    }
}

impl Env for TestEnv {
    fn now(&self) -> Timestamp {
        crate::time::Clock::now(&self.clock)
    }

    fn random_bytes(&self) -> [u8; 10] {
        self.counter.set(self.counter.get() + 1);
        let mut bytes = [0u8; 10];
        bytes[2..].copy_from_slice(&self.counter.get().to_be_bytes());
        bytes
    }
}

/// Why an action did not happen, as data: the interface words it (`src/i18n/errors.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The input is not valid; each field says why.
    Invalid(FieldErrors),
    /// A rule of the data model forbids it.
    Rule(RuleError),
    /// The record (of this type) does not exist (any more).
    NotFound(RecordType),
    Store(StoreError),
    /// An import file that cannot be imported.
    Import(DecodeError),
    /// A stored backup that cannot be restored.
    Backup(DecodeError),
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Error {
        Error::Store(error)
    }
}

impl From<FieldErrors> for Error {
    fn from(errors: FieldErrors) -> Error {
        Error::Invalid(errors)
    }
}

impl From<RuleError> for Error {
    fn from(error: RuleError) -> Error {
        Error::Rule(error)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

mod accounts;
mod checkpoints;
pub mod exchange;
mod handoffs;
mod insights;
mod knowledge;
mod projects;
mod sample;
mod sessions;

pub use accounts::{AccountOutlook, CreditTotalsScan};
pub use checkpoints::{CheckpointDraft, Restored};
pub use handoffs::{
    HandoffSources, QueueDraft, QueueFilter, ReportApplication, ReportApplied, SOURCE_CHECKPOINTS, SOURCE_SESSIONS,
};
pub use knowledge::{knowledge_order, parse_category, KnowledgeDraft, KnowledgeFilter, KnowledgeSnapshot};
pub use sample::SampleRemoval;
pub use sessions::{NewTurn, PreviousContext, ReportDraft, SessionDraft, SessionFilter};

/// One page of a list, with the total so the list can say "21–40 of 312".
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub offset: u32,
    pub total: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProjectSort {
    #[default]
    Updated,
    Name,
    Created,
}

impl ProjectSort {
    pub const ALL: [ProjectSort; 3] = [ProjectSort::Updated, ProjectSort::Name, ProjectSort::Created];

    pub fn as_str(&self) -> &'static str {
        match self {
            ProjectSort::Updated => "updated",
            ProjectSort::Name => "name",
            ProjectSort::Created => "created",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            ProjectSort::Updated => "Recently updated",
            ProjectSort::Name => "Name",
            ProjectSort::Created => "Newest",
        }
    }

    pub fn parse(text: &str) -> ProjectSort {
        ProjectSort::ALL.into_iter().find(|sort| sort.as_str() == text).unwrap_or_default()
    }
}

/// A trashed record, for the trash list.
#[derive(Clone, Debug, PartialEq)]
pub struct TrashItem {
    pub record_type: RecordType,
    pub id: Id,
    pub name: String,
    pub deleted_at: Timestamp,
}

/// An activity event of an action at `now` (created with the action, in the same transaction).
pub(crate) fn event_record(
    id: Id,
    now: Timestamp,
    kind: EventKind,
    record_type: RecordType,
    record_id: impl Into<Option<Id>>,
    summary: String,
) -> ActivityEvent {
    ActivityEvent {
        id,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        rev: 1,
        at: now,
        kind,
        record_type,
        record_id: record_id.into(),
        summary,
    }
}

/// The stores whose records go to the trash before they are deleted for good.
pub const TRASHABLE: [StoreName; 6] = [
    StoreName::Projects,
    StoreName::Accounts,
    StoreName::Sessions,
    StoreName::Checkpoints,
    StoreName::Handoffs,
    StoreName::Knowledge,
];

fn record_type_of<R: Record>(_: &R) -> RecordType {
    R::TYPE
}

fn store_record_type(store: StoreName) -> RecordType {
    match store {
        StoreName::Projects => RecordType::Project,
        StoreName::Accounts => RecordType::Account,
        StoreName::Ledger => RecordType::Ledger,
        StoreName::Sessions => RecordType::Session,
        StoreName::Turns => RecordType::Turn,
        StoreName::Checkpoints => RecordType::Checkpoint,
        StoreName::Handoffs => RecordType::Handoff,
        StoreName::Knowledge => RecordType::Knowledge,
        StoreName::Events => RecordType::Event,
        StoreName::Backups | StoreName::BackupDocuments => RecordType::Backup,
    }
}

/// Live records only: compound indexes starting with `_live = 1`.
pub fn live(parts: Vec<Key>) -> KeyRange {
    let mut all = vec![Key::Num(1.0)];
    all.extend(parts);
    KeyRange::prefix(all)
}

/// Told of every committed change.
pub type ChangeListener = Rc<dyn Fn(&ChangeSet)>;

pub struct Service<S: Store> {
    store: S,
    env: Rc<dyn Env>,
    listeners: RefCell<Vec<ChangeListener>>,
    /// Credits below this mark an account exhausted (a setting).
    exhaustion_threshold: std::cell::Cell<i64>,
}

impl<S: Store> Service<S> {
    pub fn new(store: S, env: Rc<dyn Env>) -> Service<S> {
        Service {
            store,
            env,
            listeners: RefCell::new(Vec::new()),
            exhaustion_threshold: std::cell::Cell::new(rules::DEFAULT_EXHAUSTION_THRESHOLD),
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn exhaustion_threshold(&self) -> i64 {
        self.exhaustion_threshold.get()
    }

    pub fn set_exhaustion_threshold(&self, threshold: i64) {
        self.exhaustion_threshold.set(threshold.max(0));
    }

    pub fn now(&self) -> Timestamp {
        self.env.now()
    }

    /// Called after every committed change (the app announces it to its views and other tabs).
    pub fn on_change(&self, listener: ChangeListener) {
        self.listeners.borrow_mut().push(listener);
    }

    pub fn new_id(&self) -> Id {
        Id::v7(self.env.now().unix_millis().max(0) as u64, self.env.random_bytes())
    }

    fn event(&self, kind: EventKind, record_type: RecordType, record_id: Option<Id>, summary: String) -> ActivityEvent {
        let now = self.now();
        ActivityEvent {
            id: self.new_id(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: 1,
            at: now,
            kind,
            record_type,
            record_id,
            summary,
        }
    }

    /// Runs one transaction and announces what it changed.
    async fn commit<T>(
        &self,
        reads: Vec<Read>,
        writes_to: &[StoreName],
        durability: Durability,
        decide: impl FnOnce(Fetches) -> Result<(Vec<Write>, T)>,
    ) -> Result<T> {
        self.commit_reporting(reads, writes_to, durability, &|_, _| {}, decide).await
    }

    /// As [`Self::commit`], telling `progress` how far the writes have gone.
    async fn commit_reporting<T>(
        &self,
        reads: Vec<Read>,
        writes_to: &[StoreName],
        durability: Durability,
        progress: Progress<'_>,
        decide: impl FnOnce(Fetches) -> Result<(Vec<Write>, T)>,
    ) -> Result<T> {
        let (value, change) = self.store.transact_reporting(reads, writes_to, durability, progress, decide).await?;
        if !change.is_empty() {
            let listeners = self.listeners.borrow().clone();
            for listener in listeners {
                listener(&change);
            }
        }
        Ok(value)
    }

    // ----- trash and activity -------------------------------------------------------------------

    /// Everything in the trash, most recently deleted first.
    pub async fn trash(&self) -> Result<Vec<TrashItem>> {
        let reads =
            TRASHABLE.iter().map(|store| Read::Query(Query::index(*store, ix::TRASH, KeyRange::all()))).collect();
        let fetched = self.store.read(reads).await?;
        let mut items: Vec<TrashItem> = fetched
            .0
            .into_iter()
            .flat_map(|result| match result {
                crate::store::Fetched::Records(records) => records,
                _ => Vec::new(),
            })
            .filter_map(|record| {
                let deleted_at = record.deleted_at()?;
                let (record_type, name) =
                    crate::with_any_record!(&record, inner => (record_type_of(inner), inner.display_name()));
                Some(TrashItem { record_type, id: record.id(), name, deleted_at })
            })
            .collect();
        items.sort_by_key(|item| std::cmp::Reverse(item.deleted_at));
        Ok(items)
    }

    /// Takes a record of any trashable type out of the trash (accounts check their name first).
    pub async fn restore_from_trash(&self, record_type: RecordType, id: Id) -> Result<String> {
        if record_type == RecordType::Account {
            return Ok(self.restore_account(id).await?.name);
        }
        let store = TRASHABLE
            .iter()
            .copied()
            .find(|store| store_record_type(*store) == record_type)
            .ok_or(Error::Rule(RuleError::NotTrashable(record_type)))?;
        let now = self.now();
        let event_id = self.new_id();
        self.commit(vec![Read::Get { store, id }], &[store, StoreName::Events], Durability::Relaxed, move |fetched| {
            let Some(crate::store::Fetched::Record(Some(mut record))) = fetched.0.into_iter().next() else {
                return Err(Error::NotFound(record_type));
            };
            let name = crate::with_any_record!(&mut record, inner => {
                let changed = rules::restore(inner, now);
                (changed, inner.display_name())
            });
            if !name.0 {
                return Ok((vec![], name.1));
            }
            let event = event_record(
                event_id,
                now,
                EventKind::Restored,
                record_type,
                Some(id),
                format!("Restored “{}” from the trash", name.1),
            );
            Ok((vec![Write::Put(record), Write::put(event)], name.1))
        })
        .await
    }

    /// Deletes for good the trashed records whose 30 days have passed (or all, when `everything`).
    pub async fn purge_trash(&self, everything: bool) -> Result<u32> {
        let now = self.now();
        let event_id = self.new_id();
        let reads =
            TRASHABLE.iter().map(|store| Read::Query(Query::index(*store, ix::TRASH, KeyRange::all()))).collect();
        let mut writes_to = TRASHABLE.to_vec();
        writes_to.push(StoreName::Events);
        self.commit(reads, &writes_to, Durability::Strict, move |fetched| {
            let mut writes: Vec<Write> = Vec::new();
            for result in fetched.0 {
                let crate::store::Fetched::Records(records) = result else { continue };
                for record in records {
                    if record.deleted_at().is_some_and(|at| everything || rules::purge_due(at, now)) {
                        writes.push(Write::Delete { store: record.store(), id: record.id() });
                    }
                }
            }
            let purged = writes.len() as u32;
            if purged > 0 {
                writes.push(Write::put(event_record(event_id, now, EventKind::Purged, RecordType::Data, None, {
                    let noun = if purged == 1 { "record" } else { "records" };
                    if everything {
                        format!("Emptied the trash ({purged} {noun})")
                    } else {
                        format!("Deleted for good {purged} {noun} kept in the trash for 30 days")
                    }
                })));
            }
            Ok((writes, purged))
        })
        .await
    }

    /// The latest activity, newest first; only that of one record when `record_id` is given.
    pub async fn activity(&self, record_id: Option<Id>, limit: u32) -> Result<Vec<ActivityEvent>> {
        let query = match record_id {
            Some(id) => Query::index(StoreName::Events, ix::BY_RECORD, KeyRange::prefix(vec![Key::id(id)])),
            None => Query::index(StoreName::Events, ix::BY_AT, KeyRange::all()),
        };
        Ok(self.store.query(query.reverse().page(0, limit)).await?)
    }

    /// How many live records each store holds (dashboard, data page).
    pub async fn live_count(&self, store: StoreName, index: &'static str) -> Result<u64> {
        Ok(self.store.count(Query::index(store, index, KeyRange::prefix(vec![Key::Num(1.0)]))).await?)
    }
}

/// The `_live` marker, for callers building their own ranges.
pub const LIVE_FIELD: &str = LIVE;
