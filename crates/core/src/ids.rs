//! Record ids: UUID v7, so ids sort by creation time (and so do exports and index scans).

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(Uuid);

impl Id {
    /// A v7 id from a Unix time in milliseconds and 10 random bytes. Randomness comes from the
    /// caller (the browser's crypto, or a seeded source in tests) so this crate stays pure.
    pub fn v7(unix_millis: u64, random: [u8; 10]) -> Id {
        Id(uuid::Builder::from_unix_timestamp_millis(unix_millis, &random).into_uuid())
    }

    /// A stable id derived from a name, for records imported from elsewhere (the same input always
    /// gives the same id, so importing twice adds nothing). Version 8 with a 128-bit FNV-1a hash.
    pub fn derived(namespace: &str, name: &str) -> Id {
        let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
        for byte in namespace.bytes().chain([0u8]).chain(name.bytes()) {
            hash ^= byte as u128;
            hash = hash.wrapping_mul(0x0000000001000000000000000000013B);
        }
        Id(uuid::Builder::from_custom_bytes(hash.to_be_bytes()).into_uuid())
    }

    pub fn parse(text: &str) -> Option<Id> {
        Uuid::parse_str(text.trim()).ok().map(Id)
    }

    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0.hyphenated())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v7_ids_sort_by_time() {
        let a = Id::v7(1_000, [9; 10]);
        let b = Id::v7(2_000, [0; 10]);
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.as_uuid().get_version_num(), 7);
    }

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        assert_eq!(Id::derived("projects", "1"), Id::derived("projects", "1"));
        assert_ne!(Id::derived("projects", "1"), Id::derived("projects", "2"));
        assert_ne!(Id::derived("projects", "1"), Id::derived("sessions", "1"));
        assert_eq!(Id::derived("a", "b").as_uuid().get_version_num(), 8);
    }

    #[test]
    fn parse_round_trips() {
        let id = Id::v7(5, [1; 10]);
        assert_eq!(Id::parse(&id.to_string()), Some(id));
        assert_eq!(Id::parse("not an id"), None);
    }
}
