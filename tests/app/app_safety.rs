//! Never losing work, in the app (issue 6): importing a register through the
//! mapping dialog, unsaved work kept aside and offered back, saving over a
//! file changed on disk, newer files refused, and a long random sequence of
//! edits, undos and redos. Driven through commands and labels as a user
//! would; time is advanced by the app's test clock, never waited for.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use estates_core::import::{apply_import, plan_import, ColumnMapping};
use estates_core::io::{self, backup_path, FileFormat};
use estates_core::recovery::RecoveryStore;
use estates_core::validate::validate;
use estates_core::{compute, Scenario};
use estates_receipts::app::command::Command;
use estates_receipts::app::document::SAMPLE_RON;
use estates_receipts::app::view;
use estates_receipts::app::{App, Dialog};

use crate::support as app_support;
use app_support::{app_harness, run_command, sample};

const REGISTER: &str = include_str!("../fixtures/surplus-land-register.csv");
const SCENARIO_V1: &str = include_str!("../fixtures/scenario-v1.ron");

fn register_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/surplus-land-register.csv")
}

/// The scenario the register fixture was written against.
fn lewisham_greenwich() -> Scenario {
    io::parse(SCENARIO_V1, FileFormat::Ron).expect("the version 1 fixture loads")
}

fn harness(app: impl FnOnce(&mut eframe::CreationContext<'static>) -> App) -> Harness<'static, App> {
    app_harness([1280.0, 800.0], app)
}

fn app_on(scenario: Scenario) -> Harness<'static, App> {
    harness(move |_| App::with_scenario(scenario, None))
}

fn click(harness: &mut Harness<'_, App>, button: &str) {
    harness.get_by_role_and_label(Role::Button, button).click();
    harness.run();
}

/// Opens a field's column picker in the import dialog and chooses a column.
fn choose(harness: &mut Harness<'_, App>, field: &str, column: &str) {
    harness.get_by_role_and_label(Role::ComboBox, field).click();
    harness.run();
    click(harness, column);
}

/// Ticks the choice to create an owner the register names that the scenario lacks.
fn create_owner(harness: &mut Harness<'_, App>, owner: &str) {
    harness.get_by_label(&format!("Create {owner}")).click();
    harness.run();
}

/// The register applied by the core with the guessed mapping: what the dialog must do.
fn imported(mut s: Scenario, register: &str) -> Scenario {
    let plan = plan_import(register, &s, &ColumnMapping::guess(register)).expect("the register plans");
    apply_import(&mut s, &plan);
    s
}

// ---------------------------------------------------------------------------
// Importing a register

#[test]
fn a_register_imports_through_the_dialog_as_one_undo_step() {
    let original = lewisham_greenwich();
    let mut h = app_on(original.clone());
    run_command(&mut h, Command::ImportSites(Some(register_path())));

    h.get_by_label("Import sites from CSV");
    h.get_by_label("surplus-land-register.csv");
    h.get_by_label("Layout: site register. Encoding: UTF-8.");
    // An owner the scenario lacks is created only when chosen (issue 11): until
    // then the Woolwich row is not imported.
    h.get_by_label(
        "2 new sites, 2 updated, 0 unchanged. 0 new owners. 2 new disposals, 1 updated. 6 rows not imported.",
    );
    h.get_by_label_contains("Row 5: owner 'Royal Borough of Greenwich' matches no organisation");
    create_owner(&mut h, "Royal Borough of Greenwich");
    h.get_by_label(
        "3 new sites, 2 updated, 0 unchanged. 1 new owner. 3 new disposals, 1 updated. 5 rows not imported.",
    );
    h.get_by_label("New owners: Royal Borough of Greenwich (Council)");
    // The guessed mapping, shown in the field pickers.
    let picker = h.get_by_role_and_label(Role::ComboBox, "Market value");
    assert_eq!(picker.value().as_deref(), Some("7: Market value (£)"));
    // The first rows as they would import.
    h.get_by_label("Ladywell Unit");
    assert_eq!(h.query_all_by_label("New site").count(), 3);
    h.get_by_label("Updates Market value");
    // Each unreadable row with its number and reason.
    h.get_by_label("Rows not imported (5)");
    let row6 = h.get_by_label_contains("Row 6: ");
    let reason = row6.accesskit_node().value().unwrap_or_default();
    assert!(reason.contains("'TBC' is not an amount"), "{reason}");
    h.get_by_label_contains("Row 8: ");
    h.get_by_label_contains("Row 10: ");
    assert_eq!(h.state().document().scenario, original, "nothing changes before Import");

    click(&mut h, "Import");
    assert!(h.state().import_dialog().is_none());
    let expected = imported(original.clone(), REGISTER);
    assert_eq!(h.state().document().scenario, expected);
    assert!(h.state().document().is_dirty());
    assert!(validate(&expected).is_empty());

    run_command(&mut h, Command::Undo);
    assert_eq!(h.state().document().scenario, original, "the import is one undo step");
    assert!(!h.state().document().can_undo());
    run_command(&mut h, Command::Redo);
    assert_eq!(h.state().document().scenario, expected);
}

#[test]
fn closing_the_window_during_an_import_asks_about_unsaved_work_alone() {
    let mut h = app_on(lewisham_greenwich());
    h.state_mut().scenario_mut().name = "Edited".into();
    h.run();
    run_command(&mut h, Command::ImportSites(Some(register_path())));
    assert!(h.state().import_dialog().is_some());
    // The window's close button, as the window system reports it.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(
        h.state().import_dialog().is_none(),
        "the import not yet accepted is abandoned"
    );
    assert_eq!(h.state().dialog(), Some(&Dialog::Unsaved { then: Command::Quit }));
    assert_eq!(h.state().document().scenario.name, "Edited", "nothing was imported");
}

