//! The legacy import of the real D1 export of the original app (`data/legacy/`).

use baton_core::legacy::{import_legacy, legacy_id, looks_like_legacy_sql, read_sql, LegacyImport};
use baton_core::*;
use std::collections::BTreeMap;

const FIXTURE: &str = include_str!("data/legacy/original-d1-export.sql");

fn now() -> Timestamp {
    Timestamp::parse("2027-03-01T09:00:00Z").unwrap()
}

fn import() -> LegacyImport {
    import_legacy(FIXTURE, now()).expect("the fixture imports")
}

fn find<R: Record>(import: &LegacyImport, id: Id) -> R {
    import.records.iter().find_map(|record| R::from_any_ref(record).filter(|r| r.id() == id).cloned()).expect("record")
}

fn all<R: Record>(import: &LegacyImport) -> Vec<R> {
    import.records.iter().filter_map(|record| R::from_any_ref(record).cloned()).collect()
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

#[test]
fn reads_every_statement_of_the_export() {
    assert!(looks_like_legacy_sql(FIXTURE));
    let dump = read_sql(FIXTURE).unwrap();
    let summary = dump.summary();
    assert_eq!(summary.tables, 14);
    assert_eq!(dump.tables["projects"].len(), 9, "owner_id added after the closing line counts");
    assert_eq!(dump.tables["projects"][8], "owner_id");
    assert_eq!(dump.tables["sessions"].len(), 17);
    assert_eq!(dump.tables["knowledge_base"].len(), 13);
    assert_eq!(dump.tables["project_files"][7], "importance");
    // 4 + 10 + 7 + 3 + 6 + 1 + 12 data rows, 7 sqlite_sequence rows.
    assert_eq!(summary.rows, 50);
    assert_eq!(summary.rows_by_table["sqlite_sequence"], 7);
    // PRAGMA, BEGIN, DELETE, 35 indexes, COMMIT.
    assert_eq!(summary.skipped, 39);
    assert_eq!(dump.skipped[0].line, 1);
    assert_eq!(dump.skipped.last().unwrap().line, 258);
}

#[test]
fn expected_counts_per_record_type() {
    let import = import();
    let expected: BTreeMap<String, u64> = [
        ("projects", 4),
        ("accounts", 10),
        ("ledger", 10),
        ("sessions", 7),
        ("turns", 0),
        ("checkpoints", 3),
        ("handoffs", 1),
        ("knowledge", 12),
        ("key_files", 6),
    ]
    .into_iter()
    .map(|(key, count)| (key.to_string(), count))
    .collect();
    assert_eq!(import.report.imported, expected);
    assert_eq!(import.records.len(), 4 + 10 + 10 + 7 + 3 + 1 + 12);
    let mut by_store: BTreeMap<StoreName, u64> = BTreeMap::new();
    for record in &import.records {
        *by_store.entry(record.store()).or_default() += 1;
    }
    for (store, count) in by_store {
        assert_eq!(import.report.imported[store.as_str()], count, "{store}");
    }
}

#[test]
fn report_lists_what_was_left_out() {
    let report = import().report;
    let not_imported: Vec<(&str, u64)> = report.not_imported.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        not_imported,
        vec![
            ("context_documents", 0),
            ("project_collaborators", 0),
            ("session_comments", 0),
            ("subscriptions", 0),
            ("team_members", 0)
        ]
    );
    assert!(report.dubious_rows.is_empty(), "{:?}", report.dubious_rows);
    // 39 statements and the 7 sqlite_sequence rows, in the order of the file.
    assert_eq!(report.skipped_statements.len(), 46);
    assert_eq!(
        report.skipped_statements[0],
        "line 1: PRAGMA foreign_keys=OFF; (a setting of the original database, not needed)"
    );
    assert_eq!(
        report.skipped_statements[4],
        "line 217: INSERT INTO sqlite_sequence (the database’s own bookkeeping, not needed)"
    );
    assert_eq!(
        report.skipped_statements[10],
        "line 223: CREATE INDEX idx_projects_status ON projects(status); (an index; Baton makes its own)"
    );
    assert_eq!(report.skipped_statements.last().unwrap(), "line 258: COMMIT; (transaction control, not needed)");
    assert_eq!(
        report.counter_mismatches,
        vec![
            "project “PAAS AI Orchestrator - Private Edition” said 25 sessions, found 4",
            "project “PAAS AI Orchestrator - Private Edition” said 1,500 credits used, found 337",
            "project “Agentica Ecosystem” said 32 sessions, found 2",
            "project “Agentica Ecosystem” said 2,300 credits used, found 183",
            "project “Barber SaaS Platform” said 15 sessions, found 1",
            "project “Barber SaaS Platform” said 850 credits used, found 82",
            "project “Portfolio & Documentation” said 12 sessions, found 0",
            "project “Portfolio & Documentation” said 620 credits used, found 0",
        ]
    );
}

