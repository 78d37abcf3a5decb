//! The receipts engine: a pure function from a scenario to its results.
//!
//! Each rule of `MODEL.md` is one function below, named after the rule, so a
//! reviewer can set the contract and the code side by side. The engine trusts
//! that the scenario passed validation; on an invalid one it never panics but
//! skips what it cannot resolve (a missing site, an unknown pot).
//!
//! The work is done in three steps so that the Monte Carlo (`risk.rs`) can run
//! the very same rules thousands of times: [`Engine::new`] resolves every id
//! once; [`Engine::run`] applies the rules to a [`Case`] (the scenario as
//! written, or a draw that drops, delays or revalues disposals and scales
//! capex) with numbers only; [`Engine::report`] names the results and raises
//! the warnings. [`compute`] is the three in a row.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::format::money;
use crate::model::{
    AppliesTo, Assembly, Discount, Disposal, FundingSource, OrgKind, Project, RetentionRule, Scenario, Site, Split,
};
use crate::problem::{ItemKind, ItemRef, Problem};
use crate::report::{AssemblyLine, AssemblyMember, DisposalLine, Flows, Npv, ProjectLine, Report, SourceLine, YearRow};

/// Councils may fund disposal costs from the receipt only up to 4% (capital finance regulations).
pub const COUNCIL_COST_RATE_LIMIT: f64 = 0.04;
/// At or below £10,000 a council disposal is not a capital receipt (de minimis).
pub const COUNCIL_DE_MINIMIS: f64 = 10_000.0;

/// Runs the whole model (MODEL.md sections 1-8).
pub fn compute(s: &Scenario) -> Report {
    // The app computes unvalidated scenarios too, and the engine allocates per
    // year: a file claiming billions of years runs on the longest valid horizon.
    if s.horizon > crate::validate::MAX_HORIZON {
        return compute(&Scenario {
            horizon: crate::validate::MAX_HORIZON,
            ..s.clone()
        });
    }
    let engine = Engine::new(s);
    let case = Case::as_written(s);
    let outcome = engine.run(&case);
    engine.report(&case, &outcome)
}

// ---------------------------------------------------------------------------
// Section 1 and 7: time and discounting

/// FY label: FY 2026 is `2026/27`.
pub fn fy_label(fy: impl Into<i64>) -> String {
    let fy = fy.into();
    format!("{}/{:02}", fy, (fy + 1).rem_euclid(100))
}

/// Real land value growth index `(1 + g)^t`.
pub fn growth_factor(land_growth: f64, t: usize) -> f64 {
    (1.0 + land_growth).powi(t as i32)
}

/// Discount factor for year index `t` (year 0 is the price base, factor 1).
/// Green Book: 3.5% for years 1-30, then 3.0%.
pub fn discount_factor(discount: Discount, t: usize) -> f64 {
    match discount {
        Discount::GreenBook => {
            let early = t.min(30) as i32;
            let late = t.saturating_sub(30) as i32;
            1.0 / (1.035f64.powi(early) * 1.03f64.powi(late))
        }
        Discount::Flat(rate) => 1.0 / (1.0 + rate).powi(t as i32),
    }
}

// ---------------------------------------------------------------------------
// Cases: the inputs a run may take differently from the scenario as written.

/// What one run takes as its disposals' fate and its projects' capex. The
/// scenario as written is [`Case::as_written`]; a Monte Carlo draw or a
/// sensitivity test changes some entries. [`Case::applied_to`] spells out the
/// scenario a case stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// One entry per scenario disposal, in scenario order.
    pub disposals: Vec<DisposalCase>,
    /// Multiplier of each project's capex amounts, one per project in scenario order.
    pub capex_factor: Vec<f64>,
    /// Whether receipts are weighted by each disposal's probability.
    pub weight_by_probability: bool,
    /// Multiplier of every pot's spending limits (the sensitivity test of the capital budget).
    pub spend_limit_factor: f64,
}

/// One disposal's fate in a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DisposalCase {
    /// When false the disposal is left out, as if it were not in the scenario.
    pub goes_ahead: bool,
    /// The disposal year; a year outside the horizon counts nothing, and a
    /// tranche falling after the horizon is not counted.
    pub fy: i32,
    /// Multiplier of the base value `B` (the agreed price, or value times share).
    pub value_factor: f64,
}

impl Case {
    /// The scenario's own inputs.
    pub fn as_written(s: &Scenario) -> Self {
        Case {
            disposals: s
                .disposals
                .iter()
                .map(|d| DisposalCase {
                    goes_ahead: true,
                    fy: d.fy,
                    value_factor: 1.0,
                })
                .collect(),
            capex_factor: vec![1.0; s.projects.len()],
            weight_by_probability: s.weight_by_probability,
            spend_limit_factor: 1.0,
        }
    }

