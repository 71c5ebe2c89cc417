//! `/projects/:id`: the project, its status, rename, delete to trash (with undo) and its activity.

mod checkpoints;
mod credit_analysis;
mod living_state;
mod living_state_editor;
mod project_form;
mod project_knowledge;
mod state_diff;
mod timeline;

use super::record::{record_in_trash, use_record, RecordMissing};
use crate::components::activity::ActivitySection;
use crate::components::start_session::StartSessionDialog;
use crate::components::{Icon, IconName, StatusBadge};
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::nav::paths;
use crate::platform::{format_datetime, format_relative, now};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    async_view, trash_with_undo, use_action, use_action_with_options, ConfirmDialog, Dialog, Form, FormFooter,
    TextField, UseActionOptions,
};
use baton_core::locale::{format_integer, format_number};
use baton_core::records::{Project, ProjectStatus, StoreName};
use baton_core::service::Error;
use baton_core::validate::FieldErrors;
use baton_core::Id;
use checkpoints::CheckpointsSection;
use credit_analysis::CreditAnalysisSection;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use living_state::LivingStateSection;
use project_form::EditProjectDialog;
use project_knowledge::ProjectKnowledge;
use std::rc::Rc;
use timeline::Timeline;

#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let (_id, project) = use_record(StoreName::Projects, |id| async move { service().project(id).await });
    async_view(project, 6, move |project| match project {
        None => view! {
            <RecordMissing
                title=t_string!(i18n, project.not_found_title)
                text=t_string!(i18n, project.not_found_text)
                back=paths::PROJECTS
                back_label=t_string!(i18n, project.all_projects)
            />
        }
        .into_any(),
        Some(project) if project.deleted_at.is_some() => {
            let id = project.id;
            record_in_trash(
                project.name,
                t_string!(i18n, project.in_trash_text),
                t_string!(i18n, project.restore_project),
                move || async move { service().restore_project(id).await },
                move |restored: Project| tu_string!(i18n, project.restored, name = restored.name),
            )
            .into_any()
        }
        Some(project) => view! { <ProjectView project=project /> }.into_any(),
    })
}

