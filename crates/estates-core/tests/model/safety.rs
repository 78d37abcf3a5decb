//! Never lose what the user wrote (issue 11, items 2 to 7): one writer at a
//! time, saves through symbolic links, bounded numbers, linear-time export,
//! files that are not files, ids people can tell apart, and messages that
//! name the file. The hostile files are kept in tests/fixtures/hostile/.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use estates_core::export::{write_all, Format, PackItem, PackMeta};
use estates_core::io::{load, load_tracked, parse, save, save_checked, FileFormat, LoadError, SaveError};
use estates_core::lock::{lock_path, WriteLock};
use estates_core::problem::ItemKind;
use estates_core::validate::{validate, MAX_AMOUNT, MAX_HORIZON, MAX_MEASURE, MAX_MULTIPLIER, MAX_UPLIFT};
use estates_core::{compute, Problem, Scenario};

const V1: &str = include_str!("../../../../tests/fixtures/scenario-v1.ron");

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/hostile")
        .join(name)
}

fn v1() -> Scenario {
    parse(V1, FileFormat::Ron).expect("the version 1 fixture is valid")
}

fn named(s: &str) -> Scenario {
    Scenario {
        name: s.to_owned(),
        ..v1()
    }
}

fn invalid(path: &Path) -> Vec<Problem> {
    match load(path) {
        Err(LoadError::Invalid(problems)) => problems,
        other => panic!("{} should be refused as invalid: {other:?}", path.display()),
    }
}

fn has_error(problems: &[Problem], kind: ItemKind, field: &str, words: &str) -> bool {
    problems
        .iter()
        .any(|p| p.is_error() && p.item.kind == kind && p.field == field && p.message.contains(words))
}

// ---------------------------------------------------------------------------
// 2. One writer at a time

#[test]
fn a_second_writer_waits_then_is_refused_naming_who_holds_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    save(&path, &named("first")).unwrap();
    let before = std::fs::read(&path).unwrap();

    let held = WriteLock::acquire(&path).unwrap();
    let started = Instant::now();
    let e = WriteLock::acquire_within(&path, Duration::from_millis(300)).unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(300), "it waited first");
    let SaveError::Locked { holder, path: locked } = &e else {
        panic!("refused as locked: {e}");
    };
    assert_eq!(locked, &path);
    let host = gethostname_of_this_machine();
    assert!(
        holder.contains(&format!("process {}", std::process::id())) && holder.contains(&host),
        "{holder}"
    );
    assert!(holder.contains(" since ") && holder.contains(" UTC"), "{holder}");
    assert!(e.to_string().contains("try again"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
    assert!(lock_path(&path).unwrap().exists());

    drop(held);
    assert!(!lock_path(&path).unwrap().exists(), "removed as the holder finishes");
    WriteLock::acquire_within(&path, Duration::ZERO).expect("free once the holder is done");
}

fn gethostname_of_this_machine() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

#[test]
fn the_on_disk_check_runs_under_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    save(&path, &named("mine")).unwrap();
    let (mine, opened) = load_tracked(&path).unwrap();
    let lock = WriteLock::acquire(&path).unwrap();
    // Someone else wrote after the file was opened (not through the lock: an editor).
    std::fs::write(&path, V1).unwrap();
    let e = lock.save(&mine, Some(&opened)).unwrap_err();
    assert!(matches!(e, SaveError::Conflict(_)), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), V1);
    drop(lock);
    // save_checked takes the lock itself and checks the same way.
    assert!(matches!(
        save_checked(&path, &mine, Some(&opened)),
        Err(SaveError::Conflict(_))
    ));
}

// ---------------------------------------------------------------------------
// 3. Symlinks written through

