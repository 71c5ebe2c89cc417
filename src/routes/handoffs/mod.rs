//! `/handoffs`: the queue. Open handoffs (pending by priority, then processing), completed and
//! failed (with the reason); start the next session from one (linked both ways, the bundle shown
//! to paste), mark failed, retry, change priority, open or download the bundle, delete (undo).

use crate::components::start_session::remember_just_started;
use crate::components::StatusBadge;
use crate::nav::paths;
use crate::platform::{format_datetime, format_relative};
use crate::state::{service, use_app, ToastKind};
use crate::ui::copy_with_toast;
use crate::ui::{Dialog, EmptyState, ErrorNote, ListSkeleton};
use baton_core::records::{Handoff, HandoffStatus, SessionType, StoreName};
use baton_core::service::{Error, PreviousContext, QueueFilter, SessionDraft};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeMap;
use std::rc::Rc;

const PAGE: u32 = 20;

fn filter_label(filter: QueueFilter) -> &'static str {
    match filter {
        QueueFilter::Open => "Open",
        QueueFilter::Status(status) => status.label(),
    }
}

const FILTERS: [QueueFilter; 5] = [
    QueueFilter::Open,
    QueueFilter::Status(HandoffStatus::Pending),
    QueueFilter::Status(HandoffStatus::Processing),
    QueueFilter::Status(HandoffStatus::Completed),
    QueueFilter::Status(HandoffStatus::Failed),
];

#[component]
pub fn Handoffs() -> impl IntoView {
    let state = use_app();
    let filter = RwSignal::new(QueueFilter::Open);
    let offset = RwSignal::new(0u32);
    let page = LocalResource::new(move || {
        state.track(StoreName::Handoffs);
        state.track(StoreName::Accounts);
        let (filter, offset) = (filter.get(), offset.get());
        async move {
            let service = service();
            let page = service.handoff_queue(filter, offset, PAGE).await?;
            let names = service.handoff_names(&page.items).await?;
            let counts = service.handoff_status_counts().await?;
            Ok::<_, Error>((page, names, counts))
        }
    });
    super::mark_ready_when(page);
    // `?open=<id>`: a session's page links here to show the handoff it came from or produced.
    let query = leptos_router::hooks::use_query_map();
    let linked = LocalResource::new(move || {
        let id = query.with(|query| query.get("open").and_then(|id| Id::parse(&id)));
        async move {
            match id {
                Some(id) => {
                    let service = service();
                    let handoff = service.handoff(id).await.ok();
                    let names = match &handoff {
                        Some(handoff) => service.handoff_names(std::slice::from_ref(handoff)).await.unwrap_or_default(),
                        None => BTreeMap::new(),
                    };
                    handoff.map(|handoff| (handoff, names))
                }
                None => None,
            }
        }
    });
    view! {
        {move || linked.get().flatten().map(|(handoff, names)| {
            let open = RwSignal::new(true);
            let project_name = names.get(&handoff.project_id).cloned().unwrap_or_else(|| "A deleted project".to_string());
            view! { <BundleDialog open=open handoff=handoff project_name=project_name /> }
        })}
        <super::PageHeader
            title=Signal::stored("Handoffs".to_string())
            meta=Signal::stored("The queue: most urgent first, then oldest. Build a handoff from a project's page.".to_string())
        />
        <div class="segmented" role="group" aria-label="Show">
            {FILTERS.into_iter().map(|option| view! {
                <button type="button" class="btn btn--small" aria-pressed=move || (filter.get() == option).to_string()
                    on:click=move |_| { filter.set(option); offset.set(0); }>
                    {move || {
                        let count = page.get().and_then(|result| result.ok()).map(|(_, _, counts)| match option {
                            QueueFilter::Open => counts[&HandoffStatus::Pending] + counts[&HandoffStatus::Processing],
                            QueueFilter::Status(status) => counts[&status],
                        });
                        match count {
                            Some(count) => format!("{} ({count})", filter_label(option)),
                            None => filter_label(option).to_string(),
                        }
                    }}
                </button>
            }).collect_view()}
        </div>
        {move || match page.get() {
            None => view! { <ListSkeleton rows=4 /> }.into_any(),
            Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
            Some(Ok((page, _, _))) if page.total == 0 => view! {
                <EmptyState
                    title="No handoffs here"
                    text=match filter.get_untracked() {
                        QueueFilter::Open => "Nothing is waiting. Build a handoff from a project's page when an account runs low or a session ends; queue it to start the next session from it.".to_string(),
                        other => format!("No {} handoffs.", filter_label(other).to_lowercase()),
                    }
                >
                    <A href=crate::pwa::href(paths::PROJECTS) attr:class="btn btn--primary">"Choose a project"</A>
                </EmptyState>
            }.into_any(),
            Some(Ok((page, names, _))) => {
                let names = Rc::new(names);
                let shown = page.items.len() as u32;
                let first = page.offset + 1;
                let last = page.offset + shown;
                let total = page.total;
                view! {
                    <p class="list__meta">{format!("{first}–{last} of {total}")}</p>
                    <ul class="list" aria-label="Handoff queue">
                        {page.items.into_iter().map(|handoff| {
                            let names = names.clone();
                            view! { <HandoffItem handoff=handoff names=(*names).clone() /> }
                        }).collect_view()}
                    </ul>
                    <div class="row pager">
                        <button type="button" class="btn btn--small" disabled=move || offset.get() == 0
                            on:click=move |_| offset.update(|offset| *offset = offset.saturating_sub(PAGE))>"Previous page"</button>
                        <button type="button" class="btn btn--small" disabled={(last as u64) >= total}
                            on:click=move |_| offset.update(|offset| *offset += PAGE)>"Next page"</button>
                    </div>
                }.into_any()
            }
        }}
    }
}

