//! Every record of the data model, with its fields and enums (see `spec/data-model.md`).
//!
//! Common fields (`id`, `created_at`, `updated_at`, `deleted_at`, `rev`) are written out in each
//! struct rather than flattened, so serialisation keeps one fixed field order (canonical exports)
//! and stays fast.

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a plain string enum with its stored name and its English name. People read the
/// value in the interface language, worded by the app's catalogue (`src/i18n/core_text.rs`);
/// the English name is for the texts the core itself writes in English.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored name (also used in the export file and in URLs).
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The English name, for texts the core writes in English (stored activity summaries,
            /// the search index's subtitles, English bundles). Not for the interface.
            pub fn english(&self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text.trim().to_ascii_lowercase().as_str() { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.english()) }
        }
    };
}

text_enum!(ProjectStatus {
    Active => "active", "Active",
    Paused => "paused", "Paused",
    Completed => "completed", "Completed",
    Archived => "archived", "Archived",
});

text_enum!(Platform {
    Genspark => "genspark", "Genspark",
    Claude => "claude", "Claude",
    Chatgpt => "chatgpt", "ChatGPT",
    Gemini => "gemini", "Gemini",
    Other => "other", "Other",
});

impl Platform {
    /// Context window a new account of this platform starts with (editable per account).
    pub fn default_context_window(&self) -> u32 {
        match self {
            Platform::Claude => 200_000,
            Platform::Chatgpt => 128_000,
            Platform::Gemini => 1_000_000,
            Platform::Genspark => 128_000,
            Platform::Other => 32_000,
        }
    }
}

text_enum!(AccountStatus {
    Available => "available", "Available",
    Active => "active", "Active",
    Exhausted => "exhausted", "Exhausted",
    Blocked => "blocked", "Blocked",
});

text_enum!(LedgerReason {
    Session => "session", "Session",
    Refresh => "refresh", "Refresh",
    Manual => "manual", "Manual adjustment",
    Import => "import", "Import",
});

text_enum!(SessionType {
    Development => "development", "Development",
    Bugfix => "bugfix", "Bug fix",
    Feature => "feature", "Feature",
    Refactor => "refactor", "Refactor",
    Deployment => "deployment", "Deployment",
    Research => "research", "Research",
    Other => "other", "Other",
});

text_enum!(SessionStatus {
    InProgress => "in_progress", "In progress",
    Completed => "completed", "Completed",
    Failed => "failed", "Failed",
    HandedOff => "handed_off", "Handed off",
});

text_enum!(Role {
    User => "user", "User",
    Assistant => "assistant", "Assistant",
    System => "system", "System",
    Tool => "tool", "Tool",
});

text_enum!(CheckpointKind {
    Checkpoint => "checkpoint", "Checkpoint",
    Handoff => "handoff", "Handoff",
    Backup => "backup", "Backup",
});

text_enum!(HandoffStatus {
    Pending => "pending", "Pending",
    Processing => "processing", "Processing",
    Completed => "completed", "Completed",
    Failed => "failed", "Failed",
});

text_enum!(BundleFormat {
    Markdown => "markdown", "Markdown",
    Xml => "xml", "XML-tagged",
    Plain => "plain", "Plain text",
    Json => "json", "JSON",
    Classic => "classic", "Classic",
});

text_enum!(KnowledgeCategory {
    Pattern => "pattern", "Pattern",
    ErrorSolution => "error_solution", "Error solution",
    Optimization => "optimization", "Optimization",
    BestPractice => "best_practice", "Best practice",
    Tip => "tip", "Tip",
});

text_enum!(Importance {
    Critical => "critical", "Critical",
    High => "high", "High",
    Normal => "normal", "Normal",
    Low => "low", "Low",
});

