//! The parts around a form's fields: the banner for a problem that belongs to no one field (a
//! broken rule, a failed read), and a dialog form's Cancel + submit footer.

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

/// A dialog form's footer: "Cancel" closes the dialog; the submit button (its label is the
/// children) is disabled while the form's action is `pending`.
#[component]
pub fn DialogActions(
    open: RwSignal<bool>,
    #[prop(optional, into)] pending: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="dialog__footer">
            <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
            <button type="submit" class="btn btn--primary" disabled=move || pending.get()>{children()}</button>
        </div>
    }
}