#[component]
fn HandoffItem(handoff: Handoff, names: BTreeMap<Id, String>) -> impl IntoView {
    let state = use_app();
    let id = handoff.id;
    let project_name = names.get(&handoff.project_id).cloned().unwrap_or_else(|| "A deleted project".to_string());
    let target = handoff.to_account_id.and_then(|account| names.get(&account).cloned());
    let source = handoff.from_account_id.and_then(|account| names.get(&account).cloned());
    let status = handoff.status;
    let viewing = RwSignal::new(false);
    let starting = RwSignal::new(false);
    let failing = RwSignal::new(false);
    let title =
        format!("{project_name}: handoff{}", target.as_ref().map(|name| format!(" to {name}")).unwrap_or_default());
    let route = format!(
        "{} → {}",
        source.clone().unwrap_or_else(|| "no account".into()),
        target.clone().unwrap_or_else(|| "target not chosen".into())
    );
    let now = crate::platform::now();
    let meta = format!(
        "{route} · {} · {} · queued {}",
        handoff.bundle.format.label(),
        baton_core::tokens::format_estimate(handoff.bundle.estimated_tokens),
        format_relative(handoff.queued_at, now)
    );

    let retry = move |_| {
        leptos::task::spawn_local(async move {
            match service().retry_handoff(id).await {
                Ok(_) => state.toast(ToastKind::Success, "Handoff back in the queue"),
                Err(error) => state.report(&error),
            }
        });
    };
    let set_priority = move |event: leptos::ev::Event| {
        let Ok(priority) = event_target_value(&event).parse::<u8>() else { return };
        leptos::task::spawn_local(async move {
            if let Err(error) = service().set_handoff_priority(id, priority).await {
                state.report(&error);
            }
        });
    };
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            match service().trash_handoff(id).await {
                Ok(_) => {
                    let undo: Rc<dyn Fn()> = Rc::new(move || {
                        leptos::task::spawn_local(async move {
                            match service().restore_from_trash(baton_core::records::RecordType::Handoff, id).await {
                                Ok(_) => state.toast(ToastKind::Success, "Handoff restored"),
                                Err(error) => state.report(&error),
                            }
                        });
                    });
                    state.toast_with_action(ToastKind::Success, "Handoff moved to the trash", "Undo", undo);
                }
                Err(error) => state.report(&error),
            }
        });
    };
    let priority_id = format!("priority-{id}");
    let priority_label = format!("Priority of the handoff of {project_name}");
    let delete_label = format!("Delete the handoff of {project_name}");
    let link_text = project_name.clone();
    let open = matches!(status, HandoffStatus::Pending | HandoffStatus::Processing | HandoffStatus::Failed);
    let result_session = handoff.result_session_id;
    let failure = handoff.failure_reason.clone();
    let finished = handoff.finished_at;
    view! {
        <li class="list__item handoff-item" aria-label=title.clone()>
            <div class="stack">
                <span class="list__title">
                    <A href=crate::pwa::href(&paths::project(handoff.project_id))>{link_text}</A>
                    {target.as_ref().map(|name| format!(" → {name}"))}
                </span>
                <span class="list__meta">{meta}</span>
                {(!failure.is_empty()).then(|| view! { <span class="field__error">{format!("Failed: {failure}")}</span> })}
                {result_session.map(|session| view! {
                    <span class="list__meta">
                        <A href=crate::pwa::href(&paths::session(session))>"Open the session it started"</A>
                        {finished.map(|at| format!(" · {}", format_datetime(at)))}
                    </span>
                })}
            </div>
            <StatusBadge status=status.as_str() label=status.label() />
            <div class="row handoff-item__actions">
                {(status == HandoffStatus::Pending).then(|| view! {
                    <label class="visually-hidden" for=priority_id.clone()>{priority_label.clone()}</label>
                    <select id=priority_id.clone() on:change=set_priority>
                        {(1..=10u8).rev().map(|value| view! {
                            <option value=value.to_string() selected=value == handoff.priority>{format!("Priority {value}")}</option>
                        }).collect_view()}
                    </select>
                })}
                {(status != HandoffStatus::Pending).then(|| view! { <span class="list__meta">{format!("Priority {}", handoff.priority)}</span> })}
                <button type="button" class="btn btn--small" on:click=move |_| viewing.set(true)>"Open bundle"</button>
                {open.then(|| view! {
                    <button type="button" class="btn btn--small btn--primary" on:click=move |_| starting.set(true)>"Start session"</button>
                })}
                {matches!(status, HandoffStatus::Pending | HandoffStatus::Processing).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=move |_| failing.set(true)>"Mark failed"</button>
                })}
                {matches!(status, HandoffStatus::Failed | HandoffStatus::Processing).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=retry>"Retry"</button>
                })}
                <button type="button" class="btn btn--small btn--danger" on:click=delete aria-label=delete_label>"Delete"</button>
            </div>
            <BundleDialog open=viewing handoff=handoff.clone() project_name=project_name.clone() />
            {open.then(|| view! { <StartFromHandoffDialog open=starting handoff=handoff.clone() /> })}
            <FailDialog open=failing id=id />
        </li>
    }
}

