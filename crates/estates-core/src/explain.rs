//! Explanations: any per-year figure of the report broken into the items and
//! rules that make it, so that a board member who points at a figure can be
//! told where it comes from.
//!
//! The figure itself is always the report's (`compute`); the parts are built
//! from the report's per-disposal and per-project lines, the engine's public
//! rule functions and the run's per-year draws, never from rules re-derived
//! here. Caps, limits and grants are parts of their own, so the parts add up
//! to the figure.

use serde::Serialize;

use crate::charts::ChartId;
use crate::engine::{
    capex_with_bias, capped_excess, discount_factor, fy_label, matching_rule, retained_fraction, Case, Engine, Outcome,
};
use crate::format::{count, money};
use crate::model::{Discount, Disposal, FundingSource, Pot, RetentionRule, Scenario, Site};
use crate::problem::{ItemKind, ItemRef};
use crate::report::{DisposalLine, Flows, Report};
use crate::tables::{npv_rows, HOMES_COLUMN, YEAR_COLUMNS};

/// The per-year report keys that can be explained (MODEL.md section 8).
pub const FIELDS: [&str; 16] = [
    "gross_receipts",
    "disposal_costs",
    "net_receipts",
    "marriage_value",
    "retained",
    "returned_national",
    "capex",
    "funded_from_pots",
    "funded_from_grants",
    "funding_gap",
    "pot_closing",
    "drawn",
    "running_cost_savings",
    "new_running_costs",
    "backlog_avoided",
    "homes",
];

/// The fields reported per pot, which `--pot` narrows to one pot.
pub const POT_FIELDS: [&str; 3] = ["retained", "pot_closing", "drawn"];

/// The NPVs that can be explained, keys of the report's `npv` (MODEL.md
/// section 8), in the order of [`npv_rows`].
pub const NPV_FIELDS: [&str; 7] = [
    "retained_receipts",
    "returned_national",
    "capex",
    "funding_gap",
    "running_cost_savings",
    "new_running_costs",
    "net",
];

/// Which figure of a field: one FY's, its total over the horizon, or its NPV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// The FY starting in that year.
    Year(i32),
    /// Summed over the horizon (a pot balance: the final year's).
    Total,
    /// Discounted to the price base year (a key of [`NPV_FIELDS`]).
    Npv,
}

/// How a figure over the horizon was made, in the JSON (absent for one year's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Over {
    Total,
    Npv,
}

/// A figure and the parts that make it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub field: String,
    /// Start year of the FY; `None` for a total or an NPV.
    pub fy: Option<i32>,
    /// `total` or `npv` for a figure over the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over: Option<Over>,
    /// The pot asked about, if one was (shown in the heading, not a JSON key).
    #[serde(skip)]
    pub pot: Option<String>,
    /// That pot's name, for the heading.
    #[serde(skip)]
    pub pot_name: Option<String>,
    /// The report's figure for that year.
    pub value: f64,
    /// The parts, adding up to `value`.
    pub parts: Vec<Part>,
}

/// One item's contribution to a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// The item's id (a disposal, project, pot or assembly), or for a part
    /// of an NPV the FY's label.
    pub item: String,
    /// `disposal`, `project`, `pot`, `assembly`, or `year` (a part of an NPV).
    pub kind: String,
    pub amount: f64,
    /// The rule applied, in words.
    pub how: String,
    /// The item, for the app to reveal it in its editor.
    #[serde(skip)]
    pub target: ItemRef,
}

/// Why a figure cannot be explained.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExplainError {
    #[error("'{0}' is not a yearly figure; explain one of: {list}", list = FIELDS.join(", "))]
    UnknownField(String),
    #[error("{} is outside the scenario's horizon ({} to {})", fy_label(*fy), fy_label(*first), fy_label(*last))]
    OutsideHorizon { fy: i32, first: i32, last: i32 },
    #[error("no pot has the id '{0}'")]
    UnknownPot(String),
    #[error("'{0}' is not reported per pot; --pot applies only to {list}", list = POT_FIELDS.join(", "))]
    NotPerPot(String),
    #[error("'{0}' is not a net present value; explain one of: {list}", list = NPV_FIELDS.join(", "))]
    UnknownNpv(String),
}

impl Explanation {
    /// Which figure of its field this is.
    pub fn span(&self) -> Span {
        match (self.over, self.fy) {
            (Some(Over::Npv), _) => Span::Npv,
            (_, Some(fy)) => Span::Year(fy),
            _ => Span::Total,
        }
    }
}

