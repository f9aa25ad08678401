//! Command-line flags, following score-compose and score-k8s where they overlap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Score workloads to Terraform/OpenTofu.
#[derive(Debug, Parser)]
#[command(name = "score2hcl", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Score files: every schema rule, placeholder and shared resource.
    ///
    /// Exits 0 when the files are valid (warnings allowed), 1 otherwise, printing one
    /// `FILE:LINE:COL: error: MESSAGE` line per problem on stderr.
    Validate(ValidateArgs),
    /// Print a workload with every placeholder substituted, given its resources' outputs.
    ///
    /// Example: score2hcl resolve score.yaml --outputs outputs.json
    Resolve(ResolveArgs),
}

/// Flags that change a workload before it is checked; only with exactly one Score file.
#[derive(Debug, Args, Default, Clone)]
pub struct OverrideArgs {
    /// A YAML or JSON file deep-merged into the Score file (a null value deletes a key).
    #[arg(long, value_name = "FILE")]
    pub overrides_file: Option<PathBuf>,
    /// Set PATH to VALUE (parsed as YAML); an empty VALUE deletes PATH. `\.` is a literal
    /// dot, numeric segments index lists, -1 appends. Repeatable.
    #[arg(long, value_name = "PATH=VALUE")]
    pub override_property: Vec<String>,
    /// The image for containers whose `image` is `.` (the one CI just built).
    #[arg(short, long, value_name = "IMAGE")]
    pub image: Option<String>,
}

/// `score2hcl validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Score files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Overrides for a single Score file.
    #[command(flatten)]
    pub overrides: OverrideArgs,
}

/// Output formats of `resolve`.
#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum Format {
    /// YAML.
    #[default]
    Yaml,
    /// JSON.
    Json,
}

/// `score2hcl resolve`.
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The Score file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// JSON or YAML mapping each Score resource name to its outputs:
    /// {"db": {"host": "h", "port": 5432}}.
    #[arg(long, value_name = "OUTPUTS")]
    pub outputs: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,
    /// Overrides.
    #[command(flatten)]
    pub overrides: OverrideArgs,
}
