//! Reports in both languages: the template every bundle asks for, in each language, reads back
//! into every field; the committed corpus holds Indonesian (`id-*`) and mixed (`mix-*`) reports
//! (their expected parses are checked with the rest by `report_corpus`).

use baton_core::handoff::report_block;
use baton_core::locale::Language;
use baton_core::report::{parse_report, ReportStatus};
use baton_core::{Importance, KnowledgeCategory};
use std::path::Path;

/// The template with its placeholders filled: the first status word, a number of credits, each
/// `<…>` as `v1`, `v2` … (the knowledge line's category as "pattern"), each `…` as "text".
fn filled(template: &str) -> String {
    let mut counter = 0;
    let mut lines = Vec::new();
    for line in template.lines() {
        let line = if let Some((key, values)) = line.split_once(": ").filter(|(_, values)| values.contains(" | ")) {
            format!("{key}: {}", values.split(" | ").next().unwrap())
        } else if line.contains("<") && line.ends_with('>') && !line.starts_with('-') {
            // credits_used: <number, optional>
            format!("{}: 12", line.split_once(':').unwrap().0)
        } else {
            let mut out = String::new();
            let mut rest = line;
            while let Some(open) = rest.find('<') {
                let close = open + rest[open..].find('>').unwrap();
                out.push_str(&rest[..open]);
                let category = out.trim() == "-" && rest[close + 1..].starts_with(':');
                if category {
                    out.push_str("pattern");
                } else {
                    counter += 1;
                    out.push_str(&format!("v{counter}"));
                }
                rest = &rest[close + 1..];
            }
            out.push_str(rest);
            out.replace('…', "text")
        };
        lines.push(line);
    }
    lines.join("\n")
}

#[test]
fn each_languages_template_reads_back_into_every_field() {
    for language in Language::ALL {
        let report = filled(&report_block(language));
        let parsed = parse_report(&report).unwrap_or_else(|error| panic!("{language:?}: {error:?}\n{report}"));
        assert_eq!(parsed.status, Some(ReportStatus::Completed), "{language:?}\n{report}");
        assert_eq!(parsed.credits_used, Some(12), "{language:?}");
        assert_eq!(parsed.done, ["text"], "{language:?}");
        assert_eq!(parsed.current_state.as_deref(), Some("text"), "{language:?}");
        assert_eq!(parsed.next_steps, ["text"], "{language:?}");
        assert_eq!(parsed.blockers, ["text"], "{language:?}");
        assert_eq!(parsed.decisions.len(), 1, "{language:?}");
        let decision = &parsed.decisions[0];
        assert_eq!((decision.text.as_str(), decision.rationale.as_str()), ("v1", "v2"), "{language:?}");
        assert_eq!(decision.rejected_alternatives, ["v3", "v4"], "{language:?}");
        assert_eq!(parsed.files.len(), 1);
        assert_eq!((parsed.files[0].path.as_str(), parsed.files[0].notes.as_str()), ("v5", "v6"), "{language:?}");
        assert_eq!(parsed.knowledge.len(), 1);
        assert_eq!(parsed.knowledge[0].category, KnowledgeCategory::Pattern);
        assert_eq!((parsed.knowledge[0].title.as_str(), parsed.knowledge[0].body.as_str()), ("v7", "v8"));
        assert!(parsed.unknown_sections.is_empty(), "{language:?}: {:?}", parsed.unknown_sections);
        assert!(parsed.warnings.is_empty(), "{language:?}: {:?}", parsed.warnings);
    }
}

#[test]
fn an_indonesian_report_fills_the_fields() {
    let report = "```handoff-report
status: sebagian
kredit_terpakai: 1.200
## Selesai
- Menulis parser
## Kondisi saat ini
Parser berjalan.
## Langkah berikutnya
1. Tulis tes
## Hambatan
- tidak ada
## Keputusan
- Pakai serde — karena sudah dipakai di mana-mana (ditolak: nanoserde)
## Berkas
- src/parser.rs — parser baru, kritis
## Pengetahuan
- solusi galat: Galat UTF-8 — baca sebagai byte dulu
```";
    let parsed = parse_report(report).unwrap();
    assert_eq!(parsed.status, Some(ReportStatus::Partial));
    assert_eq!(parsed.credits_used, Some(1200), "Indonesian grouping");
    assert_eq!(parsed.done, ["Menulis parser"]);
    assert!(parsed.blockers.is_empty(), "\"tidak ada\" is none");
    assert_eq!(parsed.decisions[0].rationale, "sudah dipakai di mana-mana");
    assert_eq!(parsed.decisions[0].rejected_alternatives, ["nanoserde"]);
    assert_eq!(parsed.files[0].importance, Importance::Critical);
    assert_eq!(parsed.knowledge[0].category, KnowledgeCategory::ErrorSolution);
    let fields = parsed.session_fields();
    assert_eq!(fields.accomplishments, "- Menulis parser");
    assert_eq!(fields.next_steps, "1. Tulis tes");
    assert!(fields.notes.is_empty(), "nothing lands in the notes");
}

#[test]
fn the_corpus_holds_indonesian_and_mixed_reports_that_all_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/reports");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    let count = |prefix: &str| names.iter().filter(|name| name.starts_with(prefix)).count();
    assert!(count("id-") >= 12, "{} Indonesian reports", count("id-"));
    assert!(count("mix-") >= 6, "{} mixed reports", count("mix-"));
    for name in names.iter().filter(|name| name.starts_with("id-") || name.starts_with("mix-")) {
        let parsed = parse_report(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
        assert!(!parsed.done.is_empty(), "{name}: nothing done read");
        // Every heading of these reports is one the parser knows.
        assert!(
            parsed
                .unknown_sections
                .iter()
                .all(|(heading, _)| name == "id-11-unknown-sections.txt" || heading.is_empty()),
            "{name}: {:?}",
            parsed.unknown_sections
        );
    }
}
