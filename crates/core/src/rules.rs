//! The rules of the data model as pure functions: session numbering, credit refreshes and
//! adjustments through the ledger, account status, derived figures, the trash.
//!
//! Nothing here reads a clock or a store: callers pass `now`, new ids and the records involved,
//! and store what comes back.

use crate::ids::Id;
use crate::records::{
    Account, AccountStatus, LedgerEntry, LedgerReason, Project, ProjectStatus, Record, Refresh, Session, SessionStatus,
};
use crate::time::Timestamp;
use crate::validate::{CREDITS_MAX, SAFE_INTEGER_MAX};
use chrono::{Datelike, Duration, Months};

/// A rule refused an action: which rule, with the names and numbers a message needs (the
/// interface words it in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// Changing the account's credits by `delta` overflows.
    CreditChangeTooLarge { account: String, delta: i64 },
    /// The change would take the account above [`CREDITS_MAX`].
    CreditsAboveLimit { account: String, after: i64, max: i64 },
    /// The change would take the account below zero; it has `before`.
    CreditsBelowZero { account: String, after: i64, before: i64 },
    /// The account is in the trash: restore it before changing it.
    AccountInTrash { account: String },
    /// Restoring would give two accounts the name `name`: rename the other first.
    AccountNameTaken { name: String },
    /// The account is blocked: unblock it or choose another.
    AccountBlocked { account: String },
    /// The handoff belongs to another project than the session.
    HandoffOfAnotherProject,
    /// The handoff already started a session.
    HandoffAlreadyStarted,
    /// A completed handoff cannot fail: its session exists.
    CompletedHandoffCannotFail,
    /// Only a failed or processing handoff can be retried.
    HandoffNotRetriable,
    /// Records of this type are not kept in the trash.
    NotTrashable(crate::records::RecordType),
    /// Ending a session needs how it ended: completed, failed or handed off.
    EndStatusNeeded,
    /// The session already ended (with `status`): reopen it to change how.
    SessionAlreadyEnded { number: u32, status: SessionStatus },
    /// Another tab holds the lock an import, restore or deletion needs; `detail` is the
    /// browser's words, for a bug report.
    LockRefused { detail: String },
}

/// `value + 1` for a stored counter (`rev`), stopping at [`SAFE_INTEGER_MAX`], the largest whole
/// number IndexedDB reads back exactly: past it the record would read back as a float.
pub fn bump(value: u64) -> u64 {
    value.saturating_add(1).min(SAFE_INTEGER_MAX)
}

/// `value + 1` for a 32-bit count (uses, verdicts, sequence numbers), stopping at `u32::MAX`
/// instead of wrapping (which would panic in a debug build and lose the count in a release one).
pub fn bump_count(value: u32) -> u32 {
    value.saturating_add(1)
}

/// The number of a project's next session: one more than the highest, starting at 1.
pub fn next_session_number(highest_existing: Option<u32>) -> u32 {
    highest_existing.map_or(1, |highest| highest.saturating_add(1))
}

const MILLIS_PER_DAY: i64 = 86_400_000;

/// When credits come back next, given the refresh date that has been reached.
///
/// Returns the first date of the cadence strictly after `now` and how many periods were passed
/// to reach it (at least 1), or `None` when there is no cadence or `next_refresh_at` is still
/// ahead. Daily, weekly and every-N-days are fixed durations, so the number of periods comes from
/// one division however long the app was closed. Monthly counts calendar months from the
/// original date, so a Jan 31 refresh falls on Feb 28 (or 29) and then on Mar 31, not Mar 28.
pub fn advance_refresh(refresh: Refresh, next_refresh_at: Timestamp, now: Timestamp) -> Option<(Timestamp, u32)> {
    if next_refresh_at > now {
        return None;
    }
    let days = match refresh {
        Refresh::None => return None,
        Refresh::Daily => 1,
        Refresh::Weekly => 7,
        Refresh::EveryNDays { days } => i64::from(days),
        Refresh::Monthly => return advance_months(next_refresh_at, now),
    };
    if days <= 0 {
        // "Every 0 days" never comes from the form; treating it as no cadence avoids dividing by 0.
        return None;
    }
    let period = days * MILLIS_PER_DAY;
    let start = next_refresh_at.unix_millis();
    let periods = (now.unix_millis() - start) / period + 1;
    let next = Timestamp::from_unix_millis(start.checked_add(periods.checked_mul(period)?)?)?;
    Some((next, u32::try_from(periods).unwrap_or(u32::MAX)))
}

/// The monthly case of [`advance_refresh`] (`anchor <= now`).
fn advance_months(anchor: Timestamp, now: Timestamp) -> Option<(Timestamp, u32)> {
    let (from, to) = (anchor.datetime(), now.datetime());
    let months_apart = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    // `anchor + (months_apart - 1)` months falls in the month before `now`'s, so it has passed;
    // the first date after `now` is at most two steps further.
    let mut periods = u32::try_from(months_apart - 1).unwrap_or(0).max(1);
    loop {
        let next = Timestamp::from_datetime(from.checked_add_months(Months::new(periods))?)?;
        if next > now {
            return Some((next, periods));
        }
        periods = periods.checked_add(1)?;
    }
}

/// Credits below this mark an account exhausted, unless the settings say otherwise.
pub const DEFAULT_EXHAUSTION_THRESHOLD: i64 = 10;

