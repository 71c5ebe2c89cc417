//! The storage contract. The app's IndexedDB adapter and [`crate::memory::MemoryStore`] implement
//! [`Store`]; everything else talks to storage only through it.
//!
//! A write is one transaction shaped as *read, decide, write*: the store runs the declared reads,
//! hands the results to a synchronous `decide` function, then issues the writes it returns and
//! waits for the commit. Because `decide` is not async, nothing but the store's own requests can be
//! awaited while the transaction is open — awaiting anything else would let IndexedDB commit the
//! transaction early, a known trap of every Rust IndexedDB wrapper.

use crate::ids::Id;
use crate::records::{AnyRecord, Record, StoreName};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

/// An IndexedDB key: numbers sort before strings, strings before arrays; arrays compare element
/// by element (a shorter prefix sorts first).
#[derive(Clone, Debug, PartialEq)]
pub enum Key {
    Num(f64),
    Str(String),
    Arr(Vec<Key>),
}

impl Key {
    pub fn str(text: impl Into<String>) -> Key {
        Key::Str(text.into())
    }

    pub fn id(id: Id) -> Key {
        Key::Str(id.to_string())
    }

    /// The key IndexedDB would take from a JSON value, if it is a valid key.
    pub fn from_json(value: &Value) -> Option<Key> {
        match value {
            Value::Number(number) => number.as_f64().filter(|n| !n.is_nan()).map(Key::Num),
            Value::String(text) => Some(Key::Str(text.clone())),
            Value::Array(items) => items.iter().map(Key::from_json).collect::<Option<Vec<_>>>().map(Key::Arr),
            _ => None,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Key::Num(_) => 0,
            Key::Str(_) => 1,
            Key::Arr(_) => 2,
        }
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Num(a), Key::Num(b)) => a.total_cmp(b),
            // IndexedDB compares strings by UTF-16 code units.
            (Key::Str(a), Key::Str(b)) => a.encode_utf16().cmp(b.encode_utf16()),
            (Key::Arr(a), Key::Arr(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl From<&str> for Key {
    fn from(text: &str) -> Key {
        Key::Str(text.to_string())
    }
}

impl From<Id> for Key {
    fn from(id: Id) -> Key {
        Key::id(id)
    }
}

impl From<i64> for Key {
    fn from(number: i64) -> Key {
        Key::Num(number as f64)
    }
}

/// A range of keys, bounds included unless marked open.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KeyRange {
    pub lower: Option<Key>,
    pub upper: Option<Key>,
    pub lower_open: bool,
    pub upper_open: bool,
}

impl KeyRange {
    pub fn all() -> KeyRange {
        KeyRange::default()
    }

    pub fn only(key: Key) -> KeyRange {
        KeyRange { lower: Some(key.clone()), upper: Some(key), ..KeyRange::default() }
    }

    /// Every compound key that starts with `parts`. (An empty array sorts after every other key,
    /// so `[..parts, []]` bounds the prefix from above.)
    pub fn prefix(parts: Vec<Key>) -> KeyRange {
        let mut upper = parts.clone();
        upper.push(Key::Arr(Vec::new()));
        KeyRange { lower: Some(Key::Arr(parts)), upper: Some(Key::Arr(upper)), ..KeyRange::default() }
    }

    /// Compound keys that start with `parts` and whose next part lies between `from` and `to`
    /// (either may be open-ended).
    pub fn prefix_between(parts: Vec<Key>, from: Option<Key>, to: Option<Key>) -> KeyRange {
        let mut lower = parts.clone();
        if let Some(from) = from {
            lower.push(from);
        }
        let mut upper = parts;
        upper.push(to.unwrap_or(Key::Arr(Vec::new())));
        KeyRange { lower: Some(Key::Arr(lower)), upper: Some(Key::Arr(upper)), ..KeyRange::default() }
    }

    pub fn contains(&self, key: &Key) -> bool {
        let above = match &self.lower {
            None => true,
            Some(lower) if self.lower_open => key > lower,
            Some(lower) => key >= lower,
        };
        let below = match &self.upper {
            None => true,
            Some(upper) if self.upper_open => key < upper,
            Some(upper) => key <= upper,
        };
        above && below
    }
}

/// A page of records from a store, through an index (or the primary key when `index` is None).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub store: StoreName,
    pub index: Option<&'static str>,
    pub range: KeyRange,
    /// Newest / highest first.
    pub reverse: bool,
    pub offset: u32,
    pub limit: Option<u32>,
}

impl Query {
    pub fn all(store: StoreName) -> Query {
        Query { store, index: None, range: KeyRange::all(), reverse: false, offset: 0, limit: None }
    }

