//! This tab's search index ([`baton_core::search::SearchIndex`]): built in the background once the
//! first screen is up (pages of records read through the store, the browser given back between
//! pages), then kept current: every change committed here (the service's listener) and in other
//! tabs (both from the app's change bus, `state.rs`) names the records it wrote, which are read again and
//! re-indexed, or dropped when gone or trashed. A change too large to follow record by record (an
//! import, "delete all") rebuilds the index.

use crate::state::{self, AppState, DbStatus};
use baton_core::records::{AnyRecord, StoreName};
use baton_core::search::{DocKind, Found, SearchDoc, SearchIndex, Snippet};
use baton_core::store::{ChangeSet, Fetched, Key, KeyRange, Query, Read, Store};
use baton_core::Id;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

/// The stores searched, in the order they are indexed (parents before their children, the big
/// transcript store last).
pub const INDEXED: [StoreName; 7] = [
    StoreName::Projects,
    StoreName::Accounts,
    StoreName::Knowledge,
    StoreName::Sessions,
    StoreName::Checkpoints,
    StoreName::Handoffs,
    StoreName::Turns,
];

/// Records read per page while building (each page is one short read transaction, whose records
/// are converted in one go: handoffs carry whole bundles, so fewer of them).
fn page_size(store: StoreName) -> u32 {
    match store {
        StoreName::Handoffs => 25,
        _ => 150,
    }
}
/// Longest stretch of indexing before the browser gets a turn, so a keystroke waits at most this.
const SLICE_MS: f64 = 8.0;
/// While building, searches are re-run on what is indexed so far at most this often (each re-run
/// repaints the results; more often would make typing compete with repainting).
const PROGRESS_MS: f64 = 1000.0;
/// Delay after the database opens before building starts, so the first screen comes first.
const START_DELAY_MS: i32 = 400;
/// Reads (record × store) one change may cost before a rebuild is cheaper.
const MAX_FOLLOWED_READS: usize = 20_000;
/// Gets per read transaction when following changes.
const GETS_PER_READ: usize = 500;

/// Where the index stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexStatus {
    /// The database is not open yet.
    Waiting,
    /// Reading the records: `done` of about `total`.
    Building {
        done: u64,
        total: u64,
    },
    Ready,
    /// The index could not be built (the reason was reported); search shows what it has.
    Failed,
}

/// The index's state for views: its status, and a version raised whenever its content changes
/// (searches re-run on it).
#[derive(Clone, Copy)]
pub struct SearchIndexState {
    pub status: RwSignal<IndexStatus>,
    pub version: RwSignal<u64>,
}

#[derive(Default)]
struct Pending {
    ids: BTreeSet<Id>,
    stores: BTreeSet<StoreName>,
    rebuild: bool,
}

thread_local! {
    // Names and titles only: snippets are made from the few records shown (a third of the memory).
    static INDEX: RefCell<SearchIndex> = RefCell::new(SearchIndex::without_text());
    static PENDING: RefCell<Pending> = RefCell::new(Pending::default());
    /// Whether the worker (build, then following changes) is running.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static HANDLE: Cell<Option<SearchIndexState>> = const { Cell::new(None) };
    static APP: Cell<Option<AppState>> = const { Cell::new(None) };
    /// The documents of hits shown lately (for their snippets), oldest first.
    static SHOWN: RefCell<VecDeque<(Id, Rc<SearchDoc>)>> = const { RefCell::new(VecDeque::new()) };
}

/// Documents kept for snippets: a few screens of hits.
const SHOWN_KEPT: usize = 200;

/// The best hits for a query (at most `limit` per type), and the words it matched.
pub fn find(query: &str, limit: usize) -> Found {
    INDEX.with(|index| index.borrow().find(query, limit))
}

/// The store a kind of hit lives in.
pub fn store_of(kind: DocKind) -> StoreName {
    match kind {
        DocKind::Project => StoreName::Projects,
        DocKind::Account => StoreName::Accounts,
        DocKind::Session => StoreName::Sessions,
        DocKind::Turn => StoreName::Turns,
        DocKind::Checkpoint => StoreName::Checkpoints,
        DocKind::Handoff => StoreName::Handoffs,
        DocKind::Knowledge => StoreName::Knowledge,
    }
}

