//! [`Store`] over IndexedDB, through the `idb` crate.
//!
//! Records travel as JSON text and `JSON.parse`/`JSON.stringify` (fast native code) between Rust
//! and the browser, in their stored form (see `baton_core::schema::stored_form`). Transactions
//! follow the core's *read, decide, write* contract: reads are awaited (IndexedDB requests only),
//! `decide` is synchronous, writes are issued without waiting on each and the commit is awaited.

use baton_core::records::{AnyRecord, BackupDocument, Record, StoreName};
use baton_core::schema::{self, Migration, Step};
use baton_core::store::{
    check_scope, scope, ChangeSet, Durability, Fetched, Fetches, Key, KeyRange, Query, Read, Store, StoreError,
    Unreadable, Write,
};
use idb::{
    CursorDirection, Database, DatabaseEvent, Factory, IndexParams, KeyPath, ObjectStoreParams, TransactionMode,
};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// How to open the database (tests open other names and older schemas).
#[derive(Clone, Copy)]
pub struct OpenOptions {
    pub name: &'static str,
    pub migrations: &'static [Migration],
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions { name: schema::DATABASE_NAME, migrations: schema::MIGRATIONS }
    }
}

#[derive(Clone)]
pub struct IdbStore {
    db: web_sys::IdbDatabase,
    closed: Rc<RefCell<bool>>,
}

/// Opens Baton's database, running any pending migrations.
pub async fn open() -> Result<IdbStore, StoreError> {
    open_with(OpenOptions::default()).await
}

/// Opens a database with the given migrations. `on_version_change` runs when another tab wants to
/// upgrade it: this connection closes at once so the other tab is never blocked.
pub async fn open_with(options: OpenOptions) -> Result<IdbStore, StoreError> {
    let factory = Factory::new().map_err(|error| StoreError::Unavailable(describe(&error)))?;
    let version = options.migrations.last().map(|migration| migration.version).unwrap_or(1);
    let mut request = factory.open(options.name, Some(version)).map_err(|error| map_open_error(&error))?;
    let migrations = options.migrations;
    let failure: Rc<RefCell<Option<StoreError>>> = Rc::new(RefCell::new(None));
    let upgrade_failure = failure.clone();
    request.on_upgrade_needed(move |event| {
        // A failed step aborts the whole upgrade: the database stays at its old version, with
        // nothing half-migrated, and the open request fails.
        if let Err(error) = run_migrations(&event, migrations, &upgrade_failure) {
            upgrade_failure.borrow_mut().get_or_insert(error);
        }
    });
    request.on_blocked(|_| {
        // Other tabs close on `versionchange`; a tab that does not (an old build) keeps us waiting.
        web_sys::console::warn_1(&"Baton: database upgrade is waiting for another tab to close it".into());
    });
    let result = request.await;
    if let Some(error) = failure.borrow_mut().take() {
        if let Ok(db) = result {
            db.close();
        }
        return Err(error);
    }
    let db = result.map_err(|error| map_open_error(&error))?;
    Ok(IdbStore { db: db.into(), closed: Rc::new(RefCell::new(false)) })
}

/// Deletes a database (tests; "delete all my data" clears stores instead, keeping the schema).
pub async fn delete_database(name: &str) -> Result<(), StoreError> {
    let factory = Factory::new().map_err(|error| StoreError::Unavailable(describe(&error)))?;
    factory
        .delete(name)
        .map_err(|error| StoreError::Other(describe(&error)))?
        .await
        .map_err(|error| StoreError::Other(describe(&error)))
}

type Failure = Rc<RefCell<Option<StoreError>>>;

fn run_migrations(
    event: &idb::event::VersionChangeEvent,
    migrations: &'static [Migration],
    failure: &Failure,
) -> Result<(), StoreError> {
    let old_version = event.old_version().map_err(|error| StoreError::Other(describe(&error)))?;
    let db = event.database().map_err(|error| StoreError::Other(describe(&error)))?;
    let request: web_sys::IdbOpenDbRequest = web_sys::IdbVersionChangeEvent::from(event.clone())
        .target()
        .and_then(|target| target.dyn_into().ok())
        .ok_or_else(|| StoreError::Other("no upgrade request".into()))?;
    let transaction = request.transaction().ok_or_else(|| StoreError::Other("no upgrade transaction".into()))?;
    for migration in schema::migrations_after(migrations, old_version) {
        for step in (migration.steps)() {
            if let Err(error) = apply_step(&db, &transaction, step, failure) {
                let _ = transaction.abort();
                return Err(error);
            }
        }
    }
    Ok(())
}

