//! The database schema: object stores, their indexes, the derived fields indexes need, and the
//! ordered migrations that build it. The IndexedDB adapter and the in-memory store both read this,
//! so an index means the same thing in tests and in the browser.

use crate::records::{AnyRecord, StoreName};
use serde_json::{Map, Value};

/// The database version (IndexedDB's `version`). Raised by one for every migration below.
pub const SCHEMA_VERSION: u32 = 2;

/// The database's name in IndexedDB.
pub const DATABASE_NAME: &str = "baton";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexDef {
    pub name: &'static str,
    /// One field, or several for a compound key.
    pub key_path: &'static [&'static str],
    pub unique: bool,
    /// For array fields: one index entry per element (tags).
    pub multi_entry: bool,
}

const fn index(name: &'static str, key_path: &'static [&'static str]) -> IndexDef {
    IndexDef { name, key_path, unique: false, multi_entry: false }
}

const fn multi_entry(name: &'static str, field: &'static [&'static str]) -> IndexDef {
    IndexDef { name, key_path: field, unique: false, multi_entry: true }
}

/// Field present (= 1) only on records that are not in the trash: compound indexes that start
/// with it contain live records only, so list pages and counts never see the trash.
pub const LIVE: &str = "_live";
/// Lower-cased name, for sorting and the case-insensitive uniqueness check.
pub const NAME_KEY: &str = "_name";
/// Lower-cased tags of live records (multi-entry index).
pub const TAGS_KEY: &str = "_tags";
/// 10 − priority, so an ascending scan gives the most urgent handoff first.
pub const URGENCY_KEY: &str = "_urgency";

/// Index names used by the app's queries.
pub mod ix {
    pub const TRASH: &str = "trash";
    pub const LIVE_UPDATED: &str = "live_updated";
    pub const LIVE_CREATED: &str = "live_created";
    pub const LIVE_NAME: &str = "live_name";
    pub const LIVE_STATUS: &str = "live_status";
    pub const LIVE_STARTED: &str = "live_started";
    pub const LIVE_PROJECT: &str = "live_project";
    pub const LIVE_ACCOUNT: &str = "live_account";
    pub const LIVE_TYPE: &str = "live_type";
    pub const PROJECT_NUMBER: &str = "project_number";
    pub const BY_ACCOUNT: &str = "by_account";
    pub const BY_AT: &str = "by_at";
    pub const BY_SESSION: &str = "by_session";
    pub const BY_RECORD: &str = "by_record";
    pub const BY_TO_ACCOUNT: &str = "by_to_account";
    pub const LIVE_USAGE: &str = "live_usage";
    pub const LIVE_CATEGORY: &str = "live_category";
    pub const TAGS: &str = "tags";
}

#[derive(Clone, Copy, Debug)]
pub struct StoreDef {
    pub store: StoreName,
    pub indexes: &'static [IndexDef],
}

/// Every store and index of the current schema. Stores are keyed by `id` (out-of-line keys are
/// never used, so a record always carries its key).
pub const STORES: &[StoreDef] = &[
    StoreDef {
        store: StoreName::Projects,
        indexes: &[
            index(ix::LIVE_UPDATED, &[LIVE, "updated_at"]),
            index(ix::LIVE_CREATED, &[LIVE, "created_at"]),
            index(ix::LIVE_NAME, &[LIVE, NAME_KEY]),
            index(ix::LIVE_STATUS, &[LIVE, "status", "updated_at"]),
            index(ix::TRASH, &["deleted_at"]),
        ],
    },
    StoreDef {
        store: StoreName::Accounts,
        indexes: &[
            index(ix::LIVE_NAME, &[LIVE, NAME_KEY]),
            index(ix::LIVE_STATUS, &[LIVE, "status", NAME_KEY]),
            index(ix::TRASH, &["deleted_at"]),
        ],
    },
    StoreDef {
        store: StoreName::Ledger,
        indexes: &[
            index(ix::BY_ACCOUNT, &["account_id", "at"]),
            index(ix::BY_AT, &["at"]),
            index(ix::BY_SESSION, &["session_id", "at"]),
        ],
    },
    StoreDef {
        store: StoreName::Sessions,
        indexes: &[
            index(ix::LIVE_STARTED, &[LIVE, "started_at"]),
            index(ix::LIVE_PROJECT, &[LIVE, "project_id", "started_at"]),
            index(ix::LIVE_ACCOUNT, &[LIVE, "account_id", "started_at"]),
            index(ix::LIVE_STATUS, &[LIVE, "status", "started_at"]),
            index(ix::LIVE_TYPE, &[LIVE, "type", "started_at"]),
            index(ix::PROJECT_NUMBER, &["project_id", "number"]),
            index(ix::TRASH, &["deleted_at"]),
        ],
    },
    StoreDef { store: StoreName::Turns, indexes: &[index(ix::BY_SESSION, &["session_id", "seq"])] },
    StoreDef {
        store: StoreName::Checkpoints,
        indexes: &[
            index(ix::LIVE_PROJECT, &[LIVE, "project_id", "created_at"]),
            index(ix::BY_SESSION, &["session_id", "created_at"]),
            index(ix::TRASH, &["deleted_at"]),
        ],
    },
    StoreDef {
        store: StoreName::Handoffs,
        indexes: &[
            index(ix::LIVE_PROJECT, &[LIVE, "project_id", "queued_at"]),
            index(ix::LIVE_STATUS, &[LIVE, "status", URGENCY_KEY, "queued_at"]),
            index(ix::BY_SESSION, &["from_session_id", "queued_at"]),
            index(ix::BY_TO_ACCOUNT, &["to_account_id", "queued_at"]),
            index(ix::TRASH, &["deleted_at"]),
        ],
    },
    StoreDef {
        store: StoreName::Knowledge,
        indexes: &[
            index(ix::LIVE_USAGE, &[LIVE, "usage_count"]),
            index(ix::LIVE_CATEGORY, &[LIVE, "category", "usage_count"]),
            index(ix::LIVE_PROJECT, &[LIVE, "project_id", "usage_count"]),
            multi_entry(ix::TAGS, &[TAGS_KEY]),
            index(ix::TRASH, &["deleted_at"]),
        ],
    },
    StoreDef {
        store: StoreName::Events,
        indexes: &[index(ix::BY_AT, &["at"]), index(ix::BY_RECORD, &["record_id", "at"])],
    },
    StoreDef { store: StoreName::Backups, indexes: &[index(ix::BY_AT, &["at"])] },
    StoreDef { store: StoreName::BackupDocuments, indexes: &[] },
];

pub fn store_def(store: StoreName) -> &'static StoreDef {
    STORES.iter().find(|def| def.store == store).expect("every store is in the schema")
}

pub fn index_def(store: StoreName, name: &str) -> Option<&'static IndexDef> {
    store_def(store).indexes.iter().find(|index| index.name == name)
}

