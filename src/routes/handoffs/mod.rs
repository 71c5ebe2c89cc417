//! `/handoffs`: the queue. Open handoffs (pending by priority, then processing), completed and
//! failed (with the reason); start the next session from one (linked both ways, the bundle shown
//! to paste), mark failed, retry, change priority, open or download the bundle, delete (undo).

mod dialogs;

use crate::components::StatusBadge;
use crate::i18n::core_text::Label;
use crate::nav::paths;
use crate::platform::{format_datetime, format_relative};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{loaded, trash_with_undo, use_action, EmptyState, Pager};
use baton_core::records::{Handoff, HandoffStatus, RecordType, StoreName};
use baton_core::service::{Error, QueueFilter};
use baton_core::Id;
use dialogs::{BundleDialog, FailDialog, StartFromHandoffDialog};
use leptos::prelude::*;
use leptos_router::components::A;
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
        {loaded(page, move |(page, names, _)| match page {
            page if page.total == 0 => view! {
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
            page => {
                let names = Rc::new(names);
                let (shown, total) = (page.items.len(), page.total);
                view! {
                    <ul class="list" aria-label="Handoff queue">
                        {page.items.into_iter().map(|handoff| {
                            let names = names.clone();
                            view! { <HandoffItem handoff=handoff names=(*names).clone() /> }
                        }).collect_view()}
                    </ul>
                    <Pager offset=offset page_size=PAGE shown=shown total=total />
                }.into_any()
            }
        })}
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

    let retry = use_action(
        move |()| async move { service().retry_handoff(id).await },
        move |_| state.toast(ToastKind::Success, "Handoff back in the queue"),
    );
    let prioritize =
        use_action(move |priority: u8| async move { service().set_handoff_priority(id, priority).await }, |_| {});
    let set_priority = move |event: leptos::ev::Event| {
        if let Ok(priority) = event_target_value(&event).parse::<u8>() {
            prioritize.dispatch(priority);
        }
    };
    let delete = move |_| {
        trash_with_undo(
            async move { service().trash_handoff(id).await },
            |_| "Handoff moved to the trash".to_string(),
            move || async move { service().restore_from_trash(RecordType::Handoff, id).await },
            |_| "Handoff restored".to_string(),
        )
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
                    <button type="button" class="btn btn--small" on:click=move |_| retry.dispatch(())>"Retry"</button>
                })}
                <button type="button" class="btn btn--small btn--danger" on:click=delete aria-label=delete_label>"Delete"</button>
            </div>
            <BundleDialog open=viewing handoff=handoff.clone() project_name=project_name.clone() />
            {open.then(|| view! { <StartFromHandoffDialog open=starting handoff=handoff.clone() /> })}
            <FailDialog open=failing id=id />
        </li>
    }
}
