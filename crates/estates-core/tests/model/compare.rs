//! The comparison of scenarios: the list of what changed, on pairs that differ
//! in known ways, worded for people (never raw data), and the overlaid charts.

use estates_core::charts::{ChartId, Mark};
use estates_core::compare::{compare_text, diff, distinct_names, overlay_charts, Change};
use estates_core::io::{parse, FileFormat};
use estates_core::model::{AppliesTo, Discount, FundingSource, OrgKind, Site, Split};
use estates_core::{compute, Scenario};

const NATIONAL: &str = include_str!("../../../../sample_scenarios/lewisham-national.ron");
const DEVOLVED: &str = include_str!("../../../../sample_scenarios/lewisham-devolved.ron");
const NCL: &str = include_str!("../../../../sample_scenarios/ncl-marriage-value.ron");

fn scenario(text: &str) -> Scenario {
    parse(text, FileFormat::Ron).expect("a valid sample")
}

/// The changes as `Section: description` lines.
fn lines(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| format!("{}: {}", c.section, c.description))
        .collect()
}

fn assert_listed(changes: &[Change], expected: &str) {
    let lines = lines(changes);
    assert!(
        lines.iter().any(|l| l == expected),
        "expected `{expected}` in:\n{}",
        lines.join("\n")
    );
}

/// Nothing reads as serialised data: no braces, brackets or JSON quotes.
fn assert_worded(changes: &[Change]) {
    for line in lines(changes) {
        assert!(
            !line.contains(['{', '}', '[', ']', '"']),
            "reads like data, not English: {line}"
        );
    }
}

#[test]
fn a_scenario_compared_with_itself_has_no_changes() {
    let a = scenario(NATIONAL);
    assert!(diff(&a, &a.clone()).is_empty());
}

#[test]
fn sites_added_removed_and_changed_field_by_field() {
    let a = scenario(NATIONAL);
    let mut b = a.clone();
    b.sites.retain(|s| s.id != "lgt-catford");
    b.disposals.retain(|d| d.site != "lgt-catford");
    b.sites.push(Site {
        id: "lbl-library".into(),
        name: "Former library".into(),
        owner: "lbl".into(),
        value: 2_000_000.0,
        ..Site::default()
    });
    let depot = b.sites.iter_mut().find(|s| s.id == "lbl-depot").expect("the depot");
    depot.value += 1_000_000.0;
    depot.borough = "Greenwich".into();
    depot.epims_id = Some("E123".into());
    let uhl = b.sites.iter_mut().find(|s| s.id == "uhl-north").expect("hospital land");
    uhl.value += 10_000.0; // rounds to the same £m: shown in pounds instead
    let changes = diff(&a, &b);
    assert_listed(
        &changes,
        "Sites: removed 'lgt-catford' (Catford community clinic and offices)",
    );
    assert_listed(&changes, "Sites: added 'lbl-library' (Former library)");
    assert_listed(
        &changes,
        "Disposals: removed 'lgt-catford-sale' (sale of Catford community clinic and offices)",
    );
    let depot = "Sites: 'lbl-depot' (Council depot adjoining University Hospital Lewisham)";
    let old_value = a.site("lbl-depot").map(|s| s.value / 1e6).expect("depot");
    assert_listed(
        &changes,
        &format!(
            "{depot}: market value changed from £{old_value:.1}m to £{:.1}m",
            old_value + 1.0
        ),
    );
    assert_listed(
        &changes,
        &format!("{depot}: borough changed from 'Lewisham' to 'Greenwich'"),
    );
    assert_listed(&changes, &format!("{depot}: ePIMS id changed from none to 'E123'"));
    assert_listed(
        &changes,
        "Sites: 'uhl-north' (University Hospital Lewisham: north surplus land): market value changed from £19,200,000 to \
         £19,210,000",
    );
    assert_eq!(
        changes.iter().filter(|c| c.id == "lbl-depot").count(),
        3,
        "one line per changed field: {:#?}",
        lines(&changes)
    );
    assert_worded(&changes);
}

#[test]
fn a_disposal_moved_between_years_and_its_terms_changed() {
    let a = scenario(NATIONAL);
    let mut b = a.clone();
    let sale = b
        .disposals
        .iter_mut()
        .find(|d| d.id == "nhsps-sydenham-sale")
        .expect("the Sydenham sale");
    sale.fy = 2030;
    sale.probability = 0.6;
    sale.phasing = vec![(0, 0.5), (1, 0.5)];
    sale.agreed_price = Some(3_250_000.0);
    let changes = diff(&a, &b);
    let sale = "Disposals: 'nhsps-sydenham-sale' (sale of Sydenham clinic)";
    assert_listed(&changes, &format!("{sale}: moved from 2034/35 to 2030/31"));
    let old_probability = a
        .disposals
        .iter()
        .find(|d| d.id == "nhsps-sydenham-sale")
        .map(|d| d.probability)
        .expect("sale");
    assert_listed(
        &changes,
        &format!(
            "{sale}: probability of going ahead changed from {}% to 60%",
            old_probability * 100.0
        ),
    );
    assert_listed(
        &changes,
        &format!("{sale}: phasing changed from all in the year of sale to 50% in the year of sale, 50% 1 year later"),
    );
    assert_listed(
        &changes,
        &format!("{sale}: agreed price changed from none (market value used) to £3.2m"),
    );
    assert_worded(&changes);
}

