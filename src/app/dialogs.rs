//! The app's own modal dialogs: the unsaved-changes question and typing a
//! path when no file dialog can be shown.

use std::path::PathBuf;

use egui::{Id, Modal, RichText};

use super::command::Command;
use super::files::{with_scenario_extension, Purpose};

/// A modal dialog waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// The scenario has unsaved changes and `then` would discard them.
    Unsaved { then: Command },
    /// No file dialog could be shown: the user types a path.
    TypePath {
        purpose: Purpose,
        text: String,
        /// What to run after a successful save (when saving before discarding).
        then: Option<Command>,
    },
}

/// The answer given in a dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    SaveThen(Command),
    DiscardThen(Command),
    Path {
        purpose: Purpose,
        path: PathBuf,
        then: Option<Command>,
    },
    Cancel,
}

/// Shows the dialog; returns the answer once the user gives one.
pub fn dialog_ui(ctx: &egui::Context, dialog: &mut Dialog, document_name: &str) -> Option<Answer> {
    match dialog {
        Dialog::Unsaved { then } => unsaved_ui(ctx, then, document_name),
        Dialog::TypePath { purpose, text, then } => type_path_ui(ctx, *purpose, text, then),
    }
}

fn unsaved_ui(ctx: &egui::Context, then: &Command, document_name: &str) -> Option<Answer> {
    let mut answer = None;
    let modal = Modal::new(Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading("Unsaved changes");
        ui.add_space(4.0);
        ui.label(format!(
            "“{document_name}” has changes that are not saved. Save them before {}?",
            then.verb()
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(Answer::SaveThen(then.clone()));
            }
            if ui.button("Discard changes").clicked() {
                answer = Some(Answer::DiscardThen(then.clone()));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(Answer::Cancel);
    }
    answer
}

fn type_path_ui(ctx: &egui::Context, purpose: Purpose, text: &mut String, then: &Option<Command>) -> Option<Answer> {
    let mut answer = None;
    let modal = Modal::new(Id::unique("type-path")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(purpose.title());
        ui.add_space(4.0);
        ui.label(
            "No file dialog can be shown here: there is no desktop portal (over D-Bus) and no zenity. \
             Type the file's full path instead.",
        );
        ui.add_space(6.0);
        let label = ui.label("File path");
        let edit = ui.add(
            egui::TextEdit::singleline(text)
                .desired_width(f32::INFINITY)
                .hint_text("/home/me/scenarios/lewisham.ron"),
        );
        let edit = edit.labelled_by(label.id);
        // Read before focusing: Enter submits by taking the focus away.
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        // Keep the field focused (from the moment the dialog opens), so the user can type at once.
        if !edit.lost_focus() && ui.memory(|m| m.focused().is_none()) {
            edit.request_focus();
        }
        let typed = text.trim();
        if purpose == Purpose::SaveAs && !typed.is_empty() && with_scenario_extension(typed.as_ref()).exists() {
            ui.label(
                RichText::new("A file of that name exists; saving replaces it.").color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let ok = ui.add_enabled(!typed.is_empty(), egui::Button::new(purpose.action()));
            if (ok.clicked() || entered) && !typed.is_empty() {
                let path = PathBuf::from(typed);
                let path = if purpose == Purpose::SaveAs {
                    with_scenario_extension(&path)
                } else {
                    path
                };
                answer = Some(Answer::Path {
                    purpose,
                    path,
                    then: then.clone(),
                });
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(Answer::Cancel);
    }
    answer
}
