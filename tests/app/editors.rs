//! The editor views driven as a user would: by the labels on screen, typing
//! into fields and clicking buttons, then checking the scenario.

use egui::accesskit::Role;
use egui::Key;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_core::model::{
    AppliesTo, Assembly, Disposal, FundingSource, OrgKind, Organisation, Pot, Project, RetentionRule, Site, Split,
};
use estates_core::problem::{ItemKind, ItemRef, Problem};
use estates_core::validate::validate;
use estates_core::{compute, Scenario};
use estates_receipts::app::edit_ctx::{EditCtx, EditorView};
use estates_receipts::app::editors::{editor_ui, view_of, EditorStates};

use crate::support as app_support;
use app_support::type_into;

/// What the shell holds for the editors: the scenario, its problems and the view.
struct Shell {
    scenario: Scenario,
    problems: Vec<Problem>,
    states: EditorStates,
    view: EditorView,
    reveal: Option<ItemRef>,
}

/// Validation errors, or the engine's warnings when there are none, as the shell shows them.
fn problems_of(s: &Scenario) -> Vec<Problem> {
    let errors = validate(s);
    if errors.is_empty() {
        compute(s).warnings
    } else {
        errors
    }
}

fn organisation(id: &str, name: &str, kind: OrgKind) -> Organisation {
    Organisation {
        id: id.into(),
        name: name.into(),
        kind,
    }
}

fn site(id: &str, name: &str, owner: &str, value: f64) -> Site {
    Site {
        id: id.into(),
        name: name.into(),
        owner: owner.into(),
        borough: "Camden".into(),
        sub_region: "NCL".into(),
        value,
        ..Site::default()
    }
}

/// A small Camden scenario: a trust and a council, two sites, a disposal, an
/// assembly of the two sites (off), a pot, a rule and a hub project.
fn camden() -> Scenario {
    let mut s = Scenario {
        name: "Camden test".into(),
        ..Scenario::default()
    };
    s.organisations = vec![
        organisation("trust", "Royal Free London", OrgKind::NhsFoundationTrust),
        organisation("camden", "Camden Council", OrgKind::Council),
    ]
    .into();
    s.sites = vec![
        site("s1", "Whittington clinic", "trust", 8e6),
        site("s2", "Kentish Town health centre", "trust", 5e6),
    ]
    .into();
    s.sites[1].borough = "Islington".into();
    s.disposals = vec![Disposal::new("d1", "s1", 2027)].into();
    s.assemblies = vec![Assembly {
        id: "a1".into(),
        name: "Highgate block".into(),
        members: vec!["s1".into(), "s2".into()],
        enabled: false,
        combined_value: None,
        uplift: Some(0.15),
        split: Split::ProRataValue,
    }]
    .into();
    s.pots = vec![Pot {
        id: "local".into(),
        name: "Camden local".into(),
        ..Pot::default()
    }]
    .into();
    s.retention_rules = vec![RetentionRule {
        id: "r1".into(),
        name: "Trust keeps all".into(),
        applies_to: AppliesTo::Kind(OrgKind::NhsFoundationTrust),
        retained_share: 1.0,
        pot: "local".into(),
        limit_per_disposal: None,
    }]
    .into();
    s.projects = vec![Project {
        id: "p1".into(),
        name: "Kentish Town hub".into(),
        capex: vec![(2028, 12e6)],
        funding: vec![FundingSource::Pot {
            pot: "local".into(),
            cap: None,
        }],
        ..Project::default()
    }]
    .into();
    s
}

fn harness(view: EditorView, scenario: Scenario) -> Harness<'static, Shell> {
    let shell = Shell {
        problems: problems_of(&scenario),
        scenario,
        states: EditorStates::default(),
        view,
        reveal: None,
    };
    let mut harness = Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_ui_state(
        |ui, shell: &mut Shell| {
            let mut ctx = EditCtx {
                scenario: &mut shell.scenario,
                problems: &shell.problems,
                reveal: shell.reveal.as_ref(),
            };
            editor_ui(shell.view, ui, &mut ctx, &mut shell.states);
            shell.problems = problems_of(&shell.scenario);
        },
        shell,
    );
    harness.run();
    harness
}

