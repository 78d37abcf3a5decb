//! Chart layout shared by the screen (egui_plot) and the paper (SVG)
//! renderers: where each bar segment starts and ends, the totals written on
//! bars, the runs of a line, the dash and hatch of each pattern, the y axis
//! and its unit, how a category label is fitted, and what an empty chart
//! says. Both draw from here, so screen and paper cannot disagree.

use super::{Chart, ChartId, Mark, Rgb, Series};

/// Share of a category's width taken by its bars; the rest is the gap between categories.
pub const GROUP_WIDTH: f64 = 0.72;
/// Share of a stack's slot its bar fills, leaving a hairline between stacks side by side.
pub const BAR_FILL: f64 = 0.92;

/// Where one stack's bar stands within its category, in category widths
/// from the category's centre: `(offset of the bar's centre, bar width)`.
pub fn stack_slot(stack: usize, stacks: usize) -> (f64, f64) {
    let slot = GROUP_WIDTH / stacks.max(1) as f64;
    (-GROUP_WIDTH / 2.0 + slot * (stack as f64 + 0.5), slot * BAR_FILL)
}

/// One segment of a stacked bar: series `series` in category `category`,
/// from `from` to `to` (in the chart's units; `to - from` is the value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub stack: usize,
    pub category: usize,
    pub series: usize,
    pub from: f64,
    pub to: f64,
}

/// The figure written beyond a stack's end: the sum of its positive (or of
/// its negative) segments, which is what the chart's `bar_totals` names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StackTotal {
    pub stack: usize,
    pub category: usize,
    pub total: f64,
}

/// Every bar segment and stack total (none when the stacks are shares of a
/// whole). Stacks stand side by side in the order they first appear; within
/// a stack each series sits on the ones before it, positives upwards from
/// zero and negatives downwards.
pub fn stack_bars(chart: &Chart) -> (Vec<Segment>, Vec<StackTotal>) {
    let mut segments = Vec::new();
    let mut totals = Vec::new();
    for (j, stack) in chart.stacks().iter().enumerate() {
        let members: Vec<usize> = (0..chart.series.len())
            .filter(|&k| matches!(&chart.series[k].mark, Mark::Bar { stack: s } if s == stack))
            .collect();
        for i in 0..chart.categories.len() {
            let (mut up, mut down) = (0.0, 0.0);
            for &k in &members {
                let v = value(&chart.series[k], i);
                if !v.is_finite() || v == 0.0 {
                    continue;
                }
                let edge = if v > 0.0 { &mut up } else { &mut down };
                segments.push(Segment {
                    stack: j,
                    category: i,
                    series: k,
                    from: *edge,
                    to: *edge + v,
                });
                *edge += v;
            }
            for total in [up, down] {
                if total != 0.0 && chart.whole.is_none() {
                    totals.push(StackTotal {
                        stack: j,
                        category: i,
                        total,
                    });
                }
            }
        }
    }
    (segments, totals)
}

/// One entry of a legend: a heading naming a stack of several series (its
/// members follow, named by what differs: "Capex:" then "From pots",
/// "From grants"...), or a series.
#[derive(Debug, Clone, PartialEq)]
pub enum LegendEntry {
    Heading(String),
    Series(usize),
}

/// The legend in order: each stack of more than one series headed by its name.
pub fn legend_entries(chart: &Chart) -> Vec<LegendEntry> {
    let mut out = Vec::new();
    let mut headed: Vec<&str> = Vec::new();
    for (k, s) in chart.series.iter().enumerate() {
        if let Mark::Bar { stack } = &s.mark {
            let members = chart
                .series
                .iter()
                .filter(|t| matches!(&t.mark, Mark::Bar { stack: u } if u == stack))
                .count();
            if members > 1 && !headed.contains(&stack.as_str()) {
                headed.push(stack);
                out.push(LegendEntry::Heading(format!("{stack}:")));
            }
        }
        out.push(LegendEntry::Series(k));
    }
    out
}

/// A series' value in category `i` (zero where it has none).
pub fn value(s: &Series, i: usize) -> f64 {
    s.values.get(i).copied().unwrap_or(0.0)
}

/// Consecutive finite values as `(category, value)` runs: a line has a gap
/// where it has no value (a scenario's years ended), rather than dropping to zero.
pub fn line_runs(values: &[f64]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if v.is_finite() {
            current.push((i, *v));
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// A line's dash: greyscale print and colour-blind readers need more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Long,
    Dotted,
    DashDot,
}

impl Dash {
    /// The dash of a line with pattern `pattern`.
    pub fn of(pattern: usize) -> Dash {
        [Dash::Solid, Dash::Long, Dash::Dotted, Dash::DashDot][pattern % 4]
    }

    /// The SVG dash array in points (none for a solid line).
    pub fn svg(self) -> Option<&'static str> {
        match self {
            Dash::Solid => None,
            Dash::Long => Some("6 3"),
            Dash::Dotted => Some("2 2"),
            Dash::DashDot => Some("8 3 2 3"),
        }
    }
}

