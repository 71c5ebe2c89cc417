//! Account actions and the credit ledger: create and edit (unique names), block, adjust credits,
//! refreshes that fell due, the ledger, burn rate and forecast, the ranking, dashboard counters.

use super::*;
use crate::credits::{self, BurnRate, Forecast, Need, Ranked};
use crate::rules::{CreditTotals, DashboardCounters, DashboardCounts};
use crate::validate::{self, AccountDraft, AccountFields};
use std::collections::BTreeMap;

/// An account's spending outlook: burn rates and when the credits run out at each.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountOutlook {
    pub burn: BurnRate,
    pub at_7_day_rate: Forecast,
    pub at_30_day_rate: Forecast,
}

pub(super) fn live_accounts_read() -> Read {
    Read::Query(Query::index(StoreName::Accounts, ix::LIVE_NAME, live(vec![])))
}

pub(super) fn in_progress_read() -> Read {
    Read::Query(Query::index(
        StoreName::Sessions,
        ix::LIVE_STATUS,
        live(vec![Key::str(SessionStatus::InProgress.as_str())]),
    ))
}

/// The account, refused when it is missing or in the trash (restore it first).
fn live_account(account: Option<Account>) -> Result<Account> {
    match account {
        None => Err(Error::NotFound(RecordType::Account)),
        Some(account) if account.deleted_at.is_some() => {
            Err(Error::Rule(RuleError::AccountInTrash { account: account.name }))
        }
        Some(account) => Ok(account),
    }
}

fn has_session_in_progress(sessions: &[Session], account: Id) -> bool {
    sessions.iter().any(|session| session.account_id == Some(account) && session.status == SessionStatus::InProgress)
}

impl<S: Store> Service<S> {
    pub async fn account(&self, id: Id) -> Result<Account> {
        self.store.get::<Account>(id).await?.ok_or(Error::NotFound(RecordType::Account))
    }

