//! Each chart's summary sentence: what the chart shows, in words (its text alternative, read
//! before the table). Numbers and days are written by the locale policy; local times (a forecast
//! running out) by the caller, which knows the time zone.

use super::{one_decimal, percent, Grain, Insights, Stacked, WeekSessions};
use crate::locale::{current, format_integer, format_number, plural};
use crate::time::Timestamp;

/// "45 min" below an hour, "2.5 h" from an hour.
pub fn hours_text(hours: f64) -> String {
    if hours < 1.0 {
        format!("{} min", (hours * 60.0).round())
    } else {
        format!("{} h", one_decimal(hours))
    }
}

impl Insights {
    /// "in the last 7 days (20 Nov – 26 Nov, UTC)" / "since 3 Mar (UTC)".
    pub fn range_words(&self) -> String {
        let locale = current();
        match self.filter.span.days() {
            Some(days) => format!(
                "in the last {days} days ({} – {}, UTC)",
                locale.short_day(self.first_day),
                locale.short_day(self.last_day)
            ),
            None => format!("since {} (UTC)", locale.short_day(self.first_day)),
        }
    }

    /// The credits chart: the total, who used the most and the busiest bucket (the earliest of
    /// equals). `stacked` is [`Insights::credits`] for the chosen grain and stacking.
    pub fn credits_summary(&self, stacked: &Stacked) -> String {
        let range = self.range_words();
        let Some(top) = stacked.series.first() else {
            return format!("No credits were used {range}.");
        };
        let unit = match stacked.grain {
            Grain::Day => "day",
            Grain::Week => "week",
        };
        let (busiest, most) = stacked
            .totals()
            .into_iter()
            .enumerate()
            .max_by_key(|(i, value)| (*value, std::cmp::Reverse(*i)))
            .unwrap_or((0, 0));
        let busiest = stacked.buckets.get(busiest).map(|day| current().short_day(*day)).unwrap_or_default();
        format!(
            "{} used {range}. {} used the most ({}). Busiest {unit}: {busiest} with {}.",
            plural(stacked.total(), "credit", "credits"),
            top.name,
            format_integer(top.total()),
            plural(most, "credit", "credits"),
        )
    }

    /// The sessions chart: how many started and how they ended, and the success rate.
    pub fn sessions_summary(&self) -> String {
        let range = self.range_words();
        let sum =
            |pick: fn(&WeekSessions) -> u32| -> i64 { self.sessions_per_week.iter().map(pick).map(i64::from).sum() };
        let started = sum(|week| week.started);
        if started == 0 {
            return format!("No sessions were started {range}.");
        }
        let rate = self
            .success_rate()
            .map(|rate| format!("{}%", percent(rate)))
            .unwrap_or_else(|| "not known yet (no session has ended)".into());
        format!(
            "{} started {range}: {} completed, {} handed off, {} failed, {} in progress. Success rate: {rate} (completed or handed off, of ended sessions).",
            plural(started, "session", "sessions"),
            format_integer(sum(|week| week.completed)),
            format_integer(sum(|week| week.handed_off)),
            format_integer(sum(|week| week.failed)),
            format_integer(sum(|week| week.in_progress)),
        )
    }

    /// A credit-efficiency chart (by project, or by platform): the dearest and the cheapest.
    pub fn efficiency_summary(&self, per_platform: bool) -> String {
        let rows = if per_platform { &self.by_platform } else { &self.by_project };
        let Some(top) = rows.first() else {
            return format!("No session was completed {}.", self.range_words());
        };
        let average = |value: f64| format_number((value * 10.0).round() / 10.0);
        let mut summary = format!(
            "{} costs the most: {} credits per completed session ({}).",
            top.name,
            average(top.average),
            plural(i64::from(top.completed), "session", "sessions")
        );
        if let Some(cheapest) = rows.last().filter(|last| last.name != top.name) {
            summary.push_str(&format!(" {} costs the least: {}.", cheapest.name, average(cheapest.average)));
        }
        summary
    }

    /// The balances chart: how many accounts, and each that runs out before its refresh.
    /// `datetime` writes a moment in the user's time zone.
    pub fn balances_summary(&self, datetime: impl Fn(Timestamp) -> String) -> String {
        if self.balances.is_empty() {
            return "No accounts yet. Add the AI accounts you use on the Accounts page to follow their credits."
                .to_string();
        }
        let mut summary = format!(
            "{} followed; forecasts run the current credits down at the faster of each account's 7- and 30-day burn rates.",
            plural(self.balances.len() as i64, "account", "accounts")
        );
        let running_out: Vec<String> = self
            .balances
            .iter()
            .filter(|trend| trend.forecast.runs_out_before_refresh)
            .filter_map(|trend| {
                let out = trend.forecast.runs_out_at?;
                let name = &trend.account.name;
                Some(match trend.forecast.next_refresh_at {
                    Some(refresh) => format!(
                        "{name} runs out around {}, before its refresh on {}.",
                        datetime(out),
                        datetime(refresh)
                    ),
                    None => format!("{name} runs out around {} and has no refresh.", datetime(out)),
                })
            })
            .collect();
        if running_out.is_empty() {
            summary.push_str(" No account runs out before its next refresh at that rate.");
        }
        for line in running_out {
            summary.push(' ');
            summary.push_str(&line);
        }
        summary
    }

