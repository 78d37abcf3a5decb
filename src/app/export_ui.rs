//! Print export from the app: one chart as PDF, PNG or SVG, the board pack
//! of the scenario being edited, and the comparison pack. The files are
//! drawn by `estates_core::export` from the same chart data the app shows and
//! written atomically; a notice says what was written, or why nothing was.
//!
//! A pack asked for from a menu or button first shows the pack dialog: who
//! prepared it, the protective marking printed on every page, and the file
//! (typed, or chosen with the file dialog when one can be shown).

use std::path::{Path, PathBuf};

use egui::{Id, Modal, RichText, TextEdit};

use estates_core::charts::{Chart, ChartId};
use estates_core::export::{
    board_pack_pdf, chart_bytes, comparison_meta, default_title, today, write_file, ChartMeta, ExportError, Format,
    PackItem, PackMeta,
};
use estates_core::risk::risk_chart_meta;

use super::command::Command;
use super::compare_view::{file_name, CompareState};
use super::document::{Document, Origin, Results};
use super::files::{self, Picked, Purpose};
use super::notices::Notices;
use super::risk_view::Finished;

/// The command with the file it would have asked for: a path typed in the
/// fallback dialog answers the question the file dialog could not ask.
pub fn with_path(command: Command, path: PathBuf) -> Command {
    match command {
        Command::AddToCompare(_) => Command::AddToCompare(Some(path)),
        Command::ExportChart(chart, _) => Command::ExportChart(chart, Some(path)),
        other => other,
    }
}

/// What packs and exported charts print besides the figures, kept for the session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintOptions {
    /// Shown on a pack's title page when not empty.
    pub prepared_by: String,
    /// Printed at the top and bottom of every page when not empty, e.g.
    /// `OFFICIAL-SENSITIVE: COMMERCIAL`.
    pub marking: String,
}

impl PrintOptions {
    fn marking(&self) -> Option<String> {
        let m = self.marking.trim();
        (!m.is_empty()).then(|| m.to_owned())
    }
}

/// Which pack the pack dialog writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackKind {
    /// The scenario being edited.
    Board,
    /// The compared scenarios.
    Comparison,
}

/// The pack dialog, while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct PackDialog {
    kind: PackKind,
    options: PrintOptions,
    path: String,
    /// The file dialog could not be shown: the path must be typed.
    no_file_dialog: bool,
}

impl PackDialog {
    pub fn new(kind: PackKind, options: &PrintOptions, suggested: Option<PathBuf>) -> Self {
        PackDialog {
            kind,
            options: options.clone(),
            path: suggested.map(|p| p.display().to_string()).unwrap_or_default(),
            no_file_dialog: false,
        }
    }
}