    /// The scenario this case stands for: disposals that do not go ahead
    /// removed, the others moved to their year and, when revalued, given an
    /// agreed price of `B` times the factor; capex amounts scaled. Running the
    /// engine on the case gives the same figures as `compute` on this scenario.
    pub fn applied_to(&self, s: &Scenario) -> Scenario {
        let values: HashMap<&str, f64> = s.sites.iter().map(|x| (x.id.as_str(), x.value)).collect();
        let mut out = s.clone();
        out.weight_by_probability = self.weight_by_probability;
        out.disposals = s
            .disposals
            .iter()
            .zip(&self.disposals)
            .filter(|(_, c)| c.goes_ahead)
            .map(|(d, c)| {
                let mut d = d.clone();
                if c.value_factor != 1.0 {
                    let value = values.get(d.site.as_str()).copied().unwrap_or(0.0);
                    d.agreed_price = Some(base_value(value, &d) * c.value_factor);
                }
                d.fy = c.fy;
                d
            })
            .collect();
        for (p, factor) in out.projects.iter_mut().zip(&self.capex_factor) {
            for (_, amount) in &mut p.capex {
                *amount *= factor;
            }
        }
        if self.spend_limit_factor != 1.0 {
            for pot in &mut out.pots {
                for (_, amount) in &mut pot.spend_limits {
                    *amount *= self.spend_limit_factor;
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Lookups built once per scenario, so a run is linear in the scenario's size.

struct Ids<'a> {
    s: &'a Scenario,
    sites: FxHashMap<&'a str, usize>,
    orgs: FxHashMap<&'a str, usize>,
    pots: FxHashMap<&'a str, usize>,
    /// The retention rule of each organisation, found once rather than per disposal.
    org_rules: Vec<Option<usize>>,
}

impl<'a> Ids<'a> {
    fn new(s: &'a Scenario) -> Self {
        let index = |ids: Vec<&'a str>| ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
        let mut ids = Ids {
            s,
            sites: index(s.sites.iter().map(|x| x.id.as_str()).collect()),
            orgs: index(s.organisations.iter().map(|x| x.id.as_str()).collect()),
            pots: index(s.pots.iter().map(|x| x.id.as_str()).collect()),
            org_rules: Vec::new(),
        };
        ids.org_rules = s
            .organisations
            .iter()
            .map(|o| matching_rule(&s.retention_rules, &o.id, ids.owner_kind(&o.id)))
            .collect();
        ids
    }

    fn owner_kind(&self, org_id: &str) -> Option<OrgKind> {
        self.orgs.get(org_id).map(|&i| self.s.organisations[i].kind)
    }

    /// [`matching_rule`] for an owner, from the cache when the owner is a known organisation.
    fn rule_of(&self, owner: &str) -> Option<usize> {
        match self.orgs.get(owner) {
            Some(&i) => self.org_rules[i],
            None => matching_rule(&self.s.retention_rules, owner, self.owner_kind(owner)),
        }
    }

    /// Year index of a financial year, if it lies inside the horizon.
    fn year(&self, fy: i32) -> Option<usize> {
        let t = self.s.year_index(fy);
        self.s.in_horizon(t).then_some(t as usize)
    }
}

/// A scenario with its ids resolved, ready to run any number of cases.
pub struct Engine<'a> {
    ids: Ids<'a>,
    /// What a run needs of each disposal, in scenario order.
    disposals: Vec<Resolved>,
    /// Every disposal's tranches `(offset, fraction)`, one after another.
    tranches: Vec<(usize, f64)>,
    /// Every disposal of each member site, by assembly then member.
    member_disposals: Vec<Vec<Vec<usize>>>,
    /// Where each project's sources start in the flat per-source arrays (one extra entry at the end).
    source_start: Vec<usize>,
    /// The pot index of each funding source that is a known pot.
    source_pot: Vec<Option<usize>>,
    /// What each source can give over its project's life.
    allowance: Vec<f64>,
    /// The projects with capex in each year index, in scenario order.
    capex_by_year: Vec<Vec<usize>>,
    /// Each pot's spending limit by year index, infinite where the profile sets none.
    spend_limits: Vec<Vec<f64>>,
    /// New facilities' running costs by year index (no case changes them).
    new_running_costs: Vec<f64>,
    /// `(1 + g)^t` by year index.
    growth: Vec<f64>,
    /// Discount factor by year index.
    discount: Vec<f64>,
    /// Pot indices in id order, the order in which the report's per-pot maps are summed.
    pots_in_id_order: Vec<usize>,
}

/// What a run reads of one disposal, resolved once and kept together so that
/// a run over thousands of disposals streams through one compact list.
struct Resolved {
    site: Option<usize>,
    /// `B` as written: the agreed price, or the site's value times the share.
    base: f64,
    /// The site's book value, backlog, homes and running cost times the share.
    book_value: f64,
    backlog: f64,
    homes: f64,
    running_cost: f64,
    /// The matching retention rule's index and its pot's index.
    retention: Option<(usize, usize)>,
    probability: f64,
    cost_rate: f64,
    fixed_cost: f64,
    /// Its phasing in `Engine::tranches`.
    tranches: Range<usize>,
}

impl<'a> Engine<'a> {
    pub fn new(s: &'a Scenario) -> Self {
        let ids = Ids::new(s);
        let mut tranches = Vec::new();
        let disposals: Vec<Resolved> = s.disposals.iter().map(|d| resolve(&ids, d, &mut tranches)).collect();
        let member_disposals = member_disposals(&ids, &disposals);
        let mut source_start = vec![0];
        let mut source_pot = Vec::new();
        for p in &s.projects {
            source_pot.extend(p.funding.iter().map(|src| match src {
                FundingSource::Pot { pot, .. } => ids.pots.get(pot.as_str()).copied(),
                FundingSource::Grant { .. } => None,
            }));
            source_start.push(source_pot.len());
        }
        let horizon = s.horizon as usize;
        // A later pot with the same id replaces an earlier one in a map, so the last index is kept.
        let by_id: BTreeMap<&str, usize> = s.pots.iter().enumerate().map(|(p, x)| (x.id.as_str(), p)).collect();
        Engine {
            disposals,
            tranches,
            member_disposals,
            source_start,
            source_pot,
            allowance: s
                .projects
                .iter()
                .flat_map(|p| p.funding.iter().map(source_allowance))
                .collect(),
            capex_by_year: capex_by_year(s),
            spend_limits: s.pots.iter().map(|pot| spend_limits_by_year(s, pot)).collect(),
            new_running_costs: new_running_costs(s),
            growth: (0..horizon).map(|t| growth_factor(s.land_growth, t)).collect(),
            discount: (0..horizon).map(|t| discount_factor(s.discount, t)).collect(),
            pots_in_id_order: by_id.into_values().collect(),
            ids,
        }
    }

    pub fn scenario(&self) -> &'a Scenario {
        self.ids.s
    }

    /// Applies MODEL.md sections 3-7 to a case, with numbers only.
    pub fn run(&self, case: &Case) -> Outcome {
        let mut outcome = Outcome::default();
        self.run_into(case, &mut outcome);
        outcome
    }

    /// [`Engine::run`] into an outcome whose buffers are reused, so that a
    /// Monte Carlo running thousands of cases does not allocate for each.
    pub fn run_into(&self, case: &Case, o: &mut Outcome) {
        let s = self.ids.s;
        o.reset(s, self.allowance.len());
        self.assess_assemblies(case, o);
        for (i, c) in case.disposals.iter().enumerate().take(s.disposals.len()) {
            if let Some(f) = self.evaluate_disposal(case, i, c, o.marriage[i]) {
                self.book_disposal(&f, o);
            }
        }
        for (row, (saving, new_running)) in o.years.iter_mut().zip(o.savings.iter().zip(&self.new_running_costs)) {
            row.running_cost_savings = *saving;
            row.new_running_costs = *new_running;
        }
        apply_pot_caps(s, o);
        self.fund_projects(case, o);
        o.npv = self.npv_of(o);
        o.retained_total = self
            .pots_in_id_order
            .iter()
            .map(|&p| o.retained[p].iter().fold(0.0, |sum, x| sum + x))
            .sum();
    }

    /// Names a run's results and raises the warnings a finance officer would want.
    pub fn report(&self, case: &Case, o: &Outcome) -> Report {
        let s = self.ids.s;
        let mut warnings = Vec::new();
        let assemblies: Vec<AssemblyLine> = s
            .assemblies
            .iter()
            .zip(&o.assemblies.outcomes)
            .enumerate()
            .map(|(i, (a, outcome))| self.assembly_line(i, a, outcome, &o.assemblies.members, &mut warnings))
            .collect();
        // The same evaluation as the run's, so the lines add up to its flows.
        let mut disposals: Vec<DisposalLine> = Vec::with_capacity(s.disposals.len());
        disposals.extend(
            case.disposals
                .iter()
                .enumerate()
                .take(s.disposals.len())
                .filter_map(|(i, c)| self.evaluate_disposal(case, i, c, o.marriage[i]))
                .map(|f| self.disposal_line(&f)),
        );
        for line in &disposals {
            self.warn_disposal(case, line, &s.disposals[line.index], &mut warnings);
        }
        let owners = disposals.iter().map(|line| self.owner_of(line.index));
        warn_unmatched_owners(&self.ids, owners, &mut warnings);
        let projects = self.project_lines(o);
        warn_funding_gaps(s, &projects, &mut warnings);
        warn_spend_limits_binding(s, o, &projects, &mut warnings);

        let assemblies = index_assembly_lines(assemblies, &disposals);
        let years = year_rows(s, o);
        let totals = total_of(&years);
        Report {
            scenario: s.name.clone(),
            start_fy: s.start_fy,
            years,
            totals,
            npv: o.npv.clone(),
            disposals,
            projects,
            assemblies,
            warnings,
        }
    }
}

/// Every disposal of each member site, by assembly then member, in scenario
/// order. Found through one sorted list of (site, disposal) rather than a
/// list per site, which at London scale would be thousands of allocations.
fn member_disposals(ids: &Ids, disposals: &[Resolved]) -> Vec<Vec<Vec<usize>>> {
    let mut by_site: Vec<(usize, usize)> = disposals
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.site.map(|k| (k, i)))
        .collect();
    by_site.sort_unstable();
    let of_site = |member: &str| -> Vec<usize> {
        let Some(&k) = ids.sites.get(member) else {
            return Vec::new();
        };
        let start = by_site.partition_point(|&(site, _)| site < k);
        by_site[start..]
            .iter()
            .take_while(|&&(site, _)| site == k)
            .map(|&(_, i)| i)
            .collect()
    };
    ids.s
        .assemblies
        .iter()
        .map(|a| a.members.iter().map(|m| of_site(m)).collect())
        .collect()
}

/// Resolves a disposal's site and retention rule, its share of the site's
/// figures, and appends its phasing to `tranches`.
fn resolve(ids: &Ids, d: &Disposal, tranches: &mut Vec<(usize, f64)>) -> Resolved {
    let s = ids.s;
    let site_index = ids.sites.get(d.site.as_str()).copied();
    let site = site_index.map(|k| &s.sites[k]);
    let per_share = |f: fn(&Site) -> f64| site.map_or(0.0, |x| f(x) * d.share);
    let retention = site.and_then(|x| {
        let rule = ids.rule_of(&x.owner)?;
        let pot = *ids.pots.get(s.retention_rules[rule].pot.as_str())?;
        Some((rule, pot))
    });
    Resolved {
        site: site_index,
        base: base_value(site.map_or(0.0, |x| x.value), d),
        book_value: per_share(|x| x.book_value),
        backlog: per_share(|x| x.backlog),
        homes: per_share(|x| x.homes),
        running_cost: per_share(|x| x.running_cost),
        retention,
        probability: d.probability,
        cost_rate: d.cost_rate,
        fixed_cost: d.fixed_cost,
        tranches: {
            let start = tranches.len();
            tranches.extend(d.phasing.iter().map(|&(offset, fraction)| (offset as usize, fraction)));
            start..tranches.len()
        },
    }
}

/// A run's results as numbers, indexed like the scenario.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Flows by year index; their per-pot maps are empty (see `retained` and `closing`).
    pub years: Vec<Flows>,
    /// Retained inflow after annual caps, by pot index then year index.
    pub retained: Vec<Vec<f64>>,
    /// Pot closing balances, by pot index then year index.
    pub closing: Vec<Vec<f64>>,
    /// Drawn by projects, by pot index then year index.
    pub drawn: Vec<Vec<f64>>,
    /// Spending limit left after the year's draws, by pot index then year
    /// index; infinite in a year without a limit.
    pub limit_left: Vec<Vec<f64>>,
    pub npv: Npv,
    /// Each project's funding over the horizon, in scenario order.
    pub projects: Vec<ProjectTally>,
    retained_total: f64,
    /// Amount drawn from each funding source, flat like `Engine::source_pot`.
    by_source: Vec<f64>,
    /// `(project, year index, gap)` for each year a project had capex to fund, in funding order.
    gaps: Vec<(usize, usize, f64)>,
    /// Every non-zero draw on a funding source, in funding order (what explanations itemise).
    draws: Vec<SourceDraw>,
    /// Each disposal's marriage value at price base (0 outside a realised assembly).
    marriage: Vec<f64>,
    assemblies: Assessed,
    // Working buffers, kept only so the next run can reuse them.
    savings: Vec<f64>,
    left: Vec<f64>,
    balance: Vec<f64>,
    taken: Vec<(usize, f64)>,
    scratch: Scratch,
}

