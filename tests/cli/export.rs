//! Print export read back: PDFs parse with the right pages and searchable
//! titles and marking, PNGs are A4 at 300 dpi with a pHYs chunk, SVGs parse,
//! and CSV figures equal the JSON report's.

use std::collections::BTreeMap;
use std::path::Path;

use estates_core::charts::{chart, ChartId, Mark};
use estates_core::export::{
    board_pack_pdf, chart_pdf, chart_png, chart_svg, csv_tables, page_count, usvg, write_all, ChartMeta, Format,
    PackItem, PackMeta, PIXELS_PER_METRE, PNG_HEIGHT, PNG_WIDTH,
};
use estates_core::io::{parse, FileFormat};
use estates_core::model::Project;
use estates_core::{compute, Report, Scenario};
use lopdf::{Document, Object};
use serde_json::Value;

use crate::pdf_text;
use pdf_text::{has, page_texts};

/// A small two-borough programme: a trust, NHS Property Services and a
/// council sell four sites (two assembled for marriage value) and fund two hubs.
const NATIONAL: &str = r#"Scenario(
    name: "Test borough: national rules",
    start_fy: 2026,
    horizon: 15,
    land_growth: 0.01,
    weight_by_probability: true,
    organisations: [
        Organisation(id: "trust", name: "Test Hospitals NHS Trust", kind: NhsTrust),
        Organisation(id: "nhsps", name: "NHS Property Services", kind: NhsPropertyServices),
        Organisation(id: "council", name: "London Borough of Test", kind: Council),
    ],
    sites: [
        Site(id: "car-park", name: "Hospital car park", owner: "trust", area_ha: 0.4, value: 12_000_000, homes: 120),
        Site(id: "clinic", name: "Old health centre, with \"annex\"", owner: "nhsps", area_ha: 0.3, value: 4_000_000),
        Site(id: "depot", name: "Council depot", owner: "council", area_ha: 0.5, value: 6_000_000, homes: 80),
        Site(id: "annex", name: "Clinic annex", owner: "trust", area_ha: 0.2, value: 3_000_000),
    ],
    disposals: [
        Disposal(site: "car-park", fy: 2027, probability: 0.9),
        Disposal(site: "clinic", fy: 2028, cost_rate: 0.02, phasing: [(0, 0.5), (2, 0.5)]),
        Disposal(site: "depot", fy: 2029, cost_rate: 0.03),
        Disposal(site: "annex", fy: 2029),
    ],
    assemblies: [
        Assembly(id: "depot-annex", name: "Depot and annex", members: ["depot", "annex"], uplift: 0.2),
    ],
    pots: [
        Pot(id: "trust-capital", name: "Trust capital programme"),
        Pot(id: "local", name: "Borough local"),
        Pot(id: "council-capital", name: "Council capital receipts"),
    ],
    retention_rules: [
        RetentionRule(id: "trust", applies_to: Kind(NhsTrust), retained_share: 1.0, pot: "trust-capital"),
        RetentionRule(id: "nhsps", applies_to: Kind(NhsPropertyServices), retained_share: 0.5, pot: "local", limit_per_disposal: 5_000_000),
        RetentionRule(id: "council", applies_to: Kind(Council), retained_share: 1.0, pot: "council-capital"),
    ],
    projects: [
        Project(
            id: "downham", name: "Downham neighbourhood care hub", capex: [(2029, 9_000_000), (2030, 6_000_000)],
            optimism_bias: 0.24,
            funding: [Pot(pot: "trust-capital"), Grant(name: "Estates grant", amount: 2_000_000)],
        ),
        Project(
            id: "new-cross", name: "New Cross hub", capex: [(2031, 12_000_000)], optimism_bias: 0.24,
            funding: [Pot(pot: "council-capital")],
        ),
    ],
)"#;

fn scenario(text: &str) -> Scenario {
    parse(text, FileFormat::Ron).expect("the test scenario is valid")
}

/// The same programme with NHS receipts pooled locally instead (the devolved option).
fn devolved() -> Scenario {
    let text = NATIONAL
        .replace("Test borough: national rules", "Test borough: devolved settlement")
        .replace(
            r#"retained_share: 0.5, pot: "local", limit_per_disposal: 5_000_000"#,
            r#"retained_share: 1.0, pot: "local""#,
        );
    scenario(&text)
}

