//! The living-state editor: goal, current state, and the ordered lists (next steps, decisions
//! with rationale and rejected alternatives, constraints, "do not redo", key files). Items reorder
//! with buttons (mouse or keyboard) and with Alt+↑ / Alt+↓ in their field.

use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::platform::focus_by_id;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{bind, use_action_with_options, Form, TextField, TextKind, UseActionOptions};
use baton_core::locale::format_integer;
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
    /// The name of one item ("Next step"), numbered in labels ("Next step 2").
    fn singular(&self) -> &'static str {
        let i18n = use_i18n();
        match self {
            ListKind::NextSteps => t_string!(i18n, project.item.next_step),
            ListKind::Constraints => t_string!(i18n, project.item.constraint),
            ListKind::DoNotRedo => t_string!(i18n, project.item.do_not_redo),
            ListKind::Decisions => t_string!(i18n, project.item.decision),
            ListKind::Files => t_string!(i18n, project.item.key_file),
        }
    }

    /// The button under the list that adds an item.
    fn add_label(&self) -> &'static str {
        let i18n = use_i18n();
        match self {
            ListKind::NextSteps => t_string!(i18n, project.add.next_step),
            ListKind::Constraints => t_string!(i18n, project.add.constraint),
            ListKind::DoNotRedo => t_string!(i18n, project.add.do_not_redo),
            ListKind::Decisions => t_string!(i18n, project.add.decision),
            ListKind::Files => t_string!(i18n, project.add.key_file),
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

/// An item's accessible name: its kind and its place ("Next step 2").
fn item_name(kind: ListKind, index: usize) -> String {
    format!("{} {}", kind.singular(), format_integer(index as i64 + 1))
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
    let i18n = use_i18n();
    let name = item_name(kind, index);
    view! {
        <div class="list__actions">
            <button type="button" class="btn btn--small" id=format!("{}-up", field_id(kind, index)) aria-label=t_string!(i18n, project.move_up, item = name.clone())
                on:click=move |_| move_item(draft, kind, index, true, "-up")>"↑"</button>
            <button type="button" class="btn btn--small" id=format!("{}-down", field_id(kind, index)) aria-label=t_string!(i18n, project.move_down, item = name.clone())
                on:click=move |_| move_item(draft, kind, index, false, "-down")>"↓"</button>
            <button type="button" class="btn btn--small" aria-label=t_string!(i18n, project.remove_item, item = name)
                on:click=move |_| draft.update(|state| kind.remove(state, index))>{t!(i18n, project.remove)}</button>
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
    add_label: &'static str,
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
    list_fieldset(draft, kind, title, hint, kind.add_label(), true, move |index| {
        let id = field_id(kind, index);
        view! {
            <li class="row">
                <label class="visually-hidden" for=id.clone()>{item_name(kind, index)}</label>
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
    let i18n = use_i18n();
    let kind = ListKind::Decisions;
    list_fieldset(
        draft,
        kind,
        t_string!(i18n, project.decisions),
        t_string!(i18n, project.decisions_hint),
        kind.add_label(),
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
                        <label class="field__label" for=id.clone()>{item_name(kind, index)}</label>
                        <input id=id.clone() type="text" prop:value=get(|d| d.text.clone()) on:input=set(|d, v| d.text = v)
                            on:keydown=reorder_keys(draft, kind, index) />
                    </div>
                    <div class="form-row">
                        <div class="field">
                            <label class="field__label" for=format!("{id}-rationale")>{t!(i18n, project.rationale)}</label>
                            <input id=format!("{id}-rationale") type="text" prop:value=get(|d| d.rationale.clone()) on:input=set(|d, v| d.rationale = v) />
                        </div>
                        <div class="field">
                            <label class="field__label" for=format!("{id}-rejected")>{t!(i18n, project.rejected_alternatives)}</label>
                            <input id=format!("{id}-rejected") type="text" placeholder=t_string!(i18n, project.comma_separated)
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
    let i18n = use_i18n();
    let kind = ListKind::Files;
    list_fieldset(
        draft,
        kind,
        t_string!(i18n, project.key_files),
        t_string!(i18n, project.key_files_hint),
        kind.add_label(),
        false,
        move |index| {
            let id = field_id(kind, index);
            let notes_id = format!("{id}-notes");
            let importance_id = format!("{id}-importance");
            view! {
                <div class="form-row">
                    <div class="field">
                        <label class="field__label" for=id.clone()>{t_string!(i18n, project.key_file_path, number = format_integer(index as i64 + 1))}</label>
                        <input id=id.clone() type="text" class="mono"
                            prop:value=move || draft.with(|state| state.files.get(index).map(|f| f.path.clone()).unwrap_or_default())
                            on:input=move |event| { let value = event_target_value(&event); draft.update(|state| if let Some(file) = state.files.get_mut(index) { file.path = value; }); }
                            on:keydown=reorder_keys(draft, kind, index) />
                    </div>
                    <div class="field">
                        <label class="field__label" for=importance_id.clone()>{t!(i18n, project.importance)}</label>
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
                        <label class="field__label" for=notes_id.clone()>{t!(i18n, project.notes)}</label>
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
    let i18n = use_i18n();
    let draft = RwSignal::new(initial);
    let problems = RwSignal::new(Vec::<String>::new());
    let form = Form::new("state");
    let save = use_action_with_options(
        move |current: LivingState| async move { service().set_living_state(id, &current).await },
        UseActionOptions {
            on_done: Rc::new(move |_| {
                editing.set(false);
                state.toast(ToastKind::Success, tu_string!(i18n, project.living_state_saved));
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
        <form class="form" on:submit=on_submit on:keydown=on_keydown novalidate aria-label=t_string!(i18n, project.edit_living_state)>
            <Show when=move || !problems.get().is_empty()>
                <div class="banner banner--warning" role="alert">
                    <ul>{move || problems.get().into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <TextField form=form name="goal" label=t_string!(i18n, project.goal) kind=TextKind::Multiline(2) hint=t_string!(i18n, project.goal_hint)
                value=goal on_input=on_goal />
            <TextField form=form name="current_state" label=t_string!(i18n, project.current_state) kind=TextKind::Multiline(6)
                hint=t_string!(i18n, project.current_state_hint) value=current on_input=on_current />
            <StringList draft=draft kind=ListKind::NextSteps title=t_string!(i18n, project.next_steps) hint=t_string!(i18n, project.next_steps_hint) />
            <DecisionList draft=draft />
            <StringList draft=draft kind=ListKind::Constraints title=t_string!(i18n, project.constraints) hint=t_string!(i18n, project.constraints_hint) />
            <StringList draft=draft kind=ListKind::DoNotRedo title=t_string!(i18n, project.do_not_redo) hint=t_string!(i18n, project.do_not_redo_hint) />
            <FileList draft=draft />
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| editing.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" disabled=move || save.pending.get()>{t!(i18n, project.save_living_state)}</button>
            </div>
        </form>
    }
}
