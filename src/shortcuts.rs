//! Keyboard shortcuts: single keys never fire while the user types in a field; `?` lists them.

use crate::i18n::{t, t_string, use_i18n};
use crate::nav::SECTIONS;
use crate::ui::Dialog;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = element.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || element.closest("[contenteditable=true]").ok().flatten().is_some()
}

fn click_primary_action() {
    let button = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(".page-header__actions .btn--primary").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        button.click();
    }
}

fn any_dialog_open() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("dialog[open]").ok().flatten())
        .is_some()
}

/// Installs the shortcuts and renders the `?` dialog. Call once inside the router.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    let pending_g = StoredValue::new(false);
    let handle = window_event_listener(leptos::ev::keydown, move |event: web_sys::KeyboardEvent| {
        let key = event.key();
        // Ctrl/Cmd+K opens the command palette, even from a field.
        if (event.ctrl_key() || event.meta_key()) && !event.alt_key() && key.eq_ignore_ascii_case("k") {
            event.prevent_default();
            crate::components::command_palette::open_palette();
            return;
        }
        // Ctrl/Cmd+S saves the form being edited (the browser's "save page" is never wanted here).
        if (event.ctrl_key() || event.meta_key()) && key.eq_ignore_ascii_case("s") {
            let form = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("form").ok().flatten())
                .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok());
            if let Some(form) = form {
                event.prevent_default();
                let _ = form.request_submit();
            }
            return;
        }
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_in(event.target()) || any_dialog_open() {
            return;
        }
        if pending_g.get_value() {
            pending_g.set_value(false);
            if let Some(section) = SECTIONS.iter().find(|section| section.shortcut == key) {
                event.prevent_default();
                navigate(section.path, Default::default());
            }
            return;
        }
        match key.as_str() {
            "?" => {
                event.prevent_default();
                open.set(true);
            }
            "g" => pending_g.set_value(true),
            "n" => {
                event.prevent_default();
                click_primary_action();
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Dialog open=open title=Signal::derive(move || t_string!(i18n, shell.shortcuts.title).to_string())>
            <div class="dialog__body">
                <dl class="shortcut-list">
                    <div><dt><kbd>"?"</kbd></dt><dd>{t!(i18n, shell.shortcuts.show_list)}</dd></div>
                    <div><dt><kbd>"Ctrl"</kbd>" + "<kbd>"K"</kbd></dt><dd>{t!(i18n, shell.shortcuts.search)}</dd></div>
                    <div><dt><kbd>"n"</kbd></dt><dd>{t!(i18n, shell.shortcuts.new_record)}</dd></div>
                    <div><dt><kbd>"Ctrl"</kbd>" + "<kbd>"S"</kbd></dt><dd>{t!(i18n, shell.shortcuts.save_form)}</dd></div>
                    <div><dt><kbd>"Esc"</kbd></dt><dd>{t!(i18n, shell.shortcuts.close)}</dd></div>
                    <div><dt><kbd>"Alt"</kbd>" + "<kbd>"↑"</kbd>" / "<kbd>"↓"</kbd></dt><dd>{t!(i18n, shell.shortcuts.move_item)}</dd></div>
                    {SECTIONS.iter().map(|section| view! {
                        <div>
                            <dt><kbd>"g"</kbd>" "{t!(i18n, shell.shortcuts.then)}" "<kbd>{section.shortcut}</kbd></dt>
                            <dd>{move || t_string!(i18n, shell.shortcuts.go_to, section = (section.label)(i18n.get_locale())).to_string()}</dd>
                        </div>
                    }).collect_view()}
                </dl>
                <p class="field__hint">{t!(i18n, shell.shortcuts.typing_note)}</p>
            </div>
        </Dialog>
    }
}
