//! The sections of a whole bundle, from the header to the report request, read from the input.

use super::*;

pub(super) struct Builder<'i, 'a> {
    pub(super) input: &'i BuildInput<'a>,
    pub(super) options: &'i BuildOptions,
    pub(super) words: &'static BundleWords,
    /// Not deleted, newest first.
    pub(super) sessions: Vec<&'a Session>,
    pub(super) capped: Vec<(TrimGroup, usize)>,
}

impl<'a> Builder<'_, 'a> {
    pub(super) fn wanted(&self, kind: SectionKind) -> bool {
        !self.options.excluded.contains(&kind)
    }

    pub(super) fn header(&self) -> Section {
        let (input, words) = (self.input, self.words);
        let header = &words.header;
        let field = |key, label: &String, value| Field { key, label: label.clone(), value };
        let mut fields = vec![
            field("project", &header.project, input.project.name.clone()),
            field("handoff_id", &header.handoff_id, input.handoff_id.to_string()),
            field("date", &header.date, input.built_at.to_text()),
            field("from", &header.from, account_label(input.from_account, &header.not_recorded)),
            field("to", &header.to, account_label(input.to_account, &header.any_account)),
            field(
                "continuing_session",
                &header.continuing_as,
                fill(&header.session, &[("number", &input.continuing_session_number.to_string())]),
            ),
        ];
        if let Some(checkpoint) = input.latest_checkpoint {
            let mut value = checkpoint_name(checkpoint, words);
            if let Some(git_ref) = checkpoint.git_ref.as_deref().map(one_line).filter(|git_ref| !git_ref.is_empty()) {
                value = fill(&header.git, &[("checkpoint", &value), ("ref", &git_ref)]);
            }
            fields.push(field("latest_checkpoint", &header.latest_checkpoint, value));
        }
        if let Some(checkpoint) = input.delta_since {
            fields.push(field("delta_since", &header.changes_since, checkpoint_name(checkpoint, words)));
        }
        Section::new(SectionKind::Header, vec![Block::Fields(fields)])
            .headed(fill(&words.headings.header, &[("project", &one_line(&input.project.name))]))
    }

    pub(super) fn instructions(&self) -> Section {
        let said = &self.words.instructions;
        let mut lines = vec![
            fill(&said.continuing, &[("project", &one_line(&self.input.project.name))]),
            said.do_not_redo.clone(),
            said.start.clone(),
            said.ask.clone(),
            said.report.clone(),
        ];
        if let Some(checkpoint) = self.input.delta_since {
            lines.insert(1, fill(&said.delta, &[("checkpoint", &checkpoint_name(checkpoint, self.words))]));
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
            Section::empty(SectionKind::Goal, self.words)
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
                    Block::Paragraph(fill(
                        &self.words.body.from_session_notes,
                        &[("number", &session.number.to_string())],
                    )),
                    Block::Paragraph(clean_text(&session.state_notes)),
                ],
            ),
            None => Section::empty(SectionKind::CurrentState, self.words),
        }
    }

    pub(super) fn next_steps(&self) -> Section {
        let mut steps: Vec<String> = non_blank(&self.input.project.state.next_steps);
        let mut blocks = Vec::new();
        if steps.is_empty() {
            if let Some(session) = self.sessions.iter().find(|session| !session.next_steps.trim().is_empty()) {
                steps = list_items(&session.next_steps);
                blocks.push(Block::Paragraph(fill(
                    &self.words.body.from_session_report,
                    &[("number", &session.number.to_string())],
                )));
            }
        }
        if steps.is_empty() {
            return Section::empty(SectionKind::NextSteps, self.words);
        }
        let items = next_step_items(&steps, self.words);
        blocks.push(Block::List { caption: None, key: "items", numbered: true, items });
        Section::new(SectionKind::NextSteps, blocks)
    }

    pub(super) fn blockers(&self) -> Section {
        let blockers = self.sessions.first().map(|session| list_items(&session.blockers)).unwrap_or_default();
        if blockers.is_empty() {
            return Section::empty(SectionKind::Blockers, self.words);
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
                Item::new(text_lines(&decision_line(decision, self.words)), decision_data(decision))
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
                    caption: Some(self.words.body.do_not_redo.clone()),
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
            .map(|(index, session)| session_item(session, self.words).trimmed(TrimGroup::Sessions, kept - 1 - index))
            .collect();
        let section = Section::new(
            SectionKind::DoneSoFar,
            vec![Block::List { caption: None, key: "items", numbered: false, items }],
        );
        Some(match self.input.delta_since {
            Some(checkpoint) => section
                .headed(fill(&self.words.body.done_since, &[("checkpoint", &checkpoint_name(checkpoint, self.words))])),
            None => section,
        })
    }

    pub(super) fn key_files(&self) -> Option<Section> {
        let files = &self.input.project.state.files;
        if !self.wanted(SectionKind::KeyFiles) || files.is_empty() {
            return None;
        }
        let items = file_items(files.iter().collect(), |file| (file_line(file, "", self.words), file_data(file)));
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
                let mut item = knowledge_item(entry, self.words).trimmed(TrimGroup::Knowledge, kept - 1 - index);
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
                let content = shorten_code_blocks(&clean_text(&turn.content), self.words);
                let first = fill(
                    &self.words.body.turn,
                    &[("role", self.words.roles.of(turn.role)), ("seq", &turn.seq.to_string())],
                );
                let mut lines = vec![first];
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

pub(super) fn report_request(words: &BundleWords) -> Section {
    Section::new(
        SectionKind::ReportRequest,
        vec![
            Block::Paragraph(words.report_request.intro.clone()),
            Block::Verbatim(words.report_request.block.join("\n")),
        ],
    )
}
