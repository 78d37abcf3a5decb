//! Importing site registers from CSV and exporting them back (issue 6, item 1).
//!
//! The register fixture is a surplus-land style return against the version-1
//! scenario fixture (Lewisham and Greenwich, FY 2026/27 to 2035/36). Every
//! expected figure below is read off the two files by hand.

use std::path::Path;
use std::process::Command;

use estates_core::import::{
    apply_import, decode_register, export_sites_csv, plan_import, ColumnMapping, ImportError, ImportPlan, SiteField,
    MAX_IMPORT_ROWS,
};
use estates_core::io::{backup_path, load, parse, save, FileFormat};
use estates_core::model::{Disposal, OrgKind, Organisation};
use estates_core::validate::validate;
use estates_core::Scenario;

use crate::builders::without_sites;

const REGISTER: &str = include_str!("../fixtures/surplus-land-register.csv");
const SCENARIO: &str = include_str!("../fixtures/scenario-v1.ron");

fn scenario() -> Scenario {
    parse(SCENARIO, FileFormat::Ron).unwrap()
}

fn plan(csv: &str, s: &Scenario) -> ImportPlan {
    plan_import(csv, s, &ColumnMapping::guess(csv)).unwrap()
}

fn rows(issues: &[estates_core::import::RowIssue]) -> Vec<usize> {
    issues.iter().map(|i| i.row).collect()
}

fn message(plan: &ImportPlan, row: usize) -> &str {
    &plan.row_errors.iter().find(|e| e.row == row).unwrap().message
}

#[test]
fn the_register_columns_are_guessed_from_their_headings() {
    let m = ColumnMapping::guess(REGISTER);
    assert_eq!(m.delimiter, b',');
    assert!(m.has_header);
    use SiteField::*;
    assert_eq!(
        m.columns,
        [
            Name,
            EpimsId,
            Owner,
            Borough,
            AreaHa,
            GiaM2,
            Value,
            BookValue,
            DisposalCost,
            RunningCost,
            DisposalYear,
            Homes,
            PlanningStatus
        ]
        .map(Some)
    );
}

