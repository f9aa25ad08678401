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
    /// Load, check and match resource definitions.
    #[command(subcommand)]
    Definitions(DefinitionsCommand),
    /// Print the resource graph: every resource, its definition, and what needs what.
    ///
    /// Example: score2hcl graph score.yaml --definitions defs/ --app shop --env dev --env-type development
    Graph(GraphArgs),
    /// Write the Terraform/OpenTofu root module of one environment: Score workloads plus the
    /// resources their definitions map them to.
    ///
    /// Reads score2hcl.yaml when present (see `score2hcl init`); flags override it.
    /// Example: score2hcl generate --env dev
    Generate(GenerateArgs),
    /// Start a project: write score2hcl.yaml and a sample score.yaml (never overwriting).
    Init(InitArgs),
}

/// `score2hcl generate`.
#[derive(Debug, Args, Default)]
pub struct GenerateArgs {
    /// Score files, one workload each (default: the project's `workloads`).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The environment: an id of the project's `environments` (optional when it has one).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Output directory (default: the project's `output`, else build/ENV).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Definition files, directories or Terraform JSON exports, replacing the project's.
    /// Repeatable.
    #[arg(long = "definitions", value_name = "PATH")]
    pub definitions: Vec<PathBuf>,
    /// Extra resource types, replacing the project's `types`. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub types: Vec<PathBuf>,
    /// The project file (default: score2hcl.yaml in the working directory, when it exists).
    #[arg(long, value_name = "FILE")]
    pub project: Option<PathBuf>,
    /// The application id, without a project file (`context.app.id`).
    #[arg(long, value_name = "APP")]
    pub app: Option<String>,
    /// The environment type, without a project file (`env_type` in criteria).
    #[arg(long, value_name = "ENV_TYPE")]
    pub env_type: Option<String>,
    /// The organisation id (`context.org.id`; default: the project's `org`, else "default").
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// Overrides for a single Score file.
    #[command(flatten)]
    pub overrides: OverrideArgs,
    /// Write nothing; exit 1 listing the files that would change when DIR is out of date.
    #[arg(long)]
    pub check: bool,
    /// Leave out the `score_workload` resources and workload modules: for platform teams
    /// previewing, planning or applying the resources alone.
    #[arg(long)]
    pub no_workloads: bool,
}

/// `score2hcl init`.
#[derive(Debug, Args, Default)]
pub struct InitArgs {
    /// Where to write (default: the working directory).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The application id (default: from the directory name).
    #[arg(long, value_name = "APP")]
    pub app: Option<String>,
}

/// `score2hcl definitions ...`.
#[derive(Debug, Subcommand)]
pub enum DefinitionsCommand {
    /// Load and check definitions: every field, driver input, placeholder and duplicate.
    ///
    /// Exits 1 with positioned diagnostics on any problem.
    Check(DefinitionsCheckArgs),
    /// Show which definition a resource matches in a context, and why.
    ///
    /// Exits 1 when none matches, listing why each definition of the type was rejected.
    Match(MatchArgs),
}

/// Where definitions and extra resource types come from.
#[derive(Debug, Args, Clone)]
pub struct DefinitionSources {
    /// A YAML file of extra resource types, added to the built-in catalog.
    #[arg(long, value_name = "FILE")]
    pub types: Option<PathBuf>,
}

/// `score2hcl definitions check`.
#[derive(Debug, Args)]
pub struct DefinitionsCheckArgs {
    /// Definition files (YAML, multi-document, or JSON) or directories (searched recursively
    /// for .yaml, .yml and .json, in sorted order).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Catalog options.
    #[command(flatten)]
    pub sources: DefinitionSources,
}

/// The deployment context.
#[derive(Debug, Args, Clone)]
pub struct ContextArgs {
    /// The application id (`context.app.id`).
    #[arg(long, value_name = "APP")]
    pub app: String,
    /// The environment id (`context.env.id`).
    #[arg(long, value_name = "ENV")]
    pub env: String,
    /// The environment type (`env_type` in criteria).
    #[arg(long, value_name = "ENV_TYPE")]
    pub env_type: String,
    /// The organisation id (`context.org.id`).
    #[arg(long, value_name = "ORG", default_value = "default")]
    pub org: String,
}

/// Output formats of `definitions match`.
#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum MatchFormat {
    /// Words.
    #[default]
    Text,
    /// `{"definition": "<id>", "reason": "..."}`.
    Json,
}

/// `score2hcl definitions match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Definition files or directories.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The resource type.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: String,
    /// The resource class.
    #[arg(long, value_name = "CLASS", default_value = "default")]
    pub class: String,
    /// The Score resource id of a shared resource (its res id is `shared.ID`).
    #[arg(long, value_name = "ID", conflicts_with = "res_id")]
    pub id: Option<String>,
    /// The res id, such as `modules.web.externals.db`.
    #[arg(long, value_name = "RES_ID")]
    pub res_id: Option<String>,
    /// The context.
    #[command(flatten)]
    pub context: ContextArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MatchFormat::Text)]
    pub format: MatchFormat,
    /// Catalog options.
    #[command(flatten)]
    pub sources: DefinitionSources,
}

/// Output formats of `graph`.
#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum GraphFormat {
    /// A Mermaid flowchart (GitHub renders it in Markdown).
    #[default]
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// `{"nodes": [{"uid", "type", "class", "res_id", "definition"}], "edges": [{"from", "to"}]}`.
    Json,
}

/// `score2hcl graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Score files, one workload each.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Definition files or directories. Repeatable.
    #[arg(long = "definitions", required = true, value_name = "PATH")]
    pub definitions: Vec<PathBuf>,
    /// The context.
    #[command(flatten)]
    pub context: ContextArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Catalog options.
    #[command(flatten)]
    pub sources: DefinitionSources,
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