#[test]
fn projects_keep_status_and_get_their_key_files() {
    let import = import();
    let project: Project = find(&import, legacy_id(&import.source, "projects", 1));
    assert_eq!(project.name, "PAAS AI Orchestrator - Private Edition");
    assert_eq!(project.status, ProjectStatus::Active);
    assert_eq!(project.created_at, at("2026-11-26T04:58:23Z"));
    assert_eq!(project.rev, 1);
    let files: Vec<(&str, Importance)> = project.state.files.iter().map(|f| (f.path.as_str(), f.importance)).collect();
    assert_eq!(
        files,
        vec![
            ("src/index.tsx", Importance::Critical),
            ("wrangler.jsonc", Importance::Critical),
            ("migrations/0001_initial_schema.sql", Importance::Critical),
            ("package.json", Importance::High),
            ("public/static/app.js", Importance::High),
            ("README.md", Importance::High),
        ]
    );
    assert_eq!(project.state.files[1].notes, "Cloudflare configuration dengan D1 binding");
    let other: Project = find(&import, legacy_id(&import.source, "projects", 4));
    assert!(other.state.files.is_empty());
    assert_eq!(other.name, "Portfolio & Documentation");
}

#[test]
fn accounts_split_specialisations_and_explain_their_balance() {
    let import = import();
    let account: Account = find(&import, legacy_id(&import.source, "accounts", 3));
    assert_eq!(account.name, "GenSpark-Backend");
    assert_eq!(account.email, "backend@example.com");
    assert_eq!(account.platform, Platform::Genspark);
    assert_eq!(account.specializations, vec!["Node.js", "Hono", "API Design"]);
    assert_eq!((account.credits_available, account.credit_limit), (85, 100));
    assert_eq!(account.refresh, Refresh::None);
    assert_eq!(account.context_window_tokens, 128_000);
    let claude: Account = find(&import, legacy_id(&import.source, "accounts", 9));
    assert_eq!(
        (claude.platform, claude.status, claude.credits_available),
        (Platform::Claude, AccountStatus::Exhausted, 45)
    );
    assert_eq!(claude.context_window_tokens, 200_000);

    let ledger: Vec<LedgerEntry> = all(&import);
    for account in all::<Account>(&import) {
        let entries: Vec<&LedgerEntry> = ledger.iter().filter(|entry| entry.account_id == account.id).collect();
        assert_eq!(entries.len(), 1, "{}", account.name);
        assert_eq!(entries[0].reason, LedgerReason::Import);
        assert_eq!(
            (entries[0].delta, entries[0].balance_after),
            (account.credits_available, account.credits_available)
        );
        assert_eq!(entries[0].at, account.updated_at);
    }
}