fn apply_step(
    db: &Database,
    transaction: &web_sys::IdbTransaction,
    step: Step,
    failure: &Failure,
) -> Result<(), StoreError> {
    let fail = |error: idb::Error| StoreError::Other(format!("migration step {step:?} failed: {}", describe(&error)));
    match step {
        Step::CreateStore(store) => {
            let mut params = ObjectStoreParams::new();
            params.key_path(Some(KeyPath::new_single("id")));
            db.create_object_store(store.as_str(), params).map_err(fail)?;
        }
        Step::CreateIndex(store, index) => {
            let object_store =
                idb::Transaction::from(transaction.clone()).object_store(store.as_str()).map_err(fail)?;
            let key_path = if index.key_path.len() == 1 {
                KeyPath::new_single(index.key_path[0])
            } else {
                KeyPath::new_array(index.key_path.to_vec())
            };
            let mut params = IndexParams::new();
            params.unique(index.unique);
            params.multi_entry(index.multi_entry);
            object_store.create_index(index.name, key_path, Some(params)).map_err(fail)?;
        }
        Step::DeleteIndex(store, name) => {
            let object_store =
                idb::Transaction::from(transaction.clone()).object_store(store.as_str()).map_err(fail)?;
            object_store.delete_index(name).map_err(fail)?;
        }
        Step::Transform(store, transform) => rewrite_each(transaction, store, failure, move |json| {
            transform(json);
            Ok(())
        })?,
        Step::SplitOff(store, into, split) => {
            let target = transaction
                .object_store(into.as_str())
                .map_err(|error| StoreError::Other(format!("migration: {error:?}")))?;
            rewrite_each(transaction, store, failure, move |json| {
                let Some(mut split_off) = split(json) else { return Ok(()) };
                schema::add_derived_fields(into, &mut split_off);
                target.put(&to_js(&split_off)?).map(|_| ()).map_err(|error| {
                    StoreError::Other(format!("migration: a record split off {store} could not be stored: {error:?}"))
                })
            })?
        }
    }
    Ok(())
}

/// Rewrites every record of `store` with a cursor inside the upgrade transaction: `change` edits
/// the record (and may write elsewhere), derived fields are recomputed, the record is put back.
/// The cursor's callbacks keep the transaction alive; the open request succeeds only after it.
fn rewrite_each(
    transaction: &web_sys::IdbTransaction,
    store: StoreName,
    failure: &Failure,
    change: impl Fn(&mut serde_json::Value) -> Result<(), StoreError> + 'static,
) -> Result<(), StoreError> {
    let object_store =
        transaction.object_store(store.as_str()).map_err(|error| StoreError::Other(format!("migration: {error:?}")))?;
    let cursor_request =
        object_store.open_cursor().map_err(|error| StoreError::Other(format!("migration: {error:?}")))?;
    let request = cursor_request.clone();
    let (upgrade, failure) = (transaction.clone(), failure.clone());
    let on_success = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        let Ok(result) = request.result() else { return };
        // The end of the store (`null`).
        let Ok(cursor) = result.dyn_into::<web_sys::IdbCursorWithValue>() else { return };
        // A record that cannot be read or rewritten fails the migration (and aborts the
        // upgrade) rather than being left behind in the old form.
        let updated = cursor
            .value()
            .ok()
            .and_then(|value| from_js(&value))
            .ok_or_else(|| StoreError::Corrupt(format!("migration: a record of {store} is not valid JSON")))
            .and_then(|mut json| {
                change(&mut json)?;
                schema::add_derived_fields(store, &mut json);
                to_js(&json)
            })
            .and_then(|updated| {
                cursor.update(&updated).map_err(|error| {
                    StoreError::Other(format!("migration: a record of {store} could not be rewritten: {error:?}"))
                })
            })
            .and_then(|_| cursor.continue_().map_err(|error| StoreError::Other(format!("migration: {error:?}"))));
        if let Err(error) = updated {
            failure.borrow_mut().get_or_insert(error);
            let _ = upgrade.abort();
        }
    });
    cursor_request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    on_success.forget();
    Ok(())
}

fn to_js(value: &serde_json::Value) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(value).map_err(|error| StoreError::Other(error.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|error| StoreError::Other(format!("{error:?}")))
}

fn from_js(value: &JsValue) -> Option<serde_json::Value> {
    let text: String = js_sys::JSON::stringify(value).ok()?.into();
    serde_json::from_str(&text).ok()
}

/// The field of a backup document record that holds the document.
const DOCUMENT: &str = "document";

