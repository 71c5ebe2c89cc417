//! "Try Baton with sample data": a small, realistic data set that shows every feature — four
//! projects in each status with full living states, accounts on every platform and in every
//! status and refresh cadence, a credit ledger that explains every balance, fifteen sessions
//! of every type and status, a transcript, checkpoints, handoffs in every queue state linked to
//! their sessions, knowledge in every category, and recent activity.
//!
//! Deterministic: ids are derived from fixed names and every date is an offset from `now`, so
//! loading the sample twice adds nothing the second time.

use crate::ids::Id;
use crate::records::*;
use crate::time::Timestamp;
use crate::tokens::estimate_tokens;
use chrono::Duration;

fn id(kind: &str, key: &str) -> Id {
    Id::derived(&format!("baton-sample/{kind}"), key)
}

/// `now` minus a number of days and hours.
fn ago(now: Timestamp, days: i64, hours: i64) -> Timestamp {
    now.minus(Duration::days(days) + Duration::hours(hours))
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn decision(text: &str, rationale: &str, rejected: &[&str], at: Timestamp) -> Decision {
    Decision {
        text: text.into(),
        rationale: rationale.into(),
        rejected_alternatives: texts(rejected),
        decided_at: Some(at),
    }
}

fn file(path: &str, importance: Importance, notes: &str) -> KeyFile {
    KeyFile { path: path.into(), importance, notes: notes.into() }
}

struct ProjectSpec {
    key: &'static str,
    name: &'static str,
    description: &'static str,
    status: ProjectStatus,
    tags: &'static [&'static str],
    repository_url: Option<&'static str>,
    created_days_ago: i64,
    state: fn(Timestamp) -> LivingState,
}

fn ledgerline_state(now: Timestamp) -> LivingState {
    LivingState {
        goal: "A double-entry bookkeeping API that small agencies can self-host: invoices in, balanced journal \
               entries out, reconciled against the bank every night."
            .into(),
        current_state: "The ledger core (accounts, journal entries, the balancing invariant) is done and tested. \
                        Invoice import works for CSV and UBL XML. Multi-currency totals still round wrongly in one \
                        case (see the failed session 4). Nightly reconciliation is being written."
            .into(),
        next_steps: texts(&[
            "Finish `reconcile::match_transactions` so that it pairs bank lines with open invoices by amount and date.",
            "Fix the rounding of multi-currency totals: round once, at the end, with banker's rounding.",
            "Add the `/v1/reconciliations` endpoint and its OpenAPI description.",
        ]),
        decisions: vec![
            decision(
                "Store amounts as integer minor units (i64 cents) with the currency beside them.",
                "Floating point cannot represent 0.10 exactly and the totals drifted in tests.",
                &["f64 amounts", "A decimal crate for every amount"],
                ago(now, 13, 2),
            ),
            decision(
                "PostgreSQL with sqlx, queries checked at compile time.",
                "The team knows Postgres and compile-time checks caught two schema mismatches already.",
                &["SQLite (no concurrent writers for the nightly job)", "An ORM (Diesel): heavier migrations"],
                ago(now, 12, 5),
            ),
        ],
        constraints: texts(&[
            "Every journal entry must balance: the sum of debits equals the sum of credits, per currency.",
            "No breaking change to the public /v1 API; add fields, never rename them.",
            "Runs on a 1 GB VPS: keep the nightly job under 200 MB of memory.",
        ]),
        files: vec![
            file("src/ledger/entry.rs", Importance::Critical, "The balancing invariant lives here; read it first."),
            file(
                "migrations/0003_multi_currency.sql",
                Importance::High,
                "Adds currency columns; not yet applied in production.",
            ),
            file("src/import/ubl.rs", Importance::Normal, "UBL XML invoice import."),
            file("docs/adr/", Importance::Low, "Architecture decision records, one per decision above."),
        ],
        do_not_redo: texts(&[
            "Do not try rust_decimal again for amounts: it was measured 4x slower in the nightly job and dropped.",
            "The CSV importer already handles semicolon separators and BOMs; do not rewrite it.",
        ]),
    }
}

fn harbor_state(now: Timestamp) -> LivingState {
    LivingState {
        goal: "A mobile app where boat owners book a berth at partner marinas and pay in the app.".into(),
        current_state: "Booking flow and payments work on iOS and Android test builds. Paused until the client \
                        signs the second phase; the store submission was not finished."
            .into(),
        next_steps: texts(&[
            "Submit the Android build to the Play Console internal track with the listing copy from session 4.",
            "Ask the client for the marina partner list before starting phase two.",
        ]),
        decisions: vec![decision(
            "Expo with EAS builds rather than bare React Native.",
            "One developer, two platforms: managed builds save a day per release.",
            &["Bare React Native", "Flutter (the client's team knows TypeScript)"],
            ago(now, 29, 0),
        )],
        constraints: texts(&["Payments only through Stripe; no card data touches our servers."]),
        files: vec![
            file("app/(tabs)/book.tsx", Importance::Critical, "The booking flow."),
            file("eas.json", Importance::High, "Build profiles; the production profile needs the client's keys."),
            file("app.config.ts", Importance::Normal, ""),
            file("assets/store/", Importance::Low, "Screenshots for the store listings."),
        ],
        do_not_redo: texts(&["Push notifications were tried with OneSignal and removed; use Expo notifications."]),
    }
}

fn docs_state(now: Timestamp) -> LivingState {
    LivingState {
        goal: "Move the product documentation from a wiki to a static site built from the repository.".into(),
        current_state: "Done: 142 pages migrated, redirects from every old wiki address, search working, deployed."
            .into(),
        next_steps: texts(&["Nothing left; reopen only for the yearly link check."]),
        decisions: vec![decision(
            "mdBook, one book per product.",
            "Builds in seconds, no JavaScript toolchain to maintain.",
            &["Docusaurus", "Keeping the wiki"],
            ago(now, 44, 0),
        )],
        constraints: texts(&["Every old wiki address must redirect to its new page."]),
        files: vec![
            file("book.toml", Importance::High, ""),
            file("redirects.csv", Importance::Critical, "Old wiki path to new page, 142 rows."),
            file("src/SUMMARY.md", Importance::Normal, ""),
            file("theme/", Importance::Low, "Colour overrides only."),
        ],
        do_not_redo: texts(&["The wiki export script is in tools/; do not scrape the wiki again."]),
    }
}

