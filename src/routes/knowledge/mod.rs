//! `/knowledge`: the knowledge base. Entries by usage then success, with category, tag and text
//! filters, paged; each with its category (icon, colour and text), tags, scope, usage, success
//! rate and markdown body; "Helped" / "Did not help" verdicts; create, edit, delete to trash.

mod entry;

use crate::components::KnowledgeFormDialog;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::state::{service, use_app, AppState};
use crate::ui::{loaded, EmptyState, Field, FieldControl, Form, NewButton, Pager, TextField};
use baton_core::records::{KnowledgeCategory, StoreName};
use baton_core::service::{Error, KnowledgeFilter, KnowledgeSnapshot};
use baton_core::Id;
use entry::EntryCard;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

const PAGE_SIZE: u32 = 20;

/// Where an entry applies: everywhere, or one project (its id and name).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Scope {
    Everywhere,
    Project(Id, String),
}

thread_local! {
    /// Every live entry for the text filter, with the knowledge change counter it was read at.
    static SNAPSHOT: RefCell<Option<(u64, Rc<KnowledgeSnapshot>)>> = const { RefCell::new(None) };
}

/// The snapshot of the knowledge base, read again only after a change to it (here or in another tab).
async fn knowledge_snapshot(state: AppState) -> Result<Rc<KnowledgeSnapshot>, Error> {
    let version = state.version_untracked(StoreName::Knowledge);
    let kept = SNAPSHOT.with(|slot| slot.borrow().as_ref().filter(|(at, _)| *at == version).map(|(_, s)| s.clone()));
    if let Some(snapshot) = kept {
        return Ok(snapshot);
    }
    let snapshot = Rc::new(service().knowledge_snapshot().await?);
    if state.version_untracked(StoreName::Knowledge) == version {
        SNAPSHOT.with(|slot| *slot.borrow_mut() = Some((version, snapshot.clone())));
    }
    Ok(snapshot)
}

