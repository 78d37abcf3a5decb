//! The engine's disposal rules (MODEL.md section 3, `engine::disposals`),
//! by hand-worked examples.
//!
//! Each test builds a small scenario in code and checks figures worked out by
//! hand in its comments, so a failure points at the rule that broke.

use crate::builders::*;
use estates_core::model::OrgKind;
use estates_core::problem::{ItemKind, Severity};
use estates_core::report::Report;

// ---------------------------------------------------------------------------
// Section 3: disposals

#[test]
fn gross_receipt_is_indexed_by_land_growth_from_the_price_base() {
    // £1m sold in FY 2028 (t = 2) with g = 3%: G = 1,000,000 * 1.03^2 = 1,060,900.
    let mut s = estate(4);
    s.land_growth = 0.03;
    s.sites = vec![site("a", "nhs", 1_000_000.0)].into();
    s.disposals = vec![disposal("a", 2028)].into();
    let r = computed(&s);
    assert_years(&series(&r, |f| f.gross_receipts), &[0.0, 0.0, 1_060_900.0, 0.0]);
    assert_close(r.disposals[0].gross_receipt, 1_060_900.0);
}

#[test]
fn falling_land_values_index_down_and_year_zero_is_the_price_base() {
    // g = -10%. Site a (£1m) sold at t = 3: 1,000,000 * 0.9^3 = 729,000.
    // Site b (£500k) sold at t = 0: (1 + g)^0 = 1, so exactly 500,000.
    let mut s = estate(4);
    s.land_growth = -0.1;
    s.sites = vec![site("a", "nhs", 1_000_000.0), site("b", "nhs", 500_000.0)].into();
    s.disposals = vec![disposal("a", 2029), disposal("b", 2026)].into();
    let r = computed(&s);
    assert_years(&series(&r, |f| f.gross_receipts), &[500_000.0, 0.0, 0.0, 729_000.0]);
}

#[test]
fn phasing_lands_net_tranches_in_later_years_while_gross_and_costs_stay_in_the_disposal_year() {
    // £10m sold in FY 2027 (t = 1), fees 2% + £100k, phased 25% at once and 75% two years later.
    // G = 10,000,000; C = 0.02 * G + 100,000 = 300,000; N = 9,700,000.
    // Net tranches: t = 1: 9.7m * 0.25 = 2,425,000; t = 3: 9.7m * 0.75 = 7,275,000.
    // The NHS trust keeps half, into `local`: 1,212,500 at t = 1 and 3,637,500 at t = 3;
    // the other half is returned nationally in the same years.
    let mut s = estate(5);
    s.sites = vec![site("a", "nhs", 10_000_000.0)].into();
    let mut d = disposal("a", 2027);
    d.cost_rate = 0.02;
    d.fixed_cost = 100_000.0;
    d.phasing = vec![(0, 0.25), (2, 0.75)];
    s.disposals = vec![d].into();
    s.retention_rules = vec![kind_rule("nhs-half", OrgKind::NhsTrust, 0.5, "local")].into();
    let r = computed(&s);
    assert_years(&series(&r, |f| f.gross_receipts), &[0.0, 10_000_000.0, 0.0, 0.0, 0.0]);
    assert_years(&series(&r, |f| f.disposal_costs), &[0.0, 300_000.0, 0.0, 0.0, 0.0]);
    assert_years(
        &series(&r, |f| f.net_receipts),
        &[0.0, 2_425_000.0, 0.0, 7_275_000.0, 0.0],
    );
    assert_years(&retained_in(&r, "local"), &[0.0, 1_212_500.0, 0.0, 3_637_500.0, 0.0]);
    assert_years(
        &series(&r, |f| f.returned_national),
        &[0.0, 1_212_500.0, 0.0, 3_637_500.0, 0.0],
    );
    // Pot: 0, then 1.2125m, held, then + 3.6375m = 4.85m.
    assert_years(
        &closing_of(&r, "local"),
        &[0.0, 1_212_500.0, 1_212_500.0, 4_850_000.0, 4_850_000.0],
    );
    let line = &r.disposals[0];
    assert_close(line.gross_receipt, 10_000_000.0);
    assert_close(line.disposal_cost, 300_000.0);
    assert_close(line.net_receipt, 9_700_000.0);
}

