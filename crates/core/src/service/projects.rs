//! Project actions: create, list, edit, status, trash and restore.

use super::*;
use crate::validate::{self, FieldErrors, ProjectDraft};

impl<S: Store> Service<S> {
    /// Derived figures (credits used, sessions by status, success rate) of each project, from its
    /// sessions, in one read transaction: never stored counters. Only the fields the figures need
    /// are read (not each session's report and notes).
    pub async fn project_figures(&self, ids: &[Id]) -> Result<Vec<rules::ProjectFigures>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let reads = ids
            .iter()
            .map(|id| Read::Fields {
                query: Query::index(StoreName::Sessions, ix::LIVE_PROJECT, live(vec![Key::id(*id)])),
                fields: rules::SessionFacts::FIELDS,
            })
            .collect();
        let fetched = self.store.read(reads).await?;
        (0..ids.len())
            .map(|position| {
                let facts: Vec<rules::SessionFacts> = fetched.values(position)?;
                Ok(rules::project_figures_of(facts))
            })
            .collect()
    }

    /// The projects of `ids` that exist (in the trash or not), by id, in one read transaction.
    pub async fn projects_by_id(&self, ids: &[Id]) -> Result<std::collections::BTreeMap<Id, Project>> {
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let fetched = self.store.read(ids.iter().map(|id| Read::get::<Project>(*id)).collect()).await?;
        Ok(ids
            .iter()
            .enumerate()
            .filter_map(|(position, id)| Some((*id, fetched.record::<Project>(position)?)))
            .collect())
    }

    /// The id and name of every live project, by name (a filter's choices): only those two fields
    /// are read.
    pub async fn project_names(&self) -> Result<Vec<(Id, String)>> {
        #[derive(serde::Deserialize)]
        struct Named {
            id: Id,
            name: String,
        }
        let query = Query::index(StoreName::Projects, ix::LIVE_NAME, live(vec![]));
        let fetched = self.store.read(vec![Read::Fields { query, fields: &["id", "name"] }]).await?;
        Ok(fetched.values::<Named>(0)?.into_iter().map(|named| (named.id, named.name)).collect())
    }

    pub async fn project(&self, id: Id) -> Result<Project> {
        self.store.get::<Project>(id).await?.ok_or(Error::NotFound(RecordType::Project))
    }

    /// A page of live projects, with an optional status filter and text filter.
    pub async fn projects(
        &self,
        status: Option<ProjectStatus>,
        sort: ProjectSort,
        text: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Page<Project>> {
        let needle = text.trim().to_lowercase();
        let index_query = match (status, sort) {
            (None, ProjectSort::Updated) => Query::index(StoreName::Projects, ix::LIVE_UPDATED, live(vec![])).reverse(),
            (None, ProjectSort::Created) => Query::index(StoreName::Projects, ix::LIVE_CREATED, live(vec![])).reverse(),
            (None, ProjectSort::Name) => Query::index(StoreName::Projects, ix::LIVE_NAME, live(vec![])),
            (Some(status), _) => {
                Query::index(StoreName::Projects, ix::LIVE_STATUS, live(vec![Key::str(status.as_str())])).reverse()
            }
        };
        // Projects number in the hundreds, not the hundreds of thousands: a status filter with
        // another sort, or a text filter, reads that status's projects and sorts them here.
        if needle.is_empty() && (status.is_none() || sort == ProjectSort::Updated) {
            let reads = vec![Read::Query(index_query.clone().page(offset, limit)), Read::Count(index_query)];
            let fetched = self.store.read(reads).await?;
            return Ok(Page { items: fetched.records(0), offset, total: fetched.count(1) });
        }
        let mut all: Vec<Project> = self.store.query(index_query).await?;
        if !needle.is_empty() {
            all.retain(|project| {
                project.name.to_lowercase().contains(&needle)
                    || project.description.to_lowercase().contains(&needle)
                    || project.tags.iter().any(|tag| tag.to_lowercase().contains(&needle))
            });
        }
        match sort {
            ProjectSort::Updated => all.sort_by_key(|project| std::cmp::Reverse(project.updated_at)),
            ProjectSort::Created => all.sort_by_key(|project| std::cmp::Reverse(project.created_at)),
            ProjectSort::Name => all.sort_by_key(|project| project.name.to_lowercase()),
        }
        let total = all.len() as u64;
        let items = all.into_iter().skip(offset as usize).take(limit as usize).collect();
        Ok(Page { items, offset, total })
    }

    pub async fn create_project(&self, draft: &ProjectDraft) -> Result<Project> {
        let fields = validate::project(draft)?;
        let now = self.now();
        let project = Project {
            id: self.new_id(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: 1,
            name: fields.name,
            description: fields.description,
            status: fields.status,
            tags: fields.tags,
            repository_url: fields.repository_url,
            notes: fields.notes,
            state: LivingState::default(),
        };
        let event = self.event(
            EventKind::Created,
            RecordType::Project,
            Some(project.id),
            format!("Created project “{}”", project.name),
        );
        let created = project.clone();
        self.commit(vec![], &[StoreName::Projects, StoreName::Events], Durability::Relaxed, move |_| {
            Ok((vec![Write::put(project), Write::put(event)], created))
        })
        .await
    }

    /// Applies `change` to the stored project (read inside the same transaction, so an edit made
    /// meanwhile in another tab is not overwritten with stale fields).
    pub async fn update_project(
        &self,
        id: Id,
        summary: impl FnOnce(&Project) -> (EventKind, String),
        change: impl FnOnce(&mut Project) -> Result<()>,
    ) -> Result<Project> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(
            vec![Read::get::<Project>(id)],
            &[StoreName::Projects, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut project: Project = fetched.record(0).ok_or(Error::NotFound(RecordType::Project))?;
                let before = project.clone();
                change(&mut project)?;
                if project == before {
                    return Ok((vec![], project));
                }
                project.touch(now);
                let (kind, text) = summary(&project);
                let event = event_record(event_id, now, kind, RecordType::Project, Some(id), text);
                Ok((vec![Write::put(project.clone()), Write::put(event)], project))
            },
        )
        .await
    }

    pub async fn edit_project(&self, id: Id, draft: &ProjectDraft) -> Result<Project> {
        let fields = validate::project(draft)?;
        self.update_project(
            id,
            |project| (EventKind::Updated, format!("Edited project “{}”", project.name)),
            move |project| {
                project.name = fields.name;
                project.description = fields.description;
                project.status = fields.status;
                project.tags = fields.tags;
                project.repository_url = fields.repository_url;
                project.notes = fields.notes;
                Ok(())
            },
        )
        .await
    }

    /// Saves the living state (goal, current state, next steps, decisions, constraints, key files,
    /// "do not redo") after validating and tidying it.
    pub async fn set_living_state(&self, id: Id, state: &LivingState) -> Result<Project> {
        let state = validate::living_state(state)?;
        self.update_project(
            id,
            |project| (EventKind::Updated, format!("Updated the living state of “{}”", project.name)),
            move |project| {
                project.state = state;
                Ok(())
            },
        )
        .await
    }

    pub async fn rename_project(&self, id: Id, name: &str) -> Result<Project> {
        let name = validate::non_empty_name("name", name).map_err(|error| Error::Invalid(FieldErrors::from(error)))?;
        self.update_project(
            id,
            |project| (EventKind::Updated, format!("Renamed project to “{}”", project.name)),
            move |project| {
                project.name = name;
                Ok(())
            },
        )
        .await
    }

    pub async fn set_project_status(&self, id: Id, status: ProjectStatus) -> Result<Project> {
        self.update_project(
            id,
            move |project| {
                (EventKind::StatusChanged, format!("“{}” is now {}", project.name, status.english().to_lowercase()))
            },
            move |project| {
                project.status = status;
                Ok(())
            },
        )
        .await
    }

    pub async fn trash_project(&self, id: Id) -> Result<Project> {
        let now = self.now();
        self.update_project(
            id,
            |project| (EventKind::Deleted, format!("Moved project “{}” to the trash", project.name)),
            move |project| {
                if project.deleted_at.is_none() {
                    project.deleted_at = Some(now);
                }
                Ok(())
            },
        )
        .await
    }

    pub async fn restore_project(&self, id: Id) -> Result<Project> {
        self.update_project(
            id,
            |project| (EventKind::Restored, format!("Restored project “{}” from the trash", project.name)),
            |project| {
                project.deleted_at = None;
                Ok(())
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
    use chrono::Duration;
    use futures::executor::block_on;

    fn service() -> (Service<MemoryStore>, Rc<TestEnv>) {
        let env = Rc::new(TestEnv::at("2026-11-26T10:00:00Z"));
        (Service::new(MemoryStore::new(), env.clone()), env)
    }

    fn draft(name: &str) -> ProjectDraft {
        ProjectDraft {
            name: name.into(),
            description: "About it".into(),
            status: ProjectStatus::Active,
            tags: String::new(),
            repository_url: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn create_list_rename_status_trash_restore() {
        let (service, env) = service();
        let changes = Rc::new(RefCell::new(Vec::new()));
        let seen = changes.clone();
        service.on_change(Rc::new(move |change: &ChangeSet| seen.borrow_mut().push(change.clone())));

        let alpha = block_on(service.create_project(&draft("  Alpha  "))).unwrap();
        assert_eq!(alpha.name, "Alpha");
        assert_eq!(alpha.rev, 1);
        env.clock.advance(Duration::minutes(1));
        let beta = block_on(service.create_project(&draft("beta"))).unwrap();
        let page = block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap();
        assert_eq!(page.total, 2);
        assert_eq!(page.items[0].id, beta.id, "newest-updated first");

        env.clock.advance(Duration::minutes(1));
        let renamed = block_on(service.rename_project(alpha.id, "Alpha 2")).unwrap();
        assert_eq!(renamed.rev, 2);
        let page = block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap();
        assert_eq!(page.items[0].name, "Alpha 2");
        let by_name = block_on(service.projects(None, ProjectSort::Name, "", 0, 20)).unwrap();
        assert_eq!(by_name.items.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Alpha 2", "beta"]);

        block_on(service.set_project_status(beta.id, ProjectStatus::Paused)).unwrap();
        let paused = block_on(service.projects(Some(ProjectStatus::Paused), ProjectSort::Updated, "", 0, 20)).unwrap();
        assert_eq!(paused.total, 1);

        block_on(service.trash_project(beta.id)).unwrap();
        assert_eq!(block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap().total, 1);
        let trash = block_on(service.trash()).unwrap();
        assert_eq!(trash.len(), 1);
        assert_eq!(trash[0].name, "beta");
        block_on(service.restore_project(beta.id)).unwrap();
        assert_eq!(block_on(service.projects(None, ProjectSort::Updated, "", 0, 20)).unwrap().total, 2);

        let events = block_on(service.activity(None, 10)).unwrap();
        assert_eq!(events.len(), 6);
        assert_eq!(events[0].kind, EventKind::Restored);
        assert_eq!(block_on(service.activity(Some(beta.id), 10)).unwrap().len(), 4);
        assert_eq!(changes.borrow().len(), 6, "every committed action is announced");
        assert!(changes.borrow()[0].touches(StoreName::Projects));
    }

    #[test]
    fn invalid_input_changes_nothing() {
        let (service, _) = service();
        let error = block_on(service.create_project(&draft("   "))).unwrap_err();
        match error {
            Error::Invalid(errors) => assert!(errors.get("name").is_some()),
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(service.store().commits(), 0);
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        assert!(block_on(service.rename_project(alpha.id, "")).is_err());
        assert_eq!(block_on(service.project(alpha.id)).unwrap().name, "Alpha");
    }

    #[test]
    fn unchanged_edit_writes_nothing_and_missing_project_is_reported() {
        let (service, _) = service();
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        let commits = service.store().commits();
        block_on(service.rename_project(alpha.id, "Alpha")).unwrap();
        assert_eq!(service.store().commits(), commits + 1, "an empty transaction commits nothing");
        assert_eq!(block_on(service.project(alpha.id)).unwrap().rev, 1);
        let missing = block_on(service.rename_project(Id::v7(1, [0; 10]), "X")).unwrap_err();
        assert_eq!(missing, Error::NotFound(RecordType::Project));
    }

    #[test]
    fn purge_respects_thirty_days() {
        let (service, env) = service();
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        block_on(service.trash_project(alpha.id)).unwrap();
        env.clock.advance(Duration::days(29));
        assert_eq!(block_on(service.purge_trash(false)).unwrap(), 0);
        env.clock.advance(Duration::days(1));
        assert_eq!(block_on(service.purge_trash(false)).unwrap(), 1);
        assert!(block_on(service.trash()).unwrap().is_empty());
        assert!(block_on(service.store().get::<Project>(alpha.id)).unwrap().is_none());
    }

    fn session(project: Id, n: u32, status: SessionStatus, credits: i64, trashed: bool) -> Session {
        let at = Timestamp::parse("2026-11-26T09:00:00Z").unwrap();
        Session {
            id: Id::v7(n as u64, [n as u8; 10]),
            created_at: at,
            updated_at: at,
            deleted_at: trashed.then_some(at),
            rev: 1,
            project_id: project,
            account_id: None,
            account_label: String::new(),
            number: n,
            session_type: SessionType::Feature,
            title: format!("S{n}"),
            objectives: String::new(),
            status,
            started_at: at,
            ended_at: None,
            duration_minutes: None,
            credit_budget: None,
            credits_used: credits,
            accomplishments: String::new(),
            blockers: String::new(),
            state_notes: String::new(),
            next_steps: String::new(),
            decisions: String::new(),
            notes: String::new(),
            from_handoff_id: None,
            to_handoff_id: None,
        }
    }

    #[test]
    fn living_state_is_validated_tidied_and_saved() {
        let (service, _) = service();
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        let state = LivingState {
            goal: "  Ship v1  ".into(),
            next_steps: vec!["Write tests".into(), "  ".into(), "Deploy".into()],
            decisions: vec![Decision {
                text: "Use IndexedDB".into(),
                rationale: "offline".into(),
                rejected_alternatives: vec!["localStorage".into()],
                decided_at: None,
            }],
            files: vec![KeyFile { path: "src/lib.rs".into(), importance: Importance::Critical, notes: String::new() }],
            ..LivingState::default()
        };
        let saved = block_on(service.set_living_state(alpha.id, &state)).unwrap();
        assert_eq!(saved.state.goal, "Ship v1");
        assert_eq!(saved.state.next_steps, ["Write tests", "Deploy"]);
        assert_eq!(saved.rev, 2);
        let mut duplicate = state.clone();
        duplicate.files.push(duplicate.files[0].clone());
        let error = block_on(service.set_living_state(alpha.id, &duplicate)).unwrap_err();
        let Error::Invalid(errors) = error else { panic!("{error:?}") };
        assert!(matches!(errors.get("state.files"), Some(crate::validate::Problem::Duplicate { .. })), "{errors:?}");
        assert_eq!(block_on(service.project(alpha.id)).unwrap().state, saved.state);
    }

    #[test]
    fn project_figures_are_derived_from_live_sessions() {
        let (service, _) = service();
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        let beta = block_on(service.create_project(&draft("Beta"))).unwrap();
        let sessions = vec![
            session(alpha.id, 1, SessionStatus::Completed, 5, false),
            session(alpha.id, 2, SessionStatus::Failed, 3, false),
            session(alpha.id, 3, SessionStatus::Completed, 100, true),
            session(alpha.id, 4, SessionStatus::InProgress, 0, false),
        ];
        block_on(service.store().transact(vec![], &[StoreName::Sessions], Durability::Relaxed, |_| {
            Ok::<_, StoreError>((sessions.into_iter().map(Write::put).collect(), ()))
        }))
        .unwrap();
        let figures = block_on(service.project_figures(&[alpha.id, beta.id])).unwrap();
        assert_eq!(figures[0].credits_used, 8, "the trashed session is not counted");
        assert_eq!(
            (figures[0].sessions_total, figures[0].completed, figures[0].failed, figures[0].in_progress),
            (3, 1, 1, 1)
        );
        assert_eq!(figures[0].success_rate, Some(0.5));
        assert_eq!(figures[1].sessions_total, 0);
        assert!(block_on(service.project_figures(&[])).unwrap().is_empty());
        // The projected read gives what the whole records give.
        let stored: Vec<Session> =
            service.store().dump(StoreName::Sessions).into_iter().filter_map(Session::from_any).collect();
        assert_eq!(figures[0], rules::project_figures(&stored));
        assert!(figures[0].last_activity.is_some());
    }

    #[test]
    fn projects_by_id_and_names_read_only_what_is_asked() {
        let (service, _) = service();
        let beta = block_on(service.create_project(&draft("beta"))).unwrap();
        let alpha = block_on(service.create_project(&draft("Alpha"))).unwrap();
        let gone = block_on(service.create_project(&draft("Gone"))).unwrap();
        block_on(service.trash_project(gone.id)).unwrap();
        let missing = Id::derived("projects", "missing");
        let found = block_on(service.projects_by_id(&[gone.id, alpha.id, missing, alpha.id])).unwrap();
        assert_eq!(found.keys().copied().collect::<Vec<_>>(), {
            let mut ids = vec![gone.id, alpha.id];
            ids.sort();
            ids
        });
        assert!(found[&gone.id].deleted_at.is_some(), "a trashed project is still named");
        assert!(block_on(service.projects_by_id(&[])).unwrap().is_empty());
        assert_eq!(
            block_on(service.project_names()).unwrap(),
            vec![(alpha.id, "Alpha".to_string()), (beta.id, "beta".to_string())],
            "live projects by name, case aside"
        );
    }
}
