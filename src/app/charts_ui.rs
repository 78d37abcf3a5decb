//! Draws the shared chart data (`estates_core::charts`) with egui_plot, from
//! the layout the print export also uses (`estates_core::charts::layout`):
//! the same bar stacking, line runs, dashes, y units and empty-chart notes,
//! so the screen and the paper cannot disagree.
//!
//! Categories (years, assemblies, projects) sit at x = 0, 1, 2...; each stack
//! of bars takes its own slot within a category. Every category is named
//! under its bar (wrapped to two lines, shortened only when two are not
//! enough, whole on hover); a crowded year axis names every few years.

use std::sync::Arc;

use egui::{Color32, RichText};
use egui_plot::{
    Bar, BarChart, FilledArea, GridMark, HoverPosition, Line, LineStyle, Plot, PlotPoint, PlotPoints, Text,
};
use estates_core::charts::layout::{
    bar_figure, empty_note, fit_label, hatch_ink, hatch_segments, legend_entries, line_runs, stack_bars, stack_slot,
    value_range, Dash, Fitted, LegendEntry, Unit,
};
use estates_core::charts::{Chart, Mark, Series};
use estates_core::format::{money_full, money_m};

use super::command::Command;

/// Fewer categories than this are padded, so one assembly is not one huge bar.
const MIN_SLOTS: f64 = 4.0;
/// Category names are set at this size under the plot.
const LABEL_SIZE: f32 = 11.0;
/// Figures above the bars are set at this size.
const FIGURE_SIZE: f32 = 10.0;
/// Room the y axis takes beside the plot, in points.
const AXIS_WIDTH: f32 = 60.0;

/// A chart with its title, subtitle and legend, the plot `height` points
/// tall, and buttons beside its title to export it for print, copy it as an
/// image or save it as a figure for a word processor; returns the command
/// of the button clicked.
pub fn exportable_chart_ui(ui: &mut egui::Ui, chart: &Chart, height: f32) -> Option<Command> {
    explainable_chart_ui(ui, chart, height, &|_, _| None)
}

/// [`exportable_chart_ui`] whose bars and points can be clicked: `explain`
/// turns the series and category clicked into the command that explains it.
pub fn explainable_chart_ui(
    ui: &mut egui::Ui,
    chart: &Chart,
    height: f32,
    explain: &dyn Fn(usize, usize) -> Option<Command>,
) -> Option<Command> {
    let asked = ui
        .horizontal(|ui| {
            // An empty chart has nothing to print.
            let enabled = !chart.is_empty();
            let mut asked = None;
            // The command is made only when its button is clicked: a chart
            // copied for each of its buttons every frame would be wasted.
            type Make = fn(Box<Chart>) -> Command;
            let buttons: [(&str, String, &str, Make); 3] = [
                (
                    "Export…",
                    format!("Export the chart “{}”…", chart.title),
                    "Save this chart for print: PDF (A4 landscape), PNG (300 dpi) or SVG",
                    |chart| Command::ExportChart(chart, None),
                ),
                (
                    "Figure…",
                    format!("Save the chart “{}” as a figure…", chart.title),
                    "Save this chart alone for a Word paper: PNG (300 dpi, 16 cm wide) and SVG, with its caption \
                     in a text file",
                    |chart| Command::ExportFigure(chart, None),
                ),
                (
                    "Copy",
                    format!("Copy the chart “{}”", chart.title),
                    "Copy this chart as an image (16 cm at 300 dpi), to paste into a paper",
                    Command::CopyChart,
                ),
            ];
            for (text, name, hover, make) in buttons {
                let button = ui.add_enabled(enabled, egui::Button::new(text).small());
                // Every chart has these: the accessible name says which chart they act on.
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if button.on_hover_text(hover).clicked() {
                    asked = Some(make(Box::new(chart.clone())));
                }
            }
            ui.label(RichText::new(&chart.title).strong());
            asked
        })
        .inner;
    let clicked = plot_ui(ui, chart, height);
    asked.or(clicked.and_then(|(series, category)| explain(series, category)))
}