#[test]
fn base_value_is_the_agreed_price_when_given_else_value_times_share() {
    // Half of a £10m site: B = 5,000,000 without an agreed price, 6,000,000 with one.
    let mut s = estate(1);
    s.sites = vec![site("a", "nhs", 10_000_000.0)].into();
    let mut d = disposal("a", 2026);
    d.share = 0.5;
    s.disposals = vec![d.clone()].into();
    assert_close(computed(&s).disposals[0].gross_receipt, 5_000_000.0);

    d.agreed_price = Some(6_000_000.0);
    s.disposals = vec![d].into();
    let r = computed(&s);
    assert_close(r.disposals[0].base_value, 6_000_000.0);
    assert_close(r.disposals[0].gross_receipt, 6_000_000.0);
}

#[test]
fn disposal_cost_is_a_rate_of_gross_plus_a_fixed_sum() {
    // G = 2,000,000; C = 0.05 * 2,000,000 + 30,000 = 130,000; N = 1,870,000.
    let mut s = estate(1);
    s.sites = vec![site("a", "nhs", 2_000_000.0)].into();
    let mut d = disposal("a", 2026);
    d.cost_rate = 0.05;
    d.fixed_cost = 30_000.0;
    s.disposals = vec![d].into();
    let r = computed(&s);
    assert_close(r.disposals[0].disposal_cost, 130_000.0);
    assert_close(r.disposals[0].net_receipt, 1_870_000.0);
    assert_close(r.years[0].flows.net_receipts, 1_870_000.0);
}

#[test]
fn profit_on_disposal_deducts_the_book_value_of_the_share_sold() {
    // 40% of a £10m site with book value £3m; fees 1% + £20k.
    // B = G = 4,000,000; C = 40,000 + 20,000 = 60,000; N = 3,940,000;
    // profit = 3,940,000 - 3,000,000 * 0.4 = 2,740,000.
    let mut s = estate(1);
    let mut a = site("a", "nhs", 10_000_000.0);
    a.book_value = 3_000_000.0;
    s.sites = vec![a].into();
    let mut d = disposal("a", 2026);
    d.share = 0.4;
    d.cost_rate = 0.01;
    d.fixed_cost = 20_000.0;
    d.probability = 0.5;
    s.disposals = vec![d].into();
    assert_close(computed(&s).disposals[0].profit_on_disposal, 2_740_000.0);

    // Risk-weighted at p = 0.5: G = 2,000,000, C = 30,000, N = 1,970,000;
    // the book value is not weighted: profit = 1,970,000 - 1,200,000 = 770,000.
    s.weight_by_probability = true;
    assert_close(computed(&s).disposals[0].profit_on_disposal, 770_000.0);
}

#[test]
fn risk_weighting_scales_gross_cost_and_net_by_probability_only_when_switched_on() {
    // £8m at p = 0.25, fees 2.5% + £50k. Unweighted: G = 8,000,000, C = 250,000, N = 7,750,000.
    // Weighted: G = 2,000,000, C = 62,500, N = 1,937,500.
    let mut s = estate(3);
    s.sites = vec![site("a", "nhs", 8_000_000.0)].into();
    let mut d = disposal("a", 2026);
    d.cost_rate = 0.025;
    d.fixed_cost = 50_000.0;
    d.probability = 0.25;
    s.disposals = vec![d].into();
    s.retention_rules = vec![kind_rule("all", OrgKind::NhsTrust, 1.0, "local")].into();

    let off = computed(&s);
    assert_close(off.disposals[0].gross_receipt, 8_000_000.0);
    assert_close(off.disposals[0].disposal_cost, 250_000.0);
    assert_close(off.disposals[0].net_receipt, 7_750_000.0);

    s.weight_by_probability = true;
    let on = computed(&s);
    assert_close(on.disposals[0].gross_receipt, 2_000_000.0);
    assert_close(on.disposals[0].disposal_cost, 62_500.0);
    assert_close(on.disposals[0].net_receipt, 1_937_500.0);
    assert_close(on.years[0].flows.gross_receipts, 2_000_000.0);
    assert_close(on.years[0].flows.disposal_costs, 62_500.0);
    assert_close(on.years[0].flows.net_receipts, 1_937_500.0);
    assert_close(on.years[0].flows.retained["local"], 1_937_500.0);
}

#[test]
fn savings_backlog_and_homes_are_not_risk_weighted() {
    // Running cost £100k, backlog £500k, 40 homes; sold whole at t = 0 with p = 0.25, weighting on.
    // Savings 100,000 in t = 1 and t = 2; backlog 500,000 and 40 homes at t = 0, none scaled by p.
    let mut s = estate(3);
    s.weight_by_probability = true;
    let mut a = site("a", "nhs", 8_000_000.0);
    a.running_cost = 100_000.0;
    a.backlog = 500_000.0;
    a.homes = 40.0;
    s.sites = vec![a].into();
    let mut d = disposal("a", 2026);
    d.probability = 0.25;
    s.disposals = vec![d].into();
    let r = computed(&s);
    assert_years(&series(&r, |f| f.running_cost_savings), &[0.0, 100_000.0, 100_000.0]);
    assert_years(&series(&r, |f| f.backlog_avoided), &[500_000.0, 0.0, 0.0]);
    assert_years(&series(&r, |f| f.homes), &[40.0, 0.0, 0.0]);
}

