//! MODEL.md section 3: disposals. Each disposal's gross receipt, cost, net
//! receipt and profit, booked by tranche, and the warnings a finance officer
//! would want about it.

use super::case::{Case, DisposalCase};
use super::retention::retained_fraction;
use super::{Engine, Outcome};
use crate::format::{money, money_full};
use crate::model::{Disposal, OrgKind};
use crate::problem::{ItemKind, ItemRef, Problem};
use crate::report::DisposalLine;

/// Councils may fund disposal costs from the receipt only up to 4% (capital finance regulations).
pub const COUNCIL_COST_RATE_LIMIT: f64 = 0.04;
/// At or below £10,000 a council disposal is not a capital receipt (de minimis).
pub const COUNCIL_DE_MINIMIS: f64 = 10_000.0;

/// Base value `B`: the agreed price if given, else `value * share`.
pub fn base_value(site_value: f64, d: &Disposal) -> f64 {
    d.agreed_price.unwrap_or(site_value * d.share)
}

/// Gross receipt `G = (B + M) * (1 + g)^t`, with `growth` the index `(1 + g)^t`.
pub fn gross_receipt(base: f64, marriage: f64, growth: f64) -> f64 {
    (base + marriage) * growth
}

/// Disposal cost `C = cost_rate * G + fixed_cost`.
pub fn disposal_cost(gross: f64, cost_rate: f64, fixed_cost: f64) -> f64 {
    cost_rate * gross + fixed_cost
}

/// Net receipt `N = G - C` (negative is allowed, and warned about).
pub fn net_receipt(gross: f64, cost: f64) -> f64 {
    gross - cost
}

/// Profit on disposal `G - C - book_value * share` (reported, not a cash flow).
pub fn profit_on_disposal(gross: f64, cost: f64, book_value_of_share: f64) -> f64 {
    gross - cost - book_value_of_share
}

/// Running cost savings by year: each year's are the previous year's plus
/// those that start in it (`running_cost * share` from the year after each
/// disposal), given the savings starting in each year.
pub fn running_cost_savings(starting: &[f64]) -> impl Iterator<Item = f64> + '_ {
    starting.iter().scan(0.0, |saving, start| {
        *saving += start;
        Some(*saving)
    })
}

/// Risk weighting: when on, gross, cost and net are all scaled by the probability.
pub fn risk_weight(weight_by_probability: bool, probability: f64) -> f64 {
    if weight_by_probability {
        probability
    } else {
        1.0
    }
}

/// Councils may fund disposal costs from the receipt only up to [`COUNCIL_COST_RATE_LIMIT`].
pub fn over_council_cost_limit(cost_rate: f64) -> bool {
    cost_rate > COUNCIL_COST_RATE_LIMIT
}

/// A council receipt of [`COUNCIL_DE_MINIMIS`] or less is not a capital receipt.
pub fn below_council_de_minimis(gross_before_weighting: f64) -> bool {
    gross_before_weighting <= COUNCIL_DE_MINIMIS
}

