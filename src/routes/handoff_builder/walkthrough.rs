//! The builder's first-visit walkthrough.

use super::panes::Pane;
use super::WALKTHROUGH_HINT;
use crate::nav::paths;
use crate::preferences;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;

/// The first visit with no data: what a handoff is and the steps, each with where to do it.
#[component]
pub(super) fn Walkthrough(open: RwSignal<bool>, project_id: Id, pane: RwSignal<Pane>) -> impl IntoView {
    let step = RwSignal::new(0usize);
    const STEPS: [(&str, &str, &str); 4] = [
        ("Fill the living state", "A handoff carries the project's goal, where the work stands, the next steps, decisions and key files. Write them on the project page; session reports keep them up to date.", "builder-preview-title"),
        ("Choose who takes over", "The accounts are ranked for this project. Pick one: the budget and the format follow its context window and platform.", "builder-target"),
        ("Check the preview and the lint", "The preview updates as you change the options. The lint flags missing sections, an exceeded budget and secrets, which you can redact with one click.", "lint-title"),
        ("Copy, download or queue", "Paste the bundle into the other assistant's chat, or queue it to start the next session from it. The bundle asks the assistant to end with a report you paste back into Baton.", "builder-preview-title"),
    ];
    let dismiss = move || {
        open.set(false);
        let _ = preferences::update(|preferences| preferences.dismissed_hints.push(WALKTHROUGH_HINT.to_string()));
    };
    view! {
        <section class="card walkthrough" aria-labelledby="walkthrough-title">
            <div class="row">
                <h2 class="section__title" id="walkthrough-title">"New to handoffs? A walk through the builder"</h2>
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" on:click=move |_| dismiss()>"Hide this guide"</button>
            </div>
            <p class="list__meta" aria-live="polite">{move || format!("Step {} of {}: {}", step.get() + 1, STEPS.len(), STEPS[step.get()].0)}</p>
            <p>{move || STEPS[step.get()].1}</p>
            <div class="row">
                {move || (step.get() == 0).then(|| view! {
                    <A href=crate::pwa::href(&paths::project(project_id)) attr:class="btn btn--small">"Open the project's living state"</A>
                })}
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" disabled=move || step.get() == 0 on:click=move |_| step.update(|step| *step = step.saturating_sub(1))>"Previous step"</button>
                {move || if step.get() + 1 < STEPS.len() {
                    view! {
                        <button type="button" class="btn btn--small btn--primary" on:click=move |_| {
                            step.update(|step| *step += 1);
                            // On a phone the element is in one of the tabs: show that one first.
                            let target = STEPS[step.get_untracked()].2;
                            pane.set(Pane::holding(target));
                            request_animation_frame(move || crate::platform::focus_by_id(target));
                        }>"Next step"</button>
                    }.into_any()
                } else {
                    view! { <button type="button" class="btn btn--small btn--primary" on:click=move |_| dismiss()>"Done"</button> }.into_any()
                }}
            </div>
        </section>
    }
}
