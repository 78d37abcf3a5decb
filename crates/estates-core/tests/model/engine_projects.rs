//! The engine's reinvestment project rules (MODEL.md section 6, `engine::projects`):
//! capex and the funding waterfall, by hand-worked examples.
//!
//! Each test builds a small scenario in code and checks figures worked out by
//! hand in its comments, so a failure points at the rule that broke.

use crate::builders::*;
use estates_core::model::OrgKind;
use estates_core::report::Report;

// ---------------------------------------------------------------------------
// Section 6: reinvestment projects and the funding waterfall

/// The amount each of a project's sources gave over the horizon, in source order.
fn by_source(r: &Report, project: usize) -> Vec<f64> {
    r.projects[project].sources.iter().map(|x| x.amount).collect()
}

#[test]
fn capex_carries_optimism_bias() {
    // £10m with 24% optimism bias: K = 12,400,000, all a gap without funding.
    let mut s = estate(1);
    let mut p = project("hub", &[(2026, 10_000_000.0)], vec![]);
    p.optimism_bias = 0.24;
    s.projects = vec![p].into();
    let r = computed(&s);
    assert_close(r.years[0].flows.capex, 12_400_000.0);
    assert_close(r.years[0].flows.funding_gap, 12_400_000.0);
    assert_close(r.projects[0].capex, 12_400_000.0);
}

#[test]
fn sources_are_drawn_in_the_order_listed() {
    // Need 5m; pot a holds 3m, pot b 10m: a gives 3m (closes 0), b gives 2m (closes 8m).
    let mut s = estate(1);
    s.pots = vec![pot("a", 3_000_000.0), pot("b", 10_000_000.0)].into();
    s.projects = vec![project(
        "hub",
        &[(2026, 5_000_000.0)],
        vec![from_pot("a", None), from_pot("b", None)],
    )]
    .into();
    let r = computed(&s);
    assert_years(&by_source(&r, 0), &[3_000_000.0, 2_000_000.0]);
    assert_close(r.years[0].flows.pot_closing["a"], 0.0);
    assert_close(r.years[0].flows.pot_closing["b"], 8_000_000.0);
    assert_close(r.years[0].flows.funded_from_pots, 5_000_000.0);
    assert_close(r.years[0].flows.funding_gap, 0.0);
}

#[test]
fn a_grant_listed_first_is_used_before_the_pot_and_after_it_when_listed_second() {
    // Need 5m, grant 2m, pot 10m.
    // Grant first: grant 2m, pot 3m, pot closes 7m. Pot first: pot 5m, grant 0, pot closes 5m.
    let mut s = estate(1);
    s.pots = vec![pot("local", 10_000_000.0)].into();
    s.projects = vec![project(
        "hub",
        &[(2026, 5_000_000.0)],
        vec![grant("LIFT", 2_000_000.0), from_pot("local", None)],
    )]
    .into();
    let grant_first = computed(&s);
    assert_years(&by_source(&grant_first, 0), &[2_000_000.0, 3_000_000.0]);
    assert_close(grant_first.years[0].flows.funded_from_grants, 2_000_000.0);
    assert_close(grant_first.years[0].flows.funded_from_pots, 3_000_000.0);
    assert_close(grant_first.years[0].flows.pot_closing["local"], 7_000_000.0);

    s.projects[0].funding.reverse();
    let pot_first = computed(&s);
    assert_years(&by_source(&pot_first, 0), &[5_000_000.0, 0.0]);
    assert_close(pot_first.years[0].flows.funded_from_grants, 0.0);
    assert_close(pot_first.years[0].flows.pot_closing["local"], 5_000_000.0);
}

