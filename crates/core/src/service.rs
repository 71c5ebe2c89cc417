//! Domain services: each user action is one method, one transaction. Generic over [`Store`], so
//! the same code runs over IndexedDB in the browser and over the in-memory store in native tests.

use crate::ids::Id;
use crate::records::*;
use crate::rules::{self, RuleError};
use crate::schema::{ix, LIVE};
use crate::store::{ChangeSet, Durability, Fetches, Key, KeyRange, Query, Read, Store, StoreError, Write};
use crate::time::Timestamp;
use crate::validate::{self, FieldErrors, ProjectDraft};
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
}

impl<S: Store> Service<S> {
    pub fn new(store: S, env: Rc<dyn Env>) -> Service<S> {
        Service { store, env, listeners: RefCell::new(Vec::new()) }
    }

    pub fn store(&self) -> &S {
        &self.store
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

    // ----- projects -------------------------------------------------------------------------

    pub async fn project(&self, id: Id) -> Result<Project> {
        self.store.get::<Project>(id).await?.ok_or_else(|| Error::NotFound("This project".into()))
    }

    /// A page of live projects, with an optional status filter and text filter.
    pub async fn projects(
        &self,
        status: Option<ProjectStatus>,
        sort: ProjectSort,
        text: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Page<Project>> {
        let needle = text.trim().to_lowercase();
        let index_query = match (status, sort) {
            (None, ProjectSort::Updated) => Query::index(StoreName::Projects, ix::LIVE_UPDATED, live(vec![])).reverse(),
            (None, ProjectSort::Created) => Query::index(StoreName::Projects, ix::LIVE_CREATED, live(vec![])).reverse(),
            (None, ProjectSort::Name) => Query::index(StoreName::Projects, ix::LIVE_NAME, live(vec![])),
            (Some(status), _) => {
                Query::index(StoreName::Projects, ix::LIVE_STATUS, live(vec![Key::str(status.as_str())])).reverse()
            }
        };
        // Projects number in the hundreds, not the hundreds of thousands: a status filter with
        // another sort, or a text filter, reads that status's projects and sorts them here.
        if needle.is_empty() && (status.is_none() || sort == ProjectSort::Updated) {
            let reads = vec![Read::Query(index_query.clone().page(offset, limit)), Read::Count(index_query)];
            let fetched = self.store.read(reads).await?;
            return Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) });
        }
        let mut all: Vec<Project> = self.store.query(index_query).await?;
        if !needle.is_empty() {
            all.retain(|project| {
                project.name.to_lowercase().contains(&needle)
                    || project.description.to_lowercase().contains(&needle)
                    || project.tags.iter().any(|tag| tag.to_lowercase().contains(&needle))
            });
        }
        match sort {
            ProjectSort::Updated => all.sort_by_key(|project| std::cmp::Reverse(project.updated_at)),
            ProjectSort::Created => all.sort_by_key(|project| std::cmp::Reverse(project.created_at)),
            ProjectSort::Name => all.sort_by_key(|project| project.name.to_lowercase()),
        }
        let total = all.len() as u64;
        let items = all.into_iter().skip(offset as usize).take(limit as usize).collect();
        Ok(Page { items, offset, total })
    }

    pub async fn create_project(&self, draft: &ProjectDraft) -> Result<Project> {
        let fields = validate::project(draft)?;
        let now = self.now();
        let project = Project {
            id: self.new_id(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: 1,
            name: fields.name,
            description: fields.description,
            status: fields.status,
            tags: fields.tags,
            repository_url: fields.repository_url,
            notes: fields.notes,
            state: LivingState::default(),
        };
        let event = self.event(
            EventKind::Created,
            RecordType::Project,
            Some(project.id),
            format!("Created project “{}”", project.name),
        );
        let created = project.clone();
        self.commit(vec![], &[StoreName::Projects, StoreName::Events], Durability::Relaxed, move |_| {
            Ok((vec![Write::put(project), Write::put(event)], created))
        })
        .await
    }

    /// Applies `change` to the stored project (read inside the same transaction, so an edit made
    /// meanwhile in another tab is not overwritten with stale fields).
    pub async fn update_project(
        &self,
        id: Id,
        summary: impl FnOnce(&Project) -> (EventKind, String),
        change: impl FnOnce(&mut Project) -> Result<()>,
    ) -> Result<Project> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(
            vec![Read::get::<Project>(id)],
            &[StoreName::Projects, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut project: Project = fetched.record(0).ok_or_else(|| Error::NotFound("This project".into()))?;
                let before = project.clone();
                change(&mut project)?;
                if project == before {
                    return Ok((vec![], project));
                }
                project.touch(now);
                let (kind, text) = summary(&project);
                let event = ActivityEvent {
                    id: event_id,
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                    rev: 1,
                    at: now,
                    kind,
                    record_type: RecordType::Project,
                    record_id: Some(id),
                    summary: text,
                };
                Ok((vec![Write::put(project.clone()), Write::put(event)], project))
            },
        )
        .await
    }

    pub async fn edit_project(&self, id: Id, draft: &ProjectDraft) -> Result<Project> {
        let fields = validate::project(draft)?;
        self.update_project(
            id,
            |project| (EventKind::Updated, format!("Edited project “{}”", project.name)),
            move |project| {
                project.name = fields.name;
                project.description = fields.description;
                project.status = fields.status;
                project.tags = fields.tags;
                project.repository_url = fields.repository_url;
                project.notes = fields.notes;
                Ok(())
            },
        )
        .await
    }

    pub async fn rename_project(&self, id: Id, name: &str) -> Result<Project> {
        let name =
            validate::non_empty_name("name", "Name", name).map_err(|error| Error::Invalid(FieldErrors::from(error)))?;
        self.update_project(
            id,
            |project| (EventKind::Updated, format!("Renamed project to “{}”", project.name)),
            move |project| {
                project.name = name;
                Ok(())
            },
        )
        .await
    }

    pub async fn set_project_status(&self, id: Id, status: ProjectStatus) -> Result<Project> {
        self.update_project(
            id,
            move |project| {
                (EventKind::StatusChanged, format!("“{}” is now {}", project.name, status.label().to_lowercase()))
            },
            move |project| {
                project.status = status;
                Ok(())
            },
        )
        .await
    }

    pub async fn trash_project(&self, id: Id) -> Result<Project> {
        let now = self.now();
        self.update_project(
            id,
            |project| (EventKind::Deleted, format!("Moved project “{}” to the trash", project.name)),
            move |project| {
                if project.deleted_at.is_none() {
                    project.deleted_at = Some(now);
                }
                Ok(())
            },
        )
        .await
    }

    pub async fn restore_project(&self, id: Id) -> Result<Project> {
        self.update_project(
            id,
            |project| (EventKind::Restored, format!("Restored project “{}” from the trash", project.name)),
            |project| {
                project.deleted_at = None;
                Ok(())
            },
        )
        .await
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;
    use chrono::Duration;
    use futures::executor::block_on;

    fn service() -> (Service<MemoryStore>, Rc<TestEnv>) {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        (Service::new(MemoryStore::new(), env.clone()), env)
    }

    fn draft(name: &str) -> ProjectDraft {
        ProjectDraft {
            name: name.into(),
            description: "About it".into(),
            status: ProjectStatus::Active,
            tags: String::new(),
            repository_url: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn create_list_rename_status_trash_restore() {
        let (service, env) = service();
        let changes = Rc::new(RefCell::new(Vec::new()));
        let seen = changes.clone();
        service.on_change(Rc::new(move |change: &ChangeSet| seen.borrow_mut().push(change.clone())));

        let alpha = block_on(service.create_project(&draft("  Alpha  "))).unwrap();
        assert_eq!(alpha.name, "Alpha");
        assert_eq!(alpha.rev, 1);
        env.clock.advance(Duration::minutes(1));
        let beta = block_on(service.create_project(&draft("beta"))).unwrap();
        let page = block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap();
        assert_eq!(page.total, 2);
        assert_eq!(page.items[0].id, beta.id, "newest-updated first");

        env.clock.advance(Duration::minutes(1));
        let renamed = block_on(service.rename_project(alpha.id, "Alpha 2")).unwrap();
        assert_eq!(renamed.rev, 2);
        let page = block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap();
        assert_eq!(page.items[0].name, "Alpha 2");
        let by_name = block_on(service.projects(None, ProjectSort::Name, "", 0, 20)).unwrap();
        assert_eq!(by_name.items.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Alpha 2", "beta"]);

        block_on(service.set_project_status(beta.id, ProjectStatus::Paused)).unwrap();
        let paused = block_on(service.projects(Some(ProjectStatus::Paused), ProjectSort::Updated, "", 0, 20)).unwrap();
        assert_eq!(paused.total, 1);

        block_on(service.trash_project(beta.id)).unwrap();
        assert_eq!(block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap().total, 1);
        let trash = block_on(service.trash()).unwrap();
        assert_eq!(trash.len(), 1);
        assert_eq!(trash[0].name, "beta");
        block_on(service.restore_project(beta.id)).unwrap();
        assert_eq!(block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap().total, 2);

        let events = block_on(service.activity(None, 10)).unwrap();
        assert_eq!(events.len(), 6);
        assert_eq!(events[0].kind, EventKind::Restored);
        assert_eq!(block_on(service.activity(Some(beta.id), 10)).unwrap().len(), 4);
        assert_eq!(changes.borrow().len(), 6, "every committed action is announced");
        assert!(changes.borrow()[0].touches(StoreName::Projects));
    }

    #[test]
    fn invalid_input_changes_nothing() {
        let (service, _) = service();
        let error = block_on(service.create_project(&draft("   "))).unwrap_err();
        match error {
            Error::Invalid(errors) => assert!(errors.get("name").is_some()),
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(service.store().commits(), 0);
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        assert!(block_on(service.rename_project(alpha.id, "")).is_err());
        assert_eq!(block_on(service.project(alpha.id)).unwrap().name, "Alpha");
    }

    #[test]
    fn unchanged_edit_writes_nothing_and_missing_project_is_reported() {
        let (service, _) = service();
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        let commits = service.store().commits();
        block_on(service.rename_project(alpha.id, "Alpha")).unwrap();
        assert_eq!(service.store().commits(), commits + 1, "an empty transaction commits nothing");
        assert_eq!(block_on(service.project(alpha.id)).unwrap().rev, 1);
        let missing = block_on(service.rename_project(Id::v7(1, [0; 10]), "X")).unwrap_err();
        assert!(missing.to_string().contains("no longer exists"));
    }

    #[test]
    fn purge_respects_thirty_days() {
        let (service, env) = service();
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        block_on(service.trash_project(alpha.id)).unwrap();
        env.clock.advance(Duration::days(29));
        assert_eq!(block_on(service.purge_trash(false)).unwrap(), 0);
        env.clock.advance(Duration::days(1));
        assert_eq!(block_on(service.purge_trash(false)).unwrap(), 1);
        assert!(block_on(service.trash()).unwrap().is_empty());
        assert!(block_on(service.store().get::<Project>(alpha.id)).unwrap().is_none());
    }
}
