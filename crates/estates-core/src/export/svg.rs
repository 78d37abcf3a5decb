//! A small SVG writer for A4 landscape pages. Units are points (1/72 inch):
//! the root is `297mm x 210mm` with a viewBox in points, so the same file is
//! a true-size SVG, a vector PDF page and a 300 dpi PNG.

use std::fmt::Write as _;

use super::fonts::{Fonts, FAMILY};
use crate::charts::layout::break_lines;

/// A4 landscape in points.
pub(crate) const PAGE_W: f64 = 841.89;
pub(crate) const PAGE_H: f64 = 595.28;

/// A rectangle in page points, `y` downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub size: f64,
    pub bold: bool,
    pub fill: &'static str,
    pub anchor: Anchor,
}

impl TextStyle {
    pub const fn new(size: f64, bold: bool, fill: &'static str) -> Self {
        TextStyle {
            size,
            bold,
            fill,
            anchor: Anchor::Start,
        }
    }

    pub const fn anchored(self, anchor: Anchor) -> Self {
        TextStyle { anchor, ..self }
    }

    /// Baseline-to-baseline distance for wrapped lines.
    pub fn line_height(&self) -> f64 {
        self.size * 1.3
    }
}

/// Near-black for text, dark grey for secondary text (both opaque, print safe).
pub(crate) const INK: &str = "#1A1A1A";
pub(crate) const MUTED: &str = "#4D4D4D";

/// An SVG document being written, with the fonts used to measure its text.
pub(crate) struct Svg {
    fonts: &'static Fonts,
    /// Width and height in points.
    size: (f64, f64),
    defs: String,
    /// Ids defined in `defs`, so a pattern shared by several series is written once.
    defined: Vec<String>,
    body: String,
}

impl Svg {
    /// An empty white A4 landscape page.
    pub fn page(fonts: &'static Fonts) -> Self {
        Svg::sized(fonts, PAGE_W, PAGE_H)
    }

    /// An empty white drawing `w` by `h` points (a figure for a word processor).
    pub fn sized(fonts: &'static Fonts, w: f64, h: f64) -> Self {
        let mut svg = Svg {
            fonts,
            size: (w, h),
            defs: String::new(),
            defined: Vec::new(),
            body: String::new(),
        };
        svg.rect(Rect { x: 0.0, y: 0.0, w, h }, "#FFFFFF", None);
        svg
    }