#[test]
fn sessions_keep_their_numbers_reports_and_times() {
    let import = import();
    let session: Session = find(&import, legacy_id(&import.source, "sessions", 2));
    assert_eq!(session.project_id, legacy_id(&import.source, "projects", 1));
    assert_eq!(session.account_id, Some(legacy_id(&import.source, "accounts", 2)));
    assert_eq!(session.account_label, "GenSpark-Frontend");
    assert_eq!(
        (session.number, session.session_type, session.status),
        (2, SessionType::Feature, SessionStatus::Completed)
    );
    assert_eq!((session.credits_used, session.duration_minutes), (92, Some(50)));
    assert_eq!(session.objectives, "Build frontend UI dengan Tailwind CSS");
    assert_eq!(session.accomplishments, "Completed dashboard, projects tab, accounts tab dengan responsive design");
    assert_eq!(session.started_at, at("2026-01-29T14:00:00Z"));
    assert_eq!(session.ended_at, Some(at("2026-01-29T14:50:00Z")));
    assert_eq!(session.blockers, "");
    // Session 4 was handed off through the queue.
    let handed: Session = find(&import, legacy_id(&import.source, "sessions", 4));
    assert_eq!(handed.to_handoff_id, Some(legacy_id(&import.source, "handoff_queue", 1)));
    let numbers: Vec<(Id, u32)> = all::<Session>(&import).iter().map(|s| (s.project_id, s.number)).collect();
    let unique: std::collections::HashSet<_> = numbers.iter().collect();
    assert_eq!(unique.len(), numbers.len(), "numbers are unique per project");
}

#[test]
fn snapshots_handoffs_and_knowledge() {
    let import = import();
    let checkpoint: Checkpoint = find(&import, legacy_id(&import.source, "context_snapshots", 3));
    assert_eq!(checkpoint.kind, CheckpointKind::Checkpoint);
    assert_eq!(checkpoint.session_id, Some(legacy_id(&import.source, "sessions", 3)));
    assert_eq!(checkpoint.project_id, legacy_id(&import.source, "projects", 1));
    assert_eq!(checkpoint.label, "Backend API development completed");
    assert!(checkpoint.note.starts_with("All CRUD API endpoints implemented and tested."));
    assert_eq!(checkpoint.state.current_state, checkpoint.note);
    assert_eq!((checkpoint.file_count, checkpoint.code_lines, checkpoint.git_ref.clone()), (Some(12), Some(780), None));
    let first: Checkpoint = find(&import, legacy_id(&import.source, "context_snapshots", 1));
    assert_eq!(first.kind, CheckpointKind::Handoff);

    let handoff: Handoff = find(&import, legacy_id(&import.source, "handoff_queue", 1));
    assert_eq!((handoff.priority, handoff.status), (8, HandoffStatus::Pending));
    assert_eq!(handoff.from_session_id, Some(legacy_id(&import.source, "sessions", 4)));
    assert_eq!(handoff.from_account_id, Some(legacy_id(&import.source, "accounts", 5)));
    assert_eq!(handoff.to_account_id, Some(legacy_id(&import.source, "accounts", 1)));
    assert_eq!(handoff.project_id, legacy_id(&import.source, "projects", 1));
    assert_eq!(handoff.queued_at, at("2026-11-26T04:58:23Z"));
    assert!(handoff.bundle.text.starts_with("Deployment completed. Need to add advanced features"));
    assert_eq!(handoff.bundle.format, BundleFormat::Classic);
    assert!(handoff.bundle.estimated_tokens > 10);

    let knowledge: KnowledgeEntry = find(&import, legacy_id(&import.source, "knowledge_base", 1));
    assert_eq!(knowledge.category, KnowledgeCategory::Pattern);
    assert_eq!(knowledge.title, "Zero-Loss Handoff Protocol");
    assert_eq!(knowledge.tags, vec!["handoff", "context", "optimization"]);
    assert_eq!((knowledge.usage_count, knowledge.helped, knowledge.did_not_help), (15, 14, 1));
    let tip: KnowledgeEntry = find(&import, legacy_id(&import.source, "knowledge_base", 12));
    assert_eq!((tip.category, tip.usage_count, tip.helped, tip.did_not_help), (KnowledgeCategory::Tip, 8, 8, 0));
    let categories: std::collections::BTreeSet<KnowledgeCategory> =
        all::<KnowledgeEntry>(&import).iter().map(|k| k.category).collect();
    assert_eq!(categories.len(), 5, "every category is in the fixture");
}

