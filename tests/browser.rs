//! Browser tests (wasm-bindgen-test in headless Chromium; `scripts/test.sh`, stage `test-browser`).
//!
//! They prove that the IndexedDB adapter keeps the storage contract of `baton_core::store`: the
//! schema it builds, records that come back equal, the same pages and counts as the in-memory
//! store, all-or-nothing transactions, migrations from a database written by version 1, a
//! connection that gives way when another tab upgrades, and errors a user can act on. Then the
//! domain service over IndexedDB, and the app mounting.
//!
//! Every test uses its own database (`baton-test-…`), deletes it at its start and closes its
//! connections, so the tests are independent of each other and of earlier runs.

#![cfg(target_arch = "wasm32")]

use baton::storage::{self, IdbStore, OpenOptions};
use baton_core::memory::MemoryStore;
use baton_core::records::*;
use baton_core::schema::{self, ix, IndexDef, Migration, Step, LIVE, NAME_KEY, SCHEMA_VERSION, STORES};
use baton_core::service::{self, ProjectSort, Service, TestEnv};
use baton_core::store::{
    ChangeSet, Durability, Fetched, Fetches, Key, KeyRange, Query, Read, Store, StoreError, Write,
};
use baton_core::validate::{ProjectDraft, CREDITS_MAX};
use baton_core::{Id, Timestamp};
use chrono::Duration;
use futures::future::{select, Either};
use idb::DatabaseEvent;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::future::{Future, IntoFuture};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// ----- helpers -------------------------------------------------------------------------------

/// The version one above the current schema, for test-only migrations.
const NEXT_VERSION: u32 = SCHEMA_VERSION + 1;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a valid test time")
}

/// Resolves after `ms` milliseconds (a `setTimeout` tick: lets the page and IndexedDB run).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("setTimeout resolves");
}

/// Awaits `future`, failing the test if it takes longer than `ms` (a blocked open or delete would
/// otherwise hang until the runner's timeout).
async fn within<T>(ms: i32, what: &str, future: impl Future<Output = T>) -> T {
    let timer = sleep(ms);
    futures::pin_mut!(future);
    futures::pin_mut!(timer);
    match select(future, timer).await {
        Either::Left((value, _)) => value,
        Either::Right(_) => panic!("{what} did not finish within {ms} ms"),
    }
}

async fn delete(name: &str) {
    within(10_000, "deleting the test database", storage::delete_database(name))
        .await
        .expect("the test database can be deleted");
}

async fn open(name: &'static str, migrations: &'static [Migration]) -> Result<IdbStore, StoreError> {
    within(10_000, "opening the test database", storage::open_with(OpenOptions { name, migrations })).await
}

/// Deletes the database, then opens it afresh with `migrations`.
async fn fresh(name: &'static str, migrations: &'static [Migration]) -> IdbStore {
    delete(name).await;
    open(name, migrations).await.expect("the test database opens")
}

/// The real migrations followed by one test-only migration to [`NEXT_VERSION`].
fn with_next(description: &'static str, steps: fn() -> Vec<Step>) -> &'static [Migration] {
    let mut list = schema::MIGRATIONS.to_vec();
    list.push(Migration { version: NEXT_VERSION, description, steps });
    Box::leak(list.into_boxed_slice())
}

/// Puts records in one transaction (into every store they belong to).
async fn put_all<S: Store>(store: &S, records: &[AnyRecord]) {
    let stores: Vec<StoreName> = records.iter().map(AnyRecord::store).collect::<BTreeSet<_>>().into_iter().collect();
    let writes: Vec<Write> = records.iter().cloned().map(Write::Put).collect();
    store
        .transact(vec![], &stores, Durability::Relaxed, move |_| Ok::<_, StoreError>((writes, ())))
        .await
        .expect("the records are stored");
}

/// A JavaScript value as JSON (through `JSON.stringify`).
fn js_to_json(value: &JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(value).expect("stringify").into();
    serde_json::from_str(&text).expect("valid JSON")
}

/// A second connection made with the `idb` crate only (no Baton code, no version: no upgrade),
/// to look at what IndexedDB really holds.
async fn raw_open(name: &str) -> idb::Database {
    let request = idb::Factory::new().expect("IndexedDB").open(name, None).expect("open request");
    within(10_000, "opening a raw connection", request.into_future()).await.expect("a raw connection opens")
}

/// The stored form of one record, as IndexedDB holds it.
async fn raw_get(name: &str, store: StoreName, id: Id) -> Option<Value> {
    let db = raw_open(name).await;
    let transaction = db.transaction(&[store.as_str()], idb::TransactionMode::ReadOnly).expect("transaction");
    let request = transaction.object_store(store.as_str()).expect("store").get(JsValue::from_str(&id.to_string()));
    let value = request.expect("get").await.expect("get succeeds");
    db.close();
    value.as_ref().map(js_to_json)
}

/// The ids a `Fetched::Records` holds, in order.
fn ids_of(fetched: &Fetched) -> Vec<Id> {
    match fetched {
        Fetched::Records(records) => records.iter().map(AnyRecord::id).collect(),
        other => panic!("expected records, got {other:?}"),
    }
}

fn live_prefix(parts: Vec<Key>) -> KeyRange {
    service::live(parts)
}

// ----- records -------------------------------------------------------------------------------

fn project(id: Id, name: &str, status: ProjectStatus, updated: Timestamp, deleted: Option<Timestamp>) -> Project {
    Project {
        id,
        created_at: updated.minus(Duration::days(3)),
        updated_at: updated,
        deleted_at: deleted,
        rev: 1,
        name: name.into(),
        description: String::new(),
        status,
        tags: vec![],
        repository_url: None,
        notes: String::new(),
        state: LivingState::default(),
    }
}

fn state() -> LivingState {
    LivingState {
        goal: "Ship the “first” release".into(),
        current_state: "Halfway; quotes \" and \\ backslashes,\nnew lines, \u{2028} separators and emoji 🦀".into(),
        next_steps: vec!["Deploy".into(), "Write the changelog".into()],
        decisions: vec![Decision {
            text: "Use Leptos".into(),
            rationale: "Rust everywhere".into(),
            rejected_alternatives: vec!["React".into()],
            decided_at: Some(at("2026-01-05T09:30:00Z")),
        }],
        constraints: vec!["No server".into()],
        files: vec![KeyFile { path: "src/main.rs".into(), importance: Importance::High, notes: "entry".into() }],
        do_not_redo: vec!["The storage spike".into()],
    }
}

/// One record of every store, with every field set (nothing left at its default).
fn one_of_each() -> Vec<AnyRecord> {
    let t = |text: &str| at(text);
    let project_id = Id::v7(1_767_600_000_000, [1; 10]);
    let account_id = Id::v7(1_767_600_001_000, [2; 10]);
    let session_id = Id::v7(1_767_600_002_000, [3; 10]);
    let handoff_id = Id::v7(1_767_600_003_000, [4; 10]);
    let checkpoint_id = Id::v7(1_767_600_004_000, [5; 10]);
    let project = Project {
        id: project_id,
        created_at: t("2026-01-05T09:00:00Z"),
        updated_at: t("2026-01-06T10:30:00.123Z"),
        deleted_at: None,
        rev: 7,
        name: "Ünïcode & <Project>".into(),
        description: "A description".into(),
        status: ProjectStatus::Paused,
        tags: vec!["web".into(), "Rust".into()],
        repository_url: Some("https://example.com/alpha.git".into()),
        notes: "Notes".into(),
        state: state(),
    };
    let account = Account {
        id: account_id,
        created_at: t("2026-01-01T00:00:00Z"),
        updated_at: t("2026-01-02T00:00:00Z"),
        deleted_at: Some(t("2026-01-03T00:00:00Z")),
        rev: 2,
        name: "Claude Work".into(),
        platform: Platform::Other,
        platform_label: "Local model".into(),
        email: "me@example.com".into(),
        plan: "Max".into(),
        specializations: vec!["rust".into()],
        credits_available: -CREDITS_MAX,
        credit_limit: CREDITS_MAX,
        refresh: Refresh::EveryNDays { days: 3 },
        next_refresh_at: Some(t("2026-01-12T00:00:00Z")),
        context_window_tokens: 200_000,
        notes: "n".into(),
        status: AccountStatus::Exhausted,
        bundle_language: None,
    };
    let ledger = LedgerEntry {
        id: Id::v7(1_767_600_005_000, [6; 10]),
        created_at: t("2026-01-02T00:00:00Z"),
        updated_at: t("2026-01-02T00:00:00Z"),
        deleted_at: None,
        rev: 1,
        account_id,
        at: t("2026-01-02T00:00:00Z"),
        delta: -150,
        balance_after: 4_850,
        reason: LedgerReason::Session,
        session_id: Some(session_id),
        note: "used".into(),
    };
    let session = Session {
        id: session_id,
        created_at: t("2026-01-02T00:00:00Z"),
        updated_at: t("2026-01-02T01:00:00Z"),
        deleted_at: None,
        rev: 3,
        project_id,
        account_id: Some(account_id),
        account_label: "Claude Work".into(),
        number: 12,
        session_type: SessionType::Bugfix,
        title: "Fix it".into(),
        objectives: "o".into(),
        status: SessionStatus::HandedOff,
        started_at: t("2026-01-02T00:00:00Z"),
        ended_at: Some(t("2026-01-02T01:00:00Z")),
        duration_minutes: Some(60),
        credit_budget: Some(500),
        credits_used: 150,
        accomplishments: "a".into(),
        blockers: "b".into(),
        state_notes: "s".into(),
        next_steps: "n".into(),
        decisions: "d".into(),
        notes: "x".into(),
        from_handoff_id: None,
        to_handoff_id: Some(handoff_id),
    };
    let turn = TranscriptTurn {
        id: Id::v7(1_767_600_006_000, [7; 10]),
        created_at: t("2026-01-02T00:05:00Z"),
        updated_at: t("2026-01-02T00:05:00Z"),
        deleted_at: None,
        rev: 1,
        session_id,
        seq: 4,
        role: Role::Assistant,
        content: "Here is the fix:\n```rust\nlet x = 1;\n```".into(),
        at: Some(t("2026-01-02T00:05:00Z")),
        tokens: 42,
    };
    let checkpoint = Checkpoint {
        id: checkpoint_id,
        created_at: t("2026-01-02T01:00:00Z"),
        updated_at: t("2026-01-02T01:00:00Z"),
        deleted_at: None,
        rev: 1,
        project_id,
        session_id: Some(session_id),
        kind: CheckpointKind::Handoff,
        label: "Before the handoff".into(),
        note: "note".into(),
        git_ref: Some("a1b2c3".into()),
        state: state(),
        file_count: Some(12),
        code_lines: Some(3_400),
    };
    let handoff = Handoff {
        id: handoff_id,
        created_at: t("2026-01-02T01:00:00Z"),
        updated_at: t("2026-01-02T01:10:00Z"),
        deleted_at: None,
        rev: 2,
        project_id,
        from_session_id: Some(session_id),
        from_account_id: Some(account_id),
        to_account_id: None,
        priority: 8,
        status: HandoffStatus::Processing,
        failure_reason: String::new(),
        queued_at: t("2026-01-02T01:00:00Z"),
        started_at: Some(t("2026-01-02T01:05:00Z")),
        finished_at: None,
        checkpoint_id: Some(checkpoint_id),
        result_session_id: None,
        bundle: Bundle {
            format: BundleFormat::Xml,
            target_platform: Platform::Gemini,
            budget: 8_000,
            estimated_tokens: 2_345,
            sections: vec!["goal".into(), "state".into()],
            trimmed: vec!["transcript".into()],
            lint: vec![LintNote { kind: "secret".into(), severity: "warning".into(), message: "m".into() }],
            text: "<goal>Ship</goal>".into(),
        },
    };
    let knowledge = KnowledgeEntry {
        id: Id::v7(1_767_600_007_000, [8; 10]),
        created_at: t("2026-01-03T00:00:00Z"),
        updated_at: t("2026-01-03T00:00:00Z"),
        deleted_at: None,
        rev: 1,
        category: KnowledgeCategory::ErrorSolution,
        title: "Fix the borrow".into(),
        body: "Clone it.".into(),
        tags: vec!["Rust".into(), "Borrowck".into()],
        project_id: Some(project_id),
        source_session_id: Some(session_id),
        usage_count: 4,
        helped: 3,
        did_not_help: 1,
    };
    let event = ActivityEvent {
        id: Id::v7(1_767_600_008_000, [9; 10]),
        created_at: t("2026-01-03T00:00:00Z"),
        updated_at: t("2026-01-03T00:00:00Z"),
        deleted_at: None,
        rev: 1,
        at: t("2026-01-03T00:00:00Z"),
        kind: EventKind::HandedOff,
        record_type: RecordType::Handoff,
        record_id: Some(handoff_id),
        summary: "Handed off".into(),
    };
    let backup = Backup {
        id: Id::v7(1_767_600_009_000, [10; 10]),
        created_at: t("2026-01-04T00:00:00Z"),
        updated_at: t("2026-01-04T00:00:00Z"),
        deleted_at: None,
        rev: 1,
        at: t("2026-01-04T00:00:00Z"),
        reason: BackupReason::BeforeImport,
        counts: [("projects".to_string(), 1), ("accounts".to_string(), 1)].into_iter().collect(),
        bytes: 18,
    };
    let backup_document = BackupDocument {
        id: backup.id,
        created_at: backup.created_at,
        updated_at: backup.updated_at,
        deleted_at: None,
        rev: 1,
        document: "{\"format\":\"baton\"}".into(),
    };
    vec![
        project.into_any(),
        account.into_any(),
        ledger.into_any(),
        session.into_any(),
        turn.into_any(),
        checkpoint.into_any(),
        handoff.into_any(),
        knowledge.into_any(),
        event.into_any(),
        backup.into_any(),
        backup_document.into_any(),
    ]
}

// ----- 1. schema -----------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn opening_builds_every_store_and_index_of_the_schema() {
    const NAME: &str = "baton-test-schema";
    let store = fresh(NAME, schema::MIGRATIONS).await;
    assert_eq!(store.version(), SCHEMA_VERSION);

    let db = raw_open(NAME).await;
    assert_eq!(db.version().unwrap(), SCHEMA_VERSION);
    let mut stored: Vec<String> = db.store_names();
    stored.sort();
    let mut expected: Vec<String> = STORES.iter().map(|def| def.store.as_str().to_string()).collect();
    expected.sort();
    assert_eq!(stored, expected, "object stores");
    assert_eq!(stored.len(), StoreName::ALL.len());

    let names: Vec<&str> = STORES.iter().map(|def| def.store.as_str()).collect();
    let transaction = db.transaction(&names, idb::TransactionMode::ReadOnly).unwrap();
    for def in STORES {
        let object_store = transaction.object_store(def.store.as_str()).unwrap();
        assert_eq!(object_store.key_path().unwrap(), Some(idb::KeyPath::new_single("id")), "{} key", def.store);
        assert!(!object_store.auto_increment(), "{} keys are the records' ids", def.store);
        let mut indexes = object_store.index_names();
        indexes.sort();
        let mut expected: Vec<String> = def.indexes.iter().map(|index| index.name.to_string()).collect();
        expected.sort();
        assert_eq!(indexes, expected, "indexes of {}", def.store);
        for index in def.indexes {
            let stored = object_store.index(index.name).unwrap();
            let key_path = match index.key_path {
                [single] => idb::KeyPath::new_single(single),
                several => idb::KeyPath::new_array(several.iter().copied()),
            };
            assert_eq!(stored.key_path().unwrap(), Some(key_path), "key path of {}.{}", def.store, index.name);
            assert_eq!(stored.unique(), index.unique, "{}.{} unique", def.store, index.name);
            assert_eq!(stored.multi_entry(), index.multi_entry, "{}.{} multiEntry", def.store, index.name);
        }
    }
    db.close();
    store.close();
}

