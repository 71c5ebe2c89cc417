//! The content of a bundle, independent of its format: sections made of paragraphs, fields,
//! lists and entries, where every item that budget trimming may drop carries its rank in the
//! trim order.
//!
//! The parts: this file (the model's types, reading the input, ranking the trim order), `full`
//! (each section of a whole bundle), `delta` (the sections that change in a delta bundle) and
//! `lines` (one line per file, decision, session or knowledge entry, and the text clean-up).

use super::split::{fence_closes, fence_open};
use super::words::{fill, words, BundleWords, Plural};
use super::{BuildInput, BuildOptions, Omission, SectionKind};
use crate::diff::{diff_states, Change};
use crate::ids::Id;
use crate::records::{
    Account, Checkpoint, Decision, Importance, KeyFile, KnowledgeEntry, Platform, Session, SessionStatus,
};
use crate::rules::success_rate;
use serde_json::{json, Value};
use std::cmp::Ordering;
use std::collections::BTreeSet;

mod delta;
mod full;
mod lines;

use delta::*;
use full::*;
use lines::*;

/// Code blocks of the transcript longer than this many lines are shortened.
const CODE_LINES_MAX: usize = 30;
/// Lines kept at the start and at the end of a shortened code block.
const CODE_HEAD_LINES: usize = 15;
const CODE_TAIL_LINES: usize = 5;
/// A knowledge entry's body is cut after this many characters.
const KNOWLEDGE_BODY_MAX: usize = 800;
/// The delta bundle's recap of the goal is cut after this many characters.
const RECAP_MAX: usize = 600;

/// The kinds of items budget trimming drops, in the order it drops them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TrimGroup {
    Transcript,
    Knowledge,
    Sessions,
    Files,
    Decisions,
    Constraints,
    DoNotRedo,
    /// Critical and high importance key files: kept until everything else optional is gone.
    ImportantFiles,
}

impl TrimGroup {
    /// The order of the omitted line: the order of the sections.
    const IN_SECTION_ORDER: [TrimGroup; 7] = [
        TrimGroup::Decisions,
        TrimGroup::Constraints,
        TrimGroup::DoNotRedo,
        TrimGroup::Sessions,
        TrimGroup::Files,
        TrimGroup::Knowledge,
        TrimGroup::Transcript,
    ];

    pub(super) fn plural(&self) -> &'static str {
        match self {
            TrimGroup::Transcript => "transcript turns",
            TrimGroup::Knowledge => "knowledge entries",
            TrimGroup::Sessions => "older sessions",
            TrimGroup::Files | TrimGroup::ImportantFiles => "key files",
            TrimGroup::Decisions => "decisions",
            TrimGroup::Constraints => "constraints",
            TrimGroup::DoNotRedo => "\"do not redo\" items",
        }
    }

    pub(super) fn singular(&self) -> &'static str {
        match self {
            TrimGroup::Transcript => "transcript turn",
            TrimGroup::Knowledge => "knowledge entry",
            TrimGroup::Sessions => "older session",
            TrimGroup::Files | TrimGroup::ImportantFiles => "key file",
            TrimGroup::Decisions => "decision",
            TrimGroup::Constraints => "constraint",
            TrimGroup::DoNotRedo => "\"do not redo\" item",
        }
    }

    pub(super) fn from_plural(text: &str) -> Option<TrimGroup> {
        TrimGroup::IN_SECTION_ORDER.into_iter().find(|group| group.plural() == text)
    }

    /// The group's count as a bundle in that language words it ("3 older sessions").
    pub(super) fn wording<'w>(&self, words: &'w BundleWords) -> &'w Plural {
        let omitted = &words.omitted;
        match self {
            TrimGroup::Transcript => &omitted.transcript,
            TrimGroup::Knowledge => &omitted.knowledge,
            TrimGroup::Sessions => &omitted.sessions,
            TrimGroup::Files | TrimGroup::ImportantFiles => &omitted.files,
            TrimGroup::Decisions => &omitted.decisions,
            TrimGroup::Constraints => &omitted.constraints,
            TrimGroup::DoNotRedo => &omitted.do_not_redo,
        }
    }
}

