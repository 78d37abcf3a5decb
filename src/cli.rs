//! The headless commands: the same figures as the app, for scripts and CI.
//!
//! Exit codes: 0 success, 1 the scenario has errors, 2 usage or unreadable file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use clap::{Parser, Subcommand, ValueEnum};

use estates_core::compare::{compare_text, diff};
use estates_core::export::{
    default_title, today, write_all, write_figures, Format, PackItem, PackMeta, DEFAULT_FIGURE_WIDTH_CM,
};
use estates_core::generate::{london_scale, GenParams};
use estates_core::import::{apply_import, decode_register, export_sites_csv, plan_import, preview, ColumnMapping};
use estates_core::io::{backup_path, load, load_tracked, read_limited, save, save_checked, write_atomic, LoadError};
use estates_core::model::RiskSettings;
use estates_core::risk::{analyse, risk_chart_meta, risk_charts, risk_text, write_risk_charts, RiskError};
use estates_core::validate::validate;
use estates_core::{compute, tables, Scenario};

#[derive(Debug, Parser)]
#[command(
    name = "estates-receipts",
    version,
    about = "Estates Receipts Modeller: NHS and council land receipts, marriage value and reinvestment",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Scenario file to open in the app (default: the built-in Lewisham sample).
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate scenario files: exit 0 when valid (warnings printed), 1 with every error listed.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Compute a scenario and print its report.
    Report {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Headline figures of several scenarios side by side, with what changed from the first.
    Compare {
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
    },
    /// Risk analysis: Monte Carlo P10/P50/P90, funding probabilities, pot balance fans,
    /// the sensitivity tornado and switching values.
    Risk {
        file: PathBuf,
        /// Number of draws (default: the scenario's, normally 10,000).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(RiskSettings::MAX_DRAWS)))]
        draws: Option<u32>,
        /// Seed of the draws (default: the scenario's); the same seed gives the same figures.
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, value_enum, default_value_t = RiskFormat::Table)]
        format: RiskFormat,
        /// Also write the risk charts for print (fans, histograms, funding chances, tornadoes) into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Chart formats for --out, comma separated: pdf, png, svg.
        #[arg(long, value_delimiter = ',', default_value = "pdf,png,svg", requires = "out")]
        chart_format: Vec<Format>,
    },
    /// Import a site register (CSV with a header row) into a scenario: new sites are
    /// added, sites already there (same ePIMS id, or name and owner) updated. Rows
    /// that cannot be read are listed and skipped; the previous scenario is kept as .bak.
    ImportSites {
        /// The register: comma, semicolon or tab separated.
        file: PathBuf,
        /// The scenario file to update.
        #[arg(long = "into", value_name = "SCENARIO")]
        into: PathBuf,
        /// Print what the import would do without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Owner for rows without one (a single organisation's return).
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
    },
    /// Write a reproducible London-scale scenario (illustrative figures, for benchmarks
    /// and stress tests): the same seed and sizes always give the same file.
    Generate {
        #[arg(long)]
        seed: u64,
        #[arg(long, default_value_t = GenParams::default().sites)]
        sites: usize,
        #[arg(long, default_value_t = GenParams::default().assemblies)]
        assemblies: usize,
        #[arg(long, default_value_t = GenParams::default().projects)]
        projects: usize,
        /// Years modelled from FY 2026, 1 to 60.
        #[arg(long, default_value_t = GenParams::default().horizon,
              value_parser = clap::value_parser!(u32).range(1..=60))]
        horizon: u32,
        #[arg(long, value_name = "FILE.ron")]
        out: PathBuf,
    },
    /// Write a scenario's site register as CSV, in the layout import-sites reads.
    ExportSites {
        file: PathBuf,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Print export: each scenario's charts as A4 landscape PDF, 300 dpi PNG and SVG, its CSV
    /// tables, and one board-pack.pdf covering every scenario given (when pdf is a format).
    Export {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder to write into (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Formats, comma separated: pdf, png, svg, csv.
        #[arg(long, value_delimiter = ',', default_value = "pdf,png,svg,csv")]
        format: Vec<Format>,
        /// Protective marking for the top and bottom of every page, e.g. "OFFICIAL-SENSITIVE: COMMERCIAL".
        #[arg(long, value_name = "TEXT")]
        marking: Option<String>,
        /// Who prepared the pack, for its title page.
        #[arg(long, value_name = "TEXT", default_value = "")]
        prepared_by: String,
        /// Board pack title (default: the scenario names).
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Also write each chart on its own for word processors, under DIR/figures/: PNG at
        /// 300 dpi and SVG, without page furniture, with its title and source in a caption .txt.
        #[arg(long)]
        figures: bool,
        /// Width of the --figures images in centimetres (2 to 50).
        #[arg(long, value_name = "CM", default_value_t = DEFAULT_FIGURE_WIDTH_CM, requires = "figures")]
        figure_width_cm: f64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RiskFormat {
    Table,
    Json,
}

/// A command's failure: scenario errors (exit 1) or usage and I/O (exit 2).
#[derive(Debug)]
pub enum Failure {
    Invalid(String),
    Usage(String),
}

impl Failure {
    fn from_load(path: &Path, e: LoadError) -> Self {
        match e {
            LoadError::Invalid(_) | LoadError::Syntax { .. } => {
                Failure::Invalid(format!("{e}\n  in {}", path.display()))
            }
            _ => Failure::Usage(format!("{e}")),
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Invalid(_) => ExitCode::from(1),
            Failure::Usage(_) => ExitCode::from(2),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Invalid(m) | Failure::Usage(m) => m,
        }
    }
}

fn load_or_fail(path: &Path) -> Result<Scenario, Failure> {
    load(path).map_err(|e| Failure::from_load(path, e))
}

/// Runs a headless command, writing its output to `out`.
pub fn run(command: &Command, out: &mut dyn Write) -> Result<(), Failure> {
    let text = match command {
        Command::Check { files } => check(files)?,
        Command::Report { file, format } => report(file, *format)?,
        Command::Compare { files } => compare(files)?,
        Command::Risk {
            file,
            draws,
            seed,
            format,
            out,
            chart_format,
        } => {
            let charts = out.as_deref().map(|dir| (dir, chart_format.as_slice()));
            risk(file, *draws, *seed, *format, charts)?
        }
        Command::ImportSites {
            file,
            into,
            dry_run,
            owner,
        } => import_sites(file, into, *dry_run, owner.as_deref())?,
        Command::Generate {
            seed,
            sites,
            assemblies,
            projects,
            horizon,
            out,
        } => {
            let params = GenParams {
                sites: *sites,
                assemblies: *assemblies,
                projects: *projects,
                horizon: *horizon,
                ..GenParams::default()
            };
            generate(*seed, &params, out)?
        }
        Command::ExportSites { file, out } => export_sites(file, out)?,
        Command::Export {
            files,
            out,
            format,
            marking,
            prepared_by,
            title,
            figures,
            figure_width_cm,
        } => {
            let meta = PackMeta {
                title: title.clone().unwrap_or_default(),
                prepared_by: prepared_by.clone(),
                date: today(),
                marking: marking.clone(),
            };
            let figures = figures.then_some(*figure_width_cm);
            export(files, out, format, meta, figures)?
        }
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Failure::Usage(format!("cannot write output: {e}")))
}

fn check(files: &[PathBuf]) -> Result<String, Failure> {
    let mut out = String::new();
    let mut worst: Option<Failure> = None;
    for path in files {
        match load(path) {
            Ok(s) => {
                let r = compute(&s);
                out.push_str(&format!(
                    "ok: {} ({} warning(s)): {}\n",
                    s.name,
                    r.warnings.len(),
                    path.display()
                ));
                for w in &r.warnings {
                    out.push_str(&format!("  {w}\n"));
                }
            }
            Err(e) => {
                let failure = Failure::from_load(path, e);
                out.push_str(&format!("{}\n", failure.message()));
                // A usage failure (unreadable file) outranks invalid content.
                if !matches!(worst, Some(Failure::Usage(_))) {
                    worst = Some(failure);
                }
            }
        }
    }
    match worst {
        None => Ok(out),
        Some(Failure::Usage(_)) => Err(Failure::Usage(out)),
        Some(Failure::Invalid(_)) => Err(Failure::Invalid(out)),
    }
}

fn generate(seed: u64, params: &GenParams, out: &Path) -> Result<String, Failure> {
    let s = london_scale(seed, params);
    save(out, &s).map_err(|e| Failure::Usage(e.to_string()))?;
    Ok(format!(
        "wrote {} sites, {} disposals, {} assemblies and {} projects over {} years: {}\n",
        s.sites.len(),
        s.disposals.len(),
        s.assemblies.len(),
        s.projects.len(),
        s.horizon,
        out.display()
    ))
}

/// `risk`: the analysis as a table or JSON; with `charts`, also the risk
/// charts written into a folder in the given formats (listed after a table).
fn risk(
    path: &Path,
    draws: Option<u32>,
    seed: Option<u64>,
    format: RiskFormat,
    charts: Option<(&Path, &[Format])>,
) -> Result<String, Failure> {
    if charts.is_some_and(|(_, formats)| formats.contains(&Format::Csv)) {
        return Err(Failure::Usage(
            "risk charts are written as pdf, png or svg, not csv".to_owned(),
        ));
    }
    let s = load_or_fail(path)?;
    let settings = RiskSettings {
        draws: draws.unwrap_or(s.risk.draws),
        seed: seed.unwrap_or(s.risk.seed),
    };
    // Nothing cancels a headless run; the counters serve the app's progress bar.
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    let analysis = analyse(&s, settings, &done, &cancel).map_err(|e| match e {
        RiskError::Invalid(_) => Failure::Invalid(format!("{e}\n  in {}", path.display())),
        RiskError::Cancelled | RiskError::Draws(_) => Failure::Usage(e.to_string()),
    })?;
    let mut text = match format {
        RiskFormat::Table => risk_text(&analysis),
        RiskFormat::Json => json(&analysis)?,
    };
    if let Some((dir, formats)) = charts {
        let file = path.file_name().unwrap_or(path.as_os_str()).to_string_lossy();
        let stem = path
            .file_stem()
            .map_or_else(|| "scenario".into(), |x| x.to_string_lossy());
        let meta = risk_chart_meta(&file, &s, &analysis.monte_carlo, &today());
        let written = write_risk_charts(&risk_charts(&s, &analysis), &meta, &stem, formats, dir)
            .map_err(|e| Failure::Usage(format!("export failed: {e}")))?;
        // JSON stays a single document for the tools that read it; a table lists the files.
        if format == RiskFormat::Table {
            text.push_str("\nRisk charts written:\n");
            text.extend(written.iter().map(|p| format!("  {}\n", p.display())));
        }
    }
    Ok(text)
}

fn report(path: &Path, format: ReportFormat) -> Result<String, Failure> {
    let s = load_or_fail(path)?;
    let r = compute(&s);
    Ok(match format {
        ReportFormat::Table => tables::text_report(&r),
        ReportFormat::Json => json(&r)?,
        ReportFormat::Csv => tables::yearly_csv(&r).map_err(|e| Failure::Usage(format!("cannot write CSV: {e}")))?,
    })
}

/// Pretty JSON ending in a newline.
fn json(value: &impl serde::Serialize) -> Result<String, Failure> {
    let mut j = serde_json::to_string_pretty(value).map_err(|e| Failure::Usage(format!("cannot write JSON: {e}")))?;
    j.push('\n');
    Ok(j)
}

fn compare(files: &[PathBuf]) -> Result<String, Failure> {
    let scenarios = files.iter().map(|p| load_or_fail(p)).collect::<Result<Vec<_>, _>>()?;
    let reports: Vec<_> = scenarios.iter().map(compute).collect();
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let changes: Vec<(String, Vec<_>)> = scenarios
        .iter()
        .skip(1)
        .map(|b| {
            let title = format!("from {} to {}", scenarios[0].name, b.name);
            (title, diff(&scenarios[0], b))
        })
        .collect();
    Ok(compare_text(&names, &reports, &changes))
}

/// `import-sites`: plans the import, prints it, and unless it is a dry run
/// writes the scenario, refusing a result that would not validate and a
/// scenario file changed by someone else during the import.
fn import_sites(register: &Path, into: &Path, dry_run: bool, owner: Option<&str>) -> Result<String, Failure> {
    let in_register = |e: &dyn std::fmt::Display| Failure::Usage(format!("{e}\n  in {}", register.display()));
    let bytes = read_limited(register).map_err(|e| in_register(&e))?;
    let text = decode_register(&bytes);
    let (mut s, fingerprint) = load_tracked(into).map_err(|e| Failure::from_load(into, e))?;
    let mut mapping = ColumnMapping::guess(&text);
    mapping.default_owner = owner.map(str::to_owned);
    let plan = plan_import(&text, &s, &mapping).map_err(|e| in_register(&e))?;
    let mut out = format!("{}\n{}\n", mapping_text(&text, &mapping), plan.summary());
    if dry_run || !plan.changes_anything() {
        out.push_str(&format!("nothing written to {}\n", into.display()));
        return Ok(out);
    }
    apply_import(&mut s, &plan);
    let problems = validate(&s);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        return Err(Failure::Invalid(format!(
            "{out}the imported scenario would have {} problem(s), so nothing was written:\n{}\n  in {}",
            problems.len(),
            list.join("\n"),
            into.display()
        )));
    }
    save_checked(into, &s, Some(&fingerprint)).map_err(|e| Failure::Usage(e.to_string()))?;
    out.push_str(&format!(
        "wrote {} (the previous version is kept as {})\n",
        into.display(),
        backup_path(into).display()
    ));
    Ok(out)
}

/// Which column feeds which field, as the import guessed it.
fn mapping_text(text: &str, mapping: &ColumnMapping) -> String {
    let titles = preview(text, mapping, 0).titles;
    let columns: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| match mapping.columns.get(i).copied().flatten() {
            Some(field) => format!("  column {} '{title}' -> {field}", i + 1),
            None => format!("  column {} '{title}' -> ignored", i + 1),
        })
        .collect();
    format!("columns:\n{}", columns.join("\n"))
}

/// Figures narrower than this are unreadable, wider ones do not fit a page.
const FIGURE_WIDTHS_CM: std::ops::RangeInclusive<f64> = 2.0..=50.0;

/// Writes the print export (and, with `figures`, each chart as a figure
/// that many centimetres wide) and lists the files written, one a line. An
/// empty title in `meta` is replaced by the scenario names.
fn export(
    files: &[PathBuf],
    dir: &Path,
    formats: &[Format],
    mut meta: PackMeta,
    figures: Option<f64>,
) -> Result<String, Failure> {
    if let Some(cm) = figures.filter(|cm| !FIGURE_WIDTHS_CM.contains(cm)) {
        return Err(Failure::Usage(format!(
            "--figure-width-cm {cm} is outside 2 to 50 centimetres"
        )));
    }
    let scenarios = files.iter().map(|p| load_or_fail(p)).collect::<Result<Vec<_>, _>>()?;
    let reports: Vec<_> = scenarios.iter().map(compute).collect();
    // Pages cite the file by name, not by a local path that means nothing to readers.
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap_or(p.as_os_str()).to_string_lossy().into_owned())
        .collect();
    let items: Vec<PackItem> = names
        .iter()
        .zip(&scenarios)
        .zip(&reports)
        .map(|((file, scenario), report)| PackItem { file, scenario, report })
        .collect();
    if meta.title.trim().is_empty() {
        let titles: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
        meta.title = default_title(&titles);
    }
    let failed = |e| Failure::Usage(format!("export failed: {e}"));
    let mut written = write_all(&items, formats, &meta, dir).map_err(failed)?;
    if let Some(cm) = figures {
        written.extend(write_figures(&items, &meta, dir, cm).map_err(failed)?);
    }
    Ok(written.iter().map(|p| format!("{}\n", p.display())).collect())
}

/// `export-sites`: the register as CSV, written atomically. Refuses to write
/// over a scenario file, the likeliest slip with `--out`.
fn export_sites(file: &Path, out: &Path) -> Result<String, Failure> {
    let scenario_like = ["ron", "json"].map(|e| out.extension().is_some_and(|x| x.eq_ignore_ascii_case(e)));
    if scenario_like.contains(&true) {
        return Err(Failure::Usage(format!(
            "refusing to write a CSV register over a scenario file; give a .csv name: {}",
            out.display()
        )));
    }
    let s = load_or_fail(file)?;
    let bytes = export_sites_csv(&s).map_err(|e| Failure::Usage(e.to_string()))?;
    write_atomic(out, &bytes).map_err(|e| Failure::Usage(e.to_string()))?;
    Ok(format!("wrote {} site(s) to {}\n", s.sites.len(), out.display()))
}
