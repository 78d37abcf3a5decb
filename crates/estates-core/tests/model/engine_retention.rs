//! The engine's retention rules (MODEL.md section 5, `engine::retention`),
//! and the pots' spending limits (MODEL.md section 6, the capital budget), which
//! the engine keeps with the pots, by hand-worked examples.
//!
//! Each test builds a small scenario in code and checks figures worked out by
//! hand in its comments, so a failure points at the rule that broke.

use crate::builders::*;
use estates_core::model::OrgKind;
use estates_core::problem::{ItemKind, Problem};
use estates_core::report::Report;

// ---------------------------------------------------------------------------
// Section 5: retention

#[test]
fn a_rule_naming_the_organisation_beats_a_rule_naming_its_kind() {
    // The kind rule (50% to `pool`) is listed first; the trust's own rule (80% to `local`) wins.
    // nhs sells £10m: 8,000,000 to local, 2,000,000 returned.
    // Another trust, `other`, has only the kind rule: its £1m gives 500,000 to pool.
    let mut s = estate(1);
    s.organisations.push(org("other", "Other NHS Trust", OrgKind::NhsTrust));
    s.pots.push(pot("pool", 0.0));
    s.sites = vec![site("a", "nhs", 10_000_000.0), site("o", "other", 1_000_000.0)].into();
    s.disposals = vec![disposal("a", 2026), disposal("o", 2026)].into();
    s.retention_rules = vec![
        kind_rule("trusts", OrgKind::NhsTrust, 0.5, "pool"),
        org_rule("lewisham", "nhs", 0.8, "local"),
    ]
    .into();
    let r = computed(&s);
    assert_close(r.years[0].flows.retained["local"], 8_000_000.0);
    assert_close(r.years[0].flows.retained["pool"], 500_000.0);
    assert_close(r.years[0].flows.returned_national, 2_500_000.0);
    assert_close(r.disposals[0].retained, 8_000_000.0);
    assert_close(r.disposals[1].retained, 500_000.0);
}

#[test]
fn an_owner_no_rule_matches_retains_nothing_and_is_warned_about() {
    let mut s = estate(1);
    s.sites = vec![site("c", "council", 3_000_000.0)].into();
    s.disposals = vec![disposal("c", 2026)].into();
    s.retention_rules = vec![kind_rule("nhs", OrgKind::NhsTrust, 1.0, "local")].into();
    let r = computed(&s);
    assert_close(r.years[0].flows.retained["local"], 0.0);
    assert_close(r.years[0].flows.returned_national, 3_000_000.0);
    let w = warnings_about(&r, ItemKind::Organisation, "council");
    assert_eq!(w.len(), 1, "{:#?}", r.warnings);
    assert_eq!(w[0].item.name, "Lewisham Council");
}

/// One NHS site sold for `value` at t = 0 with two equal tranches (t = 0 and t = 1), under a
/// 50% rule into `local` limited to £5m per disposal.
fn limited(value: f64) -> estates_core::Scenario {
    let mut s = estate(2);
    s.sites = vec![site("a", "nhs", value)].into();
    let mut d = disposal("a", 2026);
    d.phasing = vec![(0, 0.5), (1, 0.5)];
    s.disposals = vec![d].into();
    let mut r = kind_rule("capped", OrgKind::NhsTrust, 0.5, "local");
    r.limit_per_disposal = Some(5_000_000.0);
    s.retention_rules = vec![r].into();
    s
}

#[test]
fn a_limit_per_disposal_caps_the_net_receipt_the_share_applies_to() {
    // N = 20m > 5m: fraction = 0.5 * 5m / 20m = 0.125, on each 10m tranche: 1,250,000 kept, 8,750,000 returned.
    let r = computed(&limited(20_000_000.0));
    assert_years(&retained_in(&r, "local"), &[1_250_000.0, 1_250_000.0]);
    assert_years(&series(&r, |f| f.returned_national), &[8_750_000.0, 8_750_000.0]);
    assert_close(r.disposals[0].retained, 2_500_000.0);
}