#[component]
fn BundleDialog(open: RwSignal<bool>, handoff: Handoff, project_name: String) -> impl IntoView {
    let state = use_app();
    let text = StoredValue::new(handoff.bundle.text.clone());
    let format = handoff.bundle.format;
    let file_name = baton_core::handoff::file_name(&project_name, format, handoff.queued_at);
    let download = move |_| {
        let mime = if format == baton_core::records::BundleFormat::Json { "application/json" } else { "text/plain" };
        if let Err(message) = crate::ui::download_text(&file_name, mime, &text.get_value()) {
            state.toast(ToastKind::Error, message);
        }
    };
    let text_id = format!("bundle-text-{}", handoff.id);
    view! {
        <Dialog open=open title=Signal::stored(format!("Bundle for {project_name}")) wide=true>
            <div class="dialog__body form">
                <p class="muted">{format!(
                    "{} · {} · {} lint finding(s) when it was queued",
                    handoff.bundle.format.label(),
                    baton_core::tokens::format_estimate(handoff.bundle.estimated_tokens),
                    handoff.bundle.lint.len()
                )}</p>
                {(!handoff.bundle.trimmed.is_empty()).then(|| view! { <p class="list__meta">{format!("Trimmed: {}", handoff.bundle.trimmed.join(", "))}</p> })}
                <div class="field">
                    <label class="field__label" for=text_id.clone()>"Bundle text"</label>
                    <textarea id=text_id rows="16" readonly prop:value=handoff.bundle.text.clone()></textarea>
                </div>
            </div>
            <div class="dialog__footer">
                <button type="button" class="btn" on:click=move |_| open.set(false)>"Close"</button>
                <button type="button" class="btn" on:click=download>"Download"</button>
                <button type="button" class="btn btn--primary" on:click=move |_| copy_with_toast(state, text.get_value())>"Copy bundle"</button>
            </div>
        </Dialog>
    }
}

