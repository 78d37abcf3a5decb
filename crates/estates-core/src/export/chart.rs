//! Draws a [`Chart`] into a rectangle of a page, for print, from the layout
//! both renderers share ([`crate::charts::layout`]): opaque colours, each
//! item's own hatch or dash so series survive greyscale printing, a legend
//! above the plot saying what the figures on the bars are, light gridlines,
//! a y axis in £k, £m or £bn as the values need with ticks fitted to the
//! plot's height, and category labels wrapped to two lines, any shortened
//! one listed in full in a key below the chart.

use std::f64::consts::FRAC_1_SQRT_2;
use std::fmt::Write as _;

use super::svg::{ellipsize, wrap, Anchor, Rect, Svg, TextStyle, INK, MUTED};
/// One y range for the same chart of several scenarios (the pack and the export share it).
pub(crate) use crate::charts::layout::shared_range;
use crate::charts::layout::{
    bar_figure, empty_note, fit_label, hatch, hatch_ink, legend_entries, line_runs, stack_bars, stack_slot,
    value_range, Dash, LegendEntry, Segment, Unit, YAxis,
};
use crate::charts::{Chart, Mark, Series, Style};

const TICK: TextStyle = TextStyle::new(8.0, false, MUTED);
const AXIS_TITLE: TextStyle = TextStyle::new(8.5, false, MUTED);
const LEGEND: TextStyle = TextStyle::new(8.5, false, INK);
const LEGEND_HEADING: TextStyle = TextStyle::new(8.5, true, MUTED);
const TOTALS_NOTE: TextStyle = TextStyle::new(7.5, false, MUTED);
const VALUE: TextStyle = TextStyle::new(7.0, false, INK);
const NOTE: TextStyle = TextStyle::new(12.0, false, MUTED).anchored(Anchor::Middle);
const KEY: TextStyle = TextStyle::new(7.5, false, MUTED);

const GRID: &str = "#D9D9D9";
const AXIS: &str = "#4D4D4D";
const LEGEND_ROW: f64 = 14.0;
const SWATCH_W: f64 = 16.0;
/// Least room between two y ticks, so their labels never touch.
const TICK_SPACING: f64 = 26.0;
/// Category labels take at most this many lines before they are shortened.
const LABEL_LINES: usize = 2;

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// How a series is painted: a fill (colour or hatch pattern) for bars and bands, and its colour.
struct Paint {
    fill: String,
    colour: String,
}

/// Defines the hatch of a bar style (once per document) and returns its fill.
fn bar_fill(svg: &mut Svg, style: Style) -> String {
    let base = hex(style.colour);
    let Some((angle, cross)) = hatch(style.pattern) else {
        return base;
    };
    // Light hatching on dark colours, dark on light, as on screen.
    let ink = hex(hatch_ink(style.colour));
    let id = format!("hatch-{}-{}", base.trim_start_matches('#'), style.pattern);
    if !svg.has_definition(&id) {
        let mut def = format!(
            r#"<pattern id="{id}" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate({angle})"><rect width="5" height="5" fill="{base}"/><line x1="2.5" y1="0" x2="2.5" y2="5" stroke="{ink}" stroke-width="1.1"/>"#
        );
        if cross {
            let _ = write!(
                def,
                r#"<line x1="0" y1="2.5" x2="5" y2="2.5" stroke="{ink}" stroke-width="1.1"/>"#
            );
        }
        def.push_str("</pattern>\n");
        svg.define(&id, &def);
    }
    format!("url(#{id})")
}

fn paints(svg: &mut Svg, chart: &Chart) -> Vec<Paint> {
    chart
        .series
        .iter()
        .map(|s| Paint {
            fill: match s.mark {
                Mark::Bar { .. } => bar_fill(svg, s.style()),
                // A pale tint, so the line drawn over it stays the strongest mark in greyscale.
                Mark::Band { .. } => hex(tint(s.colour)),
                Mark::Line => hex(s.colour),
            },
            colour: hex(s.colour),
        })
        .collect()
}

/// The plot rectangle and its scales.
struct Plot {
    rect: Rect,
    axis: YAxis,
    n: usize,
    /// The height the plot was left, before being held to at least 20 points.
    room: f64,
}

impl Plot {
    /// The page y of a value in £m (or per cent).
    fn y(&self, value_m: f64) -> f64 {
        let v = self.axis.scaled(value_m);
        self.rect.bottom() - (v - self.axis.lo) / (self.axis.hi - self.axis.lo) * self.rect.h
    }

