//! The London boroughs (assets/london-boroughs.geojson) and the flat
//! projection the map is drawn in, on screen by the app and on paper by the
//! board pack, from this one source.
//!
//! The outlines are compiled in, parsed, projected and triangulated once, on
//! first use; a drawing only scales and shifts the projected points.

use std::sync::OnceLock;

use serde::Deserialize;

use super::EARTH_RADIUS_M;
use crate::model::Location;

/// What the licence of the outlines asks to be shown wherever the map is
/// shown or printed (assets/london-boroughs.README.md).
pub const ATTRIBUTION: &str = "Contains Ordnance Survey data © Crown copyright and database right 2014. \
                               Boundaries: Martin Chorley, UK-GeoJSON (CC BY 4.0).";

const GEOJSON: &[u8] = include_bytes!("../../../../assets/london-boroughs.geojson");

/// The projection's centre, near Charing Cross: London spans about 50 km, over
/// which a plate carrée scaled at this latitude is within 0.5% of true distances.
const CENTRE: Location = Location { lat: 51.5, lon: -0.12 };

/// A projected point: metres east (`x`) and north (`y`) of the projection's centre.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// A box of projected points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Point,
    pub max: Point,
}

impl Bounds {
    /// The box around `points` (an inverted, empty box for none).
    pub fn of(points: &[Point]) -> Self {
        let empty = Bounds {
            min: Point {
                x: f32::INFINITY,
                y: f32::INFINITY,
            },
            max: Point {
                x: f32::NEG_INFINITY,
                y: f32::NEG_INFINITY,
            },
        };
        points.iter().fold(empty, |b, p| b.union(Bounds { min: *p, max: *p }))
    }

    pub fn union(self, o: Bounds) -> Bounds {
        Bounds {
            min: Point {
                x: self.min.x.min(o.min.x),
                y: self.min.y.min(o.min.y),
            },
            max: Point {
                x: self.max.x.max(o.max.x),
                y: self.max.y.max(o.max.y),
            },
        }
    }

    pub fn contains(&self, p: Point) -> bool {
        (self.min.x..=self.max.x).contains(&p.x) && (self.min.y..=self.max.y).contains(&p.y)
    }

    pub fn centre(&self) -> Point {
        Point {
            x: (self.min.x + self.max.x) / 2.0,
            y: (self.min.y + self.max.y) / 2.0,
        }
    }

    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }
}

/// A location as metres east and north of the projection's centre.
pub fn project(l: Location) -> Point {
    let east = (l.lon - CENTRE.lon).to_radians() * CENTRE.lat.to_radians().cos() * EARTH_RADIUS_M;
    let north = (l.lat - CENTRE.lat).to_radians() * EARTH_RADIUS_M;
    Point {
        x: east as f32,
        y: north as f32,
    }
}

/// The location of a projected point (the inverse of [`project`]).
pub fn unproject(p: Point) -> Location {
    let lon = CENTRE.lon + (f64::from(p.x) / EARTH_RADIUS_M / CENTRE.lat.to_radians().cos()).to_degrees();
    let lat = CENTRE.lat + (f64::from(p.y) / EARTH_RADIUS_M).to_degrees();
    Location { lat, lon }
}

/// One borough, projected.
#[derive(Debug, Clone)]
pub struct Borough {
    /// ONS GSS code, E09000001 to E09000033.
    pub code: String,
    pub name: String,
    /// Outer rings of its polygons (the file has no holes), in metres.
    pub rings: Vec<Vec<Point>>,
    /// Triangles filling the rings: indices into `vertices`.
    pub vertices: Vec<Point>,
    pub triangles: Vec<u32>,
    pub bounds: Bounds,
    /// Where its name is written: inside it, near the middle.
    pub label_at: Point,
}

impl Borough {
    /// Whether a projected point falls inside the borough.
    pub fn contains(&self, p: Point) -> bool {
        self.bounds.contains(p)
            && self.triangles.chunks_exact(3).any(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| self.vertices[i as usize]);
                in_triangle(p, a, b, c)
            })
    }
}

/// All the boroughs, and the box around them.
#[derive(Debug, Clone)]
pub struct Boroughs {
    pub list: Vec<Borough>,
    pub bounds: Bounds,
}

impl Boroughs {
    /// The borough a site's `borough` text names: its name in any case, with
    /// "&" for "and", with or without "London Borough of" and the like, or its
    /// GSS code.
    pub fn find(&self, text: &str) -> Option<usize> {
        let key = borough_key(text);
        if key.is_empty() {
            return None;
        }
        self.list
            .iter()
            .position(|b| borough_key(&b.name) == key || b.code.eq_ignore_ascii_case(text.trim()))
    }
}

