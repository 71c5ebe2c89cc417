//! The legacy import: the original app's Cloudflare D1 export (SQL text) read without a SQL
//! engine and mapped to Baton's records (see `spec/exchange.md`, "The legacy import").
//!
//! [`read_sql`] turns the text into tables, column lists and inserted rows, and lists every
//! statement it did not need; [`import_legacy`] maps those rows to records and reports what it
//! imported, what it left out, and every row that broke the original's own rules.

mod map;
mod sql;

use crate::records::AnyRecord;
use crate::time::Timestamp;
use std::collections::BTreeMap;
use std::fmt;

pub use map::{legacy_id, source_fingerprint};

/// One value of an inserted row, as SQLite types it.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// One `INSERT` statement: its table, its column list when it has one, and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct SqlInsert {
    pub table: String,
    /// The columns the statement names; `None` means the table's columns in order.
    pub columns: Option<Vec<String>>,
    pub rows: Vec<Vec<SqlValue>>,
    /// The line the statement starts on, for messages about its rows.
    pub line: usize,
}

/// A statement the reader did not need (or could not read), with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedStatement {
    /// The line the statement starts on (1-based).
    pub line: usize,
    /// Why it was skipped, in plain words ("an index (Baton makes its own)").
    pub reason: String,
    /// The statement's first 60 characters, with runs of white space made one space.
    pub start: String,
}

/// Everything read from an SQL export.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SqlDump {
    /// Each table created, with its columns in order (table constraints left out).
    pub tables: BTreeMap<String, Vec<String>>,
    /// Every `INSERT`, in the order of the file.
    pub inserts: Vec<SqlInsert>,
    /// Every other statement, in the order of the file.
    pub skipped: Vec<SkippedStatement>,
}

/// How many statements of each kind an export held, for a quick look before importing.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SqlStatementSummary {
    pub tables: usize,
    pub inserts: usize,
    pub rows: usize,
    pub skipped: usize,
    /// Rows per table, over every insert.
    pub rows_by_table: BTreeMap<String, usize>,
}

impl SqlDump {
    pub fn summary(&self) -> SqlStatementSummary {
        let mut rows_by_table = BTreeMap::new();
        for insert in &self.inserts {
            *rows_by_table.entry(insert.table.clone()).or_insert(0) += insert.rows.len();
        }
        SqlStatementSummary {
            tables: self.tables.len(),
            inserts: self.inserts.len(),
            rows: self.inserts.iter().map(|insert| insert.rows.len()).sum(),
            skipped: self.skipped.len(),
            rows_by_table,
        }
    }
}

/// Why an SQL export could not be read or imported. `Display` says what happened and what to do.
#[derive(Clone, Debug, PartialEq)]
pub enum LegacyError {
    /// The text does not start like SQL.
    NotSql,
    /// The text ends inside a string, comment, name or statement: the file was cut short.
    Unterminated { line: usize, what: String },
    /// The SQL holds no rows of the original app's tables.
    NothingToImport,
}

/// Plain English for logs and the import corpus's expected fragments, not for people: the
/// interface words the variants (`src/i18n/errors.rs`).
impl fmt::Display for LegacyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LegacyError::NotSql => f.write_str(
                "This is not an SQL export: it does not start with SQL statements such as CREATE TABLE or \
                 INSERT INTO. Choose the .sql file that “wrangler d1 export” wrote.",
            ),
            LegacyError::Unterminated { line, what } => write!(
                f,
                "The SQL export is cut short: {what} starting on line {line} never ends. Export the database \
                 again and import the complete file."
            ),
            LegacyError::NothingToImport => f.write_str(
                "This SQL export has nothing to import: it holds no rows of the original app’s projects, \
                 accounts, sessions, snapshots, files, handoffs or knowledge. Check that you exported the \
                 database with its data, not only its schema.",
            ),
        }
    }
}

impl std::error::Error for LegacyError {}

/// What a legacy import did, for the import preview and its report.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LegacyReport {
    /// Records made, by store name (`projects`, `accounts`, `ledger`, `sessions`, `turns`,
    /// `checkpoints`, `handoffs`, `knowledge`, each present even at 0), plus `key_files`,
    /// `project_tags` and `project_notes` when the export had any.
    pub imported: BTreeMap<String, u64>,
    /// Tables of the export Baton has no place for, with their row counts (0 included, so the
    /// user sees that nothing was there).
    pub not_imported: BTreeMap<String, u64>,
    /// Statements not needed, as "line 12: CREATE INDEX idx_… (an index: Baton makes its own)".
    pub skipped_statements: Vec<String>,
    /// Rows that broke the original's own rules, and how each was imported.
    pub dubious_rows: Vec<String>,
    /// The original's stored counters that disagreed with its rows.
    pub counter_mismatches: Vec<String>,
}

/// The records made from an export, and the report of how.
#[derive(Clone, Debug, PartialEq)]
pub struct LegacyImport {
    pub records: Vec<AnyRecord>,
    pub report: LegacyReport,
    /// The source database's fingerprint, part of every id ([`source_fingerprint`]).
    pub source: String,
}

/// Reads an SQL export: the statements D1 writes (`CREATE TABLE`, `INSERT INTO t [(cols)]
/// VALUES (…),(…)`, and the ones skipped: `PRAGMA`, `BEGIN`/`COMMIT`, `CREATE INDEX`,
/// `DELETE FROM sqlite_sequence`, …). Strings in single quotes with `''` escapes, `X'…'` blobs,
/// `NULL`, numbers, comments, and the `replace(…, char(10))` / `unistr(…)` forms newer SQLite
/// dumps write for line breaks. Computed values are capped (see `sql.rs`): a statement whose
/// `replace()` or `||` would grow past D1's row size, or far past its own size, is skipped with
/// why.
pub fn read_sql(text: &str) -> Result<SqlDump, LegacyError> {
    sql::read(text)
}

/// Maps an export of the original app to Baton's records.
///
/// Deterministic: the same text gives the same records, since every id is derived from the
/// source database's fingerprint, the table and the old integer id ([`legacy_id`]) and every date
/// comes from the rows. `now` is used
/// only for a record whose row has no readable date at all (and whose related rows have none).
/// See `map.rs` for every mapping choice.
pub fn import_legacy(text: &str, now: Timestamp) -> Result<LegacyImport, LegacyError> {
    let dump = read_sql(text)?;
    map::import(&dump, now)
}

/// Whether `text` looks like an SQL export of the original app, for telling file kinds apart:
/// it starts (after white space and comments) with an SQL keyword, and creates a table or
/// inserts rows somewhere.
pub fn looks_like_legacy_sql(text: &str) -> bool {
    sql::starts_like_sql(text)
        && (contains_ignoring_case(text, "create table") || contains_ignoring_case(text, "insert into"))
}

fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    text.as_bytes().windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle))
}