/// Starts the next session from a handoff: on its target account (changeable), linked both
/// ways; the new session's page then shows the bundle to paste.
#[component]
fn StartFromHandoffDialog(open: RwSignal<bool>, handoff: Handoff) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let id = handoff.id;
    let account = RwSignal::new(handoff.to_account_id.map(|id| id.to_string()).unwrap_or_default());
    let session_type = RwSignal::new(SessionType::Development);
    let title = RwSignal::new(String::new());
    let objectives = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
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
    let prefix = format!("start-from-{id}");
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let Some(account_id) = Id::parse(&account.get_untracked()) else {
            problem.set(Some("Choose the account that takes over.".into()));
            return;
        };
        let draft = SessionDraft {
            project_id: None,
            account_id: Some(account_id),
            session_type: session_type.get_untracked(),
            title: title.get_untracked(),
            objectives: objectives.get_untracked(),
            credit_budget: String::new(),
            from_handoff_id: Some(id),
        };
        saving.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = service().start_session_from_handoff(id, draft).await;
            saving.set(false);
            match result {
                Ok((session, handoff)) => {
                    open.set(false);
                    remember_just_started(session.id, Some(PreviousContext::Handoff(handoff)));
                    state.toast(ToastKind::Success, format!("Session {} started from the handoff", session.number));
                    navigate(&paths::session(session.id), Default::default());
                }
                Err(Error::Invalid(errors)) => problem.set(Some(errors.to_string())),
                Err(error) => {
                    problem.set(Some(format!(
                        "{error} The handoff is kept as failed with this reason; retry it when fixed."
                    )));
                }
            }
        });
    };
    let account_id = format!("{prefix}-account");
    let type_id = format!("{prefix}-type");
    let title_id = format!("{prefix}-title");
    let objectives_id = format!("{prefix}-objectives");
    view! {
        <Dialog open=open title=Signal::stored("Start the next session from this handoff".to_string())>
            <form class="dialog__body form" on:submit=submit>
                <p class="muted">"The session is created on the account that takes over, linked to this handoff; its page then shows the bundle to paste into the new chat."</p>
                <div class="field">
                    <label class="field__label" for=account_id.clone()>"Account"</label>
                    <select id=account_id on:change=move |event| account.set(event_target_value(&event))>
                        <option value="" selected=move || account.get().is_empty()>"Choose an account"</option>
                        {move || accounts.get().and_then(|result| result.ok()).flatten().unwrap_or_default().into_iter().map(|option| {
                            let value = option.id.to_string();
                            let selected = value.clone();
                            view! { <option value=value selected=move || account.get() == selected>{format!("{} ({}, {} credits, {})", option.name, option.platform.label(), option.credits_available, option.status.label().to_lowercase())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for=type_id.clone()>"Type"</label>
                    <select id=type_id on:change=move |event| if let Some(kind) = SessionType::parse(&event_target_value(&event)) { session_type.set(kind) }>
                        {SessionType::ALL.iter().map(|kind| view! { <option value=kind.as_str() selected=*kind == SessionType::Development>{kind.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for=title_id.clone()>"Title"</label>
                    <input id=title_id type="text" prop:value=move || title.get() on:input=move |event| title.set(event_target_value(&event)) />
                </div>
                <div class="field">
                    <label class="field__label" for=objectives_id.clone()>"Objectives"</label>
                    <textarea id=objectives_id rows="3" prop:value=move || objectives.get() on:input=move |event| objectives.set(event_target_value(&event))></textarea>
                </div>
                {move || problem.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" disabled=move || saving.get()>"Start session"</button>
                </div>
            </form>
        </Dialog>
    }
}

#[component]
fn FailDialog(open: RwSignal<bool>, id: Id) -> impl IntoView {
    let state = use_app();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let reason_id = format!("fail-reason-{id}");
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = reason.get_untracked();
        leptos::task::spawn_local(async move {
            match service().fail_handoff(id, &text).await {
                Ok(_) => {
                    open.set(false);
                    reason.set(String::new());
                    state.toast(ToastKind::Success, "Handoff marked failed; retry it from the Failed list");
                }
                Err(Error::Invalid(errors)) => problem.set(Some(errors.to_string())),
                Err(error) => state.report(&error),
            }
        });
    };
    view! {
        <Dialog open=open title=Signal::stored("Mark the handoff failed".to_string())>
            <form class="dialog__body form" on:submit=submit>
                <div class="field">
                    <label class="field__label" for=reason_id.clone()>"Why did it fail?"</label>
                    <textarea id=reason_id rows="3" prop:value=move || reason.get() on:input=move |event| reason.set(event_target_value(&event))></textarea>
                    {move || problem.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn--danger">"Mark failed"</button>
                </div>
            </form>
        </Dialog>
    }
}
