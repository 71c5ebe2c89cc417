//! The original's "analyze credits" for one project over N days: count, sum, average, min, max,
//! an efficiency band and recommendations (in-progress sessions excluded).

use crate::i18n::core_text::{Label, Phrase};
use crate::i18n::{t, t_string, use_i18n};
use crate::state::{service, use_app};
use crate::ui::async_view;
use baton_core::locale::{format_integer, format_number};
use baton_core::records::StoreName;
use baton_core::Id;
use leptos::prelude::*;

#[component]
pub fn CreditAnalysisSection(project_id: Id) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let days = RwSignal::new("30".to_string());
    let analysis = LocalResource::new(move || {
        state.track(StoreName::Sessions);
        let days = days.get().parse::<u32>().unwrap_or(30);
        async move { service().credit_analysis(project_id, days).await }
    });
    let number =
        |value: Option<f64>| value.map(|v| format_number((v * 10.0).round() / 10.0)).unwrap_or_else(|| "—".into());
    view! {
        <section class="section card" aria-labelledby="credit-analysis-title">
            <div class="row">
                <h2 class="section__title" id="credit-analysis-title">{t!(i18n, project.credits.title)}</h2>
                <span class="spacer"></span>
                <label class="field">
                    <span class="field__label">{t!(i18n, project.credits.period)}</span>
                    <select bind:value=days>
                        <option value="7">{t!(i18n, project.credits.last_7)}</option>
                        <option value="30">{t!(i18n, project.credits.last_30)}</option>
                        <option value="90">{t!(i18n, project.credits.last_90)}</option>
                        <option value="365">{t!(i18n, project.credits.last_year)}</option>
                    </select>
                </label>
            </div>
            {async_view(analysis, 2, move |analysis| view! {
                    <dl class="kv" aria-label=t_string!(i18n, project.credits.figures)>
                        <dt>{t!(i18n, project.credits.ended_sessions)}</dt><dd>{format_integer(i64::from(analysis.count))}</dd>
                        <dt>{t!(i18n, project.credits.used)}</dt><dd>{format_number(analysis.total as f64)}</dd>
                        <dt>{t!(i18n, project.credits.average)}</dt><dd>{number(analysis.average)}</dd>
                        <dt>{t!(i18n, project.credits.fewest_most)}</dt>
                        <dd>{match (analysis.min, analysis.max) {
                            (Some(min), Some(max)) => format!("{} / {}", format_number(min as f64), format_number(max as f64)),
                            _ => "—".to_string(),
                        }}</dd>
                        <dt>{t!(i18n, project.credits.efficiency)}</dt>
                        <dd>{analysis.band.map(|band| format!("{} — {}", band.label(), crate::i18n::core_text::band_explanation(band))).unwrap_or_else(|| t_string!(i18n, project.credits.not_enough_data).into())}</dd>
                    </dl>
                    <h3>{t!(i18n, project.credits.recommendations)}</h3>
                    <ul aria-label=t_string!(i18n, project.credits.recommendations)>
                        {analysis.recommendations.into_iter().map(|advice| view! { <li>{advice.phrase()}</li> }).collect_view()}
                    </ul>
                }
            )}
        </section>
    }
}
