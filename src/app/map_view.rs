//! The map view: the London boroughs shaded by a chosen figure, the sites as
//! marks coloured by sector and shaped by status, assemblies as linked
//! groups, projects on their sites. Drag to pan, scroll to zoom; hovering a
//! site shows its figures, clicking selects it in the register, and the
//! register's selection is ringed. No network and no tiles: the outlines are
//! compiled in ([`super::map::geo`]).

use std::sync::Arc;

use egui::{
    pos2, vec2, Align2, Color32, FontId, Mesh, Painter, Panel, Pos2, Rect, Response, RichText, Sense, Shape, Stroke, Ui,
};
use estates_core::engine::fy_label;
use estates_core::format::{count, money_m};
use estates_core::model::Location;
use estates_core::place::Opportunity;
use estates_core::problem::{ItemKind, ItemRef};
use estates_core::{Report, Scenario};

use super::command::Command;
use super::document::Document;
use super::map::camera::Camera;
use super::map::geo::{self, Boroughs, ATTRIBUTION};
use super::map::marks::{add_mark, sector_colour, Marks, Sector, Status, MARK_TRIANGLES, MARK_VERTICES};
use super::map::opportunities::{line_up_ui, opportunities_ui, LineUpOffer, Opportunities};
use estates_core::place::shading::{class_colour, Measure, Shading};

/// Radius of a site's mark, in points, at the zoom that fits London; marks
/// grow as the map zooms in, up to the largest.
const MARK_RADIUS: f32 = 4.5;
/// With thousands of sites (a London-wide plan) marks start smaller, so the
/// borough shading still shows between them.
const CROWDED_MARK_RADIUS: f32 = 2.8;
const CROWDED_FROM: usize = 1000;
const LARGEST_MARK_RADIUS: f32 = 7.0;
/// How near the pointer must be to a mark to hover or click it, in points.
const PICK_RADIUS: f32 = 9.0;
/// Borough names are written once the map is zoomed in this far from the
/// London view, where they would crowd the marks.
const NAMES_FROM_MAGNIFICATION: f32 = 1.8;
const SIDE_PANEL_WIDTH: f32 = 290.0;
/// The strip left of the map that holds the key and the attribution, so
/// neither ever covers a borough, however the map is panned.
const KEY_WIDTH: f32 = 200.0;
/// One scroll notch (about 50 points) zooms by this factor.
const ZOOM_PER_POINT: f32 = 1.0025;

/// The map's runtime state: where it looks, what it shades, and what it
/// has worked out of the scenario (redone only when the scenario changes).
#[derive(Default)]
pub struct MapState {
    camera: Option<Camera>,
    measure: Measure,
    /// The marks of the scenario at a revision.
    marks: Option<(u64, Marks)>,
    /// The shading of the results at a revision, for a measure.
    shading: Option<(u64, Shading)>,
    /// The marks' mesh as last drawn, reused while nothing it shows changed.
    drawn_marks: Option<DrawnMarks>,
    /// The id of the site whose location the next click on the map sets: by
    /// id, as an undo or delete in between can move it in the list.
    placing: Option<String>,
    /// Where the map was drawn last, so a test can click a site.
    last_screen: Option<(Rect, Camera)>,
    /// Where the key was drawn last.
    last_key: Option<Rect>,
    /// What the panel beside the map shows.
    tab: SideTab,
    opportunities: Opportunities,
    /// After an assembly was made from a candidate: the offer to line up its sales.
    line_up: Option<LineUpOffer>,
}

/// What the panel beside the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum SideTab {
    #[default]
    Site,
    Opportunities,
}

impl MapState {
    /// A new scenario: what was worked out of the old one goes; the view stays.
    pub fn forget_scenario(&mut self) {
        self.marks = None;
        self.shading = None;
        self.placing = None;
        self.opportunities.forget();
        self.line_up = None;
    }

