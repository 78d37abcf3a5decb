//! Explanations (issue 14, item 1): each field family by a hand-worked
//! example, the errors, and a property test that on generated scenarios, for
//! every field and year, the parts add up to the report's figure and name
//! items that exist.

use crate::builders::{
    assert_close, computed, disposal, estate, from_pot, grant, kind_rule, org, project, site, START,
};
use crate::properties::{near, scale_of, valid_scenario};

use estates_core::compare::HEADLINES;
use estates_core::explain::{
    chart_figure, explain, explain_headline, explain_span, ExplainError, Explanation, Part, Span, FIELDS, NPV_FIELDS,
    POT_FIELDS,
};
use estates_core::model::{OrgKind, Scenario};
use estates_core::tables::{HOMES_COLUMN, YEAR_COLUMNS};
use proptest::prelude::*;

fn explained(s: &Scenario, field: &str, fy: i32, pot: Option<&str>) -> Explanation {
    computed(s);
    match explain(s, field, fy, pot) {
        Ok(e) => e,
        Err(e) => panic!("cannot explain {field} of {fy}: {e}"),
    }
}

fn amounts(e: &Explanation) -> Vec<f64> {
    e.parts.iter().map(|p| p.amount).collect()
}

fn assert_parts(e: &Explanation, expected: &[f64]) {
    let got = amounts(e);
    assert_eq!(got.len(), expected.len(), "parts of {}: {:#?}", e.field, e.parts);
    for (g, x) in got.iter().zip(expected) {
        assert_close(*g, *x);
    }
    assert_close(got.iter().sum(), e.value);
}

fn part_of<'a>(e: &'a Explanation, kind: &str) -> &'a Part {
    match e.parts.iter().find(|p| p.kind == kind) {
        Some(p) => p,
        None => panic!("no {kind} part in {:#?}", e.parts),
    }
}

/// NHS Property Services keeps half of net proceeds up to £5m into Lewisham
/// local, whose annual cap is £2m; Downham health centre sells for £8.6m net.
fn downham() -> Scenario {
    let mut s = estate(3);
    s.organisations
        .push(org("nhsps", "NHS Property Services", OrgKind::NhsPropertyServices));
    s.pots[0].name = "Lewisham local".into();
    s.pots[0].annual_cap = Some(2_000_000.0);
    let mut r = kind_rule("half", OrgKind::NhsPropertyServices, 0.5, "local");
    r.name = "NHS Property Services: half of net proceeds up to £5m".into();
    r.limit_per_disposal = Some(5_000_000.0);
    s.retention_rules = vec![r].into();
    let mut downham = site("downham", "nhsps", 8_600_000.0);
    downham.name = "Downham health centre".into();
    s.sites = vec![downham].into();
    s.disposals = vec![disposal("downham", START + 1)].into();
    s
}

#[test]
fn retained_is_each_tranche_times_the_fraction_kept_less_the_pots_cap_excess() {
    // Net £8.6m; kept 50% of the first £5m = £2.5m; the cap of £2m returns £0.5m.
    let e = explained(&downham(), "retained", START + 1, None);
    assert_close(e.value, 2_000_000.0);
    assert_parts(&e, &[2_500_000.0, -500_000.0]);
    let sold = part_of(&e, "disposal");
    assert_eq!(sold.item, "downham-d");
    assert!(
        sold.how
            .starts_with("Downham health centre sold in 2027/28: net £8.6m ×"),
        "{}",
        sold.how
    );
    assert!(
        sold.how
            .contains("kept under 'NHS Property Services: half of net proceeds up to £5m'")
            && sold.how.ends_with("= £2.5m into Lewisham local"),
        "{}",
        sold.how
    );
    assert!(part_of(&e, "pot").how.contains("annual cap of £2.0m"));
    // The same for the one pot, and nothing in another year.
    assert_parts(
        &explained(&downham(), "retained", START + 1, Some("local")),
        &[2_500_000.0, -500_000.0],
    );
    assert_parts(&explained(&downham(), "retained", START, None), &[]);
}

#[test]
fn returned_nationally_is_each_disposals_returned_part_plus_the_cap_excess() {
    // £8.6m - £2.5m = £6.1m returned by the rule, plus £0.5m above the cap: £6.6m.
    let e = explained(&downham(), "returned_national", START + 1, None);
    assert_close(e.value, 6_600_000.0);
    assert_parts(&e, &[6_100_000.0, 500_000.0]);
}

