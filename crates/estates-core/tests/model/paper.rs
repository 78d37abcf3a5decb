//! What the board paper says in words and tables: every warning as a risk or
//! issue with its figure, the disposal and project tables of the text report,
//! CSV cells rounded to the penny and safe to open in a spreadsheet, and the
//! board paper fields of a scenario file.

use estates_core::io::{parse, to_ron, FileFormat};
use estates_core::issues::{marriage_value_forgone, risks_and_issues};
use estates_core::model::Purpose;
use estates_core::tables::{disposals_csv, projects_csv, text_report, yearly_csv};
use estates_core::{compute, csv_out::Bom, Scenario};

const NATIONAL: &str = include_str!("../../../../sample_scenarios/lewisham-national.ron");
const NCL: &str = include_str!("../../../../sample_scenarios/ncl-marriage-value.ron");

fn scenario(text: &str) -> Scenario {
    parse(text, FileFormat::Ron).expect("a valid sample")
}

#[test]
fn an_assembly_not_realised_says_the_marriage_value_it_would_have_added_and_why() {
    let s = scenario(NCL);
    let r = compute(&s);
    let issues = risks_and_issues(&s, &r);
    assert_eq!(issues.len(), r.warnings.len(), "one issue per warning");
    let barnet = issues
        .iter()
        .find(|i| i.item == "Barnet health centre with the council car park")
        .expect("the Barnet assembly");
    // Hand-worked: joint value £8.1m less the members' values £4.6m + £2.4m.
    let k = s
        .assemblies
        .iter()
        .position(|a| a.id == "barnet-joint")
        .expect("assembly");
    assert!((marriage_value_forgone(&s, k) - 1_100_000.0).abs() < 1e-6);
    assert!(barnet.text.contains("marriage value of £1.1m"), "{}", barnet.text);
    // The reason names the member site, not its id, and the years out of step.
    assert!(
        barnet
            .text
            .contains("Council car park behind Barnet health centre is sold in 2031/32"),
        "{}",
        barnet.text
    );
    assert!(!barnet.text.contains("barnet-car-park"), "{}", barnet.text);
}

#[test]
fn a_funding_gap_gives_its_amount_and_years() {
    let s = scenario(NCL);
    let r = compute(&s);
    let issues = risks_and_issues(&s, &r);
    let hub = issues
        .iter()
        .find(|i| i.item == "Tottenham neighbourhood care hub")
        .expect("the Tottenham hub");
    // Capex (6m + 9m) x 1.24 = 18.6m; the gap falls in the second year of building.
    assert!(hub.text.contains("capex of £18.6m"), "{}", hub.text);
    assert!(hub.text.starts_with("Funding gap of £4.9m in 2031/32"), "{}", hub.text);

    let s = scenario(NATIONAL);
    let r = compute(&s);
    for issue in risks_and_issues(&s, &r) {
        assert!(issue.text.starts_with("Funding gap of £"), "{issue:?}");
        assert!(issue.text.contains(" in 20"), "the years are given: {issue:?}");
    }
}

#[test]
fn the_text_report_prints_the_disposal_and_project_tables() {
    let s = scenario(NCL);
    let r = compute(&s);
    let text = text_report(&s, &r);
    let disposals = text.find("\nDisposals\n").expect("a disposals table");
    let projects = text.find("\nReinvestment projects\n").expect("a projects table");
    assert!(disposals < projects);
    for site in &s.sites {
        assert!(text.contains(site.name.as_str()), "{} is listed", site.name);
    }
    for p in &s.projects {
        assert!(text.contains(p.name.as_str()), "{} is listed", p.name);
    }
    // Tottenham: capex 18.6, from pots 10.7, grants 3.0, gap 4.9 (£m).
    let tottenham = text
        .lines()
        .find(|l| l.trim_start().starts_with("Tottenham neighbourhood care hub"))
        .expect("the Tottenham row");
    let figures: Vec<&str> = tottenham.split_whitespace().rev().take(4).collect();
    assert_eq!(figures, ["4.9", "3.0", "10.7", "18.6"], "{tottenham}");
    assert!(text.contains("Figures may not sum due to rounding."));
}

/// The decimal places of a CSV cell that holds a number.
fn decimals(cell: &str) -> usize {
    cell.split_once('.').map_or(0, |(_, d)| d.len())
}

#[test]
fn csv_money_is_to_the_penny_and_formula_like_text_is_neutralised() {
    let mut s = scenario(NATIONAL);
    s.sites[0].name = "=HYPERLINK(\"http://x\",\"click\")".to_owned();
    s.projects[0].name = "+44 hub".to_owned();
    // Land growth makes receipts with many decimal places.
    s.land_growth = 0.0137;
    let r = compute(&s);
    let disposals = disposals_csv(&s, &r, Bom::Without).expect("csv");
    let mut rows = csv::Reader::from_reader(disposals.as_bytes());
    let header = rows.headers().expect("header").clone();
    let mut saw_guarded = false;
    for row in rows.records() {
        let row = row.expect("a row");
        for (name, cell) in header.iter().zip(row.iter()) {
            if ["site_name", "owner", "id", "site"].contains(&name) {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{name}: {cell}");
                saw_guarded |= cell == "'=HYPERLINK(\"http://x\",\"click\")";
            } else if name != "fy" {
                assert!(decimals(cell) == 2, "{name}: {cell} is to the penny");
            }
        }
    }
    assert!(saw_guarded, "the formula is kept, behind a quote: {disposals}");
    let projects = projects_csv(&r, Bom::Without).expect("csv");
    assert!(projects.contains(",'+44 hub,"), "{projects}");
    let yearly = yearly_csv(&r, Bom::With).expect("csv");
    assert!(
        yearly.starts_with('\u{feff}'),
        "files for Excel start with a byte order mark"
    );
    for line in yearly.lines().skip(1) {
        for cell in line.split(',').skip(2) {
            assert!(decimals(cell) <= 2, "{cell} in {line}");
        }
    }
}

#[test]
fn board_paper_fields_are_optional_and_round_trip() {
    let s = scenario(NATIONAL);
    let text = to_ron(&s).expect("ron");
    assert!(!text.contains("board"), "a file without a board paper looks as before");
    let mut with = s.clone();
    with.board.meeting = "London Estates Board, 14 January 2027".to_owned();
    with.board.purpose = Some(Purpose::Decision);
    with.board.recommendations = "Approve the devolved option\nNote the funding gaps".to_owned();
    with.board.summary = "The devolved settlement keeps more locally.".to_owned();
    let back = scenario(&to_ron(&with).expect("ron"));
    assert_eq!(back.board, with.board);
    assert_eq!(
        back.board.recommendation_list(),
        ["Approve the devolved option", "Note the funding gaps"]
    );
}
