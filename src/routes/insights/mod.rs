//! `/insights`: credits used per day or week stacked by account or project, sessions per week
//! with the success rate, credits per completed session by project and by platform, each
//! account's balance over time with its burn-rate forecast, handoffs per week with the time to
//! the next session. A range (7, 30, 90 days, all) and project and account filters apply to all
//! of them (`?span=30d&project=…&account=…` sets them from a link). Every chart has a summary
//! sentence, its numbers as a table and a CSV download. Days and weeks are UTC (see
//! `baton_core::insights`).
//!
//! Longer than 400 lines because it holds the five charts' data shaping side by side (each a
//! short function from `Insights` to `ChartData`); the figures and their summaries are computed
//! in `baton_core::insights`, the drawing is in `charts.rs`.

mod charts;

use crate::components::credit_alerts::CreditAlerts;
use crate::i18n::core_text::{self, InsightWords, Label, Phrase};
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::state::{service, use_app};
use crate::ui::{EmptyState, ErrorNote, Field, FieldControl, Form, ListSkeleton};
use baton_core::insights::{Filter, Grain, Insights, Span, StackBy};
use baton_core::locale;
use baton_core::records::StoreName;
use baton_core::service::{Error, ProjectSort};
use baton_core::{Id, Timestamp};
use charts::{tone, BarSeries, ChartCard, ChartData, LinePlot, LineSeries, Plot, PALETTE};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The most projects the filter lists.
const PROJECTS_MAX: u32 = 10_000;

/// "20 Nov": a UTC day, written by the locale policy like the summaries.
fn short_day(date: NaiveDate) -> String {
    locale::current().short_day(date)
}

fn short_time(at: Timestamp) -> String {
    short_day(at.datetime().date_naive())
}

/// The interface's words, passed in: the charts are also built in event handlers (a CSV
/// download reads the chart), where there is no reactive owner to look the context up from.
type I18n = leptos_i18n::I18nContext<crate::i18n::Locale>;

/// The CSV file of a chart: `chart` is its name in the interface language ("credits-per-day-by-account").
fn file_name(i18n: I18n, chart: &str, filter: &Filter) -> String {
    t_string!(
        i18n,
        insights.file.name,
        chart = chart.to_string(),
        span = filter.span.as_str(),
        date = crate::platform::today()
    )
    .to_string()
}

fn credits_chart(i18n: I18n, insights: &Insights, grain: Grain, by: StackBy) -> ChartData {
    let stacked = insights.credits(grain, by);
    let table = insights.credits_table(grain, by, &InsightWords);
    let summary = core_text::credits_summary(insights, &stacked);
    let plots = if stacked.series.is_empty() {
        Vec::new()
    } else {
        let series = stacked
            .series
            .iter()
            .enumerate()
            .map(|(i, series)| BarSeries {
                name: series.name.phrase(),
                values: series.values.iter().map(|value| *value as f64).collect(),
                tone: i % PALETTE,
            })
            .collect();
        let labels = stacked.buckets.iter().map(|date| short_day(*date)).collect();
        vec![Plot::Stacked { labels, series, label: table.caption.clone() }]
    };
    let stem = match (grain, by) {
        (Grain::Day, StackBy::Account) => t_string!(i18n, insights.file.credits_day_account),
        (Grain::Day, StackBy::Project) => t_string!(i18n, insights.file.credits_day_project),
        (Grain::Week, StackBy::Account) => t_string!(i18n, insights.file.credits_week_account),
        (Grain::Week, StackBy::Project) => t_string!(i18n, insights.file.credits_week_project),
    };
    ChartData { summary, plots, file_name: file_name(i18n, stem, &insights.filter), table }
}

