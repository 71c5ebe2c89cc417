//! `/sessions/:id`: a session's details, objectives and report; end it (completed, failed,
//! handed off), reopen, edit, delete to the trash (with undo); its transcript: paste, review the
//! split, save, read with collapsible long turns, copy.

mod edit_session;
mod report_paste;
mod transcript;

use super::record::{record_in_trash, use_record, RecordMissing};
use crate::components::knowledge_form::KnowledgeFormDialog;
use crate::components::start_session::{take_just_started, PreviousContextNotice};
use crate::components::{EndSessionDialog, Icon, IconName, StatusBadge};
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::nav::paths;
use crate::platform::{format_datetime, now};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{async_view, trash_with_undo, use_action, ConfirmDialog};
use baton_core::locale::{self, format_number};
use baton_core::records::{Session, SessionStatus, StoreName};
use baton_core::service::{KnowledgeDraft, PreviousContext};
use edit_session::EditSessionDialog;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use report_paste::PasteReportDialog;
use transcript::TranscriptSection;

#[component]
pub fn SessionPage() -> impl IntoView {
    let i18n = use_i18n();
    let (id, session) = use_record(StoreName::Sessions, |id| async move { service().session(id).await });
    // Right after this tab started the session: the project's previous handoff or report.
    let fresh = RwSignal::new(None::<Option<PreviousContext>>);
    Effect::new(move |_| {
        fresh.set(id.get().and_then(take_just_started));
    });
    async_view(session, 6, move |session| match session {
        None => view! {
            <RecordMissing
                title=t_string!(i18n, session.not_found_title)
                text=t_string!(i18n, session.not_found_text)
                back=paths::SESSIONS
                back_label=t_string!(i18n, session.all_sessions)
            />
        }
        .into_any(),
        Some(session) if session.deleted_at.is_some() => {
            let id = session.id;
            record_in_trash(
                crate::i18n::core_text::session_name(&session),
                t_string!(i18n, session.in_trash_text),
                t_string!(i18n, session.restore_session),
                move || async move { service().restore_session(id).await },
                move |restored: Session| {
                    tu_string!(i18n, session.restored, name = crate::i18n::core_text::session_name(&restored))
                },
            )
            .into_any()
        }
        Some(session) => view! { <SessionView session=session fresh=fresh /> }.into_any(),
    })
}