impl Outcome {
    /// Retained receipts over the horizon, summed exactly as the report's `totals.retained_total()`.
    pub fn retained_total(&self) -> f64 {
        self.retained_total
    }

    /// Every non-zero draw a project made on one of its funding sources, in funding order.
    pub fn draws(&self) -> &[SourceDraw] {
        &self.draws
    }

    /// A flow summed over the horizon, exactly as in the report's totals.
    pub fn total(&self, flow: impl Fn(&Flows) -> f64) -> f64 {
        self.years.iter().fold(0.0, |sum, f| sum + flow(f))
    }

    /// Empties every figure, keeping the buffers.
    fn reset(&mut self, s: &Scenario, sources: usize) {
        let horizon = s.horizon as usize;
        let per_pot = |v: &mut Vec<Vec<f64>>| {
            v.resize_with(s.pots.len(), Vec::new);
            for pot in v.iter_mut() {
                zeroed(pot, horizon);
            }
        };
        self.years.clear();
        self.years.resize(horizon, Flows::default());
        per_pot(&mut self.retained);
        per_pot(&mut self.closing);
        per_pot(&mut self.drawn);
        per_pot(&mut self.limit_left);
        self.projects.clear();
        self.projects.resize(s.projects.len(), ProjectTally::default());
        zeroed(&mut self.by_source, sources);
        self.gaps.clear();
        self.draws.clear();
        zeroed(&mut self.marriage, s.disposals.len());
        self.assemblies.outcomes.clear();
        self.assemblies.members.clear();
        zeroed(&mut self.savings, horizon);
    }
}

/// `len` zeros in a reused buffer.
fn zeroed(v: &mut Vec<f64>, len: usize) {
    v.clear();
    v.resize(len, 0.0);
}

// ---------------------------------------------------------------------------
// Section 3: disposals

/// Base value `B`: the agreed price if given, else `value * share`.
pub fn base_value(site_value: f64, d: &Disposal) -> f64 {
    d.agreed_price.unwrap_or(site_value * d.share)
}

/// Gross, cost and net of one disposal before risk weighting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Receipt {
    pub gross: f64,
    pub cost: f64,
    pub net: f64,
}

