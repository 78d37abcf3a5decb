//! The map view driven as a user would: clicking a site on the map selects
//! it in the register, the register's selection shows beside the map, and a
//! site's location is typed or set by clicking the map.

use egui::accesskit::Role;
use egui::Pos2;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use estates_core::model::Location;
use estates_core::problem::{ItemKind, ItemRef};
use estates_core::Scenario;
use estates_receipts::app::command::Command;
use estates_receipts::app::edit_ctx::EditorView;
use estates_receipts::app::view::View;
use estates_receipts::app::App;

use crate::support::{app_harness, click, run_command, sample, type_into};

/// The Lewisham sample with three sites placed by hand from a public map:
/// University Hospital Lewisham, the Catford site and the New Cross health
/// centre; the council depot has no location.
fn located_sample() -> Scenario {
    let mut s = sample();
    for site in &mut s.sites {
        site.location = None;
    }
    for (id, lat, lon) in [
        ("uhl-north", 51.4526, -0.0173),
        ("lgt-catford", 51.4452, -0.0206),
        ("nhsps-new-cross", 51.4760, -0.0352),
    ] {
        let site = s.sites.iter_mut().find(|x| x.id == id).expect("a sample site");
        site.location = Some(Location { lat, lon });
    }
    s
}

fn map_harness(s: Scenario) -> Harness<'static, App> {
    let mut harness = app_harness([1280.0, 800.0], move |_| App::with_scenario(s, None));
    run_command(&mut harness, Command::ShowView(View::Map));
    harness
}

fn index_of(harness: &Harness<'_, App>, id: &str) -> usize {
    let sites = &harness.state().document().scenario.sites;
    sites.iter().position(|x| x.id == id).expect("a sample site")
}

/// Where the map drew a site in the last frame.
fn on_screen(harness: &Harness<'_, App>, site: usize) -> Pos2 {
    let app = harness.state();
    app.map()
        .screen_position(&app.document().scenario, site)
        .expect("a located site is drawn")
}

/// A click at a point of the window, as the pointer does it.
fn click_at(harness: &mut Harness<'_, App>, at: Pos2) {
    harness.hover_at(at);
    harness.run();
    harness.drag_at(at);
    harness.run();
    harness.drop_at(at);
    harness.run();
}

#[test]
fn a_site_clicked_on_the_map_is_selected_in_the_register() {
    let mut harness = map_harness(located_sample());
    let catford = index_of(&harness, "lgt-catford");
    let at = on_screen(&harness, catford);
    click_at(&mut harness, at);
    assert_eq!(harness.state().selected_site(), Some(catford));
    assert_eq!(harness.state().view(), View::Map, "the map stays on screen");
    // Beside the map, and in the register's details.
    let name = harness.state().document().scenario.sites[catford].name.clone();
    assert!(
        harness.query_by_label(&name).is_some(),
        "the selected site's figures beside the map"
    );
    run_command(&mut harness, Command::ShowView(View::Editor(EditorView::Sites)));
    let heading = format!("Site 'lgt-catford' ({name})");
    assert!(
        harness.query_by_label(&heading).is_some(),
        "the register shows {heading}"
    );
}

#[test]
fn a_site_moved_is_drawn_and_clicked_where_it_now_is() {
    let mut harness = map_harness(located_sample());
    let catford = index_of(&harness, "lgt-catford");
    let was = on_screen(&harness, catford);
    // The marks are kept between frames; an edit must redraw them at once.
    harness.state_mut().scenario_mut().sites[catford].location = Some(Location {
        lat: 51.4000,
        lon: 0.0600,
    });
    harness.run();
    let now = on_screen(&harness, catford);
    assert!(was.distance(now) > 40.0, "moved on screen: {was:?} to {now:?}");
    click_at(&mut harness, was);
    assert_ne!(harness.state().selected_site(), Some(catford), "not where it was");
    let now = on_screen(&harness, catford);
    click_at(&mut harness, now);
    assert_eq!(harness.state().selected_site(), Some(catford));
}

#[test]
fn a_click_away_from_every_site_selects_nothing() {
    let mut harness = map_harness(located_sample());
    let uhl = on_screen(&harness, index_of(&harness, "uhl-north"));
    // 40 points west of the hospital: no site within reach.
    click_at(&mut harness, uhl - egui::vec2(40.0, 0.0));
    assert_eq!(harness.state().selected_site(), None);
}

#[test]
fn the_registers_selection_is_shown_beside_the_map() {
    let mut harness = map_harness(located_sample());
    let new_cross = index_of(&harness, "nhsps-new-cross");
    let name = harness.state().document().scenario.sites[new_cross].name.clone();
    assert!(harness.query_by_label(&name).is_none());
    let item = ItemRef {
        kind: ItemKind::Site,
        index: new_cross,
        id: "nhsps-new-cross".into(),
        name: name.clone(),
    };
    run_command(&mut harness, Command::Reveal(item));
    run_command(&mut harness, Command::ShowView(View::Map));
    assert!(harness.query_by_label(&name).is_some(), "{name} beside the map");
}

