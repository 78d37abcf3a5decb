//! One or more tests per rule of MODEL.md sections 1-7. Each builds a small
//! scenario in code and checks figures worked out by hand in its comments, so a
//! failure points at the rule that broke.

use crate::builders as scenario_builders;

use estates_core::engine::{discount_factor, fy_label};
use estates_core::model::{Discount, OrgKind, Split};
use estates_core::problem::{ItemKind, Problem, Severity};
use estates_core::report::Report;
use scenario_builders::*;

/// The warnings a report raises about one item.
fn warnings_about<'r>(r: &'r Report, kind: ItemKind, id: &str) -> Vec<&'r Problem> {
    r.warnings
        .iter()
        .filter(|w| w.item.kind == kind && w.item.id == id)
        .collect()
}

// ---------------------------------------------------------------------------
// Section 1: time

#[test]
fn a_financial_year_is_named_by_its_starting_year() {
    assert_eq!(fy_label(2026), "2026/27");
    assert_eq!(fy_label(2009), "2009/10");
    assert_eq!(fy_label(1999), "1999/00");
    assert_eq!(fy_label(2099), "2099/00");
}

#[test]
fn the_report_has_one_row_per_year_of_the_horizon_labelled_by_fy() {
    let r = computed(&scenario(3));
    let fys: Vec<i32> = r.years.iter().map(|y| y.fy).collect();
    let labels: Vec<&str> = r.years.iter().map(|y| y.label.as_str()).collect();
    assert_eq!(fys, [2026, 2027, 2028]);
    assert_eq!(labels, ["2026/27", "2027/28", "2028/29"]);
}

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
