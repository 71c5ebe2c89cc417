//! Budget trimming: required sections never trimmed, the fit guarantee, the trimming order, and
//! splitting into parts; random projects through proptest, plus fixed cases.

mod handoff_fixture;

use baton_core::handoff::{build, split_into_parts, BuildOptions, BuiltBundle, SectionKind, MIN_PASTE_LIMIT};
use baton_core::tokens::estimate_tokens;
use baton_core::*;
use handoff_fixture::*;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "parser", "invoice", "table", "row", "column", "total", "extract", "supplier", "fix", "test", "config", "header",
    "glyph", "position", "merge", "cell", "error", "retry", "cache", "page", "render", "budget", "token", "split",
];

/// A small deterministic generator, so one proptest seed gives one project.
struct Words(u64);

impl Words {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn sentence(&mut self, max_words: u64) -> String {
        let count = 1 + self.below(max_words);
        (0..count).map(|_| WORDS[self.below(WORDS.len() as u64) as usize]).collect::<Vec<_>>().join(" ")
    }

    fn code_block(&mut self) -> String {
        let lines = 1 + self.below(40);
        let body: Vec<String> = (0..lines).map(|n| format!("let v{n} = {};", self.below(1000))).collect();
        format!("```rust\n{}\n```", body.join("\n"))
    }
}

#[derive(Debug, Clone)]
struct Shape {
    seed: u64,
    next_steps: u64,
    decisions: u64,
    constraints: u64,
    files: u64,
    sessions: u64,
    knowledge: u64,
    turns: u64,
}

fn shapes() -> impl Strategy<Value = Shape> {
    (any::<u64>(), 0..5u64, 0..6u64, 0..5u64, 0..7u64, 0..14u64, 0..7u64, 0..30u64).prop_map(
        |(seed, next_steps, decisions, constraints, files, sessions, knowledge, turns)| Shape {
            seed,
            next_steps,
            decisions,
            constraints,
            files,
            sessions,
            knowledge,
            turns,
        },
    )
}

struct Random {
    project: Project,
    sessions: Vec<Session>,
    knowledge: Vec<KnowledgeEntry>,
    transcript: Vec<TranscriptTurn>,
}

fn random_project(shape: &Shape) -> Random {
    let mut words = Words(shape.seed);
    let mut project = project();
    project.state.goal = words.sentence(20);
    project.state.current_state = words.sentence(40);
    project.state.next_steps = (0..shape.next_steps).map(|_| words.sentence(10)).collect();
    project.state.decisions = (0..shape.decisions)
        .map(|n| {
            decision(&words.sentence(8), &words.sentence(8), &["other"], &format!("2026-01-{:02}T10:00:00Z", 1 + n))
        })
        .collect();
    project.state.constraints = (0..shape.constraints).map(|_| words.sentence(8)).collect();
    project.state.do_not_redo = (0..shape.constraints / 2).map(|_| words.sentence(8)).collect();
    let importances = [Importance::Low, Importance::Normal, Importance::High, Importance::Critical];
    project.state.files = (0..shape.files)
        .map(|n| file(&format!("src/file_{n}.rs"), importances[words.below(4) as usize], &words.sentence(6)))
        .collect();
    project.tags = vec!["parser".into(), "table".into()];
    let mut sessions: Vec<Session> = (1..=shape.sessions as u32)
        .rev()
        .map(|number| {
            let status =
                if number == shape.sessions as u32 { SessionStatus::InProgress } else { SessionStatus::Completed };
            session(number, status, &words.sentence(30), &words.sentence(6))
        })
        .collect();
    if words.below(2) == 0 {
        if let Some(latest) = sessions.first_mut() {
            latest.blockers.clear();
        }
    }
    let knowledge = (0..shape.knowledge)
        .map(|n| {
            let tags = [WORDS[words.below(WORDS.len() as u64) as usize]];
            knowledge_entry(n, KnowledgeCategory::Pattern, &words.sentence(5), &words.sentence(30), &tags)
        })
        .collect();
    let transcript = (1..=shape.turns as u32)
        .map(|seq| {
            let role = if seq % 2 == 1 { Role::User } else { Role::Assistant };
            let content = if words.below(4) == 0 {
                format!("{}\n\n{}\n\n{}", words.sentence(12), words.code_block(), words.sentence(8))
            } else {
                words.sentence(40)
            };
            turn(seq, role, &content)
        })
        .collect();
    Random { project, sessions, knowledge, transcript }
}

