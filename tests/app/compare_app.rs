//! The compare view and print export in the app, driven through commands
//! and found by label as a user (or a screen reader) would find them.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_core::charts::{ChartId, Mark};
use estates_core::compare::HEADLINES;
use estates_core::export::{usvg, PNG_HEIGHT, PNG_WIDTH};
use estates_core::io::load;
use estates_core::{compute, Report};
use estates_receipts::app::command::Command;
use estates_receipts::app::notices::Level;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use crate::pdf_text;
use crate::support as app_support;
use app_support::run_command;
use pdf_text::{has, page_texts};

fn sample_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_scenarios")
        .join(name)
}

/// The app editing the national Lewisham sample, on the compare view.
fn national_app() -> Harness<'static, App> {
    let path = sample_path("lewisham-national.ron");
    let scenario = load(&path).expect("the national sample loads");
    let mut harness = Harness::builder()
        .with_size([1280.0, 1400.0])
        .build_eframe(move |_| App::with_scenario(scenario, Some(path)));
    harness.state_mut().queue(Command::ShowView(View::Compare));
    harness.run();
    harness
}

fn report(name: &str) -> Report {
    compute(&load(&sample_path(name)).expect("sample loads"))
}

/// The accessible name of a cell of the headline table.
fn cell(column: &str, key: &str, report: &Report, base: Option<&Report>) -> String {
    let h = HEADLINES.iter().find(|h| h.key == key).expect("a headline");
    let x = (h.get)(report);
    match base {
        Some(b) => {
            // The difference of the figures as printed, so it adds up as printed.
            let printed = |x: f64| h.show(x).replace(['£', 'm', ','], "").parse::<f64>().expect("a figure");
            let d = printed(x) - printed((h.get)(b));
            let shown = if h.is_money { h.show(d * 1e6) } else { h.show(d) };
            let signed = if shown.starts_with('-') {
                shown
            } else {
                format!("+{shown}")
            };
            format!("{column}: {}: {} ({signed})", h.label, h.show(x))
        }
        None => format!("{column}: {}: {}", h.label, h.show(x)),
    }
}

fn last_notice(harness: &Harness<'static, App>) -> (Level, String) {
    let n = harness.state().notices().iter().last().expect("a notice");
    (n.level, n.text.clone())
}

const NATIONAL: &str = "Lewisham: national rules";
const DEVOLVED: &str = "Lewisham: devolved London settlement";

#[test]
fn a_saved_scenario_is_compared_with_the_one_being_edited() {
    let mut harness = national_app();
    harness.get_by_label("Add a saved scenario…");
    run_command(
        &mut harness,
        Command::AddToCompare(Some(sample_path("lewisham-devolved.ron"))),
    );
    assert_eq!(harness.state().compare().file_count(), 1);
    let (national, devolved) = (report("lewisham-national.ron"), report("lewisham-devolved.ron"));
    // Both columns, the devolved one with its difference from the edited baseline.
    for h in &HEADLINES {
        harness.get_by_label(&cell(NATIONAL, h.key, &national, None));
        harness.get_by_label(&cell(DEVOLVED, h.key, &devolved, Some(&national)));
    }
    assert!(devolved.totals.retained_total() > national.totals.retained_total());
    // What changed names the retention difference.
    harness.get_by_label(&format!("From {NATIONAL} to {DEVOLVED}: 14 changes"));
    harness.get_by_label("removed Trust keeps its receipts for its own programme");
    harness.get_by_label("added NHS trusts: receipts retained in the London pool");
    // The overlays, one line per scenario.
    let charts = harness.state().compare().charts().to_vec();
    assert_eq!(charts.iter().map(|c| c.id).collect::<Vec<_>>(), ChartId::OVERLAYS);
    for c in &charts {
        harness.get_by_label(&c.title);
        harness.get_by_label(&format!("Export the chart “{}”…", c.title));
        let names: Vec<&str> = c.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, [NATIONAL, DEVOLVED]);
        assert!(c.series.iter().all(|s| s.mark == Mark::Line));
    }
}

#[test]
fn the_baseline_can_be_any_column() {
    let mut harness = national_app();
    run_command(
        &mut harness,
        Command::AddToCompare(Some(sample_path("lewisham-devolved.ron"))),
    );
    run_command(&mut harness, Command::SetCompareBaseline(1));
    assert_eq!(harness.state().compare().baseline(), 1);
    let (national, devolved) = (report("lewisham-national.ron"), report("lewisham-devolved.ron"));
    harness.get_by_label(&cell(NATIONAL, "retained", &national, Some(&devolved)));
    harness.get_by_label(&cell(DEVOLVED, "retained", &devolved, None));
    harness.get_by_label(&format!("From {DEVOLVED} to {NATIONAL}: 14 changes"));
    harness.get_by_label("added Trust keeps its receipts for its own programme");
    // Removing the baseline's file hands the baseline back to the edited scenario.
    run_command(&mut harness, Command::RemoveFromCompare(1));
    assert_eq!(harness.state().compare().file_count(), 0);
    assert_eq!(harness.state().compare().baseline(), 0);
    harness.get_by_label(&cell(NATIONAL, "retained", &national, None));
}

