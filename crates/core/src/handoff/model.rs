//! The content of a bundle, independent of its format: sections made of paragraphs, fields,
//! lists and entries, where every item that budget trimming may drop carries its rank in the
//! trim order.

use super::split::{fence_closes, fence_open};
use super::{BuildInput, BuildOptions, Omission, SectionKind, REPORT_BLOCK};
use crate::diff::{diff_states, Change};
use crate::ids::Id;
use crate::records::{
    Account, Checkpoint, Decision, Importance, KeyFile, KnowledgeEntry, Platform, Session, SessionStatus,
};
use crate::rules::success_rate;
use serde_json::{json, Value};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Code blocks of the transcript longer than this many lines are shortened.
const CODE_LINES_MAX: usize = 30;
/// Lines kept at the start and at the end of a shortened code block.
const CODE_HEAD_LINES: usize = 15;
const CODE_TAIL_LINES: usize = 5;
/// A knowledge entry's body is cut after this many characters.
const KNOWLEDGE_BODY_MAX: usize = 800;
/// The delta bundle's recap of the goal is cut after this many characters.
const RECAP_MAX: usize = 600;
/// What an empty required section says, so the reader (and the lint) see it is empty.
pub(super) const NONE_RECORDED: &str = "(none recorded)";

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
    pub label: &'static str,
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
    pub heading: String,
    pub blocks: Vec<Block>,
    /// A required section with nothing recorded.
    pub empty: bool,
}

impl Section {
    fn new(kind: SectionKind, blocks: Vec<Block>) -> Section {
        Section { kind, heading: kind.label().to_string(), blocks, empty: false }
    }

    /// A required section with nothing to say: shown as such, and reported.
    fn empty(kind: SectionKind) -> Section {
        Section {
            kind,
            heading: kind.label().to_string(),
            blocks: vec![Block::Paragraph(NONE_RECORDED.into())],
            empty: true,
        }
    }

    fn headed(mut self, heading: String) -> Section {
        self.heading = heading;
        self
    }
}

/// The whole content of a bundle.
#[derive(Clone, Debug)]
pub(super) struct Model {
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
    let mut builder = Builder { input, options, sessions, capped: Vec::new() };
    let mut sections = vec![builder.header(), builder.instructions()];
    match input.delta_since {
        None => {
            sections.extend([builder.goal(), builder.current_state(), builder.next_steps(), builder.blockers()]);
            sections.extend(builder.decisions());
            sections.extend(builder.constraints());
        }
        Some(checkpoint) => {
            let delta = Delta::new(checkpoint, input);
            sections.extend([delta.goal(), delta.current_state(), delta.next_steps(), builder.blockers()]);
            sections.extend(delta.decisions());
            sections.extend(delta.constraints());
        }
    }
    sections.extend(builder.done_so_far());
    sections.extend(match input.delta_since {
        None => builder.key_files(),
        Some(checkpoint) => Delta::new(checkpoint, input).key_files(),
    });
    sections.extend(builder.knowledge());
    sections.extend(builder.transcript());
    sections.push(report_request());
    sections.retain(|section| section.kind.is_required() || !options.excluded.contains(&section.kind));

    let ranks = assign_ranks(&mut sections);
    Model { sections, capped: builder.capped, ranks }
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

struct Builder<'i, 'a> {
    input: &'i BuildInput<'a>,
    options: &'i BuildOptions,
    /// Not deleted, newest first.
    sessions: Vec<&'a Session>,
    capped: Vec<(TrimGroup, usize)>,
}

impl<'a> Builder<'_, 'a> {
    fn wanted(&self, kind: SectionKind) -> bool {
        !self.options.excluded.contains(&kind)
    }