    fn band_w(&self) -> f64 {
        self.rect.w / self.n.max(1) as f64
    }

    fn centre(&self, i: usize) -> f64 {
        self.rect.x + (i as f64 + 0.5) * self.band_w()
    }
}

/// Least height of a plot: a figure whose legend, labels and key leave
/// less grows taller (see [`draw`]'s result).
pub(crate) const MIN_PLOT_H: f64 = 110.0;

/// Draws `chart` within `area`. `range` fixes the y range (so that the same
/// chart for several scenarios shares one scale); otherwise the data's own.
/// Returns how much taller `area` would need to be for a plot of at least
/// [`MIN_PLOT_H`] (zero when it has room).
pub(crate) fn draw(svg: &mut Svg, chart: &Chart, area: Rect, range: Option<(f64, f64)>) -> f64 {
    if chart.is_empty() {
        draw_empty(svg, chart, area);
        return 0.0;
    }
    let paints = paints(svg, chart);
    let legend = plan_legend(svg, chart, area);
    draw_legend(svg, chart, &paints, &legend, area);
    let range = range.unwrap_or_else(|| value_range(chart));
    let unit = Unit::of(chart, range);
    let range = with_room_for_totals(chart, range);
    // Room above the plot for the legend and the units label.
    let mut rest = Rect {
        y: area.y + legend.height + 20.0,
        h: area.h - legend.height - 20.0,
        ..area
    };
    let x_title_h = if chart.x_title.is_empty() {
        0.0
    } else {
        AXIS_TITLE.line_height() + 4.0
    };
    // A first guess of the plot's height fixes how many ticks fit; the labels' widths then fix its left edge.
    let axis = YAxis::fitted(range.0, range.1, unit, intervals(rest.h * 0.8));
    let (mut plot, mut labels) = layout(svg, chart, rest, axis, x_title_h);
    // Names shortened in the legend or on the axis, listed in full below the chart.
    let key: Vec<String> = legend.shortened.iter().chain(&labels.key).cloned().collect();
    if !key.is_empty() {
        rest.h -= draw_key(svg, &key, area, false) + 4.0;
        (plot, labels) = layout(svg, chart, rest, axis, x_title_h);
        let key: Vec<String> = legend.shortened.iter().chain(&labels.key).cloned().collect();
        draw_key(svg, &key, area, true);
    }
    let axis = YAxis::fitted(range.0, range.1, unit, intervals(plot.rect.h));
    plot.axis = axis;
    draw_grid(svg, &plot, area, &axis.unit.title(&chart.y_title));
    draw_bands(svg, chart, &paints, &plot);
    let (segments, totals) = stack_bars(chart);
    let stacks = chart.stacks().len();
    for seg in segments.iter().rev() {
        let r = segment_rect(&plot, seg, stacks);
        svg.rect(r, &paints[seg.series].fill, Some(("#FFFFFF", 0.5)));
    }
    draw_lines(svg, chart, &paints, &plot);
    // Figures go over the lines, so a line's marker never hides one.
    for seg in &segments {
        let members = chart
            .series
            .iter()
            .filter(|s| s.mark == chart.series[seg.series].mark)
            .count();
        if members > 1 {
            segment_label(svg, seg, segment_rect(&plot, seg, stacks), unit);
        }
    }
    for t in &totals {
        let (offset, width) = stack_slot(t.stack, stacks);
        let x = plot.centre(t.category) + offset * plot.band_w();
        total_label(svg, t.total, x, width * plot.band_w(), &plot, unit);
    }
    draw_zero_line(svg, &plot);
    draw_x_labels(svg, &labels, &plot);
    let x_title = AXIS_TITLE.anchored(Anchor::Middle);
    let title_y = plot.rect.bottom() + labels.height + AXIS_TITLE.size + 2.0;
    svg.text(plot.rect.x + plot.rect.w / 2.0, title_y, &chart.x_title, &x_title);
    (MIN_PLOT_H - plot.room).max(0.0)
}