/// The figure `field` of FY `fy` (of one pot, or all pots summed) and its parts.
pub fn explain(s: &Scenario, field: &str, fy: i32, pot: Option<&str>) -> Result<Explanation, ExplainError> {
    explain_span(s, field, Span::Year(fy), pot)
}

/// A headline figure (a key of `compare::HEADLINES`) and its parts: the
/// total of a yearly field over the horizon, or `net_npv`.
pub fn explain_headline(s: &Scenario, key: &str) -> Result<Explanation, ExplainError> {
    match key.strip_suffix("_npv") {
        Some(npv) => explain_span(s, npv, Span::Npv, None),
        None => explain_span(s, key, Span::Total, None),
    }
}

/// The figure `field` over `span` (of one pot, or all pots summed) and its parts.
pub fn explain_span(s: &Scenario, field: &str, span: Span, pot: Option<&str>) -> Result<Explanation, ExplainError> {
    let known = match span {
        Span::Npv => NPV_FIELDS.contains(&field),
        _ => FIELDS.contains(&field),
    };
    match (known, span) {
        (false, Span::Npv) => return Err(ExplainError::UnknownNpv(field.to_owned())),
        (false, _) => return Err(ExplainError::UnknownField(field.to_owned())),
        (true, _) => {}
    }
    // As `compute` does, a file claiming more years than any valid horizon runs on the longest.
    if s.horizon > crate::validate::MAX_HORIZON {
        let clamped = Scenario {
            horizon: crate::validate::MAX_HORIZON,
            ..s.clone()
        };
        return explain_span(&clamped, field, span, pot);
    }
    if let Span::Year(fy) = span {
        if !s.in_horizon(s.year_index(fy)) {
            return Err(ExplainError::OutsideHorizon {
                fy,
                first: s.start_fy,
                last: s.start_fy.saturating_add(s.horizon as i32 - 1),
            });
        }
    }
    let pots = match pot {
        Some(_) if span == Span::Npv || !POT_FIELDS.contains(&field) => {
            return Err(ExplainError::NotPerPot(field.to_owned()))
        }
        Some(id) => match s.pots.iter().position(|p| p.id == id) {
            Some(p) => vec![p],
            None => return Err(ExplainError::UnknownPot(id.to_owned())),
        },
        None => (0..s.pots.len()).collect(),
    };
    let report = crate::compute(s);
    let engine = Engine::new(s);
    let outcome = engine.run(&Case::as_written(s));
    let in_year = |t: usize| Ctx {
        s,
        report: &report,
        outcome: &outcome,
        t,
        fy: report.years[t].fy,
        pots: pots.clone(),
    };
    let (fy, over, value, parts) = match span {
        Span::Year(fy) => {
            let t = s.year_index(fy) as usize;
            let value = report_value(&report.years[t].flows, field, pot);
            (Some(fy), None, value, in_year(t).parts(field))
        }
        Span::Total => {
            let value = report_value(&report.totals, field, pot);
            let parts = if field == "pot_closing" {
                final_balance_parts(&in_year(0), report.years.len())
            } else {
                (0..report.years.len())
                    .flat_map(|t| in_year(t).parts(field).into_iter().map(move |p| p.in_year(t, s)))
                    .collect()
            };
            (None, Some(Over::Total), value, parts)
        }
        Span::Npv => {
            let i = NPV_FIELDS.iter().position(|f| *f == field).unwrap_or(0);
            let value = npv_rows(&report)[i].1;
            (None, Some(Over::Npv), value, npv_parts(s, &report, field))
        }
    };
    Ok(Explanation {
        field: field.to_owned(),
        fy,
        over,
        pot: pot.map(str::to_owned),
        pot_name: pot.and_then(|id| s.pot(id)).map(|p| p.name.clone()),
        value,
        parts,
    })
}

/// The pots' final balances: each pot's opening balance, then every year's
/// retained inflows (less any cap excess) and, negative, every draw by projects.
/// The balance carries from year to year, so these add up to the last closing.
fn final_balance_parts(first: &Ctx, years: usize) -> Vec<Part> {
    let s = first.s;
    let mut parts = Vec::new();
    for &p in &first.pots {
        let pot = &s.pots[p];
        parts.push(pot_part(
            s,
            p,
            pot.opening_balance,
            format!("{}'s opening balance: {}", pot.name, money(pot.opening_balance)),
        ));
        for t in 0..years {
            let year = Ctx {
                t,
                fy: first.report.years[t].fy,
                ..first.clone_for_pot(p)
            };
            parts.extend(year.retained().into_iter().map(|part| part.in_year(t, s)));
            parts.extend(year.drawn().into_iter().map(|part| Part {
                amount: -part.amount,
                ..part.in_year(t, s)
            }));
        }
    }
    parts
}