/// Everything of a chart below its title; returns the series and category
/// of a bar or point clicked.
fn plot_ui(ui: &mut egui::Ui, chart: &Chart, height: f32) -> Option<(usize, usize)> {
    ui.add(egui::Label::new(RichText::new(&chart.subtitle).small().weak()).wrap());
    if chart.is_empty() {
        empty_ui(ui, chart, height);
        return None;
    }
    legend_ui(ui, chart);
    let categories = &chart.categories;
    let unit = Unit::of(chart, value_range(chart));
    let money = chart.is_money();
    let n = categories.len() as f64;
    let pad = 0.5 + (MIN_SLOTS - n).max(0.0) / 2.0;
    // Points per category, near enough to tell which bar totals fit above their bars.
    let per_category = (ui.available_width() - AXIS_WIDTH) / (n - 1.0 + 2.0 * pad) as f32;
    let totals = total_labels(ui, chart, unit, per_category);
    let outline = ui.visuals().weak_text_color();
    let response = Plot::new(chart.id.slug())
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
        // The categories are named under the plot by `category_labels_ui`, every one of them.
        .show_axes([false, true])
        .show_grid([false, true])
        .include_y(0.0)
        .include_x(-pad)
        .include_x(n - 1.0 + pad)
        .y_axis_formatter(move |mark, _| y_tick(mark, unit))
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
            for bars in bar_charts(chart, outline) {
                plot_ui.bar_chart(bars);
            }
            for line in lines(chart) {
                plot_ui.line(line);
            }
            for text in totals {
                plot_ui.text(text);
            }
        });
    hatches_ui(ui, chart, &response);
    let centres: Vec<f32> = (0..categories.len())
        .map(|i| response.transform.position_from_point_x(i as f64))
        .collect();
    category_labels_ui(ui, chart, &centres);
    let click = response
        .response
        .clicked()
        .then(|| response.response.interact_pointer_pos())
        .flatten()?;
    let at = response.transform.value_from_position(click);
    // How far a click may miss a line, in the plot's units: a few points on screen.
    let reach = (response.transform.dvalue_dpos()[1] * CLICK_REACH).abs();
    figure_at(chart, at, reach)
}

/// Points within which a click on a line counts as a click on its point.
const CLICK_REACH: f64 = 8.0;

/// The series and category under plot point `at`: the bar segment that
/// contains it, else the line or band point of that category within `reach`.
fn figure_at(chart: &Chart, at: PlotPoint, reach: f64) -> Option<(usize, usize)> {
    let stacks = chart.stacks().len();
    let bar = stack_bars(chart).0.into_iter().find(|seg| {
        let (offset, width) = stack_slot(seg.stack, stacks);
        let centre = seg.category as f64 + offset;
        (at.x - centre).abs() <= width / 2.0 && at.y >= seg.from.min(seg.to) && at.y <= seg.from.max(seg.to)
    });
    if let Some(seg) = bar {
        return Some((seg.series, seg.category));
    }
    let i = at.x.round();
    if i < 0.0 || (at.x - i).abs() > 0.45 {
        return None;
    }
    let i = i as usize;
    chart
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| !matches!(s.mark, Mark::Bar { .. }))
        .filter_map(|(k, s)| Some((k, (s.values.get(i)? - at.y).abs())))
        .filter(|&(_, miss)| miss <= reach)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| (k, i))
}

/// The egui line style of a dash.
fn line_style(dash: Dash) -> LineStyle {
    match dash {
        Dash::Solid => LineStyle::Solid,
        Dash::Long => LineStyle::Dashed { length: 10.0 },
        Dash::Dotted => LineStyle::Dotted { spacing: 6.0 },
        Dash::DashDot => LineStyle::Dashed { length: 4.0 },
    }
}

