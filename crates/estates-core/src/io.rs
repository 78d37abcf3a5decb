//! Scenario files: reading (RON, or JSON for other tools), migration of older
//! versions, validation on load, and saves that never lose work.
//!
//! A load never writes anything. A save:
//! 1. formats the scenario and checks that the text reads back (a scenario
//!    that could not be reopened is never written over a good file);
//! 2. writes it to a hidden temporary file beside the target (`.NAME.PID.N.tmp`)
//!    and flushes it to disk;
//! 3. copies the file being replaced to `NAME.bak` beside it (itself through a
//!    temporary file, so the backup is never half-written either);
//! 4. renames the temporary file over the target.
//!
//! A crash or kill at any moment therefore leaves the target as either the old
//! or the new file, never a mix; at worst a stray hidden `.tmp` file remains,
//! which nothing reads and the next save of that file removes. Only one
//! generation of backup is kept.
//!
//! Saves of scenarios run under the [`WriteLock`] (one writer at a time) and
//! write through symbolic links: the file a link points to is replaced, beside
//! it, and the link is kept (see [`crate::lock`]). A path that is not a file
//! (a folder, a named pipe, a device) is refused before it is opened.
//!
//! To avoid overwriting a file that someone else changed since it was opened,
//! keep the [`Fingerprint`] that [`load_tracked`] returns and save with
//! [`save_checked`], which refuses with a [`Conflict`] when the bytes on disk
//! are no longer the ones that were read.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use ron::extensions::Extensions;

use crate::lock::{write_target, WriteLock};
use crate::migrate;
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
    #[error("the file is {size} bytes, over the {} MB limit", MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge { size: u64 },
    /// A folder, named pipe, device or socket, refused before it is opened
    /// (opening a named pipe would wait for a writer for ever).
    #[error("this is {kind}, not a file")]
    NotAFile { kind: &'static str },
    #[error("syntax error at line {line}, column {col}: {message}")]
    Syntax { line: usize, col: usize, message: String },
    #[error("the file is scenario format version {found}, but this build reads up to version {supported}; open it with a newer Estates Receipts Modeller")]
    TooNew { found: u32, supported: u32 },
    #[error("cannot migrate the file from format version {from} to version {to}: {message}")]
    Migration { from: u32, to: u32, message: String },
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
    #[error("the scenario would not read back once written, so nothing was saved ({0}); save it as .ron")]
    WouldNotReadBack(String),
    #[error(transparent)]
    Conflict(#[from] Conflict),
    /// Another writer held the file for longer than [`crate::lock::LOCK_WAIT`].
    #[error("the file is being written by {holder}; nothing was saved, try again when it has finished: {path}")]
    Locked { holder: String, path: PathBuf },
    #[error("cannot write over {kind}, only over a file: {path}")]
    NotAFile { kind: &'static str, path: PathBuf },
}

/// A file changed on disk since it was opened, found just before saving over it.
#[derive(Debug, thiserror::Error)]
pub enum Conflict {
    #[error(
        "the file was changed on disk since it was opened; reload it, save under another name, or overwrite it: {path}"
    )]
    Changed { path: PathBuf },
    #[error("cannot check whether the file changed on disk since it was opened: {source}: {path}")]
    Unreadable { source: std::io::Error, path: PathBuf },
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

pub(crate) fn ron_options() -> ron::Options {
    // Optional numbers may be written bare (`agreed_price: 5000000`), not `Some(..)`.
    // The default recursion limit (128) stays on, so deeply nested input is refused.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// What identifies the bytes of a file as they were read: their length and a
/// hash. The modification time is deliberately not used: it has coarse
/// resolution on some file systems and changes when nothing else did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    pub len: u64,
    pub hash: u64,
}

impl Fingerprint {
    /// Matches no file (none is `u64::MAX` bytes long): for a file that was
    /// there but could not be read, so that saving over it asks first.
    pub const UNKNOWN: Fingerprint = Fingerprint { len: u64::MAX, hash: 0 };

    pub fn of(bytes: &[u8]) -> Self {
        // SipHash with fixed keys reads 8 bytes a step where FNV-1a reads one:
        // 3 ms instead of 12 ms for a 4.4 MB London-scale file. A fingerprint is
        // compared only with another taken by the same program, never stored,
        // so a hash that may change between Rust releases is fine here.
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hasher::write(&mut hasher, bytes);
        Fingerprint {
            len: bytes.len() as u64,
            hash: std::hash::Hasher::finish(&hasher),
        }
    }
}

/// FNV-1a, 64-bit: stable across builds and platforms, unlike `DefaultHasher`.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Reads a file's bytes, at most `MAX_FILE_BYTES` of them, so that a huge file
/// is refused instead of exhausting memory. What is not a regular file (a
/// folder, a named pipe, a device such as `/dev/zero`) is refused before it is
/// opened, so a pipe nobody writes to cannot make a load wait for ever.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io {
        source,
        path: path.to_owned(),
    };
    let metadata = fs::metadata(path).map_err(io)?;
    refuse_non_file(&metadata)?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { size: metadata.len() });
    }
    let file = fs::File::open(path).map_err(io)?;
    // The path may have been swapped for something else since it was checked.
    refuse_non_file(&file.metadata().map_err(io)?)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Refuses a folder, named pipe, device or socket by what its metadata says.
