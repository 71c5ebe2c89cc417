//! The benchmark's datasets (see `spec/quality.md`, Performance): a deterministic, seeded
//! generator of Baton data written as export files that `baton_core::exchange::decode` accepts.
//!
//! The **heavy** dataset is 100 projects, 30 accounts, 10,000 sessions, 100,000 transcript turns,
//! 20,000 checkpoints, 3,000 handoffs, 2,000 knowledge entries and 20,000 ledger entries (about
//! 100 MB as an export); the **medium** one is a tenth of it. Besides those, 5,000 (heavy) or 500
//! (medium) activity events, as a real browser would hold.
//!
//! The text is made to look like real use: markdown with lists and fenced code in several
//! languages, lengths with a long tail, about one sentence in twelve in German, French, Spanish,
//! Russian, Chinese, Japanese, Korean, Indonesian or Greek. Handoff bundles are built by Baton's
//! own builder from the project's sessions, knowledge and transcript, so they have real sizes.
//!
//! Ids are [`Id::derived`] from the seed and a counter, session numbers are unique per project,
//! ledger balances follow the entries, and every date lies in the two years before
//! [`BASE_TIME`]; no refresh falls due and nothing is in the trash, so opening the app on this
//! data writes nothing.

pub mod text;

use baton_core::exchange::{encode, Dataset, ExportMeta, Scope};
use baton_core::handoff::{build, BuildInput, BuildOptions};
use baton_core::tokens::estimate_tokens;
use baton_core::*;
use chrono::Duration;
use std::collections::BTreeSet;
use text::Rng;

/// The newest date in the data: 2026-11-01T00:00:00Z. Data spans the two years before it.
pub const BASE_TIME_MILLIS: i64 = 1_793_491_200_000;
const SPAN_DAYS: i64 = 730;
/// The seed of the published datasets.
pub const DEFAULT_SEED: u64 = 0x00BA_7074;

pub fn base_time() -> Timestamp {
    Timestamp::from_unix_millis(BASE_TIME_MILLIS).expect("a valid time")
}

/// How many records of each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub projects: usize,
    pub accounts: usize,
    pub sessions: usize,
    pub turns: usize,
    pub checkpoints: usize,
    pub handoffs: usize,
    pub knowledge: usize,
    pub ledger: usize,
    pub events: usize,
    /// Sessions of the first project (the bundle benchmark's "project with 500 sessions").
    pub big_project_sessions: usize,
}

impl Size {
    pub const HEAVY: Size = Size {
        projects: 100,
        accounts: 30,
        sessions: 10_000,
        turns: 100_000,
        checkpoints: 20_000,
        handoffs: 3_000,
        knowledge: 2_000,
        ledger: 20_000,
        events: 5_000,
        big_project_sessions: 500,
    };

    /// A tenth of the heavy dataset (accounts: 10).
    pub const MEDIUM: Size = Size {
        projects: 10,
        accounts: 10,
        sessions: 1_000,
        turns: 10_000,
        checkpoints: 2_000,
        handoffs: 300,
        knowledge: 200,
        ledger: 2_000,
        events: 500,
        big_project_sessions: 200,
    };

    /// A small dataset for tests.
    pub const SMALL: Size = Size {
        projects: 6,
        accounts: 4,
        sessions: 60,
        turns: 400,
        checkpoints: 80,
        handoffs: 20,
        knowledge: 30,
        ledger: 90,
        events: 40,
        big_project_sessions: 20,
    };

    pub fn by_name(name: &str) -> Option<Size> {
        match name {
            "heavy" => Some(Size::HEAVY),
            "medium" => Some(Size::MEDIUM),
            "small" => Some(Size::SMALL),
            _ => None,
        }
    }
}

/// A generated dataset and what the benchmark needs to know about it.
pub struct Generated {
    pub dataset: Dataset,
    /// The project with [`Size::big_project_sessions`] sessions.
    pub big_project: Id,
    pub big_project_name: String,
}

