use leptos::prelude::*;

#[component]
pub fn Handoffs() -> impl IntoView {
    view! { <super::NotYet title="Handoffs" purpose="The handoff queue — pending, processing, completed and failed handoffs by priority — will appear here. Building handoffs is not available in this version yet." /> }
}
