//! Insights: the figures behind the `/insights` charts and the credit alerts, computed from the
//! ledger, the sessions and the handoffs of a date range (7, 30 or 90 days, or all), optionally
//! for one project or one account.
//!
//! - **Days are UTC days** (00:00–24:00 UTC) and **weeks start on Monday, UTC**, so a figure is
//!   the same in every time zone and in the CSV. "7 days" is today (UTC) and the six days before.
//! - **Credits used** are the ledger's session entries (`-delta`): an ended session's debit, net
//!   of the credit-back when a session is reopened. Refreshes and manual changes are not spending.
//!   Each entry is placed on the day it was recorded; its project is its session's.
//! - **Sessions** are placed in the week they started. The success rate is completed or handed
//!   off over ended (completed, handed off or failed); a week with no ended session has none.
//! - **Credit efficiency** is the mean `credits_used` of the completed sessions, per project and
//!   per platform (of the session's account).
//! - **Balances** come from `balance_after` of each ledger entry; the forecast runs the current
//!   credits down at the faster of the 7- and 30-day burn rates ([`crate::credits`]), compared
//!   with the next refresh. Balances belong to accounts, so the project filter does not apply.
//! - **Handoffs** are placed in the week they were queued; the time to the next session runs from
//!   `queued_at` to the `started_at` of the session started from it.
//!
//! Every figure also comes as a [`Table`] (the "Show the numbers" table and its CSV file), worded
//! by the caller ([`TableWords`]) so the file a person downloads is in their language; every
//! summary comes as numbers and names ([`summary`]) for the UI to word.

pub mod summary;

use crate::credits::{self, BurnRate, Forecast};
use crate::ids::Id;
use crate::records::*;
use crate::time::Timestamp;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::{BTreeMap, HashMap};
pub use summary::*;

/// How far back the insights look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Span {
    Days7,
    #[default]
    Days30,
    Days90,
    All,
}

impl Span {
    pub const ALL: [Span; 4] = [Span::Days7, Span::Days30, Span::Days90, Span::All];

    pub fn as_str(&self) -> &'static str {
        match self {
            Span::Days7 => "7d",
            Span::Days30 => "30d",
            Span::Days90 => "90d",
            Span::All => "all",
        }
    }

    pub fn parse(text: &str) -> Option<Span> {
        Span::ALL.into_iter().find(|span| span.as_str() == text)
    }

    pub fn days(&self) -> Option<i64> {
        match self {
            Span::Days7 => Some(7),
            Span::Days30 => Some(30),
            Span::Days90 => Some(90),
            Span::All => None,
        }
    }

    /// The first instant of the range: 00:00 UTC of its first day (None: from the beginning).
    pub fn start(&self, now: Timestamp) -> Option<Timestamp> {
        self.days().map(|days| day_start(day_of(now) - Duration::days(days - 1)))
    }
}

/// What the insights cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Filter {
    pub span: Span,
    pub project_id: Option<Id>,
    pub account_id: Option<Id>,
}

/// Buckets of a time series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grain {
    Day,
    Week,
}

impl Grain {
    fn bucket(&self, date: NaiveDate) -> NaiveDate {
        match self {
            Grain::Day => date,
            Grain::Week => week_of(date),
        }
    }

    fn step(&self) -> Duration {
        match self {
            Grain::Day => Duration::days(1),
            Grain::Week => Duration::days(7),
        }
    }
}

/// What the credits chart stacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StackBy {
    Account,
    Project,
}

/// Who or what a series or a row is about: a name the user gave, or one the UI words (a
/// platform, a deleted record, none, the folded rest).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Name {
    /// A user's name for an account or a project, or an "other" platform's own label.
    Named(String),
    Platform(Platform),
    DeletedAccount,
    DeletedProject,
    /// Credits spent outside a session (no session, so no project).
    NoProject,
    /// A session with no account (so no platform).
    NoAccount,
    /// The smaller series folded into one past [`MAX_SERIES`].
    OtherAccounts(usize),
    OtherProjects(usize),
}

/// Which table: what its caption says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Credits { grain: Grain, by: StackBy },
    Sessions,
    Efficiency { per_platform: bool },
    Balances,
    Handoffs,
}

/// A column of a table: what its header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The day or the week (its Monday), UTC.
    Bucket(Grain),
    /// The sum of a row's series.
    Total,
    Started,
    Completed,
    HandedOff,
    Failed,
    InProgress,
    /// Success rate, in percent.
    SuccessRate,
    Platform,
    Project,
    CompletedSessions,
    CreditsUsed,
    AverageCredits,
    Account,
    BalanceAtStart,
    CreditsNow,
    /// Burn per day over the last 7 days.
    BurnPerDay7,
    BurnPerDay30,
    /// When the credits run out (UTC).
    RunsOutAt,
    /// The next refresh (UTC).
    NextRefresh,
    RunsOutBeforeRefresh,
    Queued,
    PickedUp,
    Waiting,
    MedianHoursToNextSession,
}

/// The words of a table, in the interface language: the core lays out the rows (numbers with a
/// dot for decimals and ISO dates, as spreadsheets read them), the caller names things.
pub trait TableWords {
    fn caption(&self, table: TableKind) -> String;
    fn column(&self, column: Column) -> String;
    fn name(&self, name: &Name) -> String;
    /// A yes-or-no cell.
    fn yes_no(&self, yes: bool) -> String;
}

/// The UTC day of an instant.
pub fn day_of(at: Timestamp) -> NaiveDate {
    at.datetime().date_naive()
}

/// The Monday (UTC) of a day's week.
pub fn week_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

fn day_start(date: NaiveDate) -> Timestamp {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    // Days come from stored times, so they are within the years Baton stores; clamp to be sure.
    Timestamp::from_datetime(midnight).unwrap_or_else(|| {
        if midnight.timestamp_millis() < 0 {
            Timestamp::earliest()
        } else {
            Timestamp::latest()
        }
    })
}

