//! Import modes and conflicts, backups (keep 10, restore backs up first), delete-all, project
//! exports, migration of older files, and the byte-order mark.

mod exchange_support;

use baton_core::exchange::{self, ConflictChoice, Dataset, DecodeError, ExportMeta, ImportMode, Scope, VersionPolicy};
use baton_core::memory::MemoryStore;
use baton_core::records::*;
use baton_core::schema::{Migration, Step};
use baton_core::service::exchange::{backup_due, BACKUPS_KEPT};
use baton_core::service::{Error, Service, TestEnv};
use baton_core::store::StoreError;
use baton_core::Timestamp;
use futures::executor::block_on;
use std::collections::BTreeMap;
use std::rc::Rc;

fn service() -> (Service<MemoryStore>, Rc<TestEnv>) {
    let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
    (Service::new(MemoryStore::new(), env.clone()), env)
}

/// A dataset with records in every store.
fn full_dataset(from_seed: u64) -> Dataset {
    (from_seed..)
        .map(|seed| exchange_support::dataset(seed, 3))
        .find(|data| exchange::EXPORTED_STORES.iter().all(|store| data.count(*store) > 0))
        .unwrap()
}

fn no_choices() -> BTreeMap<baton_core::Id, ConflictChoice> {
    BTreeMap::new()
}

fn load(service: &Service<MemoryStore>, data: &Dataset) {
    block_on(service.apply_import(data, ImportMode::Replace, ConflictChoice::Newer, &no_choices(), "setup")).unwrap();
}

fn exported_without_events(service: &Service<MemoryStore>) -> Dataset {
    let mut data = block_on(service.export_dataset()).unwrap();
    data.events.clear();
    data
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

#[test]
fn conflicts_follow_the_default_and_per_record_choices() {
    let (service, _) = service();
    let base = full_dataset(0);
    load(&service, &base);
    // Both sides changed two projects to the same revision: conflicts.
    let mut mine = base.clone();
    let mut theirs = base.clone();
    let count = base.projects.len().min(2);
    for index in 0..count {
        mine.projects[index].name = format!("Mine {index}");
        mine.projects[index].touch(at("2027-01-01T00:00:00Z"));
        theirs.projects[index].name = format!("Theirs {index}");
        theirs.projects[index].touch(at("2027-02-01T00:00:00Z"));
    }
    load(&service, &mine);

    let plan =
        block_on(service.preview_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices())).unwrap();
    assert_eq!(plan.conflicts.len(), count);
    assert_eq!(plan.conflicts[0].name, "Mine 0");
    assert_eq!(plan.conflicts[0].theirs_updated_at, at("2027-02-01T00:00:00Z"));
    assert_eq!(plan.per_store[&StoreName::Projects].updated as usize, count, "newer is theirs");
    assert!(plan.overwrites_or_deletes);

    let keep =
        block_on(service.preview_import(&theirs, ImportMode::Merge, ConflictChoice::KeepMine, &no_choices())).unwrap();
    assert!(!keep.changes_anything);

    let mut choices = no_choices();
    choices.insert(theirs.projects[0].id, ConflictChoice::KeepMine);
    let outcome =
        block_on(service.apply_import(&theirs, ImportMode::Merge, ConflictChoice::TakeTheirs, &choices, "file.json"))
            .unwrap();
    assert_eq!(outcome.conflicts, count);
    assert!(outcome.backup_id.is_some(), "a merge that overwrites backs up first");
    let projects = block_on(service.export_dataset()).unwrap().projects;
    assert_eq!(projects[0].name, "Mine 0");
    if count == 2 {
        assert_eq!(projects[1].name, "Theirs 1");
    }
    let events = block_on(service.activity(None, 1)).unwrap();
    assert_eq!(events[0].kind, EventKind::Imported);
    assert!(events[0].summary.starts_with("Imported from file.json: "), "{}", events[0].summary);
}