/// One disposal's figures in a run (risk-weighted when the case says so).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DisposalFigures {
    pub(super) index: usize,
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
    pub(super) fn base(&self, case: &Case, i: usize) -> f64 {
        let factor = case.disposals.get(i).map_or(1.0, |c| c.value_factor);
        self.disposals[i].base * factor
    }

    /// A disposal's figures, or `None` when it does not go ahead, its site is
    /// unknown or its year is outside the horizon. Always inlined, so that a
    /// run computes only the figures it books.
    #[inline(always)]
    pub(super) fn evaluate_disposal(
        &self,
        case: &Case,
        index: usize,
        c: &DisposalCase,
        marriage: f64,
    ) -> Option<DisposalFigures> {
        if !c.goes_ahead {
            return None;
        }
        let r = &self.disposals[index];
        // A disposal of an unknown site counts nothing.
        r.site?;
        let t = self.ids.year(c.fy)?;
        let base = self.base(case, index);
        let growth = self.growth[t];
        let w = risk_weight(case.weight_by_probability, r.probability);
        let gross = gross_receipt(base, marriage, growth);
        let cost = disposal_cost(gross, r.cost_rate, r.fixed_cost);
        let net = net_receipt(gross, cost);
        let (gross, cost, net) = (gross * w, cost * w, net * w);
        let fraction = r.retention.map_or(0.0, |(rule, _)| {
            retained_fraction(&self.ids.s.retention_rules[rule], net)
        });
        let retained = net * fraction;
        Some(DisposalFigures {
            index,
            fy: c.fy,
            t,
            base,
            gross,
            cost,
            net,
            profit: profit_on_disposal(gross, cost, r.book_value),
            marriage: super::marriage_value::marriage_value_realised(marriage, growth, w),
            fraction,
            retained,
            returned: net - retained,
        })
    }

    /// Books one disposal's flows: gross, cost and marriage value in the disposal
    /// year; net receipts, retention and returns by tranche; savings, backlog and homes.
    pub(super) fn book_disposal(&self, f: &DisposalFigures, o: &mut Outcome) {
        let r = &self.disposals[f.index];
        let row = &mut o.years[f.t];
        row.gross_receipts += f.gross;
        row.disposal_costs += f.cost;
        row.marriage_value += f.marriage;
        // Site benefits are not risk-weighted: the running cost saving every
        // year after the disposal year, backlog avoided and homes enabled in it.
        row.backlog_avoided += r.backlog;
        row.homes += r.homes;
        // The saving starts the year after; `running_cost_savings` carries it
        // forward, so booking it is one addition however long the horizon.
        if let Some(start) = o.savings_from.get_mut(f.t + 1) {
            *start += r.running_cost;
        }
        // Tranche `k` lands `N * fraction_k` in year `t + offset_k`.
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

    pub(super) fn disposal_line(&self, f: &DisposalFigures) -> DisposalLine {
        let d = &self.ids.s.disposals[f.index];
        DisposalLine {
            index: f.index,
            id: d.id.as_str().into(),
            site: d.site.as_str().into(),
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
    pub(super) fn owner_of(&self, disposal: usize) -> &str {
        let s = self.ids.s;
        self.disposals[disposal].site.map_or("", |k| s.sites[k].owner.as_str())
    }

    /// The item a disposal's warnings name: its id, and its site's name.
    fn disposal_ref(&self, line: &DisposalLine) -> ItemRef {
        let s = self.ids.s;
        ItemRef {
            kind: ItemKind::Disposal,
            index: line.index,
            id: line.id.to_string(),
            name: self.disposals[line.index]
                .site
                .map_or_else(String::new, |k| s.sites[k].name.clone()),
        }
    }

    /// A negative net receipt, and for councils the 4% cost limit and the de minimis.
    pub(super) fn warn_disposal(&self, case: &Case, line: &DisposalLine, d: &Disposal, warnings: &mut Vec<Problem>) {
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
        let s = self.ids.s;
        let kind = self.disposals[line.index].org.map(|i| s.organisations[i].kind);
        if kind != Some(OrgKind::Council) {
            return;
        }
        if over_council_cost_limit(d.cost_rate) {
            warnings.push(Problem::warning(
                item(),
                "cost_rate",
                format!(
                    "council disposal costs of {:.1}% exceed the {:.0}% that may be funded from the receipt",
                    d.cost_rate * 100.0,
                    COUNCIL_COST_RATE_LIMIT * 100.0
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
        if below_council_de_minimis(unweighted_gross) {
            warnings.push(Problem::warning(
                item(),
                "value",
                format!(
                    "council receipt of {} or less is below the de minimis and is not a capital receipt",
                    money_full(COUNCIL_DE_MINIMIS)
                ),
            ));
        }
    }
}