fn recommender_state(now: Timestamp) -> LivingState {
    LivingState {
        goal: "Find out whether collaborative filtering improves the shop's 'you may also like' block.".into(),
        current_state: "Archived: the offline test showed no gain over the rule-based block (click-through 2.1% \
                        against 2.2%). Kept for reference."
            .into(),
        next_steps: texts(&["None: archived after the offline evaluation."]),
        decisions: vec![decision(
            "Stop after the offline evaluation; do not run an A/B test.",
            "No measurable gain offline, and the A/B test would take six weeks of traffic.",
            &["Run the A/B test anyway", "Try a larger embedding model"],
            ago(now, 50, 0),
        )],
        constraints: texts(&["Use only the anonymised export; no customer identifiers."]),
        files: vec![
            file("notebooks/evaluation.ipynb", Importance::Critical, "The offline evaluation and its numbers."),
            file("data/README.md", Importance::Normal, "Where the anonymised export came from."),
        ],
        do_not_redo: texts(&["Matrix factorisation with 64 factors was tried; same result as 32."]),
    }
}

const PROJECTS: &[ProjectSpec] = &[
    ProjectSpec {
        key: "ledgerline",
        name: "Ledgerline bookkeeping API",
        description: "Self-hosted double-entry bookkeeping API for small agencies (Rust, axum, PostgreSQL).",
        status: ProjectStatus::Active,
        tags: &["rust", "api", "client work"],
        repository_url: Some("https://github.com/example/ledgerline"),
        created_days_ago: 15,
        state: ledgerline_state,
    },
    ProjectSpec {
        key: "harbor",
        name: "Harbor berth booking app",
        description: "Mobile app for booking marina berths, built with Expo for a marina group.",
        status: ProjectStatus::Paused,
        tags: &["mobile", "typescript"],
        repository_url: Some("https://github.com/example/harbor-app"),
        created_days_ago: 32,
        state: harbor_state,
    },
    ProjectSpec {
        key: "docs",
        name: "Documentation site migration",
        description: "Move the product documentation from the wiki to mdBook, with redirects.",
        status: ProjectStatus::Completed,
        tags: &["docs"],
        repository_url: None,
        created_days_ago: 46,
        state: docs_state,
    },
    ProjectSpec {
        key: "recommender",
        name: "Recommendation engine prototype",
        description: "An experiment with collaborative filtering for the shop's product suggestions.",
        status: ProjectStatus::Archived,
        tags: &["python", "experiment"],
        repository_url: None,
        created_days_ago: 62,
        state: recommender_state,
    },
];

struct AccountSpec {
    key: &'static str,
    name: &'static str,
    platform: Platform,
    platform_label: &'static str,
    email: &'static str,
    plan: &'static str,
    specializations: &'static [&'static str],
    /// Credits when the account was added (an import or a manual opening balance).
    opening: i64,
    opening_reason: LedgerReason,
    credit_limit: i64,
    refresh: Refresh,
    /// Days from now to the next refresh (refreshes before it are in the ledger).
    next_refresh_in_days: i64,
    notes: &'static str,
    blocked: bool,
}

const ACCOUNTS: &[AccountSpec] = &[
    AccountSpec {
        key: "claude-work",
        name: "Claude Pro (work)",
        platform: Platform::Claude,
        platform_label: "",
        email: "dev@example.com",
        plan: "Pro",
        specializations: &["Rust", "Architecture", "Code review"],
        opening: 500,
        opening_reason: LedgerReason::Manual,
        credit_limit: 500,
        refresh: Refresh::Monthly,
        next_refresh_in_days: 12,
        notes: "Best for long refactors; the usage window resets every five hours.",
        blocked: false,
    },
    AccountSpec {
        key: "chatgpt-plus",
        name: "ChatGPT Plus",
        platform: Platform::Chatgpt,
        platform_label: "",
        email: "dev@example.com",
        plan: "Plus",
        specializations: &["TypeScript", "React Native", "Writing"],
        opening: 300,
        opening_reason: LedgerReason::Manual,
        credit_limit: 300,
        refresh: Refresh::Weekly,
        next_refresh_in_days: 3,
        notes: "",
        blocked: false,
    },
    AccountSpec {
        key: "gemini",
        name: "Gemini Advanced",
        platform: Platform::Gemini,
        platform_label: "",
        email: "research@example.com",
        plan: "Google One AI Premium",
        specializations: &["Research", "Long documents", "Python"],
        opening: 400,
        opening_reason: LedgerReason::Manual,
        credit_limit: 400,
        refresh: Refresh::Daily,
        next_refresh_in_days: 1,
        notes: "Huge context window: give it whole repositories.",
        blocked: false,
    },
    AccountSpec {
        key: "genspark-main",
        name: "Genspark Main",
        platform: Platform::Genspark,
        platform_label: "",
        email: "main@example.com",
        plan: "Plus",
        specializations: &["Full-stack", "Debugging"],
        opening: 100,
        opening_reason: LedgerReason::Import,
        credit_limit: 100,
        refresh: Refresh::EveryNDays { days: 14 },
        next_refresh_in_days: 5,
        notes: "Imported from the original orchestrator.",
        blocked: false,
    },
    AccountSpec {
        key: "genspark-backup",
        name: "Genspark Backup",
        platform: Platform::Genspark,
        platform_label: "",
        email: "backup@example.com",
        plan: "Free",
        specializations: &["General development"],
        opening: 150,
        opening_reason: LedgerReason::Import,
        credit_limit: 150,
        refresh: Refresh::None,
        next_refresh_in_days: 0,
        notes: "Blocked: billing dispute with the vendor. Do not use until it is settled.",
        blocked: true,
    },
    AccountSpec {
        key: "mistral",
        name: "Le Chat (Mistral)",
        platform: Platform::Other,
        platform_label: "Mistral",
        email: "",
        plan: "Pro",
        specializations: &["French copy", "Quick questions"],
        opening: 120,
        opening_reason: LedgerReason::Manual,
        credit_limit: 250,
        refresh: Refresh::None,
        next_refresh_in_days: 0,
        notes: "",
        blocked: false,
    },
];

struct SessionSpec {
    project: &'static str,
    number: u32,
    account: &'static str,
    session_type: SessionType,
    status: SessionStatus,
    title: &'static str,
    objectives: &'static str,
    /// Days and hours before now that it started, and how long it ran in minutes.
    started: (i64, i64),
    minutes: u32,
    credits: i64,
    accomplishments: &'static str,
    blockers: &'static str,
    next_steps: &'static str,
}

