//! Storage health on the Data page: space used and available (the browser's estimate), whether
//! the storage is persistent (and asking for it), and what eviction means in browsers that evict.

use crate::i18n::{t, t_string, use_i18n};
use crate::state::use_app;
use crate::state::ToastKind;
use baton_core::locale::format_number;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug, PartialEq)]
struct Health {
    used: Option<f64>,
    available: Option<f64>,
    persistent: Option<bool>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Absent in some browsers and insecure pages: then nothing is shown as known.
    let storage = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    if storage.is_undefined() {
        return None;
    }
    Some(navigator.storage())
}

async fn read_health() -> Health {
    let mut health = Health { used: None, available: None, persistent: None };
    let Some(manager) = storage_manager() else { return health };
    if let Ok(promise) = manager.estimate() {
        if let Ok(estimate) = JsFuture::from(promise).await {
            let number = |key: &str| js_sys::Reflect::get(&estimate, &key.into()).ok().and_then(|value| value.as_f64());
            health.used = number("usage");
            health.available = number("quota").map(|quota| (quota - health.used.unwrap_or(0.0)).max(0.0));
        }
    }
    if let Ok(promise) = manager.persisted() {
        health.persistent = JsFuture::from(promise).await.ok().and_then(|value| value.as_bool());
    }
    health
}

fn megabytes(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{} GB", format_number((bytes / 1e8).round() / 10.0))
    } else {
        format!("{} MB", format_number((bytes / 1e5).round() / 10.0))
    }
}

#[component]
pub fn StorageHealth() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let refresh = RwSignal::new(0u32);
    let health = LocalResource::new(move || {
        refresh.track();
        read_health()
    });
    let request = move |_| {
        leptos::task::spawn_local(async move {
            let granted = match storage_manager().and_then(|manager| manager.persist().ok()) {
                Some(promise) => JsFuture::from(promise).await.ok().and_then(|value| value.as_bool()).unwrap_or(false),
                None => false,
            };
            if granted {
                state.toast(ToastKind::Success, t_string!(i18n, data.storage.now_persistent));
            } else {
                state.toast(ToastKind::Info, t_string!(i18n, data.storage.not_persistent));
            }
            refresh.update(|count| *count += 1);
        });
    };
    view! {
        <section class="section card" aria-labelledby="storage-title">
            <h2 class="section__title" id="storage-title">{t!(i18n, data.storage.title)}</h2>
            {move || health.get().map(|health| view! {
                <dl class="kv">
                    <dt>{t!(i18n, data.storage.used)}</dt>
                    <dd>{health.used.map(megabytes).unwrap_or_else(|| t_string!(i18n, data.storage.not_reported).to_string())}</dd>
                    <dt>{t!(i18n, data.storage.available)}</dt>
                    <dd>{health.available.map(megabytes).unwrap_or_else(|| t_string!(i18n, data.storage.not_reported).to_string())}</dd>
                    <dt>{t!(i18n, data.storage.persistent)}</dt>
                    <dd>{match health.persistent {
                        Some(true) => t_string!(i18n, data.storage.persistent_yes),
                        Some(false) => t_string!(i18n, data.storage.persistent_no),
                        None => t_string!(i18n, data.storage.not_reported),
                    }}</dd>
                </dl>
                {(health.persistent == Some(false)).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=request>{t!(i18n, data.storage.ask)}</button>
                })}
            })}
            <p class="muted">{t!(i18n, data.storage.eviction)}</p>
            <p class="muted">{t!(i18n, data.storage.full)}</p>
        </section>
    }
}
