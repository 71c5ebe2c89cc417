//! The core's typed errors, worded in the interface language (`locales/<code>/errors.json`).
//!
//! The core returns data (which field, which rule, which numbers); this is the one place that
//! turns it into sentences. Every message is one catalogue key with its placeholders, the numbers
//! in it formatted through `baton_core::locale` (the interface language's "1,234" or "1.234").
//! The language is read when a message is worded, so these work anywhere, async code included;
//! the routes are rebuilt on a language switch.

use super::{to_locale, Locale};
use baton_core::exchange::DecodeError;
use baton_core::legacy::LegacyError;
use baton_core::locale::{self, NumberError};
use baton_core::records::{RecordType, SessionStatus};
use baton_core::report::ReportError;
use baton_core::rules::RuleError;
use baton_core::service::Error;
use baton_core::store::StoreError;
use baton_core::time::{TimeError, TimeField};
use baton_core::validate::{Expected, FieldError, FieldErrors, Part, Problem};
use leptos_i18n::td_string;

/// The interface language as leptos_i18n names it.
fn lang() -> Locale {
    to_locale(locale::language())
}

/// A whole number as the interface language writes it.
fn int(number: impl TryInto<i64>) -> String {
    locale::format_integer(number.try_into().unwrap_or(i64::MAX))
}

/// Any error of a service call, for a toast or a page.
pub fn service_error(error: &Error) -> String {
    match error {
        Error::Invalid(errors) => field_errors(errors),
        Error::Rule(rule) => rule_error(rule),
        Error::NotFound(record_type) => not_found(*record_type),
        Error::Store(error) => store_error(error),
        Error::Import(error) => decode_error(error),
        Error::Backup(error) => {
            td_string!(lang(), errors.decode.backup_unreadable, reason = decode_error(error)).to_string()
        }
    }
}

/// Every problem of a form, one sentence after another (for a toast or a note under a form).
pub fn field_errors(errors: &FieldErrors) -> String {
    errors.iter().map(field_error).collect::<Vec<_>>().join(" ")
}

/// "This project no longer exists. It may have been deleted in another tab."
pub fn not_found(record_type: RecordType) -> String {
    td_string!(lang(), errors.not_found, what = record_name(record_type)).to_string()
}

fn record_name(record_type: RecordType) -> String {
    let l = lang();
    match record_type {
        RecordType::Project => td_string!(l, errors.record.project),
        RecordType::Account => td_string!(l, errors.record.account),
        RecordType::Ledger => td_string!(l, errors.record.ledger),
        RecordType::Session => td_string!(l, errors.record.session),
        RecordType::Turn => td_string!(l, errors.record.turn),
        RecordType::Checkpoint => td_string!(l, errors.record.checkpoint),
        RecordType::Handoff => td_string!(l, errors.record.handoff),
        RecordType::Knowledge => td_string!(l, errors.record.knowledge),
        RecordType::Event => td_string!(l, errors.record.event),
        RecordType::Backup => td_string!(l, errors.record.backup),
        RecordType::Data => td_string!(l, errors.record.data),
    }
    .to_string()
}

