//! `/sessions/:id`: a session's details, objectives and report; end it (completed, failed,
//! handed off), reopen, edit, delete to the trash (with undo); its transcript: paste, review the
//! split, save, read with collapsible long turns, copy.

mod report_paste;

use crate::components::end_session::{credits_hint, show_form_error, ReportFields};
use crate::components::knowledge_form::KnowledgeFormDialog;
use crate::components::start_session::{take_just_started, PreviousContextNotice};
use crate::components::{EndSessionDialog, Icon, IconName, StatusBadge};
use crate::nav::paths;
use crate::platform::{focus_by_id, format_datetime, format_number, now};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    async_view, copy_with_toast, trash_with_undo, unique_id, use_action, use_action_with_options, ConfirmDialog,
    Dialog, Field, FieldControl, Form, TextField, TextKind, UseActionOptions,
};
use baton_core::records::KnowledgeCategory;
use baton_core::records::{Record, Role, Session, SessionStatus, SessionType, StoreName, TranscriptTurn};
use baton_core::service::{Error, KnowledgeDraft, NewTurn, PreviousContext, ReportDraft};
use baton_core::tokens::format_estimate;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use report_paste::PasteReportDialog;
use std::rc::Rc;

/// Turns longer than this many lines show collapsed.
const COLLAPSED_LINES: usize = 12;

/// "1 h 35 min", "35 min".
fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let state = use_app();
    let id = super::use_id_param();
    let session = LocalResource::new(move || {
        state.track(StoreName::Sessions);
        let id = id.get();
        async move {
            match id {
                Some(id) => match service().session(id).await {
                    Err(Error::NotFound(_)) => Ok(None),
                    found => found.map(Some),
                },
                None => Ok(None),
            }
        }
    });
    // Right after this tab started the session: the project's previous handoff or report.
    let fresh = RwSignal::new(None::<Option<PreviousContext>>);
    Effect::new(move |_| {
        fresh.set(id.get().and_then(take_just_started));
    });
    super::mark_ready_when(session);
    async_view(session, 6, move |session| match session {
        None => view! { <Missing /> }.into_any(),
        Some(session) if session.deleted_at.is_some() => view! { <Trashed session=session /> }.into_any(),
        Some(session) => view! { <SessionView session=session fresh=fresh /> }.into_any(),
    })
}

#[component]
fn Missing() -> impl IntoView {
    view! {
        <super::PageHeader title=Signal::stored("Session not found".to_string()) />
        <div class="empty-state">
            <p class="empty-state__text">"This session does not exist in this browser. It may have been deleted for good, or the link comes from someone else's Baton."</p>
            <A href=crate::pwa::href(paths::SESSIONS) attr:class="btn btn--primary">"All sessions"</A>
        </div>
    }
}

#[component]
fn Trashed(session: Session) -> impl IntoView {
    let state = use_app();
    let id = session.id;
    let restore = use_action(
        move |()| async move { service().restore_session(id).await },
        move |session: Session| state.toast(ToastKind::Success, format!("{} restored", session.display_name())),
    );
    view! {
        <super::PageHeader title=Signal::stored(session.display_name()) />
        <div class="banner banner--warning" role="status">
            <span class="banner__text">"This session is in the trash. Restore it to see and change it again."</span>
            <span class="banner__actions">
                <button type="button" class="btn btn--small" on:click=move |_| restore.dispatch(())>"Restore session"</button>
            </span>
        </div>
    }
}

