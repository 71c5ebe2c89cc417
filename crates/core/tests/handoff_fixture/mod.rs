//! One fixed project for the handoff tests: decisions, constraints, files, knowledge, three
//! sessions and a transcript with a long code block.
#![allow(dead_code)]

use baton_core::handoff::{BuildInput, BuildOptions};
use baton_core::*;

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a valid test timestamp")
}

pub fn id(n: u64) -> Id {
    Id::v7(1_767_225_600_000 + n, [n as u8; 10])
}

pub fn decision(text: &str, rationale: &str, rejected: &[&str], decided_at: &str) -> Decision {
    Decision {
        text: text.into(),
        rationale: rationale.into(),
        rejected_alternatives: rejected.iter().map(|r| r.to_string()).collect(),
        decided_at: Some(at(decided_at)),
    }
}

pub fn file(path: &str, importance: Importance, notes: &str) -> KeyFile {
    KeyFile { path: path.into(), importance, notes: notes.into() }
}

pub fn project() -> Project {
    Project {
        id: id(1),
        created_at: at("2026-01-01T09:00:00Z"),
        updated_at: at("2026-01-05T17:00:00Z"),
        deleted_at: None,
        rev: 7,
        name: "Invoice parser".into(),
        description: "A command-line tool that reads supplier PDF invoices and writes one CSV row per line item."
            .into(),
        status: ProjectStatus::Active,
        tags: vec!["rust".into(), "pdf".into(), "csv".into()],
        repository_url: None,
        notes: String::new(),
        state: LivingState {
            goal: "Parse the invoices of our three suppliers into CSV with no manual fixes.".into(),
            current_state: "The PDF text extraction works for suppliers A and B.\nSupplier C's invoices put the \
                            totals in a table the extractor reads column by column."
                .into(),
            next_steps: vec![
                "Read supplier C's totals table row by row".into(),
                "Add a regression test with the 12 sample invoices".into(),
                "Write the CSV header from the config file".into(),
            ],
            decisions: vec![
                decision(
                    "Use the lopdf crate for text extraction",
                    "it keeps the glyph positions we need for tables",
                    &["pdf-extract", "calling pdftotext"],
                    "2026-01-02T10:00:00Z",
                ),
                decision("Amounts are integers of cents", "floats round badly", &["f64"], "2026-01-03T10:00:00Z"),
            ],
            constraints: vec!["No network access at run time".into(), "Keep the binary under 10 MB".into()],
            files: vec![
                file("src/config.rs", Importance::Normal, "supplier layouts"),
                file("src/extract.rs", Importance::Critical, "text extraction with positions"),
                file("tests/samples/README.md", Importance::Low, ""),
                file("src/tables.rs", Importance::High, "where the column-by-column bug lives"),
            ],
            do_not_redo: vec!["Evaluating OCR: the PDFs all have a text layer".into()],
        },
    }
}

pub fn account(n: u64, name: &str, platform: Platform) -> Account {
    Account {
        id: id(n),
        created_at: at("2026-01-01T08:00:00Z"),
        updated_at: at("2026-01-01T08:00:00Z"),
        deleted_at: None,
        rev: 1,
        name: name.into(),
        platform,
        platform_label: String::new(),
        email: String::new(),
        plan: String::new(),
        specializations: vec![],
        credits_available: 100,
        credit_limit: 100,
        refresh: Refresh::None,
        next_refresh_at: None,
        context_window_tokens: platform.default_context_window(),
        notes: String::new(),
        status: AccountStatus::Available,
        bundle_language: None,
    }
}

pub fn session(number: u32, status: SessionStatus, accomplishments: &str, blockers: &str) -> Session {
    let started = at("2026-01-01T10:00:00Z").plus(chrono::Duration::days(number as i64));
    Session {
        id: id(100 + number as u64),
        created_at: started,
        updated_at: started,
        deleted_at: None,
        rev: 1,
        project_id: id(1),
        account_id: Some(id(10)),
        account_label: if number.is_multiple_of(2) { "Work ChatGPT".into() } else { "Work Claude".into() },
        number,
        session_type: SessionType::Development,
        title: format!("Step {number}"),
        objectives: String::new(),
        status,
        started_at: started,
        ended_at: (status != SessionStatus::InProgress).then(|| started.plus(chrono::Duration::hours(2))),
        duration_minutes: None,
        credit_budget: None,
        credits_used: 10,
        accomplishments: accomplishments.into(),
        blockers: blockers.into(),
        state_notes: String::new(),
        next_steps: String::new(),
        decisions: String::new(),
        notes: String::new(),
        from_handoff_id: None,
        to_handoff_id: None,
    }
}

