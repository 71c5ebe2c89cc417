//! Opening Baton's database (running pending migrations) and deleting one.

use super::*;

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
        let note = "Baton: database upgrade is waiting for another tab to close it"; // not UI: a console note for developers
        web_sys::console::warn_1(&note.into());
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