    /// An assembly was made from a candidate: offer to line up its sales when they are out of step.
    pub fn made_assembly(&mut self, s: &Scenario, assembly: &str) {
        self.line_up = LineUpOffer::of(s, assembly);
    }

    /// The next click on the map sets this site's location.
    pub fn start_placing(&mut self, site_id: &str) {
        self.placing = Some(site_id.to_owned());
    }

    /// The site being placed, where it is in the list now (none once it is gone).
    pub fn placing(&self, s: &Scenario) -> Option<usize> {
        let id = self.placing.as_deref()?;
        s.sites.iter().position(|site| site.id == id)
    }

    /// Where a located site was drawn in the last frame (tests click there).
    pub fn screen_position(&self, s: &Scenario, site: usize) -> Option<Pos2> {
        let (rect, camera) = self.last_screen?;
        let location = s.sites.get(site)?.location?;
        Some(camera.to_screen(rect, geo::project(location)))
    }

    /// Where the key (the legend) was drawn in the last frame.
    pub fn key_rect(&self) -> Option<Rect> {
        self.last_key
    }

    /// Each borough's bounding box on screen in the last frame drawn.
    pub fn borough_screen_rects(&self) -> Vec<Rect> {
        let (Some((rect, camera)), Ok(boroughs)) = (self.last_screen, geo::boroughs()) else {
            return Vec::new();
        };
        boroughs
            .list
            .iter()
            .map(|b| {
                let r = geo::rect(b.bounds);
                Rect::from_two_pos(camera.to_screen(rect, r.min), camera.to_screen(rect, r.max))
            })
            .collect()
    }

    /// Where a screen position falls on the earth, in the last frame drawn.
    pub fn location_at(&self, screen: Pos2) -> Option<Location> {
        let (rect, camera) = self.last_screen?;
        Some(geo::unproject(camera.to_world(rect, screen)))
    }

    fn marks(&mut self, doc: &Document) -> &Marks {
        let revision = doc.revision();
        if self.marks.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.marks = Some((revision, Marks::of(&doc.scenario)));
        }
        &self.marks.get_or_insert_with(|| (revision, Marks::default())).1
    }

    fn shading(&mut self, doc: &Document, report: &Report, boroughs: &Boroughs) -> &Shading {
        let (revision, measure) = (doc.revision(), self.measure);
        let stale = self
            .shading
            .as_ref()
            .is_none_or(|(r, sh)| *r != revision || sh.measure != measure);
        if stale {
            self.shading = Some((revision, Shading::of(measure, &doc.scenario, report, boroughs)));
        }
        &self
            .shading
            .get_or_insert_with(|| (revision, Shading::of(measure, &doc.scenario, report, boroughs)))
            .1
    }
}

/// Asks, from a site's details, for the map to set its location with the
/// next click. Editors hand nothing back to the shell, so the request waits
/// in egui's memory until the shell takes it ([`take_place_request`]).
pub fn ask_to_place(ctx: &egui::Context, site: usize) {
    ctx.data_mut(|d| d.insert_temp(place_request_id(), site));
}

/// The site a details panel asked to place on the map this frame, if any.
pub fn take_place_request(ctx: &egui::Context) -> Option<usize> {
    ctx.data_mut(|d| d.remove_temp::<usize>(place_request_id()))
}

fn place_request_id() -> egui::Id {
    egui::Id::unique("place site on map")
}