#[test]
fn a_limit_above_the_net_receipt_changes_nothing() {
    // N = 4m < 5m: fraction 0.5; tranches of 2m keep 1,000,000 each.
    let r = computed(&limited(4_000_000.0));
    assert_years(&retained_in(&r, "local"), &[1_000_000.0, 1_000_000.0]);
    assert_years(&series(&r, |f| f.returned_national), &[1_000_000.0, 1_000_000.0]);
}

#[test]
fn a_limit_applies_to_the_risk_weighted_net_receipt() {
    // £20m at p = 0.5, weighting on: N = 10m; fraction 0.5 * 5m / 10m = 0.25;
    // tranches of 5m keep 1,250,000 each.
    let mut s = limited(20_000_000.0);
    s.weight_by_probability = true;
    s.disposals[0].probability = 0.5;
    let r = computed(&s);
    assert_years(&retained_in(&r, "local"), &[1_250_000.0, 1_250_000.0]);
}

#[test]
fn a_limit_on_a_loss_keeps_the_plain_share_and_the_loss_reduces_the_pot() {
    // Worthless site, £100k fixed cost: N = -100,000 <= 0, so the fraction is r = 0.5.
    // Tranches of -50,000: -25,000 into the pot each year; the pot (opening £1m) closes 975,000 then 950,000.
    let mut s = limited(0.0);
    s.disposals[0].fixed_cost = 100_000.0;
    s.pots[0].opening_balance = 1_000_000.0;
    let r = computed(&s);
    assert_years(&retained_in(&r, "local"), &[-25_000.0, -25_000.0]);
    assert_years(&series(&r, |f| f.returned_national), &[-25_000.0, -25_000.0]);
    assert_years(&closing_of(&r, "local"), &[975_000.0, 950_000.0]);
}

#[test]
fn a_pots_annual_cap_returns_the_excess_nationally() {
    // Cap £3m a year, everything retained. t = 0: two £4m sales, 8m in, 3m kept, 5m returned.
    // t = 1: a £2m sale, under the cap, all kept. Closing: 3m, then 5m.
    let mut s = estate(2);
    s.pots[0].annual_cap = Some(3_000_000.0);
    s.sites = vec![
        site("a", "nhs", 4_000_000.0),
        site("b", "nhs", 4_000_000.0),
        site("c", "nhs", 2_000_000.0),
    ]
    .into();
    s.disposals = vec![disposal("a", 2026), disposal("b", 2026), disposal("c", 2027)].into();
    s.retention_rules = vec![kind_rule("all", OrgKind::NhsTrust, 1.0, "local")].into();
    let r = computed(&s);
    assert_years(&retained_in(&r, "local"), &[3_000_000.0, 2_000_000.0]);
    assert_years(&series(&r, |f| f.returned_national), &[5_000_000.0, 0.0]);
    assert_years(&closing_of(&r, "local"), &[3_000_000.0, 5_000_000.0]);
}

// ---------------------------------------------------------------------------
// Section 6: spending limits on pots (the capital budget)

/// A pot's drawn amounts by year.
fn drawn_from(r: &Report, pot: &str) -> Vec<f64> {
    series(r, |f| f.drawn.get(pot).copied().unwrap_or(f64::NAN))
}

fn limit_warnings(r: &Report) -> Vec<&Problem> {
    r.warnings
        .iter()
        .filter(|w| w.item.kind == ItemKind::Pot && w.field == "spend_limits")
        .collect()
}

