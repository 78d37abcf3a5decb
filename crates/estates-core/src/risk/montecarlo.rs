//! The Monte Carlo: draws of the uncertain inputs, each run through the real engine.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::{ensure_valid, RiskError, GAP_TOLERANCE};
use crate::engine::{Case, Engine, Outcome};
use crate::model::{RiskSettings, Scenario, Triangular};

/// Mean and percentiles of one figure over the draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// The headline figures of one run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Headline {
    /// Retained receipts over the horizon, after pot caps, undiscounted.
    pub retained_receipts: f64,
    /// Funding gap over the horizon, undiscounted.
    pub funding_gap: f64,
    pub net_npv: f64,
    /// Marriage value realised over the horizon (indexed like the receipts).
    pub marriage_value: f64,
}

impl Headline {
    /// The same sums as the report's `totals` and `npv`, to the last bit.
    pub fn of(o: &Outcome) -> Self {
        Headline {
            retained_receipts: o.retained_total(),
            funding_gap: o.total(|f| f.funding_gap),
            net_npv: o.npv.net,
            marriage_value: o.total(|f| f.marriage_value),
        }
    }
}

/// P10, P50 and P90 of a pot's closing balance in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub fy: i32,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// A pot's closing balance year by year: the fan chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PotFan {
    pub id: String,
    pub name: String,
    pub years: Vec<Band>,
}

/// How often a project was fully funded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectChance {
    pub id: String,
    pub name: String,
    /// Share of draws in which its funding gap over the horizon was at most [`GAP_TOLERANCE`].
    pub fully_funded: f64,
}

/// What the Monte Carlo found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskResult {
    pub scenario: String,
    pub draws: u32,
    pub seed: u64,
    /// The scenario as written (risk-weighted if it says so), for comparison.
    pub as_written: Headline,
    pub retained_receipts: Spread,
    pub funding_gap: Spread,
    pub net_npv: Spread,
    pub marriage_value: Spread,
    /// Share of draws in which the programme's funding gap exceeded [`GAP_TOLERANCE`].
    pub probability_of_gap: f64,
    /// One fan per pot, in scenario order.
    pub pots: Vec<PotFan>,
    /// One per project, in scenario order.
    pub projects: Vec<ProjectChance>,
    /// Every draw's headline figures in draw order, for histograms (not in the JSON).
    #[serde(skip)]
    pub samples: Vec<Headline>,
}

/// What is kept of one draw.
struct Draw {
    headline: Headline,
    /// Pot closing balances, pot by pot, each over the horizon.
    closing: Vec<f64>,
    /// Whether each project was fully funded.
    funded: Vec<bool>,
}

impl Draw {
    fn of(o: &Outcome) -> Self {
        Draw {
            headline: Headline::of(o),
            closing: o.closing.concat(),
            funded: o.projects.iter().map(|p| p.funding_gap <= GAP_TOLERANCE).collect(),
        }
    }
}

/// Runs `settings.draws` draws in parallel. `done` is reset to 0 and counts
/// finished draws; setting `cancel` stops the run with [`RiskError::Cancelled`].
/// The result depends only on the scenario and the settings, not on the
/// number of threads.
pub fn simulate(
    s: &Scenario,
    settings: RiskSettings,
    done: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<RiskResult, RiskError> {
    if settings.draws == 0 || settings.draws > RiskSettings::MAX_DRAWS {
        return Err(RiskError::Draws(settings.draws));
    }
    ensure_valid(s)?;
    done.store(0, Ordering::Relaxed);
    let engine = Engine::new(s);
    let sampler = Sampler::new(s, settings.seed);
    let draws: Vec<Draw> = (0..u64::from(settings.draws))
        .into_par_iter()
        // Each worker reuses one case and one outcome; every draw overwrites all of both.
        .map_init(
            || (Case::as_written(s), Outcome::default()),
            |(case, outcome), index| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                sampler.draw(index, case);
                engine.run_into(case, outcome);
                done.fetch_add(1, Ordering::Relaxed);
                Some(Draw::of(outcome))
            },
        )
        .collect::<Option<Vec<_>>>()
        .ok_or(RiskError::Cancelled)?;
    let as_written = Headline::of(&engine.run(&Case::as_written(s)));
    Ok(summarise(s, settings, as_written, &draws))
}

