//! Chart data: what each chart shows, built once from a report and drawn by
//! both the app (egui_plot) and the print exporter (SVG/PDF/PNG), so the
//! board paper and the screen can never disagree.

use serde::Serialize;

use crate::engine::fy_label;
use crate::format::count;
use crate::model::Scenario;
use crate::report::{AssemblyLine, ProjectLine, Report};

pub mod layout;
mod style;

pub use style::{item_style, measure, Keys, Rgb, Style, ITEM_PATTERNS, PALETTE};

/// The charts the app shows and the board pack prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ChartId {
    RetainedReceipts,
    PotBalances,
    MarriageValue,
    ProjectFunding,
    /// A chart of the risk analysis (`crate::risk::risk_charts`), not of one report.
    Risk(RiskChart),
    /// Comparison overlays: one line per scenario (`crate::compare::overlay_chart`).
    RetainedCompared,
    PotBalanceCompared,
    FundingGapCompared,
}

/// The charts of the risk analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RiskChart {
    /// One pot's closing balance by year: P10 to P90 band and P50 line.
    PotFan,
    /// Histogram of the total funding gap over the draws.
    FundingGap,
    /// Histogram of net NPV over the draws.
    NetNpv,
    /// Each project's probability of being fully funded.
    ProjectsFunded,
    /// Net NPV with each family of inputs moved on its own.
    TornadoNpv,
    /// Total funding gap with each family of inputs moved on its own.
    TornadoGap,
}

impl RiskChart {
    /// File stem used by exports (a pot fan adds the pot's id).
    pub fn slug(self) -> &'static str {
        match self {
            RiskChart::PotFan => "risk-pot-fan",
            RiskChart::FundingGap => "risk-funding-gap",
            RiskChart::NetNpv => "risk-net-npv",
            RiskChart::ProjectsFunded => "risk-projects-funded",
            RiskChart::TornadoNpv => "tornado-net-npv",
            RiskChart::TornadoGap => "tornado-funding-gap",
        }
    }

    /// What to say instead of a plot when there is nothing to draw.
    pub fn empty_note(self) -> &'static str {
        match self {
            RiskChart::PotFan => "The pot's balance is nil in every draw",
            RiskChart::FundingGap | RiskChart::NetNpv => "No draws to show",
            RiskChart::ProjectsFunded => "No project is fully funded in any draw",
            RiskChart::TornadoNpv => "No input moves net NPV",
            RiskChart::TornadoGap => "No input moves the funding gap",
        }
    }
}

impl ChartId {
    pub const ALL: [ChartId; 4] = [
        ChartId::RetainedReceipts,
        ChartId::PotBalances,
        ChartId::MarriageValue,
        ChartId::ProjectFunding,
    ];

    /// The charts that overlay several scenarios.
    pub const OVERLAYS: [ChartId; 3] = [
        ChartId::RetainedCompared,
        ChartId::PotBalanceCompared,
        ChartId::FundingGapCompared,
    ];

    /// Whether the categories are many short labels along an ordered axis
    /// (years, ranges of a value), so a crowded axis may label every fifth.
    pub fn dense_axis(self) -> bool {
        matches!(
            self,
            ChartId::RetainedReceipts
                | ChartId::PotBalances
                | ChartId::RetainedCompared
                | ChartId::PotBalanceCompared
                | ChartId::FundingGapCompared
                | ChartId::Risk(RiskChart::PotFan | RiskChart::FundingGap | RiskChart::NetNpv)
        )
    }