/// The range widened by a twelfth beyond each end that bars reach, so the
/// totals written beyond the bars stay inside the plot, clear of the units
/// above and the category labels below; up to the whole, exactly, for bars
/// that are shares of one (they have no totals).
fn with_room_for_totals(chart: &Chart, (lo, hi): (f64, f64)) -> (f64, f64) {
    if chart.stacks().is_empty() {
        return (lo, hi);
    }
    if let Some(whole) = chart.whole {
        return (lo.min(0.0), whole.max(hi));
    }
    let room = (hi - lo) / 12.0;
    let lo = if lo < 0.0 { lo - room } else { lo };
    let hi = if hi > 0.0 { hi + room } else { hi };
    (lo, hi)
}

/// How many y intervals fit a plot `height` points tall: two to six, each at least [`TICK_SPACING`].
fn intervals(height: f64) -> usize {
    ((height / TICK_SPACING).floor() as usize).clamp(2, 6)
}

fn segment_rect(plot: &Plot, seg: &Segment, stacks: usize) -> Rect {
    let (offset, width) = stack_slot(seg.stack, stacks);
    // Bars stop widening at 110 pt: one category must not become a wall of colour.
    let w = (width * plot.band_w()).min(110.0);
    let x = plot.centre(seg.category) + offset * plot.band_w() - w / 2.0;
    let (y0, y1) = (plot.y(seg.from), plot.y(seg.to));
    Rect {
        x,
        y: y0.min(y1),
        w,
        h: (y1 - y0).abs(),
    }
}

/// Places the plot in `area`, leaving room for the tick labels on the left
/// and for the category labels and axis title below.
fn layout(svg: &Svg, chart: &Chart, area: Rect, axis: YAxis, x_title_h: f64) -> (Plot, XLabels) {
    let tick_w = axis
        .ticks()
        .iter()
        .map(|t| svg.width(&axis.label(*t), &TICK))
        .fold(0.0, f64::max);
    let n = chart.categories.len();
    let band = |x: f64| (area.right() - 4.0 - x) / n as f64;
    let mut x = area.x + tick_w + 6.0;
    let dense = chart.id.dense_axis();
    let mut labels = plan_x_labels(svg, &chart.categories, band(x), dense);
    // Rotated labels reach left of their category; move the plot over so the first stays on the page.
    let overhang = labels.left_reach - band(x) / 2.0 - (x - area.x);
    if overhang > 0.0 {
        x += overhang;
        labels = plan_x_labels(svg, &chart.categories, band(x), dense);
    }
    let bottom = area.bottom() - labels.height - x_title_h;
    let plot = Plot {
        rect: Rect {
            x,
            y: area.y,
            w: area.right() - x - 4.0,
            h: (bottom - area.y).max(20.0),
        },
        axis,
        n,
        room: bottom - area.y,
    };
    (plot, labels)
}

fn draw_empty(svg: &mut Svg, chart: &Chart, area: Rect) {
    svg.rect(area, "#FFFFFF", Some((GRID, 0.8)));
    let lines = wrap(svg.fonts(), empty_note(chart), area.w - 40.0, &NOTE);
    let top = area.y + area.h / 2.0 - (lines.len() as f64 - 1.0) * NOTE.line_height() / 2.0;
    for (k, line) in lines.iter().enumerate() {
        svg.text(area.x + area.w / 2.0, top + k as f64 * NOTE.line_height(), line, &NOTE);
    }
}

/// Where each legend entry goes: its entry, top-left corner and text.
struct LegendPlan {
    items: Vec<(LegendEntry, f64, f64, String)>,
    /// Full names of the entries shortened to fit.
    shortened: Vec<String>,
    /// The height of the legend and the line saying what the figures on the bars are.
    height: f64,
    totals: Vec<String>,
}

/// Legend entries flow left to right above the plot (a stack's heading
/// before its members), then the line saying what the figures on the bars are.
fn plan_legend(svg: &Svg, chart: &Chart, area: Rect) -> LegendPlan {
    let (mut x, mut row) = (area.x, 0usize);
    let mut items = Vec::new();
    let mut shortened = Vec::new();
    for entry in legend_entries(chart) {
        let (full, lead) = match &entry {
            LegendEntry::Heading(h) => (h.clone(), 0.0),
            LegendEntry::Series(k) => (chart.series[*k].name.clone(), SWATCH_W + 4.0),
        };
        let text = ellipsize(svg.fonts(), &full, area.w - lead, &LEGEND);
        if text != full {
            shortened.push(full);
        }
        let item_w = lead + svg.width(&text, &LEGEND);
        if x > area.x && x + item_w > area.right() {
            x = area.x;
            row += 1;
        }
        items.push((entry, x, area.y + row as f64 * LEGEND_ROW, text));
        x += item_w + 14.0;
    }
    let mut height = (row + 1) as f64 * LEGEND_ROW;
    let mut totals = Vec::new();
    if !chart.bar_totals.is_empty() && !chart.stacks().is_empty() {
        totals = wrap(svg.fonts(), &chart.bar_totals, area.w, &TOTALS_NOTE);
        height += totals.len() as f64 * TOTALS_NOTE.line_height() + 2.0;
    }
    LegendPlan {
        items,
        shortened,
        height,
        totals,
    }
}

