//! The sites view: the estate register, one row per site, with every field of
//! the NHS surplus-land returns in the details panel. Organisations (owners)
//! have their own tab beside it.

use egui::Ui;
use estates_core::bng::{bng_to_wgs84, wgs84_to_bng};
use estates_core::model::{Location, Site};
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::{choices, put_back, ItemList};
use super::table::{column, Cell, ColumnSpec, Names};
use super::widgets::{Form, Format, FIELD_WIDTH, MONEY, NUMBER, OPTIONAL_TEXT, TEXT};
use crate::app::map_view::ask_to_place;

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
        column("Location", 150.0),
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
            6 => Cell::Number(site.homes),
            _ => Cell::Location(site.location),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let owners = choices(&s.organisations);
        let mut copy = s.sites[index].clone();
        let site = &mut copy;
        form.typed(ui, ("Name", "name"), &mut site.name, &TEXT, "");
        if let Some(owner) = form.pick_key(ui, ("Owner", "owner"), &site.owner, &owners) {
            site.owner = owner;
        }
        location(form, ui, site, index);
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
        put_back(&mut s.sites, index, copy);
    }
}

/// Where the site is, how big, and what it is used for.
fn location(form: &mut Form<'_>, ui: &mut Ui, site: &mut Site, index: usize) {
    form.typed(ui, ("Borough", "borough"), &mut site.borough, &TEXT, "");
    form.typed(
        ui,
        ("Sub-region", "sub_region"),
        &mut site.sub_region,
        &TEXT,
        "e.g. NCL, SEL",
    );
    coordinates(form, ui, site, index);
    form.typed(ui, ("Site area", "area_ha"), &mut site.area_ha, &NUMBER, "hectares");
    form.typed(ui, ("Floor area (GIA)", "gia_m2"), &mut site.gia_m2, &NUMBER, "m²");
    form.typed(ui, ("Tenure", "tenure"), &mut site.tenure, &TEXT, "");
    form.typed(ui, ("Current use", "current_use"), &mut site.current_use, &TEXT, "");
}

/// Where the site is on the earth (MODEL.md section 10): typed as latitude
/// and longitude, or picked by clicking on the map.
fn coordinates(form: &mut Form<'_>, ui: &mut Ui, site: &mut Site, index: usize) {
    form.typed(
        ui,
        ("Location", "location"),
        &mut site.location,
        &LAT_LON,
        "latitude, longitude",
    );
    form.typed(
        ui,
        ("Grid reference", "location"),
        &mut site.location,
        &GRID_REFERENCE,
        "easting, northing (British National Grid)",
    );
    form.row(ui, "", "", |_, ui, _| {
        let verb = if site.location.is_some() {
            "Move on map"
        } else {
            "Set location on map"
        };
        if ui
            .button(verb)
            .on_hover_text("Click the map where the site is")
            .clicked()
        {
            ask_to_place(ui.ctx(), index);
        }
    });
}

/// A location typed as `latitude, longitude` in degrees, as map sites give
/// it; an empty field means none.
const LAT_LON: Format<Option<Location>> = Format {
    show: |l| l.map(|l| format!("{:.6}, {:.6}", l.lat, l.lon)).unwrap_or_default(),
    parse: parse_lat_lon,
    width: FIELD_WIDTH,
};

fn parse_lat_lon(text: &str) -> Result<Option<Location>, String> {
    let example = "type e.g. 51.4526, -0.0173";
    let Some((lat, lon)) = two_numbers(text, "a latitude and a longitude", example)? else {
        return Ok(None);
    };
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!("a latitude lies between -90 and 90, not {lat}; {example}"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("a longitude lies between -180 and 180, not {lon}; {example}"));
    }
    Ok(Some(Location { lat, lon }))
}

/// A location typed as a British National Grid `easting, northing` in
/// metres, as council land returns give it (`GeoX`, `GeoY`); converted to
/// latitude and longitude with OSTN15 (MODEL.md section 10).
const GRID_REFERENCE: Format<Option<Location>> = Format {
    show: |l| {
        l.and_then(wgs84_to_bng)
            .map(|(e, n)| format!("{e:.0}, {n:.0}"))
            .unwrap_or_default()
    },
    parse: parse_grid_reference,
    width: FIELD_WIDTH,
};

fn parse_grid_reference(text: &str) -> Result<Option<Location>, String> {
    let example = "type e.g. 538050, 174210";
    let Some((easting, northing)) = two_numbers(text, "an easting and a northing", example)? else {
        return Ok(None);
    };
    bng_to_wgs84(easting, northing).map(Some).ok_or_else(|| {
        format!("{easting}, {northing} is not on the British National Grid (eastings 0 to 700,000, northings 0 to 1,250,000); {example}")
    })
}

/// Two finite numbers separated by a comma, a semicolon or spaces; `None`
/// for an empty field. `what` and `example` word the refusal.
fn two_numbers(text: &str, what: &str, example: &str) -> Result<Option<(f64, f64)>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let refused = || format!("'{}' is not {what}; {example}", text.trim());
    let parts: Vec<&str> = text.split([',', ' ', ';']).filter(|p| !p.is_empty()).collect();
    let number = |p: &str| p.parse::<f64>().ok().filter(|x| x.is_finite());
    match parts[..] {
        [a, b] => match (number(a), number(b)) {
            (Some(a), Some(b)) => Ok(Some((a, b))),
            _ => Err(refused()),
        },
        _ => Err(refused()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_typed_as_latitude_then_longitude() {
        let l = |lat, lon| Ok(Some(Location { lat, lon }));
        assert_eq!(parse_lat_lon("51.4526, -0.0173"), l(51.4526, -0.0173));
        assert_eq!(parse_lat_lon(" 51.4526 -0.0173 "), l(51.4526, -0.0173));
        assert_eq!(parse_lat_lon(""), Ok(None));
    }

    #[test]
    fn a_location_out_of_range_or_incomplete_is_refused() {
        assert!(parse_lat_lon("51.45").is_err());
        assert!(parse_lat_lon("91, 0").is_err_and(|e| e.contains("latitude")));
        assert!(parse_lat_lon("51, 181").is_err_and(|e| e.contains("longitude")));
        assert!(parse_lat_lon("north, south").is_err());
        assert!(parse_lat_lon("NaN, 0").is_err());
    }

    #[test]
    fn a_grid_reference_is_converted_to_latitude_and_longitude() {
        // Trafalgar Square's Nelson's Column: TQ 30000 80400 is about 51.5077, -0.1280 (OS maps).
        let l = parse_grid_reference("530000, 180400")
            .expect("a grid reference")
            .expect("a location");
        assert!(
            (l.lat - 51.5077).abs() < 0.001 && (l.lon - -0.1280).abs() < 0.001,
            "{l:?}"
        );
        assert_eq!(parse_grid_reference(" "), Ok(None));
        assert!(parse_grid_reference("-5, 100").is_err_and(|e| e.contains("not on the British National Grid")));
        assert!(parse_grid_reference("530000").is_err_and(|e| e.contains("an easting and a northing")));
    }
}
