//! Ending a session: the "End session" dialog (outcome, credits used, duration, the report),
//! shared by the session page and the active-session banner. The report fields are also used by
//! the session page's edit dialog.

use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    bind, use_action_with_options, Dialog, Form, FormFooter, FormProblem, TextField, TextKind, UseActionOptions,
};
use baton_core::locale::format_integer;
use baton_core::records::{Session, SessionStatus};
use baton_core::service::{Error, ReportDraft};
use leptos::prelude::*;
use std::rc::Rc;

/// The three ways a session ends, in the order the dialog offers them.
pub const OUTCOMES: [SessionStatus; 3] = [SessionStatus::Completed, SessionStatus::Failed, SessionStatus::HandedOff];

/// What the confirming button of the dialog says for an outcome.
fn submit_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Failed => t_string!(i18n, components.end_session.submit_failed),
        SessionStatus::HandedOff => t_string!(i18n, components.end_session.submit_handed_off),
        _ => t_string!(i18n, components.end_session.submit_completed),
    }
}

/// "Session 3 completed", "Session 3 marked failed".
pub fn ended_message(session: &Session) -> String {
    let name = crate::i18n::core_text::session_name(session);
    let locale = crate::platform::locale();
    match session.status {
        SessionStatus::Completed => td_string!(locale, components.end_session.ended_completed, name).to_string(),
        SessionStatus::Failed => td_string!(locale, components.end_session.ended_failed, name).to_string(),
        SessionStatus::HandedOff => td_string!(locale, components.end_session.ended_handed_off, name).to_string(),
        SessionStatus::InProgress => td_string!(locale, components.end_session.ended_in_progress, name).to_string(),
    }
}

/// Credits used, duration and the five report texts, bound to `draft`, in `form`.
#[component]
pub fn ReportFields(
    draft: RwSignal<ReportDraft>,
    form: Form,
    /// Accomplishments are required (the session is, or is being, completed).
    #[prop(into)]
    accomplishments_required: Signal<bool>,
    /// A line under "Credits used": which account is debited.
    credits_hint: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str,
                      label: &'static str,
                      kind: TextKind,
                      get: fn(&ReportDraft) -> String,
                      set: fn(&mut ReportDraft, String),
                      hint: Signal<String>| {
        let (value, on_input) = bind(draft, get, set);
        view! { <TextField form=form name=name label=label.to_string() kind=kind value=value on_input=on_input hint=hint /> }
    };
    let text = TextKind::Multiline(3);
    let hint = |text: &str| Signal::stored(text.to_string());
    let accomplishments_hint = Signal::derive(move || {
        if accomplishments_required.get() {
            t_string!(i18n, components.end_session.accomplishments_required_hint).to_string()
        } else {
            t_string!(i18n, components.end_session.accomplishments_hint).to_string()
        }
    });
    view! {
        <div class="form-row">
            {field("credits_used", t_string!(i18n, components.end_session.credits_used), TextKind::Count,
                |d| d.credits_used.clone(), |d, v| d.credits_used = v, Signal::stored(credits_hint))}
            {field("duration_minutes", t_string!(i18n, components.end_session.duration), TextKind::Count,
                |d| d.duration_minutes.clone(), |d, v| d.duration_minutes = v,
                hint(t_string!(i18n, components.end_session.duration_hint)))}
        </div>
        {field("accomplishments", t_string!(i18n, components.end_session.accomplishments), text,
            |d| d.accomplishments.clone(), |d, v| d.accomplishments = v, accomplishments_hint)}
        {field("blockers", t_string!(i18n, components.end_session.blockers), text,
            |d| d.blockers.clone(), |d, v| d.blockers = v, hint(t_string!(i18n, components.end_session.blockers_hint)))}
        {field("state_notes", t_string!(i18n, components.end_session.state_notes), text,
            |d| d.state_notes.clone(), |d, v| d.state_notes = v, hint(t_string!(i18n, components.end_session.state_notes_hint)))}
        {field("next_steps", t_string!(i18n, components.end_session.next_steps), text,
            |d| d.next_steps.clone(), |d, v| d.next_steps = v, hint(t_string!(i18n, components.end_session.next_steps_hint)))}
        {field("decisions", t_string!(i18n, components.end_session.decisions), text,
            |d| d.decisions.clone(), |d, v| d.decisions = v, hint(t_string!(i18n, components.end_session.decisions_hint)))}
    }
}