/// No assemblies, no projects, and a disposal whose costs exceed its value,
/// retained in full, so the pot goes below zero.
const LOSS: &str = r#"Scenario(
    name: "Loss-making disposal",
    start_fy: 2026,
    horizon: 5,
    organisations: [Organisation(id: "council", name: "London Borough of Test", kind: Council)],
    sites: [Site(id: "verge", name: "Roadside verge", owner: "council", value: 1_000_000)],
    disposals: [Disposal(site: "verge", fy: 2027, fixed_cost: 3_000_000)],
    pots: [Pot(id: "council-capital", name: "Council capital receipts")],
    retention_rules: [RetentionRule(id: "council", applies_to: Kind(Council), retained_share: 1.0, pot: "council-capital")],
)"#;

const DATE: &str = "1 November 2026";
const MARKING: &str = "OFFICIAL-SENSITIVE: COMMERCIAL";

fn meta(title: &str) -> PackMeta {
    PackMeta {
        title: title.to_owned(),
        prepared_by: "Estates team".to_owned(),
        date: DATE.to_owned(),
        marking: Some(MARKING.to_owned()),
        preferred: None,
        map_measure: Default::default(),
    }
}

fn chart_meta(s: &Scenario) -> ChartMeta {
    ChartMeta {
        marking: Some(MARKING.to_owned()),
        ..ChartMeta::for_scenario("test.ron", s, DATE)
    }
}

// ---------------------------------------------------------------------------
// Reading PDFs back

// ---------------------------------------------------------------------------
// PDFs

#[test]
fn board_pack_has_a_page_per_chart_per_scenario_with_searchable_text() {
    let (a, b) = (scenario(NATIONAL), devolved());
    let (ra, rb) = (compute(&a), compute(&b));
    let items = [
        PackItem {
            file: "national.ron",
            scenario: &a,
            report: &ra,
            risk: None,
        },
        PackItem {
            file: "devolved.ron",
            scenario: &b,
            report: &rb,
            risk: None,
        },
    ];
    let pdf = board_pack_pdf(&items, &meta("Test borough options")).expect("pack");
    let pages = page_texts(&pdf);
    let total = pages.len();
    assert_eq!(total, page_count(&items, &meta("Test borough options")).expect("count"));
    for (n, page) in pages.iter().enumerate() {
        assert!(has(page, MARKING), "page {} carries the marking: {page}", n + 1);
        assert!(
            has(page, &format!("Page {} of {total}", n + 1)),
            "page {} is numbered",
            n + 1
        );
    }
    let cover = &pages[0];
    for needle in [
        "Test borough options",
        "Test borough: national rules",
        "Test borough: devolved settlement",
        "national.ron",
        "Prepared by: Estates team",
        DATE,
    ] {
        assert!(has(cover, needle), "cover shows {needle}: {cover}");
    }
    // The pages in order: a page titled `title` follows the one before.
    let position = |title: &str| {
        // After the cover, whose contents list every title.
        1 + pages[1..]
            .iter()
            .position(|p| has(p, title))
            .unwrap_or_else(|| panic!("a page titled {title}"))
    };
    let headlines = &pages[1];
    assert!(has(headlines, "Headline figures") && has(headlines, "Retained locally"));
    assert!(has(headlines, "Net NPV") && has(headlines, "Homes enabled"));
    assert!(has(&pages[2], "Options appraisal"), "{}", pages[2]);
    // What changed, as the compare command words it.
    let changes = &pages[position("What changed in the inputs")];
    assert!(has(
        changes,
        "From Test borough: national rules to Test borough: devolved settlement"
    ));
    assert!(
        has(changes, "'nhsps': share retained changed from 50% to 100%"),
        "{changes}"
    );
    assert!(has(cover, "What changed in the inputs"));
    // The overlays: one line per scenario, every file in the source line.
    let first_overlay = position("Retained receipts compared");
    for (k, title) in [
        "Retained receipts compared",
        "Pot balances compared",
        "Funding gap compared",
    ]
    .iter()
    .enumerate()
    {
        let page = &pages[first_overlay + k];
        assert!(has(page, title), "page {} is {title}: {page}", first_overlay + k + 1);
        assert!(has(page, "Test borough: national rules") && has(page, "Test borough: devolved settlement"));
        assert!(has(page, "national.ron") && has(page, "devolved.ron"), "{page}");
        assert!(has(page, "Green Book discounting") && has(page, "£m"), "{page}");
        assert!(has(cover, title), "the contents list {title}");
    }
    // Pages are grouped by chart, national then devolved; a chart that is the
    // same for both (here the marriage value: the assembly does not change) is printed once.
    let mut n = first_overlay + 3;
    for id in ChartId::ALL {
        let (ca, cb) = (chart(id, &a, &ra), chart(id, &b, &rb));
        let title = ca.title.clone();
        let expected: Vec<(&str, &str)> = if ca == cb {
            vec![("(the same in each)", "files national.ron, devolved.ron")]
        } else {
            vec![
                ("Test borough: national rules", "file national.ron,"),
                ("Test borough: devolved settlement", "file devolved.ron,"),
            ]
        };
        for (name, file) in expected {
            let page = &pages[n];
            assert!(has(page, &title), "page {} is {title}: {page}", n + 1);
            assert!(has(page, name) && has(page, &format!("scenario {file}")), "{page}");
            assert!(has(page, "real terms, prices of FY 2026/27"), "{page}");
            assert!(has(page, "Green Book discounting"), "{page}");
            assert!(has(page, "Horizon 15 years, 2026/27 to 2040/41."), "{page}");
            assert!(has(page, "optimism bias of 24%"), "{page}");
            assert!(has(page, "£m"), "{page}");
            n += 1;
        }
    }
    assert!(
        has(&pages[n], "Disposals"),
        "the tables follow the charts: {}",
        pages[n]
    );
}

