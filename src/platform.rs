//! Browser side effects that are not storage, tabs or theme: time and randomness for ids, the
//! panic screen, the boot skeleton, the "ready" mark, file downloads.

use baton_core::service::Env;
use baton_core::Timestamp;
use wasm_bindgen::JsCast;

/// Time from the browser clock (which tests may fake), randomness from WebCrypto.
pub struct BrowserEnv;

impl Env for BrowserEnv {
    fn now(&self) -> Timestamp {
        Timestamp::from_unix_millis(js_sys::Date::now() as i64).expect("the browser clock is a valid time")
    }

    fn random_bytes(&self) -> [u8; 10] {
        let mut bytes = [0u8; 10];
        // Never a weaker source: ids from a predictable generator could collide across devices
        // and merge unrelated records. The start-up check shows this explanation before any id
        // is needed; the panic screen shows it should WebCrypto go away later.
        if let Err(message) = fill_random(&mut bytes) {
            panic!("{message}");
        }
        bytes
    }
}

/// The catalogue's language for texts worded outside a view (errors of browser calls, the panic
/// screen), where no i18n context may be at hand: the interface language.
pub fn locale() -> crate::i18n::Locale {
    crate::i18n::to_locale(baton_core::locale::language())
}

/// What the user is told when the browser offers no secure randomness.
pub fn no_secure_random() -> String {
    crate::i18n::td_string!(locale(), components.no_secure_random).to_string()
}

/// Fills `bytes` from WebCrypto, or says why it cannot.
pub fn fill_random(bytes: &mut [u8]) -> Result<(), String> {
    let crypto = web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &"crypto".into()).ok())
        .and_then(|crypto| crypto.dyn_into::<web_sys::Crypto>().ok())
        .ok_or_else(no_secure_random)?;
    crypto.get_random_values_with_u8_array(bytes).map(drop).map_err(|_| no_secure_random())
}

pub fn now() -> Timestamp {
    BrowserEnv.now()
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|window| window.document())
}

/// A Rust panic is never silent: the page is replaced by what happened and how to reload. The
/// data is untouched (a panic never commits a half-decided transaction: decide runs before writes).
pub fn install_panic_screen() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = info.to_string();
        let Some(document) = document() else { return };
        let Some(body) = document.body() else { return };
        body.set_inner_html("");
        let Ok(screen) = document.create_element("main") else { return };
        screen.set_class_name("error-screen");
        let _ = screen.set_attribute("role", "alert");
        let title = document.create_element("h1").ok();
        let text = document.create_element("p").ok();
        let detail = document.create_element("pre").ok();
        let button = document.create_element("button").ok();
        if let (Some(title), Some(text), Some(detail), Some(button)) = (title, text, detail, button) {
            let locale = locale();
            title.set_text_content(Some(crate::i18n::td_string!(locale, shell.panic.title)));
            text.set_text_content(Some(crate::i18n::td_string!(locale, shell.panic.text)));
            detail.set_text_content(Some(&message));
            button.set_text_content(Some(crate::i18n::td_string!(locale, shell.panic.reload)));
            button.set_class_name("btn btn--primary");
            let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            });
            let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
            reload.forget();
            let _ = screen.append_child(&title);
            let _ = screen.append_child(&text);
            let _ = screen.append_child(&button);
            let _ = screen.append_child(&detail);
        }
        let _ = body.append_child(&screen);
        if let Some(button) = body.query_selector("button").ok().flatten() {
            if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    }));
}

/// The static skeleton in index.html is painted before the wasm starts; the app replaces it.
pub fn remove_boot_skeleton() {
    if let Some(boot) = document().and_then(|document| document.get_element_by_id("boot")) {
        boot.remove();
    }
}

/// Sets `<html data-ready="true">` once the first screen shows its data (the benchmark and the
/// end-to-end tests wait for it).
pub fn mark_ready() {
    if let Some(root) = document().and_then(|document| document.document_element()) {
        if root.get_attribute("data-ready").is_none() {
            let _ = root.set_attribute("data-ready", "true");
        }
    }
}

