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
use baton_core::validate::{whole_number, Expected, FieldError, FieldErrors, Problem};
use leptos::prelude::*;

#[component]
pub fn Settings() -> impl IntoView {
    crate::platform::mark_ready();
    let i18n = use_i18n();
    let current = RwSignal::new(theme::load());
    view! {
        <super::PageHeader title=Signal::stored(t_string!(i18n, settings.title).to_string()) />
        <section class="section card" aria-labelledby="settings-theme">
            <h2 class="section__title" id="settings-theme">{t!(i18n, settings.appearance)}</h2>
            <fieldset class="radio-group segmented">
                <legend>{t!(i18n, settings.theme)}</legend>
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
                                <span>{theme_label(option)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="field__hint">{t!(i18n, settings.theme_hint)}</p>
        </section>
        <LanguageSetting />
        <HandoffDefaults />
        <AiEndpointSettings />
    }
}

/// A theme's name in the interface language.
fn theme_label(theme: Theme) -> &'static str {
    let i18n = use_i18n();
    match theme {
        Theme::System => t_string!(i18n, settings.theme_system),
        Theme::Light => t_string!(i18n, settings.theme_light),
        Theme::Dark => t_string!(i18n, settings.theme_dark),
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

/// Shows that `field` takes the numbers `expected`, and moves focus there.
fn refuse(form: Form, field: &'static str, expected: Expected) {
    form.show_and_focus(&FieldErrors::from(FieldError::new(field, Problem::Number { expected, error: None })));
}

#[component]
fn HandoffDefaults() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
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
                refuse(form, "budget_percent", Expected::Between(1, 100));
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
                    refuse(form, "paste_limit", Expected::AtLeastOrEmpty(500));
                    return;
                }
            }
        };
        let threshold_value = match whole_number(&threshold.get_untracked()).ok() {
            Some(value) if value <= 1_000_000_000 => value as i64,
            _ => {
                refuse(form, "exhaustion_threshold", Expected::Between(0, 1_000_000_000));
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
                state.toast(ToastKind::Success, t_string!(i18n, settings.handoff.saved));
            }
            Err(message) => state.toast(ToastKind::Error, message),
        }
    };
    view! {
        <section class="section card" aria-labelledby="settings-handoff">
            <h2 class="section__title" id="settings-handoff">{t!(i18n, settings.handoff.heading)}</h2>
            <form class="form" on:submit=save>
                <Field form=form name="budget_percent" label=t_string!(i18n, settings.handoff.budget).to_string()
                    control=whole_number_input(percent) />
                <Field form=form name="paste_limit" label=t_string!(i18n, settings.handoff.paste_limit).to_string()
                    hint=t_string!(i18n, settings.handoff.paste_limit_hint).to_string()
                    control=whole_number_input(paste_limit) />
                <Field form=form name="exhaustion_threshold" label=t_string!(i18n, settings.handoff.threshold).to_string()
                    hint=t_string!(i18n, settings.handoff.threshold_hint).to_string()
                    control=whole_number_input(threshold) />
                <fieldset class="field">
                    <legend class="field__label">{t!(i18n, settings.handoff.formats)}</legend>
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
                <button type="submit" class="btn btn--primary">{t!(i18n, settings.handoff.save)}</button>
            </form>
        </section>
    }
}

#[component]
fn AiEndpointSettings() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
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
            if let Err(problem) = baton_core::prompts::validate_endpoint(&url_text, &model_text) {
                form.show_message_and_focus(
                    "ai_url",
                    crate::ai::endpoint_problem_text(crate::platform::locale(), problem),
                );
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
                state.toast(ToastKind::Success, t_string!(i18n, settings.ai.removed))
            }
            Ok(()) => state.toast(ToastKind::Success, t_string!(i18n, settings.ai.saved)),
            Err(message) => state.toast(ToastKind::Error, message),
        }
    };
    let forget = move |_| {
        match preferences::forget_ai_key() {
            Ok(()) => state.toast(ToastKind::Success, t_string!(i18n, settings.ai.forgotten)),
            Err(message) => state.toast(ToastKind::Error, message),
        }
        remember.set(false);
        has_key.set(false);
    };
    let key_hint = Signal::derive(move || {
        Some(
            if has_key.get() {
                t_string!(i18n, settings.ai.key_set_hint)
            } else {
                t_string!(i18n, settings.ai.key_hint)
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
            <h2 class="section__title" id="settings-ai">{t!(i18n, settings.ai.heading)}</h2>
            <p class="muted">{t!(i18n, settings.ai.intro)}</p>
            <form class="form" on:submit=save>
                <TextField form=form name="ai_url" label=t_string!(i18n, settings.ai.url).to_string() kind=TextKind::Url
                    placeholder=t_string!(i18n, settings.ai.url_placeholder).to_string()
                    hint=t_string!(i18n, settings.ai.url_hint).to_string()
                    value=url on_input=Callback::new(move |text| url.set(text)) />
                <TextField form=form name="ai_model" label=t_string!(i18n, settings.ai.model).to_string() placeholder="gpt-4o-mini, llama3.1…".to_string()
                    value=model on_input=Callback::new(move |text| model.set(text)) />
                <Field form=form name="ai_key" label=t_string!(i18n, settings.ai.key).to_string() hint=key_hint control=key_input />
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || remember.get() on:change=move |event| remember.set(event_target_checked(&event)) />
                    " "{t!(i18n, settings.ai.remember)}
                </label>
                <div class="row">
                    <button type="submit" class="btn btn--primary">{t!(i18n, settings.ai.save)}</button>
                    <button type="button" class="btn" on:click=forget disabled=move || !has_key.get()>{t!(i18n, settings.ai.forget)}</button>
                </div>
            </form>
        </section>
    }
}
