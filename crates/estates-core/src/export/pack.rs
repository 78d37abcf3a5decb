//! The board pack: one PDF with a title page, the headline figures side by
//! side, and every chart of every scenario on its own page.
//!
//! A pack of several scenarios first overlays their yearly figures (retained
//! receipts, pot balances, funding gap: one line per scenario). The stacked
//! charts are not overlaid, since stacked bars of two options on one plot
//! cannot be read: their pages are grouped by chart (option A then option B
//! for each chart) and each chart keeps one y scale across the options, so
//! turning the page compares like with like.

use super::chart::shared_range;
use super::fonts::{fonts, Fonts};
use super::page::{assumption_notes, discounting, draw_frame, source_line, ChartMeta, Frame, MARGIN};
use super::svg::{ellipsize, wrap, wrap_lines, Anchor, Rect, Svg, TextStyle, INK, MUTED};
use super::{page, pdf, ExportError};
use crate::charts::{charts_compared, Chart, ChartId};
use crate::compare::{diff, distinct_names, overlay_charts, signed, HEADLINES};
use crate::engine::fy_label;
use crate::model::Scenario;
use crate::report::Report;

/// One scenario in a board pack: the file it was read from (as it should be
/// cited), the scenario and its report.
#[derive(Debug, Clone, Copy)]
pub struct PackItem<'a> {
    pub file: &'a str,
    pub scenario: &'a Scenario,
    pub report: &'a Report,
}

/// What the title page and every page's header say.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PackMeta {
    pub title: String,
    /// Shown on the title page when not empty.
    pub prepared_by: String,
    /// The date modelled, as printed (e.g. `1 November 2026`).
    pub date: String,
    /// Protective marking at the top and bottom of every page.
    pub marking: Option<String>,
}

/// A pack title from the scenario names: `A`, `A and B`, `A, B and C`.
pub fn default_title(names: &[&str]) -> String {
    match names {
        [] => "Estates receipts".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Pages in a pack of `n` scenarios: title, headline figures, then when
/// there are several scenarios what changed in their inputs and the
/// overlaid charts, then each chart for each scenario.
pub fn page_count(n: usize) -> usize {
    2 + comparison_pages(n) + ChartId::ALL.len() * n
}

fn comparison_pages(n: usize) -> usize {
    if n > 1 {
        1 + ChartId::OVERLAYS.len()
    } else {
        0
    }
}

const CHANGES_TITLE: &str = "What changed in the inputs";

/// The overlaid charts of a pack's scenarios (none for a single scenario).
pub fn comparison_charts(items: &[PackItem]) -> Vec<Chart> {
    if items.len() < 2 {
        return Vec::new();
    }
    let names = distinct_names(items.iter().map(|it| it.scenario.name.as_str()));
    let columns: Vec<(&str, &Report)> = names
        .iter()
        .map(String::as_str)
        .zip(items.iter().map(|it| it.report))
        .collect();
    overlay_charts(&columns)
}

/// The page furniture of a chart drawn from several scenarios: every file in
/// the source line, and each scenario's key assumptions.
pub fn comparison_meta(items: &[PackItem], meta: &PackMeta) -> ChartMeta {
    ChartMeta {
        marking: meta.marking.clone(),
        scenario: Some(format!("Comparison: {}", default_title(&scenario_names(items)))),
        source: pack_source(items, &meta.date),
        footnotes: scenario_notes(items),
        page: None,
        y_range: None,
    }
}

fn scenario_names<'a>(items: &[PackItem<'a>]) -> Vec<&'a str> {
    items.iter().map(|it| it.scenario.name.as_str()).collect()
}

/// The board pack as one PDF.
pub fn board_pack_pdf(items: &[PackItem], meta: &PackMeta) -> Result<Vec<u8>, ExportError> {
    pdf::pages_pdf(&board_pack_pages(items, meta)?, &meta.title)
}

