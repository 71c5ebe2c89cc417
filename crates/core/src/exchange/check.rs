//! Validation of imported records beyond their types: lengths and required text (the limits of
//! `validate.rs`), numbers in range, duplicate ids, session numbers and account names unique
//! within the file, and references.
//!
//! References checked are the *owning* ones, which every record of its kind must have: a
//! session's project, a turn's session, a checkpoint's and a handoff's project, a ledger entry's
//! account. They must point at a record in the file or, when merging, already in the browser:
//! Replace removes every record of the browser that the file does not hold, so there they must
//! point into the file alone. Optional links (a
//! session's account, a handoff's sessions and accounts, a knowledge entry's source, an event's
//! record) are not required to resolve: the data model keeps history when such a record is deleted
//! for good (`account_label` keeps the name), so a file Baton wrote may hold them dangling.
//!
//! Text is checked as it is, not trimmed or changed: an import stores exactly what the file says.
//! Transcript turns and bundle texts have no length limit besides the file's size: they are kept
//! exactly as pasted or copied.

use super::error::Problem;
use super::merge::ImportMode;
use super::Dataset;
use crate::ids::Id;
use crate::records::*;
use crate::validate::{self, FieldError, FieldErrors, CREDITS_MAX, NAME_MAX, SAFE_INTEGER_MAX, TAGS_MAX, TAG_MAX};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Every problem of `dataset`: each record on its own, duplicates, and owning references, which
/// must resolve to the file or to a record for which `existing(store, id)` is true.
pub fn validate_dataset(dataset: &Dataset, existing: &dyn Fn(StoreName, Id) -> bool) -> Vec<Problem> {
    validate_dataset_for(dataset, ImportMode::Merge, existing)
}

/// [`validate_dataset`] for an import in `mode`: a Replace ignores `existing`, since the records
/// it would resolve to are the ones the import deletes.
pub fn validate_dataset_for(
    dataset: &Dataset,
    mode: ImportMode,
    existing: &dyn Fn(StoreName, Id) -> bool,
) -> Vec<Problem> {
    let mut problems = validate_records(dataset);
    match mode {
        ImportMode::Merge => problems.extend(check_references(dataset, existing, "in the file or in this browser")),
        ImportMode::Replace => problems.extend(check_references(
            dataset,
            &|_, _| false,
            "in the file (Replace removes this browser’s records, so the file must hold it)",
        )),
    }
    problems
}

