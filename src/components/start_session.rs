//! Starting a session: the "Start session" dialog (project, account with its credits, type,
//! title, objectives, optional budget), and what follows it on the new session's page: the
//! project's previous handoff or session report, ready to copy, or a plain "there is none".

use crate::components::end_session::show_form_error;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::nav::paths;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    copy_with_toast, unique_id, use_action_with_options, Dialog, Field, FieldControl, Form, FormFooter, TextField,
    TextKind, UseActionOptions,
};
use baton_core::locale::format_integer;
use baton_core::records::{AccountStatus, Session, SessionType, StoreName};
use baton_core::service::{Error, PreviousContext, ProjectSort, SessionDraft};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::cell::RefCell;
use std::rc::Rc;

/// The most projects the project choice lists (projects number in the hundreds).
const PROJECTS_MAX: u32 = 10_000;

thread_local! {
    /// The session started last in this tab and its project's previous context, handed from the
    /// dialog to the session's page (shown once, right after starting).
    static JUST_STARTED: RefCell<Option<(Id, Option<PreviousContext>)>> = const { RefCell::new(None) };
}

thread_local! {
    /// Whether the previous context's dialog already opened by itself for the session just
    /// started (the page re-renders when the session changes; the dialog must not reopen).
    static AUTO_OPENED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Hands a just-started session's previous context to its page (shown once on arrival).
pub fn remember_just_started(id: Id, context: Option<PreviousContext>) {
    AUTO_OPENED.with(|opened| opened.set(false));
    JUST_STARTED.with(|slot| *slot.borrow_mut() = Some((id, context)));
}

/// What to show on a session's page right after it was started here: `Some(None)` when the
/// project has no previous handoff or report. Taken once.
pub fn take_just_started(id: Id) -> Option<Option<PreviousContext>> {
    JUST_STARTED.with(|slot| {
        let mut slot = slot.borrow_mut();
        match slot.as_ref() {
            Some((started, _)) if *started == id => slot.take().map(|(_, context)| context),
            _ => None,
        }
    })
}

/// The previous context as text to paste into the new chat.
pub fn previous_context_text(context: &PreviousContext) -> String {
    match context {
        PreviousContext::Handoff(handoff) => handoff.bundle.text.clone(),
        PreviousContext::Report(session) => report_text(session),
    }
}

/// A session's report as plain text (the "previous session report"), in the interface language.
pub fn report_text(session: &Session) -> String {
    let locale = crate::platform::locale();
    let mut text = td_string!(
        locale,
        components.start_session.report_heading,
        name = crate::i18n::core_text::session_name(session),
        status = session.status.label().to_lowercase()
    )
    .to_string();
    let sections = [
        (td_string!(locale, components.start_session.report_accomplishments), &session.accomplishments),
        (td_string!(locale, components.start_session.report_blockers), &session.blockers),
        (td_string!(locale, components.start_session.report_state), &session.state_notes),
        (td_string!(locale, components.start_session.report_next_steps), &session.next_steps),
        (td_string!(locale, components.start_session.report_decisions), &session.decisions),
    ];
    for (title, body) in sections {
        if !body.trim().is_empty() {
            text.push_str(&format!("\n\n{title}:\n{}", body.trim()));
        }
    }
    text
}

fn previous_title(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, context: &PreviousContext) -> &'static str {
    match context {
        PreviousContext::Handoff(_) => t_string!(i18n, components.start_session.previous_handoff),
        PreviousContext::Report(_) => t_string!(i18n, components.start_session.previous_report),
    }
}

/// The project's previous handoff or report, in a dialog, ready to copy.
#[component]
pub fn PreviousContextDialog(open: RwSignal<bool>, context: PreviousContext) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let title = previous_title(i18n, &context);
    let text = previous_context_text(&context);
    let copy_text = StoredValue::new(text.clone());
    let text_id = unique_id("previous-context-text");
    view! {
        <Dialog open=open title=Signal::stored(title.to_string()) wide=true>
            <div class="dialog__body form">
                <p class="muted">{t!(i18n, components.start_session.paste_hint)}</p>
                <div class="field">
                    <label class="field__label" for=text_id.clone()>{t!(i18n, components.start_session.text_to_paste)}</label>
                    <textarea id=text_id rows="14" readonly prop:value=text></textarea>
                </div>
            </div>
            <div class="dialog__footer">
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t!(i18n, components.start_session.done)}</button>
                <button type="button" class="btn btn--primary" on:click=move |_| copy_with_toast(state, copy_text.get_value())>
                    {t!(i18n, common.copy)}
                </button>
            </div>
        </Dialog>
    }
}

