//! Edit every field of a project: name, description, status, tags, repository link, notes.

use crate::i18n::core_text::Label;
use crate::i18n::{t_string, tu_string, use_i18n};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{bind, use_action, Dialog, Field, FieldControl, Form, FormFooter, TextField, TextKind};
use baton_core::records::{Project, ProjectStatus};
use baton_core::validate::{self, ProjectDraft};
use baton_core::Id;
use leptos::prelude::*;

#[component]
pub fn EditProjectDialog(open: RwSignal<bool>, project: Project) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let id: Id = project.id;
    let initial = StoredValue::new(ProjectDraft::from(&project));
    let draft = RwSignal::new(initial.get_value());
    let form = Form::new("edit-project");
    Effect::new(move |_| {
        if open.get() {
            draft.set(initial.get_value());
        }
    });
    // The draft starts valid (the stored project), so its messages follow it from the start.
    form.validate_live(Signal::stored(true), move || validate::project(&draft.get()).map(|_| ()));
    let save = use_action(
        move |current: ProjectDraft| async move { service().edit_project(id, &current).await },
        move |saved: Project| {
            open.set(false);
            state.toast(ToastKind::Success, tu_string!(i18n, project.saved, name = saved.name));
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !form.has_errors() {
            save.dispatch(draft.get_untracked());
        }
    };
    let text = move |name: &'static str,
                     label: &'static str,
                     kind: TextKind,
                     get: fn(&ProjectDraft) -> String,
                     set: fn(&mut ProjectDraft, String),
                     hint: Option<&'static str>| {
        let (value, on_input) = bind(draft, get, set);
        view! {
            <TextField form=form name=name label=label.to_string() kind=kind value=value on_input=on_input
                hint=hint.map(str::to_string) />
        }
    };
    let status_control = move |control: FieldControl| {
        view! {
            <select id=control.id on:change=move |event| {
                if let Some(status) = ProjectStatus::parse(&event_target_value(&event)) {
                    draft.update(|d| d.status = status);
                }
            }>
                {ProjectStatus::ALL.iter().map(|status| {
                    let status = *status;
                    view! { <option value=status.as_str() selected=move || draft.with(|d| d.status == status)>{status.label()}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, project.edit_title).to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    {text("name", t_string!(i18n, project.name), TextKind::Text, |d| d.name.clone(), |d, v| d.name = v, None)}
                    {text("description", t_string!(i18n, project.description), TextKind::Multiline(3), |d| d.description.clone(), |d, v| d.description = v, None)}
                    <div class="form-row">
                        <Field form=form name="status" label=t_string!(i18n, project.status) control=status_control />
                        {text("tags", t_string!(i18n, project.tags), TextKind::Text, |d| d.tags.clone(), |d, v| d.tags = v, Some(t_string!(i18n, project.comma_separated)))}
                    </div>
                    {text("repository_url", t_string!(i18n, project.repository_link), TextKind::Url, |d| d.repository_url.clone(), |d, v| d.repository_url = v, Some(t_string!(i18n, project.repository_hint)))}
                    {text("notes", t_string!(i18n, project.notes), TextKind::Multiline(3), |d| d.notes.clone(), |d, v| d.notes = v, None)}
                </div>
                <FormFooter open=open submit=t_string!(i18n, project.save_project) disabled=save.pending />
            </form>
        </Dialog>
    }
}