#[test]
fn importing_twice_gives_identical_records() {
    let first = import();
    let second = import_legacy(FIXTURE, Timestamp::parse("2030-01-01T00:00:00Z").unwrap()).unwrap();
    assert_eq!(first, second, "every date comes from the rows, not from now");
}

#[test]
fn every_record_survives_a_serde_round_trip() {
    for record in import().records {
        let json = record.to_json();
        let back = AnyRecord::from_json(record.store(), json.clone()).expect("reads back");
        assert_eq!(back, record);
        assert_eq!(back.to_json(), json);
    }
}

#[test]
fn every_record_passes_the_apps_rules() {
    let import = import();
    for project in all::<Project>(&import) {
        let draft = validate::ProjectDraft::from(&project);
        assert!(validate::project(&draft).is_ok(), "{}", project.name);
        assert_eq!(validate::living_state(&project.state).as_ref(), Ok(&project.state));
    }
    let accounts: Vec<Account> = all(&import);
    for account in &accounts {
        let others: Vec<String> = accounts.iter().filter(|a| a.id != account.id).map(|a| a.name.clone()).collect();
        let fields = validate::account(&validate::AccountDraft::from(account), &others).expect("valid account");
        assert_eq!(fields.specializations, account.specializations);
    }
}

mod same_database {
    use super::*;
    use baton_core::exchange::{ConflictChoice, Dataset, ImportMode, ImportPlan};
    use baton_core::memory::MemoryStore;
    use baton_core::service::{Service, TestEnv};
    use futures::executor::block_on;
    use std::rc::Rc;

    fn service() -> Service<MemoryStore> {
        Service::new(MemoryStore::new(), Rc::new(TestEnv::at("2027-03-01T09:00:00Z")))
    }

    fn dataset(sql: &str) -> Dataset {
        Dataset::from_records(import_legacy(sql, now()).expect("imports").records)
    }

    fn merge(service: &Service<MemoryStore>, sql: &str) -> ImportPlan {
        let data = dataset(sql);
        let plan = block_on(service.preview_import(&data, ImportMode::Merge, ConflictChoice::Newer, &BTreeMap::new()))
            .unwrap();
        block_on(service.apply_import(&data, ImportMode::Merge, ConflictChoice::Newer, &BTreeMap::new(), "legacy"))
            .unwrap();
        plan
    }

    /// The fixture exported again later, after the user added a project with a session and a
    /// knowledge entry.
    fn later_export() -> String {
        let extra = "INSERT INTO projects VALUES(100,'Later project','Added after the first export','active',0,1,\
                     '2026-12-01 09:00:00','2026-12-01 09:00:00',NULL);\n\
                     INSERT INTO sessions (id, project_id, account_id, session_number, session_type, credits_used, \
                     status, started_at, completed_at) VALUES(100,100,1,1,'development',5,'completed',\
                     '2026-12-01 10:00:00','2026-12-01 11:00:00');\n\
                     INSERT INTO knowledge_base (id, category, title, description, tags, usage_count, success_rate, \
                     created_at, updated_at) VALUES(100,'tip','Later tip','Learnt later','later',0,1.0,\
                     '2026-12-02 09:00:00','2026-12-02 09:00:00');\n";
        let at = FIXTURE.rfind("COMMIT;").unwrap();
        format!("{}{extra}{}", &FIXTURE[..at], &FIXTURE[at..])
    }

    #[test]
    fn importing_the_same_database_twice_adds_nothing() {
        let service = service();
        let first = merge(&service, FIXTURE);
        assert_eq!(first.totals().added as usize, import().records.len());
        let again = merge(&service, FIXTURE);
        assert!(!again.changes_anything, "{}", again.summary());
        assert_eq!(again.totals().unchanged as usize, import().records.len());
    }

