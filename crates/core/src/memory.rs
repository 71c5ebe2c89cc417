//! An in-memory [`Store`] with the same semantics as the IndexedDB adapter: records kept in their
//! stored form, indexes emulated from the schema (compound keys, multi-entry, IndexedDB key order),
//! and all-or-nothing transactions. Native tests run the domain services over it.

use crate::records::{AnyRecord, StoreName};
use crate::schema::{self, IndexDef};
use crate::store::{
    check_scope, scope, ChangeSet, Durability, Fetched, Fetches, Key, Query, Read, Store, StoreError, Unreadable, Write,
};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

type Table = BTreeMap<String, Value>;

#[derive(Default)]
pub struct MemoryStore {
    tables: RefCell<BTreeMap<StoreName, Table>>,
    /// Makes the next write transaction fail as if the browser refused it (tests of "nothing
    /// half-written").
    fail_next_write: RefCell<Option<StoreError>>,
    commits: Cell<u64>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The next `transact` fails with `error` after `decide` ran, writing nothing.
    pub fn fail_next_write(&self, error: StoreError) {
        *self.fail_next_write.borrow_mut() = Some(error);
    }

    /// How many write transactions have committed.
    pub fn commits(&self) -> u64 {
        self.commits.get()
    }

    /// Stores a raw value as it is, bypassing the records' types: simulates a record that was
    /// stored once and no longer reads back (a float `rev`, a year outside 0000–9999, a missing
    /// field). Its key is its `id` field, which must be a string.
    pub fn put_raw(&self, store: StoreName, value: Value) {
        let key = value.get("id").and_then(Value::as_str).expect("a raw record needs a string id").to_string();
        self.tables.borrow_mut().entry(store).or_default().insert(key, value);
    }

    /// The keys a store holds, readable or not (for tests).
    pub fn keys(&self, store: StoreName) -> Vec<String> {
        self.tables.borrow().get(&store).map(|table| table.keys().cloned().collect()).unwrap_or_default()
    }

    /// Every record of a store, in key order (for tests).
    pub fn dump(&self, store: StoreName) -> Vec<AnyRecord> {
        self.tables
            .borrow()
            .get(&store)
            .map(|table| table.values().map(|value| decode(store, value).expect("stored records decode")).collect())
            .unwrap_or_default()
    }

    fn run_read(&self, tables: &BTreeMap<StoreName, Table>, read: &Read) -> Result<Fetched, StoreError> {
        let empty = Table::new();
        Ok(match read {
            Read::Get { store, id } => {
                let table = tables.get(store).unwrap_or(&empty);
                Fetched::Record(table.get(&id.to_string()).map(|value| decode(*store, value)).transpose()?)
            }
            Read::Query(query) => {
                let table = tables.get(&query.store).unwrap_or(&empty);
                let entries = select(table, query)?;
                let skip = query.offset as usize;
                let take = query.limit.map(|limit| limit as usize).unwrap_or(usize::MAX);
                let records = entries
                    .into_iter()
                    .skip(skip)
                    .take(take)
                    .map(|(_, _, value)| decode(query.store, value))
                    .collect::<Result<Vec<_>, _>>()?;
                Fetched::Records(records)
            }
            Read::Count(query) => {
                let table = tables.get(&query.store).unwrap_or(&empty);
                Fetched::Count(select(table, query)?.len() as u64)
            }
            Read::Fields { query, fields } => {
                let table = tables.get(&query.store).unwrap_or(&empty);
                let skip = query.offset as usize;
                let take = query.limit.map(|limit| limit as usize).unwrap_or(usize::MAX);
                let values = select(table, query)?
                    .into_iter()
                    .skip(skip)
                    .take(take)
                    .map(|(_, _, value)| {
                        let picked = fields
                            .iter()
                            .filter_map(|field| value.get(*field).map(|found| (field.to_string(), found.clone())))
                            .collect::<serde_json::Map<_, _>>();
                        Value::Object(picked)
                    })
                    .collect();
                Fetched::Values(values)
            }
            Read::Salvage(query) => {
                let table = tables.get(&query.store).unwrap_or(&empty);
                let skip = query.offset as usize;
                let take = query.limit.map(|limit| limit as usize).unwrap_or(usize::MAX);
                let mut records = Vec::new();
                let mut skipped = Vec::new();
                for (_, id, value) in select(table, query)?.into_iter().skip(skip).take(take) {
                    match decode(query.store, value) {
                        Ok(record) => records.push(record),
                        Err(error) => skipped.push(Unreadable::new(query.store, Key::Str(id.clone()), reason(&error))),
                    }
                }
                Fetched::Salvaged { records, skipped }
            }
        })
    }
}

