//! British National Grid (EPSG:27700) eastings and northings to and from WGS84
//! latitude and longitude (MODEL.md section 10).
//!
//! Councils' land and assets returns give a site's position as `GeoX`/`GeoY`
//! grid references; the model keeps WGS84 degrees. The conversion runs through
//! Ordnance Survey's OSTN15 transformation as implemented by `lonlat_bng`
//! (tested against OS's published test points in the model's `bng` tests).
//! WGS84 and ETRS89 differ by well under a metre in Britain, far below what a
//! site register needs, so ETRS89 stands in for WGS84 as OS's guide allows.

use crate::model::Location;

/// The OSTN15 grid: eastings 0 to 700 km, northings 0 to 1,250 km.
const MAX_EASTING: f64 = 700_000.0;
const MAX_NORTHING: f64 = 1_250_000.0;

/// A grid reference as WGS84 degrees; `None` when the point is not a finite
/// grid reference inside OSTN15's coverage (offshore, or not a grid reference).
pub fn bng_to_wgs84(easting: f64, northing: f64) -> Option<Location> {
    // Checked here because the crate's cell lookup truncates towards zero, so
    // a slightly negative or NaN input would otherwise borrow a real cell.
    if !(0.0..=MAX_EASTING).contains(&easting) || !(0.0..=MAX_NORTHING).contains(&northing) {
        return None;
    }
    let (lon, lat) = lonlat_bng::convert_osgb36_to_ll(easting, northing).ok()?;
    (lat.is_finite() && lon.is_finite()).then_some(Location { lat, lon })
}

/// WGS84 degrees as a grid reference `(easting, northing)` in metres; `None`
/// outside the area OSTN15 covers.
pub fn wgs84_to_bng(location: Location) -> Option<(f64, f64)> {
    if !location.lat.is_finite() || !location.lon.is_finite() {
        return None;
    }
    let (easting, northing) = lonlat_bng::convert_osgb36(location.lon, location.lat).ok()?;
    (easting.is_finite() && northing.is_finite()).then_some((easting, northing))
}
