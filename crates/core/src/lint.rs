//! The bundle lint: what to fix before a handoff bundle leaves the app (spec `handoff.md`, Lint).
//!
//! - **Sections and budget**: empty required sections (errors) and a bundle over its budget
//!   (a warning: the builder has already trimmed what it could).
//! - **Secrets** ([`scan_secrets`]): keys and tokens of the common providers by their published
//!   shapes, private key blocks, JWTs, passwords in URLs and in `key=value` / `key: value` lines,
//!   and random-looking strings on a line that talks about keys, secrets, tokens or passwords.
//!   Each finding has the byte range that "Redact" replaces with `[REDACTED:<kind>]`.
//! - **Placeholders** ([`find_placeholders`]): template leftovers such as `<your name>`, `[TODO]`,
//!   `{{project}}`, `TODO:`, `XXX`, `<path>`.
//!
//! The scanner is written by hand (no regex engine in the wasm bundle). Every detector is a scan
//! for a fixed prefix or a walk over each line once: a 200 KB bundle with a hundred findings lints
//! in about 6 ms in a release build (60 ms unoptimised).
//!
//! Choices that keep false alarms away (each is tested):
//! - Hex strings (commit hashes, sha256 digests, UUIDs) are never secrets by entropy: a secret
//!   candidate needs upper- and lower-case letters and digits, mixed the way random text mixes
//!   them (camelCase identifiers such as `OAuth2ClientCredentialsGrant` are not).
//! - `data:` URLs (inline images) are skipped: their base64 is picture data, not a credential.
//! - A `password=` / `token:` value is not a secret when it is empty or a placeholder (`<your
//!   password>`, `${DB_PASSWORD}`, `***`, `changeme`, `[REDACTED:…]`, `null`), a code reference
//!   (`self.password`, `env("X")`, `&str`), a path, or, unquoted, plain lower-case letters
//!   (`password: reset` is prose; `password: hunter2` is flagged). `changeme` and friends are
//!   public defaults, so they leak nothing by being shared.
//! - Inside fenced code blocks, `TODO:` and `XXX` are ordinary code comments, not unfilled
//!   template slots; the lines of a ```` ```handoff-report ```` fence are the report template the
//!   receiving assistant fills in, so no placeholder is reported there.

use crate::handoff::SectionKind;
use crate::records::LintNote;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// The kind of the finding for an empty required section.
pub const MISSING_SECTION: &str = "missing_section";
/// The kind of the finding for a bundle over its budget.
pub const OVER_BUDGET: &str = "over_budget";
/// The kind of the finding for an unfilled template slot.
pub const PLACEHOLDER: &str = "placeholder";

/// How serious a finding is: errors ask for an explicit confirmation before the bundle is copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The stored name, in the note kept with a handoff ("Error", "Warning"; not for people).
    fn stored(&self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        }
    }
}

/// How long a secret is: characters, or the lines of a private key block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Chars(usize),
    Lines(usize),
}

/// What a finding found, beyond its kind and line: the UI words it ("OpenAI API key on line 12",
/// "Password (“DB_PASSWORD”) on line 3").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A required section is empty.
    MissingSection(SectionKind),
    /// The bundle's estimate is over its budget.
    OverBudget { estimated: u32, budget: u32 },
    /// A secret by its shape (the kind says which).
    Secret,
    /// A password in a URL.
    InUrl,
    /// The value of a `key=value` line, with its key.
    ValueOf(String),
    /// A random-looking string on a line with this word ("token"): possibly a secret.
    Beside(String),
    /// An unfilled template slot (the excerpt).
    Placeholder,
}

/// One thing the lint found.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// `missing_section`, `over_budget`, `placeholder`, or the secret's kind (see [`SECRET_KINDS`]).
    pub kind: String,
    pub severity: Severity,
    /// What it found, for the UI to word with the kind and the line; never the secret.
    pub found: Found,
    /// Byte range in the text of the secret or placeholder (what "Redact" replaces); `None` for
    /// section and budget findings.
    pub range: Option<Range<usize>>,
    /// 1-based line of the range's start; 0 when there is no range.
    pub line: usize,
    /// A masked preview ("sk-pro…Xy9"), or the placeholder itself.
    pub excerpt: String,
    /// How long the secret is (what the masked preview hides), for the UI to say beside it.
    pub size: Option<Size>,
}

impl Finding {
    /// Whether this finding is a secret (what [`redact_all`] replaces).
    pub fn is_secret(&self) -> bool {
        !matches!(self.kind.as_str(), MISSING_SECTION | OVER_BUDGET | PLACEHOLDER)
    }

