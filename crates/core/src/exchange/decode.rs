//! Reading an import file: size, text, nesting, syntax, what kind of file it is, version and
//! migration, checksum, then every record (see `spec/exchange.md`, "Import", steps 1–5).
//!
//! Each step refuses with its own [`DecodeError`]; nothing here panics on any input.

use super::check::validate_records;
use super::envelope::{check_envelope, EncryptedEnvelope};
use super::error::{DecodeError, Problem};
use super::{data_checksum, Dataset, Scope, ENCRYPTED_FORMAT, EXPORTED_STORES, FORMAT, MAX_IMPORT_BYTES, MAX_NESTING};
use crate::ids::Id;
use crate::locale::format_integer;
use crate::records::*;
use crate::schema::{self, Migration, Step, MIGRATIONS, SCHEMA_VERSION};
use crate::text::{shorten, shorten_to};
use crate::time::Timestamp;
use crate::validate::SAFE_INTEGER_MAX;
use serde_json::{Map, Value};

/// What a file turned out to be.
// A decoded export is large and moved once; boxing it would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Detected {
    /// A plain Baton export, checked and migrated to the current version.
    Export(Decoded),
    /// An encrypted export whose envelope is sound: ask for the passphrase, decrypt, then
    /// [`decode`] the plaintext.
    Encrypted(EncryptedEnvelope),
    /// SQL text, as the original app's D1 export writes it (the legacy importer reads it).
    LegacySql(String),
}

/// A plain export, every record valid on its own (references to the browser are checked when
/// the import is previewed).
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The version the data is in now (always the current one).
    pub schema_version: u32,
    /// The file's version when it was older and migrated.
    pub migrated_from: Option<u32>,
    pub scope: Scope,
    pub exported_at: Timestamp,
    pub app_version: String,
    pub dataset: Dataset,
}

/// The versions an import reads and how it brings older ones up to date.
#[derive(Clone, Copy, Debug)]
pub struct VersionPolicy {
    /// The version data is migrated to.
    pub current: u32,
    /// The oldest version a Baton ever wrote.
    pub oldest: u32,
    /// The database migrations; their `Transform` steps rewrite older files' records.
    pub migrations: &'static [Migration],
}

impl VersionPolicy {
    /// This Baton's versions and migrations.
    pub const CURRENT: VersionPolicy = VersionPolicy { current: SCHEMA_VERSION, oldest: 1, migrations: MIGRATIONS };
}

/// What kind of file `bytes` is, checked through version, checksum and records.
pub fn detect(bytes: &[u8]) -> Result<Detected, DecodeError> {
    detect_with(bytes, MAX_IMPORT_BYTES, &VersionPolicy::CURRENT)
}

/// [`detect`] with another size limit (tests of the size check).
pub fn detect_with_limit(bytes: &[u8], limit: usize) -> Result<Detected, DecodeError> {
    detect_with(bytes, limit, &VersionPolicy::CURRENT)
}

/// A plain export, decoded and checked; anything else is refused.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(bytes, MAX_IMPORT_BYTES, &VersionPolicy::CURRENT)
}

/// [`decode`] with another size limit and version policy (tests of migration).
pub fn decode_with(bytes: &[u8], limit: usize, policy: &VersionPolicy) -> Result<Decoded, DecodeError> {
    match detect_with(bytes, limit, policy)? {
        Detected::Export(decoded) => Ok(decoded),
        Detected::Encrypted(_) => Err(DecodeError::NotBaton {
            looks_like: "an encrypted Baton export, which needs its passphrase first".into(),
        }),
        Detected::LegacySql(_) => {
            Err(DecodeError::NotBaton { looks_like: "a legacy SQL export, which the legacy import reads".into() })
        }
    }
}

