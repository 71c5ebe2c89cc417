//! Create or edit a knowledge entry: category, title, markdown body (with a live preview), tags and
//! scope (every project or one). Other screens open it prefilled through `initial` ("Save as
//! knowledge" from a session's report passes the title, body, source session and project).

use crate::components::{Icon, IconName, Markdown};
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::state::{service, use_app, ToastKind};
use crate::ui::FormFooter;
use crate::ui::{bind, use_action_with_options, Dialog, Field, FieldControl, Form, TextField, UseActionOptions};
use baton_core::records::{KnowledgeCategory, KnowledgeEntry, Project, StoreName};
use baton_core::service::{Error, KnowledgeDraft, ProjectSort};
use baton_core::validate;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;

/// The icon of a knowledge category (shown beside its label, never alone).
pub fn category_icon(category: KnowledgeCategory) -> IconName {
    match category {
        KnowledgeCategory::Pattern => IconName::Puzzle,
        KnowledgeCategory::ErrorSolution => IconName::Bug,
        KnowledgeCategory::Optimization => IconName::Gauge,
        KnowledgeCategory::BestPractice => IconName::BadgeCheck,
        KnowledgeCategory::Tip => IconName::Lightbulb,
    }
}

/// A category as icon, colour and text (colour is never the only signal).
#[component]
pub fn CategoryLabel(category: KnowledgeCategory) -> impl IntoView {
    view! {
        <span class=format!("category category--{}", category.as_str())>
            <Icon name=category_icon(category) />
            {category.label()}
        </span>
    }
}

