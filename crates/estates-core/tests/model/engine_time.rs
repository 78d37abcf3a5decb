//! The engine's time and discounting rules (MODEL.md sections 1 and 7, `engine::time`),
//! by hand-worked examples.
//!
//! Each test builds a small scenario in code and checks figures worked out by
//! hand in its comments, so a failure points at the rule that broke.

use crate::builders::*;
use estates_core::engine::{discount_factor, fy_label};
use estates_core::model::{Discount, OrgKind};

// ---------------------------------------------------------------------------
// Section 1: time

#[test]
fn a_financial_year_is_named_by_its_starting_year() {
    assert_eq!(fy_label(2026), "2026/27");
    assert_eq!(fy_label(2009), "2009/10");
    assert_eq!(fy_label(1999), "1999/00");
    assert_eq!(fy_label(2099), "2099/00");
}

// ---------------------------------------------------------------------------
// Section 7: discounting

#[test]
fn green_book_factors_are_3_5_percent_to_year_30_then_3_percent() {
    // 1.035^30 = 2.806793704702627; worked with an independent calculator.
    assert_eq!(discount_factor(Discount::GreenBook, 0), 1.0);
    assert_close_factor(discount_factor(Discount::GreenBook, 1), 0.966_183_574_879_227_1);
    assert_close_factor(discount_factor(Discount::GreenBook, 30), 0.356_278_410_602_302_4);
    // t = 31: 1 / (1.035^30 * 1.03)
    assert_close_factor(discount_factor(Discount::GreenBook, 31), 0.345_901_369_516_798_4);
    // t = 40: 1 / (1.035^30 * 1.03^10)
    assert_close_factor(discount_factor(Discount::GreenBook, 40), 0.265_104_597_338_25);
}

#[test]
fn flat_discounting_uses_one_rate_and_year_zero_is_undiscounted() {
    assert_eq!(discount_factor(Discount::Flat(0.05), 0), 1.0);
    // 1 / 1.05^3 = 1 / 1.157625
    assert_close_factor(discount_factor(Discount::Flat(0.05), 3), 0.863_837_598_531_476);
    assert_eq!(discount_factor(Discount::Flat(0.0), 25), 1.0);
}

fn assert_close_factor(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-14, "expected {expected}, got {actual}");
}

#[test]
fn npvs_discount_each_flow_and_net_is_retained_plus_savings_less_capex_and_new_running_costs() {
    // Flat 10%, horizon 3. NHS site worth £2m (running cost £110k) sold at t = 0, half retained:
    //   retained 1m and returned 1m at t = 0 (factor 1).
    //   savings 110k at t = 1 and t = 2: 100,000 + 90,909.0909.. = 190,909.0909..
    // Hub capex 1.1m at t = 1 from the pot (1m in it): drawn 1m, gap 0.1m.
    //   capex NPV 1.1m / 1.1 = 1,000,000; gap NPV 100,000 / 1.1 = 90,909.0909..
    // New running cost 121k from t = 2: 121,000 / 1.21 = 100,000.
    // net = 1,000,000 + 190,909.09.. - 1,000,000 - 100,000 = 90,909.0909..
    let mut s = estate(3);
    s.discount = Discount::Flat(0.1);
    let mut a = site("a", "nhs", 2_000_000.0);
    a.running_cost = 110_000.0;
    s.sites = vec![a].into();
    s.disposals = vec![disposal("a", 2026)].into();
    s.retention_rules = vec![kind_rule("half", OrgKind::NhsTrust, 0.5, "local")].into();
    let mut p = project("hub", &[(2027, 1_100_000.0)], vec![from_pot("local", None)]);
    p.running_cost = 121_000.0;
    s.projects = vec![p].into();
    let r = computed(&s);
    let tenth = 1_000_000.0 / 11.0; // 90,909.0909..
    assert_close(r.npv.retained_receipts, 1_000_000.0);
    assert_close(r.npv.returned_national, 1_000_000.0);
    assert_close(r.npv.running_cost_savings, 100_000.0 + tenth);
    assert_close(r.npv.capex, 1_000_000.0);
    assert_close(r.npv.funding_gap, tenth);
    assert_close(r.npv.new_running_costs, 100_000.0);
    assert_close(r.npv.net, tenth);
}

#[test]
fn green_book_npv_of_a_flow_in_year_31_uses_the_three_percent_rate() {
    // £1m retained at t = 31 (FY 2057) of a 35-year horizon: NPV = 1,000,000 * 0.3459013695167984.
    let mut s = estate(35);
    s.sites = vec![site("a", "nhs", 1_000_000.0)].into();
    s.disposals = vec![disposal("a", 2057)].into();
    s.retention_rules = vec![kind_rule("all", OrgKind::NhsTrust, 1.0, "local")].into();
    let r = computed(&s);
    assert_close(r.npv.retained_receipts, 345_901.369_516_798_4);
    assert_close(r.npv.net, 345_901.369_516_798_4);
}
