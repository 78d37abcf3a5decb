//! Live results: the headline strip shown above every view, and the results
//! view with the charts and the per-year table.

use egui::{RichText, Role, WidgetInfo};
use estates_core::compare::HEADLINES;
use estates_core::explain::{chart_figure, NPV_FIELDS};
use estates_core::format::money_m;
use estates_core::report::Report;
use estates_core::tables::npv_rows;

use super::charts_ui::explainable_chart_ui;
use super::command::Command;
use super::document::{Document, Results};
use super::year_table::{pounds_and_pence, year_table_ui};

/// Least width of one headline figure; nine of them fit across a 1280-point
/// window, and a wider window spreads them across its width.
const HEADLINE_WIDTH: f32 = 128.0;
const HEADLINE_MAX_WIDTH: f32 = 200.0;
const HEADLINE_GAP: f32 = 6.0;
/// Text size of a headline's label: "Capex (with optimism bias)" still fits the least width.
const HEADLINE_LABEL_SIZE: f32 = 10.5;
/// Charts sit two abreast when the area is at least this wide.
const TWO_COLUMNS_FROM: f32 = 860.0;
const CHART_HEIGHT: f32 = 250.0;
/// Width of the NPV figures' column: "-£123.4m" at the body size, right-aligned.
const NPV_WIDTH: f32 = 80.0;

/// The headline figures of the last valid version, always visible; a figure
/// clicked asks for its explanation.
pub fn headline_strip_ui(ui: &mut egui::Ui, doc: &Document) -> Option<Command> {
    let Some(results) = doc.results() else {
        ui.label(RichText::new(no_results_text(doc.error_count())).color(ui.visuals().warn_fg_color));
        return None;
    };
    let mut asked = None;
    if doc.is_stale() {
        stale_banner_ui(ui, doc.error_count());
    }
    let n = HEADLINES.len() as f32;
    // A gap's worth of slack, so rounding never wraps the last figure onto a second row.
    let width = ((ui.available_width() - HEADLINE_GAP * n) / n)
        .floor()
        .clamp(HEADLINE_WIDTH, HEADLINE_MAX_WIDTH);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = HEADLINE_GAP;
        for h in &HEADLINES {
            let x = (h.get)(&results.report);
            if headline_ui(ui, (h.label, width), x, h.is_money, h.show(x), doc.is_stale()) {
                asked = Some(Command::ExplainHeadline(h.key.to_owned()));
            }
        }
    });
    spend_limit_notice_ui(ui, &results.report);
    asked
}

/// Says under the headlines when a pot's spending limit held money back while
/// projects went short, since the totals alone make that look like a shortage
/// of receipts rather than of capital budget.
fn spend_limit_notice_ui(ui: &mut egui::Ui, report: &Report) {
    let Some(text) = spend_limit_notice(report) else {
        return;
    };
    ui.label(RichText::new(text).color(ui.visuals().warn_fg_color))
        .on_hover_text("The Problems list names each pot, year and project");
}

/// "Spending limits held money back while projects went short: London Estates
/// Board pool (2 years)", or `None` when no limit did.
pub(crate) fn spend_limit_notice(report: &Report) -> Option<String> {
    let mut pots: Vec<(&str, usize)> = Vec::new();
    for w in report.warnings.iter().filter(|w| w.field == "spend_limits") {
        match pots.iter_mut().find(|(name, _)| *name == w.item.name) {
            Some((_, years)) => *years += 1,
            None => pots.push((&w.item.name, 1)),
        }
    }
    if pots.is_empty() {
        return None;
    }
    let listed: Vec<String> = pots
        .iter()
        .map(|(name, years)| match years {
            1 => format!("{name} (1 year)"),
            n => format!("{name} ({n} years)"),
        })
        .collect();
    Some(format!(
        "Spending limits held money back while projects went short: {}",
        listed.join(", ")
    ))
}

/// One figure: a small label over the value (greyed when stale); the
/// accessible name says both, and hovering shows the exact amount. Returns
/// whether the value was clicked (to explain it).
fn headline_ui(
    ui: &mut egui::Ui,
    (label, width): (&str, f32),
    x: f64,
    is_money: bool,
    shown: String,
    stale: bool,
) -> bool {
    ui.allocate_ui(egui::vec2(width, 40.0), |ui| {
        ui.set_min_width(width);
        ui.vertical(|ui| {
            // Larger and darker than egui's small text, which is hard to read on the light theme.
            ui.label(RichText::new(label).size(HEADLINE_LABEL_SIZE));
            let name = format!("{label}: {shown}");
            let value = RichText::new(&shown).size(17.0);
            let value = if stale { value.weak().italics() } else { value.strong() };
            let response = ui.add(egui::Label::new(value).sense(egui::Sense::click()));
            response.widget_info(|| WidgetInfo::labeled(Role::Label, true, &name));
            let exact = if is_money {
                format!("{}\n", pounds_and_pence(x))
            } else {
                String::new()
            };
            response
                .on_hover_text(format!("{exact}Click to see where it comes from."))
                .clicked()
        })
        .inner
    })
    .inner
}

