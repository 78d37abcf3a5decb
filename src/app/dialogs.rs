//! The app's modal dialogs, one at a time: [`Dialog`] holds whichever is
//! open and [`dialog_ui`] draws it. The unsaved-changes question and typing a
//! path (when no file dialog can be shown) live here; the others beside what
//! they serve.

use std::path::PathBuf;
use std::time::SystemTime;

use egui::{Id, Modal};
use estates_core::import::ImportPlan;
use estates_core::recovery::RecoveryInfo;
use estates_core::Scenario;

use super::about::about_ui;
use super::command::Command;
use super::export_ui::{pack_dialog_ui, PackDialog, PrintOptions};
use super::files::Purpose;
use super::import_dialog::{import_dialog_ui, ImportAnswer, ImportDialog};
use super::safety_dialogs::{conflict_ui, recover_ui};
use super::type_path::{type_path_ui, TypedPath};

/// The modal dialog waiting for an answer; at most one is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// The scenario has unsaved changes and `then` would discard them.
    Unsaved { then: Command },
    /// No file dialog could be shown: the user types a path.
    TypePath(TypedPath),
    /// Unsaved work from an earlier run was found: restore or discard it.
    Recover(Vec<RecoveryInfo>),
    /// The file changed on disk since it was opened: how to save.
    Conflict {
        path: PathBuf,
        modified: Option<SystemTime>,
        then: Option<Command>,
    },
    /// A site register being mapped before it is imported.
    Import(Box<ImportDialog>),
    /// The marking, author and file of a pack or chart export.
    Pack(Box<PackDialog>),
    /// Help › About.
    About,
}

/// What the dialogs read and keep besides their own state.
pub struct DialogEnv<'a> {
    pub document_name: &'a str,
    pub scenario: &'a Scenario,
    /// The export options kept for the session, updated when a pack is exported.
    pub print: &'a mut PrintOptions,
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
    Restore(Box<RecoveryInfo>),
    /// Delete a recovery file, then offer the `rest`.
    DiscardRecovery {
        path: PathBuf,
        rest: Vec<RecoveryInfo>,
    },
    /// Save under another name instead of over a file changed on disk.
    SaveCopy {
        then: Option<Command>,
    },
    /// Save over a file changed on disk, knowingly.
    Overwrite {
        path: PathBuf,
        then: Option<Command>,
    },
    /// Import the register at `path` as planned.
    Import {
        path: PathBuf,
        plan: Box<ImportPlan>,
    },
    /// Run a command (a pack dialog's export).
    Run(Command),
    Cancel,
}

/// Shows the dialog; returns the answer once the user gives one.
pub fn dialog_ui(ctx: &egui::Context, dialog: &mut Dialog, env: DialogEnv<'_>) -> Option<Answer> {
    match dialog {
        Dialog::Unsaved { then } => unsaved_ui(ctx, then, env.document_name),
        Dialog::TypePath(typed) => type_path_ui(ctx, typed),
        Dialog::Recover(found) => recover_ui(ctx, found),
        Dialog::Conflict { path, modified, then } => conflict_ui(ctx, path, *modified, then),
        Dialog::Import(import) => import_dialog_ui(ctx, import, env.scenario).map(|answer| match answer {
            ImportAnswer::Import(plan) => Answer::Import {
                path: import.path().to_owned(),
                plan,
            },
            ImportAnswer::Cancel => Answer::Cancel,
        }),
        Dialog::Pack(pack) => pack_dialog_ui(ctx, pack, env.print),
        Dialog::About => about_ui(ctx),
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
    cancelled_on_close(answer, &modal)
}

/// A modal's answer, or Cancel when it was dismissed (Escape, or a click
/// outside) without one.
pub(super) fn cancelled_on_close<R>(answer: Option<Answer>, modal: &egui::ModalResponse<R>) -> Option<Answer> {
    answer.or_else(|| modal.should_close().then_some(Answer::Cancel))
}
