//! Golden tests of the sample scenarios' JSON reports.
//!
//! Each sample in `sample_scenarios/` is loaded, computed and serialised exactly
//! as `estates-receipts report FILE --format json` does, and compared with
//! `tests/golden/<name>.json`. Any figure that moves fails here, so a change to
//! the engine that alters the samples' numbers is a deliberate, reviewed one.
//!
//! After an intended change, regenerate the files with
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test golden
//! ```
//!
//! and read the diff of `tests/golden/*.json` before committing it.
//!
//! The golden files were first written only after the figures checked in
//! `sample_figures_match_hand_working` below had been worked by hand.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

const SAMPLES: [&str; 3] = ["lewisham-national", "lewisham-devolved", "ncl-marriage-value"];

/// Numbers may differ by this fraction of their size (or by this many pounds
/// near zero), which absorbs last-bit differences in `powi` between platforms
/// and nothing a reader could see.
const RELATIVE_TOLERANCE: f64 = 1e-9;

/// The report keys of MODEL.md section 8, plus `start_fy` so years can be labelled.
const REPORT_KEYS: [&str; 9] = [
    "scenario",
    "start_fy",
    "years",
    "totals",
    "npv",
    "disposals",
    "projects",
    "assemblies",
    "warnings",
];

/// The flow keys of each year and of the totals (MODEL.md section 8).
const FLOW_KEYS: [&str; 16] = [
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
    "drawn",
    "running_cost_savings",
    "new_running_costs",
    "backlog_avoided",
    "homes",
];

const NPV_KEYS: [&str; 7] = [
    "retained_receipts",
    "returned_national",
    "capex",
    "funding_gap",
    "running_cost_savings",
    "new_running_costs",
    "net",
];

fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

fn report_of(name: &str) -> estates_core::Report {
    let path = repo_path(&format!("sample_scenarios/{name}.ron"));
    let scenario = estates_core::io::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    estates_core::compute(&scenario)
}

fn report_json(name: &str) -> Value {
    serde_json::to_value(report_of(name)).expect("a report always serialises to JSON")
}

fn close(expected: f64, actual: f64) -> bool {
    (expected - actual).abs() <= RELATIVE_TOLERANCE * expected.abs().max(actual.abs()).max(1.0)
}

