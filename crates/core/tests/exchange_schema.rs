//! Exports are checked against `schema/baton-export.schema.json` (JSON Schema draft 2020-12), and
//! the schema is checked against the records: it lists every field, and its `required` lists are
//! exactly the fields an import cannot do without.

mod exchange_support;

use baton_core::exchange::{self, ExportMeta, Scope, EXPORTED_STORES};
use baton_core::records::{AnyRecord, StoreName};
use baton_core::Timestamp;
use serde_json::Value;
use std::path::PathBuf;

fn schema() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema/baton-export.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the schema is in the repository")).unwrap()
}

struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn new() -> Validator {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler.add_resource("file:///baton-export.schema.json", schema()).unwrap();
        let index = compiler.compile("file:///baton-export.schema.json", &mut schemas).expect("the schema compiles");
        Validator { schemas, index }
    }

    fn check(&self, document: &str) -> Result<(), String> {
        let value: Value = serde_json::from_str(document).unwrap();
        self.schemas.validate(&value, self.index).map_err(|error| format!("{error:#}"))
    }
}

fn meta(scope: Scope) -> ExportMeta {
    ExportMeta { app_version: "0.1.0".into(), exported_at: Timestamp::parse("2026-11-26T10:00:00Z").unwrap(), scope }
}

#[test]
fn full_and_project_exports_match_the_schema() {
    let validator = Validator::new();
    for seed in 0..300 {
        let data = exchange_support::dataset(seed, 4);
        let document = exchange::encode(&data, &meta(Scope::Full));
        validator.check(&document).unwrap_or_else(|error| panic!("seed {seed}: {error}"));
        if let Some(project) = data.projects.first() {
            let subset = exchange::project_subset(&data, project.id, false).unwrap();
            let document = exchange::encode(&subset, &meta(Scope::Project(project.id)));
            validator.check(&document).unwrap_or_else(|error| panic!("seed {seed}, project: {error}"));
        }
    }
}

#[test]
fn the_schema_refuses_what_the_import_refuses() {
    let validator = Validator::new();
    let data = (0..).map(|seed| exchange_support::dataset(seed, 3)).find(|d| !d.sessions.is_empty()).unwrap();
    let document: Value = serde_json::from_str(&exchange::encode(&data, &meta(Scope::Full))).unwrap();
    for (pointer, bad) in [
        ("/data/sessions/0/status", serde_json::json!("paused")),
        ("/data/sessions/0/number", serde_json::json!(0)),
        ("/data/sessions/0/title", serde_json::json!("t".repeat(201))),
        ("/data/sessions/0/started_at", serde_json::json!("yesterday")),
        ("/data/sessions/0/surprise", serde_json::json!(1)),
        ("/format", serde_json::json!("other")),
    ] {
        let mut changed = document.clone();
        match changed.pointer_mut(pointer) {
            Some(place) => *place = bad,
            None => {
                changed["data"]["sessions"][0].as_object_mut().unwrap().insert("surprise".into(), bad);
            }
        }
        assert!(validator.check(&changed.to_string()).is_err(), "{pointer} should be refused");
    }
}

/// The `$defs` entry describing each store's records.
fn definition(store: StoreName) -> &'static str {
    match store {
        StoreName::Projects => "project",
        StoreName::Accounts => "account",
        StoreName::Ledger => "ledger_entry",
        StoreName::Sessions => "session",
        StoreName::Turns => "turn",
        StoreName::Checkpoints => "checkpoint",
        StoreName::Handoffs => "handoff",
        StoreName::Knowledge => "knowledge_entry",
        StoreName::Events => "activity_event",
        StoreName::Backups | StoreName::BackupDocuments => unreachable!("backups are never exported"),
    }
}

#[test]
fn the_schema_lists_every_field_and_requires_exactly_what_the_import_requires() {
    let schema = schema();
    let mut data = (0..)
        .map(|seed| exchange_support::dataset(seed, 3))
        .find(|d| EXPORTED_STORES.iter().all(|store| d.count(*store) > 0))
        .unwrap();
    // Optional fields left out when empty must be there to be listed.
    for account in &mut data.accounts {
        account.bundle_language = Some(baton_core::locale::Language::Indonesian);
    }
    let records = data.into_records();
    for store in EXPORTED_STORES {
        let record = records.iter().find(|record| record.store() == *store).unwrap().to_json();
        let def = &schema["$defs"][definition(*store)];
        let properties: Vec<&String> = def["properties"].as_object().unwrap().keys().collect();
        let fields: Vec<&String> = record.as_object().unwrap().keys().collect();
        let mut sorted_properties = properties.clone();
        sorted_properties.sort();
        assert_eq!(sorted_properties, fields, "{store}: the schema's fields are the record's");
        let required: Vec<&str> = def["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        for field in fields {
            let mut without = record.clone();
            without.as_object_mut().unwrap().remove(field);
            let reads = AnyRecord::from_json(*store, without).is_ok();
            assert_eq!(
                !reads,
                required.contains(&field.as_str()),
                "{store}.{field}: required in the schema iff the import needs it"
            );
        }
    }
}

#[test]
fn an_accounts_bundle_language_is_exported_checked_and_read_back() {
    use baton_core::locale::Language;
    let validator = Validator::new();
    let mut data =
        (0..50).map(|seed| exchange_support::dataset(seed, 4)).find(|data| data.accounts.len() >= 3).unwrap();
    // Without a choice the field is left out, so exports from before it existed read the same.
    let before = exchange::encode(&data, &meta(Scope::Full));
    assert!(!before.contains("bundle_language"));
    data.accounts[0].bundle_language = Some(Language::Indonesian);
    data.accounts[1].bundle_language = Some(Language::English);
    let document = exchange::encode(&data, &meta(Scope::Full));
    validator.check(&document).unwrap();
    assert!(document.contains("\"bundle_language\": \"id\"") || document.contains("\"bundle_language\":\"id\""));
    let decoded = exchange::decode(document.as_bytes()).expect("decodes");
    assert_eq!(decoded.dataset.accounts, data.accounts);
    assert_eq!(exchange::encode(&decoded.dataset, &meta(Scope::Full)), document, "a round trip is identical");
    // A language Baton does not speak is refused, by the schema and by the import.
    let mut unknown: Value = serde_json::from_str(&document).unwrap();
    unknown["data"]["accounts"][0]["bundle_language"] = Value::String("fr".into());
    assert!(validator.check(&unknown.to_string()).is_err());
    let account = unknown["data"]["accounts"][0].clone();
    assert!(AnyRecord::from_json(StoreName::Accounts, account).is_err());
}
