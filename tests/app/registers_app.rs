//! The import dialog on the registers people publish (issue 12 item 2): the
//! layout and encoding it read, the columns it combined, positions in the
//! preview, and owners created only when ticked.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use estates_core::io::{self, FileFormat};
use estates_core::model::OrgKind;
use estates_core::Scenario;
use estates_receipts::app::command::Command;
use estates_receipts::app::App;

use crate::support::{app_harness, choose, click, run_command};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/registers")
        .join(name)
}

fn lewisham_greenwich() -> Scenario {
    io::parse(include_str!("../fixtures/scenario-v1.ron"), FileFormat::Ron).expect("the version 1 fixture loads")
}

#[test]
fn an_eric_return_imports_through_the_dialog_with_its_costs_summed() {
    let mut h = app_harness([1280.0, 800.0], |_| App::with_scenario(lewisham_greenwich(), None));
    run_command(
        &mut h,
        Command::ImportSites(Some(fixture("eric-site-2024-25-windows-1252.csv"))),
    );
    h.get_by_label("Layout: NHS ERIC site-level return. Encoding: windows-1252.");
    let backlog = h.get_by_role_and_label(Role::ComboBox, "Backlog maintenance");
    assert_eq!(
        backlog.value().as_deref(),
        Some("10: Cost to eradicate high risk backlog (£) (+3 more)")
    );
    // The mental health trust is not in the scenario: its row waits for a choice.
    h.get_by_label(
        "3 new sites, 0 updated, 0 unchanged. 0 new owners. 0 new disposals, 0 updated. 2 rows not imported.",
    );
    h.get_by_label("Create SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST")
        .click();
    h.run();
    h.get_by_label("4 new sites, 0 updated, 0 unchanged. 1 new owner. 0 new disposals, 0 updated. 1 row not imported.");
    // Its kind was guessed from its name; the user may choose another.
    let kind = "Kind of SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST";
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, kind).value().as_deref(),
        Some("NHS foundation trust")
    );
    choose(&mut h, kind, "NHS trust");
    click(&mut h, Role::Button, "Import");
    let s = &h.state().document().scenario;
    let lewisham = s
        .sites
        .iter()
        .find(|x| x.eric_site_code.as_deref() == Some("RJ224"))
        .expect("imported");
    // The four risk levels, and the five running cost columns given, by hand from the fixture.
    assert_eq!((lewisham.backlog, lewisham.running_cost), (10_582_500.0, 6_241_950.0));
    let slam = s.organisations.last().expect("created");
    assert_eq!(
        (slam.name.as_str(), slam.kind),
        ("SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST", OrgKind::NhsTrust)
    );
}

#[test]
fn a_land_and_assets_return_shows_positions_in_the_preview() {
    let mut h = app_harness([1280.0, 800.0], |_| App::with_scenario(lewisham_greenwich(), None));
    run_command(
        &mut h,
        Command::ImportSites(Some(fixture("land-and-assets-lewisham.csv"))),
    );
    h.get_by_label("Layout: local authority land and assets return. Encoding: UTF-8.");
    // Row 7 is Ordnance Survey's test point TP09 (51.48936565 N, 0.119925572 W), to five places.
    h.get_by_label("Vauxhall office (leased)");
    h.get_by_label("51.48937, -0.11993");
    h.get_by_label("Rows imported in part (3)");
}
