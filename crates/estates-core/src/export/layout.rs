//! Text and tables that run over several pages: paragraphs set line by line
//! and tables split between rows with their header repeated, so a long
//! "Risks and issues" list or a disposal table of a London-scale scenario is
//! printed whole, never cut off.

use super::fonts::Fonts;
use super::svg::{ellipsize, wrap, wrap_lines, Anchor, Rect, Svg, TextStyle, INK, MUTED};

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

/// A table: columns, rows of cells, an optional bold last row (totals) and
/// an optional row set in bold (the preferred option).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Vec<Col>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
    pub emphasis: Option<usize>,
}

const TABLE_HEAD: TextStyle = TextStyle::new(8.5, true, INK);
const TABLE_CELL: TextStyle = TextStyle::new(9.0, false, INK);
const TABLE_BOLD: TextStyle = TextStyle::new(9.0, true, INK);
/// Height of a one-line row; each further line of a wrapped cell adds a line height.
const ROW_H: f64 = 15.0;
/// Text cells wrap to at most this many lines before they are shortened.
const CELL_LINES: usize = 2;
const HEAD_LINES: usize = 3;
const ZEBRA: &str = "#F2F2F2";
const PAD: f64 = 5.0;

impl Table {
    fn widths(&self, width: f64) -> Vec<f64> {
        let sum: f64 = self.columns.iter().map(|c| c.weight).sum();
        self.columns.iter().map(|c| width * c.weight / sum).collect()
    }

    /// Each heading's lines: wrapped to its column, at most [`HEAD_LINES`].
    fn head_lines(&self, fonts: &Fonts, widths: &[f64]) -> Vec<Vec<String>> {
        self.columns
            .iter()
            .zip(widths)
            .map(|(c, w)| wrap_lines(fonts, &c.heading, w - 2.0 * PAD, &TABLE_HEAD, HEAD_LINES))
            .collect()
    }

    fn head_height(&self, fonts: &Fonts, widths: &[f64]) -> f64 {
        let lines = self.head_lines(fonts, widths).iter().map(Vec::len).max().unwrap_or(1);
        lines as f64 * TABLE_HEAD.line_height() + 6.0
    }

    /// Each cell's lines: text wrapped to two lines, figures on one.
    fn cell_lines(&self, fonts: &Fonts, widths: &[f64], row: &[String], style: &TextStyle) -> Vec<Vec<String>> {
        row.iter()
            .zip(&self.columns)
            .zip(widths)
            .map(|((cell, c), w)| {
                if c.numeric {
                    vec![ellipsize(fonts, cell, w - 2.0 * PAD, style)]
                } else {
                    wrap_lines(fonts, cell, w - 2.0 * PAD, style, CELL_LINES)
                }
            })
            .collect()
    }

    fn row_height(lines: &[Vec<String>]) -> f64 {
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        ROW_H + (n - 1) as f64 * TABLE_CELL.line_height()
    }

    /// The rows of each page when the table is set in areas `width` wide and
    /// `height` high: index ranges into `rows`; the total row goes on the last page.
    pub fn pages(&self, fonts: &Fonts, width: f64, height: f64) -> Vec<std::ops::Range<usize>> {
        let widths = self.widths(width);
        let room = height - self.head_height(fonts, &widths);
        let heights: Vec<f64> = self
            .rows
            .iter()
            .map(|r| Self::row_height(&self.cell_lines(fonts, &widths, r, &TABLE_CELL)))
            .collect();
        let total_h = if self.total.is_some() { ROW_H } else { 0.0 };
        let mut out = Vec::new();
        let mut start = 0;
        while start < self.rows.len() {
            let mut used = 0.0;
            let mut end = start;
            while end < self.rows.len() && (end == start || used + heights[end] <= room) {
                used += heights[end];
                end += 1;
            }
            // The total needs room on the last page; move the last row over with it if not.
            if end == self.rows.len() && used + total_h > room && end - start > 1 {
                end -= 1;
            }
            out.push(start..end);
            start = end;
        }
        if out.is_empty() {
            out.push(0..0);
        }
        out
    }

    /// Draws the header, the rows of `range` and, on the last page, the total.
    pub fn draw(&self, svg: &mut Svg, area: Rect, range: std::ops::Range<usize>) {
        let fonts = svg.fonts();
        let widths = self.widths(area.w);
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
        let heads = self.head_lines(fonts, &widths);
        let head_rows = heads.iter().map(Vec::len).max().unwrap_or(1);
        for (i, (c, lines)) in self.columns.iter().zip(&heads).enumerate() {
            let style = if c.numeric {
                TABLE_HEAD.anchored(Anchor::End)
            } else {
                TABLE_HEAD
            };
            // Headings sit on the rule: short headings on the lower lines.
            let offset = head_rows - lines.len();
            for (k, line) in lines.iter().enumerate() {
                let y = area.y + (offset + k + 1) as f64 * TABLE_HEAD.line_height();
                svg.text(cell_x(i, c.numeric), y, line, &style);
            }
        }
        let mut y = area.y + self.head_height(fonts, &widths);
        svg.line((area.x, y), (area.right(), y), INK, 0.8, None);
        let last = range.end == self.rows.len();
        let rows = range.map(|k| {
            let style = if self.emphasis == Some(k) {
                &TABLE_BOLD
            } else {
                &TABLE_CELL
            };
            (&self.rows[k], style, false)
        });
        let total = self.total.iter().filter(|_| last).map(|r| (r, &TABLE_BOLD, true));
        for (n, (row, style, is_total)) in rows.chain(total).enumerate() {
            let lines = self.cell_lines(fonts, &widths, row, style);
            let h = Self::row_height(&lines);
            if is_total {
                svg.line((area.x, y), (area.right(), y), INK, 0.6, None);
            } else if n % 2 == 1 {
                svg.rect(
                    Rect {
                        x: area.x,
                        y,
                        w: area.w,
                        h,
                    },
                    ZEBRA,
                    None,
                );
            }
            for (i, (cell, c)) in lines.iter().zip(&self.columns).enumerate() {
                let style = if c.numeric { style.anchored(Anchor::End) } else { *style };
                for (k, line) in cell.iter().enumerate() {
                    let baseline = y + ROW_H - 4.0 + k as f64 * TABLE_CELL.line_height();
                    svg.text(cell_x(i, c.numeric), baseline, line, &style);
                }
            }
            y += h;
        }
        svg.line((area.x, y), (area.right(), y), INK, 0.8, None);
    }
}

/// A short muted note under a table or list.
pub(crate) const NOTE: TextStyle = TextStyle::new(8.5, false, MUTED);
