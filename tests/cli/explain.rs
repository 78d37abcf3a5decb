//! `explain` as a user runs it: a yearly figure's parts as lines and as JSON,
//! both years' spellings, one pot, and the usage errors (exit 2).

use crate::builders as scenario_builders;

use std::path::PathBuf;

use crate::commands::{path_arg, run, text, write};
use estates_core::model::{OrgKind, Scenario};
use scenario_builders::*;
use serde_json::Value;

/// The trust sells site a (£2m) in 2026/27 keeping half in `local`; a hub
/// needs £1.5m in 2027/28 from `local`, which then holds £1m: a £0.5m gap.
fn hub_short() -> Scenario {
    let mut s = estate(3);
    s.name = "Explain test".to_owned();
    s.sites = vec![site("a", "nhs", 2_000_000.0)].into();
    s.disposals = vec![disposal("a", 2026)].into();
    s.retention_rules = vec![kind_rule("trusts", OrgKind::NhsTrust, 0.5, "local")].into();
    s.projects = vec![project("hub", &[(2027, 1_500_000.0)], vec![from_pot("local", None)])].into();
    s
}

fn saved() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "explain.ron", &hub_short());
    (dir, path)
}

fn json_of(args: &[&str]) -> Value {
    let out = run(args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("prints JSON")
}

#[test]
fn explain_json_has_the_figure_and_parts_adding_up_to_it() {
    let (_dir, path) = saved();
    // 2027/28 closing: £1m carried from 2026/27, less the hub's £1m draw.
    let j = json_of(&[
        "explain",
        path_arg(&path),
        "pot_closing",
        "--fy",
        "2027/28",
        "--format",
        "json",
    ]);
    assert_eq!(j["field"], "pot_closing");
    assert_eq!(j["fy"], 2027);
    assert_eq!(j["value"], 0.0);
    let parts = j["parts"].as_array().expect("parts");
    let amounts: Vec<f64> = parts.iter().map(|p| p["amount"].as_f64().unwrap_or(f64::NAN)).collect();
    assert_eq!(amounts, vec![1_000_000.0, -1_000_000.0]);
    assert_eq!(parts[0]["kind"], "pot");
    assert_eq!(parts[1]["item"], "hub");
    assert_eq!(parts[1]["kind"], "project");
    let keys: Vec<&String> = parts[1].as_object().expect("object").keys().collect();
    assert_eq!(keys, ["amount", "how", "item", "kind"]);
}

#[test]
fn explain_table_names_the_items_and_rules_in_words() {
    let (_dir, path) = saved();
    let out = run(&["explain", path_arg(&path), "retained", "--fy", "2026", "--pot", "local"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("Retained locally (Pot local), 2026/27: £1.0m\n"), "{t}");
    assert!(
        t.contains("£1.0m  disposal a-d: Site a sold in 2026/27: net £2.0m × 50% kept under 'Rule trusts' = £1.0m into Pot local"),
        "{t}"
    );
    let gap = run(&["explain", path_arg(&path), "funding_gap", "--fy", "2027"]);
    let t = text(&gap.stdout);
    assert!(
        t.contains("Project hub: capex £1.5m less £1.0m funded = £0.5m not funded"),
        "{t}"
    );
}

#[test]
fn explain_refuses_an_unknown_field_a_year_outside_the_horizon_and_a_bad_pot() {
    let (_dir, path) = saved();
    let cases: [(&[&str], &str); 4] = [
        (&["profit", "--fy", "2026"], "'profit' is not a yearly figure"),
        (
            &["capex", "--fy", "2031"],
            "2031/32 is outside the scenario's horizon (2026/27 to 2028/29)",
        ),
        (&["drawn", "--fy", "2026", "--pot", "nope"], "no pot has the id 'nope'"),
        (&["capex", "--fy", "26/27"], "'26/27' is not a financial year"),
    ];
    for (args, message) in cases {
        let mut all = vec!["explain", path_arg(&path)];
        all.extend_from_slice(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(message), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn explain_total_sums_the_years_parts_each_named_with_its_year() {
    let (_dir, path) = saved();
    // Half of the £2m sale is kept in 2026/27, the only year with a receipt.
    let j = json_of(&["explain", path_arg(&path), "retained", "--total", "--format", "json"]);
    assert_eq!(
        (j["field"].as_str(), j["fy"].is_null(), j["over"].as_str()),
        (Some("retained"), true, Some("total"))
    );
    assert_eq!(j["value"], 1_000_000.0);
    let parts = j["parts"].as_array().expect("parts");
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0]["item"], "a-d");
    assert!(
        parts[0]["how"].as_str().unwrap_or("").starts_with("2026/27: "),
        "{}",
        parts[0]["how"]
    );
    let out = run(&["explain", path_arg(&path), "retained", "--total"]);
    assert!(
        text(&out.stdout).starts_with("Retained locally, total over the horizon: £1.0m\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn explain_net_npv_is_each_years_net_flow_discounted() {
    let (_dir, path) = saved();
    // Year 0: £1m retained, not discounted; year 1: the hub's £1.5m capex at 1/1.035.
    let j = json_of(&["explain", path_arg(&path), "net_npv", "--format", "json"]);
    assert_eq!((j["field"].as_str(), j["over"].as_str()), (Some("net"), Some("npv")));
    let capex_pv = 1_500_000.0 / 1.035;
    let value = j["value"].as_f64().unwrap_or(f64::NAN);
    assert!((value - (1_000_000.0 - capex_pv)).abs() < 1e-6, "{value}");
    let parts = j["parts"].as_array().expect("parts");
    let amounts: Vec<f64> = parts.iter().map(|p| p["amount"].as_f64().unwrap_or(f64::NAN)).collect();
    assert_eq!(amounts.len(), 2);
    assert!(
        (amounts[0] - 1_000_000.0).abs() < 1e-6 && (amounts[1] + capex_pv).abs() < 1e-6,
        "{amounts:?}"
    );
    assert_eq!(
        (parts[1]["kind"].as_str(), parts[1]["item"].as_str()),
        (Some("year"), Some("2027/28"))
    );
    // The same figure asked for as `net --npv`; with no span at all, a usage error.
    let again = json_of(&["explain", path_arg(&path), "net", "--npv", "--format", "json"]);
    assert_eq!(again, j);
    let out = run(&["explain", path_arg(&path), "retained"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--fy FY for one year, --total for the horizon"),
        "{}",
        text(&out.stderr)
    );
}
