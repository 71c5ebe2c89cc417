//! The builder screen's pipeline (`handoff::check`): build → redact → estimate → lint → split,
//! and the sources' build input for a chosen target and delta base.

mod handoff_fixture;

use baton_core::handoff::{self, check, BuildOptions, MIN_PASTE_LIMIT};
use baton_core::lint::Severity;
use baton_core::service::HandoffSources;
use baton_core::tokens::estimate_tokens;
use baton_core::*;
use handoff_fixture::*;
use std::collections::{BTreeMap, BTreeSet};

const SECRET: &str = "sk-proj-FAKEexample0123456789abcdefABCDEF";

fn with_secret() -> Fixture {
    let mut fixture = Fixture::new();
    fixture.project.state.current_state = format!("Deploys with OPENAI_API_KEY={SECRET} for now.");
    fixture
}

#[test]
fn without_redactions_the_text_is_the_built_bundle_and_the_secret_is_an_error() {
    let fixture = with_secret();
    let checked = check(&fixture.input(), &options(BundleFormat::Markdown), &BTreeSet::new());
    assert_eq!(checked.text, checked.built.text);
    assert!(checked.text.contains(SECRET));
    assert_eq!(checked.tokens, estimate_tokens(&checked.text));
    assert_eq!(checked.parts, vec![checked.text.clone()]);
    let secret = checked.findings.iter().find(|finding| finding.is_secret()).expect("the secret is found");
    assert_eq!(secret.severity, Severity::Error);
    assert_eq!(checked.error_count(), 1);
    assert!(checked.secret_text(secret).is_some_and(|text| text.contains(SECRET)));
}

#[test]
fn a_redaction_hides_the_secret_in_the_bundle_only_and_survives_rebuilding() {
    let fixture = with_secret();
    let input = fixture.input();
    let first = check(&input, &options(BundleFormat::Markdown), &BTreeSet::new());
    let secret = first.findings.iter().find(|finding| finding.is_secret()).unwrap();
    let hidden: BTreeSet<String> = first.secret_text(secret).into_iter().collect();

    // Another format is another text: the redaction is kept by the secret's text, not its place.
    for format in [BundleFormat::Markdown, BundleFormat::Xml, BundleFormat::Json] {
        let checked = check(&input, &options(format), &hidden);
        assert!(!checked.text.contains(SECRET), "{format:?}");
        assert!(checked.built.text.contains(SECRET), "the built bundle is unchanged");
        assert_eq!(checked.tokens, estimate_tokens(&checked.text));
        assert!(checked.findings.iter().all(|finding| !finding.is_secret()), "{format:?}");
        assert_eq!(checked.error_count(), 0);
    }
    // The project itself is untouched.
    assert!(fixture.project.state.current_state.contains(SECRET));
}

#[test]
fn the_budget_trims_and_the_figures_say_so() {
    let fixture = Fixture::new();
    let whole = check(&fixture.input(), &options(BundleFormat::Markdown), &BTreeSet::new());
    assert_eq!(whole.trimmed(), "Nothing trimmed.");
    assert!(!whole.figures().contains("budget"));
    assert_eq!(whole.over_budget_warning(), None);

    let budget = whole.built.required_tokens + 40;
    let tight = BuildOptions { budget: Some(budget), ..options(BundleFormat::Markdown) };
    let checked = check(&fixture.input(), &tight, &BTreeSet::new());
    assert!(checked.trimmed().starts_with("Trimmed to fit — omitted: "), "{}", checked.trimmed());
    assert!(checked.tokens < whole.tokens);
    let figures = checked.figures();
    assert!(figures.contains(&format!(" · budget {}", locale::format_integer(i64::from(budget)))), "{figures}");
    assert!(figures.ends_with(" · fits") || figures.ends_with(" · over budget"), "{figures}");

    let impossible = BuildOptions { budget: Some(10), ..options(BundleFormat::Markdown) };
    let checked = check(&fixture.input(), &impossible, &BTreeSet::new());
    assert!(checked.figures().ends_with(" · over budget"));
    let warning = checked.over_budget_warning().expect("the required sections do not fit");
    assert!(warning.starts_with("The required sections alone exceed the budget by "), "{warning}");
}

