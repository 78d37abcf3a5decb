//! A chart as a figure from the app: "Figure…" writes the PNG (16 cm at
//! 300 dpi), its SVG and its caption; "Copy" puts the image on the clipboard
//! and says so. Both buttons are on every chart, found by their names.

use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_receipts::app::command::Command;
use estates_receipts::app::notices::Level;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use crate::support::{run_command, sample};

fn results_app() -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 1400.0])
        .build_eframe(|_| App::with_scenario(sample(), None));
    run_command(&mut harness, Command::ShowView(View::Results));
    harness
}

#[test]
fn a_chart_saves_as_a_figure_with_its_caption_and_copies_as_an_image() {
    let dir = tempfile::tempdir().expect("scratch");
    let mut harness = results_app();
    let chart = harness.state().document().results().expect("results").charts[1].clone();
    // Each chart offers both, named after the chart.
    harness.get_by_label(&format!("Save the chart “{}” as a figure…", chart.title));
    harness.get_by_label(&format!("Copy the chart “{}”", chart.title));

    // A name without an extension gets .png; the SVG and caption go beside it.
    let asked = dir.path().join("pot-balances");
    run_command(
        &mut harness,
        Command::ExportFigure(Box::new(chart.clone()), Some(asked)),
    );
    let png = std::fs::read(dir.path().join("pot-balances.png")).expect("the PNG is written");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    // 16 cm at 300 dpi: 16 / 2.54 x 300 = 1889.8 pixels.
    assert_eq!(width, 1890);
    let svg = std::fs::read_to_string(dir.path().join("pot-balances.svg")).expect("the SVG is written");
    assert!(svg.contains(r#"width="160.0mm""#));
    let caption = std::fs::read_to_string(dir.path().join("pot-balances.txt")).expect("the caption is written");
    assert!(
        caption.contains(&chart.title) && caption.contains("Source:"),
        "{caption}"
    );
    let last = harness.state().notices().iter().last().expect("a notice").text.clone();
    assert!(last.contains("as a figure"), "{last}");

    run_command(&mut harness, Command::CopyChart(Box::new(chart.clone())));
    let last = harness.state().notices().iter().last().expect("a notice");
    assert_eq!(last.level, Level::Info);
    assert!(last.text.starts_with("Copied the chart"), "{}", last.text);
}
