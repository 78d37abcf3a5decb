//! The risk view: the Monte Carlo and the sensitivity analysis of the
//! scenario, run on a background thread with a progress bar and Cancel, and
//! shown for the scenario they were run on (marked stale once it is edited).
//!
//! The thread owns a clone of the scenario, so editing carries on while it
//! runs; the frame loop polls for the result and repaints while a run is under
//! way. The charts are the shared chart data of `estates_core::risk`, the same
//! the print exporter draws.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::time::Duration;

use egui::{Color32, ProgressBar, RichText, Role, WidgetInfo};
use estates_core::format::{count, money_m};
use estates_core::model::RiskSettings;
use estates_core::risk::{
    analyse, percent, risk_charts, switch_words, Analysis, Headline, NamedChart, RiskError, Spread,
};
use estates_core::Scenario;

use super::charts_ui::exportable_chart_ui;
use estates_core::csv_out::{tsv, Cell as CopyCell};

use super::command::Command;
use super::copy::{copy_button_ui, copy_pressed_over};
use super::document::Document;

/// What the view says when the scenario has changed since the run.
pub const STALE: &str = "Stale: the scenario has changed since this analysis ran. Run again to update the figures.";
/// How often the progress bar moves while a run is under way.
const PROGRESS_REPAINT: Duration = Duration::from_millis(100);
const CHART_HEIGHT: f32 = 240.0;
/// Charts sit two abreast when the area is at least this wide.
const TWO_COLUMNS_FROM: f32 = 860.0;

/// A run under way on its own thread.
struct Running {
    settings: RiskSettings,
    done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    result: Receiver<Result<Analysis, RiskError>>,
    /// Shared with the thread, so a large estate is copied once a run.
    scenario: Arc<Scenario>,
}

/// A finished analysis and the scenario it was run on.
pub struct Finished {
    pub scenario: Arc<Scenario>,
    pub analysis: Analysis,
    /// Built once when the run ends, not every frame.
    pub charts: Vec<NamedChart>,
}

/// The risk runs of the app: at most one under way, and the last result.
#[derive(Default)]
pub struct RiskRuns {
    running: Option<Running>,
    finished: Option<Finished>,
    /// Why the last run gave no result (cancelled, could not start), until the next run.
    note: Option<String>,
}

impl RiskRuns {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn finished(&self) -> Option<&Finished> {
        self.finished.as_ref()
    }

    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Starts a run on a copy of `scenario` with its own draws and seed,
    /// cancelling any run under way. `ctx` is woken when the run ends.
    pub fn start(&mut self, scenario: &Scenario, ctx: &egui::Context) {
        self.cancel();
        let settings = scenario.risk;
        let (tx, rx) = mpsc::channel();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (thread_done, thread_cancel) = (Arc::clone(&done), Arc::clone(&cancel));
        let owned = Arc::new(scenario.clone());
        let thread_scenario = Arc::clone(&owned);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name("risk analysis".into()).spawn(move || {
            let result = analyse(&thread_scenario, settings, &thread_done, &thread_cancel);
            // The view may have been closed or the run replaced; then nobody waits for it.
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        match spawned {
            Ok(_) => {
                self.note = None;
                self.running = Some(Running {
                    settings,
                    done,
                    cancel,
                    result: rx,
                    scenario: owned,
                });
            }
            Err(e) => self.note = Some(format!("The risk analysis could not start: {e}")),
        }
    }

    /// Stops the run under way, if any, and says how far it got.
    pub fn cancel(&mut self) {
        if let Some(run) = self.running.take() {
            run.cancel.store(true, Ordering::Relaxed);
            self.note = Some(format!(
                "Cancelled after {} of {} draws; the results shown (if any) are from an earlier run.",
                count(run.done.load(Ordering::Relaxed) as f64),
                count(f64::from(run.settings.draws))
            ));
        }
    }

    /// Takes the result of a finished run; keeps the frames coming while one
    /// is under way. Returns whether a run ended this frame.
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        let Some(run) = &self.running else {
            return false;
        };
        let outcome = match run.result.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(PROGRESS_REPAINT);
                return false;
            }
            // The thread ended without a word: it panicked.
            Err(TryRecvError::Disconnected) => None,
        };
        let Some(run) = self.running.take() else {
            return false;
        };
        match outcome {
            Some(Ok(analysis)) => {
                self.finished = Some(Finished {
                    charts: risk_charts(&run.scenario, &analysis),
                    scenario: run.scenario,
                    analysis,
                });
            }
            Some(Err(e)) => self.note = Some(format!("The risk analysis stopped: {e}")),
            None => self.note = Some("The risk analysis failed unexpectedly and gave no result.".to_owned()),
        }
        true
    }
}