fn detect_with(bytes: &[u8], limit: usize, policy: &VersionPolicy) -> Result<Detected, DecodeError> {
    if bytes.len() > limit {
        return Err(DecodeError::TooLarge { bytes: bytes.len(), limit });
    }
    let text = text_of(bytes)?;
    let start = text.trim_start();
    if start.is_empty() {
        return Err(DecodeError::NotBaton { looks_like: "an empty file".into() });
    }
    if looks_like_sql(start) {
        return Ok(Detected::LegacySql(text.to_string()));
    }
    if let Some(looks_like) = not_json(start) {
        return Err(DecodeError::NotBaton { looks_like });
    }
    scan_structure(text.as_bytes(), MAX_NESTING, values_limit(limit))?;
    let value: Value = serde_json::from_str(text).map_err(syntax_error)?;
    let Value::Object(object) = value else {
        return Err(DecodeError::NotBaton { looks_like: describe_value(&value) });
    };
    match object.get("format").and_then(Value::as_str) {
        Some(FORMAT) => decode_export(object, policy).map(Detected::Export),
        Some(ENCRYPTED_FORMAT) => read_envelope(Value::Object(object), policy).map(Detected::Encrypted),
        Some(other) => {
            Err(DecodeError::NotBaton { looks_like: format!("a file of another format (“{}”)", shorten(other)) })
        }
        None if object.contains_key("format") => {
            Err(DecodeError::NotBaton { looks_like: "a JSON object whose \"format\" is not text".into() })
        }
        None => Err(DecodeError::NotBaton { looks_like: describe_object(&object) }),
    }
}

/// The file as text: UTF-16 and binary refused, a UTF-8 byte-order mark dropped.
fn text_of(bytes: &[u8]) -> Result<&str, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::NotText);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // JSON text never holds a raw zero byte; UTF-16 without a mark is full of them.
    if bytes.contains(&0) {
        return Err(DecodeError::NotText);
    }
    std::str::from_utf8(bytes).map_err(|_| DecodeError::NotText)
}

fn looks_like_sql(start: &str) -> bool {
    let head: String = start.chars().take(20).collect::<String>().to_ascii_lowercase();
    ["pragma ", "begin transaction", "create table", "insert into", "--"].iter().any(|prefix| head.starts_with(prefix))
}

/// What a text that cannot be JSON looks like, judged from its first character.
fn not_json(start: &str) -> Option<String> {
    let first = start.chars().next()?;
    if matches!(first, '{' | '[' | '"' | '-' | '0'..='9') {
        return None;
    }
    // A word that begins `true`, `false` or `null` is JSON (perhaps cut short); any other is not.
    let word: String = start.chars().take_while(char::is_ascii_alphabetic).collect();
    if !word.is_empty()
        && ["true", "false", "null"].iter().any(|literal| literal.starts_with(&word) || word.starts_with(literal))
    {
        return None;
    }
    let first_line = start.lines().next().unwrap_or("");
    Some(if first == '<' {
        "an HTML or XML document".to_string()
    } else if first_line.contains(',') || first_line.contains('\t') {
        "a CSV or other table of text".to_string()
    } else {
        "plain text".to_string()
    })
}

/// The most values a file of at most `size_limit` bytes may hold.
///
/// The whole file is parsed into a `serde_json::Value` tree, which costs tens of bytes per value
/// (a 32-byte `Value`, plus a map entry or a heap allocation for each text), however short the
/// value is in the file: `[0,0,0,…]` costs about 16 times its size. Baton never writes a value in
/// fewer than 4 bytes with its separator: records are objects whose shortest member is
/// `"rev":1,` (8 bytes), and the only lists of values are lists of non-empty texts (`"x",`, 4
/// bytes; forms drop empty items). So a Baton export of `size_limit` bytes holds at most
/// `size_limit / 4` values, and a file with more was not written by Baton; refusing it keeps the
/// tree of a hostile file within a quarter of what it could otherwise reach.
pub fn values_limit(size_limit: usize) -> usize {
    size_limit / 4
}

/// Scans the bytes before any parser runs: refuses nesting deeper than `depth_limit` (so a
/// hostile file cannot exhaust the stack) and more than `values_limit` values (so it cannot make
/// the parsed tree huge). Values are counted as the commas, `[` and `{` outside texts: every
/// value but the first of its list or object follows a comma, and each list or object is one.
fn scan_structure(bytes: &[u8], depth_limit: usize, values_limit: usize) -> Result<(), DecodeError> {
    let mut values = 1usize;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in bytes {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > depth_limit {
                    return Err(DecodeError::TooDeep { limit: depth_limit });
                }
                values += 1;
            }
            b',' => values += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => continue,
        }
        if values > values_limit {
            return Err(DecodeError::TooManyValues { limit: values_limit });
        }
    }
    Ok(())
}

