//! The headless commands: the same figures as the app, for scripts and CI.
//!
//! Exit codes: 0 success, 1 the scenario has errors, 2 usage or unreadable file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use estates_core::compare::{compare_text, diff};
use estates_core::csv_out::Bom;
use estates_core::explain::{explain_span, explanation_text, Span};
use estates_core::export::{
    default_title, today, write_all_counted, write_figures, Format, PackItem, PackMeta, DEFAULT_FIGURE_WIDTH_CM,
};
use estates_core::generate::{london_scale, GenParams};
use estates_core::import::{apply_import, plan_import, preview, read_register, write_register, ColumnMapping};
use estates_core::io::{backup_path, load, load_tracked, save, LoadError};
use estates_core::lock::WriteLock;
use estates_core::model::RiskSettings;
use estates_core::place::shading::Measure;
use estates_core::place::{
    merge, opportunities, opportunities_text, rollup, rollup_csv, rollup_text, AreaKind, MergeInput,
};
use estates_core::risk::{analyse, risk_chart_meta, risk_charts, risk_text, write_risk_charts, Analysis, RiskError};
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
    /// Compute a scenario and print its report, or with --by its roll-up by borough or sub-region.
    Report {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Sum the figures by area: each borough or sub-region, "Not set" for sites without one.
        #[arg(long, value_enum)]
        by: Option<AreaArg>,
    },
    /// Explain a figure: the items and rules that make it, adding up to the report's figure.
    /// One year's (--fy), the total over the horizon (--total) or an NPV (--npv).
    #[command(group = clap::ArgGroup::new("span").args(["fy", "total", "npv"]))]
    Explain {
        file: PathBuf,
        /// A yearly report key (gross_receipts, net_receipts, retained, pot_closing, drawn,
        /// funding_gap, ...); with --npv an NPV key (retained_receipts, capex, net, ...);
        /// `net_npv` is short for `net --npv`.
        field: String,
        /// The financial year, as 2028 or 2028/29.
        #[arg(long, value_parser = fy_arg)]
        fy: Option<i32>,
        /// The total over the horizon (for pot_closing: the balance at the end).
        #[arg(long)]
        total: bool,
        /// The net present value, each year's flow times its discount factor.
        #[arg(long)]
        npv: bool,
        /// One pot, for retained, pot_closing and drawn (default: all pots summed).
        #[arg(long, value_name = "ID")]
        pot: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Marriage value opportunities: pairs of sites of different owners at most
    /// --within metres apart, not already in the same enabled assembly, nearest first.
    Opportunities {
        file: PathBuf,
        /// The greatest distance between the two sites, in metres.
        #[arg(long, value_name = "METRES", default_value_t = 100.0, value_parser = metres, allow_negative_numbers = true)]
        within: f64,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Combine scenarios that start in the same year (sub-regional plans into the
    /// London picture): clashing ids are prefixed with their file's name, the
    /// longest horizon is kept, and differing assumptions are refused.
    Merge {
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The merged scenario to write (the file it replaces is kept as .bak).
        #[arg(long, value_name = "FILE.ron")]
        out: PathBuf,
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
        /// Protective marking for the top and bottom of every chart page written with --out.
        #[arg(long, value_name = "TEXT", requires = "out")]
        marking: Option<String>,
        /// Who prepared the charts, for their source line.
        #[arg(long, value_name = "TEXT", default_value = "", requires = "out")]
        prepared_by: String,
        /// The line above each chart's title (default: the scenario name).
        #[arg(long, value_name = "TEXT", requires = "out")]
        title: Option<String>,
    },
    /// Import a site register (CSV with a header row) into a scenario: new sites are
    /// added, sites already there (same UPRN, ePIMS id or ERIC site code, or name and
    /// owner) updated. Council land and assets returns and NHS ERIC site returns are
    /// read as published. Rows that cannot be read are listed and skipped; the previous
    /// scenario is kept as .bak.
    ImportSites {
        /// The register: comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252.
        file: PathBuf,
        /// The scenario file to update.
        #[arg(long = "into", value_name = "SCENARIO")]
        into: PathBuf,
        /// Print what the import would do without writing anything; exit 1 when any
        /// row would not be imported.
        #[arg(long)]
        dry_run: bool,
        /// Owner for rows without one (a single organisation's return).
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// Create the owners the register names that match no organisation in the
        /// scenario (without it, their rows are not imported and the names are listed).
        #[arg(long)]
        create_owners: bool,
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
        /// Add the risk pages to the board pack: fan charts, histograms, each project's chance of
        /// being funded, tornadoes and switching values (draws and seed from each scenario).
        #[arg(long)]
        with_risk: bool,
        /// The preferred option of a comparison, by its position among the files (1 is the first).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        preferred: Option<u32>,
        /// Also write each chart on its own for word processors, under DIR/figures/: PNG at
        /// 300 dpi and SVG, without page furniture, with its title and source in a caption .txt.
        #[arg(long)]
        figures: bool,
        /// Width of the --figures images in centimetres (2 to 50).
        #[arg(long, value_name = "CM", default_value_t = DEFAULT_FIGURE_WIDTH_CM, requires = "figures")]
        figure_width_cm: f64,
        /// What the boroughs on the board pack's map are shaded by: gross, retained, gap or homes.
        #[arg(long, value_name = "MEASURE", default_value = "retained", value_parser = map_measure)]
        map_measure: Measure,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// The level of a roll-up, as typed: `borough` or `sub-region`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AreaArg {
    Borough,
    SubRegion,
}

impl From<AreaArg> for AreaKind {
    fn from(a: AreaArg) -> Self {
        match a {
            AreaArg::Borough => AreaKind::Borough,
            AreaArg::SubRegion => AreaKind::SubRegion,
        }
    }
}

/// A distance typed on the command line: a finite number of metres, 0 or more.
fn metres(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "'{text}' is not a distance in metres; give a number, 0 or more, e.g. 100"
        )),
    }
}

