//! UTC timestamps with one fixed text form (millisecond precision, `Z`), so that stored and
//! exported dates sort correctly as strings (IndexedDB index keys) and exports are canonical.

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn from_datetime(at: DateTime<Utc>) -> Timestamp {
        // Truncate to milliseconds: the browser clock has no more, and one precision keeps the
        // text form fixed-width.
        let millis = at.timestamp_millis();
        Timestamp(Utc.timestamp_millis_opt(millis).single().unwrap_or(at))
    }

    pub fn from_unix_millis(millis: i64) -> Option<Timestamp> {
        Utc.timestamp_millis_opt(millis).single().map(Timestamp)
    }

    /// Reads RFC 3339 (any offset, converted to UTC), and also the zone-less
    /// `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS` forms, read as UTC.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Some(Timestamp::from_datetime(at.with_timezone(&Utc)));
        }
        for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
            if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(text, format) {
                return Some(Timestamp::from_datetime(naive.and_utc()));
            }
        }
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
            .map(|naive| Timestamp::from_datetime(naive.and_utc()))
    }

    pub fn datetime(&self) -> DateTime<Utc> {
        self.0
    }

    pub fn unix_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    pub fn plus(&self, duration: Duration) -> Timestamp {
        Timestamp(self.0 + duration)
    }

    pub fn minus(&self, duration: Duration) -> Timestamp {
        Timestamp(self.0 - duration)
    }

    /// Whole minutes from `self` to `later` (0 when `later` is earlier).
    pub fn minutes_until(&self, later: Timestamp) -> u32 {
        let minutes = (later.0 - self.0).num_minutes();
        minutes.clamp(0, u32::MAX as i64) as u32
    }

    pub fn to_text(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.to_text())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_text())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a date and time (expected RFC 3339, like 2026-11-26T10:00:00Z)"
            ))
        })
    }
}

/// Where "now" comes from: the browser clock in the app, a settable clock in tests.
pub trait Clock {
    fn now(&self) -> Timestamp;
}

/// A clock for tests: starts at a fixed instant and moves only when told.
#[derive(Clone, Debug)]
pub struct FixedClock(std::rc::Rc<std::cell::Cell<Timestamp>>);

impl FixedClock {
    pub fn at(text: &str) -> FixedClock {
        FixedClock(std::rc::Rc::new(std::cell::Cell::new(Timestamp::parse(text).expect("a valid test timestamp"))))
    }

    pub fn advance(&self, duration: Duration) {
        self.0.set(self.0.get().plus(duration));
    }

    pub fn set(&self, at: Timestamp) {
        self.0.set(at);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_is_fixed_width_and_sorts() {
        let a = Timestamp::parse("2026-11-26T10:00:00Z").unwrap();
        let b = Timestamp::parse("2026-11-26T10:00:00.5Z").unwrap();
        assert_eq!(a.to_text(), "2026-11-26T10:00:00.000Z");
        assert_eq!(b.to_text(), "2026-11-26T10:00:00.500Z");
        assert!(a.to_text() < b.to_text());
    }

    #[test]
    fn offsets_and_zone_less_forms_become_utc() {
        assert_eq!(Timestamp::parse("2026-11-26T12:00:00+02:00").unwrap().to_text(), "2026-11-26T10:00:00.000Z");
        assert_eq!(Timestamp::parse("2024-01-15 08:30:00").unwrap().to_text(), "2024-01-15T08:30:00.000Z");
        assert!(Timestamp::parse("yesterday").is_none());
    }

    #[test]
    fn serde_round_trip() {
        let at = Timestamp::parse("2026-01-02T03:04:05.678Z").unwrap();
        let json = serde_json::to_string(&at).unwrap();
        assert_eq!(json, "\"2026-01-02T03:04:05.678Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), at);
        let error = serde_json::from_str::<Timestamp>("\"soon\"").unwrap_err().to_string();
        assert!(error.contains("is not a date"), "{error}");
    }
}
