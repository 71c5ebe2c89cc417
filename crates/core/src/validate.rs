//! Validation of what people type: forms hand over raw text (a *draft*), these functions trim it,
//! check it and return the typed *fields* a record is made from, or every problem found, each
//! naming its field and what is wrong as a typed [`Problem`] (the interface words it in the
//! reader's language).
//!
//! Nothing is ever cut to fit: text over a limit is refused with its length and the limit.

use crate::knowledge::KnowledgeDraft;
use crate::locale::{self, NumberError};
use crate::records::{Account, Decision, KeyFile, LivingState, Platform, Project, ProjectStatus, Refresh};
use crate::time::{TimeError, Timestamp};
use std::collections::HashSet;

/// Names (projects, accounts, titles): 1 to 200 characters.
pub const NAME_MAX: usize = 200;
/// Long text (markdown bodies, notes, descriptions, living-state items).
pub const LONG_TEXT_MAX: usize = 100_000;
/// Short text: e-mail, plan, labels, links, file paths.
pub const SHORT_TEXT_MAX: usize = 2_000;
/// Characters in one tag (or specialisation).
pub const TAG_MAX: usize = 50;
/// Tags on one record.
pub const TAGS_MAX: usize = 50;
/// Credits on an account. Far above any real plan, and low enough that sums over every
/// account and session can never overflow.
pub const CREDITS_MAX: i64 = 1_000_000_000_000;
/// The largest whole number a browser stores exactly, 2^53 − 1 (`Number.MAX_SAFE_INTEGER`):
/// IndexedDB keeps every number as a 64-bit float, so a larger integer reads back as a float
/// (or as a neighbouring integer) and no longer fits the record it came from.
pub const SAFE_INTEGER_MAX: u64 = (1 << 53) - 1;
/// Days between refreshes for the "every N days" cadence.
pub const REFRESH_DAYS_MAX: u32 = 365;
/// Context window bounds, in tokens.
pub const CONTEXT_WINDOW_MIN: u32 = 1_000;
pub const CONTEXT_WINDOW_MAX: u32 = 10_000_000;
/// Queue priority bounds: 1 (low) to 10 (most urgent).
pub const PRIORITY_MIN: u8 = 1;
pub const PRIORITY_MAX: u8 = 10;

/// What is wrong with a field: the data a message needs (lengths, limits, names), no words.
/// The interface words it, with the field's label, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was typed where something is needed.
    Required,
    /// The text is over its limit, in characters.
    TooLong { length: usize, max: usize },
    /// One part of the field (a list item, a tag, a decision's rationale) is over its limit.
    PartTooLong { part: Part, length: usize, max: usize },
    /// More items than the field takes (tags).
    TooMany { count: usize, max: usize },
    /// Not an http:// or https:// web address.
    NotAWebLink,
    /// Not shaped like name@example.com.
    NotAnEmail,
    /// Not a number the field takes; `error` says why the text was not read as a number, when
    /// it was not (`None`: it was read, and is outside `expected`).
    Number { expected: Expected, error: Option<NumberError> },
    /// Not a date and time Baton stores; `text` is the typed text, shortened.
    NotADate { text: String, error: TimeError },
    /// Already used: an account name another account has, a key file listed twice.
    Duplicate { name: String },
    /// A part has content but not its main text: a decision without its text, a key file with
    /// notes but no path. Refused rather than dropped, since dropping it loses what was written.
    PartWithoutText { part: Part },
    /// A choice must be made (the project, the account, the category, how a session ended).
    Choose,
    /// A completed session needs what was accomplished.
    NeededToComplete,
    /// Shorter than `min` characters (a passphrase).
    TooShort { min: usize },
    /// Does not match the text it repeats (a passphrase typed twice).
    DoesNotMatch,
}

/// One part of a field, numbered as the user sees it (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The nth item of a list field: a next step, a constraint, a decision, a key file, a turn.
    Item(usize),
    /// One tag (or specialisation), as typed.
    Tag(String),
    /// The rationale of the nth decision.
    Rationale(usize),
    /// A rejected alternative of a decision.
    RejectedAlternative { decision: usize, alternative: usize },
    /// The path of the nth key file.
    FilePath(usize),
    /// The notes of the nth key file.
    FileNotes(usize),
}

/// The numbers a number field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A whole number of `min` or more.
    AtLeast(i64),
    /// A whole number from `min` to `max`.
    Between(i64, i64),
    /// A whole number of at most this.
    AtMost(i64),
    /// A whole number above 0, or nothing for none.
    AboveZeroOrEmpty,
    /// A whole number of at least this, or nothing for none.
    AtLeastOrEmpty(i64),
    /// Any whole number but 0.
    NotZero,
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The record field, as named in the record (`"name"`, `"state.next_steps"`), so a form can
    /// show the message next to its input and the interface can name the field.
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &'static str, problem: Problem) -> FieldError {
        FieldError { field, problem }
    }
}

/// Every problem found in a form, in the order of its fields.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The first problem of `field`, for showing beside its input.
    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|error| error.field == field).map(|error| &error.problem)
    }

    pub fn push(&mut self, field: &'static str, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// Keeps the value of a check that passed; records the error of one that failed and gives a
    /// placeholder, so a validator can run every check and report all problems at once.
    pub fn check<T: Default>(&mut self, result: Result<T, FieldError>) -> T {
        result.unwrap_or_else(|error| {
            self.0.push(error);
            T::default()
        })
    }

    /// `ok` when no problem was found, otherwise the problems.
    pub fn into_result<T>(self, ok: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(ok)
        } else {
            Err(self)
        }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> FieldErrors {
        FieldErrors(vec![error])
    }
}

/// Trimmed text of at most `max` characters (characters, not bytes: "é" counts once).
pub fn text_within(field: &'static str, text: &str, max: usize) -> Result<String, FieldError> {
    let text = text.trim();
    let length = text.chars().count();
    if length > max {
        return Err(FieldError::new(field, Problem::TooLong { length, max }));
    }
    Ok(text.to_string())
}

/// A required name: trimmed, 1 to [`NAME_MAX`] characters.
pub fn non_empty_name(field: &'static str, text: &str) -> Result<String, FieldError> {
    let name = text_within(field, text, NAME_MAX)?;
    if name.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    Ok(name)
}

/// Optional long text (markdown): trimmed, at most [`LONG_TEXT_MAX`] characters.
pub fn long_text(field: &'static str, text: &str) -> Result<String, FieldError> {
    text_within(field, text, LONG_TEXT_MAX)
}