/// One step of a migration. Steps run inside IndexedDB's upgrade transaction, in order.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    CreateStore(StoreName),
    CreateIndex(StoreName, IndexDef),
    DeleteIndex(StoreName, &'static str),
    /// Rewrites every stored record of a store (in stored form). Must be deterministic.
    Transform(StoreName, fn(&mut Value)),
    /// Rewrites every stored record of the first store, like `Transform`, and puts the record the
    /// function splits off it (if any, in record form) into the second store. Never applied to
    /// export files: it moves data between stores an export does not hold.
    SplitOff(StoreName, StoreName, fn(&mut Value) -> Option<Value>),
}

/// A migration from `version - 1` to `version`.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    pub version: u32,
    pub description: &'static str,
    pub steps: fn() -> Vec<Step>,
}

/// Stores that later migrations create, so version 1 keeps building exactly what it built when it
/// was released.
const CREATED_AFTER_VERSION_1: &[StoreName] = &[StoreName::BackupDocuments];

fn version_1_steps() -> Vec<Step> {
    let mut steps = Vec::new();
    for def in STORES.iter().filter(|def| !CREATED_AFTER_VERSION_1.contains(&def.store)) {
        steps.push(Step::CreateStore(def.store));
        for index in def.indexes {
            steps.push(Step::CreateIndex(def.store, *index));
        }
    }
    steps
}