/// An NPV's parts: each year's flow times its discount factor (MODEL.md
/// section 7), one part per year with a flow.
fn npv_parts(s: &Scenario, report: &Report, field: &str) -> Vec<Part> {
    report
        .years
        .iter()
        .enumerate()
        .filter_map(|(t, y)| {
            let (flow, made) = npv_flow(&y.flows, field);
            if flow == 0.0 {
                return None;
            }
            let factor = discount_factor(s.discount, t);
            let how = format!(
                "{}: {made}{} × discount factor {factor:.4} ({}) = {}",
                y.label,
                money(flow),
                discount_words(s.discount, t),
                money(flow * factor)
            );
            Some(Part {
                item: y.label.to_string(),
                kind: "year".into(),
                amount: flow * factor,
                how,
                target: ItemRef {
                    kind: ItemKind::Scenario,
                    index: 0,
                    id: String::new(),
                    name: "discount".into(),
                },
            })
        })
        .collect()
}

/// A year's flow for an NPV, and for the net NPV the words of its sum
/// ("retained £2.0m + savings £0.1m - capex £3.0m - new running costs £0.0m = ").
fn npv_flow(f: &Flows, field: &str) -> (f64, String) {
    match field {
        "retained_receipts" => (f.retained_total(), String::new()),
        "returned_national" => (f.returned_national, String::new()),
        "capex" => (f.capex, String::new()),
        "funding_gap" => (f.funding_gap, String::new()),
        "running_cost_savings" => (f.running_cost_savings, String::new()),
        "new_running_costs" => (f.new_running_costs, String::new()),
        _ => {
            let net = f.retained_total() + f.running_cost_savings - f.capex - f.new_running_costs;
            let words = format!(
                "retained {} + savings {} - capex {} - new running costs {} = ",
                money(f.retained_total()),
                money(f.running_cost_savings),
                money(f.capex),
                money(f.new_running_costs)
            );
            (net, words)
        }
    }
}

/// The discount rule for year index `t`, as MODEL.md section 7 names it.
fn discount_words(d: Discount, t: usize) -> String {
    match d {
        _ if t == 0 => "year 0 is the price base year, not discounted".to_owned(),
        Discount::GreenBook if t <= 30 => format!("Green Book: 3.5% a year for years 1-30; year {t}"),
        Discount::GreenBook => format!("Green Book: 3.5% a year for years 1-30, 3.0% for years 31-75; year {t}"),
        Discount::Flat(rate) => format!("flat rate of {} a year; year {t}", percent(rate)),
    }
}

impl Part {
    /// The part as one year's share of a total: its words start with the FY.
    fn in_year(self, t: usize, s: &Scenario) -> Part {
        let fy = s.start_fy.saturating_add(t as i32);
        Part {
            how: format!("{}: {}", fy_label(fy), self.how),
            ..self
        }
    }
}

/// A field's heading, as the yearly table shows it.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "drawn" => "Drawn from pots",
        _ => YEAR_COLUMNS
            .iter()
            .chain(std::iter::once(&HOMES_COLUMN))
            .find(|c| c.key == field)
            .map_or("Figure", |c| c.heading),
    }
}

/// An amount of a field as people read it: money, or a count of homes.
pub fn amount_text(field: &str, amount: f64) -> String {
    if field == "homes" {
        count(amount)
    } else {
        money(amount)
    }
}

/// The explanation's heading, naming the pot asked about by its name:
/// "Retained locally (Lewisham local), 2027/28: £2.0m",
/// "Funding gap, total 2026/27 to 2035/36: £0.7m", "Net NPV: -£3.1m".
pub fn heading(e: &Explanation) -> String {
    let pot = e
        .pot_name
        .as_deref()
        .or(e.pot.as_deref())
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    let amount = amount_text(&e.field, e.value);
    match e.span() {
        Span::Year(fy) => format!("{}{pot}, {}: {amount}", field_label(&e.field), fy_label(fy)),
        Span::Total if e.field == "pot_closing" => format!("{}{pot} at the end: {amount}", field_label(&e.field)),
        Span::Total => format!("{}{pot}, total over the horizon: {amount}", field_label(&e.field)),
        Span::Npv => format!("{}: {amount}", npv_label(&e.field)),
    }
}

/// An NPV's label: "Net NPV", "Capex NPV".
pub fn npv_label(field: &str) -> String {
    let name = match field {
        "net" => "Net",
        "retained_receipts" => "Retained receipts",
        "returned_national" => "Returned nationally",
        "capex" => "Capex",
        "funding_gap" => "Funding gap",
        "running_cost_savings" => "Running cost savings",
        "new_running_costs" => "New running costs",
        _ => "Figure",
    };
    format!("{name} NPV")
}