/// The bucket dates from `first` to `last` (both included), one per grain.
fn buckets(grain: Grain, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut at = grain.bucket(first);
    let end = grain.bucket(last);
    while at <= end {
        out.push(at);
        at += grain.step();
    }
    out
}

/// One figure as a table: what "Show the numbers" shows and what its CSV file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as a CSV document (UTF-8 with BOM, quoted, ISO dates: see [`crate::csv`]).
    pub fn csv(&self) -> String {
        let columns: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        crate::csv::document(&columns, self.rows.iter().cloned())
    }
}

/// A number with at most one decimal ("12", "12.5").
pub fn one_decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// A rate as a percentage with at most one decimal ("66.7").
pub fn percent(rate: f64) -> String {
    one_decimal(rate * 100.0)
}

/// A stacked series: one value per bucket per series.
#[derive(Clone, Debug, PartialEq)]
pub struct Stacked {
    pub grain: Grain,
    pub buckets: Vec<NaiveDate>,
    pub series: Vec<Series>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: Name,
    pub values: Vec<i64>,
}

impl Series {
    pub fn total(&self) -> i64 {
        self.values.iter().sum()
    }
}

/// The most series a stacked chart draws; the smallest of the rest are summed as "Other".
pub const MAX_SERIES: usize = 6;

impl Stacked {
    pub fn totals(&self) -> Vec<i64> {
        (0..self.buckets.len()).map(|i| self.series.iter().map(|series| series.values[i]).sum()).collect()
    }

    pub fn total(&self) -> i64 {
        self.series.iter().map(Series::total).sum()
    }

    pub fn table(&self, caption: String, words: &impl TableWords) -> Table {
        let mut columns = vec![words.column(Column::Bucket(self.grain))];
        columns.extend(self.series.iter().map(|series| words.name(&series.name)));
        columns.push(words.column(Column::Total));
        let totals = self.totals();
        let rows = self
            .buckets
            .iter()
            .enumerate()
            .map(|(i, bucket)| {
                let mut row = vec![bucket.to_string()];
                row.extend(self.series.iter().map(|series| series.values[i].to_string()));
                row.push(totals[i].to_string());
                row
            })
            .collect();
        Table { caption, columns, rows }
    }
}

/// One session debit (or credit-back) of the ledger, with what it is stacked by.
#[derive(Clone, Debug, PartialEq)]
pub struct Spend {
    pub at: Timestamp,
    pub account_id: Id,
    pub project_id: Option<Id>,
    pub credits: i64,
}

/// Sessions started in one week, by outcome.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct WeekSessions {
    pub week: NaiveDate,
    pub started: u32,
    pub completed: u32,
    pub handed_off: u32,
    pub failed: u32,
    pub in_progress: u32,
    /// Completed or handed off over ended; None when none ended.
    pub success_rate: Option<f64>,
}

/// Mean credits of completed sessions for one project or platform.
#[derive(Clone, Debug, PartialEq)]
pub struct Efficiency {
    pub name: Name,
    pub completed: u32,
    pub credits: i64,
    pub average: f64,
}

/// An account's balance over the range, its burn rate and forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountTrend {
    pub account: Account,
    /// (when, balance) from the start of the range to now, one point per ledger entry.
    pub points: Vec<(Timestamp, i64)>,
    pub burn: BurnRate,
    /// At the faster of the two burn rates.
    pub forecast: Forecast,
}

/// Handoffs queued in one week.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct WeekHandoffs {
    pub week: NaiveDate,
    pub queued: u32,
    /// A session was started from it.
    pub picked_up: u32,
    pub failed: u32,
    /// Pending or processing.
    pub waiting: u32,
    /// Median hours from queued to the next session's start, of those picked up.
    pub median_hours: Option<f64>,
}

/// Everything the insights page draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Insights {
    pub filter: Filter,
    pub now: Timestamp,
    /// The first and last UTC day shown.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub spends: Vec<Spend>,
    account_names: BTreeMap<Id, String>,
    project_names: BTreeMap<Id, String>,
    pub sessions_per_week: Vec<WeekSessions>,
    pub by_project: Vec<Efficiency>,
    pub by_platform: Vec<Efficiency>,
    pub balances: Vec<AccountTrend>,
    pub handoffs_per_week: Vec<WeekHandoffs>,
    /// Median hours from a handoff to its next session, over the range.
    pub median_handoff_hours: Option<f64>,
}

/// What [`compute`] reads. Sessions may include ones that started before the range (those whose
/// ledger entries fall inside it); the ledger must reach back 30 days for the burn rates.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// Every account, trashed ones included (their history still counts and is named).
    pub accounts: Vec<Account>,
    /// (id, name) of every project, trashed ones included.
    pub projects: Vec<(Id, String)>,
    pub ledger: Vec<LedgerEntry>,
    pub sessions: Vec<Session>,
    pub handoffs: Vec<Handoff>,
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[middle - 1] + values[middle]) / 2.0 } else { values[middle] })
}

fn hours_between(from: Timestamp, to: Timestamp) -> f64 {
    (to.unix_millis() - from.unix_millis()).max(0) as f64 / 3_600_000.0
}

/// The rate a forecast uses: the faster of the 7- and 30-day burn rates, so a recent slow week
/// does not hide a month of heavy use (and the other way round).
pub fn forecast_rate(burn: &BurnRate) -> f64 {
    burn.per_day_7.max(burn.per_day_30)
}

