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
        // No subcommand: the desktop app, on the file given or the built-in sample.
        None => match estates_receipts::app::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("The window could not be opened: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