/// Optional short text (e-mail, plan, labels): trimmed, at most [`SHORT_TEXT_MAX`] characters.
pub fn short_text(field: &'static str, text: &str) -> Result<String, FieldError> {
    text_within(field, text, SHORT_TEXT_MAX)
}

/// A part of a field (a list item, a rationale) as long text: trimmed, within the limit.
fn long_part(field: &'static str, part: Part, text: &str) -> Result<String, FieldError> {
    within_part(field, part, text, LONG_TEXT_MAX)
}

fn within_part(field: &'static str, part: Part, text: &str, max: usize) -> Result<String, FieldError> {
    let text = text.trim();
    let length = text.chars().count();
    if length > max {
        return Err(FieldError::new(field, Problem::PartTooLong { part, length, max }));
    }
    Ok(text.to_string())
}

/// An optional web link: empty gives `None`; otherwise http or https only, since other schemes
/// (`javascript:`, `file:`) are either dangerous or useless in a link the app renders.
pub fn optional_web_link(field: &'static str, text: &str) -> Result<Option<String>, FieldError> {
    let link = short_text(field, text)?;
    if link.is_empty() {
        return Ok(None);
    }
    let lower = link.to_ascii_lowercase();
    let complete = match lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/') && !link.chars().any(char::is_whitespace),
        None => false,
    };
    if !complete {
        return Err(FieldError::new(field, Problem::NotAWebLink));
    }
    Ok(Some(link))
}

/// Splits tags typed as text: on commas and line breaks, trimmed, empties dropped, duplicates
/// (ignoring case) dropped keeping the first spelling, order kept.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|tag| !tag.is_empty() && seen.insert(tag.to_lowercase()))
        .map(str::to_string)
        .collect()
}

/// Tags from text, each at most [`TAG_MAX`] characters and at most [`TAGS_MAX`] of them.
pub fn tag_list(field: &'static str, text: &str) -> Result<Vec<String>, FieldError> {
    let tags = parse_tags(text);
    if tags.len() > TAGS_MAX {
        return Err(FieldError::new(field, Problem::TooMany { count: tags.len(), max: TAGS_MAX }));
    }
    if let Some(tag) = tags.iter().find(|tag| tag.chars().count() > TAG_MAX) {
        let length = tag.chars().count();
        let part = Part::Tag(crate::text::shorten(tag));
        return Err(FieldError::new(field, Problem::PartTooLong { part, length, max: TAG_MAX }));
    }
    Ok(tags)
}

/// What the project form produces: the user's text, unchecked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectDraft {
    pub name: String,
    pub description: String,
    pub status: ProjectStatus,
    /// Comma or newline separated.
    pub tags: String,
    pub repository_url: String,
    pub notes: String,
}

impl Default for ProjectDraft {
    /// An empty form for a new project (new projects are active).
    fn default() -> ProjectDraft {
        ProjectDraft {
            name: String::new(),
            description: String::new(),
            status: ProjectStatus::Active,
            tags: String::new(),
            repository_url: String::new(),
            notes: String::new(),
        }
    }
}

impl From<&Project> for ProjectDraft {
    /// The form filled in from a stored project, for editing.
    fn from(project: &Project) -> ProjectDraft {
        ProjectDraft {
            name: project.name.clone(),
            description: project.description.clone(),
            status: project.status,
            tags: project.tags.join(", "),
            repository_url: project.repository_url.clone().unwrap_or_default(),
            notes: project.notes.clone(),
        }
    }
}

/// A project's checked fields, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFields {
    pub name: String,
    pub description: String,
    pub status: ProjectStatus,
    pub tags: Vec<String>,
    pub repository_url: Option<String>,
    pub notes: String,
}

pub fn project(draft: &ProjectDraft) -> Result<ProjectFields, FieldErrors> {
    let mut errors = FieldErrors::default();
    let fields = ProjectFields {
        name: errors.check(non_empty_name("name", &draft.name)),
        description: errors.check(long_text("description", &draft.description)),
        status: draft.status,
        tags: errors.check(tag_list("tags", &draft.tags)),
        repository_url: errors.check(optional_web_link("repository_url", &draft.repository_url)),
        notes: errors.check(long_text("notes", &draft.notes)),
    };
    errors.into_result(fields)
}

/// Trims each item of a list and drops the empty ones, refusing items over the long-text limit.
/// `part` names one item by its place in the list as given, which is what the user sees.
fn text_items(
    errors: &mut FieldErrors,
    field: &'static str,
    part: impl Fn(usize) -> Part,
    items: &[String],
) -> Vec<String> {
    let mut kept = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match long_part(field, part(index + 1), item) {
            Ok(text) if text.is_empty() => {}
            Ok(text) => kept.push(text),
            Err(error) => errors.0.push(error),
        }
    }
    kept
}

/// Checks a project's living state and returns it cleaned: every text trimmed, empty list items
/// dropped, key files unique by path.
///
/// A decision or key file that is empty is dropped, but one that has content without its main
/// part (a rationale without the decision's text, notes without a path) is refused rather than
/// dropped, since dropping it would lose what the user wrote.
pub fn living_state(state: &LivingState) -> Result<LivingState, FieldErrors> {
    let mut errors = FieldErrors::default();
    let goal = errors.check(long_text("state.goal", &state.goal));
    let current_state = errors.check(long_text("state.current_state", &state.current_state));
    let next_steps = text_items(&mut errors, "state.next_steps", Part::Item, &state.next_steps);
    let constraints = text_items(&mut errors, "state.constraints", Part::Item, &state.constraints);
    let do_not_redo = text_items(&mut errors, "state.do_not_redo", Part::Item, &state.do_not_redo);

    let mut decisions = Vec::with_capacity(state.decisions.len());
    for (index, decision) in state.decisions.iter().enumerate() {
        let number = index + 1;
        let field = "state.decisions";
        let text = errors.check(long_part(field, Part::Item(number), &decision.text));
        let rationale = errors.check(long_part(field, Part::Rationale(number), &decision.rationale));
        let rejected_alternatives = text_items(
            &mut errors,
            field,
            |alternative| Part::RejectedAlternative { decision: number, alternative },
            &decision.rejected_alternatives,
        );
        // Test the text as given: a text refused for its length is not a missing one.
        if decision.text.trim().is_empty() {
            if !rationale.is_empty() || !rejected_alternatives.is_empty() {
                errors.push(field, Problem::PartWithoutText { part: Part::Item(number) });
            }
            continue;
        }
        decisions.push(Decision { text, rationale, rejected_alternatives, decided_at: decision.decided_at });
    }

    let mut files = Vec::with_capacity(state.files.len());
    let mut paths = HashSet::new();
    let mut reported = HashSet::new();
    for (index, file) in state.files.iter().enumerate() {
        let number = index + 1;
        let field = "state.files";
        let notes = errors.check(long_part(field, Part::FileNotes(number), &file.notes));
        let path = match within_part(field, Part::FilePath(number), &file.path, SHORT_TEXT_MAX) {
            Ok(path) if path.is_empty() => {
                if !notes.is_empty() {
                    errors.push(field, Problem::PartWithoutText { part: Part::Item(number) });
                }
                continue;
            }
            Ok(path) => path,
            Err(error) => {
                errors.0.push(error);
                continue;
            }
        };
        if !paths.insert(path.clone()) {
            if reported.insert(path.clone()) {
                errors.push(field, Problem::Duplicate { name: crate::text::shorten(&path) });
            }
            continue;
        }
        files.push(KeyFile { path, importance: file.importance, notes });
    }

    errors.into_result(LivingState { goal, current_state, next_steps, decisions, constraints, files, do_not_redo })
}