/// The label of a form field, as messages name it, from the core's field id.
pub fn field_label(field: &str) -> String {
    let l = lang();
    match field {
        "name" => td_string!(l, errors.label.name),
        "description" => td_string!(l, errors.label.description),
        "tags" => td_string!(l, errors.label.tags),
        "repository_url" => td_string!(l, errors.label.repository_url),
        "notes" => td_string!(l, errors.label.notes),
        "state.goal" => td_string!(l, errors.label.state_goal),
        "state.current_state" => td_string!(l, errors.label.state_current_state),
        "state.next_steps" => td_string!(l, errors.label.state_next_steps),
        "state.constraints" => td_string!(l, errors.label.state_constraints),
        "state.do_not_redo" => td_string!(l, errors.label.state_do_not_redo),
        "state.decisions" => td_string!(l, errors.label.state_decisions),
        "state.files" => td_string!(l, errors.label.state_files),
        "platform_label" => td_string!(l, errors.label.platform_label),
        "email" => td_string!(l, errors.label.email),
        "plan" => td_string!(l, errors.label.plan),
        "specializations" => td_string!(l, errors.label.specializations),
        "credits_available" => td_string!(l, errors.label.credits_available),
        "credit_limit" => td_string!(l, errors.label.credit_limit),
        "refresh" => td_string!(l, errors.label.refresh),
        "refresh_days" => td_string!(l, errors.label.refresh_days),
        "next_refresh_at" => td_string!(l, errors.label.next_refresh_at),
        "context_window_tokens" => td_string!(l, errors.label.context_window_tokens),
        "title" => td_string!(l, errors.label.title),
        "body" => td_string!(l, errors.label.body),
        "category" => td_string!(l, errors.label.category),
        "priority" => td_string!(l, errors.label.priority),
        "credits_used" => td_string!(l, errors.label.credits_used),
        "duration_minutes" => td_string!(l, errors.label.duration_minutes),
        "accomplishments" => td_string!(l, errors.label.accomplishments),
        "blockers" => td_string!(l, errors.label.blockers),
        "state_notes" => td_string!(l, errors.label.state_notes),
        "next_steps" => td_string!(l, errors.label.next_steps),
        "decisions" => td_string!(l, errors.label.decisions),
        "objectives" => td_string!(l, errors.label.objectives),
        "project_id" => td_string!(l, errors.label.project_id),
        "account_id" => td_string!(l, errors.label.account_id),
        "credit_budget" => td_string!(l, errors.label.credit_budget),
        "label" => td_string!(l, errors.label.label),
        "note" => td_string!(l, errors.label.note),
        "git_ref" => td_string!(l, errors.label.git_ref),
        "file_count" => td_string!(l, errors.label.file_count),
        "code_lines" => td_string!(l, errors.label.code_lines),
        "failure_reason" => td_string!(l, errors.label.failure_reason),
        "transcript" => td_string!(l, errors.label.transcript),
        "delta" => td_string!(l, errors.label.delta),
        "amount" => td_string!(l, errors.label.amount),
        "status" => td_string!(l, errors.label.status),
        "budget" => td_string!(l, errors.label.budget),
        "paste_limit" => td_string!(l, errors.label.paste_limit),
        "passphrase" => td_string!(l, errors.label.passphrase),
        "passphrase_again" => td_string!(l, errors.label.passphrase_again),
        "account" => td_string!(l, errors.label.account),
        "summary" => td_string!(l, errors.label.summary),
        "account_label" => td_string!(l, errors.label.account_label),
        "budget_percent" => td_string!(l, errors.label.budget_percent),
        "exhaustion_threshold" => td_string!(l, errors.label.exhaustion_threshold),
        _ => td_string!(l, errors.label.other),
    }
    .to_string()
}

/// Fields whose English label is plural ("Notes are too long"); other languages word both alike.
fn plural_label(field: &str) -> bool {
    matches!(
        field,
        "tags"
            | "notes"
            | "specializations"
            | "accomplishments"
            | "blockers"
            | "state_notes"
            | "next_steps"
            | "decisions"
            | "objectives"
            | "state.next_steps"
            | "state.constraints"
            | "state.decisions"
            | "state.files"
    )
}

/// One part of a field: "Next step 3", "Tag “x”", "The rationale of decision 2".
fn part_name(field: &str, part: &Part) -> String {
    let l = lang();
    match part {
        Part::Item(n) => match field {
            "state.next_steps" => td_string!(l, errors.part.next_step, n = n),
            "state.constraints" => td_string!(l, errors.part.constraint, n = n),
            "state.do_not_redo" => td_string!(l, errors.part.do_not_redo, n = n),
            "state.decisions" => td_string!(l, errors.part.decision, n = n),
            "state.files" => td_string!(l, errors.part.key_file, n = n),
            "transcript" => td_string!(l, errors.part.turn, n = n),
            _ => td_string!(l, errors.part.item, n = n),
        }
        .to_string(),
        Part::Tag(tag) => td_string!(l, errors.part.tag, tag = tag).to_string(),
        Part::Rationale(n) => td_string!(l, errors.part.rationale, n = n).to_string(),
        Part::RejectedAlternative { decision, alternative } => {
            td_string!(l, errors.part.rejected_alternative, alternative = alternative, n = decision).to_string()
        }
        Part::FilePath(n) => td_string!(l, errors.part.file_path, n = n).to_string(),
        Part::FileNotes(n) => td_string!(l, errors.part.file_notes, n = n).to_string(),
    }
}