#[component]
fn ProjectView(project: Project) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = project.id;
    let name = project.name.clone();
    let renaming = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let starting = RwSignal::new(false);
    let figures = LocalResource::new(move || {
        state.track(StoreName::Sessions);
        async move { service().project_figures(&[id]).await }
    });
    let deleting = RwSignal::new(false);

    let set_status = use_action(
        move |status: ProjectStatus| async move { service().set_project_status(id, status).await },
        move |changed: Project| {
            state.toast(
                ToastKind::Success,
                tu_string!(
                    i18n,
                    project.status_changed,
                    name = changed.name,
                    status = changed.status.label().to_lowercase()
                ),
            )
        },
    );
    let change_status = move |event: leptos::ev::Event| {
        if let Some(status) = ProjectStatus::parse(&event_target_value(&event)) {
            set_status.dispatch(status);
        }
    };

    let delete = move || {
        let navigate = navigate.clone();
        trash_with_undo(
            async move {
                let project = service().trash_project(id).await?;
                navigate(paths::PROJECTS, Default::default());
                Ok(project)
            },
            move |trashed: &Project| tu_string!(i18n, project.trashed, name = trashed.name.clone()),
            move || async move { service().restore_project(id).await },
            move |restored: &Project| tu_string!(i18n, project.restored, name = restored.name.clone()),
        );
    };

    let status = project.status;
    let meta = t_string!(
        i18n,
        project.meta,
        created = format_datetime(project.created_at),
        updated = format_relative(project.updated_at, now())
    );
    view! {
        <super::PageHeader title=Signal::stored(project.name.clone()) meta=Signal::stored(meta)>
            <button type="button" class="btn btn--primary" on:click=move |_| starting.set(true)>
                <Icon name=IconName::Play />
                " "
                {t!(i18n, project.start_session)}
            </button>
            <A href=crate::pwa::href(&paths::handoff_builder(id)) attr:class="btn">
                <Icon name=IconName::Send />
                " "
                {t!(i18n, project.build_handoff)}
            </A>
            <crate::ui::EditButton open=editing />
            <button type="button" class="btn" on:click=move |_| renaming.set(true)>{t!(i18n, project.rename)}</button>
            <crate::ui::DeleteButton open=deleting />
        </super::PageHeader>
        <section class="section card" aria-labelledby="project-overview">
            <h2 class="section__title" id="project-overview">{t!(i18n, project.overview)}</h2>
            <dl class="kv">
                <dt>{t!(i18n, project.status)}</dt>
                <dd class="row">
                    <StatusBadge status=status.as_str() label=status.label() />
                    <label class="visually-hidden" for="project-status">{t!(i18n, project.status)}</label>
                    <select id="project-status" on:change=change_status>
                        {ProjectStatus::ALL.iter().map(|option| view! {
                            <option value=option.as_str() selected=*option == status>{option.label()}</option>
                        }).collect_view()}
                    </select>
                </dd>
                <dt>{t!(i18n, project.description)}</dt>
                <dd>{if project.description.is_empty() { t_string!(i18n, project.no_description).to_string() } else { project.description.clone() }}</dd>
                <dt>{t!(i18n, project.tags)}</dt>
                <dd class="row">
                    {if project.tags.is_empty() {
                        view! { <span class="muted">{t!(i18n, project.no_tags)}</span> }.into_any()
                    } else {
                        project.tags.iter().map(|tag| view! { <span class="tag">{tag.clone()}</span> }).collect_view().into_any()
                    }}
                </dd>
                <dt>{t!(i18n, project.repository)}</dt>
                <dd>
                    {match project.repository_url.clone().filter(|url| baton_core::markdown::is_safe_url(url)) {
                        Some(url) => view! { <a href=url.clone() rel="noopener noreferrer" target="_blank">{url.clone()}</a> }.into_any(),
                        None => view! { <span class="muted">{t!(i18n, project.no_repository)}</span> }.into_any(),
                    }}
                </dd>
                <dt>{t!(i18n, project.notes)}</dt>
                <dd>{if project.notes.is_empty() { "—".to_string() } else { project.notes.clone() }}</dd>
                <dt>{t!(i18n, project.sessions)}</dt>
                <dd>
                    {move || figures.get().and_then(Result::ok).and_then(|list| list.into_iter().next()).map(|f| {
                        let total = format_integer(i64::from(f.sessions_total));
                        let in_progress = format_integer(i64::from(f.in_progress));
                        let completed = format_integer(i64::from(f.completed));
                        let failed = format_integer(i64::from(f.failed));
                        let handed_off = format_integer(i64::from(f.handed_off));
                        let credits = format_number(f.credits_used as f64);
                        match f.success_rate {
                            Some(rate) => t_string!(
                                i18n,
                                project.session_figures_with_rate,
                                total, in_progress, completed, failed, handed_off, credits,
                                rate = format_number((rate * 100.0).round())
                            ),
                            None => t_string!(i18n, project.session_figures, total, in_progress, completed, failed, handed_off, credits),
                        }
                    })}
                </dd>
            </dl>
        </section>
        <LivingStateSection project=project.clone() />
        <Timeline project_id=id />
        <CheckpointsSection project_id=id />
        <ProjectKnowledge project_id=id />
        <CreditAnalysisSection project_id=id />
        <ActivitySection id=id kind="Project" /> // not UI: the record kind; ActivitySection (src/components) words its label and derives the heading id from it
        <RenameDialog open=renaming id=id current=project.name.clone() />
        <EditProjectDialog open=editing project=project.clone() />
        <StartSessionDialog open=starting project_id=Some(id) />
        <ConfirmDialog
            open=deleting
            title=Signal::stored(t_string!(i18n, project.delete_title, name))
            message=Signal::stored(t_string!(i18n, project.delete_message).to_string())
            confirm_label=t_string!(i18n, project.move_to_trash)
            danger=true
            on_confirm=delete
        />
    }
}

#[component]
fn RenameDialog(open: RwSignal<bool>, id: Id, current: String) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let name = RwSignal::new(current.clone());
    let form = Form::new("rename-project");
    Effect::new(move |_| {
        if open.get() {
            name.set(current.clone());
            form.clear();
        }
    });
    let rename = use_action_with_options(
        move |text: String| async move { service().rename_project(id, &text).await },
        UseActionOptions {
            on_done: Rc::new(move |renamed: Project| {
                open.set(false);
                state.toast(ToastKind::Success, tu_string!(i18n, project.renamed, name = renamed.name));
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => form.show(&errors),
                other => state.report(&other),
            })),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = name.get_untracked();
        if let Err(problem) = baton_core::validate::non_empty_name("name", &text) {
            form.show(&FieldErrors(vec![problem]));
            return;
        }
        rename.dispatch(text);
    };
    let on_input = move |text: String| {
        name.set(text);
        form.clear();
    };
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, project.rename_title).to_string())>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body">
                    <TextField form=form name="name" label=t_string!(i18n, project.name) autofocus=true value=name on_input=on_input />
                </div>
                <FormFooter open=open submit=t_string!(i18n, common.save) disabled=false />
            </form>
        </Dialog>
    }
}