/// The map view; returns what the user asked for (select, place, reveal).
pub fn map_ui(ui: &mut Ui, state: &mut MapState, doc: &Document, selected: Option<usize>) -> Vec<Command> {
    let mut out = Vec::new();
    let boroughs = match geo::boroughs() {
        Ok(b) => b,
        Err(e) => {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            return out;
        }
    };
    Panel::right("map details")
        .resizable(true)
        .default_size(SIDE_PANEL_WIDTH)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut state.tab, SideTab::Site, "Selected site");
                ui.selectable_value(&mut state.tab, SideTab::Opportunities, "Opportunities");
            });
            ui.separator();
            match state.tab {
                SideTab::Site => site_panel_ui(ui, doc, selected, &mut out),
                SideTab::Opportunities => {
                    ui.heading("Marriage value opportunities");
                    if let Some(offer) = &state.line_up {
                        if line_up_ui(ui, offer, &mut out) {
                            state.line_up = None;
                        }
                    }
                    opportunities_ui(ui, &mut state.opportunities, &doc.scenario, doc.revision(), &mut out);
                }
            }
        });
    toolbar_ui(ui, state, doc);
    canvas_ui(ui, state, doc, boroughs, selected, &mut out);
    out
}

fn toolbar_ui(ui: &mut Ui, state: &mut MapState, doc: &Document) {
    ui.horizontal(|ui| {
        if let Some(site) = state.placing(&doc.scenario).map(|i| &doc.scenario.sites[i]) {
            ui.label(RichText::new(format!("Click the map where '{}' is.", site.name)).strong());
            if ui.button("Cancel").clicked() {
                state.placing = None;
            }
            ui.separator();
        }
        let label = ui.label("Shade boroughs by");
        egui::ComboBox::from_id_salt("map measure")
            .selected_text(state.measure.label())
            .show_ui(ui, |ui| {
                for m in Measure::ALL {
                    ui.selectable_value(&mut state.measure, m, m.label());
                }
            })
            .response
            .labelled_by(label.id);
        if ui.button("Fit London").clicked() {
            state.camera = None;
        }
        let unlocated = state.marks(doc).unlocated;
        if unlocated > 0 {
            let text = format!(
                "{} without a location (set one in the site's details)",
                plural(unlocated, "site")
            );
            ui.label(RichText::new(text).weak());
        }
        if doc.current_results().is_none() {
            ui.label(RichText::new("No results to shade by: fix the errors listed under Problems.").weak());
        }
    });
}

fn canvas_ui(
    ui: &mut Ui,
    state: &mut MapState,
    doc: &Document,
    boroughs: &Boroughs,
    selected: Option<usize>,
    out: &mut Vec<Command>,
) {
    let (response, canvas) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let (key_rect, rect) = response
        .rect
        .split_left_right_at_x(response.rect.left() + KEY_WIDTH.min(response.rect.width() / 3.0));
    // The map is clipped to its own part, so nothing panned under the key shows.
    let painter = canvas.with_clip_rect(rect);
    let mut camera = *state
        .camera
        .get_or_insert_with(|| Camera::fit(geo::rect(boroughs.bounds), rect));
    navigate(ui, &response, &mut camera, rect);
    state.camera = Some(camera);
    state.last_screen = Some((rect, camera));
    let dark = ui.visuals().dark_mode;

    painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
    let shading = doc
        .current_results()
        .map(|r| state.shading(doc, &r.report, boroughs).clone());
    boroughs_ui(ui, &painter, boroughs, shading.as_ref(), (rect, camera));

    let marks = state.marks(doc);
    let outline = if dark {
        Color32::from_gray(20)
    } else {
        Color32::from_gray(40)
    };
    groups_ui(&painter, marks, (rect, camera), dark);
    let radius = mark_radius(marks.sites.len(), camera);
    if state.tab == SideTab::Opportunities {
        let hovered = state.opportunities.hovered;
        let found = state.opportunities.found(&doc.scenario, doc.revision());
        candidates_ui(ui, &painter, &doc.scenario, found, hovered, (rect, camera));
    }
    let key = MarksKey {
        revision: doc.revision(),
        rect,
        camera,
        radius,
        outline,
    };
    if state.drawn_marks.as_ref().is_none_or(|d| d.key != key) {
        let (mesh, drawn) = marks_mesh(state.marks(doc), (rect, camera), radius, outline);
        state.drawn_marks = Some(DrawnMarks {
            key,
            mesh: Arc::new(mesh),
            drawn: Arc::new(drawn),
        });
    }
    let Some((mesh, drawn)) = state
        .drawn_marks
        .as_ref()
        .map(|d| (Arc::clone(&d.mesh), Arc::clone(&d.drawn)))
    else {
        return;
    };
    painter.add(Shape::mesh(mesh));
    let marks = state.marks(doc);
    projects_ui(
        &painter,
        marks,
        (rect, camera),
        radius,
        ui.visuals().strong_text_color(),
    );
    // Only over the map itself: the key strip beside it hides what lies under it.
    let pointer = response.hover_pos().filter(|p| rect.contains(*p));
    let hovered = pointer.and_then(|p| nearest(&drawn, p));
    let ring_of = |site: Option<usize>| site.and_then(|i| drawn.iter().find(|(s, _)| *s == i));
    ring(&painter, ring_of(selected), radius, ui, true);
    ring(&painter, ring_of(hovered), radius, ui, false);
    names_ui(ui, &painter, boroughs, (rect, camera));

    canvas.rect_filled(key_rect, 0.0, ui.visuals().panel_fill);
    let key_bottom = match &shading {
        Some(shading) => legend_ui(ui, &canvas, key_rect, shading),
        None => key_rect.top(),
    };
    state.last_key = Some(key_rect.with_max_y(key_bottom));
    attribution_ui(ui, &canvas, key_rect);

    if state.placing.is_some() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
    }
    if response.clicked() {
        click(state, doc, pointer, hovered, out);
    }
    let response = response.on_hover_cursor(if hovered.is_some() {
        egui::CursorIcon::PointingHand
    } else {
        egui::CursorIcon::Grab
    });
    hover_ui(
        response,
        doc,
        shading.as_ref(),
        boroughs,
        (hovered, pointer, rect, camera),
    );
}