#[test]
fn an_older_revision_in_the_file_keeps_mine_and_replace_makes_the_browser_the_file() {
    let (service, _) = service();
    let base = full_dataset(1);
    let mut mine = base.clone();
    mine.knowledge[0].title = "Improved".into();
    mine.knowledge[0].touch(at("2027-01-01T00:00:00Z"));
    load(&service, &mine);
    let merge =
        block_on(service.apply_import(&base, ImportMode::Merge, ConflictChoice::TakeTheirs, &no_choices(), "old"))
            .unwrap();
    assert!(!merge.changed, "the file is behind on every record");
    assert_eq!(block_on(service.export_dataset()).unwrap().knowledge[0].title, "Improved");

    let mut smaller = base.clone();
    let dropped = smaller.turns.len() as u64;
    smaller.turns.clear();
    let outcome =
        block_on(service.apply_import(&smaller, ImportMode::Replace, ConflictChoice::Newer, &no_choices(), "replace"))
            .unwrap();
    assert_eq!(outcome.per_store[&StoreName::Turns].deleted, dropped);
    assert_eq!(outcome.per_store[&StoreName::Knowledge].updated, 1);
    assert!(outcome.backup_id.is_some());
    let after = exported_without_events(&service);
    let mut expected = smaller.clone();
    expected.events.clear();
    assert_eq!(after, expected);
}

#[test]
fn a_refused_or_failed_import_changes_nothing() {
    let (service, _) = service();
    load(&service, &full_dataset(2));
    let before = block_on(service.export_dataset()).unwrap();
    let backups = service.store().dump(StoreName::Backups);

    let mut dangling = full_dataset(3);
    dangling.sessions[0].project_id = baton_core::Id::derived("nowhere", "1");
    let error =
        block_on(service.apply_import(&dangling, ImportMode::Merge, ConflictChoice::Newer, &no_choices(), "bad"))
            .unwrap_err();
    assert!(import_text(&error).contains("data.sessions[0].project_id: no such project"), "{error:?}");
    let problems = block_on(service.import_problems(&dangling, ImportMode::Merge)).unwrap();
    assert_eq!(problems.len(), 1);
    assert!(matches!(
        block_on(service.preview_import(&dangling, ImportMode::Merge, ConflictChoice::Newer, &no_choices())),
        Err(Error::Import(DecodeError::Invalid(_)))
    ));

    // A reference to a project already in the browser is fine.
    let mut onto_existing = full_dataset(3);
    onto_existing.sessions[0].project_id = before.projects[0].id;
    onto_existing.sessions[0].number = 9_999;
    assert!(block_on(service.import_problems(&onto_existing, ImportMode::Merge)).unwrap().is_empty());

    service.store().fail_next_write(StoreError::QuotaExceeded);
    let error = block_on(service.apply_import(
        &full_dataset(4),
        ImportMode::Replace,
        ConflictChoice::Newer,
        &no_choices(),
        "full",
    ))
    .unwrap_err();
    assert_eq!(error, Error::Store(StoreError::QuotaExceeded));
    assert_eq!(block_on(service.export_dataset()).unwrap(), before);
    assert_eq!(service.store().dump(StoreName::Backups), backups, "not even the backup was kept");
}