fn build_random(random: &Random, options: &BuildOptions) -> BuiltBundle {
    let from = account(10, "Work Claude", Platform::Claude);
    let input = handoff::BuildInput {
        project: &random.project,
        handoff_id: id(500),
        built_at: at("2026-01-05T18:30:00Z"),
        from_account: Some(&from),
        to_account: None,
        continuing_session_number: 9,
        sessions: &random.sessions,
        latest_checkpoint: None,
        knowledge: &random.knowledge,
        transcript: &random.transcript,
        delta_since: None,
    };
    build(&input, options)
}

fn omitted(bundle: &BuiltBundle, what: &str) -> usize {
    bundle.omitted.iter().find(|omission| omission.what == what).map_or(0, |omission| omission.count)
}

const REQUIRED: [SectionKind; 7] = [
    SectionKind::Header,
    SectionKind::Instructions,
    SectionKind::Goal,
    SectionKind::CurrentState,
    SectionKind::NextSteps,
    SectionKind::Blockers,
    SectionKind::ReportRequest,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn budgets_keep_required_sections_and_the_fit_guarantee(
        shape in shapes(),
        format in 0..5usize,
        budget_share in 0.0..1.2f64,
    ) {
        let random = random_project(&shape);
        let format = BundleFormat::ALL[format];
        let unlimited = build_random(&random, &options(format));
        let budget = (f64::from(unlimited.estimated_tokens) * budget_share) as u32;
        let bundle = build_random(&random, &BuildOptions { budget: Some(budget), ..options(format) });

        prop_assert_eq!(bundle.estimated_tokens, estimate_tokens(&bundle.text));
        for kind in REQUIRED {
            prop_assert!(bundle.sections.contains(&kind), "{:?} missing", kind);
        }
        // The required sections are the same text with or without a budget.
        prop_assert_eq!(bundle.required_tokens, unlimited.required_tokens);
        if bundle.fits {
            prop_assert!(bundle.estimated_tokens <= budget);
            prop_assert!(bundle.over_budget_by.is_none());
        } else {
            prop_assert!(bundle.estimated_tokens > budget);
            prop_assert!(bundle.sections.iter().all(|kind| kind.is_required()), "{:?}", bundle.sections);
            let over = bundle.over_budget_by.expect("an over-budget bundle says by how much");
            if bundle.required_tokens > budget {
                prop_assert_eq!(over, bundle.required_tokens - budget);
            }
        }
        if budget >= unlimited.estimated_tokens {
            prop_assert_eq!(&bundle.text, &unlimited.text);
        }
        if format == BundleFormat::Json {
            let value: serde_json::Value = serde_json::from_str(&bundle.text).expect("the JSON bundle parses");
            if !bundle.omitted.is_empty() {
                prop_assert_eq!(value["omitted"].as_str(), Some(bundle.omitted_summary.as_str()));
            }
        } else if !bundle.omitted.is_empty() {
            prop_assert!(bundle.text.contains(&bundle.omitted_summary));
        }

        // Trimming order: transcript, then knowledge, then sessions, then files, then decisions.
        let trimmed = |what: &str| omitted(&bundle, what) > omitted(&unlimited, what);
        let shown = |kind: SectionKind| bundle.sections.contains(&kind);
        if trimmed("knowledge entries") {
            prop_assert!(!shown(SectionKind::Transcript));
        }
        if trimmed("older sessions") {
            prop_assert!(!shown(SectionKind::Transcript) && !shown(SectionKind::Knowledge));
        }
        if trimmed("key files") {
            prop_assert!(!shown(SectionKind::Transcript) && !shown(SectionKind::Knowledge) && !shown(SectionKind::DoneSoFar));
        }
        if trimmed("decisions") || trimmed("constraints") {
            prop_assert!(!shown(SectionKind::Knowledge) && !shown(SectionKind::DoneSoFar));
            prop_assert!(!bundle.text.contains("(normal)") && !bundle.text.contains("(low)"));
        }
    }

    #[test]
    fn parts_stay_within_the_limit_outside_code_blocks_and_join_back(
        shape in shapes(),
        format in 0..5usize,
        limit in 1000..4000usize,
    ) {
        let random = random_project(&shape);
        let text = build_random(&random, &options(BundleFormat::ALL[format])).text;
        let parts = split_into_parts(&text, limit);
        if text.chars().count() <= limit {
            prop_assert_eq!(&parts, &vec![text.clone()]);
        }
        let mut joined = String::new();
        for (index, part) in parts.iter().enumerate() {
            prop_assert!(part.chars().count() <= limit);
            let body = if parts.len() == 1 {
                part.as_str()
            } else {
                let (heading, body) = part.split_once("\n\n").expect("a headed part");
                let expected = format!("Part {} of {} — ", index + 1, parts.len());
                prop_assert!(heading.starts_with(&expected), "{}", heading);
                body
            };
            prop_assert!(fences_balanced(body), "a part ends inside a code block:\n{}", body);
            joined.push_str(body);
        }
        prop_assert_eq!(joined, text);
    }

    #[test]
    fn small_limits_still_hold_and_keep_every_line(seed in any::<u64>(), limit in 0..1000usize) {
        let mut words = Words(seed);
        let mut text = String::new();
        for _ in 0..(5 + words.below(20)) {
            match words.below(3) {
                0 => text.push_str(&format!("## {}\n\n", words.sentence(4))),
                1 => text.push_str(&format!("{}\n\n", words.code_block())),
                _ => text.push_str(&format!("{}\n", words.sentence(60))),
            }
        }
        let parts = split_into_parts(&text, limit);
        let limit = limit.max(MIN_PASTE_LIMIT);
        let mut lines = Vec::new();
        for part in &parts {
            prop_assert!(part.chars().count() <= limit);
            let body = if parts.len() == 1 { part.as_str() } else { part.split_once("\n\n").unwrap().1 };
            prop_assert!(fences_balanced(body), "a part ends inside a code block:\n{}", body);
            lines.push(body.to_string());
        }
        // Without the fences and "continues in part N" lines added around the pieces of a code
        // block larger than a part, and with the cuts of lines longer than a part undone, the
        // parts give the text back.
        let strip = |text: &str| {
            text.lines()
                .filter(|line| !line.starts_with("```") && !line.starts_with("(code block continues in part "))
                .collect::<String>()
        };
        prop_assert_eq!(strip(&lines.concat()), strip(&text));
    }
}

