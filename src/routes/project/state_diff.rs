//! What changed between two checkpoints, field by field.

use crate::i18n::core_text::{Label, Phrase};
use baton_core::diff::{diff_states, line_diff, Change, LineChange};
use baton_core::records::{Checkpoint, Decision, KeyFile};
use leptos::prelude::*;

fn decision_text(decision: &Decision) -> String {
    let mut text = decision.text.clone();
    if !decision.rationale.is_empty() {
        text.push_str(&format!(" — because {}", decision.rationale));
    }
    if !decision.rejected_alternatives.is_empty() {
        text.push_str(&format!(" (rejected: {})", decision.rejected_alternatives.join(", ")));
    }
    text
}

fn file_text(file: &KeyFile) -> String {
    if file.notes.is_empty() {
        format!("{} ({})", file.path, file.importance.label())
    } else {
        format!("{} ({}) — {}", file.path, file.importance.label(), file.notes)
    }
}

fn changes<T>(title: &'static str, list: &[Change<T>], text: fn(&T) -> String) -> impl IntoView {
    let rows: Vec<(&'static str, &'static str, String)> = list
        .iter()
        .flat_map(|change| match change {
            Change::Added(item) => vec![("diff--added", "Added", text(item))],
            Change::Removed(item) => vec![("diff--removed", "Removed", text(item))],
            Change::Changed { before, after } => {
                vec![("diff--removed", "Before", text(before)), ("diff--added", "After", text(after))]
            }
        })
        .collect();
    (!rows.is_empty()).then(|| {
        view! {
            <h3>{title}</h3>
            <ul class="stack" aria-label=title>
                {rows.into_iter().map(|(class, label, text)| view! {
                    <li class=class><strong>{format!("{label}: ")}</strong>{text}</li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn StateDiffView(older: Checkpoint, newer: Checkpoint) -> impl IntoView {
    let diff = diff_states(&older.state, &newer.state);
    let heading = format!("From “{}” to “{}”", older.label, newer.label);
    if diff.is_empty() {
        return view! {
            <p class="muted">{heading}</p>
            <p>"The two checkpoints hold the same living state."</p>
        }
        .into_any();
    }
    let summary = diff.summary();
    let goal = diff.goal.clone().map(|(before, after)| {
        view! {
            <h3>"Goal"</h3>
            <p class="diff--removed"><strong>"Before: "</strong>{before}</p>
            <p class="diff--added"><strong>"After: "</strong>{after}</p>
        }
    });
    let current = diff.current_state.clone().map(|(before, after)| {
        view! {
            <h3>"Current state"</h3>
            <pre class="diff mono" aria-label="Current state, line by line">
                {line_diff(&before, &after).into_iter().map(|(change, line)| {
                    let (class, mark) = match change {
                        LineChange::Same => ("diff--same", "  "),
                        LineChange::Added => ("diff--added", "+ "),
                        LineChange::Removed => ("diff--removed", "− "),
                    };
                    view! { <span class=class>{format!("{mark}{line}\n")}</span> }
                }).collect_view()}
            </pre>
        }
    });
    view! {
        <p class="muted">{heading}</p>
        <ul aria-label="Summary of changes">{summary.into_iter().map(|line| view! { <li>{line.phrase()}</li> }).collect_view()}</ul>
        {goal}
        {current}
        {changes("Next steps", &diff.next_steps, |s: &String| s.clone())}
        {diff.next_steps_reordered.then(|| view! { <p>"The order of the next steps changed."</p> })}
        {changes("Decisions", &diff.decisions, decision_text)}
        {changes("Constraints", &diff.constraints, |s: &String| s.clone())}
        {changes("Do not redo", &diff.do_not_redo, |s: &String| s.clone())}
        {changes("Key files", &diff.files, file_text)}
    }
    .into_any()
}