fn sessions_chart(i18n: I18n, insights: &Insights) -> ChartData {
    let stem = t_string!(i18n, insights.file.sessions);
    let weeks = &insights.sessions_per_week;
    let table = insights.sessions_table(&InsightWords);
    let summary = core_text::sessions_summary(insights);
    if weeks.iter().all(|week| week.started == 0) {
        return ChartData { summary, plots: Vec::new(), file_name: file_name(i18n, stem, &insights.filter), table };
    }
    let labels: Vec<String> = weeks.iter().map(|week| short_day(week.week)).collect();
    let outcome = |name: &str, tone: usize, pick: fn(&baton_core::insights::WeekSessions) -> u32| BarSeries {
        name: name.to_string(),
        values: weeks.iter().map(|week| f64::from(pick(week))).collect(),
        tone,
    };
    let series = vec![
        outcome(t_string!(i18n, insights.series.completed), tone::GREEN, |week| week.completed),
        outcome(t_string!(i18n, insights.series.handed_off), tone::PURPLE, |week| week.handed_off),
        outcome(t_string!(i18n, insights.series.failed), tone::RED, |week| week.failed),
        outcome(t_string!(i18n, insights.series.in_progress), tone::BLUE, |week| week.in_progress),
    ];
    let count = weeks.len();
    let x_ticks = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| count <= 7 || i % count.div_ceil(7) == 0 || *i == count - 1)
        .map(|(i, label)| (i as f64, label.clone()))
        .collect();
    let rate_line = LineSeries {
        name: t_string!(i18n, insights.series.success_rate).into(),
        points: weeks
            .iter()
            .enumerate()
            .map(|(i, week)| (i as f64, week.success_rate.map(|rate| rate * 100.0)))
            .collect(),
        step: false,
        forecast: Vec::new(),
        tone: tone::GREEN,
    };
    let plots = vec![
        Plot::Stacked { labels, series, label: t_string!(i18n, insights.plot.sessions_by_outcome).into() },
        Plot::Lines(LinePlot {
            series: vec![rate_line],
            x_range: (-0.5, count as f64 - 0.5),
            x_ticks,
            y_max: Some(100.0),
            y_suffix: "%",
            label: t_string!(i18n, insights.plot.success_per_week).into(),
        }),
    ];
    ChartData { summary, plots, file_name: file_name(i18n, stem, &insights.filter), table }
}

fn efficiency_chart(i18n: I18n, insights: &Insights, per_platform: bool) -> ChartData {
    let rows = if per_platform { &insights.by_platform } else { &insights.by_project };
    let table = insights.efficiency_table(per_platform, &InsightWords);
    let summary = core_text::efficiency_summary(insights, per_platform);
    let stem = if per_platform {
        t_string!(i18n, insights.file.by_platform)
    } else {
        t_string!(i18n, insights.file.by_project)
    };
    let plots = match rows.first() {
        None => Vec::new(),
        Some(_) => {
            let bars = rows.iter().map(|row| (row.name.phrase(), row.average)).collect();
            vec![Plot::Bars {
                rows: bars,
                tone: if per_platform { tone::PURPLE } else { tone::BLUE },
                label: table.caption.clone(),
            }]
        }
    };
    ChartData { summary, plots, file_name: file_name(i18n, stem, &insights.filter), table }
}

fn balances_chart(i18n: I18n, insights: &Insights) -> ChartData {
    let table = insights.balances_table(&InsightWords);
    let file = file_name(i18n, t_string!(i18n, insights.file.balances), &insights.filter);
    let summary = core_text::balances_summary(insights);
    if insights.balances.is_empty() {
        return ChartData { summary, plots: Vec::new(), file_name: file, table };
    }
    let now = insights.now.unix_millis() as f64;
    // The x axis starts with the range (for "all", at the first balance known).
    let start = match insights.filter.span.start(insights.now) {
        Some(start) => start.unix_millis() as f64,
        None => insights
            .balances
            .iter()
            .filter_map(|trend| trend.points.first().map(|(at, _)| at.unix_millis() as f64))
            .fold(now, f64::min),
    };
    let start = start.min(now - 86_400_000.0);
    // A quarter of the range after today shows where each balance is heading.
    let end = now + (now - start) / 4.0;
    let series: Vec<LineSeries> = insights
        .balances
        .iter()
        .enumerate()
        .map(|(i, trend)| {
            let credits = trend.account.credits_available as f64;
            let rate = trend.forecast.rate_per_day;
            let mut forecast = Vec::new();
            if rate > 0.0 && credits > 0.0 {
                forecast.push((now, credits));
                let empty_at = now + credits / rate * 86_400_000.0;
                if empty_at < end {
                    forecast.push((empty_at, 0.0));
                    forecast.push((end, 0.0));
                } else {
                    forecast.push((end, credits - rate * (end - now) / 86_400_000.0));
                }
            }
            LineSeries {
                name: trend.account.name.clone(),
                points: trend
                    .points
                    .iter()
                    .map(|(at, balance)| (at.unix_millis() as f64, Some(*balance as f64)))
                    .collect(),
                step: true,
                forecast,
                tone: i % PALETTE,
            }
        })
        .collect();
    let start_day = Timestamp::from_unix_millis(start as i64).map(short_time).unwrap_or_default();
    let end_day = Timestamp::from_unix_millis(end as i64).map(short_time).unwrap_or_default();
    let x_ticks = vec![(start, start_day), (now, t_string!(i18n, insights.plot.today).to_string()), (end, end_day)];
    let plots = vec![Plot::Lines(LinePlot {
        series,
        x_range: (start, end),
        x_ticks,
        y_max: None,
        y_suffix: "",
        label: t_string!(i18n, insights.plot.balances).into(),
    })];
    ChartData { summary, plots, file_name: file, table }
}

