//! Explaining a figure in the app (issue 14, item 1): a cell of the yearly
//! table clicked opens its parts in a window, the same as the `explain`
//! command's, and a part's link shows its item in the editor.

use crate::support as app_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_core::explain::explain;
use estates_core::format::money_m;
use estates_core::problem::ItemKind;
use estates_receipts::app::command::Command;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use app_support::{app_harness, run_command, sample};

/// The results view, tall enough that the yearly table is on screen below the charts.
fn results_app() -> Harness<'static, App> {
    let mut h = app_harness([1280.0, 2400.0], |_| App::with_scenario(sample(), None));
    run_command(&mut h, Command::ShowView(View::Results));
    h
}

#[test]
fn clicking_a_years_cell_opens_its_parts_adding_up_to_it() {
    let mut h = results_app();
    let report = estates_core::compute(&sample());
    // A year whose gross receipts show a figure found nowhere else on screen, so the click is unambiguous.
    let (fy, shown) = report
        .years
        .iter()
        .map(|y| (y.fy, money_m(y.flows.gross_receipts)))
        .find(|(_, t)| t != "£0.0m" && h.query_all_by_label(t).count() == 1)
        .expect("a year with a distinct gross receipts figure");
    h.get_by_label(&shown).click();
    h.run();
    let opened = h
        .state()
        .explanation()
        .cloned()
        .expect("the cell opened its explanation");
    assert_eq!((opened.field.as_str(), opened.fy), ("gross_receipts", Some(fy)));
    let expected = explain(&sample(), "gross_receipts", fy, None).expect("explainable");
    assert_eq!(opened, expected);
    let sum: f64 = opened.parts.iter().map(|p| p.amount).sum();
    assert!((sum - opened.value).abs() <= 1e-6 * opened.value.abs().max(1.0));
    // The window shows each part's words and the total.
    h.get_by_label("Where this figure comes from");
    for part in &opened.parts {
        h.get_by_label(&part.how);
    }
    let noun = if opened.parts.len() == 1 { "part" } else { "parts" };
    h.get_by_label(&format!("{} {noun}, adding up to {shown}", opened.parts.len()));
}

#[test]
fn a_parts_link_shows_the_item_and_the_window_closes() {
    let mut h = results_app();
    let s = sample();
    let fy = estates_core::compute(&s)
        .years
        .iter()
        .find(|y| y.flows.retained_total() > 0.0)
        .map(|y| y.fy)
        .expect("the sample retains something");
    run_command(
        &mut h,
        Command::Explain {
            field: "retained".into(),
            fy,
            pot: None,
        },
    );
    let part = h.state().explanation().expect("open").parts[0].clone();
    assert_eq!(part.kind, "disposal");
    h.get_by_role_and_label(Role::Link, &format!("Show disposal '{}'", part.item))
        .click();
    h.run();
    let revealed = h.state().reveal().expect("the item is revealed");
    assert_eq!(
        (revealed.kind, revealed.id.as_str()),
        (ItemKind::Disposal, part.item.as_str())
    );
    assert_eq!(h.state().view(), View::of_item(ItemKind::Disposal));
    run_command(&mut h, Command::CloseExplanation);
    assert!(h.state().explanation().is_none());
    assert!(h.query_by_label("Where this figure comes from").is_none());
}

#[test]
fn explaining_a_year_outside_the_horizon_says_so() {
    let mut h = results_app();
    let s = sample();
    let after = s.start_fy + s.horizon as i32;
    run_command(
        &mut h,
        Command::Explain {
            field: "capex".into(),
            fy: after,
            pot: None,
        },
    );
    assert!(h.state().explanation().is_none());
    let said = h
        .state()
        .notices()
        .iter()
        .any(|n| n.text.contains("outside the scenario's horizon"));
    assert!(said, "a notice says why");
}

#[test]
fn clicking_a_headline_opens_its_total_adding_up_to_it() {
    let mut h = results_app();
    let report = estates_core::compute(&sample());
    let shown = money_m(report.totals.retained_total());
    h.get_by_label(&format!("Retained locally: {shown}")).click();
    h.run();
    let opened = h
        .state()
        .explanation()
        .cloned()
        .expect("the headline opened its explanation");
    assert_eq!(
        opened,
        estates_core::explain::explain_headline(&sample(), "retained").expect("explainable")
    );
    assert_eq!(opened.span(), estates_core::explain::Span::Total);
    let sum: f64 = opened.parts.iter().map(|p| p.amount).sum();
    assert!((sum - report.totals.retained_total()).abs() <= 1e-6 * sum.abs().max(1.0));
    h.get_by_label(&format!("Retained locally, total over the horizon: {shown}"));
}

#[test]
fn clicking_an_npv_opens_each_years_discounted_flow() {
    let mut h = results_app();
    let report = estates_core::compute(&sample());
    let shown = money_m(report.npv.capex);
    run_command(&mut h, Command::ExplainHeadline("capex_npv".into()));
    let opened = h.state().explanation().cloned().expect("open");
    assert_eq!(opened.field, "capex");
    assert_eq!(opened.value, report.npv.capex);
    h.get_by_label(&format!("Capex NPV: {shown}"));
    // A year's part links to the discount rate, in the assumptions.
    h.get_all_by_label("Show the discount rate")
        .next()
        .expect("a link")
        .click();
    h.run();
    assert_eq!(
        h.state().view(),
        View::Editor(estates_receipts::app::edit_ctx::EditorView::Assumptions)
    );
}
