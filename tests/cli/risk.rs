//! The risk analysis (issue 5): the Monte Carlo runs the real engine on each
//! draw, converges to the risk-weighted figures, is ordered and reproducible
//! whatever the thread count; the tornado and switching values are
//! deterministic runs that a test can repeat by hand.

use crate::builders as scenario_builders;

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use estates_core::charts::{Mark, RiskChart};
use estates_core::engine::{Case, Engine};
use estates_core::export::{usvg, Format, PNG_HEIGHT, PNG_WIDTH};
use estates_core::io::{parse, save, to_ron, FileFormat};
use estates_core::model::{Discount, OrgKind, RiskSettings, Scenario, Triangular};
use estates_core::problem::{ItemKind, Problem};
use estates_core::report::Report;
use estates_core::risk::{
    analyse, risk_chart_meta, risk_charts, sensitivity, simulate, switch_words, write_risk_charts, Analysis, Family,
    Figures, Headline, Lever, RiskError, RiskResult, Sampler, Target,
};
use estates_core::validate::validate;
use scenario_builders::*;

// ---------------------------------------------------------------------------
// Scenarios

/// Six years from FY 2026 (to 2031/32). Trust sites a (£4m), b (£3m, paid in two
/// halves a year apart) and e (£1.5m, in the last year) keep half in `local`;
/// council sites c (£2m) and d (£5m) keep all in `pool`. Hub 1 needs £6m in FY 2028
/// from `local`; hub 2 £4m in FY 2030 from `pool` after a £1m grant. No assembly,
/// cap or limit, so retained receipts are linear in which disposals go ahead.
fn programme() -> Scenario {
    let mut s = estate(6);
    s.name = "Risk test programme".to_owned();
    s.pots.push(pot("pool", 0.0));
    s.sites = vec![
        site("a", "nhs", 4e6),
        site("b", "nhs", 3e6),
        site("c", "council", 2e6),
        site("d", "council", 5e6),
        site("e", "nhs", 1.5e6),
    ]
    .into();
    let mut b = disposal("b", 2027);
    b.phasing = vec![(0, 0.5), (1, 0.5)];
    s.disposals = vec![
        disposal("a", 2026),
        b,
        disposal("c", 2028),
        disposal("d", 2029),
        disposal("e", 2031),
    ]
    .into();
    s.retention_rules = vec![
        kind_rule("trusts", OrgKind::NhsTrust, 0.5, "local"),
        kind_rule("councils", OrgKind::Council, 1.0, "pool"),
    ]
    .into();
    s.projects = vec![
        project("hub1", &[(2028, 6e6)], vec![from_pot("local", None)]),
        project(
            "hub2",
            &[(2030, 4e6)],
            vec![grant("GP grant", 1e6), from_pot("pool", None)],
        ),
    ]
    .into();
    s
}

/// Probabilities of going ahead 0.8, 0.6, 0.9, 0.7 and 0.5 for a to e.
fn with_probabilities(mut s: Scenario) -> Scenario {
    for (d, p) in s.disposals.iter_mut().zip([0.8, 0.6, 0.9, 0.7, 0.5]) {
        d.probability = p;
    }
    s
}

/// The programme with everything the engine can do switched on: an assembly of a
/// with a new site f (both FY 2026), a cap on `pool`, a per-disposal limit, fees,
/// growth, probabilities, value ranges, delays and capex overruns.
fn full() -> Scenario {
    let mut s = with_probabilities(programme());
    s.land_growth = 0.02;
    s.sites.push(site("f", "nhs", 1e6));
    s.disposals.push(disposal("f", 2026));
    s.assemblies = vec![assembly("af", &["a", "f"], 0.2)].into();
    s.pots[1].annual_cap = Some(4e6);
    s.pots[0].spend_limits = vec![(2027, 1.5e6), (2028, 0.0)];
    s.retention_rules[0].limit_per_disposal = Some(2.5e6);
    let range = Triangular {
        low: 0.8,
        mode: 1.0,
        high: 1.3,
    };
    for d in &mut s.disposals {
        d.cost_rate = 0.02;
        d.value_range = Some(range);
        d.delay = vec![0.6, 0.3, 0.1];
    }
    for p in &mut s.projects {
        p.optimism_bias = 0.1;
        p.capex_overrun = Some(Triangular {
            low: 0.95,
            mode: 1.05,
            high: 1.5,
        });
    }
    s
}

