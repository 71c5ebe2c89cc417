//! The knowledge base: entries with a category, tags and a markdown body, scoped to one project
//! or everywhere; "helped / did not help" verdicts; the list by usage then success.

use super::*;
pub use crate::knowledge::KnowledgeDraft;
use crate::validate::{self, FieldError};

/// Filters of the knowledge list.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KnowledgeFilter {
    pub category: Option<KnowledgeCategory>,
    pub tag: Option<String>,
    pub text: String,
    /// Entries for this project and those that apply everywhere.
    pub project_id: Option<Id>,
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
        self.store.get::<KnowledgeEntry>(id).await?.ok_or(Error::NotFound(RecordType::Knowledge))
    }

    pub async fn create_knowledge(&self, draft: &KnowledgeDraft) -> Result<KnowledgeEntry> {
        let fields = validate::knowledge(draft)?;
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
                let mut entry: KnowledgeEntry = fetched.record(0).ok_or(Error::NotFound(RecordType::Knowledge))?;
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
        let fields = validate::knowledge(draft)?;
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
                    entry.helped = crate::rules::bump_count(entry.helped);
                } else {
                    entry.did_not_help = crate::rules::bump_count(entry.did_not_help);
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
    /// A page of the knowledge list (see [`knowledge_order`]). Without a tag, text or project
    /// filter the page is read through the usage index (see [`Self::knowledge_by_usage`]);
    /// otherwise every entry the tag or category selects is read and filtered here.
    pub async fn knowledge(&self, filter: &KnowledgeFilter, offset: u32, limit: u32) -> Result<Page<KnowledgeEntry>> {
        let tag = filter.tag.as_deref().map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_lowercase);
        if tag.is_none() && filter.text.trim().is_empty() && filter.project_id.is_none() {
            return self.knowledge_by_usage(filter.category, offset, limit).await;
        }
        let query = match (&tag, filter.category) {
            (Some(tag), _) => Query::index(StoreName::Knowledge, ix::TAGS, KeyRange::only(Key::str(tag.clone()))),
            (None, Some(category)) => {
                Query::index(StoreName::Knowledge, ix::LIVE_CATEGORY, live(vec![Key::str(category.as_str())]))
            }
            (None, None) => Query::index(StoreName::Knowledge, ix::LIVE_USAGE, live(vec![])),
        };
        let entries = self.store.query::<KnowledgeEntry>(query).await?;
        Ok(KnowledgeSnapshot::new(entries).page(filter, offset, limit))
    }

    /// A page of live entries (of one category, or all) in [`knowledge_order`], through the usage
    /// index: the `offset + limit` most used entries, then every entry that shares the usage of
    /// the last of them (ties are ordered by success rate and title, which no index holds), so a
    /// page reads about its own size plus one usage group, and the total is an index count.
    pub async fn knowledge_by_usage(
        &self,
        category: Option<KnowledgeCategory>,
        offset: u32,
        limit: u32,
    ) -> Result<Page<KnowledgeEntry>> {
        let (index, prefix) = match category {
            Some(category) => (ix::LIVE_CATEGORY, vec![Key::str(category.as_str())]),
            None => (ix::LIVE_USAGE, vec![]),
        };
        let all = Query::index(StoreName::Knowledge, index, live(prefix.clone()));
        let wanted = offset.saturating_add(limit);
        let fetched =
            self.store.read(vec![Read::Query(all.clone().reverse().page(0, wanted)), Read::Count(all)]).await?;
        let mut entries: Vec<KnowledgeEntry> = fetched.records(0);
        let total = fetched.count(1);
        if let Some(boundary) = entries.last().map(|entry| entry.usage_count) {
            if (entries.len() as u64) < total {
                // The rest of the last usage group, which may sort before entries already read.
                entries.retain(|entry| entry.usage_count > boundary);
                let mut group = prefix;
                group.push(Key::Num(f64::from(boundary)));
                entries.extend(
                    self.store.query::<KnowledgeEntry>(Query::index(StoreName::Knowledge, index, live(group))).await?,
                );
            }
        }
        entries.sort_by(knowledge_order);
        Ok(Page { items: entries.into_iter().skip(offset as usize).take(limit as usize).collect(), offset, total })
    }

    /// Every live entry, ready to filter as the user types (see [`KnowledgeSnapshot`]).
    pub async fn knowledge_snapshot(&self) -> Result<KnowledgeSnapshot> {
        let entries = self.store.query(Query::index(StoreName::Knowledge, ix::LIVE_USAGE, live(vec![]))).await?;
        Ok(KnowledgeSnapshot::new(entries))
    }
}

/// Knowledge entries in [`knowledge_order`] with their lower-cased title, body and tags: the
/// text filter runs over it in memory, so typing costs no store read per key. Built from one
/// read; the caller keeps it until the knowledge store changes.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeSnapshot {
    entries: Vec<(KnowledgeEntry, Lowered)>,
}

#[derive(Clone, Debug, Default)]
struct Lowered {
    title: String,
    body: String,
    tags: Vec<String>,
}