/// The measure the pack's map is shaded by: `gross`, `retained`, `gap` or `homes`.
fn map_measure(text: &str) -> Result<Measure, String> {
    Measure::from_key(text).ok_or_else(|| {
        let keys: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
        format!("'{text}' is not a map measure; give one of {}", keys.join(", "))
    })
}

/// A financial year typed on the command line: `2028` or `2028/29`.
fn fy_arg(text: &str) -> Result<i32, String> {
    estates_core::format::parse_fy(text).map_err(|e| e.to_string())
}

/// A command's failure: scenario errors (exit 1) or usage and I/O (exit 2).
#[derive(Debug)]
pub enum Failure {
    Invalid(String),
    Usage(String),
}

impl Failure {
    /// A load failure, naming the file (with several files, which one).
    fn from_load(path: &Path, e: LoadError) -> Self {
        match e {
            LoadError::Invalid(_) | LoadError::Syntax { .. } => {
                Failure::Invalid(format!("{e}\n  in {}", path.display()))
            }
            // Ends with the path already.
            LoadError::Io { .. } => Failure::Usage(e.to_string()),
            _ => Failure::Usage(format!("{e}\n  in {}", path.display())),
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
        Command::Report { file, format, by } => match by {
            Some(by) => report_by_area(file, *format, (*by).into())?,
            None => report(file, *format)?,
        },
        Command::Explain {
            file,
            field,
            fy,
            total,
            npv,
            pot,
            format,
        } => {
            let (field, span) = explained_span(field, *fy, *total, *npv)?;
            explain_figure(file, field, span, pot.as_deref(), *format)?
        }
        Command::Opportunities { file, within, format } => list_opportunities(file, *within, *format)?,
        Command::Merge { files, out } => merge_files(files, out)?,
        Command::Compare { files } => compare(files)?,
        Command::Risk {
            file,
            draws,
            seed,
            format,
            out,
            chart_format,
            marking,
            prepared_by,
            title,
        } => {
            let charts = out.as_deref().map(|dir| RiskCharts {
                dir,
                formats: chart_format,
                marking: marking.as_deref(),
                prepared_by,
                title: title.as_deref(),
            });
            risk(file, *draws, *seed, *format, charts)?
        }
        Command::ImportSites {
            file,
            into,
            dry_run,
            owner,
            create_owners,
        } => {
            let options = ImportOptions {
                dry_run: *dry_run,
                owner: owner.as_deref(),
                create_owners: *create_owners,
            };
            // The plan is printed even when the verdict is a failure.
            let imported = import_sites(file, into, &options)?;
            out.write_all(imported.report.as_bytes())
                .map_err(|e| Failure::Usage(format!("cannot write output: {e}")))?;
            return imported.verdict;
        }
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
            with_risk,
            preferred,
            figures,
            figure_width_cm,
            map_measure,
        } => {
            if preferred.is_some_and(|n| n as usize > files.len()) {
                return Err(Failure::Usage(format!(
                    "--preferred names option {} but there are {} file(s)",
                    preferred.unwrap_or_default(),
                    files.len()
                )));
            }
            let meta = PackMeta {
                title: title.clone().unwrap_or_default(),
                prepared_by: prepared_by.clone(),
                date: today(),
                marking: marking.clone(),
                preferred: preferred.map(|n| n as usize - 1),
                map_measure: *map_measure,
            };
            let figures = figures.then_some(*figure_width_cm);
            export(files, out, format, meta, *with_risk, figures)?
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
                    "ok: {}: {}\n  {}\n",
                    s.name,
                    path.display(),
                    tables::warnings_summary(&r)
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
    Ok(format!("wrote {}: {}\n", sizes(&s), out.display()))
}

/// How big a scenario is, for the commands that write one.
fn sizes(s: &Scenario) -> String {
    format!(
        "{} sites, {} disposals, {} assemblies and {} projects over {} years",
        s.sites.len(),
        s.disposals.len(),
        s.assemblies.len(),
        s.projects.len(),
        s.horizon
    )
}

/// Where and how `risk --out` writes its charts.
struct RiskCharts<'a> {
    dir: &'a Path,
    formats: &'a [Format],
    marking: Option<&'a str>,
    prepared_by: &'a str,
    title: Option<&'a str>,
}

/// Runs the risk analysis of `s` (read from `path`) headless.
fn run_risk(path: &Path, s: &Scenario, settings: RiskSettings) -> Result<Analysis, Failure> {
    // Nothing cancels a headless run; the counters serve the progress line.
    let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    let total = format!("of {} draws", settings.draws);
    with_progress("risk", &total, &done, || analyse(s, settings, &done, &cancel)).map_err(|e| match e {
        RiskError::Invalid(_) => Failure::Invalid(format!("{e}\n  in {}", path.display())),
        RiskError::Cancelled | RiskError::Draws(_) => Failure::Usage(e.to_string()),
    })
}

/// `risk`: the analysis as a table or JSON; with `charts`, also the risk
/// charts written into a folder in the given formats (listed after a table).
fn risk(
    path: &Path,
    draws: Option<u32>,
    seed: Option<u64>,
    format: RiskFormat,
    charts: Option<RiskCharts>,
) -> Result<String, Failure> {
    if charts.as_ref().is_some_and(|c| c.formats.contains(&Format::Csv)) {
        return Err(Failure::Usage(
            "risk charts are written as pdf, png or svg, not csv".to_owned(),
        ));
    }
    let s = load_or_fail(path)?;
    let settings = RiskSettings {
        draws: draws.unwrap_or(s.risk.draws),
        seed: seed.unwrap_or(s.risk.seed),
    };
    let analysis = run_risk(path, &s, settings)?;
    let mut text = match format {
        RiskFormat::Table => risk_text(&analysis),
        RiskFormat::Json => json(&analysis)?,
    };
    if let Some(c) = charts {
        let file = path.file_name().unwrap_or(path.as_os_str()).to_string_lossy();
        let stem = path
            .file_stem()
            .map_or_else(|| "scenario".into(), |x| x.to_string_lossy());
        let mut meta = risk_chart_meta(&file, &s, &analysis.monte_carlo, &today());
        meta.marking = c.marking.map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned);
        if let Some(title) = c.title.map(str::trim).filter(|t| !t.is_empty()) {
            meta.scenario = Some(title.to_owned());
        }
        if !c.prepared_by.trim().is_empty() {
            meta.source = format!("{} Prepared by {}.", meta.source, c.prepared_by.trim());
        }
        let written = write_risk_charts(&risk_charts(&s, &analysis), &meta, &stem, c.formats, c.dir)
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
        ReportFormat::Table => tables::text_report(&s, &r),
        ReportFormat::Json => json(&r)?,
        ReportFormat::Csv => {
            tables::yearly_csv(&r, Bom::Without).map_err(|e| Failure::Usage(format!("cannot write CSV: {e}")))?
        }
    })
}

