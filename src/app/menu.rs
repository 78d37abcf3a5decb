//! The menu bar. It only turns clicks into commands; the shell runs them.
//! Each item's label, shortcut and tooltip come from its [`Command`].

use std::path::PathBuf;

use super::command::Command;
use super::help::HelpPage;
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
            let undo = named(Command::Undo.label(), state.undo_label);
            Command::Undo.menu_item_labelled_ui(ui, &undo, state.can_undo, &mut out);
            let redo = named(Command::Redo.label(), state.redo_label);
            Command::Redo.menu_item_labelled_ui(ui, &redo, state.can_redo, &mut out);
            history_menu_ui(ui, &state.history, &mut out);
        });
        ui.menu_button("View", |ui| view_menu_ui(ui, state, &mut out));
        ui.menu_button("Help", |ui| {
            for page in HelpPage::ALL {
                Command::ShowHelp(page).menu_item_ui(ui, true, &mut out);
            }
            ui.separator();
            Command::ShowAbout.menu_item_ui(ui, true, &mut out);
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
                    .on_hover_text(match steps {
                        1 => "Undo this edit".to_owned(),
                        2 => "Undo this and the edit after it".to_owned(),
                        n => format!("Undo this and the {} later edits", n - 1),
                    })
                    .clicked()
                {
                    out.push(Command::UndoSteps(steps));
                }
            }
        });
    });
}

fn file_menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, out: &mut Vec<Command>) {
    Command::New.menu_item_ui(ui, true, out);
    Command::Open(None).menu_item_ui(ui, true, out);
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
    Command::Save.menu_item_ui(ui, true, out);
    Command::SaveAs(None).menu_item_ui(ui, true, out);
    ui.separator();
    Command::MergeScenarios(None).menu_item_ui(ui, true, out);
    ui.separator();
    for command in [
        Command::ImportSites(None),
        Command::ExportSites(None),
        Command::ExportBoardPack(None),
        Command::PrintBoardPack(None),
    ] {
        command.menu_item_ui(ui, true, out);
    }
    ui.separator();
    Command::Quit.menu_item_ui(ui, true, out);
}

fn view_menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, out: &mut Vec<Command>) {
    for v in view::ALL {
        let command = Command::ShowView(v);
        if ui.radio(state.view == v, command.label()).clicked() {
            out.push(command);
        }
    }
    ui.separator();
    let toggle = Command::ToggleProblems;
    if ui
        .checkbox(&mut state.show_problems.clone(), toggle.label())
        .on_hover_text(toggle.tooltip())
        .clicked()
    {
        out.push(toggle);
    }
    ui.separator();
    ui.menu_button("Theme", |ui| {
        for t in ThemeChoice::ALL {
            let command = Command::SetTheme(t);
            if ui.radio(state.theme == t, command.label()).clicked() {
                out.push(command);
            }
        }
    });
}
