//! The fixed project rendered in all five formats, compared with the reviewed files under
//! `tests/snapshots/handoff/`. Run with `UPDATE_SNAPSHOTS=1` to rewrite them (then review them).

mod handoff_fixture;

use baton_core::handoff::{build, file_extension, SectionKind};
use baton_core::tokens::estimate_tokens;
use baton_core::BundleFormat;
use handoff_fixture::{options, Fixture};
use std::path::PathBuf;

fn check_snapshot(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/handoff").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, text).expect("the snapshot directory is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_SNAPSHOTS=1 and review it", path.display()));
    assert!(expected == text, "{name} differs from its snapshot; run with UPDATE_SNAPSHOTS=1 and review the diff");
}

#[test]
fn every_format_matches_its_snapshot() {
    let fixture = Fixture::new();
    for &format in BundleFormat::ALL {
        let bundle = build(&fixture.input(), &options(format));
        check_snapshot(&format!("full.{}.{}", format.as_str(), file_extension(format)), &bundle.text);
        assert_eq!(bundle.estimated_tokens, estimate_tokens(&bundle.text));
        assert!(bundle.fits && bundle.over_budget_by.is_none());
        assert_eq!(bundle.parts, vec![bundle.text.clone()]);
        assert!(bundle.empty_required.is_empty(), "{format:?}: {:?}", bundle.empty_required);
        assert_eq!(bundle.omitted_summary, "");
    }
}

#[test]
fn sections_are_in_the_spec_order_and_all_present() {
    let fixture = Fixture::new();
    let bundle = build(&fixture.input(), &options(BundleFormat::Markdown));
    assert_eq!(bundle.sections, SectionKind::ALL.to_vec());
    let positions: Vec<usize> = SectionKind::ALL
        .iter()
        .skip(1)
        .map(|kind| bundle.text.find(&format!("## {}", kind.english())).unwrap_or_else(|| panic!("{kind:?}")))
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn json_parses_and_has_the_sections_as_fields() {
    let fixture = Fixture::new();
    let bundle = build(&fixture.input(), &options(BundleFormat::Json));
    let value: serde_json::Value = serde_json::from_str(&bundle.text).expect("the JSON bundle parses");
    for kind in SectionKind::ALL {
        assert!(value.get(kind.as_str()).is_some(), "{kind:?}");
    }
    assert_eq!(value["report_request"]["block"], baton_core::handoff::REPORT_BLOCK);
    assert_eq!(value["next_steps"]["items"][0], "Read supplier C's totals table row by row");
    assert_eq!(value["decisions"]["items"][0]["rejected_alternatives"][1], "calling pdftotext");
    // Keys keep the section order in the text.
    let goal = bundle.text.find("\"goal\"").unwrap();
    let transcript = bundle.text.find("\"transcript\"").unwrap();
    assert!(goal < transcript);
}

#[test]
fn xml_escapes_markup_in_content() {
    let fixture = Fixture::new();
    let bundle = build(&fixture.input(), &options(BundleFormat::Xml));
    assert!(bundle.text.starts_with("<handoff>\n<header>\n"));
    assert!(bundle.text.ends_with("</report_request>\n</handoff>\n"));
    assert!(!bundle.text.contains("<script>"));
    assert!(bundle.text.contains("&lt;script&gt;-like markup in &lt;notes&gt;"));
    assert!(bundle.text.contains("between &lt; and &gt; &amp; keep"));
    assert!(bundle.text.contains("<goal>\nParse the invoices"));
    assert!(bundle.text.contains("fn read_row(row: &amp;Row)"));
}

#[test]
fn plain_text_has_no_markup_outside_the_report_block() {
    let fixture = Fixture::new();
    let bundle = build(&fixture.input(), &options(BundleFormat::Plain));
    let (before_report, _) = bundle.text.split_once("```handoff-report").unwrap();
    assert!(!before_report.contains("**"));
    assert!(!before_report.lines().any(|line| line.starts_with('#')));
    assert!(bundle.text.contains("Next steps\n----------\n"));
    assert!(bundle.text.starts_with("Handoff: Invoice parser\n=======================\n"));
}

#[test]
fn classic_keeps_the_original_layout() {
    let fixture = Fixture::new();
    let text = build(&fixture.input(), &options(BundleFormat::Classic)).text;
    assert!(text.starts_with("# Handoff briefing: Invoice parser\n"));
    let order = ["## Condensed context", "## Done", "## Blockers", "## Next steps", "```handoff-report"];
    let positions: Vec<usize> = order.iter().map(|heading| text.find(heading).expect(heading)).collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{positions:?}");
}

#[test]
fn content_follows_the_rules_of_each_section() {
    let fixture = Fixture::new();
    let bundle = build(&fixture.input(), &options(BundleFormat::Markdown));
    let text = &bundle.text;
    // Header: from → to, continuing session, the date in UTC.
    assert!(text.contains("- **From:** Work Claude (Claude)\n- **To:** Work ChatGPT (ChatGPT)"));
    assert!(text.contains("- **Continuing as:** session 4"));
    assert!(text.contains("2026-01-05T18:30:00.000Z"));
    // The first next step is the exact next action.
    assert!(text.contains("1. Next action: Read supplier C's totals table row by row\n2. Add a regression"));
    // Blockers from the latest session.
    assert!(text.contains("- Supplier C's sample invoice 7 is a scan: is it in scope?\n- The totals table"));
    // Decisions with rationale and rejected alternatives.
    assert!(text.contains(
        "- Use the lopdf crate for text extraction — because it keeps the glyph positions we need for tables \
         (rejected: pdf-extract, calling pdftotext)"
    ));
    // Done so far: ended sessions, newest first, with account.
    let two = text.find("- Session 2: Step 2 (Work ChatGPT, ended 2026-01-03):").unwrap();
    let one = text.find("- Session 1: Step 1 (Work Claude, ended 2026-01-02):").unwrap();
    assert!(two < one);
    assert!(!text.contains("Session 3:"), "the session in progress has nothing done yet");
    // Key files: critical and high first.
    let critical = text.find("src/extract.rs (critical)").unwrap();
    let high = text.find("src/tables.rs (high)").unwrap();
    let normal = text.find("src/config.rs (normal)").unwrap();
    let low = text.find("tests/samples/README.md (low)").unwrap();
    assert!(critical < high && high < normal && normal < low);
    // Knowledge: relevant entries only, tag overlap first.
    assert!(!text.contains("Watering tomatoes"));
    assert!(text.find("Reading PDF tables").unwrap() < text.find("Supplier C sends").unwrap());
    assert_eq!(bundle.knowledge_ids.len(), 2);
    // Transcript: the long code block shortened with a visible marker.
    assert!(text.contains("… 32 lines omitted …"));
    assert!(text.contains("**Assistant (turn 2):**"));
    // The report request ends the bundle.
    assert!(text.trim_end().ends_with(baton_core::handoff::REPORT_BLOCK));
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let fixture = Fixture::new();
    for &format in BundleFormat::ALL {
        let mut opts = options(format);
        opts.budget = Some(900);
        opts.paste_limit = Some(1500);
        assert_eq!(build(&fixture.input(), &opts), build(&fixture.input(), &opts));
    }
}
