use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <super::NotYet
            title="Account"
            purpose="An account's credit history, sessions, burn rate and projected exhaustion will be shown here. Accounts are not available in this version yet."
        />
    }
}