fn run(s: &Scenario, draws: u32, seed: u64) -> RiskResult {
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    let r = simulate(s, RiskSettings { draws, seed }, &done, &cancel).expect("the risk analysis runs");
    assert_eq!(done.into_inner(), draws as usize, "progress counts every draw");
    r
}

/// The Monte Carlo's headline figures read from a report.
fn headline(r: &Report) -> Headline {
    Headline {
        retained_receipts: r.totals.retained_total(),
        funding_gap: r.totals.funding_gap,
        net_npv: r.npv.net,
        marriage_value: r.totals.marriage_value,
    }
}

fn figures(r: &Report) -> Figures {
    Figures {
        net_npv: r.npv.net,
        funding_gap: r.totals.funding_gap,
    }
}

// ---------------------------------------------------------------------------
// Monte Carlo

#[test]
fn with_no_uncertainty_every_draw_equals_the_deterministic_result() {
    let mut s = full();
    for d in &mut s.disposals {
        d.probability = 1.0;
        d.value_range = None;
        d.delay.clear();
    }
    for p in &mut s.projects {
        p.capex_overrun = None;
    }
    let report = computed(&s);
    let r = run(&s, 64, 7);
    let expected = headline(&report);
    assert!(
        expected.funding_gap > 0.0 && expected.marriage_value > 0.0,
        "a meaningful test case"
    );
    assert_eq!(r.as_written, expected);
    assert!(r.samples.iter().all(|h| *h == expected), "{:?}", r.samples[0]);
    assert_eq!(r.funding_gap.p10, expected.funding_gap);
    assert_eq!(r.net_npv.p90, expected.net_npv);
    for fan in &r.pots {
        for (band, year) in fan.years.iter().zip(&report.years) {
            let closing = year.flows.pot_closing[fan.id.as_str()];
            assert_eq!(
                (band.p10, band.p50, band.p90),
                (closing, closing, closing),
                "{} {}",
                fan.id,
                band.fy
            );
        }
    }
    for (chance, line) in r.projects.iter().zip(&report.projects) {
        let funded = if line.funding_gap <= 0.5 { 1.0 } else { 0.0 };
        assert_eq!(chance.fully_funded, funded, "{}", chance.id);
    }
    assert_eq!(r.probability_of_gap, 1.0);
}

#[test]
fn each_draw_is_the_engine_run_on_the_scenario_it_stands_for() {
    let s = full();
    let r = run(&s, 40, 11);
    let engine = Engine::new(&s);
    let sampler = Sampler::new(&s, 11);
    let mut case = Case::as_written(&s);
    let (mut dropped, mut delayed, mut revalued, mut overrun) = (0, 0, 0, 0);
    for index in 0..40 {
        sampler.draw(index, &mut case);
        dropped += case.disposals.iter().filter(|c| !c.goes_ahead).count();
        delayed += s
            .disposals
            .iter()
            .zip(&case.disposals)
            .filter(|(d, c)| c.fy > d.fy)
            .count();
        revalued += case.disposals.iter().filter(|c| c.value_factor != 1.0).count();
        overrun += case.capex_factor.iter().filter(|&&f| f != 1.0).count();
        let perturbed = case.applied_to(&s);
        assert_eq!(
            perturbed.disposals.len(),
            case.disposals.iter().filter(|c| c.goes_ahead).count()
        );
        assert_eq!(
            Headline::of(&engine.run(&case)),
            headline(&estates_core::compute(&perturbed))
        );
        assert_eq!(r.samples[index as usize], headline(&estates_core::compute(&perturbed)));
    }
    assert!(
        dropped > 0 && delayed > 0 && revalued > 0 && overrun > 0,
        "40 draws drop, delay, revalue and overrun: {dropped} {delayed} {revalued} {overrun}"
    );
}

