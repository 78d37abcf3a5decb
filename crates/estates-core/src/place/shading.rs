//! Boroughs shaded by a chosen figure of the results, in a few classes of
//! round width, and sites coloured by sector, so the map on screen and the
//! map in the board pack shade a borough and colour a site alike and their
//! keys read the same.

use std::collections::BTreeMap;

use super::boroughs::Boroughs;
use super::rollup::{rollup, AreaFigures, AreaKind};
use crate::charts::Rgb;
use crate::format::{count, money, money_m};
use crate::model::{OrgKind, Scenario};
use crate::report::Report;

/// The figure the boroughs are shaded by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    GrossReceipts,
    /// The default: what the area keeps is what a board asks about first.
    #[default]
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

    /// The word the command line takes (`--map-measure`).
    pub fn key(self) -> &'static str {
        match self {
            Measure::GrossReceipts => "gross",
            Measure::Retained => "retained",
            Measure::FundingGap => "gap",
            Measure::Homes => "homes",
        }
    }

    /// The measure a command-line word names.
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key.trim())
    }

    /// A figure of the measure as a cell shows it: `£1.2m`, or homes as a count.
    pub fn show(self, x: f64) -> String {
        match self {
            Measure::Homes => count(x),
            _ => money_m(x),
        }
    }

    /// A class bound as the key shows it: small sums in pounds, the rest in £m.
    fn bound(self, x: f64) -> String {
        match self {
            Measure::Homes => count(x),
            _ => money(x),
        }
    }
}

/// Who owns a site, as the map colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    Nhs,
    Council,
    Other,
}

impl Sector {
    pub const ALL: [Sector; 3] = [Sector::Nhs, Sector::Council, Sector::Other];

    /// An owner missing from the register (a problem says so) counts as other.
    pub fn of(kind: Option<OrgKind>) -> Self {
        match kind {
            Some(k) if k.is_nhs() => Sector::Nhs,
            Some(OrgKind::Council) => Sector::Council,
            _ => Sector::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sector::Nhs => "NHS",
            Sector::Council => "Council",
            Sector::Other => "Other public body",
        }
    }

    /// Okabe-Ito blue, orange and bluish green: told apart with the common
    /// colour-vision deficiencies, and against the purple borough shades.
    pub fn colour(self) -> Rgb {
        match self {
            Sector::Nhs => (0, 114, 178),
            Sector::Council => (230, 159, 0),
            Sector::Other => (0, 158, 115),
        }
    }
}

/// Most classes a shading uses, besides "none".
pub const MAX_CLASSES: usize = 5;

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
    /// The width of a class: a round step (1, 2 or 5 times a power of ten).
    pub step: f64,
    /// How many classes the largest borough's figure needs (1 to [`MAX_CLASSES`]).
    pub classes: usize,
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
            step: 1.0,
            classes: 1,
        }
        .classed_up_to(max)
    }

    /// The same figures in classes that reach `top` (at least the largest
    /// borough's figure), so maps of several scenarios share one key.
    pub fn classed_up_to(self, top: f64) -> Self {
        let top = top.max(self.max);
        let step = class_step(top);
        let classes = ((top / step).ceil() as usize).clamp(1, MAX_CLASSES);
        Shading { step, classes, ..self }
    }

    /// The class of a figure: 0 for none (zero or less), else 1 to `classes`,
    /// class `k` holding figures above `(k - 1) * step` up to `k * step`.
    pub fn class_of(&self, x: f64) -> usize {
        if x <= 0.0 {
            return 0;
        }
        ((x / self.step).ceil() as usize).clamp(1, self.classes)
    }

    /// The colour of class `k` of this shading.
    pub fn colour(&self, k: usize, dark_mode: bool) -> Rgb {
        class_colour(k, self.classes, dark_mode)
    }

    /// The key's text for class `k`: "None", "Up to £2.0m", "£2.0m to £4.0m".
    pub fn class_label(&self, k: usize) -> String {
        let m = self.measure;
        match k {
            0 => "None".to_owned(),
            1 => format!("Up to {}", m.bound(self.step)),
            k => format!(
                "{} to {}",
                m.bound(self.step * (k - 1) as f64),
                m.bound(self.step * k as f64)
            ),
        }
    }
}

