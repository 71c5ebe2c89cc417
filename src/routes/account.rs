//! `/accounts/:id`: the account, its credit ledger, the sessions run on it, its burn rate and
//! when its credits run out at that rate compared with the next refresh, and its activity.

use super::accounts::{AccountFormDialog, AdjustCreditsDialog, CreditMeter, RefreshCountdown};
use crate::components::activity::ActivitySection;
use crate::components::StatusBadge;
use crate::i18n::core_text::{Label, Phrase};
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::platform::format_datetime;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{async_view, use_action, EmptyState, Pager};
use baton_core::credits::Forecast;
use baton_core::locale::{format_integer, format_number};
use baton_core::records::{Account, StoreName};
use baton_core::service::Error;
use leptos::prelude::*;
use leptos_router::components::A;

const PAGE_SIZE: u32 = 20;

#[component]
pub fn AccountPage() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let id = super::use_id_param();
    let account = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        let id = id.get();
        async move {
            match id {
                // A missing account is a page of its own, not an error.
                Some(id) => match service().account(id).await {
                    Err(Error::NotFound(_)) => Ok(None),
                    found => found.map(Some),
                },
                None => Ok(None),
            }
        }
    });
    super::mark_ready_when(account);
    async_view(account, 6, move |account| {
        match account {
        None => view! {
            <super::PageHeader title=Signal::stored(t_string!(i18n, accounts.page.not_found_title).to_string()) />
            <div class="empty-state">
                <p class="empty-state__text">{t!(i18n, accounts.page.not_found_text)}</p>
                <A href=crate::pwa::href(paths::ACCOUNTS) attr:class="btn btn--primary">{t!(i18n, accounts.page.all_accounts)}</A>
            </div>
        }
        .into_any(),
        Some(account) if account.deleted_at.is_some() => view! { <Trashed account=account /> }.into_any(),
        Some(account) => view! { <AccountView account=account /> }.into_any(),
    }
    })
}

/// An account in the trash: said plainly, with the way back (no actions on it until restored).
#[component]
fn Trashed(account: Account) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let id = account.id;
    let restore = use_action(
        move |()| async move { service().restore_account(id).await },
        move |account: Account| {
            state.toast(ToastKind::Success, t_string!(i18n, accounts.card.restored, name = account.name).to_string())
        },
    );
    view! {
        <super::PageHeader title=Signal::stored(account.name.clone()) />
        <div class="banner banner--warning" role="status">
            <span class="banner__text">{t!(i18n, accounts.page.in_trash)}</span>
            <span class="banner__actions">
                <button type="button" class="btn btn--small" on:click=move |_| restore.dispatch(())>{t!(i18n, accounts.page.restore)}</button>
            </span>
        </div>
    }
}

fn forecast_text(forecast: &Forecast) -> String {
    let i18n = use_i18n();
    match forecast.runs_out_at {
        None => t_string!(i18n, accounts.page.forecast_idle).to_string(),
        Some(out) => {
            let when = format_datetime(out);
            match forecast.next_refresh_at {
                Some(refresh) if forecast.runs_out_before_refresh => t_string!(
                    i18n,
                    accounts.page.forecast_before_refresh,
                    when = when,
                    refresh = format_datetime(refresh)
                )
                .to_string(),
                Some(refresh) => t_string!(
                    i18n,
                    accounts.page.forecast_after_refresh,
                    when = when,
                    refresh = format_datetime(refresh)
                )
                .to_string(),
                None => t_string!(i18n, accounts.page.forecast_no_refresh, when = when).to_string(),
            }
        }
    }
}

