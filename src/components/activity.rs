//! The "Activity" section of a record's page: its 20 latest events, newest first.

use crate::i18n::{t, t_string, use_i18n};
use crate::platform::format_datetime;
use crate::state::{service, use_app};
use crate::ui::async_view;
use baton_core::records::StoreName;
use baton_core::Id;
use leptos::prelude::*;

/// The activity of the record `id`; `kind` ("Project" or "Account") says which, for the heading's
/// id and the list's accessible name ("Project activity").
#[component]
pub fn ActivitySection(id: Id, kind: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let activity = LocalResource::new(move || {
        state.track(StoreName::Events);
        async move { service().activity(Some(id), 20).await }
    });
    let heading_id = format!("{}-activity", kind.to_lowercase());
    let labelled_by = heading_id.clone();
    let list_label = move || match kind {
        "Project" => t_string!(i18n, components.project_activity), // not UI: the caller's kind, matched
        "Account" => t_string!(i18n, components.account_activity), // not UI: the caller's kind, matched
        _ => t_string!(i18n, components.activity),
    };
    view! {
        <section class="section" aria-labelledby=labelled_by>
            <h2 class="section__title" id=heading_id>{t!(i18n, components.activity)}</h2>
            {async_view(activity, 3, move |events| view! {
                <ul class="list timeline" aria-label=list_label>
                    {events.into_iter().map(|event| view! {
                        <li class="list__item timeline__item">
                            <span class="activity__summary">{event.summary}</span>
                            <time class="timeline__time list__meta" datetime=event.at.to_text()>{format_datetime(event.at)}</time>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
