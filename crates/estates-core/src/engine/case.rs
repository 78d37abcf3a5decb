//! Cases: the inputs a run may take differently from the scenario as written.

use std::collections::HashMap;

use super::disposals::base_value;
use crate::model::Scenario;

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