#[test]
fn cancelling_the_import_changes_nothing() {
    let original = lewisham_greenwich();
    let mut h = app_on(original.clone());
    run_command(&mut h, Command::ImportSites(Some(register_path())));
    click(&mut h, "Cancel");
    assert!(h.state().import_dialog().is_none());
    assert_eq!(h.state().document().scenario, original);
    assert!(!h.state().document().can_undo());
    assert!(!h.state().document().is_dirty());
}

#[test]
fn importing_the_same_register_twice_updates_rather_than_duplicates() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let register = dir.path().join("register.csv");
    std::fs::write(&register, REGISTER).expect("written");
    let mut h = app_on(lewisham_greenwich());
    run_command(&mut h, Command::ImportSites(Some(register.clone())));
    create_owner(&mut h, "Royal Borough of Greenwich");
    click(&mut h, "Import");
    let once = h.state().document().scenario.clone();

    run_command(&mut h, Command::ImportSites(Some(register.clone())));
    h.get_by_label(
        "0 new sites, 0 updated, 5 unchanged. 0 new owners. 0 new disposals, 0 updated. 5 rows not imported.",
    );
    h.get_by_label("Nothing to import: every readable row matches the scenario already.");
    assert!(h
        .get_by_role_and_label(Role::Button, "Import")
        .accesskit_node()
        .is_disabled());
    click(&mut h, "Cancel");

    // The register is revised: Ladywell's value goes up; it is updated, not added.
    std::fs::write(&register, REGISTER.replace("£4.5m", "£4.8m")).expect("revised");
    run_command(&mut h, Command::ImportSites(Some(register)));
    h.get_by_label(
        "0 new sites, 1 updated, 4 unchanged. 0 new owners. 0 new disposals, 0 updated. 5 rows not imported.",
    );
    h.get_by_label("Updates Market value");
    click(&mut h, "Import");
    let twice = &h.state().document().scenario;
    assert_eq!(twice.sites.len(), once.sites.len());
    let ladywell = twice
        .sites
        .iter()
        .find(|s| s.name == "Ladywell Unit")
        .expect("imported once");
    assert_eq!(ladywell.value, 4_800_000.0);
}