/// The export document of a dataset (full scope, dated [`base_time`]), byte for byte the same
/// for the same dataset.
pub fn export_text(dataset: &Dataset) -> String {
    let meta = ExportMeta { app_version: "0.1.0".into(), exported_at: base_time(), scope: Scope::Full };
    encode(dataset, &meta)
}

fn id(seed: u64, kind: &str, n: usize) -> Id {
    Id::derived(&format!("baton-bench/{kind}"), &format!("{seed}/{n}"))
}

fn at(millis: i64) -> Timestamp {
    Timestamp::from_unix_millis(millis).expect("dates of the dataset are valid")
}

/// A time in the dataset's span, `fraction` of the way from its start (0) to [`BASE_TIME`] (1).
fn time_at(fraction: f64) -> i64 {
    let span = SPAN_DAYS * 86_400_000;
    BASE_TIME_MILLIS - span + (fraction.clamp(0.0, 1.0) * span as f64) as i64
}

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

const PROJECT_WORDS: &[&str] = &[
    "Ledgerline",
    "Orchard",
    "Tidewater",
    "Parcel",
    "Beacon",
    "Quarry",
    "Lantern",
    "Meridian",
    "Harbor",
    "Cinder",
    "Atlas",
    "Juniper",
    "Kestrel",
    "Marble",
    "Nimbus",
    "Pylon",
    "Quill",
    "Rivet",
    "Sable",
    "Thistle",
];
const PROJECT_KINDS: &[&str] = &[
    "bookkeeping API",
    "invoice OCR",
    "mobile checkout",
    "data pipeline",
    "docs site",
    "CLI toolkit",
    "support bot",
    "analytics dashboard",
    "payment webhooks",
    "search service",
];
const ACCOUNT_PLANS: &[&str] = &["Free", "Plus", "Pro", "Team", "Max", "Enterprise"];

/// Generates the dataset of `size` from `seed`.
pub fn generate(size: &Size, seed: u64) -> Generated {
    let root = Rng::new(seed);
    let accounts = accounts(size, seed, &mut root.fork("accounts"));
    let projects = projects(size, seed, &mut root.fork("projects"));
    let mut sessions = sessions(size, seed, &projects, &accounts, &mut root.fork("sessions"));
    let turns = turns(size, seed, &sessions, &mut root.fork("turns"));
    let knowledge = knowledge(size, seed, &projects, &sessions, &mut root.fork("knowledge"));
    let checkpoints = checkpoints(size, seed, &sessions, &mut root.fork("checkpoints"));
    let handoffs = handoffs(
        size,
        seed,
        HandoffSources { projects: &projects, accounts: &accounts, knowledge: &knowledge, turns: &turns },
        &mut sessions,
        &mut root.fork("handoffs"),
    );
    let ledger = ledger(size, seed, &accounts, &sessions, &mut root.fork("ledger"));
    let accounts = settle_accounts(accounts, &ledger);
    let events = events(size, seed, &projects, &sessions, &handoffs, &mut root.fork("events"));
    let big_project = projects[0].id;
    let big_project_name = projects[0].name.clone();
    let mut dataset = Dataset { projects, accounts, ledger, sessions, turns, checkpoints, handoffs, knowledge, events };
    dataset.sort();
    Generated { dataset, big_project, big_project_name }
}

fn accounts(size: &Size, seed: u64, rng: &mut Rng) -> Vec<Account> {
    let platforms = [Platform::Claude, Platform::Chatgpt, Platform::Gemini, Platform::Genspark, Platform::Other];
    (0..size.accounts)
        .map(|n| {
            let platform = platforms[n % platforms.len()];
            let limit = *rng.pick(&[500i64, 1_000, 2_000, 5_000, 10_000, 20_000]);
            let created = at(time_at(rng.unit() * 0.2));
            let refresh = match n % 4 {
                0 => Refresh::Monthly,
                1 => Refresh::Weekly,
                2 => Refresh::EveryNDays { days: 14 },
                _ => Refresh::None,
            };
            // Refreshes are set far ahead so that opening the app never applies one.
            let next_refresh_at = (refresh != Refresh::None).then(|| at(BASE_TIME_MILLIS + 800 * DAY + n as i64 * DAY));
            Account {
                id: id(seed, "accounts", n),
                created_at: created,
                updated_at: created,
                deleted_at: None,
                rev: 1,
                name: format!("{} {} {}", platform.english(), rng.pick(ACCOUNT_PLANS), n + 1),
                platform,
                platform_label: if platform == Platform::Other { "Mistral".into() } else { String::new() },
                email: format!("work+{}@example.com", n + 1),
                plan: rng.pick(ACCOUNT_PLANS).to_string(),
                specializations: text::tags(rng, 3),
                credits_available: limit,
                credit_limit: limit,
                refresh,
                next_refresh_at,
                context_window_tokens: platform.default_context_window(),
                notes: if rng.chance(30) { text::prose(rng, 200) } else { String::new() },
                status: if n % 15 == 14 { AccountStatus::Blocked } else { AccountStatus::Available },
                bundle_language: None,
            }
        })
        .collect()
}