#[test]
fn a_file_that_cannot_be_read_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("scratch");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Scenario(name: ").expect("write");
    let mut harness = national_app();
    run_command(
        &mut harness,
        Command::AddToCompare(Some(sample_path("lewisham-devolved.ron"))),
    );
    for path in [broken.clone(), dir.path().join("missing.ron")] {
        run_command(&mut harness, Command::AddToCompare(Some(path.clone())));
        let (level, text) = last_notice(&harness);
        assert_eq!(level, Level::Error);
        assert!(text.starts_with("Cannot add the file to the comparison"), "{text}");
        assert!(
            text.ends_with(&path.display().to_string()),
            "the path comes last: {text}"
        );
        harness.get_by_label(&text);
        assert_eq!(harness.state().compare().file_count(), 1, "nothing changed");
    }
    run_command(
        &mut harness,
        Command::AddToCompare(Some(sample_path("lewisham-devolved.ron"))),
    );
    assert_eq!(harness.state().compare().file_count(), 1, "a file is compared once");
}

fn pdf_pages(path: &Path) -> usize {
    lopdf::Document::load(path).expect("the PDF parses").get_pages().len()
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn a_chart_exports_as_pdf_png_and_svg() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = national_app();
    run_command(&mut harness, Command::ShowView(View::Results));
    let chart = harness.state().document().results().expect("results").charts[0].clone();
    assert_eq!(chart.id, ChartId::RetainedReceipts);
    harness.get_by_label(&chart.title);

    let pdf = dir.path().join("retained.pdf");
    run_command(
        &mut harness,
        Command::ExportChart(Box::new(chart.clone()), Some(pdf.clone())),
    );
    assert_eq!(pdf_pages(&pdf), 1);
    let (level, text) = last_notice(&harness);
    assert_eq!(level, Level::Info);
    assert!(text.ends_with(&pdf.display().to_string()), "{text}");
    assert!(
        text.contains("Retained receipts by year") && text.contains("PDF"),
        "{text}"
    );

    let png = dir.path().join("retained.png");
    run_command(
        &mut harness,
        Command::ExportChart(Box::new(chart.clone()), Some(png.clone())),
    );
    assert_eq!(png_size(&std::fs::read(&png).expect("png")), (PNG_WIDTH, PNG_HEIGHT));

    let svg = dir.path().join("retained.svg");
    run_command(
        &mut harness,
        Command::ExportChart(Box::new(chart.clone()), Some(svg.clone())),
    );
    let text = std::fs::read_to_string(&svg).expect("svg");
    usvg::Tree::from_str(&text, &usvg::Options::default()).expect("the SVG parses");
    assert!(text.contains("Retained receipts by year"));

    // A name without a chart format's extension is written as PDF.
    run_command(
        &mut harness,
        Command::ExportChart(Box::new(chart), Some(dir.path().join("plain"))),
    );
    assert_eq!(pdf_pages(&dir.path().join("plain.pdf")), 1);
}

