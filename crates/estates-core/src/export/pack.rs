//! The board pack: one PDF in the shape of an NHS or local government board
//! paper. A cover sheet (meeting, purpose, recommendations, executive summary
//! and contents), the headline figures, the options appraisal when there are
//! several scenarios, every risk and issue the model warns about, what
//! changed in the inputs, the charts, the disposal and project tables and,
//! when asked for, the risk analysis.
//!
//! A pack of several scenarios first overlays their yearly figures (retained
//! receipts, pot balances, funding gap: one line per scenario). The stacked
//! charts are not overlaid, since stacked bars of two options on one plot
//! cannot be read: their pages are grouped by chart (option A then option B
//! for each chart) and each chart keeps one y scale across the options, so
//! turning the page compares like with like. A chart that comes out the same
//! for several scenarios is printed once, saying so.
//!
//! Pages are laid out first and drawn second, so that long lists and tables
//! run over as many pages as they need and every page knows its number.

use super::appendix;
use super::chart::shared_range;
use super::fonts::{fonts, Fonts};
use std::rc::Rc;

use super::layout::{draw_lines, paginate, Col, Para, SetLine, Table, NOTE};
use super::page::{assumption_notes, discounting, draw_frame, source_line, ChartMeta, Frame, MARGIN};
use super::svg::{wrap, wrap_lines, Anchor, Rect, Svg, TextStyle, INK, MUTED, PAGE_W};
use super::{map, page, pdf, ExportError};
use crate::charts::{charts_compared, Chart, ChartId};
use crate::compare::{diff, distinct_names, overlay_charts, signed_change, Headline, HEADLINES};
use crate::engine::fy_label;
use crate::format::{capitalised, count, money};
use crate::issues::risks_and_issues;
use crate::model::Scenario;
use crate::place::boroughs::boroughs;
use crate::place::shading::{retained_by_area, Measure, Shading};
use crate::place::{area_totals, rollup, AreaFigures, AreaKind, NOT_SET};
use crate::report::Report;
use crate::risk::{risk_chart_meta, risk_charts, switch_words, Analysis};
use crate::tables::{disposal_table, m1, project_table, FigureTable};

/// One scenario in a board pack: the file it was read from (as it should be
/// cited), the scenario, its report and, for the risk pages, its risk analysis.
#[derive(Debug, Clone, Copy)]
pub struct PackItem<'a> {
    pub file: &'a str,
    pub scenario: &'a Scenario,
    pub report: &'a Report,
    /// When given, the pack adds the risk pages of this scenario.
    pub risk: Option<&'a Analysis>,
}

/// What the cover sheet and every page's header say.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PackMeta {
    pub title: String,
    /// Shown on the cover sheet when not empty.
    pub prepared_by: String,
    /// The date modelled, as printed (e.g. `1 November 2026`).
    pub date: String,
    /// Protective marking at the top and bottom of every page.
    pub marking: Option<String>,
    /// The preferred option of a comparison, by position among the scenarios.
    pub preferred: Option<usize>,
    /// What the boroughs of the place pages' map are shaded by.
    pub map_measure: Measure,
}