/// The explanation for the terminal: the heading, then one line per part
/// (amount, item, words), then the parts' sum.
pub fn explanation_text(e: &Explanation) -> String {
    let amounts: Vec<String> = e.parts.iter().map(|p| amount_text(&e.field, p.amount)).collect();
    let width = amounts.iter().map(|a| a.chars().count()).max().unwrap_or(0);
    let mut out = format!(
        "{}
",
        heading(e)
    );
    if e.parts.is_empty() {
        out.push_str("  Nothing makes up this figure in this year.\n");
    }
    for (p, amount) in e.parts.iter().zip(&amounts) {
        let pad = width - amount.chars().count();
        out.push_str(&format!(
            "  {}{amount}  {} {}: {}\n",
            " ".repeat(pad),
            p.kind,
            p.item,
            p.how
        ));
    }
    out
}

/// The yearly figure that series `series` of a results chart draws, as a
/// report key and a pot, so a click on a bar or point can explain it; `None`
/// for charts whose categories are not years.
pub fn chart_figure(id: ChartId, s: &Scenario, series: usize) -> Option<(&'static str, Option<String>)> {
    let pot = |i: usize| s.pots.get(i).map(|p| p.id.clone());
    let n = s.pots.len();
    match id {
        // One bar per pot (in scenario order), then returned nationally.
        ChartId::RetainedReceipts if series < n => Some(("retained", pot(series))),
        ChartId::RetainedReceipts if series == n => Some(("returned_national", None)),
        // Capex paid from pots, from grants and unfunded; each pot's balance;
        // then the draws of each pot with spending limits.
        ChartId::PotBalances => match series {
            0 => Some(("funded_from_pots", None)),
            1 => Some(("funded_from_grants", None)),
            2 => Some(("funding_gap", None)),
            k if k < 3 + n => Some(("pot_closing", pot(k - 3))),
            k => s
                .pots
                .iter()
                .filter(|p| !p.spend_limits.is_empty())
                .nth(k - 3 - n)
                .map(|p| ("drawn", Some(p.id.clone()))),
        },
        _ => None,
    }
}

/// The explanation in a few lines for paper: its `n` largest parts (by
/// size, whatever the sign), each "£2.5m: words", then the rest summed as
/// "£0.4m from 12 other items"; the lines' amounts add up to the figure
/// (parts of nothing are left out).
pub fn largest_parts_text(e: &Explanation, n: usize) -> Vec<String> {
    // Parts of nothing (a tranche kept whole, for what is returned) say nothing on paper.
    let mut order: Vec<&Part> = e.parts.iter().filter(|p| p.amount != 0.0).collect();
    order.sort_by(|a, b| b.amount.abs().total_cmp(&a.amount.abs()));
    let rest = order.split_off(n.min(order.len()));
    let mut lines: Vec<String> = order
        .iter()
        .map(|p| format!("{}: {}", amount_text(&e.field, p.amount), p.how))
        .collect();
    match rest.len() {
        0 => {}
        1 => lines.push(format!("{}: {}", amount_text(&e.field, rest[0].amount), rest[0].how)),
        k => {
            let sum: f64 = rest.iter().map(|p| p.amount).sum();
            lines.push(format!("{} from {k} other items", amount_text(&e.field, sum)));
        }
    }
    lines
}

/// The report's figure for a field in one year's flows.
fn report_value(f: &Flows, field: &str, pot: Option<&str>) -> f64 {
    let of_pot = |m: &std::collections::BTreeMap<crate::report::Name, f64>| match pot {
        Some(id) => m.get(id).copied().unwrap_or(0.0),
        None => m.values().sum(),
    };
    match field {
        "retained" => of_pot(&f.retained),
        "pot_closing" => of_pot(&f.pot_closing),
        "drawn" => of_pot(&f.drawn),
        _ => YEAR_COLUMNS
            .iter()
            .chain(std::iter::once(&HOMES_COLUMN))
            .find(|c| c.key == field)
            .map_or(0.0, |c| (c.get)(f)),
    }
}

/// What every explanation reads: the scenario, its report and run, the year
/// and the pots asked about.
struct Ctx<'a> {
    s: &'a Scenario,
    report: &'a Report,
    outcome: &'a Outcome,
    t: usize,
    fy: i32,
    /// Pot indices: the one asked about, or all.
    pots: Vec<usize>,
}

