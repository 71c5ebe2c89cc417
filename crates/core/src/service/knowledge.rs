//! The knowledge base: entries with a category, tags and a markdown body, scoped to one project
//! or everywhere; "helped / did not help" verdicts; the list by usage then success.

use super::*;
use crate::validate::{self, FieldError};

#[derive(Clone, Debug, PartialEq)]
pub struct KnowledgeDraft {
    pub category: KnowledgeCategory,
    pub title: String,
    pub body: String,
    pub tags: String,
    pub project_id: Option<Id>,
    pub source_session_id: Option<Id>,
}

impl KnowledgeDraft {
    pub fn new(category: KnowledgeCategory) -> KnowledgeDraft {
        KnowledgeDraft {
            category,
            title: String::new(),
            body: String::new(),
            tags: String::new(),
            project_id: None,
            source_session_id: None,
        }
    }

    pub fn from_entry(entry: &KnowledgeEntry) -> KnowledgeDraft {
        KnowledgeDraft {
            category: entry.category,
            title: entry.title.clone(),
            body: entry.body.clone(),
            tags: entry.tags.join(", "),
            project_id: entry.project_id,
            source_session_id: entry.source_session_id,
        }
    }
}

/// Filters of the knowledge list.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KnowledgeFilter {
    pub category: Option<KnowledgeCategory>,
    pub tag: Option<String>,
    pub text: String,
    /// Entries for this project and those that apply everywhere.
    pub project_id: Option<Id>,
}

struct KnowledgeFields {
    title: String,
    body: String,
    tags: Vec<String>,
}

fn check(draft: &KnowledgeDraft) -> Result<KnowledgeFields> {
    let mut errors = FieldErrors::default();
    let title = errors.check(validate::non_empty_name("title", "Title", &draft.title));
    let body = errors.check(validate::long_text("body", "Body", &draft.body));
    let tags = errors.check(validate::tag_list("tags", "Tag", "Tags", &draft.tags));
    errors.into_result(())?;
    Ok(KnowledgeFields { title, body, tags })
}

/// Entries sort by usage, then success rate (unknown last), then title.
pub fn knowledge_order(a: &KnowledgeEntry, b: &KnowledgeEntry) -> std::cmp::Ordering {
    let rate = |entry: &KnowledgeEntry| rules::success_rate(entry.helped, entry.did_not_help).unwrap_or(-1.0);
    b.usage_count
        .cmp(&a.usage_count)
        .then(rate(b).total_cmp(&rate(a)))
        .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
}

impl<S: Store> Service<S> {
    pub async fn knowledge_entry(&self, id: Id) -> Result<KnowledgeEntry> {
        self.store.get::<KnowledgeEntry>(id).await?.ok_or_else(|| Error::NotFound("This knowledge entry".into()))
    }

    pub async fn create_knowledge(&self, draft: &KnowledgeDraft) -> Result<KnowledgeEntry> {
        let fields = check(draft)?;
        let now = self.now();
        let entry = KnowledgeEntry {
            id: self.new_id(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: 1,
            category: draft.category,
            title: fields.title,
            body: fields.body,
            tags: fields.tags,
            project_id: draft.project_id,
            source_session_id: draft.source_session_id,
            usage_count: 0,
            helped: 0,
            did_not_help: 0,
        };
        let event = self.event(
            EventKind::Created,
            RecordType::Knowledge,
            Some(entry.id),
            format!("Added knowledge “{}”", entry.title),
        );
        let created = entry.clone();
        self.commit(vec![], &[StoreName::Knowledge, StoreName::Events], Durability::Relaxed, move |_| {
            Ok((vec![Write::put(entry), Write::put(event)], created))
        })
        .await
    }

    async fn update_knowledge(
        &self,
        id: Id,
        summary: impl FnOnce(&KnowledgeEntry) -> (EventKind, String),
        change: impl FnOnce(&mut KnowledgeEntry),
    ) -> Result<KnowledgeEntry> {
        let now = self.now();
        let event_id = self.new_id();
        self.commit(
            vec![Read::get::<KnowledgeEntry>(id)],
            &[StoreName::Knowledge, StoreName::Events],
            Durability::Relaxed,
            move |fetched| {
                let mut entry: KnowledgeEntry =
                    fetched.record(0).ok_or_else(|| Error::NotFound("This knowledge entry".into()))?;
                let before = entry.clone();
                change(&mut entry);
                if entry == before {
                    return Ok((vec![], entry));
                }
                entry.touch(now);
                let (kind, text) = summary(&entry);
                let event = event_record(event_id, now, kind, RecordType::Knowledge, Some(id), text);
                Ok((vec![Write::put(entry.clone()), Write::put(event)], entry))
            },
        )
        .await
    }

    pub async fn edit_knowledge(&self, id: Id, draft: &KnowledgeDraft) -> Result<KnowledgeEntry> {
        let fields = check(draft)?;
        let draft = draft.clone();
        self.update_knowledge(
            id,
            |entry| (EventKind::Updated, format!("Edited knowledge “{}”", entry.title)),
            move |entry| {
                entry.category = draft.category;
                entry.title = fields.title;
                entry.body = fields.body;
                entry.tags = fields.tags;
                entry.project_id = draft.project_id;
                entry.source_session_id = draft.source_session_id;
            },
        )
        .await
    }

    /// The user's verdict after a session: it helped, or it did not.
    pub async fn record_verdict(&self, id: Id, helped: bool) -> Result<KnowledgeEntry> {
        self.update_knowledge(
            id,
            move |entry| {
                (
                    EventKind::Updated,
                    format!("Marked “{}” as {}", entry.title, if helped { "helpful" } else { "not helpful" }),
                )
            },
            move |entry| {
                if helped {
                    entry.helped += 1;
                } else {
                    entry.did_not_help += 1;
                }
            },
        )
        .await
    }

    pub async fn trash_knowledge(&self, id: Id) -> Result<KnowledgeEntry> {
        let now = self.now();
        self.update_knowledge(
            id,
            |entry| (EventKind::Deleted, format!("Moved knowledge “{}” to the trash", entry.title)),
            move |entry| {
                rules::trash(entry, now);
            },
        )
        .await
    }

    pub async fn restore_knowledge(&self, id: Id) -> Result<KnowledgeEntry> {
        let now = self.now();
        self.update_knowledge(
            id,
            |entry| (EventKind::Restored, format!("Restored knowledge “{}”", entry.title)),
            move |entry| {
                rules::restore(entry, now);
            },
        )
        .await
    }

    /// The list, by usage then success, filtered. A tag filter reads through the tag index;
    /// otherwise the category index, or every live entry (entries number in the thousands at most).
    pub async fn knowledge(&self, filter: &KnowledgeFilter, offset: u32, limit: u32) -> Result<Page<KnowledgeEntry>> {
        let tag = filter.tag.as_deref().map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_lowercase);
        let query = match (&tag, filter.category) {
            (Some(tag), _) => Query::index(StoreName::Knowledge, ix::TAGS, KeyRange::only(Key::str(tag.clone()))),
            (None, Some(category)) => {
                Query::index(StoreName::Knowledge, ix::LIVE_CATEGORY, live(vec![Key::str(category.as_str())]))
            }
            (None, None) => Query::index(StoreName::Knowledge, ix::LIVE_USAGE, live(vec![])),
        };
        let needle = filter.text.trim().to_lowercase();
        let mut entries: Vec<KnowledgeEntry> = self
            .store
            .query::<KnowledgeEntry>(query)
            .await?
            .into_iter()
            .filter(|entry| entry.deleted_at.is_none())
            .filter(|entry| filter.category.is_none_or(|category| entry.category == category))
            .filter(|entry| {
                filter.project_id.is_none_or(|project| entry.project_id.is_none() || entry.project_id == Some(project))
            })
            .filter(|entry| {
                needle.is_empty()
                    || entry.title.to_lowercase().contains(&needle)
                    || entry.body.to_lowercase().contains(&needle)
                    || entry.tags.iter().any(|tag| tag.to_lowercase().contains(&needle))
            })
            .collect();
        entries.sort_by(knowledge_order);
        let total = entries.len() as u64;
        Ok(Page { items: entries.into_iter().skip(offset as usize).take(limit as usize).collect(), offset, total })
    }
}

