//! Recovery files: unsaved work written aside (the app does it every 30
//! seconds and after large edits) so that a crash or a kill costs at most that
//! much, and offered back on the next start.
//!
//! Recovery files live in a per-user folder, never beside the user's file:
//! `$XDG_DATA_HOME/estates-receipts/recovery` (else `~/.local/share/...`) on
//! Linux, `~/Library/Application Support/estates-receipts/recovery` on macOS,
//! `%LOCALAPPDATA%\estates-receipts\recovery` on Windows. Each file is named by
//! this module alone (a sanitised stem plus a hash of the original's absolute
//! path, or `untitled-PID`), so nothing in a scenario can steer a write
//! elsewhere. The body is an ordinary RON scenario after two comment lines
//! naming the original, so a person can also open it by hand.
//!
//! A run holds an exclusive lock on a hidden `.NAME.lock` beside each
//! recovery file it writes, for as long as the work is live. A second copy of
//! the app starting meanwhile sees the lock and does not offer that work as
//! lost; the operating system drops the lock however the first run ends, so
//! after a crash or a kill the work is offered.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use crate::io::{fnv1a, parse_unvalidated, read_text, to_ron, write_atomic, FileFormat, LoadError, SaveError};
use crate::model::Scenario;

const HEADER: &str = "// Estates Receipts Modeller recovery file";
const ORIGINAL: &str = "// original: ";
const EXTENSION: &str = "ron";
/// How many numbered variants of one recovery file name are tried.
const MAX_VARIANTS: u32 = 1000;

/// Why the recovery folder could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("no per-user data folder is known (set XDG_DATA_HOME or HOME), so unsaved work cannot be kept aside")]
    NoDataDir,
    #[error("cannot use the recovery folder: {source}: {path}")]
    Io { source: std::io::Error, path: PathBuf },
    #[error("not a recovery file of this store, so it was left alone: {path}")]
    NotRecoveryFile { path: PathBuf },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// A recovery file found on start.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryInfo {
    /// The recovery file itself.
    pub path: PathBuf,
    /// The file the work belongs to; `None` for a scenario never saved.
    pub original: Option<PathBuf>,
    /// When the recovery file was last written.
    pub written: SystemTime,
    /// The original was saved after this recovery was written, so the
    /// recovery is probably older than the file (offer it with that warning).
    pub original_is_newer: bool,
    /// The unsaved scenario (not validated: work in progress may have problems).
    pub scenario: Scenario,
    /// Another running copy of the app holds this work: it is not lost.
    pub in_use: bool,
}

/// What a scan of the recovery folder found.
#[derive(Debug, Default)]
pub struct RecoveryScan {
    /// Newest first.
    pub found: Vec<RecoveryInfo>,
    /// Files in the folder that could not be read back, left in place.
    pub unreadable: Vec<(PathBuf, LoadError)>,
}

/// The folder recovery files are kept in. Clones share the locks held on
/// this run's live recovery files (see the module notes).
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
    held: Arc<Mutex<HashMap<PathBuf, fs::File>>>,
}

impl PartialEq for RecoveryStore {
    fn eq(&self, other: &Self) -> bool {
        self.dir == other.dir
    }
}

