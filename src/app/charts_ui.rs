//! Draws the shared chart data (`estates_core::charts`) with egui_plot.
//!
//! Categories (years, assemblies, projects) sit at x = 0, 1, 2...; each stack
//! of bars takes its own slot within a category, so "retained locally" and
//! "returned nationally" stand side by side. Values are already in £m (or
//! per cent of draws for the risk histograms). Lines change dash as well as
//! colour, as in print, so they stay apart in greyscale and for colour-blind
//! readers; a line has a gap where it has no value (NaN).

use egui::{Color32, RichText};
use egui_plot::{
    uniform_grid_spacer, Bar, BarChart, FilledArea, GridMark, HoverPosition, Line, LineStyle, Plot, PlotPoints,
};
use estates_core::charts::{Chart, ChartId, Mark, Series};
use estates_core::format::{money_full, money_m};

use super::command::Command;

/// Share of a category's width taken by its bars (the rest is a gap).
const GROUP_WIDTH: f64 = 0.8;
/// Generous width of a character of tick text, in points, to fit names under bars.
const CHAR_WIDTH: f32 = 8.5;
/// Room the y axis takes beside the plot, in points.
const AXIS_WIDTH: f32 = 70.0;
/// Fewer categories than this are padded, so one assembly is not one huge bar.
const MIN_SLOTS: f64 = 4.0;

/// A chart with its title, subtitle and legend, the plot `height` points
/// tall, and an "Export…" button beside its title; returns the export
/// command when the button is clicked.
pub fn exportable_chart_ui(ui: &mut egui::Ui, chart: &Chart, height: f32) -> Option<Command> {
    let clicked = ui
        .horizontal(|ui| {
            // An empty chart has nothing to print.
            let button = ui.add_enabled(!chart.is_empty(), egui::Button::new("Export…").small());
            // Every chart has one: the accessible name says which chart it exports.
            let name = format!("Export the chart “{}”…", chart.title);
            button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            let clicked = button
                .on_hover_text("Save this chart for print: PDF (A4 landscape), PNG (300 dpi) or SVG")
                .clicked();
            ui.label(RichText::new(&chart.title).strong());
            clicked
        })
        .inner;
    plot_ui(ui, chart, height);
    clicked.then(|| Command::ExportChart(Box::new(chart.clone()), None))
}

