//! Print export from the app: one chart as PDF, PNG or SVG, the board pack
//! of the scenario being edited, and the comparison pack. The files are
//! drawn by `estates_core::export` from the same chart data the app shows and
//! written atomically; a notice says what was written, or why nothing was.
//!
//! A pack asked for from a menu or button first shows the pack dialog: who
//! prepared it, the protective marking printed on every page, and the file
//! (typed, or chosen with the file dialog when one can be shown).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize};

use egui::{Id, Modal, RichText, TextEdit};

use estates_core::charts::{Chart, ChartId};
use estates_core::export::{
    board_pack_pdf, chart_bytes, comparison_meta, default_title, today, write_file, ChartMeta, ExportError, Format,
    PackItem, PackMeta,
};
use estates_core::place::shading::Measure;
use estates_core::risk::{analyse, risk_chart_meta, Analysis};

use super::command::Command;
use super::compare_view::{file_name, CompareState};
use super::dialogs::Answer;
use super::document::{Document, Origin, Results};
use super::files::{self, Picked, Purpose};
use super::notices::Notices;
use super::risk_view::Finished;

/// The command with the file it would have asked for: a path typed in the
/// fallback dialog answers the question the file dialog could not ask.
pub fn with_path(command: Command, path: PathBuf) -> Command {
    match command {
        Command::AddToCompare(_) => Command::AddToCompare(Some(path)),
        Command::ExportFigure(chart, _) => Command::ExportFigure(chart, Some(path)),
        other => other,
    }
}

/// What packs and exported charts print besides the figures, kept for the session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintOptions {
    /// Shown on a pack's cover sheet when not empty.
    pub prepared_by: String,
    /// Printed at the top and bottom of every page when not empty, e.g.
    /// `OFFICIAL-SENSITIVE: COMMERCIAL`.
    pub marking: String,
    /// Add the risk pages (fans, histograms, funding chances, tornadoes) to packs.
    pub with_risk: bool,
    /// The preferred option of the comparison pack, by position (0 is the baseline).
    pub preferred: Option<usize>,
    /// What the boroughs on the pack's map are shaded by.
    pub map_measure: Measure,
}

impl PrintOptions {
    fn marking(&self) -> Option<String> {
        let m = self.marking.trim();
        (!m.is_empty()).then(|| m.to_owned())
    }
}

/// What the export dialog writes.
#[derive(Debug, Clone, PartialEq)]
pub enum PackKind {
    /// The board pack of the scenario being edited.
    Board,
    /// The board pack of the compared scenarios, with the names of the options, baseline first.
    Comparison(Vec<String>),
    /// The board pack of the scenario being edited, opened in the PDF viewer to print.
    Print,
    /// One chart.
    Chart(Box<Chart>),
}

impl PackKind {
    fn is_pack(&self) -> bool {
        !matches!(self, PackKind::Chart(_))
    }

    fn purpose(&self) -> Purpose {
        match self {
            PackKind::Chart(_) => Purpose::ExportChart,
            _ => Purpose::ExportPack,
        }
    }
}

/// The export dialog, while it is open.
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
        let mut options = options.clone();
        if let PackKind::Comparison(names) = &kind {
            options.preferred = options.preferred.filter(|k| *k < names.len());
        }
        PackDialog {
            kind,
            options,
            path: suggested.map(|p| p.display().to_string()).unwrap_or_default(),
            no_file_dialog: false,
        }
    }
}

/// The file name a kind of export suggests beside the scenario's own file
/// (`plan.ron` gives `plan.board-pack.pdf`, `plan.comparison-pack.pdf`,
/// `plan-retained-receipts.pdf`), so exports of different kinds never collide.
pub fn suggested_export(scenario_file: &Path, kind: &PackKind) -> PathBuf {
    match kind {
        PackKind::Board | PackKind::Print => scenario_file.with_extension("board-pack.pdf"),
        PackKind::Comparison(_) => scenario_file.with_extension("comparison-pack.pdf"),
        PackKind::Chart(chart) => {
            let stem = scenario_file
                .file_stem()
                .map_or_else(|| "scenario".to_owned(), |s| s.to_string_lossy().into_owned());
            scenario_file.with_file_name(format!("{stem}-{}.pdf", chart.id.slug()))
        }
    }
}

