//! Small preferences kept in localStorage (one JSON value): bundle defaults, the exhaustion
//! threshold, the optional AI endpoint, dismissed hints. Nothing here is needed to read the data;
//! losing it loses preferences only. The AI key lives in memory unless the user ticks "remember".

use baton_core::locale::Language;
use baton_core::records::{BundleFormat, Platform};
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;

const KEY: &str = "baton.preferences";

/// The default budget: this share of the target account's context window.
pub const DEFAULT_BUDGET_PERCENT: u32 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Bundle format per platform (stored names); missing means the builder's default.
    pub formats: BTreeMap<String, String>,
    pub budget_percent: u32,
    /// Characters per pasted part; None means one part.
    pub paste_limit: Option<usize>,
    pub exhaustion_threshold: i64,
    pub ai_url: String,
    pub ai_model: String,
    /// Only when the user ticked "remember" (otherwise the key is in memory only).
    pub ai_key: Option<String>,
    pub dismissed_hints: Vec<String>,
    /// When the user last downloaded a backup (RFC 3339).
    pub last_backup_download: Option<String>,
    /// When the last weekly automatic backup was stored (RFC 3339).
    pub last_scheduled_backup: Option<String>,
    /// The interface language chosen in Settings; `None` follows the browser's.
    pub language: Option<Language>,
}

impl Default for Preferences {
    fn default() -> Preferences {
        Preferences {
            formats: BTreeMap::new(),
            budget_percent: DEFAULT_BUDGET_PERCENT,
            paste_limit: None,
            exhaustion_threshold: baton_core::rules::DEFAULT_EXHAUSTION_THRESHOLD,
            ai_url: String::new(),
            ai_model: String::new(),
            ai_key: None,
            dismissed_hints: Vec::new(),
            last_backup_download: None,
            last_scheduled_backup: None,
            language: None,
        }
    }
}

impl Preferences {
    pub fn format_for(&self, platform: Platform) -> BundleFormat {
        self.formats
            .get(platform.as_str())
            .and_then(|text| BundleFormat::parse(text))
            .unwrap_or_else(|| baton_core::handoff::default_format(platform))
    }

    pub fn hint_dismissed(&self, hint: &str) -> bool {
        self.dismissed_hints.iter().any(|dismissed| dismissed == hint)
    }
}

thread_local! {
    /// The AI key for this page's life, when not remembered.
    static AI_KEY: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub fn load() -> Preferences {
    LocalStorage::get::<Preferences>(KEY).unwrap_or_default()
}

/// Saves the preferences; a full or blocked localStorage loses only the preference.
pub fn save(preferences: &Preferences) -> Result<(), String> {
    LocalStorage::set(KEY, preferences)
        .map_err(|_| crate::i18n::td_string!(crate::platform::locale(), components.preference_not_kept).to_string())
}

/// Changes the preferences with `change` and saves them.
pub fn update(change: impl FnOnce(&mut Preferences)) -> Result<Preferences, String> {
    let mut preferences = load();
    change(&mut preferences);
    save(&preferences)?;
    Ok(preferences)
}

/// The AI key: the remembered one, or the one typed in this page's life.
pub fn ai_key() -> Option<String> {
    AI_KEY.with(|key| key.borrow().clone()).or_else(|| load().ai_key).filter(|key| !key.is_empty())
}

/// Keeps the key in memory, and in localStorage only when `remember` is set.
pub fn set_ai_key(key: &str, remember: bool) -> Result<(), String> {
    let key = key.trim().to_string();
    AI_KEY.with(|slot| *slot.borrow_mut() = Some(key.clone()).filter(|key| !key.is_empty()));
    update(|preferences| preferences.ai_key = if remember && !key.is_empty() { Some(key) } else { None }).map(|_| ())
}

/// Forgets the key everywhere.
pub fn forget_ai_key() -> Result<(), String> {
    AI_KEY.with(|slot| *slot.borrow_mut() = None);
    update(|preferences| preferences.ai_key = None).map(|_| ())
}
