//! The receipts engine: a pure function from a scenario to its results.
//!
//! Each rule of `MODEL.md` is one function below, named after the rule, so a
//! reviewer can set the contract and the code side by side. The engine trusts
//! that the scenario passed validation; on an invalid one it never panics but
//! skips what it cannot resolve (a missing site, an unknown pot).

use std::collections::{BTreeMap, HashMap};

use crate::model::{
    AppliesTo, Assembly, Discount, Disposal, FundingSource, OrgKind, Project, RetentionRule, Scenario, Split,
};
use crate::problem::{ItemKind, ItemRef, Problem};
use crate::report::{AssemblyLine, AssemblyMember, DisposalLine, Flows, Npv, ProjectLine, Report, YearRow};

/// Councils may fund disposal costs from the receipt only up to 4% (capital finance regulations).
pub const COUNCIL_COST_RATE_LIMIT: f64 = 0.04;
/// At or below £10,000 a council disposal is not a capital receipt (de minimis).
pub const COUNCIL_DE_MINIMIS: f64 = 10_000.0;

/// Runs the whole model (MODEL.md sections 1-8).
pub fn compute(s: &Scenario) -> Report {
    let ctx = Context::new(s);
    let horizon = s.horizon as usize;
    let mut acc = Accumulator::new(s, horizon);
    let mut warnings = Vec::new();

    let (assemblies, marriage) = assess_assemblies(&ctx, &mut warnings);
    let mut disposals: Vec<DisposalLine> = s
        .disposals
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let m = marriage.get(&i).copied().unwrap_or(0.0);
            evaluate_disposal(&ctx, i, d, m)
        })
        .collect();
    for line in &mut disposals {
        let d = &s.disposals[line.index];
        warn_disposal(&ctx, line, d, &mut warnings);
        book_disposal(&ctx, line, d, &mut acc);
    }
    warn_unmatched_owners(&ctx, &disposals, &mut warnings);
    apply_pot_caps(s, &mut acc);
    let projects = fund_projects(&ctx, &mut acc);
    warn_funding_gaps(s, &projects, &mut warnings);
    book_new_running_costs(s, &mut acc);

    let assemblies = index_assembly_lines(assemblies, &disposals);
    let years = acc.year_rows(s);
    let totals = total_of(&years);
    let npv = npv_of(s, &years);
    Report {
        scenario: s.name.clone(),
        start_fy: s.start_fy,
        years,
        totals,
        npv,
        disposals,
        projects,
        assemblies,
        warnings,
    }
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
// Lookups built once per run, so the engine is linear in the scenario's size.

struct Context<'a> {
    s: &'a Scenario,
    sites: HashMap<&'a str, usize>,
    orgs: HashMap<&'a str, usize>,
    pots: HashMap<&'a str, usize>,
    /// Disposals of each site, by index.
    disposals_of_site: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Context<'a> {
    fn new(s: &'a Scenario) -> Self {
        let index = |ids: Vec<&'a str>| ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
        let mut disposals_of_site: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in s.disposals.iter().enumerate() {
            disposals_of_site.entry(d.site.as_str()).or_default().push(i);
        }
        Context {
            s,
            sites: index(s.sites.iter().map(|x| x.id.as_str()).collect()),
            orgs: index(s.organisations.iter().map(|x| x.id.as_str()).collect()),
            pots: index(s.pots.iter().map(|x| x.id.as_str()).collect()),
            disposals_of_site,
        }
    }

    fn site(&self, id: &str) -> Option<&'a crate::model::Site> {
        self.sites.get(id).map(|&i| &self.s.sites[i])
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

fn evaluate_disposal(ctx: &Context, index: usize, d: &Disposal, marriage: f64) -> Option<DisposalLine> {
    let s = ctx.s;
    let site = ctx.site(&d.site)?;
    let t = ctx.year(d.fy)?;
    let base = base_value(site.value, d);
    let growth = growth_factor(s.land_growth, t);
    let w = risk_weight(s.weight_by_probability, d.probability);
    let r = disposal_receipt(base, marriage, growth, d);
    let (gross, cost, net) = (r.gross * w, r.cost * w, r.net * w);
    Some(DisposalLine {
        index,
        id: d.id.clone(),
        site: d.site.clone(),
        site_name: site.name.clone(),
        owner: site.owner.clone(),
        fy: d.fy,
        base_value: base,
        gross_receipt: gross,
        disposal_cost: cost,
        net_receipt: net,
        profit_on_disposal: gross - cost - site.book_value * d.share,
        marriage_value: marriage * growth * w,
        retained: 0.0,
        returned_national: 0.0,
    })
}