    pub fn index(store: StoreName, index: &'static str, range: KeyRange) -> Query {
        Query { store, index: Some(index), range, reverse: false, offset: 0, limit: None }
    }

    pub fn reverse(mut self) -> Query {
        self.reverse = true;
        self
    }

    pub fn page(mut self, offset: u32, limit: u32) -> Query {
        self.offset = offset;
        self.limit = Some(limit);
        self
    }

    pub fn first(self) -> Query {
        self.page(0, 1)
    }
}

/// What a transaction reads before it decides.
#[derive(Clone, Debug, PartialEq)]
pub enum Read {
    Get {
        store: StoreName,
        id: Id,
    },
    Query(Query),
    Count(Query),
    /// Only the named fields of each record of a query (a projection): for aggregates over many
    /// records, which then skip decoding every record's text. The fields are record fields (the
    /// stored form's derived `_` fields are not part of a record).
    Fields {
        query: Query,
        fields: &'static [&'static str],
    },
    /// The records of a query that can be read back; those that cannot are skipped and reported
    /// instead of failing the read. The recovery path (export, restore, import, delete all) reads
    /// this way, so one bad record never locks the user out of their data.
    Salvage(Query),
}

impl Read {
    pub fn get<R: Record>(id: Id) -> Read {
        Read::Get { store: R::STORE, id }
    }

    pub fn store(&self) -> StoreName {
        match self {
            Read::Get { store, .. } => *store,
            Read::Query(query) | Read::Count(query) | Read::Fields { query, .. } | Read::Salvage(query) => query.store,
        }
    }
}

/// The result of one [`Read`].
// Results are short-lived and moved once; boxing records would cost an allocation per record.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Fetched {
    Record(Option<AnyRecord>),
    Records(Vec<AnyRecord>),
    Count(u64),
    /// The objects of a [`Read::Fields`]: each with the asked fields the record has.
    Values(Vec<Value>),
    /// The result of a [`Read::Salvage`]: the records read, and those skipped.
    Salvaged {
        records: Vec<AnyRecord>,
        skipped: Vec<Unreadable>,
    },
}

/// A stored record that could not be read back (skipped by a [`Read::Salvage`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    pub store: StoreName,
    /// Its primary key as stored (it may not even be a valid id).
    pub key: Key,
    pub reason: String,
}

impl Unreadable {
    /// How long a reason may be: a decoder's message can quote the stored value.
    const REASON_CHARS: usize = 160;

    pub fn new(store: StoreName, key: Key, reason: impl Into<String>) -> Unreadable {
        let reason: String = reason.into();
        let reason = match reason.char_indices().nth(Self::REASON_CHARS) {
            Some((cut, _)) => format!("{}…", &reason[..cut]),
            None => reason,
        };
        Unreadable { store, key, reason }
    }

    /// The write that removes it (for actions that replace or clear its store).
    pub fn delete(&self) -> Write {
        Write::DeleteKey { store: self.store, key: self.key.clone() }
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} record {}: {}", self.store, self.key, self.reason)
    }
}

