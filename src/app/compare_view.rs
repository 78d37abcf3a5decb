//! The compare view: the scenario being edited beside saved scenarios, with
//! the headline figures and their differences from a chosen baseline, the
//! overlaid yearly charts, and what changed in the inputs.
//!
//! Compared files live only in this runtime state (never in the persisted
//! settings): they are snapshots read when added. The figures, charts and
//! change lists come from `estates_core::compare`, as the `compare` command's
//! do, so the screen and the terminal agree.

use std::path::{Path, PathBuf};

use egui::{RichText, Role, WidgetInfo};
use estates_core::charts::Chart;
use estates_core::compare::{diff, distinct_names, overlay_charts, signed_change, Change, HEADLINES};
use estates_core::export::PackItem;
use estates_core::io::{self, LoadError};
use estates_core::{compute, Report, Scenario};

use super::charts_ui::exportable_chart_ui;
use estates_core::csv_out::{tsv, Cell as CopyCell};

use super::command::Command;
use super::copy::{copy_button_ui, copy_pressed_over};
use super::document::Document;
use super::notices::Notices;

/// Charts sit two abreast when the area is at least this wide (as in results).
const TWO_COLUMNS_FROM: f32 = 860.0;
const CHART_HEIGHT: f32 = 240.0;
/// Height of the scrolled list of changes under each comparison.
const CHANGES_HEIGHT: f32 = 260.0;

/// A saved scenario added to the comparison, as read when it was added.
struct Compared {
    path: PathBuf,
    scenario: Scenario,
    report: Report,
}

/// What the view shows, worked out once per change of its inputs rather than every frame.
struct Derived {
    /// The edited scenario it was worked out for.
    edited: Scenario,
    /// `files` and `baseline` as they were (bumped by every change to them).
    generation: u64,
    charts: Vec<Chart>,
    /// For each column but the baseline: its index, and what changed from the baseline to it.
    changes: Vec<(usize, Vec<Change>)>,
}

/// The comparison: column 0 is always the scenario being edited, columns 1
/// and up the added files.
#[derive(Default)]
pub struct CompareState {
    files: Vec<Compared>,
    baseline: usize,
    generation: u64,
    derived: Option<Derived>,
}

impl CompareState {
    /// Reads a saved scenario and adds it as the last column. A file that
    /// cannot be read, or is invalid, is refused with the reason and its
    /// path, and the comparison is left as it was.
    pub fn add(&mut self, path: &Path, notices: &mut Notices) {
        if self.files.iter().any(|f| same_file(&f.path, path)) {
            notices.error(format!("That file is already in the comparison: {}", path.display()));
            return;
        }
        match io::load(path) {
            Ok(scenario) => {
                let report = compute(&scenario);
                notices.info(format!(
                    "Added “{}” to the comparison: {}",
                    scenario.name,
                    path.display()
                ));
                self.files.push(Compared {
                    path: path.to_owned(),
                    scenario,
                    report,
                });
                self.changed();
            }
            Err(e) => notices.error(describe_add_error(path, &e)),
        }
    }

    /// Removes column `n` (1 and up); the baseline stays on the same scenario
    /// when it can, and falls back to the edited one when it was removed.
    pub fn remove(&mut self, n: usize, notices: &mut Notices) {
        if n == 0 || n > self.files.len() {
            notices.error("The scenario being edited is always compared; only added files can be removed.");
            return;
        }
        self.files.remove(n - 1);
        self.baseline = match self.baseline {
            b if b == n => 0,
            b if b > n => b - 1,
            b => b,
        };
        self.changed();
    }

    pub fn set_baseline(&mut self, n: usize) {
        if n <= self.files.len() {
            self.baseline = n;
            self.changed();
        }
    }

    pub fn baseline(&self) -> usize {
        self.baseline
    }

