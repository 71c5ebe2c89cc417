//! Edit every field of a project: name, description, status, tags, repository link, notes.

use crate::state::{service, use_app, ToastKind};
use crate::ui::Dialog;
use baton_core::records::{Project, ProjectStatus};
use baton_core::service::Error;
use baton_core::validate::{self, ProjectDraft};
use baton_core::Id;
use leptos::prelude::*;

#[component]
pub fn EditProjectDialog(open: RwSignal<bool>, project: Project) -> impl IntoView {
    let state = use_app();
    let id: Id = project.id;
    let initial = StoredValue::new(ProjectDraft::from(&project));
    let draft = RwSignal::new(initial.get_value());
    let saving = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() {
            draft.set(initial.get_value());
        }
    });
    let errors = Memo::new(move |_| match validate::project(&draft.get()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.into_iter().map(|error| (error.field, error.message)).collect::<Vec<_>>(),
    });
    let error = move |field: &'static str| {
        move || errors.get().into_iter().find(|(name, _)| *name == field).map(|(_, message)| message)
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !errors.get_untracked().is_empty() || saving.get_untracked() {
            return;
        }
        saving.set(true);
        let current = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = service().edit_project(id, &current).await;
            saving.set(false);
            match result {
                Ok(project) => {
                    open.set(false);
                    state.toast(ToastKind::Success, format!("Project “{}” saved", project.name));
                }
                Err(Error::Invalid(_)) => {}
                Err(error) => state.report(&error),
            }
        });
    };
    let text = move |name: &'static str,
                     label: &'static str,
                     kind: &'static str,
                     get: fn(&ProjectDraft) -> String,
                     set: fn(&mut ProjectDraft, String),
                     hint: Option<&'static str>| {
        let id = format!("edit-project-{name}");
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        // The hint, then the error: both are read with the field.
        let described_by = if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
        let invalid = error(name);
        view! {
            <div class="field" class:field--invalid=move || invalid().is_some()>
                <label class="field__label" for=id.clone()>{label}</label>
                <input id=id type=kind prop:value=move || draft.with(get)
                    on:input=move |event| draft.update(|draft| set(draft, event_target_value(&event)))
                    aria-invalid=move || error(name)().is_some().to_string()
                    aria-describedby=described_by />
                {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
                <p class="field__error" id=error_id>{error(name)}</p>
            </div>
        }
    };
    view! {
        <Dialog open=open title=Signal::stored("Edit project".to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    {text("name", "Name", "text", |d| d.name.clone(), |d, v| d.name = v, None)}
                    <div class="field" class:field--invalid=move || error("description")().is_some()>
                        <label class="field__label" for="edit-project-description">"Description"</label>
                        <textarea id="edit-project-description" rows="3" prop:value=move || draft.with(|d| d.description.clone())
                            on:input=move |event| draft.update(|d| d.description = event_target_value(&event))
                            aria-invalid=move || error("description")().is_some().to_string()
                            aria-describedby="edit-project-description-error"></textarea>
                        <p class="field__error" id="edit-project-description-error">{error("description")}</p>
                    </div>
                    <div class="form-row">
                        <div class="field">
                            <label class="field__label" for="edit-project-status">"Status"</label>
                            <select id="edit-project-status" on:change=move |event| {
                                if let Some(status) = ProjectStatus::parse(&event_target_value(&event)) {
                                    draft.update(|d| d.status = status);
                                }
                            }>
                                {ProjectStatus::ALL.iter().map(|status| {
                                    let status = *status;
                                    view! { <option value=status.as_str() selected=move || draft.with(|d| d.status == status)>{status.label()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        {text("tags", "Tags", "text", |d| d.tags.clone(), |d, v| d.tags = v, Some("Comma-separated"))}
                    </div>
                    {text("repository_url", "Repository link", "url", |d| d.repository_url.clone(), |d, v| d.repository_url = v, Some("An http or https address"))}
                    <div class="field" class:field--invalid=move || error("notes")().is_some()>
                        <label class="field__label" for="edit-project-notes">"Notes"</label>
                        <textarea id="edit-project-notes" rows="3" prop:value=move || draft.with(|d| d.notes.clone())
                            on:input=move |event| draft.update(|d| d.notes = event_target_value(&event))
                            aria-invalid=move || error("notes")().is_some().to_string()
                            aria-describedby="edit-project-notes-error"></textarea>
                        <p class="field__error" id="edit-project-notes-error">{error("notes")}</p>
                    </div>
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" disabled=move || saving.get()>"Save project"</button>
                </div>
            </form>
        </Dialog>
    }
}
