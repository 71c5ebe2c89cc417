//! The return report: what the receiving assistant pastes back at the end of its session (spec
//! `handoff.md`, The return report), parsed into the session's report fields and a proposed
//! update of the project's living state.
//!
//! The parser is tolerant because assistants are: the block may come with or without its
//! ```` ```handoff-report ```` fence (or in a fence with another info string), with prose before
//! and after it; headings may be `## Done`, `**Done**`, `Done:`, `DONE`, `1. Done`, `✅ Done`, or a
//! synonym ("What I did", "Where things stand", "Open questions", "Lessons learned"); items may
//! be bulleted with `-`, `*`, `•`, `+`, numbers or checkboxes, and wrap onto continuation lines.
//! Sections it does not recognise are kept (for the session's notes), never dropped; the only
//! text left out is chatter around an unfenced report ("Here is my report:" before the first
//! heading, "Let me know if…" as its last paragraph).
//!
//! It reads every language Baton speaks at once, so a report may be in Bahasa Indonesia ("##
//! Selesai", "status: sebagian", "— karena …", "(ditolak: …)", "tidak ada") or mixed (Indonesian
//! headings over English items, headings of both languages, "Selesai / Done"). The words are data
//! in `locales/<code>/report.json` (see `words.rs`, which also says how to add a language); the
//! template a bundle asks for is in `locales/<code>/bundle.json`, and a test reads each
//! language's template back. Warnings stay in English: the interface words them.

use crate::lint::fences;
use crate::records::{Decision, Importance, KeyFile, KnowledgeCategory, LivingState, SessionStatus};
use crate::time::Timestamp;
use std::fmt;
use words::vocabulary;

mod words;

/// How the session ended, as the report says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStatus {
    Completed,
    Partial,
    Blocked,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 3] = [ReportStatus::Completed, ReportStatus::Partial, ReportStatus::Blocked];

    /// The word the report template uses ("completed").
    pub fn as_str(&self) -> &'static str {
        match self {
            ReportStatus::Completed => "completed",
            ReportStatus::Partial => "partial",
            ReportStatus::Blocked => "blocked",
        }
    }
}

/// One line of the report's Knowledge section.
#[derive(Clone, Debug, PartialEq)]
pub struct KnowledgeLine {
    pub category: KnowledgeCategory,
    pub title: String,
    pub body: String,
}

/// What a return report says. Lists are empty and options `None` when the report leaves them
/// out or writes "none".
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ParsedReport {
    pub status: Option<ReportStatus>,
    pub credits_used: Option<i64>,
    pub done: Vec<String>,
    pub current_state: Option<String>,
    pub next_steps: Vec<String>,
    pub blockers: Vec<String>,
    pub decisions: Vec<Decision>,
    pub files: Vec<KeyFile>,
    pub knowledge: Vec<KnowledgeLine>,
    /// (heading, body) of the sections it did not recognise, in order.
    pub unknown_sections: Vec<(String, String)>,
    /// The report came in a fenced code block.
    pub found_fence: bool,
    /// What was read loosely or left out, in plain words.
    pub warnings: Vec<String>,
}

/// Why nothing could be read from a pasted text (the interface words it).
#[derive(Clone, Debug, PartialEq)]
pub enum ReportError {
    Empty,
    NothingRecognised,
}

/// The session's report fields, as text, filled from a report.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SessionReportFields {
    pub accomplishments: String,
    pub blockers: String,
    pub state_notes: String,
    pub next_steps: String,
    pub decisions: String,
    /// The unknown sections, each under its heading.
    pub notes: String,
}

impl ParsedReport {
    /// The session's report fields: bulleted lists, numbered next steps, decisions written back
    /// in the report's own form, and the unknown sections as notes.
    pub fn session_fields(&self) -> SessionReportFields {
        let bullets = |items: &[String]| items.iter().map(|item| format!("- {item}")).collect::<Vec<_>>().join("\n");
        SessionReportFields {
            accomplishments: bullets(&self.done),
            blockers: bullets(&self.blockers),
            state_notes: self.current_state.clone().unwrap_or_default(),
            next_steps: self
                .next_steps
                .iter()
                .enumerate()
                .map(|(index, step)| format!("{}. {step}", index + 1))
                .collect::<Vec<_>>()
                .join("\n"),
            decisions: self.decisions.iter().map(|d| format!("- {}", decision_line(d))).collect::<Vec<_>>().join("\n"),
            notes: self
                .unknown_sections
                .iter()
                .map(|(heading, body)| format!("## {heading}\n{body}"))
                .collect::<Vec<_>>()
                .join("\n\n"),
        }
    }

    /// The status the session ends with.
    ///
    /// - completed → Completed;
    /// - partial → Handed off: the session ended with work left, which the next session (on this
    ///   or another account) takes over; it is not a failure;
    /// - blocked → Failed: the session could not reach its objective, and the project's success
    ///   rate should say so. The blockers are kept in the report fields for the next attempt.
    pub fn session_status(&self) -> Option<SessionStatus> {
        self.status.map(|status| match status {
            ReportStatus::Completed => SessionStatus::Completed,
            ReportStatus::Partial => SessionStatus::HandedOff,
            ReportStatus::Blocked => SessionStatus::Failed,
        })
    }
}

