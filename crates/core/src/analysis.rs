//! Credit analysis of a project over the last N days (parity item 9: the original's
//! analyze-credits, with the gaps between its bands closed and open sessions left out).
//!
//! The efficiency band is read from the average credits per ended session, on half-open ranges
//! that cover every value once:
//!
//! | Band      | Average credits per session |
//! | --------- | --------------------------- |
//! | Excellent | below 50 (`[0, 50)`)        |
//! | Good      | 50 to under 100 (`[50, 100)`) |
//! | Fair      | 100 to under 200 (`[100, 200)`) |
//! | Poor      | 200 and more (`[200, ∞)`)   |
//!
//! (The original used "< 50", "50–100", "101–200" and "> 200" on a fractional average, so 100.5
//! or 200 fell in no band.)

use crate::records::{Session, SessionStatus};
use crate::time::Timestamp;
use chrono::Duration;

/// How economical a project's sessions are, from their average credits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EfficiencyBand {
    Excellent,
    Good,
    Fair,
    Poor,
}

impl EfficiencyBand {
    pub const ALL: [EfficiencyBand; 4] =
        [EfficiencyBand::Excellent, EfficiencyBand::Good, EfficiencyBand::Fair, EfficiencyBand::Poor];

    /// The band of an average (credits per ended session); below 0 counts as excellent.
    pub fn for_average(average: f64) -> EfficiencyBand {
        if average < 50.0 {
            EfficiencyBand::Excellent
        } else if average < 100.0 {
            EfficiencyBand::Good
        } else if average < 200.0 {
            EfficiencyBand::Fair
        } else {
            EfficiencyBand::Poor
        }
    }

    /// A stable name (CSS classes, tests).
    pub fn as_str(&self) -> &'static str {
        match self {
            EfficiencyBand::Excellent => "excellent",
            EfficiencyBand::Good => "good",
            EfficiencyBand::Fair => "fair",
            EfficiencyBand::Poor => "poor",
        }
    }
}

/// Credit figures of the sessions that ended in a window of days.
#[derive(Clone, Debug, PartialEq)]
pub struct CreditAnalysis {
    pub days: u32,
    /// Ended sessions in the window.
    pub count: u32,
    /// Their credits used.
    pub total: i64,
    /// `None` when no session ended in the window, as are `min`, `max` and `band`.
    pub average: Option<f64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub band: Option<EfficiencyBand>,
    /// Advice derived from the figures, most important first; never empty.
    pub recommendations: Vec<Advice>,
}

/// One piece of advice, with its figures, for the UI to word.
#[derive(Clone, Debug, PartialEq)]
pub enum Advice {
    /// No session ended in the window (`days`): end one to see where the credits go.
    NoEndedSessions { days: u32 },
    /// Sessions average `average` credits (to one decimal), in `band`: the band's advice.
    Average { average: f64, band: EfficiencyBand },
    /// Sessions vary from `min` to `max`: split large objectives.
    WideSpread { min: i64, max: i64 },
    /// `failed` of `ended` sessions failed (`percent`, rounded), using `credits`.
    ManyFailed { failed: i64, ended: i64, percent: i64, credits: i64 },
    /// `over` of `budgeted` sessions with a budget went over it; budgets near `average` help.
    OverBudget { over: i64, budgeted: i64, average: f64 },
    /// `sessions` (some, not all) recorded 0 credits: the average reads low.
    SomeRecordedNoCredits { sessions: i64 },
    /// No ended session recorded any credits.
    NoneRecordedCredits,
    /// Only `sessions` ended in the window (`days`): the band is a rough guide.
    FewSessions { sessions: i64, days: u32 },
}

/// Sessions this far apart (largest over smallest, and by at least `SPREAD_MIN_GAP` credits)
/// are worth splitting.
const SPREAD_RATIO: i64 = 4;
const SPREAD_MIN_GAP: i64 = 50;
/// A share of failed sessions worth a word.
const FAILURE_SHARE: f64 = 0.25;
/// Fewer ended sessions than this make the band a rough guide.
const FEW_SESSIONS: u32 = 3;

