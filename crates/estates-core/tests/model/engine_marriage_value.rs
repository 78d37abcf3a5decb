//! The engine's marriage value rules (MODEL.md section 4, `engine::marriage_value`),
//! by hand-worked examples.
//!
//! Each test builds a small scenario in code and checks figures worked out by
//! hand in its comments, so a failure points at the rule that broke.

use crate::builders::*;
use estates_core::model::{OrgKind, Split};
use estates_core::problem::ItemKind;
use estates_core::report::Report;

// ---------------------------------------------------------------------------
// Section 4: marriage value

/// Sites a (NHS, £6m, 2 ha) and b (council, £4m, 3 ha), both sold in FY 2027 (t = 1)
/// with land growth 5%, assembled as `ab` with a 20% uplift split pro rata to value.
/// S = 10,000,000; V = 12,000,000; MV = 2,000,000.
fn pair() -> estates_core::Scenario {
    let mut s = estate(4);
    s.land_growth = 0.05;
    let mut a = site("a", "nhs", 6_000_000.0);
    a.area_ha = 2.0;
    let mut b = site("b", "council", 4_000_000.0);
    b.area_ha = 3.0;
    s.sites = vec![a, b].into();
    s.disposals = vec![disposal("a", 2027), disposal("b", 2027)].into();
    s.assemblies = vec![assembly("ab", &["a", "b"], 0.2)].into();
    s.retention_rules = vec![
        kind_rule("nhs", OrgKind::NhsTrust, 1.0, "local"),
        kind_rule("la", OrgKind::Council, 1.0, "local"),
    ]
    .into();
    s
}

/// Each member's marriage value at price base, in member order.
fn member_mv(r: &Report, assembly: usize) -> Vec<f64> {
    r.assemblies[assembly]
        .members
        .iter()
        .map(|m| m.marriage_value)
        .collect()
}

#[test]
fn realised_marriage_value_is_split_pro_rata_to_value_and_indexed() {
    // Shares 6/10 and 4/10: M_a = 1,200,000, M_b = 800,000.
    // G_a = (6m + 1.2m) * 1.05 = 7,560,000; G_b = (4m + 0.8m) * 1.05 = 5,040,000.
    // Marriage value reported at t = 1: 2,000,000 * 1.05 = 2,100,000.
    let r = computed(&pair());
    let line = &r.assemblies[0];
    assert!(line.realised);
    assert_eq!(line.fy, Some(2027));
    assert_close(line.separate_value, 10_000_000.0);
    assert_close(line.combined_value, 12_000_000.0);
    assert_close(line.marriage_value, 2_000_000.0);
    assert_close(line.marriage_value_realised, 2_100_000.0);
    assert_close(line.members[0].share, 0.6);
    assert_close(line.members[1].share, 0.4);
    assert_years(&member_mv(&r, 0), &[1_200_000.0, 800_000.0]);
    assert_close(r.disposals[0].gross_receipt, 7_560_000.0);
    assert_close(r.disposals[1].gross_receipt, 5_040_000.0);
    assert_close(r.disposals[0].marriage_value, 1_260_000.0);
    assert_close(r.disposals[1].marriage_value, 840_000.0);
    assert_years(&series(&r, |f| f.marriage_value), &[0.0, 2_100_000.0, 0.0, 0.0]);
    assert_years(&series(&r, |f| f.gross_receipts), &[0.0, 12_600_000.0, 0.0, 0.0]);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
}

#[test]
fn pro_rata_area_weights_each_members_area_by_the_share_sold() {
    // b is now worth £8m and half of it is sold, so B_b = 4m and S is still 10m (MV = 2m).
    // Areas: a 2 ha * 1 = 2, b 3 ha * 0.5 = 1.5; shares 2/3.5 = 4/7 and 3/7.
    // M_a = 2m * 4/7 = 1,142,857.14..; M_b = 857,142.86..; indexed: 1,200,000 and 900,000.
    let mut s = pair();
    s.sites[1].value = 8_000_000.0;
    s.disposals[1].share = 0.5;
    s.assemblies[0].split = Split::ProRataArea;
    let r = computed(&s);
    assert_close(r.assemblies[0].members[0].share, 4.0 / 7.0);
    assert_close(r.assemblies[0].members[1].share, 3.0 / 7.0);
    assert_years(&member_mv(&r, 0), &[8_000_000.0 / 7.0, 6_000_000.0 / 7.0]);
    assert_close(r.disposals[0].marriage_value, 1_200_000.0);
    assert_close(r.disposals[1].marriage_value, 900_000.0);
}

