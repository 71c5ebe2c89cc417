//! UTC timestamps with one fixed text form (millisecond precision, `Z`), so that stored and
//! exported dates sort correctly as strings (IndexedDB index keys) and exports are canonical.
//!
//! Only 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z can be made: the text form has four
//! year digits, and a time outside them would be written as `+10000-…` or `-0001-…`, which sorts
//! wrongly and which the reader refuses, so one such record would make its whole store unreadable.

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// 0000-01-01T00:00:00.000Z in Unix milliseconds, the earliest time Baton stores.
pub const EARLIEST_MILLIS: i64 = -62_167_219_200_000;
/// 9999-12-31T23:59:59.999Z in Unix milliseconds, the latest time Baton stores.
pub const LATEST_MILLIS: i64 = 253_402_300_799_999;

/// Why a text is not a time Baton stores (the interface words it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// Not a date and time at all.
    NotADate,
    /// A sign or more than four digits before the first `-`.
    YearDigits,
    /// A valid time outside years 0000–9999 once converted to UTC.
    OutOfRange,
    /// Second 60: chrono would read it as a leap second, which has no millisecond of its own.
    LeapSecond,
    /// A month, hour, minute, second or offset out of its range.
    FieldRange(TimeField),
    /// A day the month does not have (30 February).
    NoSuchDay,
    /// No `Z` or offset (only a stored or exported time; forms read it as UTC).
    NoZone,
    /// `t` or `z` in lower case (only a stored or exported time).
    LowerCase,
}

/// The part of a written time that is out of its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeField {
    Month,
    Hour,
    Minute,
    Second,
    Offset,
}

/// Plain English for the import file's problem list (which names places in a file, for whoever
/// wrote it); forms word the variants themselves, in the interface language.
impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::NotADate => f.write_str("is not a date and time (expected RFC 3339, like 2026-11-26T10:00:00Z)"),
            TimeError::YearDigits => {
                f.write_str("has a year that is not four digits; Baton stores years 0000 to 9999, without a sign")
            }
            TimeError::OutOfRange => f.write_str(
                "falls outside the years 0000 to 9999 that Baton stores (0000-01-01T00:00:00.000Z to \
                 9999-12-31T23:59:59.999Z, once converted to UTC)",
            ),
            TimeError::LeapSecond => f.write_str("has second 60 (a leap second), which Baton does not store; use :59"),
            TimeError::FieldRange(field) => write!(f, "has {} out of range", field.english()),
            TimeError::NoSuchDay => f.write_str("is a day that does not exist (like 30 February)"),
            TimeError::NoZone => f.write_str("has no time zone; end it with Z for UTC, or an offset like +02:00"),
            TimeError::LowerCase => f.write_str("writes t or z in lower case; write T and Z, as Baton does"),
        }
    }
}

impl TimeField {
    fn english(self) -> &'static str {
        match self {
            TimeField::Month => "a month",
            TimeField::Hour => "an hour",
            TimeField::Minute => "a minute",
            TimeField::Second => "a second",
            TimeField::Offset => "an offset",
        }
    }
}