/// "Use IndexedDB — because it survives reloads (rejected: localStorage, OPFS)".
fn decision_line(decision: &Decision) -> String {
    let mut line = decision.text.clone();
    if !decision.rationale.is_empty() {
        line.push_str(" — because ");
        line.push_str(&decision.rationale);
    }
    if !decision.rejected_alternatives.is_empty() {
        line.push_str(&format!(" (rejected: {})", decision.rejected_alternatives.join(", ")));
    }
    line
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SectionKind {
    Done,
    CurrentState,
    NextSteps,
    Blockers,
    Decisions,
    Files,
    Knowledge,
}

/// Lower case, `&` as "and", anything but letters and digits as a space, spaces collapsed; a
/// trailing parenthesis ("Next steps (in order)") dropped.
fn normalise_label(label: &str) -> String {
    let label = match label.find('(') {
        Some(open) if open > 0 => &label[..open],
        _ => label,
    };
    let spaced: String = label
        .replace('&', " and ")
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' })
        .collect::<String>()
        .to_lowercase();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The section a heading names, in any language; a bilingual heading ("Selesai / Done") names
/// the section its first recognised half names.
fn section_of(label: &str) -> Option<SectionKind> {
    named_section(label).or_else(|| label.split(['/', '|']).find_map(named_section))
}

fn named_section(label: &str) -> Option<SectionKind> {
    let label = normalise_label(label);
    let h = &vocabulary().headings;
    [
        (SectionKind::Done, &h.done),
        (SectionKind::CurrentState, &h.current_state),
        (SectionKind::NextSteps, &h.next_steps),
        (SectionKind::Blockers, &h.blockers),
        (SectionKind::Decisions, &h.decisions),
        (SectionKind::Files, &h.files),
        (SectionKind::Knowledge, &h.knowledge),
    ]
    .into_iter()
    .find(|(_, words)| words.contains(&label))
    .map(|(kind, _)| kind)
}

/// A heading line: its label as written, any text after a colon, and whether it is marked as a
/// heading (`#`, bold) rather than merely looking like one (`Done:`, `DONE`, `1. Done`).
struct Heading {
    label: String,
    inline: String,
    marked: bool,
}

/// Strips a list marker (`-`, `*`, `+`, `•`, `·`, `–`, `1.`, `1)`) and a checkbox; `None` when the
/// line is not a list item.
fn strip_bullet(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let rest = ["- ", "* ", "+ ", "• ", "· ", "– ", "— "]
        .iter()
        .find_map(|marker| trimmed.strip_prefix(marker))
        .or_else(|| {
            if matches!(trimmed, "-" | "*" | "+" | "•") {
                return Some("");
            }
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 3 {
                return None;
            }
            let after = &trimmed[digits..];
            after.strip_prefix(". ").or_else(|| after.strip_prefix(") ")).or_else(|| after.strip_prefix(".\t"))
        })
        .or_else(|| strip_checkbox(trimmed))?;
    Some(strip_checkbox(rest.trim_start()).unwrap_or(rest).trim())
}

fn strip_checkbox(text: &str) -> Option<&str> {
    ["[ ] ", "[x] ", "[X] ", "[✓] ", "[✔] "].iter().find_map(|box_| text.strip_prefix(box_)).map(str::trim_start)
}

/// Removes `**` / `__` around the whole text.
fn strip_emphasis(text: &str) -> &str {
    for mark in ["**", "__"] {
        if let Some(inner) = text.strip_prefix(mark).and_then(|t| t.strip_suffix(mark)) {
            return inner.trim();
        }
    }
    text
}

fn parse_heading(line: &str) -> Option<Heading> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    let (text, marked, numbered) = if trimmed.starts_with('#') {
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if hashes > 6 {
            return None;
        }
        (strip_number(trimmed[hashes..].trim()), true, false)
    } else if let Some(rest) = trimmed.strip_prefix("**").or_else(|| trimmed.strip_prefix("__")) {
        // `**Done**`, `**Done:**`, `**Done**:`, `**Done:** inline text`.
        let mark = &trimmed[..2];
        let close = rest.find(mark)?;
        let inner = rest[..close].trim();
        let after = rest[close + 2..].trim();
        let (label, inline) = match inner.strip_suffix(':') {
            Some(label) => (label.trim(), after),
            None => match after.strip_prefix(':') {
                Some(inline) => (inner, inline.trim()),
                None if after.is_empty() => (inner, ""),
                None => return None,
            },
        };
        let label = strip_leading_symbols(label);
        return (!label.is_empty()).then(|| Heading {
            label: label.to_string(),
            inline: inline.to_string(),
            marked: true,
        });
    } else if strip_bullet(trimmed).is_some_and(|rest| !rest.is_empty())
        && !trimmed.starts_with(|c: char| c.is_ascii_digit())
    {
        return None; // a list item, not a heading
    } else {
        let rest = strip_number(trimmed);
        (rest, false, rest.len() != trimmed.len())
    };
    let text = strip_emphasis(strip_leading_symbols(text));
    let (label, inline) = match text.split_once(':') {
        Some((label, inline)) => (strip_emphasis(label.trim()), inline.trim().trim_start_matches("**").trim()),
        None => (text, ""),
    };
    let label = strip_leading_symbols(label);
    if label.is_empty() || (numbered && !inline.is_empty()) {
        return None;
    }
    Some(Heading { label: label.to_string(), inline: inline.to_string(), marked })
}

/// Removes a section number ("1. ", "2) ") from the start of a heading.
fn strip_number(text: &str) -> &str {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return text;
    }
    let after = &text[digits..];
    after.strip_prefix(". ").or_else(|| after.strip_prefix(") ")).map_or(text, str::trim)
}