    /// File stem used by exports.
    pub fn slug(self) -> &'static str {
        match self {
            ChartId::RetainedReceipts => "retained-receipts",
            ChartId::PotBalances => "pot-balances",
            ChartId::MarriageValue => "marriage-value",
            ChartId::ProjectFunding => "project-funding",
            ChartId::Risk(r) => r.slug(),
            ChartId::RetainedCompared => "retained-compared",
            ChartId::PotBalanceCompared => "pot-balance-compared",
            ChartId::FundingGapCompared => "funding-gap-compared",
        }
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Mark {
    /// A bar; bars sharing a `stack` name are stacked, different stacks stand side by side.
    Bar { stack: String },
    /// A line through the category centres.
    Line,
    /// A band through the category centres from the series' values up to
    /// `upper` (a range such as P10 to P90).
    Band { upper: Vec<f64> },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    /// One value per category, in £m.
    pub values: Vec<f64>,
    pub mark: Mark,
    pub colour: Rgb,
    /// A bar's fill pattern or a line's dash, from the same stable key as
    /// the colour (see [`Style`]), so series stay apart in greyscale.
    pub pattern: usize,
}

impl Series {
    /// A bar in stack `stack`: bars sharing a stack are stacked.
    pub fn bar(name: impl Into<String>, values: Vec<f64>, stack: &str, style: Style) -> Self {
        Series::new(
            name,
            values,
            Mark::Bar {
                stack: stack.to_owned(),
            },
            style,
        )
    }

    /// A line through the category centres.
    pub fn line(name: impl Into<String>, values: Vec<f64>, style: Style) -> Self {
        Series::new(name, values, Mark::Line, style)
    }

    pub fn new(name: impl Into<String>, values: Vec<f64>, mark: Mark, style: Style) -> Self {
        Series {
            name: name.into(),
            values,
            mark,
            colour: style.colour,
            pattern: style.pattern,
        }
    }

    pub fn style(&self) -> Style {
        Style {
            colour: self.colour,
            pattern: self.pattern,
        }
    }
}

/// One chart: categories along x (years, assemblies or projects), £m up y.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub id: ChartId,
    pub title: String,
    pub subtitle: String,
    pub x_title: String,
    pub y_title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// What the figure written beyond each bar is (the total of its stack),
    /// said under the legend; empty when the chart has no bars.
    pub bar_totals: String,
    /// What every stack adds up to when its bars are shares of one whole
    /// (100 for per cent of all draws): a total would say nothing, so none
    /// is written, and the axis ends at the whole.
    pub whole: Option<f64>,
}

impl Chart {
    /// Stack names in first-appearance order (each is one bar per category).
    pub fn stacks(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.series {
            if let Mark::Bar { stack } = &s.mark {
                if !out.contains(stack) {
                    out.push(stack.clone());
                }
            }
        }
        out
    }

    /// Whether there is anything to draw.
    pub fn is_empty(&self) -> bool {
        let zero = |values: &[f64]| values.iter().all(|v| *v == 0.0);
        self.categories.is_empty()
            || self.series.iter().all(|s| match &s.mark {
                Mark::Band { upper } => zero(&s.values) && zero(upper),
                Mark::Bar { .. } | Mark::Line => zero(&s.values),
            })
    }

    /// Whether the y axis is money in £m (otherwise a percentage of draws).
    pub fn is_money(&self) -> bool {
        self.y_title == MONEY_AXIS
    }
}

const M: f64 = 1e6;
/// Most categories (assemblies, projects) a chart shows; see [`largest`].
pub const MAX_CATEGORIES: usize = 20;
/// Most items of one kind (owners) a legend lists; the rest are grouped into one entry.
pub const MAX_LEGEND_ITEMS: usize = 12;

/// The y axis title of charts in money.
pub const MONEY_AXIS: &str = "£m";
/// The y axis title of charts that count draws, in per cent.
pub const SHARE_AXIS: &str = "% of draws";

fn pot_name(s: &Scenario, id: &str) -> String {
    s.pot(id).map_or_else(|| id.to_owned(), |p| p.name.clone())
}

/// Retained receipts by year, stacked by pot, with returned nationally beside them.
pub fn retained_receipts(s: &Scenario, r: &Report, keys: &Keys) -> Chart {
    let mut series: Vec<Series> = s
        .pots
        .iter()
        .map(|p| {
            let values = r
                .years
                .iter()
                .map(|y| y.flows.retained.get(p.id.as_str()).copied().unwrap_or(0.0) / M)
                .collect();
            Series::bar(pot_name(s, &p.id), values, "Retained locally in", keys.pot(&p.id))
        })
        .collect();
    series.push(Series::bar(
        "Returned nationally",
        r.years.iter().map(|y| y.flows.returned_national / M).collect(),
        "Returned nationally",
        measure::RETURNED,
    ));
    Chart {
        id: ChartId::RetainedReceipts,
        title: "Retained receipts by year".into(),
        subtitle: "Net receipts kept locally, by pot, and returned nationally".into(),
        x_title: "Financial year".into(),
        y_title: MONEY_AXIS.into(),
        categories: years(r),
        series,
        bar_totals: "Figures above the bars: total retained locally (all pots) and total returned nationally".into(),
        whole: None,
    }
}

