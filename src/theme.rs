//! The colour theme: system, light or dark, kept in localStorage (gloo-storage) and applied as
//! `data-theme` on `<html>` (the stylesheet follows `prefers-color-scheme` when it is absent).

use gloo_storage::{LocalStorage, Storage};

const KEY: &str = "baton.theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn as_str(&self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Its name in the interface language.
    pub fn label(&self) -> &'static str {
        let locale = crate::platform::locale();
        match self {
            Theme::System => crate::i18n::td_string!(locale, shell.theme.system),
            Theme::Light => crate::i18n::td_string!(locale, shell.theme.light),
            Theme::Dark => crate::i18n::td_string!(locale, shell.theme.dark),
        }
    }

    fn parse(text: &str) -> Theme {
        Theme::ALL.into_iter().find(|theme| theme.as_str() == text).unwrap_or_default()
    }
}

pub fn load() -> Theme {
    LocalStorage::get::<String>(KEY).map(|text| Theme::parse(&text)).unwrap_or_default()
}

pub fn save(theme: Theme) {
    // Losing a preference is harmless; the data lives in IndexedDB.
    let _ = LocalStorage::set(KEY, theme.as_str());
    apply(theme);
}

pub fn apply(theme: Theme) {
    let Some(root) =
        web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.as_str()),
    };
}