/// `G = (B + M)(1 + g)^t`, `C = cost_rate * G + fixed_cost`, `N = G - C`.
pub fn disposal_receipt(base: f64, marriage: f64, growth: f64, d: &Disposal) -> Receipt {
    receipt(base, marriage, growth, d.cost_rate, d.fixed_cost)
}

fn receipt(base: f64, marriage: f64, growth: f64, cost_rate: f64, fixed_cost: f64) -> Receipt {
    let gross = (base + marriage) * growth;
    let cost = cost_rate * gross + fixed_cost;
    Receipt {
        gross,
        cost,
        net: gross - cost,
    }
}

/// Risk weighting: when on, gross, cost and net are all scaled by the probability.
pub fn risk_weight(weight_by_probability: bool, probability: f64) -> f64 {
    if weight_by_probability {
        probability
    } else {
        1.0
    }
}

/// One disposal's figures in a run (risk-weighted when the case says so).
#[derive(Debug, Clone, PartialEq)]
struct DisposalFigures {
    index: usize,
    site: usize,
    fy: i32,
    t: usize,
    base: f64,
    gross: f64,
    cost: f64,
    net: f64,
    profit: f64,
    marriage: f64,
    /// The fraction of the net receipt retained (before any pot cap).
    fraction: f64,
    retained: f64,
    returned: f64,
}

impl Engine<'_> {
    /// `B` in a case: the scenario's base value times the case's value factor.
    fn base(&self, case: &Case, i: usize) -> f64 {
        let factor = case.disposals.get(i).map_or(1.0, |c| c.value_factor);
        self.disposals[i].base * factor
    }

    /// A disposal's figures, or `None` when it does not go ahead, its site is
    /// unknown or its year is outside the horizon. Always inlined, so that a
    /// run computes only the figures it books.
    #[inline(always)]
    fn evaluate_disposal(&self, case: &Case, index: usize, c: &DisposalCase, marriage: f64) -> Option<DisposalFigures> {
        if !c.goes_ahead {
            return None;
        }
        let r = &self.disposals[index];
        let site = r.site?;
        let t = self.ids.year(c.fy)?;
        let base = self.base(case, index);
        let growth = self.growth[t];
        let w = risk_weight(case.weight_by_probability, r.probability);
        let receipt = receipt(base, marriage, growth, r.cost_rate, r.fixed_cost);
        let (gross, cost, net) = (receipt.gross * w, receipt.cost * w, receipt.net * w);
        let fraction = r.retention.map_or(0.0, |(rule, _)| {
            retained_fraction(&self.ids.s.retention_rules[rule], net)
        });
        let retained = net * fraction;
        Some(DisposalFigures {
            index,
            site,
            fy: c.fy,
            t,
            base,
            gross,
            cost,
            net,
            profit: gross - cost - r.book_value,
            marriage: marriage * growth * w,
            fraction,
            retained,
            returned: net - retained,
        })
    }

    /// Books one disposal's flows: gross, cost and marriage value in the disposal
    /// year; net receipts, retention and returns by tranche; savings, backlog and homes.
    fn book_disposal(&self, f: &DisposalFigures, o: &mut Outcome) {
        let r = &self.disposals[f.index];
        let row = &mut o.years[f.t];
        row.gross_receipts += f.gross;
        row.disposal_costs += f.cost;
        row.marriage_value += f.marriage;
        // Site benefits are not risk-weighted: savings every year after the
        // disposal year, backlog avoided and homes enabled in it.
        row.backlog_avoided += r.backlog;
        row.homes += r.homes;
        for year in &mut o.savings[f.t + 1..] {
            *year += r.running_cost;
        }
        for &(offset, share) in &self.tranches[r.tranches.clone()] {
            let year = f.t + offset;
            if year >= o.years.len() {
                continue;
            }
            let tranche = f.net * share;
            o.years[year].net_receipts += tranche;
            let kept = tranche * f.fraction;
            if let Some((_, p)) = r.retention {
                o.retained[p][year] += kept;
            }
            o.years[year].returned_national += tranche - kept;
        }
    }

    fn disposal_line(&self, f: &DisposalFigures) -> DisposalLine {
        let s = self.ids.s;
        let d = &s.disposals[f.index];
        DisposalLine {
            index: f.index,
            id: d.id.clone(),
            site: d.site.clone(),
            fy: f.fy,
            base_value: f.base,
            gross_receipt: f.gross,
            disposal_cost: f.cost,
            net_receipt: f.net,
            profit_on_disposal: f.profit,
            marriage_value: f.marriage,
            retained: f.retained,
            returned_national: f.returned,
        }
    }

    /// The owner of a disposal's site ("" when the site is unknown).
    fn owner_of(&self, disposal: usize) -> &str {
        let s = self.ids.s;
        self.disposals[disposal].site.map_or("", |k| s.sites[k].owner.as_str())
    }

    /// The item a disposal's warnings name: its id, and its site's name.
    fn disposal_ref(&self, line: &DisposalLine) -> ItemRef {
        let s = self.ids.s;
        ItemRef {
            kind: ItemKind::Disposal,
            index: line.index,
            id: line.id.clone(),
            name: self.disposals[line.index]
                .site
                .map_or_else(String::new, |k| s.sites[k].name.clone()),
        }
    }

    fn warn_disposal(&self, case: &Case, line: &DisposalLine, d: &Disposal, warnings: &mut Vec<Problem>) {
        // Built only for a warning: most disposals have none.
        let item = || self.disposal_ref(line);
        if line.net_receipt < 0.0 {
            warnings.push(Problem::warning(
                item(),
                "fixed_cost",
                format!(
                    "net receipt is negative ({}): costs exceed the gross receipt",
                    money(line.net_receipt)
                ),
            ));
        }
        if self.ids.owner_kind(self.owner_of(line.index)) != Some(OrgKind::Council) {
            return;
        }
        if d.cost_rate > COUNCIL_COST_RATE_LIMIT {
            warnings.push(Problem::warning(
                item(),
                "cost_rate",
                format!(
                    "council disposal costs of {:.1}% exceed the 4% that may be funded from the receipt",
                    d.cost_rate * 100.0
                ),
            ));
        }
        // The de minimis concerns the transaction itself, so it is tested before risk weighting.
        let w = risk_weight(case.weight_by_probability, d.probability);
        let unweighted_gross = if w > 0.0 {
            line.gross_receipt / w
        } else {
            line.gross_receipt
        };
        if unweighted_gross <= COUNCIL_DE_MINIMIS {
            warnings.push(Problem::warning(
                item(),
                "value",
                "council receipt of £10,000 or less is below the de minimis and is not a capital receipt",
            ));
        }
    }
}

// ---------------------------------------------------------------------------
// Section 4: marriage value

/// An assembly's fate in one run.
#[derive(Debug, Clone, PartialEq)]
enum AssemblyOutcome {
    Disabled,
    NotRealised(Shortfall),
    Realised(Joint),
}