fn record_to_js(record: &AnyRecord) -> Result<JsValue, StoreError> {
    // A backup's document is as large as an export: it goes over as one string, set on the
    // stored form of the rest, instead of through a `Value` copy, an escaped JSON text and a parse.
    if let AnyRecord::BackupDocument(backup) = record {
        let rest = BackupDocument {
            id: backup.id,
            created_at: backup.created_at,
            updated_at: backup.updated_at,
            deleted_at: backup.deleted_at,
            rev: backup.rev,
            document: String::new(),
        };
        let object = to_js(&schema::stored_form(&rest.into_any()))?;
        js_sys::Reflect::set(&object, &DOCUMENT.into(), &JsValue::from_str(&backup.document))
            .map_err(|error| StoreError::Other(format!("{error:?}")))?;
        return Ok(object);
    }
    to_js(&schema::stored_form(record))
}

fn record_from_js(store: StoreName, value: &JsValue) -> Result<AnyRecord, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("a record in {store} is not valid JSON"));
    if store == StoreName::BackupDocuments {
        // The document comes back as one string (see `record_to_js`); the rest as JSON.
        let document =
            js_sys::Reflect::get(value, &DOCUMENT.into()).ok().and_then(|text| text.as_string()).ok_or_else(corrupt)?;
        let rest = js_sys::Object::assign(&js_sys::Object::new(), value.unchecked_ref());
        js_sys::Reflect::set(&rest, &DOCUMENT.into(), &JsValue::from_str("")).map_err(|_| corrupt())?;
        let mut record = record_from_json_text(store, js_sys::JSON::stringify(&rest).map_err(|_| corrupt())?.into())?;
        if let AnyRecord::BackupDocument(backup) = &mut record {
            backup.document = document;
        }
        return Ok(record);
    }
    record_from_json_text(store, js_sys::JSON::stringify(value).map_err(|_| corrupt())?.into())
}

fn record_from_json_text(store: StoreName, text: String) -> Result<AnyRecord, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("a record in {store} is not valid JSON"));
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| corrupt())?;
    AnyRecord::from_json(store, schema::record_form(json))
        .map_err(|error| StoreError::Corrupt(format!("{store}: {error}")))
}

/// The key of a stored value (its `id`, the stores' key path) as a [`Key`], for reports of
/// unreadable records; a key of another kind (a date, a binary key) is shown as its text.
fn key_of_value(value: &JsValue) -> Key {
    let id = js_sys::Reflect::get(value, &"id".into()).unwrap_or(JsValue::UNDEFINED);
    key_from_js(&id)
}

fn key_from_js(key: &JsValue) -> Key {
    if let Some(text) = key.as_string() {
        Key::Str(text)
    } else if let Some(number) = key.as_f64() {
        Key::Num(number)
    } else if js_sys::Array::is_array(key) {
        Key::Arr(js_sys::Array::from(key).iter().map(|part| key_from_js(&part)).collect())
    } else {
        Key::Str(String::from(js_sys::JSON::stringify(key).unwrap_or_else(|_| "?".into())))
    }
}

/// Why a record did not read back, without the advice of the error's display.
fn unreadable_reason(error: &StoreError) -> String {
    match error {
        StoreError::Corrupt(detail) => detail.split_once(": ").map(|(_, why)| why).unwrap_or(detail).to_string(),
        other => other.to_string(),
    }
}

fn key_to_js(key: &Key) -> JsValue {
    match key {
        Key::Num(number) => JsValue::from_f64(*number),
        Key::Str(text) => JsValue::from_str(text),
        Key::Arr(parts) => parts.iter().map(key_to_js).collect::<js_sys::Array>().into(),
    }
}

fn range_to_query(range: &KeyRange) -> Result<Option<idb::Query>, StoreError> {
    let fail = |error: idb::Error| StoreError::Other(format!("key range: {}", describe(&error)));
    let range = match (&range.lower, &range.upper) {
        (None, None) => return Ok(None),
        (Some(lower), Some(upper)) if lower == upper && !range.lower_open && !range.upper_open => {
            return Ok(Some(idb::Query::Key(key_to_js(lower))));
        }
        (Some(lower), Some(upper)) => {
            idb::KeyRange::bound(&key_to_js(lower), &key_to_js(upper), Some(range.lower_open), Some(range.upper_open))
        }
        (Some(lower), None) => idb::KeyRange::lower_bound(&key_to_js(lower), Some(range.lower_open)),
        (None, Some(upper)) => idb::KeyRange::upper_bound(&key_to_js(upper), Some(range.upper_open)),
    }
    .map_err(fail)?;
    Ok(Some(idb::Query::KeyRange(range)))
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
        StoreError::Other("the stored data was made by a newer version of Baton; reload to get it".into())
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
        "NotFoundError" => StoreError::Other(format!("part of the database is missing ({message})")),
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
            .ok_or_else(|| StoreError::Unavailable("IDBDatabase.transaction is missing".into()))?;
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
                let corrupt = || StoreError::Corrupt(format!("a record in {} is not valid JSON", query.store));
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
        Err(raw
            .error()
            .map(|exception| map_exception(&exception.name(), &exception.message()))
            .unwrap_or_else(|| StoreError::Aborted("the browser aborted the transaction".into())))
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
        if let Err(error) = self.issue_writes(&transaction, &writes).await {
            let _ = transaction.abort();
            return Err(error.into());
        }
        let transaction = transaction.commit().map_err(|error| StoreError::Other(describe(&error)))?;
        self.finish(transaction).await?;
        Ok((value, ChangeSet::from_writes(&writes)))
    }
}

