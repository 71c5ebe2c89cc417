//! The handoff bundle builder: the text that lets an assistant on another account continue the
//! work as if it had been there (see `spec/handoff.md`).
//!
//! [`build`] is pure and deterministic: the same input and options give the same bytes. It reads
//! the project's living state, its recent sessions, ranked knowledge and the end of the latest
//! transcript into one content model, renders it in the chosen [`BundleFormat`], fits it to a
//! token budget by trimming from the lowest priority up (and says what it left out), and splits
//! it into parts when a paste limit asks for it ([`split_into_parts`]).
//!
//! A bundle speaks the language of the conversation it goes to ([`BuildOptions::language`],
//! chosen by [`language_for`]): every fixed text (headings, instructions, labels, the split
//! headings, the report request and its template) comes from `locales/<code>/bundle.json`
//! (see `words.rs` for how to add a language); the user's own content is never translated.

mod check;
mod model;
mod render;
mod split;
pub(crate) mod words;

use crate::ids::Id;
use crate::locale::Language;
use crate::records::{Account, Bundle, BundleFormat, Checkpoint, KnowledgeEntry, LintNote, Platform, Project};
use crate::records::{Session, TranscriptTurn};
use crate::time::Timestamp;
use crate::tokens::estimate_tokens;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub use check::{check, Checked};
pub use split::{
    continuation_marker, split_in, split_into_parts, split_with_report, Split, SplitBlock, MIN_PASTE_LIMIT,
};

/// The sections of a bundle, in the order the spec gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Header,
    Instructions,
    Goal,
    CurrentState,
    NextSteps,
    Blockers,
    Decisions,
    Constraints,
    DoneSoFar,
    KeyFiles,
    Knowledge,
    Transcript,
    ReportRequest,
}

impl SectionKind {
    /// Every section, in the spec's order.
    pub const ALL: &'static [SectionKind] = &[
        SectionKind::Header,
        SectionKind::Instructions,
        SectionKind::Goal,
        SectionKind::CurrentState,
        SectionKind::NextSteps,
        SectionKind::Blockers,
        SectionKind::Decisions,
        SectionKind::Constraints,
        SectionKind::DoneSoFar,
        SectionKind::KeyFiles,
        SectionKind::Knowledge,
        SectionKind::Transcript,
        SectionKind::ReportRequest,
    ];

    /// The stored name (settings, the JSON format's field names, the XML format's tags).
    pub fn as_str(&self) -> &'static str {
        match self {
            SectionKind::Header => "header",
            SectionKind::Instructions => "instructions",
            SectionKind::Goal => "goal",
            SectionKind::CurrentState => "current_state",
            SectionKind::NextSteps => "next_steps",
            SectionKind::Blockers => "blockers",
            SectionKind::Decisions => "decisions",
            SectionKind::Constraints => "constraints",
            SectionKind::DoneSoFar => "done_so_far",
            SectionKind::KeyFiles => "key_files",
            SectionKind::Knowledge => "knowledge",
            SectionKind::Transcript => "transcript",
            SectionKind::ReportRequest => "report_request",
        }
    }

    /// The section's English heading in a bundle ("Next steps"). The interface words the kind
    /// through its catalogue (`src/i18n/core_text.rs`).
    pub fn english(&self) -> &'static str {
        match self {
            SectionKind::Header => "Header",
            SectionKind::Instructions => "Instructions",
            SectionKind::Goal => "Goal",
            SectionKind::CurrentState => "Current state",
            SectionKind::NextSteps => "Next steps",
            SectionKind::Blockers => "Blockers and open questions",
            SectionKind::Decisions => "Decisions",
            SectionKind::Constraints => "Constraints and \"do not redo\"",
            SectionKind::DoneSoFar => "Done so far",
            SectionKind::KeyFiles => "Key files",
            SectionKind::Knowledge => "Relevant knowledge",
            SectionKind::Transcript => "Transcript excerpt",
            SectionKind::ReportRequest => "Report request",
        }
    }

    /// How much the section matters when the bundle must be trimmed to a budget.
    pub fn priority(&self) -> Priority {
        match self {
            SectionKind::Decisions | SectionKind::Constraints => Priority::High,
            SectionKind::DoneSoFar | SectionKind::KeyFiles => Priority::Medium,
            SectionKind::Knowledge => Priority::Low,
            SectionKind::Transcript => Priority::Lowest,
            _ => Priority::Required,
        }
    }

    /// Required sections are always rendered and never trimmed.
    pub fn is_required(&self) -> bool {
        self.priority() == Priority::Required
    }

    /// The section's heading in a bundle in `language` ("Langkah berikutnya"); the header's is
    /// the title, with a `{project}` placeholder.
    pub fn heading(&self, language: Language) -> &'static str {
        words::words(language).headings.of(*self)
    }

    /// Reads a stored name or a label, ignoring case and surrounding spaces.
    pub fn parse(text: &str) -> Option<SectionKind> {
        let text = text.trim();
        SectionKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text) || kind.english().eq_ignore_ascii_case(text))
    }
}