#[test]
fn the_surplus_land_register_imports_with_row_level_errors() {
    let s = scenario();
    let p = plan(REGISTER, &s);

    let new: Vec<(&str, usize)> = p.new_sites.iter().map(|x| (x.site.id.as_str(), x.row)).collect();
    assert_eq!(
        new,
        [
            ("ladywell-unit", 3),
            ("sydenham-road-car-park", 4),
            ("woolwich-dental-practice", 5)
        ]
    );
    let ladywell = &p.new_sites[0].site;
    assert_eq!(ladywell.owner, "lgt");
    assert_eq!(ladywell.area_ha, 1.2, "'1.2 ha'");
    assert_eq!(ladywell.gia_m2, 5200.0, "'5,200'");
    assert_eq!(ladywell.value, 4_500_000.0, "'£4.5m'");
    assert_eq!(ladywell.book_value, 1_800_000.0, "'£1,800,000'");
    assert_eq!(ladywell.running_cost, 210_000.0, "'£210k'");
    assert_eq!(ladywell.homes, 85.0);
    assert_eq!(ladywell.epims_id.as_deref(), Some("10991"));
    assert_eq!(ladywell.planning_status.as_deref(), Some("Outline permission"));
    let sydenham = &p.new_sites[1].site;
    assert_eq!(
        (sydenham.owner.as_str(), sydenham.value, sydenham.book_value),
        ("nhsps", 750_000.0, 300_000.0)
    );
    assert_eq!(
        (sydenham.epims_id.clone(), sydenham.planning_status.clone()),
        (None, None)
    );

    // Hither Green matches s1 by ePIMS id; only its market value changes (6.0m to 6.5m).
    // Catford matches s2 by name and owner, ignoring case and a trailing space; its
    // capitalisation is the register's.
    let updated: Vec<(&str, usize, Vec<SiteField>)> = p
        .updated_sites
        .iter()
        .map(|x| (x.site.id.as_str(), x.row, x.changed.clone()))
        .collect();
    assert_eq!(
        updated,
        [("s1", 2, vec![SiteField::Value]), ("s2", 11, vec![SiteField::Name])]
    );
    assert_eq!(p.updated_sites[0].site.value, 6_500_000.0);
    assert_eq!(p.updated_sites[1].site.name, "Catford Health Centre Car Park");
    assert!(p.unchanged_rows.is_empty());

    // Only the owner of an imported row is created: Oxleas and the ICB are on failed rows.
    assert_eq!(
        p.new_organisations,
        [Organisation {
            id: "royal-borough-of-greenwich".into(),
            name: "Royal Borough of Greenwich".into(),
            kind: OrgKind::Council
        }]
    );

    // New sites with a disposal year get a whole-site disposal, the cost as fixed_cost.
    let new_disposals: Vec<(&str, &str, i32, f64, usize)> = p
        .new_disposals
        .iter()
        .map(|x| {
            (
                x.disposal.id.as_str(),
                x.disposal.site.as_str(),
                x.disposal.fy,
                x.disposal.fixed_cost,
                x.row,
            )
        })
        .collect();
    assert_eq!(
        new_disposals,
        [
            ("ladywell-unit-d1", "ladywell-unit", 2029, 90_000.0, 3),
            ("sydenham-road-car-park-d1", "sydenham-road-car-park", 2028, 25_000.0, 4),
            ("woolwich-dental-practice-d1", "woolwich-dental-practice", 2030, 0.0, 5),
        ]
    );
    assert_eq!(p.new_disposals[0].disposal.share, 1.0);
    // s1's only disposal d1 keeps its year (2027/28) and terms; its fixed cost becomes £60k.
    assert_eq!(p.updated_disposals.len(), 1);
    let d1 = &p.updated_disposals[0].disposal;
    let before = &s.disposals[0];
    assert_eq!(
        *d1,
        Disposal {
            fixed_cost: 60_000.0,
            ..before.clone()
        }
    );

    assert_eq!(rows(&p.row_errors), [6, 7, 8, 9, 10]);
    assert!(message(&p, 6).contains("Market value (column 7)"), "{}", message(&p, 6));
    assert!(message(&p, 6).contains("'TBC' is not an amount"), "{}", message(&p, 6));
    assert!(message(&p, 7).contains("column 5") && message(&p, 7).contains("must be 0 or more, not -0.3"));
    assert!(message(&p, 8).contains("2045/46 is outside the scenario's horizon (2026/27 to 2035/36)"));
    assert!(message(&p, 9).contains("no site name"));
    assert!(message(&p, 10).contains("the same site as row 3"));
    assert!(p.row_warnings.is_empty());

    let summary = p.summary();
    assert!(summary.starts_with("3 new site(s), 2 updated, 0 unchanged; 1 new organisation(s); 3 new disposal(s), 1 updated; 5 row(s) not imported"), "{summary}");
    assert!(summary.contains("error: row 6: "));
}

#[test]
fn nothing_changes_until_the_plan_is_applied_and_then_the_scenario_is_valid() {
    let mut s = scenario();
    let before = s.clone();
    let p = plan(REGISTER, &s);
    assert_eq!(s, before, "planning changes nothing");
    apply_import(&mut s, &p);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    assert_eq!(s.sites.len(), 6);
    assert_eq!(s.organisations.len(), 4);
    assert_eq!(s.disposals.len(), 6);
    assert_eq!(s.site("s1").unwrap().value, 6_500_000.0);
    // Applying the same plan again changes nothing more.
    let once = s.clone();
    apply_import(&mut s, &p);
    assert_eq!(s, once);
}

#[test]
fn importing_the_same_register_twice_updates_rather_than_duplicates() {
    let mut s = scenario();
    let p = plan(REGISTER, &s);
    apply_import(&mut s, &p);
    let again = plan(REGISTER, &s);
    assert!(!again.changes_anything(), "{again:?}");
    assert_eq!(again.unchanged_rows, [2, 3, 4, 5, 11]);
    assert_eq!(rows(&again.row_errors), [6, 7, 8, 9, 10]);

    // A later register with a new value for Ladywell updates that one site.
    let revised = REGISTER.replace("£4.5m", "£4.8m");
    let p = plan(&revised, &s);
    assert!(p.new_sites.is_empty());
    assert_eq!(p.updated_sites.len(), 1);
    assert_eq!(p.updated_sites[0].site.id, "ladywell-unit");
    assert_eq!(p.updated_sites[0].site.value, 4_800_000.0);
}

