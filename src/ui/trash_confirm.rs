//! "Delete “…”?" before a record moves to the trash: the consequence said, the confirming button
//! named "Move to trash".

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
    view! {
        <ConfirmDialog
            open=open
            title=Signal::stored(format!("Delete “{name}”?"))
            message=Signal::stored(message.to_string())
            confirm_label="Move to trash"
            danger=true
            on_confirm=on_confirm
        />
    }
}
