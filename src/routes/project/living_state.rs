//! The project's living state: its section on the project page and the read view (goal, current
//! state, ordered next steps, decisions with rationale and rejected alternatives, constraints,
//! "do not redo", key files). The editor is in `living_state_editor.rs`.

use super::living_state_editor::LivingStateEditor;
use crate::components::Markdown;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use baton_core::records::{LivingState, Project};
use leptos::prelude::*;

#[component]
pub fn LivingStateSection(project: Project) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let id = project.id;
    let state = project.state.clone();
    view! {
        <section class="section card" aria-labelledby="living-state-title">
            <div class="row">
                <h2 class="section__title" id="living-state-title">{t!(i18n, project.living_state)}</h2>
                <span class="spacer"></span>
                <Show when=move || !editing.get()>
                    <button type="button" class="btn btn--small" on:click=move |_| editing.set(true)>{t!(i18n, project.edit_living_state)}</button>
                </Show>
            </div>
            {move || if editing.get() {
                view! { <LivingStateEditor id=id initial=state.clone() editing=editing /> }.into_any()
            } else {
                view! { <LivingStateView state=state.clone() /> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn LivingStateView(state: LivingState) -> impl IntoView {
    let i18n = use_i18n();
    let empty = state == LivingState::default();
    let list = |items: &Vec<String>, ordered: bool, label: &'static str| {
        items_or_none(label, ordered, items.iter().map(|item| view! { <li>{item.clone()}</li> }).collect())
    };
    if empty {
        return view! {
            <p class="muted">
                {t!(i18n, project.living_state_empty)}
            </p>
        }
        .into_any();
    }
    view! {
        <dl class="kv">
            <dt>{t!(i18n, project.goal)}</dt>
            <dd>{if state.goal.is_empty() { "—".to_string() } else { state.goal.clone() }}</dd>
            <dt>{t!(i18n, project.current_state)}</dt>
            <dd><Markdown source=state.current_state.clone() /></dd>
            <dt>{t!(i18n, project.next_steps)}</dt>
            <dd>{list(&state.next_steps, true, t_string!(i18n, project.next_steps))}</dd>
            <dt>{t!(i18n, project.decisions)}</dt>
            <dd>
                {items_or_none(t_string!(i18n, project.decisions), false, state.decisions.iter().map(|decision| {
                    let rejected = if decision.rejected_alternatives.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", t_string!(i18n, project.rejected, alternatives = decision.rejected_alternatives.join(", ")))
                    };
                    let rationale = if decision.rationale.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", t_string!(i18n, project.because, rationale = decision.rationale.clone()))
                    };
                    view! { <li><strong>{decision.text.clone()}</strong>{rationale}{rejected}</li> }
                }).collect())}
            </dd>
            <dt>{t!(i18n, project.constraints)}</dt>
            <dd>{list(&state.constraints, false, t_string!(i18n, project.constraints))}</dd>
            <dt>{t!(i18n, project.do_not_redo)}</dt>
            <dd>{list(&state.do_not_redo, false, t_string!(i18n, project.do_not_redo))}</dd>
            <dt>{t!(i18n, project.key_files)}</dt>
            <dd>
                {items_or_none(t_string!(i18n, project.key_files), false, state.files.iter().map(|file| view! {
                    <li>
                        <code class="mono">{file.path.clone()}</code>
                        " "
                        <span class="tag">{file.importance.label()}</span>
                        {if file.notes.is_empty() { String::new() } else { format!(" — {}", file.notes) }}
                    </li>
                }).collect())}
            </dd>
        </dl>
    }
    .into_any()
}

/// A list of the living state with its accessible name, or "None yet." when it is empty.
fn items_or_none<V: IntoView + 'static>(label: &'static str, ordered: bool, rows: Vec<V>) -> AnyView {
    if rows.is_empty() {
        let i18n = use_i18n();
        return view! { <p class="muted">{t!(i18n, project.none_yet)}</p> }.into_any();
    }
    let rows = rows.into_iter().collect_view();
    if ordered {
        view! { <ol aria-label=label>{rows}</ol> }.into_any()
    } else {
        view! { <ul aria-label=label>{rows}</ul> }.into_any()
    }
}