// ----- 2. write then read --------------------------------------------------------------------

#[wasm_bindgen_test]
async fn records_of_every_store_come_back_equal() {
    const NAME: &str = "baton-test-round-trip";
    let store = fresh(NAME, schema::MIGRATIONS).await;
    let records = one_of_each();
    assert_eq!(records.iter().map(AnyRecord::store).collect::<BTreeSet<_>>().len(), StoreName::ALL.len());

    let writes: Vec<Write> = records.iter().cloned().map(Write::Put).collect();
    let (count, change) = store
        .transact(vec![], &StoreName::ALL, Durability::Strict, move |fetched| {
            assert!(fetched.0.is_empty());
            let count = writes.len();
            Ok::<_, StoreError>((writes, count))
        })
        .await
        .unwrap();
    assert_eq!(count, StoreName::ALL.len());
    assert_eq!(change.stores, StoreName::ALL.into_iter().collect());
    assert_eq!(change.ids, records.iter().map(AnyRecord::id).collect());

    for record in &records {
        let fetched = store.read(vec![Read::Get { store: record.store(), id: record.id() }]).await.unwrap();
        assert_eq!(fetched.0, vec![Fetched::Record(Some(record.clone()))], "{} round trip", record.store());
        // Stored exactly in the form the schema defines (record JSON plus derived index fields).
        let raw = raw_get(NAME, record.store(), record.id()).await.expect("stored");
        assert_eq!(raw, schema::stored_form(record), "stored form of {}", record.store());
    }
    let project = Project::from_any(records[0].clone()).unwrap();
    assert_eq!(store.get::<Project>(project.id).await.unwrap(), Some(project.clone()));
    assert_eq!(raw_get(NAME, StoreName::Projects, project.id).await.unwrap()[NAME_KEY], json!("ünïcode & <project>"));
    assert_eq!(raw_get(NAME, StoreName::Accounts, records[1].id()).await.unwrap().get(LIVE), None, "trashed");

    // Several reads of several stores in one read-only transaction, in the declared order.
    let missing = Id::v7(1, [0; 10]);
    let fetched = store
        .read(vec![
            Read::get::<Account>(missing),
            Read::get::<Project>(project.id),
            Read::Query(Query::index(StoreName::Sessions, ix::LIVE_PROJECT, live_prefix(vec![Key::id(project.id)]))),
            Read::Count(Query::all(StoreName::Events)),
            Read::Query(Query::index(StoreName::Knowledge, ix::TAGS, KeyRange::only(Key::str("borrowck")))),
            Read::Count(Query::index(StoreName::Accounts, ix::TRASH, KeyRange::all())),
        ])
        .await
        .unwrap();
    assert_eq!(fetched.0.len(), 6);
    assert_eq!(fetched.0[0], Fetched::Record(None));
    assert_eq!(fetched.record::<Project>(1), Some(project.clone()));
    assert_eq!(ids_of(&fetched.0[2]), vec![records[3].id()]);
    assert_eq!(fetched.count(3), 1);
    assert_eq!(ids_of(&fetched.0[4]), vec![records[7].id()]);
    assert_eq!(fetched.count(5), 1);
    assert_eq!(store.read(vec![]).await.unwrap(), Fetches::default());

    // Read, decide and write in one transaction: overwrite, delete and clear.
    let renamed = Project { name: "Renamed".into(), rev: 8, ..project.clone() };
    let ledger_id = records[2].id();
    let (seen, change) = store
        .transact(
            vec![Read::get::<Project>(project.id), Read::Count(Query::all(StoreName::Ledger))],
            &[StoreName::Projects, StoreName::Ledger, StoreName::Backups],
            Durability::Relaxed,
            |fetched| {
                let seen = fetched.record::<Project>(0).map(|p| p.rev);
                let writes = vec![
                    Write::put(renamed.clone()),
                    Write::Delete { store: StoreName::Ledger, id: ledger_id },
                    Write::Clear(StoreName::Backups),
                ];
                Ok::<_, StoreError>((writes, (seen, fetched.count(1))))
            },
        )
        .await
        .unwrap();
    assert_eq!(seen, (Some(7), 1));
    assert_eq!(change.stores, [StoreName::Projects, StoreName::Ledger, StoreName::Backups].into_iter().collect());
    assert_eq!(store.get::<Project>(project.id).await.unwrap(), Some(renamed.clone()));
    assert_eq!(store.get::<LedgerEntry>(ledger_id).await.unwrap(), None);
    assert_eq!(store.count(Query::all(StoreName::Backups)).await.unwrap(), 0);

    // A new connection sees the committed data.
    store.close();
    let again = open(NAME, schema::MIGRATIONS).await.unwrap();
    assert_eq!(again.get::<Project>(project.id).await.unwrap(), Some(renamed));
    for record in &records[3..9] {
        let fetched = again.read(vec![Read::Get { store: record.store(), id: record.id() }]).await.unwrap();
        assert_eq!(fetched.record_any(), Some(record.clone()));
    }
    again.close();
}

trait FirstRecord {
    fn record_any(&self) -> Option<AnyRecord>;
}

impl FirstRecord for Fetches {
    fn record_any(&self) -> Option<AnyRecord> {
        match self.0.first() {
            Some(Fetched::Record(record)) => record.clone(),
            _ => None,
        }
    }
}

// ----- 3. the same pages as the in-memory store ----------------------------------------------

/// 45 projects: names that tie after lower-casing, shared update and trash times (ties broken by
/// id, whose order differs from the creation order), every status, every fifth one trashed.
fn paging_projects() -> Vec<Project> {
    let names = ["alpha", "Beta", "gamma", "ALPHA", "Émile", "zeta", "Zeta", "10 rules", "9 lives", "straße"];
    let base = at("2026-03-01T00:00:00Z");
    (0..45u64)
        .map(|n| {
            // 37 is coprime with 45: ids are a permutation of 45 instants, not in `n` order.
            let id = Id::v7(1_772_323_200_000 + (n * 37 % 45) * 1_000, [n as u8; 10]);
            let name =
                if n < 20 { names[n as usize % 10].to_string() } else { format!("{} {n}", names[n as usize % 10]) };
            let updated = base.plus(Duration::hours((n * 17 % 30) as i64));
            let deleted = (n % 5 == 2).then(|| at(["2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"][n as usize % 2]));
            let mut project = project(id, &name, ProjectStatus::ALL[n as usize % 4], updated, deleted);
            project.created_at = base.minus(Duration::days((n % 9) as i64));
            project
        })
        .collect()
}

fn knowledge(n: u64, tags: &[&str], category: KnowledgeCategory, usage: u32, trashed: bool) -> KnowledgeEntry {
    let now = at("2026-02-01T00:00:00Z");
    KnowledgeEntry {
        id: Id::v7(1_769_904_000_000 + n, [n as u8; 10]),
        created_at: now,
        updated_at: now,
        deleted_at: trashed.then_some(now),
        rev: 1,
        category,
        title: format!("Entry {n}"),
        body: String::new(),
        tags: tags.iter().map(|tag| tag.to_string()).collect(),
        project_id: None,
        source_session_id: None,
        usage_count: usage,
        helped: 0,
        did_not_help: 0,
    }
}