/// A pack title from the scenario names: `A`, `A and B`, `A, B and C`.
pub fn default_title(names: &[&str]) -> String {
    match names {
        [] => "Estates receipts".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The number of pages of the pack of `items`.
pub fn page_count(items: &[PackItem], meta: &PackMeta) -> Result<usize, ExportError> {
    Ok(board_pack_pages(items, meta)?.len())
}

const CHANGES_TITLE: &str = "What changed in the inputs";
const ISSUES_TITLE: &str = "Risks and issues";
const OPTIONS_TITLE: &str = "Options appraisal";
const HEADLINES_TITLE: &str = "Headline figures";

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

/// A page laid out but not yet drawn: the contents entry it starts (if any)
/// and how to draw it once its number and the total are known.
struct Draft<'a> {
    section: Option<String>,
    draw: Box<dyn Fn((usize, usize)) -> String + 'a>,
}

impl<'a> Draft<'a> {
    fn new(section: Option<String>, draw: impl Fn((usize, usize)) -> String + 'a) -> Self {
        Draft {
            section,
            draw: Box::new(draw),
        }
    }
}

/// The board pack's pages as SVG, in order.
pub(crate) fn board_pack_pages(items: &[PackItem], meta: &PackMeta) -> Result<Vec<String>, ExportError> {
    if items.is_empty() {
        return Err(ExportError::NoScenarios);
    }
    let fonts = fonts()?;
    let mut drafts: Vec<Draft> = vec![headline_page(fonts, items, meta)];
    if items.len() > 1 {
        drafts.push(options_page(fonts, items, meta));
    }
    drafts.extend(issues_pages(fonts, items, meta));
    if items.len() > 1 {
        drafts.extend(changes_pages(fonts, items, meta));
    }
    let overlay_meta = comparison_meta(items, meta);
    for c in comparison_charts(items) {
        let chart_meta = overlay_meta.clone();
        let section = Some(c.title.clone());
        drafts.push(Draft::new(section, move |page| {
            let m = ChartMeta {
                page: Some(page),
                ..chart_meta.clone()
            };
            page::chart_page(fonts, &c, &m)
        }));
    }
    drafts.extend(chart_pages(fonts, items, meta));
    drafts.extend(place_pages(fonts, items, meta)?);
    drafts.extend(table_pages(fonts, items, meta));
    drafts.extend(text_pages(
        fonts,
        meta,
        appendix::TITLE,
        appendix::subtitle(),
        pack_source(items, &meta.date),
        &appendix::paras(items),
    ));
    for item in items {
        if let Some(analysis) = item.risk {
            drafts.extend(risk_pages(fonts, item, analysis, meta));
        }
    }
    let cover = cover_columns(fonts, items, meta);
    let total = cover.len() + drafts.len();
    let mut contents: Vec<(usize, String)> = Vec::new();
    for (k, d) in drafts.iter().enumerate() {
        if let Some(section) = &d.section {
            contents.push((cover.len() + k + 1, section.clone()));
        }
    }
    let mut pages: Vec<String> = cover
        .iter()
        .enumerate()
        .map(|(k, lines)| cover_page(fonts, meta, lines, &contents, (k + 1, total), k == 0))
        .collect();
    for (k, d) in drafts.iter().enumerate() {
        pages.push((d.draw)((cover.len() + k + 1, total)));
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
    let mut m = ChartMeta {
        marking: meta.marking.clone(),
        y_range: Some(range),
        ..ChartMeta::for_scenario(item.file, item.scenario, &meta.date)
    };
    m.footnotes.extend(marriage_value_note(item.report));
    m
}

/// The note that reconciles the headline marriage value (indexed to the year
/// of sale and risk-weighted, as the receipts are) with the marriage value
/// chart (at price base); none when no assembly is realised.
pub fn marriage_value_note(r: &Report) -> Option<String> {
    let at_price_base: f64 = r
        .assemblies
        .iter()
        .filter(|a| a.realised)
        .map(|a| a.marriage_value)
        .sum();
    if !r.assemblies.iter().any(|a| a.realised) {
        return None;
    }
    Some(format!(
        "Marriage value: {} at price base, as the marriage value chart shows it; {} in the headline figures, \
         indexed to each year of sale and risk-weighted like the receipts it is part of.",
        money(at_price_base),
        money(r.totals.marriage_value)
    ))
}

/// One page per chart and group of scenarios whose chart is the same: a
/// chart that comes out identical for two options is printed once.
fn chart_pages<'a>(fonts: &'static Fonts, items: &'a [PackItem<'a>], meta: &'a PackMeta) -> Vec<Draft<'a>> {
    let mut out = Vec::new();
    for per_scenario in charts_by_id(items) {
        let range = shared_range(&per_scenario);
        let mut printed: Vec<usize> = Vec::new();
        for (k, c) in per_scenario.iter().enumerate() {
            if printed.contains(&k) {
                continue;
            }
            let same: Vec<usize> = (k..items.len()).filter(|j| per_scenario[*j] == *c).collect();
            printed.extend(&same);
            let mut chart_meta = pack_chart_meta(&items[k], meta, range);
            if same.len() > 1 {
                let group: Vec<PackItem> = same.iter().map(|j| items[*j]).collect();
                chart_meta.scenario = Some(format!("{} (the same in each)", default_title(&scenario_names(&group))));
                chart_meta.source = pack_source(&group, &meta.date);
                chart_meta.footnotes = scenario_notes(&group);
                chart_meta.footnotes.extend(marriage_value_note(items[k].report));
            }
            let section = (k == 0).then(|| c.title.clone());
            let c = c.clone();
            out.push(Draft::new(section, move |page| {
                let m = ChartMeta {
                    page: Some(page),
                    ..chart_meta.clone()
                };
                page::chart_page(fonts, &c, &m)
            }));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Cover sheet

const COVER_LABEL: TextStyle = TextStyle::new(10.0, true, MUTED);
const COVER_TITLE: TextStyle = TextStyle::new(24.0, true, INK);
const HEADING: TextStyle = TextStyle::new(11.0, true, INK);
const BODY: TextStyle = TextStyle::new(10.0, false, INK);
const BODY_BOLD: TextStyle = TextStyle::new(10.0, true, INK);
const SMALL: TextStyle = TextStyle::new(8.5, false, MUTED);
/// The cover's left column (cover sheet text) and right column (contents).
const COVER_LEFT_W: f64 = 450.0;
const CONTENTS_X: f64 = 530.0;
const COVER_TOP: f64 = 48.0;
/// Room for the cover's left column: from the top to above the footer.
const COVER_H: f64 = 480.0;

/// The cover sheet's left column, laid out over as many pages as it needs
/// (usually one): title, meeting, date, author, purpose, marking, the
/// scenarios, recommendations and the executive summary.
fn cover_columns(fonts: &'static Fonts, items: &[PackItem], meta: &PackMeta) -> Vec<Vec<SetLine>> {
    let first = items[0].scenario;
    let board = &first.board;
    let mut paras = vec![Para::new(COVER_LABEL, "Board paper")];
    let (title_style, title_lines) = cover_title(fonts, &meta.title, COVER_LEFT_W);
    for (k, line) in title_lines.into_iter().enumerate() {
        paras.push(Para::new(title_style, line).spaced(if k == 0 { 8.0 } else { 0.0 }));
    }
    let mut facts: Vec<(&str, String)> = Vec::new();
    if !board.meeting.trim().is_empty() {
        facts.push(("Meeting", board.meeting.trim().to_owned()));
    }
    facts.push(("Date modelled", meta.date.clone()));
    if !meta.prepared_by.trim().is_empty() {
        facts.push(("Prepared by", meta.prepared_by.trim().to_owned()));
    }
    if let Some(p) = board.purpose {
        facts.push(("Purpose", p.label().to_owned()));
    }
    facts.push((
        "Protective marking",
        meta.marking
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .unwrap_or("None")
            .to_owned(),
    ));
    for (k, (label, value)) in facts.into_iter().enumerate() {
        paras.push(Para::new(BODY, format!("{label}: {value}")).spaced(if k == 0 { 10.0 } else { 1.0 }));
    }
    paras.push(Para::heading(
        HEADING,
        if items.len() == 1 { "Scenario" } else { "Options" },
        12.0,
    ));
    for (k, item) in items.iter().enumerate() {
        let mut name = if items.len() == 1 {
            item.scenario.name.clone()
        } else {
            format!("{}. {}", k + 1, item.scenario.name)
        };
        if items.len() > 1 && k == 0 {
            name.push_str(" (baseline)");
        }
        if meta.preferred == Some(k) {
            name.push_str(" (preferred)");
        }
        paras.push(Para::new(BODY_BOLD, name).spaced(if k == 0 { 2.0 } else { 4.0 }));
        paras.push(Para::new(SMALL, format!("File: {}", item.file)).indented(12.0));
    }
    let recommendations = board.recommendation_list();
    if !recommendations.is_empty() {
        paras.push(Para::heading(HEADING, "Recommendations", 12.0));
        paras.push(Para::new(BODY, "The board is asked to:").spaced(2.0));
        for (k, r) in recommendations.iter().enumerate() {
            paras.push(Para::new(BODY, format!("{}. {r}", k + 1)).indented(12.0).spaced(2.0));
        }
    }
    paras.push(Para::heading(HEADING, "Executive summary", 12.0));
    let mut first_para = true;
    for text in board.summary.split("\n\n").map(str::trim).filter(|t| !t.is_empty()) {
        paras.push(
            Para::new(BODY, text.split_whitespace().collect::<Vec<_>>().join(" ")).spaced(if first_para {
                2.0
            } else {
                5.0
            }),
        );
        first_para = false;
    }
    for text in summary_in_words(items, meta) {
        paras.push(Para::new(BODY, text).spaced(if first_para { 2.0 } else { 5.0 }));
        first_para = false;
    }
    paginate(fonts, &paras, COVER_LEFT_W, COVER_H)
}

/// The headline figures in sentences: one paragraph for a single scenario,
/// one per option for several, then the preferred option.
pub fn summary_in_words(items: &[PackItem], meta: &PackMeta) -> Vec<String> {
    let mut out: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let lead = if items.len() == 1 {
                String::new()
            } else {
                format!("Option {}, {}: ", k + 1, it.scenario.name)
            };
            format!("{lead}{}", scenario_in_words(it.scenario, it.report))
        })
        .collect();
    if let Some(p) = meta.preferred.and_then(|k| items.get(k).map(|it| (k, it))) {
        out.push(format!(
            "The preferred option is option {}, {}.",
            p.0 + 1,
            p.1.scenario.name
        ));
    }
    let issues: usize = items.iter().map(|it| it.report.warnings.len()).sum();
    out.push(match issues {
        0 => "The model raises no risks or issues.".to_owned(),
        1 => "The model raises one risk or issue, set out under Risks and issues.".to_owned(),
        n => format!("The model raises {n} risks and issues, set out under Risks and issues."),
    });
    out
}

/// One scenario's headline figures as sentences.
fn scenario_in_words(s: &Scenario, r: &Report) -> String {
    let t = &r.totals;
    let last = s.start_fy + s.horizon.max(1) as i32 - 1;
    let returned = if t.returned_national.abs() < 0.5 {
        "none is returned nationally".to_owned()
    } else {
        format!("{} returned nationally", money(t.returned_national))
    };
    let mut text = format!(
        "Over {} years from {} to {}, disposals raise gross receipts of {}, of which {} is retained locally and \
         {returned}.",
        s.horizon,
        fy_label(s.start_fy),
        fy_label(last),
        money(t.gross_receipts),
        money(t.retained_total()),
    );
    if t.marriage_value.abs() >= 0.5 {
        text.push_str(&format!(
            " Assembling sites adds marriage value of {}.",
            money(t.marriage_value)
        ));
    }
    if !r.projects.is_empty() {
        let gaps = r.projects.iter().filter(|p| !p.fully_funded()).count();
        let gap = if gaps == 0 {
            "leaving no funding gap".to_owned()
        } else {
            format!(
                "leaving a funding gap of {} on {gaps} of {} projects",
                money(t.funding_gap),
                r.projects.len()
            )
        };
        text.push_str(&format!(
            " Capex of {} (with optimism bias) is funded {} from pots and {} from grants, {gap}.",
            money(t.capex),
            money(t.funded_from_pots),
            money(t.funded_from_grants)
        ));
    }
    text.push_str(&format!(" Net NPV is {}", money(r.npv.net)));
    if t.homes > 0.0 {
        text.push_str(&format!(" and the disposals enable {} homes.", count(t.homes)));
    } else {
        text.push('.');
    }
    text
}

/// The title in the largest size that sets it whole in four lines (a pack
/// of three options has a long title); only a very long one is shortened.
fn cover_title(fonts: &Fonts, title: &str, width: f64) -> (TextStyle, Vec<String>) {
    for size in [COVER_TITLE.size, 20.0, 16.0] {
        let style = TextStyle { size, ..COVER_TITLE };
        let lines = wrap(fonts, title, width, &style);
        if lines.len() <= 3 {
            return (style, lines);
        }
    }
    let style = TextStyle {
        size: 16.0,
        ..COVER_TITLE
    };
    (style, wrap_lines(fonts, title, width, &style, 3))
}

fn cover_page(
    fonts: &'static Fonts,
    meta: &PackMeta,
    lines: &[SetLine],
    contents: &[(usize, String)],
    page: (usize, usize),
    with_contents: bool,
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
            page: Some(page),
        },
    );
    let area = Rect {
        x: MARGIN,
        y: COVER_TOP,
        w: COVER_LEFT_W,
        h: COVER_H,
    };
    draw_lines(&mut svg, lines, area);
    if with_contents {
        contents_list(&mut svg, contents);
    }
    svg.finish()
}