/// Emoji and marks before a heading's words ("✅ Done", "🚧 Blockers", "— Notes").
fn strip_leading_symbols(text: &str) -> &str {
    text.trim_start_matches(|c: char| !c.is_alphanumeric()).trim_end()
}

/// `status:` and `credits_used:` lines (also bulleted or bold: `- **Status:** done`).
enum FieldLine {
    Status(String),
    Credits(String),
}

fn parse_field(line: &str) -> Option<FieldLine> {
    let trimmed = line.trim();
    let trimmed = strip_bullet(trimmed).unwrap_or(trimmed);
    let (key, value) = trimmed.split_once(':')?;
    let key = normalise_label(strip_emphasis(key.trim().trim_end_matches("**")).trim_start_matches('*'));
    let value = value.trim().trim_start_matches("**").trim_end_matches("**").trim().to_string();
    let words = vocabulary();
    if words.status_keys.contains(&key) {
        Some(FieldLine::Status(value))
    } else if words.credits_keys.contains(&key) {
        Some(FieldLine::Credits(value))
    } else {
        None
    }
}

/// Outcome of reading a `status:` value.
enum StatusValue {
    Known(ReportStatus),
    Template,
    /// Prose such as "the parser works": not a status word, read as the current state instead.
    Prose,
}

fn parse_status(value: &str) -> StatusValue {
    let lower = value.to_lowercase();
    if lower.contains('|') {
        return StatusValue::Template;
    }
    let words: String = lower.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let words: Vec<&str> = words.split_whitespace().collect();
    // The longest status phrase the value starts with: "belum selesai" (partial) over "selesai".
    let status = &vocabulary().status;
    let best = [
        (ReportStatus::Completed, &status.completed),
        (ReportStatus::Partial, &status.partial),
        (ReportStatus::Blocked, &status.blocked),
    ]
    .into_iter()
    .flat_map(|(status, phrases)| phrases.iter().map(move |phrase| (status, phrase)))
    .filter_map(|(status, phrase)| {
        let phrase: Vec<&str> = phrase.split_whitespace().collect();
        words.starts_with(&phrase).then_some((phrase.len(), status))
    })
    .max_by_key(|(length, _)| *length);
    let Some((_, status)) = best else { return StatusValue::Prose };
    StatusValue::Known(status)
}

/// Reads `1,200`, `~40`, `≈ 40`, `40+`, `40 credits`: the number, and a warning when it was
/// approximate or could not be read ("about 40" is words, not a number: left empty).
fn parse_credits(value: &str) -> (Option<i64>, Option<String>) {
    let raw = value.trim();
    let lower = raw.to_lowercase();
    let words = vocabulary();
    if lower.is_empty() || matches!(lower.as_str(), "unknown" | "-" | "—" | "?") || words.empty.contains(&lower) {
        return (None, None);
    }
    if lower.starts_with('<') {
        return (None, Some(format!("credits_used was left as the template ('{raw}'); left empty")));
    }
    let mut approximate = false;
    let mut number = lower.as_str();
    for mark in ["~", "≈", "±", "approx.", "+/-"] {
        if let Some(rest) = number.strip_prefix(mark) {
            approximate = true;
            number = rest.trim_start();
        }
    }
    for unit in &words.credit_units {
        if let Some(rest) = number.strip_suffix(unit.as_str()) {
            number = rest.trim_end();
            break;
        }
    }
    if let Some(rest) = number.strip_suffix('+') {
        approximate = true;
        number = rest.trim_end();
    }
    // Thousands grouped with commas ("1,200") or, as Indonesian writes them, with dots ("1.200");
    // credits are whole, so a dot is only read as grouping when every group has three digits
    // ("1.5" is not a number of credits: left empty with a warning, never misread).
    let dotted = !number.contains(',') && number.contains('.');
    let group_mark = if dotted { '.' } else { ',' };
    let digits: String =
        number.chars().filter(|c| !(*c == group_mark || matches!(c, '_' | ' ' | '\u{202f}' | '\u{a0}'))).collect();
    let valid = !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit());
    let grouped = number.split(group_mark).skip(1).all(|group| group.trim().len() == 3);
    match digits.parse::<i64>() {
        Ok(credits) if valid && grouped => {
            let warning = approximate.then(|| format!("credits_used '{raw}' is approximate; took {credits}"));
            (Some(credits), warning)
        }
        _ => (None, Some(format!("credits_used '{raw}' is not a number; left empty"))),
    }
}

/// Where a section's lines go while reading.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Preamble,
    Known(SectionKind),
    Unknown(usize),
}

