//! The original app's prompt tools, on the handoff builder: condense pasted notes (its three
//! levels and a better default), the troubleshooting prompt, and optional AI-assisted condensing
//! through the endpoint set up in Settings (request and response shown; an honest fallback).

use crate::ai::{self, AiExchange};
use crate::nav::paths;
use crate::state::{service, use_app};
use crate::ui::copy_with_toast;
use baton_core::prompts::{self, CondenseLevel, TroubleshootInput};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Condense,
    Troubleshoot,
    Ai,
}

impl Tool {
    const ALL: [Tool; 3] = [Tool::Condense, Tool::Troubleshoot, Tool::Ai];

    fn label(self) -> &'static str {
        match self {
            Tool::Condense => "Condense notes",
            Tool::Troubleshoot => "Troubleshooting prompt",
            Tool::Ai => "AI-assisted condensing",
        }
    }
}

#[component]
pub fn PromptTools(project_id: Id, draft: Signal<String>) -> impl IntoView {
    let tool = RwSignal::new(Tool::Condense);
    view! {
        <section class="section card" aria-labelledby="prompt-tools-title">
            <h2 class="section__title" id="prompt-tools-title">"Prompt tools"</h2>
            <div class="segmented" role="group" aria-label="Prompt tool">
                {Tool::ALL.into_iter().map(|option| view! {
                    <button type="button" class="btn btn--small" aria-pressed=move || (tool.get() == option).to_string()
                        on:click=move |_| tool.set(option)>{option.label()}</button>
                }).collect_view()}
            </div>
            {move || match tool.get() {
                Tool::Condense => view! { <CondenseTool /> }.into_any(),
                Tool::Troubleshoot => view! { <TroubleshootTool project_id=project_id /> }.into_any(),
                Tool::Ai => view! { <AiTool draft=draft /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CondenseTool() -> impl IntoView {
    let state = use_app();
    let notes = RwSignal::new(String::new());
    let level = RwSignal::new(CondenseLevel::Smart);
    let result = Memo::new(move |_| {
        let notes = notes.get();
        (!notes.trim().is_empty()).then(|| prompts::condense(&notes, level.get()))
    });
    view! {
        <div class="form">
            <div class="field">
                <label class="field__label" for="condense-notes">"Notes to condense"</label>
                <textarea id="condense-notes" rows="8" prop:value=move || notes.get() on:input=move |event| notes.set(event_target_value(&event))
                    placeholder="Paste a chat or your notes"></textarea>
            </div>
            <fieldset class="field radio-group">
                <legend class="field__label">"Level"</legend>
                {CondenseLevel::ALL.iter().map(|option| {
                    let option = *option;
                    view! {
                        <label title=option.description()>
                            <input type="radio" name="condense-level" prop:checked=move || level.get() == option on:change=move |_| level.set(option) />
                            {format!(" {}", option.label())}
                        </label>
                    }
                }).collect_view()}
                <p class="field__hint">{move || level.get().description()}</p>
            </fieldset>
            {move || result.get().map(|condensed| {
                let text = condensed.text.clone();
                view! {
                    <p class="list__meta" role="status">{format!(
                        "Kept {} of {} lines · {} of {} characters ({}%)",
                        condensed.kept_lines, condensed.total_lines, condensed.condensed_chars, condensed.original_chars, condensed.ratio_percent
                    )}</p>
                    <div class="field">
                        <label class="field__label" for="condense-result">"Condensed notes"</label>
                        <textarea id="condense-result" rows="8" readonly prop:value=condensed.text></textarea>
                    </div>
                    <button type="button" class="btn" on:click=move |_| copy_with_toast(state, text.clone())>"Copy condensed notes"</button>
                }
            })}
        </div>
    }
}

#[component]
fn TroubleshootTool(project_id: Id) -> impl IntoView {
    let state = use_app();
    let error_message = RwSignal::new(String::new());
    let stack_trace = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let environment = RwSignal::new(String::new());
    let output = RwSignal::new(None::<Result<String, String>>);
    let project = LocalResource::new(move || async move { service().project(project_id).await.ok() });
    let build = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let project = project.get_untracked().flatten();
        let result = prompts::troubleshooting_prompt(&TroubleshootInput {
            error_message: &error_message.get_untracked(),
            stack_trace: &stack_trace.get_untracked(),
            code_snippet: &code.get_untracked(),
            environment: &environment.get_untracked(),
            project: project.as_ref(),
        });
        if result.is_err() {
            crate::platform::focus_by_id("trouble-error");
        }
        output.set(Some(result));
    };
    let field = |id: &'static str, label: &'static str, rows: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <textarea id=id rows=rows prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))></textarea>
            </div>
        }
    };
    view! {
        <form class="form" on:submit=build>
            <div class="field">
                <label class="field__label" for="trouble-error">"Error message"</label>
                <textarea id="trouble-error" rows="3" prop:value=move || error_message.get()
                    on:input=move |event| error_message.set(event_target_value(&event))
                    aria-invalid=move || matches!(output.get(), Some(Err(_))).to_string()
                    aria-describedby="trouble-error-hint"></textarea>
                <p class="field__hint" id="trouble-error-hint">{move || match output.get() {
                    Some(Err(message)) => message,
                    _ => "Required. The stack trace, code and environment are optional.".to_string(),
                }}</p>
            </div>
            {field("trouble-stack", "Stack trace", "4", stack_trace)}
            {field("trouble-code", "Code snippet", "4", code)}
            {field("trouble-environment", "Environment", "2", environment)}
            <button type="submit" class="btn btn--primary">"Build the prompt"</button>
            {move || match output.get() {
                Some(Ok(prompt)) => {
                    let copy = prompt.clone();
                    Some(view! {
                        <div class="field">
                            <label class="field__label" for="trouble-result">"Debugging prompt"</label>
                            <textarea id="trouble-result" rows="12" readonly prop:value=prompt></textarea>
                        </div>
                        <button type="button" class="btn" on:click=move |_| copy_with_toast(state, copy.clone())>"Copy prompt"</button>
                    })
                }
                _ => None,
            }}
        </form>
    }
}