/// A Replace deletes the browser's records the file does not hold, so the file's references
/// must resolve in the file alone.
#[test]
fn replace_resolves_references_in_the_file_alone() {
    let (service, _) = service();
    load(&service, &full_dataset(2));
    let before = block_on(service.export_dataset()).unwrap();
    let backups = service.store().dump(StoreName::Backups);

    // Its session points at a project only the browser holds: fine to merge, not to replace.
    let mut leaning = full_dataset(100);
    assert!(!leaning.contains(StoreName::Projects, before.projects[0].id), "the file and the browser differ");
    leaning.sessions[0].project_id = before.projects[0].id;
    leaning.sessions[0].number = 9_999;
    assert!(block_on(service.import_problems(&leaning, ImportMode::Merge)).unwrap().is_empty());
    let problems = block_on(service.import_problems(&leaning, ImportMode::Replace)).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "data.sessions[0].project_id");
    assert!(problems[0].message.contains("no such project in the file (Replace removes"), "{}", problems[0].message);
    for error in [
        block_on(service.preview_import(&leaning, ImportMode::Replace, ConflictChoice::Newer, &no_choices()))
            .unwrap_err(),
        block_on(service.apply_import(&leaning, ImportMode::Replace, ConflictChoice::Newer, &no_choices(), "f"))
            .unwrap_err(),
    ] {
        assert!(import_text(&error).contains("data.sessions[0].project_id: no such project in the file"), "{error:?}");
    }
    assert_eq!(block_on(service.export_dataset()).unwrap(), before, "nothing changed");
    assert_eq!(service.store().dump(StoreName::Backups), backups);

    // A ledger entry of an account only the browser holds: the same.
    let mut ledger = full_dataset(100);
    ledger.ledger[0].account_id = before.accounts[0].id;
    let problems = block_on(service.import_problems(&ledger, ImportMode::Replace)).unwrap();
    assert_eq!(problems.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(), ["data.ledger[0].account_id"]);

    // A self-contained file replaces cleanly: the browser then holds exactly the file.
    let whole = full_dataset(100);
    assert!(block_on(service.import_problems(&whole, ImportMode::Replace)).unwrap().is_empty());
    block_on(service.apply_import(&whole, ImportMode::Replace, ConflictChoice::Newer, &no_choices(), "f")).unwrap();
    let mut expected = whole;
    expected.events.clear();
    assert!(exported_without_events(&service) == expected, "the browser holds the file's records");
}

#[test]
fn backups_keep_ten_and_list_without_documents() {
    let (service, env) = service();
    load(&service, &full_dataset(5));
    let mut made = Vec::new();
    for _ in 0..13 {
        env.clock.advance(chrono::Duration::hours(1));
        made.push(block_on(service.create_backup(BackupReason::Manual)).unwrap());
    }
    let list = block_on(service.list_backups()).unwrap();
    assert_eq!(list.len(), BACKUPS_KEPT);
    assert_eq!(list[0].id, made[12].id, "newest first");
    assert_eq!(list[9].id, made[3].id, "the three oldest were removed");
    assert_eq!(list[0], made[12], "the summary create_backup returns is the one listed");
    assert_eq!(list[0].counts, block_on(service.export_dataset()).unwrap().counts());
    let (backup, document) = block_on(service.get_backup(made[12].id)).unwrap();
    assert_eq!((backup.id, backup.bytes), (made[12].id, document.len() as u64));
    assert!(exchange::decode(document.as_bytes()).is_ok());
    assert!(matches!(block_on(service.get_backup(made[0].id)), Err(Error::NotFound(_))));
    // Trimming removed the documents of the backups it removed, and nothing else.
    let documents = service.store().dump(StoreName::BackupDocuments);
    assert_eq!(
        documents.iter().map(AnyRecord::id).collect::<Vec<_>>(),
        made[3..].iter().map(|backup| backup.id).collect::<Vec<_>>()
    );
}

#[test]
fn restore_backs_up_first_and_can_be_undone() {
    let (service, env) = service();
    let original = full_dataset(6);
    load(&service, &original);
    let saved = block_on(service.create_backup(BackupReason::Manual)).unwrap();
    let state_at_backup = block_on(service.export_dataset()).unwrap();

    env.clock.advance(chrono::Duration::days(1));
    load(&service, &full_dataset(7));
    let replaced = block_on(service.export_dataset()).unwrap();
    assert_ne!(replaced, state_at_backup);

    env.clock.advance(chrono::Duration::days(1));
    let outcome = block_on(service.restore_backup(saved.id)).unwrap();
    let undo_id = outcome.backup_id.unwrap();
    let (undo, document) = block_on(service.get_backup(undo_id)).unwrap();
    assert_eq!(undo.reason, BackupReason::BeforeRestore);
    assert_eq!(exchange::decode(document.as_bytes()).unwrap().dataset, replaced);

    let restored = block_on(service.export_dataset()).unwrap();
    let mut without_restore_event = restored.clone();
    without_restore_event.events.retain(|event| event.kind != EventKind::Restored);
    assert_eq!(without_restore_event, state_at_backup);

    // Undo: restore the backup the restore made.
    block_on(service.restore_backup(undo_id)).unwrap();
    let mut undone = block_on(service.export_dataset()).unwrap();
    undone.events.retain(|event| event.kind != EventKind::Restored);
    assert_eq!(undone, replaced);
}

