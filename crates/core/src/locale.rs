//! The locale policy: how numbers and UTC days are written and read, in one value.
//!
//! Every screen and message formats numbers through [`current`] and every form reads a typed
//! number through [`NumberFormat::parse_integer`], so the app shows and reads numbers one way. The
//! policy is a value ([`Locale`]) so another language is one more constant, not a hunt through
//! the screens. Local times ("3 Mar 2026, 14:05" in the user's time zone) stay with the browser,
//! which knows the zone; UTC days (the insight buckets) are written here.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How numbers are written: the thousands separator, the decimal mark and the minus sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberFormat {
    pub group: char,
    pub decimal: char,
    pub minus: char,
}

/// How a language writes numbers and names months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    pub numbers: NumberFormat,
    /// "Jan" … "Dec".
    pub short_months: [&'static str; 12],
    /// The hour and minute units of a duration ("h", "min"; "jam", "mnt").
    pub hour_unit: &'static str,
    pub minute_unit: &'static str,
}

impl Locale {
    /// English: "1,234.5", "−5", "20 Nov", "1 h 35 min".
    pub const ENGLISH: Locale = Locale {
        numbers: NumberFormat { group: ',', decimal: '.', minus: '−' },
        short_months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        hour_unit: "h",
        minute_unit: "min",
    };

    /// Bahasa Indonesia: "1.234,5", "−5", "20 Nov", "1 jam 35 mnt" (as `Intl` writes `id-ID`).
    pub const INDONESIAN: Locale = Locale {
        numbers: NumberFormat { group: '.', decimal: ',', minus: '−' },
        short_months: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
        hour_unit: "jam",
        minute_unit: "mnt",
    };

    /// "20 Nov": a day without its year (the insight buckets, the chart axes).
    pub fn short_day(&self, date: NaiveDate) -> String {
        format!("{} {}", date.day(), self.short_months[date.month0() as usize])
    }

    /// "35 min", "2 h", "1 h 35 min": a duration in whole minutes.
    pub fn minutes(&self, minutes: u32) -> String {
        let (hour, minute) = (self.hour_unit, self.minute_unit);
        match (minutes / 60, minutes % 60) {
            (0, m) => format!("{m} {minute}"),
            (h, 0) => format!("{} {hour}", self.numbers.format_integer(i64::from(h))),
            (h, m) => format!("{} {hour} {m} {minute}", self.numbers.format_integer(i64::from(h))),
        }
    }

    /// "1 session", "1,234 sessions": `one` and `many` come worded in this locale's language.
    pub fn plural(&self, count: i64, one: &str, many: &str) -> String {
        format!("{} {}", self.numbers.format_integer(count), if count == 1 { one } else { many })
    }
}

/// A language Baton speaks: its interface, its bundles and the reports it reads. Adding one is a
/// variant here plus its folder of catalogues (see `locales/README.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "id")]
    Indonesian,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Indonesian];

    /// The BCP 47 code: `<html lang>`, `Intl`, the catalogue folder and the stored preference.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Indonesian => "id",
        }
    }

    /// The language's own name for itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Indonesian => "Bahasa Indonesia",
        }
    }

    /// A code as browsers and people give it ("id", "id-ID", "in" (Java's old code), "en-GB"),
    /// or `None` for a language Baton does not speak.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::English),
            "id" | "in" => Some(Language::Indonesian),
            _ => None,
        }
    }

    /// The first of the browser's preferred languages that Baton speaks, else English.
    pub fn preferred<'a>(codes: impl IntoIterator<Item = &'a str>) -> Language {
        codes.into_iter().find_map(Language::from_code).unwrap_or_default()
    }

    pub fn locale(self) -> &'static Locale {
        match self {
            Language::English => &Locale::ENGLISH,
            Language::Indonesian => &Locale::INDONESIAN,
        }
    }
}

thread_local! {
    // The interface language. A thread-local rather than a parameter because every formatter
    // of the app reads it, and the app (wasm) has one thread; native tests each get their own.
    static CURRENT: std::cell::Cell<Language> = const { std::cell::Cell::new(Language::English) };
}