#[test]
fn net_receipts_follow_the_tranches_and_gross_and_costs_the_disposal_year() {
    // Value £10m, fees 2% and £50k: gross £10m, costs £250k, net £9.75m; 40% lands in
    // the sale year and 60% a year later. Weighting on with p = 0.5 halves all three.
    let mut s = downham();
    s.pots[0].annual_cap = None;
    s.sites[0].value = 10_000_000.0;
    let d = &mut s.disposals[0];
    d.cost_rate = 0.02;
    d.fixed_cost = 50_000.0;
    d.phasing = vec![(0, 0.4), (1, 0.6)];
    assert_parts(&explained(&s, "gross_receipts", START + 1, None), &[10_000_000.0]);
    assert_parts(&explained(&s, "disposal_costs", START + 1, None), &[250_000.0]);
    let later = explained(&s, "net_receipts", START + 2, None);
    assert_parts(&later, &[5_850_000.0]);
    assert!(
        later.parts[0].how.contains("60% tranche 1 year after the sale"),
        "{}",
        later.parts[0].how
    );
    assert_parts(&explained(&s, "gross_receipts", START + 2, None), &[]);
    s.weight_by_probability = true;
    s.disposals[0].probability = 0.5;
    let weighted = explained(&s, "net_receipts", START + 1, None);
    assert_parts(&weighted, &[0.5 * 9_750_000.0 * 0.4]);
    let gross = explained(&s, "gross_receipts", START + 1, None);
    assert!(
        gross.parts[0].how.contains("weighted by its 50% probability"),
        "{}",
        gross.parts[0].how
    );
}

#[test]
fn marriage_value_is_each_members_share_of_its_assembly() {
    // Sites of £3m and £1m with a 20% uplift: MV £0.8m, split pro rata £0.6m and £0.2m.
    let mut s = estate(2);
    s.retention_rules = vec![kind_rule("all", OrgKind::NhsTrust, 1.0, "local")].into();
    s.sites = vec![site("a", "nhs", 3_000_000.0), site("b", "nhs", 1_000_000.0)].into();
    s.disposals = vec![disposal("a", START), disposal("b", START)].into();
    s.assemblies = vec![crate::builders::assembly("ab", &["a", "b"], 0.2)].into();
    let e = explained(&s, "marriage_value", START, None);
    assert_parts(&e, &[600_000.0, 200_000.0]);
    assert!(e.parts[0].how.contains("'Assembly ab'"), "{}", e.parts[0].how);
    // Gross receipts include it: £3.6m and £1.2m.
    assert_parts(
        &explained(&s, "gross_receipts", START, None),
        &[3_600_000.0, 1_200_000.0],
    );
}

/// A hub costing £3m in 2026/27 with 10% optimism bias (£3.3m), funded by a £0.5m
/// grant then the pot, which holds £1m but may spend only £0.8m that year.
fn hub() -> Scenario {
    let mut s = estate(3);
    s.pots[0].opening_balance = 1_000_000.0;
    s.pots[0].spend_limits = vec![(START, 800_000.0)];
    let mut p = project(
        "hub",
        &[(START, 3_000_000.0)],
        vec![grant("NHSE", 500_000.0), from_pot("local", None)],
    );
    p.optimism_bias = 0.1;
    p.running_cost = 120_000.0;
    s.projects = vec![p].into();
    s
}

#[test]
fn capex_funding_and_gap_are_each_projects_with_the_limit_named() {
    let s = hub();
    let capex = explained(&s, "capex", START, None);
    assert_parts(&capex, &[3_300_000.0]);
    assert!(
        capex.parts[0].how.contains("optimism bias of 10%"),
        "{}",
        capex.parts[0].how
    );
    assert_parts(&explained(&s, "funded_from_grants", START, None), &[500_000.0]);
    assert_parts(&explained(&s, "funded_from_pots", START, None), &[800_000.0]);
    assert_parts(&explained(&s, "drawn", START, Some("local")), &[800_000.0]);
    // £3.3m - £0.5m - £0.8m = £2.0m short, with £0.2m left in the pot.
    let gap = explained(&s, "funding_gap", START, None);
    assert_parts(&gap, &[2_000_000.0]);
    assert!(
        gap.parts[0].how.contains("spending limit for 2026/27 was used up"),
        "{}",
        gap.parts[0].how
    );
    assert_eq!(gap.parts[0].kind, "project");
}

