//! Draws a [`Chart`] into a rectangle of a page, for print: opaque
//! Okabe-Ito colours, a different hatch on each bar series and a different
//! dash and marker on each line so series survive greyscale printing, a
//! legend above the plot, light gridlines, `£m` on the y axis, and stack
//! totals written on the bars when there is room.

use std::f64::consts::FRAC_1_SQRT_2;
use std::fmt::Write as _;

use super::svg::{ellipsize, wrap_lines, Anchor, Rect, Svg, TextStyle, INK, MUTED};
use crate::charts::{Chart, ChartId, Mark, Series};

const TICK: TextStyle = TextStyle::new(8.0, false, MUTED);
const AXIS_TITLE: TextStyle = TextStyle::new(8.5, false, MUTED);
const LEGEND: TextStyle = TextStyle::new(8.5, false, INK);
const VALUE: TextStyle = TextStyle::new(7.0, false, INK);
const NOTE: TextStyle = TextStyle::new(12.0, false, MUTED).anchored(Anchor::Middle);

const GRID: &str = "#D9D9D9";
const AXIS: &str = "#4D4D4D";
const LEGEND_ROW: f64 = 14.0;
const SWATCH_W: f64 = 16.0;

/// Dash arrays for line series, in order (greyscale needs more than colour).
const DASHES: [Option<&str>; 4] = [None, Some("6 3"), Some("2 2"), Some("8 3 2 3")];

/// The y axis: a "nice" range and step covering the data and zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct YAxis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl YAxis {
    /// About five intervals of 1, 2, 2.5 or 5 times a power of ten, always including zero.
    pub fn nice(min: f64, max: f64) -> Self {
        let (min, max) = (min.min(0.0), max.max(0.0));
        if !(max - min).is_finite() || max - min < 1e-9 {
            return YAxis {
                lo: 0.0,
                hi: 1.0,
                step: 0.2,
            };
        }
        let raw = (max - min) / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let multiple = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .find(|m| raw / magnitude <= m * (1.0 + 1e-9))
            .unwrap_or(10.0);
        let step = multiple * magnitude;
        YAxis {
            lo: (min / step + 1e-9).floor() * step,
            hi: (max / step - 1e-9).ceil() * step,
            step,
        }
    }

    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    /// Decimals needed to show every tick exactly (2.5 needs one).
    fn decimals(&self) -> usize {
        (0..3)
            .find(|&d| {
                let scaled = self.step * 10f64.powi(d as i32);
                (scaled - scaled.round()).abs() < 1e-6
            })
            .unwrap_or(3)
    }

    pub fn label(&self, v: f64) -> String {
        let v = if v.abs() < self.step * 1e-6 { 0.0 } else { v };
        format!("{v:.*}", self.decimals())
    }
}

/// The lowest and highest values the chart draws: stack totals below and
/// above zero, and line points.
pub(crate) fn value_range(chart: &Chart) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for i in 0..chart.categories.len() {
        for stack in chart.stacks() {
            let values = stack_members(chart, &stack).into_iter().map(|s| value(s, i));
            let (neg, pos) = values.fold((0.0, 0.0), |(n, p), v| (n + v.min(0.0), p + v.max(0.0)));
            lo = lo.min(neg);
            hi = hi.max(pos);
        }
    }
    for s in chart.series.iter().filter(|s| s.mark == Mark::Line) {
        for v in &s.values {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
    }
    for s in &chart.series {
        if let Mark::Band { upper } = &s.mark {
            for v in s.values.iter().chain(upper) {
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
        }
    }
    (lo, hi)
}

/// One value range covering several charts, so the same chart drawn for
/// several scenarios shares a scale.
pub(crate) fn shared_range(charts: &[Chart]) -> (f64, f64) {
    charts
        .iter()
        .map(value_range)
        .fold((0.0, 0.0), |(lo, hi), (a, b)| (f64::min(lo, a), f64::max(hi, b)))
}

fn stack_members<'a>(chart: &'a Chart, stack: &str) -> Vec<&'a Series> {
    chart
        .series
        .iter()
        .filter(|s| matches!(&s.mark, Mark::Bar { stack: k } if k == stack))
        .collect()
}

fn value(s: &Series, i: usize) -> f64 {
    s.values.get(i).copied().unwrap_or(0.0)
}