/// On a session's page right after it was started: the previous context (opened in a dialog at
/// once), or a plain note that there is none. `fresh` is what `take_just_started` gave.
#[component]
pub fn PreviousContextNotice(fresh: RwSignal<Option<Option<PreviousContext>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || match fresh.get() {
        None => ().into_any(),
        Some(None) => view! {
            <div class="banner" role="status">
                <span class="banner__text">{t!(i18n, components.start_session.no_previous)}</span>
                <span class="banner__actions">
                    <button type="button" class="btn btn--small" on:click=move |_| fresh.set(None)>
                        {t!(i18n, components.start_session.dismiss)}
                    </button>
                </span>
            </div>
        }
        .into_any(),
        Some(Some(context)) => {
            let open = RwSignal::new(!AUTO_OPENED.with(|opened| opened.replace(true)));
            let (show_label, ready) = match &context {
                PreviousContext::Handoff(_) => (
                    t_string!(i18n, components.start_session.show_handoff),
                    t_string!(i18n, components.start_session.handoff_ready),
                ),
                PreviousContext::Report(_) => (
                    t_string!(i18n, components.start_session.show_report),
                    t_string!(i18n, components.start_session.report_ready),
                ),
            };
            view! {
                <div class="banner" role="status">
                    <span class="banner__text">{ready}</span>
                    <span class="banner__actions">
                        <button type="button" class="btn btn--small" on:click=move |_| open.set(true)>{show_label}</button>
                        <button type="button" class="btn btn--small" on:click=move |_| fresh.set(None)>
                            {t!(i18n, components.start_session.dismiss)}
                        </button>
                    </span>
                </div>
                <PreviousContextDialog open=open context=context />
            }
            .into_any()
        }
    }
}

/// The choices of the dialog: live projects by name, accounts that are not blocked.
#[derive(Clone, Debug, PartialEq)]
struct Choices {
    projects: Vec<(Id, String)>,
    accounts: Vec<(Id, String, i64)>,
}

