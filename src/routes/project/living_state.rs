//! The project's living state: its section on the project page and the read view (goal, current
//! state, ordered next steps, decisions with rationale and rejected alternatives, constraints,
//! "do not redo", key files). The editor is in `living_state_editor.rs`.

use super::living_state_editor::LivingStateEditor;
use crate::components::Markdown;
use crate::i18n::core_text::Label;
use baton_core::records::{LivingState, Project};
use leptos::prelude::*;

#[component]
pub fn LivingStateSection(project: Project) -> impl IntoView {
    let editing = RwSignal::new(false);
    let id = project.id;
    let state = project.state.clone();
    view! {
        <section class="section card" aria-labelledby="living-state-title">
            <div class="row">
                <h2 class="section__title" id="living-state-title">"Living state"</h2>
                <span class="spacer"></span>
                <Show when=move || !editing.get()>
                    <button type="button" class="btn btn--small" on:click=move |_| editing.set(true)>"Edit living state"</button>
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
    let empty = state == LivingState::default();
    let list = |items: &Vec<String>, ordered: bool, label: &'static str| {
        items_or_none(label, ordered, items.iter().map(|item| view! { <li>{item.clone()}</li> }).collect())
    };
    if empty {
        return view! {
            <p class="muted">
                "Write down the goal, where the work stands and the next step. This is what a handoff carries to the next assistant, and what its report updates."
            </p>
        }
        .into_any();
    }
    view! {
        <dl class="kv">
            <dt>"Goal"</dt>
            <dd>{if state.goal.is_empty() { "—".to_string() } else { state.goal.clone() }}</dd>
            <dt>"Current state"</dt>
            <dd><Markdown source=state.current_state.clone() /></dd>
            <dt>"Next steps"</dt>
            <dd>{list(&state.next_steps, true, "Next steps")}</dd>
            <dt>"Decisions"</dt>
            <dd>
                {items_or_none("Decisions", false, state.decisions.iter().map(|decision| {
                    let rejected = if decision.rejected_alternatives.is_empty() {
                        String::new()
                    } else {
                        format!(" (rejected: {})", decision.rejected_alternatives.join(", "))
                    };
                    let rationale = if decision.rationale.is_empty() { String::new() } else { format!(" — because {}", decision.rationale) };
                    view! { <li><strong>{decision.text.clone()}</strong>{rationale}{rejected}</li> }
                }).collect())}
            </dd>
            <dt>"Constraints"</dt>
            <dd>{list(&state.constraints, false, "Constraints")}</dd>
            <dt>"Do not redo"</dt>
            <dd>{list(&state.do_not_redo, false, "Do not redo")}</dd>
            <dt>"Key files"</dt>
            <dd>
                {items_or_none("Key files", false, state.files.iter().map(|file| view! {
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
        return view! { <p class="muted">"None yet."</p> }.into_any();
    }
    let rows = rows.into_iter().collect_view();
    if ordered {
        view! { <ol aria-label=label>{rows}</ol> }.into_any()
    } else {
        view! { <ul aria-label=label>{rows}</ul> }.into_any()
    }
}
