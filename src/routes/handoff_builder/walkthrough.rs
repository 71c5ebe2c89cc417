//! The builder's first-visit walkthrough.

use super::panes::Pane;
use super::WALKTHROUGH_HINT;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::preferences;
use baton_core::locale::format_integer;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;

/// The first visit with no data: what a handoff is and the steps, each with where to do it.
#[component]
pub(super) fn Walkthrough(open: RwSignal<bool>, project_id: Id, pane: RwSignal<Pane>) -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(0usize);
    // Each step: its title, its text and the element it points at.
    let steps: [(&'static str, &'static str, &'static str); 4] = [
        (
            t_string!(i18n, builder.walkthrough.state_title),
            t_string!(i18n, builder.walkthrough.state_text),
            "builder-preview-title",
        ),
        (
            t_string!(i18n, builder.walkthrough.target_title),
            t_string!(i18n, builder.walkthrough.target_text),
            "builder-target",
        ),
        (t_string!(i18n, builder.walkthrough.lint_title), t_string!(i18n, builder.walkthrough.lint_text), "lint-title"),
        (
            t_string!(i18n, builder.walkthrough.send_title),
            t_string!(i18n, builder.walkthrough.send_text),
            "builder-preview-title",
        ),
    ];
    let dismiss = move || {
        open.set(false);
        let _ = preferences::update(|preferences| preferences.dismissed_hints.push(WALKTHROUGH_HINT.to_string()));
    };
    view! {
        <section class="card walkthrough" aria-labelledby="walkthrough-title">
            <div class="row">
                <h2 class="section__title" id="walkthrough-title">{t!(i18n, builder.walkthrough.title)}</h2>
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" on:click=move |_| dismiss()>{t!(i18n, builder.walkthrough.hide)}</button>
            </div>
            <p class="list__meta" aria-live="polite">{move || {
                let (number, total) = (format_integer(step.get() as i64 + 1), format_integer(steps.len() as i64));
                t_string!(i18n, builder.walkthrough.step_of, step = number, total, title = steps[step.get()].0).to_string()
            }}</p>
            <p>{move || steps[step.get()].1}</p>
            <div class="row">
                {move || (step.get() == 0).then(|| view! {
                    <A href=crate::pwa::href(&paths::project(project_id)) attr:class="btn btn--small">{t!(i18n, builder.walkthrough.open_state)}</A>
                })}
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" disabled=move || step.get() == 0 on:click=move |_| step.update(|step| *step = step.saturating_sub(1))>{t!(i18n, builder.walkthrough.previous)}</button>
                {move || if step.get() + 1 < steps.len() {
                    view! {
                        <button type="button" class="btn btn--small btn--primary" on:click=move |_| {
                            step.update(|step| *step += 1);
                            // On a phone the element is in one of the tabs: show that one first.
                            let target = steps[step.get_untracked()].2;
                            pane.set(Pane::holding(target));
                            request_animation_frame(move || crate::platform::focus_by_id(target));
                        }>{t!(i18n, builder.walkthrough.next)}</button>
                    }.into_any()
                } else {
                    view! { <button type="button" class="btn btn--small btn--primary" on:click=move |_| dismiss()>{t!(i18n, builder.walkthrough.done)}</button> }.into_any()
                }}
            </div>
        </section>
    }
}