/// A bar's hatch: `None` for solid, else (rotation in degrees, a second crossing line).
pub fn hatch(pattern: usize) -> Option<(f64, bool)> {
    const HATCHES: [(f64, bool); 7] = [
        (45.0, false),
        (-45.0, false),
        (90.0, false),
        (0.0, false),
        (45.0, true),
        (0.0, true),
        (22.5, false),
    ];
    pattern.checked_sub(1).map(|k| HATCHES[k % HATCHES.len()])
}

/// The hatch lines' colour on a bar of `colour`: light on dark colours,
/// dark on light ones, so the texture shows in greyscale.
pub fn hatch_ink(colour: Rgb) -> Rgb {
    let (r, g, b) = colour;
    let luma = (0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)) / 255.0;
    if luma < 0.55 {
        (255, 255, 255)
    } else {
        (26, 26, 26)
    }
}

/// The hatch lines of `pattern` clipped to the box `(left, top, right,
/// bottom)` (y downwards), `spacing` apart: the lines an SVG pattern of
/// [`hatch`] draws (a vertical line turned `angle` degrees clockwise, and
/// for a cross hatch the line across it), anchored at the origin so
/// neighbouring bars' hatches line up. None for a solid pattern.
pub fn hatch_segments(pattern: usize, bounds: (f64, f64, f64, f64), spacing: f64) -> Vec<[(f64, f64); 2]> {
    let Some((angle, cross)) = hatch(pattern) else {
        return Vec::new();
    };
    let mut out = parallel_lines(angle, bounds, spacing);
    if cross {
        out.extend(parallel_lines(angle + 90.0, bounds, spacing));
    }
    out
}

/// Lines along a vertical turned `angle` degrees clockwise, at every
/// `spacing` across, clipped to the box.
fn parallel_lines(angle: f64, (left, top, right, bottom): (f64, f64, f64, f64), spacing: f64) -> Vec<[(f64, f64); 2]> {
    let (sin, cos) = angle.to_radians().sin_cos();
    // Along the line, and across it (y downwards, clockwise turns).
    let (dx, dy) = (-sin, cos);
    let (nx, ny) = (cos, sin);
    let across = [(left, top), (right, top), (left, bottom), (right, bottom)].map(|(x, y)| x * nx + y * ny);
    let lo = across.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = across.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if spacing <= 0.0 || !(hi - lo).is_finite() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Lines sit half a spacing off the origin, as the pattern's line does in its cell.
    let mut k = ((lo - spacing / 2.0) / spacing).ceil();
    while k * spacing + spacing / 2.0 <= hi {
        let c = k * spacing + spacing / 2.0;
        let (px, py) = (nx * c, ny * c);
        if let Some(segment) = clip((px, py), (dx, dy), (left, top, right, bottom)) {
            out.push(segment);
        }
        k += 1.0;
    }
    out
}

/// The part inside the box of the line through `p` along `d` (Liang-Barsky).
fn clip(p: (f64, f64), d: (f64, f64), (left, top, right, bottom): (f64, f64, f64, f64)) -> Option<[(f64, f64); 2]> {
    let (mut t0, mut t1) = (f64::NEG_INFINITY, f64::INFINITY);
    for (pos, dir, lo, hi) in [(p.0, d.0, left, right), (p.1, d.1, top, bottom)] {
        if dir.abs() < 1e-12 {
            if pos < lo || pos > hi {
                return None;
            }
            continue;
        }
        let (a, b) = ((lo - pos) / dir, (hi - pos) / dir);
        t0 = t0.max(a.min(b));
        t1 = t1.min(a.max(b));
    }
    (t1 - t0 > 1e-9).then_some([(p.0 + d.0 * t0, p.1 + d.1 * t0), (p.0 + d.0 * t1, p.1 + d.1 * t1)])
}

/// What to say instead of a plot when there is nothing to draw, on screen and on paper.
pub fn empty_note(chart: &Chart) -> &'static str {
    match (chart.id, chart.categories.is_empty()) {
        (ChartId::Risk(risk), _) => risk.empty_note(),
        (ChartId::MarriageValue, _) => "No realised assemblies in this scenario",
        (ChartId::ProjectFunding, true) => "No reinvestment projects in this scenario",
        (ChartId::ProjectFunding, false) => "No project capex in this scenario",
        (_, true) => "No years to show in this scenario",
        (ChartId::RetainedReceipts, false) => "No net receipts in this scenario",
        (ChartId::PotBalances, false) => "No pot balances or capex in this scenario",
        (ChartId::RetainedCompared, false) => "No net receipts retained in any scenario",
        (ChartId::PotBalanceCompared, false) => "No pot balances in any scenario",
        (ChartId::FundingGapCompared, false) => "No funding gap in any scenario",
    }
}