/// "2 records could not be read and were left out (projects record “…”: …; …)": for the messages
/// of the actions that read everything. None when nothing was skipped.
pub fn unreadable_summary(skipped: &[Unreadable], what_happened: &str) -> Option<String> {
    const LISTED: usize = 5;
    if skipped.is_empty() {
        return None;
    }
    let count = skipped.len();
    let mut listed: Vec<String> = skipped.iter().take(LISTED).map(ToString::to_string).collect();
    if count > LISTED {
        listed.push(format!("and {} more", count - LISTED));
    }
    let noun = if count == 1 { "record" } else { "records" };
    Some(format!("{count} stored {noun} could not be read and {what_happened}: {}.", listed.join("; ")))
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Num(number) => write!(f, "{number}"),
            Key::Str(text) => {
                let short: String = text.chars().take(60).collect();
                let more = if short.len() < text.len() { "…" } else { "" };
                write!(f, "“{short}{more}”")
            }
            Key::Arr(parts) => {
                f.write_str("[")?;
                for (position, part) in parts.iter().enumerate() {
                    if position > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{part}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// The results of a transaction's reads, in the order they were declared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fetches(pub Vec<Fetched>);

impl Fetches {
    pub fn record<R: Record>(&self, position: usize) -> Option<R> {
        match self.0.get(position) {
            Some(Fetched::Record(Some(any))) => R::from_any_ref(any).cloned(),
            Some(Fetched::Records(list)) | Some(Fetched::Salvaged { records: list, .. }) => {
                list.first().and_then(|any| R::from_any_ref(any).cloned())
            }
            _ => None,
        }
    }

    pub fn records<R: Record>(&self, position: usize) -> Vec<R> {
        match self.0.get(position) {
            Some(Fetched::Records(list)) | Some(Fetched::Salvaged { records: list, .. }) => {
                list.iter().filter_map(|any| R::from_any_ref(any).cloned()).collect()
            }
            Some(Fetched::Record(Some(any))) => R::from_any_ref(any).cloned().into_iter().collect(),
            _ => Vec::new(),
        }
    }

    pub fn count(&self, position: usize) -> u64 {
        match self.0.get(position) {
            Some(Fetched::Count(count)) => *count,
            Some(Fetched::Records(list)) | Some(Fetched::Salvaged { records: list, .. }) => list.len() as u64,
            Some(Fetched::Values(list)) => list.len() as u64,
            _ => 0,
        }
    }

    /// Every record the salvaging reads skipped, in read order.
    pub fn unreadable(&self) -> Vec<Unreadable> {
        self.0
            .iter()
            .flat_map(|fetched| match fetched {
                Fetched::Salvaged { skipped, .. } => skipped.clone(),
                _ => Vec::new(),
            })
            .collect()
    }

    /// The projected records of a [`Read::Fields`], each decoded as `T` (a struct of the asked
    /// fields); a record that does not decode is reported as corrupt.
    pub fn values<T: serde::de::DeserializeOwned>(&self, position: usize) -> Result<Vec<T>, StoreError> {
        match self.0.get(position) {
            Some(Fetched::Values(list)) => list
                .iter()
                .map(|value| {
                    T::deserialize(value).map_err(|error| StoreError::Corrupt(format!("a projected record: {error}")))
                })
                .collect(),
            _ => Ok(Vec::new()),
        }
    }
}

/// A write of a transaction.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    Put(AnyRecord),
    Delete {
        store: StoreName,
        id: Id,
    },
    /// Deletes by the raw stored key: an unreadable record, whose key may not be a valid id.
    DeleteKey {
        store: StoreName,
        key: Key,
    },
    Clear(StoreName),
}

impl Write {
    pub fn put<R: Record>(record: R) -> Write {
        Write::Put(record.into_any())
    }

    pub fn store(&self) -> StoreName {
        match self {
            Write::Put(record) => record.store(),
            Write::Delete { store, .. } | Write::DeleteKey { store, .. } | Write::Clear(store) => *store,
        }
    }
}

/// How hard the browser must try before reporting a commit: `Strict` waits for the data to reach
/// the disk (bulk and destructive writes), `Relaxed` is the browser's fast default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    Relaxed,
    Strict,
}

/// What a committed transaction changed: announced to this tab's views and to other tabs.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChangeSet {
    pub stores: BTreeSet<StoreName>,
    pub ids: BTreeSet<Id>,
}

impl ChangeSet {
    pub fn from_writes(writes: &[Write]) -> ChangeSet {
        let mut change = ChangeSet::default();
        for write in writes {
            change.stores.insert(write.store());
            match write {
                Write::Put(record) => {
                    change.ids.insert(record.id());
                }
                Write::Delete { id, .. } => {
                    change.ids.insert(*id);
                }
                Write::DeleteKey { .. } | Write::Clear(_) => {}
            }
        }
        change
    }