/// The contents list in the right-hand column: a page number and a title a line.
fn contents_list(svg: &mut Svg, entries: &[(usize, String)]) {
    let width = PAGE_W - MARGIN - CONTENTS_X - 34.0;
    let mut y = COVER_TOP + 12.0;
    svg.text(CONTENTS_X, y, "Contents", &HEADING);
    y += 20.0;
    let number = BODY.anchored(Anchor::End);
    for (page, title) in entries {
        svg.text(CONTENTS_X + 22.0, y, &page.to_string(), &number);
        for line in wrap_lines(svg.fonts(), title, width, &BODY, 2) {
            svg.text(CONTENTS_X + 34.0, y, &line, &BODY);
            y += BODY.line_height();
        }
        y += 3.0;
    }
}

// ---------------------------------------------------------------------------
// Text pages: risks and issues, what changed

const LIST_HEAD: TextStyle = TextStyle::new(11.0, true, INK);
const ITEM_NAME: TextStyle = TextStyle::new(10.0, true, INK);
const ITEM_TEXT: TextStyle = TextStyle::new(10.0, false, INK);
const HANGING: f64 = 14.0;

/// The content area a frame leaves, found by laying the frame out on a scratch page.
fn content_area(fonts: &'static Fonts, frame: &Frame) -> Rect {
    draw_frame(&mut Svg::page(fonts), frame)
}