#[test]
fn a_location_is_set_by_clicking_the_map_as_one_undo_step() {
    let mut harness = map_harness(located_sample());
    let depot = index_of(&harness, "lbl-depot");
    run_command(&mut harness, Command::SelectSite(depot));
    click(&mut harness, Role::Button, "Set location on map");
    let placing = |harness: &Harness<'_, App>| harness.state().map().placing(&harness.state().document().scenario);
    assert_eq!(placing(&harness), Some(depot));
    let uhl = on_screen(&harness, index_of(&harness, "uhl-north"));
    // 30 points east of the hospital, where the depot adjoins it.
    let at = uhl + egui::vec2(30.0, 0.0);
    let expected = harness.state().map().location_at(at).expect("the map was drawn");
    click_at(&mut harness, at);
    let placed = harness.state().document().scenario.sites[depot].location;
    assert_eq!(placed, Some(expected));
    let placed = placed.expect("placed");
    assert!(
        placed.lon > -0.0173 && (placed.lat - 51.4526).abs() < 1e-3,
        "east of the hospital: {placed:?}"
    );
    assert_eq!(placing(&harness), None);
    run_command(&mut harness, Command::Undo);
    assert_eq!(harness.state().document().scenario.sites[depot].location, None);
}

/// The site being placed is held by id: when the list changes before the
/// click (an undo, a delete), the click still places that site.
#[test]
fn the_site_being_placed_is_the_one_chosen_after_the_list_changes() {
    let mut harness = map_harness(located_sample());
    let downham = index_of(&harness, "nhsps-downham");
    let depot = index_of(&harness, "lbl-depot");
    assert!(depot < downham, "the depot comes first in the list");
    run_command(&mut harness, Command::PlaceOnMap(downham));
    harness.state_mut().scenario_mut().sites.remove(depot);
    harness.run();
    let at = on_screen(&harness, index_of(&harness, "uhl-north")) + egui::vec2(30.0, 0.0);
    click_at(&mut harness, at);
    let sites = &harness.state().document().scenario.sites;
    assert_eq!(sites[downham - 1].id, "nhsps-downham");
    assert!(
        sites[downham - 1].location.is_some(),
        "Downham placed, one place up the list now"
    );
    let now_there = &sites[downham];
    let as_it_was = located_sample().sites.iter().find(|s| s.id == now_there.id).cloned();
    assert_eq!(
        Some(now_there.clone()),
        as_it_was,
        "the site now at the old place is untouched"
    );
}

#[test]
fn a_location_is_typed_as_latitude_and_longitude_in_the_register() {
    let mut harness = map_harness(located_sample());
    let depot = index_of(&harness, "lbl-depot");
    run_command(&mut harness, Command::SelectSite(depot));
    run_command(&mut harness, Command::ShowView(View::Editor(EditorView::Sites)));
    type_into(&mut harness, "Location", "51.4531, -0.0141");
    let expected = Location {
        lat: 51.4531,
        lon: -0.0141,
    };
    assert_eq!(
        harness.state().document().scenario.sites[depot].location,
        Some(expected)
    );
    assert!(
        harness.query_by_label("51.45310, -0.01410").is_some(),
        "shown in the register"
    );
}

#[test]
fn the_about_box_carries_the_map_datas_attribution() {
    let mut harness = map_harness(located_sample());
    click(&mut harness, Role::Button, "Help");
    click(&mut harness, Role::Button, "About Estates Receipts Modeller");
    let attribution = "Contains Ordnance Survey data © Crown copyright and database right 2014";
    assert!(harness.query_by_label_contains(attribution).is_some());
    click(&mut harness, Role::Button, "Close");
    assert!(harness.query_by_label_contains(attribution).is_none());
}

/// The sample's Downham health centre (NHS Property Services) and the
/// council's Downham office: 0.0006° of latitude (67 m) and 0.0009° of
/// longitude (63 m at 51.43°N) apart, about 91 m, so the only pair within
/// 100 m of different owners (the hospital land and the depot, 94 m apart,
/// are already assembled). Their sales are planned in 2031/32 and 2029/30.
#[test]
fn a_candidate_is_made_an_assembly_in_one_click_and_its_sales_lined_up() {
    let mut harness = map_harness(sample());
    harness.get_by_label("Opportunities").click();
    harness.run();
    assert!(harness.query_by_label_contains("1 pair within 100 m").is_some());
    let before = harness.state().document().scenario.assemblies.len();
    click(&mut harness, Role::Button, "Make assembly");
    let s = &harness.state().document().scenario;
    assert_eq!(s.assemblies.len(), before + 1);
    let made = s.assemblies.last().expect("made");
    assert_eq!(made.members, ["nhsps-downham", "lbl-downham-office"]);
    assert!(made.enabled);
    assert!(
        harness.query_by_label_contains("0 pairs within 100 m").is_some(),
        "no longer a candidate"
    );

    // The sales are two years apart: the later year is offered.
    click(&mut harness, Role::Button, "Sell both in 2031/32");
    let fy_of = |h: &Harness<'_, App>, id: &str| {
        let s = &h.state().document().scenario;
        s.disposals.iter().find(|d| d.site == id).map(|d| d.fy)
    };
    assert_eq!(fy_of(&harness, "lbl-downham-office"), Some(2031));
    assert_eq!(fy_of(&harness, "nhsps-downham"), Some(2031));

    // Two undo steps: the line-up, then the assembly.
    run_command(&mut harness, Command::Undo);
    assert_eq!(fy_of(&harness, "lbl-downham-office"), Some(2029));
    assert_eq!(harness.state().document().scenario.assemblies.len(), before + 1);
    run_command(&mut harness, Command::Undo);
    assert_eq!(harness.state().document().scenario.assemblies.len(), before);
}