/// One disposal of the report with the inputs its words need.
struct Sold<'a> {
    line: &'a DisposalLine,
    d: &'a Disposal,
    site: &'a Site,
    /// The disposal year's index.
    t: usize,
}

impl Sold<'_> {
    fn label(&self) -> String {
        let share = if self.d.share < 1.0 {
            format!("{} of ", percent(self.d.share))
        } else {
            String::new()
        };
        format!("{share}{} sold in {}", self.site.name, fy_label(self.line.fy))
    }

    fn part(&self, amount: f64, how: String) -> Part {
        Part {
            item: self.d.id.clone(),
            kind: "disposal".into(),
            amount,
            how,
            target: ItemRef {
                kind: ItemKind::Disposal,
                index: self.line.index,
                id: self.d.id.clone(),
                name: self.site.name.clone(),
            },
        }
    }
}

/// A disposal's tranche landing in the year asked about.
struct Tranche {
    offset: u32,
    fraction: f64,
    amount: f64,
}

/// The retention rule and pot (by index) a disposal's owner falls under, as the engine matches them.
fn retention<'a>(s: &'a Scenario, site: &Site) -> Option<(&'a RetentionRule, usize)> {
    let kind = s.organisation(&site.owner).map(|o| o.kind);
    let rule = &s.retention_rules[matching_rule(&s.retention_rules, &site.owner, kind)?];
    let pot = s.pots.iter().position(|p| p.id == rule.pot)?;
    Some((rule, pot))
}

impl<'a> Ctx<'a> {
    fn parts(&self, field: &str) -> Vec<Part> {
        match field {
            "gross_receipts" => self.gross_receipts(),
            "disposal_costs" => self.disposal_costs(),
            "net_receipts" => self.net_receipts(),
            "marriage_value" => self.marriage_value(),
            "retained" => self.retained(),
            "returned_national" => self.returned_national(),
            "capex" => self.capex(),
            "funded_from_pots" => self.draws(|src| matches!(src, FundingSource::Pot { .. })),
            "funded_from_grants" => self.draws(|src| matches!(src, FundingSource::Grant { .. })),
            "funding_gap" => self.funding_gap(),
            "pot_closing" => self.pot_closing(),
            "drawn" => self.drawn(),
            "running_cost_savings" => self.site_benefit(|t, now| t < now, |x| x.running_cost, "running cost saved"),
            "new_running_costs" => self.new_running_costs(),
            "backlog_avoided" => self.site_benefit(|t, now| t == now, |x| x.backlog, "backlog maintenance avoided"),
            "homes" => self.homes(),
            _ => Vec::new(),
        }
    }

    /// The report's disposals with their inputs.
    fn sold(&self) -> impl Iterator<Item = Sold<'a>> + '_ {
        self.report.disposals.iter().filter_map(|line| {
            let d = self.s.disposals.get(line.index)?;
            let site = self.s.site(&d.site)?;
            let t = usize::try_from(self.s.year_index(line.fy)).ok()?;
            Some(Sold { line, d, site, t })
        })
    }

    /// The disposals sold in the year asked about.
    fn sold_this_year(&self) -> impl Iterator<Item = Sold<'a>> + '_ {
        self.sold().filter(|x| x.t == self.t)
    }

    /// The tranches of a disposal's net receipt that land in the year asked about.
    fn tranches(&self, x: &Sold) -> Vec<Tranche> {
        x.d.phasing
            .iter()
            .filter(|&&(offset, _)| x.t + offset as usize == self.t)
            .map(|&(offset, fraction)| Tranche {
                offset,
                fraction,
                amount: x.line.net_receipt * fraction,
            })
            .collect()
    }

    fn gross_receipts(&self) -> Vec<Part> {
        let s = self.s;
        self.sold_this_year()
            .map(|x| {
                let base = match x.d.agreed_price {
                    Some(_) => format!("agreed price {}", money(x.line.base_value)),
                    None => format!("value {}", money(x.line.base_value)),
                };
                let base = if x.line.marriage_value != 0.0 {
                    format!("{base} plus its share of marriage value")
                } else {
                    base
                };
                let marriage = if x.line.marriage_value != 0.0 {
                    format!(" (of which {} is marriage value)", money(x.line.marriage_value))
                } else {
                    String::new()
                };
                let how = format!(
                    "{}: {base} at the price base, grown by {:.1}% a year over {} years{} = {}{marriage}",
                    x.label(),
                    s.land_growth * 100.0,
                    x.t,
                    weighting(s, x.d),
                    money(x.line.gross_receipt)
                );
                x.part(x.line.gross_receipt, how)
            })
            .collect()
    }

