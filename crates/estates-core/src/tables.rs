//! The report as tables: a readable text table for the terminal and CSV files
//! (yearly, per disposal, per project). CSV keeps full precision so that its
//! figures equal the JSON report's; the text table rounds to £m.

use std::collections::HashMap;
use std::fmt::Write as _;

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

/// The readable report: headline totals, NPVs, the yearly table and warnings.
pub fn text_report(r: &Report) -> String {
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
    out.push_str(&warnings_block(r));
    out
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
    let pots: Vec<&String> = r.totals.drawn.keys().collect();
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

/// Writes rows through the csv crate into a string.
pub(crate) fn csv_string(rows: Vec<Vec<String>>) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub(crate) fn num(x: f64) -> String {
    // Shortest representation that reads back to the same f64.
    format!("{x}")
}

/// The yearly table as CSV, full precision, one column per pot for retained
/// inflow and closing balance.
pub fn yearly_csv(r: &Report) -> Result<String, csv::Error> {
    let pots: Vec<String> = r.totals.pot_closing.keys().cloned().collect();
    let mut header = vec!["fy".to_owned(), "label".to_owned()];
    header.extend(all_columns().map(|c| c.key.to_owned()));
    header.extend(pots.iter().map(|p| format!("retained:{p}")));
    header.extend(pots.iter().map(|p| format!("pot_closing:{p}")));
    header.extend(pots.iter().map(|p| format!("drawn:{p}")));
    let mut rows = vec![header];
    for y in &r.years {
        let mut row = vec![y.fy.to_string(), y.label.clone()];
        row.extend(all_columns().map(|c| num((c.get)(&y.flows))));
        row.extend(
            pots.iter()
                .map(|p| num(y.flows.retained.get(p).copied().unwrap_or(0.0))),
        );
        row.extend(
            pots.iter()
                .map(|p| num(y.flows.pot_closing.get(p).copied().unwrap_or(0.0))),
        );
        row.extend(pots.iter().map(|p| num(y.flows.drawn.get(p).copied().unwrap_or(0.0))));
        rows.push(row);
    }
    csv_string(rows)
}

/// Per-disposal lines as CSV, with each site's name and owner from the
/// scenario the report was computed from.
pub fn disposals_csv(s: &Scenario, r: &Report) -> Result<String, csv::Error> {
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
    let mut rows = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for d in &r.disposals {
        rows.push(vec![
            d.id.clone(),
            d.site.clone(),
            sites.get(d.site.as_str()).map_or_else(String::new, |x| x.name.clone()),
            sites.get(d.site.as_str()).map_or_else(String::new, |x| x.owner.clone()),
            d.fy.to_string(),
            num(d.base_value),
            num(d.gross_receipt),
            num(d.disposal_cost),
            num(d.net_receipt),
            num(d.profit_on_disposal),
            num(d.marriage_value),
            num(d.retained),
            num(d.returned_national),
        ]);
    }
    csv_string(rows)
}

/// Per-project lines as CSV, with one column per funding source.
pub fn projects_csv(r: &Report) -> Result<String, csv::Error> {
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
    let mut rows = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for p in &r.projects {
        let sources = p
            .sources
            .iter()
            .map(|s| format!("{} {}: {}", s.kind, s.name, num(s.amount)))
            .collect::<Vec<_>>()
            .join("; ");
        rows.push(vec![
            p.id.clone(),
            p.name.clone(),
            num(p.capex),
            num(p.funded_from_pots),
            num(p.funded_from_grants),
            num(p.funding_gap),
            p.fully_funded().to_string(),
            sources,
        ]);
    }
    csv_string(rows)
}