/// The line series, each split where it has no value.
fn lines(chart: &Chart) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (k, series) in chart.series.iter().enumerate().filter(|(_, s)| s.mark == Mark::Line) {
        for (part, run) in line_runs(&series.values).into_iter().enumerate() {
            let points: PlotPoints = run.into_iter().map(|(i, v)| [i as f64, v]).collect();
            out.push(
                Line::new(series.name.clone(), points)
                    .id((chart.id.slug(), k, part))
                    .color(colour(series))
                    .style(line_style(Dash::of(series.pattern)))
                    .width(2.5),
            );
        }
    }
    out
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
/// bars, a dashed stroke for lines) and the series name, a stack of several
/// series headed by its name; then what the bars' totals are.
fn legend_ui(ui: &mut egui::Ui, chart: &Chart) {
    const SWATCH: egui::Vec2 = egui::vec2(14.0, 10.0);
    const GAP: f32 = 4.0;
    let top = ui.cursor().top();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 12.0;
        for entry in legend_entries(chart) {
            let series = match entry {
                LegendEntry::Heading(heading) => {
                    ui.label(RichText::new(heading).size(11.0).strong().weak());
                    continue;
                }
                LegendEntry::Series(k) => &chart.series[k],
            };
            // Swatch and name are one allocation, so a line never breaks between them.
            let text_colour = ui.visuals().text_color();
            let galley =
                ui.painter()
                    .layout_no_wrap(series.name.clone(), egui::FontId::proportional(11.0), text_colour);
            let size = egui::vec2(SWATCH.x + GAP + galley.size().x, galley.size().y.max(SWATCH.y));
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
            let swatch = egui::Rect::from_min_size(rect.left_center() - egui::vec2(0.0, SWATCH.y / 2.0), SWATCH);
            match series.mark {
                Mark::Bar { .. } => {
                    ui.painter().rect_filled(swatch, 1.0, colour(series));
                    hatch_ui(ui.painter(), swatch, series);
                }
                Mark::Band { .. } => {
                    ui.painter().rect_filled(swatch, 1.0, colour(series));
                }
                Mark::Line => dashed_swatch(ui.painter(), swatch, series),
            }
            let text_pos = egui::pos2(swatch.right() + GAP, rect.center().y - galley.size().y / 2.0);
            ui.painter().galley(text_pos, galley, text_colour);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &series.name));
        }
        if !chart.bar_totals.is_empty() && !chart.stacks().is_empty() {
            ui.label(RichText::new(&chart.bar_totals).small().weak());
        }
    });
    // Room for two rows of legend whatever its length, so charts side by side keep their plots level.
    // A wrapped row is at least as tall as a widget row.
    let two_rows = 2.0 * ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    ui.add_space((top + two_rows - ui.cursor().top()).max(0.0));
}

/// Points between hatch lines on screen (5 points on paper, where bars are smaller).
const HATCH_SPACING: f64 = 6.0;

/// Each bar segment's hatch, as the printed chart draws it: the pattern's
/// lines from the shared layout, over the bars egui_plot filled.
fn hatches_ui(ui: &egui::Ui, chart: &Chart, response: &egui_plot::PlotResponse<()>) {
    let painter = ui.painter_at(*response.transform.frame());
    let (segments, _) = stack_bars(chart);
    let stacks = chart.stacks().len();
    for seg in &segments {
        let (offset, width) = stack_slot(seg.stack, stacks);
        let x = seg.category as f64 + offset;
        let corner = |x: f64, y: f64| response.transform.position_from_point(&PlotPoint::new(x, y));
        let rect = egui::Rect::from_two_pos(corner(x - width / 2.0, seg.from), corner(x + width / 2.0, seg.to));
        hatch_ui(&painter, rect, &chart.series[seg.series]);
    }
}