    fn disposal_costs(&self) -> Vec<Part> {
        let s = self.s;
        self.sold_this_year()
            .map(|x| {
                let how = format!(
                    "{}: {} of the gross receipt plus fixed costs of {}{} = {}",
                    x.label(),
                    percent(x.d.cost_rate),
                    money(x.d.fixed_cost),
                    weighting(s, x.d),
                    money(x.line.disposal_cost)
                );
                x.part(x.line.disposal_cost, how)
            })
            .collect()
    }

    fn net_receipts(&self) -> Vec<Part> {
        let mut parts = Vec::new();
        for x in self.sold() {
            for tr in self.tranches(&x) {
                let how = format!(
                    "{}: net {}{} = {}",
                    x.label(),
                    money(x.line.net_receipt),
                    tranche_words(x.d, &tr),
                    money(tr.amount)
                );
                parts.push(x.part(tr.amount, how));
            }
        }
        parts
    }

    fn marriage_value(&self) -> Vec<Part> {
        self.sold_this_year()
            .filter(|x| x.line.marriage_value != 0.0)
            .map(|x| {
                let assembly = self
                    .report
                    .assemblies
                    .iter()
                    .find(|a| a.members.iter().any(|m| m.disposal == Some(x.line.index)));
                let how = match assembly {
                    Some(a) => format!(
                        "{}: its share of the marriage value of '{}' (combined {} less separate {}), indexed to the year = {}",
                        x.label(),
                        a.name,
                        money(a.combined_value),
                        money(a.separate_value),
                        money(x.line.marriage_value)
                    ),
                    None => format!("{}: marriage value {}", x.label(), money(x.line.marriage_value)),
                };
                x.part(x.line.marriage_value, how)
            })
            .collect()
    }

    /// Each tranche's retained part going into one of the pots asked about,
    /// then each such pot's annual cap excess as a negative part.
    fn retained(&self) -> Vec<Part> {
        let mut parts = Vec::new();
        for &p in &self.pots {
            let inflows = self.inflows(p);
            let before_cap: f64 = inflows.iter().map(|part| part.amount).sum();
            parts.extend(inflows);
            if let Some(excess) = self.cap_excess(p, before_cap) {
                parts.push(pot_part(self.s, p, -excess.0, excess.1));
            }
        }
        parts
    }

    /// The retained parts of this year's tranches that flow into pot `p`, before its cap.
    fn inflows(&self, p: usize) -> Vec<Part> {
        let s = self.s;
        let mut parts = Vec::new();
        for x in self.sold() {
            let Some((rule, pot)) = retention(s, x.site).filter(|&(_, pot)| pot == p) else {
                continue;
            };
            let fraction = retained_fraction(rule, x.line.net_receipt);
            for tr in self.tranches(&x) {
                let kept = tr.amount * fraction;
                let how = format!(
                    "{}: net {}{} × {} kept under '{}'{} = {} into {}",
                    x.label(),
                    money(x.line.net_receipt),
                    tranche_words(x.d, &tr),
                    percent(fraction),
                    rule_name(rule),
                    limit_words(rule, x.line.net_receipt),
                    money(kept),
                    s.pots[pot].name
                );
                parts.push(x.part(kept, how));
            }
        }
        parts
    }

    /// A pot's annual cap excess this year, with words, given its inflow before the cap.
    fn cap_excess(&self, p: usize, inflow: f64) -> Option<(f64, String)> {
        let pot = &self.s.pots[p];
        let cap = pot.annual_cap?;
        let excess = capped_excess(inflow, cap);
        (excess > 0.0).then(|| {
            (
                excess,
                format!(
                    "{}'s annual cap of {}: {} retained this year, so the {} above the cap is returned nationally",
                    pot.name,
                    money(cap),
                    money(inflow),
                    money(excess)
                ),
            )
        })
    }

    fn returned_national(&self) -> Vec<Part> {
        let s = self.s;
        let mut parts = Vec::new();
        for x in self.sold() {
            let retention = retention(s, x.site);
            let fraction = retention.map_or(0.0, |(rule, _)| retained_fraction(rule, x.line.net_receipt));
            for tr in self.tranches(&x) {
                let returned = tr.amount - tr.amount * fraction;
                let rule = match retention {
                    Some((rule, _)) => format!(
                        " × {} not kept under '{}'{}",
                        percent(1.0 - fraction),
                        rule_name(rule),
                        limit_words(rule, x.line.net_receipt)
                    ),
                    None => format!(
                        " all returned: no retention rule (with a known pot) matches owner '{}'",
                        x.site.owner
                    ),
                };
                let how = format!(
                    "{}: net {}{}{rule} = {}",
                    x.label(),
                    money(x.line.net_receipt),
                    tranche_words(x.d, &tr),
                    money(returned)
                );
                parts.push(x.part(returned, how));
            }
        }
        for p in 0..s.pots.len() {
            let inflow: f64 = self.inflows(p).iter().map(|part| part.amount).sum();
            if let Some((excess, how)) = self.cap_excess(p, inflow) {
                parts.push(pot_part(s, p, excess, how));
            }
        }
        parts
    }