/// What to say instead of a plot when there is nothing to draw.
pub(crate) fn empty_note(chart: &Chart) -> &'static str {
    match (chart.id, chart.categories.is_empty()) {
        (ChartId::Risk(risk), _) => risk.empty_note(),
        (ChartId::MarriageValue, true) => "No realised assemblies in this scenario",
        (ChartId::ProjectFunding, true) => "No reinvestment projects in this scenario",
        (_, true) => "No years to show in this scenario",
        (ChartId::RetainedReceipts, false) => "No net receipts in this scenario",
        (ChartId::PotBalances, false) => "No pot balances or capex in this scenario",
        (ChartId::MarriageValue, false) => "No marriage value in this scenario",
        (ChartId::ProjectFunding, false) => "No project capex in this scenario",
        (ChartId::RetainedCompared, false) => "No net receipts retained in any scenario",
        (ChartId::PotBalanceCompared, false) => "No pot balances in any scenario",
        (ChartId::FundingGapCompared, false) => "No funding gap in any scenario",
    }
}

/// How a series is painted: a fill (colour or hatch pattern) for bars, a
/// dash and marker for lines.
struct Paint {
    fill: String,
    colour: String,
    line: usize,
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Hatches in the order bar series receive them; the first series is solid.
/// Each is (rotation in degrees, draw a second, crossing line).
const HATCHES: [(f64, bool); 6] = [
    (45.0, false),
    (-45.0, false),
    (90.0, false),
    (45.0, true),
    (0.0, false),
    (0.0, true),
];

/// Defines the hatch pattern for the `k`th bar series and returns its fill.
fn bar_fill(svg: &mut Svg, k: usize, colour: (u8, u8, u8)) -> String {
    let base = hex(colour);
    if k == 0 {
        return base;
    }
    let (angle, cross) = HATCHES[(k - 1) % HATCHES.len()];
    // Light hatching on dark colours, dark on light, so the texture shows in greyscale.
    let (r, g, b) = colour;
    let luma = (0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)) / 255.0;
    let ink = if luma < 0.55 { "#FFFFFF" } else { "#1A1A1A" };
    let id = format!("hatch{k}");
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
    svg.define(&def);
    format!("url(#{id})")
}

fn paints(svg: &mut Svg, chart: &Chart) -> Vec<Paint> {
    let (mut bars, mut lines) = (0, 0);
    chart
        .series
        .iter()
        .map(|s| match s.mark {
            Mark::Bar { .. } => {
                bars += 1;
                Paint {
                    fill: bar_fill(svg, bars - 1, s.colour),
                    colour: hex(s.colour),
                    line: 0,
                }
            }
            // A pale tint of the colour, so the line drawn over it stays the strongest mark in greyscale.
            Mark::Band { .. } => Paint {
                fill: hex(tint(s.colour)),
                colour: hex(s.colour),
                line: 0,
            },
            Mark::Line => {
                lines += 1;
                Paint {
                    fill: hex(s.colour),
                    colour: hex(s.colour),
                    line: lines - 1,
                }
            }
        })
        .collect()
}

/// The plot rectangle and its scales.
struct Plot {
    rect: Rect,
    axis: YAxis,
    n: usize,
}

impl Plot {
    fn y(&self, v: f64) -> f64 {
        self.rect.bottom() - (v - self.axis.lo) / (self.axis.hi - self.axis.lo) * self.rect.h
    }

    fn band_w(&self) -> f64 {
        self.rect.w / self.n.max(1) as f64
    }

    fn centre(&self, i: usize) -> f64 {
        self.rect.x + (i as f64 + 0.5) * self.band_w()
    }
}

/// Places the plot in `area`, leaving room for the tick labels on the left
/// and for the category labels and axis title below.
fn layout(svg: &Svg, chart: &Chart, area: Rect, axis: YAxis) -> (Plot, XLabels) {
    let tick_w = axis
        .ticks()
        .iter()
        .map(|t| svg.width(&axis.label(*t), &TICK))
        .fold(0.0, f64::max);
    let n = chart.categories.len();
    let band = |x: f64| (area.right() - 4.0 - x) / n as f64;
    let mut x = area.x + tick_w + 6.0;
    let mut labels = plan_x_labels(svg, &chart.categories, band(x));
    // Rotated labels reach left of their category; move the plot over so the first stays on the page.
    let overhang = labels.left_reach - band(x) / 2.0 - (x - area.x);
    if overhang > 0.0 {
        x += overhang;
        labels = plan_x_labels(svg, &chart.categories, band(x));
    }
    let bottom = area.bottom() - labels.height - AXIS_TITLE.line_height() - 4.0;
    let plot = Plot {
        rect: Rect {
            x,
            y: area.y,
            w: area.right() - x - 4.0,
            h: (bottom - area.y).max(20.0),
        },
        axis,
        n,
    };
    (plot, labels)
}

