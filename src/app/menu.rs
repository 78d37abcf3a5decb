//! The menu bar. It only turns clicks into commands; the shell runs them.

use std::path::PathBuf;

use egui::{Button, KeyboardShortcut};

use super::command::{self, Command};
use super::settings::ThemeChoice;
use super::view::{self, View};

/// What the menus need to know to show state (enabled items, ticks).
pub struct MenuState<'a> {
    pub recent: &'a [PathBuf],
    pub can_undo: bool,
    pub can_redo: bool,
    /// What Undo and Redo would do, named (`Change land value growth`).
    pub undo_label: Option<&'a str>,
    pub redo_label: Option<&'a str>,
    /// The edits that can be undone, the most recent first.
    pub history: Vec<&'a str>,
    pub view: View,
    pub theme: ThemeChoice,
    pub show_problems: bool,
}

pub fn menu_bar_ui(ui: &mut egui::Ui, state: &MenuState<'_>) -> Vec<Command> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu_ui(ui, state, &mut out));
        ui.menu_button("Edit", |ui| {
            let undo = named("Undo", state.undo_label);
            item(ui, &undo, &command::UNDO, state.can_undo, Command::Undo, &mut out);
            let redo = named("Redo", state.redo_label);
            item(ui, &redo, &command::REDO, state.can_redo, Command::Redo, &mut out);
            history_menu_ui(ui, &state.history, &mut out);
        });
        ui.menu_button("View", |ui| view_menu_ui(ui, state, &mut out));
        ui.menu_button("Help", |ui| {
            if ui.button("About Estates Receipts Modeller").clicked() {
                out.push(Command::ShowAbout);
            }
        });
    });
    out
}

/// `Undo “Change land value growth”`, or the bare verb when there is nothing to name.
fn named(verb: &str, edit: Option<&str>) -> String {
    edit.map_or_else(|| verb.to_owned(), |edit| format!("{verb} “{edit}”"))
}

/// The most recent edits listed under Edit › Undo history (a menu longer
/// than the screen would hide the earliest).
const HISTORY_SHOWN: usize = 25;

/// Edit › Undo history: the edits that can be undone, the most recent first;
/// choosing one undoes it and every edit after it.
fn history_menu_ui(ui: &mut egui::Ui, history: &[&str], out: &mut Vec<Command>) {
    ui.add_enabled_ui(!history.is_empty(), |ui| {
        ui.menu_button("Undo history", |ui| {
            for (steps, edit) in (1..).zip(history.iter().take(HISTORY_SHOWN)) {
                if ui
                    .button(*edit)
                    .on_hover_text(format!("Undo this and the {} edit(s) after it", steps - 1))
                    .clicked()
                {
                    out.push(Command::UndoSteps(steps));
                }
            }
        });
    });
}

fn file_menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, out: &mut Vec<Command>) {
    item(ui, "New", &command::NEW, true, Command::New, out);
    item(ui, "Open…", &command::OPEN, true, Command::Open(None), out);
    ui.add_enabled_ui(!state.recent.is_empty(), |ui| {
        ui.menu_button("Open recent", |ui| {
            for path in state.recent {
                let name = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                    out.push(Command::Open(Some(path.clone())));
                }
            }
        });
    });
    ui.separator();
    item(ui, "Save", &command::SAVE, true, Command::Save, out);
    item(ui, "Save as…", &command::SAVE_AS, true, Command::SaveAs(None), out);
    ui.separator();
    if ui
        .button("Merge scenarios…")
        .on_hover_text("Combine saved scenarios (e.g. sub-regional plans) into a new one")
        .clicked()
    {
        out.push(Command::MergeScenarios(None));
    }
    ui.separator();
    if ui.button("Import sites from CSV…").clicked() {
        out.push(Command::ImportSites(None));
    }
    if ui.button("Export site register…").clicked() {
        out.push(Command::ExportSites(None));
    }
    if ui.button("Export board pack…").clicked() {
        out.push(Command::ExportBoardPack(None));
    }
    if ui.button("Print board pack…").clicked() {
        out.push(Command::PrintBoardPack(None));
    }
    ui.separator();
    item(ui, "Quit", &command::QUIT, true, Command::Quit, out);
}

fn view_menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, out: &mut Vec<Command>) {
    for v in view::ALL {
        if ui.radio(state.view == v, v.label()).clicked() {
            out.push(Command::ShowView(v));
        }
    }
    ui.separator();
    if ui.checkbox(&mut state.show_problems.clone(), "Problems list").clicked() {
        out.push(Command::ToggleProblems);
    }
    ui.separator();
    ui.menu_button("Theme", |ui| {
        for t in ThemeChoice::ALL {
            if ui.radio(state.theme == t, t.label()).clicked() {
                out.push(Command::SetTheme(t));
            }
        }
    });
}

fn item(
    ui: &mut egui::Ui,
    label: &str,
    shortcut: &KeyboardShortcut,
    enabled: bool,
    command: Command,
    out: &mut Vec<Command>,
) {
    let button = Button::new(label).shortcut_text(ui.ctx().format_shortcut(shortcut));
    if ui.add_enabled(enabled, button).clicked() {
        out.push(command);
    }
}
