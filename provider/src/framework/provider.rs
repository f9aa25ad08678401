//! The provider: registries of resources, data sources and functions, and the traits they
//! implement.
//!
//! Handlers are trait objects (`Arc<dyn Resource>` ...) so one registry holds many types.
//! Operations that may wait on the outside world (read, plan, apply, import, configure) return
//! a boxed future: async trait methods are not object-safe on Rust 1.85, and a boxed future
//! costs one allocation per RPC, nothing next to a gRPC round trip. Operations that are pure
//! by Terraform's contract (validation, state upgrades, provider functions) are plain
//! functions. Every handler gets a [`Context`] with the [`StopToken`] of its RPC.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::diag::Diagnostics;
use super::function::{Function, Signature};
use super::schema::{Block, Schema, SchemaError, is_valid_name};
use super::stop::StopToken;
use crate::value::{AttributePath, Type, Value};

/// A boxed, sendable future: what the async trait methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What every handler gets besides its request.
#[derive(Clone)]
pub struct Context {
    stop: StopToken,
    schema: Arc<Schema>,
    provider_data: Option<Arc<dyn Any + Send + Sync>>,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("stopped", &self.stop.is_stopped())
            .field("configured", &self.provider_data.is_some())
            .finish_non_exhaustive()
    }
}

impl Context {
    /// A context for the object whose schema is `schema`.
    pub fn new(
        stop: StopToken,
        schema: Arc<Schema>,
        provider_data: Option<Arc<dyn Any + Send + Sync>>,
    ) -> Context {
        Context {
            stop,
            schema,
            provider_data,
        }
    }

    /// The schema of the resource, data source or provider being handled.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The stop token of this RPC: long operations should end early once it fires.
    pub fn stop_token(&self) -> &StopToken {
        &self.stop
    }

    /// Whether Terraform asked the provider to stop.
    pub fn is_stopped(&self) -> bool {
        self.stop.is_stopped()
    }

    /// Completes when Terraform asks the provider to stop.
    pub async fn stopped(&self) {
        self.stop.stopped().await;
    }

    /// What [`Configure::configure`] returned, if it ran and returned a `T`.
    pub fn provider_data<T: Any + Send + Sync>(&self) -> Option<&T> {
        self.provider_data.as_deref()?.downcast_ref()
    }
}

/// The provider's own configuration (`provider "score" { ... }`).
pub trait Configure: Send + Sync + 'static {
    /// The schema of the `provider` block.
    fn schema(&self) -> Schema;

    /// Checks a configuration that may hold unknown values.
    fn validate(&self, ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        let _ = (ctx, config, diags);
    }

    /// Configures the provider. The value returned is handed to every later handler
    /// through [`Context::provider_data`].
    fn configure<'a>(
        &'a self,
        ctx: &'a Context,
        config: Value,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Option<Arc<dyn Any + Send + Sync>>>;
}

/// A data source: configuration in, state out, nothing stored.
pub trait DataSource: Send + Sync + 'static {
    /// The schema; asked once, at registration.
    fn schema(&self) -> Schema;

    /// Checks a configuration that may hold unknown values (Terraform validates several
    /// times; unknowns are not errors).
    fn validate(&self, ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        let _ = (ctx, config, diags);
    }

    /// Reads the data. `config` is wholly known: the framework answers a configuration with
    /// unknowns itself, with every computed attribute unknown.
    fn read<'a>(
        &'a self,
        ctx: &'a Context,
        config: Value,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Value>;
}

/// What Terraform sends to plan a change.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRequest {
    /// The current state; null when creating.
    pub prior_state: Value,
    /// Terraform's merge of config and prior state; null when destroying.
    pub proposed_new_state: Value,
    /// The configuration; null when destroying.
    pub config: Value,
    /// Private bytes from the last apply or read.
    pub prior_private: Vec<u8>,
}

/// A planned change.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanResponse {
    /// The planned new state; null for a destroy.
    pub planned_state: Value,
    /// Attributes whose change replaces the object.
    pub requires_replace: Vec<AttributePath>,
    /// Private bytes handed to apply.
    pub planned_private: Vec<u8>,
}

/// What Terraform sends to apply a planned change.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplyRequest {
    /// The current state; null when creating.
    pub prior_state: Value,
    /// The plan; null when destroying.
    pub planned_state: Value,
    /// The configuration; null when destroying.
    pub config: Value,
    /// Private bytes from plan.
    pub planned_private: Vec<u8>,
}

/// A new state with its private bytes, from apply, read or import.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The state; null when the object is gone.
    pub value: Value,
    /// Opaque bytes Terraform stores with the state and hands back on the next call.
    pub private: Vec<u8>,
}

