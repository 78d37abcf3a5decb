//! The risk charts for print, through the same exporter as the report's
//! charts: each as an A4 landscape vector PDF, a 300 dpi PNG or an SVG.

use std::path::{Path, PathBuf};

use super::charts::NamedChart;
use super::montecarlo::RiskResult;
use crate::export::{chart_bytes, write_file, ChartMeta, ExportError, Format};
use crate::format::count;
use crate::model::Scenario;

/// The page furniture of a risk chart: the scenario's source line and
/// assumptions, and how the draws were made.
pub fn risk_chart_meta(file: &str, s: &Scenario, r: &RiskResult, date: &str) -> ChartMeta {
    let mut meta = ChartMeta::for_scenario(file, s, date);
    meta.footnotes.push(format!(
        "Ranges: Monte Carlo of {} draws from seed {}; each draw decides whether each sale goes ahead, \
         so draws are not risk-weighted. Sensitivity: single runs with one family of inputs moved.",
        count(f64::from(r.draws)),
        r.seed
    ));
    meta
}

/// Writes every chart in every chart format into `dir` (created if needed) as
/// `<stem>-<chart name>.<ext>`, each file atomically; returns the files written.
pub fn write_risk_charts(
    charts: &[NamedChart],
    meta: &ChartMeta,
    stem: &str,
    formats: &[Format],
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::CreateDir {
        source,
        path: dir.to_owned(),
    })?;
    let mut written = Vec::new();
    for named in charts {
        for &format in formats {
            if let Some(bytes) = chart_bytes(&named.chart, meta, format)? {
                let path = dir.join(format!("{stem}-{}.{}", named.name, format.extension()));
                write_file(&path, &bytes)?;
                written.push(path);
            }
        }
    }
    Ok(written)
}
