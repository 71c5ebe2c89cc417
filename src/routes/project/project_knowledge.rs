//! The knowledge that applies to a project (its own entries and those for every project), most
//! used first.

use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::state::{service, use_app};
use crate::ui::async_view;
use baton_core::locale::format_integer;
use baton_core::records::StoreName;
use baton_core::service::KnowledgeFilter;
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ProjectKnowledge(project_id: Id) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let entries = LocalResource::new(move || {
        state.track(StoreName::Knowledge);
        let filter = KnowledgeFilter { project_id: Some(project_id), ..KnowledgeFilter::default() };
        async move { service().knowledge(&filter, 0, 10).await }
    });
    view! {
        <section class="section" aria-labelledby="project-knowledge-title">
            <h2 class="section__title" id="project-knowledge-title">{t!(i18n, project.knowledge.title)}</h2>
            {async_view(entries, 2, move |value| match value {
                page if page.total == 0 => view! {
                    <p class="muted">{t!(i18n, project.knowledge.empty)}</p>
                }.into_any(),
                page => view! {
                    <ul class="list" aria-label=t_string!(i18n, project.knowledge.list)>
                        {page.items.into_iter().map(|entry| {
                            let category = entry.category.label();
                            let count = entry.usage_count;
                            let n = format_integer(i64::from(count));
                            let meta = if entry.project_id.is_none() {
                                t_string!(i18n, project.knowledge.used_everywhere, category, count, n)
                            } else {
                                t_string!(i18n, project.knowledge.used, category, count, n)
                            };
                            view! {
                                <li class="list__item">
                                    <div class="stack">
                                        <span class="list__title">{entry.title.clone()}</span>
                                        <span class="list__meta">{meta}</span>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <A href=crate::pwa::href(paths::KNOWLEDGE)>{t_string!(i18n, project.knowledge.all, total = format_integer(page.total as i64))}</A>
                }.into_any(),
            })}
        </section>
    }
}
