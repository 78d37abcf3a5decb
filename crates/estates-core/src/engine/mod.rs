//! The receipts engine: a pure function from a scenario to its results, laid
//! out as `MODEL.md` is, one module per section, each rule one function named
//! after it, so a reviewer can set the contract and the code side by side:
//!
//! - [`time`]: sections 1 and 7, financial years, land value growth and discounting;
//! - [`disposals`]: section 3, each disposal's receipt and the council warnings;
//! - [`marriage_value`]: section 4, assemblies and the split of marriage value;
//! - [`retention`]: section 5, who keeps each receipt, and the pots: annual
//!   caps and section 6's spending limits;
//! - [`projects`]: section 6, capex and the funding waterfall;
//! - [`report`]: section 8, the named report and its totals.
//!
//! The engine trusts that the scenario passed validation; on an invalid one it
//! never panics but skips what it cannot resolve (a missing site, an unknown pot).
//!
//! The work is done in three steps so that the Monte Carlo (`risk`) can run
//! the very same rules thousands of times: [`Engine::new`] resolves every id
//! once ([`resolve`]); [`Engine::run`] applies the rules to a [`Case`] (the
//! scenario as written, or a draw that drops, delays or revalues disposals and
//! scales capex) with numbers only; [`Engine::report`] names the results and
//! raises the warnings. [`compute`] is the three in a row.

mod case;
pub mod disposals;
pub mod marriage_value;
pub mod projects;
pub mod report;
mod resolve;
pub mod retention;
pub mod time;

use std::collections::BTreeMap;

pub use case::{Case, DisposalCase};
pub use disposals::{base_value, risk_weight, COUNCIL_COST_RATE_LIMIT, COUNCIL_DE_MINIMIS};
pub use marriage_value::combined_value;
pub use projects::{capex_with_bias, ProjectTally, SourceDraw};
pub use retention::{capped_excess, matching_rule, pot_draw, retained_fraction};
pub use time::{discount_factor, fy_label, growth_factor};

use crate::model::{Scenario, MAX_HORIZON};
use crate::report::{Flows, Npv, Report};
use marriage_value::{Assessed, Scratch};
use resolve::{Ids, Resolved};

/// Runs the whole model (MODEL.md sections 1-8).
pub fn compute(s: &Scenario) -> Report {
    // Anyone may call this on a scenario that failed validation, and the
    // engine allocates per year: a file claiming billions of years runs on
    // the longest valid horizon.
    if s.horizon > MAX_HORIZON {
        return compute(&Scenario {
            horizon: MAX_HORIZON,
            ..s.clone()
        });
    }
    let engine = Engine::new(s);
    let case = Case::as_written(s);
    let outcome = engine.run(&case);
    engine.report(&case, &outcome)
}

/// A scenario with its ids resolved, ready to run any number of cases.
pub struct Engine<'a> {
    ids: Ids<'a>,
    /// What a run needs of each disposal, in scenario order.
    disposals: Vec<Resolved>,
    /// Every disposal's tranches `(offset, fraction)`, one after another.
    tranches: Vec<(usize, f64)>,
    /// Every disposal of each member site, by assembly then member.
    member_disposals: resolve::MemberDisposals,
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

impl<'a> Engine<'a> {
    pub fn new(s: &'a Scenario) -> Self {
        let ids = Ids::new(s);
        let mut tranches = Vec::new();
        let disposals: Vec<Resolved> = s
            .disposals
            .iter()
            .map(|d| resolve::disposal(&ids, d, &mut tranches))
            .collect();
        let member_disposals = resolve::MemberDisposals::new(&ids, &disposals);
        let (source_start, source_pot) = resolve::funding_sources(&ids);
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
                .flat_map(|p| p.funding.iter().map(projects::source_allowance))
                .collect(),
            capex_by_year: projects::capex_by_year(s),
            spend_limits: s
                .pots
                .iter()
                .map(|pot| retention::spend_limits_by_year(s, pot))
                .collect(),
            new_running_costs: projects::new_running_costs(s),
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
        let savings = disposals::running_cost_savings(&o.savings_from);
        for (row, (saving, new_running)) in o.years.iter_mut().zip(savings.zip(&self.new_running_costs)) {
            row.running_cost_savings = saving;
            row.new_running_costs = *new_running;
        }
        retention::apply_pot_caps(s, o);
        self.fund_projects(case, o);
        o.npv = self.npv_of(o);
        o.retained_total = self
            .pots_in_id_order
            .iter()
            .map(|&p| o.retained[p].iter().fold(0.0, |sum, x| sum + x))
            .sum();
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
    /// The running cost savings that start in each year, by year index.
    savings_from: Vec<f64>,
    // Working buffers, kept only so the next run can reuse them.
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
        self.assemblies.clear();
        zeroed(&mut self.savings_from, horizon);
    }
}

/// `a` if `c`, else `b`, chosen without a branch: for choices that follow no
/// pattern (a draw's side of the mode, whether a rule has a limit), a
/// mispredicted branch costs more than working out both.
pub(crate) fn either(c: bool, a: f64, b: f64) -> f64 {
    f64::from_bits(std::hint::select_unpredictable(c, a.to_bits(), b.to_bits()))
}

/// `len` zeros in a reused buffer.
fn zeroed(v: &mut Vec<f64>, len: usize) {
    v.clear();
    v.resize(len, 0.0);
}