fn living_state(rng: &mut Rng, scale: usize) -> LivingState {
    let decided = at(time_at(rng.unit()));
    let mut paths: Vec<&str> = text::FILES.to_vec();
    let files = (0..rng.range(2, 4 + scale as u64))
        .filter_map(|_| {
            if paths.is_empty() {
                return None;
            }
            let path = paths.remove(rng.below(paths.len() as u64) as usize);
            Some(KeyFile {
                path: path.to_string(),
                importance: *rng.pick(Importance::ALL),
                notes: if rng.chance(50) { text::sentence(rng) } else { String::new() },
            })
        })
        .collect();
    LivingState {
        goal: text::prose(rng, 60 + 60 * scale),
        current_state: if scale == 0 { text::prose(rng, 160) } else { text::markdown(rng, 250 * scale) },
        next_steps: (0..rng.range(2, 3 + scale as u64)).map(|_| text::sentence(rng)).collect(),
        decisions: (0..rng.range(1, 2 + 2 * scale as u64))
            .map(|_| Decision {
                text: text::sentence(rng),
                rationale: text::prose(rng, 40 + 40 * scale),
                rejected_alternatives: (0..rng.range(0, 2)).map(|_| text::title(rng)).collect(),
                decided_at: Some(decided),
            })
            .collect(),
        constraints: (0..rng.range(0, 3)).map(|_| text::sentence(rng)).collect(),
        files,
        do_not_redo: (0..rng.range(0, 2)).map(|_| text::sentence(rng)).collect(),
    }
}

/// The smaller state a checkpoint copies: where the work stood at that moment.
fn checkpoint_state(rng: &mut Rng) -> LivingState {
    let decided = at(time_at(rng.unit()));
    let first = rng.below(text::FILES.len() as u64) as usize;
    LivingState {
        goal: text::title(rng),
        current_state: text::sentence(rng),
        next_steps: (0..rng.range(1, 2)).map(|_| text::title(rng)).collect(),
        decisions: (0..rng.range(0, 1))
            .map(|_| Decision {
                text: text::title(rng),
                rationale: text::sentence(rng),
                rejected_alternatives: Vec::new(),
                decided_at: Some(decided),
            })
            .collect(),
        constraints: Vec::new(),
        files: (0..rng.range(1, 2) as usize)
            .map(|offset| KeyFile {
                path: text::FILES[(first + offset) % text::FILES.len()].to_string(),
                importance: *rng.pick(Importance::ALL),
                notes: String::new(),
            })
            .collect(),
        do_not_redo: Vec::new(),
    }
}