/// Everything of a chart below its title.
fn plot_ui(ui: &mut egui::Ui, chart: &Chart, height: f32) {
    ui.add(egui::Label::new(RichText::new(&chart.subtitle).small().weak()).wrap());
    if chart.is_empty() {
        empty_ui(ui, chart, height);
        return;
    }
    legend_ui(ui, chart);
    let categories = &chart.categories;
    let money = chart.is_money();
    let n = categories.len() as f64;
    let pad = 0.5 + (MIN_SLOTS - n).max(0.0) / 2.0;
    // Year labels show every fifth year, so they always fit; names are wrapped
    // and shortened to their category's width, and hovering shows them whole.
    let tick_chars = if chart.id.dense_axis() {
        usize::MAX
    } else {
        ((ui.available_width() - AXIS_WIDTH) / (n - 1.0 + 2.0 * pad) as f32 / CHAR_WIDTH) as usize
    };
    Plot::new(chart.id.slug())
        .height(height)
        // A chart is read, not explored; leaving scroll and drag to the page
        // keeps the results view scrollable with the wheel over a chart.
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .include_y(0.0)
        .include_x(-pad)
        .include_x(n - 1.0 + pad)
        .x_grid_spacer(uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .x_axis_formatter(move |mark, _| tick_label(categories, mark.value, tick_chars))
        .y_axis_formatter(move |mark, _| y_tick(mark, money))
        .y_axis_label(chart.y_title.as_str())
        .label_formatter(move |pos| match pos {
            HoverPosition::NearDataPoint {
                plot_name, position, ..
            } => Some(hover_text(
                plot_name,
                category(categories, position.x),
                position.y,
                money,
            )),
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot_ui| {
            for band in bands(chart) {
                plot_ui.add(band);
            }
            for bars in bar_charts(chart) {
                plot_ui.bar_chart(bars);
            }
            for line in lines(chart) {
                plot_ui.line(line);
            }
        });
}

/// Dashes of the `k`th line, in the order the print export uses.
const DASHES: [LineStyle; 4] = [
    LineStyle::Solid,
    LineStyle::Dashed { length: 10.0 },
    LineStyle::Dotted { spacing: 6.0 },
    LineStyle::Dashed { length: 4.0 },
];

/// The line series, each split where it has no value, so a scenario whose
/// years end early stops rather than dropping to zero.
fn lines(chart: &Chart) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let line_series = chart.series.iter().filter(|s| s.mark == Mark::Line);
    for (k, series) in line_series.enumerate() {
        for (part, run) in finite_runs(&series.values).into_iter().enumerate() {
            let points: PlotPoints = run.into_iter().map(|(i, v)| [i as f64, v]).collect();
            out.push(
                Line::new(series.name.clone(), points)
                    .id((chart.id.slug(), k, part))
                    .color(colour(series))
                    .style(DASHES[k % DASHES.len()])
                    .width(2.5),
            );
        }
    }
    out
}

/// Consecutive finite values as `(index, value)` runs.
fn finite_runs(values: &[f64]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if v.is_finite() {
            current.push((i, *v));
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Ranges (P10 to P90) as filled areas under the bars and lines.
fn bands(chart: &Chart) -> Vec<FilledArea> {
    chart
        .series
        .iter()
        .filter_map(|s| match &s.mark {
            Mark::Band { upper } if upper.len() == s.values.len() => {
                let xs: Vec<f64> = (0..s.values.len()).map(|i| i as f64).collect();
                let (r, g, b) = s.colour;
                Some(
                    FilledArea::new(s.name.clone(), &xs, &s.values, upper)
                        .fill_color(Color32::from_rgba_unmultiplied(r, g, b, 70))
                        .stroke(egui::Stroke::new(1.0, colour(s))),
                )
            }
            _ => None,
        })
        .collect()
}

/// The legend above the plot, so it never hides a bar: a swatch (a block for
/// bars, a stroke for lines) and the series name.
fn legend_ui(ui: &mut egui::Ui, chart: &Chart) {
    const SWATCH: egui::Vec2 = egui::vec2(14.0, 10.0);
    const GAP: f32 = 4.0;
    let top = ui.cursor().top();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 12.0;
        for series in &chart.series {
            // Swatch and name are one allocation, so a line never breaks between them.
            let text_colour = ui.visuals().text_color();
            let galley =
                ui.painter()
                    .layout_no_wrap(series.name.clone(), egui::FontId::proportional(11.0), text_colour);
            let size = egui::vec2(SWATCH.x + GAP + galley.size().x, galley.size().y.max(SWATCH.y));
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
            let swatch = egui::Rect::from_min_size(rect.left_center() - egui::vec2(0.0, SWATCH.y / 2.0), SWATCH);
            let swatch = match series.mark {
                Mark::Bar { .. } | Mark::Band { .. } => swatch,
                Mark::Line => egui::Rect::from_center_size(swatch.center(), egui::vec2(SWATCH.x, 3.0)),
            };
            ui.painter().rect_filled(swatch, 1.0, colour(series));
            let text_pos = egui::pos2(swatch.right() + GAP, rect.center().y - galley.size().y / 2.0);
            ui.painter().galley(text_pos, galley, text_colour);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &series.name));
        }
    });
    // Room for two rows of legend whatever its length, so charts side by side keep their plots level.
    // A wrapped row is at least as tall as a widget row.
    let two_rows = 2.0 * ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    ui.add_space((top + two_rows - ui.cursor().top()).max(0.0));
}