#[component]
fn AiTool(draft: Signal<String>) -> impl IntoView {
    let state = use_app();
    let endpoint = ai::configured_endpoint();
    let sending = RwSignal::new(false);
    let exchange = RwSignal::new(None::<AiExchange>);
    let configured = endpoint.clone();
    let send = move |_| {
        let Ok(endpoint) = configured.clone() else { return };
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let text = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = ai::condense(&endpoint, crate::preferences::ai_key(), &text).await;
            sending.set(false);
            exchange.set(Some(result));
        });
    };
    match endpoint {
        Err(message) => view! {
            <div class="banner" role="status">
                <span class="banner__text">{format!("{message} Without one, the bundle above is built without a model and is ready to copy as it is.")}</span>
                <span class="banner__actions"><A href=crate::pwa::href(paths::SETTINGS) attr:class="btn btn--small">"Set up an AI endpoint"</A></span>
            </div>
        }
        .into_any(),
        Ok(endpoint) => view! {
            <div class="form">
                <p>{format!("Sends the bundle above to {} (model {}) and asks for a condensed master prompt. Nothing is sent until you press the button.", endpoint.url, endpoint.model)}</p>
                <button type="button" class="btn btn--primary" on:click=send disabled=move || sending.get()>
                    {move || if sending.get() { "Waiting for the model…" } else { "Condense with AI" }}
                </button>
                {move || exchange.get().map(|exchange| {
                    let result = exchange.result.clone();
                    view! {
                        {match result {
                            Ok(text) => {
                                let copy = text.clone();
                                view! {
                                    <div class="field">
                                        <label class="field__label" for="ai-result">"Condensed by the model"</label>
                                        <textarea id="ai-result" rows="12" readonly prop:value=text></textarea>
                                    </div>
                                    <button type="button" class="btn" on:click=move |_| copy_with_toast(state, copy.clone())>"Copy the model's version"</button>
                                }.into_any()
                            }
                            Err(message) => view! {
                                <p class="banner banner--warning" role="alert">{format!("The AI endpoint failed: {message} The bundle above is unchanged and ready to copy.")}</p>
                            }.into_any(),
                        }}
                        <details class="ai-exchange">
                            <summary>"Request and response"</summary>
                            <p class="list__meta">{format!("POST {}", exchange.url)}</p>
                            <pre class="bundle-preview" aria-label="Request body">{exchange.request_body.clone()}</pre>
                            <p class="list__meta">{exchange.status.map(|status| format!("Status {status}")).unwrap_or_else(|| "No response".to_string())}</p>
                            <pre class="bundle-preview" aria-label="Response body">{exchange.response_body.clone()}</pre>
                        </details>
                    }
                })}
            </div>
        }
        .into_any(),
    }
}