/// Clicks a row of a table by the text of one of its cells.
fn select_row(harness: &mut Harness<'_, Shell>, cell_text: &str) {
    harness.get_by_label(cell_text).click();
    harness.run();
}

/// Opens a picker and chooses an option by its name.
fn choose(harness: &mut Harness<'_, Shell>, picker: &str, option: &str) {
    harness.get_by_role_and_label(Role::ComboBox, picker).click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, option).click();
    harness.run();
}

#[test]
fn adding_a_site_puts_it_in_the_scenario_and_the_table() {
    let mut h = harness(EditorView::Sites, camden());
    h.get_by_label("Add site").click();
    h.run();
    let sites = &h.state().scenario.sites;
    assert_eq!(sites.len(), 3);
    assert_eq!(sites[2].id, "site-3");
    assert_eq!(sites[2].owner, "trust", "a new site is owned by the first organisation");
    assert!(h.query_by_label("site-3").is_some(), "the new row is shown");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Name").value().as_deref(),
        Some("New site"),
        "the new site is selected for editing"
    );
}

#[test]
fn typed_money_is_read_as_people_write_it() {
    let mut h = harness(EditorView::Sites, camden());
    select_row(&mut h, "Whittington clinic");
    type_into(&mut h, "Value", "1.2m");
    assert_eq!(h.state().scenario.sites[0].value, 1_200_000.0);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Value").value().as_deref(),
        Some("£1,200,000")
    );
    type_into(&mut h, "Book value", "£750k");
    assert_eq!(h.state().scenario.sites[0].book_value, 750_000.0);
    type_into(&mut h, "Running cost", "1,200,000");
    assert_eq!(h.state().scenario.sites[0].running_cost, 1_200_000.0);
}

#[test]
fn invalid_money_shows_an_error_and_changes_nothing() {
    let mut h = harness(EditorView::Sites, camden());
    select_row(&mut h, "Whittington clinic");
    let before = h.state().scenario.clone();
    type_into(&mut h, "Value", "about a million");
    assert_eq!(h.state().scenario, before);
    assert!(h
        .query_by_label_contains("'about a million' is not an amount")
        .is_some());
    // Correcting the text clears the error and takes the value.
    type_into(&mut h, "Value", "9m");
    assert_eq!(h.state().scenario.sites[0].value, 9e6);
    assert!(h.query_by_label_contains("is not an amount").is_none());
}

#[test]
fn escape_abandons_typed_text() {
    let mut h = harness(EditorView::Sites, camden());
    select_row(&mut h, "Whittington clinic");
    h.get_by_role_and_label(Role::TextInput, "Value").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Value").type_text("3m");
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().scenario.sites[0].value, 8e6);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Value").value().as_deref(),
        Some("£8,000,000")
    );
}

#[test]
fn the_owner_is_chosen_from_the_organisations() {
    let mut h = harness(EditorView::Sites, camden());
    select_row(&mut h, "Whittington clinic");
    choose(&mut h, "Owner", "Camden Council");
    assert_eq!(h.state().scenario.sites[0].owner, "camden");
}

#[test]
fn a_disposal_is_added_for_a_site_and_its_year_typed() {
    let mut h = harness(EditorView::Disposals, camden());
    h.get_by_label("Add disposal").click();
    h.run();
    choose(&mut h, "Site", "Kentish Town health centre");
    type_into(&mut h, "Year", "2028/29");
    let d = &h.state().scenario.disposals[1];
    assert_eq!((d.id.as_str(), d.site.as_str(), d.fy), ("disposal-2", "s2", 2028));
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Year").value().as_deref(),
        Some("2028/29")
    );
}

#[test]
fn an_assembly_is_enabled_by_its_check_box() {
    let mut h = harness(EditorView::Assemblies, camden());
    select_row(&mut h, "Highgate block");
    h.get_by_role_and_label(Role::CheckBox, "Sell the member sites jointly")
        .click();
    h.run();
    assert!(h.state().scenario.assemblies[0].enabled);
}

