//! The `score2hcl` command line. All logic lives in the library; this file only wires the
//! process's arguments and streams to it.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = score2hcl::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    score2hcl::run(cli, &mut stdout.lock(), &mut stderr.lock())
}