const SESSIONS: &[SessionSpec] = &[
    SessionSpec {
        project: "recommender",
        number: 1,
        account: "chatgpt-plus",
        session_type: SessionType::Research,
        status: SessionStatus::Completed,
        title: "Survey recommendation approaches",
        objectives:
            "Compare item-based, matrix factorisation and embedding approaches for a catalogue of 8,000 products.",
        started: (60, 3),
        minutes: 70,
        credits: 40,
        accomplishments: "Wrote a comparison table; chose implicit-feedback matrix factorisation for the prototype.",
        blockers: "",
        next_steps: "Build the offline evaluation.",
    },
    SessionSpec {
        project: "recommender",
        number: 2,
        account: "genspark-backup",
        session_type: SessionType::Development,
        status: SessionStatus::Failed,
        title: "Offline evaluation notebook",
        objectives: "Train the model on the anonymised export and compare click-through with the rule-based block.",
        started: (55, 6),
        minutes: 95,
        credits: 60,
        accomplishments: "Training pipeline runs; evaluation numbers computed.",
        blockers: "No gain over the rules (2.1% against 2.2%); the project is being archived.",
        next_steps: "",
    },
    SessionSpec {
        project: "docs",
        number: 1,
        account: "claude-work",
        session_type: SessionType::Development,
        status: SessionStatus::Completed,
        title: "Convert wiki pages to Markdown",
        objectives: "Convert the 142 exported wiki pages and build the SUMMARY.",
        started: (45, 4),
        minutes: 120,
        credits: 90,
        accomplishments: "All pages converted; broken internal links listed and fixed.",
        blockers: "",
        next_steps: "Redirects and deployment.",
    },
    SessionSpec {
        project: "docs",
        number: 2,
        account: "gemini",
        session_type: SessionType::Deployment,
        status: SessionStatus::Completed,
        title: "Redirects and deploy",
        objectives: "Generate redirects for every old address and deploy to the static host.",
        started: (41, 2),
        minutes: 60,
        credits: 45,
        accomplishments: "redirects.csv generated and checked; site deployed.",
        blockers: "",
        next_steps: "Announce the new address.",
    },
    SessionSpec {
        project: "docs",
        number: 3,
        account: "mistral",
        session_type: SessionType::Other,
        status: SessionStatus::Completed,
        title: "French translation of the landing page",
        objectives: "Translate the landing page and the getting-started guide into French.",
        started: (38, 1),
        minutes: 40,
        credits: 25,
        accomplishments: "Both pages translated and reviewed by a native speaker.",
        blockers: "",
        next_steps: "",
    },
    SessionSpec {
        project: "harbor",
        number: 1,
        account: "chatgpt-plus",
        session_type: SessionType::Development,
        status: SessionStatus::Completed,
        title: "Booking flow",
        objectives: "Build the berth search and booking screens with Expo Router.",
        started: (30, 5),
        minutes: 110,
        credits: 80,
        accomplishments: "Search, berth details and booking screens done with mocked data.",
        blockers: "",
        next_steps: "Payments.",
    },
    SessionSpec {
        project: "harbor",
        number: 2,
        account: "mistral",
        session_type: SessionType::Feature,
        status: SessionStatus::Completed,
        title: "Stripe payments",
        objectives: "Add payments with Stripe's payment sheet.",
        started: (27, 3),
        minutes: 90,
        credits: 70,
        accomplishments: "Payment sheet works in test mode on both platforms.",
        blockers: "",
        next_steps: "Store builds.",
    },
    SessionSpec {
        project: "harbor",
        number: 3,
        account: "chatgpt-plus",
        session_type: SessionType::Deployment,
        status: SessionStatus::HandedOff,
        title: "Store builds",
        objectives: "Production builds with EAS and the store listings.",
        started: (24, 2),
        minutes: 75,
        credits: 65,
        accomplishments: "iOS build uploaded to TestFlight.",
        blockers: "Ran out of messages before the Android submission.",
        next_steps: "Submit the Android build.",
    },
    SessionSpec {
        project: "harbor",
        number: 4,
        account: "gemini",
        session_type: SessionType::Other,
        status: SessionStatus::Completed,
        title: "Store listing copy",
        objectives: "Write the store descriptions and screenshot captions.",
        started: (22, 6),
        minutes: 35,
        credits: 20,
        accomplishments: "Descriptions in English and German, captions for six screenshots.",
        blockers: "",
        next_steps: "",
    },
    SessionSpec {
        project: "ledgerline",
        number: 1,
        account: "gemini",
        session_type: SessionType::Research,
        status: SessionStatus::Completed,
        title: "Double-entry libraries",
        objectives: "Survey existing Rust bookkeeping crates and decide build or reuse.",
        started: (14, 5),
        minutes: 50,
        credits: 35,
        accomplishments: "None fits (no multi-currency balancing); decided to build the core.",
        blockers: "",
        next_steps: "Ledger core types.",
    },
    SessionSpec {
        project: "ledgerline",
        number: 2,
        account: "claude-work",
        session_type: SessionType::Development,
        status: SessionStatus::HandedOff,
        title: "Ledger core and invariants",
        objectives: "Accounts, journal entries and the balancing invariant with property tests.",
        started: (12, 4),
        minutes: 140,
        credits: 120,
        accomplishments: "Core types, invariant and 40 property tests.",
        blockers: "Usage window ran out before the invoice import.",
        next_steps: "Invoice import endpoint.",
    },
    SessionSpec {
        project: "ledgerline",
        number: 3,
        account: "chatgpt-plus",
        session_type: SessionType::Feature,
        status: SessionStatus::Completed,
        title: "Invoice import endpoint",
        objectives: "POST /v1/invoices accepting CSV and UBL XML.",
        started: (10, 3),
        minutes: 100,
        credits: 75,
        accomplishments: "Both formats import; malformed files get line-numbered errors.",
        blockers: "",
        next_steps: "Multi-currency totals.",
    },
    SessionSpec {
        project: "ledgerline",
        number: 4,
        account: "genspark-main",
        session_type: SessionType::Bugfix,
        status: SessionStatus::Failed,
        title: "Multi-currency rounding",
        objectives: "Fix totals that are off by one cent when invoices mix EUR and USD.",
        started: (6, 2),
        minutes: 80,
        credits: 96,
        accomplishments: "",
        blockers: "Credits ran out mid-investigation; the cause is rounding per line instead of per total.",
        next_steps: "Round once, at the end.",
    },
    SessionSpec {
        project: "ledgerline",
        number: 5,
        account: "gemini",
        session_type: SessionType::Refactor,
        status: SessionStatus::HandedOff,
        title: "Split the import module",
        objectives: "Split import/ into one module per format behind a trait.",
        started: (2, 5),
        minutes: 65,
        credits: 55,
        accomplishments: "CSV and UBL behind the `InvoiceSource` trait; tests moved.",
        blockers: "Daily limit reached before the docs update.",
        next_steps: "Update the module docs.",
    },
    SessionSpec {
        project: "ledgerline",
        number: 6,
        account: "claude-work",
        session_type: SessionType::Development,
        status: SessionStatus::InProgress,
        title: "Nightly reconciliation",
        objectives: "Match bank lines with open invoices by amount and date.",
        started: (0, 2),
        minutes: 0,
        credits: 0,
        accomplishments: "",
        blockers: "",
        next_steps: "",
    },
];