    /// How many saved files are compared with the edited scenario.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    fn changed(&mut self) {
        self.generation += 1;
    }

    /// The names of the compared options in pack order, baseline first
    /// (`edited` is the name of the scenario being edited).
    pub fn option_names(&self, edited: &str) -> Vec<String> {
        let mut names: Vec<String> = std::iter::once(edited.to_owned())
            .chain(self.files.iter().map(|f| f.scenario.name.clone()))
            .collect();
        let baseline = names.remove(self.baseline.min(names.len() - 1));
        names.insert(0, baseline);
        names
    }

    /// The compared scenarios as board pack items, baseline first (the pack
    /// shows differences from its first scenario); `edited` is the scenario
    /// being edited with its report and the name its file is cited by.
    pub fn pack_items<'a>(&'a self, edited: PackItem<'a>) -> Vec<PackItem<'a>> {
        let mut items: Vec<PackItem<'a>> = vec![edited];
        items.extend(self.files.iter().map(|f| PackItem {
            file: file_name(&f.path),
            scenario: &f.scenario,
            report: &f.report,
            risk: None,
        }));
        let baseline = items.remove(self.baseline.min(items.len() - 1));
        items.insert(0, baseline);
        items
    }

    /// The overlaid charts as the view shows them (empty until the view has
    /// been drawn with valid results).
    pub fn charts(&self) -> &[Chart] {
        self.derived.as_ref().map_or(&[], |d| &d.charts)
    }

    /// Works out the charts and change lists again if the edited scenario,
    /// the files or the baseline changed since the last time.
    fn refresh(&mut self, doc: &Document) {
        let fresh = self
            .derived
            .as_ref()
            .is_some_and(|d| d.generation == self.generation && d.edited == doc.scenario);
        if fresh {
            return;
        }
        let names = self.names(&doc.scenario);
        let charts = match doc.results() {
            Some(results) => {
                let mut columns: Vec<(&str, &Report)> = vec![(&names[0], &results.report)];
                columns.extend(
                    names[1..]
                        .iter()
                        .map(String::as_str)
                        .zip(self.files.iter().map(|f| &f.report)),
                );
                overlay_charts(&columns)
            }
            None => Vec::new(),
        };
        let scenarios: Vec<&Scenario> = std::iter::once(&doc.scenario)
            .chain(self.files.iter().map(|f| &f.scenario))
            .collect();
        let base = scenarios[self.baseline.min(scenarios.len() - 1)];
        let changes = (0..scenarios.len())
            .filter(|i| *i != self.baseline)
            .map(|i| (i, diff(base, scenarios[i])))
            .collect();
        self.derived = Some(Derived {
            edited: doc.scenario.clone(),
            generation: self.generation,
            charts,
            changes,
        });
    }

    /// Column names, made distinct: comparing a scenario with its own saved
    /// file is common, and two columns must never read the same.
    fn names(&self, edited: &Scenario) -> Vec<String> {
        distinct_names(std::iter::once(edited.name.as_str()).chain(self.files.iter().map(|f| f.scenario.name.as_str())))
    }
}

/// Two paths name the same file (compared canonically when both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A file's name as pages and headings cite it.
pub fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("scenario file")
}

fn describe_add_error(path: &Path, error: &LoadError) -> String {
    let prefix = "Cannot add the file to the comparison; nothing changed";
    match error {
        // Already ends with the path.
        LoadError::Io { .. } => format!("{prefix}: {error}"),
        _ => format!("{prefix}: {error}: {}", path.display()),
    }
}

/// One column of the headline table.
struct Column<'a> {
    name: &'a str,
    /// The file, or what the edited scenario is.
    source: String,
    report: Option<&'a Report>,
}

/// The compare view. Returns the commands its buttons asked for.
pub fn compare_ui(ui: &mut egui::Ui, doc: &Document, state: &mut CompareState) -> Vec<Command> {
    state.refresh(doc);
    let mut out = Vec::new();
    let names = state.names(&doc.scenario);
    let edited_source = match doc.path() {
        Some(p) => format!("{} (being edited)", file_name(p)),
        None => "being edited, not saved to a file".to_owned(),
    };
    let mut columns = vec![Column {
        name: &names[0],
        source: edited_source,
        report: doc.results().map(|r| &r.report),
    }];
    columns.extend(state.files.iter().zip(&names[1..]).map(|(f, name)| Column {
        name,
        source: file_name(&f.path).to_owned(),
        report: Some(&f.report),
    }));
    egui::ScrollArea::vertical().id_salt("compare-scroll").show(ui, |ui| {
        ui.heading("Compare scenarios");
        toolbar_ui(ui, state.files.len(), &mut out);
        if doc.is_stale() {
            ui.label(
                RichText::new("The edited scenario has errors: its column shows the last valid version's figures.")
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(6.0);
        headline_table_ui(ui, &columns, state.baseline, &mut out);
        ui.add_space(12.0);
        if let Some(derived) = &state.derived {
            changes_ui(ui, &columns, state.baseline, &derived.changes);
            ui.add_space(12.0);
            charts_ui(ui, &derived.charts, &mut out);
        }
    });
    out
}

fn toolbar_ui(ui: &mut egui::Ui, files: usize, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Add a saved scenario…")
            .on_hover_text("Read a scenario file and compare it with the one being edited")
            .clicked()
        {
            out.push(Command::AddToCompare(None));
        }
        if ui
            .button("Export comparison pack…")
            .on_hover_text("A board pack PDF of these scenarios, with the overlaid charts")
            .clicked()
        {
            out.push(Command::ExportComparisonPack(None));
        }
    });
    if files == 0 {
        ui.weak("Add a saved scenario file to see it beside the one being edited.");
    }
}

/// Headline figures: one row per figure, one column per scenario, each
/// cell but the baseline's carrying its signed difference from the baseline.
/// The headline figures of every column as tab-separated text for Excel:
/// one row per figure, one column per scenario, money to the penny.
fn headlines_tsv(columns: &[Column]) -> String {
    let mut headings = vec!["Figure"];
    headings.extend(columns.iter().map(|c| c.name));
    let rows = HEADLINES.iter().map(|h| {
        let mut row = vec![CopyCell::text(h.label)];
        row.extend(columns.iter().map(|c| match c.report {
            Some(r) if h.is_money => CopyCell::Money((h.get)(r)),
            Some(r) => CopyCell::plain((h.get)(r)),
            None => CopyCell::plain(""),
        }));
        row
    });
    tsv(&headings, rows)
}

