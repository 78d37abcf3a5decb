//! The desktop app (egui). The shell (menus, files, undo, results, problems)
//! lives beside the editor views; all figures come from `estates_core`.

mod about;
mod autosave;
mod charts_ui;
pub mod command;
pub mod compare_view;
mod copy;
mod dialogs;
pub mod document;
pub mod edit_ctx;
pub mod editors;
mod explain_view;
mod export_ui;
mod figure_ui;
pub mod files;
pub mod help;
mod import_dialog;
mod launch;
mod map;
pub mod map_view;
mod menu;
mod merge_ui;
pub mod notices;
mod problems;
mod results;
pub mod risk_view;
mod rollup_view;
mod safety_dialogs;
pub mod settings;
mod shell;
mod side_panel;
mod type_path;
pub mod view;
mod year_table;

pub use dialogs::Dialog;
pub use import_dialog::ImportDialog;
pub use launch::run;
pub use shell::App;