#[test]
fn the_exported_register_imports_back_unchanged() {
    let mut s = scenario();
    let p = plan(REGISTER, &s);
    apply_import(&mut s, &p);
    // Text a spreadsheet would run as a formula, and odd characters, survive too.
    s.sites[2].name = "=HYPERLINK(\"http://x\")".into();
    s.sites[2].notes = "line one\nline \"two\", ; \t three 🏥".into();
    let csv = export_sites_csv(&s).unwrap();
    let text = decode_register(&csv);
    assert!(csv.starts_with("\u{feff}Site id,Site name,Owner,".as_bytes()));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "guarded: {text}");

    let back = plan(&text, &s);
    assert!(!back.changes_anything(), "{back:?}");
    assert!(back.row_errors.is_empty() && back.row_warnings.is_empty());

    // Into a copy without sites or disposals, the sites come back exactly.
    let mut empty = without_sites(&s);
    let p = plan(&text, &empty);
    apply_import(&mut empty, &p);
    assert_eq!(empty.sites, s.sites);
    assert!(empty.organisations == s.organisations, "owners are matched by name");
    // Sites with one disposal come back with its year and fixed cost.
    let d = empty.disposals.iter().find(|d| d.site == "ladywell-unit").unwrap();
    assert_eq!((d.fy, d.fixed_cost), (2029, 90_000.0));
}

#[test]
fn a_register_imports_into_an_empty_scenario_with_owners_created() {
    let s = Scenario::default();
    let csv = "Site name;Organisation;Market value\nA;Camden Council;1m\nB;camden council;2m\nC;UCLH NHS Foundation Trust;3m\n";
    let p = plan(csv, &s);
    let orgs: Vec<(&str, OrgKind)> = p.new_organisations.iter().map(|o| (o.id.as_str(), o.kind)).collect();
    assert_eq!(
        orgs,
        [
            ("camden-council", OrgKind::Council),
            ("uclh-nhs-foundation-trust", OrgKind::NhsFoundationTrust)
        ]
    );
    let owners: Vec<&str> = p.new_sites.iter().map(|x| x.site.owner.as_str()).collect();
    assert_eq!(
        owners,
        ["camden-council", "camden-council", "uclh-nhs-foundation-trust"]
    );
}

#[test]
fn a_single_owner_return_uses_the_default_owner() {
    let s = scenario();
    let csv = "Site name,Market value\nNew clinic,£2m\n";
    let mut m = ColumnMapping::guess(csv);
    let e = plan_import(csv, &s, &m).unwrap();
    assert!(message(&e, 2).contains("no owner"), "{e:?}");
    m.default_owner = Some("LGT".into()); // matched by id, ignoring case
    let p = plan_import(csv, &s, &m).unwrap();
    assert_eq!(p.new_sites[0].site.owner, "lgt");
}

#[test]
fn a_file_without_headings_imports_once_the_caller_maps_it() {
    let s = scenario();
    let csv = "Forest Hill clinic\tlgt\t900000\n";
    let mut m = ColumnMapping::guess(csv);
    assert_eq!((m.delimiter, m.has_header), (b'\t', false));
    let err = plan_import(csv, &s, &m).unwrap_err();
    assert!(matches!(err, ImportError::Mapping(_)), "{err}");
    m.columns = vec![Some(SiteField::Name), Some(SiteField::Owner), Some(SiteField::Value)];
    let p = plan_import(csv, &s, &m).unwrap();
    assert_eq!(p.new_sites[0].row, 1, "without a header the first row is row 1");
    assert_eq!(p.new_sites[0].site.value, 900_000.0);

    m.columns[2] = Some(SiteField::Name);
    let err = plan_import(csv, &s, &m).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the column mapping cannot be used: Site name is mapped to columns 1 and 3; map it to one"
    );
}

#[test]
fn register_years_and_costs_that_cannot_be_placed_are_warned_about() {
    let mut s = scenario();
    // s3 has one disposal (half the site); give it a second so the register cannot say which.
    s.disposals.push(Disposal {
        share: 0.5,
        ..Disposal::new("d9", "s3", 2030)
    });
    let csv = "Site name,Owner,Cost of disposal,Disposal year\n\
               Rushey Green depot,London Borough of Lewisham,£20k,2031\n\
               Brand new site,lbl,£5k,\n";
    let p = plan(csv, &s);
    let warnings: Vec<String> = p.row_warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "row 2: disposal year and cost not applied: the site has 2 disposals in the scenario",
            "row 3: cost of disposal ignored: no disposal year, and the site has no disposal",
        ]
    );
    assert!(p.new_disposals.is_empty() && p.updated_disposals.is_empty());
    assert_eq!(p.new_sites.len(), 1, "the row itself is imported");
}

