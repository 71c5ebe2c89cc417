//! The generated data is a valid Baton export: it decodes (checksum, counts, every record's
//! fields), validates (duplicates, session numbers, references), and encodes back to the same
//! bytes; the same seed gives the same file, another seed another one.

use baton_core::exchange::{decode, encode, validate_dataset, ExportMeta};
use bench_data::{export_text, generate, Size, DEFAULT_SEED};
use std::collections::HashSet;

#[test]
fn a_small_dataset_decodes_validates_and_round_trips() {
    let size = Size::SMALL;
    let generated = generate(&size, DEFAULT_SEED);
    let text = export_text(&generated.dataset);
    let decoded = decode(text.as_bytes()).unwrap_or_else(|error| panic!("the export does not decode: {error}"));
    let problems = validate_dataset(&decoded.dataset, &|_, _| false);
    assert!(problems.is_empty(), "problems: {problems:?}");
    assert_eq!(decoded.dataset, generated.dataset);

    let dataset = &decoded.dataset;
    assert_eq!(dataset.projects.len(), size.projects);
    assert_eq!(dataset.accounts.len(), size.accounts);
    assert_eq!(dataset.sessions.len(), size.sessions);
    assert_eq!(dataset.turns.len(), size.turns);
    assert_eq!(dataset.checkpoints.len(), size.checkpoints);
    assert_eq!(dataset.handoffs.len(), size.handoffs);
    assert_eq!(dataset.knowledge.len(), size.knowledge);
    assert_eq!(dataset.ledger.len(), size.ledger);
    assert_eq!(dataset.events.len(), size.events);
    let big = dataset.sessions.iter().filter(|s| s.project_id == generated.big_project).count();
    assert_eq!(big, size.big_project_sessions);

    // Canonical: encoding what was decoded gives the same bytes.
    let meta = ExportMeta { app_version: decoded.app_version, exported_at: decoded.exported_at, scope: decoded.scope };
    assert_eq!(encode(&decoded.dataset, &meta), text);

    // Realistic text: code blocks, non-English, bundles of real size, no trash.
    assert!(dataset.turns.iter().any(|turn| turn.content.contains("```")));
    assert!(dataset.turns.iter().any(|turn| !turn.content.is_ascii()));
    let bundle_sizes: Vec<usize> = dataset.handoffs.iter().map(|h| h.bundle.text.len()).collect();
    assert!(bundle_sizes.iter().all(|&bytes| bytes > 1_000), "bundle sizes {bundle_sizes:?}");
    assert!(dataset.handoffs.iter().all(|h| h.bundle.estimated_tokens > 0));
    assert!(dataset.sessions.iter().all(|s| s.deleted_at.is_none()));
    let numbers: HashSet<_> = dataset.sessions.iter().map(|s| (s.project_id, s.number)).collect();
    assert_eq!(numbers.len(), dataset.sessions.len());
}

#[test]
fn the_same_seed_gives_the_same_file_and_another_seed_another() {
    let a = export_text(&generate(&Size::SMALL, 1).dataset);
    let b = export_text(&generate(&Size::SMALL, 1).dataset);
    let c = export_text(&generate(&Size::SMALL, 2).dataset);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn the_medium_dataset_is_valid() {
    let generated = generate(&Size::MEDIUM, DEFAULT_SEED);
    let text = export_text(&generated.dataset);
    let decoded = decode(text.as_bytes()).unwrap_or_else(|error| panic!("the export does not decode: {error}"));
    assert!(validate_dataset(&decoded.dataset, &|_, _| false).is_empty());
    assert_eq!(decoded.dataset.len(), generated.dataset.len());
}