#[cfg(unix)]
#[test]
fn saving_to_a_symlink_writes_its_target_beside_it_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("shared");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("plan.ron");
    save(&real, &named("original")).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("shared/plan.ron", &link).unwrap();
    // A link to the link: followed to the end.
    let link2 = dir.path().join("link2.ron");
    std::os::unix::fs::symlink(&link, &link2).unwrap();

    let held = WriteLock::acquire(&link2).unwrap();
    assert_eq!(held.target(), real_dir.join("plan.ron"));
    assert!(
        real_dir.join(".plan.ron.lock").exists(),
        "the lock is beside the target"
    );
    drop(held);

    let (s, opened) = load_tracked(&link2).unwrap();
    assert_eq!(s.name, "original");
    save_checked(&link2, &named("through the links"), Some(&opened)).unwrap();

    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::symlink_metadata(&link2).unwrap().file_type().is_symlink());
    assert_eq!(load(&real).unwrap().name, "through the links");
    assert_eq!(load(&real_dir.join("plan.ron.bak")).unwrap().name, "original");
    assert!(!dir.path().join("link.ron.bak").exists() && !dir.path().join("link2.ron.bak").exists());
    let strays: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");

    // A link to a file not there yet creates that file.
    let dangling = dir.path().join("new.ron");
    std::os::unix::fs::symlink("shared/new.ron", &dangling).unwrap();
    save(&dangling, &named("new")).unwrap();
    assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
    assert_eq!(load(&real_dir.join("new.ron")).unwrap().name, "new");

    // A loop of links is refused, not followed for ever.
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let e = save(&a, &named("loop")).unwrap_err();
    assert!(e.to_string().contains("symbolic links"), "{e}");
}

// ---------------------------------------------------------------------------
// 4. Bounded numbers

#[test]
fn amounts_above_a_trillion_and_years_outside_1900_to_2200_are_refused() {
    let problems = invalid(&hostile("overflow-capex.ron"));
    assert!(
        has_error(&problems, ItemKind::Project, "capex", "at most £1 trillion"),
        "{problems:?}"
    );
    let problems = invalid(&hostile("huge-value.ron"));
    assert!(
        has_error(&problems, ItemKind::Site, "value", "at most £1 trillion"),
        "{problems:?}"
    );
    let problems = invalid(&hostile("start-fy-max.ron"));
    assert!(
        has_error(&problems, ItemKind::Scenario, "start_fy", "from 1900 to 2200"),
        "{problems:?}"
    );

    let mut s = v1();
    s.sites[0].book_value = MAX_AMOUNT;
    s.sites[0].area_ha = MAX_MEASURE;
    assert!(validate(&s).is_empty(), "the limits themselves are allowed");
    s.sites[0].book_value = MAX_AMOUNT * 1.000_001;
    s.sites[0].area_ha = MAX_MEASURE * 2.0;
    s.start_fy = 1899;
    s.assemblies[0].uplift = Some(MAX_UPLIFT + 1.0);
    s.projects[0].capex_overrun = Some(estates_core::model::Triangular {
        low: 1.0,
        mode: 1.0,
        high: MAX_MULTIPLIER + 1.0,
    });
    let problems = validate(&s);
    for (kind, field) in [
        (ItemKind::Site, "book_value"),
        (ItemKind::Site, "area_ha"),
        (ItemKind::Scenario, "start_fy"),
        (ItemKind::Assembly, "uplift"),
        (ItemKind::Project, "capex_overrun"),
    ] {
        assert!(has_error(&problems, kind, field, ""), "{kind:?} {field}: {problems:?}");
    }
}

