//! The London boroughs and the map's projection, from estates-core (the
//! board pack draws its map from the same outlines), in egui's types.

use egui::{pos2, Pos2, Rect};
use estates_core::model::Location;
use estates_core::place::boroughs::{self as outlines, Bounds, Point};
pub use estates_core::place::boroughs::{boroughs, Boroughs, ATTRIBUTION};

/// A projected point as an egui position (metres east and north).
pub fn pos(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

/// An egui position as a projected point.
pub fn point(p: Pos2) -> Point {
    Point { x: p.x, y: p.y }
}

/// A box of projected points as an egui rectangle.
pub fn rect(b: Bounds) -> Rect {
    Rect::from_min_max(pos(b.min), pos(b.max))
}

/// A location as metres east (`x`) and north (`y`) of the projection's centre.
pub fn project(l: Location) -> Pos2 {
    pos(outlines::project(l))
}

/// The location of a projected point (the inverse of [`project`]).
pub fn unproject(p: Pos2) -> Location {
    outlines::unproject(point(p))
}