/// An account's status once its credits or sessions changed. Blocked is the user's decision and
/// stays; otherwise credits below `threshold` mean exhausted, and an account with a session in
/// progress is active.
pub fn status_after_credit_change(
    current: AccountStatus,
    credits_available: i64,
    threshold: i64,
    has_session_in_progress: bool,
) -> AccountStatus {
    if current == AccountStatus::Blocked {
        AccountStatus::Blocked
    } else if credits_available < threshold {
        AccountStatus::Exhausted
    } else if has_session_in_progress {
        AccountStatus::Active
    } else {
        AccountStatus::Available
    }
}

/// A refresh that was due: the account after it and the ledger entry that records it.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshOutcome {
    pub account: Account,
    pub entry: LedgerEntry,
}

/// A new ledger entry (new records start at rev 1).
fn ledger_entry(
    entry_id: Id,
    account: &Account,
    delta: i64,
    reason: LedgerReason,
    session_id: Option<Id>,
    note: String,
    now: Timestamp,
) -> LedgerEntry {
    LedgerEntry {
        id: entry_id,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        rev: 1,
        account_id: account.id,
        at: now,
        delta,
        balance_after: account.credits_available,
        reason,
        session_id,
        note,
    }
}

/// Restores an account's credits when its refresh date has passed (`<= now`): credits back to
/// the limit, the date moved past `now` by as many periods as were missed, the status
/// recomputed (which clears exhausted) and a ledger entry for the change. The entry records the
/// full difference, even 0 or negative when the credits were at or above the limit, so the ledger
/// always explains the balance. `None` when nothing is due or the account is in the trash.
/// Whether [`apply_due_refresh`] would refresh the account now.
pub fn refresh_due(account: &Account, now: Timestamp) -> bool {
    account.deleted_at.is_none()
        && account.next_refresh_at.is_some_and(|next| advance_refresh(account.refresh, next, now).is_some())
}

pub fn apply_due_refresh(
    account: &Account,
    now: Timestamp,
    entry_id: Id,
    threshold: i64,
    has_session_in_progress: bool,
) -> Option<RefreshOutcome> {
    if account.deleted_at.is_some() {
        return None;
    }
    let (next, periods) = advance_refresh(account.refresh, account.next_refresh_at?, now)?;
    let mut refreshed = account.clone();
    refreshed.credits_available = account.credit_limit;
    refreshed.next_refresh_at = Some(next);
    refreshed.status =
        status_after_credit_change(account.status, refreshed.credits_available, threshold, has_session_in_progress);
    refreshed.touch(now);
    let note = if periods > 1 { format!("Refreshed ({periods} periods)") } else { "Refreshed".to_string() };
    let delta = account.credit_limit - account.credits_available;
    let entry = ledger_entry(entry_id, &refreshed, delta, LedgerReason::Refresh, None, note, now);
    Some(RefreshOutcome { account: refreshed, entry })
}

/// Changes an account's credits by `delta` (negative for a debit) and records it in the ledger.
/// A change that would leave the balance below 0 is refused, so the ledger never shows a debt the
/// user did not have. The status is recomputed: a debit can exhaust the account; a credit or a
/// manual adjustment above the threshold clears exhausted.
#[allow(clippy::too_many_arguments)] // Each argument is a distinct input of the rule; a struct would only rename them.
pub fn adjust_credits(
    account: &Account,
    delta: i64,
    reason: LedgerReason,
    session_id: Option<Id>,
    note: &str,
    now: Timestamp,
    entry_id: Id,
    threshold: i64,
    has_session_in_progress: bool,
) -> Result<(Account, LedgerEntry), RuleError> {
    let before = account.credits_available;
    let after = before
        .checked_add(delta)
        .ok_or_else(|| RuleError::CreditChangeTooLarge { account: account.name.clone(), delta })?;
    if after > CREDITS_MAX {
        // Refused rather than capped: the ledger entry must say what really changed, and an
        // account above the limit could not be imported again from its own export.
        return Err(RuleError::CreditsAboveLimit { account: account.name.clone(), after, max: CREDITS_MAX });
    }
    if after < 0 {
        return Err(RuleError::CreditsBelowZero { account: account.name.clone(), after, before });
    }
    let mut adjusted = account.clone();
    adjusted.credits_available = after;
    adjusted.status = status_after_credit_change(account.status, after, threshold, has_session_in_progress);
    adjusted.touch(now);
    let entry = ledger_entry(entry_id, &adjusted, delta, reason, session_id, note.trim().to_string(), now);
    Ok((adjusted, entry))
}

/// `part / whole`, or `None` when there is nothing to divide.
fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// A project's figures, derived from its sessions each time rather than stored, so they cannot
/// drift from the data.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProjectFigures {
    /// Credits of the sessions that ended (an open session has not been debited yet).
    pub credits_used: i64,
    pub sessions_total: u32,
    pub in_progress: u32,
    pub completed: u32,
    pub failed: u32,
    pub handed_off: u32,
    pub last_activity: Option<Timestamp>,
    /// Completed and handed-off sessions over the sessions that ended; `None` when none ended.
    pub success_rate: Option<f64>,
}

/// What [`project_figures`] reads of a session (the fields a projected read returns).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct SessionFacts {
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    pub status: SessionStatus,
    pub credits_used: i64,
    pub started_at: Timestamp,
    #[serde(default)]
    pub ended_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

impl SessionFacts {
    /// The record fields these facts are read from.
    pub const FIELDS: &'static [&'static str] =
        &["deleted_at", "status", "credits_used", "started_at", "ended_at", "updated_at"];
}

impl From<&Session> for SessionFacts {
    fn from(session: &Session) -> SessionFacts {
        SessionFacts {
            deleted_at: session.deleted_at,
            status: session.status,
            credits_used: session.credits_used,
            started_at: session.started_at,
            ended_at: session.ended_at,
            updated_at: session.updated_at,
        }
    }
}

