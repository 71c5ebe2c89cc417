//! The core's typed values in words: statuses, categories and the other enums, credit reasons,
//! advice, insight summaries and tables, lint findings, transcript counts and CSV headers, each
//! worded through the catalogue (`locales/<code>/core.json`) in the interface language.
//!
//! The core returns values (an enum, numbers, days, names) and never a sentence for people; this
//! module is the one place that turns them into text. Numbers are written by
//! `baton_core::locale` and local times by `crate::platform`, both in the same language.
//!
//! - [`Label`]: the name of an enum value (`status.label()`), a `&'static str` so a badge or an
//!   `<option>` takes it as it is.
//! - [`Phrase`]: a value that carries figures ("Every 3 days", "not eligible: blocked").

use super::{td_string, to_locale, Locale};
use crate::platform::format_datetime;
use baton_core::analysis::{Advice, EfficiencyBand};
use baton_core::credits::Reason;
use baton_core::csv::{LedgerHeaders, SessionHeaders};
use baton_core::diff::{Edit, List, SummaryLine, Verb};
use baton_core::handoff::SectionKind;
use baton_core::insights::{
    AlertKind, Column, CreditAlert, Grain, Insights, Name, Range, Span, StackBy, Stacked, TableKind, TableWords,
};
use baton_core::lint::{Finding, Found, Size};
use baton_core::locale::{self, format_integer, format_number};
use baton_core::records::*;
use baton_core::report::ReportStatus;
use baton_core::transcript::TurnCounts;

/// The catalogue's language: the interface language.
fn current() -> Locale {
    to_locale(locale::language())
}

/// A whole number as the interface language writes it ("1,234" / "1.234").
fn int(value: impl Into<i64>) -> String {
    format_integer(value.into())
}

/// The name of an enum value, in the interface language.
pub trait Label {
    fn label(&self) -> &'static str;
}

/// A value with figures, in a sentence or phrase of the interface language.
pub trait Phrase {
    fn phrase(&self) -> String;
}

/// `impl Label` for an enum whose every variant has a key in one group of `core.json`.
macro_rules! labels {
    ($type:ident, $group:ident { $($variant:ident => $key:ident),+ $(,)? }) => {
        impl Label for $type {
            fn label(&self) -> &'static str {
                let l = current();
                match self {
                    $($type::$variant => td_string!(l, core.$group.$key),)+
                }
            }
        }
    };
}

labels!(ProjectStatus, project_status {
    Active => active, Paused => paused, Completed => completed, Archived => archived,
});
labels!(AccountStatus, account_status {
    Available => available, Active => active, Exhausted => exhausted, Blocked => blocked,
});
labels!(LedgerReason, ledger_reason { Session => session, Refresh => refresh, Manual => manual, Import => import });
labels!(SessionType, session_type {
    Development => development, Bugfix => bugfix, Feature => feature, Refactor => refactor,
    Deployment => deployment, Research => research, Other => other,
});
labels!(SessionStatus, session_status {
    InProgress => in_progress, Completed => completed, Failed => failed, HandedOff => handed_off,
});
labels!(Role, role { User => user, Assistant => assistant, System => system, Tool => tool });
labels!(CheckpointKind, checkpoint_kind { Checkpoint => checkpoint, Handoff => handoff, Backup => backup });
labels!(HandoffStatus, handoff_status {
    Pending => pending, Processing => processing, Completed => completed, Failed => failed,
});
labels!(BundleFormat, bundle_format { Markdown => markdown, Xml => xml, Plain => plain, Json => json, Classic => classic });
labels!(KnowledgeCategory, knowledge_category {
    Pattern => pattern, ErrorSolution => error_solution, Optimization => optimization,
    BestPractice => best_practice, Tip => tip,
});
labels!(Importance, importance { Critical => critical, High => high, Normal => normal, Low => low });
labels!(EventKind, event_kind {
    Created => created, Updated => updated, StatusChanged => status_changed, Deleted => deleted,
    Restored => restored, Purged => purged, Imported => imported, Exported => exported,
    HandedOff => handed_off, CreditsChanged => credits_changed, Refreshed => refreshed,
});
labels!(RecordType, record_type {
    Project => project, Account => account, Ledger => ledger, Session => session, Turn => turn,
    Checkpoint => checkpoint, Handoff => handoff, Knowledge => knowledge, Event => event, Backup => backup,
    Data => data,
});
labels!(BackupReason, backup_reason {
    BeforeImport => before_import, BeforeRestore => before_restore, BeforeDeleteAll => before_delete_all,
    BeforeRemovingSample => before_removing_sample, Scheduled => scheduled, Manual => manual,
});
labels!(SectionKind, section {
    Header => header, Instructions => instructions, Goal => goal, CurrentState => current_state,
    NextSteps => next_steps, Blockers => blockers, Decisions => decisions, Constraints => constraints,
    DoneSoFar => done_so_far, KeyFiles => key_files, Knowledge => knowledge, Transcript => transcript,
    ReportRequest => report_request,
});
labels!(ReportStatus, report_status { Completed => completed, Partial => partial, Blocked => blocked });
labels!(Span, span { Days7 => days7, Days30 => days30, Days90 => days90, All => all });
labels!(Grain, grain { Day => day, Week => week });
labels!(StackBy, stack_by { Account => account, Project => project });
labels!(EfficiencyBand, band { Excellent => excellent, Good => good, Fair => fair, Poor => poor });

