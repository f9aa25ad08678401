//! The Score engine: everything `score2hcl` and `terraform-provider-score` agree on.
//!
//! `score-core` turns text into checked values. It takes `(FileId, &str)` and returns a value
//! plus [`Diagnostic`]s; it never reads a file, prints, spawns or touches the network. The
//! binaries own IO, exit codes and rendering. Broken user input is reported as diagnostics with
//! a position *and* a document path, and one call reports every problem it can find rather
//! than stopping at the first.
//!
//! The pipeline for one Score file:
//!
//! 1. [`yaml::parse_documents`] builds a positioned [`Node`] tree (limits on size
//!    ([`limits::MAX_INPUT_BYTES`]), depth and alias expansion).
//! 2. [`score::overrides`] deep-merges an overrides file and applies `path=value` overrides.
//! 3. [`score::load`] upgrades deprecated forms, checks every rule of the Score v1b1 schema and
//!    produces a typed [`score::Workload`].
//! 4. [`score::check_placeholders`] validates placeholders statically; [`score::resolve`]
//!    substitutes them given resource outputs.
//! 5. [`score::identity`] gives resources their UIDs across workloads and orders them.

#![warn(missing_docs)]

pub mod check;
pub mod data;
pub mod definitions;
pub mod diag;
pub mod limits;
pub mod path;
pub mod placeholder;
pub mod score;
pub mod source;
#[cfg(test)]
mod test_support;
pub mod yaml;

pub use data::Data;
pub use diag::{Diagnostic, Severity};
pub use path::DocPath;
pub use source::{FileId, Pos, Span};
pub use yaml::Node;
