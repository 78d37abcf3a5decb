//! Roll-ups by borough and by sub-region (MODEL.md section 10): the report's
//! figures summed over the disposals of the sites in each area and over the
//! projects in it, so that the areas add up to the scenario's totals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::csv_out::{write_csv, Bom, Cell};
use crate::format::{count, money_m};
use crate::model::{Disposal, Project, Scenario, Site};
use crate::report::{DisposalLine, Report};
use crate::tables::csv_text;

/// What an empty borough or sub-region is shown as.
pub const NOT_SET: &str = "Not set";

/// The level of a roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaKind {
    Borough,
    SubRegion,
}

impl AreaKind {
    pub fn label(self) -> &'static str {
        match self {
            AreaKind::Borough => "Borough",
            AreaKind::SubRegion => "Sub-region",
        }
    }
}

/// One area's figures over the horizon. Its JSON form is an object with
/// `area` and these keys, named as in the report.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AreaFigures {
    pub area: String,
    pub gross_receipts: f64,
    pub disposal_costs: f64,
    pub net_receipts: f64,
    pub marriage_value: f64,
    pub homes: f64,
    pub backlog_avoided: f64,
    pub running_cost_savings: f64,
    pub capex: f64,
    pub funding_gap: f64,
}

/// The figures of `r` (the report of `s`) by area, in alphabetical order
/// with "Not set" last. An area is listed when a disposal's site or a
/// project falls in it.
pub fn rollup(s: &Scenario, r: &Report, by: AreaKind) -> Vec<AreaFigures> {
    // The first site of a duplicated id, as `Scenario::site` finds it.
    let mut sites: FxHashMap<&str, &Site> = FxHashMap::default();
    for x in &s.sites {
        sites.entry(x.id.as_str()).or_insert(x);
    }
    let mut areas: BTreeMap<&str, AreaFigures> = BTreeMap::new();
    for line in &r.disposals {
        let (Some(d), Some(site)) = (s.disposals.get(line.index), sites.get(line.site.as_str())) else {
            continue;
        };
        add_disposal(area(&mut areas, site_area(site, by)), s, line, d, site);
    }
    for (p, line) in s.projects.iter().zip(&r.projects) {
        let a = area(&mut areas, project_area(p, &sites, by));
        a.capex += line.capex;
        a.funding_gap += line.funding_gap;
    }
    let not_set = areas.remove(NOT_SET);
    areas.into_values().chain(not_set).collect()
}

