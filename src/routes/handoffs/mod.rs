//! `/handoffs`: the queue. Open handoffs (pending by priority, then processing), completed and
//! failed (with the reason); start the next session from one (linked both ways, the bundle shown
//! to paste), mark failed, retry, change priority, open or download the bundle, delete (undo).

mod dialogs;

use crate::components::StatusBadge;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::nav::paths;
use crate::platform::{format_datetime, format_relative};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{loaded, trash_with_undo, use_action, EmptyState, Pager};
use baton_core::locale::format_integer;
use baton_core::records::{Handoff, HandoffStatus, RecordType, StoreName};
use baton_core::service::{Error, QueueFilter};
use baton_core::Id;
use dialogs::{BundleDialog, FailDialog, StartFromHandoffDialog};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use std::collections::BTreeMap;
use std::rc::Rc;

const PAGE: u32 = 20;

fn filter_label(i18n: I18nContext<Locale>, filter: QueueFilter) -> &'static str {
    match filter {
        QueueFilter::Open => t_string!(i18n, handoffs.filter_open),
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
    let i18n = use_i18n();
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
            let project_name = names
                .get(&handoff.project_id)
                .cloned()
                .unwrap_or_else(|| t_string!(i18n, handoffs.deleted_project).to_string());
            view! { <BundleDialog open=open handoff=handoff project_name=project_name /> }
        })}
        <super::PageHeader
            title=Signal::stored(t_string!(i18n, handoffs.title).to_string())
            meta=Signal::stored(t_string!(i18n, handoffs.meta).to_string())
        />
        <div class="segmented" role="group" aria-label=t_string!(i18n, handoffs.filter_group)>
            {FILTERS.into_iter().map(|option| view! {
                <button type="button" class="btn btn--small" aria-pressed=move || (filter.get() == option).to_string()
                    on:click=move |_| { filter.set(option); offset.set(0); }>
                    {move || {
                        let count = page.get().and_then(|result| result.ok()).map(|(_, _, counts)| match option {
                            QueueFilter::Open => counts[&HandoffStatus::Pending] + counts[&HandoffStatus::Processing],
                            QueueFilter::Status(status) => counts[&status],
                        });
                        let filter = filter_label(i18n, option);
                        match count {
                            Some(count) => {
                                t_string!(i18n, handoffs.filter_count, filter, number = format_integer(count as i64)).to_string()
                            }
                            None => filter.to_string(),
                        }
                    }}
                </button>
            }).collect_view()}
        </div>
        {loaded(page, move |(page, names, _)| match page {
            page if page.total == 0 => view! {
                <EmptyState
                    title=t_string!(i18n, handoffs.empty_title)
                    text=match filter.get_untracked() {
                        QueueFilter::Open => t_string!(i18n, handoffs.empty_open).to_string(),
                        other => t_string!(i18n, handoffs.empty_status, status = filter_label(i18n, other).to_lowercase()).to_string(),
                    }
                >
                    <A href=crate::pwa::href(paths::PROJECTS) attr:class="btn btn--primary">{t!(i18n, handoffs.choose_project)}</A>
                </EmptyState>
            }.into_any(),
            page => {
                let names = Rc::new(names);
                let (shown, total) = (page.items.len(), page.total);
                view! {
                    <ul class="list" aria-label=t_string!(i18n, handoffs.queue_label)>
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
    let i18n = use_i18n();
    let id = handoff.id;
    let project_name = names
        .get(&handoff.project_id)
        .cloned()
        .unwrap_or_else(|| t_string!(i18n, handoffs.deleted_project).to_string());
    let target = handoff.to_account_id.and_then(|account| names.get(&account).cloned());
    let source = handoff.from_account_id.and_then(|account| names.get(&account).cloned());
    let status = handoff.status;
    let viewing = RwSignal::new(false);
    let starting = RwSignal::new(false);
    let failing = RwSignal::new(false);
    let title = match &target {
        Some(target) => t_string!(i18n, handoffs.item.title_to, project = &project_name, target).to_string(),
        None => t_string!(i18n, handoffs.item.title, project = &project_name).to_string(),
    };
    let route = format!(
        "{} → {}",
        source.clone().unwrap_or_else(|| t_string!(i18n, handoffs.item.no_account).into()),
        target.clone().unwrap_or_else(|| t_string!(i18n, handoffs.item.no_target).into())
    );
    let now = crate::platform::now();
    let meta = t_string!(
        i18n,
        handoffs.item.meta,
        route,
        format = handoff.bundle.format.label(),
        estimate = crate::i18n::core_text::estimate(handoff.bundle.estimated_tokens),
        when = format_relative(handoff.queued_at, now),
    )
    .to_string();

    let retry = use_action(
        move |()| async move { service().retry_handoff(id).await },
        move |_| state.toast(ToastKind::Success, t_string!(i18n, handoffs.item.retried)),
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
            move |_| t_string!(i18n, handoffs.item.trashed).to_string(),
            move || async move { service().restore_from_trash(RecordType::Handoff, id).await },
            move |_| t_string!(i18n, handoffs.item.restored).to_string(),
        )
    };
    let priority_id = format!("priority-{id}");
    let priority_label = t_string!(i18n, handoffs.item.priority_label, project = &project_name).to_string();
    let delete_label = t_string!(i18n, handoffs.item.delete_label, project = &project_name).to_string();
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
                {(!failure.is_empty()).then(|| view! { <span class="field__error">{t_string!(i18n, handoffs.item.failed, reason = failure).to_string()}</span> })}
                {result_session.map(|session| view! {
                    <span class="list__meta">
                        <A href=crate::pwa::href(&paths::session(session))>{t!(i18n, handoffs.item.open_session)}</A>
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
                            <option value=value.to_string() selected=value == handoff.priority>{t_string!(i18n, handoffs.item.priority, value).to_string()}</option>
                        }).collect_view()}
                    </select>
                })}
                {(status != HandoffStatus::Pending).then(|| view! { <span class="list__meta">{t_string!(i18n, handoffs.item.priority, value = handoff.priority).to_string()}</span> })}
                <button type="button" class="btn btn--small" on:click=move |_| viewing.set(true)>{t!(i18n, handoffs.item.open_bundle)}</button>
                {open.then(|| view! {
                    <button type="button" class="btn btn--small btn--primary" on:click=move |_| starting.set(true)>{t!(i18n, handoffs.item.start)}</button>
                })}
                {matches!(status, HandoffStatus::Pending | HandoffStatus::Processing).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=move |_| failing.set(true)>{t!(i18n, handoffs.item.mark_failed)}</button>
                })}
                {matches!(status, HandoffStatus::Failed | HandoffStatus::Processing).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=move |_| retry.dispatch(())>{t!(i18n, common.retry)}</button>
                })}
                <button type="button" class="btn btn--small btn--danger" on:click=delete aria-label=delete_label>{t!(i18n, common.delete)}</button>
            </div>
            <BundleDialog open=viewing handoff=handoff.clone() project_name=project_name.clone() />
            {open.then(|| view! { <StartFromHandoffDialog open=starting handoff=handoff.clone() /> })}
            <FailDialog open=failing id=id />
        </li>
    }
}
