//! Risk: how likely the programme is to be funded, not one point estimate.
//!
//! [`simulate`] is a Monte Carlo: each draw decides every disposal's fate
//! (whether it goes ahead, its value, how many years late) and every project's
//! capex from the scenario's uncertainty inputs, then runs the real engine on
//! that case. [`sensitivity`] is the Green Book's sensitivity analysis: one
//! family of inputs moved at a time, and the switching values at which the
//! funding gap or the net NPV reaches zero. `docs/risk.md` explains the method
//! and the choices made.

mod charts;
mod export;
mod montecarlo;
mod sensitivity;
mod text;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::Serialize;

use crate::model::{RiskSettings, Scenario};
use crate::problem::Problem;
use crate::validate::validate;

pub use charts::{
    percent, pot_fan, projects_funded, risk_charts, settings_tested, spread_histogram, tornado, NamedChart,
    HISTOGRAM_BINS,
};
pub use export::{risk_chart_meta, write_risk_charts};
pub use montecarlo::{
    histogram, simulate, triangular_quantile, years_late, Band, Bin, Headline, PotFan, ProjectChance, RiskResult,
    Sampler, Spread,
};
pub use sensitivity::{
    sensitivity, Bar, Family, Figures, Lever, Sensitivity, Switch, Target, DISCOUNT_HIGH, DISCOUNT_LOW,
    OPTIMISM_BIAS_HIGH, RETENTION_SWING, SWITCH_RANGE, VALUE_SWING,
};
pub use text::{risk_text, switch_words};

/// A funding gap at or below this is rounding, not a gap (50p).
pub const GAP_TOLERANCE: f64 = 0.5;

/// Why a risk analysis gave no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RiskError {
    #[error("the risk analysis was cancelled")]
    Cancelled,
    #[error("draws must be 1 to {max}, not {0}", max = RiskSettings::MAX_DRAWS)]
    Draws(u32),
    #[error("the scenario has {} problem(s) to fix before a risk analysis:\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

/// The Monte Carlo and the sensitivity analysis of one scenario, as the
/// headless `risk` command and the app's risk view show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub monte_carlo: RiskResult,
    pub sensitivity: Sensitivity,
}

/// Runs both analyses. `done` counts finished draws (it is reset to 0 first);
/// setting `cancel` stops the run early with [`RiskError::Cancelled`].
pub fn analyse(
    s: &Scenario,
    settings: RiskSettings,
    done: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<Analysis, RiskError> {
    let monte_carlo = simulate(s, settings, done, cancel)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(RiskError::Cancelled);
    }
    Ok(Analysis {
        monte_carlo,
        sensitivity: sensitivity(s)?,
    })
}

/// The engine trusts validated input, and a risk figure from a broken file
/// would mislead, so both analyses refuse a scenario with errors.
fn ensure_valid(s: &Scenario) -> Result<(), RiskError> {
    let errors = validate(s);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(RiskError::Invalid(errors))
    }
}
