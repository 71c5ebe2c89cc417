//! Charts drawn by hand as SVG: stacked bars, lines (with a dashed forecast) and horizontal bars,
//! each in a [`ChartCard`] with a title, a text summary, a legend, a "Show the numbers" table with
//! a caption, and a "Download CSV" of that table.
//!
//! One file of about 400 lines: the three plot kinds share the scale, axis and legend code.
//!
//! Why no chart library: the app's first-load budget is 300 KiB (brotli) for everything, and the
//! Rust chart crates that target the browser (plotters with its canvas backend, charming, which
//! loads ECharts' JavaScript) add from tens of KiB to a megabyte and draw to a canvas, which is
//! opaque to screen readers and ignores the CSS theme. The four shapes needed here are a few
//! dozen lines of SVG each: they inherit the theme's tokens through CSS classes (colours switch
//! with light and dark without redrawing), scale with the page, and their numbers are always
//! available as a real table.

use crate::i18n::{t, t_string, use_i18n};
use crate::state::{use_app, ToastKind};
use baton_core::insights::Table;
use leptos::prelude::*;

/// Width and height of a chart's coordinate system (the SVG scales to its box); wide charts
/// (a whole row of the grid) are drawn wider rather than taller.
const WIDTH: f64 = 480.0;
const WIDE: f64 = 1040.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;
/// Colours in the palette (`chart__series--N` classes, from the theme's status hues).
pub const PALETTE: usize = 6;

/// Palette slots with a meaning (the status colours of `spec/ui.md`).
pub mod tone {
    pub const BLUE: usize = 0;
    pub const AMBER: usize = 1;
    pub const GREEN: usize = 2;
    pub const PURPLE: usize = 3;
    pub const RED: usize = 4;
    pub const GREY: usize = 5;
}

/// One series of bars.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSeries {
    pub name: String,
    pub values: Vec<f64>,
    pub tone: usize,
}

/// One line: points (x, y), a gap where y is None; an optional dashed continuation.
#[derive(Clone, Debug, PartialEq)]
pub struct LineSeries {
    pub name: String,
    pub points: Vec<(f64, Option<f64>)>,
    /// Hold each value until the next point (balances change at entries, not in between).
    pub step: bool,
    pub forecast: Vec<(f64, f64)>,
    pub tone: usize,
}

/// What a chart draws.
#[derive(Clone, Debug, PartialEq)]
pub enum Plot {
    /// Bars per bucket, stacked; `labels` name the buckets (x axis).
    Stacked { labels: Vec<String>, series: Vec<BarSeries>, label: String },
    /// Lines over a numeric x axis with labelled ticks.
    Lines(LinePlot),
    /// One horizontal bar per row.
    Bars { rows: Vec<(String, f64)>, tone: usize, label: String },
}

/// A line chart: its series over `x_range`, the labelled ticks of the x axis, the top of the y
/// axis (`None`: a round number above the highest point) and the y values' suffix ("%").
#[derive(Clone, Debug, PartialEq)]
pub struct LinePlot {
    pub series: Vec<LineSeries>,
    pub x_range: (f64, f64),
    pub x_ticks: Vec<(f64, String)>,
    pub y_max: Option<f64>,
    pub y_suffix: &'static str,
    pub label: String,
}

/// What a card shows: the summary sentence, its plots (none when there is nothing to draw: the
/// summary says so) and the table behind them.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub summary: String,
    pub plots: Vec<Plot>,
    pub table: Table,
    /// The CSV file's name.
    pub file_name: String,
}

/// A "nice" upper bound (1, 2 or 5 × 10ⁿ steps) and its tick step for values up to `max`.
fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1.0);
    }
    let rough = max / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|step| *step >= rough).unwrap_or(rough);
    let step = if max <= 4.0 { step.max(1.0) } else { step };
    ((max / step).ceil() * step, step)
}

fn tick_label(value: f64, suffix: &str) -> String {
    format!("{}{suffix}", baton_core::locale::format_number((value * 10.0).round() / 10.0))
}

