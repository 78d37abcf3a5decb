//! MODEL.md section 9: what is never accepted. One test per class of invalid
//! input, each asserting that the error names the item (id and name) and the
//! field, both in the `Problem`'s fields and in its printed form; then the file
//! level rules: syntax errors give line and column, a rejected load changes
//! nothing on disk, and a newer format version is refused by name.

use crate::builders as scenario_builders;

use std::fs;
use std::path::Path;

use estates_core::io::{load, parse, save, FileFormat, LoadError};
use estates_core::model::{Discount, Disposal, OrgKind, Scenario, Split};
use estates_core::problem::{field_label, ItemKind, Problem};
use estates_core::validate::validate;
use scenario_builders::*;

/// A valid scenario with one of everything: sites a (NHS), b (council) and c (NHS);
/// disposals `a-d` and `b-d` in FY 2027 assembled as `ab`; rules for the trust and
/// for councils; a hub on site c funded from `local` and a grant. Horizon FY 2026 to 2035.
fn valid() -> Scenario {
    let mut s = estate(10);
    s.name = "Validation base".to_owned();
    s.sites = vec![
        site("a", "nhs", 5_000_000.0),
        site("b", "council", 3_000_000.0),
        site("c", "nhs", 1_000_000.0),
    ]
    .into();
    s.disposals = vec![disposal("a", 2027), disposal("b", 2027)].into();
    s.assemblies = vec![assembly("ab", &["a", "b"], 0.1)].into();
    s.retention_rules = vec![
        org_rule("r-nhs", "nhs", 0.5, "local"),
        kind_rule("r-la", OrgKind::Council, 1.0, "local"),
    ]
    .into();
    let mut hub = project(
        "hub",
        &[(2028, 4_000_000.0)],
        vec![from_pot("local", None), grant("LIFT", 1_000_000.0)],
    );
    hub.site = Some("c".to_owned());
    s.projects = vec![hub].into();
    s
}

/// Finds the error about `field` of the item `kind`/`id`, and checks it names the item by id
/// and name and the field, in its fields and in its printed form.
fn error_on(s: &Scenario, kind: ItemKind, id: &str, name: &str, field: &str) -> Problem {
    let errors = validate(s);
    let Some(p) = errors
        .iter()
        .find(|p| p.item.kind == kind && p.item.id == id && p.field == field)
    else {
        panic!("no error on {kind:?} '{id}' field `{field}`; got {errors:#?}");
    };
    assert!(p.is_error(), "{p}");
    assert_eq!(p.item.name, name, "{p}");
    let text = p.to_string();
    // The printed form names the field by the label people see.
    for part in [id, name, &field_label(field)] {
        assert!(text.contains(part), "'{part}' missing from: {text}");
    }
    p.clone()
}

/// Like `error_on`, and asserts it is the scenario's only error (nothing else was broken).
fn only_error(s: &Scenario, kind: ItemKind, id: &str, name: &str, field: &str) -> Problem {
    let p = error_on(s, kind, id, name, field);
    let errors = validate(s);
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    p
}

/// A scenario-level error: the scenario has no id, so it is named "Scenario" and by its field.
fn scenario_error(s: &Scenario, field: &str) -> Problem {
    let errors = validate(s);
    let Some(p) = errors
        .iter()
        .find(|p| p.item.kind == ItemKind::Scenario && p.field == field)
    else {
        panic!("no scenario error on `{field}`; got {errors:#?}");
    };
    assert_eq!(p.item.name, s.name);
    let text = p.to_string();
    assert!(
        text.contains("Scenario") && text.contains(&field_label(field)),
        "{text}"
    );
    p.clone()
}

