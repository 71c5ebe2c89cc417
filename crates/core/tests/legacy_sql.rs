//! The SQL statement reader and the mapping of rows that break the original's rules.

use baton_core::legacy::{import_legacy, legacy_id, looks_like_legacy_sql, read_sql, LegacyError, SqlValue};
use baton_core::*;
use proptest::prelude::*;

fn now() -> Timestamp {
    Timestamp::parse("2027-03-01T09:00:00Z").unwrap()
}

#[test]
fn column_lists_or_not_and_multi_row_values() {
    let dump = read_sql(
        "CREATE TABLE t (a INTEGER, b TEXT);\n\
         INSERT INTO t VALUES(1,'one'),(2,'two');\n\
         INSERT INTO \"t\" (b, a) VALUES ('three', 3), ('four',4);\n",
    )
    .unwrap();
    assert_eq!(dump.tables["t"], vec!["a", "b"]);
    assert_eq!(dump.inserts.len(), 2);
    assert_eq!(dump.inserts[0].columns, None);
    assert_eq!(dump.inserts[0].rows.len(), 2);
    assert_eq!(dump.inserts[0].rows[1], vec![SqlValue::Integer(2), SqlValue::Text("two".into())]);
    assert_eq!(dump.inserts[1].columns, Some(vec!["b".to_string(), "a".to_string()]));
    assert_eq!(dump.inserts[1].rows[0], vec![SqlValue::Text("three".into()), SqlValue::Integer(3)]);
    assert_eq!(dump.inserts[1].line, 3);
}

#[test]
fn create_table_columns_leave_out_constraints() {
    let dump = read_sql(
        "CREATE TABLE IF NOT EXISTS jobs (\n\
           id INTEGER PRIMARY KEY AUTOINCREMENT,\n\
           status TEXT DEFAULT 'a,b' CHECK(status IN ('a', 'b', 'c')),\n\
           price REAL DEFAULT (1.5 * 2),\n\
           owner INTEGER REFERENCES people(id) ON DELETE CASCADE,\n\
           CONSTRAINT positive CHECK (price > 0),\n\
           PRIMARY KEY (id),\n\
           UNIQUE(owner, status),\n\
           FOREIGN KEY (owner) REFERENCES people(id)\n\
         , added TEXT);\n\
         ALTER TABLE jobs ADD COLUMN later TEXT;",
    )
    .unwrap();
    assert_eq!(dump.tables["jobs"], vec!["id", "status", "price", "owner", "added", "later"]);
    assert!(dump.skipped.is_empty());
}

#[test]
fn comments_are_skipped_anywhere() {
    let dump = read_sql(
        "-- exported by D1\n/* a block\n comment; with a semicolon */\nINSERT INTO t VALUES(1, -- inline\n 2 /* here */);",
    )
    .unwrap();
    assert_eq!(dump.inserts[0].rows[0], vec![SqlValue::Integer(1), SqlValue::Integer(2)]);
    assert_eq!(dump.inserts[0].line, 4);
}

#[test]
fn unicode_survives() {
    let dump = read_sql("INSERT INTO t VALUES('Café — 日本語 🚀 ''ok''');").unwrap();
    assert_eq!(dump.inserts[0].rows[0][0], SqlValue::Text("Café — 日本語 🚀 'ok'".into()));
}

