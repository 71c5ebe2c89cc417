//! The mapping from the original app's tables to Baton's records.
//!
//! Choices, where the original gives no direct answer:
//!
//! - **Ids**: [`legacy_id`] of the source database's fingerprint ([`source_fingerprint`], from its
//!   oldest row), the table and the old integer id, so a second import of the same export (or of
//!   a later export of the same database) matches the first by id and adds nothing but new rows,
//!   while two different databases, whose old ids all start at 1, do not meet. A row without an id (or repeating one) gets
//!   its place in the file instead, and is listed.
//! - **Dates**: the row's own (`YYYY-MM-DD HH:MM:SS` and ISO forms read as UTC, integers as Unix
//!   seconds, or milliseconds when too large for seconds); then a related row's (a checkpoint
//!   without a date takes its session's start); `now` only when there is none at all.
//! - **Accounts**: the original kept no credit limit (new accounts got 100) nor a refresh
//!   cadence, only a date; the limit is the larger of 100 and the balance, and an account with a
//!   refresh date refreshes monthly from that date (the plans it tracked were monthly). Its
//!   balance becomes one `import` ledger entry dated with the account's last update.
//! - **Knowledge**: the original stored one success rate (a fraction, or a percentage when
//!   over 1) and a usage count; Baton stores verdicts. The verdicts are the fraction closest to the
//!   rate whose total is at most the usage count (a verdict follows a use), the larger total on
//!   a tie; see [`verdicts_for_rate`].
//! - **Rows pointing at rows that do not exist**: a session of a missing project goes into a
//!   stand-in project named after the old id; a snapshot, turn or handoff of a missing session
//!   goes into a stand-in session of a project "Imported without a project"; a missing account
//!   leaves the account empty with its old id in the label; key files, tags and documents of a
//!   missing project cannot be placed and are listed as not imported. Every case is listed in
//!   `dubious_rows`.
//! - **Text over Baton's limits** (names over 200 characters, long text over 100,000) is cut to
//!   the limit and listed, since the row must be imported and the limit must hold.

use super::{LegacyError, LegacyImport, LegacyReport, SqlDump, SqlValue};
use crate::ids::Id;
use crate::locale::format_integer;
use crate::records::*;
use crate::time::Timestamp;
use crate::tokens::estimate_tokens;
use crate::validate::{parse_tags, LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX, TAGS_MAX, TAG_MAX};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// The id of the record made from row `old_id` of the original's `table`, in the database
/// `source` names ([`source_fingerprint`]).
pub fn legacy_id(source: &str, table: &str, old_id: i64) -> Id {
    derived(source, table, &old_id.to_string())
}

fn derived(source: &str, table: &str, key: &str) -> Id {
    Id::derived(&format!("baton-legacy/{table}"), &format!("{source}/{key}"))
}

/// Each mapped table's column holding when a row was made, in the order that settles a tie.
/// Project files are left out: their `last_modified` changes as the file does.
const CREATION_COLUMNS: &[(&str, &str)] = &[
    ("projects", "created_at"),
    ("accounts", "created_at"),
    ("sessions", "started_at"),
    ("context_snapshots", "created_at"),
    ("conversation_history", "timestamp"),
    ("handoff_queue", "created_at"),
    ("knowledge_base", "created_at"),
    ("context_documents", "created_at"),
];

