//! [`Store`] over IndexedDB, through the `idb` crate.
//!
//! Records travel as JSON text and `JSON.parse`/`JSON.stringify` (fast native code) between Rust
//! and the browser, in their stored form (see `baton_core::schema::stored_form`). Transactions
//! follow the core's *read, decide, write* contract: reads are awaited (IndexedDB requests only),
//! `decide` is synchronous, writes are issued without waiting on each and the commit is awaited.
//!
//! The parts: this file (the connection, the error mapping, reads and transactions), `open`
//! (opening and deleting the database), `migrate` (the schema steps run in an upgrade),
//! `codec` (records, keys and ranges to and from JS values) and `bulk` (chunked writes with
//! progress).

use crate::i18n::td_string;
use baton_core::records::{AnyRecord, BackupDocument, Record, StoreName};
use baton_core::schema::{self, Migration, Step};
use baton_core::store::{
    check_scope, scope, ChangeSet, Durability, Fetched, Fetches, Key, KeyRange, Progress, Query, Read, Store,
    StoreError, Unreadable, Write,
};
use idb::{
    CursorDirection, Database, DatabaseEvent, Factory, IndexParams, KeyPath, ObjectStoreParams, TransactionMode,
};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

mod bulk;
mod codec;
mod migrate;
mod open;

use codec::*;
use migrate::*;
pub use open::{delete_database, open, open_with, OpenOptions};

#[derive(Clone)]
pub struct IdbStore {
    db: web_sys::IdbDatabase,
    closed: Rc<RefCell<bool>>,
}

/// A readable error text from the `idb` crate's error (DOMException name and message when there
/// is one).
fn describe(error: &idb::Error) -> String {
    match error {
        idb::Error::DomException(exception) => format!("{}: {}", exception.name(), exception.message()),
        other => {
            let text = format!("{other:?}");
            text.chars().take(300).collect()
        }
    }
}

fn map_open_error(error: &idb::Error) -> StoreError {
    let text = describe(error);
    if text.contains("VersionError") {
        StoreError::Other(crate::i18n::td_string!(crate::platform::locale(), components.newer_data).to_string())
    } else if text.contains("QuotaExceeded") {
        StoreError::QuotaExceeded
    } else {
        StoreError::Unavailable(text)
    }
}

/// Maps a DOMException (by name) to what the user can do about it.
pub fn map_exception(name: &str, message: &str) -> StoreError {
    match name {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        "ConstraintError" => StoreError::Constraint(message.to_string()),
        "VersionError" => StoreError::VersionChange,
        "InvalidStateError" | "TransactionInactiveError" => StoreError::VersionChange,
        "AbortError" => StoreError::Aborted(message.to_string()),
        // A store or index missing from the database: the schema is not what this build expects.
        "NotFoundError" => StoreError::Other(
            td_string!(crate::platform::locale(), components.storage.missing_part, detail = message).to_string(),
        ),
        _ => StoreError::Other(format!("{name}: {message}")),
    }
}

fn map_request_error(error: idb::Error, closed: bool) -> StoreError {
    if closed {
        return StoreError::VersionChange;
    }
    match &error {
        idb::Error::DomException(exception) => map_exception(&exception.name(), &exception.message()),
        idb::Error::TransactionOpenFailed(value) => match value.dyn_ref::<web_sys::DomException>() {
            Some(exception) => map_exception(&exception.name(), &exception.message()),
            None => StoreError::Other(describe(&error)),
        },
        _ => StoreError::Other(describe(&error)),
    }
}

impl IdbStore {
    /// Closes this connection (on `versionchange` from another tab); later calls fail with
    /// [`StoreError::VersionChange`].
    pub fn close(&self) {
        *self.closed.borrow_mut() = true;
        self.db.close();
    }

    pub fn is_closed(&self) -> bool {
        *self.closed.borrow()
    }

    /// Runs `callback` when another tab asks to upgrade or delete the database.
    pub fn on_version_change(&self, callback: impl FnOnce() + 'static) {
        let mut db = Database::from(self.db.clone());
        db.on_version_change(move |_| callback());
        // The callback must live as long as the connection; the idb handle owns it.
        std::mem::forget(db);
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    fn transaction(
        &self,
        stores: &[StoreName],
        mode: TransactionMode,
        durability: Durability,
    ) -> Result<idb::Transaction, StoreError> {
        if self.is_closed() {
            return Err(StoreError::VersionChange);
        }
        let names: js_sys::Array = stores.iter().map(|store| JsValue::from_str(store.as_str())).collect();
        let mode = match mode {
            TransactionMode::ReadWrite => "readwrite",
            _ => "readonly",
        };
        // `durability` is a standard option that web-sys only exposes behind an unstable cfg, so
        // the call goes through `Function.call` with a plain options object.
        let options = js_sys::Object::new();
        let durability = match durability {
            Durability::Strict => "strict",
            Durability::Relaxed => "relaxed",
        };
        let _ = js_sys::Reflect::set(&options, &"durability".into(), &durability.into());
        let open = js_sys::Reflect::get(&self.db, &"transaction".into())
            .ok()
            .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| {
                StoreError::Unavailable(
                    td_string!(crate::platform::locale(), components.storage.no_transaction).to_string(),
                )
            })?;
        open.call3(&self.db, &names, &mode.into(), &options)
            .and_then(|transaction| transaction.dyn_into::<web_sys::IdbTransaction>())
            .map(idb::Transaction::from)
            .map_err(|error| match error.dyn_ref::<web_sys::DomException>() {
                Some(exception) => map_exception(&exception.name(), &exception.message()),
                None => StoreError::Other(format!("{error:?}")),
            })
    }