/// The board pack's pages as SVG, in order.
pub(crate) fn board_pack_pages(items: &[PackItem], meta: &PackMeta) -> Result<Vec<String>, ExportError> {
    if items.is_empty() {
        return Err(ExportError::NoScenarios);
    }
    let fonts = fonts()?;
    let total = page_count(items.len());
    let charts = charts_by_id(items);
    let titles: Vec<&str> = charts
        .iter()
        .filter_map(|cs| cs.first())
        .map(|c| c.title.as_str())
        .collect();
    let overlays = comparison_charts(items);
    let mut comparison_titles: Vec<&str> = overlays.iter().map(|c| c.title.as_str()).collect();
    if items.len() > 1 {
        comparison_titles.insert(0, CHANGES_TITLE);
    }
    let mut pages = vec![
        title_page(fonts, items, meta, &comparison_titles, &titles),
        headline_page(fonts, items, meta),
    ];
    if items.len() > 1 {
        pages.push(changes_page(fonts, items, meta));
    }
    let overlay_meta = comparison_meta(items, meta);
    for c in &overlays {
        let chart_meta = ChartMeta {
            page: Some((pages.len() + 1, total)),
            ..overlay_meta.clone()
        };
        pages.push(page::chart_page(fonts, c, &chart_meta));
    }
    for per_scenario in &charts {
        let range = shared_range(per_scenario);
        for (item, c) in items.iter().zip(per_scenario) {
            let chart_meta = ChartMeta {
                page: Some((pages.len() + 1, total)),
                ..pack_chart_meta(item, meta, range)
            };
            pages.push(page::chart_page(fonts, c, &chart_meta));
        }
    }
    Ok(pages)
}

/// Every chart of every scenario, grouped by chart in [`ChartId::ALL`] order.
pub(crate) fn charts_by_id(items: &[PackItem]) -> Vec<Vec<Chart>> {
    // Styled together, so a pot or owner keeps one colour on every page.
    let pairs: Vec<_> = items.iter().map(|it| (it.scenario, it.report)).collect();
    ChartId::ALL.iter().map(|id| charts_compared(*id, &pairs)).collect()
}

/// A pack chart's page furniture: the item's source and notes, the pack's
/// marking and date, and the y range shared with the other scenarios.
pub(crate) fn pack_chart_meta(item: &PackItem, meta: &PackMeta, range: (f64, f64)) -> ChartMeta {
    ChartMeta {
        marking: meta.marking.clone(),
        y_range: Some(range),
        ..ChartMeta::for_scenario(item.file, item.scenario, &meta.date)
    }
}

const COVER_LABEL: TextStyle = TextStyle::new(10.0, true, MUTED);
const COVER_TITLE: TextStyle = TextStyle::new(26.0, true, INK);
const HEADING: TextStyle = TextStyle::new(11.0, true, INK);
const BODY: TextStyle = TextStyle::new(10.5, false, INK);
const BODY_BOLD: TextStyle = TextStyle::new(10.5, true, INK);
const SMALL: TextStyle = TextStyle::new(9.0, false, MUTED);

