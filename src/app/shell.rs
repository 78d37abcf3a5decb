//! The app shell: panels, commands, files, dialogs and the frame loop.
//!
//! Each frame: read shortcuts, draw the panels (the editors change the
//! scenario in place), let the document notice any change (undo step,
//! recompute), then run the commands the frame produced.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use egui::{Panel, ViewportCommand};
use estates_core::engine::fy_label;
use estates_core::explain::{explain_headline, explain_span, ExplainError, Explanation, Span};
use estates_core::io::{Conflict, LoadError, SaveError};
use estates_core::model::{Assembly, Split};
use estates_core::problem::ItemRef;
use estates_core::recovery::{RecoveryError, RecoveryInfo, RecoveryStore};
use estates_core::samples::new_template;
use estates_core::Scenario;

use super::autosave::Autosave;
use super::command::{self, Command};
use super::compare_view::{compare_ui, CompareState};
use super::dialogs::{dialog_ui, Answer, Dialog, DialogEnv};
use super::document::{describe_load_error, describe_save_error, Document, Origin};
use super::edit_ctx::EditCtx;
use super::editors::{editor_ui, new_assembly_id, EditorStates};
use super::explain_view::explain_window_ui;
use super::export_ui::{self, PackDialog, PackKind, PrintOptions};
use super::figure_ui;
use super::files::{self, Picked, Purpose};
use super::help::{help_window_ui, HelpPage, HelpState};
use super::import_dialog::{counts_text, export_register, ImportDialog};
use super::map::opportunities::line_up;
use super::map_view::{map_ui, take_place_request, MapState};
use super::menu::{menu_bar_ui, MenuState};
use super::merge_ui::{merge_files, pick_scenarios, PickedMany};
use super::notices::Notices;
use super::problems::{problems_ui, ProblemsAction};
use super::results::{headline_strip_ui, results_ui};
use super::risk_view::{risk_ui, RiskRuns};
use super::rollup_view::{rollup_ui, RollupState};
use super::safety_dialogs::{modified, when};
use super::settings::{tune_light_theme, Settings, ThemeChoice, STORAGE_KEY};
use super::side_panel::views_ui;
use super::type_path::TypedPath;
use super::view::View;

const APP_NAME: &str = "Estates Receipts Modeller";

pub struct App {
    doc: Document,
    /// Remembered between runs.
    settings: Settings,
    editor_states: EditorStates,
    /// The item a clicked problem names, for the editor to scroll to and highlight.
    reveal: Option<ItemRef>,
    /// The modal dialog open, if any (at most one).
    dialog: Option<Dialog>,
    /// Writes unsaved work aside, so a crash costs at most 30 seconds of it.
    autosave: Autosave,
    /// Added to the clock, so tests can let time pass without waiting.
    clock_offset: Duration,
    notices: Notices,
    /// Commands from menus, shortcuts and tests, run at the end of the frame.
    queue: Vec<Command>,
    /// The results table shows pounds and pence instead of £m.
    full_amounts: bool,
    /// The user agreed to close with unsaved changes (or there were none).
    close_confirmed: bool,
    /// The risk analysis under way and the last one finished.
    risk: RiskRuns,
    /// Saved scenarios compared with the edited one (runtime only, never persisted).
    compare: CompareState,
    /// Where the map looks and what it shades (runtime only).
    map: MapState,
    /// The roll-ups view's level and its figures.
    rollups: RollupState,
    /// The Help window open, if any, and its renderer's state.
    help: Option<HelpPage>,
    help_state: HelpState,
    /// Marking and author printed on packs and charts (for the session).
    print: PrintOptions,
    /// The figure opened into its parts, and the document revision it was worked out at.
    explanation: Option<(u64, Explanation)>,
    /// Window title and theme as last sent, so they are sent only on change.
    shown_title: String,
    shown_theme: Option<ThemeChoice>,
}

