//! The scenario being edited, its file, its undo history and its results.
//!
//! No egui here: the editors change `scenario` in place during a frame, and
//! [`Document::sync`] notices the change afterwards by comparing with the last
//! snapshot. One change found is one undo step, one recompute and one
//! "unsaved" mark. Editors commit text on Enter or focus loss, so this is per
//! meaningful change, not per keystroke.
//!
//! The scenario's lists are shared between the scenario, its snapshot and the
//! undo steps until one of them changes ([`estates_core::model::Shared`]), so a
//! step costs only the lists its edit touched, and the comparison each frame
//! skips the lists that no edit touched. Each step is named for the menu and
//! the history by what differs (`Change Downham health centre: market value`).

use std::path::{Path, PathBuf};

use estates_core::charts::{chart, Chart, ChartId};
use estates_core::edit_summary::{summarise, EditSummary};
use estates_core::import::{apply_import, ImportPlan};
use estates_core::io::{self, FileFormat, Fingerprint, LoadError, SaveError};
use estates_core::problem::ItemKind;
use estates_core::validate::{revalidate, validate};
use estates_core::{compute, Problem, Report, Scenario};

/// The Lewisham sample, built into the binary so the app works from any directory.
pub const SAMPLE_RON: &str = include_str!("../../sample_scenarios/lewisham-national.ron");

/// Undo steps kept: each holds the lists its edit changed (a few MB for a
/// London-scale list), so this bounds memory.
const MAX_UNDO: usize = 100;

/// An edit that adds or removes at least this many items (sites, disposals,
/// ...) is a large edit: the work it represents is written aside at once.
const LARGE_EDIT_ITEMS: usize = 10;

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

/// One step of the undo history: the scenario on the other side of an edit
/// (before it, on the undo list; after it, on the redo list) and what the edit did.
struct Step {
    scenario: Scenario,
    edit: EditSummary,
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
    /// The scenario as on disk (or as opened), for the unsaved marker;
    /// `None` when nothing on disk holds it (restored unsaved work).
    saved: Option<Scenario>,
    dirty: bool,
    /// Counts changes (edits, undos, redos, imports), so that unsaved work is
    /// written aside only when it changed since the last time.
    revision: u64,
    /// The revision of the last large edit (0 for none).
    large_edit_revision: u64,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Validation errors, or the engine's warnings when there are none.
    problems: Vec<Problem>,
    /// The scenario as last validated and its errors, so that the next edit
    /// re-runs only the rules it can change ([`revalidate`]).
    validated: (Scenario, Vec<Problem>),
    /// From the last version without errors; `None` if there never was one.
    results: Option<Results>,
}