fn session_id(project: &str, number: u32) -> Id {
    id("sessions", &format!("{project}/{number}"))
}

/// The sample data set, every record at rev 1 and dated relative to `now`.
pub fn sample_dataset(now: Timestamp) -> Vec<AnyRecord> {
    let mut records = Vec::new();
    let project_ids: Vec<(&str, Id)> = PROJECTS.iter().map(|spec| (spec.key, id("projects", spec.key))).collect();
    let project_id =
        |key: &str| project_ids.iter().find(|(k, _)| *k == key).map(|(_, id)| *id).expect("a sample project");
    let account_id = |key: &str| id("accounts", key);

    for spec in PROJECTS {
        let created = ago(now, spec.created_days_ago, 0);
        records.push(AnyRecord::Project(Project {
            id: project_id(spec.key),
            created_at: created,
            updated_at: ago(now, 0, 1).max(created),
            deleted_at: None,
            rev: 1,
            name: spec.name.into(),
            description: spec.description.into(),
            status: spec.status,
            tags: texts(spec.tags),
            repository_url: spec.repository_url.map(str::to_string),
            notes: String::new(),
            state: (spec.state)(now),
        }));
    }

    let handoff = |key: &str| id("handoffs", key);
    let links = |project: &str, number: u32| -> (Option<Id>, Option<Id>) {
        match (project, number) {
            ("ledgerline", 2) => (None, Some(handoff("ledgerline-core"))),
            ("ledgerline", 3) => (Some(handoff("ledgerline-core")), None),
            ("ledgerline", 4) => (None, Some(handoff("ledgerline-rounding"))),
            ("ledgerline", 5) => (None, Some(handoff("ledgerline-docs"))),
            ("harbor", 3) => (None, Some(handoff("harbor-android"))),
            _ => (None, None),
        }
    };
    let mut sessions = Vec::new();
    for spec in SESSIONS {
        let started_at = ago(now, spec.started.0, spec.started.1);
        let ended = spec.status != SessionStatus::InProgress;
        let ended_at = ended.then(|| started_at.plus(Duration::minutes(i64::from(spec.minutes))));
        let account = ACCOUNTS.iter().find(|a| a.key == spec.account).expect("a sample account");
        let (from_handoff_id, to_handoff_id) = links(spec.project, spec.number);
        sessions.push(Session {
            id: session_id(spec.project, spec.number),
            created_at: started_at,
            updated_at: ended_at.unwrap_or(started_at),
            deleted_at: None,
            rev: 1,
            project_id: project_id(spec.project),
            account_id: Some(account_id(spec.account)),
            account_label: account.name.into(),
            number: spec.number,
            session_type: spec.session_type,
            title: spec.title.into(),
            objectives: spec.objectives.into(),
            status: spec.status,
            started_at,
            ended_at,
            duration_minutes: ended.then_some(spec.minutes),
            credit_budget: Some(spec.credits.max(50) + 20),
            credits_used: spec.credits,
            accomplishments: spec.accomplishments.into(),
            blockers: spec.blockers.into(),
            state_notes: String::new(),
            next_steps: spec.next_steps.into(),
            decisions: String::new(),
            notes: String::new(),
            from_handoff_id,
            to_handoff_id,
        });
    }

    // Each account's ledger: its opening balance, its ended sessions' debits and its refreshes,
    // in time order; the balance at the end is the account's credits.
    let mut ledger = Vec::new();
    for spec in ACCOUNTS {
        let account = account_id(spec.key);
        let created = ago(now, 90, 0);
        enum Change {
            Opening,
            Debit(Id, i64),
            Refresh,
        }
        let mut changes: Vec<(Timestamp, Change)> = vec![(created, Change::Opening)];
        for session in sessions.iter().filter(|s| s.account_id == Some(account)) {
            if let Some(ended_at) = session.ended_at {
                changes.push((ended_at, Change::Debit(session.id, session.credits_used)));
            }
        }
        let next_refresh_at =
            (spec.refresh != Refresh::None).then(|| now.plus(Duration::days(spec.next_refresh_in_days)));
        if let Some(next) = next_refresh_at {
            // The refreshes of the last 60 days, so the ledger shows the cadence at work.
            let period = match spec.refresh {
                Refresh::Daily => Duration::days(1),
                Refresh::Weekly => Duration::days(7),
                Refresh::EveryNDays { days } => Duration::days(i64::from(days)),
                _ => Duration::days(30),
            };
            let mut at = next.minus(period);
            let mut refreshes = Vec::new();
            while at > ago(now, 60, 0) && refreshes.len() < 8 {
                refreshes.push(at);
                at = at.minus(period);
            }
            changes.extend(refreshes.into_iter().map(|at| (at, Change::Refresh)));
        }
        changes.sort_by_key(|(at, _)| *at);
        let mut balance = 0i64;
        for (index, (at, change)) in changes.into_iter().enumerate() {
            let (delta, reason, session_id, note) = match change {
                Change::Opening => {
                    let note = if spec.opening_reason == LedgerReason::Import {
                        "Balance imported from the original app"
                    } else {
                        "Opening balance"
                    };
                    (spec.opening, spec.opening_reason, None, note.to_string())
                }
                Change::Debit(session, credits) => (-credits, LedgerReason::Session, Some(session), String::new()),
                Change::Refresh => (spec.credit_limit - balance, LedgerReason::Refresh, None, "Refreshed".to_string()),
            };
            balance += delta;
            ledger.push(LedgerEntry {
                id: id("ledger", &format!("{}/{index}", spec.key)),
                created_at: at,
                updated_at: at,
                deleted_at: None,
                rev: 1,
                account_id: account,
                at,
                delta,
                balance_after: balance,
                reason,
                session_id,
                note,
            });
        }
        let in_progress =
            sessions.iter().any(|s| s.account_id == Some(account) && s.status == SessionStatus::InProgress);
        let status = if spec.blocked {
            AccountStatus::Blocked
        } else {
            crate::rules::status_after_credit_change(
                AccountStatus::Available,
                balance,
                crate::rules::DEFAULT_EXHAUSTION_THRESHOLD,
                in_progress,
            )
        };
        records.push(AnyRecord::Account(Account {
            id: account,
            created_at: created,
            updated_at: ledger.last().map_or(created, |entry: &LedgerEntry| entry.at),
            deleted_at: None,
            rev: 1,
            name: spec.name.into(),
            platform: spec.platform,
            platform_label: spec.platform_label.into(),
            email: spec.email.into(),
            plan: spec.plan.into(),
            specializations: texts(spec.specializations),
            credits_available: balance,
            credit_limit: spec.credit_limit,
            refresh: spec.refresh,
            next_refresh_at,
            context_window_tokens: spec.platform.default_context_window(),
            notes: spec.notes.into(),
            status,
            bundle_language: None,
        }));
    }
    records.extend(ledger.into_iter().map(AnyRecord::Ledger));
    records.extend(sessions.iter().cloned().map(AnyRecord::Session));
    records.extend(transcript(now).into_iter().map(AnyRecord::Turn));

    let checkpoints = checkpoints(now, &project_id);
    let checkpoint_of = |key: &str| id("checkpoints", key);
    records.extend(checkpoints.into_iter().map(AnyRecord::Checkpoint));
    records.extend(handoffs(now, &project_id, &checkpoint_of).into_iter().map(AnyRecord::Handoff));
    records.extend(knowledge(now, &project_id).into_iter().map(AnyRecord::Knowledge));
    records.extend(events(now, &project_id).into_iter().map(AnyRecord::Event));
    records
}

