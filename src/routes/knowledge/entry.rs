//! One knowledge entry as a card: category, title, scope, usage and success, tags that filter,
//! the markdown body (collapsed when long), verdicts, edit and delete.

use super::Scope;
use crate::components::{CategoryLabel, Icon, IconName, KnowledgeFormDialog, Markdown};
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::platform::focus_by_id;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{trash_with_undo, use_action, TrashConfirm};
use baton_core::locale::format_integer;
use baton_core::records::KnowledgeEntry;
use baton_core::rules::success_rate;
use leptos::prelude::*;
use leptos_router::components::A;

/// A body longer than this (in lines or characters) starts collapsed, with "Show more".
const COLLAPSE_LINES: usize = 4;
const COLLAPSE_CHARS: usize = 320;

/// "75% helpful (3 of 4)", or "Not rated yet" before any verdict.
fn success_text(entry: &KnowledgeEntry) -> String {
    let i18n = use_i18n();
    match success_rate(entry.helped, entry.did_not_help) {
        None => t_string!(i18n, knowledge.entry.not_rated).to_string(),
        Some(rate) => t_string!(
            i18n,
            knowledge.entry.helpful,
            rate = format_integer((rate * 100.0).round() as i64),
            helped = format_integer(i64::from(entry.helped)),
            total = format_integer(i64::from(entry.helped.saturating_add(entry.did_not_help)))
        )
        .to_string(),
    }
}

fn usage_text(count: u32) -> String {
    let i18n = use_i18n();
    match count {
        0 => t_string!(i18n, knowledge.entry.unused).to_string(),
        n => t_string!(i18n, knowledge.entry.used, count = n, n = format_integer(i64::from(n))).to_string(),
    }
}

#[component]
pub(super) fn EntryCard(
    entry: KnowledgeEntry,
    scope: Scope,
    tag_filter: RwSignal<String>,
    focus_after: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
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
    let record_verdict = use_action(
        move |helped: bool| async move { service().record_verdict(id, helped).await.map(|entry| (entry, helped)) },
        move |(entry, helped): (KnowledgeEntry, bool)| {
            let title = entry.title;
            let text = if helped {
                t_string!(i18n, knowledge.entry.marked_helpful, title = title).to_string()
            } else {
                t_string!(i18n, knowledge.entry.marked_not_helpful, title = title).to_string()
            };
            state.toast(ToastKind::Success, text);
        },
    );
    let verdict = move |helped: bool, button: String| {
        refocus(button);
        record_verdict.dispatch(helped);
    };
    let delete = move || {
        trash_with_undo(
            async move { service().trash_knowledge(id).await },
            move |entry| {
                // The entry's row goes: focus moves to the page heading, not to another row.
                focus_by_id("page-title");
                t_string!(i18n, knowledge.entry.trashed, title = entry.title.clone()).to_string()
            },
            move || async move { service().restore_knowledge(id).await },
            move |entry| t_string!(i18n, knowledge.entry.restored, title = entry.title.clone()).to_string(),
        );
    };
    let scope_view = match scope {
        Scope::Everywhere => view! { <span>{t!(i18n, knowledge.entry.all_projects)}</span> }.into_any(),
        Scope::Project(project, name) => view! {
            <span>{t!(i18n, knowledge.entry.project)}" "<A href=crate::pwa::href(&paths::project(project))>{name}</A></span>
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
                    <button type="button" class="tag tag--button" aria-label=t_string!(i18n, knowledge.entry.filter_by_tag, tag = tag.clone()).to_string()
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
                aria-label=move || {
                    let title = title.clone();
                    if expanded.get() {
                        t_string!(i18n, knowledge.entry.show_less_of, title = title).to_string()
                    } else {
                        t_string!(i18n, knowledge.entry.show_more_of, title = title).to_string()
                    }
                }
                on:click=move |_| expanded.update(|open| *open = !*open)>
                {move || if expanded.get() { t_string!(i18n, knowledge.entry.show_less) } else { t_string!(i18n, knowledge.entry.show_more) }}
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
            {has_tags.then(|| view! { <ul class="knowledge-entry__tags" aria-label=t_string!(i18n, knowledge.entry.tags_of, title = entry.title.clone()).to_string()>{tags}</ul> })}
            <div class="knowledge-entry__content">
                {if empty_body {
                    view! { <p class="muted">{t!(i18n, knowledge.entry.no_body)}</p> }.into_any()
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
                <button type="button" class="btn btn--small" id=helped_id.clone() aria-label=t_string!(i18n, knowledge.entry.helped_label, title = title.clone()).to_string() on:click=move |_| verdict(true, helped_id.clone())>
                    <Icon name=IconName::ThumbsUp />
                    " "{t!(i18n, knowledge.entry.helped)}
                </button>
                <button type="button" class="btn btn--small" id=not_helped_id.clone() aria-label=t_string!(i18n, knowledge.entry.not_helped_label, title = title.clone()).to_string() on:click=move |_| verdict(false, not_helped_id.clone())>
                    <Icon name=IconName::ThumbsDown />
                    " "{t!(i18n, knowledge.entry.not_helped)}
                </button>
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" id=edit_id aria-label=t_string!(i18n, knowledge.entry.edit_label, title = title.clone()).to_string() on:click=move |_| editing.set(true)>{t!(i18n, knowledge.entry.edit)}</button>
                <button type="button" class="btn btn--small btn--danger" aria-label=t_string!(i18n, knowledge.entry.delete_label, title = title.clone()).to_string() on:click=move |_| deleting.set(true)>{t!(i18n, knowledge.entry.delete)}</button>
            </div>
            <KnowledgeFormDialog open=editing editing=Some(entry.clone()) initial=None />
            <TrashConfirm open=deleting name=entry.title.clone() on_confirm=delete
                message=t_string!(i18n, knowledge.entry.trash_message) />
        </li>
    }
}