#[test]
fn headline_table_shows_the_difference_from_the_baseline() {
    let (a, b) = (scenario(NATIONAL), devolved());
    let (ra, rb) = (compute(&a), compute(&b));
    let items = [
        PackItem {
            file: "national.ron",
            scenario: &a,
            report: &ra,
            risk: None,
        },
        PackItem {
            file: "devolved.ron",
            scenario: &b,
            report: &rb,
            risk: None,
        },
    ];
    let pages = page_texts(&board_pack_pdf(&items, &meta("Options")).expect("pack"));
    // NHS Property Services' clinic nets 4m x 1.01^2 x 0.98 = 3,998,792 (phased in halves).
    // Nationally half of it is retained; devolved, all of it: 1,999,396 more locally.
    let extra = 4_000_000.0 * 1.01f64.powi(2) * 0.98 / 2.0;
    assert!((rb.totals.retained_total() - ra.totals.retained_total() - extra).abs() < 1e-6);
    assert!(has(&pages[1], "+£2.0m"), "{}", pages[1]);
    assert!(
        has(&pages[1], "-£2.0m"),
        "returned nationally falls by the same: {}",
        pages[1]
    );
}

#[test]
fn chart_pdf_is_one_a4_landscape_page_with_embedded_fonts() {
    let s = scenario(NATIONAL);
    let r = compute(&s);
    let c = chart(ChartId::ProjectFunding, &s, &r);
    let pdf = chart_pdf(&c, &chart_meta(&s)).expect("pdf");
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), 1);
    for needle in [
        "Funding by project",
        "Downham neighbourhood care hub",
        "New Cross hub",
        MARKING,
        "From grants",
    ] {
        assert!(has(&pages[0], needle), "{needle}: {}", pages[0]);
    }
    let doc = Document::load_mem(&pdf).expect("parses");
    let page = *doc.get_pages().values().next().expect("a page");
    let media: Vec<f64> = doc
        .get_dictionary(page)
        .and_then(|p| p.get(b"MediaBox"))
        .and_then(Object::as_array)
        .expect("media box")
        .iter()
        .map(|v| v.as_float().map(f64::from).expect("number"))
        .collect();
    // A4 landscape: 297 x 210 mm is 841.89 x 595.28 pt.
    assert!(
        (media[2] - 841.89).abs() < 0.05 && (media[3] - 595.28).abs() < 0.05,
        "{media:?}"
    );
    let embedded = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        .count();
    assert_eq!(embedded, 2, "regular and bold DejaVu Sans are embedded");
}

// ---------------------------------------------------------------------------
// PNG