/// One list item or entry: its lines (the first, then continuation lines), its value in the JSON
/// format, and where it stands in the trim order.
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub lines: Vec<String>,
    pub data: Value,
    /// The group and the order within it (lower is dropped first); `None` is never trimmed.
    pub trim: Option<(TrimGroup, usize)>,
    /// Position in the whole trim order, set once every item is known.
    pub rank: Option<usize>,
    /// The knowledge entry the item shows.
    pub source: Option<Id>,
}

impl Item {
    fn new(lines: Vec<String>, data: Value) -> Item {
        Item { lines, data, trim: None, rank: None, source: None }
    }

    fn text(text: &str) -> Item {
        Item::new(text_lines(text), Value::String(text.trim().to_string()))
    }

    fn trimmed(mut self, group: TrimGroup, order: usize) -> Item {
        self.trim = Some((group, order));
        self
    }
}

/// A labelled value of the header.
#[derive(Clone, Debug)]
pub(super) struct Field {
    /// The JSON key.
    pub key: &'static str,
    pub label: String,
    pub value: String,
}

#[derive(Clone, Debug)]
pub(super) enum Block {
    /// Text, possibly of several lines.
    Paragraph(String),
    Fields(Vec<Field>),
    /// A list; `caption` is shown before it when it has items; `key` names it in JSON.
    List {
        caption: Option<String>,
        key: &'static str,
        numbered: bool,
        items: Vec<Item>,
    },
    /// Multi-line entries shown one after the other (transcript turns).
    Entries(Vec<Item>),
    /// Text shown exactly as it is (the report block).
    Verbatim(String),
}

#[derive(Clone, Debug)]
pub(super) struct Section {
    pub kind: SectionKind,
    /// The section's heading in the bundle's language (set by [`build_model`] unless `custom`).
    pub heading: String,
    /// The heading says more than the section's name (a delta's "Decisions changed since …").
    pub custom: bool,
    pub blocks: Vec<Block>,
    /// A required section with nothing recorded.
    pub empty: bool,
}

impl Section {
    fn new(kind: SectionKind, blocks: Vec<Block>) -> Section {
        Section { kind, heading: String::new(), custom: false, blocks, empty: false }
    }

    /// A required section with nothing to say: shown as such ("(none recorded)", so the reader
    /// and the lint see it is empty), and reported.
    fn empty(kind: SectionKind, words: &BundleWords) -> Section {
        Section {
            kind,
            heading: String::new(),
            custom: false,
            blocks: vec![Block::Paragraph(words.body.none_recorded.clone())],
            empty: true,
        }
    }

    fn headed(mut self, heading: String) -> Section {
        self.heading = heading;
        self.custom = true;
        self
    }
}

/// The whole content of a bundle.
#[derive(Clone, Debug)]
pub(super) struct Model {
    /// The words of the bundle's language.
    pub words: &'static BundleWords,
    /// The project's name on one line (the classic layout's title).
    pub project: String,
    pub sections: Vec<Section>,
    /// Items left out by the caps of the options, before any trimming.
    pub capped: Vec<(TrimGroup, usize)>,
    /// The group of each rank of the trim order.
    pub ranks: Vec<TrimGroup>,
}

impl Model {
    /// What is left out when the first `dropped` items of the trim order are dropped.
    pub(super) fn omissions(&self, dropped: usize) -> Vec<Omission> {
        TrimGroup::IN_SECTION_ORDER
            .into_iter()
            .filter_map(|group| {
                // Both groups of key files count as key files.
                let same = |g: TrimGroup| g == group || (group == TrimGroup::Files && g == TrimGroup::ImportantFiles);
                let capped: usize = self.capped.iter().filter(|(g, _)| same(*g)).map(|(_, n)| n).sum();
                let trimmed = self.ranks[..dropped.min(self.ranks.len())].iter().filter(|g| same(**g)).count();
                let count = capped + trimmed;
                (count > 0).then(|| Omission { what: group.plural().to_string(), count })
            })
            .collect()
    }

