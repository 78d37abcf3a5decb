//! Property tests of the engine's identities (issue 2, item 8) on random valid
//! scenarios: money is conserved through retention and funding, pots follow
//! their balance equation and are never drawn below zero, marriage value shares
//! add up, risk weighting is linear where it must be, and the engine never panics,
//! even on scenarios that fail validation.

use crate::builders as scenario_builders;

use std::collections::HashSet;

use estates_core::compute;
use estates_core::model::{
    AppliesTo, Assembly, Discount, Disposal, FundingSource, OrgKind, Organisation, Pot, Project, RetentionRule,
    Scenario, Site, Split,
};
use estates_core::report::Report;
use estates_core::validate::{validate, MAX_HORIZON};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use scenario_builders::START;

// ---------------------------------------------------------------------------
// Generating valid scenarios. Specs hold raw draws (indices, weights); `build`
// turns them into a scenario that is valid by construction.

#[derive(Debug, Clone)]
struct DisposalSpec {
    year: Index,
    share_weight: f64,
    cost_rate: f64,
    fixed_cost: f64,
    probability: f64,
    agreed_price: Option<f64>,
    /// `(offset draw, weight)` per tranche.
    tranches: Vec<(u32, f64)>,
}

#[derive(Debug, Clone)]
struct SiteSpec {
    owner: Index,
    value: f64,
    area_ha: f64,
    book_value: f64,
    running_cost: f64,
    backlog: f64,
    homes: f64,
    disposals: Vec<DisposalSpec>,
}

#[derive(Debug, Clone)]
enum Valuation {
    Uplift(f64),
    Combined(f64),
}

#[derive(Debug, Clone)]
struct AssemblySpec {
    members: Vec<Index>,
    enabled: bool,
    /// Force the members into one disposal each in the same year, so the assembly is realised.
    align: bool,
    valuation: Valuation,
    split: u8,
    fixed_weights: Vec<f64>,
}

#[derive(Debug, Clone)]
enum Target {
    Organisation(Index),
    Kind(OrgKind),
}

#[derive(Debug, Clone)]
struct RuleSpec {
    target: Target,
    share: f64,
    pot: Index,
    limit: Option<f64>,
}

#[derive(Debug, Clone)]
enum SourceSpec {
    Pot(Index, Option<f64>),
    Grant(f64),
}

#[derive(Debug, Clone)]
struct ProjectSpec {
    capex: Vec<(Index, f64)>,
    optimism_bias: f64,
    running_cost: f64,
    site: Option<Index>,
    sources: Vec<SourceSpec>,
}

/// Opening balance, annual cap, and spending limits as (year index, amount).
type PotSpec = (f64, Option<f64>, Vec<(usize, f64)>);

#[derive(Debug, Clone)]
struct Spec {
    horizon: u32,
    land_growth: f64,
    weight_by_probability: bool,
    discount: Discount,
    kinds: Vec<OrgKind>,
    pots: Vec<PotSpec>,
    sites: Vec<SiteSpec>,
    assemblies: Vec<AssemblySpec>,
    rules: Vec<RuleSpec>,
    projects: Vec<ProjectSpec>,
}

fn money(max: f64) -> impl Strategy<Value = f64> {
    0.0..=max
}

fn kind() -> impl Strategy<Value = OrgKind> {
    prop::sample::select(OrgKind::ALL.to_vec())
}

fn disposal_spec() -> impl Strategy<Value = DisposalSpec> {
    (
        any::<Index>(),
        0.05..=1.0f64,
        prop_oneof![Just(0.0), 0.0..0.1f64],
        prop_oneof![Just(0.0), money(500_000.0)],
        prop_oneof![Just(1.0), 0.05..=1.0f64],
        prop::option::weighted(0.2, money(20_000_000.0)),
        vec((0u32..6, 0.01..=1.0f64), 1..=3),
    )
        .prop_map(
            |(year, share_weight, cost_rate, fixed_cost, probability, agreed_price, tranches)| DisposalSpec {
                year,
                share_weight,
                cost_rate,
                fixed_cost,
                probability,
                agreed_price,
                tranches,
            },
        )
}