/// The y axis: grid lines and their labels.
fn y_axis(width: f64, max: f64, step: f64, suffix: &'static str) -> impl IntoView {
    let count = (max / step).round() as usize;
    (0..=count)
        .map(|i| {
            let value = step * i as f64;
            let y = TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - value / max);
            view! {
                <line class="chart__grid" x1=LEFT x2=width - RIGHT y1=y y2=y />
                <text class="chart__tick" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{tick_label(value, suffix)}</text>
            }
        })
        .collect_view()
}

/// Which of `count` x labels to print: at most `room` of them, evenly spaced, first and last kept.
fn shown_labels(count: usize, room: usize) -> Vec<usize> {
    if count <= room {
        return (0..count).collect();
    }
    let every = count.div_ceil(room);
    let mut shown: Vec<usize> = (0..count).step_by(every).collect();
    if shown.last() != Some(&(count - 1)) {
        if shown.len() >= room {
            shown.pop();
        }
        shown.push(count - 1);
    }
    shown
}

fn legend(items: Vec<(String, usize, bool)>) -> impl IntoView {
    view! {
        <ul class="chart__legend" aria-hidden="true">
            {items.into_iter().map(|(name, tone, dashed)| view! {
                <li class=format!("chart__key chart__series--{}", tone % PALETTE)>
                    <span class=if dashed { "chart__swatch chart__swatch--dashed" } else { "chart__swatch" }></span>
                    {name}
                </li>
            }).collect_view()}
        </ul>
    }
}

fn stacked(width: f64, labels: Vec<String>, series: Vec<BarSeries>, label: String) -> impl IntoView {
    let buckets = labels.len().max(1);
    let totals: Vec<f64> = (0..labels.len()).map(|i| series.iter().map(|s| s.values[i].max(0.0)).sum()).collect();
    let (max, step) = nice_scale(totals.iter().copied().fold(0.0, f64::max));
    let plot_width = width - LEFT - RIGHT;
    let slot = plot_width / buckets as f64;
    let bar = (slot * 0.72).max(1.0);
    let scale = (HEIGHT - TOP - BOTTOM) / max;
    let mut rects = Vec::new();
    for i in 0..labels.len() {
        let mut base = HEIGHT - BOTTOM;
        for s in &series {
            let value = s.values[i].max(0.0);
            if value <= 0.0 {
                continue;
            }
            let height = value * scale;
            base -= height;
            rects.push(view! {
                <rect
                    class=format!("chart__bar chart__series--{}", s.tone % PALETTE)
                    x=LEFT + slot * i as f64 + (slot - bar) / 2.0
                    y=base
                    width=bar
                    height=height
                />
            });
        }
    }
    let x_labels = shown_labels(labels.len(), (width / 90.0) as usize)
        .into_iter()
        .map(|i| {
            let x = LEFT + slot * (i as f64 + 0.5);
            view! { <text class="chart__tick" x=x y=HEIGHT - 8.0 text-anchor="middle">{labels[i].clone()}</text> }
        })
        .collect_view();
    let keys = series.iter().map(|s| (s.name.clone(), s.tone, false)).collect();
    view! {
        <svg class="chart__svg" viewBox=format!("0 0 {width} {HEIGHT}") role="img" aria-label=label>
            {y_axis(width, max, step, "")}
            {rects}
            <line class="chart__axis" x1=LEFT x2=width - RIGHT y1=HEIGHT - BOTTOM y2=HEIGHT - BOTTOM />
            {x_labels}
        </svg>
        {legend(keys)}
    }
}

