//! Credits over time: burn rate, the forecast of when an account runs out, and the ranking of
//! accounts that can take the next step ("select best account" of the original app).

use crate::ids::Id;
use crate::records::{Account, AccountStatus, LedgerEntry, LedgerReason};
use crate::time::Timestamp;
use chrono::Duration;
use std::collections::BTreeMap;

/// Credits spent per day, averaged over the last 7 and 30 days.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct BurnRate {
    pub per_day_7: f64,
    pub per_day_30: f64,
}

/// Net credits spent by sessions in `(now − days, now]`: debits minus the credit-backs of reopened
/// sessions. Refreshes and manual adjustments are not spending.
pub fn spent_in_window(entries: &[LedgerEntry], now: Timestamp, days: i64) -> i64 {
    let from = now.minus(Duration::days(days));
    entries
        .iter()
        .filter(|entry| entry.deleted_at.is_none() && entry.reason == LedgerReason::Session)
        .filter(|entry| entry.at > from && entry.at <= now)
        .map(|entry| -entry.delta)
        .sum::<i64>()
        .max(0)
}

pub fn burn_rate(entries: &[LedgerEntry], now: Timestamp) -> BurnRate {
    BurnRate {
        per_day_7: spent_in_window(entries, now, 7) as f64 / 7.0,
        per_day_30: spent_in_window(entries, now, 30) as f64 / 30.0,
    }
}

/// When an account's credits run out at a given rate, compared with its next refresh.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Forecast {
    pub rate_per_day: f64,
    /// None when nothing is being spent (or nothing is left to spend).
    pub runs_out_at: Option<Timestamp>,
    pub next_refresh_at: Option<Timestamp>,
    /// True when the credits run out before the next refresh restores them (or there is none).
    pub runs_out_before_refresh: bool,
}

pub fn forecast(account: &Account, rate_per_day: f64, now: Timestamp) -> Forecast {
    let runs_out_at = (rate_per_day > 0.0 && account.credits_available > 0).then(|| {
        let minutes = (account.credits_available as f64 / rate_per_day * 24.0 * 60.0).min(60.0 * 24.0 * 365.0 * 50.0);
        now.plus(Duration::minutes(minutes.round() as i64))
    });
    let runs_out_before_refresh = match (runs_out_at, account.next_refresh_at) {
        (Some(out), Some(refresh)) => out < refresh,
        (Some(_), None) => true,
        (None, _) => false,
    };
    Forecast { rate_per_day, runs_out_at, next_refresh_at: account.next_refresh_at, runs_out_before_refresh }
}

/// What the next step needs from an account.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Need {
    /// At least this many credits (the project's average session, or a threshold the user sets).
    pub min_credits: i64,
    /// A specialisation to prefer ("coding", "research"…).
    pub specialization: Option<String>,
    /// The project's tags and the session type: a further, weaker match.
    pub tags: Vec<String>,
    /// The bundle's estimated size: the context window must hold it.
    pub tokens: Option<u32>,
}

/// Why an account ranks where it does, or why it cannot take the step (the UI words each).
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Blocked: the account cannot take it.
    Blocked,
    /// Exhausted: the account cannot take it.
    Exhausted,
    /// Fewer credits than the step needs: the account cannot take it.
    TooFewCredits {
        has: i64,
        needs: i64,
    },
    /// A context window smaller than the bundle: the account cannot take it.
    WindowTooSmall {
        window: u32,
        bundle: u32,
    },
    /// Specialised in what the step wants (lower case).
    Specialised {
        specialization: String,
    },
    /// Specialised in some of the project's tags (lower case).
    MatchesTags {
        tags: Vec<String>,
    },
    /// Enough credits, with `spare` left over after the step.
    CreditsLeft {
        credits: i64,
        spare: i64,
    },
    /// Refreshes within a day, so its credits are best spent first.
    RefreshesSoon {
        hours: i64,
    },
    NotUsedYet,
    LastUsed {
        days: i64,
    },
    UsedToday,
}

impl Reason {
    /// Whether this reason keeps the account from taking the step.
    pub fn blocks(&self) -> bool {
        matches!(
            self,
            Reason::Blocked | Reason::Exhausted | Reason::TooFewCredits { .. } | Reason::WindowTooSmall { .. }
        )
    }
}

/// One account in the ranking, with why it ranks where it does.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub account: Account,
    pub eligible: bool,
    pub score: f64,
    /// Why it ranks here; when not eligible, only what blocks it.
    pub reasons: Vec<Reason>,
}