fn no_results_text(errors: usize) -> String {
    format!("No results yet: fix {} to see figures.", errors_phrase(errors))
}

fn errors_phrase(n: usize) -> String {
    if n == 1 {
        "1 error".to_owned()
    } else {
        format!("{n} errors")
    }
}

/// Says plainly that the figures are not those of the scenario on screen.
fn stale_banner_ui(ui: &mut egui::Ui, errors: usize) {
    let text = format!(
        "Results are from the last valid version: fix {} to update them.",
        errors_phrase(errors)
    );
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
        .inner_margin(egui::Margin::symmetric(8, 4))
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.label(RichText::new(text).strong().color(ui.visuals().warn_fg_color));
        });
}

/// The results view: the charts, then the per-year table. Returns the
/// commands asked for (a chart's export).
pub fn results_ui(ui: &mut egui::Ui, doc: &Document, full_amounts: &mut bool) -> Vec<Command> {
    let Some(results) = doc.results() else {
        ui.heading("Results");
        ui.label(no_results_text(doc.error_count()));
        return Vec::new();
    };
    egui::ScrollArea::vertical()
        .id_salt("results-scroll")
        .show(ui, |ui| {
            ui.heading(format!("Results: {}", results.report.scenario));
            ui.add_space(4.0);
            let asked = charts_grid_ui(ui, doc, results);
            ui.add_space(12.0);
            let mut asked = asked;
            asked.extend(table_section_ui(ui, &results.report, full_amounts));
            asked
        })
        .inner
}

/// The charts; a click on a bar or point of a chart by year asks for the
/// explanation of that year's figure (and pot, where the series is a pot's).
fn charts_grid_ui(ui: &mut egui::Ui, doc: &Document, results: &Results) -> Vec<Command> {
    let mut asked = Vec::new();
    let columns = if ui.available_width() >= TWO_COLUMNS_FROM { 2 } else { 1 };
    let years = &results.report.years;
    for row in results.charts.chunks(columns) {
        ui.columns(columns, |cols| {
            for (col, chart) in cols.iter_mut().zip(row) {
                let explain = |series: usize, category: usize| {
                    let (field, pot) = chart_figure(chart.id, &doc.scenario, series)?;
                    Some(Command::Explain {
                        field: field.to_owned(),
                        fy: years.get(category)?.fy,
                        pot,
                    })
                };
                asked.extend(explainable_chart_ui(col, chart, CHART_HEIGHT, &explain));
            }
        });
        ui.add_space(10.0);
    }
    asked
}

fn table_section_ui(ui: &mut egui::Ui, report: &Report, full_amounts: &mut bool) -> Option<Command> {
    ui.horizontal(|ui| {
        ui.strong("By financial year");
        ui.weak("Money in £m, real terms at the price base; hover a cell for pounds and pence, click it to see where it comes from.");
    });
    ui.checkbox(full_amounts, "Show pounds and pence");
    let asked = year_table_ui(ui, report, *full_amounts);
    ui.add_space(8.0);
    asked.or(npv_ui(ui, report))
}

/// The NPVs, as the `report` command lists them; one clicked asks for its explanation.
fn npv_ui(ui: &mut egui::Ui, report: &Report) -> Option<Command> {
    let mut asked = None;
    ui.strong("Net present values (discounted to the price base year)");
    egui::Grid::new("npv-grid").striped(true).num_columns(2).show(ui, |ui| {
        for ((label, x), key) in npv_rows(report).into_iter().zip(NPV_FIELDS) {
            ui.label(label);
            // Right-aligned in a column of its own width, as the yearly table's figures are.
            let size = egui::vec2(NPV_WIDTH, ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(size, egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let value = ui.add(egui::Label::new(money_m(x)).sense(egui::Sense::click()));
                let hover = format!("{}\nClick to see where it comes from.", pounds_and_pence(x));
                if value.on_hover_text(hover).clicked() {
                    asked = Some(Command::ExplainHeadline(format!("{key}_npv")));
                }
            });
            ui.end_row();
        }
    });
    asked
}