#[test]
fn deleting_a_referenced_site_asks_first_and_names_the_referrers() {
    let mut h = harness(EditorView::Sites, camden());
    select_row(&mut h, "Whittington clinic");
    h.get_by_label("Delete site").click();
    h.run();
    assert_eq!(
        h.state().scenario.sites.len(),
        2,
        "nothing is deleted before confirming"
    );
    assert!(h.query_by_label_contains("Disposal 'd1' sells it in 2027/28").is_some());
    assert!(h
        .query_by_label_contains("Assembly 'a1' (Highgate block) has it as a member")
        .is_some());
    h.get_by_label("Delete anyway").click();
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.sites.len(), 1);
    assert_eq!(s.disposals.len(), 1, "only the site is deleted");
    assert!(
        h.state()
            .problems
            .iter()
            .any(|p| p.item.kind == ItemKind::Disposal && p.field == "site"),
        "the dangling reference is a problem"
    );
}

#[test]
fn cancelling_a_delete_keeps_the_item() {
    let mut h = harness(EditorView::Retention, camden());
    h.get_by_label("Pots").click();
    h.run();
    select_row(&mut h, "Camden local");
    h.get_by_label("Delete pot").click();
    h.run();
    assert!(h.query_by_label_contains("Retention rule 'r1' pays into it").is_some());
    assert!(h
        .query_by_label_contains("Project 'p1' (Kentish Town hub) draws on it")
        .is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().scenario.pots.len(), 1);
    assert!(h.query_by_label("Delete anyway").is_none());
}

#[test]
fn an_unreferenced_item_is_deleted_at_once() {
    let mut h = harness(EditorView::Disposals, camden());
    select_row(&mut h, "d1");
    h.get_by_label("Delete disposal").click();
    h.run();
    assert!(h.state().scenario.disposals.is_empty());
}

#[test]
fn the_filter_narrows_rows_by_name_borough_or_owner() {
    let mut h = harness(EditorView::Sites, camden());
    assert!(h.query_by_label("Whittington clinic").is_some());
    h.get_by_role_and_label(Role::TextInput, "Filter").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("islington");
    h.run();
    assert!(h.query_by_label("Whittington clinic").is_none());
    assert!(h.query_by_label("Kentish Town health centre").is_some());
    assert!(h.query_by_label_contains("Showing 1 of 2 sites").is_some());
}

#[test]
fn clicking_a_heading_sorts_the_rows() {
    let mut h = harness(EditorView::Sites, camden());
    let y = |h: &Harness<'_, Shell>, text: &str| h.get_by_label(text).rect().top();
    assert!(y(&h, "Whittington clinic") < y(&h, "Kentish Town health centre"));
    // Sorted by name (a column on screen beside the details panel), A to Z then Z to A.
    h.get_by_role_and_label(Role::Button, "Name").click();
    h.run();
    assert!(
        y(&h, "Kentish Town health centre") < y(&h, "Whittington clinic"),
        "ascending name puts Kentish Town first"
    );
    h.get_by_role_and_label(Role::Button, "Name").click();
    h.run();
    assert!(y(&h, "Whittington clinic") < y(&h, "Kentish Town health centre"));
}

#[test]
fn problems_show_beside_their_field_and_on_the_row() {
    let mut s = camden();
    s.disposals[0].fy = 2045;
    let mut h = harness(EditorView::Disposals, s);
    // The sale year and its one tranche both fall outside 2026/27 to 2040/41.
    assert!(h.query_by_label("2 errors").is_some(), "the row carries a marker");
    select_row(&mut h, "d1");
    assert_eq!(
        h.query_all_by_label_contains("Error: year 2045/46 is outside the horizon")
            .count(),
        2,
        "one under the year, one under the phasing"
    );
    type_into(&mut h, "Year", "2030/31");
    assert_eq!(h.state().scenario.disposals[0].fy, 2030);
    assert!(h.query_by_label_contains("outside the horizon").is_none());
}

#[test]
fn a_revealed_item_is_selected_even_behind_a_filter() {
    let mut h = harness(EditorView::Projects, camden());
    h.get_by_role_and_label(Role::TextInput, "Filter").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("nothing matches");
    h.run();
    let item = ItemRef {
        kind: ItemKind::Project,
        index: 0,
        id: "p1".into(),
        name: "Kentish Town hub".into(),
    };
    h.state_mut().view = view_of(item.kind);
    h.state_mut().reveal = Some(item);
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Name").value().as_deref(),
        Some("Kentish Town hub")
    );
    assert!(h.query_by_label_contains("Showing 1 of 1 projects").is_some());
}

