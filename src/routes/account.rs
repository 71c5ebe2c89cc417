//! `/accounts/:id`: the account, its credit ledger, the sessions run on it, its burn rate and
//! when its credits run out at that rate compared with the next refresh, and its activity.

use super::accounts::{AccountFormDialog, AdjustCreditsDialog, CreditMeter, RefreshCountdown};
use crate::components::activity::ActivitySection;
use crate::components::StatusBadge;
use crate::i18n::core_text::{Label, Phrase};
use crate::nav::paths;
use crate::platform::format_datetime;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{async_view, use_action, EmptyState, Pager};
use baton_core::credits::Forecast;
use baton_core::locale::format_number;
use baton_core::records::{Account, StoreName};
use baton_core::service::Error;
use leptos::prelude::*;
use leptos_router::components::A;

const PAGE_SIZE: u32 = 20;

#[component]
pub fn AccountPage() -> impl IntoView {
    let state = use_app();
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
    async_view(account, 6, |account| match account {
        None => view! {
            <super::PageHeader title=Signal::stored("Account not found".to_string()) />
            <div class="empty-state">
                <p class="empty-state__text">"This account does not exist in this browser."</p>
                <A href=crate::pwa::href(paths::ACCOUNTS) attr:class="btn btn--primary">"All accounts"</A>
            </div>
        }
        .into_any(),
        Some(account) if account.deleted_at.is_some() => view! { <Trashed account=account /> }.into_any(),
        Some(account) => view! { <AccountView account=account /> }.into_any(),
    })
}

/// An account in the trash: said plainly, with the way back (no actions on it until restored).
#[component]
fn Trashed(account: Account) -> impl IntoView {
    let state = use_app();
    let id = account.id;
    let restore = use_action(
        move |()| async move { service().restore_account(id).await },
        move |account: Account| state.toast(ToastKind::Success, format!("Account “{}” restored", account.name)),
    );
    view! {
        <super::PageHeader title=Signal::stored(account.name.clone()) />
        <div class="banner banner--warning" role="status">
            <span class="banner__text">"This account is in the trash. Restore it to use it again."</span>
            <span class="banner__actions">
                <button type="button" class="btn btn--small" on:click=move |_| restore.dispatch(())>"Restore account"</button>
            </span>
        </div>
    }
}

