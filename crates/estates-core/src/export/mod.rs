//! Print export: charts as A4 landscape SVG, vector PDF and 300 dpi PNG, the
//! board pack PDF, and the report's CSV tables.
//!
//! Every output starts as one SVG page written here from the same
//! [`Chart`] data the app plots, so the paper and the screen agree. svg2pdf
//! turns a page into PDF (text stays searchable, the bundled font is subset
//! and embedded) and resvg renders it to PNG. The charts are drawn by this
//! module rather than by a plotting crate so that every series can carry a
//! hatch or dash for greyscale print, legends never cover data, and the page
//! furniture (marking, source line, footnotes) shares one layout with them.

mod appendix;
mod chart;
mod figure;
mod files;
mod fonts;
mod layout;
mod map;
mod pack;
mod page;
mod pdf;
mod png;
mod svg;

use crate::charts::Chart;
use crate::csv_out::Bom;
use crate::io::SaveError;
use crate::model::Scenario;
use crate::report::Report;
use crate::tables;

pub use figure::{
    figure_caption, figure_pixels, figure_png, figure_rgba, figure_svg, write_figure, write_figures,
    DEFAULT_FIGURE_WIDTH_CM, FIGURES_DIR,
};
pub use files::{write_all, write_all_counted, Format};
pub use pack::{
    board_pack_pdf, comparison_charts, comparison_meta, default_title, marriage_value_note, page_count,
    summary_in_words, PackItem, PackMeta,
};
pub use page::{assumption_notes, discounting, source_line, ChartMeta};
pub use png::{PIXELS_PER_METRE, PNG_HEIGHT, PNG_WIDTH};
/// Width of `text` in points at `size` in the bundled font the exporter sets
/// every label in, so callers can check that exported labels fit their room.
pub fn text_width(text: &str, size: f64, bold: bool) -> Result<f64, ExportError> {
    Ok(fonts::fonts()?.width(text, size, bold))
}
/// The SVG parser the exporter renders with, for callers that read exported SVG back.
pub use svg2pdf::usvg;

/// Why an export failed. Nothing is left half-written: files are written atomically.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the bundled font cannot be read: {0}")]
    Font(String),
    #[error("a page could not be read back as SVG: {0}")]
    Svg(String),
    #[error("a page could not be converted to PDF: {0}")]
    Pdf(String),
    #[error("a page could not be encoded as PNG: {0}")]
    Png(String),
    #[error("there is not enough memory for a 300 dpi page")]
    Render,
    #[error("a table could not be written as CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the map cannot be drawn: {0}")]
    Map(String),
    #[error("a board pack needs at least one scenario")]
    NoScenarios,
    #[error("cannot create the output folder: {source}: {path}")]
    CreateDir {
        source: std::io::Error,
        path: std::path::PathBuf,
    },
    #[error("cannot write the file: {source}: {path}")]
    Write {
        source: std::io::Error,
        path: std::path::PathBuf,
    },
    #[error(transparent)]
    Save(SaveError),
}

/// Writes an exported file atomically (a temporary file renamed over the
/// target), so an interrupted export never leaves a truncated file.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::io::write_atomic(path, bytes).map_err(|e| match e {
        SaveError::Io { source, path } => ExportError::Write { source, path },
        other => ExportError::Save(other),
    })
}

/// One chart as a standalone A4 landscape SVG page (title, chart, source and notes).
pub fn chart_svg(chart: &Chart, meta: &ChartMeta) -> Result<String, ExportError> {
    Ok(page::chart_page(fonts::fonts()?, chart, meta))
}

/// One chart as a one-page vector PDF, A4 landscape.
pub fn chart_pdf(chart: &Chart, meta: &ChartMeta) -> Result<Vec<u8>, ExportError> {
    pdf::page_pdf(&chart_svg(chart, meta)?)
}

/// One chart as an A4 landscape PNG at 300 dpi ([`PNG_WIDTH`] x [`PNG_HEIGHT`]).
pub fn chart_png(chart: &Chart, meta: &ChartMeta) -> Result<Vec<u8>, ExportError> {
    png::page_png(&chart_svg(chart, meta)?)
}

/// One chart in a chart format; `None` for CSV, which holds tables, not charts.
pub fn chart_bytes(chart: &Chart, meta: &ChartMeta, format: Format) -> Result<Option<Vec<u8>>, ExportError> {
    Ok(match format {
        Format::Pdf => Some(chart_pdf(chart, meta)?),
        Format::Png => Some(chart_png(chart, meta)?),
        Format::Svg => Some(chart_svg(chart, meta)?.into_bytes()),
        Format::Csv => None,
    })
}

/// The report's CSV tables as files, named `yearly`, `disposals` and
/// `projects` (`s` is the scenario the report was computed from, for site
/// names); each starts with a byte order mark so Excel reads `£` and names right.
pub fn csv_tables(s: &Scenario, r: &Report) -> Result<[(&'static str, String); 3], ExportError> {
    Ok([
        ("yearly", tables::yearly_csv(r, Bom::With)?),
        ("disposals", tables::disposals_csv(s, r, Bom::With)?),
        ("projects", tables::projects_csv(r, Bom::With)?),
    ])
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Today's date (UTC) as printed on papers: `1 November 2026`.
pub fn today() -> String {
    // A clock set before 1970 is not worth failing an export for; it prints 1 January 1970.
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    long_date((secs / 86_400) as i64)
}

/// A day count since 1970-01-01 as `d Month yyyy`.
fn long_date(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

/// A day count since 1970-01-01 as (year, month 1-12, day 1-31), by Howard
/// Hinnant's civil-from-days.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_in_long_form() {
        assert_eq!(long_date(0), "1 January 1970");
        assert_eq!(long_date(11_016), "29 February 2000");
        assert_eq!(long_date(20_758), "1 November 2026");
    }
}
