//! A session's transcript: read (long turns collapsed), copy, and paste → split → review → save.

use crate::components::Markdown;
use crate::i18n::core_text::estimate as format_estimate;
use crate::i18n::core_text::{Label, Phrase};
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::platform::focus_by_id;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    async_view, copy_with_toast, unique_id, use_action_with_options, Dialog, FormProblem, UseActionOptions,
};
use baton_core::locale::format_integer;
use baton_core::records::{StoreName, TranscriptTurn};
use baton_core::service::{Error, NewTurn};
use baton_core::Id;
use leptos::prelude::*;
use std::rc::Rc;

/// Turns longer than this many lines show collapsed.
const COLLAPSED_LINES: usize = 12;

#[component]
pub(super) fn TranscriptSection(session_id: Id) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let pasting = RwSignal::new(false);
    let turns = LocalResource::new(move || {
        state.track(StoreName::Turns);
        async move { service().transcript(session_id).await }
    });
    let existing = Signal::derive(move || turns.get().and_then(Result::ok).map(|turns| turns.len()).unwrap_or(0));
    view! {
        <section class="section card" aria-labelledby="session-transcript">
            <div class="row">
                <h2 class="section__title" id="session-transcript">{t!(i18n, session.transcript.title)}</h2>
                <span class="spacer"></span>
                {move || {
                    let list = turns.get().and_then(Result::ok).unwrap_or_default();
                    (!list.is_empty()).then(|| {
                        let text = baton_core::transcript::turns_text(&list);
                        view! {
                            <button type="button" class="btn btn--small" on:click=move |_| copy_with_toast(state, text.clone())>{t!(i18n, session.transcript.copy)}</button>
                        }
                    })
                }}
                <button type="button" class="btn btn--small" on:click=move |_| pasting.set(true)>{t!(i18n, session.transcript.paste)}</button>
            </div>
            {async_view(turns, 3, move |value| match value {
                list if list.is_empty() => view! {
                    <p class="muted">{t!(i18n, session.transcript.empty)}</p>
                }.into_any(),
                list => {
                    let summary = baton_core::transcript::count_turns(list.iter().map(|turn| (turn.role, turn.tokens))).phrase();
                    view! {
                        <p class="muted">{summary}</p>
                        <ol class="list" aria-label=t_string!(i18n, session.transcript.title)>
                            {list.into_iter().map(|turn| view! { <TurnView turn=turn /> }).collect_view()}
                        </ol>
                    }.into_any()
                }
            })}
            <PasteTranscriptDialog open=pasting session_id=session_id existing=existing />
        </section>
    }
}

#[component]
fn TurnView(turn: TranscriptTurn) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let expanded = RwSignal::new(false);
    let number = format_integer(i64::from(turn.seq));
    let line_count = turn.content.lines().count();
    let long = line_count > COLLAPSED_LINES;
    let full = turn.content.clone();
    let short =
        StoredValue::new(format!("{}\n…", turn.content.lines().take(COLLAPSED_LINES).collect::<Vec<_>>().join("\n")));
    let shown_full = StoredValue::new(full.clone());
    let content_id = format!("turn-{}", turn.id.as_uuid().simple());
    let heading_id = format!("{content_id}-role");
    let labelled_by = heading_id.clone();
    let shown = move || {
        if long && !expanded.get() {
            short.get_value()
        } else {
            shown_full.get_value()
        }
    };
    view! {
        <li class="list__item">
            <article class="list__body stack" aria-labelledby=labelled_by>
                <div class="row">
                    <h3 id=heading_id class="list__title">
                        <span class="visually-hidden">{t_string!(i18n, session.transcript.turn_heading, number = number.clone())}" "</span>
                        {turn.role.label()}
                    </h3>
                    <span class="muted">{format_estimate(turn.tokens)}</span>
                    <span class="spacer"></span>
                    <button type="button" class="btn btn--small" aria-label=t_string!(i18n, session.transcript.copy_turn, number)
                        on:click=move |_| copy_with_toast(state, full.clone())>{t!(i18n, session.transcript.copy_button)}</button>
                </div>
                // Chat replies are markdown (fences, lists, emphasis): rendered through the
                // sanitising renderer, with single line breaks kept (see .turn__content).
                <div id=content_id.clone() class="turn__content"><Markdown source=Signal::derive(shown) /></div>
                {long.then(|| view! {
                    <div>
                        <button type="button" class="btn btn--small" aria-controls=content_id.clone()
                            aria-expanded=move || expanded.get().to_string()
                            on:click=move |_| expanded.update(|open| *open = !*open)>
                            {move || if expanded.get() {
                                t_string!(i18n, session.transcript.show_less).to_string()
                            } else {
                                t_string!(i18n, session.transcript.show_all, lines = format_integer(line_count as i64))
                            }}
                        </button>
                    </div>
                })}
            </article>
        </li>
    }
}