/// Figures over a project's sessions; sessions in the trash are left out.
pub fn project_figures<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> ProjectFigures {
    project_figures_of(sessions.into_iter().map(SessionFacts::from))
}

/// [`project_figures`] over the facts of each session.
pub fn project_figures_of(sessions: impl IntoIterator<Item = SessionFacts>) -> ProjectFigures {
    let mut figures = ProjectFigures::default();
    for session in sessions.into_iter().filter(|session| session.deleted_at.is_none()) {
        figures.sessions_total += 1;
        match session.status {
            SessionStatus::InProgress => figures.in_progress += 1,
            SessionStatus::Completed => figures.completed += 1,
            SessionStatus::Failed => figures.failed += 1,
            SessionStatus::HandedOff => figures.handed_off += 1,
        }
        if session.status != SessionStatus::InProgress {
            figures.credits_used += session.credits_used;
        }
        let latest = [Some(session.started_at), session.ended_at, Some(session.updated_at)].into_iter().flatten().max();
        figures.last_activity = figures.last_activity.max(latest);
    }
    let succeeded = figures.completed + figures.handed_off;
    figures.success_rate = ratio(succeeded, succeeded + figures.failed);
    figures
}

/// The dashboard's counters.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DashboardCounters {
    /// Active projects not in the trash.
    pub active_projects: u32,
    /// Accounts not blocked, not exhausted, not in the trash.
    pub usable_accounts: u32,
    /// Session credits in the ledger over the 7 days up to now.
    pub credits_used_this_week: i64,
    pub credits_used_all_time: i64,
    pub sessions_completed: u32,
    /// As in [`ProjectFigures::success_rate`], over every session.
    pub success_rate: Option<f64>,
    /// Mean `credits_used` of completed sessions; `None` when none completed.
    pub avg_credits_per_completed: Option<f64>,
}

/// The dashboard's counters. Credits used come from the ledger (the record of every change), as
/// the sum of `-delta` over session entries: an ended session's debit counts, and a reopened
/// session's refund takes it back. "This week" is the 7 days up to `now` (after `now − 7 days`,
/// at or before `now`). Sessions of a trashed project still count: history is not erased by
/// deleting a parent.
pub fn dashboard_counters(
    projects: &[Project],
    accounts: &[Account],
    ledger: &[LedgerEntry],
    sessions: &[Session],
    now: Timestamp,
) -> DashboardCounters {
    let active_projects = projects
        .iter()
        .filter(|project| project.deleted_at.is_none() && project.status == ProjectStatus::Active)
        .count();
    let usable_accounts = accounts
        .iter()
        .filter(|account| {
            account.deleted_at.is_none() && !matches!(account.status, AccountStatus::Blocked | AccountStatus::Exhausted)
        })
        .count();

    let week_start = now.minus(Duration::days(7));
    let (mut this_week, mut all_time) = (0i64, 0i64);
    for entry in ledger.iter().filter(|entry| entry.deleted_at.is_none() && entry.reason == LedgerReason::Session) {
        all_time -= entry.delta;
        if entry.at > week_start && entry.at <= now {
            this_week -= entry.delta;
        }
    }

    let figures = project_figures(sessions);
    let completed_credits: i64 = sessions
        .iter()
        .filter(|session| session.deleted_at.is_none() && session.status == SessionStatus::Completed)
        .map(|session| session.credits_used)
        .sum();

    DashboardCounters {
        active_projects: u32::try_from(active_projects).unwrap_or(u32::MAX),
        usable_accounts: u32::try_from(usable_accounts).unwrap_or(u32::MAX),
        credits_used_this_week: this_week,
        credits_used_all_time: all_time,
        sessions_completed: figures.completed,
        success_rate: figures.success_rate,
        avg_credits_per_completed: (figures.completed > 0)
            .then(|| completed_credits as f64 / f64::from(figures.completed)),
    }
}

/// The dashboard's figures that come from index counts, the accounts and the last 7 days of the
/// ledger: what the first screen shows at once, whatever the size of the data.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DashboardCounts {
    pub active_projects: u32,
    pub usable_accounts: u32,
    /// As [`DashboardCounters::credits_used_this_week`].
    pub credits_used_this_week: i64,
    pub sessions_completed: u32,
    /// As [`DashboardCounters::success_rate`].
    pub success_rate: Option<f64>,
}

impl DashboardCounts {
    /// From the live accounts, the ledger entries of the week (any entries: only session entries
    /// between `now − 7 days` (excluded) and `now` count), and the counts of live active projects
    /// and of live completed, failed and handed-off sessions.
    pub fn new(
        active_projects: u64,
        accounts: &[Account],
        week: &[LedgerEntry],
        (completed, failed, handed_off): (u64, u64, u64),
        now: Timestamp,
    ) -> DashboardCounts {
        let clamp = |count: u64| u32::try_from(count).unwrap_or(u32::MAX);
        let full = dashboard_counters(&[], accounts, week, &[], now);
        let ended = completed + failed + handed_off;
        DashboardCounts {
            active_projects: clamp(active_projects),
            usable_accounts: full.usable_accounts,
            credits_used_this_week: full.credits_used_this_week,
            sessions_completed: clamp(completed),
            success_rate: (ended > 0).then(|| (completed + handed_off) as f64 / ended as f64),
        }
    }
}