/// One field's problem as a full sentence naming the field.
pub fn field_error(error: &FieldError) -> String {
    let l = lang();
    let field = error.field;
    let label = || field_label(field);
    match &error.problem {
        Problem::Required => match field {
            "failure_reason" => td_string!(l, errors.field.failure_reason_required).to_string(),
            "transcript" => td_string!(l, errors.field.transcript_empty).to_string(),
            _ => td_string!(l, errors.field.required, label = label()).to_string(),
        },
        Problem::TooLong { length, max } => {
            let (length, max) = (int(*length), int(*max));
            if plural_label(field) {
                td_string!(l, errors.field.too_long_many, label = label(), length = length, max = max).to_string()
            } else {
                td_string!(l, errors.field.too_long, label = label(), length = length, max = max).to_string()
            }
        }
        Problem::PartTooLong { part, length, max } => {
            let (name, length, max) = (part_name(field, part), int(*length), int(*max));
            if matches!(part, Part::FileNotes(_)) {
                td_string!(l, errors.field.part_too_long_many, part = name, length = length, max = max).to_string()
            } else {
                td_string!(l, errors.field.part_too_long, part = name, length = length, max = max).to_string()
            }
        }
        Problem::TooMany { count, max } => {
            td_string!(l, errors.field.too_many, label = label(), count = int(*count), max = int(*max)).to_string()
        }
        Problem::NotAWebLink => td_string!(l, errors.field.not_a_web_link, label = label()).to_string(),
        Problem::NotAnEmail => td_string!(l, errors.field.not_an_email, label = label()).to_string(),
        Problem::Number { expected, error } => {
            let rule = match expected {
                Expected::AtLeast(min) => td_string!(l, errors.field.number_at_least, label = label(), min = int(*min)),
                Expected::Between(min, max) => {
                    td_string!(l, errors.field.number_between, label = label(), min = int(*min), max = int(*max))
                }
                Expected::AtMost(max) => td_string!(l, errors.field.number_at_most, label = label(), max = int(*max)),
                Expected::AboveZeroOrEmpty => td_string!(l, errors.field.number_above_zero_or_empty, label = label()),
                Expected::AtLeastOrEmpty(min) => {
                    td_string!(l, errors.field.number_at_least_or_empty, label = label(), min = int(*min))
                }
                Expected::NotZero => td_string!(l, errors.field.number_not_zero, label = label()),
            }
            .to_string();
            match error.and_then(number_hint) {
                Some(hint) => format!("{rule} {hint}"),
                None => rule,
            }
        }
        Problem::NotADate { text, error } => time_error(&label(), text, *error),
        Problem::Duplicate { name } => match field {
            "name" => td_string!(l, errors.field.duplicate_account, name = name).to_string(),
            "state.files" => td_string!(l, errors.field.duplicate_key_file, name = name).to_string(),
            _ => td_string!(l, errors.field.duplicate, name = name).to_string(),
        },
        Problem::PartWithoutText { part } => match (field, part) {
            ("state.decisions", Part::Item(n)) => td_string!(l, errors.field.decision_without_text, n = n).to_string(),
            ("state.files", Part::Item(n)) => td_string!(l, errors.field.key_file_without_path, n = n).to_string(),
            _ => td_string!(l, errors.field.part_without_text, part = part_name(field, part)).to_string(),
        },
        Problem::Choose => match field {
            "project_id" => td_string!(l, errors.field.choose_project),
            "category" => td_string!(l, errors.field.choose_category),
            "refresh" => td_string!(l, errors.field.choose_refresh),
            "status" => td_string!(l, errors.field.choose_end_status),
            "account" | "account_id" => td_string!(l, errors.field.choose_account),
            _ => return td_string!(l, errors.field.choose, label = label()).to_string(),
        }
        .to_string(),
        Problem::NeededToComplete => td_string!(l, errors.field.needed_to_complete).to_string(),
        Problem::TooShort { min } => {
            td_string!(l, errors.field.too_short, label = label(), min = int(*min)).to_string()
        }
        Problem::DoesNotMatch => td_string!(l, errors.field.does_not_match).to_string(),
    }
}

/// Why a typed number was not read, when its separators were the problem (the field's rule
/// says the rest): "Digits are grouped by three (1,000); …".
pub fn number_hint(error: NumberError) -> Option<String> {
    let numbers = locale::current().numbers;
    match error {
        NumberError::Misgrouped => {
            Some(td_string!(lang(), errors.number.misgrouped, group = numbers.group).to_string())
        }
        NumberError::Ambiguous => {
            Some(td_string!(lang(), errors.number.ambiguous, decimal = numbers.decimal).to_string())
        }
        _ => None,
    }
}