#[test]
fn an_assembly_switched_off_and_on_and_its_terms_changed() {
    let a = scenario(NATIONAL);
    let mut off = a.clone();
    off.assemblies[0].enabled = false;
    let title = "Assemblies: 'uhl-depot' (University Hospital Lewisham north land with the council depot)";
    assert_eq!(lines(&diff(&a, &off)), [format!("{title}: assembly switched off")]);
    assert_eq!(lines(&diff(&off, &a)), [format!("{title}: assembly switched on")]);
    let mut changed = a.clone();
    changed.assemblies[0].split = Split::Fixed(vec![0.7, 0.3]);
    changed.assemblies[0].members.push("lgt-catford".into());
    changed.assemblies[0].combined_value = None;
    changed.assemblies[0].uplift = Some(0.15);
    let changes = diff(&a, &changed);
    assert_listed(
        &changes,
        &format!("{title}: marriage value split changed from pro rata to value to fixed shares 70%, 30%"),
    );
    assert_listed(&changes, &format!("{title}: member 'lgt-catford' added"));
    assert_listed(&changes, &format!("{title}: joint value changed from £23.0m to none"));
    assert_listed(
        &changes,
        &format!("{title}: uplift over the separate values changed from none to 15%"),
    );
    assert_worded(&changes);
}

#[test]
fn a_retention_rule_changed_added_and_removed() {
    let a = scenario(NATIONAL);
    let mut b = a.clone();
    let rule = b
        .retention_rules
        .iter_mut()
        .find(|r| r.id == "nhsps-local-share")
        .expect("rule");
    rule.retained_share = 1.0;
    rule.limit_per_disposal = None;
    rule.applies_to = AppliesTo::Kind(OrgKind::NhsPropertyServices);
    b.retention_rules.retain(|r| r.id != "council-keeps");
    let changes = diff(&a, &b);
    let rule = "Retention rules: 'nhsps-local-share' (NHS Property Services: half of net proceeds on disposals up \
                to £5m)";
    assert_listed(&changes, &format!("{rule}: share retained changed from 50% to 100%"));
    assert_listed(
        &changes,
        &format!("{rule}: limit per disposal changed from £5.0m to no limit"),
    );
    assert_listed(
        &changes,
        &format!("{rule}: applies to changed from organisation 'nhsps' to every organisation of the kind NHS Property Services"),
    );
    assert_listed(
        &changes,
        "Retention rules: removed 'council-keeps' (Council keeps its capital receipts)",
    );
    assert_worded(&changes);
}

#[test]
fn a_project_changed_funding_capex_and_bias() {
    let a = scenario(NATIONAL);
    let mut b = a.clone();
    let hub = b.projects.iter_mut().find(|p| p.id == "hub-uhl").expect("hub");
    hub.funding[2] = FundingSource::Grant {
        name: "LIFT".into(),
        amount: 3_000_000.0,
    };
    hub.funding.push(FundingSource::Pot {
        pot: "lewisham-local".into(),
        cap: Some(1_000_000.0),
    });
    hub.capex = vec![(2028, 3_500_000.0), (2029, 14_000_000.0), (2031, 11_500_000.0)];
    hub.optimism_bias = 0.1;
    let changes = diff(&a, &b);
    let hub = "Projects: 'hub-uhl' (Enhanced neighbourhood care hub, University Hospital Lewisham)";
    assert_listed(
        &changes,
        &format!("{hub}: funding source 3 changed from pot 'lbl-capital' capped at £3.0m to grant 'LIFT' of £3.0m"),
    );
    assert_listed(
        &changes,
        &format!("{hub}: funding source 4 added: pot 'lewisham-local' capped at £1.0m"),
    );
    assert_listed(
        &changes,
        &format!("{hub}: capex in 2029/30 changed from £13.0m to £14.0m"),
    );
    assert_listed(&changes, &format!("{hub}: capex in 2030/31 removed (was £11.5m)"));
    assert_listed(&changes, &format!("{hub}: capex in 2031/32 added: £11.5m"));
    assert_listed(&changes, &format!("{hub}: optimism bias changed from 24% to 10%"));
    assert_worded(&changes);
}

#[test]
fn assumptions_changed() {
    let a = scenario(NATIONAL);
    let mut b = a.clone();
    b.horizon += 5;
    b.discount = Discount::Flat(0.03);
    b.land_growth = 0.02;
    b.weight_by_probability = !a.weight_by_probability;
    let changes = diff(&a, &b);
    assert!(changes.iter().all(|c| c.section == "Assumptions" && c.id.is_empty()));
    assert_listed(
        &changes,
        &format!(
            "Assumptions: horizon changed from {} years to {} years",
            a.horizon,
            a.horizon + 5
        ),
    );
    assert_listed(
        &changes,
        "Assumptions: discounting changed from Green Book schedule to flat 3% a year",
    );
    assert_listed(
        &changes,
        "Assumptions: land value growth changed from 1% a year to 2% a year",
    );
    let switched = if a.weight_by_probability { "off" } else { "on" };
    assert_listed(&changes, &format!("Assumptions: risk weighting switched {switched}"));
    assert_eq!(changes.len(), 4);
}