fn title_page(
    fonts: &'static Fonts,
    items: &[PackItem],
    meta: &PackMeta,
    comparison_titles: &[&str],
    chart_titles: &[&str],
) -> String {
    let mut svg = Svg::page(fonts);
    let source = "Produced with the Estates Receipts Modeller from the scenario files listed. Figures are \
                  model outputs in £m, real terms; they are not valuations.";
    draw_frame(
        &mut svg,
        &Frame {
            marking: meta.marking.as_deref(),
            kicker: None,
            title: "",
            subtitle: "",
            source,
            footnotes: &[],
            page: Some((1, page_count(items.len()))),
        },
    );
    let left_w = 430.0;
    let mut y = 130.0;
    svg.text(MARGIN, y, "Board pack: estates receipts", &COVER_LABEL);
    y += 34.0;
    let (style, lines) = cover_title(fonts, &meta.title, left_w);
    for line in lines {
        svg.text(MARGIN, y, &line, &style);
        y += style.line_height();
    }
    y += 14.0;
    let heading = if items.len() == 1 { "Scenario" } else { "Scenarios" };
    svg.text(MARGIN, y, heading, &HEADING);
    y += 18.0;
    for item in items {
        svg.text(
            MARGIN,
            y,
            &ellipsize(fonts, &item.scenario.name, left_w, &BODY_BOLD),
            &BODY_BOLD,
        );
        svg.text(
            MARGIN,
            y + 12.0,
            &ellipsize(fonts, &format!("File: {}", item.file), left_w, &SMALL),
            &SMALL,
        );
        y += 30.0;
    }
    y += 6.0;
    if !meta.prepared_by.trim().is_empty() {
        svg.text(MARGIN, y, &format!("Prepared by: {}", meta.prepared_by.trim()), &BODY);
        y += 16.0;
    }
    svg.text(MARGIN, y, &format!("Date modelled: {}", meta.date), &BODY);
    contents(&mut svg, items.len(), comparison_titles, chart_titles);
    svg.finish()
}

/// The title in the largest size that sets it whole in four lines (a pack
/// of three options has a long title); only a very long one is shortened.
fn cover_title(fonts: &Fonts, title: &str, width: f64) -> (TextStyle, Vec<String>) {
    for size in [COVER_TITLE.size, 22.0, 18.0] {
        let style = TextStyle { size, ..COVER_TITLE };
        let lines = wrap(fonts, title, width, &style);
        if lines.len() <= 4 {
            return (style, lines);
        }
    }
    let style = TextStyle {
        size: 18.0,
        ..COVER_TITLE
    };
    (style, wrap_lines(fonts, title, width, &style, 4))
}

/// The contents list in the right-hand column, one line per chart.
fn contents(svg: &mut Svg, n: usize, comparison_titles: &[&str], chart_titles: &[&str]) {
    let x = 500.0;
    let mut y = 164.0;
    svg.text(x, y, "Contents", &HEADING);
    y += 20.0;
    let mut entries = vec![("2".to_owned(), "Headline figures")];
    for (k, title) in comparison_titles.iter().enumerate() {
        entries.push(((3 + k).to_string(), title));
    }
    for (k, title) in chart_titles.iter().enumerate() {
        let first = 3 + comparison_titles.len() + k * n;
        let pages = if n == 1 {
            first.to_string()
        } else {
            format!("{first}-{}", first + n - 1)
        };
        entries.push((pages, title));
    }
    let number = BODY.anchored(Anchor::End);
    for (pages, title) in entries {
        svg.text(x + 28.0, y, &pages, &number);
        svg.text(x + 40.0, y, title, &BODY);
        y += 18.0;
    }
}

const CHANGE_HEAD: TextStyle = TextStyle::new(9.0, true, INK);
const CHANGE: TextStyle = TextStyle::new(7.5, false, INK);
/// Indent of a change's continuation lines.
const HANGING: f64 = 10.0;
/// A line of the changes page: its style, text and indent.
type Line = (TextStyle, String, f64);