/// A typed date and time Baton cannot store, naming the field and quoting the text.
fn time_error(label: &str, text: &str, error: TimeError) -> String {
    let l = lang();
    match error {
        TimeError::NotADate => td_string!(l, errors.time.not_a_date, label = label, text = text),
        TimeError::YearDigits => td_string!(l, errors.time.year_digits, label = label, text = text),
        TimeError::OutOfRange => td_string!(l, errors.time.out_of_range, label = label, text = text),
        TimeError::LeapSecond => td_string!(l, errors.time.leap_second, label = label, text = text),
        TimeError::FieldRange(TimeField::Month) => td_string!(l, errors.time.month, label = label, text = text),
        TimeError::FieldRange(TimeField::Hour) => td_string!(l, errors.time.hour, label = label, text = text),
        TimeError::FieldRange(TimeField::Minute) => td_string!(l, errors.time.minute, label = label, text = text),
        TimeError::FieldRange(TimeField::Second) => td_string!(l, errors.time.second, label = label, text = text),
        TimeError::FieldRange(TimeField::Offset) => td_string!(l, errors.time.offset, label = label, text = text),
        TimeError::NoSuchDay => td_string!(l, errors.time.no_such_day, label = label, text = text),
        TimeError::NoZone => td_string!(l, errors.time.no_zone, label = label, text = text),
        TimeError::LowerCase => td_string!(l, errors.time.lower_case, label = label, text = text),
    }
    .to_string()
}

fn session_status(status: SessionStatus) -> String {
    let l = lang();
    match status {
        SessionStatus::InProgress => td_string!(l, errors.session_status.in_progress),
        SessionStatus::Completed => td_string!(l, errors.session_status.completed),
        SessionStatus::Failed => td_string!(l, errors.session_status.failed),
        SessionStatus::HandedOff => td_string!(l, errors.session_status.handed_off),
    }
    .to_string()
}

/// A rule of the data model that refused an action.
pub fn rule_error(error: &RuleError) -> String {
    let l = lang();
    match error {
        RuleError::CreditChangeTooLarge { account, delta } => {
            td_string!(l, errors.rule.credit_change_too_large, account = account, delta = int(*delta)).to_string()
        }
        RuleError::CreditsAboveLimit { account, after, max } => {
            td_string!(l, errors.rule.credits_above_limit, account = account, after = int(*after), max = int(*max))
                .to_string()
        }
        RuleError::CreditsBelowZero { account, after, before } => {
            td_string!(l, errors.rule.credits_below_zero, account = account, after = int(*after), before = int(*before))
                .to_string()
        }
        RuleError::AccountInTrash { account } => {
            td_string!(l, errors.rule.account_in_trash, account = account).to_string()
        }
        RuleError::AccountNameTaken { name } => td_string!(l, errors.rule.account_name_taken, name = name).to_string(),
        RuleError::AccountBlocked { account } => {
            td_string!(l, errors.rule.account_blocked, account = account).to_string()
        }
        RuleError::HandoffOfAnotherProject => td_string!(l, errors.rule.handoff_of_another_project).to_string(),
        RuleError::HandoffAlreadyStarted => td_string!(l, errors.rule.handoff_already_started).to_string(),
        RuleError::CompletedHandoffCannotFail => td_string!(l, errors.rule.completed_handoff_cannot_fail).to_string(),
        RuleError::HandoffNotRetriable => td_string!(l, errors.rule.handoff_not_retriable).to_string(),
        RuleError::NotTrashable(_) => td_string!(l, errors.rule.not_trashable).to_string(),
        RuleError::EndStatusNeeded => td_string!(l, errors.rule.end_status_needed).to_string(),
        RuleError::SessionAlreadyEnded { number, status } => {
            td_string!(l, errors.rule.session_already_ended, number = int(*number), status = session_status(*status))
                .to_string()
        }
        RuleError::LockRefused { detail } => td_string!(l, errors.rule.lock_refused, detail = detail).to_string(),
    }
}