/// The dashboard's sums over whole stores: credits used in all (the ledger's session entries) and
/// the credits of completed sessions. They need every record, so they are added up page by page
/// (see `Service::scan_credit_totals`), off the first screen's path.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CreditTotals {
    /// As [`DashboardCounters::credits_used_all_time`].
    pub credits_used_all_time: i64,
    /// `credits_used` summed over live completed sessions.
    pub completed_credits: i64,
    /// Live completed sessions added up so far.
    pub completed_sessions: u64,
}

impl CreditTotals {
    /// Adds a ledger entry: a live session entry's `-delta` counts (a refund takes a debit back).
    pub fn add_ledger_entry(&mut self, deleted: bool, reason: LedgerReason, delta: i64) {
        if !deleted && reason == LedgerReason::Session {
            self.credits_used_all_time -= delta;
        }
    }

    /// Adds a session: a live completed one counts with its credits.
    pub fn add_session(&mut self, deleted: bool, status: SessionStatus, credits_used: i64) {
        if !deleted && status == SessionStatus::Completed {
            self.completed_credits += credits_used;
            self.completed_sessions += 1;
        }
    }

    /// Mean `credits_used` of completed sessions; `None` when none completed.
    pub fn avg_credits_per_completed(&self) -> Option<f64> {
        (self.completed_sessions > 0).then(|| self.completed_credits as f64 / self.completed_sessions as f64)
    }
}

impl DashboardCounters {
    /// The full set of counters from the first screen's counts and the totals.
    pub fn from_parts(counts: &DashboardCounts, totals: &CreditTotals) -> DashboardCounters {
        DashboardCounters {
            active_projects: counts.active_projects,
            usable_accounts: counts.usable_accounts,
            credits_used_this_week: counts.credits_used_this_week,
            credits_used_all_time: totals.credits_used_all_time,
            sessions_completed: counts.sessions_completed,
            success_rate: counts.success_rate,
            avg_credits_per_completed: totals.avg_credits_per_completed(),
        }
    }
}

/// Days a record stays in the trash before it is purged.
pub const TRASH_RETENTION_DAYS: i64 = 30;

/// Moves a record to the trash. A record already there keeps its original date, so trashing it
/// again does not postpone its purge. Returns whether anything changed.
pub fn trash<R: Record>(record: &mut R, now: Timestamp) -> bool {
    if record.deleted_at().is_some() {
        return false;
    }
    record.set_deleted_at(Some(now));
    record.touch(now);
    true
}

/// Takes a record out of the trash. Returns whether anything changed.
pub fn restore<R: Record>(record: &mut R, now: Timestamp) -> bool {
    if record.deleted_at().is_none() {
        return false;
    }
    record.set_deleted_at(None);
    record.touch(now);
    true
}

/// Whether a record trashed at `deleted_at` is due for purging: [`TRASH_RETENTION_DAYS`] full
/// days have passed.
pub fn purge_due(deleted_at: Timestamp, now: Timestamp) -> bool {
    now >= deleted_at.plus(Duration::days(TRASH_RETENTION_DAYS))
}

