//! Where the map looks and how close: projected metres to screen points and back.

use egui::{vec2, Pos2, Rect, Vec2};

/// The closest the map zooms: a point on screen is half a metre.
const MAX_ZOOM: f32 = 2.0;
/// How far out the map zooms, as a fraction of the zoom that fits London.
const MIN_ZOOM_OF_FIT: f32 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// The projected point at the middle of the map.
    pub centre: Pos2,
    /// Screen points per metre.
    pub zoom: f32,
    /// The zoom at which `bounds` fitted the map when it was first shown.
    fit_zoom: f32,
}

impl Camera {
    /// A camera showing all of `bounds` in `screen`, with a small margin.
    pub fn fit(bounds: Rect, screen: Rect) -> Self {
        let zoom = (screen.width() / bounds.width()).min(screen.height() / bounds.height()) * 0.96;
        Camera {
            centre: bounds.center(),
            zoom,
            fit_zoom: zoom,
        }
    }

    /// How far the map is zoomed in from where it fitted London: 1 at first.
    pub fn magnification(self) -> f32 {
        self.zoom / self.fit_zoom
    }

    /// Screen position of a projected point (north is up).
    pub fn to_screen(self, screen: Rect, p: Pos2) -> Pos2 {
        screen.center() + vec2(p.x - self.centre.x, self.centre.y - p.y) * self.zoom
    }

    /// The projected point under a screen position.
    pub fn to_world(self, screen: Rect, s: Pos2) -> Pos2 {
        let d = (s - screen.center()) / self.zoom;
        Pos2::new(self.centre.x + d.x, self.centre.y - d.y)
    }

    /// Moves the map with a drag of `delta` screen points.
    pub fn pan(&mut self, delta: Vec2) {
        self.centre += vec2(-delta.x, delta.y) / self.zoom;
    }

    /// Zooms by `factor`, keeping the point under `pointer` where it is.
    pub fn zoom_about(&mut self, screen: Rect, pointer: Pos2, factor: f32) {
        let before = self.to_world(screen, pointer);
        self.zoom = (self.zoom * factor).clamp(self.fit_zoom * MIN_ZOOM_OF_FIT, MAX_ZOOM);
        let after = self.to_world(screen, pointer);
        self.centre += before - after;
    }
}

#[cfg(test)]
mod tests {
    use egui::pos2;

    use super::*;

    fn screen() -> Rect {
        Rect::from_min_size(pos2(100.0, 50.0), vec2(800.0, 600.0))
    }

    #[test]
    fn fitting_puts_the_bounds_inside_the_screen_with_north_up() {
        let bounds = Rect::from_min_max(pos2(-20_000.0, -10_000.0), pos2(20_000.0, 10_000.0));
        let c = Camera::fit(bounds, screen());
        let north_west = c.to_screen(screen(), pos2(-20_000.0, 10_000.0));
        let south_east = c.to_screen(screen(), pos2(20_000.0, -10_000.0));
        assert!(screen().contains(north_west) && screen().contains(south_east));
        assert!(north_west.y < south_east.y, "north is up");
        assert!((south_east.x - north_west.x - 768.0).abs() < 0.01, "96% of the width");
    }

    #[test]
    fn screen_and_world_convert_both_ways() {
        let c = Camera::fit(Rect::from_center_size(Pos2::ZERO, vec2(1000.0, 1000.0)), screen());
        let p = pos2(123.0, -45.0);
        assert!(c.to_world(screen(), c.to_screen(screen(), p)).distance(p) < 0.01);
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let mut c = Camera::fit(Rect::from_center_size(Pos2::ZERO, vec2(1000.0, 1000.0)), screen());
        let pointer = pos2(700.0, 200.0);
        let under = c.to_world(screen(), pointer);
        c.zoom_about(screen(), pointer, 1.5);
        assert!(c.to_world(screen(), pointer).distance(under) < 0.01);
    }
}