/// A round class width: the least of 1, 2 or 5 times a power of ten that
/// puts the largest figure in at most [`MAX_CLASSES`] classes.
fn class_step(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let raw = max / MAX_CLASSES as f64;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|step| max / step <= MAX_CLASSES as f64 + 1e-9)
        .unwrap_or(10.0 * power)
}

/// Light to dark purple on paper and a light screen (ColorBrewer's Purples,
/// which stays in order in greyscale), dark to light on a dark screen; the
/// sector colours of the site marks stay readable on every shade.
const LIGHT: [Rgb; MAX_CLASSES + 1] = [
    (247, 247, 247),
    (218, 218, 235),
    (188, 189, 220),
    (158, 154, 200),
    (128, 125, 186),
    (106, 81, 163),
];
const DARK: [Rgb; MAX_CLASSES + 1] = [
    (44, 42, 56),
    (64, 58, 96),
    (84, 74, 128),
    (104, 90, 160),
    (122, 105, 190),
    (140, 120, 220),
];

/// The colour of class `k` of `classes`: none in the lightest, the top
/// class always in the darkest, the classes between spread over the ramp.
pub fn class_colour(k: usize, classes: usize, dark_mode: bool) -> Rgb {
    let ramp = if dark_mode { &DARK } else { &LIGHT };
    if k == 0 || classes == 0 {
        return ramp[0];
    }
    let at = MAX_CLASSES - (classes - k.min(classes));
    ramp[at.clamp(1, MAX_CLASSES)]
}

/// The measure by the `borough` text of each disposal's site, or of each
/// project: MODEL.md section 10's roll-up by borough, and for the retained
/// receipts (not a roll-up figure) the disposals' retained shares summed the same way.
fn by_area(measure: Measure, s: &Scenario, report: &Report) -> Vec<(String, f64)> {
    let pick: fn(&AreaFigures) -> f64 = match measure {
        Measure::GrossReceipts => |a| a.gross_receipts,
        Measure::FundingGap => |a| a.funding_gap,
        Measure::Homes => |a| a.homes,
        Measure::Retained => return retained_by_area(s, report, AreaKind::Borough),
    };
    rollup(s, report, AreaKind::Borough)
        .into_iter()
        .map(|a| {
            let x = pick(&a);
            (a.area, x)
        })
        .collect()
}

/// Each disposal's retained share (before any pot's annual cap) summed by
/// the borough or sub-region of its site, empty areas under "Not set".
pub fn retained_by_area(s: &Scenario, report: &Report, by: AreaKind) -> Vec<(String, f64)> {
    // Fast hashes and borrowed area names: the map shades again on every
    // edit, over thousands of sites and disposals at London scale.
    let areas: rustc_hash::FxHashMap<&str, &str> = s
        .sites
        .iter()
        .rev()
        .map(|x| {
            let area = match by {
                AreaKind::Borough => x.borough.as_str(),
                AreaKind::SubRegion => x.sub_region.as_str(),
            };
            (x.id.as_str(), area)
        })
        .collect();
    let mut out: BTreeMap<&str, f64> = BTreeMap::new();
    for d in &report.disposals {
        let area = areas.get(d.site.as_str()).copied().unwrap_or("").trim();
        let area = if area.is_empty() { super::NOT_SET } else { area };
        *out.entry(area).or_default() += d.retained;
    }
    out.into_iter().map(|(area, x)| (area.to_owned(), x)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_steps_are_round_and_hold_the_largest_figure() {
        assert_eq!(class_step(11.3e6), 5e6);
        assert_eq!(class_step(9.0e6), 2e6);
        assert_eq!(class_step(4.0e6), 1e6);
        assert_eq!(class_step(0.0), 1.0);
        for max in [1.0, 7.5, 123.0, 9.99e6, 1e7, 3.3e9] {
            let step = class_step(max);
            assert!(max / step <= MAX_CLASSES as f64 + 1e-9, "{max}: {step}");
            assert!(max / step > 1.0, "{max}: {step} is needlessly wide");
        }
    }

    #[test]
    fn the_top_class_is_darkest_and_none_is_lightest() {
        assert_eq!(class_colour(3, 3, false), LIGHT[MAX_CLASSES]);
        assert_eq!(class_colour(1, 3, false), LIGHT[3]);
        assert_eq!(class_colour(0, 3, false), LIGHT[0]);
        assert_eq!(class_colour(1, 1, true), DARK[MAX_CLASSES]);
    }
}