/// The risk view; returns what the user asked for.
pub fn risk_ui(ui: &mut egui::Ui, runs: &RiskRuns, doc: &Document) -> Vec<Command> {
    let mut out = Vec::new();
    egui::ScrollArea::vertical().id_salt("risk-scroll").show(ui, |ui| {
        ui.heading(format!("Risk: {}", doc.scenario.name));
        ui.label(
            RichText::new(
                "How likely the programme is to be funded: many runs of the model with uncertain values, dates \
                 and capex, and each family of inputs moved on its own.",
            )
            .weak(),
        );
        ui.add_space(6.0);
        controls_ui(ui, runs, doc, &mut out);
        if let Some(note) = runs.note() {
            ui.label(RichText::new(note).color(ui.visuals().warn_fg_color));
        }
        let Some(finished) = runs.finished() else {
            return;
        };
        ui.add_space(6.0);
        if *finished.scenario != doc.scenario {
            stale_ui(ui);
        }
        results_ui(ui, finished, &mut out);
    });
    out
}

/// Run or Cancel, the draws and seed, the progress bar, and why a run cannot start.
fn controls_ui(ui: &mut egui::Ui, runs: &RiskRuns, doc: &Document, out: &mut Vec<Command>) {
    let settings = doc.scenario.risk;
    let errors = doc.error_count();
    if let Some(run) = &runs.running {
        let done = run.done.load(Ordering::Relaxed).min(run.settings.draws as usize);
        let total = run.settings.draws;
        let text = if done < total as usize {
            format!("{} of {} draws", count(done as f64), count(f64::from(total)))
        } else {
            format!("{} draws done; sensitivity runs…", count(f64::from(total)))
        };
        ui.horizontal(|ui| {
            let fraction = done as f32 / total.max(1) as f32;
            ui.add(ProgressBar::new(fraction).text(text.clone()).desired_width(360.0))
                .widget_info(|| WidgetInfo::labeled(Role::ProgressIndicator, true, &text));
            if ui.button("Cancel").clicked() {
                out.push(Command::CancelRisk);
            }
        });
        return;
    }
    ui.horizontal(|ui| {
        let label = if runs.finished().is_some() {
            "Run again"
        } else {
            "Run risk analysis"
        };
        if ui.add_enabled(errors == 0, egui::Button::new(label)).clicked() {
            out.push(Command::RunRisk);
        }
        ui.label(format!(
            "{} draws from seed {} (set under Assumptions)",
            count(f64::from(settings.draws)),
            settings.seed
        ));
    });
    if errors > 0 {
        cannot_run_ui(ui, doc);
    }
}

/// Why an invalid scenario cannot be analysed, with its first errors.
fn cannot_run_ui(ui: &mut egui::Ui, doc: &Document) {
    const SHOWN: usize = 5;
    let colour = ui.visuals().error_fg_color;
    let errors: Vec<_> = doc.problems().iter().filter(|p| p.is_error()).collect();
    ui.label(
        RichText::new(format!(
            "The risk analysis needs a valid scenario: fix {} error(s) first (listed under Problems).",
            errors.len()
        ))
        .color(colour),
    );
    for p in errors.iter().take(SHOWN) {
        ui.label(RichText::new(format!("• {p}")).small().color(colour));
    }
    if errors.len() > SHOWN {
        ui.label(RichText::new(format!("… and {} more", errors.len() - SHOWN)).small());
    }
}

/// Says plainly that the figures are of an earlier version of the scenario;
/// the Run again button above brings them up to date.
fn stale_ui(ui: &mut egui::Ui) {
    let colour = ui.visuals().warn_fg_color;
    egui::Frame::new()
        .fill(colour.gamma_multiply(0.15))
        .inner_margin(egui::Margin::symmetric(8, 4))
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.label(RichText::new(STALE).strong().color(colour));
        });
    ui.add_space(4.0);
}

fn results_ui(ui: &mut egui::Ui, finished: &Finished, out: &mut Vec<Command>) {
    let r = &finished.analysis.monte_carlo;
    ui.label(
        RichText::new(format!(
            "Results of {} draws from seed {}; money in £m, real terms at the price base.",
            count(f64::from(r.draws)),
            r.seed
        ))
        .weak(),
    );
    ui.add_space(4.0);
    ui.columns(2, |cols| {
        headline_table_ui(&mut cols[0], finished);
        chances_ui(&mut cols[1], finished);
    });
    ui.add_space(10.0);
    charts_ui(ui, &finished.charts, out);
    ui.add_space(8.0);
    switching_ui(ui, &finished.analysis);
}

