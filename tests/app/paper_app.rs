//! The board paper from the app: a chart's Export dialog asks for the
//! marking, the board pack dialog adds the risk pages when ticked, the
//! comparison pack is suggested under its own name, Print board pack writes
//! the pack and says where, and the cover sheet's fields are edited in the
//! assumptions view.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_core::io::load;
use estates_core::model::Purpose;
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use crate::pdf_text::{has, page_texts};
use crate::support::{choose, click, run_command, type_into};

fn sample_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_scenarios")
        .join(name)
}

/// The app editing a copy of the NCL sample saved in `dir`.
fn ncl_app(dir: &Path) -> Harness<'static, App> {
    let path = dir.join("ncl.ron");
    std::fs::copy(sample_path("ncl-marriage-value.ron"), &path).expect("copy");
    let scenario = load(&path).expect("the sample loads");
    let mut harness = Harness::builder()
        .with_size([1280.0, 1400.0])
        .build_eframe(move |_| App::with_scenario(scenario, Some(path)));
    harness.run();
    harness
}

/// Replaces the dialog's File field with `path`.
fn type_file(harness: &mut Harness<'static, App>, path: &Path) {
    harness.get_by_role_and_label(Role::TextInput, "File").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "File")
        .type_text(&path.display().to_string());
    harness.run();
}

fn dialog_file(harness: &Harness<'static, App>) -> String {
    harness
        .get_by_role_and_label(Role::TextInput, "File")
        .value()
        .unwrap_or_default()
}

#[test]
fn a_charts_export_dialog_asks_for_the_marking_and_suggests_the_charts_own_name() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = ncl_app(dir.path());
    let chart = harness.state().document().results().expect("results").charts[0].clone();
    run_command(&mut harness, Command::ExportChart(Box::new(chart.clone()), None));
    assert!(harness.state().pack_dialog().is_some(), "the chart asks first");
    let suggested = dialog_file(&harness);
    assert!(
        suggested.ends_with(&format!("ncl-{}.pdf", chart.id.slug())),
        "{suggested}"
    );
    type_into(&mut harness, "Protective marking", "OFFICIAL");
    let svg = dir.path().join("chart.svg");
    type_file(&mut harness, &svg);
    click(&mut harness, Role::Button, "Export");
    harness.run();
    let text = std::fs::read_to_string(&svg).expect("the chart is written");
    assert!(text.contains("OFFICIAL") && text.contains(&chart.title));
}

#[test]
fn the_board_pack_dialog_adds_the_risk_pages_when_ticked() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = ncl_app(dir.path());
    run_command(&mut harness, Command::ExportBoardPack(None));
    let suggested = dialog_file(&harness);
    assert!(suggested.ends_with("ncl.board-pack.pdf"), "{suggested}");
    click(&mut harness, Role::CheckBox, "Include the risk pages");
    let pack = dir.path().join("with-risk.pdf");
    type_file(&mut harness, &pack);
    click(&mut harness, Role::Button, "Export");
    harness.run();
    let pages = page_texts(&std::fs::read(&pack).expect("the pack is written"));
    let risk = pages
        .iter()
        .find(|p| has(p, "Switching values"))
        .expect("a risk summary page");
    assert!(has(risk, "10,000 Monte Carlo draws from seed 0"), "{risk}");
    assert!(pages
        .iter()
        .any(|p| has(p, "Barnet health centre with the council car park")));
}

#[test]
fn the_comparison_pack_is_suggested_under_its_own_name_and_marks_the_preferred_option() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = ncl_app(dir.path());
    run_command(
        &mut harness,
        Command::AddToCompare(Some(sample_path("lewisham-national.ron"))),
    );
    run_command(&mut harness, Command::ExportComparisonPack(None));
    let suggested = dialog_file(&harness);
    assert!(suggested.ends_with("ncl.comparison-pack.pdf"), "{suggested}");
    choose(&mut harness, "Preferred option", "2. Lewisham: national rules");
    let pack = dir.path().join("options.pdf");
    type_file(&mut harness, &pack);
    click(&mut harness, Role::Button, "Export");
    harness.run();
    let pages = page_texts(&std::fs::read(&pack).expect("the pack is written"));
    let options = pages
        .iter()
        .find(|p| has(p, "Options appraisal") && !has(p, "Contents"))
        .expect("an options appraisal");
    assert!(has(options, "2. Lewisham: national rules (preferred)"), "{options}");
}

#[test]
fn print_board_pack_writes_the_pack_and_says_where() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = ncl_app(dir.path());
    run_command(&mut harness, Command::PrintBoardPack(None));
    assert!(harness.state().pack_dialog().is_some());
    harness.get_by_label("Write and open").click();
    harness.run();
    harness.run();
    let written = dir.path().join("ncl.board-pack.pdf");
    assert!(written.is_file(), "the pack is written beside the scenario");
    let notice = &harness.state().notices().iter().last().expect("a notice").text;
    assert!(notice.contains(&written.display().to_string()), "{notice}");
}

#[test]
fn the_cover_sheet_is_edited_in_the_assumptions_view() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = ncl_app(dir.path());
    run_command(&mut harness, Command::ShowView(View::Editor(EditorView::Assumptions)));
    type_into(&mut harness, "Meeting", "London Estates Board, 14 January 2027");
    choose(&mut harness, "Purpose", "For decision");
    let board = &harness.state().document().scenario.board;
    assert_eq!(board.meeting, "London Estates Board, 14 January 2027");
    assert_eq!(board.purpose, Some(Purpose::Decision));
}