/// Computes every figure of the insights page.
pub fn compute(sources: &Sources, filter: &Filter, now: Timestamp) -> Insights {
    let start = filter.span.start(now);
    let in_range = |at: Timestamp| start.is_none_or(|start| at >= start) && at <= now;
    let account_names: BTreeMap<Id, String> =
        sources.accounts.iter().map(|account| (account.id, account.name.clone())).collect();
    let project_names: BTreeMap<Id, String> = sources.projects.iter().cloned().collect();
    let sessions_by_id: HashMap<Id, &Session> = sources.sessions.iter().map(|session| (session.id, session)).collect();

    // Credits used: session entries of the ledger in the range, filtered.
    let spends: Vec<Spend> = sources
        .ledger
        .iter()
        .filter(|entry| entry.deleted_at.is_none() && entry.reason == LedgerReason::Session && in_range(entry.at))
        .filter(|entry| filter.account_id.is_none_or(|account| entry.account_id == account))
        .map(|entry| Spend {
            at: entry.at,
            account_id: entry.account_id,
            project_id: entry.session_id.and_then(|id| sessions_by_id.get(&id)).map(|session| session.project_id),
            credits: -entry.delta,
        })
        .filter(|spend| filter.project_id.is_none_or(|project| spend.project_id == Some(project)))
        .collect();

    let sessions: Vec<&Session> = sources
        .sessions
        .iter()
        .filter(|session| session.deleted_at.is_none() && in_range(session.started_at))
        .filter(|session| filter.project_id.is_none_or(|project| session.project_id == project))
        .filter(|session| filter.account_id.is_none_or(|account| session.account_id == Some(account)))
        .collect();

    let handoffs: Vec<&Handoff> = sources
        .handoffs
        .iter()
        .filter(|handoff| handoff.deleted_at.is_none() && in_range(handoff.queued_at))
        .filter(|handoff| filter.project_id.is_none_or(|project| handoff.project_id == project))
        .filter(|handoff| {
            filter.account_id.is_none_or(|account| {
                handoff.from_account_id == Some(account) || handoff.to_account_id == Some(account)
            })
        })
        .collect();

    let last_day = day_of(now);
    let first_day = match start {
        Some(start) => day_of(start),
        None => spends
            .iter()
            .map(|spend| spend.at)
            .chain(sessions.iter().map(|session| session.started_at))
            .chain(handoffs.iter().map(|handoff| handoff.queued_at))
            .min()
            .map(day_of)
            .unwrap_or(last_day)
            .min(last_day),
    };
    let weeks = buckets(Grain::Week, first_day, last_day);
    let week_index = |at: Timestamp| weeks.iter().position(|week| *week == week_of(day_of(at)));

    // Sessions per week and the success rate.
    let mut sessions_per_week: Vec<WeekSessions> =
        weeks.iter().map(|week| WeekSessions { week: *week, ..WeekSessions::default() }).collect();
    for session in &sessions {
        let Some(i) = week_index(session.started_at) else { continue };
        let week = &mut sessions_per_week[i];
        week.started += 1;
        match session.status {
            SessionStatus::Completed => week.completed += 1,
            SessionStatus::HandedOff => week.handed_off += 1,
            SessionStatus::Failed => week.failed += 1,
            SessionStatus::InProgress => week.in_progress += 1,
        }
    }
    for week in &mut sessions_per_week {
        let ended = week.completed + week.handed_off + week.failed;
        week.success_rate = (ended > 0).then(|| f64::from(week.completed + week.handed_off) / f64::from(ended));
    }

    // Credit efficiency of completed sessions.
    let platform_of = |session: &Session| -> Name {
        session
            .account_id
            .and_then(|id| sources.accounts.iter().find(|account| account.id == id))
            .map(|account| {
                if account.platform == Platform::Other && !account.platform_label.trim().is_empty() {
                    Name::Named(account.platform_label.trim().to_string())
                } else {
                    Name::Platform(account.platform)
                }
            })
            .unwrap_or(Name::NoAccount)
    };
    let efficiency = |key: &dyn Fn(&Session) -> Name| -> Vec<Efficiency> {
        let mut groups: BTreeMap<Name, (u32, i64)> = BTreeMap::new();
        for session in sessions.iter().filter(|session| session.status == SessionStatus::Completed) {
            let group = groups.entry(key(session)).or_default();
            group.0 += 1;
            group.1 += session.credits_used;
        }
        let mut out: Vec<Efficiency> = groups
            .into_iter()
            .map(|(name, (completed, credits))| Efficiency {
                name,
                completed,
                credits,
                average: credits as f64 / f64::from(completed),
            })
            .collect();
        out.sort_by(|a, b| b.average.total_cmp(&a.average).then_with(|| a.name.cmp(&b.name)));
        out
    };
    let project_name = |id: Id| project_names.get(&id).cloned().map_or(Name::DeletedProject, Name::Named);
    let by_project = efficiency(&|session: &Session| project_name(session.project_id));
    let by_platform = efficiency(&platform_of);

    // Balances and forecasts of live accounts.
    let balances = sources
        .accounts
        .iter()
        .filter(|account| account.deleted_at.is_none())
        .filter(|account| filter.account_id.is_none_or(|id| account.id == id))
        .map(|account| account_trend(account, &sources.ledger, start, now))
        .collect();

    // Handoffs per week and the time to the next session.
    let mut handoffs_per_week: Vec<WeekHandoffs> =
        weeks.iter().map(|week| WeekHandoffs { week: *week, ..WeekHandoffs::default() }).collect();
    let mut waits: Vec<Vec<f64>> = vec![Vec::new(); weeks.len()];
    for handoff in &handoffs {
        let Some(i) = week_index(handoff.queued_at) else { continue };
        let week = &mut handoffs_per_week[i];
        week.queued += 1;
        let next_start = handoff
            .result_session_id
            .and_then(|id| sessions_by_id.get(&id).map(|session| session.started_at))
            .or(handoff.started_at.filter(|_| handoff.result_session_id.is_some()));
        match (handoff.status, next_start) {
            (_, Some(started)) => {
                week.picked_up += 1;
                waits[i].push(hours_between(handoff.queued_at, started));
            }
            (HandoffStatus::Failed, None) => week.failed += 1,
            _ => week.waiting += 1,
        }
    }
    for (week, waits) in handoffs_per_week.iter_mut().zip(waits.iter_mut()) {
        week.median_hours = median(waits);
    }
    let mut all_waits: Vec<f64> = waits.into_iter().flatten().collect();
    let median_handoff_hours = median(&mut all_waits);

    Insights {
        filter: *filter,
        now,
        first_day,
        last_day,
        spends,
        account_names,
        project_names,
        sessions_per_week,
        by_project,
        by_platform,
        balances,
        handoffs_per_week,
        median_handoff_hours,
    }
}

