//! `/accounts`: the account ledger as cards (credits left of the limit, status, refresh
//! countdown), create and edit, block, adjust credits, delete to trash, and "find the best
//! account" for a need, ranked and explained.

mod dialogs;

pub use dialogs::{AccountFormDialog, AdjustCreditsDialog};

use crate::components::StatusBadge;
use crate::i18n::core_text::{Label, Phrase};
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::platform::format_relative;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    async_view, loaded, trash_with_undo, use_action, EmptyState, Form, NewButton, TextField, TextKind, TrashConfirm,
};
use baton_core::credits::Need;
use baton_core::locale::{format_integer, format_number};
use baton_core::records::{Account, AccountStatus, Platform, StoreName};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Accounts() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let creating = RwSignal::new(false);
    let accounts = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        async move { service().accounts().await }
    });
    super::mark_ready_when(accounts);
    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, accounts.title).to_string())>
            <NewButton label=t_string!(i18n, accounts.new_account) open=creating />
        </super::PageHeader>
        // Outside the list's re-render, so the ranking stays open with its need while accounts change.
        <Show when=move || matches!(accounts.get(), Some(Ok(list)) if !list.is_empty())>
            <BestAccount />
        </Show>
        {loaded(accounts, move |list| match list {
            list if list.is_empty() => view! {
                <EmptyState
                    title=t_string!(i18n, accounts.empty_title)
                    text=t_string!(i18n, accounts.empty_text).to_string()
                >
                    <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>{t!(i18n, accounts.add_first)}</button>
                </EmptyState>
            }.into_any(),
            list => {
                let names: Vec<String> = list.iter().map(|account| account.name.clone()).collect();
                view! {
                    <ul class="card-grid" aria-label=t_string!(i18n, accounts.list_label)>
                        {list.into_iter().map(|account| {
                            let others = names.iter().filter(|name| **name != account.name).cloned().collect::<Vec<_>>();
                            view! { <AccountCard account=account other_names=others /> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        })}
        <AccountFormDialog open=creating editing=None other_names=Signal::derive(move || {
            accounts.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|account| account.name).collect()
        }) />
    }
}

/// The credits bar: a meter with its numbers in words (colour is never the only signal).
#[component]
pub fn CreditMeter(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let limit = account.credit_limit.max(account.credits_available).max(1);
    let percent = (account.credits_available as f64 / limit as f64 * 100.0).clamp(0.0, 100.0);
    let low = account.status == AccountStatus::Exhausted || percent < 20.0;
    let (available, limit_text) = (format_integer(account.credits_available), format_integer(account.credit_limit));
    let label =
        t_string!(i18n, accounts.meter.left, available = available.clone(), limit = limit_text.clone()).to_string();
    let shown = if low {
        t_string!(i18n, accounts.meter.left_low, available = available, limit = limit_text).to_string()
    } else {
        label.clone()
    };
    view! {
        <div class="stack">
            <div
                class=if low { "meter meter--low" } else { "meter" }
                role="meter"
                aria-label=t_string!(i18n, accounts.meter.label)
                aria-valuemin="0"
                aria-valuemax=limit.to_string()
                aria-valuenow=account.credits_available.to_string()
                aria-valuetext=label
            >
                <div class="meter__fill" style:width=format!("{percent:.1}%")></div>
            </div>
            <span class=if low { "text-danger" } else { "muted" }>{shown}</span>
        </div>
    }
}

/// "refreshes in 3 days" (or "refresh overdue"), moving with the app's clock.
#[component]
pub fn RefreshCountdown(account: Account) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    move || match account.next_refresh_at {
        None => view! { <span class="muted">{t!(i18n, accounts.refresh.none)}</span> }.into_any(),
        Some(at) => {
            let now = state.clock.get();
            let text = if at <= now {
                t_string!(i18n, accounts.refresh.due).to_string()
            } else {
                t_string!(
                    i18n,
                    accounts.refresh.next,
                    period = account.refresh.phrase(),
                    when = format_relative(at, now)
                )
                .to_string()
            };
            view! { <time class="muted" datetime=at.to_text()>{text}</time> }.into_any()
        }
    }
}

#[component]
fn AccountCard(account: Account, other_names: Vec<String>) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let adjusting = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let id = account.id;
    let name = account.name.clone();
    let blocked = account.status == AccountStatus::Blocked;
    let initial = account.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
    let platform = if account.platform == Platform::Other && !account.platform_label.is_empty() {
        account.platform_label.clone()
    } else {
        account.platform.label().to_string()
    };
    let toggle_block = use_action(
        move |()| async move { service().set_account_blocked(id, !blocked).await },
        move |account: Account| {
            let name = account.name;
            let text = if blocked {
                t_string!(i18n, accounts.card.unblocked, name = name).to_string()
            } else {
                t_string!(i18n, accounts.card.blocked, name = name).to_string()
            };
            state.toast(ToastKind::Success, text);
        },
    );
    let delete = move || {
        trash_with_undo(
            async move { service().trash_account(id).await },
            move |account| t_string!(i18n, accounts.card.trashed, name = account.name.clone()).to_string(),
            move || async move { service().restore_account(id).await },
            move |account| t_string!(i18n, accounts.card.restored, name = account.name.clone()).to_string(),
        );
    };
    let (block_label, block_text) = if blocked {
        (
            t_string!(i18n, accounts.card.unblock_label, name = name.clone()).to_string(),
            t_string!(i18n, accounts.card.unblock),
        )
    } else {
        (
            t_string!(i18n, accounts.card.block_label, name = name.clone()).to_string(),
            t_string!(i18n, accounts.card.block),
        )
    };
    let status = account.status;
    let href = crate::pwa::href(&paths::account(id));
    let title = account.name.clone();
    view! {
        <li class="card">
            <div class="card__header row">
                <span class="avatar" data-platform=account.platform.as_str() aria-hidden="true">{initial}</span>
                <div class="stack">
                    <A href=href attr:class="card__title">{title}</A>
                    <span class="card__meta">{platform}{if account.plan.is_empty() { String::new() } else { format!(" · {}", account.plan) }}</span>
                </div>
                <span class="spacer"></span>
                <StatusBadge status=status.as_str() label=status.label() />
            </div>
            <CreditMeter account=account.clone() />
            <RefreshCountdown account=account.clone() />
            <div class="row">
                {account.specializations.iter().map(|tag| view! { <span class="tag">{tag.clone()}</span> }).collect_view()}
                <span class="muted">{t_string!(i18n, accounts.card.context, n = format_number(account.context_window_tokens as f64)).to_string()}</span>
            </div>
            <div class="card__footer row">
                <button type="button" class="btn btn--small" aria-label=t_string!(i18n, accounts.card.edit_label, name = name.clone()).to_string() on:click=move |_| editing.set(true)>{t!(i18n, accounts.card.edit)}</button>
                <button type="button" class="btn btn--small" aria-label=t_string!(i18n, accounts.card.adjust_label, name = name.clone()).to_string() on:click=move |_| adjusting.set(true)>{t!(i18n, accounts.card.adjust)}</button>
                <button type="button" class="btn btn--small" aria-label=block_label on:click=move |_| toggle_block.dispatch(())>
                    {block_text}
                </button>
                <button type="button" class="btn btn--small btn--danger" aria-label=t_string!(i18n, accounts.card.delete_label, name = name.clone()).to_string() on:click=move |_| deleting.set(true)>{t!(i18n, accounts.card.delete)}</button>
            </div>
            <AccountFormDialog open=editing editing=Some(account.clone()) other_names=Signal::stored(other_names) />
            <AdjustCreditsDialog open=adjusting account=account.clone() />
            <TrashConfirm open=deleting name=account.name.clone() on_confirm=delete
                message=t_string!(i18n, accounts.card.trash_message) />
        </li>
    }
}

/// The original's "select best account": a minimum of credits and an optional specialisation,
/// and every account ranked with its reasons.
#[component]
fn BestAccount() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let min_credits = RwSignal::new("10".to_string());
    let specialization = RwSignal::new(String::new());
    let form = Form::new("best-account");
    let ranked = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        state.track(StoreName::Sessions);
        let need = Need {
            min_credits: baton_core::validate::integer(&min_credits.get()).unwrap_or(0),
            specialization: Some(specialization.get()).filter(|s| !s.trim().is_empty()),
            tags: Vec::new(),
            tokens: None,
        };
        async move { service().rank_accounts(&need).await }
    });
    view! {
        <details class="card section">
            <summary>{t!(i18n, accounts.best.summary)}</summary>
            <div class="toolbar">
                <TextField form=form name="min_credits" label=t_string!(i18n, accounts.best.min_credits).to_string() kind=TextKind::Count
                    value=min_credits on_input=Callback::new(move |text| min_credits.set(text)) />
                <TextField form=form name="specialization" label=t_string!(i18n, accounts.best.specialization).to_string()
                    placeholder=t_string!(i18n, accounts.best.specialization_placeholder).to_string()
                    value=specialization on_input=Callback::new(move |text| specialization.set(text)) />
            </div>
            {async_view(ranked, 2, move |list| view! {
                <ol class="list" aria-label=t_string!(i18n, accounts.best.ranked)>
                    {list.into_iter().map(|ranked| view! {
                        <li class="list__item">
                            <div class="stack">
                                <span class="list__title">{if ranked.eligible {
                                    ranked.account.name.clone()
                                } else {
                                    t_string!(i18n, accounts.best.not_eligible, name = ranked.account.name.clone()).to_string()
                                }}</span>
                                <span class="list__meta">{crate::i18n::core_text::reasons(&ranked.reasons)}</span>
                            </div>
                        </li>
                    }).collect_view()}
                </ol>
            })}
        </details>
    }
}