/// Pot balances over time against the capex of each year, split into what
/// pots and grants paid and the funding gap, so each bar's total is the capex.
pub fn pot_balances(s: &Scenario, r: &Report, keys: &Keys) -> Chart {
    let per_year = |f: fn(&crate::report::Flows) -> f64| r.years.iter().map(|y| f(&y.flows) / M).collect();
    let mut series = capex_split(
        per_year(|f| f.funded_from_pots),
        per_year(|f| f.funded_from_grants),
        per_year(|f| f.funding_gap),
    );
    series.extend(s.pots.iter().map(|p| {
        Series::line(
            format!("{} balance", pot_name(s, &p.id)),
            r.years
                .iter()
                .map(|y| y.flows.pot_closing.get(p.id.as_str()).copied().unwrap_or(0.0) / M)
                .collect(),
            keys.pot(&p.id),
        )
    }));
    series.extend(
        s.pots
            .iter()
            .filter(|p| !p.spend_limits.is_empty())
            .map(|p| spend_limit_band(p, r, keys)),
    );
    let mut subtitle =
        "Closing balance of each pot (lines); each year's capex, paid from pots, from grants, or unfunded (bars)"
            .to_owned();
    let mut categories = years(r);
    let reached = limit_reached_years(s, r);
    if reached.iter().any(|&x| x) {
        for (label, _) in categories.iter_mut().zip(&reached).filter(|(_, &x)| x) {
            label.push('*');
        }
        subtitle.push_str("; * a pot drew its whole spending limit that year");
    }
    Chart {
        id: ChartId::PotBalances,
        title: "Pot balances and capex".into(),
        subtitle,
        x_title: "Financial year".into(),
        y_title: MONEY_AXIS.into(),
        categories,
        series,
        bar_totals: "Figures above the bars: total capex of the year (from pots, from grants and the funding gap)"
            .into(),
        whole: None,
    }
}

/// A pot's draws against its spending profile (MODEL.md section 6): a band
/// from what projects drew up to the year's limit, so its height is the limit
/// left unused; in a year without a limit the band has no height.
fn spend_limit_band(p: &crate::model::Pot, r: &Report, keys: &Keys) -> Series {
    let drawn: Vec<f64> = r
        .years
        .iter()
        .map(|y| y.flows.drawn.get(p.id.as_str()).copied().unwrap_or(0.0) / M)
        .collect();
    let upper = r
        .years
        .iter()
        .zip(&drawn)
        .map(|(y, d)| p.spend_limit(y.fy).map_or(*d, |limit| limit / M))
        .collect();
    Series::new(
        format!("{}: drawn, up to its spending limit", p.name),
        drawn,
        Mark::Band { upper },
        keys.pot(&p.id),
    )
}

/// Whether, in each year, some pot drew the whole of that year's spending limit.
fn limit_reached_years(s: &Scenario, r: &Report) -> Vec<bool> {
    r.years
        .iter()
        .map(|y| {
            s.pots.iter().any(|p| {
                p.spend_limit(y.fy)
                    .is_some_and(|limit| y.flows.drawn.get(p.id.as_str()).is_some_and(|d| *d >= limit))
            })
        })
        .collect()
}

/// The stack of each owner's marriage value, which heads its legend entries.
const MARRIAGE_VALUE_TO: &str = "Marriage value to";

