//! Reads for the insights page and the credit alerts: the ledger through its `by_at` index from
//! the start of the range (or 30 days back, for the burn rates), the sessions through
//! `live_started` (or the project's or account's index) from the same day, the handoffs, the
//! accounts and the project names — in one read transaction. Ledger entries of sessions that
//! started before the range (a long session ended inside it) need their session's project: those
//! few sessions are fetched by id in a second read.

use super::*;
use crate::insights::{self, CreditAlert, Filter, Insights, Sources};
use chrono::Duration;
use std::collections::BTreeSet;

/// Sessions, through the most selective index, started at or after `from`.
fn sessions_read(filter: &Filter, from: Option<Timestamp>) -> Read {
    let from = from.map(|at| Key::str(at.to_text()));
    let (index, parts) = match (filter.project_id, filter.account_id) {
        (Some(project), _) => (ix::LIVE_PROJECT, vec![Key::Num(1.0), Key::id(project)]),
        (None, Some(account)) => (ix::LIVE_ACCOUNT, vec![Key::Num(1.0), Key::id(account)]),
        (None, None) => (ix::LIVE_STARTED, vec![Key::Num(1.0)]),
    };
    Read::Query(Query::index(StoreName::Sessions, index, KeyRange::prefix_between(parts, from, None)))
}

/// Ledger entries recorded at or after `from` (every account; all when None), oldest first.
fn ledger_read(from: Option<Timestamp>) -> Read {
    let range = KeyRange { lower: from.map(|at| Key::str(at.to_text())), ..KeyRange::default() };
    Read::Query(Query::index(StoreName::Ledger, ix::BY_AT, range))
}

impl<S: Store> Service<S> {
    /// Every figure of the insights page for a range and filters (see [`crate::insights`]).
    pub async fn insights(&self, filter: &Filter) -> Result<Insights> {
        let now = self.now();
        let start = filter.span.start(now);
        // The burn rates need 30 days of ledger even when the range is shorter.
        let burn_from = now.minus(Duration::days(30));
        let ledger_from = start.map(|start| start.min(burn_from));
        let handoffs = match filter.project_id {
            Some(project) => KeyRange::prefix_between(
                vec![Key::Num(1.0), Key::id(project)],
                start.map(|at| Key::str(at.to_text())),
                None,
            ),
            // Handoffs have no index by date alone; the live ones are read and the range applied.
            None => live(vec![]),
        };
        let reads = vec![
            Read::Query(Query::all(StoreName::Accounts)),
            Read::Query(Query::all(StoreName::Projects)),
            ledger_read(ledger_from),
            sessions_read(filter, start),
            Read::Query(Query::index(StoreName::Handoffs, ix::LIVE_PROJECT, handoffs)),
        ];
        let fetched = self.store.read(reads).await?;
        let projects: Vec<Project> = fetched.records(1);
        let mut sources = Sources {
            accounts: fetched.records(0),
            projects: projects.into_iter().map(|project| (project.id, project.name)).collect(),
            ledger: fetched.records(2),
            sessions: fetched.records(3),
            handoffs: fetched.records(4),
        };
        // Sessions whose debits fall in the range but which started before it (or were trashed).
        let known: BTreeSet<Id> = sources.sessions.iter().map(|session| session.id).collect();
        let missing: BTreeSet<Id> = sources
            .ledger
            .iter()
            .filter(|entry| entry.reason == LedgerReason::Session && start.is_none_or(|start| entry.at >= start))
            .filter_map(|entry| entry.session_id)
            .filter(|id| !known.contains(id))
            .collect();
        if !missing.is_empty() {
            let reads: Vec<Read> = missing.iter().map(|id| Read::get::<Session>(*id)).collect();
            let fetched = self.store.read(reads).await?;
            sources.sessions.extend((0..missing.len()).filter_map(|position| fetched.record::<Session>(position)));
        }
        Ok(insights::compute(&sources, filter, now))
    }

