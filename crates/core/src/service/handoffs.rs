//! Handoffs: what the builder reads, the queue (pending → processing → completed / failed, retry),
//! and the return report applied to a session and its project.
//!
//! The builder itself is pure (`crate::handoff::build`); the page reads [`HandoffSources`] once and
//! rebuilds the bundle on every option change without touching storage.

use super::*;
use crate::credits;
use crate::validate::{Expected, FieldError, Problem, CREDITS_MAX, PRIORITY_MAX, PRIORITY_MIN};
use std::collections::BTreeMap;

/// How many of the newest sessions the builder reads: more than any budget keeps, so trimming has
/// something to report, while a project with thousands of sessions stays one small read.
pub const SOURCE_SESSIONS: u32 = 50;
/// How many recent checkpoints are offered as the base of a delta bundle.
pub const SOURCE_CHECKPOINTS: u32 = 30;

/// Everything the handoff builder needs about a project, read in one pass.
#[derive(Clone, Debug, PartialEq)]
pub struct HandoffSources {
    pub project: Project,
    /// Newest first, at most [`SOURCE_SESSIONS`].
    pub sessions: Vec<Session>,
    pub session_total: u64,
    /// Newest first, at most [`SOURCE_CHECKPOINTS`].
    pub checkpoints: Vec<Checkpoint>,
    /// Live entries scoped to the project or to everything.
    pub knowledge: Vec<KnowledgeEntry>,
    /// The turns of the newest session that has a transcript, in order.
    pub transcript: Vec<TranscriptTurn>,
    pub transcript_session: Option<Id>,
    /// Live accounts, by name.
    pub accounts: Vec<Account>,
    /// When each account last started a session (for the ranking).
    pub last_used: BTreeMap<Id, Timestamp>,
    /// For each target account, the checkpoint its last handoff of this project was built from:
    /// the default base of a delta bundle.
    pub last_handoff_checkpoint: BTreeMap<Id, Id>,
    /// The average credits of the project's ended sessions (the default credits an account needs).
    pub average_session_credits: i64,
    /// The number the next session of the project will have.
    pub next_session_number: u32,
}

impl HandoffSources {
    pub fn latest_checkpoint(&self) -> Option<&Checkpoint> {
        self.checkpoints.first()
    }

    /// The session the handoff continues from: the newest one.
    pub fn from_session(&self) -> Option<&Session> {
        self.sessions.first()
    }

    pub fn account(&self, id: Id) -> Option<&Account> {
        self.accounts.iter().find(|account| account.id == id)
    }

    /// The default base of a delta bundle for a target account.
    pub fn delta_base_for(&self, account: Option<Id>) -> Option<&Checkpoint> {
        let id = account.and_then(|account| self.last_handoff_checkpoint.get(&account))?;
        self.checkpoints.iter().find(|checkpoint| checkpoint.id == *id)
    }

    /// What the builder builds from for the chosen target; `delta_base` is the checkpoint of a
    /// delta bundle (`None` builds a whole one).
    pub fn build_input(
        &self,
        handoff_id: Id,
        built_at: Timestamp,
        target: Option<Id>,
        delta_base: Option<Id>,
    ) -> crate::handoff::BuildInput<'_> {
        let from_session = self.from_session();
        crate::handoff::BuildInput {
            project: &self.project,
            handoff_id,
            built_at,
            from_account: from_session.and_then(|session| session.account_id).and_then(|id| self.account(id)),
            to_account: target.and_then(|id| self.account(id)),
            continuing_session_number: self.next_session_number,
            sessions: &self.sessions,
            latest_checkpoint: self.latest_checkpoint(),
            knowledge: &self.knowledge,
            transcript: &self.transcript,
            delta_since: delta_base.and_then(|base| self.checkpoints.iter().find(|checkpoint| checkpoint.id == base)),
        }
    }

    /// The accounts ranked for this project's next step (see [`credits::rank_accounts`]).
    pub fn rank(&self, tokens: Option<u32>, min_credits: Option<i64>, now: Timestamp) -> Vec<credits::Ranked> {
        let mut tags = self.project.tags.clone();
        if let Some(session) = self.from_session() {
            tags.push(session.session_type.as_str().to_string());
        }
        let need = credits::Need {
            min_credits: min_credits.unwrap_or(self.average_session_credits),
            specialization: None,
            tags,
            tokens,
        };
        credits::rank_accounts(&self.accounts, &need, &self.last_used, now)
    }
}

/// What queueing a built bundle records.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueDraft {
    pub project_id: Id,
    pub from_session_id: Option<Id>,
    pub to_account_id: Option<Id>,
    /// 1 (low) to 10 (most urgent).
    pub priority: u8,
    pub bundle: Bundle,
    /// Knowledge entries the bundle includes: their usage count goes up.
    pub knowledge_ids: Vec<Id>,
}

/// Filter of the queue page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum QueueFilter {
    /// Pending and processing, in queue order.
    #[default]
    Open,
    Status(HandoffStatus),
}

/// A return report as the user accepted it (see `crate::report`): what it writes to the session,
/// and, when accepted, the project's new living state.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReportApplication {
    /// How the session ends when it is still in progress (an ended session keeps its status).
    pub status: Option<SessionStatus>,
    pub credits_used: Option<i64>,
    pub accomplishments: String,
    pub blockers: String,
    pub state_notes: String,
    pub next_steps: String,
    pub decisions: String,
    /// Unknown sections of the report, kept in the session's notes.
    pub notes: String,
    /// The living state to set (after a checkpoint of the current one), or None to leave it.
    pub new_state: Option<LivingState>,
    /// Knowledge entries the report proposed and the user kept.
    pub knowledge: Vec<(KnowledgeCategory, String, String)>,
}

