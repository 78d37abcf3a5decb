//! Writing unsaved work aside, so a crash or a kill costs at most 30 seconds.
//!
//! While the document has unsaved changes, its scenario is written to the
//! recovery store 30 seconds after the first change not yet written, and at
//! once after a large edit (an import, a delete of many rows). Nothing is
//! written when nothing changed since the last write. The write (formatting a
//! 5,000-site scenario and flushing it to disk) runs on a background thread
//! with a clone of the scenario, so the frame does not wait for the disk.
//!
//! The recovery files this run wrote, or restored from, are deleted once the
//! work is saved, discarded or back to its saved state, and on a clean close.
//! No egui here; time is passed in, so tests need not wait.

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use estates_core::recovery::{RecoveryError, RecoveryStore};

use super::document::Document;

/// The most unsaved work a crash may cost.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// How often the frame looks at a write in progress.
const POLL: Duration = Duration::from_millis(100);

type Write = JoinHandle<Result<PathBuf, RecoveryError>>;

/// A write running on its own thread, and the revision it holds.
struct InFlight {
    handle: Write,
    revision: u64,
}

pub struct Autosave {
    /// `None` when unsaved work cannot be kept aside (tests that do not ask
    /// for it, or no per-user folder); the app then says so once.
    store: Option<RecoveryStore>,
    /// The document revision last written (or the one it was bound at).
    written: u64,
    /// When the oldest change not yet written was noticed.
    pending_since: Option<Instant>,
    /// When the last write failed: the next try waits a full interval.
    failed_at: Option<Instant>,
    in_flight: Option<InFlight>,
    /// Recovery files of the current work: the one this run writes, and one
    /// restored from an earlier run until it is superseded.
    files: Vec<PathBuf>,
}

impl Autosave {
    pub fn new(store: Option<RecoveryStore>) -> Self {
        Autosave {
            store,
            written: 0,
            pending_since: None,
            failed_at: None,
            in_flight: None,
            files: Vec::new(),
        }
    }

    pub fn store(&self) -> Option<&RecoveryStore> {
        self.store.as_ref()
    }

    /// Starts following a new document (opened, new, or restored). The files
    /// of the previous one must have been dealt with by [`Autosave::discard`].
    pub fn bind(&mut self, doc: &Document) {
        self.written = doc.revision();
        self.pending_since = None;
        self.failed_at = None;
    }

    /// Takes over a recovery file that was restored: it stays until the work
    /// is saved or a newer recovery of it is written.
    pub fn adopt(&mut self, recovery_file: PathBuf) {
        if !self.files.contains(&recovery_file) {
            self.files.push(recovery_file);
        }
    }

    /// Called every frame: collects a finished write, deletes the recovery
    /// once the work is back to its saved state, and starts a write when one
    /// is due. Returns the errors to show.
    pub fn tick(&mut self, doc: &Document, now: Instant) -> Vec<RecoveryError> {
        let mut errors = Vec::new();
        if self.in_flight.as_ref().is_some_and(|w| w.handle.is_finished()) {
            errors.extend(self.collect(now));
        }
        if !doc.is_dirty() {
            self.pending_since = None;
            if self.in_flight.is_none() {
                errors.extend(self.delete_files());
            }
            return errors;
        }
        if doc.revision() != self.written && self.in_flight.is_none() {
            self.pending_since.get_or_insert(now);
        }
        if self.is_due(doc, now) {
            if let Err(e) = self.start(doc) {
                self.failed_at = Some(now);
                errors.push(e);
            }
        }
        errors
    }

    /// Whether a write should start now.
    pub fn is_due(&self, doc: &Document, now: Instant) -> bool {
        let Some(since) = self.pending_since else {
            return false;
        };
        let resting = self.failed_at.is_some_and(|at| now.duration_since(at) < INTERVAL);
        let large = doc.large_edit_revision() > self.written;
        self.store.is_some()
            && self.in_flight.is_none()
            && doc.is_dirty()
            && !resting
            && (large || now.duration_since(since) >= INTERVAL)
    }

    /// How long until the frame should run again for the autosave, if at all.
    pub fn wake_in(&self, doc: &Document, now: Instant) -> Option<Duration> {
        if self.in_flight.is_some() {
            return Some(POLL);
        }
        let since = self.pending_since.filter(|_| doc.is_dirty() && self.store.is_some())?;
        let mut at = since + INTERVAL;
        if let Some(failed) = self.failed_at {
            at = at.max(failed + INTERVAL);
        }
        Some(at.saturating_duration_since(now).max(POLL))
    }

    /// Waits for a write in progress (before deleting files, and in tests).
    pub fn finish(&mut self, now: Instant) -> Vec<RecoveryError> {
        self.collect(now).into_iter().collect()
    }