    pub(super) fn empty_required(&self) -> Vec<SectionKind> {
        self.sections.iter().filter(|section| section.empty).map(|section| section.kind).collect()
    }

    /// The knowledge entries still shown when the first `dropped` items are dropped.
    pub(super) fn visible_knowledge(&self, dropped: usize) -> Vec<Id> {
        self.sections
            .iter()
            .filter(|section| section.kind == SectionKind::Knowledge)
            .flat_map(|section| section.blocks.iter())
            .flat_map(block_items)
            .filter(|item| item.rank.is_none_or(|rank| rank >= dropped))
            .filter_map(|item| item.source)
            .collect()
    }
}

/// The items of a block (none for text blocks).
pub(super) fn block_items(block: &Block) -> &[Item] {
    match block {
        Block::List { items, .. } | Block::Entries(items) => items,
        _ => &[],
    }
}

/// Reads the input into the content model, with every trimmable item ranked.
pub(super) fn build_model(input: &BuildInput, options: &BuildOptions) -> Model {
    let mut sessions: Vec<&Session> = input.sessions.iter().filter(|s| s.deleted_at.is_none()).collect();
    sessions.sort_by(|a, b| b.number.cmp(&a.number).then(b.started_at.cmp(&a.started_at)).then(a.id.cmp(&b.id)));
    let words = words(options.language);
    let mut builder = Builder { input, options, words, sessions, capped: Vec::new() };
    let mut sections = vec![builder.header(), builder.instructions()];
    match input.delta_since {
        None => {
            sections.extend([builder.goal(), builder.current_state(), builder.next_steps(), builder.blockers()]);
            sections.extend(builder.decisions());
            sections.extend(builder.constraints());
        }
        Some(checkpoint) => {
            let delta = Delta::new(checkpoint, input, words);
            sections.extend([delta.goal(), delta.current_state(), delta.next_steps(), builder.blockers()]);
            sections.extend(delta.decisions());
            sections.extend(delta.constraints());
        }
    }
    sections.extend(builder.done_so_far());
    sections.extend(match input.delta_since {
        None => builder.key_files(),
        Some(checkpoint) => Delta::new(checkpoint, input, words).key_files(),
    });
    sections.extend(builder.knowledge());
    sections.extend(builder.transcript());
    sections.push(report_request(words));
    sections.retain(|section| section.kind.is_required() || !options.excluded.contains(&section.kind));
    for section in sections.iter_mut().filter(|section| !section.custom) {
        section.heading = words.headings.of(section.kind).to_string();
    }

    let ranks = assign_ranks(&mut sections);
    Model { words, project: one_line(&input.project.name), sections, capped: builder.capped, ranks }
}

/// Numbers every trimmable item in trim order (group, then order within the group).
fn assign_ranks(sections: &mut [Section]) -> Vec<TrimGroup> {
    let mut keys: Vec<(TrimGroup, usize, usize, usize, usize)> = Vec::new();
    for (s, section) in sections.iter().enumerate() {
        for (b, block) in section.blocks.iter().enumerate() {
            for (i, item) in block_items(block).iter().enumerate() {
                if let Some((group, order)) = item.trim {
                    keys.push((group, order, s, b, i));
                }
            }
        }
    }
    keys.sort();
    for (rank, &(_, _, s, b, i)) in keys.iter().enumerate() {
        if let Block::List { items, .. } | Block::Entries(items) = &mut sections[s].blocks[b] {
            items[i].rank = Some(rank);
        }
    }
    keys.into_iter().map(|(group, ..)| group).collect()
}