/// The figures of the area named `name`, listed from now on.
fn area<'m, 'a>(areas: &'m mut BTreeMap<&'a str, AreaFigures>, name: &'a str) -> &'m mut AreaFigures {
    let name = area_name(name);
    areas.entry(name).or_insert_with(|| AreaFigures {
        area: name.to_owned(),
        ..AreaFigures::default()
    })
}

/// An area's name as listed: "Not set" when empty.
fn area_name(name: &str) -> &str {
    match name.trim() {
        "" => NOT_SET,
        name => name,
    }
}

/// The area a site falls in: its `borough` or its `sub_region`.
fn site_area(site: &Site, by: AreaKind) -> &str {
    match by {
        AreaKind::Borough => &site.borough,
        AreaKind::SubRegion => &site.sub_region,
    }
}

/// The area a project falls in: by borough its own `borough`; by sub-region
/// the `sub_region` of its site ("Not set" when it has none).
fn project_area<'a>(p: &'a Project, sites: &FxHashMap<&str, &'a Site>, by: AreaKind) -> &'a str {
    match by {
        AreaKind::Borough => &p.borough,
        AreaKind::SubRegion => p
            .site
            .as_deref()
            .and_then(|id| sites.get(id))
            .map_or("", |x| x.sub_region.as_str()),
    }
}

/// A disposal's part of its area's figures, as the report books them over
/// the horizon: gross, costs and marriage value in the disposal year, the net
/// receipt by the tranches that fall inside the horizon, the site's backlog
/// and homes times the share, and its running cost saving every later year.
fn add_disposal(a: &mut AreaFigures, s: &Scenario, line: &DisposalLine, d: &Disposal, site: &Site) {
    a.gross_receipts += line.gross_receipt;
    a.disposal_costs += line.disposal_cost;
    a.net_receipts += net_in_horizon(s, line, d);
    a.marriage_value += line.marriage_value;
    a.homes += site.homes * d.share;
    a.backlog_avoided += site.backlog * d.share;
    a.running_cost_savings += site.running_cost * d.share * years_after(s, line.fy) as f64;
}

/// The net receipt of the tranches landing inside the horizon.
fn net_in_horizon(s: &Scenario, line: &DisposalLine, d: &Disposal) -> f64 {
    let t = s.year_index(line.fy);
    d.phasing
        .iter()
        .filter(|&&(offset, _)| s.in_horizon(t + i64::from(offset)))
        .map(|&(_, fraction)| line.net_receipt * fraction)
        .sum()
}

/// The years of the horizon after a disposal year, in which its running cost is saved.
fn years_after(s: &Scenario, fy: i32) -> i64 {
    (i64::from(s.horizon) - s.year_index(fy) - 1).max(0)
}

/// The columns of the roll-up: JSON key, short heading, value, whether money.
type RollupColumn = (&'static str, &'static str, fn(&AreaFigures) -> f64, bool);

const COLUMNS: [RollupColumn; 9] = [
    ("gross_receipts", "Gross", |a| a.gross_receipts, true),
    ("disposal_costs", "Costs", |a| a.disposal_costs, true),
    ("net_receipts", "Net", |a| a.net_receipts, true),
    ("marriage_value", "Marr.", |a| a.marriage_value, true),
    ("homes", "Homes", |a| a.homes, false),
    ("backlog_avoided", "Backlog", |a| a.backlog_avoided, true),
    ("running_cost_savings", "Savings", |a| a.running_cost_savings, true),
    ("capex", "Capex", |a| a.capex, true),
    ("funding_gap", "Gap", |a| a.funding_gap, true),
];

/// The scenario's totals as a roll-up row named "Total": what the areas add up to.
pub fn area_totals(r: &Report) -> AreaFigures {
    let t = &r.totals;
    AreaFigures {
        area: "Total".to_owned(),
        gross_receipts: t.gross_receipts,
        disposal_costs: t.disposal_costs,
        net_receipts: t.net_receipts,
        marriage_value: t.marriage_value,
        homes: t.homes,
        backlog_avoided: t.backlog_avoided,
        running_cost_savings: t.running_cost_savings,
        capex: t.capex,
        funding_gap: t.funding_gap,
    }
}

/// The roll-up as a terminal table in £m, with the scenario's totals last.
pub fn rollup_text(r: &Report, by: AreaKind, areas: &[AreaFigures]) -> String {
    let totals = area_totals(r);
    let width = areas.iter().map(|a| a.area.chars().count()).max().unwrap_or(0).max(12);
    let mut out = String::new();
    let _ = writeln!(out, "Scenario: {}", r.scenario);
    let _ = writeln!(
        out,
        "By {}, over the horizon; money in £m.\n",
        by.label().to_lowercase()
    );
    let _ = write!(out, "{:<width$}", by.label());
    for (_, heading, _, _) in COLUMNS {
        let _ = write!(out, "{heading:>9}");
    }
    out.push('\n');
    for a in areas.iter().chain(std::iter::once(&totals)) {
        let _ = write!(out, "{:<width$}", a.area);
        for (_, _, get, is_money) in COLUMNS {
            let cell = if is_money { money_m(get(a)) } else { count(get(a)) };
            let _ = write!(out, "{cell:>9}");
        }
        out.push('\n');
    }
    out
}

/// The roll-up as CSV, money to the penny, one row per area (through the
/// shared writer, so an area named like a formula is neutralised).
pub fn rollup_csv(areas: &[AreaFigures]) -> Result<String, csv::Error> {
    let mut header = vec!["area"];
    header.extend(COLUMNS.iter().map(|(key, ..)| *key));
    let rows = areas.iter().map(|a| {
        let mut row = vec![Cell::text(&a.area)];
        row.extend(COLUMNS.iter().map(|(_, _, get, is_money)| {
            if *is_money {
                Cell::Money(get(a))
            } else {
                Cell::plain(get(a))
            }
        }));
        row
    });
    Ok(csv_text(write_csv(&header, rows, Bom::Without)?))
}
