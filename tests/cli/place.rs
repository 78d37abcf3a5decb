//! The place commands as a user runs them: `opportunities`, `report --by` and
//! `merge`, their output and exit codes.

use crate::builders as scenario_builders;

use std::path::Path;
use std::process::Output;

use crate::commands::{path_arg, run, text, write};
use estates_core::io::load;
use estates_core::model::{Location, OrgKind, Scenario};
use scenario_builders::*;
use serde_json::{json, Value};

/// Metres per degree of latitude on the model's sphere: 6,371,008.8 * pi / 180.
const METRES_PER_DEGREE: f64 = 111_195.08;

/// A trust site `a`, a council site `b` 60 m north of it and an NHS Property
/// Services site `c` 150 m south of it, in Lewisham (SEL) but `c` in no
/// borough; a and c are sold, and a hub in Lewisham.
fn located() -> Scenario {
    let mut s = estate(5);
    s.name = "Located".to_owned();
    s.organisations
        .push(org("nhsps", "NHS Property Services", OrgKind::NhsPropertyServices));
    let place = |id: &str, owner: &str, value: f64, north: f64| {
        let mut x = site(id, owner, value);
        x.location = Some(Location {
            lat: 51.45 + north / METRES_PER_DEGREE,
            lon: -0.02,
        });
        x.sub_region = "SEL".to_owned();
        x
    };
    let mut a = place("a", "nhs", 2_000_000.0, 0.0);
    a.borough = "Lewisham".to_owned();
    let mut b = place("b", "council", 1_000_000.0, 60.0);
    b.borough = "Lewisham".to_owned();
    let c = place("c", "nhsps", 500_000.0, -150.0);
    s.sites = vec![a, b, c].into();
    s.disposals = vec![disposal("a", 2027), disposal("c", 2028)].into();
    let mut hub = project("hub", &[(2028, 1_500_000.0)], vec![grant("g", 1_000_000.0)]);
    hub.borough = "Lewisham".to_owned();
    s.projects = vec![hub].into();
    s
}

fn json_of(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("prints JSON")
}

// ---------------------------------------------------------------------------
// opportunities

#[test]
fn opportunities_json_lists_pairs_within_the_default_100_m() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "located.ron", &located());
    let j = json_of(&run(&["opportunities", path_arg(&file), "--format", "json"]));
    // a-b is 60 m apart; a-c 150 m and b-c 210 m are beyond the default 100 m.
    let list = j.as_array().expect("a list");
    assert_eq!(list.len(), 1, "{j}");
    let o = &list[0];
    assert_eq!(o["sites"], json!(["a", "b"]));
    assert_eq!(o["owners"], json!(["nhs", "council"]));
    assert_eq!(o["value_sum"], json!(3_000_000.0));
    assert_eq!(o["disposal_fy"], json!([2027, null]));
    let d = o["distance_m"].as_f64().expect("a distance");
    assert!((d - 60.0).abs() < 0.01, "{d}");
}

#[test]
fn opportunities_within_a_wider_distance_are_listed_nearest_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "located.ron", &located());
    let j = json_of(&run(&[
        "opportunities",
        path_arg(&file),
        "--within",
        "250",
        "--format",
        "json",
    ]));
    let pairs: Vec<&Value> = j.as_array().expect("a list").iter().map(|o| &o["sites"]).collect();
    assert_eq!(pairs, [&json!(["a", "b"]), &json!(["a", "c"]), &json!(["b", "c"])]);
}

#[test]
fn opportunities_table_names_sites_owners_and_years() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "located.ron", &located());
    let out = run(&["opportunities", path_arg(&file)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("within 100 m: 1 pair(s)"), "{stdout}");
    assert!(
        stdout.contains("60 m apart, standalone values £3.0m together"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Site a [a], Lewisham NHS Trust; disposal in 2027/28"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Site b [b], Lewisham Council; no disposal planned"),
        "{stdout}"
    );
}

#[test]
fn opportunities_refuses_a_negative_distance_and_an_invalid_or_missing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "located.ron", &located());
    let out = run(&["opportunities", path_arg(&file), "--within", "-5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a distance in metres"),
        "{}",
        text(&out.stderr)
    );
    let mut bad = located();
    bad.sites[0].location = Some(Location { lat: 95.0, lon: 0.0 });
    let bad = write(dir.path(), "bad.ron", &bad);
    let out = run(&["opportunities", path_arg(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("Site 'a' (Site a), Location (latitude)"), "{all}");
    let missing = dir.path().join("missing.ron");
    assert_eq!(run(&["opportunities", path_arg(&missing)]).status.code(), Some(2));
}

#[test]
fn the_samples_have_opportunities_at_a_sensible_distance() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_scenarios");
    // NCL: the Camden health centre and the council's former nursery, about 130 m apart
    // (the Archway and Barnet neighbours are already assembled).
    let ncl = samples.join("ncl-marriage-value.ron");
    let j = json_of(&run(&[
        "opportunities",
        path_arg(&ncl),
        "--within",
        "200",
        "--format",
        "json",
    ]));
    assert_eq!(j.as_array().map(Vec::len), Some(1), "{j}");
    assert_eq!(j[0]["sites"], json!(["nhsps-camden", "camden-nursery"]));
    // Lewisham: Downham health centre and the council's former housing office across the road.
    let lewisham = samples.join("lewisham-national.ron");
    let j = json_of(&run(&["opportunities", path_arg(&lewisham), "--format", "json"]));
    assert_eq!(j.as_array().map(Vec::len), Some(1), "{j}");
    assert_eq!(j[0]["sites"], json!(["nhsps-downham", "lbl-downham-office"]));
}