    /// The handoffs chart: how many were queued and picked up, and the median wait.
    pub fn handoffs_summary(&self) -> String {
        let range = self.range_words();
        let weeks = &self.handoffs_per_week;
        let queued: i64 = weeks.iter().map(|week| i64::from(week.queued)).sum();
        if queued == 0 {
            return format!("No handoffs were queued {range}.");
        }
        let picked: i64 = weeks.iter().map(|week| i64::from(week.picked_up)).sum();
        let mut summary = format!(
            "{} queued {range}; {} picked up by a new session",
            plural(queued, "handoff", "handoffs"),
            format_integer(picked)
        );
        match self.median_handoff_hours {
            Some(hours) => summary.push_str(&format!(", a median of {} after being queued.", hours_text(hours))),
            None => summary.push('.'),
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, filter, sources, NOW};
    use super::super::*;

    fn week() -> Insights {
        compute(&sources(), &filter(Span::Days7), at(NOW))
    }

    #[test]
    fn ranges_are_written_with_their_utc_days() {
        assert_eq!(week().range_words(), "in the last 7 days (20 Nov – 26 Nov, UTC)");
        let all = compute(&sources(), &filter(Span::All), at(NOW));
        assert!(all.range_words().starts_with("since ") && all.range_words().ends_with(" (UTC)"));
    }

    #[test]
    fn credits_say_the_total_the_top_series_and_the_busiest_bucket() {
        let insights = week();
        let stacked = insights.credits(Grain::Day, StackBy::Account);
        assert_eq!(
            insights.credits_summary(&stacked),
            "44 credits used in the last 7 days (20 Nov – 26 Nov, UTC). A used the most (34). Busiest day: 25 Nov with 34 credits."
        );
        let weekly = insights.credits(Grain::Week, StackBy::Project);
        assert!(insights.credits_summary(&weekly).contains("Busiest week: "));
        let empty = Stacked { grain: Grain::Day, buckets: Vec::new(), series: Vec::new() };
        assert_eq!(insights.credits_summary(&empty), "No credits were used in the last 7 days (20 Nov – 26 Nov, UTC).");
    }

    #[test]
    fn sessions_say_how_they_ended() {
        assert_eq!(
            week().sessions_summary(),
            "4 sessions started in the last 7 days (20 Nov – 26 Nov, UTC): 2 completed, 1 handed off, 0 failed, 1 in progress. Success rate: 100% (completed or handed off, of ended sessions)."
        );
        let mut quiet = week();
        quiet.sessions_per_week.clear();
        assert_eq!(quiet.sessions_summary(), "No sessions were started in the last 7 days (20 Nov – 26 Nov, UTC).");
    }

    #[test]
    fn efficiency_names_the_dearest_and_the_cheapest() {
        let insights = compute(&sources(), &filter(Span::Days30), at(NOW));
        let by_project = insights.efficiency_summary(false);
        assert!(by_project.contains(" costs the most: "), "{by_project}");
        assert!(by_project.contains(" costs the least: "), "{by_project}");
        let mut none = insights.clone();
        none.by_platform.clear();
        assert_eq!(none.efficiency_summary(true), format!("No session was completed {}.", insights.range_words()));
    }

    #[test]
    fn balances_name_each_account_that_runs_out_in_the_callers_time() {
        let insights = week();
        let summary = insights.balances_summary(|at| format!("<{}>", at.to_text()));
        assert!(summary.starts_with("2 accounts followed; forecasts run"), "{summary}");
        let runs_out = insights.balances.iter().any(|trend| trend.forecast.runs_out_before_refresh);
        assert_eq!(summary.contains(" runs out around <"), runs_out, "{summary}");
        assert_eq!(summary.contains("No account runs out"), !runs_out, "{summary}");
        let mut empty = insights.clone();
        empty.balances.clear();
        assert!(empty.balances_summary(|_| String::new()).starts_with("No accounts yet."));
    }

    #[test]
    fn handoffs_say_how_many_were_picked_up_and_how_fast() {
        let summary = compute(&sources(), &filter(Span::Days30), at(NOW)).handoffs_summary();
        assert!(summary.starts_with("3 handoffs queued in the last 30 days"), "{summary}");
        assert!(summary.contains("; 1 picked up by a new session, a median of 21 h after being queued."), "{summary}");
        assert_eq!(hours_text(0.5), "30 min");
        assert_eq!(hours_text(2.25), "2.3 h");
    }
}
