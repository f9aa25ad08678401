//! A small provider framework: schemas, registries, plan helpers, and the `tfplugin6`
//! service that serves them.
//!
//! The layers, from the wire inwards (see `docs/design/0006-provider-framework.md`):
//!
//! - [`grpc`]: [`GrpcProvider`] implements the generated `tfplugin6.Provider` trait. It decodes
//!   DynamicValues with the schema's type, runs handlers in their own tasks (a panic becomes a
//!   diagnostic), enforces the plan/apply invariants, and encodes the answers. Nothing below
//!   it sees protocol types except through `to_proto` conversions.
//! - [`provider`]: [`Provider`] holds registries of [`Resource`]s, [`DataSource`]s and
//!   [`Function`]s by name; registration checks names and schemas and returns `Result`.
//! - [`schema`], [`function`]: what Terraform needs to know, in types that cannot express what
//!   Terraform rejects.
//! - [`plan`]: the default plan and the consistency checks.
//! - [`diag`], [`stop`]: diagnostics and StopProvider cancellation.
//! - [`docs`]: reference pages rendered from schemas and signatures.
//!
//! [`grpc_service`] is the entry point for the server (`crate::server`): it wraps a provider
//! in the generated tonic service with raised message limits.

pub mod diag;
pub mod docs;
pub mod function;
pub mod grpc;
pub mod plan;
pub mod provider;
pub mod schema;
pub mod stop;

pub use diag::{Diagnostic, Diagnostics, Severity};
pub use function::{Function, FunctionError, Parameter, Signature};
pub use grpc::{GrpcProvider, MAX_MESSAGE_BYTES, grpc_service};
pub use provider::{
    ApplyRequest, BoxFuture, Configure, Context, DataSource, PlanRequest, PlanResponse, Provider,
    RegistrationError, Resource, State,
};
pub use schema::{
    Attribute, AttributeKind, AttributeType, Block, BlockNesting, Deprecation, Description,
    NestedAttributes, ObjectNesting, PlanBehaviour, Schema, SchemaError,
};
pub use stop::{StopToken, Stopper};
