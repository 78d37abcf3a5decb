//! The London map on paper: the boroughs shaded by a measure in the classes
//! the app's map uses, the located sites as small markers by sector, a key
//! beside the map and the outlines' attribution under it. The outlines,
//! projection, classes and colours come from [`crate::place`], the same
//! source the app draws from.

use super::svg::{wrap, Anchor, Rect, Svg, TextStyle, INK, MUTED};
use crate::charts::Rgb;
use crate::model::Scenario;
use crate::place::boroughs::{project, Boroughs, Point, ATTRIBUTION};
use crate::place::shading::{Sector, Shading};

const KEY_HEAD: TextStyle = TextStyle::new(9.0, true, INK);
const KEY_TEXT: TextStyle = TextStyle::new(8.5, false, INK);
const KEY_NOTE: TextStyle = TextStyle::new(7.5, false, MUTED);
const NAME: TextStyle = TextStyle::new(6.0, false, INK);
const ATTRIBUTION_STYLE: TextStyle = TextStyle::new(7.0, false, MUTED);
/// The width of the key to the right of the map.
pub(crate) const KEY_W: f64 = 175.0;
const KEY_ROW: f64 = 13.0;
const OUTLINE: &str = "#FFFFFF";

fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// A located site on the map.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SiteMark {
    pub at: Point,
    pub sector: Sector,
}

/// The sites the map can show, and how many it cannot.
pub(crate) struct SiteMarks {
    pub marks: Vec<SiteMark>,
    /// Sites with no location.
    pub unlocated: usize,
    /// Located sites beyond the boroughs' box (Luton, Brighton...): the map is
    /// fitted to London and not clipped, so they would land on the key or the margin.
    pub outside: usize,
}

/// The located sites of `s` inside the boroughs' box, as markers.
pub(crate) fn site_marks(s: &Scenario, boroughs: &Boroughs) -> SiteMarks {
    let located: Vec<SiteMark> = s
        .sites
        .iter()
        .filter_map(|site| {
            let at = project(site.location?);
            let kind = s.organisation(&site.owner).map(|o| o.kind);
            Some(SiteMark {
                at,
                sector: Sector::of(kind),
            })
        })
        .collect();
    let unlocated = s.sites.len() - located.len();
    let marks: Vec<SiteMark> = located.into_iter().filter(|m| boroughs.bounds.contains(m.at)).collect();
    let outside = s.sites.len() - unlocated - marks.len();
    SiteMarks {
        marks,
        unlocated,
        outside,
    }
}

/// Where the map and its key go in a page's content area: the map to the
/// left (the attribution under it), the key in a column to the right.
pub(crate) fn split(area: Rect, fonts: &super::fonts::Fonts) -> (Rect, Rect, Vec<String>) {
    let map_w = area.w - KEY_W - 16.0;
    let lines = wrap(fonts, ATTRIBUTION, map_w, &ATTRIBUTION_STYLE);
    let attribution_h = lines.len() as f64 * ATTRIBUTION_STYLE.line_height() + 4.0;
    let map = Rect {
        h: area.h - attribution_h,
        w: map_w,
        ..area
    };
    let key = Rect {
        x: area.right() - KEY_W,
        w: KEY_W,
        ..area
    };
    (map, key, lines)
}