fn decode(store: StoreName, value: &Value) -> Result<AnyRecord, StoreError> {
    AnyRecord::from_json(store, schema::record_form(value.clone()))
        .map_err(|error| StoreError::Corrupt(format!("{store}: {error}")))
}

/// Why a record did not decode, without the store name and advice of the error's display.
fn reason(error: &StoreError) -> String {
    match error {
        StoreError::Corrupt(detail) => detail.split_once(": ").map(|(_, why)| why).unwrap_or(detail).to_string(),
        other => format!("{other:?}"),
    }
}

/// The index keys of a stored record (none when a key-path field is missing or not a valid key,
/// as in IndexedDB).
pub fn index_keys(index: &IndexDef, value: &Value) -> Vec<Key> {
    let field = |name: &str| value.get(name).and_then(Key::from_json);
    if index.multi_entry {
        return match value.get(index.key_path[0]) {
            Some(Value::Array(items)) => {
                let mut keys: Vec<Key> = items.iter().filter_map(Key::from_json).collect();
                keys.sort();
                keys.dedup();
                keys
            }
            Some(other) => Key::from_json(other).into_iter().collect(),
            None => Vec::new(),
        };
    }
    if index.key_path.len() == 1 {
        return field(index.key_path[0]).into_iter().collect();
    }
    index.key_path.iter().map(|name| field(name)).collect::<Option<Vec<_>>>().map(Key::Arr).into_iter().collect()
}

/// The entries a query's range selects, in index order (then primary key), reversed if asked.
fn select<'t>(table: &'t Table, query: &Query) -> Result<Vec<(Key, &'t String, &'t Value)>, StoreError> {
    let mut entries: Vec<(Key, &String, &Value)> = match query.index {
        None => table.iter().map(|(id, value)| (Key::Str(id.clone()), id, value)).collect(),
        Some(name) => {
            let index = schema::index_def(query.store, name)
                .ok_or_else(|| StoreError::Other(format!("no index {name} on {}", query.store)))?;
            table
                .iter()
                .flat_map(|(id, value)| index_keys(index, value).into_iter().map(move |key| (key, id, value)))
                .collect()
        }
    };
    entries.retain(|(key, _, _)| query.range.contains(key));
    entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    if query.reverse {
        entries.reverse();
    }
    Ok(entries)
}

impl Store for MemoryStore {
    async fn read(&self, reads: Vec<Read>) -> Result<Fetches, StoreError> {
        let tables = self.tables.borrow();
        reads.iter().map(|read| self.run_read(&tables, read)).collect::<Result<Vec<_>, _>>().map(Fetches)
    }