async fn assert_same_answers(idb: &IdbStore, memory: &MemoryStore, label: &str, query: Query) -> Vec<Id> {
    let reads = vec![Read::Query(query.clone()), Read::Count(query)];
    let from_idb = idb.read(reads.clone()).await.unwrap_or_else(|error| panic!("{label}: {error:?}"));
    let from_memory = memory.read(reads).await.unwrap();
    assert_eq!(ids_of(&from_idb.0[0]), ids_of(&from_memory.0[0]), "{label}: the same records in the same order");
    assert_eq!(from_idb.count(1), from_memory.count(1), "{label}: the same count");
    assert_eq!(from_idb, from_memory, "{label}: equal records");
    ids_of(&from_idb.0[0])
}

#[wasm_bindgen_test]
async fn pages_and_counts_through_indexes_match_the_memory_store() {
    const NAME: &str = "baton-test-pages";
    let idb = fresh(NAME, schema::MIGRATIONS).await;
    let memory = MemoryStore::new();
    let projects = paging_projects();
    let records: Vec<AnyRecord> = projects.iter().cloned().map(Project::into_any).collect();
    put_all(&idb, &records).await;
    put_all(&memory, &records).await;

    // An expectation computed without either store: live projects, newest update first, ties by
    // id (IndexedDB's "prev" visits duplicate keys in descending primary-key order).
    let mut live: Vec<&Project> = projects.iter().filter(|p| p.deleted_at.is_none()).collect();
    live.sort_by_key(|project| std::cmp::Reverse((project.updated_at, project.id.to_string())));
    assert_eq!(live.len(), 36);
    let live_updated = Query::index(StoreName::Projects, ix::LIVE_UPDATED, live_prefix(vec![]));
    assert_eq!(idb.count(live_updated.clone()).await.unwrap(), 36);
    let first =
        assert_same_answers(&idb, &memory, "live, newest first", live_updated.clone().reverse().page(0, 10)).await;
    assert_eq!(first, live[..10].iter().map(|p| p.id).collect::<Vec<_>>());

    let paused = KeyRange::prefix(vec![Key::Num(1.0), Key::str("paused")]);
    let t = |text: &str| Key::str(at(text).to_text());
    let queries: Vec<(&str, Query)> = vec![
        ("live, oldest first (getAll)", live_updated.clone()),
        ("live, oldest first, first page", live_updated.clone().page(0, 10)),
        ("live, oldest first, offset", live_updated.clone().page(5, 7)),
        ("live, newest first, page 2", live_updated.clone().reverse().page(10, 10)),
        ("live, newest first, last partial page", live_updated.clone().reverse().page(30, 10)),
        ("live, offset at the end", live_updated.clone().reverse().page(36, 10)),
        ("live, offset beyond the end", live_updated.clone().page(100, 5)),
        ("live, offset beyond the end, reverse", live_updated.clone().reverse().page(100, 5)),
        ("limit 0", live_updated.clone().page(0, 0)),
        ("limit 0, reverse", live_updated.clone().reverse().page(0, 0)),
        ("by name, ties", Query::index(StoreName::Projects, ix::LIVE_NAME, live_prefix(vec![]))),
        ("by name, page 2", Query::index(StoreName::Projects, ix::LIVE_NAME, live_prefix(vec![])).page(20, 20)),
        (
            "by name, reverse",
            Query::index(StoreName::Projects, ix::LIVE_NAME, live_prefix(vec![])).reverse().page(3, 9),
        ),
        (
            "by name, only \"alpha\"",
            Query::index(
                StoreName::Projects,
                ix::LIVE_NAME,
                KeyRange::only(Key::Arr(vec![Key::Num(1.0), "alpha".into()])),
            ),
        ),
        ("by name, prefix", Query::index(StoreName::Projects, ix::LIVE_NAME, live_prefix(vec![Key::str("zeta")]))),
        ("status paused", Query::index(StoreName::Projects, ix::LIVE_STATUS, paused.clone()).reverse()),
        ("status paused, page", Query::index(StoreName::Projects, ix::LIVE_STATUS, paused).reverse().page(2, 3)),
        (
            "status active, between two times",
            Query::index(
                StoreName::Projects,
                ix::LIVE_STATUS,
                KeyRange::prefix_between(
                    vec![Key::Num(1.0), Key::str("active")],
                    Some(t("2026-03-01T05:00:00Z")),
                    Some(t("2026-03-01T20:00:00Z")),
                ),
            ),
        ),
        (
            "updated since, newest first",
            Query::index(
                StoreName::Projects,
                ix::LIVE_UPDATED,
                KeyRange::prefix_between(vec![Key::Num(1.0)], Some(t("2026-03-01T12:00:00Z")), None),
            )
            .reverse(),
        ),
        (
            "created until",
            Query::index(
                StoreName::Projects,
                ix::LIVE_CREATED,
                KeyRange::prefix_between(vec![Key::Num(1.0)], None, Some(t("2026-02-25T00:00:00Z"))),
            ),
        ),
        (
            "updated, open bounds",
            Query::index(
                StoreName::Projects,
                ix::LIVE_UPDATED,
                KeyRange {
                    lower: Some(Key::Arr(vec![Key::Num(1.0), t("2026-03-01T03:00:00Z")])),
                    upper: Some(Key::Arr(vec![Key::Num(1.0), t("2026-03-01T17:00:00Z")])),
                    lower_open: true,
                    upper_open: true,
                },
            )
            .reverse()
            .page(1, 4),
        ),
        ("trash", Query::index(StoreName::Projects, ix::TRASH, KeyRange::all()).reverse()),
        (
            "trash, only one time",
            Query::index(StoreName::Projects, ix::TRASH, KeyRange::only(t("2026-04-01T00:00:00Z"))),
        ),
        ("trash, page", Query::index(StoreName::Projects, ix::TRASH, KeyRange::all()).page(1, 3)),
        ("primary key, all", Query::all(StoreName::Projects)),
        ("primary key, reverse page", Query::all(StoreName::Projects).reverse().page(3, 4)),
        (
            "primary key, range",
            Query {
                range: KeyRange {
                    lower: Some(Key::id(projects[3].id)),
                    upper: Some(Key::id(projects[30].id)),
                    lower_open: true,
                    upper_open: false,
                },
                ..Query::all(StoreName::Projects)
            },
        ),
        (
            "live, below a bound only",
            Query::index(
                StoreName::Projects,
                ix::LIVE_UPDATED,
                KeyRange { upper: Some(Key::Arr(vec![Key::Num(1.0), t("2026-03-01T10:00:00Z")])), ..KeyRange::all() },
            ),
        ),
    ];
    for (label, query) in queries {
        assert_same_answers(&idb, &memory, label, query).await;
    }
    let only = Query::index(StoreName::Projects, ix::TRASH, KeyRange::only(t("2026-04-01T00:00:00Z")));
    assert_eq!(idb.count(only).await.unwrap(), 5, "trashed at the first time: n = 2, 12, 22, 32, 42");

    // Multi-entry tags (lower-cased, de-duplicated, live only) and the knowledge indexes.
    let entries = vec![
        knowledge(1, &["Rust", "rust", "web"], KnowledgeCategory::Tip, 5, false),
        knowledge(2, &["WEB"], KnowledgeCategory::Pattern, 9, false),
        knowledge(3, &[], KnowledgeCategory::Tip, 5, false),
        knowledge(4, &["rust"], KnowledgeCategory::Tip, 1, true),
        knowledge(5, &["straße", "SS", "rust"], KnowledgeCategory::Tip, 0, false),
    ];
    let records: Vec<AnyRecord> = entries.into_iter().map(KnowledgeEntry::into_any).collect();
    put_all(&idb, &records).await;
    put_all(&memory, &records).await;
    let tags = |range| Query::index(StoreName::Knowledge, ix::TAGS, range);
    let rust = assert_same_answers(&idb, &memory, "tag rust", tags(KeyRange::only(Key::str("rust")))).await;
    assert_eq!(rust, vec![records[0].id(), records[4].id()]);
    let all = assert_same_answers(&idb, &memory, "every tag entry", tags(KeyRange::all())).await;
    assert_eq!(all.len(), 6, "one entry per distinct tag of a live record");
    assert_same_answers(&idb, &memory, "tags, reverse page", tags(KeyRange::all()).reverse().page(1, 3)).await;
    let usage = Query::index(StoreName::Knowledge, ix::LIVE_USAGE, live_prefix(vec![])).reverse();
    assert_same_answers(&idb, &memory, "most used", usage).await;
    let tips = Query::index(StoreName::Knowledge, ix::LIVE_CATEGORY, live_prefix(vec![Key::str("tip")])).reverse();
    assert_same_answers(&idb, &memory, "tips, most used", tips).await;
    idb.close();
}

// ----- 4. all or nothing ---------------------------------------------------------------------

/// A unique index (the schema has none): two live projects may not share a lower-cased name.
const UNIQUE_NAME: IndexDef =
    IndexDef { name: "test_unique_name", key_path: &[NAME_KEY], unique: true, multi_entry: false };

fn unique_name_steps() -> Vec<Step> {
    vec![Step::CreateIndex(StoreName::Projects, UNIQUE_NAME)]
}

