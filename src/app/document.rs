//! The scenario being edited, its file, its undo history and its results.
//!
//! No egui here: the editors change `scenario` in place during a frame, and
//! [`Document::sync`] notices the change afterwards by comparing with the last
//! snapshot. One change found is one undo step, one recompute and one
//! "unsaved" mark. Editors commit text on Enter or focus loss, so this is per
//! meaningful change, not per keystroke.

use std::path::{Path, PathBuf};

use estates_core::charts::{chart, Chart, ChartId};
use estates_core::io::{self, FileFormat, Fingerprint, LoadError, SaveError};
use estates_core::validate::validate;
use estates_core::{compute, Problem, Report, Scenario};

/// The Lewisham sample, built into the binary so the app works from any directory.
pub const SAMPLE_RON: &str = include_str!("../../sample_scenarios/lewisham-national.ron");

/// Undo steps kept; a London-scale scenario is a few MB, so this bounds memory.
const MAX_UNDO: usize = 100;

/// Where the scenario came from, for the title and for Save.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    File(PathBuf),
    /// The built-in sample: Save asks for a file.
    Sample,
    /// Started with New: Save asks for a file.
    Untitled,
}

/// Results of the last valid version of the scenario.
#[derive(Debug, Clone)]
pub struct Results {
    pub report: Report,
    /// Built once per recompute, not every frame.
    pub charts: Vec<Chart>,
}

impl Results {
    fn of(scenario: &Scenario) -> Self {
        let report = compute(scenario);
        let charts = ChartId::ALL.iter().map(|id| chart(*id, scenario, &report)).collect();
        Results { report, charts }
    }
}

pub struct Document {
    /// Edited in place by the editor views.
    pub scenario: Scenario,
    origin: Origin,
    /// The bytes of the file as opened or last saved, to refuse saving over
    /// someone else's changes.
    fingerprint: Option<Fingerprint>,
    /// The scenario as last synced; a difference means an edit happened.
    snapshot: Scenario,
    /// The scenario as on disk (or as opened), for the unsaved marker.
    saved: Scenario,
    dirty: bool,
    undo: Vec<Scenario>,
    redo: Vec<Scenario>,
    /// Validation errors, or the engine's warnings when there are none.
    problems: Vec<Problem>,
    /// From the last version without errors; `None` if there never was one.
    results: Option<Results>,
}

impl Document {
    pub fn new(scenario: Scenario, origin: Origin) -> Self {
        let mut doc = Document {
            snapshot: scenario.clone(),
            saved: scenario.clone(),
            scenario,
            origin,
            fingerprint: None,
            dirty: false,
            undo: Vec::new(),
            redo: Vec::new(),
            problems: Vec::new(),
            results: None,
        };
        doc.analyse();
        doc
    }

    /// The built-in Lewisham sample. It is checked by the tests, so a parse
    /// failure here is a build defect; the caller still reports it.
    pub fn sample() -> Result<Self, LoadError> {
        io::parse(SAMPLE_RON, FileFormat::Ron).map(|s| Document::new(s, Origin::Sample))
    }