/// "none", "n/a", "-" (and a few more) as a whole section body mean empty.
fn means_empty(text: &str) -> bool {
    let item = strip_bullet(text).unwrap_or(text).trim().trim_end_matches('.').trim().to_lowercase();
    matches!(item.as_str(), "" | "-" | "—" | "…" | "...") || vocabulary().empty.contains(&item)
}

/// The report's lines: those of the handoff-report fence, else of the fence that reads most like
/// a report, else the whole text.
fn report_lines(text: &str) -> (Vec<&str>, bool) {
    let blocks = fences(text);
    let report_fence = blocks.iter().find(|fence| {
        let info = fence.info.to_lowercase();
        info.starts_with("handoff-report") || info.starts_with("handoff_report") || info == "report"
    });
    let recognisable = |fence: &&crate::lint::Fence| {
        text[fence.content.clone()]
            .lines()
            .filter(|line| {
                parse_field(line).is_some() || parse_heading(line).is_some_and(|h| section_of(&h.label).is_some())
            })
            .count()
    };
    let chosen =
        report_fence.or_else(|| blocks.iter().filter(|fence| recognisable(fence) >= 2).max_by_key(recognisable));
    match chosen {
        Some(fence) => (text[fence.content.clone()].lines().collect(), true),
        None => (text.lines().collect(), false),
    }
}

/// Whether a paragraph opens like the chatter assistants put after a report ("Let me know…").
fn is_epilogue(paragraph_start: &str) -> bool {
    let lower = paragraph_start.trim().to_lowercase();
    vocabulary().epilogue.iter().any(|start| lower.starts_with(start.as_str()))
}

/// Reads a return report (see the module documentation for what it tolerates).
pub fn parse_report(text: &str) -> Result<ParsedReport, ReportError> {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    if normalised.trim().is_empty() {
        return Err(ReportError::Empty);
    }
    let (lines, found_fence) = report_lines(&normalised);
    let mut report = ParsedReport { found_fence, ..ParsedReport::default() };
    let mut recognised = false;
    let mut known: Vec<(SectionKind, Vec<String>)> = Vec::new();
    let mut unknown: Vec<(String, Vec<String>)> = Vec::new();
    let mut preamble: Vec<String> = Vec::new();
    let mut target = Target::Preamble;
    let mut order: Vec<Target> = Vec::new();

    let mut push = |target: Target,
                    line: String,
                    known: &mut Vec<(SectionKind, Vec<String>)>,
                    unknown: &mut Vec<(String, Vec<String>)>| match target {
        Target::Preamble => preamble.push(line),
        Target::Known(kind) => match known.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, lines)) => lines.push(line),
            None => known.push((kind, vec![line])),
        },
        Target::Unknown(index) => unknown[index].1.push(line),
    };

    for line in lines {
        // Setext underlines and horizontal rules carry no text.
        let bare = line.trim();
        if bare.len() >= 3
            && (bare.bytes().all(|b| b == b'-') || bare.bytes().all(|b| b == b'=') || bare.bytes().all(|b| b == b'*'))
        {
            continue;
        }
        if let Some(field) = parse_field(line) {
            match field {
                FieldLine::Credits(value) => {
                    recognised = true;
                    if report.credits_used.is_none() {
                        let (credits, warning) = parse_credits(&value);
                        report.credits_used = credits;
                        report.warnings.extend(warning);
                    }
                    continue;
                }
                FieldLine::Status(value) => match parse_status(&value) {
                    StatusValue::Known(status) => {
                        recognised = true;
                        report.status.get_or_insert(status);
                        continue;
                    }
                    StatusValue::Template => {
                        recognised = true;
                        report.warnings.push(format!(
                            "status was left as the template ('{value}'); write completed, partial or blocked"
                        ));
                        continue;
                    }
                    // "Status: the parser works" is the current state, read as a heading below.
                    StatusValue::Prose => {}
                },
            }
        }
        if let Some(heading) = parse_heading(line) {
            if let Some(kind) = section_of(&heading.label) {
                recognised = true;
                target = Target::Known(kind);
                // A repeated current state starts a new paragraph.
                if kind == SectionKind::CurrentState && known.iter().any(|(k, l)| *k == kind && !l.is_empty()) {
                    push(target, String::new(), &mut known, &mut unknown);
                }
                if !known.iter().any(|(k, _)| *k == kind) {
                    known.push((kind, Vec::new()));
                }
                order.push(target);
                if !heading.inline.is_empty() {
                    push(target, heading.inline, &mut known, &mut unknown);
                }
                continue;
            }
            if heading.marked {
                unknown.push((heading.label, Vec::new()));
                target = Target::Unknown(unknown.len() - 1);
                order.push(target);
                if !heading.inline.is_empty() {
                    push(target, heading.inline, &mut known, &mut unknown);
                }
                continue;
            }
        }
        push(target, line.to_string(), &mut known, &mut unknown);
    }

    if !recognised {
        return Err(ReportError::NothingRecognised);
    }

    // Chatter after an unfenced report: its last paragraph when it reads like a sign-off.
    if !found_fence {
        let last_lines = match order.last() {
            Some(Target::Known(kind)) => known.iter_mut().find(|(k, _)| k == kind).map(|(_, lines)| lines),
            Some(Target::Unknown(index)) => unknown.get_mut(*index).map(|(_, lines)| lines),
            _ => None,
        };
        if let Some(lines) = last_lines {
            drop_epilogue(lines);
        }
    }

    // Text before the first heading inside a fence is part of the report: keep it.
    if found_fence && preamble.iter().any(|line| !line.trim().is_empty()) {
        unknown.insert(0, ("Notes".to_string(), preamble));
    }

    for (kind, lines) in known {
        fill_section(&mut report, kind, &lines);
    }
    for (heading, lines) in unknown {
        let body = lines.join("\n").trim().to_string();
        if !body.is_empty() {
            report.unknown_sections.push((heading, body));
        }
    }
    Ok(report)
}

