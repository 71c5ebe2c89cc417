//! Build time of a large project (the spec asks ≤ 20 ms for 500 sessions). Ignored by default:
//! `cargo test -p baton-core --release --test handoff_perf -- --ignored --nocapture`.

mod handoff_fixture;

use baton_core::handoff::{build, BuildOptions};
use baton_core::*;
use handoff_fixture::*;
use std::time::{Duration, Instant};

fn large_fixture() -> Fixture {
    let mut fixture = Fixture::new();
    fixture.sessions = (1..=500u32)
        .rev()
        .map(|number| {
            let status = if number == 500 { SessionStatus::InProgress } else { SessionStatus::Completed };
            session(
                number,
                status,
                &format!(
                    "- Parsed the invoices of batch {number} and fixed the totals of supplier C\n- Wrote tests for \
                     the rounding of cents in batch {number}\n- Reviewed the CSV header with the accountant"
                ),
                "- Waiting for the scanned invoices",
            )
        })
        .collect();
    let code: String = (0..60).map(|n| format!("let cell_{n} = row.get({n});\n")).collect();
    fixture.transcript = (1..=200u32)
        .map(|seq| {
            let content = if seq.is_multiple_of(5) {
                format!("Here is the reader:\n\n```rust\n{code}```\n\nDone.")
            } else {
                "Please check the totals of supplier C again, the last batch had rounding errors.".into()
            };
            turn(seq, if seq.is_multiple_of(2) { Role::Assistant } else { Role::User }, &content)
        })
        .collect();
    fixture.knowledge = (0..300u64)
        .map(|n| {
            knowledge_entry(
                n,
                KnowledgeCategory::Pattern,
                &format!("Pattern {n} for tables"),
                "Group glyphs by row, then by column; check the totals of each page against the PDF's summary.",
                &["pdf", "tables"],
            )
        })
        .collect();
    for n in 0..30 {
        fixture.project.state.decisions.push(decision(
            &format!("Decision {n}"),
            "it was simpler",
            &["the other way"],
            "2026-01-03T10:00:00Z",
        ));
    }
    fixture
}

fn median_time(fixture: &Fixture, options: &BuildOptions) -> Duration {
    let mut times: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            let bundle = build(&fixture.input(), options);
            let elapsed = start.elapsed();
            assert!(bundle.fits);
            elapsed
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

#[test]
#[ignore]
fn a_project_with_500_sessions_builds_in_20_ms() {
    let fixture = large_fixture();
    let cases = [
        ("default options", BuildOptions::default()),
        (
            "all 500 sessions, 200 turns, 300 entries, trimmed to 8,000 tokens, split at 12,000 chars",
            BuildOptions {
                max_sessions: 500,
                max_knowledge: 300,
                max_transcript_turns: 200,
                budget: Some(8_000),
                paste_limit: Some(12_000),
                ..BuildOptions::default()
            },
        ),
        (
            "all 500 sessions, JSON, trimmed to 20,000 tokens",
            BuildOptions {
                format: BundleFormat::Json,
                max_sessions: 500,
                max_knowledge: 300,
                max_transcript_turns: 200,
                budget: Some(20_000),
                ..BuildOptions::default()
            },
        ),
    ];
    for (name, options) in cases {
        let median = median_time(&fixture, &options);
        let bundle = build(&fixture.input(), &options);
        println!(
            "{name}: median {:.2} ms, {} tokens, {} parts, {}",
            median.as_secs_f64() * 1000.0,
            bundle.estimated_tokens,
            bundle.parts.len(),
            bundle.omitted_summary
        );
        assert!(median < Duration::from_millis(20), "{name}: {median:?}");
    }
}
