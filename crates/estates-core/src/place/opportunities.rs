//! Marriage value opportunities (MODEL.md section 10): pairs of sites, both
//! with a location, owned by different organisations, at most `d` metres
//! apart, that are not already members of the same enabled assembly.
//!
//! Pairs are found through a grid rather than by testing every pair, so a
//! London register of thousands of sites is searched in milliseconds. Each
//! location is placed on the sphere as a point in three dimensions; two sites
//! within `d` along the surface are within the chord `2R sin(d / 2R)` in a
//! straight line, so they lie in the same or neighbouring cells of a grid of
//! cubes that wide. Working in three dimensions needs no special case at the
//! poles or across the 180th meridian. The chord only chooses candidates:
//! every pair listed is tested with the haversine distance itself.

use std::cmp::Ordering;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{distance_m, EARTH_RADIUS_M};
use crate::engine::fy_label;
use crate::format::money_m;
use crate::model::{Location, Scenario, Site};

/// Two nearby sites of different owners that could be sold together.
/// Its JSON form is `{"sites": [a, b], "owners": [o1, o2], "distance_m",
/// "value_sum", "disposal_fy": [fy or null, fy or null]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opportunity {
    /// Site ids, the one listed first in the scenario first.
    pub sites: [String; 2],
    /// Each site's owner (organisation id).
    pub owners: [String; 2],
    /// Haversine distance between the two locations, in metres.
    pub distance_m: f64,
    /// The sum of the two sites' standalone values (`value`).
    pub value_sum: f64,
    /// Each site's planned disposal year (its earliest, when it has several part-disposals).
    pub disposal_fy: [Option<i32>; 2],
    /// The two sites' positions in the scenario's site list (for the app; not in the JSON).
    #[serde(skip)]
    pub site_index: [usize; 2],
}

/// Every opportunity within `within_m` metres, nearest first; pairs at the
/// same distance in the order their first, then second, site is listed in
/// the scenario. A negative or non-finite distance finds none.
pub fn opportunities(s: &Scenario, within_m: f64) -> Vec<Opportunity> {
    if !(within_m.is_finite() && within_m >= 0.0) {
        return Vec::new();
    }
    let located: Vec<(usize, Location)> = s
        .sites
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.location.filter(|l| usable(*l)).map(|l| (i, l)))
        .collect();
    let grid = Grid::new(within_m, &located);
    let assembled = EnabledAssemblies::of(s);
    let disposal_fy = first_disposal_fy(s);
    let mut out = Vec::new();
    for (k, &(i, a)) in located.iter().enumerate() {
        // Each pair once: only partners that come later in `located`.
        for m in grid.near(a).filter(|&m| m > k) {
            let (j, b) = located[m];
            // The distance first: most candidates from neighbouring cells are too far apart.
            let distance = distance_m(a, b);
            let (x, y) = (&s.sites[i], &s.sites[j]);
            if distance <= within_m && x.owner != y.owner && !assembled.together(&x.id, &y.id) {
                out.push(opportunity(x, y, [i, j], distance, &disposal_fy));
            }
        }
    }
    out.sort_by(nearest_first);
    out
}

/// The opportunities as a readable list: for each pair the distance and the
/// two sites' values together, then each site's name, id, owner and planned
/// disposal year.
pub fn opportunities_text(s: &Scenario, within_m: f64, found: &[Opportunity]) -> String {
    let mut out = format!("Scenario: {}\n", s.name);
    let _ = writeln!(
        out,
        "Marriage value opportunities within {within_m} m: {} pair(s) of sites of different owners, nearest first.",
        found.len()
    );
    for (k, o) in found.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{:>4}. {:.0} m apart, standalone values {} together",
            k + 1,
            o.distance_m,
            money_m(o.value_sum)
        );
        for (&i, fy) in o.site_index.iter().zip(o.disposal_fy) {
            let Some(site) = s.sites.get(i) else { continue };
            let owner = s
                .organisation(&site.owner)
                .map_or(site.owner.as_str(), |x| x.name.as_str());
            let planned = fy.map_or_else(
                || "no disposal planned".to_owned(),
                |fy| format!("disposal in {}", fy_label(fy)),
            );
            let _ = writeln!(out, "      {} [{}], {owner}; {planned}", site.name, site.id);
        }
    }
    out
}