#[test]
fn a_limit_that_binds_holds_money_back_and_leaves_a_gap() {
    // Need 5m, balance 10m, limit 3m: drawn 3m, gap 2m, the pot closes at 7m.
    let mut s = hub_on_a_full_pot(1);
    s.pots[0].spend_limits = vec![(2026, 3_000_000.0)];
    let r = computed(&s);
    assert_years(&drawn_from(&r, "local"), &[3_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[2_000_000.0]);
    assert_years(&closing_of(&r, "local"), &[7_000_000.0]);
    let warnings = limit_warnings(&r);
    assert_eq!(warnings.len(), 1, "{:#?}", r.warnings);
    assert_eq!(warnings[0].item.id, "local");
    assert!(warnings[0].message.contains("2026/27"), "{}", warnings[0].message);
    assert!(warnings[0].message.contains("Project hub"), "{}", warnings[0].message);
}

#[test]
fn a_limit_that_does_not_bind_changes_nothing() {
    // Limit 8m over a need of 5m: drawn 5m, no gap, closes at 5m, no warning.
    let mut s = hub_on_a_full_pot(1);
    let unlimited = computed(&s);
    s.pots[0].spend_limits = vec![(2026, 8_000_000.0)];
    let r = computed(&s);
    assert_years(&drawn_from(&r, "local"), &[5_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[0.0]);
    assert_eq!(r.years, unlimited.years);
    assert!(limit_warnings(&r).is_empty());
}

#[test]
fn a_year_not_listed_has_no_limit() {
    // The profile limits 2027/28 only; the 2026/27 draw of 5m is not held back.
    let mut s = hub_on_a_full_pot(2);
    s.pots[0].spend_limits = vec![(2027, 1_000_000.0)];
    let r = computed(&s);
    assert_years(&drawn_from(&r, "local"), &[5_000_000.0, 0.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[0.0, 0.0]);
    assert!(limit_warnings(&r).is_empty(), "nothing was short in 2027/28");
}

#[test]
fn a_zero_limit_stops_every_draw_and_a_grant_listed_after_still_gives() {
    // Limit 0: the pot gives nothing; a 2m grant listed after it gives 2m; gap 3m.
    let mut s = hub_on_a_full_pot(1);
    s.pots[0].spend_limits = vec![(2026, 0.0)];
    s.projects[0].funding.push(grant("LIFT", 2_000_000.0));
    let r = computed(&s);
    assert_years(&drawn_from(&r, "local"), &[0.0]);
    assert_years(&series(&r, |f| f.funded_from_grants), &[2_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[3_000_000.0]);
    assert_years(&closing_of(&r, "local"), &[10_000_000.0]);
    assert_eq!(limit_warnings(&r).len(), 1);
}

#[test]
fn two_projects_share_a_limit_in_scenario_order() {
    // Limit 4m; A needs 3m and takes it, B needs 3m and gets the 1m left: gap 2m, on B only.
    let mut s = hub_on_a_full_pot(1);
    s.pots[0].spend_limits = vec![(2026, 4_000_000.0)];
    s.projects = vec![
        project("a", &[(2026, 3_000_000.0)], vec![from_pot("local", None)]),
        project("b", &[(2026, 3_000_000.0)], vec![from_pot("local", None)]),
    ]
    .into();
    let r = computed(&s);
    assert_close(r.projects[0].funded_from_pots, 3_000_000.0);
    assert_close(r.projects[1].funded_from_pots, 1_000_000.0);
    assert_close(r.projects[1].funding_gap, 2_000_000.0);
    assert_years(&drawn_from(&r, "local"), &[4_000_000.0]);
    let warnings = limit_warnings(&r);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message.contains("Project b"), "{}", warnings[0].message);
    assert!(!warnings[0].message.contains("Project a"), "{}", warnings[0].message);
}

#[test]
fn what_a_limit_holds_back_is_carried_forward() {
    // 2026/27: limit 2m of a 5m need, gap 3m, pot 10m -> 8m. 2027/28: no limit,
    // the next 5m is drawn in full from what waited, pot 8m -> 3m.
    let mut s = hub_on_a_full_pot(2);
    s.pots[0].spend_limits = vec![(2026, 2_000_000.0)];
    s.projects[0].capex = vec![(2026, 5_000_000.0), (2027, 5_000_000.0)];
    let r = computed(&s);
    assert_years(&drawn_from(&r, "local"), &[2_000_000.0, 5_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[3_000_000.0, 0.0]);
    assert_years(&closing_of(&r, "local"), &[8_000_000.0, 3_000_000.0]);
    assert_close(r.totals.drawn["local"], 7_000_000.0);
}

#[test]
fn the_limit_resets_each_year() {
    // 3m a year against 5m a year of need, pot 20m: 3m drawn each year, gap 2m each year.
    let mut s = hub_on_a_full_pot(2);
    s.pots[0].opening_balance = 20_000_000.0;
    s.pots[0].spend_limits = vec![(2026, 3_000_000.0), (2027, 3_000_000.0)];
    s.projects[0].capex = vec![(2026, 5_000_000.0), (2027, 5_000_000.0)];
    let r = computed(&s);
    assert_years(&drawn_from(&r, "local"), &[3_000_000.0, 3_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[2_000_000.0, 2_000_000.0]);
    assert_eq!(
        limit_warnings(&r).len(),
        2,
        "one warning for each year the limit held money back"
    );
}

#[test]
fn no_warning_when_the_pot_is_empty_after_the_draws() {
    // Balance 3m and limit 3m against a 5m need: the limit is used up, but so is the
    // pot, so the limit held nothing back.
    let mut s = hub_on_a_full_pot(1);
    s.pots[0].opening_balance = 3_000_000.0;
    s.pots[0].spend_limits = vec![(2026, 3_000_000.0)];
    let r = computed(&s);
    assert_years(&series(&r, |f| f.funding_gap), &[2_000_000.0]);
    assert!(limit_warnings(&r).is_empty(), "{:#?}", r.warnings);
}

#[test]
fn no_warning_when_the_short_project_does_not_list_the_pot() {
    // The limit binds on the hub (fully funded by a later grant), while another
    // project with no claim on the pot is short.
    let mut s = hub_on_a_full_pot(1);
    s.pots[0].spend_limits = vec![(2026, 1_000_000.0)];
    s.projects[0].funding.push(grant("LIFT", 4_000_000.0));
    s.projects.push(project("other", &[(2026, 1_000_000.0)], vec![]));
    let r = computed(&s);
    assert_close(r.projects[0].funding_gap, 0.0);
    assert_close(r.projects[1].funding_gap, 1_000_000.0);
    assert!(limit_warnings(&r).is_empty(), "{:#?}", r.warnings);
}

#[test]
fn a_project_cap_that_binds_first_leaves_the_limit_unused_and_raises_no_warning() {
    // Cap 1m, limit 3m: the cap gives 1m, 2m of the limit is left, gap 4m, no limit warning.
    let mut s = hub_on_a_full_pot(1);
    s.pots[0].spend_limits = vec![(2026, 3_000_000.0)];
    s.projects[0].funding = vec![from_pot("local", Some(1_000_000.0))];
    let r = computed(&s);
    assert_years(&drawn_from(&r, "local"), &[1_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[4_000_000.0]);
    assert!(limit_warnings(&r).is_empty());
}

#[test]
fn drawn_is_reported_for_every_pot_every_year_and_totalled() {
    let mut s = hub_on_a_full_pot(3);
    s.pots.push(pot("idle", 1_000_000.0));
    let r = computed(&s);
    for y in &r.years {
        assert_eq!(y.flows.drawn.keys().collect::<Vec<_>>(), ["idle", "local"]);
    }
    assert_close(r.totals.drawn["idle"], 0.0);
    assert_close(r.totals.drawn["local"], 5_000_000.0);
    let json = serde_json::to_value(&r).expect("the report serialises");
    assert_eq!(json["years"][0]["drawn"]["local"], 5_000_000.0);
    assert_eq!(json["totals"]["drawn"]["local"], 5_000_000.0);
}