fn warn_disposal(ctx: &Context, line: &DisposalLine, d: &Disposal, warnings: &mut Vec<Problem>) {
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
    if ctx.owner_kind(&line.owner) != Some(OrgKind::Council) {
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
    let w = risk_weight(ctx.s.weight_by_probability, d.probability);
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

fn disposal_ref(line: &DisposalLine) -> ItemRef {
    ItemRef {
        kind: ItemKind::Disposal,
        index: line.index,
        id: line.id.clone(),
        name: line.site_name.clone(),
    }
}

/// Books one disposal's flows: gross, cost and marriage value in the disposal
/// year; net receipts, retention and returns by tranche; savings, backlog and homes.
/// Also records on the line what it retains before any pot cap.
fn book_disposal(ctx: &Context, line: &mut DisposalLine, d: &Disposal, acc: &mut Accumulator) {
    let Some(t) = ctx.year(d.fy) else { return };
    acc.flows[t].gross_receipts += line.gross_receipt;
    acc.flows[t].disposal_costs += line.disposal_cost;
    acc.flows[t].marriage_value += line.marriage_value;
    book_site_benefits(ctx, d, t, acc);

    let rule = matching_rule(ctx, &line.owner);
    let pot = rule.and_then(|r| ctx.pots.get(r.pot.as_str()).copied());
    let fraction = match (rule, pot) {
        (Some(r), Some(_)) => retained_fraction(r, line.net_receipt),
        _ => 0.0,
    };
    line.retained = line.net_receipt * fraction;
    line.returned_national = line.net_receipt - line.retained;
    for &(offset, share) in &d.phasing {
        let year = t + offset as usize;
        if year >= acc.flows.len() {
            continue;
        }
        let tranche = line.net_receipt * share;
        acc.flows[year].net_receipts += tranche;
        let kept = tranche * fraction;
        if let Some(p) = pot {
            acc.inflow[p][year] += kept;
        }
        acc.flows[year].returned_national += tranche - kept;
    }
}

/// Running cost saving every year after the disposal year; backlog avoided and
/// homes enabled in the disposal year. None of these is risk-weighted.
fn book_site_benefits(ctx: &Context, d: &Disposal, t: usize, acc: &mut Accumulator) {
    let Some(site) = ctx.site(&d.site) else {
        return;
    };
    acc.flows[t].backlog_avoided += site.backlog * d.share;
    acc.flows[t].homes += site.homes * d.share;
    for row in acc.flows.iter_mut().skip(t + 1) {
        row.running_cost_savings += site.running_cost * d.share;
    }
}

// ---------------------------------------------------------------------------
// Section 4: marriage value

/// Assembly outcomes, and each member disposal's (unindexed) marriage value by disposal index.
fn assess_assemblies(ctx: &Context, warnings: &mut Vec<Problem>) -> (Vec<AssemblyLine>, HashMap<usize, f64>) {
    let mut lines = Vec::with_capacity(ctx.s.assemblies.len());
    let mut marriage = HashMap::new();
    for (i, a) in ctx.s.assemblies.iter().enumerate() {
        let line = assess_assembly(ctx, i, a, warnings);
        for m in &line.members {
            if let Some(d) = m.disposal {
                marriage.insert(d, m.marriage_value);
            }
        }
        lines.push(line);
    }
    (lines, marriage)
}

fn assembly_ref(i: usize, a: &Assembly) -> ItemRef {
    ItemRef {
        kind: ItemKind::Assembly,
        index: i,
        id: a.id.clone(),
        name: a.name.clone(),
    }
}

fn assess_assembly(ctx: &Context, i: usize, a: &Assembly, warnings: &mut Vec<Problem>) -> AssemblyLine {
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
    if !a.enabled {
        return line;
    }
    let disposals = match realised_members(ctx, a) {
        Ok(d) => d,
        Err(why) => {
            warnings.push(Problem::warning(
                assembly_ref(i, a),
                "members",
                format!("not realised, no marriage value counted: {why}"),
            ));
            return line;
        }
    };
    let bases: Vec<f64> = disposals
        .iter()
        .map(|&di| {
            let d = &ctx.s.disposals[di];
            base_value(ctx.site(&d.site).map_or(0.0, |s| s.value), d)
        })
        .collect();
    let separate: f64 = bases.iter().sum();
    let combined = combined_value(a, separate);
    let mv = combined - separate;
    let shares = match marriage_shares(ctx, a, &disposals, &bases) {
        Some(sh) => sh,
        None => {
            warnings.push(Problem::warning(
                assembly_ref(i, a),
                "split",
                "the members' values or areas sum to zero, so marriage value is split equally",
            ));
            vec![1.0 / bases.len() as f64; bases.len()]
        }
    };
    if mv < 0.0 {
        warnings.push(Problem::warning(
            assembly_ref(i, a),
            "combined_value",
            "negative marriage value: the sites are worth less together than apart",
        ));
    }
    line.realised = true;
    line.fy = Some(ctx.s.disposals[disposals[0]].fy);
    line.separate_value = separate;
    line.combined_value = combined;
    line.marriage_value = mv;
    line.members = disposals
        .iter()
        .zip(bases.iter().zip(&shares))
        .map(|(&di, (&b, &sh))| AssemblyMember {
            site: ctx.s.disposals[di].site.clone(),
            owner: ctx
                .site(&ctx.s.disposals[di].site)
                .map(|s| s.owner.clone())
                .unwrap_or_default(),
            disposal: Some(di),
            base_value: b,
            share: sh,
            marriage_value: mv * sh,
            marriage_value_realised: 0.0,
        })
        .collect();
    line
}

/// An enabled assembly is realised only when each member site has exactly one
/// disposal and all fall in the same FY. Returns the member disposals in member order.
fn realised_members(ctx: &Context, a: &Assembly) -> Result<Vec<usize>, String> {
    let mut out = Vec::with_capacity(a.members.len());
    for m in &a.members {
        let ds = ctx.disposals_of_site.get(m.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        match ds {
            [one] => out.push(*one),
            [] => return Err(format!("member site '{m}' has no disposal")),
            _ => return Err(format!("member site '{m}' has {} disposals, not one", ds.len())),
        }
    }
    let first_fy = out.first().map(|&d| ctx.s.disposals[d].fy);
    if let Some(odd) = out.iter().find(|&&d| Some(ctx.s.disposals[d].fy) != first_fy) {
        let d = &ctx.s.disposals[*odd];
        return Err(format!(
            "member site '{}' is sold in {}, out of step with {}",
            d.site,
            fy_label(d.fy),
            fy_label(first_fy.unwrap_or(d.fy))
        ));
    }
    Ok(out)
}

/// Combined value `V`: given directly, or `(1 + uplift) * S`.
pub fn combined_value(a: &Assembly, separate: f64) -> f64 {
    match (a.combined_value, a.uplift) {
        (Some(v), _) => v,
        (None, Some(u)) => (1.0 + u) * separate,
        (None, None) => separate,
    }
}

/// The split rule's shares `s_i`; `None` when a pro-rata basis sums to zero.
fn marriage_shares(ctx: &Context, a: &Assembly, disposals: &[usize], bases: &[f64]) -> Option<Vec<f64>> {
    let areas: Vec<f64> = disposals
        .iter()
        .map(|&di| {
            let d = &ctx.s.disposals[di];
            ctx.site(&d.site).map_or(0.0, |s| s.area_ha) * d.share
        })
        .collect();
    split_shares(&a.split, bases, &areas)
}

/// Split rule: pro rata to base value, pro rata to `area_ha * share`, equal, or fixed.
pub fn split_shares(split: &Split, bases: &[f64], areas: &[f64]) -> Option<Vec<f64>> {
    let pro_rata = |w: &[f64]| {
        let total: f64 = w.iter().sum();
        (total != 0.0).then(|| w.iter().map(|x| x / total).collect())
    };
    match split {
        Split::ProRataValue => pro_rata(bases),
        Split::ProRataArea => pro_rata(areas),
        Split::Equal => Some(vec![1.0 / bases.len() as f64; bases.len()]),
        Split::Fixed(shares) => Some(shares.clone()),
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
fn matching_rule<'a>(ctx: &Context<'a>, owner: &str) -> Option<&'a RetentionRule> {
    let rules = &ctx.s.retention_rules;
    rules
        .iter()
        .find(|r| matches!(&r.applies_to, AppliesTo::Organisation(id) if id == owner))
        .or_else(|| {
            let kind = ctx.owner_kind(owner)?;
            rules.iter().find(|r| r.applies_to == AppliesTo::Kind(kind))
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

fn warn_unmatched_owners(ctx: &Context, disposals: &[DisposalLine], warnings: &mut Vec<Problem>) {
    let mut seen = std::collections::HashSet::new();
    for line in disposals {
        if matching_rule(ctx, &line.owner).is_some() || !seen.insert(line.owner.as_str()) {
            continue;
        }
        let (index, name) = ctx
            .orgs
            .get(line.owner.as_str())
            .map_or((0, String::new()), |&i| (i, ctx.s.organisations[i].name.clone()));
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

/// Per-project capex by year index, with optimism bias.
fn capex_profile(s: &Scenario, p: &Project) -> Vec<f64> {
    let mut k = vec![0.0; s.horizon as usize];
    for &(fy, amount) in &p.capex {
        let t = s.year_index(fy);
        if s.in_horizon(t) {
            k[t as usize] += capex_with_bias(amount, p.optimism_bias);
        }
    }
    k
}

/// What a source has left to give over the project's life.
fn source_allowance(src: &FundingSource) -> f64 {
    match src {
        FundingSource::Pot { cap, .. } => cap.unwrap_or(f64::INFINITY),
        FundingSource::Grant { amount, .. } => *amount,
    }
}

/// The funding waterfall (section 6): year by year, pots open with last year's
/// closing balance plus the year's retained inflow; projects in scenario order
/// draw on their sources in order; what is still needed is that year's gap.
fn fund_projects(ctx: &Context, acc: &mut Accumulator) -> Vec<ProjectLine> {
    let s = ctx.s;
    let profiles: Vec<Vec<f64>> = s.projects.iter().map(|p| capex_profile(s, p)).collect();
    let mut lines: Vec<ProjectLine> = s.projects.iter().map(ProjectLine::new).collect();
    let mut left: Vec<Vec<f64>> = s
        .projects
        .iter()
        .map(|p| p.funding.iter().map(source_allowance).collect())
        .collect();
    let mut balance: Vec<f64> = s.pots.iter().map(|p| p.opening_balance).collect();

    for t in 0..acc.flows.len() {
        for (p, b) in balance.iter_mut().enumerate() {
            *b += acc.inflow[p][t];
        }
        for (j, project) in s.projects.iter().enumerate() {
            let need = profiles[j][t];
            if need <= 0.0 {
                continue;
            }
            let drawn = draw_sources(ctx, project, need, &mut left[j], &mut balance);
            lines[j].record(t, need, &drawn);
            let row = &mut acc.flows[t];
            row.capex += need;
            row.funded_from_pots += drawn.from_pots;
            row.funded_from_grants += drawn.from_grants;
            row.funding_gap += drawn.gap;
        }
        for (p, b) in balance.iter().enumerate() {
            acc.closing[p][t] = *b;
        }
    }
    lines
}

/// What one project drew in one year.
pub(crate) struct Draw {
    pub by_source: Vec<f64>,
    pub from_pots: f64,
    pub from_grants: f64,
    pub gap: f64,
}

/// Walks a project's sources in order for one year's need. A grant gives
/// `min(need, grant left)`; a pot gives `min(need, balance, cap left)` and is
/// never drawn when its balance is at or below zero.
fn draw_sources(ctx: &Context, project: &Project, need: f64, left: &mut [f64], balance: &mut [f64]) -> Draw {
    let mut draw = Draw {
        by_source: vec![0.0; project.funding.len()],
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
            FundingSource::Pot { pot, .. } => {
                let Some(&p) = ctx.pots.get(pot.as_str()) else {
                    continue;
                };
                let take = draw.gap.min(balance[p].max(0.0)).min(left[k]).max(0.0);
                balance[p] -= take;
                take
            }
        };
        left[k] -= take;
        draw.by_source[k] += take;
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
}

impl Accumulator {
    fn new(s: &Scenario, horizon: usize) -> Self {
        Accumulator {
            flows: vec![Flows::default(); horizon],
            inflow: vec![vec![0.0; horizon]; s.pots.len()],
            closing: vec![vec![0.0; horizon]; s.pots.len()],
        }
    }

    fn year_rows(self, s: &Scenario) -> Vec<YearRow> {
        self.flows
            .into_iter()
            .enumerate()
            .map(|(t, mut flows)| {
                flows.retained = pot_map(s, |p| self.inflow[p][t]);
                flows.pot_closing = pot_map(s, |p| self.closing[p][t]);
                let fy = s.start_fy + t as i32;
                YearRow {
                    fy,
                    label: fy_label(fy),
                    flows,
                }
            })
            .collect()
    }
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

/// Present values of the headline flows and `net = retained + savings - capex - new running costs`.
fn npv_of(s: &Scenario, years: &[YearRow]) -> Npv {
    let pv = |f: &dyn Fn(&Flows) -> f64| -> f64 {
        years
            .iter()
            .enumerate()
            .map(|(t, y)| f(&y.flows) * discount_factor(s.discount, t))
            .sum()
    };
    let retained = pv(&|f| f.retained.values().sum());
    let savings = pv(&|f| f.running_cost_savings);
    let capex = pv(&|f| f.capex);
    let new_running = pv(&|f| f.new_running_costs);
    Npv {
        retained_receipts: retained,
        returned_national: pv(&|f| f.returned_national),
        capex,
        funding_gap: pv(&|f| f.funding_gap),
        running_cost_savings: savings,
        new_running_costs: new_running,
        net: retained + savings - capex - new_running,
    }
}
