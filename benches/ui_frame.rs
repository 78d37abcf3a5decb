//! Issue 3's speed target: the app on the generated London-scale scenario
//! (5,000 sites, 500 assemblies, 300 projects, 30 years) in a kittest
//! harness at 1280x800 (every generated site has a location, so the map
//! draws all 5,000). For each view it measures the CPU time of one frame:
//! layout (the app's whole `ui` pass) plus tessellation of what it drew, so
//! the app stays at 60 fps with room to spare (target: at most 8 ms). It also
//! measures an edit followed by the frame that shows its results: a site's
//! value changes, the next frame notices the edit (undo step, validation,
//! recompute, charts) and the frame after draws the new figures.
//!
//! The harness also builds the AccessKit tree every frame, which the desktop
//! app only does while a screen reader is attached, so these figures are an
//! upper bound. Figures are kept in docs/performance.md. Run with
//! `cargo bench --bench ui_frame`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use egui_kittest::Harness;
use estates_core::generate::{london_scale, GenParams};
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::view::{View, ALL};
use estates_receipts::app::App;

/// The seed of the benchmarked scenario, as in the engine benchmark.
const SEED: u64 = 2026;

fn london_app() -> Harness<'static, App> {
    let scenario = london_scale(SEED, &GenParams::default());
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(64)
        .build_eframe(move |_| App::with_scenario(scenario, None));
    harness.run();
    harness
}

/// One frame as the desktop app runs it: the `ui` pass, then tessellation.
fn frame(harness: &mut Harness<'static, App>) {
    harness.step();
    let output = harness.output();
    let primitives = harness.ctx.tessellate(output.shapes.clone(), output.pixels_per_point);
    black_box(primitives);
}

/// A name for a view that criterion can use in a benchmark id.
fn slug(view: View) -> String {
    view.label().to_lowercase().replace(' ', "_")
}

fn view_frames(c: &mut Criterion) {
    let mut harness = london_app();
    let mut group = c.benchmark_group("frame");
    for view in ALL {
        harness.state_mut().queue(Command::ShowView(view));
        harness.run();
        group.bench_function(slug(view), |b| b.iter(|| frame(&mut harness)));
    }
    group.finish();
}

fn edit_then_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("edit_then_frame");
    // In the results (charts and table redrawn), in the sites editor
    // (where the edit is typed; the headline strip shows its effect) and on
    // the map (marks and shading worked out again).
    for view in [View::Results, View::Editor(EditorView::Sites), View::Map] {
        let mut harness = london_app();
        harness.state_mut().queue(Command::ShowView(view));
        harness.run();
        let mut raise = true;
        group.bench_function(slug(view), |b| {
            b.iter(|| {
                // Alternating keeps every iteration a real change of the figures.
                let factor = if raise { 1.1 } else { 1.0 / 1.1 };
                raise = !raise;
                harness.state_mut().scenario_mut().sites[0].value *= factor;
                frame(&mut harness);
                frame(&mut harness);
            })
        });
    }
    group.finish();
}

/// Short runs: a London-scale frame is milliseconds, so 20 samples settle.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = view_frames, edit_then_frame
}
criterion_main!(benches);