/// Removes a trailing sign-off paragraph ("Let me know if you need anything else.").
fn drop_epilogue(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }
    let paragraph_start = lines.iter().rposition(|line| line.trim().is_empty()).map_or(0, |blank| blank + 1);
    if lines.get(paragraph_start).is_some_and(|line| is_epilogue(line)) && paragraph_start > 0 {
        lines.truncate(paragraph_start);
    }
}

fn fill_section(report: &mut ParsedReport, kind: SectionKind, lines: &[String]) {
    let body = lines.join("\n");
    if body.lines().all(means_empty) || means_empty(body.trim()) {
        return;
    }
    match kind {
        SectionKind::CurrentState => {
            let text = body.trim().to_string();
            report.current_state = Some(match report.current_state.take() {
                Some(before) => format!("{before}\n\n{text}"),
                None => text,
            });
        }
        SectionKind::Done => report.done.extend(list_items(lines)),
        SectionKind::NextSteps => report.next_steps.extend(list_items(lines)),
        SectionKind::Blockers => report.blockers.extend(list_items(lines)),
        SectionKind::Decisions => report.decisions.extend(list_items(lines).iter().map(|item| parse_decision(item))),
        SectionKind::Files => {
            for item in list_items(lines) {
                if let Some(file) = parse_file(&item) {
                    // A path listed twice: the later notes, the higher importance.
                    match report.files.iter_mut().find(|known| known.path == file.path) {
                        Some(known) => {
                            if !file.notes.is_empty() {
                                known.notes = file.notes;
                            }
                            known.importance = known.importance.min(file.importance);
                        }
                        None => report.files.push(file),
                    }
                }
            }
        }
        SectionKind::Knowledge => {
            for item in list_items(lines) {
                let (line, warning) = parse_knowledge(&item);
                report.knowledge.push(line);
                report.warnings.extend(warning);
            }
        }
    }
}

/// The items of a list section: each bullet with its continuation lines joined by a space and
/// its indented sub-bullets by "; "; paragraphs without bullets are items too.
fn list_items(lines: &[String]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut item_indent = 0;
    let mut after_blank = true;
    for line in lines {
        if line.trim().is_empty() {
            after_blank = true;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        match strip_bullet(line) {
            Some(text) => {
                if text.is_empty() {
                    continue;
                }
                if indent >= item_indent + 2 && !items.is_empty() {
                    let last = items.last_mut().expect("checked not empty");
                    last.push_str("; ");
                    last.push_str(text);
                } else {
                    items.push(text.to_string());
                    item_indent = indent;
                }
            }
            None => {
                let text = line.trim();
                match items.last_mut() {
                    Some(last) if !after_blank => {
                        last.push(' ');
                        last.push_str(text);
                    }
                    _ => {
                        items.push(text.to_string());
                        item_indent = indent;
                    }
                }
            }
        }
        after_blank = false;
    }
    items.retain(|item| !means_empty(item));
    items
}

/// Splits `text` at the first of `separators` (in the order given); `None` without one.
fn split_at_first<'a>(text: &'a str, separators: &[&str]) -> Option<(&'a str, &'a str)> {
    separators.iter().find_map(|separator| {
        let lower = text.to_lowercase();
        // Lower-casing keeps byte offsets for ASCII separators in ASCII-compatible text only.
        if lower.len() != text.len() {
            return text.find(separator).map(|at| (&text[..at], &text[at + separator.len()..]));
        }
        lower.find(separator).map(|at| (&text[..at], &text[at + separator.len()..]))
    })
}

const DASHES: [&str; 5] = [" — ", " – ", " -- ", " - ", " —"];

