//! The recovery path: a record stored once that no longer reads back (a float `rev`, a year
//! outside 0000–9999, a missing field) must not lock the user out. Export, import, restore and
//! "delete all my data" skip such records, keep the rest, and say what they skipped.

mod exchange_support;

use baton_core::exchange::{self, ConflictChoice, Dataset, ImportMode, Scope};
use baton_core::memory::MemoryStore;
use baton_core::records::*;
use baton_core::schema;
use baton_core::service::{Service, TestEnv};
use baton_core::store::{Key, Query, Store, StoreError};
use futures::executor::block_on;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

fn service() -> Service<MemoryStore> {
    Service::new(MemoryStore::new(), Rc::new(TestEnv::at("2026-11-26T10:00:00Z")))
}

fn full_dataset() -> Dataset {
    (0..)
        .map(|seed| exchange_support::dataset(seed, 3))
        .find(|data| exchange::EXPORTED_STORES.iter().all(|store| data.count(*store) > 0))
        .unwrap()
}

fn load(service: &Service<MemoryStore>, data: &Dataset) {
    block_on(service.apply_import(data, ImportMode::Replace, ConflictChoice::Newer, &BTreeMap::new(), "setup"))
        .unwrap();
}

/// A project's stored form with its id replaced and one change applied.
fn bad_project(data: &Dataset, id: &str, spoil: impl FnOnce(&mut Value)) -> Value {
    let mut value = schema::stored_form(&data.projects[0].clone().into_any());
    value["id"] = json!(id);
    spoil(&mut value);
    value
}

const FLOAT_REV: &str = "00000000-0000-7000-8000-00000000f10a";
const YEAR_10000: &str = "00000000-0000-7000-8000-0000000010e4";
const NO_NAME: &str = "00000000-0000-7000-8000-00000000face";

/// Stores three unreadable projects next to the readable data.
fn spoil(service: &Service<MemoryStore>, data: &Dataset) {
    let store = service.store();
    store.put_raw(StoreName::Projects, bad_project(data, FLOAT_REV, |value| value["rev"] = json!(1.5)));
    store.put_raw(
        StoreName::Projects,
        bad_project(data, YEAR_10000, |value| value["updated_at"] = json!("+010000-01-01T00:00:00Z")),
    );
    store.put_raw(
        StoreName::Projects,
        bad_project(data, NO_NAME, |value| {
            value.as_object_mut().unwrap().remove("name");
        }),
    );
}

fn keys_of(skipped: &[baton_core::store::Unreadable]) -> Vec<Key> {
    let mut keys: Vec<Key> = skipped.iter().map(|unreadable| unreadable.key.clone()).collect();
    keys.sort();
    keys
}

fn bad_keys() -> Vec<Key> {
    let mut keys = vec![Key::str(FLOAT_REV), Key::str(YEAR_10000), Key::str(NO_NAME)];
    keys.sort();
    keys
}

#[test]
fn an_unreadable_record_fails_an_ordinary_read_but_not_the_recovery_reads() {
    let service = service();
    let data = full_dataset();
    load(&service, &data);
    spoil(&service, &data);
    let ordinary: Result<Vec<Project>, StoreError> = block_on(service.store().query(Query::all(StoreName::Projects)));
    assert!(matches!(ordinary, Err(StoreError::Corrupt(_))), "{ordinary:?}");
    let (dataset, skipped) = block_on(service.export_dataset_salvaged()).unwrap();
    assert_eq!(dataset, block_on(service.export_dataset()).unwrap());
    assert_eq!(dataset.projects.len(), data.projects.len(), "the readable records are all kept");
    assert_eq!(keys_of(&skipped), bad_keys());
    assert!(skipped.iter().all(|unreadable| unreadable.store == StoreName::Projects));
}