/// The series' hatch over `rect` (nothing for a solid series).
fn hatch_ui(painter: &egui::Painter, rect: egui::Rect, series: &Series) {
    let (r, g, b) = hatch_ink(series.colour);
    let stroke = egui::Stroke::new(1.0, Color32::from_rgb(r, g, b));
    let bounds = (
        f64::from(rect.left()),
        f64::from(rect.top()),
        f64::from(rect.right()),
        f64::from(rect.bottom()),
    );
    for [a, b] in hatch_segments(series.pattern, bounds, HATCH_SPACING) {
        painter.line_segment(
            [egui::pos2(a.0 as f32, a.1 as f32), egui::pos2(b.0 as f32, b.1 as f32)],
            stroke,
        );
    }
}

/// A line's legend swatch with its dash, as on the plot.
fn dashed_swatch(painter: &egui::Painter, swatch: egui::Rect, series: &Series) {
    let y = swatch.center().y;
    let stroke = egui::Stroke::new(2.5, colour(series));
    let (from, to) = (egui::pos2(swatch.left(), y), egui::pos2(swatch.right(), y));
    match Dash::of(series.pattern) {
        Dash::Solid => {
            painter.line_segment([from, to], stroke);
        }
        dash => {
            let (on, off) = match dash {
                Dash::Dotted => (2.0, 2.5),
                Dash::DashDot => (4.0, 2.0),
                _ => (6.0, 3.0),
            };
            painter.extend(egui::Shape::dashed_line(&[from, to], stroke, on, off));
        }
    }
}

fn empty_ui(ui: &mut egui::Ui, chart: &Chart, height: f32) {
    ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
        ui.centered_and_justified(|ui| ui.weak(empty_note(chart)));
    });
}

/// Names every category under its bar, within its band: wrapped to two
/// lines, shortened only when two lines are not enough (hover shows the
/// whole name). Years too many to name each are named every few.
fn category_labels_ui(ui: &mut egui::Ui, chart: &Chart, centres: &[f32]) {
    let band = match centres {
        [a, b, ..] => b - a,
        _ => ui.available_width(),
    };
    let font = egui::FontId::proportional(LABEL_SIZE);
    let colour = ui.visuals().weak_text_color();
    let (step, fitted) = fitted_categories(ui, chart, band, &font);
    let rows = fitted.iter().map(|f| f.lines.len()).max().unwrap_or(1) as f32;
    let line_h = ui.fonts_mut(|f| f.row_height(&font));
    let (strip, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), rows * line_h + 4.0),
        egui::Sense::hover(),
    );
    for (i, (fit, x)) in fitted.iter().zip(centres).enumerate() {
        if i % step != 0 {
            continue;
        }
        let text = fit.lines.join("\n");
        let galley = ui.painter().layout(text, font.clone(), colour, f32::INFINITY);
        let pos = egui::pos2(x - galley.size().x / 2.0, strip.top() + 2.0);
        let rect = egui::Rect::from_min_size(pos, galley.size());
        ui.painter().galley(pos, galley, colour);
        let full = &chart.categories[i];
        let response = ui.interact(
            rect,
            ui.scope_id().with((chart.id.slug(), "category", i)),
            egui::Sense::hover(),
        );
        // Named with its chart, so a screen reader says which chart the bar is in.
        let name = format!("{}: {full}", chart.title);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
        if fit.shortened {
            response.on_hover_text(full);
        }
    }
}