/// A section's priority, from the sections that are never trimmed down to the first trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Required,
    High,
    Medium,
    Low,
    Lowest,
}

/// Everything a bundle is built from. The caller reads the records; the builder only reads them.
#[derive(Clone, Copy, Debug)]
pub struct BuildInput<'a> {
    pub project: &'a Project,
    pub handoff_id: Id,
    pub built_at: Timestamp,
    pub from_account: Option<&'a Account>,
    pub to_account: Option<&'a Account>,
    /// The number the next session will have.
    pub continuing_session_number: u32,
    /// The project's sessions, newest first (any status).
    pub sessions: &'a [Session],
    pub latest_checkpoint: Option<&'a Checkpoint>,
    /// Candidate knowledge entries (project-scoped and global); the builder ranks them.
    pub knowledge: &'a [KnowledgeEntry],
    /// The latest session's turns in `seq` order.
    pub transcript: &'a [TranscriptTurn],
    /// `Some` builds a delta bundle: what changed since this checkpoint's state.
    pub delta_since: Option<&'a Checkpoint>,
}

/// How to build: format, language, budget, paste limit, which optional sections to leave out,
/// and caps.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildOptions {
    pub format: BundleFormat,
    /// The language of the bundle's fixed texts and of the report it asks for (see
    /// [`language_for`]).
    pub language: Language,
    /// Token budget; `None` means unlimited.
    pub budget: Option<u32>,
    /// Characters per part; `None` gives one part. Values below [`MIN_PASTE_LIMIT`] count as it.
    pub paste_limit: Option<usize>,
    /// Optional sections the user switched off (required ones ignore this).
    pub excluded: BTreeSet<SectionKind>,
    /// Most ended sessions listed under "Done so far".
    pub max_sessions: usize,
    /// Most knowledge entries included.
    pub max_knowledge: usize,
    /// Most transcript turns included (the last ones).
    pub max_transcript_turns: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            format: BundleFormat::Markdown,
            language: Language::English,
            budget: None,
            paste_limit: None,
            excluded: BTreeSet::new(),
            max_sessions: 10,
            max_knowledge: 8,
            max_transcript_turns: 40,
        }
    }
}

/// Something left out of the bundle: by the caps of [`BuildOptions`] or by budget trimming.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Omission {
    /// What was left out, in the plural ("older sessions").
    pub what: String,
    pub count: usize,
}

/// A rendered bundle and what the builder did to make it.
#[derive(Clone, Debug, PartialEq)]
pub struct BuiltBundle {
    /// The whole bundle (not split).
    pub text: String,
    /// The text split for pasting: exactly one element (the text) when there is no paste limit
    /// or the text fits it.
    pub parts: Vec<String>,
    /// `estimate_tokens(&text)`.
    pub estimated_tokens: u32,
    pub budget: Option<u32>,
    /// The sections included, in the order they appear in the text.
    pub sections: Vec<SectionKind>,
    pub omitted: Vec<Omission>,
    /// "omitted: 3 older sessions, 120 transcript turns", or "" when nothing was left out: the
    /// line as the bundle says it, in the bundle's language.
    pub omitted_summary: String,
    /// What the required sections alone cost.
    pub required_tokens: u32,
    /// `Some(n)` when the bundle cannot fit the budget even with every optional section trimmed:
    /// `n` is how far the required sections alone exceed it (or, when they fit but the line
    /// saying what was omitted tips the bundle over, how far the bundle exceeds it).
    pub over_budget_by: Option<u32>,
    /// `estimated_tokens <= budget` (true when there is no budget).
    pub fits: bool,
    /// Required sections with no content (rendered with "(none recorded)"; a lint error).
    pub empty_required: Vec<SectionKind>,
    /// Knowledge entries included (their usage count is raised when the bundle is used).
    pub knowledge_ids: Vec<Id>,
    pub is_delta: bool,
    pub format: BundleFormat,
}