#[test]
fn pot_closing_is_the_opening_balance_plus_inflows_less_each_draw() {
    let s = hub();
    // 2026/27: £1m opening less the hub's £0.8m draw; 2027/28: £0.2m carried forward.
    let first = explained(&s, "pot_closing", START, None);
    assert_parts(&first, &[1_000_000.0, -800_000.0]);
    assert!(first.parts[0].how.contains("opening balance"));
    let second = explained(&s, "pot_closing", START + 1, Some("local"));
    assert_parts(&second, &[200_000.0]);
    // With the Downham receipt flowing in: previous closing, the kept tranche, the cap excess.
    let mut s = downham();
    s.pots[0].opening_balance = 100_000.0;
    assert_parts(
        &explained(&s, "pot_closing", START + 1, None),
        &[100_000.0, 2_500_000.0, -500_000.0],
    );
}

#[test]
fn site_benefits_and_new_running_costs_are_each_items() {
    // Downham: £90k running cost saved from the year after the sale, £400k backlog and 30 homes in it.
    let mut s = downham();
    s.sites[0].running_cost = 90_000.0;
    s.sites[0].backlog = 400_000.0;
    s.sites[0].homes = 30.0;
    assert_parts(&explained(&s, "running_cost_savings", START + 1, None), &[]);
    assert_parts(&explained(&s, "running_cost_savings", START + 2, None), &[90_000.0]);
    assert_parts(&explained(&s, "backlog_avoided", START + 1, None), &[400_000.0]);
    let homes = explained(&s, "homes", START + 1, None);
    assert_parts(&homes, &[30.0]);
    assert!(
        homes.parts[0].how.ends_with("30 homes enabled"),
        "{}",
        homes.parts[0].how
    );
    // The hub's £120k a year runs from the year after its last capex year.
    let s = hub();
    assert_parts(&explained(&s, "new_running_costs", START, None), &[]);
    assert_parts(&explained(&s, "new_running_costs", START + 1, None), &[120_000.0]);
}

