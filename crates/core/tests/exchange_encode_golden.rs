//! The export encoder's bytes are pinned: files written by earlier builds must match what this
//! build writes for the same data (same record order, field order, layout and checksum). The
//! digests below were taken from the encoder that built one `serde_json::Value` of everything,
//! before it was made to stream; a change here is a change of the file format.

mod exchange_support;

use baton_core::exchange::{self, ExportMeta, Scope};
use baton_core::{Id, Timestamp};
use exchange_support::dataset;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn meta(scope: Scope) -> ExportMeta {
    ExportMeta { app_version: "0.1.0".into(), exported_at: Timestamp::parse("2026-11-26T10:00:00Z").unwrap(), scope }
}

/// The digest of a file as schema version 1 wrote it: the pins were taken then, and the version
/// number in the header is the only thing a later version changes in files of the same data
/// (later versions added only stores an export does not hold).
fn digest(text: &str) -> String {
    let version = format!("\n  \"schema_version\": {},\n", baton_core::schema::SCHEMA_VERSION);
    assert!(text.contains(&version));
    let text = text.replacen(&version, "\n  \"schema_version\": 1,\n", 1);
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// (seed, size, sha256 of the whole file) for full exports of generated datasets.
const PINNED: &[(u64, u64, &str)] = &[
    (0, 0, "c3b7c7f95751330c8529db239a954bb3ac36ed6ae43207311d0087f2977ce74a"),
    (0, 1, "36e40997d4234b61dfba06843bc4ecaca24a3cc041a1d875f1551fcfb94686aa"),
    (0, 3, "0896730f45f76d869580ff2f60f1bddce1e49b1e0c916e3952d872a37dc645d2"),
    (0, 12, "45b3af94d0dccfa6a49e63280d0b513c5f54c2e57a8a4ff0c775847b2f09ba83"),
    (1, 0, "c3b7c7f95751330c8529db239a954bb3ac36ed6ae43207311d0087f2977ce74a"),
    (1, 1, "9fa1a364a91b4ca4401ac4ed1ee7d0b263c315ae0eb74e0bde17ef3f5d4b036f"),
    (1, 3, "f0740f41dbebdbc83f69eec9c2c0b06c614c615faf86ae2a7ff5b659022453d6"),
    (1, 12, "9628101ed6a8b22f294968140ef59d0fb76cf0cd48a562a88bee3f770428b4fe"),
    (2, 0, "c3b7c7f95751330c8529db239a954bb3ac36ed6ae43207311d0087f2977ce74a"),
    (2, 1, "6881acf76a4e3a7d1f800ac72b257e7e273b0dd6e810e9599e87c2c58d36265b"),
    (2, 3, "d07ac10d8f8487507915dcb605155e335bd645e55130bc2a14ce2d8707b336bf"),
    (2, 12, "cfec979f7efe7e4f202691925ef995a8de533bd773ccdef3437c0acbdeb6a70a"),
    (3, 0, "c3b7c7f95751330c8529db239a954bb3ac36ed6ae43207311d0087f2977ce74a"),
    (3, 1, "54953a0f9813f456de86f8931fbbfc8dfb86166fa0c2976a5ea0ac3fcb8651d1"),
    (3, 3, "a6f79633fc4e07bdb471d6ef75ef749263db7e184ee9b85f1ad158d8601df0e9"),
    (3, 12, "80ce7730999704efa01fce914c93641fe507f2cace69283cf5c231e9ed69c2b8"),
    (42, 0, "c3b7c7f95751330c8529db239a954bb3ac36ed6ae43207311d0087f2977ce74a"),
    (42, 1, "253a4cf65b142bc0740095c354bec5d5f717a6759fb903b06ba21d0fad086e4a"),
    (42, 3, "288a6983d2fe0e706e38f61319475c5154399099d14143c875f938b3435db0a8"),
    (42, 12, "107ec7f0ee51328caa1fef1adde15d73c2dfb237f26eae04ae5ac04d969cc78c"),
    (1234, 0, "c3b7c7f95751330c8529db239a954bb3ac36ed6ae43207311d0087f2977ce74a"),
    (1234, 1, "44a5fb7018c5ae005b530b33c591f2800905d46021c752dcc347b08699c65298"),
    (1234, 3, "6e086bd77d24a951d2ca93b7cad7aff5137eb6552ee99df43d24245f31985860"),
    (1234, 12, "fee0d81203b1526a9f522f8f54f49765447e4b61cb0a89460f1956f38c37a0e0"),
    (99999, 0, "c3b7c7f95751330c8529db239a954bb3ac36ed6ae43207311d0087f2977ce74a"),
    (99999, 1, "a3f3fe14b0f5020ed24463199c2f726cd804618f9e1f3f947b251061cf4fc792"),
    (99999, 3, "238e2b1fee2b5e005d2498ac017c9145a4070d208dac93551640ec43a3aa6f98"),
    (99999, 12, "e429b9b0a055e5460b0260321b788242674d533dc1e7f26c439199ffa4b6d019"),
];

#[test]
fn encoded_bytes_are_those_of_the_earlier_encoder() {
    for (seed, size, expected) in PINNED {
        let text = exchange::encode(&dataset(*seed, *size), &meta(Scope::Full));
        assert_eq!(digest(&text), *expected, "seed {seed}, size {size}");
    }
    let project = Id::parse("01890a5d-ac96-774b-bcce-b302099a8057").unwrap();
    assert_eq!(
        digest(&exchange::encode(&dataset(7, 4), &meta(Scope::Project(project)))),
        "a18e30161afb36f772b77c7ebb4e2060db3f261a062c239bd10b98a7e93eb02a"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Records in any order encode as if sorted, and the header's checksum is the one computed
    /// independently from the file's parsed `data` value.
    #[test]
    fn any_record_order_gives_the_canonical_file_and_its_checksum(seed in any::<u64>()) {
        let data = dataset(seed, 6);
        let text = exchange::encode(&data, &meta(Scope::Full));
        let mut shuffled = data.clone();
        shuffled.sessions.reverse();
        shuffled.turns.reverse();
        shuffled.events.reverse();
        prop_assert_eq!(exchange::encode(&shuffled, &meta(Scope::Full)), text.clone());
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(parsed["checksum"].as_str().unwrap(), exchange::data_checksum(&parsed["data"]));
    }
}