impl Label for baton_core::lint::Severity {
    fn label(&self) -> &'static str {
        let l = current();
        match self {
            baton_core::lint::Severity::Error => td_string!(l, core.severity.error),
            baton_core::lint::Severity::Warning => td_string!(l, core.severity.warning),
        }
    }
}

impl Label for Platform {
    /// Product names are the same in every language; only "Other" is worded.
    fn label(&self) -> &'static str {
        match self {
            Platform::Other => td_string!(current(), core.platform.other),
            named => named.english(),
        }
    }
}

/// What an efficiency band means, in one line.
pub fn band_explanation(band: EfficiencyBand) -> &'static str {
    let l = current();
    match band {
        EfficiencyBand::Excellent => td_string!(l, core.band_explanation.excellent),
        EfficiencyBand::Good => td_string!(l, core.band_explanation.good),
        EfficiencyBand::Fair => td_string!(l, core.band_explanation.fair),
        EfficiencyBand::Poor => td_string!(l, core.band_explanation.poor),
    }
}

impl Phrase for Refresh {
    fn phrase(&self) -> String {
        let l = current();
        match *self {
            Refresh::None => td_string!(l, core.refresh.none).to_string(),
            Refresh::Daily => td_string!(l, core.refresh.daily).to_string(),
            Refresh::Weekly => td_string!(l, core.refresh.weekly).to_string(),
            Refresh::Monthly => td_string!(l, core.refresh.monthly).to_string(),
            Refresh::EveryNDays { days } => td_string!(l, core.refresh.every_n_days, count = days, n = int(days)),
        }
    }
}

impl Phrase for Reason {
    fn phrase(&self) -> String {
        let l = current();
        match self {
            Reason::Blocked => td_string!(l, core.reason.blocked).to_string(),
            Reason::Exhausted => td_string!(l, core.reason.exhausted).to_string(),
            Reason::TooFewCredits { has, needs } => {
                td_string!(l, core.reason.too_few_credits, has = int(*has), needs = int(*needs))
            }
            Reason::WindowTooSmall { window, bundle } => {
                td_string!(l, core.reason.window_too_small, window = int(*window), bundle = int(*bundle))
            }
            Reason::Specialised { specialization } => td_string!(l, core.reason.specialised, what = specialization),
            Reason::MatchesTags { tags } => td_string!(l, core.reason.matches_tags, tags = tags.join(", ")),
            Reason::CreditsLeft { credits, spare } => {
                td_string!(l, core.reason.credits_left, credits = int(*credits), spare = int(*spare))
            }
            Reason::RefreshesSoon { hours } => td_string!(l, core.reason.refreshes_soon, hours = int(*hours)),
            Reason::NotUsedYet => td_string!(l, core.reason.not_used_yet).to_string(),
            Reason::LastUsed { days } => td_string!(l, core.reason.last_used, count = *days, days = int(*days)),
            Reason::UsedToday => td_string!(l, core.reason.used_today).to_string(),
        }
    }
}

/// An account's reasons in one line ("specialised in coding; used today").
pub fn reasons(reasons: &[Reason]) -> String {
    reasons.iter().map(Phrase::phrase).collect::<Vec<_>>().join("; ")
}