fn projects(size: &Size, seed: u64, rng: &mut Rng) -> Vec<Project> {
    (0..size.projects)
        .map(|n| {
            let created = at(time_at(rng.unit() * 0.1));
            let updated = at(time_at(0.9 + rng.unit() * 0.1));
            let status = match n % 10 {
                0..=5 => ProjectStatus::Active,
                6 | 7 => ProjectStatus::Paused,
                8 => ProjectStatus::Completed,
                _ => ProjectStatus::Archived,
            };
            let name = if n < PROJECT_WORDS.len() * PROJECT_KINDS.len() {
                format!(
                    "{} {}",
                    PROJECT_WORDS[n % PROJECT_WORDS.len()],
                    PROJECT_KINDS[(n / PROJECT_WORDS.len() + n) % PROJECT_KINDS.len()]
                )
            } else {
                format!("Project {}", n + 1)
            };
            Project {
                id: id(seed, "projects", n),
                created_at: created,
                updated_at: updated,
                deleted_at: None,
                rev: rng.range(3, 40),
                name,
                description: text::prose_between(rng, 60, 300),
                status: if n == 0 { ProjectStatus::Active } else { status },
                tags: text::tags(rng, 5),
                repository_url: rng.chance(70).then(|| format!("https://github.com/example/project-{}", n + 1)),
                notes: if rng.chance(40) { text::markdown(rng, 600) } else { String::new() },
                state: living_state(rng, 3),
            }
        })
        .collect()
}

/// Which project each session belongs to: the first project gets `big_project_sessions`, the
/// others share the rest unevenly (a few busy projects, many quiet ones).
fn session_projects(size: &Size, rng: &mut Rng) -> Vec<usize> {
    let mut owners = vec![0usize; size.big_project_sessions.min(size.sessions)];
    let others = size.projects.saturating_sub(1);
    if others == 0 {
        owners.resize(size.sessions, 0);
        return owners;
    }
    let weights: Vec<f64> = (0..others).map(|_| 0.2 + rng.unit() * rng.unit() * 3.0).collect();
    let total: f64 = weights.iter().sum();
    let rest = size.sessions - owners.len();
    // Every other project gets at least one session; the rest by weight.
    for project in 0..others.min(rest) {
        owners.push(project + 1);
    }
    let mut cumulative = Vec::with_capacity(others);
    let mut sum = 0.0;
    for weight in &weights {
        sum += weight / total;
        cumulative.push(sum);
    }
    while owners.len() < size.sessions {
        let draw = rng.unit();
        let index = cumulative.partition_point(|&edge| edge < draw).min(others - 1);
        owners.push(index + 1);
    }
    owners
}

fn sessions(size: &Size, seed: u64, projects: &[Project], accounts: &[Account], rng: &mut Rng) -> Vec<Session> {
    let owners = session_projects(size, rng);
    let mut starts: Vec<(usize, i64, usize)> =
        owners.iter().enumerate().map(|(n, &project)| (project, time_at(0.1 + rng.unit() * 0.9), n)).collect();
    // Number each project's sessions in time order.
    starts.sort_by_key(|&(project, start, n)| (project, start, n));
    let mut sessions = Vec::with_capacity(size.sessions);
    let mut number = 0u32;
    let mut previous_project = usize::MAX;
    let types = SessionType::ALL;
    for (position, &(project, start, n)) in starts.iter().enumerate() {
        if project != previous_project {
            number = 0;
            previous_project = project;
        }
        number += 1;
        let last_of_project = starts.get(position + 1).is_none_or(|next| next.0 != project);
        // The newest session of three projects (the big one among them) is still going.
        let in_progress = last_of_project && project < 3;
        let account = rng.pick(accounts);
        let minutes = rng.range(10, 240) as u32;
        let status = if in_progress {
            SessionStatus::InProgress
        } else {
            match rng.below(100) {
                0..=79 => SessionStatus::Completed,
                80..=87 => SessionStatus::Failed,
                _ => SessionStatus::HandedOff,
            }
        };
        let ended = (!in_progress).then(|| at(start + minutes as i64 * MINUTE));
        let started = at(start);
        let credits_used = if in_progress { 0 } else { rng.range(5, 400) as i64 };
        sessions.push(Session {
            id: id(seed, "sessions", n),
            created_at: started,
            updated_at: ended.unwrap_or(started),
            deleted_at: None,
            rev: if in_progress { 1 } else { 2 },
            project_id: projects[project].id,
            account_id: Some(account.id),
            account_label: account.name.clone(),
            number,
            session_type: *rng.pick(types),
            title: text::title(rng),
            objectives: text::prose_between(rng, 60, 250),
            status,
            started_at: started,
            ended_at: ended,
            duration_minutes: ended.map(|_| minutes),
            credit_budget: rng.chance(50).then(|| rng.range(50, 500) as i64),
            credits_used,
            accomplishments: if in_progress { String::new() } else { text::markdown_skewed(rng, 100, 1_000) },
            blockers: if rng.chance(30) { text::sentence(rng) } else { String::new() },
            state_notes: if rng.chance(50) { text::prose(rng, 200) } else { String::new() },
            next_steps: if in_progress { String::new() } else { text::prose(rng, 100) },
            decisions: if rng.chance(40) { text::sentence(rng) } else { String::new() },
            notes: if rng.chance(15) { text::markdown(rng, 300) } else { String::new() },
            from_handoff_id: None,
            to_handoff_id: None,
        });
    }
    sessions
}

