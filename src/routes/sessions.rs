//! `/sessions`: every session, newest first, filtered by project, account, status, type and
//! start date, paged with a visible count; "Start session".

use crate::components::{Icon, IconName, StartSessionDialog, StatusBadge};
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::platform::format_datetime;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{loaded, EmptyState, Pager};
use baton_core::locale::format_integer;
use baton_core::records::{Session, SessionStatus, SessionType, StoreName};
use baton_core::service::{Error, ProjectSort, SessionFilter};
use baton_core::{Id, Timestamp};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

const PAGE_SIZE: u32 = 20;

/// The start of a local calendar day ("YYYY-MM-DD" from a date input), `days_later` days on.
fn local_day_start(text: &str, days_later: i32) -> Option<Timestamp> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: i32 = parts.next()?.parse().ok()?;
    let day: i32 = parts.next()?.parse().ok()?;
    let date = js_sys::Date::new_with_year_month_day(year, month - 1, day + days_later);
    let millis = date.get_time();
    if millis.is_nan() {
        return None;
    }
    Timestamp::from_unix_millis(millis as i64)
}

#[component]
pub fn Sessions() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let deleted_project = t_string!(i18n, lists.sessions.deleted_project);
    let query = use_query_map();
    // Filters may come in the address (`?project=…&account=…&status=…`), e.g. from a project's page.
    let initial = |name: &str| query.with_untracked(|query| query.get(name).unwrap_or_default());
    let project_filter = RwSignal::new(initial("project"));
    let account_filter = RwSignal::new(initial("account"));
    let status_filter = RwSignal::new(initial("status"));
    let type_filter = RwSignal::new(initial("type"));
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let offset = RwSignal::new(0u32);
    let starting = RwSignal::new(false);

    // A new filter starts at the first page.
    Effect::new(move |_| {
        project_filter.track();
        account_filter.track();
        status_filter.track();
        type_filter.track();
        from.track();
        to.track();
        offset.set(0);
    });

    // The filters' choices: live projects and accounts, by name.
    let choices = LocalResource::new(move || {
        state.track(StoreName::Projects);
        state.track(StoreName::Accounts);
        async move {
            let service = service();
            let projects: Vec<(Id, String)> = service.project_names().await?;
            let accounts: Vec<(Id, String)> =
                service.accounts().await?.into_iter().map(|account| (account.id, account.name)).collect();
            Ok::<_, Error>((projects, accounts))
        }
    });

    let filter = Memo::new(move |_| SessionFilter {
        project_id: Id::parse(&project_filter.get()),
        account_id: Id::parse(&account_filter.get()),
        status: SessionStatus::parse(&status_filter.get()),
        session_type: SessionType::parse(&type_filter.get()),
        from: local_day_start(&from.get(), 0),
        to: local_day_start(&to.get(), 1),
    });
    let filtered = move || filter.with(|filter| *filter != SessionFilter::default());

    let page = LocalResource::new(move || {
        state.track(StoreName::Sessions);
        state.track(StoreName::Turns);
        state.track(StoreName::Projects);
        let filter = filter.get();
        let offset = offset.get();
        async move {
            let service = service();
            let page = service.sessions(&filter, offset, PAGE_SIZE).await?;
            let ids: Vec<Id> = page.items.iter().map(|session| session.id).collect();
            let turns = service.turn_counts(&ids).await?;
            // Names of the page's projects (a project in the trash is still named), in one read.
            let ids: Vec<Id> = page.items.iter().map(|session| session.project_id).collect();
            let found = service.projects_by_id(&ids).await?;
            let names: HashMap<Id, String> = ids
                .iter()
                .map(|id| {
                    (
                        *id,
                        found
                            .get(id)
                            .map(|project| project.name.clone())
                            .unwrap_or_else(|| deleted_project.to_string()),
                    )
                })
                .collect();
            Ok::<_, Error>((page, turns, names))
        }
    });
    super::mark_ready_when(page);

    let project_options = move || choices.get().and_then(Result::ok).map(|(projects, _)| projects).unwrap_or_default();
    let account_options = move || choices.get().and_then(Result::ok).map(|(_, accounts)| accounts).unwrap_or_default();

    // Every session that matches the filters, as a CSV file (not only this page).
    let download = move |_| {
        let filter = filter.get_untracked();
        leptos::task::spawn_local(async move {
            let service = service();
            let result = async {
                let all = service.sessions(&filter, 0, u32::MAX).await?;
                let projects = service.projects(None, ProjectSort::Name, "", 0, u32::MAX).await?;
                let names: HashMap<Id, String> =
                    projects.items.into_iter().map(|project| (project.id, project.name)).collect();
                let csv =
                    baton_core::csv::sessions(&all.items, &crate::i18n::core_text::session_headers(), |session| {
                        names.get(&session.project_id).cloned().unwrap_or_else(|| deleted_project.to_string())
                    });
                Ok::<_, Error>((csv, all.total))
            }
            .await;
            match result {
                Ok((csv, count)) => {
                    let name = t_string!(i18n, lists.sessions.csv_file, date = crate::platform::today()).to_string();
                    match crate::ui::download_text(&name, "text/csv;charset=utf-8", &csv) {
                        Ok(()) => state.toast(
                            ToastKind::Success,
                            t_string!(
                                i18n,
                                lists.sessions.exported,
                                count = count,
                                n = format_integer(count as i64),
                                file = name.clone()
                            )
                            .to_string(),
                        ),
                        Err(message) => state.toast(ToastKind::Error, message),
                    }
                }
                Err(error) => state.report(&error),
            }
        });
    };

    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, lists.sessions_title).to_string())>
            <button type="button" class="btn" on:click=download>{t!(i18n, lists.sessions.download_csv)}</button>
            <button type="button" class="btn btn--primary" on:click=move |_| starting.set(true)>
                <Icon name=IconName::Plus />
                " "{t!(i18n, lists.sessions.start)}
            </button>
        </super::PageHeader>
        <div class="toolbar" role="search" aria-label=move || t_string!(i18n, lists.sessions.filter_label)>
            {filter_select(t_string!(i18n, lists.sessions.project), t_string!(i18n, lists.sessions.all_projects), project_filter, move || named(project_options()))}
            {filter_select(t_string!(i18n, lists.sessions.account), t_string!(i18n, lists.sessions.all_accounts), account_filter, move || named(account_options()))}
            {filter_select(t_string!(i18n, lists.sessions.status), t_string!(i18n, lists.sessions.all_statuses), status_filter, || {
                SessionStatus::ALL.iter().map(|status| (status.as_str().to_string(), status.label().to_string())).collect()
            })}
            {filter_select(t_string!(i18n, lists.sessions.kind), t_string!(i18n, lists.sessions.all_types), type_filter, || {
                SessionType::ALL.iter().map(|kind| (kind.as_str().to_string(), kind.label().to_string())).collect()
            })}
            <label class="field">
                <span class="field__label">{t!(i18n, lists.sessions.from)}</span>
                <input type="date" bind:value=from />
            </label>
            <label class="field">
                <span class="field__label">{t!(i18n, lists.sessions.to)}</span>
                <input type="date" bind:value=to />
            </label>
            <Show when=filtered>
                <button type="button" class="btn btn--small" on:click=move |_| {
                    project_filter.set(String::new());
                    account_filter.set(String::new());
                    status_filter.set(String::new());
                    type_filter.set(String::new());
                    from.set(String::new());
                    to.set(String::new());
                }>{t!(i18n, lists.sessions.clear_filters)}</button>
            </Show>
        </div>
        {loaded(page, move |value| match value {
            (page, _, _) if page.total == 0 => {
                if filtered() {
                    view! {
                        <EmptyState title=t_string!(i18n, lists.sessions.none_match_title) text=t_string!(i18n, lists.sessions.none_match_text).to_string() />
                    }.into_any()
                } else {
                    view! {
                        <EmptyState
                            title=t_string!(i18n, lists.sessions.empty_title)
                            text=t_string!(i18n, lists.sessions.empty_text).to_string()
                        >
                            <button type="button" class="btn btn--primary" on:click=move |_| starting.set(true)>{t!(i18n, lists.sessions.start_first)}</button>
                        </EmptyState>
                    }.into_any()
                }
            }
            (page, turns, names) => {
                let total = page.total;
                let shown = page.items.len();
                view! {
                    <ul class="list" aria-label=t_string!(i18n, lists.sessions.list_label)>
                        {page.items.into_iter().zip(turns).map(|(session, turns)| {
                            let project = names.get(&session.project_id).cloned().unwrap_or_default();
                            view! { <SessionRow session=session project=project turns=turns /> }
                        }).collect_view()}
                    </ul>
                    <Pager offset=offset page_size=PAGE_SIZE shown=shown total=total />
                }.into_any()
            }
        })}
        <StartSessionDialog open=starting project_id=None />
    }
}