#[wasm_bindgen_test]
async fn a_failed_decision_or_write_leaves_the_data_as_it_was() {
    const NAME: &str = "baton-test-all-or-nothing";
    let store = fresh(NAME, with_next("Unique project names (test).", unique_name_steps)).await;
    let day = at("2026-05-01T00:00:00Z");
    let kept = project(Id::v7(1_777_593_600_000, [1; 10]), "Kept", ProjectStatus::Active, day, None);
    put_all(&store, &[kept.clone().into_any()]).await;
    let fresh_project = project(Id::v7(1_777_593_601_000, [2; 10]), "Fresh", ProjectStatus::Active, day, None);
    let all_projects = || Query::all(StoreName::Projects);
    let before = store.query::<Project>(all_projects()).await.unwrap();
    assert_eq!(before, vec![kept.clone()]);

    // `decide` fails: nothing is written, the error is the caller's own.
    let edited = Project { description: "edited".into(), ..kept.clone() };
    let (to_put, also) = (edited.clone(), fresh_project.clone());
    let result = store
        .transact(vec![Read::get::<Project>(kept.id)], &[StoreName::Projects], Durability::Relaxed, move |fetched| {
            assert_eq!(fetched.record::<Project>(0).map(|p| p.name), Some("Kept".into()));
            let _writes_never_issued = [Write::put(to_put), Write::put(also)];
            Err::<(Vec<Write>, ()), _>(service::Error::NotFound(RecordType::Project))
        })
        .await;
    assert_eq!(result.unwrap_err(), service::Error::NotFound(RecordType::Project));
    assert_eq!(store.query::<Project>(all_projects()).await.unwrap(), before);

    // A write outside the declared stores: refused before anything is issued (the in-scope
    // writes of the same transaction included).
    let event = ActivityEvent {
        id: Id::v7(1_777_593_602_000, [3; 10]),
        created_at: day,
        updated_at: day,
        deleted_at: None,
        rev: 1,
        at: day,
        kind: EventKind::Updated,
        record_type: RecordType::Project,
        record_id: Some(kept.id),
        summary: "Edited".into(),
    };
    let writes = vec![Write::put(edited.clone()), Write::put(event.clone())];
    let error = store
        .transact(vec![], &[StoreName::Projects], Durability::Relaxed, move |_| Ok::<_, StoreError>((writes, ())))
        .await
        .unwrap_err();
    match &error {
        StoreError::Other(detail) => assert!(detail.contains("events") && detail.contains("not declared"), "{detail}"),
        other => panic!("expected the scope error, got {other:?}"),
    }
    assert_eq!(store.query::<Project>(all_projects()).await.unwrap(), before);
    assert_eq!(store.count(Query::all(StoreName::Events)).await.unwrap(), 0);

    // IndexedDB itself refuses a write (ConstraintError from the unique index) after other writes
    // of the same transaction succeeded: the browser rolls all of them back.
    let clash = project(Id::v7(1_777_593_603_000, [4; 10]), "KEPT", ProjectStatus::Paused, day, None);
    let writes = vec![Write::put(fresh_project.clone()), Write::put(edited.clone()), Write::put(clash.clone())];
    let error = store
        .transact(vec![], &[StoreName::Projects], Durability::Strict, move |_| Ok::<_, StoreError>((writes, ())))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Constraint(_)), "a unique-index clash is a constraint error, got {error:?}");
    assert!(store_text(&error).contains("Nothing was changed"), "{error:?}");
    assert_eq!(store.query::<Project>(all_projects()).await.unwrap(), before, "every write was rolled back");
    assert_eq!(store.get::<Project>(fresh_project.id).await.unwrap(), None);

    // The same failure when the clash is the first write, with a read before it.
    let writes = vec![Write::put(clash.clone()), Write::put(fresh_project.clone())];
    let error = store
        .transact(vec![Read::Count(all_projects())], &[StoreName::Projects], Durability::Relaxed, move |fetched| {
            assert_eq!(fetched.count(0), 1);
            Ok::<_, StoreError>((writes, ()))
        })
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Constraint(_)), "got {error:?}");
    assert_eq!(store.query::<Project>(all_projects()).await.unwrap(), before);

    // The connection is still usable, and a valid transaction commits.
    put_all(&store, &[fresh_project.clone().into_any(), edited.clone().into_any()]).await;
    assert_eq!(store.count(all_projects()).await.unwrap(), 2);
    assert_eq!(store.get::<Project>(kept.id).await.unwrap(), Some(edited));
    store.close();
}

// ----- 5. migrations from a frozen version-1 database ----------------------------------------

