//! MODEL.md section 10, Place: where the sites are and what that allows.
//!
//! - [`distance_m`]: the great-circle distance between two locations;
//! - [`opportunities`]: pairs of nearby sites of different owners that could be
//!   sold together for marriage value;
//! - [`rollup`]: the report's figures summed by borough or by sub-region;
//! - [`merge`]: several scenarios (sub-regional plans) combined into one;
//! - [`boroughs`]: the London borough outlines and the map's projection, and
//!   [`shading`]: boroughs shaded by a measure, for the map on screen and in the pack.

pub mod boroughs;
mod merge;
mod opportunities;
mod rollup;
pub mod shading;

pub use merge::{merge, MergeError, MergeInput, Merged, Renamed};
pub use opportunities::{opportunities, opportunities_text, Opportunity};
pub use rollup::{area_totals, rollup, rollup_csv, rollup_text, AreaFigures, AreaKind, NOT_SET};

use crate::model::Location;

/// The sphere the distance is measured on: the mean radius of the earth, in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The great-circle (haversine) distance between two locations, in metres,
/// on a sphere of radius [`EARTH_RADIUS_M`].
pub fn distance_m(a: Location, b: Location) -> f64 {
    let (lat_a, lat_b) = (a.lat.to_radians(), b.lat.to_radians());
    let half_dlat = (lat_b - lat_a) / 2.0;
    let half_dlon = (b.lon - a.lon).to_radians() / 2.0;
    let h = half_dlat.sin().powi(2) + lat_a.cos() * lat_b.cos() * half_dlon.sin().powi(2);
    // Rounding can push `h` a hair above 1 for antipodal points; asin would then be NaN.
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}