#[test]
fn equal_split_gives_each_member_one_nth() {
    // Three sites worth 3m, 2m and 1m with a combined value of 9m: S = 6m, MV = 3m, 1m each.
    // No growth: G = 4m, 3m and 2m.
    let mut s = estate(2);
    s.sites = vec![
        site("a", "nhs", 3_000_000.0),
        site("b", "nhs", 2_000_000.0),
        site("c", "council", 1_000_000.0),
    ]
    .into();
    s.disposals = vec![disposal("a", 2027), disposal("b", 2027), disposal("c", 2027)].into();
    let mut abc = assembly("abc", &["a", "b", "c"], 0.0);
    abc.uplift = None;
    abc.combined_value = Some(9_000_000.0);
    abc.split = Split::Equal;
    s.assemblies = vec![abc].into();
    let r = computed(&s);
    assert_years(&member_mv(&r, 0), &[1_000_000.0, 1_000_000.0, 1_000_000.0]);
    let gross: Vec<f64> = r.disposals.iter().map(|d| d.gross_receipt).collect();
    assert_years(&gross, &[4_000_000.0, 3_000_000.0, 2_000_000.0]);
}

#[test]
fn fixed_split_gives_the_stated_shares_in_member_order() {
    // MV = 2m split 10% / 90%: M_a = 200,000, M_b = 1,800,000.
    // G_a = 6.2m * 1.05 = 6,510,000; G_b = 5.8m * 1.05 = 6,090,000.
    let mut s = pair();
    s.assemblies[0].split = Split::Fixed(vec![0.1, 0.9]);
    let r = computed(&s);
    assert_years(&member_mv(&r, 0), &[200_000.0, 1_800_000.0]);
    assert_close(r.disposals[0].gross_receipt, 6_510_000.0);
    assert_close(r.disposals[1].gross_receipt, 6_090_000.0);
}

#[test]
fn combined_value_and_the_equivalent_uplift_give_the_same_marriage_value() {
    // V = 11m given directly, or (1 + 0.1) * 10m: MV = 1m either way, 600,000 / 400,000.
    let mut by_value = pair();
    by_value.assemblies[0].uplift = None;
    by_value.assemblies[0].combined_value = Some(11_000_000.0);
    let mut by_uplift = pair();
    by_uplift.assemblies[0].uplift = Some(0.1);
    for s in [by_value, by_uplift] {
        let r = computed(&s);
        assert_close(r.assemblies[0].combined_value, 11_000_000.0);
        assert_close(r.assemblies[0].marriage_value, 1_000_000.0);
        assert_years(&member_mv(&r, 0), &[600_000.0, 400_000.0]);
    }
}

#[test]
fn negative_marriage_value_is_counted_and_warned_about() {
    // V = 9m < S = 10m: MV = -1m, M_a = -600,000, G_a = 5.4m * 1.05 = 5,670,000.
    let mut s = pair();
    s.assemblies[0].uplift = None;
    s.assemblies[0].combined_value = Some(9_000_000.0);
    let r = computed(&s);
    assert_close(r.assemblies[0].marriage_value, -1_000_000.0);
    assert_close(r.disposals[0].gross_receipt, 5_670_000.0);
    assert_close(r.years[1].flows.marriage_value, -1_050_000.0);
    let w = warnings_about(&r, ItemKind::Assembly, "ab");
    assert_eq!(w.len(), 1, "{:#?}", r.warnings);
    assert!(w[0].message.contains("negative"), "{}", w[0]);
}

