//! The headless commands, run as a user would run the built binary, on small
//! scenarios written by each test into its own temporary folder.

use crate::builders as scenario_builders;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use estates_core::io::save;
use estates_core::model::{OrgKind, Scenario};
use scenario_builders::*;
use serde_json::Value;

/// The scenario the commands are run on. Horizon FY 2026 to 2028.
/// The trust sells site a (£2m) in FY 2026 keeping half in `local`; the council sells site b
/// (£1m) in FY 2027 with no retention rule (a warning). A hub needs £1.5m in FY 2027 from `local`.
fn sample() -> Scenario {
    let mut s = estate(3);
    s.name = "Lewisham test".to_owned();
    s.sites = vec![site("a", "nhs", 2_000_000.0), site("b", "council", 1_000_000.0)].into();
    s.disposals = vec![disposal("a", 2026), disposal("b", 2027)].into();
    s.retention_rules = vec![kind_rule("trusts", OrgKind::NhsTrust, 0.5, "local")].into();
    s.projects = vec![project("hub", &[(2027, 1_500_000.0)], vec![from_pot("local", None)])].into();
    s
}

/// Saves a scenario into `dir` as `name` and returns its path.
pub(crate) fn write(dir: &Path, name: &str, s: &Scenario) -> PathBuf {
    let path = dir.join(name);
    save(&path, s).expect("save the test scenario");
    path
}

pub(crate) fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .args(args)
        .output()
        .expect("run estates-receipts")
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

pub(crate) fn path_arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

#[test]
fn check_accepts_a_valid_file_and_prints_its_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "ok.ron", &sample());
    let out = run(&["check", path_arg(&file)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("ok: Lewisham test"), "{stdout}");
    // The council has no retention rule.
    assert!(
        stdout.contains("warning: Organisation 'council' (Lewisham Council)"),
        "{stdout}"
    );
}

#[test]
fn check_rejects_an_invalid_file_listing_every_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = sample();
    s.disposals[0].probability = 0.0;
    s.sites[1].owner = "nobody".to_owned();
    s.projects[0].optimism_bias = 5.0;
    let file = write(dir.path(), "bad.ron", &s);
    let out = run(&["check", path_arg(&file)]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("3 problem(s)"), "{all}");
    for expected in [
        "error: Disposal 'a-d' (Site a), Probability",
        "error: Site 'b' (Site b), Owner",
        "error: Project 'hub' (Project hub), Optimism bias",
    ] {
        assert!(all.contains(expected), "missing '{expected}' in:\n{all}");
    }
}

