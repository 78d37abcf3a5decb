//! The roll-ups view: the results by borough or by sub-region (MODEL.md
//! section 10, summed by `estates_core::place::rollup`), as a table with the
//! scenario's totals and a chart of each area's receipts and funding gap.

use egui::{Align, Layout, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{AxisHints, Bar, BarChart, GridMark, Legend, Plot};
use estates_core::charts::{measure, PALETTE};
use estates_core::format::{count, money_m};
use estates_core::place::{area_totals, rollup, AreaFigures, AreaKind};
use estates_core::report::Report;

use estates_core::csv_out::{tsv, Cell as CopyCell};

use super::copy::{copy_menu_ui, copy_pressed_over};
use super::document::Document;
use super::year_table::pounds_and_pence;

const ROW_HEIGHT: f32 = 20.0;
const CHART_HEIGHT: f32 = 260.0;
/// Height of each area's pair of bars: room for its name on the axis.
const ROW_PER_AREA: f32 = 24.0;
/// Names are drawn when areas are at least this far apart on screen.
const ROW_LABEL_SPACING: f32 = 16.0;

/// A column of the table: heading, figure, whether money.
type RollupColumn = (&'static str, fn(&AreaFigures) -> f64, bool);

const COLUMNS: [RollupColumn; 9] = [
    ("Gross receipts", |a| a.gross_receipts, true),
    ("Disposal costs", |a| a.disposal_costs, true),
    ("Net receipts", |a| a.net_receipts, true),
    ("Marriage value", |a| a.marriage_value, true),
    ("Homes enabled", |a| a.homes, false),
    ("Backlog avoided", |a| a.backlog_avoided, true),
    ("Running cost savings", |a| a.running_cost_savings, true),
    ("Capex", |a| a.capex, true),
    ("Funding gap", |a| a.funding_gap, true),
];

/// The level shown and the roll-up of the scenario at a revision.
pub struct RollupState {
    by: AreaKind,
    areas: Option<(u64, AreaKind, Vec<AreaFigures>)>,
}

impl Default for RollupState {
    fn default() -> Self {
        RollupState {
            by: AreaKind::Borough,
            areas: None,
        }
    }
}

pub fn rollup_ui(ui: &mut Ui, state: &mut RollupState, doc: &Document) {
    ui.horizontal(|ui| {
        ui.heading("Roll-ups");
        ui.separator();
        ui.selectable_value(&mut state.by, AreaKind::Borough, "By borough");
        ui.selectable_value(&mut state.by, AreaKind::SubRegion, "By sub-region");
    });
    // Summed by today's areas, the last valid results would not add up to their own totals.
    let Some(results) = doc.current_results() else {
        ui.label(
            RichText::new("No results to roll up: fix the errors listed under Problems.")
                .color(ui.visuals().warn_fg_color),
        );
        return;
    };
    let (revision, by) = (doc.revision(), state.by);
    if state.areas.as_ref().is_none_or(|(r, b, _)| *r != revision || *b != by) {
        state.areas = Some((revision, by, rollup(&doc.scenario, &results.report, by)));
    }
    let Some((_, _, areas)) = &state.areas else {
        return;
    };
    ui.label(
        RichText::new(
            "Over the horizon, by each disposal's site and each project; \"Not set\" gathers sites and projects \
             without an area. The areas add up to the totals.",
        )
        .weak(),
    );
    egui::ScrollArea::vertical().id_salt("rollups").show(ui, |ui| {
        chart_ui(ui, by, areas);
        ui.add_space(8.0);
        table_ui(ui, by, areas, &results.report);
    });
}

/// Horizontal bars, one pair per area, with every area named on the axis:
/// names read across however many areas there are (33 boroughs and "Not
/// set" at London scale), and the chart grows taller rather than skipping any.
fn chart_ui(ui: &mut Ui, by: AreaKind, areas: &[AreaFigures]) {
    let n = areas.len();
    // The first area at the top.
    let row = |i: usize| (n - 1 - i) as f64;
    // Opaque fills: receipts in the first item colour, gaps in the gap colour every chart uses.
    let series = |name: &str, offset: f64, get: fn(&AreaFigures) -> f64, (r, g, b): (u8, u8, u8)| {
        let fill = egui::Color32::from_rgb(r, g, b);
        let bars = areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                Bar::new(row(i) + offset, get(a) / 1e6)
                    .width(0.38)
                    .fill(fill)
                    .name(&a.area)
            })
            .collect();
        BarChart::new(name, bars).color(fill).horizontal()
    };
    let names: Vec<String> = areas.iter().map(|a| a.area.clone()).collect();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let widest = names
        .iter()
        .map(|a| ui.fonts_mut(|f| f.layout_no_wrap(a.clone(), font.clone(), egui::Color32::WHITE).size().x))
        .fold(0.0, f32::max);
    let names_axis = AxisHints::new_y()
        .formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                names[n - 1 - i as usize].clone()
            } else {
                String::new()
            }
        })
        .label_spacing(ROW_LABEL_SPACING..=ROW_LABEL_SPACING + 1.0)
        .min_thickness(widest + 12.0);
    Plot::new(("rollup chart", by.label()))
        .height(CHART_HEIGHT.max(ROW_PER_AREA * n as f32 + 60.0))
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .x_axis_label("£m")
        .custom_y_axes(vec![names_axis])
        .y_grid_spacer(|input| {
            // A mark at every area, so each is named.
            let (lo, hi) = input.bounds;
            (lo.ceil().max(0.0) as i64..=hi.floor() as i64)
                .map(|v| GridMark {
                    value: v as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .include_x(0.0)
        .show(ui, |plot| {
            plot.bar_chart(series("Gross receipts", 0.2, |a| a.gross_receipts, PALETTE[0]));
            plot.bar_chart(series("Funding gap", -0.2, |a| a.funding_gap, measure::GAP.colour));
        });
}

/// The roll-up as shown (areas, then the total row) as tab-separated text for Excel.
fn rollup_tsv(by: AreaKind, rows: &[&AreaFigures]) -> String {
    let mut headings = vec![by.label()];
    headings.extend(COLUMNS.iter().map(|(heading, ..)| *heading));
    let rows = rows.iter().map(|a| {
        let mut row = vec![CopyCell::text(&a.area)];
        row.extend(COLUMNS.iter().map(|(_, get, is_money)| {
            if *is_money {
                CopyCell::Money(get(a))
            } else {
                CopyCell::plain(get(a))
            }
        }));
        row
    });
    tsv(&headings, rows)
}

fn table_ui(ui: &mut Ui, by: AreaKind, areas: &[AreaFigures], report: &Report) {
    let totals = area_totals(report);
    let rows: Vec<&AreaFigures> = areas.iter().chain(std::iter::once(&totals)).collect();
    let mut copy = false;
    let shown = egui::ScrollArea::horizontal().id_salt("rollup table").show(ui, |ui| {
        TableBuilder::new(ui)
            .id_salt(("rollup table", by.label()))
            .striped(true)
            .vscroll(false)
            .cell_layout(Layout::right_to_left(Align::Center))
            .column(Column::initial(170.0).resizable(true))
            .columns(Column::initial(96.0).at_least(60.0).resizable(true), COLUMNS.len())
            .header(36.0, |mut header| {
                header.col(|ui| {
                    ui.with_layout(Layout::left_to_right(Align::Center), |ui| ui.strong(by.label()));
                });
                for (heading, ..) in COLUMNS {
                    header.col(|ui| {
                        ui.add(egui::Label::new(RichText::new(heading).strong()).wrap());
                    });
                }
            })
            .body(|mut body| {
                for a in &rows {
                    body.row(ROW_HEIGHT, |row| {
                        copy |= area_row(row, a, std::ptr::eq(*a, &totals));
                    });
                }
            });
        ui.add_space(12.0);
    });
    if copy || copy_pressed_over(ui, shown.inner_rect) {
        ui.ctx().copy_text(rollup_tsv(by, &rows));
    }
}

/// One area's figures; returns whether a cell's right-click menu asked to copy the table.
fn area_row(mut row: egui_extras::TableRow<'_, '_>, a: &AreaFigures, strong: bool) -> bool {
    let mut copy = false;
    row.col(|ui| {
        ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
            ui.label(RichText::new(&a.area).strong());
        });
    });
    for (heading, get, is_money) in COLUMNS {
        let x = get(a);
        row.col(|ui| {
            let text = if is_money { money_m(x) } else { count(x) };
            let text = if strong {
                RichText::new(text).strong()
            } else {
                RichText::new(text)
            };
            let response = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
            let response = if is_money {
                response.on_hover_text(format!("{heading}, {}: {}", a.area, pounds_and_pence(x)))
            } else {
                response
            };
            response.context_menu(|ui| copy |= copy_menu_ui(ui, false).is_some());
        });
    }
    copy
}