/// Every difference between two JSON trees, each as `path: what differs`.
/// Numbers are compared with `RELATIVE_TOLERANCE`, everything else exactly.
fn differences(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            if !close(e, a) {
                out.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            for (key, x) in e {
                match a.get(key) {
                    Some(y) => differences(&format!("{path}/{key}"), x, y, out),
                    None => out.push(format!("{path}/{key}: in the golden file, missing from the report")),
                }
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{path}/{key}: in the report, not in the golden file"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{path}: expected {} items, got {}", e.len(), a.len()));
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                differences(&format!("{path}/{i}"), x, y, out);
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn check_golden(name: &str) {
    let actual = report_json(name);
    let golden = repo_path(&format!("tests/golden/{name}.json"));
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        let text = serde_json::to_string_pretty(&actual).expect("JSON value prints") + "\n";
        std::fs::create_dir_all(repo_path("tests/golden")).expect("tests/golden can be created");
        std::fs::write(&golden, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", golden.display()));
        return;
    }
    let text = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run UPDATE_GOLDEN=1 cargo test -p estates-core --test model -- golden",
            golden.display()
        )
    });
    let expected: Value = serde_json::from_str(&text).expect("golden file is JSON");
    let mut diffs = Vec::new();
    differences("", &expected, &actual, &mut diffs);
    assert!(
        diffs.is_empty(),
        "{name}: {} difference(s) from {} (first 20 below); if intended, run UPDATE_GOLDEN=1 cargo test -p estates-core --test model -- golden\n{}",
        diffs.len(),
        golden.display(),
        diffs.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn lewisham_national_matches_golden() {
    check_golden("lewisham-national");
}

#[test]
fn lewisham_devolved_matches_golden() {
    check_golden("lewisham-devolved");
}

#[test]
fn ncl_marriage_value_matches_golden() {
    check_golden("ncl-marriage-value");
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn set(items: &[&'static str]) -> BTreeSet<&'static str> {
    items.iter().copied().collect()
}

#[test]
fn report_json_has_the_keys_of_model_section_8() {
    let mut year_keys = set(&FLOW_KEYS);
    year_keys.extend(["fy", "label"]);
    for name in SAMPLES {
        let r = report_json(name);
        assert_eq!(keys(&r), set(&REPORT_KEYS), "{name}: top-level keys");
        let years = r["years"].as_array().expect("years is a list");
        assert_eq!(years.len(), 15, "{name}: one row per year of the 15-year horizon");
        for y in years {
            assert_eq!(keys(y), year_keys, "{name}: keys of year {}", y["label"]);
            assert!(
                y["retained"].is_object() && y["pot_closing"].is_object() && y["drawn"].is_object(),
                "{name}: pot maps"
            );
        }
        assert_eq!(keys(&r["totals"]), set(&FLOW_KEYS), "{name}: keys of the totals");
        assert_eq!(keys(&r["npv"]), set(&NPV_KEYS), "{name}: keys of the NPVs");
        for list in ["disposals", "projects", "assemblies", "warnings"] {
            assert!(r[list].is_array(), "{name}: {list} is a list");
        }
    }
}

#[test]
fn golden_comparison_tolerates_rounding_but_not_changes() {
    let expected = serde_json::json!({"a": [1_000_000.0, "x"], "b": {"c": 0.0}});
    let mut diffs = Vec::new();
    let rounded = serde_json::json!({"a": [1_000_000.000_000_1, "x"], "b": {"c": 1e-12}});
    differences("", &expected, &rounded, &mut diffs);
    assert!(diffs.is_empty(), "{diffs:?}");

    let changed = serde_json::json!({"a": [1_000_000.01, "y"], "d": 1});
    differences("", &expected, &changed, &mut diffs);
    assert_eq!(
        diffs,
        [
            "/a/0: expected 1000000, got 1000000.01",
            "/a/1: expected \"x\", got \"y\"",
            "/b: in the golden file, missing from the report",
            "/d: in the report, not in the golden file",
        ]
    );
}

fn disposal<'a>(r: &'a estates_core::Report, id: &str) -> &'a estates_core::report::DisposalLine {
    r.disposals
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("disposal {id}"))
}

fn assert_close(what: &str, expected: f64, actual: f64) {
    assert!(close(expected, actual), "{what}: expected {expected}, got {actual}");
}

/// Figures worked by hand from the sample files and MODEL.md, before the golden
/// files were written; they pin the golden files to the contract, not just to
/// whatever the engine printed the first time.
#[test]
fn sample_figures_match_hand_working() {
    // Lewisham national: growth 1% a year, weighting on.
    let r = report_of("lewisham-national");
    // The assembly: B = 0.75 * £19.2m = £14.4m, S = £14.4m + £5.0m = £19.4m,
    // V = £23.0m, MV = £3.6m; pro rata to value the hospital land gets 14.4/19.4.
    let m = 3_600_000.0 * 14.4 / 19.4;
    assert_close("uhl marriage value share", 2_672_164.948_453_608, m);
    // Sold in 2028/29 (t = 2), probability 0.9, 2% fees and £150k fixed.
    let g = (14_400_000.0 + m) * 1.01_f64.powi(2) * 0.9;
    let c = 0.02 * g + 150_000.0 * 0.9;
    let d = disposal(&r, "uhl-north-sale");
    assert_close("uhl gross", g, d.gross_receipt);
    assert_close("uhl cost", c, d.disposal_cost);
    assert_close("uhl net", g - c, d.net_receipt);
    assert_close("uhl profit", g - c - 7_400_000.0 * 0.75, d.profit_on_disposal);
    assert_close("uhl retained by the trust in full", g - c, d.retained);
    // NHS Property Services, Downham: t = 5, probability 0.85; net is over £5m,
    // so half of the first £5m (£2.5m) is kept locally and the rest goes back.
    let g = 8_800_000.0 * 1.01_f64.powi(5) * 0.85;
    let n = g - (0.025 * g + 100_000.0 * 0.85);
    let d = disposal(&r, "nhsps-downham-sale");
    assert_close("downham net", n, d.net_receipt);
    assert_close("downham retained", 2_500_000.0, d.retained);
    assert_close("downham returned", n - 2_500_000.0, d.returned_national);
    // New Cross nets under £5m, so exactly half is kept.
    let d = disposal(&r, "nhsps-new-cross-sale");
    assert_close("new cross retained", d.net_receipt / 2.0, d.retained);
    // 2028/29 net receipts are the first 60% tranches of the two assembled sales.
    let y = &r.years[2];
    let both = disposal(&r, "uhl-north-sale").net_receipt + disposal(&r, "lbl-depot-sale").net_receipt;
    assert_close("2028/29 net receipts", 0.6 * both, y.flows.net_receipts);
    // The hub on the hospital site: £28m capex with 24% optimism bias.
    assert_close("hub-uhl capex", 28_000_000.0 * 1.24, r.projects[0].capex);

    // Devolved: every NHS receipt is retained in the pool, nothing goes back.
    let r = report_of("lewisham-devolved");
    assert_close("devolved returned nationally", 0.0, r.totals.returned_national);
    let s = estates_core::io::load(&repo_path("sample_scenarios/lewisham-devolved.ron")).expect("sample loads");
    let owner = |site: &str| s.site(site).map(|x| x.owner.as_str());
    let nhs: f64 = r
        .disposals
        .iter()
        .filter(|d| owner(&d.site) != Some("lbl"))
        .map(|d| d.net_receipt)
        .sum();
    assert_close("pool inflow", nhs, r.totals.retained["leb-pool"]);

    // NCL: the Archway assembly, uplift 20% on £32.7m, split by area 0.8 : 0.3;
    // no growth, no weighting.
    let r = report_of("ncl-marriage-value");
    let m = 0.2 * 32_700_000.0 * 0.8 / 1.1;
    let g = 24_000_000.0 + m;
    let d = disposal(&r, "whittington-archway-d1");
    assert_close("whittington gross", g, d.gross_receipt);
    assert_close("whittington net", g - (0.02 * g + 200_000.0), d.net_receipt);
    // Camden (NHS Property Services) nets £9.475m: £2.5m kept, £6.975m returned.
    let d = disposal(&r, "nhsps-camden-d1");
    assert_close("camden retained", 2_500_000.0, d.retained);
    assert_close("camden returned", 6_975_000.0, d.returned_national);
    // Barnet's members are sold in different years: no marriage value at all.
    let barnet = r
        .assemblies
        .iter()
        .find(|a| a.id == "barnet-joint")
        .expect("barnet assembly");
    assert!(!barnet.realised && barnet.marriage_value_realised == 0.0);
    assert_close(
        "nhsps-barnet gross without marriage value",
        4_600_000.0,
        disposal(&r, "nhsps-barnet-d1").gross_receipt,
    );
    // Enfield is paid 50/25/25 over three years from 2030/31.
    let n = disposal(&r, "rfl-enfield-d1").net_receipt;
    assert_close("enfield net", 8_600_000.0 * 0.98 - 150_000.0, n);
    assert_close(
        "enfield 2032/33 tranche",
        0.25 * n,
        r.years[6].flows.retained["ncl-nhs-capital"],
    );
}