#[component]
fn SessionView(session: Session, fresh: RwSignal<Option<Option<PreviousContext>>>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let id = session.id;
    let name = session.display_name();
    let status = session.status;
    let in_progress = status == SessionStatus::InProgress;
    let ending = RwSignal::new(false);
    let outcome = RwSignal::new(SessionStatus::Completed);
    let reopening = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let saving_knowledge = RwSignal::new(false);
    let pasting_report = RwSignal::new(false);
    // "Save as knowledge": the report, prefilled into a new entry scoped to the project.
    let knowledge_draft = {
        let mut body = Vec::new();
        for (title, text) in [
            ("Accomplishments", &session.accomplishments),
            ("Decisions", &session.decisions),
            ("State notes", &session.state_notes),
            ("Blockers", &session.blockers),
        ] {
            if !text.trim().is_empty() {
                body.push(format!("**{title}**\n\n{}", text.trim()));
            }
        }
        KnowledgeDraft {
            title: if session.title.is_empty() {
                format!("From session {}", session.number)
            } else {
                session.title.clone()
            },
            body: body.join("\n\n"),
            project_id: Some(session.project_id),
            source_session_id: Some(session.id),
            ..KnowledgeDraft::new(KnowledgeCategory::Pattern)
        }
    };

    let project_id = session.project_id;
    let project = LocalResource::new(move || {
        state.track(StoreName::Projects);
        async move { service().project(project_id).await }
    });

    let end_with = move |chosen: SessionStatus| {
        move |_| {
            outcome.set(chosen);
            ending.set(true);
        }
    };

    let reopen = use_action(
        move |()| async move { service().reopen_session(id).await },
        move |session: Session| state.toast(ToastKind::Success, format!("{} reopened", session.display_name())),
    );

    let delete = move || {
        let navigate = navigate.clone();
        trash_with_undo(
            async move {
                let session = service().trash_session(id).await?;
                navigate(paths::SESSIONS, Default::default());
                Ok(session)
            },
            |session| format!("{} moved to the trash", session.display_name()),
            move || async move { service().restore_session(id).await },
            |session| format!("{} restored", session.display_name()),
        );
    };

    let reopen_message = match (&session.account_id, session.credits_used) {
        (Some(_), credits) if credits > 0 => format!(
            "It shows as in progress again, and its {} credits are credited back to {}. Its report is kept.",
            format_number(credits as f64),
            if session.account_label.is_empty() { "its account" } else { session.account_label.as_str() }
        ),
        _ => "It shows as in progress again. Its report is kept.".to_string(),
    };

    let account = match (&session.account_id, session.account_label.is_empty()) {
        (Some(account_id), _) => {
            let label = if session.account_label.is_empty() {
                "The session's account".to_string()
            } else {
                session.account_label.clone()
            };
            view! { <A href=crate::pwa::href(&paths::account(*account_id))>{label}</A> }.into_any()
        }
        (None, _) => view! { <span class="muted">"No account"</span> }.into_any(),
    };
    let started = session.started_at;
    let duration = match (session.status, session.duration_minutes) {
        (SessionStatus::InProgress, _) => view! {
            <span>{move || {
                state.clock.track();
                format!("Running for {}", format_minutes(started.minutes_until(now())))
            }}</span>
        }
        .into_any(),
        (_, Some(minutes)) => view! { <span>{format_minutes(minutes)}</span> }.into_any(),
        (_, None) => view! { <span class="muted">"—"</span> }.into_any(),
    };
    let credits = {
        let used = format!("{} used", format_number(session.credits_used as f64));
        match session.credit_budget {
            Some(budget) => format!("{used} of a budget of {}", format_number(budget as f64)),
            None => used,
        }
    };
    let objectives = session.objectives.clone();
    let report_empty =
        [&session.accomplishments, &session.blockers, &session.state_notes, &session.next_steps, &session.decisions]
            .iter()
            .all(|text| text.trim().is_empty());
    let report_row = |title: &'static str, text: &String| {
        let text = text.trim().to_string();
        view! {
            <dt>{title}</dt>
            <dd>
                {if text.is_empty() {
                    view! { <span class="muted">"—"</span> }.into_any()
                } else {
                    view! { <div style:white-space="pre-wrap" style:overflow-wrap="anywhere">{text}</div> }.into_any()
                }}
            </dd>
        }
    };

    view! {
        <super::PageHeader title=Signal::stored(name.clone())>
            <button type="button" class="btn" on:click=move |_| pasting_report.set(true)>"Paste report"</button>
            {if in_progress {
                view! {
                    <button type="button" class="btn btn--primary" on:click=end_with(SessionStatus::Completed)>"Complete"</button>
                    <button type="button" class="btn" on:click=end_with(SessionStatus::Failed)>"Mark failed"</button>
                    <button type="button" class="btn" on:click=end_with(SessionStatus::HandedOff)>"Mark handed off"</button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="btn" on:click=move |_| reopening.set(true)>
                        <Icon name=IconName::Undo />
                        " Reopen"
                    </button>
                }.into_any()
            }}
            <button type="button" class="btn" on:click=move |_| editing.set(true)>
                <Icon name=IconName::Edit />
                " Edit"
            </button>
            <button type="button" class="btn btn--danger" on:click=move |_| deleting.set(true)>
                <Icon name=IconName::Trash />
                " Delete"
            </button>
        </super::PageHeader>
        <PreviousContextNotice fresh=fresh />
        <section class="section card" aria-labelledby="session-details">
            <h2 class="section__title" id="session-details">"Details"</h2>
            <dl class="kv">
                <dt>"Status"</dt>
                <dd><StatusBadge status=status.as_str() label=status.label() /></dd>
                <dt>"Project"</dt>
                <dd>
                    {move || match project.get() {
                        None => view! { <span class="muted">"…"</span> }.into_any(),
                        Some(Ok(project)) => {
                            let trashed = project.deleted_at.is_some();
                            view! {
                                <A href=crate::pwa::href(&paths::project(project.id))>{project.name.clone()}</A>
                                {trashed.then_some(" (in the trash)")}
                            }.into_any()
                        }
                        Some(Err(_)) => view! { <span class="muted">"A deleted project"</span> }.into_any(),
                    }}
                </dd>
                <dt>"Account"</dt>
                <dd>{account}</dd>
                <dt>"Type"</dt>
                <dd>{session.session_type.label()}</dd>
                <dt>"Started"</dt>
                <dd><time datetime=started.to_text()>{format_datetime(started)}</time></dd>
                {session.ended_at.map(|ended| view! {
                    <dt>"Ended"</dt>
                    <dd><time datetime=ended.to_text()>{format_datetime(ended)}</time></dd>
                })}
                <dt>"Duration"</dt>
                <dd>{duration}</dd>
                <dt>"Credits"</dt>
                <dd>{credits}</dd>
                {session.from_handoff_id.map(|handoff| view! {
                    <dt>"Started from"</dt>
                    <dd><A href=crate::pwa::href(&paths::handoff(handoff))>"A queued handoff"</A></dd>
                })}
                {session.to_handoff_id.map(|handoff| view! {
                    <dt>"Handed off in"</dt>
                    <dd><A href=crate::pwa::href(&paths::handoff(handoff))>"A handoff"</A></dd>
                })}
            </dl>
        </section>
        <section class="section card" aria-labelledby="session-objectives">
            <h2 class="section__title" id="session-objectives">"Objectives"</h2>
            {if objectives.trim().is_empty() {
                view! { <p class="muted">"No objectives written. Edit the session to add them."</p> }.into_any()
            } else {
                view! { <div style:white-space="pre-wrap" style:overflow-wrap="anywhere">{objectives}</div> }.into_any()
            }}
        </section>
        <section class="section card" aria-labelledby="session-report">
            <div class="row">
                <h2 class="section__title" id="session-report">"Report"</h2>
                <span class="spacer"></span>
                {(!report_empty).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=move |_| saving_knowledge.set(true)>"Save as knowledge"</button>
                })}
            </div>
            {if in_progress && report_empty {
                view! { <p class="muted">"The report is written when the session ends: what was accomplished, blockers, where the work stands, next steps and decisions."</p> }.into_any()
            } else {
                view! {
                    <dl class="kv">
                        {report_row("Accomplishments", &session.accomplishments)}
                        {report_row("Blockers", &session.blockers)}
                        {report_row("State notes", &session.state_notes)}
                        {report_row("Next steps", &session.next_steps)}
                        {report_row("Decisions", &session.decisions)}
                    </dl>
                }.into_any()
            }}
        </section>
        <TranscriptSection session_id=id />
        <PasteReportDialog open=pasting_report session=session.clone() />
        <KnowledgeFormDialog open=saving_knowledge editing=None initial=Some(knowledge_draft) />
        {in_progress.then(|| view! { <EndSessionDialog open=ending session=session.clone() status=outcome /> })}
        <EditSessionDialog open=editing session=session.clone() />
        <ConfirmDialog
            open=reopening
            title=Signal::stored(format!("Reopen {name}?"))
            message=Signal::stored(reopen_message)
            confirm_label="Reopen"
            on_confirm=move || reopen.dispatch(())
        />
        <ConfirmDialog
            open=deleting
            title=Signal::stored(format!("Delete {name}?"))
            message=Signal::stored("The session moves to the trash on the Data page, where you can restore it for 30 days. The credits it used stay debited; its transcript is kept.".to_string())
            confirm_label="Move to trash"
            danger=true
            on_confirm=delete
        />
    }
}

