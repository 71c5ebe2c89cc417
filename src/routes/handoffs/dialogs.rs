//! The queue's dialogs: the bundle (read, download, copy), starting the next session from a
//! handoff, and marking one failed with its reason.

use crate::components::start_session::remember_just_started;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::state::{service, use_app, ToastKind};
use crate::ui::FormFooter;
use crate::ui::{
    copy_with_toast, use_action_with_options, Dialog, Field, FieldControl, Form, TextField, TextKind, UseActionOptions,
};
use baton_core::locale::{format_integer, format_number};
use baton_core::records::{Handoff, Session, SessionType, StoreName};
use baton_core::service::{Error, PreviousContext, SessionDraft};
use baton_core::validate::{FieldError, FieldErrors, Problem};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::rc::Rc;

#[component]
pub(super) fn BundleDialog(open: RwSignal<bool>, handoff: Handoff, project_name: String) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let text = StoredValue::new(handoff.bundle.text.clone());
    let format = handoff.bundle.format;
    let file_name = baton_core::handoff::file_name(&project_name, format, handoff.queued_at);
    let download = move |_| {
        let mime = if format == baton_core::records::BundleFormat::Json { "application/json" } else { "text/plain" };
        if let Err(message) = crate::ui::download_text(&file_name, mime, &text.get_value()) {
            state.toast(ToastKind::Error, message);
        }
    };
    let form = Form::new("bundle");
    let bundle_text = handoff.bundle.text.clone();
    let read_only = move |control: FieldControl| {
        view! { <textarea id=control.id rows="16" readonly aria-describedby=control.described_by prop:value=bundle_text></textarea> }
    };
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, handoffs.bundle.title, project = &project_name).to_string()) wide=true>
            <div class="dialog__body form">
                <p class="muted">{t_string!(
                    i18n,
                    handoffs.bundle.meta,
                    format = handoff.bundle.format.label(),
                    estimate = crate::i18n::core_text::estimate(handoff.bundle.estimated_tokens),
                    count = handoff.bundle.lint.len(),
                    number = format_integer(handoff.bundle.lint.len() as i64),
                ).to_string()}</p>
                {(!handoff.bundle.trimmed.is_empty()).then(|| view! { <p class="list__meta">{t_string!(i18n, handoffs.bundle.trimmed, sections = handoff.bundle.trimmed.join(", ")).to_string()}</p> })}
                <Field form=form name="text" label=t_string!(i18n, handoffs.bundle.text).to_string() control=read_only />
            </div>
            <div class="dialog__footer">
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t!(i18n, common.close)}</button>
                <button type="button" class="btn" on:click=download>{t!(i18n, common.download)}</button>
                <button type="button" class="btn btn--primary" on:click=move |_| copy_with_toast(state, text.get_value())>{t!(i18n, handoffs.bundle.copy)}</button>
            </div>
        </Dialog>
    }
}