/// A managed resource.
pub trait Resource: Send + Sync + 'static {
    /// The schema, with its state version; asked once, at registration.
    fn schema(&self) -> Schema;

    /// Checks a configuration that may hold unknown values.
    fn validate(&self, ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        let _ = (ctx, config, diags);
    }

    /// Plans a create, update or destroy. The default is [`super::plan::plan`]: computed
    /// attributes unknown on create, prior values kept where allowed, `requires_replace`
    /// attributes reported, null on destroy.
    fn plan<'a>(
        &'a self,
        ctx: &'a Context,
        request: PlanRequest,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, PlanResponse> {
        let _ = diags;
        Box::pin(async move { super::plan::plan(ctx.schema(), request) })
    }

    /// Applies a planned change: returns the new state (null after a destroy). Every known
    /// planned value must come back unchanged; the framework checks.
    fn apply<'a>(
        &'a self,
        ctx: &'a Context,
        request: ApplyRequest,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State>;

    /// Refreshes `state`: returns the object as it is now, or null when it is gone.
    fn read<'a>(
        &'a self,
        ctx: &'a Context,
        state: State,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State>;

    /// Imports the object named `id`. Terraform then calls `read` on what this returns, so
    /// a state with just the identifying attributes is enough
    /// ([`super::plan::import_state`]). The default refuses.
    fn import<'a>(
        &'a self,
        ctx: &'a Context,
        id: String,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Option<State>> {
        let _ = (ctx, id);
        diags.error(
            "Resource Import Not Supported",
            "This resource cannot be imported. Remove the import block or command, and \
             create the resource from configuration instead.",
        );
        Box::pin(async { None })
    }

    /// The type of states stored at an older schema `version`, to decode them with before
    /// [`Resource::upgrade_state`]. `None` (the default) means the version is unsupported.
    fn state_type(&self, version: i64) -> Option<Type> {
        let _ = version;
        None
    }

    /// Rewrites a state of an older schema `version` (decoded with
    /// [`Resource::state_type`]) into the current schema's shape.
    fn upgrade_state(&self, version: i64, state: Value, diags: &mut Diagnostics) -> Value {
        let _ = state;
        diags.error(
            "Unsupported State Version",
            format!(
                "The state was written at schema version {version}, and this provider \
                 cannot upgrade it. Use the provider version that wrote the state."
            ),
        );
        Value::Null
    }
}

/// A registration the framework refused, naming what and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationError {
    /// `resource "score_x"`, `function "f"`, ...
    pub what: String,
    /// Why.
    pub reason: String,
}

impl fmt::Display for RegistrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.reason)
    }
}

impl std::error::Error for RegistrationError {}

/// A registered handler with its checked schema and the schema's value type.
pub(crate) struct Entry<T: ?Sized> {
    pub schema: Arc<Schema>,
    pub ty: Type,
    pub handler: Arc<T>,
}

impl<T: ?Sized> Entry<T> {
    fn new(what: &str, schema: Schema, handler: Arc<T>) -> Result<Entry<T>, RegistrationError> {
        schema.check().map_err(|e: SchemaError| RegistrationError {
            what: what.to_owned(),
            reason: e.to_string(),
        })?;
        let ty = schema.value_type();
        Ok(Entry {
            schema: Arc::new(schema),
            ty,
            handler,
        })
    }
}

/// A registered function with its checked signature.
pub(crate) struct FunctionEntry {
    pub signature: Signature,
    pub handler: Arc<dyn Function>,
}

/// How long a handler may go on after `StopProvider` before it is abandoned.
pub const DEFAULT_STOP_GRACE: Duration = Duration::from_secs(10);

/// A provider: its type name, configuration, and registries.
pub struct Provider {
    pub(crate) type_name: String,
    pub(crate) config: Entry<dyn Configure>,
    pub(crate) resources: BTreeMap<String, Entry<dyn Resource>>,
    pub(crate) data_sources: BTreeMap<String, Entry<dyn DataSource>>,
    pub(crate) functions: BTreeMap<String, FunctionEntry>,
    pub(crate) stop_grace: Duration,
    /// Set by [`Provider::broken`]: every schema request answers this error.
    pub(crate) broken: Option<RegistrationError>,
}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Provider")
            .field("type_name", &self.type_name)
            .field("resources", &self.resources.keys().collect::<Vec<_>>())
            .field(
                "data_sources",
                &self.data_sources.keys().collect::<Vec<_>>(),
            )
            .field("functions", &self.functions.keys().collect::<Vec<_>>())
            .field("broken", &self.broken)
            .finish_non_exhaustive()
    }
}

/// The configuration of a provider that takes none: an empty `provider` block.
struct NoConfig;

impl Configure for NoConfig {
    fn schema(&self) -> Schema {
        Schema::new(Block::new())
    }

    fn configure<'a>(
        &'a self,
        _ctx: &'a Context,
        _config: Value,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Option<Arc<dyn Any + Send + Sync>>> {
        Box::pin(async { None })
    }
}