#[test]
fn running_cost_saving_starts_the_year_after_disposal_and_backlog_and_homes_land_in_it() {
    // Half of a site (running cost £200k, backlog £1m, 120 homes) sold in FY 2028 (t = 2), horizon 6:
    // savings 100,000 in t = 3, 4, 5; backlog 500,000 and 60 homes in t = 2 only.
    let mut s = estate(6);
    let mut a = site("a", "nhs", 3_000_000.0);
    a.running_cost = 200_000.0;
    a.backlog = 1_000_000.0;
    a.homes = 120.0;
    s.sites = vec![a].into();
    let mut d = disposal("a", 2028);
    d.share = 0.5;
    d.phasing = vec![(0, 0.5), (3, 0.5)];
    s.disposals = vec![d].into();
    let r = computed(&s);
    assert_years(
        &series(&r, |f| f.running_cost_savings),
        &[0.0, 0.0, 0.0, 100_000.0, 100_000.0, 100_000.0],
    );
    assert_years(
        &series(&r, |f| f.backlog_avoided),
        &[0.0, 0.0, 500_000.0, 0.0, 0.0, 0.0],
    );
    assert_years(&series(&r, |f| f.homes), &[0.0, 0.0, 60.0, 0.0, 0.0, 0.0]);
    // Savings, backlog and homes are reported, never paid into a pot.
    assert_years(&closing_of(&r, "local"), &[0.0; 6]);
}

#[test]
fn a_negative_net_receipt_is_allowed_and_warned_about() {
    // A worthless site with £100k of fixed costs: N = -100,000.
    let mut s = estate(1);
    s.sites = vec![site("a", "nhs", 0.0)].into();
    let mut d = disposal("a", 2026);
    d.fixed_cost = 100_000.0;
    s.disposals = vec![d].into();
    let r = computed(&s);
    assert_close(r.disposals[0].net_receipt, -100_000.0);
    let warnings = warnings_about(&r, ItemKind::Disposal, "a-d");
    assert_eq!(warnings.len(), 1, "{:#?}", r.warnings);
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert!(warnings[0].message.contains("negative"), "{}", warnings[0]);
}

// ---------------------------------------------------------------------------
// Section 3: the council warnings

/// A council selling one site at t = 0 for `value` with fees at `cost_rate`.
fn council_sale(value: f64, cost_rate: f64) -> Report {
    let mut s = estate(1);
    s.sites = vec![site("c", "council", value)].into();
    let mut d = disposal("c", 2026);
    d.cost_rate = cost_rate;
    s.disposals = vec![d].into();
    s.retention_rules = vec![kind_rule("la", OrgKind::Council, 1.0, "local")].into();
    computed(&s)
}

#[test]
fn council_fees_over_four_percent_are_warned_about() {
    let over = council_sale(1_000_000.0, 0.05);
    let w = warnings_about(&over, ItemKind::Disposal, "c-d");
    assert_eq!(w.len(), 1, "{:#?}", over.warnings);
    assert_eq!(w[0].field, "cost_rate");
    assert!(w[0].message.contains("4%"), "{}", w[0]);

    // Exactly 4% is allowed.
    assert!(council_sale(1_000_000.0, 0.04).warnings.is_empty());
}

#[test]
fn the_council_fee_warning_is_for_councils_only() {
    let mut s = estate(1);
    s.sites = vec![site("a", "nhs", 1_000_000.0)].into();
    let mut d = disposal("a", 2026);
    d.cost_rate = 0.05;
    s.disposals = vec![d].into();
    s.retention_rules = vec![kind_rule("nhs", OrgKind::NhsTrust, 1.0, "local")].into();
    assert!(computed(&s).warnings.is_empty());
}

#[test]
fn council_receipts_of_ten_thousand_pounds_or_less_are_below_the_de_minimis() {
    let at = council_sale(10_000.0, 0.0);
    let w = warnings_about(&at, ItemKind::Disposal, "c-d");
    assert_eq!(w.len(), 1, "{:#?}", at.warnings);
    assert!(w[0].message.contains("de minimis"), "{}", w[0]);

    assert!(council_sale(10_000.01, 0.0).warnings.is_empty());
}