/// Chooses the interface language: the settings screen and the start-up call this.
pub fn set_language(language: Language) {
    CURRENT.with(|current| current.set(language));
}

/// The interface language.
pub fn language() -> Language {
    CURRENT.with(|current| current.get())
}

/// The locale the app speaks: the interface language's.
pub fn current() -> &'static Locale {
    language().locale()
}

/// A number in the current locale: grouped, at most three decimals ("1,234", "12.5", "−3").
pub fn format_number(value: f64) -> String {
    current().numbers.format(value)
}

/// A whole number in the current locale ("1,234", "−5"), for messages and counts.
pub fn format_integer(number: i64) -> String {
    current().numbers.format_integer(number)
}

/// "1 turn", "12 turns", in the current locale.
pub fn plural(count: i64, one: &str, many: &str) -> String {
    current().plural(count, one, many)
}

/// Why a typed number was not read, rather than reading "1,5" as fifteen or "1.000" as one. The
/// interface words each case (what to type instead) in its language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    /// Letters or symbols that are not part of a number.
    NotANumber,
    /// Separators that do not group the digits by three ("1,5", "12,34", "1,000 000").
    Misgrouped,
    /// Could be a decimal or a thousands group written the other way ("1.000": one, or a
    /// thousand as much of the world writes it).
    Ambiguous,
    /// A fraction where a whole number is needed ("1.5").
    NotWhole,
    /// Below zero where only 0 or more makes sense.
    Negative,
    TooLarge,
}

/// Separators people type between groups of digits besides the locale's own.
const SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '_'];

impl NumberFormat {
    /// A whole number with grouped digits and the locale's minus sign ("1,234", "−5").
    pub fn format_integer(&self, number: i64) -> String {
        let mut text = String::new();
        if number < 0 {
            text.push(self.minus);
        }
        self.push_grouped(&mut text, &number.unsigned_abs().to_string());
        text
    }

    /// A number rounded to at most three decimals, trailing zeros dropped ("12.5", "1,234").
    pub fn format(&self, value: f64) -> String {
        if value.is_nan() {
            return "NaN".to_string();
        }
        if value.is_infinite() {
            return if value < 0.0 { format!("{}∞", self.minus) } else { "∞".to_string() };
        }
        let thousandths = (value.abs() * 1000.0).round() as u128;
        let (whole, fraction) = (thousandths / 1000, thousandths % 1000);
        let mut text = String::new();
        if value < 0.0 && thousandths > 0 {
            text.push(self.minus);
        }
        self.push_grouped(&mut text, &whole.to_string());
        if fraction > 0 {
            text.push(self.decimal);
            text.push_str(format!("{fraction:03}").trim_end_matches('0'));
        }
        text
    }

