//! Bundles in the language of the target conversation: the fixed texts of every format in
//! Bahasa Indonesia (snapshots under `tests/snapshots/handoff/*.id.*`, reviewed), the user's
//! content untouched, delta bundles, budgets and paste-limit parts in Indonesian too, and the
//! language chosen per account.

mod handoff_fixture;

use baton_core::handoff::{
    build, file_extension, language_for, report_block, split_in, BuildInput, BuildOptions, SectionKind,
    MIN_PASTE_LIMIT, REPORT_BLOCK,
};
use baton_core::locale::Language;
use baton_core::tokens::estimate_tokens;
use baton_core::*;
use handoff_fixture::*;
use std::path::PathBuf;

fn indonesian(format: BundleFormat) -> BuildOptions {
    BuildOptions { language: Language::Indonesian, ..options(format) }
}

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

/// Fixed English texts of a bundle; none may be left in an Indonesian one.
const ENGLISH_FIXED_TEXTS: &[&str] = &[
    "Handoff:",
    "Handoff briefing",
    "Instructions",
    "Next steps",
    "Next action",
    "Current state",
    "Blockers",
    "Decisions",
    "Constraints",
    "Do not redo",
    "Done so far",
    "Key files",
    "Relevant knowledge",
    "Transcript excerpt",
    "Report request",
    "because",
    "rejected",
    "Continuing as",
    "Latest checkpoint",
    "the checkpoint",
    "(turn ",
    "Session 2",
    "ended 2026",
    "lines omitted",
    "(critical)",
    "Error solution",
    "Assistant (",
    "When you end your session",
    "## Done",
    "status: completed",
];

/// Every string value of a JSON document.
fn strings(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(text) => vec![text.clone()],
        serde_json::Value::Array(items) => items.iter().flat_map(strings).collect(),
        serde_json::Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_format_in_indonesian_matches_its_snapshot() {
    let fixture = Fixture::new();
    for &format in BundleFormat::ALL {
        let bundle = build(&fixture.input(), &indonesian(format));
        check_snapshot(&format!("full.{}.id.{}", format.as_str(), file_extension(format)), &bundle.text);
        assert_eq!(bundle.estimated_tokens, estimate_tokens(&bundle.text));
        assert!(bundle.empty_required.is_empty(), "{format:?}");
        assert_eq!(bundle.sections, build(&fixture.input(), &options(format)).sections, "{format:?}");
        // The JSON format's keys are stable names, not words: its values are what it says.
        let text = match format {
            BundleFormat::Json => strings(&serde_json::from_str(&bundle.text).expect("JSON")).join("\n"),
            _ => bundle.text.clone(),
        };
        for english in ENGLISH_FIXED_TEXTS {
            assert!(!text.contains(english), "{format:?} still says {english:?}");
        }
        // The XML and JSON formats escape the template; the text formats show it as it is.
        if !matches!(format, BundleFormat::Xml | BundleFormat::Json) {
            assert!(bundle.text.contains(&report_block(Language::Indonesian)), "{format:?}");
        }
    }
}

#[test]
fn the_users_content_is_never_translated() {
    let fixture = Fixture::new();
    let text = build(&fixture.input(), &indonesian(BundleFormat::Markdown)).text;
    assert!(text.starts_with("# Serah terima: Invoice parser\n"));
    assert!(text.contains("1. Tindakan berikutnya: Read supplier C's totals table row by row\n"));
    assert!(text.contains(
        "- Use the lopdf crate for text extraction — karena it keeps the glyph positions we need for tables \
         (ditolak: pdf-extract, calling pdftotext)"
    ));
    assert!(text.contains("- **Dilanjutkan sebagai:** sesi 4"));
    assert!(text.contains("- Sesi 2: Step 2 (Work ChatGPT, berakhir 2026-01-03):"));
    assert!(text.contains("src/extract.rs (kritis)"));
    assert!(text.contains("## Langkah berikutnya\n"));
    assert!(text.contains("## Hambatan dan pertanyaan terbuka\n"));
}

#[test]
fn section_headings_come_from_the_language() {
    assert_eq!(SectionKind::NextSteps.heading(Language::English), SectionKind::NextSteps.english());
    assert_eq!(SectionKind::NextSteps.heading(Language::Indonesian), "Langkah berikutnya");
    assert_eq!(SectionKind::Header.heading(Language::Indonesian), "Serah terima: {project}");
    for kind in SectionKind::ALL.iter().filter(|kind| **kind != SectionKind::Header) {
        assert_eq!(kind.heading(Language::English), kind.english(), "English headings are the labels");
        assert_ne!(kind.heading(Language::Indonesian), kind.english(), "{kind:?}");
    }
}

#[test]
fn the_english_report_block_is_the_template_and_the_indonesian_asks_for_indonesian_headings() {
    assert_eq!(report_block(Language::English), REPORT_BLOCK);
    let block = report_block(Language::Indonesian);
    let headings: Vec<&str> = block.lines().filter(|line| line.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Selesai",
            "## Kondisi saat ini",
            "## Langkah berikutnya",
            "## Hambatan",
            "## Keputusan",
            "## Berkas",
            "## Pengetahuan"
        ]
    );
    assert!(block.starts_with("```handoff-report\nstatus: selesai | sebagian | terhambat\n"));
}