#[test]
fn with_only_probabilities_the_mean_converges_to_the_risk_weighted_figure() {
    let s = with_probabilities(programme());
    // Risk-weighted by hand (no fees, growth, caps or limits: net = value):
    // a 0.8 x 4m x 0.5 + b 0.6 x 3m x 0.5 + c 0.9 x 2m + d 0.7 x 5m + e 0.5 x 1.5m x 0.5 = £8.175m.
    let weighted = computed(&Scenario {
        weight_by_probability: true,
        ..s.clone()
    });
    assert_close(weighted.totals.retained_total(), 8_175_000.0);

    let n = 20_000;
    let r = run(&s, n, 2026);
    let values: Vec<f64> = r.samples.iter().map(|h| h.retained_receipts).collect();
    let mean = values.iter().sum::<f64>() / f64::from(n);
    assert_eq!(mean, r.retained_receipts.mean);
    let variance = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n - 1);
    // Each disposal is an independent Bernoulli(p) times its retained amount v, so the variance
    // is sum p(1-p)v^2 = 0.16x2m^2 + 0.24x1.5m^2 + 0.09x2m^2 + 0.21x5m^2 + 0.25x0.75m^2 = 6.930625e12.
    let theory = 6.930625e12;
    assert!(
        (variance / theory - 1.0).abs() < 0.05,
        "sample variance {variance} against {theory}"
    );
    // The mean of 20,000 draws is within 4 standard errors (about £74k here, 0.9%) of the
    // expectation with probability 0.99994; the seed is fixed, so the test is not flaky.
    let tolerance = 4.0 * (variance / f64::from(n)).sqrt();
    assert!(
        tolerance < 0.01 * 8_175_000.0,
        "the tolerance {tolerance} is tight enough to mean something"
    );
    assert!(
        (mean - 8_175_000.0).abs() < tolerance,
        "mean {mean} is not within {tolerance} of £8.175m"
    );
}

#[test]
fn p10_p50_p90_are_ordered_everywhere() {
    let r = run(&full(), 2_000, 5);
    for (name, spread) in [
        ("retained", r.retained_receipts),
        ("gap", r.funding_gap),
        ("net NPV", r.net_npv),
        ("marriage", r.marriage_value),
    ] {
        assert!(
            spread.p10 <= spread.p50 && spread.p50 <= spread.p90,
            "{name}: {spread:?}"
        );
        assert!(spread.p10 < spread.p90, "{name} varies across draws: {spread:?}");
    }
    let bands = r.pots.iter().flat_map(|fan| &fan.years);
    assert_eq!(bands.clone().count(), 2 * 6);
    for b in bands {
        assert!(b.p10 <= b.p50 && b.p50 <= b.p90, "{b:?}");
    }
    assert!(r.projects.iter().all(|p| (0.0..=1.0).contains(&p.fully_funded)));
    // The programme has a gap whenever any project has one, so its probability
    // is at least each project's probability of falling short.
    assert!((0.0..=1.0).contains(&r.probability_of_gap));
    for p in &r.projects {
        assert!(r.probability_of_gap + 1e-12 >= 1.0 - p.fully_funded, "{p:?}");
    }
}

#[test]
fn the_probability_of_a_gap_is_the_chance_the_funding_sale_falls_through() {
    // The hub needs £4m and only site a (£10m, half kept: £5m) can fund it, so
    // the programme has a gap exactly when a falls through: probability 0.5.
    let mut s = one_hub();
    s.projects[0].capex = vec![(2027, 4e6)];
    s.disposals[0].probability = 0.5;
    let n = 400;
    let r = run(&s, n, 12);
    // The draws are fixed by the seed whatever the thread count, so this is the
    // same sample on every run and cannot flake; four standard errors of a
    // share of 400 draws (4 x 0.025 = 0.1) allow for the sample it happens to be.
    assert!(
        r.probability_of_gap > 0.0 && r.probability_of_gap < 1.0,
        "both outcomes are drawn: {}",
        r.probability_of_gap
    );
    assert!((r.probability_of_gap - 0.5).abs() < 0.1, "{}", r.probability_of_gap);
    assert_eq!(r.projects[0].fully_funded, 1.0 - r.probability_of_gap);
}

#[test]
fn the_same_seed_gives_the_same_results_on_one_and_on_two_threads() -> Result<(), rayon::ThreadPoolBuildError> {
    let s = full();
    let on = |threads: usize| -> Result<RiskResult, rayon::ThreadPoolBuildError> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        Ok(pool.install(|| run(&s, 3_000, 42)))
    };
    let (one, two) = (on(1)?, on(2)?);
    assert_eq!(one, two);
    assert_ne!(
        run(&s, 3_000, 43).samples,
        one.samples,
        "another seed draws differently"
    );
    Ok(())
}

