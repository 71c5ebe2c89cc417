//! The interface language: the catalogue compiled from `locales/<code>/<area>.json` by
//! `build.rs` (leptos_i18n: keys and placeholders checked at compile time), the language chosen
//! (the stored preference, else the first of the browser's languages Baton speaks), and the switch.
//!
//! A view words a text with `t!(i18n, area.key)` (reactive: it follows a switch) or, where a
//! `String` is needed (a toast, an attribute built in Rust), `t_string!(i18n, area.key)`. Numbers,
//! dates and durations go through `baton_core::locale`, which follows the same language; the
//! routes are rebuilt on a switch so every one of them is redrawn in the new language.

#![allow(missing_docs, clippy::module_inception)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod core_text;

pub use i18n::*;

pub mod errors;

use baton_core::locale::{self, Language};
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// leptos_i18n's name for a language.
pub fn to_locale(language: Language) -> Locale {
    Locale::get_all().iter().copied().find(|locale| locale.as_str() == language.code()).unwrap_or_default()
}

/// The language of a leptos_i18n locale.
pub fn to_language(locale: Locale) -> Language {
    Language::from_code(locale.as_str()).unwrap_or_default()
}

/// The chosen interface language, for views that must be rebuilt when it changes.
#[derive(Clone, Copy)]
pub struct InterfaceLanguage(pub RwSignal<Language>);

/// The browser's preferred languages, most preferred first (`navigator.languages`).
fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let navigator = window.navigator();
    let listed: Vec<String> = navigator.languages().iter().filter_map(|code| code.as_string()).collect();
    if listed.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        listed
    }
}

/// The language to start in: the one chosen in Settings, else the browser's.
pub fn initial_language() -> Language {
    crate::preferences::load().language.unwrap_or_else(|| {
        let codes = browser_languages();
        Language::preferred(codes.iter().map(String::as_str))
    })
}

/// Chooses the starting language before anything is drawn, and shares it with the views.
/// Call inside `<I18nContextProvider>`.
pub fn provide_interface_language() -> InterfaceLanguage {
    let language = initial_language();
    locale::set_language(language);
    let i18n = use_i18n();
    i18n.set_locale(to_locale(language));
    let chosen = InterfaceLanguage(RwSignal::new(language));
    // leptos_i18n's provider sets the browser's language from an effect of its own after the
    // first render; this later effect puts the chosen language back (and follows each switch).
    Effect::new(move |_| i18n.set_locale(to_locale(chosen.0.get())));
    provide_context(chosen);
    chosen
}

pub fn use_interface_language() -> InterfaceLanguage {
    expect_context::<InterfaceLanguage>()
}

/// Switches the interface to `language` without a reload and remembers the choice.
pub fn choose_language(language: Language) -> Result<(), String> {
    locale::set_language(language);
    // Before the routes are rebuilt, so texts they compute once are in the new language.
    use_i18n().set_locale(to_locale(language));
    use_interface_language().0.set(language);
    crate::preferences::update(|preferences| preferences.language = Some(language)).map(|_| ())
}