    fn capex(&self) -> Vec<Part> {
        let s = self.s;
        let mut parts = Vec::new();
        for (j, p) in s.projects.iter().enumerate() {
            for &(fy, amount) in p.capex.iter().filter(|&&(fy, _)| fy == self.fy) {
                let k = capex_with_bias(amount, p.optimism_bias);
                let how = format!(
                    "{}: capex of {} in {} plus optimism bias of {} = {}",
                    p.name,
                    money(amount),
                    fy_label(fy),
                    percent(p.optimism_bias),
                    money(k)
                );
                parts.push(project_part(s, j, k, how));
            }
        }
        parts
    }

    /// The run's draws this year on the sources that `which` picks, one part each.
    fn draws(&self, which: impl Fn(&FundingSource) -> bool) -> Vec<Part> {
        let s = self.s;
        self.outcome
            .draws()
            .iter()
            .filter(|d| d.t == self.t)
            .filter_map(|d| {
                let p = s.projects.get(d.project)?;
                let src = p.funding.get(d.source)?;
                which(src).then(|| project_part(s, d.project, d.amount, self.source_words(p, src, d.amount)))
            })
            .collect()
    }

    fn source_words(&self, p: &crate::model::Project, src: &FundingSource, amount: f64) -> String {
        match src {
            FundingSource::Pot { pot, cap } => {
                let pot = self.s.pot(pot);
                let name = pot.map_or("", |x| x.name.as_str());
                let limit = pot
                    .and_then(|x| x.spend_limit(self.fy))
                    .map(|l| format!(" (its spending limit that year: {})", money(l)))
                    .unwrap_or_default();
                let cap = cap
                    .map(|c| format!(", within the project's cap of {}", money(c)))
                    .unwrap_or_default();
                format!("{} drew {} from {name}{limit}{cap}", p.name, money(amount))
            }
            FundingSource::Grant { name, amount: total } => format!(
                "{} used {} of the grant '{name}' (of {} in all)",
                p.name,
                money(amount),
                money(*total)
            ),
        }
    }

    fn funding_gap(&self) -> Vec<Part> {
        let s = self.s;
        let mut parts = Vec::new();
        for (j, (p, line)) in s.projects.iter().zip(&self.report.projects).enumerate() {
            let gap = line.gap_by_year.get(self.t).copied().unwrap_or(0.0);
            if gap == 0.0 {
                continue;
            }
            let funded: f64 = self
                .outcome
                .draws()
                .iter()
                .filter(|d| d.project == j && d.t == self.t)
                .map(|d| d.amount)
                .sum();
            let why: Vec<String> = p
                .funding
                .iter()
                .filter_map(|src| match src {
                    FundingSource::Pot { pot, .. } => {
                        let k = s.pots.iter().position(|x| &x.id == pot)?;
                        let limit_left = self.outcome.limit_left[k][self.t];
                        let closing = self.outcome.closing[k][self.t];
                        Some(if limit_left <= 0.0 && closing > 0.0 {
                            format!(
                                "{}'s spending limit for {} was used up with {} still in the pot",
                                s.pots[k].name,
                                fy_label(self.fy),
                                money(closing)
                            )
                        } else {
                            format!("{} closed the year at {}", s.pots[k].name, money(closing))
                        })
                    }
                    FundingSource::Grant { .. } => None,
                })
                .collect();
            let why = if why.is_empty() {
                String::from("; it has no pot to draw on")
            } else {
                format!("; {}", why.join("; "))
            };
            let how = format!(
                "{}: capex {} less {} funded = {} not funded{why}",
                p.name,
                money(gap + funded),
                money(funded),
                money(gap)
            );
            parts.push(project_part(s, j, gap, how));
        }
        parts
    }