fn site_spec() -> impl Strategy<Value = SiteSpec> {
    (
        any::<Index>(),
        money(20_000_000.0),
        money(5.0),
        money(10_000_000.0),
        money(500_000.0),
        money(1_000_000.0),
        money(200.0),
        vec(disposal_spec(), 0..=2),
    )
        .prop_map(
            |(owner, value, area_ha, book_value, running_cost, backlog, homes, disposals)| SiteSpec {
                owner,
                value,
                area_ha,
                book_value,
                running_cost,
                backlog,
                homes,
                disposals,
            },
        )
}

fn assembly_spec() -> impl Strategy<Value = AssemblySpec> {
    (
        vec(any::<Index>(), 2..=3),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.7),
        prop_oneof![
            (-0.5..1.0f64).prop_map(Valuation::Uplift),
            money(40_000_000.0).prop_map(Valuation::Combined),
        ],
        0u8..4,
        vec(0.01..=1.0f64, 3),
    )
        .prop_map(
            |(members, enabled, align, valuation, split, fixed_weights)| AssemblySpec {
                members,
                enabled,
                align,
                valuation,
                split,
                fixed_weights,
            },
        )
}

fn rule_spec() -> impl Strategy<Value = RuleSpec> {
    (
        prop_oneof![
            any::<Index>().prop_map(Target::Organisation),
            kind().prop_map(Target::Kind),
        ],
        prop_oneof![Just(1.0), Just(0.0), 0.0..=1.0f64],
        any::<Index>(),
        prop::option::weighted(0.3, money(10_000_000.0)),
    )
        .prop_map(|(target, share, pot, limit)| RuleSpec {
            target,
            share,
            pot,
            limit,
        })
}

fn project_spec() -> impl Strategy<Value = ProjectSpec> {
    let source = prop_oneof![
        (any::<Index>(), prop::option::weighted(0.4, money(10_000_000.0))).prop_map(|(p, c)| SourceSpec::Pot(p, c)),
        money(5_000_000.0).prop_map(SourceSpec::Grant),
    ];
    (
        vec((any::<Index>(), money(10_000_000.0)), 0..=3),
        prop_oneof![Just(0.0), 0.0..=0.6f64],
        money(300_000.0),
        prop::option::of(any::<Index>()),
        vec(source, 0..=3),
    )
        .prop_map(|(capex, optimism_bias, running_cost, site, sources)| ProjectSpec {
            capex,
            optimism_bias,
            running_cost,
            site,
            sources,
        })
}

fn spec() -> impl Strategy<Value = Spec> {
    let head = (
        1u32..=12,
        prop_oneof![Just(0.0), -0.1..0.1f64],
        any::<bool>(),
        prop_oneof![Just(Discount::GreenBook), (0.0..=0.2f64).prop_map(Discount::Flat)],
        vec(kind(), 1..=4),
        vec(
            (
                money(5_000_000.0),
                prop::option::weighted(0.3, money(8_000_000.0)),
                vec((0usize..12, prop_oneof![Just(0.0), money(3_000_000.0)]), 0..=3),
            ),
            1..=3,
        ),
    );
    let body = (
        vec(site_spec(), 1..=8),
        vec(assembly_spec(), 0..=3),
        vec(rule_spec(), 0..=6),
        vec(project_spec(), 0..=4),
    );
    (head, body).prop_map(
        |(
            (horizon, land_growth, weight_by_probability, discount, kinds, pots),
            (sites, assemblies, rules, projects),
        )| {
            Spec {
                horizon,
                land_growth,
                weight_by_probability,
                discount,
                kinds,
                pots,
                sites,
                assemblies,
                rules,
                projects,
            }
        },
    )
}

/// Fractions from positive weights that sum to one within rounding: the last is one minus the others.
fn fractions(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    let mut out: Vec<f64> = weights.iter().map(|w| w / total).collect();
    if let Some((last, rest)) = out.split_last_mut() {
        *last = (1.0 - rest.iter().sum::<f64>()).max(0.0);
    }
    out
}