fn turns(size: &Size, seed: u64, sessions: &[Session], rng: &mut Rng) -> Vec<TranscriptTurn> {
    if sessions.is_empty() {
        return Vec::new();
    }
    // Uneven transcripts: many sessions with none or a few turns, some with long ones.
    let weights: Vec<f64> =
        sessions.iter().map(|_| if rng.chance(25) { 0.0 } else { rng.unit().powi(2) + 0.05 }).collect();
    let total: f64 = weights.iter().sum();
    let mut counts = vec![0usize; sessions.len()];
    let mut cumulative = Vec::with_capacity(sessions.len());
    let mut sum = 0.0;
    for weight in &weights {
        sum += weight / total;
        cumulative.push(sum);
    }
    for _ in 0..size.turns {
        let draw = rng.unit();
        counts[cumulative.partition_point(|&edge| edge < draw).min(sessions.len() - 1)] += 1;
    }
    let mut turns = Vec::with_capacity(size.turns);
    for (session, count) in sessions.iter().zip(counts) {
        for seq in 1..=count as u32 {
            let role = if seq % 2 == 1 {
                if seq == 1 && rng.chance(10) {
                    Role::System
                } else {
                    Role::User
                }
            } else if rng.chance(5) {
                Role::Tool
            } else {
                Role::Assistant
            };
            let content = text::turn_content(rng, matches!(role, Role::Assistant | Role::Tool));
            let when = session.started_at.plus(Duration::minutes(seq as i64 * 2));
            turns.push(TranscriptTurn {
                id: id(seed, "turns", turns.len()),
                created_at: session.started_at,
                updated_at: session.started_at,
                deleted_at: None,
                rev: 1,
                session_id: session.id,
                seq,
                role,
                tokens: estimate_tokens(&content),
                content,
                at: Some(when),
            });
        }
    }
    turns
}

fn knowledge(size: &Size, seed: u64, projects: &[Project], sessions: &[Session], rng: &mut Rng) -> Vec<KnowledgeEntry> {
    (0..size.knowledge)
        .map(|n| {
            let created = at(time_at(rng.unit()));
            let usage = rng.skewed(6, 400) as u32 - 1;
            let helped = rng.range(0, usage as u64) as u32;
            let source = (rng.chance(30) && !sessions.is_empty()).then(|| rng.pick(sessions));
            KnowledgeEntry {
                id: id(seed, "knowledge", n),
                created_at: created,
                updated_at: created,
                deleted_at: None,
                rev: 1,
                category: *rng.pick(KnowledgeCategory::ALL),
                title: format!("{} ({})", text::title(rng), n + 1),
                body: text::markdown_skewed(rng, 700, 6_000),
                tags: {
                    let mut tags = text::tags(rng, 5);
                    if tags.is_empty() {
                        tags.push(text::TAGS[n % text::TAGS.len()].to_string());
                    }
                    tags
                },
                project_id: source
                    .map(|session| session.project_id)
                    .or_else(|| (rng.chance(40) && !projects.is_empty()).then(|| rng.pick(projects).id)),
                source_session_id: source.map(|session| session.id),
                usage_count: usage,
                helped,
                did_not_help: rng.range(0, (usage - helped) as u64) as u32,
            }
        })
        .collect()
}

