//! A legacy SQL export with numbers and dates past what a browser stores: its records take the
//! same checks as a Baton file's, and what is stored reads back equal after IndexedDB keeps its
//! numbers as floats.

mod exchange_support;

use baton_core::exchange::{ConflictChoice, Dataset, ImportMode, EXPORTED_STORES};
use baton_core::legacy::import_legacy;
use baton_core::memory::MemoryStore;
use baton_core::records::AnyRecord;
use baton_core::service::{Service, TestEnv};
use baton_core::Timestamp;
use futures::executor::block_on;
use std::collections::BTreeMap;
use std::rc::Rc;

const EXTREME: &str = "
INSERT INTO accounts VALUES(1,'Main','main@example.com','claude',9007199254740993,'9999-12-31T23:59:59-01:00','active',NULL,NULL,'+10000-01-01 00:00:00','2026-01-02 10:00:00');
INSERT INTO accounts VALUES(2,'Spare',NULL,'claude',1e300,253402300800000,NULL,NULL,NULL,-62167219200001,NULL);
INSERT INTO projects (id, name, status, total_sessions, created_at) VALUES (1, 'Alpha', 'active', 9007199254740993, '9999-12-31T23:59:59-01:00');
INSERT INTO sessions VALUES(1,1,1,4294967296,'feature',9007199254740993,18446744073709551615,NULL,NULL,NULL,NULL,NULL,'completed','2016-12-31T23:59:60Z','9999-12-31 23:59:59',NULL,NULL);
INSERT INTO sessions VALUES(2,1,1,7,'feature',1.5,-1,NULL,NULL,NULL,NULL,NULL,'completed','2026-02-30 10:00:00','-0001-01-01 00:00:00',NULL,NULL);
INSERT INTO conversation_history VALUES(1,1,9007199254740993,'user','First',1e30,'2026-01-03T09:01:00z');
INSERT INTO conversation_history VALUES(2,1,4294967296,'assistant','Second',-7,'10000-01-01 00:00:00');
INSERT INTO handoff_queue VALUES(1,1,1,NULL,9007199254740993,'Carry on','pending','9999-12-31T23:59:59-01:00',NULL);
INSERT INTO knowledge_base VALUES(1,'tip','Counts','Body',NULL,9007199254740993,0.5,1,NULL,NULL,NULL,0,NULL);
INSERT INTO knowledge_base VALUES(2,'tip','More','Body',NULL,4294967296,1e300,1,NULL,NULL,NULL,0,NULL);
";

#[test]
fn legacy_records_with_extreme_values_are_checked_and_read_back_as_written() {
    let now = Timestamp::parse("2027-03-01T09:00:00Z").unwrap();
    let legacy = import_legacy(EXTREME, now).expect("the export maps as well as it can");
    let dataset = Dataset::from_records(legacy.records);
    let service = Service::new(MemoryStore::new(), Rc::new(TestEnv::at("2027-03-01T09:00:00Z")));
    // The same checks as a Baton file's (the app previews, then applies, a legacy import so).
    block_on(service.preview_import(&dataset, ImportMode::Merge, ConflictChoice::Newer, &BTreeMap::new()))
        .expect("the mapping keeps every value within what Baton stores");
    block_on(service.apply_import(&dataset, ImportMode::Merge, ConflictChoice::Newer, &BTreeMap::new(), "legacy.sql"))
        .unwrap();
    let mut stored = 0;
    for store in EXPORTED_STORES {
        for record in service.store().dump(*store) {
            let json = record.to_json();
            let read_back = AnyRecord::from_json(*store, exchange_support::through_f64(&json));
            assert_eq!(read_back.ok().as_ref(), Some(&record), "{store}: {json}");
            stored += 1;
        }
    }
    assert!(stored >= 9, "{stored} records");
}