/// A label whose accessible name also says which row and column it is in.
fn cell_ui(ui: &mut egui::Ui, text: String, name: String) {
    ui.label(text)
        .widget_info(|| WidgetInfo::labeled(Role::Label, true, &name));
}

/// P10, P50, P90 and mean of the headline figures, beside the scenario as written.
fn headline_table_ui(ui: &mut egui::Ui, finished: &Finished) {
    let r = &finished.analysis.monte_carlo;
    type Row = (&'static str, fn(&Headline) -> f64, Spread);
    let rows: [Row; 4] = [
        ("Retained receipts", |h| h.retained_receipts, r.retained_receipts),
        ("Funding gap", |h| h.funding_gap, r.funding_gap),
        ("Net NPV", |h| h.net_npv, r.net_npv),
        ("Marriage value", |h| h.marriage_value, r.marriage_value),
    ];
    let copy = ui
        .horizontal(|ui| {
            ui.strong("Headline figures over the draws");
            copy_button_ui(ui, "Headline figures over the draws")
        })
        .inner;
    let grid = egui::Grid::new("risk-headlines")
        .striped(true)
        .num_columns(6)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for title in ["", "P10", "P50", "P90", "Mean", "As written"] {
                ui.strong(title);
            }
            ui.end_row();
            for (label, get, spread) in rows {
                ui.label(label);
                for (column, x) in [
                    ("P10", spread.p10),
                    ("P50", spread.p50),
                    ("P90", spread.p90),
                    ("Mean", spread.mean),
                    ("As written", get(&r.as_written)),
                ] {
                    cell_ui(ui, money_m(x), format!("{label}, {column}: {}", money_m(x)));
                }
                ui.end_row();
            }
        });
    if copy || copy_pressed_over(ui, grid.response.rect) {
        let headings = ["Figure", "P10", "P50", "P90", "Mean", "As written"];
        let rows = rows.iter().map(|(label, get, spread)| {
            let figures = [spread.p10, spread.p50, spread.p90, spread.mean, get(&r.as_written)];
            std::iter::once(CopyCell::text(*label))
                .chain(figures.map(CopyCell::Money))
                .collect()
        });
        ui.ctx().copy_text(tsv(&headings, rows));
    }
}

/// The probability of any funding gap, and each project's chance of being fully funded.
fn chances_ui(ui: &mut egui::Ui, finished: &Finished) {
    let r = &finished.analysis.monte_carlo;
    let gap = format!("Probability of a funding gap: {}", percent(r.probability_of_gap));
    ui.label(RichText::new(&gap).strong().size(16.0))
        .widget_info(|| WidgetInfo::labeled(Role::Label, true, &gap));
    ui.add_space(4.0);
    if r.projects.is_empty() {
        ui.weak("No reinvestment projects in this scenario.");
        return;
    }
    let copy = copy_button_ui(ui, "Chance each project is fully funded");
    let grid = egui::Grid::new("risk-projects")
        .striped(true)
        .num_columns(2)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Project");
            ui.strong("Chance fully funded");
            ui.end_row();
            for p in &r.projects {
                ui.label(&p.name);
                let chance = percent(p.fully_funded);
                cell_ui(ui, chance.clone(), format!("{}: {chance} fully funded", p.name));
                ui.end_row();
            }
        });
    if copy || copy_pressed_over(ui, grid.response.rect) {
        let rows = r
            .projects
            .iter()
            .map(|p| vec![CopyCell::text(&p.name), CopyCell::plain(percent(p.fully_funded))]);
        ui.ctx().copy_text(tsv(&["Project", "Chance fully funded"], rows));
    }
}

/// The risk charts, two abreast when there is room, each with its "Export…" button.
fn charts_ui(ui: &mut egui::Ui, charts: &[NamedChart], out: &mut Vec<Command>) {
    let columns = if ui.available_width() >= TWO_COLUMNS_FROM { 2 } else { 1 };
    for row in charts.chunks(columns) {
        ui.columns(columns, |cols| {
            for (col, named) in cols.iter_mut().zip(row) {
                // One id scope per chart: every pot's fan is the same kind of plot.
                let asked = col.push_id(&named.name, |ui| exportable_chart_ui(ui, &named.chart, CHART_HEIGHT));
                out.extend(asked.inner);
            }
        });
        ui.add_space(10.0);
    }
}

/// The switching values in words.
fn switching_ui(ui: &mut egui::Ui, a: &Analysis) {
    ui.strong("Switching values");
    ui.label(
        RichText::new("How far one input must move, on its own, for the funding gap or net NPV to reach zero.").weak(),
    );
    for sw in &a.sensitivity.switching {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("•").color(Color32::GRAY));
            ui.label(switch_words(sw, a.sensitivity.base));
        });
    }
}