/// What changed in the inputs from the baseline (the first scenario) to each
/// other one, as the `compare` command lists it, in two columns. A list too
/// long for the page ends by saying how many changes are left out.
fn changes_page(fonts: &'static Fonts, items: &[PackItem], meta: &PackMeta) -> String {
    let mut svg = Svg::page(fonts);
    let baseline = items.first().map_or("", |it| it.scenario.name.as_str());
    let area = draw_frame(
        &mut svg,
        &Frame {
            marking: meta.marking.as_deref(),
            kicker: None,
            title: CHANGES_TITLE,
            subtitle: &format!("From the baseline, {baseline}, to each other scenario; items are matched by id"),
            source: &pack_source(items, &meta.date),
            footnotes: &[],
            page: Some((3, page_count(items.len()))),
        },
    );
    let gutter = 24.0;
    let column_w = (area.w - gutter) / 2.0;
    let mut lines: Vec<Line> = Vec::new();
    for (k, item) in items.iter().enumerate().skip(1) {
        let changes = diff(items[0].scenario, item.scenario);
        if k > 1 {
            lines.push((CHANGE, String::new(), 0.0));
        }
        let head = format!(
            "From {baseline} to {}: {}",
            item.scenario.name,
            count_changes(changes.len())
        );
        lines.extend(
            wrap(fonts, &head, column_w, &CHANGE_HEAD)
                .into_iter()
                .map(|l| (CHANGE_HEAD, l, 0.0)),
        );
        // A change's second and later lines are indented, so each change stands out.
        for c in changes {
            let text = format!("{}: {}", c.section, c.description);
            let wrapped = wrap(fonts, &text, column_w - HANGING, &CHANGE);
            lines.extend(
                wrapped
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| (CHANGE, l, if i == 0 { 0.0 } else { HANGING })),
            );
        }
    }
    set_in_columns(&mut svg, &lines, area, column_w, gutter);
    svg.finish()
}

fn count_changes(n: usize) -> String {
    match n {
        0 => "no input differences".to_owned(),
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    }
}

/// Sets lines down the first column and on into the second; what does not
/// fit is replaced by a last line saying how many lines were left out.
fn set_in_columns(svg: &mut Svg, lines: &[Line], area: Rect, column_w: f64, gutter: f64) {
    let per_column = ((area.h - 4.0) / CHANGE.line_height()).floor().max(1.0) as usize;
    let room = 2 * per_column;
    let shown = if lines.len() > room { room - 1 } else { lines.len() };
    for (i, (style, line, indent)) in lines.iter().take(shown).enumerate() {
        let (column, row) = (i / per_column, i % per_column);
        let x = area.x + column as f64 * (column_w + gutter) + indent;
        svg.text(x, area.y + 10.0 + row as f64 * CHANGE.line_height(), line, style);
    }
    if shown < lines.len() {
        let left = lines.len() - shown;
        let note = format!("… and {left} more lines: the compare command lists every change.");
        let x = area.x + column_w + gutter;
        let y = area.y + 10.0 + (per_column - 1) as f64 * CHANGE.line_height();
        svg.text(x, y, &note, &CHANGE);
    }
}

const CELL: TextStyle = TextStyle::new(10.0, false, INK);
const CELL_LABEL: TextStyle = TextStyle::new(10.0, true, INK);
const DIFF: TextStyle = TextStyle::new(8.5, false, MUTED);
const HEAD: TextStyle = TextStyle::new(9.0, true, INK);
const ZEBRA: &str = "#F2F2F2";

fn headline_page(fonts: &'static Fonts, items: &[PackItem], meta: &PackMeta) -> String {
    let mut svg = Svg::page(fonts);
    let baseline = items.first().map_or("", |it| it.scenario.name.as_str());
    let subtitle = if items.len() > 1 {
        format!("Totals over each scenario's horizon; differences are from the baseline, {baseline}")
    } else {
        "Totals over the scenario's horizon".to_owned()
    };
    let footnotes = headline_notes(items);
    let area = draw_frame(
        &mut svg,
        &Frame {
            marking: meta.marking.as_deref(),
            kicker: None,
            title: "Headline figures",
            subtitle: &subtitle,
            source: &pack_source(items, &meta.date),
            footnotes: &footnotes,
            page: Some((2, page_count(items.len()))),
        },
    );
    headline_table(&mut svg, items, area);
    svg.finish()
}

fn headline_notes(items: &[PackItem]) -> Vec<String> {
    let mut notes = vec![
        "Money in £m, real terms. Net NPV = retained receipts + running cost savings - capex - new running \
         costs, each discounted to the price base year."
            .to_owned(),
    ];
    notes.extend(scenario_notes(items));
    notes
}

