//! File › New's template (issue 14 item 8): valid, following the
//! methodology's recommendations, and its figures worked by hand.

use estates_core::model::{AppliesTo, FundingSource, ProjectKind};
use estates_core::samples::{new_template, OPTIMISM_BIAS_STANDARD_BUILDING};
use estates_core::validate::validate;
use estates_core::{compute, io};

#[test]
fn the_template_is_valid_without_a_warning() {
    assert_eq!(validate(&new_template()), vec![]);
}

#[test]
fn the_template_follows_the_methodology() {
    let s = new_template();
    assert!(s.weight_by_probability, "receipts are expected values");
    assert_eq!(
        OPTIMISM_BIAS_STANDARD_BUILDING, 0.24,
        "the Green Book's standard-building upper bound"
    );
    assert_eq!(s.projects.len(), 1);
    let hub = &s.projects[0];
    assert_eq!(hub.kind, ProjectKind::NeighbourhoodCareHub);
    assert_eq!(hub.optimism_bias, 0.24);
    assert_eq!(
        (s.organisations.len(), s.pots.len(), s.retention_rules.len()),
        (1, 1, 1)
    );
    let rule = &s.retention_rules[0];
    assert_eq!(rule.applies_to, AppliesTo::Organisation(s.organisations[0].id.clone()));
    assert_eq!(
        hub.funding,
        vec![FundingSource::Pot {
            pot: s.pots[0].id.clone(),
            cap: None
        }]
    );
    for name in [
        &s.name,
        &s.organisations[0].name,
        &s.sites[0].name,
        &s.pots[0].name,
        &rule.name,
        &hub.name,
    ] {
        assert!(
            name.contains("rename") || name.contains("replace") || name.starts_with("Example"),
            "{name}"
        );
    }
}

/// By hand: the site is worth £2,000,000 and sells in year 2 with probability
/// 0.8 and 2% costs, no growth: gross 2,000,000 × 0.8 = 1,600,000, costs
/// 32,000, net 1,568,000, all kept in the pot. The hub's £1,000,000 capex in
/// year 3 with 24% optimism bias is 1,240,000, drawn from the pot, which
/// closes at 328,000 with no gap.
#[test]
fn the_templates_figures_are_the_hand_worked_ones() {
    let report = compute(&new_template());
    let t = &report.totals;
    assert!((t.gross_receipts - 1_600_000.0).abs() < 1e-6, "{}", t.gross_receipts);
    assert!((t.net_receipts - 1_568_000.0).abs() < 1e-6, "{}", t.net_receipts);
    assert!((t.capex - 1_240_000.0).abs() < 1e-6, "{}", t.capex);
    assert!(
        (t.funded_from_pots - 1_240_000.0).abs() < 1e-6,
        "{}",
        t.funded_from_pots
    );
    assert_eq!(t.funding_gap, 0.0);
    let last = report.years.last().expect("a horizon of years");
    assert!((last.flows.pot_closing_total() - 328_000.0).abs() < 1e-6);
}

#[test]
fn the_template_saves_and_reads_back_unchanged() {
    let s = new_template();
    let text = io::to_ron(&s).expect("written");
    assert_eq!(io::parse(&text, io::FileFormat::Ron).expect("read back"), s);
}