/// Shows the export dialog. When the user exports, keeps the options for the
/// session and answers with the command that writes the file.
pub fn pack_dialog_ui(ctx: &egui::Context, d: &mut PackDialog, options: &mut PrintOptions) -> Option<Answer> {
    let mut close = false;
    let mut command = None;
    let (title, about, go) = match &d.kind {
        PackKind::Board => (
            "Export board pack",
            "A PDF board paper: cover sheet, headline figures, risks and issues, every chart and the disposal \
             and project tables, on A4 landscape pages.",
            "Export",
        ),
        PackKind::Comparison(_) => (
            "Export comparison pack",
            "A PDF board paper of the compared options: cover sheet, options appraisal, risks and issues of each, \
             what changed, the overlaid charts and each option's charts and tables.",
            "Export",
        ),
        PackKind::Print => (
            "Print board pack",
            "Writes the board pack of this scenario as a PDF and opens it in your PDF viewer, ready to print.",
            "Write and open",
        ),
        PackKind::Chart(_) => (
            "Export chart",
            "One chart on an A4 landscape page: PDF, PNG (300 dpi) or SVG by the file's extension.",
            "Export",
        ),
    };
    let modal = Modal::new(Id::unique("pack-dialog")).show(ctx, |ui| {
        ui.set_max_width(540.0);
        ui.heading(title);
        ui.add_space(4.0);
        ui.label(about);
        ui.add_space(6.0);
        egui::Grid::new("pack-fields")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                if d.kind.is_pack() {
                    labelled_field(ui, "Prepared by", &mut d.options.prepared_by, "your name or team");
                    ui.end_row();
                }
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
                if let PackKind::Comparison(names) = &d.kind {
                    preferred_ui(ui, names, &mut d.options.preferred);
                    ui.end_row();
                }
                if d.kind.is_pack() {
                    ui.label("");
                    ui.checkbox(&mut d.options.with_risk, "Include the risk pages")
                        .on_hover_text(
                            "Fan charts, histograms, each project's chance of being funded, tornadoes and switching \
                             values, from each scenario's draws and seed (a run takes a few seconds)",
                        );
                    ui.end_row();
                    let label = ui.label("Shade the map by");
                    egui::ComboBox::from_id_salt("pack map measure")
                        .selected_text(d.options.map_measure.label())
                        .show_ui(ui, |ui| {
                            for m in Measure::ALL {
                                ui.selectable_value(&mut d.options.map_measure, m, m.label());
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                }
                labelled_field(ui, "File", &mut d.path, d.kind.purpose().example());
                ui.end_row();
                ui.label("");
                if ui.button("Browse…").clicked() {
                    let current = files::expand_home(d.path.trim());
                    let start = Some(current.as_path()).filter(|p| !p.as_os_str().is_empty());
                    match files::pick(d.kind.purpose(), start) {
                        Picked::Path(p) => d.path = p.display().to_string(),
                        Picked::Cancelled => {}
                        Picked::Unavailable => d.no_file_dialog = true,
                    }
                }
                ui.end_row();
            });
        let typed = d.path.trim();
        if !typed.is_empty() && d.kind.purpose().complete(Path::new(typed)).exists() {
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
            if ui.add_enabled(!typed.is_empty(), egui::Button::new(go)).clicked() {
                let path = Some(files::expand_home(typed));
                command = Some(match &d.kind {
                    PackKind::Board => Command::ExportBoardPack(path),
                    PackKind::Comparison(_) => Command::ExportComparisonPack(path),
                    PackKind::Print => Command::PrintBoardPack(path),
                    PackKind::Chart(chart) => Command::ExportChart(chart.clone(), path),
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
    match command {
        Some(command) => Some(Answer::Run(command)),
        None => (close || modal.should_close()).then_some(Answer::Cancel),
    }
}

/// The preferred option of a comparison: none, or one of the options.
fn preferred_ui(ui: &mut egui::Ui, names: &[String], preferred: &mut Option<usize>) {
    let label = ui.label("Preferred option");
    let shown = preferred
        .and_then(|k| names.get(k))
        .map_or_else(|| "None marked".to_owned(), |n| n.clone());
    egui::ComboBox::from_id_salt("preferred-option")
        .selected_text(shown)
        .width(360.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(preferred, None, "None marked");
            for (k, name) in names.iter().enumerate() {
                ui.selectable_value(preferred, Some(k), format!("{}. {name}", k + 1));
            }
        })
        .response
        .labelled_by(label.id);
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

/// Writes the board pack PDF of the scenario being edited; true when written.
pub fn export_board_pack(path: &Path, sources: &ChartSources, options: &PrintOptions, notices: &mut Notices) -> bool {
    let path = Purpose::ExportPack.complete(path);
    let Some(results) = results_to_export(sources.doc, notices) else {
        return false;
    };
    let items = [edited_item(sources.doc, results)];
    write_pack(&path, &items, sources, options, notices, "the board pack")
}

/// Writes the board pack and opens it in the system's PDF viewer, saying
/// where it was written (and, if no viewer could be started, how to open it).
pub fn print_board_pack(path: &Path, sources: &ChartSources, options: &PrintOptions, notices: &mut Notices) {
    let path = Purpose::ExportPack.complete(path);
    if !export_board_pack(&path, sources, options, notices) {
        return;
    }
    match open::that_detached(&path) {
        Ok(()) => notices.info(format!(
            "Opened the board pack in your PDF viewer to print; it is written at {}",
            path.display()
        )),
        Err(e) => notices.error(format!(
            "The board pack is written, but no PDF viewer could be started ({e}); open it to print: {}",
            path.display()
        )),
    }
}

/// Writes a board pack of the compared scenarios, baseline first, with the overlaid charts.
pub fn export_comparison_pack(path: &Path, sources: &ChartSources, options: &PrintOptions, notices: &mut Notices) {
    let path = Purpose::ExportPack.complete(path);
    if sources.compare.file_count() == 0 {
        notices.error(
            "Add a saved scenario to the comparison first. For the edited scenario alone, use Export board \
             pack…",
        );
        return;
    }
    let Some(results) = results_to_export(sources.doc, notices) else {
        return;
    };
    let items = sources.compare.pack_items(edited_item(sources.doc, results));
    write_pack(&path, &items, sources, options, notices, "the comparison pack");
}

/// Writes a pack of `items`, with their risk analyses when asked for; true when written.
fn write_pack(
    path: &Path,
    items: &[PackItem],
    sources: &ChartSources,
    options: &PrintOptions,
    notices: &mut Notices,
    what: &str,
) -> bool {
    let analyses: Vec<Option<Analysis>> = if options.with_risk {
        items.iter().map(|it| analysis_of(it, sources.risk, notices)).collect()
    } else {
        vec![None; items.len()]
    };
    let items: Vec<PackItem> = items
        .iter()
        .zip(&analyses)
        .map(|(it, a)| PackItem {
            risk: a.as_ref(),
            ..*it
        })
        .collect();
    let written = board_pack_pdf(&items, &pack_meta(&items, options)).and_then(|pdf| write_file(path, &pdf));
    let ok = written.is_ok();
    report(notices, written, path, what);
    ok
}

/// The risk analysis of a pack's scenario: the risk view's last run when it
/// was of this very scenario, otherwise a run now with the scenario's draws
/// and seed (a few seconds; the same seed gives the same figures).
fn analysis_of(item: &PackItem, last: Option<&Finished>, notices: &mut Notices) -> Option<Analysis> {
    if let Some(run) = last.filter(|run| *run.scenario == *item.scenario) {
        return Some(run.analysis.clone());
    }
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    match analyse(item.scenario, item.scenario.risk, &done, &cancel) {
        Ok(a) => Some(a),
        Err(e) => {
            notices.error(format!("The pack has no risk pages for {}: {e}", item.scenario.name));
            None
        }
    }
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
    let results = results_to_export(doc, notices)?;
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

fn results_to_export<'a>(doc: &'a Document, notices: &mut Notices) -> Option<&'a Results> {
    let results = doc.current_results();
    if results.is_none() {
        notices.error(format!(
            "Cannot export while the scenario has {} error(s): fix them first (see Problems).",
            doc.error_count()
        ));
    }
    results
}

fn edited_item<'a>(doc: &'a Document, results: &'a Results) -> PackItem<'a> {
    PackItem {
        file: edited_file(doc),
        scenario: &doc.scenario,
        report: &results.report,
        risk: None,
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
        preferred: options.preferred.filter(|k| *k < items.len()),
        map_measure: options.map_measure,
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

#[cfg(test)]
mod tests {
    use super::*;
    use estates_core::charts::project_funding;
    use estates_core::{compute, samples};

    #[test]
    fn a_typed_path_answers_the_command_that_asked_for_it() {
        let path = PathBuf::from("/tmp/figure.png");
        let chart = Box::new(project_funding(&compute(&samples::new_template())));
        // Without the path the figure export would ask for it again, for ever.
        assert_eq!(
            with_path(Command::ExportFigure(chart.clone(), None), path.clone()),
            Command::ExportFigure(chart, Some(path.clone()))
        );
        assert_eq!(
            with_path(Command::AddToCompare(None), path.clone()),
            Command::AddToCompare(Some(path))
        );
    }
}
