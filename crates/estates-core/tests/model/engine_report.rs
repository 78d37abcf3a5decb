//! What the engine's report contains (MODEL.md section 8, `engine::report`):
//! one row per year, and totals.
//!
//! Each test builds a small scenario in code and checks figures worked out by
//! hand in its comments, so a failure points at the rule that broke.

use crate::builders::*;
use estates_core::model::OrgKind;

// ---------------------------------------------------------------------------
// Section 8: the report

#[test]
fn the_report_has_one_row_per_year_of_the_horizon_labelled_by_fy() {
    let r = computed(&scenario(3));
    let fys: Vec<i32> = r.years.iter().map(|y| y.fy).collect();
    let labels: Vec<&str> = r.years.iter().map(|y| y.label.as_str()).collect();
    assert_eq!(fys, [2026, 2027, 2028]);
    assert_eq!(labels, ["2026/27", "2027/28", "2028/29"]);
}

#[test]
fn totals_sum_the_years_and_report_the_final_pot_balance() {
    // Two £1m sales at t = 0 and t = 2, fully retained, pot opening 0.5m:
    // totals: gross 2m, retained 2m, closing = final year's 2.5m (not the sum of balances).
    let mut s = estate(3);
    s.pots[0].opening_balance = 500_000.0;
    s.sites = vec![site("a", "nhs", 1_000_000.0), site("b", "nhs", 1_000_000.0)].into();
    s.disposals = vec![disposal("a", 2026), disposal("b", 2028)].into();
    s.retention_rules = vec![kind_rule("all", OrgKind::NhsTrust, 1.0, "local")].into();
    let r = computed(&s);
    assert_close(r.totals.gross_receipts, 2_000_000.0);
    assert_close(r.totals.retained["local"], 2_000_000.0);
    assert_close(r.totals.pot_closing["local"], 2_500_000.0);
}