/// Draws the legend as planned.
fn draw_legend(svg: &mut Svg, chart: &Chart, paints: &[Paint], plan: &LegendPlan, area: Rect) {
    for (entry, x, y, text) in &plan.items {
        match entry {
            LegendEntry::Heading(_) => svg.text(*x, y + 9.0, text, &LEGEND_HEADING),
            LegendEntry::Series(k) => {
                draw_swatch(svg, &chart.series[*k], &paints[*k], *x, *y);
                svg.text(x + SWATCH_W + 4.0, y + 9.0, text, &LEGEND);
            }
        }
    }
    let mut y = area.y + plan.height - plan.totals.len() as f64 * TOTALS_NOTE.line_height() - 2.0;
    for line in &plan.totals {
        svg.text(area.x, y + 7.5, line, &TOTALS_NOTE);
        y += TOTALS_NOTE.line_height();
    }
}

fn draw_swatch(svg: &mut Svg, s: &Series, p: &Paint, x: f64, y: f64) {
    let swatch = Rect {
        x,
        y: y + 1.0,
        w: SWATCH_W,
        h: 10.0,
    };
    match s.mark {
        Mark::Bar { .. } => svg.rect(swatch, &p.fill, Some((AXIS, 0.5))),
        Mark::Band { .. } => svg.rect(swatch, &p.fill, Some((&p.colour, 0.6))),
        Mark::Line => {
            let dash = Dash::of(s.pattern).svg();
            svg.line((x, y + 6.0), (x + SWATCH_W, y + 6.0), &p.colour, 1.6, dash);
            marker(svg, s.pattern, &p.colour, x + SWATCH_W / 2.0, y + 6.0);
        }
    }
}

/// A filled marker whose shape follows the line's pattern: square, diamond, triangle up, triangle down.
fn marker(svg: &mut Svg, pattern: usize, colour: &str, x: f64, y: f64) {
    let r = 2.8;
    let points = match pattern % 4 {
        0 => vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
        1 => vec![(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)],
        2 => vec![(x, y - r * 1.3), (x + r * 1.2, y + r), (x - r * 1.2, y + r)],
        _ => vec![(x, y + r * 1.3), (x + r * 1.2, y - r), (x - r * 1.2, y - r)],
    };
    svg.polygon(&points, colour, Some(("#FFFFFF", 0.6)));
}

fn draw_grid(svg: &mut Svg, plot: &Plot, area: Rect, unit: &str) {
    let label = TICK.anchored(Anchor::End);
    for t in plot.axis.ticks() {
        let y = plot.rect.bottom() - (t - plot.axis.lo) / (plot.axis.hi - plot.axis.lo) * plot.rect.h;
        svg.line((plot.rect.x, y), (plot.rect.right(), y), GRID, 0.5, None);
        svg.text(plot.rect.x - 4.0, y + 2.8, &plot.axis.label(t), &label);
    }
    // The unit sits above the tick labels, as in ONS and Treasury charts.
    svg.text(area.x, plot.rect.y - 10.0, unit, &AXIS_TITLE);
}

fn draw_zero_line(svg: &mut Svg, plot: &Plot) {
    let y = plot.y(0.0);
    svg.line((plot.rect.x, y), (plot.rect.right(), y), AXIS, 0.9, None);
}

/// Writes a segment's value on a white chip in its middle when it has room,
/// so the figures read directly off the bar in any print.
fn segment_label(svg: &mut Svg, seg: &Segment, r: Rect, unit: Unit) {
    let text = bar_figure(seg.to - seg.from, unit);
    let text_w = svg.width(&text, &VALUE);
    if text.is_empty() || text_w + 6.0 > r.w || r.h < VALUE.size + 5.0 {
        return;
    }
    let (x, mid) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    let chip = Rect {
        x: x - text_w / 2.0 - 2.0,
        y: mid - VALUE.size / 2.0 - 1.5,
        w: text_w + 4.0,
        h: VALUE.size + 3.0,
    };
    svg.rect(chip, "#FFFFFF", None);
    svg.text(x, mid + VALUE.size * 0.36, &text, &VALUE.anchored(Anchor::Middle));
}

