//! The storage adapter: Baton's [`baton_core::store::Store`] over IndexedDB.

mod idb_store;

pub use idb_store::{delete_database, map_exception, open, open_with, IdbStore, OpenOptions};
