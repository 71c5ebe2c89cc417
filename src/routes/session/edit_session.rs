//! "Edit session": title, objectives and type; for an ended session also its report.

use crate::components::end_session::{credits_hint, show_form_error, ReportFields};
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    use_action_with_options, Dialog, Field, FieldControl, Form, FormFooter, FormProblem, TextField, TextKind,
    UseActionOptions,
};
use baton_core::records::{Session, SessionStatus, SessionType};
use baton_core::service::ReportDraft;
use leptos::prelude::*;
use std::rc::Rc;

/// Edit the title, objectives and type; for an ended session also its report, credits (the
/// ledger moves by the difference) and duration.
#[component]
pub(super) fn EditSessionDialog(open: RwSignal<bool>, session: Session) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let id = session.id;
    let ended = session.status != SessionStatus::InProgress;
    let completed = session.status == SessionStatus::Completed;
    let initial = StoredValue::new(session.clone());
    let title = RwSignal::new(String::new());
    let objectives = RwSignal::new(String::new());
    let session_type = RwSignal::new(session.session_type);
    let report = RwSignal::new(ReportDraft::default());
    let problem = RwSignal::new(None::<String>);
    let form = Form::new("edit-session");
    Effect::new(move |_| {
        if open.get() {
            let session = initial.get_value();
            title.set(session.title.clone());
            objectives.set(session.objectives.clone());
            session_type.set(session.session_type);
            report.set(ReportDraft::from_session(&session));
            form.clear();
            problem.set(None);
        }
    });
    let save = use_action_with_options(
        move |(title, objectives, kind, report): (String, String, SessionType, ReportDraft)| async move {
            let report = ended.then_some(&report);
            service().edit_session(id, &title, &objectives, kind, report).await
        },
        UseActionOptions {
            on_done: Rc::new(move |saved: Session| {
                open.set(false);
                state.toast(
                    ToastKind::Success,
                    tu_string!(i18n, session.edit.saved, name = crate::i18n::core_text::session_name(&saved)),
                );
            }),
            on_error: Some(Rc::new(move |error| show_form_error(state, form, problem, error))),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch((
            title.get_untracked(),
            objectives.get_untracked(),
            session_type.get_untracked(),
            report.get_untracked(),
        ));
    };
    let type_control = move |control: FieldControl| {
        view! {
            <select id=control.id on:change=move |event| {
                if let Some(kind) = SessionType::parse(&event_target_value(&event)) {
                    session_type.set(kind);
                }
            }>
                {SessionType::ALL.iter().map(|kind| {
                    let kind = *kind;
                    view! { <option value=kind.as_str() selected=move || session_type.get() == kind>{kind.label()}</option> }
                }).collect_view()}
            </select>
        }
    };
    let hint = credits_hint(&session);
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, session.edit.title).to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <FormProblem problem=problem />
                    <div class="form-row">
                        <TextField form=form name="title" label=t_string!(i18n, session.edit.session_title) value=title on_input=move |value| title.set(value) />
                        <Field form=form name="session_type" label=t_string!(i18n, session.edit.session_type) control=type_control />
                    </div>
                    <TextField form=form name="objectives" label=t_string!(i18n, session.edit.objectives) kind=TextKind::Multiline(4)
                        value=objectives on_input=move |value| objectives.set(value) />
                    {ended.then(|| view! {
                        <fieldset class="form">
                            <legend class="field__label">{t!(i18n, session.edit.report)}</legend>
                            <ReportFields
                                draft=report
                                form=form
                                accomplishments_required=Signal::stored(completed)
                                credits_hint=t_string!(i18n, session.edit.credits_hint, hint = hint.clone())
                            />
                        </fieldset>
                    })}
                </div>
                <FormFooter open=open submit=t_string!(i18n, session.edit.save) disabled=save.pending />
            </form>
        </Dialog>
    }
}