#[test]
fn a_cancelled_run_gives_no_result_and_draws_must_be_in_range() {
    let s = full();
    let done = AtomicUsize::new(0);
    let settings = RiskSettings { draws: 500, seed: 1 };
    assert_eq!(
        simulate(&s, settings, &done, &AtomicBool::new(true)),
        Err(RiskError::Cancelled)
    );
    assert_eq!(done.into_inner(), 0);
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    let zero = RiskSettings { draws: 0, seed: 1 };
    assert_eq!(simulate(&s, zero, &done, &cancel), Err(RiskError::Draws(0)));
}

#[test]
fn an_invalid_scenario_is_refused_with_its_problems() {
    let mut s = full();
    s.disposals[0].probability = 1.5;
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    let settings = RiskSettings::default();
    match simulate(&s, settings, &done, &cancel) {
        Err(RiskError::Invalid(problems)) => assert_eq!(problems, validate(&s)),
        other => panic!("expected the scenario's problems, got {other:?}"),
    }
    assert!(matches!(sensitivity(&s), Err(RiskError::Invalid(_))));
}

// ---------------------------------------------------------------------------
// Sensitivity

/// The scenario with one family moved by hand, the way a person would edit the file.
fn moved_by_hand(s: &Scenario, family: Family, high: bool) -> Scenario {
    let mut m = s.clone();
    let pick = |low: f64, high_value: f64| if high { high_value } else { low };
    match family {
        Family::SiteValues => {
            let f = pick(0.8, 1.2);
            m.sites.iter_mut().for_each(|x| x.value *= f);
            m.disposals
                .iter_mut()
                .for_each(|d| d.agreed_price = d.agreed_price.map(|p| p * f));
        }
        Family::Capex => {
            let f = pick(0.8, 1.2);
            for p in &mut m.projects {
                p.capex.iter_mut().for_each(|(_, amount)| *amount *= f);
            }
        }
        Family::OptimismBias => m.projects.iter_mut().for_each(|p| p.optimism_bias = pick(0.0, 0.51)),
        Family::Discount => m.discount = Discount::Flat(pick(0.015, 0.03)),
        // Trusts keep 0.5 -> 0.25 or 0.75; councils 1.0 -> 0.75 or 1.0 (clamped).
        Family::Retention => {
            m.retention_rules[0].retained_share = pick(0.25, 0.75);
            m.retention_rules[1].retained_share = pick(0.75, 1.0);
        }
        // a, b, c, d, e, f from 2026, 2027, 2028, 2029, 2031, 2026. Earlier, a and f cannot
        // leave FY 2026; later, e cannot leave FY 2031, the horizon's last year, and b (paid
        // over two years) moves to 2028 with its second half in 2029.
        Family::Timing => {
            let years = if high {
                [2027, 2028, 2029, 2030, 2031, 2027]
            } else {
                [2026, 2026, 2027, 2028, 2030, 2026]
            };
            m.disposals.iter_mut().zip(years).for_each(|(d, fy)| d.fy = fy);
        }
        Family::SpendLimits => {
            let f = pick(0.8, 1.2);
            for pot in &mut m.pots {
                pot.spend_limits.iter_mut().for_each(|(_, amount)| *amount *= f);
            }
        }
    }
    m
}

#[test]
fn spending_limits_are_tested_only_when_a_pot_has_a_profile() {
    let mut s = full();
    let with = sensitivity(&s).expect("sensitivity runs");
    assert!(with.bars.iter().any(|b| b.family == Family::SpendLimits));
    for pot in &mut s.pots {
        pot.spend_limits.clear();
    }
    let without = sensitivity(&s).expect("sensitivity runs");
    assert_eq!(without.bars.len(), Family::ALL.len() - 1);
    assert!(without.bars.iter().all(|b| b.family != Family::SpendLimits));
}

fn assert_figures_close(actual: Figures, expected: Figures, what: &str) {
    for (a, e, name) in [
        (actual.net_npv, expected.net_npv, "net NPV"),
        (actual.funding_gap, expected.funding_gap, "funding gap"),
    ] {
        let tolerance = 1e-6_f64.max(e.abs() * 1e-12);
        assert!((a - e).abs() <= tolerance, "{what}, {name}: expected {e}, got {a}");
    }
}