#[test]
fn rows_naming_one_site_are_errors_whatever_order_they_come_in() {
    let s = scenario();
    // Row 2 cannot be imported (no name, and no site has ePIMS E9 yet); row 3 would add
    // E9. Were row 3 imported, row 2 would match its site on a second import.
    let csv = "Site name,Owner,ePIMS id\n,lgt,E9\nNew site,lgt,E9\n";
    let p = plan(csv, &s);
    let errors: Vec<String> = p.row_errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "row 2: no site name or address, and no existing site has its UPRN, ePIMS id, ERIC site code or site id",
            "row 3: the same site as row 2 (the same ePIMS id); keep one of the two rows",
        ]
    );
    assert!(!p.changes_anything());
}

#[test]
fn a_row_that_moves_a_site_to_a_new_epims_id_frees_the_old_one() {
    let mut s = scenario();
    // Row 2 finds s1 by name and gives it a new ePIMS id; row 3 then owns s1's old one.
    let csv = "Site name,Owner,ePIMS id\nHither Green Lane clinic,lgt,05117\nOther clinic,lgt,10234\n";
    let p = plan(csv, &s);
    assert_eq!(p.updated_sites[0].site.epims_id.as_deref(), Some("05117"));
    assert_eq!(p.new_sites[0].site.epims_id.as_deref(), Some("10234"));
    assert!(p.row_errors.is_empty(), "{:?}", p.row_errors);
    apply_import(&mut s, &p);
    assert!(!plan(csv, &s).changes_anything());
}

#[test]
fn a_name_two_sites_share_or_an_epims_id_of_another_site_is_refused() {
    let mut s = scenario();
    s.sites[1].name = "Car park".into();
    s.sites[1].owner = "lgt".into();
    s.sites[2].name = "car  park".into();
    s.sites[2].owner = "lgt".into();
    let p = plan("Site name,Owner,Market value\nCar Park,lgt,1m\n", &s);
    assert_eq!(
        p.row_errors[0].message,
        "more than one site of this owner is named 'Car Park'; give its ePIMS id or site id to say which"
    );
    let p = plan("Site id,ePIMS id\ns2,10234\n", &s);
    assert_eq!(
        p.row_errors[0].message,
        "ePIMS id 10234 is already site 's1' (Hither Green Lane clinic)"
    );
}

#[test]
fn a_windows_1252_register_from_excel_reads_its_pound_signs() {
    let bytes = b"Site name,Owner,Market value\nDeptford clinic,lgt,\xa31.5m\n";
    let text = decode_register(bytes);
    let p = plan(&text, &scenario());
    assert_eq!(p.new_sites[0].site.value, 1_500_000.0);
}

#[test]
fn a_register_with_too_many_rows_is_refused() {
    let csv = format!("Site name\n{}", ",\n".repeat(MAX_IMPORT_ROWS + 1));
    let err = plan_import(&csv, &scenario(), &ColumnMapping::guess(&csv)).unwrap_err();
    assert_eq!(err, ImportError::TooManyRows);
    let fits = format!("Site name\n{}", ",\n".repeat(MAX_IMPORT_ROWS));
    assert!(plan_import(&fits, &scenario(), &ColumnMapping::guess(&fits)).is_ok());
}

// ---------------------------------------------------------------------------
// The commands

/// Runs the built binary: its exit code, standard output and standard error.
pub(crate) fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn workspace() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("plan.ron");
    std::fs::write(&scenario, SCENARIO).unwrap();
    let register = dir.path().join("register.csv");
    std::fs::write(&register, REGISTER).unwrap();
    let p = |x: &Path| x.to_str().unwrap().to_owned();
    (dir, p(&register), p(&scenario))
}