#[test]
fn delete_all_backs_up_and_empties_everything_but_backups() {
    let (service, _) = service();
    let data = full_dataset(8);
    load(&service, &data);
    let before = block_on(service.export_dataset()).unwrap();
    let backup_id = block_on(service.delete_all_data()).unwrap().backup_id;
    assert!(block_on(service.export_dataset()).unwrap().is_empty());
    let (backup, document) = block_on(service.get_backup(backup_id)).unwrap();
    assert_eq!(backup.reason, BackupReason::BeforeDeleteAll);
    assert_eq!(exchange::decode(document.as_bytes()).unwrap().dataset, before);
    block_on(service.restore_backup(backup_id)).unwrap();
    let mut restored = block_on(service.export_dataset()).unwrap();
    restored.events.retain(|event| event.kind != EventKind::Restored);
    assert_eq!(restored, before);
}

#[test]
fn weekly_backups_fall_due_after_seven_days() {
    let last = at("2026-11-01T10:00:00Z");
    assert!(backup_due(last, None));
    assert!(!backup_due(at("2026-11-08T09:59:59Z"), Some(last)));
    assert!(backup_due(at("2026-11-08T10:00:00Z"), Some(last)));
}

#[test]
fn project_exports_share_the_project_and_leave_private_fields_out() {
    let (service, _) = service();
    let mut data = full_dataset(9);
    let project = data.projects[0].id;
    let other = baton_core::Id::derived("project", "other");
    let mut second = data.projects[0].clone();
    second.id = other;
    second.name = "Other".into();
    data.projects.push(second);
    data.sessions[0].project_id = project;
    data.sessions[0].account_id = Some(data.accounts[0].id);
    data.accounts[0].email = "me@example.com".into();
    data.accounts[0].notes = "private".into();
    data.knowledge[0].project_id = None;
    data.handoffs[0].project_id = project;
    data.handoffs[0].bundle.sections.push(exchange::knowledge_section(data.knowledge[0].id));
    data.sort();
    load(&service, &data);

    let document = block_on(service.export_document(Scope::Project(project), false, "0.1.0")).unwrap();
    let decoded = exchange::decode(document.as_bytes()).unwrap();
    assert_eq!(decoded.scope, Scope::Project(project));
    let shared = decoded.dataset;
    assert_eq!(shared.projects.len(), 1);
    assert!(shared.sessions.iter().all(|session| session.project_id == project));
    assert!(shared.ledger.is_empty() && shared.events.is_empty());
    assert!(shared.knowledge.iter().any(|entry| entry.id == data.knowledge[0].id), "used in a bundle");
    let account = shared.accounts.iter().find(|account| account.name == data.accounts[0].name).unwrap();
    assert_eq!((account.email.as_str(), account.notes.as_str()), ("", ""));
    let private =
        exchange::decode(block_on(service.export_document(Scope::Project(project), true, "0.1.0")).unwrap().as_bytes())
            .unwrap();
    assert!(private.dataset.accounts.iter().any(|account| account.email == "me@example.com"));

    // The shared file imports into an empty browser.
    let (empty, _) = self::service();
    block_on(empty.apply_import(&shared, ImportMode::Merge, ConflictChoice::Newer, &no_choices(), "shared")).unwrap();
    let missing = block_on(service.export_document(Scope::Project(baton_core::Id::derived("x", "y")), false, "0.1.0"));
    assert!(matches!(missing, Err(Error::NotFound(_))));
}