/// Drag pans; the scroll wheel (or a pinch, or Ctrl and scroll) zooms about the pointer.
fn navigate(ui: &Ui, response: &Response, camera: &mut Camera, rect: Rect) {
    if response.dragged() {
        camera.pan(response.drag_delta());
    }
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
    let factor = ZOOM_PER_POINT.powf(scroll) * pinch;
    if factor != 1.0 {
        camera.zoom_about(rect, pointer, factor);
    }
}

fn click(state: &mut MapState, doc: &Document, pointer: Option<Pos2>, hovered: Option<usize>, out: &mut Vec<Command>) {
    if state.placing.is_some() {
        let site = state.placing(&doc.scenario);
        if let Some((site, location)) = site.zip(pointer.and_then(|p| state.location_at(p))) {
            out.push(Command::SetLocation(site, location));
            out.push(Command::SelectSite(site));
        }
        state.placing = None;
    } else if let Some(site) = hovered.filter(|&i| i < doc.scenario.sites.len()) {
        out.push(Command::SelectSite(site));
    }
}

fn boroughs_ui(ui: &Ui, painter: &Painter, boroughs: &Boroughs, shading: Option<&Shading>, view: (Rect, Camera)) {
    let (rect, camera) = view;
    let dark = ui.visuals().dark_mode;
    let mut mesh = Mesh::default();
    for (i, b) in boroughs.list.iter().enumerate() {
        let colour = shading.map_or_else(|| rgb(class_colour(0, 1, dark)), |s| shade(s, s.by_borough[i], dark));
        let base = mesh.vertices.len() as u32;
        for v in &b.vertices {
            mesh.colored_vertex(camera.to_screen(rect, geo::pos(*v)), colour);
        }
        mesh.indices.extend(b.triangles.iter().map(|k| base + k));
    }
    painter.add(Shape::mesh(mesh));
    let line = Stroke::new(
        1.0,
        ui.visuals().widgets.noninteractive.fg_stroke.color.gamma_multiply(0.6),
    );
    for b in &boroughs.list {
        for ring in &b.rings {
            let points = ring.iter().map(|p| camera.to_screen(rect, geo::pos(*p))).collect();
            painter.add(Shape::closed_line(points, line));
        }
    }
}