/// A knowledge entry's success rate: the share of verdicts that said it helped; `None` before
/// any verdict.
pub fn success_rate(helped: u32, did_not_help: u32) -> Option<f64> {
    ratio(helped, helped.saturating_add(did_not_help))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Platform, SessionType};
    use proptest::prelude::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("a valid test timestamp")
    }

    fn id(n: u64) -> Id {
        Id::v7(n, [0; 10])
    }

    fn account(credits: i64, limit: i64, refresh: Refresh, next: Option<&str>) -> Account {
        let created = at("2026-01-01T00:00:00Z");
        Account {
            id: id(1),
            created_at: created,
            updated_at: created,
            deleted_at: None,
            rev: 1,
            name: "Work Claude".into(),
            platform: Platform::Claude,
            platform_label: String::new(),
            email: String::new(),
            plan: String::new(),
            specializations: vec![],
            credits_available: credits,
            credit_limit: limit,
            refresh,
            next_refresh_at: next.map(at),
            context_window_tokens: 200_000,
            notes: String::new(),
            status: AccountStatus::Available,
            bundle_language: None,
        }
    }

    fn session(number: u32, status: SessionStatus, credits_used: i64, started: &str) -> Session {
        let started_at = at(started);
        Session {
            id: id(100 + u64::from(number)),
            created_at: started_at,
            updated_at: started_at,
            deleted_at: None,
            rev: 1,
            project_id: id(50),
            account_id: Some(id(1)),
            account_label: "Work Claude".into(),
            number,
            session_type: SessionType::Development,
            title: String::new(),
            objectives: String::new(),
            status,
            started_at,
            ended_at: (status != SessionStatus::InProgress).then(|| started_at.plus(Duration::hours(1))),
            duration_minutes: None,
            credit_budget: None,
            credits_used,
            accomplishments: String::new(),
            blockers: String::new(),
            state_notes: String::new(),
            next_steps: String::new(),
            decisions: String::new(),
            notes: String::new(),
            from_handoff_id: None,
            to_handoff_id: None,
        }
    }

    fn project(name: &str, status: ProjectStatus, trashed: bool) -> Project {
        let created = at("2026-01-01T00:00:00Z");
        Project {
            id: Id::derived("projects", name),
            created_at: created,
            updated_at: created,
            deleted_at: trashed.then_some(created),
            rev: 1,
            name: name.into(),
            description: String::new(),
            status,
            tags: vec![],
            repository_url: None,
            notes: String::new(),
            state: Default::default(),
        }
    }

    fn session_entry(n: u64, delta: i64, when: &str) -> LedgerEntry {
        let when = at(when);
        LedgerEntry {
            id: id(1000 + n),
            created_at: when,
            updated_at: when,
            deleted_at: None,
            rev: 1,
            account_id: id(1),
            at: when,
            delta,
            balance_after: 0,
            reason: LedgerReason::Session,
            session_id: Some(id(n)),
            note: String::new(),
        }
    }

    #[test]
    fn sessions_are_numbered_from_one() {
        assert_eq!(next_session_number(None), 1);
        assert_eq!(next_session_number(Some(1)), 2);
        assert_eq!(next_session_number(Some(41)), 42);
    }

    #[test]
    fn refresh_is_none_without_cadence_or_before_the_date() {
        let next = at("2026-03-01T09:00:00Z");
        assert_eq!(advance_refresh(Refresh::None, next, at("2030-01-01T00:00:00Z")), None);
        for refresh in [Refresh::Daily, Refresh::Weekly, Refresh::Monthly, Refresh::EveryNDays { days: 3 }] {
            assert_eq!(advance_refresh(refresh, next, at("2026-03-01T08:59:59.999Z")), None, "{refresh:?}");
        }
        assert_eq!(advance_refresh(Refresh::EveryNDays { days: 0 }, next, at("2026-04-01T00:00:00Z")), None);
    }

    #[test]
    fn refresh_exactly_on_the_date_moves_one_period() {
        let next = at("2026-03-01T09:00:00Z");
        assert_eq!(advance_refresh(Refresh::Daily, next, next), Some((at("2026-03-02T09:00:00Z"), 1)));
        assert_eq!(advance_refresh(Refresh::Monthly, next, next), Some((at("2026-04-01T09:00:00Z"), 1)));
    }

    #[test]
    fn daily_refresh_across_missed_days() {
        let next = at("2026-03-01T09:00:00Z");
        assert_eq!(
            advance_refresh(Refresh::Daily, next, at("2026-03-04T08:00:00Z")),
            Some((at("2026-03-04T09:00:00Z"), 3))
        );
        assert_eq!(
            advance_refresh(Refresh::Daily, next, at("2026-03-04T09:00:00Z")),
            Some((at("2026-03-05T09:00:00Z"), 4))
        );
    }

    #[test]
    fn weekly_refresh_across_missed_weeks() {
        let next = at("2026-03-02T00:00:00Z");
        assert_eq!(
            advance_refresh(Refresh::Weekly, next, at("2026-03-20T12:00:00Z")),
            Some((at("2026-03-23T00:00:00Z"), 3))
        );
    }

    #[test]
    fn every_three_days_across_missed_periods() {
        let next = at("2026-03-01T06:30:00Z");
        assert_eq!(
            advance_refresh(Refresh::EveryNDays { days: 3 }, next, at("2026-03-10T06:29:59Z")),
            Some((at("2026-03-10T06:30:00Z"), 3))
        );
        assert_eq!(
            advance_refresh(Refresh::EveryNDays { days: 3 }, next, at("2026-03-10T06:30:00Z")),
            Some((at("2026-03-13T06:30:00Z"), 4))
        );
    }

    #[test]
    fn monthly_refresh_keeps_the_day_of_the_original_date() {
        let jan31 = at("2024-01-31T10:00:00Z");
        // Leap year: Feb 29, then back to the 31st.
        assert_eq!(advance_refresh(Refresh::Monthly, jan31, jan31), Some((at("2024-02-29T10:00:00Z"), 1)));
        assert_eq!(
            advance_refresh(Refresh::Monthly, jan31, at("2024-03-05T00:00:00Z")),
            Some((at("2024-03-31T10:00:00Z"), 2))
        );
        assert_eq!(
            advance_refresh(Refresh::Monthly, jan31, at("2024-04-30T09:59:59Z")),
            Some((at("2024-04-30T10:00:00Z"), 3))
        );
        assert_eq!(
            advance_refresh(Refresh::Monthly, jan31, at("2024-04-30T10:00:00Z")),
            Some((at("2024-05-31T10:00:00Z"), 4))
        );
        let jan31_2025 = at("2025-01-31T10:00:00Z");
        assert_eq!(
            advance_refresh(Refresh::Monthly, jan31_2025, at("2025-02-01T00:00:00Z")),
            Some((at("2025-02-28T10:00:00Z"), 1))
        );
        // Across a year end, several years later.
        assert_eq!(
            advance_refresh(Refresh::Monthly, jan31, at("2026-12-31T10:00:01Z")),
            Some((at("2027-01-31T10:00:00Z"), 36))
        );
    }

    #[test]
    fn ten_years_of_daily_refreshes_in_one_step() {
        let next = at("2016-01-01T00:00:00Z");
        let now = at("2026-01-01T00:00:00Z");
        // 2016..2026 holds 3 leap days: 3,653 days, and the date on `now` itself has passed.
        assert_eq!(advance_refresh(Refresh::Daily, next, now), Some((at("2026-01-02T00:00:00Z"), 3_654)));
    }

    #[test]
    fn status_follows_credits_and_sessions() {
        use AccountStatus::*;
        let t = DEFAULT_EXHAUSTION_THRESHOLD;
        assert_eq!(status_after_credit_change(Available, t, t, false), Available);
        assert_eq!(status_after_credit_change(Available, t - 1, t, false), Exhausted);
        assert_eq!(status_after_credit_change(Active, 0, t, true), Exhausted);
        assert_eq!(status_after_credit_change(Exhausted, t, t, false), Available);
        assert_eq!(status_after_credit_change(Exhausted, t, t, true), Active);
        assert_eq!(status_after_credit_change(Active, 500, t, false), Available);
        for (credits, in_progress) in [(0, false), (500, true), (t, false)] {
            assert_eq!(status_after_credit_change(Blocked, credits, t, in_progress), Blocked);
        }
        assert_eq!(status_after_credit_change(Available, 0, 0, false), Available);
    }

    #[test]
    fn a_due_refresh_restores_credits_and_records_it() {
        let mut exhausted = account(3, 100, Refresh::Daily, Some("2026-03-01T09:00:00Z"));
        exhausted.status = AccountStatus::Exhausted;
        let now = at("2026-03-03T10:00:00Z");
        let outcome = apply_due_refresh(&exhausted, now, id(77), DEFAULT_EXHAUSTION_THRESHOLD, false).unwrap();
        let account = &outcome.account;
        assert_eq!(account.credits_available, 100);
        assert_eq!(account.next_refresh_at, Some(at("2026-03-04T09:00:00Z")));
        assert_eq!(account.status, AccountStatus::Available);
        assert_eq!((account.rev, account.updated_at), (2, now));
        assert_eq!(
            outcome.entry,
            LedgerEntry {
                id: id(77),
                created_at: now,
                updated_at: now,
                deleted_at: None,
                rev: 1,
                account_id: exhausted.id,
                at: now,
                delta: 97,
                balance_after: 100,
                reason: LedgerReason::Refresh,
                session_id: None,
                note: "Refreshed (3 periods)".into(),
            }
        );
    }

    #[test]
    fn a_refresh_records_even_a_zero_or_negative_change() {
        let now = at("2026-03-01T09:00:00Z");
        let full = account(100, 100, Refresh::Weekly, Some("2026-03-01T09:00:00Z"));
        let outcome = apply_due_refresh(&full, now, id(2), 10, true).unwrap();
        assert_eq!((outcome.entry.delta, outcome.entry.note.as_str()), (0, "Refreshed"));
        assert_eq!(outcome.account.status, AccountStatus::Active);
        let above = account(150, 100, Refresh::Weekly, Some("2026-03-01T09:00:00Z"));
        let outcome = apply_due_refresh(&above, now, id(3), 10, false).unwrap();
        assert_eq!((outcome.entry.delta, outcome.entry.balance_after), (-50, 100));
    }

    #[test]
    fn no_refresh_when_not_due_absent_trashed_or_blocked_stays_blocked() {
        let now = at("2026-03-01T09:00:00Z");
        let ahead = account(3, 100, Refresh::Daily, Some("2026-03-01T09:00:00.001Z"));
        assert_eq!(apply_due_refresh(&ahead, now, id(2), 10, false), None);
        let no_cadence = account(3, 100, Refresh::None, Some("2026-02-01T00:00:00Z"));
        assert_eq!(apply_due_refresh(&no_cadence, now, id(2), 10, false), None);
        let no_date = account(3, 100, Refresh::Daily, None);
        assert_eq!(apply_due_refresh(&no_date, now, id(2), 10, false), None);
        let mut trashed = account(3, 100, Refresh::Daily, Some("2026-02-01T00:00:00Z"));
        trashed.deleted_at = Some(now);
        assert_eq!(apply_due_refresh(&trashed, now, id(2), 10, false), None);

        let mut blocked = account(3, 100, Refresh::Daily, Some("2026-02-28T09:00:00Z"));
        blocked.status = AccountStatus::Blocked;
        let outcome = apply_due_refresh(&blocked, now, id(2), 10, false).unwrap();
        assert_eq!((outcome.account.credits_available, outcome.account.status), (100, AccountStatus::Blocked));
    }

    #[test]
    fn a_refresh_to_a_limit_below_the_threshold_stays_exhausted() {
        let tiny = account(0, 5, Refresh::Daily, Some("2026-03-01T00:00:00Z"));
        let outcome = apply_due_refresh(&tiny, at("2026-03-01T00:00:00Z"), id(2), 10, false).unwrap();
        assert_eq!(outcome.account.status, AccountStatus::Exhausted);
    }

    #[test]
    fn adjusting_credits_records_and_recomputes_status() {
        let now = at("2026-03-01T12:00:00Z");
        let work = account(20, 100, Refresh::None, None);
        let (debited, entry) =
            adjust_credits(&work, -11, LedgerReason::Session, Some(id(9)), " Session 3 ", now, id(5), 10, false)
                .unwrap();
        assert_eq!((debited.credits_available, debited.status), (9, AccountStatus::Exhausted));
        assert_eq!((debited.rev, debited.updated_at), (2, now));
        assert_eq!(
            entry,
            LedgerEntry {
                id: id(5),
                created_at: now,
                updated_at: now,
                deleted_at: None,
                rev: 1,
                account_id: work.id,
                at: now,
                delta: -11,
                balance_after: 9,
                reason: LedgerReason::Session,
                session_id: Some(id(9)),
                note: "Session 3".into(),
            }
        );
        // A manual top-up clears exhausted once the credits reach the threshold.
        let (topped, entry) =
            adjust_credits(&debited, 1, LedgerReason::Manual, None, "", now, id(6), 10, true).unwrap();
        assert_eq!((topped.credits_available, topped.status), (10, AccountStatus::Active));
        assert_eq!((entry.delta, entry.balance_after), (1, 10));
        // Down to exactly 0 is allowed.
        let (empty, _) = adjust_credits(&work, -20, LedgerReason::Manual, None, "", now, id(7), 10, false).unwrap();
        assert_eq!(empty.credits_available, 0);
    }

    #[test]
    fn adjusting_below_zero_is_refused() {
        let work = account(20, 100, Refresh::None, None);
        let now = at("2026-03-01T12:00:00Z");
        let error = adjust_credits(&work, -25, LedgerReason::Session, None, "", now, id(5), 10, false).unwrap_err();
        assert_eq!(error, RuleError::CreditsBelowZero { account: "Work Claude".into(), after: -5, before: 20 });
        let rich = account(i64::MAX, 100, Refresh::None, None);
        assert!(adjust_credits(&rich, 1, LedgerReason::Manual, None, "", now, id(5), 10, false).is_err());
    }

    #[test]
    fn counters_saturate_at_what_a_browser_stores_exactly() {
        assert_eq!(bump(1), 2);
        assert_eq!(bump(SAFE_INTEGER_MAX - 1), SAFE_INTEGER_MAX);
        assert_eq!(bump(SAFE_INTEGER_MAX), SAFE_INTEGER_MAX);
        assert_eq!(bump(u64::MAX), SAFE_INTEGER_MAX);
        assert_eq!(bump_count(7), 8);
        assert_eq!(bump_count(u32::MAX), u32::MAX);
        assert_eq!(next_session_number(Some(u32::MAX)), u32::MAX);

        let mut project = Project {
            id: id(1),
            created_at: at("2026-01-01T00:00:00Z"),
            updated_at: at("2026-01-01T00:00:00Z"),
            deleted_at: None,
            rev: SAFE_INTEGER_MAX,
            name: "Alpha".into(),
            description: String::new(),
            status: ProjectStatus::Active,
            tags: Vec::new(),
            repository_url: None,
            notes: String::new(),
            state: Default::default(),
        };
        project.touch(at("2026-01-02T00:00:00Z"));
        assert_eq!(project.rev, SAFE_INTEGER_MAX);
        assert_eq!(project.updated_at, at("2026-01-02T00:00:00Z"));
    }

    #[test]
    fn adjusting_above_the_most_an_account_holds_is_refused() {
        let full = account(CREDITS_MAX - 5, CREDITS_MAX, Refresh::None, None);
        let now = at("2026-03-01T12:00:00Z");
        let (after, _) = adjust_credits(&full, 5, LedgerReason::Manual, None, "", now, id(5), 10, false).unwrap();
        assert_eq!(after.credits_available, CREDITS_MAX);
        let error = adjust_credits(&after, 1, LedgerReason::Manual, None, "", now, id(6), 10, false).unwrap_err();
        let above =
            RuleError::CreditsAboveLimit { account: after.name.clone(), after: CREDITS_MAX + 1, max: CREDITS_MAX };
        assert_eq!(error, above);
    }

    #[test]
    fn adjusting_keeps_blocked() {
        let mut blocked = account(20, 100, Refresh::None, None);
        blocked.status = AccountStatus::Blocked;
        let now = at("2026-03-01T12:00:00Z");
        let (after, _) = adjust_credits(&blocked, 500, LedgerReason::Manual, None, "", now, id(5), 10, false).unwrap();
        assert_eq!(after.status, AccountStatus::Blocked);
    }

    #[test]
    fn project_figures_ignore_trashed_sessions() {
        let mut sessions = vec![
            session(1, SessionStatus::Completed, 30, "2026-03-01T10:00:00Z"),
            session(2, SessionStatus::Failed, 20, "2026-03-02T10:00:00Z"),
            session(3, SessionStatus::HandedOff, 15, "2026-03-03T10:00:00Z"),
            session(4, SessionStatus::InProgress, 99, "2026-03-04T10:00:00Z"),
            session(5, SessionStatus::Completed, 1_000, "2026-03-09T10:00:00Z"),
        ];
        sessions[4].deleted_at = Some(at("2026-03-10T00:00:00Z"));
        sessions[1].updated_at = at("2026-03-08T00:00:00Z");
        let figures = project_figures(&sessions);
        assert_eq!(
            figures,
            ProjectFigures {
                credits_used: 65,
                sessions_total: 4,
                in_progress: 1,
                completed: 1,
                failed: 1,
                handed_off: 1,
                last_activity: Some(at("2026-03-08T00:00:00Z")),
                success_rate: Some(2.0 / 3.0),
            }
        );
        assert_eq!(project_figures(&[]), ProjectFigures::default());
        let open = [session(1, SessionStatus::InProgress, 0, "2026-03-01T10:00:00Z")];
        assert_eq!(project_figures(&open).success_rate, None);
        // Last activity can be an end time.
        let ended = [session(1, SessionStatus::Completed, 0, "2026-03-01T10:00:00Z")];
        assert_eq!(project_figures(&ended).last_activity, Some(at("2026-03-01T11:00:00Z")));
    }

    #[test]
    fn dashboard_counters_on_a_small_dataset() {
        let now = at("2026-03-15T12:00:00Z");
        let projects = vec![
            project("A", ProjectStatus::Active, false),
            project("B", ProjectStatus::Active, true),
            project("C", ProjectStatus::Paused, false),
            project("D", ProjectStatus::Active, false),
        ];
        let mut accounts = vec![account(50, 100, Refresh::None, None); 5];
        accounts[1].status = AccountStatus::Blocked;
        accounts[2].status = AccountStatus::Exhausted;
        accounts[3].status = AccountStatus::Active;
        accounts[4].deleted_at = Some(now);
        let mut refresh = session_entry(4, 80, "2026-03-14T00:00:00Z");
        refresh.reason = LedgerReason::Refresh;
        let mut manual = session_entry(5, -7, "2026-03-14T00:00:00Z");
        manual.reason = LedgerReason::Manual;
        let ledger = vec![
            session_entry(1, -30, "2026-03-01T00:00:00Z"), // before the week
            session_entry(2, -20, "2026-03-08T12:00:00Z"), // exactly 7 days ago: outside
            session_entry(3, -15, "2026-03-08T12:00:00.001Z"),
            session_entry(6, -40, "2026-03-15T12:00:00Z"), // now: inside
            session_entry(7, 40, "2026-03-15T12:00:00Z"),  // the same session reopened
            session_entry(8, -12, "2026-03-14T00:00:00Z"),
            refresh,
            manual,
        ];
        let mut sessions = vec![
            session(1, SessionStatus::Completed, 30, "2026-03-01T00:00:00Z"),
            session(2, SessionStatus::Completed, 21, "2026-03-08T00:00:00Z"),
            session(3, SessionStatus::Failed, 15, "2026-03-09T00:00:00Z"),
            session(4, SessionStatus::HandedOff, 12, "2026-03-10T00:00:00Z"),
            session(5, SessionStatus::InProgress, 0, "2026-03-15T00:00:00Z"),
            session(6, SessionStatus::Completed, 999, "2026-03-15T00:00:00Z"),
        ];
        sessions[5].deleted_at = Some(now);
        assert_eq!(
            dashboard_counters(&projects, &accounts, &ledger, &sessions, now),
            DashboardCounters {
                active_projects: 2,
                usable_accounts: 2,
                credits_used_this_week: 15 + 40 - 40 + 12,
                credits_used_all_time: 30 + 20 + 15 + 40 - 40 + 12,
                sessions_completed: 2,
                success_rate: Some(3.0 / 4.0),
                avg_credits_per_completed: Some(25.5),
            }
        );
        assert_eq!(dashboard_counters(&[], &[], &[], &[], now), DashboardCounters::default());
    }

    #[test]
    fn trash_restore_and_purge_after_thirty_days() {
        let created = at("2026-01-01T00:00:00Z");
        let mut record = project("A", ProjectStatus::Active, false);
        let trashed_at = at("2026-03-01T08:00:00Z");
        assert!(trash(&mut record, trashed_at));
        assert_eq!((record.deleted_at, record.rev, record.updated_at), (Some(trashed_at), 2, trashed_at));
        // Trashing again keeps the first date, so the purge is not postponed.
        assert!(!trash(&mut record, at("2026-03-05T00:00:00Z")));
        assert_eq!((record.deleted_at, record.rev), (Some(trashed_at), 2));

        assert!(!purge_due(trashed_at, at("2026-03-31T07:59:59.999Z")));
        assert!(purge_due(trashed_at, at("2026-03-31T08:00:00Z")));
        assert!(purge_due(trashed_at, at("2026-06-01T00:00:00Z")));

        let restored_at = at("2026-03-02T00:00:00Z");
        assert!(restore(&mut record, restored_at));
        assert_eq!((record.deleted_at, record.rev, record.updated_at), (None, 3, restored_at));
        assert!(!restore(&mut record, restored_at));
        assert_eq!(record.rev, 3);
        assert!(created < restored_at);
    }

    #[test]
    fn knowledge_success_rate() {
        assert_eq!(success_rate(0, 0), None);
        assert_eq!(success_rate(3, 1), Some(0.75));
        assert_eq!(success_rate(0, 4), Some(0.0));
        assert_eq!(success_rate(u32::MAX, u32::MAX), Some(1.0));
    }

    fn periodic_refresh() -> impl Strategy<Value = Refresh> {
        prop_oneof![
            Just(Refresh::Daily),
            Just(Refresh::Weekly),
            Just(Refresh::Monthly),
            (1u32..=365).prop_map(|days| Refresh::EveryNDays { days }),
        ]
    }

    /// `from` moved by `periods` periods of `refresh`.
    fn step(refresh: Refresh, from: Timestamp, periods: u32) -> Timestamp {
        match refresh {
            Refresh::Monthly => {
                Timestamp::from_datetime(from.datetime().checked_add_months(Months::new(periods)).unwrap()).unwrap()
            }
            Refresh::Daily => from.plus(Duration::days(i64::from(periods))),
            Refresh::Weekly => from.plus(Duration::days(7 * i64::from(periods))),
            Refresh::EveryNDays { days } => from.plus(Duration::days(i64::from(days) * i64::from(periods))),
            Refresh::None => unreachable!(),
        }
    }

    proptest! {
        #[test]
        fn advance_refresh_lands_on_the_first_date_after_now(
            refresh in periodic_refresh(),
            start in 0i64..4_000_000_000_000,
            gap in 0i64..(20 * 366 * MILLIS_PER_DAY),
        ) {
            let next = Timestamp::from_unix_millis(start).unwrap();
            let now = Timestamp::from_unix_millis(start + gap).unwrap();
            let (advanced, periods) = advance_refresh(refresh, next, now).expect("a due refresh advances");
            prop_assert!(advanced > now);
            prop_assert!(periods >= 1);
            prop_assert_eq!(advanced, step(refresh, next, periods));
            // Minimal: one period fewer has passed.
            prop_assert!(step(refresh, next, periods - 1) <= now);
        }

        #[test]
        fn advance_refresh_waits_until_the_date(
            refresh in periodic_refresh(),
            start in 1i64..4_000_000_000_000,
            early in 1i64..(400 * MILLIS_PER_DAY),
        ) {
            let next = Timestamp::from_unix_millis(start + early).unwrap();
            let now = Timestamp::from_unix_millis(start).unwrap();
            prop_assert_eq!(advance_refresh(refresh, next, now), None);
        }
    }
}