/// The lowest and highest values the chart draws: stack totals below and
/// above zero, line points and band edges.
pub fn value_range(chart: &Chart) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for t in stack_bars(chart).1 {
        lo = lo.min(t.total);
        hi = hi.max(t.total);
    }
    for s in &chart.series {
        let upper: &[f64] = match &s.mark {
            Mark::Band { upper } => upper,
            Mark::Line => &[],
            Mark::Bar { .. } => continue,
        };
        for v in s.values.iter().chain(upper).filter(|v| v.is_finite()) {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
    }
    (lo, hi)
}

/// One value range covering several charts, so the same chart drawn for
/// several scenarios shares a scale.
pub fn shared_range(charts: &[Chart]) -> (f64, f64) {
    charts
        .iter()
        .map(value_range)
        .fold((0.0, 0.0), |(lo, hi), (a, b)| (f64::min(lo, a), f64::max(hi, b)))
}

/// The unit money is shown in on an axis: £k for small sums, £bn for huge
/// ones, £m between, so ticks read 250, 500, 750 rather than 0.25 or 2,500.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Thousands,
    Millions,
    Billions,
    /// Not money: the chart's own axis title (per cent of draws).
    Other,
}

impl Unit {
    /// The unit for values in £m up to `largest` in size.
    pub fn for_money(largest: f64) -> Unit {
        if largest >= 1000.0 {
            Unit::Billions
        } else if largest > 0.0 && largest < 1.0 {
            Unit::Thousands
        } else {
            Unit::Millions
        }
    }

    /// The unit of a chart's y axis.
    pub fn of(chart: &Chart, range: (f64, f64)) -> Unit {
        if chart.is_money() {
            Unit::for_money(range.0.abs().max(range.1.abs()))
        } else {
            Unit::Other
        }
    }

    /// How many of this unit make £1m.
    pub fn per_million(self) -> f64 {
        match self {
            Unit::Thousands => 1000.0,
            Unit::Billions => 0.001,
            Unit::Millions | Unit::Other => 1.0,
        }
    }

    /// The axis title: `£k`, `£m`, `£bn`, or `other` for a chart not in money.
    pub fn title(self, other: &str) -> String {
        match self {
            Unit::Thousands => "£k".into(),
            Unit::Millions => "£m".into(),
            Unit::Billions => "£bn".into(),
            Unit::Other => other.to_owned(),
        }
    }

    /// A value in £m written with the unit's sign and symbol, to `decimals`:
    /// `£250k`, `-£1.5m`, `£2.5bn` (or `40%` for shares of draws).
    pub fn amount(self, value_m: f64, decimals: usize) -> String {
        let v = value_m * self.per_million();
        let digits = format!("{:.*}", decimals, v.abs());
        // No "-£0.0m" for a sum that rounds to nothing.
        let sign = if v < 0.0 && digits.chars().any(|c| matches!(c, '1'..='9')) {
            "-"
        } else {
            ""
        };
        match self {
            Unit::Thousands => format!("{sign}£{digits}k"),
            Unit::Millions => format!("{sign}£{digits}m"),
            Unit::Billions => format!("{sign}£{digits}bn"),
            Unit::Other => format!("{sign}{digits}%"),
        }
    }
}

/// The y axis: a "nice" range and step covering the data and zero, in the
/// axis unit (values in £m are multiplied by [`Unit::per_million`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YAxis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub unit: Unit,
}

impl YAxis {
    /// At most `intervals` steps of 1, 2, 2.5 or 5 times a power of ten over
    /// the range `(min, max)` in £m (or per cent), always including zero.
    pub fn fitted(min: f64, max: f64, unit: Unit, intervals: usize) -> Self {
        let scale = unit.per_million();
        let (min, max) = ((min * scale).min(0.0), (max * scale).max(0.0));
        let intervals = intervals.max(1) as f64;
        if !(max - min).is_finite() || max - min < 1e-9 {
            return YAxis {
                lo: 0.0,
                hi: 1.0,
                step: 0.5,
                unit,
            };
        }
        let raw = (max - min) / intervals;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|step| ((max / step - 1e-9).ceil() - (min / step + 1e-9).floor()) <= intervals)
            .unwrap_or(10.0 * magnitude);
        YAxis {
            lo: (min / step + 1e-9).floor() * step,
            hi: (max / step - 1e-9).ceil() * step,
            step,
            unit,
        }
    }

    /// About five intervals.
    pub fn nice(min: f64, max: f64, unit: Unit) -> Self {
        Self::fitted(min, max, unit, 5)
    }

    /// The ticks, in the axis unit.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    /// Decimals needed to show every tick exactly (2.5 needs one).
    pub fn decimals(&self) -> usize {
        step_decimals(self.step)
    }

    /// A tick's label, a plain number in the axis unit (the unit is the axis title).
    pub fn label(&self, v: f64) -> String {
        let v = if v.abs() < self.step * 1e-6 { 0.0 } else { v };
        format!("{v:.*}", self.decimals())
    }

    /// Where a value in £m (or per cent) sits on this axis.
    pub fn scaled(&self, value_m: f64) -> f64 {
        value_m * self.unit.per_million()
    }
}

