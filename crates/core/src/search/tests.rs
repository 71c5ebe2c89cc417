//! The search's behaviour on one fixed corpus, plus a latency check on a heavy generated one.
//! Kept in one file (over 400 lines) because every test reads the same corpus and helpers.

use super::*;

fn id(name: &str) -> Id {
    Id::derived("search-test", name)
}

fn doc(name: &str, kind: DocKind, title: &str, fields: &[(&'static str, &str)]) -> SearchDoc {
    SearchDoc {
        id: id(name),
        kind,
        title: title.to_string(),
        subtitle: String::new(),
        parent: None,
        number: None,
        recency: 0,
        fields: fields.iter().map(|(label, text)| (*label, text.to_string())).collect(),
    }
}

/// A fixed corpus: a project named "Tokenizer", sessions that mention it in their bodies, a
/// knowledge entry, a transcript turn.
fn corpus() -> SearchIndex {
    let mut index = SearchIndex::new();
    index.upsert(doc("p-tok", DocKind::Project, "Tokenizer", &[("Description", "Splits source text into tokens")]));
    index.upsert(doc("p-parser", DocKind::Project, "Parser", &[("Description", "Builds the syntax tree")]));
    let mut session = doc(
        "s-1",
        DocKind::Session,
        "Session 1: Write the lexer",
        &[(
            "Objectives",
            "The tokenizer must handle identifiers. The tokenizer must handle numbers. Tokenizer tokenizer.",
        )],
    );
    session.parent = Some(id("p-parser"));
    index.upsert(session);
    let mut turn = doc(
        "t-1",
        DocKind::Turn,
        "",
        &[("Assistant", "We agreed on a zephyrquokka cache\nin front of the store, with a budget of 3 entries.")],
    );
    turn.parent = Some(id("s-1"));
    turn.number = Some(2);
    index.upsert(turn);
    index.upsert(doc(
        "k-1",
        DocKind::Knowledge,
        "Prefer borrowing over cloning",
        &[("Body", "Clone only at the edges.")],
    ));
    index
}

fn titles(hits: &[Hit]) -> Vec<String> {
    hits.iter().map(|hit| hit.title.clone()).collect()
}

#[test]
fn tokens_are_lower_cased_words() {
    assert_eq!(tokens("Hello, World! naïve ÉCOLE x2"), vec!["hello", "world", "naïve", "école", "x2"]);
    assert!(tokens(&"a".repeat(100)).is_empty(), "runs longer than a word are not indexed");
}

#[test]
fn an_exact_title_beats_body_matches() {
    let index = corpus();
    let hits = index.search("tokenizer", 10);
    assert_eq!(hits[0].title, "Tokenizer", "{:?}", titles(&hits));
    assert_eq!(hits[0].kind, DocKind::Project);
    assert!(hits.iter().any(|hit| hit.id == id("s-1")), "the body match is found too");
    assert!(hits[0].score > hits.iter().find(|hit| hit.id == id("s-1")).unwrap().score);
}

#[test]
fn a_prefix_finds_as_you_type() {
    let index = corpus();
    for typed in ["t", "to", "tok", "toke", "tokeni"] {
        let hits = index.search(typed, 10);
        if typed.len() >= 2 {
            assert_eq!(hits.first().map(|hit| hit.title.as_str()), Some("Tokenizer"), "{typed}");
        }
    }
    assert_eq!(titles(&index.search("zephyr", 10)), vec!["Turn 2"]);
}

#[test]
fn typos_still_find() {
    let index = corpus();
    assert_eq!(index.search("tokenzier", 10).first().map(|hit| hit.title.as_str()), Some("Tokenizer"));
    assert_eq!(index.search("zephyrqoukka", 10).first().map(|hit| hit.title.as_str()), Some("Turn 2"));
    assert_eq!(index.search("parsre", 10).first().map(|hit| hit.title.as_str()), Some("Parser"));
    // Typing a word with a slip before its end.
    assert_eq!(index.search("zephyrqou", 10).first().map(|hit| hit.title.as_str()), Some("Turn 2"));
    assert!(index.search("qqqqqq", 10).is_empty());
}

#[test]
fn fuzzy_titles_match_initials_and_word_prefixes() {
    let index = corpus();
    let hits = index.search("borrow clon", 10);
    assert_eq!(hits.first().map(|hit| hit.title.as_str()), Some("Prefer borrowing over cloning"));
    let hits = index.search("pbc", 10);
    assert_eq!(titles(&hits), vec!["Prefer borrowing over cloning"]);
    assert_eq!(command_score("new proj", "New project"), 0.85);
    assert!(command_score("handoff pars", "Build handoff for Parser") > 0.0);
    assert!(command_score("theme", "Toggle theme") > 0.0);
    assert_eq!(command_score("xyz", "Toggle theme"), 0.0);
}

#[test]
fn every_word_must_match() {
    let index = corpus();
    assert_eq!(titles(&index.search("cache budget", 10)), vec!["Turn 2"]);
    // No document has both: the ones with all but one word are shown.
    let hits = index.search("cache syntax", 10);
    assert_eq!(hits.len(), 2);
}

#[test]
fn snippets_mark_the_match_and_stay_text() {
    let index = corpus();
    let hits = index.search("zephyrquokka", 10);
    let snippet = hits[0].snippet.as_ref().expect("a body match has a snippet");
    assert_eq!(snippet.field, "Assistant");
    assert_eq!(snippet.text(), "We agreed on a zephyrquokka cache in front of the store, with a budget of 3 entries.");
    let marked: Vec<&str> = snippet.parts.iter().filter(|part| part.matched).map(|part| part.text.as_str()).collect();
    assert_eq!(marked, vec!["zephyrquokka"]);
    assert_eq!(hits[0].context, "Session 1: Write the lexer");
    assert_eq!(hits[0].path(), format!("/sessions/{}", id("s-1")));
}

#[test]
fn an_index_without_text_finds_the_same_and_snippets_come_from_the_record() {
    let mut index = SearchIndex::without_text();
    let mut turn = doc("t", DocKind::Turn, "", &[("User", "Where does the zephyrquokka cache live?")]);
    turn.parent = Some(id("s"));
    index.upsert(doc("s", DocKind::Session, "Session 1", &[]));
    index.upsert(turn.clone());
    let found = index.find("zephyrquo", 5);
    assert_eq!(found.hits.len(), 1);
    assert_eq!(found.hits[0].snippet, None);
    assert_eq!(found.words, vec!["zephyrquokka"]);
    let snippet = snippet_for(&turn, &found.words).unwrap();
    assert_eq!(snippet.text(), "Where does the zephyrquokka cache live?");
    assert_eq!(corpus().find("zephyrquokka", 5).hits[0].snippet.as_ref().unwrap().field, "Assistant");
}

#[test]
fn snippets_cut_long_text_at_char_boundaries() {
    let mut index = SearchIndex::new();
    let before = "Ünïcödé wörds ".repeat(20);
    let after = " ещё текст".repeat(40);
    let body = format!("{before}<b>needle</b>{after}");
    index.upsert(doc("k", DocKind::Knowledge, "Entry", &[("Body", &body)]));
    let hits = index.search("needle", 5);
    let snippet = hits[0].snippet.as_ref().unwrap();
    let text = snippet.text();
    assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
    assert!(text.contains("<b>needle</b>"), "markup stays text: {text}");
    assert!(text.chars().count() <= SNIPPET_LENGTH + 4, "{}", text.chars().count());
    assert!(snippet.parts.iter().any(|part| part.matched && part.text == "needle"));
    // Every match in the window is marked, in any case.
    index.upsert(doc("k2", DocKind::Knowledge, "Other", &[("Body", "Needle one, needle two.\n\nNEEDLE three")]));
    let hit = index.search("needle", 5).into_iter().find(|hit| hit.id == id("k2")).unwrap();
    let snippet = hit.snippet.unwrap();
    assert_eq!(snippet.text(), "Needle one, needle two. NEEDLE three");
    assert_eq!(snippet.parts.iter().filter(|part| part.matched).count(), 3);
}

#[test]
fn removal_and_replacement_take_effect() {
    let mut index = corpus();
    index.remove(id("p-tok"));
    assert!(!index.search("tokenizer", 10).iter().any(|hit| hit.id == id("p-tok")));
    assert_eq!(index.len(), 4);
    // Replacing a document forgets its old words.
    index.upsert(doc("p-parser", DocKind::Project, "Grammar", &[("Description", "Rewritten")]));
    assert!(index.search("parser", 10).iter().all(|hit| hit.id != id("p-parser")));
    assert_eq!(index.search("grammar", 10)[0].id, id("p-parser"));
    assert_eq!(index.len(), 4);
    // Removing a session hides its turns (a trashed session's transcript is not offered).
    index.remove(id("s-1"));
    assert!(index.search("zephyrquokka", 10).is_empty());
    index.remove(id("unknown"));
}

#[test]
fn titles_follow_renames_removals_and_compaction() {
    let mut index = SearchIndex::without_text();
    index.upsert(doc("k", DocKind::Knowledge, "Ledger rounding rules", &[]));
    index.upsert(doc("k", DocKind::Knowledge, "Invoice layout", &[]));
    let titled = |index: &SearchIndex, query: &str| titles(&index.search(query, 10));
    // The old title is no longer a name for it; the new one is, at its start and at a word.
    assert!(titled(&index, "ledger roun").is_empty());
    assert_eq!(titled(&index, "invoice lay"), vec!["Invoice layout"]);
    assert_eq!(titled(&index, "lay"), vec!["Invoice layout"]);
    // One or two letters name a title only where a word begins.
    assert_eq!(titled(&index, "la"), vec!["Invoice layout"]);
    assert!(titled(&index, "ay").is_empty());
    for n in 0..1500 {
        index.upsert(doc(&format!("d{n}"), DocKind::Knowledge, &format!("Entry {n} über Größe"), &[]));
    }
    for n in 0..1500 {
        index.remove(id(&format!("d{n}")));
    }
    index.remove(id("k"));
    index.upsert(doc("k", DocKind::Knowledge, "Größe der Tabelle", &[]));
    // Dead titles are skipped until a compaction drops them.
    assert!(titled(&index, "entry").is_empty());
    index.compact();
    assert_eq!(index.title_text, "größe der tabelle\n", "compaction keeps only live titles");
    assert_eq!(titled(&index, "grö"), vec!["Größe der Tabelle"]);
    assert_eq!(titled(&index, "tabelle"), vec!["Größe der Tabelle"]);
    assert_eq!(titled(&index, "gdt"), vec!["Größe der Tabelle"], "initials, non-ASCII title");
    assert!(titled(&index, "entry").is_empty());
}

#[test]
fn initials_score_the_same_on_bytes_and_characters() {
    for (query, title) in [
        ("pbc", "prefer borrowing over cloning"),
        ("wtt", "write the tokenizer"),
        ("prebo", "prefer borrowing over cloning"),
        ("pxc", "prefer borrowing over cloning"),
        ("ab", "a b"),
        ("tkn", "tokenizer"),
    ] {
        let bytes = subsequence_units(query.as_bytes(), title.as_bytes(), |b| b.is_ascii_alphanumeric());
        let wanted: Vec<char> = query.chars().collect();
        let chars = subsequence_units(&wanted, &title.chars().collect::<Vec<_>>(), is_word_char);
        assert_eq!(bytes, chars, "{query} → {title}");
    }
    assert!(subsequence_score("pbc", "prefer borrowing over cloning") > 0.0);
    assert_eq!(subsequence_score("pxc", "prefer borrowing over cloning"), 0.0);
}

#[test]
fn trashed_records_are_not_indexed() {
    let records = crate::sample::sample_dataset(crate::time::Timestamp::parse("2026-05-01T10:00:00Z").unwrap());
    let mut index = SearchIndex::new();
    for record in &records {
        index.index_record(record);
    }
    let indexed = records.iter().filter(|record| index.contains(record.id())).count();
    assert!(indexed > 0);
    for record in &records {
        if record.deleted_at().is_some() {
            assert!(!index.contains(record.id()), "trashed {:?}", record.id());
        }
    }
    let AnyRecord::Project(mut project) = records
        .iter()
        .find(|record| matches!(record, AnyRecord::Project(p) if p.deleted_at.is_none()))
        .unwrap()
        .clone()
    else {
        unreachable!()
    };
    assert!(index.contains(project.id));
    project.deleted_at = Some(project.updated_at);
    index.index_record(&AnyRecord::Project(project.clone()));
    assert!(!index.contains(project.id));
}

#[test]
fn hits_are_grouped_by_type_with_a_limit_each() {
    let mut index = SearchIndex::new();
    for n in 0..20 {
        index.upsert(doc(&format!("k{n}"), DocKind::Knowledge, &format!("Cache rule {n}"), &[]));
        let mut turn = doc(&format!("t{n}"), DocKind::Turn, "", &[("User", "the cache again")]);
        turn.parent = Some(id("s"));
        index.upsert(turn);
    }
    index.upsert(doc("s", DocKind::Session, "Session 1", &[]));
    index.upsert(doc("p", DocKind::Project, "Cache", &[]));
    let hits = index.search("cache", 3);
    let kinds: Vec<DocKind> = hits.iter().map(|hit| hit.kind).collect();
    assert_eq!(
        kinds,
        vec![
            DocKind::Project,
            DocKind::Knowledge,
            DocKind::Knowledge,
            DocKind::Knowledge,
            DocKind::Turn,
            DocKind::Turn,
            DocKind::Turn
        ]
    );
}

#[test]
fn hits_name_their_place_and_open_the_right_page() {
    let mut index = corpus();
    let mut handoff = doc("h", DocKind::Handoff, "", &[("Bundle", "# Handoff\nContinue the parser")]);
    handoff.parent = Some(id("p-parser"));
    handoff.subtitle = "Pending".into();
    index.upsert(handoff);
    let mut checkpoint = doc("c", DocKind::Checkpoint, "Before the rewrite", &[]);
    checkpoint.parent = Some(id("p-parser"));
    index.upsert(checkpoint);
    let hits = index.search("continue", 5);
    assert_eq!(hits[0].title, "Handoff for Parser");
    assert_eq!(hits[0].context, "Pending");
    assert_eq!(hits[0].path(), format!("/handoffs?open={}", id("h")));
    let hits = index.search("rewrite", 5);
    assert_eq!(hits[0].context, "Parser");
    assert_eq!(hits[0].path(), format!("/projects/{}", id("p-parser")));
    assert_eq!(index.search("prefer", 5)[0].path(), "/knowledge");
    assert_eq!(index.projects().len(), 2);
}

#[test]
fn compaction_keeps_every_live_document() {
    let mut index = SearchIndex::new();
    for round in 0..3 {
        for n in 0..2000 {
            index.upsert(doc(
                &format!("d{n}"),
                DocKind::Knowledge,
                &format!("Entry {n}"),
                &[("Body", &format!("round{round} body"))],
            ));
        }
    }
    for n in 0..1000 {
        index.remove(id(&format!("d{n}")));
    }
    index.compact();
    assert_eq!(index.len(), 1000);
    assert_eq!(index.search("round2", 5000).len(), 1000);
    assert!(!index.terms.contains_key("round1"), "words no document uses are dropped");
    assert!(!index.terms.contains_key("round0"));
    assert_eq!(index.posting_count(), 1000 * 4);
    assert_eq!(index.search("entry 1999", 5)[0].title, "Entry 1999");
}

#[test]
fn edit_distance_counts_swaps_once() {
    let chars = |text: &str| text.chars().collect::<Vec<_>>();
    assert_eq!(edit_distance(&chars("tokenizer"), &chars("tokenzier"), 2), Some(1));
    assert_eq!(edit_distance(&chars("parser"), &chars("parse"), 1), Some(1));
    assert_eq!(edit_distance(&chars("parser"), &chars("grammar"), 2), None);
}

/// The heavy dataset of quality.md, as synthetic documents: 100 projects, 30 accounts, 10,000
/// sessions, 100,000 turns, 20,000 checkpoints, 3,000 handoffs, 2,000 knowledge entries, with
/// Zipf-distributed words from a 30,000-word vocabulary. Types queries one keystroke at a time
/// and prints the per-keystroke p50/p95/max (each keystroke's best of three runs). Run:
/// `cargo test -p baton-core --release search::tests::heavy -- --ignored --nocapture`
#[test]
#[ignore]
fn heavy_dataset_keystroke_latency() {
    use std::time::Instant;
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }
    let mut rng = Rng(0x9e3779b97f4a7c15);
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "pi", "qu", "ex", "ar", "ion", "ter", "ul", "ba", "ne",
        "co", "di", "fa", "gi", "ho", "ja", "zy",
    ];
    let vocabulary: Vec<String> = (0..30_000)
        .map(|_| {
            let syllables = 1 + rng.below(4);
            (0..syllables).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect::<String>()
        })
        .collect();
    // Zipf: word i with weight 1 / (i + 1), by inverse transform over a cumulative table.
    let cumulative: Vec<f64> = vocabulary
        .iter()
        .enumerate()
        .scan(0.0, |sum, (i, _)| {
            *sum += 1.0 / (i as f64 + 1.0);
            Some(*sum)
        })
        .collect();
    let total = *cumulative.last().unwrap();
    let text = |rng: &mut Rng, words: usize| -> String {
        (0..words)
            .map(|_| {
                let x = (rng.next() as f64 / u64::MAX as f64) * total;
                let i = cumulative.partition_point(|c| *c < x).min(vocabulary.len() - 1);
                vocabulary[i].as_str()
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut docs: Vec<SearchDoc> = Vec::new();
    let mut next_id = 0u64;
    let mut make = |kind: DocKind, title: String, parent: Option<Id>, fields: Vec<(&'static str, String)>| {
        next_id += 1;
        SearchDoc {
            id: Id::v7(next_id, [0; 10]),
            kind,
            title,
            subtitle: String::new(),
            parent,
            number: Some(1),
            recency: next_id as i64,
            fields,
        }
    };
    let projects: Vec<SearchDoc> = (0..100)
        .map(|_| {
            let (name, description, goal) = (text(&mut rng, 2), text(&mut rng, 30), text(&mut rng, 20));
            make(DocKind::Project, name, None, vec![("Description", description), ("Goal", goal)])
        })
        .collect();
    let project_ids: Vec<Id> = projects.iter().map(|doc| doc.id).collect();
    docs.extend(projects);
    for _ in 0..30 {
        let (name, specialisations) = (text(&mut rng, 2), text(&mut rng, 4));
        docs.push(make(DocKind::Account, name, None, vec![("Specialisations", specialisations)]));
    }
    let mut session_ids = Vec::new();
    for n in 0..10_000 {
        let project = project_ids[rng.below(project_ids.len())];
        let title = format!("Session {}: {}", n % 300 + 1, text(&mut rng, 5));
        let fields = vec![
            ("Objectives", text(&mut rng, 30)),
            ("Accomplishments", text(&mut rng, 40)),
            ("Next steps", text(&mut rng, 20)),
        ];
        let session = make(DocKind::Session, title, Some(project), fields);
        session_ids.push(session.id);
        docs.push(session);
    }
    for _ in 0..100_000 {
        let session = session_ids[rng.below(session_ids.len())];
        let words = 20 + rng.below(120);
        let content = text(&mut rng, words);
        docs.push(make(DocKind::Turn, String::new(), Some(session), vec![("User", content)]));
    }
    for _ in 0..20_000 {
        let project = project_ids[rng.below(project_ids.len())];
        let (label, note) = (text(&mut rng, 3), text(&mut rng, 20));
        docs.push(make(DocKind::Checkpoint, label, Some(project), vec![("Note", note)]));
    }
    for _ in 0..3_000 {
        let project = project_ids[rng.below(project_ids.len())];
        let bundle = text(&mut rng, 1200);
        docs.push(make(DocKind::Handoff, String::new(), Some(project), vec![("Bundle", bundle)]));
    }
    for _ in 0..2_000 {
        let (title, body) = (text(&mut rng, 5), text(&mut rng, 100));
        docs.push(make(DocKind::Knowledge, title, None, vec![("Body", body)]));
    }
    let text_bytes: usize =
        docs.iter().map(|doc| doc.title.len() + doc.fields.iter().map(|(_, text)| text.len()).sum::<usize>()).sum();
    let count = docs.len();
    let started = Instant::now();
    // As the app builds it: names and titles only (snippets come from the records shown).
    let mut index = SearchIndex::without_text();
    for doc in docs {
        index.upsert(doc);
    }
    index.shrink();
    let build = started.elapsed();

    // What people type: common, middling and rare words, two-word queries, typos, a title.
    let mut queries: Vec<String> = vec![
        vocabulary[0].clone(),
        vocabulary[3].clone(),
        vocabulary[50].clone(),
        vocabulary[900].clone(),
        vocabulary[12_000].clone(),
        vocabulary[29_000].clone(),
        format!("{} {}", vocabulary[10], vocabulary[400]),
        format!("{} {}", vocabulary[2], vocabulary[7]),
        "session 12".to_string(),
        "kalomiren".to_string(),
        "zyzyzyzy".to_string(),
    ];
    let mut typo: Vec<char> = vocabulary[700].chars().collect();
    if typo.len() >= 4 {
        typo.swap(1, 2);
    }
    queries.push(typo.into_iter().collect());
    let mut times: Vec<f64> = Vec::new();
    let mut found = 0usize;
    for query in &queries {
        let chars: Vec<char> = query.chars().collect();
        for end in 1..=chars.len() {
            let typed: String = chars[..end].iter().collect();
            // The best of three runs: the machine running the tests is shared, and other
            // processes' time slices are not the index's cost.
            let mut best = f64::MAX;
            for _ in 0..3 {
                let started = Instant::now();
                let hits = index.search(&typed, 5);
                best = best.min(started.elapsed().as_secs_f64() * 1000.0);
                found = found.max(hits.len());
            }
            times.push(best);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "search index: {count} documents, {} MB of text, {} terms, {} postings, about {} MB in memory; built in {:.0} ms",
        text_bytes / 1_000_000,
        index.term_count(),
        index.posting_count(),
        index.approximate_bytes() / 1_000_000,
        build.as_secs_f64() * 1000.0
    );
    println!(
        "search per keystroke ({} keystrokes, best of 3 each, up to {found} hits): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
    assert!(at(0.95) <= 50.0, "p95 per keystroke is {:.1} ms", at(0.95));
}