/// What every page of a run under one title prints around its content.
struct Run {
    kicker: Option<String>,
    title: String,
    subtitle: String,
    source: String,
    notes: Vec<String>,
}

impl Run {
    fn frame<'f>(&'f self, meta: &'f PackMeta, title: &'f str, page: Option<(usize, usize)>) -> Frame<'f> {
        Frame {
            marking: meta.marking.as_deref(),
            kicker: self.kicker.as_deref(),
            title,
            subtitle: &self.subtitle,
            source: &self.source,
            footnotes: &self.notes,
            page,
        }
    }
}

/// The title of page `k` (from 0) of `n` of a run: the title alone on a
/// run of one page, `Title (1 of 3)` on the first of several, and
/// `Title (continued, 2 of 3)` after it.
fn run_title(title: &str, k: usize, n: usize) -> String {
    match (k, n) {
        (_, 0 | 1) => title.to_owned(),
        (0, n) => format!("{title} (1 of {n})"),
        (k, n) => format!("{title} (continued, {} of {n})", k + 1),
    }
}

/// The one builder of pages that run on under one title (lists and tables):
/// `layout` deals the content out to pages given the room a page leaves,
/// `draw` sets one page's share in that room. The first page starts the
/// contents entry `section`.
fn run_pages<'a, P: 'a>(
    fonts: &'static Fonts,
    meta: &'a PackMeta,
    run: Run,
    section: Option<String>,
    layout: impl FnOnce(Rect) -> Vec<P>,
    draw: impl Fn(&mut Svg, Rect, &P) + 'a,
) -> Vec<Draft<'a>> {
    let area = content_area(fonts, &run.frame(meta, &run.title, None));
    let pages = layout(area);
    let n = pages.len();
    let run = Rc::new(run);
    let draw = Rc::new(draw);
    pages
        .into_iter()
        .enumerate()
        .map(|(k, content)| {
            let (run, draw) = (Rc::clone(&run), Rc::clone(&draw));
            Draft::new(if k == 0 { section.clone() } else { None }, move |page| {
                let mut svg = Svg::page(fonts);
                let title = run_title(&run.title, k, n);
                let area = draw_frame(&mut svg, &run.frame(meta, &title, Some(page)));
                draw(&mut svg, area, &content);
                svg.finish()
            })
        })
        .collect()
}

/// Pages of paragraphs under one title, starting a contents entry.
fn text_pages<'a>(
    fonts: &'static Fonts,
    meta: &'a PackMeta,
    title: &'static str,
    subtitle: String,
    source: String,
    paras: &[Para],
) -> Vec<Draft<'a>> {
    let run = Run {
        kicker: None,
        title: title.to_owned(),
        subtitle,
        source,
        notes: Vec::new(),
    };
    run_pages(
        fonts,
        meta,
        run,
        Some(title.to_owned()),
        |area| paginate(fonts, paras, area.w, area.h - 6.0),
        |svg, area, lines| draw_lines(svg, lines, area),
    )
}

/// Pages of a table under one title, split between rows with the header
/// repeated, starting the contents entry `section`.
fn table_run<'a>(
    fonts: &'static Fonts,
    meta: &'a PackMeta,
    run: Run,
    section: Option<String>,
    table: Table,
) -> Vec<Draft<'a>> {
    let table = Rc::new(table);
    let for_layout = Rc::clone(&table);
    run_pages(
        fonts,
        meta,
        run,
        section,
        move |area| for_layout.pages(fonts, area.w, area.h),
        move |svg, area, range| {
            if table.rows.is_empty() {
                svg.text(area.x, area.y + 14.0, "None in this scenario.", &NOTE);
            } else {
                table.draw(svg, area, range.clone());
            }
        },
    )
}