fn empty_ui(ui: &mut egui::Ui, chart: &Chart, height: f32) {
    let why = match chart.id {
        ChartId::RetainedReceipts | ChartId::PotBalances => "Nothing to show yet: add disposals and retention rules.",
        ChartId::MarriageValue => {
            "No assembly is realised: enable one whose member sites are all sold in the same year."
        }
        ChartId::ProjectFunding => "No projects with capex yet.",
        ChartId::Risk(risk) => risk.empty_note(),
        ChartId::RetainedCompared => "No scenario retains any receipts.",
        ChartId::PotBalanceCompared => "No scenario has a pot balance.",
        ChartId::FundingGapCompared => "No scenario has a funding gap.",
    };
    ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
        ui.centered_and_justified(|ui| ui.weak(why));
    });
}

/// Where one bar goes: its centre, where it starts, its height.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Placed {
    x: f64,
    base: f64,
    value: f64,
}

/// Places every bar series: each stack in its own slot of the category, each
/// series on top of the ones before it in its stack (negatives hang below).
fn place_bars(chart: &Chart) -> (f64, Vec<(&Series, Vec<Placed>)>) {
    let stacks = chart.stacks();
    let slot = GROUP_WIDTH / stacks.len().max(1) as f64;
    let mut out = Vec::new();
    for (k, stack) in stacks.iter().enumerate() {
        let offset = -GROUP_WIDTH / 2.0 + slot * (k as f64 + 0.5);
        let mut above = vec![0.0; chart.categories.len()];
        let mut below = vec![0.0; chart.categories.len()];
        for series in chart
            .series
            .iter()
            .filter(|s| matches!(&s.mark, Mark::Bar { stack: st } if st == stack))
        {
            let placed = series
                .values
                .iter()
                .zip(above.iter_mut().zip(below.iter_mut()))
                .enumerate()
                .map(|(i, (v, (up, down)))| {
                    let edge = if *v >= 0.0 { up } else { down };
                    let base = *edge;
                    *edge += v;
                    Placed {
                        x: i as f64 + offset,
                        base,
                        value: *v,
                    }
                })
                .collect();
            out.push((series, placed));
        }
    }
    (slot * 0.9, out)
}

/// One egui_plot bar chart per bar series, hovering with the series, category and value.
fn bar_charts(chart: &Chart) -> Vec<BarChart> {
    let (width, placed) = place_bars(chart);
    let money = chart.is_money();
    placed
        .into_iter()
        .map(|(series, bars)| {
            let bars = bars
                .iter()
                .map(|p| {
                    Bar::new(p.x, p.value)
                        .base_offset(p.base)
                        .width(width)
                        .fill(colour(series))
                        .name(category(&chart.categories, p.x.round()))
                })
                .collect();
            let name = series.name.clone();
            BarChart::new(series.name.clone(), bars)
                .color(colour(series))
                .element_formatter(Box::new(move |bar, _| hover_text(&name, &bar.name, bar.value, money)))
        })
        .collect()
}

fn colour(series: &Series) -> Color32 {
    let (r, g, b) = series.colour;
    Color32::from_rgb(r, g, b)
}

/// The category at a plot x, if x is (close to) its centre.
fn category(categories: &[String], x: f64) -> &str {
    let i = x.round();
    if i < 0.0 || (x - i).abs() > 0.45 {
        return "";
    }
    categories.get(i as usize).map_or("", String::as_str)
}

