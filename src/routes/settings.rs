//! `/settings`: theme, handoff defaults (format per platform, budget share, paste limit), the
//! exhaustion threshold, and the optional AI endpoint (its key in memory unless remembered).

use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::preferences::{self, Preferences};
use crate::state::{service, use_app, ToastKind};
use crate::theme::{self, Theme};
use crate::ui::{Field, FieldControl, Form, TextField, TextKind};
use baton_core::locale::Language;
use baton_core::records::{BundleFormat, Platform};
use baton_core::validate::{whole_number, FieldError, FieldErrors};
use leptos::prelude::*;

#[component]
pub fn Settings() -> impl IntoView {
    crate::platform::mark_ready();
    let current = RwSignal::new(theme::load());
    view! {
        <super::PageHeader title=Signal::stored("Settings".to_string()) />
        <section class="section card" aria-labelledby="settings-theme">
            <h2 class="section__title" id="settings-theme">"Appearance"</h2>
            <fieldset class="radio-group segmented">
                <legend>"Theme"</legend>
                {Theme::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name="theme"
                                    value=option.as_str()
                                    prop:checked=move || current.get() == option
                                    on:change=move |_| {
                                        current.set(option);
                                        theme::save(option);
                                    }
                                />
                                <span>{option.label()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="field__hint">"System follows your device's light or dark setting. The choice is kept in this browser."</p>
        </section>
        <LanguageSetting />
        <HandoffDefaults />
        <AiEndpointSettings />
    }
}

/// The interface language, switched at once (no reload) and kept in this browser.
#[component]
fn LanguageSetting() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let chosen = crate::i18n::use_interface_language().0;
    let choose = move |event: leptos::ev::Event| {
        let Some(language) = Language::from_code(&event_target_value(&event)) else { return };
        if let Err(message) = crate::i18n::choose_language(language) {
            state.toast(ToastKind::Error, message);
        }
        state.toast(
            ToastKind::Success,
            t_string!(i18n, settings.language_changed, language = language.native_name()).to_string(),
        );
        // The routes are rebuilt in the new language; give the menu its focus back.
        request_animation_frame(|| crate::platform::focus_by_id("settings-language-choice"));
    };
    view! {
        <section class="section card" aria-labelledby="settings-language">
            <h2 class="section__title" id="settings-language">{t!(i18n, settings.language)}</h2>
            <div class="field">
                <label for="settings-language-choice">{t!(i18n, settings.language)}</label>
                <select id="settings-language-choice" aria-describedby="settings-language-hint" on:change=choose>
                    {Language::ALL
                        .into_iter()
                        .map(|language| view! {
                            <option value=language.code() lang=language.code() prop:selected=move || chosen.get() == language>
                                {language.native_name()}
                            </option>
                        })
                        .collect_view()}
                </select>
                <p class="field__hint" id="settings-language-hint">{t!(i18n, settings.language_hint)}</p>
            </div>
        </section>
    }
}

/// A whole number typed as text (a thousands separator is accepted), with the numeric keyboard on
/// phones: not `TextKind::Count`, whose number input would refuse the separators.
fn whole_number_input(value: RwSignal<String>) -> impl Fn(FieldControl) -> AnyView {
    move |control: FieldControl| {
        let FieldControl { id, described_by, invalid } = control;
        view! {
            <input id=id type="text" inputmode="numeric" prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                aria-invalid=move || invalid.get().to_string() aria-describedby=described_by />
        }
        .into_any()
    }
}

/// Shows `message` next to `field` and moves focus there.
fn refuse(form: Form, field: &'static str, message: &str) {
    form.show_and_focus(&FieldErrors::from(FieldError::new(field, message)));
}

#[component]
fn HandoffDefaults() -> impl IntoView {
    let state = use_app();
    let saved = preferences::load();
    let percent = RwSignal::new(saved.budget_percent.to_string());
    let paste_limit = RwSignal::new(saved.paste_limit.map(|limit| limit.to_string()).unwrap_or_default());
    let threshold = RwSignal::new(saved.exhaustion_threshold.to_string());
    let formats = RwSignal::new(
        Platform::ALL.iter().map(|platform| (*platform, saved.format_for(*platform))).collect::<Vec<_>>(),
    );
    let form = Form::new("settings");
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let percent_value = match whole_number(&percent.get_untracked()).ok() {
            Some(value) if (1..=100).contains(&value) => value as u32,
            _ => {
                refuse(form, "budget_percent", "The budget share must be a whole percentage from 1 to 100.");
                return;
            }
        };
        let paste = paste_limit.get_untracked();
        let paste_value = if paste.trim().is_empty() {
            None
        } else {
            match whole_number(&paste).ok() {
                Some(value) if value >= 500 => Some(value as usize),
                _ => {
                    refuse(form, "paste_limit", "The paste limit must be at least 500 characters, or empty for none.");
                    return;
                }
            }
        };
        let threshold_value = match whole_number(&threshold.get_untracked()).ok() {
            Some(value) if value <= 1_000_000_000 => value as i64,
            _ => {
                refuse(
                    form,
                    "exhaustion_threshold",
                    "The exhaustion threshold must be a whole number of credits, 0 or more.",
                );
                return;
            }
        };
        let chosen = formats.get_untracked();
        form.clear();
        let result = preferences::update(|preferences: &mut Preferences| {
            preferences.budget_percent = percent_value;
            preferences.paste_limit = paste_value;
            preferences.exhaustion_threshold = threshold_value;
            preferences.formats = chosen
                .iter()
                .map(|(platform, format)| (platform.as_str().to_string(), format.as_str().to_string()))
                .collect();
        });
        match result {
            Ok(_) => {
                service().set_exhaustion_threshold(threshold_value);
                state.toast(ToastKind::Success, "Settings saved");
            }
            Err(message) => state.toast(ToastKind::Error, message),
        }
    };
    view! {
        <section class="section card" aria-labelledby="settings-handoff">
            <h2 class="section__title" id="settings-handoff">"Handoff and credit defaults"</h2>
            <form class="form" on:submit=save>
                <Field form=form name="budget_percent" label="Default budget (% of the target's context window)".to_string()
                    control=whole_number_input(percent) />
                <Field form=form name="paste_limit" label="Default paste limit (characters)".to_string()
                    hint="Empty: bundles are one part. Some chats refuse long messages; a limit splits the bundle into parts.".to_string()
                    control=whole_number_input(paste_limit) />
                <Field form=form name="exhaustion_threshold" label="Exhaustion threshold (credits)".to_string()
                    hint="An account below this many credits is marked exhausted until it refreshes or is adjusted.".to_string()
                    control=whole_number_input(threshold) />
                <fieldset class="field">
                    <legend class="field__label">"Bundle format per platform"</legend>
                    {Platform::ALL.iter().enumerate().map(|(position, platform)| {
                        let platform = *platform;
                        let select = move |control: FieldControl| view! {
                            <select id=control.id aria-describedby=control.described_by on:change=move |event| {
                                if let Some(format) = BundleFormat::parse(&event_target_value(&event)) {
                                    formats.update(|formats| formats[position].1 = format);
                                }
                            }>
                                {BundleFormat::ALL.iter().map(|format| {
                                    let format = *format;
                                    view! { <option value=format.as_str() prop:selected=move || formats.get()[position].1 == format>{format.label()}</option> }
                                }).collect_view()}
                            </select>
                        };
                        view! { <Field form=form name=platform.as_str() label=platform.label().to_string() control=select /> }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="btn btn--primary">"Save defaults"</button>
            </form>
        </section>
    }
}

#[component]
fn AiEndpointSettings() -> impl IntoView {
    let state = use_app();
    let saved = preferences::load();
    let url = RwSignal::new(saved.ai_url.clone());
    let model = RwSignal::new(saved.ai_model.clone());
    let key = RwSignal::new(String::new());
    let remember = RwSignal::new(saved.ai_key.is_some());
    let has_key = RwSignal::new(preferences::ai_key().is_some());
    let form = Form::new("settings-ai");
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (url_text, model_text) = (url.get_untracked(), model.get_untracked());
        if !url_text.trim().is_empty() {
            if let Err(message) = baton_core::prompts::validate_endpoint(&url_text, &model_text) {
                refuse(form, "ai_url", &message);
                return;
            }
        }
        form.clear();
        let typed_key = key.get_untracked();
        let remember_key = remember.get_untracked();
        let result = preferences::update(|preferences| {
            preferences.ai_url = url_text.trim().to_string();
            preferences.ai_model = model_text.trim().to_string();
        })
        .and_then(|_| {
            if !typed_key.trim().is_empty() {
                preferences::set_ai_key(&typed_key, remember_key)
            } else if let (false, Some(_)) = (remember_key, preferences::load().ai_key) {
                // Unticked "remember": keep the key for this page only.
                let current = preferences::ai_key().unwrap_or_default();
                preferences::set_ai_key(&current, false)
            } else {
                Ok(())
            }
        });
        key.set(String::new());
        has_key.set(preferences::ai_key().is_some());
        match result {
            Ok(()) if url_text.trim().is_empty() => {
                state.toast(ToastKind::Success, "AI endpoint removed: bundles are built without a model")
            }
            Ok(()) => state.toast(ToastKind::Success, "AI endpoint saved"),
            Err(message) => state.toast(ToastKind::Error, message),
        }
    };
    let forget = move |_| {
        match preferences::forget_ai_key() {
            Ok(()) => state.toast(ToastKind::Success, "AI key forgotten"),
            Err(message) => state.toast(ToastKind::Error, message),
        }
        remember.set(false);
        has_key.set(false);
    };
    let key_hint = Signal::derive(move || {
        Some(
            if has_key.get() {
                "A key is set. Type a new one to replace it."
            } else {
                "Optional for local servers. Kept in memory until you close the page, unless you tick “Remember”."
            }
            .to_string(),
        )
    });
    // Not a `TextField`: the key must not be offered to the browser's password manager.
    let key_input = move |control: FieldControl| {
        view! {
            <input id=control.id type="password" autocomplete="off" prop:value=move || key.get()
                on:input=move |event| key.set(event_target_value(&event)) aria-describedby=control.described_by />
        }
    };
    view! {
        <section class="section card" aria-labelledby="settings-ai">
            <h2 class="section__title" id="settings-ai">"AI endpoint (optional)"</h2>
            <p class="muted">"Any OpenAI-compatible chat completions API, including a local one (Ollama, LM Studio). Baton sends a bundle to it only when you press “Condense with AI” on the handoff builder; nothing else leaves this browser."</p>
            <form class="form" on:submit=save>
                <TextField form=form name="ai_url" label="Endpoint URL".to_string() kind=TextKind::Url
                    placeholder="https://api.openai.com/v1 or http://localhost:11434/v1".to_string()
                    hint="https, or http for a server on this computer. Empty: no endpoint.".to_string()
                    value=url on_input=Callback::new(move |text| url.set(text)) />
                <TextField form=form name="ai_model" label="Model".to_string() placeholder="gpt-4o-mini, llama3.1…".to_string()
                    value=model on_input=Callback::new(move |text| model.set(text)) />
                <Field form=form name="ai_key" label="API key".to_string() hint=key_hint control=key_input />
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || remember.get() on:change=move |event| remember.set(event_target_checked(&event)) />
                    " Remember the key in this browser (never exported)"
                </label>
                <div class="row">
                    <button type="submit" class="btn btn--primary">"Save AI endpoint"</button>
                    <button type="button" class="btn" on:click=forget disabled=move || !has_key.get()>"Forget the key"</button>
                </div>
            </form>
        </section>
    }
}
