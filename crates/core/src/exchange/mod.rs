//! The export file: its canonical encoding, the project subset, file names, and (in the
//! submodules) decoding with every check, the encrypted envelope, validation and merge planning.
//!
//! # The canonical form
//!
//! [`encode`] writes one fixed layout: the header fields in a fixed order, then `data` with one
//! key per record type in store order (projects, accounts, ledger, sessions, turns, checkpoints,
//! handoffs, knowledge, events), each an array of records sorted by id, one record per line, each
//! record's fields in the order of its Rust struct. Two exports of the same data are therefore
//! identical, and a file Baton wrote decodes and encodes again to the same bytes.
//!
//! # The checksum
//!
//! `checksum` is `sha256:` and the lower-case hex SHA-256 of the *canonical JSON* of `data`:
//! compact (no spaces), object keys sorted by their UTF-8 bytes at every level, strings escaped as
//! `serde_json` escapes them. Because it depends on the values only, not on the layout, import
//! computes it from the parsed `data` and any change of a value shows as a mismatch.

mod check;
mod decode;
mod envelope;
mod error;
pub mod merge;

pub use check::{validate_dataset, validate_dataset_for};
pub use decode::{decode, decode_with, detect, detect_with_limit, migrate_data, Decoded, Detected, VersionPolicy};
pub use envelope::{
    base64_decode, base64_encode, check_envelope, envelope_to_json, split_key_check, Cipher, EncryptedEnvelope, Kdf,
    KEY_CHECK_PLAINTEXT, PBKDF2_ITERATIONS,
};
pub use error::{DecodeError, Problem};
pub use merge::{plan_import, Conflict, ConflictChoice, ImportMode, ImportPlan, Repair, StoreCounts};

use crate::ids::Id;
use crate::records::*;
use crate::schema::SCHEMA_VERSION;
use crate::time::Timestamp;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The `format` of a plain export.
pub const FORMAT: &str = "baton-export";
/// The `format` of a passphrase-encrypted export.
pub const ENCRYPTED_FORMAT: &str = "baton-export-encrypted";
/// Files larger than this are refused before anything is parsed.
pub const MAX_IMPORT_BYTES: usize = 200 * 1024 * 1024;
/// Deepest nesting of arrays and objects accepted. A Baton export nests about 8 deep; the bound
/// is checked on the raw bytes before parsing, so a hostile file cannot exhaust the stack.
pub const MAX_NESTING: usize = 64;

/// What an export holds: everything, or one project shared with its context.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    Full,
    Project(Id),
}

/// Declares [`Dataset`] from one list of (field, store, record type, `AnyRecord` variant), so the
/// stores' order is written once.
macro_rules! dataset {
    ($(($field:ident, $store:ident, $type:ty, $variant:ident)),+ $(,)?) => {
        /// All records of an export, by store, sorted by id. Backups are never exported.
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct Dataset {
            $(pub $field: Vec<$type>,)+
        }

        /// The stores an export holds, in the file's order.
        pub const EXPORTED_STORES: &[StoreName] = &[$(StoreName::$store),+];

        impl Dataset {
            /// Groups records by store and sorts each store by id; backups are dropped.
            pub fn from_records(records: Vec<AnyRecord>) -> Dataset {
                let mut dataset = Dataset::default();
                for record in records {
                    match record {
                        $(AnyRecord::$variant(record) => dataset.$field.push(record),)+
                        AnyRecord::Backup(_) | AnyRecord::BackupDocument(_) => {}
                    }
                }
                dataset.sort();
                dataset
            }

            /// Every record, store by store.
            pub fn into_records(self) -> Vec<AnyRecord> {
                let mut records = Vec::with_capacity(self.len());
                $(records.extend(self.$field.into_iter().map(AnyRecord::$variant));)+
                records
            }

            /// Sorts every store by id (the canonical order).
            pub fn sort(&mut self) {
                $(self.$field.sort_by_key(|record| record.id);)+
            }

            /// How many records of each store, by store name.
            pub fn counts(&self) -> BTreeMap<String, u64> {
                let mut counts = BTreeMap::new();
                $(counts.insert(StoreName::$store.as_str().to_string(), self.$field.len() as u64);)+
                counts
            }

            /// How many records of one store.
            pub fn count(&self, store: StoreName) -> usize {
                match store {
                    $(StoreName::$store => self.$field.len(),)+
                    StoreName::Backups | StoreName::BackupDocuments => 0,
                }
            }

            pub fn len(&self) -> usize {
                0 $(+ self.$field.len())+
            }

            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Whether a record with this id is in the given store.
            pub fn contains(&self, store: StoreName, id: Id) -> bool {
                match store {
                    $(StoreName::$store => self.$field.iter().any(|record| record.id == id),)+
                    StoreName::Backups | StoreName::BackupDocuments => false,
                }
            }

            /// The ids of each store (for reference checks).
            pub fn ids(&self) -> BTreeMap<StoreName, BTreeSet<Id>> {
                let mut ids = BTreeMap::new();
                $(ids.insert(StoreName::$store, self.$field.iter().map(|record| record.id).collect());)+
                ids
            }

            /// Hands one store's records, in id order, to `visitor`. Records out of order are
            /// visited through a sorted list of references rather than a sorted copy.
            fn visit_store(&self, store: StoreName, visitor: &mut impl StoreVisitor) {
                match store {
                    $(StoreName::$store => visit_sorted(store, &self.$field, visitor),)+
                    StoreName::Backups | StoreName::BackupDocuments => {}
                }
            }
        }
    };
}