    /// The note kept with the handoff's bundle (no range, no excerpt: the note must not carry
    /// any part of a secret).
    /// Its message is where, in no language ("line=12", "section=next_steps",
    /// "tokens=12500 budget=10000"): the app words it from the kind when it shows it.
    pub fn to_note(&self) -> LintNote {
        let message = match &self.found {
            Found::MissingSection(section) => format!("section={}", section.as_str()),
            Found::OverBudget { estimated, budget } => format!("tokens={estimated} budget={budget}"),
            _ => format!("line={}", self.line),
        };
        LintNote { kind: self.kind.clone(), severity: self.severity.stored().to_string(), message }
    }
}

/// What the lint needs to know beyond the text.
#[derive(Clone, Copy, Debug, Default)]
pub struct LintContext<'a> {
    /// The required sections that are empty.
    pub missing_required: &'a [SectionKind],
    pub estimated_tokens: u32,
    pub budget: Option<u32>,
}

/// Every kind of secret the scanner finds (the UI names each).
pub const SECRET_KINDS: [&str; 17] = [
    "openai_key",
    "anthropic_key",
    "google_api_key",
    "google_oauth_secret",
    "github_token",
    "gitlab_token",
    "aws_access_key",
    "aws_secret_key",
    "slack_token",
    "slack_webhook",
    "stripe_key",
    "huggingface_token",
    "private_key",
    "jwt",
    "password",
    "secret",
    "high_entropy",
];

/// Every finding for a bundle: errors first, then warnings, each in text order (section and
/// budget findings, which have no position, come first within their severity).
pub fn lint(text: &str, context: &LintContext) -> Vec<Finding> {
    let mut findings: Vec<Finding> = context
        .missing_required
        .iter()
        .map(|section| Finding {
            kind: MISSING_SECTION.to_string(),
            severity: Severity::Error,
            found: Found::MissingSection(*section),
            range: None,
            line: 0,
            excerpt: String::new(),
            size: None,
        })
        .collect();
    if let Some(budget) = context.budget {
        if context.estimated_tokens > budget {
            findings.push(Finding {
                kind: OVER_BUDGET.to_string(),
                severity: Severity::Warning,
                found: Found::OverBudget { estimated: context.estimated_tokens, budget },
                range: None,
                line: 0,
                excerpt: String::new(),
                size: None,
            });
        }
    }
    findings.extend(scan_secrets(text));
    findings.extend(find_placeholders(text));
    findings.sort_by_key(|finding| (finding.severity, finding.range.as_ref().map_or(0, |range| range.start)));
    findings
}

/// Replaces the finding's range with `[REDACTED:<kind>]`; the text is unchanged when the finding
/// has no range (or a range that does not fit this text).
pub fn redact(text: &str, finding: &Finding) -> String {
    match &finding.range {
        Some(range) if text.get(range.clone()).is_some() => {
            let mut redacted = String::with_capacity(text.len());
            redacted.push_str(&text[..range.start]);
            redacted.push_str(&redaction_mark(&finding.kind));
            redacted.push_str(&text[range.end..]);
            redacted
        }
        _ => text.to_string(),
    }
}

/// Redacts every secret finding (placeholders and section findings are left alone), working from
/// the end of the text so earlier ranges stay valid.
pub fn redact_all(text: &str, findings: &[Finding]) -> String {
    let mut secrets: Vec<&Finding> = findings
        .iter()
        .filter(|finding| finding.is_secret() && finding.range.as_ref().is_some_and(|r| text.get(r.clone()).is_some()))
        .collect();
    secrets.sort_by_key(|finding| std::cmp::Reverse(finding.range.as_ref().map_or(0, |range| range.start)));
    let mut redacted = text.to_string();
    let mut earliest = usize::MAX;
    for finding in secrets {
        let range = finding.range.clone().unwrap_or_default();
        // Overlapping findings (never produced by `scan_secrets`) are skipped, not mangled.
        if range.end > earliest {
            continue;
        }
        redacted.replace_range(range.clone(), &redaction_mark(&finding.kind));
        earliest = range.start;
    }
    redacted
}