    /// The credit alerts of every live account, or of one account.
    pub async fn credit_alerts(&self, account: Option<Id>) -> Result<Vec<CreditAlert>> {
        let now = self.now();
        let from = now.minus(Duration::days(30));
        let reads = match account {
            Some(id) => vec![
                Read::get::<Account>(id),
                Read::Query(Query::index(
                    StoreName::Ledger,
                    ix::BY_ACCOUNT,
                    KeyRange::prefix_between(vec![Key::id(id)], Some(Key::str(from.to_text())), None),
                )),
            ],
            None => vec![super::accounts::live_accounts_read(), ledger_read(Some(from))],
        };
        let fetched = self.store.read(reads).await?;
        let accounts: Vec<Account> = fetched.records(0);
        Ok(insights::credit_alerts(&accounts, &fetched.records(1), self.exhaustion_threshold(), now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::{Grain, Span, StackBy};
    use crate::memory::MemoryStore;
    use crate::service::{ReportDraft, SessionDraft, TestEnv};
    use crate::validate::{AccountDraft, ProjectDraft};
    use futures::executor::block_on;

    fn report(credits: &str) -> ReportDraft {
        ReportDraft { credits_used: credits.into(), accomplishments: "Done".into(), ..ReportDraft::default() }
    }

    #[test]
    fn insights_read_the_range_and_name_sessions_that_started_before_it() {
        let env = Rc::new(TestEnv::at("2026-11-01T10:00:00Z"));
        let service = Service::new(MemoryStore::new(), env.clone());
        let project =
            block_on(service.create_project(&ProjectDraft { name: "Alpha".into(), ..ProjectDraft::default() }))
                .unwrap();
        let mut draft = AccountDraft::new(Platform::Claude);
        draft.name = "Work".into();
        draft.credits_available = "100".into();
        draft.credit_limit = "100".into();
        let account = block_on(service.create_account(&draft)).unwrap();
        let start = |title: &str| {
            block_on(service.start_session(&SessionDraft {
                project_id: Some(project.id),
                account_id: Some(account.id),
                session_type: SessionType::Feature,
                title: title.into(),
                objectives: String::new(),
                credit_budget: String::new(),
                from_handoff_id: None,
            }))
            .unwrap()
        };
        // A session started on 1 Nov ends on 20 Nov: its debit is inside a 7-day range on 26 Nov.
        let long = start("long");
        env.clock.set(Timestamp::parse("2026-11-20T10:00:00Z").unwrap());
        block_on(service.end_session(long.id, SessionStatus::Completed, &report("30"))).unwrap();
        env.clock.set(Timestamp::parse("2026-11-25T10:00:00Z").unwrap());
        let short = start("short");
        env.clock.advance(chrono::Duration::hours(2));
        block_on(service.end_session(short.id, SessionStatus::Failed, &report("12"))).unwrap();
        env.clock.set(Timestamp::parse("2026-11-26T10:00:00Z").unwrap());

        let filter = Filter { span: Span::Days7, project_id: None, account_id: None };
        let insights = block_on(service.insights(&filter)).unwrap();
        let by_project = insights.credits(Grain::Day, StackBy::Project);
        assert_eq!(by_project.series.len(), 1);
        assert_eq!(
            by_project.series[0].name,
            crate::insights::Name::Named("Alpha".into()),
            "the long session's project is named"
        );
        assert_eq!(by_project.series[0].values, [30, 0, 0, 0, 0, 12, 0]);
        assert_eq!(insights.sessions_per_week.iter().map(|week| week.started).sum::<u32>(), 1, "only `short` started");
        assert_eq!(insights.balances[0].points.first().unwrap().1, 100);
        assert_eq!(insights.balances[0].account.credits_available, 58);

        let month = block_on(service.insights(&Filter { span: Span::Days30, ..filter })).unwrap();
        assert_eq!(month.by_project[0].average, 30.0);
        assert_eq!(month.success_rate(), Some(0.5));

        // 42 credits in 7 days (6 a day), 58 left, no refresh: it runs out in under 10 days.
        let alerts = block_on(service.credit_alerts(None)).unwrap();
        assert_eq!(alerts.len(), 1);
        assert!(matches!(alerts[0].kind, crate::insights::AlertKind::RunsOutSoon { .. }));
        assert_eq!(block_on(service.credit_alerts(Some(account.id))).unwrap(), alerts);
        service.set_exhaustion_threshold(60);
        let low = block_on(service.credit_alerts(Some(account.id))).unwrap();
        assert!(matches!(low[0].kind, crate::insights::AlertKind::BelowThreshold { threshold: 60, .. }));
    }
}
