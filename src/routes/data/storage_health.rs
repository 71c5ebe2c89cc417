//! Storage health on the Data page: space used and available (the browser's estimate), whether
//! the storage is persistent (and asking for it), and what eviction means in browsers that evict.

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
                state.toast(
                    ToastKind::Success,
                    "Storage is now persistent: the browser will not clear it to free space",
                );
            } else {
                state.toast(ToastKind::Info, "The browser did not make storage persistent. Installing Baton as an app, or using it often, usually lets it; meanwhile download backups regularly.");
            }
            refresh.update(|count| *count += 1);
        });
    };
    view! {
        <section class="section card" aria-labelledby="storage-title">
            <h2 class="section__title" id="storage-title">"Storage"</h2>
            {move || health.get().map(|health| view! {
                <dl class="kv">
                    <dt>"Used"</dt>
                    <dd>{health.used.map(megabytes).unwrap_or_else(|| "Not reported by this browser".to_string())}</dd>
                    <dt>"Available"</dt>
                    <dd>{health.available.map(megabytes).unwrap_or_else(|| "Not reported by this browser".to_string())}</dd>
                    <dt>"Persistent"</dt>
                    <dd>{match health.persistent {
                        Some(true) => "Yes: the browser keeps this data until you delete it.".to_string(),
                        Some(false) => "No: the browser may clear it when space runs low.".to_string(),
                        None => "Not reported by this browser".to_string(),
                    }}</dd>
                </dl>
                {(health.persistent == Some(false)).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=request>"Ask the browser to keep the data"</button>
                })}
            })}
            <p class="muted">"Some browsers (Safari in particular) delete the data of sites not visited for a few weeks. Install Baton as an app (from the browser's menu) to avoid it, and export your data regularly: an export is the copy nothing can evict."</p>
            <p class="muted">"If the browser refuses to store more (the disk or the site's share is full), Baton says so and keeps everything already stored; free space or delete old transcripts, then try again."</p>
        </section>
    }
}
