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

impl Purpose {
    /// The extensions the purpose's files have (the listing shows only these files).
    pub fn extensions(self) -> impl Iterator<Item = &'static str> {
        self.filters()
            .iter()
            .flat_map(|(_, extensions)| extensions.iter().copied())
    }

    /// Why a typed path cannot be used, in words, or `None` when it can.
    /// Files read must exist and be readable, and scenarios end in .ron or
    /// .json; files written need their folder to exist.
    pub fn path_problem(self, path: &Path) -> Option<String> {
        let shown = path.display();
        if self.writes() {
            let folder = folder_of(path);
            return match std::fs::metadata(&folder) {
                Err(e) => Some(in_words(&e, &folder, "No such folder")),
                Ok(m) if !m.is_dir() => Some(format!("Not a folder: {}", folder.display())),
                Ok(_) if path.is_dir() => Some(format!("That is a folder; type a file name after it: {shown}")),
                Ok(_) => None,
            };
        }
        if let Err(e) = std::fs::metadata(path) {
            let folder = folder_of(path);
            return Some(if e.kind() == std::io::ErrorKind::NotFound && !folder.is_dir() {
                format!("No such folder: {}", folder.display())
            } else {
                in_words(&e, path, "No such file")
            });
        }
        if path.is_dir() {
            return Some(format!("That is a folder; choose a file in it: {shown}"));
        }
        let scenario = matches!(self, Purpose::Open | Purpose::AddToCompare);
        if scenario && !has_extension(path, &["ron", "json"]) {
            return Some(format!("Not a scenario file (they end in .ron or .json): {shown}"));
        }
        match std::fs::File::open(path) {
            Err(e) => Some(in_words(&e, path, "No such file")),
            Ok(_) => None,
        }
    }
}

/// The folder a typed path is in (the current folder for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// An I/O error as a person says it, naming the path, instead of "(os error 2)".
fn in_words(error: &std::io::Error, path: &Path, not_found: &str) -> String {
    let shown = path.display();
    match error.kind() {
        std::io::ErrorKind::NotFound => format!("{not_found}: {shown}"),
        std::io::ErrorKind::PermissionDenied => format!("Permission denied: {shown}"),
        std::io::ErrorKind::NotADirectory => format!("Not a folder: {shown}"),
        _ => {
            // Keep the system's words but not its error number.
            let text = error.to_string();
            let words = text.split(" (os error").next().unwrap_or(&text);
            format!("{words}: {shown}")
        }
    }
}

/// `~` and `~/...` typed at the start of a path mean the home folder.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(rest.trim_start_matches('/')),
        _ => PathBuf::from(typed),
    }
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

/// The typed text split into the folder it names and the start of a name
/// typed after it: `~/plans/lew` is (`$HOME/plans`, `lew`); `~/plans/` is
/// (`$HOME/plans`, ``).
pub fn split_typed(typed: &str) -> (PathBuf, String) {
    match typed.rfind('/') {
        Some(at) => (expand_home(&typed[..=at]), typed[at + 1..].to_owned()),
        None if typed == "~" => (expand_home(typed), String::new()),
        None => (PathBuf::from("."), typed.to_owned()),
    }
}

/// The folders, then the files of `purpose`'s kinds, in `folder`, sorted by
/// name; hidden ones only when `show_hidden`.
pub fn list_folder(folder: &Path, purpose: Purpose, show_hidden: bool) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(folder).map_err(|e| in_words(&e, folder, "No such folder"))?;
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // Follows links, so a link to a folder lists as a folder.
            let is_dir = e.path().is_dir();
            let wanted = is_dir || purpose.extensions().any(|x| has_extension(Path::new(&name), &[x]));
            (wanted && (show_hidden || !name.starts_with('.'))).then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
    Ok(entries)
}