/// Snippets for the hits shown, cut around the words the query matched. Their records are read
/// back (one short read) unless they were shown lately: the next keystroke mostly shows the same
/// hits, and then its snippets come without waiting for the database.
pub async fn snippets(hits: Vec<(DocKind, Id)>, words: Vec<String>) -> Vec<(Id, Snippet)> {
    if hits.is_empty() || words.is_empty() {
        return Vec::new();
    }
    let missing: Vec<Read> = SHOWN.with(|shown| {
        let shown = shown.borrow();
        hits.iter()
            .filter(|(_, id)| !shown.iter().any(|(seen, _)| seen == id))
            .map(|(kind, id)| Read::Get { store: store_of(*kind), id: *id })
            .collect()
    });
    if !missing.is_empty() {
        let Ok(fetched) = state::service().store().read(missing).await else { return Vec::new() };
        let docs = fetched.0.into_iter().filter_map(|result| match result {
            Fetched::Record(Some(record)) => SearchDoc::from_record(&record),
            _ => None,
        });
        SHOWN.with(|shown| {
            let mut shown = shown.borrow_mut();
            for doc in docs {
                shown.retain(|(seen, _)| *seen != doc.id);
                if shown.len() == SHOWN_KEPT {
                    shown.pop_front();
                }
                shown.push_back((doc.id, Rc::new(doc)));
            }
        });
    }
    SHOWN.with(|shown| {
        let shown = shown.borrow();
        hits.iter()
            .filter_map(|(_, id)| shown.iter().find(|(seen, _)| seen == id))
            .filter_map(|(id, doc)| baton_core::search::snippet_for(doc, &words).map(|snippet| (*id, snippet)))
            .collect()
    })
}

/// Forgets the documents kept for snippets of records a change wrote.
fn forget_shown(ids: &BTreeSet<Id>) {
    SHOWN.with(|shown| shown.borrow_mut().retain(|(id, _)| !ids.contains(id)));
}

/// The projects indexed, newest change first: (id, name).
pub fn projects() -> Vec<(Id, String)> {
    INDEX.with(|index| index.borrow().projects().into_iter().map(|(id, name, _)| (id, name)).collect())
}

/// Starts the index: waits for the database, builds in the background, follows changes. Call
/// once, from a component that lives as long as the app (the command palette); later calls
/// return the same state.
pub fn install(state: AppState) -> SearchIndexState {
    if let Some(handle) = HANDLE.with(Cell::get) {
        return handle;
    }
    let handle = SearchIndexState { status: RwSignal::new(IndexStatus::Waiting), version: RwSignal::new(0) };
    HANDLE.with(|slot| slot.set(Some(handle)));
    APP.with(|slot| slot.set(Some(state)));

    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        if state.db_status.get() != DbStatus::Ready {
            return false;
        }
        // Every change, of this tab and of the others, from the app's change bus.
        state.listen(move |change, _origin| follow(change, handle));
        PENDING.with(|pending| pending.borrow_mut().rebuild = true);
        set_timeout(move || run(handle), std::time::Duration::from_millis(START_DELAY_MS as u64));
        true
    });
    handle
}

/// Notes what a change wrote and wakes the worker.
fn follow(change: &ChangeSet, handle: SearchIndexState) {
    let stores: BTreeSet<StoreName> = change.stores.iter().copied().filter(|store| INDEXED.contains(store)).collect();
    if stores.is_empty() {
        return;
    }
    if change.ids.is_empty() {
        SHOWN.with(|shown| shown.borrow_mut().clear());
    } else {
        forget_shown(&change.ids);
    }
    PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        // A cleared store names no ids; a huge change is cheaper to rebuild than to follow.
        if change.ids.is_empty() || change.ids.len() * stores.len() > MAX_FOLLOWED_READS {
            pending.rebuild = true;
        } else {
            pending.ids.extend(change.ids.iter().copied());
            pending.stores.extend(stores);
        }
    });
    // Before the first build starts, the build will read everything anyway.
    if handle.status.get_untracked() != IndexStatus::Waiting {
        run(handle);
    }
}

