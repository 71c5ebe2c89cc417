//! "Delete “…”?" before a record moves to the trash: the consequence said, the confirming button
//! named "Move to trash".

use crate::i18n::{t_string, use_i18n};
use crate::ui::ConfirmDialog;
use leptos::prelude::*;

#[component]
pub fn TrashConfirm(
    open: RwSignal<bool>,
    /// The record's name, in the title.
    name: String,
    /// Where it goes and what stays ("The entry moves to the trash on the Data page, …").
    message: &'static str,
    on_confirm: impl Fn() + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ConfirmDialog
            open=open
            title=Signal::derive(move || t_string!(i18n, components.trash.title, name = name.clone()).to_string())
            message=Signal::stored(message.to_string())
            confirm_label=t_string!(i18n, components.trash.confirm)
            danger=true
            on_confirm=on_confirm
        />
    }
}
