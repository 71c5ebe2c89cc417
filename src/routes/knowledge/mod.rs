//! `/knowledge`: the knowledge base. Entries by usage then success, with category, tag and text
//! filters, paged; each with its category (icon, colour and text), tags, scope, usage, success
//! rate and markdown body; "Helped" / "Did not help" verdicts; create, edit, delete to trash.

use crate::components::{CategoryLabel, Icon, IconName, KnowledgeFormDialog, Markdown};
use crate::nav::paths;
use crate::platform::focus_by_id;
use crate::state::{service, use_app, AppState, ToastKind};
use crate::ui::{ConfirmDialog, EmptyState, ErrorNote, ListSkeleton};
use baton_core::records::{KnowledgeCategory, KnowledgeEntry, StoreName};
use baton_core::rules::success_rate;
use baton_core::service::{Error, KnowledgeFilter, KnowledgeSnapshot};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;
use std::cell::RefCell;
use std::rc::Rc;

const PAGE_SIZE: u32 = 20;

/// A body longer than this (in lines or characters) starts collapsed, with "Show more".
const COLLAPSE_LINES: usize = 4;
const COLLAPSE_CHARS: usize = 320;

/// Where an entry applies: everywhere, or one project (its id and name).
#[derive(Clone, Debug, PartialEq)]
enum Scope {
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
                        Some(project) if project.deleted_at.is_some() => format!("{} (in the trash)", project.name),
                        Some(project) => project.name.clone(),
                        None => "A deleted project".to_string(),
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

