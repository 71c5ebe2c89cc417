//! What the index holds and returns: the searchable document made from a record, and a hit
//! with its snippet.

use super::*;

/// The kinds of searchable record, in the order their groups are listed on a tie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    Project,
    Account,
    Session,
    Turn,
    Checkpoint,
    Handoff,
    Knowledge,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Project,
        DocKind::Account,
        DocKind::Session,
        DocKind::Turn,
        DocKind::Checkpoint,
        DocKind::Handoff,
        DocKind::Knowledge,
    ];

    /// The group's heading.
    pub fn group_label(&self) -> &'static str {
        match self {
            DocKind::Project => "Projects",
            DocKind::Account => "Accounts",
            DocKind::Session => "Sessions",
            DocKind::Turn => "Transcripts",
            DocKind::Checkpoint => "Checkpoints",
            DocKind::Handoff => "Handoffs",
            DocKind::Knowledge => "Knowledge",
        }
    }

    pub(super) fn position(&self) -> usize {
        *self as usize
    }
}

/// A searchable document: what the index keeps of one record.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchDoc {
    pub id: Id,
    pub kind: DocKind,
    /// The name or title (fuzzy-matched); empty for turns and handoffs (named from their parent).
    pub title: String,
    /// A short static description shown beside the title (status, platform, category).
    pub subtitle: String,
    /// The project of a session, checkpoint, handoff or knowledge entry; the session of a turn.
    pub parent: Option<Id>,
    /// The turn's sequence number (turns are shown as "Turn N").
    pub number: Option<u32>,
    /// Unix milliseconds of the last change: newer wins a tie.
    pub recency: i64,
    /// The body fields: a label for the snippet ("Objectives") and the text.
    pub fields: Vec<(&'static str, String)>,
}

impl SearchDoc {
    /// The document of a record, or `None` for a trashed record or a type that is not searched
    /// (ledger, events, backups).
    pub fn from_record(record: &AnyRecord) -> Option<SearchDoc> {
        if record.deleted_at().is_some() {
            return None;
        }
        let fields_of = |pairs: Vec<(&'static str, String)>| -> Vec<(&'static str, String)> {
            pairs.into_iter().filter(|(_, text)| !text.trim().is_empty()).collect()
        };
        let doc = match record {
            AnyRecord::Project(project) => SearchDoc {
                id: project.id,
                kind: DocKind::Project,
                title: project.name.clone(),
                subtitle: project.status.english().to_string(),
                parent: None,
                number: None,
                recency: project.updated_at.unix_millis(),
                fields: fields_of(vec![
                    ("Description", project.description.clone()),
                    ("Tags", project.tags.join(", ")),
                    ("Goal", project.state.goal.clone()),
                ]),
            },
            AnyRecord::Account(account) => SearchDoc {
                id: account.id,
                kind: DocKind::Account,
                title: account.name.clone(),
                subtitle: if account.platform_label.trim().is_empty() {
                    account.platform.english().to_string()
                } else {
                    account.platform_label.clone()
                },
                parent: None,
                number: None,
                recency: account.updated_at.unix_millis(),
                fields: fields_of(vec![("Specialisations", account.specializations.join(", "))]),
            },
            AnyRecord::Session(session) => SearchDoc {
                id: session.id,
                kind: DocKind::Session,
                title: session.display_name(),
                subtitle: session.status.english().to_string(),
                parent: Some(session.project_id),
                number: Some(session.number),
                recency: session.updated_at.unix_millis(),
                fields: fields_of(vec![
                    ("Objectives", session.objectives.clone()),
                    ("Accomplishments", session.accomplishments.clone()),
                    ("Blockers", session.blockers.clone()),
                    ("State", session.state_notes.clone()),
                    ("Next steps", session.next_steps.clone()),
                    ("Decisions", session.decisions.clone()),
                    ("Notes", session.notes.clone()),
                ]),
            },
            AnyRecord::Turn(turn) => SearchDoc {
                id: turn.id,
                kind: DocKind::Turn,
                title: String::new(),
                // The snippet names the role ("Assistant: …").
                subtitle: String::new(),
                parent: Some(turn.session_id),
                number: Some(turn.seq),
                recency: turn.updated_at.unix_millis(),
                fields: fields_of(vec![(turn.role.english(), turn.content.clone())]),
            },
            AnyRecord::Checkpoint(checkpoint) => SearchDoc {
                id: checkpoint.id,
                kind: DocKind::Checkpoint,
                title: checkpoint.display_name(),
                subtitle: checkpoint.kind.english().to_string(),
                parent: Some(checkpoint.project_id),
                number: None,
                recency: checkpoint.updated_at.unix_millis(),
                fields: fields_of(vec![("Note", checkpoint.note.clone())]),
            },
            AnyRecord::Handoff(handoff) => SearchDoc {
                id: handoff.id,
                kind: DocKind::Handoff,
                title: String::new(),
                subtitle: handoff.status.english().to_string(),
                parent: Some(handoff.project_id),
                number: None,
                recency: handoff.updated_at.unix_millis(),
                fields: fields_of(vec![("Bundle", handoff.bundle.text.clone())]),
            },
            AnyRecord::Knowledge(entry) => SearchDoc {
                id: entry.id,
                kind: DocKind::Knowledge,
                title: entry.title.clone(),
                subtitle: entry.category.english().to_string(),
                parent: entry.project_id,
                number: None,
                recency: entry.updated_at.unix_millis(),
                fields: fields_of(vec![("Body", entry.body.clone()), ("Tags", entry.tags.join(", "))]),
            },
            AnyRecord::Ledger(_) | AnyRecord::Event(_) | AnyRecord::Backup(_) | AnyRecord::BackupDocument(_) => {
                return None
            }
        };
        Some(doc)
    }
}

/// A piece of a snippet: plain text, marked when it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// The text around the first match in a body field, with the matching words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The field's label ("Objectives", "User", "Bundle").
    pub field: &'static str,
    pub parts: Vec<SnippetPart>,
}

impl Snippet {
    /// The snippet as one plain string (for tests and accessible names).
    pub fn text(&self) -> String {
        self.parts.iter().map(|part| part.text.as_str()).collect()
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub id: Id,
    pub kind: DocKind,
    /// What to call it: the name, "Turn 3", "Handoff for Parser".
    pub title: String,
    /// Where it belongs and what it is: "Parser · Completed", "Session 2: Lexer · Assistant".
    pub context: String,
    pub parent: Option<Id>,
    pub snippet: Option<Snippet>,
    pub score: f32,
}

impl Hit {
    /// The app path that opens the hit: its page, or the page that shows it.
    pub fn path(&self) -> String {
        let parent = |prefix: &str, fallback: &str| match self.parent {
            Some(parent) => format!("{prefix}{parent}"),
            None => fallback.to_string(),
        };
        match self.kind {
            DocKind::Project => format!("/projects/{}", self.id),
            DocKind::Account => format!("/accounts/{}", self.id),
            DocKind::Session => format!("/sessions/{}", self.id),
            DocKind::Turn => parent("/sessions/", "/sessions"),
            DocKind::Checkpoint => parent("/projects/", "/projects"),
            DocKind::Handoff => format!("/handoffs?open={}", self.id),
            DocKind::Knowledge => "/knowledge".to_string(),
        }
    }
}