impl Phrase for Advice {
    fn phrase(&self) -> String {
        let l = current();
        let average = |value: f64| format_number(value);
        match self {
            Advice::NoEndedSessions { days } => {
                td_string!(l, core.advice.no_ended_sessions, count = *days, days = int(*days))
            }
            Advice::Average { average: value, band } => {
                let value = average(*value);
                match band {
                    EfficiencyBand::Excellent => td_string!(l, core.advice.average_excellent, average = value),
                    EfficiencyBand::Good => td_string!(l, core.advice.average_good, average = value),
                    EfficiencyBand::Fair => td_string!(l, core.advice.average_fair, average = value),
                    EfficiencyBand::Poor => td_string!(l, core.advice.average_poor, average = value),
                }
            }
            Advice::WideSpread { min, max } => td_string!(l, core.advice.wide_spread, min = int(*min), max = int(*max)),
            Advice::ManyFailed { failed, ended, percent, credits } => td_string!(
                l,
                core.advice.many_failed,
                failed = int(*failed),
                ended = int(*ended),
                percent = int(*percent),
                credits = int(*credits)
            ),
            Advice::OverBudget { over, budgeted, average: value } => td_string!(
                l,
                core.advice.over_budget,
                count = *budgeted,
                over = int(*over),
                budgeted = int(*budgeted),
                average = average(*value)
            ),
            Advice::SomeRecordedNoCredits { sessions } => {
                td_string!(l, core.advice.some_recorded_no_credits, count = *sessions, sessions = int(*sessions))
            }
            Advice::NoneRecordedCredits => td_string!(l, core.advice.none_recorded_credits).to_string(),
            Advice::FewSessions { sessions, days } => {
                td_string!(l, core.advice.few_sessions, count = *sessions, sessions = int(*sessions), days = int(*days))
            }
        }
    }
}

impl Phrase for TurnCounts {
    /// "2 user turns, 1 assistant turn · ≈ 1,234 tokens in all" (other turns when there are any).
    fn phrase(&self) -> String {
        let l = current();
        let mut parts = vec![
            td_string!(l, core.turns.user, count = self.user, n = int(self.user)),
            td_string!(l, core.turns.assistant, count = self.assistant, n = int(self.assistant)),
        ];
        if self.other > 0 {
            parts.push(td_string!(l, core.turns.others, count = self.other, n = int(self.other)));
        }
        let tokens = td_string!(l, core.turns.tokens_in_all, count = self.tokens, n = int(self.tokens));
        format!("{} · {tokens}", parts.join(", "))
    }
}

impl Phrase for Name {
    fn phrase(&self) -> String {
        let l = current();
        match self {
            Name::Named(name) => name.clone(),
            Name::Platform(platform) => platform.label().to_string(),
            Name::DeletedAccount => td_string!(l, core.name.deleted_account).to_string(),
            Name::DeletedProject => td_string!(l, core.name.deleted_project).to_string(),
            Name::NoProject => td_string!(l, core.name.no_project).to_string(),
            Name::NoAccount => td_string!(l, core.name.no_account).to_string(),
            Name::OtherAccounts(count) => {
                td_string!(l, core.name.other_accounts, count = *count as i64, n = int(*count as i64))
            }
            Name::OtherProjects(count) => {
                td_string!(l, core.name.other_projects, count = *count as i64, n = int(*count as i64))
            }
        }
    }
}

/// The words of the insight tables (their captions, headers, names and yes/no cells).
pub struct InsightWords;

impl TableWords for InsightWords {
    fn caption(&self, table: TableKind) -> String {
        let l = current();
        match table {
            TableKind::Credits { grain: Grain::Day, by: StackBy::Account } => {
                td_string!(l, core.caption.credits_day_account)
            }
            TableKind::Credits { grain: Grain::Day, by: StackBy::Project } => {
                td_string!(l, core.caption.credits_day_project)
            }
            TableKind::Credits { grain: Grain::Week, by: StackBy::Account } => {
                td_string!(l, core.caption.credits_week_account)
            }
            TableKind::Credits { grain: Grain::Week, by: StackBy::Project } => {
                td_string!(l, core.caption.credits_week_project)
            }
            TableKind::Sessions => td_string!(l, core.caption.sessions),
            TableKind::Efficiency { per_platform: true } => td_string!(l, core.caption.efficiency_platform),
            TableKind::Efficiency { per_platform: false } => td_string!(l, core.caption.efficiency_project),
            TableKind::Balances => td_string!(l, core.caption.balances),
            TableKind::Handoffs => td_string!(l, core.caption.handoffs),
        }
        .to_string()
    }