/// Borough names, once zoomed in enough for them to fit, over the marks.
fn names_ui(ui: &Ui, painter: &Painter, boroughs: &Boroughs, (rect, camera): (Rect, Camera)) {
    if camera.magnification() < NAMES_FROM_MAGNIFICATION {
        return;
    }
    let colour = ui.visuals().strong_text_color().gamma_multiply(0.8);
    for b in &boroughs.list {
        let at = camera.to_screen(rect, geo::pos(b.label_at));
        painter.text(at, Align2::CENTER_CENTER, &b.name, FontId::proportional(12.0), colour);
    }
}

/// Assemblies: a line from each member to the group's centre, solid when
/// the assembly is enabled, faint when not.
fn groups_ui(painter: &Painter, marks: &Marks, (rect, camera): (Rect, Camera), dark: bool) {
    let colour = assembly_colour(dark);
    for g in &marks.groups {
        let stroke = if g.enabled {
            Stroke::new(2.5, colour)
        } else {
            Stroke::new(1.5, colour.gamma_multiply(0.45))
        };
        let centre = camera.to_screen(rect, g.centre);
        for m in &g.members {
            painter.line_segment([centre, camera.to_screen(rect, *m)], stroke);
        }
        painter.circle_filled(centre, 2.5, stroke.color);
    }
}

fn mark_radius(sites: usize, camera: Camera) -> f32 {
    let base = if sites >= CROWDED_FROM {
        CROWDED_MARK_RADIUS
    } else {
        MARK_RADIUS
    };
    (base * camera.magnification().sqrt()).clamp(base, LARGEST_MARK_RADIUS)
}

/// Marriage value candidates: a dashed line between the two sites and a
/// ring around the pair, so pairs a few metres apart show at London scale;
/// the pair under the pointer in the list stands out.
fn candidates_ui(
    ui: &Ui,
    painter: &Painter,
    s: &Scenario,
    found: &[Opportunity],
    hovered: Option<[usize; 2]>,
    (rect, camera): (Rect, Camera),
) {
    let colour = ui.visuals().warn_fg_color;
    let at = |i: usize| {
        s.sites
            .get(i)
            .and_then(|x| x.location)
            .map(|l| camera.to_screen(rect, geo::project(l)))
    };
    for o in found {
        let (Some(a), Some(b)) = (at(o.site_index[0]), at(o.site_index[1])) else {
            continue;
        };
        if !rect.contains(a) && !rect.contains(b) {
            continue;
        }
        let strong = hovered == Some(o.site_index);
        let width = if strong { 3.0 } else { 1.5 };
        painter.extend(Shape::dashed_line(&[a, b], Stroke::new(width, colour), 4.0, 3.0));
        let ring = (a.distance(b) / 2.0 + 9.0).max(9.0);
        painter.circle_stroke(a.lerp(b, 0.5), ring, Stroke::new(width, colour));
    }
}

/// What the marks' mesh shows: the scenario's revision, and where and how
/// the map is drawn.
#[derive(Clone, Copy, PartialEq)]
struct MarksKey {
    revision: u64,
    rect: Rect,
    camera: Camera,
    radius: f32,
    outline: Color32,
}

/// The marks' mesh and where each site was drawn, kept between frames: at
/// London scale building it is a sixth of a frame, and a map being looked
/// at, not moved, draws the same marks frame after frame.
struct DrawnMarks {
    key: MarksKey,
    mesh: Arc<Mesh>,
    drawn: Arc<Vec<(usize, Pos2)>>,
}

