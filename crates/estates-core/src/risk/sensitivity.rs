//! Sensitivity analysis in the Green Book's sense: each family of inputs moved
//! on its own (a tornado of net NPV and funding gap), and switching values.

use serde::Serialize;

use super::{ensure_valid, RiskError, GAP_TOLERANCE};
use crate::engine::{Case, Engine, Outcome};
use crate::model::{Discount, Scenario};

/// Site values and capex move by this fraction either way.
pub const VALUE_SWING: f64 = 0.2;
/// Retention shares move by this much either way (clamped to 0..=1).
pub const RETENTION_SWING: f64 = 0.25;
/// Green Book upper bound of optimism bias for non-standard buildings, the
/// top of its range for buildings; the low end is bias fully mitigated (0).
pub const OPTIMISM_BIAS_HIGH: f64 = 0.51;
/// The flat discount rates tested against the scenario's own.
pub const DISCOUNT_LOW: f64 = 0.015;
pub const DISCOUNT_HIGH: f64 = 0.03;
/// Switching values are sought between these multipliers.
pub const SWITCH_RANGE: (f64, f64) = (0.01, 10.0);
/// Bisection stops when the bracket is this small relative to the multiplier.
const SWITCH_PRECISION: f64 = 1e-9;

/// Net NPV and total funding gap (undiscounted) of one deterministic run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    pub net_npv: f64,
    pub funding_gap: f64,
}

impl Figures {
    fn of(o: &Outcome) -> Self {
        Figures {
            net_npv: o.npv.net,
            funding_gap: o.total(|f| f.funding_gap),
        }
    }
}

/// A family of inputs moved together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Family {
    /// Every disposal's base value (the site's value or the agreed price) ±20%.
    SiteValues,
    /// Every capex amount ±20%.
    Capex,
    /// Every project's optimism bias at 0 and at 51% (kept if already higher).
    OptimismBias,
    /// Flat 1.5% and flat 3.0% in place of the scenario's discounting.
    Discount,
    /// Every retention rule's share ±0.25, clamped to 0..=1.
    Retention,
    /// Every disposal a year earlier and a year later, kept inside the horizon.
    Timing,
    /// Every pot's spending limits ±20%; tested only when some pot has limits.
    SpendLimits,
}

impl Family {
    pub const ALL: [Family; 7] = [
        Family::SiteValues,
        Family::Capex,
        Family::OptimismBias,
        Family::Discount,
        Family::Retention,
        Family::Timing,
        Family::SpendLimits,
    ];

    /// Whether the family moves anything in this scenario: spending limits
    /// are tested only when a pot has a spending profile.
    pub fn applies_to(self, s: &Scenario) -> bool {
        match self {
            Family::SpendLimits => s.pots.iter().any(|p| !p.spend_limits.is_empty()),
            _ => true,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Family::SiteValues => "Site values",
            Family::Capex => "Capex",
            Family::OptimismBias => "Optimism bias",
            Family::Discount => "Discount rate",
            Family::Retention => "Retention shares",
            Family::Timing => "Disposal timing",
            Family::SpendLimits => "Spending limits",
        }
    }

    /// The lower and the higher setting tested.
    pub fn settings(self) -> [&'static str; 2] {
        match self {
            Family::SiteValues | Family::Capex | Family::SpendLimits => ["-20%", "+20%"],
            Family::OptimismBias => ["0%", "51%"],
            Family::Discount => ["flat 1.5%", "flat 3.0%"],
            Family::Retention => ["-0.25", "+0.25"],
            Family::Timing => ["1 year earlier", "1 year later"],
        }
    }

    /// The scenario's figures with this family at its lower (`high` false) or higher setting.
    fn figures(self, engine: &Engine, high: bool) -> Figures {
        let s = engine.scenario();
        let pick = |low: f64, high_value: f64| if high { high_value } else { low };
        let case = match self {
            Family::SiteValues => values_scaled(s, pick(1.0 - VALUE_SWING, 1.0 + VALUE_SWING)),
            Family::Capex => capex_scaled(s, pick(1.0 - VALUE_SWING, 1.0 + VALUE_SWING)),
            Family::Timing => shifted(s, if high { 1 } else { -1 }),
            Family::SpendLimits => {
                let mut case = Case::as_written(s);
                case.spend_limit_factor = pick(1.0 - VALUE_SWING, 1.0 + VALUE_SWING);
                case
            }
            Family::OptimismBias => {
                let mut s = s.clone();
                for p in &mut s.projects {
                    p.optimism_bias = if high {
                        p.optimism_bias.max(OPTIMISM_BIAS_HIGH)
                    } else {
                        0.0
                    };
                }
                return figures_as_written(&s);
            }
            Family::Discount => {
                let s = Scenario {
                    discount: Discount::Flat(pick(DISCOUNT_LOW, DISCOUNT_HIGH)),
                    ..s.clone()
                };
                return figures_as_written(&s);
            }
            Family::Retention => {
                let mut s = s.clone();
                let swing = pick(-RETENTION_SWING, RETENTION_SWING);
                for r in &mut s.retention_rules {
                    r.retained_share = (r.retained_share + swing).clamp(0.0, 1.0);
                }
                return figures_as_written(&s);
            }
        };
        Figures::of(&engine.run(&case))
    }
}

fn figures_as_written(s: &Scenario) -> Figures {
    Figures::of(&Engine::new(s).run(&Case::as_written(s)))
}