/// `report --by`: the figures summed by borough or sub-region.
fn report_by_area(path: &Path, format: ReportFormat, by: AreaKind) -> Result<String, Failure> {
    let s = load_or_fail(path)?;
    let r = compute(&s);
    let areas = rollup(&s, &r, by);
    Ok(match format {
        ReportFormat::Table => rollup_text(&r, by, &areas),
        ReportFormat::Json => json(&areas)?,
        ReportFormat::Csv => rollup_csv(&areas).map_err(|e| Failure::Usage(format!("cannot write CSV: {e}")))?,
    })
}

/// Which figure `explain` was asked for: `--fy`, `--total`, `--npv`, or a
/// headline NPV key such as `net_npv` on its own.
fn explained_span(field: &str, fy: Option<i32>, total: bool, npv: bool) -> Result<(&str, Span), Failure> {
    match (fy, total, npv, field.strip_suffix("_npv")) {
        (Some(fy), ..) => Ok((field, Span::Year(fy))),
        (_, true, ..) => Ok((field, Span::Total)),
        (_, _, true, _) => Ok((field, Span::Npv)),
        (_, _, _, Some(npv)) => Ok((npv, Span::Npv)),
        _ => Err(Failure::Usage(format!(
            "say which figure of '{field}': --fy FY for one year, --total for the horizon, --npv for its present value"
        ))),
    }
}

