//! The knowledge that applies to a project (its own entries and those for every project), most
//! used first.

use crate::i18n::core_text::Label;
use crate::nav::paths;
use crate::state::{service, use_app};
use crate::ui::async_view;
use baton_core::records::StoreName;
use baton_core::service::KnowledgeFilter;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ProjectKnowledge(project_id: Id) -> impl IntoView {
    let state = use_app();
    let entries = LocalResource::new(move || {
        state.track(StoreName::Knowledge);
        let filter = KnowledgeFilter { project_id: Some(project_id), ..KnowledgeFilter::default() };
        async move { service().knowledge(&filter, 0, 10).await }
    });
    view! {
        <section class="section" aria-labelledby="project-knowledge-title">
            <h2 class="section__title" id="project-knowledge-title">"Knowledge"</h2>
            {async_view(entries, 2, move |value| match value {
                page if page.total == 0 => view! {
                    <p class="muted">"No knowledge applies to this project yet. Patterns and fixes you save on the Knowledge page appear here."</p>
                }.into_any(),
                page => view! {
                    <ul class="list" aria-label="Knowledge for this project">
                        {page.items.into_iter().map(|entry| view! {
                            <li class="list__item">
                                <div class="stack">
                                    <span class="list__title">{entry.title.clone()}</span>
                                    <span class="list__meta">{format!("{}{} · used {} times", entry.category.label(), if entry.project_id.is_none() { " · all projects" } else { "" }, entry.usage_count)}</span>
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                    <A href=crate::pwa::href(paths::KNOWLEDGE)>{format!("All knowledge ({} for this project)", page.total)}</A>
                }.into_any(),
            })}
        </section>
    }
}
