//! The shell: opens the database, joins the tabs' channel, and lays out navigation, banners,
//! the routes and the toasts.

use crate::components::{Icon, IconName, Toasts};
use crate::i18n::{t, t_string, td_string, use_i18n, I18nContextProvider};
use crate::platform::BrowserEnv;
use crate::routes;
use crate::state::{self, AppState, ChangeOrigin, DbStatus};
use crate::ui::use_narrow_layout;
use crate::{storage, tabs};
use baton_core::service::Service;
use baton_core::store::ChangeSet;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Stores the weekly automatic backup when the last one is a week old (the time is kept with the
/// preferences, so checking costs no read of the backups themselves).
async fn weekly_backup() {
    let last = crate::preferences::load().last_scheduled_backup.and_then(|text| baton_core::Timestamp::parse(&text));
    let service = state::service();
    if !baton_core::service::exchange::backup_due(service.now(), last) {
        return;
    }
    let has_data = service
        .live_count(baton_core::records::StoreName::Projects, baton_core::schema::ix::LIVE_UPDATED)
        .await
        .is_ok_and(|count| count > 0);
    if !has_data {
        return;
    }
    if let Ok(backup) = service.create_backup(baton_core::records::BackupReason::Scheduled).await {
        let _ = crate::preferences::update(|preferences| preferences.last_scheduled_backup = Some(backup.at.to_text()));
    }
}

/// Hours between runs of the trash purge while the app stays open.
const PURGE_EVERY_HOURS: i64 = 24;

thread_local! {
    /// When this tab last ran the trash purge.
    static LAST_PURGE: std::cell::Cell<Option<baton_core::Timestamp>> = const { std::cell::Cell::new(None) };
}

/// Deletes for good what has been in the trash for 30 days (the promise the Trash page makes): at
/// start-up and then daily. Under the exclusive lock, so one tab at a time does it (another tab
/// then finds nothing due). Says nothing when nothing was due.
async fn purge_expired_trash(state: AppState) {
    LAST_PURGE.with(|last| last.set(Some(crate::platform::now())));
    let result = tabs::with_exclusive_lock(|| async { state::service().purge_trash(false).await }).await;
    match result {
        Ok(Ok(0)) => {}
        Ok(Ok(purged)) => state.toast(
            crate::state::ToastKind::Info,
            td_string!(
                crate::platform::locale(),
                shell.purged,
                count = purged as i64,
                n = baton_core::locale::format_integer(purged as i64)
            )
            .to_string(),
        ),
        Ok(Err(error)) => state.report(&error),
        // No lock (a browser without Web Locks): the next daily run tries again.
        Err(message) => web_sys::console::warn_1(&message.into()),
    }
}

/// Whether the daily purge is due again.
fn purge_due_again() -> bool {
    let now = crate::platform::now();
    LAST_PURGE.with(|last| last.get().is_some_and(|at| now >= at.plus(chrono::Duration::hours(PURGE_EVERY_HOURS))))
}

/// Input-free time the weekly backup waits for.
const BACKUP_WHEN_IDLE_MS: f64 = 30_000.0;

/// When the weekly backup is due: checks every 5 s whether the page has been left alone long
/// enough (or is hidden), then makes it.
fn schedule_weekly_backup() {
    let last = crate::preferences::load().last_scheduled_backup.and_then(|text| baton_core::Timestamp::parse(&text));
    if !baton_core::service::exchange::backup_due(crate::platform::now(), last) {
        return;
    }
    set_timeout(
        || {
            let hidden =
                web_sys::window().and_then(|window| window.document()).is_some_and(|document| document.hidden());
            if hidden || crate::platform::idle_for_ms() >= BACKUP_WHEN_IDLE_MS {
                leptos::task::spawn_local(weekly_backup());
            } else {
                schedule_weekly_backup();
            }
        },
        std::time::Duration::from_secs(5),
    );
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider set_lang_attr_on_html=true>
            <Shell />
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let language = crate::i18n::provide_interface_language();
    let state = AppState::new();
    provide_context(state);
    let update_available = RwSignal::new(false);
    crate::pwa::register_service_worker(update_available);
    tabs::use_tab_sync(state);
    leptos::task::spawn_local(async move {
        // Ids come from WebCrypto only: without it, say so before anything could need an id.
        if let Err(message) = crate::platform::fill_random(&mut [0u8; 1]) {
            state.db_status.set(DbStatus::Failed(message));
            return;
        }
        match storage::open().await {
            Ok(store) => {
                crate::platform::performance_mark("baton:db-open");
                tabs::watch_version_change(&store, state);
                let service = Rc::new(Service::new(store, Rc::new(BrowserEnv)));
                service.on_change(Rc::new(move |change: &ChangeSet| state.changed(change, ChangeOrigin::ThisTab)));
                service.set_exhaustion_threshold(crate::preferences::load().exhaustion_threshold);
                state::set_service(service);
                apply_due_refreshes(state).await;
                state.db_status.set(DbStatus::Ready);
                // The weekly backup, off the critical path of the first screen and out of the
                // person's way: it serialises everything, which takes seconds on a large dataset,
                // so it waits for a quiet moment.
                crate::platform::idle_for_ms(); // starts listening for input from now
                schedule_weekly_backup();
                // After the first screen had its turn: the purge's write transaction would
                // otherwise queue the first screen's reads behind it.
                crate::platform::yield_to_browser().await;
                purge_expired_trash(state).await;
            }
            Err(error) => state.db_status.set(DbStatus::Failed(crate::i18n::errors::store_error(&error))),
        }
    });

    // While the page is open: move the clock (countdowns) and apply refreshes that fall due.
    let _ = set_interval_with_handle(
        move || {
            state.clock.set(crate::platform::now());
            if state.db_status.get_untracked() == DbStatus::Ready {
                leptos::task::spawn_local(apply_due_refreshes(state));
                if purge_due_again() {
                    leptos::task::spawn_local(purge_expired_trash(state));
                }
            }
        },
        std::time::Duration::from_secs(30),
    );

    // The phone drawer: while it is open the page behind it is inert.
    let menu_open = RwSignal::new(false);

    view! {
        <Router base=crate::pwa::router_base()>
            // The router would take the click as a navigation to "/#main" and leave focus where it
            // was: move focus to the main region here instead.
            <a
                class="skip-link"
                href="#main"
                on:click=|event| {
                    event.prevent_default();
                    crate::platform::focus_by_id("main");
                }
            >
                {t!(i18n, shell.skip_to_content)}
            </a>
            <div class="app">
                <Nav menu_open=menu_open />
                <main class="main" id="main" tabindex="-1" inert=move || menu_open.get()>
                    <Banners update_available=update_available />
                    <crate::components::SessionBanner />
                    // Rebuilt on a language switch, so what the core formats (numbers, dates) is
                    // redrawn too; the catalogue's own texts follow by themselves.
                    {move || match (language.0.track(), state.db_status.get()).1 {
                        DbStatus::Opening => view! { <crate::ui::ListSkeleton rows=5 /> }.into_any(),
                        DbStatus::Failed(message) => view! {
                            <div class="error-screen" role="alert">
                                <h1>{t!(i18n, shell.db_failed_title)}</h1>
                                <p>{message}</p>
                                <button type="button" class="btn btn--primary" on:click=|_| reload()>{t!(i18n, shell.reload)}</button>
                            </div>
                        }.into_any(),
                        DbStatus::Ready | DbStatus::UpdatedElsewhere => view! { <AppRoutes /> }.into_any(),
                    }}
                </main>
            </div>
            <Toasts />
            <crate::shortcuts::Shortcuts />
            <crate::components::command_palette::CommandPalette />
        </Router>
    }
}

/// Applies every credit refresh that has fallen due, and says so.
async fn apply_due_refreshes(state: AppState) {
    match state::service().apply_due_refreshes().await {
        Ok(entries) if entries.is_empty() => {}
        Ok(entries) => state.toast(
            state::ToastKind::Info,
            td_string!(
                crate::platform::locale(),
                shell.credits_refreshed,
                count = entries.len() as i64,
                n = baton_core::locale::format_integer(entries.len() as i64)
            )
            .to_string(),
        ),
        Err(error) => state.report(&error),
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <routes::not_found::NotFound /> }>
            <Route path=path!("/") view=routes::dashboard::Dashboard />
            <Route path=path!("/projects") view=routes::projects::Projects />
            <Route path=path!("/projects/:id") view=routes::project::ProjectPage />
            <Route path=path!("/projects/:id/handoff") view=routes::handoff_builder::HandoffBuilder />
            <Route path=path!("/accounts") view=routes::accounts::Accounts />
            <Route path=path!("/accounts/:id") view=routes::account::AccountPage />
            <Route path=path!("/sessions") view=routes::sessions::Sessions />
            <Route path=path!("/sessions/:id") view=routes::session::SessionPage />
            <Route path=path!("/handoffs") view=routes::handoffs::Handoffs />
            <Route path=path!("/knowledge") view=routes::knowledge::Knowledge />
            <Route path=path!("/insights") view=routes::insights::Insights />
            <Route path=path!("/data") view=routes::data::Data />
            <Route path=path!("/settings") view=routes::settings::Settings />
        </Routes>
    }
}

pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The elements Tab can reach inside `root`, in order (hidden ones left out).
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(nodes) = root
        .query_selector_all("a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex='-1'])")
    else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|element| element.offset_width() > 0 || element.offset_height() > 0)
        .collect()
}

/// The main navigation: a sidebar (collapsible to icons) on a wide screen; on a phone a drawer
/// behind the "Menu" button that keeps focus inside while open, closes on Esc, on a tap beside
/// it and on navigation.
#[component]
fn Nav(menu_open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let collapsed = RwSignal::new(false);
    let location = use_location();
    let narrow = use_narrow_layout();
    let nav_ref = NodeRef::<leptos::html::Nav>::new();
    let toggle_ref = NodeRef::<leptos::html::Button>::new();
    // Following a link on a phone closes the menu; the next page's heading takes focus.
    Effect::new(move |first: Option<()>| {
        // Read, not only tracked: a memo nobody has read never computes, so never hears of a
        // change of its source (the URL) and the effect would not run again.
        location.pathname.with(|_| ());
        menu_open.set(false);
        if first.is_some() {
            crate::platform::note_navigation();
        }
    });
    // Widening the window past the phone layout leaves no drawer open (nor the page inert).
    Effect::new(move |_| {
        if !narrow.get() {
            menu_open.set(false);
        }
    });
    let close = move || {
        menu_open.set(false);
        if let Some(toggle) = toggle_ref.get_untracked() {
            let _ = toggle.focus();
        }
    };
    let open_menu = move || {
        menu_open.set(true);
        // Once the drawer is displayed: focus its current link, else its first control.
        request_animation_frame(move || {
            let Some(nav) = nav_ref.get_untracked() else { return };
            let current = nav.query_selector("[aria-current='page']").ok().flatten();
            let target = current
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
                .or_else(|| focusables(&nav).into_iter().next());
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    };
    // While the drawer is open: Esc closes it, and Tab cycles through the Menu button and the
    // drawer's controls only.
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if !menu_open.get_untracked() {
            return;
        }
        if event.key() == "Escape" {
            event.prevent_default();
            close();
            return;
        }
        if event.key() != "Tab" {
            return;
        }
        let (Some(nav), Some(toggle)) = (nav_ref.get_untracked(), toggle_ref.get_untracked()) else { return };
        let toggle: web_sys::HtmlElement = toggle.into();
        let mut cycle = vec![toggle];
        cycle.extend(focusables(&nav));
        let active =
            web_sys::window().and_then(|window| window.document()).and_then(|document| document.active_element());
        let at = active.and_then(|active| cycle.iter().position(|element| active.is_same_node(Some(element))));
        let next = match (at, event.shift_key()) {
            (None, _) => Some(0),
            (Some(0), true) => Some(cycle.len() - 1),
            (Some(index), false) if index + 1 == cycle.len() => Some(0),
            _ => None,
        };
        if let Some(next) = next {
            event.prevent_default();
            let _ = cycle[next].focus();
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <div class="topbar">
            <span class="nav__brand">"Baton"</span>
            <button
                type="button"
                class="icon-btn nav-toggle"
                aria-label=move || t_string!(i18n, shell.nav.menu)
                aria-controls="main-nav"
                aria-expanded=move || menu_open.get().to_string()
                node_ref=toggle_ref
                on:click=move |_| if menu_open.get_untracked() { close() } else { open_menu() }
            >
                <Icon name=IconName::Menu />
            </button>
        </div>
        <div class="nav-backdrop" aria-hidden="true" hidden=move || !menu_open.get() on:click=move |_| close()></div>
        <nav
            class="nav"
            id="main-nav"
            aria-label=move || t_string!(i18n, shell.nav.main_label)
            node_ref=nav_ref
            data-open=move || menu_open.get().to_string()
            data-collapsed=move || collapsed.get().to_string()
        >
            <span class="nav__brand">"Baton"</span>
            <crate::components::command_palette::SearchButton />
            <ul class="nav__list">
                {crate::nav::SECTIONS
                    .iter()
                    .map(|section| {
                        view! {
                            <li>
                                <A href=crate::pwa::href(section.path) attr:class="nav__link" exact=section.path == crate::nav::paths::DASHBOARD>
                                    <Icon name=section.icon />
                                    <span class="nav__label">{move || (section.label)(i18n.get_locale())}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button
                type="button"
                class="icon-btn nav__collapse"
                aria-label=move || {
                    if collapsed.get() {
                        t_string!(i18n, shell.nav.expand)
                    } else {
                        t_string!(i18n, shell.nav.collapse)
                    }
                }
                aria-pressed=move || collapsed.get().to_string()
                on:click=move |_| collapsed.update(|value| *value = !*value)
            >
                <Icon name=IconName::ChevronLeft />
            </button>
        </nav>
    }
}

#[component]
fn Banners(update_available: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = state::use_app();
    view! {
        <Show when=move || update_available.get()>
            <div class="banner banner--update" role="status">
                <span class="banner__text">{t!(i18n, shell.update_available)}</span>
                <span class="banner__actions">
                    <button type="button" class="btn btn--primary btn--small" on:click=|_| crate::pwa::apply_update()>{t!(i18n, shell.reload_to_update)}</button>
                </span>
            </div>
        </Show>
        <Show when=move || state.db_status.get() == DbStatus::UpdatedElsewhere>
            <div class="banner banner--update" role="alert">
                <span class="banner__text">{t!(i18n, shell.updated_elsewhere)}</span>
                <span class="banner__actions">
                    <button type="button" class="btn btn--primary btn--small" on:click=|_| reload()>{t!(i18n, shell.reload)}</button>
                </span>
            </div>
        </Show>
    }
}