/// For each realised assembly (the largest [`MAX_CATEGORIES`] by marriage
/// value): members' separate values, the joint value, and the marriage value
/// each owner receives; past [`MAX_LEGEND_ITEMS`] owners, the rest as one.
pub fn marriage_value(s: &Scenario, r: &Report, keys: &Keys) -> Chart {
    let realised: Vec<&AssemblyLine> = r.assemblies.iter().filter(|a| a.realised).collect();
    let shown = largest(&realised, |a| a.marriage_value.abs());
    let to_owner = |a: &AssemblyLine, owner: &str| {
        a.members
            .iter()
            .filter(|m| m.owner == owner)
            .map(|m| m.marriage_value)
            .sum::<f64>()
    };
    let mut owners: Vec<&str> = Vec::new();
    for m in shown.iter().flat_map(|a| &a.members) {
        if !owners.contains(&m.owner.as_str()) {
            owners.push(&m.owner);
        }
    }
    let size = |owner: &&str| shown.iter().map(|a| to_owner(a, owner).abs()).sum::<f64>();
    let (named, others) = split_largest(&owners, size);
    let mut series = vec![
        Series::bar(
            "Separate values",
            shown.iter().map(|a| a.separate_value / M).collect(),
            "Separate",
            measure::SEPARATE,
        ),
        Series::bar(
            "Joint value",
            shown.iter().map(|a| a.combined_value / M).collect(),
            "Joint",
            measure::JOINT,
        ),
    ];
    for owner in &named {
        let name = s
            .organisation(owner)
            .map_or_else(|| (*owner).to_owned(), |o| o.name.clone());
        series.push(Series::bar(
            name,
            shown.iter().map(|a| to_owner(a, owner) / M).collect(),
            MARRIAGE_VALUE_TO,
            keys.owner(owner),
        ));
    }
    if !others.is_empty() {
        series.push(Series::bar(
            format!("{} other owners", count(others.len() as f64)),
            shown
                .iter()
                .map(|a| others.iter().map(|o| to_owner(a, o)).sum::<f64>() / M)
                .collect(),
            MARRIAGE_VALUE_TO,
            measure::OTHERS,
        ));
    }
    let mut subtitle = subtitle_of_largest(
        "Separate and joint values at price base, and each owner's share of the uplift",
        shown.len(),
        realised.len(),
        "realised assemblies",
        "marriage value",
    );
    if !others.is_empty() {
        subtitle.push_str(&format!(
            ". The legend names the {} owners with the largest marriage value and groups the {} others",
            named.len(),
            count(others.len() as f64)
        ));
    }
    Chart {
        id: ChartId::MarriageValue,
        title: "Marriage value of assembled sites".into(),
        subtitle,
        x_title: "Assembly".into(),
        y_title: MONEY_AXIS.into(),
        categories: shown.iter().map(|a| a.name.to_string()).collect(),
        series,
        bar_totals: "Figures above the bars: separate values, joint value, and total marriage value".into(),
        whole: None,
    }
}

/// The [`MAX_LEGEND_ITEMS`] largest of `items` by `size`, in their own
/// order, and the rest, when there are more than that.
fn split_largest<'a>(items: &[&'a str], size: impl Fn(&&'a str) -> f64) -> (Vec<&'a str>, Vec<&'a str>) {
    if items.len() <= MAX_LEGEND_ITEMS {
        return (items.to_vec(), Vec::new());
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| size(&items[b]).total_cmp(&size(&items[a])).then(a.cmp(&b)));
    let mut named: Vec<usize> = order[..MAX_LEGEND_ITEMS].to_vec();
    named.sort_unstable();
    let others = (0..items.len())
        .filter(|i| !named.contains(i))
        .map(|i| items[i])
        .collect();
    (named.into_iter().map(|i| items[i]).collect(), others)
}

