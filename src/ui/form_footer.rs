//! The foot of a form in a dialog: "Cancel" (closes it) and the submit button, named for what it
//! does and disabled while the form's action runs.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn FormFooter(
    /// The dialog "Cancel" closes.
    open: RwSignal<bool>,
    /// The submit button's text ("Add account", "Mark failed").
    #[prop(into)]
    submit: Signal<String>,
    /// Disables the submit button (the action's `pending`, or a condition not yet met).
    #[prop(into)]
    disabled: Signal<bool>,
    /// A destructive submit ("Delete everything").
    #[prop(optional)]
    danger: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if danger { "btn btn--danger" } else { "btn btn--primary" };
    view! {
        <div class="dialog__footer">
            <button type="button" class="btn" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
            <button type="submit" class=class disabled=move || disabled.get()>{move || submit.get()}</button>
        </div>
    }
}
