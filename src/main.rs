use std::process::ExitCode;

use clap::Parser;
use estates_receipts::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => match run(command, &mut std::io::stdout().lock()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("{}", failure.message());
                failure.exit_code()
            }
        },
        None => {
            eprintln!("The desktop app is not built yet; use a subcommand (see --help).");
            ExitCode::from(2)
        }
    }
}