    /// Opens a file that may break model rules, so they can be fixed in the app.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let (scenario, fingerprint) = io::load_tracked_unvalidated(path)?;
        let mut doc = Document::new(scenario, Origin::File(path.to_owned()));
        doc.fingerprint = Some(fingerprint);
        Ok(doc)
    }

    /// The scenario to edit and its problems, borrowed together for an editor view.
    pub fn edit_parts(&mut self) -> (&mut Scenario, &[Problem]) {
        (&mut self.scenario, &self.problems)
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            Origin::Sample | Origin::Untitled => None,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// The results shown are from an earlier version: the current one has errors.
    pub fn is_stale(&self) -> bool {
        self.error_count() > 0
    }

    /// Records an edit made since the last sync. Returns whether there was one.
    pub fn sync(&mut self) -> bool {
        if self.scenario == self.snapshot {
            return false;
        }
        let before = std::mem::replace(&mut self.snapshot, self.scenario.clone());
        self.undo.push(before);
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.changed();
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self) -> bool {
        // An edit not yet synced is recorded first, so undo never skips it.
        self.sync();
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        self.redo.push(std::mem::replace(&mut self.scenario, previous));
        self.snapshot = self.scenario.clone();
        self.changed();
        true
    }

    pub fn redo(&mut self) -> bool {
        self.sync();
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.scenario, next));
        self.snapshot = self.scenario.clone();
        self.changed();
        true
    }

    /// Writes the scenario atomically and makes `path` its file. Saving over
    /// the document's own file first checks nobody changed it on disk; a file
    /// the user chose with Save as is replaced as asked.
    pub fn save_to(&mut self, path: &Path, own_file: bool) -> Result<(), SaveError> {
        self.sync();
        let expected = if own_file { self.fingerprint.as_ref() } else { None };
        self.fingerprint = Some(io::save_checked(path, &self.scenario, expected)?);
        self.origin = Origin::File(path.to_owned());
        self.saved = self.scenario.clone();
        self.dirty = false;
        Ok(())
    }

    fn changed(&mut self) {
        self.dirty = self.scenario != self.saved;
        self.analyse();
    }

    /// Validates, and computes only a valid scenario: the engine trusts
    /// validation, and a stale but correct result is better than a wrong one.
    fn analyse(&mut self) {
        let errors = validate(&self.scenario);
        if errors.is_empty() {
            let results = Results::of(&self.scenario);
            self.problems = results.report.warnings.clone();
            self.results = Some(results);
        } else {
            self.problems = errors;
        }
    }
}

/// A load failure as the user reads it, with the file's path last.
pub fn describe_load_error(path: &Path, error: &LoadError) -> String {
    match error {
        // Already ends with the path.
        LoadError::Io { .. } => format!("Cannot open the scenario: {error}"),
        _ => format!("Cannot open the scenario: {error}: {}", path.display()),
    }
}

/// A save failure as the user reads it, with the file's path last.
pub fn describe_save_error(path: &Path, error: &SaveError) -> String {
    match error {
        // These already end with the path.
        SaveError::Io { .. } | SaveError::Conflict(_) => format!("Cannot save; nothing was overwritten: {error}"),
        _ => format!("Cannot save; nothing was overwritten: {error}: {}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document::sample().expect("the built-in sample is valid")
    }

    #[test]
    fn an_edit_is_one_undo_step_and_marks_unsaved() {
        let mut doc = sample();
        let before = doc.results().map(|r| r.report.totals.gross_receipts);
        assert!(!doc.sync());
        for site in &mut doc.scenario.sites {
            site.value *= 2.0;
        }
        assert!(doc.sync());
        assert!(doc.is_dirty());
        assert_ne!(doc.results().map(|r| r.report.totals.gross_receipts), before);
        assert!(doc.undo());
        assert!(!doc.is_dirty(), "undoing back to the saved state is clean again");
        assert_eq!(doc.results().map(|r| r.report.totals.gross_receipts), before);
        assert!(!doc.can_undo());
        assert!(doc.redo());
        assert!(doc.is_dirty());
    }

    #[test]
    fn an_invalid_edit_keeps_the_last_valid_results() {
        let mut doc = sample();
        let valid = doc.results().map(|r| r.report.totals.clone());
        doc.scenario.horizon = 0;
        doc.sync();
        assert!(doc.is_stale());
        assert!(doc.problems().iter().any(|p| p.is_error() && p.field == "horizon"));
        assert_eq!(doc.results().map(|r| r.report.totals.clone()), valid);
    }

    #[test]
    fn saving_over_a_file_changed_on_disk_is_refused() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let path = dir.path().join("plan.ron");
        let mut doc = sample();
        doc.save_to(&path, false).expect("first save");
        let mut doc = Document::open(&path).expect("reopens");
        std::fs::write(&path, SAMPLE_RON.replace("Lewisham", "Someone else's")).expect("changed elsewhere");
        doc.scenario.name = "Mine".into();
        let error = doc.save_to(&path, true).expect_err("a conflict");
        assert!(describe_save_error(&path, &error).contains("changed on disk"));
        assert!(doc.is_dirty(), "nothing was saved");
        doc.save_to(&path, false).expect("Save as over it, by choice");
        assert_eq!(io::load(&path).map(|s| s.name).ok(), Some("Mine".to_owned()));
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut doc = sample();
        doc.scenario.name = "A".into();
        doc.sync();
        doc.undo();
        assert!(doc.can_redo());
        doc.scenario.name = "B".into();
        doc.sync();
        assert!(!doc.can_redo());
    }
}
