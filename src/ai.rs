//! The one network request Baton makes: to the OpenAI-compatible chat endpoint the user
//! configured in Settings, only when they press the button that uses it. Everything sent and
//! received is returned so the page can show it.

use crate::i18n::td_string;
use baton_core::prompts::{self, AiEndpoint};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long a model may take before the request is given up.
const TIMEOUT_MS: i32 = 90_000;

/// What was sent, what came back, and the condensed text or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub struct AiExchange {
    pub url: String,
    pub request_body: String,
    pub status: Option<u16>,
    pub response_body: String,
    pub result: Result<String, String>,
}

/// The configured endpoint, or why there is none.
pub fn configured_endpoint() -> Result<AiEndpoint, String> {
    let preferences = crate::preferences::load();
    if preferences.ai_url.trim().is_empty() {
        return Err(td_string!(crate::platform::locale(), components.ai.no_endpoint).to_string());
    }
    prompts::validate_endpoint(&preferences.ai_url, &preferences.ai_model)
}

/// Sends `draft` to the endpoint for condensing.
pub async fn condense(endpoint: &AiEndpoint, key: Option<String>, draft: &str) -> AiExchange {
    let request_body = prompts::condense_request_body(endpoint, draft);
    let mut exchange = AiExchange {
        url: endpoint.url.clone(),
        request_body: request_body.clone(),
        status: None,
        response_body: String::new(),
        result: Err(String::new()),
    };
    match send(&endpoint.url, key, &request_body).await {
        Ok((status, body)) => {
            exchange.status = Some(status);
            exchange.result = if (200..300).contains(&status) {
                prompts::parse_chat_response(&body)
            } else {
                let locale = crate::platform::locale();
                Err(match prompts::parse_chat_response(&body) {
                    Err(message) if !body.trim().is_empty() => {
                        td_string!(locale, components.ai.answered_with, status, message).to_string()
                    }
                    _ => td_string!(locale, components.ai.answered, status).to_string(),
                })
            };
            exchange.response_body = body;
        }
        Err(message) => exchange.result = Err(message),
    }
    exchange
}

async fn send(url: &str, key: Option<String>, body: &str) -> Result<(u16, String), String> {
    let locale = crate::platform::locale();
    let window = web_sys::window().ok_or(td_string!(locale, components.no_window))?;
    let headers = web_sys::Headers::new().map_err(|_| td_string!(locale, components.ai.headers_refused).to_string())?;
    let _ = headers.set("Content-Type", "application/json");
    if let Some(key) = key.filter(|key| !key.is_empty()) {
        headers
            .set("Authorization", &format!("Bearer {key}"))
            .map_err(|_| td_string!(locale, components.ai.key_characters).to_string())?;
    }
    let controller = web_sys::AbortController::new().ok();
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    // No cookies or referrer go to a third party.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    if let Some(controller) = &controller {
        init.set_signal(Some(&controller.signal()));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init)
        .map_err(|_| td_string!(locale, components.ai.bad_address, url).to_string())?;
    let timeout = controller.map(|controller| {
        let abort = Closure::once_into_js(move || controller.abort());
        window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS).ok()
    });
    let outcome = JsFuture::from(window.fetch_with_request(&request)).await;
    if let Some(Some(handle)) = timeout {
        window.clear_timeout_with_handle(handle);
    }
    let response: web_sys::Response = outcome
        .map_err(|error| {
            let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|name| name.as_string());
            if name.as_deref() == Some("AbortError") {
                let seconds = baton_core::locale::format_integer(i64::from(TIMEOUT_MS / 1000));
                td_string!(locale, components.ai.timeout, seconds).to_string()
            } else {
                td_string!(locale, components.ai.unreachable).to_string()
            }
        })?
        .dyn_into()
        .map_err(|_| td_string!(locale, components.ai.not_a_response).to_string())?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|text| text.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((status, text))
}