    /// The work was saved or deliberately thrown away: its recovery files go.
    pub fn discard(&mut self, now: Instant) -> Vec<RecoveryError> {
        let mut errors = self.finish(now);
        errors.extend(self.delete_files());
        self.pending_since = None;
        self.failed_at = None;
        errors
    }

    /// The recovery files of the current work (tests, and the close notice).
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    fn start(&mut self, doc: &Document) -> Result<(), RecoveryError> {
        let Some(store) = self.store.clone() else {
            return Ok(());
        };
        // The clone is the only cost to the frame; formatting and flushing run aside.
        let scenario = doc.scenario.clone();
        let original = doc.path().map(std::path::Path::to_owned);
        // Never over an earlier run's recovery still waiting for an answer.
        let path = store.free_path_for(original.as_deref(), |p| self.files.iter().any(|f| f == p));
        let handle = std::thread::Builder::new()
            .name("recovery-write".to_owned())
            .spawn(move || store.write_at(&path, &scenario, original.as_deref()))
            .map_err(|source| RecoveryError::Io {
                source,
                path: self.store.as_ref().map(|s| s.dir().to_owned()).unwrap_or_default(),
            })?;
        self.in_flight = Some(InFlight {
            handle,
            revision: doc.revision(),
        });
        self.pending_since = None;
        Ok(())
    }

    /// Joins the write in progress, if any, and records its outcome.
    fn collect(&mut self, now: Instant) -> Option<RecoveryError> {
        let write = self.in_flight.take()?;
        let outcome = write.handle.join().unwrap_or_else(|_| {
            Err(RecoveryError::Io {
                source: std::io::Error::other("the recovery writer stopped unexpectedly"),
                path: self.store.as_ref().map(|s| s.dir().to_owned()).unwrap_or_default(),
            })
        });
        match outcome {
            Ok(path) => {
                self.written = write.revision;
                self.failed_at = None;
                self.supersede(path)
            }
            Err(e) => {
                self.failed_at = Some(now);
                Some(e)
            }
        }
    }

    /// The file just written is the current recovery; any other (a restored
    /// one under an older name) is out of date.
    fn supersede(&mut self, written: PathBuf) -> Option<RecoveryError> {
        let old: Vec<PathBuf> = self.files.drain(..).filter(|f| *f != written).collect();
        self.files.push(written);
        let store = self.store.as_ref()?;
        old.iter().find_map(|f| store.discard(f).err())
    }

