//! Scenario files: reading (RON, or JSON for other tools), validation on load,
//! and atomic pretty-printed saves. A load never writes anything.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use serde::Deserialize;

use crate::model::{Scenario, CURRENT_VERSION};
use crate::problem::Problem;
use crate::validate::validate;

/// Files larger than this are refused before parsing (a register of 5,000
/// sites is about 3 MB, so this leaves ample room).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Why a scenario could not be loaded. Paths come last in messages.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the file: {source}: {path}")]
    Io { source: std::io::Error, path: PathBuf },
    #[error("the file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit for a scenario")]
    TooLarge { size: u64 },
    #[error("syntax error at line {line}, column {col}: {message}")]
    Syntax { line: usize, col: usize, message: String },
    #[error("the file is scenario format version {found}, but this build reads up to version {supported}; open it with a newer Estates Receipts Modeller")]
    TooNew { found: u32, supported: u32 },
    #[error("the scenario has {} problem(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

/// Why a scenario could not be saved. The original file is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot write the scenario: {source}: {path}")]
    Io { source: std::io::Error, path: PathBuf },
    #[error("cannot format the scenario: {0}")]
    Format(String),
}

/// The text format of a scenario file, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Ron,
    Json,
}

impl FileFormat {
    pub fn of(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => FileFormat::Json,
            _ => FileFormat::Ron,
        }
    }
}

fn ron_options() -> ron::Options {
    // Optional numbers may be written bare (`agreed_price: 5000000`), not `Some(..)`.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Reads and validates a scenario file. Nothing on disk is changed.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    let io = |source| LoadError::Io {
        source,
        path: path.to_owned(),
    };
    let size = fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { size });
    }
    let text = fs::read_to_string(path).map_err(io)?;
    parse(&text, FileFormat::of(path))
}

/// Parses and validates scenario text.
pub fn parse(text: &str, format: FileFormat) -> Result<Scenario, LoadError> {
    let scenario = parse_unvalidated(text, format)?;
    let errors = validate(&scenario);
    if errors.is_empty() {
        Ok(scenario)
    } else {
        Err(LoadError::Invalid(errors))
    }
}

/// Parses scenario text, checks its version and fills defaulted ids, without
/// validating the model rules (the app shows such a scenario with its problems).
pub fn parse_unvalidated(text: &str, format: FileFormat) -> Result<Scenario, LoadError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: text.len() as u64,
        });
    }
    check_version(text, format)?;
    let mut scenario: Scenario = match format {
        FileFormat::Ron => ron_options().from_str(text).map_err(ron_error)?,
        FileFormat::Json => serde_json::from_str(text).map_err(json_error)?,
    };
    fill_disposal_ids(&mut scenario);
    Ok(scenario)
}

#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    version: Option<u32>,
}

/// Refuses a file written by a newer format before reading anything else, so
/// its unknown fields are reported as a version problem and not as typos.
fn check_version(text: &str, format: FileFormat) -> Result<(), LoadError> {
    let probe: Option<VersionOnly> = match format {
        FileFormat::Ron => ron_options().from_str(text).ok(),
        FileFormat::Json => serde_json::from_str(text).ok(),
    };
    match probe.and_then(|p| p.version) {
        Some(found) if found > CURRENT_VERSION => Err(LoadError::TooNew {
            found,
            supported: CURRENT_VERSION,
        }),
        Some(0) => Err(LoadError::Syntax {
            line: 1,
            col: 1,
            message: "version 0 is not a scenario format version; the first is 1".into(),
        }),
        _ => Ok(()),
    }
}

fn ron_error(e: ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    }
}

fn json_error(e: serde_json::Error) -> LoadError {
    LoadError::Syntax {
        line: e.line(),
        col: e.column(),
        message: e.to_string(),
    }
}

/// Disposals may omit their id in hand-written files; they get `<site>-d<n>`.
pub fn fill_disposal_ids(s: &mut Scenario) {
    let mut taken: std::collections::HashSet<String> = s.disposals.iter().map(|d| d.id.clone()).collect();
    for d in s.disposals.iter_mut().filter(|d| d.id.is_empty()) {
        let id = (1..)
            .map(|n| format!("{}-d{n}", d.site))
            .find(|id| !taken.contains(id))
            .unwrap_or_default();
        taken.insert(id.clone());
        d.id = id;
    }
}

/// The scenario as pretty RON, one field a line, as written to disk.
pub fn to_ron(s: &Scenario) -> Result<String, SaveError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(Extensions::IMPLICIT_SOME)
        .separate_tuple_members(false)
        .indentor("    ".to_owned());
    ron::ser::to_string_pretty(s, config).map_err(|e| SaveError::Format(e.to_string()))
}

/// Saves a scenario atomically: the text goes to a temporary file in the same
/// folder, is flushed to disk, and then renamed over the target, so a crash
/// leaves either the old file or the new one, never a mix.
pub fn save(path: &Path, s: &Scenario) -> Result<(), SaveError> {
    let text = match FileFormat::of(path) {
        FileFormat::Ron => to_ron(s)?,
        FileFormat::Json => serde_json::to_string_pretty(s).map_err(|e| SaveError::Format(e.to_string()))?,
    };
    write_atomic(path, text.as_bytes())
}

/// Writes bytes to `path` through a temporary sibling file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let io = |source| SaveError::Io {
        source,
        path: path.to_owned(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}
