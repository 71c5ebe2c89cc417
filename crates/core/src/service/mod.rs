//! Domain services: each user action is one method, one transaction. Generic over [`Store`], so
//! the same code runs over IndexedDB in the browser and over the in-memory store in native tests.

use crate::ids::Id;
use crate::records::*;
use crate::rules::{self, RuleError};
use crate::schema::{ix, LIVE};
use crate::store::{ChangeSet, Durability, Fetches, Key, KeyRange, Query, Read, Store, StoreError, Write};
use crate::time::Timestamp;
use crate::validate::FieldErrors;
use std::cell::RefCell;
use std::fmt;
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

/// Why an action did not happen. Every variant says what to do in its `Display`.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The input is not valid; each field says why.
    Invalid(FieldErrors),
    /// A rule of the data model forbids it.
    Rule(RuleError),
    /// The record does not exist (any more).
    NotFound(String),
    Store(StoreError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(errors) => write!(f, "{errors}"),
            Error::Rule(error) => write!(f, "{error}"),
            Error::NotFound(what) => write!(f, "{what} no longer exists. It may have been deleted in another tab."),
            Error::Store(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {}

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
mod knowledge;
mod projects;
mod sessions;

pub use accounts::AccountOutlook;
pub use checkpoints::{CheckpointDraft, Restored};
pub use knowledge::{knowledge_order, parse_category, KnowledgeDraft, KnowledgeFilter};
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
        let (value, change) = self.store.transact(reads, writes_to, durability, decide).await?;
        if !change.is_empty() {
            let listeners = self.listeners.borrow().clone();
            for listener in listeners {
                listener(&change);
            }
        }
        Ok(value)
    }

    // ----- trash and activity -------------------------------------------------------------------

    /// Trashed projects and accounts, most recently deleted first.
    pub async fn trash(&self) -> Result<Vec<TrashItem>> {
        let trash = |store| Read::Query(Query::index(store, ix::TRASH, KeyRange::all()).reverse());
        let fetched = self.store.read(vec![trash(StoreName::Projects), trash(StoreName::Accounts)]).await?;
        let mut items: Vec<TrashItem> = fetched
            .records::<Project>(0)
            .into_iter()
            .filter_map(|p| {
                p.deleted_at.map(|at| TrashItem {
                    record_type: RecordType::Project,
                    id: p.id,
                    name: p.name,
                    deleted_at: at,
                })
            })
            .chain(fetched.records::<Account>(1).into_iter().filter_map(|a| {
                a.deleted_at.map(|at| TrashItem {
                    record_type: RecordType::Account,
                    id: a.id,
                    name: a.name,
                    deleted_at: at,
                })
            }))
            .collect();
        items.sort_by_key(|item| std::cmp::Reverse(item.deleted_at));
        Ok(items)
    }

    /// Deletes for good the trashed records whose 30 days have passed (or all, when `everything`).
    pub async fn purge_trash(&self, everything: bool) -> Result<u32> {
        let now = self.now();
        let event_id = self.new_id();
        let trash = |store| Read::Query(Query::index(store, ix::TRASH, KeyRange::all()));
        let reads = vec![trash(StoreName::Projects), trash(StoreName::Accounts)];
        self.commit(
            reads,
            &[StoreName::Projects, StoreName::Accounts, StoreName::Events],
            Durability::Strict,
            move |fetched| {
                let due = |deleted_at: Option<Timestamp>| {
                    deleted_at.is_some_and(|at| everything || rules::purge_due(at, now))
                };
                let mut writes: Vec<Write> = Vec::new();
                for project in fetched.records::<Project>(0).into_iter().filter(|p| due(p.deleted_at)) {
                    writes.push(Write::Delete { store: StoreName::Projects, id: project.id });
                }
                for account in fetched.records::<Account>(1).into_iter().filter(|a| due(a.deleted_at)) {
                    writes.push(Write::Delete { store: StoreName::Accounts, id: account.id });
                }
                let purged = writes.len() as u32;
                if purged > 0 {
                    writes.push(Write::put(ActivityEvent {
                        id: event_id,
                        created_at: now,
                        updated_at: now,
                        deleted_at: None,
                        rev: 1,
                        at: now,
                        kind: EventKind::Purged,
                        record_type: RecordType::Data,
                        record_id: None,
                        summary: format!(
                            "Emptied the trash ({purged} {})",
                            if purged == 1 { "record" } else { "records" }
                        ),
                    }));
                }
                Ok((writes, purged))
            },
        )
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