    fn column(&self, column: Column) -> String {
        let l = current();
        match column {
            Column::Bucket(Grain::Day) => td_string!(l, core.column.day),
            Column::Bucket(Grain::Week) => td_string!(l, core.column.week),
            Column::Total => td_string!(l, core.column.total),
            Column::Started => td_string!(l, core.column.started),
            Column::Completed => td_string!(l, core.column.completed),
            Column::HandedOff => td_string!(l, core.column.handed_off),
            Column::Failed => td_string!(l, core.column.failed),
            Column::InProgress => td_string!(l, core.column.in_progress),
            Column::SuccessRate => td_string!(l, core.column.success_rate),
            Column::Platform => td_string!(l, core.column.platform),
            Column::Project => td_string!(l, core.column.project),
            Column::CompletedSessions => td_string!(l, core.column.completed_sessions),
            Column::CreditsUsed => td_string!(l, core.column.credits_used),
            Column::AverageCredits => td_string!(l, core.column.average_credits),
            Column::Account => td_string!(l, core.column.account),
            Column::BalanceAtStart => td_string!(l, core.column.balance_at_start),
            Column::CreditsNow => td_string!(l, core.column.credits_now),
            Column::BurnPerDay7 => td_string!(l, core.column.burn_per_day_7),
            Column::BurnPerDay30 => td_string!(l, core.column.burn_per_day_30),
            Column::RunsOutAt => td_string!(l, core.column.runs_out_at),
            Column::NextRefresh => td_string!(l, core.column.next_refresh),
            Column::RunsOutBeforeRefresh => td_string!(l, core.column.runs_out_before_refresh),
            Column::Queued => td_string!(l, core.column.queued),
            Column::PickedUp => td_string!(l, core.column.picked_up),
            Column::Waiting => td_string!(l, core.column.waiting),
            Column::MedianHoursToNextSession => td_string!(l, core.column.median_hours),
        }
        .to_string()
    }

    fn name(&self, name: &Name) -> String {
        name.phrase()
    }

    fn yes_no(&self, yes: bool) -> String {
        let l = current();
        if yes { td_string!(l, core.answer.yes) } else { td_string!(l, core.answer.no) }.to_string()
    }
}

/// "in the last 7 days (20 Nov – 26 Nov, UTC)" / "since 3 Mar (UTC)".
pub fn range_words(range: &Range) -> String {
    let l = current();
    let days = locale::current();
    match range.days {
        Some(count) => td_string!(
            l,
            core.summary.range_last_days,
            days = int(count),
            first = days.short_day(range.first_day),
            last = days.short_day(range.last_day)
        ),
        None => td_string!(l, core.summary.range_since, first = days.short_day(range.first_day)),
    }
}

/// The credits chart's summary; `stacked` is what it draws.
pub fn credits_summary(insights: &Insights, stacked: &Stacked) -> String {
    let l = current();
    let range = range_words(&insights.range());
    let Some(summary) = insights.credits_summary(stacked) else {
        return td_string!(l, core.summary.credits_none, range = range);
    };
    let (total, top, top_total) = (int(summary.total), summary.top.phrase(), int(summary.top_total));
    let (busiest, most) = (locale::current().short_day(summary.busiest), int(summary.busiest_total));
    // The same values in a sentence per grain ("per day" / "per week" read differently).
    macro_rules! credits_sentence {
        ($key:ident) => {
            td_string!(
                l,
                core.summary.$key,
                total = total,
                range = range,
                top = top,
                top_total = top_total,
                busiest = busiest,
                most = most
            )
        };
    }
    match summary.grain {
        Grain::Day => credits_sentence!(credits_day),
        Grain::Week => credits_sentence!(credits_week),
    }
}

/// A rate as a percentage with at most one decimal ("66.7%" / "66,7%").
pub fn percent(rate: f64) -> String {
    td_string!(current(), core.summary.rate, percent = format_number((rate * 1000.0).round() / 10.0))
}

pub fn sessions_summary(insights: &Insights) -> String {
    let l = current();
    let range = range_words(&insights.range());
    let Some(summary) = insights.sessions_summary() else {
        return td_string!(l, core.summary.sessions_none, range = range);
    };
    let rate = match summary.success_rate {
        Some(rate) => percent(rate),
        None => td_string!(l, core.summary.rate_unknown).to_string(),
    };
    td_string!(
        l,
        core.summary.sessions,
        count = summary.started,
        started = int(summary.started),
        range = range,
        completed = int(summary.completed),
        handed_off = int(summary.handed_off),
        failed = int(summary.failed),
        in_progress = int(summary.in_progress),
        rate = rate
    )
}

pub fn efficiency_summary(insights: &Insights, per_platform: bool) -> String {
    let l = current();
    let Some(summary) = insights.efficiency_summary(per_platform) else {
        return td_string!(l, core.summary.efficiency_none, range = range_words(&insights.range()));
    };
    let mut text = td_string!(
        l,
        core.summary.efficiency_dearest,
        count = summary.dearest_completed,
        name = summary.dearest.phrase(),
        average = format_number(summary.dearest_average),
        sessions = int(summary.dearest_completed)
    );
    if let Some((name, average)) = summary.cheapest {
        text.push(' ');
        text.push_str(&td_string!(
            l,
            core.summary.efficiency_cheapest,
            name = name.phrase(),
            average = format_number(average)
        ));
    }
    text
}

