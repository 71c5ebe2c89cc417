//! Ending a session: the "End session" dialog (outcome, credits used, duration, the report),
//! shared by the session page and the active-session banner. The report fields are also used by
//! the session page's edit dialog.

use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    bind, use_action_with_options, Dialog, Form, FormFooter, FormProblem, TextField, TextKind, UseActionOptions,
};
use baton_core::locale::format_number;
use baton_core::records::{Record, Session, SessionStatus};
use baton_core::service::{Error, ReportDraft};
use leptos::prelude::*;
use std::rc::Rc;

/// The three ways a session ends, in the order the dialog offers them.
pub const OUTCOMES: [SessionStatus; 3] = [SessionStatus::Completed, SessionStatus::Failed, SessionStatus::HandedOff];

/// What the confirming button of the dialog says for an outcome.
fn submit_label(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Failed => "End as failed",
        SessionStatus::HandedOff => "End as handed off",
        _ => "Complete session",
    }
}

/// "Session 3 completed", "Session 3 marked failed".
pub fn ended_message(session: &Session) -> String {
    let name = session.display_name();
    match session.status {
        SessionStatus::Completed => format!("{name} completed"),
        SessionStatus::Failed => format!("{name} marked failed"),
        SessionStatus::HandedOff => format!("{name} marked handed off"),
        SessionStatus::InProgress => format!("{name} is in progress"),
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
            "Required to complete the session: what was done.".to_string()
        } else {
            "What was done, if anything.".to_string()
        }
    });
    view! {
        <div class="form-row">
            {field("credits_used", "Credits used", TextKind::Count, |d| d.credits_used.clone(), |d, v| d.credits_used = v, Signal::stored(credits_hint))}
            {field("duration_minutes", "Duration (minutes)", TextKind::Count, |d| d.duration_minutes.clone(), |d, v| d.duration_minutes = v,
                hint("From the start and end times; change it if the work took longer or shorter."))}
        </div>
        {field("accomplishments", "Accomplishments", text, |d| d.accomplishments.clone(), |d, v| d.accomplishments = v, accomplishments_hint)}
        {field("blockers", "Blockers", text, |d| d.blockers.clone(), |d, v| d.blockers = v, hint("What stopped or slowed the work."))}
        {field("state_notes", "State notes", text, |d| d.state_notes.clone(), |d, v| d.state_notes = v, hint("Where the work stands now."))}
        {field("next_steps", "Next steps", text, |d| d.next_steps.clone(), |d, v| d.next_steps = v, hint("What the next session should do first."))}
        {field("decisions", "Decisions", text, |d| d.decisions.clone(), |d, v| d.decisions = v, hint("What was decided, and why."))}
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

/// The line under "Credits used": where the credits go.
pub fn credits_hint(session: &Session) -> String {
    let budget = session
        .credit_budget
        .map(|budget| format!(" Budget: {} credits.", format_number(budget as f64)))
        .unwrap_or_default();
    match session.account_id {
        Some(_) if !session.account_label.is_empty() => {
            format!("Debited from {} through its ledger.{budget}", session.account_label)
        }
        Some(_) => format!("Debited from the session's account.{budget}"),
        None => format!("No account: nothing is debited.{budget}"),
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
    let name = session.display_name();
    let hint = credits_hint(&session);
    view! {
        <Dialog open=open title=Signal::stored("End session".to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <p class="muted">{name}</p>
                    <FormProblem problem=problem />
                    <div class="field">
                        <label class="field__label" for=outcome_id.clone()>"Outcome"</label>
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
                <FormFooter open=open submit=Signal::derive(move || submit_label(status.get()).to_string()) disabled=end.pending />
            </form>
        </Dialog>
    }
}