#[test]
fn unknown_statements_are_skipped_with_their_line() {
    let dump = read_sql(
        "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE VIEW v AS SELECT 1;\n\nUPDATE t SET a = 1;\nVACUUM;\n\
         CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  DELETE FROM t;\nEND;\nINSERT INTO t SELECT * FROM u;\n\
         CREATE UNIQUE INDEX i ON t(a);\nCOMMIT;",
    )
    .unwrap();
    let lines: Vec<(usize, &str)> = dump.skipped.iter().map(|s| (s.line, s.reason.as_str())).collect();
    assert_eq!(
        lines,
        vec![
            (1, "a setting of the original database, not needed"),
            (2, "transaction control, not needed"),
            (3, "a view, not needed"),
            (5, "a change to existing rows or tables; an export only adds"),
            (6, "a statement Baton does not read"),
            (7, "a trigger, not needed"),
            (10, "an INSERT into t that does not list its values, not read"),
            (11, "an index; Baton makes its own"),
            (12, "transaction control, not needed"),
        ]
    );
    assert_eq!(dump.skipped[5].start, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; END");
    assert!(dump.inserts.is_empty());
}

#[test]
fn long_statements_show_their_first_60_characters() {
    let dump = read_sql(&format!("CREATE INDEX {} ON t(a);", "x".repeat(100))).unwrap();
    assert_eq!(dump.skipped[0].start.chars().count(), 60);
    assert!(dump.skipped[0].start.starts_with("CREATE INDEX xxx"));
}

#[test]
fn truncated_input_is_unterminated_with_its_line() {
    let cases = [
        ("INSERT INTO t VALUES(1,'abc", 1, "a quoted text"),
        ("PRAGMA x;\nINSERT INTO t VALUES(1,\n'it''s", 3, "a quoted text"),
        ("PRAGMA x;\n\nINSERT INTO t VALUES(1,2)", 3, "the statement (it has no closing semicolon)"),
        ("PRAGMA x;\n/* open", 2, "a /* comment"),
        ("PRAGMA x;\nINSERT INTO \"t", 2, "a quoted name"),
        ("PRAGMA x;\nINSERT INTO t VALUES(X'00", 2, "a blob"),
    ];
    for (text, line, what) in cases {
        assert_eq!(read_sql(text), Err(LegacyError::Unterminated { line, what: what.into() }), "{text}");
    }
    // The real export cut anywhere inside its data is refused, never half read.
    let fixture = include_str!("data/legacy/original-d1-export.sql");
    let cut_at = fixture.find("'Zero-Loss").unwrap() + 5;
    assert!(matches!(read_sql(&fixture[..cut_at]), Err(LegacyError::Unterminated { line: 138, .. })));
}

#[test]
fn garbage_is_not_sql() {
    for text in
        ["", "   \n", "-- only a comment", "{\"format\": \"baton-export\"}", "hello, world", "'quoted'", "\u{0}\u{1}"]
    {
        assert_eq!(read_sql(text), Err(LegacyError::NotSql), "{text:?}");
        assert!(!looks_like_legacy_sql(text));
    }
    assert!(!looks_like_legacy_sql("PRAGMA foreign_keys=OFF;"), "SQL without tables or rows is not an export");
    assert!(looks_like_legacy_sql("\u{feff}PRAGMA foreign_keys=OFF;\ncreate table t(a);"));
}

#[test]
fn errors_say_what_happened_and_what_to_do() {
    assert!(LegacyError::NotSql.to_string().contains("not an SQL export"));
    let cut = LegacyError::Unterminated { line: 12, what: "a quoted text".into() }.to_string();
    assert_eq!(
        cut,
        "The SQL export is cut short: a quoted text starting on line 12 never ends. Export the database again and \
         import the complete file."
    );
    assert!(LegacyError::NothingToImport.to_string().contains("nothing to import"));
}

#[test]
fn schema_only_has_nothing_to_import() {
    let schema = "CREATE TABLE projects (id INTEGER, name TEXT);\nCREATE TABLE team_members (id INTEGER);";
    assert_eq!(import_legacy(schema, now()), Err(LegacyError::NothingToImport));
    assert_eq!(import_legacy("INSERT INTO other VALUES(1);", now()), Err(LegacyError::NothingToImport));
    assert_eq!(import_legacy("nope", now()), Err(LegacyError::NotSql));
}

const BROKEN: &str = "
INSERT INTO accounts VALUES(1,'Main','main@example.com','claude',-5,'2026-12-01','dormant','Rust, , Wasm',NULL,'2026-01-01 10:00:00','2026-01-02 10:00:00');
INSERT INTO accounts VALUES(2,'MAIN',NULL,'mistral',50,NULL,NULL,NULL,'spare',1767261600,NULL);
INSERT INTO projects (id, name, status, total_sessions) VALUES (1, '', 'frozen', 3);
INSERT INTO sessions VALUES(1,1,1,1,'spike',10,NULL,'Try it',NULL,NULL,'Notes for the next one',NULL,'done','2026-01-03 09:00:00','2026-01-03 10:30:00',NULL,'claude-code');
INSERT INTO sessions VALUES(2,1,99,1,'bugfix',-3,20,NULL,NULL,NULL,NULL,NULL,'completed','2026-01-04 09:00:00',NULL,NULL,NULL);
INSERT INTO sessions VALUES(3,7,2,1,'feature',5,NULL,NULL,NULL,NULL,NULL,NULL,'in_progress','yesterday',NULL,NULL,NULL);
INSERT INTO conversation_history VALUES(1,1,2,'assistant','Second',NULL,'2026-01-03 09:05:00');
INSERT INTO conversation_history VALUES(2,1,1,'user','First',7,'2026-01-03 09:01:00');
INSERT INTO conversation_history VALUES(3,42,1,NULL,'Orphan turn',NULL,NULL);
INSERT INTO context_snapshots VALUES(1,1,'draft','State text',NULL,-1,10,'abc123',NULL);
INSERT INTO project_files VALUES(1,1,'src/main.rs','rust',NULL,NULL,NULL,'vital',NULL);
INSERT INTO project_files VALUES(2,1,'src/main.rs','rust',NULL,NULL,NULL,'low',NULL);
INSERT INTO project_files VALUES(3,5,'lost.rs','rust',NULL,NULL,NULL,'low',NULL);
INSERT INTO handoff_queue VALUES(1,2,1,NULL,15,'Carry on','failed','2026-01-04 10:00:00','2026-01-04 11:00:00');
INSERT INTO knowledge_base VALUES(1,'misc','Odd one','Body',NULL,4,75,1,NULL,NULL,'More body',0,NULL);
INSERT INTO knowledge_base VALUES(2,'tip','Lost source','Body','a,b',0,0.5,77,NULL,NULL,NULL,0,NULL);
INSERT INTO project_tags VALUES(1,1,'rust'),(2,1,'Rust'),(3,1,'web'),(4,9,'gone');
INSERT INTO context_documents VALUES(1,1,'Architecture','Hexagonal.','architecture',NULL,NULL,NULL,NULL);
INSERT INTO context_documents VALUES(2,8,'Lost','Nowhere','notes',NULL,NULL,NULL,NULL);
INSERT INTO team_members VALUES(1,'Ana','ana@example.com','owner','active',NULL,NULL);
";

fn broken() -> baton_core::legacy::LegacyImport {
    import_legacy(BROKEN, now()).expect("imports as well as it can")
}

fn find<R: Record>(records: &[AnyRecord], id: Id) -> R {
    records.iter().find_map(|record| R::from_any_ref(record).filter(|r| r.id() == id).cloned()).expect("record")
}

#[test]
fn rows_breaking_the_originals_rules_are_listed_and_imported() {
    let import = broken();
    let dubious = &import.report.dubious_rows;
    let expect =
        |needle: &str| assert!(dubious.iter().any(|row| row.contains(needle)), "no “{needle}” in {dubious:#?}");
    expect("accounts row 1: credits_available is -5, below 0; imported as 0");
    expect(
        "accounts row 1: status “dormant” is not one of available, active, exhausted, blocked; imported as available",
    );
    expect("accounts row 2: the account name “MAIN” is used by another account; imported as “MAIN (2)”");
    expect(
        "accounts row 2: platform “mistral” is not one of genspark, claude, chatgpt, gemini, other; imported as other",
    );
    expect("projects row 1: name is empty; imported as “Project 1”");
    expect("projects row 1: status “frozen” is not one of active, paused, completed, archived; imported as active");
    expect("sessions row 1: type “spike” is not a session type Baton knows; imported as other");
    expect(
        "sessions row 1: status “done” is not one of in_progress, completed, failed, handed_off; imported as completed",
    );
    expect("sessions row 2: account_id 99 is not an account in the export; left empty");
    expect("sessions row 2: credits_used is -3, below 0; imported as 0");
    expect("sessions row 3: started_at “yesterday” is not a date Baton can read; left out");
    expect("sessions row 3: project 7 does not exist; the session is in a new project “Project 7 (missing from the export)”");
    expect("conversation_history row 3: session 42 does not exist; kept in “Imported without a project”");
    expect("conversation_history row 3: role missing is not user, assistant or system; imported as system");
    expect("context_snapshots row 1: snapshot type “draft” is not one of handoff, checkpoint, backup; imported as checkpoint");
    expect("context_snapshots row 1: file_count “-1” is not a count; left out");
    expect("project_files row 1: importance “vital” is not one of critical, high, normal, low; imported as normal");
    expect("project_files row 2: “src/main.rs” is listed twice for its project; the first is kept");
    expect("project_files row 3: project 5 does not exist; the key file is not imported");
    expect("handoff_queue row 1: priority 15 is outside 1 to 10; imported as 10");
    expect("knowledge_base row 1: category “misc” is not one of pattern, error_solution, optimization, best_practice, tip; imported as tip");
    expect("knowledge_base row 2: source session 77 does not exist; left empty");
    expect("project_tags row 4: project 9 does not exist; the tag is not imported");
    expect("context_documents row 2: project 8 does not exist; the document is not imported");
    expect("sessions: a second session numbered 1 in project “Project 1”; imported as number 2");

    assert_eq!(import.report.not_imported.get("team_members"), Some(&1));
    assert_eq!(import.report.not_imported.get("context_documents"), Some(&1));
    assert_eq!(import.report.counter_mismatches, vec!["project “Project 1” said 3 sessions, found 2"]);
}

#[test]
fn broken_rows_land_where_they_can() {
    let import = broken();
    let records = &import.records;
    let main: Account = find(records, legacy_id(&import.source, "accounts", 1));
    assert_eq!((main.credits_available, main.status), (0, AccountStatus::Available));
    assert_eq!(main.specializations, vec!["Rust", "Wasm"]);
    assert_eq!((main.refresh, main.next_refresh_at), (Refresh::Monthly, Timestamp::parse("2026-12-01T00:00:00Z")));
    let spare: Account = find(records, legacy_id(&import.source, "accounts", 2));
    assert_eq!(
        (spare.name.as_str(), spare.platform, spare.platform_label.as_str()),
        ("MAIN (2)", Platform::Other, "mistral")
    );
    assert_eq!(spare.created_at, Timestamp::parse("2026-01-01T10:00:00Z").unwrap(), "epoch seconds read as UTC");

    let project: Project = find(records, legacy_id(&import.source, "projects", 1));
    assert_eq!(project.tags, vec!["rust", "web"]);
    assert_eq!(project.notes, "## Architecture (architecture)\n\nHexagonal.");
    assert_eq!(project.state.files.len(), 1);
    assert_eq!(project.created_at, now(), "no date at all: now");

    let first: Session = find(records, legacy_id(&import.source, "sessions", 1));
    assert_eq!(first.status, SessionStatus::Completed);
    assert_eq!(first.duration_minutes, Some(90), "derived from the times");
    assert_eq!(
        first.notes,
        "Handoff notes (from the original app):\nNotes for the next one\n\nAI tools used (from the original app):\nclaude-code"
    );
    let second: Session = find(records, legacy_id(&import.source, "sessions", 2));
    assert_eq!(
        (second.number, second.account_id, second.account_label.as_str()),
        (2, None, "Account 99 (missing from the export)")
    );
    assert_eq!(second.to_handoff_id, Some(legacy_id(&import.source, "handoff_queue", 1)));
    let third: Session = find(records, legacy_id(&import.source, "sessions", 3));
    assert_eq!(third.project_id, legacy_id(&import.source, "projects", 7));
    assert_eq!(third.started_at, now());

    let turns: Vec<TranscriptTurn> = records.iter().filter_map(|r| TranscriptTurn::from_any_ref(r).cloned()).collect();
    let of_first: Vec<(u32, &str, Role, u32)> = turns
        .iter()
        .filter(|t| t.session_id == first.id)
        .map(|t| (t.seq, t.content.as_str(), t.role, t.tokens))
        .collect();
    assert_eq!(of_first[0], (1, "First", Role::User, 7));
    assert_eq!((of_first[1].0, of_first[1].1, of_first[1].2), (2, "Second", Role::Assistant));
    assert!(of_first[1].3 > 0, "estimated when the original had no count");
    let orphan: Session = find(records, legacy_id(&import.source, "sessions", 42));
    assert_eq!(orphan.title, "Session 42 (missing from the export)");
    let orphans: Project = find(records, orphan.project_id);
    assert_eq!(orphans.name, "Imported without a project");

    let handoff: Handoff = find(records, legacy_id(&import.source, "handoff_queue", 1));
    assert_eq!((handoff.status, handoff.priority), (HandoffStatus::Failed, 10));
    assert!(!handoff.failure_reason.is_empty());
    assert_eq!(handoff.finished_at, Timestamp::parse("2026-01-04T11:00:00Z"));
    assert_eq!(handoff.bundle.target_platform, Platform::Claude);

    let odd: KnowledgeEntry = find(records, legacy_id(&import.source, "knowledge_base", 1));
    assert_eq!(odd.category, KnowledgeCategory::Tip);
    assert_eq!(odd.body, "Body\n\nMore body");
    assert_eq!((odd.helped, odd.did_not_help), (3, 1), "75 read as a percentage over 4 uses");
    assert_eq!(odd.source_session_id, Some(first.id));
    let lost: KnowledgeEntry = find(records, legacy_id(&import.source, "knowledge_base", 2));
    assert_eq!((lost.helped, lost.did_not_help, lost.source_session_id), (1, 1, None));

    // Every session's project and every turn's session is among the records.
    let ids: std::collections::HashSet<Id> = records.iter().map(AnyRecord::id).collect();
    assert_eq!(ids.len(), records.len(), "ids are unique");
    for record in records {
        match record {
            AnyRecord::Session(s) => assert!(ids.contains(&s.project_id)),
            AnyRecord::Turn(t) => assert!(ids.contains(&t.session_id)),
            AnyRecord::Checkpoint(c) => assert!(ids.contains(&c.project_id)),
            AnyRecord::Handoff(h) => assert!(ids.contains(&h.project_id)),
            _ => {}
        }
    }
}

#[test]
fn repeated_or_missing_ids_still_give_distinct_records() {
    let import =
        import_legacy("INSERT INTO projects (id, name) VALUES (1, 'A'), (1, 'B'), (NULL, 'C');", now()).unwrap();
    let ids: std::collections::HashSet<Id> = import.records.iter().map(AnyRecord::id).collect();
    assert_eq!(ids.len(), 3);
    assert!(import.report.dubious_rows.iter().any(|row| row.contains("the id 1 is used by an earlier row too")));
    assert!(import.report.dubious_rows.iter().any(|row| row.contains("projects row 3 (no id) has no id")));
}

#[test]
fn text_over_the_limits_is_cut_and_listed() {
    let long_name = "n".repeat(250);
    let long_text = "t".repeat(100_010);
    let sql = format!("INSERT INTO projects (id, name, description) VALUES (1, '{long_name}', '{long_text}');");
    let import = import_legacy(&sql, now()).unwrap();
    let project: Project = find(&import.records, legacy_id(&import.source, "projects", 1));
    assert_eq!(project.name.chars().count(), 200);
    assert_eq!(project.description.chars().count(), 100_000);
    assert_eq!(import.report.dubious_rows.len(), 2);
}

/// `replace(…(replace('aaaa','a','aaaa'))…)` nested `depth` deep: each level makes the text 4
/// times longer, so 30 levels would make 4^31 bytes.
fn nested_replace(depth: usize, seed: &str, from: &str, to: &str) -> String {
    let mut value = sql_string(seed);
    for _ in 0..depth {
        value = format!("replace({value},{},{})", sql_string(from), sql_string(to));
    }
    value
}

/// `replace(replace('a','a','bbb…'),'b','ccc…')`: `length` × 1,000 bytes from about `length` +
/// 1,000 bytes of SQL.
fn thousandfold(length: usize) -> String {
    format!("replace(replace('a','a',{}),'b',{})", sql_string(&"b".repeat(length)), sql_string(&"c".repeat(1_000)))
}

/// Reads `sql` and says how long that took.
fn timed_read(sql: &str) -> (baton_core::legacy::SqlDump, std::time::Duration) {
    let started = std::time::Instant::now();
    let dump = read_sql(sql).unwrap();
    (dump, started.elapsed())
}

/// A capped read takes milliseconds in a release build and well under a second in a debug one;
/// an uncapped one runs for hours or out of memory. The bound is loose so that a loaded machine
/// never fails it by chance: it only catches a runaway.
const QUICK: std::time::Duration = std::time::Duration::from_secs(10);

#[test]
fn nested_replace_is_capped_and_fails_its_statement_only() {
    let sql = format!(
        "INSERT INTO t VALUES(1);\nINSERT INTO t VALUES({});\nINSERT INTO t VALUES(3);",
        nested_replace(30, "aaaa", "a", "aaaa")
    );
    assert!(sql.len() < 1_000, "a few hundred bytes: {}", sql.len());
    let (dump, took) = timed_read(&sql);
    assert!(took < QUICK, "took {took:?}");
    assert_eq!(dump.inserts.iter().map(|insert| insert.line).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(dump.skipped.len(), 1);
    assert_eq!(dump.skipped[0].line, 2);
    let reason = &dump.skipped[0].reason;
    assert!(reason.starts_with("an INSERT into t with a value that would grow to"), "{reason}");
    assert!(reason.contains("over the limit of 2,000,000 bytes"), "{reason}");

    // The import reports it with the other skipped statements.
    let sql = format!("INSERT INTO projects (id, name) VALUES (1, {});", nested_replace(30, "aaaa", "a", "aaaa"));
    assert_eq!(import_legacy(&sql, now()), Err(LegacyError::NothingToImport));
    let sql = format!("{sql}\nINSERT INTO projects (id, name) VALUES (2, 'B');");
    let import = import_legacy(&sql, now()).unwrap();
    assert!(
        import.report.skipped_statements.iter().any(|line| line.contains("line 1") && line.contains("2,000,000")),
        "{:?}",
        import.report.skipped_statements
    );

    // A replace that stays within the limit is read as before.
    let (dump, _) = timed_read(&format!("INSERT INTO t VALUES({});", nested_replace(5, "a", "a", "aa")));
    assert_eq!(dump.inserts[0].rows[0], vec![SqlValue::Text("a".repeat(32))]);
}

#[test]
fn replace_with_an_empty_from_changes_nothing_however_nested() {
    let big_to = "x".repeat(200);
    let sql = format!("INSERT INTO t VALUES({});", nested_replace(30, "abc", "", &big_to));
    let (dump, took) = timed_read(&sql);
    assert!(took < QUICK, "took {took:?}");
    assert!(dump.skipped.is_empty(), "{:?}", dump.skipped);
    assert_eq!(dump.inserts[0].rows[0], vec![SqlValue::Text("abc".into())]);
}

#[test]
fn concatenation_chains_are_linear_and_capped() {
    // 100,000 short pieces: read whole, without copying the growing text at every step (which
    // copied 10 GB).
    let pieces = vec!["'ab'"; 100_000].join("||");
    let (dump, took) = timed_read(&format!("INSERT INTO t VALUES({pieces});"));
    assert!(took < QUICK, "took {took:?}");
    assert_eq!(dump.inserts[0].rows[0], vec![SqlValue::Text("ab".repeat(100_000))]);

    // Each piece grows to 1,200,000 bytes by itself: two of them pass the limit of a value.
    let piece = thousandfold(1_200);
    let chain = vec![piece.as_str(); 64].join(" || ");
    let (dump, took) = timed_read(&format!("INSERT INTO t VALUES({chain});\nINSERT INTO t VALUES('kept');"));
    assert!(took < QUICK, "took {took:?}");
    assert_eq!(dump.inserts.len(), 1);
    assert_eq!(dump.inserts[0].rows[0], vec![SqlValue::Text("kept".into())]);
    assert!(dump.skipped[0].reason.contains("would grow to 2,400,000 bytes"), "{}", dump.skipped[0].reason);

    // Many values of a row, each under the limit: the statement's budget stops them.
    let wide = vec![thousandfold(1_000); 64].join(",");
    let (dump, took) = timed_read(&format!("INSERT INTO t VALUES({wide});"));
    assert!(took < QUICK, "took {took:?}");
    assert!(dump.inserts.is_empty());
    assert!(dump.skipped[0].reason.contains("far larger than the statement itself"), "{}", dump.skipped[0].reason);

    // A blob read as text is charged for its growth (each invalid byte becomes 3 bytes).
    let blob = format!("X'{}'", "FF".repeat(700_000));
    let (dump, _) = timed_read(&format!("INSERT INTO t VALUES({blob} || '');"));
    assert!(dump.skipped[0].reason.contains("would grow to 2,100,000 bytes"), "{}", dump.skipped[0].reason);
}

#[test]
fn many_small_statements_share_the_files_budget() {
    // Each statement computes 1,000,000 bytes, within its own budget; together they would
    // compute 200 MB from 400 kB.
    let statement = format!("INSERT INTO t VALUES({});\n", thousandfold(1_000));
    let sql = statement.repeat(200);
    let (dump, took) = timed_read(&sql);
    assert!(took < QUICK, "took {took:?}");
    assert!(!dump.inserts.is_empty() && dump.inserts.len() < 40, "{} statements read", dump.inserts.len());
    let last = dump.skipped.last().expect("the later statements are skipped");
    assert!(last.reason.contains("past the file’s limit of"), "{}", last.reason);
    assert_eq!(dump.inserts.len() + dump.skipped.len(), 200);
}

fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn read_sql_and_import_never_panic(text in "\\PC{0,300}") {
        let _ = read_sql(&text);
        let _ = import_legacy(&text, now());
        let _ = looks_like_legacy_sql(&text);
    }

    #[test]
    fn sql_shaped_noise_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("INSERT INTO ".to_string()), Just("projects".to_string()), Just("sessions ".to_string()),
            Just(" VALUES".to_string()), Just("(".to_string()), Just(")".to_string()), Just(",".to_string()),
            Just(";".to_string()), Just("'".to_string()), Just("NULL".to_string()), Just("-".to_string()),
            Just("CREATE TABLE ".to_string()), Just("X'0A'".to_string()), Just("char(".to_string()),
            Just("--".to_string()), Just("\n".to_string()), Just("/*".to_string()), Just("*/".to_string()),
            "[0-9]{1,20}".prop_map(String::from), "[a-z_]{1,8}".prop_map(String::from),
        ],
        0..60,
    )) {
        let text = parts.concat();
        let _ = read_sql(&text);
        let _ = import_legacy(&text, now());
    }

    #[test]
    fn generated_inserts_read_back_the_same_values(
        strings in proptest::collection::vec("(\\PC|[';\\n\\r\\t\"\\\\-])*", 1..6),
        numbers in proptest::collection::vec(any::<i64>(), 1..4),
        real in -1.0e12f64..1.0e12,
        blob in proptest::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut values: Vec<SqlValue> = strings.iter().cloned().map(SqlValue::Text).collect();
        values.extend(numbers.iter().copied().map(SqlValue::Integer));
        values.push(SqlValue::Real(real));
        values.push(SqlValue::Blob(blob.clone()));
        values.push(SqlValue::Null);
        let mut literals: Vec<String> = strings.iter().map(|s| sql_string(s)).collect();
        literals.extend(numbers.iter().map(|n| n.to_string()));
        literals.push(format!("{real:?}"));
        literals.push(format!("X'{}'", blob.iter().map(|b| format!("{b:02X}")).collect::<String>()));
        literals.push("NULL".into());
        let sql = format!("PRAGMA x;\nINSERT INTO t VALUES({}),\n({});", literals.join(","), literals.join(", "));
        let dump = read_sql(&sql).unwrap();
        prop_assert!(dump.skipped.len() == 1);
        prop_assert_eq!(&dump.inserts[0].rows, &vec![values.clone(), values]);
    }
}