/// The categories fitted to their band: every how many are named, and each
/// one's lines. Worked out again only when the names, the band or the font
/// change (kept in egui's memory), not every frame: fitting measures names
/// letter by letter when they must be shortened.
fn fitted_categories(ui: &egui::Ui, chart: &Chart, band: f32, font: &egui::FontId) -> (usize, Arc<Vec<Fitted>>) {
    let key = egui::util::hash((&chart.categories, band.to_bits(), font, ui.pixels_per_point().to_bits()));
    let memory = ui.scope_id().with(("fitted categories", chart.id.slug()));
    let kept: Option<(u64, usize, Arc<Vec<Fitted>>)> = ui.data(|d| d.get_temp(memory));
    if let Some((kept_key, step, fitted)) = kept {
        if kept_key == key {
            return (step, fitted);
        }
    }
    let colour = ui.visuals().weak_text_color();
    let measure = |text: &str| -> f64 {
        f64::from(ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font.clone(), colour).size().x))
    };
    let widest = chart.categories.iter().map(|c| measure(c)).fold(0.0, f64::max) as f32;
    // Years and value ranges (single words) are thinned rather than shortened.
    let step = if chart.id.dense_axis() && widest > band - 4.0 {
        ((widest + 8.0) / band).ceil().max(1.0) as usize
    } else {
        1
    };
    let width = f64::from(band * step as f32 - 4.0);
    let fitted: Arc<Vec<Fitted>> = Arc::new(
        chart
            .categories
            .iter()
            .map(|c| fit_label(c, width, 2, measure))
            .collect(),
    );
    ui.data_mut(|d| d.insert_temp(memory, (key, step, Arc::clone(&fitted))));
    (step, fitted)
}

/// Each stack's total written beyond its end, as on paper, where the bar
/// (`per_category` points a category) is wide enough to carry it.
fn total_labels(ui: &egui::Ui, chart: &Chart, unit: Unit, per_category: f32) -> Vec<Text> {
    let stacks = chart.stacks().len();
    let font = egui::FontId::proportional(FIGURE_SIZE);
    let ink = ui.visuals().text_color();
    stack_bars(chart)
        .1
        .into_iter()
        .filter_map(|t| {
            let text = bar_figure(t.total, unit);
            let (offset, width) = stack_slot(t.stack, stacks);
            let text_w = ui.fonts_mut(|f| f.layout_no_wrap(text.clone(), font.clone(), ink).size().x);
            if text.is_empty() || text_w > width as f32 * per_category {
                return None;
            }
            let anchor = if t.total > 0.0 {
                egui::Align2::CENTER_BOTTOM
            } else {
                egui::Align2::CENTER_TOP
            };
            let at = PlotPoint::new(t.category as f64 + offset, t.total);
            Some(
                Text::new("", at, RichText::new(text).size(FIGURE_SIZE))
                    .color(ink)
                    .anchor(anchor),
            )
        })
        .collect()
}