    pub fn fonts(&self) -> &'static Fonts {
        self.fonts
    }

    pub fn width(&self, text: &str, style: &TextStyle) -> f64 {
        self.fonts.width(text, style.size, style.bold)
    }

    /// Adds a definition (a fill pattern) with id `id` to `<defs>`.
    pub fn define(&mut self, id: &str, def: &str) {
        self.defined.push(id.to_owned());
        self.defs.push_str(def);
    }

    pub fn has_definition(&self, id: &str) -> bool {
        self.defined.iter().any(|d| d == id)
    }

    /// A filled rectangle, optionally outlined with `(colour, width)`.
    pub fn rect(&mut self, r: Rect, fill: &str, stroke: Option<(&str, f64)>) {
        let _ = write!(
            self.body,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{fill}""#,
            r.x, r.y, r.w, r.h
        );
        self.stroke_attrs(stroke);
        self.body.push_str("/>\n");
    }

    fn stroke_attrs(&mut self, stroke: Option<(&str, f64)>) {
        if let Some((colour, width)) = stroke {
            let _ = write!(self.body, r#" stroke="{colour}" stroke-width="{width:.2}""#);
        }
    }

    /// A straight line; `dash` is an SVG dash array such as `"4 2"`.
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: &str, width: f64, dash: Option<&str>) {
        let _ = write!(
            self.body,
            r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{colour}" stroke-width="{width:.2}""#,
            from.0, from.1, to.0, to.1
        );
        self.dash_attr(dash);
        self.body.push_str("/>\n");
    }

    fn dash_attr(&mut self, dash: Option<&str>) {
        if let Some(d) = dash {
            let _ = write!(self.body, r#" stroke-dasharray="{d}""#);
        }
    }

    /// An open polyline through `points`.
    pub fn polyline(&mut self, points: &[(f64, f64)], colour: &str, width: f64, dash: Option<&str>) {
        self.body.push_str(r#"<polyline points=""#);
        for (x, y) in points {
            let _ = write!(self.body, "{x:.2},{y:.2} ");
        }
        let _ = write!(
            self.body,
            r#"" fill="none" stroke="{colour}" stroke-width="{width:.2}" stroke-linejoin="round""#
        );
        self.dash_attr(dash);
        self.body.push_str("/>\n");
    }

    /// A closed, filled polygon (line markers).
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str, stroke: Option<(&str, f64)>) {
        self.body.push_str(r#"<polygon points=""#);
        for (x, y) in points {
            let _ = write!(self.body, "{x:.2},{y:.2} ");
        }
        let _ = write!(self.body, r#"" fill="{fill}""#);
        self.stroke_attrs(stroke);
        self.body.push_str("/>\n");
    }

    /// A filled path of closed rings (`rings` of page points), optionally
    /// outlined; one element per borough keeps a London map small.
    pub fn rings(&mut self, rings: &[Vec<(f64, f64)>], fill: &str, stroke: Option<(&str, f64)>) {
        self.body.push_str(r#"<path d=""#);
        for ring in rings {
            for (k, (x, y)) in ring.iter().enumerate() {
                let _ = write!(self.body, "{}{x:.1} {y:.1} ", if k == 0 { "M" } else { "L" });
            }
            self.body.push_str("Z ");
        }
        let _ = write!(self.body, r#"" fill="{fill}" stroke-linejoin="round""#);
        self.stroke_attrs(stroke);
        self.body.push_str("/>\n");
    }

    /// A filled circle (a site's marker), optionally outlined.
    pub fn circle(&mut self, (x, y): (f64, f64), r: f64, fill: &str, stroke: Option<(&str, f64)>) {
        let _ = write!(self.body, r#"<circle cx="{x:.2}" cy="{y:.2}" r="{r:.2}" fill="{fill}""#);
        self.stroke_attrs(stroke);
        self.body.push_str("/>\n");
    }

    /// One line of text with its baseline at `(x, y)`.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        self.text_rotated(x, y, text, style, 0.0);
    }

    /// Text on a white halo (a white outline painted under its fill, in the
    /// one text element so the words are extracted once), readable over map
    /// shading and markers.
    pub fn text_halo(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let before = self.body.len();
        self.text(x, y, text, style);
        if let Some(end) = self.body[before..].find('>') {
            self.body.insert_str(
                before + end,
                r##" stroke="#FFFFFF" stroke-width="2" stroke-linejoin="round" paint-order="stroke""##,
            );
        }
    }

    /// Text rotated by `degrees` (clockwise) about its anchor point.
    pub fn text_rotated(&mut self, x: f64, y: f64, text: &str, style: &TextStyle, degrees: f64) {
        let anchor = match style.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = if style.bold { "bold" } else { "normal" };
        let _ = write!(
            self.body,
            r#"<text x="{x:.2}" y="{y:.2}" font-family="{FAMILY}, Verdana, sans-serif" font-size="{:.2}" font-weight="{weight}" fill="{}" text-anchor="{anchor}""#,
            style.size, style.fill
        );
        if degrees != 0.0 {
            let _ = write!(self.body, r#" transform="rotate({degrees:.1} {x:.2} {y:.2})""#);
        }
        let _ = writeln!(self.body, ">{}</text>", escape(text));
    }

    /// The finished document, sized in millimetres so that it prints at true size.
    pub fn finish(self) -> String {
        let (w, h) = self.size;
        let mm = |points: f64| points / 72.0 * 25.4;
        let (w_mm, h_mm) = (mm(w), mm(h));
        format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                "\n",
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w_mm:.1}mm" height="{h_mm:.1}mm" viewBox="0 0 {w} {h}">"#,
                "\n<defs>\n{defs}</defs>\n{body}</svg>\n"
            ),
            w_mm = w_mm,
            h_mm = h_mm,
            w = w,
            h = h,
            defs = self.defs,
            body = self.body
        )
    }
}

/// Escapes text for XML content and attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Splits text into lines no wider than `width`, breaking at spaces; a word
/// wider than the line is shortened with an ellipsis rather than overflowing.
pub(crate) fn wrap(fonts: &Fonts, text: &str, width: f64, style: &TextStyle) -> Vec<String> {
    let measure = |s: &str| fonts.width(s, style.size, style.bold);
    let mut lines = break_lines(text, width, measure);
    // An empty text has no lines (the shared breaker keeps one, for a label).
    lines.retain(|l| !l.is_empty());
    lines.into_iter().map(|l| ellipsize(fonts, &l, width, style)).collect()
}

/// Shortens text with a trailing ellipsis so that it fits `width`: the
/// longest start of the text (trailing spaces dropped) that fits with the
/// ellipsis after it. One pass over the characters, so a name of any length
/// costs time in proportion to its length (it used to be measured again for
/// every character dropped, which took minutes for a 10,000-character name).
pub(crate) fn ellipsize(fonts: &Fonts, text: &str, width: f64, style: &TextStyle) -> String {
    crate::charts::layout::shorten(text, width, |s: &str| fonts.width(s, style.size, style.bold))
}

/// Wraps text into at most `max_lines`, the last shortened with an ellipsis
/// when the text does not fit.
pub(crate) fn wrap_lines(fonts: &Fonts, text: &str, width: f64, style: &TextStyle, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(fonts, text, width, style);
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(ellipsize(fonts, &rest, width, style));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::fonts::fonts;
    use super::*;

    const STYLE: TextStyle = TextStyle::new(10.0, false, INK);

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"A&B <"x"> 'y'"#),
            "A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos;"
        );
    }

    #[test]
    fn wraps_within_width() {
        let f = fonts().expect("fonts");
        let text = "Capex with optimism bias: from pots, from grants, and the funding gap";
        let lines = wrap(f, text, 150.0, &STYLE);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| f.width(l, 10.0, false) <= 150.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn long_words_and_line_limits_get_ellipses() {
        let f = fonts().expect("fonts");
        let lines = wrap(f, "Supercalifragilisticexpialidocious", 60.0, &STYLE);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with('…') && f.width(&lines[0], 10.0, false) <= 60.0);
        let limited = wrap_lines(f, "one two three four five six seven", 40.0, &STYLE, 2);
        assert_eq!(limited.len(), 2);
        assert!(limited[1].ends_with('…'));
    }
}