#[test]
fn each_tornado_bar_is_the_difference_of_two_deterministic_runs() {
    let mut s = full();
    s.weight_by_probability = true;
    let sens = sensitivity(&s).expect("sensitivity runs");
    let base = computed(&s);
    assert_eq!(sens.base, figures(&base));
    assert_eq!(sens.bars.len(), Family::ALL.len());
    for bar in &sens.bars {
        for (high, end) in [(false, bar.low), (true, bar.high)] {
            let moved = computed(&moved_by_hand(&s, bar.family, high));
            let by_hand = Figures {
                net_npv: moved.npv.net - base.npv.net,
                funding_gap: moved.totals.funding_gap - base.totals.funding_gap,
            };
            let from_bar = Figures {
                net_npv: end.net_npv - sens.base.net_npv,
                funding_gap: end.funding_gap - sens.base.funding_gap,
            };
            assert_figures_close(from_bar, by_hand, &format!("{} high={high}", bar.label));
        }
    }
    let swings: Vec<f64> = sens.bars.iter().map(|b| b.npv_swing()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "widest first: {swings:?}");
    let discount = sens
        .bars
        .iter()
        .find(|b| b.family == Family::Discount)
        .map(|b| (b.low, b.high));
    assert!(
        discount.is_some_and(|(low, high)| low.funding_gap == high.funding_gap && low.net_npv != high.net_npv),
        "discounting moves the NPV and not the gap: {discount:?}"
    );
}

/// Trust site a (£10m) sold in FY 2026 keeps half (£5m) in `local`; a hub needs £6m in
/// FY 2027 from `local`, so the gap is £1m. Switching values by hand:
/// site values x1.2 close the gap (5m x 1.2 = 6m); net NPV = 5m x m - 6m / 1.035 is zero at
/// m = 1.2 / 1.035; capex x(5/6) closes the gap; net NPV is zero at capex x(1.035 x 5/6).
fn one_hub() -> Scenario {
    let mut s = estate(3);
    s.sites = vec![site("a", "nhs", 10e6)].into();
    s.disposals = vec![disposal("a", 2026)].into();
    s.retention_rules = vec![kind_rule("trusts", OrgKind::NhsTrust, 0.5, "local")].into();
    s.projects = vec![project("hub", &[(2027, 6e6)], vec![from_pot("local", None)])].into();
    s
}

fn scaled_by_hand(s: &Scenario, lever: Lever, factor: f64) -> Figures {
    let mut m = s.clone();
    match lever {
        Lever::SiteValues => m.sites.iter_mut().for_each(|x| x.value *= factor),
        Lever::Capex => m.projects.iter_mut().for_each(|p| {
            p.capex.iter_mut().for_each(|(_, amount)| *amount *= factor);
        }),
    }
    figures(&computed(&m))
}

#[test]
fn switching_values_match_the_hand_worked_figures_and_reach_zero_when_rerun() {
    let s = one_hub();
    let sens = sensitivity(&s).expect("sensitivity runs");
    assert_close(sens.base.funding_gap, 1e6);
    let expected = [
        (Lever::SiteValues, Target::NoFundingGap, 1.2),
        (Lever::SiteValues, Target::NetNpvZero, 1.2 / 1.035),
        (Lever::Capex, Target::NoFundingGap, 5.0 / 6.0),
        (Lever::Capex, Target::NetNpvZero, 1.035 * 5.0 / 6.0),
    ];
    assert_eq!(sens.switching.len(), expected.len());
    for (sw, (lever, target, value)) in sens.switching.iter().zip(expected) {
        assert_eq!((sw.lever, sw.target), (lever, target));
        let m = sw.multiplier.unwrap_or(f64::NAN);
        // A gap of 50p or less counts as closed, so the multiplier may stop up to
        // £0.50 / £5m = 1e-7 short of the exact figure.
        assert!((m - value).abs() < 1e-6, "{lever:?} {target:?}: {m} against {value}");
        let rerun = scaled_by_hand(&s, lever, m);
        match target {
            Target::NoFundingGap => assert!(rerun.funding_gap <= 0.5, "{lever:?}: gap {}", rerun.funding_gap),
            Target::NetNpvZero => assert!(rerun.net_npv.abs() < 0.1, "{lever:?}: net NPV {}", rerun.net_npv),
        }
    }
}