    async fn transact<T, E: From<StoreError>>(
        &self,
        reads: Vec<Read>,
        writes_to: &[StoreName],
        _durability: Durability,
        decide: impl FnOnce(Fetches) -> Result<(Vec<Write>, T), E>,
    ) -> Result<(T, ChangeSet), E> {
        let scope = scope(&reads, writes_to);
        let fetches = self.read(reads).await?;
        let (writes, value) = decide(fetches)?;
        check_scope(&writes, &scope)?;
        if let Some(error) = self.fail_next_write.borrow_mut().take() {
            return Err(error.into());
        }
        // Apply to a copy and swap it in, so a failure half-way leaves nothing behind.
        let mut tables = self.tables.borrow().clone();
        for write in &writes {
            match write {
                Write::Put(record) => {
                    tables
                        .entry(record.store())
                        .or_default()
                        .insert(record.id().to_string(), schema::stored_form(record));
                }
                Write::Delete { store, id } => {
                    tables.entry(*store).or_default().remove(&id.to_string());
                }
                Write::DeleteKey { store, key } => {
                    // Keys here are the ids' text; another kind of key cannot be in the table.
                    if let Key::Str(key) = key {
                        tables.entry(*store).or_default().remove(key);
                    }
                }
                Write::Clear(store) => {
                    tables.remove(store);
                }
            }
        }
        *self.tables.borrow_mut() = tables;
        self.commits.set(self.commits.get() + 1);
        Ok((value, ChangeSet::from_writes(&writes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Id;
    use crate::records::{LivingState, Project, ProjectStatus};
    use crate::schema::ix;
    use crate::store::KeyRange;
    use crate::time::Timestamp;
    use futures::executor::block_on;

    fn project(n: u64, name: &str, updated: &str) -> Project {
        let at = Timestamp::parse(updated).unwrap();
        Project {
            id: Id::v7(n, [n as u8; 10]),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: 1,
            name: name.into(),
            description: String::new(),
            status: ProjectStatus::Active,
            tags: vec![],
            repository_url: None,
            notes: String::new(),
            state: LivingState::default(),
        }
    }

    fn put_all(store: &MemoryStore, projects: Vec<Project>) {
        block_on(store.transact(vec![], &[StoreName::Projects], Durability::Relaxed, |_| {
            Ok::<_, StoreError>((projects.into_iter().map(Write::put).collect(), ()))
        }))
        .unwrap();
    }

    #[test]
    fn key_order_matches_indexeddb() {
        assert!(Key::Num(5.0) < Key::str("0"));
        assert!(Key::str("z") < Key::Arr(vec![]));
        assert!(Key::Arr(vec![Key::Num(1.0)]) < Key::Arr(vec![Key::Num(1.0), Key::Num(0.0)]));
        assert!(Key::Arr(vec![Key::Num(1.0), Key::str("b")]) < Key::Arr(vec![Key::Num(1.0), Key::Arr(vec![])]));
    }

    #[test]
    fn paged_reads_through_an_index_skip_the_trash() {
        let store = MemoryStore::new();
        let mut projects: Vec<Project> =
            (1..=25).map(|n| project(n, &format!("P{n:02}"), &format!("2026-01-{n:02}T00:00:00Z"))).collect();
        projects[3].deleted_at = Some(Timestamp::parse("2026-02-01T00:00:00Z").unwrap());
        put_all(&store, projects);

        let live = KeyRange::prefix(vec![Key::Num(1.0)]);
        let query = Query::index(StoreName::Projects, ix::LIVE_UPDATED, live).reverse();
        assert_eq!(block_on(store.count(query.clone())).unwrap(), 24);
        let page: Vec<Project> = block_on(store.query(query.clone().page(0, 10))).unwrap();
        assert_eq!(page.len(), 10);
        assert_eq!(page[0].name, "P25");
        let last: Vec<Project> = block_on(store.query(query.page(20, 10))).unwrap();
        // 24 live projects: the third page holds the last four, without the trashed P04.
        assert_eq!(last.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["P05", "P03", "P02", "P01"]);
        let trash = Query::index(StoreName::Projects, ix::TRASH, KeyRange::all());
        assert_eq!(block_on(store.count(trash)).unwrap(), 1);
    }

    #[test]
    fn a_failed_transaction_writes_nothing() {
        let store = MemoryStore::new();
        put_all(&store, vec![project(1, "Kept", "2026-01-01T00:00:00Z")]);
        store.fail_next_write(StoreError::QuotaExceeded);
        let result = block_on(store.transact(vec![], &[StoreName::Projects], Durability::Strict, |_| {
            Ok::<_, StoreError>((vec![Write::put(project(2, "Lost", "2026-01-02T00:00:00Z"))], ()))
        }));
        assert_eq!(result.unwrap_err(), StoreError::QuotaExceeded);
        assert_eq!(store.dump(StoreName::Projects).len(), 1);
    }

    #[test]
    fn writes_outside_the_declared_scope_are_refused() {
        let store = MemoryStore::new();
        let result = block_on(store.transact(vec![], &[StoreName::Accounts], Durability::Relaxed, |_| {
            Ok::<_, StoreError>((vec![Write::put(project(1, "X", "2026-01-01T00:00:00Z"))], ()))
        }));
        assert!(result.is_err());
        assert!(store.dump(StoreName::Projects).is_empty());
    }
}
