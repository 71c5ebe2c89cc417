//! The import preview's backup sentence says what `apply_import` then does: a backup exactly when
//! something stored is overwritten or removed, none when records are only added or nothing changes.

mod exchange_support;

use baton_core::exchange::{self, ConflictChoice, Dataset, ImportMode};
use baton_core::memory::MemoryStore;
use baton_core::records::*;
use baton_core::service::exchange::import_backup_note;
use baton_core::service::{Service, TestEnv};
use baton_core::Timestamp;
use futures::executor::block_on;
use std::collections::BTreeMap;
use std::rc::Rc;

const TAKEN: &str = "A backup of your current data is taken first; you can restore it from the backups below.";
const ONLY_ADDED: &str = "Records are only added: nothing you have is overwritten or removed, so no backup is taken.";
const NOTHING: &str = "Nothing changes, so no backup is needed.";

/// Previews, checks the sentence, applies, and checks a backup was stored exactly when promised.
fn preview_and_apply(service: &Service<MemoryStore>, data: &Dataset, mode: ImportMode, wanted: &str) {
    let choices = BTreeMap::new();
    let plan = block_on(service.preview_import(data, mode, ConflictChoice::Newer, &choices)).unwrap();
    assert_eq!(import_backup_note(&plan), wanted);
    let before = block_on(service.list_backups()).unwrap().len();
    let outcome = block_on(service.apply_import(data, mode, ConflictChoice::Newer, &choices, "test")).unwrap();
    let after = block_on(service.list_backups()).unwrap().len();
    let promised = wanted == TAKEN;
    assert_eq!(outcome.backup_id.is_some(), promised, "{wanted}");
    assert_eq!(after, before + usize::from(promised), "{wanted}");
}

#[test]
fn the_backup_sentence_matches_what_the_import_does() {
    let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
    let service = Service::new(MemoryStore::new(), env);
    let data =
        (0..).map(|seed| exchange_support::dataset(seed, 3)).find(|data| data.count(StoreName::Projects) > 1).unwrap();

    // Into an empty browser: only additions, in either mode.
    preview_and_apply(&service, &data, ImportMode::Merge, ONLY_ADDED);
    // The same file again: nothing to do.
    let mut again = block_on(service.export_dataset()).unwrap();
    again.events.clear();
    preview_and_apply(&service, &again, ImportMode::Merge, NOTHING);
    // A newer version of a stored project overwrites it.
    let mut newer = again.clone();
    newer.projects[0].name = "Renamed by the file".into();
    newer.projects[0].touch(Timestamp::parse("2027-01-01T00:00:00Z").unwrap());
    preview_and_apply(&service, &newer, ImportMode::Merge, TAKEN);
    // Replace with a file that lacks records the browser has: they are removed.
    let fewer = exchange::project_subset(&newer, newer.projects[1].id, true).unwrap();
    preview_and_apply(&service, &fewer, ImportMode::Replace, TAKEN);
}