/// A category's name on up to two lines of `max_chars`, the rest shortened with "…".
fn tick_label(categories: &[String], x: f64, max_chars: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in category(categories, x).split_whitespace() {
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > max_chars {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    let fits = lines.len() <= 2 && lines.iter().all(|l| l.chars().count() <= max_chars);
    if !fits {
        lines.truncate(2);
        if let Some(last) = lines.last_mut() {
            *last = last.chars().take(max_chars.saturating_sub(1)).collect::<String>() + "…";
        }
    }
    lines.join("\n")
}

/// `£12.5m` (or `12.5%`) on the y axis, with as many decimals as the grid step needs.
fn y_tick(mark: GridMark, money: bool) -> String {
    let decimals = (-mark.step_size.log10().floor()).clamp(0.0, 3.0) as usize;
    let v = mark.value;
    if !money {
        format!("{v:.decimals$}%")
    } else if v < 0.0 {
        format!("-£{:.*}m", decimals, -v)
    } else {
        format!("£{v:.decimals$}m")
    }
}

/// Series, category and the value in £m and in full pounds (or in per cent).
fn hover_text(series: &str, category: &str, value_m: f64, money: bool) -> String {
    if !money {
        return format!("{series}\n{category}: {value_m:.1}%");
    }
    let pounds = value_m * 1e6;
    format!("{series}\n{category}: {} ({})", money_m(pounds), money_full(pounds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats() -> Vec<String> {
        vec![
            "2026/27".into(),
            "2027/28".into(),
            "A very long assembly name indeed".into(),
        ]
    }

    #[test]
    fn ticks_only_at_category_centres() {
        assert_eq!(tick_label(&cats(), 1.0, 18), "2027/28");
        assert_eq!(tick_label(&cats(), 0.5, 18), "");
        assert_eq!(tick_label(&cats(), -1.0, 18), "");
        assert_eq!(tick_label(&cats(), 3.0, 18), "");
        assert_eq!(tick_label(&cats(), 2.0, 18), "A very long\nassembly name…");
        assert_eq!(tick_label(&cats(), 2.0, 40), "A very long assembly name indeed");
        assert_eq!(tick_label(&cats(), 2.0, 8), "A very\nlong…");
        assert_eq!(
            tick_label(&["Enhanced neighbourhood care hub".into()], 0.0, 12),
            "Enhanced\nneighbourho…"
        );
    }

    #[test]
    fn y_ticks_in_millions() {
        let mark = |value, step_size| GridMark { value, step_size };
        assert_eq!(y_tick(mark(10.0, 10.0), true), "£10m");
        assert_eq!(y_tick(mark(2.5, 0.5), true), "£2.5m");
        assert_eq!(y_tick(mark(-5.0, 5.0), true), "-£5m");
        assert_eq!(y_tick(mark(20.0, 10.0), false), "20%");
    }

    #[test]
    fn lines_break_where_they_have_no_value() {
        let runs = finite_runs(&[1.0, 2.0, f64::NAN, 4.0, f64::NAN]);
        assert_eq!(runs, vec![vec![(0, 1.0), (1, 2.0)], vec![(3, 4.0)]]);
        assert!(finite_runs(&[f64::NAN]).is_empty());
    }

    #[test]
    fn stacks_stand_side_by_side_and_series_stack_within() {
        let chart = Chart {
            id: ChartId::RetainedReceipts,
            title: String::new(),
            subtitle: String::new(),
            x_title: String::new(),
            y_title: String::new(),
            categories: vec!["2026/27".into()],
            series: vec![
                Series {
                    name: "Pot A".into(),
                    values: vec![2.0],
                    mark: Mark::Bar {
                        stack: "Retained".into(),
                    },
                    colour: (0, 0, 0),
                },
                Series {
                    name: "Pot B".into(),
                    values: vec![3.0],
                    mark: Mark::Bar {
                        stack: "Retained".into(),
                    },
                    colour: (0, 0, 0),
                },
                Series {
                    name: "Returned".into(),
                    values: vec![4.0],
                    mark: Mark::Bar {
                        stack: "Returned".into(),
                    },
                    colour: (0, 0, 0),
                },
            ],
        };
        let (width, placed) = place_bars(&chart);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        let bar = |i: usize| placed[i].1[0];
        assert_eq!(placed.len(), 3);
        assert!(
            close(bar(0).x, -0.2) && bar(0).base == 0.0 && bar(0).value == 2.0,
            "{:?}",
            bar(0)
        );
        assert!(
            close(bar(1).x, -0.2) && bar(1).base == 2.0,
            "pot B sits on pot A: {:?}",
            bar(1)
        );
        assert!(
            close(bar(2).x, 0.2) && bar(2).base == 0.0,
            "returned nationally stands beside: {:?}",
            bar(2)
        );
        assert!(close(width, 0.36));
    }
}
