//! Everything the user can ask the app to do, in one place.
//!
//! Menus, keyboard shortcuts and tests all go through [`Command`], so a flow a
//! test drives is the flow a person clicks. Commands that would need a file
//! dialog carry an `Option<PathBuf>`: `None` asks the user, a path skips the
//! dialog (tests and "Open recent").
//!
//! Each command describes itself, as rerun's `UICommand` does: its label, its
//! tooltip and its keyboard shortcuts are written here once, and the menus,
//! the shortcut handling and Help › Keyboard shortcuts all read them.

use std::path::PathBuf;

use egui::{Button, Key, KeyboardShortcut, Modifiers};
use estates_core::charts::Chart;
use estates_core::model::Location;
use estates_core::problem::ItemRef;

use super::help::HelpPage;
use super::settings::ThemeChoice;
use super::view::View;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start an empty scenario.
    New,
    /// Open a scenario file; `None` asks with a dialog.
    Open(Option<PathBuf>),
    /// Save to the current file, or ask for one when there is none yet.
    Save,
    /// Save to another file; `None` asks with a dialog.
    SaveAs(Option<PathBuf>),
    /// Combine saved scenarios into a new unsaved one; `None` asks for the files.
    MergeScenarios(Option<Vec<PathBuf>>),
    /// Import sites from a CSV register through the mapping dialog; `None` asks for the file.
    ImportSites(Option<PathBuf>),
    /// Write the site register as CSV; `None` asks where.
    ExportSites(Option<PathBuf>),
    /// Close the window.
    Quit,
    Undo,
    Redo,
    /// Undo this many of the most recent edits at once (Edit › Undo history).
    UndoSteps(usize),
    ShowView(View),
    /// Show the editor of an item and select it there (a clicked problem).
    Reveal(ItemRef),
    /// Select a site (by position) in the register, staying in the view (a click on the map).
    SelectSite(usize),
    /// Show the map, where the next click sets this site's location.
    PlaceOnMap(usize),
    /// Set a site's location (a click on the map), as one undo step.
    SetLocation(usize, Location),
    /// Make an assembly of two sites (by position), a marriage value opportunity, as one undo step.
    MakeAssembly([usize; 2]),
    /// Move the disposals of an assembly's members (by id) to one financial year, as one undo step.
    LineUpDisposals(String, i32),
    /// Open a yearly figure (a report key, a FY, optionally one pot) into its parts.
    Explain {
        field: String,
        fy: i32,
        pot: Option<String>,
    },
    /// Open a headline figure (a key of `compare::HEADLINES`, or an NPV key
    /// ending `_npv`, such as `capex_npv`) into its parts.
    ExplainHeadline(String),
    /// Close the explanation.
    CloseExplanation,
    SetTheme(ThemeChoice),
    /// Help › About: the version, the licence and the data's attributions.
    ShowAbout,
    /// Open a Help window: the keyboard shortcuts, the methodology or the file format.
    ShowHelp(HelpPage),
    /// Close the Help window.
    CloseHelp,
    ToggleProblems,
    /// Add a saved scenario to the comparison; `None` asks with a dialog.
    AddToCompare(Option<PathBuf>),
    /// Take compare column `n` (1 and up: the added files) out of the comparison.
    RemoveFromCompare(usize),
    /// Make compare column `n` the baseline (0 is the scenario being edited).
    SetCompareBaseline(usize),
    /// Export one chart as PDF (A4 landscape), PNG (300 dpi) or SVG, by the
    /// file's extension; `None` asks where.
    ExportChart(Box<Chart>, Option<PathBuf>),
    /// Save one chart alone for a word processor: PNG (300 dpi, 16 cm wide),
    /// SVG and a caption text file beside them; `None` asks where.
    ExportFigure(Box<Chart>, Option<PathBuf>),
    /// Put one chart on the clipboard as an image (16 cm at 300 dpi).
    CopyChart(Box<Chart>),
    /// The board pack PDF of the scenario being edited; `None` asks where.
    ExportBoardPack(Option<PathBuf>),
    /// A board pack of the compared scenarios, with the overlaid charts; `None` asks where.
    ExportComparisonPack(Option<PathBuf>),
    /// Write the board pack and open it in the system's PDF viewer to print; `None` asks where.
    PrintBoardPack(Option<PathBuf>),
    /// Run the risk analysis of the scenario on a background thread.
    RunRisk,
    /// Stop the risk analysis under way.
    CancelRisk,
}