fn checkpoints(size: &Size, seed: u64, sessions: &[Session], rng: &mut Rng) -> Vec<Checkpoint> {
    if sessions.is_empty() {
        return Vec::new();
    }
    (0..size.checkpoints)
        .map(|n| {
            // Busy projects take more checkpoints: pick through a random session.
            let session = rng.pick(sessions);
            let created = session.ended_at.unwrap_or(session.started_at);
            let kind = match rng.below(20) {
                0..=15 => CheckpointKind::Checkpoint,
                16..=18 => CheckpointKind::Handoff,
                _ => CheckpointKind::Backup,
            };
            let label = match kind {
                CheckpointKind::Checkpoint => format!("Before {}", text::title(rng).to_lowercase()),
                CheckpointKind::Handoff => format!("Handoff after session {}", session.number),
                CheckpointKind::Backup => "Before a risky refactor".to_string(),
            };
            Checkpoint {
                id: id(seed, "checkpoints", n),
                created_at: created,
                updated_at: created,
                deleted_at: None,
                rev: 1,
                project_id: session.project_id,
                session_id: rng.chance(75).then_some(session.id),
                kind,
                label,
                note: if rng.chance(40) { text::sentence(rng) } else { String::new() },
                git_ref: rng.chance(60).then(|| format!("{:07x}", rng.next_u64() & 0xFFF_FFFF)),
                state: checkpoint_state(rng),
                file_count: rng.chance(50).then(|| rng.range(10, 900) as u32),
                code_lines: rng.chance(50).then(|| rng.range(500, 90_000) as u32),
            }
        })
        .collect()
}

struct HandoffSources<'a> {
    projects: &'a [Project],
    accounts: &'a [Account],
    knowledge: &'a [KnowledgeEntry],
    turns: &'a [TranscriptTurn],
}