/// Edit the title, objectives and type; for an ended session also its report, credits (the
/// ledger moves by the difference) and duration.
#[component]
fn EditSessionDialog(open: RwSignal<bool>, session: Session) -> impl IntoView {
    let state = use_app();
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
            on_done: Rc::new(move |session: Session| {
                open.set(false);
                state.toast(ToastKind::Success, format!("{} saved", session.display_name()));
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
        <Dialog open=open title=Signal::stored("Edit session".to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <Show when=move || problem.get().is_some()>
                        <div class="banner banner--warning" role="alert">
                            <span class="banner__text">{move || problem.get()}</span>
                        </div>
                    </Show>
                    <div class="form-row">
                        <TextField form=form name="title" label="Title" value=title on_input=move |value| title.set(value) />
                        <Field form=form name="session_type" label="Type" control=type_control />
                    </div>
                    <TextField form=form name="objectives" label="Objectives" kind=TextKind::Multiline(4)
                        value=objectives on_input=move |value| objectives.set(value) />
                    {ended.then(|| view! {
                        <fieldset class="form">
                            <legend class="field__label">"Report"</legend>
                            <ReportFields
                                draft=report
                                form=form
                                accomplishments_required=Signal::stored(completed)
                                credits_hint=format!("{hint} A change moves the account's credits by the difference.")
                            />
                        </fieldset>
                    })}
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" disabled=move || save.pending.get()>"Save session"</button>
                </div>
            </form>
        </Dialog>
    }
}

/// "User: …\n\nAssistant: …": the transcript as text that splits the same way again.
fn transcript_text(turns: &[TranscriptTurn]) -> String {
    turns.iter().map(|turn| format!("{}: {}", turn.role.label(), turn.content)).collect::<Vec<_>>().join("\n\n")
}

fn count_label(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", format_number(count as f64))
    }
}

/// "2 user turns, 2 assistant turns · ≈ 1,234 tokens".
fn turns_summary<'a>(turns: impl Iterator<Item = (Role, u32)> + 'a) -> String {
    let (mut user, mut assistant, mut other, mut tokens) = (0usize, 0usize, 0usize, 0u32);
    for (role, turn_tokens) in turns {
        match role {
            Role::User => user += 1,
            Role::Assistant => assistant += 1,
            _ => other += 1,
        }
        tokens = tokens.saturating_add(turn_tokens);
    }
    let mut parts =
        vec![count_label(user, "user turn", "user turns"), count_label(assistant, "assistant turn", "assistant turns")];
    if other > 0 {
        parts.push(count_label(other, "other turn", "other turns"));
    }
    format!("{} · {} in all", parts.join(", "), format_estimate(tokens))
}