/// Version 1 files had projects with `title` where version 2 has `name` (a made-up change, to
/// prove older files run the migrations' transforms on import).
fn rename_title(record: &mut serde_json::Value) {
    if let Some(object) = record.as_object_mut() {
        if let Some(title) = object.remove("title") {
            object.insert("name".into(), title);
        }
        // Derived fields are recomputed by the store; the transform sees them as the database does.
        assert!(object.contains_key("_live") || object.contains_key("deleted_at"));
    }
}

fn version_2_steps() -> Vec<Step> {
    vec![Step::Transform(StoreName::Projects, rename_title)]
}

static SYNTHETIC: &[Migration] = &[
    Migration { version: 1, description: "first", steps: Vec::new },
    Migration { version: 2, description: "projects: title → name", steps: version_2_steps },
];

#[test]
fn older_files_are_migrated_with_the_migrations_transforms() {
    let data = full_dataset(10);
    let document = exchange::encode(
        &data,
        &ExportMeta { app_version: "0.0.9".into(), exported_at: at("2026-01-01T00:00:00Z"), scope: Scope::Full },
    );
    // Rewrite the file as version 1 of the synthetic history wrote it.
    let mut value: serde_json::Value = serde_json::from_str(&document).unwrap();
    for project in value["data"]["projects"].as_array_mut().unwrap() {
        let name = project.as_object_mut().unwrap().remove("name").unwrap();
        project["title"] = name;
    }
    value["checksum"] = exchange::data_checksum(&value["data"]).into();
    value["schema_version"] = 1.into();
    let old_file = serde_json::to_vec(&value).unwrap();

    let policy = VersionPolicy { current: 2, oldest: 1, migrations: SYNTHETIC };
    let decoded = exchange::decode_with(&old_file, exchange::MAX_IMPORT_BYTES, &policy).unwrap();
    assert_eq!((decoded.schema_version, decoded.migrated_from), (2, Some(1)));
    assert_eq!(decoded.dataset, data);
    // Under today's policy the same old file has no `name`, and says so.
    match exchange::decode(&old_file) {
        Err(DecodeError::Invalid(problems)) => {
            assert!(problems
                .iter()
                .any(|p| p.path == "data.projects[0].name" && p.message == "is required but missing"))
        }
        other => panic!("{other:?}"),
    }
    let newer = VersionPolicy { current: 2, oldest: 2, migrations: SYNTHETIC };
    assert_eq!(
        exchange::decode_with(&old_file, exchange::MAX_IMPORT_BYTES, &newer).unwrap_err(),
        DecodeError::UnsupportedVersion { version: 1 }
    );
}

#[test]
fn a_byte_order_mark_before_a_valid_file_is_accepted() {
    let data = full_dataset(11);
    let document = exchange::encode(
        &data,
        &ExportMeta { app_version: "0.1.0".into(), exported_at: at("2026-01-01T00:00:00Z"), scope: Scope::Full },
    );
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], document.as_bytes()].concat();
    assert_eq!(exchange::decode(&with_bom).unwrap().dataset, data);
    // A file Baton wrote decodes even when laid out differently (pretty-printed by an editor).
    let pretty = serde_json::to_vec_pretty(&serde_json::from_str::<serde_json::Value>(&document).unwrap()).unwrap();
    assert_eq!(exchange::decode(&pretty).unwrap().dataset, data);
    assert!(matches!(
        exchange::detect(b"PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;"),
        Ok(exchange::Detected::LegacySql(_))
    ));
    let messages = [
        DecodeError::TooLarge { bytes: 300 * 1024 * 1024, limit: exchange::MAX_IMPORT_BYTES }.to_string(),
        DecodeError::WrongPassphrase.to_string(),
        DecodeError::DamagedCiphertext.to_string(),
    ];
    assert!(messages[0].contains("300.0 MB") && messages[0].contains("200.0 MB"), "{}", messages[0]);
    assert!(messages[1].contains("passphrase is wrong"));
    assert!(messages[2].contains("damaged"));
}

/// A copy of `session` under a new id (a session the browser does not have).
fn new_session(session: &Session, key: &str, number: u32) -> Session {
    Session { id: baton_core::Id::derived("new-session", key), number, ..session.clone() }
}