dataset!(
    (projects, Projects, Project, Project),
    (accounts, Accounts, Account, Account),
    (ledger, Ledger, LedgerEntry, Ledger),
    (sessions, Sessions, Session, Session),
    (turns, Turns, TranscriptTurn, Turn),
    (checkpoints, Checkpoints, Checkpoint, Checkpoint),
    (handoffs, Handoffs, Handoff, Handoff),
    (knowledge, Knowledge, KnowledgeEntry, Knowledge),
    (events, Events, ActivityEvent, Event),
);

/// Something done to each store's records in turn (hashing, writing), generic over the record type.
trait StoreVisitor {
    fn visit<'a, R: Serialize + 'a>(&mut self, store: StoreName, records: impl ExactSizeIterator<Item = &'a R>);
}

fn visit_sorted<R: Record>(store: StoreName, records: &[R], visitor: &mut impl StoreVisitor) {
    if records.windows(2).all(|pair| pair[0].id() <= pair[1].id()) {
        visitor.visit(store, records.iter());
    } else {
        let mut sorted: Vec<&R> = records.iter().collect();
        sorted.sort_by_key(|record| record.id());
        visitor.visit(store, sorted.into_iter());
    }
}

/// Feeds the checksum one record at a time: each record becomes a small `Value` and its
/// canonical bytes, in a buffer reused from record to record, so no value of the whole data is
/// ever built.
struct Hashing {
    hasher: Sha256,
    record: Vec<u8>,
    /// The canonical bytes of every record together.
    record_bytes: usize,
    stores: usize,
}

impl StoreVisitor for Hashing {
    fn visit<'a, R: Serialize + 'a>(&mut self, store: StoreName, records: impl ExactSizeIterator<Item = &'a R>) {
        if self.stores > 0 {
            self.hasher.update(b",");
        }
        self.stores += 1;
        self.hasher.update(json_string(store.as_str()).as_bytes());
        self.hasher.update(b":[");
        for (index, record) in records.enumerate() {
            if index > 0 {
                self.hasher.update(b",");
            }
            self.record.clear();
            write_canonical(&serde_json::to_value(record).expect("records always serialise"), &mut self.record);
            self.record_bytes += self.record.len();
            self.hasher.update(&self.record);
        }
        self.hasher.update(b"]");
    }
}

/// Writes each store's records into the document: compact JSON in field order, one per line.
struct Writing<'o> {
    out: &'o mut Vec<u8>,
    stores: usize,
}

impl StoreVisitor for Writing<'_> {
    fn visit<'a, R: Serialize + 'a>(&mut self, store: StoreName, records: impl ExactSizeIterator<Item = &'a R>) {
        if self.stores > 0 {
            self.out.extend_from_slice(b",\n");
        }
        self.stores += 1;
        self.out.extend_from_slice(format!("    \"{}\": [", store.as_str()).as_bytes());
        let empty = records.len() == 0;
        for (position, record) in records.enumerate() {
            self.out.extend_from_slice(if position == 0 { b"\n      " } else { b",\n      " });
            serde_json::to_writer(&mut *self.out, record).expect("records always serialise");
        }
        self.out.extend_from_slice(if empty { b"]" } else { b"\n    ]" });
    }
}

/// Room for the header and the layout around the records (indentation, commas, store names).
const LAYOUT_BYTES_PER_RECORD: usize = 8;
const HEADER_BYTES: usize = 4096;

/// What the header of an export says besides the data.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportMeta {
    pub app_version: String,
    pub exported_at: Timestamp,
    pub scope: Scope,
}