fn transcript(now: Timestamp) -> Vec<TranscriptTurn> {
    let session = session_id("ledgerline", 6);
    let turns: [(Role, &str); 5] = [
        (Role::System, "You are continuing the Ledgerline project. Amounts are i64 minor units; every journal entry must balance."),
        (Role::User, "Write `match_transactions`: pair each bank line with the open invoice of the same amount, preferring the closest due date."),
        (
            Role::Assistant,
            "Here is a first version. It sorts candidates by the distance between the due date and the booking date:\n\n\
             ```rust\npub fn match_transactions(lines: &[BankLine], open: &[Invoice]) -> Vec<Match> {\n    \
             let mut matches = Vec::new();\n    for line in lines {\n        \
             let best = open\n            .iter()\n            .filter(|invoice| invoice.amount == line.amount)\n            \
             .min_by_key(|invoice| (invoice.due - line.booked).num_days().abs());\n        \
             if let Some(invoice) = best {\n            matches.push(Match { line: line.id, invoice: invoice.id });\n        }\n    }\n    \
             matches\n}\n```\n\nOne invoice can still match two lines; the next step is to remove matched invoices.",
        ),
        (Role::Tool, "cargo test reconcile\n\ntest reconcile::tests::pairs_by_amount ... ok\ntest reconcile::tests::one_invoice_two_lines ... FAILED"),
        (Role::User, "As expected, the second test fails. Remove an invoice once it is matched, and keep the order of the bank lines."),
    ];
    turns
        .into_iter()
        .enumerate()
        .map(|(index, (role, content))| {
            let at = ago(now, 0, 2).plus(Duration::minutes(4 * index as i64));
            TranscriptTurn {
                id: id("turns", &format!("ledgerline-6/{}", index + 1)),
                created_at: at,
                updated_at: at,
                deleted_at: None,
                rev: 1,
                session_id: session,
                seq: index as u32 + 1,
                role,
                content: content.into(),
                at: Some(at),
                tokens: estimate_tokens(content),
            }
        })
        .collect()
}

fn checkpoints(now: Timestamp, project_id: &dyn Fn(&str) -> Id) -> Vec<Checkpoint> {
    #[allow(clippy::type_complexity)] // A table of literals reads better than a struct here.
    let specs: [(
        &str,
        &str,
        Option<(&str, u32)>,
        CheckpointKind,
        &str,
        &str,
        Option<&str>,
        (u32, u32),
        i64,
        fn(Timestamp) -> LivingState,
    ); 5] = [
        (
            "ledgerline-core",
            "ledgerline",
            Some(("ledgerline", 2)),
            CheckpointKind::Handoff,
            "Before handing off the invoice import",
            "Core done, import not started.",
            Some("a41c9e2"),
            (18, 2_400),
            12,
            ledgerline_state,
        ),
        (
            "ledgerline-import",
            "ledgerline",
            Some(("ledgerline", 3)),
            CheckpointKind::Checkpoint,
            "Invoice import working",
            "CSV and UBL import merged.",
            Some("main"),
            (26, 3_900),
            10,
            ledgerline_state,
        ),
        (
            "harbor-paused",
            "harbor",
            Some(("harbor", 4)),
            CheckpointKind::Checkpoint,
            "Paused after phase one",
            "State when the client paused the project.",
            Some("v0.9.0"),
            (64, 7_100),
            22,
            harbor_state,
        ),
        (
            "docs-final",
            "docs",
            None,
            CheckpointKind::Backup,
            "Before archiving the wiki",
            "A copy of the final state before the wiki was switched off.",
            Some("3f0d1b7"),
            (150, 12_800),
            37,
            docs_state,
        ),
        (
            "recommender-archive",
            "recommender",
            Some(("recommender", 2)),
            CheckpointKind::Checkpoint,
            "Evaluation results",
            "Numbers of the offline evaluation, kept for reference.",
            None,
            (9, 1_100),
            54,
            recommender_state,
        ),
    ];
    specs
        .into_iter()
        .map(|(key, project, session, kind, label, note, git_ref, (files, lines), days, state)| {
            let at = ago(now, days, 0);
            Checkpoint {
                id: id("checkpoints", key),
                created_at: at,
                updated_at: at,
                deleted_at: None,
                rev: 1,
                project_id: project_id(project),
                session_id: session.map(|(project, number)| session_id(project, number)),
                kind,
                label: label.into(),
                note: note.into(),
                git_ref: git_ref.map(str::to_string),
                state: state(now),
                file_count: Some(files),
                code_lines: Some(lines),
            }
        })
        .collect()
}

