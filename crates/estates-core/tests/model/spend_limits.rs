//! MODEL.md section 6, spending limits (the capital budget): hand-worked
//! examples of a pot's spending profile holding draws back, and the warning
//! raised when it leaves money waiting in the pot while a project goes short.

use crate::builders::*;
use estates_core::problem::{ItemKind, Problem};
use estates_core::report::Report;
use estates_core::validate::validate;

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

/// A pot `local` holding 10m and a hub needing 5m in 2026/27 from it.
fn hub_on_a_full_pot(horizon: u32) -> estates_core::Scenario {
    let mut s = estate(horizon);
    s.pots = vec![pot("local", 10_000_000.0)].into();
    s.projects = vec![project("hub", &[(2026, 5_000_000.0)], vec![from_pot("local", None)])].into();
    s
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
fn the_pot_balance_chart_shows_draws_up_to_each_limit_and_marks_years_a_limit_was_reached() {
    use estates_core::charts::{chart, ChartId, Mark};
    let mut s = hub_on_a_full_pot(3);
    s.pots[0].spend_limits = vec![(2026, 3_000_000.0), (2027, 9_000_000.0)];
    s.projects[0].capex = vec![(2026, 5_000_000.0), (2027, 1_000_000.0)];
    let r = computed(&s);
    let c = chart(ChartId::PotBalances, &s, &r);
    // 2026/27: 3m drawn of a 3m limit (reached); 2027/28: 1m of 9m; 2028/29: no limit.
    assert_eq!(c.categories, ["2026/27*", "2027/28", "2028/29"]);
    assert!(
        c.subtitle.contains("* a pot drew its whole spending limit"),
        "{}",
        c.subtitle
    );
    let band = c
        .series
        .iter()
        .find(|x| x.name == "Pot local: drawn, up to its spending limit")
        .expect("a band for the pot with a profile");
    assert_years(&band.values, &[3.0, 1.0, 0.0]);
    match &band.mark {
        Mark::Band { upper } => assert_years(upper, &[3.0, 9.0, 0.0]),
        other => panic!("expected a band, got {other:?}"),
    }
    // Without a profile there is no band and no mark.
    s.pots[0].spend_limits.clear();
    let plain = chart(ChartId::PotBalances, &s, &computed(&s));
    assert!(plain.series.iter().all(|x| !matches!(x.mark, Mark::Band { .. })));
    assert!(plain.categories.iter().all(|c| !c.ends_with('*')));
}
