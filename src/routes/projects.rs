//! `/projects`: the list with status filter, sort and text filter, paged; "New project".

use crate::components::{Icon, IconName, StatusBadge};
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{bind, loaded, use_action, Dialog, EmptyState, Form, FormFooter, Pager, TextField, TextKind};
use baton_core::locale::format_integer;
use baton_core::records::{Project, ProjectStatus, StoreName};
use baton_core::rules::ProjectFigures;
use baton_core::service::{Error, ProjectSort};
use baton_core::validate::{self, ProjectDraft};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

const PAGE_SIZE: u32 = 20;

thread_local! {
    /// Each project's badges (from its sessions), with the sessions' version they were read at:
    /// typing in the filter shows mostly the same projects, whose sessions need no new read.
    static FIGURES: std::cell::RefCell<(u64, std::collections::HashMap<Id, ProjectFigures>)> =
        std::cell::RefCell::new((u64::MAX, std::collections::HashMap::new()));
}

/// The figures of these projects: from the cache when the sessions have not changed since, the
/// rest read (only those) and kept.
async fn project_figures(ids: Vec<Id>, sessions_version: u64) -> Result<Vec<ProjectFigures>, Error> {
    let missing: Vec<Id> = FIGURES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != sessions_version {
            *cache = (sessions_version, Default::default());
        }
        ids.iter().copied().filter(|id| !cache.1.contains_key(id)).collect()
    });
    if !missing.is_empty() {
        let read = service().project_figures(&missing).await?;
        FIGURES.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 == sessions_version {
                cache.1.extend(missing.into_iter().zip(read));
            }
        });
    }
    // A change meanwhile emptied the cache: read again (the page re-reads on that change anyway).
    let cached: Option<Vec<ProjectFigures>> =
        FIGURES.with(|cache| ids.iter().map(|id| cache.borrow().1.get(id).cloned()).collect());
    match cached {
        Some(figures) => Ok(figures),
        None => service().project_figures(&ids).await,
    }
}