/// Every warning of every scenario in plain words, under each scenario's name.
fn issues_pages<'a>(fonts: &'static Fonts, items: &[PackItem], meta: &'a PackMeta) -> Vec<Draft<'a>> {
    let mut paras = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let issues = risks_and_issues(item.scenario, item.report);
        if items.len() > 1 {
            paras.push(Para::heading(
                LIST_HEAD,
                format!("{}. {}", k + 1, item.scenario.name),
                if k == 0 { 0.0 } else { 14.0 },
            ));
        }
        if issues.is_empty() {
            paras.push(Para::new(ITEM_TEXT, "The model raises no risks or issues for this scenario.").spaced(4.0));
        }
        for issue in issues {
            paras.push(Para {
                keep_with_next: true,
                ..Para::new(ITEM_NAME, issue.item).spaced(8.0)
            });
            paras.push(Para::new(ITEM_TEXT, issue.text).indented(HANGING).spaced(1.0));
        }
    }
    let subtitle = if items.len() > 1 {
        "Every warning the model raises for each option, with the money at stake"
    } else {
        "Every warning the model raises, with the money at stake"
    };
    text_pages(
        fonts,
        meta,
        ISSUES_TITLE,
        subtitle.to_owned(),
        pack_source(items, &meta.date),
        &paras,
    )
}

/// What changed in the inputs from the baseline (the first scenario) to each
/// other one, in words, full width, over as many pages as it takes.
fn changes_pages<'a>(fonts: &'static Fonts, items: &[PackItem], meta: &'a PackMeta) -> Vec<Draft<'a>> {
    let baseline = items[0].scenario.name.as_str();
    let mut paras = Vec::new();
    for (k, item) in items.iter().enumerate().skip(1) {
        let changes = diff(items[0].scenario, item.scenario);
        paras.push(Para::heading(
            LIST_HEAD,
            format!(
                "From {baseline} to {}: {}",
                item.scenario.name,
                count_changes(changes.len())
            ),
            if k == 1 { 0.0 } else { 14.0 },
        ));
        let mut section = "";
        for c in &changes {
            if c.section != section {
                section = &c.section;
                paras.push(Para::heading(ITEM_NAME, section.to_owned(), 7.0));
            }
            paras.push(
                Para::new(ITEM_TEXT, capitalised(&c.description))
                    .indented(HANGING)
                    .spaced(1.5),
            );
        }
    }
    text_pages(
        fonts,
        meta,
        CHANGES_TITLE,
        format!("From the baseline, {baseline}, to each other option; items are matched by their ids"),
        pack_source(items, &meta.date),
        &paras,
    )
}

fn count_changes(n: usize) -> String {
    match n {
        0 => "no input differences".to_owned(),
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    }
}

// ---------------------------------------------------------------------------
// Headline figures and the options appraisal

const CELL: TextStyle = TextStyle::new(10.0, false, INK);
const CELL_LABEL: TextStyle = TextStyle::new(10.0, true, INK);
const DIFF: TextStyle = TextStyle::new(8.5, false, MUTED);
const HEAD: TextStyle = TextStyle::new(9.0, true, INK);
const ZEBRA: &str = "#F2F2F2";

fn headline_page<'a>(fonts: &'static Fonts, items: &'a [PackItem<'a>], meta: &'a PackMeta) -> Draft<'a> {
    Draft::new(Some(HEADLINES_TITLE.to_owned()), move |page| {
        let mut svg = Svg::page(fonts);
        let baseline = items[0].scenario.name.as_str();
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
                title: HEADLINES_TITLE,
                subtitle: &subtitle,
                source: &pack_source(items, &meta.date),
                footnotes: &footnotes,
                page: Some(page),
            },
        );
        headline_table(&mut svg, items, area);
        svg.finish()
    })
}

fn headline_notes(items: &[PackItem]) -> Vec<String> {
    let mut notes = vec![
        "Money in £m, real terms. Net NPV = retained receipts + running cost savings - capex - new running \
         costs, each discounted to the price base year. Differences are taken between the figures as rounded."
            .to_owned(),
    ];
    // One note when every option's marriage value is the same, else one per option.
    let mv: Vec<(&str, String)> = items
        .iter()
        .filter_map(|it| marriage_value_note(it.report).map(|n| (it.scenario.name.as_str(), n)))
        .collect();
    let all_same = mv.len() == items.len() && mv.windows(2).all(|w| w[0].1 == w[1].1);
    if all_same {
        notes.extend(mv.first().map(|(_, n)| n.clone()));
    } else {
        notes.extend(mv.into_iter().map(|(name, n)| format!("{name}: {n}")));
    }
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
        let base = (h.get)(items[0].report);
        for (k, item) in items.iter().enumerate() {
            let x = (h.get)(item.report);
            svg.text(right(k), y + 15.0, &h.show(x), &value);
            if k > 0 {
                svg.text(right(k), y + 26.0, &signed_change(h, x, base), &diff);
            }
        }
        y += row_h;
    }
    svg.line((area.x, y), (table_right, y), INK, 0.8, None);
}

/// The figures an options appraisal compares, by key of [`HEADLINES`].
const APPRAISED: [&str; 6] = [
    "retained",
    "returned_national",
    "capex",
    "funding_gap",
    "net_npv",
    "homes",
];