fn redaction_mark(kind: &str) -> String {
    format!("[REDACTED:{kind}]")
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/// Line starts, to turn byte offsets into 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, byte)| *byte == b'\n').map(|(index, _)| index + 1));
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// One candidate secret before overlaps are resolved; a lower `rank` is more specific and wins.
struct Hit {
    kind: &'static str,
    range: Range<usize>,
    rank: u8,
    severity: Severity,
    /// What the finding says beyond its kind and line.
    found: Found,
}

impl Hit {
    fn new(kind: &'static str, range: Range<usize>, rank: u8) -> Hit {
        Hit { kind, range, rank, severity: Severity::Error, found: Found::Secret }
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

fn is_alnum(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
}

fn is_upper_or_digit(byte: u8) -> bool {
    byte.is_ascii_uppercase() || byte.is_ascii_digit()
}

fn is_slack_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-'
}

fn is_alnum_or_underscore(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn is_webhook_path_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'/' || byte == b'_'
}

/// A provider's token: a fixed prefix, then a body of some characters.
struct PrefixRule {
    prefix: &'static str,
    kind: &'static str,
    body: fn(u8) -> bool,
    min_body: usize,
    /// The body has exactly this length (AWS and Google keys have fixed lengths).
    exact_body: Option<usize>,
    /// The body must mix upper case, lower case and digits, as generated keys do.
    random: bool,
}

const fn rule(prefix: &'static str, kind: &'static str, body: fn(u8) -> bool, min_body: usize) -> PrefixRule {
    PrefixRule { prefix, kind, body, min_body, exact_body: None, random: false }
}

const fn random_rule(prefix: &'static str, kind: &'static str, body: fn(u8) -> bool, min_body: usize) -> PrefixRule {
    PrefixRule { prefix, kind, body, min_body, exact_body: None, random: true }
}

const fn exact_rule(prefix: &'static str, kind: &'static str, body: fn(u8) -> bool, length: usize) -> PrefixRule {
    PrefixRule { prefix, kind, body, min_body: length, exact_body: Some(length), random: false }
}

/// The most specific prefixes come first: on the same start, the first rule wins.
const PREFIX_RULES: &[PrefixRule] = &[
    random_rule("sk-ant-", "anthropic_key", is_word_byte, 20),
    random_rule("sk-proj-", "openai_key", is_word_byte, 20),
    random_rule("sk-svcacct-", "openai_key", is_word_byte, 20),
    random_rule("sk-admin-", "openai_key", is_word_byte, 20),
    random_rule("sk-", "openai_key", is_word_byte, 20),
    exact_rule("AIza", "google_api_key", is_word_byte, 35),
    rule("GOCSPX-", "google_oauth_secret", is_word_byte, 20),
    rule("github_pat_", "github_token", is_alnum_or_underscore, 22),
    rule("ghp_", "github_token", is_alnum, 30),
    rule("gho_", "github_token", is_alnum, 30),
    rule("ghu_", "github_token", is_alnum, 30),
    rule("ghs_", "github_token", is_alnum, 30),
    rule("ghr_", "github_token", is_alnum, 30),
    rule("glpat-", "gitlab_token", is_word_byte, 20),
    exact_rule("AKIA", "aws_access_key", is_upper_or_digit, 16),
    exact_rule("ASIA", "aws_access_key", is_upper_or_digit, 16),
    rule("xoxb-", "slack_token", is_slack_byte, 10),
    rule("xoxa-", "slack_token", is_slack_byte, 10),
    rule("xoxp-", "slack_token", is_slack_byte, 10),
    rule("xoxr-", "slack_token", is_slack_byte, 10),
    rule("xoxs-", "slack_token", is_slack_byte, 10),
    rule("https://hooks.slack.com/services/", "slack_webhook", is_webhook_path_byte, 20),
    rule("sk_live_", "stripe_key", is_alnum, 16),
    rule("rk_live_", "stripe_key", is_alnum, 16),
    rule("sk_test_", "stripe_key", is_alnum, 16),
    rule("rk_test_", "stripe_key", is_alnum, 16),
    random_rule("hf_", "huggingface_token", is_alnum, 30),
];

/// Every secret in the text, in text order, without overlaps (the most specific detector wins).
pub fn scan_secrets(text: &str) -> Vec<Finding> {
    let skipped = data_url_ranges(text);
    let inside_skipped = |range: &Range<usize>| skipped.iter().any(|s| s.start <= range.start && range.end <= s.end);

    let mut hits = Vec::new();
    prefixed_tokens(text, &mut hits);
    private_keys(text, &mut hits);
    web_tokens(text, &mut hits);
    url_passwords(text, &mut hits);
    let mut line_start = 0;
    for line in text.split('\n') {
        line_secrets(line, line_start, &mut hits);
        line_start += line.len() + 1;
    }
    hits.retain(|hit| hit.kind == "private_key" || !inside_skipped(&hit.range));

    // Keep the most specific hit of any overlapping group: by rank, then by position.
    hits.sort_by_key(|hit| (hit.rank, hit.range.start));
    let mut kept: BTreeMap<usize, Hit> = BTreeMap::new();
    for hit in hits {
        let overlaps_before =
            kept.range(..=hit.range.start).next_back().is_some_and(|(_, k)| k.range.end > hit.range.start);
        let overlaps_after = kept.range(hit.range.start..).next().is_some_and(|(_, k)| k.range.start < hit.range.end);
        if !overlaps_before && !overlaps_after {
            kept.insert(hit.range.start, hit);
        }
    }

    let lines = LineIndex::new(text);
    kept.into_values()
        .map(|hit| {
            let line = lines.line_of(hit.range.start);
            let secret = &text[hit.range.clone()];
            Finding {
                kind: hit.kind.to_string(),
                severity: hit.severity,
                found: hit.found,
                excerpt: if hit.kind == "private_key" { private_key_excerpt(secret) } else { mask(secret) },
                size: Some(if hit.kind == "private_key" {
                    Size::Lines(secret.lines().count())
                } else {
                    Size::Chars(secret.chars().count())
                }),
                range: Some(hit.range),
                line,
            }
        })
        .collect()
}

/// "sk-pro…Xy9": enough to recognise a key, too little to use it.
fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let count = chars.len();
    let shown = if count >= 16 {
        let head: String = chars[..6].iter().collect();
        let tail: String = chars[count - 3..].iter().collect();
        format!("{head}…{tail}")
    } else if count >= 8 {
        let head: String = chars[..2].iter().collect();
        format!("{head}…")
    } else {
        "…".to_string()
    };
    shown
}

fn private_key_excerpt(block: &str) -> String {
    let first = block.lines().next().unwrap_or("");
    format!("{first} …")
}

/// Byte ranges of `data:…;base64,…` URLs (inline images), which the secret scan skips.
fn data_url_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    for (start, _) in text.match_indices("data:") {
        if start > 0 && is_alnum(bytes[start - 1]) {
            continue;
        }
        let end = start
            + bytes[start..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b')' | b'<' | b'>' | b'`'))
                .unwrap_or(bytes.len() - start);
        if text[start..end].contains(";base64,") {
            ranges.push(start..end);
        }
    }
    ranges
}