/// The balances chart's summary; local times in the user's time zone.
pub fn balances_summary(insights: &Insights) -> String {
    let l = current();
    let Some(summary) = insights.balances_summary() else {
        return td_string!(l, core.summary.balances_none).to_string();
    };
    let mut text = td_string!(l, core.summary.balances, count = summary.accounts, accounts = int(summary.accounts));
    if summary.running_out.is_empty() {
        text.push(' ');
        text.push_str(td_string!(l, core.summary.balances_all_last));
    }
    for out in &summary.running_out {
        text.push(' ');
        let at = format_datetime(out.runs_out_at);
        text.push_str(&match out.next_refresh_at {
            Some(refresh) => td_string!(
                l,
                core.summary.runs_out_before_refresh,
                name = out.account.as_str(),
                at = at,
                refresh = format_datetime(refresh)
            ),
            None => td_string!(l, core.summary.runs_out_without_refresh, name = out.account.as_str(), at = at),
        });
    }
    text
}

pub fn handoffs_summary(insights: &Insights) -> String {
    let l = current();
    let range = range_words(&insights.range());
    let Some(summary) = insights.handoffs_summary() else {
        return td_string!(l, core.summary.handoffs_none, range = range);
    };
    let (queued, picked) = (int(summary.queued), int(summary.picked_up));
    match summary.median_hours {
        Some(hours) => td_string!(
            l,
            core.summary.handoffs_with_wait,
            count = summary.queued,
            queued = queued,
            range = range,
            picked = picked,
            wait = baton_core::insights::hours_text(hours)
        ),
        None => td_string!(
            l,
            core.summary.handoffs,
            count = summary.queued,
            queued = queued,
            range = range,
            picked = picked
        ),
    }
}

impl Phrase for CreditAlert {
    /// The alert as a plain sentence, local times in the user's time zone.
    fn phrase(&self) -> String {
        let l = current();
        let name = self.account_name.as_str();
        match &self.kind {
            AlertKind::BelowThreshold { threshold, next_refresh_at } => {
                let (credits, threshold) = (int(self.credits), int(*threshold));
                match next_refresh_at {
                    Some(at) => td_string!(
                        l,
                        core.alert.below_threshold,
                        count = self.credits,
                        name = name,
                        credits = credits,
                        threshold = threshold,
                        at = format_datetime(*at)
                    ),
                    None => td_string!(
                        l,
                        core.alert.below_threshold_no_refresh,
                        count = self.credits,
                        name = name,
                        credits = credits,
                        threshold = threshold
                    ),
                }
            }
            AlertKind::RunsOutBeforeRefresh { runs_out_at, next_refresh_at, rate_per_day } => td_string!(
                l,
                core.alert.runs_out_before_refresh,
                name = name,
                at = format_datetime(*runs_out_at),
                rate = format_number((rate_per_day * 10.0).round() / 10.0),
                refresh = format_datetime(*next_refresh_at)
            ),
            AlertKind::RunsOutSoon { runs_out_at, rate_per_day } => td_string!(
                l,
                core.alert.runs_out_soon,
                name = name,
                at = format_datetime(*runs_out_at),
                rate = format_number((rate_per_day * 10.0).round() / 10.0)
            ),
        }
    }
}

/// The name of a lint finding's kind ("OpenAI API key"); the kind itself when it is new.
pub fn secret_kind(kind: &str) -> String {
    let l = current();
    match kind {
        "openai_key" => td_string!(l, core.secret_kind.openai_key),
        "anthropic_key" => td_string!(l, core.secret_kind.anthropic_key),
        "google_api_key" => td_string!(l, core.secret_kind.google_api_key),
        "google_oauth_secret" => td_string!(l, core.secret_kind.google_oauth_secret),
        "github_token" => td_string!(l, core.secret_kind.github_token),
        "gitlab_token" => td_string!(l, core.secret_kind.gitlab_token),
        "aws_access_key" => td_string!(l, core.secret_kind.aws_access_key),
        "aws_secret_key" => td_string!(l, core.secret_kind.aws_secret_key),
        "slack_token" => td_string!(l, core.secret_kind.slack_token),
        "slack_webhook" => td_string!(l, core.secret_kind.slack_webhook),
        "stripe_key" => td_string!(l, core.secret_kind.stripe_key),
        "huggingface_token" => td_string!(l, core.secret_kind.huggingface_token),
        "private_key" => td_string!(l, core.secret_kind.private_key),
        "jwt" => td_string!(l, core.secret_kind.jwt),
        "password" => td_string!(l, core.secret_kind.password),
        "secret" => td_string!(l, core.secret_kind.secret),
        "high_entropy" => td_string!(l, core.secret_kind.high_entropy),
        other => return other.to_string(),
    }
    .to_string()
}

