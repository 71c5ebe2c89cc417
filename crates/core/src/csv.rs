//! CSV reports that open correctly in a spreadsheet: RFC 4180 quoting (fields with commas, quotes
//! or line breaks are quoted, quotes doubled), CRLF line ends, UTF-8 with a byte-order mark (so
//! spreadsheet programs do not guess another encoding), ISO 8601 dates, and formula-looking text
//! prefixed with an apostrophe so a spreadsheet never runs it.

use crate::records::{LedgerEntry, Session};

/// One field, quoted when needed.
pub fn field(text: &str) -> String {
    // Text that a spreadsheet would take for a formula is neutralised (CSV injection).
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) || guarded.starts_with(' ') || guarded.ends_with(' ') {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A whole CSV document: the header row, then the rows.
pub fn document(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.iter().map(|name| field(name)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|value| field(value)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The header row of the sessions file, in the interface language (the file a person downloads
/// reads in their language; the values stay the stored names and ISO dates, so it imports back).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionHeaders<'a> {
    pub id: &'a str,
    pub project: &'a str,
    pub number: &'a str,
    pub title: &'a str,
    pub session_type: &'a str,
    pub status: &'a str,
    pub account: &'a str,
    pub started_at: &'a str,
    pub ended_at: &'a str,
    pub duration_minutes: &'a str,
    pub credit_budget: &'a str,
    pub credits_used: &'a str,
    pub objectives: &'a str,
    pub accomplishments: &'a str,
    pub blockers: &'a str,
    pub next_steps: &'a str,
}

impl SessionHeaders<'_> {
    fn row(&self) -> [&str; 16] {
        [
            self.id,
            self.project,
            self.number,
            self.title,
            self.session_type,
            self.status,
            self.account,
            self.started_at,
            self.ended_at,
            self.duration_minutes,
            self.credit_budget,
            self.credits_used,
            self.objectives,
            self.accomplishments,
            self.blockers,
            self.next_steps,
        ]
    }
}

/// Sessions as CSV; `project_name` gives each session's project name.
pub fn sessions(
    sessions: &[Session],
    headers: &SessionHeaders<'_>,
    project_name: impl Fn(&Session) -> String,
) -> String {
    document(
        &headers.row(),
        sessions.iter().map(|session| {
            vec![
                session.id.to_string(),
                project_name(session),
                session.number.to_string(),
                session.title.clone(),
                session.session_type.as_str().to_string(),
                session.status.as_str().to_string(),
                session.account_label.clone(),
                session.started_at.to_text(),
                session.ended_at.map(|at| at.to_text()).unwrap_or_default(),
                session.duration_minutes.map(|minutes| minutes.to_string()).unwrap_or_default(),
                session.credit_budget.map(|budget| budget.to_string()).unwrap_or_default(),
                session.credits_used.to_string(),
                session.objectives.clone(),
                session.accomplishments.clone(),
                session.blockers.clone(),
                session.next_steps.clone(),
            ]
        }),
    )
}

/// The header row of an account's ledger file, in the interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerHeaders<'a> {
    pub at: &'a str,
    pub account: &'a str,
    pub delta: &'a str,
    pub balance_after: &'a str,
    pub reason: &'a str,
    pub session_id: &'a str,
    pub note: &'a str,
}

/// Ledger entries as CSV, for one account.
pub fn ledger(entries: &[LedgerEntry], headers: &LedgerHeaders<'_>, account_name: &str) -> String {
    let LedgerHeaders { at, account, delta, balance_after, reason, session_id, note } = *headers;
    document(
        &[at, account, delta, balance_after, reason, session_id, note],
        entries.iter().map(|entry| {
            vec![
                entry.at.to_text(),
                account_name.to_string(),
                entry.delta.to_string(),
                entry.balance_after.to_string(),
                entry.reason.as_str().to_string(),
                entry.session_id.map(|id| id.to_string()).unwrap_or_default(),
                entry.note.clone(),
            ]
        }),
    )
}

/// Parses CSV written by [`document`] back into rows (used by tests and to check round trips).
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, other) => field.push(other),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, other) => field.push(other),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quotes_commas_newlines_and_non_ascii() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("Größe – 日本語"), "Größe – 日本語");
        assert_eq!(field(" padded "), "\" padded \"");
    }

    #[test]
    fn formulas_are_neutralised_but_numbers_stay() {
        assert_eq!(field("=SUM(A1:A3)"), "'=SUM(A1:A3)");
        assert_eq!(field("@cmd"), "'@cmd");
        assert_eq!(field("-12"), "-12");
        assert_eq!(field("+5"), "+5");
    }

    #[test]
    fn a_document_has_a_bom_crlf_rows_and_parses_back() {
        let doc = document(&["a", "b"], vec![vec!["1".into(), "x, \"y\"\nz".into()], vec!["".into(), "é".into()]]);
        assert!(doc.starts_with('\u{feff}'));
        assert!(doc.contains("\r\n"));
        assert_eq!(parse(&doc), vec![vec!["a", "b"], vec!["1", "x, \"y\"\nz"], vec!["", "é"]]);
    }

    pub(crate) const SESSION_HEADERS: SessionHeaders<'static> = SessionHeaders {
        id: "id",
        project: "project",
        number: "number",
        title: "title",
        session_type: "type",
        status: "status",
        account: "account",
        started_at: "started_at",
        ended_at: "ended_at",
        duration_minutes: "duration_minutes",
        credit_budget: "credit_budget",
        credits_used: "credits_used",
        objectives: "objectives",
        accomplishments: "accomplishments",
        blockers: "blockers",
        next_steps: "next_steps",
    };

    fn session() -> Session {
        crate::insights::tests::session(1, 1, 1, "completed", 5, "2026-11-20T10:00:00Z")
    }

    #[test]
    fn the_sessions_file_heads_its_columns_with_the_given_words_and_keeps_stored_values() {
        let session = session();
        let headers = SessionHeaders { title: "Judul", status: "Status", ..SESSION_HEADERS };
        let rows = parse(&sessions(std::slice::from_ref(&session), &headers, |_| "Proyek A".into()));
        assert_eq!(rows[0][..6], ["id", "project", "number", "Judul", "type", "Status"]);
        assert_eq!(rows[1][1], "Proyek A");
        // Values are the stored names, whatever the language of the headers.
        assert_eq!(rows[1][5], session.status.as_str());
        assert_eq!(rows[0].len(), rows[1].len());
    }

    #[test]
    fn the_ledger_file_heads_its_columns_with_the_given_words() {
        let headers = LedgerHeaders {
            at: "Waktu",
            account: "Akun",
            delta: "Perubahan",
            balance_after: "Saldo sesudahnya",
            reason: "Alasan",
            session_id: "ID sesi",
            note: "Catatan",
        };
        let rows = parse(&ledger(&[], &headers, "Akun A"));
        assert_eq!(rows, vec![vec!["Waktu", "Akun", "Perubahan", "Saldo sesudahnya", "Alasan", "ID sesi", "Catatan"]]);
    }

    proptest! {
        #[test]
        fn any_text_round_trips(cells in proptest::collection::vec(proptest::collection::vec("[a-zA-Z0-9é日 ,;'\"\n]{0,20}", 1..5), 1..6)) {
            let width = cells[0].len();
            let rows: Vec<Vec<String>> = cells.into_iter().map(|mut row| { row.resize(width, String::new()); row }).collect();
            let header: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
            let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
            let doc = document(&header_refs, rows.clone());
            let parsed = parse(&doc);
            prop_assert_eq!(&parsed[1..], &rows[..]);
        }
    }
}