/// A ledger change with its sign, as the change is typed ("+1,250", "-20"), its digits grouped
/// in the interface's number format.
fn signed(delta: i64) -> String {
    let sign = match delta.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!("{sign}{}", format_integer(delta.unsigned_abs().min(i64::MAX as u64) as i64))
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let id = account.id;
    let editing = RwSignal::new(false);
    let adjusting = RwSignal::new(false);
    let ledger_offset = RwSignal::new(0u32);
    let outlook = LocalResource::new(move || {
        state.track(StoreName::Ledger);
        state.track(StoreName::Accounts);
        async move { service().account_outlook(id).await }
    });
    let ledger = LocalResource::new(move || {
        state.track(StoreName::Ledger);
        let offset = ledger_offset.get();
        async move { service().ledger(id, offset, PAGE_SIZE).await }
    });
    let sessions = LocalResource::new(move || {
        state.track(StoreName::Sessions);
        async move { service().account_sessions(id, 0, PAGE_SIZE).await }
    });
    let other_names = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        async move { service().accounts().await }
    });
    let status = account.status;
    let meta = if account.platform_label.is_empty() {
        account.platform.label().to_string()
    } else {
        account.platform_label.clone()
    };
    let account_name = StoredValue::new(account.name.clone());
    // The whole ledger of this account, as a CSV file.
    let download = use_action(
        move |()| async move { service().ledger(id, 0, u32::MAX).await },
        move |page: baton_core::service::Page<baton_core::records::LedgerEntry>| {
            let name = account_name.get_value();
            let csv = baton_core::csv::ledger(&page.items, &crate::i18n::core_text::ledger_headers(), &name);
            let slug: String = name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
            let file = t_string!(
                i18n,
                accounts.page.ledger_file,
                account = slug.trim_matches('-').to_string(),
                date = crate::platform::today()
            )
            .to_string();
            match crate::ui::download_text(&file, "text/csv;charset=utf-8", &csv) {
                Ok(()) => state.toast(
                    ToastKind::Success,
                    t_string!(
                        i18n,
                        accounts.page.ledger_exported,
                        count = page.total,
                        n = format_integer(page.total as i64),
                        file = file.clone()
                    )
                    .to_string(),
                ),
                Err(message) => state.toast(ToastKind::Error, message),
            }
        },
    );
    view! {
        <super::PageHeader title=Signal::stored(account.name.clone()) meta=Signal::stored(meta)>
            <button type="button" class="btn" on:click=move |_| download.dispatch(())>{t!(i18n, accounts.page.download_ledger)}</button>
            <button type="button" class="btn" on:click=move |_| adjusting.set(true)>{t!(i18n, accounts.card.adjust)}</button>
            <button type="button" class="btn" on:click=move |_| editing.set(true)>{t!(i18n, accounts.card.edit)}</button>
        </super::PageHeader>
        <crate::components::credit_alerts::CreditAlerts account=id />
        <section class="section card" aria-labelledby="account-credits">
            <h2 class="section__title" id="account-credits">{t!(i18n, accounts.page.credits)}</h2>
            <div class="row"><StatusBadge status=status.as_str() label=status.label() /><RefreshCountdown account=account.clone() /></div>
            <CreditMeter account=account.clone() />
            {async_view(outlook, 2, move |outlook| view! {
                    <dl class="kv" aria-label=t_string!(i18n, accounts.page.burn_rate)>
                        <dt>{t!(i18n, accounts.page.last_7_days)}</dt>
                        <dd>{t_string!(i18n, accounts.page.per_day, rate = format_number((outlook.burn.per_day_7 * 10.0).round() / 10.0), forecast = forecast_text(&outlook.at_7_day_rate)).to_string()}</dd>
                        <dt>{t!(i18n, accounts.page.last_30_days)}</dt>
                        <dd>{t_string!(i18n, accounts.page.per_day, rate = format_number((outlook.burn.per_day_30 * 10.0).round() / 10.0), forecast = forecast_text(&outlook.at_30_day_rate)).to_string()}</dd>
                    </dl>
            })}
        </section>
        <section class="section card" aria-labelledby="account-details">
            <h2 class="section__title" id="account-details">{t!(i18n, accounts.page.details)}</h2>
            <dl class="kv">
                <dt>{t!(i18n, accounts.page.plan)}</dt><dd>{if account.plan.is_empty() { "—".to_string() } else { account.plan.clone() }}</dd>
                <dt>{t!(i18n, accounts.page.email)}</dt><dd>{if account.email.is_empty() { "—".to_string() } else { account.email.clone() }}</dd>
                <dt>{t!(i18n, accounts.page.specializations)}</dt><dd>{if account.specializations.is_empty() { "—".to_string() } else { account.specializations.join(", ") }}</dd>
                <dt>{t!(i18n, accounts.page.context_window)}</dt><dd>{t_string!(i18n, accounts.page.context_tokens, n = format_integer(account.context_window_tokens as i64)).to_string()}</dd>
                <dt>{t!(i18n, accounts.page.refresh)}</dt><dd>{account.refresh.phrase()}</dd>
                <dt>{t!(i18n, accounts.page.notes)}</dt><dd>{if account.notes.is_empty() { "—".to_string() } else { account.notes.clone() }}</dd>
            </dl>
        </section>
        <section class="section" aria-labelledby="account-ledger">
            <h2 class="section__title" id="account-ledger">{t!(i18n, accounts.page.ledger)}</h2>
            {async_view(ledger, 3, move |page| match page {
                page if page.total == 0 => view! { <p class="muted">{t!(i18n, accounts.page.no_ledger)}</p> }.into_any(),
                page => {
                    let (total, shown) = (page.total, page.items.len());
                    view! {
                        // Focusable and named: on a phone the ledger scrolls sideways, by keyboard too.
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, accounts.page.ledger_table)>
                            <table class="table">
                                <caption class="visually-hidden">{t!(i18n, accounts.page.ledger_caption)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, accounts.page.when)}</th>
                                        <th scope="col">{t!(i18n, accounts.page.change)}</th>
                                        <th scope="col">{t!(i18n, accounts.page.balance)}</th>
                                        <th scope="col">{t!(i18n, accounts.page.reason)}</th>
                                        <th scope="col">{t!(i18n, accounts.page.note)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.items.into_iter().map(|entry| view! {
                                        <tr>
                                            <td><time datetime=entry.at.to_text()>{format_datetime(entry.at)}</time></td>
                                            <td class="num">{signed(entry.delta)}</td>
                                            <td class="num">{format_number(entry.balance_after as f64)}</td>
                                            <td>{entry.reason.label()}</td>
                                            <td>{entry.note}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager offset=ledger_offset page_size=PAGE_SIZE shown=shown total=total label=t_string!(i18n, accounts.page.ledger_pages) />
                    }.into_any()
                }
            })}
        </section>
        <section class="section" aria-labelledby="account-sessions">
            <h2 class="section__title" id="account-sessions">{t!(i18n, accounts.page.sessions)}</h2>
            {async_view(sessions, 2, move |page| match page {
                page if page.total == 0 => view! {
                    <EmptyState title=t_string!(i18n, accounts.page.no_sessions_title) text=t_string!(i18n, accounts.page.no_sessions_text).to_string() />
                }.into_any(),
                page => view! {
                    <ul class="list" aria-label=t_string!(i18n, accounts.page.sessions_label)>
                        {page.items.into_iter().map(|session| view! {
                            <li class="list__item">
                                <A href=crate::pwa::href(&paths::session(session.id)) attr:class="list__title">{session.title.clone()}</A>
                                <span class="list__meta">{t_string!(i18n, accounts.page.session_meta, status = session.status.label(), n = format_integer(session.credits_used)).to_string()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </section>
        <ActivitySection id=id kind="Account" /> // not UI: the record kind; ActivitySection (src/components) words its label and derives the heading id from it
        <AccountFormDialog
            open=editing
            editing=Some(account.clone())
            other_names=Signal::derive(move || {
                other_names.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|other| other.id != id).map(|other| other.name).collect()
            })
        />
        <AdjustCreditsDialog open=adjusting account=account.clone() />
    }
}