/// A location the search can place: finite and on the globe (validation
/// rejects any other, but the app searches unvalidated scenarios too).
fn usable(l: Location) -> bool {
    l.lat.is_finite() && l.lon.is_finite() && (-90.0..=90.0).contains(&l.lat) && (-180.0..=180.0).contains(&l.lon)
}

fn opportunity(a: &Site, b: &Site, index: [usize; 2], distance: f64, fy: &FxHashMap<&str, i32>) -> Opportunity {
    let first = |x: &Site| fy.get(x.id.as_str()).copied();
    Opportunity {
        sites: [a.id.clone(), b.id.clone()],
        owners: [a.owner.clone(), b.owner.clone()],
        distance_m: distance,
        value_sum: a.value + b.value,
        disposal_fy: [first(a), first(b)],
        site_index: index,
    }
}

/// Nearest first; ties in scenario order, so the list is the same on every run.
fn nearest_first(a: &Opportunity, b: &Opportunity) -> Ordering {
    a.distance_m
        .total_cmp(&b.distance_m)
        .then_with(|| a.site_index.cmp(&b.site_index))
}

/// Each site's planned disposal year: the earliest of its disposals.
fn first_disposal_fy(s: &Scenario) -> FxHashMap<&str, i32> {
    let mut fy: FxHashMap<&str, i32> = FxHashMap::default();
    for d in &s.disposals {
        fy.entry(d.site.as_str())
            .and_modify(|y| *y = (*y).min(d.fy))
            .or_insert(d.fy);
    }
    fy
}

/// The enabled assemblies each site belongs to (one, in a valid scenario).
struct EnabledAssemblies<'a>(FxHashMap<&'a str, Vec<usize>>);

impl<'a> EnabledAssemblies<'a> {
    fn of(s: &'a Scenario) -> Self {
        let mut of_site: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (k, a) in s.assemblies.iter().enumerate().filter(|(_, a)| a.enabled) {
            for m in &a.members {
                of_site.entry(m.as_str()).or_default().push(k);
            }
        }
        EnabledAssemblies(of_site)
    }

    /// Whether two sites are already members of the same enabled assembly.
    fn together(&self, a: &str, b: &str) -> bool {
        match (self.0.get(a), self.0.get(b)) {
            (Some(x), Some(y)) => x.iter().any(|k| y.contains(k)),
            _ => false,
        }
    }
}

/// The located sites bucketed into cubes at least a chord `d` wide.
struct Grid {
    cell: f64,
    /// Positions in the located list, by cell.
    cells: FxHashMap<[i64; 3], Vec<usize>>,
}

impl Grid {
    fn new(within_m: f64, located: &[(usize, Location)]) -> Self {
        // Any width at least the chord finds every pair; a hair wider allows
        // for rounding, and a floor of 1 m keeps `d = 0` (coincident sites
        // only) from dividing by zero.
        let mut grid = Grid {
            cell: (chord_m(within_m) * (1.0 + 1e-9)).max(1.0),
            cells: FxHashMap::default(),
        };
        for (k, &(_, l)) in located.iter().enumerate() {
            let key = grid.key(l);
            grid.cells.entry(key).or_default().push(k);
        }
        grid
    }

    fn key(&self, l: Location) -> [i64; 3] {
        // Saturating float-to-integer casts: no overflow for any width.
        point_m(l).map(|x| (x / self.cell).floor() as i64)
    }

    /// The located sites in the cell of `l` and the 26 around it.
    fn near(&self, l: Location) -> impl Iterator<Item = usize> + '_ {
        let [x, y, z] = self.key(l);
        let offsets = (-1..=1).flat_map(|dx| (-1..=1).flat_map(move |dy| (-1..=1).map(move |dz| [dx, dy, dz])));
        offsets
            .filter_map(move |[dx, dy, dz]| self.cells.get(&[x + dx, y + dy, z + dz]))
            .flatten()
            .copied()
    }
}

/// The straight-line distance through the earth between two points `d` apart on its surface.
fn chord_m(d: f64) -> f64 {
    2.0 * EARTH_RADIUS_M * (d / (2.0 * EARTH_RADIUS_M)).min(std::f64::consts::FRAC_PI_2).sin()
}

/// A location as a point in metres from the earth's centre.
fn point_m(l: Location) -> [f64; 3] {
    let (lat, lon) = (l.lat.to_radians(), l.lon.to_radians());
    [
        EARTH_RADIUS_M * lat.cos() * lon.cos(),
        EARTH_RADIUS_M * lat.cos() * lon.sin(),
        EARTH_RADIUS_M * lat.sin(),
    ]
}
