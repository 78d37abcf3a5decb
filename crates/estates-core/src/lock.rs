//! One writer at a time: the advisory lock held for the whole
//! read-check-write of a save or an import, and the path a save really
//! writes (a symlinked scenario is written through its link).
//!
//! The lock is an operating-system lock (`flock` on Unix, `LockFileEx` on
//! Windows) on a hidden file beside the scenario, `.NAME.lock`, which says
//! who holds it so that a second writer can be told. The system releases the
//! lock when the holder exits or is killed, so a crash never leaves a file
//! locked for ever (only, at worst, an unlocked `.lock` file, which the next
//! writer reuses). On Unix the holder deletes the lock file as it finishes; a
//! writer that was waiting on the deleted file notices, once it has the lock,
//! that the path no longer names that file, and locks the path afresh.
//!
//! Every writer of a scenario goes through [`WriteLock`]: the app's save, and
//! every command that writes one (`import-sites --into`, `generate`, saves of
//! migrated files). Exports and recovery files are not scenarios and are not
//! locked.

use std::fs;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::io::{check_unchanged, remove_stale_temporaries, replace_file, FileFormat, Fingerprint, SaveError};
use crate::model::Scenario;

/// How long a second writer waits for the first to finish before refusing.
/// A save takes milliseconds and an import of a large register about a
/// second, so this covers any writer that is working rather than stuck.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// How often a waiting writer tries the lock again.
const LOCK_RETRY: Duration = Duration::from_millis(20);

/// Symbolic links followed before giving up, as the operating system does
/// (Linux's limit is 40).
const MAX_LINKS: usize = 40;

/// The write lock on one scenario file, held until dropped.
#[derive(Debug)]
pub struct WriteLock {
    /// Holds the operating-system lock; closing it releases the lock.
    _file: fs::File,
    lock_path: PathBuf,
    /// The file written: the scenario path with its symlinks followed.
    target: PathBuf,
    /// The format of the path as given (a link's name, like a load through it).
    format: FileFormat,
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Deleted while still locked (the file closes after this), so no
        // writer can lock it after it is gone without noticing. Windows
        // cannot delete an open file; there the lock file stays, harmlessly.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.lock_path);
        }
    }
}

impl WriteLock {
    /// Locks the scenario at `path` for writing, waiting up to [`LOCK_WAIT`]
    /// for another writer to finish; then refuses naming who holds it.
    pub fn acquire(path: &Path) -> Result<WriteLock, SaveError> {
        Self::acquire_within(path, LOCK_WAIT)
    }

    /// [`WriteLock::acquire`] with a chosen wait (tests use a short one).
    pub fn acquire_within(path: &Path, wait: Duration) -> Result<WriteLock, SaveError> {
        let io = |source, at: &Path| SaveError::Io {
            source,
            path: at.to_owned(),
        };
        let target = write_target(path).map_err(|e| io(e, path))?;
        refuse_non_file(&target)?;
        let lock_path = lock_path(&target).map_err(|e| io(e, &target))?;
        let started = Instant::now();
        loop {
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock_path)
                .map_err(|e| io(e, &lock_path))?;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(fs::TryLockError::WouldBlock) if started.elapsed() < wait => std::thread::sleep(LOCK_RETRY),
                    Err(fs::TryLockError::WouldBlock) => {
                        return Err(SaveError::Locked {
                            holder: holder_of(&mut file),
                            path: target,
                        })
                    }
                    Err(fs::TryLockError::Error(e)) => return Err(io(e, &lock_path)),
                }
            }
            if !still_at(&file, &lock_path) {
                // The writer before us deleted this lock file as it finished.
                continue;
            }
            // Who holds it, for a writer that has to wait. Best effort: the lock
            // itself is what keeps writers apart, whatever this text says.
            let _ = write_holder(&mut file);
            return Ok(WriteLock {
                _file: file,
                lock_path,
                target,
                format: FileFormat::of(path),
            });
        }
    }

    /// The file a save writes: the path locked, with its symlinks followed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Saves the scenario over the locked file atomically, keeping the file it
    /// replaces as `NAME.bak` beside it, after checking under the lock that
    /// the file on disk is still `expected` (`None`: replace whatever is
    /// there). Stale temporary files of a killed save of this file are
    /// removed first. Returns the fingerprint of what was written.
    pub fn save(&self, s: &Scenario, expected: Option<&Fingerprint>) -> Result<Fingerprint, SaveError> {
        // Read under the lock, so the comments kept are those of the file replaced.
        let text = crate::comments::text_keeping_comments(&self.target, s, self.format)?;
        if let Some(expected) = expected {
            check_unchanged(&self.target, expected)?;
        }
        remove_stale_temporaries(&self.target);
        replace_file(&self.target, text.as_bytes(), true)?;
        Ok(Fingerprint::of(text.as_bytes()))
    }
}