type FrozenIndex = (&'static str, &'static [&'static str], bool);

/// The schema of version 1 exactly as released: (store, [(index, key path, multiEntry)]). Frozen
/// here on purpose — it must not follow `schema::STORES` when that changes.
const V1_SCHEMA: &[(&str, &[FrozenIndex])] = &[
    (
        "projects",
        &[
            ("live_updated", &["_live", "updated_at"], false),
            ("live_created", &["_live", "created_at"], false),
            ("live_name", &["_live", "_name"], false),
            ("live_status", &["_live", "status", "updated_at"], false),
            ("trash", &["deleted_at"], false),
        ],
    ),
    (
        "accounts",
        &[
            ("live_name", &["_live", "_name"], false),
            ("live_status", &["_live", "status", "_name"], false),
            ("trash", &["deleted_at"], false),
        ],
    ),
    (
        "ledger",
        &[
            ("by_account", &["account_id", "at"], false),
            ("by_at", &["at"], false),
            ("by_session", &["session_id", "at"], false),
        ],
    ),
    (
        "sessions",
        &[
            ("live_started", &["_live", "started_at"], false),
            ("live_project", &["_live", "project_id", "started_at"], false),
            ("live_account", &["_live", "account_id", "started_at"], false),
            ("live_status", &["_live", "status", "started_at"], false),
            ("live_type", &["_live", "type", "started_at"], false),
            ("project_number", &["project_id", "number"], false),
            ("trash", &["deleted_at"], false),
        ],
    ),
    ("turns", &[("by_session", &["session_id", "seq"], false)]),
    (
        "checkpoints",
        &[
            ("live_project", &["_live", "project_id", "created_at"], false),
            ("by_session", &["session_id", "created_at"], false),
            ("trash", &["deleted_at"], false),
        ],
    ),
    (
        "handoffs",
        &[
            ("live_project", &["_live", "project_id", "queued_at"], false),
            ("live_status", &["_live", "status", "_urgency", "queued_at"], false),
            ("by_session", &["from_session_id", "queued_at"], false),
            ("by_to_account", &["to_account_id", "queued_at"], false),
            ("trash", &["deleted_at"], false),
        ],
    ),
    (
        "knowledge",
        &[
            ("live_usage", &["_live", "usage_count"], false),
            ("live_category", &["_live", "category", "usage_count"], false),
            ("live_project", &["_live", "project_id", "usage_count"], false),
            ("tags", &["_tags"], true),
            ("trash", &["deleted_at"], false),
        ],
    ),
    ("events", &[("by_at", &["at"], false), ("by_record", &["record_id", "at"], false)]),
    ("backups", &[("by_at", &["at"], false)]),
];

const V1_PROJECT_A: &str = "01940000-0000-7000-8000-00000000000a";
const V1_PROJECT_B: &str = "01940000-0000-7000-8000-00000000000b";
const V1_PROJECT_C: &str = "01940000-0000-7000-8000-00000000000c";
const V1_ACCOUNT: &str = "01940000-0000-7000-8000-0000000000a1";
const V1_KNOWLEDGE: &str = "01940000-0000-7000-8000-0000000000b1";
const V1_BACKUP: &str = "01940000-0000-7000-8000-0000000000c1";
/// The export document version 1 kept inside its backup record (16 bytes of UTF-8: é takes two).
const V1_BACKUP_DOCUMENT: &str = "{\"format\":\"é\"}\n";

/// Records exactly as version 1 stored them, derived fields included.
const V1_RECORDS: &[(&str, &str)] = &[
    (
        "projects",
        r#"{"id":"01940000-0000-7000-8000-00000000000a","created_at":"2026-01-05T09:00:00.000Z","updated_at":"2026-01-06T10:30:00.000Z","deleted_at":null,"rev":3,"name":"Alpha Site","description":"Marketing site","status":"active","tags":["web","Rust"],"repository_url":"https://example.com/alpha.git","notes":"","state":{"goal":"Ship","current_state":"Halfway","next_steps":["Deploy"],"decisions":[{"text":"Use Leptos","rationale":"Rust everywhere","rejected_alternatives":["React"],"decided_at":"2026-01-05T09:30:00.000Z"}],"constraints":[],"files":[{"path":"src/main.rs","importance":"high","notes":""}],"do_not_redo":[]},"_live":1,"_name":"alpha site"}"#,
    ),
    (
        "projects",
        r#"{"id":"01940000-0000-7000-8000-00000000000b","created_at":"2026-01-01T08:00:00.000Z","updated_at":"2026-02-01T08:00:00.000Z","deleted_at":"2026-02-01T08:00:00.000Z","rev":2,"name":"Old Thing","description":"Gone","status":"archived","tags":[],"repository_url":null,"notes":"","state":{"goal":"","current_state":"","next_steps":[],"decisions":[],"constraints":[],"files":[],"do_not_redo":[]},"_name":"old thing"}"#,
    ),
    (
        "projects",
        r#"{"id":"01940000-0000-7000-8000-00000000000c","created_at":"2026-01-07T12:00:00.000Z","updated_at":"2026-01-07T12:00:00.000Z","deleted_at":null,"rev":1,"name":"Écrire Le Guide Complet","description":"","status":"paused","tags":[],"repository_url":null,"notes":"n","state":{"goal":"","current_state":"","next_steps":[],"decisions":[],"constraints":[],"files":[],"do_not_redo":[]},"_live":1,"_name":"écrire le guide complet"}"#,
    ),
    (
        "accounts",
        r#"{"id":"01940000-0000-7000-8000-0000000000a1","created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-02T00:00:00.000Z","deleted_at":null,"rev":1,"name":"Claude Work","platform":"claude","platform_label":"","email":"me@example.com","plan":"Max","specializations":["rust"],"credits_available":4500,"credit_limit":5000,"refresh":{"kind":"weekly"},"next_refresh_at":"2026-01-12T00:00:00.000Z","context_window_tokens":200000,"notes":"","status":"available","_live":1,"_name":"claude work"}"#,
    ),
    (
        "knowledge",
        r#"{"id":"01940000-0000-7000-8000-0000000000b1","created_at":"2026-01-03T00:00:00.000Z","updated_at":"2026-01-03T00:00:00.000Z","deleted_at":null,"rev":1,"category":"error_solution","title":"Fix the borrow","body":"Clone it.","tags":["Rust","Borrowck"],"project_id":"01940000-0000-7000-8000-00000000000a","source_session_id":null,"usage_count":4,"helped":3,"did_not_help":1,"_live":1,"_tags":["rust","borrowck"]}"#,
    ),
    (
        "backups",
        r#"{"id":"01940000-0000-7000-8000-0000000000c1","created_at":"2026-01-08T00:00:00.000Z","updated_at":"2026-01-08T00:00:00.000Z","deleted_at":null,"rev":1,"at":"2026-01-08T00:00:00.000Z","reason":"scheduled","counts":{"projects":3,"accounts":1},"document":"{\"format\":\"é\"}\n","_live":1}"#,
    ),
];

fn v1_id(text: &str) -> Id {
    Id::parse(text).expect("a valid frozen id")
}

/// What the frozen records mean, built with today's types.
fn v1_expected() -> Vec<AnyRecord> {
    let empty = LivingState::default();
    let alpha = Project {
        id: v1_id(V1_PROJECT_A),
        created_at: at("2026-01-05T09:00:00Z"),
        updated_at: at("2026-01-06T10:30:00Z"),
        deleted_at: None,
        rev: 3,
        name: "Alpha Site".into(),
        description: "Marketing site".into(),
        status: ProjectStatus::Active,
        tags: vec!["web".into(), "Rust".into()],
        repository_url: Some("https://example.com/alpha.git".into()),
        notes: String::new(),
        state: LivingState {
            goal: "Ship".into(),
            current_state: "Halfway".into(),
            next_steps: vec!["Deploy".into()],
            decisions: vec![Decision {
                text: "Use Leptos".into(),
                rationale: "Rust everywhere".into(),
                rejected_alternatives: vec!["React".into()],
                decided_at: Some(at("2026-01-05T09:30:00Z")),
            }],
            constraints: vec![],
            files: vec![KeyFile { path: "src/main.rs".into(), importance: Importance::High, notes: String::new() }],
            do_not_redo: vec![],
        },
    };
    let old = Project {
        id: v1_id(V1_PROJECT_B),
        created_at: at("2026-01-01T08:00:00Z"),
        updated_at: at("2026-02-01T08:00:00Z"),
        deleted_at: Some(at("2026-02-01T08:00:00Z")),
        rev: 2,
        name: "Old Thing".into(),
        description: "Gone".into(),
        status: ProjectStatus::Archived,
        tags: vec![],
        repository_url: None,
        notes: String::new(),
        state: empty.clone(),
    };
    let guide = Project {
        id: v1_id(V1_PROJECT_C),
        created_at: at("2026-01-07T12:00:00Z"),
        updated_at: at("2026-01-07T12:00:00Z"),
        deleted_at: None,
        rev: 1,
        name: "Écrire Le Guide Complet".into(),
        description: String::new(),
        status: ProjectStatus::Paused,
        tags: vec![],
        repository_url: None,
        notes: "n".into(),
        state: empty,
    };
    let account = Account {
        id: v1_id(V1_ACCOUNT),
        created_at: at("2026-01-01T00:00:00Z"),
        updated_at: at("2026-01-02T00:00:00Z"),
        deleted_at: None,
        rev: 1,
        name: "Claude Work".into(),
        platform: Platform::Claude,
        platform_label: String::new(),
        email: "me@example.com".into(),
        plan: "Max".into(),
        specializations: vec!["rust".into()],
        credits_available: 4_500,
        credit_limit: 5_000,
        refresh: Refresh::Weekly,
        next_refresh_at: Some(at("2026-01-12T00:00:00Z")),
        context_window_tokens: 200_000,
        notes: String::new(),
        status: AccountStatus::Available,
        bundle_language: None,
    };
    let knowledge = KnowledgeEntry {
        id: v1_id(V1_KNOWLEDGE),
        created_at: at("2026-01-03T00:00:00Z"),
        updated_at: at("2026-01-03T00:00:00Z"),
        deleted_at: None,
        rev: 1,
        category: KnowledgeCategory::ErrorSolution,
        title: "Fix the borrow".into(),
        body: "Clone it.".into(),
        tags: vec!["Rust".into(), "Borrowck".into()],
        project_id: Some(v1_id(V1_PROJECT_A)),
        source_session_id: None,
        usage_count: 4,
        helped: 3,
        did_not_help: 1,
    };
    // Version 2 keeps a backup's document apart from its summary.
    let backup_at = at("2026-01-08T00:00:00Z");
    let backup = Backup {
        id: v1_id(V1_BACKUP),
        created_at: backup_at,
        updated_at: backup_at,
        deleted_at: None,
        rev: 1,
        at: backup_at,
        reason: BackupReason::Scheduled,
        counts: [("projects".to_string(), 3), ("accounts".to_string(), 1)].into_iter().collect(),
        bytes: V1_BACKUP_DOCUMENT.len() as u64,
    };
    let document = BackupDocument {
        id: v1_id(V1_BACKUP),
        created_at: backup_at,
        updated_at: backup_at,
        deleted_at: None,
        rev: 1,
        document: V1_BACKUP_DOCUMENT.to_string(),
    };
    vec![
        alpha.into_any(),
        old.into_any(),
        guide.into_any(),
        account.into_any(),
        knowledge.into_any(),
        backup.into_any(),
        document.into_any(),
    ]
}

/// Builds a version-1 database by hand (the `idb` crate and the frozen tables above; none of
/// Baton's migration code), fills it with the frozen records and closes it.
async fn build_frozen_v1(name: &str) {
    delete(name).await;
    let mut request = idb::Factory::new().unwrap().open(name, Some(1)).unwrap();
    request.on_upgrade_needed(|event| {
        let db = event.database().expect("the upgrading database");
        for (store, indexes) in V1_SCHEMA {
            let mut params = idb::ObjectStoreParams::new();
            params.key_path(Some(idb::KeyPath::new_single("id")));
            let object_store = db.create_object_store(store, params).expect("create a v1 store");
            for (index, key_path, multi_entry) in *indexes {
                let key_path = match key_path {
                    [single] => idb::KeyPath::new_single(single),
                    several => idb::KeyPath::new_array(several.iter().copied()),
                };
                let mut params = idb::IndexParams::new();
                params.unique(false);
                params.multi_entry(*multi_entry);
                object_store.create_index(index, key_path, Some(params)).expect("create a v1 index");
            }
        }
    });
    let db = within(10_000, "building the v1 database", request.into_future()).await.expect("the v1 database opens");
    assert_eq!(db.version().unwrap(), 1);
    let names: Vec<&str> = V1_SCHEMA.iter().map(|(store, _)| *store).collect();
    let transaction = db.transaction(&names, idb::TransactionMode::ReadWrite).unwrap();
    for (store, json) in V1_RECORDS {
        let value = js_sys::JSON::parse(json).expect("frozen JSON parses");
        let _ = transaction.object_store(store).unwrap().put(&value, None).expect("put a v1 record");
    }
    let outcome = transaction.commit().unwrap().await.expect("the v1 records commit");
    assert!(outcome.is_committed());
    db.close();
}

/// The test migration to version 2: a new index on a new derived field, filled in by a transform
/// that also fills empty descriptions.
const WORDS_INDEX: IndexDef =
    IndexDef { name: "test_live_words", key_path: &[LIVE, "_words"], unique: false, multi_entry: false };

fn count_words(value: &mut Value) {
    let words = value.get("name").and_then(Value::as_str).map(|name| name.split_whitespace().count()).unwrap_or(0);
    value["_words"] = json!(words);
    if value.get("description").and_then(Value::as_str) == Some("") {
        value["description"] = json!("(described in version 2)");
    }
}

fn words_steps() -> Vec<Step> {
    vec![Step::CreateIndex(StoreName::Projects, WORDS_INDEX), Step::Transform(StoreName::Projects, count_words)]
}

#[wasm_bindgen_test]
async fn a_frozen_version_1_database_migrates_to_version_2() {
    const NAME: &str = "baton-test-migrate-v1";
    build_frozen_v1(NAME).await;
    let migrations = with_next("Count the words of project names (test).", words_steps);
    let store = open(NAME, migrations).await.expect("the migration runs");
    assert_eq!(store.version(), NEXT_VERSION);

    let expected = v1_expected();
    for record in &expected {
        let fetched = store.read(vec![Read::Get { store: record.store(), id: record.id() }]).await.unwrap();
        let mut want = record.clone();
        if let AnyRecord::Project(project) = &mut want {
            if project.description.is_empty() {
                project.description = "(described in version 2)".into();
            }
        }
        assert_eq!(fetched.record_any(), Some(want), "{} {} after the migration", record.store(), record.id());
    }
    let guide = store.get::<Project>(v1_id(V1_PROJECT_C)).await.unwrap().unwrap();
    assert_eq!(guide.description, "(described in version 2)", "the transform changed the record");

    // The new derived field is stored, the old derived fields are intact.
    let raw = raw_get(NAME, StoreName::Projects, v1_id(V1_PROJECT_C)).await.unwrap();
    assert_eq!(raw["_words"], json!(4));
    assert_eq!(raw[LIVE], json!(1));
    assert_eq!(raw[NAME_KEY], json!("écrire le guide complet"));
    let raw = raw_get(NAME, StoreName::Projects, v1_id(V1_PROJECT_B)).await.unwrap();
    assert_eq!(raw["_words"], json!(2));
    assert_eq!(raw.get(LIVE), None, "still in the trash");
    let raw = raw_get(NAME, StoreName::Accounts, v1_id(V1_ACCOUNT)).await.unwrap();
    assert_eq!(raw.get("_words"), None, "other stores are untouched");

    // The new index answers queries (and, starting with `_live`, skips the trash).
    let words = |range| Query::index(StoreName::Projects, WORDS_INDEX.name, range);
    let two: Vec<Project> =
        store.query(words(KeyRange::only(Key::Arr(vec![Key::Num(1.0), Key::Num(2.0)])))).await.unwrap();
    assert_eq!(two.iter().map(|p| p.id).collect::<Vec<_>>(), vec![v1_id(V1_PROJECT_A)]);
    let longest: Vec<Project> = store.query(words(live_prefix(vec![])).reverse().first()).await.unwrap();
    assert_eq!(longest[0].id, v1_id(V1_PROJECT_C));
    assert_eq!(store.count(words(KeyRange::all())).await.unwrap(), 2);
    // The version-1 indexes still answer.
    let live = Query::index(StoreName::Projects, ix::LIVE_UPDATED, live_prefix(vec![]));
    assert_eq!(store.count(live).await.unwrap(), 2);
    let trash = Query::index(StoreName::Projects, ix::TRASH, KeyRange::all());
    assert_eq!(store.count(trash).await.unwrap(), 1);
    let rust: Vec<KnowledgeEntry> =
        store.query(Query::index(StoreName::Knowledge, ix::TAGS, KeyRange::only(Key::str("rust")))).await.unwrap();
    assert_eq!(rust.len(), 1);
    store.close();

    // Reopening at version 2 runs nothing again.
    let again = open(NAME, migrations).await.unwrap();
    assert_eq!(again.version(), NEXT_VERSION);
    assert_eq!(again.get::<Project>(v1_id(V1_PROJECT_C)).await.unwrap(), Some(guide));
    again.close();
}

#[wasm_bindgen_test]
async fn a_frozen_version_1_database_opens_with_the_real_migrations() {
    const NAME: &str = "baton-test-frozen-v1";
    build_frozen_v1(NAME).await;
    let store = open(NAME, schema::MIGRATIONS).await.expect("the frozen database opens");
    assert_eq!(store.version(), SCHEMA_VERSION);
    for record in v1_expected() {
        let fetched = store.read(vec![Read::Get { store: record.store(), id: record.id() }]).await.unwrap();
        assert_eq!(fetched.record_any(), Some(record.clone()), "{} {}", record.store(), record.id());
        // What version 1 stored is exactly what today's code would store (derived fields included).
        let raw = raw_get(NAME, record.store(), record.id()).await.unwrap();
        assert_eq!(raw, schema::stored_form(&record), "stored form of {} {}", record.store(), record.id());
    }
    let by_name: Vec<Project> =
        store.query(Query::index(StoreName::Projects, ix::LIVE_NAME, live_prefix(vec![]))).await.unwrap();
    assert_eq!(by_name.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Alpha Site", "Écrire Le Guide Complet"]);
    let accounts = Query::index(StoreName::Accounts, ix::LIVE_STATUS, live_prefix(vec![Key::str("available")]));
    assert_eq!(store.count(accounts).await.unwrap(), 1);
    // Version 2 moved the backup's document into its own store; the summary lists without it.
    let raw = raw_get(NAME, StoreName::Backups, v1_id(V1_BACKUP)).await.unwrap();
    assert_eq!((raw.get("document"), &raw["bytes"]), (None, &json!(16)));
    let listed: Vec<Backup> =
        store.query(Query::index(StoreName::Backups, ix::BY_AT, KeyRange::all()).reverse()).await.unwrap();
    assert_eq!(listed.iter().map(|backup| backup.id).collect::<Vec<_>>(), [v1_id(V1_BACKUP)]);
    let document = store.get::<BackupDocument>(v1_id(V1_BACKUP)).await.unwrap().expect("the document moved");
    assert_eq!(document.document, V1_BACKUP_DOCUMENT);
    store.close();
}

fn failing_steps() -> Vec<Step> {
    vec![Step::CreateIndex(StoreName::Projects, WORDS_INDEX), Step::DeleteIndex(StoreName::Projects, "no_such_index")]
}

#[wasm_bindgen_test]
async fn a_failed_migration_leaves_the_database_at_its_old_version() {
    const NAME: &str = "baton-test-failed-migration";
    build_frozen_v1(NAME).await;
    let migrations = with_next("Fails half-way (test).", failing_steps);
    let error = open(NAME, migrations).await.err().expect("a failing migration fails the open");
    assert!(matches!(&error, StoreError::Other(detail) if detail.contains("migration")), "{error:?}");
    // Opening with version 1's migration alone checks the database without upgrading it.
    let version_1 = &schema::MIGRATIONS[..1];

    // The upgrade was rolled back as a whole: version 1, no half-made index, records intact.
    let db = raw_open(NAME).await;
    assert_eq!(db.version().unwrap(), 1);
    let transaction = db.transaction(&["projects"], idb::TransactionMode::ReadOnly).unwrap();
    let indexes = transaction.object_store("projects").unwrap().index_names();
    assert!(!indexes.contains(&WORDS_INDEX.name.to_string()), "{indexes:?}");
    db.close();
    let store = open(NAME, version_1).await.expect("the old version still opens");
    assert_eq!(store.version(), 1);
    assert_eq!(store.count(Query::all(StoreName::Projects)).await.unwrap(), 3);
    store.close();

    // A transform whose result cannot be written back (it changes the record's key) fails the
    // migration too, instead of leaving the records in their old form under the new version.
    let migrations = with_next("Breaks the keys (test).", breaking_transform_steps);
    let error = open(NAME, migrations).await.err().expect("a failing transform fails the open");
    assert!(matches!(&error, StoreError::Other(detail) if detail.contains("could not be rewritten")), "{error:?}");
    let store = open(NAME, version_1).await.expect("the old version still opens");
    assert_eq!(store.version(), 1);
    // (Backups are left out: at version 1 a backup still holds its document.)
    for record in v1_expected()
        .into_iter()
        .filter(|record| !matches!(record.store(), StoreName::Backups | StoreName::BackupDocuments))
    {
        let fetched = store.read(vec![Read::Get { store: record.store(), id: record.id() }]).await.unwrap();
        assert_eq!(fetched.record_any(), Some(record.clone()), "untouched: {}", record.id());
    }
    let raw = raw_get(NAME, StoreName::Backups, v1_id(V1_BACKUP)).await.unwrap();
    assert_eq!(raw["document"], json!(V1_BACKUP_DOCUMENT), "the backup keeps its document");
    let raw = raw_get(NAME, StoreName::Projects, v1_id(V1_PROJECT_A)).await.unwrap();
    assert_eq!(raw.get("_words"), None, "no record half-migrated");
    store.close();
}

fn break_the_key(value: &mut Value) {
    count_words(value);
    value["id"] = json!("not-the-same-key");
}

fn breaking_transform_steps() -> Vec<Step> {
    vec![Step::CreateIndex(StoreName::Projects, WORDS_INDEX), Step::Transform(StoreName::Projects, break_the_key)]
}

// ----- 6. two connections and versionchange --------------------------------------------------

fn words_index_only() -> Vec<Step> {
    vec![Step::CreateIndex(StoreName::Projects, WORDS_INDEX)]
}

#[wasm_bindgen_test]
async fn an_open_connection_gives_way_to_an_upgrade_in_another_tab() {
    const NAME: &str = "baton-test-version-change";
    let a = fresh(NAME, schema::MIGRATIONS).await;
    let kept =
        project(Id::v7(1_777_600_000_000, [1; 10]), "Kept", ProjectStatus::Active, at("2026-05-01T00:00:00Z"), None);
    put_all(&a, &[kept.clone().into_any()]).await;

    let asked = Rc::new(Cell::new(false));
    let (connection, flag) = (a.clone(), asked.clone());
    a.on_version_change(move || {
        connection.close();
        flag.set(true);
    });

    let next = with_next("An index (test).", words_index_only);
    let b = within(
        10_000,
        "the upgrade (blocked by connection A?)",
        storage::open_with(OpenOptions { name: NAME, migrations: next }),
    )
    .await
    .expect("B opens and upgrades");
    assert!(asked.get(), "A was told of the version change");
    assert!(a.is_closed());
    assert_eq!(b.version(), NEXT_VERSION);

    // A cannot be used any more, and says so in terms of the update.
    assert_eq!(a.get::<Project>(kept.id).await, Err(StoreError::VersionChange));
    let writes = vec![Write::put(kept.clone())];
    let error = a
        .transact(vec![], &[StoreName::Projects], Durability::Relaxed, move |_| Ok::<_, StoreError>((writes, ())))
        .await
        .unwrap_err();
    assert_eq!(error, StoreError::VersionChange);
    assert!(store_text(&error).contains("Reload"), "{error:?}");

    // B sees the data written through A.
    assert_eq!(b.get::<Project>(kept.id).await.unwrap(), Some(kept));
    b.close();

    // A tab still running the older build cannot open the upgraded database.
    let error = open(NAME, schema::MIGRATIONS).await.err().expect("an older schema cannot open a newer database");
    assert!(store_text(&error).contains("newer version"), "{error:?}");
}

#[wasm_bindgen_test]
async fn a_connection_that_ignores_versionchange_blocks_the_upgrade_until_it_closes() {
    const NAME: &str = "baton-test-blocked";
    // No `on_version_change` handler: the connection stays open when asked to give way.
    let a = fresh(NAME, schema::MIGRATIONS).await;
    let b_opened = Rc::new(Cell::new(false));
    let flag = b_opened.clone();
    let next = with_next("An index (test).", words_index_only);
    let open_b = async move {
        let b = storage::open_with(OpenOptions { name: NAME, migrations: next }).await;
        flag.set(true);
        b
    };
    let close_a_later = async {
        sleep(300).await;
        let was_waiting = !b_opened.get();
        a.close();
        was_waiting
    };
    let (b, was_waiting) =
        within(10_000, "the upgrade after A closed", futures::future::join(open_b, close_a_later)).await;
    assert!(was_waiting, "the upgrade waits while A is open");
    let b = b.expect("the upgrade proceeds once A closes");
    assert_eq!(b.version(), NEXT_VERSION);
    b.close();
}

// ----- 7. error mapping ----------------------------------------------------------------------

#[wasm_bindgen_test]
fn exceptions_map_to_errors_a_user_can_act_on() {
    use baton::storage::map_exception;
    assert_eq!(map_exception("QuotaExceededError", "full"), StoreError::QuotaExceeded);
    assert_eq!(map_exception("ConstraintError", "key exists"), StoreError::Constraint("key exists".into()));
    assert_eq!(map_exception("AbortError", "aborted"), StoreError::Aborted("aborted".into()));
    assert_eq!(map_exception("VersionError", "lower version"), StoreError::VersionChange);
    assert_eq!(map_exception("InvalidStateError", "closing"), StoreError::VersionChange);
    assert_eq!(map_exception("TransactionInactiveError", "inactive"), StoreError::VersionChange);
    match map_exception("NotFoundError", "no such store") {
        StoreError::Other(detail) => assert!(detail.contains("no such store"), "{detail}"),
        other => panic!("a missing store is a schema problem, got {other:?}"),
    }
    match map_exception("DataCloneError", "cannot clone") {
        StoreError::Other(detail) => assert!(detail.contains("DataCloneError") && detail.contains("cannot clone")),
        other => panic!("unknown names are Other, got {other:?}"),
    }
    assert!(matches!(map_exception("", ""), StoreError::Other(_)));

    let every = [
        StoreError::QuotaExceeded,
        StoreError::Blocked,
        StoreError::VersionChange,
        StoreError::Aborted("the tab closed".into()),
        StoreError::NotFound("This project".into()),
        StoreError::Constraint("the name is taken".into()),
        StoreError::Unavailable("SecurityError".into()),
        StoreError::Corrupt("projects: bad date".into()),
        StoreError::Other("UnknownError: disk".into()),
    ];
    for error in &every {
        let text = store_text(error);
        assert!(text.len() > 30, "{error:?} says what happened: {text}");
        assert!(text.ends_with('.'), "{error:?} is a sentence: {text}");
    }
    // Failures that wrote nothing say so, and say what to do.
    for error in [&every[0], &every[3], &every[5]] {
        assert!(store_text(error).contains("Nothing was changed"), "{error:?}");
    }
    assert!(store_text(&every[0]).contains("Empty the trash"));
    assert!(store_text(&every[1]).contains("Close or reload the other tabs"));
    assert!(store_text(&every[2]).contains("Reload this tab"));
    assert!(store_text(&every[3]).contains("try again"));
    assert!(store_text(&every[3]).contains("the tab closed"), "carries the detail");
    assert!(store_text(&every[4]).contains("This project"), "carries the detail");
    assert!(store_text(&every[5]).contains("the name is taken"));
    assert!(store_text(&every[6]).contains("normal window"));
    assert!(store_text(&every[7]).contains("bad date"));
    assert!(store_text(&every[8]).contains("UnknownError: disk"));
}

/// A storage error as the interface words it (English: tests run in the default language).
fn store_text(error: &StoreError) -> String {
    baton::i18n::errors::store_error(error)
}

// ----- 8. the service over IndexedDB ---------------------------------------------------------

fn draft(name: &str) -> ProjectDraft {
    ProjectDraft { name: name.into(), description: "About it".into(), ..ProjectDraft::default() }
}

#[wasm_bindgen_test]
async fn the_service_runs_a_project_through_its_life_over_indexeddb() {
    const NAME: &str = "baton-test-service";
    let store = fresh(NAME, schema::MIGRATIONS).await;
    let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
    let service = Service::new(store.clone(), env.clone());
    let changes: Rc<RefCell<Vec<ChangeSet>>> = Rc::default();
    let seen = changes.clone();
    service.on_change(Rc::new(move |change: &ChangeSet| seen.borrow_mut().push(change.clone())));
    let project_and_events: BTreeSet<StoreName> = [StoreName::Projects, StoreName::Events].into_iter().collect();
    let last_change = || changes.borrow().last().cloned().expect("a change");

    let alpha = service.create_project(&draft("  Alpha  ")).await.unwrap();
    assert_eq!((alpha.name.as_str(), alpha.rev), ("Alpha", 1));
    assert_eq!(changes.borrow().len(), 1);
    assert_eq!(last_change().stores, project_and_events);
    assert!(last_change().ids.contains(&alpha.id));
    assert_eq!(service.project(alpha.id).await.unwrap(), alpha, "stored as created");

    env.clock.advance(Duration::minutes(1));
    let beta = service.create_project(&draft("beta")).await.unwrap();
    let page = service.projects(None, ProjectSort::Updated, "", 0, 20).await.unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.items.iter().map(|p| p.id).collect::<Vec<_>>(), [beta.id, alpha.id], "newest first");

    env.clock.advance(Duration::minutes(1));
    let renamed = service.rename_project(alpha.id, "Alpha 2").await.unwrap();
    assert_eq!((renamed.name.as_str(), renamed.rev), ("Alpha 2", 2));
    assert_eq!(changes.borrow().len(), 3);
    assert_eq!(last_change().stores, project_and_events);
    let by_name = service.projects(None, ProjectSort::Name, "", 0, 20).await.unwrap();
    assert_eq!(by_name.items.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Alpha 2", "beta"]);

    // Nothing to change, or invalid input: no commit is announced.
    service.rename_project(alpha.id, "Alpha 2").await.unwrap();
    assert!(matches!(service.create_project(&draft("   ")).await, Err(service::Error::Invalid(_))));
    let missing = service.rename_project(Id::v7(1, [0; 10]), "X").await.unwrap_err();
    assert_eq!(missing, service::Error::NotFound(RecordType::Project));
    assert_eq!(changes.borrow().len(), 3);

    env.clock.advance(Duration::minutes(1));
    let trashed = service.trash_project(beta.id).await.unwrap();
    assert!(trashed.deleted_at.is_some());
    assert_eq!(changes.borrow().len(), 4);
    assert_eq!(last_change().stores, project_and_events);
    assert_eq!(service.projects(None, ProjectSort::Updated, "", 0, 20).await.unwrap().total, 1);
    let trash = service.trash().await.unwrap();
    assert_eq!(trash.iter().map(|item| item.id).collect::<Vec<_>>(), [beta.id]);

    env.clock.advance(Duration::minutes(1));
    service.restore_project(beta.id).await.unwrap();
    assert_eq!(changes.borrow().len(), 5);
    assert_eq!(service.projects(None, ProjectSort::Updated, "", 0, 20).await.unwrap().total, 2);
    assert!(service.trash().await.unwrap().is_empty());

    let events = service.activity(None, 10).await.unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|event| event.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Restored, EventKind::Deleted, EventKind::Updated, EventKind::Created, EventKind::Created]
    );
    assert_eq!(service.activity(Some(beta.id), 10).await.unwrap().len(), 3);

    // Pages of a longer list: 25 live projects, 10 a page, newest first.
    for n in 0..23 {
        env.clock.advance(Duration::seconds(1));
        service.create_project(&draft(&format!("Project {n:02}"))).await.unwrap();
    }
    assert_eq!(changes.borrow().len(), 28);
    let third = service.projects(None, ProjectSort::Updated, "", 20, 10).await.unwrap();
    assert_eq!((third.total, third.offset, third.items.len()), (25, 20, 5));
    let mut seen_ids = BTreeSet::new();
    let mut previous: Option<Timestamp> = None;
    for offset in [0, 10, 20] {
        for project in service.projects(None, ProjectSort::Updated, "", offset, 10).await.unwrap().items {
            assert!(seen_ids.insert(project.id), "no project on two pages");
            assert!(previous.is_none_or(|before| before >= project.updated_at), "newest first across pages");
            previous = Some(project.updated_at);
        }
    }
    assert_eq!(seen_ids.len(), 25);
    let active = service.projects(Some(ProjectStatus::Active), ProjectSort::Updated, "", 0, 5).await.unwrap();
    assert_eq!((active.total, active.items.len()), (25, 5));
    let found = service.projects(None, ProjectSort::Name, "project 1", 0, 20).await.unwrap();
    assert_eq!(found.total, 10, "Project 10 … Project 19");
    assert_eq!(service.live_count(StoreName::Projects, ix::LIVE_UPDATED).await.unwrap(), 25);
    store.close();
}

// ----- 9. the app mounts ---------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_app_mounts_with_its_navigation_and_a_heading() {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), baton::app::App);

    let mut ready = false;
    for _ in 0..200 {
        sleep(25).await;
        let nav = container.query_selector("nav[aria-label='Main']").unwrap();
        let heading = container.query_selector("h1").unwrap();
        if nav.is_some() && heading.is_some_and(|h1| !h1.text_content().unwrap_or_default().trim().is_empty()) {
            ready = true;
            break;
        }
    }
    assert!(ready, "no navigation and heading after 5 s: {}", container.inner_html());
    let links = container.query_selector_all("nav[aria-label='Main'] a").unwrap();
    assert_eq!(links.length(), 9, "one link per section");
    assert!(container.query_selector("main#main").unwrap().is_some());
    assert!(container.query_selector(".error-screen").unwrap().is_none(), "{}", container.inner_html());
    drop(handle);
    container.remove();
}