#[test]
fn a_delta_bundle_in_indonesian() {
    let mut fixture = Fixture::new();
    let since = checkpoint(fixture.project.state.clone());
    fixture.project.state.next_steps[1] = "Add a regression test with all 40 sample invoices".into();
    fixture.project.state.decisions.push(decision(
        "Read tables row by row",
        "merged cells",
        &[],
        "2026-01-04T10:00:00Z",
    ));
    fixture.project.state.current_state.clear();
    let input = BuildInput { delta_since: Some(&since), ..fixture.input() };
    for &format in BundleFormat::ALL {
        let bundle = build(&input, &indonesian(format));
        assert!(bundle.is_delta);
        let text = match format {
            BundleFormat::Json => strings(&serde_json::from_str(&bundle.text).expect("JSON")).join("\n"),
            _ => bundle.text.clone(),
        };
        for english in ["since", "Changed", "New:", "Goal (recap)", "Cleared"] {
            assert!(!text.contains(english), "{format:?} still says {english:?}");
        }
    }
    let text = build(&input, &indonesian(BundleFormat::Markdown)).text;
    let since = "titik simpan \"Handoff to Work ChatGPT\" (2026-01-02)";
    assert!(text.contains(&format!("Ini ringkasan delta: isinya hanya hal yang berubah sejak {since}")));
    assert!(text.contains("## Tujuan (ringkasan)\n"));
    assert!(text.contains(&format!("Dikosongkan sejak {since}.")));
    assert!(text.contains(&format!("## Keputusan yang berubah sejak {since}\n")));
    assert!(text.contains("- Baru: Read tables row by row — karena merged cells\n"));
    assert!(text.contains(&format!("Berubah sejak {since}:")));
    assert!(text.contains("→ (kini langkah 2) Add a regression test with all 40 sample invoices\n"), "{text}");
}

#[test]
fn budgets_are_met_in_indonesian_and_the_omitted_line_is_indonesian() {
    let fixture = Fixture::new();
    let full = build(&fixture.input(), &indonesian(BundleFormat::Markdown));
    for budget in (full.required_tokens..full.estimated_tokens).step_by(97) {
        let bundle =
            build(&fixture.input(), &BuildOptions { budget: Some(budget), ..indonesian(BundleFormat::Markdown) });
        // Just above the required sections, the omitted line itself may tip the bundle over.
        assert!(bundle.fits || bundle.over_budget_by.is_some(), "budget {budget}");
        assert!(
            bundle.fits || budget < full.required_tokens + 80,
            "budget {budget}: {} tokens",
            bundle.estimated_tokens
        );
        assert!(!bundle.fits || bundle.estimated_tokens <= budget);
        assert_eq!(bundle.estimated_tokens, estimate_tokens(&bundle.text));
        if !bundle.omitted.is_empty() {
            assert!(bundle.omitted_summary.starts_with("dihilangkan: "), "{}", bundle.omitted_summary);
            assert!(bundle.text.contains(&bundle.omitted_summary));
            assert!(!bundle.omitted_summary.contains("turns") && !bundle.omitted_summary.contains("entries"));
        }
    }
    let tight = build(
        &fixture.input(),
        &BuildOptions { budget: Some(full.required_tokens), ..indonesian(BundleFormat::Markdown) },
    );
    assert!(tight.omitted_summary.contains("giliran transkrip"), "{}", tight.omitted_summary);
    // The English bundle's omitted line is as it was.
    let english = build(
        &fixture.input(),
        &BuildOptions { budget: Some(full.required_tokens), ..options(BundleFormat::Markdown) },
    );
    assert!(english.omitted_summary.starts_with("omitted: "), "{}", english.omitted_summary);
}

