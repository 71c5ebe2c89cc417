//! From a parsed report to the session's fields and the project's proposed living state, and the
//! parser's robustness on arbitrary text.

use baton_core::report::{
    accept_fields, changed_fields, parse_report, propose_state, propose_state_at, ParsedReport, ReportError,
    ReportStatus, StateField,
};
use baton_core::{Decision, Importance, KeyFile, LivingState, SessionStatus, Timestamp};
use proptest::prelude::*;

fn current() -> LivingState {
    LivingState {
        goal: "Ship the lint".into(),
        current_state: "Scanner half done.".into(),
        next_steps: vec!["Finish the scanner".into(), "Write tests".into()],
        decisions: vec![Decision {
            text: "Hand-written scanner".into(),
            rationale: "smaller wasm".into(),
            rejected_alternatives: vec!["regex".into()],
            decided_at: Timestamp::parse("2024-05-01T10:00:00.000Z"),
        }],
        constraints: vec!["No web dependencies in core".into()],
        files: vec![KeyFile { path: "src/lint.rs".into(), importance: Importance::Normal, notes: "scanner".into() }],
        do_not_redo: vec!["Do not add regex".into()],
    }
}

const REPORT: &str = "```handoff-report
status: partial
credits_used: 30
## Done
- Finished the scanner
## Current state
Scanner done; placeholders next.
## Next steps
1. Placeholders
2. Redaction
## Blockers
- Unsure about XML bundles
## Decisions
- hand-written   SCANNER — because no regex engine in wasm (rejected: regex, regex-lite)
- Errors before warnings — because errors block copying
## Files
- src/lint.rs — scanner and placeholders, critical
- tests/lint_corpus.rs — corpus tests
## Knowledge
- tip: Fences — the report template is exempt
## Benchmarks
200 KB in 1 ms
```";

#[test]
fn the_proposal_replaces_updates_and_merges() {
    let report = parse_report(REPORT).expect("a report");
    let proposed = propose_state(&current(), &report);
    assert_eq!(proposed.goal, "Ship the lint");
    assert_eq!(proposed.current_state, "Scanner done; placeholders next.");
    assert_eq!(proposed.next_steps, ["Placeholders", "Redaction"]);
    // Same text ignoring case and spacing: updated in place, keeping the original wording.
    assert_eq!(proposed.decisions.len(), 2);
    assert_eq!(proposed.decisions[0].text, "Hand-written scanner");
    assert_eq!(proposed.decisions[0].rationale, "no regex engine in wasm");
    assert_eq!(proposed.decisions[0].rejected_alternatives, ["regex", "regex-lite"]);
    assert_eq!(proposed.decisions[0].decided_at, current().decisions[0].decided_at);
    assert_eq!(proposed.decisions[1].text, "Errors before warnings");
    assert_eq!(proposed.decisions[1].decided_at, None);
    assert_eq!(
        proposed.files,
        [
            KeyFile {
                path: "src/lint.rs".into(),
                importance: Importance::Critical,
                notes: "scanner and placeholders, critical".into()
            },
            KeyFile {
                path: "tests/lint_corpus.rs".into(),
                importance: Importance::Normal,
                notes: "corpus tests".into()
            },
        ]
    );
    assert_eq!(proposed.constraints, current().constraints);
    assert_eq!(proposed.do_not_redo, current().do_not_redo, "done items stay out of do-not-redo");
    assert_eq!(
        changed_fields(&current(), &proposed),
        [StateField::CurrentState, StateField::NextSteps, StateField::Decisions, StateField::Files]
    );
}

#[test]
fn proposing_at_a_time_stamps_new_and_updated_decisions() {
    let now = Timestamp::parse("2024-06-11T09:30:00.000Z").expect("a time");
    let report = parse_report(REPORT).expect("a report");
    let proposed = propose_state_at(&current(), &report, now);
    assert_eq!(proposed.decisions[0].decided_at, Some(now));
    assert_eq!(proposed.decisions[1].decided_at, Some(now));
    // An unchanged decision keeps its date.
    let same = ParsedReport {
        decisions: vec![Decision { text: "hand-written scanner".into(), ..Decision::default() }],
        ..ParsedReport::default()
    };
    assert_eq!(propose_state_at(&current(), &same, now), current());
}

#[test]
fn a_report_without_state_sections_changes_nothing() {
    let report = parse_report("status: completed\n## Done\n- Everything").expect("a report");
    let proposed = propose_state(&current(), &report);
    assert_eq!(proposed, current());
    assert!(changed_fields(&current(), &proposed).is_empty());
}

#[test]
fn a_known_file_keeps_its_importance_and_notes_unless_the_report_says_more() {
    let report = parse_report("## Files\n- src/lint.rs").expect("a report");
    assert_eq!(propose_state(&current(), &report).files, current().files);
    let mut state = current();
    state.files[0].importance = Importance::Critical;
    let report = parse_report("## Files\n- src/lint.rs — now also redaction").expect("a report");
    let file = &propose_state(&state, &report).files[0];
    assert_eq!((file.importance, file.notes.as_str()), (Importance::Critical, "now also redaction"));
}

#[test]
fn accepting_some_fields_takes_only_those() {
    let report = parse_report(REPORT).expect("a report");
    let proposed = propose_state(&current(), &report);
    let accepted = accept_fields(&current(), &proposed, &[StateField::NextSteps, StateField::Files]);
    assert_eq!(accepted.next_steps, proposed.next_steps);
    assert_eq!(accepted.files, proposed.files);
    assert_eq!(accepted.current_state, current().current_state);
    assert_eq!(accepted.decisions, current().decisions);
    assert_eq!(changed_fields(&current(), &accepted), [StateField::NextSteps, StateField::Files]);
    assert_eq!(accept_fields(&current(), &proposed, &StateField::ALL), proposed);
    assert_eq!(accept_fields(&current(), &proposed, &[]), current());
}

#[test]
fn every_field_has_a_label_and_is_compared() {
    let labels: Vec<&str> = StateField::ALL.iter().map(StateField::label).collect();
    assert_eq!(labels, ["Goal", "Current state", "Next steps", "Decisions", "Constraints", "Key files", "Do not redo"]);
    let other = LivingState {
        goal: "x".into(),
        current_state: "x".into(),
        next_steps: vec!["x".into()],
        decisions: vec![Decision { text: "x".into(), ..Decision::default() }],
        constraints: vec!["x".into()],
        files: vec![KeyFile { path: "x".into(), importance: Importance::Low, notes: String::new() }],
        do_not_redo: vec!["x".into()],
    };
    assert_eq!(changed_fields(&current(), &other), StateField::ALL);
    assert_eq!(StateField::DoNotRedo.to_string(), "Do not redo");
}

#[test]
fn session_fields_are_filled_from_the_report() {
    let fields = parse_report(REPORT).expect("a report").session_fields();
    assert_eq!(fields.accomplishments, "- Finished the scanner");
    assert_eq!(fields.blockers, "- Unsure about XML bundles");
    assert_eq!(fields.state_notes, "Scanner done; placeholders next.");
    assert_eq!(fields.next_steps, "1. Placeholders\n2. Redaction");
    assert_eq!(
        fields.decisions,
        "- hand-written   SCANNER — because no regex engine in wasm (rejected: regex, regex-lite)\n\
         - Errors before warnings — because errors block copying"
    );
    assert_eq!(fields.notes, "## Benchmarks\n200 KB in 1 ms");
}

#[test]
fn the_session_status_follows_the_report() {
    let status_of = |word: &str| parse_report(&format!("status: {word}")).expect("a report").session_status();
    assert_eq!(status_of("completed"), Some(SessionStatus::Completed));
    assert_eq!(status_of("partial"), Some(SessionStatus::HandedOff));
    assert_eq!(status_of("blocked"), Some(SessionStatus::Failed));
    assert_eq!(ParsedReport::default().session_status(), None);
    assert_eq!(ReportStatus::Partial.as_str(), "partial");
}

#[test]
fn an_empty_or_unrecognised_text_is_a_typed_error() {
    assert_eq!(parse_report(""), Err(ReportError::Empty));
    assert_eq!(parse_report("Just some thoughts about the code."), Err(ReportError::NothingRecognised));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = parse_report(&text);
    }

    #[test]
    fn parsing_never_panics_on_report_like_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("```handoff-report".to_string()),
                Just("```".to_string()),
                Just("## Done".to_string()),
                Just("**Decisions**".to_string()),
                Just("1. Next steps".to_string()),
                Just("status: ✅ completed".to_string()),
                Just("credits_used: ~1,2".to_string()),
                Just("## Files".to_string()),
                Just("## Knowledge".to_string()),
                "[-*•+ ]{0,3}[\\PC]{0,30}",
                "[\\PC—:()`\\[\\]]{0,40}",
            ],
            0..30,
        )
    ) {
        let text = lines.join("\n");
        if let Ok(report) = parse_report(&text) {
            let _ = report.session_fields();
            let proposed = propose_state(&LivingState::default(), &report);
            let _ = changed_fields(&LivingState::default(), &proposed);
        }
    }
}