fn new_account(account: &Account, key: &str, name: &str) -> Account {
    Account { id: baton_core::Id::derived("new-account", key), name: name.to_string(), ..account.clone() }
}

#[test]
fn merging_renumbers_incoming_sessions_whose_numbers_the_project_uses() {
    let (service, _) = service();
    let mut base = full_dataset(2);
    let project = base.projects.iter().find(|p| base.sessions.iter().any(|s| s.project_id == p.id)).unwrap().clone();
    let first = base.sessions.iter().find(|s| s.project_id == project.id).unwrap().clone();
    let numbers = |data: &Dataset| {
        data.sessions.iter().filter(|s| s.project_id == project.id).map(|s| s.number).collect::<Vec<_>>()
    };
    let extra = new_session(&first, "extra", numbers(&base).into_iter().max().unwrap() + 1);
    base.sessions.push(extra);
    base.sort();
    load(&service, &base);
    let (low, high) = (numbers(&base).into_iter().min().unwrap(), numbers(&base).into_iter().max().unwrap());
    assert!(low < high);

    let theirs = Dataset {
        projects: vec![project.clone()],
        sessions: vec![
            new_session(&first, "b", low),
            new_session(&first, "a", high),
            new_session(&first, "c", high + 50),
        ],
        ..Dataset::default()
    };
    let plan =
        block_on(service.preview_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices())).unwrap();
    assert_eq!(plan.per_store[&StoreName::Sessions].added, 3);
    // In the order of their numbers, after the highest the project then has.
    let expected = [(theirs.sessions[0].id, high + 51), (theirs.sessions[1].id, high + 52)];
    assert_eq!(plan.repairs.len(), expected.len(), "{:?}", plan.repairs);
    for (repair, (id, number)) in plan.repairs.iter().zip(&expected) {
        assert_eq!((repair.store, repair.id), (StoreName::Sessions, *id));
        assert!(repair.message.contains(&format!("is now session {number}")), "{}", repair.message);
        assert!(repair.message.contains(&format!("of “{}”", project.name)), "{}", repair.message);
    }

    let outcome =
        block_on(service.apply_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices(), "f")).unwrap();
    assert_eq!(outcome.repairs, plan.repairs);
    let stored = block_on(service.export_dataset()).unwrap();
    let mut numbers: Vec<u32> =
        stored.sessions.iter().filter(|s| s.project_id == project.id).map(|s| s.number).collect();
    let count = numbers.len();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), count, "every number of the project is used once: {numbers:?}");
    for (id, number) in &expected {
        let session = stored.sessions.iter().find(|s| s.id == *id).unwrap();
        assert_eq!(session.number, *number);
        assert_eq!(session.rev, first.rev + 1, "raised, so the browser is ahead of the file");
    }
    assert!(stored.events.iter().any(|e| e.summary.contains("repaired")), "the activity log says so");

    // The same file again changes nothing and repairs nothing.
    let again =
        block_on(service.apply_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices(), "f")).unwrap();
    assert!(!again.changed && again.repairs.is_empty() && again.conflicts == 0, "{again:?}");

    // Replacing takes the file alone: nothing to repair.
    let plan =
        block_on(service.preview_import(&theirs, ImportMode::Replace, ConflictChoice::Newer, &no_choices())).unwrap();
    assert!(plan.repairs.is_empty());
}