impl Phrase for Finding {
    /// What and where ("OpenAI API key on line 12"); never the secret.
    fn phrase(&self) -> String {
        let l = current();
        let line = int(self.line as i64);
        match &self.found {
            Found::MissingSection(section) => td_string!(l, core.lint.missing_section, section = section.label()),
            Found::OverBudget { estimated, budget } => td_string!(
                l,
                core.lint.over_budget,
                estimated = int(*estimated),
                budget = int(*budget),
                over = int(estimated.saturating_sub(*budget))
            ),
            Found::Placeholder => td_string!(l, core.lint.placeholder, excerpt = self.excerpt.as_str(), line = line),
            Found::Secret => td_string!(l, core.lint.secret, kind = secret_kind(&self.kind), line = line),
            Found::InUrl => td_string!(l, core.lint.in_url, kind = secret_kind(&self.kind), line = line),
            Found::ValueOf(key) => {
                td_string!(l, core.lint.value_of, kind = secret_kind(&self.kind), key = key.as_str(), line = line)
            }
            Found::Beside(word) => {
                td_string!(l, core.lint.beside, kind = secret_kind(&self.kind), word = word.as_str(), line = line)
            }
        }
    }
}

/// A finding's excerpt with the secret's size ("sk-pro…Xy9 (51 chars)").
pub fn excerpt(finding: &Finding) -> String {
    let l = current();
    let excerpt = finding.excerpt.as_str();
    match finding.size {
        Some(Size::Chars(n)) => {
            td_string!(l, core.lint.size_chars, count = n as i64, excerpt = excerpt, n = int(n as i64))
        }
        Some(Size::Lines(n)) => {
            td_string!(l, core.lint.size_lines, count = n as i64, excerpt = excerpt, n = int(n as i64))
        }
        None => excerpt.to_string(),
    }
}

/// The header row of the sessions file, in the interface language.
pub fn session_headers() -> SessionHeaders<'static> {
    let l = current();
    SessionHeaders {
        id: td_string!(l, core.csv_sessions.id),
        project: td_string!(l, core.csv_sessions.project),
        number: td_string!(l, core.csv_sessions.number),
        title: td_string!(l, core.csv_sessions.title),
        session_type: td_string!(l, core.csv_sessions.session_type),
        status: td_string!(l, core.csv_sessions.status),
        account: td_string!(l, core.csv_sessions.account),
        started_at: td_string!(l, core.csv_sessions.started_at),
        ended_at: td_string!(l, core.csv_sessions.ended_at),
        duration_minutes: td_string!(l, core.csv_sessions.duration_minutes),
        credit_budget: td_string!(l, core.csv_sessions.credit_budget),
        credits_used: td_string!(l, core.csv_sessions.credits_used),
        objectives: td_string!(l, core.csv_sessions.objectives),
        accomplishments: td_string!(l, core.csv_sessions.accomplishments),
        blockers: td_string!(l, core.csv_sessions.blockers),
        next_steps: td_string!(l, core.csv_sessions.next_steps),
    }
}

/// The header row of an account's ledger file, in the interface language.
pub fn ledger_headers() -> LedgerHeaders<'static> {
    let l = current();
    LedgerHeaders {
        at: td_string!(l, core.csv_ledger.at),
        account: td_string!(l, core.csv_ledger.account),
        delta: td_string!(l, core.csv_ledger.delta),
        balance_after: td_string!(l, core.csv_ledger.balance_after),
        reason: td_string!(l, core.csv_ledger.reason),
        session_id: td_string!(l, core.csv_ledger.session_id),
        note: td_string!(l, core.csv_ledger.note),
    }
}