    fn header(&self) -> Section {
        let input = self.input;
        let mut fields = vec![
            Field { key: "project", label: "Project", value: input.project.name.clone() },
            Field { key: "handoff_id", label: "Handoff id", value: input.handoff_id.to_string() },
            Field { key: "date", label: "Date", value: input.built_at.to_text() },
            Field { key: "from", label: "From", value: account_label(input.from_account, "not recorded") },
            Field { key: "to", label: "To", value: account_label(input.to_account, "any account") },
            Field {
                key: "continuing_session",
                label: "Continuing as",
                value: format!("session {}", input.continuing_session_number),
            },
        ];
        if let Some(checkpoint) = input.latest_checkpoint {
            let mut value = checkpoint_name(checkpoint);
            if let Some(git_ref) = checkpoint.git_ref.as_deref().map(one_line).filter(|git_ref| !git_ref.is_empty()) {
                value.push_str(&format!(", git {git_ref}"));
            }
            fields.push(Field { key: "latest_checkpoint", label: "Latest checkpoint", value });
        }
        if let Some(checkpoint) = input.delta_since {
            fields.push(Field { key: "delta_since", label: "Changes since", value: checkpoint_name(checkpoint) });
        }
        Section::new(SectionKind::Header, vec![Block::Fields(fields)])
            .headed(format!("Handoff: {}", one_line(&input.project.name)))
    }

    fn instructions(&self) -> Section {
        let mut lines = vec![
            format!(
                "You are continuing work on the project \"{}\" that another assistant started. Treat this briefing as your memory of it.",
                one_line(&self.input.project.name)
            ),
            "Do not redo anything listed as done or under \"do not redo\".".to_string(),
            "Start with the first of the next steps: it is the exact next action.".to_string(),
            "If anything here is ambiguous or seems wrong, ask before acting on it.".to_string(),
            "End your session with the report block at the end of this briefing, filled in.".to_string(),
        ];
        if let Some(checkpoint) = self.input.delta_since {
            lines.insert(
                1,
                format!(
                    "This is a delta briefing: it lists what changed since {}; the earlier briefing holds the rest.",
                    checkpoint_name(checkpoint)
                ),
            );
        }
        let items = lines.iter().map(|line| Item::text(line)).collect();
        Section::new(
            SectionKind::Instructions,
            vec![Block::List { caption: None, key: "items", numbered: true, items }],
        )
    }

    fn goal(&self) -> Section {
        let project = self.input.project;
        let goal = project.state.goal.trim();
        let description = project.description.trim();
        let mut blocks = Vec::new();
        if !goal.is_empty() {
            blocks.push(Block::Paragraph(clean_text(goal)));
        }
        if !description.is_empty() && description != goal {
            blocks.push(Block::Paragraph(clean_text(description)));
        }
        if blocks.is_empty() {
            Section::empty(SectionKind::Goal)
        } else {
            Section::new(SectionKind::Goal, blocks)
        }
    }

    fn current_state(&self) -> Section {
        let state = self.input.project.state.current_state.trim();
        if !state.is_empty() {
            return Section::new(SectionKind::CurrentState, vec![Block::Paragraph(clean_text(state))]);
        }
        match self.sessions.iter().find(|session| !session.state_notes.trim().is_empty()) {
            Some(session) => Section::new(
                SectionKind::CurrentState,
                vec![
                    Block::Paragraph(format!("From the notes of session {}:", session.number)),
                    Block::Paragraph(clean_text(&session.state_notes)),
                ],
            ),
            None => Section::empty(SectionKind::CurrentState),
        }
    }

    fn next_steps(&self) -> Section {
        let mut steps: Vec<String> = non_blank(&self.input.project.state.next_steps);
        let mut blocks = Vec::new();
        if steps.is_empty() {
            if let Some(session) = self.sessions.iter().find(|session| !session.next_steps.trim().is_empty()) {
                steps = list_items(&session.next_steps);
                blocks.push(Block::Paragraph(format!("From the report of session {}:", session.number)));
            }
        }
        if steps.is_empty() {
            return Section::empty(SectionKind::NextSteps);
        }
        blocks.push(Block::List { caption: None, key: "items", numbered: true, items: next_step_items(&steps) });
        Section::new(SectionKind::NextSteps, blocks)
    }

    fn blockers(&self) -> Section {
        let blockers = self.sessions.first().map(|session| list_items(&session.blockers)).unwrap_or_default();
        if blockers.is_empty() {
            return Section::empty(SectionKind::Blockers);
        }
        let items = blockers.iter().map(|blocker| Item::text(blocker)).collect();
        Section::new(SectionKind::Blockers, vec![Block::List { caption: None, key: "items", numbered: false, items }])
    }

