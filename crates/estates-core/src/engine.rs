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
        out
    }
}

// ---------------------------------------------------------------------------
// Lookups built once per scenario, so a run is linear in the scenario's size.

struct Ids<'a> {
    s: &'a Scenario,
    sites: HashMap<&'a str, usize>,
    orgs: HashMap<&'a str, usize>,
    pots: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(s: &'a Scenario) -> Self {
        let index = |ids: Vec<&'a str>| ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
        Ids {
            s,
            sites: index(s.sites.iter().map(|x| x.id.as_str()).collect()),
            orgs: index(s.organisations.iter().map(|x| x.id.as_str()).collect()),
            pots: index(s.pots.iter().map(|x| x.id.as_str()).collect()),
        }
    }

    fn owner_kind(&self, org_id: &str) -> Option<OrgKind> {
        self.orgs.get(org_id).map(|&i| self.s.organisations[i].kind)
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
    /// Each disposal's site index.
    disposal_site: Vec<Option<usize>>,
    /// Each disposal's retention: the matching rule's index and its pot's index.
    disposal_retention: Vec<Option<(usize, usize)>>,
    /// Every disposal of each member site, by assembly then member.
    member_disposals: Vec<Vec<Vec<usize>>>,
    /// Where each project's sources start in the flat per-source arrays (one extra entry at the end).
    source_start: Vec<usize>,
    /// The pot index of each funding source that is a known pot.
    source_pot: Vec<Option<usize>>,
    /// `(1 + g)^t` by year index.
    growth: Vec<f64>,
    /// Discount factor by year index.
    discount: Vec<f64>,
    /// Pot indices in id order, the order in which the report's per-pot maps are summed.
    pots_in_id_order: Vec<usize>,
}

