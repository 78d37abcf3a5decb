//! What the map shows of the scenario: a mark per located site (coloured by
//! sector, shaped by status), assemblies as linked groups, projects on their
//! sites. Built once per change of the scenario, not every frame.

// Fast hashes: the marks are worked out again on every edit, over 5,000 sites at London scale.
use rustc_hash::FxHashMap as HashMap;

use egui::{Color32, Mesh, Pos2};
use estates_core::model::OrgKind;
use estates_core::Scenario;

use super::geo::project;

pub use estates_core::place::shading::Sector;

/// A sector's colour on screen, the same as on paper.
pub fn sector_colour(s: Sector) -> Color32 {
    let (r, g, b) = s.colour();
    Color32::from_rgb(r, g, b)
}

/// What is planned for a site, as the map shapes its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A disposal falls inside the horizon: a circle.
    SoldInHorizon,
    /// Disposals are planned, all outside the horizon: a triangle.
    ToBeSold,
    /// No disposal: a square.
    Kept,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::SoldInHorizon, Status::ToBeSold, Status::Kept];

    pub fn label(self) -> &'static str {
        match self {
            Status::SoldInHorizon => "Sold in the horizon",
            Status::ToBeSold => "To be sold after the horizon",
            Status::Kept => "Kept (no disposal)",
        }
    }
}

/// A located site.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    /// Position in the scenario's site list.
    pub site: usize,
    pub at: Pos2,
    pub sector: Sector,
    pub status: Status,
}

/// An assembly whose members have locations: drawn as lines from each member
/// to the group's centre.
#[derive(Debug, Clone)]
pub struct Group {
    pub enabled: bool,
    pub members: Vec<Pos2>,
    pub centre: Pos2,
}

/// Everything the map draws of one version of the scenario, projected.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub sites: Vec<Mark>,
    pub groups: Vec<Group>,
    /// Where projects are: on their sites, when located.
    pub projects: Vec<Pos2>,
    /// Sites without a location, which the map cannot show.
    pub unlocated: usize,
}

impl Marks {
    pub fn of(s: &Scenario) -> Self {
        let kinds: HashMap<&str, OrgKind> = s.organisations.iter().map(|o| (o.id.as_str(), o.kind)).collect();
        let status = statuses(s);
        let mut at: HashMap<&str, Pos2> = HashMap::with_capacity_and_hasher(s.sites.len(), Default::default());
        let mut sites = Vec::with_capacity(s.sites.len());
        for (i, site) in s.sites.iter().enumerate() {
            let Some(location) = site.location else {
                continue;
            };
            let p = project(location);
            at.insert(site.id.as_str(), p);
            sites.push(Mark {
                site: i,
                at: p,
                sector: Sector::of(kinds.get(site.owner.as_str()).copied()),
                status: status.get(site.id.as_str()).copied().unwrap_or(Status::Kept),
            });
        }
        let groups = s
            .assemblies
            .iter()
            .filter_map(|a| {
                let members: Vec<Pos2> = a.members.iter().filter_map(|m| at.get(m.as_str()).copied()).collect();
                (members.len() >= 2).then(|| Group {
                    enabled: a.enabled,
                    centre: centre(&members),
                    members,
                })
            })
            .collect();
        let projects = s
            .projects
            .iter()
            .filter_map(|p| at.get(p.site.as_deref()?).copied())
            .collect();
        Marks {
            unlocated: s.sites.len() - sites.len(),
            sites,
            groups,
            projects,
        }
    }
}

/// Each site's status from its disposals; a site with none is kept.
fn statuses(s: &Scenario) -> HashMap<&str, Status> {
    let mut out: HashMap<&str, Status> = HashMap::default();
    for d in &s.disposals {
        let here = if s.in_horizon(s.year_index(d.fy)) {
            Status::SoldInHorizon
        } else {
            Status::ToBeSold
        };
        let entry = out.entry(d.site.as_str()).or_insert(here);
        if here == Status::SoldInHorizon {
            *entry = here;
        }
    }
    out
}

fn centre(points: &[Pos2]) -> Pos2 {
    let sum = points.iter().fold(Pos2::ZERO, |c, p| c + p.to_vec2());
    sum / points.len() as f32
}

/// Adds one site's mark to a mesh: the status's shape in the sector's
/// colour over a slightly larger dark copy that outlines it.
pub fn add_mark(mesh: &mut Mesh, at: Pos2, radius: f32, status: Status, fill: Color32, outline: Color32) {
    add_shape(mesh, at, radius + 1.5, status, outline);
    add_shape(mesh, at, radius, status, fill);
}

/// Points on a circle, counter-clockwise from east; few are needed at marker size.
const CIRCLE_POINTS: usize = 10;

/// The most vertices and triangles one mark takes (a circle and its outline),
/// so a mesh of many marks is allocated once, not grown mark by mark.
pub const MARK_VERTICES: usize = 2 * (CIRCLE_POINTS + 1);
pub const MARK_TRIANGLES: usize = 2 * CIRCLE_POINTS;