/// The scenario's uncertain inputs, gathered once into one compact list so
/// that each draw streams through a fraction of the memory of the scenario.
pub struct Sampler {
    seed: u64,
    disposals: Vec<Uncertain>,
    /// Every disposal's cumulative delay probabilities, one after another.
    delays: Vec<f64>,
    capex: Vec<Quantile>,
}

/// One disposal's uncertain inputs.
struct Uncertain {
    probability: f64,
    value: Quantile,
    fy: i32,
    /// Its cumulative delay probabilities in `Sampler::delays`.
    delay: Range<usize>,
}

impl Sampler {
    pub fn new(s: &Scenario, seed: u64) -> Self {
        let mut delays = Vec::new();
        let disposals = s
            .disposals
            .iter()
            .map(|d| {
                let start = delays.len();
                delays.extend(cumulative(&d.delay));
                Uncertain {
                    probability: d.probability,
                    value: d.value_range.as_ref().map_or(Quantile::ONE, Quantile::of),
                    fy: d.fy,
                    delay: start..delays.len(),
                }
            })
            .collect();
        Sampler {
            seed,
            disposals,
            delays,
            capex: s
                .projects
                .iter()
                .map(|p| p.capex_overrun.as_ref().map_or(Quantile::ONE, Quantile::of))
                .collect(),
        }
    }

    /// Fills `case` (made for the same scenario) with draw number `index`.
    /// Each draw has its own ChaCha8 stream of the seed, so it does not depend
    /// on which thread runs it or on the draws before it. Every disposal takes
    /// one 64-bit number, split into three uniforms (goes ahead, value,
    /// delay), and every project one (capex), used or not, so that an item's
    /// draws stay the same when another item's inputs change.
    pub fn draw(&self, index: u64, case: &mut Case) {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(index);
        // The numbers are taken a block at a time: the same stream as one at a
        // time, without the generator's bookkeeping for each.
        let mut block = [0u64; 64];
        for (ds, cs) in self
            .disposals
            .chunks(block.len())
            .zip(case.disposals.chunks_mut(block.len()))
        {
            let bits = &mut block[..ds.len()];
            rng.fill(bits);
            for ((d, c), &bits) in ds.iter().zip(cs).zip(bits.iter()) {
                let [go, value, late] = three_uniforms(bits);
                c.goes_ahead = go < d.probability;
                c.value_factor = d.value.at(value);
                c.fy =
                    d.fy.saturating_add_unsigned(years_late(&self.delays[d.delay.clone()], late));
            }
        }
        for (range, factor) in self.capex.iter().zip(&mut case.capex_factor) {
            let u: f64 = rng.random();
            *factor = range.at(u);
        }
        // A draw decides whether each disposal happens, so weighting would count probability twice.
        case.weight_by_probability = false;
    }
}

/// Three uniforms in [0, 1) from the three 21-bit parts of one 64-bit number.
/// A 21-bit uniform (steps of 1 in 2,097,152) is ample for a probability or a
/// quantile, and one number a disposal instead of three saves a third of a
/// draw's time on a large estate.
fn three_uniforms(bits: u64) -> [f64; 3] {
    const MASK: u64 = (1 << 21) - 1;
    const SCALE: f64 = 1.0 / (1u64 << 21) as f64;
    [0, 21, 42].map(|shift| ((bits >> shift) & MASK) as f64 * SCALE)
}

/// The inverse distribution function of a triangular distribution at `u` in [0, 1).
pub fn triangular_quantile(t: &Triangular, u: f64) -> f64 {
    Quantile::of(t).at(u)
}

/// A triangular distribution's inverse with the parts that do not depend on
/// `u` worked out once, so that a draw does one square root, no division and
/// no unpredictable branch.
#[derive(Debug, Clone, Copy)]
struct Quantile {
    /// `F(mode)`, where the two halves of the inverse meet (0 when the range is empty).
    below_mode: f64,
    width: f64,
    /// Above and below the mode: `[high, low]`, `[b - c, c - a]`, the sign
    /// of the root and the constant of `x`. Kept here rather than as
    /// constants, so that the compiler loads them by index rather than
    /// choosing between them with a branch.
    from: [f64; 2],
    span: [f64; 2],
    sign: [f64; 2],
    one_or_zero: [f64; 2],
}