/// Why storage failed, with what to do.
pub fn store_error(error: &StoreError) -> String {
    let l = lang();
    match error {
        StoreError::QuotaExceeded => td_string!(l, errors.store.quota_exceeded).to_string(),
        StoreError::Blocked => td_string!(l, errors.store.blocked).to_string(),
        StoreError::VersionChange => td_string!(l, errors.store.version_change).to_string(),
        StoreError::Aborted(detail) => td_string!(l, errors.store.aborted, detail = detail).to_string(),
        StoreError::NotFound(detail) => td_string!(l, errors.store.not_found, detail = detail).to_string(),
        StoreError::Constraint(detail) => td_string!(l, errors.store.constraint, detail = detail).to_string(),
        StoreError::Unavailable(detail) => td_string!(l, errors.store.unavailable, detail = detail).to_string(),
        StoreError::Corrupt(detail) => td_string!(l, errors.store.corrupt, detail = detail).to_string(),
        StoreError::Other(detail) => td_string!(l, errors.store.other, detail = detail).to_string(),
    }
}

/// At most this many of an import file's problems are spelled out (the preview lists them all).
const PROBLEMS_SHOWN: usize = 10;

/// "2.5 MB" in the interface language.
fn megabytes(bytes: usize) -> String {
    format!("{} MB", locale::format_number((bytes as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0))
}

/// Why an import file (or a backup) could not be read.
pub fn decode_error(error: &DecodeError) -> String {
    let l = lang();
    match error {
        DecodeError::TooLarge { bytes, limit } => {
            td_string!(l, errors.decode.too_large, size = megabytes(*bytes), limit = megabytes(*limit)).to_string()
        }
        DecodeError::NotText => td_string!(l, errors.decode.not_text).to_string(),
        DecodeError::Syntax { line, column, message } => {
            td_string!(l, errors.decode.syntax, detail = message, line = int(*line), column = int(*column)).to_string()
        }
        DecodeError::TooDeep { limit } => td_string!(l, errors.decode.too_deep, limit = int(*limit)).to_string(),
        DecodeError::TooManyValues { limit } => {
            td_string!(l, errors.decode.too_many_values, limit = int(*limit)).to_string()
        }
        DecodeError::NotBaton { looks_like } => {
            td_string!(l, errors.decode.not_baton, looks_like = looks_like).to_string()
        }
        DecodeError::NewerVersion { version } => td_string!(
            l,
            errors.decode.newer_version,
            version = version,
            supported = baton_core::schema::SCHEMA_VERSION
        )
        .to_string(),
        DecodeError::UnsupportedVersion { version } => {
            td_string!(l, errors.decode.unsupported_version, version = version).to_string()
        }
        DecodeError::Checksum { expected, actual } => {
            td_string!(l, errors.decode.checksum, expected = expected, actual = actual).to_string()
        }
        DecodeError::Invalid(problems) => {
            // Each problem names a place in the file ("data.projects[0].name: is required"), in
            // the file format's words.
            let mut shown: Vec<String> = problems.iter().take(PROBLEMS_SHOWN).map(ToString::to_string).collect();
            if problems.len() > PROBLEMS_SHOWN {
                shown.push(
                    td_string!(l, errors.decode.and_more, count = int(problems.len() - PROBLEMS_SHOWN)).to_string(),
                );
            }
            let list = shown.join("; ");
            td_string!(l, errors.decode.invalid, count = problems.len() as u64, list = list).to_string()
        }
        DecodeError::BadEnvelope(detail) => td_string!(l, errors.decode.bad_envelope, detail = detail).to_string(),
        DecodeError::WeakEncryption(detail) => {
            td_string!(l, errors.decode.weak_encryption, detail = detail).to_string()
        }
        DecodeError::TooMuchWork(detail) => td_string!(l, errors.decode.too_much_work, detail = detail).to_string(),
        DecodeError::WrongPassphrase => td_string!(l, errors.decode.wrong_passphrase).to_string(),
        DecodeError::DamagedCiphertext => td_string!(l, errors.decode.damaged_ciphertext).to_string(),
    }
}

/// Why an SQL export of the original app could not be read.
pub fn legacy_error(error: &LegacyError) -> String {
    let l = lang();
    match error {
        LegacyError::NotSql => td_string!(l, errors.legacy.not_sql).to_string(),
        LegacyError::Unterminated { line, what } => {
            td_string!(l, errors.legacy.unterminated, what = what, line = int(*line)).to_string()
        }
        LegacyError::NothingToImport => td_string!(l, errors.legacy.nothing_to_import).to_string(),
    }
}

/// Why nothing could be read from a pasted report.
pub fn report_error(error: &ReportError) -> String {
    let l = lang();
    match error {
        ReportError::Empty => td_string!(l, errors.report.empty).to_string(),
        ReportError::NothingRecognised => td_string!(l, errors.report.nothing_recognised).to_string(),
    }
}
