//! `/`: counters computed from the data, recent activity. Sessions, accounts and handoffs fill in
//! as their issues land; until then their places say so plainly.

use crate::components::{EmptyState, ErrorNote, ListSkeleton};
use crate::platform::{format_number, format_relative, now};
use crate::state::{service, use_app};
use baton_core::records::StoreName;
use baton_core::schema::ix;
use baton_core::store::Store;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = use_app();
    let counts = LocalResource::new(move || {
        state.track(StoreName::Projects);
        async move {
            let service = service();
            let active = service
                .store()
                .count(baton_core::store::Query::index(
                    StoreName::Projects,
                    ix::LIVE_STATUS,
                    baton_core::service::live(vec![baton_core::store::Key::str("active")]),
                ))
                .await?;
            let all = service.live_count(StoreName::Projects, ix::LIVE_UPDATED).await?;
            Ok::<_, baton_core::service::Error>((active, all))
        }
    });
    let activity = LocalResource::new(move || {
        state.track(StoreName::Events);
        async move { service().activity(None, 10).await }
    });
    Effect::new(move |_| {
        if counts.get().is_some() && activity.get().is_some() {
            crate::platform::mark_ready();
        }
    });
    view! {
        <super::PageHeader title=Signal::stored("Dashboard".to_string()) />
        {move || match counts.get() {
            None => view! { <ListSkeleton rows=2 /> }.into_any(),
            Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
            Some(Ok((_, 0))) => view! {
                <EmptyState
                    title="Welcome to Baton"
                    text="Baton keeps one piece of AI-assisted work moving across your AI accounts without re-explaining it. Start by creating a project.".to_string()
                >
                    <A href="/projects" attr:class="btn btn--primary">"Go to projects"</A>
                </EmptyState>
            }.into_any(),
            Some(Ok((active, all))) => view! {
                <section class="stat-grid" aria-label="Counters">
                    <div class="stat">
                        <span class="stat__value">{format_number(active as f64)}</span>
                        <span class="stat__label">"Active projects"</span>
                        <span class="stat__hint">{format!("{} in all", format_number(all as f64))}</span>
                    </div>
                </section>
            }.into_any(),
        }}
        <section class="section" aria-labelledby="recent-activity">
            <h2 class="section__title" id="recent-activity">"Recent activity"</h2>
            {move || match activity.get() {
                None => view! { <ListSkeleton rows=3 /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote message=error.to_string() /> }.into_any(),
                Some(Ok(events)) if events.is_empty() => view! {
                    <p class="muted">"Nothing yet. What you create, change or delete is listed here."</p>
                }.into_any(),
                Some(Ok(events)) => {
                    let now = now();
                    view! {
                        <ul class="list" aria-label="Recent activity">
                            {events.into_iter().map(|event| view! {
                                <li class="list__item">
                                    <span>{event.summary}</span>
                                    <time class="list__meta" datetime=event.at.to_text()>{format_relative(event.at, now)}</time>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
