//! `/accounts`: the account ledger as cards (credits left of the limit, status, refresh
//! countdown), create and edit, block, adjust credits, delete to trash, and "find the best
//! account" for a need, ranked and explained.

use crate::components::{ConfirmDialog, Dialog, EmptyState, ErrorNote, Icon, IconName, ListSkeleton, StatusBadge};
use crate::platform::format_relative;
use crate::state::{service, use_app, ToastKind};
use baton_core::credits::Need;
use baton_core::locale::format_number;
use baton_core::records::{Account, AccountStatus, Platform, StoreName};
use baton_core::service::Error;
use baton_core::validate::{self, AccountDraft};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;
use std::rc::Rc;

#[component]
pub fn Accounts() -> impl IntoView {
    let state = use_app();
    let creating = RwSignal::new(false);
    let accounts = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        async move { service().accounts().await }
    });
    super::mark_ready_when(accounts);
    view! {
        <super::PageHeader title=Signal::stored("Accounts".to_string())>
            <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>
                <Icon name=IconName::Plus />
                " New account"
            </button>
        </super::PageHeader>
        // Outside the list's re-render, so the ranking stays open with its need while accounts change.
        <Show when=move || matches!(accounts.get(), Some(Ok(list)) if !list.is_empty())>
            <BestAccount />
        </Show>
        {move || match accounts.get() {
            None => view! { <ListSkeleton /> }.into_any(),
            Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <EmptyState
                    title="No accounts yet"
                    text="Add each AI account you work with — its platform, credits and when they refresh — so Baton can tell which one should take the next step.".to_string()
                >
                    <button type="button" class="btn btn--primary" on:click=move |_| creating.set(true)>"Add your first account"</button>
                </EmptyState>
            }.into_any(),
            Some(Ok(list)) => {
                let names: Vec<String> = list.iter().map(|account| account.name.clone()).collect();
                view! {
                    <ul class="card-grid" aria-label="Accounts">
                        {list.into_iter().map(|account| {
                            let others = names.iter().filter(|name| **name != account.name).cloned().collect::<Vec<_>>();
                            view! { <AccountCard account=account other_names=others /> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
        <AccountFormDialog open=creating editing=None other_names=Signal::derive(move || {
            accounts.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|account| account.name).collect()
        }) />
    }
}

/// The credits bar: a meter with its numbers in words (colour is never the only signal).
#[component]
pub fn CreditMeter(account: Account) -> impl IntoView {
    let state = use_app();
    let limit = account.credit_limit.max(account.credits_available).max(1);
    let percent = (account.credits_available as f64 / limit as f64 * 100.0).clamp(0.0, 100.0);
    let low = account.status == AccountStatus::Exhausted || percent < 20.0;
    let _ = state;
    let label = format!(
        "{} of {} credits left",
        format_number(account.credits_available as f64),
        format_number(account.credit_limit as f64)
    );
    view! {
        <div class="stack">
            <div
                class=if low { "meter meter--low" } else { "meter" }
                role="meter"
                aria-label="Credits left"
                aria-valuemin="0"
                aria-valuemax=limit.to_string()
                aria-valuenow=account.credits_available.to_string()
                aria-valuetext=label.clone()
            >
                <div class="meter__fill" style:width=format!("{percent:.1}%")></div>
            </div>
            <span class=if low { "text-danger" } else { "muted" }>{label}{if low { " — low" } else { "" }}</span>
        </div>
    }
}

/// "refreshes in 3 days" (or "refresh overdue"), moving with the app's clock.
#[component]
pub fn RefreshCountdown(account: Account) -> impl IntoView {
    let state = use_app();
    move || match account.next_refresh_at {
        None => view! { <span class="muted">"No refresh"</span> }.into_any(),
        Some(at) => {
            let now = state.clock.get();
            let text = if at <= now {
                "refresh due now".to_string()
            } else {
                format!("{} refreshes {}", account.refresh.label(), format_relative(at, now))
            };
            view! { <time class="muted" datetime=at.to_text()>{text}</time> }.into_any()
        }
    }
}

#[component]
fn AccountCard(account: Account, other_names: Vec<String>) -> impl IntoView {
    let state = use_app();
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
    let toggle_block = move |_| {
        leptos::task::spawn_local(async move {
            match service().set_account_blocked(id, !blocked).await {
                Ok(account) => state.toast(
                    ToastKind::Success,
                    format!("“{}” {}", account.name, if blocked { "unblocked" } else { "blocked" }),
                ),
                Err(error) => state.report(&error),
            }
        });
    };
    let delete = move || {
        leptos::task::spawn_local(async move {
            match service().trash_account(id).await {
                Ok(account) => {
                    let undo: Rc<dyn Fn()> = Rc::new(move || {
                        leptos::task::spawn_local(async move {
                            match service().restore_account(id).await {
                                Ok(account) => {
                                    state.toast(ToastKind::Success, format!("Account “{}” restored", account.name))
                                }
                                Err(error) => state.report(&error),
                            }
                        });
                    });
                    state.toast_with_action(
                        ToastKind::Success,
                        format!("Account “{}” moved to the trash", account.name),
                        "Undo",
                        undo,
                    );
                }
                Err(error) => state.report(&error),
            }
        });
    };
    let status = account.status;
    let href = crate::pwa::href(&format!("/accounts/{id}"));
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
                <span class="muted">{format!("{} tokens of context", format_number(account.context_window_tokens as f64))}</span>
            </div>
            <div class="card__footer row">
                <button type="button" class="btn btn--small" aria-label=format!("Edit {name}") on:click=move |_| editing.set(true)>"Edit"</button>
                <button type="button" class="btn btn--small" aria-label=format!("Adjust credits of {name}") on:click=move |_| adjusting.set(true)>"Adjust credits"</button>
                <button type="button" class="btn btn--small" aria-label=format!("{} {name}", if blocked { "Unblock" } else { "Block" }) on:click=toggle_block>
                    {if blocked { "Unblock" } else { "Block" }}
                </button>
                <button type="button" class="btn btn--small btn--danger" aria-label=format!("Delete {name}") on:click=move |_| deleting.set(true)>"Delete"</button>
            </div>
            <AccountFormDialog open=editing editing=Some(account.clone()) other_names=Signal::stored(other_names) />
            <AdjustCreditsDialog open=adjusting account=account.clone() />
            <ConfirmDialog
                open=deleting
                title=Signal::stored(format!("Delete “{}”?", account.name))
                message=Signal::stored("The account moves to the trash on the Data page, where you can restore it for 30 days. Sessions and ledger entries that mention it are kept.".to_string())
                confirm_label="Move to trash"
                danger=true
                on_confirm=delete
            />
        </li>
    }
}

const REFRESH_OPTIONS: [(&str, &str); 5] = [
    ("none", "No refresh"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("every_n_days", "Every N days"),
];

/// Create or edit an account. Validates as the user types (after the first submit) and on submit.
#[component]
pub fn AccountFormDialog(
    open: RwSignal<bool>,
    editing: Option<Account>,
    other_names: Signal<Vec<String>>,
) -> impl IntoView {
    let state = use_app();
    let editing_id: Option<Id> = editing.as_ref().map(|account| account.id);
    let initial = StoredValue::new(
        editing.as_ref().map(AccountDraft::from).unwrap_or_else(|| AccountDraft::new(Platform::Claude)),
    );
    let draft = RwSignal::new(initial.get_value());
    let submitted = RwSignal::new(false);
    let saving = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() {
            let mut fresh = initial.get_value();
            // datetime-local inputs take "YYYY-MM-DDTHH:MM".
            fresh.next_refresh_at = fresh.next_refresh_at.chars().take(16).collect();
            draft.set(fresh);
            submitted.set(false);
        }
    });
    let errors = Memo::new(move |_| match validate::account(&draft.get(), &other_names.get()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.into_iter().map(|error| (error.field, error.message)).collect::<Vec<_>>(),
    });
    let error = move |field: &'static str| {
        move || {
            if !submitted.get() {
                return None;
            }
            errors.get().into_iter().find(|(name, _)| *name == field).map(|(_, message)| message)
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        if !errors.get_untracked().is_empty() || saving.get_untracked() {
            return;
        }
        saving.set(true);
        let current = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match editing_id {
                Some(id) => service().edit_account(id, &current).await,
                None => service().create_account(&current).await,
            };
            saving.set(false);
            match result {
                Ok(account) => {
                    open.set(false);
                    let verb = if editing_id.is_some() { "saved" } else { "added" };
                    state.toast(ToastKind::Success, format!("Account “{}” {verb}", account.name));
                }
                Err(Error::Invalid(_)) => {}
                Err(error) => state.report(&error),
            }
        });
    };
    let prefix = match editing_id {
        Some(id) => format!("account-{}", id.as_uuid().simple()),
        None => "new-account".to_string(),
    };
    let prefix = StoredValue::new(prefix);
    let field_id = move |name: &str| format!("{}-{name}", prefix.get_value());
    let title = if editing_id.is_some() { "Edit account" } else { "New account" };
    let text_field = move |name: &'static str,
                           label: &'static str,
                           kind: &'static str,
                           get: fn(&AccountDraft) -> String,
                           set: fn(&mut AccountDraft, String),
                           hint: Option<String>| {
        let id = field_id(name);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        // The hint, then the error: both are read with the field.
        let described_by = if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
        let message = error(name);
        let invalid = error(name);
        view! {
            <div class="field" class:field--invalid=move || error(name)().is_some()>
                <label class="field__label" for=id.clone()>{label}</label>
                <input
                    id=id
                    type=kind
                    autofocus=name == "name"
                    prop:value=move || draft.with(get)
                    on:input=move |event| draft.update(|draft| set(draft, event_target_value(&event)))
                    aria-invalid=move || invalid().is_some().to_string()
                    aria-describedby=described_by
                />
                {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
                <p class="field__error" id=error_id>{message}</p>
            </div>
        }
    };
    let platform_id = field_id("platform");
    let refresh_id = field_id("refresh");
    let notes_id = field_id("notes");
    let notes_error_id = format!("{notes_id}-error");
    view! {
        <Dialog open=open title=Signal::stored(title.to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    {text_field("name", "Name", "text", |d| d.name.clone(), |d, v| d.name = v, None)}
                    <div class="form-row">
                        <div class="field">
                            <label class="field__label" for=platform_id.clone()>"Platform"</label>
                            <select
                                id=platform_id
                                on:change=move |event| {
                                    if let Some(platform) = Platform::parse(&event_target_value(&event)) {
                                        draft.update(|draft| draft.platform = platform);
                                    }
                                }
                            >
                                {Platform::ALL.iter().map(|platform| {
                                    let platform = *platform;
                                    view! { <option value=platform.as_str() selected=move || draft.with(|d| d.platform == platform)>{platform.label()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <Show when=move || draft.with(|d| d.platform == Platform::Other)>
                            {text_field("platform_label", "Platform name", "text", |d| d.platform_label.clone(), |d, v| d.platform_label = v, None)}
                        </Show>
                        {text_field("plan", "Plan", "text", |d| d.plan.clone(), |d, v| d.plan = v, None)}
                    </div>
                    {text_field("email", "Email", "email", |d| d.email.clone(), |d, v| d.email = v, None)}
                    {text_field("specializations", "Specialisations", "text", |d| d.specializations.clone(), |d, v| d.specializations = v, Some("Comma-separated, for example: coding, research".to_string()))}
                    <div class="form-row">
                        {text_field("credits_available", "Credits available", "number", |d| d.credits_available.clone(), |d, v| d.credits_available = v, None)}
                        {text_field("credit_limit", "Credit limit", "number", |d| d.credit_limit.clone(), |d, v| d.credit_limit = v, Some("What a refresh restores".to_string()))}
                    </div>
                    <div class="form-row">
                        <div class="field">
                            <label class="field__label" for=refresh_id.clone()>"Refresh"</label>
                            <select id=refresh_id on:change=move |event| draft.update(|draft| draft.refresh = event_target_value(&event))>
                                {REFRESH_OPTIONS.iter().map(|(value, label)| {
                                    let value = *value;
                                    view! { <option value=value selected=move || draft.with(|d| d.refresh == value)>{*label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <Show when=move || draft.with(|d| d.refresh == "every_n_days")>
                            {text_field("refresh_days", "Days between refreshes", "number", |d| d.refresh_days.clone(), |d, v| d.refresh_days = v, None)}
                        </Show>
                        <Show when=move || draft.with(|d| d.refresh != "none")>
                            {text_field("next_refresh_at", "Next refresh (UTC)", "datetime-local", |d| d.next_refresh_at.clone(), |d, v| d.next_refresh_at = v, None)}
                        </Show>
                    </div>
                    {move || {
                        let default = draft.with(|d| d.platform.default_context_window());
                        text_field("context_window_tokens", "Context window (tokens)", "number", |d| d.context_window_tokens.clone(), |d, v| d.context_window_tokens = v, Some(format!("Empty: the platform default, {}", format_number(default as f64))))
                    }}
                    <div class="field" class:field--invalid=move || error("notes")().is_some()>
                        <label class="field__label" for=notes_id.clone()>"Notes"</label>
                        <textarea id=notes_id rows="2" prop:value=move || draft.with(|d| d.notes.clone())
                            on:input=move |event| draft.update(|d| d.notes = event_target_value(&event))
                            aria-invalid=move || error("notes")().is_some().to_string()
                            aria-describedby=notes_error_id.clone()></textarea>
                        <p class="field__error" id=notes_error_id>{error("notes")}</p>
                    </div>
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" disabled=move || saving.get()>
                        {if editing_id.is_some() { "Save account" } else { "Add account" }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// Adds or removes credits by hand; the change and its note go to the ledger.
#[component]
pub fn AdjustCreditsDialog(open: RwSignal<bool>, account: Account) -> impl IntoView {
    let state = use_app();
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let id = account.id;
    let base = format!("adjust-{}", id.as_uuid().simple());
    Effect::new(move |_| {
        if open.get() {
            amount.set(String::new());
            note.set(String::new());
            problem.set(None);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let delta = match validate::integer(&amount.get_untracked()) {
            Ok(delta) => delta,
            Err(error) => {
                let rule = "Enter a whole number: positive to add credits, negative (like -20) to remove them.";
                problem.set(Some(validate::number_message(rule, error)));
                return;
            }
        };
        let text = note.get_untracked();
        leptos::task::spawn_local(async move {
            match service().adjust_credits(id, delta, &text).await {
                Ok(account) => {
                    open.set(false);
                    state.toast(
                        ToastKind::Success,
                        format!(
                            "“{}” now has {} credits",
                            account.name,
                            format_number(account.credits_available as f64)
                        ),
                    );
                }
                Err(Error::Invalid(errors)) => problem.set(errors.0.first().map(|error| error.message.clone())),
                Err(Error::Rule(rule)) => problem.set(Some(rule.to_string())),
                Err(error) => state.report(&error),
            }
        });
    };
    let amount_id = format!("{base}-amount");
    let note_id = format!("{base}-note");
    let error_id = format!("{base}-error");
    view! {
        <Dialog open=open title=Signal::stored(format!("Adjust credits of {}", account.name))>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <p class="muted">{format!("Now {} credits. The change is recorded in the account's ledger.", format_number(account.credits_available as f64))}</p>
                    <div class="field" class:field--invalid=move || problem.get().is_some()>
                        <label class="field__label" for=amount_id.clone()>"Change"</label>
                        <input id=amount_id type="text" inputmode="numeric" placeholder="+50 or -20" autofocus bind:value=amount
                            aria-invalid=move || problem.get().is_some().to_string() aria-describedby=error_id.clone() />
                        <p class="field__error" id=error_id>{move || problem.get()}</p>
                    </div>
                    <div class="field">
                        <label class="field__label" for=note_id.clone()>"Note"</label>
                        <input id=note_id type="text" placeholder="Why (optional)" bind:value=note />
                    </div>
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn--primary">"Record change"</button>
                </div>
            </form>
        </Dialog>
    }
}

/// The original's "select best account": a minimum of credits and an optional specialisation,
/// and every account ranked with its reasons.
#[component]
fn BestAccount() -> impl IntoView {
    let state = use_app();
    let min_credits = RwSignal::new("10".to_string());
    let specialization = RwSignal::new(String::new());
    let ranked = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        state.track(StoreName::Sessions);
        let need = Need {
            min_credits: validate::integer(&min_credits.get()).unwrap_or(0),
            specialization: Some(specialization.get()).filter(|s| !s.trim().is_empty()),
            tags: Vec::new(),
            tokens: None,
        };
        async move { service().rank_accounts(&need).await }
    });
    view! {
        <details class="card section">
            <summary>"Find the best account for a need"</summary>
            <div class="toolbar">
                <label class="field">
                    <span class="field__label">"Minimum credits"</span>
                    <input type="number" min="0" bind:value=min_credits />
                </label>
                <label class="field">
                    <span class="field__label">"Specialisation"</span>
                    <input type="text" placeholder="coding, research…" bind:value=specialization />
                </label>
            </div>
            {move || match ranked.get() {
                None => view! { <ListSkeleton rows=2 /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="list" aria-label="Ranked accounts">
                        {list.into_iter().map(|ranked| view! {
                            <li class="list__item">
                                <div class="stack">
                                    <span class="list__title">{ranked.account.name.clone()}{if ranked.eligible { "" } else { " (not eligible)" }}</span>
                                    <span class="list__meta">{ranked.reasons.join("; ")}</span>
                                </div>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </details>
    }
}