/// Ranks accounts for a need: eligible ones first by score, then the others with why they cannot
/// take it. Nothing is changed; the user picks.
pub fn rank_accounts(
    accounts: &[Account],
    need: &Need,
    last_used: &BTreeMap<Id, Timestamp>,
    now: Timestamp,
) -> Vec<Ranked> {
    let wanted = need.specialization.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
    let tags: Vec<String> =
        need.tags.iter().map(|tag| tag.trim().to_lowercase()).filter(|tag| !tag.is_empty()).collect();
    let mut ranked: Vec<Ranked> = accounts
        .iter()
        .filter(|account| account.deleted_at.is_none())
        .map(|account| {
            let mut reasons = Vec::new();
            let mut blockers = Vec::new();
            if account.status == AccountStatus::Blocked {
                blockers.push(Reason::Blocked);
            }
            if account.status == AccountStatus::Exhausted {
                blockers.push(Reason::Exhausted);
            }
            if account.credits_available < need.min_credits {
                blockers.push(Reason::TooFewCredits { has: account.credits_available, needs: need.min_credits });
            }
            if let Some(tokens) = need.tokens {
                if account.context_window_tokens < tokens {
                    blockers.push(Reason::WindowTooSmall { window: account.context_window_tokens, bundle: tokens });
                }
            }
            let specializations: Vec<String> = account.specializations.iter().map(|s| s.to_lowercase()).collect();
            let mut score = 0.0;
            if let Some(wanted) = &wanted {
                if specializations.iter().any(|s| s == wanted) {
                    score += 100.0;
                    reasons.push(Reason::Specialised { specialization: wanted.clone() });
                }
            }
            let overlap: Vec<&String> = tags.iter().filter(|tag| specializations.contains(tag)).collect();
            if !overlap.is_empty() {
                score += 20.0 * overlap.len() as f64;
                reasons.push(Reason::MatchesTags { tags: overlap.into_iter().cloned().collect() });
            }
            let headroom = account.credits_available - need.min_credits;
            if account.credit_limit > 0 {
                let fraction = (account.credits_available as f64 / account.credit_limit as f64).clamp(0.0, 1.0);
                score += 40.0 * fraction;
            } else {
                score += 40.0 * (headroom.max(0) as f64 / (headroom.max(0) as f64 + 100.0));
            }
            if headroom >= 0 {
                reasons.push(Reason::CreditsLeft { credits: account.credits_available, spare: headroom });
            }
            if let Some(refresh) = account.next_refresh_at {
                let hours = (refresh.unix_millis() - now.unix_millis()) as f64 / 3_600_000.0;
                if (0.0..=24.0).contains(&hours) {
                    score += 15.0;
                    reasons.push(Reason::RefreshesSoon { hours: hours.ceil() as i64 });
                }
            }
            match last_used.get(&account.id) {
                None => {
                    score += 10.0;
                    reasons.push(Reason::NotUsedYet);
                }
                Some(at) => {
                    let days = ((now.unix_millis() - at.unix_millis()) as f64 / 86_400_000.0).max(0.0);
                    score += 10.0 * (days / 7.0).min(1.0);
                    if days >= 1.0 {
                        reasons.push(Reason::LastUsed { days: days.floor() as i64 });
                    } else {
                        reasons.push(Reason::UsedToday);
                    }
                }
            }
            let eligible = blockers.is_empty();
            if !eligible {
                reasons = blockers;
            }
            Ranked { account: account.clone(), eligible, score, reasons }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.eligible
            .cmp(&a.eligible)
            .then(b.score.total_cmp(&a.score))
            .then_with(|| a.account.name.to_lowercase().cmp(&b.account.name.to_lowercase()))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Platform, Refresh};

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn account(n: u8, name: &str, credits: i64, specializations: &[&str]) -> Account {
        let now = at("2026-11-01T00:00:00Z");
        Account {
            id: Id::v7(n as u64, [n; 10]),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: 1,
            name: name.into(),
            platform: Platform::Claude,
            platform_label: String::new(),
            email: String::new(),
            plan: String::new(),
            specializations: specializations.iter().map(|s| s.to_string()).collect(),
            credits_available: credits,
            credit_limit: 100,
            refresh: Refresh::None,
            next_refresh_at: None,
            context_window_tokens: 200_000,
            notes: String::new(),
            status: AccountStatus::Available,
            bundle_language: None,
        }
    }

    fn debit(account: Id, at_text: &str, amount: i64) -> LedgerEntry {
        let when = at(at_text);
        LedgerEntry {
            id: Id::v7(when.unix_millis() as u64, [1; 10]),
            created_at: when,
            updated_at: when,
            deleted_at: None,
            rev: 1,
            account_id: account,
            at: when,
            delta: -amount,
            balance_after: 0,
            reason: LedgerReason::Session,
            session_id: None,
            note: String::new(),
        }
    }

    #[test]
    fn burn_rate_counts_session_spending_in_each_window() {
        let a = account(1, "A", 50, &[]);
        let now = at("2026-11-30T00:00:00Z");
        let mut entries = vec![debit(a.id, "2026-11-29T00:00:00Z", 14), debit(a.id, "2026-11-10T00:00:00Z", 16)];
        let mut refresh = debit(a.id, "2026-11-28T00:00:00Z", -100);
        refresh.reason = LedgerReason::Refresh;
        entries.push(refresh);
        let rate = burn_rate(&entries, now);
        assert_eq!(rate.per_day_7, 2.0);
        assert_eq!(rate.per_day_30, 1.0);
        // A reopened session credits its debit back.
        entries.push(debit(a.id, "2026-11-29T01:00:00Z", -14));
        assert_eq!(burn_rate(&entries, now).per_day_7, 0.0);
    }

    #[test]
    fn forecast_compares_running_out_with_the_refresh() {
        let now = at("2026-11-30T00:00:00Z");
        let mut a = account(1, "A", 20, &[]);
        a.next_refresh_at = Some(at("2026-12-20T00:00:00Z"));
        let out = forecast(&a, 2.0, now);
        assert_eq!(out.runs_out_at, Some(at("2026-12-10T00:00:00Z")));
        assert!(out.runs_out_before_refresh);
        let slow = forecast(&a, 0.5, now);
        assert_eq!(slow.runs_out_at, Some(at("2027-01-09T00:00:00Z")));
        assert!(!slow.runs_out_before_refresh);
        let idle = forecast(&a, 0.0, now);
        assert_eq!(idle.runs_out_at, None);
        assert!(!idle.runs_out_before_refresh);
    }

    #[test]
    fn ranking_prefers_specialisation_then_headroom_and_explains() {
        let now = at("2026-11-30T00:00:00Z");
        let coder = account(1, "Coder", 40, &["coding"]);
        let rich = account(2, "Rich", 100, &["writing"]);
        let mut blocked = account(3, "Blocked", 100, &["coding"]);
        blocked.status = AccountStatus::Blocked;
        let poor = account(4, "Poor", 5, &["coding"]);
        let mut soon = account(5, "Soon", 60, &[]);
        soon.next_refresh_at = Some(at("2026-11-30T05:00:00Z"));
        let need = Need { min_credits: 10, specialization: Some("Coding".into()), tags: vec![], tokens: None };
        let ranked = rank_accounts(&[rich.clone(), blocked, poor, coder.clone(), soon], &need, &BTreeMap::new(), now);
        let names: Vec<&str> = ranked.iter().map(|r| r.account.name.as_str()).collect();
        assert_eq!(&names[..3], ["Coder", "Rich", "Soon"]);
        assert!(ranked[0].reasons.contains(&Reason::Specialised { specialization: "coding".into() }));
        assert!(ranked[2].reasons.contains(&Reason::RefreshesSoon { hours: 5 }));
        let poor = ranked.iter().find(|r| r.account.name == "Poor").unwrap();
        assert!(!poor.eligible);
        assert_eq!(poor.reasons, [Reason::TooFewCredits { has: 5, needs: 10 }]);
        assert!(poor.reasons.iter().all(Reason::blocks));
        let blocked = ranked.iter().find(|r| r.account.name == "Blocked").unwrap();
        assert_eq!(blocked.reasons, [Reason::Blocked]);
        assert!(ranked[3..].iter().all(|r| !r.eligible));
    }

    #[test]
    fn ranking_checks_the_context_window_and_recent_use() {
        let now = at("2026-11-30T00:00:00Z");
        let mut small = account(1, "Small", 100, &[]);
        small.context_window_tokens = 8_000;
        let used = account(2, "Used", 100, &[]);
        let fresh = account(3, "Fresh", 100, &[]);
        let mut last_used = BTreeMap::new();
        last_used.insert(used.id, at("2026-11-29T20:00:00Z"));
        let need = Need { min_credits: 0, specialization: None, tags: vec![], tokens: Some(20_000) };
        let ranked = rank_accounts(&[small, used, fresh], &need, &last_used, now);
        assert_eq!(ranked[0].account.name, "Fresh");
        assert_eq!(ranked[1].account.name, "Used");
        assert!(ranked[1].reasons.contains(&Reason::UsedToday));
        assert!(!ranked[1].reasons.iter().any(Reason::blocks));
        assert!(!ranked[2].eligible);
        assert_eq!(ranked[2].reasons, [Reason::WindowTooSmall { window: 8_000, bundle: 20_000 }]);
    }
}
