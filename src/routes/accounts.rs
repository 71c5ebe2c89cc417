use leptos::prelude::*;

#[component]
pub fn Accounts() -> impl IntoView {
    view! { <super::NotYet title="Accounts" purpose="Your AI accounts with their credits, refresh dates and specialisations will be listed here. Account management is not available in this version yet." /> }
}
