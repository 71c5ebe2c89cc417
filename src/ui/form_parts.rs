//! The banner for a form's problem that belongs to no one field (a broken rule, a failed read).

use leptos::prelude::*;

/// The form's problem, if any, in a warning banner read out at once (`role="alert"`).
#[component]
pub fn FormProblem(#[prop(into)] problem: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || problem.with(Option::is_some)>
            <div class="banner banner--warning" role="alert">
                <span class="banner__text">{move || problem.get()}</span>
            </div>
        </Show>
    }
}