/// Starts the next session from a handoff: on its target account (changeable), linked both
/// ways; the new session's page then shows the bundle to paste.
#[component]
pub(super) fn StartFromHandoffDialog(open: RwSignal<bool>, handoff: Handoff) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = handoff.id;
    let account = RwSignal::new(handoff.to_account_id.map(|id| id.to_string()).unwrap_or_default());
    let session_type = RwSignal::new(SessionType::Development);
    let title = RwSignal::new(String::new());
    let objectives = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let form = Form::new("start-from-handoff");
    let accounts = LocalResource::new(move || {
        let open = open.get();
        state.track(StoreName::Accounts);
        async move {
            if open {
                service().accounts().await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let start = use_action_with_options(
        move |draft: SessionDraft| async move {
            service().start_session_from_handoff(id, draft, crate::i18n::errors::service_error).await
        },
        UseActionOptions {
            on_done: Rc::new(move |(session, handoff): (Session, Handoff)| {
                open.set(false);
                remember_just_started(session.id, Some(PreviousContext::Handoff(handoff)));
                let number = format_integer(session.number as i64);
                state.toast(ToastKind::Success, t_string!(i18n, handoffs.start.started, number).to_string());
                navigate(&paths::session(session.id), Default::default());
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => form.show_and_focus(&errors),
                error => problem.set(Some(
                    t_string!(i18n, handoffs.start.failed, reason = crate::i18n::errors::service_error(&error))
                        .to_string(),
                )),
            })),
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        problem.set(None);
        let Some(account_id) = Id::parse(&account.get_untracked()) else {
            form.show_and_focus(&FieldErrors::from(FieldError::new("account", Problem::Choose)));
            return;
        };
        form.clear();
        start.dispatch(SessionDraft {
            project_id: None,
            account_id: Some(account_id),
            session_type: session_type.get_untracked(),
            title: title.get_untracked(),
            objectives: objectives.get_untracked(),
            credit_budget: String::new(),
            from_handoff_id: Some(id),
        });
    };
    let account_select = move |control: FieldControl| {
        let FieldControl { id, described_by, invalid } = control;
        view! {
            <select id=id aria-describedby=described_by aria-invalid=move || invalid.get().to_string()
                on:change=move |event| account.set(event_target_value(&event))>
                <option value="" selected=move || account.get().is_empty()>{t!(i18n, handoffs.start.choose_account)}</option>
                {move || accounts.get().and_then(|result| result.ok()).flatten().unwrap_or_default().into_iter().map(|option| {
                    let value = option.id.to_string();
                    let selected = value.clone();
                    view! { <option value=value selected=move || account.get() == selected>{t_string!(
                        i18n,
                        handoffs.start.account_option,
                        name = &option.name,
                        platform = option.platform.label(),
                        credits = format_number(option.credits_available as f64),
                        status = option.status.label().to_lowercase(),
                    ).to_string()}</option> }
                }).collect_view()}
            </select>
        }
    };
    let type_select = move |control: FieldControl| {
        view! {
            <select id=control.id aria-describedby=control.described_by
                on:change=move |event| if let Some(kind) = SessionType::parse(&event_target_value(&event)) { session_type.set(kind) }>
                {SessionType::ALL.iter().map(|kind| view! { <option value=kind.as_str() selected=*kind == SessionType::Development>{kind.label()}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, handoffs.start.title).to_string())>
            <form class="dialog__body form" on:submit=submit>
                <p class="muted">{t!(i18n, handoffs.start.about)}</p>
                <Field form=form name="account" label=t_string!(i18n, handoffs.start.account).to_string() control=account_select />
                <Field form=form name="session_type" label=t_string!(i18n, handoffs.start.session_type).to_string() control=type_select />
                <TextField form=form name="title" label=t_string!(i18n, handoffs.start.session_title).to_string() value=title on_input=Callback::new(move |text| title.set(text)) />
                <TextField form=form name="objectives" label=t_string!(i18n, handoffs.start.objectives).to_string() kind=TextKind::Multiline(3)
                    value=objectives on_input=Callback::new(move |text| objectives.set(text)) />
                {move || problem.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                <FormFooter open=open submit=t_string!(i18n, handoffs.start.submit).to_string() disabled=start.pending />
            </form>
        </Dialog>
    }
}

#[component]
pub(super) fn FailDialog(open: RwSignal<bool>, id: Id) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let form = Form::new("fail-handoff");
    let fail = use_action_with_options(
        move |text: String| async move { service().fail_handoff(id, &text).await },
        UseActionOptions {
            on_done: Rc::new(move |_| {
                open.set(false);
                reason.set(String::new());
                form.clear();
                state.toast(ToastKind::Success, t_string!(i18n, handoffs.fail.done));
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => form.show_and_focus(&errors),
                error => state.report(&error),
            })),
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        fail.dispatch(reason.get_untracked());
    };
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, handoffs.fail.title).to_string())>
            <form class="dialog__body form" on:submit=submit>
                <TextField form=form name="failure_reason" label=t_string!(i18n, handoffs.fail.reason).to_string() kind=TextKind::Multiline(3)
                    value=reason on_input=Callback::new(move |text| reason.set(text)) />
                <FormFooter open=open submit=t_string!(i18n, handoffs.fail.submit).to_string() disabled=fail.pending danger=true />
            </form>
        </Dialog>
    }
}
