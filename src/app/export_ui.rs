//! Print export from the app: one chart as PDF, PNG or SVG, the board pack
//! of the scenario being edited, and the comparison pack. The files are
//! drawn by `estates_core::export` from the same chart data the app shows and
//! written atomically; a notice says what was written, or why nothing was.

use std::path::{Path, PathBuf};

use estates_core::charts::{Chart, ChartId};
use estates_core::export::{
    board_pack_pdf, chart_bytes, comparison_meta, default_title, today, write_file, ChartMeta, ExportError, Format,
    PackItem, PackMeta,
};

use super::command::Command;
use super::compare_view::{file_name, CompareState};
use super::document::{Document, Origin, Results};
use super::files::Purpose;
use super::notices::Notices;

/// The command with the file it would have asked for: a path typed in the
/// fallback dialog answers the question the file dialog could not ask.
pub fn with_path(command: Command, path: PathBuf) -> Command {
    match command {
        Command::AddToCompare(_) => Command::AddToCompare(Some(path)),
        Command::ExportChart(chart, _) => Command::ExportChart(chart, Some(path)),
        Command::ExportBoardPack(_) => Command::ExportBoardPack(Some(path)),
        Command::ExportComparisonPack(_) => Command::ExportComparisonPack(Some(path)),
        other => other,
    }
}

/// Writes one chart in the format its file name asks for (PDF when it names none).
pub fn export_chart(chart: &Chart, path: &Path, doc: &Document, compare: &CompareState, notices: &mut Notices) {
    let path = Purpose::ExportChart.complete(path);
    let Some(results) = current_results(doc, notices) else {
        return;
    };
    let format = Format::of_path(&path).unwrap_or(Format::Pdf);
    let meta = if ChartId::OVERLAYS.contains(&chart.id) {
        let items = compare.pack_items(edited_item(doc, results));
        comparison_meta(&items, &pack_meta(&items))
    } else {
        ChartMeta::for_scenario(edited_file(doc), &doc.scenario, &today())
    };
    let written = chart_bytes(chart, &meta, format).and_then(|bytes| write_file(&path, &bytes.unwrap_or_default()));
    let what = match format {
        Format::Png => "PNG, 300 dpi",
        Format::Svg => "SVG",
        Format::Pdf | Format::Csv => "PDF, A4 landscape",
    };
    report(
        notices,
        written,
        &path,
        &format!("the chart “{}” as {what}", chart.title),
    );
}

/// Writes the board pack PDF of the scenario being edited.
pub fn export_board_pack(path: &Path, doc: &Document, notices: &mut Notices) {
    let path = Purpose::ExportPack.complete(path);
    let Some(results) = current_results(doc, notices) else {
        return;
    };
    let items = [edited_item(doc, results)];
    let written = board_pack_pdf(&items, &pack_meta(&items)).and_then(|pdf| write_file(&path, &pdf));
    report(notices, written, &path, "the board pack");
}

/// Writes a board pack of the compared scenarios, baseline first, with the overlaid charts.
pub fn export_comparison_pack(path: &Path, doc: &Document, compare: &CompareState, notices: &mut Notices) {
    let path = Purpose::ExportPack.complete(path);
    if compare.file_count() == 0 {
        notices.error(
            "Add a saved scenario to the comparison first. For the edited scenario alone, use Export board \
             pack…",
        );
        return;
    }
    let Some(results) = current_results(doc, notices) else {
        return;
    };
    let items = compare.pack_items(edited_item(doc, results));
    let written = board_pack_pdf(&items, &pack_meta(&items)).and_then(|pdf| write_file(&path, &pdf));
    report(notices, written, &path, "the comparison pack");
}

/// The edited scenario's results, if they are of the scenario as it is:
/// an export must not pair an earlier version's figures with today's inputs.
fn current_results<'a>(doc: &'a Document, notices: &mut Notices) -> Option<&'a Results> {
    match doc.results() {
        Some(results) if !doc.is_stale() => Some(results),
        _ => {
            notices.error(format!(
                "Cannot export while the scenario has {} error(s): fix them first (see Problems).",
                doc.error_count()
            ));
            None
        }
    }
}

fn edited_item<'a>(doc: &'a Document, results: &'a Results) -> PackItem<'a> {
    PackItem {
        file: edited_file(doc),
        scenario: &doc.scenario,
        report: &results.report,
    }
}

/// The edited scenario's file as pages cite it (by name); an unsaved
/// scenario has none, which the page says.
fn edited_file(doc: &Document) -> &str {
    match doc.origin() {
        Origin::File(p) => file_name(p),
        Origin::Sample => "built-in sample",
        Origin::Untitled => "unsaved scenario",
    }
}

fn pack_meta(items: &[PackItem]) -> PackMeta {
    let names: Vec<&str> = items.iter().map(|it| it.scenario.name.as_str()).collect();
    PackMeta {
        title: default_title(&names),
        prepared_by: String::new(),
        date: today(),
        marking: None,
    }
}

/// Says what was written, or why not, with the path last.
fn report(notices: &mut Notices, written: Result<(), ExportError>, path: &Path, what: &str) {
    match written {
        Ok(()) => notices.info(format!("Exported {what}: {}", path.display())),
        // This error already ends with the path.
        Err(e @ ExportError::Write { .. }) => notices.error(format!("Cannot export {what}; nothing was written: {e}")),
        Err(e) => notices.error(format!(
            "Cannot export {what}; nothing was written: {e}: {}",
            path.display()
        )),
    }
}