fn syntax_error(error: serde_json::Error) -> DecodeError {
    let message = if error.is_eof() {
        "the file ends too early, as if it was cut off".to_string()
    } else {
        let text = error.to_string();
        match text.rfind(" at line ") {
            Some(position) => text[..position].to_string(),
            None => text,
        }
    };
    DecodeError::Syntax { line: error.line(), column: error.column(), message }
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::Array(_) => "a JSON list, not a Baton export (which is one JSON object)".into(),
        Value::Object(object) => describe_object(object),
        _ => "a single JSON value, not a Baton export (which is one JSON object)".into(),
    }
}

fn describe_object(object: &Map<String, Value>) -> String {
    if object.is_empty() {
        return "an empty JSON object".into();
    }
    let keys: Vec<String> = object.keys().take(5).map(|key| format!("“{}”", shorten_to(key, 30))).collect();
    let more = if object.len() > 5 { ", …" } else { "" };
    format!("a JSON object without a \"format\" field (its fields: {}{more})", keys.join(", "))
}

fn read_envelope(value: Value, policy: &VersionPolicy) -> Result<EncryptedEnvelope, DecodeError> {
    if let Some(version) = value.get("schema_version").and_then(Value::as_u64) {
        if version > u64::from(policy.current) {
            return Err(DecodeError::NewerVersion { version });
        }
    }
    let envelope: EncryptedEnvelope = serde_path_to_error::deserialize(value).map_err(|error| {
        let (path, message) = located(&error.path().to_string(), &error.inner().to_string());
        DecodeError::BadEnvelope(if path.is_empty() { message } else { format!("{path}: {message}") })
    })?;
    check_envelope(&envelope)?;
    Ok(envelope)
}

/// Brings the records of `data` (as in a file of `from_version`) up to date by running the
/// `Transform` steps of every later migration, in order, on each record in its stored form —
/// the same functions the database upgrade runs. Returns the version reached.
pub fn migrate_data(data: &mut Value, from_version: u32, migrations: &[Migration]) -> u32 {
    let mut version = from_version;
    for migration in migrations.iter().filter(|migration| migration.version > from_version) {
        for step in (migration.steps)() {
            let Step::Transform(store, transform) = step else { continue };
            let Some(Value::Array(records)) = data.get_mut(store.as_str()) else { continue };
            for record in records.iter_mut() {
                schema::add_derived_fields(store, record);
                transform(record);
                *record = schema::record_form(std::mem::take(record));
            }
        }
        version = migration.version;
    }
    version
}

fn decode_export(mut object: Map<String, Value>, policy: &VersionPolicy) -> Result<Decoded, DecodeError> {
    let version = match object.get("schema_version") {
        Some(value) => value.as_u64().ok_or_else(|| {
            DecodeError::Invalid(vec![Problem::new("schema_version", "must be a whole number, like 1")])
        })?,
        None => return Err(DecodeError::Invalid(vec![Problem::new("schema_version", "is required but missing")])),
    };
    if version > u64::from(policy.current) {
        return Err(DecodeError::NewerVersion { version });
    }
    if version < u64::from(policy.oldest) {
        return Err(DecodeError::UnsupportedVersion { version });
    }
    let version = version as u32;

    let mut problems = Vec::new();
    let mut data = match object.remove("data") {
        Some(data @ Value::Object(_)) => data,
        Some(_) => {
            problems.push(Problem::new("data", "must be an object with one list per record type"));
            Value::Null
        }
        None => {
            problems.push(Problem::new("data", "is required but missing"));
            Value::Null
        }
    };
    match object.get("checksum") {
        Some(Value::String(expected)) if data.is_object() => {
            let actual = data_checksum(&data);
            if *expected != actual {
                return Err(DecodeError::Checksum { expected: expected.clone(), actual });
            }
        }
        Some(Value::String(_)) => {}
        Some(_) => problems.push(Problem::new("checksum", "must be text like \"sha256:…\"")),
        None => problems.push(Problem::new(
            "checksum",
            "is required but missing; Baton writes one in every export, so this file was not written by Baton",
        )),
    }

    let app_version = match object.get("app_version") {
        Some(Value::String(text)) => text.clone(),
        _ => {
            problems.push(Problem::new("app_version", "is required and must be text, like \"0.1.0\""));
            String::new()
        }
    };
    let exported_at = match object.get("exported_at").and_then(Value::as_str).map(Timestamp::read) {
        Some(Ok(at)) => at,
        Some(Err(error)) => {
            let text = object.get("exported_at").and_then(Value::as_str).unwrap_or_default();
            problems.push(Problem::new("exported_at", format!("“{}” {error}", shorten(text))));
            Timestamp::earliest()
        }
        None => {
            problems.push(Problem::new(
                "exported_at",
                "is required and must be a date and time, like 2026-11-26T10:00:00Z",
            ));
            Timestamp::earliest()
        }
    };
    let scope = read_scope(object.get("scope"), &mut problems);
    if !problems.is_empty() {
        return Err(DecodeError::Invalid(problems));
    }

    let migrated_from = (version < policy.current).then_some(version);
    if migrated_from.is_some() {
        migrate_data(&mut data, version, policy.migrations);
    }
    let Value::Object(stores) = data else { unreachable!("checked above: data is an object") };
    let dataset = read_stores(stores, &mut problems);
    if let Some(Value::Object(counts)) = object.get("counts") {
        for (key, value) in counts {
            let Some(store) = StoreName::parse(key).filter(|store| EXPORTED_STORES.contains(store)) else { continue };
            let held = dataset.count(store) as u64;
            if value.as_u64() != Some(held) {
                problems.push(Problem::new(
                    format!("counts.{key}"),
                    format!(
                        "says {} but the file holds {held}; the file was edited or cut short",
                        shorten(&value.to_string())
                    ),
                ));
            }
        }
    }
    problems.extend(validate_records(&dataset));
    if !problems.is_empty() {
        return Err(DecodeError::Invalid(problems));
    }
    let mut dataset = dataset;
    dataset.sort();
    Ok(Decoded { schema_version: policy.current, migrated_from, scope, exported_at, app_version, dataset })
}