/// An account's balance points over the range, burn rate and forecast.
pub fn account_trend(
    account: &Account,
    ledger: &[LedgerEntry],
    start: Option<Timestamp>,
    now: Timestamp,
) -> AccountTrend {
    let mut entries: Vec<&LedgerEntry> = ledger
        .iter()
        .filter(|entry| entry.deleted_at.is_none() && entry.account_id == account.id && entry.at <= now)
        .collect();
    entries.sort_by_key(|entry| (entry.at, entry.id));
    let in_range: Vec<&&LedgerEntry> =
        entries.iter().filter(|entry| start.is_none_or(|start| entry.at >= start)).collect();
    let mut points = Vec::new();
    if let Some(start) = start {
        // The balance when the range opens: before its first entry, or the current one.
        let opening = match in_range.first() {
            Some(first) => first.balance_after - first.delta,
            None => account.credits_available,
        };
        // An account opened inside the range starts with its first entry (the opening balance).
        if account.created_at <= start {
            points.push((start, opening));
        }
    }
    points.extend(in_range.iter().map(|entry| (entry.at, entry.balance_after)));
    if points.last().is_none_or(|(at, _)| *at < now) {
        points.push((now, account.credits_available));
    }
    let owned: Vec<LedgerEntry> = entries.into_iter().cloned().collect();
    let burn = credits::burn_rate(&owned, now);
    let forecast = credits::forecast(account, forecast_rate(&burn), now);
    AccountTrend { account: account.clone(), points, burn, forecast }
}

impl Insights {
    /// Whether the range holds anything to chart (accounts' balances aside).
    pub fn is_empty(&self) -> bool {
        self.spends.is_empty()
            && self.sessions_per_week.iter().all(|week| week.started == 0)
            && self.handoffs_per_week.iter().all(|week| week.queued == 0)
    }

    pub fn account_name(&self, id: Id) -> Name {
        self.account_names.get(&id).cloned().map_or(Name::DeletedAccount, Name::Named)
    }

    pub fn project_name(&self, id: Option<Id>) -> Name {
        match id {
            Some(id) => self.project_names.get(&id).cloned().map_or(Name::DeletedProject, Name::Named),
            None => Name::NoProject,
        }
    }

