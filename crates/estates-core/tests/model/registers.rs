//! Reading the registers people publish (issue 12 item 2, issue 11 item 8):
//! the local authority land and assets return, the NHS ERIC site-level
//! return, registers with latitudes and longitudes or grid references, and
//! the encodings they come in. The fixtures are in tests/fixtures/registers/;
//! every expected figure below is read off them by hand against the version-1
//! scenario fixture (Lewisham and Greenwich: organisations `lgt`, `nhsps`, `lbl`).

use estates_core::bng::wgs84_to_bng;
use estates_core::import::{
    apply_import, decode_register, export_sites_csv, plan_import, read_register, write_register, ColumnMapping,
    ImportError, ImportPlan, RegisterLayout, SiteField,
};
use estates_core::io::{parse, FileFormat};
use estates_core::model::{Location, OrgKind, Site};
use estates_core::Scenario;

use crate::builders::without_sites;

const SCENARIO: &str = include_str!("../../../../tests/fixtures/scenario-v1.ron");
const LAND_AND_ASSETS: &str = include_str!("../../../../tests/fixtures/registers/land-and-assets-lewisham.csv");
const ERIC: &[u8] = include_bytes!("../../../../tests/fixtures/registers/eric-site-2024-25-windows-1252.csv");
const LAT_LON_UTF16: &[u8] = include_bytes!("../../../../tests/fixtures/registers/coordinates-latlon-utf16.txt");
const EASTING_NORTHING: &str = include_str!("../../../../tests/fixtures/registers/coordinates-easting-northing.csv");

/// The Rushey Green depot (`s3`) as the council's gazetteer knows it.
const RUSHEY_GREEN_UPRN: &str = "100021954987";

fn scenario() -> Scenario {
    let mut s = parse(SCENARIO, FileFormat::Ron).expect("the version-1 fixture loads");
    s.sites[2].uprn = Some(RUSHEY_GREEN_UPRN.to_owned());
    s
}

/// The plan with every new owner created (the caller's choice).
fn plan(text: &str, s: &Scenario) -> ImportPlan {
    plan_import(text, s, &ColumnMapping::guess(text)).expect("the register plans")
}

fn new_site(p: &ImportPlan, row: usize) -> &Site {
    &p.new_sites
        .iter()
        .find(|x| x.row == row)
        .unwrap_or_else(|| panic!("no new site from row {row}: {p:?}"))
        .site
}