impl Phrase for SummaryLine {
    /// "Goal changed", "2 next steps added", "Decision “Use IndexedDB” changed".
    fn phrase(&self) -> String {
        let l = current();
        let lines = |n: usize| td_string!(l, core.diff.lines, count = n as i64, n = int(n as i64));
        match self {
            SummaryLine::Goal(Edit::Set) => td_string!(l, core.diff.goal_set).to_string(),
            SummaryLine::Goal(Edit::Cleared) => td_string!(l, core.diff.goal_cleared).to_string(),
            SummaryLine::Goal(Edit::Changed) => td_string!(l, core.diff.goal_changed).to_string(),
            SummaryLine::CurrentState { lines: Some((added, removed)), .. } => {
                td_string!(l, core.diff.current_state_changed_lines, added = lines(*added), removed = lines(*removed))
            }
            SummaryLine::CurrentState { edit: Edit::Set, .. } => td_string!(l, core.diff.current_state_set).to_string(),
            SummaryLine::CurrentState { edit: Edit::Cleared, .. } => {
                td_string!(l, core.diff.current_state_cleared).to_string()
            }
            SummaryLine::CurrentState { edit: Edit::Changed, .. } => {
                td_string!(l, core.diff.current_state_changed).to_string()
            }
            SummaryLine::NextStepsReordered => td_string!(l, core.diff.next_steps_reordered).to_string(),
            SummaryLine::Counted { list, verb, count } => {
                let (count, n) = (*count as i64, int(*count as i64));
                match (list, verb) {
                    (List::NextSteps, Verb::Added) => td_string!(l, core.diff.next_steps_added, count = count, n = n),
                    (List::NextSteps, Verb::Removed) => {
                        td_string!(l, core.diff.next_steps_removed, count = count, n = n)
                    }
                    (List::NextSteps, Verb::Changed) => {
                        td_string!(l, core.diff.next_steps_changed, count = count, n = n)
                    }
                    (List::Decisions, Verb::Added) => td_string!(l, core.diff.decisions_added, count = count, n = n),
                    (List::Decisions, Verb::Removed) => {
                        td_string!(l, core.diff.decisions_removed, count = count, n = n)
                    }
                    (List::Decisions, Verb::Changed) => {
                        td_string!(l, core.diff.decisions_changed, count = count, n = n)
                    }
                    (List::Constraints, Verb::Added) => {
                        td_string!(l, core.diff.constraints_added, count = count, n = n)
                    }
                    (List::Constraints, Verb::Removed) => {
                        td_string!(l, core.diff.constraints_removed, count = count, n = n)
                    }
                    (List::Constraints, Verb::Changed) => {
                        td_string!(l, core.diff.constraints_changed, count = count, n = n)
                    }
                    (List::DoNotRedo, Verb::Added) => td_string!(l, core.diff.do_not_redo_added, count = count, n = n),
                    (List::DoNotRedo, Verb::Removed) => {
                        td_string!(l, core.diff.do_not_redo_removed, count = count, n = n)
                    }
                    (List::DoNotRedo, Verb::Changed) => {
                        td_string!(l, core.diff.do_not_redo_changed, count = count, n = n)
                    }
                    (List::KeyFiles, Verb::Added) => td_string!(l, core.diff.key_files_added, count = count, n = n),
                    (List::KeyFiles, Verb::Removed) => td_string!(l, core.diff.key_files_removed, count = count, n = n),
                    (List::KeyFiles, Verb::Changed) => td_string!(l, core.diff.key_files_changed, count = count, n = n),
                }
            }
            SummaryLine::Named { list, verb, name } => {
                let name = name.as_str();
                match (list, verb) {
                    (List::KeyFiles, Verb::Added) => td_string!(l, core.diff.key_file_added, name = name),
                    (List::KeyFiles, Verb::Removed) => td_string!(l, core.diff.key_file_removed, name = name),
                    (List::KeyFiles, Verb::Changed) => td_string!(l, core.diff.key_file_changed, name = name),
                    // Only decisions and key files are named.
                    (_, Verb::Added) => td_string!(l, core.diff.decision_added, name = name),
                    (_, Verb::Removed) => td_string!(l, core.diff.decision_removed, name = name),
                    (_, Verb::Changed) => td_string!(l, core.diff.decision_changed, name = name),
                }
            }
        }
    }
}

/// A session's name as people read it: "Session 3: Parser" / "Sesi 3: Parser" (or without a
/// title, "Session 3"). The core's `display_name` stays English for logs and stored summaries.
pub fn session_name(session: &Session) -> String {
    let l = to_locale(locale::language());
    let number = format_integer(i64::from(session.number));
    if session.title.is_empty() {
        td_string!(l, core.session_name, number = number).to_string()
    } else {
        td_string!(l, core.session_name_titled, number = number, title = session.title.as_str()).to_string()
    }
}

/// "≈ 1,234 tokens": a token estimate.
pub fn estimate(tokens: u32) -> String {
    let l = current();
    td_string!(l, core.estimate, count = tokens, n = int(tokens)).to_string()
}

/// The heading of a group of search results ("Projects" / "Proyek").
pub fn search_group(kind: baton_core::search::DocKind) -> &'static str {
    use baton_core::search::DocKind;
    let l = current();
    match kind {
        DocKind::Project => td_string!(l, core.search_group.project),
        DocKind::Account => td_string!(l, core.search_group.account),
        DocKind::Session => td_string!(l, core.search_group.session),
        DocKind::Turn => td_string!(l, core.search_group.turn),
        DocKind::Checkpoint => td_string!(l, core.search_group.checkpoint),
        DocKind::Handoff => td_string!(l, core.search_group.handoff),
        DocKind::Knowledge => td_string!(l, core.search_group.knowledge),
    }
}