impl Quantile {
    /// No uncertainty: always 1 (the input as written).
    const ONE: Quantile = Quantile {
        below_mode: 0.0,
        width: 0.0,
        from: [1.0, 1.0],
        span: [0.0, 0.0],
        sign: [-1.0, 1.0],
        one_or_zero: [1.0, 0.0],
    };

    /// Validation ensures `low <= mode <= high`, so an empty range is a single
    /// point, which `at` returns exactly (adding the square root of 0).
    fn of(t: &Triangular) -> Self {
        let (a, c, b) = (t.low, t.mode, t.high);
        Quantile {
            below_mode: if b > a { (c - a) / (b - a) } else { 0.0 },
            width: b - a,
            from: [b, a],
            span: [b - c, c - a],
            ..Quantile::ONE
        }
    }

    /// `a + sqrt(u (b - a)(c - a))` below the mode, `b - sqrt((1 - u)(b - a)(b - c))`
    /// above it. The side is an index rather than a branch, as a draw falls
    /// either side at random (a mispredicted branch costs more than the
    /// square root); adding `-d` is exactly subtracting `d`.
    fn at(&self, u: f64) -> f64 {
        let side = usize::from(u < self.below_mode);
        // `1 - u` above the mode, `0 + u` below it (both exact): `either` here
        // still compiles to a branch.
        let x = self.one_or_zero[side] + self.sign[side] * u;
        self.from[side] + self.sign[side] * (x * self.width * self.span[side]).sqrt()
    }
}

/// The cumulative probabilities of a delay's years: `P(late <= k)`, summed in order.
pub fn cumulative(delay: &[f64]) -> impl Iterator<Item = f64> + '_ {
    delay.iter().scan(0.0, |sum, p| {
        *sum += p;
        Some(*sum)
    })
}

/// Years late for `u` in [0, 1): the first `k` whose cumulative probability
/// (see [`cumulative`]) exceeds `u`. The probabilities are at least 0, so
/// that is the number of cumulative probabilities at or below `u`: counted
/// without a branch, because which year a draw lands in is as unpredictable
/// to the processor as it is meant to be (a third of a draw's time went in
/// mispredicted branches here).
pub fn years_late(cumulative: &[f64], u: f64) -> u32 {
    let reached = cumulative.iter().filter(|&&c| c <= u).count();
    // Probabilities summing to a hair under 1 leave the top of the range to the longest delay.
    reached.min(cumulative.len().saturating_sub(1)) as u32
}

fn summarise(s: &Scenario, settings: RiskSettings, as_written: Headline, draws: &[Draw]) -> RiskResult {
    let n = draws.len() as f64;
    let samples: Vec<Headline> = draws.iter().map(|d| d.headline).collect();
    let spread_of = |f: fn(&Headline) -> f64| spread(samples.iter().map(f).collect());
    let gaps = samples.iter().filter(|h| h.funding_gap > GAP_TOLERANCE).count();
    RiskResult {
        scenario: s.name.clone(),
        draws: settings.draws,
        seed: settings.seed,
        as_written,
        retained_receipts: spread_of(|h| h.retained_receipts),
        funding_gap: spread_of(|h| h.funding_gap),
        net_npv: spread_of(|h| h.net_npv),
        marriage_value: spread_of(|h| h.marriage_value),
        probability_of_gap: gaps as f64 / n,
        pots: pot_fans(s, draws),
        projects: s
            .projects
            .iter()
            .enumerate()
            .map(|(j, p)| ProjectChance {
                id: p.id.clone(),
                name: p.name.clone(),
                fully_funded: draws.iter().filter(|d| d.funded[j]).count() as f64 / n,
            })
            .collect(),
        samples,
    }
}

fn pot_fans(s: &Scenario, draws: &[Draw]) -> Vec<PotFan> {
    let h = s.horizon as usize;
    let bands: Vec<Band> = (0..s.pots.len() * h)
        .into_par_iter()
        .map(|k| {
            let [p10, p50, p90] = percentiles(draws.iter().map(|d| d.closing[k]).collect());
            Band {
                fy: s.start_fy.saturating_add((k % h) as i32),
                p10,
                p50,
                p90,
            }
        })
        .collect();
    s.pots
        .iter()
        .zip(bands.chunks(h.max(1)))
        .map(|(pot, years)| PotFan {
            id: pot.id.clone(),
            name: pot.name.clone(),
            years: years.to_vec(),
        })
        .collect()
}

