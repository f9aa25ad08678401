//! Resource definitions: how the platform maps a resource type, per context, to the code that
//! provisions it.
//!
//! The formats are the Humanitec Platform Orchestrator's, read unchanged so teams can migrate:
//! `entity.humanitec.io/v1b1` (`kind: Definition`, `entity:`) and the older
//! `core.api.humanitec.io/v1` (`object:`).
//!
//! - [`load`] reads definition documents into [`Definition`]s with positions.
//! - [`catalog`] knows the resource types and which of their outputs are secret.
//! - [`expr`] parses the placeholders definitions may contain (`${context.app.id}`,
//!   `${resources['dns#shared.api'].outputs.host}`, selectors) and resolves them with taint.
//! - [`matching`] picks the definition for a resource in a context.
//! - [`graph`] expands references and co-provisioning into the resource graph.

pub mod catalog;
pub mod context;
pub mod expr;
pub mod graph;
pub mod load;
pub mod matching;
pub mod model;
#[cfg(test)]
mod tests;

pub use catalog::Catalog;
pub use context::{Context, ResourceKey};
pub use load::load_documents;
pub use matching::{Match, MatchRequest, Matcher, Rejection};
pub use model::*;
