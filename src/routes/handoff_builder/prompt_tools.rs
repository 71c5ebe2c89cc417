//! The original app's prompt tools, on the handoff builder: condense pasted notes (its three
//! levels and a better default), the troubleshooting prompt, and optional AI-assisted condensing
//! through the endpoint set up in Settings (request and response shown; an honest fallback).

use crate::ai::{self, AiExchange};
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::nav::paths;
use crate::state::{service, use_app};
use crate::ui::copy_with_toast;
use baton_core::locale::format_integer;
use baton_core::prompts::{self, CondenseLevel, TroubleshootInput};
use baton_core::Id;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Condense,
    Troubleshoot,
    Ai,
}

impl Tool {
    const ALL: [Tool; 3] = [Tool::Condense, Tool::Troubleshoot, Tool::Ai];

    fn label(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Tool::Condense => t_string!(i18n, builder.tools.condense),
            Tool::Troubleshoot => t_string!(i18n, builder.tools.troubleshoot),
            Tool::Ai => t_string!(i18n, builder.tools.ai),
        }
    }
}

#[component]
pub fn PromptTools(project_id: Id, draft: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let tool = RwSignal::new(Tool::Condense);
    view! {
        <section class="section card" aria-labelledby="prompt-tools-title">
            <h2 class="section__title" id="prompt-tools-title">{t!(i18n, builder.tools.title)}</h2>
            <div class="segmented" role="group" aria-label=t_string!(i18n, builder.tools.group)>
                {Tool::ALL.into_iter().map(|option| view! {
                    <button type="button" class="btn btn--small" aria-pressed=move || (tool.get() == option).to_string()
                        on:click=move |_| tool.set(option)>{option.label(i18n)}</button>
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
    let i18n = use_i18n();
    let notes = RwSignal::new(String::new());
    let level = RwSignal::new(CondenseLevel::Smart);
    let result = Memo::new(move |_| {
        let notes = notes.get();
        (!notes.trim().is_empty()).then(|| prompts::condense(&notes, level.get()))
    });
    view! {
        <div class="form">
            <div class="field">
                <label class="field__label" for="condense-notes">{t!(i18n, builder.tools.notes)}</label>
                <textarea id="condense-notes" rows="8" prop:value=move || notes.get() on:input=move |event| notes.set(event_target_value(&event))
                    placeholder=t_string!(i18n, builder.tools.notes_placeholder)></textarea>
            </div>
            <fieldset class="field radio-group">
                <legend class="field__label">{t!(i18n, builder.tools.level)}</legend>
                {CondenseLevel::ALL.iter().map(|option| {
                    let option = *option;
                    view! {
                        <label title=crate::i18n::core_text::condense_description(option)>
                            <input type="radio" name="condense-level" prop:checked=move || level.get() == option on:change=move |_| level.set(option) />
                            {format!(" {}", crate::i18n::core_text::Label::label(&option))}
                        </label>
                    }
                }).collect_view()}
                <p class="field__hint">{move || crate::i18n::core_text::condense_description(level.get())}</p>
            </fieldset>
            {move || result.get().map(|condensed| {
                let text = condensed.text.clone();
                view! {
                    <p class="list__meta" role="status">{t_string!(
                        i18n,
                        builder.tools.kept,
                        kept = format_integer(condensed.kept_lines as i64),
                        total = format_integer(condensed.total_lines as i64),
                        chars = format_integer(condensed.condensed_chars as i64),
                        original = format_integer(condensed.original_chars as i64),
                        percent = format_integer(condensed.ratio_percent as i64),
                    ).to_string()}</p>
                    <div class="field">
                        <label class="field__label" for="condense-result">{t!(i18n, builder.tools.condensed)}</label>
                        <textarea id="condense-result" rows="8" readonly prop:value=condensed.text></textarea>
                    </div>
                    <button type="button" class="btn" on:click=move |_| copy_with_toast(state, text.clone())>{t!(i18n, builder.tools.copy_condensed)}</button>
                }
            })}
        </div>
    }
}

#[component]
fn TroubleshootTool(project_id: Id) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let error_message = RwSignal::new(String::new());
    let stack_trace = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let environment = RwSignal::new(String::new());
    let output = RwSignal::new(None::<Result<String, String>>);
    let project = LocalResource::new(move || async move { service().project(project_id).await.ok() });
    let build = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let project = project.get_untracked().flatten();
        // The prompt is for the user's next conversation, in the interface language; its one
        // refusal (no error message) is worded here.
        let result = prompts::troubleshooting_prompt_in(
            &TroubleshootInput {
                error_message: &error_message.get_untracked(),
                stack_trace: &stack_trace.get_untracked(),
                code_snippet: &code.get_untracked(),
                environment: &environment.get_untracked(),
                project: project.as_ref(),
            },
            baton_core::locale::language(),
        )
        .map_err(|_| t_string!(i18n, builder.tools.describe_error_first).to_string());
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
                <label class="field__label" for="trouble-error">{t!(i18n, builder.tools.error_message)}</label>
                <textarea id="trouble-error" rows="3" prop:value=move || error_message.get()
                    on:input=move |event| error_message.set(event_target_value(&event))
                    aria-invalid=move || matches!(output.get(), Some(Err(_))).to_string()
                    aria-describedby="trouble-error-hint"></textarea>
                <p class="field__hint" id="trouble-error-hint">{move || match output.get() {
                    Some(Err(message)) => message,
                    _ => t_string!(i18n, builder.tools.error_hint).to_string(),
                }}</p>
            </div>
            {field("trouble-stack", t_string!(i18n, builder.tools.stack_trace), "4", stack_trace)}
            {field("trouble-code", t_string!(i18n, builder.tools.code), "4", code)}
            {field("trouble-environment", t_string!(i18n, builder.tools.environment), "2", environment)}
            <button type="submit" class="btn btn--primary">{t!(i18n, builder.tools.build)}</button>
            {move || match output.get() {
                Some(Ok(prompt)) => {
                    let copy = prompt.clone();
                    Some(view! {
                        <div class="field">
                            <label class="field__label" for="trouble-result">{t!(i18n, builder.tools.prompt)}</label>
                            <textarea id="trouble-result" rows="12" readonly prop:value=prompt></textarea>
                        </div>
                        <button type="button" class="btn" on:click=move |_| copy_with_toast(state, copy.clone())>{t!(i18n, builder.tools.copy_prompt)}</button>
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
    let i18n = use_i18n();
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
        Err(problem) => view! {
            <div class="banner" role="status">
                <span class="banner__text">{t_string!(i18n, builder.tools.no_endpoint, reason = problem.text(crate::platform::locale())).to_string()}</span>
                <span class="banner__actions"><A href=crate::pwa::href(paths::SETTINGS) attr:class="btn btn--small">{t!(i18n, builder.tools.set_up)}</A></span>
            </div>
        }
        .into_any(),
        Ok(endpoint) => view! {
            <div class="form">
                <p>{t_string!(i18n, builder.tools.sends, url = &endpoint.url, model = &endpoint.model).to_string()}</p>
                <button type="button" class="btn btn--primary" on:click=send disabled=move || sending.get()>
                    {move || if sending.get() { t_string!(i18n, builder.tools.waiting) } else { t_string!(i18n, builder.tools.condense_ai) }}
                </button>
                {move || exchange.get().map(|exchange| {
                    let result = exchange.result.clone();
                    view! {
                        {match result {
                            Ok(text) => {
                                let copy = text.clone();
                                view! {
                                    <div class="field">
                                        <label class="field__label" for="ai-result">{t!(i18n, builder.tools.ai_result)}</label>
                                        <textarea id="ai-result" rows="12" readonly prop:value=text></textarea>
                                    </div>
                                    <button type="button" class="btn" on:click=move |_| copy_with_toast(state, copy.clone())>{t!(i18n, builder.tools.copy_ai)}</button>
                                }.into_any()
                            }
                            Err(problem) => view! {
                                <p class="banner banner--warning" role="alert">{t_string!(i18n, builder.tools.ai_failed, reason = problem.text(crate::platform::locale())).to_string()}</p>
                            }.into_any(),
                        }}
                        <details class="ai-exchange">
                            <summary>{t!(i18n, builder.tools.exchange)}</summary>
                            <p class="list__meta">{format!("POST {}", exchange.url)}</p>
                            <pre class="bundle-preview" aria-label=t_string!(i18n, builder.tools.request_body)>{exchange.request_body.clone()}</pre>
                            <p class="list__meta">{exchange.status.map(|status| t_string!(i18n, builder.tools.status, status).to_string()).unwrap_or_else(|| t_string!(i18n, builder.tools.no_response).to_string())}</p>
                            <pre class="bundle-preview" aria-label=t_string!(i18n, builder.tools.response_body)>{exchange.response_body.clone()}</pre>
                        </details>
                    }
                })}
            </div>
        }
        .into_any(),
    }
}