/// Why an enabled assembly is not realised.
#[derive(Debug, Clone, PartialEq)]
enum Shortfall {
    /// The member (by position) has no disposal.
    NoDisposal(usize),
    /// The member (by position) has this many disposals.
    Several(usize, usize),
    /// A member's disposal falls in a different year from the first member's.
    OutOfStep { disposal: usize, fy: i32, first_fy: i32 },
}

/// A realised assembly's values at price base.
#[derive(Debug, Clone, PartialEq)]
struct Joint {
    fy: i32,
    separate: f64,
    combined: f64,
    marriage: f64,
    /// The split fell back to equal shares because its basis summed to zero.
    equal_fallback: bool,
    /// Where its members are in the run's list of realised members.
    members: Range<usize>,
}

/// A realised assembly's member.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Member {
    disposal: usize,
    base: f64,
    share: f64,
}

/// Every assembly's fate in a run, with all realised members in one list
/// (one allocation a run rather than several an assembly).
#[derive(Debug, Clone, PartialEq, Default)]
struct Assessed {
    outcomes: Vec<AssemblyOutcome>,
    members: Vec<Member>,
}

/// Buffers reused from one assembly to the next.
#[derive(Debug, Clone, Default)]
struct Scratch {
    disposals: Vec<usize>,
    bases: Vec<f64>,
    areas: Vec<f64>,
    shares: Vec<f64>,
}

impl Engine<'_> {
    /// Assembly outcomes, and each disposal's (unindexed) marriage value by disposal index.
    fn assess_assemblies(&self, case: &Case, o: &mut Outcome) {
        let assessed = &mut o.assemblies;
        for (a, of_members) in self.ids.s.assemblies.iter().zip(&self.member_disposals) {
            let outcome = self.assess_assembly(case, a, of_members, &mut o.scratch, &mut assessed.members);
            if let AssemblyOutcome::Realised(joint) = &outcome {
                for m in &assessed.members[joint.members.clone()] {
                    o.marriage[m.disposal] = joint.marriage * m.share;
                }
            }
            assessed.outcomes.push(outcome);
        }
    }

    fn assess_assembly(
        &self,
        case: &Case,
        a: &Assembly,
        of_members: &[Vec<usize>],
        scratch: &mut Scratch,
        members: &mut Vec<Member>,
    ) -> AssemblyOutcome {
        if !a.enabled {
            return AssemblyOutcome::Disabled;
        }
        if let Err(why) = realised_members(case, of_members, &mut scratch.disposals) {
            return AssemblyOutcome::NotRealised(why);
        }
        scratch.bases.clear();
        scratch
            .bases
            .extend(scratch.disposals.iter().map(|&di| self.base(case, di)));
        let separate: f64 = scratch.bases.iter().sum();
        let combined = combined_value(a, separate);
        let equal_fallback = !self.marriage_shares(a, scratch);
        if equal_fallback {
            let n = scratch.bases.len();
            scratch.shares.clear();
            scratch.shares.resize(n, 1.0 / n as f64);
        }
        let start = members.len();
        members.extend(
            scratch
                .disposals
                .iter()
                .zip(scratch.bases.iter().zip(&scratch.shares))
                .map(|(&disposal, (&base, &share))| Member { disposal, base, share }),
        );
        AssemblyOutcome::Realised(Joint {
            fy: case.disposals.get(scratch.disposals[0]).map_or(0, |c| c.fy),
            separate,
            combined,
            marriage: combined - separate,
            equal_fallback,
            members: start..members.len(),
        })
    }

    /// Fills `scratch.shares` with the split rule's shares `s_i`; false when a pro-rata basis sums to zero.
    fn marriage_shares(&self, a: &Assembly, scratch: &mut Scratch) -> bool {
        let s = self.ids.s;
        scratch.areas.clear();
        scratch.areas.extend(
            scratch
                .disposals
                .iter()
                .map(|&di| self.disposals[di].site.map_or(0.0, |k| s.sites[k].area_ha) * s.disposals[di].share),
        );
        split_shares_into(&a.split, &scratch.bases, &scratch.areas, &mut scratch.shares)
    }

    /// The report's line for an assembly, with its warnings.
    fn assembly_line(
        &self,
        i: usize,
        a: &Assembly,
        outcome: &AssemblyOutcome,
        members: &[Member],
        warnings: &mut Vec<Problem>,
    ) -> AssemblyLine {
        let s = self.ids.s;
        let mut line = AssemblyLine {
            id: a.id.clone(),
            name: a.name.clone(),
            enabled: a.enabled,
            realised: false,
            fy: None,
            separate_value: 0.0,
            combined_value: 0.0,
            marriage_value: 0.0,
            marriage_value_realised: 0.0,
            members: Vec::new(),
        };
        let joint = match outcome {
            AssemblyOutcome::Disabled => return line,
            AssemblyOutcome::NotRealised(why) => {
                warnings.push(Problem::warning(
                    assembly_ref(i, a),
                    "members",
                    format!("not realised, no marriage value counted: {}", self.shortfall(a, why)),
                ));
                return line;
            }
            AssemblyOutcome::Realised(joint) => joint,
        };
        if joint.equal_fallback {
            warnings.push(Problem::warning(
                assembly_ref(i, a),
                "split",
                "the members' values or areas sum to zero, so marriage value is split equally",
            ));
        }
        if joint.marriage < 0.0 {
            warnings.push(Problem::warning(
                assembly_ref(i, a),
                "combined_value",
                "negative marriage value: the sites are worth less together than apart",
            ));
        }
        line.realised = true;
        line.fy = Some(joint.fy);
        line.separate_value = joint.separate;
        line.combined_value = joint.combined;
        line.marriage_value = joint.marriage;
        line.members = members[joint.members.clone()]
            .iter()
            .map(|m| AssemblyMember {
                site: s.disposals[m.disposal].site.clone(),
                owner: self.disposals[m.disposal]
                    .site
                    .map(|k| s.sites[k].owner.clone())
                    .unwrap_or_default(),
                disposal: Some(m.disposal),
                base_value: m.base,
                share: m.share,
                marriage_value: joint.marriage * m.share,
                marriage_value_realised: 0.0,
            })
            .collect();
        line
    }

    fn shortfall(&self, a: &Assembly, why: &Shortfall) -> String {
        let member = |k: usize| a.members.get(k).map_or("", String::as_str);
        match why {
            Shortfall::NoDisposal(k) => format!("member site '{}' has no disposal", member(*k)),
            Shortfall::Several(k, n) => format!("member site '{}' has {n} disposals, not one", member(*k)),
            Shortfall::OutOfStep { disposal, fy, first_fy } => format!(
                "member site '{}' is sold in {}, out of step with {}",
                self.ids.s.disposals[*disposal].site,
                fy_label(*fy),
                fy_label(*first_fy)
            ),
        }
    }
}