/// Every visible site's mark in one mesh (thousands of shapes tessellate
/// slowly one by one); returns it with where each site was drawn.
fn marks_mesh(
    marks: &Marks,
    (rect, camera): (Rect, Camera),
    radius: f32,
    outline: Color32,
) -> (Mesh, Vec<(usize, Pos2)>) {
    let mut mesh = Mesh::default();
    mesh.reserve_vertices(marks.sites.len() * MARK_VERTICES);
    mesh.reserve_triangles(marks.sites.len() * MARK_TRIANGLES);
    let mut drawn = Vec::with_capacity(marks.sites.len());
    let visible = rect.expand(radius * 2.0);
    for m in &marks.sites {
        let at = camera.to_screen(rect, m.at);
        if visible.contains(at) {
            add_mark(&mut mesh, at, radius, m.status, sector_colour(m.sector), outline);
            drawn.push((m.site, at));
        }
    }
    (mesh, drawn)
}

/// Projects: a diamond around their site.
fn projects_ui(painter: &Painter, marks: &Marks, (rect, camera): (Rect, Camera), radius: f32, colour: Color32) {
    for p in &marks.projects {
        let at = camera.to_screen(rect, *p);
        if rect.contains(at) {
            painter.add(Shape::closed_line(diamond(at, radius + 4.0), Stroke::new(1.5, colour)));
        }
    }
}

fn diamond(at: Pos2, r: f32) -> Vec<Pos2> {
    vec![
        at + vec2(0.0, -r),
        at + vec2(r, 0.0),
        at + vec2(0.0, r),
        at + vec2(-r, 0.0),
    ]
}