    fn push_grouped(&self, text: &mut String, digits: &str) {
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                text.push(self.group);
            }
            text.push(digit);
        }
    }

    /// A whole number typed by a person: an optional sign ("+", "-", "−"), digits optionally
    /// grouped by three with the locale's separator or spaces, and optionally a fraction of zeros
    /// ("5.0"). Refuses rather than guesses: "1,5" ([`NumberError::Misgrouped`]), "1.000"
    /// ([`NumberError::Ambiguous`]), "1.5" ([`NumberError::NotWhole`]).
    pub fn parse_integer(&self, text: &str) -> Result<i64, NumberError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(NumberError::Empty);
        }
        let (negative, body) = match text.chars().next() {
            Some('+') => (false, &text[1..]),
            Some(c) if c == '-' || c == self.minus => (true, &text[c.len_utf8()..]),
            _ => (false, text),
        };
        let is_separator = |c: char| c == self.group || SPACES.contains(&c);
        if body.is_empty()
            || !body.chars().next().is_some_and(|c| c.is_ascii_digit())
            || !body.chars().all(|c| c.is_ascii_digit() || c == self.decimal || is_separator(c))
        {
            return Err(NumberError::NotANumber);
        }
        let (whole, fraction) = match body.split_once(self.decimal) {
            None => (body, None),
            Some((whole, fraction)) => (whole, Some(fraction)),
        };
        if let Some(fraction) = fraction {
            // A second mark, or three digits after one mark with no group before it, is a
            // thousands group written the other way round ("1.000", "1.000.000").
            let looks_grouped = !whole.chars().any(is_separator) && fraction.len() == 3;
            if fraction.contains(self.decimal) || (looks_grouped && fraction.chars().all(|c| c.is_ascii_digit())) {
                return Err(NumberError::Ambiguous);
            }
            if fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()) {
                return Err(NumberError::NotANumber);
            }
            if fraction.chars().any(|c| c != '0') {
                return Err(NumberError::NotWhole);
            }
        }
        let digits = ungrouped(whole, is_separator).ok_or(NumberError::Misgrouped)?;
        let magnitude: u64 = digits.parse().map_err(|_| NumberError::TooLarge)?;
        if negative {
            0i64.checked_sub_unsigned(magnitude).ok_or(NumberError::TooLarge)
        } else {
            i64::try_from(magnitude).map_err(|_| NumberError::TooLarge)
        }
    }

    /// [`Self::parse_integer`] for a count or an amount: 0 or more.
    pub fn parse_whole(&self, text: &str) -> Result<u64, NumberError> {
        match self.parse_integer(text)? {
            value if value < 0 => Err(NumberError::Negative),
            value => Ok(value as u64),
        }
    }
}