fn assembly_ref(i: usize, a: &Assembly) -> ItemRef {
    ItemRef {
        kind: ItemKind::Assembly,
        index: i,
        id: a.id.clone(),
        name: a.name.clone(),
    }
}

/// An enabled assembly is realised only when each member site has exactly one
/// disposal going ahead and all fall in the same FY. Fills `out` with the
/// member disposals in member order.
fn realised_members(case: &Case, members: &[Vec<usize>], out: &mut Vec<usize>) -> Result<(), Shortfall> {
    let goes_ahead = |d: &usize| case.disposals.get(*d).is_some_and(|c| c.goes_ahead);
    let fy = |d: usize| case.disposals.get(d).map_or(0, |c| c.fy);
    out.clear();
    for (k, all) in members.iter().enumerate() {
        let mut going = all.iter().filter(|d| goes_ahead(d));
        match (going.next(), going.next()) {
            (Some(&one), None) => out.push(one),
            (None, _) => return Err(Shortfall::NoDisposal(k)),
            (Some(_), Some(_)) => return Err(Shortfall::Several(k, 2 + going.count())),
        }
    }
    let Some(first_fy) = out.first().map(|&d| fy(d)) else {
        return Ok(());
    };
    match out.iter().find(|&&d| fy(d) != first_fy) {
        Some(&odd) => Err(Shortfall::OutOfStep {
            disposal: odd,
            fy: fy(odd),
            first_fy,
        }),
        None => Ok(()),
    }
}

/// Combined value `V`: given directly, or `(1 + uplift) * S`.
pub fn combined_value(a: &Assembly, separate: f64) -> f64 {
    match (a.combined_value, a.uplift) {
        (Some(v), _) => v,
        (None, Some(u)) => (1.0 + u) * separate,
        (None, None) => separate,
    }
}

/// Split rule: pro rata to base value, pro rata to `area_ha * share`, equal, or fixed.
/// `None` when a pro-rata basis sums to zero.
pub fn split_shares(split: &Split, bases: &[f64], areas: &[f64]) -> Option<Vec<f64>> {
    let mut shares = Vec::with_capacity(bases.len());
    split_shares_into(split, bases, areas, &mut shares).then_some(shares)
}

/// [`split_shares`] into a reused buffer; false when a pro-rata basis sums to zero.
fn split_shares_into(split: &Split, bases: &[f64], areas: &[f64], out: &mut Vec<f64>) -> bool {
    out.clear();
    let mut pro_rata = |w: &[f64]| {
        let total: f64 = w.iter().sum();
        if total == 0.0 {
            return false;
        }
        out.extend(w.iter().map(|x| x / total));
        true
    };
    match split {
        Split::ProRataValue => pro_rata(bases),
        Split::ProRataArea => pro_rata(areas),
        Split::Equal => {
            out.resize(bases.len(), 1.0 / bases.len() as f64);
            true
        }
        Split::Fixed(shares) => {
            out.extend_from_slice(shares);
            true
        }
    }
}

/// Fills each member's realised (indexed, risk-weighted) marriage value from the disposal lines.
fn index_assembly_lines(mut lines: Vec<AssemblyLine>, disposals: &[DisposalLine]) -> Vec<AssemblyLine> {
    let by_index: HashMap<usize, &DisposalLine> = disposals.iter().map(|d| (d.index, d)).collect();
    for line in &mut lines {
        for m in &mut line.members {
            m.marriage_value_realised = m
                .disposal
                .and_then(|d| by_index.get(&d))
                .map_or(0.0, |d| d.marriage_value);
        }
        line.marriage_value_realised = line.members.iter().map(|m| m.marriage_value_realised).sum();
    }
    lines
}

// ---------------------------------------------------------------------------
// Section 5: retention

/// The rule for an owner (its position in `rules`): one naming the
/// organisation beats one naming its kind (`kind` is the owner's, if known).
pub fn matching_rule(rules: &[RetentionRule], owner: &str, kind: Option<OrgKind>) -> Option<usize> {
    rules
        .iter()
        .position(|r| matches!(&r.applies_to, AppliesTo::Organisation(id) if id == owner))
        .or_else(|| {
            let kind = kind?;
            rules.iter().position(|r| r.applies_to == AppliesTo::Kind(kind))
        })
}

/// Fraction of a disposal's net receipt retained: `r`, or with a per-disposal
/// limit `r * min(N, limit) / N` for `N > 0`.
pub fn retained_fraction(rule: &RetentionRule, net: f64) -> f64 {
    match rule.limit_per_disposal {
        Some(limit) if net > 0.0 => rule.retained_share * net.min(limit) / net,
        _ => rule.retained_share,
    }
}

/// A pot's annual cap limits its total retained inflow in a year; the excess is returned nationally.
fn apply_pot_caps(s: &Scenario, o: &mut Outcome) {
    for (p, pot) in s.pots.iter().enumerate() {
        let Some(cap) = pot.annual_cap else { continue };
        for (t, inflow) in o.retained[p].iter_mut().enumerate() {
            let excess = capped_excess(*inflow, cap);
            *inflow -= excess;
            o.years[t].returned_national += excess;
        }
    }
}

/// The part of a year's inflow above the pot's cap.
pub fn capped_excess(inflow: f64, cap: f64) -> f64 {
    (inflow - cap).max(0.0)
}

/// Warns once for each owner of a disposal that no retention rule matches.
fn warn_unmatched_owners<'a>(ids: &Ids, owners: impl Iterator<Item = &'a str>, warnings: &mut Vec<Problem>) {
    let mut seen = rustc_hash::FxHashSet::default();
    for owner in owners {
        if !seen.insert(owner) || ids.rule_of(owner).is_some() {
            continue;
        }
        let (index, name) = ids
            .orgs
            .get(owner)
            .map_or((0, String::new()), |&i| (i, ids.s.organisations[i].name.clone()));
        warnings.push(Problem::warning(
            ItemRef {
                kind: ItemKind::Organisation,
                index,
                id: owner.to_owned(),
                name,
            },
            "kind",
            "no retention rule matches this owner, so it retains nothing from its disposals",
        ));
    }
}

// ---------------------------------------------------------------------------
// Section 6: reinvestment projects

/// Capex in a year with optimism bias: `K = amount * (1 + optimism_bias)`.
pub fn capex_with_bias(amount: f64, optimism_bias: f64) -> f64 {
    amount * (1.0 + optimism_bias)
}

/// A project's capex in year index `t`, with optimism bias and the case's capex factor.
fn capex_in_year(s: &Scenario, p: &Project, factor: f64, t: usize) -> f64 {
    let mut k = 0.0;
    for &(fy, amount) in &p.capex {
        if s.year_index(fy) == t as i64 {
            k += capex_with_bias(amount * factor, p.optimism_bias);
        }
    }
    k
}