impl std::error::Error for TimeError {}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// `at`, truncated to milliseconds; `None` outside years 0000–9999.
    pub fn from_datetime(at: DateTime<Utc>) -> Option<Timestamp> {
        // Truncate to milliseconds: the browser clock has no more, and one precision keeps the
        // text form fixed-width.
        Timestamp::from_unix_millis(at.timestamp_millis())
    }

    /// `None` outside 0000-01-01T00:00:00.000Z ..= 9999-12-31T23:59:59.999Z.
    pub fn from_unix_millis(millis: i64) -> Option<Timestamp> {
        if !(EARLIEST_MILLIS..=LATEST_MILLIS).contains(&millis) {
            return None;
        }
        Utc.timestamp_millis_opt(millis).single().map(Timestamp)
    }

    /// The earliest time Baton stores, 0000-01-01T00:00:00.000Z.
    pub fn earliest() -> Timestamp {
        Timestamp::from_unix_millis(EARLIEST_MILLIS).expect("the earliest time is in range")
    }

    /// The latest time Baton stores, 9999-12-31T23:59:59.999Z.
    pub fn latest() -> Timestamp {
        Timestamp::from_unix_millis(LATEST_MILLIS).expect("the latest time is in range")
    }

    /// Reads RFC 3339 (any offset, converted to UTC), and also the zone-less
    /// `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS` forms, read as UTC. `None` for anything else
    /// and for times outside years 0000–9999 ([`Timestamp::read`] says which).
    pub fn parse(text: &str) -> Option<Timestamp> {
        Timestamp::read(text).ok()
    }

    /// [`Timestamp::parse`], saying why a text is refused.
    pub fn read(text: &str) -> Result<Timestamp, TimeError> {
        let text = text.trim();
        match Timestamp::read_exact(text) {
            Ok(at) => return Ok(at),
            // The text has the stored shape but names no time Baton stores: no looser reading helps.
            Err(
                error @ (TimeError::YearDigits
                | TimeError::OutOfRange
                | TimeError::LeapSecond
                | TimeError::FieldRange(_)
                | TimeError::NoSuchDay),
            ) => return Err(error),
            Err(_) => {}
        }
        let in_range = |at: DateTime<Utc>| Timestamp::from_datetime(at).ok_or(TimeError::OutOfRange);
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return in_range(at.with_timezone(&Utc));
        }
        for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
            if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(text, format) {
                return in_range(naive.and_utc());
            }
        }
        match NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|date| date.and_hms_opt(0, 0, 0)) {
            Some(naive) => in_range(naive.and_utc()),
            None => Err(TimeError::NotADate),
        }
    }

    /// Reads a stored or exported time: exactly `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, four
    /// year digits, capital `T` and `Z`, no leap second, and within years 0000–9999 once in UTC.
    /// Records are read with this, so a file holds only times that read back as they were written.
    pub fn read_exact(text: &str) -> Result<Timestamp, TimeError> {
        let bytes = text.as_bytes();
        if matches!(bytes.first(), Some(b'+' | b'-')) || (bytes.len() > 4 && bytes[..5].iter().all(u8::is_ascii_digit))
        {
            return Err(TimeError::YearDigits);
        }
        let number = |from: usize, to: usize| -> Result<u32, TimeError> {
            let digits = bytes.get(from..to).ok_or(TimeError::NotADate)?;
            if !digits.iter().all(u8::is_ascii_digit) {
                return Err(TimeError::NotADate);
            }
            Ok(digits.iter().fold(0, |value, digit| value * 10 + u32::from(digit - b'0')))
        };
        let expect = |at: usize, byte: u8| {
            if bytes.get(at) == Some(&byte) {
                Ok(())
            } else {
                Err(TimeError::NotADate)
            }
        };
        let year = number(0, 4)?;
        expect(4, b'-')?;
        let month = number(5, 7)?;
        expect(7, b'-')?;
        let day = number(8, 10)?;
        match bytes.get(10) {
            Some(b'T') => {}
            Some(b't') => return Err(TimeError::LowerCase),
            _ => return Err(TimeError::NotADate),
        }
        let hour = number(11, 13)?;
        expect(13, b':')?;
        let minute = number(14, 16)?;
        expect(16, b':')?;
        let second = number(17, 19)?;
        let mut at = 19;
        let mut nanos = 0;
        if bytes.get(at) == Some(&b'.') {
            let digits = bytes[at + 1..].iter().take_while(|byte| byte.is_ascii_digit()).count();
            if !(1..=9).contains(&digits) {
                return Err(TimeError::NotADate);
            }
            nanos = number(at + 1, at + 1 + digits)? * 10u32.pow(9 - digits as u32);
            at += 1 + digits;
        }
        let offset_minutes: i64 = match &bytes[at..] {
            b"Z" => 0,
            b"z" => return Err(TimeError::LowerCase),
            [] => return Err(TimeError::NoZone),
            [sign @ (b'+' | b'-'), ..] if bytes.len() == at + 6 => {
                expect(at + 3, b':')?;
                let (hours, minutes) = (number(at + 1, at + 3)?, number(at + 4, at + 6)?);
                if hours > 23 || minutes > 59 {
                    return Err(TimeError::FieldRange(TimeField::Offset));
                }
                let minutes = i64::from(hours * 60 + minutes);
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
            _ => return Err(TimeError::NotADate),
        };
        if !(1..=12).contains(&month) {
            return Err(TimeError::FieldRange(TimeField::Month));
        }
        if hour > 23 {
            return Err(TimeError::FieldRange(TimeField::Hour));
        }
        if minute > 59 {
            return Err(TimeError::FieldRange(TimeField::Minute));
        }
        if second == 60 {
            return Err(TimeError::LeapSecond);
        }
        if second > 60 {
            return Err(TimeError::FieldRange(TimeField::Second));
        }
        let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(TimeError::NoSuchDay)?;
        let local = date.and_hms_nano_opt(hour, minute, second, nanos).ok_or(TimeError::NotADate)?;
        let millis = local.and_utc().timestamp_millis() - offset_minutes * 60_000;
        Timestamp::from_unix_millis(millis).ok_or(TimeError::OutOfRange)
    }

    pub fn datetime(&self) -> DateTime<Utc> {
        self.0
    }

    pub fn unix_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    /// `self` moved later by `duration`, stopping at the earliest or latest time Baton stores.
    pub fn plus(&self, duration: Duration) -> Timestamp {
        let millis = self.unix_millis().saturating_add(duration.num_milliseconds());
        Timestamp::from_unix_millis(millis.clamp(EARLIEST_MILLIS, LATEST_MILLIS)).expect("clamped into range")
    }

    /// `self` moved earlier by `duration`, stopping at the earliest or latest time Baton stores.
    pub fn minus(&self, duration: Duration) -> Timestamp {
        let millis = self.unix_millis().saturating_sub(duration.num_milliseconds());
        Timestamp::from_unix_millis(millis.clamp(EARLIEST_MILLIS, LATEST_MILLIS)).expect("clamped into range")
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
        Timestamp::read_exact(&text)
            .map_err(|error| serde::de::Error::custom(format!("\"{}\" {error}", crate::text::shorten(&text))))
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

    #[test]
    fn only_years_0000_to_9999_can_be_made() {
        assert_eq!(Timestamp::earliest().to_text(), "0000-01-01T00:00:00.000Z");
        assert_eq!(Timestamp::latest().to_text(), "9999-12-31T23:59:59.999Z");
        assert_eq!(Timestamp::from_unix_millis(LATEST_MILLIS + 1), None);
        assert_eq!(Timestamp::from_unix_millis(EARLIEST_MILLIS - 1), None);
        assert_eq!(Timestamp::from_unix_millis(i64::MAX), None);
        assert_eq!(Timestamp::from_unix_millis(i64::MIN), None);
        // An offset can push the last day of 9999 into year 10000 once converted to UTC.
        assert_eq!(Timestamp::read("9999-12-31T23:59:59-01:00"), Err(TimeError::OutOfRange));
        assert_eq!(Timestamp::read("0000-01-01T00:30:00+01:00"), Err(TimeError::OutOfRange));
        assert_eq!(Timestamp::read("9999-12-31T22:59:59.999-01:00").unwrap(), Timestamp::latest());
        assert_eq!(Timestamp::read("9999-12-31 23:59:59").unwrap().to_text(), "9999-12-31T23:59:59.000Z");
        for text in ["+002026-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "+10000-01-01"] {
            assert_eq!(Timestamp::read(text), Err(TimeError::YearDigits), "{text}");
            assert_eq!(Timestamp::read_exact(text), Err(TimeError::YearDigits), "{text}");
        }
        // Moving past either end stops there instead of panicking.
        assert_eq!(Timestamp::latest().plus(Duration::days(2)), Timestamp::latest());
        assert_eq!(Timestamp::earliest().minus(Duration::days(2)), Timestamp::earliest());
        assert_eq!(Timestamp::latest().plus(Duration::MAX), Timestamp::latest());
        assert_eq!(Timestamp::latest().minus(Duration::MAX), Timestamp::earliest());
        assert_eq!(Timestamp::from_datetime(DateTime::<Utc>::MAX_UTC), None);
    }

    #[test]
    fn stored_times_are_read_exactly() {
        let at = |text: &str| Timestamp::read_exact(text).map(|at| at.to_text());
        assert_eq!(at("2026-11-26T10:00:00Z").unwrap(), "2026-11-26T10:00:00.000Z");
        assert_eq!(at("2026-11-26T12:00:00.123456789+02:00").unwrap(), "2026-11-26T10:00:00.123Z");
        assert_eq!(at("2026-11-26T10:00:00.000-00:30").unwrap(), "2026-11-26T10:30:00.000Z");
        assert_eq!(at("2026-11-26t10:00:00Z"), Err(TimeError::LowerCase));
        assert_eq!(at("2026-11-26T10:00:00z"), Err(TimeError::LowerCase));
        assert_eq!(at("2026-11-26T10:00:00"), Err(TimeError::NoZone));
        assert_eq!(at("2016-12-31T23:59:60Z"), Err(TimeError::LeapSecond));
        assert_eq!(at("2026-02-30T00:00:00Z"), Err(TimeError::NoSuchDay));
        assert_eq!(at("2026-13-01T00:00:00Z"), Err(TimeError::FieldRange(TimeField::Month)));
        assert_eq!(at("2026-11-26T24:00:00Z"), Err(TimeError::FieldRange(TimeField::Hour)));
        assert_eq!(at("2026-11-26T10:00:00+24:00"), Err(TimeError::FieldRange(TimeField::Offset)));
        for text in ["", "2026-11-26", "2026-11-26 10:00:00Z", "2026-11-26T10:00:00.Z", "2026-11-26T10:00:00+0200"] {
            assert_eq!(at(text), Err(TimeError::NotADate), "{text}");
        }
        // The looser reading of forms takes what the exact one refuses for its shape only.
        assert_eq!(Timestamp::read("2026-11-26t10:00:00z").unwrap().to_text(), "2026-11-26T10:00:00.000Z");
        assert_eq!(Timestamp::read("2016-12-31T23:59:60Z"), Err(TimeError::LeapSecond));
        assert_eq!(Timestamp::read("2026-02-30"), Err(TimeError::NotADate));
    }

    #[test]
    fn records_refuse_times_that_would_not_read_back() {
        for (text, says) in [
            ("9999-12-31T23:59:59-01:00", "outside the years 0000 to 9999"),
            ("+002026-11-26T10:00:00Z", "not four digits"),
            ("2026-11-26T10:00:00", "no time zone"),
            ("2016-12-31T23:59:60Z", "leap second"),
        ] {
            let error = serde_json::from_str::<Timestamp>(&format!("\"{text}\"")).unwrap_err().to_string();
            assert!(error.contains(says), "{text}: {error}");
        }
        let long = format!("\"{}\"", "9".repeat(10_000));
        let error = serde_json::from_str::<Timestamp>(&long).unwrap_err().to_string();
        assert!(error.len() < 400 && error.contains("…"), "{error}");
    }
}