fn headline_table_ui(ui: &mut egui::Ui, columns: &[Column], baseline: usize, out: &mut Vec<Command>) {
    let base_report = columns.get(baseline).and_then(|c| c.report);
    if copy_button_ui(ui, "Headline figures") {
        ui.ctx().copy_text(headlines_tsv(columns));
    }
    let grid = egui::Grid::new("compare-headlines")
        .striped(true)
        .min_col_width(150.0)
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            ui.strong("Money in £m");
            for (i, c) in columns.iter().enumerate() {
                column_head_ui(ui, c, i, baseline, out);
            }
            ui.end_row();
            for h in &HEADLINES {
                ui.label(h.label);
                for (i, c) in columns.iter().enumerate() {
                    let Some(report) = c.report else {
                        ui.weak("no results");
                        continue;
                    };
                    let x = (h.get)(report);
                    let difference = base_report
                        .filter(|_| i != baseline)
                        .map(|base| signed_change(h, x, (h.get)(base)));
                    cell_ui(ui, c.name, h.label, &h.show(x), difference);
                }
                ui.end_row();
            }
        });
    if copy_pressed_over(ui, grid.response.rect) {
        ui.ctx().copy_text(headlines_tsv(columns));
    }
}

fn column_head_ui(ui: &mut egui::Ui, c: &Column, i: usize, baseline: usize, out: &mut Vec<Command>) {
    ui.vertical(|ui| {
        ui.strong(c.name);
        ui.weak(&c.source);
        ui.horizontal(|ui| {
            let is_base = i == baseline;
            let radio = ui
                .radio(is_base, "Baseline")
                .on_hover_text("Show the other columns' differences from this one");
            if radio.clicked() && !is_base {
                out.push(Command::SetCompareBaseline(i));
            }
            if i > 0
                && ui
                    .small_button("Remove")
                    .on_hover_text("Take this file out of the comparison")
                    .clicked()
            {
                out.push(Command::RemoveFromCompare(i));
            }
        });
    });
}

/// A figure with its difference from the baseline below it; the accessible
/// name says whose figure it is, so tests and screen readers can find it.
fn cell_ui(ui: &mut egui::Ui, column: &str, label: &str, shown: &str, difference: Option<String>) {
    ui.vertical(|ui| {
        let name = match &difference {
            Some(d) => format!("{column}: {label}: {shown} ({d})"),
            None => format!("{column}: {label}: {shown}"),
        };
        let response = ui.label(RichText::new(shown).strong());
        response.widget_info(|| WidgetInfo::labeled(Role::Label, true, &name));
        match difference {
            Some(d) => ui.label(RichText::new(format!("{d} from baseline")).small()),
            None => ui.label(RichText::new("baseline").small().weak()),
        };
    });
}

/// What changed in the inputs from the baseline to each other column.
fn changes_ui(ui: &mut egui::Ui, columns: &[Column], baseline: usize, changes: &[(usize, Vec<Change>)]) {
    if changes.is_empty() {
        return;
    }
    ui.strong("What changed in the inputs");
    let base_name = columns.get(baseline).map_or("", |c| c.name);
    for (i, list) in changes {
        let name = columns.get(*i).map_or("", |c| c.name);
        let count = match list.len() {
            0 => "no input differences".to_owned(),
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        };
        egui::CollapsingHeader::new(format!("From {base_name} to {name}: {count}"))
            .id_salt(("compare-changes", *i))
            .default_open(true)
            .show(ui, |ui| change_list_ui(ui, *i, list));
    }
}

/// The changes, one a line, in a scrolled list that only lays out the rows
/// in view (a London-scale comparison can list thousands).
fn change_list_ui(ui: &mut egui::Ui, column: usize, list: &[Change]) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::vertical()
        .id_salt(("compare-change-list", column))
        .max_height(CHANGES_HEIGHT)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, list.len(), |ui, rows| {
            for c in &list[rows] {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("{}:", c.section)).weak());
                    ui.add(egui::Label::new(&c.description).truncate())
                        .on_hover_text(&c.description);
                });
            }
        });
}

fn charts_ui(ui: &mut egui::Ui, charts: &[Chart], out: &mut Vec<Command>) {
    if charts.is_empty() {
        ui.weak("No charts: the edited scenario has no valid results yet.");
        return;
    }
    let columns = if ui.available_width() >= TWO_COLUMNS_FROM { 2 } else { 1 };
    for row in charts.chunks(columns) {
        ui.columns(columns, |cols| {
            for (col, chart) in cols.iter_mut().zip(row) {
                out.extend(exportable_chart_ui(col, chart, CHART_HEIGHT));
            }
        });
        ui.add_space(10.0);
    }
}