impl RecoveryStore {
    /// A store in the given folder (tests, portable installs).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        RecoveryStore {
            dir: dir.into(),
            held: Arc::default(),
        }
    }

    /// The per-user store described in the module notes.
    pub fn for_user() -> Result<Self, RecoveryError> {
        user_data_dir()
            .map(|d| RecoveryStore::at(d.join("estates-receipts").join("recovery")))
            .ok_or(RecoveryError::NoDataDir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where unsaved work on `original` (or on an untitled scenario of this
    /// process) is kept.
    pub fn path_for(&self, original: Option<&Path>) -> PathBuf {
        let name = match original {
            Some(p) => {
                let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
                let stem = p.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
                let hash = fnv1a(absolute.to_string_lossy().as_bytes());
                format!("{}-{hash:016x}.{EXTENSION}", sanitise(&stem))
            }
            None => format!("untitled-{}.{EXTENSION}", std::process::id()),
        };
        self.dir.join(name)
    }

    /// [`RecoveryStore::path_for`], or its first numbered variant
    /// (`NAME-2.ron`, ...) that is free or `is_ours`: a run must not write
    /// over the recovery of an earlier run that was neither restored nor
    /// discarded, even when it is work on the same file.
    pub fn free_path_for(&self, original: Option<&Path>, is_ours: impl Fn(&Path) -> bool) -> PathBuf {
        let first = self.path_for(original);
        let stem = first
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut candidate = first.clone();
        for n in 2..=MAX_VARIANTS {
            if is_ours(&candidate) || !candidate.exists() {
                break;
            }
            candidate = first.with_file_name(format!("{stem}-{n}.{EXTENSION}"));
        }
        candidate
    }

    /// Writes unsaved work aside (atomically, replacing the previous recovery
    /// of the same file). Returns the recovery file written.
    pub fn write(&self, s: &Scenario, original: Option<&Path>) -> Result<PathBuf, RecoveryError> {
        self.write_at(&self.path_for(original), s, original)
    }

    /// [`RecoveryStore::write`] to a recovery file chosen by
    /// [`RecoveryStore::free_path_for`]; any path outside the store is refused.
    pub fn write_at(&self, path: &Path, s: &Scenario, original: Option<&Path>) -> Result<PathBuf, RecoveryError> {
        if !self.is_recovery_file(path) {
            return Err(RecoveryError::NotRecoveryFile { path: path.to_owned() });
        }
        self.create_dir()?;
        self.hold(path)?;
        let original_line = match original {
            Some(p) => {
                let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
                serde_json::to_string(&absolute.to_string_lossy()).map_err(|e| SaveError::Format(e.to_string()))?
            }
            None => "none".to_owned(),
        };
        let text = format!("{HEADER}\n{ORIGINAL}{original_line}\n{}", to_ron(s)?);
        write_atomic(path, text.as_bytes())?;
        Ok(path.to_owned())
    }

    /// Every recovery file in the store, newest first. A missing folder means none.
    pub fn find(&self) -> Result<RecoveryScan, RecoveryError> {
        let io = |source| RecoveryError::Io {
            source,
            path: self.dir.clone(),
        };
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(RecoveryScan::default()),
            Err(e) => return Err(io(e)),
        };
        let mut scan = RecoveryScan::default();
        for entry in entries {
            let path = entry.map_err(io)?.path();
            if !self.is_recovery_file(&path) {
                continue;
            }
            match read_recovery(&path) {
                Ok(info) => scan.found.push(RecoveryInfo {
                    in_use: self.locked_elsewhere(&path),
                    ..info
                }),
                Err(e) => scan.unreadable.push((path, e)),
            }
        }
        scan.found.sort_by_key(|r| std::cmp::Reverse(r.written));
        Ok(scan)
    }

    /// Deletes a recovery file (after it was restored and saved, or declined,
    /// or once its original is saved). Refuses any file outside this store.
    pub fn discard(&self, recovery_file: &Path) -> Result<(), RecoveryError> {
        if !self.is_recovery_file(recovery_file) {
            return Err(RecoveryError::NotRecoveryFile {
                path: recovery_file.to_owned(),
            });
        }
        self.release(recovery_file);
        match fs::remove_file(recovery_file) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(RecoveryError::Io {
                source,
                path: recovery_file.to_owned(),
            }),
        }
    }

    /// Locks a recovery file as this run's live work (once; later writes keep the lock).
    fn hold(&self, recovery_file: &Path) -> Result<(), RecoveryError> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if held.contains_key(recovery_file) {
            return Ok(());
        }
        let lock = lock_path(recovery_file);
        let io = |source| RecoveryError::Io {
            source,
            path: lock.clone(),
        };
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {
                held.insert(recovery_file.to_owned(), file);
                Ok(())
            }
            // Another run writes here after all: its lock stands, and this
            // run's file is still written (the two share a file only if one
            // started over the other's name, which `free_path_for` avoids).
            Err(fs::TryLockError::WouldBlock) => Ok(()),
            Err(fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// Drops this run's lock on a recovery file and removes the lock file.
    fn release(&self, recovery_file: &Path) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if held.remove(recovery_file).is_some() {
            // A lock file left behind is harmless: nobody holds it.
            let _ = fs::remove_file(lock_path(recovery_file));
        }
    }

    /// Whether another run holds the lock of a recovery file. This run's own
    /// files count as its own, not as another's.
    fn locked_elsewhere(&self, recovery_file: &Path) -> bool {
        let held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if held.contains_key(recovery_file) {
            return false;
        }
        let Ok(file) = fs::File::open(lock_path(recovery_file)) else {
            return false;
        };
        matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock))
    }

    /// A visible `.ron` file directly inside the store (temporary files are hidden).
    fn is_recovery_file(&self, path: &Path) -> bool {
        let visible_ron = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.') && n.ends_with(&format!(".{EXTENSION}")));
        visible_ron && path.parent() == Some(self.dir.as_path())
    }

    /// Creates the store, private to the user where the platform allows.
    fn create_dir(&self) -> Result<(), RecoveryError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&self.dir).map_err(|source| RecoveryError::Io {
            source,
            path: self.dir.clone(),
        })
    }
}

/// The hidden lock file of a recovery file: `.NAME.lock` beside it.
fn lock_path(recovery_file: &Path) -> PathBuf {
    let name = recovery_file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    recovery_file.with_file_name(format!(".{name}.lock"))
}

