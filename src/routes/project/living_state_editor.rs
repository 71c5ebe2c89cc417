//! The living-state editor: goal, current state, and the ordered lists (next steps, decisions
//! with rationale and rejected alternatives, constraints, "do not redo", key files). Items reorder
//! with buttons (mouse or keyboard) and with Alt+↑ / Alt+↓ in their field.

use crate::platform::focus_by_id;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{bind, use_action_with_options, Form, TextField, TextKind, UseActionOptions};
use baton_core::records::{Decision, Importance, KeyFile, LivingState};
use baton_core::service::Error;
use baton_core::validate::parse_tags;
use baton_core::Id;
use leptos::prelude::*;
use std::rc::Rc;

/// Which list of the living state a row belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListKind {
    NextSteps,
    Constraints,
    DoNotRedo,
    Decisions,
    Files,
}

impl ListKind {
    fn singular(&self) -> &'static str {
        match self {
            ListKind::NextSteps => "Next step",
            ListKind::Constraints => "Constraint",
            ListKind::DoNotRedo => "Do not redo",
            ListKind::Decisions => "Decision",
            ListKind::Files => "Key file",
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            ListKind::NextSteps => "next-step",
            ListKind::Constraints => "constraint",
            ListKind::DoNotRedo => "do-not-redo",
            ListKind::Decisions => "decision",
            ListKind::Files => "key-file",
        }
    }

    fn len(&self, state: &LivingState) -> usize {
        match self {
            ListKind::NextSteps => state.next_steps.len(),
            ListKind::Constraints => state.constraints.len(),
            ListKind::DoNotRedo => state.do_not_redo.len(),
            ListKind::Decisions => state.decisions.len(),
            ListKind::Files => state.files.len(),
        }
    }

    fn string_at(&self, state: &LivingState, index: usize) -> Option<String> {
        match self {
            ListKind::NextSteps => state.next_steps.get(index).cloned(),
            ListKind::Constraints => state.constraints.get(index).cloned(),
            ListKind::DoNotRedo => state.do_not_redo.get(index).cloned(),
            _ => None,
        }
    }

    fn strings<'a>(&self, state: &'a mut LivingState) -> Option<&'a mut Vec<String>> {
        match self {
            ListKind::NextSteps => Some(&mut state.next_steps),
            ListKind::Constraints => Some(&mut state.constraints),
            ListKind::DoNotRedo => Some(&mut state.do_not_redo),
            _ => None,
        }
    }

    fn swap(&self, state: &mut LivingState, a: usize, b: usize) {
        match self {
            ListKind::Decisions => state.decisions.swap(a, b),
            ListKind::Files => state.files.swap(a, b),
            other => {
                if let Some(items) = other.strings(state) {
                    items.swap(a, b);
                }
            }
        }
    }

    fn remove(&self, state: &mut LivingState, at: usize) {
        match self {
            ListKind::Decisions => {
                state.decisions.remove(at);
            }
            ListKind::Files => {
                state.files.remove(at);
            }
            other => {
                if let Some(items) = other.strings(state) {
                    items.remove(at);
                }
            }
        }
    }

    fn push_empty(&self, state: &mut LivingState) {
        match self {
            ListKind::Decisions => state.decisions.push(Decision::default()),
            ListKind::Files => {
                state.files.push(KeyFile { path: String::new(), importance: Importance::Normal, notes: String::new() })
            }
            other => {
                if let Some(items) = other.strings(state) {
                    items.push(String::new());
                }
            }
        }
    }
}

fn field_id(kind: ListKind, index: usize) -> String {
    format!("{}-{}", kind.slug(), index + 1)
}

/// Moves item `index` by `offset` and keeps focus on the same item at its new place.
fn move_item(draft: RwSignal<LivingState>, kind: ListKind, index: usize, up: bool, focus_suffix: &str) {
    let len = draft.with_untracked(|state| kind.len(state));
    let target = if up { index.checked_sub(1) } else { (index + 1 < len).then_some(index + 1) };
    if let Some(target) = target {
        draft.update(|state| kind.swap(state, index, target));
        let id = format!("{}{focus_suffix}", field_id(kind, target));
        request_animation_frame(move || focus_by_id(&id));
    }
}

/// The buttons of a row: move up, move down, remove.
fn row_actions(draft: RwSignal<LivingState>, kind: ListKind, index: usize) -> impl IntoView {
    let name = format!("{} {}", kind.singular(), index + 1);
    view! {
        <div class="list__actions">
            <button type="button" class="btn btn--small" id=format!("{}-up", field_id(kind, index)) aria-label=format!("Move {name} up")
                on:click=move |_| move_item(draft, kind, index, true, "-up")>"↑"</button>
            <button type="button" class="btn btn--small" id=format!("{}-down", field_id(kind, index)) aria-label=format!("Move {name} down")
                on:click=move |_| move_item(draft, kind, index, false, "-down")>"↓"</button>
            <button type="button" class="btn btn--small" aria-label=format!("Remove {name}")
                on:click=move |_| draft.update(|state| kind.remove(state, index))>"Remove"</button>
        </div>
    }
}