fn version_2_steps() -> Vec<Step> {
    vec![
        Step::CreateStore(StoreName::BackupDocuments),
        Step::SplitOff(StoreName::Backups, StoreName::BackupDocuments, split_backup_document),
    ]
}

/// Version 2: takes the export document out of a stored backup (recording its size in `bytes`)
/// and returns it as the backup's [`crate::records::BackupDocument`], under the same id.
pub fn split_backup_document(backup: &mut Value) -> Option<Value> {
    let Value::Object(object) = backup else { return None };
    let document = object.remove("document").filter(Value::is_string);
    match document.as_ref().and_then(Value::as_str) {
        Some(text) => {
            object.insert("bytes".to_string(), Value::from(text.len() as u64));
        }
        None => {
            object.entry("bytes").or_insert(Value::from(0u64));
        }
    }
    let document = document?;
    let mut split = Map::new();
    for field in ["id", "created_at", "updated_at", "deleted_at", "rev"] {
        if let Some(value) = object.get(field) {
            split.insert(field.to_string(), value.clone());
        }
    }
    split.insert("document".to_string(), document);
    Some(Value::Object(split))
}

/// Every migration, oldest first. Append only: a released migration is never edited, because
/// databases in the field were built by it (see ARCHITECTURE.md, "Migrations").
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "Create the object stores and indexes of the first schema.",
        steps: version_1_steps,
    },
    Migration {
        version: 2,
        description: "Keep backups' documents in their own store, so listing backups reads only their summaries.",
        steps: version_2_steps,
    },
];

/// The migrations to run to bring a database from `old_version` to the newest of `migrations`.
pub fn migrations_after(migrations: &'static [Migration], old_version: u32) -> Vec<&'static Migration> {
    migrations.iter().filter(|migration| migration.version > old_version).collect()
}

/// The form a record is stored in: its JSON plus the derived fields the indexes use.
pub fn stored_form(record: &AnyRecord) -> Value {
    let mut value = record.to_json();
    add_derived_fields(record.store(), &mut value);
    value
}

/// Adds (or removes) the derived index fields of a record already in JSON form. Also used by
/// migrations that change what is derived.
pub fn add_derived_fields(store: StoreName, value: &mut Value) {
    let Value::Object(object) = value else { return };
    let live = matches!(object.get("deleted_at"), None | Some(Value::Null));
    set_or_remove(object, LIVE, live.then(|| Value::from(1)));
    match store {
        StoreName::Projects | StoreName::Accounts => {
            let name = object.get("name").and_then(Value::as_str).map(|name| Value::from(name.to_lowercase()));
            set_or_remove(object, NAME_KEY, name);
        }
        StoreName::Knowledge => {
            let tags = object.get("tags").and_then(Value::as_array).filter(|_| live).map(|tags| {
                Value::Array(tags.iter().filter_map(Value::as_str).map(|tag| Value::from(tag.to_lowercase())).collect())
            });
            set_or_remove(object, TAGS_KEY, tags);
        }
        StoreName::Handoffs => {
            let urgency = object
                .get("priority")
                .and_then(Value::as_u64)
                .map(|priority| Value::from(10u64.saturating_sub(priority)));
            set_or_remove(object, URGENCY_KEY, urgency);
        }
        _ => {}
    }
}

fn set_or_remove(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(value) => {
            object.insert(key.to_string(), value);
        }
        None => {
            object.remove(key);
        }
    }
}

