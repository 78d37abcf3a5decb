//! The report as tables: a readable text table for the terminal and CSV files
//! (yearly, per disposal, per project). CSV money is rounded to the penny
//! (the JSON report keeps full precision); the text tables round to £m.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::csv_out::{penny, write_csv, Bom, Cell};
use crate::format::{count, money_m};
use crate::model::{Scenario, Site};
use crate::report::{Flows, Report};

/// A yearly column: its heading and how to read it from a year's flows.
pub struct Column {
    pub key: &'static str,
    pub heading: &'static str,
    pub get: fn(&Flows) -> f64,
    pub is_money: bool,
}

/// The scalar yearly columns in report order (pot maps are added per pot).
pub const YEAR_COLUMNS: [Column; 14] = [
    col("gross_receipts", "Gross receipts", |f| f.gross_receipts),
    col("disposal_costs", "Disposal costs", |f| f.disposal_costs),
    col("net_receipts", "Net receipts", |f| f.net_receipts),
    col("marriage_value", "Marriage value", |f| f.marriage_value),
    col("retained", "Retained locally", Flows::retained_total),
    col("returned_national", "Returned nationally", |f| f.returned_national),
    col("capex", "Capex", |f| f.capex),
    col("funded_from_pots", "Funded from pots", |f| f.funded_from_pots),
    col("funded_from_grants", "Funded from grants", |f| f.funded_from_grants),
    col("funding_gap", "Funding gap", |f| f.funding_gap),
    col("pot_closing", "Pot balances", Flows::pot_closing_total),
    col("running_cost_savings", "Running cost savings", |f| {
        f.running_cost_savings
    }),
    col("new_running_costs", "New running costs", |f| f.new_running_costs),
    col("backlog_avoided", "Backlog avoided", |f| f.backlog_avoided),
];

const fn col(key: &'static str, heading: &'static str, get: fn(&Flows) -> f64) -> Column {
    Column {
        key,
        heading,
        get,
        is_money: true,
    }
}

/// Homes enabled is a count, shown last.
pub const HOMES_COLUMN: Column = Column {
    key: "homes",
    heading: "Homes enabled",
    get: |f| f.homes,
    is_money: false,
};

/// Short headings for the 80-120 column terminal table.
const SHORT: [&str; 15] = [
    "Gross", "Costs", "Net", "Marr.", "Retain", "Return", "Capex", "Pots", "Grants", "Gap", "Balance", "Savings",
    "NewRun", "Backlog", "Homes",
];

fn all_columns() -> impl Iterator<Item = &'static Column> {
    YEAR_COLUMNS.iter().chain(std::iter::once(&HOMES_COLUMN))
}

fn cell(c: &Column, f: &Flows) -> String {
    let x = (c.get)(f);
    if c.is_money {
        money_m(x)
    } else {
        count(x)
    }
}

/// The readable report: the yearly table and totals, NPVs, the disposal and
/// project tables and warnings (`s` is the scenario `r` was computed from).
pub fn text_report(s: &Scenario, r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Scenario: {}", r.scenario);
    let _ = writeln!(out, "Money in £m, real terms at the price base; FY 2026 is 2026/27.\n");
    let _ = write!(out, "{:<8}", "FY");
    for h in SHORT {
        let _ = write!(out, "{h:>9}");
    }
    out.push('\n');
    for y in &r.years {
        let _ = write!(out, "{:<8}", y.label);
        for c in all_columns() {
            let _ = write!(out, "{:>9}", cell(c, &y.flows));
        }
        out.push('\n');
    }
    let _ = write!(out, "{:<8}", "Total");
    for c in all_columns() {
        let _ = write!(out, "{:>9}", cell(c, &r.totals));
    }
    out.push_str("\n\n");
    out.push_str(&drawn_block(r));
    out.push_str(&npv_block(r));
    out.push('\n');
    out.push_str(&table_text(&disposal_table(s, r)));
    out.push('\n');
    out.push_str(&table_text(&project_table(r)));
    out.push_str("Figures may not sum due to rounding.\n");
    out.push_str(&warnings_block(r));
    out
}

/// A table of figures as printed: headings, which columns hold figures,
/// the rows and a total row, every cell already formatted. The board pack and
/// the text report print the same tables from this.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureTable {
    pub title: &'static str,
    pub headings: Vec<&'static str>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
}