/// `<decision> — because <reason> (rejected: a, b)`, tolerating `-`, `--`, `:` separators and
/// missing parts.
fn parse_decision(item: &str) -> Decision {
    let mut text = item.trim().to_string();
    let mut rejected = Vec::new();
    let lower = text.to_lowercase();
    let words = vocabulary();
    // "(rejected: a, b)" before "rejected: a, b", each in every language's words.
    let markers: Vec<String> = (words.rejected.iter().map(|word| format!("({word}:")))
        .chain(words.rejected.iter().map(|word| format!("{word}:")))
        .collect();
    if let Some((at, marker)) = markers
        .iter()
        .find_map(|marker| lower.find(marker.as_str()).map(|at| (at, marker.as_str())))
        .filter(|_| lower.len() == text.len())
    {
        let after = &text[at + marker.len()..];
        let list = match marker.starts_with('(') {
            true => after.rsplit_once(')').map_or(after, |(inside, _)| inside),
            false => after,
        };
        rejected = list
            .split([',', ';'])
            .map(|alternative| alternative.trim().trim_end_matches(')').trim().to_string())
            .filter(|alternative| !alternative.is_empty())
            .collect();
        text = text[..at].trim().trim_end_matches([';', ',', '.']).trim().to_string();
    }
    // "— because", "– karena", ": alasan:" …: the dashed forms of every word before the bare ones.
    let forms = [" — ", " – ", " -- ", " - ", ": ", ", ", "; ", " "];
    let because: Vec<String> =
        forms.iter().flat_map(|form| words.because.iter().map(move |word| format!("{form}{word} "))).collect();
    let because: Vec<&str> = because.iter().map(String::as_str).collect();
    let (decision, rationale) = match split_at_first(&text, &because) {
        Some((decision, rationale)) => (decision, rationale),
        None => match split_at_first(&text, &DASHES) {
            Some((decision, rationale)) => (decision, rationale),
            None => (text.as_str(), ""),
        },
    };
    Decision {
        text: strip_emphasis(decision.trim()).to_string(),
        rationale: rationale.trim().trim_end_matches('.').trim().to_string(),
        rejected_alternatives: rejected,
        decided_at: None,
    }
}

/// `<path> — <note>` (also `path: note`, `path (note)`); backticks and links around the path are
/// removed. Importance is Critical or High when the note says so, else Normal.
fn parse_file(item: &str) -> Option<KeyFile> {
    let item = item.trim();
    let (path, notes) = if let Some(rest) = item.strip_prefix('`') {
        let close = rest.find('`')?;
        let after = rest[close + 1..].trim_start();
        let notes = DASHES
            .iter()
            .chain([": ", ":"].iter())
            .find_map(|sep| after.strip_prefix(sep.trim_start()))
            .unwrap_or(after);
        (rest[..close].to_string(), notes.trim().to_string())
    } else {
        match split_at_first(item, &[" — ", " – ", " -- ", " - ", ": "]) {
            Some((path, notes)) => (path.to_string(), notes.trim().to_string()),
            None => match item.split_once(" (") {
                Some((path, notes)) => (path.to_string(), notes.trim_end_matches(')').trim().to_string()),
                None => (item.to_string(), String::new()),
            },
        }
    };
    // `[src/lib.rs](src/lib.rs)` and `**src/lib.rs**`.
    let path = strip_emphasis(path.trim());
    let path = match path.strip_prefix('[').and_then(|p| p.split_once("](")) {
        Some((label, _)) => label,
        None => path,
    };
    let path = path.trim_matches('`').trim().to_string();
    if path.is_empty() {
        return None;
    }
    let lower = notes.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let said = &vocabulary().importance;
    let importance = if said.critical.iter().any(|word| words.contains(&word.as_str())) {
        Importance::Critical
    } else if said.high.iter().any(|word| words.contains(&word.as_str())) {
        Importance::High
    } else {
        Importance::Normal
    };
    Some(KeyFile { path, importance, notes })
}

fn category_of(label: &str) -> Option<KnowledgeCategory> {
    let label = normalise_label(label);
    KnowledgeCategory::parse(&label.replace(' ', "_")).or_else(|| vocabulary().categories.find(&label))
}

/// `<category>: <title> — <one line>`; an unknown category becomes a tip (with a warning).
fn parse_knowledge(item: &str) -> (KnowledgeLine, Option<String>) {
    let item = item.trim();
    let mut warning = None;
    let (category, rest) = match item.split_once(':') {
        // A short label before the colon is the category; a sentence is not.
        Some((label, rest)) if label.split_whitespace().count() <= 3 && !label.trim().is_empty() => {
            let label = strip_emphasis(label.trim()).trim_matches('`');
            match category_of(label) {
                Some(category) => (category, rest.trim()),
                None => {
                    warning = Some(format!(
                        "knowledge category '{label}' is not one of pattern, error_solution, optimization, \
                         best_practice or tip; saved as a tip"
                    ));
                    (KnowledgeCategory::Tip, rest.trim())
                }
            }
        }
        _ => (KnowledgeCategory::Tip, item),
    };
    let (title, body) = match split_at_first(rest, &DASHES) {
        Some((title, body)) => (title.trim(), body.trim()),
        None => (rest, ""),
    };
    (KnowledgeLine { category, title: strip_emphasis(title).to_string(), body: body.to_string() }, warning)
}

// ---------------------------------------------------------------------------------------------
// The living state after a report
// ---------------------------------------------------------------------------------------------

/// The project's living state after the report, for the preview the user accepts or edits:
///
/// - the current state and the next steps are replaced when the report gives them;
/// - decisions are appended; one with the same text (ignoring case and spacing) is updated with
///   the report's rationale and rejected alternatives when it gives them;
/// - key files are merged by path: a known path gets the report's notes (and its importance
///   when the report says critical or high), a new path is appended;
/// - the goal, constraints and "do not redo" list are unchanged. Done items are *not* added to
///   "do not redo": they are kept as the session's accomplishments, which every later bundle
///   already shows under "Done so far", and "do not redo" stays the short list of warnings the
///   user curates.
pub fn propose_state(current: &LivingState, report: &ParsedReport) -> LivingState {
    merge_report(current, report, None)
}

