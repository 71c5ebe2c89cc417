//! Bulk writes: issued in chunks without awaiting each, with progress for the import bar.

use super::*;

/// Bulk writes are issued in chunks of this many. At a chunk's end the transaction waits for the
/// previous chunk's last request, so the database works through one chunk while the next is
/// being prepared; at least every [`DRAIN_MS`] it waits for the current chunk instead, which hands
/// the page back to the browser (it paints the progress and takes input). Either way the
/// transaction stays one all-or-nothing commit.
pub(super) const WRITE_CHUNK: usize = 2_000;
pub(super) const DRAIN_MS: f64 = 400.0;

/// A request's completion, listened for from the moment it is issued.
pub(super) type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), idb::Error>>>>;

pub(super) fn pending<F, T>(request: F) -> Pending
where
    F: std::future::IntoFuture<Output = Result<T, idb::Error>>,
    F::IntoFuture: 'static,
{
    // `into_future` now, not at the first poll: it sets the request's listeners.
    let future = request.into_future();
    Box::pin(async move { future.await.map(drop) })
}

impl IdbStore {
    /// Issues the writes without awaiting each one: the commit reports the first failure, and a
    /// failure rolls back all of them. Long lists go in chunks (see [`WRITE_CHUNK`]).
    pub(super) async fn issue_writes(
        &self,
        transaction: &idb::Transaction,
        writes: &[Write],
        progress: Progress<'_>,
    ) -> Result<(), StoreError> {
        let closed = self.is_closed();
        let fail = |error: idb::Error| map_request_error(error, closed);
        let mut stores: std::collections::BTreeMap<StoreName, idb::ObjectStore> = Default::default();
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
                progress(position + 1, writes.len());
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
