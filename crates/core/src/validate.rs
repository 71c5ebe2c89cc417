//! Validation of what people type: forms hand over raw text (a *draft*), these functions trim it,
//! check it and return the typed *fields* a record is made from, or every problem found, each
//! naming its field and saying what is wrong in plain words.
//!
//! Nothing is ever cut to fit: text over a limit is refused with its length and the limit.

use crate::knowledge::KnowledgeDraft;
use crate::locale::{self, format_integer, NumberError};
use crate::records::{Account, Decision, KeyFile, LivingState, Platform, Project, ProjectStatus, Refresh};
use crate::time::Timestamp;
use std::collections::HashSet;
use std::fmt;

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

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The record field, as named in the record (`"name"`, `"state.next_steps"`), so a form can
    /// show the message next to its input.
    pub field: &'static str,
    /// A full sentence for people, e.g. "Name is required."
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError { field, message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

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

    /// The first message for `field`, for showing beside its input.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|error| error.field == field).map(|error| error.message.as_str())
    }

    pub fn push(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
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

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            f.write_str(&error.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

fn too_long(label: &str, length: usize, max: usize) -> String {
    // "Notes are too long", "The notes of key file 2 are too long", "Name is too long": the
    // labels lead with their noun, so its ending tells the number.
    let noun = label.strip_prefix("The ").unwrap_or(label).split_whitespace().next().unwrap_or("");
    let verb = if noun.ends_with('s') && !noun.ends_with("ss") { "are" } else { "is" };
    format!(
        "{label} {verb} too long: {} characters, the limit is {}.",
        format_integer(length as i64),
        format_integer(max as i64)
    )
}

/// Trimmed text of at most `max` characters (characters, not bytes: "é" counts once).
pub fn text_within(field: &'static str, label: &str, text: &str, max: usize) -> Result<String, FieldError> {
    let text = text.trim();
    let length = text.chars().count();
    if length > max {
        return Err(FieldError::new(field, too_long(label, length, max)));
    }
    Ok(text.to_string())
}

/// A required name: trimmed, 1 to [`NAME_MAX`] characters.
pub fn non_empty_name(field: &'static str, label: &str, text: &str) -> Result<String, FieldError> {
    let name = text_within(field, label, text, NAME_MAX)?;
    if name.is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    Ok(name)
}

/// Optional long text (markdown): trimmed, at most [`LONG_TEXT_MAX`] characters.
pub fn long_text(field: &'static str, label: &str, text: &str) -> Result<String, FieldError> {
    text_within(field, label, text, LONG_TEXT_MAX)
}

/// Optional short text (e-mail, plan, labels): trimmed, at most [`SHORT_TEXT_MAX`] characters.
pub fn short_text(field: &'static str, label: &str, text: &str) -> Result<String, FieldError> {
    text_within(field, label, text, SHORT_TEXT_MAX)
}

/// An optional web link: empty gives `None`; otherwise http or https only, since other schemes
/// (`javascript:`, `file:`) are either dangerous or useless in a link the app renders.
pub fn optional_web_link(field: &'static str, label: &str, text: &str) -> Result<Option<String>, FieldError> {
    let link = short_text(field, label, text)?;
    if link.is_empty() {
        return Ok(None);
    }
    let lower = link.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return Err(FieldError::new(field, format!("{label} must start with http:// or https://.")));
    };
    if rest.is_empty() || rest.starts_with('/') || link.chars().any(char::is_whitespace) {
        return Err(FieldError::new(
            field,
            format!("{label} must be a web address like https://github.com/you/project."),
        ));
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
/// `singular` names one ("Tag"), `plural` several ("tags").
pub fn tag_list(field: &'static str, singular: &str, plural: &str, text: &str) -> Result<Vec<String>, FieldError> {
    let tags = parse_tags(text);
    if tags.len() > TAGS_MAX {
        return Err(FieldError::new(field, format!("Too many {plural}: {}, the limit is {TAGS_MAX}.", tags.len())));
    }
    if let Some(tag) = tags.iter().find(|tag| tag.chars().count() > TAG_MAX) {
        return Err(FieldError::new(field, too_long(&format!("{singular} “{tag}”"), tag.chars().count(), TAG_MAX)));
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
        name: errors.check(non_empty_name("name", "Name", &draft.name)),
        description: errors.check(long_text("description", "Description", &draft.description)),
        status: draft.status,
        tags: errors.check(tag_list("tags", "Tag", "tags", &draft.tags)),
        repository_url: errors.check(optional_web_link("repository_url", "Repository link", &draft.repository_url)),
        notes: errors.check(long_text("notes", "Notes", &draft.notes)),
    };
    errors.into_result(fields)
}

/// Trims each item of a list and drops the empty ones, refusing items over the long-text limit.
/// `item_label` names one item for messages ("Next step" gives "Next step 3 is too long…"); the
/// number is the item's place in the list as given, which is what the user sees.
fn text_items(errors: &mut FieldErrors, field: &'static str, item_label: &str, items: &[String]) -> Vec<String> {
    let mut kept = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match long_text(field, &format!("{item_label} {}", index + 1), item) {
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
    let goal = errors.check(long_text("state.goal", "Goal", &state.goal));
    let current_state = errors.check(long_text("state.current_state", "Current state", &state.current_state));
    let next_steps = text_items(&mut errors, "state.next_steps", "Next step", &state.next_steps);
    let constraints = text_items(&mut errors, "state.constraints", "Constraint", &state.constraints);
    let do_not_redo = text_items(&mut errors, "state.do_not_redo", "Do-not-redo item", &state.do_not_redo);

    let mut decisions = Vec::with_capacity(state.decisions.len());
    for (index, decision) in state.decisions.iter().enumerate() {
        let number = index + 1;
        let field = "state.decisions";
        let text = errors.check(long_text(field, &format!("Decision {number}"), &decision.text));
        let rationale =
            errors.check(long_text(field, &format!("The rationale of decision {number}"), &decision.rationale));
        let rejected_alternatives = text_items(
            &mut errors,
            field,
            &format!("Decision {number}: rejected alternative"),
            &decision.rejected_alternatives,
        );
        // Test the text as given: a text refused for its length is not a missing one.
        if decision.text.trim().is_empty() {
            if !rationale.is_empty() || !rejected_alternatives.is_empty() {
                errors.push(field, format!("Decision {number} has no text; write the decision or remove it."));
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
        let notes = errors.check(long_text(field, &format!("The notes of key file {number}"), &file.notes));
        let path = match short_text(field, &format!("The path of key file {number}"), &file.path) {
            Ok(path) if path.is_empty() => {
                if !notes.is_empty() {
                    errors.push(field, format!("Key file {number} has notes but no path."));
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
                errors.push(field, format!("Key file “{}” is listed twice.", crate::text::shorten(&path)));
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
    let title = errors.check(non_empty_name("title", "Title", &draft.title));
    let body = errors.check(long_text("body", "Body", &draft.body));
    let tags = errors.check(tag_list("tags", "Tag", "Tags", &draft.tags));
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

/// A field's rule ("Credits must be a whole number of 0 or more."), followed by why the number
/// was not read when its separators were the problem.
pub fn number_message(rule: impl Into<String>, error: NumberError) -> String {
    let rule = rule.into();
    match error.explain(&locale::current().numbers) {
        Some(reason) => format!("{rule} {reason}"),
        None => rule,
    }
}

/// An optional limit above 0 ("The token budget", "The paste limit"): empty is none.
pub fn optional_limit(label: &str, text: &str) -> Result<Option<u64>, String> {
    let rule = || format!("{label} must be a whole number above 0, or empty for none.");
    match whole_number(text) {
        Err(NumberError::Empty) => Ok(None),
        Ok(0) => Err(rule()),
        Ok(value) => Ok(Some(value)),
        Err(error) => Err(number_message(rule(), error)),
    }
}

/// A handoff's queue priority: 1 (low) to 10 (most urgent).
pub fn priority(text: &str) -> Result<u8, FieldError> {
    let rule = "Priority must be a whole number from 1 (low) to 10 (most urgent).";
    match whole_number(text) {
        Ok(value) if (1..=10).contains(&value) => Ok(value as u8),
        Ok(_) | Err(NumberError::Empty | NumberError::TooLarge) => Err(FieldError::new("priority", rule)),
        Err(error) => Err(FieldError::new("priority", number_message(rule, error))),
    }
}

fn credits(field: &'static str, label: &str, text: &str) -> Result<i64, FieldError> {
    let too_large = || FieldError::new(field, format!("{label} must be at most {}.", format_integer(CREDITS_MAX)));
    match whole_number(text) {
        Err(NumberError::Empty) => Err(FieldError::new(field, format!("{label} is required."))),
        Err(NumberError::TooLarge) => Err(too_large()),
        Err(error) => {
            Err(FieldError::new(field, number_message(format!("{label} must be a whole number of 0 or more."), error)))
        }
        Ok(value) => i64::try_from(value).ok().filter(|value| *value <= CREDITS_MAX).ok_or_else(too_large),
    }
}

/// A loose e-mail check: one `@`, something before it, a dot inside the part after it, no
/// spaces. Enough to catch a typo in the wrong field without refusing real addresses.
fn email(text: &str) -> Result<String, FieldError> {
    let email = short_text("email", "Email", text)?;
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
        return Err(FieldError::new("email", "Email must look like name@example.com."));
    }
    Ok(email)
}

fn refresh(kind: &str, days: &str) -> Result<Refresh, FieldError> {
    match kind.trim().to_ascii_lowercase().as_str() {
        "" | "none" => Ok(Refresh::None),
        "daily" => Ok(Refresh::Daily),
        "weekly" => Ok(Refresh::Weekly),
        "monthly" => Ok(Refresh::Monthly),
        "every_n_days" => match whole_number(days) {
            Ok(days) if (1..=REFRESH_DAYS_MAX as u64).contains(&days) => Ok(Refresh::EveryNDays { days: days as u32 }),
            _ => Err(FieldError::new(
                "refresh_days",
                format!("Days between refreshes must be a whole number from 1 to {REFRESH_DAYS_MAX}."),
            )),
        },
        _ => Err(FieldError::new("refresh", "Refresh must be one of: none, daily, weekly, monthly, every N days.")),
    }
}

fn next_refresh_at(text: &str, refresh: Refresh) -> Result<Option<Timestamp>, FieldError> {
    let text = text.trim();
    if refresh == Refresh::None {
        return Ok(None);
    }
    if text.is_empty() {
        return Err(FieldError::new("next_refresh_at", "Next refresh is required when the credits refresh."));
    }
    match Timestamp::read(text) {
        Ok(at) => Ok(Some(at)),
        Err(crate::time::TimeError::NotADate) => Err(FieldError::new(
            "next_refresh_at",
            format!(
                "Next refresh “{}” is not a date and time; write it like 2026-11-26T10:00.",
                crate::text::shorten(text)
            ),
        )),
        // A date Baton could not store (year 10000, a leap second, 30 February) says why.
        Err(error) => {
            Err(FieldError::new("next_refresh_at", format!("Next refresh “{}” {error}.", crate::text::shorten(text))))
        }
    }
}

fn context_window(text: &str, platform: Platform) -> Result<u32, FieldError> {
    match whole_number(text) {
        Err(NumberError::Empty) => Ok(platform.default_context_window()),
        Ok(tokens) if (CONTEXT_WINDOW_MIN as u64..=CONTEXT_WINDOW_MAX as u64).contains(&tokens) => Ok(tokens as u32),
        _ => Err(FieldError::new(
            "context_window_tokens",
            format!(
                "Context window must be a whole number of tokens from {} to {}.",
                format_integer(CONTEXT_WINDOW_MIN as i64),
                format_integer(CONTEXT_WINDOW_MAX as i64)
            ),
        )),
    }
}

/// Checks the account form. `other_names` are the names of the other accounts (not the one
/// being edited); names are unique ignoring case and surrounding spaces.
pub fn account(draft: &AccountDraft, other_names: &[String]) -> Result<AccountFields, FieldErrors> {
    let mut errors = FieldErrors::default();

    let mut name = errors.check(non_empty_name("name", "Name", &draft.name));
    if !name.is_empty() {
        let key = name.to_lowercase();
        if let Some(existing) = other_names.iter().map(|other| other.trim()).find(|other| other.to_lowercase() == key) {
            errors.push("name", format!("An account named “{existing}” already exists."));
            name.clear();
        }
    }

    // The label names a platform the app does not know; for a known one it would be stale.
    let platform_label = if draft.platform == Platform::Other {
        errors.check(non_empty_name("platform_label", "Platform name", &draft.platform_label))
    } else {
        String::new()
    };

    let refresh = errors.check(refresh(&draft.refresh, &draft.refresh_days));
    let fields = AccountFields {
        name,
        platform: draft.platform,
        platform_label,
        email: errors.check(email(&draft.email)),
        plan: errors.check(short_text("plan", "Plan", &draft.plan)),
        specializations: errors.check(tag_list(
            "specializations",
            "Specialization",
            "specializations",
            &draft.specializations,
        )),
        credits_available: errors.check(credits("credits_available", "Credits available", &draft.credits_available)),
        credit_limit: errors.check(credits("credit_limit", "Credit limit", &draft.credit_limit)),
        refresh,
        next_refresh_at: errors.check(next_refresh_at(&draft.next_refresh_at, refresh)),
        context_window_tokens: errors.check(context_window(&draft.context_window_tokens, draft.platform)),
        notes: errors.check(long_text("notes", "Notes", &draft.notes)),
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

    fn account_error(draft: &AccountDraft, field: &str) -> String {
        let errors = account(draft, &[]).expect_err("the draft should be refused");
        errors.get(field).unwrap_or_else(|| panic!("no error for {field}: {errors:?}")).to_string()
    }

    #[test]
    fn signed_amounts_read_like_every_other_number() {
        assert_eq!(integer("-20"), Ok(-20));
        assert_eq!(integer("+1,000"), Ok(1000));
        assert_eq!(integer("−5"), Ok(-5));
        assert_eq!(whole_number("-5"), Err(NumberError::Negative));
        let rule = "Enter a whole number.";
        assert_eq!(number_message(rule, integer("ten").unwrap_err()), rule);
        let misgrouped = number_message(rule, integer("-1,5").unwrap_err());
        assert!(misgrouped.starts_with("Enter a whole number. Digits are grouped by three"), "{misgrouped}");
    }

    #[test]
    fn limits_and_priorities_read_typed_numbers_one_way() {
        assert_eq!(optional_limit("The token budget", " "), Ok(None));
        assert_eq!(optional_limit("The token budget", "12,000"), Ok(Some(12_000)));
        assert_eq!(optional_limit("The token budget", "1_000"), Ok(Some(1000)));
        let zero = "The token budget must be a whole number above 0, or empty for none.";
        assert_eq!(optional_limit("The token budget", "0").unwrap_err(), zero);
        assert_eq!(optional_limit("The token budget", "-3").unwrap_err(), zero);
        // "1,5" was read as 15 by the builder's own parser; now it is refused and says why.
        let misgrouped = optional_limit("The paste limit", "1,5").unwrap_err();
        assert!(misgrouped.starts_with("The paste limit must be a whole number above 0"), "{misgrouped}");
        assert!(misgrouped.contains("grouped by three"), "{misgrouped}");
        assert!(optional_limit("The paste limit", "4.000").unwrap_err().contains("marks decimals"));

        assert_eq!(priority(" 5 "), Ok(5));
        assert_eq!(priority("10"), Ok(10));
        for typed in ["0", "11", "", "five", "1.5", "999999999999999999999"] {
            let error = priority(typed).unwrap_err();
            assert_eq!(error.field, "priority");
            assert!(error.message.starts_with("Priority must be a whole number from 1 (low) to 10"), "{typed}");
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
        assert_eq!(errors.get("title"), Some("Title is required."));
        assert!(errors.get("body").is_some_and(|message| message.starts_with("Body is too long")));
        assert!(errors.get("tags").is_some());
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn field_errors_collect_and_read() {
        let mut errors = FieldErrors::default();
        assert!(errors.is_empty());
        assert_eq!(errors.clone().into_result(7), Ok(7));
        errors.push("name", "Name is required.");
        errors.push("notes", "Notes are bad.");
        errors.push("name", "Second.");
        assert_eq!(errors.len(), 3);
        assert_eq!(errors.get("name"), Some("Name is required."));
        assert_eq!(errors.get("email"), None);
        assert_eq!(errors.to_string(), "Name is required. Notes are bad. Second.");
        assert_eq!(errors.clone().into_result(()), Err(errors.clone()));
        let as_error: &dyn std::error::Error = &errors;
        assert!(as_error.to_string().starts_with("Name is required."));
        assert_eq!(FieldErrors::from(FieldError::new("x", "X.")).get("x"), Some("X."));
    }

    #[test]
    fn names_are_trimmed_required_and_limited_in_characters() {
        assert_eq!(non_empty_name("name", "Name", "  Baton  "), Ok("Baton".to_string()));
        assert_eq!(non_empty_name("name", "Name", " \n\t ").unwrap_err().message, "Name is required.");
        // 200 two-byte characters fit: the limit counts characters, not bytes.
        let accented = "é".repeat(NAME_MAX);
        assert_eq!(non_empty_name("name", "Name", &accented), Ok(accented.clone()));
        let error = non_empty_name("name", "Name", &"x".repeat(214)).unwrap_err();
        assert_eq!(error, FieldError::new("name", "Name is too long: 214 characters, the limit is 200."));
    }

    #[test]
    fn long_text_is_refused_not_cut() {
        let fits = "a".repeat(LONG_TEXT_MAX);
        assert_eq!(long_text("notes", "Notes", &fits).unwrap().len(), LONG_TEXT_MAX);
        let error = long_text("notes", "Notes", &format!("{fits}b")).unwrap_err();
        assert_eq!(error.message, "Notes are too long: 100,001 characters, the limit is 100,000.");
        assert_eq!(long_text("notes", "Notes", ""), Ok(String::new()));
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
        let error = tag_list("tags", "Tag", "tags", &format!("ok, {long}")).unwrap_err();
        assert_eq!(error.message, format!("Tag “{long}” is too long: 51 characters, the limit is 50."));
        let many: Vec<String> = (0..=TAGS_MAX).map(|n| format!("t{n}")).collect();
        let error = tag_list("tags", "Tag", "tags", &many.join(",")).unwrap_err();
        assert_eq!(error.message, "Too many tags: 51, the limit is 50.");
        assert_eq!(tag_list("tags", "Tag", "tags", &many[..TAGS_MAX].join(",")).unwrap().len(), TAGS_MAX);
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
        assert_eq!(errors.get("name"), Some("Name is required."));
        assert_eq!(errors.get("repository_url"), Some("Repository link must start with http:// or https://."));
    }

    #[test]
    fn repository_links_are_http_or_https_only() {
        let check = |text: &str| optional_web_link("repository_url", "Repository link", text);
        assert_eq!(check(""), Ok(None));
        assert_eq!(check("HTTP://Example.com/A"), Ok(Some("HTTP://Example.com/A".into())));
        assert_eq!(check("http://localhost:3000/x"), Ok(Some("http://localhost:3000/x".into())));
        for refused in ["javascript:alert(1)", "file:///etc/passwd", "github.com/x", "ftp://x.org"] {
            assert_eq!(check(refused).unwrap_err().message, "Repository link must start with http:// or https://.");
        }
        for incomplete in ["https://", "http:///path", "https://exa mple.com"] {
            assert_eq!(
                check(incomplete).unwrap_err().message,
                "Repository link must be a web address like https://github.com/you/project."
            );
        }
        let too_long = format!("https://example.com/{}", "a".repeat(SHORT_TEXT_MAX));
        assert!(check(&too_long).unwrap_err().message.starts_with("Repository link is too long: 2,020 characters"));
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
        assert_eq!(errors.get("state.goal"), Some("Goal is too long: 100,001 characters, the limit is 100,000."));
        assert_eq!(
            errors.get("state.next_steps"),
            Some("Next step 2 is too long: 100,001 characters, the limit is 100,000.")
        );
        assert_eq!(errors.get("state.decisions"), Some("Decision 1 has no text; write the decision or remove it."));
        let file_messages: Vec<&str> =
            errors.iter().filter(|error| error.field == "state.files").map(|error| error.message.as_str()).collect();
        assert_eq!(
            file_messages,
            vec![
                "Key file “src/a.rs” is listed twice.",
                "Key file 4 has notes but no path.",
                "The path of key file 5 is too long: 2,001 characters, the limit is 2,000.",
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
        let messages: Vec<String> = errors.iter().map(|error| format!("{}: {}", error.field, error.message)).collect();
        let limit = "100,001 characters, the limit is 100,000.";
        assert_eq!(
            messages,
            vec![
                format!("state.current_state: Current state is too long: {limit}"),
                format!("state.constraints: Constraint 1 is too long: {limit}"),
                format!("state.do_not_redo: Do-not-redo item 2 is too long: {limit}"),
                format!("state.decisions: Decision 1 is too long: {limit}"),
                format!("state.decisions: The rationale of decision 1 is too long: {limit}"),
                format!("state.decisions: Decision 1: rejected alternative 1 is too long: {limit}"),
                format!("state.files: The notes of key file 1 are too long: {limit}"),
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
        assert_eq!(errors.0, vec![FieldError::new("name", "An account named “Work Claude” already exists.")]);
        assert!(account(&account_draft("Work Claude 2"), &others).is_ok());
        assert_eq!(account_error(&account_draft(" "), "name"), "Name is required.");
    }

    #[test]
    fn account_credits_must_be_whole_and_not_negative() {
        for (typed, message) in [
            ("-5", "Credits available must be a whole number of 0 or more."),
            ("1.5", "Credits available must be a whole number of 0 or more."),
            ("ten", "Credits available must be a whole number of 0 or more."),
            (
                "1,5",
                "Credits available must be a whole number of 0 or more. Digits are grouped by three (1,000); type the number without separators, like 1000.",
            ),
            ("", "Credits available is required."),
            ("1000000000001", "Credits available must be at most 1,000,000,000,000."),
            ("99999999999999999999999", "Credits available must be at most 1,000,000,000,000."),
        ] {
            let draft = AccountDraft { credits_available: typed.into(), ..account_draft("A") };
            assert_eq!(account_error(&draft, "credits_available"), message, "typed {typed:?}");
        }
        let draft = AccountDraft { credit_limit: "-1".into(), ..account_draft("A") };
        assert_eq!(account_error(&draft, "credit_limit"), "Credit limit must be a whole number of 0 or more.");
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
            assert_eq!(account_error(&draft, "email"), "Email must look like name@example.com.", "{bad}");
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

        assert_eq!(
            account_error(&with("daily", "", " "), "next_refresh_at"),
            "Next refresh is required when the credits refresh."
        );
        assert_eq!(
            account_error(&with("weekly", "", "next tuesday"), "next_refresh_at"),
            "Next refresh “next tuesday” is not a date and time; write it like 2026-11-26T10:00."
        );
        // A typed date that Baton could not store says why, rather than being stored wrong.
        assert!(account_error(&with("weekly", "", "9999-12-31T23:59:59-01:00"), "next_refresh_at")
            .contains("falls outside the years 0000 to 9999"));
        assert!(account_error(&with("weekly", "", "+10000-01-01"), "next_refresh_at").contains("not four digits"));
        assert!(account_error(&with("weekly", "", "2026-06-30T23:59:60Z"), "next_refresh_at").contains("leap second"));
        assert_eq!(
            account_error(&with("hourly", "", next), "refresh"),
            "Refresh must be one of: none, daily, weekly, monthly, every N days."
        );
        for days in ["0", "366", "", "2.5", "-3"] {
            assert_eq!(
                account_error(&with("every_n_days", days, next), "refresh_days"),
                "Days between refreshes must be a whole number from 1 to 365.",
                "{days}"
            );
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
        assert_eq!(account_error(&other, "platform_label"), "Platform name is required.");
        let labelled = AccountDraft { platform_label: " Mistral ".into(), ..other };
        let fields = account(&labelled, &[]).unwrap();
        assert_eq!(fields.platform_label, "Mistral");
        assert_eq!(fields.context_window_tokens, Platform::Other.default_context_window());

        let window = |text: &str| AccountDraft { context_window_tokens: text.into(), ..account_draft("A") };
        assert_eq!(account(&window("1000"), &[]).unwrap().context_window_tokens, 1_000);
        assert_eq!(account(&window("10000000"), &[]).unwrap().context_window_tokens, 10_000_000);
        for bad in ["999", "10000001", "lots", "-1000"] {
            assert_eq!(
                account_error(&window(bad), "context_window_tokens"),
                "Context window must be a whole number of tokens from 1,000 to 10,000,000.",
                "{bad}"
            );
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
        assert_eq!(errors.get("name"), Some("Name is too long: 201 characters, the limit is 200."));
        assert_eq!(errors.get("plan"), Some("Plan is too long: 2,001 characters, the limit is 2,000."));
        assert_eq!(errors.get("email"), Some("Email is too long: 2,012 characters, the limit is 2,000."));
        assert_eq!(errors.get("notes"), Some("Notes are too long: 100,001 characters, the limit is 100,000."));
        assert!(errors.get("specializations").unwrap().starts_with("Specialization “sss"));
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
            match non_empty_name("name", "Name", &text) {
                Ok(name) => {
                    prop_assert_eq!(name.as_str(), text.trim());
                    prop_assert!((1..=NAME_MAX).contains(&name.chars().count()));
                }
                Err(error) => {
                    let length = text.trim().chars().count();
                    prop_assert!(length == 0 || length > NAME_MAX, "{}", error);
                }
            }
        }
    }
}
