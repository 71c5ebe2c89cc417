//! `/`: counters computed from the data, sessions in progress, pending handoffs, accounts that
//! are low or refresh soon, recent activity.

use crate::components::start_session::StartSessionDialog;
use crate::components::StatusBadge;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::platform::format_relative;
use crate::state::{service, use_app, AppState};
use crate::ui::{async_view, use_action, EmptyState, ErrorNote};
use baton_core::locale::{format_integer, format_number};
use baton_core::records::{AccountStatus, StoreName};
use baton_core::rules::CreditTotals;
use baton_core::service::{CreditTotalsScan, Error};
use leptos::prelude::*;
use leptos_router::components::A;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A counter's value text (some change once the all-time totals are added up).
type Figure = Box<dyn Fn() -> String + Send + Sync>;

/// A figure that does not change while it is shown.
fn fixed(text: String) -> impl Fn() -> String + Send + Sync {
    move || text.clone()
}

fn percent(value: Option<f64>) -> String {
    value.map(|v| format!("{}%", format_integer((v * 100.0).round() as i64))).unwrap_or_else(|| "—".to_string())
}

/// Records read per step of adding up the all-time totals (each step is one short read
/// transaction of two pages, then the browser gets a turn).
const TOTALS_PAGE: u32 = 1_000;

thread_local! {
    /// The all-time totals with the (ledger, sessions) change counters they were added up at:
    /// kept while this tab sees no change to either, so coming back to the dashboard costs nothing.
    static TOTALS: RefCell<Option<((u64, u64), CreditTotals)>> = const { RefCell::new(None) };
}