/// Every disposal's base value times `factor`.
fn values_scaled(s: &Scenario, factor: f64) -> Case {
    let mut case = Case::as_written(s);
    for c in &mut case.disposals {
        c.value_factor = factor;
    }
    case
}

/// Every capex amount times `factor`.
fn capex_scaled(s: &Scenario, factor: f64) -> Case {
    let mut case = Case::as_written(s);
    case.capex_factor.fill(factor);
    case
}

/// Every disposal moved by `years`, but no further than keeps it and all its
/// tranches inside the horizon, so the test moves receipts and never loses them.
fn shifted(s: &Scenario, years: i32) -> Case {
    let mut case = Case::as_written(s);
    let first = i64::from(s.start_fy);
    let last = first + i64::from(s.horizon) - 1;
    for (c, d) in case.disposals.iter_mut().zip(&s.disposals) {
        let fy = i64::from(d.fy);
        let longest = d
            .phasing
            .iter()
            .map(|&(offset, _)| i64::from(offset))
            .max()
            .unwrap_or(0);
        let moved = (fy + i64::from(years)).clamp(first.min(fy), (last - longest).max(fy));
        c.fy = i32::try_from(moved).unwrap_or(d.fy);
    }
    case
}

/// One bar of the tornado: the figures at the lower and the higher setting of one family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub family: Family,
    pub label: &'static str,
    pub low_setting: &'static str,
    pub high_setting: &'static str,
    pub low: Figures,
    pub high: Figures,
}

impl Bar {
    /// How far net NPV moves between the two settings.
    pub fn npv_swing(&self) -> f64 {
        (self.high.net_npv - self.low.net_npv).abs()
    }
}

/// What moves until a target is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Lever {
    SiteValues,
    Capex,
}

impl Lever {
    pub fn label(self) -> &'static str {
        match self {
            Lever::SiteValues => "Site values",
            Lever::Capex => "Capex",
        }
    }

    fn case(self, s: &Scenario, factor: f64) -> Case {
        match self {
            Lever::SiteValues => values_scaled(s, factor),
            Lever::Capex => capex_scaled(s, factor),
        }
    }
}

/// The figure a switching value brings to zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Target {
    /// No funding gap over the horizon (at most [`GAP_TOLERANCE`]).
    NoFundingGap,
    /// Net NPV at zero (reported on the side where it is 0 or more).
    NetNpvZero,
}

impl Target {
    pub fn label(self) -> &'static str {
        match self {
            Target::NoFundingGap => "funding gap reaches zero",
            Target::NetNpvZero => "net NPV reaches zero",
        }
    }

    fn met(self, f: Figures) -> bool {
        match self {
            Target::NoFundingGap => f.funding_gap <= GAP_TOLERANCE,
            Target::NetNpvZero => f.net_npv >= 0.0,
        }
    }
}

/// The multiplier of a lever at which a target switches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Switch {
    pub lever: Lever,
    pub target: Target,
    /// `None` when the target does not switch between [`SWITCH_RANGE`]'s ends.
    pub multiplier: Option<f64>,
}

/// The deterministic figures, the tornado (widest net NPV swing first) and the switching values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub base: Figures,
    pub bars: Vec<Bar>,
    pub switching: Vec<Switch>,
}

/// Runs every family at both settings and seeks each switching value.
pub fn sensitivity(s: &Scenario) -> Result<Sensitivity, RiskError> {
    ensure_valid(s)?;
    let engine = Engine::new(s);
    let mut bars: Vec<Bar> = Family::ALL
        .iter()
        .filter(|family| family.applies_to(engine.scenario()))
        .map(|&family| {
            let [low_setting, high_setting] = family.settings();
            Bar {
                family,
                label: family.label(),
                low_setting,
                high_setting,
                low: family.figures(&engine, false),
                high: family.figures(&engine, true),
            }
        })
        .collect();
    bars.sort_by(|a, b| b.npv_swing().total_cmp(&a.npv_swing()));
    let switching = [Lever::SiteValues, Lever::Capex]
        .iter()
        .flat_map(|&lever| {
            [Target::NoFundingGap, Target::NetNpvZero].map(|target| Switch {
                lever,
                target,
                multiplier: switching_value(&engine, lever, target),
            })
        })
        .collect();
    Ok(Sensitivity {
        base: Figures::of(&engine.run(&Case::as_written(s))),
        bars,
        switching,
    })
}

/// The lever's multiplier at which the target starts or stops being met,
/// by bisection over [`SWITCH_RANGE`]; it is reported on the side where the
/// target is met, so a run at that multiplier meets it.
fn switching_value(engine: &Engine, lever: Lever, target: Target) -> Option<f64> {
    let s = engine.scenario();
    let met = |factor: f64| target.met(Figures::of(&engine.run(&lever.case(s, factor))));
    let (lo, hi) = SWITCH_RANGE;
    let (met_lo, met_hi) = (met(lo), met(hi));
    if met_lo == met_hi {
        return None;
    }
    let (mut yes, mut no) = if met_lo { (lo, hi) } else { (hi, lo) };
    while (yes - no).abs() > SWITCH_PRECISION * yes.max(no) {
        let mid = 0.5 * (yes + no);
        if met(mid) {
            yes = mid;
        } else {
            no = mid;
        }
    }
    Some(yes)
}