    /// Every live account, by name. Accounts number in the tens, so one index read serves the page.
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        Ok(self.store.read(vec![live_accounts_read()]).await?.records(0))
    }

    pub async fn create_account(&self, draft: &AccountDraft) -> Result<Account> {
        let now = self.now();
        let id = self.new_id();
        let entry_id = self.new_id();
        let event = self.event(
            EventKind::Created,
            RecordType::Account,
            Some(id),
            format!("Added account “{}”", draft.name.trim()),
        );
        let threshold = self.exhaustion_threshold();
        let draft = draft.clone();
        let entry_template = self.ledger_entry_template(entry_id);
        self.commit(
            vec![live_accounts_read()],
            &[StoreName::Accounts, StoreName::Ledger, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let names: Vec<String> =
                    fetched.records::<Account>(0).into_iter().map(|account| account.name).collect();
                let fields = validate::account(&draft, &names)?;
                let mut account = Account {
                    id,
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                    rev: 1,
                    name: String::new(),
                    platform: fields.platform,
                    platform_label: String::new(),
                    email: String::new(),
                    plan: String::new(),
                    specializations: Vec::new(),
                    credits_available: 0,
                    credit_limit: 0,
                    refresh: Refresh::None,
                    next_refresh_at: None,
                    context_window_tokens: 0,
                    notes: String::new(),
                    status: AccountStatus::Available,
                    bundle_language: None,
                };
                apply_fields(&mut account, fields);
                account.status = rules::status_after_credit_change(
                    AccountStatus::Available,
                    account.credits_available,
                    threshold,
                    false,
                );
                let mut writes = vec![Write::put(account.clone()), Write::put(event)];
                if account.credits_available != 0 {
                    // The opening balance is the ledger's first entry, so balances over time add up.
                    let mut entry = entry_template;
                    entry.account_id = account.id;
                    entry.delta = account.credits_available;
                    entry.balance_after = account.credits_available;
                    entry.reason = LedgerReason::Manual;
                    entry.note = "Opening balance".into();
                    writes.push(Write::put(entry));
                }
                Ok((writes, account))
            },
        )
        .await
    }

    fn ledger_entry_template(&self, id: Id) -> LedgerEntry {
        let now = self.now();
        LedgerEntry {
            id,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: 1,
            account_id: id,
            at: now,
            delta: 0,
            balance_after: 0,
            reason: LedgerReason::Manual,
            session_id: None,
            note: String::new(),
        }
    }

    /// Saves the account form. A changed balance is recorded in the ledger as a manual change.
    pub async fn edit_account(&self, id: Id, draft: &AccountDraft) -> Result<Account> {
        let now = self.now();
        let entry_id = self.new_id();
        let event_id = self.new_id();
        let threshold = self.exhaustion_threshold();
        let draft = draft.clone();
        let template = self.ledger_entry_template(entry_id);
        let reads = vec![Read::get::<Account>(id), live_accounts_read(), in_progress_read()];
        self.commit(
            reads,
            &[StoreName::Accounts, StoreName::Ledger, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut account: Account = live_account(fetched.record(0))?;
                let names: Vec<String> = fetched
                    .records::<Account>(1)
                    .into_iter()
                    .filter(|other| other.id != id)
                    .map(|other| other.name)
                    .collect();
                let fields = validate::account(&draft, &names)?;
                let before = account.clone();
                apply_fields(&mut account, fields);
                if account == before {
                    return Ok((vec![], account));
                }
                let busy = has_session_in_progress(&fetched.records(2), id);
                account.status =
                    rules::status_after_credit_change(account.status, account.credits_available, threshold, busy);
                account.touch(now);
                let mut writes = vec![Write::put(account.clone())];
                let delta = account.credits_available - before.credits_available;
                if delta != 0 {
                    let mut entry = template;
                    entry.account_id = id;
                    entry.delta = delta;
                    entry.balance_after = account.credits_available;
                    entry.note = "Changed in the account form".into();
                    writes.push(Write::put(entry));
                }
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    EventKind::Updated,
                    RecordType::Account,
                    id,
                    format!("Edited account “{}”", account.name),
                )));
                Ok((writes, account))
            },
        )
        .await
    }

    /// Blocks or unblocks an account (only the user sets "blocked").
    pub async fn set_account_blocked(&self, id: Id, blocked: bool) -> Result<Account> {
        let now = self.now();
        let event_id = self.new_id();
        let threshold = self.exhaustion_threshold();
        let reads = vec![Read::get::<Account>(id), in_progress_read()];
        self.commit(reads, &[StoreName::Accounts, StoreName::Events], Durability::Relaxed, move |fetched| {
            let mut account: Account = live_account(fetched.record(0))?;
            if (account.status == AccountStatus::Blocked) == blocked {
                return Ok((vec![], account));
            }
            account.status = if blocked {
                AccountStatus::Blocked
            } else {
                let busy = has_session_in_progress(&fetched.records(1), id);
                rules::status_after_credit_change(AccountStatus::Available, account.credits_available, threshold, busy)
            };
            account.touch(now);
            let summary = format!("{} account “{}”", if blocked { "Blocked" } else { "Unblocked" }, account.name);
            let event = event_record(event_id, now, EventKind::StatusChanged, RecordType::Account, id, summary);
            Ok((vec![Write::put(account.clone()), Write::put(event)], account))
        })
        .await
    }

    /// Adds (or, negative, removes) credits by hand, with a note, through the ledger.
    pub async fn adjust_credits(&self, id: Id, delta: i64, note: &str) -> Result<Account> {
        if delta == 0 {
            let problem = validate::Problem::Number { expected: validate::Expected::NotZero, error: None };
            return Err(Error::Invalid(FieldErrors::from(validate::FieldError::new("delta", problem))));
        }
        let now = self.now();
        let entry_id = self.new_id();
        let event_id = self.new_id();
        let threshold = self.exhaustion_threshold();
        let note = note.trim().to_string();
        let reads = vec![Read::get::<Account>(id), in_progress_read()];
        self.commit(
            reads,
            &[StoreName::Accounts, StoreName::Ledger, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let account: Account = live_account(fetched.record(0))?;
                let busy = has_session_in_progress(&fetched.records(1), id);
                let (account, entry) = rules::adjust_credits(
                    &account,
                    delta,
                    LedgerReason::Manual,
                    None,
                    &note,
                    now,
                    entry_id,
                    threshold,
                    busy,
                )?;
                let summary = format!("{:+} credits on “{}” (now {})", delta, account.name, account.credits_available);
                let event = event_record(event_id, now, EventKind::CreditsChanged, RecordType::Account, id, summary);
                Ok((vec![Write::put(account.clone()), Write::put(entry), Write::put(event)], account))
            },
        )
        .await
    }

    /// Applies every refresh that has fallen due (at start-up and while the app is open): credits
    /// back to the limit, the next date advanced by as many periods as passed, a ledger entry.
    pub async fn apply_due_refreshes(&self) -> Result<Vec<LedgerEntry>> {
        let now = self.now();
        // Most of the time nothing is due: a read-only look first, so the read-write transaction
        // (which later reads of these stores queue behind, at start-up the first screen's) runs
        // only when there is something to write. It reads the accounts again itself.
        if !self.accounts().await?.iter().any(|account| rules::refresh_due(account, now)) {
            return Ok(Vec::new());
        }
        let threshold = self.exhaustion_threshold();
        let env = self.env.clone();
        self.commit(
            vec![live_accounts_read(), in_progress_read()],
            &[StoreName::Accounts, StoreName::Ledger, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let sessions: Vec<Session> = fetched.records(1);
                let new_id = || Id::v7(now.unix_millis().max(0) as u64, env.random_bytes());
                let mut writes = Vec::new();
                let mut entries = Vec::new();
                for account in fetched.records::<Account>(0) {
                    let busy = has_session_in_progress(&sessions, account.id);
                    let (entry_id, event_id) = (new_id(), new_id());
                    if let Some(outcome) = rules::apply_due_refresh(&account, now, entry_id, threshold, busy) {
                        let summary = format!(
                            "Refreshed “{}” to {} credits",
                            outcome.account.name, outcome.account.credits_available
                        );
                        writes.push(Write::put(event_record(
                            event_id,
                            now,
                            EventKind::Refreshed,
                            RecordType::Account,
                            account.id,
                            summary,
                        )));
                        writes.push(Write::put(outcome.account));
                        writes.push(Write::put(outcome.entry.clone()));
                        entries.push(outcome.entry);
                    }
                }
                Ok((writes, entries))
            },
        )
        .await
    }

    pub async fn trash_account(&self, id: Id) -> Result<Account> {
        self.set_account_trashed(id, true).await
    }

    pub async fn restore_account(&self, id: Id) -> Result<Account> {
        self.set_account_trashed(id, false).await
    }

    /// Deleting an account never deletes history that mentions it: sessions keep its name.
    async fn set_account_trashed(&self, id: Id, trashed: bool) -> Result<Account> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(
            vec![Read::get::<Account>(id), live_accounts_read()],
            &[StoreName::Accounts, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut account: Account = fetched.record(0).ok_or(Error::NotFound(RecordType::Account))?;
                // A restored account must not take a name another account has taken meanwhile.
                let clash = fetched.records::<Account>(1).into_iter().find(|other| {
                    other.id != id && other.name.trim().to_lowercase() == account.name.trim().to_lowercase()
                });
                if let (false, Some(other)) = (trashed, clash) {
                    return Err(Error::Rule(RuleError::AccountNameTaken { name: other.name.clone() }));
                }
                let changed = if trashed { rules::trash(&mut account, now) } else { rules::restore(&mut account, now) };
                if !changed {
                    return Ok((vec![], account));
                }
                let (kind, summary) = if trashed {
                    (EventKind::Deleted, format!("Moved account “{}” to the trash", account.name))
                } else {
                    (EventKind::Restored, format!("Restored account “{}” from the trash", account.name))
                };
                let event = event_record(event_id, now, kind, RecordType::Account, id, summary);
                Ok((vec![Write::put(account.clone()), Write::put(event)], account))
            },
        )
        .await
    }

    /// A page of an account's ledger, newest first.
    pub async fn ledger(&self, account: Id, offset: u32, limit: u32) -> Result<Page<LedgerEntry>> {
        let query = Query::index(StoreName::Ledger, ix::BY_ACCOUNT, KeyRange::prefix(vec![Key::id(account)])).reverse();
        let fetched = self.store.read(vec![Read::Query(query.clone().page(offset, limit)), Read::Count(query)]).await?;
        Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) })
    }

    /// Sessions in progress (the active-session banner and the dashboard), newest first.
    pub async fn sessions_in_progress(&self) -> Result<Vec<Session>> {
        let query = Query::index(
            StoreName::Sessions,
            ix::LIVE_STATUS,
            live(vec![Key::str(SessionStatus::InProgress.as_str())]),
        );
        Ok(self.store.query(query.reverse()).await?)
    }

    /// Pending handoffs in queue order (most urgent, then oldest, first).
    pub async fn pending_handoffs(&self, limit: u32) -> Result<Page<Handoff>> {
        let query =
            Query::index(StoreName::Handoffs, ix::LIVE_STATUS, live(vec![Key::str(HandoffStatus::Pending.as_str())]));
        let fetched = self.store.read(vec![Read::Query(query.clone().page(0, limit)), Read::Count(query)]).await?;
        Ok(Page { items: fetched.records(0), offset: 0, total: fetched.count(1) })
    }

    /// A page of the sessions run on an account, newest first.
    pub async fn account_sessions(&self, account: Id, offset: u32, limit: u32) -> Result<Page<Session>> {
        let query = Query::index(StoreName::Sessions, ix::LIVE_ACCOUNT, live(vec![Key::id(account)])).reverse();
        let fetched = self.store.read(vec![Read::Query(query.clone().page(offset, limit)), Read::Count(query)]).await?;
        Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) })
    }

    /// Burn rates over the last 7 and 30 days and when the credits run out at each.
    pub async fn account_outlook(&self, id: Id) -> Result<AccountOutlook> {
        let now = self.now();
        let from = now.minus(chrono::Duration::days(30));
        let window = Query::index(
            StoreName::Ledger,
            ix::BY_ACCOUNT,
            KeyRange::prefix_between(vec![Key::id(id)], Some(Key::str(from.to_text())), None),
        );
        let fetched = self.store.read(vec![Read::get::<Account>(id), Read::Query(window)]).await?;
        let account: Account = fetched.record(0).ok_or(Error::NotFound(RecordType::Account))?;
        let burn = credits::burn_rate(&fetched.records(1), now);
        Ok(AccountOutlook {
            burn,
            at_7_day_rate: credits::forecast(&account, burn.per_day_7, now),
            at_30_day_rate: credits::forecast(&account, burn.per_day_30, now),
        })
    }

    /// The accounts that can take the next step, best first, each with its reasons.
    pub async fn rank_accounts(&self, need: &Need) -> Result<Vec<Ranked>> {
        let accounts = self.accounts().await?;
        // The last session of each account: one newest-first read per account, one transaction.
        let reads = accounts
            .iter()
            .map(|account| {
                Read::Query(
                    Query::index(StoreName::Sessions, ix::LIVE_ACCOUNT, live(vec![Key::id(account.id)]))
                        .reverse()
                        .first(),
                )
            })
            .collect::<Vec<_>>();
        let fetched = if reads.is_empty() { Fetches::default() } else { self.store.read(reads).await? };
        let mut last_used = BTreeMap::new();
        for (position, account) in accounts.iter().enumerate() {
            if let Some(session) = fetched.record::<Session>(position) {
                last_used.insert(account.id, session.started_at);
            }
        }
        Ok(credits::rank_accounts(&accounts, need, &last_used, self.now()))
    }

    /// The dashboard's counters that the first screen needs at once: index counts (active
    /// projects; completed, failed and handed-off sessions), the accounts (tens), and the ledger
    /// of the last 7 days through its time index. Nothing here grows with the history.
    pub async fn dashboard_counts(&self) -> Result<DashboardCounts> {
        let now = self.now();
        let week = Query::index(
            StoreName::Ledger,
            ix::BY_AT,
            KeyRange {
                lower: Some(Key::str(now.minus(chrono::Duration::days(7)).to_text())),
                upper: Some(Key::str(now.to_text())),
                lower_open: true,
                upper_open: false,
            },
        );
        let sessions = |status: SessionStatus| {
            Query::index(StoreName::Sessions, ix::LIVE_STATUS, live(vec![Key::str(status.as_str())]))
        };
        let reads = vec![
            Read::Count(Query::index(
                StoreName::Projects,
                ix::LIVE_STATUS,
                live(vec![Key::str(ProjectStatus::Active.as_str())]),
            )),
            live_accounts_read(),
            Read::Query(week),
            Read::Count(sessions(SessionStatus::Completed)),
            Read::Count(sessions(SessionStatus::Failed)),
            Read::Count(sessions(SessionStatus::HandedOff)),
        ];
        let fetched = self.store.read(reads).await?;
        Ok(DashboardCounts::new(
            fetched.count(0),
            &fetched.records::<Account>(1),
            &fetched.records::<LedgerEntry>(2),
            (fetched.count(3), fetched.count(4), fetched.count(5)),
            now,
        ))
    }

    /// One step of adding up the dashboard's [`CreditTotals`]: the next `page` ledger entries and
    /// the next `page` sessions, in key order, in one read transaction, reading only the fields
    /// the sums need. Call it until [`CreditTotalsScan::is_done`]; between steps the caller can
    /// give the page back to the browser. A change to the ledger or the sessions during the scan
    /// makes it stale: start a new one.
    pub async fn scan_credit_totals(&self, scan: &mut CreditTotalsScan, page: u32) -> Result<()> {
        let after = |last: Option<Id>| match last {
            Some(id) => KeyRange { lower: Some(Key::id(id)), lower_open: true, ..KeyRange::default() },
            None => KeyRange::all(),
        };
        let mut reads = Vec::new();
        if !scan.ledger_done {
            let query = Query { range: after(scan.ledger_after), ..Query::all(StoreName::Ledger) }.page(0, page);
            reads.push(Read::Fields { query, fields: LedgerCredits::FIELDS });
        }
        if !scan.sessions_done {
            let query = Query { range: after(scan.sessions_after), ..Query::all(StoreName::Sessions) }.page(0, page);
            reads.push(Read::Fields { query, fields: SessionCredits::FIELDS });
        }
        if reads.is_empty() {
            return Ok(());
        }
        let fetched = self.store.read(reads).await?;
        let mut position = 0;
        if !scan.ledger_done {
            let entries: Vec<LedgerCredits> = fetched.values(position)?;
            for entry in &entries {
                scan.totals.add_ledger_entry(entry.deleted_at.is_some(), entry.reason, entry.delta);
            }
            scan.ledger_done = entries.len() < page as usize;
            scan.ledger_after = entries.last().map(|entry| entry.id).or(scan.ledger_after);
            position += 1;
        }
        if !scan.sessions_done {
            let sessions: Vec<SessionCredits> = fetched.values(position)?;
            for session in &sessions {
                scan.totals.add_session(session.deleted_at.is_some(), session.status, session.credits_used);
            }
            scan.sessions_done = sessions.len() < page as usize;
            scan.sessions_after = sessions.last().map(|session| session.id).or(scan.sessions_after);
        }
        Ok(())
    }

    /// Every dashboard counter at once: [`Self::dashboard_counts`] and a whole
    /// [`Self::scan_credit_totals`] (the dashboard shows the first before the second ends).
    pub async fn dashboard(&self) -> Result<DashboardCounters> {
        let counts = self.dashboard_counts().await?;
        let mut scan = CreditTotalsScan::default();
        while !scan.is_done() {
            self.scan_credit_totals(&mut scan, 1_000).await?;
        }
        Ok(DashboardCounters::from_parts(&counts, &scan.totals))
    }
}