/// What sets one original database apart from another: 16 hex digits of SHA-256 over the
/// database's oldest row — the row made first (by its creation column, see
/// [`CREATION_COLUMNS`]; ties go to the earlier table, then the lower id), as its table, old id and
/// creation value as written.
///
/// Why that row: a later export of the same database only adds rows made after it, so it stays
/// the oldest and every id stays the same (importing it again adds only the new rows); a table
/// that was empty in the first export and has rows in the next does not change it, as a hash over
/// every table's first row would. Two databases made apart have different first moments, so the
/// same old ids no longer meet. What it does not survive: deleting that very row from the
/// original before exporting again (the next import then adds everything anew, and the user can
/// delete the duplicates). A database without any readable creation time falls back to its
/// first row by id in the same table order, with its name or title.
pub fn source_fingerprint(dump: &SqlDump) -> String {
    let mut oldest: Option<(i64, usize, i64, String)> = None;
    for (order, (table, column)) in CREATION_COLUMNS.iter().enumerate() {
        for row in rows_with_columns(dump, table, &mut Vec::new(), &|name| name == "id" || name == *column) {
            let (Some(id), Some(value)) = (row.id(), row.value(column)) else { continue };
            let Some(at) = parse_time(value) else { continue };
            let candidate = (at.unix_millis(), order, id, row.text(column).unwrap_or_default());
            if oldest.as_ref().is_none_or(|best| (candidate.0, candidate.1, candidate.2) < (best.0, best.1, best.2)) {
                oldest = Some(candidate);
            }
        }
    }
    let anchor = match oldest {
        Some((_, order, id, written)) => format!("{}/{id}/{written}", CREATION_COLUMNS[order].0),
        None => CREATION_COLUMNS
            .iter()
            .find_map(|(table, _)| {
                let named = |name: &str| matches!(name, "id" | "name" | "account_name" | "title");
                let rows = rows_with_columns(dump, table, &mut Vec::new(), &named);
                let first = rows.iter().filter(|row| row.id().is_some()).min_by_key(|row| row.id())?;
                let name = ["name", "account_name", "title"].iter().find_map(|column| first.text(column));
                Some(format!("{table}/{}/{}", first.id()?, name.unwrap_or_default()))
            })
            .unwrap_or_default(),
    };
    let digest = Sha256::digest(anchor.as_bytes());
    digest.iter().take(8).fold(String::with_capacity(16), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

/// The original's tables in its own column order, for an `INSERT` without a column list whose
/// table the export does not create.
#[rustfmt::skip]
const ORIGINAL_COLUMNS: &[(&str, &[&str])] = &[
    ("projects", &["id", "name", "description", "status", "total_credits_used", "total_sessions", "created_at",
        "updated_at", "owner_id"]),
    ("accounts", &["id", "account_name", "account_email", "platform", "credits_available", "credits_refresh_date",
        "status", "specialization", "notes", "created_at", "updated_at"]),
    ("sessions", &["id", "project_id", "account_id", "session_number", "session_type", "credits_used",
        "duration_minutes", "objectives", "accomplishments", "blockers", "handoff_notes", "checkpoint_data", "status",
        "started_at", "completed_at", "user_id", "ai_tools_used"]),
    ("context_snapshots", &["id", "session_id", "snapshot_type", "compressed_context", "context_summary", "file_count",
        "code_lines", "git_commit_hash", "created_at"]),
    ("conversation_history", &["id", "session_id", "turn_number", "role", "content", "tokens_used", "timestamp"]),
    ("project_files", &["id", "project_id", "file_path", "file_type", "last_modified", "size_bytes", "git_status",
        "importance", "notes"]),
    ("handoff_queue", &["id", "session_id", "from_account_id", "to_account_id", "priority", "handoff_context", "status",
        "created_at", "processed_at"]),
    ("knowledge_base", &["id", "category", "title", "description", "tags", "usage_count", "success_rate",
        "source_session_id", "created_at", "updated_at", "content", "is_public", "author_id"]),
    ("project_tags", &["id", "project_id", "tag"]),
    ("context_documents", &["id", "project_id", "title", "content", "document_type", "tags", "author_id", "created_at",
        "updated_at"]),
];

/// The tables that become Baton records (context documents only where their project exists).
const MAPPED_TABLES: &[&str] = &[
    "projects",
    "accounts",
    "sessions",
    "context_snapshots",
    "conversation_history",
    "project_files",
    "handoff_queue",
    "knowledge_base",
    "project_tags",
    "context_documents",
];

/// The store names always present in [`LegacyReport::imported`].
const IMPORTED_STORES: [StoreName; 8] = [
    StoreName::Projects,
    StoreName::Accounts,
    StoreName::Ledger,
    StoreName::Sessions,
    StoreName::Turns,
    StoreName::Checkpoints,
    StoreName::Handoffs,
    StoreName::Knowledge,
];

/// SQLite's and D1's own tables: bookkeeping, not the user's data.
fn is_internal(table: &str) -> bool {
    let lower = table.to_ascii_lowercase();
    lower.starts_with("sqlite_") || lower.starts_with("_cf_") || lower == "d1_migrations"
}

/// The credits a new account of the original app started with, used as the credit limit floor.
const ORIGINAL_DEFAULT_CREDITS: i64 = 100;

/// One inserted row, its values by lower-case column name.
struct Row<'a> {
    table: &'static str,
    /// 1-based place among the table's rows, for rows without an id.
    position: usize,
    values: HashMap<String, &'a SqlValue>,
}

impl Row<'_> {
    fn value(&self, column: &str) -> Option<&SqlValue> {
        self.values.get(column).copied().filter(|value| **value != SqlValue::Null)
    }

    fn text(&self, column: &str) -> Option<String> {
        let text = match self.value(column)? {
            SqlValue::Null => return None,
            SqlValue::Integer(number) => number.to_string(),
            SqlValue::Real(number) => number.to_string(),
            SqlValue::Text(text) => text.trim().to_string(),
            SqlValue::Blob(bytes) => String::from_utf8_lossy(bytes).trim().to_string(),
        };
        (!text.is_empty()).then_some(text)
    }

    fn int(&self, column: &str) -> Option<i64> {
        match self.value(column)? {
            SqlValue::Integer(number) => Some(*number),
            SqlValue::Real(number) if number.fract() == 0.0 && number.abs() < 9.0e18 => Some(*number as i64),
            SqlValue::Text(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    fn real(&self, column: &str) -> Option<f64> {
        match self.value(column)? {
            SqlValue::Integer(number) => Some(*number as f64),
            SqlValue::Real(number) => Some(*number),
            SqlValue::Text(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    fn id(&self) -> Option<i64> {
        self.int("id")
    }

    /// "knowledge_base row 7", or "knowledge_base row 3 (no id)" by place.
    fn label(&self) -> String {
        match self.id() {
            Some(id) => format!("{} row {id}", self.table),
            None => format!("{} row {} (no id)", self.table, self.position),
        }
    }
}

/// Every row of a mapped table, with the dubious notes about rows whose values do not match
/// their columns.
fn table_rows<'a>(dump: &'a SqlDump, table: &'static str, dubious: &mut Vec<String>) -> Vec<Row<'a>> {
    rows_with_columns(dump, table, dubious, &|_| true)
}

/// [`table_rows`] holding only the columns `keep` accepts (a light pass for a few columns).
fn rows_with_columns<'a>(
    dump: &'a SqlDump,
    table: &'static str,
    dubious: &mut Vec<String>,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<Row<'a>> {
    let created = dump.tables.iter().find(|(name, _)| name.eq_ignore_ascii_case(table)).map(|(_, columns)| columns);
    let original = ORIGINAL_COLUMNS.iter().find(|(name, _)| *name == table).map(|(_, columns)| *columns);
    let mut rows = Vec::new();
    for insert in dump.inserts.iter().filter(|insert| insert.table.eq_ignore_ascii_case(table)) {
        let columns: Vec<String> = match (&insert.columns, created) {
            (Some(columns), _) | (None, Some(columns)) => columns.iter().map(|c| c.to_ascii_lowercase()).collect(),
            (None, None) => original.unwrap_or_default().iter().map(|c| c.to_string()).collect(),
        };
        for values in &insert.rows {
            let mut row = Row { table, position: rows.len() + 1, values: HashMap::new() };
            for (column, value) in columns.iter().zip(values).filter(|(column, _)| keep(column)) {
                row.values.entry(column.clone()).or_insert(value);
            }
            if values.len() != columns.len() {
                dubious.push(format!(
                    "{} (line {}): {} values for {} columns; the values were read in column order",
                    row.label(),
                    insert.line,
                    values.len(),
                    columns.len()
                ));
            }
            rows.push(row);
        }
    }
    rows
}

/// A timestamp from a stored value: text in the forms [`Timestamp::parse`] reads, or a Unix time
/// in seconds (milliseconds when too large for seconds). Only years 1970 to 9999, the range the
/// text form holds.
fn parse_time(value: &SqlValue) -> Option<Timestamp> {
    const LAST_MILLIS: i64 = 253_402_300_799_999;
    let from_number = |number: i64| {
        let millis = if number.unsigned_abs() < 100_000_000_000 { number.checked_mul(1000)? } else { number };
        Timestamp::from_unix_millis(millis)
    };
    let at = match value {
        SqlValue::Integer(number) => from_number(*number),
        SqlValue::Real(number) if number.is_finite() && number.abs() < 9.0e15 => from_number(number.round() as i64),
        SqlValue::Text(text) => Timestamp::parse(text).or_else(|| text.trim().parse().ok().and_then(from_number)),
        _ => None,
    }?;
    (0..=LAST_MILLIS).contains(&at.unix_millis()).then_some(at)
}

/// The success rate of the original as verdicts: `(helped, did_not_help)`.
///
/// A rate over 1 is a percentage. The total of verdicts is at most `usage_count` (a verdict
/// follows a use), and within that the fraction closest to the rate wins, the larger total on a
/// tie (15 uses at 95% give 14 and 1; 5 uses at 100% give 5 and 0). Without uses there are no
/// verdicts, except for a rate other than the original's default of 1, which is kept as the
/// simplest closest fraction of at most 100 verdicts (75% gives 3 and 1). `None` for a rate that is not one (negative, over
/// 100%, not a number).
pub(crate) fn verdicts_for_rate(rate: f64, usage_count: u32) -> Option<(u32, u32)> {
    if !(0.0..=100.0).contains(&rate) {
        return None;
    }
    let rate = if rate > 1.0 { rate / 100.0 } else { rate };
    let most = match usage_count {
        0 if rate == 1.0 => return Some((0, 0)),
        0 => 100,
        uses => uses.min(10_000),
    };
    // With uses, a tie goes to more verdicts (more evidence); without, to the simplest fraction.
    let prefer_more = usage_count > 0;
    let (mut best, mut best_error) = ((0, 0), f64::INFINITY);
    for total in 1..=most {
        let helped = (rate * f64::from(total)).round() as u32;
        let error = (f64::from(helped) / f64::from(total) - rate).abs();
        let better = if prefer_more { error <= best_error + 1e-12 } else { error < best_error - 1e-12 };
        if better {
            best = (helped, total - helped);
            best_error = error.min(best_error);
        }
    }
    Some(best)
}

/// Cuts `text` to `max` characters.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The legacy rows the mapping needs to find again by old id.
#[derive(Default)]
struct Index {
    projects: HashMap<i64, usize>,
    accounts: HashMap<i64, usize>,
    sessions: HashMap<i64, usize>,
}

struct Importer<'a> {
    dump: &'a SqlDump,
    now: Timestamp,
    report: LegacyReport,
    index: Index,
    projects: Vec<Project>,
    /// The stored counters of each project, by index into `projects`: (sessions, credits).
    counters: Vec<(Option<i64>, Option<i64>)>,
    accounts: Vec<Account>,
    ledger: Vec<LedgerEntry>,
    sessions: Vec<Session>,
    /// Each session's number as stored, `None` when unusable; numbers are settled at the end.
    session_numbers: Vec<Option<u32>>,
    turns: Vec<TranscriptTurn>,
    checkpoints: Vec<Checkpoint>,
    handoffs: Vec<Handoff>,
    knowledge: Vec<KnowledgeEntry>,
    /// What sets the source database apart ([`source_fingerprint`]), part of every id.
    source: String,
    /// The derived keys used per table, so a repeated old id gets a key of its own.
    used_keys: HashSet<(String, String)>,
    /// The stand-in project of rows whose session (and so project) is unknown.
    orphan_project: Option<usize>,
    key_files: u64,
    project_tags: u64,
    project_notes: u64,
}

pub(super) fn import(dump: &SqlDump, now: Timestamp) -> Result<LegacyImport, LegacyError> {
    let mut importer = Importer {
        dump,
        now,
        report: LegacyReport::default(),
        index: Index::default(),
        projects: Vec::new(),
        counters: Vec::new(),
        accounts: Vec::new(),
        ledger: Vec::new(),
        sessions: Vec::new(),
        session_numbers: Vec::new(),
        turns: Vec::new(),
        checkpoints: Vec::new(),
        handoffs: Vec::new(),
        knowledge: Vec::new(),
        source: source_fingerprint(dump),
        used_keys: HashSet::new(),
        orphan_project: None,
        key_files: 0,
        project_tags: 0,
        project_notes: 0,
    };
    importer.list_skipped_and_unmapped();
    importer.accounts();
    importer.projects();
    importer.sessions();
    importer.snapshots();
    importer.conversations();
    importer.project_files();
    importer.handoffs();
    importer.knowledge();
    importer.project_tags();
    importer.context_documents();
    importer.settle_session_numbers();
    importer.compare_counters();
    importer.finish()
}

impl<'a> Importer<'a> {
    fn rows(&mut self, table: &'static str) -> Vec<Row<'a>> {
        let dump = self.dump;
        table_rows(dump, table, &mut self.report.dubious_rows)
    }

    fn dubious(&mut self, message: String) {
        self.report.dubious_rows.push(message);
    }

    /// The id of a new record from `row`: derived from its old id, or from its place when it has
    /// none or repeats one.
    fn new_id(&mut self, row: &Row) -> Id {
        let key = match row.id() {
            Some(id) if self.used_keys.insert((row.table.to_string(), id.to_string())) => {
                return legacy_id(&self.source, row.table, id)
            }
            Some(id) => {
                let key = format!("{id}#row{}", row.position);
                self.dubious(format!(
                    "{}: the id {id} is used by an earlier row too; imported as a separate record",
                    row.label()
                ));
                key
            }
            None => {
                self.dubious(format!("{} has no id; imported by its place in the export", row.label()));
                format!("row{}", row.position)
            }
        };
        self.used_keys.insert((row.table.to_string(), key.clone()));
        derived(&self.source, row.table, &key)
    }

    /// A date from `column`, listing a value that is there but is not a date.
    fn time(&mut self, row: &Row, column: &str) -> Option<Timestamp> {
        let value = row.value(column)?;
        let at = parse_time(value);
        if at.is_none() {
            let shown = row.text(column).map(|text| cut(&text, 40)).unwrap_or_default();
            self.dubious(format!("{}: {column} “{shown}” is not a date Baton can read; left out", row.label()));
        }
        at
    }

    /// A name: trimmed, `fallback` when empty, cut to the limit when longer (both listed).
    fn name(&mut self, row: &Row, column: &str, fallback: String) -> String {
        match row.text(column) {
            None => {
                self.dubious(format!("{}: {column} is empty; imported as “{fallback}”", row.label()));
                fallback
            }
            Some(name) if name.chars().count() > NAME_MAX => {
                self.dubious(format!(
                    "{}: {column} has {} characters, over Baton’s limit of {NAME_MAX}; cut to the limit",
                    row.label(),
                    name.chars().count()
                ));
                cut(&name, NAME_MAX)
            }
            Some(name) => name,
        }
    }

    /// Long text, cut (and listed) over Baton's limit.
    fn long(&mut self, row: &Row, column: &str, text: Option<String>) -> String {
        let text = text.unwrap_or_default();
        self.fit_long(&row.label(), column, text)
    }

    fn fit_long(&mut self, label: &str, what: &str, text: String) -> String {
        let length = text.chars().count();
        if length <= LONG_TEXT_MAX {
            return text;
        }
        self.dubious(format!(
            "{label}: {what} has {length} characters, over Baton’s limit of {LONG_TEXT_MAX}; cut to the limit"
        ));
        cut(&text, LONG_TEXT_MAX)
    }

    fn short(&mut self, row: &Row, column: &str) -> String {
        let text = row.text(column).unwrap_or_default();
        if text.chars().count() <= SHORT_TEXT_MAX {
            return text;
        }
        self.dubious(format!(
            "{}: {column} is over Baton’s limit of {SHORT_TEXT_MAX} characters; cut to the limit",
            row.label()
        ));
        cut(&text, SHORT_TEXT_MAX)
    }

    /// Comma-separated tags within Baton's limits (each tag and their number), cut and listed.
    fn tags(&mut self, label: &str, column: &str, text: &str) -> Vec<String> {
        let mut tags = parse_tags(text);
        if tags.iter().any(|tag| tag.chars().count() > TAG_MAX) {
            self.dubious(format!("{label}: a tag in {column} is over {TAG_MAX} characters; cut to the limit"));
            let mut seen = HashSet::new();
            tags = tags.iter().map(|tag| cut(tag, TAG_MAX)).filter(|tag| seen.insert(tag.to_lowercase())).collect();
        }
        if tags.len() > TAGS_MAX {
            self.dubious(format!(
                "{label}: {} tags in {column}, over Baton’s limit of {TAGS_MAX}; the first {TAGS_MAX} kept",
                tags.len()
            ));
            tags.truncate(TAGS_MAX);
        }
        tags
    }

    /// A whole number of 0 or more, listing a negative or unreadable one.
    fn count(&mut self, row: &Row, column: &str) -> Option<u32> {
        row.value(column)?;
        match row.int(column) {
            Some(number) if number >= 0 => Some(u32::try_from(number).unwrap_or(u32::MAX)),
            _ => {
                let shown = row.text(column).unwrap_or_default();
                self.dubious(format!("{}: {column} “{}” is not a count; left out", row.label(), cut(&shown, 40)));
                None
            }
        }
    }

    fn list_skipped_and_unmapped(&mut self) {
        // Listed in the order of the file, the database's own inserts among the statements.
        let mut skipped: Vec<(usize, String)> = self
            .dump
            .skipped
            .iter()
            .map(|skipped| (skipped.line, format!("line {}: {} ({})", skipped.line, skipped.start, skipped.reason)))
            .collect();
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for table in self.dump.tables.keys() {
            counts.entry(table.to_ascii_lowercase()).or_insert(0);
        }
        for insert in &self.dump.inserts {
            if is_internal(&insert.table) {
                let what = cut(&format!("INSERT INTO {}", insert.table), 60);
                skipped.push((
                    insert.line,
                    format!("line {}: {what} (the database’s own bookkeeping, not needed)", insert.line),
                ));
            }
            *counts.entry(insert.table.to_ascii_lowercase()).or_insert(0) += insert.rows.len() as u64;
        }
        skipped.sort_by_key(|(line, _)| *line);
        self.report.skipped_statements = skipped.into_iter().map(|(_, text)| text).collect();
        for (table, rows) in counts {
            // Context documents are counted as they are placed (or not) below.
            if !is_internal(&table) && !MAPPED_TABLES.contains(&table.as_str()) {
                self.report.not_imported.insert(table, rows);
            }
        }
        if self.dump.tables.keys().any(|table| table.eq_ignore_ascii_case("context_documents")) {
            self.report.not_imported.insert("context_documents".into(), 0);
        }
    }

    fn accounts(&mut self) {
        let rows = self.rows("accounts");
        let mut names: HashSet<String> = HashSet::new();
        for row in &rows {
            let id = self.new_id(row);
            let fallback = format!("Account {}", row.id().map_or(row.position.to_string(), |id| id.to_string()));
            let mut name = self.name(row, "account_name", fallback);
            if !names.insert(name.to_lowercase()) {
                let suffix = format!(" ({})", row.id().map_or(format!("row {}", row.position), |id| id.to_string()));
                let unique = format!("{}{suffix}", cut(&name, NAME_MAX - suffix.chars().count()));
                self.dubious(format!(
                    "{}: the account name “{name}” is used by another account; imported as “{unique}”",
                    row.label()
                ));
                name = unique;
                names.insert(name.to_lowercase());
            }
            let (platform, platform_label) = match row.text("platform") {
                None => (Platform::Genspark, String::new()),
                Some(text) => match Platform::parse(&text) {
                    Some(platform) => (platform, String::new()),
                    None => {
                        let label = cut(&text, NAME_MAX);
                        self.dubious(format!(
                            "{}: platform “{label}” is not one of genspark, claude, chatgpt, gemini, other; imported as other (“{label}”)",
                            row.label()
                        ));
                        (Platform::Other, label)
                    }
                },
            };
            let platform_label = if platform == Platform::Other && platform_label.is_empty() {
                "Other".to_string()
            } else {
                platform_label
            };
            let mut credits = row.int("credits_available").unwrap_or(ORIGINAL_DEFAULT_CREDITS);
            if credits < 0 {
                self.dubious(format!("{}: credits_available is {credits}, below 0; imported as 0", row.label()));
                credits = 0;
            }
            let credits = credits.min(crate::validate::CREDITS_MAX);
            let status = match row.text("status") {
                None => AccountStatus::Available,
                Some(text) => AccountStatus::parse(&text).unwrap_or_else(|| {
                    self.report.dubious_rows.push(format!(
                        "{}: status “{}” is not one of available, active, exhausted, blocked; imported as available",
                        row.label(),
                        cut(&text, 40)
                    ));
                    AccountStatus::Available
                }),
            };
            let next_refresh_at = self.time(row, "credits_refresh_date");
            let created_at = self.time(row, "created_at");
            let updated_at = self.time(row, "updated_at");
            let created_at = created_at.or(updated_at).unwrap_or(self.now);
            let updated_at = updated_at.unwrap_or(created_at).max(created_at);
            let specializations =
                self.tags(&row.label(), "specialization", &row.text("specialization").unwrap_or_default());
            let email = self.short(row, "account_email");
            let notes = self.long(row, "notes", row.text("notes"));
            let account = Account {
                id,
                created_at,
                updated_at,
                deleted_at: None,
                rev: 1,
                name,
                platform,
                platform_label,
                email,
                plan: String::new(),
                specializations,
                credits_available: credits,
                credit_limit: credits.max(ORIGINAL_DEFAULT_CREDITS),
                refresh: if next_refresh_at.is_some() { Refresh::Monthly } else { Refresh::None },
                next_refresh_at,
                context_window_tokens: platform.default_context_window(),
                notes,
                status,
                bundle_language: None,
            };
            self.ledger.push(LedgerEntry {
                id: derived(&self.source, "accounts/ledger", &id.to_string()),
                created_at: updated_at,
                updated_at,
                deleted_at: None,
                rev: 1,
                account_id: id,
                at: updated_at,
                delta: credits,
                balance_after: credits,
                reason: LedgerReason::Import,
                session_id: None,
                note: "Balance in the original app when it was exported".into(),
            });
            if let Some(old) = row.id() {
                self.index.accounts.entry(old).or_insert(self.accounts.len());
            }
            self.accounts.push(account);
        }
    }

    fn projects(&mut self) {
        let rows = self.rows("projects");
        for row in &rows {
            let id = self.new_id(row);
            let fallback = format!("Project {}", row.id().map_or(row.position.to_string(), |id| id.to_string()));
            let name = self.name(row, "name", fallback);
            let status = match row.text("status") {
                None => ProjectStatus::Active,
                Some(text) => ProjectStatus::parse(&text).unwrap_or_else(|| {
                    self.report.dubious_rows.push(format!(
                        "{}: status “{}” is not one of active, paused, completed, archived; imported as active",
                        row.label(),
                        cut(&text, 40)
                    ));
                    ProjectStatus::Active
                }),
            };
            let created_at = self.time(row, "created_at");
            let updated_at = self.time(row, "updated_at");
            let created_at = created_at.or(updated_at).unwrap_or(self.now);
            let updated_at = updated_at.unwrap_or(created_at).max(created_at);
            let description = self.long(row, "description", row.text("description"));
            let project = Project {
                id,
                created_at,
                updated_at,
                deleted_at: None,
                rev: 1,
                name,
                description,
                status,
                tags: Vec::new(),
                repository_url: None,
                notes: String::new(),
                state: LivingState::default(),
            };
            if let Some(old) = row.id() {
                self.index.projects.entry(old).or_insert(self.projects.len());
            }
            self.counters.push((row.int("total_sessions"), row.int("total_credits_used")));
            self.projects.push(project);
        }
    }

    fn stand_in_project(&mut self, id: Id, name: String, at: Timestamp) -> usize {
        self.projects.push(Project {
            id,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: 1,
            name,
            description: "Made by the import for rows of the original app whose project was not in the export.".into(),
            status: ProjectStatus::Active,
            tags: Vec::new(),
            repository_url: None,
            notes: String::new(),
            state: LivingState::default(),
        });
        self.counters.push((None, None));
        self.projects.len() - 1
    }

    /// The project of old id `old`, a stand-in when the export does not have it.
    fn project_for_session(&mut self, row: &Row, old: Option<i64>, at: Timestamp) -> usize {
        match old {
            Some(old) => {
                if let Some(&index) = self.index.projects.get(&old) {
                    return index;
                }
                let name = format!("Project {old} (missing from the export)");
                self.dubious(format!(
                    "{}: project {old} does not exist; the session is in a new project “{name}”",
                    row.label()
                ));
                let index = self.stand_in_project(legacy_id(&self.source, "projects", old), name, at);
                self.index.projects.insert(old, index);
                index
            }
            None => {
                self.dubious(format!("{}: no project; the session is in “Imported without a project”", row.label()));
                self.orphan_project(at)
            }
        }
    }

    fn orphan_project(&mut self, at: Timestamp) -> usize {
        if let Some(index) = self.orphan_project {
            return index;
        }
        let index = self.stand_in_project(
            derived(&self.source, "projects", "orphans"),
            "Imported without a project".into(),
            at,
        );
        self.orphan_project = Some(index);
        index
    }

    /// The session of old id `old`; when the export does not have it, a stand-in session in
    /// "Imported without a project", so what points at it is kept.
    fn session_for(&mut self, row: &Row, old: Option<i64>, at: Timestamp) -> usize {
        if let Some(&index) = old.and_then(|old| self.index.sessions.get(&old)) {
            return index;
        }
        let project = self.orphan_project(at);
        let (id, title) = match old {
            Some(old) => (legacy_id(&self.source, "sessions", old), format!("Session {old} (missing from the export)")),
            None => (
                derived(&self.source, "sessions", &format!("stand-in/{}", row.label())),
                "Session missing from the export".into(),
            ),
        };
        self.dubious(format!(
            "{}: {}; kept in “Imported without a project”",
            row.label(),
            match old {
                Some(old) => format!("session {old} does not exist"),
                None => "no session".to_string(),
            }
        ));
        let project_id = self.projects[project].id;
        self.sessions.push(Session {
            id,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: 1,
            project_id,
            account_id: None,
            account_label: String::new(),
            number: 0,
            session_type: SessionType::Other,
            title,
            objectives: String::new(),
            status: SessionStatus::Completed,
            started_at: at,
            ended_at: Some(at),
            duration_minutes: None,
            credit_budget: None,
            credits_used: 0,
            accomplishments: String::new(),
            blockers: String::new(),
            state_notes: String::new(),
            next_steps: String::new(),
            decisions: String::new(),
            notes: String::new(),
            from_handoff_id: None,
            to_handoff_id: None,
        });
        self.session_numbers.push(None);
        let index = self.sessions.len() - 1;
        if let Some(old) = old {
            self.index.sessions.insert(old, index);
        }
        index
    }

    fn account_for(&mut self, row: &Row, column: &str) -> (Option<Id>, String) {
        let Some(old) = row.int(column) else {
            return (None, String::new());
        };
        match self.index.accounts.get(&old) {
            Some(&index) => (Some(self.accounts[index].id), self.accounts[index].name.clone()),
            None => {
                self.dubious(format!("{}: {column} {old} is not an account in the export; left empty", row.label()));
                (None, format!("Account {old} (missing from the export)"))
            }
        }
    }

    fn sessions(&mut self) {
        let rows = self.rows("sessions");
        for row in &rows {
            let id = self.new_id(row);
            let started = self.time(row, "started_at");
            let completed = self.time(row, "completed_at");
            let started_at = started.or(completed).unwrap_or(self.now);
            let project = self.project_for_session(row, row.int("project_id"), started_at);
            let (account_id, account_label) = self.account_for(row, "account_id");
            if row.value("account_id").is_none() {
                self.dubious(format!("{}: no account (the original required one); left empty", row.label()));
            }
            let number = match row.int("session_number") {
                Some(number) if number >= 1 && number <= i64::from(u32::MAX) => Some(number as u32),
                other => {
                    let shown = other.map_or("missing".to_string(), |n| n.to_string());
                    self.dubious(format!(
                        "{}: session number {shown} is not usable; given the project’s next number",
                        row.label()
                    ));
                    None
                }
            };
            let session_type = match row.text("session_type") {
                None => SessionType::Development,
                Some(text) => SessionType::parse(&text).unwrap_or_else(|| {
                    self.report.dubious_rows.push(format!(
                        "{}: type “{}” is not a session type Baton knows; imported as other",
                        row.label(),
                        cut(&text, 40)
                    ));
                    SessionType::Other
                }),
            };
            let status = match row.text("status") {
                None => SessionStatus::InProgress,
                Some(text) => SessionStatus::parse(&text).unwrap_or_else(|| {
                    let guess = if completed.is_some() { SessionStatus::Completed } else { SessionStatus::InProgress };
                    self.report.dubious_rows.push(format!(
                        "{}: status “{}” is not one of in_progress, completed, failed, handed_off; imported as {}",
                        row.label(),
                        cut(&text, 40),
                        guess.as_str()
                    ));
                    guess
                }),
            };
            let ended_at = if status == SessionStatus::InProgress {
                if completed.is_some() {
                    self.dubious(format!(
                        "{}: in progress but with a completion time; the time is left out",
                        row.label()
                    ));
                }
                None
            } else {
                completed
            };
            let mut credits_used = row.int("credits_used").unwrap_or(0);
            if credits_used < 0 {
                self.dubious(format!("{}: credits_used is {credits_used}, below 0; imported as 0", row.label()));
                credits_used = 0;
            }
            let credits_used = credits_used.min(crate::validate::CREDITS_MAX);
            let duration_minutes =
                self.count(row, "duration_minutes").or_else(|| ended_at.map(|end| started_at.minutes_until(end)));
            let mut notes = Vec::new();
            for (column, heading) in [
                ("handoff_notes", "Handoff notes"),
                ("checkpoint_data", "Checkpoint data"),
                ("ai_tools_used", "AI tools used"),
            ] {
                if let Some(text) = row.text(column) {
                    notes.push(format!("{heading} (from the original app):\n{text}"));
                }
            }
            let notes = self.fit_long(&row.label(), "the notes", notes.join("\n\n"));
            let objectives = self.long(row, "objectives", row.text("objectives"));
            let accomplishments = self.long(row, "accomplishments", row.text("accomplishments"));
            let blockers = self.long(row, "blockers", row.text("blockers"));
            let session = Session {
                id,
                created_at: started_at,
                updated_at: ended_at.unwrap_or(started_at).max(started_at),
                deleted_at: None,
                rev: 1,
                project_id: self.projects[project].id,
                account_id,
                account_label,
                number: 0,
                session_type,
                title: String::new(),
                objectives,
                status,
                started_at,
                ended_at,
                duration_minutes,
                credit_budget: None,
                credits_used,
                accomplishments,
                blockers,
                state_notes: String::new(),
                next_steps: String::new(),
                decisions: String::new(),
                notes,
                from_handoff_id: None,
                to_handoff_id: None,
            };
            if let Some(old) = row.id() {
                self.index.sessions.entry(old).or_insert(self.sessions.len());
            }
            self.sessions.push(session);
            self.session_numbers.push(number);
        }
    }

    fn snapshots(&mut self) {
        let rows = self.rows("context_snapshots");
        for row in &rows {
            let id = self.new_id(row);
            let own_time = self.time(row, "created_at");
            let known_session = row.int("session_id").and_then(|old| self.index.sessions.get(&old).copied());
            let at = own_time.or(known_session.map(|index| self.sessions[index].started_at)).unwrap_or(self.now);
            let session = self.session_for(row, row.int("session_id"), at);
            let (session_id, project_id) = (self.sessions[session].id, self.sessions[session].project_id);
            let kind = match row.text("snapshot_type") {
                None => CheckpointKind::Handoff,
                Some(text) => CheckpointKind::parse(&text).unwrap_or_else(|| {
                    self.report.dubious_rows.push(format!(
                        "{}: snapshot type “{}” is not one of handoff, checkpoint, backup; imported as checkpoint",
                        row.label(),
                        cut(&text, 40)
                    ));
                    CheckpointKind::Checkpoint
                }),
            };
            let context = self.long(row, "compressed_context", row.text("compressed_context"));
            if context.is_empty() {
                self.dubious(format!("{}: compressed_context is empty (the original required it)", row.label()));
            }
            let summary = row.text("context_summary").unwrap_or_default();
            let (label, note) = if summary.chars().count() <= NAME_MAX {
                (summary, context.clone())
            } else {
                let note = self.fit_long(&row.label(), "the summary and context", format!("{summary}\n\n{context}"));
                (format!("Snapshot {}", row.id().map_or(row.position.to_string(), |id| id.to_string())), note)
            };
            let git_ref = row.text("git_commit_hash").map(|hash| cut(&hash, SHORT_TEXT_MAX));
            let file_count = self.count(row, "file_count");
            let code_lines = self.count(row, "code_lines");
            self.checkpoints.push(Checkpoint {
                id,
                created_at: at,
                updated_at: at,
                deleted_at: None,
                rev: 1,
                project_id,
                session_id: Some(session_id),
                kind,
                label,
                note,
                git_ref,
                state: LivingState { current_state: context, ..LivingState::default() },
                file_count,
                code_lines,
            });
        }
    }

    fn conversations(&mut self) {
        let rows = self.rows("conversation_history");
        // Turns are numbered per session in the order of their turn numbers, then of the file.
        let mut by_session: BTreeMap<usize, Vec<(i64, usize, TranscriptTurn)>> = BTreeMap::new();
        for row in &rows {
            let id = self.new_id(row);
            let own_time = self.time(row, "timestamp");
            let known_session = row.int("session_id").and_then(|old| self.index.sessions.get(&old).copied());
            let fallback = known_session.map(|index| self.sessions[index].started_at).unwrap_or(self.now);
            let session = self.session_for(row, row.int("session_id"), own_time.unwrap_or(fallback));
            let role = match row.text("role") {
                Some(text) if Role::parse(&text).is_some() => Role::parse(&text).unwrap_or(Role::System),
                other => {
                    let shown = other.map_or("missing".to_string(), |text| format!("“{}”", cut(&text, 40)));
                    self.dubious(format!(
                        "{}: role {shown} is not user, assistant or system; imported as system",
                        row.label()
                    ));
                    Role::System
                }
            };
            let content = self.long(row, "content", row.text("content"));
            let tokens = match row.int("tokens_used") {
                Some(tokens) if tokens >= 0 => u32::try_from(tokens).unwrap_or(u32::MAX),
                _ => estimate_tokens(&content),
            };
            let created_at = own_time.unwrap_or(self.sessions[session].started_at);
            let turn = TranscriptTurn {
                id,
                created_at,
                updated_at: created_at,
                deleted_at: None,
                rev: 1,
                session_id: self.sessions[session].id,
                seq: 0,
                role,
                content,
                at: own_time,
                tokens,
            };
            by_session.entry(session).or_default().push((
                row.int("turn_number").unwrap_or(i64::MAX),
                row.position,
                turn,
            ));
        }
        for (_, mut turns) in by_session {
            turns.sort_by_key(|(number, position, _)| (*number, *position));
            for (seq, (_, _, mut turn)) in (1..).zip(turns) {
                turn.seq = seq;
                self.turns.push(turn);
            }
        }
    }

    /// The project of old id `old` for rows that cannot be placed without it (listed when not).
    fn existing_project(&mut self, row: &Row, what: &str) -> Option<usize> {
        let old = row.int("project_id");
        let found = old.and_then(|old| self.index.projects.get(&old).copied());
        if found.is_none() {
            let project = old.map_or("no project".to_string(), |old| format!("project {old} does not exist"));
            self.dubious(format!("{}: {project}; {what} not imported", row.label()));
        }
        found
    }

    fn project_files(&mut self) {
        let rows = self.rows("project_files");
        for row in &rows {
            let Some(project) = self.existing_project(row, "the key file is") else { continue };
            let Some(path) = row.text("file_path") else {
                self.dubious(format!("{}: no file path; not imported", row.label()));
                continue;
            };
            let path = if path.chars().count() > SHORT_TEXT_MAX {
                self.dubious(format!(
                    "{}: the path is over {SHORT_TEXT_MAX} characters; cut to the limit",
                    row.label()
                ));
                cut(&path, SHORT_TEXT_MAX)
            } else {
                path
            };
            if self.projects[project].state.files.iter().any(|file| file.path == path) {
                self.dubious(format!(
                    "{}: “{}” is listed twice for its project; the first is kept",
                    row.label(),
                    cut(&path, 80)
                ));
                continue;
            }
            let importance = match row.text("importance") {
                None => Importance::Normal,
                Some(text) => Importance::parse(&text).unwrap_or_else(|| {
                    self.report.dubious_rows.push(format!(
                        "{}: importance “{}” is not one of critical, high, normal, low; imported as normal",
                        row.label(),
                        cut(&text, 40)
                    ));
                    Importance::Normal
                }),
            };
            let notes = self.long(row, "notes", row.text("notes"));
            self.projects[project].state.files.push(KeyFile { path, importance, notes });
            self.key_files += 1;
        }
    }

    fn handoffs(&mut self) {
        let rows = self.rows("handoff_queue");
        for row in &rows {
            let id = self.new_id(row);
            let own_time = self.time(row, "created_at");
            let processed = self.time(row, "processed_at");
            let known_session = row.int("session_id").and_then(|old| self.index.sessions.get(&old).copied());
            let queued_at = own_time
                .or(known_session.map(|index| self.sessions[index].ended_at.unwrap_or(self.sessions[index].started_at)))
                .unwrap_or(self.now);
            let session = self.session_for(row, row.int("session_id"), queued_at);
            let (from_account_id, _) = self.account_for(row, "from_account_id");
            let (to_account_id, _) = self.account_for(row, "to_account_id");
            let priority = match row.int("priority") {
                None => 5,
                Some(priority @ 1..=10) => priority as u8,
                Some(priority) => {
                    let clamped = priority.clamp(1, 10) as u8;
                    self.dubious(format!(
                        "{}: priority {priority} is outside 1 to 10; imported as {clamped}",
                        row.label()
                    ));
                    clamped
                }
            };
            let status = match row.text("status") {
                None => HandoffStatus::Pending,
                Some(text) => HandoffStatus::parse(&text).unwrap_or_else(|| {
                    self.report.dubious_rows.push(format!(
                        "{}: status “{}” is not one of pending, processing, completed, failed; imported as pending",
                        row.label(),
                        cut(&text, 40)
                    ));
                    HandoffStatus::Pending
                }),
            };
            let text = self.long(row, "handoff_context", row.text("handoff_context"));
            let platform_of = |account: Option<Id>, accounts: &[Account]| {
                accounts.iter().find(|a| Some(a.id) == account).map(|a| a.platform)
            };
            let target_platform = platform_of(to_account_id, &self.accounts)
                .or(platform_of(from_account_id, &self.accounts))
                .unwrap_or(Platform::Other);
            let (started_at, finished_at) = match status {
                HandoffStatus::Pending => (None, None),
                HandoffStatus::Processing => (processed, None),
                HandoffStatus::Completed | HandoffStatus::Failed => (None, processed),
            };
            let failure_reason = if status == HandoffStatus::Failed {
                "Marked failed in the original app, which kept no reason.".to_string()
            } else {
                String::new()
            };
            let updated_at = processed.unwrap_or(queued_at).max(queued_at);
            let session_id = self.sessions[session].id;
            if self.sessions[session].to_handoff_id.is_none() {
                self.sessions[session].to_handoff_id = Some(id);
            }
            self.handoffs.push(Handoff {
                id,
                created_at: queued_at,
                updated_at,
                deleted_at: None,
                rev: 1,
                project_id: self.sessions[session].project_id,
                from_session_id: Some(session_id),
                from_account_id,
                to_account_id,
                priority,
                status,
                failure_reason,
                queued_at,
                started_at,
                finished_at,
                checkpoint_id: None,
                result_session_id: None,
                bundle: Bundle {
                    format: BundleFormat::Classic,
                    target_platform,
                    budget: target_platform.default_context_window(),
                    estimated_tokens: estimate_tokens(&text),
                    sections: Vec::new(),
                    trimmed: Vec::new(),
                    lint: Vec::new(),
                    text,
                },
            });
        }
    }

    fn knowledge(&mut self) {
        let rows = self.rows("knowledge_base");
        for row in &rows {
            let id = self.new_id(row);
            let category = match row.text("category") {
                Some(text) if KnowledgeCategory::parse(&text).is_some() => {
                    KnowledgeCategory::parse(&text).unwrap_or(KnowledgeCategory::Tip)
                }
                other => {
                    let shown = other.map_or("missing".to_string(), |text| format!("“{}”", cut(&text, 40)));
                    self.dubious(format!(
                        "{}: category {shown} is not one of pattern, error_solution, optimization, best_practice, tip; imported as tip",
                        row.label()
                    ));
                    KnowledgeCategory::Tip
                }
            };
            let fallback =
                format!("Knowledge entry {}", row.id().map_or(row.position.to_string(), |id| id.to_string()));
            let title = self.name(row, "title", fallback);
            let body = match (row.text("description"), row.text("content")) {
                (Some(description), Some(content)) if description != content => format!("{description}\n\n{content}"),
                (description, content) => description.or(content).unwrap_or_default(),
            };
            let body = self.fit_long(&row.label(), "the description", body);
            let tags = self.tags(&row.label(), "tags", &row.text("tags").unwrap_or_default());
            let usage_count = self.count(row, "usage_count").unwrap_or(0);
            let (helped, did_not_help) = match row.real("success_rate") {
                None => (0, 0),
                Some(rate) => verdicts_for_rate(rate, usage_count).unwrap_or_else(|| {
                    self.report.dubious_rows.push(format!(
                        "{}: success rate {rate} is not a fraction or a percentage; imported without verdicts",
                        row.label()
                    ));
                    (0, 0)
                }),
            };
            let source_session_id = match row.int("source_session_id") {
                None => None,
                Some(old) => match self.index.sessions.get(&old) {
                    Some(&index) => Some(self.sessions[index].id),
                    None => {
                        self.dubious(format!("{}: source session {old} does not exist; left empty", row.label()));
                        None
                    }
                },
            };
            let created_at = self.time(row, "created_at");
            let updated_at = self.time(row, "updated_at");
            let created_at = created_at.or(updated_at).unwrap_or(self.now);
            let updated_at = updated_at.unwrap_or(created_at).max(created_at);
            self.knowledge.push(KnowledgeEntry {
                id,
                created_at,
                updated_at,
                deleted_at: None,
                rev: 1,
                category,
                title,
                body,
                tags,
                project_id: None,
                source_session_id,
                usage_count,
                helped,
                did_not_help,
            });
        }
    }

    fn project_tags(&mut self) {
        let rows = self.rows("project_tags");
        for row in &rows {
            let Some(project) = self.existing_project(row, "the tag is") else { continue };
            let Some(tag) = row.text("tag") else {
                self.dubious(format!("{}: the tag is empty; not imported", row.label()));
                continue;
            };
            let mut tags = self.projects[project].tags.join(",");
            tags.push(',');
            tags.push_str(&tag.replace(',', " "));
            let before = self.projects[project].tags.len();
            let tags = self.tags(&row.label(), "tag", &tags);
            self.project_tags += (tags.len().saturating_sub(before)) as u64;
            self.projects[project].tags = tags;
        }
    }

    fn context_documents(&mut self) {
        let rows = self.rows("context_documents");
        let mut documents: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for row in &rows {
            let Some(project) = self.existing_project(row, "the document is") else {
                *self.report.not_imported.entry("context_documents".into()).or_insert(0) += 1;
                continue;
            };
            let title = row.text("title").unwrap_or_else(|| "Untitled document".into());
            let kind = row.text("document_type").unwrap_or_else(|| "summary".into());
            let content = row.text("content").unwrap_or_default();
            documents.entry(project).or_default().push(format!("## {title} ({kind})\n\n{content}"));
            self.project_notes += 1;
        }
        for (project, notes) in documents {
            let label = format!("the notes of “{}”", self.projects[project].name);
            let notes = self.fit_long(&label, "the context documents", notes.join("\n\n"));
            self.projects[project].notes = notes;
        }
    }

    /// Gives each session its stored number, unless unusable or taken in its project, in which
    /// case the project's next free number (listed).
    fn settle_session_numbers(&mut self) {
        let mut taken: HashMap<Id, HashSet<u32>> = HashMap::new();
        let mut highest: HashMap<Id, u32> = HashMap::new();
        for (session, number) in self.sessions.iter().zip(&self.session_numbers) {
            if let Some(number) = number {
                let entry = highest.entry(session.project_id).or_insert(0);
                *entry = (*entry).max(*number);
            }
        }
        let mut renumbered = Vec::new();
        for (index, number) in self.session_numbers.iter().enumerate() {
            let project_id = self.sessions[index].project_id;
            let numbers = taken.entry(project_id).or_default();
            match number {
                Some(number) if numbers.insert(*number) => self.sessions[index].number = *number,
                _ => {
                    let next = highest.entry(project_id).or_insert(0);
                    *next = next.saturating_add(1);
                    numbers.insert(*next);
                    if number.is_some() {
                        renumbered.push((index, *next));
                    }
                    self.sessions[index].number = *next;
                }
            }
        }
        for (index, number) in renumbered {
            let session = &self.sessions[index];
            let project = self.projects.iter().find(|p| p.id == session.project_id).map_or("", |p| p.name.as_str());
            let message = format!(
                "sessions: a second session numbered {} in project “{project}”; imported as number {number}",
                self.session_numbers[index].unwrap_or(0)
            );
            self.report.dubious_rows.push(message);
        }
    }

    fn compare_counters(&mut self) {
        for (project, (stored_sessions, stored_credits)) in self.projects.iter().zip(&self.counters) {
            let sessions: Vec<&Session> = self.sessions.iter().filter(|s| s.project_id == project.id).collect();
            let found_credits: i64 = sessions.iter().map(|s| s.credits_used).sum();
            if let Some(stored) = stored_sessions.filter(|stored| *stored != sessions.len() as i64) {
                self.report.counter_mismatches.push(format!(
                    "project “{}” said {stored} sessions, found {}",
                    project.name,
                    sessions.len()
                ));
            }
            if let Some(stored) = stored_credits.filter(|stored| *stored != found_credits) {
                self.report.counter_mismatches.push(format!(
                    "project “{}” said {} credits used, found {}",
                    project.name,
                    format_integer(stored),
                    format_integer(found_credits)
                ));
            }
        }
    }

    fn finish(mut self) -> Result<LegacyImport, LegacyError> {
        let counts = [
            self.projects.len(),
            self.accounts.len(),
            self.ledger.len(),
            self.sessions.len(),
            self.turns.len(),
            self.checkpoints.len(),
            self.handoffs.len(),
            self.knowledge.len(),
        ];
        if counts.iter().all(|count| *count == 0) {
            return Err(LegacyError::NothingToImport);
        }
        for (store, count) in IMPORTED_STORES.iter().zip(counts) {
            self.report.imported.insert(store.as_str().to_string(), count as u64);
        }
        for (key, count) in
            [("key_files", self.key_files), ("project_tags", self.project_tags), ("project_notes", self.project_notes)]
        {
            if count > 0 {
                self.report.imported.insert(key.to_string(), count);
            }
        }
        let mut records = Vec::with_capacity(counts.iter().sum());
        records.extend(self.projects.into_iter().map(AnyRecord::Project));
        records.extend(self.accounts.into_iter().map(AnyRecord::Account));
        records.extend(self.ledger.into_iter().map(AnyRecord::Ledger));
        records.extend(self.sessions.into_iter().map(AnyRecord::Session));
        records.extend(self.turns.into_iter().map(AnyRecord::Turn));
        records.extend(self.checkpoints.into_iter().map(AnyRecord::Checkpoint));
        records.extend(self.handoffs.into_iter().map(AnyRecord::Handoff));
        records.extend(self.knowledge.into_iter().map(AnyRecord::Knowledge));
        Ok(LegacyImport { records, report: self.report, source: self.source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_become_the_closest_verdicts_the_usage_allows() {
        assert_eq!(verdicts_for_rate(0.95, 15), Some((14, 1)));
        assert_eq!(verdicts_for_rate(1.0, 5), Some((5, 0)));
        assert_eq!(verdicts_for_rate(95.0, 20), Some((19, 1)));
        assert_eq!(verdicts_for_rate(0.5, 4), Some((2, 2)));
        assert_eq!(verdicts_for_rate(0.0, 3), Some((0, 3)));
        // Without uses, the default rate means no verdicts; another rate keeps its fraction.
        assert_eq!(verdicts_for_rate(1.0, 0), Some((0, 0)));
        assert_eq!(verdicts_for_rate(0.75, 0), Some((3, 1)));
        assert_eq!(verdicts_for_rate(-0.1, 3), None);
        assert_eq!(verdicts_for_rate(250.0, 3), None);
        assert_eq!(verdicts_for_rate(f64::NAN, 3), None);
    }

    #[test]
    fn dates_in_every_form_the_original_wrote() {
        let expected = Timestamp::parse("2026-11-26T04:58:23Z");
        assert_eq!(parse_time(&SqlValue::Text("2026-11-26 04:58:23".into())), expected);
        assert_eq!(parse_time(&SqlValue::Text("2026-11-26T04:58:23.000Z".into())), expected);
        let seconds = expected.unwrap().unix_millis() / 1000;
        assert_eq!(parse_time(&SqlValue::Integer(seconds)), expected);
        assert_eq!(parse_time(&SqlValue::Integer(seconds * 1000)), expected);
        assert_eq!(parse_time(&SqlValue::Text(seconds.to_string())), expected);
        assert_eq!(parse_time(&SqlValue::Text("soon".into())), None);
        assert_eq!(parse_time(&SqlValue::Integer(i64::MAX)), None);
        assert_eq!(parse_time(&SqlValue::Real(f64::INFINITY)), None);
    }

    #[test]
    fn ids_are_derived_from_table_and_old_id() {
        assert_eq!(legacy_id("a", "projects", 1), legacy_id("a", "projects", 1));
        assert_ne!(legacy_id("a", "projects", 1), legacy_id("a", "sessions", 1));
        assert_ne!(legacy_id("a", "projects", 1), legacy_id("a", "projects", 2));
        assert_ne!(legacy_id("a", "projects", 1), legacy_id("b", "projects", 1));
    }
}