/// Mean (summed in draw order) and percentiles.
fn spread(values: Vec<f64>) -> Spread {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let [p10, p50, p90] = percentiles(values);
    Spread { mean, p10, p50, p90 }
}

/// P10, P50 and P90, interpolating between the nearest ranks as a
/// spreadsheet's `PERCENTILE.INC` does.
fn percentiles(mut values: Vec<f64>) -> [f64; 3] {
    [0.1, 0.5, 0.9].map(|q| percentile(&mut values, q))
}

fn percentile(values: &mut [f64], q: f64) -> f64 {
    let Some(last) = values.len().checked_sub(1) else {
        return f64::NAN;
    };
    let rank = last as f64 * q;
    let lo = rank.floor() as usize;
    // Selecting rather than sorting keeps 10,000-draw percentiles linear in the draws.
    let (_, &mut below, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let next = above.iter().copied().min_by(f64::total_cmp).unwrap_or(below);
    below + (rank - lo as f64) * (next - below)
}

/// One bar of a histogram.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub count: usize,
}

/// Counts of values in `bins` equal bins from the smallest value to the
/// largest (the last bin includes the largest). All values in one bin when
/// they are all equal; no bins for no values.
pub fn histogram(values: &[f64], bins: usize) -> Vec<Bin> {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.is_empty() || bins == 0 || !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    let bins = if hi > lo { bins } else { 1 };
    let width = (hi - lo) / bins as f64;
    let mut out: Vec<Bin> = (0..bins)
        .map(|k| Bin {
            from: lo + width * k as f64,
            to: if k + 1 == bins { hi } else { lo + width * (k + 1) as f64 },
            count: 0,
        })
        .collect();
    for &x in values {
        let k = if width > 0.0 { ((x - lo) / width) as usize } else { 0 };
        out[k.min(bins - 1)].count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_ranks_like_percentile_inc() {
        // Sorted 10, 20, 30, 40, 50: P10 sits at rank 0.4, P50 at rank 2, P90 at rank 3.6.
        let [p10, p50, p90] = percentiles(vec![50.0, 10.0, 40.0, 20.0, 30.0]);
        assert!((p10 - 14.0).abs() < 1e-12);
        assert_eq!(p50, 30.0);
        assert!((p90 - 46.0).abs() < 1e-12);
        assert_eq!(percentiles(vec![7.0]), [7.0, 7.0, 7.0]);
    }

    #[test]
    fn the_triangular_quantile_inverts_its_distribution_function() {
        let t = Triangular {
            low: 0.8,
            mode: 1.0,
            high: 1.3,
        };
        assert!((triangular_quantile(&t, 0.0) - 0.8).abs() < 1e-12);
        // F(mode) = (1.0 - 0.8) / (1.3 - 0.8) = 0.4.
        assert!((triangular_quantile(&t, 0.4) - 1.0).abs() < 1e-12);
        // Below the mode F(x) = (x - a)^2 / ((b - a)(c - a)): F(0.9) = 0.01 / 0.1 = 0.1.
        assert!((triangular_quantile(&t, 0.1) - 0.9).abs() < 1e-12);
        // Above it 1 - F(x) = (b - x)^2 / ((b - a)(b - c)): F(1.2) = 1 - 0.01 / 0.15.
        assert!((triangular_quantile(&t, 1.0 - 0.01 / 0.15) - 1.2).abs() < 1e-12);
        let point = Triangular {
            low: 1.1,
            mode: 1.1,
            high: 1.1,
        };
        assert_eq!(triangular_quantile(&point, 0.7), 1.1);
    }

    /// 70 disposals (more than one block of numbers) with every kind of
    /// uncertainty, and two projects, one with a capex range.
    fn uncertain_scenario() -> Scenario {
        let range = Triangular {
            low: 0.8,
            mode: 1.0,
            high: 1.3,
        };
        let disposals: Vec<crate::model::Disposal> = (0..70)
            .map(|i| crate::model::Disposal {
                fy: 2026 + i % 5,
                probability: 0.3 + 0.01 * f64::from(i),
                value_range: (i % 3 != 0).then_some(range),
                delay: if i % 2 == 0 {
                    vec![0.6, 0.25, 0.1, 0.05]
                } else {
                    Vec::new()
                },
                ..Default::default()
            })
            .collect();
        let projects: Vec<crate::model::Project> = (0..2)
            .map(|j| crate::model::Project {
                capex_overrun: (j == 1).then_some(range),
                ..Default::default()
            })
            .collect();
        Scenario {
            disposals: disposals.into(),
            projects: projects.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_draw_takes_one_number_a_disposal_then_one_a_project_in_order() {
        let s = uncertain_scenario();
        let mut case = crate::engine::Case::as_written(&s);
        Sampler::new(&s, 7).draw(3, &mut case);
        // The same draw worked out one number at a time, as the documentation says.
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        rng.set_stream(3);
        for (d, c) in s.disposals.iter().zip(&case.disposals) {
            let [go, value, late] = three_uniforms(rng.random());
            assert_eq!(c.goes_ahead, go < d.probability);
            let expected = d.value_range.as_ref().map_or(1.0, |t| triangular_quantile(t, value));
            assert_eq!(c.value_factor, expected);
            let cumulative: Vec<f64> = cumulative(&d.delay).collect();
            assert_eq!(c.fy, d.fy + years_late(&cumulative, late) as i32);
        }
        // Every project takes its number, with a capex range or not.
        let factors: Vec<f64> = s
            .projects
            .iter()
            .map(|p| triangular_quantile(&range_of(p), rng.random()))
            .collect();
        assert_eq!(case.capex_factor, factors);
        assert_ne!(factors[1], 1.0);
        assert!(!case.weight_by_probability);
        // Another draw number is another stream.
        let mut other = crate::engine::Case::as_written(&s);
        Sampler::new(&s, 7).draw(4, &mut other);
        assert_ne!(other.disposals, case.disposals);
    }

    fn range_of(p: &crate::model::Project) -> Triangular {
        p.capex_overrun.unwrap_or(Triangular {
            low: 1.0,
            mode: 1.0,
            high: 1.0,
        })
    }

    #[test]
    fn one_number_gives_three_independent_uniforms() {
        assert_eq!(three_uniforms(0), [0.0, 0.0, 0.0]);
        let top = 1.0 - 1.0 / 2_097_152.0;
        assert_eq!(three_uniforms(u64::MAX), [top, top, top]);
        // The low, middle and high 21 bits each give one uniform; bit 63 is unused.
        assert_eq!(three_uniforms(1 << 20 | 1 << 41 | 1 << 62), [0.5, 0.5, 0.5]);
        assert_eq!(three_uniforms(1 << 21), [0.0, 1.0 / 2_097_152.0, 0.0]);
    }

    #[test]
    fn years_late_follow_the_cumulative_probabilities() {
        let delay: Vec<f64> = cumulative(&[0.5, 0.3, 0.2]).collect();
        assert_eq!(delay, vec![0.5, 0.8, 1.0]);
        assert_eq!(years_late(&delay, 0.0), 0);
        assert_eq!(years_late(&delay, 0.49), 0);
        assert_eq!(years_late(&delay, 0.5), 1);
        assert_eq!(years_late(&delay, 0.79), 1);
        assert_eq!(years_late(&delay, 0.81), 2);
        assert_eq!(years_late(&[], 0.9), 0);
        // A sum a hair under 1 still gives the longest delay at the top of the range.
        let short: Vec<f64> = cumulative(&[0.5, 0.5 - 1e-12]).collect();
        assert_eq!(years_late(&short, 1.0 - 1e-13), 1);
        // A year with no chance is never drawn.
        let gap: Vec<f64> = cumulative(&[0.5, 0.0, 0.5]).collect();
        assert_eq!(years_late(&gap, 0.5), 2);
    }

    #[test]
    fn a_histogram_counts_every_value_once_in_equal_bins() {
        let bins = histogram(&[0.0, 1.0, 2.5, 4.0, 4.0], 4);
        let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, vec![1, 1, 1, 2]);
        assert_eq!((bins[0].from, bins[3].to), (0.0, 4.0));
        assert_eq!(
            histogram(&[3.0, 3.0], 10),
            vec![Bin {
                from: 3.0,
                to: 3.0,
                count: 2
            }]
        );
        assert!(histogram(&[], 10).is_empty());
    }
}