/// The chunks of a PNG file as (type, data).
fn png_chunks(png: &[u8]) -> Vec<([u8; 4], &[u8])> {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let mut out = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes")) as usize;
        let kind: [u8; 4] = png[at + 4..at + 8].try_into().expect("4 bytes");
        out.push((kind, &png[at + 8..at + 8 + len]));
        at += 12 + len;
    }
    out
}

fn be32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes(bytes[..4].try_into().expect("4 bytes"))
}

#[test]
fn chart_png_is_a4_at_300_dpi() {
    let s = scenario(NATIONAL);
    let r = compute(&s);
    let png = chart_png(&chart(ChartId::RetainedReceipts, &s, &r), &chart_meta(&s)).expect("png");
    let chunks = png_chunks(&png);
    let (kind, ihdr) = chunks[0];
    assert_eq!(&kind, b"IHDR");
    // 297 mm and 210 mm at 300 dpi: 11.69 in x 300 = 3508 px, 8.27 in x 300 = 2480 px.
    assert_eq!((be32(&ihdr[0..]), be32(&ihdr[4..])), (3508, 2480));
    assert_eq!((PNG_WIDTH, PNG_HEIGHT), (3508, 2480));
    let (_, phys) = chunks.iter().find(|(k, _)| k == b"pHYs").expect("a pHYs chunk");
    // 300 dpi = 300 / 0.0254 = 11,811 pixels per metre, unit byte 1 (metre).
    assert_eq!((be32(&phys[0..]), be32(&phys[4..]), phys[8]), (11_811, 11_811, 1));
    assert_eq!(PIXELS_PER_METRE, 11_811);
    assert!(chunks.iter().any(|(k, _)| k == b"IDAT") && chunks.last().map(|c| &c.0) == Some(b"IEND"));
}

// ---------------------------------------------------------------------------
// SVG

fn parse_svg(svg: &str) -> usvg::Tree {
    usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the SVG parses")
}

#[test]
fn every_chart_svg_parses_at_a4_size_and_names_its_chart() {
    let s = scenario(NATIONAL);
    let r = compute(&s);
    for id in ChartId::ALL {
        let c = chart(id, &s, &r);
        let svg = chart_svg(&c, &chart_meta(&s)).expect("svg");
        let tree = parse_svg(&svg);
        // 297 x 210 mm at usvg's 96 dpi.
        assert!((tree.size().width() - 1122.52).abs() < 0.1, "{:?}", tree.size());
        assert!((tree.size().height() - 793.7).abs() < 0.1, "{:?}", tree.size());
        assert!(svg.contains(&format!(">{}</text>", c.title)), "{id:?} is titled");
        assert!(svg.contains(">£m</text>"), "{id:?} states its unit");
        for series in &c.series {
            let name = series.name.replace('"', "&quot;");
            assert!(
                svg.contains(&format!(">{name}</text>")),
                "{id:?} has a legend entry for {name}"
            );
        }
    }
}

#[test]
fn years_are_labelled_as_financial_years() {
    let s = scenario(NATIONAL);
    let r = compute(&s);
    let svg = chart_svg(&chart(ChartId::RetainedReceipts, &s, &r), &chart_meta(&s)).expect("svg");
    for label in ["2026/27", "2033/34", "2040/41"] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
}

#[test]
fn empty_charts_say_so_and_negative_balances_plot_below_zero() {
    let s = scenario(LOSS);
    let r = compute(&s);
    let m = chart_meta(&s);
    let marriage = chart_svg(&chart(ChartId::MarriageValue, &s, &r), &m).expect("svg");
    assert!(marriage.contains("No realised assemblies in this scenario"));
    let projects = chart_svg(&chart(ChartId::ProjectFunding, &s, &r), &m).expect("svg");
    assert!(projects.contains("No reinvestment projects in this scenario"));
    // Net receipt 1m - 3m = -2m, all retained: the pot closes at -£2m from 2027/28.
    let balances = chart(ChartId::PotBalances, &s, &r);
    let pot = balances
        .series
        .iter()
        .find(|x| x.mark == Mark::Line)
        .expect("a pot line");
    assert_eq!(pot.values, [0.0, -2.0, -2.0, -2.0, -2.0]);
    let svg = chart_svg(&balances, &m).expect("svg");
    parse_svg(&svg);
    // The axis reaches below zero: its ticks run from -2.0 up to 0.0.
    assert!(svg.contains(">-2.0</text>") && svg.contains(">0.0</text>"), "{svg}");
    let retained = chart_svg(&chart(ChartId::RetainedReceipts, &s, &r), &m).expect("svg");
    assert!(
        retained.contains(">-2.0</text>"),
        "a negative retained bar has its own scale"
    );
    // Every page still converts.
    for id in ChartId::ALL {
        let pdf = chart_pdf(&chart(id, &s, &r), &m).expect("pdf");
        assert_eq!(page_texts(&pdf).len(), 1);
    }
}

