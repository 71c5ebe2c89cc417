//! The "Activity" section of a record's page: its 20 latest events, newest first.

use crate::platform::format_datetime;
use crate::state::{service, use_app};
use crate::ui::async_view;
use baton_core::records::StoreName;
use baton_core::Id;
use leptos::prelude::*;

/// The activity of the record `id` (a project or an account); `kind` names it for the list's
/// accessible name ("Project activity") and the heading's id.
#[component]
pub fn ActivitySection(id: Id, kind: &'static str) -> impl IntoView {
    let state = use_app();
    let activity = LocalResource::new(move || {
        state.track(StoreName::Events);
        async move { service().activity(Some(id), 20).await }
    });
    let heading_id = format!("{}-activity", kind.to_lowercase());
    let labelled_by = heading_id.clone();
    view! {
        <section class="section" aria-labelledby=labelled_by>
            <h2 class="section__title" id=heading_id>"Activity"</h2>
            {async_view(activity, 3, move |events| view! {
                <ul class="list timeline" aria-label=format!("{kind} activity")>
                    {events.into_iter().map(|event| view! {
                        <li class="list__item timeline__item">
                            <span>{event.summary}</span>
                            <time class="timeline__time list__meta" datetime=event.at.to_text()>{format_datetime(event.at)}</time>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