#[component]
fn SessionView(session: Session, fresh: RwSignal<Option<Option<PreviousContext>>>) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = session.id;
    let name = crate::i18n::core_text::session_name(&session);
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
    let knowledge_draft = KnowledgeDraft::from_report(&session);

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
        move |reopened: Session| {
            state.toast(
                ToastKind::Success,
                tu_string!(i18n, session.reopened, name = crate::i18n::core_text::session_name(&reopened)),
            )
        },
    );

    let delete = move || {
        let navigate = navigate.clone();
        trash_with_undo(
            async move {
                let session = service().trash_session(id).await?;
                navigate(paths::SESSIONS, Default::default());
                Ok(session)
            },
            move |trashed: &Session| {
                tu_string!(i18n, session.trashed, name = crate::i18n::core_text::session_name(trashed))
            },
            move || async move { service().restore_session(id).await },
            move |restored: &Session| {
                tu_string!(i18n, session.restored, name = crate::i18n::core_text::session_name(restored))
            },
        );
    };

    let reopen_message = match (&session.account_id, session.credits_used) {
        (Some(_), credits) if credits > 0 => t_string!(
            i18n,
            session.reopen_message_credits,
            credits = format_number(credits as f64),
            account = if session.account_label.is_empty() {
                t_string!(i18n, session.its_account).to_string()
            } else {
                session.account_label.clone()
            }
        ),
        _ => t_string!(i18n, session.reopen_message).to_string(),
    };

    let account = match (&session.account_id, session.account_label.is_empty()) {
        (Some(account_id), _) => {
            let label = if session.account_label.is_empty() {
                t_string!(i18n, session.the_sessions_account).to_string()
            } else {
                session.account_label.clone()
            };
            view! { <A href=crate::pwa::href(&paths::account(*account_id))>{label}</A> }.into_any()
        }
        (None, _) => view! { <span class="muted">{t!(i18n, session.no_account)}</span> }.into_any(),
    };
    let started = session.started_at;
    let duration = match (session.status, session.duration_minutes) {
        (SessionStatus::InProgress, _) => view! {
            <span>{move || {
                state.clock.track();
                t_string!(i18n, session.running_for, duration = locale::current().minutes(started.minutes_until(now())))
            }}</span>
        }
        .into_any(),
        (_, Some(minutes)) => view! { <span>{locale::current().minutes(minutes)}</span> }.into_any(),
        (_, None) => view! { <span class="muted">"—"</span> }.into_any(),
    };
    let credits = {
        let used = format_number(session.credits_used as f64);
        match session.credit_budget {
            Some(budget) => t_string!(i18n, session.credits_of_budget, used, budget = format_number(budget as f64)),
            None => t_string!(i18n, session.credits_used, used),
        }
    };
    let objectives = session.objectives.clone();
    let report_empty = !session.has_report();
    // The report's sections worded here (the core's `report_sections` titles are English).
    let report_sections = [
        (t_string!(i18n, session.report_paste.accomplishments), session.accomplishments.trim()),
        (t_string!(i18n, session.report_paste.blockers), session.blockers.trim()),
        (t_string!(i18n, session.report_paste.state_notes), session.state_notes.trim()),
        (t_string!(i18n, session.report_paste.next_steps), session.next_steps.trim()),
        (t_string!(i18n, session.report_paste.decisions), session.decisions.trim()),
    ];
    let report_row = |(title, text): (&'static str, &str)| {
        let text = text.to_string();
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
            <button type="button" class="btn" on:click=move |_| pasting_report.set(true)>{t!(i18n, session.paste_report)}</button>
            {if in_progress {
                view! {
                    <button type="button" class="btn btn--primary" on:click=end_with(SessionStatus::Completed)>{t!(i18n, session.complete)}</button>
                    <button type="button" class="btn" on:click=end_with(SessionStatus::Failed)>{t!(i18n, session.mark_failed)}</button>
                    <button type="button" class="btn" on:click=end_with(SessionStatus::HandedOff)>{t!(i18n, session.mark_handed_off)}</button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="btn" on:click=move |_| reopening.set(true)>
                        <Icon name=IconName::Undo />
                        " "
                        {t!(i18n, session.reopen)}
                    </button>
                }.into_any()
            }}
            <crate::ui::EditButton open=editing />
            <crate::ui::DeleteButton open=deleting />
        </super::PageHeader>
        <PreviousContextNotice fresh=fresh />
        <section class="section card" aria-labelledby="session-details">
            <h2 class="section__title" id="session-details">{t!(i18n, session.details)}</h2>
            <dl class="kv">
                <dt>{t!(i18n, session.status)}</dt>
                <dd><StatusBadge status=status.as_str() label=status.label() /></dd>
                <dt>{t!(i18n, session.project)}</dt>
                <dd>
                    {move || match project.get() {
                        None => view! { <span class="muted">"…"</span> }.into_any(),
                        Some(Ok(project)) => {
                            let trashed = project.deleted_at.is_some();
                            view! {
                                <A href=crate::pwa::href(&paths::project(project.id))>{project.name.clone()}</A>
                                {trashed.then(|| format!(" {}", t_string!(i18n, session.in_the_trash)))}
                            }.into_any()
                        }
                        Some(Err(_)) => view! { <span class="muted">{t!(i18n, session.deleted_project)}</span> }.into_any(),
                    }}
                </dd>
                <dt>{t!(i18n, session.account)}</dt>
                <dd>{account}</dd>
                <dt>{t!(i18n, session.session_type)}</dt>
                <dd>{session.session_type.label()}</dd>
                <dt>{t!(i18n, session.started)}</dt>
                <dd><time datetime=started.to_text()>{format_datetime(started)}</time></dd>
                {session.ended_at.map(|ended| view! {
                    <dt>{t!(i18n, session.ended)}</dt>
                    <dd><time datetime=ended.to_text()>{format_datetime(ended)}</time></dd>
                })}
                <dt>{t!(i18n, session.duration)}</dt>
                <dd>{duration}</dd>
                <dt>{t!(i18n, session.credits)}</dt>
                <dd>{credits}</dd>
                {session.from_handoff_id.map(|handoff| view! {
                    <dt>{t!(i18n, session.started_from)}</dt>
                    <dd><A href=crate::pwa::href(&paths::handoff(handoff))>{t!(i18n, session.queued_handoff)}</A></dd>
                })}
                {session.to_handoff_id.map(|handoff| view! {
                    <dt>{t!(i18n, session.handed_off_in)}</dt>
                    <dd><A href=crate::pwa::href(&paths::handoff(handoff))>{t!(i18n, session.a_handoff)}</A></dd>
                })}
            </dl>
        </section>
        <section class="section card" aria-labelledby="session-objectives">
            <h2 class="section__title" id="session-objectives">{t!(i18n, session.objectives)}</h2>
            {if objectives.trim().is_empty() {
                view! { <p class="muted">{t!(i18n, session.no_objectives)}</p> }.into_any()
            } else {
                view! { <div style:white-space="pre-wrap" style:overflow-wrap="anywhere">{objectives}</div> }.into_any()
            }}
        </section>
        <section class="section card" aria-labelledby="session-report">
            <div class="row">
                <h2 class="section__title" id="session-report">{t!(i18n, session.report)}</h2>
                <span class="spacer"></span>
                {(!report_empty).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=move |_| saving_knowledge.set(true)>{t!(i18n, session.save_as_knowledge)}</button>
                })}
            </div>
            {if in_progress && report_empty {
                view! { <p class="muted">{t!(i18n, session.report_pending)}</p> }.into_any()
            } else {
                view! {
                    <dl class="kv">
                        {report_sections.into_iter().map(report_row).collect_view()}
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
            title=Signal::stored(t_string!(i18n, session.reopen_title, name = name.clone()))
            message=Signal::stored(reopen_message)
            confirm_label=t_string!(i18n, session.reopen)
            on_confirm=move || reopen.dispatch(())
        />
        <ConfirmDialog
            open=deleting
            title=Signal::stored(t_string!(i18n, session.delete_title, name))
            message=Signal::stored(t_string!(i18n, session.delete_message).to_string())
            confirm_label=t_string!(i18n, session.move_to_trash)
            danger=true
            on_confirm=delete
        />
    }
}