/// Writes a stack's total beyond its end when the bar is wide enough to carry it.
fn total_label(svg: &mut Svg, total: f64, x: f64, bar_w: f64, plot: &Plot, unit: Unit) {
    let text = bar_figure(total, unit);
    if text.is_empty() || svg.width(&text, &VALUE) > bar_w.min(110.0) {
        return;
    }
    let y = if total > 0.0 {
        plot.y(total) - 3.0
    } else {
        plot.y(total) + VALUE.size + 2.0
    };
    svg.text(x, y, &text, &VALUE.anchored(Anchor::Middle));
}

/// The colour mixed three parts in four with white: opaque, and light enough to sit behind lines.
fn tint((r, g, b): (u8, u8, u8)) -> (u8, u8, u8) {
    let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * 0.75).round() as u8;
    (mix(r), mix(g), mix(b))
}

/// Bands (ranges such as P10 to P90) as filled areas with dashed edges, under
/// the bars and lines; the edges keep the range readable in greyscale.
fn draw_bands(svg: &mut Svg, chart: &Chart, paints: &[Paint], plot: &Plot) {
    for (s, p) in chart.series.iter().zip(paints) {
        let Mark::Band { upper } = &s.mark else {
            continue;
        };
        let at = |values: &[f64], i: usize| (plot.centre(i), plot.y(values.get(i).copied().unwrap_or(0.0)));
        let top: Vec<(f64, f64)> = (0..plot.n).map(|i| at(upper, i)).collect();
        let bottom: Vec<(f64, f64)> = (0..plot.n).rev().map(|i| at(&s.values, i)).collect();
        let outline: Vec<(f64, f64)> = top.iter().chain(&bottom).copied().collect();
        svg.polygon(&outline, &p.fill, None);
        svg.polyline(&top, &p.colour, 0.8, Some("3 2"));
        svg.polyline(&bottom, &p.colour, 0.8, Some("3 2"));
    }
}

fn draw_lines(svg: &mut Svg, chart: &Chart, paints: &[Paint], plot: &Plot) {
    for (s, p) in chart.series.iter().zip(paints) {
        if s.mark != Mark::Line {
            continue;
        }
        for run in line_runs(&s.values) {
            let points: Vec<(f64, f64)> = run.iter().map(|(i, v)| (plot.centre(*i), plot.y(*v))).collect();
            if points.len() > 1 {
                svg.polyline(&points, &p.colour, 1.8, Dash::of(s.pattern).svg());
            }
            // Markers only while they stay apart (the dash still tells lines
            // apart), and always on a lone point, which has no line.
            if plot.band_w() >= 9.0 || points.len() == 1 {
                for (x, y) in points {
                    marker(svg, s.pattern, &p.colour, x, y);
                }
            }
        }
    }
}

/// Category labels: up to two lines each, wrapped at spaces; labels still
/// too long are shortened and listed in full in the key below the chart.
/// Single words that do not fit (years, ranges) are thinned to every
/// `step`th; names in narrow bands are rotated 45 degrees.
struct XLabels {
    lines: Vec<Vec<String>>,
    rotated: bool,
    step: usize,
    height: f64,
    /// How far a rotated label reaches left of its category centre.
    left_reach: f64,
    /// Full names of the labels shortened, for the key below the chart.
    key: Vec<String>,
}

/// Rotated names are set smaller and may run to 150 pt, so that names
/// differing only at the end ("hub 1", "hub 2") stay distinct.
const ROTATED: TextStyle = TextStyle::new(7.0, false, MUTED);
const MAX_ROTATED: f64 = 150.0;
/// Narrower bands than this take their names rotated rather than in two lines.
const MIN_UPRIGHT: f64 = 46.0;