fn handoffs_chart(i18n: I18n, insights: &Insights) -> ChartData {
    let weeks = &insights.handoffs_per_week;
    let table = insights.handoffs_table(&InsightWords);
    let file = file_name(i18n, t_string!(i18n, insights.file.handoffs), &insights.filter);
    let summary = core_text::handoffs_summary(insights);
    if weeks.iter().all(|week| week.queued == 0) {
        return ChartData { summary, plots: Vec::new(), file_name: file, table };
    }
    let labels = weeks.iter().map(|week| short_day(week.week)).collect();
    let part = |name: &str, tone: usize, pick: fn(&baton_core::insights::WeekHandoffs) -> u32| BarSeries {
        name: name.to_string(),
        values: weeks.iter().map(|week| f64::from(pick(week))).collect(),
        tone,
    };
    let series = vec![
        part(t_string!(i18n, insights.series.picked_up), tone::GREEN, |week| week.picked_up),
        part(t_string!(i18n, insights.series.waiting), tone::AMBER, |week| week.waiting),
        part(t_string!(i18n, insights.series.failed), tone::RED, |week| week.failed),
    ];
    ChartData {
        summary,
        plots: vec![Plot::Stacked { labels, series, label: t_string!(i18n, insights.plot.handoffs).into() }],
        file_name: file,
        table,
    }
}

