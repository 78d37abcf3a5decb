//! File › Merge scenarios…: several saved scenarios (sub-regional plans)
//! combined into one new, unsaved scenario by `estates_core::place::merge`,
//! as the `merge` command does.

use std::path::{Path, PathBuf};

use estates_core::io;
use estates_core::place::{merge, MergeInput, Merged};

use super::document::describe_load_error;
use super::files::dialog_possible;

/// The outcome of asking for the files to merge.
pub enum PickedMany {
    Paths(Vec<PathBuf>),
    Cancelled,
    /// No file dialog can be shown here.
    Unavailable,
}

/// Asks for two or more scenario files with the platform dialog.
pub fn pick_scenarios() -> PickedMany {
    if !dialog_possible() {
        return PickedMany::Unavailable;
    }
    let picked = rfd::FileDialog::new()
        .set_title("Merge scenarios (choose two or more)")
        .add_filter("Scenario (RON)", &["ron"])
        .add_filter("Scenario (JSON)", &["json"])
        .pick_files();
    picked.map_or(PickedMany::Cancelled, PickedMany::Paths)
}

/// Reads and merges the files; each clashing id is prefixed with its file's
/// name. The error says which file could not be read, or why they cannot be merged.
pub fn merge_files(paths: &[PathBuf]) -> Result<Merged, String> {
    if paths.len() < 2 {
        return Err("Choose two or more scenario files to merge.".to_owned());
    }
    let inputs = paths
        .iter()
        .map(|path| {
            let scenario = io::load(path).map_err(|e| describe_load_error(path, &e))?;
            Ok(MergeInput {
                name: stem(path),
                scenario,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    merge(&inputs).map_err(|e| format!("The scenarios were not merged: {e}."))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}