    pub fn touches(&self, store: StoreName) -> bool {
        self.stores.contains(&store)
    }

    pub fn is_empty(&self) -> bool {
        self.stores.is_empty()
    }
}

/// Why storage failed, in terms a user can act on (the interface words each case). The strings
/// are technical details (the browser's words, a store name), shown inside a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused to store more (quota).
    QuotaExceeded,
    /// Opening or upgrading is blocked by another tab holding an older version open.
    Blocked,
    /// Another tab upgraded the database; this tab's connection was closed.
    VersionChange,
    /// The transaction was aborted; nothing was written.
    Aborted(String),
    /// A record that should exist does not.
    NotFound(String),
    /// A uniqueness or key constraint was violated; nothing was written.
    Constraint(String),
    /// IndexedDB cannot be used at all in this browser or window.
    Unavailable(String),
    /// A stored record could not be read back.
    Corrupt(String),
    Other(String),
}

/// Told `(written, total)` as a long list of writes goes in (an import's progress).
pub type Progress<'a> = &'a dyn Fn(usize, usize);

/// A store of records. Implementations: the IndexedDB adapter (in the app) and
/// [`crate::memory::MemoryStore`] (tests). Every method is one transaction.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Runs reads in one read-only transaction.
    async fn read(&self, reads: Vec<Read>) -> Result<Fetches, StoreError>;

    /// Runs `reads`, then `decide` on their results, then the writes `decide` returns, all in one
    /// read-write transaction. IndexedDB fixes a transaction's stores when it opens, so the stores
    /// written to are declared in `writes_to`; a write outside them fails the transaction. When
    /// `decide` fails, nothing is written.
    async fn transact<T, E: From<StoreError>>(
        &self,
        reads: Vec<Read>,
        writes_to: &[StoreName],
        durability: Durability,
        decide: impl FnOnce(Fetches) -> Result<(Vec<Write>, T), E>,
    ) -> Result<(T, ChangeSet), E>;

    /// As [`Store::transact`], telling `progress` how far a long list of writes has gone
    /// (`written`, `total`), so a screen can show it. An adapter that writes in one go tells it
    /// nothing.
    async fn transact_reporting<T, E: From<StoreError>>(
        &self,
        reads: Vec<Read>,
        writes_to: &[StoreName],
        durability: Durability,
        progress: Progress<'_>,
        decide: impl FnOnce(Fetches) -> Result<(Vec<Write>, T), E>,
    ) -> Result<(T, ChangeSet), E> {
        let _ = progress;
        self.transact(reads, writes_to, durability, decide).await
    }

    /// One record by id.
    async fn get<R: Record>(&self, id: Id) -> Result<Option<R>, StoreError> {
        Ok(self.read(vec![Read::get::<R>(id)]).await?.record::<R>(0))
    }

    /// A page of records.
    async fn query<R: Record>(&self, query: Query) -> Result<Vec<R>, StoreError> {
        Ok(self.read(vec![Read::Query(query)]).await?.records::<R>(0))
    }

    /// How many index entries lie in the query's range (offset and limit ignored).
    async fn count(&self, query: Query) -> Result<u64, StoreError> {
        Ok(self.read(vec![Read::Count(query)]).await?.count(0))
    }
}

/// The stores a transaction opens: those it reads and those it declares it writes.
pub fn scope(reads: &[Read], writes_to: &[StoreName]) -> BTreeSet<StoreName> {
    reads.iter().map(Read::store).chain(writes_to.iter().copied()).collect()
}

/// Checks that every write stays inside the declared scope.
pub fn check_scope(writes: &[Write], scope: &BTreeSet<StoreName>) -> Result<(), StoreError> {
    match writes.iter().find(|write| !scope.contains(&write.store())) {
        Some(write) => {
            Err(StoreError::Other(format!("a write to {} was not declared when the transaction opened", write.store())))
        }
        None => Ok(()),
    }
}