/// [`propose_state`] with `decided_at` set to `now` on the decisions the report adds or updates.
pub fn propose_state_at(current: &LivingState, report: &ParsedReport, now: Timestamp) -> LivingState {
    merge_report(current, report, Some(now))
}

fn same_text(a: &str, b: &str) -> bool {
    let normalise = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    normalise(a) == normalise(b)
}

fn merge_report(current: &LivingState, report: &ParsedReport, now: Option<Timestamp>) -> LivingState {
    let mut state = current.clone();
    if let Some(current_state) = report.current_state.as_ref().filter(|text| !text.trim().is_empty()) {
        state.current_state = current_state.clone();
    }
    if !report.next_steps.is_empty() {
        state.next_steps = report.next_steps.clone();
    }
    for decision in &report.decisions {
        match state.decisions.iter_mut().find(|known| same_text(&known.text, &decision.text)) {
            Some(known) => {
                let mut updated = known.clone();
                if !decision.rationale.is_empty() {
                    updated.rationale = decision.rationale.clone();
                }
                if !decision.rejected_alternatives.is_empty() {
                    updated.rejected_alternatives = decision.rejected_alternatives.clone();
                }
                if updated != *known {
                    updated.decided_at = now.or(known.decided_at);
                    *known = updated;
                }
            }
            None => state.decisions.push(Decision { decided_at: now, ..decision.clone() }),
        }
    }
    for file in &report.files {
        match state.files.iter_mut().find(|known| known.path == file.path) {
            Some(known) => {
                if !file.notes.is_empty() {
                    known.notes = file.notes.clone();
                }
                if matches!(file.importance, Importance::Critical | Importance::High) {
                    known.importance = file.importance;
                }
            }
            None => state.files.push(file.clone()),
        }
    }
    state
}

/// A field of the living state, for choosing which proposed changes to accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateField {
    Goal,
    CurrentState,
    NextSteps,
    Decisions,
    Constraints,
    Files,
    DoNotRedo,
}

impl StateField {
    pub const ALL: [StateField; 7] = [
        StateField::Goal,
        StateField::CurrentState,
        StateField::NextSteps,
        StateField::Decisions,
        StateField::Constraints,
        StateField::Files,
        StateField::DoNotRedo,
    ];

    /// The name shown to people ("Next steps").
    pub fn label(&self) -> &'static str {
        match self {
            StateField::Goal => "Goal",
            StateField::CurrentState => "Current state",
            StateField::NextSteps => "Next steps",
            StateField::Decisions => "Decisions",
            StateField::Constraints => "Constraints",
            StateField::Files => "Key files",
            StateField::DoNotRedo => "Do not redo",
        }
    }

    fn differs(&self, a: &LivingState, b: &LivingState) -> bool {
        match self {
            StateField::Goal => a.goal != b.goal,
            StateField::CurrentState => a.current_state != b.current_state,
            StateField::NextSteps => a.next_steps != b.next_steps,
            StateField::Decisions => a.decisions != b.decisions,
            StateField::Constraints => a.constraints != b.constraints,
            StateField::Files => a.files != b.files,
            StateField::DoNotRedo => a.do_not_redo != b.do_not_redo,
        }
    }

    fn copy(&self, from: &LivingState, to: &mut LivingState) {
        match self {
            StateField::Goal => to.goal = from.goal.clone(),
            StateField::CurrentState => to.current_state = from.current_state.clone(),
            StateField::NextSteps => to.next_steps = from.next_steps.clone(),
            StateField::Decisions => to.decisions = from.decisions.clone(),
            StateField::Constraints => to.constraints = from.constraints.clone(),
            StateField::Files => to.files = from.files.clone(),
            StateField::DoNotRedo => to.do_not_redo = from.do_not_redo.clone(),
        }
    }
}

impl fmt::Display for StateField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The proposed value for the chosen fields and the current value for the others.
pub fn accept_fields(current: &LivingState, proposed: &LivingState, fields: &[StateField]) -> LivingState {
    let mut accepted = current.clone();
    for field in fields {
        field.copy(proposed, &mut accepted);
    }
    accepted
}