/// A `performance.mark` (the benchmark reads `baton:db-open` to split a cold start into opening
/// the database and what the app does after).
pub fn performance_mark(name: &str) {
    // Through `Reflect`: web-sys only has `Performance::mark` with an extra (unstable) feature.
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        if let Ok(mark) = js_sys::Reflect::get(&performance, &"mark".into()) {
            if let Ok(mark) = mark.dyn_into::<js_sys::Function>() {
                let _ = mark.call1(&performance, &name.into());
            }
        }
    }
}

/// Gives the browser a turn (a task: input, painting, other work) before going on.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Moves focus to an element by id (after navigation, to the page heading).
pub fn focus_by_id(id: &str) {
    if let Some(element) = document().and_then(|document| document.get_element_by_id(id)) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Formats a timestamp in the interface language and the user's time zone.
pub fn format_datetime(at: Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.unix_millis() as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(baton_core::locale::language().code(), &options).into()
}

/// "3 min ago", "in 2 h", … through `Intl.RelativeTimeFormat`.
pub fn format_relative(at: Timestamp, now: Timestamp) -> String {
    let seconds = (at.unix_millis() - now.unix_millis()) as f64 / 1000.0;
    // Each unit is used while its rounded value stays below the next unit ("in 1 hour", not
    // "in 60 minutes").
    const UNITS: [(f64, f64, &str); 6] = [
        (1.0, 60.0, "second"),
        (60.0, 60.0, "minute"),
        (3600.0, 24.0, "hour"),
        (86_400.0, 30.0, "day"),
        (86_400.0 * 30.0, 12.0, "month"),
        (86_400.0 * 365.0, f64::INFINITY, "year"),
    ];
    let (value, unit) = UNITS
        .iter()
        .find(|(size, limit, _)| (seconds.abs() / size).round() < *limit)
        .map(|(size, _, unit)| (seconds / size, *unit))
        .unwrap_or((seconds / (86_400.0 * 365.0), "year"));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let locales = js_sys::Array::of1(&baton_core::locale::language().code().into());
    let formatter = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
    formatter.format(value.round(), unit).into()
}

thread_local! {
    static NAVIGATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Remembers that the user moved to another page (not the first load), so the next page
/// heading takes focus and screen-reader users hear where they are.
pub fn note_navigation() {
    NAVIGATED.with(|flag| flag.set(true));
}

/// Moves focus to the page heading once after a navigation.
pub fn focus_heading_after_navigation() {
    if NAVIGATED.with(|flag| flag.replace(false)) {
        leptos::prelude::request_animation_frame(|| focus_by_id("page-title"));
    }
}

/// Today's date as YYYY-MM-DD (for file names), in UTC.
pub fn today() -> String {
    now().to_text().chars().take(10).collect()
}

thread_local! {
    /// When the person last pressed a key, pointed, scrolled or typed (ms since the epoch).
    static LAST_INPUT: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// How long since the person last used the page (input of any kind), in ms; measured from the
/// first call when nothing happened since. Background work that would make the page stutter (the
/// weekly backup) waits for a quiet moment with this.
pub fn idle_for_ms() -> f64 {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let now = js_sys::Date::now();
    if LAST_INPUT.with(|last| last.get()).is_none() {
        LAST_INPUT.with(|last| last.set(Some(now)));
        if let Some(window) = web_sys::window() {
            let note = Closure::<dyn Fn()>::new(|| LAST_INPUT.with(|last| last.set(Some(js_sys::Date::now()))));
            for event in ["keydown", "pointerdown", "wheel", "input", "touchstart"] {
                let _ = window.add_event_listener_with_callback_and_bool(event, note.as_ref().unchecked_ref(), true);
            }
            // Listens for the page's life.
            note.forget();
        }
    }
    now - LAST_INPUT.with(|last| last.get()).unwrap_or(now)
}