/// The all-time totals, added up page by page (see `Service::scan_credit_totals`). `None` when
/// the dashboard went away or a ledger or session change made the scan stale (the resource runs
/// again for that change).
async fn credit_totals(state: AppState, alive: Arc<AtomicBool>) -> Option<Result<CreditTotals, Error>> {
    let versions = || (state.version_untracked(StoreName::Ledger), state.version_untracked(StoreName::Sessions));
    let key = versions();
    if let Some(totals) =
        TOTALS.with(|cache| cache.borrow().as_ref().filter(|(at, _)| *at == key).map(|(_, t)| t.clone()))
    {
        return Some(Ok(totals));
    }
    let service = service();
    let mut scan = CreditTotalsScan::default();
    while !scan.is_done() {
        // A turn for the browser first: the first screen paints before the first page is read.
        crate::platform::yield_to_browser().await;
        if !alive.load(Ordering::Relaxed) || versions() != key {
            return None;
        }
        if let Err(error) = service.scan_credit_totals(&mut scan, TOTALS_PAGE).await {
            return Some(Err(error));
        }
    }
    TOTALS.with(|cache| *cache.borrow_mut() = Some((key, scan.totals.clone())));
    Some(Ok(scan.totals))
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let starting = RwSignal::new(false);
    // What the first screen needs: index counts, the accounts, the last week of the ledger.
    let counters = LocalResource::new(move || {
        for store in [StoreName::Projects, StoreName::Accounts, StoreName::Ledger, StoreName::Sessions] {
            state.track(store);
        }
        async move {
            let service = service();
            let counts = service.dashboard_counts().await?;
            let projects = service.live_count(StoreName::Projects, baton_core::schema::ix::LIVE_UPDATED).await?;
            Ok::<_, Error>((counts, projects))
        }
    });
    // The sums over the whole ledger and every session, after the first screen has its data.
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, Ordering::Relaxed)
    });
    let totals = LocalResource::new(move || {
        state.version(StoreName::Ledger);
        state.version(StoreName::Sessions);
        let first_screen_done = counters.get().is_some();
        let alive = alive.clone();
        async move {
            if !first_screen_done {
                return None;
            }
            credit_totals(state, alive).await
        }
    });
    let totals = move || totals.get().flatten();
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
        async move {
            let service = service();
            let page = service.pending_handoffs(5).await?;
            let names = service.handoff_names(&page.items).await?;
            Ok::<_, Error>((page, names))
        }
    });
    let accounts = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        async move { service().accounts().await }
    });
    let load_sample = use_action(
        move |()| async move {
            let dataset =
                baton_core::exchange::Dataset::from_records(baton_core::sample::sample_dataset(crate::platform::now()));
            service()
                .apply_import(
                    &dataset,
                    baton_core::exchange::ImportMode::Merge,
                    baton_core::exchange::ConflictChoice::Newer,
                    &Default::default(),
                    "the sample data", // not UI: the import source the core writes into the stored activity summary
                )
                .await
        },
        move |_| state.toast(crate::state::ToastKind::Success, t_string!(i18n, dashboard.sample_loaded)),
    );
    // The nudge: the last downloaded backup is over a week old (or there is none) and there is data.
    let nudge = move || {
        let now = state.clock.get();
        let last = crate::preferences::load().last_backup_download.and_then(|text| baton_core::Timestamp::parse(&text));
        let has_data = matches!(counters.get(), Some(Ok((_, projects))) if projects > 0);
        let stale = match last {
            Some(at) => now.unix_millis() - at.unix_millis() > 7 * 86_400_000,
            None => true,
        };
        (has_data && stale).then(|| {
            let text = match last {
                Some(at) => t_string!(i18n, dashboard.backup_last, when = format_relative(at, now)).to_string(),
                None => t_string!(i18n, dashboard.backup_none).to_string(),
            };
            view! {
                <div class="banner" role="status">
                    <span class="banner__text">{text}</span>
                    <span class="banner__actions"><A href=crate::pwa::href(paths::DATA) attr:class="btn btn--small">{t!(i18n, dashboard.export_backup)}</A></span>
                </div>
            }
        })
    };
    Effect::new(move |_| {
        if counters.get().is_some() && activity.get().is_some() {
            crate::platform::mark_ready();
        }
    });
    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, dashboard.title).to_string())>
            <button type="button" class="btn btn--primary" on:click=move |_| starting.set(true)>{t!(i18n, dashboard.start_session)}</button>
        </super::PageHeader>
        <StartSessionDialog open=starting project_id=None />
        {nudge}
        <crate::components::credit_alerts::CreditAlerts />
        {async_view(counters, 2, move |counters| match counters {
            (_, 0) => view! {
                <EmptyState
                    title=t_string!(i18n, dashboard.welcome_title)
                    text=t_string!(i18n, dashboard.welcome_text).to_string()
                >
                    <div class="row">
                        <A href=crate::pwa::href(paths::PROJECTS) attr:class="btn btn--primary">{t!(i18n, dashboard.go_projects)}</A>
                        <A href=crate::pwa::href(paths::ACCOUNTS) attr:class="btn">{t!(i18n, dashboard.add_accounts)}</A>
                        <button type="button" class="btn" on:click=move |_| load_sample.dispatch(())>{t!(i18n, dashboard.try_sample)}</button>
                    </div>
                    <p class="list__meta">{t!(i18n, dashboard.sample_note)}</p>
                </EmptyState>
            }.into_any(),
            (counters, _) => {
                // The all-time figures: added up after the first screen, "Adding up…" meanwhile.
                let all_time = move |figure: fn(&CreditTotals) -> String| {
                    move || match totals() {
                        Some(Ok(totals)) => figure(&totals),
                        Some(Err(_)) => "—".to_string(),
                        None => t_string!(i18n, dashboard.adding_up).to_string(),
                    }
                };
                let busy = move || totals().is_none().to_string();
                let stats: [(&str, Figure, Option<&str>); 7] = [
                    (t_string!(i18n, dashboard.stats.active_projects), Box::new(fixed(format_number(counters.active_projects as f64))), None),
                    (
                        t_string!(i18n, dashboard.stats.usable_accounts),
                        Box::new(fixed(format_number(counters.usable_accounts as f64))),
                        Some(t_string!(i18n, dashboard.stats.usable_accounts_hint)),
                    ),
                    (t_string!(i18n, dashboard.stats.credits_week), Box::new(fixed(format_number(counters.credits_used_this_week as f64))), None),
                    (t_string!(i18n, dashboard.stats.credits_all), Box::new(all_time(|totals| format_number(totals.credits_used_all_time as f64))), None),
                    (t_string!(i18n, dashboard.stats.sessions_completed), Box::new(fixed(format_number(counters.sessions_completed as f64))), None),
                    (
                        t_string!(i18n, dashboard.stats.success_rate),
                        Box::new(fixed(percent(counters.success_rate))),
                        Some(t_string!(i18n, dashboard.stats.success_rate_hint)),
                    ),
                    (
                        t_string!(i18n, dashboard.stats.average_credits),
                        Box::new(all_time(|totals| {
                            totals.avg_credits_per_completed().map(|v| format_number((v * 10.0).round() / 10.0)).unwrap_or_else(|| "—".into())
                        })),
                        None,
                    ),
                ];
                let failed = move || match totals() {
                    Some(Err(error)) => Some(view! { <ErrorNote message=crate::i18n::errors::service_error(&error) /> }),
                    _ => None,
                };
                view! {
                    <section class="stat-grid" aria-label=t_string!(i18n, dashboard.counters_label) aria-busy=busy>
                        {stats.into_iter().map(|(label, value, hint)| view! {
                            <div class="stat">
                                <span class="stat__value">{value}</span>
                                <span class="stat__label">{label}</span>
                                {hint.map(|hint| view! { <span class="stat__hint">{hint}</span> })}
                            </div>
                        }).collect_view()}
                    </section>
                    {failed}
                }.into_any()
            }
        })}
        <section class="section" aria-labelledby="active-sessions">
            <h2 class="section__title" id="active-sessions">{t!(i18n, dashboard.in_progress)}</h2>
            {async_view(in_progress, 1, move |sessions| match sessions {
                sessions if sessions.is_empty() => view! { <p class="muted">{t!(i18n, dashboard.no_in_progress)}</p> }.into_any(),
                sessions => view! {
                    <ul class="list" aria-label=t_string!(i18n, dashboard.in_progress)>
                        {sessions.into_iter().map(|session| view! {
                            <li class="list__item">
                                <A href=crate::pwa::href(&paths::session(session.id)) attr:class="list__title">{t_string!(i18n, dashboard.session_title, number = session.number, title = session.title.clone()).to_string()}</A>
                                <span class="list__meta">{session.account_label.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </section>
        <section class="section" aria-labelledby="pending-handoffs">
            <h2 class="section__title" id="pending-handoffs">{t!(i18n, dashboard.pending)}</h2>
            {async_view(pending, 1, move |(page, names)| match page {
                page if page.total == 0 => view! { <p class="muted">{t!(i18n, dashboard.no_pending)}</p> }.into_any(),
                page => {
                    let more = page.total.saturating_sub(page.items.len() as u64);
                    view! {
                        <ul class="list" aria-label=t_string!(i18n, dashboard.pending)>
                            {page.items.into_iter().map(|handoff| {
                                let project = names.get(&handoff.project_id).cloned().unwrap_or_else(|| t_string!(i18n, dashboard.deleted_project).to_string());
                                let target = handoff.to_account_id.and_then(|id| names.get(&id).cloned()).map(|name| format!(" → {name}")).unwrap_or_default();
                                view! {
                                    <li class="list__item">
                                        <A href=crate::pwa::href(paths::HANDOFFS) attr:class="list__title">{format!("{project}{target}")}</A>
                                        <span class="list__meta">{t_string!(i18n, dashboard.handoff_meta, priority = handoff.priority, format = handoff.bundle.format.label()).to_string()}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {(more > 0).then(|| view! { <A href=crate::pwa::href(paths::HANDOFFS)>{t_string!(i18n, dashboard.more_queued, n = format_integer(more as i64)).to_string()}</A> })}
                    }.into_any()
                }
            })}
        </section>
        <section class="section" aria-labelledby="accounts-to-watch">
            <h2 class="section__title" id="accounts-to-watch">{t!(i18n, dashboard.watch)}</h2>
            {async_view(accounts, 1, move |list| {
                let now = state.clock.get();
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
                    view! { <p class="muted">{t!(i18n, dashboard.no_watch)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="list" aria-label=t_string!(i18n, dashboard.watch_label)>
                            {watch.into_iter().map(|account| {
                                let (available, limit) = (format_integer(account.credits_available), format_integer(account.credit_limit));
                                let credits = match account.next_refresh_at {
                                    Some(at) => t_string!(i18n, dashboard.account_credits_refresh, available = available, limit = limit, when = format_relative(at, now)).to_string(),
                                    None => t_string!(i18n, dashboard.account_credits, available = available, limit = limit).to_string(),
                                };
                                view! {
                                    <li class="list__item">
                                        <A href=crate::pwa::href(&paths::account(account.id)) attr:class="list__title">{account.name.clone()}</A>
                                        <span class="list__meta">{credits}</span>
                                        <StatusBadge status=account.status.as_str() label=account.status.label() />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </section>
        <section class="section" aria-labelledby="recent-activity">
            <h2 class="section__title" id="recent-activity">{t!(i18n, dashboard.activity)}</h2>
            {async_view(activity, 3, move |events| match events {
                events if events.is_empty() => view! {
                    <p class="muted">{t!(i18n, dashboard.no_activity)}</p>
                }.into_any(),
                events => {
                    let now = crate::platform::now();
                    view! {
                        <ul class="list" aria-label=t_string!(i18n, dashboard.activity_label)>
                            {events.into_iter().map(|event| view! {
                                <li class="list__item">
                                    <span>{event.summary}</span>
                                    <time class="list__meta" datetime=event.at.to_text()>{format_relative(event.at, now)}</time>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </section>
    }
}