/// Draws `chart` within `area`. `range` fixes the y range (so that the same
/// chart for several scenarios shares one scale); otherwise the data's own.
pub(crate) fn draw(svg: &mut Svg, chart: &Chart, area: Rect, range: Option<(f64, f64)>) {
    if chart.is_empty() {
        draw_empty(svg, chart, area);
        return;
    }
    let paints = paints(svg, chart);
    let legend_h = draw_legend(svg, chart, &paints, area);
    let (min, max) = range.unwrap_or_else(|| value_range(chart));
    // Room above the plot for the legend and the units label.
    let below_legend = Rect {
        y: area.y + legend_h + 20.0,
        h: area.h - legend_h - 20.0,
        ..area
    };
    let (plot, labels) = layout(svg, chart, below_legend, YAxis::nice(min, max));
    draw_grid(svg, &plot, area, &chart.y_title);
    draw_bands(svg, chart, &paints, &plot);
    draw_bars(svg, chart, &paints, &plot, Pass::Shapes);
    draw_lines(svg, chart, &paints, &plot);
    // Figures go over the lines, so a line's marker never hides one.
    draw_bars(svg, chart, &paints, &plot, Pass::Figures);
    draw_zero_line(svg, &plot);
    draw_x_labels(svg, &labels, &plot);
    let x_title = AXIS_TITLE.anchored(Anchor::Middle);
    svg.text(
        plot.rect.x + plot.rect.w / 2.0,
        area.bottom() - 4.0,
        &chart.x_title,
        &x_title,
    );
}

fn draw_empty(svg: &mut Svg, chart: &Chart, area: Rect) {
    svg.rect(area, "#FFFFFF", Some((GRID, 0.8)));
    svg.text(area.x + area.w / 2.0, area.y + area.h / 2.0, empty_note(chart), &NOTE);
}

/// Legend items flow left to right above the plot; returns the height used.
fn draw_legend(svg: &mut Svg, chart: &Chart, paints: &[Paint], area: Rect) -> f64 {
    let (mut x, mut row) = (area.x, 0usize);
    for (s, p) in chart.series.iter().zip(paints) {
        let name = ellipsize(svg.fonts(), &s.name, area.w - SWATCH_W - 4.0, &LEGEND);
        let item_w = SWATCH_W + 4.0 + svg.width(&name, &LEGEND);
        if x > area.x && x + item_w > area.right() {
            x = area.x;
            row += 1;
        }
        let y = area.y + row as f64 * LEGEND_ROW;
        draw_swatch(svg, s, p, x, y);
        svg.text(x + SWATCH_W + 4.0, y + 9.0, &name, &LEGEND);
        x += item_w + 14.0;
    }
    (row + 1) as f64 * LEGEND_ROW
}

fn draw_swatch(svg: &mut Svg, s: &Series, p: &Paint, x: f64, y: f64) {
    match s.mark {
        Mark::Bar { .. } => svg.rect(
            Rect {
                x,
                y: y + 1.0,
                w: SWATCH_W,
                h: 10.0,
            },
            &p.fill,
            Some((AXIS, 0.5)),
        ),
        Mark::Band { .. } => svg.rect(
            Rect {
                x,
                y: y + 1.0,
                w: SWATCH_W,
                h: 10.0,
            },
            &p.fill,
            Some((&p.colour, 0.6)),
        ),
        Mark::Line => {
            svg.line(
                (x, y + 6.0),
                (x + SWATCH_W, y + 6.0),
                &p.colour,
                1.6,
                DASHES[p.line % 4],
            );
            marker(svg, p, x + SWATCH_W / 2.0, y + 6.0);
        }
    }
}

/// A filled marker whose shape depends on the line: square, diamond, triangle up, triangle down.
fn marker(svg: &mut Svg, p: &Paint, x: f64, y: f64) {
    let r = 2.8;
    let points = match p.line % 4 {
        0 => vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
        1 => vec![(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)],
        2 => vec![(x, y - r * 1.3), (x + r * 1.2, y + r), (x - r * 1.2, y + r)],
        _ => vec![(x, y + r * 1.3), (x + r * 1.2, y - r), (x - r * 1.2, y - r)],
    };
    svg.polygon(&points, &p.colour, Some(("#FFFFFF", 0.6)));
}