#[test]
fn long_horizons_and_many_categories_still_render() {
    let text = NATIONAL.replace("horizon: 15", "horizon: 60");
    let s = scenario(&text);
    let r = compute(&s);
    let svg = chart_svg(&chart(ChartId::PotBalances, &s, &r), &chart_meta(&s)).expect("svg");
    parse_svg(&svg);
    // Sixty years do not fit side by side: the labels thin out to every fourth
    // year (a label is 31 pt wide, a year 12.3 pt), starting with the first.
    assert!(svg.contains(">2026/27</text>") && svg.contains(">2030/31</text>"));
    assert!(!svg.contains(">2027/28</text>") && !svg.contains(">2029/30</text>"));
    let labelled = (2026..2086).filter(|y| svg.contains(&format!(">{y}/"))).count();
    assert_eq!(labelled, 15);
    // Forty projects: the twenty largest are charted, in scenario order, in
    // bands too narrow for their names, which turn 45 degrees instead.
    let mut many = scenario(NATIONAL);
    many.projects = (1..=40)
        .map(|n| Project {
            id: format!("p{n}"),
            name: format!("Hub number {n}"),
            capex: vec![(2030, f64::from(n) * 1_000_000.0)],
            ..Project::default()
        })
        .collect();
    let c = chart(ChartId::ProjectFunding, &many, &compute(&many));
    let names: Vec<String> = (21..=40).map(|n| format!("Hub number {n}")).collect();
    assert_eq!(c.categories, names);
    assert!(c.subtitle.contains("The 20 of 40 projects with the largest capex"));
    let svg = chart_svg(&c, &chart_meta(&many)).expect("svg");
    parse_svg(&svg);
    assert!(svg.contains("rotate(-45.0") && svg.contains(">Hub number 40</text>"));
    assert!(!svg.contains(">Hub number 20</text>"));
}

// ---------------------------------------------------------------------------
// CSV against the JSON report

fn read_csv(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .map(str::to_owned)
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

fn number(text: &str) -> f64 {
    text.parse().unwrap_or_else(|_| panic!("'{text}' is a number"))
}

fn json_number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is a number"))
}

/// A yearly CSV cell from the JSON year object: pot maps are summed for the
/// total columns and looked up for the per-pot columns.
fn json_cell(year: &Value, column: &str) -> f64 {
    match column.split_once(':') {
        Some((map, pot)) => json_number(&year[map][pot]),
        None => match &year[column] {
            Value::Object(pots) => pots.values().map(json_number).sum(),
            other => json_number(other),
        },
    }
}

