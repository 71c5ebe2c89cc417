//! Checkpoints: a copy of a project's living state at a moment; list, compare, restore (which
//! first takes a checkpoint of the state it replaces, so a restore can be undone), edit what the
//! user wrote about it (never the captured state), and move to the trash.

use super::*;
use crate::validate::{self, FieldError};

#[derive(Clone, Debug, PartialEq, Default)]
pub struct CheckpointDraft {
    pub label: String,
    pub note: String,
    pub git_ref: String,
    pub file_count: String,
    pub code_lines: String,
    pub session_id: Option<Id>,
}

fn optional_count(field: &'static str, text: &str) -> std::result::Result<Option<u32>, FieldError> {
    let expected = validate::Expected::Between(0, i64::from(u32::MAX));
    match crate::validate::whole_number(text) {
        Err(crate::locale::NumberError::Empty) => Ok(None),
        Err(error) => Err(FieldError::new(field, validate::number_problem(expected, error))),
        Ok(value) => u32::try_from(value)
            .map(Some)
            .map_err(|_| FieldError::new(field, validate::Problem::Number { expected, error: None })),
    }
}

impl CheckpointDraft {
    /// The form's fields as they stand on `checkpoint` (for editing it).
    pub fn of(checkpoint: &Checkpoint) -> CheckpointDraft {
        CheckpointDraft {
            label: checkpoint.label.clone(),
            note: checkpoint.note.clone(),
            git_ref: checkpoint.git_ref.clone().unwrap_or_default(),
            file_count: checkpoint.file_count.map(|n| n.to_string()).unwrap_or_default(),
            code_lines: checkpoint.code_lines.map(|n| n.to_string()).unwrap_or_default(),
            session_id: checkpoint.session_id,
        }
    }
}

/// The fields a user gives a checkpoint, checked (the label may be empty only when taking one: it
/// is then named after the moment).
struct CheckedDraft {
    label: String,
    note: String,
    git_ref: Option<String>,
    file_count: Option<u32>,
    code_lines: Option<u32>,
}

fn check_draft(draft: &CheckpointDraft, label_required: bool) -> Result<CheckedDraft> {
    let mut errors = FieldErrors::default();
    let label = if label_required {
        errors.check(validate::non_empty_name("label", &draft.label))
    } else {
        errors.check(validate::text_within("label", &draft.label, validate::NAME_MAX))
    };
    let note = errors.check(validate::long_text("note", &draft.note));
    let git_ref = errors.check(validate::text_within("git_ref", &draft.git_ref, 200));
    let file_count = errors.check(optional_count("file_count", &draft.file_count));
    let code_lines = errors.check(optional_count("code_lines", &draft.code_lines));
    errors.into_result(())?;
    Ok(CheckedDraft { label, note, git_ref: Some(git_ref).filter(|r| !r.is_empty()), file_count, code_lines })
}

/// A new checkpoint of `project`'s living state now (the fields the caller does not give stay
/// empty; `take_checkpoint` fills them from its form).
pub(super) fn checkpoint_record(
    id: Id,
    now: Timestamp,
    project: &Project,
    session_id: Option<Id>,
    kind: CheckpointKind,
    label: String,
    note: String,
) -> Checkpoint {
    Checkpoint {
        id,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        rev: 1,
        project_id: project.id,
        session_id,
        kind,
        label,
        note,
        git_ref: None,
        state: project.state.clone(),
        file_count: None,
        code_lines: None,
    }
}

/// What a restore did: the project as restored and the checkpoint that keeps the replaced state.
#[derive(Clone, Debug, PartialEq)]
pub struct Restored {
    pub project: Project,
    pub undo: Checkpoint,
}

impl<S: Store> Service<S> {
    pub async fn checkpoint(&self, id: Id) -> Result<Checkpoint> {
        self.store.get::<Checkpoint>(id).await?.ok_or(Error::NotFound(RecordType::Checkpoint))
    }

    /// Takes a checkpoint of the project's living state now.
    pub async fn take_checkpoint(&self, project_id: Id, draft: &CheckpointDraft) -> Result<Checkpoint> {
        let CheckedDraft { label, note, git_ref, file_count, code_lines } = check_draft(draft, false)?;
        let now = self.now();
        let id = self.new_id();
        let event_id = self.new_id();
        let session_id = draft.session_id;
        self.commit(
            vec![Read::get::<Project>(project_id)],
            &[StoreName::Checkpoints, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let project: Project = fetched.record(0).ok_or(Error::NotFound(RecordType::Project))?;
                let label = if label.is_empty() {
                    format!("Checkpoint of {}", now.to_text().get(..16).unwrap_or_default().replace('T', " "))
                } else {
                    label
                };
                let checkpoint = Checkpoint {
                    git_ref,
                    file_count,
                    code_lines,
                    ..checkpoint_record(id, now, &project, session_id, CheckpointKind::Checkpoint, label, note)
                };
                let summary = format!("Took checkpoint “{}” of “{}”", checkpoint.label, project.name);
                let event = event_record(event_id, now, EventKind::Created, RecordType::Checkpoint, Some(id), summary);
                Ok((vec![Write::put(checkpoint.clone()), Write::put(event)], checkpoint))
            },
        )
        .await
    }