fn assert_valid(s: &Scenario) {
    let errors = validate(s);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_base_scenario_is_valid() {
    assert_valid(&valid());
}

// ---------------------------------------------------------------------------
// Numbers: finite, not negative, in range

#[test]
fn a_non_finite_number_is_an_error() {
    let mut s = valid();
    s.sites[0].value = f64::NAN;
    let p = only_error(&s, ItemKind::Site, "a", "Site a", "value");
    assert!(p.message.contains("finite"), "{p}");

    let mut s = valid();
    s.disposals[0].probability = f64::INFINITY;
    only_error(&s, ItemKind::Disposal, "a-d", "Site a", "probability");

    let mut s = valid();
    s.land_growth = f64::NAN;
    scenario_error(&s, "land_growth");
    assert_eq!(validate(&s).len(), 1);
}

#[test]
fn a_negative_amount_is_an_error() {
    let mut s = valid();
    s.sites[2].book_value = -1.0;
    only_error(&s, ItemKind::Site, "c", "Site c", "book_value");

    let mut s = valid();
    s.disposals[1].fixed_cost = -1.0;
    only_error(&s, ItemKind::Disposal, "b-d", "Site b", "fixed_cost");

    let mut s = valid();
    s.pots[0].opening_balance = -1.0;
    only_error(&s, ItemKind::Pot, "local", "Pot local", "opening_balance");

    let mut s = valid();
    s.projects[0].running_cost = -1.0;
    only_error(&s, ItemKind::Project, "hub", "Project hub", "running_cost");

    let mut s = valid();
    s.projects[0].capex[0].1 = -1.0;
    only_error(&s, ItemKind::Project, "hub", "Project hub", "capex");
}

#[test]
fn a_disposal_share_outside_zero_to_one_is_an_error() {
    for share in [0.0, -0.5] {
        let mut s = valid();
        s.disposals[0].share = share;
        let p = only_error(&s, ItemKind::Disposal, "a-d", "Site a", "share");
        assert!(p.message.contains(&share.to_string()), "{p}");
    }
    // Over 1 also takes more than the whole site, a second error on the site itself.
    let mut s = valid();
    s.disposals[0].share = 1.5;
    error_on(&s, ItemKind::Disposal, "a-d", "Site a", "share");
    error_on(&s, ItemKind::Site, "a", "Site a", "share");
    let mut s = valid();
    s.disposals[0].share = 1.0;
    assert_valid(&s);
}

#[test]
fn a_probability_outside_zero_to_one_is_an_error() {
    for probability in [0.0, 1.01] {
        let mut s = valid();
        s.disposals[1].probability = probability;
        only_error(&s, ItemKind::Disposal, "b-d", "Site b", "probability");
    }
}

#[test]
fn a_retained_share_outside_zero_to_one_is_an_error() {
    for share in [-0.1, 1.2] {
        let mut s = valid();
        s.retention_rules[0].retained_share = share;
        only_error(&s, ItemKind::RetentionRule, "r-nhs", "Rule r-nhs", "retained_share");
    }
    let mut s = valid();
    s.retention_rules[0].retained_share = 0.0;
    assert_valid(&s);
}

#[test]
fn a_cost_rate_of_one_is_an_error() {
    let mut s = valid();
    s.disposals[0].cost_rate = 1.0;
    only_error(&s, ItemKind::Disposal, "a-d", "Site a", "cost_rate");
    s.disposals[0].cost_rate = 0.999;
    assert_valid(&s);
}

#[test]
fn optimism_bias_over_two_is_an_error() {
    let mut s = valid();
    s.projects[0].optimism_bias = 2.01;
    only_error(&s, ItemKind::Project, "hub", "Project hub", "optimism_bias");
    s.projects[0].optimism_bias = 2.0;
    assert_valid(&s);
}

#[test]
fn land_growth_of_a_half_either_way_is_an_error() {
    for g in [0.5, -0.5] {
        let mut s = valid();
        s.land_growth = g;
        scenario_error(&s, "land_growth");
        assert_eq!(validate(&s).len(), 1);
    }
    let mut s = valid();
    s.land_growth = 0.49;
    assert_valid(&s);
}

#[test]
fn a_flat_discount_rate_outside_zero_to_twenty_percent_is_an_error() {
    for rate in [0.25, -0.01] {
        let mut s = valid();
        s.discount = Discount::Flat(rate);
        scenario_error(&s, "discount");
        assert_eq!(validate(&s).len(), 1);
    }
    let mut s = valid();
    s.discount = Discount::Flat(0.2);
    assert_valid(&s);
}

#[test]
fn an_uplift_of_minus_one_is_an_error() {
    let mut s = valid();
    s.assemblies[0].uplift = Some(-1.0);
    only_error(&s, ItemKind::Assembly, "ab", "Assembly ab", "uplift");
    s.assemblies[0].uplift = Some(-0.99);
    assert_valid(&s);
}

#[test]
fn a_horizon_of_zero_or_over_sixty_years_is_an_error() {
    for horizon in [0, 61] {
        let mut s = valid();
        s.horizon = horizon;
        let p = scenario_error(&s, "horizon");
        assert!(p.message.contains(&horizon.to_string()), "{p}");
    }
    let mut s = valid();
    s.horizon = 61;
    assert_eq!(validate(&s).len(), 1, "a 61-year horizon breaks nothing else here");
    s.horizon = 60;
    assert_valid(&s);
}

// ---------------------------------------------------------------------------
// Ids and references

#[test]
fn a_duplicate_id_is_an_error_for_every_kind_of_item() {
    let mut s = valid();
    s.organisations.push(org("nhs", "Second trust", OrgKind::NhsTrust));
    let p = only_error(&s, ItemKind::Organisation, "nhs", "Second trust", "id");
    assert!(p.message.contains("duplicate"), "{p}");

    let mut s = valid();
    let mut again = site("c", "nhs", 0.0);
    again.name = "Another c".to_owned();
    s.sites.push(again);
    only_error(&s, ItemKind::Site, "c", "Another c", "id");

    let mut s = valid();
    let mut d = disposal("c", 2027);
    d.id = "a-d".to_owned();
    s.disposals.push(d);
    only_error(&s, ItemKind::Disposal, "a-d", "Site c", "id");

    let mut s = valid();
    let mut a = assembly("ab", &["a", "c"], 0.1);
    a.enabled = false;
    s.assemblies.push(a);
    only_error(&s, ItemKind::Assembly, "ab", "Assembly ab", "id");

    let mut s = valid();
    s.pots.push(pot("local", 0.0));
    only_error(&s, ItemKind::Pot, "local", "Pot local", "id");

    let mut s = valid();
    s.retention_rules
        .push(kind_rule("r-la", OrgKind::NhsFoundationTrust, 1.0, "local"));
    only_error(&s, ItemKind::RetentionRule, "r-la", "Rule r-la", "id");

    let mut s = valid();
    s.projects.push(project("hub", &[], vec![]));
    only_error(&s, ItemKind::Project, "hub", "Project hub", "id");
}

#[test]
fn a_site_owner_that_is_not_an_organisation_is_an_error() {
    let mut s = valid();
    s.sites[2].owner = "nobody".to_owned();
    let p = only_error(&s, ItemKind::Site, "c", "Site c", "owner");
    assert!(p.message.contains("'nobody'"), "{p}");
}

#[test]
fn an_owner_not_yet_chosen_asks_for_a_choice() {
    let mut s = valid();
    s.sites[2].owner = String::new();
    let p = only_error(&s, ItemKind::Site, "c", "Site c", "owner");
    assert_eq!(p.message, "no owner chosen: choose an organisation of this scenario");
}

#[test]
fn a_disposal_of_a_site_that_does_not_exist_is_an_error() {
    let mut s = valid();
    s.disposals.push(disposal("z", 2027));
    // With no such site there is no site name to show; the id still names the disposal.
    let p = error_on(&s, ItemKind::Disposal, "z-d", "", "site");
    assert!(p.message.contains("'z'"), "{p}");
    assert_eq!(validate(&s).len(), 1);
}

#[test]
fn an_assembly_member_that_is_not_a_site_is_an_error() {
    let mut s = valid();
    s.assemblies[0].members.push("z".to_owned());
    let p = only_error(&s, ItemKind::Assembly, "ab", "Assembly ab", "members");
    assert!(p.message.contains("'z'"), "{p}");
}

#[test]
fn a_retention_rule_for_an_unknown_organisation_is_an_error() {
    let mut s = valid();
    s.retention_rules.push(org_rule("r-z", "z", 0.5, "local"));
    let p = only_error(&s, ItemKind::RetentionRule, "r-z", "Rule r-z", "applies_to");
    assert!(p.message.contains("'z'"), "{p}");
}

#[test]
fn a_retention_rule_into_an_unknown_pot_is_an_error() {
    let mut s = valid();
    s.retention_rules[1].pot = "nowhere".to_owned();
    let p = only_error(&s, ItemKind::RetentionRule, "r-la", "Rule r-la", "pot");
    assert!(p.message.contains("'nowhere'"), "{p}");
}

#[test]
fn a_project_on_an_unknown_site_is_an_error() {
    let mut s = valid();
    s.projects[0].site = Some("z".to_owned());
    let p = only_error(&s, ItemKind::Project, "hub", "Project hub", "site");
    assert!(p.message.contains("'z'"), "{p}");
}

#[test]
fn a_project_funded_from_an_unknown_pot_is_an_error() {
    let mut s = valid();
    s.projects[0].funding.push(from_pot("nowhere", None));
    let p = only_error(&s, ItemKind::Project, "hub", "Project hub", "funding");
    assert!(p.message.contains("'nowhere'"), "{p}");
}

#[test]
fn a_site_in_two_enabled_assemblies_is_an_error() {
    let mut s = valid();
    s.disposals.push(disposal("c", 2027));
    s.assemblies.push(assembly("bc", &["b", "c"], 0.1));
    let p = only_error(&s, ItemKind::Assembly, "bc", "Assembly bc", "members");
    assert!(p.message.contains("'b'") && p.message.contains("'ab'"), "{p}");

    // The same site in a disabled assembly is fine: only one of them is the scenario's choice.
    s.assemblies[1].enabled = false;
    assert_valid(&s);
}

// ---------------------------------------------------------------------------
// Phasing, years and shares

#[test]
fn phasing_that_does_not_sum_to_one_is_an_error() {
    let mut s = valid();
    s.disposals[0].phasing = vec![(0, 0.5), (1, 0.4)];
    let p = only_error(&s, ItemKind::Disposal, "a-d", "Site a", "phasing");
    assert!(p.message.contains("0.9"), "{p}");

    // Within 1e-9 of one is accepted.
    s.disposals[0].phasing = vec![(0, 0.5), (1, 0.5 + 5e-10)];
    assert_valid(&s);
}

/// Asserts the error says the year is outside the horizon and to extend it.
fn says_extend_the_horizon(p: &Problem) {
    assert!(p.message.contains("outside the horizon"), "{p}");
    assert!(p.message.contains("extend the horizon"), "{p}");
}

#[test]
fn a_disposal_year_outside_the_horizon_is_an_error_saying_to_extend_it() {
    // The horizon is FY 2026 to FY 2035.
    for fy in [2036, 2025] {
        let mut s = valid();
        s.disposals.push(disposal("c", fy));
        let p = error_on(&s, ItemKind::Disposal, "c-d", "Site c", "fy");
        says_extend_the_horizon(&p);
    }
}

#[test]
fn a_tranche_landing_after_the_horizon_is_an_error_saying_to_extend_it() {
    // Sold in FY 2034, the second half lands in FY 2036, after the horizon ends in FY 2035.
    let mut s = valid();
    let mut d = disposal("c", 2034);
    d.phasing = vec![(0, 0.5), (2, 0.5)];
    s.disposals.push(d);
    let p = only_error(&s, ItemKind::Disposal, "c-d", "Site c", "phasing");
    says_extend_the_horizon(&p);
    assert!(p.message.contains("2036/37"), "{p}");
}

#[test]
fn a_capex_year_outside_the_horizon_is_an_error_saying_to_extend_it() {
    let mut s = valid();
    s.projects[0].capex.push((2040, 1_000_000.0));
    let p = only_error(&s, ItemKind::Project, "hub", "Project hub", "capex");
    says_extend_the_horizon(&p);
}

/// Sales of shares of site c in FY 2027 (`c-d`) and FY 2029 (`c-d2`).
fn two_sales_of_c(first_share: f64, second_share: f64) -> [Disposal; 2] {
    let mut first = disposal("c", 2027);
    first.share = first_share;
    let mut second = disposal("c", 2029);
    second.id = "c-d2".to_owned();
    second.share = second_share;
    [first, second]
}

#[test]
fn a_sites_disposal_shares_over_one_is_an_error() {
    let mut s = valid();
    s.disposals.extend(two_sales_of_c(0.6, 0.6));
    only_error(&s, ItemKind::Site, "c", "Site c", "share");

    // Shares adding to exactly 1 are fine.
    s.disposals[3].share = 0.4;
    assert_valid(&s);
}

#[test]
fn a_fixed_split_needs_one_share_per_member_summing_to_one() {
    let mut s = valid();
    s.assemblies[0].split = Split::Fixed(vec![1.0]);
    let p = only_error(&s, ItemKind::Assembly, "ab", "Assembly ab", "split");
    assert!(p.message.contains("1 shares for 2 members"), "{p}");

    s.assemblies[0].split = Split::Fixed(vec![0.5, 0.6]);
    let p = only_error(&s, ItemKind::Assembly, "ab", "Assembly ab", "split");
    assert!(p.message.contains("sum"), "{p}");

    s.assemblies[0].split = Split::Fixed(vec![0.25, 0.75]);
    assert_valid(&s);
}

#[test]
fn every_problem_is_listed_at_once() {
    let mut s = valid();
    s.sites[0].value = -5.0;
    s.disposals[1].probability = 0.0;
    s.projects[0].optimism_bias = 3.0;
    let errors = validate(&s);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    error_on(&s, ItemKind::Site, "a", "Site a", "value");
    error_on(&s, ItemKind::Disposal, "b-d", "Site b", "probability");
    error_on(&s, ItemKind::Project, "hub", "Project hub", "optimism_bias");
}

// ---------------------------------------------------------------------------
// Files

fn bytes(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list the temp dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Loads `text` from a file and checks the load failed without touching the folder.
fn failed_load(text: &str) -> LoadError {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("scenario.ron");
    fs::write(&path, text).expect("write scenario");
    let before = listing(dir.path());
    let modified = fs::metadata(&path).and_then(|m| m.modified()).expect("mtime");
    let Err(e) = load(&path) else {
        panic!("the load should have failed");
    };
    assert_eq!(bytes(&path), text.as_bytes(), "a rejected load changed the file");
    assert_eq!(fs::metadata(&path).and_then(|m| m.modified()).expect("mtime"), modified);
    assert_eq!(listing(dir.path()), before, "a rejected load wrote beside the file");
    e
}

#[test]
fn a_ron_syntax_error_gives_the_line_and_column() {
    // Line 4 is missing the comma after the horizon, so the parser stops at line 5, column 5.
    let text = "Scenario(\n    name: \"Broken\",\n    start_fy: 2026,\n    horizon: 10\n    land_growth: 0.0,\n)\n";
    let e = failed_load(text);
    let LoadError::Syntax { line, col, .. } = &e else {
        panic!("expected a syntax error, got {e}");
    };
    assert_eq!((*line, *col), (5, 5), "{e}");
    assert!(e.to_string().contains("line 5, column 5"), "{e}");
}

#[test]
fn an_unknown_field_is_a_syntax_error_not_a_silent_default() {
    let text =
        "Scenario(\n    name: \"Typo\",\n    start_fy: 2026,\n    horizon: 10,\n    wieght_by_probability: true,\n)\n";
    let e = failed_load(text);
    let LoadError::Syntax { line, .. } = &e else {
        panic!("expected a syntax error, got {e}");
    };
    assert_eq!(*line, 5, "{e}");
}

#[test]
fn a_file_breaking_the_rules_is_rejected_with_every_problem_and_left_unchanged() {
    let mut s = valid();
    s.horizon = 61;
    s.disposals[0].cost_rate = 1.0;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("written.ron");
    save(&path, &s).expect("save");
    let text = String::from_utf8(bytes(&path)).expect("utf-8");
    let e = failed_load(&text);
    let LoadError::Invalid(problems) = &e else {
        panic!("expected validation errors, got {e}");
    };
    assert_eq!(problems.len(), 2, "{e}");
    let message = e.to_string();
    assert!(
        message.contains("Horizon") && message.contains("Cost rate"),
        "{message}"
    );
    assert!(message.contains("Disposal 'a-d' (Site a)"), "{message}");
}

#[test]
fn a_newer_format_version_is_refused_naming_the_version() {
    // Version 2 may hold fields this build does not know; they must not be reported as typos.
    let text = "Scenario(\n    version: 2,\n    name: \"Future\",\n    start_fy: 2026,\n    horizon: 10,\n    uncertainty: (draws: 100),\n)\n";
    let e = failed_load(text);
    assert!(
        matches!(e, LoadError::TooNew { found: 2, supported: 1 }),
        "expected a version refusal, got {e}"
    );
    let message = e.to_string();
    assert!(message.contains("version 2"), "{message}");
}

#[test]
fn a_saved_scenario_loads_back_equal() {
    let s = valid();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("round.ron");
    save(&path, &s).expect("save");
    assert_eq!(load(&path).expect("load"), s);
    // The text form parses to the same scenario too.
    let text = String::from_utf8(bytes(&path)).expect("utf-8");
    assert_eq!(parse(&text, FileFormat::Ron).expect("parse"), s);
}

#[test]
fn a_bad_spending_profile_is_refused_naming_the_pot_and_field() {
    let mut s = hub_on_a_full_pot(2);
    s.pots[0].spend_limits = vec![(2026, 1.0), (2026, 2.0), (2030, 1.0), (2027, -5.0), (2027, f64::NAN)];
    let problems = validate(&s);
    let about_limits: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.item.kind == ItemKind::Pot && p.item.id == "local" && p.field == "spend_limits")
        .collect();
    let text: Vec<String> = about_limits.iter().map(|p| p.message.clone()).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("2026/27") && m.contains("more than once")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|m| m.contains("2030/31") && m.contains("outside the horizon")),
        "{text:#?}"
    );
    assert!(text.iter().any(|m| m.contains("0 or more")), "{text:#?}");
    assert!(text.iter().any(|m| m.contains("finite")), "{text:#?}");
}