/// `explain`: a figure's parts, as lines or JSON; an unknown field,
/// pot or a year outside the horizon is a usage error.
fn explain_figure(
    path: &Path,
    field: &str,
    span: Span,
    pot: Option<&str>,
    format: ListFormat,
) -> Result<String, Failure> {
    let s = load_or_fail(path)?;
    let e = explain_span(&s, field, span, pot).map_err(|e| Failure::Usage(format!("{e}\n  in {}", path.display())))?;
    match format {
        ListFormat::Table => Ok(explanation_text(&e)),
        ListFormat::Json => json(&e),
    }
}

/// `opportunities`: the pairs within a distance, as a list or JSON.
fn list_opportunities(path: &Path, within: f64, format: ListFormat) -> Result<String, Failure> {
    let s = load_or_fail(path)?;
    let found = opportunities(&s, within);
    match format {
        ListFormat::Table => Ok(opportunities_text(&s, within, &found)),
        ListFormat::Json => json(&found),
    }
}

/// `merge`: loads every file, merges them, refuses a result that would not
/// validate, and writes it atomically, listing every id it renamed.
fn merge_files(files: &[PathBuf], out: &Path) -> Result<String, Failure> {
    if files.iter().any(|f| same_file(f, out)) {
        return Err(Failure::Usage(format!(
            "refusing to write the merge over one of the files merged: {}",
            out.display()
        )));
    }
    let inputs = files
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .unwrap_or(path.as_os_str())
                .to_string_lossy()
                .into_owned();
            load_or_fail(path).map(|scenario| MergeInput { name, scenario })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let merged = merge(&inputs).map_err(|e| Failure::Invalid(e.to_string()))?;
    let s = &merged.scenario;
    let mut text: String = merged.renamed.iter().map(|r| format!("{r}\n")).collect();
    let problems = validate(s);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        return Err(Failure::Invalid(format!(
            "{text}the merged scenario would have {} problem(s), so nothing was written:\n{}",
            problems.len(),
            list.join("\n")
        )));
    }
    let lock = WriteLock::acquire(out).map_err(|e| Failure::Usage(e.to_string()))?;
    lock.save(s, None).map_err(|e| Failure::Usage(e.to_string()))?;
    text.push_str(&format!(
        "merged {} files: {}\nwrote {}\n",
        files.len(),
        sizes(s),
        out.display()
    ));
    Ok(text)
}

/// Whether two paths name the same file (the same path, or the same file on disk).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// A run shorter than this shows no progress line.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);
/// How often the progress line is redrawn.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Runs `work`, and when stderr is a terminal and the work takes more than
/// [`PROGRESS_AFTER`], keeps a progress line on stderr (`export: 12 files
/// written`) that is cleared when it ends. Scripts, which read stderr from a
/// pipe or a file, see nothing of it.
fn with_progress<T>(label: &str, unit: &str, done: &AtomicUsize, work: impl FnOnce() -> T) -> T {
    let stderr = std::io::stderr();
    if !stderr.is_terminal() {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let started = std::time::Instant::now();
            let mut shown = false;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(PROGRESS_EVERY);
                if started.elapsed() >= PROGRESS_AFTER && !finished.load(Ordering::Relaxed) {
                    // Nothing to do if the terminal has gone: the work goes on.
                    let _ = write!(
                        stderr.lock(),
                        "\r{label}: {} {unit}\x1b[K",
                        done.load(Ordering::Relaxed)
                    );
                    shown = true;
                }
            }
            if shown {
                let _ = write!(stderr.lock(), "\r\x1b[K");
            }
        });
        let result = work();
        finished.store(true, Ordering::Relaxed);
        result
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

/// How `import-sites` was asked to run.
struct ImportOptions<'a> {
    dry_run: bool,
    owner: Option<&'a str>,
    create_owners: bool,
}

/// What `import-sites` prints, and whether it succeeded.
struct Imported {
    report: String,
    verdict: Result<(), Failure>,
}

