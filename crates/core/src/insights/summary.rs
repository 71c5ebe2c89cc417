//! Each chart's summary: what the chart shows (its text alternative, read before the table), as
//! numbers, days and names for the UI to word in the interface language. Local times (a forecast
//! running out) stay instants, for the caller, which knows the time zone, to write.

use super::{Grain, Insights, Name, Stacked, WeekSessions};
use crate::locale::current;
use crate::time::Timestamp;
use chrono::NaiveDate;

/// "45 min" below an hour, "2.5 h" from an hour, in the current locale ("2,5 jam").
pub fn hours_text(hours: f64) -> String {
    let locale = current();
    if hours < 1.0 {
        locale.minutes((hours * 60.0).round() as u32)
    } else {
        format!("{} {}", locale.numbers.format((hours * 10.0).round() / 10.0), locale.hour_unit)
    }
}

/// The days a summary covers: "in the last 7 days (20 Nov – 26 Nov, UTC)" or "since 3 Mar (UTC)".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// The span in days; None for all time (from `first_day`).
    pub days: Option<i64>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// The credits chart: the total, who used the most and the busiest bucket.
#[derive(Clone, Debug, PartialEq)]
pub struct CreditsSummary {
    pub total: i64,
    pub top: Name,
    pub top_total: i64,
    pub grain: Grain,
    /// The busiest day or week (the earliest of equals) and its credits.
    pub busiest: NaiveDate,
    pub busiest_total: i64,
}

/// The sessions chart: how many started and how they ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SessionsSummary {
    pub started: i64,
    pub completed: i64,
    pub handed_off: i64,
    pub failed: i64,
    pub in_progress: i64,
    /// Completed or handed off, of ended sessions; None while none has ended.
    pub success_rate: Option<f64>,
}

/// A credit-efficiency chart: the dearest, and the cheapest when it is another.
#[derive(Clone, Debug, PartialEq)]
pub struct EfficiencySummary {
    pub dearest: Name,
    /// Average credits per completed session, to one decimal.
    pub dearest_average: f64,
    pub dearest_completed: u32,
    pub cheapest: Option<(Name, f64)>,
}

/// An account that runs out before its refresh (or has none), at the forecast rate.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningOut {
    pub account: String,
    pub runs_out_at: Timestamp,
    pub next_refresh_at: Option<Timestamp>,
}

/// The balances chart: how many accounts are followed, and each that runs out.
#[derive(Clone, Debug, PartialEq)]
pub struct BalancesSummary {
    pub accounts: i64,
    pub running_out: Vec<RunningOut>,
}

/// The handoffs chart: how many were queued and picked up, and the median wait.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HandoffsSummary {
    pub queued: i64,
    pub picked_up: i64,
    pub median_hours: Option<f64>,
}