/// Paste → "Split into turns" → review (roles, contents, token estimates, counts) → "Save
/// transcript" (added after the existing turns, or replacing them).
#[component]
fn PasteTranscriptDialog(open: RwSignal<bool>, session_id: Id, existing: Signal<usize>) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let review = RwSignal::new(None::<Vec<NewTurn>>);
    let replace = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let prefix = StoredValue::new(unique_id("paste-transcript"));
    let field_id = move |field: &str| format!("{}-{field}", prefix.get_value());
    Effect::new(move |_| {
        if open.get() {
            text.set(String::new());
            review.set(None);
            replace.set(false);
            problem.set(None);
        }
    });
    let split = move || {
        let pasted = text.get_untracked();
        if pasted.trim().is_empty() {
            problem.set(Some(tu_string!(i18n, session.transcript.paste_first).to_string()));
            focus_by_id(&field_id("conversation"));
            return;
        }
        let turns: Vec<NewTurn> = baton_core::transcript::split_transcript(&pasted)
            .into_iter()
            .map(|turn| NewTurn { role: turn.role, content: turn.content, tokens: turn.tokens })
            .collect();
        if turns.is_empty() {
            problem.set(Some(tu_string!(i18n, session.transcript.nothing_to_save).to_string()));
            return;
        }
        problem.set(None);
        review.set(Some(turns));
        let summary = field_id("summary");
        request_animation_frame(move || focus_by_id(&summary));
    };
    let save = use_action_with_options(
        move |(turns, replacing): (Vec<NewTurn>, bool)| async move {
            let count = service().save_transcript(session_id, turns, replacing).await?;
            Ok((count, replacing))
        },
        UseActionOptions {
            on_done: Rc::new(move |(count, replacing)| {
                open.set(false);
                let n = format_integer(i64::from(count));
                state.toast(
                    ToastKind::Success,
                    if replacing {
                        tu_string!(i18n, session.transcript.replaced, count, n)
                    } else {
                        tu_string!(i18n, session.transcript.saved, count, n)
                    },
                );
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => problem.set(Some(crate::i18n::errors::field_errors(&errors))),
                Error::Rule(rule) => problem.set(Some(crate::i18n::errors::rule_error(&rule))),
                error => state.report(&error),
            })),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(turns) = review.get_untracked() else {
            split();
            return;
        };
        let replacing = replace.get_untracked() && existing.get_untracked() > 0;
        save.dispatch((turns, replacing));
    };
    // Ctrl+Enter (or Cmd+Enter) in the conversation splits it; Enter alone is a new line.
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
            event.prevent_default();
            split();
        }
    };
    let back = move |_| {
        review.set(None);
        let id = field_id("conversation");
        request_animation_frame(move || focus_by_id(&id));
    };
    let conversation_id = field_id("conversation");
    let summary_id = field_id("summary");
    let replace_id = field_id("replace");
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, session.transcript.paste).to_string()) wide=true>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    <FormProblem problem=problem />
                    <div class="field" hidden=move || review.get().is_some()>
                        <label class="field__label" for=conversation_id.clone()>{t!(i18n, session.transcript.conversation)}</label>
                        <textarea id=conversation_id.clone() rows="14" bind:value=text on:keydown=on_keydown
                            aria-describedby=format!("{conversation_id}-hint")></textarea>
                        <p class="field__hint" id=format!("{conversation_id}-hint")>
                            {t!(i18n, session.transcript.conversation_hint)}
                        </p>
                    </div>
                    {move || review.get().map(|turns| {
                        let summary = baton_core::transcript::count_turns(turns.iter().map(|turn| (turn.role, turn.tokens))).phrase();
                        view! {
                            <p id=summary_id.clone() tabindex="-1"><strong>{summary}</strong></p>
                            <ol class="list" aria-label=t_string!(i18n, session.transcript.turns_to_save)>
                                {turns.into_iter().enumerate().map(|(index, turn)| view! {
                                    <li class="list__item">
                                        <article class="list__body stack" aria-label=t_string!(i18n, session.transcript.turn_label, number = format_integer(index as i64 + 1), role = turn.role.label())>
                                            <div class="row">
                                                <strong>{turn.role.label()}</strong>
                                                <span class="muted">{format_estimate(turn.tokens)}</span>
                                            </div>
                                            <div style:white-space="pre-wrap" style:overflow-wrap="anywhere">{turn.content}</div>
                                        </article>
                                    </li>
                                }).collect_view()}
                            </ol>
                            {(existing.get_untracked() > 0).then(|| view! {
                                <label class="checkbox" for=replace_id.clone()>
                                    <input id=replace_id.clone() type="checkbox" bind:checked=replace />
                                    <span>{
                                        let count = existing.get_untracked();
                                        t_string!(i18n, session.transcript.replace_existing, count, n = format_integer(count as i64))
                                    }</span>
                                </label>
                            })}
                        }
                    })}
                </div>
                <div class="dialog__footer">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>{t!(i18n, session.transcript.cancel)}</button>
                    <Show
                        when=move || review.get().is_some()
                        fallback=move || view! { <button type="submit" class="btn btn--primary">{t!(i18n, session.transcript.split)}</button> }
                    >
                        <button type="button" class="btn" on:click=back>{t!(i18n, session.transcript.back)}</button>
                        <button type="submit" class="btn btn--primary" disabled=move || save.pending.get()>{t!(i18n, session.transcript.save)}</button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}
