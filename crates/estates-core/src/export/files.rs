//! Writing a whole export to a folder: every chart of every scenario in each
//! format, the overlaid comparison charts when there are several scenarios,
//! the CSV tables, and the board pack. Each file is written atomically, so an
//! interrupted export never leaves a truncated file.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::chart::shared_range;
use super::pack::{
    board_pack_pdf, charts_by_id, comparison_charts, comparison_meta, pack_chart_meta, PackItem, PackMeta,
};
use super::{chart_bytes, csv_tables, write_file, ExportError};
use crate::charts::ChartId;

/// An output format of the `export` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Pdf,
    Png,
    Svg,
    Csv,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Png, Format::Svg, Format::Csv];

    /// The format a file name's extension asks for, if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(ext))
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Csv => "csv",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("'{s}' is not an export format; use pdf, png, svg or csv"))
    }
}

/// The name of the board pack file written when PDF is among the formats.
pub const BOARD_PACK_FILE: &str = "board-pack.pdf";

/// Writes the export of `items` into `dir` (created if needed) and returns
/// the files written, in order. Files are named `<file stem>-<chart>.<ext>`,
/// `comparison-<chart>.<ext>` for the overlays and `<file stem>-<table>.csv`;
/// the same chart shares one y scale across scenarios, as in the board pack.
pub fn write_all(
    items: &[PackItem],
    formats: &[Format],
    meta: &PackMeta,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    write_all_counted(items, formats, meta, dir, &AtomicUsize::new(0))
}

/// [`write_all`], counting the files written in `done` as it goes, so that
/// another thread can show progress of a long export.
pub fn write_all_counted(
    items: &[PackItem],
    formats: &[Format],
    meta: &PackMeta,
    dir: &Path,
    done: &AtomicUsize,
) -> Result<Vec<PathBuf>, ExportError> {
    if items.is_empty() {
        return Err(ExportError::NoScenarios);
    }
    std::fs::create_dir_all(dir).map_err(|source| ExportError::CreateDir {
        source,
        path: dir.to_owned(),
    })?;
    let stems = unique_stems(items);
    let mut written = Vec::new();
    let mut write = |name: String, bytes: &[u8]| -> Result<(), ExportError> {
        let path = dir.join(name);
        write_file(&path, bytes)?;
        written.push(path);
        done.fetch_add(1, Ordering::Relaxed);
        Ok(())
    };
    let overlay_meta = comparison_meta(items, meta);
    for c in comparison_charts(items) {
        for format in formats {
            if let Some(bytes) = chart_bytes(&c, &overlay_meta, *format)? {
                write(format!("comparison-{}.{}", c.id.slug(), format.extension()), &bytes)?;
            }
        }
    }
    for (id, charts) in ChartId::ALL.iter().zip(charts_by_id(items)) {
        let range = shared_range(&charts);
        for ((item, stem), c) in items.iter().zip(&stems).zip(&charts) {
            let chart_meta = pack_chart_meta(item, meta, range);
            for format in formats {
                if let Some(bytes) = chart_bytes(c, &chart_meta, *format)? {
                    write(format!("{stem}-{}.{}", id.slug(), format.extension()), &bytes)?;
                }
            }
        }
    }
    if formats.contains(&Format::Csv) {
        for (item, stem) in items.iter().zip(&stems) {
            for (table, text) in csv_tables(item.scenario, item.report)? {
                write(format!("{stem}-{table}.csv"), text.as_bytes())?;
            }
        }
    }
    if formats.contains(&Format::Pdf) {
        write(BOARD_PACK_FILE.to_owned(), &board_pack_pdf(items, meta)?)?;
    }
    Ok(written)
}

/// File stems of the scenarios, numbered `-2`, `-3`... when two files share a name.
pub(crate) fn unique_stems(items: &[PackItem]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let stem = Path::new(item.file)
            .file_stem()
            .map_or_else(|| "scenario".to_owned(), |s| s.to_string_lossy().into_owned());
        let mut candidate = stem.clone();
        let mut n = 1;
        while out.contains(&candidate) {
            n += 1;
            candidate = format!("{stem}-{n}");
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scenario;

    #[test]
    fn formats_parse_from_their_extensions() {
        assert_eq!("PDF".parse::<Format>(), Ok(Format::Pdf));
        assert_eq!(" png".parse::<Format>(), Ok(Format::Png));
        assert!("docx".parse::<Format>().is_err());
    }

    #[test]
    fn repeated_file_names_get_numbered_stems() {
        let s = Scenario::default();
        let r = crate::compute(&s);
        let items: Vec<PackItem> = ["a/x.ron", "b/x.ron", "y.json"]
            .into_iter()
            .map(|file| PackItem {
                file,
                scenario: &s,
                report: &r,
                risk: None,
            })
            .collect();
        assert_eq!(unique_stems(&items), ["x", "x-2", "y"]);
    }
}