#[component]
fn TranscriptSection(session_id: Id) -> impl IntoView {
    let state = use_app();
    let pasting = RwSignal::new(false);
    let turns = LocalResource::new(move || {
        state.track(StoreName::Turns);
        async move { service().transcript(session_id).await }
    });
    let existing = Signal::derive(move || turns.get().and_then(Result::ok).map(|turns| turns.len()).unwrap_or(0));
    view! {
        <section class="section card" aria-labelledby="session-transcript">
            <div class="row">
                <h2 class="section__title" id="session-transcript">"Transcript"</h2>
                <span class="spacer"></span>
                {move || {
                    let list = turns.get().and_then(Result::ok).unwrap_or_default();
                    (!list.is_empty()).then(|| {
                        let text = transcript_text(&list);
                        view! {
                            <button type="button" class="btn btn--small" on:click=move |_| copy_with_toast(state, text.clone())>"Copy transcript"</button>
                        }
                    })
                }}
                <button type="button" class="btn btn--small" on:click=move |_| pasting.set(true)>"Paste transcript"</button>
            </div>
            {async_view(turns, 3, move |value| match value {
                list if list.is_empty() => view! {
                    <p class="muted">"No transcript yet. Paste the conversation from the AI chat to keep it with the session."</p>
                }.into_any(),
                list => {
                    let summary = turns_summary(list.iter().map(|turn| (turn.role, turn.tokens)));
                    view! {
                        <p class="muted">{summary}</p>
                        <ol class="list" aria-label="Transcript">
                            {list.into_iter().map(|turn| view! { <TurnView turn=turn /> }).collect_view()}
                        </ol>
                    }.into_any()
                }
            })}
            <PasteTranscriptDialog open=pasting session_id=session_id existing=existing />
        </section>
    }
}