    fn delete_files(&mut self) -> Vec<RecoveryError> {
        let Some(store) = &self.store else {
            self.files.clear();
            return Vec::new();
        };
        let mut errors = Vec::new();
        // A file that cannot be deleted is kept in the list, to try again later.
        self.files.retain(|f| match store.discard(f) {
            Ok(()) => false,
            Err(e) => {
                errors.push(e);
                true
            }
        });
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::document::Origin;
    use estates_core::Scenario;

    fn store() -> (tempfile::TempDir, RecoveryStore) {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let store = RecoveryStore::at(dir.path().join("recovery"));
        (dir, store)
    }

    fn doc() -> Document {
        Document::sample().expect("the built-in sample is valid")
    }

    fn edit(doc: &mut Document, name: &str) {
        doc.scenario.name = name.to_owned();
        doc.sync();
    }

    fn found(store: &RecoveryStore) -> Vec<String> {
        let scan = store.find().expect("the store reads");
        scan.found.into_iter().map(|r| r.scenario.name).collect()
    }

    #[test]
    fn unsaved_work_is_written_thirty_seconds_after_the_first_change_and_only_once() {
        let (_dir, store) = store();
        let mut doc = doc();
        let mut autosave = Autosave::new(Some(store.clone()));
        autosave.bind(&doc);
        let t0 = Instant::now();
        assert!(autosave.tick(&doc, t0).is_empty());
        assert!(!autosave.is_due(&doc, t0), "nothing unsaved");

        edit(&mut doc, "First");
        autosave.tick(&doc, t0);
        edit(&mut doc, "Second");
        autosave.tick(&doc, t0 + Duration::from_secs(20));
        assert!(found(&store).is_empty(), "not yet due");
        assert_eq!(
            autosave.wake_in(&doc, t0 + Duration::from_secs(20)),
            Some(Duration::from_secs(10))
        );

        autosave.tick(&doc, t0 + INTERVAL);
        assert!(autosave.finish(t0 + INTERVAL).is_empty());
        assert_eq!(found(&store), ["Second"]);
        assert!(!autosave.is_due(&doc, t0 + INTERVAL * 5), "nothing changed since");

        edit(&mut doc, "Third");
        let t1 = t0 + INTERVAL * 6;
        autosave.tick(&doc, t1);
        assert!(!autosave.is_due(&doc, t1 + Duration::from_secs(29)));
        assert!(autosave.is_due(&doc, t1 + INTERVAL));
    }

    #[test]
    fn a_large_edit_is_written_at_once() {
        let (_dir, store) = store();
        let mut doc = doc();
        let mut autosave = Autosave::new(Some(store.clone()));
        autosave.bind(&doc);
        let now = Instant::now();
        let site = doc.scenario.sites[0].clone();
        for i in 0..LARGE {
            let mut copy = site.clone();
            copy.id = format!("copy-{i}");
            doc.scenario.sites.push(copy);
        }
        doc.sync();
        autosave.tick(&doc, now);
        autosave.finish(now);
        assert_eq!(found(&store).len(), 1);
    }

    /// Items added in one edit that make it a large one.
    const LARGE: usize = 12;

    #[test]
    fn the_recovery_goes_once_the_work_is_saved_or_undone() {
        let (dir, store) = store();
        let mut doc = doc();
        let mut autosave = Autosave::new(Some(store.clone()));
        autosave.bind(&doc);
        let now = Instant::now();
        edit(&mut doc, "Unsaved");
        autosave.tick(&doc, now);
        autosave.tick(&doc, now + INTERVAL);
        autosave.finish(now + INTERVAL);
        assert_eq!(autosave.files().len(), 1);

        doc.undo();
        autosave.tick(&doc, now + INTERVAL);
        assert!(found(&store).is_empty(), "back to the saved state: nothing to recover");

        edit(&mut doc, "Again");
        autosave.tick(&doc, now);
        autosave.tick(&doc, now + INTERVAL);
        doc.save_to(&dir.path().join("plan.ron"), false).expect("saved");
        assert!(autosave.discard(now).is_empty());
        assert!(found(&store).is_empty());
    }

    #[test]
    fn a_restored_untitled_recovery_is_replaced_by_the_next_write() {
        let (_dir, store) = store();
        let earlier = Scenario {
            name: "Earlier run".into(),
            ..Scenario::default()
        };
        // Named as an earlier process would have named it.
        let old = store.dir().join("untitled-1.ron");
        let written = store.write(&earlier, None).expect("written");
        std::fs::rename(&written, &old).expect("renamed");

        let mut doc = Document::recovered(earlier, None);
        assert_eq!(doc.origin(), &Origin::Untitled);
        assert!(doc.is_dirty());
        let mut autosave = Autosave::new(Some(store.clone()));
        autosave.bind(&doc);
        autosave.adopt(old.clone());
        let now = Instant::now();
        edit(&mut doc, "Carried on");
        autosave.tick(&doc, now);
        autosave.tick(&doc, now + INTERVAL);
        autosave.finish(now + INTERVAL);
        assert!(!old.exists(), "the restored file is superseded");
        assert_eq!(found(&store), ["Carried on"]);
    }

    #[test]
    fn a_recovery_nobody_answered_for_yet_is_never_written_over() {
        let (_dir, store) = store();
        let mut doc = doc();
        let sample_name = doc.scenario.name.clone();
        // An earlier run's unsaved work on the same (untitled) scenario, offered and left for later.
        let undecided = store.write(&doc.scenario, None).expect("written");
        let mut autosave = Autosave::new(Some(store.clone()));
        autosave.bind(&doc);
        let now = Instant::now();
        edit(&mut doc, "This run");
        autosave.tick(&doc, now);
        autosave.tick(&doc, now + INTERVAL);
        autosave.finish(now + INTERVAL);
        assert!(undecided.exists());
        let mut names = found(&store);
        names.sort();
        assert_eq!(names, [sample_name, "This run".to_owned()]);
        assert!(autosave.discard(now).is_empty());
        assert!(undecided.exists(), "only this run's file goes");
    }

    #[test]
    fn a_failed_write_is_reported_and_retried_after_an_interval() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        // A file where the store's folder should be: the folder cannot be made.
        let blocker = dir.path().join("blocked");
        std::fs::write(&blocker, "").expect("written");
        let store = RecoveryStore::at(blocker.join("recovery"));
        let mut doc = doc();
        let mut autosave = Autosave::new(Some(store));
        autosave.bind(&doc);
        let now = Instant::now();
        edit(&mut doc, "Unsaved");
        autosave.tick(&doc, now);
        autosave.tick(&doc, now + INTERVAL);
        assert_eq!(autosave.finish(now + INTERVAL).len(), 1, "the failure is reported");
        let later = now + INTERVAL + Duration::from_secs(1);
        assert!(autosave.tick(&doc, later).is_empty());
        assert!(!autosave.is_due(&doc, later), "no retry every frame");
        assert!(autosave.is_due(&doc, now + INTERVAL * 3));
    }
}