/// £m to one decimal place without the pound sign, thousands grouped, for
/// table cells under a `£m` heading; never `-0.0`.
pub fn m1(x: f64) -> String {
    let text = format!("{:.1}", (x / 1e6).abs());
    // Thousands grouped as a person writes them: 34,393.9 (£34.4bn) at London scale.
    let (whole, tenths) = text.split_at(text.find('.').unwrap_or(text.len()));
    let grouped = format!("{}{tenths}", count(whole.parse::<f64>().unwrap_or_default()));
    if x < 0.0 && text != "0.0" {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// One line per disposal: site, owner, year, gross, costs, net, its share of
/// marriage value and what is retained locally, in £m, with totals.
pub fn disposal_table(s: &Scenario, r: &Report) -> FigureTable {
    let sites: HashMap<&str, &Site> = s.sites.iter().rev().map(|x| (x.id.as_str(), x)).collect();
    let owner_name = |id: &str| {
        s.organisation(id)
            .map(|o| o.name.as_str())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(id)
            .to_owned()
    };
    let figures = |d: &crate::report::DisposalLine| {
        [
            d.gross_receipt,
            d.disposal_cost,
            d.net_receipt,
            d.marriage_value,
            d.retained,
        ]
    };
    let rows = r
        .disposals
        .iter()
        .map(|d| {
            let site = sites.get(d.site.as_str());
            let name = site.map_or(d.site.as_str(), |x| x.name.as_str()).to_owned();
            let owner = site.map_or_else(String::new, |x| owner_name(&x.owner));
            let mut row = vec![name, owner, crate::engine::fy_label(d.fy)];
            row.extend(figures(d).map(m1));
            row
        })
        .collect();
    let mut sums = [0.0; 5];
    for d in &r.disposals {
        for (sum, x) in sums.iter_mut().zip(figures(d)) {
            *sum += x;
        }
    }
    let mut total = vec!["Total".to_owned(), String::new(), String::new()];
    total.extend(sums.map(m1));
    FigureTable {
        title: "Disposals",
        headings: vec![
            "Site",
            "Owner",
            "Year of sale",
            "Gross receipt £m",
            "Disposal costs £m",
            "Net receipt £m",
            "Marriage value share £m",
            "Retained locally £m",
        ],
        numeric: vec![false, false, false, true, true, true, true, true],
        rows,
        total: Some(total),
    }
}

/// One line per reinvestment project: capex with optimism bias, what pots
/// and grants fund, and the gap, in £m, with totals.
pub fn project_table(r: &Report) -> FigureTable {
    let figures = |p: &crate::report::ProjectLine| [p.capex, p.funded_from_pots, p.funded_from_grants, p.funding_gap];
    let rows = r
        .projects
        .iter()
        .map(|p| {
            let mut row = vec![p.name.to_string()];
            row.extend(figures(p).map(m1));
            row
        })
        .collect();
    let mut sums = [0.0; 4];
    for p in &r.projects {
        for (sum, x) in sums.iter_mut().zip(figures(p)) {
            *sum += x;
        }
    }
    let mut total = vec!["Total".to_owned()];
    total.extend(sums.map(m1));
    FigureTable {
        title: "Reinvestment projects",
        headings: vec![
            "Project",
            "Capex with optimism bias £m",
            "From pots £m",
            "From grants £m",
            "Funding gap £m",
        ],
        numeric: vec![false, true, true, true, true],
        rows,
        total: Some(total),
    }
}

/// A figure table as fixed-width text: text columns as wide as their widest
/// cell (up to 60 characters), figures right-aligned.
pub fn table_text(t: &FigureTable) -> String {
    const MAX_TEXT: usize = 60;
    let cells = t.rows.iter().chain(t.total.iter());
    let mut widths: Vec<usize> = t.headings.iter().map(|h| h.chars().count()).collect();
    for row in cells.clone() {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    for (w, numeric) in widths.iter_mut().zip(&t.numeric) {
        if !numeric {
            *w = (*w).min(MAX_TEXT);
        }
    }
    let line = |row: &[String]| {
        let mut out = String::new();
        for ((c, w), numeric) in row.iter().zip(&widths).zip(&t.numeric) {
            if *numeric {
                let _ = write!(out, "  {c:>w$}");
            } else {
                let c = shorten(c, *w);
                let _ = write!(out, "  {c:<w$}");
            }
        }
        out.trim_end().to_owned() + "\n"
    };
    let headings: Vec<String> = t.headings.iter().map(|h| (*h).to_owned()).collect();
    let mut out = format!("{}\n{}", t.title, line(&headings));
    for row in cells {
        out.push_str(&line(row));
    }
    out
}

/// Text cut to `n` characters with an ellipsis.
fn shorten(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        text.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// The NPVs with their labels, in the order every table lists them.
pub fn npv_rows(r: &Report) -> [(&'static str, f64); 7] {
    let n = &r.npv;
    [
        ("Retained receipts", n.retained_receipts),
        ("Returned nationally", n.returned_national),
        ("Capex", n.capex),
        ("Funding gap", n.funding_gap),
        ("Running cost savings", n.running_cost_savings),
        ("New running costs", n.new_running_costs),
        ("Net (retained + savings - capex - new running costs)", n.net),
    ]
}

/// What projects drew from each pot, year by year: where a spending limit
/// binds, this is what shows it (section 6). Empty when there are no pots.
fn drawn_block(r: &Report) -> String {
    let pots: Vec<&str> = r.totals.drawn.keys().map(|k| k.as_str()).collect();
    if pots.is_empty() {
        return String::new();
    }
    let width = |p: &str| p.chars().count().max(8) + 1;
    let mut out = String::from("Drawn by projects from each pot (£m)\n");
    let _ = write!(out, "{:<8}", "FY");
    for p in &pots {
        let _ = write!(out, "{p:>w$}", w = width(p));
    }
    out.push('\n');
    let rows = r
        .years
        .iter()
        .map(|y| (y.label.as_str(), &y.flows))
        .chain([("Total", &r.totals)]);
    for (label, flows) in rows {
        let _ = write!(out, "{label:<8}");
        for p in &pots {
            let x = flows.drawn.get(*p).copied().unwrap_or(0.0);
            let _ = write!(out, "{:>w$}", money_m(x), w = width(p));
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

fn npv_block(r: &Report) -> String {
    let mut out = String::from("Net present values (discounted to the price base year)\n");
    for (label, x) in npv_rows(r) {
        let _ = writeln!(out, "  {label:<54}{:>10}", money_m(x));
    }
    out
}

/// What a scenario's warnings come to, in one line for `check`: "No
/// warnings", or "3 warnings, including funding gaps of £25.0m (2 projects)",
/// or, without a gap, what the warnings are about: "2 warnings, on Cost rate (2)".
pub fn warnings_summary(r: &Report) -> String {
    let n = r.warnings.len();
    let noun = if n == 1 { "warning" } else { "warnings" };
    if n == 0 {
        return "No warnings".to_owned();
    }
    let short: Vec<&str> = r
        .projects
        .iter()
        .filter(|p| p.funding_gap > 0.0)
        .map(|p| p.name.as_str())
        .collect();
    if !short.is_empty() {
        let projects = if short.len() == 1 {
            short[0].to_owned()
        } else {
            format!("{} projects", short.len())
        };
        return format!(
            "{n} {noun}, including funding gaps of {} ({projects})",
            money_m(r.totals.funding_gap)
        );
    }
    let mut about: Vec<(String, usize)> = Vec::new();
    for w in &r.warnings {
        let label = if w.field.is_empty() {
            w.item.kind.label().to_owned()
        } else {
            crate::problem::field_label(&w.field)
        };
        match about.iter_mut().find(|(l, _)| *l == label) {
            Some((_, k)) => *k += 1,
            None => about.push((label, 1)),
        }
    }
    about.sort_by_key(|a| std::cmp::Reverse(a.1));
    let listed: Vec<String> = about.iter().map(|(l, k)| format!("{l} ({k})")).collect();
    format!("{n} {noun}, on {}", listed.join(", "))
}

fn warnings_block(r: &Report) -> String {
    if r.warnings.is_empty() {
        return "\nNo warnings.\n".into();
    }
    let mut out = format!("\nWarnings ({}):\n", r.warnings.len());
    for w in &r.warnings {
        let _ = writeln!(out, "  {w}");
    }
    out
}

/// The CSV as text (the writer's output is always UTF-8).
pub(crate) fn csv_text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

fn money_or_count(c: &Column, f: &Flows) -> Cell {
    let x = (c.get)(f);
    if c.is_money {
        Cell::Money(x)
    } else {
        Cell::plain(x)
    }
}

/// The whole yearly table (the year, every column, the years in order, then
/// the total row) as tab-separated text for Excel, money to the penny: the
/// full record whatever the screen hides or sorts, so a paste always holds it.
pub fn year_table_tsv(r: &Report) -> String {
    let mut headings = vec!["Year"];
    headings.extend(all_columns().map(|c| c.heading));
    let row = |label: &str, f: &Flows| {
        let mut row = vec![Cell::text(label)];
        row.extend(all_columns().map(|c| money_or_count(c, f)));
        row
    };
    let rows = r
        .years
        .iter()
        .map(|y| row(&y.label, &y.flows))
        .chain(std::iter::once(row("Total", &r.totals)));
    crate::csv_out::tsv(&headings, rows)
}

/// The yearly table as CSV, money to the penny, one column per pot for
/// retained inflow and closing balance.
pub fn yearly_csv(r: &Report, bom: Bom) -> Result<String, csv::Error> {
    let pots: Vec<&str> = r.totals.pot_closing.keys().map(|k| k.as_str()).collect();
    let mut header = vec!["fy".to_owned(), "label".to_owned()];
    header.extend(all_columns().map(|c| c.key.to_owned()));
    header.extend(pots.iter().map(|p| format!("retained:{p}")));
    header.extend(pots.iter().map(|p| format!("pot_closing:{p}")));
    header.extend(pots.iter().map(|p| format!("drawn:{p}")));
    let rows = r.years.iter().map(|y| {
        let mut row = vec![Cell::plain(y.fy), Cell::text(y.label.as_str())];
        row.extend(all_columns().map(|c| money_or_count(c, &y.flows)));
        row.extend(
            pots.iter()
                .map(|p| Cell::Money(y.flows.retained.get(*p).copied().unwrap_or(0.0))),
        );
        row.extend(
            pots.iter()
                .map(|p| Cell::Money(y.flows.pot_closing.get(*p).copied().unwrap_or(0.0))),
        );
        row.extend(
            pots.iter()
                .map(|p| Cell::Money(y.flows.drawn.get(*p).copied().unwrap_or(0.0))),
        );
        row
    });
    Ok(csv_text(write_csv(&header, rows, bom)?))
}

/// Per-disposal lines as CSV, with each site's name and owner from the
/// scenario the report was computed from.
pub fn disposals_csv(s: &Scenario, r: &Report, bom: Bom) -> Result<String, csv::Error> {
    let sites: HashMap<&str, &Site> = s.sites.iter().rev().map(|x| (x.id.as_str(), x)).collect();
    let header = [
        "id",
        "site",
        "site_name",
        "owner",
        "fy",
        "base_value",
        "gross_receipt",
        "disposal_cost",
        "net_receipt",
        "profit_on_disposal",
        "marriage_value",
        "retained",
        "returned_national",
    ];
    let rows = r.disposals.iter().map(|d| {
        let site = sites.get(d.site.as_str());
        vec![
            Cell::text(d.id.as_str()),
            Cell::text(d.site.as_str()),
            Cell::text(site.map_or("", |x| x.name.as_str())),
            Cell::text(site.map_or("", |x| x.owner.as_str())),
            Cell::plain(d.fy),
            Cell::Money(d.base_value),
            Cell::Money(d.gross_receipt),
            Cell::Money(d.disposal_cost),
            Cell::Money(d.net_receipt),
            Cell::Money(d.profit_on_disposal),
            Cell::Money(d.marriage_value),
            Cell::Money(d.retained),
            Cell::Money(d.returned_national),
        ]
    });
    Ok(csv_text(write_csv(&header, rows, bom)?))
}

/// Per-project lines as CSV, with one column per funding source.
pub fn projects_csv(r: &Report, bom: Bom) -> Result<String, csv::Error> {
    let header = [
        "id",
        "name",
        "capex",
        "funded_from_pots",
        "funded_from_grants",
        "funding_gap",
        "fully_funded",
        "sources",
    ];
    let rows = r.projects.iter().map(|p| {
        let sources = p
            .sources
            .iter()
            .map(|s| format!("{} {}: {}", s.kind, s.name, penny(s.amount)))
            .collect::<Vec<_>>()
            .join("; ");
        vec![
            Cell::text(p.id.as_str()),
            Cell::text(p.name.as_str()),
            Cell::Money(p.capex),
            Cell::Money(p.funded_from_pots),
            Cell::Money(p.funded_from_grants),
            Cell::Money(p.funding_gap),
            Cell::plain(p.fully_funded()),
            Cell::Text(sources),
        ]
    });
    Ok(csv_text(write_csv(&header, rows, bom)?))
}
