//! The sections of a delta bundle: what changed in the living state since a checkpoint.

use super::*;

/// What a delta bundle sends instead of the whole living state.
pub(super) struct Delta<'a> {
    pub(super) checkpoint: &'a Checkpoint,
    pub(super) input: &'a BuildInput<'a>,
    pub(super) diff: crate::diff::StateDiff,
    pub(super) since: String,
    pub(super) words: &'static BundleWords,
}

impl<'a> Delta<'a> {
    pub(super) fn new(checkpoint: &'a Checkpoint, input: &'a BuildInput<'a>, words: &'static BundleWords) -> Delta<'a> {
        Delta {
            checkpoint,
            input,
            diff: diff_states(&checkpoint.state, &input.project.state),
            since: checkpoint_name(checkpoint, words),
            words,
        }
    }

    /// A sentence of the delta's words with `{since}` filled in.
    fn since(&self, template: &str) -> String {
        fill(template, &[("since", &self.since)])
    }

    pub(super) fn unchanged(&self) -> Block {
        Block::Paragraph(self.since(&self.words.delta.unchanged))
    }

    pub(super) fn goal(&self) -> Section {
        let project = self.input.project;
        let recap = [project.state.goal.as_str(), project.description.as_str()]
            .iter()
            .map(|text| one_line(text))
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let heading = self.words.delta.goal_recap.clone();
        if recap.is_empty() {
            return Section::empty(SectionKind::Goal, self.words).headed(heading);
        }
        let mut blocks = vec![Block::Paragraph(cut(&recap, RECAP_MAX))];
        if self.diff.goal.is_some() {
            blocks.push(Block::Paragraph(self.since(&self.words.delta.goal_changed)));
        }
        Section::new(SectionKind::Goal, blocks).headed(heading)
    }

    pub(super) fn current_state(&self) -> Section {
        let section = |blocks| Section::new(SectionKind::CurrentState, blocks);
        match &self.diff.current_state {
            None if self.checkpoint.state.current_state.trim().is_empty() => {
                Section::empty(SectionKind::CurrentState, self.words)
            }
            None => section(vec![self.unchanged()]),
            Some((_, after)) if after.trim().is_empty() => {
                let mut empty = Section::empty(SectionKind::CurrentState, self.words);
                empty.blocks.insert(0, Block::Paragraph(self.since(&self.words.delta.cleared)));
                empty
            }
            Some((_, after)) => section(vec![
                Block::Paragraph(self.since(&self.words.delta.now_reads)),
                Block::Paragraph(clean_text(after)),
            ]),
        }
    }

    pub(super) fn next_steps(&self) -> Section {
        let steps = non_blank(&self.input.project.state.next_steps);
        if steps.is_empty() {
            let mut empty = Section::empty(SectionKind::NextSteps, self.words);
            if !self.diff.next_steps.is_empty() {
                empty.blocks.insert(0, Block::Paragraph(self.since(&self.words.delta.all_removed)));
            }
            return empty;
        }
        let mut blocks = vec![Block::Paragraph(fill(&self.words.body.next_action, &[("step", &steps[0])]))];
        if self.diff.next_steps.is_empty() && !self.diff.next_steps_reordered {
            blocks.push(self.unchanged());
        } else {
            let items = self
                .diff
                .next_steps
                .iter()
                .map(|change| {
                    let now_step = |text: &str| match steps.iter().position(|step| step == text) {
                        Some(index) => {
                            fill(&self.words.delta.now_step, &[("number", &(index + 1).to_string()), ("text", text)])
                        }
                        None => text.to_string(),
                    };
                    let (line, data) = text_change(change, now_step, self.words);
                    Item::new(text_lines(&line), data)
                })
                .collect();
            blocks.push(Block::List {
                caption: Some(self.since(&self.words.delta.changed_since)),
                key: "changes",
                numbered: false,
                items,
            });
            if self.diff.next_steps_reordered {
                blocks.push(Block::List {
                    caption: Some(self.words.delta.order_changed.clone()),
                    key: "items",
                    numbered: true,
                    items: next_step_items(&steps, self.words),
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
                let said = &self.words.delta;
                let (verb, decision) = change_parts(change, &said.new, &said.withdrawn, &said.changed);
                let line = format!("{verb}: {}", decision_line(decision, self.words));
                let data = json!({ "change": change_name(change), "decision": decision_data(decision) });
                Item::new(text_lines(&line), data).trimmed(TrimGroup::Decisions, order)
            })
            .collect();
        Some(
            Section::new(
                SectionKind::Decisions,
                vec![Block::List { caption: None, key: "changes", numbered: false, items }],
            )
            .headed(self.since(&self.words.delta.decisions)),
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
                    let (line, data) = text_change(change, str::to_string, self.words);
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
                        caption: Some(self.words.body.do_not_redo.clone()),
                        key: "do_not_redo",
                        numbered: false,
                        items: list(&self.diff.do_not_redo, TrimGroup::DoNotRedo),
                    },
                ],
            )
            .headed(self.since(&self.words.delta.constraints)),
        )
    }

    pub(super) fn key_files(&self) -> Option<Section> {
        if self.diff.files.is_empty() {
            return None;
        }
        let changes: Vec<&Change<KeyFile>> = self.diff.files.iter().collect();
        let items = file_items(changes, |change| {
            let said = &self.words.delta;
            let (verb, file) = change_parts(change, &said.new, &said.no_longer_key, &said.changed);
            let line = file_line(file, &format!("{verb}: "), self.words);
            (line, json!({ "change": change_name(change), "file": file_data(file) }))
        });
        Some(
            Section::new(
                SectionKind::KeyFiles,
                vec![Block::List { caption: None, key: "changes", numbered: false, items }],
            )
            .headed(self.since(&self.words.delta.key_files)),
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
pub(super) fn change_parts<'c, 'w, T>(
    change: &'c Change<T>,
    added: &'w str,
    removed: &'w str,
    changed: &'w str,
) -> (&'w str, &'c T) {
    match change {
        Change::Added(item) => (added, item),
        Change::Removed(item) => (removed, item),
        Change::Changed { after, .. } => (changed, after),
    }
}

/// A change of a text list item as a line and its JSON value.
pub(super) fn text_change(
    change: &Change<String>,
    show: impl Fn(&str) -> String,
    words: &BundleWords,
) -> (String, Value) {
    let said = &words.delta;
    let line = match change {
        Change::Added(text) => format!("{}: {}", said.added, show(text)),
        Change::Removed(text) => format!("{}: {text}", said.removed),
        Change::Changed { before, after } => format!("{}: {before} → {}", said.changed, show(after)),
    };
    let data = match change {
        Change::Added(text) | Change::Removed(text) => json!({ "change": change_name(change), "text": text }),
        Change::Changed { before, after } => json!({ "change": "changed", "before": before, "text": after }),
    };
    (line, data)
}