fn refuse_non_file(metadata: &fs::Metadata) -> Result<(), LoadError> {
    match crate::lock::not_a_file(&metadata.file_type()) {
        Some(kind) => Err(LoadError::NotAFile { kind }),
        None => Ok(()),
    }
}

/// Reads a scenario file's text and the fingerprint of its bytes.
pub fn read_text(path: &Path) -> Result<(String, Fingerprint), LoadError> {
    let bytes = read_limited(path)?;
    let fingerprint = Fingerprint::of(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| not_text(e.as_bytes(), e.utf8_error().valid_up_to()))?;
    Ok((text, fingerprint))
}

/// A file that is not UTF-8 (a spreadsheet, a binary, a legacy encoding),
/// reported at the line and column of its first bad byte.
fn not_text(bytes: &[u8], valid_up_to: usize) -> LoadError {
    let before = &bytes[..valid_up_to];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    LoadError::Syntax {
        line,
        col,
        message: "the file is not UTF-8 text (is it a spreadsheet or another kind of file?)".to_owned(),
    }
}

/// Reads and validates a scenario file. Nothing on disk is changed.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    load_tracked(path).map(|(s, _)| s)
}

/// [`load`], with the fingerprint of the bytes read, for [`save_checked`].
pub fn load_tracked(path: &Path) -> Result<(Scenario, Fingerprint), LoadError> {
    let (text, fingerprint) = read_text(path)?;
    Ok((parse(&text, FileFormat::of(path))?, fingerprint))
}

/// Reads a scenario file without validating the model rules (the app shows
/// such a scenario with its problems), with the fingerprint of the bytes read.
pub fn load_tracked_unvalidated(path: &Path) -> Result<(Scenario, Fingerprint), LoadError> {
    let (text, fingerprint) = read_text(path)?;
    Ok((parse_unvalidated(&text, FileFormat::of(path))?, fingerprint))
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

/// Parses scenario text, checks its version, migrates an older one and fills
/// defaulted ids, without validating the model rules. The result carries the
/// current version, so saving it writes the current format.
pub fn parse_unvalidated(text: &str, format: FileFormat) -> Result<Scenario, LoadError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: text.len() as u64,
        });
    }
    // Editors on Windows may start a UTF-8 file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let upgraded = migrate::upgrade(text, format)?;
    let mut scenario: Scenario = match format {
        FileFormat::Ron => ron_options().from_str(&upgraded.text).map_err(ron_error)?,
        FileFormat::Json => serde_json::from_str(&upgraded.text).map_err(json_error)?,
    };
    scenario.version = CURRENT_VERSION;
    crate::ids::normalize_ids(&mut scenario);
    fill_disposal_ids(&mut scenario);
    Ok(scenario)
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
    let mut ids = IdAllocator::new(s.disposals.iter().map(|d| d.id.clone()));
    for d in s.disposals.iter_mut().filter(|d| d.id.is_empty()) {
        d.id = ids.fresh(&d.site, |site, n| format!("{site}-d{n}"));
    }
}

/// Hands out ids not yet taken, built from a base and a counter. The next
/// counter to try is remembered per base, so handing out a million ids from
/// one base stays linear (a hostile file cannot make this quadratic).
#[derive(Debug, Default)]
pub(crate) struct IdAllocator {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, u64>,
}

impl IdAllocator {
    pub(crate) fn new(taken: impl IntoIterator<Item = String>) -> Self {
        IdAllocator {
            taken: taken.into_iter().collect(),
            next: std::collections::HashMap::new(),
        }
    }

    /// The first of `make(base, 1)`, `make(base, 2)`, ... not yet taken, now taken.
    pub(crate) fn fresh(&mut self, base: &str, make: impl Fn(&str, u64) -> String) -> String {
        let id = self.peek(base, make);
        self.take(&id);
        id
    }