text_enum!(EventKind {
    Created => "created", "Created",
    Updated => "updated", "Updated",
    StatusChanged => "status_changed", "Status changed",
    Deleted => "deleted", "Moved to trash",
    Restored => "restored", "Restored",
    Purged => "purged", "Deleted for good",
    Imported => "imported", "Imported",
    Exported => "exported", "Exported",
    HandedOff => "handed_off", "Handed off",
    CreditsChanged => "credits_changed", "Credits changed",
    Refreshed => "refreshed", "Credits refreshed",
});

text_enum!(RecordType {
    Project => "project", "Project",
    Account => "account", "Account",
    Ledger => "ledger", "Ledger entry",
    Session => "session", "Session",
    Turn => "turn", "Transcript turn",
    Checkpoint => "checkpoint", "Checkpoint",
    Handoff => "handoff", "Handoff",
    Knowledge => "knowledge", "Knowledge entry",
    Event => "event", "Activity event",
    Backup => "backup", "Backup",
    Data => "data", "Data",
});

text_enum!(BackupReason {
    BeforeImport => "before_import", "Before import",
    BeforeRestore => "before_restore", "Before restore",
    BeforeDeleteAll => "before_delete_all", "Before deleting all data",
    BeforeRemovingSample => "before_removing_sample", "Before removing the sample data",
    Scheduled => "scheduled", "Weekly",
    Manual => "manual", "On demand",
});

/// How often an account's credits come back to its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refresh {
    #[default]
    None,
    Daily,
    Weekly,
    Monthly,
    EveryNDays {
        days: u32,
    },
}

/// A decision with why it was taken and what was rejected, so the next assistant does not
/// reopen it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Decision {
    pub text: String,
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub rejected_alternatives: Vec<String>,
    #[serde(default)]
    pub decided_at: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyFile {
    pub path: String,
    pub importance: Importance,
    #[serde(default)]
    pub notes: String,
}

/// A project's living state: what the handoff reads, the return report updates and a checkpoint
/// copies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct LivingState {
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub current_state: String,
    #[serde(default)]
    pub next_steps: Vec<String>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub constraints: Vec<String>,
    #[serde(default)]
    pub files: Vec<KeyFile>,
    #[serde(default)]
    pub do_not_redo: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub status: ProjectStatus,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub repository_url: Option<String>,
    /// Free notes (the original app's context documents land here).
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub state: LivingState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub name: String,
    pub platform: Platform,
    /// The platform's name when `platform` is `other`.
    #[serde(default)]
    pub platform_label: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub specializations: Vec<String>,
    pub credits_available: i64,
    pub credit_limit: i64,
    #[serde(default)]
    pub refresh: Refresh,
    #[serde(default)]
    pub next_refresh_at: Option<Timestamp>,
    pub context_window_tokens: u32,
    #[serde(default)]
    pub notes: String,
    pub status: AccountStatus,
    /// The language of the bundles built for this account (its conversations'); `None` follows
    /// the interface language (see `handoff::language_for`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_language: Option<crate::locale::Language>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub account_id: Id,
    pub at: Timestamp,
    pub delta: i64,
    pub balance_after: i64,
    pub reason: LedgerReason,
    #[serde(default)]
    pub session_id: Option<Id>,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub project_id: Id,
    #[serde(default)]
    pub account_id: Option<Id>,
    /// The account's name when the session was run, so history survives the account's deletion.
    #[serde(default)]
    pub account_label: String,
    pub number: u32,
    #[serde(rename = "type")]
    pub session_type: SessionType,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub objectives: String,
    pub status: SessionStatus,
    pub started_at: Timestamp,
    #[serde(default)]
    pub ended_at: Option<Timestamp>,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    #[serde(default)]
    pub credit_budget: Option<i64>,
    #[serde(default)]
    pub credits_used: i64,
    #[serde(default)]
    pub accomplishments: String,
    #[serde(default)]
    pub blockers: String,
    #[serde(default)]
    pub state_notes: String,
    #[serde(default)]
    pub next_steps: String,
    #[serde(default)]
    pub decisions: String,
    /// Anything else: unknown report sections, the original app's handoff notes.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub from_handoff_id: Option<Id>,
    #[serde(default)]
    pub to_handoff_id: Option<Id>,
}