fn draw_grid(svg: &mut Svg, plot: &Plot, area: Rect, unit: &str) {
    let label = TICK.anchored(Anchor::End);
    for t in plot.axis.ticks() {
        let y = plot.y(t);
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

/// Stacked bars, side by side per stack. Each stack is drawn as cumulative
/// totals from zero, top series first, so adjacent segments overlap instead
/// of leaving hairline seams; positives stack up and negatives down.
/// Bars are drawn in two passes: the shapes under the lines, their figures over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Shapes,
    Figures,
}

fn draw_bars(svg: &mut Svg, chart: &Chart, paints: &[Paint], plot: &Plot, pass: Pass) {
    let stacks = chart.stacks();
    if stacks.is_empty() {
        return;
    }
    // Bars stop widening at 110 pt: one category must not become a wall of colour.
    let bar_w = (plot.band_w() * 0.72 / stacks.len() as f64).min(110.0);
    let inner = bar_w * stacks.len() as f64;
    for i in 0..plot.n {
        let left = plot.centre(i) - inner / 2.0;
        for (j, stack) in stacks.iter().enumerate() {
            let members: Vec<(&Series, &Paint)> = chart
                .series
                .iter()
                .zip(paints)
                .filter(|(s, _)| matches!(&s.mark, Mark::Bar { stack: k } if k == stack))
                .collect();
            let x = left + j as f64 * bar_w + bar_w * 0.04;
            draw_stack(svg, &members, i, (x, bar_w * 0.92), plot, pass);
        }
    }
}

fn draw_stack(svg: &mut Svg, members: &[(&Series, &Paint)], i: usize, (x, w): (f64, f64), plot: &Plot, pass: Pass) {
    for sign in [1.0, -1.0] {
        let mut total = 0.0;
        let cumulative: Vec<f64> = members
            .iter()
            .map(|(s, _)| {
                let v = value(s, i);
                if v * sign > 0.0 {
                    total += v;
                }
                total
            })
            .collect();
        for (k, (s, p)) in members.iter().enumerate().rev() {
            if pass != Pass::Shapes || value(s, i) * sign <= 0.0 {
                continue;
            }
            let (y0, y1) = (plot.y(0.0), plot.y(cumulative[k]));
            let r = Rect {
                x,
                y: y0.min(y1),
                w,
                h: (y1 - y0).abs(),
            };
            svg.rect(r, &p.fill, Some(("#FFFFFF", 0.5)));
        }
        if pass != Pass::Figures {
            continue;
        }
        if members.len() > 1 {
            for (k, (s, _)) in members.iter().enumerate() {
                let v = value(s, i);
                if v * sign > 0.0 {
                    segment_label(svg, v, (cumulative[k] - v, cumulative[k]), x + w / 2.0, w, plot);
                }
            }
        }
        if total != 0.0 {
            total_label(svg, total, x + w / 2.0, w, plot);
        }
    }
}

/// Writes a segment's value on a white chip in its middle when it has room,
/// so the figures read directly off the bar in any print.
fn segment_label(svg: &mut Svg, v: f64, (from, to): (f64, f64), x: f64, bar_w: f64, plot: &Plot) {
    let text = format!("{v:.1}");
    let text_w = svg.width(&text, &VALUE);
    let height = (plot.y(from) - plot.y(to)).abs();
    if text_w + 6.0 > bar_w || height < VALUE.size + 5.0 {
        return;
    }
    let mid = (plot.y(from) + plot.y(to)) / 2.0;
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
fn total_label(svg: &mut Svg, total: f64, x: f64, bar_w: f64, plot: &Plot) {
    let text = format!("{total:.1}");
    if text == "0.0" || text == "-0.0" || svg.width(&text, &VALUE) > bar_w {
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
        // A line has a gap where it has no value (a scenario's years ended).
        for run in finite_runs(s, plot) {
            if run.len() > 1 {
                svg.polyline(&run, &p.colour, 1.8, DASHES[p.line % 4]);
            }
            // Markers only while they stay apart (the dash still tells lines
            // apart), and always on a lone point, which has no line.
            if plot.band_w() >= 9.0 || run.len() == 1 {
                for (x, y) in run {
                    marker(svg, p, x, y);
                }
            }
        }
    }
}

/// A line's points, split where its values are not finite.
fn finite_runs(s: &Series, plot: &Plot) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for i in 0..plot.n {
        let v = value(s, i);
        match runs.last_mut() {
            Some(run) if v.is_finite() => run.push((plot.centre(i), plot.y(v))),
            Some(run) if !run.is_empty() => runs.push(Vec::new()),
            _ => {}
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Category labels: one line when they fit, wrapped names when the bands
/// are wide; single words that do not fit (years) are thinned to every
/// `step`th; names in narrow bands are rotated 45 degrees and thinned.
struct XLabels {
    lines: Vec<Vec<String>>,
    rotated: bool,
    step: usize,
    height: f64,
    /// How far a rotated label reaches left of its category centre.
    left_reach: f64,
}

/// Rotated names are set smaller and may run to 150 pt, so that names
/// differing only at the end ("hub 1", "hub 2") stay distinct.
const ROTATED: TextStyle = TextStyle::new(7.0, false, MUTED);
const MAX_ROTATED: f64 = 150.0;

fn plan_x_labels(svg: &Svg, categories: &[String], band_w: f64) -> XLabels {
    let fonts = svg.fonts();
    let widest = categories.iter().map(|c| svg.width(c, &TICK)).fold(0.0, f64::max);
    let fits = widest <= band_w - 3.0;
    let single_words = categories.iter().all(|c| !c.trim().contains(char::is_whitespace));
    let thin = !fits && band_w < 50.0 && single_words;
    if fits || band_w >= 50.0 || thin {
        let step = if thin {
            // At least 1: a band squeezed to nothing by wide axis labels must
            // not make a step of 0 (a division by zero when labels are picked).
            ((widest + 8.0) / band_w).ceil().max(1.0) as usize
        } else {
            1
        };
        let width = band_w * step as f64 - 4.0;
        let lines: Vec<Vec<String>> = categories
            .iter()
            .map(|c| wrap_lines(fonts, c, width, &TICK, 3))
            .collect();
        let most = lines.iter().map(Vec::len).max().unwrap_or(1);
        return XLabels {
            lines,
            rotated: false,
            step,
            height: most as f64 * TICK.line_height() + 6.0,
            left_reach: 0.0,
        };
    }
    let lines = categories
        .iter()
        .map(|c| wrap_lines(fonts, c, MAX_ROTATED, &ROTATED, 1))
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
        lines,
        rotated: true,
        step,
        height: longest * FRAC_1_SQRT_2 + ROTATED.size + 8.0,
        left_reach: longest * FRAC_1_SQRT_2 + 2.0,
    }
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
    fn nice_axes_cover_data_and_zero() {
        assert_eq!(
            YAxis::nice(0.0, 23.0),
            YAxis {
                lo: 0.0,
                hi: 25.0,
                step: 5.0
            }
        );
        let a = YAxis::nice(-3.2, 9.0);
        assert_eq!((a.lo, a.hi, a.step), (-5.0, 10.0, 2.5));
        assert_eq!(a.label(-2.5), "-2.5");
        assert_eq!(a.label(10.0), "10.0");
        assert_eq!(YAxis::nice(4.0, 4.0).lo, 0.0, "zero is always on the axis");
        assert_eq!(YAxis::nice(0.0, 0.0).hi, 1.0, "an all-zero chart still has a scale");
        assert_eq!(YAxis::nice(0.0, 0.8).ticks().len(), 5);
    }

    #[test]
    fn a_band_squeezed_to_nothing_still_labels_with_a_step_of_at_least_one() {
        let svg = Svg::page(crate::export::fonts::fonts().expect("fonts"));
        let names = ["Hub".to_owned(), "Depot".to_owned()];
        for band in [-40.0, 0.0, 1e-300] {
            let labels = plan_x_labels(&svg, &names, band);
            assert!(labels.step >= 1, "band {band}: step {}", labels.step);
        }
    }

    fn chart(series: Vec<Series>) -> Chart {
        Chart {
            id: ChartId::ProjectFunding,
            title: "t".into(),
            subtitle: String::new(),
            x_title: String::new(),
            y_title: "£m".into(),
            categories: vec!["a".into(), "b".into()],
            series,
        }
    }

    fn bar(stack: &str, values: Vec<f64>) -> Series {
        Series {
            name: stack.into(),
            values,
            mark: Mark::Bar { stack: stack.into() },
            colour: (0, 0, 0),
        }
    }

    #[test]
    fn range_stacks_positives_and_negatives_apart() {
        let c = chart(vec![
            bar("s", vec![3.0, -1.0]),
            bar("s", vec![-2.0, 4.0]),
            bar("t", vec![6.5, 0.0]),
            Series {
                name: "line".into(),
                values: vec![-4.0, 1.0],
                mark: Mark::Line,
                colour: (0, 0, 0),
            },
        ]);
        // Stack s: +3 and -2 in a; -1 and +4 in b. Stack t: 6.5. Line down to -4.
        assert_eq!(value_range(&c), (-4.0, 6.5));
    }
}