/// Chooses assemblies over distinct member sites, with no site in two enabled assemblies,
/// and aligns the members' disposals of those marked `align` (one each, in one year).
fn place_assemblies(spec: &mut Spec) -> Vec<Assembly> {
    let n_sites = spec.sites.len();
    let mut in_enabled: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    for (i, a) in spec.assemblies.clone().into_iter().enumerate() {
        let members: Vec<usize> = a.members.iter().map(|m| m.index(n_sites)).collect();
        let distinct: HashSet<usize> = members.iter().copied().collect();
        if distinct.len() != members.len() || members.len() < 2 {
            continue;
        }
        if a.enabled && members.iter().any(|m| in_enabled.contains(m)) {
            continue;
        }
        if a.enabled {
            in_enabled.extend(&members);
        }
        if a.align {
            align_members(spec, &members);
        }
        let (combined_value, uplift) = match a.valuation {
            Valuation::Uplift(u) => (None, Some(u)),
            Valuation::Combined(v) => (Some(v), None),
        };
        let split = match a.split {
            0 => Split::ProRataValue,
            1 => Split::ProRataArea,
            2 => Split::Equal,
            _ => Split::Fixed(fractions(&a.fixed_weights[..members.len()])),
        };
        out.push(Assembly {
            id: format!("a{i}"),
            name: format!("Assembly {i}"),
            members: members.iter().map(|m| format!("s{m}")).collect(),
            enabled: a.enabled,
            combined_value,
            uplift,
            split,
        });
    }
    out
}

/// Gives each member site exactly one disposal, all in the first member's disposal year.
fn align_members(spec: &mut Spec, members: &[usize]) {
    let Some(template) = members.iter().find_map(|&m| spec.sites[m].disposals.first().cloned()) else {
        return;
    };
    for &m in members {
        let site = &mut spec.sites[m];
        let mut d = site.disposals.first().cloned().unwrap_or_else(|| template.clone());
        d.year = template.year;
        site.disposals = vec![d];
    }
}

fn build_disposal(horizon: usize, site: usize, k: usize, count: usize, d: &DisposalSpec) -> Disposal {
    let t = d.year.index(horizon);
    let weights: Vec<f64> = d.tranches.iter().map(|x| x.1).collect();
    let phasing = d
        .tranches
        .iter()
        .zip(fractions(&weights))
        .map(|(&(offset, _), fraction)| (offset % (horizon - t) as u32, fraction))
        .collect();
    let mut out = Disposal::new(format!("s{site}-d{k}"), format!("s{site}"), START + t as i32);
    // Two disposals of one site take at most half each, so the site's shares never exceed 1.
    out.share = d.share_weight / count as f64;
    out.cost_rate = d.cost_rate;
    out.fixed_cost = d.fixed_cost;
    out.probability = d.probability;
    out.agreed_price = d.agreed_price;
    out.phasing = phasing;
    out
}

fn build_rules(spec: &Spec) -> Vec<RetentionRule> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, r) in spec.rules.iter().enumerate() {
        let applies_to = match &r.target {
            Target::Organisation(o) => AppliesTo::Organisation(format!("o{}", o.index(spec.kinds.len()))),
            Target::Kind(k) => AppliesTo::Kind(*k),
        };
        if !seen.insert(applies_to.clone()) {
            continue;
        }
        out.push(RetentionRule {
            id: format!("r{i}"),
            name: format!("Rule {i}"),
            applies_to,
            retained_share: r.share,
            pot: format!("p{}", r.pot.index(spec.pots.len())),
            limit_per_disposal: r.limit,
        });
    }
    out
}

