//! Tables (issue 14, items 2 and 3): every table copies to the clipboard as
//! tab-separated text Excel reads as cells (Ctrl+C or the right-click menu),
//! and the register tables sort on their columns.

use crate::support as app_support;

use egui::{Event, OutputCommand};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use app_support::{app_harness, run_command, sample};

fn view(v: View) -> Harness<'static, App> {
    let mut h = app_harness([1280.0, 800.0], |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(v));
    h
}

/// The text the last frame put on the clipboard, if any.
fn clipboard(h: &Harness<'_, App>) -> Option<String> {
    h.output().platform_output.commands.iter().find_map(|c| match c {
        OutputCommand::CopyText(text) => Some(text.clone()),
        _ => None,
    })
}

fn cells(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// Ctrl+C, and the text it copied.
fn ctrl_c(h: &mut Harness<'_, App>) -> Vec<Vec<String>> {
    // What the desktop sends for Ctrl+C, in one frame (kittest's key presses run a frame each).
    h.input_mut().events.push(Event::Copy);
    h.step();
    cells(&clipboard(h).expect("Ctrl+C copied the table"))
}

#[test]
fn ctrl_c_copies_the_whole_register_or_the_selected_row_for_excel() {
    let s = sample();
    let mut h = view(View::Editor(EditorView::Sites));
    let all = ctrl_c(&mut h);
    assert_eq!(
        all[0],
        [
            "Id",
            "Name",
            "Owner",
            "Borough",
            "Sub-region",
            "Value",
            "Homes",
            "Location"
        ]
    );
    assert_eq!(all.len(), s.sites.len() + 1, "a header row and one row per site");
    for (row, site) in all[1..].iter().zip(&s.sites) {
        assert_eq!(
            (row[0].as_str(), row[1].as_str()),
            (site.id.as_str(), site.name.as_str())
        );
        // Money as a plain number to the penny, as Excel reads it.
        assert_eq!(row[5], format!("{:.2}", site.value));
    }
    // With a row selected, only that row (under the same headings).
    let second = &s.sites[1];
    h.get_by_label(&second.name).click();
    h.run();
    let one = ctrl_c(&mut h);
    assert_eq!(one.len(), 2);
    assert_eq!(one[1][0], second.id);
}

#[test]
fn a_heading_click_sorts_and_copy_table_keeps_the_order_shown() {
    let s = sample();
    let mut h = view(View::Editor(EditorView::Sites));
    let mut names: Vec<String> = s.sites.iter().map(|x| x.name.clone()).collect();
    names.sort_by_key(|n| n.to_lowercase());
    let copied_names =
        |h: &mut Harness<'_, App>| -> Vec<String> { ctrl_c(h)[1..].iter().map(|r| r[1].clone()).collect() };
    // The copied rows come in the order shown: by name, A to Z, then Z to A.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Name").click();
    h.run();
    assert_eq!(copied_names(&mut h), names);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Name").click();
    h.run();
    names.reverse();
    assert_eq!(copied_names(&mut h), names);
}

#[test]
fn the_yearly_tables_right_click_menu_copies_it_with_its_total_row() {
    let mut h = app_harness([1280.0, 2400.0], |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(View::Results));
    let report = estates_core::compute(&sample());
    let gross = estates_core::format::money_m(report.totals.gross_receipts);
    h.get_all_by_label(&gross)
        .last()
        .expect("the total row's gross receipts")
        .click_secondary();
    h.run();
    h.get_by_label("Copy table").click();
    h.step();
    let rows = cells(&clipboard(&h).expect("copied"));
    assert_eq!(rows.len(), report.years.len() + 2, "header, every year, total");
    assert_eq!(rows[0][0], "Year");
    let column = rows[0].iter().position(|c| c == "Gross receipts").expect("a column");
    let total = rows.last().expect("a total row");
    assert_eq!(total[0], "Total");
    assert_eq!(total[column], format!("{:.2}", report.totals.gross_receipts));
}

#[test]
fn the_yearly_table_sorts_its_years_by_a_column_keeping_the_total_last() {
    let mut h = app_harness([1280.0, 2400.0], |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(View::Results));
    let report = estates_core::compute(&sample());
    let y = |h: &Harness<'_, App>, text: &str| h.get_by_label(text).rect().top();
    let first = &report.years[0].label;
    // The year with the largest capex, which sorting descending brings to the top.
    let biggest = report
        .years
        .iter()
        .max_by(|a, b| a.flows.capex.total_cmp(&b.flows.capex))
        .expect("years");
    assert!(y(&h, first) < y(&h, &biggest.label));
    let capex = egui::accesskit::Role::Button;
    h.get_by_role_and_label(capex, "Capex").click();
    h.run();
    h.get_by_role_and_label(capex, "Capex").click();
    h.run();
    assert!(y(&h, &biggest.label) < y(&h, first), "largest capex first");
    let total = h
        .get_all_by_label("Total")
        .map(|n| n.rect().top())
        .fold(f32::MIN, f32::max);
    assert!(y(&h, first) < total, "the total row stays last");
}

#[test]
fn a_headings_menu_hides_a_column_from_view_and_from_the_copy() {
    let mut h = view(View::Editor(EditorView::Sites));
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Owner")
        .click_secondary();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Owner")
        .click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::Button, "Owner")
            .is_none(),
        "the heading is gone"
    );
    let rows = ctrl_c(&mut h);
    assert_eq!(
        rows[0],
        ["Id", "Name", "Borough", "Sub-region", "Value", "Homes", "Location"]
    );
}
