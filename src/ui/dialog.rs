//! The accessible dialog: a native `<dialog>` opened with `showModal()`, so the page behind is
//! inert (focus stays inside), Escape closes it, and focus returns to what opened it.

use crate::components::{Icon, IconName};
use crate::i18n::{t, t_string, use_i18n};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Dialog(
    /// Whether the dialog is open; closing (Escape, the close button) sets it to false.
    open: RwSignal<bool>,
    title: Signal<String>,
    #[prop(optional)] wide: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> = StoredValue::new_local(None);
    let title_id = crate::ui::unique_id("dialog-title");
    Effect::new(move |_| {
        let Some(dialog) = dialog_ref.get() else { return };
        if open.get() {
            if !dialog.open() {
                let active = web_sys::window()
                    .and_then(|window| window.document())
                    .and_then(|document| document.active_element())
                    .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(active);
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    let on_close = move |_| {
        open.set(false);
        // Return focus to the control that opened the dialog.
        if let Some(element) = opener.get_value() {
            if element.is_connected() {
                let _ = element.focus();
            }
        }
        opener.set_value(None);
    };
    let class = if wide { "dialog dialog--wide" } else { "dialog" };
    let heading_id = title_id.clone();
    view! {
        <dialog node_ref=dialog_ref class=class aria-labelledby=title_id.clone() on:close=on_close>
            <div class="dialog__header">
                <h2 id=heading_id>{move || title.get()}</h2>
                <button type="button" class="icon-btn" aria-label=move || t_string!(i18n, common.close) on:click=move |_| open.set(false)>
                    <Icon name=IconName::Close />
                </button>
            </div>
            {children()}
        </dialog>
    }
}

/// "Are you sure?" with the consequence spelled out, the confirming action named for what it does.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: Signal<String>,
    message: Signal<String>,
    confirm_label: &'static str,
    #[prop(optional)] danger: bool,
    on_confirm: impl Fn() + 'static,
) -> impl IntoView {
    // Views need `Send` closures; the page's callbacks are not, so they stay in a local slot.
    let i18n = use_i18n();
    let on_confirm = StoredValue::new_local(on_confirm);
    let confirm_class = if danger { "btn btn--danger" } else { "btn btn--primary" };
    view! {
        <Dialog open=open title=title>
            <div class="dialog__body">
                <p>{move || message.get()}</p>
            </div>
            <div class="dialog__footer">
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button
                    type="button"
                    class=confirm_class
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.with_value(|confirm| confirm());
                    }
                >
                    {confirm_label}
                </button>
            </div>
        </Dialog>
    }
}