/// Whether every code fence opened in the text is closed in it.
fn fences_balanced(text: &str) -> bool {
    let mut open = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            open = !open;
        }
    }
    !open
}

#[test]
fn a_tight_budget_trims_the_transcript_first_and_says_so() {
    let fixture = Fixture::new();
    let unlimited = build(&fixture.input(), &options(BundleFormat::Markdown));
    let budget = unlimited.estimated_tokens - 60;
    let bundle = build(&fixture.input(), &BuildOptions { budget: Some(budget), ..options(BundleFormat::Markdown) });
    assert!(bundle.fits);
    assert!(bundle.estimated_tokens <= budget);
    assert_eq!(bundle.omitted.len(), 1, "{:?}", bundle.omitted);
    assert_eq!(bundle.omitted[0].what, "transcript turns");
    assert!(bundle.omitted_summary.starts_with("omitted: "));
    assert!(bundle.text.trim_end().ends_with(&bundle.omitted_summary));
    // The oldest turn went first.
    assert!(!bundle.text.contains("Why are supplier C's totals wrong?"));
    assert!(bundle.text.contains("OK, fix it next session."));
    let record = bundle.to_record(BundleFormat::Markdown, Platform::Chatgpt, vec![]);
    assert_eq!(record.budget, budget);
    assert_eq!(record.trimmed, bundle.omitted.iter().map(|o| format!("{} {}", o.count, o.what)).collect::<Vec<_>>());
    assert_eq!(record.text, bundle.text);
    assert_eq!(record.sections[0], "header");
}

#[test]
fn required_sections_over_the_budget_are_kept_and_reported() {
    let fixture = Fixture::new();
    let bundle = build(&fixture.input(), &BuildOptions { budget: Some(50), ..options(BundleFormat::Xml) });
    assert!(!bundle.fits);
    assert_eq!(bundle.sections, REQUIRED.to_vec());
    assert!(bundle.required_tokens > 50);
    assert_eq!(bundle.over_budget_by, Some(bundle.required_tokens - 50));
    assert!(bundle.knowledge_ids.is_empty());
    assert_eq!(
        bundle.omitted_summary,
        "omitted: 2 decisions, 2 constraints, 1 \"do not redo\" item, 2 older sessions, 4 key files, \
         2 knowledge entries, 3 transcript turns"
    );
    assert!(bundle.text.contains("<omitted>omitted: 2 decisions"));
}

