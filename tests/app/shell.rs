//! The app shell driven as a user would, through its commands and labels:
//! start-up on the sample, undo, the unsaved-changes guard, save and reopen,
//! stale results and the problems list.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use estates_core::compare::HEADLINES;
use estates_core::format::money_m;
use estates_core::io;
use estates_core::problem::ItemKind;
use estates_core::samples::new_template;
use estates_core::tables::YEAR_COLUMNS;
use estates_core::{compute, Report, Scenario};
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::view::View;
use estates_receipts::app::{App, Dialog};

use crate::support as app_support;
use app_support::{app_harness, pounds_and_pence, sample};

fn harness(app: impl FnOnce(&mut eframe::CreationContext<'static>) -> App) -> Harness<'static, App> {
    app_harness([1280.0, 800.0], app)
}

fn sample_app() -> Harness<'static, App> {
    harness(|_| App::with_scenario(sample(), None))
}

/// The accessible name of a headline figure, as the strip shows it.
fn headline(report: &Report, key: &str) -> String {
    let h = HEADLINES
        .iter()
        .find(|h| h.key == key)
        .expect("a headline with that key");
    format!("{}: {}", h.label, h.show((h.get)(report)))
}

fn shown_report(harness: &Harness<'_, App>) -> Report {
    let results = harness.state().document().results().expect("results are shown");
    results.report.clone()
}

/// Doubles every site's value, as a user would in the sites editor.
fn double_site_values(app: &mut App) {
    for site in &mut app.scenario_mut().sites {
        site.value *= 2.0;
    }
}

#[test]
fn starts_on_the_sample_and_shows_every_headline() {
    let harness = harness(|cc| App::new(cc, None));
    let expected = compute(&sample());
    for h in &HEADLINES {
        harness.get_by_label(&headline(&expected, h.key));
    }
    assert_eq!(shown_report(&harness), expected);
    assert!(
        harness.state().title().starts_with(&expected.scenario),
        "{}",
        harness.state().title()
    );
    assert!(harness.state().title().contains("built-in sample"));
}

#[test]
fn the_yearly_table_shows_the_report_in_millions_or_to_the_penny() {
    // Tall enough to show every row of the table without scrolling.
    let mut harness = Harness::builder()
        .with_size([1280.0, 2400.0])
        .build_eframe(|_| App::with_scenario(sample(), None));
    harness.run();
    let report = compute(&sample());
    for column in YEAR_COLUMNS.iter() {
        let total = money_m((column.get)(&report.totals));
        assert!(
            harness.query_all_by_label(&total).next().is_some(),
            "{}: {total}",
            column.heading
        );
    }
    let total = report.totals.net_receipts;
    assert!(harness.query_by_label(&pounds_and_pence(total)).is_none());

    harness
        .get_by_role_and_label(Role::CheckBox, "Show pounds and pence")
        .click();
    harness.run();
    harness.get_by_label(&pounds_and_pence(total));
    for year in &report.years {
        assert!(harness
            .query_all_by_label(&pounds_and_pence(year.flows.net_receipts))
            .next()
            .is_some());
    }
}

#[test]
fn an_edit_updates_the_figures_and_undo_restores_them() {
    let mut harness = sample_app();
    let before = compute(&sample());
    double_site_values(harness.state_mut());
    harness.run();
    let after = shown_report(&harness);
    assert!(after.totals.gross_receipts > before.totals.gross_receipts);
    harness.get_by_label(&headline(&after, "gross_receipts"));
    assert!(
        harness.state().title().starts_with('•'),
        "unsaved marker: {}",
        harness.state().title()
    );

    harness.state_mut().queue(Command::Undo);
    harness.run();
    assert_eq!(shown_report(&harness), before);
    harness.get_by_label(&headline(&before, "gross_receipts"));
    assert!(!harness.state().title().starts_with('•'), "back to the saved state");

    harness.state_mut().queue(Command::Redo);
    harness.run();
    assert_eq!(shown_report(&harness), after);
}

#[test]
fn new_after_an_edit_asks_before_discarding() {
    let mut harness = sample_app();
    harness.state_mut().scenario_mut().name = "Edited".into();
    harness.run();
    harness.state_mut().queue(Command::New);
    harness.run();
    harness.get_by_label("Unsaved changes");
    assert_eq!(
        harness.state().document().scenario.name,
        "Edited",
        "nothing discarded yet"
    );

    harness.get_by_role_and_label(Role::Button, "Cancel").click();
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert_eq!(harness.state().document().scenario.name, "Edited");

    harness.state_mut().queue(Command::New);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Discard changes").click();
    harness.run();
    assert_eq!(harness.state().document().scenario, new_template());
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut harness = sample_app();
    harness.state_mut().scenario_mut().name = "Edited".into();
    harness.run();
    harness.state_mut().queue(Command::Quit);
    harness.run();
    assert_eq!(harness.state().dialog(), Some(&Dialog::Unsaved { then: Command::Quit }));
}

#[test]
fn saved_and_reopened_file_gives_the_report_of_the_loaded_file() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("lewisham.ron");
    let mut editing = sample_app();
    double_site_values(editing.state_mut());
    editing.run();
    editing.state_mut().queue(Command::SaveAs(Some(path.clone())));
    editing.run();
    assert!(!editing.state().document().is_dirty());
    assert!(
        editing.state().title().contains("lewisham.ron"),
        "{}",
        editing.state().title()
    );
    let edited = shown_report(&editing);

    let mut reopened = harness(|_| App::with_scenario(Scenario::default(), None));
    reopened.state_mut().queue(Command::Open(Some(path.clone())));
    reopened.run();
    let from_disk = compute(&io::load(&path).expect("the saved file loads and validates"));
    assert_eq!(shown_report(&reopened), from_disk);
    assert_eq!(from_disk, edited, "the file holds exactly what was on screen");
    reopened.get_by_label(&headline(&from_disk, "net_npv"));
    assert_eq!(
        reopened.state().settings().recent.first(),
        Some(&path.canonicalize().expect("saved"))
    );
}

