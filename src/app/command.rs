//! Everything the user can ask the app to do, in one place.
//!
//! Menus, keyboard shortcuts and tests all go through [`Command`], so a flow a
//! test drives is the flow a person clicks. Commands that would need a file
//! dialog carry an `Option<PathBuf>`: `None` asks the user, a path skips the
//! dialog (tests and "Open recent").

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};
use estates_core::charts::Chart;
use estates_core::model::Location;
use estates_core::problem::ItemRef;

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
    /// Close the explanation.
    CloseExplanation,
    SetTheme(ThemeChoice),
    /// Help › About: the version and the map data's attribution.
    ShowAbout,
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
}

pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
pub const REDO_ALT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// Reads this frame's keyboard shortcuts as commands.
///
/// Shift variants come first because egui matches `Ctrl+S` against
/// `Ctrl+Shift+S` too. While a text field has the keyboard, undo and redo are
/// left to it (it undoes its own typing); the scenario-wide undo takes over
/// once the edit is committed.
pub fn shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let text_has_focus = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|input| {
        let mut out = Vec::new();
        let mut take = |shortcut: &KeyboardShortcut, command: Command| {
            if input.consume_shortcut(shortcut) {
                out.push(command);
            }
        };
        take(&SAVE_AS, Command::SaveAs(None));
        take(&SAVE, Command::Save);
        take(&NEW, Command::New);
        take(&OPEN, Command::Open(None));
        take(&QUIT, Command::Quit);
        if !text_has_focus {
            take(&REDO, Command::Redo);
            take(&REDO_ALT, Command::Redo);
            take(&UNDO, Command::Undo);
        }
        out
    })
}
