//! The header buttons that open a page's forms: "New …", "Edit", "Delete".

use crate::components::{Icon, IconName};
use crate::i18n::{t, use_i18n};
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

/// A record page's "Edit" button, in its header: opens the record's edit form.
#[component]
pub fn EditButton(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="btn" on:click=move |_| open.set(true)>
            <Icon name=IconName::Edit />
            " "
            {t!(i18n, common.edit)}
        </button>
    }
}

/// A record page's "Delete" button, in its header: opens the confirmation.
#[component]
pub fn DeleteButton(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="btn btn--danger" on:click=move |_| open.set(true)>
            <Icon name=IconName::Trash />
            " "
            {t!(i18n, common.delete)}
        </button>
    }
}