fn handoffs(size: &Size, seed: u64, sources: HandoffSources, sessions: &mut [Session], rng: &mut Rng) -> Vec<Handoff> {
    let ended: Vec<usize> = (0..sessions.len()).filter(|&n| sessions[n].ended_at.is_some()).collect();
    if ended.is_empty() || sources.accounts.is_empty() {
        return Vec::new();
    }
    // Per project: its sessions newest first (indexes into `sessions`).
    let mut by_project: Vec<Vec<usize>> = vec![Vec::new(); sources.projects.len()];
    let project_index = |id: Id| sources.projects.iter().position(|project| project.id == id);
    for (n, session) in sessions.iter().enumerate() {
        if let Some(project) = project_index(session.project_id) {
            by_project[project].push(n);
        }
    }
    for list in &mut by_project {
        list.sort_by_key(|&n| std::cmp::Reverse(sessions[n].started_at));
    }
    // The turns of each session, in order (turns are generated session by session).
    let mut turn_ranges = std::collections::HashMap::new();
    let mut start = 0;
    while start < sources.turns.len() {
        let session = sources.turns[start].session_id;
        let end = start + sources.turns[start..].iter().take_while(|turn| turn.session_id == session).count();
        turn_ranges.insert(session, start..end);
        start = end;
    }
    let mut used_sessions = BTreeSet::new();
    let mut handoffs = Vec::with_capacity(size.handoffs);
    for n in 0..size.handoffs {
        let mut from = *rng.pick(&ended);
        // One handoff per session where possible.
        for _ in 0..8 {
            if used_sessions.insert(from) {
                break;
            }
            from = *rng.pick(&ended);
        }
        let session = sessions[from].clone();
        let project_n = project_index(session.project_id).expect("sessions belong to generated projects");
        let project = &sources.projects[project_n];
        let history: Vec<Session> = by_project[project_n]
            .iter()
            .map(|&index| &sessions[index])
            .filter(|s| s.started_at <= session.started_at)
            .take(12)
            .cloned()
            .collect();
        let knowledge: Vec<KnowledgeEntry> = sources
            .knowledge
            .iter()
            .filter(|entry| entry.project_id.is_none() || entry.project_id == Some(project.id))
            .take(40)
            .cloned()
            .collect();
        let transcript = turn_ranges.get(&session.id).map(|range| &sources.turns[range.clone()]).unwrap_or(&[]);
        let from_account = session.account_id.and_then(|id| sources.accounts.iter().find(|a| a.id == id));
        let to_account = rng.pick(sources.accounts);
        let handoff_id = id(seed, "handoffs", n);
        let queued = session.ended_at.expect("only ended sessions are handed off");
        let format =
            *rng.pick(&[BundleFormat::Markdown, BundleFormat::Markdown, BundleFormat::Xml, BundleFormat::Plain]);
        // Budgets of 700 to 1,600 tokens: the builder trims to them, as it does for a user who
        // sets one.
        let options = BuildOptions { format, budget: Some(rng.range(700, 1_600) as u32), ..BuildOptions::default() };
        let built = build(
            &BuildInput {
                project,
                handoff_id,
                built_at: queued,
                from_account,
                to_account: Some(to_account),
                continuing_session_number: session.number + 1,
                sessions: &history,
                latest_checkpoint: None,
                knowledge: &knowledge,
                transcript,
                delta_since: None,
            },
            &options,
        );
        let status = match rng.below(1000) {
            0..=9 => HandoffStatus::Pending,
            10..=12 => HandoffStatus::Processing,
            13..=52 => HandoffStatus::Failed,
            _ => HandoffStatus::Completed,
        };
        let started =
            (status != HandoffStatus::Pending).then(|| queued.plus(Duration::minutes(rng.range(5, 600) as i64)));
        let finished = matches!(status, HandoffStatus::Completed | HandoffStatus::Failed)
            .then(|| started.unwrap_or(queued).plus(Duration::minutes(rng.range(10, 240) as i64)));
        // The session that continued the work: the project's next one, if any.
        let result_session = (status == HandoffStatus::Completed)
            .then(|| {
                by_project[project_n]
                    .iter()
                    .rev()
                    .find(|&&index| sessions[index].started_at > session.started_at)
                    .copied()
            })
            .flatten();
        if sessions[from].to_handoff_id.is_none() {
            sessions[from].to_handoff_id = Some(handoff_id);
        }
        if let Some(result) = result_session {
            if sessions[result].from_handoff_id.is_none() {
                sessions[result].from_handoff_id = Some(handoff_id);
            }
        }
        handoffs.push(Handoff {
            id: handoff_id,
            created_at: queued,
            updated_at: finished.or(started).unwrap_or(queued),
            deleted_at: None,
            rev: 1 + started.is_some() as u64 + finished.is_some() as u64,
            project_id: project.id,
            from_session_id: Some(session.id),
            from_account_id: session.account_id,
            to_account_id: Some(to_account.id),
            priority: rng.range(1, 10) as u8,
            status,
            failure_reason: if status == HandoffStatus::Failed { text::sentence(rng) } else { String::new() },
            queued_at: queued,
            started_at: started,
            finished_at: finished,
            checkpoint_id: None,
            result_session_id: result_session.map(|index| sessions[index].id),
            bundle: built.to_record(format, to_account.platform, Vec::new()),
        });
    }
    handoffs
}