    view! {
        <super::PageHeader title=Signal::stored("Knowledge".to_string())>
            <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>
                <Icon name=IconName::Plus />
                " New entry"
            </button>
        </super::PageHeader>
        <div class="toolbar" role="search" aria-label="Filter knowledge">
            <label class="field">
                <span class="field__label">"Category"</span>
                <select bind:value=category>
                    <option value="">"All categories"</option>
                    {KnowledgeCategory::ALL.iter().map(|category| view! { <option value=category.as_str()>{category.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">"Tag"</span>
                <input type="text" bind:value=tag />
            </label>
            <label class="field">
                <span class="field__label">"Search"</span>
                <input type="search" placeholder="Words in the title, body or tags" bind:value=text
                    on:focus=move |_| leptos::task::spawn_local(async move {
                        // Read the entries for the text filter while the user starts typing.
                        let _ = knowledge_snapshot(state).await;
                    }) />
            </label>
        </div>
        {move || match page.get() {
            None => view! { <ListSkeleton /> }.into_any(),
            Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
            Some(Ok((page, _))) if page.total == 0 => {
                if filtered() {
                    view! {
                        <EmptyState title="No entries match" text="Change the category, the tag or the search words to see more entries.".to_string()>
                            <button type="button" class="btn" on:click=clear_filters>"Clear filters"</button>
                        </EmptyState>
                    }.into_any()
                } else {
                    view! {
                        <EmptyState
                            title="No knowledge yet"
                            text="Keep what you learn across sessions — patterns, error solutions, optimisations, best practices and tips — so the next assistant does not have to learn it again.".to_string()
                        >
                            <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>"Add your first entry"</button>
                        </EmptyState>
                    }.into_any()
                }
            }
            Some(Ok((page, scopes))) => {
                let total = page.total;
                let first = page.offset as u64 + 1;
                let last = page.offset as u64 + page.items.len() as u64;
                view! {
                    <ul class="knowledge-list" aria-label="Knowledge entries">
                        {page.items.into_iter().zip(scopes).map(|(entry, scope)| view! { <EntryCard entry=entry scope=scope tag_filter=tag focus_after=focus_after /> }).collect_view()}
                    </ul>
                    <nav class="pager" aria-label="Pages">
                        <span>{format!("{first}–{last} of {total}")}</span>
                        <button type="button" class="btn btn--small" disabled=move || offset.get() == 0
                            on:click=move |_| offset.update(|offset| *offset = offset.saturating_sub(PAGE_SIZE))>"Previous page"</button>
                        <button type="button" class="btn btn--small" disabled={move || last >= total}
                            on:click=move |_| offset.update(|offset| *offset += PAGE_SIZE)>"Next page"</button>
                    </nav>
                }.into_any()
            }
        }}
        <KnowledgeFormDialog open=creating editing=None initial=None />
    }
}

/// "75% helpful (3 of 4)", or "Not rated yet" before any verdict.
fn success_text(entry: &KnowledgeEntry) -> String {
    match success_rate(entry.helped, entry.did_not_help) {
        None => "Not rated yet".to_string(),
        Some(rate) => format!(
            "{}% helpful ({} of {})",
            (rate * 100.0).round() as i64,
            entry.helped,
            entry.helped.saturating_add(entry.did_not_help)
        ),
    }
}

fn usage_text(count: u32) -> String {
    match count {
        0 => "Not used in a handoff yet".to_string(),
        1 => "Used in 1 handoff".to_string(),
        n => format!("Used in {n} handoffs"),
    }
}

#[component]
fn EntryCard(
    entry: KnowledgeEntry,
    scope: Scope,
    tag_filter: RwSignal<String>,
    focus_after: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let expanded = RwSignal::new(false);
    let id = entry.id;
    let title = entry.title.clone();
    let uid = id.as_uuid().simple().to_string();
    let title_id = format!("entry-{uid}-title");
    let body_id = format!("entry-{uid}-body");
    let helped_id = format!("entry-{uid}-helped");
    let not_helped_id = format!("entry-{uid}-not-helped");
    let edit_id = format!("entry-{uid}-edit");
    // Take focus back if this card holds the control that had it before the list was redrawn.
    {
        let mine = [helped_id.clone(), not_helped_id.clone(), edit_id.clone()];
        Effect::new(move |_| {
            if let Some(target) = focus_after.get_untracked().filter(|target| mine.contains(target)) {
                focus_after.set(None);
                request_animation_frame(move || focus_by_id(&target));
            }
        });
    }
    let refocus = move |target: String| {
        focus_after.set(Some(target));
        // Only the next redraw takes it; a request that no redraw follows lapses.
        set_timeout(move || focus_after.set(None), std::time::Duration::from_millis(1500));
    };
    // After the edit dialog closes, its opener is focused again, wherever the redraw puts it.
    {
        let edit_id = edit_id.clone();
        Effect::new(move |was_open: Option<bool>| {
            let open = editing.get();
            if was_open == Some(true) && !open {
                refocus(edit_id.clone());
            }
            open
        });
    }
    let long = entry.body.lines().count() > COLLAPSE_LINES || entry.body.chars().count() > COLLAPSE_CHARS;
    let verdict = move |helped: bool, button: String| {
        leptos::task::spawn_local(async move {
            refocus(button);
            match service().record_verdict(id, helped).await {
                Ok(entry) => state.toast(
                    ToastKind::Success,
                    format!("Marked “{}” as {}", entry.title, if helped { "helpful" } else { "not helpful" }),
                ),
                Err(error) => state.report(&error),
            }
        });
    };
    let delete = move || {
        leptos::task::spawn_local(async move {
            match service().trash_knowledge(id).await {
                Ok(entry) => {
                    // The entry's row goes: focus moves to the page heading, not to another row.
                    focus_by_id("page-title");
                    let undo: Rc<dyn Fn()> = Rc::new(move || {
                        leptos::task::spawn_local(async move {
                            match service().restore_knowledge(id).await {
                                Ok(entry) => {
                                    state.toast(ToastKind::Success, format!("Knowledge “{}” restored", entry.title))
                                }
                                Err(error) => state.report(&error),
                            }
                        });
                    });
                    state.toast_with_action(
                        ToastKind::Success,
                        format!("Knowledge “{}” moved to the trash", entry.title),
                        "Undo",
                        undo,
                    );
                }
                Err(error) => state.report(&error),
            }
        });
    };
    let scope_view = match scope {
        Scope::Everywhere => view! { <span>"All projects"</span> }.into_any(),
        Scope::Project(project, name) => view! {
            <span>"Project: " <A href=crate::pwa::href(&paths::project(project))>{name}</A></span>
        }
        .into_any(),
    };
    let tags = entry
        .tags
        .iter()
        .map(|tag| {
            let value = tag.clone();
            view! {
                <li>
                    <button type="button" class="tag tag--button" aria-label=format!("Filter by tag {tag}")
                        on:click=move |_| tag_filter.set(value.clone())>
                        {tag.clone()}
                    </button>
                </li>
            }
        })
        .collect_view();
    let has_tags = !entry.tags.is_empty();
    let toggle = long.then(|| {
        let body_id = body_id.clone();
        let title = title.clone();
        view! {
            <button type="button" class="btn btn--small btn--ghost knowledge-entry__toggle"
                aria-expanded=move || expanded.get().to_string()
                aria-controls=body_id
                on:click=move |_| expanded.update(|open| *open = !*open)>
                {move || if expanded.get() { "Show less" } else { "Show more" }}
                <span class="visually-hidden">{format!(" of “{title}”")}</span>
            </button>
        }
    });
    let labelled_by = title_id.clone();
    let body = entry.body.clone();
    let empty_body = body.trim().is_empty();
    view! {
        <li class="card knowledge-entry" aria-labelledby=labelled_by>
            <div class="knowledge-entry__header">
                <CategoryLabel category=entry.category />
                <h2 class="knowledge-entry__title" id=title_id>{entry.title.clone()}</h2>
            </div>
            <div class="list__meta">
                {scope_view}
                <span>{usage_text(entry.usage_count)}</span>
                <span>{success_text(&entry)}</span>
            </div>
            {has_tags.then(|| view! { <ul class="knowledge-entry__tags" aria-label=format!("Tags of {}", entry.title)>{tags}</ul> })}
            <div class="knowledge-entry__content">
                {if empty_body {
                    view! { <p class="muted">"No body."</p> }.into_any()
                } else {
                    view! {
                        <div id=body_id class="knowledge-entry__body" class:knowledge-entry__body--collapsed=move || long && !expanded.get()>
                            <Markdown source=body />
                        </div>
                    }.into_any()
                }}
                {toggle}
            </div>
            <div class="card__footer row">
                <button type="button" class="btn btn--small" id=helped_id.clone() aria-label=format!("Helped: {title}") on:click=move |_| verdict(true, helped_id.clone())>
                    <Icon name=IconName::ThumbsUp />
                    " Helped"
                </button>
                <button type="button" class="btn btn--small" id=not_helped_id.clone() aria-label=format!("Did not help: {title}") on:click=move |_| verdict(false, not_helped_id.clone())>
                    <Icon name=IconName::ThumbsDown />
                    " Did not help"
                </button>
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" id=edit_id aria-label=format!("Edit {title}") on:click=move |_| editing.set(true)>"Edit"</button>
                <button type="button" class="btn btn--small btn--danger" aria-label=format!("Delete {title}") on:click=move |_| deleting.set(true)>"Delete"</button>
            </div>
            <KnowledgeFormDialog open=editing editing=Some(entry.clone()) initial=None />
            <ConfirmDialog
                open=deleting
                title=Signal::stored(format!("Delete “{}”?", entry.title))
                message=Signal::stored("The entry moves to the trash on the Data page, where you can restore it for 30 days.".to_string())
                confirm_label="Move to trash"
                danger=true
                on_confirm=delete
            />
        </li>
    }
}
