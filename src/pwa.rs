//! Offline and installable: the base path the site is served under, and the service worker with
//! its "update available — reload" handshake (the new version waits until the user reloads, so a
//! page never mixes files of two versions).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The public URL the site is served under ("/" or "/sub/path/"), written into index.html at
/// build time by scripts/postbuild.mjs.
pub fn base() -> String {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("meta[name=baton-base]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|base| base.starts_with('/'))
        .unwrap_or_else(|| "/".to_string())
}

/// The router's base: the public URL without its trailing slash ("" at the root).
pub fn router_base() -> String {
    base().trim_end_matches('/').to_string()
}

/// The link to an app path ("/projects/…") under the public URL. leptos_router's `<A>` keeps an
/// absolute href as it is (only `navigate` adds the router's base), so under a sub-path every
/// `<A>` takes its href from here: `<A href=crate::pwa::href("/projects")>`.
pub fn href(path: &str) -> String {
    format!("{}{path}", router_base())
}

/// Registers the service worker; sets `update_available` when a new version is installed and
/// waiting.
pub fn register_service_worker(update_available: RwSignal<bool>) {
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if js_sys::Reflect::get(&navigator, &"serviceWorker".into()).map(|value| value.is_undefined()).unwrap_or(true) {
        return;
    }
    let container = navigator.service_worker();
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(&base());
    let promise = container.register_with_options(&format!("{}sw.js", base()), &options);
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
        let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>() else { return };
        let has_controller = || web_sys::window().and_then(|w| w.navigator().service_worker().controller()).is_some();
        if registration.waiting().is_some() && has_controller() {
            update_available.set(true);
        }
        let watched = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = watched.installing() else { return };
            let worker = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == web_sys::ServiceWorkerState::Installed && has_controller() {
                    update_available.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
        // Look for a new version now and then while the app stays open.
        let _ = set_interval_with_handle(
            move || {
                let _ = registration.update();
            },
            std::time::Duration::from_secs(30 * 60),
        );
    });
}

/// Lets the waiting version take over, then reloads once it controls the page.
pub fn apply_update() {
    let Some(window) = web_sys::window() else { return };
    let container = window.navigator().service_worker();
    let on_change = Closure::<dyn FnMut()>::new(crate::app::reload);
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    let promise = container.get_registration();
    leptos::task::spawn_local(async move {
        let waiting = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|registration| registration.dyn_into::<web_sys::ServiceWorkerRegistration>().ok())
            .and_then(|registration| registration.waiting());
        match waiting {
            Some(worker) => {
                let _ = worker.post_message(&"skip-waiting".into());
            }
            None => crate::app::reload(),
        }
    });
}