impl Session {
    /// The report as the session page lists it: (title, trimmed text) in the page's order, an
    /// unwritten section as "".
    pub fn report_sections(&self) -> [(&'static str, &str); 5] {
        [
            ("Accomplishments", self.accomplishments.trim()),
            ("Blockers", self.blockers.trim()),
            ("State notes", self.state_notes.trim()),
            ("Next steps", self.next_steps.trim()),
            ("Decisions", self.decisions.trim()),
        ]
    }

    /// Whether any section of the report is written.
    pub fn has_report(&self) -> bool {
        self.report_sections().iter().any(|(_, text)| !text.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TranscriptTurn {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub session_id: Id,
    pub seq: u32,
    pub role: Role,
    pub content: String,
    #[serde(default)]
    pub at: Option<Timestamp>,
    #[serde(default)]
    pub tokens: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub project_id: Id,
    #[serde(default)]
    pub session_id: Option<Id>,
    pub kind: CheckpointKind,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub git_ref: Option<String>,
    pub state: LivingState,
    #[serde(default)]
    pub file_count: Option<u32>,
    #[serde(default)]
    pub code_lines: Option<u32>,
}

/// What a lint found in a bundle, kept with the handoff as it was when copied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LintNote {
    pub kind: String,
    pub severity: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: BundleFormat,
    pub target_platform: Platform,
    pub budget: u32,
    pub estimated_tokens: u32,
    #[serde(default)]
    pub sections: Vec<String>,
    #[serde(default)]
    pub trimmed: Vec<String>,
    #[serde(default)]
    pub lint: Vec<LintNote>,
    /// Exactly the text that was copied.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub project_id: Id,
    #[serde(default)]
    pub from_session_id: Option<Id>,
    #[serde(default)]
    pub from_account_id: Option<Id>,
    #[serde(default)]
    pub to_account_id: Option<Id>,
    pub priority: u8,
    pub status: HandoffStatus,
    #[serde(default)]
    pub failure_reason: String,
    pub queued_at: Timestamp,
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    #[serde(default)]
    pub finished_at: Option<Timestamp>,
    #[serde(default)]
    pub checkpoint_id: Option<Id>,
    #[serde(default)]
    pub result_session_id: Option<Id>,
    pub bundle: Bundle,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeEntry {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub category: KnowledgeCategory,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Empty means it applies to every project.
    #[serde(default)]
    pub project_id: Option<Id>,
    #[serde(default)]
    pub source_session_id: Option<Id>,
    #[serde(default)]
    pub usage_count: u32,
    #[serde(default)]
    pub helped: u32,
    #[serde(default)]
    pub did_not_help: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityEvent {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub at: Timestamp,
    pub kind: EventKind,
    pub record_type: RecordType,
    #[serde(default)]
    pub record_id: Option<Id>,
    pub summary: String,
}

/// An automatic backup (the last 10 are kept inside the browser): what it is, without its
/// document, so listing backups reads a few fields each rather than whole exports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub at: Timestamp,
    pub reason: BackupReason,
    pub counts: std::collections::BTreeMap<String, u64>,
    /// The size of the document in bytes (what a download weighs).
    pub bytes: u64,
}

/// A backup's export document, as text, under the backup's id (its own store: see [`Backup`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupDocument {
    pub id: Id,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub deleted_at: Option<Timestamp>,
    #[serde(default)]
    pub rev: u64,
    pub document: String,
}

/// The fields every record shares.
pub trait Record: Clone + fmt::Debug + Serialize + serde::de::DeserializeOwned + 'static {
    const STORE: StoreName;
    const TYPE: RecordType;
    fn id(&self) -> Id;
    fn deleted_at(&self) -> Option<Timestamp>;
    fn set_deleted_at(&mut self, at: Option<Timestamp>);
    fn rev(&self) -> u64;
    fn updated_at(&self) -> Timestamp;
    /// Marks a change: raises `rev` and sets `updated_at`.
    fn touch(&mut self, now: Timestamp);
    fn into_any(self) -> AnyRecord;
    fn from_any(any: AnyRecord) -> Option<Self>;
    fn from_any_ref(any: &AnyRecord) -> Option<&Self>;
    /// A short name for messages and the activity log.
    fn display_name(&self) -> String;
}

/// The object stores, one per record type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreName {
    Projects,
    Accounts,
    Ledger,
    Sessions,
    Turns,
    Checkpoints,
    Handoffs,
    Knowledge,
    Events,
    Backups,
    BackupDocuments,
}

impl StoreName {
    pub const ALL: [StoreName; 11] = [
        StoreName::Projects,
        StoreName::Accounts,
        StoreName::Ledger,
        StoreName::Sessions,
        StoreName::Turns,
        StoreName::Checkpoints,
        StoreName::Handoffs,
        StoreName::Knowledge,
        StoreName::Events,
        StoreName::Backups,
        StoreName::BackupDocuments,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            StoreName::Projects => "projects",
            StoreName::Accounts => "accounts",
            StoreName::Ledger => "ledger",
            StoreName::Sessions => "sessions",
            StoreName::Turns => "turns",
            StoreName::Checkpoints => "checkpoints",
            StoreName::Handoffs => "handoffs",
            StoreName::Knowledge => "knowledge",
            StoreName::Events => "events",
            StoreName::Backups => "backups",
            StoreName::BackupDocuments => "backup_documents",
        }
    }

