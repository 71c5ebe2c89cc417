//! The one network request Baton makes: to the OpenAI-compatible chat endpoint the user
//! configured in Settings, only when they press the button that uses it. Everything sent and
//! received is returned so the page can show it.

use crate::i18n::{td_string, Locale};
use baton_core::prompts::{self, AiEndpoint, EndpointProblem, ResponseProblem};
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
    pub result: Result<String, AiProblem>,
}

/// Why there is no condensed text. Kept typed and worded only when shown, so the words follow
/// the interface language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AiProblem {
    /// No endpoint is set up in Settings.
    NoEndpoint,
    /// The endpoint stored in Settings is not a valid one.
    Endpoint(EndpointProblem),
    /// A success status whose body gave no text.
    Response(ResponseProblem),
    /// A status outside 200–299, with what its body said when it said anything.
    Status {
        status: u16,
        problem: Option<ResponseProblem>,
    },
    NoWindow,
    /// The browser refused the request headers.
    HeadersRefused,
    /// The key has characters an HTTP header cannot carry.
    KeyCharacters,
    /// The browser cannot send a request to this address.
    BadAddress {
        url: String,
    },
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The request failed: no server, no network, or CORS.
    Unreachable,
    NotAResponse,
}

impl AiProblem {
    /// The problem in the words of `locale`.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            AiProblem::NoEndpoint => td_string!(locale, components.ai.no_endpoint).to_string(),
            AiProblem::Endpoint(problem) => endpoint_problem_text(locale, *problem),
            AiProblem::Response(problem) => response_problem_text(locale, problem),
            AiProblem::Status { status, problem: Some(problem) } => {
                let message = response_problem_text(locale, problem);
                td_string!(locale, components.ai.answered_with, status, message).to_string()
            }
            AiProblem::Status { status, problem: None } => {
                td_string!(locale, components.ai.answered, status).to_string()
            }
            AiProblem::NoWindow => td_string!(locale, components.no_window).to_string(),
            AiProblem::HeadersRefused => td_string!(locale, components.ai.headers_refused).to_string(),
            AiProblem::KeyCharacters => td_string!(locale, components.ai.key_characters).to_string(),
            AiProblem::BadAddress { url } => td_string!(locale, components.ai.bad_address, url).to_string(),
            AiProblem::Timeout => {
                let seconds = baton_core::locale::format_integer(i64::from(TIMEOUT_MS / 1000));
                td_string!(locale, components.ai.timeout, seconds).to_string()
            }
            AiProblem::Unreachable => td_string!(locale, components.ai.unreachable).to_string(),
            AiProblem::NotAResponse => td_string!(locale, components.ai.not_a_response).to_string(),
        }
    }
}

/// Why an endpoint typed in Settings was refused, with what to type instead, in `locale`.
pub fn endpoint_problem_text(locale: Locale, problem: EndpointProblem) -> String {
    match problem {
        EndpointProblem::NoAddress => td_string!(locale, settings.ai_errors.no_address),
        EndpointProblem::Spaces => td_string!(locale, settings.ai_errors.spaces),
        EndpointProblem::NoScheme => td_string!(locale, settings.ai_errors.no_scheme),
        EndpointProblem::Credentials => td_string!(locale, settings.ai_errors.credentials),
        EndpointProblem::NoHost => td_string!(locale, settings.ai_errors.no_host),
        EndpointProblem::InsecureRemote => td_string!(locale, settings.ai_errors.insecure_remote),
        EndpointProblem::Fragment => td_string!(locale, settings.ai_errors.fragment),
        EndpointProblem::NoModel => td_string!(locale, settings.ai_errors.no_model),
    }
    .to_string()
}

/// Why an endpoint's answer gave no text, with what to check, in `locale`. The endpoint's own
/// error message and the start of a non-JSON answer are quoted as they came.
pub fn response_problem_text(locale: Locale, problem: &ResponseProblem) -> String {
    match problem {
        ResponseProblem::Empty => td_string!(locale, settings.ai_errors.empty).to_string(),
        ResponseProblem::NotJson { start } => td_string!(locale, settings.ai_errors.not_json, start).to_string(),
        ResponseProblem::Error { message: Some(message) } => {
            td_string!(locale, settings.ai_errors.error, message).to_string()
        }
        ResponseProblem::Error { message: None } => td_string!(locale, settings.ai_errors.error_no_details).to_string(),
        ResponseProblem::NoChoices => td_string!(locale, settings.ai_errors.no_choices).to_string(),
        ResponseProblem::NoChoice => td_string!(locale, settings.ai_errors.no_choice).to_string(),
        ResponseProblem::EmptyAnswer => td_string!(locale, settings.ai_errors.empty_answer).to_string(),
    }
}

/// The configured endpoint, or why there is none.
pub fn configured_endpoint() -> Result<AiEndpoint, AiProblem> {
    let preferences = crate::preferences::load();
    if preferences.ai_url.trim().is_empty() {
        return Err(AiProblem::NoEndpoint);
    }
    prompts::validate_endpoint(&preferences.ai_url, &preferences.ai_model).map_err(AiProblem::Endpoint)
}

/// Sends `draft` to the endpoint for condensing.
pub async fn condense(endpoint: &AiEndpoint, key: Option<String>, draft: &str) -> AiExchange {
    let request_body = prompts::condense_request_body(endpoint, draft);
    let (status, response_body, result) = match send(&endpoint.url, key, &request_body).await {
        Ok((status, body)) => {
            let result = if (200..300).contains(&status) {
                prompts::parse_chat_response(&body).map_err(AiProblem::Response)
            } else {
                // An error status: say what its body said, if it said anything.
                let problem = match prompts::parse_chat_response(&body) {
                    Err(problem) if !body.trim().is_empty() => Some(problem),
                    _ => None,
                };
                Err(AiProblem::Status { status, problem })
            };
            (Some(status), body, result)
        }
        Err(problem) => (None, String::new(), Err(problem)),
    };
    AiExchange { url: endpoint.url.clone(), request_body, status, response_body, result }
}

async fn send(url: &str, key: Option<String>, body: &str) -> Result<(u16, String), AiProblem> {
    let window = web_sys::window().ok_or(AiProblem::NoWindow)?;
    let headers = web_sys::Headers::new().map_err(|_| AiProblem::HeadersRefused)?;
    let _ = headers.set("Content-Type", "application/json");
    if let Some(key) = key.filter(|key| !key.is_empty()) {
        headers.set("Authorization", &format!("Bearer {key}")).map_err(|_| AiProblem::KeyCharacters)?;
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
        .map_err(|_| AiProblem::BadAddress { url: url.to_string() })?;
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
                AiProblem::Timeout
            } else {
                AiProblem::Unreachable
            }
        })?
        .dyn_into()
        .map_err(|_| AiProblem::NotAResponse)?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|text| text.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((status, text))
}
