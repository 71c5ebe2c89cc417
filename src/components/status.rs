use leptos::prelude::*;

/// A status with its colour and, always, its text (colour is never the only signal).
#[component]
pub fn StatusBadge(status: &'static str, label: &'static str) -> impl IntoView {
    view! { <span class=format!("badge badge--{status}")>{label}</span> }
}