#[test]
fn an_empty_required_section_is_a_lint_error() {
    let mut fixture = Fixture::new();
    fixture.project.state.next_steps.clear();
    let checked = check(&fixture.input(), &options(BundleFormat::Plain), &BTreeSet::new());
    assert!(checked.findings.iter().any(|finding| finding.kind == lint::MISSING_SECTION
        && finding.severity == Severity::Error
        && finding.found == lint::Found::MissingSection(baton_core::handoff::SectionKind::NextSteps)));
    assert!(checked.error_count() >= 1);
}

#[test]
fn the_paste_limit_splits_the_redacted_text() {
    let fixture = with_secret();
    let input = fixture.input();
    let first = check(&input, &options(BundleFormat::Markdown), &BTreeSet::new());
    assert_eq!(first.split_report(), "One part.");
    let secret = first.findings.iter().find(|finding| finding.is_secret()).unwrap();
    let hidden: BTreeSet<String> = first.secret_text(secret).into_iter().collect();

    let split = BuildOptions { paste_limit: Some(MIN_PASTE_LIMIT), ..options(BundleFormat::Markdown) };
    let checked = check(&input, &split, &hidden);
    assert!(checked.parts.len() > 1);
    assert_eq!(checked.built.parts.len(), 1, "the builder itself is not asked to split");
    assert!(checked.parts.iter().all(|part| !part.contains(SECRET)));
    assert_eq!(checked.parts, handoff::split_with_report(&checked.text, MIN_PASTE_LIMIT).parts);
    let report = checked.split_report();
    assert!(report.starts_with(&format!("Split into {} parts.", checked.parts.len())), "{report}");
}

#[test]
fn the_record_keeps_the_redacted_text_its_estimate_and_the_lint() {
    let fixture = with_secret();
    let input = fixture.input();
    let first = check(&input, &options(BundleFormat::Markdown), &BTreeSet::new());
    let hidden: BTreeSet<String> =
        first.findings.iter().filter(|f| f.is_secret()).filter_map(|f| first.secret_text(f)).collect();
    let checked = check(&input, &options(BundleFormat::Markdown), &hidden);
    let record = checked.to_record(BundleFormat::Markdown, Platform::Chatgpt);
    assert_eq!(record.text, checked.text);
    assert_eq!(record.estimated_tokens, checked.tokens);
    assert_eq!(record.lint.len(), checked.findings.len());
    assert_eq!(record.target_platform, Platform::Chatgpt);
    assert!(!record.text.contains(SECRET));
}

#[test]
fn sources_give_the_input_for_a_target_and_a_delta_base() {
    let fixture = Fixture::new();
    let mut sessions = fixture.sessions.clone();
    sessions[0].account_id = Some(fixture.from.id);
    let sources = HandoffSources {
        project: fixture.project.clone(),
        sessions,
        session_total: 3,
        checkpoints: vec![fixture.checkpoint.clone()],
        knowledge: fixture.knowledge.clone(),
        transcript: fixture.transcript.clone(),
        transcript_session: None,
        accounts: vec![fixture.from.clone(), fixture.to.clone()],
        last_used: BTreeMap::new(),
        last_handoff_checkpoint: BTreeMap::new(),
        average_session_credits: 0,
        next_session_number: 4,
    };
    let built_at = at("2026-01-05T18:30:00Z");
    let input = sources.build_input(id(500), built_at, Some(fixture.to.id), None);
    assert_eq!(input.to_account.map(|account| account.id), Some(fixture.to.id));
    assert_eq!(input.from_account.map(|account| account.id), Some(fixture.from.id));
    assert_eq!(input.continuing_session_number, 4);
    assert!(input.delta_since.is_none());
    let delta = sources.build_input(id(500), built_at, None, Some(fixture.checkpoint.id));
    assert_eq!(delta.delta_since.map(|checkpoint| checkpoint.id), Some(fixture.checkpoint.id));
    assert!(delta.to_account.is_none());
    assert!(check(&delta, &options(BundleFormat::Markdown), &BTreeSet::new()).built.is_delta);
    // A base that is not among the sources' checkpoints builds a whole bundle.
    assert!(sources.build_input(id(500), built_at, None, Some(id(999))).delta_since.is_none());
}
