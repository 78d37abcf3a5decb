//! The foundation's speed targets (issue 2, item 9) on the generated
//! London-scale scenario: full recalculation (target: at most 2 ms median) at
//! 1,000, 2,500 and 5,000 sites to show how it scales, and load + validate of
//! the 5,000-site file (target: at most 100 ms); and the marriage value
//! opportunities among 5,000 located sites (issue 12: under 50 ms). Measured
//! figures are kept in docs/performance.md. Run with `cargo bench --bench engine`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

// Linked for its allocator, so the figures are those of the app and its subcommands.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use estates_core::compute;
use estates_core::engine::{Case, Engine};
use estates_core::generate::{london_scale, GenParams};
use estates_core::io::{load, save};
use estates_core::place::opportunities;
use estates_receipts as _;

/// The seed of the benchmarked scenario, so every run measures the same file.
const SEED: u64 = 2026;

/// The generated scenario at a size, with assemblies and projects in the
/// London-scale proportion (one assembly per 10 sites, 3 projects per 50).
fn scenario(sites: usize) -> estates_core::Scenario {
    let params = GenParams {
        sites,
        assemblies: sites / 10,
        projects: sites * 3 / 50,
        ..GenParams::default()
    };
    london_scale(SEED, &params)
}

fn recalculation(c: &mut Criterion) {
    let mut group = c.benchmark_group("recalculate");
    for sites in [1_000, 2_500, 5_000] {
        let s = scenario(sites);
        group.bench_with_input(BenchmarkId::from_parameter(sites), &s, |b, s| {
            b.iter(|| compute(black_box(s)))
        });
    }
    group.finish();
}

/// The recalculation's three stages at 5,000 sites, to see where its time goes.
fn recalculation_stages(c: &mut Criterion) {
    let s = scenario(5_000);
    let engine = Engine::new(&s);
    let case = Case::as_written(&s);
    let outcome = engine.run(&case);
    let mut group = c.benchmark_group("recalculate_stage");
    group.bench_function("resolve_ids/5000", |b| b.iter(|| Engine::new(black_box(&s))));
    group.bench_function("run/5000", |b| b.iter(|| engine.run(black_box(&case))));
    group.bench_function("report/5000", |b| b.iter(|| engine.report(black_box(&case), &outcome)));
    group.finish();
}

fn load_and_validate(c: &mut Criterion) {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("cannot make a scratch folder for the benchmark file: {e}"),
    };
    let path = dir.path().join("london-scale.ron");
    if let Err(e) = save(&path, &scenario(5_000)) {
        panic!("cannot write the benchmark scenario: {e}");
    }
    // Measure the path a user takes, not the error path of a file that fails to load.
    assert!(load(&path).is_ok(), "the generated scenario must load and validate");
    c.bench_function("load_and_validate/5000", |b| {
        b.iter(|| load(black_box(Path::new(&path))))
    });
}

/// Marriage value opportunities on the 5,000 located sites, at the default
/// 100 m and at 500 m, where there are many more pairs to list.
fn marriage_value_opportunities(c: &mut Criterion) {
    let s = scenario(5_000);
    let mut group = c.benchmark_group("opportunities");
    for within in [100.0, 500.0] {
        let id = BenchmarkId::new(format!("within_{within}m"), 5_000);
        group.bench_with_input(id, &s, |b, s| b.iter(|| opportunities(black_box(s), within)));
    }
    group.finish();
}

/// Short runs so the whole suite finishes in a few minutes on two cores.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = recalculation, recalculation_stages, load_and_validate, marriage_value_opportunities
}
criterion_main!(benches);