impl App {
    /// The app as eframe starts it: remembered settings, and `file` or the built-in sample.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, STORAGE_KEY))
            .unwrap_or_default();
        let mut app = App::with_settings(settings);
        if let Some(path) = file {
            app.open_path(&path);
        }
        match RecoveryStore::for_user() {
            Ok(store) => app.use_recovery_store(store),
            Err(e) => app.notices.error(format!("{e}.")),
        }
        app
    }

    /// [`App::with_scenario`], keeping unsaved work in `store` and offering
    /// what it already holds, as a start does (tests use a scratch folder).
    pub fn with_recovery(scenario: Scenario, path: Option<PathBuf>, store: RecoveryStore) -> Self {
        let mut app = App::with_scenario(scenario, path);
        app.use_recovery_store(store);
        app
    }

    fn use_recovery_store(&mut self, store: RecoveryStore) {
        self.autosave = Autosave::new(Some(store));
        self.autosave.bind(&self.doc);
        self.offer_recovery();
    }

    /// An app on a given scenario with default settings (for tests and tools).
    pub fn with_scenario(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let origin = path.map_or(Origin::Untitled, Origin::File);
        let mut app = App::with_settings(Settings::default());
        app.doc = Document::new(scenario, origin);
        app
    }

    fn with_settings(settings: Settings) -> Self {
        let mut notices = Notices::default();
        let doc = Document::sample().unwrap_or_else(|e| {
            notices.error(format!(
                "The built-in sample could not be read, so the app starts empty: {e}"
            ));
            Document::new(Scenario::default(), Origin::Untitled)
        });
        App {
            doc,
            settings,
            editor_states: EditorStates::default(),
            reveal: None,
            dialog: None,
            autosave: Autosave::new(None),
            clock_offset: Duration::ZERO,
            notices,
            queue: Vec::new(),
            full_amounts: false,
            close_confirmed: false,
            risk: RiskRuns::default(),
            compare: CompareState::default(),
            map: MapState::default(),
            rollups: RollupState::default(),
            help: None,
            help_state: HelpState::default(),
            print: PrintOptions::default(),
            explanation: None,
            shown_title: String::new(),
            shown_theme: None,
        }
    }

    /// Asks for a command to run at the end of the next frame.
    pub fn queue(&mut self, command: Command) {
        self.queue.push(command);
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The scenario, to change it as an editor would (tests).
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        &mut self.doc.scenario
    }

    pub fn view(&self) -> View {
        self.settings.view
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// The figure opened into its parts, if one is.
    pub fn explanation(&self) -> Option<&Explanation> {
        self.explanation.as_ref().map(|(_, e)| e)
    }

    pub fn reveal(&self) -> Option<&ItemRef> {
        self.reveal.as_ref()
    }

    pub fn import_dialog(&self) -> Option<&ImportDialog> {
        match &self.dialog {
            Some(Dialog::Import(import)) => Some(import),
            _ => None,
        }
    }

    /// Lets time pass for the autosave, without waiting (tests).
    pub fn advance_clock(&mut self, by: Duration) {
        self.clock_offset += by;
    }

    /// Waits for a recovery write in progress to finish (tests).
    pub fn finish_recovery_write(&mut self) {
        let errors = self.autosave.finish(self.now());
        self.report_recovery_errors(errors);
    }

    /// The recovery files holding the current unsaved work.
    pub fn recovery_files(&self) -> &[PathBuf] {
        self.autosave.files()
    }

    pub fn risk(&self) -> &RiskRuns {
        &self.risk
    }

    pub fn compare(&self) -> &CompareState {
        &self.compare
    }

    pub fn map(&self) -> &MapState {
        &self.map
    }

    /// The site selected in the register (and ringed on the map).
    pub fn selected_site(&self) -> Option<usize> {
        self.editor_states.selected_site()
    }

    pub fn print_options(&self) -> &PrintOptions {
        &self.print
    }

    pub fn pack_dialog(&self) -> Option<&PackDialog> {
        match &self.dialog {
            Some(Dialog::Pack(pack)) => Some(pack),
            _ => None,
        }
    }

    /// The Help window open, if any.
    pub fn help(&self) -> Option<HelpPage> {
        self.help
    }

    /// "• Name — file.ron — Estates Receipts Modeller"; the dot marks unsaved changes.
    pub fn title(&self) -> String {
        let file = match self.doc.origin() {
            Origin::File(p) => p
                .file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into()),
            Origin::Sample => "built-in sample".to_owned(),
            Origin::Untitled => "not saved yet".to_owned(),
        };
        let marker = if self.doc.is_dirty() { "• " } else { "" };
        format!("{marker}{} — {file} — {APP_NAME}", self.doc.scenario.name)
    }

    // -----------------------------------------------------------------------
    // Commands

    /// Runs the queued commands; returns whether there were any.
    fn run_queued(&mut self, ctx: &egui::Context) -> bool {
        let commands = std::mem::take(&mut self.queue);
        let any = !commands.is_empty();
        for command in commands {
            self.run(ctx, command, false);
        }
        any
    }

    /// Runs a command; one that would discard unsaved changes asks first
    /// unless `confirmed`.
    fn run(&mut self, ctx: &egui::Context, command: Command, confirmed: bool) {
        if command.discards_document() && self.doc.is_dirty() && !confirmed {
            self.dialog = Some(Dialog::Unsaved { then: command });
            return;
        }
        match command {
            Command::New => self.replace_document(Document::new(new_template(), Origin::Untitled)),
            Command::Open(Some(path)) => self.open_path(&path),
            Command::Open(None) => match files::pick(Purpose::Open, self.doc.path()) {
                Picked::Path(path) => self.open_path(&path),
                Picked::Cancelled => {}
                Picked::Unavailable => self.ask_path(Purpose::Open, None),
            },
            Command::Save => self.save(ctx, None),
            Command::SaveAs(path) => self.save_as(ctx, path, None),
            Command::MergeScenarios(Some(paths)) => self.merge_scenarios(&paths),
            Command::MergeScenarios(None) => match pick_scenarios() {
                PickedMany::Paths(paths) => self.merge_scenarios(&paths),
                PickedMany::Cancelled => {}
                PickedMany::Unavailable => self.notices.error(
                    "No file dialog can be shown here. Merge from the command line instead: estates-receipts                      merge A.ron B.ron --out LONDON.ron, then open the result."
                        .to_owned(),
                ),
            },
            Command::ImportSites(Some(path)) => self.start_import(&path),
            Command::ImportSites(None) => match files::pick(Purpose::ImportCsv, None) {
                Picked::Path(path) => self.start_import(&path),
                Picked::Cancelled => {}
                Picked::Unavailable => self.ask_path(Purpose::ImportCsv, None),
            },
            Command::ExportSites(path) => self.export_sites(path),
            Command::Quit => {
                self.closing();
                self.close_confirmed = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            Command::Undo => {
                let undone = self.doc.undo();
                self.show_edited(undone.and_then(|edit| edit.before));
            }
            Command::Redo => {
                let redone = self.doc.redo();
                self.show_edited(redone.and_then(|edit| edit.after));
            }
            Command::UndoSteps(steps) => {
                let undone = self.doc.undo_steps(steps);
                self.show_edited(undone.and_then(|edit| edit.before));
            }
            Command::ShowView(view) => {
                self.settings.view = view;
                // Picking a view by hand ends a reveal, so revealing the same item again works.
                self.reveal = None;
            }
            Command::Reveal(item) => {
                self.settings.view = View::of_item(item.kind);
                self.reveal = Some(item);
            }
            Command::SelectSite(index) => self.editor_states.select_site(index),
            Command::PlaceOnMap(index) => {
                if let Some(site) = self.doc.scenario.sites.get(index) {
                    self.map.start_placing(&site.id);
                    self.settings.view = View::Map;
                }
            }
            Command::SetLocation(index, location) => self.set_location(index, location),
            Command::MakeAssembly(sites) => self.make_assembly(sites),
            Command::LineUpDisposals(assembly, fy) => {
                self.doc.sync();
                if line_up(&mut self.doc.scenario, &assembly, fy) {
                    self.doc.sync();
                    self.notices
                        .info(format!("Moved the assembly's sales to {}.", fy_label(fy)));
                }
            }
            Command::Explain { field, fy, pot } => {
                self.explain(|s| explain_span(s, &field, Span::Year(fy), pot.as_deref()))
            }
            Command::ExplainHeadline(key) => self.explain(|s| explain_headline(s, &key)),
            Command::CloseExplanation => self.explanation = None,
            Command::SetTheme(theme) => self.settings.theme = theme,
            Command::ShowAbout => self.dialog = Some(Dialog::About),
            Command::ShowHelp(page) => self.help = Some(page),
            Command::CloseHelp => self.help = None,
            Command::ToggleProblems => self.settings.show_problems = !self.settings.show_problems,
            Command::RunRisk => self.risk.start(&self.doc.scenario, ctx),
            Command::CancelRisk => self.risk.cancel(),
            Command::AddToCompare(path) => {
                if let Some(path) = self.path_or_ask(Purpose::AddToCompare, path, Command::AddToCompare(None)) {
                    self.compare.add(&path, &mut self.notices);
                }
            }
            Command::RemoveFromCompare(n) => self.compare.remove(n, &mut self.notices),
            Command::SetCompareBaseline(n) => self.compare.set_baseline(n),
            // Each export first asks for the marking and the file (and for a pack, the author).
            Command::ExportChart(chart, None) => self.open_pack_dialog(PackKind::Chart(chart)),
            Command::ExportFigure(chart, path) => {
                let retry = Command::ExportFigure(chart.clone(), None);
                if let Some(path) = self.path_or_ask(Purpose::ExportFigure, path, retry) {
                    let sources = export_ui::ChartSources {
                        doc: &self.doc,
                        compare: &self.compare,
                        risk: self.risk.finished(),
                    };
                    figure_ui::export_figure(&chart, &path, &sources, &self.print, &mut self.notices);
                }
            }
            Command::CopyChart(chart) => figure_ui::copy_chart(ctx, &chart, &mut self.notices),
            Command::ExportBoardPack(None) => self.open_pack_dialog(PackKind::Board),
            Command::ExportComparisonPack(None) => {
                let names = self.compare.option_names(&self.doc.scenario.name);
                self.open_pack_dialog(PackKind::Comparison(names));
            }
            Command::PrintBoardPack(None) => self.open_pack_dialog(PackKind::Print),
            export @ (Command::ExportChart(_, Some(_))
            | Command::ExportBoardPack(Some(_))
            | Command::ExportComparisonPack(Some(_))
            | Command::PrintBoardPack(Some(_))) => self.export(export),
        }
    }

    fn answer(&mut self, ctx: &egui::Context, answer: Answer) {
        match answer {
            Answer::SaveThen(then) => self.save(ctx, Some(then)),
            Answer::DiscardThen(then) => self.run(ctx, then, true),
            Answer::Path {
                purpose: Purpose::Open,
                path,
                ..
            } => self.open_path(&path),
            Answer::Path {
                purpose: Purpose::SaveAs,
                path,
                then,
            } => self.save_as(ctx, Some(path), then),
            Answer::Path {
                purpose: Purpose::ImportCsv,
                path,
                ..
            } => self.start_import(&path),
            Answer::Path {
                purpose: Purpose::ExportCsv,
                path,
                ..
            } => self.export_sites(Some(path)),
            // The other typed paths answer the command that asked for them.
            Answer::Path { path, then, .. } => {
                if let Some(then) = then {
                    self.run(ctx, export_ui::with_path(then, path), false);
                }
            }
            Answer::Restore(info) => self.restore(*info),
            Answer::DiscardRecovery { path, rest } => self.discard_recovery(&path, rest),
            Answer::SaveCopy { then } => self.save_as(ctx, None, then),
            Answer::Overwrite { path, then } => self.write(ctx, &path, false, then),
            Answer::Import { path, plan } => self.import(&path, &plan),
            Answer::Run(command) => self.run(ctx, command, false),
            Answer::Cancel => {}
        }
    }

    /// Asks for the marking and the file (and for a pack, the author) before
    /// writing; the file suggested is named for the kind of export.
    fn open_pack_dialog(&mut self, kind: PackKind) {
        let suggested = self.doc.path().map(|p| export_ui::suggested_export(p, &kind));
        self.dialog = Some(Dialog::Pack(Box::new(PackDialog::new(kind, &self.print, suggested))));
    }

    /// Writes an export whose file is known, drawn from the document, the
    /// comparison and the last risk run.
    fn export(&mut self, command: Command) {
        let sources = export_ui::ChartSources {
            doc: &self.doc,
            compare: &self.compare,
            risk: self.risk.finished(),
        };
        let (print, notices) = (&self.print, &mut self.notices);
        match command {
            Command::ExportChart(chart, Some(path)) => export_ui::export_chart(&chart, &path, &sources, print, notices),
            Command::ExportBoardPack(Some(path)) => {
                export_ui::export_board_pack(&path, &sources, print, notices);
            }
            Command::ExportComparisonPack(Some(path)) => {
                export_ui::export_comparison_pack(&path, &sources, print, notices);
            }
            Command::PrintBoardPack(Some(path)) => export_ui::print_board_pack(&path, &sources, print, notices),
            _ => {}
        }
    }

    /// The file a command names, or the one the user picks; `None` when the
    /// user cancels, or when no dialog can be shown and the typed-path dialog
    /// is opened instead (it runs `retry` with the path typed).
    fn path_or_ask(&mut self, purpose: Purpose, given: Option<PathBuf>, retry: Command) -> Option<PathBuf> {
        if given.is_some() {
            return given;
        }
        match files::pick(purpose, self.suggested_path(purpose).as_deref()) {
            Picked::Path(path) => Some(path),
            Picked::Cancelled => None,
            Picked::Unavailable => {
                self.ask_path(purpose, Some(retry));
                None
            }
        }
    }

    /// Opens the typed-path dialog on the file suggested, else the scenario's
    /// folder, else the home folder (what a file dialog would start from).
    pub fn ask_path(&mut self, purpose: Purpose, then: Option<Command>) {
        let folder = |p: &Path| format!("{}/", p.display());
        let text = self
            .suggested_path(purpose)
            .map(|p| p.display().to_string())
            .or_else(|| self.doc.path().and_then(Path::parent).map(folder))
            .or_else(|| std::env::var_os("HOME").map(|home| folder(Path::new(&home))))
            .unwrap_or_default();
        self.dialog = Some(Dialog::TypePath(TypedPath::new(purpose, text, then)));
    }

    /// The file a picker starts from: the scenario's own, or its register beside it.
    fn suggested_path(&self, purpose: Purpose) -> Option<PathBuf> {
        let own = self.doc.path();
        match purpose {
            Purpose::Open | Purpose::SaveAs => own.map(Path::to_owned),
            Purpose::ExportCsv => own.map(|p| p.with_extension("csv")),
            Purpose::ImportCsv => None,
            // Compared files are usually the scenario's neighbours; exports go beside it.
            Purpose::AddToCompare => own.map(Path::to_owned),
            Purpose::ExportChart => own.map(|p| p.with_extension("pdf")),
            Purpose::ExportFigure => own.map(|p| p.with_extension("png")),
            Purpose::ExportPack => own.map(|p| p.with_extension("board-pack.pdf")),
        }
    }

    /// After an undo or redo, shows the item the edit touched, selected in
    /// its editor, so the change is seen even when it was made in another view.
    fn show_edited(&mut self, item: Option<ItemRef>) {
        if let Some(item) = item {
            self.queue.push(Command::Reveal(item));
        }
    }

    fn replace_document(&mut self, doc: Document) {
        // The work replaced was saved or knowingly discarded: its recovery goes.
        self.discard_recovery_files();
        self.doc = doc;
        self.autosave.bind(&self.doc);
        self.reveal = None;
        self.editor_states = EditorStates::default();
        self.map.forget_scenario();
        self.rollups = RollupState::default();
        // What was worked out from the scenario replaced does not describe the
        // new one: a risk run under way stops, and its results and any
        // explanation go. The comparison stays: its scenarios are saved files
        // the user chose, compared with whichever scenario is open.
        self.risk.cancel();
        self.risk = RiskRuns::default();
        self.explanation = None;
    }

    /// An assembly of two nearby sites (a marriage value opportunity), as one
    /// undo step. It is enabled unless a member already belongs to an enabled
    /// assembly (a site may be in only one); its uplift starts at nothing,
    /// for the user to give in Assemblies.
    fn make_assembly(&mut self, sites: [usize; 2]) {
        self.doc.sync();
        let s = &self.doc.scenario;
        let (Some(a), Some(b)) = (s.sites.get(sites[0]), s.sites.get(sites[1])) else {
            return;
        };
        let members = vec![a.id.clone(), b.id.clone()];
        let taken = s
            .assemblies
            .iter()
            .any(|x| x.enabled && x.members.iter().any(|m| members.contains(m)));
        let assembly = Assembly {
            id: new_assembly_id(s),
            name: format!("{} with {}", a.name, b.name),
            members,
            enabled: !taken,
            combined_value: None,
            uplift: Some(0.0),
            split: Split::default(),
        };
        let (id, name) = (assembly.id.clone(), assembly.name.clone());
        self.doc.scenario.assemblies.push(assembly);
        self.doc.sync();
        let next = if taken {
            "It is off, because one of its sites is already in an enabled assembly."
        } else {
            "Give its combined value or uplift under Assemblies to count its marriage value."
        };
        self.notices.info(format!("Made the assembly '{name}' ({id}). {next}"));
        self.map.made_assembly(&self.doc.scenario, &id);
    }

    /// Opens the merge of saved scenarios as a new, unsaved scenario; says
    /// which ids were renamed, or why nothing was merged.
    fn merge_scenarios(&mut self, paths: &[PathBuf]) {
        match merge_files(paths) {
            Ok(merged) => {
                let n = merged.renamed.len();
                // Bound to no file and unsaved (as restored work is), so closing asks to save it.
                self.replace_document(Document::recovered(merged.scenario, None));
                let renamed = if n == 0 {
                    "No ids clashed.".to_owned()
                } else {
                    let list: Vec<String> = merged.renamed.iter().map(ToString::to_string).collect();
                    format!("{n} clashing id(s) renamed: {}.", list.join("; "))
                };
                self.notices.info(format!(
                    "Merged {} scenarios into a new one; save it to keep it. {renamed}",
                    paths.len()
                ));
                if self.doc.error_count() > 0 {
                    self.settings.show_problems = true;
                }
            }
            Err(message) => self.notices.error(message),
        }
    }

    /// A location set on the map: one undo step of its own.
    fn set_location(&mut self, index: usize, location: estates_core::model::Location) {
        // An edit typed in the same frame is recorded first, as its own step.
        self.doc.sync();
        if let Some(site) = self.doc.scenario.sites.get_mut(index) {
            site.location = Some(location);
            self.doc.sync();
        }
    }

    /// Opens a file; on failure says why and changes nothing.
    fn open_path(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                self.settings.remember(path);
                let errors = self.doc.error_count();
                if errors > 0 {
                    // Opened anyway, so the problems can be fixed here rather than in a text editor.
                    self.notices.error(format!(
                        "The scenario opened with {errors} error(s), listed under Problems. Fix them to see \
                         results: {}",
                        path.display()
                    ));
                    self.settings.show_problems = true;
                }
            }
            Err(e) => {
                if matches!(&e, LoadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound) {
                    self.settings.forget(path);
                }
                self.notices.error(describe_load_error(path, &e));
            }
        }
    }

    /// Saves to the document's own file, or asks for one; runs `then` once saved.
    fn save(&mut self, ctx: &egui::Context, then: Option<Command>) {
        match self.doc.path().map(Path::to_owned) {
            Some(path) => self.write(ctx, &path, true, then),
            None => self.save_as(ctx, None, then),
        }
    }

    /// Saves to `path`, or asks where when it is `None`; runs `then` once saved.
    fn save_as(&mut self, ctx: &egui::Context, path: Option<PathBuf>, then: Option<Command>) {
        let path = match path {
            Some(p) => p,
            None => match files::pick(Purpose::SaveAs, self.doc.path()) {
                Picked::Path(p) => p,
                Picked::Cancelled => return,
                Picked::Unavailable => return self.ask_path(Purpose::SaveAs, then),
            },
        };
        self.write(ctx, &path, false, then);
    }

    fn write(&mut self, ctx: &egui::Context, path: &Path, own_file: bool, then: Option<Command>) {
        match self.doc.save_to(path, own_file) {
            Ok(()) => {
                self.settings.remember(path);
                let errors = self.doc.error_count();
                let note = if errors > 0 {
                    format!(" It still has {errors} error(s); `check` and `report` refuse it until they are fixed.")
                } else {
                    String::new()
                };
                self.notices
                    .info(format!("Saved the scenario.{note} {}", path.display()));
                self.discard_recovery_files();
                if let Some(then) = then {
                    self.run(ctx, then, true);
                }
            }
            Err(SaveError::Conflict(Conflict::Changed { .. })) => {
                self.dialog = Some(Dialog::Conflict {
                    path: path.to_owned(),
                    modified: modified(path),
                    then,
                });
            }
            Err(e) => self.notices.error(describe_save_error(path, &e)),
        }
    }

    // -----------------------------------------------------------------------
    // Site registers

    /// Reads a register and opens the mapping step; nothing changes yet.
    fn start_import(&mut self, path: &Path) {
        match ImportDialog::open(path, &self.doc.scenario) {
            Ok(dialog) => self.dialog = Some(Dialog::Import(Box::new(dialog))),
            Err(message) => self.notices.error(message),
        }
    }

    /// Applies an import accepted in its dialog, as one undo step.
    fn import(&mut self, path: &Path, plan: &estates_core::import::ImportPlan) {
        let errors_before = self.doc.error_count();
        self.doc.import(plan);
        self.show_new_errors(errors_before);
        self.notices.info(format!(
            "Imported the register: {} {}",
            counts_text(plan),
            path.display()
        ));
    }

    fn export_sites(&mut self, path: Option<PathBuf>) {
        let path = match path {
            Some(p) => p,
            None => match files::pick(Purpose::ExportCsv, self.suggested_path(Purpose::ExportCsv).as_deref()) {
                Picked::Path(p) => p,
                Picked::Cancelled => return,
                Picked::Unavailable => return self.ask_path(Purpose::ExportCsv, None),
            },
        };
        match export_register(&path, &self.doc.scenario) {
            Ok(()) => self.notices.info(format!(
                "Exported the register of {} sites. {}",
                self.doc.scenario.sites.len(),
                path.display()
            )),
            Err(message) => self.notices.error(message),
        }
    }

    // -----------------------------------------------------------------------
    // Unsaved work kept aside

    fn now(&self) -> Instant {
        Instant::now() + self.clock_offset
    }

    /// Offers the unsaved work of earlier runs, if the store holds any.
    fn offer_recovery(&mut self) {
        let Some(scan) = self.autosave.store().map(RecoveryStore::find) else {
            return;
        };
        match scan {
            Ok(scan) => {
                for (path, e) in &scan.unreadable {
                    self.notices.error(format!(
                        "A recovery file could not be read, so it was left in place ({e}): {}",
                        path.display()
                    ));
                }
                // Work open in another running copy of the app is not lost: leave it to that copy.
                let lost: Vec<RecoveryInfo> = scan.found.into_iter().filter(|r| !r.in_use).collect();
                if !lost.is_empty() {
                    self.dialog = Some(Dialog::Recover(lost));
                }
            }
            Err(e) => self
                .notices
                .error(format!("Cannot look for unsaved work from an earlier run: {e}")),
        }
    }

    /// Opens restored work as an unsaved document bound to its original file.
    fn restore(&mut self, info: RecoveryInfo) {
        let written = when(info.written, SystemTime::now());
        let of = info
            .original
            .as_ref()
            .map(|p| format!(" {}", p.display()))
            .unwrap_or_default();
        self.replace_document(Document::recovered(info.scenario, info.original));
        self.autosave.adopt(info.path);
        if self.doc.error_count() > 0 {
            self.settings.show_problems = true;
        }
        self.notices.info(format!(
            "Restored the unsaved work written {written}. Save it to keep it.{of}"
        ));
    }

    fn discard_recovery(&mut self, path: &Path, rest: Vec<RecoveryInfo>) {
        if let Some(Err(e)) = self.autosave.store().map(|s| s.discard(path)) {
            self.report_recovery_errors(vec![e]);
        }
        if !rest.is_empty() {
            self.dialog = Some(Dialog::Recover(rest));
        }
    }

    /// The current work is saved or knowingly discarded: its recovery files go.
    fn discard_recovery_files(&mut self) {
        let errors = self.autosave.discard(self.now());
        self.report_recovery_errors(errors);
    }

    /// Writes unsaved work aside when due, and wakes the frame for the next time.
    fn autosave_ui(&mut self, ctx: &egui::Context) {
        let now = self.now();
        let errors = self.autosave.tick(&self.doc, now);
        self.report_recovery_errors(errors);
        if let Some(wait) = self.autosave.wake_in(&self.doc, now) {
            ctx.request_repaint_after(wait);
        }
    }

    fn report_recovery_errors(&mut self, errors: Vec<RecoveryError>) {
        for e in errors {
            self.notices.error(format!("Unsaved work could not be kept aside: {e}"));
        }
    }

    /// The window closes with the work saved or knowingly discarded.
    fn closing(&mut self) {
        self.discard_recovery_files();
    }

    // -----------------------------------------------------------------------
    // The frame

    fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let menu_state = MenuState {
            recent: &self.settings.recent,
            can_undo: self.doc.can_undo(),
            can_redo: self.doc.can_redo(),
            undo_label: self.doc.undo_label(),
            redo_label: self.doc.redo_label(),
            history: self.doc.history().collect(),
            view: self.settings.view,
            theme: self.settings.theme,
            show_problems: self.settings.show_problems,
        };
        let from_menu = Panel::top("menu-bar").show(ui, |ui| menu_bar_ui(ui, &menu_state)).inner;
        self.queue.extend(from_menu);

        Panel::top("headlines").show(ui, |ui| {
            ui.add_space(2.0);
            if let Some(asked) = headline_strip_ui(ui, &self.doc) {
                self.queue.push(asked);
            }
            if !self.notices.is_empty() {
                ui.separator();
                self.notices.ui(ui);
            }
            ui.add_space(2.0);
        });
        self.problems_panel_ui(ui);
        Panel::left("views")
            .resizable(false)
            .default_size(170.0)
            .show(ui, |ui| {
                if let Some(view) = views_ui(ui, self.settings.view, self.doc.problems()) {
                    self.queue.push(Command::ShowView(view));
                }
            });
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui));
        if let Some(site) = take_place_request(ui.ctx()) {
            self.queue.push(Command::PlaceOnMap(site));
        }
        self.explanation_ui(&ui.ctx().clone());
        if let Some(page) = self.help {
            let asked = help_window_ui(ui.ctx(), page, &mut self.help_state);
            self.queue.extend(asked);
        }
    }

    /// Opens a figure into its parts, from the scenario as it stands (which
    /// must be free of errors, as the results are).
    fn explain(&mut self, explained: impl FnOnce(&Scenario) -> Result<Explanation, ExplainError>) {
        if self.doc.error_count() > 0 {
            self.notices.error(format!(
                "The figure cannot be explained while the scenario has {}: fix them first.",
                super::problems::summary(self.doc.problems())
            ));
            return;
        }
        match explained(&self.doc.scenario) {
            Ok(e) => self.explanation = Some((self.doc.revision(), e)),
            Err(e) => self.notices.error(format!("{e}.")),
        }
    }

    /// Keeps the open explanation in step with edits: worked out again when
    /// the scenario changed, closed when it no longer can be.
    fn explanation_ui(&mut self, ctx: &egui::Context) {
        if let Some((revision, e)) = &self.explanation {
            if *revision != self.doc.revision() {
                let again = (self.doc.error_count() == 0)
                    .then(|| explain_span(&self.doc.scenario, &e.field, e.span(), e.pot.as_deref()).ok())
                    .flatten();
                self.explanation = again.map(|e| (self.doc.revision(), e));
            }
        }
        if let Some(asked) = explain_window_ui(ctx, self.explanation()) {
            self.queue.push(asked);
        }
    }

    fn problems_panel_ui(&mut self, ui: &mut egui::Ui) {
        let expanded = self.settings.show_problems;
        // Two panels, so the collapsed one's height is not remembered as the list's.
        let panel = if expanded {
            Panel::bottom("problems")
                .resizable(true)
                .default_size(160.0)
                .min_size(80.0)
        } else {
            Panel::bottom("problems-collapsed").resizable(false)
        };
        let action = panel
            .show(ui, |ui| problems_ui(ui, self.doc.problems(), expanded))
            .inner;
        match action {
            Some(ProblemsAction::Toggle) => self.queue.push(Command::ToggleProblems),
            Some(ProblemsAction::Reveal(i)) => {
                if let Some(problem) = self.doc.problems().get(i) {
                    self.queue.push(Command::Reveal(problem.item.clone()));
                }
            }
            None => {}
        }
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) {
        match self.settings.view {
            View::Results => {
                let asked = results_ui(ui, &self.doc, &mut self.full_amounts);
                self.queue.extend(asked);
            }
            View::Compare => {
                let asked = compare_ui(ui, &self.doc, &mut self.compare);
                self.queue.extend(asked);
            }
            View::Risk => {
                let asked = risk_ui(ui, &self.risk, &self.doc);
                self.queue.extend(asked);
            }
            View::RollUps => rollup_ui(ui, &mut self.rollups, &self.doc),
            View::Map => {
                let selected = self.editor_states.selected_site();
                let asked = map_ui(ui, &mut self.map, &self.doc, selected);
                self.queue.extend(asked);
            }
            View::Editor(view) => {
                let (scenario, problems) = self.doc.edit_parts();
                let mut ctx = EditCtx {
                    scenario,
                    problems,
                    reveal: self.reveal.as_ref(),
                };
                editor_ui(view, ui, &mut ctx, &mut self.editor_states);
            }
        }
    }

    /// Shows the open dialog; returns whether it was answered.
    fn dialog_ui(&mut self, ctx: &egui::Context) -> bool {
        let Some(dialog) = &mut self.dialog else {
            return false;
        };
        let env = DialogEnv {
            document_name: &self.doc.scenario.name,
            scenario: &self.doc.scenario,
            print: &mut self.print,
        };
        let Some(answer) = dialog_ui(ctx, dialog, env) else {
            return false;
        };
        self.dialog = None;
        self.answer(ctx, answer);
        true
    }

    /// A window close with unsaved changes is held back until the user answers.
    fn guard_close(&mut self, ctx: &egui::Context) {
        let requested = ctx.input(|i| i.viewport().close_requested());
        if requested && self.doc.is_dirty() && !self.close_confirmed {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            // The question replaces any dialog open (an import not yet
            // accepted changed nothing), so it is the only one on screen.
            self.dialog = Some(Dialog::Unsaved { then: Command::Quit });
        } else if requested {
            self.closing();
        }
    }

    /// An edit that breaks a rule opens the problems list, so the error is seen at once.
    fn show_new_errors(&mut self, errors_before: usize) {
        if errors_before == 0 && self.doc.error_count() > 0 {
            self.settings.show_problems = true;
        }
    }

    fn sync_viewport(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
        if self.shown_theme != Some(self.settings.theme) {
            tune_light_theme(ctx);
            ctx.set_theme(self.settings.theme.preference());
            self.shown_theme = Some(self.settings.theme);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let errors_before = self.doc.error_count();
        self.sync_viewport(&ctx);
        self.guard_close(&ctx);
        // A modal dialog owns the keyboard until it is answered.
        if self.dialog.is_none() {
            let shortcuts = command::shortcuts(&ctx);
            self.queue.extend(shortcuts);
        }
        self.frame_ui(ui);
        let answered = self.dialog_ui(&ctx);
        let edited = self.doc.sync();
        if edited {
            self.show_new_errors(errors_before);
        }
        let commanded = self.run_queued(&ctx);
        self.autosave_ui(&ctx);
        let risk_ended = self.risk.poll(&ctx);
        // This frame was drawn before the change: show its effect at once.
        if answered || edited || commanded || risk_ended {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }
}
