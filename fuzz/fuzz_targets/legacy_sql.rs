//! The legacy SQL reader and import on arbitrary UTF-8: any input must give records or an error,
//! never a panic, and importing the same text twice must give the same result.
#![no_main]

use baton_core::legacy::{import_legacy, looks_like_legacy_sql, read_sql};
use baton_core::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = looks_like_legacy_sql(text);
    let _ = read_sql(text);
    let now = Timestamp::from_unix_millis(1_800_000_000_000).expect("a valid instant");
    let first = import_legacy(text, now);
    if let Ok(import) = &first {
        // Every record must serialise (no date outside the text form, no broken reference type).
        for record in &import.records {
            let _ = record.to_json();
        }
        assert_eq!(&import_legacy(text, now), &first, "the import is deterministic");
    }
});