    /// The id [`IdAllocator::fresh`] would hand out next, not yet taken.
    pub(crate) fn peek(&mut self, base: &str, make: impl Fn(&str, u64) -> String) -> String {
        let n = self.next.entry(base.to_owned()).or_insert(1);
        let mut id = make(base, *n);
        while self.taken.contains(&id) {
            *n += 1;
            id = make(base, *n);
        }
        id
    }

    /// Marks an id as taken (handed out, or chosen elsewhere).
    pub(crate) fn take(&mut self, id: &str) {
        self.taken.insert(id.to_owned());
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

/// The scenario in the given format, checked to read back: JSON, for one,
/// cannot hold a non-finite number, and such a file would not reopen.
pub fn to_text(s: &Scenario, format: FileFormat) -> Result<String, SaveError> {
    let text = match format {
        FileFormat::Ron => to_ron(s)?,
        FileFormat::Json => serde_json::to_string_pretty(s).map_err(|e| SaveError::Format(e.to_string()))?,
    };
    parse_unvalidated(&text, format).map_err(|e| SaveError::WouldNotReadBack(e.to_string()))?;
    Ok(text)
}

/// The backup kept beside a saved file: `NAME.bak` (e.g. `plan.ron.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves a scenario atomically, keeping the file it replaces as `NAME.bak`
/// (see the module notes for the exact order of steps), under the write lock.
pub fn save(path: &Path, s: &Scenario) -> Result<(), SaveError> {
    save_checked(path, s, None).map(|_| ())
}

/// [`save`], but first checks, under the write lock, that the file on disk is
/// still the one that was opened (`expected`, from [`load_tracked`] or the
/// previous save; `None` for a new file). Returns the fingerprint of what was
/// written, for the next save. A read-check-write that spans more than the
/// save (an import) holds a [`WriteLock`] itself and saves with it.
pub fn save_checked(path: &Path, s: &Scenario, expected: Option<&Fingerprint>) -> Result<Fingerprint, SaveError> {
    WriteLock::acquire(path)?.save(s, expected)
}

/// Whether the file still holds the bytes it held when fingerprinted. A file
/// that no longer exists is not a conflict: saving recreates it and loses nothing.
pub fn check_unchanged(path: &Path, expected: &Fingerprint) -> Result<(), Conflict> {
    let unreadable = |source| Conflict::Unreadable {
        source,
        path: path.to_owned(),
    };
    let changed = || Conflict::Changed { path: path.to_owned() };
    let len = match fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(unreadable(e)),
    };
    if len != expected.len {
        return Err(changed());
    }
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(LoadError::Io { source, .. }) => return Err(unreadable(source)),
        Err(_) => return Err(changed()),
    };
    if Fingerprint::of(&bytes) == *expected {
        Ok(())
    } else {
        Err(changed())
    }
}

/// Writes bytes to `path` through a temporary sibling file and a rename,
/// without a backup (exports, recovery files); a symlink is written through.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let target = write_target(path).map_err(|source| SaveError::Io {
        source,
        path: path.to_owned(),
    })?;
    replace_file(&target, bytes, false)
}

/// Distinguishes temporary files of saves running at once in one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The hidden temporary sibling a new version of `path` is written to first.
fn temp_sibling(path: &Path) -> Result<PathBuf, std::io::Error> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path does not end in a file name"))?;
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{}.{}.{n}.tmp", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(tmp))
}

/// The common path of every write: temporary sibling, optional backup, rename.
/// `path` is the real file (symlinks already followed).
pub(crate) fn replace_file(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), SaveError> {
    let io = |source, at: &Path| SaveError::Io {
        source,
        path: at.to_owned(),
    };
    let tmp = temp_sibling(path).map_err(|e| io(e, path))?;
    let result = write_synced(&tmp, bytes, fs::metadata(path).ok().map(|m| m.permissions()))
        .map_err(|e| io(e, path))
        .and_then(|()| {
            if keep_backup && path.is_file() {
                backup(path)?;
            }
            fs::rename(&tmp, path).map_err(|e| io(e, path))
        });
    if result.is_err() {
        // The temporary file is ours and incomplete or unneeded; the target is untouched.
        let _ = fs::remove_file(&tmp);
        return result;
    }
    sync_parent(path);
    Ok(())
}