/// The export document in its canonical form (see the module documentation).
///
/// Two passes over the records, neither holding more than one record's JSON at a time: the
/// first computes the checksum (stores in key order, as the canonical `data` has them) and the
/// data's length, the second writes the document into one allocation of that size. A record's
/// compact JSON has the same length in field order as in key order, so the text is not copied
/// as it grows.
pub fn encode(dataset: &Dataset, meta: &ExportMeta) -> String {
    let mut hashing = Hashing { hasher: Sha256::new(), record: Vec::new(), record_bytes: 0, stores: 0 };
    let mut by_key = EXPORTED_STORES.to_vec();
    by_key.sort_by_key(|store| store.as_str());
    hashing.hasher.update(b"{");
    for store in by_key {
        dataset.visit_store(store, &mut hashing);
    }
    hashing.hasher.update(b"}");
    let checksum = format!("sha256:{}", hex(&hashing.hasher.finalize()));

    let mut out = Vec::with_capacity(HEADER_BYTES + hashing.record_bytes + LAYOUT_BYTES_PER_RECORD * dataset.len());
    let mut header = String::with_capacity(1024);
    header.push_str("{\n");
    let _ = writeln!(header, "  \"format\": {},", json_string(FORMAT));
    let _ = writeln!(header, "  \"schema_version\": {SCHEMA_VERSION},");
    let _ = writeln!(header, "  \"app_version\": {},", json_string(&meta.app_version));
    let _ = writeln!(header, "  \"exported_at\": {},", json_string(&meta.exported_at.to_text()));
    let _ = writeln!(header, "  \"scope\": {},", scope_json(&meta.scope));
    let counts: Vec<String> =
        EXPORTED_STORES.iter().map(|store| format!("\"{}\": {}", store.as_str(), dataset.count(*store))).collect();
    let _ = writeln!(header, "  \"counts\": {{{}}},", counts.join(", "));
    let _ = writeln!(header, "  \"checksum\": \"{checksum}\",");
    header.push_str("  \"data\": {\n");
    out.extend_from_slice(header.as_bytes());
    let mut writing = Writing { out: &mut out, stores: 0 };
    for store in EXPORTED_STORES {
        dataset.visit_store(*store, &mut writing);
    }
    out.extend_from_slice(b"\n  }\n}\n");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings always serialise")
}

fn scope_json(scope: &Scope) -> String {
    match scope {
        Scope::Full => "{\"kind\": \"full\"}".to_string(),
        Scope::Project(id) => format!("{{\"kind\": \"project\", \"project_id\": \"{id}\"}}"),
    }
}

/// Writes `value` as canonical JSON: compact, object keys sorted by their UTF-8 bytes.
pub fn write_canonical<W: std::io::Write>(value: &Value, out: &mut W) {
    match value {
        Value::Array(items) => {
            put(out, b"[");
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    put(out, b",");
                }
                write_canonical(item, out);
            }
            put(out, b"]");
        }
        Value::Object(object) => {
            put(out, b"{");
            // serde_json's map iterates in key order unless its `preserve_order` feature is on;
            // sort only when it does not.
            let in_order = object.keys().zip(object.keys().skip(1)).all(|(a, b)| a <= b);
            let write_entry = |position: usize, key: &String, item: &Value, out: &mut W| {
                if position > 0 {
                    put(out, b",");
                }
                serde_json::to_writer(&mut *out, key).expect("writing to memory cannot fail");
                put(out, b":");
                write_canonical(item, out);
            };
            if in_order {
                for (position, (key, item)) in object.iter().enumerate() {
                    write_entry(position, key, item, out);
                }
            } else {
                let mut entries: Vec<(&String, &Value)> = object.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (position, (key, item)) in entries.into_iter().enumerate() {
                    write_entry(position, key, item, out);
                }
            }
            put(out, b"}");
        }
        scalar => serde_json::to_writer(&mut *out, scalar).expect("writing to memory cannot fail"),
    }
}

fn put<W: std::io::Write>(out: &mut W, bytes: &[u8]) {
    out.write_all(bytes).expect("the canonical form is written to memory or a hash, which cannot fail");
}

/// Feeds what is written straight into a hash, so a checksum needs no copy of the data's text.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// The checksum of a file's `data` value, as it appears in the file (`sha256:<hex>`).
pub fn data_checksum(data: &Value) -> String {
    // Hashed as it is written: a copy of a 200 MB file's data would double the import's peak.
    let mut hasher = Sha256::new();
    write_canonical(data, &mut HashWriter(&mut hasher));
    format!("sha256:{}", hex(&hasher.finalize()))
}

/// The section name a handoff bundle records when it includes a knowledge entry; a project export
/// takes the knowledge its bundles used from these.
pub fn knowledge_section(id: Id) -> String {
    format!("knowledge:{id}")
}