/// The file a write to `path` replaces: `path` itself, or, when it is a
/// symbolic link, the file the link points to (followed link by link, so a
/// link to a file that does not exist yet creates that file). Replacing the
/// link instead would leave the real file unchanged and the link gone.
pub fn write_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut target = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&target)?;
                // A relative link is relative to the folder holding the link.
                target = match target.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links to follow (a loop?)"
    )))
}

/// Refuses to write over something that is not a regular file (a folder, a
/// named pipe, a device, a socket): a missing file is fine, it is created.
fn refuse_non_file(target: &Path) -> Result<(), SaveError> {
    match fs::metadata(target) {
        Ok(m) => match not_a_file(&m.file_type()) {
            Some(kind) => Err(SaveError::NotAFile {
                kind,
                path: target.to_owned(),
            }),
            None => Ok(()),
        },
        Err(_) => Ok(()),
    }
}

/// What a path is when it is not a regular file, in words; `None` for a file.
pub fn not_a_file(t: &fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Whether `path` still names the open lock `file` (Unix: the same device and
/// inode). Elsewhere lock files are never deleted, so it always does.
fn still_at(file: &fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The lock file of a scenario: `.NAME.lock` beside it.
pub fn lock_path(target: &Path) -> std::io::Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path does not end in a file name"))?;
    Ok(target.with_file_name(format!(".{}.lock", name.to_string_lossy())))
}

/// Writes who holds the lock into the lock file: program, host, process id
/// and since when.
fn write_holder(file: &mut fs::File) -> std::io::Result<()> {
    let host = gethostname::gethostname();
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let text = format!(
        "{} on {}, process {}, since {}\n",
        program(),
        host.to_string_lossy(),
        std::process::id(),
        utc_time(since)
    );
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// What the lock file says about its holder, for the refusal.
fn holder_of(file: &mut fs::File) -> String {
    let mut text = String::new();
    let read = file.rewind().and_then(|()| file.take(1024).read_to_string(&mut text));
    match read {
        Ok(_) if !text.trim().is_empty() => text.trim().to_owned(),
        _ => "another program".to_owned(),
    }
}

/// This program's name, with the command when run as one (`estates-receipts
/// import-sites`), so the holder named is recognisable.
fn program() -> String {
    let mut args = std::env::args_os();
    let exe = args
        .next()
        .map(PathBuf::from)
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "estates-receipts".to_owned());
    match args.next().map(|a| a.to_string_lossy().into_owned()) {
        Some(command) if !command.is_empty() && command.chars().all(|c| c.is_ascii_lowercase() || c == '-') => {
            format!("{exe} {command}")
        }
        _ => exe,
    }
}

/// Seconds since 1970 as `2026-12-02 09:30:00 UTC`.
fn utc_time(secs: u64) -> String {
    let (y, m, d) = crate::export::civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!("{y}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_in_utc() {
        assert_eq!(utc_time(0), "1970-01-01 00:00:00 UTC");
        // 1 November 2026 is day 20,758; plus 09:05:07.
        assert_eq!(
            utc_time(20_758 * 86_400 + 9 * 3600 + 5 * 60 + 7),
            "2026-11-01 09:05:07 UTC"
        );
    }

    #[test]
    fn lock_files_are_hidden_beside_the_scenario() {
        assert_eq!(
            lock_path(Path::new("/a/plan.ron")).unwrap(),
            Path::new("/a/.plan.ron.lock")
        );
    }
}