#[component]
pub fn Knowledge() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let (in_trash_of, deleted_project) = (
        move |name: String| t_string!(i18n, knowledge.in_trash, name = name).to_string(),
        t_string!(i18n, knowledge.deleted_project),
    );
    let category = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let offset = RwSignal::new(0u32);
    let creating = RwSignal::new(false);
    // The control to focus once the list is drawn again (the list reuses its rows in place, so a
    // verdict that reorders it would otherwise leave focus on another entry's button).
    let focus_after = RwSignal::new(None::<String>);

    // A new filter starts at the first page.
    Effect::new(move |_| {
        category.track();
        tag.track();
        text.track();
        offset.set(0);
    });

    let page = LocalResource::new(move || {
        state.track(StoreName::Knowledge);
        state.track(StoreName::Projects);
        let filter = KnowledgeFilter {
            category: KnowledgeCategory::parse(&category.get()),
            tag: Some(tag.get()).filter(|tag| !tag.trim().is_empty()),
            text: text.get(),
            project_id: None,
        };
        let offset = offset.get();
        async move {
            let service = service();
            // Text is filtered in memory over a snapshot of every entry (read once, kept until the
            // knowledge changes): a key press costs no store read. Otherwise a page of the index.
            let page = if filter.text.trim().is_empty() {
                service.knowledge(&filter, offset, PAGE_SIZE).await?
            } else {
                knowledge_snapshot(state).await?.page(&filter, offset, PAGE_SIZE)
            };
            // The names of the projects this page's entries are scoped to, read for this page only.
            let ids: Vec<Id> = page.items.iter().filter_map(|entry| entry.project_id).collect();
            let found = service.projects_by_id(&ids).await?;
            let names: Vec<(Id, String)> = ids
                .iter()
                .map(|id| {
                    let name = match found.get(id) {
                        Some(project) if project.deleted_at.is_some() => in_trash_of(project.name.clone()),
                        Some(project) => project.name.clone(),
                        None => deleted_project.to_string(),
                    };
                    (*id, name)
                })
                .collect();
            let scoped = page
                .items
                .iter()
                .map(|entry| match entry.project_id {
                    None => Scope::Everywhere,
                    Some(id) => Scope::Project(
                        id,
                        names.iter().find(|(known, _)| *known == id).map(|(_, name)| name.clone()).unwrap_or_default(),
                    ),
                })
                .collect::<Vec<_>>();
            Ok::<_, Error>((page, scoped))
        }
    });
    super::mark_ready_when(page);
    // The last entry of a later page went (deleted, or filtered out elsewhere): show the last page.
    Effect::new(move |_| {
        if let Some(Ok((page, _))) = page.get() {
            if page.items.is_empty() && page.total > 0 && page.offset > 0 {
                let last = ((page.total - 1) / PAGE_SIZE as u64) as u32 * PAGE_SIZE;
                offset.set(last);
            }
        }
    });
    let filtered = move || {
        !category.get_untracked().is_empty()
            || !tag.get_untracked().trim().is_empty()
            || !text.get_untracked().trim().is_empty()
    };
    let clear_filters = move |_| {
        category.set(String::new());
        tag.set(String::new());
        text.set(String::new());
    };

    let form = Form::new("knowledge-filter");
    let category_select = move |control: FieldControl| {
        view! {
            <select id=control.id aria-describedby=control.described_by bind:value=category>
                <option value="">{t!(i18n, knowledge.all_categories)}</option>
                {KnowledgeCategory::ALL.iter().map(|category| view! { <option value=category.as_str()>{category.label()}</option> }).collect_view()}
            </select>
        }
    };
    let search_box = move |control: FieldControl| {
        view! {
            <input id=control.id aria-describedby=control.described_by type="search"
                placeholder=move || t_string!(i18n, knowledge.search_placeholder) bind:value=text
                on:focus=move |_| leptos::task::spawn_local(async move {
                    // Read the entries for the text filter while the user starts typing.
                    let _ = knowledge_snapshot(state).await;
                }) />
        }
    };
    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, knowledge.title).to_string())>
            <NewButton label=t_string!(i18n, knowledge.new_entry) open=creating />
        </super::PageHeader>
        <div class="toolbar" role="search" aria-label=move || t_string!(i18n, knowledge.filter_label)>
            <Field form=form name="category" label=t_string!(i18n, knowledge.category).to_string() control=category_select />
            <TextField form=form name="tag" label=t_string!(i18n, knowledge.tag).to_string() value=tag on_input=Callback::new(move |value| tag.set(value)) />
            <Field form=form name="text" label=t_string!(i18n, knowledge.search).to_string() control=search_box />
        </div>
        {loaded(page, move |(page, scopes)| match page {
            page if page.total == 0 => {
                if filtered() {
                    view! {
                        <EmptyState title=t_string!(i18n, knowledge.none_match_title) text=t_string!(i18n, knowledge.none_match_text).to_string()>
                            <button type="button" class="btn" on:click=clear_filters>{t!(i18n, knowledge.clear_filters)}</button>
                        </EmptyState>
                    }.into_any()
                } else {
                    view! {
                        <EmptyState
                            title=t_string!(i18n, knowledge.empty_title)
                            text=t_string!(i18n, knowledge.empty_text).to_string()
                        >
                            <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>{t!(i18n, knowledge.add_first)}</button>
                        </EmptyState>
                    }.into_any()
                }
            }
            page => {
                let (shown, total) = (page.items.len(), page.total);
                view! {
                    <ul class="knowledge-list" aria-label=t_string!(i18n, knowledge.list_label)>
                        {page.items.into_iter().zip(scopes).map(|(entry, scope)| view! { <EntryCard entry=entry scope=scope tag_filter=tag focus_after=focus_after /> }).collect_view()}
                    </ul>
                    <Pager offset=offset page_size=PAGE_SIZE shown=shown total=total />
                }.into_any()
            }
        })}
        <KnowledgeFormDialog open=creating editing=None initial=None />
    }
}