/// The key assumptions: one a line for one scenario, one line per scenario for several.
fn scenario_notes(items: &[PackItem]) -> Vec<String> {
    match items {
        [one] => assumption_notes(one.scenario),
        _ => items
            .iter()
            .map(|it| format!("{}: {}", it.scenario.name, assumption_notes(it.scenario).join(" ")))
            .collect(),
    }
}

/// The source line of a page drawn from several scenarios.
fn pack_source(items: &[PackItem], date: &str) -> String {
    if let [one] = items {
        return source_line(one.file, one.scenario, date);
    }
    let files: Vec<&str> = items.iter().map(|it| it.file).collect();
    let bases = unique(items.iter().map(|it| fy_label(it.scenario.start_fy)));
    let discounts = unique(items.iter().map(|it| discounting(it.scenario.discount)));
    format!(
        "Source: Estates Receipts Modeller, scenario files {}, modelled {date}. £m, real terms, prices of FY {}; {}.",
        files.join(", "),
        bases.join(" or "),
        discounts.join("; ")
    )
}

/// Distinct values in first-seen order.
fn unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Headline figures: one row per headline, one column per scenario, each
/// later scenario's cell carrying its difference from the first.
fn headline_table(svg: &mut Svg, items: &[PackItem], area: Rect) {
    let fonts = svg.fonts();
    let label_w = 210.0;
    let col_w = ((area.w - label_w) / items.len() as f64).min(150.0);
    let right = |k: usize| area.x + label_w + (k + 1) as f64 * col_w - 8.0;
    let head = HEAD.anchored(Anchor::End);
    let mut head_h: f64 = 0.0;
    for (k, item) in items.iter().enumerate() {
        let lines = wrap_lines(fonts, &item.scenario.name, col_w - 16.0, &HEAD, 3);
        head_h = head_h.max(lines.len() as f64 * HEAD.line_height());
        for (i, line) in lines.iter().enumerate() {
            svg.text(right(k), area.y + 12.0 + i as f64 * HEAD.line_height(), line, &head);
        }
    }
    let table_right = right(items.len() - 1) + 8.0;
    let mut y = area.y + head_h + 10.0;
    svg.line((area.x, y), (table_right, y), INK, 0.8, None);
    let row_h = if items.len() > 1 { 30.0 } else { 22.0 };
    let value = CELL.anchored(Anchor::End);
    let diff = DIFF.anchored(Anchor::End);
    for (row, h) in HEADLINES.iter().enumerate() {
        if row % 2 == 1 {
            let band = Rect {
                x: area.x,
                y,
                w: table_right - area.x,
                h: row_h,
            };
            svg.rect(band, ZEBRA, None);
        }
        svg.text(area.x + 6.0, y + 15.0, h.label, &CELL_LABEL);
        let base = items.first().map_or(0.0, |it| (h.get)(it.report));
        for (k, item) in items.iter().enumerate() {
            let x = (h.get)(item.report);
            svg.text(right(k), y + 15.0, &h.show(x), &value);
            if k > 0 {
                svg.text(right(k), y + 26.0, &signed(h, x - base), &diff);
            }
        }
        y += row_h;
    }
    svg.line((area.x, y), (table_right, y), INK, 0.8, None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_names() {
        assert_eq!(default_title(&["A"]), "A");
        assert_eq!(default_title(&["A", "B"]), "A and B");
        assert_eq!(default_title(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn an_empty_pack_is_refused() {
        assert!(matches!(
            board_pack_pdf(&[], &PackMeta::default()),
            Err(ExportError::NoScenarios)
        ));
    }

    #[test]
    fn page_count_is_two_plus_four_per_scenario_plus_overlays() {
        assert_eq!(page_count(1), 6);
        assert_eq!(page_count(3), 2 + 1 + 3 + 12);
    }
}