/// Length of the run of `class` bytes starting at `from`.
fn run_length(bytes: &[u8], from: usize, class: fn(u8) -> bool) -> usize {
    bytes[from.min(bytes.len())..].iter().take_while(|&&b| class(b)).count()
}

/// Upper case, lower case and digits all present, as in generated keys.
fn mixes_cases_and_digits(body: &[u8]) -> bool {
    body.iter().any(u8::is_ascii_uppercase)
        && body.iter().any(u8::is_ascii_lowercase)
        && body.iter().any(u8::is_ascii_digit)
}

fn prefixed_tokens(text: &str, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    for rule in PREFIX_RULES {
        for (start, _) in text.match_indices(rule.prefix) {
            // A prefix glued to a word ("task-", "self_") is part of that word.
            if start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            let body_start = start + rule.prefix.len();
            let body_length = run_length(bytes, body_start, rule.body);
            let body = &bytes[body_start..body_start + body_length];
            let long_enough = match rule.exact_body {
                Some(exact) => {
                    body_length == exact && !bytes.get(body_start + exact).copied().is_some_and(is_word_byte)
                }
                None => body_length >= rule.min_body,
            };
            if !long_enough || (rule.random && !mixes_cases_and_digits(body)) {
                continue;
            }
            hits.push(Hit::new(rule.kind, start..body_start + body_length, 0));
        }
    }
}

/// `-----BEGIN … PRIVATE KEY-----` to its END line; the whole block is the secret. Without an
/// END line, the block runs to the first blank line.
fn private_keys(text: &str, hits: &mut Vec<Hit>) {
    for (start, _) in text.match_indices("-----BEGIN ") {
        let header_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let header = &text[start..header_end];
        let label_start = "-----BEGIN ".len();
        let Some(label_length) = header[label_start..].find("-----") else { continue };
        let label = &header[label_start..label_start + label_length];
        if !label.contains("PRIVATE KEY") {
            continue;
        }
        let end_marker = format!("-----END {label}-----");
        let end = match text[header_end..].find(&end_marker) {
            Some(offset) => header_end + offset + end_marker.len(),
            None => {
                let rest = &text[header_end..];
                let blank = rest.find("\n\n").or_else(|| rest.find("\n\r\n")).unwrap_or(rest.len());
                header_end + rest[..blank].trim_end().len()
            }
        };
        hits.push(Hit::new("private_key", start..end, 0));
    }
}

/// JWTs: three base64url parts separated by dots, the first a JSON header (`eyJ`).
fn web_tokens(text: &str, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    const MIN_PART: usize = 10;
    for (start, _) in text.match_indices("eyJ") {
        if start > 0 && (is_word_byte(bytes[start - 1]) || bytes[start - 1] == b'.') {
            continue;
        }
        let mut end = start;
        let mut parts = 0;
        loop {
            let length = run_length(bytes, end, is_word_byte);
            if length < MIN_PART {
                break;
            }
            end += length;
            parts += 1;
            if parts == 3 || bytes.get(end) != Some(&b'.') {
                break;
            }
            end += 1;
        }
        if parts == 3 {
            hits.push(Hit::new("jwt", start..end, 1));
        }
    }
}