fn lines(width: f64, plot: LinePlot) -> impl IntoView {
    let LinePlot { series, x_range, x_ticks, y_max, y_suffix, label } = plot;
    let highest = series
        .iter()
        .flat_map(|s| s.points.iter().filter_map(|(_, y)| *y).chain(s.forecast.iter().map(|(_, y)| *y)))
        .fold(0.0, f64::max);
    let (max, step) = match y_max {
        Some(max) => (max, max / 4.0),
        None => nice_scale(highest),
    };
    let (x0, x1) = x_range;
    let span = if x1 > x0 { x1 - x0 } else { 1.0 };
    let px = move |x: f64| LEFT + (width - LEFT - RIGHT) * ((x - x0) / span).clamp(0.0, 1.0);
    let py = move |y: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (y / max).clamp(0.0, 1.0));
    let drawn = series
        .iter()
        .map(|s| {
            // One path of segments (a gap starts a new one), optionally as steps.
            let mut d = String::new();
            let mut previous: Option<(f64, f64)> = None;
            let mut dots = Vec::new();
            for (x, y) in &s.points {
                match (y, previous) {
                    (Some(y), None) => {
                        d.push_str(&format!("M{:.1},{:.1}", px(*x), py(*y)));
                        previous = Some((*x, *y));
                    }
                    (Some(y), Some((_, last))) => {
                        if s.step {
                            d.push_str(&format!("L{:.1},{:.1}", px(*x), py(last)));
                        }
                        d.push_str(&format!("L{:.1},{:.1}", px(*x), py(*y)));
                        previous = Some((*x, *y));
                    }
                    (None, _) => previous = None,
                }
                if let Some(y) = y {
                    dots.push((px(*x), py(*y)));
                }
            }
            let forecast: String = s
                .forecast
                .iter()
                .enumerate()
                .map(|(i, (x, y))| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, px(*x), py(*y)))
                .collect();
            let class = format!("chart__series--{}", s.tone % PALETTE);
            let show_dots = dots.len() <= 40;
            view! {
                <g class=class>
                    <path class="chart__line" d=d />
                    {(!forecast.is_empty()).then(|| view! { <path class="chart__line chart__line--forecast" d=forecast.clone() /> })}
                    {show_dots.then(|| dots.into_iter().map(|(cx, cy)| view! { <circle class="chart__dot" cx=cx cy=cy r="3" /> }).collect_view())}
                </g>
            }
        })
        .collect_view();
    let ticks = x_ticks
        .into_iter()
        .map(|(x, text)| view! { <text class="chart__tick" x=px(x) y=HEIGHT - 8.0 text-anchor="middle">{text}</text> })
        .collect_view();
    let mut keys: Vec<(String, usize, bool)> = series.iter().map(|s| (s.name.clone(), s.tone, false)).collect();
    if series.iter().any(|s| !s.forecast.is_empty()) {
        let i18n = use_i18n();
        keys.push((t_string!(i18n, insights.series.forecast).to_string(), tone::GREY, true));
    }
    view! {
        <svg class="chart__svg" viewBox=format!("0 0 {width} {HEIGHT}") role="img" aria-label=label>
            {y_axis(width, max, step, y_suffix)}
            <line class="chart__axis" x1=LEFT x2=width - RIGHT y1=HEIGHT - BOTTOM y2=HEIGHT - BOTTOM />
            {drawn}
            {ticks}
        </svg>
        {legend(keys)}
    }
}

fn bars(width: f64, rows: Vec<(String, f64)>, tone: usize, label: String) -> impl IntoView {
    const ROW: f64 = 26.0;
    const NAME: f64 = 150.0;
    let height = ROW * rows.len() as f64 + 8.0;
    let (max, _) = nice_scale(rows.iter().map(|(_, v)| *v).fold(0.0, f64::max));
    let room = width - NAME - 60.0;
    let drawn = rows
        .into_iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let y = 4.0 + ROW * i as f64;
            let short: String = if name.chars().count() > 22 {
                format!("{}…", name.chars().take(21).collect::<String>())
            } else {
                name
            };
            let width = (value.max(0.0) / max * room).max(1.0);
            view! {
                <text class="chart__tick chart__name" x=NAME - 8.0 y=y + ROW / 2.0 + 4.0 text-anchor="end">{short}</text>
                <rect class=format!("chart__bar chart__series--{}", tone % PALETTE) x=NAME y=y + 4.0 width=width height=ROW - 8.0 />
                <text class="chart__tick" x=NAME + width + 6.0 y=y + ROW / 2.0 + 4.0>{tick_label(value, "")}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart__svg chart__svg--bars" viewBox=format!("0 0 {width} {height}") role="img" aria-label=label>
            {drawn}
        </svg>
    }
}