/// Create (`editing` is `None`, optionally prefilled from `initial`) or edit a knowledge entry.
/// Validates as the user types (after the first submit) and on submit.
#[component]
pub fn KnowledgeFormDialog(
    open: RwSignal<bool>,
    editing: Option<KnowledgeEntry>,
    initial: Option<KnowledgeDraft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let editing_id: Option<Id> = editing.as_ref().map(|entry| entry.id);
    let start = StoredValue::new(match (&editing, initial) {
        (Some(entry), _) => KnowledgeDraft::from_entry(entry),
        (None, Some(draft)) => draft,
        (None, None) => KnowledgeDraft::new(KnowledgeCategory::Pattern),
    });
    let draft = RwSignal::new(start.get_value());
    let submitted = RwSignal::new(false);
    let previewing = RwSignal::new(false);
    let form = Form::new(if editing_id.is_some() { "knowledge-form" } else { "new-knowledge" });
    Effect::new(move |_| {
        if open.get() {
            draft.set(start.get_value());
            submitted.set(false);
            previewing.set(false);
            form.clear();
        }
    });
    // The live projects for the scope, read only while the dialog is open.
    let projects = LocalResource::new(move || {
        state.track(StoreName::Projects);
        let open = open.get();
        async move {
            if !open {
                return Ok(Vec::new());
            }
            service().projects(None, ProjectSort::Name, "", 0, 10_000).await.map(|page| page.items)
        }
    });
    let body_empty = Memo::new(move |_| draft.with(|d| d.body.trim().is_empty()));
    // The service's own checks, shown once the user has submitted and followed as they type.
    form.validate_live(submitted.into(), move || draft.with(validate::knowledge).map(|_| ()));
    let save = use_action_with_options(
        move |current: KnowledgeDraft| async move {
            match editing_id {
                Some(id) => service().edit_knowledge(id, &current).await,
                None => service().create_knowledge(&current).await,
            }
        },
        UseActionOptions {
            on_done: std::rc::Rc::new(move |entry: KnowledgeEntry| {
                open.set(false);
                let title = entry.title;
                let message = if editing_id.is_some() {
                    t_string!(i18n, components.knowledge_form.saved, title).to_string()
                } else {
                    t_string!(i18n, components.knowledge_form.added, title).to_string()
                };
                state.toast(ToastKind::Success, message);
            }),
            // The service's checks are `validate::knowledge`, already shown next to their fields.
            on_error: Some(std::rc::Rc::new(move |error| {
                if !matches!(error, Error::Invalid(_)) {
                    state.report(&error);
                }
            })),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        if let Err(errors) = draft.with_untracked(validate::knowledge) {
            form.show_and_focus(&errors);
            return;
        }
        save.dispatch(draft.get_untracked());
    };
    let text_field = move |name: &'static str,
                           label: &'static str,
                           get: fn(&KnowledgeDraft) -> String,
                           set: fn(&mut KnowledgeDraft, String),
                           hint: Option<&'static str>| {
        let (value, on_input) = bind(draft, get, set);
        view! { <TextField form=form name=name label=label value=value on_input=on_input hint=hint.map(str::to_string) /> }
    };
    // The body is not a `Field`: its label shares a row with the Preview toggle, and the preview
    // sits under its message. Its id and message still come from the form.
    let body_id = form.id("body");
    let body_error_id = format!("{body_id}-error");
    let body_hint_id = format!("{body_id}-hint");
    let body_described = format!("{body_hint_id} {body_error_id}");
    let preview_id = form.id("preview");
    let body_error = form.message("body");
    let title = if editing_id.is_some() {
        t_string!(i18n, components.knowledge_form.edit_title)
    } else {
        t_string!(i18n, components.knowledge_form.new_title)
    };
    let source_session = move || {
        draft.with(|d| d.source_session_id).map(|session| {
            view! {
                <p class="field__hint">
                    {t!(i18n, components.knowledge_form.from_session)}" "
                    <A href=crate::pwa::href(&paths::session(session))>{t!(i18n, components.knowledge_form.open_session)}</A>
                </p>
            }
        })
    };
    view! {
        <Dialog open=open title=Signal::stored(title.to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <div class="form-row">
                        <Field form=form name="category" label=t_string!(i18n, components.knowledge_form.category) control=move |control: FieldControl| view! {
                            <select
                                id=control.id
                                aria-describedby=control.described_by
                                on:change=move |event| {
                                    if let Some(category) = KnowledgeCategory::parse(&event_target_value(&event)) {
                                        draft.update(|draft| draft.category = category);
                                    }
                                }
                            >
                                {KnowledgeCategory::ALL.iter().map(|category| {
                                    let category = *category;
                                    view! { <option value=category.as_str() selected=move || draft.with(|d| d.category == category)>{category.label()}</option> }
                                }).collect_view()}
                            </select>
                        } />
                        <Field form=form name="project_id" label=t_string!(i18n, components.knowledge_form.scope) control=move |control: FieldControl| view! {
                            <select
                                id=control.id
                                aria-describedby=control.described_by
                                on:change=move |event| {
                                    let value = event_target_value(&event);
                                    draft.update(|draft| draft.project_id = Id::parse(&value));
                                }
                            >
                                <option value="" selected=move || draft.with(|d| d.project_id.is_none())>{t!(i18n, components.knowledge_form.all_projects)}</option>
                                {move || {
                                    let list: Vec<Project> = projects.get().and_then(Result::ok).unwrap_or_default();
                                    let current = draft.with_untracked(|d| d.project_id);
                                    // An entry scoped to a project that is no longer live keeps its scope.
                                    let missing = current.filter(|id| !list.iter().any(|project| project.id == *id));
                                    let rows = list.into_iter().map(|project| {
                                        let id = project.id;
                                        view! { <option value=id.to_string() selected=move || draft.with(|d| d.project_id == Some(id))>{project.name.clone()}</option> }
                                    }).collect_view();
                                    view! {
                                        {missing.map(|id| view! { <option value=id.to_string() selected=move || draft.with(|d| d.project_id == Some(id))>{t!(i18n, components.knowledge_form.project_not_listed)}</option> })}
                                        {rows}
                                    }
                                }}
                            </select>
                        } />
                    </div>
                    {text_field("title", t_string!(i18n, components.knowledge_form.entry_title), |d| d.title.clone(), |d, v| d.title = v, None)}
                    <div class="field" class:field--invalid=move || body_error.with(Option::is_some)>
                        <div class="row">
                            <label class="field__label" for=body_id.clone()>{t!(i18n, components.knowledge_form.body)}</label>
                            <span class="spacer"></span>
                            <button
                                type="button"
                                class="btn btn--small knowledge-form__preview-toggle"
                                aria-pressed=move || previewing.get().to_string()
                                aria-controls=preview_id.clone()
                                on:click=move |_| previewing.update(|on| *on = !*on)
                            >
                                {t!(i18n, components.knowledge_form.preview)}
                            </button>
                        </div>
                        <textarea
                            id=body_id
                            rows="8"
                            class="mono"
                            prop:value=move || draft.with(|d| d.body.clone())
                            on:input=move |event| draft.update(|d| d.body = event_target_value(&event))
                            aria-invalid=move || body_error.with(Option::is_some).to_string()
                            aria-describedby=body_described
                        ></textarea>
                        <p class="field__hint" id=body_hint_id>{t!(i18n, components.knowledge_form.body_hint)}</p>
                        <p class="field__error" id=body_error_id>{move || body_error.get()}</p>
                        <div id=preview_id.clone() class="knowledge-preview" role="region" aria-label=move || t_string!(i18n, components.knowledge_form.body_preview) hidden=move || !previewing.get()>
                            <Show when=move || previewing.get()>
                                {move || if body_empty.get() {
                                    view! { <p class="muted">{t!(i18n, components.knowledge_form.nothing_to_preview)}</p> }.into_any()
                                } else {
                                    view! { <Markdown source=Signal::derive(move || draft.with(|d| d.body.clone())) /> }.into_any()
                                }}
                            </Show>
                        </div>
                    </div>
                    {text_field("tags", t_string!(i18n, components.knowledge_form.tags), |d| d.tags.clone(), |d, v| d.tags = v,
                        Some(t_string!(i18n, components.knowledge_form.tags_hint)))}
                    {source_session}
                </div>
                <FormFooter open=open submit=if editing_id.is_some() {
                        t_string!(i18n, components.knowledge_form.save_entry)
                    } else {
                        t_string!(i18n, components.knowledge_form.add_entry)
                    }
                    disabled=save.pending />
            </form>
        </Dialog>
    }
}