/// The field a search snippet comes from, named by the index in English ("Next steps").
pub fn search_field(field: &str) -> &str {
    let l = current();
    match field {
        "Accomplishments" => td_string!(l, core.search_field.accomplishments), // not UI: the index's name, matched
        "Blockers" => td_string!(l, core.search_field.blockers),               // not UI: the index's name, matched
        "Body" => td_string!(l, core.search_field.body),                       // not UI: the index's name, matched
        "Bundle" => td_string!(l, core.search_field.bundle),                   // not UI: the index's name, matched
        "Decisions" => td_string!(l, core.search_field.decisions),             // not UI: the index's name, matched
        "Description" => td_string!(l, core.search_field.description),         // not UI: the index's name, matched
        "Goal" => td_string!(l, core.search_field.goal),                       // not UI: the index's name, matched
        "Next steps" => td_string!(l, core.search_field.next_steps),           // not UI: the index's name, matched
        "Note" => td_string!(l, core.search_field.note),                       // not UI: the index's name, matched
        "Notes" => td_string!(l, core.search_field.notes),                     // not UI: the index's name, matched
        "Objectives" => td_string!(l, core.search_field.objectives),           // not UI: the index's name, matched
        "Specialisations" => td_string!(l, core.search_field.specialisations), // not UI: the index's name, matched
        "State" => td_string!(l, core.search_field.state),                     // not UI: the index's name, matched
        "Tags" => td_string!(l, core.search_field.tags),                       // not UI: the index's name, matched
        other => other,
    }
}

/// The builder's figures, one piece per fact so each reads as its own text:
/// "≈ 612 tokens (2,061 characters)", " · budget 50,000 · fits", " · delta".
pub fn bundle_figures(checked: &baton_core::handoff::Checked) -> Vec<String> {
    let l = current();
    let characters = format_number(checked.text.chars().count() as f64);
    let mut pieces =
        vec![td_string!(l, core.bundle.figures, estimate = estimate(checked.tokens), characters = characters)
            .to_string()];
    if let Some(budget) = checked.built.budget {
        let budget = format_number(f64::from(budget));
        pieces.push(if checked.built.fits {
            td_string!(l, core.bundle.fits, budget = budget).to_string()
        } else {
            td_string!(l, core.bundle.over, budget = budget).to_string()
        });
    }
    if checked.built.is_delta {
        pieces.push(td_string!(l, core.bundle.delta).to_string());
    }
    pieces
}

/// Why the bundle cannot fit, when even the required sections exceed the budget.
pub fn bundle_over_budget(checked: &baton_core::handoff::Checked) -> Option<String> {
    let l = current();
    checked.built.over_budget_by.map(|over| td_string!(l, core.bundle.required_over, tokens = int(over)).to_string())
}

/// "Nothing trimmed." or "Trimmed to fit — omitted: …" (what was left out, in the bundle's language).
pub fn bundle_trimmed(checked: &baton_core::handoff::Checked) -> String {
    let l = current();
    if checked.built.omitted_summary.is_empty() {
        td_string!(l, core.bundle.nothing_trimmed).to_string()
    } else {
        td_string!(l, core.bundle.trimmed, omitted = checked.built.omitted_summary.as_str()).to_string()
    }
}

/// What splitting did: how many parts, and each code block that had to be split.
pub fn bundle_split(checked: &baton_core::handoff::Checked) -> String {
    let l = current();
    let count = checked.parts.len();
    if count <= 1 {
        return td_string!(l, core.bundle.one_part).to_string();
    }
    let mut text = td_string!(l, core.bundle.parts, n = int(count as i64)).to_string();
    for block in &checked.split_blocks {
        let (first, last) = (int(block.first_part as i64), int(block.last_part as i64));
        text.push(' ');
        text.push_str(&td_string!(l, core.bundle.block_split, first = first, last = last).to_string());
    }
    if checked.split_blocks.is_empty() {
        text.push(' ');
        text.push_str(td_string!(l, core.bundle.no_block_split));
    }
    text
}

impl Label for baton_core::prompts::CondenseLevel {
    fn label(&self) -> &'static str {
        use baton_core::prompts::CondenseLevel;
        let l = current();
        match self {
            CondenseLevel::Smart => td_string!(l, core.condense.smart),
            CondenseLevel::Low => td_string!(l, core.condense.low),
            CondenseLevel::Medium => td_string!(l, core.condense.medium),
            CondenseLevel::High => td_string!(l, core.condense.high),
        }
    }
}

/// One sentence saying what a condense level keeps.
pub fn condense_description(level: baton_core::prompts::CondenseLevel) -> &'static str {
    use baton_core::prompts::CondenseLevel;
    let l = current();
    match level {
        CondenseLevel::Smart => td_string!(l, core.condense.smart_keeps),
        CondenseLevel::Low => td_string!(l, core.condense.low_keeps),
        CondenseLevel::Medium => td_string!(l, core.condense.medium_keeps),
        CondenseLevel::High => td_string!(l, core.condense.high_keeps),
    }
}
