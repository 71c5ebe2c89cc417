//! The schema steps of an upgrade: stores, indexes and record rewrites, all or nothing.

use super::*;

pub(super) type Failure = Rc<RefCell<Option<StoreError>>>;

pub(super) fn run_migrations(
    event: &idb::event::VersionChangeEvent,
    migrations: &'static [Migration],
    failure: &Failure,
) -> Result<(), StoreError> {
    let old_version = event.old_version().map_err(|error| StoreError::Other(describe(&error)))?;
    let db = event.database().map_err(|error| StoreError::Other(describe(&error)))?;
    let request: web_sys::IdbOpenDbRequest = web_sys::IdbVersionChangeEvent::from(event.clone())
        .target()
        .and_then(|target| target.dyn_into().ok())
        .ok_or_else(|| {
            StoreError::Other(td_string!(crate::platform::locale(), components.storage.no_upgrade_request).to_string())
        })?;
    let transaction = request.transaction().ok_or_else(|| {
        StoreError::Other(td_string!(crate::platform::locale(), components.storage.no_upgrade_transaction).to_string())
    })?;
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

pub(super) fn apply_step(
    db: &Database,
    transaction: &web_sys::IdbTransaction,
    step: Step,
    failure: &Failure,
) -> Result<(), StoreError> {
    let fail = |error: idb::Error| {
        StoreError::Other(
            td_string!(
                crate::platform::locale(),
                components.storage.migration_step,
                step = format!("{step:?}"),
                detail = describe(&error)
            )
            .to_string(),
        )
    };
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
                    StoreError::Other(
                        td_string!(
                            crate::platform::locale(),
                            components.storage.migration_unstored,
                            store,
                            detail = format!("{error:?}")
                        )
                        .to_string(),
                    )
                })
            })?
        }
    }
    Ok(())
}

/// Rewrites every record of `store` with a cursor inside the upgrade transaction: `change` edits
/// the record (and may write elsewhere), derived fields are recomputed, the record is put back.
/// The cursor's callbacks keep the transaction alive; the open request succeeds only after it.
pub(super) fn rewrite_each(
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
            .ok_or_else(|| {
                StoreError::Corrupt(
                    td_string!(crate::platform::locale(), components.storage.migration_corrupt, store).to_string(),
                )
            })
            .and_then(|mut json| {
                change(&mut json)?;
                schema::add_derived_fields(store, &mut json);
                to_js(&json)
            })
            .and_then(|updated| {
                cursor.update(&updated).map_err(|error| {
                    StoreError::Other(
                        td_string!(
                            crate::platform::locale(),
                            components.storage.migration_unrewritten,
                            store,
                            detail = format!("{error:?}")
                        )
                        .to_string(),
                    )
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