/// Reads one recovery file: its header line naming the original, then the scenario.
fn read_recovery(path: &Path) -> Result<RecoveryInfo, LoadError> {
    let (text, _) = read_text(path)?;
    let io = |source| LoadError::Io {
        source,
        path: path.to_owned(),
    };
    let written = fs::metadata(path).and_then(|m| m.modified()).map_err(io)?;
    let original = original_of(&text)?;
    let original_is_newer = original
        .as_deref()
        .and_then(|p| fs::metadata(p).and_then(|m| m.modified()).ok())
        .is_some_and(|saved| saved > written);
    Ok(RecoveryInfo {
        path: path.to_owned(),
        original,
        written,
        original_is_newer,
        scenario: parse_unvalidated(&text, FileFormat::Ron)?,
        in_use: false,
    })
}

/// The original named on the second line (`none` for untitled work).
fn original_of(text: &str) -> Result<Option<PathBuf>, LoadError> {
    let bad = |message: &str| LoadError::Syntax {
        line: 2,
        col: 1,
        message: message.to_owned(),
    };
    let line = text
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix(ORIGINAL))
        .ok_or_else(|| bad("not a recovery file: no `// original:` line"))?;
    if line.trim() == "none" {
        return Ok(None);
    }
    serde_json::from_str::<String>(line)
        .map(|p| Some(PathBuf::from(p)))
        .map_err(|e| bad(&format!("the original's path cannot be read: {e}")))
}

/// A file stem reduced to letters, digits, `-` and `_` (at most 40), for a
/// readable recovery file name that cannot contain a path separator.
fn sanitise(stem: &str) -> String {
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    if clean.is_empty() {
        "scenario".to_owned()
    } else {
        clean
    }
}

/// The per-user data folder of the platform, from the environment.
fn user_data_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute());
    if cfg!(windows) {
        var("LOCALAPPDATA").or_else(|| var("APPDATA"))
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local").join("share")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_names_come_from_the_store_never_from_the_path_given() {
        let store = RecoveryStore::at("/tmp/store");
        let p = store.path_for(Some(Path::new("/home/a/../../etc/passwd")));
        assert_eq!(p.parent(), Some(Path::new("/tmp/store")));
        assert!(p.file_name().unwrap().to_str().unwrap().starts_with("passwd-"));
        let q = store.path_for(Some(Path::new("/x/Plan 2026 £ é.ron")));
        assert!(
            q.file_name().unwrap().to_str().unwrap().starts_with("Plan_2026____-"),
            "{q:?}"
        );
        assert_ne!(
            store.path_for(Some(Path::new("/a/plan.ron"))),
            store.path_for(Some(Path::new("/b/plan.ron"))),
            "two files of the same name keep separate recoveries"
        );
    }

    #[test]
    fn a_recovery_of_an_earlier_run_is_not_written_over() {
        let dir = std::env::temp_dir().join(format!("estates-recovery-variants-{}", std::process::id()));
        let store = RecoveryStore::at(&dir);
        let original = Path::new("/a/plan.ron");
        let earlier = store.write(&Scenario::default(), Some(original)).unwrap();
        assert_eq!(store.free_path_for(Some(original), |p| p == earlier), earlier);
        let second = store.free_path_for(Some(original), |_| false);
        assert_ne!(second, earlier);
        assert!(second.to_string_lossy().ends_with("-2.ron"), "{second:?}");
        store.write_at(&second, &Scenario::default(), Some(original)).unwrap();
        assert_eq!(store.find().unwrap().found.len(), 2);
        assert!(matches!(
            store.write_at(Path::new("/tmp/elsewhere.ron"), &Scenario::default(), None),
            Err(RecoveryError::NotRecoveryFile { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn work_live_in_another_run_is_marked_in_use_until_that_run_ends() {
        let dir = std::env::temp_dir().join(format!("estates-recovery-live-{}", std::process::id()));
        let first_run = RecoveryStore::at(&dir);
        let written = first_run
            .write(&Scenario::default(), Some(Path::new("/a/plan.ron")))
            .unwrap();
        let in_use = |store: &RecoveryStore| store.find().unwrap().found.iter().map(|r| r.in_use).collect::<Vec<_>>();
        // Another copy of the app opening the same folder, while the first runs.
        let second_run = RecoveryStore::at(&dir);
        assert_eq!(in_use(&second_run), [true]);
        assert_eq!(in_use(&first_run), [false], "a run's own work is its own");
        drop(first_run);
        assert_eq!(
            in_use(&second_run),
            [false],
            "the first run ended, so its work is offered"
        );
        second_run.write_at(&written, &Scenario::default(), None).unwrap();
        second_run.discard(&written).unwrap();
        assert!(!lock_path(&written).exists(), "discarding removes the lock file too");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_original_line_is_read_back() {
        assert_eq!(original_of("x\n// original: none\n").unwrap(), None);
        assert_eq!(
            original_of("x\n// original: \"/a/b \\\"c\\\".ron\"\n").unwrap(),
            Some(PathBuf::from("/a/b \"c\".ron"))
        );
        assert!(original_of("x\n(name: \"\")").is_err());
    }
}
