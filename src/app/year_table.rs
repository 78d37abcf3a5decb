//! The per-year results table: the same columns and figures as the `report`
//! command, £m to one decimal place, with pounds and pence on hover or on request.

use egui::{Align, Layout, RichText};
use egui_extras::{Column, TableBuilder};
use estates_core::format::{count, money_full, money_m};
use std::collections::BTreeSet;

use estates_core::report::{Flows, Report, YearRow};
use estates_core::tables::{year_table_tsv, Column as ReportColumn, HOMES_COLUMN, YEAR_COLUMNS};

use super::command::Command;
use super::copy::{copy_menu_ui, copy_pressed_over};
use super::editors::table::{column_menu_ui, sort_header, Heading};

const ROW_HEIGHT: f32 = 20.0;
const HEADER_HEIGHT: f32 = 40.0;

/// How the table is shown: the column sorted on (and whether ascending) and
/// the columns hidden, kept in egui's memory for the session.
#[derive(Clone, Default)]
struct Shown {
    sort: Option<(usize, bool)>,
    hidden: BTreeSet<usize>,
}

/// The table, every year and a total row; `full` shows pounds and pence in
/// the cells. A cell clicked (or right-clicked, "Explain…") asks for its
/// explanation; a heading clicked sorts the years by that column, and its
/// right-click menu hides and shows columns. The total row stays last.
pub fn year_table_ui(ui: &mut egui::Ui, report: &Report, full: bool) -> Option<Command> {
    let mut asked = None;
    let all: Vec<&ReportColumn> = YEAR_COLUMNS.iter().chain(std::iter::once(&HOMES_COLUMN)).collect();
    let memory = egui::Id::unique("year-table-shown");
    let mut shown: Shown = ui.data_mut(|d| d.get_temp(memory)).unwrap_or_default();
    let columns: Vec<(usize, &ReportColumn)> = all
        .iter()
        .enumerate()
        .filter(|(k, _)| !shown.hidden.contains(k))
        .map(|(k, c)| (k, *c))
        .collect();
    let years = sorted_years(report, &all, shown.sort);
    let cell_width = if full { 124.0 } else { 84.0 };
    let table = egui::ScrollArea::horizontal()
        .id_salt("year-table-scroll")
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("year-table")
                .striped(true)
                // The page scrolls, not the table: a horizon is at most 60 rows.
                .vscroll(false)
                .cell_layout(Layout::right_to_left(Align::Center))
                .column(Column::exact(64.0))
                .columns(
                    Column::initial(cell_width).at_least(60.0).resizable(true),
                    columns.len(),
                )
                .header(HEADER_HEIGHT, |mut header| {
                    header.col(|ui| {
                        ui.strong("Year");
                    });
                    let titles: Vec<&str> = all.iter().map(|c| c.heading).collect();
                    for &(k, c) in &columns {
                        header.col(|ui| {
                            // Two-line headings, right-aligned over their figures.
                            let heading = Heading {
                                title: c.heading,
                                col: k,
                                figure: true,
                            };
                            sort_header(ui, &heading, &mut shown.sort)
                                .context_menu(|ui| column_menu_ui(ui, &titles, &mut shown.hidden));
                        });
                    }
                })
                .body(|body| {
                    let columns: Vec<&ReportColumn> = columns.iter().map(|(_, c)| *c).collect();
                    // Only the rows in sight are laid out: the table usually
                    // sits below the charts, and 600 cells cost a frame its budget.
                    body.rows(ROW_HEIGHT, years.len() + 1, |row| {
                        let cells = match years.get(row.index()) {
                            Some(year) => Cells {
                                label: &year.label,
                                flows: &year.flows,
                                fy: Some(year.fy),
                                report,
                            },
                            // The total row, always last.
                            None => Cells {
                                label: "Total",
                                flows: &report.totals,
                                fy: None,
                                report,
                            },
                        };
                        asked = asked.take().or(flows_row(row, &cells, &columns, full));
                    });
                });
            // Room for the horizontal scroll bar, which floats over the content.
            ui.add_space(12.0);
        });
    ui.data_mut(|d| d.insert_temp(memory, shown));
    if copy_pressed_over(ui, table.inner_rect) {
        copy_table(ui.ctx(), report);
    }
    asked
}