fn read_scope(value: Option<&Value>, problems: &mut Vec<Problem>) -> Scope {
    let kind = value.and_then(|scope| scope.get("kind")).and_then(Value::as_str);
    match kind {
        Some("full") => Scope::Full,
        Some("project") => {
            match value.and_then(|scope| scope.get("project_id")).and_then(Value::as_str).and_then(Id::parse) {
                Some(id) => Scope::Project(id),
                None => {
                    problems.push(Problem::new("scope.project_id", "must be the id of the exported project"));
                    Scope::Full
                }
            }
        }
        _ => {
            problems.push(Problem::new(
                "scope",
                "must be {\"kind\": \"full\"} or {\"kind\": \"project\", \"project_id\": …}",
            ));
            Scope::Full
        }
    }
}

/// Reads each store's records in file order, keeping a problem for each that does not fit.
fn read_stores(stores: Map<String, Value>, problems: &mut Vec<Problem>) -> Dataset {
    let mut dataset = Dataset::default();
    for (key, value) in stores {
        let Some(store) = StoreName::parse(&key).filter(|store| EXPORTED_STORES.contains(store)) else {
            problems.push(Problem::new(
                format!("data.{}", shorten_to(&key, 40)),
                "is not a kind of record Baton knows (expected projects, accounts, ledger, sessions, turns, \
                 checkpoints, handoffs, knowledge, events)",
            ));
            continue;
        };
        let Value::Array(items) = value else {
            problems.push(Problem::new(format!("data.{key}"), "must be a list of records"));
            continue;
        };
        let base = format!("data.{key}");
        match store {
            StoreName::Projects => read_records(&base, items, problems, &mut dataset.projects),
            StoreName::Accounts => read_records(&base, items, problems, &mut dataset.accounts),
            StoreName::Ledger => read_records(&base, items, problems, &mut dataset.ledger),
            StoreName::Sessions => read_records(&base, items, problems, &mut dataset.sessions),
            StoreName::Turns => read_records(&base, items, problems, &mut dataset.turns),
            StoreName::Checkpoints => read_records(&base, items, problems, &mut dataset.checkpoints),
            StoreName::Handoffs => read_records(&base, items, problems, &mut dataset.handoffs),
            StoreName::Knowledge => read_records(&base, items, problems, &mut dataset.knowledge),
            StoreName::Events => read_records(&base, items, problems, &mut dataset.events),
            StoreName::Backups | StoreName::BackupDocuments => {}
        }
    }
    dataset
}

fn read_records<R: Record>(base: &str, items: Vec<Value>, problems: &mut Vec<Problem>, out: &mut Vec<R>) {
    out.reserve(items.len());
    for (index, item) in items.into_iter().enumerate() {
        match serde_path_to_error::deserialize::<_, R>(item) {
            Ok(record) => out.push(record),
            Err(error) => {
                let (path, message) = located(&error.path().to_string(), &error.inner().to_string());
                let place =
                    if path.is_empty() { format!("{base}[{index}]") } else { format!("{base}[{index}].{path}") };
                problems.push(Problem::new(place, message));
            }
        }
    }
}

