//! Work sessions: start (per-project numbering), end once (completed, failed, handed off) with the
//! credits debited through the ledger, reopen (the debit reversed), edit, trash; the filtered,
//! paged list; transcripts stored apart from sessions; the "previous handoff" on start.

use super::*;
use crate::locale;
use crate::validate::{self, FieldError, Part, Problem};

/// What the "start a session" form produces.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionDraft {
    pub project_id: Option<Id>,
    pub account_id: Option<Id>,
    pub session_type: SessionType,
    pub title: String,
    pub objectives: String,
    /// Optional whole number of credits.
    pub credit_budget: String,
    /// The queued handoff this session continues: it is completed, linked both ways, in the same
    /// transaction that creates the session.
    pub from_handoff_id: Option<Id>,
}

/// What ending a session records (the user's text, unchecked).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReportDraft {
    pub credits_used: String,
    /// Empty: computed from the start and end times.
    pub duration_minutes: String,
    pub accomplishments: String,
    pub blockers: String,
    pub state_notes: String,
    pub next_steps: String,
    pub decisions: String,
}

impl ReportDraft {
    pub fn from_session(session: &Session) -> ReportDraft {
        ReportDraft {
            credits_used: session.credits_used.to_string(),
            duration_minutes: session.duration_minutes.map(|minutes| minutes.to_string()).unwrap_or_default(),
            accomplishments: session.accomplishments.clone(),
            blockers: session.blockers.clone(),
            state_notes: session.state_notes.clone(),
            next_steps: session.next_steps.clone(),
            decisions: session.decisions.clone(),
        }
    }
}

/// Filters of the sessions list (all optional).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SessionFilter {
    pub project_id: Option<Id>,
    pub account_id: Option<Id>,
    pub status: Option<SessionStatus>,
    pub session_type: Option<SessionType>,
    /// Started at or after.
    pub from: Option<Timestamp>,
    /// Started before.
    pub to: Option<Timestamp>,
}

/// A new transcript turn, from the splitter or typed in.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTurn {
    pub role: Role,
    pub content: String,
    pub tokens: u32,
}

/// What to paste when a session starts: the project's latest handoff bundle, or else the report
/// of its latest ended session.
#[derive(Clone, Debug, PartialEq)]
pub enum PreviousContext {
    Handoff(Handoff),
    Report(Session),
}

fn whole_number(field: &'static str, text: &str, required: bool) -> std::result::Result<Option<i64>, FieldError> {
    let expected = validate::Expected::Between(0, validate::CREDITS_MAX);
    match validate::whole_number(text) {
        Err(locale::NumberError::Empty) if required => Err(FieldError::new(field, Problem::Required)),
        Err(locale::NumberError::Empty) => Ok(None),
        Err(error) => Err(FieldError::new(field, validate::number_problem(expected, error))),
        Ok(value) => match i64::try_from(value) {
            Ok(value) if value <= validate::CREDITS_MAX => Ok(Some(value)),
            _ => Err(FieldError::new(field, Problem::Number { expected, error: None })),
        },
    }
}

/// The session report fields, checked.
struct Report {
    credits_used: i64,
    duration_minutes: Option<u32>,
    accomplishments: String,
    blockers: String,
    state_notes: String,
    next_steps: String,
    decisions: String,
}

fn check_report(draft: &ReportDraft, status: SessionStatus) -> Result<Report> {
    let mut errors = FieldErrors::default();
    // A typed 0 stays 0 (the original replaced it with a default).
    let credits_used = errors.check(whole_number("credits_used", &draft.credits_used, false).map(|v| v.unwrap_or(0)));
    let duration = errors.check(whole_number("duration_minutes", &draft.duration_minutes, false));
    let accomplishments = errors.check(validate::long_text("accomplishments", &draft.accomplishments));
    if status == SessionStatus::Completed && accomplishments.is_empty() && errors.get("accomplishments").is_none() {
        errors.push("accomplishments", Problem::NeededToComplete);
    }
    let blockers = errors.check(validate::long_text("blockers", &draft.blockers));
    let state_notes = errors.check(validate::long_text("state_notes", &draft.state_notes));
    let next_steps = errors.check(validate::long_text("next_steps", &draft.next_steps));
    let decisions = errors.check(validate::long_text("decisions", &draft.decisions));
    errors.into_result(())?;
    Ok(Report {
        credits_used,
        duration_minutes: duration.map(|minutes| minutes.min(u32::MAX as i64) as u32),
        accomplishments,
        blockers,
        state_notes,
        next_steps,
        decisions,
    })
}

/// Moves an account's credits for a session through the ledger; with nothing to move, the
/// account's status is still brought up to date (a session ending or reopening changes it).
pub(super) struct SessionCredits {
    pub(super) session: Id,
    pub(super) now: Timestamp,
    pub(super) entry_id: Id,
    pub(super) threshold: i64,
    pub(super) busy: bool,
}