/// Funding by project (the largest [`MAX_CATEGORIES`] by capex): drawn from
/// pots, grants and the gap.
pub fn project_funding(r: &Report) -> Chart {
    let all: Vec<&ProjectLine> = r.projects.iter().collect();
    let shown = largest(&all, |p| p.capex);
    let per = |f: fn(&ProjectLine) -> f64| shown.iter().map(|p| f(p) / M).collect::<Vec<_>>();
    let subtitle = "Capex with optimism bias: from pots, from grants, and the funding gap";
    Chart {
        id: ChartId::ProjectFunding,
        title: "Funding by project".into(),
        subtitle: subtitle_of_largest(subtitle, shown.len(), all.len(), "projects", "capex"),
        x_title: "Project".into(),
        y_title: MONEY_AXIS.into(),
        categories: shown.iter().map(|p| p.name.to_string()).collect(),
        series: capex_split(
            per(|p| p.funded_from_pots),
            per(|p| p.funded_from_grants),
            per(|p| p.funding_gap),
        ),
        bar_totals: "Figures above the bars: total capex with optimism bias".into(),
        whole: None,
    }
}

/// Capex as one stack: what pots paid, what grants paid and the funding gap,
/// so the stack's total is the capex (the same styles on every chart).
fn capex_split(from_pots: Vec<f64>, from_grants: Vec<f64>, gap: Vec<f64>) -> Vec<Series> {
    vec![
        Series::bar("From pots", from_pots, CAPEX, measure::FROM_POTS),
        Series::bar("From grants", from_grants, CAPEX, measure::FROM_GRANTS),
        Series::bar("Funding gap", gap, CAPEX, measure::GAP),
    ]
}

/// The stack of capex, which heads its legend entries.
const CAPEX: &str = "Capex";

/// The items to chart: all of them when there are at most [`MAX_CATEGORIES`],
/// else the largest by `size`, kept in scenario order. A chart of hundreds
/// of bars can be read neither on screen nor on paper (the tables and CSV
/// keep every line), and drawing them would slow every frame.
fn largest<'a, T>(items: &[&'a T], size: impl Fn(&T) -> f64) -> Vec<&'a T> {
    if items.len() <= MAX_CATEGORIES {
        return items.to_vec();
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| size(items[b]).total_cmp(&size(items[a])).then(a.cmp(&b)));
    order.truncate(MAX_CATEGORIES);
    order.sort_unstable();
    order.into_iter().map(|i| items[i]).collect()
}

/// A subtitle that says when only the largest items are shown.
fn subtitle_of_largest(subtitle: &str, shown: usize, all: usize, noun: &str, by: &str) -> String {
    if shown < all {
        format!("{subtitle}. The {shown} of {all} {noun} with the largest {by}; the tables list every one")
    } else {
        subtitle.to_owned()
    }
}

/// A chart of one scenario, its pots and owners styled by their place in that scenario.
pub fn chart(id: ChartId, s: &Scenario, r: &Report) -> Chart {
    chart_keyed(id, s, r, &Keys::of([s]))
}

/// The same chart for each of several scenarios shown together (a pack or
/// a comparison): a pot or owner keeps one style across all of them.
pub fn charts_compared(id: ChartId, items: &[(&Scenario, &Report)]) -> Vec<Chart> {
    let keys = Keys::of(items.iter().map(|(s, _)| *s));
    items.iter().map(|(s, r)| chart_keyed(id, s, r, &keys)).collect()
}

/// A chart by id, pots and owners styled by `keys`.
pub fn chart_keyed(id: ChartId, s: &Scenario, r: &Report, keys: &Keys) -> Chart {
    match id {
        ChartId::RetainedReceipts => retained_receipts(s, r, keys),
        ChartId::PotBalances => pot_balances(s, r, keys),
        ChartId::MarriageValue => marriage_value(s, r, keys),
        ChartId::ProjectFunding => project_funding(r),
        // A report holds no draws; `crate::risk::risk_charts` builds these from an analysis.
        ChartId::Risk(_) => Chart {
            id,
            title: String::new(),
            subtitle: String::new(),
            x_title: String::new(),
            y_title: MONEY_AXIS.into(),
            categories: Vec::new(),
            series: Vec::new(),
            bar_totals: String::new(),
            whole: None,
        },
        // One scenario's overlay is its own line.
        ChartId::RetainedCompared | ChartId::PotBalanceCompared | ChartId::FundingGapCompared => {
            crate::compare::overlay_chart(id, &[(&s.name, r)])
        }
    }
}

fn years(r: &Report) -> Vec<String> {
    r.years.iter().map(|y| fy_label(y.fy)).collect()
}