/// The site drawn nearest the pointer, if near enough to pick.
fn nearest(drawn: &[(usize, Pos2)], pointer: Pos2) -> Option<usize> {
    drawn
        .iter()
        .map(|(i, at)| (*i, at.distance_sq(pointer)))
        .filter(|(_, d)| *d <= PICK_RADIUS * PICK_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// A ring around the selected site (strong) or the hovered one (light).
fn ring(painter: &Painter, site: Option<&(usize, Pos2)>, radius: f32, ui: &Ui, selected: bool) {
    let Some((_, at)) = site else {
        return;
    };
    let colour = ui.visuals().selection.bg_fill;
    if selected {
        painter.circle_stroke(*at, radius + 6.0, Stroke::new(3.0, colour));
        painter.circle_stroke(*at, radius + 8.5, Stroke::new(1.0, ui.visuals().strong_text_color()));
    } else {
        painter.circle_stroke(*at, radius + 5.0, Stroke::new(1.5, ui.visuals().strong_text_color()));
    }
}

/// Tooltip: the hovered site's figures, or else the borough under the pointer and its shade.
fn hover_ui(
    response: Response,
    doc: &Document,
    shading: Option<&Shading>,
    boroughs: &Boroughs,
    (hovered, pointer, rect, camera): (Option<usize>, Option<Pos2>, Rect, Camera),
) {
    if response.dragged() {
        return;
    }
    if let Some(site) = hovered {
        response.on_hover_ui_at_pointer(|ui| {
            ui.set_max_width(320.0);
            site_figures_ui(ui, doc, site);
        });
        return;
    }
    let Some(pointer) = pointer else {
        return;
    };
    let at = camera.to_world(rect, pointer);
    let Some(i) = boroughs.list.iter().position(|b| b.contains(geo::point(at))) else {
        return;
    };
    response.on_hover_ui_at_pointer(|ui| {
        ui.label(RichText::new(&boroughs.list[i].name).strong());
        if let Some(s) = shading {
            ui.label(format!("{}: {}", s.measure.label(), s.measure.show(s.by_borough[i])));
        }
    });
}

/// What a site is and what the results make of it.
fn site_figures_ui(ui: &mut Ui, doc: &Document, index: usize) {
    let s = &doc.scenario;
    let Some(site) = s.sites.get(index) else {
        return;
    };
    ui.label(RichText::new(&site.name).strong());
    let owner = s.organisation(&site.owner);
    let owner_text = owner.map_or_else(
        || format!("{} (not in the register)", site.owner),
        |o| format!("{} ({})", o.name, o.kind.label()),
    );
    ui.label(owner_text);
    let area = [site.borough.as_str(), site.sub_region.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if !area.is_empty() {
        ui.label(area);
    }
    egui::Grid::new(("site figures", index)).num_columns(2).show(ui, |ui| {
        row(ui, "Value", money_m(site.value));
        row(ui, "Homes", count(site.homes));
        if let Some(results) = doc.current_results() {
            for d in results.report.disposals.iter().filter(|d| d.site == site.id) {
                row(
                    ui,
                    &format!("Sale {}", fy_label(d.fy)),
                    format!("{} gross, {} retained", money_m(d.gross_receipt), money_m(d.retained)),
                );
                if d.marriage_value != 0.0 {
                    row(ui, "Marriage value", money_m(d.marriage_value));
                }
            }
        }
        for a in s.assemblies.iter().filter(|a| a.members.contains(&site.id)) {
            let state = if a.enabled { "" } else { " (off)" };
            row(ui, "Assembly", format!("{}{state}", a.name));
        }
        for p in s
            .projects
            .iter()
            .filter(|p| p.site.as_deref() == Some(site.id.as_str()))
        {
            row(ui, "Project", p.name.clone());
        }
        if let Some(l) = site.location {
            row(ui, "Location", format!("{:.5}, {:.5}", l.lat, l.lon));
        }
    });
}

fn row(ui: &mut Ui, label: &str, value: String) {
    ui.label(RichText::new(label).weak());
    ui.label(value);
    ui.end_row();
}

fn site_panel_ui(ui: &mut Ui, doc: &Document, selected: Option<usize>, out: &mut Vec<Command>) {
    let Some(index) = selected.filter(|&i| i < doc.scenario.sites.len()) else {
        ui.label("Click a site on the map, or select one in the register, to see its figures here.");
        return;
    };
    site_figures_ui(ui, doc, index);
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        let site = &doc.scenario.sites[index];
        if ui.button("Show in register").clicked() {
            out.push(Command::Reveal(ItemRef {
                kind: ItemKind::Site,
                index,
                id: site.id.clone(),
                name: site.name.clone(),
            }));
        }
        let verb = if site.location.is_some() {
            "Move on map"
        } else {
            "Set location on map"
        };
        if ui.button(verb).clicked() {
            out.push(Command::PlaceOnMap(index));
        }
    });
}

/// The key, in the strip left of the map: the shade's classes (as the
/// board pack prints them), the sectors' colours, the statuses' shapes,
/// assemblies and projects, and the areas the map does not have. Returns
/// the bottom of what it drew.
fn legend_ui(ui: &Ui, painter: &Painter, strip: Rect, shading: &Shading) -> f32 {
    let visuals = ui.visuals();
    let mut key = Legend {
        painter,
        text: visuals.text_color(),
        at: strip.left_top() + vec2(10.0, 14.0),
    };
    key.text_row(0.0, &format!("Boroughs: {}", shading.measure.label()));
    let outline = Color32::from_gray(40);
    for k in 0..=shading.classes {
        key.row(&shading.class_label(k), |at| {
            let swatch = Rect::from_center_size(at, vec2(12.0, 10.0));
            painter.rect_filled(swatch, 0.0, rgb(shading.colour(k, visuals.dark_mode)));
            painter.rect_stroke(
                swatch,
                0.0,
                Stroke::new(0.5, key_stroke(visuals)),
                egui::StrokeKind::Outside,
            );
        });
    }
    key.at.y += LEGEND_LINE / 2.0;
    for sector in Sector::ALL {
        key.row(sector.label(), |at| {
            mark_shape(painter, at, Status::SoldInHorizon, sector_colour(sector), outline);
        });
    }
    for status in Status::ALL {
        key.row(status.label(), |at| {
            mark_shape(painter, at, status, visuals.weak_text_color(), outline);
        });
    }
    let assembly = assembly_colour(visuals.dark_mode);
    key.row("Assembly (linked sites)", |at| {
        painter.line_segment([at - vec2(6.0, 0.0), at + vec2(6.0, 0.0)], Stroke::new(2.5, assembly));
    });
    key.row("Project on the site", |at| {
        painter.add(Shape::closed_line(
            diamond(at, 6.0),
            Stroke::new(1.5, visuals.text_color()),
        ));
    });
    let mut bottom = key.at.y - LEGEND_LINE / 2.0;
    if !shading.elsewhere.is_empty() {
        let names: Vec<&str> = shading.elsewhere.iter().map(|(a, _)| a.as_str()).collect();
        let galley = painter.layout(
            format!("Not on the map: {}", names.join(", ")),
            FontId::proportional(10.0),
            visuals.warn_fg_color,
            strip.width() - 20.0,
        );
        let at = pos2(strip.left() + 10.0, bottom + 6.0);
        bottom = at.y + galley.size().y;
        painter.galley(at, galley, visuals.warn_fg_color);
    }
    bottom
}

fn key_stroke(visuals: &egui::Visuals) -> Color32 {
    visuals.widgets.noninteractive.fg_stroke.color
}

fn rgb((r, g, b): (u8, u8, u8)) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// A borough's fill: the colour of its figure's class.
fn shade(shading: &Shading, x: f64, dark: bool) -> Color32 {
    rgb(shading.colour(shading.class_of(x), dark))
}

const LEGEND_LINE: f32 = 16.0;

/// Writes the legend's rows one under another.
struct Legend<'p> {
    painter: &'p Painter,
    text: Color32,
    /// The left end of the next row's middle line.
    at: Pos2,
}