    fn decisions(&self) -> Option<Section> {
        let decisions = &self.input.project.state.decisions;
        if !self.wanted(SectionKind::Decisions) || decisions.is_empty() {
            return None;
        }
        let age = oldest_first(decisions.len(), |a, b| decisions[a].decided_at.cmp(&decisions[b].decided_at));
        let items = decisions
            .iter()
            .enumerate()
            .map(|(index, decision)| {
                Item::new(text_lines(&decision_line(decision)), decision_data(decision))
                    .trimmed(TrimGroup::Decisions, age[index])
            })
            .collect();
        Some(Section::new(
            SectionKind::Decisions,
            vec![Block::List { caption: None, key: "items", numbered: false, items }],
        ))
    }

    fn constraints(&self) -> Option<Section> {
        let state = &self.input.project.state;
        let constraints = non_blank(&state.constraints);
        let do_not_redo = non_blank(&state.do_not_redo);
        if !self.wanted(SectionKind::Constraints) || (constraints.is_empty() && do_not_redo.is_empty()) {
            return None;
        }
        let list = |texts: &[String], group: TrimGroup| -> Vec<Item> {
            texts.iter().enumerate().map(|(order, text)| Item::text(text).trimmed(group, order)).collect()
        };
        Some(Section::new(
            SectionKind::Constraints,
            vec![
                Block::List {
                    caption: None,
                    key: "items",
                    numbered: false,
                    items: list(&constraints, TrimGroup::Constraints),
                },
                Block::List {
                    caption: Some("Do not redo:".into()),
                    key: "do_not_redo",
                    numbered: false,
                    items: list(&do_not_redo, TrimGroup::DoNotRedo),
                },
            ],
        ))
    }

    fn done_so_far(&mut self) -> Option<Section> {
        if !self.wanted(SectionKind::DoneSoFar) {
            return None;
        }
        let since = self.input.delta_since.map(|checkpoint| checkpoint.created_at);
        let done: Vec<&Session> = self
            .sessions
            .iter()
            .copied()
            .filter(|s| s.status != SessionStatus::InProgress && !s.accomplishments.trim().is_empty())
            .filter(|s| since.is_none_or(|since| s.ended_at.unwrap_or(s.updated_at) > since))
            .collect();
        let kept = done.len().min(self.options.max_sessions);
        self.cap(TrimGroup::Sessions, done.len() - kept);
        if kept == 0 {
            return None;
        }
        let items = done[..kept]
            .iter()
            .enumerate()
            .map(|(index, session)| session_item(session).trimmed(TrimGroup::Sessions, kept - 1 - index))
            .collect();
        let section = Section::new(
            SectionKind::DoneSoFar,
            vec![Block::List { caption: None, key: "items", numbered: false, items }],
        );
        Some(match self.input.delta_since {
            Some(checkpoint) => section.headed(format!("Done since {}", checkpoint_name(checkpoint))),
            None => section,
        })
    }

    fn key_files(&self) -> Option<Section> {
        let files = &self.input.project.state.files;
        if !self.wanted(SectionKind::KeyFiles) || files.is_empty() {
            return None;
        }
        let items = file_items(files.iter().collect(), |file| (file_line(file, ""), file_data(file)));
        Some(Section::new(
            SectionKind::KeyFiles,
            vec![Block::List { caption: None, key: "items", numbered: false, items }],
        ))
    }

