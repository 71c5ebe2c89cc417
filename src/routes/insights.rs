use leptos::prelude::*;

#[component]
pub fn Insights() -> impl IntoView {
    view! { <super::NotYet title="Insights" purpose="Charts of credits used, sessions, success rates and burn-rate forecasts will be drawn here from your data. Insights are not available in this version yet." /> }
}
