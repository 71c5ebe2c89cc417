//! On a phone the builder's options and preview are two tabs.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// The builder's two panes, tabs on a phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pane {
    Options,
    Preview,
}

impl Pane {
    /// The tab's element's id and its panel's id.
    pub(super) fn parts(self) -> (&'static str, &'static str) {
        match self {
            Pane::Options => ("builder-tab-options", "builder-options-pane"),
            Pane::Preview => ("builder-tab-preview", "builder-preview-pane"),
        }
    }

    /// The pane holding an element the walkthrough points at.
    pub(super) fn holding(element_id: &str) -> Pane {
        if element_id == "builder-target" {
            Pane::Options
        } else {
            Pane::Preview
        }
    }
}

/// The tablist of the phone layout: arrows, Home and End move between the tabs (and select).
#[component]
pub(super) fn PaneTabs(pane: RwSignal<Pane>) -> impl IntoView {
    let i18n = use_i18n();
    let select = move |next: Pane| {
        pane.set(next);
        crate::platform::focus_by_id(next.parts().0);
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        let next = match event.key().as_str() {
            "ArrowLeft" | "ArrowRight" => {
                if pane.get_untracked() == Pane::Options {
                    Pane::Preview
                } else {
                    Pane::Options
                }
            }
            "Home" => Pane::Options,
            "End" => Pane::Preview,
            _ => return,
        };
        event.prevent_default();
        select(next);
    };
    view! {
        <div class="tabs builder__tabs" role="tablist" aria-label=t_string!(i18n, builder.title) on:keydown=on_key>
            {[Pane::Options, Pane::Preview].map(|value| {
                let (id, controls) = value.parts();
                let label = match value {
                    Pane::Options => t_string!(i18n, builder.options),
                    Pane::Preview => t_string!(i18n, builder.preview),
                };
                view! {
                    <button
                        type="button"
                        role="tab"
                        class="tabs__tab"
                        id=id
                        aria-controls=controls
                        aria-selected=move || (pane.get() == value).to_string()
                        tabindex=move || if pane.get() == value { "0" } else { "-1" }
                        on:click=move |_| pane.set(value)
                    >
                        {label}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}
