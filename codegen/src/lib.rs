//! `score2hcl`: Score files (plus, in later commands, resource definitions) to Terraform.
//!
//! The library owns everything the binary does, so tests can drive it in process: [`cli`]
//! declares the flags, [`files`] reads inputs with limits and keeps their text for
//! messages, [`render`] prints diagnostics gcc-style with a snippet, and [`commands`] runs
//! each subcommand on `score-core`.
//!
//! Exit codes: 0 success (warnings allowed), 1 the input has problems, 2 bad usage.

pub mod cli;
pub mod commands;
pub mod definitions;
pub mod files;
pub mod generate;
pub mod project;
pub mod render;
pub mod write;

use std::io::Write;
use std::process::ExitCode;

/// Runs one command, writing results to `stdout` and diagnostics to `stderr`.
pub fn run(cli: cli::Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitCode {
    let outcome = match cli.command {
        cli::Command::Validate(args) => commands::validate(&args, stderr),
        cli::Command::Resolve(args) => commands::resolve(&args, stdout, stderr),
        cli::Command::Definitions(cli::DefinitionsCommand::Check(args)) => {
            definitions::check(&args, stderr)
        }
        cli::Command::Definitions(cli::DefinitionsCommand::Match(args)) => {
            definitions::matching(&args, stdout, stderr)
        }
        cli::Command::Graph(args) => definitions::graph(&args, stdout, stderr),
        cli::Command::Generate(args) => generate::command(&args, stderr),
        cli::Command::Init(args) => project::init(&args, stderr),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`score2hcl resolve ... | head`) is not a failure worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(stderr, "score2hcl: error: {e}");
            ExitCode::from(1)
        }
    }
}