    pub fn parse(text: &str) -> Option<StoreName> {
        StoreName::ALL.into_iter().find(|store| store.as_str() == text)
    }
}

impl fmt::Display for StoreName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Any record, for writes that span stores and for the export codec.
#[derive(Clone, Debug, PartialEq)]
pub enum AnyRecord {
    Project(Project),
    Account(Account),
    Ledger(LedgerEntry),
    Session(Session),
    Turn(TranscriptTurn),
    Checkpoint(Checkpoint),
    Handoff(Handoff),
    Knowledge(KnowledgeEntry),
    Event(ActivityEvent),
    Backup(Backup),
    BackupDocument(BackupDocument),
}

/// Calls `$body` with `$record` bound to the inner record of an [`AnyRecord`].
#[macro_export]
macro_rules! with_any_record {
    ($any:expr, $record:ident => $body:expr) => {
        match $any {
            $crate::records::AnyRecord::Project($record) => $body,
            $crate::records::AnyRecord::Account($record) => $body,
            $crate::records::AnyRecord::Ledger($record) => $body,
            $crate::records::AnyRecord::Session($record) => $body,
            $crate::records::AnyRecord::Turn($record) => $body,
            $crate::records::AnyRecord::Checkpoint($record) => $body,
            $crate::records::AnyRecord::Handoff($record) => $body,
            $crate::records::AnyRecord::Knowledge($record) => $body,
            $crate::records::AnyRecord::Event($record) => $body,
            $crate::records::AnyRecord::Backup($record) => $body,
            $crate::records::AnyRecord::BackupDocument($record) => $body,
        }
    };
}

impl AnyRecord {
    pub fn store(&self) -> StoreName {
        with_any_record!(self, record => record_store(record))
    }

    pub fn id(&self) -> Id {
        with_any_record!(self, record => record.id())
    }

    pub fn deleted_at(&self) -> Option<Timestamp> {
        with_any_record!(self, record => record.deleted_at())
    }

    pub fn to_json(&self) -> serde_json::Value {
        with_any_record!(self, record => serde_json::to_value(record).expect("records always serialise"))
    }