/// The digits of `text` with its group separators removed, or `None` when they do not group the
/// digits by three (one kind of separator, a first group of 1–3 digits, then groups of 3).
fn ungrouped(text: &str, is_separator: impl Fn(char) -> bool) -> Option<String> {
    let separators: Vec<char> = text.chars().filter(|c| is_separator(*c)).collect();
    if separators.is_empty() {
        return Some(text.to_string());
    }
    if separators.iter().any(|c| *c != separators[0]) {
        return None;
    }
    let groups: Vec<&str> = text.split(separators[0]).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|group| group.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: NumberFormat = Locale::ENGLISH.numbers;

    #[test]
    fn integers_are_grouped_with_a_true_minus() {
        assert_eq!(EN.format_integer(0), "0");
        assert_eq!(EN.format_integer(999), "999");
        assert_eq!(EN.format_integer(1234), "1,234");
        assert_eq!(EN.format_integer(-1_234_567), "−1,234,567");
        assert_eq!(EN.format_integer(i64::MIN), "−9,223,372,036,854,775,808");
    }

    #[test]
    fn decimals_keep_at_most_three_places() {
        assert_eq!(EN.format(12.5), "12.5");
        assert_eq!(EN.format(1234.0), "1,234");
        assert_eq!(EN.format(0.1 + 0.2), "0.3");
        assert_eq!(EN.format(2.0 / 3.0), "0.667");
        assert_eq!(EN.format(-0.0001), "0");
        assert_eq!(EN.format(-1500.25), "−1,500.25");
        assert_eq!(EN.format(f64::INFINITY), "∞");
        assert_eq!(EN.format(f64::NAN), "NaN");
        let comma_decimal = NumberFormat { group: '.', decimal: ',', minus: '-' };
        assert_eq!(comma_decimal.format(-1234.5), "-1.234,5");
    }

    #[test]
    fn parses_plain_signed_and_grouped_numbers() {
        for (typed, value) in [
            ("42", 42),
            (" +7 ", 7),
            ("-20", -20),
            ("−20", -20),
            ("1,000", 1000),
            ("12,345,678", 12_345_678),
            ("1 000", 1000),
            ("1_000_000", 1_000_000),
            ("5.0", 5),
            ("1,000.00", 1000),
            ("0", 0),
        ] {
            assert_eq!(EN.parse_integer(typed), Ok(value), "typed {typed:?}");
        }
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        for (typed, error) in [
            ("", NumberError::Empty),
            ("  ", NumberError::Empty),
            ("ten", NumberError::NotANumber),
            ("-", NumberError::NotANumber),
            ("1e3", NumberError::NotANumber),
            (",100", NumberError::NotANumber),
            ("1,5", NumberError::Misgrouped),
            ("12,34", NumberError::Misgrouped),
            ("1234,567", NumberError::Misgrouped),
            ("1,000 000", NumberError::Misgrouped),
            ("1,,000", NumberError::Misgrouped),
            ("1.000", NumberError::Ambiguous),
            ("1.000.000", NumberError::Ambiguous),
            ("1.5", NumberError::NotWhole),
            ("1.", NumberError::NotANumber),
            ("99999999999999999999", NumberError::TooLarge),
        ] {
            assert_eq!(EN.parse_integer(typed), Err(error), "typed {typed:?}");
        }
        assert_eq!(EN.parse_whole("-5"), Err(NumberError::Negative));
        assert_eq!(EN.parse_whole("1,500"), Ok(1500));
    }

    #[test]
    fn another_policy_reads_its_own_marks() {
        let comma_decimal = NumberFormat { group: '.', decimal: ',', minus: '-' };
        assert_eq!(comma_decimal.parse_integer("1.234.567"), Ok(1_234_567));
        assert_eq!(comma_decimal.parse_integer("1,000"), Err(NumberError::Ambiguous));
        assert_eq!(comma_decimal.parse_integer("2,5"), Err(NumberError::NotWhole));
    }

    #[test]
    fn plurals_and_days() {
        let en = Locale::ENGLISH;
        assert_eq!(en.plural(1, "turn", "turns"), "1 turn");
        assert_eq!(en.plural(0, "turn", "turns"), "0 turns");
        assert_eq!(en.plural(1234, "turn", "turns"), "1,234 turns");
        assert_eq!(plural(2, "credit", "credits"), "2 credits");
        assert_eq!(format_number(1234.5), "1,234.5");
        assert_eq!(en.short_day(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()), "20 Nov");
        assert_eq!(en.short_day(NaiveDate::from_ymd_opt(2026, 1, 3).unwrap()), "3 Jan");
        assert_eq!(en.minutes(0), "0 min");
        assert_eq!(en.minutes(35), "35 min");
        assert_eq!(en.minutes(120), "2 h");
        assert_eq!(en.minutes(95), "1 h 35 min");
    }
}

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn browser_codes_pick_a_language_baton_speaks() {
        assert_eq!(Language::from_code("id-ID"), Some(Language::Indonesian));
        assert_eq!(Language::from_code("in"), Some(Language::Indonesian));
        assert_eq!(Language::from_code("en_GB"), Some(Language::English));
        assert_eq!(Language::from_code("fr"), None);
        assert_eq!(Language::preferred(["fr-FR", "id", "en"]), Language::Indonesian);
        assert_eq!(Language::preferred(["fr-FR"]), Language::English);
        for language in Language::ALL {
            assert_eq!(Language::from_code(language.code()), Some(language));
        }
    }

    #[test]
    fn indonesian_writes_and_reads_numbers_the_other_way_round() {
        let id = Locale::INDONESIAN.numbers;
        assert_eq!(id.format(1234.5), "1.234,5");
        assert_eq!(id.format_integer(-1_234_567), "−1.234.567");
        assert_eq!(id.parse_integer("1.234"), Ok(1234));
        assert_eq!(id.parse_integer("1,000"), Err(NumberError::Ambiguous));
        assert_eq!(id.parse_integer("1.5"), Err(NumberError::Misgrouped));
        assert_eq!(Locale::INDONESIAN.minutes(95), "1 jam 35 mnt");
        assert_eq!(Locale::INDONESIAN.short_day(NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()), "20 Mei");
    }

    #[test]
    fn the_current_locale_follows_the_chosen_language() {
        set_language(Language::Indonesian);
        assert_eq!(format_integer(12_345), "12.345");
        set_language(Language::English);
        assert_eq!(format_integer(12_345), "12,345");
    }
}