impl<'a> Engine<'a> {
    pub fn new(s: &'a Scenario) -> Self {
        let ids = Ids::new(s);
        let disposal_site: Vec<Option<usize>> = s
            .disposals
            .iter()
            .map(|d| ids.sites.get(d.site.as_str()).copied())
            .collect();
        let disposal_retention = disposal_site
            .iter()
            .map(|site| {
                let owner = &s.sites[(*site)?].owner;
                let rule = matching_rule(&ids, owner)?;
                let pot = *ids.pots.get(s.retention_rules[rule].pot.as_str())?;
                Some((rule, pot))
            })
            .collect();
        let mut of_site: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in s.disposals.iter().enumerate() {
            of_site.entry(d.site.as_str()).or_default().push(i);
        }
        let member_disposals = s
            .assemblies
            .iter()
            .map(|a| {
                a.members
                    .iter()
                    .map(|m| of_site.get(m.as_str()).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
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
            disposal_site,
            disposal_retention,
            member_disposals,
            source_start,
            source_pot,
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
        let s = self.ids.s;
        let mut acc = Accumulator::new(s.pots.len(), s.horizon as usize);
        let (assemblies, marriage) = self.assess_assemblies(case);
        let mut disposals = Vec::with_capacity(s.disposals.len());
        for (i, (d, c)) in s.disposals.iter().zip(&case.disposals).enumerate() {
            let m = marriage.get(i).copied().unwrap_or(0.0);
            if let Some(mut figures) = self.evaluate_disposal(case, i, d, c, m) {
                self.book_disposal(&mut figures, d, &mut acc);
                disposals.push(figures);
            }
        }
        acc.settle_savings();
        apply_pot_caps(s, &mut acc);
        let funding = self.fund_projects(case, &mut acc);
        book_new_running_costs(s, &mut acc);
        let npv = self.npv_of(&acc);
        let retained_total = self
            .pots_in_id_order
            .iter()
            .map(|&p| acc.inflow[p].iter().fold(0.0, |sum, x| sum + x))
            .sum();
        Outcome {
            years: acc.flows,
            retained: acc.inflow,
            closing: acc.closing,
            npv,
            retained_total,
            projects: funding.tallies,
            by_source: funding.by_source,
            gaps: funding.gaps,
            disposals,
            assemblies,
        }
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
        let disposals: Vec<DisposalLine> = o.disposals.iter().map(|f| self.disposal_line(f)).collect();
        for line in &disposals {
            self.warn_disposal(case, line, &s.disposals[line.index], &mut warnings);
        }
        warn_unmatched_owners(&self.ids, &disposals, &mut warnings);
        let projects = self.project_lines(o);
        warn_funding_gaps(s, &projects, &mut warnings);

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

/// A run's results as numbers, indexed like the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Flows by year index; their per-pot maps are empty (see `retained` and `closing`).
    pub years: Vec<Flows>,
    /// Retained inflow after annual caps, by pot index then year index.
    pub retained: Vec<Vec<f64>>,
    /// Pot closing balances, by pot index then year index.
    pub closing: Vec<Vec<f64>>,
    pub npv: Npv,
    /// Each project's funding over the horizon, in scenario order.
    pub projects: Vec<ProjectTally>,
    retained_total: f64,
    by_source: Vec<f64>,
    /// Funding gap by project then year index.
    gaps: Vec<f64>,
    disposals: Vec<DisposalFigures>,
    assemblies: Assessed,
}

impl Outcome {
    /// Retained receipts over the horizon, summed exactly as the report's `totals.retained_total()`.
    pub fn retained_total(&self) -> f64 {
        self.retained_total
    }

    /// A flow summed over the horizon, exactly as in the report's totals.
    pub fn total(&self, flow: impl Fn(&Flows) -> f64) -> f64 {
        self.years.iter().fold(0.0, |sum, f| sum + flow(f))
    }
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
    let gross = (base + marriage) * growth;
    let cost = d.cost_rate * gross + d.fixed_cost;
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
    retained: f64,
    returned: f64,
}

impl Engine<'_> {
    /// `B` in a case: the scenario's base value times the case's value factor.
    fn base(&self, case: &Case, i: usize) -> f64 {
        let s = self.ids.s;
        let value = self.disposal_site[i].map_or(0.0, |k| s.sites[k].value);
        let factor = case.disposals.get(i).map_or(1.0, |c| c.value_factor);
        base_value(value, &s.disposals[i]) * factor
    }

    fn evaluate_disposal(
        &self,
        case: &Case,
        index: usize,
        d: &Disposal,
        c: &DisposalCase,
        marriage: f64,
    ) -> Option<DisposalFigures> {
        if !c.goes_ahead {
            return None;
        }
        let site_index = self.disposal_site[index]?;
        let site = &self.ids.s.sites[site_index];
        let t = self.ids.year(c.fy)?;
        let base = self.base(case, index);
        let growth = self.growth[t];
        let w = risk_weight(case.weight_by_probability, d.probability);
        let r = disposal_receipt(base, marriage, growth, d);
        let (gross, cost, net) = (r.gross * w, r.cost * w, r.net * w);
        Some(DisposalFigures {
            index,
            site: site_index,
            fy: c.fy,
            t,
            base,
            gross,
            cost,
            net,
            profit: gross - cost - site.book_value * d.share,
            marriage: marriage * growth * w,
            retained: 0.0,
            returned: 0.0,
        })
    }

    /// Books one disposal's flows: gross, cost and marriage value in the disposal
    /// year; net receipts, retention and returns by tranche; savings, backlog and homes.
    /// Also records what it retains before any pot cap.
    fn book_disposal(&self, f: &mut DisposalFigures, d: &Disposal, acc: &mut Accumulator) {
        let t = f.t;
        acc.flows[t].gross_receipts += f.gross;
        acc.flows[t].disposal_costs += f.cost;
        acc.flows[t].marriage_value += f.marriage;
        book_site_benefits(&self.ids.s.sites[f.site], d, t, acc);

        let retention = self.disposal_retention[f.index];
        let fraction = retention.map_or(0.0, |(rule, _)| {
            retained_fraction(&self.ids.s.retention_rules[rule], f.net)
        });
        f.retained = f.net * fraction;
        f.returned = f.net - f.retained;
        for &(offset, share) in &d.phasing {
            let year = t + offset as usize;
            if year >= acc.flows.len() {
                continue;
            }
            let tranche = f.net * share;
            acc.flows[year].net_receipts += tranche;
            let kept = tranche * fraction;
            if let Some((_, p)) = retention {
                acc.inflow[p][year] += kept;
            }
            acc.flows[year].returned_national += tranche - kept;
        }
    }

    fn disposal_line(&self, f: &DisposalFigures) -> DisposalLine {
        let s = self.ids.s;
        let d = &s.disposals[f.index];
        let site = &s.sites[f.site];
        DisposalLine {
            index: f.index,
            id: d.id.clone(),
            site: d.site.clone(),
            site_name: site.name.clone(),
            owner: site.owner.clone(),
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

    fn warn_disposal(&self, case: &Case, line: &DisposalLine, d: &Disposal, warnings: &mut Vec<Problem>) {
        let item = disposal_ref(line);
        if line.net_receipt < 0.0 {
            warnings.push(Problem::warning(
                item.clone(),
                "fixed_cost",
                format!(
                    "net receipt is negative ({:.0}): costs exceed the gross receipt",
                    line.net_receipt
                ),
            ));
        }
        if self.ids.owner_kind(&line.owner) != Some(OrgKind::Council) {
            return;
        }
        if d.cost_rate > COUNCIL_COST_RATE_LIMIT {
            warnings.push(Problem::warning(
                item.clone(),
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
                item,
                "value",
                "council receipt of £10,000 or less is below the de minimis and is not a capital receipt",
            ));
        }
    }
}

fn disposal_ref(line: &DisposalLine) -> ItemRef {
    ItemRef {
        kind: ItemKind::Disposal,
        index: line.index,
        id: line.id.clone(),
        name: line.site_name.clone(),
    }
}

/// Running cost saving every year after the disposal year; backlog avoided and
/// homes enabled in the disposal year. None of these is risk-weighted.
fn book_site_benefits(site: &Site, d: &Disposal, t: usize, acc: &mut Accumulator) {
    acc.flows[t].backlog_avoided += site.backlog * d.share;
    acc.flows[t].homes += site.homes * d.share;
    let saving = site.running_cost * d.share;
    for year in acc.savings.iter_mut().skip(t + 1) {
        *year += saving;
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
#[derive(Debug, Clone, PartialEq)]
struct Assessed {
    outcomes: Vec<AssemblyOutcome>,
    members: Vec<Member>,
}

/// Buffers reused from one assembly to the next within a run.
#[derive(Default)]
struct Scratch {
    disposals: Vec<usize>,
    bases: Vec<f64>,
    areas: Vec<f64>,
    shares: Vec<f64>,
}

impl Engine<'_> {
    /// Assembly outcomes, and each disposal's (unindexed) marriage value by disposal index.
    fn assess_assemblies(&self, case: &Case) -> (Assessed, Vec<f64>) {
        let s = self.ids.s;
        let mut marriage = vec![0.0; s.disposals.len()];
        let mut members = Vec::new();
        let mut scratch = Scratch::default();
        let outcomes = s
            .assemblies
            .iter()
            .zip(&self.member_disposals)
            .map(|(a, of_members)| {
                let outcome = self.assess_assembly(case, a, of_members, &mut scratch, &mut members);
                if let AssemblyOutcome::Realised(joint) = &outcome {
                    for m in &members[joint.members.clone()] {
                        marriage[m.disposal] = joint.marriage * m.share;
                    }
                }
                outcome
            })
            .collect();
        (Assessed { outcomes, members }, marriage)
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
                .map(|&di| self.disposal_site[di].map_or(0.0, |k| s.sites[k].area_ha) * s.disposals[di].share),
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
                owner: self.disposal_site[m.disposal]
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

/// The rule for an owner: one naming the organisation beats one naming its kind.
fn matching_rule(ids: &Ids, owner: &str) -> Option<usize> {
    let rules = &ids.s.retention_rules;
    rules
        .iter()
        .position(|r| matches!(&r.applies_to, AppliesTo::Organisation(id) if id == owner))
        .or_else(|| {
            let kind = ids.owner_kind(owner)?;
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
fn apply_pot_caps(s: &Scenario, acc: &mut Accumulator) {
    for (p, pot) in s.pots.iter().enumerate() {
        let Some(cap) = pot.annual_cap else { continue };
        for (t, inflow) in acc.inflow[p].iter_mut().enumerate() {
            let excess = capped_excess(*inflow, cap);
            *inflow -= excess;
            acc.flows[t].returned_national += excess;
        }
    }
}

/// The part of a year's inflow above the pot's cap.
pub fn capped_excess(inflow: f64, cap: f64) -> f64 {
    (inflow - cap).max(0.0)
}

fn warn_unmatched_owners(ids: &Ids, disposals: &[DisposalLine], warnings: &mut Vec<Problem>) {
    let mut seen = std::collections::HashSet::new();
    for line in disposals {
        if matching_rule(ids, &line.owner).is_some() || !seen.insert(line.owner.as_str()) {
            continue;
        }
        let (index, name) = ids
            .orgs
            .get(line.owner.as_str())
            .map_or((0, String::new()), |&i| (i, ids.s.organisations[i].name.clone()));
        warnings.push(Problem::warning(
            ItemRef {
                kind: ItemKind::Organisation,
                index,
                id: line.owner.clone(),
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

/// A project's capex by year index, with optimism bias and the case's capex factor.
fn capex_profile(s: &Scenario, p: &Project, factor: f64, k: &mut [f64]) {
    for &(fy, amount) in &p.capex {
        let t = s.year_index(fy);
        if s.in_horizon(t) {
            k[t as usize] += capex_with_bias(amount * factor, p.optimism_bias);
        }
    }
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

/// What the funding waterfall produced.
struct Funding {
    tallies: Vec<ProjectTally>,
    /// Amount drawn from each source, flat like `Engine::source_pot`.
    by_source: Vec<f64>,
    /// Gap by project then year index.
    gaps: Vec<f64>,
}

impl Engine<'_> {
    fn sources(&self, j: usize) -> Range<usize> {
        self.source_start[j]..self.source_start[j + 1]
    }

    /// The funding waterfall (section 6): year by year, pots open with last year's
    /// closing balance plus the year's retained inflow; projects in scenario order
    /// draw on their sources in order; what is still needed is that year's gap.
    fn fund_projects(&self, case: &Case, acc: &mut Accumulator) -> Funding {
        let s = self.ids.s;
        let h = acc.flows.len();
        let mut need = vec![0.0; s.projects.len() * h];
        for (j, p) in s.projects.iter().enumerate() {
            let factor = case.capex_factor.get(j).copied().unwrap_or(1.0);
            capex_profile(s, p, factor, &mut need[j * h..(j + 1) * h]);
        }
        let mut left: Vec<f64> = s
            .projects
            .iter()
            .flat_map(|p| p.funding.iter().map(source_allowance))
            .collect();
        let mut funding = Funding {
            tallies: vec![ProjectTally::default(); s.projects.len()],
            by_source: vec![0.0; left.len()],
            gaps: vec![0.0; need.len()],
        };
        let mut balance: Vec<f64> = s.pots.iter().map(|p| p.opening_balance).collect();

        for t in 0..h {
            for (p, b) in balance.iter_mut().enumerate() {
                *b += acc.inflow[p][t];
            }
            for (j, project) in s.projects.iter().enumerate() {
                let k = need[j * h + t];
                if k <= 0.0 {
                    continue;
                }
                let src = self.sources(j);
                let drawn = draw_sources(
                    project,
                    k,
                    &self.source_pot[src.clone()],
                    &mut left[src.clone()],
                    &mut balance,
                    &mut funding.by_source[src],
                );
                funding.tallies[j].record(t, k, &drawn);
                funding.gaps[j * h + t] += drawn.gap;
                let row = &mut acc.flows[t];
                row.capex += k;
                row.funded_from_pots += drawn.from_pots;
                row.funded_from_grants += drawn.from_grants;
                row.funding_gap += drawn.gap;
            }
            for (p, b) in balance.iter().enumerate() {
                acc.closing[p][t] = *b;
            }
        }
        funding
    }

    fn project_lines(&self, o: &Outcome) -> Vec<ProjectLine> {
        let s = self.ids.s;
        let h = s.horizon as usize;
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
                gap_by_year: tally
                    .last_year
                    .map_or_else(Vec::new, |t| o.gaps[j * h..=j * h + t].to_vec()),
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

/// What one project drew in one year.
struct Draw {
    from_pots: f64,
    from_grants: f64,
    gap: f64,
}

/// Walks a project's sources in order for one year's need. A grant gives
/// `min(need, grant left)`; a pot gives `min(need, balance, cap left)` and is
/// never drawn when its balance is at or below zero. `pots`, `left` and
/// `by_source` hold one entry per source of the project.
fn draw_sources(
    project: &Project,
    need: f64,
    pots: &[Option<usize>],
    left: &mut [f64],
    balance: &mut [f64],
    by_source: &mut [f64],
) -> Draw {
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
                let take = draw.gap.min(balance[p].max(0.0)).min(left[k]).max(0.0);
                balance[p] -= take;
                take
            }
        };
        left[k] -= take;
        by_source[k] += take;
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
                format!("funding gap of {:.0} over the horizon", line.funding_gap),
            ));
        }
    }
}

/// A new facility's running cost, every year after its last capex year.
fn book_new_running_costs(s: &Scenario, acc: &mut Accumulator) {
    for p in &s.projects {
        let Some(last) = p.last_capex_fy() else {
            continue;
        };
        let first = s.year_index(last) + 1;
        for (t, row) in acc.flows.iter_mut().enumerate() {
            if t as i64 >= first {
                row.new_running_costs += p.running_cost;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Section 8: assembling the report

/// Flows being summed year by year while the engine runs.
struct Accumulator {
    flows: Vec<Flows>,
    /// Retained inflow by pot index, then year.
    inflow: Vec<Vec<f64>>,
    /// Closing balance by pot index, then year.
    closing: Vec<Vec<f64>>,
    /// Running cost savings by year, kept apart so the per-disposal loop over years stays tight.
    savings: Vec<f64>,
}

impl Accumulator {
    fn new(pots: usize, horizon: usize) -> Self {
        Accumulator {
            flows: vec![Flows::default(); horizon],
            inflow: vec![vec![0.0; horizon]; pots],
            closing: vec![vec![0.0; horizon]; pots],
            savings: vec![0.0; horizon],
        }
    }

    fn settle_savings(&mut self) {
        for (row, saving) in self.flows.iter_mut().zip(&self.savings) {
            row.running_cost_savings = *saving;
        }
    }
}

fn year_rows(s: &Scenario, o: &Outcome) -> Vec<YearRow> {
    o.years
        .iter()
        .enumerate()
        .map(|(t, flows)| {
            let mut flows = flows.clone();
            flows.retained = pot_map(s, |p| o.retained[p][t]);
            flows.pot_closing = pot_map(s, |p| o.closing[p][t]);
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
    fn npv_of(&self, acc: &Accumulator) -> Npv {
        let pv = |f: &dyn Fn(usize) -> f64| -> f64 { self.discount.iter().enumerate().map(|(t, df)| f(t) * df).sum() };
        let flows = &acc.flows;
        let retained = pv(&|t| self.pots_in_id_order.iter().map(|&p| acc.inflow[p][t]).sum());
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
