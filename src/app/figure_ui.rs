//! A chart as a figure for a word processor: saved alone (PNG at 300 dpi,
//! 16 cm wide, its SVG and a caption text file beside it) or copied to the
//! clipboard as an image, without the page furniture of a print export.

use std::path::Path;

use estates_core::charts::Chart;
use estates_core::export::{figure_rgba, write_figure, DEFAULT_FIGURE_WIDTH_CM};

use super::export_ui::{chart_meta, report, ChartSources, PrintOptions};
use super::files::Purpose;
use super::notices::Notices;

/// Writes `chart` as `NAME.png`, `NAME.svg` and `NAME.txt` (its caption: title, source and notes).
pub fn export_figure(
    chart: &Chart,
    path: &Path,
    sources: &ChartSources,
    options: &PrintOptions,
    notices: &mut Notices,
) {
    let path = Purpose::ExportFigure.complete(path);
    let Some(meta) = chart_meta(chart, sources, options, notices) else {
        return;
    };
    let stem = path.with_extension("");
    let written = write_figure(chart, &meta, DEFAULT_FIGURE_WIDTH_CM, &stem).map(|_| ());
    report(
        notices,
        written,
        &path,
        &format!(
            "the chart “{}” as a figure (PNG 16 cm wide at 300 dpi, SVG and caption beside it)",
            chart.title
        ),
    );
}

/// Puts `chart` on the clipboard as an image, 16 cm wide at 300 dpi.
pub fn copy_chart(ctx: &egui::Context, chart: &Chart, notices: &mut Notices) {
    match figure_rgba(chart, DEFAULT_FIGURE_WIDTH_CM) {
        Ok((w, h, rgba)) => {
            let image = egui::ColorImage::from_rgba_unmultiplied([w as usize, h as usize], &rgba);
            ctx.copy_image(image);
            notices.info(format!(
                "Copied the chart “{}” as an image (16 cm wide at 300 dpi): paste it into your paper.",
                chart.title
            ));
        }
        Err(e) => notices.error(format!("Cannot copy the chart “{}”: {e}", chart.title)),
    }
}