    /// A project's checkpoints, newest first.
    pub async fn checkpoints(&self, project_id: Id, offset: u32, limit: u32) -> Result<Page<Checkpoint>> {
        let query = Query::index(StoreName::Checkpoints, ix::LIVE_PROJECT, live(vec![Key::id(project_id)])).reverse();
        let fetched = self.store.read(vec![Read::Query(query.clone().page(offset, limit)), Read::Count(query)]).await?;
        Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) })
    }

    /// Replaces the project's living state with the checkpoint's, after keeping the current state
    /// in a new checkpoint (restoring that one undoes the restore). One transaction.
    pub async fn restore_checkpoint(&self, id: Id) -> Result<Restored> {
        let checkpoint = self.checkpoint(id).await?;
        let now = self.now();
        let undo_id = self.new_id();
        let event_id = self.new_id();
        let reads = vec![Read::get::<Checkpoint>(id), Read::get::<Project>(checkpoint.project_id)];
        self.commit(
            reads,
            &[StoreName::Projects, StoreName::Checkpoints, StoreName::Events],
            Durability::Strict,
            move |fetched| {
                let checkpoint: Checkpoint = fetched.record(0).ok_or(Error::NotFound(RecordType::Checkpoint))?;
                let mut project: Project = fetched.record(1).ok_or(Error::NotFound(RecordType::Project))?;
                let undo = checkpoint_record(
                    undo_id,
                    now,
                    &project,
                    None,
                    CheckpointKind::Backup,
                    format!("Before restoring “{}”", checkpoint.label),
                    "Taken automatically before a restore; restore it to undo.".into(),
                );
                project.state = checkpoint.state.clone();
                project.touch(now);
                let summary = format!("Restored “{}” to checkpoint “{}”", project.name, checkpoint.label);
                let event =
                    event_record(event_id, now, EventKind::Restored, RecordType::Project, Some(project.id), summary);
                Ok((
                    vec![Write::put(undo.clone()), Write::put(project.clone()), Write::put(event)],
                    Restored { project, undo },
                ))
            },
        )
        .await
    }

    /// Changes what the user wrote about a checkpoint: its label, note, git reference and counts.
    /// The captured living state, its project, session and kind stay as they were.
    pub async fn edit_checkpoint(&self, id: Id, draft: &CheckpointDraft) -> Result<Checkpoint> {
        let CheckedDraft { label, note, git_ref, file_count, code_lines } = check_draft(draft, true)?;
        let now = self.now();
        let event_id = self.new_id();
        self.commit(
            vec![Read::get::<Checkpoint>(id)],
            &[StoreName::Checkpoints, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut checkpoint: Checkpoint = fetched.record(0).ok_or(Error::NotFound(RecordType::Checkpoint))?;
                if checkpoint.deleted_at.is_some() {
                    return Err(Error::NotFound(RecordType::Checkpoint));
                }
                let before = checkpoint.clone();
                checkpoint.label = label;
                checkpoint.note = note;
                checkpoint.git_ref = git_ref;
                checkpoint.file_count = file_count;
                checkpoint.code_lines = code_lines;
                if checkpoint == before {
                    return Ok((vec![], checkpoint));
                }
                checkpoint.touch(now);
                let summary = format!("Edited checkpoint “{}”", checkpoint.label);
                let event = event_record(event_id, now, EventKind::Updated, RecordType::Checkpoint, Some(id), summary);
                Ok((vec![Write::put(checkpoint.clone()), Write::put(event)], checkpoint))
            },
        )
        .await
    }

    pub async fn trash_checkpoint(&self, id: Id) -> Result<Checkpoint> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(
            vec![Read::get::<Checkpoint>(id)],
            &[StoreName::Checkpoints, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut checkpoint: Checkpoint = fetched.record(0).ok_or(Error::NotFound(RecordType::Checkpoint))?;
                if !rules::trash(&mut checkpoint, now) {
                    return Ok((vec![], checkpoint));
                }
                let summary = format!("Moved checkpoint “{}” to the trash", checkpoint.label);
                let event = event_record(event_id, now, EventKind::Deleted, RecordType::Checkpoint, Some(id), summary);
                Ok((vec![Write::put(checkpoint.clone()), Write::put(event)], checkpoint))
            },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;
    use crate::service::TestEnv;
    use crate::validate::ProjectDraft;
    use chrono::Duration;
    use futures::executor::block_on;

    #[test]
    fn take_compare_restore_and_undo() {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        let service = Service::new(MemoryStore::new(), env.clone());
        let project =
            block_on(service.create_project(&ProjectDraft { name: "Alpha".into(), ..ProjectDraft::default() }))
                .unwrap();
        let first = LivingState { goal: "Ship v1".into(), next_steps: vec!["Parser".into()], ..LivingState::default() };
        block_on(service.set_living_state(project.id, &first)).unwrap();
        let draft = CheckpointDraft {
            label: "Before renderer".into(),
            git_ref: "abc123".into(),
            file_count: "12".into(),
            ..CheckpointDraft::default()
        };
        let checkpoint = block_on(service.take_checkpoint(project.id, &draft)).unwrap();
        assert_eq!(checkpoint.state, first);
        assert_eq!((checkpoint.git_ref.as_deref(), checkpoint.file_count), (Some("abc123"), Some(12)));
        env.clock.advance(Duration::minutes(5));
        let second = LivingState { goal: "Ship v2".into(), ..first.clone() };
        block_on(service.set_living_state(project.id, &second)).unwrap();

        let restored = block_on(service.restore_checkpoint(checkpoint.id)).unwrap();
        assert_eq!(restored.project.state, first);
        assert_eq!(restored.undo.state, second, "the replaced state is kept");
        assert_eq!(restored.undo.kind, CheckpointKind::Backup);
        let undone = block_on(service.restore_checkpoint(restored.undo.id)).unwrap();
        assert_eq!(undone.project.state, second, "restoring the automatic checkpoint undoes the restore");
        assert_eq!(block_on(service.checkpoints(project.id, 0, 10)).unwrap().total, 3);
        let bad = CheckpointDraft { file_count: "many".into(), ..CheckpointDraft::default() };
        assert!(matches!(block_on(service.take_checkpoint(project.id, &bad)).unwrap_err(), Error::Invalid(_)));
        block_on(service.trash_checkpoint(checkpoint.id)).unwrap();
        assert_eq!(block_on(service.checkpoints(project.id, 0, 10)).unwrap().total, 2);
    }

    #[test]
    fn edit_changes_the_users_words_and_never_the_captured_state() {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        let service = Service::new(MemoryStore::new(), env.clone());
        let project =
            block_on(service.create_project(&ProjectDraft { name: "Alpha".into(), ..ProjectDraft::default() }))
                .unwrap();
        let captured = LivingState { goal: "Ship v1".into(), ..LivingState::default() };
        block_on(service.set_living_state(project.id, &captured)).unwrap();
        let draft = CheckpointDraft { label: "First".into(), git_ref: "abc".into(), ..CheckpointDraft::default() };
        let taken = block_on(service.take_checkpoint(project.id, &draft)).unwrap();
        env.clock.advance(Duration::minutes(1));

        let edit = CheckpointDraft {
            label: "  Parser done ".into(),
            note: "Before the renderer".into(),
            git_ref: String::new(),
            code_lines: "1200".into(),
            ..CheckpointDraft::of(&taken)
        };
        let edited = block_on(service.edit_checkpoint(taken.id, &edit)).unwrap();
        assert_eq!(
            (edited.label.as_str(), edited.note.as_str(), edited.git_ref.as_deref(), edited.code_lines),
            ("Parser done", "Before the renderer", None, Some(1200))
        );
        assert_eq!(edited.state, captured, "the captured state is never edited");
        assert_eq!(
            (edited.created_at, edited.kind, edited.project_id),
            (taken.created_at, taken.kind, taken.project_id)
        );
        assert_eq!((edited.rev, edited.updated_at), (taken.rev + 1, env.now()));
        assert_eq!(block_on(service.checkpoint(taken.id)).unwrap(), edited);
        let events = block_on(service.activity(Some(taken.id), 10)).unwrap();
        assert_eq!(events[0].summary, "Edited checkpoint “Parser done”");

        // Saving the same words writes nothing.
        let same = block_on(service.edit_checkpoint(taken.id, &CheckpointDraft::of(&edited))).unwrap();
        assert_eq!(same.rev, edited.rev);

        // A bad field changes nothing and names the field; an empty label is refused on edit.
        for bad in [
            CheckpointDraft { label: "   ".into(), ..CheckpointDraft::of(&edited) },
            CheckpointDraft { file_count: "-3".into(), ..CheckpointDraft::of(&edited) },
        ] {
            let Error::Invalid(problems) = block_on(service.edit_checkpoint(taken.id, &bad)).unwrap_err() else {
                panic!("expected a field error")
            };
            assert_eq!(problems.len(), 1);
        }
        assert_eq!(block_on(service.checkpoint(taken.id)).unwrap(), edited);

        // Trashed: not editable; restored from the trash like the other record types.
        block_on(service.trash_checkpoint(taken.id)).unwrap();
        assert!(matches!(block_on(service.edit_checkpoint(taken.id, &edit)).unwrap_err(), Error::NotFound(_)));
        let trash = block_on(service.trash()).unwrap();
        assert_eq!(
            (trash.len(), trash[0].record_type, trash[0].name.as_str()),
            (1, RecordType::Checkpoint, "Parser done")
        );
        block_on(service.restore_from_trash(RecordType::Checkpoint, taken.id)).unwrap();
        let page = block_on(service.checkpoints(project.id, 0, 10)).unwrap();
        assert_eq!((page.total, page.items[0].id, page.items[0].state.clone()), (1, taken.id, captured));
    }
}
