//! Scenarios the app starts from. [`new_template`] is what File › New opens:
//! short, valid, following the methodology's recommendations, with one of
//! each main item named so the user sees what to replace.

use crate::model::{
    AppliesTo, Discount, Disposal, FundingSource, OrgKind, Organisation, Pot, Project, ProjectKind, RetentionRule,
    Scenario, Site,
};

/// The Green Book supplementary guidance's upper bound of optimism bias for
/// the capital cost of a standard building (a hub usually is one), before
/// any mitigation (docs/methodology.md section 5).
pub const OPTIMISM_BIAS_STANDARD_BUILDING: f64 = 0.24;

/// A new scenario: receipts weighted by each sale's probability (expected
/// values, the methodology's recommendation for appraisal), Green Book
/// discounting, and an example owner, site, sale, pot, retention rule and
/// hub whose names say what to change. The hub's capex carries the standard
/// building's optimism bias, and the example sale funds it in full, so the
/// template opens with figures and no warnings.
pub fn new_template() -> Scenario {
    let start_fy = Scenario::default().start_fy;
    Scenario {
        name: "New scenario (rename it)".to_owned(),
        description: "Started from the template: replace the example owner, site, sale, pot, rule and hub with \
                      your own."
            .to_owned(),
        weight_by_probability: true,
        discount: Discount::GreenBook,
        organisations: vec![Organisation {
            id: "owner".to_owned(),
            name: "Example owner: rename to your trust or council".to_owned(),
            kind: OrgKind::NhsTrust,
        }]
        .into(),
        sites: vec![Site {
            id: "site-1".to_owned(),
            name: "Example surplus site: replace with yours".to_owned(),
            owner: "owner".to_owned(),
            value: 2_000_000.0,
            ..Site::default()
        }]
        .into(),
        disposals: vec![Disposal {
            cost_rate: 0.02,
            probability: 0.8,
            ..Disposal::new("site-1-d1", "site-1", start_fy + 2)
        }]
        .into(),
        pots: vec![Pot {
            id: "local".to_owned(),
            name: "Example pot: where kept receipts go".to_owned(),
            ..Pot::default()
        }]
        .into(),
        retention_rules: vec![RetentionRule {
            id: "owner-keeps".to_owned(),
            name: "Example rule: the owner keeps all its net receipts".to_owned(),
            applies_to: AppliesTo::Organisation("owner".to_owned()),
            retained_share: 1.0,
            pot: "local".to_owned(),
            limit_per_disposal: None,
        }]
        .into(),
        projects: vec![Project {
            id: "hub".to_owned(),
            name: "Example neighbourhood care hub: replace with your project".to_owned(),
            kind: ProjectKind::NeighbourhoodCareHub,
            capex: vec![(start_fy + 3, 1_000_000.0)],
            optimism_bias: OPTIMISM_BIAS_STANDARD_BUILDING,
            funding: vec![FundingSource::Pot {
                pot: "local".to_owned(),
                cap: None,
            }],
            ..Project::default()
        }]
        .into(),
        ..Scenario::default()
    }
}
