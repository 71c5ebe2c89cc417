//! Ending a session: the "End session" dialog (outcome, credits used, duration, the report),
//! shared by the session page and the active-session banner. The report fields are also used by
//! the session page's edit dialog.

use crate::platform::focus_by_id;
use crate::state::{service, use_app, ToastKind};
use crate::ui::Dialog;
use baton_core::locale::format_number;
use baton_core::records::{Record, Session, SessionStatus};
use baton_core::service::{Error, ReportDraft};
use baton_core::validate::FieldErrors;
use leptos::prelude::*;

/// Field name → message, as the service reported them (shown next to each field).
pub type FieldMessages = Vec<(&'static str, String)>;

pub fn field_messages(errors: &FieldErrors) -> FieldMessages {
    errors.iter().map(|error| (error.field, error.message.clone())).collect()
}

/// A prefix for the ids of one form instance (the same dialog can be on a page twice: in the
/// banner and on the session's page).
pub fn form_prefix(base: &str) -> String {
    thread_local!(static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = NEXT.with(|next| {
        next.set(next.get() + 1);
        next.get()
    });
    format!("{base}-{n}")
}

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

/// Moves focus to the first field with a message.
pub fn focus_first_error(prefix: &str, messages: &FieldMessages) {
    if let Some((field, _)) = messages.first() {
        let id = format!("{prefix}-{field}");
        request_animation_frame(move || focus_by_id(&id));
    }
}

/// The message of `field`, if any, as a reactive closure.
pub fn message_for(messages: RwSignal<FieldMessages>, field: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || messages.with(|list| list.iter().find(|(name, _)| *name == field).map(|(_, message)| message.clone()))
}

/// Credits used, duration and the five report texts, bound to `draft`. Ids are `{prefix}-{field}`.
#[component]
pub fn ReportFields(
    draft: RwSignal<ReportDraft>,
    messages: RwSignal<FieldMessages>,
    prefix: String,
    /// Accomplishments are required (the session is, or is being, completed).
    #[prop(into)]
    accomplishments_required: Signal<bool>,
    /// A line under "Credits used": which account is debited.
    credits_hint: String,
) -> impl IntoView {
    let prefix = StoredValue::new(prefix);
    let number = move |field: &'static str,
                       label: &'static str,
                       get: fn(&ReportDraft) -> String,
                       set: fn(&mut ReportDraft, String),
                       hint: String| {
        let id = format!("{}-{field}", prefix.get_value());
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let message = message_for(messages, field);
        view! {
            <div class="field" class:field--invalid=move || message().is_some()>
                <label class="field__label" for=id.clone()>{label}</label>
                <input id=id type="number" min="0" step="1" inputmode="numeric"
                    prop:value=move || draft.with(get)
                    on:input=move |event| {
                        let value = event_target_value(&event);
                        draft.update(|draft| set(draft, value));
                    }
                    aria-invalid=move || message().is_some().to_string()
                    aria-describedby=format!("{error_id} {hint_id}") />
                <p class="field__hint" id=hint_id>{hint}</p>
                <p class="field__error" id=error_id>{message}</p>
            </div>
        }
    };
    let text = move |field: &'static str,
                     label: &'static str,
                     get: fn(&ReportDraft) -> String,
                     set: fn(&mut ReportDraft, String),
                     hint: Signal<String>| {
        let id = format!("{}-{field}", prefix.get_value());
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let message = message_for(messages, field);
        view! {
            <div class="field" class:field--invalid=move || message().is_some()>
                <label class="field__label" for=id.clone()>{label}</label>
                <textarea id=id rows="3"
                    prop:value=move || draft.with(get)
                    on:input=move |event| {
                        let value = event_target_value(&event);
                        draft.update(|draft| set(draft, value));
                    }
                    aria-invalid=move || message().is_some().to_string()
                    aria-describedby=format!("{error_id} {hint_id}")></textarea>
                <p class="field__hint" id=hint_id>{move || hint.get()}</p>
                <p class="field__error" id=error_id>{message}</p>
            </div>
        }
    };
    let accomplishments_hint = Signal::derive(move || {
        if accomplishments_required.get() {
            "Required to complete the session: what was done.".to_string()
        } else {
            "What was done, if anything.".to_string()
        }
    });
    view! {
        <div class="form-row">
            {number("credits_used", "Credits used", |d| d.credits_used.clone(), |d, v| d.credits_used = v, credits_hint)}
            {number("duration_minutes", "Duration (minutes)", |d| d.duration_minutes.clone(), |d, v| d.duration_minutes = v,
                "From the start and end times; change it if the work took longer or shorter.".to_string())}
        </div>
        {text("accomplishments", "Accomplishments", |d| d.accomplishments.clone(), |d, v| d.accomplishments = v, accomplishments_hint)}
        {text("blockers", "Blockers", |d| d.blockers.clone(), |d, v| d.blockers = v, Signal::stored("What stopped or slowed the work.".to_string()))}
        {text("state_notes", "State notes", |d| d.state_notes.clone(), |d, v| d.state_notes = v, Signal::stored("Where the work stands now.".to_string()))}
        {text("next_steps", "Next steps", |d| d.next_steps.clone(), |d, v| d.next_steps = v, Signal::stored("What the next session should do first.".to_string()))}
        {text("decisions", "Decisions", |d| d.decisions.clone(), |d, v| d.decisions = v, Signal::stored("What was decided, and why.".to_string()))}
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
    let messages = RwSignal::new(FieldMessages::new());
    let problem = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let prefix = form_prefix("end-session");
    let stored_prefix = StoredValue::new(prefix.clone());
    Effect::new(move |_| {
        if open.get() {
            let mut fresh = kept.get_value();
            if fresh.credits_used == "0" {
                fresh.credits_used = String::new();
            }
            fresh.duration_minutes = started.minutes_until(crate::platform::now()).to_string();
            draft.set(fresh);
            messages.set(Vec::new());
            problem.set(None);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let outcome = status.get_untracked();
        let current = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = service().end_session(id, outcome, &current).await;
            saving.set(false);
            match result {
                Ok(session) => {
                    open.set(false);
                    state.toast(ToastKind::Success, ended_message(&session));
                }
                Err(Error::Invalid(errors)) => {
                    let list = field_messages(&errors);
                    focus_first_error(&stored_prefix.get_value(), &list);
                    messages.set(list);
                    problem.set(None);
                }
                Err(Error::Rule(rule)) => {
                    messages.set(Vec::new());
                    problem.set(Some(rule.to_string()));
                }
                Err(error) => state.report(&error),
            }
        });
    };
    let outcome_id = format!("{prefix}-status");
    let name = session.display_name();
    let hint = credits_hint(&session);
    view! {
        <Dialog open=open title=Signal::stored("End session".to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <p class="muted">{name}</p>
                    <Show when=move || problem.get().is_some()>
                        <div class="banner banner--warning" role="alert">
                            <span class="banner__text">{move || problem.get()}</span>
                        </div>
                    </Show>
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
                        messages=messages
                        prefix=prefix.clone()
                        accomplishments_required=Signal::derive(move || status.get() == SessionStatus::Completed)
                        credits_hint=hint
                    />
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" disabled=move || saving.get()>
                        {move || submit_label(status.get())}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