/// Asserts an assembly was not realised: no marriage value anywhere, a warning naming `member`.
fn assert_not_realised(r: &Report, member: &str) {
    assert!(!r.assemblies[0].realised);
    assert_close(r.assemblies[0].marriage_value_realised, 0.0);
    assert!(r.disposals.iter().all(|d| d.marriage_value == 0.0));
    assert!(r.years.iter().all(|y| y.flows.marriage_value == 0.0));
    let w = warnings_about(r, ItemKind::Assembly, "ab");
    assert_eq!(w.len(), 1, "{:#?}", r.warnings);
    assert!(w[0].message.contains(&format!("'{member}'")), "{}", w[0]);
}

#[test]
fn an_assembly_with_a_member_not_sold_is_not_realised() {
    // Only a is sold: G_a = 6m * 1.05 = 6,300,000, no marriage value.
    let mut s = pair();
    s.disposals.truncate(1);
    let r = computed(&s);
    assert_not_realised(&r, "b");
    assert_close(r.disposals[0].gross_receipt, 6_300_000.0);
}

#[test]
fn an_assembly_with_a_member_sold_in_two_disposals_is_not_realised() {
    // b is sold in two halves in the same year: 2m * 1.05 = 2,100,000 each, plus a 6,300,000.
    let mut s = pair();
    s.disposals[1].share = 0.5;
    let mut second = disposal("b", 2027);
    second.id = "b-d2".to_owned();
    second.share = 0.5;
    s.disposals.push(second);
    let r = computed(&s);
    assert_not_realised(&r, "b");
    assert_years(&series(&r, |f| f.gross_receipts), &[0.0, 10_500_000.0, 0.0, 0.0]);
}

#[test]
fn an_assembly_whose_members_sell_in_different_years_is_not_realised() {
    // b sells a year later: G_a = 6,300,000 at t = 1, G_b = 4m * 1.05^2 = 4,410,000 at t = 2.
    let mut s = pair();
    s.disposals[1].fy = 2028;
    let r = computed(&s);
    assert_not_realised(&r, "b");
    assert_years(&series(&r, |f| f.gross_receipts), &[0.0, 6_300_000.0, 4_410_000.0, 0.0]);
}

#[test]
fn a_disabled_assembly_counts_no_marriage_value_and_raises_no_warning() {
    let mut s = pair();
    s.assemblies[0].enabled = false;
    let r = computed(&s);
    assert!(!r.assemblies[0].realised);
    assert_years(&series(&r, |f| f.marriage_value), &[0.0; 4]);
    assert_years(&series(&r, |f| f.gross_receipts), &[0.0, 10_500_000.0, 0.0, 0.0]);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
}

#[test]
fn realised_marriage_value_is_indexed_and_weighted_by_each_members_probability() {
    // Weighting on, p_a = 0.5, p_b = 1. M_a = 1.2m, M_b = 0.8m at price base.
    // Realised at t = 1: a 1.2m * 1.05 * 0.5 = 630,000; b 0.8m * 1.05 = 840,000; total 1,470,000.
    // G_a = 7.2m * 1.05 * 0.5 = 3,780,000.
    let mut s = pair();
    s.weight_by_probability = true;
    s.disposals[0].probability = 0.5;
    let r = computed(&s);
    assert_close(r.assemblies[0].marriage_value, 2_000_000.0);
    assert_close(r.assemblies[0].members[0].marriage_value_realised, 630_000.0);
    assert_close(r.assemblies[0].members[1].marriage_value_realised, 840_000.0);
    assert_close(r.assemblies[0].marriage_value_realised, 1_470_000.0);
    assert_close(r.years[1].flows.marriage_value, 1_470_000.0);
    assert_close(r.disposals[0].gross_receipt, 3_780_000.0);
}

#[test]
fn an_assembly_without_members_counts_nothing_and_does_not_panic() {
    // Validation refuses it, but the engine is a public function and must not panic.
    let mut s = pair();
    s.assemblies = vec![assembly("empty", &[], 0.2)].into();
    let r = estates_core::compute(&s);
    assert_eq!(r.totals.marriage_value, 0.0);
    assert_eq!(r.assemblies[0].members.len(), 0);
    assert!(r.disposals.iter().all(|d| d.marriage_value == 0.0));
}