#[test]
fn check_exits_2_on_a_missing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("not-there.ron");
    let out = run(&["check", path_arg(&missing)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not-there.ron"), "{stderr}");
}

#[test]
fn check_exits_1_on_a_syntax_error_naming_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.ron");
    std::fs::write(&file, "Scenario(\n    name: \"Broken\",\n    horizon: ten,\n)\n").expect("write");
    let out = run(&["check", path_arg(&file)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("line 3, column"), "{stderr}");
}

/// The keys MODEL.md section 8 lists for each year (and for the totals).
const YEAR_KEYS: [&str; 17] = [
    "gross_receipts",
    "disposal_costs",
    "net_receipts",
    "marriage_value",
    "retained",
    "returned_national",
    "capex",
    "funded_from_pots",
    "funded_from_grants",
    "funding_gap",
    "pot_closing",
    "running_cost_savings",
    "new_running_costs",
    "backlog_avoided",
    "homes",
    "fy",
    "label",
];

fn report_json(dir: &Path) -> Value {
    let file = write(dir, "s.ron", &sample());
    let out = run(&["report", path_arg(&file), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("report --format json prints JSON")
}

#[test]
fn report_json_has_the_keys_of_model_section_8() {
    let dir = tempfile::tempdir().expect("temp dir");
    let j = report_json(dir.path());
    for key in [
        "scenario",
        "years",
        "totals",
        "npv",
        "disposals",
        "projects",
        "assemblies",
        "warnings",
    ] {
        assert!(j.get(key).is_some(), "missing top-level key {key}");
    }
    assert_eq!(j["scenario"], "Lewisham test");
    let years = j["years"].as_array().expect("years is a list");
    assert_eq!(years.len(), 3);
    for year in years {
        for key in YEAR_KEYS {
            assert!(year.get(key).is_some(), "missing year key {key} in {year}");
        }
        assert!(year["retained"].is_object() && year["pot_closing"].is_object());
    }
    for key in YEAR_KEYS.iter().filter(|k| !matches!(**k, "fy" | "label")) {
        assert!(j["totals"].get(*key).is_some(), "missing totals key {key}");
    }
    assert!(j["totals"]["retained"].is_object() && j["totals"]["pot_closing"].is_object());
    for key in [
        "retained_receipts",
        "returned_national",
        "capex",
        "funding_gap",
        "running_cost_savings",
        "new_running_costs",
        "net",
    ] {
        assert!(j["npv"].get(key).is_some(), "missing npv key {key}");
    }
}

#[test]
fn report_json_carries_the_figures() {
    // Year 0: the trust's £2m, half kept: 1m into `local`, 1m returned.
    // Year 1: the council's £1m, all returned; the hub takes the pot's 1m and has a 0.5m gap.
    let dir = tempfile::tempdir().expect("temp dir");
    let j = report_json(dir.path());
    let y = &j["years"];
    assert_eq!(y[0]["fy"], 2026);
    assert_eq!(y[0]["label"], "2026/27");
    assert_eq!(y[0]["gross_receipts"], 2_000_000.0);
    assert_eq!(y[0]["retained"]["local"], 1_000_000.0);
    assert_eq!(y[0]["returned_national"], 1_000_000.0);
    assert_eq!(y[1]["returned_national"], 1_000_000.0);
    assert_eq!(y[1]["funded_from_pots"], 1_000_000.0);
    assert_eq!(y[1]["funding_gap"], 500_000.0);
    assert_eq!(y[1]["pot_closing"]["local"], 0.0);
    assert_eq!(j["totals"]["gross_receipts"], 3_000_000.0);
    assert_eq!(j["totals"]["capex"], 1_500_000.0);
}

#[test]
fn report_csv_has_a_header_and_one_row_per_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "s.ron", &sample());
    let out = run(&["report", path_arg(&file), "--format", "csv"]);
    let csv = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("fy,label,gross_receipts,"), "{}", lines[0]);
    // Money to the penny.
    assert!(lines[1].starts_with("2026,2026/27,2000000.00,"), "{}", lines[1]);
    assert!(lines[2].starts_with("2027,2027/28,1000000.00,"), "{}", lines[2]);
    assert!(lines[3].starts_with("2028,2028/29,0.00,"), "{}", lines[3]);
}

#[test]
fn report_table_shows_fy_labels_and_money_in_millions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "s.ron", &sample());
    let out = run(&["report", path_arg(&file)]);
    let table = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(table.contains("Lewisham test"), "{table}");
    let row = |label: &str| {
        table
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label} in:\n{table}"))
            .to_owned()
    };
    // 2026/27 row: gross £2.0m, costs £0.0m, net £2.0m.
    assert!(row("2026/27").contains("£2.0m"), "{table}");
    assert!(row("2027/28").contains("£1.5m"), "capex of the hub:\n{table}");
    assert!(row("2028/29").contains("£0.0m"), "{table}");
    assert!(row("Total").contains("£3.0m"), "{table}");
}

#[test]
fn compare_shows_both_names_their_figures_and_what_changed() {
    // The devolved option keeps all of the trust's receipts: retained 2m against 1m.
    let dir = tempfile::tempdir().expect("temp dir");
    let national = sample();
    let mut devolved = sample();
    devolved.name = "Devolved settlement".to_owned();
    devolved.retention_rules[0].retained_share = 1.0;
    let a = write(dir.path(), "a.ron", &national);
    let b = write(dir.path(), "b.ron", &devolved);
    let out = run(&["compare", path_arg(&a), path_arg(&b)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("Lewisham test") && stdout.contains("Devolved settlement"),
        "{stdout}"
    );
    let retained = stdout
        .lines()
        .find(|l| l.starts_with("Retained locally"))
        .unwrap_or_else(|| panic!("no retained row in:\n{stdout}"));
    assert!(
        retained.contains("£1.0m") && retained.contains("£2.0m (+£1.0m)"),
        "{retained}"
    );
    assert!(
        stdout.contains("What changed from Lewisham test to Devolved settlement:"),
        "{stdout}"
    );
    assert!(stdout.contains("share retained changed from 50% to 100%"), "{stdout}");
}

#[test]
fn compare_of_a_file_with_itself_lists_no_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(dir.path(), "a.ron", &sample());
    let out = run(&["compare", path_arg(&a), path_arg(&a)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(stdout.contains("no input differences"), "{stdout}");
}
