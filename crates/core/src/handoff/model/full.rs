//! The sections of a whole bundle, from the header to the report request, read from the input.

use super::*;

pub(super) struct Builder<'i, 'a> {
    pub(super) input: &'i BuildInput<'a>,
    pub(super) options: &'i BuildOptions,
    /// Not deleted, newest first.
    pub(super) sessions: Vec<&'a Session>,
    pub(super) capped: Vec<(TrimGroup, usize)>,
}

impl<'a> Builder<'_, 'a> {
    pub(super) fn wanted(&self, kind: SectionKind) -> bool {
        !self.options.excluded.contains(&kind)
    }

    pub(super) fn header(&self) -> Section {
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

    pub(super) fn instructions(&self) -> Section {
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

    pub(super) fn goal(&self) -> Section {
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

    pub(super) fn current_state(&self) -> Section {
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

    pub(super) fn next_steps(&self) -> Section {
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

    pub(super) fn blockers(&self) -> Section {
        let blockers = self.sessions.first().map(|session| list_items(&session.blockers)).unwrap_or_default();
        if blockers.is_empty() {
            return Section::empty(SectionKind::Blockers);
        }
        let items = blockers.iter().map(|blocker| Item::text(blocker)).collect();
        Section::new(SectionKind::Blockers, vec![Block::List { caption: None, key: "items", numbered: false, items }])
    }

    pub(super) fn decisions(&self) -> Option<Section> {
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

    pub(super) fn constraints(&self) -> Option<Section> {
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

    pub(super) fn done_so_far(&mut self) -> Option<Section> {
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

    pub(super) fn key_files(&self) -> Option<Section> {
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

    pub(super) fn knowledge(&mut self) -> Option<Section> {
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

    pub(super) fn transcript(&mut self) -> Option<Section> {
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
                let mut lines = vec![format!("{} (turn {}):", turn.role.english(), turn.seq)];
                lines.extend(content.lines().map(str::to_string));
                let data = json!({ "seq": turn.seq, "role": turn.role.as_str(), "text": content });
                Item::new(lines, data).trimmed(TrimGroup::Transcript, order)
            })
            .collect();
        Some(Section::new(SectionKind::Transcript, vec![Block::Entries(items)]))
    }

    pub(super) fn cap(&mut self, group: TrimGroup, count: usize) {
        if count > 0 {
            self.capped.push((group, count));
        }
    }
}

pub(super) fn report_request() -> Section {
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
