//! What changed between two checkpoints, field by field.

use crate::i18n::core_text::{Label, Phrase};
use crate::i18n::{t, t_string, use_i18n};
use baton_core::diff::{diff_states, line_diff, Change, LineChange};
use baton_core::records::{Checkpoint, Decision, KeyFile};
use leptos::prelude::*;

fn decision_text(decision: &Decision) -> String {
    let i18n = use_i18n();
    let mut text = decision.text.clone();
    if !decision.rationale.is_empty() {
        text.push(' ');
        text.push_str(&t_string!(i18n, project.because, rationale = decision.rationale.clone()));
    }
    if !decision.rejected_alternatives.is_empty() {
        text.push(' ');
        text.push_str(&t_string!(i18n, project.rejected, alternatives = decision.rejected_alternatives.join(", ")));
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
    let i18n = use_i18n();
    let rows: Vec<(&'static str, &'static str, String)> = list
        .iter()
        .flat_map(|change| match change {
            Change::Added(item) => vec![("diff--added", t_string!(i18n, project.diff.added), text(item))],
            Change::Removed(item) => vec![("diff--removed", t_string!(i18n, project.diff.removed), text(item))],
            Change::Changed { before, after } => vec![
                ("diff--removed", t_string!(i18n, project.diff.before), text(before)),
                ("diff--added", t_string!(i18n, project.diff.after), text(after)),
            ],
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
    let i18n = use_i18n();
    let diff = diff_states(&older.state, &newer.state);
    let heading = t_string!(i18n, project.diff.heading, older = older.label.clone(), newer = newer.label.clone());
    if diff.is_empty() {
        return view! {
            <p class="muted">{heading}</p>
            <p>{t!(i18n, project.diff.same)}</p>
        }
        .into_any();
    }
    let summary = diff.summary();
    let goal = diff.goal.clone().map(|(before, after)| {
        view! {
            <h3>{t!(i18n, project.goal)}</h3>
            <p class="diff--removed"><strong>{t!(i18n, project.diff.before)}": "</strong>{before}</p>
            <p class="diff--added"><strong>{t!(i18n, project.diff.after)}": "</strong>{after}</p>
        }
    });
    let current = diff.current_state.clone().map(|(before, after)| {
        view! {
            <h3>{t!(i18n, project.current_state)}</h3>
            <pre class="diff mono" aria-label=t_string!(i18n, project.diff.current_state_lines)>
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
        <ul aria-label=t_string!(i18n, project.diff.summary)>{summary.into_iter().map(|line| view! { <li>{line.phrase()}</li> }).collect_view()}</ul>
        {goal}
        {current}
        {changes(t_string!(i18n, project.next_steps), &diff.next_steps, |s: &String| s.clone())}
        {diff.next_steps_reordered.then(|| view! { <p>{t!(i18n, project.diff.reordered)}</p> })}
        {changes(t_string!(i18n, project.decisions), &diff.decisions, decision_text)}
        {changes(t_string!(i18n, project.constraints), &diff.constraints, |s: &String| s.clone())}
        {changes(t_string!(i18n, project.do_not_redo), &diff.do_not_redo, |s: &String| s.clone())}
        {changes(t_string!(i18n, project.key_files), &diff.files, file_text)}
    }
    .into_any()
}