/// The form's failure: field errors go next to their fields, a broken rule to the dialog's
/// banner (`problem`), anything else to the toast.
pub fn show_form_error(state: crate::state::AppState, form: Form, problem: RwSignal<Option<String>>, error: Error) {
    match error {
        Error::Invalid(errors) => {
            form.show_and_focus(&errors);
            problem.set(None);
        }
        Error::Rule(rule) => {
            form.clear();
            problem.set(Some(crate::i18n::errors::rule_error(&rule)));
        }
        error => state.report(&error),
    }
}

/// The line under "Credits used": where the credits go, then the session's budget if it has one.
pub fn credits_hint(session: &Session) -> String {
    let locale = crate::platform::locale();
    let debited = match session.account_id {
        Some(_) if !session.account_label.is_empty() => {
            td_string!(locale, components.end_session.debited_from, account = session.account_label.clone()).to_string()
        }
        Some(_) => td_string!(locale, components.end_session.debited_session_account).to_string(),
        None => td_string!(locale, components.end_session.not_debited).to_string(),
    };
    match session.credit_budget {
        Some(budget) => {
            let budget = td_string!(locale, components.end_session.budget, count = budget, n = format_integer(budget));
            format!("{debited} {budget}")
        }
        None => debited,
    }
}

/// "End session": how it ended (preselected by the opener), credits used, duration (prefilled
/// from the start time), and the report. Escape cancels; Enter in a one-line field submits.
#[component]
pub fn EndSessionDialog(
    open: RwSignal<bool>,
    session: Session,
    /// The outcome to preselect; the opener sets it before opening.
    status: RwSignal<SessionStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let id = session.id;
    let started = session.started_at;
    // A reopened session keeps its report: ending it again starts from it.
    let kept = StoredValue::new(ReportDraft::from_session(&session));
    let draft = RwSignal::new(ReportDraft::default());
    let problem = RwSignal::new(None::<String>);
    let form = Form::new("end-session");
    Effect::new(move |_| {
        if open.get() {
            let mut fresh = kept.get_value();
            if fresh.credits_used == "0" {
                fresh.credits_used = String::new();
            }
            fresh.duration_minutes = started.minutes_until(crate::platform::now()).to_string();
            draft.set(fresh);
            form.clear();
            problem.set(None);
        }
    });
    let end = use_action_with_options(
        move |(outcome, current): (SessionStatus, ReportDraft)| async move {
            service().end_session(id, outcome, &current).await
        },
        UseActionOptions {
            on_done: Rc::new(move |session: Session| {
                open.set(false);
                state.toast(ToastKind::Success, ended_message(&session));
            }),
            on_error: Some(Rc::new(move |error| show_form_error(state, form, problem, error))),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        end.dispatch((status.get_untracked(), draft.get_untracked()));
    };
    let outcome_id = form.id("status");
    let name = crate::i18n::core_text::session_name(&session);
    let hint = credits_hint(&session);
    view! {
        <Dialog open=open title=Signal::derive(move || t_string!(i18n, components.end_session.title).to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <p class="muted">{name}</p>
                    <FormProblem problem=problem />
                    <div class="field">
                        <label class="field__label" for=outcome_id.clone()>{t!(i18n, components.end_session.outcome)}</label>
                        <select id=outcome_id on:change=move |event| {
                            if let Some(chosen) = SessionStatus::parse(&event_target_value(&event)) {
                                status.set(chosen);
                            }
                        }>
                            {OUTCOMES.iter().map(|outcome| {
                                let outcome = *outcome;
                                view! { <option value=outcome.as_str() selected=move || status.get() == outcome>{outcome.label()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <ReportFields
                        draft=draft
                        form=form
                        accomplishments_required=Signal::derive(move || status.get() == SessionStatus::Completed)
                        credits_hint=hint
                    />
                </div>
                <FormFooter open=open submit=Signal::derive(move || submit_label(i18n, status.get()).to_string()) disabled=end.pending />
            </form>
        </Dialog>
    }
}