/// Checks a category name from a form or a file.
pub fn parse_category(text: &str) -> std::result::Result<KnowledgeCategory, FieldError> {
    KnowledgeCategory::parse(text).ok_or_else(|| {
        FieldError::new("category", "Choose a category: pattern, error solution, optimization, best practice or tip.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;
    use crate::service::TestEnv;
    use futures::executor::block_on;

    fn draft(category: KnowledgeCategory, title: &str, tags: &str, body: &str) -> KnowledgeDraft {
        KnowledgeDraft { tags: tags.into(), title: title.into(), body: body.into(), ..KnowledgeDraft::new(category) }
    }

    #[test]
    fn create_filter_verdicts_order_and_trash() {
        let service = Service::new(MemoryStore::new(), Rc::new(TestEnv::at("2026-11-26T10:00:00Z")));
        let retry = block_on(service.create_knowledge(&draft(
            KnowledgeCategory::ErrorSolution,
            "Retry IDB on abort",
            "IndexedDB, errors",
            "Wrap in **one** transaction",
        )))
        .unwrap();
        let tip = block_on(service.create_knowledge(&draft(
            KnowledgeCategory::Tip,
            "Short prompts",
            "prompting",
            "Keep them short",
        )))
        .unwrap();
        let pattern = block_on(service.create_knowledge(&draft(
            KnowledgeCategory::Pattern,
            "Read decide write",
            "indexeddb",
            "decide is sync",
        )))
        .unwrap();
        assert!(matches!(
            block_on(service.create_knowledge(&draft(KnowledgeCategory::Tip, " ", "", ""))).unwrap_err(),
            Error::Invalid(_)
        ));

        block_on(service.record_verdict(tip.id, true)).unwrap();
        block_on(service.record_verdict(pattern.id, false)).unwrap();
        let all = block_on(service.knowledge(&KnowledgeFilter::default(), 0, 10)).unwrap();
        assert_eq!(
            all.items.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(),
            ["Short prompts", "Read decide write", "Retry IDB on abort"],
            "usage ties, then success (helped first, unknown last)"
        );

        let by_tag = KnowledgeFilter { tag: Some("IndexedDB".into()), ..KnowledgeFilter::default() };
        assert_eq!(block_on(service.knowledge(&by_tag, 0, 10)).unwrap().total, 2);
        let by_text = KnowledgeFilter { text: "ONE".into(), ..KnowledgeFilter::default() };
        assert_eq!(block_on(service.knowledge(&by_text, 0, 10)).unwrap().items[0].id, retry.id);
        let by_category = KnowledgeFilter { category: Some(KnowledgeCategory::Tip), ..KnowledgeFilter::default() };
        assert_eq!(block_on(service.knowledge(&by_category, 0, 10)).unwrap().total, 1);

        block_on(service.trash_knowledge(retry.id)).unwrap();
        assert_eq!(
            block_on(service.knowledge(&by_tag, 0, 10)).unwrap().total,
            1,
            "the tag index holds live entries only"
        );
        block_on(service.restore_knowledge(retry.id)).unwrap();
        assert_eq!(block_on(service.knowledge(&by_tag, 0, 10)).unwrap().total, 2);
    }
}