#[test]
fn editing_the_mapping_replans_and_a_mapping_without_names_imports_nothing() {
    let original = lewisham_greenwich();
    let mut h = app_on(original.clone());
    run_command(&mut h, Command::ImportSites(Some(register_path())));
    create_owner(&mut h, "Royal Borough of Greenwich");
    // Market value read from the book value column instead: Eltham's 'TBC' no longer fails.
    choose(&mut h, "Market value", "8: Net book value (NBV)");
    let mapping = h.state().import_dialog().expect("still open").mapping().clone();
    assert_eq!(mapping.column_of(estates_core::import::SiteField::Value), Some(7));
    assert_eq!(mapping.column_of(estates_core::import::SiteField::BookValue), None);
    // Eltham's row now reads, and names an owner the scenario lacks.
    h.get_by_label("Rows not imported (5)");
    create_owner(&mut h, "Oxleas NHS Foundation Trust");
    h.get_by_label("Rows not imported (4)");

    // Nothing left to tell the sites by.
    choose(&mut h, "Site name", "(not imported)");
    let dialog = h.state().import_dialog().expect("still open");
    assert!(dialog.plan().is_ok(), "sites can still be told by their ePIMS id");
    choose(&mut h, "ePIMS id", "(not imported)");
    h.get_by_label_contains("Nothing can be imported with this mapping: the column mapping cannot be used: no column");
    assert!(h
        .get_by_role_and_label(Role::Button, "Import")
        .accesskit_node()
        .is_disabled());
    click(&mut h, "Cancel");
    assert_eq!(h.state().document().scenario, original);
}

#[test]
fn a_register_that_cannot_be_read_says_why_and_opens_no_dialog() {
    let mut h = app_on(sample());
    let missing = PathBuf::from("/nowhere/register.csv");
    run_command(&mut h, Command::ImportSites(Some(missing)));
    assert!(h.state().import_dialog().is_none());
    let notice = h.state().notices().iter().next().expect("an error").text.clone();
    assert!(notice.starts_with("Cannot import the register"), "{notice}");
    assert!(notice.ends_with("/nowhere/register.csv"), "{notice}");
}

#[test]
fn the_exported_register_imports_back_without_changes() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let out = dir.path().join("register.csv");
    let mut h = app_on(sample());
    run_command(&mut h, Command::ExportSites(Some(out.clone())));
    let notice = h.state().notices().iter().next().expect("a confirmation").text.clone();
    assert!(notice.ends_with("register.csv"), "{notice}");
    run_command(&mut h, Command::ImportSites(Some(out)));
    h.get_by_label("Nothing to import: every readable row matches the scenario already.");
    let plan = h.state().import_dialog().and_then(|d| d.plan().ok()).expect("a plan");
    assert_eq!(plan.unchanged_rows.len(), sample().sites.len());
    assert!(plan.row_errors.is_empty());
}

// ---------------------------------------------------------------------------
// Unsaved work kept aside and offered back

struct Files {
    _dir: tempfile::TempDir,
    store: RecoveryStore,
    scenario: PathBuf,
}

/// A scratch recovery store and a saved copy of the sample.
fn files() -> Files {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let store = RecoveryStore::at(dir.path().join("recovery"));
    let scenario = dir.path().join("plan.ron");
    io::save(&scenario, &sample()).expect("saved");
    Files {
        _dir: dir,
        store,
        scenario,
    }
}

/// An app as started, with the recovery store, then opening the file.
fn start(f: &Files) -> Harness<'static, App> {
    let store = f.store.clone();
    let mut h = harness(move |_| App::with_recovery(Scenario::default(), None, store));
    if h.state().dialog().is_none() {
        run_command(&mut h, Command::Open(Some(f.scenario.clone())));
    }
    h
}

fn recovered_names(store: &RecoveryStore) -> Vec<String> {
    let scan = store.find().expect("the store reads");
    assert!(scan.unreadable.is_empty());
    scan.found.into_iter().map(|r| r.scenario.name).collect()
}

fn let_time_pass(h: &mut Harness<'_, App>, seconds: u64) {
    h.state_mut().advance_clock(Duration::from_secs(seconds));
    h.run();
    h.state_mut().finish_recovery_write();
}