#[test]
fn packs_and_overlays_export_from_the_app() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = national_app();
    let lonely = dir.path().join("nothing-to-compare.pdf");
    run_command(&mut harness, Command::ExportComparisonPack(Some(lonely.clone())));
    assert_eq!(last_notice(&harness).0, Level::Error);
    assert!(!lonely.exists(), "no comparison pack without a file to compare");

    let pack = dir.path().join("pack.pdf");
    run_command(&mut harness, Command::ExportBoardPack(Some(pack.clone())));
    assert_eq!(
        pdf_pages(&pack),
        11 + 3,
        "cover, headlines, risks and issues, four charts, the map and roll-up by borough, \
         disposals and projects, and three pages of how the headline figures are made"
    );

    run_command(
        &mut harness,
        Command::AddToCompare(Some(sample_path("lewisham-devolved.ron"))),
    );
    let comparison = dir.path().join("comparison.pdf");
    run_command(&mut harness, Command::ExportComparisonPack(Some(comparison.clone())));
    // Cover, headlines, options appraisal, risks and issues, what changed, three
    // overlays, seven charts (the marriage value chart is the same for both, so
    // printed once), each option's map and roll-up by borough, each option's
    // disposal and project tables, and five pages of how each option's
    // headline figures are made.
    assert_eq!(pdf_pages(&comparison), 5 + 3 + 7 + 2 * 2 + 2 * 2 + 5);
    let (level, text) = last_notice(&harness);
    assert_eq!(level, Level::Info, "{text}");

    let overlay = harness.state().compare().charts()[2].clone();
    let png = dir.path().join("gap.png");
    run_command(&mut harness, Command::ExportChart(Box::new(overlay), Some(png.clone())));
    assert_eq!(png_size(&std::fs::read(&png).expect("png")), (PNG_WIDTH, PNG_HEIGHT));

    // A folder that does not exist: the reason and the path, and no file.
    let nowhere = dir.path().join("no-such-folder").join("pack.pdf");
    run_command(&mut harness, Command::ExportBoardPack(Some(nowhere.clone())));
    let (level, text) = last_notice(&harness);
    assert_eq!(level, Level::Error);
    assert!(
        text.starts_with("Cannot export the board pack; nothing was written"),
        "{text}"
    );
    assert!(text.ends_with(&nowhere.display().to_string()), "{text}");
    assert!(!nowhere.exists());
}

#[test]
fn an_invalid_scenario_is_not_exported() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = national_app();
    harness.state_mut().scenario_mut().horizon = 0;
    harness.run();
    let pack = dir.path().join("pack.pdf");
    run_command(&mut harness, Command::ExportBoardPack(Some(pack.clone())));
    let (level, text) = last_notice(&harness);
    assert_eq!(level, Level::Error);
    assert!(text.contains("error"), "{text}");
    assert!(!pack.exists());
}

/// Types into the text field with this label, replacing what it holds.
fn type_into(harness: &mut Harness<'static, App>, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::TextInput, label).focus();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
    harness.run();
}

#[test]
fn the_pack_dialog_asks_for_the_marking_the_author_and_the_file() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = national_app();
    harness.get_by_label("Export comparison pack…").click();
    harness.run();
    assert!(harness.state().pack_dialog().is_some());
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.state().pack_dialog().is_none(), "cancel closes it");

    run_command(&mut harness, Command::ExportBoardPack(None));
    assert!(harness.state().pack_dialog().is_some());
    type_into(&mut harness, "Protective marking", "OFFICIAL-SENSITIVE: COMMERCIAL");
    type_into(&mut harness, "Prepared by", "Estates team");
    let path = dir.path().join("typed-pack");
    // The suggested file (beside the scenario) is replaced by the one typed.
    harness.get_by_role_and_label(Role::TextInput, "File").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "File")
        .type_text(&path.display().to_string());
    harness.run();
    // The map is shaded by the measure chosen (retained by default).
    harness
        .get_by_role_and_label(Role::ComboBox, "Shade the map by")
        .click();
    harness.run();
    harness
        .query_all_by_label("Homes enabled")
        .last()
        .expect("the measures are offered")
        .click();
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    harness.run();
    assert!(harness.state().pack_dialog().is_none());
    let written = dir.path().join("typed-pack.pdf");
    // Cover, headline figures, risks and issues, four charts, the map and
    // roll-up by borough, disposals and projects, and three pages of how the
    // headline figures are made.
    assert_eq!(
        pdf_pages(&written),
        11 + 3,
        "a PDF name was given: {}",
        last_notice(&harness).1
    );
    let pages = page_texts(&std::fs::read(&written).expect("pack"));
    assert!(
        pages.iter().all(|p| has(p, "OFFICIAL-SENSITIVE: COMMERCIAL")),
        "every page is marked"
    );
    assert!(has(&pages[0], "Prepared by: Estates team"), "{}", pages[0]);
    assert!(
        pages
            .iter()
            .any(|p| has(p, "Homes enabled by borough") && has(p, "Boroughs: Homes enabled")),
        "the map shaded by the measure chosen"
    );
    // The options stay for the session: a chart exported next carries the marking too.
    let options = harness.state().print_options();
    assert_eq!(options.marking, "OFFICIAL-SENSITIVE: COMMERCIAL");
    let chart = harness.state().document().results().expect("results").charts[1].clone();
    let chart_pdf = dir.path().join("chart.pdf");
    run_command(
        &mut harness,
        Command::ExportChart(Box::new(chart), Some(chart_pdf.clone())),
    );
    let pages = page_texts(&std::fs::read(&chart_pdf).expect("chart"));
    assert!(has(&pages[0], "OFFICIAL-SENSITIVE: COMMERCIAL") && has(&pages[0], "Pot balances"));
}