/// The options appraisal: one row per option with its figures and, for
/// every option but the baseline, the difference from the baseline; the
/// preferred option marked.
fn options_page<'a>(fonts: &'static Fonts, items: &'a [PackItem<'a>], meta: &'a PackMeta) -> Draft<'a> {
    Draft::new(Some(OPTIONS_TITLE.to_owned()), move |page| {
        let mut svg = Svg::page(fonts);
        let baseline = items[0].scenario.name.as_str();
        let preferred = meta
            .preferred
            .and_then(|k| items.get(k))
            .map(|it| it.scenario.name.as_str());
        let subtitle = match preferred {
            Some(p) => format!("Option 1, {baseline}, is the baseline; the preferred option is {p}"),
            None => format!("Option 1, {baseline}, is the baseline; no option is marked as preferred"),
        };
        let notes = vec![
            "Money in £m, real terms, totals over each option's horizon; net NPV discounted to the price base year."
                .to_owned(),
            "Differences from the baseline, in brackets, are taken between the figures as rounded, so they add up \
             as printed."
                .to_owned(),
        ];
        let area = draw_frame(
            &mut svg,
            &Frame {
                marking: meta.marking.as_deref(),
                kicker: Some("Economic and financial case"),
                title: OPTIONS_TITLE,
                subtitle: &subtitle,
                source: &pack_source(items, &meta.date),
                footnotes: &notes,
                page: Some(page),
            },
        );
        let table = options_table(items, meta.preferred);
        let range = 0..table.rows.len();
        table.draw(&mut svg, area, range);
        svg.finish()
    })
}

fn options_table(items: &[PackItem], preferred: Option<usize>) -> Table {
    let headlines: Vec<&Headline> = APPRAISED
        .iter()
        .filter_map(|key| HEADLINES.iter().find(|h| h.key == *key))
        .collect();
    let mut columns = vec![Col {
        heading: "Option".to_owned(),
        weight: 3.2,
        numeric: false,
    }];
    columns.extend(headlines.iter().map(|h| Col {
        heading: if h.is_money {
            format!("{} £m", h.label)
        } else {
            h.label.to_owned()
        },
        weight: 1.0,
        numeric: true,
    }));
    let base = items[0].report;
    let rows = items
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let mut name = format!("{}. {}", k + 1, it.scenario.name);
            if preferred == Some(k) {
                name.push_str(" (preferred)");
            }
            let mut row = vec![name];
            row.extend(headlines.iter().map(|h| {
                let x = (h.get)(it.report);
                let shown = figure(h, x);
                if k == 0 {
                    shown
                } else {
                    // The difference of the figures as rounded, in the column's unit.
                    let d = figure(h, h.rounded(x) - h.rounded((h.get)(base)));
                    let sign = if d.starts_with('-') { "" } else { "+" };
                    format!("{shown} ({sign}{d})")
                }
            }));
            row
        })
        .collect();
    Table {
        columns,
        rows,
        total: None,
        emphasis: preferred,
    }
}

/// A headline figure as a table cell under a heading that gives the unit.
fn figure(h: &Headline, x: f64) -> String {
    if h.is_money {
        m1(h.rounded(x))
    } else {
        count(x)
    }
}

// ---------------------------------------------------------------------------
// Tables of disposals and projects

fn table_pages<'a>(fonts: &'static Fonts, items: &'a [PackItem<'a>], meta: &'a PackMeta) -> Vec<Draft<'a>> {
    let mut out = Vec::new();
    for (kind, weights) in [
        (0, vec![3.4, 2.6, 0.9, 1.0, 1.0, 1.0, 1.1, 1.0]),
        (1, vec![4.0, 1.3, 1.0, 1.0, 1.0]),
    ] {
        for (k, item) in items.iter().enumerate() {
            let t = if kind == 0 {
                disposal_table(item.scenario, item.report)
            } else {
                project_table(item.report)
            };
            let section = (k == 0).then(|| t.title.to_owned());
            out.extend(figure_table_pages(fonts, item, meta, t, &weights, section));
        }
    }
    out
}

fn figure_table_pages<'a>(
    fonts: &'static Fonts,
    item: &PackItem,
    meta: &'a PackMeta,
    t: FigureTable,
    weights: &[f64],
    section: Option<String>,
) -> Vec<Draft<'a>> {
    let table = Table {
        columns: t
            .headings
            .iter()
            .zip(&t.numeric)
            .zip(weights)
            .map(|((h, numeric), w)| Col {
                heading: (*h).to_owned(),
                weight: *w,
                numeric: *numeric,
            })
            .collect(),
        rows: t.rows,
        total: t.total,
        emphasis: None,
    };
    let subtitle = if t.title == "Disposals" {
        "Each disposal's receipts over the horizon, risk-weighted where the scenario says so; marriage value share \
         indexed to the year of sale; retained before any pot's annual cap"
    } else {
        "Each project's capex with optimism bias and how it is funded over the horizon"
    };
    let run = Run {
        kicker: Some(item.scenario.name.clone()),
        title: t.title.to_owned(),
        subtitle: subtitle.to_owned(),
        source: source_line(item.file, item.scenario, &meta.date),
        notes: vec![ROUNDING.to_owned()],
    };
    table_run(fonts, meta, run, section, table)
}

const ROUNDING: &str = "Figures may not sum due to rounding.";

// ---------------------------------------------------------------------------
// Place: the map by borough and the roll-ups