#[test]
fn a_switch_outside_the_range_is_reported_as_none() {
    // Only a grant funds the hub and it is £1m short whatever the land is worth.
    let mut s = one_hub();
    s.projects[0].funding = vec![grant("grant", 5e6)];
    let sens = sensitivity(&s).expect("sensitivity runs");
    let gap_by_values = sens
        .switching
        .iter()
        .find(|sw| sw.lever == Lever::SiteValues && sw.target == Target::NoFundingGap);
    assert_eq!(gap_by_values.map(|sw| sw.multiplier), Some(None));
}

// ---------------------------------------------------------------------------
// Inputs: files and validation

#[test]
fn a_file_without_uncertainty_is_written_exactly_as_before() -> Result<(), Box<dyn std::error::Error>> {
    let text = to_ron(&programme())?;
    for key in ["value_range:", "delay:", "capex_overrun:", "risk:"] {
        assert!(
            !text.contains(key),
            "{key} written for a scenario without uncertainty:\n{text}"
        );
    }
    let mut s = full();
    s.risk = RiskSettings { draws: 500, seed: 9 };
    let back = parse(&to_ron(&s)?, FileFormat::Ron)?;
    assert_eq!(back, s);
    let hand_written = "Scenario(name: \"x\", start_fy: 2026, horizon: 3, risk: (seed: 4))";
    assert_eq!(
        parse(hand_written, FileFormat::Ron)?.risk,
        RiskSettings { draws: 10_000, seed: 4 }
    );
    Ok(())
}

fn errors_on(s: &Scenario, kind: ItemKind, field: &str) -> Vec<Problem> {
    validate(s)
        .into_iter()
        .filter(|p| p.item.kind == kind && p.field == field)
        .collect()
}

#[test]
fn uncertainty_inputs_out_of_range_are_errors_naming_the_item_and_field() {
    let mut s = full();
    s.disposals[0].value_range = Some(Triangular {
        low: 1.1,
        mode: 1.0,
        high: 1.3,
    });
    s.disposals[1].delay = vec![0.5, 0.4];
    s.disposals[2].delay = vec![-0.1, 1.1];
    s.projects[1].capex_overrun = Some(Triangular {
        low: -0.5,
        mode: 1.0,
        high: f64::NAN,
    });
    s.risk.draws = 0;
    let range = errors_on(&s, ItemKind::Disposal, "value_range");
    assert_eq!(range.len(), 1);
    assert_eq!(range[0].item.id, "a-d");
    assert!(range[0].message.contains("low <= mode <= high"), "{}", range[0]);
    let delay = errors_on(&s, ItemKind::Disposal, "delay");
    assert_eq!(delay.len(), 3, "{delay:#?}");
    assert!(
        delay[0].item.id == "b-d" && delay[0].message.contains("sum to 0.9"),
        "{}",
        delay[0]
    );
    assert!(delay[1..].iter().all(|p| p.item.id == "c-d"));
    let overrun = errors_on(&s, ItemKind::Project, "capex_overrun");
    assert_eq!(overrun.len(), 2, "negative low and NaN high: {overrun:#?}");
    assert!(overrun.iter().all(|p| p.item.id == "hub2"));
    assert_eq!(errors_on(&s, ItemKind::Scenario, "risk").len(), 1);
    assert_eq!(validate(&s).len(), 7, "nothing else is wrong: {:#?}", validate(&s));
}

// ---------------------------------------------------------------------------
// The headless command