impl Provider {
    /// A provider of type `type_name` (`score`: resources are `score_*`) with no
    /// configuration and nothing registered.
    pub fn new(type_name: &str) -> Result<Provider, RegistrationError> {
        if !is_valid_name(type_name) || type_name.contains('_') {
            return Err(RegistrationError {
                what: format!("provider {type_name:?}"),
                reason: "a provider type name must match ^[a-z0-9]+$".to_owned(),
            });
        }
        Ok(Provider {
            type_name: type_name.to_owned(),
            config: Entry::new("provider configuration", NoConfig.schema(), no_config())?,
            resources: BTreeMap::new(),
            data_sources: BTreeMap::new(),
            functions: BTreeMap::new(),
            stop_grace: DEFAULT_STOP_GRACE,
            broken: None,
        })
    }

    /// A provider that could not be built: it serves, and answers every schema request with
    /// `error` as an error diagnostic, so Terraform shows the bug instead of a dead plugin.
    pub fn broken(error: RegistrationError) -> Provider {
        Provider {
            type_name: String::new(),
            config: Entry {
                schema: Arc::new(NoConfig.schema()),
                ty: NoConfig.schema().value_type(),
                handler: no_config(),
            },
            resources: BTreeMap::new(),
            data_sources: BTreeMap::new(),
            functions: BTreeMap::new(),
            stop_grace: DEFAULT_STOP_GRACE,
            broken: Some(error),
        }
    }

    /// The provider type name.
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// The registration error of a [`Provider::broken`] provider.
    pub fn broken_error(&self) -> Option<&RegistrationError> {
        self.broken.as_ref()
    }

    /// Sets the provider configuration.
    pub fn configure_with(&mut self, config: impl Configure) -> Result<(), RegistrationError> {
        let schema = config.schema();
        let handler = Arc::new(config) as Arc<dyn Configure>;
        self.config = Entry::new("provider configuration", schema, handler)?;
        Ok(())
    }

    /// How long a handler may run on after `StopProvider` before the framework abandons it
    /// and answers with a cancellation diagnostic.
    pub fn set_stop_grace(&mut self, grace: Duration) {
        self.stop_grace = grace;
    }

    /// Registers resource type `name` (which must start with `<type_name>_`).
    pub fn register_resource(
        &mut self,
        name: &str,
        resource: impl Resource,
    ) -> Result<(), RegistrationError> {
        let what = format!("resource {name:?}");
        self.check_type_name(&what, name, self.resources.contains_key(name))?;
        let entry = Entry::new(
            &what,
            resource.schema(),
            Arc::new(resource) as Arc<dyn Resource>,
        )?;
        self.resources.insert(name.to_owned(), entry);
        Ok(())
    }

    /// Registers data source type `name` (which must start with `<type_name>_`).
    pub fn register_data_source(
        &mut self,
        name: &str,
        data_source: impl DataSource,
    ) -> Result<(), RegistrationError> {
        let what = format!("data source {name:?}");
        self.check_type_name(&what, name, self.data_sources.contains_key(name))?;
        let handler = Arc::new(data_source) as Arc<dyn DataSource>;
        let entry = Entry::new(&what, handler.schema(), handler)?;
        self.data_sources.insert(name.to_owned(), entry);
        Ok(())
    }

    /// Registers function `name`, called as `provider::<type_name>::<name>(...)`.
    pub fn register_function(
        &mut self,
        name: &str,
        function: impl Function,
    ) -> Result<(), RegistrationError> {
        let what = format!("function {name:?}");
        let fault = |reason: String| RegistrationError {
            what: what.clone(),
            reason,
        };
        if !is_valid_name(name) {
            return Err(fault("the name must match ^[a-z0-9_]+$".to_owned()));
        }
        if self.functions.contains_key(name) {
            return Err(fault("registered twice".to_owned()));
        }
        let signature = function.signature();
        signature.check().map_err(fault)?;
        let entry = FunctionEntry {
            signature,
            handler: Arc::new(function),
        };
        self.functions.insert(name.to_owned(), entry);
        Ok(())
    }

    fn check_type_name(
        &self,
        what: &str,
        name: &str,
        taken: bool,
    ) -> Result<(), RegistrationError> {
        let fault = |reason: String| RegistrationError {
            what: what.to_owned(),
            reason,
        };
        if !is_valid_name(name) {
            return Err(fault("the name must match ^[a-z0-9_]+$".to_owned()));
        }
        let prefixed = name
            .strip_prefix(&self.type_name)
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|rest| !rest.is_empty());
        if !prefixed {
            return Err(fault(format!(
                "the name must start with \"{}_\": Terraform picks the provider of a type \
                 by that prefix",
                self.type_name
            )));
        }
        if taken {
            return Err(fault("registered twice".to_owned()));
        }
        Ok(())
    }
}

fn no_config() -> Arc<dyn Configure> {
    Arc::new(NoConfig)
}