    /// Each pot asked about: its opening (or last year's closing) balance, the
    /// year's retained inflows and cap excess, less each project's draw.
    fn pot_closing(&self) -> Vec<Part> {
        let s = self.s;
        let mut parts = Vec::new();
        for &p in &self.pots {
            let pot = &s.pots[p];
            let (opening, how) = match self.t.checked_sub(1) {
                None => (pot.opening_balance, format!("{}'s opening balance", pot.name)),
                Some(prev) => (
                    self.outcome.closing[p][prev],
                    format!("{}'s closing balance of {}", pot.name, fy_label(self.fy - 1)),
                ),
            };
            parts.push(pot_part(s, p, opening, format!("{how}: {}", money(opening))));
            let single = self.clone_for_pot(p);
            parts.extend(single.retained());
            parts.extend(single.drawn().into_iter().map(|part| Part {
                amount: -part.amount,
                ..part
            }));
        }
        parts
    }

    fn clone_for_pot(&self, p: usize) -> Ctx<'a> {
        Ctx {
            s: self.s,
            report: self.report,
            outcome: self.outcome,
            t: self.t,
            fy: self.fy,
            pots: vec![p],
        }
    }

    /// Each project's draw this year on the pots asked about.
    fn drawn(&self) -> Vec<Part> {
        let s = self.s;
        let ids: Vec<&str> = self.pots.iter().map(|&p| s.pots[p].id.as_str()).collect();
        self.draws(|src| matches!(src, FundingSource::Pot { pot, .. } if ids.contains(&pot.as_str())))
    }

    /// A site benefit of each disposal whose year index passes `when` (against the year asked about).
    fn site_benefit(&self, when: fn(usize, usize) -> bool, of: fn(&Site) -> f64, words: &str) -> Vec<Part> {
        self.sold()
            .filter(|x| when(x.t, self.t))
            .map(|x| {
                let amount = of(x.site) * x.d.share;
                x.part(amount, format!("{}: {words}, {}", x.label(), money(amount)))
            })
            .collect()
    }

    fn new_running_costs(&self) -> Vec<Part> {
        let s = self.s;
        s.projects
            .iter()
            .enumerate()
            .filter_map(|(j, p)| {
                let last = p.last_capex_fy()?;
                (s.year_index(last) < self.t as i64).then(|| {
                    let how = format!(
                        "{}: running cost of the new facility from {}, {} a year",
                        p.name,
                        fy_label(last.saturating_add(1)),
                        money(p.running_cost)
                    );
                    project_part(s, j, p.running_cost, how)
                })
            })
            .collect()
    }

    fn homes(&self) -> Vec<Part> {
        self.sold_this_year()
            .map(|x| {
                let homes = x.site.homes * x.d.share;
                x.part(homes, format!("{}: {} homes enabled", x.label(), count(homes)))
            })
            .collect()
    }
}

/// " × tranche of 40% (2 years after the sale)" when the disposal is phased.
fn tranche_words(d: &Disposal, tr: &Tranche) -> String {
    if d.phasing.len() <= 1 && tr.fraction == 1.0 && tr.offset == 0 {
        return String::new();
    }
    let when = match tr.offset {
        0 => "in the year of sale".to_owned(),
        1 => "1 year after the sale".to_owned(),
        n => format!("{n} years after the sale"),
    };
    format!(" × {} tranche {when}", percent(tr.fraction))
}

/// ", weighted by its 60% probability" when risk weighting is on.
fn weighting(s: &Scenario, d: &Disposal) -> String {
    if s.weight_by_probability && d.probability != 1.0 {
        format!(", weighted by its {} probability", percent(d.probability))
    } else {
        String::new()
    }
}

/// " (50% of the first £5.0m of net £8.6m)" when a per-disposal limit applies.
fn limit_words(rule: &RetentionRule, net: f64) -> String {
    match rule.limit_per_disposal {
        Some(limit) if net > limit => format!(" ({} of the first {} only)", percent(rule.retained_share), money(limit)),
        _ => String::new(),
    }
}

fn rule_name(rule: &RetentionRule) -> &str {
    if rule.name.is_empty() {
        &rule.id
    } else {
        &rule.name
    }
}

/// A share as a percentage: whole when it is, else to one decimal place.
fn percent(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

fn pot_part(s: &Scenario, p: usize, amount: f64, how: String) -> Part {
    let pot: &Pot = &s.pots[p];
    Part {
        item: pot.id.clone(),
        kind: "pot".into(),
        amount,
        how,
        target: ItemRef {
            kind: ItemKind::Pot,
            index: p,
            id: pot.id.clone(),
            name: pot.name.clone(),
        },
    }
}

fn project_part(s: &Scenario, j: usize, amount: f64, how: String) -> Part {
    let p = &s.projects[j];
    Part {
        item: p.id.clone(),
        kind: "project".into(),
        amount,
        how,
        target: ItemRef {
            kind: ItemKind::Project,
            index: j,
            id: p.id.clone(),
            name: p.name.clone(),
        },
    }
}