/// The credit analysis of `sessions` (one project's, as the caller picks them) over the `days`
/// days up to `now`.
///
/// Counted: sessions that ended — completed, failed or handed off — and are not in the trash,
/// whose end (`ended_at`, or `started_at` for an ended session without one) falls after
/// `now − days` and at or before `now`. Sessions in progress are left out: they have not been
/// debited yet. `days = 0` is an empty window.
pub fn analyze_credits(sessions: &[Session], now: Timestamp, days: u32) -> CreditAnalysis {
    let start = now.minus(Duration::days(i64::from(days)));
    let ended: Vec<&Session> = sessions
        .iter()
        .filter(|session| session.deleted_at.is_none() && session.status != SessionStatus::InProgress)
        .filter(|session| {
            let at = session.ended_at.unwrap_or(session.started_at);
            at > start && at <= now
        })
        .collect();

    let count = u32::try_from(ended.len()).unwrap_or(u32::MAX);
    let total: i64 = ended.iter().fold(0i64, |sum, session| sum.saturating_add(session.credits_used));
    let min = ended.iter().map(|session| session.credits_used).min();
    let max = ended.iter().map(|session| session.credits_used).max();
    let average = (count > 0).then(|| total as f64 / f64::from(count));
    let band = average.map(EfficiencyBand::for_average);

    let mut analysis = CreditAnalysis { days, count, total, average, min, max, band, recommendations: Vec::new() };
    analysis.recommendations = recommendations(&analysis, &ended);
    analysis
}

/// An average to one decimal, as the advice gives it.
fn to_one_decimal(average: f64) -> f64 {
    (average * 10.0).round() / 10.0
}