/// Every amount at its largest, growth at its highest over the longest
/// horizon, a thousand times over: every figure is still finite, and export
/// writes every chart and the pack without a panic.
#[test]
fn a_scenario_at_every_limit_computes_finite_figures_and_exports() {
    let mut s = v1();
    s.horizon = MAX_HORIZON;
    s.land_growth = 0.499_999;
    s.weight_by_probability = false;
    for site in &mut s.sites {
        (site.value, site.book_value, site.running_cost, site.backlog) =
            (MAX_AMOUNT, MAX_AMOUNT, MAX_AMOUNT, MAX_AMOUNT);
        (site.area_ha, site.homes) = (MAX_MEASURE, MAX_MEASURE);
    }
    s.assemblies[0].uplift = Some(MAX_UPLIFT);
    let project = s.projects[0].clone();
    s.projects = (0..1000)
        .map(|i| estates_core::model::Project {
            id: format!("p{i}"),
            capex: (2026..2026 + MAX_HORIZON as i32).map(|fy| (fy, MAX_AMOUNT)).collect(),
            optimism_bias: 2.0,
            running_cost: MAX_AMOUNT,
            ..project.clone()
        })
        .collect();
    for d in &mut s.disposals {
        d.fy = 2026 + MAX_HORIZON as i32 - 2;
        d.phasing = vec![(0, 0.5), (1, 0.5)];
        d.agreed_price = None;
    }
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let r = compute(&s);
    let json = serde_json::to_value(&r).unwrap();
    assert_all_finite(&json, "report");
    assert!(r.totals.capex > 1e17 && r.totals.capex.is_finite());

    let dir = tempfile::tempdir().unwrap();
    let written = export_all("limits.ron", &s, &r, dir.path());
    assert!(written.len() > 5);
    for path in written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg" || e == "csv"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        for bad in ["inf", "NaN"] {
            assert!(!text.contains(bad), "{bad} in {}", path.display());
        }
    }
}

/// Every chart as SVG, the CSV tables and the board pack, into `dir`.
fn export_all(file: &str, s: &Scenario, r: &estates_core::Report, dir: &Path) -> Vec<PathBuf> {
    let items = [PackItem {
        file,
        scenario: s,
        report: r,
    }];
    let formats = [Format::Svg, Format::Csv, Format::Pdf];
    write_all(&items, &formats, &PackMeta::default(), dir).unwrap()
}

/// Every number in a JSON value is finite: serde_json writes a non-finite
/// one as null, and the report's only other nulls are its optional integers
/// (an assembly's year, a member's disposal).
fn assert_all_finite(v: &serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Null => assert!(key == "fy" || key == "disposal", "non-finite {key}"),
        serde_json::Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{key}"),
        serde_json::Value::Array(xs) => xs.iter().for_each(|x| assert_all_finite(x, key)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| assert_all_finite(x, k)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// 5. Linear-time export

#[test]
fn a_ten_thousand_character_name_exports_in_well_under_a_second_a_file() {
    let s = load(&hostile("long-name.ron")).expect("a long name is valid");
    assert_eq!(s.name.chars().count(), 10_000);
    let r = compute(&s);
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let written = export_all("long-name.ron", &s, &r, dir.path());
    let took = started.elapsed();
    println!("{} files in {took:?}", written.len());
    // It took 100 s before (quadratic shortening); a debug build does it in about one.
    assert!(took < Duration::from_secs(15), "{took:?}");
    // Charts shorten the name; the tables keep it whole.
    let chart = std::fs::read_to_string(dir.path().join("long-name-retained-receipts.svg")).unwrap();
    assert!(chart.contains('…') && !chart.contains(&s.name));
    let table = std::fs::read_to_string(dir.path().join("long-name-disposals.csv")).unwrap();
    assert!(
        table.contains(&s.sites[0].name),
        "the site's whole name is in the table"
    );
}

// ---------------------------------------------------------------------------
// 6. Files that are not files, and stale temporary files

#[cfg(unix)]
#[test]
fn pipes_devices_and_folders_are_refused_at_once_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let started = Instant::now();
    let e = load(&fifo).unwrap_err();
    assert!(matches!(e, LoadError::NotAFile { kind: "a named pipe" }), "{e}");
    let e = save(&fifo, &v1()).unwrap_err();
    assert!(
        matches!(
            e,
            SaveError::NotAFile {
                kind: "a named pipe",
                ..
            }
        ),
        "{e}"
    );
    for (path, kind) in [(Path::new("/dev/null"), "a device"), (dir.path(), "a folder")] {
        let e = load(path).unwrap_err();
        assert!(e.to_string().contains(kind), "{e}");
        let e = save(path, &v1()).unwrap_err();
        assert!(e.to_string().contains(&format!("cannot write over {kind}")), "{e}");
    }
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    let still = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&still),
        "the pipe is left alone"
    );
}

