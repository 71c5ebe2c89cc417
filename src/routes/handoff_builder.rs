use leptos::prelude::*;

#[component]
pub fn HandoffBuilder() -> impl IntoView {
    view! {
        <super::NotYet
            title="Build a handoff"
            purpose="The handoff builder — target account, format, budget, live preview and lint — will be here. Building handoffs is not available in this version yet."
        />
    }
}