/// Every check that needs no knowledge of the browser (all but references).
pub(super) fn validate_records(dataset: &Dataset) -> Vec<Problem> {
    let mut problems = Problems(Vec::new());
    problems.duplicates("projects", &dataset.projects);
    problems.duplicates("accounts", &dataset.accounts);
    problems.duplicates("ledger", &dataset.ledger);
    problems.duplicates("sessions", &dataset.sessions);
    problems.duplicates("turns", &dataset.turns);
    problems.duplicates("checkpoints", &dataset.checkpoints);
    problems.duplicates("handoffs", &dataset.handoffs);
    problems.duplicates("knowledge", &dataset.knowledge);
    problems.duplicates("events", &dataset.events);
    problems.revs("projects", &dataset.projects);
    problems.revs("accounts", &dataset.accounts);
    problems.revs("ledger", &dataset.ledger);
    problems.revs("sessions", &dataset.sessions);
    problems.revs("turns", &dataset.turns);
    problems.revs("checkpoints", &dataset.checkpoints);
    problems.revs("handoffs", &dataset.handoffs);
    problems.revs("knowledge", &dataset.knowledge);
    problems.revs("events", &dataset.events);

    for (index, project) in dataset.projects.iter().enumerate() {
        let at = format!("data.projects[{index}]");
        problems.check(&at, validate::non_empty_name("name", &project.name));
        problems.check(&at, validate::long_text("description", &project.description));
        problems.check(&at, validate::long_text("notes", &project.notes));
        problems.tags(&at, "tags", &project.tags);
        if let Some(link) = &project.repository_url {
            match validate::optional_web_link("repository_url", link) {
                Ok(Some(_)) => {}
                Ok(None) => problems.push(&at, "repository_url", "is empty; leave it out or give a web address"),
                Err(error) => problems.field(&at, error),
            }
        }
        problems.state(&at, &project.state);
    }

    for (index, account) in dataset.accounts.iter().enumerate() {
        let at = format!("data.accounts[{index}]");
        problems.check(&at, validate::non_empty_name("name", &account.name));
        problems.check(&at, validate::text_within("platform_label", &account.platform_label, NAME_MAX));
        problems.check(&at, validate::short_text("email", &account.email));
        problems.check(&at, validate::short_text("plan", &account.plan));
        problems.check(&at, validate::long_text("notes", &account.notes));
        problems.tags(&at, "specializations", &account.specializations);
        problems.credits(&at, "credits_available", account.credits_available, -CREDITS_MAX);
        problems.credits(&at, "credit_limit", account.credit_limit, 0);
        let window = validate::CONTEXT_WINDOW_MIN..=validate::CONTEXT_WINDOW_MAX;
        if !window.contains(&account.context_window_tokens) {
            problems.push(
                &at,
                "context_window_tokens",
                format!("must be from {} to {} tokens", window.start(), window.end()),
            );
        }
        if let Refresh::EveryNDays { days } = account.refresh {
            if !(1..=validate::REFRESH_DAYS_MAX).contains(&days) {
                problems.push(&at, "refresh.days", format!("must be from 1 to {}", validate::REFRESH_DAYS_MAX));
            }
        }
    }

    // Live accounts' names are unique ignoring case (the account form's rule); a merge repairs a
    // clash with the browser, but a file clashing with itself was edited, so it is refused.
    let mut names: HashMap<String, usize> = HashMap::new();
    for (index, account) in dataset.accounts.iter().enumerate().filter(|(_, account)| account.deleted_at.is_none()) {
        let key = account.name.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(first) = names.get(&key) {
            problems.push(
                &format!("data.accounts[{index}]"),
                "name",
                format!("is the name of data.accounts[{first}] too (ignoring case); account names must be unique"),
            );
        } else {
            names.insert(key, index);
        }
    }

    for (index, entry) in dataset.ledger.iter().enumerate() {
        let at = format!("data.ledger[{index}]");
        problems.check(&at, validate::long_text("note", &entry.note));
        problems.credits(&at, "delta", entry.delta, -CREDITS_MAX);
        problems.credits(&at, "balance_after", entry.balance_after, -CREDITS_MAX);
    }

    let mut numbers: HashMap<(Id, u32), usize> = HashMap::new();
    for (index, session) in dataset.sessions.iter().enumerate() {
        let at = format!("data.sessions[{index}]");
        problems.check(&at, validate::text_within("title", &session.title, NAME_MAX));
        problems.check(&at, validate::text_within("account_label", &session.account_label, NAME_MAX));
        for (field, _, text) in [
            ("objectives", "Objectives", &session.objectives),
            ("accomplishments", "Accomplishments", &session.accomplishments),
            ("blockers", "Blockers", &session.blockers),
            ("state_notes", "State notes", &session.state_notes),
            ("next_steps", "Next steps", &session.next_steps),
            ("decisions", "Decisions", &session.decisions),
            ("notes", "Notes", &session.notes),
        ] {
            problems.check(&at, validate::long_text(field, text));
        }
        if session.number == 0 {
            problems.push(&at, "number", "must be 1 or more");
        } else if let Some(first) = numbers.insert((session.project_id, session.number), index) {
            problems.push(
                &at,
                "number",
                format!("session {} of this project is already data.sessions[{first}]", session.number),
            );
        }
        if let Some(budget) = session.credit_budget {
            problems.credits(&at, "credit_budget", budget, 0);
        }
        problems.credits(&at, "credits_used", session.credits_used, -CREDITS_MAX);
        if session.ended_at.is_some_and(|ended| ended < session.started_at) {
            problems.push(&at, "ended_at", "is before started_at");
        }
    }

    for (index, checkpoint) in dataset.checkpoints.iter().enumerate() {
        let at = format!("data.checkpoints[{index}]");
        problems.check(&at, validate::text_within("label", &checkpoint.label, NAME_MAX));
        problems.check(&at, validate::long_text("note", &checkpoint.note));
        if let Some(git_ref) = &checkpoint.git_ref {
            problems.check(&at, validate::short_text("git_ref", git_ref));
        }
        problems.state(&at, &checkpoint.state);
    }

    for (index, handoff) in dataset.handoffs.iter().enumerate() {
        let at = format!("data.handoffs[{index}]");
        if !(1..=10).contains(&handoff.priority) {
            problems.push(&at, "priority", format!("is {}, but must be from 1 to 10", handoff.priority));
        }
        problems.check(&at, validate::long_text("failure_reason", &handoff.failure_reason));
    }

    for (index, entry) in dataset.knowledge.iter().enumerate() {
        let at = format!("data.knowledge[{index}]");
        problems.check(&at, validate::non_empty_name("title", &entry.title));
        problems.check(&at, validate::long_text("body", &entry.body));
        problems.tags(&at, "tags", &entry.tags);
    }

    for (index, event) in dataset.events.iter().enumerate() {
        let at = format!("data.events[{index}]");
        problems.check(&at, validate::long_text("summary", &event.summary));
    }
    problems.0
}