#[component]
fn TurnView(turn: TranscriptTurn) -> impl IntoView {
    let state = use_app();
    let expanded = RwSignal::new(false);
    let number = turn.seq;
    let line_count = turn.content.lines().count();
    let long = line_count > COLLAPSED_LINES;
    let full = turn.content.clone();
    let short =
        StoredValue::new(format!("{}\n…", turn.content.lines().take(COLLAPSED_LINES).collect::<Vec<_>>().join("\n")));
    let shown_full = StoredValue::new(full.clone());
    let content_id = format!("turn-{}", turn.id.as_uuid().simple());
    let heading_id = format!("{content_id}-role");
    let labelled_by = heading_id.clone();
    let shown = move || {
        if long && !expanded.get() {
            short.get_value()
        } else {
            shown_full.get_value()
        }
    };
    view! {
        <li class="list__item">
            <article class="list__body stack" aria-labelledby=labelled_by>
                <div class="row">
                    <h3 id=heading_id class="list__title">
                        <span class="visually-hidden">{format!("Turn {number}: ")}</span>
                        {turn.role.label()}
                    </h3>
                    <span class="muted">{format_estimate(turn.tokens)}</span>
                    <span class="spacer"></span>
                    <button type="button" class="btn btn--small" aria-label=format!("Copy turn {number}")
                        on:click=move |_| copy_with_toast(state, full.clone())>"Copy"</button>
                </div>
                <div id=content_id.clone() style:white-space="pre-wrap" style:overflow-wrap="anywhere">{shown}</div>
                {long.then(|| view! {
                    <div>
                        <button type="button" class="btn btn--small" aria-controls=content_id.clone()
                            aria-expanded=move || expanded.get().to_string()
                            on:click=move |_| expanded.update(|open| *open = !*open)>
                            {move || if expanded.get() { "Show less".to_string() } else { format!("Show all {line_count} lines") }}
                        </button>
                    </div>
                })}
            </article>
        </li>
    }
}