#[test]
fn parts_are_headed_in_indonesian_and_stay_within_the_limit() {
    let fixture = Fixture::new();
    for limit in [MIN_PASTE_LIMIT, 500, 1500] {
        let bundle =
            build(&fixture.input(), &BuildOptions { paste_limit: Some(limit), ..indonesian(BundleFormat::Markdown) });
        let count = bundle.parts.len();
        assert!(count > 1);
        for (index, part) in bundle.parts.iter().enumerate() {
            assert!(
                part.chars().count() <= limit,
                "part {} of {count}: {} characters",
                index + 1,
                part.chars().count()
            );
            let heading = if index + 1 == count {
                format!("Bagian {} dari {count} — ini bagian terakhir\n\n", index + 1)
            } else {
                format!("Bagian {} dari {count} — balas OK dan tunggu bagian berikutnya\n\n", index + 1)
            };
            assert!(part.starts_with(&heading), "{part}");
            assert!(!part.contains("code block continues") && !part.contains("Part "));
        }
    }
    let code: String = (0..100).map(|n| format!("let value_{n} = {n};\n")).collect();
    let split = split_in(&format!("Intro.\n\n```rust\n{code}```\n"), 600, Language::Indonesian);
    assert!(!split.split_blocks.is_empty());
    assert!(split.parts[0].contains("(blok kode berlanjut di bagian 2)\n"));
}

#[test]
fn an_account_chooses_the_language_of_its_bundles() {
    let mut account = account(1, "Kerja", Platform::Claude);
    assert_eq!(language_for(None, Language::Indonesian), Language::Indonesian);
    assert_eq!(language_for(Some(&account), Language::English), Language::English, "None follows the interface");
    account.bundle_language = Some(Language::Indonesian);
    assert_eq!(language_for(Some(&account), Language::English), Language::Indonesian);
    account.bundle_language = Some(Language::English);
    assert_eq!(language_for(Some(&account), Language::Indonesian), Language::English);
}

#[test]
fn the_builder_pipeline_lints_and_splits_an_indonesian_bundle_like_an_english_one() {
    use baton_core::handoff::check;
    use std::collections::BTreeSet;
    let fixture = Fixture::new();
    for &format in BundleFormat::ALL {
        let english = check(&fixture.input(), &options(format), &BTreeSet::new());
        let checked = check(&fixture.input(), &indonesian(format), &BTreeSet::new());
        assert_eq!(checked.text, checked.built.text);
        assert_eq!(checked.tokens, estimate_tokens(&checked.text));
        // The template's slots inside the report fence are not unfilled slots, in either language.
        assert_eq!(checked.error_count(), english.error_count(), "{format:?}: {:?}", checked.findings);
        assert!(checked.findings.len() <= english.findings.len(), "{format:?}: {:?}", checked.findings);
    }
    let split = BuildOptions { paste_limit: Some(MIN_PASTE_LIMIT), ..indonesian(BundleFormat::Markdown) };
    let checked = check(&fixture.input(), &split, &BTreeSet::new());
    assert!(checked.parts.len() > 1);
    assert!(checked.parts.iter().all(|part| part.starts_with("Bagian ")));
}