#[test]
fn renaming_a_site_id_keeps_its_references() {
    let mut h = harness(EditorView::Sites, camden());
    select_row(&mut h, "Whittington clinic");
    type_into(&mut h, "Id", "whittington");
    let s = &h.state().scenario;
    assert_eq!(s.sites[0].id, "whittington");
    assert_eq!(s.disposals[0].site, "whittington");
    assert_eq!(s.assemblies[0].members[0], "whittington");
    type_into(&mut h, "Id", "s2");
    assert_eq!(h.state().scenario.sites[0].id, "whittington", "a taken id is refused");
    assert!(h
        .query_by_label_contains("'s2' is already the id of another site")
        .is_some());
}

#[test]
fn project_capex_and_funding_are_edited_in_rows() {
    let mut h = harness(EditorView::Projects, camden());
    select_row(&mut h, "Kentish Town hub");
    h.get_by_label("Add capex year").click();
    h.run();
    type_into(&mut h, "Capex 2 amount", "£3.5m");
    h.get_by_label("Add grant").click();
    h.run();
    type_into(&mut h, "Source 2 grant amount", "2m");
    h.get_by_label("Move source 2 up").click();
    h.run();
    let p = &h.state().scenario.projects[0];
    assert_eq!(p.capex, [(2028, 12e6), (2029, 3.5e6)]);
    assert_eq!(
        p.funding[0],
        FundingSource::Grant {
            name: "Grant".into(),
            amount: 2e6
        }
    );
    assert!(matches!(p.funding[1], FundingSource::Pot { .. }));
}

#[test]
fn a_pots_spending_profile_is_typed_as_rows_of_years_and_filled_flat() {
    let mut h = harness(EditorView::Retention, camden());
    h.get_by_label("Pots").click();
    h.run();
    select_row(&mut h, "Camden local");
    assert!(h.query_by_label("No spending limit in any year").is_some());
    h.get_by_label("Add limit year").click();
    h.run();
    h.get_by_label("Add limit year").click();
    h.run();
    type_into(&mut h, "Spending limit 1 amount", "£5m");
    type_into(&mut h, "Spending limit 2 year", "2028/29");
    type_into(&mut h, "Spending limit 2 amount", "2m");
    let start = h.state().scenario.start_fy;
    assert_eq!(h.state().scenario.pots[0].spend_limits, [(start, 5e6), (2028, 2e6)]);
    assert!(h.query_by_label("No spending limit in any year").is_none());
    h.get_by_label("Same limit every year").click();
    h.run();
    let s = &h.state().scenario;
    let flat: Vec<(i32, f64)> = (0..s.horizon as i32).map(|t| (s.start_fy + t, 5e6)).collect();
    assert_eq!(
        s.pots[0].spend_limits, flat,
        "every year of the horizon gets the first row's amount"
    );
}

#[test]
fn percentages_are_typed_as_percent_and_stored_as_fractions() {
    let mut h = harness(EditorView::Retention, camden());
    select_row(&mut h, "Trust keeps all");
    type_into(&mut h, "Retained share", "50");
    assert_eq!(h.state().scenario.retention_rules[0].retained_share, 0.5);
    h.state_mut().view = EditorView::Assumptions;
    h.run();
    type_into(&mut h, "Land value growth", "1.5%");
    assert_eq!(h.state().scenario.land_growth, 0.015);
    type_into(&mut h, "Start year", "2027/28");
    assert_eq!(h.state().scenario.start_fy, 2027);
}

#[test]
fn every_view_labels_every_input() {
    // The harness panics on any unlabelled input once the ui settles.
    let s = camden();
    for (view, row) in [
        (EditorView::Assumptions, None),
        (EditorView::Sites, Some("Whittington clinic")),
        (EditorView::Disposals, Some("d1")),
        (EditorView::Assemblies, Some("Highgate block")),
        (EditorView::Retention, Some("Trust keeps all")),
        (EditorView::Projects, Some("Kentish Town hub")),
    ] {
        let mut h = harness(view, s.clone());
        if let Some(row) = row {
            select_row(&mut h, row);
        }
        h.run();
    }
    let mut h = harness(EditorView::Sites, s);
    h.get_by_label("Organisations (owners)").click();
    h.run();
    select_row(&mut h, "Camden Council");
}

