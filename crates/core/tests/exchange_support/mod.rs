//! Shared by the exchange tests: a deterministic generator of valid datasets (every owning
//! reference resolves, every limit is kept) with awkward text, and small helpers.

#![allow(dead_code)]

use baton_core::exchange::Dataset;
use baton_core::records::*;
use baton_core::{Id, Timestamp};

/// A small deterministic random source (SplitMix64), so a seed names a dataset.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn bytes(&mut self) -> [u8; 10] {
        let mut bytes = [0u8; 10];
        for byte in bytes.iter_mut() {
            *byte = self.next() as u8;
        }
        bytes
    }
}

/// Text that has broken exporters before: quotes, backslashes, control characters, non-ASCII,
/// line separators, markup.
const WORDS: &[&str] = &[
    "plain",
    "Ünïcødé ✓",
    "quote \" and \\ backslash",
    "line\nbreak\ttab",
    "emoji 🚀🧪",
    "line\u{2028}separator",
    "</script><script>alert(1)</script>",
    "日本語のテキスト",
    "control \u{1} char",
    "  spaced  ",
    "[[[{{{ not nesting }}}]]]",
    "null",
];

pub fn words(rng: &mut Rng, max: u64) -> String {
    let count = rng.below(max + 1);
    (0..count).map(|_| *rng.pick(WORDS)).collect::<Vec<_>>().join(" ")
}

/// Non-empty text (required names, decision texts).
pub fn name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(&["Alpha", "Beta", "Gamma", "Δelta"]), words(rng, 2))
}

pub const BASE_MILLIS: i64 = 1_780_000_000_000;

pub fn time(rng: &mut Rng) -> Timestamp {
    Timestamp::from_unix_millis(BASE_MILLIS + rng.below(10_000_000_000) as i64).unwrap()
}

pub fn id(rng: &mut Rng) -> Id {
    Id::v7(BASE_MILLIS as u64 + rng.below(1_000_000_000), rng.bytes())
}

fn state(rng: &mut Rng) -> LivingState {
    let files = (0..rng.below(3))
        .map(|index| KeyFile {
            path: format!("src/file_{index}.rs"),
            importance: *rng.pick(Importance::ALL),
            notes: words(rng, 2),
        })
        .collect();
    LivingState {
        goal: words(rng, 3),
        current_state: words(rng, 4),
        next_steps: (0..rng.below(3)).map(|_| name(rng)).collect(),
        decisions: (0..rng.below(2))
            .map(|_| Decision {
                text: name(rng),
                rationale: words(rng, 2),
                rejected_alternatives: (0..rng.below(2)).map(|_| name(rng)).collect(),
                decided_at: rng.chance(50).then(|| time(rng)),
            })
            .collect(),
        constraints: (0..rng.below(2)).map(|_| name(rng)).collect(),
        files,
        do_not_redo: (0..rng.below(2)).map(|_| name(rng)).collect(),
    }
}

/// Common fields: created before updated, sometimes trashed, some revision.
fn stamps(rng: &mut Rng) -> (Id, Timestamp, Timestamp, Option<Timestamp>, u64) {
    let created = time(rng);
    let updated = created.plus(chrono::Duration::milliseconds(rng.below(1_000_000) as i64));
    let deleted = rng.chance(10).then_some(updated);
    (id(rng), created, updated, deleted, 1 + rng.below(5))
}

fn tags(rng: &mut Rng) -> Vec<String> {
    (0..rng.below(3)).map(|index| format!("tag{index}-{}", rng.below(100))).collect()
}