// ---------------------------------------------------------------------------
// report --by

#[test]
fn report_by_borough_json_gives_each_area_and_they_add_up_to_the_totals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "located.ron", &located());
    let areas = json_of(&run(&[
        "report",
        path_arg(&file),
        "--by",
        "borough",
        "--format",
        "json",
    ]));
    let totals = json_of(&run(&["report", path_arg(&file), "--format", "json"]))["totals"].clone();
    let names: Vec<&str> = areas
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| a["area"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["Lewisham", "Not set"]);
    // Lewisham: site a's £2m and the hub's £1.5m capex (£0.5m not met by the grant); Not set: c's £0.5m.
    assert_eq!(areas[0]["gross_receipts"], json!(2_000_000.0));
    assert_eq!(areas[0]["capex"], json!(1_500_000.0));
    assert_eq!(areas[0]["funding_gap"], json!(500_000.0));
    assert_eq!(areas[1]["gross_receipts"], json!(500_000.0));
    for key in ["gross_receipts", "net_receipts", "capex", "funding_gap", "homes"] {
        let sum: f64 = areas
            .as_array()
            .expect("a list")
            .iter()
            .map(|a| a[key].as_f64().expect("a number"))
            .sum();
        assert!((sum - totals[key].as_f64().expect("a total")).abs() < 1e-6, "{key}");
    }
}

#[test]
fn report_by_sub_region_as_csv_and_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "located.ron", &located());
    let out = run(&["report", path_arg(&file), "--by", "sub-region", "--format", "csv"]);
    let csv = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{csv}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "area,gross_receipts,disposal_costs,net_receipts,marriage_value,homes,backlog_avoided,running_cost_savings,capex,funding_gap"
    );
    // Both sold sites are in SEL; the hub has no site, so its capex is "Not set".
    // Money to the penny through the shared CSV writer; homes are a count.
    assert_eq!(lines[1], "SEL,2500000.00,0.00,2500000.00,0.00,0,0.00,0.00,0.00,0.00");
    assert_eq!(lines[2], "Not set,0.00,0.00,0.00,0.00,0,0.00,0.00,1500000.00,500000.00");
    let out = run(&["report", path_arg(&file), "--by", "sub-region"]);
    let table = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{table}");
    assert!(table.contains("By sub-region"), "{table}");
    let total = table.lines().find(|l| l.starts_with("Total")).expect("a total row");
    assert!(total.contains("£2.5m") && total.contains("£1.5m"), "{total}");
}

#[test]
fn report_by_refuses_an_unknown_level() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "located.ron", &located());
    assert_eq!(run(&["report", path_arg(&file), "--by", "ward"]).status.code(), Some(2));
}

// ---------------------------------------------------------------------------
// merge

#[test]
fn merge_writes_one_scenario_and_says_which_ids_were_renamed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ncl = write(dir.path(), "ncl.ron", &located());
    let mut other = located();
    other.horizon = 8;
    other.sites[2].value = 750_000.0;
    let sel = write(dir.path(), "sel.ron", &other);
    let out_file = dir.path().join("london.ron");
    let out = run(&["merge", path_arg(&ncl), path_arg(&sel), "--out", path_arg(&out_file)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("Site 'c' of ncl renamed 'ncl-c': another file has a different site with that id"),
        "{stdout}"
    );
    assert!(stdout.contains("Site 'c' of sel renamed 'sel-c'"), "{stdout}");
    let merged = load(&out_file).expect("the merged file loads and validates");
    let ids: Vec<&str> = merged.sites.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "ncl-c", "sel-c"]);
    assert_eq!(merged.horizon, 8);
    let sites_sold: Vec<&str> = merged.disposals.iter().map(|d| d.site.as_str()).collect();
    assert_eq!(sites_sold, ["a", "ncl-c", "sel-c"]);
}

#[test]
fn merge_refuses_conflicting_assumptions_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ncl = write(dir.path(), "ncl.ron", &located());
    let mut other = located();
    other.land_growth = 0.01;
    let sel = write(dir.path(), "sel.ron", &other);
    let out_file = dir.path().join("london.ron");
    let out = run(&["merge", path_arg(&ncl), path_arg(&sel), "--out", path_arg(&out_file)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the assumption `land_growth` differs: ncl has 0, sel has 0.01"),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_file.exists());
}

#[test]
fn merge_refuses_a_result_that_would_not_validate_and_its_own_input_as_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ncl = write(dir.path(), "ncl.ron", &located());
    // The same site a sold again in another year: its shares would add up to 2.
    let mut other = located();
    other.disposals[0].fy = 2029;
    let sel = write(dir.path(), "sel.ron", &other);
    let out_file = dir.path().join("london.ron");
    let out = run(&["merge", path_arg(&ncl), path_arg(&sel), "--out", path_arg(&out_file)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("nothing was written"),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_file.exists());
    let out = run(&["merge", path_arg(&ncl), path_arg(&sel), "--out", path_arg(&ncl)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("refusing to write the merge over"),
        "{}",
        text(&out.stderr)
    );
}