/// Draws the map fitted and centred in `area`, the attribution `lines`
/// under it; returns the rectangle the outlines fill.
pub(crate) fn draw_map(
    svg: &mut Svg,
    area: Rect,
    boroughs: &Boroughs,
    shading: &Shading,
    sites: &[SiteMark],
    attribution: &[String],
) -> Rect {
    let b = boroughs.bounds;
    let scale = (area.w / f64::from(b.width())).min(area.h / f64::from(b.height()));
    let (w, h) = (f64::from(b.width()) * scale, f64::from(b.height()) * scale);
    let (x0, y0) = (area.x + (area.w - w) / 2.0, area.y);
    let at = |p: Point| {
        (
            x0 + f64::from(p.x - b.min.x) * scale,
            y0 + f64::from(b.max.y - p.y) * scale,
        )
    };
    for (i, borough) in boroughs.list.iter().enumerate() {
        let class = shading.class_of(shading.by_borough[i]);
        let fill = hex(shading.colour(class, false));
        let rings: Vec<Vec<(f64, f64)>> = borough
            .rings
            .iter()
            .map(|ring| ring.iter().map(|p| at(*p)).collect())
            .collect();
        svg.rings(&rings, &fill, Some(("#8C8C8C", 0.5)));
    }
    let r = marker_radius(sites.len());
    for m in sites {
        let p = at(m.at);
        svg.circle(p, r, &hex(m.sector.colour()), Some((OUTLINE, r / 4.0)));
    }
    // Names of the boroughs with a figure, where they fit inside the
    // outline, over the markers on a white halo so clusters of sites never hide them.
    let style = NAME.anchored(Anchor::Middle);
    for (i, borough) in boroughs.list.iter().enumerate() {
        if shading.class_of(shading.by_borough[i]) == 0 {
            continue;
        }
        let room = f64::from(borough.bounds.width()) * scale * 0.8;
        let lines = wrap(svg.fonts(), &borough.name, room, &NAME);
        if lines.len() > 2 || lines.iter().any(|l| l.ends_with('…')) {
            continue;
        }
        let (x, y) = at(borough.label_at);
        let top = y - (lines.len() as f64 - 1.0) * NAME.line_height() / 2.0 + NAME.size / 3.0;
        for (k, line) in lines.iter().enumerate() {
            svg.text_halo(x, top + k as f64 * NAME.line_height(), line, &style);
        }
    }
    let mut y = area.bottom() + 4.0 + ATTRIBUTION_STYLE.size;
    for line in attribution {
        svg.text(area.x, y, line, &ATTRIBUTION_STYLE);
        y += ATTRIBUTION_STYLE.line_height();
    }
    Rect { x: x0, y: y0, w, h }
}

/// Small markers, smaller still at London scale so the shading shows between them.
fn marker_radius(sites: usize) -> f64 {
    if sites >= 1000 {
        1.1
    } else {
        2.4
    }
}

/// Draws the key in `area`: the shade's classes, the sectors, and the areas
/// the map does not have; `unlocated` sites are counted.
pub(crate) fn draw_key(svg: &mut Svg, area: Rect, shading: &Shading, sites: &SiteMarks) {
    let mut y = area.y + KEY_HEAD.size;
    let head = format!("Boroughs: {}", shading.measure.label());
    for line in wrap(svg.fonts(), &head, area.w, &KEY_HEAD) {
        svg.text(area.x, y, &line, &KEY_HEAD);
        y += KEY_HEAD.line_height();
    }
    y += 2.0;
    for k in 0..=shading.classes {
        let swatch = Rect {
            x: area.x,
            y: y - 8.0,
            w: 14.0,
            h: 9.0,
        };
        svg.rect(swatch, &hex(shading.colour(k, false)), Some(("#8C8C8C", 0.5)));
        svg.text(area.x + 20.0, y, &shading.class_label(k), &KEY_TEXT);
        y += KEY_ROW;
    }
    y += 8.0;
    svg.text(area.x, y, "Sites, by owner", &KEY_HEAD);
    y += KEY_HEAD.line_height() + 2.0;
    let r = marker_radius(sites.marks.len()).max(2.4);
    for sector in Sector::ALL {
        svg.circle(
            (area.x + 7.0, y - 3.0),
            r,
            &hex(sector.colour()),
            Some(("#4D4D4D", 0.4)),
        );
        svg.text(area.x + 20.0, y, sector.label(), &KEY_TEXT);
        y += KEY_ROW;
    }
    let mut notes = Vec::new();
    let unlocated = sites.unlocated;
    if unlocated > 0 {
        let these = if unlocated == 1 { "site has" } else { "sites have" };
        notes.push(format!(
            "{unlocated} {these} no location and {} not marked.",
            if unlocated == 1 { "is" } else { "are" }
        ));
    }
    let outside = sites.outside;
    if outside > 0 {
        let these = if outside == 1 { "site lies" } else { "sites lie" };
        notes.push(format!(
            "{outside} {these} outside London and {} not marked.",
            if outside == 1 { "is" } else { "are" }
        ));
    }
    if !shading.elsewhere.is_empty() {
        let names: Vec<String> = shading
            .elsewhere
            .iter()
            .map(|(a, x)| format!("{a} ({})", shading.measure.show(*x)))
            .collect();
        notes.push(format!("Not on the map: {}.", names.join("; ")));
    }
    y += 6.0;
    for note in notes {
        for line in wrap(svg.fonts(), &note, area.w, &KEY_NOTE) {
            svg.text(area.x, y, &line, &KEY_NOTE);
            y += KEY_NOTE.line_height();
        }
        y += 3.0;
    }
}