/// Tab completion: the typed name extended as far as every entry starting
/// with it agrees; a single folder gets its `/` so the next Tab goes inside.
pub fn complete(typed: &str, entries: &[Entry]) -> Option<String> {
    let start = typed.rfind('/').map_or(0, |at| at + 1);
    let prefix = &typed[start..];
    let matching: Vec<&Entry> = entries.iter().filter(|e| e.name.starts_with(prefix)).collect();
    let first = matching.first()?;
    let mut common = first.name.clone();
    for e in &matching[1..] {
        let agreed = common.chars().zip(e.name.chars()).take_while(|(a, b)| a == b).count();
        common = common.chars().take(agreed).collect();
    }
    let slash = if matching.len() == 1 && first.is_dir { "/" } else { "" };
    let completed = format!("{}{common}{slash}", &typed[..start]);
    (completed != typed).then_some(completed)
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
    if has_extension(path, &["ron", "json"]) {
        path.to_owned()
    } else {
        // Added, not replaced: "Lewisham v1.2" is a name, not a file of type "2".
        with_added_extension(path, "ron")
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
        // A dotted name is kept whole, and still becomes a file Open lists.
        assert_eq!(
            with_scenario_extension(Path::new("/tmp/Lewisham v1.2")),
            Path::new("/tmp/Lewisham v1.2.ron")
        );
        assert_eq!(
            with_scenario_extension(Path::new("/tmp/plan.RON")),
            Path::new("/tmp/plan.RON")
        );
    }

    fn entry(name: &str, is_dir: bool) -> Entry {
        Entry {
            name: name.into(),
            is_dir,
        }
    }

    #[test]
    fn tab_completes_as_far_as_the_entries_agree() {
        let entries = [
            entry("lewisham", true),
            entry("lewisham-devolved.ron", false),
            entry("lewisham-national.ron", false),
            entry("ncl.ron", false),
        ];
        assert_eq!(complete("/s/lew", &entries).as_deref(), Some("/s/lewisham"));
        assert_eq!(
            complete("/s/lewisham-d", &entries).as_deref(),
            Some("/s/lewisham-devolved.ron")
        );
        assert_eq!(complete("/s/n", &entries).as_deref(), Some("/s/ncl.ron"));
        assert_eq!(complete("/s/x", &entries), None, "nothing starts with x");
        assert_eq!(complete("/s/lewisham", &entries), None, "already as far as they agree");
        assert_eq!(
            complete("/s/lewisham", &[entry("lewisham", true)]).as_deref(),
            Some("/s/lewisham/"),
            "a lone folder is entered"
        );
    }

    #[test]
    fn a_typed_path_splits_into_its_folder_and_the_name_begun() {
        assert_eq!(split_typed("/a/b/pla"), (PathBuf::from("/a/b/"), "pla".to_owned()));
        assert_eq!(split_typed("/a/b/"), (PathBuf::from("/a/b/"), String::new()));
        assert_eq!(split_typed("plan"), (PathBuf::from("."), "plan".to_owned()));
    }

    #[test]
    fn problems_with_a_typed_path_are_said_in_words() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let scenario = dir.path().join("plan.ron");
        std::fs::write(&scenario, "Scenario()").expect("written");
        let register = dir.path().join("sites.csv");
        std::fs::write(&register, "a,b").expect("written");
        let missing_folder = dir.path().join("nowhere");

        assert_eq!(Purpose::Open.path_problem(&scenario), None);
        assert_eq!(
            Purpose::Open.path_problem(&missing_folder.join("plan.ron")),
            Some(format!("No such folder: {}", missing_folder.display()))
        );
        let missing = dir.path().join("other.ron");
        assert_eq!(
            Purpose::Open.path_problem(&missing),
            Some(format!("No such file: {}", missing.display()))
        );
        assert_eq!(
            Purpose::Open.path_problem(&register),
            Some(format!(
                "Not a scenario file (they end in .ron or .json): {}",
                register.display()
            ))
        );
        assert_eq!(Purpose::ImportCsv.path_problem(&register), None);
        assert!(Purpose::Open
            .path_problem(dir.path())
            .is_some_and(|p| p.starts_with("That is a folder")));
        assert_eq!(
            Purpose::SaveAs.path_problem(&missing),
            None,
            "a new file in a folder that exists"
        );
        assert_eq!(
            Purpose::SaveAs.path_problem(&missing_folder.join("plan.ron")),
            Some(format!("No such folder: {}", missing_folder.display()))
        );
    }

    #[test]
    fn a_folder_lists_its_folders_then_the_purposes_files() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        for name in ["b.ron", "a.json", "notes.txt", ".hidden.ron"] {
            std::fs::write(dir.path().join(name), "").expect("written");
        }
        std::fs::create_dir(dir.path().join("z-folder")).expect("made");
        let names = |show_hidden| -> Vec<String> {
            list_folder(dir.path(), Purpose::Open, show_hidden)
                .expect("listed")
                .into_iter()
                .map(|e| e.name)
                .collect()
        };
        assert_eq!(names(false), ["z-folder", "a.json", "b.ron"]);
        assert_eq!(names(true), ["z-folder", ".hidden.ron", "a.json", "b.ron"]);
        let missing = dir.path().join("nowhere");
        assert_eq!(
            list_folder(&missing, Purpose::Open, false),
            Err(format!("No such folder: {}", missing.display()))
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
