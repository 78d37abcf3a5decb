//! The risk view driven as a user would: run the analysis through its
//! command, watch the result arrive from the background thread, cancel a long
//! run, see a result go stale after an edit, and set draws and seed under
//! Assumptions.

use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::time::Duration;

use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use estates_core::export::usvg;
use estates_core::format::money_m;
use estates_core::io::{self, FileFormat};
use estates_core::model::RiskSettings;
use estates_core::risk::{analyse, percent, switch_words, Analysis};
use estates_core::Scenario;
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::risk_view::STALE;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use crate::support as app_support;
use app_support::type_into;

/// The devolved Lewisham sample: it has value ranges, delays and a capex overrun.
fn devolved(draws: u32) -> Scenario {
    let text = include_str!("../../sample_scenarios/lewisham-devolved.ron");
    let mut s = io::parse(text, FileFormat::Ron).expect("the sample is valid");
    s.risk = RiskSettings { draws, seed: 7 };
    s
}

fn risk_view(s: Scenario) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |_| App::with_scenario(s, None));
    harness.state_mut().queue(Command::ShowView(View::Risk));
    harness.run();
    harness
}

/// Frames until the background run has ended. The bound is in frames, not
/// time: each frame waits a little for the thread, so a slow machine only
/// takes longer.
fn wait_for_the_run(harness: &mut Harness<'_, App>) {
    const FRAMES: usize = 6_000;
    for _ in 0..FRAMES {
        if !harness.state().risk().is_running() {
            harness.run();
            return;
        }
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the risk analysis did not finish within {FRAMES} frames");
}

/// The analysis the app should show, computed here without the app.
fn expected(s: &Scenario) -> Analysis {
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    analyse(s, s.risk, &done, &cancel).expect("the sample can be analysed")
}

#[test]
fn a_run_shows_the_headline_percentiles_and_each_projects_chance() {
    let s = devolved(500);
    let a = expected(&s);
    let mut harness = risk_view(s);
    harness.get_by_label("Run risk analysis").click();
    harness.run();
    wait_for_the_run(&mut harness);
    let r = &a.monte_carlo;
    harness.get_by_label(&format!("Net NPV, P50: {}", money_m(r.net_npv.p50)));
    harness.get_by_label(&format!("Funding gap, P90: {}", money_m(r.funding_gap.p90)));
    harness.get_by_label(&format!(
        "Probability of a funding gap: {}",
        percent(r.probability_of_gap)
    ));
    for p in &r.projects {
        harness.get_by_label(&format!("{}: {} fully funded", p.name, percent(p.fully_funded)));
    }
    let shown = harness.state().risk().finished().map(|f| &f.analysis);
    assert_eq!(
        shown,
        Some(&a),
        "the view shows the analysis of the scenario as it was run"
    );
    // Every chart can be exported, and the switching values are in words.
    assert_eq!(harness.get_all_by_label_contains("Export the chart").count(), 7);
    for sw in &a.sensitivity.switching {
        harness.get_by_label(&switch_words(sw, a.sensitivity.base));
    }
    harness.get_by_label("Run again");
}

#[test]
fn a_risk_chart_exports_through_the_print_exporter() {
    let mut harness = risk_view(devolved(200));
    harness.state_mut().queue(Command::RunRisk);
    harness.run();
    wait_for_the_run(&mut harness);
    let fan = harness
        .state()
        .risk()
        .finished()
        .map(|f| f.charts[0].chart.clone())
        .expect("a result");
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("fan.svg");
    // What the chart's "Export…" button asks for, with the file already chosen.
    harness
        .state_mut()
        .queue(Command::ExportChart(Box::new(fan.clone()), Some(path.clone())));
    harness.run();
    let svg = std::fs::read_to_string(&path).expect("the chart was written");
    usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("the SVG parses");
    assert!(svg.contains(&format!(">{}</text>", fan.title)), "the page is titled");
    assert!(svg.contains(">P10 to P90</text>"), "the band has a legend entry");
    assert!(
        svg.contains("Monte Carlo of 200 draws from seed"),
        "the page says how the draws were made"
    );

    // An edit that breaks a rule leaves the analysis as it was run: its
    // charts still export, citing the scenario they were run on.
    let name = harness.state().document().scenario.name.clone();
    harness.state_mut().scenario_mut().horizon = 0;
    harness.state_mut().scenario_mut().name = "Edited after the run".into();
    harness.run();
    let again = dir.path().join("fan-after-edit.svg");
    harness
        .state_mut()
        .queue(Command::ExportChart(Box::new(fan), Some(again.clone())));
    harness.run();
    let svg = std::fs::read_to_string(&again).expect("the chart was written after the edit");
    assert!(
        svg.contains(&name) && !svg.contains("Edited after the run"),
        "it cites the scenario as run"
    );
}

#[test]
fn cancel_stops_a_long_run_and_says_so() {
    let mut harness = risk_view(devolved(RiskSettings::MAX_DRAWS));
    harness.state_mut().queue(Command::RunRisk);
    harness.run();
    assert!(harness.state().risk().is_running());
    harness.get_by_label_contains("of 1,000,000 draws");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().risk().is_running());
    assert!(harness.state().risk().finished().is_none());
    let note = harness.state().risk().note().unwrap_or_default().to_owned();
    assert!(note.starts_with("Cancelled after "), "{note}");
    harness.get_by_label(&note);
    harness.get_by_label("Run risk analysis");
}

#[test]
fn editing_after_a_run_marks_the_result_stale_until_run_again() {
    let mut harness = risk_view(devolved(200));
    harness.state_mut().queue(Command::RunRisk);
    harness.step();
    wait_for_the_run(&mut harness);
    assert!(harness.query_by_label(STALE).is_none());
    for site in &mut harness.state_mut().scenario_mut().sites {
        site.value *= 0.5;
    }
    harness.run();
    harness.get_by_label(STALE);
    harness
        .get_all_by_label("Run again")
        .next()
        .expect("a Run again button")
        .click();
    // Stepped, not run: the run keeps the frames coming until it ends.
    harness.step();
    wait_for_the_run(&mut harness);
    assert!(harness.query_by_label(STALE).is_none());
    let ran_on = harness.state().risk().finished().map(|f| (*f.scenario).clone());
    assert_eq!(ran_on.as_ref(), Some(&harness.state().document().scenario));
}

#[test]
fn an_invalid_scenario_says_why_it_cannot_run() {
    let mut s = devolved(200);
    s.disposals[0].probability = 1.5;
    let harness = risk_view(s);
    harness.get_by_label_contains("The risk analysis needs a valid scenario: fix 1 error(s)");
    assert!(harness.get_by_label("Run risk analysis").accesskit_node().is_disabled());
}

#[test]
fn draws_and_seed_are_set_under_assumptions() {
    let mut harness = risk_view(devolved(200));
    harness
        .state_mut()
        .queue(Command::ShowView(View::Editor(EditorView::Assumptions)));
    harness.run();
    for (label, text) in [("Risk draws", "2,500"), ("Risk seed", "99")] {
        type_into(&mut harness, label, text);
    }
    assert_eq!(
        harness.state().document().scenario.risk,
        RiskSettings { draws: 2_500, seed: 99 }
    );
    harness.state_mut().queue(Command::ShowView(View::Risk));
    harness.run();
    harness.get_by_label("2,500 draws from seed 99 (set under Assumptions)");
}