impl BuiltBundle {
    /// The bundle as kept with a handoff record: exactly the text that is copied, with what was
    /// trimmed and the lint notes of the moment.
    pub fn to_record(&self, format: BundleFormat, target_platform: Platform, lint: Vec<LintNote>) -> Bundle {
        Bundle {
            format,
            target_platform,
            budget: self.budget.unwrap_or(0),
            estimated_tokens: self.estimated_tokens,
            sections: self.sections.iter().map(|kind| kind.as_str().to_string()).collect(),
            trimmed: self.omitted.iter().map(omission_phrase).collect(),
            lint,
            text: self.text.clone(),
        }
    }
}

/// The language a bundle for `account` is written in: the account's own choice
/// ([`Account::bundle_language`]), else the interface language.
pub fn language_for(account: Option<&Account>, interface: Language) -> Language {
    account.and_then(|account| account.bundle_language).unwrap_or(interface)
}

/// The report block a bundle in `language` asks the receiving assistant to end its session
/// with, its headings in that language (the report parser reads every language's).
pub fn report_block(language: Language) -> String {
    words::words(language).report_request.block.join("\n")
}

/// The report block every English bundle asks the receiving assistant to end its session with
/// (the words of `locales/en/bundle.json`; see [`report_block`] for the others).
pub const REPORT_BLOCK: &str = "```handoff-report
status: completed | partial | blocked
credits_used: <number, optional>
## Done
- …
## Current state
…
## Next steps
1. …
## Blockers
- …
## Decisions
- <decision> — because <reason> (rejected: <alternative>, <alternative>)
## Files
- <path> — <note>
## Knowledge
- <category>: <title> — <one line>
```";

/// The format a platform gets unless the user chose another: XML-tagged for Claude, plain
/// text for Gemini, Markdown for the others.
pub fn default_format(platform: Platform) -> BundleFormat {
    match platform {
        Platform::Claude => BundleFormat::Xml,
        Platform::Gemini => BundleFormat::Plain,
        Platform::Chatgpt | Platform::Genspark | Platform::Other => BundleFormat::Markdown,
    }
}

/// The file extension of a downloaded bundle, without the dot.
pub fn file_extension(format: BundleFormat) -> &'static str {
    match format {
        BundleFormat::Markdown | BundleFormat::Classic => "md",
        BundleFormat::Xml => "xml",
        BundleFormat::Plain => "txt",
        BundleFormat::Json => "json",
    }
}

/// "baton-handoff-<project slug>-YYYY-MM-DD.<ext>" (the date in UTC).
pub fn file_name(project_name: &str, format: BundleFormat, built_at: Timestamp) -> String {
    const SLUG_MAX: usize = 40;
    let mut slug = String::new();
    for c in project_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= SLUG_MAX {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "project" } else { slug };
    format!("baton-handoff-{slug}-{}.{}", built_at.datetime().format("%Y-%m-%d"), file_extension(format))
}

/// Builds the bundle: renders every section, trims to the budget, splits for the paste limit.
pub fn build(input: &BuildInput, options: &BuildOptions) -> BuiltBundle {
    let model = model::build_model(input, options);
    let format = options.format;
    let render_with = |dropped: usize| {
        let omitted = model.omissions(dropped);
        let summary = omitted_summary(&omitted, model.words);
        let (text, sections) = render::render(&model, format, render::Selection::Dropping(dropped), &summary);
        let tokens = estimate_tokens(&text);
        (text, sections, omitted, summary, tokens)
    };

    let (required_text, _) = render::render(&model, format, render::Selection::RequiredOnly, "");
    let required_tokens = estimate_tokens(&required_text);

    // How many items of the trim order to drop. With a budget: keep items from the last to be
    // trimmed down while their estimated costs fit beside the required sections, then render and
    // drop more while the real estimate is over (headings and the omitted line are not in the
    // item costs). A few renders, whatever the number of items.
    let mut dropped = 0;
    let chosen = match options.budget {
        None => render_with(0),
        Some(budget) => {
            let mut costs = render::ItemCosts::new(&model, format);
            let trimmable = costs.len();
            let mut kept_cost = u64::from(required_tokens);
            dropped = trimmable;
            while dropped > 0 {
                let cost = u64::from(costs.cost(dropped - 1));
                if kept_cost + cost > u64::from(budget) {
                    break;
                }
                kept_cost += cost;
                dropped -= 1;
            }
            let mut chosen = render_with(dropped);
            while chosen.4 > budget && dropped < trimmable {
                let excess = u64::from(chosen.4 - budget);
                let mut freed = 0;
                while dropped < trimmable && freed < excess {
                    freed += u64::from(costs.cost(dropped));
                    dropped += 1;
                }
                chosen = render_with(dropped);
            }
            chosen
        }
    };

    let (text, sections, omitted, omitted_summary, estimated_tokens) = chosen;
    let fits = options.budget.is_none_or(|budget| estimated_tokens <= budget);
    let over_budget_by = match options.budget {
        Some(budget) if !fits => {
            Some(if required_tokens > budget { required_tokens - budget } else { estimated_tokens - budget })
        }
        _ => None,
    };
    let parts = match options.paste_limit {
        Some(limit) => split_in(&text, limit, options.language).parts,
        None => vec![text.clone()],
    };
    let knowledge_ids = model.visible_knowledge(dropped);
    BuiltBundle {
        parts,
        estimated_tokens,
        budget: options.budget,
        empty_required: model.empty_required(),
        sections,
        omitted,
        omitted_summary,
        required_tokens,
        over_budget_by,
        fits,
        knowledge_ids,
        is_delta: input.delta_since.is_some(),
        format,
        text,
    }
}

/// "3 older sessions", "1 older session".
fn omission_phrase(omission: &Omission) -> String {
    let what = match model::TrimGroup::from_plural(&omission.what) {
        Some(group) if omission.count == 1 => group.singular().to_string(),
        _ => omission.what.clone(),
    };
    format!("{} {what}", omission.count)
}

/// "omitted: 3 older sessions, 120 transcript turns", or "" when nothing was left out, in the
/// language of `words`.
fn omitted_summary(omitted: &[Omission], words: &words::BundleWords) -> String {
    if omitted.is_empty() {
        return String::new();
    }
    let phrases: Vec<String> = omitted
        .iter()
        .map(|omission| match model::TrimGroup::from_plural(&omission.what) {
            Some(group) => group.wording(words).count(omission.count),
            None => omission_phrase(omission),
        })
        .collect();
    words::fill(&words.omitted.line, &[("list", &phrases.join(", "))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_have_names_priorities_and_parse_back() {
        assert_eq!(SectionKind::ALL.len(), 13);
        for kind in SectionKind::ALL {
            assert_eq!(SectionKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(SectionKind::parse(&format!(" {} ", kind.english().to_uppercase())), Some(*kind));
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(SectionKind::parse("nonsense"), None);
        assert_eq!(SectionKind::NextSteps.english(), "Next steps");
        let required: Vec<_> = SectionKind::ALL.iter().filter(|kind| kind.is_required()).collect();
        assert_eq!(required.len(), 7);
        assert_eq!(SectionKind::Decisions.priority(), Priority::High);
        assert_eq!(SectionKind::KeyFiles.priority(), Priority::Medium);
        assert_eq!(SectionKind::Knowledge.priority(), Priority::Low);
        assert_eq!(SectionKind::Transcript.priority(), Priority::Lowest);
        assert!(Priority::Required < Priority::Lowest);
    }

    #[test]
    fn platforms_get_their_default_format() {
        assert_eq!(default_format(Platform::Claude), BundleFormat::Xml);
        assert_eq!(default_format(Platform::Gemini), BundleFormat::Plain);
        assert_eq!(default_format(Platform::Chatgpt), BundleFormat::Markdown);
        assert_eq!(default_format(Platform::Genspark), BundleFormat::Markdown);
        assert_eq!(default_format(Platform::Other), BundleFormat::Markdown);
    }

    #[test]
    fn file_names_are_slugged_and_dated() {
        let at = Timestamp::parse("2026-03-04T23:59:00Z").unwrap();
        assert_eq!(
            file_name("Invoice parser (v2)!", BundleFormat::Xml, at),
            "baton-handoff-invoice-parser-v2-2026-03-04.xml"
        );
        assert_eq!(file_name("  ", BundleFormat::Plain, at), "baton-handoff-project-2026-03-04.txt");
        assert_eq!(file_name("Café", BundleFormat::Json, at), "baton-handoff-caf-2026-03-04.json");
        let long = file_name(&"a".repeat(100), BundleFormat::Classic, at);
        assert_eq!(long, format!("baton-handoff-{}-2026-03-04.md", "a".repeat(40)));
        assert_eq!(file_extension(BundleFormat::Markdown), "md");
    }

    #[test]
    fn the_report_block_is_the_spec_template() {
        assert!(REPORT_BLOCK.starts_with("```handoff-report\nstatus: completed | partial | blocked\n"));
        assert!(REPORT_BLOCK.ends_with("## Knowledge\n- <category>: <title> — <one line>\n```"));
        let headings: Vec<&str> = REPORT_BLOCK.lines().filter(|line| line.starts_with("## ")).collect();
        assert_eq!(
            headings,
            ["## Done", "## Current state", "## Next steps", "## Blockers", "## Decisions", "## Files", "## Knowledge"]
        );
    }
}