/// Owning references that point at nothing in the file nor in the browser.
/// `looked_in` says where the record was looked for, for the message.
fn check_references(dataset: &Dataset, existing: &dyn Fn(StoreName, Id) -> bool, looked_in: &str) -> Vec<Problem> {
    let ids: BTreeMap<StoreName, BTreeSet<Id>> = dataset.ids();
    let known = |store: StoreName, id: Id| ids.get(&store).is_some_and(|set| set.contains(&id)) || existing(store, id);
    let mut problems = Vec::new();
    let mut require = |at: String, store: StoreName, id: Id, what: &str| {
        if !known(store, id) {
            problems.push(Problem::new(at, format!("no such {what} {looked_in} ({id})")));
        }
    };
    for (index, session) in dataset.sessions.iter().enumerate() {
        require(format!("data.sessions[{index}].project_id"), StoreName::Projects, session.project_id, "project");
    }
    for (index, turn) in dataset.turns.iter().enumerate() {
        require(format!("data.turns[{index}].session_id"), StoreName::Sessions, turn.session_id, "session");
    }
    for (index, checkpoint) in dataset.checkpoints.iter().enumerate() {
        require(format!("data.checkpoints[{index}].project_id"), StoreName::Projects, checkpoint.project_id, "project");
    }
    for (index, handoff) in dataset.handoffs.iter().enumerate() {
        require(format!("data.handoffs[{index}].project_id"), StoreName::Projects, handoff.project_id, "project");
    }
    for (index, entry) in dataset.ledger.iter().enumerate() {
        require(format!("data.ledger[{index}].account_id"), StoreName::Accounts, entry.account_id, "account");
    }
    problems
}