impl Legend<'_> {
    /// A row: its symbol, drawn by `symbol` given the symbol's centre, then its label.
    fn row(&mut self, label: &str, symbol: impl FnOnce(Pos2)) {
        symbol(self.at + vec2(6.0, 0.0));
        self.text_row(18.0, label);
    }

    /// A row of text starting `indent` points in.
    fn text_row(&mut self, indent: f32, label: &str) {
        let font = FontId::proportional(11.0);
        let at = self.at + vec2(indent, 0.0);
        self.painter.text(at, Align2::LEFT_CENTER, label, font, self.text);
        self.at.y += LEGEND_LINE;
    }
}

/// One mark as on the map, at the uncrowded size.
fn mark_shape(painter: &Painter, at: Pos2, status: Status, colour: Color32, outline: Color32) {
    let mut mesh = Mesh::default();
    add_mark(&mut mesh, at, MARK_RADIUS, status, colour, outline);
    painter.add(Shape::mesh(mesh));
}

/// Assemblies' lines: a magenta no sector colour or shade is near.
fn assembly_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(240, 120, 200)
    } else {
        Color32::from_rgb(170, 40, 130)
    }
}

/// The licence's attribution, at the foot of the key's strip beside the map,
/// so it shows in every screenshot and covers no borough.
fn attribution_ui(ui: &Ui, painter: &Painter, strip: Rect) {
    let galley = painter.layout(
        ATTRIBUTION.to_owned(),
        FontId::proportional(10.0),
        ui.visuals().weak_text_color(),
        strip.width() - 20.0,
    );
    let at = pos2(strip.left() + 10.0, strip.bottom() - galley.size().y - 8.0);
    painter.galley(at, galley, ui.visuals().weak_text_color());
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_drawn_site_within_reach_is_picked() {
        let drawn = [(3, pos2(100.0, 100.0)), (7, pos2(106.0, 100.0))];
        assert_eq!(nearest(&drawn, pos2(104.0, 100.0)), Some(7));
        assert_eq!(nearest(&drawn, pos2(101.0, 100.0)), Some(3));
        assert_eq!(nearest(&drawn, pos2(100.0, 100.0 + PICK_RADIUS + 0.5)), None);
    }
}
