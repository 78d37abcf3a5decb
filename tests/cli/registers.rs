//! `import-sites` and `export-sites` on the registers people publish (issue 12
//! item 2, issue 11 item 8): the layout and encoding said, the dry run's exit
//! code, owners created only when asked, and messages that name the register.
//! The fixtures are in tests/fixtures/registers/, the scenario is the
//! version-1 fixture (Lewisham and Greenwich, three organisations).

use std::path::{Path, PathBuf};

use estates_core::io::load;

use crate::import::cli;

const SCENARIO: &str = include_str!("../fixtures/scenario-v1.ron");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/registers")
        .join(name)
}

/// A scratch folder holding a copy of the scenario fixture.
fn scenario_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, SCENARIO).expect("written");
    (dir, path)
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// `import-sites REGISTER --into SCENARIO` with further arguments.
fn import_sites(register: &Path, scenario: &Path, more: &[&str]) -> (i32, String, String) {
    let mut args = vec!["import-sites", arg(register), "--into", arg(scenario)];
    args.extend(more);
    cli(&args)
}

#[test]
fn a_land_and_assets_return_imports_with_its_positions() {
    let (_dir, scenario) = scenario_copy();
    let register = fixture("land-and-assets-lewisham.csv");
    let (code, out, err) = import_sites(&register, &scenario, &["--create-owners"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(&format!(
            "read {}\nlayout: local authority land and assets return; encoding: UTF-8\n",
            register.display()
        )),
        "{out}"
    );
    assert!(out.contains("column 9 'GeoX' -> Easting"), "{out}");
    assert!(out.contains("warning: row 5: imported without a location"), "{out}");
    let s = load(&scenario).expect("the imported scenario loads");
    // Three sites before; rows 2 to 7, 10 and 11 add eight (row 2 is not s3 here: no UPRN to match).
    assert_eq!(s.sites.len(), 11);
    let lounge = s.sites.iter().find(|x| x.name == "Deptford Lounge").expect("imported");
    assert_eq!(lounge.uprn.as_deref(), Some("100021950215"));
    assert_eq!(lounge.address, "Giffin Street, London, SE8 4RJ");
    assert!(lounge.location.is_some());
    assert!(s.organisations.iter().any(|o| o.name == "Lewisham Homes"));
}

#[test]
fn a_dry_run_exits_1_when_any_row_would_be_rejected() {
    let (dir, scenario) = scenario_copy();
    let register = fixture("eric-site-2024-25-windows-1252.csv");
    let (code, out, err) = import_sites(&register, &scenario, &["--dry-run", "--create-owners"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("layout: NHS ERIC site-level return; encoding: windows-1252"),
        "{out}"
    );
    assert!(
        out.contains("error: row 5: GIA (m2) (column 9): 'approx 500' is not a number"),
        "{out}"
    );
    assert!(out.contains("nothing written"), "{out}");
    assert_eq!(
        err.trim(),
        format!(
            "1 row(s) of {} would not be imported (listed above)",
            register.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&scenario).expect("read"), SCENARIO);

    // A register every row of which imports passes its dry run.
    let clean = dir.path().join("clean.csv");
    std::fs::write(
        &clean,
        "Site name,Owner,Latitude,Longitude\nLee clinic,nhsps,51.4572,0.0068\n",
    )
    .expect("written");
    let (code, out, err) = import_sites(&clean, &scenario, &["--dry-run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 new site(s)"), "{out}");
}

#[test]
fn owners_not_in_the_scenario_are_created_only_with_create_owners() {
    let (_dir, scenario) = scenario_copy();
    let register = fixture("eric-site-2024-25-windows-1252.csv");
    let (code, out, err) = import_sites(&register, &scenario, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("owner not in the scenario, not created: SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "1 owner(s) match no organisation in {}; add --create-owners to create them, or correct the names",
            scenario.display()
        )),
        "{out}"
    );
    assert!(out.contains("error: row 6: owner 'SOUTH LONDON AND MAUDSLEY"), "{out}");
    let s = load(&scenario).expect("loads");
    assert_eq!(s.organisations.len(), 3, "no owner created");
    assert_eq!(s.sites.len(), 6, "the trust's three readable sites imported");

    let (code, out, err) = import_sites(&register, &scenario, &["--create-owners"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("new organisation: SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST (NHS foundation trust)"),
        "{out}"
    );
    let s = load(&scenario).expect("loads");
    assert_eq!((s.organisations.len(), s.sites.len()), (4, 7));
}

#[test]
fn a_utf16_register_imports() {
    let (_dir, scenario) = scenario_copy();
    let register = fixture("coordinates-latlon-utf16.txt");
    let (code, out, err) = import_sites(&register, &scenario, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("layout: site register; encoding: UTF-16LE"), "{out}");
    assert!(out.contains("column 3 'Latitude' -> Latitude"), "{out}");
    let s = load(&scenario).expect("loads");
    let clinic = s.sites.iter().find(|x| x.id == "s1").expect("kept");
    assert!(
        clinic.location.is_some(),
        "Hither Green Lane clinic gained its position"
    );
}

#[test]
fn an_unclosed_quote_is_reported_as_one() {
    let (dir, scenario) = scenario_copy();
    let register = dir.path().join("quote.csv");
    std::fs::write(&register, "Site name,Owner\nA,lgt\n\"B,lgt\nC,lgt\n").expect("written");
    let (code, out, _) = import_sites(&register, &scenario, &["--dry-run"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error: row 3: a quote (\") opened on line 3 is never closed"),
        "{out}"
    );
    assert!(!out.contains("no owner"), "{out}");
}

#[test]
fn a_register_over_the_size_limit_is_refused_as_a_register() {
    let (dir, scenario) = scenario_copy();
    let register = dir.path().join("huge.csv");
    std::fs::File::create(&register)
        .and_then(|f| f.set_len(60 * 1024 * 1024))
        .expect("a sparse 60 MB file");
    let (code, _, err) = import_sites(&register, &scenario, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        format!(
            "the register is 62914560 bytes, over the 52428800-byte limit for a register; split it into smaller \
             files\n  in {}",
            register.display()
        )
    );
}

#[test]
fn a_failed_export_sites_names_the_register() {
    let (dir, scenario) = scenario_copy();
    let out = dir.path().join("no such folder").join("sites.csv");
    let (code, _, err) = cli(&["export-sites", arg(&scenario), "--out", arg(&out)]);
    assert_eq!(code, 2);
    assert!(err.starts_with("cannot write the register: "), "{err}");
    assert!(err.trim_end().ends_with(&out.display().to_string()), "{err}");
    assert!(!err.contains("scenario"), "{err}");
}