/// A form's problem as the file's problem list says it, after the field's path ("…name: is
/// required"). The list names places in a file for whoever wrote the file, in the words of the
/// file format (English, like its field names).
fn field_phrase(problem: &validate::Problem) -> String {
    use crate::locale::format_integer;
    use validate::{Part, Problem as P};
    let count = |n: usize| format_integer(n as i64);
    let part = |part: &Part| match part {
        Part::Item(n) => format!("item {n}"),
        Part::Tag(tag) => format!("tag “{tag}”"),
        Part::Rationale(n) => format!("the rationale of decision {n}"),
        Part::RejectedAlternative { decision, alternative } => {
            format!("rejected alternative {alternative} of decision {decision}")
        }
        Part::FilePath(n) => format!("the path of key file {n}"),
        Part::FileNotes(n) => format!("the notes of key file {n}"),
    };
    match problem {
        P::Required => "is required".into(),
        P::TooLong { length, max } => format!("is {} characters, the limit is {}", count(*length), count(*max)),
        P::PartTooLong { part: which, length, max } => {
            format!("has {} of {} characters, the limit is {}", part(which), count(*length), count(*max))
        }
        P::TooMany { count: n, max } => format!("has {}, the limit is {}", count(*n), count(*max)),
        P::NotAWebLink => "must be an http:// or https:// web address".into(),
        P::NotAnEmail => "must look like name@example.com".into(),
        P::Number { .. } => "is not a number this field takes".into(),
        P::NotADate { text, error } => format!("“{text}” {error}"),
        P::Duplicate { name } => format!("lists “{name}” twice"),
        P::PartWithoutText { part: which } => format!("has {} without its text", part(which)),
        P::Choose => "is not one of the choices".into(),
        P::NeededToComplete => "is required for a completed session".into(),
        P::TooShort { min } => format!("is shorter than {} characters", count(*min)),
        P::DoesNotMatch => "does not match".into(),
    }
}

/// Problems of one dataset, each at `data.<store>[<index>].<field>`.
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, at: &str, field: &str, message: impl Into<String>) {
        self.0.push(Problem::new(format!("{at}.{field}"), message));
    }

    fn field(&mut self, at: &str, error: FieldError) {
        self.push(at, error.field, field_phrase(&error.problem));
    }

    fn check<T>(&mut self, at: &str, result: Result<T, FieldError>) {
        if let Err(error) = result {
            self.field(at, error);
        }
    }

    fn tags(&mut self, at: &str, field: &str, tags: &[String]) {
        if tags.len() > TAGS_MAX {
            self.push(at, field, format!("has {} tags, the limit is {TAGS_MAX}", tags.len()));
        }
        for (index, tag) in tags.iter().enumerate() {
            let length = tag.chars().count();
            if length > TAG_MAX {
                self.push(at, &format!("{field}[{index}]"), format!("is {length} characters, the limit is {TAG_MAX}"));
            }
        }
    }

    fn credits(&mut self, at: &str, field: &str, value: i64, min: i64) {
        if !(min..=CREDITS_MAX).contains(&value) {
            self.push(
                at,
                field,
                format!(
                    "is {}, but must be from {} to {}",
                    crate::locale::format_integer(value),
                    crate::locale::format_integer(min),
                    crate::locale::format_integer(CREDITS_MAX)
                ),
            );
        }
    }

    fn state(&mut self, at: &str, state: &LivingState) {
        if let Err(FieldErrors(errors)) = validate::living_state(state) {
            for error in errors {
                self.field(at, error);
            }
        }
    }

    /// Every `rev` must read back from IndexedDB as it was written (the other integer fields are
    /// 32-bit or bounded by [`CREDITS_MAX`], far below [`SAFE_INTEGER_MAX`]).
    fn revs<R: Record>(&mut self, store: &str, records: &[R]) {
        for (index, record) in records.iter().enumerate() {
            if record.rev() > SAFE_INTEGER_MAX {
                self.push(&format!("data.{store}[{index}]"), "rev", above_safe(record.rev()));
            }
        }
    }

    fn duplicates<R: Record>(&mut self, store: &str, records: &[R]) {
        let mut first_seen: HashMap<Id, usize> = HashMap::with_capacity(records.len());
        for (index, record) in records.iter().enumerate() {
            if let Some(first) = first_seen.insert(record.id(), index) {
                // Keep pointing at the first occurrence.
                first_seen.insert(record.id(), first);
                self.push(
                    &format!("data.{store}[{index}]"),
                    "id",
                    format!("{} is used twice; also by data.{store}[{first}]", record.id()),
                );
            }
        }
    }
}

/// What to say of a whole number IndexedDB would not read back exactly.
pub(crate) fn above_safe(value: impl std::fmt::Display) -> String {
    format!(
        "{value} is above the largest whole number a browser stores exactly ({})",
        crate::locale::format_integer(SAFE_INTEGER_MAX as i64)
    )
}