#[test]
fn a_repeated_site_id_shares_its_disposals_and_the_first_site_names_them() {
    let mut s = valid();
    let mut again = site("c", "nhs", 0.0);
    again.name = "Another c".to_owned();
    s.sites.push(again);
    s.disposals.extend(two_sales_of_c(0.5, 0.75));
    let problems = validate(&s);
    // 0.5 + 0.75 sold of the site both entries name: each says so, and the
    // second also repeats an id.
    let of = |index: usize, field: &str| {
        problems
            .iter()
            .filter(|p| p.item.kind == ItemKind::Site && p.item.index == index && p.field == field)
            .count()
    };
    assert_eq!((of(2, "share"), of(3, "share"), of(3, "id"), of(2, "id")), (1, 1, 1, 0));
    assert!(problems.iter().all(|p| p.item.kind == ItemKind::Site), "{problems:?}");
    assert!(problems
        .iter()
        .any(|p| p.field == "share" && p.message.contains("add up to 1.25")));
    // A disposal of the repeated id is named by the first site holding it.
    s.disposals[3].id = "a-d".to_owned();
    let named = error_on(&s, ItemKind::Disposal, "a-d", "Site c", "id");
    assert!(named.message.contains("duplicate"), "{named}");
}

#[test]
fn hidden_characters_are_found_in_ascii_and_in_other_text() {
    use estates_core::ids::{control_in_name, hidden_in_id};
    assert_eq!(hidden_in_id("site-1"), None);
    assert_eq!(hidden_in_id("site\u{7f}1"), Some('\u{7f}'));
    assert_eq!(hidden_in_id("tab\there"), Some('\t'));
    assert_eq!(hidden_in_id("café\u{200B}"), Some('\u{200B}'));
    assert_eq!(hidden_in_id("café\u{85}"), Some('\u{85}'));
    assert_eq!(control_in_name("Downham health centre"), None);
    assert_eq!(control_in_name("line\nbreak"), Some('\n'));
    assert_eq!(control_in_name("Zoë\u{9f}"), Some('\u{9f}'));
    assert_eq!(
        control_in_name("Zoë\u{200B}"),
        None,
        "an invisible character is allowed in a name"
    );
}