    #[test]
    fn a_later_export_of_the_same_database_adds_only_its_new_rows() {
        let later = later_export();
        assert_eq!(
            import_legacy(&later, now()).unwrap().source,
            import().source,
            "the oldest row is the same, so is the fingerprint"
        );
        let service = service();
        merge(&service, FIXTURE);
        let plan = merge(&service, &later);
        let added: BTreeMap<StoreName, u64> =
            plan.per_store.iter().filter(|(_, counts)| counts.added > 0).map(|(s, c)| (*s, c.added)).collect();
        assert_eq!(
            added,
            BTreeMap::from([(StoreName::Projects, 1), (StoreName::Sessions, 1), (StoreName::Knowledge, 1)])
        );
        assert_eq!(plan.totals().updated, 0, "{}", plan.summary());
        assert_eq!(plan.totals().conflicts, 0);
    }

    #[test]
    fn two_databases_with_the_same_old_ids_do_not_meet() {
        let a = "INSERT INTO projects (id, name, created_at) VALUES (1, 'Alpha', '2025-01-02 10:00:00');\n\
                 INSERT INTO accounts (id, account_name, platform, created_at) VALUES (1, 'Work', 'claude', \
                 '2025-01-02 10:00:00');";
        let b = "INSERT INTO projects (id, name, created_at) VALUES (1, 'Beta', '2025-03-04 11:00:00');\n\
                 INSERT INTO accounts (id, account_name, platform, created_at) VALUES (1, 'Home', 'claude', \
                 '2025-03-04 11:00:00');";
        let (first, second) = (import_legacy(a, now()).unwrap(), import_legacy(b, now()).unwrap());
        assert_ne!(first.source, second.source);
        assert_ne!(legacy_id(&first.source, "projects", 1), legacy_id(&second.source, "projects", 1));

        let service = service();
        merge(&service, a);
        let plan = merge(&service, b);
        assert_eq!(plan.totals().updated + plan.totals().conflicts, 0, "{}", plan.summary());
        let stored = block_on(service.export_dataset()).unwrap();
        let mut names: Vec<&str> = stored.projects.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["Alpha", "Beta"]);
        assert_eq!(stored.accounts.len(), 2);
        assert_eq!(stored.ledger.len(), 2, "each account's opening balance is its own entry");
    }

    #[test]
    fn the_fingerprint_comes_from_the_oldest_row() {
        // The same rows in another order, and a table empty at first that has rows later.
        let a = "INSERT INTO projects (id, name, created_at) VALUES (2, 'B', '2025-05-01 10:00:00'), \
                 (1, 'A', '2025-01-01 10:00:00');";
        let b = "INSERT INTO knowledge_base (id, title, created_at) VALUES (1, 'Tip', '2025-06-01 10:00:00');\n\
                 INSERT INTO projects (id, name, created_at) VALUES (1, 'A renamed', '2025-01-01 10:00:00'), \
                 (2, 'B', '2025-05-01 10:00:00'), (3, 'C', '2025-07-01 10:00:00');";
        assert_eq!(import_legacy(a, now()).unwrap().source, import_legacy(b, now()).unwrap().source);
        // Another first moment is another database.
        let c = "INSERT INTO projects (id, name, created_at) VALUES (1, 'A', '2025-01-01 10:00:01');";
        assert_ne!(import_legacy(a, now()).unwrap().source, import_legacy(c, now()).unwrap().source);
        // Without any date: the first row by id, with its name.
        let d = "INSERT INTO projects (id, name) VALUES (1, 'A');";
        let e = "INSERT INTO projects (id, name) VALUES (1, 'Z');";
        assert_ne!(import_legacy(d, now()).unwrap().source, import_legacy(e, now()).unwrap().source);
    }
}