/// The refresh cadence as the account form's choice list names it.
pub fn refresh_kind(refresh: Refresh) -> &'static str {
    match refresh {
        Refresh::None => "none",
        Refresh::Daily => "daily",
        Refresh::Weekly => "weekly",
        Refresh::Monthly => "monthly",
        Refresh::EveryNDays { .. } => "every_n_days",
    }
}

/// What the account form produces: the user's text, unchecked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountDraft {
    pub name: String,
    pub platform: Platform,
    /// The platform's name when `platform` is other.
    pub platform_label: String,
    pub email: String,
    pub plan: String,
    /// Comma or newline separated.
    pub specializations: String,
    pub credits_available: String,
    pub credit_limit: String,
    /// "none", "daily", "weekly", "monthly" or "every_n_days" (see [`refresh_kind`]).
    pub refresh: String,
    /// Days between refreshes, read only when `refresh` is "every_n_days".
    pub refresh_days: String,
    /// RFC 3339, or "YYYY-MM-DDTHH:MM" from a datetime-local input (read as UTC).
    pub next_refresh_at: String,
    /// Empty means the platform's default.
    pub context_window_tokens: String,
    pub notes: String,
    /// The language of its bundles; `None` follows the interface language.
    pub bundle_language: Option<crate::locale::Language>,
}

impl AccountDraft {
    /// An empty form for a new account on `platform`.
    pub fn new(platform: Platform) -> AccountDraft {
        AccountDraft {
            name: String::new(),
            platform,
            platform_label: String::new(),
            email: String::new(),
            plan: String::new(),
            specializations: String::new(),
            credits_available: String::new(),
            credit_limit: String::new(),
            refresh: "none".to_string(),
            refresh_days: String::new(),
            next_refresh_at: String::new(),
            context_window_tokens: String::new(),
            notes: String::new(),
            bundle_language: None,
        }
    }
}

impl From<&Account> for AccountDraft {
    /// The form filled in from a stored account, for editing.
    fn from(account: &Account) -> AccountDraft {
        AccountDraft {
            name: account.name.clone(),
            platform: account.platform,
            platform_label: account.platform_label.clone(),
            email: account.email.clone(),
            plan: account.plan.clone(),
            specializations: account.specializations.join(", "),
            credits_available: account.credits_available.to_string(),
            credit_limit: account.credit_limit.to_string(),
            refresh: refresh_kind(account.refresh).to_string(),
            refresh_days: match account.refresh {
                Refresh::EveryNDays { days } => days.to_string(),
                _ => String::new(),
            },
            next_refresh_at: account.next_refresh_at.map(|at| at.to_text()).unwrap_or_default(),
            context_window_tokens: account.context_window_tokens.to_string(),
            notes: account.notes.clone(),
            bundle_language: account.bundle_language,
        }
    }
}

/// An account's checked fields, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountFields {
    pub name: String,
    pub platform: Platform,
    /// Empty unless the platform is other.
    pub platform_label: String,
    pub email: String,
    pub plan: String,
    pub specializations: Vec<String>,
    pub credits_available: i64,
    pub credit_limit: i64,
    pub refresh: Refresh,
    /// `None` when there is no refresh: a date without a cadence means nothing.
    pub next_refresh_at: Option<Timestamp>,
    pub context_window_tokens: u32,
    pub notes: String,
    pub bundle_language: Option<crate::locale::Language>,
}

/// A knowledge entry's checked fields, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnowledgeFields {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// Checks the knowledge form: a title, a body within the long-text limit, tags within theirs.
/// The form shows these as the user types; the service refuses the same.
pub fn knowledge(draft: &KnowledgeDraft) -> Result<KnowledgeFields, FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = errors.check(non_empty_name("title", &draft.title));
    let body = errors.check(long_text("body", &draft.body));
    let tags = errors.check(tag_list("tags", &draft.tags));
    errors.into_result(KnowledgeFields { title, body, tags })
}

/// A whole number of 0 or more typed into a form, read the one way the app reads numbers
/// ([`crate::locale`]): "1,500" is fifteen hundred, "1,5" and "1.000" are refused, not guessed.
pub fn whole_number(text: &str) -> Result<u64, NumberError> {
    locale::current().numbers.parse_whole(text)
}

/// A signed whole number typed into a form ("-20", "+1,000"), read like [`whole_number`].
pub fn integer(text: &str) -> Result<i64, NumberError> {
    locale::current().numbers.parse_integer(text)
}

/// A number problem: `expected` is what the field takes, `error` why the text was not read.
pub fn number_problem(expected: Expected, error: NumberError) -> Problem {
    Problem::Number { expected, error: Some(error) }
}

/// An optional limit above 0 (the token budget, the paste limit): empty is none.
pub fn optional_limit(field: &'static str, text: &str) -> Result<Option<u64>, FieldError> {
    let refuse = |error| FieldError::new(field, Problem::Number { expected: Expected::AboveZeroOrEmpty, error });
    match whole_number(text) {
        Err(NumberError::Empty) => Ok(None),
        Ok(0) => Err(refuse(None)),
        Ok(value) => Ok(Some(value)),
        Err(error) => Err(refuse(Some(error))),
    }
}