/// A valid dataset of up to `size` records per store, every owning reference resolved.
pub fn dataset(seed: u64, size: u64) -> Dataset {
    let rng = &mut Rng::new(seed);
    let mut data = Dataset::default();
    for _ in 0..rng.below(size + 1) {
        let (id, created_at, updated_at, deleted_at, rev) = stamps(rng);
        data.projects.push(Project {
            id,
            created_at,
            updated_at,
            deleted_at,
            rev,
            name: name(rng),
            description: words(rng, 3),
            status: *rng.pick(ProjectStatus::ALL),
            tags: tags(rng),
            repository_url: rng.chance(50).then(|| "https://example.com/me/repo".to_string()),
            notes: words(rng, 2),
            state: state(rng),
        });
    }
    for index in 0..rng.below(size + 1) {
        let (id, created_at, updated_at, deleted_at, rev) = stamps(rng);
        let platform = *rng.pick(Platform::ALL);
        data.accounts.push(Account {
            id,
            created_at,
            updated_at,
            deleted_at,
            rev,
            name: format!("Account {index}"),
            platform,
            platform_label: if platform == Platform::Other { "Mistral".into() } else { String::new() },
            email: if rng.chance(50) { "me@example.com".into() } else { String::new() },
            plan: words(rng, 1),
            specializations: tags(rng),
            credits_available: rng.below(1000) as i64,
            credit_limit: 1000,
            refresh: *rng.pick(&[
                Refresh::None,
                Refresh::Daily,
                Refresh::Weekly,
                Refresh::Monthly,
                Refresh::EveryNDays { days: 3 },
            ]),
            next_refresh_at: rng.chance(50).then(|| time(rng)),
            context_window_tokens: platform.default_context_window(),
            notes: words(rng, 2),
            status: *rng.pick(AccountStatus::ALL),
            bundle_language: None,
        });
    }
    if !data.accounts.is_empty() {
        for _ in 0..rng.below(size + 1) {
            let (id, created_at, updated_at, _, _) = stamps(rng);
            let account = rng.pick(&data.accounts).id;
            data.ledger.push(LedgerEntry {
                id,
                created_at,
                updated_at,
                deleted_at: None,
                rev: 1,
                account_id: account,
                at: created_at,
                delta: rng.below(200) as i64 - 100,
                balance_after: rng.below(1000) as i64,
                reason: *rng.pick(LedgerReason::ALL),
                session_id: None,
                note: words(rng, 1),
            });
        }
    }
    if !data.projects.is_empty() {
        let mut numbers = std::collections::HashMap::new();
        for _ in 0..rng.below(size + 1) {
            let (id, created_at, updated_at, deleted_at, rev) = stamps(rng);
            let project_id = rng.pick(&data.projects).id;
            let number = numbers.entry(project_id).or_insert(0u32);
            *number += 1;
            let account =
                if data.accounts.is_empty() || rng.chance(30) { None } else { Some(rng.pick(&data.accounts).id) };
            let ended = rng.chance(50).then(|| created_at.plus(chrono::Duration::minutes(rng.below(300) as i64)));
            data.sessions.push(Session {
                id,
                created_at,
                updated_at,
                deleted_at,
                rev,
                project_id,
                account_id: account,
                account_label: if account.is_some() { "Account".into() } else { String::new() },
                number: *number,
                session_type: *rng.pick(SessionType::ALL),
                title: words(rng, 2),
                objectives: words(rng, 3),
                status: *rng.pick(SessionStatus::ALL),
                started_at: created_at,
                ended_at: ended,
                duration_minutes: ended.map(|end| created_at.minutes_until(end)),
                credit_budget: rng.chance(50).then(|| rng.below(500) as i64),
                credits_used: rng.below(100) as i64,
                accomplishments: words(rng, 2),
                blockers: words(rng, 1),
                state_notes: words(rng, 1),
                next_steps: words(rng, 1),
                decisions: words(rng, 1),
                notes: words(rng, 1),
                from_handoff_id: None,
                to_handoff_id: None,
            });
        }
    }
    if !data.sessions.is_empty() {
        for seq in 0..rng.below(size + 1) {
            let (id, created_at, updated_at, _, _) = stamps(rng);
            data.turns.push(TranscriptTurn {
                id,
                created_at,
                updated_at,
                deleted_at: None,
                rev: 1,
                session_id: rng.pick(&data.sessions).id,
                seq: seq as u32,
                role: *rng.pick(Role::ALL),
                content: words(rng, 5),
                at: rng.chance(50).then_some(created_at),
                tokens: rng.below(1000) as u32,
            });
        }
    }
    if !data.projects.is_empty() {
        for _ in 0..rng.below(size + 1) {
            let (id, created_at, updated_at, deleted_at, rev) = stamps(rng);
            data.checkpoints.push(Checkpoint {
                id,
                created_at,
                updated_at,
                deleted_at,
                rev,
                project_id: rng.pick(&data.projects).id,
                session_id: (!data.sessions.is_empty() && rng.chance(50)).then(|| rng.pick(&data.sessions).id),
                kind: *rng.pick(CheckpointKind::ALL),
                label: words(rng, 2),
                note: words(rng, 2),
                git_ref: rng.chance(50).then(|| "main".to_string()),
                state: state(rng),
                file_count: rng.chance(50).then(|| rng.below(100) as u32),
                code_lines: rng.chance(50).then(|| rng.below(10_000) as u32),
            });
        }
        for _ in 0..rng.below(size + 1) {
            let (id, created_at, updated_at, deleted_at, rev) = stamps(rng);
            data.handoffs.push(Handoff {
                id,
                created_at,
                updated_at,
                deleted_at,
                rev,
                project_id: rng.pick(&data.projects).id,
                from_session_id: (!data.sessions.is_empty()).then(|| rng.pick(&data.sessions).id),
                from_account_id: (!data.accounts.is_empty()).then(|| rng.pick(&data.accounts).id),
                to_account_id: None,
                priority: 1 + rng.below(10) as u8,
                status: *rng.pick(HandoffStatus::ALL),
                failure_reason: words(rng, 1),
                queued_at: created_at,
                started_at: None,
                finished_at: None,
                checkpoint_id: None,
                result_session_id: None,
                bundle: Bundle {
                    format: *rng.pick(BundleFormat::ALL),
                    target_platform: *rng.pick(Platform::ALL),
                    budget: 8000,
                    estimated_tokens: rng.below(8000) as u32,
                    sections: vec!["state".into()],
                    trimmed: vec![],
                    lint: vec![LintNote { kind: "k".into(), severity: "info".into(), message: words(rng, 1) }],
                    text: words(rng, 6),
                },
            });
        }
    }
    for _ in 0..rng.below(size + 1) {
        let (id, created_at, updated_at, deleted_at, rev) = stamps(rng);
        data.knowledge.push(KnowledgeEntry {
            id,
            created_at,
            updated_at,
            deleted_at,
            rev,
            category: *rng.pick(KnowledgeCategory::ALL),
            title: name(rng),
            body: words(rng, 4),
            tags: tags(rng),
            project_id: (!data.projects.is_empty() && rng.chance(50)).then(|| rng.pick(&data.projects).id),
            source_session_id: None,
            usage_count: rng.below(10) as u32,
            helped: rng.below(5) as u32,
            did_not_help: rng.below(5) as u32,
        });
    }
    for _ in 0..rng.below(size + 1) {
        let (id, created_at, _, _, _) = stamps(rng);
        data.events.push(ActivityEvent {
            id,
            created_at,
            updated_at: created_at,
            deleted_at: None,
            rev: 1,
            at: created_at,
            kind: *rng.pick(EventKind::ALL),
            record_type: *rng.pick(RecordType::ALL),
            record_id: rng.chance(50).then_some(id),
            summary: name(rng),
        });
    }
    data.sort();
    data
}

/// `value` as it reads back from IndexedDB: every number is stored as a 64-bit float, and a
/// whole number reads back as one only when the float holds it exactly (up to 2^53 − 1, as
/// `Number.isSafeInteger` says); any other comes back as a float.
pub fn through_f64(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(number) => {
            let float = number.as_f64().expect("every JSON number has a float value");
            let safe = baton_core::validate::SAFE_INTEGER_MAX as f64;
            if float.fract() == 0.0 && float.abs() <= safe {
                if float < 0.0 {
                    Value::from(float as i64)
                } else {
                    Value::from(float as u64)
                }
            } else {
                Value::from(float)
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(through_f64).collect()),
        Value::Object(object) => {
            Value::Object(object.iter().map(|(key, item)| (key.clone(), through_f64(item))).collect())
        }
        other => other.clone(),
    }
}