/// Paste → "Split into turns" → review (roles, contents, token estimates, counts) → "Save
/// transcript" (added after the existing turns, or replacing them).
#[component]
fn PasteTranscriptDialog(open: RwSignal<bool>, session_id: Id, existing: Signal<usize>) -> impl IntoView {
    let state = use_app();
    let text = RwSignal::new(String::new());
    let review = RwSignal::new(None::<Vec<NewTurn>>);
    let replace = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let prefix = StoredValue::new(unique_id("paste-transcript"));
    let field_id = move |field: &str| format!("{}-{field}", prefix.get_value());
    Effect::new(move |_| {
        if open.get() {
            text.set(String::new());
            review.set(None);
            replace.set(false);
            problem.set(None);
        }
    });
    let split = move || {
        let pasted = text.get_untracked();
        if pasted.trim().is_empty() {
            problem.set(Some("Paste the conversation first.".to_string()));
            focus_by_id(&field_id("conversation"));
            return;
        }
        let turns: Vec<NewTurn> = baton_core::transcript::split_transcript(&pasted)
            .into_iter()
            .map(|turn| NewTurn { role: turn.role, content: turn.content, tokens: turn.tokens })
            .collect();
        if turns.is_empty() {
            problem.set(Some("Nothing to save: the conversation has no text.".to_string()));
            return;
        }
        problem.set(None);
        review.set(Some(turns));
        let summary = field_id("summary");
        request_animation_frame(move || focus_by_id(&summary));
    };
    let save = use_action_with_options(
        move |(turns, replacing): (Vec<NewTurn>, bool)| async move {
            let count = service().save_transcript(session_id, turns, replacing).await?;
            Ok((count, replacing))
        },
        UseActionOptions {
            on_done: Rc::new(move |(count, replacing)| {
                open.set(false);
                let turns = count_label(count as usize, "turn", "turns");
                state.toast(
                    ToastKind::Success,
                    if replacing {
                        format!("Transcript replaced with {turns}")
                    } else {
                        format!("Saved {turns} to the transcript")
                    },
                );
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => problem.set(Some(errors.to_string())),
                Error::Rule(rule) => problem.set(Some(rule.to_string())),
                error => state.report(&error),
            })),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(turns) = review.get_untracked() else {
            split();
            return;
        };
        let replacing = replace.get_untracked() && existing.get_untracked() > 0;
        save.dispatch((turns, replacing));
    };
    // Ctrl+Enter (or Cmd+Enter) in the conversation splits it; Enter alone is a new line.
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
            event.prevent_default();
            split();
        }
    };
    let back = move |_| {
        review.set(None);
        let id = field_id("conversation");
        request_animation_frame(move || focus_by_id(&id));
    };
    let conversation_id = field_id("conversation");
    let summary_id = field_id("summary");
    let replace_id = field_id("replace");
    view! {
        <Dialog open=open title=Signal::stored("Paste transcript".to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <Show when=move || problem.get().is_some()>
                        <div class="banner banner--warning" role="alert">
                            <span class="banner__text">{move || problem.get()}</span>
                        </div>
                    </Show>
                    <div class="field" hidden=move || review.get().is_some()>
                        <label class="field__label" for=conversation_id.clone()>"Conversation"</label>
                        <textarea id=conversation_id.clone() rows="14" bind:value=text on:keydown=on_keydown
                            aria-describedby=format!("{conversation_id}-hint")></textarea>
                        <p class="field__hint" id=format!("{conversation_id}-hint")>
                            "A turn starts at a line beginning with User:, Human: or Me: (you) or AI:, Assistant:, Bot:, Claude:, ChatGPT: or Gemini: (the assistant). Text without these prefixes is kept as one turn. Ctrl+Enter splits."
                        </p>
                    </div>
                    {move || review.get().map(|turns| {
                        let summary = turns_summary(turns.iter().map(|turn| (turn.role, turn.tokens)));
                        view! {
                            <p id=summary_id.clone() tabindex="-1"><strong>{summary}</strong></p>
                            <ol class="list" aria-label="Turns to save">
                                {turns.into_iter().enumerate().map(|(index, turn)| view! {
                                    <li class="list__item">
                                        <article class="list__body stack" aria-label=format!("Turn {}: {}", index + 1, turn.role.label())>
                                            <div class="row">
                                                <strong>{turn.role.label()}</strong>
                                                <span class="muted">{format_estimate(turn.tokens)}</span>
                                            </div>
                                            <div style:white-space="pre-wrap" style:overflow-wrap="anywhere">{turn.content}</div>
                                        </article>
                                    </li>
                                }).collect_view()}
                            </ol>
                            {(existing.get_untracked() > 0).then(|| view! {
                                <label class="checkbox" for=replace_id.clone()>
                                    <input id=replace_id.clone() type="checkbox" bind:checked=replace />
                                    <span>{format!("Replace the existing transcript ({})", count_label(existing.get_untracked(), "turn", "turns"))}</span>
                                </label>
                            })}
                        }
                    })}
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <Show
                        when=move || review.get().is_some()
                        fallback=|| view! { <button type="submit" class="btn btn--primary">"Split into turns"</button> }
                    >
                        <button type="button" class="btn" on:click=back>"Back to the text"</button>
                        <button type="submit" class="btn btn--primary" disabled=move || save.pending.get()>"Save transcript"</button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}
