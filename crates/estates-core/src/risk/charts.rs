//! The risk analysis as chart data: a fan of each pot's balance, histograms of
//! the funding gap and net NPV, each project's chance of being funded, and the
//! two tornadoes. The app and the print exporter draw these same values.

use super::montecarlo::{histogram, Bin, Headline, PotFan, RiskResult, Spread};
use super::sensitivity::{Bar, Figures, Sensitivity};
use super::Analysis;
use crate::charts::{measure, Chart, ChartId, Keys, Mark, RiskChart, Series, Style, MONEY_AXIS, SHARE_AXIS};
use crate::engine::fy_label;
use crate::format::{count, money_m};
use crate::model::Scenario;

/// Bars of a histogram: enough to show its shape, few enough to label.
pub const HISTOGRAM_BINS: usize = 20;

const M: f64 = 1e6;

/// A chart with the name its exported files take (`risk-pot-fan-<pot id>`, `tornado-net-npv`...).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedChart {
    pub name: String,
    pub chart: Chart,
}

/// Every risk chart of an analysis, in the order the risk view shows them:
/// one fan per pot, the two histograms, the projects' chances, the two tornadoes.
/// Each pot's fan takes the pot's style in `s`, as on every other chart.
pub fn risk_charts(s: &Scenario, a: &Analysis) -> Vec<NamedChart> {
    let keys = Keys::of([s]);
    let r = &a.monte_carlo;
    let named = |chart: Chart| NamedChart {
        name: chart.id.slug().to_owned(),
        chart,
    };
    let mut out: Vec<NamedChart> = r
        .pots
        .iter()
        .map(|fan| NamedChart {
            name: format!("{}-{}", RiskChart::PotFan.slug(), file_safe(&fan.id)),
            chart: pot_fan(fan, r.draws, keys.pot(&fan.id)),
        })
        .collect();
    out.push(named(spread_histogram(r, RiskChart::FundingGap)));
    out.push(named(spread_histogram(r, RiskChart::NetNpv)));
    out.push(named(projects_funded(r)));
    out.push(named(tornado(&a.sensitivity, RiskChart::TornadoNpv)));
    out.push(named(tornado(&a.sensitivity, RiskChart::TornadoGap)));
    out
}

/// Letters, digits, `-` and `_` of an id, the rest as `_`, so a file name is portable.
fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A pot's closing balance by year: the P10 to P90 band and the P50 line.
pub fn pot_fan(fan: &PotFan, draws: u32, style: Style) -> Chart {
    let of = |f: fn(&super::Band) -> f64| fan.years.iter().map(|b| f(b) / M).collect::<Vec<_>>();
    Chart {
        id: ChartId::Risk(RiskChart::PotFan),
        title: format!("Balance of {}: range over {} draws", fan.name, count(f64::from(draws))),
        subtitle:
            "Closing balance each year: 8 draws in 10 fall in the band (P10 to P90); the line is the median (P50)"
                .into(),
        x_title: "Financial year".into(),
        y_title: MONEY_AXIS.into(),
        categories: fan.years.iter().map(|b| fy_label(b.fy)).collect(),
        series: vec![
            Series::new("P10 to P90", of(|b| b.p10), Mark::Band { upper: of(|b| b.p90) }, style),
            // The median solid whatever the pot's pattern: it is the chart's main line.
            Series::line("P50 (median)", of(|b| b.p50), Style { pattern: 0, ..style }),
        ],
        bar_totals: String::new(),
        whole: None,
    }
}

/// The histogram of the total funding gap or of net NPV over the draws.
pub fn spread_histogram(r: &RiskResult, which: RiskChart) -> Chart {
    type Figure = (&'static str, &'static str, fn(&Headline) -> f64, Spread, f64, Style);
    let (what, noun, get, spread, as_written, fill): Figure = match which {
        RiskChart::NetNpv => (
            "Net NPV",
            "net NPV",
            |h| h.net_npv,
            r.net_npv,
            r.as_written.net_npv,
            measure::LOW,
        ),
        _ => (
            "Total funding gap",
            "total funding gap",
            |h| h.funding_gap,
            r.funding_gap,
            r.as_written.funding_gap,
            measure::GAP,
        ),
    };
    let values: Vec<f64> = r.samples.iter().map(get).collect();
    let bins = histogram(&values, HISTOGRAM_BINS);
    let n = values.len().max(1) as f64;
    Chart {
        id: ChartId::Risk(which),
        title: format!("{what} over {} draws", count(r.samples.len() as f64)),
        subtitle: format!(
            "Share of draws by {noun}; P10 {}, P50 {}, P90 {}; as written {}",
            money_m(spread.p10),
            money_m(spread.p50),
            money_m(spread.p90),
            money_m(as_written)
        ),
        x_title: format!("{what}, £m (middle of each range)"),
        y_title: SHARE_AXIS.into(),
        categories: bin_labels(&bins),
        series: vec![Series::bar(
            "Share of draws",
            bins.iter().map(|b| b.count as f64 / n * 100.0).collect(),
            "Draws",
            fill,
        )],
        bar_totals: "Figures above the bars: share of draws in each range, per cent".into(),
        whole: None,
    }
}