/// Starts a session. `project_id` given: that project, preselected and fixed.
#[component]
pub fn StartSessionDialog(open: RwSignal<bool>, project_id: Option<Id>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let navigate = use_navigate();
    let project = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let account_chosen = RwSignal::new(false);
    let session_type = RwSignal::new(SessionType::Development.as_str().to_string());
    let title = RwSignal::new(String::new());
    let objectives = RwSignal::new(String::new());
    let budget = RwSignal::new(String::new());
    let form = Form::new("start-session");
    let problem = RwSignal::new(None::<String>);
    let choices = LocalResource::new(move || {
        let open = open.get();
        state.track(StoreName::Projects);
        state.track(StoreName::Accounts);
        async move {
            if !open {
                return Ok(None);
            }
            let service = service();
            let projects = match project_id {
                Some(id) => {
                    let project = service.project(id).await?;
                    if project.deleted_at.is_some() {
                        Vec::new()
                    } else {
                        vec![(project.id, project.name)]
                    }
                }
                None => service
                    .projects(None, ProjectSort::Name, "", 0, PROJECTS_MAX)
                    .await?
                    .items
                    .into_iter()
                    .map(|project| (project.id, project.name))
                    .collect(),
            };
            let accounts = service
                .accounts()
                .await?
                .into_iter()
                .filter(|account| account.status != AccountStatus::Blocked)
                .map(|account| (account.id, account.name, account.credits_available))
                .collect();
            Ok::<_, Error>(Some(Choices { projects, accounts }))
        }
    });

    // A fresh form each time the dialog opens.
    Effect::new(move |_| {
        if open.get() {
            project.set(project_id.map(|id| id.to_string()).unwrap_or_default());
            account.set(String::new());
            account_chosen.set(false);
            session_type.set(SessionType::Development.as_str().to_string());
            title.set(String::new());
            objectives.set(String::new());
            budget.set(String::new());
            form.clear();
            problem.set(None);
        }
    });
    // Until the user chooses, the account is the first usable one.
    Effect::new(move |_| {
        if let Some(Ok(Some(choices))) = choices.get() {
            if !account_chosen.get_untracked() {
                account.set(choices.accounts.first().map(|(id, _, _)| id.to_string()).unwrap_or_default());
            }
        }
    });

    let start = use_action_with_options(
        move |draft: SessionDraft| async move {
            let service = service();
            let session = service.start_session(&draft).await?;
            let previous = match service.previous_context(session.project_id).await {
                Ok(previous) => previous,
                Err(error) => {
                    state.report(&error);
                    None
                }
            };
            let project_name = service.project(session.project_id).await.map(|p| p.name).unwrap_or_default();
            Ok((session, previous, project_name))
        },
        UseActionOptions {
            on_done: Rc::new(move |(session, previous, project_name): (Session, Option<PreviousContext>, String)| {
                remember_just_started(session.id, previous);
                open.set(false);
                let name = crate::i18n::core_text::session_name(&session);
                let message = if project_name.is_empty() {
                    t_string!(i18n, components.start_session.started, name).to_string()
                } else {
                    t_string!(i18n, components.start_session.started_on, name, project = project_name).to_string()
                };
                state.toast(ToastKind::Success, message);
                navigate(&paths::session(session.id), Default::default());
            }),
            on_error: Some(Rc::new(move |error| show_form_error(state, form, problem, error))),
        },
    );

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        start.dispatch(SessionDraft {
            project_id: Id::parse(&project.get_untracked()),
            account_id: Id::parse(&account.get_untracked()),
            session_type: SessionType::parse(&session_type.get_untracked()).unwrap_or(SessionType::Development),
            title: title.get_untracked(),
            objectives: objectives.get_untracked(),
            credit_budget: budget.get_untracked(),
            from_handoff_id: None,
        });
    };

    let project_control = move |control: FieldControl| {
        let FieldControl { id, described_by, invalid } = control;
        view! {
            <select id=id disabled=project_id.is_some() aria-describedby=described_by aria-invalid=move || invalid.get().to_string()
                on:change=move |event| project.set(event_target_value(&event))>
                {move || {
                    let list = choices.get().and_then(Result::ok).flatten().map(|c| c.projects).unwrap_or_default();
                    let placeholder = project_id.is_none().then(|| view! {
                        <option value="" selected=move || project.get().is_empty()>{t!(i18n, components.start_session.choose_project)}</option>
                    });
                    view! {
                        {placeholder}
                        {list.into_iter().map(|(id, name)| {
                            let value = id.to_string();
                            let check = value.clone();
                            view! { <option value=value selected=move || project.get() == check>{name}</option> }
                        }).collect_view()}
                    }
                }}
            </select>
        }
    };
    let account_control = move |control: FieldControl| {
        view! {
            <select id=control.id aria-describedby=control.described_by
                on:change=move |event| {
                    account_chosen.set(true);
                    account.set(event_target_value(&event));
                }>
                <option value="" selected=move || account.get().is_empty()>{t!(i18n, components.start_session.no_account)}</option>
                {move || {
                    let list = choices.get().and_then(Result::ok).flatten().map(|c| c.accounts).unwrap_or_default();
                    list.into_iter().map(|(id, name, credits)| {
                        let value = id.to_string();
                        let check = value.clone();
                        let text = t_string!(
                            i18n,
                            components.start_session.account_credits,
                            name,
                            count = credits,
                            n = format_integer(credits)
                        )
                        .to_string();
                        view! { <option value=value selected=move || account.get() == check>{text}</option> }
                    }).collect_view()
                }}
            </select>
        }
    };
    let type_control = move |control: FieldControl| {
        view! {
            <select id=control.id on:change=move |event| session_type.set(event_target_value(&event))>
                {SessionType::ALL.iter().map(|kind| {
                    let kind = *kind;
                    view! { <option value=kind.as_str() selected=move || session_type.get() == kind.as_str()>{kind.label()}</option> }
                }).collect_view()}
            </select>
        }
    };
    let text = |signal: RwSignal<String>| {
        (Signal::<String>::from(signal), Callback::new(move |value: String| signal.set(value)))
    };
    let (title_value, title_input) = text(title);
    let (objectives_value, objectives_input) = text(objectives);
    let (budget_value, budget_input) = text(budget);

    let no_projects =
        move || matches!(choices.get(), Some(Ok(Some(ref c))) if c.projects.is_empty()) && project_id.is_none();
    let load_error = move || match choices.get() {
        Some(Err(error)) => Some(crate::i18n::errors::service_error(&error)),
        _ => None,
    };

    view! {
        <Dialog open=open title=Signal::derive(move || t_string!(i18n, components.start_session.title).to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <Show when=move || problem.get().is_some() || load_error().is_some()>
                        <div class="banner banner--warning" role="alert">
                            <span class="banner__text">{move || problem.get().or_else(load_error)}</span>
                        </div>
                    </Show>
                    <Show when=no_projects>
                        <div class="banner banner--warning" role="status">
                            <span class="banner__text">{t!(i18n, components.start_session.need_project)}</span>
                            <span class="banner__actions">
                                <A href=crate::pwa::href(paths::PROJECTS) attr:class="btn btn--small">
                                    {t!(i18n, components.start_session.go_to_projects)}
                                </A>
                            </span>
                        </div>
                    </Show>
                    <div class="form-row">
                        <Field form=form name="project_id" label=t_string!(i18n, components.start_session.project)
                            control=project_control />
                        <Field form=form name="account_id" label=t_string!(i18n, components.start_session.account)
                            hint=t_string!(i18n, components.start_session.account_hint) control=account_control />
                    </div>
                    <div class="form-row">
                        <Field form=form name="session_type" label=t_string!(i18n, components.start_session.session_type) control=type_control />
                        <TextField form=form name="credit_budget" label=t_string!(i18n, components.start_session.credit_budget)
                            kind=TextKind::Count hint=t_string!(i18n, components.start_session.credit_budget_hint)
                            value=budget_value on_input=budget_input />
                    </div>
                    <TextField form=form name="title" label=t_string!(i18n, components.start_session.session_title)
                        value=title_value on_input=title_input />
                    <TextField form=form name="objectives" label=t_string!(i18n, components.start_session.objectives)
                        kind=TextKind::Multiline(4) hint=t_string!(i18n, components.start_session.objectives_hint)
                        value=objectives_value on_input=objectives_input />
                </div>
                <FormFooter open=open submit=t_string!(i18n, components.start_session.title) disabled=start.pending />
            </form>
        </Dialog>
    }
}