#[test]
fn unsaved_work_is_kept_aside_when_due_offered_on_the_next_start_and_restored() {
    let f = files();
    let mut h = start(&f);
    h.state_mut().scenario_mut().name = "Unsaved work".into();
    h.run();
    let_time_pass(&mut h, 29);
    assert!(recovered_names(&f.store).is_empty(), "not due before 30 seconds");
    let_time_pass(&mut h, 2);
    assert_eq!(recovered_names(&f.store), ["Unsaved work"]);
    let_time_pass(&mut h, 60);
    assert_eq!(h.state().recovery_files().len(), 1, "nothing new to write");
    // The app is killed: no clean close.
    drop(h);

    let mut h = start(&f);
    assert!(matches!(h.state().dialog(), Some(Dialog::Recover(_))));
    h.get_by_label("Recover unsaved work");
    h.get_by_label("plan.ron (“Unsaved work”)");
    h.get_by_label(&format!(
        "Unsaved changes to {}",
        std::path::absolute(&f.scenario).expect("absolute").display()
    ));
    h.get_by_label_contains("Written on ");
    assert_eq!(
        h.state().document().scenario,
        Scenario::default(),
        "nothing restored yet"
    );

    click(&mut h, "Restore");
    let doc = h.state().document();
    assert_eq!(doc.scenario.name, "Unsaved work");
    assert!(doc.is_dirty());
    assert_eq!(
        doc.path().map(std::path::absolute).and_then(Result::ok),
        std::path::absolute(&f.scenario).ok()
    );
    assert!(h.state().title().starts_with('•'), "{}", h.state().title());
    assert_eq!(recovered_names(&f.store).len(), 1, "kept until saved");

    run_command(&mut h, Command::Save);
    assert!(h.state().dialog().is_none(), "the file is as it was: no conflict");
    assert_eq!(
        io::load(&f.scenario).map(|s| s.name).ok().as_deref(),
        Some("Unsaved work")
    );
    assert!(recovered_names(&f.store).is_empty(), "saved work needs no recovery");
}

#[test]
fn work_open_in_another_running_copy_is_not_offered_until_that_copy_ends() {
    let f = files();
    // Each copy of the app has its own store on the same folder.
    let own_store = |f: &Files| RecoveryStore::at(f.store.dir());
    let store = own_store(&f);
    let mut first = harness(move |_| App::with_recovery(Scenario::default(), None, store));
    run_command(&mut first, Command::Open(Some(f.scenario.clone())));
    first.state_mut().scenario_mut().name = "Live elsewhere".into();
    first.run();
    let_time_pass(&mut first, 31);
    assert_eq!(recovered_names(&f.store), ["Live elsewhere"]);

    let store = own_store(&f);
    let second = harness(move |_| App::with_recovery(Scenario::default(), None, store));
    assert!(
        second.state().dialog().is_none(),
        "the first copy still has the work open, so it is not lost"
    );
    drop(second);

    // The first copy is killed: its lock goes with it.
    drop(first);
    let store = own_store(&f);
    let third = harness(move |_| App::with_recovery(Scenario::default(), None, store));
    assert!(matches!(third.state().dialog(), Some(Dialog::Recover(found)) if found.len() == 1));
}

#[test]
fn declined_recovery_is_discarded_and_the_start_goes_on() {
    let f = files();
    let mut h = start(&f);
    h.state_mut().scenario_mut().name = "Unwanted".into();
    h.run();
    let_time_pass(&mut h, 31);
    drop(h);

    let mut h = start(&f);
    click(&mut h, "Discard");
    assert!(h.state().dialog().is_none());
    assert!(recovered_names(&f.store).is_empty());
    assert_eq!(h.state().document().scenario, Scenario::default());
}

#[test]
fn recovery_left_for_later_survives_new_work_on_the_same_file() {
    let f = files();
    let mut h = start(&f);
    h.state_mut().scenario_mut().name = "Before the crash".into();
    h.run();
    let_time_pass(&mut h, 31);
    drop(h);

    let mut h = start(&f);
    click(&mut h, "Decide later");
    assert!(h.state().dialog().is_none());
    run_command(&mut h, Command::Open(Some(f.scenario.clone())));
    h.state_mut().scenario_mut().name = "After the crash".into();
    h.run();
    let_time_pass(&mut h, 31);
    let mut names = recovered_names(&f.store);
    names.sort();
    assert_eq!(names, ["After the crash", "Before the crash"]);
}

#[test]
fn a_large_edit_is_kept_aside_at_once_and_a_clean_close_removes_it() {
    let f = files();
    let mut h = start(&f);
    let site = h.state().document().scenario.sites[0].clone();
    for i in 0..20 {
        let mut copy = site.clone();
        copy.id = format!("copy-{i}");
        h.state_mut().scenario_mut().sites.push(copy);
    }
    h.run();
    h.state_mut().finish_recovery_write();
    assert_eq!(recovered_names(&f.store).len(), 1, "written without waiting 30 seconds");

    run_command(&mut h, Command::Quit);
    click(&mut h, "Discard changes");
    assert!(recovered_names(&f.store).is_empty(), "the user chose to lose it");
}

