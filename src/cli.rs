//! The headless commands: the same figures as the app, for scripts and CI.
//!
//! Exit codes: 0 success, 1 the scenario has errors, 2 usage or unreadable file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use estates_core::compare::{compare_text, diff};
use estates_core::io::{load, LoadError};
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
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

fn report(path: &Path, format: ReportFormat) -> Result<String, Failure> {
    let s = load_or_fail(path)?;
    let r = compute(&s);
    Ok(match format {
        ReportFormat::Table => tables::text_report(&r),
        ReportFormat::Json => {
            let mut j =
                serde_json::to_string_pretty(&r).map_err(|e| Failure::Usage(format!("cannot write JSON: {e}")))?;
            j.push('\n');
            j
        }
        ReportFormat::Csv => tables::yearly_csv(&r).map_err(|e| Failure::Usage(format!("cannot write CSV: {e}")))?,
    })
}

fn compare(files: &[PathBuf]) -> Result<String, Failure> {
    let scenarios = files.iter().map(|p| load_or_fail(p)).collect::<Result<Vec<_>, _>>()?;
    let reports: Vec<_> = scenarios.iter().map(compute).collect();
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let changes: Vec<(String, Vec<_>)> = scenarios
        .iter()
        .skip(1)
        .map(|b| (format!("{} → {}", scenarios[0].name, b.name), diff(&scenarios[0], b)))
        .collect();
    Ok(compare_text(&names, &reports, &changes))
}
