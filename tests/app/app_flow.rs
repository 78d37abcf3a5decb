//! A person builds a small Lewisham-like scenario from empty in the app,
//! without a text editor: assumptions, a trust and a council, three sites, a
//! pot and retention rules, disposals, an assembly of two sites and a hub
//! project, all through the labels on screen. The headline figures are read
//! back from the screen as each step lands, undo puts them back, and the
//! saved file, opened again, shows exactly what `compute` makes of it.

use crate::support as app_support;

use app_support::{app_harness, choose, click, headline, pounds_and_pence, row_texts, run_command, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_core::compare::HEADLINES;
use estates_core::format::{count, money_m};
use estates_core::io;
use estates_core::report::Flows;
use estates_core::tables::{HOMES_COLUMN, YEAR_COLUMNS};
use estates_core::validate::validate;
use estates_core::{compute, Scenario};
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::settings::ThemeChoice;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

/// Tall and wide enough that every field of a details form is on screen.
const EDITING: [f32; 2] = [1600.0, 1300.0];
/// Wide and tall enough to show the per-year table in pounds and pence whole.
const READING: [f32; 2] = [2600.0, 2400.0];

/// Picks a view in the side bar, or a tab, by its label.
fn show(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn add(h: &mut Harness<'_, App>, what: &str) {
    click(h, Role::Button, &format!("Add {what}"));
}

/// Every headline figure as the strip shows it, in strip order.
fn headlines(h: &Harness<'_, App>) -> Vec<String> {
    HEADLINES.iter().map(|x| headline(h, x.label)).collect()
}

fn assumptions(h: &mut Harness<'_, App>) {
    show(h, "Assumptions");
    type_into(h, "Name", "Lewisham estates test");
    type_into(h, "Horizon", "10");
    assert!(
        h.state().title().starts_with("• Lewisham estates test — not saved yet"),
        "{}",
        h.state().title()
    );
}

fn organisations(h: &mut Harness<'_, App>) {
    show(h, "Sites and owners");
    show(h, "Organisations (owners)");
    add(h, "organisation");
    type_into(h, "Id", "lgt");
    type_into(h, "Name", "Lewisham and Greenwich NHS Trust");
    add(h, "organisation");
    type_into(h, "Id", "lbl");
    type_into(h, "Name", "Lewisham Council");
    choose(h, "Kind", "Council");
}

/// Three sites, their values typed the three ways people write money.
fn sites(h: &mut Harness<'_, App>) {
    show(h, "Sites");
    add(h, "site");
    type_into(h, "Name", "Hospital car park");
    type_into(h, "Borough", "Lewisham");
    type_into(h, "Value", "1.2m");
    add(h, "site");
    type_into(h, "Name", "Wearside depot");
    choose(h, "Owner", "Lewisham Council");
    type_into(h, "Value", "£750k");
    add(h, "site");
    type_into(h, "Name", "Sydenham clinic");
    type_into(h, "Value", "1,200,000");
    type_into(h, "Homes", "40");
    for shown in ["£1,200,000", "£750,000"] {
        assert!(
            h.query_all_by_label(shown).next().is_some(),
            "{shown} in the sites table"
        );
    }
    assert_eq!(headline(h, "Gross receipts"), "£0.0m", "nothing is sold yet");
}

/// One pot; the trust keeps half its receipts, the council all of its own.
fn retention(h: &mut Harness<'_, App>) {
    show(h, "Retention and pots");
    show(h, "Pots");
    add(h, "pot");
    type_into(h, "Name", "Lewisham local");
    show(h, "Retention rules");
    add(h, "retention rule");
    type_into(h, "Name", "Trust keeps half");
    type_into(h, "Retained share", "50");
    add(h, "retention rule");
    type_into(h, "Name", "Council keeps all");
    choose(h, "Organisation", "Lewisham Council");
}

/// Adds a disposal of `site` in the year typed as `fy`.
fn dispose(h: &mut Harness<'_, App>, site: &str, fy: &str) {
    add(h, "disposal");
    choose(h, "Site", site);
    type_into(h, "Year", fy);
}

fn first_disposal_moves_the_figures_and_undo_restores_them(h: &mut Harness<'_, App>) {
    show(h, "Disposals");
    let before = headlines(h);
    assert_eq!(
        (
            headline(h, "Gross receipts").as_str(),
            headline(h, "Retained locally").as_str()
        ),
        ("£0.0m", "£0.0m")
    );
    add(h, "disposal");
    type_into(h, "Year", "2027/28");
    assert!(
        h.query_all_by_label("2027/28").next().is_some(),
        "the year as typed, in the table"
    );
    let after = headlines(h);
    // The first site (1.2m, typed) is sold whole; its trust keeps half.
    assert_eq!(headline(h, "Gross receipts"), "£1.2m");
    assert_eq!(headline(h, "Retained locally"), "£0.6m");
    assert_eq!(headline(h, "Returned nationally"), "£0.6m");

    run_command(h, Command::Undo);
    run_command(h, Command::Undo);
    assert_eq!(headlines(h), before, "undoing the disposal and its year");
    run_command(h, Command::Redo);
    run_command(h, Command::Redo);
    assert_eq!(headlines(h), after);

    show(h, "Results");
    let gross = row_texts(h, "2027/28");
    assert_eq!(
        gross.get(1).map(String::as_str),
        Some("£1.2m"),
        "the year's gross receipts: {gross:?}"
    );
}

fn other_disposals(h: &mut Harness<'_, App>) {
    show(h, "Disposals");
    dispose(h, "Wearside depot", "2027/28");
    dispose(h, "Sydenham clinic", "2029/30");
    assert_eq!(headline(h, "Gross receipts"), money_m(1.2e6 + 0.75e6 + 1.2e6));
    assert_eq!(headline(h, "Retained locally"), money_m(0.5 * 2.4e6 + 0.75e6));
    assert_eq!(headline(h, "Homes enabled"), "40");
}

/// The car park and the depot, sold together at a 20% uplift, once enabled.
fn assembly(h: &mut Harness<'_, App>) {
    show(h, "Assemblies");
    add(h, "assembly");
    type_into(h, "Name", "Hospital and depot");
    click(h, Role::Button, "Add member");
    click(h, Role::Button, "Add member");
    type_into(h, "Uplift", "20");
    assert_eq!(headline(h, "Marriage value"), "£0.0m", "not sold jointly until enabled");
    click(h, Role::CheckBox, "Sell the member sites jointly");
    let marriage = 0.2 * (1.2e6 + 0.75e6);
    assert_eq!(headline(h, "Marriage value"), money_m(marriage));
    assert_eq!(headline(h, "Gross receipts"), money_m(3.15e6 + marriage));
}

/// A hub costing £2m in 2028/29, drawing on the pot.
fn project(h: &mut Harness<'_, App>) {
    show(h, "Projects");
    add(h, "project");
    type_into(h, "Name", "Lewisham neighbourhood hub");
    type_into(h, "Borough", "Lewisham");
    click(h, Role::Button, "Add capex year");
    type_into(h, "Capex 1 year", "2028/29");
    type_into(h, "Capex 1 amount", "2m");
    assert_eq!(headline(h, "Funding gap"), "£2.0m", "no source yet");
    click(h, Role::Button, "Add pot source");
    assert_eq!(headline(h, "Capex (with optimism bias)"), "£2.0m");
    // The pot holds the 2027/28 receipts kept locally: half the car park's
    // gross and marriage value share, and all of the depot's.
    let marriage = 0.2 * 1.95e6;
    let pot = 0.5 * (1.2e6 + marriage * 1.2 / 1.95) + (0.75e6 + marriage * 0.75 / 1.95);
    assert_eq!(headline(h, "Funding gap"), money_m(2e6 - pot));
}

/// The per-year table's texts for one row, as `report` computes them, in pounds and pence.
fn expected_row(label: &str, flows: &Flows) -> Vec<String> {
    let cells = YEAR_COLUMNS.iter().map(|c| pounds_and_pence((c.get)(flows)));
    std::iter::once(label.to_owned())
        .chain(cells)
        .chain(std::iter::once(count((HOMES_COLUMN.get)(flows))))
        .collect()
}

#[test]
fn a_scenario_built_from_empty_in_the_app_saves_and_reopens_to_the_penny() {
    // File › New starts from a template; this builds every item by hand from nothing.
    let mut h = app_harness(EDITING, |_| App::with_scenario(Scenario::default(), None));

    assumptions(&mut h);
    organisations(&mut h);
    sites(&mut h);
    retention(&mut h);
    first_disposal_moves_the_figures_and_undo_restores_them(&mut h);
    other_disposals(&mut h);
    assembly(&mut h);
    project(&mut h);
    // Last, real land value growth, so the figures saved are not round pounds.
    let before_growth = headline(&h, "Gross receipts");
    show(&mut h, "Assumptions");
    type_into(&mut h, "Land value growth", "1.7");
    assert_ne!(headline(&h, "Gross receipts"), before_growth);
    for word in ["error", "Error"] {
        assert!(
            h.query_all_by_label_contains(word).next().is_none(),
            "no errors left on screen"
        );
    }
    let on_screen = headlines(&h);

    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("lewisham-test.ron");
    run_command(&mut h, Command::SaveAs(Some(path.clone())));
    assert!(!h.state().document().is_dirty());

    let loaded = io::load(&path).expect("the saved file loads");
    let errors: Vec<String> = validate(&loaded)
        .iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let report = compute(&loaded);

    let mut reopened = app_harness(READING, |_| App::with_scenario(Scenario::default(), None));
    run_command(&mut reopened, Command::Open(Some(path)));
    let shown = headlines(&reopened);
    assert_eq!(shown, on_screen, "the file holds what was on screen");
    let computed: Vec<String> = HEADLINES.iter().map(|x| x.show((x.get)(&report))).collect();
    assert_eq!(shown, computed);

    show(&mut reopened, "Results");
    click(&mut reopened, Role::CheckBox, "Show pounds and pence");
    assert_eq!(report.years.len(), 10);
    for year in &report.years {
        assert_eq!(
            row_texts(&reopened, &year.label),
            expected_row(&year.label, &year.flows)
        );
    }
    assert_eq!(row_texts(&reopened, "Total"), expected_row("Total", &report.totals));
}

#[test]
fn the_headline_figures_stay_on_one_row_from_1280_to_1920_wide() {
    for width in [1280.0, 1600.0, 1920.0] {
        let h = app_harness([width, 800.0], |_| App::with_scenario(Scenario::default(), None));
        let tops: Vec<f32> = HEADLINES
            .iter()
            .map(|x| h.get_by_label_contains(&format!("{}: ", x.label)).rect().top())
            .collect();
        assert!(tops.iter().all(|&t| t == tops[0]), "{width} wide: {tops:?}");
    }
}

#[test]
fn the_view_menu_opens_and_switches_the_view_and_the_theme() {
    let mut h = app_harness([1280.0, 800.0], |_| App::with_scenario(Scenario::default(), None));
    click(&mut h, Role::Button, "View");
    click(&mut h, Role::RadioButton, "Disposals");
    assert_eq!(h.state().view(), View::Editor(EditorView::Disposals));
    assert!(
        h.query_by_label("Add disposal").is_some(),
        "the disposals editor is shown"
    );

    click(&mut h, Role::Button, "View");
    click(&mut h, Role::Button, "Theme");
    click(&mut h, Role::RadioButton, "Light");
    assert_eq!(h.state().settings().theme, ThemeChoice::Light);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
}