fn plan_x_labels(svg: &Svg, categories: &[String], band_w: f64, dense: bool) -> XLabels {
    let fonts = svg.fonts();
    let measure = |style: TextStyle| move |s: &str| fonts.width(s, style.size, style.bold);
    let widest = categories.iter().map(|c| svg.width(c, &TICK)).fold(0.0, f64::max);
    let fits = widest <= band_w - 4.0;
    let single_words = categories.iter().all(|c| !c.trim().contains(char::is_whitespace));
    if fits || band_w >= MIN_UPRIGHT || dense || single_words {
        // Thinned labels have the room of `step` bands.
        let step = if fits || !(dense || single_words) {
            1
        } else {
            ((widest + 8.0) / band_w).ceil().max(1.0) as usize
        };
        let width = band_w * step as f64 - 4.0;
        let fitted: Vec<_> = categories
            .iter()
            .map(|c| fit_label(c, width, LABEL_LINES, measure(TICK)))
            .collect();
        let most = fitted.iter().map(|f| f.lines.len()).max().unwrap_or(1);
        return XLabels {
            key: shortened(categories, fitted.iter().map(|f| f.shortened)),
            lines: fitted.into_iter().map(|f| f.lines).collect(),
            rotated: false,
            step,
            height: most as f64 * TICK.line_height() + 6.0,
            left_reach: 0.0,
        };
    }
    let fitted: Vec<_> = categories
        .iter()
        .map(|c| fit_label(c, MAX_ROTATED, 1, measure(ROTATED)))
        .collect();
    // Neighbouring rotated labels are band_w / sqrt(2) apart, measured across the text.
    let across = band_w * FRAC_1_SQRT_2;
    let step = (ROTATED.line_height() * 1.2 / across).ceil().max(1.0) as usize;
    let longest = categories
        .iter()
        .map(|c| svg.width(c, &ROTATED))
        .fold(0.0, f64::max)
        .min(MAX_ROTATED);
    XLabels {
        key: shortened(categories, fitted.iter().map(|f| f.shortened)),
        lines: fitted.into_iter().map(|f| f.lines).collect(),
        rotated: true,
        step,
        height: longest * FRAC_1_SQRT_2 + ROTATED.size + 8.0,
        left_reach: longest * FRAC_1_SQRT_2 + 2.0,
    }
}

fn shortened(categories: &[String], flags: impl Iterator<Item = bool>) -> Vec<String> {
    categories
        .iter()
        .zip(flags)
        .filter(|(_, short)| *short)
        .map(|(c, _)| c.clone())
        .collect()
}

/// The key of shortened names, set at the bottom of `area`; returns its
/// height. Draws only when `draw` (the first call measures).
fn draw_key(svg: &mut Svg, names: &[String], area: Rect, draw: bool) -> f64 {
    let text = format!("Names shortened above, in full: {}.", names.join("; "));
    let lines = wrap(svg.fonts(), &text, area.w, &KEY);
    let height = lines.len() as f64 * KEY.line_height();
    if draw {
        let mut y = area.bottom() - height + KEY.size;
        for line in &lines {
            svg.text(area.x, y, line, &KEY);
            y += KEY.line_height();
        }
    }
    height
}

fn draw_x_labels(svg: &mut Svg, labels: &XLabels, plot: &Plot) {
    let top = plot.rect.bottom() + 4.0;
    for (i, lines) in labels.lines.iter().enumerate() {
        let x = plot.centre(i);
        let labelled = i % labels.step == 0;
        // Labelled categories get a longer tick, so a thinned axis still reads.
        let tick_end = if labelled && labels.step > 1 {
            top + 1.0
        } else {
            top - 1.0
        };
        svg.line((x, plot.rect.bottom()), (x, tick_end), AXIS, 0.5, None);
        if !labelled {
            continue;
        }
        if labels.rotated {
            let style = ROTATED.anchored(Anchor::End);
            let text = lines.first().map_or("", String::as_str);
            svg.text_rotated(x + 2.0, top + ROTATED.size * 0.8, text, &style, -45.0);
            continue;
        }
        let style = TICK.anchored(Anchor::Middle);
        let below = if labels.step > 1 { 2.0 } else { 0.0 };
        for (k, line) in lines.iter().enumerate() {
            svg.text(x, top + below + TICK.size + k as f64 * TICK.line_height(), line, &style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_ticks_fit_the_plot_height() {
        assert_eq!(intervals(40.0), 2);
        assert_eq!(intervals(100.0), 3);
        assert_eq!(intervals(1000.0), 6);
    }

    #[test]
    fn tints_are_light_and_opaque() {
        assert_eq!(tint((0, 0, 0)), (191, 191, 191));
        assert_eq!(tint((255, 255, 255)), (255, 255, 255));
    }
}