#[test]
fn long_lists_are_searched_in_the_picker() {
    let mut s = camden();
    s.sites
        .extend((3..=30).map(|n| site(&format!("s{n}"), &format!("Depot number {n}"), "camden", 1e6)));
    let mut h = harness(EditorView::Disposals, s);
    select_row(&mut h, "d1");
    h.get_by_role_and_label(Role::ComboBox, "Site").click();
    h.run();
    h.get_by_label("Search the list").focus();
    h.run();
    h.get_by_label("Search the list").type_text("number 27");
    h.run();
    assert!(h.query_by_role_and_label(Role::Button, "Depot number 12").is_none());
    h.get_by_role_and_label(Role::Button, "Depot number 27").click();
    h.run();
    assert_eq!(h.state().scenario.disposals[0].site, "s27");
}

#[test]
fn duplicating_copies_the_item_under_a_new_id() {
    let mut h = harness(EditorView::Sites, camden());
    select_row(&mut h, "Kentish Town health centre");
    h.get_by_label("Duplicate site").click();
    h.run();
    let copy = &h.state().scenario.sites[2];
    assert_eq!(copy.id, "site-3");
    assert_eq!(copy.name, "Kentish Town health centre (copy)");
    assert_eq!((copy.borough.as_str(), copy.value), ("Islington", 5e6));
}

#[test]
fn projects_move_earlier_in_the_funding_order() {
    let mut s = camden();
    let mut second = s.projects[0].clone();
    second.id = "p2".into();
    second.name = "Gospel Oak hub".into();
    s.projects.push(second);
    let mut h = harness(EditorView::Projects, s);
    select_row(&mut h, "Gospel Oak hub");
    h.get_by_label("Move earlier").click();
    h.run();
    let ids: Vec<&str> = h.state().scenario.projects.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p2", "p1"]);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Name").value().as_deref(),
        Some("Gospel Oak hub"),
        "the moved project stays selected"
    );
}

#[test]
fn a_disposal_gets_a_value_range_and_a_chance_of_delay() {
    let mut h = harness(EditorView::Disposals, camden());
    select_row(&mut h, "d1");
    h.get_by_role_and_label(Role::CheckBox, "Uncertain: value").click();
    h.run();
    type_into(&mut h, "Value range low", "80");
    type_into(&mut h, "Value range high", "130%");
    let range = h.state().scenario.disposals[0]
        .value_range
        .expect("a range once ticked");
    assert_eq!((range.low, range.mode, range.high), (0.8, 1.0, 1.3));

    h.get_by_label("Add a year of delay").click();
    h.run();
    h.get_by_label("Add a year of delay").click();
    h.run();
    assert_eq!(
        h.state().scenario.disposals[0].delay,
        [1.0, 0.0],
        "the list starts valid"
    );
    type_into(&mut h, "Delay 1 probability", "70");
    type_into(&mut h, "Delay 2 probability", "30");
    assert_eq!(h.state().scenario.disposals[0].delay, [0.7, 0.3]);
    assert!(validate(&h.state().scenario).is_empty());

    h.get_by_role_and_label(Role::CheckBox, "Uncertain: value").click();
    h.run();
    assert_eq!(
        h.state().scenario.disposals[0].value_range,
        None,
        "unticking removes the range"
    );
}

#[test]
fn a_project_gets_a_capex_overrun_range_and_a_bad_one_is_named() {
    let mut h = harness(EditorView::Projects, camden());
    select_row(&mut h, "Kentish Town hub");
    h.get_by_role_and_label(Role::CheckBox, "Uncertain: capex").click();
    h.run();
    type_into(&mut h, "Capex overrun low", "120");
    let problems = &h.state().problems;
    assert!(
        problems.iter().any(|p| p.field == "capex_overrun"),
        "a low above the most likely is refused by validation: {problems:?}"
    );
    type_into(&mut h, "Capex overrun low", "95");
    type_into(&mut h, "Capex overrun high", "150");
    let range = h.state().scenario.projects[0].capex_overrun.expect("a range");
    assert_eq!((range.low, range.mode, range.high), (0.95, 1.0, 1.5));
    assert!(validate(&h.state().scenario).is_empty());
}
