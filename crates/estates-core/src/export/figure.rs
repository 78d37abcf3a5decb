//! Figures for word processors: each chart on its own, without page
//! furniture (no marking, title, source or page number, which the paper
//! around it carries), as a PNG at 300 dpi of a chosen width (16 cm by
//! default) and an SVG of the same size, with the title and source in a
//! caption text file beside them.

use std::path::{Path, PathBuf};

use super::chart::{draw, shared_range};
use super::fonts::fonts;
use super::pack::{charts_by_id, comparison_charts, comparison_meta, pack_chart_meta, PackItem, PackMeta};
use super::page::ChartMeta;
use super::png::render_png;
use super::svg::{Rect, Svg};
use super::{write_file, ExportError};
use crate::charts::{Chart, ChartId};

/// The width of a figure when none is asked for, in centimetres.
pub const DEFAULT_FIGURE_WIDTH_CM: f64 = 16.0;
/// Figures are this much as tall as they are wide (16 cm by 10 cm), or taller for a long legend.
const ASPECT: f64 = 0.625;
/// The folder under the export folder that figures are written to.
pub const FIGURES_DIR: &str = "figures";
/// Figure PNGs are rendered at 300 dots per inch.
const DPI: f64 = 300.0;
/// White space around the chart inside the figure, in points.
const PAD: f64 = 6.0;

const POINTS_PER_CM: f64 = 72.0 / 2.54;

/// A figure's size in points for a width in centimetres.
fn figure_size(width_cm: f64) -> (f64, f64) {
    let w = width_cm * POINTS_PER_CM;
    (w, w * ASPECT)
}

/// Pixels across a figure `width_cm` wide at 300 dpi (16 cm is 1,890).
pub fn figure_pixels(width_cm: f64) -> u32 {
    (width_cm / 2.54 * DPI).round() as u32
}

/// One chart as a figure SVG, `width_cm` wide at true size. `range` fixes
/// the y range (the same chart of several scenarios shares one scale).
pub fn figure_svg(chart: &Chart, width_cm: f64, range: Option<(f64, f64)>) -> Result<String, ExportError> {
    let (w, h) = figure_size(width_cm);
    let fonts = fonts()?;
    let draw_at = |h: f64| {
        let mut svg = Svg::sized(fonts, w, h);
        let area = Rect {
            x: PAD,
            y: PAD,
            w: w - 2.0 * PAD,
            h: h - 2.0 * PAD,
        };
        let short = draw(&mut svg, chart, area, range);
        (svg, short)
    };
    // A long legend or key makes the figure taller rather than the plot flat.
    let (mut svg, short) = draw_at(h);
    if short > 0.0 {
        svg = draw_at(h + short).0;
    }
    Ok(svg.finish())
}

/// One chart as a figure PNG at 300 dpi, `width_cm` wide.
pub fn figure_png(chart: &Chart, width_cm: f64, range: Option<(f64, f64)>) -> Result<Vec<u8>, ExportError> {
    render_png(&figure_svg(chart, width_cm, range)?, figure_pixels(width_cm))?.encode()
}

/// One chart as figure pixels (width, height, RGBA) for the clipboard.
pub fn figure_rgba(chart: &Chart, width_cm: f64) -> Result<(u32, u32, Vec<u8>), ExportError> {
    let image = render_png(&figure_svg(chart, width_cm, None)?, figure_pixels(width_cm))?;
    Ok(image.rgba())
}

/// The caption written beside a figure: title, subtitle, what the figures on
/// the bars are, the source line and the notes, one a paragraph.
pub fn figure_caption(chart: &Chart, meta: &ChartMeta) -> String {
    let mut out = String::new();
    if let Some(scenario) = &meta.scenario {
        out.push_str(&format!("{scenario}\n"));
    }
    out.push_str(&format!("{}\n", chart.title));
    for part in [&chart.subtitle, &chart.bar_totals, &meta.source] {
        if !part.is_empty() {
            out.push_str(&format!("\n{part}\n"));
        }
    }
    for (i, note) in meta.footnotes.iter().enumerate() {
        out.push_str(&format!("{}. {note}\n", i + 1));
    }
    if let Some(marking) = meta.marking.as_deref().filter(|m| !m.trim().is_empty()) {
        out.push_str(&format!("\nProtective marking: {marking}\n"));
    }
    out
}

/// Writes a figure as `<stem>.png`, `<stem>.svg` and `<stem>.txt` (the caption);
/// returns the paths written.
pub fn write_figure(chart: &Chart, meta: &ChartMeta, width_cm: f64, stem: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let with = |ext: &str| {
        let mut name = stem.as_os_str().to_owned();
        name.push(format!(".{ext}"));
        PathBuf::from(name)
    };
    let svg = figure_svg(chart, width_cm, meta.y_range)?;
    let png = render_png(&svg, figure_pixels(width_cm))?.encode()?;
    let files = [
        (with("png"), png),
        (with("svg"), svg.into_bytes()),
        (with("txt"), figure_caption(chart, meta).into_bytes()),
    ];
    let mut written = Vec::new();
    for (path, bytes) in files {
        write_file(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes every chart of `items` as figures under `dir/figures/`, named
/// as the export names its pages (`<file stem>-<chart>`, `comparison-<chart>`).
pub fn write_figures(
    items: &[PackItem],
    meta: &PackMeta,
    dir: &Path,
    width_cm: f64,
) -> Result<Vec<PathBuf>, ExportError> {
    if items.is_empty() {
        return Err(ExportError::NoScenarios);
    }
    let dir = dir.join(FIGURES_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| ExportError::CreateDir {
        source,
        path: dir.clone(),
    })?;
    let mut written = Vec::new();
    let overlay_meta = comparison_meta(items, meta);
    for c in comparison_charts(items) {
        let stem = dir.join(format!("comparison-{}", c.id.slug()));
        written.extend(write_figure(&c, &overlay_meta, width_cm, &stem)?);
    }
    let stems = super::files::unique_stems(items);
    for (id, charts) in ChartId::ALL.iter().zip(charts_by_id(items)) {
        let range = shared_range(&charts);
        for ((item, stem), c) in items.iter().zip(&stems).zip(&charts) {
            let chart_meta = pack_chart_meta(item, meta, range);
            let stem = dir.join(format!("{stem}-{}", id.slug()));
            written.extend(write_figure(c, &chart_meta, width_cm, &stem)?);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_centimetres_is_1890_pixels_at_300_dpi() {
        // 16 cm / 2.54 cm an inch x 300 dots an inch = 1889.8.
        assert_eq!(figure_pixels(16.0), 1890);
        let (w, h) = figure_size(16.0);
        assert!((w - 453.54).abs() < 0.01 && (h - 283.46).abs() < 0.01);
    }
}
