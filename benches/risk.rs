//! Issue 5's speed target on the generated London-scale scenario: 10,000
//! Monte Carlo draws in at most 2 s on two cores. Also how the time grows
//! with the number of draws (1,000, 5,000, 10,000 at 5,000 sites) and of
//! sites (1,000, 2,500, 5,000 at 10,000 draws), and the sensitivity analysis
//! at 5,000 sites. Every disposal and project is given a range, so each draw
//! varies everything. Figures are kept in docs/risk.md. Run with
//! `cargo bench --bench risk`.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::time::Duration;

// Linked for its allocator, so the figures are those of the app and its subcommands.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use estates_core::generate::{london_scale, GenParams};
use estates_core::model::{RiskSettings, Scenario, Triangular};
use estates_core::risk::{sensitivity, simulate};
use estates_receipts as _;

/// The seed of the benchmarked scenario, so every run measures the same file.
const SEED: u64 = 2026;

/// The generated scenario at a size (one assembly per 10 sites, 3 projects per
/// 50, as in the engine benchmark), with illustrative uncertainty: values
/// 20% under to 30% over, up to three years late, capex up to 50% over.
fn scenario(sites: usize) -> Scenario {
    let params = GenParams {
        sites,
        assemblies: sites / 10,
        projects: sites * 3 / 50,
        ..GenParams::default()
    };
    let mut s = london_scale(SEED, &params);
    for d in &mut s.disposals {
        d.value_range = Some(Triangular {
            low: 0.8,
            mode: 1.0,
            high: 1.3,
        });
        d.delay = vec![0.6, 0.25, 0.1, 0.05];
    }
    for p in &mut s.projects {
        p.capex_overrun = Some(Triangular {
            low: 0.95,
            mode: 1.05,
            high: 1.5,
        });
    }
    s
}

fn run(s: &Scenario, draws: u32) {
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    let settings = RiskSettings { draws, seed: SEED };
    if let Err(e) = simulate(black_box(s), settings, &done, &cancel) {
        panic!("the benchmark scenario must simulate: {e}");
    }
}

fn by_draws(c: &mut Criterion) {
    let s = scenario(5_000);
    let mut group = c.benchmark_group("risk_draws_5000_sites");
    for draws in [1_000, 5_000, 10_000] {
        group.bench_with_input(BenchmarkId::from_parameter(draws), &draws, |b, &draws| {
            b.iter(|| run(&s, draws))
        });
    }
    group.finish();
}

fn by_sites(c: &mut Criterion) {
    let mut group = c.benchmark_group("risk_sites_10000_draws");
    for sites in [1_000, 2_500, 5_000] {
        let s = scenario(sites);
        group.bench_with_input(BenchmarkId::from_parameter(sites), &s, |b, s| b.iter(|| run(s, 10_000)));
    }
    group.finish();
}

fn tornado(c: &mut Criterion) {
    let s = scenario(5_000);
    c.bench_function("sensitivity_5000_sites", |b| b.iter(|| sensitivity(black_box(&s))));
}

/// Ten samples each, so the whole suite finishes in a few minutes on two cores.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = by_draws, by_sites, tornado
}
criterion_main!(benches);
