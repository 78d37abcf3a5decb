//! Small scenario builders shared by the engine, property, validation and CLI
//! tests, so each test states only what matters to its rule.

use estates_core::model::{
    AppliesTo, Assembly, Discount, Disposal, FundingSource, OrgKind, Organisation, Pot, Project, RetentionRule,
    Scenario, Site, Split,
};
use estates_core::problem::{ItemKind, Problem};
use estates_core::report::Report;
use estates_core::validate::validate;

/// The price base year of every built scenario (year index 0 is FY 2026, `2026/27`).
pub const START: i32 = 2026;

/// An empty scenario starting in FY 2026 with the given horizon, Green Book discounting and no growth.
pub fn scenario(horizon: u32) -> Scenario {
    Scenario {
        name: "Test scenario".to_owned(),
        start_fy: START,
        horizon,
        discount: Discount::GreenBook,
        ..Default::default()
    }
}

pub fn org(id: &str, name: &str, kind: OrgKind) -> Organisation {
    Organisation {
        id: id.to_owned(),
        name: name.to_owned(),
        kind,
    }
}

/// A site named after its id (`"Site a"` for `a`) with a value and nothing else.
pub fn site(id: &str, owner: &str, value: f64) -> Site {
    Site {
        id: id.to_owned(),
        name: format!("Site {id}"),
        owner: owner.to_owned(),
        value,
        ..Default::default()
    }
}

/// A whole-site disposal with id `<site>-d`.
pub fn disposal(site: &str, fy: i32) -> Disposal {
    Disposal::new(format!("{site}-d"), site, fy)
}

pub fn pot(id: &str, opening_balance: f64) -> Pot {
    Pot {
        id: id.to_owned(),
        name: format!("Pot {id}"),
        opening_balance,
        ..Pot::default()
    }
}

pub fn rule(id: &str, applies_to: AppliesTo, retained_share: f64, pot: &str) -> RetentionRule {
    RetentionRule {
        id: id.to_owned(),
        name: format!("Rule {id}"),
        applies_to,
        retained_share,
        pot: pot.to_owned(),
        limit_per_disposal: None,
    }
}

pub fn org_rule(id: &str, org: &str, retained_share: f64, pot: &str) -> RetentionRule {
    rule(id, AppliesTo::Organisation(org.to_owned()), retained_share, pot)
}

pub fn kind_rule(id: &str, kind: OrgKind, retained_share: f64, pot: &str) -> RetentionRule {
    rule(id, AppliesTo::Kind(kind), retained_share, pot)
}

pub fn project(id: &str, capex: &[(i32, f64)], funding: Vec<FundingSource>) -> Project {
    Project {
        id: id.to_owned(),
        name: format!("Project {id}"),
        capex: capex.to_vec(),
        funding,
        ..Default::default()
    }
}

pub fn from_pot(pot: &str, cap: Option<f64>) -> FundingSource {
    FundingSource::Pot {
        pot: pot.to_owned(),
        cap,
    }
}

pub fn grant(name: &str, amount: f64) -> FundingSource {
    FundingSource::Grant {
        name: name.to_owned(),
        amount,
    }
}

/// An enabled assembly of the given member sites, valued by an uplift, split pro rata to value.
pub fn assembly(id: &str, members: &[&str], uplift: f64) -> Assembly {
    Assembly {
        id: id.to_owned(),
        name: format!("Assembly {id}"),
        members: members.iter().map(|m| (*m).to_owned()).collect(),
        enabled: true,
        combined_value: None,
        uplift: Some(uplift),
        split: Split::ProRataValue,
    }
}

/// One NHS trust (`nhs`) and one council (`council`), a pot `local` with nothing in it,
/// and no retention rules: the common starting point of the engine tests.
pub fn estate(horizon: u32) -> Scenario {
    let mut s = scenario(horizon);
    s.organisations = vec![
        org("nhs", "Lewisham NHS Trust", OrgKind::NhsTrust),
        org("council", "Lewisham Council", OrgKind::Council),
    ]
    .into();
    s.pots = vec![pot("local", 0.0)].into();
    s
}

/// Validates (a test scenario must be valid, or the test would prove nothing) and computes.
pub fn computed(s: &Scenario) -> Report {
    let errors = validate(s);
    assert!(errors.is_empty(), "test scenario is invalid: {errors:#?}");
    estates_core::compute(s)
}

/// Equal to within a millionth of a pound, or a relative 1e-12 for large figures.
pub fn assert_close(actual: f64, expected: f64) {
    let tolerance = 1e-6_f64.max(expected.abs() * 1e-12);
    assert!(
        (actual - expected).abs() <= tolerance,
        "expected {expected}, got {actual} (difference {})",
        actual - expected
    );
}

/// Each year's figure against the expected list, year by year.
pub fn assert_years(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "number of years");
    for (t, (a, e)) in actual.iter().zip(expected).enumerate() {
        let tolerance = 1e-6_f64.max(e.abs() * 1e-12);
        assert!(
            (a - e).abs() <= tolerance,
            "year index {t}: expected {e}, got {a}; all years: {actual:?}"
        );
    }
}

/// A yearly series read from a report.
pub fn series(r: &Report, get: impl Fn(&estates_core::report::Flows) -> f64) -> Vec<f64> {
    r.years.iter().map(|y| get(&y.flows)).collect()
}

/// A pot's retained inflow by year.
pub fn retained_in(r: &Report, pot: &str) -> Vec<f64> {
    series(r, |f| f.retained.get(pot).copied().unwrap_or(f64::NAN))
}

/// A pot's closing balance by year.
pub fn closing_of(r: &Report, pot: &str) -> Vec<f64> {
    series(r, |f| f.pot_closing.get(pot).copied().unwrap_or(f64::NAN))
}

/// A copy of a scenario without its sites and what refers to them (disposals,
/// assemblies, projects): organisations, pots and rules kept.
pub fn without_sites(s: &Scenario) -> Scenario {
    Scenario {
        sites: Default::default(),
        disposals: Default::default(),
        assemblies: Default::default(),
        projects: Default::default(),
        ..s.clone()
    }
}

/// The warnings a report raises about one item.
pub fn warnings_about<'r>(r: &'r Report, kind: ItemKind, id: &str) -> Vec<&'r Problem> {
    r.warnings
        .iter()
        .filter(|w| w.item.kind == kind && w.item.id == id)
        .collect()
}

/// A pot `local` holding 10m and a hub needing 5m in 2026/27 from it.
pub fn hub_on_a_full_pot(horizon: u32) -> Scenario {
    let mut s = estate(horizon);
    s.pots = vec![pot("local", 10_000_000.0)].into();
    s.projects = vec![project("hub", &[(2026, 5_000_000.0)], vec![from_pot("local", None)])].into();
    s
}