    fn knowledge(&mut self) -> Option<Section> {
        if !self.wanted(SectionKind::Knowledge) {
            return None;
        }
        let ranked = rank_knowledge(self.input);
        let kept = ranked.len().min(self.options.max_knowledge);
        self.cap(TrimGroup::Knowledge, ranked.len() - kept);
        if kept == 0 {
            return None;
        }
        let items = ranked[..kept]
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let mut item = knowledge_item(entry).trimmed(TrimGroup::Knowledge, kept - 1 - index);
                item.source = Some(entry.id);
                item
            })
            .collect();
        Some(Section::new(
            SectionKind::Knowledge,
            vec![Block::List { caption: None, key: "items", numbered: false, items }],
        ))
    }

    fn transcript(&mut self) -> Option<Section> {
        if !self.wanted(SectionKind::Transcript) {
            return None;
        }
        let turns: Vec<_> =
            self.input.transcript.iter().filter(|t| t.deleted_at.is_none() && !t.content.trim().is_empty()).collect();
        let kept = turns.len().min(self.options.max_transcript_turns);
        self.cap(TrimGroup::Transcript, turns.len() - kept);
        if kept == 0 {
            return None;
        }
        let items = turns[turns.len() - kept..]
            .iter()
            .enumerate()
            .map(|(order, turn)| {
                let content = shorten_code_blocks(&clean_text(&turn.content));
                let mut lines = vec![format!("{} (turn {}):", turn.role.label(), turn.seq)];
                lines.extend(content.lines().map(str::to_string));
                let data = json!({ "seq": turn.seq, "role": turn.role.as_str(), "text": content });
                Item::new(lines, data).trimmed(TrimGroup::Transcript, order)
            })
            .collect();
        Some(Section::new(SectionKind::Transcript, vec![Block::Entries(items)]))
    }

    fn cap(&mut self, group: TrimGroup, count: usize) {
        if count > 0 {
            self.capped.push((group, count));
        }
    }
}

fn report_request() -> Section {
    Section::new(
        SectionKind::ReportRequest,
        vec![
            Block::Paragraph(
                "When you end your session, finish your last message with this block, filled in (keep every heading; \
                 leave a section empty rather than dropping it):"
                    .into(),
            ),
            Block::Verbatim(REPORT_BLOCK.into()),
        ],
    )
}

/// What a delta bundle sends instead of the whole living state.
struct Delta<'a> {
    checkpoint: &'a Checkpoint,
    input: &'a BuildInput<'a>,
    diff: crate::diff::StateDiff,
    since: String,
}