/// The years in the order shown: by the sorted column's figure, else in order.
fn sorted_years<'r>(report: &'r Report, columns: &[&ReportColumn], sort: Option<(usize, bool)>) -> Vec<&'r YearRow> {
    let mut years: Vec<&YearRow> = report.years.iter().collect();
    if let Some((k, ascending)) = sort {
        if let Some(c) = columns.get(k) {
            years.sort_by(|a, b| {
                let o = (c.get)(&a.flows).total_cmp(&(c.get)(&b.flows));
                if ascending {
                    o
                } else {
                    o.reverse()
                }
            });
        }
    }
    years
}

/// One row's figures: a year's, or the totals (`fy` is `None`); each cell explainable.
struct Cells<'a> {
    label: &'a str,
    flows: &'a Flows,
    fy: Option<i32>,
    /// The whole report, for "Copy table".
    report: &'a Report,
}

/// The whole table to the clipboard, for Excel.
fn copy_table(ctx: &egui::Context, report: &Report) {
    ctx.copy_text(year_table_tsv(report));
}

fn flows_row(
    mut row: egui_extras::TableRow<'_, '_>,
    cells: &Cells,
    columns: &[&ReportColumn],
    full: bool,
) -> Option<Command> {
    let Cells {
        label,
        flows,
        fy,
        report,
    } = *cells;
    let strong = fy.is_none();
    let mut asked = None;
    row.col(|ui| {
        ui.label(RichText::new(label).strong());
    });
    for c in columns {
        let x = (c.get)(flows);
        row.col(|ui| {
            let text = match (c.is_money, full) {
                (true, true) => pounds_and_pence(x),
                (true, false) => money_m(x),
                (false, _) => count(x),
            };
            let text = if strong {
                RichText::new(text).strong()
            } else {
                RichText::new(text)
            };
            // A year's figure, or on the total row the total over the horizon.
            let explain = match fy {
                Some(fy) => Command::Explain {
                    field: c.key.to_owned(),
                    fy,
                    pot: None,
                },
                None => Command::ExplainHeadline(c.key.to_owned()),
            };
            let response = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
            let response = if c.is_money {
                response.on_hover_text(format!(
                    "{}, {label}: {}\nClick to see where it comes from.",
                    c.heading,
                    pounds_and_pence(x)
                ))
            } else {
                response.on_hover_text("Click to see where it comes from.")
            };
            if response.clicked() {
                asked = Some(explain.clone());
            }
            response.context_menu(|ui| {
                if ui.button("Explain…").clicked() {
                    asked = Some(explain);
                    ui.close();
                }
                if copy_menu_ui(ui, false).is_some() {
                    copy_table(ui.ctx(), report);
                }
            });
        });
    }
    asked
}

/// `£1,234,567.89`: the exact amount the engine computed, to the penny.
pub fn pounds_and_pence(x: f64) -> String {
    let fixed = format!("{:.2}", x.abs());
    let (whole, pence) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let whole: f64 = whole.parse().unwrap_or(0.0);
    let sign = if x < 0.0 && fixed != "0.00" { "-" } else { "" };
    format!("{sign}{}.{pence}", money_full(whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_and_pence_keep_every_penny() {
        assert_eq!(pounds_and_pence(1_234_567.891), "£1,234,567.89");
        assert_eq!(pounds_and_pence(0.999), "£1.00");
        assert_eq!(pounds_and_pence(-2_500.5), "-£2,500.50");
        assert_eq!(pounds_and_pence(-0.001), "£0.00");
        assert_eq!(pounds_and_pence(0.0), "£0.00");
    }
}