#[test]
fn the_risk_command_prints_reproducible_json_and_a_table() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("programme.ron");
    save(&path, &full())?;
    let risk = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
            .arg("risk")
            .arg(&path)
            .args(args)
            .output()
    };
    let json = risk(&["--draws", "300", "--seed", "3", "--format", "json"])?;
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    assert_eq!(
        risk(&["--draws", "300", "--seed", "3", "--format", "json"])?.stdout,
        json.stdout
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout)?;
    let mc = &v["monte_carlo"];
    assert_eq!((mc["draws"].as_u64(), mc["seed"].as_u64()), (Some(300), Some(3)));
    let net = &mc["net_npv"];
    assert!(net["p10"].as_f64() <= net["p50"].as_f64() && net["p50"].as_f64() <= net["p90"].as_f64());
    // Six families, and spending limits because a pot of `full()` has a profile.
    assert_eq!(v["sensitivity"]["bars"].as_array().map(Vec::len), Some(7));
    assert_eq!(v["sensitivity"]["switching"].as_array().map(Vec::len), Some(4));

    let table = risk(&["--draws", "300"])?;
    let text = String::from_utf8(table.stdout)?;
    for expected in [
        "300 draws from seed 0",
        "Chance of a funding gap (projects short by more than £0.50 in all): ",
        "Disposal timing",
        "Switching values",
    ] {
        assert!(text.contains(expected), "no '{expected}' in:\n{text}");
    }
    let refused = risk(&["--draws", "0"])?;
    assert_eq!(refused.status.code(), Some(2));
    Ok(())
}

#[test]
fn the_risk_command_writes_the_risk_charts_for_print() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("programme.ron");
    save(&path, &full())?;
    let out = dir.path().join("charts");
    let risk = |formats: &str| {
        Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
            .arg("risk")
            .arg(&path)
            .args(["--draws", "200", "--out"])
            .arg(&out)
            .args(["--chart-format", formats])
            .output()
    };
    let run = risk("svg")?;
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = String::from_utf8(run.stdout)?;
    // Two pots give two fans; then two histograms, the projects' chances and two tornadoes.
    let mut names: Vec<String> = std::fs::read_dir(&out)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    assert_eq!(
        names,
        [
            "programme-risk-funding-gap.svg",
            "programme-risk-net-npv.svg",
            "programme-risk-pot-fan-local.svg",
            "programme-risk-pot-fan-pool.svg",
            "programme-risk-projects-funded.svg",
            "programme-tornado-funding-gap.svg",
            "programme-tornado-net-npv.svg",
        ]
    );
    for name in &names {
        assert!(text.contains(name), "the table lists {name}:\n{text}");
    }
    let refused = risk("csv")?;
    assert_eq!(refused.status.code(), Some(2), "risk charts have no CSV form");
    Ok(())
}

fn analysed(s: &Scenario, draws: u32, seed: u64) -> Analysis {
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    analyse(s, RiskSettings { draws, seed }, &done, &cancel).expect("the analysis runs")
}

#[test]
fn exported_risk_charts_parse_as_pdf_png_and_svg() -> Result<(), Box<dyn std::error::Error>> {
    let s = full();
    let a = analysed(&s, 300, 8);
    let charts = risk_charts(&s, &a);
    let meta = risk_chart_meta("programme.ron", &s, &a.monte_carlo, "1 May 2026");
    assert!(
        meta.footnotes.iter().any(|n| n.contains("300 draws from seed 8")),
        "{meta:?}"
    );
    let dir = tempfile::tempdir()?;
    let written = write_risk_charts(
        &charts,
        &meta,
        "programme",
        &[Format::Pdf, Format::Png, Format::Svg],
        dir.path(),
    )?;
    assert_eq!(written.len(), 3 * charts.len());
    for (path, named) in written.chunks(3).zip(&charts) {
        let pdf = lopdf::Document::load_mem(&std::fs::read(&path[0])?)?;
        assert_eq!(pdf.get_pages().len(), 1, "{}", path[0].display());
        let png = std::fs::read(&path[1])?;
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, right after the chunk's length and type.
        let size = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        assert_eq!((size(16), size(20)), (PNG_WIDTH, PNG_HEIGHT), "{}", path[1].display());
        let svg = std::fs::read_to_string(&path[2])?;
        usvg::Tree::from_str(&svg, &usvg::Options::default())?;
        let title = named.chart.title.replace('"', "&quot;");
        assert!(svg.contains(&format!(">{title}</text>")), "{} is titled", named.name);
    }
    Ok(())
}

