//! A knowledge entry as the form edits it: new, from an entry, or drafted from a session's report
//! ("Save as knowledge"). The checks are [`crate::validate::knowledge`]; storing is the service's.

use crate::ids::Id;
use crate::records::{KnowledgeCategory, KnowledgeEntry, Session};

#[derive(Clone, Debug, PartialEq)]
pub struct KnowledgeDraft {
    pub category: KnowledgeCategory,
    pub title: String,
    pub body: String,
    pub tags: String,
    pub project_id: Option<Id>,
    pub source_session_id: Option<Id>,
}

impl KnowledgeDraft {
    pub fn new(category: KnowledgeCategory) -> KnowledgeDraft {
        KnowledgeDraft {
            category,
            title: String::new(),
            body: String::new(),
            tags: String::new(),
            project_id: None,
            source_session_id: None,
        }
    }

    pub fn from_entry(entry: &KnowledgeEntry) -> KnowledgeDraft {
        KnowledgeDraft {
            category: entry.category,
            title: entry.title.clone(),
            body: entry.body.clone(),
            tags: entry.tags.join(", "),
            project_id: entry.project_id,
            source_session_id: entry.source_session_id,
        }
    }

    /// A pattern scoped to the session's project, titled after the session, its body the
    /// report's lessons: accomplishments, decisions, state notes and blockers, each under a bold
    /// heading, empty ones left out. Next steps are left out too: they are the project's, not
    /// knowledge.
    pub fn from_report(session: &Session) -> KnowledgeDraft {
        let body: Vec<String> = [
            ("Accomplishments", &session.accomplishments),
            ("Decisions", &session.decisions),
            ("State notes", &session.state_notes),
            ("Blockers", &session.blockers),
        ]
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(title, text)| format!("**{title}**\n\n{}", text.trim()))
        .collect();
        KnowledgeDraft {
            title: if session.title.is_empty() {
                format!("From session {}", session.number)
            } else {
                session.title.clone()
            },
            body: body.join("\n\n"),
            project_id: Some(session.project_id),
            source_session_id: Some(session.id),
            ..KnowledgeDraft::new(KnowledgeCategory::Pattern)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{SessionStatus, SessionType};
    use crate::time::Timestamp;

    fn session() -> Session {
        let at = Timestamp::parse("2026-03-04T10:00:00Z").unwrap();
        Session {
            id: Id::v7(1_767_225_600_001, [1; 10]),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: 1,
            project_id: Id::v7(1_767_225_600_002, [2; 10]),
            account_id: None,
            account_label: String::new(),
            number: 7,
            session_type: SessionType::Feature,
            title: String::new(),
            objectives: String::new(),
            status: SessionStatus::Completed,
            started_at: at,
            ended_at: Some(at),
            duration_minutes: None,
            credit_budget: None,
            credits_used: 0,
            accomplishments: "  Parsed supplier B  ".into(),
            blockers: String::new(),
            state_notes: "Tables next".into(),
            next_steps: "Write the CSV writer".into(),
            decisions: "Use lopdf — it reads the fonts".into(),
            notes: String::new(),
            from_handoff_id: None,
            to_handoff_id: None,
        }
    }

    #[test]
    fn a_report_becomes_a_pattern_of_its_lessons() {
        let session = session();
        let draft = KnowledgeDraft::from_report(&session);
        assert_eq!(draft.title, "From session 7");
        assert_eq!(draft.category, KnowledgeCategory::Pattern);
        assert_eq!(
            draft.body,
            "**Accomplishments**\n\nParsed supplier B\n\n**Decisions**\n\nUse lopdf — it reads the fonts\n\n**State notes**\n\nTables next"
        );
        assert!(!draft.body.contains("CSV writer"), "next steps stay with the project");
        assert_eq!(draft.project_id, Some(session.project_id));
        assert_eq!(draft.source_session_id, Some(session.id));
        assert_eq!(draft.tags, "");
    }

    #[test]
    fn a_titled_session_lends_its_title_and_an_empty_report_an_empty_body() {
        let mut session = session();
        session.title = "PDF tables".into();
        session.accomplishments = " \n ".into();
        session.decisions.clear();
        session.state_notes.clear();
        let draft = KnowledgeDraft::from_report(&session);
        assert_eq!(draft.title, "PDF tables");
        assert_eq!(draft.body, "");
        assert!(session.has_report(), "blockers and next steps are still written");
        session.next_steps = "\n".into();
        assert!(!session.has_report());
    }

    #[test]
    fn the_report_lists_in_the_page_order_trimmed() {
        let session = session();
        let sections = session.report_sections();
        let titles: Vec<&str> = sections.iter().map(|(title, _)| *title).collect();
        assert_eq!(titles, ["Accomplishments", "Blockers", "State notes", "Next steps", "Decisions"]);
        assert_eq!(sections[0].1, "Parsed supplier B");
        assert_eq!(sections[1].1, "");
        assert!(session.has_report());
    }
}