#[test]
fn unknown_fields_years_and_pots_are_refused_in_words() {
    let s = hub();
    assert_eq!(
        explain(&s, "profit", START, None),
        Err(ExplainError::UnknownField("profit".into()))
    );
    let outside = explain(&s, "capex", START + 3, None);
    assert_eq!(
        outside,
        Err(ExplainError::OutsideHorizon {
            fy: START + 3,
            first: START,
            last: START + 2
        })
    );
    let message = outside.err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        message,
        "2029/30 is outside the scenario's horizon (2026/27 to 2028/29)"
    );
    assert_eq!(
        explain(&s, "drawn", START, Some("nope")),
        Err(ExplainError::UnknownPot("nope".into()))
    );
    assert_eq!(
        explain(&s, "capex", START, Some("local")),
        Err(ExplainError::NotPerPot("capex".into()))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn parts_add_up_to_the_reported_figure_and_name_existing_items(s in valid_scenario()) {
        let scale = scale_of(&s);
        let exists = |p: &Part| match p.kind.as_str() {
            "disposal" => s.disposals.iter().any(|d| d.id == p.item),
            "project" => s.projects.iter().any(|x| x.id == p.item),
            "pot" => s.pots.iter().any(|x| x.id == p.item),
            _ => false,
        };
        for fy in s.start_fy..s.start_fy + s.horizon as i32 {
            let pots = std::iter::once(None).chain(s.pots.iter().map(|p| Some(p.id.as_str())));
            for pot in pots {
                for field in FIELDS.iter().filter(|f| pot.is_none() || POT_FIELDS.contains(f)) {
                    let e = explain(&s, field, fy, pot).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let sum: f64 = e.parts.iter().map(|p| p.amount).sum();
                    prop_assert!(near(sum, e.value, scale), "{field} {fy} {pot:?}: parts {sum} vs {}", e.value);
                    for p in &e.parts {
                        prop_assert!(exists(p), "{field} {fy}: part names no item: {p:?}");
                        prop_assert!(!p.how.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn the_value_is_the_reports_figure(s in valid_scenario()) {
        let r = estates_core::compute(&s);
        for y in &r.years {
            let gap = explain(&s, "funding_gap", y.fy, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(gap.value, y.flows.funding_gap);
            let retained = explain(&s, "retained", y.fy, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(retained.value, y.flows.retained_total());
        }
    }
}

fn headline(s: &Scenario, key: &str) -> Explanation {
    computed(s);
    match explain_headline(s, key) {
        Ok(e) => e,
        Err(e) => panic!("cannot explain headline {key}: {e}"),
    }
}

/// Downham sold for £10m net of nothing, half of the first £5m kept, landing
/// 40% in 2027/28 and 60% in 2028/29, without the pot's cap.
fn downham_phased() -> Scenario {
    let mut s = downham();
    s.pots[0].annual_cap = None;
    s.sites[0].value = 10_000_000.0;
    s.disposals[0].phasing = vec![(0, 0.4), (1, 0.6)];
    s
}

#[test]
fn total_retained_is_each_tranche_kept_named_with_its_year() {
    // Kept: 50% of the first £5m of £10m = £2.5m, as £1.0m then £1.5m.
    let e = headline(&downham_phased(), "retained");
    assert_eq!((e.fy, e.span()), (None, Span::Total));
    assert_close(e.value, 2_500_000.0);
    assert_parts(&e, &[1_000_000.0, 1_500_000.0]);
    assert!(
        e.parts[0]
            .how
            .starts_with("2027/28: Downham health centre sold in 2027/28"),
        "{}",
        e.parts[0].how
    );
    assert!(e.parts[1].how.starts_with("2028/29: "), "{}", e.parts[1].how);
    assert_eq!(
        estates_core::explain::heading(&e),
        "Retained locally, total over the horizon: £2.5m"
    );
}

#[test]
fn the_final_pot_balance_is_opening_plus_inflows_less_cap_excess_and_draws() {
    // Opening £1m; £2.5m kept in 2027/28 of which £0.5m is above the £2m cap;
    // a hub draws £1.2m in 2028/29: £1m + £2.5m - £0.5m - £1.2m = £1.8m.
    let mut s = downham();
    s.pots[0].opening_balance = 1_000_000.0;
    s.projects = vec![project(
        "hub",
        &[(START + 2, 1_200_000.0)],
        vec![from_pot("local", None)],
    )]
    .into();
    let e = headline(&s, "pot_closing");
    assert_close(e.value, 1_800_000.0);
    assert_parts(&e, &[1_000_000.0, 2_500_000.0, -500_000.0, -1_200_000.0]);
    assert_eq!(e.parts[3].item, "hub");
    assert!(e.parts[3].how.starts_with("2028/29: "), "{}", e.parts[3].how);
}

#[test]
fn an_npv_is_each_years_flow_times_its_green_book_factor() {
    // £1.0m retained in year 1 and £1.5m in year 2, discounted at 3.5% a year.
    let s = downham_phased();
    let e = explain_span(&s, "retained_receipts", Span::Npv, None).expect("an NPV");
    let (d1, d2) = (1.0 / 1.035, 1.0 / (1.035 * 1.035));
    assert_parts(&e, &[1_000_000.0 * d1, 1_500_000.0 * d2]);
    assert_eq!(
        (e.parts[0].kind.as_str(), e.parts[0].item.as_str()),
        ("year", "2027/28")
    );
    assert!(
        e.parts[0]
            .how
            .contains("× discount factor 0.9662 (Green Book: 3.5% a year for years 1-30; year 1)"),
        "{}",
        e.parts[0].how
    );
    // With no savings, capex or running costs, the net NPV has the same parts.
    let net = headline(&s, "net_npv");
    assert_eq!(net.field, "net");
    assert_parts(&net, &[1_000_000.0 * d1, 1_500_000.0 * d2]);
    assert!(
        net.parts[1]
            .how
            .starts_with("2028/29: retained £1.5m + savings £0 - capex £0 - new running costs £0 = £1.5m"),
        "{}",
        net.parts[1].how
    );
    assert_eq!(
        explain_span(&s, "gross_receipts", Span::Npv, None),
        Err(ExplainError::UnknownNpv("gross_receipts".into()))
    );
}

#[test]
fn a_chart_series_names_its_yearly_figure() {
    use estates_core::charts::ChartId;
    let mut s = downham();
    s.pots.push(crate::builders::pot("pool", 0.0));
    s.pots[1].spend_limits = vec![(START, 1.0)];
    let local = Some("local".to_owned());
    assert_eq!(
        chart_figure(ChartId::RetainedReceipts, &s, 0),
        Some(("retained", local.clone()))
    );
    assert_eq!(
        chart_figure(ChartId::RetainedReceipts, &s, 2),
        Some(("returned_national", None))
    );
    assert_eq!(chart_figure(ChartId::PotBalances, &s, 2), Some(("funding_gap", None)));
    assert_eq!(chart_figure(ChartId::PotBalances, &s, 3), Some(("pot_closing", local)));
    // After the balances, the bands of the pots with spending limits.
    assert_eq!(
        chart_figure(ChartId::PotBalances, &s, 5),
        Some(("drawn", Some("pool".to_owned())))
    );
    assert_eq!(chart_figure(ChartId::PotBalances, &s, 6), None);
    assert_eq!(chart_figure(ChartId::MarriageValue, &s, 0), None);
    // The mapping follows the charts' own series: the pot's series is named after it.
    let r = computed(&s);
    let chart = estates_core::charts::chart(ChartId::PotBalances, &s, &r);
    assert_eq!(chart.series.len(), 6);
    assert!(chart.series[3].name.starts_with(&s.pots[0].name));
    assert!(chart.series[5].name.starts_with(&s.pots[1].name));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn headline_and_npv_parts_add_up_to_the_figure_shown(s in valid_scenario()) {
        let scale = scale_of(&s) * s.horizon as f64;
        let r = estates_core::compute(&s);
        let exists = |p: &Part| match p.kind.as_str() {
            "disposal" => s.disposals.iter().any(|d| d.id == p.item),
            "project" => s.projects.iter().any(|x| x.id == p.item),
            "pot" => s.pots.iter().any(|x| x.id == p.item),
            "year" => r.years.iter().any(|y| y.label == p.item),
            _ => false,
        };
        let mut explained: Vec<(String, f64, Explanation)> = HEADLINES
            .iter()
            .map(|h| {
                let e = explain_headline(&s, h.key).map_err(|e| TestCaseError::fail(e.to_string()))?;
                Ok((h.key.to_owned(), (h.get)(&r), e))
            })
            .collect::<Result<_, TestCaseError>>()?;
        // Every yearly field's total too, as the yearly table's total row opens them,
        // against the report's totals (a pot balance's is the final year's).
        for field in FIELDS {
            let e = explain_span(&s, field, Span::Total, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let shown = match field {
                "drawn" => r.totals.drawn.values().sum(),
                _ => YEAR_COLUMNS
                    .iter()
                    .chain([&HOMES_COLUMN])
                    .find(|c| c.key == field)
                    .map_or(f64::NAN, |c| (c.get)(&r.totals)),
            };
            explained.push((format!("{field} total"), shown, e));
        }
        for (i, key) in NPV_FIELDS.iter().enumerate() {
            let e = explain_span(&s, key, Span::Npv, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            explained.push((format!("{key} NPV"), estates_core::tables::npv_rows(&r)[i].1, e));
        }
        for (key, shown, e) in &explained {
            prop_assert_eq!(e.value, *shown, "{}", key);
            let sum: f64 = e.parts.iter().map(|p| p.amount).sum();
            prop_assert!(near(sum, e.value, scale), "{key}: parts {sum} vs {}", e.value);
            for p in &e.parts {
                prop_assert!(exists(p), "{key}: part names no item: {p:?}");
            }
        }
    }
}

#[test]
fn paper_names_the_largest_parts_and_sums_the_rest() {
    // Seven disposals of £1m..£7m sold in one year: the five largest named, the
    // £1m and £2m summed as one line.
    let mut s = estate(2);
    s.sites = (1..=7)
        .map(|k| site(&format!("s{k}"), "nhs", k as f64 * 1_000_000.0))
        .collect();
    s.disposals = (1..=7).map(|k| disposal(&format!("s{k}"), START)).collect();
    let e = headline(&s, "gross_receipts");
    let lines = estates_core::explain::largest_parts_text(&e, 5);
    assert_eq!(lines.len(), 6, "{lines:#?}");
    assert!(
        lines[0].starts_with("£7.0m: 2026/27: Site s7 sold in 2026/27"),
        "{}",
        lines[0]
    );
    assert!(lines[4].starts_with("£3.0m: "), "{}", lines[4]);
    assert_eq!(lines[5], "£3.0m from 2 other items");
    // With room for all, every part is named.
    assert_eq!(estates_core::explain::largest_parts_text(&e, 10).len(), 7);
}

#[test]
fn paper_leaves_out_parts_of_nothing() {
    // A trust keeping all of a £2m sale returns nothing: the one part is £0.
    let mut s = estate(2);
    s.sites = vec![site("a", "nhs", 2_000_000.0)].into();
    s.disposals = vec![disposal("a", START)].into();
    s.retention_rules = vec![kind_rule("trusts", OrgKind::NhsTrust, 1.0, "local")].into();
    let e = headline(&s, "returned_national");
    assert_eq!(amounts(&e), vec![0.0]);
    assert!(estates_core::explain::largest_parts_text(&e, 5).is_empty());
}