// ----- encrypted exports (WebCrypto) ---------------------------------------------------------

#[wasm_bindgen_test]
async fn an_encrypted_export_round_trips_and_tells_a_wrong_passphrase_from_damage() {
    use baton::crypto::{decrypt_envelope, encrypt_document, DecryptError};
    use baton_core::exchange::{self, Detected};
    let document = r#"{"format":"baton-export","note":"héllo ✓"}"#;
    let sealed = encrypt_document(document, "correct horse battery").await.expect("encrypts");
    let envelope = match exchange::detect(sealed.as_bytes()).expect("an envelope is detected") {
        Detected::Encrypted(envelope) => envelope,
        other => panic!("expected an encrypted envelope, got {other:?}"),
    };
    exchange::check_envelope(&envelope).expect("our own parameters pass the check");
    assert_eq!(envelope.kdf.iterations, 600_000);
    assert_eq!(decrypt_envelope(&envelope, "correct horse battery").await.as_deref(), Ok(document));
    assert_eq!(decrypt_envelope(&envelope, "wrong horse").await, Err(DecryptError::WrongPassphrase));

    // One changed byte of the ciphertext: the passphrase is right, the data damaged.
    let mut damaged = envelope.clone();
    let mut bytes = exchange::base64_decode(&damaged.ciphertext).unwrap();
    bytes[3] ^= 0x40;
    damaged.ciphertext = exchange::base64_encode(&bytes);
    assert_eq!(decrypt_envelope(&damaged, "correct horse battery").await, Err(DecryptError::Damaged));
    assert!(encrypt_document(document, "short").await.is_err(), "short passphrases are refused");
}

