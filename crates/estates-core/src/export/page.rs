//! The printed page around a chart or table: protective marking, title,
//! subtitle, and a footer with the source line, the key assumptions and the
//! page number, as a board paper's exhibits need.

use super::chart;
use super::fonts::Fonts;
use super::svg::{ellipsize, wrap, wrap_lines, Anchor, Rect, Svg, TextStyle, INK, MUTED, PAGE_H, PAGE_W};
use crate::charts::Chart;
use crate::engine::fy_label;
use crate::model::{Discount, Scenario};

/// Left and right page margin (15 mm).
pub(crate) const MARGIN: f64 = 42.5;

const MARKING: TextStyle = TextStyle::new(10.0, true, INK).anchored(Anchor::Middle);
const KICKER: TextStyle = TextStyle::new(9.5, true, MUTED);
const TITLE: TextStyle = TextStyle::new(16.0, true, INK);
const SUBTITLE: TextStyle = TextStyle::new(10.0, false, MUTED);
/// A subtitle may take this many lines (a tornado's lists every setting
/// tested) before it is shortened; the content area gives way to it.
const SUBTITLE_LINES: usize = 5;
const SOURCE: TextStyle = TextStyle::new(8.0, false, INK);
const FOOTNOTE: TextStyle = TextStyle::new(7.5, false, MUTED);
const PAGE_NO: TextStyle = TextStyle::new(8.0, false, MUTED).anchored(Anchor::End);

/// What a printed chart says besides the chart itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartMeta {
    /// Protective marking printed at the top and bottom of the page, e.g.
    /// `OFFICIAL-SENSITIVE: COMMERCIAL`.
    pub marking: Option<String>,
    /// A line above the title naming the scenario.
    pub scenario: Option<String>,
    /// Where the figures come from (see [`source_line`]).
    pub source: String,
    /// Key assumptions, one a line (see [`assumption_notes`]).
    pub footnotes: Vec<String>,
    /// Page `n` of `total` in a board pack.
    pub page: Option<(usize, usize)>,
    /// A fixed y range in £m, so one chart drawn for several scenarios shares a scale.
    pub y_range: Option<(f64, f64)>,
}

impl ChartMeta {
    /// The source line and assumption notes of one scenario read from `file`,
    /// modelled on `date`; no marking.
    pub fn for_scenario(file: &str, s: &Scenario, date: &str) -> Self {
        ChartMeta {
            marking: None,
            scenario: Some(s.name.clone()),
            source: source_line(file, s, date),
            footnotes: assumption_notes(s),
            page: None,
            y_range: None,
        }
    }
}

/// How the scenario discounts, in words.
pub fn discounting(d: Discount) -> String {
    match d {
        Discount::GreenBook => "Green Book discounting (3.5% a year for years 1-30, 3.0% after)".into(),
        Discount::Flat(rate) => format!("discounted at a flat {} a year", percent(rate)),
    }
}

/// The source line: file, date modelled, price base and discounting.
pub fn source_line(file: &str, s: &Scenario, date: &str) -> String {
    format!(
        "Source: Estates Receipts Modeller, scenario file {file}, modelled {date}. £m, real terms, prices of FY {}; {}.",
        fy_label(s.start_fy),
        discounting(s.discount)
    )
}