/// The Lewisham sample's disposals all have borough "Lewisham" and
/// sub-region "SEL", so each level has that one area, equal to the totals.
#[test]
fn the_roll_ups_list_the_samples_areas_with_the_totals() {
    let mut harness = map_harness(sample());
    run_command(&mut harness, Command::ShowView(View::RollUps));
    let total = crate::support::headline(&harness, "Gross receipts");
    let cells = crate::support::row_texts(&harness, "Lewisham");
    assert_eq!(cells.get(1), Some(&total), "{cells:?}");
    assert_eq!(crate::support::row_texts(&harness, "Total").get(1), Some(&total));
    harness.get_by_label("By sub-region").click();
    harness.run();
    assert_eq!(crate::support::row_texts(&harness, "SEL").get(1), Some(&total));
}

/// A scenario with errors keeps its last valid results, but they are not
/// summed or shaded by its areas: the sites and disposals have changed since.
#[test]
fn the_roll_ups_and_the_maps_shading_wait_while_the_scenario_has_errors() {
    let mut harness = map_harness(sample());
    run_command(&mut harness, Command::ShowView(View::RollUps));
    assert!(harness.query_by_label("Lewisham").is_some(), "rolled up while valid");
    harness.state_mut().scenario_mut().sites[0].value = -1.0;
    harness.run();
    harness.get_by_label("No results to roll up: fix the errors listed under Problems.");
    assert!(harness.query_by_label("Lewisham").is_none(), "no stale areas");
    run_command(&mut harness, Command::ShowView(View::Map));
    harness.get_by_label("No results to shade by: fix the errors listed under Problems.");
    run_command(&mut harness, Command::ShowView(View::RollUps));
    harness.state_mut().scenario_mut().sites[0].value = 1.0;
    harness.run();
    assert!(harness.query_by_label("Lewisham").is_some(), "back once fixed");
}

/// The two Lewisham samples share their sites, with the same ids; merging
/// them gives one unsaved scenario holding every site of the first.
#[test]
fn file_merge_opens_the_merged_scenarios_as_a_new_unsaved_one() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_scenarios");
    let paths = vec![dir.join("lewisham-national.ron"), dir.join("lewisham-devolved.ron")];
    let mut harness = map_harness(sample());
    run_command(&mut harness, Command::MergeScenarios(Some(paths)));
    let app = harness.state();
    let notice = app.notices().iter().last().expect("a notice").text.clone();
    assert!(notice.starts_with("Merged 2 scenarios into a new one"), "{notice}");
    assert!(app.document().is_dirty(), "a merge is unsaved work");
    let merged: Vec<&str> = app.document().scenario.sites.iter().map(|x| x.id.as_str()).collect();
    for site in &sample().sites {
        assert!(merged.contains(&site.id.as_str()), "{} kept", site.id);
    }
}

#[test]
fn a_merge_of_one_file_is_refused_and_changes_nothing() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_scenarios/lewisham-national.ron");
    let mut harness = map_harness(sample());
    run_command(&mut harness, Command::MergeScenarios(Some(vec![path])));
    let notice = harness.state().notices().iter().last().expect("a notice").text.clone();
    assert!(notice.contains("two or more"), "{notice}");
    assert!(!harness.state().document().is_dirty());
}

/// The key and the attribution sit in a strip beside the map: at 1280x800
/// the key's rectangle meets no borough's box on screen (it used to cover
/// Kingston).
#[test]
fn the_map_key_covers_no_borough() {
    let harness = map_harness(located_sample());
    let map = harness.state().map();
    let key = map.key_rect().expect("the key is drawn");
    assert!(key.width() > 100.0 && key.height() > 100.0, "{key:?}");
    let boroughs = map.borough_screen_rects();
    assert_eq!(boroughs.len(), 33);
    for b in &boroughs {
        assert!(!key.intersects(*b), "the key {key:?} covers a borough at {b:?}");
    }
}
