//! The sites view: the estate register, one row per site, with every field of
//! the NHS surplus-land returns in the details panel. Organisations (owners)
//! have their own tab beside it.

use egui::Ui;
use estates_core::model::Site;
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::{choices, ItemList};
use super::table::{column, Cell, ColumnSpec, Names};
use super::widgets::{Form, MONEY, NUMBER, OPTIONAL_TEXT, TEXT};

pub(crate) struct Sites;

impl ItemList for Sites {
    type Item = Site;
    const KIND: ItemKind = ItemKind::Site;
    const NOUN: &'static str = "site";
    const FILTER_HINT: &'static str = "name, id, borough or owner";
    const COLUMNS: &'static [ColumnSpec] = &[
        column("Id", 80.0),
        column("Name", 200.0),
        column("Owner", 170.0),
        column("Borough", 100.0),
        column("Sub-region", 80.0),
        column("Value", 110.0),
        column("Homes", 60.0),
    ];

    fn items(s: &Scenario) -> &[Site] {
        &s.sites
    }

    fn items_mut(s: &mut Scenario) -> &mut Vec<Site> {
        &mut s.sites
    }

    fn new_item(s: &Scenario, id: String) -> Site {
        Site {
            id,
            name: "New site".to_owned(),
            owner: s.organisations.first().map(|o| o.id.clone()).unwrap_or_default(),
            ..Site::default()
        }
    }

    fn cell<'a>(site: &'a Site, names: &Names<'a>, col: usize) -> Cell<'a> {
        match col {
            0 => Cell::Text(&site.id),
            1 => Cell::Text(&site.name),
            2 => Cell::Text(names.organisation(&site.owner)),
            3 => Cell::Text(&site.borough),
            4 => Cell::Text(&site.sub_region),
            5 => Cell::Money(site.value),
            _ => Cell::Number(site.homes),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let owners = choices(&s.organisations);
        let site = &mut s.sites[index];
        form.typed(ui, ("Name", "name"), &mut site.name, &TEXT, "");
        if let Some(owner) = form.pick_key(ui, ("Owner", "owner"), &site.owner, &owners) {
            site.owner = owner;
        }
        location(form, ui, site);
        money(form, ui, site);
        form.typed(
            ui,
            ("Homes", "homes"),
            &mut site.homes,
            &NUMBER,
            "homes it could enable if sold",
        );
        form.typed(ui, ("ePIMS id", "epims_id"), &mut site.epims_id, &OPTIONAL_TEXT, "");
        form.typed(
            ui,
            ("Planning status", "planning_status"),
            &mut site.planning_status,
            &OPTIONAL_TEXT,
            "",
        );
        form.multiline(ui, ("Notes", "notes"), &mut site.notes);
    }
}

/// Where the site is, how big, and what it is used for.
fn location(form: &mut Form<'_>, ui: &mut Ui, site: &mut Site) {
    form.typed(ui, ("Borough", "borough"), &mut site.borough, &TEXT, "");
    form.typed(
        ui,
        ("Sub-region", "sub_region"),
        &mut site.sub_region,
        &TEXT,
        "e.g. NCL, SEL",
    );
    form.typed(ui, ("Site area", "area_ha"), &mut site.area_ha, &NUMBER, "hectares");
    form.typed(ui, ("Floor area (GIA)", "gia_m2"), &mut site.gia_m2, &NUMBER, "m²");
    form.typed(ui, ("Tenure", "tenure"), &mut site.tenure, &TEXT, "");
    form.typed(ui, ("Current use", "current_use"), &mut site.current_use, &TEXT, "");
}

/// The site's values and costs, at the price base.
fn money(form: &mut Form<'_>, ui: &mut Ui, site: &mut Site) {
    form.typed(
        ui,
        ("Value", "value"),
        &mut site.value,
        &MONEY,
        "market value for disposal",
    );
    form.typed(
        ui,
        ("Book value", "book_value"),
        &mut site.book_value,
        &MONEY,
        "net book value",
    );
    form.typed(
        ui,
        ("Running cost", "running_cost"),
        &mut site.running_cost,
        &MONEY,
        "a year",
    );
    form.typed(
        ui,
        ("Backlog", "backlog"),
        &mut site.backlog,
        &MONEY,
        "backlog maintenance",
    );
}