impl<'a> Delta<'a> {
    fn new(checkpoint: &'a Checkpoint, input: &'a BuildInput<'a>) -> Delta<'a> {
        Delta {
            checkpoint,
            input,
            diff: diff_states(&checkpoint.state, &input.project.state),
            since: checkpoint_name(checkpoint),
        }
    }

    fn unchanged(&self) -> Block {
        Block::Paragraph(format!("Unchanged since {}.", self.since))
    }

    fn goal(&self) -> Section {
        let project = self.input.project;
        let recap = [project.state.goal.as_str(), project.description.as_str()]
            .iter()
            .map(|text| one_line(text))
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if recap.is_empty() {
            return Section::empty(SectionKind::Goal).headed("Goal (recap)".into());
        }
        let mut blocks = vec![Block::Paragraph(cut(&recap, RECAP_MAX))];
        if self.diff.goal.is_some() {
            blocks.push(Block::Paragraph(format!("The goal changed since {}.", self.since)));
        }
        Section::new(SectionKind::Goal, blocks).headed("Goal (recap)".into())
    }

    fn current_state(&self) -> Section {
        let section = |blocks| Section::new(SectionKind::CurrentState, blocks);
        match &self.diff.current_state {
            None if self.checkpoint.state.current_state.trim().is_empty() => Section::empty(SectionKind::CurrentState),
            None => section(vec![self.unchanged()]),
            Some((_, after)) if after.trim().is_empty() => {
                let mut empty = Section::empty(SectionKind::CurrentState);
                empty.blocks.insert(0, Block::Paragraph(format!("Cleared since {}.", self.since)));
                empty
            }
            Some((_, after)) => section(vec![
                Block::Paragraph(format!("Changed since {}; it now reads:", self.since)),
                Block::Paragraph(clean_text(after)),
            ]),
        }
    }

    fn next_steps(&self) -> Section {
        let steps = non_blank(&self.input.project.state.next_steps);
        if steps.is_empty() {
            let mut empty = Section::empty(SectionKind::NextSteps);
            if !self.diff.next_steps.is_empty() {
                empty.blocks.insert(0, Block::Paragraph(format!("All were removed since {}.", self.since)));
            }
            return empty;
        }
        let mut blocks = vec![Block::Paragraph(format!("Next action: {}", steps[0]))];
        if self.diff.next_steps.is_empty() && !self.diff.next_steps_reordered {
            blocks.push(self.unchanged());
        } else {
            let items = self
                .diff
                .next_steps
                .iter()
                .map(|change| {
                    let (line, data) = text_change(change, |text| match steps.iter().position(|step| step == text) {
                        Some(index) => format!("(now step {}) {text}", index + 1),
                        None => text.to_string(),
                    });
                    Item::new(text_lines(&line), data)
                })
                .collect();
            blocks.push(Block::List {
                caption: Some(format!("Changed since {}:", self.since)),
                key: "changes",
                numbered: false,
                items,
            });
            if self.diff.next_steps_reordered {
                blocks.push(Block::List {
                    caption: Some("The order changed; the steps now read:".into()),
                    key: "items",
                    numbered: true,
                    items: next_step_items(&steps),
                });
            }
        }
        Section::new(SectionKind::NextSteps, blocks)
    }

    fn decisions(&self) -> Option<Section> {
        if self.diff.decisions.is_empty() {
            return None;
        }
        let items = self
            .diff
            .decisions
            .iter()
            .enumerate()
            .map(|(order, change)| {
                let (verb, decision) = change_parts(change, "New", "Withdrawn");
                let line = format!("{verb}: {}", decision_line(decision));
                let data = json!({ "change": change_name(change), "decision": decision_data(decision) });
                Item::new(text_lines(&line), data).trimmed(TrimGroup::Decisions, order)
            })
            .collect();
        Some(
            Section::new(
                SectionKind::Decisions,
                vec![Block::List { caption: None, key: "changes", numbered: false, items }],
            )
            .headed(format!("Decisions changed since {}", self.since)),
        )
    }

    fn constraints(&self) -> Option<Section> {
        if self.diff.constraints.is_empty() && self.diff.do_not_redo.is_empty() {
            return None;
        }
        let list = |changes: &[Change<String>], group: TrimGroup| -> Vec<Item> {
            changes
                .iter()
                .enumerate()
                .map(|(order, change)| {
                    let (line, data) = text_change(change, str::to_string);
                    Item::new(text_lines(&line), data).trimmed(group, order)
                })
                .collect()
        };
        Some(
            Section::new(
                SectionKind::Constraints,
                vec![
                    Block::List {
                        caption: None,
                        key: "changes",
                        numbered: false,
                        items: list(&self.diff.constraints, TrimGroup::Constraints),
                    },
                    Block::List {
                        caption: Some("Do not redo:".into()),
                        key: "do_not_redo",
                        numbered: false,
                        items: list(&self.diff.do_not_redo, TrimGroup::DoNotRedo),
                    },
                ],
            )
            .headed(format!("Constraints and \"do not redo\" changed since {}", self.since)),
        )
    }

    fn key_files(&self) -> Option<Section> {
        if self.diff.files.is_empty() {
            return None;
        }
        let changes: Vec<&Change<KeyFile>> = self.diff.files.iter().collect();
        let items = file_items(changes, |change| {
            let (verb, file) = change_parts(change, "New", "No longer key");
            (file_line(file, &format!("{verb}: ")), json!({ "change": change_name(change), "file": file_data(file) }))
        });
        Some(
            Section::new(
                SectionKind::KeyFiles,
                vec![Block::List { caption: None, key: "changes", numbered: false, items }],
            )
            .headed(format!("Key files changed since {}", self.since)),
        )
    }
}

/// Something with an importance, for sorting key files (or their changes).
trait HasImportance {
    fn file(&self) -> &KeyFile;
}

impl HasImportance for &KeyFile {
    fn file(&self) -> &KeyFile {
        self
    }
}

impl HasImportance for &Change<KeyFile> {
    fn file(&self) -> &KeyFile {
        match self {
            Change::Added(file) | Change::Removed(file) | Change::Changed { after: file, .. } => file,
        }
    }
}

/// Key files with critical and high importance first. The trim order drops low, then normal
/// importance files before the decisions and constraints, and high, then critical ones only
/// after them; among equals, the last listed first.
fn file_items<T: HasImportance>(mut files: Vec<T>, show: impl Fn(&T) -> (String, Value)) -> Vec<Item> {
    files.sort_by_key(|file| file.file().importance);
    let count = files.len();
    files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let (line, data) = show(file);
            let group =
                if file.file().importance <= Importance::High { TrimGroup::ImportantFiles } else { TrimGroup::Files };
            Item::new(text_lines(&line), data).trimmed(group, count - 1 - index)
        })
        .collect()
}

