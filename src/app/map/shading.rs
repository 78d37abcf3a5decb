//! Boroughs shaded by a chosen figure of the results.

use std::collections::{BTreeMap, HashMap};

use egui::Color32;
use estates_core::format::{count, money_m};
use estates_core::place::{rollup, AreaFigures, AreaKind};
use estates_core::{Report, Scenario};

use super::geo::Boroughs;

/// The figure the boroughs are shaded by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    #[default]
    GrossReceipts,
    Retained,
    FundingGap,
    Homes,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::GrossReceipts,
        Measure::Retained,
        Measure::FundingGap,
        Measure::Homes,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Measure::GrossReceipts => "Gross receipts",
            Measure::Retained => "Retained locally",
            Measure::FundingGap => "Funding gap",
            Measure::Homes => "Homes enabled",
        }
    }

    pub fn show(self, x: f64) -> String {
        match self {
            Measure::Homes => count(x),
            _ => money_m(x),
        }
    }
}

/// One measure's figure for each borough on the map, and for the areas the
/// map does not have (a misspelt borough, or none).
#[derive(Debug, Clone, PartialEq)]
pub struct Shading {
    pub measure: Measure,
    /// By position in the borough list; zero where nothing falls.
    pub by_borough: Vec<f64>,
    pub max: f64,
    /// Areas named by sites or projects that match no borough, with their figure.
    pub elsewhere: Vec<(String, f64)>,
}

impl Shading {
    pub fn of(measure: Measure, s: &Scenario, report: &Report, boroughs: &Boroughs) -> Self {
        let mut by_borough = vec![0.0; boroughs.list.len()];
        let mut elsewhere = Vec::new();
        for (area, x) in by_area(measure, s, report) {
            match boroughs.find(&area) {
                Some(i) => by_borough[i] += x,
                None if x != 0.0 => elsewhere.push((area, x)),
                None => {}
            }
        }
        let max = by_borough.iter().copied().fold(0.0, f64::max);
        Shading {
            measure,
            by_borough,
            max,
            elsewhere,
        }
    }

    /// How strongly a figure is shaded, 0 to 1 of the largest borough's.
    pub fn strength(&self, x: f64) -> f32 {
        if self.max > 0.0 {
            (x / self.max).clamp(0.0, 1.0) as f32
        } else {
            0.0
        }
    }
}

/// The measure by the `borough` text of each disposal's site, or of each
/// project: MODEL.md section 10's roll-up by borough, and for the retained
/// receipts (not a roll-up figure) the disposals' retained shares summed the same way.
fn by_area(measure: Measure, s: &Scenario, report: &Report) -> Vec<(String, f64)> {
    let pick: fn(&AreaFigures) -> f64 = match measure {
        Measure::GrossReceipts => |a| a.gross_receipts,
        Measure::FundingGap => |a| a.funding_gap,
        Measure::Homes => |a| a.homes,
        Measure::Retained => return retained_by_borough(s, report),
    };
    rollup(s, report, AreaKind::Borough)
        .into_iter()
        .map(|a| {
            let x = pick(&a);
            (a.area, x)
        })
        .collect()
}

fn retained_by_borough(s: &Scenario, report: &Report) -> Vec<(String, f64)> {
    let boroughs: HashMap<&str, &str> = s.sites.iter().map(|x| (x.id.as_str(), x.borough.as_str())).collect();
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    for d in &report.disposals {
        let borough = boroughs.get(d.site.as_str()).copied().unwrap_or("");
        *out.entry(borough.trim().to_owned()).or_default() += d.retained;
    }
    out.into_iter().collect()
}

/// The fill of a borough shaded `t` (0 to 1): light to mid purple on a light
/// background, dark to mid purple on a dark one, so the sector colours of
/// the site marks stay readable on every shade.
pub fn fill(t: f32, dark_mode: bool) -> Color32 {
    let (low, high) = if dark_mode {
        (Color32::from_rgb(44, 42, 56), Color32::from_rgb(140, 120, 220))
    } else {
        (Color32::from_rgb(244, 242, 250), Color32::from_rgb(128, 115, 180))
    };
    low.lerp_to_gamma(high, t)
}