/// Per scenario with a place to show (a site located, or a disposal or
/// project in a named area): the map shaded by the pack's measure, the
/// roll-up by borough and, when the scenario spans several sub-regions, by
/// sub-region.
fn place_pages<'a>(
    fonts: &'static Fonts,
    items: &'a [PackItem<'a>],
    meta: &'a PackMeta,
) -> Result<Vec<Draft<'a>>, ExportError> {
    let outlines = boroughs().map_err(|e| ExportError::Map(e.to_owned()))?;
    let shadings: Vec<Shading> = items
        .iter()
        .map(|it| Shading::of(meta.map_measure, it.scenario, it.report, outlines))
        .collect();
    // One key for every option's map, so turning the page compares like with like.
    let top = shadings.iter().map(|sh| sh.max).fold(0.0, f64::max);
    let mut out = Vec::new();
    for ((k, item), shading) in items.iter().enumerate().zip(shadings) {
        let (s, r) = (item.scenario, item.report);
        let by_borough = rollup(s, r, AreaKind::Borough);
        let sites = map::site_marks(s, outlines);
        let named = |areas: &[AreaFigures]| areas.iter().filter(|a| a.area != NOT_SET).count();
        if sites.marks.is_empty() && named(&by_borough) == 0 {
            continue;
        }
        let shading = shading.classed_up_to(top);
        let title = format!("{} by borough", meta.map_measure.label());
        let run = Run {
            kicker: Some(s.name.clone()),
            title: title.clone(),
            subtitle: measure_words(meta.map_measure).to_owned(),
            source: source_line(item.file, s, &meta.date),
            notes: Vec::new(),
        };
        out.push(Draft::new((k == 0).then(|| title.clone()), move |page| {
            let mut svg = Svg::page(fonts);
            let area = draw_frame(&mut svg, &run.frame(meta, &run.title, Some(page)));
            let (map_area, key_area, attribution) = map::split(area, fonts);
            map::draw_map(&mut svg, map_area, outlines, &shading, &sites.marks, &attribution);
            map::draw_key(&mut svg, key_area, &shading, &sites);
            svg.finish()
        }));
        out.extend(rollup_pages(fonts, item, meta, AreaKind::Borough, by_borough, k == 0));
        let by_sub_region = rollup(s, r, AreaKind::SubRegion);
        if named(&by_sub_region) > 1 {
            out.extend(rollup_pages(
                fonts,
                item,
                meta,
                AreaKind::SubRegion,
                by_sub_region,
                k == 0,
            ));
        }
    }
    Ok(out)
}

/// What the map's shading shows, as its page's subtitle.
fn measure_words(m: Measure) -> &'static str {
    match m {
        Measure::GrossReceipts => {
            "Gross receipts of the disposals of the sites in each borough over the horizon, risk-weighted where the \
             scenario says so; sites marked by owner"
        }
        Measure::Retained => {
            "Net receipts kept locally from the disposals of the sites in each borough (each disposal's retained \
             share, before any pot's annual cap); sites marked by owner"
        }
        Measure::FundingGap => "Funding gap of the projects in each borough over the horizon; sites marked by owner",
        Measure::Homes => {
            "Homes enabled by the disposals of the sites in each borough over the horizon; sites marked by owner"
        }
    }
}

/// The roll-up table's columns after the area: heading, figure, whether money.
type RollupColumn = (&'static str, fn(&AreaFigures, f64) -> f64, bool);

/// MODEL.md section 10's figures, with each area's retained receipts (the
/// second argument) beside its net receipts.
const ROLLUP_COLUMNS: [RollupColumn; 10] = [
    ("Gross £m", |a, _| a.gross_receipts, true),
    ("Costs £m", |a, _| a.disposal_costs, true),
    ("Net £m", |a, _| a.net_receipts, true),
    ("Retained £m", |_, retained| retained, true),
    ("Marriage value £m", |a, _| a.marriage_value, true),
    ("Homes", |a, _| a.homes, false),
    ("Backlog avoided £m", |a, _| a.backlog_avoided, true),
    ("Running cost savings £m", |a, _| a.running_cost_savings, true),
    ("Capex £m", |a, _| a.capex, true),
    ("Funding gap £m", |a, _| a.funding_gap, true),
];

/// The roll-up of one scenario by borough or sub-region as a table, with
/// the scenario's totals as its last row.
fn rollup_pages<'a>(
    fonts: &'static Fonts,
    item: &PackItem,
    meta: &'a PackMeta,
    by: AreaKind,
    areas: Vec<AreaFigures>,
    first: bool,
) -> Vec<Draft<'a>> {
    let (s, r) = (item.scenario, item.report);
    let retained: Vec<(String, f64)> = retained_by_area(s, r, by);
    let retained_of = |area: &str| retained.iter().filter(|(a, _)| a == area).map(|(_, x)| x).sum::<f64>();
    let cell = |x: f64, money: bool| if money { m1(x) } else { count(x) };
    let rows = areas
        .iter()
        .map(|a| {
            let kept = retained_of(&a.area);
            let mut row = vec![a.area.clone()];
            row.extend(ROLLUP_COLUMNS.iter().map(|(_, get, money)| cell(get(a, kept), *money)));
            row
        })
        .collect();
    let t = &r.totals;
    let kept_total: f64 = r.disposals.iter().map(|d| d.retained).sum();
    let totals = area_totals(r);
    let mut total = vec![totals.area.clone()];
    total.extend(
        ROLLUP_COLUMNS
            .iter()
            .map(|(_, get, money)| cell(get(&totals, kept_total), *money)),
    );
    let mut columns = vec![Col {
        heading: by.label().to_owned(),
        weight: 2.2,
        numeric: false,
    }];
    columns.extend(ROLLUP_COLUMNS.iter().map(|(heading, _, _)| Col {
        heading: (*heading).to_owned(),
        // Room for the longest heading in three lines.
        weight: if heading.len() > 16 { 1.25 } else { 1.0 },
        numeric: true,
    }));
    let mut notes = vec![ROUNDING.to_owned()];
    if (kept_total - t.retained_total()).abs() >= 0.05e6 {
        notes.push(format!(
            "Retained is each disposal's share kept locally before any pot's annual cap, {} in all; the headline \
             retained receipts, after the caps and within the horizon, are {}.",
            money(kept_total),
            money(t.retained_total())
        ));
    }
    let title = format!("Roll-up by {}", by.label().to_lowercase());
    let run = Run {
        kicker: Some(s.name.clone()),
        title: title.clone(),
        subtitle: format!(
            "The figures over the horizon of the disposals of the sites in each {0} and of the projects in it; \
             the {0}s add up to the scenario's totals",
            by.label().to_lowercase()
        ),
        source: source_line(item.file, s, &meta.date),
        notes,
    };
    let table = Table {
        columns,
        rows,
        total: Some(total),
        emphasis: None,
    };
    table_run(fonts, meta, run, first.then_some(title), table)
}

