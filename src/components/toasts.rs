use crate::components::{Icon, IconName};
use crate::i18n::{t_string, use_i18n};
use crate::state::{use_app, ToastKind};
use leptos::prelude::*;

/// Outcomes of actions, announced politely to screen readers; errors assertively.
#[component]
pub fn Toasts() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let polite =
        move || state.toasts.get().into_iter().filter(|toast| toast.kind != ToastKind::Error).collect::<Vec<_>>();
    let urgent =
        move || state.toasts.get().into_iter().filter(|toast| toast.kind == ToastKind::Error).collect::<Vec<_>>();
    view! {
        <div class="toasts" role="region" aria-label=move || t_string!(i18n, components.toasts_label)>
            <div role="status" aria-live="polite" class="stack">
                <For
                    each=polite
                    key=|toast| toast.id
                    let:toast
                >
                    <ToastView toast=toast />
                </For>
            </div>
            <div role="alert" class="stack">
                <For
                    each=urgent
                    key=|toast| toast.id
                    let:toast
                >
                    <ToastView toast=toast />
                </For>
            </div>
        </div>
    }
}

#[component]
fn ToastView(toast: crate::state::Toast) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let class = match toast.kind {
        ToastKind::Success => "toast toast--success",
        ToastKind::Error => "toast toast--error",
        ToastKind::Info => "toast toast--info",
    };
    let id = toast.id;
    let action = toast.action_label.clone().map(|label| {
        view! {
            <button
                type="button"
                class="btn btn--small toast__action"
                on:click=move |_| {
                    crate::state::run_toast_action(id);
                    state.dismiss(id);
                }
            >
                {label}
            </button>
        }
    });
    view! {
        <div class=class>
            <span class="toast__message">{toast.message.clone()}</span>
            {action}
            <button type="button" class="icon-btn toast__close" aria-label=move || t_string!(i18n, components.dismiss_notification) on:click=move |_| state.dismiss(id)>
                <Icon name=IconName::Close />
            </button>
        </div>
    }
}