/// The unit circle's points, worked out once rather than for every mark of every frame.
static UNIT_CIRCLE: std::sync::LazyLock<[egui::Vec2; CIRCLE_POINTS]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|k| {
        let a = std::f32::consts::TAU * k as f32 / CIRCLE_POINTS as f32;
        egui::vec2(a.cos(), a.sin())
    })
});

fn add_shape(mesh: &mut Mesh, at: Pos2, r: f32, status: Status, colour: Color32) {
    match status {
        Status::SoldInHorizon => {
            let points = UNIT_CIRCLE.iter().map(|u| at + *u * r);
            fan(mesh, at, points, colour);
        }
        Status::ToBeSold => {
            // Pointing up (screen y grows down), a little larger so it looks as heavy as the circle.
            let r = r * 1.25;
            let points = [-90.0_f32, 30.0, 150.0].map(|deg| {
                let a = deg.to_radians();
                at + egui::vec2(a.cos(), a.sin()) * r
            });
            fan(mesh, at, points, colour);
        }
        Status::Kept => {
            let h = r * 0.85;
            let points = [(-h, -h), (h, -h), (h, h), (-h, h)].map(|(x, y)| at + egui::vec2(x, y));
            fan(mesh, at, points, colour);
        }
    }
}

/// A convex shape as a fan of triangles around `centre`.
fn fan(mesh: &mut Mesh, centre: Pos2, points: impl IntoIterator<Item = Pos2>, colour: Color32) {
    let first = mesh.vertices.len() as u32;
    mesh.colored_vertex(centre, colour);
    let mut n = 0;
    for p in points {
        mesh.colored_vertex(p, colour);
        n += 1;
    }
    for k in 0..n {
        mesh.add_triangle(first, first + 1 + k, first + 1 + (k + 1) % n);
    }
}

#[cfg(test)]
mod tests {
    use estates_core::model::{Assembly, Disposal, Location, Organisation, Site, Split};

    use super::*;

    fn site(id: &str, owner: &str, location: Option<Location>) -> Site {
        Site {
            id: id.into(),
            name: id.into(),
            owner: owner.into(),
            location,
            ..Site::default()
        }
    }

    fn scenario() -> Scenario {
        let here = Some(Location { lat: 51.45, lon: -0.02 });
        let org = |id: &str, kind| Organisation {
            id: id.into(),
            name: id.into(),
            kind,
        };
        Scenario {
            start_fy: 2026,
            horizon: 10,
            organisations: vec![org("trust", OrgKind::NhsTrust), org("council", OrgKind::Council)].into(),
            sites: vec![
                site("a", "trust", here),
                site("b", "council", here),
                site("c", "gla-missing", here),
                site("d", "trust", None),
            ]
            .into(),
            disposals: vec![
                Disposal::new("a-1", "a", 2040),
                Disposal::new("a-2", "a", 2030),
                Disposal::new("b-1", "b", 2036),
            ]
            .into(),
            assemblies: vec![Assembly {
                id: "ab".into(),
                name: "ab".into(),
                members: vec!["a".into(), "d".into()],
                enabled: true,
                combined_value: None,
                uplift: Some(0.1),
                split: Split::default(),
            }]
            .into(),
            ..Scenario::default()
        }
    }

    #[test]
    fn sites_are_coloured_by_their_owners_sector_and_shaped_by_their_disposals() {
        let marks = Marks::of(&scenario());
        let got: Vec<(usize, Sector, Status)> = marks.sites.iter().map(|m| (m.site, m.sector, m.status)).collect();
        assert_eq!(
            got,
            [
                // One of its disposals (FY 2030) falls in 2026..2035.
                (0, Sector::Nhs, Status::SoldInHorizon),
                // FY 2036 is the first year after the horizon.
                (1, Sector::Council, Status::ToBeSold),
                (2, Sector::Other, Status::Kept),
            ]
        );
        assert_eq!(marks.unlocated, 1);
    }

    #[test]
    fn an_assembly_is_drawn_only_with_two_located_members() {
        let mut s = scenario();
        assert!(Marks::of(&s).groups.is_empty(), "member d has no location");
        s.assemblies[0].members[1] = "b".into();
        assert_eq!(Marks::of(&s).groups.len(), 1);
    }

    #[test]
    fn every_shape_is_a_closed_fan_of_triangles() {
        for (status, triangles) in [
            (Status::SoldInHorizon, CIRCLE_POINTS),
            (Status::ToBeSold, 3),
            (Status::Kept, 4),
        ] {
            let mut mesh = Mesh::default();
            add_mark(&mut mesh, Pos2::ZERO, 5.0, status, Color32::RED, Color32::BLACK);
            assert_eq!(mesh.indices.len(), 2 * 3 * triangles, "{status:?}");
            assert!(mesh.is_valid());
        }
    }
}