/// Shows the pack dialog. When the user exports, keeps the options for the
/// session and returns the command that writes the pack; `dialog` closes on
/// export or cancel.
pub fn pack_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut Option<PackDialog>,
    options: &mut PrintOptions,
) -> Option<Command> {
    let d = dialog.as_mut()?;
    let mut close = false;
    let mut command = None;
    let title = match d.kind {
        PackKind::Board => "Export board pack",
        PackKind::Comparison => "Export comparison pack",
    };
    let modal = Modal::new(Id::unique("pack-dialog")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(title);
        ui.add_space(4.0);
        ui.label("A PDF with a title page, the headline figures and every chart on its own A4 landscape page.");
        ui.add_space(6.0);
        egui::Grid::new("pack-fields")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                labelled_field(ui, "Prepared by", &mut d.options.prepared_by, "your name or team");
                ui.end_row();
                labelled_field(
                    ui,
                    "Protective marking",
                    &mut d.options.marking,
                    "e.g. OFFICIAL-SENSITIVE: COMMERCIAL",
                );
                ui.end_row();
                ui.label("");
                ui.label(
                    RichText::new("Printed at the top and bottom of every page; leave it empty for none.")
                        .small()
                        .weak(),
                );
                ui.end_row();
                labelled_field(ui, "File", &mut d.path, "/home/me/papers/board-pack.pdf");
                ui.end_row();
                ui.label("");
                if ui.button("Browse…").clicked() {
                    let current = PathBuf::from(d.path.trim());
                    let start = Some(current.as_path()).filter(|p| !p.as_os_str().is_empty());
                    match files::pick(Purpose::ExportPack, start) {
                        Picked::Path(p) => d.path = p.display().to_string(),
                        Picked::Cancelled => {}
                        Picked::Unavailable => d.no_file_dialog = true,
                    }
                }
                ui.end_row();
            });
        let typed = d.path.trim();
        if !typed.is_empty() && Purpose::ExportPack.complete(Path::new(typed)).exists() {
            ui.label(
                RichText::new("A file of that name exists; exporting replaces it.").color(ui.visuals().warn_fg_color),
            );
        }
        if d.no_file_dialog {
            ui.label(
                RichText::new("No file dialog can be shown here (no desktop portal and no zenity): type the path.")
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let typed = d.path.trim();
            if ui.add_enabled(!typed.is_empty(), egui::Button::new("Export")).clicked() {
                let path = Some(PathBuf::from(typed));
                command = Some(match d.kind {
                    PackKind::Board => Command::ExportBoardPack(path),
                    PackKind::Comparison => Command::ExportComparisonPack(path),
                });
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if command.is_some() {
        *options = d.options.clone();
    }
    if close || command.is_some() || modal.should_close() {
        *dialog = None;
    }
    command
}

/// A label and the one-line text field it names, in two grid cells
/// (screen readers and tests find the field by the label).
fn labelled_field(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str) {
    let label = ui.label(label);
    ui.add(TextEdit::singleline(text).desired_width(360.0).hint_text(hint))
        .labelled_by(label.id);
}

/// What a chart was drawn from, for its page's source line and notes.
pub struct ChartSources<'a> {
    pub doc: &'a Document,
    pub compare: &'a CompareState,
    /// The last risk analysis: its charts cite the scenario it ran on.
    pub risk: Option<&'a Finished>,
}

/// Writes one chart in the format its file name asks for (PDF when it names none).
pub fn export_chart(chart: &Chart, path: &Path, sources: &ChartSources, options: &PrintOptions, notices: &mut Notices) {
    let path = Purpose::ExportChart.complete(path);
    let Some(meta) = chart_meta(chart, sources, options, notices) else {
        return;
    };
    let format = Format::of_path(&path).unwrap_or(Format::Pdf);
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
pub fn export_board_pack(path: &Path, doc: &Document, options: &PrintOptions, notices: &mut Notices) {
    let path = Purpose::ExportPack.complete(path);
    let Some(results) = current_results(doc, notices) else {
        return;
    };
    let items = [edited_item(doc, results)];
    let written = board_pack_pdf(&items, &pack_meta(&items, options)).and_then(|pdf| write_file(&path, &pdf));
    report(notices, written, &path, "the board pack");
}

/// Writes a board pack of the compared scenarios, baseline first, with the overlaid charts.
pub fn export_comparison_pack(
    path: &Path,
    doc: &Document,
    compare: &CompareState,
    options: &PrintOptions,
    notices: &mut Notices,
) {
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
    let written = board_pack_pdf(&items, &pack_meta(&items, options)).and_then(|pdf| write_file(&path, &pdf));
    report(notices, written, &path, "the comparison pack");
}

/// The edited scenario's results, if they are of the scenario as it is:
/// an export must not pair an earlier version's figures with today's inputs.
/// The page furniture of a chart: a risk chart cites the analysis it comes
/// from (scenario as run, draws and seed), so it can be exported even after
/// later edits; other charts need the scenario's current results.
pub(super) fn chart_meta(
    chart: &Chart,
    sources: &ChartSources,
    options: &PrintOptions,
    notices: &mut Notices,
) -> Option<ChartMeta> {
    let doc = sources.doc;
    if let (ChartId::Risk(_), Some(run)) = (chart.id, sources.risk) {
        let meta = risk_chart_meta(edited_file(doc), &run.scenario, &run.analysis.monte_carlo, &today());
        return Some(ChartMeta {
            marking: options.marking(),
            ..meta
        });
    }
    let results = current_results(doc, notices)?;
    Some(if ChartId::OVERLAYS.contains(&chart.id) {
        let items = sources.compare.pack_items(edited_item(doc, results));
        comparison_meta(&items, &pack_meta(&items, options))
    } else {
        ChartMeta {
            marking: options.marking(),
            ..ChartMeta::for_scenario(edited_file(doc), &doc.scenario, &today())
        }
    })
}

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

fn pack_meta(items: &[PackItem], options: &PrintOptions) -> PackMeta {
    let names: Vec<&str> = items.iter().map(|it| it.scenario.name.as_str()).collect();
    PackMeta {
        title: default_title(&names),
        prepared_by: options.prepared_by.trim().to_owned(),
        date: today(),
        marking: options.marking(),
    }
}

/// Says what was written, or why not, with the path last.
pub(super) fn report(notices: &mut Notices, written: Result<(), ExportError>, path: &Path, what: &str) {
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