/// The projects with a capex entry in each year index of the horizon, in scenario order.
fn capex_by_year(s: &Scenario) -> Vec<Vec<usize>> {
    let mut by_year = vec![Vec::new(); s.horizon as usize];
    for (j, p) in s.projects.iter().enumerate() {
        for &(fy, _) in &p.capex {
            let t = s.year_index(fy);
            if s.in_horizon(t) && by_year[t as usize].last() != Some(&j) {
                by_year[t as usize].push(j);
            }
        }
    }
    by_year
}

/// What a source has left to give over the project's life.
fn source_allowance(src: &FundingSource) -> f64 {
    match src {
        FundingSource::Pot { cap, .. } => cap.unwrap_or(f64::INFINITY),
        FundingSource::Grant { amount, .. } => *amount,
    }
}

/// One project's capex and funding over the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ProjectTally {
    /// Capex with optimism bias.
    pub capex: f64,
    pub funded_from_pots: f64,
    pub funded_from_grants: f64,
    pub funding_gap: f64,
    /// The last year index with capex to fund.
    last_year: Option<usize>,
}

impl ProjectTally {
    fn record(&mut self, t: usize, need: f64, draw: &Draw) {
        self.capex += need;
        self.funded_from_pots += draw.from_pots;
        self.funded_from_grants += draw.from_grants;
        self.funding_gap += draw.gap;
        self.last_year = Some(t);
    }
}

impl Engine<'_> {
    fn sources(&self, j: usize) -> Range<usize> {
        self.source_start[j]..self.source_start[j + 1]
    }

    /// The funding waterfall (section 6): year by year, pots open with last year's
    /// closing balance plus the year's retained inflow; projects in scenario order
    /// draw on their sources in order; what is still needed is that year's gap.
    fn fund_projects(&self, case: &Case, o: &mut Outcome) {
        let s = self.ids.s;
        o.left.clear();
        o.left.extend_from_slice(&self.allowance);
        o.balance.clear();
        o.balance.extend(s.pots.iter().map(|p| p.opening_balance));
        for (t, projects) in self.capex_by_year.iter().enumerate() {
            for (b, inflow) in o.balance.iter_mut().zip(&o.retained) {
                *b += inflow[t];
            }
            for (left, limits) in o.limit_left.iter_mut().zip(&self.spend_limits) {
                left[t] = limits[t] * case.spend_limit_factor;
            }
            for &j in projects {
                let project = &s.projects[j];
                let factor = case.capex_factor.get(j).copied().unwrap_or(1.0);
                let need = capex_in_year(s, project, factor, t);
                if need <= 0.0 {
                    continue;
                }
                let src = self.sources(j);
                let drawn = draw_sources(
                    project,
                    need,
                    &self.source_pot[src.clone()],
                    &mut o.left[src.clone()],
                    &mut PotsInYear {
                        t,
                        balance: &mut o.balance,
                        limit_left: &mut o.limit_left,
                        drawn: &mut o.drawn,
                    },
                    &mut o.by_source[src],
                    &mut o.taken,
                );
                o.draws.extend(o.taken.iter().map(|&(source, amount)| SourceDraw {
                    project: j,
                    t,
                    source,
                    amount,
                }));
                o.projects[j].record(t, need, &drawn);
                o.gaps.push((j, t, drawn.gap));
                let row = &mut o.years[t];
                row.capex += need;
                row.funded_from_pots += drawn.from_pots;
                row.funded_from_grants += drawn.from_grants;
                row.funding_gap += drawn.gap;
            }
            for (closing, b) in o.closing.iter_mut().zip(&o.balance) {
                closing[t] = *b;
            }
        }
    }

    fn project_lines(&self, o: &Outcome) -> Vec<ProjectLine> {
        let s = self.ids.s;
        let mut gap_by_year: Vec<Vec<f64>> = o
            .projects
            .iter()
            .map(|tally| tally.last_year.map_or_else(Vec::new, |t| vec![0.0; t + 1]))
            .collect();
        for &(j, t, gap) in &o.gaps {
            gap_by_year[j][t] += gap;
        }
        s.projects
            .iter()
            .zip(&o.projects)
            .enumerate()
            .map(|(j, (p, tally))| ProjectLine {
                id: p.id.clone(),
                name: p.name.clone(),
                capex: tally.capex,
                funded_from_pots: tally.funded_from_pots,
                funded_from_grants: tally.funded_from_grants,
                funding_gap: tally.funding_gap,
                sources: p
                    .funding
                    .iter()
                    .zip(&o.by_source[self.sources(j)])
                    .map(|(src, &amount)| source_line(src, amount))
                    .collect(),
                gap_by_year: std::mem::take(&mut gap_by_year[j]),
            })
            .collect()
    }
}

fn source_line(src: &FundingSource, amount: f64) -> SourceLine {
    let (kind, name) = match src {
        FundingSource::Pot { pot, .. } => ("pot", pot),
        FundingSource::Grant { name, .. } => ("grant", name),
    };
    SourceLine {
        kind: kind.into(),
        name: name.clone(),
        amount,
    }
}

/// One project's draw on one of its funding sources in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceDraw {
    /// The project's position in the scenario.
    pub project: usize,
    /// The year index.
    pub t: usize,
    /// The source's position in the project's funding list.
    pub source: usize,
    pub amount: f64,
}

/// What one project drew in one year.
struct Draw {
    from_pots: f64,
    from_grants: f64,
    gap: f64,
}

/// The pots as one year's draws find them: balances, spending limit left
/// this year and what projects have drawn, by pot index (then year index).
struct PotsInYear<'a> {
    t: usize,
    balance: &'a mut [f64],
    limit_left: &'a mut [Vec<f64>],
    drawn: &'a mut [Vec<f64>],
}

impl PotsInYear<'_> {
    /// A pot's draw for a need: `min(need, balance, cap left, limit left)`,
    /// never from a balance at or below zero; books it against the balance,
    /// the year's limit and the pot's drawn total.
    fn draw(&mut self, p: usize, need: f64, cap_left: f64) -> f64 {
        let t = self.t;
        let take = pot_draw(need, self.balance[p], cap_left, self.limit_left[p][t]);
        self.balance[p] -= take;
        self.limit_left[p][t] -= take;
        self.drawn[p][t] += take;
        take
    }
}

/// Section 6, step 3: what a pot gives a project this year,
/// `min(need, pot balance, project cap left, pot's spending limit left this year)`;
/// nothing from a balance at or below zero.
pub fn pot_draw(need: f64, balance: f64, cap_left: f64, limit_left: f64) -> f64 {
    need.min(balance.max(0.0)).min(cap_left).min(limit_left).max(0.0)
}

/// Each year index's spending limit of a pot: the profile's amount, or
/// infinite (no limit) in a year the profile does not list.
fn spend_limits_by_year(s: &Scenario, pot: &crate::model::Pot) -> Vec<f64> {
    (0..s.horizon as usize)
        .map(|t| {
            let fy = s.start_fy.saturating_add(t as i32);
            pot.spend_limit(fy).unwrap_or(f64::INFINITY)
        })
        .collect()
}