/// A rate as a percentage with up to two decimals: 0.035 is `3.5%`.
pub(crate) fn percent(x: f64) -> String {
    let text = format!("{:.2}", x * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// The key assumptions a reader needs to judge the figures: horizon, land
/// value growth, risk weighting and optimism bias.
pub fn assumption_notes(s: &Scenario) -> Vec<String> {
    let last = s.start_fy + s.horizon.max(1) as i32 - 1;
    let growth = if s.land_growth == 0.0 {
        "Land values held at the price base (no real growth).".to_owned()
    } else {
        format!("Land values grow {} a year in real terms.", percent(s.land_growth))
    };
    let risk = if s.weight_by_probability {
        "Receipts are risk-weighted by each disposal's probability of going ahead."
    } else {
        "Receipts are not risk-weighted: every disposal is assumed to complete."
    };
    vec![
        format!(
            "Horizon {} years, {} to {}.",
            s.horizon,
            fy_label(s.start_fy),
            fy_label(last)
        ),
        growth,
        risk.to_owned(),
        optimism_note(s),
    ]
}

fn optimism_note(s: &Scenario) -> String {
    let biases: Vec<f64> = s
        .projects
        .iter()
        .filter(|p| !p.capex.is_empty())
        .map(|p| p.optimism_bias)
        .collect();
    let lo = biases.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = biases.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if biases.is_empty() {
        "No reinvestment projects with capex.".into()
    } else if hi < 1e-12 {
        "Capex includes no optimism bias.".into()
    } else if hi - lo < 1e-12 {
        format!("Capex includes optimism bias of {} on every project.", percent(lo))
    } else {
        format!(
            "Capex includes optimism bias of {} to {} by project.",
            percent(lo),
            percent(hi)
        )
    }
}

/// Everything printed around a page's content.
pub(crate) struct Frame<'a> {
    pub marking: Option<&'a str>,
    pub kicker: Option<&'a str>,
    pub title: &'a str,
    pub subtitle: &'a str,
    pub source: &'a str,
    pub footnotes: &'a [String],
    pub page: Option<(usize, usize)>,
}

/// Draws the frame and returns the rectangle left for the content.
pub(crate) fn draw_frame(svg: &mut Svg, f: &Frame) -> Rect {
    let width = PAGE_W - 2.0 * MARGIN;
    if let Some(m) = f.marking.filter(|m| !m.trim().is_empty()) {
        svg.text(PAGE_W / 2.0, 22.0, m, &MARKING);
        svg.text(PAGE_W / 2.0, PAGE_H - 12.0, m, &MARKING);
    }
    let mut y = 48.0;
    if let Some(k) = f.kicker {
        svg.text(MARGIN, y, &ellipsize(svg.fonts(), k, width, &KICKER), &KICKER);
        y += 19.0;
    }
    if !f.title.is_empty() {
        svg.text(MARGIN, y, &ellipsize(svg.fonts(), f.title, width, &TITLE), &TITLE);
        y += 17.0;
    }
    for line in wrap_lines(svg.fonts(), f.subtitle, width, &SUBTITLE, SUBTITLE_LINES) {
        svg.text(MARGIN, y, &line, &SUBTITLE);
        y += SUBTITLE.line_height();
    }
    let footer_top = draw_footer(svg, f, width);
    Rect {
        x: MARGIN,
        y: y + 6.0,
        w: width,
        h: footer_top - 10.0 - (y + 6.0),
    }
}

/// Source line and numbered footnotes, set from the bottom of the page up;
/// returns the top of the footer.
fn draw_footer(svg: &mut Svg, f: &Frame, width: f64) -> f64 {
    let fonts = svg.fonts();
    let source = wrap(fonts, f.source, width, &SOURCE);
    let notes: Vec<String> = f
        .footnotes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| wrap(fonts, &format!("{}. {n}", i + 1), width, &FOOTNOTE))
        .collect();
    let height = source.len() as f64 * SOURCE.line_height() + notes.len() as f64 * FOOTNOTE.line_height();
    let top = PAGE_H - 30.0 - height;
    svg.line((MARGIN, top), (PAGE_W - MARGIN, top), "#BFBFBF", 0.5, None);
    let mut y = top + 4.0 + SOURCE.size;
    for line in &source {
        svg.text(MARGIN, y, line, &SOURCE);
        y += SOURCE.line_height();
    }
    for line in &notes {
        svg.text(MARGIN, y, line, &FOOTNOTE);
        y += FOOTNOTE.line_height();
    }
    if let Some((n, total)) = f.page {
        svg.text(
            PAGE_W - MARGIN,
            PAGE_H - 12.0,
            &format!("Page {n} of {total}"),
            &PAGE_NO,
        );
    }
    top
}

/// A whole chart page as SVG.
pub(crate) fn chart_page(fonts: &'static Fonts, chart: &Chart, meta: &ChartMeta) -> String {
    let mut svg = Svg::page(fonts);
    let area = draw_frame(
        &mut svg,
        &Frame {
            marking: meta.marking.as_deref(),
            kicker: meta.scenario.as_deref(),
            title: &chart.title,
            subtitle: &chart.subtitle,
            source: &meta.source,
            footnotes: &meta.footnotes,
            page: meta.page,
        },
    );
    chart::draw(&mut svg, chart, area, meta.y_range);
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_drop_trailing_zeros() {
        assert_eq!(percent(0.035), "3.5%");
        assert_eq!(percent(0.24), "24%");
        assert_eq!(percent(0.0125), "1.25%");
    }

    #[test]
    fn notes_name_the_key_assumptions() {
        let s = Scenario {
            start_fy: 2026,
            horizon: 15,
            land_growth: 0.01,
            weight_by_probability: true,
            discount: Discount::Flat(0.03),
            ..Scenario::default()
        };
        let notes = assumption_notes(&s).join(" ");
        assert!(notes.contains("Horizon 15 years, 2026/27 to 2040/41."), "{notes}");
        assert!(notes.contains("grow 1% a year"), "{notes}");
        assert!(
            notes.contains("risk-weighted by each disposal's probability"),
            "{notes}"
        );
        assert!(notes.contains("No reinvestment projects"), "{notes}");
        let source = source_line("a.ron", &s, "1 May 2026");
        assert!(
            source.contains("prices of FY 2026/27; discounted at a flat 3% a year."),
            "{source}"
        );
    }
}