#[test]
fn import_sites_dry_run_prints_the_plan_and_writes_nothing() {
    let (_dir, register, scenario) = workspace();
    let args = [
        "import-sites",
        &register,
        "--into",
        &scenario,
        "--dry-run",
        "--create-owners",
    ];
    let (code, out, err) = cli(&args);
    // Rows 6 to 10 would be rejected, so the dry run fails (issue 11).
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.trim(),
        format!("5 row(s) of {register} would not be imported (listed above)")
    );
    assert!(out.contains("column 7 'Market value (£)' -> Market value"), "{out}");
    assert!(out.contains("3 new site(s), 2 updated"), "{out}");
    assert!(out.contains("error: row 8: disposal year 2045/46 is outside"), "{out}");
    assert!(out.contains("nothing written"), "{out}");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), SCENARIO);
    assert!(!backup_path(Path::new(&scenario)).exists());
}

#[test]
fn import_sites_writes_the_scenario_and_keeps_a_backup() {
    let (_dir, register, scenario) = workspace();
    let (code, out, err) = cli(&["import-sites", &register, "--into", &scenario, "--create-owners"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote "), "{out}");
    let s = load(Path::new(&scenario)).unwrap();
    assert_eq!(s.sites.len(), 6);
    assert_eq!(
        std::fs::read_to_string(backup_path(Path::new(&scenario))).unwrap(),
        SCENARIO
    );
    // The second time there is nothing to change, and nothing is written.
    let (code, out, _) = cli(&["import-sites", &register, "--into", &scenario, "--create-owners"]);
    assert_eq!(code, 0);
    assert!(out.contains("0 new site(s), 0 updated, 5 unchanged"), "{out}");
    assert!(out.contains("nothing written"), "{out}");
}

#[test]
fn import_sites_writes_nothing_when_no_row_imports_or_the_scenario_is_invalid() {
    let (dir, _, scenario) = workspace();
    let register = dir.path().join("bad.csv");
    std::fs::write(&register, "Site name,Owner,Market value\nNo owner row,,1m\n").unwrap();
    let (code, out, err) = cli(&["import-sites", register.to_str().unwrap(), "--into", &scenario]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 row(s) not imported") && out.contains("error: row 2: no owner"),
        "{out}"
    );
    assert!(out.contains("nothing written"), "{out}");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), SCENARIO);

    // A scenario that is already invalid is refused before anything is planned, untouched.
    let broken = SCENARIO.replace("horizon: 10", "horizon: 0");
    std::fs::write(&scenario, &broken).unwrap();
    let ok_register = dir.path().join("ok.csv");
    std::fs::write(&ok_register, "Site name,Owner,Market value\nNew,lgt,1m\n").unwrap();
    let (code, _, err) = cli(&["import-sites", ok_register.to_str().unwrap(), "--into", &scenario]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("horizon"), "{err}");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), broken);
}

#[test]
fn export_sites_writes_the_register_and_refuses_to_overwrite_a_scenario() {
    let (dir, _, scenario) = workspace();
    let out_csv = dir.path().join("sites.csv");
    let (code, out, err) = cli(&["export-sites", &scenario, "--out", out_csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote 3 site(s)"), "{out}");
    let text = std::fs::read_to_string(&out_csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}Site id,Site name,Owner,Borough,Sub-region,Plot area (ha),GIA (m2),Tenure,Current use,\
         Market value,Net book value (NBV),Annual running cost,Backlog maintenance,Housing units,ePIMS id,\
         Planning status,Notes,Cost of disposal,Disposal year,UPRN,ERIC site code,Address,Latitude,Longitude"
    );
    assert_eq!(
        lines.next().unwrap(),
        "s1,Hither Green Lane clinic,Lewisham and Greenwich NHS Trust,Lewisham,SEL,0.8,2400,Freehold,\
         Vacant clinic,6000000,2500000,150000,900000,60,10234,Allocated,Surplus since 2024,50000,2027/28,,,,,"
    );

    let (code, _, err) = cli(&["export-sites", &scenario, "--out", &scenario]);
    assert_eq!(code, 2);
    assert!(
        err.contains("refusing to write a CSV register over a scenario file"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), SCENARIO);
}

#[test]
fn a_scenario_saved_after_an_import_loads_with_the_imported_sites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("after.ron");
    let mut s = scenario();
    let p = plan(REGISTER, &s);
    apply_import(&mut s, &p);
    save(&path, &s).unwrap();
    assert_eq!(load(&path).unwrap(), s);
}