impl SessionCredits {
    pub(super) fn settle(&self, account: Account, delta: i64, note: &str) -> Result<Vec<Write>> {
        if delta == 0 {
            let mut account = account;
            account.status =
                rules::status_after_credit_change(account.status, account.credits_available, self.threshold, self.busy);
            account.touch(self.now);
            return Ok(vec![Write::put(account)]);
        }
        let (account, entry) = rules::adjust_credits(
            &account,
            delta,
            LedgerReason::Session,
            Some(self.session),
            note,
            self.now,
            self.entry_id,
            self.threshold,
            self.busy,
        )?;
        Ok(vec![Write::put(account), Write::put(entry)])
    }
}

fn busy_elsewhere(sessions: &[Session], account: Id, except: Id) -> bool {
    sessions.iter().any(|session| {
        session.account_id == Some(account) && session.id != except && session.status == SessionStatus::InProgress
    })
}

impl<S: Store> Service<S> {
    pub async fn session(&self, id: Id) -> Result<Session> {
        self.store.get::<Session>(id).await?.ok_or(Error::NotFound(RecordType::Session))
    }

    /// Starts a session: the next number of its project (highest + 1, trashed sessions included,
    /// so numbers never collide), its account marked active.
    pub async fn start_session(&self, draft: &SessionDraft) -> Result<Session> {
        let mut errors = FieldErrors::default();
        let title = errors.check(validate::text_within("title", &draft.title, validate::NAME_MAX));
        let objectives = errors.check(validate::long_text("objectives", &draft.objectives));
        let budget = errors.check(whole_number("credit_budget", &draft.credit_budget, false));
        if draft.project_id.is_none() {
            errors.push("project_id", Problem::Choose);
        }
        errors.into_result(())?;
        let project_id = draft.project_id.expect("checked above");
        let now = self.now();
        let id = self.new_id();
        let event_id = self.new_id();
        let threshold = self.exhaustion_threshold();
        let account_id = draft.account_id;
        let session_type = draft.session_type;
        let from_handoff_id = draft.from_handoff_id;
        let mut reads = vec![
            Read::get::<Project>(project_id),
            Read::Query(
                Query::index(StoreName::Sessions, ix::PROJECT_NUMBER, KeyRange::prefix(vec![Key::id(project_id)]))
                    .reverse()
                    .first(),
            ),
        ];
        if let Some(account_id) = account_id {
            reads.push(Read::get::<Account>(account_id));
        }
        let handoff_read = reads.len();
        if let Some(handoff_id) = from_handoff_id {
            reads.push(Read::get::<Handoff>(handoff_id));
        }
        self.commit(
            reads,
            &[StoreName::Sessions, StoreName::Accounts, StoreName::Handoffs, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let project: Project = fetched
                    .record(0)
                    .filter(|p: &Project| p.deleted_at.is_none())
                    .ok_or(Error::NotFound(RecordType::Project))?;
                let highest = fetched.record::<Session>(1).map(|session| session.number);
                let number = rules::next_session_number(highest);
                let mut writes = Vec::new();
                let mut account_label = String::new();
                if account_id.is_some() {
                    let mut account: Account = fetched
                        .record(2)
                        .filter(|a: &Account| a.deleted_at.is_none())
                        .ok_or(Error::NotFound(RecordType::Account))?;
                    if account.status == AccountStatus::Blocked {
                        return Err(Error::Rule(RuleError::AccountBlocked { account: account.name }));
                    }
                    account_label = account.name.clone();
                    let status =
                        rules::status_after_credit_change(account.status, account.credits_available, threshold, true);
                    if status != account.status {
                        account.status = status;
                        account.touch(now);
                        writes.push(Write::put(account));
                    }
                }
                let session = Session {
                    id,
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                    rev: 1,
                    project_id,
                    account_id,
                    account_label,
                    number,
                    session_type,
                    title,
                    objectives,
                    status: SessionStatus::InProgress,
                    started_at: now,
                    ended_at: None,
                    duration_minutes: None,
                    credit_budget: budget,
                    credits_used: 0,
                    accomplishments: String::new(),
                    blockers: String::new(),
                    state_notes: String::new(),
                    next_steps: String::new(),
                    decisions: String::new(),
                    notes: String::new(),
                    from_handoff_id,
                    to_handoff_id: None,
                };
                if from_handoff_id.is_some() {
                    let mut handoff: Handoff = fetched
                        .record(handoff_read)
                        .filter(|h: &Handoff| h.deleted_at.is_none())
                        .ok_or(Error::NotFound(RecordType::Handoff))?;
                    if handoff.project_id != project_id {
                        return Err(Error::Rule(RuleError::HandoffOfAnotherProject));
                    }
                    if handoff.status == HandoffStatus::Completed {
                        return Err(Error::Rule(RuleError::HandoffAlreadyStarted));
                    }
                    handoff.status = HandoffStatus::Completed;
                    handoff.started_at.get_or_insert(now);
                    handoff.finished_at = Some(now);
                    handoff.failure_reason.clear();
                    handoff.result_session_id = Some(id);
                    if handoff.to_account_id.is_none() {
                        handoff.to_account_id = account_id;
                    }
                    handoff.touch(now);
                    writes.push(Write::put(handoff));
                }
                let summary = if from_handoff_id.is_some() {
                    format!("Started session {} on “{}” from a handoff", number, project.name)
                } else {
                    format!("Started session {} on “{}”", number, project.name)
                };
                writes.push(Write::put(session.clone()));
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    EventKind::Created,
                    RecordType::Session,
                    Some(id),
                    summary,
                )));
                Ok((writes, session))
            },
        )
        .await
    }

    /// Ends a session once: completed (accomplishments required), failed or handed off. Its
    /// credits are debited from its account through the ledger.
    pub async fn end_session(&self, id: Id, status: SessionStatus, draft: &ReportDraft) -> Result<Session> {
        if status == SessionStatus::InProgress {
            return Err(Error::Rule(RuleError::EndStatusNeeded));
        }
        let report = check_report(draft, status)?;
        let now = self.now();
        let entry_id = self.new_id();
        let event_id = self.new_id();
        let threshold = self.exhaustion_threshold();
        let session = self.session(id).await?;
        let mut reads = vec![Read::get::<Session>(id), super::accounts::in_progress_read()];
        if let Some(account_id) = session.account_id {
            reads.push(Read::get::<Account>(account_id));
        }
        self.commit(
            reads,
            &[StoreName::Sessions, StoreName::Accounts, StoreName::Ledger, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut session: Session = fetched.record(0).ok_or(Error::NotFound(RecordType::Session))?;
                if session.status != SessionStatus::InProgress {
                    return Err(Error::Rule(RuleError::SessionAlreadyEnded {
                        number: session.number,
                        status: session.status,
                    }));
                }
                session.status = status;
                session.ended_at = Some(now);
                session.duration_minutes =
                    Some(report.duration_minutes.unwrap_or_else(|| session.started_at.minutes_until(now)));
                session.credits_used = report.credits_used;
                session.accomplishments = report.accomplishments;
                session.blockers = report.blockers;
                session.state_notes = report.state_notes;
                session.next_steps = report.next_steps;
                session.decisions = report.decisions;
                session.touch(now);
                let mut writes = Vec::new();
                if let Some(account) = fetched.record::<Account>(2).filter(|account| account.deleted_at.is_none()) {
                    let busy = busy_elsewhere(&fetched.records(1), account.id, id);
                    let note = format!(
                        "Session {}{}",
                        session.number,
                        if session.title.is_empty() { String::new() } else { format!(": {}", session.title) }
                    );
                    let session_credits = SessionCredits { session: id, now, entry_id, threshold, busy };
                    writes.extend(session_credits.settle(account, -session.credits_used, &note)?);
                }
                let summary = format!("Session {} {}", session.number, status.english().to_lowercase());
                writes.push(Write::put(session.clone()));
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    if status == SessionStatus::HandedOff { EventKind::HandedOff } else { EventKind::StatusChanged },
                    RecordType::Session,
                    Some(id),
                    summary,
                )));
                Ok((writes, session))
            },
        )
        .await
    }

    /// Reopens an ended session; its debit is credited back through the ledger.
    pub async fn reopen_session(&self, id: Id) -> Result<Session> {
        let now = self.now();
        let entry_id = self.new_id();
        let event_id = self.new_id();
        let threshold = self.exhaustion_threshold();
        let session = self.session(id).await?;
        let mut reads = vec![Read::get::<Session>(id)];
        if let Some(account_id) = session.account_id {
            reads.push(Read::get::<Account>(account_id));
        }
        self.commit(
            reads,
            &[StoreName::Sessions, StoreName::Accounts, StoreName::Ledger, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut session: Session = fetched.record(0).ok_or(Error::NotFound(RecordType::Session))?;
                if session.status == SessionStatus::InProgress {
                    return Ok((vec![], session));
                }
                let mut writes = Vec::new();
                if let Some(account) = fetched.record::<Account>(1).filter(|account| account.deleted_at.is_none()) {
                    let note = format!("Reopened session {}", session.number);
                    let session_credits = SessionCredits { session: id, now, entry_id, threshold, busy: true };
                    writes.extend(session_credits.settle(account, session.credits_used, &note)?);
                }
                session.status = SessionStatus::InProgress;
                session.ended_at = None;
                session.duration_minutes = None;
                session.touch(now);
                let summary = format!("Reopened session {}", session.number);
                writes.push(Write::put(session.clone()));
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    EventKind::StatusChanged,
                    RecordType::Session,
                    Some(id),
                    summary,
                )));
                Ok((writes, session))
            },
        )
        .await
    }

    /// Edits a session's description and, when it has ended, its report and duration. A changed
    /// credit figure on an ended session moves the ledger by the difference.
    pub async fn edit_session(
        &self,
        id: Id,
        title: &str,
        objectives: &str,
        session_type: SessionType,
        report: Option<&ReportDraft>,
    ) -> Result<Session> {
        let mut errors = FieldErrors::default();
        let title = errors.check(validate::text_within("title", title, validate::NAME_MAX));
        let objectives = errors.check(validate::long_text("objectives", objectives));
        errors.into_result(())?;
        let session = self.session(id).await?;
        let report = match report {
            Some(draft) if session.status != SessionStatus::InProgress => Some(check_report(draft, session.status)?),
            _ => None,
        };
        let now = self.now();
        let entry_id = self.new_id();
        let event_id = self.new_id();
        let threshold = self.exhaustion_threshold();
        let mut reads = vec![Read::get::<Session>(id), super::accounts::in_progress_read()];
        if let Some(account_id) = session.account_id {
            reads.push(Read::get::<Account>(account_id));
        }
        self.commit(
            reads,
            &[StoreName::Sessions, StoreName::Accounts, StoreName::Ledger, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut session: Session = fetched.record(0).ok_or(Error::NotFound(RecordType::Session))?;
                let before = session.clone();
                session.title = title;
                session.objectives = objectives;
                session.session_type = session_type;
                let mut writes = Vec::new();
                if let Some(report) = report {
                    let delta = report.credits_used - session.credits_used;
                    session.credits_used = report.credits_used;
                    if let Some(minutes) = report.duration_minutes {
                        session.duration_minutes = Some(minutes);
                    }
                    session.accomplishments = report.accomplishments;
                    session.blockers = report.blockers;
                    session.state_notes = report.state_notes;
                    session.next_steps = report.next_steps;
                    session.decisions = report.decisions;
                    if delta != 0 {
                        if let Some(account) =
                            fetched.record::<Account>(2).filter(|account| account.deleted_at.is_none())
                        {
                            let busy = busy_elsewhere(&fetched.records(1), account.id, id);
                            let note = format!("Session {}: credits corrected", session.number);
                            let session_credits = SessionCredits { session: id, now, entry_id, threshold, busy };
                            writes.extend(session_credits.settle(account, -delta, &note)?);
                        }
                    }
                }
                if session == before {
                    return Ok((vec![], session));
                }
                session.touch(now);
                let summary = format!("Edited session {}", session.number);
                writes.push(Write::put(session.clone()));
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    EventKind::Updated,
                    RecordType::Session,
                    Some(id),
                    summary,
                )));
                Ok((writes, session))
            },
        )
        .await
    }

    pub async fn trash_session(&self, id: Id) -> Result<Session> {
        self.set_session_trashed(id, true).await
    }

    pub async fn restore_session(&self, id: Id) -> Result<Session> {
        self.set_session_trashed(id, false).await
    }

    async fn set_session_trashed(&self, id: Id, trashed: bool) -> Result<Session> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(
            vec![Read::get::<Session>(id)],
            &[StoreName::Sessions, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut session: Session = fetched.record(0).ok_or(Error::NotFound(RecordType::Session))?;
                let changed = if trashed { rules::trash(&mut session, now) } else { rules::restore(&mut session, now) };
                if !changed {
                    return Ok((vec![], session));
                }
                let (kind, summary) = if trashed {
                    (EventKind::Deleted, format!("Moved session {} to the trash", session.number))
                } else {
                    (EventKind::Restored, format!("Restored session {} from the trash", session.number))
                };
                let event = event_record(event_id, now, kind, RecordType::Session, Some(id), summary);
                Ok((vec![Write::put(session.clone()), Write::put(event)], session))
            },
        )
        .await
    }

    /// The sessions list: newest first, filtered, paged with a total. The most selective filter
    /// picks the index; the others are checked while reading that index's range (a project's or
    /// an account's sessions, not the whole store).
    pub async fn sessions(&self, filter: &SessionFilter, offset: u32, limit: u32) -> Result<Page<Session>> {
        let range = |prefix: Vec<Key>| {
            let mut parts = vec![Key::Num(1.0)];
            parts.extend(prefix);
            KeyRange::prefix_between(
                parts,
                filter.from.map(|at| Key::str(at.to_text())),
                filter.to.map(|at| Key::str(at.to_text())),
            )
        };
        let (query, rest) = if let Some(project) = filter.project_id {
            (
                Query::index(StoreName::Sessions, ix::LIVE_PROJECT, range(vec![Key::id(project)])),
                SessionFilter { project_id: None, from: None, to: None, ..filter.clone() },
            )
        } else if let Some(account) = filter.account_id {
            (
                Query::index(StoreName::Sessions, ix::LIVE_ACCOUNT, range(vec![Key::id(account)])),
                SessionFilter { account_id: None, from: None, to: None, ..filter.clone() },
            )
        } else if let Some(status) = filter.status {
            (
                Query::index(StoreName::Sessions, ix::LIVE_STATUS, range(vec![Key::str(status.as_str())])),
                SessionFilter { status: None, from: None, to: None, ..filter.clone() },
            )
        } else if let Some(kind) = filter.session_type {
            (
                Query::index(StoreName::Sessions, ix::LIVE_TYPE, range(vec![Key::str(kind.as_str())])),
                SessionFilter { session_type: None, from: None, to: None, ..filter.clone() },
            )
        } else {
            (Query::index(StoreName::Sessions, ix::LIVE_STARTED, range(vec![])), SessionFilter::default())
        };
        let query = query.reverse();
        if rest == SessionFilter::default() {
            let fetched =
                self.store.read(vec![Read::Query(query.clone().page(offset, limit)), Read::Count(query)]).await?;
            return Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) });
        }
        let matching: Vec<Session> = self
            .store
            .query::<Session>(query)
            .await?
            .into_iter()
            .filter(|session| rest.account_id.is_none_or(|account| session.account_id == Some(account)))
            .filter(|session| rest.status.is_none_or(|status| session.status == status))
            .filter(|session| rest.session_type.is_none_or(|kind| session.session_type == kind))
            .collect();
        let total = matching.len() as u64;
        Ok(Page { items: matching.into_iter().skip(offset as usize).take(limit as usize).collect(), offset, total })
    }

    /// What to paste when starting a session on a project: its latest handoff, or else the report
    /// of its latest ended session; None when there is neither.
    pub async fn previous_context(&self, project_id: Id) -> Result<Option<PreviousContext>> {
        let handoffs =
            Query::index(StoreName::Handoffs, ix::LIVE_PROJECT, live(vec![Key::id(project_id)])).reverse().first();
        let sessions =
            Query::index(StoreName::Sessions, ix::LIVE_PROJECT, live(vec![Key::id(project_id)])).reverse().page(0, 20);
        let fetched = self.store.read(vec![Read::Query(handoffs), Read::Query(sessions)]).await?;
        if let Some(handoff) = fetched.record::<Handoff>(0) {
            return Ok(Some(PreviousContext::Handoff(handoff)));
        }
        Ok(fetched
            .records::<Session>(1)
            .into_iter()
            .find(|session| {
                session.status != SessionStatus::InProgress
                    && !(session.accomplishments.is_empty()
                        && session.next_steps.is_empty()
                        && session.state_notes.is_empty())
            })
            .map(PreviousContext::Report))
    }

    /// Adds turns to a session's transcript (after its last turn), or replaces the transcript.
    pub async fn save_transcript(&self, session_id: Id, turns: Vec<NewTurn>, replace: bool) -> Result<u32> {
        self.save_transcript_reporting(session_id, turns, replace, &|_, _| {}).await
    }

    /// As [`Self::save_transcript`], telling `progress` how far the writes have gone.
    pub async fn save_transcript_reporting(
        &self,
        session_id: Id,
        turns: Vec<NewTurn>,
        replace: bool,
        progress: Progress<'_>,
    ) -> Result<u32> {
        if turns.is_empty() {
            return Err(Error::Invalid(FieldErrors::from(FieldError::new("transcript", Problem::Required))));
        }
        for (position, turn) in turns.iter().enumerate() {
            if turn.content.chars().count() > validate::LONG_TEXT_MAX {
                let part = Part::Item(position + 1);
                let (length, max) = (turn.content.chars().count(), validate::LONG_TEXT_MAX);
                let problem = Problem::PartTooLong { part, length, max };
                return Err(Error::Invalid(FieldErrors::from(FieldError::new("transcript", problem))));
            }
        }
        let now = self.now();
        let ids: Vec<Id> = turns.iter().map(|_| self.new_id()).collect();
        let event_id = self.new_id();
        let existing = Query::index(StoreName::Turns, ix::BY_SESSION, KeyRange::prefix(vec![Key::id(session_id)]));
        let reads = vec![Read::get::<Session>(session_id), Read::Query(existing)];
        self.commit_reporting(
            reads,
            &[StoreName::Turns, StoreName::Events],
            Durability::Relaxed,
            progress,
            move |fetched| {
                let session: Session = fetched.record(0).ok_or(Error::NotFound(RecordType::Session))?;
                let old: Vec<TranscriptTurn> = fetched.records(1);
                let mut writes = Vec::new();
                let mut next_seq = 1;
                if replace {
                    writes.extend(old.iter().map(|turn| Write::Delete { store: StoreName::Turns, id: turn.id }));
                } else {
                    next_seq = crate::rules::bump_count(old.iter().map(|turn| turn.seq).max().unwrap_or(0));
                }
                let count = turns.len() as u32;
                // Counted up with saturation: `next_seq..` would overflow past u32::MAX.
                let seqs = (0u32..).map(|offset| next_seq.saturating_add(offset));
                for ((turn, id), seq) in turns.into_iter().zip(ids).zip(seqs) {
                    writes.push(Write::put(TranscriptTurn {
                        id,
                        created_at: now,
                        updated_at: now,
                        deleted_at: None,
                        rev: 1,
                        session_id,
                        seq,
                        role: turn.role,
                        content: turn.content,
                        at: None,
                        tokens: turn.tokens,
                    }));
                }
                let summary = format!("Saved {count} transcript turns to session {}", session.number);
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    EventKind::Updated,
                    RecordType::Session,
                    Some(session_id),
                    summary,
                )));
                Ok((writes, count))
            },
        )
        .await
    }

    /// The credit analysis of a project's ended sessions over the last `days` days.
    pub async fn credit_analysis(&self, project_id: Id, days: u32) -> Result<crate::analysis::CreditAnalysis> {
        let now = self.now();
        // A session started long before the window may end inside it, so the window is applied
        // to end dates over the project's sessions (hundreds, through the project index).
        let query = Query::index(StoreName::Sessions, ix::LIVE_PROJECT, live(vec![Key::id(project_id)]));
        let sessions: Vec<Session> = self.store.query(query).await?;
        Ok(crate::analysis::analyze_credits(&sessions, now, days))
    }

    /// A project's handoffs, newest first.
    pub async fn project_handoffs(&self, project_id: Id, offset: u32, limit: u32) -> Result<Page<Handoff>> {
        let query = Query::index(StoreName::Handoffs, ix::LIVE_PROJECT, live(vec![Key::id(project_id)])).reverse();
        let fetched = self.store.read(vec![Read::Query(query.clone().page(offset, limit)), Read::Count(query)]).await?;
        Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) })
    }

    /// A session's transcript, in order.
    pub async fn transcript(&self, session_id: Id) -> Result<Vec<TranscriptTurn>> {
        Ok(self
            .store
            .query(Query::index(StoreName::Turns, ix::BY_SESSION, KeyRange::prefix(vec![Key::id(session_id)])))
            .await?)
    }

    /// How many transcript turns each session has (counted through the index, not read).
    pub async fn turn_counts(&self, session_ids: &[Id]) -> Result<Vec<u64>> {
        if session_ids.is_empty() {
            return Ok(Vec::new());
        }
        let reads = session_ids
            .iter()
            .map(|id| Read::Count(Query::index(StoreName::Turns, ix::BY_SESSION, KeyRange::prefix(vec![Key::id(*id)]))))
            .collect();
        let fetched = self.store.read(reads).await?;
        Ok((0..session_ids.len()).map(|position| fetched.count(position)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;
    use crate::service::TestEnv;
    use crate::validate::{AccountDraft, ProjectDraft};
    use chrono::Duration;
    use futures::executor::block_on;

    struct Fixture {
        service: Service<MemoryStore>,
        env: Rc<TestEnv>,
        project: Project,
        account: Account,
    }

    fn fixture() -> Fixture {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        let service = Service::new(MemoryStore::new(), env.clone());
        let project =
            block_on(service.create_project(&ProjectDraft { name: "Alpha".into(), ..ProjectDraft::default() }))
                .unwrap();
        let mut account = AccountDraft::new(Platform::Claude);
        account.name = "Work Claude".into();
        account.credits_available = "100".into();
        account.credit_limit = "100".into();
        let account = block_on(service.create_account(&account)).unwrap();
        Fixture { service, env, project, account }
    }

    fn draft(f: &Fixture, title: &str) -> SessionDraft {
        SessionDraft {
            project_id: Some(f.project.id),
            account_id: Some(f.account.id),
            session_type: SessionType::Feature,
            title: title.into(),
            objectives: "Build it".into(),
            credit_budget: String::new(),
            from_handoff_id: None,
        }
    }

    fn report(credits: &str, done: &str) -> ReportDraft {
        ReportDraft { credits_used: credits.into(), accomplishments: done.into(), ..ReportDraft::default() }
    }

    #[test]
    fn numbering_is_per_project_and_never_collides_with_the_trash() {
        let f = fixture();
        let one = block_on(f.service.start_session(&draft(&f, "one"))).unwrap();
        let two = block_on(f.service.start_session(&draft(&f, "two"))).unwrap();
        assert_eq!((one.number, two.number), (1, 2));
        block_on(f.service.trash_session(two.id)).unwrap();
        let three = block_on(f.service.start_session(&draft(&f, "three"))).unwrap();
        assert_eq!(three.number, 3, "a trashed number is not reused");
        let other =
            block_on(f.service.create_project(&ProjectDraft { name: "Beta".into(), ..ProjectDraft::default() }))
                .unwrap();
        let mut elsewhere = draft(&f, "b1");
        elsewhere.project_id = Some(other.id);
        assert_eq!(block_on(f.service.start_session(&elsewhere)).unwrap().number, 1);
    }

    #[test]
    fn ending_debits_once_and_reopening_reverses() {
        let f = fixture();
        let session = block_on(f.service.start_session(&draft(&f, "work"))).unwrap();
        assert_eq!(block_on(f.service.account(f.account.id)).unwrap().status, AccountStatus::Active);
        let refused =
            block_on(f.service.end_session(session.id, SessionStatus::Completed, &report("12", "  "))).unwrap_err();
        let needed = FieldError::new("accomplishments", Problem::NeededToComplete);
        assert_eq!(refused, Error::Invalid(FieldErrors::from(needed)));
        f.env.clock.advance(Duration::minutes(95));
        let ended =
            block_on(f.service.end_session(session.id, SessionStatus::Completed, &report("12", "Shipped the parser")))
                .unwrap();
        assert_eq!(ended.duration_minutes, Some(95));
        assert_eq!(ended.credits_used, 12);
        let account = block_on(f.service.account(f.account.id)).unwrap();
        assert_eq!((account.credits_available, account.status), (88, AccountStatus::Available));
        let twice = block_on(f.service.end_session(session.id, SessionStatus::Failed, &report("1", ""))).unwrap_err();
        let ended_before = RuleError::SessionAlreadyEnded { number: session.number, status: SessionStatus::Completed };
        assert_eq!(twice, Error::Rule(ended_before));
        let reopened = block_on(f.service.reopen_session(session.id)).unwrap();
        assert_eq!(reopened.status, SessionStatus::InProgress);
        let account = block_on(f.service.account(f.account.id)).unwrap();
        assert_eq!((account.credits_available, account.status), (100, AccountStatus::Active));
        let ledger = block_on(f.service.ledger(f.account.id, 0, 10)).unwrap().items;
        assert_eq!(ledger.iter().map(|entry| entry.delta).collect::<Vec<_>>(), [12, -12, 100]);
        assert!(ledger
            .iter()
            .take(2)
            .all(|entry| entry.reason == LedgerReason::Session && entry.session_id == Some(session.id)));
    }

    #[test]
    fn a_typed_zero_stays_zero_and_failing_needs_no_accomplishments() {
        let f = fixture();
        let session = block_on(f.service.start_session(&draft(&f, "zero"))).unwrap();
        let ended = block_on(f.service.end_session(session.id, SessionStatus::Failed, &report("0", ""))).unwrap();
        assert_eq!(ended.credits_used, 0);
        assert_eq!(block_on(f.service.ledger(f.account.id, 0, 10)).unwrap().total, 1, "no entry for zero credits");
        let bad = block_on(f.service.start_session(&draft(&f, "x"))).unwrap();
        let error =
            block_on(f.service.end_session(bad.id, SessionStatus::Completed, &report("-3", "done"))).unwrap_err();
        let Error::Invalid(errors) = error else { panic!("{error:?}") };
        assert!(matches!(errors.get("credits_used"), Some(Problem::Number { .. })), "{errors:?}");
        let too_much =
            block_on(f.service.end_session(bad.id, SessionStatus::Completed, &report("500", "done"))).unwrap_err();
        assert!(matches!(too_much, Error::Rule(_)), "{too_much:?}");
        assert_eq!(block_on(f.service.session(bad.id)).unwrap().status, SessionStatus::InProgress, "nothing half-done");
    }

    #[test]
    fn blocked_accounts_cannot_start_and_a_project_is_required() {
        let f = fixture();
        block_on(f.service.set_account_blocked(f.account.id, true)).unwrap();
        let error = block_on(f.service.start_session(&draft(&f, "x"))).unwrap_err();
        assert_eq!(error, Error::Rule(RuleError::AccountBlocked { account: f.account.name.clone() }));
        let mut no_project = draft(&f, "x");
        no_project.project_id = None;
        assert!(matches!(block_on(f.service.start_session(&no_project)).unwrap_err(), Error::Invalid(_)));
    }

    #[test]
    fn editing_an_ended_session_corrects_the_ledger() {
        let f = fixture();
        let session = block_on(f.service.start_session(&draft(&f, "work"))).unwrap();
        block_on(f.service.end_session(session.id, SessionStatus::Completed, &report("10", "done"))).unwrap();
        let edited = block_on(f.service.edit_session(
            session.id,
            "renamed",
            "Build it",
            SessionType::Bugfix,
            Some(&report("15", "done")),
        ))
        .unwrap();
        assert_eq!(
            (edited.title.as_str(), edited.credits_used, edited.session_type),
            ("renamed", 15, SessionType::Bugfix)
        );
        assert_eq!(block_on(f.service.account(f.account.id)).unwrap().credits_available, 85);
    }

    #[test]
    fn list_filters_pages_and_counts() {
        let f = fixture();
        for n in 0..25 {
            f.env.clock.advance(Duration::minutes(1));
            let session = block_on(f.service.start_session(&draft(&f, &format!("s{n}")))).unwrap();
            if n % 5 == 0 {
                block_on(f.service.end_session(session.id, SessionStatus::Failed, &report("1", ""))).unwrap();
            }
        }
        let all = block_on(f.service.sessions(&SessionFilter::default(), 0, 10)).unwrap();
        assert_eq!((all.total, all.items.len()), (25, 10));
        assert_eq!(all.items[0].title, "s24", "newest first");
        let failed = SessionFilter { status: Some(SessionStatus::Failed), ..SessionFilter::default() };
        assert_eq!(block_on(f.service.sessions(&failed, 0, 50)).unwrap().total, 5);
        let project_failed = SessionFilter {
            project_id: Some(f.project.id),
            status: Some(SessionStatus::Failed),
            ..SessionFilter::default()
        };
        let page = block_on(f.service.sessions(&project_failed, 2, 2)).unwrap();
        assert_eq!((page.total, page.items.len()), (5, 2));
        let from = Timestamp::parse("2026-11-26T10:20:00Z");
        let recent = SessionFilter { project_id: Some(f.project.id), from, ..SessionFilter::default() };
        assert_eq!(block_on(f.service.sessions(&recent, 0, 50)).unwrap().total, 6);
        let by_type = SessionFilter { session_type: Some(SessionType::Research), ..SessionFilter::default() };
        assert_eq!(block_on(f.service.sessions(&by_type, 0, 50)).unwrap().total, 0);
    }

    #[test]
    fn previous_context_offers_the_latest_report_or_says_none() {
        let f = fixture();
        assert_eq!(block_on(f.service.previous_context(f.project.id)).unwrap(), None);
        let session = block_on(f.service.start_session(&draft(&f, "first"))).unwrap();
        let mut done = report("3", "Parser done");
        done.next_steps = "Write the renderer".into();
        block_on(f.service.end_session(session.id, SessionStatus::Completed, &done)).unwrap();
        match block_on(f.service.previous_context(f.project.id)).unwrap() {
            Some(PreviousContext::Report(previous)) => assert_eq!(previous.next_steps, "Write the renderer"),
            other => panic!("expected the last report, got {other:?}"),
        }
    }

    #[test]
    fn transcripts_append_replace_and_count() {
        let f = fixture();
        let session = block_on(f.service.start_session(&draft(&f, "t"))).unwrap();
        let turn = |role, text: &str| NewTurn { role, content: text.into(), tokens: 3 };
        block_on(f.service.save_transcript(
            session.id,
            vec![turn(Role::User, "Hi\nthere"), turn(Role::Assistant, "Hello")],
            false,
        ))
        .unwrap();
        block_on(f.service.save_transcript(session.id, vec![turn(Role::User, "More")], false)).unwrap();
        let turns = block_on(f.service.transcript(session.id)).unwrap();
        assert_eq!(
            turns.iter().map(|t| (t.seq, t.content.as_str())).collect::<Vec<_>>(),
            [(1, "Hi\nthere"), (2, "Hello"), (3, "More")]
        );
        assert_eq!(block_on(f.service.turn_counts(&[session.id])).unwrap(), [3]);
        block_on(f.service.save_transcript(session.id, vec![turn(Role::Assistant, "Only")], true)).unwrap();
        assert_eq!(block_on(f.service.transcript(session.id)).unwrap().len(), 1);
        assert!(block_on(f.service.save_transcript(session.id, vec![], false)).is_err());
    }

    #[test]
    fn credit_analysis_reads_the_projects_ended_sessions() {
        let f = fixture();
        let first = block_on(f.service.start_session(&draft(&f, "a"))).unwrap();
        block_on(f.service.end_session(first.id, SessionStatus::Completed, &report("40", "done"))).unwrap();
        let second = block_on(f.service.start_session(&draft(&f, "b"))).unwrap();
        block_on(f.service.end_session(second.id, SessionStatus::Failed, &report("20", ""))).unwrap();
        block_on(f.service.start_session(&draft(&f, "in progress"))).unwrap();
        let analysis = block_on(f.service.credit_analysis(f.project.id, 30)).unwrap();
        assert_eq!((analysis.count, analysis.total, analysis.min, analysis.max), (2, 60, Some(20), Some(40)));
        assert_eq!(analysis.average, Some(30.0));
        assert!(analysis.band.is_some());
    }

    #[test]
    fn the_trash_holds_sessions_and_restores_or_purges_them() {
        let f = fixture();
        let session = block_on(f.service.start_session(&draft(&f, "to trash"))).unwrap();
        block_on(f.service.trash_session(session.id)).unwrap();
        let trash = block_on(f.service.trash()).unwrap();
        assert_eq!(trash.len(), 1);
        assert_eq!((trash[0].record_type, trash[0].name.as_str()), (RecordType::Session, "Session 1: to trash"));
        assert_eq!(
            block_on(f.service.restore_from_trash(RecordType::Session, session.id)).unwrap(),
            "Session 1: to trash"
        );
        assert!(block_on(f.service.trash()).unwrap().is_empty());
        block_on(f.service.trash_session(session.id)).unwrap();
        block_on(f.service.trash_project(f.project.id)).unwrap();
        assert_eq!(block_on(f.service.purge_trash(true)).unwrap(), 2);
        assert!(block_on(f.service.store().get::<Session>(session.id)).unwrap().is_none());
        assert!(block_on(f.service.restore_from_trash(RecordType::Ledger, session.id)).is_err());
    }
}