// ----- bulk import over IndexedDB ------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_bulk_import_is_written_in_chunks_as_one_transaction_with_progress() {
    let store = fresh("baton-test-bulk-import", schema::MIGRATIONS).await;
    let service = Service::new(store, Rc::new(TestEnv::at("2026-11-26T10:00:00Z")));
    let project =
        service.create_project(&ProjectDraft { name: "Bulk".into(), ..ProjectDraft::default() }).await.unwrap();
    let session = service
        .start_session(&service::SessionDraft {
            project_id: Some(project.id),
            account_id: None,
            session_type: SessionType::Other,
            title: "Long".into(),
            objectives: String::new(),
            credit_budget: String::new(),
            from_handoff_id: None,
        })
        .await
        .unwrap();
    let turns: Vec<service::NewTurn> =
        (0..5_000).map(|n| service::NewTurn { role: Role::User, content: format!("turn {n}"), tokens: 2 }).collect();
    let seen = RefCell::new(Vec::new());
    let progress = |done, total| seen.borrow_mut().push((done, total));
    service.save_transcript_reporting(session.id, turns, false, &progress).await.unwrap();
    assert_eq!(service.transcript(session.id).await.unwrap().len(), 5_000);
    let seen = seen.borrow().clone();
    assert!(seen.len() >= 2, "progress after each chunk: {seen:?}");
    assert!(seen.windows(2).all(|pair| pair[0].0 < pair[1].0), "progress only grows: {seen:?}");

    // A later chunk fails: write 4,500 clashes with write 0 on a unique index, after the chunks
    // ending at 2,000 and 4,000 were written (their progress was reported, so their requests
    // had succeeded). Nothing of those earlier chunks remains.
    const FAILING: &str = "baton-test-bulk-import-fails";
    let store = fresh(FAILING, with_next("Unique project names (test).", unique_name_steps)).await;
    let day = at("2026-05-01T00:00:00Z");
    let writes: Vec<Write> = (0..5_000u64)
        .map(|n| {
            let name = if n == 4_500 { "BULK 0000".to_string() } else { format!("Bulk {n:04}") };
            let id = Id::v7(1_777_593_600_000 + n, [7; 10]);
            Write::put(self::project(id, &name, ProjectStatus::Active, day, None))
        })
        .collect();
    let seen = RefCell::new(Vec::new());
    let progress = |done, total| seen.borrow_mut().push((done, total));
    let error = within(
        60_000,
        "the failing bulk write",
        store.transact_reporting(vec![], &[StoreName::Projects], Durability::Strict, &progress, move |_| {
            Ok::<_, StoreError>((writes, ()))
        }),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, StoreError::Constraint(_)), "the clash fails the transaction: {error:?}");
    let seen = seen.borrow().clone();
    assert_eq!(seen, vec![(2_000, 5_000), (4_000, 5_000)], "the failure came after two whole chunks");
    assert_eq!(store.count(Query::all(StoreName::Projects)).await.unwrap(), 0);
    assert_eq!(raw_count(FAILING, StoreName::Projects).await, 0, "nothing of the earlier chunks remains");
    store.close();
}

/// How many records a store holds, read through a raw connection (no Baton code).
async fn raw_count(name: &str, store: StoreName) -> u32 {
    let db = raw_open(name).await;
    let transaction = db.transaction(&[store.as_str()], idb::TransactionMode::ReadOnly).expect("transaction");
    let count = transaction.object_store(store.as_str()).expect("store").count(None).expect("count").await;
    db.close();
    count.expect("count succeeds")
}

/// Puts raw JSON values straight into a store through a raw connection: what a database holds
/// when a bad value got past an older build (a float `rev`, a year outside 0000–9999, a missing
/// field). Baton's adapter is bypassed entirely.
async fn raw_put(name: &str, store: StoreName, values: &[Value]) {
    let db = raw_open(name).await;
    let transaction = db.transaction(&[store.as_str()], idb::TransactionMode::ReadWrite).expect("transaction");
    for value in values {
        let value = js_sys::JSON::parse(&value.to_string()).expect("JSON parses");
        let _ = transaction.object_store(store.as_str()).expect("store").put(&value, None).expect("put");
    }
    let outcome = transaction.commit().expect("commit").await.expect("the raw records commit");
    assert!(outcome.is_committed());
    db.close();
}

// ----- unreadable records: the recovery path -------------------------------------------------

const SPOILED: [&str; 5] = [
    "00000000-0000-7000-8000-00000000f10a",
    "00000000-0000-7000-8000-0000000001e2",
    "00000000-0000-7000-8000-0000000010e4",
    "00000000-0000-7000-8000-00000000face",
    "00000000-0000-7000-8000-00000000beef",
];

/// Five records that do not read back: four projects (a `rev` of 1.5, a `rev` of 1e20, a year
/// 10000, no name) made from a good project's stored form, and a knowledge entry with no fields.
async fn spoil(name: &str, good: &Value) {
    let variant = |id: &str, change: &dyn Fn(&mut Value)| {
        let mut value = good.clone();
        value["id"] = json!(id);
        change(&mut value);
        value
    };
    let projects = [
        variant(SPOILED[0], &|value| value["rev"] = json!(1.5)),
        variant(SPOILED[1], &|value| value["rev"] = json!(1e20)),
        variant(SPOILED[2], &|value| value["updated_at"] = json!("+010000-01-01T00:00:00Z")),
        variant(SPOILED[3], &|value| {
            value.as_object_mut().unwrap().remove("name");
        }),
    ];
    raw_put(name, StoreName::Projects, &projects).await;
    raw_put(name, StoreName::Knowledge, &[json!({ "id": SPOILED[4], "title": 7 })]).await;
}

fn spoiled_keys(skipped: &[baton_core::store::Unreadable]) -> BTreeSet<String> {
    skipped
        .iter()
        .map(|unreadable| match &unreadable.key {
            Key::Str(key) => key.clone(),
            other => panic!("a string key: {other:?}"),
        })
        .collect()
}