/// Strips the derived fields: what is left is the record's own JSON.
pub fn record_form(mut value: Value) -> Value {
    if let Value::Object(object) = &mut value {
        object.retain(|key, _| !key.starts_with('_'));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn index_names_are_unique_per_store_and_fields_exist_in_migration_one() {
        for def in STORES {
            let names: HashSet<_> = def.indexes.iter().map(|index| index.name).collect();
            assert_eq!(names.len(), def.indexes.len(), "duplicate index in {}", def.store);
            for index in def.indexes {
                assert!(!index.key_path.is_empty());
                assert!(!index.multi_entry || index.key_path.len() == 1, "multi-entry indexes take one field");
            }
        }
        let steps: Vec<Step> = MIGRATIONS.iter().flat_map(|migration| (migration.steps)()).collect();
        let mut created: Vec<StoreName> = steps
            .iter()
            .filter_map(|step| match step {
                Step::CreateStore(store) => Some(*store),
                _ => None,
            })
            .collect();
        created.sort();
        assert_eq!(created, StoreName::ALL.to_vec(), "every store is created once");
        let first = (MIGRATIONS[0].steps)();
        assert_eq!(first.iter().filter(|step| matches!(step, Step::CreateStore(_))).count(), 10, "as released");
    }

    #[test]
    fn migrations_are_ordered_and_end_at_the_schema_version() {
        for (position, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, position + 1);
            assert!(!migration.description.is_empty());
        }
        assert_eq!(MIGRATIONS.last().unwrap().version, SCHEMA_VERSION);
        assert_eq!(migrations_after(MIGRATIONS, 0).len(), MIGRATIONS.len());
        assert!(migrations_after(MIGRATIONS, SCHEMA_VERSION).is_empty());
    }

    #[test]
    fn version_2_moves_a_backups_document_into_its_own_record() {
        let mut backup = serde_json::json!({
            "id": "01940000-0000-7000-8000-0000000000c1", "created_at": "2026-01-08T00:00:00.000Z",
            "updated_at": "2026-01-08T00:00:00.000Z", "deleted_at": null, "rev": 1,
            "at": "2026-01-08T00:00:00.000Z", "reason": "manual", "counts": {"projects": 1},
            "document": "{\"format\": \"baton-export\"} é", "_live": 1
        });
        let document = split_backup_document(&mut backup).expect("a document to move");
        assert_eq!(
            document,
            serde_json::json!({
                "id": "01940000-0000-7000-8000-0000000000c1", "created_at": "2026-01-08T00:00:00.000Z",
                "updated_at": "2026-01-08T00:00:00.000Z", "deleted_at": null, "rev": 1,
                "document": "{\"format\": \"baton-export\"} é"
            })
        );
        assert_eq!(backup.get("document"), None);
        assert_eq!(backup["bytes"], 29, "bytes of UTF-8, not characters");
        let record = AnyRecord::from_json(StoreName::Backups, record_form(backup.clone())).unwrap();
        assert_eq!(record.id().to_string(), "01940000-0000-7000-8000-0000000000c1");
        AnyRecord::from_json(StoreName::BackupDocuments, document).unwrap();
        // Nothing left to move the second time, and the size stays.
        assert_eq!(split_backup_document(&mut backup), None);
        assert_eq!(backup["bytes"], 29);
    }

    #[test]
    fn derived_fields_follow_the_trash() {
        let mut value = serde_json::json!({"name": "Alpha", "deleted_at": null, "tags": ["Rust"]});
        add_derived_fields(StoreName::Knowledge, &mut value);
        assert_eq!(value[LIVE], 1);
        assert_eq!(value[TAGS_KEY], serde_json::json!(["rust"]));
        value["deleted_at"] = Value::from("2026-01-01T00:00:00.000Z");
        add_derived_fields(StoreName::Knowledge, &mut value);
        assert!(value.get(LIVE).is_none());
        assert!(value.get(TAGS_KEY).is_none());
        assert!(record_form(value).get("_live").is_none());
    }
}