/// `scheme://user:password@host`: the password is the secret.
fn url_passwords(text: &str, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    for (separator, _) in text.match_indices("://") {
        let scheme_length = bytes[..separator]
            .iter()
            .rev()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
            .count();
        if scheme_length == 0 {
            continue;
        }
        let userinfo_start = separator + 3;
        let userinfo_length = bytes[userinfo_start..]
            .iter()
            .position(|&b| {
                b.is_ascii_whitespace() || matches!(b, b'@' | b'/' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'`')
            })
            .unwrap_or(bytes.len() - userinfo_start);
        let at = userinfo_start + userinfo_length;
        let host_follows = bytes.get(at) == Some(&b'@') && bytes.get(at + 1).is_some_and(|&b| is_alnum(b) || b == b'[');
        if !host_follows {
            continue;
        }
        let userinfo = &text[userinfo_start..at];
        if userinfo.starts_with("[REDACTED:") {
            continue;
        }
        let Some(colon) = userinfo.find(':') else { continue };
        let password = &userinfo[colon + 1..];
        if password.is_empty() || is_placeholder_value(password) {
            continue;
        }
        let start = userinfo_start + colon + 1;
        let mut hit = Hit::new("password", start..at, 2);
        hit.found = Found::InUrl;
        hits.push(hit);
    }
}

/// Whether a key name is for a password (`DB_PASSWORD`, `passwd`, `pwd`).
fn is_password_key(key: &str) -> bool {
    key == "pass"
        || key.ends_with("password")
        || key.ends_with("passwd")
        || key.ends_with("_pass")
        || key.ends_with("passphrase")
        || key == "pwd"
        || key.ends_with("_pwd")
}

/// Whether a key name is for another secret (`api_key`, `GITHUB_TOKEN`, `client_secret`).
fn is_secret_key(key: &str) -> bool {
    const ENDINGS: [&str; 11] = [
        "secret",
        "token",
        "api_key",
        "apikey",
        "access_key",
        "private_key",
        "secret_key",
        "auth_key",
        "signing_key",
        "encryption_key",
        "credentials",
    ];
    ENDINGS.iter().any(|ending| key.ends_with(ending))
}

/// Values that stand for a secret without being one.
fn is_placeholder_value(value: &str) -> bool {
    const WORDS: [&str; 30] = [
        "changeme",
        "change_me",
        "change-me",
        "password",
        "passwd",
        "secret",
        "token",
        "example",
        "redacted",
        "hidden",
        "masked",
        "null",
        "nil",
        "none",
        "undefined",
        "true",
        "false",
        "todo",
        "tbd",
        "placeholder",
        "required",
        "optional",
        "string",
        "str",
        "text",
        "empty",
        "n/a",
        "your_password",
        "yourpassword",
        "your-password",
    ];
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let first = value.chars().next();
    value.is_empty()
        || matches!(first, Some('<' | '$' | '%' | '{' | '[' | '&' | '*' | '!' | '|' | '>' | '…'))
        || value.starts_with("...")
        || value.chars().all(|c| c == value.chars().next().unwrap_or(' '))
        || lower.starts_with("your")
        || lower.starts_with("xxx")
        || WORDS.contains(&lower.as_str())
}

/// A bare value that reads as code, a name or prose rather than a credential: plain letters
/// (`reset`, `DB_PASSWORD`), a dotted reference (`self.password`), a call, a type, a path.
fn is_reference_or_word(value: &str) -> bool {
    let bytes = value.as_bytes();
    let identifier_like = bytes.iter().all(|&b| b.is_ascii_alphabetic() || b == b'_' || b == b'.');
    identifier_like
        || value.contains('(')
        || value.starts_with('/')
        || value.starts_with('~')
        || value.starts_with("./")
        || value.starts_with("process.env")
        || value.starts_with("os.environ")
}

/// `key=value`, `key: value`, `"key": "value"` secrets, AWS secret keys beside their name, and
/// random-looking strings on a line that talks about keys, tokens or passwords.
fn line_secrets(line: &str, line_start: usize, hits: &mut Vec<Hit>) {
    let lower = line.to_ascii_lowercase();
    const CONTEXT_WORDS: [&str; 8] = ["key", "secret", "token", "pass", "pwd", "credential", "auth", "bearer"];
    let Some(context_word) = CONTEXT_WORDS.iter().find(|word| lower.contains(*word)) else { return };
    key_value_secrets(line, &lower, line_start, hits);
    random_strings(line, &lower, line_start, context_word, hits);
}