/// A handoff's queue priority: [`PRIORITY_MIN`] (low) to [`PRIORITY_MAX`] (most urgent).
pub fn priority(text: &str) -> Result<u8, FieldError> {
    let expected = Expected::Between(i64::from(PRIORITY_MIN), i64::from(PRIORITY_MAX));
    let refuse = |error| FieldError::new("priority", Problem::Number { expected, error });
    match whole_number(text) {
        Ok(value) if (u64::from(PRIORITY_MIN)..=u64::from(PRIORITY_MAX)).contains(&value) => Ok(value as u8),
        Ok(_) => Err(refuse(None)),
        Err(error) => Err(refuse(Some(error))),
    }
}

fn credits(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let too_large = || FieldError::new(field, Problem::Number { expected: Expected::AtMost(CREDITS_MAX), error: None });
    match whole_number(text) {
        Err(NumberError::Empty) => Err(FieldError::new(field, Problem::Required)),
        Err(NumberError::TooLarge) => Err(too_large()),
        Err(error) => Err(FieldError::new(field, number_problem(Expected::AtLeast(0), error))),
        Ok(value) => i64::try_from(value).ok().filter(|value| *value <= CREDITS_MAX).ok_or_else(too_large),
    }
}

/// A loose e-mail check: one `@`, something before it, a dot inside the part after it, no
/// spaces. Enough to catch a typo in the wrong field without refusing real addresses.
fn email(text: &str) -> Result<String, FieldError> {
    let email = short_text("email", text)?;
    if email.is_empty() {
        return Ok(email);
    }
    let looks_right = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if !looks_right {
        return Err(FieldError::new("email", Problem::NotAnEmail));
    }
    Ok(email)
}

fn refresh(kind: &str, days: &str) -> Result<Refresh, FieldError> {
    match kind.trim().to_ascii_lowercase().as_str() {
        "" | "none" => Ok(Refresh::None),
        "daily" => Ok(Refresh::Daily),
        "weekly" => Ok(Refresh::Weekly),
        "monthly" => Ok(Refresh::Monthly),
        "every_n_days" => {
            let expected = Expected::Between(1, i64::from(REFRESH_DAYS_MAX));
            match whole_number(days) {
                Ok(days) if (1..=REFRESH_DAYS_MAX as u64).contains(&days) => {
                    Ok(Refresh::EveryNDays { days: days as u32 })
                }
                Ok(_) => Err(FieldError::new("refresh_days", Problem::Number { expected, error: None })),
                Err(error) => Err(FieldError::new("refresh_days", number_problem(expected, error))),
            }
        }
        _ => Err(FieldError::new("refresh", Problem::Choose)),
    }
}

fn next_refresh_at(text: &str, refresh: Refresh) -> Result<Option<Timestamp>, FieldError> {
    let text = text.trim();
    if refresh == Refresh::None {
        return Ok(None);
    }
    if text.is_empty() {
        return Err(FieldError::new("next_refresh_at", Problem::Required));
    }
    // A date Baton could not store (year 10000, a leap second, 30 February) says why.
    Timestamp::read(text).map(Some).map_err(|error| {
        FieldError::new("next_refresh_at", Problem::NotADate { text: crate::text::shorten(text), error })
    })
}

fn context_window(text: &str, platform: Platform) -> Result<u32, FieldError> {
    let expected = Expected::Between(i64::from(CONTEXT_WINDOW_MIN), i64::from(CONTEXT_WINDOW_MAX));
    match whole_number(text) {
        Err(NumberError::Empty) => Ok(platform.default_context_window()),
        Ok(tokens) if (CONTEXT_WINDOW_MIN as u64..=CONTEXT_WINDOW_MAX as u64).contains(&tokens) => Ok(tokens as u32),
        Ok(_) => Err(FieldError::new("context_window_tokens", Problem::Number { expected, error: None })),
        Err(error) => Err(FieldError::new("context_window_tokens", number_problem(expected, error))),
    }
}