fn plot_view(plot: Plot, wide: bool) -> AnyView {
    let width = if wide { WIDE } else { WIDTH };
    match plot {
        Plot::Stacked { labels, series, label } => stacked(width, labels, series, label).into_any(),
        Plot::Lines(plot) => lines(width, plot).into_any(),
        Plot::Bars { rows, tone, label } => bars(width, rows, tone, label).into_any(),
    }
}

/// The numbers as a table with a caption; the first column is the row's name, the others are
/// right-aligned figures.
#[component]
pub fn NumbersTable(table: Table) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // Focusable and named: a wide table scrolls sideways, by keyboard too.
        <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, insights.card.table, caption = table.caption.clone()).to_string()>
            <table class="table table--zebra">
                <caption>{table.caption.clone()}</caption>
                <thead>
                    <tr>
                        {table.columns.iter().enumerate().map(|(i, name)| view! {
                            <th scope="col" class:num={i > 0}>{name.clone()}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {table.rows.iter().map(|row| view! {
                        <tr>
                            {row.iter().enumerate().map(|(i, cell)| {
                                if i == 0 {
                                    view! { <th scope="row">{cell.clone()}</th> }.into_any()
                                } else {
                                    view! { <td class="num">{cell.clone()}</td> }.into_any()
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A chart with its title, summary, legend, numbers and CSV download. Its toggles are
/// the children, rendered once so they keep focus while the chart redraws.
#[component]
pub fn ChartCard(
    /// Unique on the page: the heading's id.
    id: &'static str,
    title: &'static str,
    data: Signal<ChartData>,
    /// Spans the whole row of the grid (charts with many columns).
    #[prop(optional)]
    wide: bool,
    /// Toggles shown beside the title.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    let download = move |_| {
        let data = data.get_untracked();
        match crate::ui::download_text(&data.file_name, "text/csv;charset=utf-8", &data.table.csv()) {
            Ok(()) => {
                let rows = data.table.rows.len();
                let text = t_string!(
                    i18n,
                    insights.card.exported,
                    count = rows,
                    n = baton_core::locale::format_integer(rows as i64),
                    file = data.file_name.clone()
                );
                state.toast(ToastKind::Success, text.to_string())
            }
            Err(message) => state.toast(ToastKind::Error, message),
        }
    };
    view! {
        <section class="card chart" class:chart--wide=wide aria-labelledby=labelled_by>
            <div class="chart__head">
                <h2 class="section__title" id=heading>{title}</h2>
                {children.map(|controls| view! { <div class="chart__controls">{controls()}</div> })}
            </div>
            <p class="chart__summary">{move || data.with(|data| data.summary.clone())}</p>
            {move || data.with(|data| data.plots.clone()).into_iter().map(|plot| plot_view(plot, wide)).collect_view()}
            <div class="chart__foot">
                <details class="chart__numbers">
                    <summary>{t!(i18n, insights.card.show_numbers)}</summary>
                    {move || view! { <NumbersTable table=data.with(|data| data.table.clone()) /> }}
                </details>
                <button type="button" class="btn btn--small" aria-label=t_string!(i18n, insights.card.download_csv_of, title = title).to_string() on:click=download>
                    {t!(i18n, insights.card.download_csv)}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_scale(0.0), (1.0, 1.0));
        assert_eq!(nice_scale(3.0), (3.0, 1.0));
        assert_eq!(nice_scale(34.0), (40.0, 10.0));
        assert_eq!(nice_scale(101.0), (150.0, 50.0));
        assert_eq!(shown_labels(3, 7), [0, 1, 2]);
        assert_eq!(shown_labels(30, 7), [0, 5, 10, 15, 20, 25, 29]);
    }
}