/// `import-sites`: plans the import, prints it, and unless it is a dry run
/// writes the scenario, refusing a result that would not validate and a
/// scenario file changed by someone else during the import. A dry run fails
/// (exit 1) when any row would not be imported, so scripts can check a
/// register before importing it.
fn import_sites(register: &Path, into: &Path, options: &ImportOptions) -> Result<Imported, Failure> {
    let in_register = |e: &dyn std::fmt::Display| Failure::Usage(format!("{e}\n  in {}", register.display()));
    let read = read_register(register).map_err(|e| in_register(&e))?;
    // Held from reading the scenario to writing it, so that a second writer
    // waits (or is refused) instead of one import silently replacing another.
    let lock = match options.dry_run {
        true => None,
        false => Some(WriteLock::acquire(into).map_err(|e| Failure::Usage(e.to_string()))?),
    };
    let (mut s, fingerprint) = load_tracked(into).map_err(|e| Failure::from_load(into, e))?;
    let mut mapping = ColumnMapping::guess(&read.text);
    mapping.default_owner = options.owner.map(str::to_owned);
    let mut plan = plan_import(&read.text, &s, &mapping).map_err(|e| in_register(&e))?;
    plan.refuse_new_owners(|_| options.create_owners);
    let mut report = format!(
        "read {}\nlayout: {}; encoding: {}\n{}\n{}\n",
        register.display(),
        mapping.layout.label(),
        read.encoding,
        mapping_text(&read.text, &mapping),
        plan.summary()
    );
    if !plan.refused_owners.is_empty() {
        report.push_str(&format!(
            "{} owner(s) match no organisation in {}; add --create-owners to create them, or correct the names\n",
            plan.refused_owners.len(),
            into.display()
        ));
    }
    // No lock means a dry run.
    let Some(lock) = lock.filter(|_| plan.changes_anything()) else {
        report.push_str(&format!("nothing written to {}\n", into.display()));
        let rejected = plan.row_errors.len();
        let verdict = if options.dry_run && rejected > 0 {
            Err(Failure::Invalid(format!(
                "{rejected} row(s) of {} would not be imported (listed above)",
                register.display()
            )))
        } else {
            Ok(())
        };
        return Ok(Imported { report, verdict });
    };
    apply_import(&mut s, &plan);
    let problems = validate(&s);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        return Err(Failure::Invalid(format!(
            "{report}the imported scenario would have {} problem(s), so nothing was written:\n{}\n  in {}",
            problems.len(),
            list.join("\n"),
            into.display()
        )));
    }
    lock.save(&s, Some(&fingerprint))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    report.push_str(&format!(
        "wrote {} (the previous version is kept as {})\n",
        into.display(),
        backup_path(lock.target()).display()
    ));
    Ok(Imported {
        report,
        verdict: Ok(()),
    })
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
    with_risk: bool,
    figures: Option<f64>,
) -> Result<String, Failure> {
    if let Some(cm) = figures.filter(|cm| !FIGURE_WIDTHS_CM.contains(cm)) {
        return Err(Failure::Usage(format!(
            "--figure-width-cm {cm} is outside 2 to 50 centimetres"
        )));
    }
    let scenarios = files.iter().map(|p| load_or_fail(p)).collect::<Result<Vec<_>, _>>()?;
    let reports: Vec<_> = scenarios.iter().map(compute).collect();
    let risks: Vec<Option<Analysis>> = if with_risk {
        files
            .iter()
            .zip(&scenarios)
            .map(|(p, s)| run_risk(p, s, s.risk).map(Some))
            .collect::<Result<_, _>>()?
    } else {
        vec![None; scenarios.len()]
    };
    // Pages cite the file by name, not by a local path that means nothing to readers.
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap_or(p.as_os_str()).to_string_lossy().into_owned())
        .collect();
    let items: Vec<PackItem> = names
        .iter()
        .zip(&scenarios)
        .zip(&reports)
        .zip(&risks)
        .map(|(((file, scenario), report), risk)| PackItem {
            file,
            scenario,
            report,
            risk: risk.as_ref(),
        })
        .collect();
    if meta.title.trim().is_empty() {
        let titles: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
        meta.title = default_title(&titles);
    }
    let failed = |e| Failure::Usage(format!("export failed: {e}"));
    let done = AtomicUsize::new(0);
    let mut written = with_progress("export", "files written", &done, || {
        write_all_counted(&items, formats, &meta, dir, &done)
    })
    .map_err(failed)?;
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
    write_register(out, &s).map_err(|e| Failure::Usage(format!("{e}: {}", out.display())))?;
    Ok(format!("wrote {} site(s) to {}\n", s.sites.len(), out.display()))
}