#[test]
fn the_lewisham_options_differ_in_retention_in_figures_and_in_words() {
    let (national, devolved) = (scenario(NATIONAL), scenario(DEVOLVED));
    let (rn, rd) = (compute(&national), compute(&devolved));
    assert!(
        rd.totals.retained_total() > rn.totals.retained_total() + 1e6,
        "devolved keeps more locally"
    );
    let changes = diff(&national, &devolved);
    assert!(
        changes
            .iter()
            .any(|c| c.section == "Retention rules" && c.description.starts_with("removed 'trust-keeps'")),
        "{:#?}",
        lines(&changes)
    );
    assert!(changes
        .iter()
        .any(|c| c.section == "Retention rules" && c.description.starts_with("added 'nhs-trusts-pooled'")));
    assert_listed(
        &changes,
        "Projects: 'hub-downham' (Downham neighbourhood care hub): funding source 2 changed from pot 'lewisham-local' (no cap) \
         to pot 'leb-pool' (no cap)",
    );
    assert_worded(&changes);
    let names = vec![national.name.clone(), devolved.name.clone()];
    let text = compare_text(
        &names,
        &[rn.clone(), rd.clone()],
        &[("from national to devolved".into(), changes)],
    );
    let retained = text
        .lines()
        .find(|l| l.starts_with("Retained locally"))
        .expect("a retained row");
    let more = (rd.totals.retained_total() - rn.totals.retained_total()) / 1e6;
    assert!(retained.contains(&format!("(+£{more:.1}m)")), "{retained}");
    assert!(text.contains("Retention rules: removed 'trust-keeps'"), "{text}");
    assert!(text.contains("  1. Lewisham: national rules"), "{text}");
}

#[test]
fn very_different_scenarios_still_read_as_english() {
    let changes = diff(&scenario(NATIONAL), &scenario(NCL));
    assert!(changes.len() > 30);
    assert_worded(&changes);
}

#[test]
fn overlays_draw_one_line_per_scenario_over_every_year() {
    let (a, mut b) = (scenario(NATIONAL), scenario(DEVOLVED));
    b.start_fy += 2;
    let (ra, rb) = (compute(&a), compute(&b));
    let charts = overlay_charts(&[("National", &ra), ("Devolved", &rb)]);
    assert_eq!(charts.iter().map(|c| c.id).collect::<Vec<_>>(), ChartId::OVERLAYS);
    for c in &charts {
        assert_eq!(c.series.len(), 2);
        assert!(c.series.iter().all(|s| s.mark == Mark::Line));
        assert_ne!(c.series[0].colour, c.series[1].colour);
        assert_eq!(c.categories.first().map(String::as_str), Some("2026/27"));
        assert_eq!(
            c.categories.len(),
            a.horizon as usize + 2,
            "union of both scenarios' years"
        );
        // The later scenario has no value before it starts, the earlier none after it ends.
        assert!(c.series[1].values[0].is_nan() && c.series[1].values[2].is_finite());
        assert!(c.series[0].values.last().is_some_and(|v| v.is_nan()));
    }
    let gap = &charts[2].series[0];
    let last = gap.values[a.horizon as usize - 1];
    assert!(
        (last - ra.totals.funding_gap / 1e6).abs() < 1e-9,
        "the cumulative gap ends at the total"
    );
    let retained: f64 = charts[0].series[0].values.iter().filter(|v| v.is_finite()).sum();
    assert!((retained - ra.totals.retained_total() / 1e6).abs() < 1e-9);
}

#[test]
fn column_names_are_made_distinct() {
    assert_eq!(
        distinct_names(["Plan", "Other", "Plan", "Plan"]),
        ["Plan", "Other", "Plan (2)", "Plan (3)"]
    );
}

#[test]
fn a_pots_spending_profile_changed_is_listed_year_by_year() {
    let a = scenario(DEVOLVED);
    let mut b = a.clone();
    let pool = b.pots.iter_mut().find(|p| p.id == "leb-pool").expect("the London pool");
    pool.spend_limits.retain(|(fy, _)| *fy != 2031);
    pool.spend_limits.push((2032, 4_000_000.0));
    if let Some(limit) = pool.spend_limits.iter_mut().find(|(fy, _)| *fy == 2029) {
        limit.1 = 8_000_000.0;
    }
    let changes = diff(&a, &b);
    let pot = "Pots: 'leb-pool' (London Estates Board pool)";
    assert_listed(
        &changes,
        &format!("{pot}: spending limit in 2029/30 changed from £10.0m to £8.0m"),
    );
    assert_listed(
        &changes,
        &format!("{pot}: spending limit in 2031/32 removed (was £8.0m)"),
    );
    assert_listed(&changes, &format!("{pot}: spending limit in 2032/33 added: £4.0m"));
    assert_worded(&changes);
}
