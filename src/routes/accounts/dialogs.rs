//! The account dialogs, shared by the list and the account page: create or edit an account, and
//! adjust its credits by hand.

use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::state::{service, use_app, ToastKind};
use crate::ui::FormFooter;
use crate::ui::{
    bind, use_action, use_action_with_options, Dialog, Field, FieldControl, Form, TextField, TextKind, UseActionOptions,
};
use baton_core::locale::{format_integer, Language};
use baton_core::records::{Account, Platform};
use baton_core::service::Error;
use baton_core::validate::{self, AccountDraft, FieldError, FieldErrors};
use baton_core::Id;
use leptos::prelude::*;
use std::rc::Rc;

/// The refresh choices (the values `AccountDraft::refresh` takes).
const REFRESH_OPTIONS: [&str; 5] = ["none", "daily", "weekly", "monthly", "every_n_days"];

/// A refresh choice in the interface language.
fn refresh_label(value: &str) -> &'static str {
    let i18n = use_i18n();
    match value {
        "daily" => t_string!(i18n, accounts.form.refresh_daily),
        "weekly" => t_string!(i18n, accounts.form.refresh_weekly),
        "monthly" => t_string!(i18n, accounts.form.refresh_monthly),
        "every_n_days" => t_string!(i18n, accounts.form.refresh_every_n_days),
        _ => t_string!(i18n, accounts.form.refresh_none),
    }
}