fn issues(list: &[estates_core::import::RowIssue]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

/// Within Lewisham and its neighbours: latitude 51.40 to 51.50, longitude
/// -0.08 to 0.04 (read off a map). Catches swapped or unconverted axes.
fn in_lewisham(at: Location) -> bool {
    (51.40..51.50).contains(&at.lat) && (-0.08..0.04).contains(&at.lon)
}

/// Metres between nearby points (equirectangular; exact enough over metres).
fn metres_apart(a: Location, b: Location) -> f64 {
    let mean_lat = ((a.lat + b.lat) / 2.0).to_radians();
    let dx = (b.lon - a.lon).to_radians() * mean_lat.cos();
    let dy = (b.lat - a.lat).to_radians();
    6_371_008.8 * dx.hypot(dy)
}

// ---------------------------------------------------------------------------
// The local authority land and assets return

#[test]
fn a_land_and_assets_return_is_recognised_from_its_headings() {
    let m = ColumnMapping::guess(LAND_AND_ASSETS);
    assert_eq!(m.layout, RegisterLayout::LandAndAssets);
    use SiteField::*;
    assert_eq!(
        m.columns,
        [
            None, // Organisation: the council's code; its name is the label
            Some(Owner),
            Some(Uprn),
            None, // AssetCode
            Some(Name),
            Some(Address),
            Some(Address),
            Some(Address),
            Some(Easting),
            Some(Northing),
            Some(Tenure),
            Some(Tenure),
            Some(CurrentUse),
        ]
    );
}

#[test]
fn a_land_and_assets_return_imports_positions_uprns_and_addresses() {
    let s = scenario();
    let mut p = plan(LAND_AND_ASSETS, &s);
    p.refuse_new_owners(|_| false);

    // Row 2 is the depot s3, found by its UPRN although the return names it otherwise.
    assert_eq!(p.updated_sites.len(), 1);
    let depot = &p.updated_sites[0];
    assert_eq!((depot.row, depot.site.id.as_str()), (2, "s3"));
    assert_eq!(depot.site.name, "Rushey Green Depot (former works yard)");
    assert_eq!(depot.site.address, "Rushey Green, London, SE6 4JF");
    assert_eq!(depot.site.tenure, "Freehold, Operational depot");
    assert_eq!(depot.site.current_use, "Operational");
    assert!(
        depot.site.location.is_some_and(in_lewisham),
        "{:?}",
        depot.site.location
    );
    use SiteField::*;
    assert_eq!(depot.changed, [Name, Tenure, CurrentUse, Address, Latitude, Longitude]);

    let rows: Vec<usize> = p.new_sites.iter().map(|x| x.row).collect();
    assert_eq!(rows, [3, 4, 5, 6, 7, 11]);
    let deptford = new_site(&p, 3);
    assert_eq!(
        (deptford.owner.as_str(), deptford.uprn.as_deref()),
        ("lbl", Some("100021950215"))
    );
    assert!(deptford.location.is_some_and(in_lewisham));
    // A plot without a property name is named by its address.
    assert_eq!(new_site(&p, 4).name, "Silverdale, London, SE26 4SJ");
    assert_eq!(new_site(&p, 4).uprn, None);
    assert_eq!(new_site(&p, 5).location, None, "no GeoX/GeoY");
    // GeoX/GeoY given in degrees are read as longitude and latitude.
    assert_eq!(
        new_site(&p, 6).location,
        Some(Location {
            lat: 51.4331,
            lon: -0.0209
        })
    );
    // Row 7 is Ordnance Survey's test point TP09, at ETRS89 51.48936565 N, 0.119925572 W.
    let tp09 = new_site(&p, 7).location.expect("converted");
    let os = Location {
        lat: 51.48936565,
        lon: -0.119925572,
    };
    assert!(metres_apart(tp09, os) < 0.05, "{tp09:?}");
    assert_eq!(new_site(&p, 11).location, None, "a grid reference off the grid");

    assert_eq!(
        issues(&p.row_errors),
        [
            "row 8: UPRN (column 3): '1.00021E+11' has been shortened by a spreadsheet; format the UPRN column \
             as text and export again",
            "row 9: the same site as row 3 (the same UPRN); keep one of the two rows",
            "row 10: owner 'Lewisham Homes' matches no organisation in the scenario; create it, or correct the \
             name to one the scenario has",
        ]
    );
    assert_eq!(
        issues(&p.row_warnings),
        [
            "row 5: imported without a location: no coordinates given",
            "row 6: easting -0.0209 and northing 51.4331 are degrees, so they were read as longitude and latitude",
            "row 11: imported without a location: easting 5357800 and northing 171900 are outside the British \
             National Grid",
        ]
    );
    let refused: Vec<&str> = p.refused_owners.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(refused, ["Lewisham Homes"]);
    assert!(p.new_organisations.is_empty());
}

#[test]
fn a_land_and_assets_return_imported_again_matches_by_uprn() {
    let mut s = scenario();
    let p = plan(LAND_AND_ASSETS, &s);
    apply_import(&mut s, &p);
    let again = plan(LAND_AND_ASSETS, &s);
    assert!(!again.changes_anything(), "{again:?}");
    assert_eq!(again.unchanged_rows, [2, 3, 4, 5, 6, 7, 10, 11]);

    // Renamed in next year's return, the lounge is still the same site.
    let renamed = LAND_AND_ASSETS.replace("Deptford Lounge,", "Deptford Lounge and library,");
    let p = plan(&renamed, &s);
    assert!(p.new_sites.is_empty(), "{:?}", p.new_sites);
    assert_eq!(p.updated_sites.len(), 1);
    assert_eq!(p.updated_sites[0].site.name, "Deptford Lounge and library");
    assert_eq!(p.updated_sites[0].changed, [SiteField::Name]);
}

// ---------------------------------------------------------------------------
// The NHS ERIC site-level return

#[test]
fn an_eric_return_in_windows_1252_is_recognised_from_its_headings() {
    let text = decode_register(ERIC);
    let m = ColumnMapping::guess(&text);
    assert_eq!(m.layout, RegisterLayout::EricSites);
    use SiteField::*;
    let mut expected = vec![
        None, // Trust Code
        Some(Owner),
        None, // Commissioning Region
        None, // Trust Type
        Some(EricSiteCode),
        Some(Name),
        Some(CurrentUse),
        Some(Address),
        Some(GiaM2),
        Some(Backlog),
        Some(Backlog),
        Some(Backlog),
        Some(Backlog),
        None, // Investment to reduce backlog: spending, not the backlog
    ];
    expected.extend([Some(RunningCost); 9]);
    assert_eq!(m.columns, expected);
}

#[test]
fn an_eric_return_sums_backlog_and_running_costs_per_site() {
    let text = decode_register(ERIC);
    let s = scenario();
    let p = plan(&text, &s);
    let by_code = |code: &str| {
        &p.new_sites
            .iter()
            .find(|x| x.site.eric_site_code.as_deref() == Some(code))
            .unwrap_or_else(|| panic!("{code} not planned"))
            .site
    };
    let lewisham = by_code("RJ224");
    assert_eq!(lewisham.owner, "lgt", "trust named in capitals");
    assert_eq!(lewisham.name, "UNIVERSITY HOSPITAL LEWISHAM");
    assert_eq!(lewisham.current_use, "General acute hospital");
    assert_eq!(lewisham.address, "SE13 6LH");
    assert_eq!(lewisham.gia_m2, 98_450.0);
    // 1,250,000 + 3,400,000 + 5,120,500 + 812,000
    assert_eq!(lewisham.backlog, 10_582_500.0);
    // Cleaning 3,210,400 + green tariff 1,820,000 + other electricity 95,300 + gas 1,104,250 + other energy 12,000
    assert_eq!(lewisham.running_cost, 6_241_950.0);
    let qeh = by_code("RJ231");
    assert_eq!((qeh.backlog, qeh.running_cost), (8_070_000.0, 5_578_700.0));
    // "Not Applicable" cells count as nothing.
    let beckenham = by_code("RJ2E7");
    assert_eq!((beckenham.backlog, beckenham.running_cost), (665_000.0, 578_000.0));
    let ladywell = by_code("RV5A2");
    assert_eq!(
        ladywell.name, "LADYWELL UNIT – MENTAL HEALTH",
        "an en dash in Windows-1252"
    );

    assert_eq!(
        issues(&p.row_errors),
        ["row 5: GIA (m2) (column 9): 'approx 500' is not a number"]
    );
    assert!(text.contains(",Gross internal floor area (m²),Cost to eradicate high risk backlog (£),"));
    assert!(p.row_warnings.is_empty(), "ERIC gives no positions, so none is missing");
    let new: Vec<(&str, OrgKind)> = p.new_organisations.iter().map(|o| (o.name.as_str(), o.kind)).collect();
    assert_eq!(
        new,
        [(
            "SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST",
            OrgKind::NhsFoundationTrust
        )]
    );
}

#[test]
fn an_eric_return_imported_again_matches_by_site_code() {
    let text = decode_register(ERIC);
    let mut s = scenario();
    let p = plan(&text, &s);
    apply_import(&mut s, &p);
    assert!(!plan(&text, &s).changes_anything());
    let revised = text
        .replace(
            "UNIVERSITY HOSPITAL LEWISHAM",
            "UNIVERSITY HOSPITAL LEWISHAM (MAIN SITE)",
        )
        .replace("\"1,250,000\"", "\"1,000,000\"");
    let p = plan(&revised, &s);
    assert!(p.new_sites.is_empty());
    assert_eq!(p.updated_sites.len(), 1);
    assert_eq!(p.updated_sites[0].changed, [SiteField::Name, SiteField::Backlog]);
    assert_eq!(p.updated_sites[0].site.backlog, 10_332_500.0);
}

// ---------------------------------------------------------------------------
// Registers with latitudes and longitudes, or eastings and northings

#[test]
fn a_utf16_register_with_latitudes_and_longitudes_imports_its_positions() {
    let text = decode_register(LAT_LON_UTF16);
    let m = ColumnMapping::guess(&text);
    assert_eq!((m.delimiter, m.layout), (b'\t', RegisterLayout::General));
    use SiteField::*;
    assert_eq!(
        m.columns,
        [
            Some(Name),
            Some(Owner),
            Some(Latitude),
            Some(Longitude),
            Some(Value),
            Some(Notes)
        ]
    );
    let s = scenario();
    let p = plan(&text, &s);
    // Hither Green Lane clinic (s1) gains a position; its £6m value is unchanged.
    assert_eq!(p.updated_sites.len(), 1);
    assert_eq!(p.updated_sites[0].site.id, "s1");
    assert_eq!(p.updated_sites[0].changed, [Latitude, Longitude]);
    assert_eq!(
        p.updated_sites[0].site.location,
        Some(Location {
            lat: 51.4526,
            lon: -0.0173
        })
    );
    let lee = new_site(&p, 2);
    assert_eq!(
        (lee.value, lee.location),
        (
            1_200_000.0,
            Some(Location {
                lat: 51.4572,
                lon: 0.0068
            })
        )
    );
    for row in [4, 5, 7] {
        assert_eq!(new_site(&p, row).location, None, "row {row}");
    }
    assert_eq!(
        issues(&p.row_warnings),
        [
            "row 4: imported without a location: only Latitude is given, not a pair",
            "row 5: imported without a location: latitude and longitude are 0, 0 (no position given)",
            "row 7: imported without a location: latitude 91.2 and longitude -0.01 are not a position (latitude \
             -90 to 90, longitude -180 to 180)",
        ]
    );
    assert!(p.row_errors.is_empty(), "{:?}", p.row_errors);
}

#[test]
fn a_register_with_eastings_and_northings_converts_them() {
    let s = scenario();
    let p = plan(EASTING_NORTHING, &s);
    let downham = new_site(&p, 2).location.expect("converted");
    assert!(in_lewisham(downham), "{downham:?}");
    let (e, n) = wgs84_to_bng(downham).expect("on the grid");
    assert!(
        (e - 539_310.0).hypot(n - 171_480.0) < 1.0,
        "thousands separators read: ({e}, {n})"
    );
    assert!(
        new_site(&p, 3).location.is_some_and(in_lewisham),
        "spaces as separators"
    );
    assert_eq!(
        issues(&p.row_warnings),
        [
            "row 4: imported without a location: Easting (column 3): 'TQ 374 746' is not a number",
            "row 5: imported without a location: no coordinates given",
        ]
    );
    assert_eq!(p.new_sites.len(), 4, "rows without a usable position still import");
}

// ---------------------------------------------------------------------------
// Owners, quotes, encodings, sizes, export

#[test]
fn owners_that_match_no_organisation_are_created_only_when_chosen() {
    let s = scenario();
    let csv = "Site name,Owner\nA,Camden Council\nB,camden council\nC,Met Police\nD,lbl\n";
    let mut p = plan(csv, &s);
    p.refuse_new_owners(|o| o.name == "Camden Council");
    let created: Vec<&str> = p.new_organisations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(created, ["Camden Council"]);
    let owners: Vec<(usize, &str)> = p.new_sites.iter().map(|x| (x.row, x.site.owner.as_str())).collect();
    assert_eq!(owners, [(2, "camden-council"), (3, "camden-council"), (5, "lbl")]);
    assert_eq!(
        issues(&p.row_errors),
        [
            "row 4: owner 'Met Police' matches no organisation in the scenario; create it, or correct the name to one \
          the scenario has"
        ]
    );
    assert!(p
        .summary()
        .contains("owner not in the scenario, not created: Met Police"));
}

#[test]
fn a_quote_that_is_never_closed_is_reported_as_such() {
    let s = scenario();
    let csv = "Site name,Owner,Market value\nA,lgt,1m\n\"B,lgt,2m\nC,lgt,3m\n";
    let p = plan(csv, &s);
    assert_eq!(p.new_sites.len(), 1);
    assert_eq!(
        issues(&p.row_errors),
        [
            "row 3: a quote (\") opened on line 3 is never closed, so the rest of the file was read as one cell; \
          close the quote or remove it"
        ]
    );
    // In the header row it swallows the whole file.
    let csv = "\"Site name,Owner\nA,lgt\n";
    let err = plan_import(csv, &s, &ColumnMapping::guess(csv)).unwrap_err();
    assert_eq!(err, ImportError::UnclosedQuote { line: 1 });
    // Quotes closed across lines, and doubled quotes, are fine.
    let csv = "Site name,Owner,Notes\nA,lgt,\"two\nlines, \"\"quoted\"\"\"\n";
    assert!(plan(csv, &s).row_errors.is_empty());
}

#[test]
fn registers_are_decoded_by_their_byte_order_mark_or_their_bytes() {
    let text = "Site name,Market value\nLee clinic,£1m\n";
    let utf16 = |bom: &[u8], units: Vec<u16>, big: bool| {
        let mut bytes = bom.to_vec();
        for u in units {
            bytes.extend(if big { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        bytes
    };
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(decode_register(&utf16(&[0xFF, 0xFE], units.clone(), false)), text);
    assert_eq!(decode_register(&utf16(&[0xFE, 0xFF], units.clone(), true)), text);
    assert_eq!(
        decode_register(&utf16(&[], units.clone(), false)),
        text,
        "UTF-16 without its mark"
    );
    assert_eq!(decode_register(&utf16(&[], units, true)), text);
    let with_bom = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    assert_eq!(decode_register(&with_bom), text);
    assert_eq!(decode_register(b"Value\n\xa31m \x96 est\n"), "Value\n£1m – est\n");
}

#[test]
fn a_register_is_read_and_refused_as_a_register() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("eric.csv");
    std::fs::write(&path, ERIC).expect("written");
    let read = read_register(&path).expect("reads");
    assert_eq!(read.encoding, "windows-1252");
    assert!(read.text.starts_with("Trust Code,"));

    let huge = dir.path().join("huge.csv");
    let file = std::fs::File::create(&huge).expect("created");
    file.set_len(60 * 1024 * 1024).expect("a sparse 60 MB file");
    let message = read_register(&huge).unwrap_err().to_string();
    assert_eq!(
        message,
        "the register is 62914560 bytes, over the 52428800-byte limit for a register; split it into smaller files"
    );
    let missing = read_register(&dir.path().join("missing.csv")).unwrap_err();
    assert!(matches!(missing, ImportError::Unreadable(_)), "{missing}");
    assert!(missing.to_string().starts_with("cannot read the register: "));
}

#[test]
fn an_exported_register_keeps_positions_uprns_and_codes() {
    let mut s = scenario();
    let p = plan(LAND_AND_ASSETS, &s);
    apply_import(&mut s, &p);
    let eric = decode_register(ERIC);
    let p = plan(&eric, &s);
    apply_import(&mut s, &p);
    let csv = export_sites_csv(&s).expect("exported");
    let text = decode_register(&csv);
    assert!(
        text.lines()
            .next()
            .is_some_and(|h| h.ends_with(",UPRN,ERIC site code,Address,Latitude,Longitude")),
        "{text}"
    );
    assert!(!plan(&text, &s).changes_anything());

    let mut empty = without_sites(&s);
    let p = plan(&text, &empty);
    apply_import(&mut empty, &p);
    assert_eq!(empty.sites, s.sites, "positions come back to the last digit");
}

#[test]
fn a_register_that_cannot_be_written_says_register() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("no such folder").join("sites.csv");
    let message = write_register(&path, &scenario()).unwrap_err().to_string();
    assert!(message.starts_with("cannot write the register: "), "{message}");
    assert!(!message.contains("scenario"), "{message}");
}