/// What applying a report changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportApplied {
    pub session: Session,
    pub project: Project,
    /// The checkpoint of the state the report replaced.
    pub checkpoint: Option<Checkpoint>,
    pub knowledge_added: usize,
}

fn priority_checked(priority: u8) -> Result<u8> {
    if (1..=10).contains(&priority) {
        Ok(priority)
    } else {
        let expected = Expected::Between(i64::from(PRIORITY_MIN), i64::from(PRIORITY_MAX));
        Err(Error::Invalid(FieldErrors::from(FieldError::new("priority", Problem::Number { expected, error: None }))))
    }
}

fn not_found_handoff() -> Error {
    Error::NotFound(RecordType::Handoff)
}

fn append_note(existing: &str, addition: &str) -> String {
    match (existing.trim().is_empty(), addition.trim().is_empty()) {
        (_, true) => existing.to_string(),
        (true, false) => addition.trim().to_string(),
        (false, false) => format!("{}\n\n{}", existing.trim_end(), addition.trim()),
    }
}

impl<S: Store> Service<S> {
    pub async fn handoff(&self, id: Id) -> Result<Handoff> {
        self.store.get::<Handoff>(id).await?.ok_or_else(not_found_handoff)
    }

    /// Reads what the builder needs for a project, in one read transaction (plus one for the
    /// transcript, whose session is known only then).
    pub async fn handoff_sources(&self, project_id: Id) -> Result<HandoffSources> {
        let sessions = Query::index(StoreName::Sessions, ix::LIVE_PROJECT, live(vec![Key::id(project_id)])).reverse();
        let numbers =
            Query::index(StoreName::Sessions, ix::PROJECT_NUMBER, KeyRange::prefix(vec![Key::id(project_id)]))
                .reverse()
                .first();
        let checkpoints =
            Query::index(StoreName::Checkpoints, ix::LIVE_PROJECT, live(vec![Key::id(project_id)])).reverse();
        let handoffs = Query::index(StoreName::Handoffs, ix::LIVE_PROJECT, live(vec![Key::id(project_id)])).reverse();
        let knowledge = Query::index(StoreName::Knowledge, ix::LIVE_USAGE, live(vec![])).reverse();
        let reads = vec![
            Read::get::<Project>(project_id),
            Read::Query(sessions.clone().page(0, SOURCE_SESSIONS)),
            Read::Count(sessions),
            Read::Query(numbers),
            Read::Query(checkpoints.page(0, SOURCE_CHECKPOINTS)),
            Read::Query(handoffs.page(0, 200)),
            Read::Query(knowledge),
            super::accounts::live_accounts_read(),
        ];
        let fetched = self.store.read(reads).await?;
        let project: Project = fetched
            .record(0)
            .filter(|p: &Project| p.deleted_at.is_none())
            .ok_or(Error::NotFound(RecordType::Project))?;
        let sessions: Vec<Session> = fetched.records(1);
        let session_total = fetched.count(2);
        let next_session_number = rules::next_session_number(fetched.record::<Session>(3).map(|s| s.number));
        let checkpoints: Vec<Checkpoint> = fetched.records(4);
        let handoffs: Vec<Handoff> = fetched.records(5);
        let knowledge: Vec<KnowledgeEntry> = fetched
            .records::<KnowledgeEntry>(6)
            .into_iter()
            .filter(|entry| entry.project_id.is_none() || entry.project_id == Some(project_id))
            .collect();
        let mut accounts: Vec<Account> = fetched.records(7);
        accounts.sort_by_key(|account| account.name.to_lowercase());

        // Newest first, so the first handoff seen per account is its last one.
        let mut last_handoff_checkpoint = BTreeMap::new();
        for handoff in &handoffs {
            if let (Some(account), Some(checkpoint)) = (handoff.to_account_id, handoff.checkpoint_id) {
                last_handoff_checkpoint.entry(account).or_insert(checkpoint);
            }
        }
        let ended: Vec<&Session> =
            sessions.iter().filter(|session| session.status != SessionStatus::InProgress).collect();
        let average_session_credits = if ended.is_empty() {
            0
        } else {
            ended.iter().map(|session| session.credits_used).sum::<i64>() / ended.len() as i64
        };

        let mut follow_up = vec![];
        for account in &accounts {
            follow_up.push(Read::Query(
                Query::index(StoreName::Sessions, ix::LIVE_ACCOUNT, live(vec![Key::id(account.id)])).reverse().first(),
            ));
        }
        // The transcript: of the newest session that has turns among the few newest.
        let candidates: Vec<Id> = sessions.iter().take(5).map(|session| session.id).collect();
        for id in &candidates {
            follow_up.push(Read::Count(Query::index(
                StoreName::Turns,
                ix::BY_SESSION,
                KeyRange::prefix(vec![Key::id(*id)]),
            )));
        }
        let more = if follow_up.is_empty() { Fetches::default() } else { self.store.read(follow_up).await? };
        let mut last_used = BTreeMap::new();
        for (position, account) in accounts.iter().enumerate() {
            if let Some(session) = more.record::<Session>(position) {
                last_used.insert(account.id, session.started_at);
            }
        }
        let transcript_session = candidates
            .iter()
            .enumerate()
            .find(|(position, _)| more.count(accounts.len() + position) > 0)
            .map(|(_, id)| *id);
        let transcript = match transcript_session {
            Some(id) => self.transcript(id).await?,
            None => Vec::new(),
        };
        Ok(HandoffSources {
            project,
            sessions,
            session_total,
            checkpoints,
            knowledge,
            transcript,
            transcript_session,
            accounts,
            last_used,
            last_handoff_checkpoint,
            average_session_credits,
            next_session_number,
        })
    }