fn file_line(file: &KeyFile, prefix: &str) -> String {
    let notes = file.notes.trim();
    let importance = file.importance.as_str();
    if notes.is_empty() {
        format!("{prefix}{} ({importance})", file.path.trim())
    } else {
        format!("{prefix}{} ({importance}) — {notes}", file.path.trim())
    }
}

fn file_data(file: &KeyFile) -> Value {
    json!({ "path": file.path.trim(), "importance": file.importance.as_str(), "notes": file.notes.trim() })
}

/// "Use IndexedDB — because it works offline (rejected: localStorage, a server)", the form the
/// report block asks for.
fn decision_line(decision: &Decision) -> String {
    let mut line = decision.text.trim().to_string();
    let rationale = decision.rationale.trim();
    if !rationale.is_empty() {
        line.push_str(" — because ");
        line.push_str(rationale);
    }
    let rejected = non_blank(&decision.rejected_alternatives);
    if !rejected.is_empty() {
        line.push_str(&format!(" (rejected: {})", rejected.join(", ")));
    }
    line
}

fn decision_data(decision: &Decision) -> Value {
    json!({
        "text": decision.text.trim(),
        "rationale": decision.rationale.trim(),
        "rejected_alternatives": non_blank(&decision.rejected_alternatives),
        "decided_at": decision.decided_at.map(|at| at.to_text()),
    })
}

fn next_step_items(steps: &[String]) -> Vec<Item> {
    steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let line = if index == 0 { format!("Next action: {step}") } else { step.clone() };
            Item::new(text_lines(&line), Value::String(step.clone()))
        })
        .collect()
}

fn session_item(session: &Session) -> Item {
    let mut about = Vec::new();
    if !session.account_label.trim().is_empty() {
        about.push(one_line(&session.account_label));
    }
    if let Some(ended) = session.ended_at {
        about.push(format!("ended {}", ended.datetime().format("%Y-%m-%d")));
    }
    let title = one_line(&session.title);
    let mut first = format!("Session {}", session.number);
    if !title.is_empty() {
        first.push_str(&format!(": {title}"));
    }
    if !about.is_empty() {
        first.push_str(&format!(" ({})", about.join(", ")));
    }
    let accomplishments = clean_text(&session.accomplishments);
    let mut lines = vec![format!("{first}:")];
    lines.extend(accomplishments.lines().map(str::to_string));
    let data = json!({
        "session": session.number,
        "title": title,
        "account": one_line(&session.account_label),
        "ended_at": session.ended_at.map(|at| at.to_text()),
        "accomplishments": accomplishments,
    });
    Item::new(lines, data)
}

fn knowledge_item(entry: &KnowledgeEntry) -> Item {
    let mut lines = vec![format!("{}: {}", entry.category.label(), one_line(&entry.title))];
    let body = cut(&clean_text(&entry.body), KNOWLEDGE_BODY_MAX);
    let body = balance_fences(&body);
    lines.extend(body.lines().map(str::to_string));
    let data = json!({
        "category": entry.category.as_str(),
        "title": one_line(&entry.title),
        "tags": entry.tags,
        "body": body,
    });
    Item::new(lines, data)
}

