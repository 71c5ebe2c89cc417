//! Predictive credit alerts: accounts that run out before their next refresh at their burn rate,
//! or that are below the exhaustion threshold, each said in a plain sentence with a link. Shown
//! on the dashboard (every account) and on an account's page (that account). The list is a
//! `role="status"` region, so a new alert is announced without moving focus.

use crate::i18n::core_text::Phrase;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::state::{service, use_app};
use baton_core::records::StoreName;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CreditAlerts(
    /// Only this account's alert (its page); every account when None.
    #[prop(optional, into)]
    account: Option<Id>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let alerts = LocalResource::new(move || {
        state.track(StoreName::Accounts);
        state.track(StoreName::Ledger);
        async move { service().credit_alerts(account).await }
    });
    view! {
        <div class="credit-alerts" role="status" aria-label=move || t_string!(i18n, components.credit_alerts.label)>
            {move || match alerts.get() {
                Some(Ok(list)) if !list.is_empty() => view! {
                    <ul class="credit-alerts__list">
                        {list.into_iter().map(|alert| {
                            let open_label =
                                t_string!(i18n, components.credit_alerts.open_account, name = alert.account_name.clone());
                            let link = match account {
                                None => view! {
                                    <A href=crate::pwa::href(&paths::account(alert.account_id)) attr:class="btn btn--small">
                                        {open_label}
                                    </A>
                                }.into_any(),
                                Some(id) => view! {
                                    <A href=crate::pwa::href(&paths::insights_for_account(id)) attr:class="btn btn--small">
                                        {t!(i18n, components.credit_alerts.balance_over_time)}
                                    </A>
                                }.into_any(),
                            };
                            view! {
                                <li class="banner banner--warning">
                                    <crate::components::Icon name=crate::components::IconName::Alert />
                                    <span class="banner__text">{alert.phrase()}</span>
                                    <span class="banner__actions">{link}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                // Nothing to flag, still loading, or a failed read (the page's own lists report
                // storage errors): the region stays, empty.
                _ => ().into_any(),
            }}
        </div>
    }
}