    /// Queues a built bundle: the handoff (pending), a checkpoint of the state it was built from
    /// (the base of the next delta bundle to that account), the link from its session, and the
    /// usage count of the knowledge it includes. One transaction.
    pub async fn queue_handoff(&self, draft: QueueDraft) -> Result<Handoff> {
        let priority = priority_checked(draft.priority)?;
        let now = self.now();
        let id = self.new_id();
        let checkpoint_id = self.new_id();
        let event_id = self.new_id();
        let mut reads = vec![Read::get::<Project>(draft.project_id)];
        let session_read = reads.len();
        if let Some(session) = draft.from_session_id {
            reads.push(Read::get::<Session>(session));
        }
        let account_read = reads.len();
        if let Some(account) = draft.to_account_id {
            reads.push(Read::get::<Account>(account));
        }
        let knowledge_read = reads.len();
        for knowledge in &draft.knowledge_ids {
            reads.push(Read::get::<KnowledgeEntry>(*knowledge));
        }
        self.commit(
            reads,
            &[
                StoreName::Handoffs,
                StoreName::Checkpoints,
                StoreName::Sessions,
                StoreName::Knowledge,
                StoreName::Events,
            ],
            Durability::Relaxed,
            move |fetched| {
                let project: Project = fetched
                    .record(0)
                    .filter(|p: &Project| p.deleted_at.is_none())
                    .ok_or(Error::NotFound(RecordType::Project))?;
                let mut writes = Vec::new();
                let mut from_account_id = None;
                if draft.from_session_id.is_some() {
                    if let Some(mut session) = fetched.record::<Session>(session_read) {
                        from_account_id = session.account_id;
                        session.to_handoff_id = Some(id);
                        session.touch(now);
                        writes.push(Write::put(session));
                    }
                }
                let target_name = if draft.to_account_id.is_some() {
                    let account: Account = fetched
                        .record(account_read)
                        .filter(|a: &Account| a.deleted_at.is_none())
                        .ok_or(Error::NotFound(RecordType::Account))?;
                    Some(account.name)
                } else {
                    None
                };
                for position in 0..draft.knowledge_ids.len() {
                    if let Some(mut entry) = fetched.record::<KnowledgeEntry>(knowledge_read + position) {
                        entry.usage_count = crate::rules::bump_count(entry.usage_count);
                        entry.touch(now);
                        writes.push(Write::put(entry));
                    }
                }
                let label = match &target_name {
                    Some(name) => format!("Handoff to {name}"),
                    None => "Handoff".to_string(),
                };
                let checkpoint = super::checkpoints::checkpoint_record(
                    checkpoint_id,
                    now,
                    &project,
                    draft.from_session_id,
                    CheckpointKind::Handoff,
                    label,
                    String::new(),
                );
                let handoff = Handoff {
                    id,
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                    rev: 1,
                    project_id: project.id,
                    from_session_id: draft.from_session_id,
                    from_account_id,
                    to_account_id: draft.to_account_id,
                    priority,
                    status: HandoffStatus::Pending,
                    failure_reason: String::new(),
                    queued_at: now,
                    started_at: None,
                    finished_at: None,
                    checkpoint_id: Some(checkpoint_id),
                    result_session_id: None,
                    bundle: draft.bundle,
                };
                let summary = match &target_name {
                    Some(name) => format!("Queued a handoff of “{}” to {name}", project.name),
                    None => format!("Queued a handoff of “{}”", project.name),
                };
                writes.push(Write::put(checkpoint));
                writes.push(Write::put(handoff.clone()));
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    EventKind::HandedOff,
                    RecordType::Handoff,
                    Some(id),
                    summary,
                )));
                Ok((writes, handoff))
            },
        )
        .await
    }

    /// A page of the queue: open handoffs (pending, then processing) in queue order — most
    /// urgent first, then oldest — or one status.
    pub async fn handoff_queue(&self, filter: QueueFilter, offset: u32, limit: u32) -> Result<Page<Handoff>> {
        let by_status = |status: HandoffStatus| {
            Query::index(StoreName::Handoffs, ix::LIVE_STATUS, live(vec![Key::str(status.as_str())]))
        };
        match filter {
            QueueFilter::Status(status) => {
                let mut query = by_status(status);
                // Finished ones: newest first is what people look for.
                if matches!(status, HandoffStatus::Completed | HandoffStatus::Failed) {
                    query = Query::index(StoreName::Handoffs, ix::LIVE_STATUS, live(vec![Key::str(status.as_str())]))
                        .reverse();
                }
                let fetched =
                    self.store.read(vec![Read::Query(query.clone().page(offset, limit)), Read::Count(query)]).await?;
                Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) })
            }
            QueueFilter::Open => {
                let pending = by_status(HandoffStatus::Pending);
                let processing = by_status(HandoffStatus::Processing);
                let counts =
                    self.store.read(vec![Read::Count(pending.clone()), Read::Count(processing.clone())]).await?;
                let (pending_total, processing_total) = (counts.count(0), counts.count(1));
                let mut items = Vec::new();
                let mut reads = Vec::new();
                if (offset as u64) < pending_total {
                    reads.push(Read::Query(pending.page(offset, limit)));
                }
                let taken_from_pending = (pending_total.saturating_sub(offset as u64)).min(limit as u64) as u32;
                if taken_from_pending < limit {
                    let processing_offset = (offset as u64).saturating_sub(pending_total) as u32;
                    reads.push(Read::Query(processing.page(processing_offset, limit - taken_from_pending)));
                }
                if !reads.is_empty() {
                    let fetched = self.store.read(reads.clone()).await?;
                    for position in 0..reads.len() {
                        items.extend(fetched.records::<Handoff>(position));
                    }
                }
                Ok(Page { items, offset, total: pending_total + processing_total })
            }
        }
    }

    /// The names of the projects and accounts a page of handoffs refers to (one read).
    pub async fn handoff_names(&self, handoffs: &[Handoff]) -> Result<BTreeMap<Id, String>> {
        let mut projects: Vec<Id> = handoffs.iter().map(|handoff| handoff.project_id).collect();
        projects.sort();
        projects.dedup();
        let mut accounts: Vec<Id> =
            handoffs.iter().flat_map(|handoff| [handoff.to_account_id, handoff.from_account_id]).flatten().collect();
        accounts.sort();
        accounts.dedup();
        let reads: Vec<Read> = projects
            .iter()
            .map(|id| Read::get::<Project>(*id))
            .chain(accounts.iter().map(|id| Read::get::<Account>(*id)))
            .collect();
        if reads.is_empty() {
            return Ok(BTreeMap::new());
        }
        let fetched = self.store.read(reads).await?;
        let mut names = BTreeMap::new();
        for (position, id) in projects.iter().enumerate() {
            if let Some(project) = fetched.record::<Project>(position) {
                names.insert(*id, project.name);
            }
        }
        for (position, id) in accounts.iter().enumerate() {
            if let Some(account) = fetched.record::<Account>(projects.len() + position) {
                names.insert(*id, account.name);
            }
        }
        Ok(names)
    }

    /// How many handoffs each status has (the queue's tabs).
    pub async fn handoff_status_counts(&self) -> Result<BTreeMap<HandoffStatus, u64>> {
        let reads = HandoffStatus::ALL
            .iter()
            .map(|status| {
                Read::Count(Query::index(StoreName::Handoffs, ix::LIVE_STATUS, live(vec![Key::str(status.as_str())])))
            })
            .collect();
        let fetched = self.store.read(reads).await?;
        Ok(HandoffStatus::ALL.iter().enumerate().map(|(position, status)| (*status, fetched.count(position))).collect())
    }

    /// Changes one handoff in a transaction, with an activity event.
    async fn change_handoff(
        &self,
        id: Id,
        change: impl FnOnce(&mut Handoff, Timestamp) -> Result<(EventKind, String)>,
    ) -> Result<Handoff> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(vec![Read::get::<Handoff>(id)], &[StoreName::Handoffs, StoreName::Events], Durability::Relaxed, {
            move |fetched| {
                let mut handoff: Handoff =
                    fetched.record(0).filter(|h: &Handoff| h.deleted_at.is_none()).ok_or_else(not_found_handoff)?;
                let (kind, summary) = change(&mut handoff, now)?;
                handoff.touch(now);
                let event = event_record(event_id, now, kind, RecordType::Handoff, Some(id), summary);
                Ok((vec![Write::put(handoff.clone()), Write::put(event)], handoff))
            }
        })
        .await
    }

    /// Marks a handoff as being started (pending or failed → processing).
    pub async fn begin_handoff(&self, id: Id) -> Result<Handoff> {
        self.change_handoff(id, |handoff, now| match handoff.status {
            HandoffStatus::Pending | HandoffStatus::Failed | HandoffStatus::Processing => {
                handoff.status = HandoffStatus::Processing;
                handoff.started_at = Some(now);
                handoff.failure_reason.clear();
                Ok((EventKind::StatusChanged, "Started a session from a handoff".into()))
            }
            HandoffStatus::Completed => Err(Error::Rule(RuleError::HandoffAlreadyStarted)),
        })
        .await
    }

    /// Marks a handoff as failed, with why (kept; it can be retried).
    pub async fn fail_handoff(&self, id: Id, reason: &str) -> Result<Handoff> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::Invalid(FieldErrors::from(FieldError::new("failure_reason", Problem::Required))));
        }
        self.change_handoff(id, move |handoff, now| {
            if handoff.status == HandoffStatus::Completed {
                return Err(Error::Rule(RuleError::CompletedHandoffCannotFail));
            }
            handoff.status = HandoffStatus::Failed;
            handoff.finished_at = Some(now);
            let summary = format!("Handoff failed: {reason}");
            handoff.failure_reason = reason;
            Ok((EventKind::StatusChanged, summary))
        })
        .await
    }

    /// Puts a failed (or stuck processing) handoff back in the queue.
    pub async fn retry_handoff(&self, id: Id) -> Result<Handoff> {
        self.change_handoff(id, |handoff, _| match handoff.status {
            HandoffStatus::Failed | HandoffStatus::Processing => {
                handoff.status = HandoffStatus::Pending;
                handoff.started_at = None;
                handoff.finished_at = None;
                handoff.failure_reason.clear();
                Ok((EventKind::StatusChanged, "Handoff back in the queue".into()))
            }
            _ => Err(Error::Rule(RuleError::HandoffNotRetriable)),
        })
        .await
    }

    /// Changes a handoff's priority (1–10).
    pub async fn set_handoff_priority(&self, id: Id, priority: u8) -> Result<Handoff> {
        let priority = priority_checked(priority)?;
        self.change_handoff(id, move |handoff, _| {
            handoff.priority = priority;
            Ok((EventKind::Updated, format!("Handoff priority set to {priority}")))
        })
        .await
    }

    pub async fn trash_handoff(&self, id: Id) -> Result<Handoff> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(vec![Read::get::<Handoff>(id)], &[StoreName::Handoffs, StoreName::Events], Durability::Relaxed, {
            move |fetched| {
                let mut handoff: Handoff = fetched.record(0).ok_or_else(not_found_handoff)?;
                if !rules::trash(&mut handoff, now) {
                    return Ok((vec![], handoff));
                }
                let event = event_record(
                    event_id,
                    now,
                    EventKind::Deleted,
                    RecordType::Handoff,
                    Some(id),
                    "Moved a handoff to the trash".into(),
                );
                Ok((vec![Write::put(handoff.clone()), Write::put(event)], handoff))
            }
        })
        .await
    }

    /// Starts the next session from a queued handoff: marks it processing, then creates the
    /// session on the target account linked both ways and completes the handoff in one
    /// transaction; when that fails, the handoff is kept as failed with the reason, as `reason`
    /// words the error (the interface does, in its language: the reason is stored and shown).
    pub async fn start_session_from_handoff(
        &self,
        id: Id,
        mut draft: SessionDraft,
        reason: impl Fn(&Error) -> String,
    ) -> Result<(Session, Handoff)> {
        let handoff = self.begin_handoff(id).await?;
        draft.project_id = Some(handoff.project_id);
        if draft.account_id.is_none() {
            draft.account_id = handoff.to_account_id;
        }
        draft.from_handoff_id = Some(id);
        match self.start_session(&draft).await {
            Ok(session) => {
                let handoff = self.handoff(id).await?;
                Ok((session, handoff))
            }
            Err(error) => {
                // Invalid input is the form's to fix: the handoff goes back to pending.
                if matches!(error, Error::Invalid(_)) {
                    self.retry_handoff(id).await?;
                } else {
                    self.fail_handoff(id, &reason(&error)).await?;
                }
                Err(error)
            }
        }
    }

    /// Applies a return report: fills the session's report (ending it when it is in progress,
    /// which debits its credits through the ledger), keeps unknown sections in its notes, and,
    /// when a new living state was accepted, takes a checkpoint of the current state first and
    /// then sets the new one. Knowledge the report proposed is added. One transaction.
    pub async fn apply_report(&self, session_id: Id, report: ReportApplication) -> Result<ReportApplied> {
        let mut errors = FieldErrors::default();
        for (field, _, text) in [
            ("accomplishments", "Accomplishments", &report.accomplishments),
            ("blockers", "Blockers", &report.blockers),
            ("state_notes", "State notes", &report.state_notes),
            ("next_steps", "Next steps", &report.next_steps),
            ("decisions", "Decisions", &report.decisions),
        ] {
            errors.check(crate::validate::long_text(field, text));
        }
        if let Some(credits) = report.credits_used {
            if !(0..=crate::validate::CREDITS_MAX).contains(&credits) {
                errors
                    .push("credits_used", Problem::Number { expected: Expected::Between(0, CREDITS_MAX), error: None });
            }
        }
        if let Some(state) = &report.new_state {
            if let Err(state_errors) = crate::validate::living_state(state) {
                errors.0.extend(state_errors.0);
            }
        }
        if report.status == Some(SessionStatus::InProgress) {
            errors.push("status", Problem::Choose);
        }
        errors.into_result(())?;
        let session = self.session(session_id).await?;
        let now = self.now();
        let entry_id = self.new_id();
        let checkpoint_id = self.new_id();
        let event_id = self.new_id();
        let knowledge_ids: Vec<Id> = report.knowledge.iter().map(|_| self.new_id()).collect();
        let threshold = self.exhaustion_threshold();
        let mut reads = vec![
            Read::get::<Session>(session_id),
            Read::get::<Project>(session.project_id),
            super::accounts::in_progress_read(),
        ];
        if let Some(account) = session.account_id {
            reads.push(Read::get::<Account>(account));
        }
        self.commit(
            reads,
            &[
                StoreName::Sessions,
                StoreName::Projects,
                StoreName::Checkpoints,
                StoreName::Accounts,
                StoreName::Ledger,
                StoreName::Knowledge,
                StoreName::Events,
            ],
            Durability::Relaxed,
            move |fetched| {
                let mut session: Session = fetched
                    .record(0)
                    .filter(|s: &Session| s.deleted_at.is_none())
                    .ok_or(Error::NotFound(RecordType::Session))?;
                let mut project: Project = fetched
                    .record(1)
                    .filter(|p: &Project| p.deleted_at.is_none())
                    .ok_or(Error::NotFound(RecordType::Project))?;
                let mut writes = Vec::new();
                let was_in_progress = session.status == SessionStatus::InProgress;
                let credits_before = if was_in_progress { 0 } else { session.credits_used };
                let credits_after = report.credits_used.unwrap_or(session.credits_used);
                if was_in_progress {
                    session.status = report.status.unwrap_or(SessionStatus::Completed);
                    session.ended_at = Some(now);
                    session.duration_minutes = Some(session.started_at.minutes_until(now));
                }
                session.credits_used = credits_after;
                let keep = |old: &str, new: &str| if new.trim().is_empty() { old.to_string() } else { new.to_string() };
                session.accomplishments = keep(&session.accomplishments, &report.accomplishments);
                session.blockers = keep(&session.blockers, &report.blockers);
                session.state_notes = keep(&session.state_notes, &report.state_notes);
                session.next_steps = keep(&session.next_steps, &report.next_steps);
                session.decisions = keep(&session.decisions, &report.decisions);
                session.notes = append_note(&session.notes, &report.notes);
                if session.status == SessionStatus::Completed && session.accomplishments.trim().is_empty() {
                    return Err(Error::Invalid(FieldErrors::from(FieldError::new(
                        "accomplishments",
                        Problem::NeededToComplete,
                    ))));
                }
                session.touch(now);
                let delta = credits_before - credits_after;
                if let Some(account) = fetched.record::<Account>(3).filter(|account| account.deleted_at.is_none()) {
                    if delta != 0 || was_in_progress {
                        let busy = fetched.records::<Session>(2).iter().any(|other| {
                            other.account_id == Some(account.id)
                                && other.id != session_id
                                && other.status == SessionStatus::InProgress
                        });
                        let note = format!("Session {} (report)", session.number);
                        let settle = sessions::SessionCredits { session: session_id, now, entry_id, threshold, busy };
                        writes.extend(settle.settle(account, delta, &note)?);
                    }
                }
                let mut checkpoint = None;
                if let Some(state) = report.new_state {
                    if state != project.state {
                        let taken = super::checkpoints::checkpoint_record(
                            checkpoint_id,
                            now,
                            &project,
                            Some(session_id),
                            CheckpointKind::Checkpoint,
                            format!("Before the report of session {}", session.number),
                            String::new(),
                        );
                        writes.push(Write::put(taken.clone()));
                        checkpoint = Some(taken);
                        project.state = state;
                        project.touch(now);
                        writes.push(Write::put(project.clone()));
                    }
                }
                let knowledge_added = report.knowledge.len();
                for ((category, title, body), id) in report.knowledge.into_iter().zip(knowledge_ids) {
                    let title: String = title.chars().take(crate::validate::NAME_MAX).collect();
                    if title.trim().is_empty() {
                        continue;
                    }
                    writes.push(Write::put(KnowledgeEntry {
                        id,
                        created_at: now,
                        updated_at: now,
                        deleted_at: None,
                        rev: 1,
                        category,
                        title,
                        body,
                        tags: project.tags.clone(),
                        project_id: Some(project.id),
                        source_session_id: Some(session_id),
                        usage_count: 0,
                        helped: 0,
                        did_not_help: 0,
                    }));
                }
                let summary = format!("Applied the report of session {} on “{}”", session.number, project.name);
                writes.push(Write::put(session.clone()));
                writes.push(Write::put(event_record(
                    event_id,
                    now,
                    EventKind::Updated,
                    RecordType::Session,
                    Some(session_id),
                    summary,
                )));
                Ok((writes, ReportApplied { session, project, checkpoint, knowledge_added }))
            },
        )
        .await
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

    /// The failure reason a test stores: the error's data.
    fn debug(error: &Error) -> String {
        format!("{error:?}")
    }

    struct Fixture {
        service: Service<MemoryStore>,
        env: Rc<TestEnv>,
        project: Project,
        claude: Account,
        gpt: Account,
    }

    fn account(service: &Service<MemoryStore>, name: &str, platform: Platform, credits: &str) -> Account {
        let mut draft = AccountDraft::new(platform);
        draft.name = name.into();
        draft.credits_available = credits.into();
        draft.credit_limit = "100".into();
        block_on(service.create_account(&draft)).unwrap()
    }

    fn fixture() -> Fixture {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        let service = Service::new(MemoryStore::new(), env.clone());
        let project = block_on(service.create_project(&ProjectDraft {
            name: "Parser".into(),
            tags: "rust, parsing".into(),
            ..ProjectDraft::default()
        }))
        .unwrap();
        let claude = account(&service, "Work Claude", Platform::Claude, "80");
        let gpt = account(&service, "Home GPT", Platform::Chatgpt, "60");
        Fixture { service, env, project, claude, gpt }
    }

    fn session_draft(f: &Fixture, account: &Account) -> SessionDraft {
        SessionDraft {
            project_id: Some(f.project.id),
            account_id: Some(account.id),
            session_type: SessionType::Feature,
            title: "Tokenizer".into(),
            objectives: "Write the tokenizer".into(),
            credit_budget: String::new(),
            from_handoff_id: None,
        }
    }

    fn bundle(text: &str) -> Bundle {
        Bundle {
            format: BundleFormat::Markdown,
            target_platform: Platform::Chatgpt,
            budget: 1000,
            estimated_tokens: 10,
            sections: vec!["header".into()],
            trimmed: vec![],
            lint: vec![],
            text: text.into(),
        }
    }

    fn queue(f: &Fixture, from: Option<Id>, to: Option<Id>, priority: u8) -> Handoff {
        block_on(f.service.queue_handoff(QueueDraft {
            project_id: f.project.id,
            from_session_id: from,
            to_account_id: to,
            priority,
            bundle: bundle("# Handoff"),
            knowledge_ids: vec![],
        }))
        .unwrap()
    }

    #[test]
    fn queueing_links_the_session_takes_a_checkpoint_and_counts_knowledge_use() {
        let f = fixture();
        let session = block_on(f.service.start_session(&session_draft(&f, &f.claude))).unwrap();
        let entry = block_on(f.service.create_knowledge(&crate::service::KnowledgeDraft {
            title: "Use a lexer".into(),
            ..crate::service::KnowledgeDraft::new(KnowledgeCategory::Pattern)
        }))
        .unwrap();
        let handoff = block_on(f.service.queue_handoff(QueueDraft {
            project_id: f.project.id,
            from_session_id: Some(session.id),
            to_account_id: Some(f.gpt.id),
            priority: 7,
            bundle: bundle("text"),
            knowledge_ids: vec![entry.id],
        }))
        .unwrap();
        assert_eq!(handoff.status, HandoffStatus::Pending);
        assert_eq!(handoff.from_account_id, Some(f.claude.id));
        let session = block_on(f.service.session(session.id)).unwrap();
        assert_eq!(session.to_handoff_id, Some(handoff.id));
        let checkpoint = block_on(f.service.checkpoint(handoff.checkpoint_id.unwrap())).unwrap();
        assert_eq!(checkpoint.kind, CheckpointKind::Handoff);
        assert_eq!(checkpoint.label, "Handoff to Home GPT");
        assert_eq!(block_on(f.service.knowledge_entry(entry.id)).unwrap().usage_count, 1);
        let sources = block_on(f.service.handoff_sources(f.project.id)).unwrap();
        assert_eq!(sources.delta_base_for(Some(f.gpt.id)).map(|c| c.id), Some(checkpoint.id));
        assert_eq!(sources.delta_base_for(Some(f.claude.id)), None);
        assert_eq!(sources.next_session_number, 2);
        assert_eq!(sources.last_used.get(&f.claude.id), Some(&session.started_at));
    }

    #[test]
    fn priority_outside_one_to_ten_is_refused() {
        let f = fixture();
        for priority in [0, 11] {
            let result = block_on(f.service.queue_handoff(QueueDraft {
                project_id: f.project.id,
                from_session_id: None,
                to_account_id: None,
                priority,
                bundle: bundle("x"),
                knowledge_ids: vec![],
            }));
            assert!(matches!(result, Err(Error::Invalid(_))), "{priority}");
        }
    }

    #[test]
    fn the_queue_is_ordered_by_priority_then_age_and_pages() {
        let f = fixture();
        let low = queue(&f, None, None, 2);
        f.env.clock.advance(Duration::minutes(1));
        let urgent = queue(&f, None, None, 9);
        f.env.clock.advance(Duration::minutes(1));
        let urgent_later = queue(&f, None, None, 9);
        let processing = queue(&f, None, None, 5);
        block_on(f.service.begin_handoff(processing.id)).unwrap();
        let page = block_on(f.service.handoff_queue(QueueFilter::Open, 0, 10)).unwrap();
        let ids: Vec<Id> = page.items.iter().map(|h| h.id).collect();
        assert_eq!(ids, vec![urgent.id, urgent_later.id, low.id, processing.id]);
        assert_eq!(page.total, 4);
        let second = block_on(f.service.handoff_queue(QueueFilter::Open, 2, 2)).unwrap();
        assert_eq!(second.items.iter().map(|h| h.id).collect::<Vec<_>>(), vec![low.id, processing.id]);
        let counts = block_on(f.service.handoff_status_counts()).unwrap();
        assert_eq!(counts[&HandoffStatus::Pending], 3);
        assert_eq!(counts[&HandoffStatus::Processing], 1);
    }

    #[test]
    fn starting_a_session_from_a_handoff_links_both_ways_and_completes_it() {
        let f = fixture();
        let first = block_on(f.service.start_session(&session_draft(&f, &f.claude))).unwrap();
        let handoff = queue(&f, Some(first.id), Some(f.gpt.id), 5);
        let mut draft = session_draft(&f, &f.gpt);
        draft.account_id = None;
        let (session, handoff) = block_on(f.service.start_session_from_handoff(handoff.id, draft, debug)).unwrap();
        assert_eq!(session.account_id, Some(f.gpt.id), "the target account is used");
        assert_eq!(session.from_handoff_id, Some(handoff.id));
        assert_eq!(session.number, 2);
        assert_eq!(handoff.status, HandoffStatus::Completed);
        assert_eq!(handoff.result_session_id, Some(session.id));
        assert!(handoff.started_at.is_some() && handoff.finished_at.is_some());
        let again = block_on(f.service.start_session_from_handoff(handoff.id, session_draft(&f, &f.gpt), debug));
        assert!(matches!(again, Err(Error::Rule(_))));
    }

    #[test]
    fn a_failed_start_keeps_the_handoff_failed_with_the_reason_and_it_can_be_retried() {
        let f = fixture();
        let handoff = queue(&f, None, Some(f.gpt.id), 5);
        block_on(f.service.set_account_blocked(f.gpt.id, true)).unwrap();
        let result = block_on(f.service.start_session_from_handoff(handoff.id, session_draft(&f, &f.gpt), debug));
        let blocked = Error::Rule(RuleError::AccountBlocked { account: f.gpt.name.clone() });
        assert_eq!(result, Err(blocked.clone()));
        let failed = block_on(f.service.handoff(handoff.id)).unwrap();
        assert_eq!(failed.status, HandoffStatus::Failed);
        // The reason is the error as the caller worded it.
        assert_eq!(failed.failure_reason, debug(&blocked));
        let retried = block_on(f.service.retry_handoff(handoff.id)).unwrap();
        assert_eq!(retried.status, HandoffStatus::Pending);
        assert!(retried.failure_reason.is_empty());
        block_on(f.service.set_account_blocked(f.gpt.id, false)).unwrap();
        let (session, _) =
            block_on(f.service.start_session_from_handoff(handoff.id, session_draft(&f, &f.gpt), debug)).unwrap();
        assert_eq!(session.from_handoff_id, Some(handoff.id));
        assert!(matches!(block_on(f.service.fail_handoff(handoff.id, "  ")), Err(Error::Invalid(_))));
    }

    #[test]
    fn a_report_ends_the_session_debits_credits_checkpoints_and_sets_the_state() {
        let f = fixture();
        let session = block_on(f.service.start_session(&session_draft(&f, &f.claude))).unwrap();
        let mut state = f.project.state.clone();
        state.current_state = "Tokenizer done".into();
        state.next_steps = vec!["Write the parser".into()];
        let applied = block_on(f.service.apply_report(
            session.id,
            ReportApplication {
                status: Some(SessionStatus::Completed),
                credits_used: Some(30),
                accomplishments: "- Tokenizer".into(),
                notes: "## Mood\nGood".into(),
                new_state: Some(state.clone()),
                knowledge: vec![(KnowledgeCategory::Tip, "Peek twice".into(), "Lookahead of two".into())],
                ..ReportApplication::default()
            },
        ))
        .unwrap();
        assert_eq!(applied.session.status, SessionStatus::Completed);
        assert_eq!(applied.session.credits_used, 30);
        assert!(applied.session.notes.contains("## Mood"));
        assert_eq!(applied.project.state, state);
        let checkpoint = applied.checkpoint.unwrap();
        assert_eq!(checkpoint.state, f.project.state, "the checkpoint keeps the replaced state");
        assert_eq!(block_on(f.service.account(f.claude.id)).unwrap().credits_available, 50);
        assert_eq!(applied.knowledge_added, 1);
        let page = block_on(f.service.knowledge(&crate::service::KnowledgeFilter::default(), 0, 10)).unwrap();
        assert_eq!(page.items[0].source_session_id, Some(session.id));

        // Applying a corrected report to the ended session moves the ledger by the difference.
        let again = block_on(
            f.service
                .apply_report(session.id, ReportApplication { credits_used: Some(20), ..ReportApplication::default() }),
        )
        .unwrap();
        assert_eq!(again.session.accomplishments, "- Tokenizer", "empty fields keep what was there");
        assert_eq!(block_on(f.service.account(f.claude.id)).unwrap().credits_available, 60);
        assert!(again.checkpoint.is_none());
    }

    #[test]
    fn a_completed_report_without_done_is_refused_and_changes_nothing() {
        let f = fixture();
        let session = block_on(f.service.start_session(&session_draft(&f, &f.claude))).unwrap();
        let result = block_on(f.service.apply_report(
            session.id,
            ReportApplication { status: Some(SessionStatus::Completed), credits_used: Some(5), ..Default::default() },
        ));
        assert!(matches!(result, Err(Error::Invalid(_))));
        assert_eq!(block_on(f.service.session(session.id)).unwrap().status, SessionStatus::InProgress);
        assert_eq!(block_on(f.service.account(f.claude.id)).unwrap().credits_available, 80);
    }

    #[test]
    fn sources_pick_the_newest_transcript_and_rank_accounts() {
        let f = fixture();
        let session = block_on(f.service.start_session(&session_draft(&f, &f.claude))).unwrap();
        block_on(f.service.save_transcript(
            session.id,
            vec![NewTurn { role: Role::User, content: "Hello".into(), tokens: 1 }],
            false,
        ))
        .unwrap();
        f.env.clock.advance(Duration::minutes(5));
        block_on(f.service.start_session(&session_draft(&f, &f.gpt))).unwrap();
        let sources = block_on(f.service.handoff_sources(f.project.id)).unwrap();
        assert_eq!(sources.transcript_session, Some(session.id));
        assert_eq!(sources.transcript.len(), 1);
        assert_eq!(sources.session_total, 2);
        let ranked = sources.rank(Some(150_000), Some(0), f.env.now());
        let claude = ranked.iter().find(|r| r.account.id == f.claude.id).unwrap();
        let gpt = ranked.iter().find(|r| r.account.id == f.gpt.id).unwrap();
        assert!(claude.eligible, "200k window holds 150k");
        assert!(!gpt.eligible, "128k window does not: {:?}", gpt.reasons);
    }
}