impl KnowledgeSnapshot {
    pub fn new(mut entries: Vec<KnowledgeEntry>) -> KnowledgeSnapshot {
        entries.retain(|entry| entry.deleted_at.is_none());
        entries.sort_by(knowledge_order);
        let entries = entries
            .into_iter()
            .map(|entry| {
                let lowered = Lowered {
                    title: entry.title.to_lowercase(),
                    body: entry.body.to_lowercase(),
                    tags: entry.tags.iter().map(|tag| tag.to_lowercase()).collect(),
                };
                (entry, lowered)
            })
            .collect();
        KnowledgeSnapshot { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The page of the entries that pass every filter (a tag matches whole, case aside; the
    /// text is a case-insensitive part of the title, body or a tag).
    pub fn page(&self, filter: &KnowledgeFilter, offset: u32, limit: u32) -> Page<KnowledgeEntry> {
        let tag = filter.tag.as_deref().map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_lowercase);
        let needle = filter.text.trim().to_lowercase();
        let mut total = 0u64;
        let mut items = Vec::new();
        let matching = self.entries.iter().filter(|(entry, lowered)| {
            filter.category.is_none_or(|category| entry.category == category)
                && tag.as_ref().is_none_or(|tag| lowered.tags.contains(tag))
                && filter
                    .project_id
                    .is_none_or(|project| entry.project_id.is_none() || entry.project_id == Some(project))
                && (needle.is_empty()
                    || lowered.title.contains(&needle)
                    || lowered.body.contains(&needle)
                    || lowered.tags.iter().any(|tag| tag.contains(&needle)))
        });
        for (entry, _) in matching {
            if total >= u64::from(offset) && items.len() < limit as usize {
                items.push(entry.clone());
            }
            total += 1;
        }
        Page { items, offset, total }
    }
}

/// Checks a category name from a form or a file.
pub fn parse_category(text: &str) -> std::result::Result<KnowledgeCategory, FieldError> {
    KnowledgeCategory::parse(text).ok_or_else(|| FieldError::new("category", crate::validate::Problem::Choose))
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

    #[test]
    fn pages_through_the_usage_index_equal_sorting_every_entry() {
        let service = Service::new(MemoryStore::new(), Rc::new(TestEnv::at("2026-11-26T10:00:00Z")));
        let categories = KnowledgeCategory::ALL;
        let mut entries = Vec::new();
        for n in 0..61u32 {
            let category = categories[n as usize % categories.len()];
            let title = format!("{} entry {n}", if n % 2 == 0 { "Even" } else { "odd" });
            let body = if n % 5 == 0 { "Mentions IndexedDB" } else { "Plain" };
            let entry =
                block_on(service.create_knowledge(&draft(category, &title, &format!("t{}", n % 3), body))).unwrap();
            entries.push(entry);
        }
        // Usage in few groups (many ties), verdicts that order the ties, a few in the trash.
        let mut writes = Vec::new();
        for (n, entry) in entries.iter_mut().enumerate() {
            entry.usage_count = [0, 3, 3, 7, 0, 1][n % 6];
            entry.helped = (n % 4) as u32;
            entry.did_not_help = (n % 3) as u32;
            if n % 17 == 5 {
                entry.deleted_at = Some(entry.created_at);
            }
            writes.push(Write::put(entry.clone()));
        }
        block_on(
            service
                .store()
                .transact(vec![], &[StoreName::Knowledge], Durability::Relaxed, |_| Ok::<_, StoreError>((writes, ()))),
        )
        .unwrap();
        let mut live: Vec<KnowledgeEntry> = entries.into_iter().filter(|entry| entry.deleted_at.is_none()).collect();
        live.sort_by(knowledge_order);
        for category in std::iter::once(None).chain(categories.iter().copied().map(Some)) {
            let expected: Vec<Id> = live
                .iter()
                .filter(|entry| category.is_none_or(|c| entry.category == c))
                .map(|entry| entry.id)
                .collect();
            for limit in [1, 4, 10] {
                for offset in (0..=expected.len() as u32 + 1).step_by(3) {
                    let page = block_on(service.knowledge_by_usage(category, offset, limit)).unwrap();
                    let want: Vec<Id> = expected.iter().skip(offset as usize).take(limit as usize).copied().collect();
                    assert_eq!(
                        page.items.iter().map(|entry| entry.id).collect::<Vec<_>>(),
                        want,
                        "{category:?} {offset}+{limit}"
                    );
                    assert_eq!(page.total, expected.len() as u64);
                }
            }
        }

        // The snapshot's filters give what the store's full read gives.
        let snapshot = block_on(service.knowledge_snapshot()).unwrap();
        assert_eq!(snapshot.len(), live.len());
        for filter in [
            KnowledgeFilter { text: "indexeddb".into(), ..KnowledgeFilter::default() },
            KnowledgeFilter { text: " EVEN ".into(), ..KnowledgeFilter::default() },
            KnowledgeFilter { text: "T2".into(), category: Some(categories[1]), ..KnowledgeFilter::default() },
            KnowledgeFilter { tag: Some("T1".into()), text: "entry".into(), ..KnowledgeFilter::default() },
            KnowledgeFilter { text: "nothing like this".into(), ..KnowledgeFilter::default() },
            KnowledgeFilter::default(),
        ] {
            for (offset, limit) in [(0, 5), (3, 20), (40, 20)] {
                assert_eq!(
                    snapshot.page(&filter, offset, limit),
                    block_on(service.knowledge(&filter, offset, limit)).unwrap(),
                    "{filter:?} {offset}+{limit}"
                );
            }
        }
    }
}
