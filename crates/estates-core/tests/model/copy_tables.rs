//! Copy to Excel (issue 14, item 2): the one TSV builder every table copies
//! through, and the yearly table as it pastes.

use crate::builders::{computed, disposal, estate, kind_rule, site, START};

use estates_core::csv_out::{tsv, Cell};
use estates_core::model::OrgKind;
use estates_core::tables::year_table_tsv;

#[test]
fn tsv_has_a_header_row_money_to_the_penny_and_no_stray_tabs() {
    let text = tsv(
        &["Name", "Value", "Homes"],
        vec![
            vec![
                Cell::text("Downham\thealth\ncentre"),
                Cell::Money(8_600_000.456),
                Cell::plain(12),
            ],
            vec![Cell::text("=SUM(A1)"), Cell::Money(-0.001), Cell::plain("")],
        ],
    );
    assert_eq!(
        text,
        "Name\tValue\tHomes\r\n\
         Downham health centre\t8600000.46\t12\r\n\
         '=SUM(A1)\t0.00\t\r\n"
    );
}

#[test]
fn the_yearly_table_pastes_as_numbers_with_its_total_row() {
    // Site a (£2m) sold in 2026/27, half kept: retained £1m.
    let mut s = estate(2);
    s.sites = vec![site("a", "nhs", 2_000_000.0)].into();
    s.disposals = vec![disposal("a", START)].into();
    s.retention_rules = vec![kind_rule("trusts", OrgKind::NhsTrust, 0.5, "local")].into();
    let text = year_table_tsv(&computed(&s));
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 4, "header, two years, total: {text}");
    assert_eq!(&lines[0][..3], ["Year", "Gross receipts", "Disposal costs"]);
    let retained = lines[0]
        .iter()
        .position(|h| *h == "Retained locally")
        .expect("a retained column");
    assert_eq!(
        (lines[1][0], lines[1][1], lines[1][retained]),
        ("2026/27", "2000000.00", "1000000.00")
    );
    assert_eq!((lines[3][0], lines[3][retained]), ("Total", "1000000.00"));
    assert!(!text.contains('£') && !text.contains(','), "{text}");
    assert_eq!(lines.iter().map(Vec::len).collect::<Vec<_>>(), vec![lines[0].len(); 4]);
}