#[test]
fn an_untitled_scenario_is_recovered_as_untitled() {
    let f = files();
    let store = f.store.clone();
    let mut h = harness(move |_| App::with_recovery(Scenario::default(), None, store));
    h.state_mut().scenario_mut().name = "Sketch".into();
    h.run();
    let_time_pass(&mut h, 30);
    drop(h);

    let mut h = start(&f);
    h.get_by_label("An untitled scenario (“Sketch”)");
    h.get_by_label("Never saved to a file.");
    click(&mut h, "Restore");
    assert_eq!(h.state().document().path(), None);
    assert!(h.state().title().contains("not saved yet"));
    assert_eq!(h.state().document().scenario.name, "Sketch");
}

// ---------------------------------------------------------------------------
// Saving over a file changed on disk

/// Opens the saved sample, edits it, and has someone else change the file.
fn conflicting(f: &Files) -> Harness<'static, App> {
    let mut h = start(f);
    h.state_mut().scenario_mut().name = "Mine".into();
    h.run();
    let mut theirs = sample();
    theirs.name = "Theirs".into();
    std::fs::write(&f.scenario, io::to_ron(&theirs).expect("formats")).expect("changed elsewhere");
    run_command(&mut h, Command::Save);
    h
}

fn name_on_disk(path: &Path) -> String {
    io::load(path).map(|s| s.name).unwrap_or_default()
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_and_cancel_keeps_theirs() {
    let f = files();
    let mut h = conflicting(&f);
    assert!(matches!(h.state().dialog(), Some(Dialog::Conflict { .. })));
    h.get_by_label("The file changed on disk");
    h.get_by_label_contains(
        "“plan.ron” was changed by someone or something else since you opened it (last modified on ",
    );
    h.get_by_role_and_label(Role::Button, "Save as a copy…");
    assert_eq!(name_on_disk(&f.scenario), "Theirs", "nothing written yet");

    click(&mut h, "Cancel");
    assert!(h.state().dialog().is_none());
    assert_eq!(name_on_disk(&f.scenario), "Theirs");
    assert!(h.state().document().is_dirty());
}

#[test]
fn overwriting_their_changes_saves_mine_and_keeps_theirs_as_the_backup() {
    let f = files();
    let mut h = conflicting(&f);
    click(&mut h, "Overwrite their changes");
    assert!(h.state().dialog().is_none());
    assert_eq!(name_on_disk(&f.scenario), "Mine");
    assert_eq!(name_on_disk(&backup_path(&f.scenario)), "Theirs");
    assert!(!h.state().document().is_dirty());

    // The next save is against what was just written: no question.
    h.state_mut().scenario_mut().name = "Mine again".into();
    h.run();
    run_command(&mut h, Command::Save);
    assert!(h.state().dialog().is_none());
    assert_eq!(name_on_disk(&f.scenario), "Mine again");
}

// ---------------------------------------------------------------------------
// Versioned files

#[test]
fn a_newer_file_is_refused_visibly_and_left_untouched() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("from-the-future.ron");
    let text = SAMPLE_RON.replacen("version: 1", "version: 7", 1);
    assert_ne!(text, SAMPLE_RON, "the sample names its version");
    std::fs::write(&path, &text).expect("written");
    let mut h = app_on(sample());
    run_command(&mut h, Command::Open(Some(path.clone())));
    let notice = h.get_by_label_contains("scenario format version 7");
    let shown = notice.accesskit_node().value().unwrap_or_default();
    assert!(shown.contains("reads up to version 1"), "{shown}");
    assert!(
        shown.contains("open it with a newer Estates Receipts Modeller"),
        "{shown}"
    );
    assert_eq!(h.state().document().scenario, sample(), "the open document stays");
    assert_eq!(std::fs::read_to_string(&path).ok(), Some(text), "the file is untouched");
    assert!(!backup_path(&path).exists());
}

// ---------------------------------------------------------------------------
// A long random sequence of edits, undos and redos