#[test]
fn delete_all_works_and_deletes_the_unreadable_records_too() {
    let service = service();
    let data = full_dataset();
    load(&service, &data);
    spoil(&service, &data);
    let deleted = block_on(service.delete_all_data()).unwrap();
    assert_eq!(keys_of(&deleted.skipped), bad_keys());
    let note = deleted.skipped_note().unwrap();
    assert!(note.starts_with("3 stored records could not be read and were deleted too"), "{note}");
    assert!(note.contains(FLOAT_REV) && note.contains("projects record"), "{note}");
    for store in exchange::EXPORTED_STORES {
        assert!(service.store().keys(*store).is_empty(), "{store} still holds records");
    }
    // The backup holds everything that could be read.
    let (_, document) = block_on(service.get_backup(deleted.backup_id)).unwrap();
    let backed_up = exchange::decode(document.as_bytes()).unwrap().dataset;
    assert_eq!(backed_up.projects.len(), data.projects.len());
}

#[test]
fn restore_works_and_removes_the_unreadable_records() {
    let service = service();
    let data = full_dataset();
    load(&service, &data);
    let saved = block_on(service.create_backup(BackupReason::Manual)).unwrap();
    spoil(&service, &data);
    let outcome = block_on(service.restore_backup(saved.id)).unwrap();
    assert_eq!(keys_of(&outcome.skipped), bad_keys());
    let note = outcome.skipped_note(ImportMode::Replace).unwrap();
    assert!(note.contains("were deleted"), "{note}");
    let projects: Vec<Project> = block_on(service.store().query(Query::all(StoreName::Projects))).unwrap();
    assert_eq!(projects, data.projects, "every project reads again, as backed up");
}

#[test]
fn a_replace_import_removes_the_unreadable_records_and_a_merge_keeps_and_reports_them() {
    let service = service();
    let data = full_dataset();
    load(&service, &data);
    spoil(&service, &data);

    let merged =
        block_on(service.apply_import(&data, ImportMode::Merge, ConflictChoice::Newer, &BTreeMap::new(), "same"))
            .unwrap();
    assert_eq!(keys_of(&merged.skipped), bad_keys());
    assert!(merged.skipped_note(ImportMode::Merge).unwrap().contains("were left as they are"));
    assert_eq!(service.store().keys(StoreName::Projects).len(), data.projects.len() + 3);

    // The same file again, as a Replace: nothing readable changes, the unreadable ones go.
    let replaced =
        block_on(service.apply_import(&data, ImportMode::Replace, ConflictChoice::Newer, &BTreeMap::new(), "same"))
            .unwrap();
    assert_eq!(keys_of(&replaced.skipped), bad_keys());
    assert!(replaced.changed);
    assert!(replaced.backup_id.is_some(), "a Replace that deletes anything backs up first");
    let projects: Vec<Project> = block_on(service.store().query(Query::all(StoreName::Projects))).unwrap();
    assert_eq!(projects, data.projects);
}

#[test]
fn the_export_leaves_out_the_unreadable_records_and_says_so() {
    let service = service();
    let data = full_dataset();
    load(&service, &data);
    spoil(&service, &data);
    let exported = block_on(service.export(Scope::Full, true, "0.1.0")).unwrap();
    let decoded = exchange::decode(exported.text.as_bytes()).unwrap().dataset;
    assert_eq!(decoded.projects, data.projects);
    let note = exported.skipped_note().unwrap();
    assert!(note.starts_with("3 stored records could not be read and are not in the file"), "{note}");
    assert!(note.contains(YEAR_10000) && note.contains(NO_NAME), "{note}");
    assert!(note.contains("missing field `name`"), "the reason is given: {note}");
}

#[test]
fn nothing_is_reported_when_every_record_reads() {
    let service = service();
    let data = full_dataset();
    load(&service, &data);
    let exported = block_on(service.export(Scope::Full, true, "0.1.0")).unwrap();
    assert_eq!(exported.skipped_note(), None);
    assert_eq!(block_on(service.delete_all_data()).unwrap().skipped_note(), None);
}
