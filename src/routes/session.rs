use leptos::prelude::*;

#[component]
pub fn SessionPage() -> impl IntoView {
    view! {
        <super::NotYet
            title="Session"
            purpose="A session's objectives, report, transcript and handoffs will be shown here. Sessions are not available in this version yet."
        />
    }
}