/// A radio group styled as a segmented control.
fn segmented<T: Copy + PartialEq + Send + Sync + 'static>(
    legend: &'static str,
    name: &'static str,
    options: Vec<(T, &'static str)>,
    current: Signal<T>,
    set: impl Fn(T) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="segmented">
            <legend class="visually-hidden">{legend}</legend>
            {options.into_iter().map(|(value, label)| view! {
                <label>
                    <input type="radio" name=name prop:checked=move || current.get() == value on:change=move |_| set(value) />
                    <span>{label}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// A filter choosing one record (or all) of `options`, its id in `chosen`.
fn choice_filter(
    form: Form,
    name: &'static str,
    label: &'static str,
    all: &'static str,
    chosen: RwSignal<String>,
    options: impl Fn() -> Vec<(Id, String)> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let control = move |control: FieldControl| {
        view! {
            <select id=control.id aria-describedby=control.described_by on:change=move |event| chosen.set(event_target_value(&event))>
                <option value="" selected=move || chosen.get().is_empty()>{all}</option>
                {move || options().into_iter().map(|(id, name)| {
                    let value = id.to_string();
                    let check = value.clone();
                    view! { <option value=value selected=move || chosen.get() == check>{name}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! { <Field form=form name=name label=label.to_string() control=control /> }
}

#[component]
pub fn Insights() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let query = use_query_map();
    let initial = |name: &str| query.with_untracked(|query| query.get(name).unwrap_or_default());
    let span = RwSignal::new(Span::parse(&initial("span")).unwrap_or_default());
    let project_filter = RwSignal::new(initial("project"));
    let account_filter = RwSignal::new(initial("account"));
    // None: per day for 7 and 30 days, per week beyond.
    let grain_choice = RwSignal::new(None::<Grain>);
    let stack_by = RwSignal::new(StackBy::Account);
    let grain = Signal::derive(move || {
        grain_choice.get().unwrap_or(match span.get() {
            Span::Days7 | Span::Days30 => Grain::Day,
            Span::Days90 | Span::All => Grain::Week,
        })
    });

    let filter = Memo::new(move |_| Filter {
        span: span.get(),
        project_id: Id::parse(&project_filter.get()),
        account_id: Id::parse(&account_filter.get()),
    });
    let choices = LocalResource::new(move || {
        state.track(StoreName::Projects);
        state.track(StoreName::Accounts);
        async move {
            let service = service();
            let projects: Vec<(Id, String)> = service
                .projects(None, ProjectSort::Name, "", 0, PROJECTS_MAX)
                .await?
                .items
                .into_iter()
                .map(|project| (project.id, project.name))
                .collect();
            let accounts: Vec<(Id, String)> =
                service.accounts().await?.into_iter().map(|account| (account.id, account.name)).collect();
            Ok::<_, Error>((projects, accounts))
        }
    });
    let data = LocalResource::new(move || {
        for store in
            [StoreName::Ledger, StoreName::Sessions, StoreName::Handoffs, StoreName::Accounts, StoreName::Projects]
        {
            state.track(store);
        }
        let filter = filter.get();
        async move { service().insights(&filter).await }
    });
    super::mark_ready_when(data);

    // What the page shows: loading (None), an error, nothing to chart (false) or charts (true).
    let shape = Memo::new(move |_| {
        data.get().map(|result| {
            result
                .map(|insights| !(insights.is_empty() && insights.balances.is_empty()))
                .map_err(|error| crate::i18n::errors::service_error(&error))
        })
    });
    let chart = move |build: fn(I18n, &Insights) -> ChartData| {
        Signal::derive(move || match data.get() {
            Some(Ok(insights)) => build(i18n, &insights),
            _ => blank(),
        })
    };
    let credits = Signal::derive(move || {
        let (grain, by) = (grain.get(), stack_by.get());
        match data.get() {
            Some(Ok(insights)) => credits_chart(i18n, &insights, grain, by),
            _ => blank(),
        }
    });
    let sessions = chart(sessions_chart);
    let by_project = chart(|i18n, insights| efficiency_chart(i18n, insights, false));
    let by_platform = chart(|i18n, insights| efficiency_chart(i18n, insights, true));
    let balances = chart(balances_chart);
    let handoffs = chart(handoffs_chart);

    let project_options = move || choices.get().and_then(Result::ok).map(|(projects, _)| projects).unwrap_or_default();
    let account_options = move || choices.get().and_then(Result::ok).map(|(_, accounts)| accounts).unwrap_or_default();

    let form = Form::new("insights-filter");
    view! {
        <super::PageHeader
            title=Signal::stored(t_string!(i18n, insights.title).to_string())
            meta=Signal::stored(t_string!(i18n, insights.meta).to_string())
        />
        <div class="toolbar" role="group" aria-label=t_string!(i18n, insights.filter_label)>
            {segmented(
                t_string!(i18n, insights.range),
                "insights-range",
                Span::ALL.iter().map(|span| (*span, span.label())).collect(),
                span.into(),
                move |value| span.set(value),
            )}
            {choice_filter(form, "project", t_string!(i18n, insights.project), t_string!(i18n, insights.all_projects), project_filter, project_options)}
            {choice_filter(form, "account", t_string!(i18n, insights.account), t_string!(i18n, insights.all_accounts), account_filter, account_options)}
        </div>
        <CreditAlerts />
        {move || match shape.get() {
            None => view! { <ListSkeleton rows=6 /> }.into_any(),
            Some(Err(message)) => view! { <ErrorNote message=message /> }.into_any(),
            Some(Ok(false)) => view! {
                <EmptyState
                    title=t_string!(i18n, insights.empty_title)
                    text=t_string!(i18n, insights.empty_text).to_string()
                >
                    <div class="row">
                        <A href=crate::pwa::href(paths::ACCOUNTS) attr:class="btn btn--primary">{t!(i18n, insights.add_accounts)}</A>
                        <A href=crate::pwa::href(paths::SESSIONS) attr:class="btn">{t!(i18n, insights.go_sessions)}</A>
                    </div>
                </EmptyState>
            }.into_any(),
            Some(Ok(true)) => view! {
                <div class="chart-grid">
                    <ChartCard id="credits" title=t_string!(i18n, insights.chart.credits) data=credits wide=true>
                        {segmented(
                            t_string!(i18n, insights.bucket),
                            "credits-grain",
                            vec![(Grain::Day, Grain::Day.label()), (Grain::Week, Grain::Week.label())],
                            grain,
                            move |value| grain_choice.set(Some(value)),
                        )}
                        {segmented(
                            t_string!(i18n, insights.stack),
                            "credits-stack",
                            vec![(StackBy::Account, StackBy::Account.label()), (StackBy::Project, StackBy::Project.label())],
                            stack_by.into(),
                            move |value| stack_by.set(value),
                        )}
                    </ChartCard>
                    <ChartCard id="balances" title=t_string!(i18n, insights.chart.balances) data=balances wide=true />
                    <ChartCard id="sessions" title=t_string!(i18n, insights.chart.sessions) data=sessions />
                    <ChartCard id="by-project" title=t_string!(i18n, insights.chart.by_project) data=by_project />
                    <ChartCard id="by-platform" title=t_string!(i18n, insights.chart.by_platform) data=by_platform />
                    <ChartCard id="handoffs" title=t_string!(i18n, insights.chart.handoffs) data=handoffs />
                </div>
            }.into_any(),
        }}
    }
}

/// A chart with nothing yet (before the first read; never shown).
fn blank() -> ChartData {
    ChartData {
        summary: String::new(),
        plots: Vec::new(),
        table: baton_core::insights::Table { caption: String::new(), columns: Vec::new(), rows: Vec::new() },
        file_name: String::new(),
    }
}