/// Turns a serde error at `path` into a path and a plain message ("missing field `name`" at the
/// record becomes "name: is required but missing").
fn located(path: &str, message: &str) -> (String, String) {
    let path = if path == "." { "" } else { path };
    let join = |field: &str| if path.is_empty() { field.to_string() } else { format!("{path}.{field}") };
    let ticked = |text: &str| text.split('`').nth(1).map(str::to_string);
    if let Some(rest) = message.strip_prefix("missing field ") {
        if let Some(field) = ticked(rest) {
            return (join(&field), "is required but missing".into());
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let parts: Vec<&str> = rest.split('`').collect();
        let given = parts.get(1).copied().unwrap_or("");
        let allowed: Vec<&str> = parts.iter().skip(3).step_by(2).copied().collect();
        return (path.to_string(), format!("“{}” is not one of: {}", shorten(given), allowed.join(", ")));
    }
    if let Some((number, expected)) =
        message.strip_prefix("invalid type: floating point `").and_then(|rest| rest.split_once("`, expected "))
    {
        if let Some((least, most)) = integer_range(expected) {
            return (
                path.to_string(),
                format!(
                    "is {}, but must be a whole number from {} to {}",
                    shorten(number),
                    format_integer(least),
                    format_integer(most)
                ),
            );
        }
    }
    if let Some((number, expected)) =
        message.strip_prefix("invalid value: integer `").and_then(|rest| rest.split_once("`, expected "))
    {
        if let Some((least, most)) = integer_range(expected) {
            return (
                path.to_string(),
                if most == SAFE_INTEGER_MAX as i64 && !number.starts_with('-') {
                    super::check::above_safe(number)
                } else {
                    format!("is {number}, but must be from {} to {}", format_integer(least), format_integer(most))
                },
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return (path.to_string(), format!("has the wrong type: expected {expected}, found {}", shorten(found)));
        }
    }
    // Custom messages quote the file's text already shortened; cut any other at a bound too.
    (path.to_string(), shorten_to(message, 4 * crate::text::ECHO_MAX))
}

/// The whole numbers a field of Rust type `expected` holds once stored: a 64-bit integer field
/// holds only what IndexedDB reads back exactly (up to 2^53 − 1).
fn integer_range(expected: &str) -> Option<(i64, i64)> {
    let safe = SAFE_INTEGER_MAX as i64;
    Some(match expected {
        "u8" => (0, i64::from(u8::MAX)),
        "u16" => (0, i64::from(u16::MAX)),
        "u32" => (0, i64::from(u32::MAX)),
        "u64" => (0, safe),
        "i32" => (i64::from(i32::MIN), i64::from(i32::MAX)),
        "i64" => (-safe, safe),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_outside_strings_only() {
        assert!(scan_structure(b"[[[]]]", 3, 100).is_ok());
        assert_eq!(scan_structure(b"[[[[]]]]", 3, 100), Err(DecodeError::TooDeep { limit: 3 }));
        assert!(scan_structure(br#"["[[[[[\"[[[[", {"a": "{{{{"}]"#, 3, 100).is_ok());
    }

    #[test]
    fn values_are_counted_outside_strings_only() {
        // [0,0,0]: the list and its three values.
        assert!(scan_structure(b"[0,0,0]", 64, 4).is_ok());
        assert_eq!(scan_structure(b"[0,0,0,0]", 64, 4), Err(DecodeError::TooManyValues { limit: 4 }));
        assert!(scan_structure(br#"["a,b,c,d,e", {"k": ",,,,"}]"#, 64, 4).is_ok());
        assert_eq!(values_limit(super::MAX_IMPORT_BYTES), 52_428_800);
    }

    #[test]
    fn serde_messages_become_plain_with_their_field() {
        assert_eq!(located(".", "missing field `name`"), ("name".into(), "is required but missing".into()));
        assert_eq!(
            located("status", "unknown variant `done`, expected one of `active`, `paused`"),
            ("status".into(), "“done” is not one of: active, paused".into())
        );
        assert_eq!(
            located("rev", "invalid type: string \"x\", expected u64"),
            ("rev".into(), "has the wrong type: expected u64, found string \"x\"".into())
        );
    }
}