fn forecast_text(forecast: &Forecast) -> String {
    match forecast.runs_out_at {
        None => "Nothing is being spent at this rate.".to_string(),
        Some(out) => {
            let when = format_datetime(out);
            match forecast.next_refresh_at {
                Some(refresh) if forecast.runs_out_before_refresh => {
                    format!("Runs out around {when}, before the next refresh on {}.", format_datetime(refresh))
                }
                Some(refresh) => {
                    format!("Would run out around {when}, after the next refresh on {}.", format_datetime(refresh))
                }
                None => format!("Runs out around {when}; this account has no refresh."),
            }
        }
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let state = use_app();
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
            let file = format!("baton-ledger-{}-{}.csv", slug.trim_matches('-'), crate::platform::today());
            match crate::ui::download_text(&file, "text/csv;charset=utf-8", &csv) {
                Ok(()) => state.toast(ToastKind::Success, format!("{} ledger entries exported to {file}", page.total)),
                Err(message) => state.toast(ToastKind::Error, message),
            }
        },
    );
    view! {
        <super::PageHeader title=Signal::stored(account.name.clone()) meta=Signal::stored(meta)>
            <button type="button" class="btn" on:click=move |_| download.dispatch(())>"Download ledger CSV"</button>
            <button type="button" class="btn" on:click=move |_| adjusting.set(true)>"Adjust credits"</button>
            <button type="button" class="btn" on:click=move |_| editing.set(true)>"Edit"</button>
        </super::PageHeader>
        <crate::components::credit_alerts::CreditAlerts account=id />
        <section class="section card" aria-labelledby="account-credits">
            <h2 class="section__title" id="account-credits">"Credits"</h2>
            <div class="row"><StatusBadge status=status.as_str() label=status.label() /><RefreshCountdown account=account.clone() /></div>
            <CreditMeter account=account.clone() />
            {async_view(outlook, 2, |outlook| view! {
                    <dl class="kv" aria-label="Burn rate">
                        <dt>"Last 7 days"</dt>
                        <dd>{format!("{} credits a day. ", format_number((outlook.burn.per_day_7 * 10.0).round() / 10.0))}{forecast_text(&outlook.at_7_day_rate)}</dd>
                        <dt>"Last 30 days"</dt>
                        <dd>{format!("{} credits a day. ", format_number((outlook.burn.per_day_30 * 10.0).round() / 10.0))}{forecast_text(&outlook.at_30_day_rate)}</dd>
                    </dl>
            })}
        </section>
        <section class="section card" aria-labelledby="account-details">
            <h2 class="section__title" id="account-details">"Details"</h2>
            <dl class="kv">
                <dt>"Plan"</dt><dd>{if account.plan.is_empty() { "—".to_string() } else { account.plan.clone() }}</dd>
                <dt>"Email"</dt><dd>{if account.email.is_empty() { "—".to_string() } else { account.email.clone() }}</dd>
                <dt>"Specialisations"</dt><dd>{if account.specializations.is_empty() { "—".to_string() } else { account.specializations.join(", ") }}</dd>
                <dt>"Context window"</dt><dd>{format!("{} tokens", format_number(account.context_window_tokens as f64))}</dd>
                <dt>"Refresh"</dt><dd>{account.refresh.phrase()}</dd>
                <dt>"Notes"</dt><dd>{if account.notes.is_empty() { "—".to_string() } else { account.notes.clone() }}</dd>
            </dl>
        </section>
        <section class="section" aria-labelledby="account-ledger">
            <h2 class="section__title" id="account-ledger">"Credit ledger"</h2>
            {async_view(ledger, 3, move |page| match page {
                page if page.total == 0 => view! { <p class="muted">"No credit changes yet."</p> }.into_any(),
                page => {
                    let (total, shown) = (page.total, page.items.len());
                    view! {
                        // Focusable and named: on a phone the ledger scrolls sideways, by keyboard too.
                        <div class="table-wrap" tabindex="0" role="region" aria-label="Credit ledger (table)">
                            <table class="table">
                                <caption class="visually-hidden">"Credit ledger, newest first"</caption>
                                <thead><tr><th scope="col">"When"</th><th scope="col">"Change"</th><th scope="col">"Balance"</th><th scope="col">"Reason"</th><th scope="col">"Note"</th></tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|entry| view! {
                                        <tr>
                                            <td><time datetime=entry.at.to_text()>{format_datetime(entry.at)}</time></td>
                                            <td class="num">{format!("{:+}", entry.delta)}</td>
                                            <td class="num">{format_number(entry.balance_after as f64)}</td>
                                            <td>{entry.reason.label()}</td>
                                            <td>{entry.note}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager offset=ledger_offset page_size=PAGE_SIZE shown=shown total=total label="Ledger pages" />
                    }.into_any()
                }
            })}
        </section>
        <section class="section" aria-labelledby="account-sessions">
            <h2 class="section__title" id="account-sessions">"Sessions"</h2>
            {async_view(sessions, 2, |page| match page {
                page if page.total == 0 => view! {
                    <EmptyState title="No sessions on this account yet" text="Work sessions run on this account are listed here with their credits.".to_string() />
                }.into_any(),
                page => view! {
                    <ul class="list" aria-label="Sessions on this account">
                        {page.items.into_iter().map(|session| view! {
                            <li class="list__item">
                                <A href=crate::pwa::href(&paths::session(session.id)) attr:class="list__title">{session.title.clone()}</A>
                                <span class="list__meta">{format!("{} · {} credits", session.status.label(), session.credits_used)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </section>
        <ActivitySection id=id kind="Account" />
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
