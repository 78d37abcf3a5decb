//! Undo that says what it undoes (issue 14, item 4): Edit › Undo and Redo
//! name the change, the history jumps back several steps, and undoing an edit
//! made in another view shows it there.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use super::support::{app_harness, click, run_command, sample, type_into};

fn sample_app() -> Harness<'static, App> {
    app_harness([1280.0, 800.0], |_| App::with_scenario(sample(), None))
}

fn land_growth(h: &Harness<'_, App>) -> f64 {
    h.state().document().scenario.land_growth
}

/// Clicks a menu item by its text (its accessible name also carries the shortcut).
fn click_item(h: &mut Harness<'_, App>, text: &str) {
    h.get_by_label_contains(text).click();
    h.run();
}

#[test]
fn the_edit_menu_names_the_change_undo_and_redo_will_make() {
    let mut h = sample_app();
    run_command(&mut h, Command::ShowView(View::Editor(EditorView::Assumptions)));
    let before = land_growth(&h);
    type_into(&mut h, "Land value growth", "2.5");
    assert!((land_growth(&h) - 0.025).abs() < 1e-12, "the edit is made");

    click(&mut h, Role::Button, "Edit");
    assert!(h.query_by_label_contains("Redo “").is_none(), "nothing to redo yet");
    click_item(&mut h, "Undo “Change land value growth”");
    assert_eq!(land_growth(&h), before, "the menu item undid the edit it named");

    click(&mut h, Role::Button, "Edit");
    assert!(h.query_by_label_contains("Undo “").is_none(), "nothing left to undo");
    click_item(&mut h, "Redo “Change land value growth”");
    assert!((land_growth(&h) - 0.025).abs() < 1e-12);
}

#[test]
fn a_site_edit_is_named_by_the_site_and_field() {
    let mut h = sample_app();
    run_command(&mut h, Command::ShowView(View::Editor(EditorView::Sites)));
    run_command(&mut h, Command::SelectSite(0));
    let name = h.state().document().scenario.sites[0].name.clone();
    type_into(&mut h, "Value", "7m");
    assert_eq!(h.state().document().scenario.sites[0].value, 7e6);
    assert_eq!(
        h.state().document().undo_label(),
        Some(format!("Change {name}: market value").as_str())
    );
}

#[test]
fn undoing_an_edit_made_in_another_view_shows_it_there() {
    let mut h = sample_app();
    run_command(&mut h, Command::ShowView(View::Editor(EditorView::Assumptions)));
    type_into(&mut h, "Land value growth", "3");
    run_command(&mut h, Command::ShowView(View::Results));
    run_command(&mut h, Command::Undo);
    assert_eq!(h.state().view(), View::Editor(EditorView::Assumptions));
    assert!(
        h.query_by_label("Land value growth").is_some(),
        "the edited field is on screen"
    );
}

#[test]
fn the_history_jumps_back_several_edits_at_once() {
    let mut h = sample_app();
    let original = h.state().document().scenario.clone();
    run_command(&mut h, Command::ShowView(View::Editor(EditorView::Assumptions)));
    type_into(&mut h, "Land value growth", "2");
    type_into(&mut h, "Horizon", "20");
    type_into(&mut h, "Land value growth", "4");
    let history: Vec<String> = h.state().document().history().map(str::to_owned).collect();
    assert_eq!(
        history,
        ["Change land value growth", "Change horizon", "Change land value growth"],
        "the most recent first"
    );

    click(&mut h, Role::Button, "Edit");
    click(&mut h, Role::Button, "Undo history");
    // The third entry is the first edit: choosing it undoes all three.
    let entries: Vec<_> = h.query_all_by_label("Change land value growth").collect();
    assert_eq!(entries.len(), 2, "both growth edits are listed");
    entries[1].click();
    h.run();
    assert_eq!(h.state().document().scenario, original, "back to before the first edit");
    assert!(!h.state().document().can_undo());
    assert_eq!(h.state().document().redo_label(), Some("Change land value growth"));
}
