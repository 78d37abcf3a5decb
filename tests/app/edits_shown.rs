//! An edit shows its results in the frames that follow it (issue 15, item 3):
//! what the views keep from one frame to the next (the editor's totals row,
//! the yearly table drawn only where it is in sight) is never stale.

use crate::support as app_support;

use egui_kittest::kittest::Queryable as _;
use estates_core::format::{money_full, money_m};
use estates_core::{compute, Scenario};
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use app_support::{app_harness, row_texts, run_command, sample};

/// Tall enough for the sample's whole register and the whole yearly table.
const TALL: [f32; 2] = [1280.0, 2400.0];

/// An edit made between frames, as a committed field is: the frame after it
/// records it and recomputes, the next one draws the new figures.
fn edit_then_two_frames(h: &mut egui_kittest::Harness<'_, App>, edit: impl FnOnce(&mut Scenario)) {
    edit(h.state_mut().scenario_mut());
    h.step();
    h.step();
}

#[test]
fn the_registers_totals_row_adds_up_the_values_as_they_are_after_an_edit() {
    let mut h = app_harness(TALL, |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(View::Editor(EditorView::Sites)));
    let sum = |s: &Scenario| s.sites.iter().map(|x| x.value).sum::<f64>();
    let before = sum(&sample());
    assert!(row_texts(&h, "Total").contains(&money_full(before)));

    edit_then_two_frames(&mut h, |s| s.sites[0].value += 2_500_000.0);
    let shown = row_texts(&h, "Total");
    assert!(shown.contains(&money_full(before + 2_500_000.0)), "{shown:?}");
    assert!(!shown.contains(&money_full(before)), "{shown:?}");
}

#[test]
fn the_yearly_table_shows_an_edits_figures_in_the_next_frame() {
    let mut h = app_harness(TALL, |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(View::Results));
    let mut edited = sample();
    let land_growth = 0.02;
    edited.land_growth = land_growth;
    let (before, after) = (compute(&sample()).totals, compute(&edited).totals);
    assert_ne!(money_m(before.gross_receipts), money_m(after.gross_receipts));
    // The figures read back are the engine's for each version of the scenario.
    assert!(row_texts(&h, "Total").contains(&money_m(before.gross_receipts)));

    edit_then_two_frames(&mut h, |s| s.land_growth = land_growth);
    let shown = row_texts(&h, "Total");
    assert!(shown.contains(&money_m(after.gross_receipts)), "{shown:?}");
    assert!(!shown.contains(&money_m(before.gross_receipts)), "{shown:?}");
}

#[test]
fn a_selected_site_is_edited_without_copying_the_register_every_frame() {
    let mut h = app_harness(TALL, |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(View::Editor(EditorView::Sites)));
    let second = sample().sites[1].clone();
    h.get_by_label(&second.name).click();
    h.run();
    // Held here, the register is shared: a form borrowing it to change
    // would copy it.
    let held = h.state().document().scenario.sites.clone();
    h.step();
    h.step();
    assert!(
        h.state().document().scenario.sites.is_shared_with(&held),
        "showing the selected site's form copied the register"
    );

    app_support::type_into(&mut h, "Homes", "42");
    let doc = h.state().document();
    assert_eq!(doc.scenario.sites[1].homes, 42.0, "the form still edits the site");
    assert_eq!(doc.scenario.sites[0], sample().sites[0]);
    assert_eq!(
        doc.undo_label(),
        Some(format!("Change {}: homes", second.name).as_str())
    );
}

#[test]
fn the_yearly_table_scrolled_into_view_in_a_short_window_shows_its_rows() {
    // In a window of ordinary height the table starts below the charts,
    // where only the rows in sight are laid out, and ends below the window.
    let mut h = app_harness([1280.0, 800.0], |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(View::Results));
    let report = compute(&sample());
    h.get_by_label("Show pounds and pence").scroll_to_me();
    h.run();
    let first = &report.years[0];
    let shown = row_texts(&h, &first.label);
    assert!(shown.contains(&money_m(first.flows.gross_receipts)), "{shown:?}");

    h.get_by_label("Net present values (discounted to the price base year)")
        .scroll_to_me();
    h.run();
    let last = report.years.last().expect("years");
    let shown = row_texts(&h, &last.label);
    assert!(shown.contains(&money_m(last.flows.gross_receipts)), "{shown:?}");
    let total = row_texts(&h, "Total");
    assert!(total.contains(&money_m(report.totals.gross_receipts)), "{total:?}");
}