pub fn sessions() -> Vec<Session> {
    vec![
        session(
            3,
            SessionStatus::InProgress,
            "",
            "- Supplier C's sample invoice 7 is a scan: is it in scope?\n- The totals table has merged cells",
        ),
        session(
            2,
            SessionStatus::Completed,
            "- Extraction works for supplier B\n- Found the column-by-column bug in tables.rs",
            "",
        ),
        session(1, SessionStatus::HandedOff, "Set up the project and extraction for supplier A", ""),
    ]
}

pub fn knowledge_entry(n: u64, category: KnowledgeCategory, title: &str, body: &str, tags: &[&str]) -> KnowledgeEntry {
    KnowledgeEntry {
        id: id(200 + n),
        created_at: at("2026-01-01T08:00:00Z"),
        updated_at: at("2026-01-01T08:00:00Z"),
        deleted_at: None,
        rev: 1,
        category,
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        project_id: None,
        source_session_id: None,
        usage_count: 0,
        helped: 0,
        did_not_help: 0,
    }
}

pub fn knowledge() -> Vec<KnowledgeEntry> {
    let mut own = knowledge_entry(
        3,
        KnowledgeCategory::Tip,
        "Supplier C sends <script>-like markup in <notes>",
        "Strip anything between < and > & keep the text.",
        &[],
    );
    own.project_id = Some(id(1));
    vec![
        knowledge_entry(
            1,
            KnowledgeCategory::Pattern,
            "Reading PDF tables by glyph position",
            "Group glyphs by their y coordinate first, then sort each row by x.",
            &["pdf", "tables"],
        ),
        knowledge_entry(2, KnowledgeCategory::Tip, "Watering tomatoes", "Water in the morning.", &["garden"]),
        own,
    ]
}

pub fn turn(seq: u32, role: Role, content: &str) -> TranscriptTurn {
    TranscriptTurn {
        id: id(300 + seq as u64),
        created_at: at("2026-01-04T10:00:00Z"),
        updated_at: at("2026-01-04T10:00:00Z"),
        deleted_at: None,
        rev: 1,
        session_id: id(103),
        seq,
        role,
        content: content.into(),
        at: None,
        tokens: 0,
    }
}

pub fn transcript() -> Vec<TranscriptTurn> {
    let code: Vec<String> = (1..=50).map(|n| format!("    let cell_{n} = row.get({n}).unwrap_or_default();")).collect();
    vec![
        turn(1, Role::User, "Why are supplier C's totals wrong?"),
        turn(
            2,
            Role::Assistant,
            &format!("The table is read column by column. Here is the current reader:\n\n```rust\nfn read_row(row: &Row) {{\n{}\n}}\n```\n\nIt should group by row first.", code.join("\n")),
        ),
        turn(3, Role::User, "OK, fix it next session."),
    ]
}

pub fn checkpoint(state: LivingState) -> Checkpoint {
    Checkpoint {
        id: id(600),
        created_at: at("2026-01-02T18:00:00Z"),
        updated_at: at("2026-01-02T18:00:00Z"),
        deleted_at: None,
        rev: 1,
        project_id: id(1),
        session_id: None,
        kind: CheckpointKind::Handoff,
        label: "Handoff to Work ChatGPT".into(),
        note: String::new(),
        git_ref: Some("a1b2c3d".into()),
        state,
        file_count: None,
        code_lines: None,
    }
}

pub struct Fixture {
    pub project: Project,
    pub checkpoint: Checkpoint,
    pub from: Account,
    pub to: Account,
    pub sessions: Vec<Session>,
    pub knowledge: Vec<KnowledgeEntry>,
    pub transcript: Vec<TranscriptTurn>,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            project: project(),
            checkpoint: checkpoint(project().state),
            from: account(10, "Work Claude", Platform::Claude),
            to: account(11, "Work ChatGPT", Platform::Chatgpt),
            sessions: sessions(),
            knowledge: knowledge(),
            transcript: transcript(),
        }
    }

    pub fn input(&self) -> BuildInput<'_> {
        BuildInput {
            project: &self.project,
            handoff_id: id(500),
            built_at: at("2026-01-05T18:30:00Z"),
            from_account: Some(&self.from),
            to_account: Some(&self.to),
            continuing_session_number: 4,
            sessions: &self.sessions,
            latest_checkpoint: Some(&self.checkpoint),
            knowledge: &self.knowledge,
            transcript: &self.transcript,
            delta_since: None,
        }
    }
}

pub fn options(format: BundleFormat) -> BuildOptions {
    BuildOptions { format, ..BuildOptions::default() }
}