fn ledger(size: &Size, seed: u64, accounts: &[Account], sessions: &[Session], rng: &mut Rng) -> Vec<LedgerEntry> {
    if accounts.is_empty() {
        return Vec::new();
    }
    // (account index, time, delta or None for a refresh to the limit, reason, session, note)
    type Draft = (usize, i64, Option<i64>, LedgerReason, Option<Id>, String);
    let mut drafts: Vec<Draft> = Vec::new();
    for session in sessions.iter().filter(|s| s.credits_used > 0) {
        if drafts.len() >= size.ledger {
            break;
        }
        let account = accounts.iter().position(|a| Some(a.id) == session.account_id).unwrap_or(0);
        let when = session.ended_at.unwrap_or(session.started_at).unix_millis();
        drafts.push((
            account,
            when,
            Some(-session.credits_used),
            LedgerReason::Session,
            Some(session.id),
            String::new(),
        ));
    }
    while drafts.len() < size.ledger {
        let account = rng.below(accounts.len() as u64) as usize;
        let when = time_at(rng.unit());
        if rng.chance(80) {
            drafts.push((account, when, None, LedgerReason::Refresh, None, "Credits refreshed".into()));
        } else {
            let delta = rng.range(1, 300) as i64 * if rng.chance(50) { 1 } else { -1 };
            drafts.push((account, when, Some(delta), LedgerReason::Manual, None, text::sentence(rng)));
        }
    }
    drafts.sort_by_key(|draft| (draft.0, draft.1));
    let mut balances: Vec<i64> = accounts.iter().map(|a| a.credit_limit).collect();
    drafts
        .into_iter()
        .enumerate()
        .map(|(n, (account, when, delta, reason, session_id, note))| {
            let delta = delta.unwrap_or(accounts[account].credit_limit - balances[account]);
            balances[account] += delta;
            let when = at(when);
            LedgerEntry {
                id: id(seed, "ledger", n),
                created_at: when,
                updated_at: when,
                deleted_at: None,
                rev: 1,
                account_id: accounts[account].id,
                at: when,
                delta,
                balance_after: balances[account],
                reason,
                session_id,
                note,
            }
        })
        .collect()
}

/// Sets each account's credits to the balance after its last ledger entry.
fn settle_accounts(mut accounts: Vec<Account>, ledger: &[LedgerEntry]) -> Vec<Account> {
    for account in &mut accounts {
        if let Some(last) = ledger.iter().filter(|entry| entry.account_id == account.id).max_by_key(|entry| entry.at) {
            account.credits_available = last.balance_after;
            account.updated_at = last.at.max(account.created_at);
        }
    }
    accounts
}

fn events(
    size: &Size,
    seed: u64,
    projects: &[Project],
    sessions: &[Session],
    handoffs: &[Handoff],
    rng: &mut Rng,
) -> Vec<ActivityEvent> {
    (0..size.events)
        .map(|n| {
            let (kind, record_type, record_id, summary, when) = match rng.below(10) {
                0..=5 if !sessions.is_empty() => {
                    let session = rng.pick(sessions);
                    let ended = session.ended_at.is_some();
                    (
                        if ended { EventKind::StatusChanged } else { EventKind::Created },
                        RecordType::Session,
                        session.id,
                        if ended {
                            format!("Ended session {} ({})", session.number, session.status.english())
                        } else {
                            format!("Started session {}", session.number)
                        },
                        session.ended_at.unwrap_or(session.started_at),
                    )
                }
                6 | 7 if !handoffs.is_empty() => {
                    let handoff = rng.pick(handoffs);
                    (
                        EventKind::HandedOff,
                        RecordType::Handoff,
                        handoff.id,
                        "Queued a handoff".into(),
                        handoff.queued_at,
                    )
                }
                _ => {
                    let project = rng.pick(projects);
                    (
                        EventKind::Updated,
                        RecordType::Project,
                        project.id,
                        format!("Updated the living state of “{}”", project.name),
                        at(time_at(rng.unit())),
                    )
                }
            };
            ActivityEvent {
                id: id(seed, "events", n),
                created_at: when,
                updated_at: when,
                deleted_at: None,
                rev: 1,
                at: when,
                kind,
                record_type,
                record_id: Some(record_id),
                summary,
            }
        })
        .collect()
}

/// The object stores and indexes of Baton's schema, as JSON for the benchmark's anchor page (so
/// Dexie and the plain IndexedDB loop maintain the same indexes Baton does).
pub fn schema_json() -> String {
    let stores: Vec<serde_json::Value> = baton_core::schema::STORES
        .iter()
        .filter(|def| !matches!(def.store, StoreName::Backups | StoreName::BackupDocuments))
        .map(|def| {
            serde_json::json!({
                "name": def.store.as_str(),
                "indexes": def.indexes.iter().map(|index| serde_json::json!({
                    "name": index.name,
                    "keyPath": index.key_path,
                    "unique": index.unique,
                    "multiEntry": index.multi_entry,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(
        &serde_json::json!({ "database": baton_core::schema::DATABASE_NAME, "stores": stores }),
    )
    .expect("JSON values always serialise")
}
