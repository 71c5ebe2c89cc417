//! `/`: counters computed from the data, sessions in progress, pending handoffs, accounts that
//! are low or refresh soon, recent activity.

use crate::components::start_session::StartSessionDialog;
use crate::components::{EmptyState, ErrorNote, ListSkeleton, StatusBadge};
use crate::platform::{format_number, format_relative};
use crate::state::{service, use_app};
use baton_core::records::{AccountStatus, StoreName};
use leptos::prelude::*;
use leptos_router::components::A;

fn percent(value: Option<f64>) -> String {
    value.map(|v| format!("{}%", (v * 100.0).round())).unwrap_or_else(|| "—".to_string())
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = use_app();
    let starting = RwSignal::new(false);
    let counters = LocalResource::new(move || {
        for store in [StoreName::Projects, StoreName::Accounts, StoreName::Ledger, StoreName::Sessions] {
            state.track(store);
        }
        async move {
            let service = service();
            let counters = service.dashboard().await?;
            let projects = service.live_count(StoreName::Projects, baton_core::schema::ix::LIVE_UPDATED).await?;
            Ok::<_, baton_core::service::Error>((counters, projects))
        }
    });
    let activity = LocalResource::new(move || {
        state.track(StoreName::Events);
        async move { service().activity(None, 10).await }
    });
    let in_progress = LocalResource::new(move || {
        state.track(StoreName::Sessions);
        async move { service().sessions_in_progress().await }
    });
    let pending = LocalResource::new(move || {
        state.track(StoreName::Handoffs);
        async move { service().pending_handoffs(5).await }
    });
    let accounts = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        async move { service().accounts().await }
    });
    Effect::new(move |_| {
        if counters.get().is_some() && activity.get().is_some() {
            crate::platform::mark_ready();
        }
    });
    view! {
        <super::PageHeader title=Signal::stored("Dashboard".to_string())>
            <button type="button" class="btn btn--primary" on:click=move |_| starting.set(true)>"Start session"</button>
        </super::PageHeader>
        <StartSessionDialog open=starting project_id=None />
        {move || match counters.get() {
            None => view! { <ListSkeleton rows=2 /> }.into_any(),
            Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
            Some(Ok((_, 0))) => view! {
                <EmptyState
                    title="Welcome to Baton"
                    text="Baton keeps one piece of AI-assisted work moving across your AI accounts without re-explaining it. Start by creating a project and adding the accounts you use.".to_string()
                >
                    <div class="row">
                        <A href=crate::pwa::href("/projects") attr:class="btn btn--primary">"Go to projects"</A>
                        <A href=crate::pwa::href("/accounts") attr:class="btn">"Add accounts"</A>
                    </div>
                </EmptyState>
            }.into_any(),
            Some(Ok((counters, _))) => {
                let stats = [
                    ("Active projects", format_number(counters.active_projects as f64), None),
                    ("Usable accounts", format_number(counters.usable_accounts as f64), Some("not blocked or exhausted")),
                    ("Credits used this week", format_number(counters.credits_used_this_week as f64), None),
                    ("Credits used in all", format_number(counters.credits_used_all_time as f64), None),
                    ("Sessions completed", format_number(counters.sessions_completed as f64), None),
                    ("Success rate", percent(counters.success_rate), Some("completed or handed off, of ended sessions")),
                    (
                        "Average credits per completed session",
                        counters.avg_credits_per_completed.map(|v| format_number((v * 10.0).round() / 10.0)).unwrap_or_else(|| "—".into()),
                        None,
                    ),
                ];
                view! {
                    <section class="stat-grid" aria-label="Counters">
                        {stats.into_iter().map(|(label, value, hint)| view! {
                            <div class="stat">
                                <span class="stat__value">{value}</span>
                                <span class="stat__label">{label}</span>
                                {hint.map(|hint| view! { <span class="stat__hint">{hint}</span> })}
                            </div>
                        }).collect_view()}
                    </section>
                }.into_any()
            }
        }}
        <section class="section" aria-labelledby="active-sessions">
            <h2 class="section__title" id="active-sessions">"Sessions in progress"</h2>
            {move || match in_progress.get() {
                None => view! { <ListSkeleton rows=1 /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
                Some(Ok(sessions)) if sessions.is_empty() => view! { <p class="muted">"No session in progress."</p> }.into_any(),
                Some(Ok(sessions)) => view! {
                    <ul class="list" aria-label="Sessions in progress">
                        {sessions.into_iter().map(|session| view! {
                            <li class="list__item">
                                <A href=crate::pwa::href(&format!("/sessions/{}", session.id)) attr:class="list__title">{format!("Session {} {}", session.number, session.title)}</A>
                                <span class="list__meta">{session.account_label.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
        <section class="section" aria-labelledby="pending-handoffs">
            <h2 class="section__title" id="pending-handoffs">"Pending handoffs"</h2>
            {move || match pending.get() {
                None => view! { <ListSkeleton rows=1 /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
                Some(Ok(page)) if page.total == 0 => view! { <p class="muted">"No handoff is waiting."</p> }.into_any(),
                Some(Ok(page)) => view! {
                    <ul class="list" aria-label="Pending handoffs">
                        {page.items.into_iter().map(|handoff| view! {
                            <li class="list__item">
                                <span>{format!("Priority {} · {}", handoff.priority, handoff.bundle.format.label())}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
        <section class="section" aria-labelledby="accounts-to-watch">
            <h2 class="section__title" id="accounts-to-watch">"Accounts low or refreshing soon"</h2>
            {move || {
                let now = state.clock.get();
                match accounts.get() {
                    None => view! { <ListSkeleton rows=1 /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
                    Some(Ok(list)) => {
                        let soon = now.plus(chrono::Duration::hours(24));
                        let watch: Vec<_> = list
                            .into_iter()
                            .filter(|account| {
                                let low = account.status == AccountStatus::Exhausted
                                    || (account.credit_limit > 0 && account.credits_available * 5 < account.credit_limit);
                                let refreshing = account.next_refresh_at.is_some_and(|at| at <= soon);
                                low || refreshing
                            })
                            .collect();
                        if watch.is_empty() {
                            view! { <p class="muted">"No account is low or refreshing in the next 24 hours."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="list" aria-label="Accounts to watch">
                                    {watch.into_iter().map(|account| {
                                        let refresh = account.next_refresh_at.map(|at| format!(" · refreshes {}", format_relative(at, now))).unwrap_or_default();
                                        view! {
                                            <li class="list__item">
                                                <A href=crate::pwa::href(&format!("/accounts/{}", account.id)) attr:class="list__title">{account.name.clone()}</A>
                                                <span class="list__meta">{format!("{} of {} credits{refresh}", account.credits_available, account.credit_limit)}</span>
                                                <StatusBadge status=account.status.as_str() label=account.status.label() />
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                }
            }}
        </section>
        <section class="section" aria-labelledby="recent-activity">
            <h2 class="section__title" id="recent-activity">"Recent activity"</h2>
            {move || match activity.get() {
                None => view! { <ListSkeleton rows=3 /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
                Some(Ok(events)) if events.is_empty() => view! {
                    <p class="muted">"Nothing yet. What you create, change or delete is listed here."</p>
                }.into_any(),
                Some(Ok(events)) => {
                    let now = crate::platform::now();
                    view! {
                        <ul class="list" aria-label="Recent activity">
                            {events.into_iter().map(|event| view! {
                                <li class="list__item">
                                    <span>{event.summary}</span>
                                    <time class="list__meta" datetime=event.at.to_text()>{format_relative(event.at, now)}</time>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