/// Checks the account form. `other_names` are the names of the other accounts (not the one
/// being edited); names are unique ignoring case and surrounding spaces.
pub fn account(draft: &AccountDraft, other_names: &[String]) -> Result<AccountFields, FieldErrors> {
    let mut errors = FieldErrors::default();

    let mut name = errors.check(non_empty_name("name", &draft.name));
    if !name.is_empty() {
        let key = name.to_lowercase();
        if let Some(existing) = other_names.iter().map(|other| other.trim()).find(|other| other.to_lowercase() == key) {
            errors.push("name", Problem::Duplicate { name: existing.to_string() });
            name.clear();
        }
    }

    // The label names a platform the app does not know; for a known one it would be stale.
    let platform_label = if draft.platform == Platform::Other {
        errors.check(non_empty_name("platform_label", &draft.platform_label))
    } else {
        String::new()
    };

    let refresh = errors.check(refresh(&draft.refresh, &draft.refresh_days));
    let fields = AccountFields {
        name,
        platform: draft.platform,
        platform_label,
        email: errors.check(email(&draft.email)),
        plan: errors.check(short_text("plan", &draft.plan)),
        specializations: errors.check(tag_list("specializations", &draft.specializations)),
        credits_available: errors.check(credits("credits_available", &draft.credits_available)),
        credit_limit: errors.check(credits("credit_limit", &draft.credit_limit)),
        refresh,
        next_refresh_at: errors.check(next_refresh_at(&draft.next_refresh_at, refresh)),
        context_window_tokens: errors.check(context_window(&draft.context_window_tokens, draft.platform)),
        notes: errors.check(long_text("notes", &draft.notes)),
        bundle_language: draft.bundle_language,
    };
    errors.into_result(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Importance;
    use proptest::prelude::*;

    fn project_draft(name: &str) -> ProjectDraft {
        ProjectDraft { name: name.to_string(), ..ProjectDraft::default() }
    }

    fn account_draft(name: &str) -> AccountDraft {
        AccountDraft {
            name: name.to_string(),
            credits_available: "100".into(),
            credit_limit: "100".into(),
            ..AccountDraft::new(Platform::Claude)
        }
    }

    fn account_error(draft: &AccountDraft, field: &str) -> Problem {
        let errors = account(draft, &[]).expect_err("the draft should be refused");
        errors.get(field).unwrap_or_else(|| panic!("no error for {field}: {errors:?}")).clone()
    }

    fn too_long(length: usize, max: usize) -> Problem {
        Problem::TooLong { length, max }
    }

    fn part_too_long(part: Part, length: usize, max: usize) -> Problem {
        Problem::PartTooLong { part, length, max }
    }

    #[test]
    fn signed_amounts_read_like_every_other_number() {
        assert_eq!(integer("-20"), Ok(-20));
        assert_eq!(integer("+1,000"), Ok(1000));
        assert_eq!(integer("−5"), Ok(-5));
        assert_eq!(whole_number("-5"), Err(NumberError::Negative));
        assert_eq!(integer("ten"), Err(NumberError::NotANumber));
        assert_eq!(integer("-1,5"), Err(NumberError::Misgrouped));
    }

    #[test]
    fn limits_and_priorities_read_typed_numbers_one_way() {
        let limit = |text: &str| optional_limit("budget", text);
        assert_eq!(limit(" "), Ok(None));
        assert_eq!(limit("12,000"), Ok(Some(12_000)));
        assert_eq!(limit("1_000"), Ok(Some(1000)));
        let refused =
            |error| FieldError::new("budget", Problem::Number { expected: Expected::AboveZeroOrEmpty, error });
        assert_eq!(limit("0"), Err(refused(None)));
        assert_eq!(limit("-3"), Err(refused(Some(NumberError::Negative))));
        // "1,5" was read as 15 by the builder's own parser; now it is refused and says why.
        assert_eq!(limit("1,5"), Err(refused(Some(NumberError::Misgrouped))));
        assert_eq!(limit("4.000"), Err(refused(Some(NumberError::Ambiguous))));

        assert_eq!(priority(" 5 "), Ok(5));
        assert_eq!(priority("10"), Ok(10));
        for (typed, error) in [
            ("0", None),
            ("11", None),
            ("", Some(NumberError::Empty)),
            ("five", Some(NumberError::NotANumber)),
            ("1.5", Some(NumberError::NotWhole)),
            ("999999999999999999999", Some(NumberError::TooLarge)),
        ] {
            let problem = Problem::Number { expected: Expected::Between(1, 10), error };
            assert_eq!(priority(typed), Err(FieldError::new("priority", problem)), "{typed}");
        }
    }

    #[test]
    fn knowledge_reports_every_field_and_trims_what_it_keeps() {
        let draft = KnowledgeDraft {
            title: "  Retry on 429  ".into(),
            body: " Back off. ".into(),
            tags: "http, HTTP, retries".into(),
            ..KnowledgeDraft::new(crate::records::KnowledgeCategory::Tip)
        };
        let fields = knowledge(&draft).unwrap();
        assert_eq!(fields.title, "Retry on 429");
        assert_eq!(fields.body, "Back off.");
        assert_eq!(fields.tags, parse_tags("http, HTTP, retries"));

        let bad = KnowledgeDraft {
            title: " ".into(),
            body: "x".repeat(LONG_TEXT_MAX + 1),
            tags: "x".repeat(TAG_MAX + 1),
            ..KnowledgeDraft::new(crate::records::KnowledgeCategory::Tip)
        };
        let errors = knowledge(&bad).unwrap_err();
        assert_eq!(errors.get("title"), Some(&Problem::Required));
        assert_eq!(errors.get("body"), Some(&too_long(LONG_TEXT_MAX + 1, LONG_TEXT_MAX)));
        assert!(matches!(errors.get("tags"), Some(Problem::PartTooLong { part: Part::Tag(_), .. })));
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn field_errors_collect_and_read() {
        let mut errors = FieldErrors::default();
        assert!(errors.is_empty());
        assert_eq!(errors.clone().into_result(7), Ok(7));
        errors.push("name", Problem::Required);
        errors.push("notes", Problem::NotAnEmail);
        errors.push("name", Problem::Choose);
        assert_eq!(errors.len(), 3);
        assert_eq!(errors.get("name"), Some(&Problem::Required));
        assert_eq!(errors.get("email"), None);
        assert_eq!(errors.clone().into_result(()), Err(errors.clone()));
        assert_eq!(FieldErrors::from(FieldError::new("x", Problem::Choose)).get("x"), Some(&Problem::Choose));
    }

    #[test]
    fn names_are_trimmed_required_and_limited_in_characters() {
        assert_eq!(non_empty_name("name", "  Baton  "), Ok("Baton".to_string()));
        assert_eq!(non_empty_name("name", " \n\t ").unwrap_err().problem, Problem::Required);
        // 200 two-byte characters fit: the limit counts characters, not bytes.
        let accented = "é".repeat(NAME_MAX);
        assert_eq!(non_empty_name("name", &accented), Ok(accented.clone()));
        let error = non_empty_name("name", &"x".repeat(214)).unwrap_err();
        assert_eq!(error, FieldError::new("name", too_long(214, 200)));
    }

    #[test]
    fn long_text_is_refused_not_cut() {
        let fits = "a".repeat(LONG_TEXT_MAX);
        assert_eq!(long_text("notes", &fits).unwrap().len(), LONG_TEXT_MAX);
        let error = long_text("notes", &format!("{fits}b")).unwrap_err();
        assert_eq!(error.problem, too_long(100_001, 100_000));
        assert_eq!(long_text("notes", ""), Ok(String::new()));
    }

    #[test]
    fn tags_split_trim_dedupe_and_keep_order() {
        assert_eq!(parse_tags(""), Vec::<String>::new());
        assert_eq!(parse_tags(" rust, Web ,\n\nrust,WEB, wasm\r\n,  ,"), vec!["rust", "Web", "wasm"]);
        assert_eq!(parse_tags("Äpfel, äPFEL"), vec!["Äpfel"]);
        assert_eq!(parse_tags("multi word tag"), vec!["multi word tag"]);
    }

    #[test]
    fn tags_are_limited_in_length_and_number() {
        let long = "t".repeat(TAG_MAX + 1);
        let error = tag_list("tags", &format!("ok, {long}")).unwrap_err();
        assert_eq!(error.problem, part_too_long(Part::Tag(crate::text::shorten(&long)), 51, 50));
        let many: Vec<String> = (0..=TAGS_MAX).map(|n| format!("t{n}")).collect();
        let error = tag_list("tags", &many.join(",")).unwrap_err();
        assert_eq!(error.problem, Problem::TooMany { count: 51, max: 50 });
        assert_eq!(tag_list("tags", &many[..TAGS_MAX].join(",")).unwrap().len(), TAGS_MAX);
    }

    #[test]
    fn a_good_project_draft_becomes_fields() {
        let draft = ProjectDraft {
            name: "  Baton ".into(),
            description: " Carry work across accounts. ".into(),
            status: ProjectStatus::Paused,
            tags: "rust, wasm\nrust".into(),
            repository_url: " https://example.com/baton ".into(),
            notes: "\n".into(),
        };
        assert_eq!(
            project(&draft),
            Ok(ProjectFields {
                name: "Baton".into(),
                description: "Carry work across accounts.".into(),
                status: ProjectStatus::Paused,
                tags: vec!["rust".into(), "wasm".into()],
                repository_url: Some("https://example.com/baton".into()),
                notes: String::new(),
            })
        );
        assert_eq!(project(&project_draft("x")).unwrap().repository_url, None);
    }

    #[test]
    fn project_reports_every_field_at_once() {
        let draft = ProjectDraft {
            name: String::new(),
            description: "d".repeat(LONG_TEXT_MAX + 1),
            status: ProjectStatus::Active,
            tags: "x".repeat(TAG_MAX + 1),
            repository_url: "ftp://example.com".into(),
            notes: "n".repeat(LONG_TEXT_MAX + 1),
        };
        let errors = project(&draft).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|error| error.field).collect();
        assert_eq!(fields, vec!["name", "description", "tags", "repository_url", "notes"]);
        assert_eq!(errors.get("name"), Some(&Problem::Required));
        assert_eq!(errors.get("repository_url"), Some(&Problem::NotAWebLink));
    }

    #[test]
    fn repository_links_are_http_or_https_only() {
        let check = |text: &str| optional_web_link("repository_url", text);
        assert_eq!(check(""), Ok(None));
        assert_eq!(check("HTTP://Example.com/A"), Ok(Some("HTTP://Example.com/A".into())));
        assert_eq!(check("http://localhost:3000/x"), Ok(Some("http://localhost:3000/x".into())));
        for refused in
            ["javascript:alert(1)", "file:///etc/passwd", "github.com/x", "ftp://x.org", "https://", "http:///path"]
        {
            assert_eq!(check(refused).unwrap_err().problem, Problem::NotAWebLink, "{refused}");
        }
        assert_eq!(check("https://exa mple.com").unwrap_err().problem, Problem::NotAWebLink);
        let long = format!("https://example.com/{}", "a".repeat(SHORT_TEXT_MAX));
        assert_eq!(check(&long).unwrap_err().problem, too_long(2_020, SHORT_TEXT_MAX));
    }

    #[test]
    fn project_draft_from_project_round_trips() {
        let draft = ProjectDraft {
            name: "Baton".into(),
            description: "About".into(),
            status: ProjectStatus::Completed,
            tags: "a, B".into(),
            repository_url: "https://x.org".into(),
            notes: "N".into(),
        };
        let fields = project(&draft).unwrap();
        let at = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        let stored = Project {
            id: crate::Id::v7(1, [0; 10]),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: 1,
            name: fields.name.clone(),
            description: fields.description.clone(),
            status: fields.status,
            tags: fields.tags.clone(),
            repository_url: fields.repository_url.clone(),
            notes: fields.notes.clone(),
            state: LivingState::default(),
        };
        assert_eq!(ProjectDraft::from(&stored), draft);
        assert_eq!(project(&ProjectDraft::from(&stored)), Ok(fields));
    }

    #[test]
    fn living_state_is_trimmed_and_empty_items_dropped() {
        let state = LivingState {
            goal: "  Ship it ".into(),
            current_state: " Half done\n".into(),
            next_steps: vec!["  Write tests ".into(), "   ".into(), "Deploy".into()],
            decisions: vec![
                Decision {
                    text: " Use IndexedDB ".into(),
                    rationale: " offline ".into(),
                    rejected_alternatives: vec![" localStorage ".into(), "".into()],
                    decided_at: Timestamp::parse("2026-01-01T00:00:00Z"),
                },
                Decision::default(),
            ],
            constraints: vec!["".into(), " No server ".into()],
            files: vec![
                KeyFile { path: " src/lib.rs ".into(), importance: Importance::Critical, notes: " entry ".into() },
                KeyFile { path: "  ".into(), importance: Importance::Low, notes: String::new() },
            ],
            do_not_redo: vec![" Rewrite the parser ".into(), "\n".into()],
        };
        let cleaned = living_state(&state).unwrap();
        assert_eq!(
            cleaned,
            LivingState {
                goal: "Ship it".into(),
                current_state: "Half done".into(),
                next_steps: vec!["Write tests".into(), "Deploy".into()],
                decisions: vec![Decision {
                    text: "Use IndexedDB".into(),
                    rationale: "offline".into(),
                    rejected_alternatives: vec!["localStorage".into()],
                    decided_at: Timestamp::parse("2026-01-01T00:00:00Z"),
                }],
                constraints: vec!["No server".into()],
                files: vec![KeyFile {
                    path: "src/lib.rs".into(),
                    importance: Importance::Critical,
                    notes: "entry".into()
                }],
                do_not_redo: vec!["Rewrite the parser".into()],
            }
        );
        // Cleaning is idempotent.
        assert_eq!(living_state(&cleaned), Ok(cleaned.clone()));
    }

    #[test]
    fn living_state_refuses_duplicates_orphans_and_overlong_text() {
        let file = |path: &str, notes: &str| KeyFile {
            path: path.into(),
            importance: Importance::Normal,
            notes: notes.into(),
        };
        let state = LivingState {
            goal: "g".repeat(LONG_TEXT_MAX + 1),
            next_steps: vec!["ok".into(), "s".repeat(LONG_TEXT_MAX + 1)],
            decisions: vec![Decision { text: " ".into(), rationale: "because".into(), ..Decision::default() }],
            files: vec![
                file("src/a.rs", ""),
                file(" src/a.rs ", "again"),
                file("src/a.rs", ""),
                file("", "orphan notes"),
                file("p".repeat(SHORT_TEXT_MAX + 1).as_str(), ""),
            ],
            ..LivingState::default()
        };
        let errors = living_state(&state).unwrap_err();
        let (over, max) = (LONG_TEXT_MAX + 1, LONG_TEXT_MAX);
        assert_eq!(errors.get("state.goal"), Some(&too_long(over, max)));
        assert_eq!(errors.get("state.next_steps"), Some(&part_too_long(Part::Item(2), over, max)));
        assert_eq!(errors.get("state.decisions"), Some(&Problem::PartWithoutText { part: Part::Item(1) }));
        let file_problems: Vec<&Problem> =
            errors.iter().filter(|error| error.field == "state.files").map(|error| &error.problem).collect();
        assert_eq!(
            file_problems,
            vec![
                &Problem::Duplicate { name: "src/a.rs".into() },
                &Problem::PartWithoutText { part: Part::Item(4) },
                &part_too_long(Part::FilePath(5), SHORT_TEXT_MAX + 1, SHORT_TEXT_MAX),
            ]
        );
    }

    #[test]
    fn living_state_limits_every_list_item() {
        let big = "x".repeat(LONG_TEXT_MAX + 1);
        let state = LivingState {
            current_state: big.clone(),
            constraints: vec![big.clone()],
            do_not_redo: vec![String::new(), big.clone()],
            decisions: vec![Decision {
                text: big.clone(),
                rationale: big.clone(),
                rejected_alternatives: vec![big.clone()],
                decided_at: None,
            }],
            files: vec![KeyFile { path: "a".into(), importance: Importance::High, notes: big }],
            ..LivingState::default()
        };
        let errors = living_state(&state).unwrap_err();
        let (over, max) = (LONG_TEXT_MAX + 1, LONG_TEXT_MAX);
        let part = |part| part_too_long(part, over, max);
        assert_eq!(
            errors.0,
            vec![
                FieldError::new("state.current_state", too_long(over, max)),
                FieldError::new("state.constraints", part(Part::Item(1))),
                FieldError::new("state.do_not_redo", part(Part::Item(2))),
                FieldError::new("state.decisions", part(Part::Item(1))),
                FieldError::new("state.decisions", part(Part::Rationale(1))),
                FieldError::new("state.decisions", part(Part::RejectedAlternative { decision: 1, alternative: 1 })),
                FieldError::new("state.files", part(Part::FileNotes(1))),
            ]
        );
    }

    #[test]
    fn a_good_account_draft_becomes_fields() {
        let draft = AccountDraft {
            name: " Work Claude ".into(),
            platform: Platform::Claude,
            platform_label: "ignored for a known platform".into(),
            email: " me@example.com ".into(),
            plan: " Pro ".into(),
            specializations: "coding, Coding, research".into(),
            credits_available: " 120 ".into(),
            credit_limit: "+500".into(),
            refresh: "every_n_days".into(),
            refresh_days: "3".into(),
            next_refresh_at: "2026-11-26T10:00".into(),
            context_window_tokens: String::new(),
            notes: " n ".into(),
            bundle_language: Some(crate::locale::Language::Indonesian),
        };
        assert_eq!(
            account(&draft, &["Personal".into()]),
            Ok(AccountFields {
                name: "Work Claude".into(),
                platform: Platform::Claude,
                platform_label: String::new(),
                email: "me@example.com".into(),
                plan: "Pro".into(),
                specializations: vec!["coding".into(), "research".into()],
                credits_available: 120,
                credit_limit: 500,
                refresh: Refresh::EveryNDays { days: 3 },
                next_refresh_at: Timestamp::parse("2026-11-26T10:00:00Z"),
                context_window_tokens: 200_000,
                notes: "n".into(),
                bundle_language: Some(crate::locale::Language::Indonesian),
            })
        );
    }

    #[test]
    fn account_names_are_unique_ignoring_case_and_spaces() {
        let others = vec!["  Work Claude ".to_string(), "Personal".to_string()];
        let errors = account(&account_draft("work CLAUDE  "), &others).unwrap_err();
        assert_eq!(errors.0, vec![FieldError::new("name", Problem::Duplicate { name: "Work Claude".into() })]);
        assert!(account(&account_draft("Work Claude 2"), &others).is_ok());
        assert_eq!(account_error(&account_draft(" "), "name"), Problem::Required);
    }

    #[test]
    fn account_credits_must_be_whole_and_not_negative() {
        let not_whole = |error| Problem::Number { expected: Expected::AtLeast(0), error: Some(error) };
        let too_large = Problem::Number { expected: Expected::AtMost(CREDITS_MAX), error: None };
        for (typed, problem) in [
            ("-5", not_whole(NumberError::Negative)),
            ("1.5", not_whole(NumberError::NotWhole)),
            ("ten", not_whole(NumberError::NotANumber)),
            ("1,5", not_whole(NumberError::Misgrouped)),
            ("", Problem::Required),
            ("1000000000001", too_large.clone()),
            ("99999999999999999999999", too_large.clone()),
        ] {
            let draft = AccountDraft { credits_available: typed.into(), ..account_draft("A") };
            assert_eq!(account_error(&draft, "credits_available"), problem, "typed {typed:?}");
        }
        let draft = AccountDraft { credit_limit: "-1".into(), ..account_draft("A") };
        assert_eq!(account_error(&draft, "credit_limit"), not_whole(NumberError::Negative));
        // Grouped thousands read as one number, the one way every form reads numbers.
        let grouped = AccountDraft { credits_available: "1,000".into(), ..account_draft("A") };
        assert_eq!(account(&grouped, &[]).unwrap().credits_available, 1000);
        let zero = AccountDraft { credits_available: "0".into(), credit_limit: "0".into(), ..account_draft("A") };
        let fields = account(&zero, &[]).unwrap();
        assert_eq!((fields.credits_available, fields.credit_limit), (0, 0));
    }

    #[test]
    fn account_email_is_loosely_checked() {
        for good in ["", "a@b.co", "first.last+tag@mail.example.org"] {
            let draft = AccountDraft { email: good.into(), ..account_draft("A") };
            assert!(account(&draft, &[]).is_ok(), "{good}");
        }
        for bad in
            ["me", "me@", "@example.com", "me@example", "a@@b.com", "a@b@c.com", "me@.com", "me@example.", "a b@c.com"]
        {
            let draft = AccountDraft { email: bad.into(), ..account_draft("A") };
            assert_eq!(account_error(&draft, "email"), Problem::NotAnEmail, "{bad}");
        }
    }

    #[test]
    fn account_refresh_cadence_and_date() {
        let with = |refresh: &str, days: &str, next: &str| AccountDraft {
            refresh: refresh.into(),
            refresh_days: days.into(),
            next_refresh_at: next.into(),
            ..account_draft("A")
        };
        let next = "2026-11-26T10:00:00+02:00";
        for (kind, expected) in [("daily", Refresh::Daily), ("weekly", Refresh::Weekly), ("Monthly", Refresh::Monthly)]
        {
            let fields = account(&with(kind, "", next), &[]).unwrap();
            assert_eq!(fields.refresh, expected);
            assert_eq!(fields.next_refresh_at, Timestamp::parse("2026-11-26T08:00:00Z"));
        }
        // No cadence: the date is not needed and not kept.
        let fields = account(&with("none", "", "2026-11-26T10:00"), &[]).unwrap();
        assert_eq!((fields.refresh, fields.next_refresh_at), (Refresh::None, None));
        assert_eq!(account(&with("", "", ""), &[]).unwrap().refresh, Refresh::None);

        assert_eq!(account_error(&with("daily", "", " "), "next_refresh_at"), Problem::Required);
        let not_a_date = |text: &str, error| Problem::NotADate { text: text.into(), error };
        for (typed, error) in [
            ("next tuesday", TimeError::NotADate),
            // A typed date that Baton could not store says why, rather than being stored wrong.
            ("9999-12-31T23:59:59-01:00", TimeError::OutOfRange),
            ("+10000-01-01", TimeError::YearDigits),
            ("2026-06-30T23:59:60Z", TimeError::LeapSecond),
        ] {
            assert_eq!(account_error(&with("weekly", "", typed), "next_refresh_at"), not_a_date(typed, error));
        }
        assert_eq!(account_error(&with("hourly", "", next), "refresh"), Problem::Choose);
        let days_problem = |error| Problem::Number { expected: Expected::Between(1, 365), error };
        for (days, error) in [
            ("0", None),
            ("366", None),
            ("", Some(NumberError::Empty)),
            ("2.5", Some(NumberError::NotWhole)),
            ("-3", Some(NumberError::Negative)),
        ] {
            assert_eq!(account_error(&with("every_n_days", days, next), "refresh_days"), days_problem(error), "{days}");
        }
        for (days, expected) in [("1", 1), ("365", 365)] {
            assert_eq!(
                account(&with("every_n_days", days, next), &[]).unwrap().refresh,
                Refresh::EveryNDays { days: expected }
            );
        }
    }

    #[test]
    fn account_platform_label_and_context_window() {
        let other = AccountDraft { platform: Platform::Other, ..account_draft("A") };
        assert_eq!(account_error(&other, "platform_label"), Problem::Required);
        let labelled = AccountDraft { platform_label: " Mistral ".into(), ..other };
        let fields = account(&labelled, &[]).unwrap();
        assert_eq!(fields.platform_label, "Mistral");
        assert_eq!(fields.context_window_tokens, Platform::Other.default_context_window());

        let window = |text: &str| AccountDraft { context_window_tokens: text.into(), ..account_draft("A") };
        assert_eq!(account(&window("1000"), &[]).unwrap().context_window_tokens, 1_000);
        assert_eq!(account(&window("10000000"), &[]).unwrap().context_window_tokens, 10_000_000);
        let window_problem = |error| Problem::Number { expected: Expected::Between(1_000, 10_000_000), error };
        for (bad, error) in [
            ("999", None),
            ("10000001", None),
            ("lots", Some(NumberError::NotANumber)),
            ("-1000", Some(NumberError::Negative)),
        ] {
            assert_eq!(account_error(&window(bad), "context_window_tokens"), window_problem(error), "{bad}");
        }
    }

    #[test]
    fn account_limits_short_and_long_text() {
        let draft = AccountDraft {
            plan: "p".repeat(SHORT_TEXT_MAX + 1),
            email: format!("{}@example.com", "e".repeat(SHORT_TEXT_MAX)),
            notes: "n".repeat(LONG_TEXT_MAX + 1),
            specializations: "s".repeat(TAG_MAX + 1),
            ..account_draft(&"a".repeat(NAME_MAX + 1))
        };
        let errors = account(&draft, &[]).unwrap_err();
        assert_eq!(errors.get("name"), Some(&too_long(201, 200)));
        assert_eq!(errors.get("plan"), Some(&too_long(2_001, 2_000)));
        assert_eq!(errors.get("email"), Some(&too_long(2_012, 2_000)));
        assert_eq!(errors.get("notes"), Some(&too_long(100_001, 100_000)));
        let tag = "s".repeat(TAG_MAX + 1);
        assert_eq!(errors.get("specializations"), Some(&part_too_long(Part::Tag(tag), TAG_MAX + 1, TAG_MAX)));
    }

    #[test]
    fn account_draft_from_account_round_trips() {
        let draft = AccountDraft {
            name: "Work".into(),
            platform: Platform::Other,
            platform_label: "Mistral".into(),
            email: "a@b.co".into(),
            plan: "Team".into(),
            specializations: "coding, review".into(),
            credits_available: "7".into(),
            credit_limit: "50".into(),
            refresh: "every_n_days".into(),
            refresh_days: "10".into(),
            next_refresh_at: "2026-11-26T10:00:00.000Z".into(),
            context_window_tokens: "64000".into(),
            notes: "hello".into(),
            bundle_language: Some(crate::locale::Language::Indonesian),
        };
        let fields = account(&draft, &[]).unwrap();
        let at = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        let stored = Account {
            id: crate::Id::v7(1, [0; 10]),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: 1,
            name: fields.name.clone(),
            platform: fields.platform,
            platform_label: fields.platform_label.clone(),
            email: fields.email.clone(),
            plan: fields.plan.clone(),
            specializations: fields.specializations.clone(),
            credits_available: fields.credits_available,
            credit_limit: fields.credit_limit,
            refresh: fields.refresh,
            next_refresh_at: fields.next_refresh_at,
            context_window_tokens: fields.context_window_tokens,
            notes: fields.notes.clone(),
            status: crate::AccountStatus::Available,
            bundle_language: fields.bundle_language,
        };
        assert_eq!(AccountDraft::from(&stored), draft);
        assert_eq!(account(&AccountDraft::from(&stored), &[]), Ok(fields));
    }

    proptest! {
        #[test]
        fn parse_tags_is_idempotent(text in "[a-cA-C ,\n\r\t]{0,40}") {
            let once = parse_tags(&text);
            prop_assert_eq!(parse_tags(&once.join(",")), once.clone());
            prop_assert_eq!(parse_tags(&once.join("\n")), once);
        }

        #[test]
        fn parse_tags_is_idempotent_on_any_text(text in any::<String>()) {
            let once = parse_tags(&text);
            prop_assert_eq!(parse_tags(&once.join(", ")), once.clone());
            for tag in &once {
                prop_assert!(!tag.is_empty() && tag.trim() == tag && !tag.contains([',', '\n']));
            }
        }

        #[test]
        fn accepted_names_are_trimmed_and_within_limits(text in "\\PC{0,260}") {
            match non_empty_name("name", &text) {
                Ok(name) => {
                    prop_assert_eq!(name.as_str(), text.trim());
                    prop_assert!((1..=NAME_MAX).contains(&name.chars().count()));
                }
                Err(error) => {
                    let length = text.trim().chars().count();
                    prop_assert!(length == 0 || length > NAME_MAX, "{:?}", error);
                }
            }
        }
    }
}