#[test]
fn csv_figures_equal_the_json_report() {
    let s = scenario(NATIONAL);
    let r: Report = compute(&s);
    let json: Value = serde_json::to_value(&r).expect("json");
    let [(_, yearly), (_, disposals), (_, projects)] = csv_tables(&s, &r).expect("csv");

    let rows = read_csv(&yearly);
    assert_eq!(rows.len(), 15);
    for (row, year) in rows.iter().zip(json["years"].as_array().expect("years")) {
        assert_eq!(row["label"], year["label"].as_str().expect("label"));
        for (column, cell) in row.iter().filter(|(k, _)| !matches!(k.as_str(), "fy" | "label")) {
            let expected = json_cell(year, column);
            // Money is rounded to the penny, homes are whole.
            assert!(
                (number(cell) - expected).abs() <= 0.005,
                "{column}: {cell} vs {expected}"
            );
        }
    }

    let rows = read_csv(&disposals);
    let lines = json["disposals"].as_array().expect("disposals");
    assert_eq!(rows.len(), lines.len());
    for (row, line) in rows.iter().zip(lines) {
        assert_eq!(row["id"], line["id"].as_str().expect("id"));
        let site = s.site(&row["site"]).expect("the line's site");
        assert_eq!(row["site_name"], site.name, "quotes survive");
        assert_eq!(row["owner"], site.owner);
        for key in [
            "gross_receipt",
            "disposal_cost",
            "net_receipt",
            "profit_on_disposal",
            "marriage_value",
            "retained",
        ] {
            assert!((number(&row[key]) - json_number(&line[key])).abs() <= 0.005, "{key}");
        }
    }

    let rows = read_csv(&projects);
    let lines = json["projects"].as_array().expect("projects");
    assert_eq!(rows.len(), 2);
    for (row, line) in rows.iter().zip(lines) {
        for key in ["capex", "funded_from_pots", "funded_from_grants", "funding_gap"] {
            assert!((number(&row[key]) - json_number(&line[key])).abs() <= 0.005, "{key}");
        }
    }
    // Hand-worked: Downham's capex is 15m x 1.24 = 18.6m.
    assert!((number(&rows[0]["capex"]) - 18_600_000.0).abs() < 1e-6);
}

// ---------------------------------------------------------------------------
// Writing a folder, through the library and the command line

fn names(paths: &[std::path::PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect()
}

#[test]
fn write_all_names_files_by_scenario_and_chart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("new").join("folder");
    let (a, b) = (scenario(NATIONAL), devolved());
    let (ra, rb) = (compute(&a), compute(&b));
    let items = [
        PackItem {
            file: "plans/national.ron",
            scenario: &a,
            report: &ra,
            risk: None,
        },
        PackItem {
            file: "devolved.ron",
            scenario: &b,
            report: &rb,
            risk: None,
        },
    ];
    let written = write_all(&items, &[Format::Svg, Format::Csv], &meta("t"), &out).expect("export");
    let names = names(&written);
    // Three overlaid SVG charts, four SVG charts and three CSV tables per
    // scenario; no PDF asked for, so no board pack.
    assert_eq!(names.len(), 3 + 14);
    assert!(names.contains(&"comparison-funding-gap-compared.svg".to_owned()));
    assert!(names.contains(&"national-retained-receipts.svg".to_owned()));
    assert!(names.contains(&"devolved-project-funding.svg".to_owned()));
    assert!(names.contains(&"devolved-yearly.csv".to_owned()));
    assert!(!names.iter().any(|n| n.ends_with(".pdf")));
    for path in &written {
        assert!(path.starts_with(&out) && path.is_file(), "{}", path.display());
    }
    let leftovers = std::fs::read_dir(&out).expect("dir").count();
    assert_eq!(leftovers, 3 + 14, "no temporary files left behind");
}

#[test]
fn the_export_command_writes_charts_csvs_and_one_board_pack() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("national.ron"), dir.path().join("devolved.ron"));
    std::fs::write(&a, NATIONAL).expect("write");
    std::fs::write(&b, NATIONAL.replace("national rules", "devolved settlement")).expect("write");
    let out = dir.path().join("out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .arg("export")
        .args([&a, &b])
        .arg("--out")
        .arg(&out)
        .args(["--format", "pdf,csv", "--marking", MARKING, "--title", "Exported pack"])
        .output()
        .expect("runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let listed: Vec<String> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    // Three overlay PDFs, per scenario four chart PDFs and three CSVs, then the board pack.
    assert_eq!(listed.len(), 3 + 2 * (4 + 3) + 1, "{listed:?}");
    assert!(listed.iter().all(|l| Path::new(l).is_file()), "{listed:?}");
    let pack = out.join("board-pack.pdf");
    assert_eq!(listed.last().map(Path::new), Some(pack.as_path()));
    let pages = page_texts(&std::fs::read(&pack).expect("pack"));
    assert!(
        pages.iter().any(|p| has(p, "Retained receipts compared")),
        "the pack overlays the scenarios"
    );
    assert!(has(&pages[0], "Exported pack") && has(&pages[0], "devolved.ron"));
    assert!(pages.iter().all(|p| has(p, MARKING)));

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .arg("export")
        .arg(&a)
        .args(["--out", "x", "--format", "docx"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2), "an unknown format is a usage error");
}
