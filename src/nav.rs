//! Where things are: the app's sections (used by the navigation, the "g" shortcuts and the
//! command palette) and typed helpers for every path, so no route string is built by hand. The
//! router in `app.rs` matches the same paths.

use crate::components::IconName;
use crate::i18n::{td_string, Locale};
use baton_core::Id;

/// A top-level section of the app.
#[derive(Clone, Copy, Debug)]
pub struct Section {
    pub path: &'static str,
    /// Its name in a language (a function, so the table stays a constant).
    pub label: fn(Locale) -> &'static str,
    pub icon: IconName,
    /// The key after "g" that goes there.
    pub shortcut: &'static str,
}

const fn section(
    path: &'static str,
    label: fn(Locale) -> &'static str,
    icon: IconName,
    shortcut: &'static str,
) -> Section {
    Section { path, label, icon, shortcut }
}

impl Section {
    /// Its name in the interface language.
    pub fn name(&self) -> &'static str {
        (self.label)(crate::platform::locale())
    }
}

/// The sections in navigation order.
pub const SECTIONS: [Section; 9] = [
    section(paths::DASHBOARD, |locale| td_string!(locale, shell.nav.dashboard), IconName::Dashboard, "d"),
    section(paths::PROJECTS, |locale| td_string!(locale, shell.nav.projects), IconName::Folder, "p"),
    section(paths::SESSIONS, |locale| td_string!(locale, shell.nav.sessions), IconName::Play, "s"),
    section(paths::HANDOFFS, |locale| td_string!(locale, shell.nav.handoffs), IconName::Send, "h"),
    section(paths::KNOWLEDGE, |locale| td_string!(locale, shell.nav.knowledge), IconName::Book, "k"),
    section(paths::INSIGHTS, |locale| td_string!(locale, shell.nav.insights), IconName::Chart, "i"),
    section(paths::ACCOUNTS, |locale| td_string!(locale, shell.nav.accounts), IconName::Users, "a"),
    section(paths::DATA, |locale| td_string!(locale, shell.nav.data), IconName::Database, "b"),
    section(paths::SETTINGS, |locale| td_string!(locale, shell.nav.settings), IconName::Settings, ","),
];

/// App paths (under the public URL: wrap in [`crate::pwa::href`] for links).
pub mod paths {
    use super::Id;

    pub const DASHBOARD: &str = "/";
    pub const PROJECTS: &str = "/projects";
    pub const SESSIONS: &str = "/sessions";
    pub const HANDOFFS: &str = "/handoffs";
    pub const KNOWLEDGE: &str = "/knowledge";
    pub const INSIGHTS: &str = "/insights";
    pub const ACCOUNTS: &str = "/accounts";
    pub const DATA: &str = "/data";
    pub const SETTINGS: &str = "/settings";

    pub fn project(id: Id) -> String {
        format!("{PROJECTS}/{id}")
    }

    /// The handoff builder of a project.
    pub fn handoff_builder(project: Id) -> String {
        format!("{PROJECTS}/{project}/handoff")
    }

    pub fn session(id: Id) -> String {
        format!("{SESSIONS}/{id}")
    }

    pub fn account(id: Id) -> String {
        format!("{ACCOUNTS}/{id}")
    }

    /// The queue with one handoff opened.
    pub fn handoff(id: Id) -> String {
        format!("{HANDOFFS}?open={id}")
    }

    /// Insights filtered to one account.
    pub fn insights_for_account(id: Id) -> String {
        format!("{INSIGHTS}?account={id}")
    }
}