/// Knowledge entries that bear on the project, best first: by tag overlap (worth three), terms of
/// the project's name, goal, tags and next steps found in the entry, and a bonus for entries of
/// this project; ties go to the higher success rate, then the smaller id.
fn rank_knowledge<'a>(input: &BuildInput<'a>) -> Vec<&'a KnowledgeEntry> {
    let project = input.project;
    let project_tags: BTreeSet<String> = project.tags.iter().map(|tag| tag.trim().to_lowercase()).collect();
    let mut project_terms = BTreeSet::new();
    for text in [&project.name, &project.state.goal].into_iter().chain(&project.tags).chain(&project.state.next_steps) {
        project_terms.extend(terms(text));
    }
    let mut scored: Vec<(u32, Option<f64>, &KnowledgeEntry)> = input
        .knowledge
        .iter()
        .filter(|entry| entry.deleted_at.is_none() && entry.project_id.is_none_or(|id| id == project.id))
        .filter_map(|entry| {
            let tag_overlap =
                entry.tags.iter().filter(|tag| project_tags.contains(&tag.trim().to_lowercase())).count() as u32;
            let mut entry_terms = terms(&entry.title);
            entry_terms.extend(terms(&entry.body));
            for tag in &entry.tags {
                entry_terms.extend(terms(tag));
            }
            let term_matches = project_terms.intersection(&entry_terms).count() as u32;
            let own = u32::from(entry.project_id.is_some()) * 2;
            let score = 3 * tag_overlap + term_matches + own;
            (score > 0).then(|| (score, success_rate(entry.helped, entry.did_not_help), entry))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.unwrap_or(-1.0).partial_cmp(&a.1.unwrap_or(-1.0)).unwrap_or(Ordering::Equal))
            .then_with(|| a.2.id.cmp(&b.2.id))
    });
    scored.into_iter().map(|(_, _, entry)| entry).collect()
}

/// Words that say nothing about a subject.
const STOP_WORDS: &[&str] = &[
    "and", "are", "but", "can", "for", "from", "has", "have", "how", "into", "its", "not", "now", "our", "should",
    "that", "the", "their", "then", "there", "this", "use", "using", "was", "what", "when", "which", "will", "with",
    "you", "your",
];

/// The distinct lowercase words of at least three letters, without stop words.
fn terms(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .collect()
}

/// Positions of items when sorted oldest first by `compare` (ties keep list order).
fn oldest_first(len: usize, compare: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    indices.sort_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    let mut order = vec![0; len];
    for (position, index) in indices.into_iter().enumerate() {
        order[index] = position;
    }
    order
}

fn change_name<T>(change: &Change<T>) -> &'static str {
    match change {
        Change::Added(_) => "added",
        Change::Removed(_) => "removed",
        Change::Changed { .. } => "changed",
    }
}

/// The verb to show and the item as it is now (or was, when removed).
fn change_parts<'c, T>(change: &'c Change<T>, added: &'static str, removed: &'static str) -> (&'static str, &'c T) {
    match change {
        Change::Added(item) => (added, item),
        Change::Removed(item) => (removed, item),
        Change::Changed { after, .. } => ("Changed", after),
    }
}

/// A change of a text list item as a line and its JSON value.
fn text_change(change: &Change<String>, show: impl Fn(&str) -> String) -> (String, Value) {
    let line = match change {
        Change::Added(text) => format!("Added: {}", show(text)),
        Change::Removed(text) => format!("Removed: {text}"),
        Change::Changed { before, after } => format!("Changed: {before} → {}", show(after)),
    };
    let data = match change {
        Change::Added(text) | Change::Removed(text) => json!({ "change": change_name(change), "text": text }),
        Change::Changed { before, after } => json!({ "change": "changed", "before": before, "text": after }),
    };
    (line, data)
}

/// "Account name (Platform)", or `missing` when there is no account.
fn account_label(account: Option<&Account>, missing: &str) -> String {
    match account {
        None => missing.to_string(),
        Some(account) => {
            let platform = if account.platform == Platform::Other && !account.platform_label.trim().is_empty() {
                one_line(&account.platform_label)
            } else {
                account.platform.label().to_string()
            };
            format!("{} ({platform})", one_line(&account.name))
        }
    }
}

/// "“Before refactor” (2026-01-02)" or "the checkpoint of 2026-01-02".
fn checkpoint_name(checkpoint: &Checkpoint) -> String {
    let date = checkpoint.created_at.datetime().format("%Y-%m-%d");
    let label = one_line(&checkpoint.label);
    if label.is_empty() {
        format!("the checkpoint of {date}")
    } else {
        format!("the checkpoint \"{label}\" ({date})")
    }
}

/// The text on one line, runs of whitespace made one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The non-blank items of a list, trimmed.
fn non_blank(items: &[String]) -> Vec<String> {
    items.iter().map(|item| one_line(item)).filter(|item| !item.is_empty()).collect()
}