fn to_one_decimal(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

impl Insights {
    pub fn range(&self) -> Range {
        Range { days: self.filter.span.days(), first_day: self.first_day, last_day: self.last_day }
    }

    /// `stacked` is [`Insights::credits`] for the chosen grain and stacking; None when no credits
    /// were used.
    pub fn credits_summary(&self, stacked: &Stacked) -> Option<CreditsSummary> {
        let top = stacked.series.first()?;
        let (busiest, most) = stacked
            .totals()
            .into_iter()
            .enumerate()
            .max_by_key(|(i, value)| (*value, std::cmp::Reverse(*i)))
            .unwrap_or((0, 0));
        Some(CreditsSummary {
            total: stacked.total(),
            top: top.name.clone(),
            top_total: top.total(),
            grain: stacked.grain,
            busiest: stacked.buckets.get(busiest).copied().unwrap_or(self.first_day),
            busiest_total: most,
        })
    }

    /// None when no session started.
    pub fn sessions_summary(&self) -> Option<SessionsSummary> {
        let sum =
            |pick: fn(&WeekSessions) -> u32| -> i64 { self.sessions_per_week.iter().map(pick).map(i64::from).sum() };
        let started = sum(|week| week.started);
        (started > 0).then(|| SessionsSummary {
            started,
            completed: sum(|week| week.completed),
            handed_off: sum(|week| week.handed_off),
            failed: sum(|week| week.failed),
            in_progress: sum(|week| week.in_progress),
            success_rate: self.success_rate(),
        })
    }

    /// By project, or by platform; None when no session was completed.
    pub fn efficiency_summary(&self, per_platform: bool) -> Option<EfficiencySummary> {
        let rows = if per_platform { &self.by_platform } else { &self.by_project };
        let top = rows.first()?;
        Some(EfficiencySummary {
            dearest: top.name.clone(),
            dearest_average: to_one_decimal(top.average),
            dearest_completed: top.completed,
            cheapest: rows
                .last()
                .filter(|last| last.name != top.name)
                .map(|last| (last.name.clone(), to_one_decimal(last.average))),
        })
    }

    /// None when there are no accounts.
    pub fn balances_summary(&self) -> Option<BalancesSummary> {
        if self.balances.is_empty() {
            return None;
        }
        let running_out = self
            .balances
            .iter()
            .filter(|trend| trend.forecast.runs_out_before_refresh)
            .filter_map(|trend| {
                Some(RunningOut {
                    account: trend.account.name.clone(),
                    runs_out_at: trend.forecast.runs_out_at?,
                    next_refresh_at: trend.forecast.next_refresh_at,
                })
            })
            .collect();
        Some(BalancesSummary { accounts: self.balances.len() as i64, running_out })
    }

    /// None when no handoff was queued.
    pub fn handoffs_summary(&self) -> Option<HandoffsSummary> {
        let weeks = &self.handoffs_per_week;
        let queued: i64 = weeks.iter().map(|week| i64::from(week.queued)).sum();
        (queued > 0).then(|| HandoffsSummary {
            queued,
            picked_up: weeks.iter().map(|week| i64::from(week.picked_up)).sum(),
            median_hours: self.median_handoff_hours,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, filter, sources, NOW};
    use super::super::*;
    use crate::locale::{set_language, Language};

    fn week() -> Insights {
        compute(&sources(), &filter(Span::Days7), at(NOW))
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ranges_carry_their_utc_days() {
        assert_eq!(week().range(), Range { days: Some(7), first_day: day("2026-11-20"), last_day: day("2026-11-26") });
        let all = compute(&sources(), &filter(Span::All), at(NOW)).range();
        assert_eq!((all.days, all.first_day), (None, day("2026-11-10")));
    }

    #[test]
    fn credits_give_the_total_the_top_series_and_the_busiest_bucket() {
        let insights = week();
        let stacked = insights.credits(Grain::Day, StackBy::Account);
        assert_eq!(
            insights.credits_summary(&stacked),
            Some(CreditsSummary {
                total: 44,
                top: Name::Named("A".into()),
                top_total: 34,
                grain: Grain::Day,
                busiest: day("2026-11-25"),
                busiest_total: 34,
            })
        );
        let weekly = insights.credits(Grain::Week, StackBy::Project);
        assert_eq!(insights.credits_summary(&weekly).map(|summary| summary.grain), Some(Grain::Week));
        let empty = Stacked { grain: Grain::Day, buckets: Vec::new(), series: Vec::new() };
        assert_eq!(insights.credits_summary(&empty), None);
    }

    #[test]
    fn sessions_say_how_they_ended() {
        assert_eq!(
            week().sessions_summary(),
            Some(SessionsSummary {
                started: 4,
                completed: 2,
                handed_off: 1,
                failed: 0,
                in_progress: 1,
                success_rate: Some(1.0)
            })
        );
        let mut quiet = week();
        quiet.sessions_per_week.clear();
        assert_eq!(quiet.sessions_summary(), None);
    }

    #[test]
    fn efficiency_names_the_dearest_and_the_cheapest() {
        let insights = compute(&sources(), &filter(Span::Days30), at(NOW));
        assert_eq!(
            insights.efficiency_summary(false),
            Some(EfficiencySummary {
                dearest: Name::Named("P".into()),
                dearest_average: 22.0,
                dearest_completed: 2,
                cheapest: Some((Name::Named("Q".into()), 10.0)),
            })
        );
        let mut none = insights.clone();
        none.by_platform.clear();
        assert_eq!(none.efficiency_summary(true), None);
        none.by_project.truncate(1);
        assert_eq!(none.efficiency_summary(false).and_then(|summary| summary.cheapest), None, "one row: no cheapest");
    }

    #[test]
    fn balances_name_each_account_that_runs_out() {
        let insights = week();
        let summary = insights.balances_summary().unwrap();
        assert_eq!(summary.accounts, 2);
        let expected: Vec<&str> = insights
            .balances
            .iter()
            .filter(|trend| trend.forecast.runs_out_before_refresh && trend.forecast.runs_out_at.is_some())
            .map(|trend| trend.account.name.as_str())
            .collect();
        assert_eq!(summary.running_out.iter().map(|out| out.account.as_str()).collect::<Vec<_>>(), expected);
        let mut empty = insights.clone();
        empty.balances.clear();
        assert_eq!(empty.balances_summary(), None);
    }

    #[test]
    fn handoffs_say_how_many_were_picked_up_and_how_fast() {
        let summary = compute(&sources(), &filter(Span::Days30), at(NOW)).handoffs_summary().unwrap();
        assert_eq!((summary.queued, summary.picked_up), (3, 1));
        assert_eq!(summary.median_hours.map(hours_text).as_deref(), Some("21 h"));
        assert_eq!(hours_text(0.5), "30 min");
        assert_eq!(hours_text(2.25), "2.3 h");
        set_language(Language::Indonesian);
        assert_eq!(hours_text(2.25), "2,3 jam");
        assert_eq!(hours_text(0.75), "45 mnt");
        set_language(Language::English);
    }
}