fn handoffs(now: Timestamp, project_id: &dyn Fn(&str) -> Id, checkpoint_of: &dyn Fn(&str) -> Id) -> Vec<Handoff> {
    struct Spec {
        key: &'static str,
        project: &'static str,
        from: Option<(&'static str, u32)>,
        from_account: &'static str,
        to_account: Option<&'static str>,
        priority: u8,
        status: HandoffStatus,
        failure_reason: &'static str,
        queued_days_ago: i64,
        checkpoint: Option<&'static str>,
        result: Option<(&'static str, u32)>,
        format: BundleFormat,
        target: Platform,
        text: &'static str,
    }
    let specs = [
        Spec { key: "ledgerline-core", project: "ledgerline", from: Some(("ledgerline", 2)), from_account: "claude-work", to_account: Some("chatgpt-plus"),
            priority: 7, status: HandoffStatus::Completed, failure_reason: "", queued_days_ago: 11, checkpoint: Some("ledgerline-core"), result: Some(("ledgerline", 3)),
            format: BundleFormat::Markdown, target: Platform::Chatgpt,
            text: "# Ledgerline bookkeeping API\n\n## Exact next step\nBuild POST /v1/invoices for CSV and UBL XML.\n\n## Decisions\n- Amounts are i64 minor units (rejected: f64, a decimal crate).\n\n## Do not redo\n- rust_decimal was measured 4x slower.\n" },
        Spec { key: "ledgerline-docs", project: "ledgerline", from: Some(("ledgerline", 5)), from_account: "gemini", to_account: Some("claude-work"),
            priority: 8, status: HandoffStatus::Pending, failure_reason: "", queued_days_ago: 2, checkpoint: None, result: None,
            format: BundleFormat::Xml, target: Platform::Claude,
            text: "<project name=\"Ledgerline bookkeeping API\">\n<next_step>Update the module docs of import/ after the split.</next_step>\n<constraints>No breaking change to /v1.</constraints>\n</project>\n" },
        Spec { key: "ledgerline-rounding", project: "ledgerline", from: Some(("ledgerline", 4)), from_account: "genspark-main", to_account: Some("claude-work"),
            priority: 9, status: HandoffStatus::Processing, failure_reason: "", queued_days_ago: 5, checkpoint: Some("ledgerline-import"), result: None,
            format: BundleFormat::Json, target: Platform::Claude,
            text: "{\"project\":\"Ledgerline bookkeeping API\",\"next_step\":\"Round multi-currency totals once, at the end, with banker's rounding.\",\"blockers\":[\"Totals off by one cent when EUR and USD mix\"]}" },
        Spec { key: "harbor-android", project: "harbor", from: Some(("harbor", 3)), from_account: "chatgpt-plus", to_account: Some("genspark-backup"),
            priority: 5, status: HandoffStatus::Failed, failure_reason: "Genspark Backup was blocked before the session started; retry with another account.",
            queued_days_ago: 23, checkpoint: None, result: None, format: BundleFormat::Plain, target: Platform::Genspark,
            text: "HARBOR BERTH BOOKING APP\nNext step: submit the Android build to the Play Console internal track.\nKey file: eas.json (production profile).\n" },
        Spec { key: "harbor-phase-two", project: "harbor", from: None, from_account: "mistral", to_account: None,
            priority: 3, status: HandoffStatus::Pending, failure_reason: "", queued_days_ago: 20, checkpoint: Some("harbor-paused"), result: None,
            format: BundleFormat::Classic, target: Platform::Other,
            text: "HANDOFF BRIEFING: Harbor berth booking app\nDone: booking, payments, iOS build.\nBlockers: waiting for the client's phase two.\nNext steps: marina partner list, Android submission.\n" },
    ];
    specs
        .into_iter()
        .map(|spec| {
            let queued_at = ago(now, spec.queued_days_ago, 0);
            let (started_at, finished_at) = match spec.status {
                HandoffStatus::Pending => (None, None),
                HandoffStatus::Processing => (Some(queued_at.plus(Duration::hours(1))), None),
                HandoffStatus::Completed | HandoffStatus::Failed => {
                    (Some(queued_at.plus(Duration::hours(1))), Some(queued_at.plus(Duration::hours(2))))
                }
            };
            let budget = spec.target.default_context_window() / 10;
            Handoff {
                id: id("handoffs", spec.key),
                created_at: queued_at,
                updated_at: finished_at.or(started_at).unwrap_or(queued_at),
                deleted_at: None,
                rev: 1,
                project_id: project_id(spec.project),
                from_session_id: spec.from.map(|(project, number)| session_id(project, number)),
                from_account_id: Some(id("accounts", spec.from_account)),
                to_account_id: spec.to_account.map(|key| id("accounts", key)),
                priority: spec.priority,
                status: spec.status,
                failure_reason: spec.failure_reason.into(),
                queued_at,
                started_at,
                finished_at,
                checkpoint_id: spec.checkpoint.map(checkpoint_of),
                result_session_id: spec.result.map(|(project, number)| session_id(project, number)),
                bundle: Bundle {
                    format: spec.format,
                    target_platform: spec.target,
                    budget,
                    estimated_tokens: estimate_tokens(spec.text),
                    sections: texts(&["project", "next_step", "decisions", "constraints", "do_not_redo"]),
                    trimmed: Vec::new(),
                    lint: Vec::new(),
                    text: spec.text.into(),
                },
            }
        })
        .collect()
}

fn knowledge(now: Timestamp, project_id: &dyn Fn(&str) -> Id) -> Vec<KnowledgeEntry> {
    #[allow(clippy::type_complexity)] // A table of literals reads better than a struct here.
    let specs: [(&str, KnowledgeCategory, &str, &str, &[&str], Option<&str>, Option<(&str, u32)>, u32, u32, u32);
        6] = [
        (
            "handoff-decisions",
            KnowledgeCategory::Pattern,
            "Hand off decisions with their rejected alternatives",
            "List what was rejected and why next to each decision, or the next assistant proposes it again.",
            &["handoff", "decisions"],
            None,
            Some(("ledgerline", 2)),
            9,
            7,
            1,
        ),
        (
            "sqlx-offline",
            KnowledgeCategory::ErrorSolution,
            "sqlx: \"set DATABASE_URL to use query macros\" in CI",
            "Run `cargo sqlx prepare` locally and commit `.sqlx/`; set `SQLX_OFFLINE=true` in CI.",
            &["rust", "sqlx", "ci"],
            Some("ledgerline"),
            Some(("ledgerline", 3)),
            4,
            4,
            0,
        ),
        (
            "batch-queries",
            KnowledgeCategory::Optimization,
            "Batch the nightly job's queries",
            "Fetch open invoices once per currency instead of once per bank line: the job went from 40 s to 3 s.",
            &["database", "performance"],
            Some("ledgerline"),
            None,
            3,
            2,
            1,
        ),
        (
            "small-sessions",
            KnowledgeCategory::BestPractice,
            "One objective per session",
            "Sessions with one objective finish within their budget far more often; split anything with an \"and\".",
            &["sessions", "credits"],
            None,
            None,
            12,
            9,
            2,
        ),
        (
            "eas-secrets",
            KnowledgeCategory::Tip,
            "Keep store keys in EAS secrets",
            "`eas secret:create` keeps the client's keys out of the repository and out of handoff bundles.",
            &["expo", "security"],
            Some("harbor"),
            Some(("harbor", 3)),
            2,
            1,
            0,
        ),
        (
            "gemini-context",
            KnowledgeCategory::Tip,
            "Give Gemini the whole repository",
            "With a 1M-token window, paste the full source tree for research sessions instead of summaries.",
            &["gemini", "context"],
            None,
            None,
            0,
            0,
            0,
        ),
    ];
    specs
        .into_iter()
        .enumerate()
        .map(|(index, (key, category, title, body, tags, project, source, usage, helped, did_not_help))| {
            let at = ago(now, 40 - 6 * index as i64, 0);
            KnowledgeEntry {
                id: id("knowledge", key),
                created_at: at,
                updated_at: at,
                deleted_at: None,
                rev: 1,
                category,
                title: title.into(),
                body: body.into(),
                tags: texts(tags),
                project_id: project.map(project_id),
                source_session_id: source.map(|(project, number)| session_id(project, number)),
                usage_count: usage,
                helped,
                did_not_help,
            }
        })
        .collect()
}

fn events(now: Timestamp, project_id: &dyn Fn(&str) -> Id) -> Vec<ActivityEvent> {
    #[allow(clippy::type_complexity)] // A table of literals reads better than a struct here.
    let specs: [(&str, i64, EventKind, RecordType, Option<Id>, &str); 6] = [
        ("imported", 90 * 24, EventKind::Imported, RecordType::Data, None, "Imported 2 accounts from the original app"),
        (
            "harbor-paused",
            20 * 24,
            EventKind::StatusChanged,
            RecordType::Project,
            Some(project_id("harbor")),
            "Paused “Harbor berth booking app”",
        ),
        (
            "docs-completed",
            37 * 24,
            EventKind::StatusChanged,
            RecordType::Project,
            Some(project_id("docs")),
            "Completed “Documentation site migration”",
        ),
        (
            "handed-off",
            11 * 24,
            EventKind::HandedOff,
            RecordType::Handoff,
            Some(id("handoffs", "ledgerline-core")),
            "Handed off session 2 of “Ledgerline bookkeeping API” to ChatGPT Plus",
        ),
        (
            "refreshed",
            24,
            EventKind::Refreshed,
            RecordType::Account,
            Some(id("accounts", "gemini")),
            "Refreshed Gemini Advanced to 400 credits",
        ),
        (
            "started",
            2,
            EventKind::Created,
            RecordType::Session,
            Some(session_id("ledgerline", 6)),
            "Started session 6 on “Ledgerline bookkeeping API”",
        ),
    ];
    specs
        .into_iter()
        .map(|(key, hours, kind, record_type, record_id, summary)| {
            let at = now.minus(Duration::hours(hours));
            ActivityEvent {
                id: id("events", key),
                created_at: at,
                updated_at: at,
                deleted_at: None,
                rev: 1,
                at,
                kind,
                record_type,
                record_id,
                summary: summary.into(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Record;
    use crate::validate;
    use std::collections::{BTreeSet, HashMap, HashSet};

    fn now() -> Timestamp {
        Timestamp::parse("2026-11-26T10:00:00Z").unwrap()
    }

    fn all<R: Record>(records: &[AnyRecord]) -> Vec<R> {
        records.iter().filter_map(|record| R::from_any_ref(record).cloned()).collect()
    }

    fn covers<T: Ord + Copy + std::fmt::Debug>(all: &[T], seen: impl IntoIterator<Item = T>) {
        let seen: BTreeSet<T> = seen.into_iter().collect();
        let missing: Vec<&T> = all.iter().filter(|value| !seen.contains(value)).collect();
        assert!(missing.is_empty(), "missing {missing:?}");
    }

    #[test]
    fn deterministic_and_ids_do_not_depend_on_now() {
        assert_eq!(sample_dataset(now()), sample_dataset(now()));
        let later = sample_dataset(now().plus(Duration::days(3)));
        let ids = |records: &[AnyRecord]| records.iter().map(AnyRecord::id).collect::<Vec<_>>();
        assert_eq!(ids(&sample_dataset(now())), ids(&later));
        let unique: HashSet<Id> = ids(&later).into_iter().collect();
        assert_eq!(unique.len(), later.len());
    }

    #[test]
    fn every_variant_is_shown() {
        let records = sample_dataset(now());
        let projects: Vec<Project> = all(&records);
        let accounts: Vec<Account> = all(&records);
        let sessions: Vec<Session> = all(&records);
        let handoffs: Vec<Handoff> = all(&records);
        assert_eq!(projects.len(), 4);
        assert_eq!(sessions.len(), 15);
        covers(ProjectStatus::ALL, projects.iter().map(|p| p.status));
        covers(Importance::ALL, projects.iter().flat_map(|p| p.state.files.iter().map(|f| f.importance)));
        covers(Platform::ALL, accounts.iter().map(|a| a.platform));
        covers(AccountStatus::ALL, accounts.iter().map(|a| a.status));
        covers(LedgerReason::ALL, all::<LedgerEntry>(&records).iter().map(|e| e.reason));
        covers(SessionType::ALL, sessions.iter().map(|s| s.session_type));
        covers(SessionStatus::ALL, sessions.iter().map(|s| s.status));
        covers(Role::ALL, all::<TranscriptTurn>(&records).iter().map(|t| t.role));
        covers(CheckpointKind::ALL, all::<Checkpoint>(&records).iter().map(|c| c.kind));
        covers(HandoffStatus::ALL, handoffs.iter().map(|h| h.status));
        covers(BundleFormat::ALL, handoffs.iter().map(|h| h.bundle.format));
        covers(KnowledgeCategory::ALL, all::<KnowledgeEntry>(&records).iter().map(|k| k.category));
        let cadences: BTreeSet<&str> = accounts.iter().map(|a| validate::refresh_kind(a.refresh)).collect();
        assert_eq!(cadences.len(), 5, "{cadences:?}");
        assert!(all::<ActivityEvent>(&records).len() >= 3);
        for project in &projects {
            let state = &project.state;
            assert!(!state.goal.is_empty() && !state.current_state.is_empty() && !state.next_steps.is_empty());
            assert!(state.decisions.iter().all(|d| !d.rejected_alternatives.is_empty() && d.decided_at.is_some()));
            assert!(!state.constraints.is_empty() && !state.files.is_empty() && !state.do_not_redo.is_empty());
        }
        let pending: BTreeSet<u8> =
            handoffs.iter().filter(|h| h.status == HandoffStatus::Pending).map(|h| h.priority).collect();
        assert!(pending.len() >= 2, "pending handoffs of different priorities");
        assert!(all::<TranscriptTurn>(&records).iter().any(|t| t.content.contains("```rust")));
        assert!(all::<KnowledgeEntry>(&records).iter().all(|k| !k.tags.is_empty()));
        assert!(all::<KnowledgeEntry>(&records)
            .iter()
            .any(|k| k.helped > 0 && k.did_not_help > 0 && k.usage_count > 0));
    }

    #[test]
    fn accounts_are_low_exhausted_blocked_and_active_for_a_reason() {
        let records = sample_dataset(now());
        let accounts: Vec<Account> = all(&records);
        let sessions: Vec<Session> = all(&records);
        let threshold = crate::rules::DEFAULT_EXHAUSTION_THRESHOLD;
        for account in &accounts {
            let busy =
                sessions.iter().any(|s| s.account_id == Some(account.id) && s.status == SessionStatus::InProgress);
            match account.status {
                AccountStatus::Exhausted => assert!(account.credits_available < threshold),
                AccountStatus::Active => assert!(busy),
                AccountStatus::Available => assert!(!busy && account.credits_available >= threshold),
                AccountStatus::Blocked => assert!(!account.notes.is_empty()),
            }
            if account.refresh != Refresh::None {
                assert!(account.next_refresh_at.is_some_and(|at| at >= now()), "{}", account.name);
            }
        }
        assert!(
            accounts.iter().any(|a| a.status == AccountStatus::Available && a.credits_available * 5 < a.credit_limit),
            "one account is low on credits"
        );
    }

    #[test]
    fn the_ledger_explains_every_balance() {
        let records = sample_dataset(now());
        let sessions: HashMap<Id, Session> = all::<Session>(&records).into_iter().map(|s| (s.id, s)).collect();
        let ledger: Vec<LedgerEntry> = all(&records);
        for account in all::<Account>(&records) {
            let mut entries: Vec<&LedgerEntry> = ledger.iter().filter(|e| e.account_id == account.id).collect();
            entries.sort_by_key(|e| e.at);
            let mut balance = 0;
            for entry in &entries {
                balance += entry.delta;
                assert_eq!(entry.balance_after, balance, "{}", account.name);
                assert!(balance >= 0);
                if entry.reason == LedgerReason::Session {
                    let session = &sessions[&entry.session_id.expect("a session entry names its session")];
                    assert_eq!(-entry.delta, session.credits_used);
                    assert_eq!(session.account_id, Some(account.id));
                }
            }
            assert_eq!(balance, account.credits_available, "{}", account.name);
        }
        for session in sessions.values().filter(|s| s.ended_at.is_some()) {
            let debits = ledger.iter().filter(|e| e.session_id == Some(session.id)).count();
            assert_eq!(debits, 1, "session {} is debited once", session.number);
        }
    }

    #[test]
    fn references_are_consistent() {
        let records = sample_dataset(now());
        let ids: HashSet<Id> = records.iter().map(AnyRecord::id).collect();
        let sessions: HashMap<Id, Session> = all::<Session>(&records).into_iter().map(|s| (s.id, s)).collect();
        let handoffs: Vec<Handoff> = all(&records);
        for session in sessions.values() {
            assert!(ids.contains(&session.project_id));
            assert!(session.account_id.is_none_or(|id| ids.contains(&id)));
            for link in [session.from_handoff_id, session.to_handoff_id].into_iter().flatten() {
                assert!(ids.contains(&link));
            }
            if session.status == SessionStatus::HandedOff {
                assert!(session.to_handoff_id.is_some(), "a handed-off session names its handoff");
            }
        }
        let mut numbers = HashSet::new();
        assert!(sessions.values().all(|s| numbers.insert((s.project_id, s.number))), "numbers unique per project");
        for turn in all::<TranscriptTurn>(&records) {
            assert!(sessions.contains_key(&turn.session_id));
        }
        let projects: Vec<Project> = all(&records);
        let checkpoints: Vec<Checkpoint> = all(&records);
        for project in &projects {
            assert!(checkpoints.iter().any(|c| c.project_id == project.id), "{} has a checkpoint", project.name);
        }
        for checkpoint in &checkpoints {
            assert!(ids.contains(&checkpoint.project_id));
            assert!(checkpoint.session_id.is_none_or(|id| sessions[&id].project_id == checkpoint.project_id));
        }
        for handoff in &handoffs {
            assert!(ids.contains(&handoff.project_id));
            for link in [handoff.from_account_id, handoff.to_account_id, handoff.checkpoint_id].into_iter().flatten() {
                assert!(ids.contains(&link));
            }
            if let Some(from) = handoff.from_session_id {
                assert_eq!(sessions[&from].to_handoff_id, Some(handoff.id));
            }
            match handoff.status {
                HandoffStatus::Completed => {
                    let result = &sessions[&handoff.result_session_id.expect("a completed handoff has its session")];
                    assert_eq!(result.from_handoff_id, Some(handoff.id));
                    assert!(handoff.finished_at.is_some());
                }
                HandoffStatus::Failed => assert!(!handoff.failure_reason.is_empty()),
                _ => assert!(handoff.result_session_id.is_none() && handoff.finished_at.is_none()),
            }
            assert!((1..=10).contains(&handoff.priority));
        }
        for entry in all::<KnowledgeEntry>(&records) {
            assert!(entry.project_id.is_none_or(|id| ids.contains(&id)));
            assert!(entry.source_session_id.is_none_or(|id| ids.contains(&id)));
        }
        for event in all::<ActivityEvent>(&records) {
            assert!(event.record_id.is_none_or(|id| ids.contains(&id)), "{}", event.summary);
        }
    }

    #[test]
    fn every_record_passes_the_apps_rules_and_round_trips() {
        let records = sample_dataset(now());
        for project in all::<Project>(&records) {
            let fields = validate::project(&validate::ProjectDraft::from(&project)).expect("a valid project");
            assert_eq!(fields.tags, project.tags);
            assert_eq!(validate::living_state(&project.state).as_ref(), Ok(&project.state), "{}", project.name);
        }
        let accounts: Vec<Account> = all(&records);
        for account in &accounts {
            let others: Vec<String> = accounts.iter().filter(|a| a.id != account.id).map(|a| a.name.clone()).collect();
            let fields = validate::account(&validate::AccountDraft::from(account), &others).expect("a valid account");
            assert_eq!((fields.credits_available, fields.refresh), (account.credits_available, account.refresh));
        }
        for record in &records {
            let name = crate::with_any_record!(record, r => r.display_name());
            assert!((1..=validate::NAME_MAX).contains(&name.chars().count()), "{name}");
            let json = record.to_json();
            assert_eq!(&AnyRecord::from_json(record.store(), json).expect("reads back"), record);
        }
        for session in all::<Session>(&records) {
            assert!(session.title.chars().count() <= validate::NAME_MAX);
            assert!(session.ended_at.is_none_or(|end| end >= session.started_at && end <= now()));
        }
    }
}