    pub fn from_json(store: StoreName, value: serde_json::Value) -> Result<AnyRecord, serde_json::Error> {
        Ok(match store {
            StoreName::Projects => AnyRecord::Project(serde_json::from_value(value)?),
            StoreName::Accounts => AnyRecord::Account(serde_json::from_value(value)?),
            StoreName::Ledger => AnyRecord::Ledger(serde_json::from_value(value)?),
            StoreName::Sessions => AnyRecord::Session(serde_json::from_value(value)?),
            StoreName::Turns => AnyRecord::Turn(serde_json::from_value(value)?),
            StoreName::Checkpoints => AnyRecord::Checkpoint(serde_json::from_value(value)?),
            StoreName::Handoffs => AnyRecord::Handoff(serde_json::from_value(value)?),
            StoreName::Knowledge => AnyRecord::Knowledge(serde_json::from_value(value)?),
            StoreName::Events => AnyRecord::Event(serde_json::from_value(value)?),
            StoreName::Backups => AnyRecord::Backup(serde_json::from_value(value)?),
            StoreName::BackupDocuments => AnyRecord::BackupDocument(serde_json::from_value(value)?),
        })
    }
}

fn record_store<R: Record>(_: &R) -> StoreName {
    R::STORE
}

macro_rules! impl_record {
    ($type:ident, $variant:ident, $store:ident, $record_type:ident, |$this:ident| $name:expr) => {
        impl Record for $type {
            const STORE: StoreName = StoreName::$store;
            const TYPE: RecordType = RecordType::$record_type;
            fn id(&self) -> Id {
                self.id
            }
            fn deleted_at(&self) -> Option<Timestamp> {
                self.deleted_at
            }
            fn set_deleted_at(&mut self, at: Option<Timestamp>) {
                self.deleted_at = at;
            }
            fn rev(&self) -> u64 {
                self.rev
            }
            fn updated_at(&self) -> Timestamp {
                self.updated_at
            }
            fn touch(&mut self, now: Timestamp) {
                self.rev = crate::rules::bump(self.rev);
                self.updated_at = now;
            }
            fn into_any(self) -> AnyRecord {
                AnyRecord::$variant(self)
            }
            fn from_any(any: AnyRecord) -> Option<Self> {
                match any {
                    AnyRecord::$variant(record) => Some(record),
                    _ => None,
                }
            }
            fn from_any_ref(any: &AnyRecord) -> Option<&Self> {
                match any {
                    AnyRecord::$variant(record) => Some(record),
                    _ => None,
                }
            }
            fn display_name(&self) -> String {
                let $this = self;
                $name
            }
        }
    };
}

impl_record!(Project, Project, Projects, Project, |p| p.name.clone());
impl_record!(Account, Account, Accounts, Account, |a| a.name.clone());
impl_record!(LedgerEntry, Ledger, Ledger, Ledger, |l| format!("{:+} credits", l.delta));
impl_record!(Session, Session, Sessions, Session, |s| if s.title.is_empty() {
    format!("Session {}", s.number)
} else {
    format!("Session {}: {}", s.number, s.title)
});
impl_record!(TranscriptTurn, Turn, Turns, Turn, |t| format!("Turn {}", t.seq));
impl_record!(Checkpoint, Checkpoint, Checkpoints, Checkpoint, |c| if c.label.is_empty() {
    "Checkpoint".to_string()
} else {
    c.label.clone()
});
impl_record!(Handoff, Handoff, Handoffs, Handoff, |h| format!("Handoff ({})", h.bundle.format.english()));
impl_record!(KnowledgeEntry, Knowledge, Knowledge, Knowledge, |k| k.title.clone());
impl_record!(ActivityEvent, Event, Events, Event, |e| e.summary.clone());
impl_record!(Backup, Backup, Backups, Backup, |b| format!("Backup {}", b.at));
impl_record!(BackupDocument, BackupDocument, BackupDocuments, Backup, |d| format!("Backup document {}", d.id));