/// Decimals needed to write multiples of `step` exactly, at most three.
pub fn step_decimals(step: f64) -> usize {
    (0..3)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(3)
}

/// A stack total or segment figure as written on a bar, in the axis unit to
/// one decimal (whole numbers of £k).
pub fn bar_figure(value_m: f64, unit: Unit) -> String {
    let v = value_m * unit.per_million();
    let decimals = if unit == Unit::Thousands { 0 } else { 1 };
    let text = format!("{v:.decimals$}");
    if text.chars().any(|c| matches!(c, '1'..='9')) {
        text
    } else {
        String::new()
    }
}

/// A category label fitted to its width: up to two lines, broken at spaces;
/// only when two lines are not enough is it shortened with an ellipsis (and
/// then listed in full in a key below the chart).
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub lines: Vec<String>,
    pub shortened: bool,
}

/// Breaks `text` at spaces into lines no wider than `width` where words
/// allow (a word wider than the line stands alone on its line).
pub fn break_lines(text: &str, width: f64, measure: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || measure(&candidate) <= width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Fits `text` into `max_lines` lines no wider than `width`, measuring with `measure`.
pub fn fit_label(text: &str, width: f64, max_lines: usize, measure: impl Fn(&str) -> f64) -> Fitted {
    let mut lines = break_lines(text, width, &measure);
    let fits = lines.len() <= max_lines.max(1) && lines.iter().all(|l| measure(l) <= width);
    if fits {
        return Fitted {
            lines,
            shortened: false,
        };
    }
    let keep = max_lines.max(1);
    let rest = lines[keep - 1..].join(" ");
    lines.truncate(keep - 1);
    for line in &mut lines {
        *line = shorten(line, width, &measure);
    }
    lines.push(shorten(&rest, width, &measure));
    Fitted { lines, shortened: true }
}

/// Text cut at the end with an ellipsis so that it fits `width`, in one
/// pass over its characters (a hostile name of megabytes stays cheap).
pub fn shorten(text: &str, width: f64, measure: impl Fn(&str) -> f64) -> String {
    if measure(text) <= width {
        return text.to_owned();
    }
    let room = width - measure("…");
    // `end` is where the start kept ends, after its last character that is not a space.
    let (mut used, mut end) = (0.0, 0);
    for (i, c) in text.char_indices() {
        used += measure(c.encode_utf8(&mut [0; 4]));
        if c.is_whitespace() {
            continue;
        }
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    if end == 0 {
        return "…".to_owned();
    }
    text[..end].to_owned() + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatch_lines_are_the_patterns_lines_clipped_to_the_bar() {
        assert!(hatch_segments(0, (0.0, 0.0, 10.0, 10.0), 5.0).is_empty(), "solid");
        // Pattern 3 turns the vertical line a quarter: horizontal lines half a spacing off the grid.
        let lines = hatch_segments(3, (0.0, 0.0, 10.0, 10.0), 5.0);
        let near = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
        assert_eq!(lines.len(), 2, "{lines:?}");
        for (line, y) in lines.iter().zip([2.5, 7.5]) {
            let ends = (near(line[0], (10.0, y)) && near(line[1], (0.0, y)))
                || (near(line[0], (0.0, y)) && near(line[1], (10.0, y)));
            assert!(ends, "{line:?} should cross at y = {y}");
        }
        // Pattern 4 is vertical lines; a cross hatch (pattern 6, at 0 degrees) adds the horizontals.
        assert_eq!(hatch_segments(4, (0.0, 0.0, 10.0, 10.0), 5.0).len(), 2);
        assert_eq!(hatch_segments(6, (0.0, 0.0, 10.0, 10.0), 5.0).len(), 4);
        // Diagonals stay inside the box.
        for [a, b] in hatch_segments(1, (3.0, 4.0, 40.0, 90.0), 5.0) {
            for (x, y) in [a, b] {
                assert!((3.0 - 1e-9..=40.0 + 1e-9).contains(&x) && (4.0 - 1e-9..=90.0 + 1e-9).contains(&y));
            }
        }
    }
}