/// Walks a project's sources in order for one year's need. A grant gives
/// `min(need, grant left)`; a pot gives what [`pot_draw`] allows. `pots`,
/// `left` and `by_source` hold one entry per source of the project; `taken`
/// is refilled with `(source, amount)` for each source that gave something.
fn draw_sources(
    project: &Project,
    need: f64,
    pots: &[Option<usize>],
    left: &mut [f64],
    year: &mut PotsInYear<'_>,
    by_source: &mut [f64],
    taken: &mut Vec<(usize, f64)>,
) -> Draw {
    taken.clear();
    let mut draw = Draw {
        from_pots: 0.0,
        from_grants: 0.0,
        gap: need,
    };
    for (k, src) in project.funding.iter().enumerate() {
        if draw.gap <= 0.0 {
            break;
        }
        let take = match src {
            FundingSource::Grant { .. } => draw.gap.min(left[k]).max(0.0),
            FundingSource::Pot { .. } => {
                let Some(p) = pots[k] else {
                    continue;
                };
                year.draw(p, draw.gap, left[k])
            }
        };
        left[k] -= take;
        by_source[k] += take;
        if take != 0.0 {
            taken.push((k, take));
        }
        match src {
            FundingSource::Grant { .. } => draw.from_grants += take,
            FundingSource::Pot { .. } => draw.from_pots += take,
        }
        draw.gap -= take;
    }
    draw
}

fn warn_funding_gaps(s: &Scenario, projects: &[ProjectLine], warnings: &mut Vec<Problem>) {
    for (i, line) in projects.iter().enumerate() {
        if line.funding_gap > 0.0 {
            warnings.push(Problem::warning(
                ItemRef {
                    kind: ItemKind::Project,
                    index: i,
                    id: s.projects[i].id.clone(),
                    name: s.projects[i].name.clone(),
                },
                "funding",
                format!("funding gap of {} over the horizon", money(line.funding_gap)),
            ));
        }
    }
}

/// Section 6's spending limit warning: for each pot and FY in which, after
/// the year's draws, the limit left is zero, the balance is above zero and a
/// project listing the pot among its sources has a funding gap that year.
fn warn_spend_limits_binding(s: &Scenario, o: &Outcome, projects: &[ProjectLine], warnings: &mut Vec<Problem>) {
    for (p, pot) in s.pots.iter().enumerate() {
        for t in 0..o.limit_left[p].len() {
            if o.limit_left[p][t] > 0.0 || o.closing[p][t] <= 0.0 {
                continue;
            }
            let short: Vec<(&Project, f64)> = s
                .projects
                .iter()
                .zip(projects)
                .filter(|(project, _)| lists_pot(project, &pot.id))
                .filter_map(|(project, line)| {
                    let gap = line.gap_by_year.get(t).copied().unwrap_or(0.0);
                    (gap > 0.0).then_some((project, gap))
                })
                .collect();
            if short.is_empty() {
                continue;
            }
            let fy = s.start_fy.saturating_add(t as i32);
            let names: Vec<String> = short
                .iter()
                .map(|(project, gap)| format!("{} ({})", project.name, money(*gap)))
                .collect();
            warnings.push(Problem::warning(
                ItemRef {
                    kind: ItemKind::Pot,
                    index: p,
                    id: pot.id.clone(),
                    name: pot.name.clone(),
                },
                "spend_limits",
                format!(
                    "spending limit of {} for {} reached with {} still in the pot; short that year: {}",
                    money(pot.spend_limit(fy).unwrap_or(0.0)),
                    fy_label(fy),
                    money(o.closing[p][t]),
                    names.join(", ")
                ),
            ));
        }
    }
}

/// Whether a project lists the pot among its funding sources.
fn lists_pot(project: &Project, pot: &str) -> bool {
    project
        .funding
        .iter()
        .any(|f| matches!(f, FundingSource::Pot { pot: id, .. } if id == pot))
}

/// New facilities' running costs by year index: each project's, every year after its last capex year.
fn new_running_costs(s: &Scenario) -> Vec<f64> {
    let mut by_year = vec![0.0; s.horizon as usize];
    for p in &s.projects {
        let Some(last) = p.last_capex_fy() else {
            continue;
        };
        let first = s.year_index(last) + 1;
        for (t, cost) in by_year.iter_mut().enumerate() {
            if t as i64 >= first {
                *cost += p.running_cost;
            }
        }
    }
    by_year
}

// ---------------------------------------------------------------------------
// Section 8: assembling the report

fn year_rows(s: &Scenario, o: &Outcome) -> Vec<YearRow> {
    o.years
        .iter()
        .enumerate()
        .map(|(t, flows)| {
            let mut flows = flows.clone();
            flows.retained = pot_map(s, |p| o.retained[p][t]);
            flows.pot_closing = pot_map(s, |p| o.closing[p][t]);
            flows.drawn = pot_map(s, |p| o.drawn[p][t]);
            // Saturating: nothing bounds `start_fy`, and a report must never panic.
            let fy = s.start_fy.saturating_add(t as i32);
            YearRow {
                fy,
                label: fy_label(fy),
                flows,
            }
        })
        .collect()
}

fn pot_map(s: &Scenario, value: impl Fn(usize) -> f64) -> BTreeMap<String, f64> {
    s.pots
        .iter()
        .enumerate()
        .map(|(p, pot)| (pot.id.clone(), value(p)))
        .collect()
}

/// Totals over the horizon; `pot_closing` is the final year's.
fn total_of(years: &[YearRow]) -> Flows {
    let mut total = Flows::default();
    for y in years {
        total.add(&y.flows);
    }
    if let Some(last) = years.last() {
        total.pot_closing = last.flows.pot_closing.clone();
    }
    total
}

impl Engine<'_> {
    /// Present values of the headline flows and `net = retained + savings - capex - new running costs`.
    fn npv_of(&self, o: &Outcome) -> Npv {
        let pv = |f: &dyn Fn(usize) -> f64| -> f64 { self.discount.iter().enumerate().map(|(t, df)| f(t) * df).sum() };
        let flows = &o.years;
        let retained = pv(&|t| self.pots_in_id_order.iter().map(|&p| o.retained[p][t]).sum());
        let savings = pv(&|t| flows[t].running_cost_savings);
        let capex = pv(&|t| flows[t].capex);
        let new_running = pv(&|t| flows[t].new_running_costs);
        Npv {
            retained_receipts: retained,
            returned_national: pv(&|t| flows[t].returned_national),
            capex,
            funding_gap: pv(&|t| flows[t].funding_gap),
            running_cost_savings: savings,
            new_running_costs: new_running,
            net: retained + savings - capex - new_running,
        }
    }
}