#[test]
fn merging_renames_incoming_accounts_whose_names_are_taken() {
    let (service, _) = service();
    let mut base = full_dataset(2);
    base.accounts[0].name = "Work Claude".into();
    base.accounts[0].deleted_at = None;
    load(&service, &base);
    let ours = &base.accounts[0];

    let long = "L".repeat(200);
    let mut trashed = new_account(ours, "trashed", "WORK CLAUDE");
    trashed.deleted_at = Some(trashed.updated_at);
    let theirs = Dataset {
        accounts: vec![
            new_account(ours, "a", "  work CLAUDE "),
            new_account(ours, "b", "Work Claude (imported)"),
            trashed,
            new_account(ours, "long", &long),
        ],
        ..Dataset::default()
    };
    let mut with_long = base.clone();
    with_long.accounts.push(new_account(ours, "long-mine", &long.to_lowercase()));
    load(&service, &with_long);

    let plan =
        block_on(service.preview_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices())).unwrap();
    let renamed: BTreeMap<baton_core::Id, &str> =
        plan.repairs.iter().map(|repair| (repair.id, repair.message.as_str())).collect();
    assert_eq!(plan.repairs.len(), 2, "{:?}", plan.repairs);
    assert!(plan.repairs.iter().all(|repair| repair.store == StoreName::Accounts));
    let first = renamed[&theirs.accounts[0].id];
    assert!(first.contains("An account named “Work Claude” is already in this browser"), "{first}");
    assert!(first.contains("is now named “work CLAUDE (imported 2)”"), "{first}");

    block_on(service.apply_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices(), "f")).unwrap();
    let stored = block_on(service.export_dataset()).unwrap();
    let name = |id| stored.accounts.iter().find(|a| a.id == id).unwrap().name.clone();
    assert_eq!(name(theirs.accounts[0].id), "work CLAUDE (imported 2)");
    assert_eq!(name(theirs.accounts[1].id), "Work Claude (imported)", "no clash: kept");
    assert_eq!(name(theirs.accounts[2].id), "WORK CLAUDE", "a trashed account keeps its name");
    let cut = name(theirs.accounts[3].id);
    assert_eq!(cut.chars().count(), 200, "within the name limit");
    assert!(cut.ends_with(" (imported)"));
    let live: Vec<String> =
        stored.accounts.iter().filter(|a| a.deleted_at.is_none()).map(|a| a.name.trim().to_lowercase()).collect();
    let unique: std::collections::BTreeSet<&String> = live.iter().collect();
    assert_eq!(unique.len(), live.len(), "live names are unique ignoring case");

    // Every stored account still passes the account form's name rule.
    for account in stored.accounts.iter().filter(|a| a.deleted_at.is_none()) {
        let others: Vec<String> = stored
            .accounts
            .iter()
            .filter(|a| a.id != account.id && a.deleted_at.is_none())
            .map(|a| a.name.clone())
            .collect();
        let draft = baton_core::validate::AccountDraft::from(account);
        if let Err(errors) = baton_core::validate::account(&draft, &others) {
            assert!(errors.0.iter().all(|error| error.field != "name"), "{}: {errors:?}", account.name);
        }
    }

    let again =
        block_on(service.apply_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices(), "f")).unwrap();
    assert!(!again.changed && again.repairs.is_empty() && again.conflicts == 0, "{again:?}");
}

/// A file that breaks the rules by itself was edited: refused, not repaired.
#[test]
fn a_file_clashing_with_itself_is_refused() {
    let (service, _) = service();
    let base = full_dataset(2);
    load(&service, &base);
    let before = block_on(service.export_dataset()).unwrap();
    let ours = &base.accounts[0];
    let theirs = Dataset {
        accounts: vec![new_account(ours, "a", "Twin"), new_account(ours, "b", " twin ")],
        ..Dataset::default()
    };
    let first = theirs.accounts.iter().position(|a| a.name == "Twin").unwrap();
    let second = 1 - first;
    let problems = block_on(service.import_problems(&theirs, ImportMode::Merge)).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, format!("data.accounts[{}].name", first.max(second)));
    assert!(problems[0].message.contains(&format!("data.accounts[{}] too", first.min(second))));
    let error = block_on(service.apply_import(&theirs, ImportMode::Merge, ConflictChoice::Newer, &no_choices(), "f"))
        .unwrap_err();
    assert!(import_text(&error).contains("account names must be unique"), "{error:?}");
    assert_eq!(block_on(service.export_dataset()).unwrap(), before);
}

/// The problems of a refused import, in the file format's plain English.
fn import_text(error: &Error) -> String {
    match error {
        Error::Import(problems) => problems.to_string(),
        other => panic!("not an import error: {other:?}"),
    }
}
