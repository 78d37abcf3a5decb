//! MODEL.md section 5: retention, who keeps each receipt, and the pots it
//! flows into: their annual caps, and section 6's spending limits (the
//! capital budget) on what projects may draw from them.

use rustc_hash::FxHashSet;

use super::time::fy_label;
use super::{either, Engine, Outcome};
use crate::format::money;
use crate::model::{AppliesTo, FundingSource, OrgKind, Pot, Project, RetentionRule, Scenario};
use crate::problem::{ItemKind, ItemRef, Problem};
use crate::report::{DisposalLine, ProjectLine};

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
    let share = rule.retained_share;
    let limit = rule.limit_per_disposal.unwrap_or(f64::INFINITY);
    // Worked out both ways and chosen without a branch: along a list of
    // disposals, owners whose rule has a limit and owners whose rule has none
    // come in no order a processor could predict. (Limits are finite: validation.)
    either(net > 0.0 && limit < f64::INFINITY, share * net.min(limit) / net, share)
}

/// The part of a year's inflow above the pot's annual cap, returned nationally.
pub fn capped_excess(inflow: f64, cap: f64) -> f64 {
    (inflow - cap).max(0.0)
}

/// A pot's annual cap limits its total retained inflow in a year; the excess is returned nationally.
pub(super) fn apply_pot_caps(s: &Scenario, o: &mut Outcome) {
    for (p, pot) in s.pots.iter().enumerate() {
        let Some(cap) = pot.annual_cap else { continue };
        for (t, inflow) in o.retained[p].iter_mut().enumerate() {
            let excess = capped_excess(*inflow, cap);
            *inflow -= excess;
            o.years[t].returned_national += excess;
        }
    }
}

impl Engine<'_> {
    /// Warns once for each owner of a disposal line that no retention rule matches.
    pub(super) fn warn_unmatched_owners(&self, lines: &[DisposalLine], warnings: &mut Vec<Problem>) {
        let s = self.ids.s;
        // Known owners by index; an owner that is no organisation (an invalid file) by its id.
        let mut warned = vec![false; s.organisations.len()];
        let mut warned_unknown = FxHashSet::default();
        for line in lines {
            let r = &self.disposals[line.index];
            if r.rule.is_some() {
                continue;
            }
            let owner = self.owner_of(line.index);
            let first = match r.org {
                Some(i) => !std::mem::replace(&mut warned[i], true),
                None => warned_unknown.insert(owner),
            };
            if !first {
                continue;
            }
            let (index, name) = r
                .org
                .map_or((0, String::new()), |i| (i, s.organisations[i].name.clone()));
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
}

/// Section 6, step 3: what a pot gives a project this year,
/// `min(need, pot balance, project cap left, pot's spending limit left this year)`;
/// nothing from a balance at or below zero.
pub fn pot_draw(need: f64, balance: f64, cap_left: f64, limit_left: f64) -> f64 {
    need.min(balance.max(0.0)).min(cap_left).min(limit_left).max(0.0)
}

/// Each year index's spending limit of a pot: the profile's amount, or
/// infinite (no limit) in a year the profile does not list.
pub(super) fn spend_limits_by_year(s: &Scenario, pot: &Pot) -> Vec<f64> {
    (0..s.horizon as usize)
        .map(|t| {
            let fy = s.start_fy.saturating_add(t as i32);
            pot.spend_limit(fy).unwrap_or(f64::INFINITY)
        })
        .collect()
}

/// The pots as one year's draws find them: balances, spending limit left
/// this year and what projects have drawn, by pot index (then year index).
pub(super) struct PotsInYear<'a> {
    pub(super) t: usize,
    pub(super) balance: &'a mut [f64],
    pub(super) limit_left: &'a mut [Vec<f64>],
    pub(super) drawn: &'a mut [Vec<f64>],
}

impl PotsInYear<'_> {
    /// A pot's draw for a need: [`pot_draw`]; books it against the balance,
    /// the year's limit and the pot's drawn total.
    pub(super) fn draw(&mut self, p: usize, need: f64, cap_left: f64) -> f64 {
        let t = self.t;
        let take = pot_draw(need, self.balance[p], cap_left, self.limit_left[p][t]);
        self.balance[p] -= take;
        self.limit_left[p][t] -= take;
        self.drawn[p][t] += take;
        take
    }
}

/// Section 6's spending limit warning: for each pot and FY in which, after
/// the year's draws, the limit left is zero, the balance is above zero and a
/// project listing the pot among its sources has a funding gap that year.
pub(super) fn warn_spend_limits_binding(
    s: &Scenario,
    o: &Outcome,
    projects: &[ProjectLine],
    warnings: &mut Vec<Problem>,
) {
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