/// The items of free text written as a list: one per non-blank line, without bullets or numbers.
fn list_items(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let line = line.trim();
            let line = line.trim_start_matches(['-', '*', '•']).trim_start();
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let rest = &line[digits..];
            if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
                rest[2..].trim().to_string()
            } else {
                line.to_string()
            }
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// Text as lines for an item: trailing spaces and outer blank lines removed, fences balanced.
fn text_lines(text: &str) -> Vec<String> {
    let cleaned = clean_text(text);
    let lines: Vec<String> = cleaned.lines().map(str::to_string).collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// User text made safe to place in a bundle: line endings normalised, trailing spaces and outer
/// blank lines removed, and a code fence left open closed (so it cannot swallow what follows).
pub(super) fn clean_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = lines.iter().position(|line| !line.is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|line| !line.is_empty()).map_or(start, |last| last + 1);
    balance_fences(&lines[start..end].join("\n"))
}

/// Closes a code fence the text leaves open.
fn balance_fences(text: &str) -> String {
    let mut open = None;
    for line in text.lines() {
        match open {
            None => open = fence_open(line),
            Some(fence) if fence_closes(line, fence) => open = None,
            Some(_) => {}
        }
    }
    match open {
        None => text.to_string(),
        Some((mark, run)) => format!("{text}\n{}", mark.to_string().repeat(run)),
    }
}

/// Shortens code blocks longer than [`CODE_LINES_MAX`] lines to their first and last lines,
/// with a marker saying how many lines were left out. Expects balanced fences.
fn shorten_code_blocks(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut code: Vec<&str> = Vec::new();
    let mut open = None;
    for line in text.lines() {
        match open {
            None => {
                open = fence_open(line);
                out.push(line.to_string());
            }
            Some(fence) if fence_closes(line, fence) => {
                if code.len() > CODE_LINES_MAX {
                    let omitted = code.len() - CODE_HEAD_LINES - CODE_TAIL_LINES;
                    out.extend(code[..CODE_HEAD_LINES].iter().map(|line| line.to_string()));
                    out.push(format!("… {omitted} lines omitted …"));
                    out.extend(code[code.len() - CODE_TAIL_LINES..].iter().map(|line| line.to_string()));
                } else {
                    out.extend(code.iter().map(|line| line.to_string()));
                }
                code.clear();
                open = None;
                out.push(line.to_string());
            }
            Some(_) => code.push(line),
        }
    }
    out.extend(code.iter().map(|line| line.to_string()));
    out.join("\n")
}

/// The text cut to at most `max` characters at a word boundary, with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(index, _)| index);
    let head = &text[..end];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > end / 2 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_code_blocks_are_shortened_with_a_marker() {
        let code: Vec<String> = (1..=77).map(|n| format!("line {n}")).collect();
        let text = format!("Here:\n```rust\n{}\n```\nAfter.", code.join("\n"));
        let short = shorten_code_blocks(&text);
        assert!(short.contains("… 57 lines omitted …"), "{short}");
        assert!(short.contains("line 15\n… 57"));
        assert!(short.contains("lines omitted …\nline 73"));
        assert!(short.ends_with("line 77\n```\nAfter."));
        let small = "```\na\nb\n```";
        assert_eq!(shorten_code_blocks(small), small);
    }

    #[test]
    fn open_fences_are_closed() {
        assert_eq!(clean_text("\n\nsee:\n```js\nlet a = 1;  \n\n"), "see:\n```js\nlet a = 1;\n```");
        assert_eq!(clean_text("~~~~\nx\n~~~~"), "~~~~\nx\n~~~~");
    }

    #[test]
    fn list_items_lose_their_bullets_and_numbers() {
        assert_eq!(list_items("- a\n* b\n\n• c\n1. d\n2) e\n2026 plan"), ["a", "b", "c", "d", "e", "2026 plan"]);
    }

    #[test]
    fn cut_stops_at_a_word() {
        assert_eq!(cut("one two three four", 12), "one two…");
        assert_eq!(cut("short", 12), "short");
    }

    #[test]
    fn oldest_first_orders_by_age_then_position() {
        assert_eq!(oldest_first(3, |a, b| [5, 1, 5][a].cmp(&[5, 1, 5][b])), [1, 0, 2]);
    }
}