/// A small linear congruential generator: the sequence is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// One random edit, as an editor could make it, valid or not.
fn random_edit(s: &mut Scenario, rng: &mut Lcg) {
    let sites = s.sites.len();
    let disposals = s.disposals.len();
    match rng.below(10) {
        0 if sites > 0 => s.sites[rng.below(sites)].value = rng.pick(&[-1e6, 0.0, 2.5e6, 4e7, 1e12]),
        1 if sites > 0 => s.sites[rng.below(sites)].area_ha = rng.pick(&[-0.5, 0.0, 0.8, 12.0]),
        2 if sites > 0 => {
            s.sites.remove(rng.below(sites));
        }
        3 if sites > 0 => {
            let mut copy = s.sites[rng.below(sites)].clone();
            // Sometimes the same id: a duplicate the problems list must name.
            if rng.below(3) > 0 {
                copy.id = format!("{}-copy{}", copy.id, rng.below(1000));
            }
            s.sites.push(copy);
        }
        4 if disposals > 0 => s.disposals[rng.below(disposals)].fy = 1990 + rng.below(120) as i32,
        5 if disposals > 0 => s.disposals[rng.below(disposals)].probability = rng.pick(&[-0.2, 0.0, 0.5, 1.0, 1.5]),
        6 if disposals > 0 => {
            s.disposals.remove(rng.below(disposals));
        }
        7 if sites > 0 => {
            let owners: Vec<String> = s
                .organisations
                .iter()
                .map(|o| o.id.clone())
                .chain(["nobody".into()])
                .collect();
            s.sites[rng.below(sites)].owner = owners[rng.below(owners.len())].clone();
        }
        8 => s.horizon = rng.pick(&[0, 1, 5, 15, 40, 80]),
        _ => s.name = format!("Step {}", rng.next() % 10_000),
    }
}

/// After every step the document either validates, with the results of the
/// scenario shown, or lists exactly its problems (and keeps stale results).
fn check_document(h: &Harness<'_, App>, step: usize) {
    let doc = h.state().document();
    let errors = validate(&doc.scenario);
    if errors.is_empty() {
        let shown = doc.results().map(|r| &r.report);
        assert_eq!(shown, Some(&compute(&doc.scenario)), "step {step}: results are current");
        assert_eq!(doc.error_count(), 0, "step {step}");
    } else {
        assert_eq!(doc.problems(), errors.as_slice(), "step {step}: every problem listed");
        assert!(doc.is_stale(), "step {step}");
        let e = errors.len();
        let word = if e == 1 { "error" } else { "errors" };
        h.get_by_label_contains(&format!("Problems: {e} {word}"));
    }
}

fn undo_all(h: &mut Harness<'_, App>) -> usize {
    let mut steps = 0;
    while h.state().document().can_undo() {
        run_command(h, Command::Undo);
        steps += 1;
        assert!(steps <= 200, "undo never ends");
    }
    steps
}

fn redo_all(h: &mut Harness<'_, App>) {
    while h.state().document().can_redo() {
        run_command(h, Command::Redo);
    }
}

#[test]
fn a_long_random_sequence_of_edits_undos_and_redos_never_breaks_the_document() {
    let original = sample();
    let mut h = app_on(original.clone());
    let mut rng = Lcg(0x5afe_2026);
    // Rounds of 100 steps: at most 100 edits each, the depth of the undo history.
    for round in 0..3 {
        for i in 0..100 {
            let step = round * 100 + i;
            match rng.below(8) {
                0 => run_command(&mut h, Command::Undo),
                1 => run_command(&mut h, Command::Redo),
                2 => run_command(&mut h, Command::ShowView(rng.pick(&view::ALL))),
                _ => {
                    random_edit(h.state_mut().scenario_mut(), &mut rng);
                    h.run();
                }
            }
            check_document(&h, step);
        }
        let last = h.state().document().scenario.clone();
        undo_all(&mut h);
        assert_eq!(
            h.state().document().scenario,
            original,
            "round {round}: undoing everything"
        );
        assert!(!h.state().document().is_dirty());
        redo_all(&mut h);
        assert_eq!(h.state().document().scenario, last, "round {round}: redoing everything");
        undo_all(&mut h);
        check_document(&h, round);
    }
}