/// The part of `all` a project export shares: the project, its sessions and their turns, its
/// checkpoints and handoffs, the knowledge scoped to it, drawn from its sessions or used in its
/// bundles, and the accounts its sessions and handoffs used (so every link in the file resolves).
/// Account e-mail and notes are blanked unless `include_private`. Trashed records come along
/// with their `deleted_at`, as in a full export.
/// `None` when the project is not in `all` (deleted for good meanwhile).
pub fn project_subset(all: &Dataset, project_id: Id, include_private: bool) -> Option<Dataset> {
    let project = all.projects.iter().find(|project| project.id == project_id)?;
    let sessions: Vec<Session> = all.sessions.iter().filter(|s| s.project_id == project_id).cloned().collect();
    let session_ids: BTreeSet<Id> = sessions.iter().map(|s| s.id).collect();
    let handoffs: Vec<Handoff> = all.handoffs.iter().filter(|h| h.project_id == project_id).cloned().collect();
    let used_knowledge: BTreeSet<String> =
        handoffs.iter().flat_map(|handoff| handoff.bundle.sections.iter().cloned()).collect();
    let knowledge = all
        .knowledge
        .iter()
        .filter(|entry| {
            entry.project_id == Some(project_id)
                || entry.source_session_id.is_some_and(|id| session_ids.contains(&id))
                || used_knowledge.contains(&knowledge_section(entry.id))
        })
        .cloned()
        .collect();
    let account_ids: BTreeSet<Id> = sessions
        .iter()
        .filter_map(|session| session.account_id)
        .chain(handoffs.iter().flat_map(|handoff| [handoff.from_account_id, handoff.to_account_id]).flatten())
        .collect();
    let accounts = all
        .accounts
        .iter()
        .filter(|account| account_ids.contains(&account.id))
        .cloned()
        .map(|mut account| {
            if !include_private {
                account.email.clear();
                account.notes.clear();
            }
            account
        })
        .collect();
    let mut subset = Dataset {
        projects: vec![project.clone()],
        accounts,
        turns: all.turns.iter().filter(|turn| session_ids.contains(&turn.session_id)).cloned().collect(),
        sessions,
        checkpoints: all.checkpoints.iter().filter(|c| c.project_id == project_id).cloned().collect(),
        handoffs,
        knowledge,
        ..Dataset::default()
    };
    subset.sort();
    Some(subset)
}

/// `baton-backup-YYYY-MM-DD-HHMM.json` (UTC).
pub fn backup_file_name(at: Timestamp) -> String {
    format!("baton-backup-{}.json", at.datetime().format("%Y-%m-%d-%H%M"))
}

/// `baton-project-<slug>-YYYY-MM-DD.json` (UTC); the slug keeps ASCII letters and digits.
pub fn project_file_name(project_name: &str, at: Timestamp) -> String {
    format!("baton-project-{}-{}.json", slug(project_name), at.datetime().format("%Y-%m-%d"))
}

/// Lower-case ASCII letters and digits joined by single dashes, at most 40 characters;
/// "project" when nothing is left.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for character in name.chars() {
        if character.is_ascii_alphanumeric() {
            if slug.len() >= 40 {
                break;
            }
            slug.push(character.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "project".to_string()
    } else {
        slug.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let at = Timestamp::parse("2026-11-26T09:05:00Z").unwrap();
        assert_eq!(backup_file_name(at), "baton-backup-2026-11-26-0905.json");
        assert_eq!(
            project_file_name("  Café / Orchestrator v2!! ", at),
            "baton-project-caf-orchestrator-v2-2026-11-26.json"
        );
        assert_eq!(project_file_name("日本", at), "baton-project-project-2026-11-26.json");
        assert_eq!(slug(&"ab ".repeat(40)).len(), 40);
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let value = serde_json::json!({"b": [1, {"z": null, "a": "é\n"}], "a": true});
        let mut out = Vec::new();
        write_canonical(&value, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":true,"b":[1,{"a":"é\n","z":null}]}"#);
    }

    #[test]
    fn record_by_record_checksum_equals_the_whole_value_checksum() {
        let meta = ExportMeta {
            app_version: "0".into(),
            exported_at: Timestamp::parse("2026-11-26T09:05:00Z").unwrap(),
            scope: Scope::Full,
        };
        let whole = serde_json::json!({
            "projects": [], "accounts": [], "ledger": [], "sessions": [], "turns": [],
            "checkpoints": [], "handoffs": [], "knowledge": [], "events": []
        });
        let text = encode(&Dataset::default(), &meta);
        assert!(text.contains(&format!("\"checksum\": \"{}\"", data_checksum(&whole))));
    }
}
