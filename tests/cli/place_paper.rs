//! The board pack's place pages and its colours, read back from the exported
//! files: the map page prints its key and attribution, the roll-up by borough
//! names every area with figures that add up to the headline totals, a pot
//! has one colour in a scenario's own pack and in a comparison, and a
//! tornado's subtitle is printed whole.

use std::path::{Path, PathBuf};
use std::process::Command;

use estates_core::format::count;
use estates_core::io::load;
use estates_core::place::{area_totals, rollup, AreaKind};
use estates_core::risk::{analyse, risk_charts};
use estates_core::tables::m1;

use crate::pdf_text::{has, page_texts};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("sample_scenarios/{name}.ron"))
}

/// Runs `export FILES --out DIR EXTRA...` and returns the folder.
fn export(files: &[&str], extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .arg("export")
        .args(files.iter().map(|f| sample(f)))
        .arg("--out")
        .arg(dir.path())
        .args(extra)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

fn pack(dir: &tempfile::TempDir) -> Vec<String> {
    page_texts(&std::fs::read(dir.path().join("board-pack.pdf")).expect("the pack"))
}

#[test]
fn the_map_page_has_its_key_and_attribution_and_the_roll_up_adds_up_to_the_headlines() {
    let dir = export(&["ncl-marriage-value"], &["--format", "pdf", "--map-measure", "gross"]);
    let pages = pack(&dir);
    let map = pages[1..]
        .iter()
        .find(|p| has(p, "Gross receipts by borough"))
        .expect("a map page shaded by the measure asked for");
    assert!(has(map, "Boroughs: Gross receipts"), "the key names the measure: {map}");
    assert!(has(map, "Sites, by owner"), "{map}");
    // assets/london-boroughs.README.md: the licence's attribution wherever the map is printed.
    assert!(
        has(
            map,
            "Contains Ordnance Survey data © Crown copyright and database right 2014."
        ) && has(map, "Boundaries: Martin Chorley, UK-GeoJSON (CC BY 4.0)."),
        "{map}"
    );
    assert!(
        has(&pages[0], "Gross receipts by borough") && has(&pages[0], "Roll-up by borough"),
        "listed in the contents"
    );

    let s = load(&sample("ncl-marriage-value")).expect("sample");
    let r = estates_core::compute(&s);
    let areas = rollup(&s, &r, AreaKind::Borough);
    assert!(areas.len() > 2, "the sample spans several boroughs");
    let table = pages[1..]
        .iter()
        .find(|p| has(p, "Roll-up by borough"))
        .expect("the roll-up table");
    // Each disposal's retained share, summed by hand by its site's borough.
    let retained_in = |area: &str| -> f64 {
        r.disposals
            .iter()
            .filter(|d| s.site(&d.site).is_some_and(|x| x.borough == area))
            .map(|d| d.retained)
            .sum()
    };
    // A row as printed: the name, then gross, costs, net, retained, marriage
    // value, homes, backlog, savings, capex and gap (text is compared with
    // spacing removed, as glyph runs are extracted).
    let row = |name: &str, f: [f64; 9], retained: f64| {
        let mut text = name.to_owned();
        for x in [f[0], f[1], f[2], retained, f[3]] {
            text.push_str(&m1(x));
        }
        text.push_str(&count(f[4]));
        for x in &f[5..] {
            text.push_str(&m1(*x));
        }
        text
    };
    let figures = |a: &estates_core::place::AreaFigures| {
        [
            a.gross_receipts,
            a.disposal_costs,
            a.net_receipts,
            a.marriage_value,
            a.homes,
            a.backlog_avoided,
            a.running_cost_savings,
            a.capex,
            a.funding_gap,
        ]
    };
    let mut sums = [0.0; 9];
    let mut retained_sum = 0.0;
    for a in &areas {
        let f = figures(a);
        assert!(
            has(table, &row(&a.area, f, retained_in(&a.area))),
            "{}'s row: {table}",
            a.area
        );
        for (sum, x) in sums.iter_mut().zip(f) {
            *sum += x;
        }
        retained_sum += retained_in(&a.area);
    }
    // The areas add up to the headline totals, and the total row prints them.
    // (area_totals copies the report's totals field by field.)
    let headline = figures(&area_totals(&r));
    for (k, (sum, x)) in sums.iter().zip(headline).enumerate() {
        assert!(
            (sum - x).abs() < 1.0,
            "figure {k}: the areas sum to {sum}, the headline is {x}"
        );
    }
    let all_retained: f64 = r.disposals.iter().map(|d| d.retained).sum();
    assert!((retained_sum - all_retained).abs() < 1.0);
    assert!(
        has(table, &row("Total", headline, all_retained)),
        "the total row: {table}"
    );
}

#[test]
fn an_unknown_map_measure_is_refused_naming_the_choices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .arg("export")
        .arg(sample("lewisham-national"))
        .arg("--out")
        .arg(dir.path())
        .args(["--map-measure", "value"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("gross, retained, gap, homes"), "{stderr}");
    assert!(!dir.path().join("board-pack.pdf").exists(), "nothing written");
}

/// The fill of the legend swatch drawn just before `name` in an exported chart SVG.
fn swatch_fill(svg: &str, name: &str) -> String {
    let at = svg
        .find(&format!(">{name}</text>"))
        .unwrap_or_else(|| panic!("{name} is in the legend"));
    let rect = svg[..at].rfind("<rect").expect("a swatch before the name");
    let fill = &svg[rect..at];
    let start = fill.find("fill=\"").expect("a fill") + 6;
    fill[start..start + fill[start..].find('"').expect("closing quote")].to_owned()
}

#[test]
fn a_pot_has_the_same_colour_in_its_own_pack_and_in_a_comparison() {
    let alone = export(&["lewisham-devolved"], &["--format", "svg"]);
    let together = export(&["lewisham-national", "lewisham-devolved"], &["--format", "svg"]);
    let read = |dir: &tempfile::TempDir, chart: &str| {
        std::fs::read_to_string(dir.path().join(format!("lewisham-devolved-{chart}.svg"))).expect("chart")
    };
    // The devolved pool comes after the national file's three pots in the
    // comparison; by position it took another colour there.
    for (chart, pot) in [
        ("retained-receipts", "London Estates Board pool"),
        ("retained-receipts", "Lewisham Council capital receipts"),
        ("pot-balances", "London Estates Board pool balance"),
    ] {
        let (a, b) = (read(&alone, chart), read(&together, chart));
        assert_eq!(swatch_fill(&a, pot), swatch_fill(&b, pot), "{pot} in {chart}");
    }
    // And the national file's pots are not drawn in the pool's colour.
    let national =
        std::fs::read_to_string(together.path().join("lewisham-national-retained-receipts.svg")).expect("chart");
    let pool = swatch_fill(&read(&together, "retained-receipts"), "London Estates Board pool");
    for pot in [
        "Trust capital programme",
        "Lewisham local",
        "Lewisham Council capital receipts",
    ] {
        assert_ne!(swatch_fill(&national, pot), pool, "{pot}");
    }
}

#[test]
fn the_tornado_subtitle_is_printed_whole() {
    let dir = export(&["lewisham-devolved"], &["--format", "pdf", "--with-risk"]);
    let pages = pack(&dir);
    let s = load(&sample("lewisham-devolved")).expect("sample");
    let (done, cancel) = Default::default();
    let analysis = analyse(&s, s.risk, &done, &cancel).expect("analysis");
    let tornadoes: Vec<_> = risk_charts(&s, &analysis)
        .into_iter()
        .filter(|c| c.chart.title.starts_with("Sensitivity of"))
        .collect();
    assert_eq!(tornadoes.len(), 2);
    for named in tornadoes {
        let page = pages
            .iter()
            .find(|p| has(p, &named.chart.title))
            .expect("the tornado's page");
        assert!(
            named.chart.subtitle.len() > 200,
            "a long subtitle: {}",
            named.chart.subtitle
        );
        assert!(
            has(page, &named.chart.subtitle),
            "whole: {}\n{page}",
            named.chart.subtitle
        );
        assert!(!page.contains('…'), "nothing shortened: {page}");
    }
}

#[test]
fn a_site_beyond_london_is_counted_on_the_map_page_not_drawn_off_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(sample("ncl-marriage-value")).expect("sample");
    // One site moved to Brighton, far outside the boroughs' box.
    let moved = text.replacen(
        "location: (lat: 51.5662, lon: -0.1392)",
        "location: (lat: 50.8225, lon: -0.1372)",
        1,
    );
    assert_ne!(moved, text, "the sample's first location was found");
    let file = dir.path().join("beyond.ron");
    std::fs::write(&file, moved).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .arg("export")
        .arg(&file)
        .args(["--out", &dir.path().join("out").to_string_lossy(), "--format", "pdf"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pages = page_texts(&std::fs::read(dir.path().join("out/board-pack.pdf")).expect("the pack"));
    let map = pages[1..]
        .iter()
        .find(|p| has(p, "Sites, by owner"))
        .expect("the map page");
    assert!(has(map, "1 site lies outside London and is not marked."), "{map}");
}
