//! Native file dialogs (rfd), and knowing when none can be shown.
//!
//! On Linux rfd asks the desktop portal over D-Bus and falls back to `zenity`;
//! with neither it returns `None` exactly as if the user pressed Cancel. The app
//! must not mistake that for a choice, so it detects the situation and lets the
//! user type a path instead. The dialogs are synchronous: they block the UI
//! loop while open, which is acceptable for a modal choice of file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why a file is being chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
    /// A site register to import.
    ImportCsv,
    /// Where to write the site register.
    ExportCsv,
    /// A saved scenario to add to the comparison.
    AddToCompare,
    /// Where to write one chart: PDF, PNG or SVG by the extension.
    ExportChart,
    /// Where to write a chart as a figure: PNG, with SVG and caption beside it.
    ExportFigure,
    /// Where to write a board pack PDF.
    ExportPack,
}

impl Purpose {
    pub fn title(self) -> &'static str {
        match self {
            Purpose::Open => "Open scenario",
            Purpose::SaveAs => "Save scenario as",
            Purpose::ImportCsv => "Import sites from CSV",
            Purpose::ExportCsv => "Export site register",
            Purpose::AddToCompare => "Add a scenario to compare",
            Purpose::ExportChart => "Export chart",
            Purpose::ExportFigure => "Export figure",
            Purpose::ExportPack => "Export board pack",
        }
    }

    pub fn action(self) -> &'static str {
        match self {
            Purpose::Open | Purpose::ImportCsv => "Open",
            Purpose::SaveAs => "Save",
            Purpose::ExportCsv | Purpose::ExportChart | Purpose::ExportFigure | Purpose::ExportPack => "Export",
            Purpose::AddToCompare => "Add",
        }
    }

    /// An example path for the typed-path fallback.
    pub fn example(self) -> &'static str {
        match self {
            Purpose::Open | Purpose::SaveAs | Purpose::AddToCompare => "/home/me/scenarios/lewisham.ron",
            Purpose::ExportChart => "/home/me/papers/retained-receipts.pdf (or .png, .svg)",
            Purpose::ExportFigure => "/home/me/papers/retained-receipts.png (SVG and caption beside it)",
            Purpose::ExportPack => "/home/me/papers/board-pack.pdf",
            Purpose::ImportCsv | Purpose::ExportCsv => "/home/me/registers/surplus-land.csv",
        }
    }

    /// Whether the chosen file is written (so an existing one is replaced).
    pub fn writes(self) -> bool {
        matches!(
            self,
            Purpose::SaveAs | Purpose::ExportCsv | Purpose::ExportChart | Purpose::ExportFigure | Purpose::ExportPack
        )
    }

    /// A written file's name gets the purpose's extension when it has none.
    pub fn complete(self, path: &Path) -> PathBuf {
        match self {
            Purpose::SaveAs => with_scenario_extension(path),
            Purpose::ExportCsv if path.extension().is_none() => path.with_extension("csv"),
            Purpose::ExportChart if !has_extension(path, &["pdf", "png", "svg"]) => with_added_extension(path, "pdf"),
            Purpose::ExportFigure if !has_extension(path, &["png"]) => with_added_extension(path, "png"),
            Purpose::ExportPack if !has_extension(path, &["pdf"]) => with_added_extension(path, "pdf"),
            _ => path.to_owned(),
        }
    }

    fn filters(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Purpose::Open | Purpose::SaveAs | Purpose::AddToCompare => {
                &[("Scenario (RON)", &["ron"]), ("Scenario (JSON)", &["json"])]
            }
            Purpose::ExportChart => &[
                ("PDF, A4 landscape", &["pdf"]),
                ("PNG, 300 dpi", &["png"]),
                ("SVG", &["svg"]),
            ],
            Purpose::ExportFigure => &[("PNG, 300 dpi, with SVG and caption", &["png"])],
            Purpose::ExportPack => &[("PDF", &["pdf"])],
            Purpose::ImportCsv | Purpose::ExportCsv => &[("Site register (CSV)", &["csv", "txt"])],
        }
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// `plan.v2` becomes `plan.v2.pdf`: the name typed is kept whole.
fn with_added_extension(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// The outcome of asking for a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// No dialog could be shown: the user must type a path.
    Unavailable,
}

/// A dialog that "returns" faster than this without zenity was never on screen:
/// nobody cancels a file dialog in a fifth of a second.
const INSTANT_RETURN: Duration = Duration::from_millis(200);

/// Asks for a file with the platform dialog.
pub fn pick(purpose: Purpose, current: Option<&Path>) -> Picked {
    if !dialog_possible() {
        return Picked::Unavailable;
    }
    let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
    for (name, extensions) in purpose.filters() {
        dialog = dialog.add_filter(*name, extensions);
    }
    if let Some(dir) = current.and_then(Path::parent).filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = current.and_then(Path::file_name) {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    let started = Instant::now();
    let picked = if purpose.writes() {
        dialog.save_file().map(|p| purpose.complete(&p))
    } else {
        dialog.pick_file()
    };
    match picked {
        Some(path) => Picked::Path(path),
        None if !on_path("zenity") && started.elapsed() < INSTANT_RETURN => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// A desktop portal needs a D-Bus session bus; the fallback needs zenity.
pub fn dialog_possible() -> bool {
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|dir| Path::new(&dir).join("bus").exists());
    cfg!(not(target_os = "linux")) || session_bus || on_path("zenity")
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Scenario files end in `.ron` (or `.json`); a name typed without one gets `.ron`.
pub fn with_scenario_extension(path: &Path) -> PathBuf {
    if path.extension().is_some() {
        path.to_owned()
    } else {
        path.with_extension("ron")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_get_the_scenario_extension() {
        assert_eq!(
            with_scenario_extension(Path::new("/tmp/plan")),
            Path::new("/tmp/plan.ron")
        );
        assert_eq!(
            with_scenario_extension(Path::new("/tmp/plan.json")),
            Path::new("/tmp/plan.json")
        );
    }

    #[test]
    fn exports_keep_a_chart_format_or_become_pdf() {
        let chart = |p: &str| Purpose::ExportChart.complete(Path::new(p));
        assert_eq!(chart("/tmp/c.PNG"), Path::new("/tmp/c.PNG"));
        assert_eq!(chart("/tmp/c.svg"), Path::new("/tmp/c.svg"));
        assert_eq!(chart("/tmp/c"), Path::new("/tmp/c.pdf"));
        assert_eq!(chart("/tmp/c.v2"), Path::new("/tmp/c.v2.pdf"));
        assert_eq!(
            Purpose::ExportPack.complete(Path::new("/tmp/p.png")),
            Path::new("/tmp/p.png.pdf")
        );
    }
}