/// Create or edit an account. Validates as the user types (after the first submit) and on submit.
#[component]
pub fn AccountFormDialog(
    open: RwSignal<bool>,
    editing: Option<Account>,
    other_names: Signal<Vec<String>>,
) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let editing_id: Option<Id> = editing.as_ref().map(|account| account.id);
    let initial = StoredValue::new(
        editing.as_ref().map(AccountDraft::from).unwrap_or_else(|| AccountDraft::new(Platform::Claude)),
    );
    let draft = RwSignal::new(initial.get_value());
    let submitted = RwSignal::new(false);
    let form = Form::new(if editing_id.is_some() { "edit-account" } else { "new-account" });
    Effect::new(move |_| {
        if open.get() {
            let mut fresh = initial.get_value();
            // datetime-local inputs take "YYYY-MM-DDTHH:MM".
            fresh.next_refresh_at = fresh.next_refresh_at.chars().take(16).collect();
            draft.set(fresh);
            submitted.set(false);
            form.clear();
        }
    });
    let check = move || validate::account(&draft.get(), &other_names.get()).map(|_| ());
    form.validate_live(submitted.into(), check);
    let save = use_action(
        move |current: AccountDraft| async move {
            match editing_id {
                Some(id) => service().edit_account(id, &current).await,
                None => service().create_account(&current).await,
            }
        },
        move |account: Account| {
            open.set(false);
            let text = if editing_id.is_some() {
                t_string!(i18n, accounts.form.saved, name = account.name).to_string()
            } else {
                t_string!(i18n, accounts.form.added, name = account.name).to_string()
            };
            state.toast(ToastKind::Success, text);
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        if let Err(errors) = validate::account(&draft.get_untracked(), &other_names.get_untracked()) {
            form.show_and_focus(&errors);
            return;
        }
        save.dispatch(draft.get_untracked());
    };
    let title = if editing_id.is_some() {
        t_string!(i18n, accounts.form.edit_title)
    } else {
        t_string!(i18n, accounts.form.new_title)
    };
    let text_field = move |name: &'static str,
                           label: &'static str,
                           kind: TextKind,
                           get: fn(&AccountDraft) -> String,
                           set: fn(&mut AccountDraft, String),
                           hint: Option<String>| {
        let (value, on_input) = bind(draft, get, set);
        view! {
            <TextField form=form name=name label=label.to_string() kind=kind value=value on_input=on_input
                hint=hint autofocus=name == "name" />
        }
    };
    view! {
        <Dialog open=open title=Signal::stored(title.to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    {text_field("name", t_string!(i18n, accounts.form.name), TextKind::Text, |d| d.name.clone(), |d, v| d.name = v, None)}
                    <div class="form-row">
                        <Field form=form name="platform" label=t_string!(i18n, accounts.form.platform).to_string() control=move |control: FieldControl| view! {
                            <select
                                id=control.id
                                aria-describedby=control.described_by
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
                        } />
                        <Show when=move || draft.with(|d| d.platform == Platform::Other)>
                            {text_field("platform_label", t_string!(i18n, accounts.form.platform_label), TextKind::Text, |d| d.platform_label.clone(), |d, v| d.platform_label = v, None)}
                        </Show>
                        {text_field("plan", t_string!(i18n, accounts.form.plan), TextKind::Text, |d| d.plan.clone(), |d, v| d.plan = v, None)}
                    </div>
                    {text_field("email", t_string!(i18n, accounts.form.email), TextKind::Email, |d| d.email.clone(), |d, v| d.email = v, None)}
                    {text_field("specializations", t_string!(i18n, accounts.form.specializations), TextKind::Text, |d| d.specializations.clone(), |d, v| d.specializations = v, Some(t_string!(i18n, accounts.form.specializations_hint).to_string()))}
                    <div class="form-row">
                        {text_field("credits_available", t_string!(i18n, accounts.form.credits_available), TextKind::Number, |d| d.credits_available.clone(), |d, v| d.credits_available = v, None)}
                        {text_field("credit_limit", t_string!(i18n, accounts.form.credit_limit), TextKind::Number, |d| d.credit_limit.clone(), |d, v| d.credit_limit = v, Some(t_string!(i18n, accounts.form.credit_limit_hint).to_string()))}
                    </div>
                    <div class="form-row">
                        <Field form=form name="refresh" label=t_string!(i18n, accounts.form.refresh).to_string() control=move |control: FieldControl| view! {
                            <select id=control.id aria-describedby=control.described_by
                                on:change=move |event| draft.update(|draft| draft.refresh = event_target_value(&event))>
                                {REFRESH_OPTIONS.iter().map(|value| {
                                    let value = *value;
                                    view! { <option value=value selected=move || draft.with(|d| d.refresh == value)>{refresh_label(value)}</option> }
                                }).collect_view()}
                            </select>
                        } />
                        <Show when=move || draft.with(|d| d.refresh == "every_n_days")>
                            {text_field("refresh_days", t_string!(i18n, accounts.form.refresh_days), TextKind::Number, |d| d.refresh_days.clone(), |d, v| d.refresh_days = v, None)}
                        </Show>
                        <Show when=move || draft.with(|d| d.refresh != "none")>
                            {text_field("next_refresh_at", t_string!(i18n, accounts.form.next_refresh), TextKind::DateTime, |d| d.next_refresh_at.clone(), |d, v| d.next_refresh_at = v, None)}
                        </Show>
                    </div>
                    {move || {
                        let default = draft.with(|d| d.platform.default_context_window());
                        let hint = t_string!(i18n, accounts.form.context_window_hint, n = format_integer(default as i64)).to_string();
                        text_field("context_window_tokens", t_string!(i18n, accounts.form.context_window), TextKind::Number, |d| d.context_window_tokens.clone(), |d, v| d.context_window_tokens = v, Some(hint))
                    }}
                    <Field form=form name="bundle_language" label=t_string!(i18n, accounts.form.bundle_language).to_string()
                        hint=t_string!(i18n, accounts.form.bundle_language_hint).to_string() control=move |control: FieldControl| view! {
                        <select id=control.id aria-describedby=control.described_by
                            on:change=move |event| draft.update(|draft| draft.bundle_language = Language::from_code(&event_target_value(&event)))>
                            <option value="" selected=move || draft.with(|d| d.bundle_language.is_none())>
                                {t!(i18n, accounts.form.bundle_language_interface)}
                            </option>
                            {Language::ALL.into_iter().map(|language| view! {
                                <option value=language.code() lang=language.code() selected=move || draft.with(|d| d.bundle_language == Some(language))>
                                    {language.native_name()}
                                </option>
                            }).collect_view()}
                        </select>
                    } />
                    {text_field("notes", t_string!(i18n, accounts.form.notes), TextKind::Multiline(2), |d| d.notes.clone(), |d, v| d.notes = v, None)}
                </div>
                <FormFooter open=open submit=if editing_id.is_some() { t_string!(i18n, accounts.form.save) } else { t_string!(i18n, accounts.form.add) }.to_string()
                    disabled=save.pending />
            </form>
        </Dialog>
    }
}

/// Adds or removes credits by hand; the change and its note go to the ledger. A refused change
/// (not a number, zero, more than is left) is said next to the Change field.
#[component]
pub fn AdjustCreditsDialog(open: RwSignal<bool>, account: Account) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = Form::new("adjust");
    let id = account.id;
    Effect::new(move |_| {
        if open.get() {
            amount.set(String::new());
            note.set(String::new());
            form.clear();
        }
    });
    let refuse = move |error: FieldError| form.show(&FieldErrors::from(FieldError { field: "amount", ..error }));
    let record = use_action_with_options(
        move |(delta, text): (i64, String)| async move { service().adjust_credits(id, delta, &text).await },
        UseActionOptions {
            on_done: Rc::new(move |account: Account| {
                open.set(false);
                state.toast(
                    ToastKind::Success,
                    t_string!(
                        i18n,
                        accounts.adjust.done,
                        name = account.name.clone(),
                        n = format_integer(account.credits_available)
                    )
                    .to_string(),
                );
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => {
                    if let Some(error) = errors.0.first() {
                        refuse(error.clone());
                    }
                }
                // A change the balance cannot take is said at the field, like a mistyped number.
                Error::Rule(rule) => form.show_message_and_focus("amount", crate::i18n::errors::rule_error(&rule)),
                error => state.report(&error),
            })),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let delta = match validate::integer(&amount.get_untracked()) {
            Ok(delta) => delta,
            Err(error) => {
                refuse(FieldError::new("amount", validate::number_problem(validate::Expected::NotZero, error)));
                return;
            }
        };
        record.dispatch((delta, note.get_untracked()));
    };
    // Not a `TextKind`: "+50" must stay typeable (a number input refuses the sign), with the
    // numeric keyboard on phones.
    let change = move |control: FieldControl| {
        let FieldControl { id, described_by, invalid } = control;
        view! {
            <input id=id type="text" inputmode="numeric" placeholder=t_string!(i18n, accounts.adjust.placeholder) autofocus bind:value=amount
                aria-invalid=move || invalid.get().to_string() aria-describedby=described_by />
        }
    };
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, accounts.adjust.title, name = account.name.clone()).to_string())>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <p class="muted">{t_string!(i18n, accounts.adjust.now, n = format_integer(account.credits_available)).to_string()}</p>
                    <Field form=form name="amount" label=t_string!(i18n, accounts.adjust.change).to_string() control=change />
                    <TextField form=form name="note" label=t_string!(i18n, accounts.adjust.note).to_string() placeholder=t_string!(i18n, accounts.adjust.note_placeholder).to_string()
                        value=note on_input=Callback::new(move |text| note.set(text)) />
                </div>
                <FormFooter open=open submit=t_string!(i18n, accounts.adjust.record).to_string() disabled=record.pending />
            </form>
        </Dialog>
    }
}