#[test]
fn important_files_outlast_decisions_and_other_files_do_not() {
    let fixture = Fixture::new();
    let unlimited = build(&fixture.input(), &options(BundleFormat::Markdown));
    let mut seen_decisions_trimmed = false;
    for budget in (unlimited.required_tokens + 40..unlimited.estimated_tokens).step_by(5) {
        let bundle = build(&fixture.input(), &BuildOptions { budget: Some(budget), ..options(BundleFormat::Markdown) });
        assert!(bundle.fits, "{budget}");
        let text = &bundle.text;
        if omitted(&bundle, "decisions") > 0 {
            seen_decisions_trimmed = true;
            assert!(!text.contains("src/config.rs (normal)") && !text.contains("(low)"), "{text}");
        }
        if !text.contains("src/extract.rs (critical)") {
            assert_eq!(omitted(&bundle, "decisions"), 2);
            assert_eq!(omitted(&bundle, "constraints"), 2);
        }
    }
    assert!(seen_decisions_trimmed);
}

#[test]
fn caps_are_reported_as_omissions() {
    let fixture = Fixture::new();
    let options =
        BuildOptions { max_sessions: 1, max_knowledge: 1, max_transcript_turns: 2, ..options(BundleFormat::Plain) };
    let bundle = build(&fixture.input(), &options);
    assert_eq!(bundle.omitted_summary, "omitted: 1 older session, 1 knowledge entry, 1 transcript turn");
    assert!(bundle.text.ends_with("omitted: 1 older session, 1 knowledge entry, 1 transcript turn\n"));
    assert_eq!(bundle.knowledge_ids, vec![id(201)]);
}

#[test]
fn switched_off_sections_are_left_out_but_required_ones_stay() {
    let fixture = Fixture::new();
    let mut options = options(BundleFormat::Markdown);
    options.excluded = [SectionKind::Transcript, SectionKind::Knowledge, SectionKind::Goal].into_iter().collect();
    let bundle = build(&fixture.input(), &options);
    assert!(!bundle.sections.contains(&SectionKind::Transcript));
    assert!(!bundle.sections.contains(&SectionKind::Knowledge));
    assert!(bundle.sections.contains(&SectionKind::Goal));
    assert!(bundle.omitted.is_empty());
    assert!(bundle.knowledge_ids.is_empty());
}

#[test]
fn empty_required_sections_are_rendered_and_listed() {
    let mut fixture = Fixture::new();
    fixture.project.state = LivingState::default();
    fixture.project.description.clear();
    fixture.sessions.clear();
    let bundle = build(&fixture.input(), &options(BundleFormat::Markdown));
    assert_eq!(
        bundle.empty_required,
        vec![SectionKind::Goal, SectionKind::CurrentState, SectionKind::NextSteps, SectionKind::Blockers]
    );
    assert!(bundle.text.contains("## Goal\n\n(none recorded)\n"));
    assert!(bundle.text.contains("## Blockers and open questions\n\n(none recorded)\n"));
}

#[test]
fn session_notes_stand_in_for_an_empty_living_state() {
    let mut fixture = Fixture::new();
    fixture.project.state.current_state.clear();
    fixture.project.state.next_steps.clear();
    fixture.sessions[1].state_notes = "Half of supplier C is done.".into();
    fixture.sessions[1].next_steps = "1. Finish supplier C\n2. Release".into();
    let text = build(&fixture.input(), &options(BundleFormat::Markdown)).text;
    assert!(text.contains("From the notes of session 2:\n\nHalf of supplier C is done."));
    assert!(text.contains("From the report of session 2:\n\n1. Next action: Finish supplier C\n2. Release\n"));
}

#[test]
fn the_paste_limit_splits_the_bundle() {
    let fixture = Fixture::new();
    let bundle = build(&fixture.input(), &BuildOptions { paste_limit: Some(1500), ..options(BundleFormat::Markdown) });
    assert!(bundle.parts.len() > 2);
    assert!(bundle.parts.iter().all(|part| part.chars().count() <= 1500));
    assert!(bundle.parts.last().unwrap().contains("— this is the last part"));
    assert!(bundle.parts[0].starts_with("Part 1 of "));
    let fits =
        build(&fixture.input(), &BuildOptions { paste_limit: Some(1_000_000), ..options(BundleFormat::Markdown) });
    assert_eq!(fits.parts, vec![fits.text.clone()]);
}