/// The boroughs, parsed on first use. An error means the compiled-in file is
/// broken, a build defect the map reports instead of drawing.
pub fn boroughs() -> Result<&'static Boroughs, &'static str> {
    static BOROUGHS: OnceLock<Result<Boroughs, String>> = OnceLock::new();
    BOROUGHS.get_or_init(load).as_ref().map_err(String::as_str)
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    /// Polygons, each rings, each `[lon, lat]` points.
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

fn load() -> Result<Boroughs, String> {
    let what = "the built-in borough outlines (assets/london-boroughs.geojson)";
    let collection: Collection = serde_json::from_slice(GEOJSON).map_err(|e| format!("Cannot read {what}: {e}"))?;
    let mut list = Vec::with_capacity(collection.features.len());
    for feature in collection.features {
        let name = feature.properties.name;
        if feature.geometry.kind != "MultiPolygon" {
            return Err(format!(
                "Cannot read {what}: {name} is a {}, not a MultiPolygon",
                feature.geometry.kind
            ));
        }
        list.push(borough(feature.properties.code, name, &feature.geometry.coordinates));
    }
    let bounds = list
        .iter()
        .map(|b| b.bounds)
        .reduce(Bounds::union)
        .ok_or_else(|| format!("Cannot read {what}: it holds no borough"))?;
    Ok(Boroughs { list, bounds })
}

fn borough(code: String, name: String, polygons: &[Vec<Vec<[f64; 2]>>]) -> Borough {
    let mut earcut = earcut::Earcut::new();
    let mut out: Vec<u32> = Vec::new();
    let (mut rings, mut vertices, mut triangles) = (Vec::new(), Vec::new(), Vec::new());
    for polygon in polygons {
        // Only the outer ring: the file's polygons have no holes.
        let Some(outer) = polygon.first() else {
            continue;
        };
        let ring: Vec<Point> = outer.iter().map(|&[lon, lat]| project(Location { lat, lon })).collect();
        let base = vertices.len() as u32;
        earcut.earcut(ring.iter().map(|p| [p.x, p.y]), &[] as &[u32], &mut out);
        triangles.extend(out.iter().map(|i| base + i));
        vertices.extend_from_slice(&ring);
        rings.push(ring);
    }
    let bounds = Bounds::of(&vertices);
    let label_at = label_point(&vertices, &triangles).unwrap_or(bounds.centre());
    Borough {
        code,
        name,
        rings,
        vertices,
        triangles,
        bounds,
        label_at,
    }
}

/// The area-weighted centroid of the triangles when it falls inside them;
/// for an outline so concave that it does not, the centre of the largest triangle.
fn label_point(vertices: &[Point], triangles: &[u32]) -> Option<Point> {
    let tris: Vec<[Point; 3]> = triangles
        .chunks_exact(3)
        .map(|t| [t[0], t[1], t[2]].map(|i| vertices[i as usize]))
        .collect();
    let area = |[a, b, c]: &[Point; 3]| ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)).abs() / 2.0;
    let centre = |[a, b, c]: &[Point; 3]| Point {
        x: (a.x + b.x + c.x) / 3.0,
        y: (a.y + b.y + c.y) / 3.0,
    };
    let total: f32 = tris.iter().map(area).sum();
    if total <= 0.0 {
        return None;
    }
    let centroid = tris.iter().fold(Point::default(), |c, t| {
        let (m, w) = (centre(t), area(t) / total);
        Point {
            x: c.x + m.x * w,
            y: c.y + m.y * w,
        }
    });
    if tris.iter().any(|[a, b, c]| in_triangle(centroid, *a, *b, *c)) {
        return Some(centroid);
    }
    tris.iter().max_by(|s, t| area(s).total_cmp(&area(t))).map(centre)
}

fn in_triangle(p: Point, a: Point, b: Point, c: Point) -> bool {
    let side = |u: Point, v: Point| (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x);
    let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
    let negative = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let positive = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(negative && positive)
}

/// A borough's name reduced to what tells it apart: lower case, "&" as
/// "and", without the council's style ("London Borough of", "Council").
fn borough_key(text: &str) -> String {
    let lower = text.trim().to_lowercase().replace('&', "and");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut key = words.join(" ");
    for prefix in ["london borough of ", "royal borough of ", "the "] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_owned();
        }
    }
    for suffix in [" council", " london borough council", " borough"] {
        if let Some(rest) = key.strip_suffix(suffix) {
            key = rest.to_owned();
        }
    }
    // "City of Westminster" is Westminster; "City of London" keeps its name.
    if key == "city of westminster" {
        key = "westminster".to_owned();
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_outlines_hold_the_33_london_districts() {
        let b = boroughs().expect("the built-in outlines parse");
        assert_eq!(b.list.len(), 33);
        assert!(b.list.iter().all(|x| !x.triangles.is_empty()));
    }

    #[test]
    fn projecting_and_back_keeps_a_location() {
        let l = Location {
            lat: 51.4526,
            lon: -0.0173,
        };
        let back = unproject(project(l));
        assert!((back.lat - l.lat).abs() < 1e-6 && (back.lon - l.lon).abs() < 1e-6);
    }

    #[test]
    fn a_point_in_lewisham_is_found_in_lewisham_only() {
        // University Hospital Lewisham, by hand from a public map.
        let p = project(Location {
            lat: 51.4526,
            lon: -0.0173,
        });
        let b = boroughs().expect("the built-in outlines parse");
        let inside: Vec<&str> = b
            .list
            .iter()
            .filter(|x| x.contains(p))
            .map(|x| x.name.as_str())
            .collect();
        assert_eq!(inside, ["Lewisham"]);
    }

    #[test]
    fn boroughs_are_found_by_the_names_registers_use() {
        let b = boroughs().expect("the built-in outlines parse");
        let name = |t: &str| b.find(t).map(|i| b.list[i].name.as_str());
        assert_eq!(
            name("London Borough of Barking & Dagenham"),
            Some("Barking and Dagenham")
        );
        assert_eq!(name("lewisham"), Some("Lewisham"));
        assert_eq!(
            name("Royal Borough of Kingston upon Thames"),
            Some("Kingston upon Thames")
        );
        assert_eq!(name("City of Westminster"), Some("Westminster"));
        assert_eq!(name("E09000001"), Some("City of London"));
        assert_eq!(name("Not a borough"), None);
        assert_eq!(name(""), None);
    }
}
