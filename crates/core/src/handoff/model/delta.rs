//! The sections of a delta bundle: what changed in the living state since a checkpoint.

use super::*;

/// What a delta bundle sends instead of the whole living state.
pub(super) struct Delta<'a> {
    pub(super) checkpoint: &'a Checkpoint,
    pub(super) input: &'a BuildInput<'a>,
    pub(super) diff: crate::diff::StateDiff,
    pub(super) since: String,
}

impl<'a> Delta<'a> {
    pub(super) fn new(checkpoint: &'a Checkpoint, input: &'a BuildInput<'a>) -> Delta<'a> {
        Delta {
            checkpoint,
            input,
            diff: diff_states(&checkpoint.state, &input.project.state),
            since: checkpoint_name(checkpoint),
        }
    }

    pub(super) fn unchanged(&self) -> Block {
        Block::Paragraph(format!("Unchanged since {}.", self.since))
    }

    pub(super) fn goal(&self) -> Section {
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

    pub(super) fn current_state(&self) -> Section {
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

    pub(super) fn next_steps(&self) -> Section {
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

    pub(super) fn decisions(&self) -> Option<Section> {
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

    pub(super) fn constraints(&self) -> Option<Section> {
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

    pub(super) fn key_files(&self) -> Option<Section> {
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

pub(super) fn change_name<T>(change: &Change<T>) -> &'static str {
    match change {
        Change::Added(_) => "added",
        Change::Removed(_) => "removed",
        Change::Changed { .. } => "changed",
    }
}

/// The verb to show and the item as it is now (or was, when removed).
pub(super) fn change_parts<'c, T>(
    change: &'c Change<T>,
    added: &'static str,
    removed: &'static str,
) -> (&'static str, &'c T) {
    match change {
        Change::Added(item) => (added, item),
        Change::Removed(item) => (removed, item),
        Change::Changed { after, .. } => ("Changed", after),
    }
}

/// A change of a text list item as a line and its JSON value.
pub(super) fn text_change(change: &Change<String>, show: impl Fn(&str) -> String) -> (String, Value) {
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