#[test]
fn a_grant_is_a_lump_sum_over_the_projects_life() {
    // Grant 3m; capex 2m in each of t = 0 and t = 1: grant 2m then 1m, gap 1m at t = 1.
    let mut s = estate(2);
    s.projects = vec![project(
        "hub",
        &[(2026, 2_000_000.0), (2027, 2_000_000.0)],
        vec![grant("LIFT", 3_000_000.0)],
    )]
    .into();
    let r = computed(&s);
    assert_years(&series(&r, |f| f.funded_from_grants), &[2_000_000.0, 1_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[0.0, 1_000_000.0]);
    assert_years(&r.projects[0].gap_by_year, &[0.0, 1_000_000.0]);
}

#[test]
fn a_pot_cap_limits_the_draw_over_the_projects_whole_life() {
    // Pot holds 20m; project may take at most 6m from it. Capex 4m at t = 0 and t = 1:
    // t = 0 takes 4m, t = 1 takes the 2m left under the cap, gap 2m. Pot closes 16m, 14m.
    let mut s = estate(2);
    s.pots = vec![pot("local", 20_000_000.0)].into();
    s.projects = vec![project(
        "hub",
        &[(2026, 4_000_000.0), (2027, 4_000_000.0)],
        vec![from_pot("local", Some(6_000_000.0))],
    )]
    .into();
    let r = computed(&s);
    assert_years(&series(&r, |f| f.funded_from_pots), &[4_000_000.0, 2_000_000.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[0.0, 2_000_000.0]);
    assert_years(&closing_of(&r, "local"), &[16_000_000.0, 14_000_000.0]);
    assert_close(r.projects[0].funding_gap, 2_000_000.0);
    assert_close(r.projects[0].funded_from_pots, 6_000_000.0);
}

#[test]
fn projects_compete_for_a_pot_in_scenario_order() {
    // Pot 5m; first and second need 4m and 3m in the same year.
    // first, second: 4m and 1m (gap 2m). Swapped: second takes 3m, first 2m (gap 2m).
    let mut s = estate(1);
    s.pots = vec![pot("local", 5_000_000.0)].into();
    s.projects = vec![
        project("first", &[(2026, 4_000_000.0)], vec![from_pot("local", None)]),
        project("second", &[(2026, 3_000_000.0)], vec![from_pot("local", None)]),
    ]
    .into();
    let r = computed(&s);
    assert_close(r.projects[0].funded_from_pots, 4_000_000.0);
    assert_close(r.projects[1].funded_from_pots, 1_000_000.0);
    assert_close(r.projects[1].funding_gap, 2_000_000.0);

    s.projects.reverse();
    let r = computed(&s);
    assert_eq!(r.projects[0].id, "second");
    assert_close(r.projects[0].funded_from_pots, 3_000_000.0);
    assert_close(r.projects[1].funded_from_pots, 2_000_000.0);
    assert_close(r.projects[1].funding_gap, 2_000_000.0);
    assert_close(r.years[0].flows.pot_closing["local"], 0.0);
}

#[test]
fn a_funding_gap_is_not_carried_forward() {
    // Empty pot; capex 3m at t = 0 is a gap. A £10m NHS sale at t = 1 fully retained funds
    // only that year's 1m: gap 3m then 0, pot closes 0 then 9m.
    let mut s = estate(2);
    s.sites = vec![site("a", "nhs", 10_000_000.0)].into();
    s.disposals = vec![disposal("a", 2027)].into();
    s.retention_rules = vec![kind_rule("all", OrgKind::NhsTrust, 1.0, "local")].into();
    s.projects = vec![project(
        "hub",
        &[(2026, 3_000_000.0), (2027, 1_000_000.0)],
        vec![from_pot("local", None)],
    )]
    .into();
    let r = computed(&s);
    assert_years(&series(&r, |f| f.funding_gap), &[3_000_000.0, 0.0]);
    assert_years(&series(&r, |f| f.funded_from_pots), &[0.0, 1_000_000.0]);
    assert_years(&closing_of(&r, "local"), &[0.0, 9_000_000.0]);
    assert_close(r.projects[0].funding_gap, 3_000_000.0);
}

#[test]
fn a_pot_at_or_below_zero_is_never_drawn() {
    // Pot opens at 1m; a worthless NHS site with £3m of costs, fully retained, puts -3m in:
    // the balance is -2m after inflows, so the 1m of capex is all gap and the pot closes at -2m.
    let mut s = estate(2);
    s.pots = vec![pot("local", 1_000_000.0)].into();
    s.sites = vec![site("a", "nhs", 0.0)].into();
    let mut d = disposal("a", 2026);
    d.fixed_cost = 3_000_000.0;
    s.disposals = vec![d].into();
    s.retention_rules = vec![kind_rule("all", OrgKind::NhsTrust, 1.0, "local")].into();
    s.projects = vec![project(
        "hub",
        &[(2026, 1_000_000.0), (2027, 1_000_000.0)],
        vec![from_pot("local", None)],
    )]
    .into();
    let r = computed(&s);
    assert_years(&retained_in(&r, "local"), &[-3_000_000.0, 0.0]);
    assert_years(&series(&r, |f| f.funded_from_pots), &[0.0, 0.0]);
    assert_years(&series(&r, |f| f.funding_gap), &[1_000_000.0, 1_000_000.0]);
    assert_years(&closing_of(&r, "local"), &[-2_000_000.0, -2_000_000.0]);
}

#[test]
fn a_pot_at_exactly_zero_is_not_drawn() {
    let mut s = estate(1);
    s.projects = vec![project("hub", &[(2026, 1_000_000.0)], vec![from_pot("local", None)])].into();
    let r = computed(&s);
    assert_close(r.years[0].flows.funded_from_pots, 0.0);
    assert_close(r.years[0].flows.funding_gap, 1_000_000.0);
    assert_close(r.years[0].flows.pot_closing["local"], 0.0);
}

#[test]
fn the_retained_share_of_a_loss_reduces_the_pot() {
    // Pot opens at 5m; N = -1m with half retained: -500,000 in, -500,000 returned; closes 4.5m.
    let mut s = estate(1);
    s.pots = vec![pot("local", 5_000_000.0)].into();
    s.sites = vec![site("a", "nhs", 0.0)].into();
    let mut d = disposal("a", 2026);
    d.fixed_cost = 1_000_000.0;
    s.disposals = vec![d].into();
    s.retention_rules = vec![kind_rule("half", OrgKind::NhsTrust, 0.5, "local")].into();
    let r = computed(&s);
    assert_close(r.years[0].flows.retained["local"], -500_000.0);
    assert_close(r.years[0].flows.returned_national, -500_000.0);
    assert_close(r.years[0].flows.pot_closing["local"], 4_500_000.0);
}

#[test]
fn new_running_costs_start_the_year_after_the_last_capex_year() {
    // Capex at t = 1 and t = 3, running cost £500k: charged at t = 4 and t = 5 only (total 1m).
    let mut s = estate(6);
    let mut p = project("hub", &[(2027, 1_000_000.0), (2029, 1_000_000.0)], vec![]);
    p.running_cost = 500_000.0;
    s.projects = vec![p].into();
    let r = computed(&s);
    assert_years(
        &series(&r, |f| f.new_running_costs),
        &[0.0, 0.0, 0.0, 0.0, 500_000.0, 500_000.0],
    );
    assert_close(r.totals.new_running_costs, 1_000_000.0);
}