fn build_project(spec: &Spec, i: usize, p: &ProjectSpec) -> Project {
    let horizon = spec.horizon as usize;
    Project {
        id: format!("j{i}"),
        name: format!("Project {i}"),
        site: p.site.map(|s| format!("s{}", s.index(spec.sites.len()))),
        capex: p
            .capex
            .iter()
            .map(|(year, amount)| (START + year.index(horizon) as i32, *amount))
            .collect(),
        optimism_bias: p.optimism_bias,
        running_cost: p.running_cost,
        funding: p
            .sources
            .iter()
            .enumerate()
            .map(|(k, src)| match src {
                SourceSpec::Pot(pot, cap) => FundingSource::Pot {
                    pot: format!("p{}", pot.index(spec.pots.len())),
                    cap: *cap,
                },
                SourceSpec::Grant(amount) => FundingSource::Grant {
                    name: format!("Grant {k}"),
                    amount: *amount,
                },
            })
            .collect(),
        ..Default::default()
    }
}

fn build(mut spec: Spec) -> Scenario {
    let assemblies = place_assemblies(&mut spec);
    let horizon = spec.horizon as usize;
    let organisations = spec
        .kinds
        .iter()
        .enumerate()
        .map(|(i, &kind)| Organisation {
            id: format!("o{i}"),
            name: format!("Organisation {i}"),
            kind,
        })
        .collect();
    let pots = spec
        .pots
        .iter()
        .enumerate()
        .map(|(i, (opening_balance, annual_cap, limits))| Pot {
            id: format!("p{i}"),
            name: format!("Pot {i}"),
            opening_balance: *opening_balance,
            annual_cap: *annual_cap,
            spend_limits: spend_limits(spec.horizon, limits),
        })
        .collect();
    let sites = spec
        .sites
        .iter()
        .enumerate()
        .map(|(i, x)| Site {
            id: format!("s{i}"),
            name: format!("Site {i}"),
            owner: format!("o{}", x.owner.index(spec.kinds.len())),
            value: x.value,
            area_ha: x.area_ha,
            book_value: x.book_value,
            running_cost: x.running_cost,
            backlog: x.backlog,
            homes: x.homes,
            ..Default::default()
        })
        .collect();
    let disposals = spec
        .sites
        .iter()
        .enumerate()
        .flat_map(|(i, x)| {
            let count = x.disposals.len();
            x.disposals
                .iter()
                .enumerate()
                .map(move |(k, d)| build_disposal(horizon, i, k, count, d))
        })
        .collect();
    let retention_rules = build_rules(&spec);
    let projects = spec
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| build_project(&spec, i, p))
        .collect();
    Scenario {
        name: "Generated".to_owned(),
        start_fy: START,
        horizon: spec.horizon,
        land_growth: spec.land_growth,
        weight_by_probability: spec.weight_by_probability,
        discount: spec.discount,
        organisations,
        sites,
        disposals,
        assemblies: assemblies.into(),
        pots,
        retention_rules: retention_rules.into(),
        projects,
        ..Default::default()
    }
}

pub(crate) fn valid_scenario() -> impl Strategy<Value = Scenario> {
    spec().prop_map(build)
}

// ---------------------------------------------------------------------------
// Checks

/// Whether `a` equals `b` to within rounding of sums of figures up to `scale`.
pub(crate) fn near(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-6 + 1e-12 * scale.abs()
}

/// Computes a generated scenario after checking the generator made it valid.
fn run(s: &Scenario) -> Result<Report, TestCaseError> {
    let errors = validate(s);
    prop_assert!(errors.is_empty(), "generated scenario is invalid: {:#?}", errors);
    Ok(compute(s))
}

/// A scale for the tolerance: the largest amount a scenario could move in one year, summed.
pub(crate) fn scale_of(s: &Scenario) -> f64 {
    let sites: f64 = s.sites.iter().map(|x| x.value).sum();
    let agreed: f64 = s.disposals.iter().filter_map(|d| d.agreed_price).sum();
    let assemblies: f64 = s.assemblies.iter().filter_map(|a| a.combined_value).sum();
    let pots: f64 = s.pots.iter().map(|p| p.opening_balance).sum();
    let capex: f64 = s.projects.iter().flat_map(|p| p.capex.iter().map(|c| c.1 * 3.0)).sum();
    1.0 + 4.0 * (sites + agreed + assemblies) + pots + capex
}

