//! Copying text. leptos-use's `use_clipboard` was weighed and not taken: it needs the whole
//! `leptos-use` crate (Baton takes only its split crates, to keep the wasm small) and reports
//! failure through a signal, where every caller here wants the reason in a toast.

use crate::state::{AppState, ToastKind};
use wasm_bindgen::JsCast;

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`, called through `Reflect` so
/// no extra web-sys feature is needed).
pub async fn write_clipboard(text: &str) -> Result<(), String> {
    let locale = crate::platform::locale();
    let unavailable = || crate::i18n::td_string!(locale, components.clipboard.unavailable).to_string();
    let window = web_sys::window().ok_or_else(unavailable)?;
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into()).map_err(|_| unavailable())?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(unavailable());
    }
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(unavailable)?;
    let promise = write
        .call1(&clipboard, &wasm_bindgen::JsValue::from_str(text))
        .ok()
        .and_then(|promise| promise.dyn_into::<js_sys::Promise>().ok())
        .ok_or_else(unavailable)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| crate::i18n::td_string!(locale, components.clipboard.refused).to_string())
}

/// Copies `text` and says so in a toast ("Copied", or why not).
pub fn copy_with_toast(state: AppState, text: String) {
    leptos::task::spawn_local(async move {
        match write_clipboard(&text).await {
            Ok(()) => state.toast(
                ToastKind::Success,
                crate::i18n::td_string!(crate::platform::locale(), components.clipboard.copied),
            ),
            Err(message) => state.toast(ToastKind::Error, message),
        }
    });
}