impl Document {
    pub fn new(scenario: Scenario, origin: Origin) -> Self {
        let errors = validate(&scenario);
        let mut doc = Document {
            validated: (scenario.clone(), errors),
            snapshot: scenario.clone(),
            saved: Some(scenario.clone()),
            scenario,
            origin,
            fingerprint: None,
            dirty: false,
            revision: 0,
            large_edit_revision: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            problems: Vec::new(),
            results: None,
        };
        doc.recompute();
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

    /// Unsaved work written aside by an earlier run, bound to its original
    /// file (if any) and unsaved until the user saves it. The original as it
    /// is on disk now is what a save replaces without asking.
    pub fn recovered(scenario: Scenario, original: Option<PathBuf>) -> Self {
        let (saved, fingerprint) = original.as_deref().map_or((None, None), original_on_disk);
        let mut doc = Document::new(scenario, original.map_or(Origin::Untitled, Origin::File));
        doc.saved = saved;
        doc.fingerprint = fingerprint;
        doc.dirty = doc.saved.as_ref() != Some(&doc.scenario);
        doc
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

    /// Changes since the document was made; see [`Document::large_edit_revision`].
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The revision at which the last large edit happened (0 for none).
    pub fn large_edit_revision(&self) -> u64 {
        self.large_edit_revision
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

    /// The results of the scenario as it is now: none while it has errors,
    /// as the last valid results belong to other sites and disposals.
    pub fn current_results(&self) -> Option<&Results> {
        self.results.as_ref().filter(|_| !self.is_stale())
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
        let large = is_large_change(&before, &self.scenario);
        let edit = summarise(&before, &self.scenario);
        let site = self.site_changed_since_validated(&before, &edit);
        self.undo.push(Step { scenario: before, edit });
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.changed(large, site);
        true
    }

    /// Applies an import plan as one undo step (an edit not yet synced is
    /// recorded first, as its own step). Returns whether anything changed.
    pub fn import(&mut self, plan: &ImportPlan) -> bool {
        self.sync();
        apply_import(&mut self.scenario, plan);
        let changed = self.sync();
        if changed {
            // However few rows: the user would not want to import it again.
            self.large_edit_revision = self.revision;
            if let Some(step) = self.undo.last_mut() {
                step.edit = EditSummary::named(import_label(plan));
            }
        }
        changed
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What Undo would undo, named: `Change land value growth`.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|step| step.edit.label.as_str())
    }

    /// What Redo would redo, named.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|step| step.edit.label.as_str())
    }

    /// The edits that can be undone, the most recent first.
    pub fn history(&self) -> impl Iterator<Item = &str> {
        self.undo.iter().rev().map(|step| step.edit.label.as_str())
    }

    /// Undoes the last edit; returns what it was, with the item it touched as
    /// it is again now (for showing it), or `None` when there was nothing to undo.
    pub fn undo(&mut self) -> Option<EditSummary> {
        self.undo_steps(1)
    }

    /// Redoes the last edit undone; returns what it was.
    pub fn redo(&mut self) -> Option<EditSummary> {
        self.sync();
        let Step { scenario, edit } = self.redo.pop()?;
        let redone = std::mem::replace(&mut self.scenario, scenario);
        let large = is_large_change(&redone, &self.scenario);
        self.undo.push(Step {
            scenario: redone,
            edit: edit.clone(),
        });
        self.snapshot = self.scenario.clone();
        self.changed(large, None);
        Some(edit)
    }

    /// Undoes the `steps` most recent edits at once (a jump back in the
    /// history), with one recompute; returns the earliest of them, the one
    /// whose item the user now sees.
    pub fn undo_steps(&mut self, steps: usize) -> Option<EditSummary> {
        // An edit not yet synced is recorded first, so undo never skips it.
        self.sync();
        let start = self.scenario.clone();
        let mut earliest = None;
        for _ in 0..steps {
            let Some(Step { scenario, edit }) = self.undo.pop() else {
                break;
            };
            let undone = std::mem::replace(&mut self.scenario, scenario);
            self.redo.push(Step {
                scenario: undone,
                edit: edit.clone(),
            });
            earliest = Some(edit);
        }
        if earliest.is_some() {
            self.snapshot = self.scenario.clone();
            let large = is_large_change(&start, &self.scenario);
            self.changed(large, None);
        }
        earliest
    }

    /// Writes the scenario atomically and makes `path` its file. Saving over
    /// the document's own file first checks nobody changed it on disk; a file
    /// the user chose with Save as is replaced as asked.
    pub fn save_to(&mut self, path: &Path, own_file: bool) -> Result<(), SaveError> {
        self.sync();
        let expected = if own_file { self.fingerprint.as_ref() } else { None };
        self.fingerprint = Some(io::save_checked(path, &self.scenario, expected)?);
        self.origin = Origin::File(path.to_owned());
        self.saved = Some(self.scenario.clone());
        self.dirty = false;
        Ok(())
    }

    /// The one site an edit from `before` changed, as its name found it, when
    /// `before` is what was last validated (the same list of sites), so that
    /// validation need not compare the 5,000 sites again.
    fn site_changed_since_validated(&self, before: &Scenario, edit: &EditSummary) -> Option<usize> {
        match edit.changed_in_place() {
            Some((ItemKind::Site, i)) if self.validated.0.sites.is_shared_with(&before.sites) => Some(i),
            _ => None,
        }
    }

    /// `changed_site`: the only site the change can have touched, if known.
    fn changed(&mut self, large: bool, changed_site: Option<usize>) {
        self.revision += 1;
        if large {
            self.large_edit_revision = self.revision;
        }
        self.dirty = self.saved.as_ref() != Some(&self.scenario);
        self.analyse(changed_site);
    }

    /// Validates what the last edit can have changed, then recomputes.
    fn analyse(&mut self, changed_site: Option<usize>) {
        let (before, before_errors) = &self.validated;
        let errors = revalidate(before, before_errors, &self.scenario, changed_site);
        self.validated = (self.scenario.clone(), errors);
        self.recompute();
    }

    /// Computes only a valid scenario: the engine trusts validation, and a
    /// stale but correct result is better than a wrong one.
    fn recompute(&mut self) {
        let errors = &self.validated.1;
        if errors.is_empty() {
            let results = Results::of(&self.scenario);
            self.problems = results.report.warnings.clone();
            self.results = Some(results);
        } else {
            self.problems = errors.clone();
        }
    }
}

/// The original of restored work as it is on disk now, and the fingerprint a
/// save checks before replacing it. An original that cannot be read back as a
/// scenario still holds bytes someone may have written since: its fingerprint
/// (or, when it cannot be read at all, one that matches no file) makes the
/// next save ask before replacing it. Only a missing original has nothing to lose.
fn original_on_disk(path: &Path) -> (Option<Scenario>, Option<Fingerprint>) {
    match io::load_tracked_unvalidated(path) {
        Ok((scenario, fingerprint)) => (Some(scenario), Some(fingerprint)),
        Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => (None, None),
        Err(_) => {
            let fingerprint = io::read_limited(path).map_or(Fingerprint::UNKNOWN, |bytes| Fingerprint::of(&bytes));
            (None, Some(fingerprint))
        }
    }
}

/// An import's name in the history: `Import 120 sites`.
fn import_label(plan: &ImportPlan) -> String {
    match plan.new_sites.len() + plan.updated_sites.len() {
        1 => "Import 1 site".to_owned(),
        n => format!("Import {n} sites"),
    }
}

/// Whether a change added or removed many items at once (an import, a
/// delete of many rows, or the undo of one).
fn is_large_change(before: &Scenario, after: &Scenario) -> bool {
    item_count(before).abs_diff(item_count(after)) >= LARGE_EDIT_ITEMS
}

fn item_count(s: &Scenario) -> usize {
    s.organisations.len()
        + s.sites.len()
        + s.disposals.len()
        + s.assemblies.len()
        + s.pots.len()
        + s.retention_rules.len()
        + s.projects.len()
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
        SaveError::Io { .. } | SaveError::Conflict(_) | SaveError::Locked { .. } | SaveError::NotAFile { .. } => {
            format!("Cannot save; nothing was overwritten: {error}")
        }
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
        assert!(doc.undo().is_some());
        assert!(!doc.is_dirty(), "undoing back to the saved state is clean again");
        assert_eq!(doc.results().map(|r| r.report.totals.gross_receipts), before);
        assert!(!doc.can_undo());
        assert!(doc.redo().is_some());
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
    fn a_site_edit_that_breaks_then_mends_a_rule_is_validated_each_time() {
        let mut doc = sample();
        let valid = doc.results().map(|r| r.report.totals.gross_receipts);
        // A sale at the site's own value (no agreed price, in no assembly).
        let s = &doc.scenario;
        let assembled = |site: &str| s.assemblies.iter().any(|a| a.members.iter().any(|m| m == site));
        let priced_by_value = s
            .disposals
            .iter()
            .find(|d| d.agreed_price.is_none() && !assembled(&d.site));
        let sold = &priced_by_value.expect("a sale at the site's value").site;
        let i = doc
            .scenario
            .sites
            .iter()
            .position(|s| &s.id == sold)
            .expect("a sold site");
        doc.scenario.sites[i].value = -5.0;
        doc.sync();
        let id = doc.scenario.sites[i].id.clone();
        let errors: Vec<(&str, &str)> = doc
            .problems()
            .iter()
            .filter(|p| p.is_error())
            .map(|p| (p.item.id.as_str(), p.field.as_str()))
            .collect();
        assert_eq!(errors, [(id.as_str(), "value")]);
        assert_eq!(doc.problems(), validate(&doc.scenario).as_slice());
        doc.scenario.sites[i].value = 70_000_000.0;
        doc.sync();
        assert_eq!(doc.error_count(), 0);
        let now = doc.results().map(|r| r.report.totals.gross_receipts);
        assert_ne!(now, valid);
        assert_eq!(now, Some(compute(&doc.scenario).totals.gross_receipts));
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
    fn an_import_is_one_undo_step_and_a_large_edit() {
        let mut doc = sample();
        let before = doc.scenario.clone();
        doc.scenario.name = "Typed first".into();
        let register = "Site name,Owner,Market value\nNew clinic,Lewisham Council,£2m\n";
        let mapping = estates_core::import::ColumnMapping::guess(register);
        let plan = estates_core::import::plan_import(register, &doc.scenario, &mapping).expect("plans");
        assert!(doc.import(&plan));
        assert_eq!(doc.large_edit_revision(), doc.revision());
        assert!(doc.scenario.sites.iter().any(|s| s.name == "New clinic"));
        assert!(doc.undo().is_some());
        assert_eq!(doc.scenario.name, "Typed first", "the typing is its own step");
        assert!(!doc.scenario.sites.iter().any(|s| s.name == "New clinic"));
        assert!(doc.undo().is_some());
        assert_eq!(doc.scenario, before);
    }

    #[test]
    fn adding_or_deleting_many_rows_is_a_large_edit_and_one_row_is_not() {
        let mut doc = sample();
        doc.scenario.disposals.pop();
        doc.sync();
        assert_eq!(doc.large_edit_revision(), 0);
        let site = doc.scenario.sites[0].clone();
        for i in 0..LARGE_EDIT_ITEMS {
            let mut copy = site.clone();
            copy.id = format!("copy-{i}");
            doc.scenario.sites.push(copy);
        }
        doc.sync();
        assert_eq!(doc.large_edit_revision(), doc.revision());
        doc.scenario.name = "Small edit".into();
        doc.sync();
        assert_eq!(doc.large_edit_revision(), doc.revision() - 1);
        doc.scenario.sites.retain(|s| !s.id.starts_with("copy-"));
        doc.sync();
        assert_eq!(doc.large_edit_revision(), doc.revision());
    }

    #[test]
    fn recovered_work_is_unsaved_and_bound_to_its_file() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let path = dir.path().join("plan.ron");
        let mut doc = sample();
        doc.save_to(&path, false).expect("saved");
        let mut work = doc.scenario.clone();
        work.name = "Unsaved work".into();
        let mut restored = Document::recovered(work, Some(path.clone()));
        assert_eq!(restored.path(), Some(path.as_path()));
        assert!(restored.is_dirty());
        assert!(!restored.can_undo());
        restored.scenario.name = doc.scenario.name.clone();
        restored.sync();
        assert!(!restored.is_dirty(), "back to what the file holds");
        restored.scenario.name = "Saved over".into();
        restored.save_to(&path, true).expect("the file is as restored against");

        let untitled = Document::recovered(Scenario::default(), None);
        assert_eq!(untitled.origin(), &Origin::Untitled);
        assert!(untitled.is_dirty(), "nothing on disk holds it");
    }

    #[test]
    fn restored_work_whose_original_cannot_be_read_asks_before_replacing_it() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let path = dir.path().join("plan.ron");
        std::fs::write(&path, "(name: \"half-typed").expect("an unreadable original");
        let mut restored = Document::recovered(sample().scenario, Some(path.clone()));
        assert!(restored.is_dirty());
        std::fs::write(&path, "(name: \"someone else's work\")").expect("changed since");
        let error = restored.save_to(&path, true).expect_err("asks first");
        assert!(matches!(error, SaveError::Conflict(_)), "{error}");
        assert!(std::fs::read_to_string(&path)
            .expect("kept")
            .contains("someone else's work"));

        let missing = dir.path().join("gone.ron");
        let mut restored = Document::recovered(sample().scenario, Some(missing.clone()));
        restored.save_to(&missing, true).expect("nothing on disk to lose");
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