fn recommendations(analysis: &CreditAnalysis, ended: &[&Session]) -> Vec<Advice> {
    let days = analysis.days;
    let (Some(average), Some(band), Some(min), Some(max)) =
        (analysis.average, analysis.band, analysis.min, analysis.max)
    else {
        return vec![Advice::NoEndedSessions { days }];
    };
    let count = ended.len();
    let average = to_one_decimal(average);
    let mut advice = vec![Advice::Average { average, band }];

    if count >= 2 && max - min >= SPREAD_MIN_GAP && max >= min.max(1).saturating_mul(SPREAD_RATIO) {
        advice.push(Advice::WideSpread { min, max });
    }

    let failed: Vec<&&Session> = ended.iter().filter(|session| session.status == SessionStatus::Failed).collect();
    if !failed.is_empty() && failed.len() as f64 / count as f64 >= FAILURE_SHARE {
        advice.push(Advice::ManyFailed {
            failed: failed.len() as i64,
            ended: count as i64,
            percent: ((failed.len() * 100 + count / 2) / count) as i64,
            credits: failed.iter().map(|session| session.credits_used).sum(),
        });
    }

    let budgeted = ended.iter().filter(|session| session.credit_budget.is_some()).count();
    let over = ended
        .iter()
        .filter(|session| session.credit_budget.is_some_and(|budget| session.credits_used > budget))
        .count();
    if over > 0 {
        advice.push(Advice::OverBudget { over: over as i64, budgeted: budgeted as i64, average });
    }

    let zero = ended.iter().filter(|session| session.credits_used == 0).count();
    if zero > 0 && zero < count {
        advice.push(Advice::SomeRecordedNoCredits { sessions: zero as i64 });
    } else if zero == count {
        advice.push(Advice::NoneRecordedCredits);
    }

    if analysis.count < FEW_SESSIONS {
        advice.push(Advice::FewSessions { sessions: count as i64, days });
    }
    advice
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Id;
    use crate::records::SessionType;
    use proptest::prelude::*;

    const NOW: &str = "2026-03-31T12:00:00Z";

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn session(number: u32, status: SessionStatus, credits_used: i64, ended: &str) -> Session {
        let ended_at = at(ended);
        let started_at = ended_at.minus(Duration::hours(1));
        Session {
            id: Id::derived("sessions", &number.to_string()),
            created_at: started_at,
            updated_at: ended_at,
            deleted_at: None,
            rev: 1,
            project_id: Id::derived("projects", "p"),
            account_id: None,
            account_label: String::new(),
            number,
            session_type: SessionType::Development,
            title: String::new(),
            objectives: String::new(),
            status,
            started_at,
            ended_at: (status != SessionStatus::InProgress).then_some(ended_at),
            duration_minutes: Some(60),
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

    fn completed(credits: &[i64]) -> Vec<Session> {
        credits
            .iter()
            .enumerate()
            .map(|(n, &credits)| session(n as u32 + 1, SessionStatus::Completed, credits, "2026-03-30T12:00:00Z"))
            .collect()
    }

    fn band_of(credits: &[i64]) -> Option<EfficiencyBand> {
        analyze_credits(&completed(credits), at(NOW), 30).band
    }

    #[test]
    fn bands_are_half_open_with_no_gaps() {
        use EfficiencyBand::*;
        let cases = [
            (0.0, Excellent),
            (49.99, Excellent),
            (50.0, Good),
            (99.99, Good),
            (100.0, Fair),
            (100.5, Fair),
            (199.99, Fair),
            (200.0, Poor),
            (200.5, Poor),
            (1e9, Poor),
            (-5.0, Excellent),
        ];
        for (average, band) in cases {
            assert_eq!(EfficiencyBand::for_average(average), band, "{average}");
        }
    }

    #[test]
    fn bands_from_sessions_at_the_boundaries() {
        use EfficiencyBand::*;
        assert_eq!(band_of(&[49, 50]), Some(Excellent)); // 49.5
        assert_eq!(band_of(&[50]), Some(Good));
        assert_eq!(band_of(&[99, 100]), Some(Good)); // 99.5
        assert_eq!(band_of(&[100]), Some(Fair));
        assert_eq!(band_of(&[100, 101]), Some(Fair)); // 100.5: in no band in the original
        assert_eq!(band_of(&[199, 200]), Some(Fair)); // 199.5
        assert_eq!(band_of(&[200]), Some(Poor));
        assert_eq!(band_of(&[]), None);
    }

    #[test]
    fn figures_over_ended_sessions() {
        let sessions = vec![
            session(1, SessionStatus::Completed, 40, "2026-03-30T12:00:00Z"),
            session(2, SessionStatus::Failed, 10, "2026-03-29T12:00:00Z"),
            session(3, SessionStatus::HandedOff, 70, "2026-03-28T12:00:00Z"),
        ];
        let analysis = analyze_credits(&sessions, at(NOW), 7);
        assert_eq!(analysis.days, 7);
        assert_eq!(analysis.count, 3);
        assert_eq!(analysis.total, 120);
        assert_eq!(analysis.average, Some(40.0));
        assert_eq!(analysis.min, Some(10));
        assert_eq!(analysis.max, Some(70));
        assert_eq!(analysis.band, Some(EfficiencyBand::Excellent));
        assert_eq!(analysis.recommendations[0], Advice::Average { average: 40.0, band: EfficiencyBand::Excellent });
    }

    #[test]
    fn in_progress_and_trashed_sessions_are_left_out() {
        let mut trashed = session(2, SessionStatus::Completed, 500, "2026-03-30T12:00:00Z");
        trashed.deleted_at = Some(at("2026-03-31T00:00:00Z"));
        let mut open = session(3, SessionStatus::InProgress, 900, "2026-03-30T12:00:00Z");
        // Even an open session carrying an end date (an odd import) stays out.
        open.ended_at = Some(at("2026-03-30T13:00:00Z"));
        let sessions = vec![session(1, SessionStatus::Completed, 30, "2026-03-30T12:00:00Z"), trashed, open];
        let analysis = analyze_credits(&sessions, at(NOW), 30);
        assert_eq!((analysis.count, analysis.total, analysis.max), (1, 30, Some(30)));
    }

    #[test]
    fn the_window_is_after_now_minus_days_up_to_now() {
        let now = at(NOW);
        let days = 7;
        let start = now.minus(Duration::days(7));
        let mut sessions = vec![
            session(1, SessionStatus::Completed, 1, &start.to_text()),
            session(2, SessionStatus::Completed, 2, &start.plus(Duration::milliseconds(1)).to_text()),
            session(3, SessionStatus::Completed, 4, &now.to_text()),
            session(4, SessionStatus::Completed, 8, &now.plus(Duration::milliseconds(1)).to_text()),
        ];
        // No end date: the start counts.
        let mut undated = session(5, SessionStatus::Failed, 16, &now.minus(Duration::days(1)).to_text());
        undated.ended_at = None;
        sessions.push(undated);
        let analysis = analyze_credits(&sessions, now, days);
        assert_eq!(analysis.total, 2 + 4 + 16);
        assert_eq!(analysis.count, 3);
        // An empty window.
        assert_eq!(analyze_credits(&sessions, now, 0).count, 0);
        // A long one takes everything before now.
        assert_eq!(analyze_credits(&sessions, now, 3650).total, 1 + 2 + 4 + 16);
    }

    #[test]
    fn no_sessions_says_so() {
        let analysis = analyze_credits(&[], at(NOW), 30);
        assert_eq!(
            analysis,
            CreditAnalysis {
                days: 30,
                count: 0,
                total: 0,
                average: None,
                min: None,
                max: None,
                band: None,
                recommendations: vec![Advice::NoEndedSessions { days: 30 }],
            }
        );
        let one_day = analyze_credits(&[], at(NOW), 1);
        assert_eq!(one_day.recommendations, [Advice::NoEndedSessions { days: 1 }]);
    }

    #[test]
    fn a_wide_spread_recommends_splitting() {
        let analysis = analyze_credits(&completed(&[5, 240, 30]), at(NOW), 30);
        assert!(
            analysis.recommendations.contains(&Advice::WideSpread { min: 5, max: 240 }),
            "{:?}",
            analysis.recommendations
        );
        // Close figures do not.
        let even = analyze_credits(&completed(&[40, 45, 50]), at(NOW), 30);
        assert!(!even.recommendations.iter().any(|advice| matches!(advice, Advice::WideSpread { .. })));
    }

    #[test]
    fn many_failures_are_pointed_out() {
        let sessions = vec![
            session(1, SessionStatus::Failed, 80, "2026-03-30T12:00:00Z"),
            session(2, SessionStatus::Failed, 20, "2026-03-30T12:00:00Z"),
            session(3, SessionStatus::Completed, 50, "2026-03-30T12:00:00Z"),
            session(4, SessionStatus::Completed, 50, "2026-03-30T12:00:00Z"),
        ];
        let analysis = analyze_credits(&sessions, at(NOW), 30);
        assert!(
            analysis.recommendations.contains(&Advice::ManyFailed { failed: 2, ended: 4, percent: 50, credits: 100 }),
            "{:?}",
            analysis.recommendations
        );
        let one_in_ten: Vec<Session> = (1..=10)
            .map(|n| {
                let status = if n == 1 { SessionStatus::Failed } else { SessionStatus::Completed };
                session(n, status, 40, "2026-03-30T12:00:00Z")
            })
            .collect();
        let analysis = analyze_credits(&one_in_ten, at(NOW), 30);
        assert!(!analysis.recommendations.iter().any(|advice| matches!(advice, Advice::ManyFailed { .. })));
    }

    #[test]
    fn budgets_zero_credits_and_few_sessions() {
        let mut over = session(1, SessionStatus::Completed, 150, "2026-03-30T12:00:00Z");
        over.credit_budget = Some(100);
        let mut within = session(2, SessionStatus::Completed, 0, "2026-03-30T12:00:00Z");
        within.credit_budget = Some(100);
        let analysis = analyze_credits(&[over, within], at(NOW), 30);
        let advice = &analysis.recommendations;
        assert!(advice.contains(&Advice::OverBudget { over: 1, budgeted: 2, average: 75.0 }), "{advice:?}");
        assert!(advice.contains(&Advice::SomeRecordedNoCredits { sessions: 1 }), "{advice:?}");
        assert!(advice.contains(&Advice::FewSessions { sessions: 2, days: 30 }), "{advice:?}");

        let nothing = analyze_credits(&completed(&[0, 0, 0]), at(NOW), 30);
        assert!(nothing.recommendations.contains(&Advice::NoneRecordedCredits));
        assert_eq!(nothing.band, Some(EfficiencyBand::Excellent));
    }

    #[test]
    fn advice_follows_the_band() {
        let poor = analyze_credits(&completed(&[250, 260, 240]), at(NOW), 30);
        assert_eq!(poor.band, Some(EfficiencyBand::Poor));
        assert_eq!(poor.recommendations[0], Advice::Average { average: 250.0, band: EfficiencyBand::Poor });
        let fair = analyze_credits(&completed(&[120, 121]), at(NOW), 30);
        assert_eq!(fair.recommendations[0], Advice::Average { average: 120.5, band: EfficiencyBand::Fair });
        let good = analyze_credits(&completed(&[60, 70]), at(NOW), 30);
        assert_eq!(good.recommendations[0], Advice::Average { average: 65.0, band: EfficiencyBand::Good });
    }

    #[test]
    fn averages_read_well() {
        assert_eq!(to_one_decimal(57.0), 57.0);
        assert_eq!(to_one_decimal(57.46), 57.5);
        assert_eq!(to_one_decimal(1234.25), 1234.3);
        assert_eq!(to_one_decimal(0.04), 0.0);
    }

    proptest! {
        #[test]
        fn figures_are_consistent(credits in proptest::collection::vec(0i64..5_000, 0..40), days in 2u32..400) {
            let analysis = analyze_credits(&completed(&credits), at(NOW), days);
            prop_assert_eq!(analysis.count as usize, credits.len());
            prop_assert_eq!(analysis.total, credits.iter().sum::<i64>());
            prop_assert!(!analysis.recommendations.is_empty());
            if let (Some(min), Some(max), Some(average)) = (analysis.min, analysis.max, analysis.average) {
                prop_assert!(min as f64 <= average && average <= max as f64);
                prop_assert_eq!(analysis.band, Some(EfficiencyBand::for_average(average)));
            } else {
                prop_assert!(credits.is_empty());
            }
        }

        #[test]
        fn every_average_has_exactly_one_band(average in 0.0f64..10_000.0) {
            let band = EfficiencyBand::for_average(average);
            let (low, high) = match band {
                EfficiencyBand::Excellent => (0.0, 50.0),
                EfficiencyBand::Good => (50.0, 100.0),
                EfficiencyBand::Fair => (100.0, 200.0),
                EfficiencyBand::Poor => (200.0, f64::INFINITY),
            };
            prop_assert!(low <= average && average < high);
        }
    }
}
