use leptos::prelude::*;

#[component]
pub fn Sessions() -> impl IntoView {
    view! { <super::NotYet title="Sessions" purpose="Every work session across your projects will be listed here, newest first. Starting sessions is not available in this version yet." /> }
}