/// A pot's spending profile from (year index, amount) pairs: each index folded
/// into the horizon, a year listed twice keeping its first amount (as validation requires).
fn spend_limits(horizon: u32, limits: &[(usize, f64)]) -> Vec<(i32, f64)> {
    let mut out: Vec<(i32, f64)> = Vec::new();
    for &(t, amount) in limits {
        let fy = START + (t % horizon as usize) as i32;
        if out.iter().all(|(y, _)| *y != fy) {
            out.push((fy, amount));
        }
    }
    out
}

/// The balance of each pot after the year's inflows, before projects draw, by pot then year.
fn after_inflows(s: &Scenario, r: &Report) -> Vec<Vec<f64>> {
    s.pots
        .iter()
        .map(|pot| {
            r.years
                .iter()
                .enumerate()
                .map(|(t, y)| {
                    let opening = if t == 0 {
                        pot.opening_balance
                    } else {
                        r.years[t - 1].flows.pot_closing[pot.id.as_str()]
                    };
                    opening + y.flows.retained[pot.id.as_str()]
                })
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn retained_plus_returned_equals_net_receipts_each_year(s in valid_scenario()) {
        let r = run(&s)?;
        let scale = scale_of(&s);
        for y in &r.years {
            let f = &y.flows;
            prop_assert!(
                near(f.retained_total() + f.returned_national, f.net_receipts, scale),
                "{}: retained {} + returned {} != net {}",
                y.label, f.retained_total(), f.returned_national, f.net_receipts
            );
        }
        // Every tranche lands inside the horizon, so over the horizon gross - costs = net,
        // and the disposal lines add up to the yearly totals.
        let t = &r.totals;
        prop_assert!(near(t.gross_receipts - t.disposal_costs, t.net_receipts, scale));
        let lines: f64 = r.disposals.iter().map(|d| d.net_receipt).sum();
        prop_assert!(near(lines, t.net_receipts, scale));
        prop_assert_eq!(r.years.len(), s.horizon as usize);
    }

    #[test]
    fn funding_plus_gap_equals_capex_each_year_and_for_each_project(s in valid_scenario()) {
        let r = run(&s)?;
        let scale = scale_of(&s);
        for y in &r.years {
            let f = &y.flows;
            prop_assert!(f.funded_from_pots >= 0.0 && f.funded_from_grants >= 0.0 && f.funding_gap >= 0.0);
            prop_assert!(
                near(f.funded_from_pots + f.funded_from_grants + f.funding_gap, f.capex, scale),
                "{}: pots {} + grants {} + gap {} != capex {}",
                y.label, f.funded_from_pots, f.funded_from_grants, f.funding_gap, f.capex
            );
        }
        for (p, line) in s.projects.iter().zip(&r.projects) {
            prop_assert!(near(line.funded_from_pots + line.funded_from_grants + line.funding_gap, line.capex, scale));
            let by_sources: f64 = line.sources.iter().map(|x| x.amount).sum();
            prop_assert!(near(by_sources, line.funded_from_pots + line.funded_from_grants, scale));
            // K = amount * (1 + optimism bias), summed over the capex years.
            let capex: f64 = p.capex.iter().map(|c| c.1 * (1.0 + p.optimism_bias)).sum();
            prop_assert!(near(line.capex, capex, scale));
            // No source gives more than its grant or its cap over the project's life.
            for (src, given) in p.funding.iter().zip(&line.sources) {
                let allowance = match src {
                    FundingSource::Grant { amount, .. } => *amount,
                    FundingSource::Pot { cap, .. } => cap.unwrap_or(f64::INFINITY),
                };
                prop_assert!(given.amount <= allowance + 1e-6, "{} gave {} over {}", given.name, given.amount, allowance);
            }
        }
    }

    #[test]
    fn pot_balances_follow_opening_plus_inflows_less_draws(s in valid_scenario()) {
        let r = run(&s)?;
        let scale = scale_of(&s);
        let after = after_inflows(&s, &r);
        for (t, y) in r.years.iter().enumerate() {
            // Across pots, a year's draws are what projects report as funded from pots.
            let drawn: f64 = s.pots.iter().enumerate().map(|(p, pot)| after[p][t] - y.flows.pot_closing[pot.id.as_str()]).sum();
            prop_assert!(near(drawn, y.flows.funded_from_pots, scale), "{}: drawn {} vs {}", y.label, drawn, y.flows.funded_from_pots);
            for (p, pot) in s.pots.iter().enumerate() {
                prop_assert!(after[p][t] - y.flows.pot_closing[pot.id.as_str()] >= -1e-6, "pot {} grew while drawn", pot.id);
            }
        }
        // Per pot over the horizon: closing = opening + retained - what the project lines drew from it.
        for pot in &s.pots {
            let drawn: f64 = r.projects.iter()
                .flat_map(|p| p.sources.iter())
                .filter(|x| x.kind == "pot" && x.name == pot.id)
                .map(|x| x.amount)
                .sum();
            let expected = pot.opening_balance + r.totals.retained[pot.id.as_str()] - drawn;
            prop_assert!(near(r.totals.pot_closing[pot.id.as_str()], expected, scale), "pot {}", pot.id);
        }
    }

    #[test]
    fn spending_limits_bound_each_years_draws_and_drawn_is_what_projects_took(s in valid_scenario()) {
        let r = run(&s)?;
        let scale = scale_of(&s);
        let after = after_inflows(&s, &r);
        for (t, y) in r.years.iter().enumerate() {
            let mut all_drawn = 0.0;
            for (p, pot) in s.pots.iter().enumerate() {
                let drawn = y.flows.drawn[pot.id.as_str()];
                all_drawn += drawn;
                // Closing = opening + inflows - drawn.
                prop_assert!(near(y.flows.pot_closing[pot.id.as_str()], after[p][t] - drawn, scale), "pot {} {}", pot.id, y.label);
                prop_assert!(drawn >= 0.0);
                if let Some(limit) = pot.spend_limit(y.fy) {
                    prop_assert!(drawn <= limit + 1e-6, "pot {} drew {} over its limit {} in {}", pot.id, drawn, limit, y.label);
                }
            }
            prop_assert!(near(all_drawn, y.flows.funded_from_pots, scale), "{}: drawn {} vs funded from pots {}", y.label, all_drawn, y.flows.funded_from_pots);
        }
        // Drawn over the horizon is what the project lines say they took from each pot.
        for pot in &s.pots {
            let from_lines: f64 = r.projects.iter()
                .flat_map(|p| p.sources.iter())
                .filter(|x| x.kind == "pot" && x.name == pot.id)
                .map(|x| x.amount)
                .sum();
            prop_assert!(near(r.totals.drawn[pot.id.as_str()], from_lines, scale), "pot {}", pot.id);
        }
    }

    #[test]
    fn no_pot_is_drawn_below_zero(s in valid_scenario()) {
        let r = run(&s)?;
        let after = after_inflows(&s, &r);
        for (p, pot) in s.pots.iter().enumerate() {
            for (t, y) in r.years.iter().enumerate() {
                let closing = y.flows.pot_closing[pot.id.as_str()];
                let before = after[p][t];
                // Draws stop at zero; a balance already at or below zero is not drawn at all.
                prop_assert!(closing >= before.min(0.0) - 1e-6, "pot {} {}: {} from {}", pot.id, y.label, closing, before);
                if before <= 0.0 {
                    prop_assert!(closing == before, "pot {} drawn at or below zero in {}", pot.id, y.label);
                }
            }
        }
    }

    #[test]
    fn marriage_value_shares_add_up_to_each_realised_assemblys_marriage_value(s in valid_scenario()) {
        let r = run(&s)?;
        let scale = scale_of(&s);
        let mut in_realised = HashSet::new();
        for a in &r.assemblies {
            if !a.realised {
                prop_assert_eq!(a.marriage_value_realised, 0.0);
                continue;
            }
            let shares: f64 = a.members.iter().map(|m| m.share).sum();
            prop_assert!((shares - 1.0).abs() < 1e-9, "{}: shares sum to {}", a.id, shares);
            let mv: f64 = a.members.iter().map(|m| m.marriage_value).sum();
            prop_assert!(near(mv, a.marriage_value, scale), "{}: {} vs {}", a.id, mv, a.marriage_value);
            prop_assert!(near(a.marriage_value, a.combined_value - a.separate_value, scale));
            let realised: f64 = a.members.iter().map(|m| m.marriage_value_realised).sum();
            prop_assert!(near(realised, a.marriage_value_realised, scale));
            in_realised.extend(a.members.iter().filter_map(|m| m.disposal));
        }
        // Only members of realised assemblies carry marriage value, and the years add it up.
        for d in &r.disposals {
            if !in_realised.contains(&d.index) {
                prop_assert_eq!(d.marriage_value, 0.0);
            }
        }
        let by_year: f64 = r.years.iter().map(|y| y.flows.marriage_value).sum();
        let by_assembly: f64 = r.assemblies.iter().map(|a| a.marriage_value_realised).sum();
        prop_assert!(near(by_year, by_assembly, scale));
    }

    #[test]
    fn risk_weighting_scales_receipts_linearly(s in valid_scenario(), p in 0.05..=1.0f64) {
        // Linearity must hold when nothing depends on the size of a receipt: no pot caps and no
        // per-disposal limits. Marriage value is weighted member by member, so it scales too.
        let mut s = s;
        for d in &mut s.disposals {
            d.probability = p;
        }
        for pot in &mut s.pots {
            pot.annual_cap = None;
        }
        for rule in &mut s.retention_rules {
            rule.limit_per_disposal = None;
        }
        s.weight_by_probability = false;
        let off = run(&s)?;
        s.weight_by_probability = true;
        let on = run(&s)?;
        let scale = scale_of(&s);
        for (a, b) in off.years.iter().zip(&on.years) {
            let (f, g) = (&a.flows, &b.flows);
            for (name, x, y) in [
                ("gross", f.gross_receipts, g.gross_receipts),
                ("costs", f.disposal_costs, g.disposal_costs),
                ("net", f.net_receipts, g.net_receipts),
                ("marriage value", f.marriage_value, g.marriage_value),
                ("returned", f.returned_national, g.returned_national),
            ] {
                prop_assert!(near(y, p * x, scale), "{} {}: {} vs {} * {}", a.label, name, y, p, x);
            }
            for (pot, x) in &f.retained {
                prop_assert!(near(g.retained[pot], p * x, scale), "{} retained in {}", a.label, pot);
            }
            // What is not a receipt is not weighted.
            prop_assert_eq!(f.running_cost_savings, g.running_cost_savings);
            prop_assert_eq!(f.backlog_avoided, g.backlog_avoided);
            prop_assert_eq!(f.homes, g.homes);
            prop_assert_eq!(f.capex, g.capex);
        }
    }
}

// ---------------------------------------------------------------------------
// The engine never panics, even on scenarios that fail validation (the app
// shows an invalid scenario's problems while it is being edited).

#[derive(Debug, Clone)]
enum Corruption {
    MissingSite(Index),
    MissingOwner(Index),
    MissingPot(Index),
    MissingRulePot(Index),
    YearOutside(Index, i32),
    CapexOutside(Index, i32),
    Horizon(u32),
    NotFinite(Index, u8),
    Negative(Index, f64),
    EmptyPhasing(Index),
    WrongFixedSplit(Index),
    AssemblyOfOne(Index),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        any::<Index>().prop_map(Corruption::MissingSite),
        any::<Index>().prop_map(Corruption::MissingOwner),
        any::<Index>().prop_map(Corruption::MissingPot),
        any::<Index>().prop_map(Corruption::MissingRulePot),
        (any::<Index>(), -30i32..90).prop_map(|(i, fy)| Corruption::YearOutside(i, fy)),
        (any::<Index>(), -30i32..90).prop_map(|(i, fy)| Corruption::CapexOutside(i, fy)),
        (0u32..=70).prop_map(Corruption::Horizon),
        (any::<Index>(), 0u8..6).prop_map(|(i, k)| Corruption::NotFinite(i, k)),
        (any::<Index>(), -1e7..0.0f64).prop_map(|(i, x)| Corruption::Negative(i, x)),
        any::<Index>().prop_map(Corruption::EmptyPhasing),
        any::<Index>().prop_map(Corruption::WrongFixedSplit),
        any::<Index>().prop_map(Corruption::AssemblyOfOne),
    ]
}

fn not_finite(k: u8) -> f64 {
    [f64::NAN, f64::INFINITY, f64::NEG_INFINITY][usize::from(k % 3)]
}

fn corrupt(s: &mut Scenario, c: &Corruption) {
    match c {
        Corruption::MissingSite(i) if !s.disposals.is_empty() => {
            let n = s.disposals.len();
            s.disposals[i.index(n)].site = "gone".into();
        }
        Corruption::MissingOwner(i) => {
            let n = s.sites.len();
            s.sites[i.index(n)].owner = "gone".into();
        }
        Corruption::MissingPot(i) if !s.projects.is_empty() => {
            let n = s.projects.len();
            s.projects[i.index(n)].funding.push(FundingSource::Pot {
                pot: "gone".into(),
                cap: None,
            });
        }
        Corruption::MissingRulePot(i) if !s.retention_rules.is_empty() => {
            let n = s.retention_rules.len();
            s.retention_rules[i.index(n)].pot = "gone".into();
        }
        Corruption::YearOutside(i, fy) if !s.disposals.is_empty() => {
            let n = s.disposals.len();
            s.disposals[i.index(n)].fy = START + fy;
        }
        Corruption::CapexOutside(i, fy) if !s.projects.is_empty() => {
            let n = s.projects.len();
            s.projects[i.index(n)].capex.push((START + fy, 1_000_000.0));
        }
        Corruption::Horizon(h) => s.horizon = *h,
        Corruption::NotFinite(i, k) => {
            let x = not_finite(*k);
            let n = s.sites.len();
            match k % 6 {
                0 => s.sites[i.index(n)].value = x,
                1 => s.land_growth = x,
                2 => s.discount = Discount::Flat(x),
                3 => s.pots[0].opening_balance = x,
                4 => s.disposals.iter_mut().for_each(|d| d.probability = x),
                _ => s.disposals.iter_mut().for_each(|d| d.phasing = vec![(0, x)]),
            }
        }
        Corruption::Negative(i, x) => {
            let n = s.sites.len();
            s.sites[i.index(n)].value = *x;
            s.disposals.iter_mut().for_each(|d| d.share = -d.share);
        }
        Corruption::EmptyPhasing(i) if !s.disposals.is_empty() => {
            let n = s.disposals.len();
            s.disposals[i.index(n)].phasing.clear();
        }
        Corruption::WrongFixedSplit(i) if !s.assemblies.is_empty() => {
            let n = s.assemblies.len();
            s.assemblies[i.index(n)].split = Split::Fixed(vec![2.0]);
        }
        Corruption::AssemblyOfOne(i) if !s.assemblies.is_empty() => {
            let n = s.assemblies.len();
            s.assemblies[i.index(n)].members.truncate(1);
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_engine_never_panics_even_on_invalid_scenarios(s in valid_scenario(), cs in vec(corruption(), 1..=4)) {
        let mut s = s;
        for c in &cs {
            corrupt(&mut s, c);
        }
        let r = compute(&s);
        // An over-long horizon runs on the longest valid one, so a corrupt file cannot exhaust memory.
        prop_assert_eq!(r.years.len(), s.horizon.min(MAX_HORIZON) as usize);
        // Validation names a problem for every corruption that breaks a rule; it must not panic either.
        let _ = validate(&s);
    }
}