// ---------------------------------------------------------------------------
// Risk pages

/// The risk analysis of one scenario: a page of ranges and switching values,
/// then each risk chart, every page citing the draws and seed.
fn risk_pages<'a>(
    fonts: &'static Fonts,
    item: &PackItem<'a>,
    analysis: &'a Analysis,
    meta: &'a PackMeta,
) -> Vec<Draft<'a>> {
    let mut chart_meta = risk_chart_meta(item.file, item.scenario, &analysis.monte_carlo, &meta.date);
    chart_meta.marking = meta.marking.clone();
    let title = format!("Risk analysis: {}", item.scenario.name);
    let summary_meta = chart_meta.clone();
    let mut out = vec![Draft::new(Some(title), move |page| {
        risk_summary_page(fonts, analysis, &summary_meta, page)
    })];
    for named in risk_charts(item.scenario, analysis) {
        let m = chart_meta.clone();
        out.push(Draft::new(None, move |page| {
            page::chart_page(
                fonts,
                &named.chart,
                &ChartMeta {
                    page: Some(page),
                    ..m.clone()
                },
            )
        }));
    }
    out
}

fn risk_summary_page(fonts: &'static Fonts, a: &Analysis, meta: &ChartMeta, page: (usize, usize)) -> String {
    let r = &a.monte_carlo;
    let mut svg = Svg::page(fonts);
    let subtitle = format!(
        "Ranges over {} Monte Carlo draws from seed {}, and the values of the inputs at which the answer changes",
        count(f64::from(r.draws)),
        r.seed
    );
    let area = draw_frame(
        &mut svg,
        &Frame {
            marking: meta.marking.as_deref(),
            kicker: meta.scenario.as_deref(),
            title: "Risk analysis",
            subtitle: &subtitle,
            source: &meta.source,
            footnotes: &meta.footnotes,
            page: Some(page),
        },
    );
    type Row = (&'static str, fn(&crate::risk::Headline) -> f64, crate::risk::Spread);
    let rows: [Row; 4] = [
        ("Retained receipts", |h| h.retained_receipts, r.retained_receipts),
        ("Funding gap", |h| h.funding_gap, r.funding_gap),
        ("Net NPV", |h| h.net_npv, r.net_npv),
        ("Marriage value", |h| h.marriage_value, r.marriage_value),
    ];
    let col = |h: &str, weight: f64, numeric: bool| Col {
        heading: h.to_owned(),
        weight,
        numeric,
    };
    let table = Table {
        columns: vec![
            col("£m", 2.0, false),
            col("As written", 1.0, true),
            col("Mean", 1.0, true),
            col("P10", 1.0, true),
            col("P50", 1.0, true),
            col("P90", 1.0, true),
        ],
        rows: rows
            .iter()
            .map(|(label, get, s)| {
                vec![
                    (*label).to_owned(),
                    m1(get(&r.as_written)),
                    m1(s.mean),
                    m1(s.p10),
                    m1(s.p50),
                    m1(s.p90),
                ]
            })
            .collect(),
        total: None,
        emphasis: None,
    };
    let table_area = Rect {
        w: area.w.min(520.0),
        h: 110.0,
        ..area
    };
    table.draw(&mut svg, table_area, 0..table.rows.len());
    let mut paras = vec![Para::new(
        ITEM_TEXT,
        format!(
            "Probability of a funding gap: {}.",
            crate::risk::percent(r.probability_of_gap)
        ),
    )];
    if !r.projects.is_empty() {
        paras.push(Para::heading(
            ITEM_NAME,
            "Probability each project is fully funded",
            8.0,
        ));
        for p in &r.projects {
            paras.push(
                Para::new(
                    ITEM_TEXT,
                    format!("{}: {}", p.name, crate::risk::percent(p.fully_funded)),
                )
                .indented(HANGING)
                .spaced(1.0),
            );
        }
    }
    paras.push(Para::heading(ITEM_NAME, "Switching values", 8.0));
    for sw in &a.sensitivity.switching {
        paras.push(
            Para::new(ITEM_TEXT, switch_words(sw, a.sensitivity.base))
                .indented(HANGING)
                .spaced(1.0),
        );
    }
    let text_area = Rect {
        y: area.y + 120.0,
        h: area.h - 120.0,
        ..area
    };
    // The summary is short; what would not fit is in the charts that follow.
    if let Some(lines) = paginate(fonts, &paras, text_area.w, text_area.h).first() {
        draw_lines(&mut svg, lines, text_area);
    }
    svg.finish()
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
}