/// Where a scan for the dashboard's [`CreditTotals`] stands (see `Service::scan_credit_totals`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreditTotalsScan {
    /// The sums over what was read so far: final once [`Self::is_done`].
    pub totals: CreditTotals,
    ledger_after: Option<Id>,
    sessions_after: Option<Id>,
    ledger_done: bool,
    sessions_done: bool,
}

impl CreditTotalsScan {
    pub fn is_done(&self) -> bool {
        self.ledger_done && self.sessions_done
    }
}

/// The fields of a ledger entry the totals read.
#[derive(serde::Deserialize)]
struct LedgerCredits {
    id: Id,
    #[serde(default)]
    deleted_at: Option<Timestamp>,
    reason: LedgerReason,
    delta: i64,
}

impl LedgerCredits {
    const FIELDS: &'static [&'static str] = &["id", "deleted_at", "reason", "delta"];
}

/// The fields of a session the totals read.
#[derive(serde::Deserialize)]
struct SessionCredits {
    id: Id,
    #[serde(default)]
    deleted_at: Option<Timestamp>,
    status: SessionStatus,
    credits_used: i64,
}

impl SessionCredits {
    const FIELDS: &'static [&'static str] = &["id", "deleted_at", "status", "credits_used"];
}

fn apply_fields(account: &mut Account, fields: AccountFields) {
    account.name = fields.name;
    account.platform = fields.platform;
    account.platform_label = fields.platform_label;
    account.email = fields.email;
    account.plan = fields.plan;
    account.specializations = fields.specializations;
    account.credits_available = fields.credits_available;
    account.credit_limit = fields.credit_limit;
    account.refresh = fields.refresh;
    account.next_refresh_at = fields.next_refresh_at;
    account.context_window_tokens = fields.context_window_tokens;
    account.notes = fields.notes;
    account.bundle_language = fields.bundle_language;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;
    use crate::service::TestEnv;
    use chrono::Duration;
    use futures::executor::block_on;

    fn service() -> (Service<MemoryStore>, Rc<TestEnv>) {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        (Service::new(MemoryStore::new(), env.clone()), env)
    }

    fn draft(name: &str, credits: &str) -> AccountDraft {
        let mut draft = AccountDraft::new(Platform::Claude);
        draft.name = name.into();
        draft.credits_available = credits.into();
        draft.credit_limit = "100".into();
        draft.specializations = "coding, research".into();
        draft
    }

    fn ledger(service: &Service<MemoryStore>, id: Id) -> Vec<LedgerEntry> {
        block_on(service.ledger(id, 0, 100)).unwrap().items
    }

    #[test]
    fn create_with_unique_names_and_an_opening_balance() {
        let (service, _) = service();
        let work = block_on(service.create_account(&draft("Work Claude", "80"))).unwrap();
        assert_eq!(work.context_window_tokens, Platform::Claude.default_context_window());
        assert_eq!(work.status, AccountStatus::Available);
        let entries = ledger(&service, work.id);
        assert_eq!(entries.len(), 1);
        assert_eq!((entries[0].delta, entries[0].balance_after), (80, 80));
        let error = block_on(service.create_account(&draft("  work claude ", "10"))).unwrap_err();
        let duplicate = validate::FieldError::new("name", validate::Problem::Duplicate { name: "Work Claude".into() });
        assert_eq!(error, Error::Invalid(FieldErrors::from(duplicate)));
        assert_eq!(block_on(service.accounts()).unwrap().len(), 1);
        // Editing keeps its own name without a clash.
        let mut same = draft("Work Claude", "80");
        same.plan = "Pro".into();
        assert_eq!(block_on(service.edit_account(work.id, &same)).unwrap().plan, "Pro");
    }

    #[test]
    fn every_credit_change_is_a_ledger_entry_and_exhaustion_follows_the_threshold() {
        let (service, env) = service();
        let account = block_on(service.create_account(&draft("A", "30"))).unwrap();
        env.clock.advance(Duration::minutes(1));
        let account = block_on(service.adjust_credits(account.id, -21, "long session")).unwrap();
        assert_eq!(account.credits_available, 9);
        assert_eq!(account.status, AccountStatus::Exhausted, "9 is below the default threshold of 10");
        env.clock.advance(Duration::minutes(1));
        let account = block_on(service.adjust_credits(account.id, 1, "")).unwrap();
        assert_eq!(account.status, AccountStatus::Available, "10 is not below 10");
        let refused = block_on(service.adjust_credits(account.id, -50, "")).unwrap_err();
        assert!(matches!(refused, Error::Rule(_)));
        env.clock.advance(Duration::minutes(1));
        let mut edited = draft("A", "55");
        edited.specializations = "coding, research".into();
        block_on(service.edit_account(account.id, &edited)).unwrap();
        let entries = ledger(&service, account.id);
        assert_eq!(entries.iter().map(|e| e.delta).collect::<Vec<_>>(), [45, 1, -21, 30]);
        assert_eq!(entries[0].balance_after, 55);
        service.set_exhaustion_threshold(60);
        let account = block_on(service.adjust_credits(account.id, 1, "")).unwrap();
        assert_eq!(account.status, AccountStatus::Exhausted);
    }

    #[test]
    fn overdue_refreshes_apply_once_across_missed_periods() {
        let (service, env) = service();
        let mut weekly = draft("Weekly", "5");
        weekly.refresh = "weekly".into();
        weekly.next_refresh_at = "2026-11-20T09:00".into();
        let account = block_on(service.create_account(&weekly)).unwrap();
        assert_eq!(account.status, AccountStatus::Exhausted);
        let applied = block_on(service.apply_due_refreshes()).unwrap();
        assert_eq!(applied.len(), 1);
        let account = block_on(service.account(account.id)).unwrap();
        assert_eq!(account.credits_available, 100);
        assert_eq!(account.status, AccountStatus::Available);
        assert_eq!(account.next_refresh_at, Timestamp::parse("2026-11-27T09:00:00Z"));
        let commits = service.store().commits();
        assert!(block_on(service.apply_due_refreshes()).unwrap().is_empty(), "nothing is due twice");
        assert_eq!(service.store().commits(), commits, "nothing due: no read-write transaction");
        env.clock.advance(Duration::days(15));
        block_on(service.apply_due_refreshes()).unwrap();
        let account = block_on(service.account(account.id)).unwrap();
        // Due 27 Nov, 4 Dec and 11 Dec (09:00, before now at 10:00): three periods, one refresh.
        assert_eq!(account.next_refresh_at, Timestamp::parse("2026-12-18T09:00:00Z"));
        assert_eq!(ledger(&service, account.id).iter().filter(|e| e.reason == LedgerReason::Refresh).count(), 2);
    }

    #[test]
    fn block_unblock_and_trash_keep_history() {
        let (service, _) = service();
        let account = block_on(service.create_account(&draft("A", "50"))).unwrap();
        let blocked = block_on(service.set_account_blocked(account.id, true)).unwrap();
        assert_eq!(blocked.status, AccountStatus::Blocked);
        let adjusted = block_on(service.adjust_credits(account.id, 10, "")).unwrap();
        assert_eq!(adjusted.status, AccountStatus::Blocked, "only the user unblocks");
        let unblocked = block_on(service.set_account_blocked(account.id, false)).unwrap();
        assert_eq!(unblocked.status, AccountStatus::Available);
        block_on(service.trash_account(account.id)).unwrap();
        assert!(block_on(service.accounts()).unwrap().is_empty());
        assert_eq!(block_on(service.trash()).unwrap().len(), 1);
        assert_eq!(ledger(&service, account.id).len(), 2, "the ledger survives the account's deletion");
        block_on(service.restore_account(account.id)).unwrap();
        assert_eq!(block_on(service.accounts()).unwrap().len(), 1);
    }

    #[test]
    fn ranking_and_dashboard_read_the_store() {
        let (service, _) = service();
        let coder = block_on(service.create_account(&draft("Coder", "60"))).unwrap();
        let mut writer = draft("Writer", "90");
        writer.specializations = "writing".into();
        block_on(service.create_account(&writer)).unwrap();
        let low = block_on(service.create_account(&draft("Low", "3"))).unwrap();
        let need = Need { min_credits: 10, specialization: Some("coding".into()), tags: vec![], tokens: None };
        let ranked = block_on(service.rank_accounts(&need)).unwrap();
        assert_eq!(ranked[0].account.id, coder.id);
        assert_eq!(ranked.last().unwrap().account.id, low.id);
        assert!(!ranked.last().unwrap().eligible);
        let counters = block_on(service.dashboard()).unwrap();
        assert_eq!(counters.usable_accounts, 2, "the exhausted account is not usable");
        assert_eq!(counters.active_projects, 0);
        assert_eq!(counters.success_rate, None);
        let outlook = block_on(service.account_outlook(coder.id)).unwrap();
        assert_eq!(outlook.burn.per_day_7, 0.0);
        assert_eq!(outlook.at_7_day_rate.runs_out_at, None);
    }

    /// A store with projects, accounts, sessions and ledger entries of every kind: statuses,
    /// reasons, the trash, and times on both sides of the week's edges.
    fn varied_store(now: Timestamp) -> MemoryStore {
        let store = MemoryStore::new();
        let id = |kind: &str, n: usize| Id::derived(kind, &n.to_string());
        let minutes = |n: i64| now.minus(Duration::minutes(n));
        let mut writes = Vec::new();
        for n in 0..7 {
            let status = ProjectStatus::ALL[n % ProjectStatus::ALL.len()];
            let at = minutes(n as i64);
            writes.push(Write::put(Project {
                id: id("project", n),
                created_at: at,
                updated_at: at,
                deleted_at: (n == 3).then_some(at),
                rev: 1,
                name: format!("P{n}"),
                description: String::new(),
                status,
                tags: vec![],
                repository_url: None,
                notes: String::new(),
                state: Default::default(),
            }));
        }
        let statuses =
            [AccountStatus::Available, AccountStatus::Blocked, AccountStatus::Exhausted, AccountStatus::Active];
        for n in 0..6 {
            writes.push(Write::put(Account {
                id: id("account", n),
                created_at: now,
                updated_at: now,
                deleted_at: (n == 5).then_some(now),
                rev: 1,
                name: format!("A{n}"),
                platform: Platform::Claude,
                platform_label: String::new(),
                email: String::new(),
                plan: String::new(),
                specializations: vec![],
                credits_available: 50,
                credit_limit: 100,
                refresh: Refresh::None,
                next_refresh_at: None,
                context_window_tokens: 200_000,
                notes: String::new(),
                status: statuses[n % statuses.len()],
                bundle_language: None,
            }));
        }
        let session_statuses = [
            SessionStatus::Completed,
            SessionStatus::Failed,
            SessionStatus::Completed,
            SessionStatus::HandedOff,
            SessionStatus::InProgress,
        ];
        for n in 0..57 {
            let started = minutes(n as i64 * 900);
            let status = session_statuses[n % session_statuses.len()];
            writes.push(Write::put(Session {
                id: id("session", n),
                created_at: started,
                updated_at: started,
                deleted_at: (n % 11 == 4).then_some(started),
                rev: 1,
                project_id: id("project", n % 7),
                account_id: Some(id("account", n % 6)),
                account_label: String::new(),
                number: n as u32 + 1,
                session_type: SessionType::Development,
                title: format!("S{n}"),
                objectives: String::new(),
                status,
                started_at: started,
                ended_at: (status != SessionStatus::InProgress).then(|| started.plus(Duration::hours(1))),
                duration_minutes: None,
                credit_budget: None,
                credits_used: (n as i64 * 37) % 23,
                accomplishments: String::new(),
                blockers: String::new(),
                state_notes: String::new(),
                next_steps: String::new(),
                decisions: String::new(),
                notes: String::new(),
                from_handoff_id: None,
                to_handoff_id: None,
            }));
        }
        let reasons = [LedgerReason::Session, LedgerReason::Manual, LedgerReason::Session, LedgerReason::Refresh];
        for n in 0..133 {
            // Every 180 minutes back (some in the future), with one exactly at the week's start and
            // one exactly now.
            let at = match n {
                0 => now,
                1 => now.minus(Duration::days(7)),
                2 => now.plus(Duration::minutes(5)),
                _ => minutes((n as i64 - 40) * 180),
            };
            writes.push(Write::put(LedgerEntry {
                id: id("ledger", n),
                created_at: at,
                updated_at: at,
                deleted_at: (n % 13 == 6).then_some(at),
                rev: 1,
                account_id: id("account", n % 6),
                at,
                delta: if n % 9 == 0 { 7 } else { -((n as i64 * 17) % 31) },
                balance_after: 0,
                reason: reasons[n % reasons.len()],
                session_id: Some(id("session", n % 57)),
                note: String::new(),
            }));
        }
        let all = [StoreName::Projects, StoreName::Accounts, StoreName::Sessions, StoreName::Ledger];
        block_on(store.transact(vec![], &all, Durability::Relaxed, |_| Ok::<_, StoreError>((writes, ())))).unwrap();
        store
    }

    #[test]
    fn dashboard_counts_and_paged_totals_equal_the_counters_over_every_record() {
        let now = Timestamp::parse("2026-11-26T10:00:00Z").unwrap();
        let store = varied_store(now);
        let expected = rules::dashboard_counters(
            &store.dump(StoreName::Projects).into_iter().filter_map(Project::from_any).collect::<Vec<_>>(),
            &store.dump(StoreName::Accounts).into_iter().filter_map(Account::from_any).collect::<Vec<_>>(),
            &store.dump(StoreName::Ledger).into_iter().filter_map(LedgerEntry::from_any).collect::<Vec<_>>(),
            &store.dump(StoreName::Sessions).into_iter().filter_map(Session::from_any).collect::<Vec<_>>(),
            now,
        );
        assert!(expected.credits_used_all_time > expected.credits_used_this_week, "{expected:?}");
        assert!(expected.credits_used_this_week > 0 && expected.avg_credits_per_completed.is_some(), "{expected:?}");
        let service = Service::new(store, Rc::new(TestEnv::at("2026-11-26T10:00:00Z")));
        assert_eq!(block_on(service.dashboard()).unwrap(), expected);

        // The totals come out the same whatever the page size, one store ending before the other.
        let counts = block_on(service.dashboard_counts()).unwrap();
        for page in [1, 2, 7, 56, 57, 58, 500] {
            let mut scan = CreditTotalsScan::default();
            let mut steps = 0;
            while !scan.is_done() {
                block_on(service.scan_credit_totals(&mut scan, page)).unwrap();
                steps += 1;
            }
            assert_eq!(steps, 133 / page as usize + 1, "page {page}");
            assert_eq!(DashboardCounters::from_parts(&counts, &scan.totals), expected, "page {page}");
        }
    }

    #[test]
    fn an_empty_store_has_empty_totals() {
        let (service, _) = service();
        let mut scan = CreditTotalsScan::default();
        block_on(service.scan_credit_totals(&mut scan, 100)).unwrap();
        assert!(scan.is_done());
        assert_eq!(scan.totals, CreditTotals::default());
        assert_eq!(scan.totals.avg_credits_per_completed(), None);
        assert_eq!(block_on(service.dashboard_counts()).unwrap(), DashboardCounts::default());
    }

    #[test]
    fn trashed_accounts_refuse_changes_and_restore_checks_the_name() {
        let (service, _) = service();
        let account = block_on(service.create_account(&draft("Work", "50"))).unwrap();
        block_on(service.trash_account(account.id)).unwrap();
        let in_trash = Error::Rule(RuleError::AccountInTrash { account: "Work".into() });
        assert_eq!(block_on(service.adjust_credits(account.id, 5, "")).unwrap_err(), in_trash);
        assert!(matches!(block_on(service.set_account_blocked(account.id, true)).unwrap_err(), Error::Rule(_)));
        block_on(service.create_account(&draft("work", "10"))).unwrap();
        let refused = block_on(service.restore_account(account.id)).unwrap_err();
        assert_eq!(refused, Error::Rule(RuleError::AccountNameTaken { name: "work".into() }));
    }
}