#[component]
pub fn Projects() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let status_filter = RwSignal::new(String::new());
    let sort = RwSignal::new(ProjectSort::Updated.as_str().to_string());
    let text = RwSignal::new(String::new());
    let offset = RwSignal::new(0u32);
    let creating = RwSignal::new(false);

    // A new filter starts at the first page.
    Effect::new(move |_| {
        status_filter.track();
        sort.track();
        text.track();
        offset.set(0);
    });

    let page = LocalResource::new(move || {
        state.track(StoreName::Projects);
        let sessions_version = state.version(StoreName::Sessions);
        let status = ProjectStatus::parse(&status_filter.get());
        let sort = ProjectSort::parse(&sort.get());
        let text = text.get();
        let offset = offset.get();
        async move {
            let service = service();
            let page = service.projects(status, sort, &text, offset, PAGE_SIZE).await?;
            // Badges are derived from each project's sessions, read for this page only.
            let ids: Vec<_> = page.items.iter().map(|project| project.id).collect();
            let figures = project_figures(ids, sessions_version).await?;
            Ok::<_, Error>((page, figures))
        }
    });
    super::mark_ready_when(page);

    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, lists.projects_title).to_string())>
            <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>
                <Icon name=IconName::Plus />
                " "{t!(i18n, lists.projects.new_project)}
            </button>
        </super::PageHeader>
        <div class="toolbar" role="search" aria-label=move || t_string!(i18n, lists.projects.filter_label)>
            <label class="field">
                <span class="field__label">{t!(i18n, lists.projects.status)}</span>
                <select bind:value=status_filter>
                    <option value="">{t!(i18n, lists.projects.all_statuses)}</option>
                    {ProjectStatus::ALL.iter().map(|status| view! { <option value=status.as_str()>{status.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{t!(i18n, lists.projects.sort_by)}</span>
                <select bind:value=sort>
                    {ProjectSort::ALL.iter().map(|sort| view! { <option value=sort.as_str()>{sort.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{t!(i18n, lists.projects.search)}</span>
                <input type="search" placeholder=move || t_string!(i18n, lists.projects.search_placeholder) bind:value=text />
            </label>
        </div>
        {loaded(page, move |(page, figures)| {
            if page.total == 0 {
                let filtered = !status_filter.get_untracked().is_empty() || !text.get_untracked().trim().is_empty();
                if filtered {
                    view! {
                        <EmptyState title=t_string!(i18n, lists.projects.none_match_title) text=t_string!(i18n, lists.projects.none_match_text).to_string() />
                    }.into_any()
                } else {
                    view! {
                        <EmptyState
                            title=t_string!(i18n, lists.projects.empty_title)
                            text=t_string!(i18n, lists.projects.empty_text).to_string()
                        >
                            <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>{t!(i18n, lists.projects.create_first)}</button>
                        </EmptyState>
                    }.into_any()
                }
            } else {
                let total = page.total;
                let shown = page.items.len();
                view! {
                    <ul class="list" aria-label=t_string!(i18n, lists.projects.list_label)>
                        {page.items.into_iter().zip(figures).map(|(project, figures)| view! { <ProjectRow project=project figures=figures /> }).collect_view()}
                    </ul>
                    <Pager offset=offset page_size=PAGE_SIZE shown=shown total=total />
                }.into_any()
            }
        })}
        <NewProjectDialog open=creating />
    }
}

#[component]
fn ProjectRow(project: Project, figures: ProjectFigures) -> impl IntoView {
    let i18n = use_i18n();
    let href = crate::pwa::href(&paths::project(project.id));
    let status = project.status;
    let sessions_total = figures.sessions_total;
    let sessions = move || {
        t_string!(i18n, lists.projects.sessions, count = sessions_total, n = format_integer(sessions_total as i64))
            .to_string()
    };
    let credits_used = figures.credits_used;
    let credits = move || {
        t_string!(i18n, lists.projects.credits_used, count = credits_used, n = format_integer(credits_used)).to_string()
    };
    view! {
        <li class="list__item">
            <div class="stack">
                <A href=href attr:class="list__title">{project.name.clone()}</A>
                <span class="list__meta">{project.description.clone()}</span>
            </div>
            <div class="row">
                {project.tags.iter().map(|tag| view! { <span class="tag">{tag.clone()}</span> }).collect_view()}
                <span class="count">{sessions}</span>
                <span class="count">{credits}</span>
                <StatusBadge status=status.as_str() label=status.label() />
            </div>
        </li>
    }
}

/// The create form: validates as the user types (after the first submit) and on submit; Enter
/// submits, Escape cancels; nothing half-valid is saved.
#[component]
fn NewProjectDialog(open: RwSignal<bool>) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let draft = RwSignal::new(ProjectDraft::default());
    let submitted = RwSignal::new(false);
    let form = Form::new("new-project");
    form.validate_live(submitted.into(), move || validate::project(&draft.get()).map(|_| ()));
    // Reset when the dialog opens again.
    Effect::new(move |_| {
        if open.get() {
            draft.set(ProjectDraft::default());
            submitted.set(false);
            form.clear();
        }
    });
    let create = use_action(
        move |draft: ProjectDraft| async move { service().create_project(&draft).await },
        move |project: Project| {
            open.set(false);
            state.toast(
                ToastKind::Success,
                t_string!(i18n, lists.projects.created, name = project.name.clone()).to_string(),
            );
            navigate(&paths::project(project.id), Default::default());
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        if let Err(errors) = validate::project(&draft.get_untracked()) {
            form.show_and_focus(&errors);
            return;
        }
        create.dispatch(draft.get_untracked());
    };
    let (name, on_name) = bind(draft, |d| d.name.clone(), |d, v| d.name = v);
    let (description, on_description) = bind(draft, |d| d.description.clone(), |d, v| d.description = v);
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, lists.projects.dialog_title).to_string())>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body">
                    <TextField form=form name="name" label=t_string!(i18n, lists.projects.name) autofocus=true value=name on_input=on_name />
                    <TextField form=form name="description" label=t_string!(i18n, lists.projects.description) kind=TextKind::Multiline(3)
                        value=description on_input=on_description />
                </div>
                <FormFooter open=open submit=t_string!(i18n, lists.projects.create) disabled=create.pending />
            </form>
        </Dialog>
    }
}