/// Runs the worker unless it is running: it takes what is pending until nothing is.
fn run(handle: SearchIndexState) {
    if RUNNING.with(|running| running.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async move {
        loop {
            let (rebuild, ids, stores) = PENDING.with(|pending| {
                let mut pending = pending.borrow_mut();
                let rebuild = std::mem::take(&mut pending.rebuild);
                (rebuild, std::mem::take(&mut pending.ids), std::mem::take(&mut pending.stores))
            });
            let outcome = if rebuild {
                build(handle).await
            } else if !ids.is_empty() {
                refresh(ids, stores).await
            } else {
                break;
            };
            if let Err(error) = outcome {
                // The database went away (another tab upgraded it): stop quietly, the page says so.
                if state_closed() {
                    break;
                }
                handle.status.set(IndexStatus::Failed);
                leptos::logging::warn!("search index: {error:?}");
                break;
            }
            handle.version.update(|version| *version += 1);
        }
        RUNNING.with(|running| running.set(false));
    });
}

fn state_closed() -> bool {
    APP.with(Cell::get).is_some_and(|state| state.db_status.get_untracked() == DbStatus::UpdatedElsewhere)
}

/// Reads every searchable record, a page at a time, into a fresh index.
async fn build(handle: SearchIndexState) -> Result<(), baton_core::store::StoreError> {
    let service = state::service();
    let store = service.store();
    let mut total = 0u64;
    for name in INDEXED {
        total += store.count(Query::all(name)).await?;
    }
    // Changes that arrive while building are re-read afterwards (the pages already read may hold
    // their old versions).
    PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        pending.ids.clear();
        pending.stores.clear();
    });
    INDEX.with(|index| index.borrow_mut().clear());
    let mut done = 0u64;
    handle.status.set(IndexStatus::Building { done, total });
    let mut last_shown = now_ms();
    for name in INDEXED {
        let mut after: Option<Id> = None;
        loop {
            let range = match after {
                None => KeyRange::all(),
                Some(id) => KeyRange { lower: Some(Key::id(id)), lower_open: true, ..KeyRange::default() },
            };
            let query =
                Query { store: name, index: None, range, reverse: false, offset: 0, limit: Some(page_size(name)) };
            let records = match store.read(vec![Read::Query(query)]).await?.0.into_iter().next() {
                Some(Fetched::Records(records)) => records,
                _ => Vec::new(),
            };
            let mut slice_started = now_ms();
            for record in &records {
                INDEX.with(|index| index.borrow_mut().index_record(record));
                if now_ms() - slice_started > SLICE_MS {
                    crate::platform::yield_to_browser().await;
                    slice_started = now_ms();
                }
            }
            done += records.len() as u64;
            if records.len() < page_size(name) as usize {
                break;
            }
            after = records.last().map(AnyRecord::id);
            // Searches typed meanwhile see what is indexed so far; showing it (and the progress)
            // waits for the next second.
            if now_ms() - last_shown >= PROGRESS_MS {
                handle.status.set(IndexStatus::Building { done, total: total.max(done) });
                handle.version.update(|version| *version += 1);
                last_shown = now_ms();
            }
            crate::platform::yield_to_browser().await;
        }
    }
    INDEX.with(|index| index.borrow_mut().shrink());
    handle.status.set(IndexStatus::Ready);
    Ok(())
}

/// Reads the changed records again: each is re-indexed where it is found, dropped where not.
async fn refresh(ids: BTreeSet<Id>, stores: BTreeSet<StoreName>) -> Result<(), baton_core::store::StoreError> {
    let service = state::service();
    let ids: Vec<Id> = ids.into_iter().collect();
    let per_read = (GETS_PER_READ / stores.len().max(1)).max(1);
    for chunk in ids.chunks(per_read) {
        let reads: Vec<Read> =
            chunk.iter().flat_map(|id| stores.iter().map(move |store| Read::Get { store: *store, id: *id })).collect();
        let fetched = service.store().read(reads).await?;
        let mut found: Vec<AnyRecord> = Vec::new();
        for result in fetched.0 {
            if let Fetched::Record(Some(record)) = result {
                found.push(record);
            }
        }
        INDEX.with(|index| {
            let mut index = index.borrow_mut();
            for id in chunk {
                match found.iter().find(|record| record.id() == *id) {
                    Some(record) => index.index_record(record),
                    None => index.remove(*id),
                }
            }
        });
    }
    Ok(())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}