    async fn run_read(&self, transaction: &idb::Transaction, read: &Read) -> Result<Fetched, StoreError> {
        let closed = self.is_closed();
        let fail = |error: idb::Error| map_request_error(error, closed);
        match read {
            Read::Get { store, id } => {
                let object_store = transaction.object_store(store.as_str()).map_err(fail)?;
                let value = object_store.get(JsValue::from_str(&id.to_string())).map_err(fail)?.await.map_err(fail)?;
                Ok(Fetched::Record(value.map(|value| record_from_js(*store, &value)).transpose()?))
            }
            Read::Count(query) => {
                let object_store = transaction.object_store(query.store.as_str()).map_err(fail)?;
                let range = range_to_query(&query.range)?;
                let count = match query.index {
                    Some(index) => object_store.index(index).map_err(fail)?.count(range).map_err(fail)?.await,
                    None => object_store.count(range).map_err(fail)?.await,
                }
                .map_err(fail)?;
                Ok(Fetched::Count(count as u64))
            }
            Read::Fields { query, fields } => {
                // The values are read as for a query; only the asked fields cross into Rust
                // (`JSON.stringify` with a list of keys keeps just those).
                let keep: js_sys::Array = fields.iter().map(|field| JsValue::from_str(field)).collect();
                let values = self.query_values(transaction, query).await?;
                let corrupt = || {
                    StoreError::Corrupt(
                        td_string!(crate::platform::locale(), components.storage.corrupt, store = query.store)
                            .to_string(),
                    )
                };
                let projected = values
                    .iter()
                    .map(|value| {
                        let text: String =
                            js_sys::JSON::stringify_with_replacer(value, &keep).map_err(|_| corrupt())?.into();
                        serde_json::from_str(&text).map_err(|_| corrupt())
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Fetched::Values(projected))
            }
            Read::Query(query) => {
                let values = self.query_values(transaction, query).await?;
                let records =
                    values.iter().map(|value| record_from_js(query.store, value)).collect::<Result<Vec<_>, _>>()?;
                Ok(Fetched::Records(records))
            }
            Read::Salvage(query) => {
                let values = self.query_values(transaction, query).await?;
                let mut records = Vec::with_capacity(values.len());
                let mut skipped = Vec::new();
                for value in &values {
                    match record_from_js(query.store, value) {
                        Ok(record) => records.push(record),
                        Err(error) => {
                            skipped.push(Unreadable::new(query.store, key_of_value(value), unreadable_reason(&error)))
                        }
                    }
                }
                Ok(Fetched::Salvaged { records, skipped })
            }
        }
    }

    /// The stored values a query selects, in its order: forward pages from the start with one
    /// `getAll`, others with a cursor advanced past the offset (the browser skips entries without
    /// handing them to us).
    async fn query_values(&self, transaction: &idb::Transaction, query: &Query) -> Result<Vec<JsValue>, StoreError> {
        let closed = self.is_closed();
        let fail = |error: idb::Error| map_request_error(error, closed);
        // `getAll(range, 0)` would return every record: a count of 0 means "no limit" there.
        if query.limit == Some(0) {
            return Ok(Vec::new());
        }
        let object_store = transaction.object_store(query.store.as_str()).map_err(fail)?;
        let range = range_to_query(&query.range)?;
        // Forward pages from the start: one getAll. Otherwise a cursor, advanced past the
        // offset (the browser skips entries without handing them to us).
        if !query.reverse && query.offset == 0 {
            let values = match query.index {
                Some(index) => {
                    object_store.index(index).map_err(fail)?.get_all(range, query.limit).map_err(fail)?.await
                }
                None => object_store.get_all(range, query.limit).map_err(fail)?.await,
            }
            .map_err(fail)?;
            return Ok(values);
        }
        let direction = Some(if query.reverse { CursorDirection::Prev } else { CursorDirection::Next });
        let request = match query.index {
            Some(index) => object_store.index(index).map_err(fail)?.open_cursor(range, direction),
            None => object_store.open_cursor(range, direction),
        }
        .map_err(fail)?;
        let mut records = Vec::new();
        let Some(cursor) = request.await.map_err(fail)? else {
            return Ok(records);
        };
        let mut cursor = cursor.into_managed();
        if query.offset > 0 {
            cursor.advance(query.offset).await.map_err(fail)?;
        }
        let limit = query.limit.map(|limit| limit as usize).unwrap_or(usize::MAX);
        while records.len() < limit {
            let Some(value) = cursor.value().map_err(fail)? else { break };
            records.push(value);
            cursor.next(None).await.map_err(fail)?;
        }
        Ok(records)
    }

    /// Waits for the commit; an abort is mapped from the transaction's error.
    ///
    /// A failed request first fires `error` (at the request, bubbling to the transaction) and only
    /// then aborts the transaction, setting its `error`. So this waits for `complete` or `abort`
    /// (never `error`: its target is the request, and the transaction's error is not set yet).
    /// Both handlers are the promise's own `resolve`: no Rust closure is left behind.
    async fn finish(&self, transaction: idb::Transaction) -> Result<(), StoreError> {
        let raw = web_sys::IdbTransaction::from(transaction);
        let outcome = js_sys::Promise::new(&mut |resolve, _reject| {
            raw.set_oncomplete(Some(&resolve));
            raw.set_onabort(Some(&resolve));
        });
        let event = wasm_bindgen_futures::JsFuture::from(outcome).await;
        raw.set_oncomplete(None);
        raw.set_onabort(None);
        let committed = event
            .ok()
            .and_then(|event| event.dyn_into::<web_sys::Event>().ok())
            .is_some_and(|event| event.type_() == "complete");
        if committed {
            return Ok(());
        }
        if self.is_closed() {
            return Err(StoreError::VersionChange);
        }
        Err(raw.error().map(|exception| map_exception(&exception.name(), &exception.message())).unwrap_or_else(|| {
            StoreError::Aborted(td_string!(crate::platform::locale(), components.storage.aborted).to_string())
        }))
    }
}

impl Store for IdbStore {
    async fn read(&self, reads: Vec<Read>) -> Result<Fetches, StoreError> {
        let stores: Vec<StoreName> = scope(&reads, &[]).into_iter().collect();
        if stores.is_empty() {
            return Ok(Fetches::default());
        }
        let transaction = self.transaction(&stores, TransactionMode::ReadOnly, Durability::Relaxed)?;
        // Every read's first request is issued at once (the first poll of each future), so the
        // browser works on them together rather than one round trip after another.
        // All of them run to the end even when one fails (a record that cannot be read): a read
        // dropped half-way leaves its request's listener behind, and that throws when the
        // request completes ("closure invoked after being dropped").
        let fetched = futures::future::join_all(reads.iter().map(|read| self.run_read(&transaction, read))).await;
        Ok(Fetches(fetched.into_iter().collect::<Result<Vec<_>, _>>()?))
    }