#[test]
fn a_file_that_cannot_be_read_changes_nothing_and_says_why() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "Scenario(name: \"x\",\n  start_fy: )").expect("written");
    let mut harness = sample_app();
    harness.state_mut().queue(Command::Open(Some(path)));
    harness.run();
    assert_eq!(harness.state().document().scenario, sample());
    let notice = harness
        .state()
        .notices()
        .iter()
        .next()
        .expect("an error notice")
        .text
        .clone();
    assert!(notice.contains("line 2"), "{notice}");
    assert!(notice.ends_with("broken.ron"), "path last: {notice}");
    harness.get_by_label(&notice);
}

/// Makes the first site's value negative: an error naming the site and `value`.
fn break_first_site(harness: &mut Harness<'_, App>) -> String {
    let site = harness.state().document().scenario.sites[0].id.clone();
    harness.state_mut().scenario_mut().sites[0].value = -1.0;
    harness.run();
    site
}

#[test]
fn an_invalid_scenario_keeps_stale_results_and_names_the_field() {
    let mut harness = sample_app();
    let valid = shown_report(&harness);
    let site = break_first_site(&mut harness);
    harness.get_by_label("Results are from the last valid version: fix 1 error to update them.");
    harness.get_by_label(&headline(&valid, "gross_receipts"));
    assert_eq!(shown_report(&harness), valid);
    let problem = harness.get_by_label_contains("), Value: ");
    let text = problem.accesskit_node().label().unwrap_or_default();
    assert!(text.contains(&format!("Site '{site}'")), "{text}");
}

#[test]
fn clicking_a_problem_opens_its_editor_and_reveals_the_item() {
    let mut harness = sample_app();
    let site = break_first_site(&mut harness);
    assert_eq!(harness.state().view(), View::Results);
    harness.get_by_label_contains("), Value: ").click();
    harness.run();
    assert_eq!(harness.state().view(), View::Editor(EditorView::Sites));
    let reveal = harness.state().reveal().expect("the item to reveal");
    assert_eq!(
        (reveal.kind, reveal.index, reveal.id.as_str()),
        (ItemKind::Site, 0, site.as_str())
    );
}

#[test]
fn a_binding_spending_limit_is_said_under_the_headlines_and_goes_when_lifted() {
    let devolved = io::parse(
        include_str!("../../sample_scenarios/lewisham-devolved.ron"),
        io::FileFormat::Ron,
    )
    .expect("the devolved sample is valid");
    let mut harness = harness(|_| App::with_scenario(devolved, None));
    let notice = "Spending limits held money back while projects went short: London Estates Board pool (2 years)";
    assert!(harness.query_by_label(notice).is_some(), "the notice is shown");
    let report = shown_report(&harness);
    assert_eq!(
        report.warnings.iter().filter(|w| w.field == "spend_limits").count(),
        2,
        "one warning per year the limit held money back"
    );
    for pot in &mut harness.state_mut().scenario_mut().pots {
        pot.spend_limits.clear();
    }
    harness.run();
    assert!(harness
        .query_by_label_contains("Spending limits held money back")
        .is_none());
}