fn key_value_secrets(line: &str, lower: &str, line_start: usize, hits: &mut Vec<Hit>) {
    let bytes = line.as_bytes();
    for (separator, &byte) in bytes.iter().enumerate() {
        if byte != b'=' && byte != b':' {
            continue;
        }
        let previous = separator.checked_sub(1).map(|i| bytes[i]);
        let next = bytes.get(separator + 1).copied();
        // Comparisons and paths: `==`, `!=`, `<=`, `::`, `https:`.
        if matches!(previous, Some(b'=' | b'!' | b'<' | b'>' | b':')) || matches!(next, Some(b'=' | b':' | b'/')) {
            continue;
        }
        if byte == b':' && next.is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b'`')) {
            // `key:value` without a space is a URL port, a time or a label, not YAML.
            continue;
        }
        // The key: the name just before the separator, quotes and spaces skipped.
        let mut key_end = separator;
        while key_end > 0 && matches!(bytes[key_end - 1], b' ' | b'\t' | b'"' | b'\'' | b'`' | b'*') {
            key_end -= 1;
        }
        let key_start = bytes[..key_end]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
            .map_or(0, |i| i + 1);
        let key = lower[key_start..key_end].rsplit('.').next().unwrap_or("").replace('-', "_");
        let is_password = is_password_key(&key);
        if !is_password && !is_secret_key(&key) {
            continue;
        }
        // The value: quoted, or bare up to the end of the line.
        let mut value_start = separator + 1;
        if bytes.get(value_start) == Some(&b'>') {
            value_start += 1; // `=>`
        }
        while value_start < bytes.len() && matches!(bytes[value_start], b' ' | b'\t') {
            value_start += 1;
        }
        let Some(&first) = bytes.get(value_start) else { continue };
        let (range, quoted) = if matches!(first, b'"' | b'\'' | b'`') {
            let Some(length) = bytes[value_start + 1..].iter().position(|&b| b == first) else { continue };
            (value_start + 1..value_start + 1 + length, true)
        } else {
            let length =
                bytes[value_start..].iter().position(u8::is_ascii_whitespace).unwrap_or(bytes.len() - value_start);
            let mut end = value_start + length;
            while end > value_start && matches!(bytes[end - 1], b',' | b';') {
                end -= 1;
            }
            // Prose goes on after the value ("password: see the vault"); a comment may.
            let rest = line[value_start + length..].trim();
            if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with("//")) {
                continue;
            }
            (value_start..end, false)
        };
        let value = &line[range.clone()];
        if is_placeholder_value(value) {
            continue;
        }
        let secret_like = if is_password {
            quoted || !is_reference_or_word(value)
        } else {
            let has_digit = value.bytes().any(|b| b.is_ascii_digit());
            let has_letter = value.bytes().any(|b| b.is_ascii_alphabetic());
            value.len() >= 8 && has_digit && has_letter && !value.contains(' ') && !is_reference_or_word(value)
        };
        if !secret_like || is_hex_like(value.as_bytes()) {
            continue;
        }
        let kind = if is_password { "password" } else { "secret" };
        let mut hit = Hit::new(kind, line_start + range.start..line_start + range.end, 4);
        hit.found = Found::ValueOf(line[key_start..key_end].to_string());
        hits.push(hit);
    }
}

/// Hex digits and dashes only: commit hashes, digests, UUIDs.
fn is_hex_like(value: &[u8]) -> bool {
    value.iter().all(|&b| b.is_ascii_hexdigit() || b == b'-')
}

fn is_candidate_byte(byte: u8) -> bool {
    // Not `=`: it glues a name to its value (`KEY=value`); base64 padding is not needed.
    byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'_' | b'-')
}

fn is_aws_secret_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/'
}

/// Shannon entropy in bits per character.
fn entropy(value: &[u8]) -> f64 {
    let mut counts = [0u32; 256];
    for &byte in value {
        counts[usize::from(byte)] += 1;
    }
    let length = value.len() as f64;
    counts.iter().filter(|&&n| n > 0).map(|&n| f64::from(n) / length).map(|p| -p * p.log2()).sum()
}

/// Share of neighbouring characters of different classes (lower, upper, digit, other): about
/// 0.64 for random base64, below 0.45 for camelCase names such as `getUserAuthToken2`.
fn class_changes(value: &[u8]) -> f64 {
    fn class(byte: u8) -> u8 {
        match byte {
            b'a'..=b'z' => 0,
            b'A'..=b'Z' => 1,
            b'0'..=b'9' => 2,
            _ => 3,
        }
    }
    if value.len() < 2 {
        return 0.0;
    }
    let changes = value.windows(2).filter(|pair| class(pair[0]) != class(pair[1])).count();
    changes as f64 / (value.len() - 1) as f64
}