/// The fields whose value differs, in [`StateField::ALL`] order.
pub fn changed_fields(current: &LivingState, proposed: &LivingState) -> Vec<StateField> {
    StateField::ALL.into_iter().filter(|field| field.differs(current, proposed)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_their_many_shapes() {
        for line in
            ["## Done", "### ✅ Done", "**Done**", "**Done:**", "Done:", "DONE", "1. Done", "2) Done", "🚧 Done"]
        {
            let heading = parse_heading(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(section_of(&heading.label), Some(SectionKind::Done), "{line}");
        }
        assert!(parse_heading("- Done").is_none());
        assert!(parse_heading("1. Done: the parser").is_none());
        assert_eq!(parse_heading("Next: write tests").map(|h| h.inline), Some("write tests".to_string()));
    }

    #[test]
    fn credits_values() {
        assert_eq!(parse_credits("1,200"), (Some(1200), None));
        assert_eq!(parse_credits("40 credits"), (Some(40), None));
        assert_eq!(parse_credits(""), (None, None));
        assert_eq!(parse_credits("~40"), (Some(40), Some("credits_used '~40' is approximate; took 40".to_string())));
        assert_eq!(
            parse_credits("about 40"),
            (None, Some("credits_used 'about 40' is not a number; left empty".to_string()))
        );
        assert_eq!(parse_credits("1,20").0, None);
        assert_eq!(parse_credits("<number, optional>").0, None);
    }

    #[test]
    fn status_values() {
        assert!(matches!(parse_status("Completed ✅"), StatusValue::Known(ReportStatus::Completed)));
        assert!(matches!(parse_status("partially done"), StatusValue::Known(ReportStatus::Partial)));
        assert!(matches!(parse_status("not completed"), StatusValue::Known(ReportStatus::Partial)));
        assert!(matches!(parse_status("in progress"), StatusValue::Known(ReportStatus::Partial)));
        assert!(matches!(parse_status("BLOCKED 🚫"), StatusValue::Known(ReportStatus::Blocked)));
        assert!(matches!(parse_status("completed | partial | blocked"), StatusValue::Template));
        assert!(matches!(parse_status("the parser works"), StatusValue::Prose));
    }

    #[test]
    fn indonesian_status_words() {
        let status = |value: &str| match parse_status(value) {
            StatusValue::Known(status) => Some(status),
            _ => None,
        };
        assert_eq!(status("selesai ✅"), Some(ReportStatus::Completed));
        assert_eq!(status("Sudah selesai"), Some(ReportStatus::Completed));
        assert_eq!(status("sebagian"), Some(ReportStatus::Partial));
        assert_eq!(status("belum selesai"), Some(ReportStatus::Partial), "the longest phrase wins");
        assert_eq!(status("selesai sebagian"), Some(ReportStatus::Partial));
        assert_eq!(status("TERHAMBAT"), Some(ReportStatus::Blocked));
        assert_eq!(status("buntu di langkah 2"), Some(ReportStatus::Blocked));
        assert_eq!(status("parsernya sudah jalan"), None);
        assert!(matches!(parse_status("selesai | sebagian | terhambat"), StatusValue::Template));
    }

    #[test]
    fn indonesian_headings_in_their_many_shapes() {
        for (line, kind) in [
            ("## Selesai", SectionKind::Done),
            ("**Kondisi saat ini:**", SectionKind::CurrentState),
            ("3. Langkah berikutnya", SectionKind::NextSteps),
            ("🚧 Hambatan", SectionKind::Blockers),
            ("PERTANYAAN TERBUKA", SectionKind::Blockers),
            ("### Keputusan", SectionKind::Decisions),
            ("Berkas:", SectionKind::Files),
            ("## 💡 Pengetahuan", SectionKind::Knowledge),
            ("**Selesai / Done**", SectionKind::Done),
            ("## Next steps / Langkah berikutnya", SectionKind::NextSteps),
        ] {
            let heading = parse_heading(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(section_of(&heading.label), Some(kind), "{line}");
        }
        assert!(section_of("Tangkapan layar").is_none());
    }

    #[test]
    fn indonesian_decisions_files_and_empty_bodies() {
        let decision = parse_decision("Pakai IndexedDB — karena bisa offline (ditolak: localStorage, server)");
        assert_eq!(decision.text, "Pakai IndexedDB");
        assert_eq!(decision.rationale, "bisa offline");
        assert_eq!(decision.rejected_alternatives, ["localStorage", "server"]);
        let decision = parse_decision("Pakai IndexedDB; alasan: bisa offline. Alternatif yang ditolak: localStorage");
        assert_eq!((decision.text.as_str(), decision.rationale.as_str()), ("Pakai IndexedDB", "bisa offline"));
        assert_eq!(decision.rejected_alternatives, ["localStorage"]);
        let decision = parse_decision("Use IndexedDB, karena works offline (rejected: OPFS)");
        assert_eq!((decision.text.as_str(), decision.rationale.as_str()), ("Use IndexedDB", "works offline"));
        assert_eq!(parse_file("src/a.rs — modul utama, kritis").map(|f| f.importance), Some(Importance::Critical));
        assert_eq!(parse_file("src/b.rs — prioritas tinggi").map(|f| f.importance), Some(Importance::High));
        for empty in ["tidak ada", "- Tidak ada.", "belum ada", "Nihil", "none"] {
            assert!(means_empty(empty), "{empty}");
        }
        assert!(!means_empty("tidak ada tes untuk modul ini"));
        assert_eq!(category_of("Praktik terbaik"), Some(KnowledgeCategory::BestPractice));
        assert_eq!(category_of("solusi error"), Some(KnowledgeCategory::ErrorSolution));
    }

    #[test]
    fn credits_grouped_the_indonesian_way_are_read_and_ambiguous_ones_are_not() {
        assert_eq!(parse_credits("1.200"), (Some(1200), None));
        assert_eq!(parse_credits("12.500 kredit"), (Some(12500), None));
        assert_eq!(parse_credits("1.5").0, None, "a decimal is not a number of credits");
        assert_eq!(parse_credits("1.200,5").0, None);
        assert_eq!(parse_credits("1,200.5").0, None);
        assert_eq!(parse_credits("tidak ada"), (None, None));
    }
}