    async fn transact<T, E: From<StoreError>>(
        &self,
        reads: Vec<Read>,
        writes_to: &[StoreName],
        durability: Durability,
        decide: impl FnOnce(Fetches) -> Result<(Vec<Write>, T), E>,
    ) -> Result<(T, ChangeSet), E> {
        self.transact_reporting(reads, writes_to, durability, &|_, _| {}, decide).await
    }

    async fn transact_reporting<T, E: From<StoreError>>(
        &self,
        reads: Vec<Read>,
        writes_to: &[StoreName],
        durability: Durability,
        progress: Progress<'_>,
        decide: impl FnOnce(Fetches) -> Result<(Vec<Write>, T), E>,
    ) -> Result<(T, ChangeSet), E> {
        let scope = scope(&reads, writes_to);
        let stores: Vec<StoreName> = scope.iter().copied().collect();
        let transaction = self.transaction(&stores, TransactionMode::ReadWrite, durability)?;
        let mut fetched = Vec::with_capacity(reads.len());
        for read in &reads {
            match self.run_read(&transaction, read).await {
                Ok(result) => fetched.push(result),
                Err(error) => {
                    let _ = transaction.abort();
                    return Err(error.into());
                }
            }
        }
        let (writes, value) = match decide(Fetches(fetched)).and_then(|decided| {
            check_scope(&decided.0, &scope)?;
            Ok(decided)
        }) {
            Ok(decided) => decided,
            Err(error) => {
                let _ = transaction.abort();
                return Err(error);
            }
        };
        if let Err(error) = self.issue_writes(&transaction, &writes, progress).await {
            let _ = transaction.abort();
            return Err(error.into());
        }
        let transaction = transaction.commit().map_err(|error| StoreError::Other(describe(&error)))?;
        self.finish(transaction).await?;
        Ok((value, ChangeSet::from_writes(&writes)))
    }
}