/// Records as the choices of a filter: the id as the value, the name as the text.
fn named(records: Vec<(Id, String)>) -> Vec<(String, String)> {
    records.into_iter().map(|(id, name)| (id.to_string(), name)).collect()
}

/// One filter of the toolbar: a labelled select whose first choice (`all`) is no filter.
fn filter_select(
    label: &'static str,
    all: &'static str,
    value: RwSignal<String>,
    choices: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <select on:change=move |event| value.set(event_target_value(&event))>
                <option value="" selected=move || value.get().is_empty()>{all}</option>
                {move || choices().into_iter().map(|(choice, text)| {
                    let check = choice.clone();
                    view! { <option value=choice selected=move || value.get() == check>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn SessionRow(session: Session, project: String, turns: u64) -> impl IntoView {
    let i18n = use_i18n();
    let href = crate::pwa::href(&paths::session(session.id));
    let project_href = crate::pwa::href(&paths::project(session.project_id));
    let status = session.status;
    let account = if session.account_label.is_empty() {
        if session.account_id.is_some() {
            t_string!(i18n, lists.sessions.an_account).to_string()
        } else {
            t_string!(i18n, lists.sessions.no_account).to_string()
        }
    } else {
        session.account_label.clone()
    };
    let spent = session.credits_used.max(0);
    let credits = t_string!(i18n, lists.sessions.credits, count = spent, n = format_integer(spent)).to_string();
    let turns = t_string!(i18n, lists.sessions.turns, count = turns, n = format_integer(turns as i64)).to_string();
    let title = crate::i18n::core_text::session_name(&session);
    let kind = session.session_type.label();
    let started = session.started_at;
    view! {
        <li class="list__item">
            <div class="list__body">
                <A href=href attr:class="list__title">{title}</A>
                <span class="list__meta">
                    <A href=project_href>{project}</A>
                    <span>{account}</span>
                    <span>{kind}</span>
                    <time datetime=started.to_text()>{t_string!(i18n, lists.sessions.started, when = format_datetime(started)).to_string()}</time>
                </span>
            </div>
            <div class="row">
                <span class="count">{credits}</span>
                <span class="count">{turns}</span>
                <StatusBadge status=status.as_str() label=status.label() />
            </div>
        </li>
    }
}