/// One egui_plot bar chart per bar series, placed by the shared stacking and
/// hovering with the series, category and value; bars are outlined so that
/// dark measures stand out on a dark background.
fn bar_charts(chart: &Chart, outline: Color32) -> Vec<BarChart> {
    let (segments, _) = stack_bars(chart);
    let stacks = chart.stacks().len();
    let money = chart.is_money();
    chart
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.mark, Mark::Bar { .. }))
        .map(|(k, series)| {
            let bars = segments
                .iter()
                .filter(|seg| seg.series == k)
                .map(|seg| {
                    let (offset, width) = stack_slot(seg.stack, stacks);
                    Bar::new(seg.category as f64 + offset, seg.to - seg.from)
                        .base_offset(seg.from)
                        .width(width)
                        .fill(colour(series))
                        .stroke(egui::Stroke::new(0.5, outline))
                        .name(&chart.categories[seg.category])
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

/// `£250k`, `£12.5m`, `£2bn` (or `12.5%`) on the y axis, in the chart's unit,
/// with as many decimals as the grid step needs.
fn y_tick(mark: GridMark, unit: Unit) -> String {
    let step = mark.step_size * unit.per_million();
    let decimals = (-step.log10().floor()).clamp(0.0, 3.0) as usize;
    unit.amount(mark.value, decimals)
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

    #[test]
    fn fitted_category_names_are_kept_until_the_names_or_the_band_change() {
        let sample = crate::app::document::Document::sample().expect("the built-in sample");
        let report = estates_core::compute(&sample.scenario);
        let id = estates_core::charts::ChartId::ProjectFunding;
        let mut chart = estates_core::charts::chart(id, &sample.scenario, &report);
        chart.categories = vec!["Downham hub".into(), "New Cross hub".into()];
        let font = egui::FontId::proportional(LABEL_SIZE);
        let ctx = egui::Context::default();
        let fit = |chart: &Chart, band: f32| {
            let mut out = None;
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                out = Some(fitted_categories(ui, chart, band, &font));
            });
            // No renderer here to take the font atlas.
            output.textures_delta.clear();
            out.map(|(_, fitted)| fitted).unwrap_or_default()
        };
        let first = fit(&chart, 200.0);
        assert_eq!(first[0].lines, ["Downham hub"]);
        assert!(Arc::ptr_eq(&first, &fit(&chart, 200.0)), "kept for the next frame");

        chart.categories[0] = "Sydenham Green hub".into();
        let renamed = fit(&chart, 200.0);
        assert_eq!(renamed[0].lines, ["Sydenham Green hub"], "a new name is fitted at once");
        let narrow = fit(&chart, 40.0);
        assert!(narrow[0].lines.len() > 1 || narrow[0].shortened, "{:?}", narrow[0]);
    }

    #[test]
    fn hover_finds_categories_only_at_their_centres() {
        let cats: Vec<String> = vec!["2026/27".into(), "2027/28".into()];
        assert_eq!(category(&cats, 1.0), "2027/28");
        assert_eq!(category(&cats, 0.5), "");
        assert_eq!(category(&cats, -1.0), "");
        assert_eq!(category(&cats, 2.0), "");
    }

    #[test]
    fn a_click_finds_the_bar_segment_or_the_nearest_line_point() {
        use estates_core::charts::{measure, Series};
        let chart = Chart {
            id: estates_core::charts::ChartId::PotBalances,
            title: "t".into(),
            subtitle: String::new(),
            x_title: String::new(),
            y_title: estates_core::charts::MONEY_AXIS.into(),
            categories: vec!["2026/27".into(), "2027/28".into()],
            series: vec![
                Series::bar("From pots", vec![2.0, 1.0], "Capex", measure::FROM_POTS),
                Series::bar("Funding gap", vec![1.0, 0.0], "Capex", measure::GAP),
                Series::line("Pot balance", vec![5.0, 8.0], measure::FROM_POTS),
            ],
            bar_totals: String::new(),
            whole: None,
        };
        let at = |x, y| PlotPoint::new(x, y);
        // The stack of 2026/27 runs from pots (0 to 2) then the gap (2 to 3).
        assert_eq!(figure_at(&chart, at(0.0, 1.0), 0.1), Some((0, 0)));
        assert_eq!(figure_at(&chart, at(0.05, 2.5), 0.1), Some((1, 0)));
        // Above the bars, near the line's point of 2027/28.
        assert_eq!(figure_at(&chart, at(1.0, 7.95), 0.1), Some((2, 1)));
        // Between categories, or far from every point: nothing.
        assert_eq!(figure_at(&chart, at(0.5, 1.0), 0.1), None);
        assert_eq!(figure_at(&chart, at(1.0, 4.0), 0.1), None);
    }

    #[test]
    fn y_ticks_in_the_charts_unit() {
        let mark = |value, step_size| GridMark { value, step_size };
        assert_eq!(y_tick(mark(10.0, 10.0), Unit::Millions), "£10m");
        assert_eq!(y_tick(mark(2.5, 0.5), Unit::Millions), "£2.5m");
        assert_eq!(y_tick(mark(-5.0, 5.0), Unit::Millions), "-£5m");
        // 0.25 £m on a £k axis stepping by £50k.
        assert_eq!(y_tick(mark(0.25, 0.05), Unit::Thousands), "£250k");
        assert_eq!(y_tick(mark(2500.0, 500.0), Unit::Billions), "£2.5bn");
        assert_eq!(y_tick(mark(20.0, 10.0), Unit::Other), "20%");
    }
}