impl Command {
    /// Whether running the command would throw away the scenario being edited,
    /// so unsaved changes must be confirmed first.
    pub fn discards_document(&self) -> bool {
        matches!(
            self,
            Command::New | Command::Open(_) | Command::MergeScenarios(_) | Command::Quit
        )
    }

    /// What the unsaved-changes question says the user is about to do.
    pub fn verb(&self) -> &'static str {
        match self {
            Command::New => "starting a new scenario",
            Command::Open(_) => "opening another file",
            Command::MergeScenarios(_) => "merging scenarios into a new one",
            Command::Quit => "closing",
            _ => "continuing",
        }
    }

    /// The command's name in menus and the shortcut table, and what its tooltip says.
    pub fn text_and_tooltip(&self) -> (&'static str, &'static str) {
        match self {
            Command::New => ("New", "Start a new scenario from a short template to fill in"),
            Command::Open(_) => ("Open…", "Open a scenario file (.ron or .json)"),
            Command::Save => ("Save", "Save the scenario to its file"),
            Command::SaveAs(_) => ("Save as…", "Save the scenario to another file"),
            Command::MergeScenarios(_) => (
                "Merge scenarios…",
                "Combine saved scenarios (e.g. sub-regional plans) into a new one",
            ),
            Command::ImportSites(_) => (
                "Import sites from CSV…",
                "Read a site register (land and assets return, ERIC or your own) into the scenario",
            ),
            Command::ExportSites(_) => ("Export site register…", "Write the sites as a CSV register"),
            Command::Quit => ("Quit", "Close the window (asks first about unsaved changes)"),
            Command::Undo => ("Undo", "Undo the last change to the scenario"),
            Command::Redo => ("Redo", "Redo the change last undone"),
            Command::UndoSteps(_) => ("Undo to here", "Undo this edit and every edit after it"),
            Command::ShowView(view) => (view.label(), "Show this view"),
            Command::Reveal(_) => ("Show item", "Show the item in its editor"),
            Command::SelectSite(_) => ("Select site", "Select the site in the register"),
            Command::PlaceOnMap(_) => ("Place on map", "Click the map to set the site's location"),
            Command::SetLocation(..) => ("Set location", "Set the site's location"),
            Command::MakeAssembly(_) => ("Make assembly", "Assemble the two sites to count their marriage value"),
            Command::LineUpDisposals(..) => ("Line up sales", "Move the assembly's sales to one year"),
            Command::Explain { .. } | Command::ExplainHeadline(_) => {
                ("Explain…", "Open the figure into the items and rules that make it")
            }
            Command::CloseExplanation => ("Close explanation", "Close the explanation window"),
            Command::SetTheme(theme) => (theme.label(), "Use this colour theme"),
            Command::ShowAbout => (
                "About Estates Receipts Modeller",
                "The version, the licence and the data's attributions",
            ),
            Command::ShowHelp(page) => (page.title(), page.about()),
            Command::CloseHelp => ("Close help", "Close the Help window"),
            Command::ToggleProblems => ("Problems list", "Show or hide the list of errors and warnings"),
            Command::AddToCompare(_) => ("Add scenario…", "Add a saved scenario to the comparison"),
            Command::RemoveFromCompare(_) => ("Remove", "Take the scenario out of the comparison"),
            Command::SetCompareBaseline(_) => ("Make baseline", "Show the differences from this scenario"),
            Command::ExportChart(..) => ("Export…", "Export the chart as PDF, PNG or SVG"),
            Command::ExportFigure(..) => ("Export figure…", "Save the chart for a word processor"),
            Command::CopyChart(_) => ("Copy image", "Copy the chart to the clipboard as an image"),
            Command::ExportBoardPack(_) => ("Export board pack…", "Write the board paper of this scenario as a PDF"),
            Command::ExportComparisonPack(_) => (
                "Export comparison pack…",
                "Write a board paper of the compared scenarios as a PDF",
            ),
            Command::PrintBoardPack(_) => (
                "Print board pack…",
                "Write the board pack and open it in the PDF viewer to print",
            ),
            Command::RunRisk => ("Run risk analysis", "Draw the uncertain inputs and show the ranges"),
            Command::CancelRisk => ("Stop", "Stop the risk analysis under way"),
        }
    }

    pub fn label(&self) -> &'static str {
        self.text_and_tooltip().0
    }

    pub fn tooltip(&self) -> &'static str {
        self.text_and_tooltip().1
    }

    /// The command's keyboard shortcuts; menus show the first.
    pub fn shortcuts(&self) -> Vec<KeyboardShortcut> {
        const fn cmd(key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(Modifiers::COMMAND, key)
        }
        const fn cmd_shift(key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
        }
        match self {
            Command::New => vec![cmd(Key::N)],
            Command::Open(None) => vec![cmd(Key::O)],
            Command::Save => vec![cmd(Key::S)],
            Command::SaveAs(None) => vec![cmd_shift(Key::S)],
            Command::ImportSites(None) => vec![cmd(Key::I)],
            Command::ExportBoardPack(None) => vec![cmd(Key::E)],
            Command::PrintBoardPack(None) => vec![cmd(Key::P)],
            Command::Undo => vec![cmd(Key::Z)],
            Command::Redo => vec![cmd_shift(Key::Z), cmd(Key::Y)],
            Command::ShowHelp(HelpPage::Shortcuts) => vec![KeyboardShortcut::new(Modifiers::NONE, Key::F1)],
            Command::Quit => vec![cmd(Key::Q)],
            _ => vec![],
        }
    }

    /// The first shortcut as this platform writes it ("Ctrl+S", "⌘S").
    pub fn shortcut_text(&self, ctx: &egui::Context) -> Option<String> {
        self.shortcuts().first().map(|s| ctx.format_shortcut(s))
    }

    /// While a text field has the keyboard, its own undo and redo (of the
    /// typing) come first; the scenario-wide ones take over once the edit is committed.
    fn left_to_text_fields(&self) -> bool {
        matches!(self, Command::Undo | Command::Redo)
    }

    /// A menu item: the label, the shortcut beside it and the tooltip; a click queues the command.
    pub fn menu_item_ui(self, ui: &mut egui::Ui, enabled: bool, out: &mut Vec<Command>) {
        let label = self.label();
        self.menu_item_labelled_ui(ui, label, enabled, out);
    }

    /// A menu item showing `label` instead of the command's own (Undo “Change …”).
    pub fn menu_item_labelled_ui(self, ui: &mut egui::Ui, label: &str, enabled: bool, out: &mut Vec<Command>) {
        let mut button = Button::new(label);
        if let Some(text) = self.shortcut_text(ui.ctx()) {
            button = button.shortcut_text(text);
        }
        if ui.add_enabled(enabled, button).on_hover_text(self.tooltip()).clicked() {
            out.push(self);
        }
    }
}