    /// Credits used per day or week, stacked by account or project. The largest series (by
    /// total) come first; past [`MAX_SERIES`], the rest are summed as one "Other" series.
    pub fn credits(&self, grain: Grain, by: StackBy) -> Stacked {
        let buckets = buckets(grain, self.first_day, self.last_day);
        let mut groups: BTreeMap<Name, Vec<i64>> = BTreeMap::new();
        for spend in &self.spends {
            let name = match by {
                StackBy::Account => self.account_name(spend.account_id),
                StackBy::Project => self.project_name(spend.project_id),
            };
            let Some(i) = buckets.iter().position(|bucket| *bucket == grain.bucket(day_of(spend.at))) else {
                continue;
            };
            groups.entry(name).or_insert_with(|| vec![0; buckets.len()])[i] += spend.credits;
        }
        let mut series: Vec<Series> = groups.into_iter().map(|(name, values)| Series { name, values }).collect();
        series.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.name.cmp(&b.name)));
        if series.len() > MAX_SERIES {
            let rest = series.split_off(MAX_SERIES - 1);
            let mut values = vec![0; buckets.len()];
            for other in &rest {
                for (sum, value) in values.iter_mut().zip(&other.values) {
                    *sum += value;
                }
            }
            let name = match by {
                StackBy::Account => Name::OtherAccounts(rest.len()),
                StackBy::Project => Name::OtherProjects(rest.len()),
            };
            series.push(Series { name, values });
        }
        Stacked { grain, buckets, series }
    }

    pub fn credits_table(&self, grain: Grain, by: StackBy, words: &impl TableWords) -> Table {
        self.credits(grain, by).table(words.caption(TableKind::Credits { grain, by }), words)
    }

    pub fn sessions_table(&self, words: &impl TableWords) -> Table {
        Table {
            caption: words.caption(TableKind::Sessions),
            columns: [
                Column::Bucket(Grain::Week),
                Column::Started,
                Column::Completed,
                Column::HandedOff,
                Column::Failed,
                Column::InProgress,
                Column::SuccessRate,
            ]
            .map(|column| words.column(column))
            .to_vec(),
            rows: self
                .sessions_per_week
                .iter()
                .map(|week| {
                    vec![
                        week.week.to_string(),
                        week.started.to_string(),
                        week.completed.to_string(),
                        week.handed_off.to_string(),
                        week.failed.to_string(),
                        week.in_progress.to_string(),
                        week.success_rate.map(percent).unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }

    /// The success rate over the whole range (completed or handed off, of ended sessions).
    pub fn success_rate(&self) -> Option<f64> {
        let (good, ended) = self.sessions_per_week.iter().fold((0u32, 0u32), |(good, ended), week| {
            (good + week.completed + week.handed_off, ended + week.completed + week.handed_off + week.failed)
        });
        (ended > 0).then(|| f64::from(good) / f64::from(ended))
    }

    pub fn efficiency_table(&self, per_platform: bool, words: &impl TableWords) -> Table {
        let (first, rows) =
            if per_platform { (Column::Platform, &self.by_platform) } else { (Column::Project, &self.by_project) };
        Table {
            caption: words.caption(TableKind::Efficiency { per_platform }),
            columns: [first, Column::CompletedSessions, Column::CreditsUsed, Column::AverageCredits]
                .map(|column| words.column(column))
                .to_vec(),
            rows: rows
                .iter()
                .map(|row| {
                    vec![
                        words.name(&row.name),
                        row.completed.to_string(),
                        row.credits.to_string(),
                        one_decimal(row.average),
                    ]
                })
                .collect(),
        }
    }

    /// One row per account: now, the burn rates and the forecast (ISO dates, UTC).
    pub fn balances_table(&self, words: &impl TableWords) -> Table {
        Table {
            caption: words.caption(TableKind::Balances),
            columns: [
                Column::Account,
                Column::BalanceAtStart,
                Column::CreditsNow,
                Column::BurnPerDay7,
                Column::BurnPerDay30,
                Column::RunsOutAt,
                Column::NextRefresh,
                Column::RunsOutBeforeRefresh,
            ]
            .map(|column| words.column(column))
            .to_vec(),
            rows: self
                .balances
                .iter()
                .map(|trend| {
                    vec![
                        trend.account.name.clone(),
                        trend.points.first().map(|(_, balance)| balance.to_string()).unwrap_or_default(),
                        trend.account.credits_available.to_string(),
                        one_decimal(trend.burn.per_day_7),
                        one_decimal(trend.burn.per_day_30),
                        trend.forecast.runs_out_at.map(|at| at.to_text()).unwrap_or_default(),
                        trend.forecast.next_refresh_at.map(|at| at.to_text()).unwrap_or_default(),
                        words.yes_no(trend.forecast.runs_out_before_refresh),
                    ]
                })
                .collect(),
        }
    }

    pub fn handoffs_table(&self, words: &impl TableWords) -> Table {
        Table {
            caption: words.caption(TableKind::Handoffs),
            columns: [
                Column::Bucket(Grain::Week),
                Column::Queued,
                Column::PickedUp,
                Column::Waiting,
                Column::Failed,
                Column::MedianHoursToNextSession,
            ]
            .map(|column| words.column(column))
            .to_vec(),
            rows: self
                .handoffs_per_week
                .iter()
                .map(|week| {
                    vec![
                        week.week.to_string(),
                        week.queued.to_string(),
                        week.picked_up.to_string(),
                        week.waiting.to_string(),
                        week.failed.to_string(),
                        week.median_hours.map(one_decimal).unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }
}

// ----- credit alerts ----------------------------------------------------------------------------

/// Without a refresh, an account is flagged when it runs out within this many days (any account
/// with no refresh "runs out before its refresh", so a horizon keeps the alert meaningful).
pub const NO_REFRESH_HORIZON_DAYS: i64 = 30;

#[derive(Clone, Debug, PartialEq)]
pub enum AlertKind {
    /// Credits are below the exhaustion threshold.
    BelowThreshold { threshold: i64, next_refresh_at: Option<Timestamp> },
    /// At its burn rate the account runs out before its next refresh.
    RunsOutBeforeRefresh { runs_out_at: Timestamp, next_refresh_at: Timestamp, rate_per_day: f64 },
    /// No refresh, and it runs out within [`NO_REFRESH_HORIZON_DAYS`].
    RunsOutSoon { runs_out_at: Timestamp, rate_per_day: f64 },
}

/// An account that needs attention, with why (the UI words it from the kind and its figures).
#[derive(Clone, Debug, PartialEq)]
pub struct CreditAlert {
    pub account_id: Id,
    pub account_name: String,
    pub credits: i64,
    pub kind: AlertKind,
}

/// The accounts to flag: below the exhaustion threshold, or running out before their refresh
/// at the forecast rate ([`forecast_rate`]). Trashed and blocked accounts are left out (they are
/// not being spent). Below-threshold alerts come first, then the soonest to run out.
/// `ledger` must hold the accounts' entries of the last 30 days.
pub fn credit_alerts(accounts: &[Account], ledger: &[LedgerEntry], threshold: i64, now: Timestamp) -> Vec<CreditAlert> {
    let mut alerts: Vec<(u8, Option<Timestamp>, CreditAlert)> = accounts
        .iter()
        .filter(|account| account.deleted_at.is_none() && account.status != AccountStatus::Blocked)
        .filter_map(|account| {
            let alert = |kind| CreditAlert {
                account_id: account.id,
                account_name: account.name.clone(),
                credits: account.credits_available,
                kind,
            };
            if account.credits_available < threshold {
                let kind = AlertKind::BelowThreshold { threshold, next_refresh_at: account.next_refresh_at };
                return Some((0, None, alert(kind)));
            }
            let trend = account_trend(account, ledger, None, now);
            let forecast = trend.forecast;
            let out = forecast.runs_out_at?;
            match forecast.next_refresh_at {
                Some(refresh) if out < refresh => Some((
                    1,
                    Some(out),
                    alert(AlertKind::RunsOutBeforeRefresh {
                        runs_out_at: out,
                        next_refresh_at: refresh,
                        rate_per_day: forecast.rate_per_day,
                    }),
                )),
                None if out <= now.plus(Duration::days(NO_REFRESH_HORIZON_DAYS)) => Some((
                    1,
                    Some(out),
                    alert(AlertKind::RunsOutSoon { runs_out_at: out, rate_per_day: forecast.rate_per_day }),
                )),
                _ => None,
            }
        })
        .collect();
    alerts.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| a.2.account_name.cmp(&b.2.account_name)));
    alerts.into_iter().map(|(_, _, alert)| alert).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// English words, as the app's catalogue gives them.
    pub(crate) struct English;

    impl TableWords for English {
        fn caption(&self, table: TableKind) -> String {
            match table {
                TableKind::Credits { grain, by } => format!(
                    "Credits used {}, {}",
                    if grain == Grain::Day { "per day" } else { "per week" },
                    if by == StackBy::Account { "by account" } else { "by project" }
                ),
                TableKind::Sessions => "Sessions per week by outcome, and success rate".into(),
                TableKind::Efficiency { .. } => "Average credits per completed session".into(),
                TableKind::Balances => "Account balances, burn rates and forecasts".into(),
                TableKind::Handoffs => "Handoffs per week and hours to the next session".into(),
            }
        }

        fn column(&self, column: Column) -> String {
            match column {
                Column::Bucket(Grain::Day) => "Day (UTC)".into(),
                Column::Bucket(Grain::Week) => "Week of (Monday, UTC)".into(),
                other => format!("{other:?}"),
            }
        }

        fn name(&self, name: &Name) -> String {
            match name {
                Name::Named(name) => name.clone(),
                Name::Platform(platform) => platform.english().into(),
                Name::OtherAccounts(count) => format!("{count} other accounts"),
                other => format!("{other:?}"),
            }
        }

        fn yes_no(&self, yes: bool) -> String {
            if yes { "Yes" } else { "No" }.into()
        }
    }

    pub(super) const NOW: &str = "2026-11-26T10:00:00Z"; // a Thursday

    pub(super) fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    pub(super) fn id(n: u64) -> Id {
        Id::v7(n, [n as u8; 10])
    }

    pub(super) fn account(n: u64, name: &str, platform: &str, credits: i64, next_refresh: Option<&str>) -> Account {
        serde_json::from_value(json!({
            "id": id(n), "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "name": name, "platform": platform, "credits_available": credits, "credit_limit": 100,
            "next_refresh_at": next_refresh, "context_window_tokens": 200000, "status": "available",
        }))
        .unwrap()
    }

    pub(crate) fn session(n: u64, project: u64, account: u64, status: &str, credits: i64, started: &str) -> Session {
        serde_json::from_value(json!({
            "id": id(n), "created_at": started, "updated_at": started, "project_id": id(project),
            "account_id": id(account), "account_label": "", "number": n, "type": "feature",
            "status": status, "started_at": started, "credits_used": credits,
        }))
        .unwrap()
    }

    pub(super) fn entry(
        n: u64,
        account: u64,
        when: &str,
        delta: i64,
        balance: i64,
        reason: &str,
        session: Option<u64>,
    ) -> LedgerEntry {
        serde_json::from_value(json!({
            "id": id(n), "created_at": when, "updated_at": when, "account_id": id(account), "at": when,
            "delta": delta, "balance_after": balance, "reason": reason, "session_id": session.map(id),
        }))
        .unwrap()
    }

    pub(super) fn handoff(n: u64, project: u64, status: &str, queued: &str, result: Option<u64>) -> Handoff {
        serde_json::from_value(json!({
            "id": id(n), "created_at": queued, "updated_at": queued, "project_id": id(project),
            "from_account_id": id(1), "to_account_id": id(2), "priority": 5, "status": status,
            "queued_at": queued, "result_session_id": result.map(id),
            "bundle": {"format": "markdown", "target_platform": "claude", "budget": 1000, "estimated_tokens": 10, "text": "x"},
        }))
        .unwrap()
    }

    /// Two accounts (A: Claude, B: ChatGPT), two projects (P, Q), sessions over three weeks,
    /// their ledger debits, a refund, a refresh and handoffs.
    pub(super) fn sources() -> Sources {
        let accounts =
            vec![account(1, "A", "claude", 40, Some("2026-12-10T00:00:00Z")), account(2, "B", "chatgpt", 90, None)];
        let projects = vec![(id(10), "P".to_string()), (id(11), "Q".to_string())];
        let sessions = vec![
            session(20, 10, 1, "completed", 30, "2026-11-10T09:00:00Z"), // week of 9 Nov
            session(21, 10, 1, "failed", 5, "2026-11-17T09:00:00Z"),     // week of 16 Nov
            session(22, 11, 2, "completed", 10, "2026-11-24T09:00:00Z"), // week of 23 Nov
            session(23, 11, 1, "handed_off", 20, "2026-11-25T09:00:00Z"),
            session(24, 10, 2, "in_progress", 0, "2026-11-26T08:00:00Z"),
            session(25, 10, 1, "completed", 14, "2026-11-25T12:00:00Z"),
        ];
        let ledger = vec![
            entry(30, 1, "2026-11-01T00:00:00Z", 100, 100, "manual", None),
            entry(31, 1, "2026-11-10T11:00:00Z", -30, 70, "session", Some(20)),
            entry(32, 1, "2026-11-17T10:00:00Z", -5, 65, "session", Some(21)),
            entry(33, 2, "2026-11-24T10:00:00Z", -10, 90, "session", Some(22)),
            entry(34, 1, "2026-11-25T10:00:00Z", -20, 45, "session", Some(23)),
            entry(35, 1, "2026-11-25T13:00:00Z", -14, 31, "session", Some(25)),
            entry(36, 1, "2026-11-25T14:00:00Z", 14, 45, "session", Some(25)), // reopened: credited back
            entry(37, 1, "2026-11-25T15:00:00Z", -14, 31, "session", Some(25)), // ended again
            entry(38, 1, "2026-11-26T09:00:00Z", 9, 40, "refresh", None),
        ];
        let handoffs = vec![
            handoff(40, 11, "completed", "2026-11-24T12:00:00Z", Some(23)), // 21 h to session 23
            handoff(41, 10, "pending", "2026-11-25T16:00:00Z", None),
            handoff(42, 10, "failed", "2026-11-18T10:00:00Z", None),
        ];
        Sources { accounts, projects, ledger, sessions, handoffs }
    }

    pub(super) fn filter(span: Span) -> Filter {
        Filter { span, project_id: None, account_id: None }
    }

    #[test]
    fn ranges_start_at_midnight_utc_of_their_first_day() {
        let now = at(NOW);
        assert_eq!(Span::Days7.start(now), Some(at("2026-11-20T00:00:00Z")));
        assert_eq!(Span::Days30.start(now), Some(at("2026-10-28T00:00:00Z")));
        assert_eq!(Span::All.start(now), None);
        assert_eq!(week_of(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()).to_string(), "2026-11-23");
        assert_eq!(week_of(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).to_string(), "2026-11-23");
        assert_eq!(Span::parse("90d"), Some(Span::Days90));
    }

    #[test]
    fn credits_per_day_stack_by_account_and_project_net_of_refunds() {
        let insights = compute(&sources(), &filter(Span::Days7), at(NOW));
        let by_account = insights.credits(Grain::Day, StackBy::Account);
        assert_eq!(by_account.buckets.len(), 7);
        assert_eq!(by_account.buckets[0].to_string(), "2026-11-20");
        let names: Vec<String> = by_account.series.iter().map(|s| English.name(&s.name)).collect();
        assert_eq!(names, ["A", "B"], "largest total first");
        // 24 Nov: B 10; 25 Nov: A 20 + 14 − 14 + 14 = 34. The refresh is not spending.
        assert_eq!(by_account.series[0].values, [0, 0, 0, 0, 0, 34, 0]);
        assert_eq!(by_account.series[1].values, [0, 0, 0, 0, 10, 0, 0]);
        assert_eq!(by_account.total(), 44);
        let by_project = insights.credits(Grain::Day, StackBy::Project);
        let p = by_project.series.iter().find(|s| s.name == Name::Named("P".into())).unwrap();
        let q = by_project.series.iter().find(|s| s.name == Name::Named("Q".into())).unwrap();
        assert_eq!((p.total(), q.total()), (14, 30));
    }

    #[test]
    fn credits_per_week_use_monday_weeks_and_the_table_matches() {
        let insights = compute(&sources(), &filter(Span::Days30), at(NOW));
        let weekly = insights.credits(Grain::Week, StackBy::Account);
        let weeks: Vec<String> = weekly.buckets.iter().map(|w| w.to_string()).collect();
        assert_eq!(weeks, ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
        assert_eq!(weekly.totals(), [0, 0, 30, 5, 44]);
        let table = insights.credits_table(Grain::Week, StackBy::Account, &English);
        assert_eq!(table.caption, "Credits used per week, by account");
        assert_eq!(table.columns, ["Week of (Monday, UTC)", "A", "B", "Total"]);
        assert_eq!(table.rows[4], ["2026-11-23", "34", "10", "44"]);
    }

    #[test]
    fn a_table_downloads_as_csv_that_parses_back_to_the_same_rows() {
        let mut sources = sources();
        sources.projects[0].1 = "Größe, \"quoted\"\nproject".into();
        let insights = compute(&sources, &filter(Span::Days30), at(NOW));
        let table = insights.credits_table(Grain::Day, StackBy::Project, &English);
        let csv = table.csv();
        assert!(csv.starts_with('\u{feff}'));
        let parsed = crate::csv::parse(&csv);
        assert_eq!(parsed[0], table.columns);
        assert_eq!(&parsed[1..], &table.rows[..]);
        assert!(table.columns.contains(&"Größe, \"quoted\"\nproject".to_string()));
        assert_eq!(table.rows[0][0], "2026-10-28", "ISO dates");
    }

    #[test]
    fn sessions_per_week_and_the_success_rate() {
        let insights = compute(&sources(), &filter(Span::Days30), at(NOW));
        let last = insights.sessions_per_week.last().unwrap();
        assert_eq!(last.week.to_string(), "2026-11-23");
        assert_eq!((last.started, last.completed, last.handed_off, last.failed, last.in_progress), (4, 2, 1, 0, 1));
        assert_eq!(last.success_rate, Some(1.0));
        let week_16 = &insights.sessions_per_week[3];
        assert_eq!((week_16.failed, week_16.success_rate), (1, Some(0.0)));
        assert_eq!(insights.sessions_per_week[0].success_rate, None, "no ended session, no rate");
        // 3 completed + 1 handed off of 5 ended.
        assert_eq!(insights.success_rate(), Some(0.8));
        let table = insights.sessions_table(&English);
        assert_eq!(table.columns[..2], ["Week of (Monday, UTC)", "Started"]);
        assert_eq!(table.rows[4], ["2026-11-23", "4", "2", "1", "0", "1", "100"]);
        assert_eq!(table.rows[0][6], "");
    }

    #[test]
    fn average_credits_per_completed_session_per_project_and_platform() {
        let insights = compute(&sources(), &filter(Span::Days30), at(NOW));
        // P: sessions 20 (30) and 25 (14) → 22; Q: session 22 (10).
        assert_eq!(
            insights.by_project,
            [
                Efficiency { name: Name::Named("P".into()), completed: 2, credits: 44, average: 22.0 },
                Efficiency { name: Name::Named("Q".into()), completed: 1, credits: 10, average: 10.0 },
            ]
        );
        let platforms: Vec<(Name, f64)> = insights.by_platform.iter().map(|e| (e.name.clone(), e.average)).collect();
        assert_eq!(platforms, [(Name::Platform(Platform::Claude), 22.0), (Name::Platform(Platform::Chatgpt), 10.0)]);
        let table = insights.efficiency_table(false, &English);
        assert_eq!(table.columns, ["Project", "CompletedSessions", "CreditsUsed", "AverageCredits"]);
        assert_eq!(table.rows[0], ["P", "2", "44", "22"]);
        assert_eq!(insights.efficiency_table(true, &English).rows[0][0], "Claude");
    }

    #[test]
    fn balances_over_time_with_the_burn_rate_forecast() {
        let now = at(NOW);
        let insights = compute(&sources(), &filter(Span::Days7), now);
        let a = insights.balances.iter().find(|t| t.account.name == "A").unwrap();
        // Opens at 65 (after the 17 Nov debit), then each entry of the range, then now.
        let balances: Vec<i64> = a.points.iter().map(|(_, b)| *b).collect();
        assert_eq!(balances, [65, 45, 31, 45, 31, 40, 40]);
        assert_eq!(a.points[0].0, at("2026-11-20T00:00:00Z"));
        assert_eq!(a.points.last().unwrap().0, now);
        // 7 days: 20 + 14 = 34 → 34/7 a day; 30 days: 30 + 5 + 34 = 69 → 2.3 a day.
        assert!((a.burn.per_day_7 - 34.0 / 7.0).abs() < 1e-9);
        assert!((a.burn.per_day_30 - 2.3).abs() < 1e-9);
        // 40 credits at 34/7 a day: 8.24 days → 4 Dec, before the refresh on 10 Dec.
        let out = a.forecast.runs_out_at.unwrap();
        assert_eq!(out.to_text()[..10], *"2026-12-04");
        assert!(a.forecast.runs_out_before_refresh);
        let row = &insights.balances_table(&English).rows[0];
        assert_eq!(row[..5], ["A", "65", "40", "4.9", "2.3"].map(String::from));
        assert_eq!(row[6..], ["2026-12-10T00:00:00.000Z", "Yes"].map(String::from));
    }

    #[test]
    fn handoffs_per_week_and_time_to_the_next_session() {
        let insights = compute(&sources(), &filter(Span::Days30), at(NOW));
        let last = insights.handoffs_per_week.last().unwrap();
        assert_eq!((last.queued, last.picked_up, last.waiting, last.failed), (2, 1, 1, 0));
        assert_eq!(last.median_hours, Some(21.0));
        assert_eq!(insights.handoffs_per_week[3].failed, 1);
        assert_eq!(insights.median_handoff_hours, Some(21.0));
        assert_eq!(insights.handoffs_table(&English).rows[4], ["2026-11-23", "2", "1", "1", "0", "21"]);
    }

    #[test]
    fn filters_by_project_and_account() {
        let now = at(NOW);
        let q = compute(&sources(), &Filter { span: Span::Days30, project_id: Some(id(11)), account_id: None }, now);
        assert_eq!(q.credits(Grain::Week, StackBy::Account).total(), 30);
        assert_eq!(q.sessions_per_week.iter().map(|w| w.started).sum::<u32>(), 2);
        assert_eq!(q.handoffs_per_week.iter().map(|w| w.queued).sum::<u32>(), 1);
        assert_eq!(q.balances.len(), 2, "balances are per account");
        let b = compute(&sources(), &Filter { span: Span::Days30, project_id: None, account_id: Some(id(2)) }, now);
        assert_eq!(b.credits(Grain::Day, StackBy::Project).total(), 10);
        assert_eq!(b.balances.len(), 1);
        assert_eq!(b.sessions_per_week.iter().map(|w| w.started).sum::<u32>(), 2);
    }

    #[test]
    fn all_time_starts_at_the_first_data_and_empty_ranges_say_so() {
        let insights = compute(&sources(), &filter(Span::All), at(NOW));
        assert_eq!(insights.first_day.to_string(), "2026-11-10");
        let empty = compute(&Sources::default(), &filter(Span::All), at(NOW));
        assert!(empty.is_empty());
        assert_eq!(empty.credits(Grain::Day, StackBy::Account).buckets.len(), 1);
        assert!(!insights.is_empty());
    }

    #[test]
    fn more_than_six_series_fold_into_other() {
        let mut sources = Sources::default();
        for n in 1..=8u64 {
            sources.accounts.push(account(n, &format!("Acc {n}"), "claude", 50, None));
            sources.ledger.push(entry(100 + n, n, "2026-11-26T08:00:00Z", -(n as i64), 50, "session", None));
        }
        let stacked = compute(&sources, &filter(Span::Days7), at(NOW)).credits(Grain::Day, StackBy::Account);
        assert_eq!(stacked.series.len(), MAX_SERIES);
        assert_eq!(stacked.series[0].name, Name::Named("Acc 8".into()));
        assert_eq!(stacked.series[5].name, Name::OtherAccounts(3));
        assert_eq!(stacked.series[5].total(), 1 + 2 + 3);
        assert_eq!(stacked.total(), 36);
    }

    #[test]
    fn credit_alerts_flag_low_accounts_and_those_running_out_before_refresh() {
        let now = at(NOW);
        let sources = sources();
        // A: 40 credits at 34/7 a day runs out on 4 Dec, before its refresh on 10 Dec.
        let alerts = credit_alerts(&sources.accounts, &sources.ledger, 10, now);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].account_name, "A");
        assert!(matches!(alerts[0].kind, AlertKind::RunsOutBeforeRefresh { .. }));
        let AlertKind::RunsOutBeforeRefresh { runs_out_at, next_refresh_at, rate_per_day } = alerts[0].kind else {
            panic!("{:?}", alerts[0].kind)
        };
        assert_eq!((&runs_out_at.to_text()[..10], &next_refresh_at.to_text()[..10]), ("2026-12-04", "2026-12-10"));
        assert_eq!(one_decimal(rate_per_day), "4.9");
        // A later refresh than the forecast: no alert.
        let mut later = sources.accounts.clone();
        later[0].next_refresh_at = Some(at("2026-12-01T00:00:00Z"));
        assert!(credit_alerts(&later, &sources.ledger, 10, now).is_empty());
        // Below the threshold comes first; blocked and trashed accounts are left out.
        let mut low = sources.accounts.clone();
        low[1].credits_available = 3;
        let alerts = credit_alerts(&low, &sources.ledger, 10, now);
        assert_eq!(alerts.iter().map(|a| a.account_name.as_str()).collect::<Vec<_>>(), ["B", "A"]);
        assert_eq!(alerts[0].credits, 3);
        assert_eq!(alerts[0].kind, AlertKind::BelowThreshold { threshold: 10, next_refresh_at: None });
        low[1].status = AccountStatus::Blocked;
        low[0].deleted_at = Some(now);
        assert!(credit_alerts(&low, &sources.ledger, 10, now).is_empty());
    }

    #[test]
    fn accounts_without_refresh_are_flagged_only_when_they_run_out_soon() {
        let now = at(NOW);
        let mut b = account(2, "B", "chatgpt", 90, None);
        let spend = vec![entry(50, 2, "2026-11-25T00:00:00Z", -70, 90, "session", None)];
        // 70 in 7 days = 10 a day: 90 credits last 9 days.
        let alerts = credit_alerts(std::slice::from_ref(&b), &spend, 10, now);
        assert!(matches!(alerts[0].kind, AlertKind::RunsOutSoon { .. }));
        let AlertKind::RunsOutSoon { runs_out_at, rate_per_day } = alerts[0].kind else {
            panic!("{:?}", alerts[0].kind)
        };
        assert_eq!((runs_out_at, rate_per_day), (at("2026-12-05T10:00:00Z"), 10.0));
        b.credits_available = 1000; // 100 days away
        assert!(credit_alerts(&[b], &spend, 10, now).is_empty());
    }
}