/// "Add …" under a list: a new empty item at the end, focused.
fn add_button(
    draft: RwSignal<LivingState>,
    kind: ListKind,
    len: Memo<usize>,
    label: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <div>
            <button type="button" class="btn btn--small" on:click=move |_| {
                draft.update(|state| kind.push_empty(state));
                let id = field_id(kind, len.get_untracked().saturating_sub(1));
                request_animation_frame(move || focus_by_id(&id));
            }>{label}</button>
        </div>
    }
}

/// One list of the editor: its title and hint, a row per item (`row(index)`, inside an `<ol>`
/// when `ordered`) and "Add …".
fn list_fieldset<V: IntoView + 'static>(
    draft: RwSignal<LivingState>,
    kind: ListKind,
    title: &'static str,
    hint: &'static str,
    add_label: String,
    ordered: bool,
    row: impl Fn(usize) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let len = Memo::new(move |_| draft.with(|state| kind.len(state)));
    let rows = move || (0..len.get()).map(row.clone()).collect_view();
    view! {
        <fieldset class="stack">
            <legend class="field__label">{title}</legend>
            <p class="field__hint">{hint}</p>
            {if ordered { view! { <ol class="stack">{rows}</ol> }.into_any() } else { rows.into_any() }}
            {add_button(draft, kind, len, add_label)}
        </fieldset>
    }
}

/// Alt+↑ / Alt+↓ in an item's field moves the item.
fn reorder_keys(
    draft: RwSignal<LivingState>,
    kind: ListKind,
    index: usize,
) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |event: leptos::ev::KeyboardEvent| {
        if event.alt_key() && (event.key() == "ArrowUp" || event.key() == "ArrowDown") {
            event.prevent_default();
            move_item(draft, kind, index, event.key() == "ArrowUp", "");
        }
    }
}

#[component]
fn StringList(draft: RwSignal<LivingState>, kind: ListKind, title: &'static str, hint: &'static str) -> impl IntoView {
    list_fieldset(draft, kind, title, hint, format!("Add {}", kind.singular().to_lowercase()), true, move |index| {
        let id = field_id(kind, index);
        view! {
            <li class="row">
                <label class="visually-hidden" for=id.clone()>{format!("{} {}", kind.singular(), index + 1)}</label>
                <input
                    id=id
                    type="text"
                    class="spacer"
                    prop:value=move || draft.with(|state| kind.string_at(state, index).unwrap_or_default())
                    on:input=move |event| {
                        let value = event_target_value(&event);
                        draft.update(|state| {
                            if let Some(item) = kind.strings(state).and_then(|items| items.get_mut(index)) {
                                *item = value;
                            }
                        });
                    }
                    on:keydown=reorder_keys(draft, kind, index)
                />
                {row_actions(draft, kind, index)}
            </li>
        }
    })
}

#[component]
fn DecisionList(draft: RwSignal<LivingState>) -> impl IntoView {
    let kind = ListKind::Decisions;
    list_fieldset(
        draft,
        kind,
        "Decisions",
        "What was decided, why, and what was rejected, so nobody reopens it.",
        "Add decision".to_string(),
        false,
        move |index| {
            let id = field_id(kind, index);
            let get = move |read: fn(&Decision) -> String| {
                move || draft.with(|state| state.decisions.get(index).map(read).unwrap_or_default())
            };
            let set = move |write: fn(&mut Decision, String)| {
                move |event: leptos::ev::Event| {
                    let value = event_target_value(&event);
                    draft.update(|state| {
                        if let Some(decision) = state.decisions.get_mut(index) {
                            write(decision, value);
                        }
                    });
                }
            };
            view! {
                <div class="card stack">
                    <div class="field">
                        <label class="field__label" for=id.clone()>{format!("Decision {}", index + 1)}</label>
                        <input id=id.clone() type="text" prop:value=get(|d| d.text.clone()) on:input=set(|d, v| d.text = v)
                            on:keydown=reorder_keys(draft, kind, index) />
                    </div>
                    <div class="form-row">
                        <div class="field">
                            <label class="field__label" for=format!("{id}-rationale")>"Rationale"</label>
                            <input id=format!("{id}-rationale") type="text" prop:value=get(|d| d.rationale.clone()) on:input=set(|d, v| d.rationale = v) />
                        </div>
                        <div class="field">
                            <label class="field__label" for=format!("{id}-rejected")>"Rejected alternatives"</label>
                            <input id=format!("{id}-rejected") type="text" placeholder="Comma-separated"
                                prop:value=get(|d| d.rejected_alternatives.join(", "))
                                on:change=set(|d, v| d.rejected_alternatives = parse_tags(&v)) />
                        </div>
                    </div>
                    {row_actions(draft, kind, index)}
                </div>
            }
        },
    )
}