#[test]
fn temporary_files_of_a_killed_save_are_removed_at_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    save(&path, &named("first")).unwrap();
    let stale = [".plan.ron.4242.0.tmp", ".plan.ron.bak.4242.1.tmp"];
    let others = [".other.ron.4242.0.tmp", "notes.tmp", ".plan.ron.4242.tmp"];
    for name in stale.iter().chain(&others) {
        std::fs::write(dir.path().join(name), "half a file").unwrap();
    }
    save(&path, &named("second")).unwrap();
    for name in stale {
        assert!(!dir.path().join(name).exists(), "{name} removed");
    }
    for name in others {
        assert!(dir.path().join(name).exists(), "{name} kept");
    }
    assert_eq!(load(&path).unwrap().name, "second");
}

// ---------------------------------------------------------------------------
// 7. Ids and names people can tell apart

#[test]
fn ids_are_normalised_to_nfc_so_both_spellings_are_one_id() {
    let s = load(&hostile("decomposed-id.ron")).expect("the same id once normalised");
    assert_eq!(s.sites[0].id, "caf\u{e9}");
    assert_eq!(s.disposals[0].site, "caf\u{e9}");
    assert_eq!(compute(&s).disposals.len(), 1);
}

#[test]
fn invisible_characters_in_ids_and_control_characters_in_names_are_refused() {
    let problems = invalid(&hostile("zero-width-id.ron"));
    let p = problems
        .iter()
        .find(|p| p.item.kind == ItemKind::Site && p.field == "id")
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert!(p.message.contains("U+200B"), "{p}");
    assert_eq!(p.item.id, "s1\u{200b}");

    let problems = invalid(&hostile("control-names.json"));
    assert!(
        has_error(&problems, ItemKind::Scenario, "name", "U+0007"),
        "{problems:?}"
    );
    assert!(
        has_error(&problems, ItemKind::Organisation, "name", "U+0000"),
        "{problems:?}"
    );
    let org = problems.iter().find(|p| p.item.kind == ItemKind::Organisation).unwrap();
    assert_eq!(org.item.id, "lgt", "the refusal names the item");

    let mut s = v1();
    s.pots[0].id = "sel\u{1b}".into();
    s.projects[0].name = "Hub\nsecond line".into();
    let problems = validate(&s);
    assert!(has_error(&problems, ItemKind::Pot, "id", "U+001B"), "{problems:?}");
    assert!(
        has_error(&problems, ItemKind::Project, "name", "U+000A"),
        "{problems:?}"
    );
}

// ---------------------------------------------------------------------------
// 8 (messages): which file, and the limit in megabytes

#[test]
fn a_file_over_the_limit_is_refused_in_megabytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(estates_core::io::MAX_FILE_BYTES + 1).unwrap();
    let e = load(&path).unwrap_err();
    assert!(e.to_string().contains("over the 50 MB limit"), "{e}");
    assert!(
        !e.to_string().contains("for a scenario"),
        "registers share the limit: {e}"
    );
}

// ---------------------------------------------------------------------------
// The fuzz target load_compute_export, replayed on its findings and on the
// hostile files

/// What fuzz/fuzz_targets/load_compute_export.rs checks: text `check` accepts
/// computes to finite figures and exports without a panic.
fn load_compute_export_holds(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(s) = parse(text, FileFormat::Ron) else {
        return;
    };
    let r = compute(&s);
    assert_all_finite(&serde_json::to_value(&r).unwrap(), "report");
    let _ = estates_core::tables::text_report(&r);
    let dir = tempfile::tempdir().unwrap();
    export_all("fuzz.ron", &s, &r, dir.path());
}

#[test]
fn fuzz_findings_and_hostile_files_load_compute_and_export() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut replayed = 0;
    for dir in [root.join("fuzz"), root.join("hostile")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".ron") {
                println!("{name}");
                load_compute_export_holds(&std::fs::read(&path).unwrap());
                replayed += 1;
            }
        }
    }
    assert!(replayed >= 7, "{replayed}");
}