/// The middle of each bin in £m, with as many decimals as tell neighbours apart.
fn bin_labels(bins: &[Bin]) -> Vec<String> {
    let width = bins.first().map_or(0.0, |b| (b.to - b.from) / M);
    let decimals = if width > 0.0 {
        (-width.log10()).ceil().clamp(1.0, 4.0) as usize
    } else {
        1
    };
    bins.iter()
        .map(|b| {
            let mid = (b.from + b.to) / 2.0 / M;
            let mid = if mid.abs() < 0.5 * 10f64.powi(-(decimals as i32)) {
                0.0
            } else {
                mid
            };
            if mid < 0.0 {
                format!("-£{:.*}m", decimals, -mid)
            } else {
                format!("£{mid:.decimals$}m")
            }
        })
        .collect()
}

/// Each project's probability of being fully funded, in per cent, and of falling short.
pub fn projects_funded(r: &RiskResult) -> Chart {
    Chart {
        id: ChartId::Risk(RiskChart::ProjectsFunded),
        title: "Chance each project is fully funded".into(),
        subtitle: format!(
            "Share of {} draws in which the project has no funding gap; the programme has a gap in {} of draws",
            count(f64::from(r.draws)),
            percent(r.probability_of_gap)
        ),
        x_title: "Project".into(),
        y_title: SHARE_AXIS.into(),
        categories: r.projects.iter().map(|p| p.name.clone()).collect(),
        // Stacked to 100%, so a bar reads as a share of all draws on any axis.
        series: vec![
            Series::bar(
                "Fully funded",
                r.projects.iter().map(|p| p.fully_funded * 100.0).collect(),
                "Draws",
                measure::FUNDED,
            ),
            Series::bar(
                "Short of funds",
                r.projects.iter().map(|p| (1.0 - p.fully_funded) * 100.0).collect(),
                "Draws",
                measure::GAP,
            ),
        ],
        bar_totals: "Figures on the bars: share of draws, per cent".into(),
        whole: Some(100.0),
    }
}

/// A probability as a percentage to one decimal: `12.5%`.
pub fn percent(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

/// The low and high setting of each family, in one sentence short enough
/// for a printed subtitle.
pub fn settings_tested(s: &Sensitivity) -> String {
    let each: Vec<String> = s
        .bars
        .iter()
        .map(|b| format!("{} {}, {}", b.label.to_lowercase(), b.low_setting, b.high_setting))
        .collect();
    format!("Settings: {}.", each.join("; "))
}

/// The tornado of net NPV or of the funding gap: each family's change from
/// the scenario as written at its low and high setting, widest swing first.
pub fn tornado(s: &Sensitivity, which: RiskChart) -> Chart {
    let (what, get, base): (&str, fn(&Figures) -> f64, f64) = match which {
        RiskChart::TornadoGap => ("total funding gap", |f| f.funding_gap, s.base.funding_gap),
        _ => ("net NPV", |f| f.net_npv, s.base.net_npv),
    };
    let swing = |b: &Bar| (get(&b.high) - get(&b.low)).abs();
    let mut bars: Vec<&Bar> = s.bars.iter().collect();
    bars.sort_by(|a, b| swing(b).total_cmp(&swing(a)));
    let change = |f: fn(&Bar) -> Figures| bars.iter().map(|b| (get(&f(b)) - base) / M).collect::<Vec<_>>();
    let title = match which {
        RiskChart::TornadoGap => "Sensitivity of the funding gap",
        _ => "Sensitivity of net NPV",
    };
    Chart {
        id: ChartId::Risk(which),
        title: title.into(),
        subtitle: format!(
            "Change in {what} from the scenario as written ({}), widest swing first. {}",
            money_m(base),
            settings_tested(s)
        ),
        x_title: "Input moved to its low and its high setting".into(),
        y_title: MONEY_AXIS.into(),
        // Short names, so they fit under the bars on screen; the settings are in the subtitle.
        categories: bars.iter().map(|b| b.label.to_owned()).collect(),
        series: vec![
            Series::bar("Low setting", change(|b| b.low), "Low", measure::LOW),
            Series::bar("High setting", change(|b| b.high), "High", measure::HIGH),
        ],
        bar_totals: "Figures beyond the bars: change from the scenario as written".into(),
        whole: None,
    }
}