/// Bulk writes are issued in chunks of this many. At a chunk's end the transaction waits for the
/// previous chunk's last request, so the database works through one chunk while the next is
/// being prepared; at least every [`DRAIN_MS`] it waits for the current chunk instead, which hands
/// the page back to the browser (it paints the progress and takes input). Either way the
/// transaction stays one all-or-nothing commit.
const WRITE_CHUNK: usize = 2_000;
const DRAIN_MS: f64 = 400.0;

/// A request's completion, listened for from the moment it is issued.
type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), idb::Error>>>>;

fn pending<F, T>(request: F) -> Pending
where
    F: std::future::IntoFuture<Output = Result<T, idb::Error>>,
    F::IntoFuture: 'static,
{
    // `into_future` now, not at the first poll: it sets the request's listeners.
    let future = request.into_future();
    Box::pin(async move { future.await.map(drop) })
}

/// Told (written, total) after each chunk of a bulk write (the import's progress bar).
type WriteProgressListener = Rc<dyn Fn(usize, usize)>;

thread_local! {
    static WRITE_PROGRESS: RefCell<Option<WriteProgressListener>> = const { RefCell::new(None) };
}

/// Listens to the progress of bulk writes until the returned guard is dropped.
pub fn listen_to_write_progress(listener: WriteProgressListener) -> WriteProgressGuard {
    WRITE_PROGRESS.with(|slot| *slot.borrow_mut() = Some(listener));
    WriteProgressGuard
}

pub struct WriteProgressGuard;

impl Drop for WriteProgressGuard {
    fn drop(&mut self) {
        WRITE_PROGRESS.with(|slot| *slot.borrow_mut() = None);
    }
}

impl IdbStore {
    /// Issues the writes without awaiting each one: the commit reports the first failure, and a
    /// failure rolls back all of them. Long lists go in chunks (see [`WRITE_CHUNK`]).
    async fn issue_writes(&self, transaction: &idb::Transaction, writes: &[Write]) -> Result<(), StoreError> {
        let closed = self.is_closed();
        let fail = |error: idb::Error| map_request_error(error, closed);
        let mut stores: std::collections::BTreeMap<StoreName, idb::ObjectStore> = Default::default();
        let progress = WRITE_PROGRESS.with(|slot| slot.borrow().clone());
        let mut previous_chunk: Option<Pending> = None;
        let mut drained_at = js_sys::Date::now();
        for (position, write) in writes.iter().enumerate() {
            let chunk_end = (position + 1) % WRITE_CHUNK == 0 && position + 1 < writes.len();
            let store = write.store();
            let object_store = match stores.entry(store) {
                std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::btree_map::Entry::Vacant(entry) => {
                    entry.insert(transaction.object_store(store.as_str()).map_err(fail)?)
                }
            };
            let last: Option<Pending> = match write {
                Write::Put(record) => {
                    let request = object_store.put(&record_to_js(record)?, None).map_err(fail)?;
                    chunk_end.then(|| pending(request))
                }
                Write::Delete { id, .. } => {
                    let request = object_store.delete(JsValue::from_str(&id.to_string())).map_err(fail)?;
                    chunk_end.then(|| pending(request))
                }
                Write::DeleteKey { key, .. } => {
                    let request = object_store.delete(key_to_js(key)).map_err(fail)?;
                    chunk_end.then(|| pending(request))
                }
                Write::Clear(_) => {
                    let request = object_store.clear().map_err(fail)?;
                    chunk_end.then(|| pending(request))
                }
            };
            if let Some(last) = last {
                if js_sys::Date::now() - drained_at >= DRAIN_MS {
                    if let Some(previous) = previous_chunk.take() {
                        previous.await.map_err(fail)?;
                    }
                    last.await.map_err(fail)?;
                    drained_at = js_sys::Date::now();
                } else if let Some(previous) = previous_chunk.replace(last) {
                    previous.await.map_err(fail)?;
                }
                if let Some(progress) = &progress {
                    progress(position + 1, writes.len());
                }
            }
        }
        // Its listeners must outlive the request: a dropped one would throw in the success event,
        // and a throwing handler aborts the transaction.
        if let Some(previous) = previous_chunk {
            previous.await.map_err(fail)?;
        }
        Ok(())
    }
}