#[wasm_bindgen_test]
async fn export_restore_import_and_delete_all_work_when_stored_records_cannot_be_read() {
    use baton_core::exchange::{self, ConflictChoice, ImportMode, Scope};
    const NAME: &str = "baton-test-unreadable";
    let store = fresh(NAME, schema::MIGRATIONS).await;
    let service = Service::new(store.clone(), Rc::new(TestEnv::at("2026-11-26T10:00:00Z")));
    let good = service.create_project(&ProjectDraft { name: "Good".into(), ..ProjectDraft::default() }).await.unwrap();
    let saved = service.create_backup(BackupReason::Manual).await.unwrap();
    let good_raw = raw_get(NAME, StoreName::Projects, good.id).await.expect("the good project is stored");
    let expected: BTreeSet<String> = SPOILED.iter().map(|key| key.to_string()).collect();
    spoil(NAME, &good_raw).await;

    // An ordinary read of the store fails: this is what locked the user out.
    let ordinary = store.query::<Project>(Query::all(StoreName::Projects)).await;
    assert!(matches!(ordinary, Err(StoreError::Corrupt(_))), "{ordinary:?}");

    // Export: the readable records, and a note naming what was left out and why.
    let exported = within(10_000, "the export", service.export(Scope::Full, true, "0.1.0")).await.unwrap();
    assert_eq!(spoiled_keys(&exported.skipped), expected);
    let note = exported.skipped_note().unwrap();
    assert!(note.starts_with("5 stored records could not be read and are not in the file"), "{note}");
    assert!(note.contains(SPOILED[0]) && note.contains("knowledge record"), "{note}");
    assert!(note.contains("missing field `name`"), "{note}");
    let decoded = exchange::decode(exported.text.as_bytes()).unwrap().dataset;
    assert_eq!(decoded.projects.iter().map(|p| p.id).collect::<Vec<_>>(), vec![good.id]);

    // Restore: works, and the unreadable records are gone with the rest of what it replaces.
    let outcome = within(10_000, "the restore", service.restore_backup(saved.id)).await.unwrap();
    assert_eq!(spoiled_keys(&outcome.skipped), expected);
    let projects = store.query::<Project>(Query::all(StoreName::Projects)).await.unwrap();
    assert_eq!(projects.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Good"]);
    assert_eq!(raw_count(NAME, StoreName::Projects).await, 1);
    assert_eq!(raw_count(NAME, StoreName::Knowledge).await, 0);

    // An import in Replace mode: the same.
    spoil(NAME, &good_raw).await;
    let (_, document) = service.get_backup(saved.id).await.unwrap();
    let file = exchange::decode(document.as_bytes()).unwrap().dataset;
    let replaced = within(
        10_000,
        "the Replace import",
        service.apply_import(&file, ImportMode::Replace, ConflictChoice::Newer, &Default::default(), "backup"),
    )
    .await
    .unwrap();
    assert_eq!(spoiled_keys(&replaced.skipped), expected);
    assert_eq!(raw_count(NAME, StoreName::Projects).await, 1);
    assert!(store.query::<KnowledgeEntry>(Query::all(StoreName::Knowledge)).await.unwrap().is_empty());

    // Delete all: works, and clears the unreadable records too.
    spoil(NAME, &good_raw).await;
    let deleted = within(10_000, "delete all", service.delete_all_data()).await.unwrap();
    assert_eq!(spoiled_keys(&deleted.skipped), expected);
    assert!(deleted.skipped_note().unwrap().contains("were deleted too"));
    for exported_store in exchange::EXPORTED_STORES {
        assert_eq!(raw_count(NAME, *exported_store).await, 0, "{exported_store} is empty");
    }
    store.close();
}

// ----- every hostile file through the real storage -------------------------------------------

#[path = "corpus/files.rs"]
mod corpus_files;

/// What the Data page does with a file's bytes, up to the import: detect, decode (an encrypted
/// file is opened with a wrong passphrase: the key derivation still runs), check against the
/// browser's data, apply. Err is the message the page shows.
async fn import_as_the_page_does(
    service: &Service<IdbStore>,
    bytes: &[u8],
    mode: baton_core::exchange::ImportMode,
) -> Result<(), String> {
    use baton_core::exchange::{self, ConflictChoice, Dataset, Detected};
    let dataset = match exchange::detect(bytes).map_err(|error| error.to_string())? {
        Detected::Export(decoded) => decoded.dataset,
        Detected::Encrypted(envelope) => {
            exchange::check_envelope(&envelope).map_err(|error| error.to_string())?;
            let text = baton::crypto::decrypt_envelope(&envelope, "not the passphrase")
                .await
                .map_err(|error| format!("{error:?}"))?;
            exchange::decode(text.as_bytes()).map_err(|error| error.to_string())?.dataset
        }
        Detected::LegacySql(text) => Dataset::from_records(
            baton_core::legacy::import_legacy(&text, service.now()).map_err(|error| error.to_string())?.records,
        ),
    };
    let no_choices = Default::default();
    service
        .preview_import(&dataset, mode, ConflictChoice::Newer, &no_choices)
        .await
        .map_err(|error| baton::i18n::errors::service_error(&error))?;
    service
        .apply_import(&dataset, mode, ConflictChoice::Newer, &no_choices, "corpus")
        .await
        .map(drop)
        .map_err(|error| baton::i18n::errors::service_error(&error))
}

/// After a file: every store still lists (a strict page read of each: one unreadable record would
/// fail it), the export leaves nothing out, and delete-all works.
async fn still_usable(service: &Service<IdbStore>, file: &str) {
    use baton_core::exchange::Scope;
    for store in StoreName::ALL {
        let read = service.store().read(vec![Read::Query(Query::all(store).page(0, 50))]).await;
        assert!(read.is_ok(), "{file}: {store} no longer lists: {read:?}");
    }
    let exported = service.export(Scope::Full, true, "0.1.0").await;
    assert!(exported.as_ref().is_ok_and(|exported| exported.skipped.is_empty()), "{file}: the export: {exported:?}");
    let deleted = service.delete_all_data().await;
    assert!(deleted.as_ref().is_ok_and(|deleted| deleted.skipped.is_empty()), "{file}: delete all: {deleted:?}");
}

#[wasm_bindgen_test]
async fn every_hostile_file_leaves_every_store_listable_exportable_and_deletable() {
    use baton_core::exchange::ImportMode;
    const NAME: &str = "baton-test-corpus";
    let store = fresh(NAME, schema::MIGRATIONS).await;
    let service = Service::new(store.clone(), Rc::new(TestEnv::at("2026-11-26T10:00:00Z")));
    assert!(corpus_files::FILES.len() >= 200, "the generated list holds the corpus");
    let started = js_sys::Date::now();
    let mut imported = 0;
    for (file, bytes) in corpus_files::FILES {
        // Within seconds for every file, whatever it holds.
        within(10_000, file, async {
            for mode in [ImportMode::Merge, ImportMode::Replace] {
                if import_as_the_page_does(&service, bytes, mode).await.is_ok() {
                    imported += 1;
                }
                still_usable(&service, file).await;
            }
        })
        .await;
    }
    web_sys::console::log_1(
        &format!(
            "{} corpus files ({imported} imports accepted) in {:.1} s",
            corpus_files::FILES.len(),
            (js_sys::Date::now() - started) / 1000.0
        )
        .into(),
    );
    store.close();
}

// ----- randomness ----------------------------------------------------------------------------

#[wasm_bindgen_test]
fn ids_are_never_made_without_webcrypto() {
    use baton::platform::{fill_random, no_secure_random};
    let window: js_sys::Object = web_sys::window().expect("a window").into();
    let name = JsValue::from_str("crypto");
    let original = js_sys::Object::get_own_property_descriptor(&window, &name);
    // Hide WebCrypto as a browser without it would (an own `undefined` shadows it).
    let hidden = js_sys::Object::new();
    js_sys::Reflect::set(&hidden, &"value".into(), &JsValue::UNDEFINED).unwrap();
    js_sys::Reflect::set(&hidden, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&window, &name, &hidden);
    let mut bytes = [0u8; 10];
    let without = fill_random(&mut bytes);
    // Put it back before asserting: the other tests need it.
    if original.is_undefined() {
        js_sys::Reflect::delete_property(&window, &name).unwrap();
    } else {
        js_sys::Object::define_property(&window, &name, original.unchecked_ref());
    }
    assert_eq!(without, Err(no_secure_random()), "the app says WebCrypto is missing");
    assert_eq!(bytes, [0; 10], "no weaker source filled the bytes");
    assert!(fill_random(&mut bytes).is_ok(), "WebCrypto is back");
    assert_ne!(bytes, [0; 10]);
}

// ----- the locale policy agrees with the browser's Intl -------------------------------------

/// The numbers Baton writes (and reads back) in each language are the ones `Intl.NumberFormat`
/// writes for that language, so a form, a chart and a date beside them never disagree.
#[wasm_bindgen_test]
fn numbers_are_written_as_intl_writes_them_in_every_language() {
    use baton_core::locale::Language;
    for language in Language::ALL {
        let locales = js_sys::Array::of1(&language.code().into());
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &3.into()).unwrap();
        let intl = js_sys::Intl::NumberFormat::new(&locales, &options);
        let numbers = language.locale().numbers;
        for value in [0.0, 7.0, 999.0, 1234.0, 1234.5, 1_234_567.125, -42.25, 1e9] {
            let written: String = intl.format().call1(&JsValue::NULL, &value.into()).unwrap().as_string().unwrap();
            // Baton writes a true minus sign (U+2212) where Intl writes a hyphen.
            assert_eq!(numbers.format(value).replace('−', "-"), written, "{value} in {}", language.code());
            if value.fract() == 0.0 {
                assert_eq!(numbers.parse_integer(&written), Ok(value as i64), "reads back {written}");
            }
        }
    }
}

// ----- the core's typed errors, worded in the interface language ----------------------------

#[wasm_bindgen_test]
fn core_errors_are_worded_in_the_interface_language_with_its_numbers() {
    use baton::i18n::errors::{field_error, rule_error, service_error};
    use baton_core::locale::NumberError;
    use baton_core::locale::{set_language, Language};
    use baton_core::rules::RuleError;
    use baton_core::validate::{Expected, FieldError, Part, Problem};

    let too_long = FieldError::new("notes", Problem::TooLong { length: 100_001, max: 100_000 });
    let grouped = FieldError::new(
        "credits_available",
        Problem::Number { expected: Expected::AtLeast(0), error: Some(NumberError::Misgrouped) },
    );
    let item =
        FieldError::new("state.next_steps", Problem::PartTooLong { part: Part::Item(3), length: 2_001, max: 2_000 });
    let below = RuleError::CreditsBelowZero { account: "Kerja".into(), after: -5, before: 1_200 };

    set_language(Language::English);
    assert_eq!(field_error(&too_long), "Notes are too long: 100,001 characters, the limit is 100,000.");
    assert_eq!(
        field_error(&grouped),
        "Credits available must be a whole number of 0 or more. Digits are grouped by three (1,000); type the \
         number without separators, like 1000."
    );
    assert_eq!(field_error(&item), "Next step 3 is too long: 2,001 characters, the limit is 2,000.");
    assert_eq!(rule_error(&below), "This would leave Kerja with −5 credits; it has 1,200.");
    assert_eq!(
        service_error(&service::Error::NotFound(RecordType::Project)),
        "This project no longer exists. It may have been deleted in another tab."
    );

    set_language(Language::Indonesian);
    assert_eq!(field_error(&too_long), "Catatan terlalu panjang: 100.001 karakter, batasnya 100.000.");
    assert_eq!(
        field_error(&grouped),
        "Kredit tersedia harus berupa bilangan bulat 0 atau lebih. Angka dikelompokkan per tiga digit (1.000); \
         ketik angkanya tanpa pemisah, misalnya 1000."
    );
    assert_eq!(field_error(&item), "Langkah berikutnya 3 terlalu panjang: 2.001 karakter, batasnya 2.000.");
    assert_eq!(rule_error(&below), "Ini akan menyisakan −5 kredit pada Kerja; saat ini ada 1.200.");
    assert_eq!(
        service_error(&service::Error::NotFound(RecordType::Project)),
        "Proyek ini sudah tidak ada. Mungkin telah dihapus di tab lain."
    );
    set_language(Language::English);
}
