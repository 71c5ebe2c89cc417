//! The import decoder on arbitrary bytes: size, text, JSON syntax, nesting, detection, version,
//! checksum and validation must refuse anything they do not accept with an error, never a panic;
//! whatever decodes must validate without panicking and encode again.
#![no_main]

use baton_core::exchange::{self, Detected, ExportMeta, Scope};
use baton_core::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(Detected::Export(decoded)) = exchange::detect(bytes) {
        let _ = exchange::validate_dataset(&decoded.dataset, &|_, _| false);
        let meta = ExportMeta {
            app_version: "fuzz".into(),
            exported_at: Timestamp::from_unix_millis(1_800_000_000_000).expect("a valid instant"),
            scope: Scope::Full,
        };
        let text = exchange::encode(&decoded.dataset, &meta);
        let again = exchange::decode(text.as_bytes()).expect("what Baton writes, it reads");
        assert_eq!(again.dataset, decoded.dataset, "decode → encode → decode keeps the records");
    }
});