/// The commands that have keyboard shortcuts, in the order Help › Keyboard shortcuts lists them.
pub fn with_shortcuts() -> [Command; 11] {
    [
        Command::New,
        Command::Open(None),
        Command::Save,
        Command::SaveAs(None),
        Command::ImportSites(None),
        Command::ExportBoardPack(None),
        Command::PrintBoardPack(None),
        Command::Undo,
        Command::Redo,
        Command::ShowHelp(HelpPage::Shortcuts),
        Command::Quit,
    ]
}

/// Reads this frame's keyboard shortcuts as commands.
///
/// Shortcuts with more Shift and Alt come first because egui matches `Ctrl+S`
/// against `Ctrl+Shift+S` too.
pub fn shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let text_has_focus = ctx.egui_wants_keyboard_input();
    let mut keyed: Vec<(KeyboardShortcut, Command)> = with_shortcuts()
        .into_iter()
        .filter(|c| !(text_has_focus && c.left_to_text_fields()))
        .flat_map(|c| c.shortcuts().into_iter().map(move |s| (s, c.clone())))
        .collect();
    keyed.sort_by_key(|(s, _)| std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt)));
    ctx.input_mut(|input| {
        keyed
            .into_iter()
            .filter(|(shortcut, _)| input.consume_shortcut(shortcut))
            .map(|(_, command)| command)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two commands on one key would make one of them unreachable.
    #[test]
    fn no_two_commands_share_a_shortcut() {
        let all: Vec<(KeyboardShortcut, Command)> = with_shortcuts()
            .into_iter()
            .flat_map(|c| c.shortcuts().into_iter().map(move |s| (s, c.clone())))
            .collect();
        for (i, (a, ca)) in all.iter().enumerate() {
            for (b, cb) in &all[i + 1..] {
                assert!(a != b, "{ca:?} and {cb:?} share {a:?}");
            }
        }
    }

    #[test]
    fn every_listed_command_has_a_shortcut() {
        for c in with_shortcuts() {
            assert!(!c.shortcuts().is_empty(), "{c:?}");
        }
    }
}
