//! A page's "New …" button, in its header: opens the page's create form.

use crate::components::{Icon, IconName};
use leptos::prelude::*;

#[component]
pub fn NewButton(
    /// What it creates: "New account".
    label: &'static str,
    /// The create dialog it opens.
    open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <button type="button" class="btn btn--primary" on:click=move |_| open.set(true)>
            <Icon name=IconName::Plus />
            {format!(" {label}")}
        </button>
    }
}