/// Minimum entropy (bits per character) and class changes of a random-looking string. Measured
/// on random base64 strings: 92% of 20-character ones and 99% of 40-character ones pass, while
/// identifiers and words do not.
const MIN_ENTROPY: f64 = 3.6;
const MIN_CLASS_CHANGES: f64 = 0.45;
const MIN_RANDOM_LENGTH: usize = 20;

fn random_strings(line: &str, lower: &str, line_start: usize, context_word: &str, hits: &mut Vec<Hit>) {
    let bytes = line.as_bytes();
    let aws_line = lower.contains("aws") || lower.contains("secret");
    let mut index = 0;
    while index < bytes.len() {
        if !is_candidate_byte(bytes[index]) {
            index += 1;
            continue;
        }
        let start = index;
        let end = start + run_length(bytes, start, is_candidate_byte);
        index = end;
        let value = &bytes[start..end];
        if value.len() < MIN_RANDOM_LENGTH || is_hex_like(value) || !mixes_cases_and_digits(value) {
            continue;
        }
        // A path or URL piece (`src/Auth2/Token`) is not one string.
        if start > 0 && matches!(bytes[start - 1], b'.' | b'\\' | b':' | b'@') && value.contains(&b'/') {
            continue;
        }
        let range = line_start + start..line_start + start + value.len();
        if aws_line && value.len() == 40 && value.iter().all(|&b| is_aws_secret_byte(b)) {
            hits.push(Hit::new("aws_secret_key", range, 3));
            continue;
        }
        if entropy(value) >= MIN_ENTROPY && class_changes(value) >= MIN_CLASS_CHANGES {
            let mut hit = Hit::new("high_entropy", range, 5);
            hit.severity = Severity::Warning;
            hit.found = Found::Beside(context_word.to_string());
            hits.push(hit);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fences and placeholders
// ---------------------------------------------------------------------------------------------

/// A fenced code block: its info string and the byte ranges of its content lines and of the
/// whole block (fence lines included). An unclosed fence runs to the end of the text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fence {
    pub info: String,
    pub content: Range<usize>,
    pub whole: Range<usize>,
}

/// The fenced code blocks of a markdown text (```` ``` ```` or `~~~`, three or more).
pub(crate) fn fences(text: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut open: Option<(u8, usize, String, usize, usize)> = None; // (char, length, info, block start, content start)
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches([' ', '\t']).trim_end_matches(['\n', '\r']);
        let fence_char = match trimmed.as_bytes().first() {
            Some(&c @ (b'`' | b'~')) => c,
            _ => continue,
        };
        let run = trimmed.bytes().take_while(|&b| b == fence_char).count();
        if run < 3 {
            continue;
        }
        match &open {
            None => {
                let info = trimmed[run..].trim().to_string();
                open = Some((fence_char, run, info, line_start, offset));
            }
            Some((c, length, _, _, _)) if *c == fence_char && run >= *length && trimmed[run..].trim().is_empty() => {
                let (_, _, info, block_start, content_start) = open.take().unwrap_or_default();
                found.push(Fence { info, content: content_start..line_start, whole: block_start..offset });
            }
            Some(_) => {}
        }
    }
    if let Some((_, _, info, block_start, content_start)) = open {
        found.push(Fence { info, content: content_start..text.len(), whole: block_start..text.len() });
    }
    found
}

/// Template slot names that stand alone in angle brackets (`<path>`, `<date>`).
const SLOT_WORDS: [&str; 32] = [
    "path",
    "file",
    "filename",
    "name",
    "project",
    "project name",
    "number",
    "n",
    "date",
    "time",
    "url",
    "link",
    "email",
    "value",
    "description",
    "reason",
    "note",
    "notes",
    "text",
    "id",
    "version",
    "command",
    "branch",
    "commit",
    "placeholder",
    "username",
    "user",
    "host",
    "port",
    "title",
    "summary",
    "details",
];

/// Unfilled template slots, in text order. The report template inside a ```` ```handoff-report
/// ```` fence is exempt; inside other code blocks `TODO:` and `XXX` are code comments.
pub fn find_placeholders(text: &str) -> Vec<Finding> {
    let blocks = fences(text);
    let report_blocks: Vec<Range<usize>> = blocks
        .iter()
        .filter(|fence| fence.info.eq_ignore_ascii_case("handoff-report"))
        .map(|f| f.whole.clone())
        .collect();
    let code_blocks: Vec<Range<usize>> = blocks.iter().map(|fence| fence.whole.clone()).collect();
    let within = |ranges: &[Range<usize>], at: usize| ranges.iter().any(|range| range.contains(&at));

    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut slots: Vec<Range<usize>> = Vec::new();

    // `<your name>`, `<path>`: angle brackets around a short name, not an HTML or XML tag.
    for (start, _) in text.match_indices('<') {
        if start > 0 && (is_alnum(bytes[start - 1]) || bytes[start - 1] == b'<') {
            continue;
        }
        let Some(length) = text[start + 1..].find(['>', '<', '\n']) else { continue };
        let end = start + 1 + length;
        if bytes[end] != b'>' || length == 0 || length > 60 {
            continue;
        }
        let inner = &lower[start + 1..end];
        let inner_trimmed = inner.trim();
        let starts_with_letter = inner_trimmed.starts_with(|c: char| c.is_ascii_alphabetic());
        let readable =
            inner_trimmed.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '…' | '\''));
        if !starts_with_letter || !readable {
            continue;
        }
        let asks = ["your", "insert", "enter", "fill", "add "].iter().any(|word| inner_trimmed.starts_with(word));
        let is_slot = SLOT_WORDS.contains(&inner_trimmed) && !lower.contains(&format!("</{inner_trimmed}>"));
        if asks || is_slot {
            slots.push(start..end + 1);
        }
    }

    // `{{project}}`: a template variable left in.
    for (start, _) in text.match_indices("{{") {
        let Some(length) = text[start + 2..].find("}}") else { continue };
        let inner = &text[start + 2..start + 2 + length];
        if !inner.is_empty() && inner.len() <= 60 && !inner.contains('\n') && !inner.contains("{{") {
            slots.push(start..start + 2 + length + 2);
        }
    }

    // `[TODO]`, `[TBD]`, `[insert …]`.
    for (start, _) in text.match_indices('[') {
        let Some(length) = text[start + 1..].find([']', '\n', '[']) else { continue };
        let end = start + 1 + length;
        if bytes[end] != b']' {
            continue;
        }
        let inner = lower[start + 1..end].trim();
        let marker = matches!(inner, "todo" | "tbd" | "fixme" | "placeholder" | "…" | "...")
            || inner.starts_with("insert ")
            || inner.starts_with("your ")
            || inner.starts_with("todo:");
        if marker {
            slots.push(start..end + 1);
        }
    }

    // `TODO:` and `XXX` in prose (not in code blocks, where they are ordinary comments).
    for marker in ["TODO:", "TBD:", "FIXME:", "XXX"] {
        for (start, _) in text.match_indices(marker) {
            let end = start + marker.len();
            let glued_before = start > 0 && is_word_byte(bytes[start - 1]);
            let glued_after = marker == "XXX" && bytes.get(end).is_some_and(|&b| is_word_byte(b));
            if glued_before || glued_after || within(&code_blocks, start) {
                continue;
            }
            slots.push(start..end);
        }
    }

    slots.retain(|range| !within(&report_blocks, range.start));
    slots.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
    let lines = LineIndex::new(text);
    let mut findings: Vec<Finding> = Vec::new();
    let mut covered = 0;
    for range in slots {
        if range.start < covered {
            continue; // `[TODO: …]` already holds its `TODO:`
        }
        covered = range.end;
        let line = lines.line_of(range.start);
        let slot = &text[range.clone()];
        let excerpt: String = if slot.chars().count() > 40 {
            slot.chars().take(39).chain(std::iter::once('…')).collect()
        } else {
            slot.to_string()
        };
        findings.push(Finding {
            kind: PLACEHOLDER.to_string(),
            severity: Severity::Warning,
            found: Found::Placeholder,
            range: Some(range),
            line,
            excerpt,
            size: None,
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask("sk-proj-FAKE1234567890abcdefXy9"), "sk-pro…Xy9");
        assert_eq!(mask("hunter22"), "hu…");
        assert_eq!(mask("abc"), "…");
    }

    #[test]
    fn line_index_counts_from_one() {
        let lines = LineIndex::new("a\nbc\n\nd");
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(2), 2);
        assert_eq!(lines.line_of(5), 3);
        assert_eq!(lines.line_of(6), 4);
    }

    #[test]
    fn fences_find_info_strings_and_unclosed_blocks() {
        let text = "a\n```handoff-report\nstatus: x\n```\nb\n~~~\nopen";
        let found = fences(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].info, "handoff-report");
        assert_eq!(&text[found[0].content.clone()], "status: x\n");
        assert_eq!(&text[found[1].content.clone()], "open");
    }

    #[test]
    fn entropy_separates_random_strings_from_names() {
        assert!(entropy(b"aB3dE5gH7jK9mN1pQ2sT") > MIN_ENTROPY);
        assert!(class_changes(b"OAuth2ClientCredentialsGrant") < MIN_CLASS_CHANGES);
    }
}
