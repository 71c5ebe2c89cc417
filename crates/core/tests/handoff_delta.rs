//! Delta bundles: what changed since a checkpoint, and nothing that did not.

mod handoff_fixture;

use baton_core::handoff::{build, SectionKind};
use baton_core::*;
use handoff_fixture::*;

fn checkpoint_of(state: LivingState) -> Checkpoint {
    checkpoint(state)
}

/// The fixture's project after a session: one next step edited, one decision added.
fn changed_fixture() -> (Fixture, Checkpoint) {
    let mut fixture = Fixture::new();
    let checkpoint = checkpoint_of(fixture.project.state.clone());
    fixture.project.state.next_steps[1] = "Add a regression test with all 40 sample invoices".into();
    fixture.project.state.decisions.push(decision(
        "Read tables row by row",
        "merged cells span columns",
        &["column by column"],
        "2026-01-04T10:00:00Z",
    ));
    (fixture, checkpoint)
}

#[test]
fn a_changed_next_step_and_an_added_decision_appear_and_unchanged_ones_do_not() {
    let (fixture, checkpoint) = changed_fixture();
    let input = handoff::BuildInput { delta_since: Some(&checkpoint), ..fixture.input() };
    for &format in BundleFormat::ALL {
        let bundle = build(&input, &options(format));
        let text = &bundle.text;
        assert!(bundle.is_delta);
        // Changed and added items appear.
        assert!(text.contains("Add a regression test with all 40 sample invoices"), "{format:?}");
        assert!(text.contains("Read tables row by row"), "{format:?}");
        assert!(text.contains("merged cells span columns"), "{format:?}");
        // Unchanged items do not.
        assert!(!text.contains("Write the CSV header from the config file"), "{format:?}");
        assert!(!text.contains("Use the lopdf crate"), "{format:?}");
        assert!(!text.contains("Amounts are integers of cents"), "{format:?}");
        assert!(!text.contains("No network access at run time"), "{format:?}");
        assert!(!text.contains("src/extract.rs"), "{format:?}");
        // The exact next action is always there.
        assert!(text.contains("Next action: Read supplier C's totals table row by row"), "{format:?}");
        // Required sections are all present.
        for kind in SectionKind::ALL.iter().filter(|kind| kind.is_required()) {
            assert!(bundle.sections.contains(kind), "{format:?}: {kind:?}");
        }
        assert!(!bundle.sections.contains(&SectionKind::Constraints));
        assert!(!bundle.sections.contains(&SectionKind::KeyFiles));
    }
}

#[test]
fn the_delta_markdown_reads_as_changes_since_the_checkpoint() {
    let (fixture, checkpoint) = changed_fixture();
    let input = handoff::BuildInput { delta_since: Some(&checkpoint), ..fixture.input() };
    let text = build(&input, &options(BundleFormat::Markdown)).text;
    let since = "the checkpoint \"Handoff to Work ChatGPT\" (2026-01-02)";
    assert!(text.contains(&format!("- **Changes since:** {since}")));
    assert!(text.contains("This is a delta briefing"));
    assert!(text.contains(
        "## Goal (recap)\n\nParse the invoices of our three suppliers into CSV with no manual fixes. A command-line tool"
    ));
    assert!(text.contains(&format!("## Current state\n\nUnchanged since {since}.\n")));
    assert!(text.contains(&format!(
        "Changed since {since}:\n\n- Changed: Add a regression test with the 12 sample invoices → (now step 2) \
         Add a regression test with all 40 sample invoices\n"
    )));
    assert!(text.contains(&format!(
        "## Decisions changed since {since}\n\n- New: Read tables row by row — because merged cells span columns \
         (rejected: column by column)\n"
    )));
    // Only the sessions that ended after the checkpoint.
    assert!(text.contains(&format!("## Done since {since}\n\n- Session 2: Step 2")));
    assert!(!text.contains("Session 1: Step 1"));
}

#[test]
fn every_kind_of_change_is_sent() {
    let mut fixture = Fixture::new();
    let checkpoint = checkpoint_of(fixture.project.state.clone());
    let state = &mut fixture.project.state;
    state.current_state = "Supplier C works too.".into();
    state.next_steps.swap(1, 2);
    state.decisions[0].rationale = "it keeps glyph positions and is pure Rust".into();
    state.decisions.remove(1);
    state.constraints.push("Run on Windows too".into());
    state.do_not_redo.clear();
    state.files[0].notes = "supplier layouts, now with C".into();
    state.files.remove(2);
    let input = handoff::BuildInput { delta_since: Some(&checkpoint), ..fixture.input() };
    let text = build(&input, &options(BundleFormat::Plain)).text;
    assert!(text.contains("Supplier C works too."));
    assert!(text.contains("The order changed; the steps now read:\n\n1. Next action: Read supplier C's totals"));
    assert!(text.contains(
        "- Changed: Use the lopdf crate for text extraction — because it keeps glyph positions and is pure Rust"
    ));
    assert!(text.contains("- Withdrawn: Amounts are integers of cents"));
    assert!(text.contains("- Added: Run on Windows too"));
    assert!(text.contains("Do not redo:\n\n- Removed: Evaluating OCR"));
    assert!(text.contains("- Changed: src/config.rs (normal) — supplier layouts, now with C"));
    assert!(text.contains("- No longer key: tests/samples/README.md (low)"));
    assert!(!text.contains("src/extract.rs"));
}

#[test]
fn an_unchanged_project_says_so() {
    let fixture = Fixture::new();
    let checkpoint = checkpoint_of(fixture.project.state.clone());
    let input = handoff::BuildInput { delta_since: Some(&checkpoint), ..fixture.input() };
    let bundle = build(&input, &options(BundleFormat::Markdown));
    assert!(bundle
        .text
        .contains("## Next steps\n\nNext action: Read supplier C's totals table row by row\n\nUnchanged since"));
    assert!(!bundle.sections.contains(&SectionKind::Decisions));
    assert!(bundle.empty_required.is_empty());
    let full = build(&fixture.input(), &options(BundleFormat::Markdown));
    assert!(bundle.estimated_tokens < full.estimated_tokens);
}