#[test]
fn the_risk_charts_show_the_analysis_figures() {
    let s = full();
    let a = analysed(&s, 500, 4);
    let r = &a.monte_carlo;
    let charts = risk_charts(&s, &a);
    let ids: Vec<_> = charts.iter().map(|c| c.chart.id).collect();
    use estates_core::charts::ChartId::Risk;
    assert_eq!(
        ids,
        [
            Risk(RiskChart::PotFan),
            Risk(RiskChart::PotFan),
            Risk(RiskChart::FundingGap),
            Risk(RiskChart::NetNpv),
            Risk(RiskChart::ProjectsFunded),
            Risk(RiskChart::TornadoNpv),
            Risk(RiskChart::TornadoGap),
        ]
    );
    // The fan: P10 to P90 as a band, P50 as a line, in £m, one point a year.
    let fan = &charts[0].chart;
    let band = &fan.series[0];
    let Mark::Band { upper } = &band.mark else {
        panic!("the first series of a fan is its band: {band:?}");
    };
    for (k, b) in r.pots[0].years.iter().enumerate() {
        assert_eq!(
            (band.values[k], upper[k], fan.series[1].values[k]),
            (b.p10 / 1e6, b.p90 / 1e6, b.p50 / 1e6)
        );
    }
    assert_eq!(fan.categories.first().map(String::as_str), Some("2026/27"));
    // Histograms: shares of the draws, summing to 100%.
    for histogram in [&charts[2].chart, &charts[3].chart] {
        let total: f64 = histogram.series[0].values.iter().sum();
        assert!((total - 100.0).abs() < 1e-9, "{}: {total}", histogram.title);
        assert!(!histogram.is_money());
    }
    let projects = &charts[4].chart;
    let chances: Vec<f64> = r.projects.iter().map(|p| p.fully_funded * 100.0).collect();
    assert_eq!(projects.series[0].values, chances);
    let short: Vec<f64> = r.projects.iter().map(|p| (1.0 - p.fully_funded) * 100.0).collect();
    assert_eq!(
        projects.series[1].values, short,
        "the rest of each bar is the draws that fall short"
    );
    // Tornadoes: each bar is the change from the base, in £m, widest swing first.
    let npv = &charts[5].chart;
    for (k, bar) in a.sensitivity.bars.iter().enumerate() {
        assert_eq!(
            npv.series[0].values[k],
            (bar.low.net_npv - a.sensitivity.base.net_npv) / 1e6
        );
        assert_eq!(
            npv.series[1].values[k],
            (bar.high.net_npv - a.sensitivity.base.net_npv) / 1e6
        );
        assert_eq!(npv.categories[k], bar.label);
        let settings = format!("{} {}, {}", bar.label.to_lowercase(), bar.low_setting, bar.high_setting);
        assert!(npv.subtitle.contains(&settings), "{} names {settings}", npv.subtitle);
    }
    let gap = &charts[6].chart;
    let swings: Vec<f64> = gap.series[0]
        .values
        .iter()
        .zip(&gap.series[1].values)
        .map(|(l, h)| (h - l).abs())
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "widest first: {swings:?}");
}

#[test]
fn switching_values_read_as_sentences() {
    let sens = sensitivity(&one_hub()).expect("sensitivity runs");
    let words: Vec<String> = sens.switching.iter().map(|sw| switch_words(sw, sens.base)).collect();
    // The hub is £1m short and net NPV is negative (5m - 6m / 1.035), so each target needs a move.
    assert_eq!(
        words[0],
        "There is no funding gap only if site values are at least 1.20x the estimates (20.0% higher)."
    );
    assert!(
        words[2].starts_with("There is no funding gap only if capex is at most 0.83x"),
        "{}",
        words[2]
    );
    // Without the hub's grant shortfall the gap is nil, and stays so until site values fall far enough.
    let mut rich = one_hub();
    rich.sites[0].value = 14e6;
    let sens = sensitivity(&rich).expect("sensitivity runs");
    let first = switch_words(&sens.switching[0], sens.base);
    assert!(
        first.starts_with("There is no funding gap as long as site values are at least 0.86x"),
        "{first}"
    );
    // A grant-only project's gap does not depend on site values at all.
    let mut grant_only = one_hub();
    grant_only.projects[0].funding = vec![grant("grant", 5e6)];
    let sens = sensitivity(&grant_only).expect("sensitivity runs");
    assert_eq!(
        switch_words(&sens.switching[0], sens.base),
        "There is a funding gap whatever site values are, from 0.01x to 10x the estimates."
    );
}