#[component]
fn FileList(draft: RwSignal<LivingState>) -> impl IntoView {
    let kind = ListKind::Files;
    list_fieldset(
        draft,
        kind,
        "Key files",
        "Files the next assistant must know, most important first.",
        "Add key file".to_string(),
        false,
        move |index| {
            let id = field_id(kind, index);
            let notes_id = format!("{id}-notes");
            let importance_id = format!("{id}-importance");
            view! {
                <div class="form-row">
                    <div class="field">
                        <label class="field__label" for=id.clone()>{format!("Key file {} path", index + 1)}</label>
                        <input id=id.clone() type="text" class="mono"
                            prop:value=move || draft.with(|state| state.files.get(index).map(|f| f.path.clone()).unwrap_or_default())
                            on:input=move |event| { let value = event_target_value(&event); draft.update(|state| if let Some(file) = state.files.get_mut(index) { file.path = value; }); }
                            on:keydown=reorder_keys(draft, kind, index) />
                    </div>
                    <div class="field">
                        <label class="field__label" for=importance_id.clone()>"Importance"</label>
                        <select id=importance_id on:change=move |event| {
                            if let Some(importance) = Importance::parse(&event_target_value(&event)) {
                                draft.update(|state| if let Some(file) = state.files.get_mut(index) { file.importance = importance; });
                            }
                        }>
                            {Importance::ALL.iter().map(|importance| {
                                let importance = *importance;
                                view! { <option value=importance.as_str() selected=move || draft.with(|state| state.files.get(index).map(|f| f.importance) == Some(importance))>{importance.label()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="field__label" for=notes_id.clone()>"Notes"</label>
                        <input id=notes_id type="text"
                            prop:value=move || draft.with(|state| state.files.get(index).map(|f| f.notes.clone()).unwrap_or_default())
                            on:input=move |event| { let value = event_target_value(&event); draft.update(|state| if let Some(file) = state.files.get_mut(index) { file.notes = value; }); } />
                    </div>
                    {row_actions(draft, kind, index)}
                </div>
            }
        },
    )
}

#[component]
pub(super) fn LivingStateEditor(id: Id, initial: LivingState, editing: RwSignal<bool>) -> impl IntoView {
    let state = use_app();
    let draft = RwSignal::new(initial);
    let problems = RwSignal::new(Vec::<String>::new());
    let form = Form::new("state");
    let save = use_action_with_options(
        move |current: LivingState| async move { service().set_living_state(id, &current).await },
        UseActionOptions {
            on_done: Rc::new(move |_| {
                editing.set(false);
                state.toast(ToastKind::Success, "Living state saved");
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => problems.set(errors.iter().map(crate::i18n::errors::field_error).collect()),
                error => state.report(&error),
            })),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch(draft.get_untracked());
    };
    let (goal, on_goal) = bind(draft, |s| s.goal.clone(), |s, v| s.goal = v);
    let (current, on_current) = bind(draft, |s| s.current_state.clone(), |s, v| s.current_state = v);
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            editing.set(false);
            request_animation_frame(|| focus_by_id("living-state-title"));
        }
    };
    view! {
        <form class="form" on:submit=on_submit on:keydown=on_keydown novalidate aria-label="Edit living state">
            <Show when=move || !problems.get().is_empty()>
                <div class="banner banner--warning" role="alert">
                    <ul>{move || problems.get().into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <TextField form=form name="goal" label="Goal" kind=TextKind::Multiline(2) hint="What done looks like."
                value=goal on_input=on_goal />
            <TextField form=form name="current_state" label="Current state" kind=TextKind::Multiline(6)
                hint="Where the work stands now. Markdown." value=current on_input=on_current />
            <StringList draft=draft kind=ListKind::NextSteps title="Next steps" hint="In order; the first is the exact next action. Alt+↑ and Alt+↓ move an item." />
            <DecisionList draft=draft />
            <StringList draft=draft kind=ListKind::Constraints title="Constraints" hint="Rules the work must keep." />
            <StringList draft=draft kind=ListKind::DoNotRedo title="Do not redo" hint="Work that is done and must not be repeated." />
            <FileList draft=draft />
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                <button type="submit" class="btn btn--primary" disabled=move || save.pending.get()>"Save living state"</button>
            </div>
        </form>
    }
}
