//! Baton, the web app: Leptos components bound to the domain services of `baton-core`.
//!
//! Layers (see ARCHITECTURE.md): `routes` (one file per route) and `components` render state and
//! call `state::service()`; `storage` is the IndexedDB adapter; `tabs`, `platform`, `theme`,
//! `preferences` (localStorage) and `ai` (the one network request) hold the browser side effects,
//! one place each.

pub mod ai;
pub mod app;
pub mod components;
pub mod crypto;
pub mod i18n;
pub mod nav;
pub mod platform;
pub mod preferences;
pub mod pwa;
pub mod routes;
pub mod search_index;
pub mod shortcuts;
pub mod state;
pub mod storage;
pub mod tabs;
pub mod theme;
pub mod ui;

/// Starts the app: the panic screen first, then the shell, then the database.
pub fn start() {
    platform::install_panic_screen();
    theme::apply(theme::load());
    leptos::mount::mount_to_body(app::App);
    platform::remove_boot_skeleton();
}