/// Creates `tmp` with the bytes, flushed to disk, keeping the permissions of
/// the file it will replace (a private file stays private).
fn write_synced(tmp: &Path, bytes: &[u8], permissions: Option<fs::Permissions>) -> Result<(), std::io::Error> {
    // The name is unique to this process and save; a stale one left by a killed
    // process that had the same id is safely overwritten.
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp)?;
    if let Some(p) = permissions {
        f.set_permissions(p)?;
    }
    f.write_all(bytes)?;
    f.sync_all()
}

/// Removes the temporary files a killed save of `target` left beside it
/// (`.NAME.PID.N.tmp`, and `.NAME.bak.PID.N.tmp` of its backup). Called under
/// the write lock, when no other save of this file can be under way. Best
/// effort: a stray file that cannot be removed harms nothing.
pub(crate) fn remove_stale_temporaries(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        if is_temporary_of(&file.to_string_lossy(), &name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `file` is a temporary file of a save of `name`, as
/// [`temp_sibling`] names them: `.NAME.PID.N.tmp` or `.NAME.bak.PID.N.tmp`.
fn is_temporary_of(file: &str, name: &str) -> bool {
    let Some(rest) = file.strip_prefix('.').and_then(|f| f.strip_prefix(name)) else {
        return false;
    };
    let rest = rest.strip_prefix(".bak").unwrap_or(rest);
    let Some(numbers) = rest.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else {
        return false;
    };
    let parts: Vec<&str> = numbers.split('.').collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Copies the current file to `NAME.bak` through a temporary file and a rename.
fn backup(path: &Path) -> Result<(), SaveError> {
    let bak = backup_path(path);
    let io = |source| SaveError::Io {
        source,
        path: bak.clone(),
    };
    let tmp = temp_sibling(&bak).map_err(io)?;
    let result = (|| {
        fs::copy(path, &tmp)?;
        fs::File::open(&tmp)?.sync_all()?;
        fs::rename(&tmp, &bak)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Makes a rename durable where the platform allows it (not on Windows, where
/// a directory cannot be opened this way and renames are durable already).
fn sync_parent(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = fs::File::open(dir) {
        // Best effort by design: the file itself is already flushed and renamed.
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_version_is_refused_even_with_a_struct_name() {
        let e = parse_unvalidated(
            "Scenario(version: 2, name: \"x\", start_fy: 2026, horizon: 5, future: 1)",
            FileFormat::Ron,
        )
        .unwrap_err();
        assert!(matches!(e, LoadError::TooNew { found: 2, supported: 1 }), "{e}");
        assert!(e.to_string().contains("reads up to version 1"));
    }

    #[test]
    fn disposal_ids_are_filled_without_clashing() {
        let mut s = Scenario {
            disposals: vec![
                crate::model::Disposal::new("", "a", 2026),
                crate::model::Disposal::new("a-d2", "a", 2026),
                crate::model::Disposal::new("", "a", 2026),
                crate::model::Disposal::new("", "b", 2026),
            ]
            .into(),
            ..Scenario::default()
        };
        fill_disposal_ids(&mut s);
        let ids: Vec<&str> = s.disposals.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a-d1", "a-d2", "a-d3", "b-d1"]);
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let s = parse_unvalidated("\u{feff}(name: \"x\", start_fy: 2026, horizon: 5)", FileFormat::Ron).unwrap();
        assert_eq!(s.name, "x");
    }

    #[test]
    fn a_non_utf8_file_is_a_syntax_error_at_its_first_bad_byte() {
        let bytes = b"(name: \"x\",\n  notes: \"caf\xe9\")".to_vec();
        let bad = String::from_utf8(bytes.clone()).unwrap_err().utf8_error().valid_up_to();
        let e = not_text(&bytes, bad);
        assert!(matches!(e, LoadError::Syntax { line: 2, col: 14, .. }), "{e}");
    }

    #[test]
    fn only_our_own_temporary_files_count_as_stale() {
        assert!(is_temporary_of(".plan.ron.123.0.tmp", "plan.ron"));
        assert!(is_temporary_of(".plan.ron.bak.123.45.tmp", "plan.ron"));
        assert!(!is_temporary_of(".plan.ron.123.tmp", "plan.ron"));
        assert!(!is_temporary_of(".plan.ron.x.0.tmp", "plan.ron"));
        assert!(!is_temporary_of(".plan.ron.lock", "plan.ron"));
        assert!(!is_temporary_of(".other.ron.1.2.tmp", "plan.ron"));
        assert!(!is_temporary_of("plan.ron.1.2.tmp", "plan.ron"));
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
