//! Text and tables that run over several pages: paragraphs set line by line
//! and tables split between rows with their header repeated, so a long
//! "Risks and issues" list or a disposal table of a London-scale scenario is
//! printed whole, never cut off.

use super::fonts::Fonts;
use super::svg::{wrap, Anchor, Rect, Svg, TextStyle, INK, MUTED};

/// A paragraph: its style, text, left indent and space above.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub style: TextStyle,
    pub text: String,
    pub indent: f64,
    pub space_before: f64,
    /// A heading is kept with the first line of what follows it.
    pub keep_with_next: bool,
}

impl Para {
    pub fn new(style: TextStyle, text: impl Into<String>) -> Self {
        Para {
            style,
            text: text.into(),
            indent: 0.0,
            space_before: 0.0,
            keep_with_next: false,
        }
    }

    pub fn heading(style: TextStyle, text: impl Into<String>, space_before: f64) -> Self {
        Para {
            space_before,
            keep_with_next: true,
            ..Para::new(style, text)
        }
    }

    pub fn indented(self, indent: f64) -> Self {
        Para { indent, ..self }
    }

    pub fn spaced(self, space_before: f64) -> Self {
        Para { space_before, ..self }
    }
}

/// One line set on a page: style, text, x offset and baseline from the area's top.
pub(crate) type SetLine = (TextStyle, String, f64, f64);

/// Wraps the paragraphs to `width` and deals the lines out to pages of
/// `height`; a page never ends on a heading.
pub(crate) fn paginate(fonts: &Fonts, paras: &[Para], width: f64, height: f64) -> Vec<Vec<SetLine>> {
    let mut pages: Vec<Vec<SetLine>> = vec![Vec::new()];
    let mut y = 0.0;
    for (k, p) in paras.iter().enumerate() {
        let lines = wrap(fonts, &p.text, width - p.indent, &p.style);
        let lh = p.style.line_height();
        let next_line = paras
            .get(k + 1)
            .filter(|_| p.keep_with_next)
            .map_or(0.0, |n| n.space_before + n.style.line_height());
        let page_empty = pages.last().is_none_or(Vec::is_empty);
        let before = if page_empty { 0.0 } else { p.space_before };
        // A heading moves to the next page with what follows it; a long
        // paragraph may break between its lines.
        let first_needs = before + lh + next_line;
        if !page_empty && y + first_needs > height {
            pages.push(Vec::new());
            y = 0.0;
        } else {
            y += before;
        }
        for line in lines {
            if y + lh > height && pages.last().is_some_and(|pg| !pg.is_empty()) {
                pages.push(Vec::new());
                y = 0.0;
            }
            y += lh;
            if let Some(page) = pages.last_mut() {
                page.push((p.style, line, p.indent, y - lh * 0.25));
            }
        }
    }
    pages
}

/// Draws one page of set lines into `area`.
pub(crate) fn draw_lines(svg: &mut Svg, lines: &[SetLine], area: Rect) {
    for (style, text, dx, dy) in lines {
        svg.text(area.x + dx, area.y + dy, text, style);
    }
}

/// A table column: heading, share of the width, and whether it holds figures
/// (right-aligned) or text.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub heading: String,
    pub weight: f64,
    pub numeric: bool,
}

/// A table: columns, rows of cells, and an optional bold last row (totals).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Vec<Col>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
}

const TABLE_HEAD: TextStyle = TextStyle::new(8.5, true, INK);
const TABLE_CELL: TextStyle = TextStyle::new(9.0, false, INK);
const TABLE_TOTAL: TextStyle = TextStyle::new(9.0, true, INK);
const ROW_H: f64 = 15.0;
const HEAD_LINES: usize = 2;
const ZEBRA: &str = "#F2F2F2";
const PAD: f64 = 5.0;

impl Table {
    fn head_height(&self) -> f64 {
        HEAD_LINES as f64 * TABLE_HEAD.line_height() + 6.0
    }

    /// The rows of each page when the table is set in areas of `height`:
    /// index ranges into `rows`; the total row goes on the last page.
    pub fn pages(&self, height: f64) -> Vec<std::ops::Range<usize>> {
        let room = ((height - self.head_height()) / ROW_H).floor().max(1.0) as usize;
        let total = usize::from(self.total.is_some());
        let mut out = Vec::new();
        let mut start = 0;
        loop {
            let left = self.rows.len() - start;
            if left + total <= room {
                out.push(start..self.rows.len());
                return out;
            }
            // Keep at least one row with the total.
            let take = room.min(left.saturating_sub(1)).max(1);
            out.push(start..start + take);
            start += take;
        }
    }

    /// Draws the header, the rows of `range` and, on the last page, the total.
    pub fn draw(&self, svg: &mut Svg, area: Rect, range: std::ops::Range<usize>) {
        let fonts = svg.fonts();
        let sum: f64 = self.columns.iter().map(|c| c.weight).sum();
        let widths: Vec<f64> = self.columns.iter().map(|c| area.w * c.weight / sum).collect();
        let lefts: Vec<f64> = widths
            .iter()
            .scan(area.x, |x, w| {
                let left = *x;
                *x += w;
                Some(left)
            })
            .collect();
        let cell_x = |i: usize, numeric: bool| {
            if numeric {
                lefts[i] + widths[i] - PAD
            } else {
                lefts[i] + PAD
            }
        };
        let head_h = self.head_height();
        for (i, c) in self.columns.iter().enumerate() {
            let style = if c.numeric {
                TABLE_HEAD.anchored(Anchor::End)
            } else {
                TABLE_HEAD
            };
            let lines = wrap(fonts, &c.heading, widths[i] - 2.0 * PAD, &TABLE_HEAD);
            // Headings sit on the rule: one-line headings on the lower line.
            let offset = HEAD_LINES.saturating_sub(lines.len());
            for (k, line) in lines.iter().take(HEAD_LINES).enumerate() {
                let y = area.y + (offset + k + 1) as f64 * TABLE_HEAD.line_height();
                svg.text(cell_x(i, c.numeric), y, line, &style);
            }
        }
        let mut y = area.y + head_h;
        svg.line((area.x, y), (area.right(), y), INK, 0.8, None);
        let last = range.end == self.rows.len();
        let rows = self.rows[range].iter().map(|r| (r, &TABLE_CELL));
        let total = self.total.iter().filter(|_| last).map(|r| (r, &TABLE_TOTAL));
        for (n, (row, style)) in rows.chain(total).enumerate() {
            let is_total = std::ptr::eq(style, &TABLE_TOTAL);
            if is_total {
                svg.line((area.x, y), (area.right(), y), INK, 0.6, None);
            } else if n % 2 == 1 {
                svg.rect(
                    Rect {
                        x: area.x,
                        y,
                        w: area.w,
                        h: ROW_H,
                    },
                    ZEBRA,
                    None,
                );
            }
            for (i, (cell, c)) in row.iter().zip(&self.columns).enumerate() {
                let style = if c.numeric { style.anchored(Anchor::End) } else { *style };
                let text = super::svg::ellipsize(fonts, cell, widths[i] - 2.0 * PAD, &style);
                svg.text(cell_x(i, c.numeric), y + ROW_H - 4.0, &text, &style);
            }
            y += ROW_H;
        }
        svg.line((area.x, y), (area.right(), y), INK, 0.8, None);
    }
}

/// A short muted note under a table or list.
pub(crate) const NOTE: TextStyle = TextStyle::new(8.5, false, MUTED);
