//! [`GrpcProvider`]: the generated `tfplugin6.Provider` service, answered from a [`Provider`].
//!
//! Each RPC goes protocol → framework types → handler → framework types → protocol, and ends
//! with `Ok(response)`: decoding faults, unknown type names, handler problems and handler
//! panics all become diagnostics (or a `FunctionError`). `tonic::Status` is never used for
//! anything a user or Terraform can cause.
//!
//! Handlers run in their own tokio task: a panic there is a `JoinError` the RPC turns into an
//! error diagnostic while the server keeps serving. The task races the RPC's stop token; after
//! `StopProvider` a handler has the provider's grace period to finish on its own before it is
//! abandoned with an "Operation Cancelled" diagnostic.

use std::any::Any;
use std::future::Future;
use std::sync::{Arc, PoisonError, RwLock};

use tokio::task::JoinHandle;
use tonic::{Request, Response, Status};

use super::diag::{Diagnostic, Diagnostics, path_to_proto, quote};
use super::function::FunctionError;
use super::plan;
use super::provider::{ApplyRequest, Context, Entry, PlanRequest, Provider, State};
use super::schema::Schema;
use super::stop::Stopper;
use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::{self, ProviderServer};
use crate::value::{self, Type, Value};

/// Largest gRPC message sent or received: what terraform-plugin-go servers allow, and far
/// above the 4 MiB tonic default that a large state or spec would exceed.
pub const MAX_MESSAGE_BYTES: usize = 256 << 20;

/// The tonic service for `provider`, with message limits raised to [`MAX_MESSAGE_BYTES`].
pub fn grpc_service(provider: Provider) -> ProviderServer<GrpcProvider> {
    ProviderServer::new(GrpcProvider::new(provider))
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES)
}

/// Serves a [`Provider`] over `tfplugin6`.
#[derive(Debug)]
pub struct GrpcProvider {
    provider: Provider,
    stopper: Stopper,
    configured: RwLock<Option<Arc<dyn Any + Send + Sync>>>,
}

impl GrpcProvider {
    /// Wraps `provider`.
    pub fn new(provider: Provider) -> GrpcProvider {
        GrpcProvider {
            provider,
            stopper: Stopper::default(),
            configured: RwLock::new(None),
        }
    }

    fn context(&self, schema: &Arc<Schema>) -> Context {
        let data = self
            .configured
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Context::new(self.stopper.token(), Arc::clone(schema), data)
    }

    /// Runs `work` in its own task: a panic becomes an error diagnostic, and a stop request
    /// ends the wait after the grace period.
    async fn run<T, F>(&self, rpc: &str, work: F) -> Result<T, Diagnostic>
    where
        T: Send + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        self.wait(rpc, tokio::spawn(work)).await
    }

    /// Like [`GrpcProvider::run`] for synchronous work, on a blocking thread.
    async fn run_blocking<T, F>(&self, rpc: &str, work: F) -> Result<T, Diagnostic>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        self.wait(rpc, tokio::task::spawn_blocking(work)).await
    }

    async fn wait<T>(&self, rpc: &str, mut task: JoinHandle<T>) -> Result<T, Diagnostic> {
        let token = self.stopper.token();
        let joined = tokio::select! {
            joined = &mut task => joined,
            () = token.stopped() => {
                match tokio::time::timeout(self.provider.stop_grace, &mut task).await {
                    Ok(joined) => joined,
                    Err(_) => {
                        task.abort();
                        return Err(cancelled(rpc));
                    }
                }
            }
        };
        joined.map_err(|e| {
            if e.is_panic() {
                panicked(rpc, &panic_message(e.into_panic()))
            } else {
                cancelled(rpc)
            }
        })
    }

    fn resource(&self, name: &str) -> Result<&Entry<dyn super::provider::Resource>, Diagnostic> {
        self.provider
            .resources
            .get(name)
            .ok_or_else(|| unknown_type("resource", name))
    }

    fn data_source(
        &self,
        name: &str,
    ) -> Result<&Entry<dyn super::provider::DataSource>, Diagnostic> {
        self.provider
            .data_sources
            .get(name)
            .ok_or_else(|| unknown_type("data source", name))
    }

    fn broken_diagnostics(&self) -> Vec<pb::Diagnostic> {
        self.provider
            .broken
            .iter()
            .map(|e| {
                Diagnostic::bug(
                    "Provider Failed to Start",
                    format!("The provider's registration failed: {e}."),
                )
                .to_proto()
            })
            .collect()
    }

    async fn validate_config(
        &self,
        rpc: &str,
        schema: &Arc<Schema>,
        ty: &Type,
        config: Option<&pb::DynamicValue>,
        validate: impl FnOnce(&Context, &Value, &mut Diagnostics) + Send + 'static,
    ) -> Diagnostics {
        let config = match decode(config, ty, "configuration") {
            Ok(v) => v,
            Err(d) => return d.into(),
        };
        let ctx = self.context(schema);
        let work = async move {
            let mut diags = Diagnostics::new();
            validate(&ctx, &config, &mut diags);
            diags
        };
        self.run(rpc, work).await.unwrap_or_else(Diagnostics::from)
    }
}

fn capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        // Plan is also called for destroys, so the plan helpers see them (null plan).
        plan_destroy: true,
        // Terraform must ask for schemas each time it starts the provider.
        get_provider_schema_optional: false,
        move_resource_state: false,
    }
}

fn unknown_type(kind: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Unknown {kind} type"),
        format!(
            "This provider has no {kind} type {}. Check the spelling, and that the \
             provider version in use has it.",
            quote(name)
        ),
    )
}

fn cancelled(rpc: &str) -> Diagnostic {
    Diagnostic::error(
        "Operation Cancelled",
        format!(
            "Terraform asked the provider to stop, and {rpc} was abandoned before it \
             finished. Run the command again to complete it."
        ),
    )
}

fn panicked(rpc: &str, message: &str) -> Diagnostic {
    Diagnostic::bug(
        "Provider Panicked",
        format!("The provider crashed while handling {rpc}: {message}. It is still running."),
    )
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => payload
            .downcast_ref::<&str>()
            .map_or_else(|| "unknown panic".to_owned(), |s| (*s).to_owned()),
    }
}

/// Decodes a DynamicValue (absent = null) as `ty`; `what` names it in the diagnostic.
fn decode(value: Option<&pb::DynamicValue>, ty: &Type, what: &str) -> Result<Value, Diagnostic> {
    let Some(value) = value else {
        return Ok(Value::Null);
    };
    value::decode_dynamic_value(&value.msgpack, &value.json, ty)
        .map_err(|e| Diagnostic::invalid_value(what, &e))
}

/// Encodes a value the provider produced; a failure is the provider's bug.
fn encode(value: &Value, ty: &Type, what: &str) -> Result<pb::DynamicValue, Diagnostic> {
    value::encode_msgpack(value, ty)
        .map(|msgpack| pb::DynamicValue {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|e| {
            Diagnostic::bug(
                format!("Invalid {what}"),
                format!("The provider produced a {what} that does not match its schema: {e}."),
            )
            .at(e.path.clone())
        })
}

/// msgpack nil: a null of any type.
fn null_value() -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: vec![0xc0],
        json: Vec::new(),
    }
}

/// Bug diagnostics for every unknown left in a value that must be wholly known.
fn check_known(value: &Value, what: &str, diags: &mut Diagnostics) {
    for path in plan::unknown_paths(value) {
        diags.push(
            Diagnostic::bug(
                format!("Unknown Value in {what}"),
                format!(
                    "The provider left an unknown value in the {what}, which must be wholly known."
                ),
            )
            .at(path),
        );
    }
}

/// Bug diagnostics for every way an applied state breaks its plan.
fn check_applied(planned: &Value, new: &Value, diags: &mut Diagnostics) {
    if planned.is_null() != new.is_null() {
        let (was, now) = if planned.is_null() {
            ("destroy", "an object")
        } else {
            ("create or update", "null")
        };
        diags.push(Diagnostic::bug(
            "Provider Produced Inconsistent Result",
            format!("The plan was to {was}, but apply returned {now}."),
        ));
        return;
    }
    check_known(new, "applied state", diags);
    for (path, what) in plan::inconsistencies(planned, new) {
        diags.push(
            Diagnostic::bug(
                "Provider Produced Inconsistent Result",
                format!("A planned value changed during apply: {what}."),
            )
            .at(path),
        );
    }
}

/// Turns the parts of an answer into the value to send and its diagnostics.
fn finish(
    value: Result<pb::DynamicValue, Diagnostic>,
    diags: &mut Diagnostics,
) -> pb::DynamicValue {
    value.unwrap_or_else(|d| {
        diags.push(d);
        null_value()
    })
}

#[tonic::async_trait]
impl provider_server::Provider for GrpcProvider {
    async fn get_metadata(
        &self,
        _request: Request<pb::get_metadata::Request>,
    ) -> Result<Response<pb::get_metadata::Response>, Status> {
        use pb::get_metadata as m;
        let p = &self.provider;
        Ok(Response::new(m::Response {
            server_capabilities: Some(capabilities()),
            diagnostics: self.broken_diagnostics(),
            data_sources: p
                .data_sources
                .keys()
                .map(|n| m::DataSourceMetadata {
                    type_name: n.clone(),
                })
                .collect(),
            resources: p
                .resources
                .keys()
                .map(|n| m::ResourceMetadata {
                    type_name: n.clone(),
                })
                .collect(),
            functions: p
                .functions
                .keys()
                .map(|n| m::FunctionMetadata { name: n.clone() })
                .collect(),
            ephemeral_resources: Vec::new(),
        }))
    }

    async fn get_provider_schema(
        &self,
        _request: Request<pb::get_provider_schema::Request>,
    ) -> Result<Response<pb::get_provider_schema::Response>, Status> {
        let p = &self.provider;
        Ok(Response::new(pb::get_provider_schema::Response {
            provider: Some(p.config.schema.to_proto()),
            resource_schemas: p
                .resources
                .iter()
                .map(|(n, e)| (n.clone(), e.schema.to_proto()))
                .collect(),
            data_source_schemas: p
                .data_sources
                .iter()
                .map(|(n, e)| (n.clone(), e.schema.to_proto()))
                .collect(),
            functions: p
                .functions
                .iter()
                .map(|(n, f)| (n.clone(), f.signature.to_proto()))
                .collect(),
            ephemeral_resource_schemas: Default::default(),
            diagnostics: self.broken_diagnostics(),
            // No provider_meta schema: Terraform then sends no provider_meta values.
            provider_meta: None,
            server_capabilities: Some(capabilities()),
        }))
    }

    async fn get_resource_identity_schemas(
        &self,
        _request: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        // No resource has an identity. An empty answer is valid for every client, where
        // UNIMPLEMENTED relies on the client special-casing it (Terraform 1.12+ does).
        Ok(Response::new(Default::default()))
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> Result<Response<pb::validate_provider_config::Response>, Status> {
        let request = request.into_inner();
        let entry = &self.provider.config;
        let handler = Arc::clone(&entry.handler);
        let diags = self
            .validate_config(
                "ValidateProviderConfig",
                &entry.schema,
                &entry.ty,
                request.config.as_ref(),
                move |ctx, config, diags| handler.validate(ctx, config, diags),
            )
            .await;
        Ok(Response::new(pb::validate_provider_config::Response {
            diagnostics: diags.to_proto(),
        }))
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> Result<Response<pb::validate_resource_config::Response>, Status> {
        let request = request.into_inner();
        let diags = match self.resource(&request.type_name) {
            Err(d) => d.into(),
            Ok(entry) => {
                let handler = Arc::clone(&entry.handler);
                self.validate_config(
                    "ValidateResourceConfig",
                    &entry.schema,
                    &entry.ty,
                    request.config.as_ref(),
                    move |ctx, config, diags| handler.validate(ctx, config, diags),
                )
                .await
            }
        };
        Ok(Response::new(pb::validate_resource_config::Response {
            diagnostics: diags.to_proto(),
        }))
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> Result<Response<pb::validate_data_resource_config::Response>, Status> {
        let request = request.into_inner();
        let diags = match self.data_source(&request.type_name) {
            Err(d) => d.into(),
            Ok(entry) => {
                let handler = Arc::clone(&entry.handler);
                self.validate_config(
                    "ValidateDataResourceConfig",
                    &entry.schema,
                    &entry.ty,
                    request.config.as_ref(),
                    move |ctx, config, diags| handler.validate(ctx, config, diags),
                )
                .await
            }
        };
        Ok(Response::new(pb::validate_data_resource_config::Response {
            diagnostics: diags.to_proto(),
        }))
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let upgraded = match self.resource(&request.type_name) {
            Err(d) => Err(d),
            Ok(entry) => self.upgrade(entry, request, &mut diags).await,
        };
        let upgraded_state = finish(upgraded, &mut diags);
        Ok(Response::new(pb::upgrade_resource_state::Response {
            // Always set: an unset value reads as a null state.
            upgraded_state: Some(upgraded_state),
            diagnostics: diags.to_proto(),
        }))
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> Result<Response<pb::configure_provider::Response>, Status> {
        let request = request.into_inner();
        let entry = &self.provider.config;
        let mut diags = Diagnostics::new();
        match decode(request.config.as_ref(), &entry.ty, "provider configuration") {
            Err(d) => diags.push(d),
            Ok(config) => {
                let handler = Arc::clone(&entry.handler);
                let ctx = self.context(&entry.schema);
                let work = async move {
                    let mut diags = Diagnostics::new();
                    let data = handler.configure(&ctx, config, &mut diags).await;
                    (data, diags)
                };
                match self.run("ConfigureProvider", work).await {
                    Err(d) => diags.push(d),
                    Ok((data, more)) => {
                        diags.extend(more);
                        *self
                            .configured
                            .write()
                            .unwrap_or_else(PoisonError::into_inner) = data;
                    }
                }
            }
        }
        Ok(Response::new(pb::configure_provider::Response {
            diagnostics: diags.to_proto(),
        }))
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Result<Response<pb::read_resource::Response>, Status> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut private = Vec::new();
        let new_state = match self.resource(&request.type_name) {
            Err(d) => Err(d),
            Ok(entry) => {
                let read = self
                    .read(
                        entry,
                        request.current_state.as_ref(),
                        request.private,
                        &mut diags,
                    )
                    .await;
                read.and_then(|state| {
                    private = state.private;
                    encode(&state.value, &entry.ty, "state")
                })
            }
        };
        let new_state = finish(new_state, &mut diags);
        Ok(Response::new(pb::read_resource::Response {
            new_state: Some(new_state),
            diagnostics: diags.to_proto(),
            private,
            deferred: None,
            new_identity: None,
        }))
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut requires_replace = Vec::new();
        let mut planned_private = Vec::new();
        let planned = match self.resource(&request.type_name) {
            Err(d) => Err(d),
            Ok(entry) => self
                .plan(entry, request, &mut diags)
                .await
                .and_then(|plan| {
                    requires_replace = plan.requires_replace.iter().map(path_to_proto).collect();
                    planned_private = plan.planned_private;
                    encode(&plan.planned_state, &entry.ty, "planned state")
                }),
        };
        let planned_state = finish(planned, &mut diags);
        Ok(Response::new(pb::plan_resource_change::Response {
            planned_state: Some(planned_state),
            requires_replace,
            planned_private,
            diagnostics: diags.to_proto(),
            legacy_type_system: false,
            deferred: None,
            planned_identity: None,
        }))
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut private = Vec::new();
        let new_state = match self.resource(&request.type_name) {
            Err(d) => Err(d),
            Ok(entry) => self
                .apply(entry, request, &mut diags)
                .await
                .and_then(|state| {
                    private = state.private;
                    encode(&state.value, &entry.ty, "applied state")
                }),
        };
        let new_state = finish(new_state, &mut diags);
        Ok(Response::new(pb::apply_resource_change::Response {
            new_state: Some(new_state),
            private,
            diagnostics: diags.to_proto(),
            legacy_type_system: false,
            new_identity: None,
        }))
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut imported_resources = Vec::new();
        match self.resource(&request.type_name) {
            Err(d) => diags.push(d),
            Ok(entry) => {
                let handler = Arc::clone(&entry.handler);
                let ctx = self.context(&entry.schema);
                let id = request.id;
                let work = async move {
                    let mut diags = Diagnostics::new();
                    let state = handler.import(&ctx, id, &mut diags).await;
                    (state, diags)
                };
                match self.run("ImportResourceState", work).await {
                    Err(d) => diags.push(d),
                    Ok((state, more)) => {
                        diags.extend(more);
                        if let Some(state) = state.filter(|_| !diags.has_errors()) {
                            match encode(&state.value, &entry.ty, "imported state") {
                                Err(d) => diags.push(d),
                                Ok(value) => {
                                    imported_resources.push(
                                        pb::import_resource_state::ImportedResource {
                                            type_name: request.type_name.clone(),
                                            state: Some(value),
                                            private: state.private,
                                            identity: None,
                                        },
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(Response::new(pb::import_resource_state::Response {
            imported_resources,
            diagnostics: diags.to_proto(),
            deferred: None,
        }))
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Result<Response<pb::read_data_source::Response>, Status> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let state = match self.data_source(&request.type_name) {
            Err(d) => Err(d),
            Ok(entry) => self
                .read_data(entry, request.config.as_ref(), &mut diags)
                .await
                .and_then(|value| encode(&value, &entry.ty, "data source state")),
        };
        let state = finish(state, &mut diags);
        Ok(Response::new(pb::read_data_source::Response {
            state: Some(state),
            diagnostics: diags.to_proto(),
            deferred: None,
        }))
    }

    async fn get_functions(
        &self,
        _request: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        Ok(Response::new(pb::get_functions::Response {
            functions: self
                .provider
                .functions
                .iter()
                .map(|(n, f)| (n.clone(), f.signature.to_proto()))
                .collect(),
            diagnostics: self.broken_diagnostics(),
        }))
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Result<Response<pb::call_function::Response>, Status> {
        let request = request.into_inner();
        let (result, error) = match self.call(request).await {
            Ok(result) => (Some(result), None),
            Err(e) => (None, Some(e.to_proto())),
        };
        Ok(Response::new(pb::call_function::Response { result, error }))
    }

    async fn stop_provider(
        &self,
        _request: Request<pb::stop_provider::Request>,
    ) -> Result<Response<pb::stop_provider::Response>, Status> {
        // At info level, so that `TF_LOG_PROVIDER=info` shows when a Ctrl-C reached us.
        crate::server::log::info("stop requested: cancelling the operations in flight");
        self.stopper.stop();
        Ok(Response::new(pb::stop_provider::Response {
            error: String::new(),
        }))
    }
}

/// The RPC bodies that need more than a few lines, on framework types.
impl GrpcProvider {
    async fn upgrade(
        &self,
        entry: &Entry<dyn super::provider::Resource>,
        request: pb::upgrade_resource_state::Request,
        diags: &mut Diagnostics,
    ) -> Result<pb::DynamicValue, Diagnostic> {
        let raw = request.raw_state.unwrap_or_default();
        if raw.json.is_empty() {
            if !raw.flatmap.is_empty() {
                return Err(Diagnostic::error(
                    "Unsupported State Format",
                    "The state is in the flatmap format of Terraform 0.11 and older, which \
                     this provider never wrote. Remove the resource from the state and \
                     import it again.",
                ));
            }
            return Ok(null_value());
        }
        let current = entry.schema.version;
        let version = request.version;
        let state_type = if version == current {
            Some(entry.ty.clone())
        } else if version > current {
            return Err(Diagnostic::error(
                "State From a Newer Provider",
                format!(
                    "The state was written at schema version {version}, newer than this \
                     provider's {current}. Use the provider version that wrote it, or newer."
                ),
            ));
        } else {
            entry.handler.state_type(version)
        };
        let Some(state_type) = state_type else {
            return Err(Diagnostic::error(
                "Unsupported State Version",
                format!(
                    "The state was written at schema version {version}, which this provider \
                     cannot read (it is at version {current}). Use the provider version that \
                     wrote the state."
                ),
            ));
        };
        let old = value::decode_json(&raw.json, &state_type)
            .map_err(|e| Diagnostic::invalid_value("stored state", &e))?;
        let new = if version == current {
            old
        } else {
            let handler = Arc::clone(&entry.handler);
            let (new, more) = self
                .run_blocking("UpgradeResourceState", move || {
                    let mut diags = Diagnostics::new();
                    let new = handler.upgrade_state(version, old, &mut diags);
                    (new, diags)
                })
                .await?;
            diags.extend(more);
            new
        };
        if diags.has_errors() {
            return Ok(null_value());
        }
        check_known(&new, "upgraded state", diags);
        encode(&new, &entry.ty, "upgraded state")
    }

    async fn read(
        &self,
        entry: &Entry<dyn super::provider::Resource>,
        current: Option<&pb::DynamicValue>,
        private: Vec<u8>,
        diags: &mut Diagnostics,
    ) -> Result<State, Diagnostic> {
        let value = decode(current, &entry.ty, "current state")?;
        if value.is_null() {
            // Nothing to refresh: the object is already gone.
            return Ok(State { value, private });
        }
        let handler = Arc::clone(&entry.handler);
        let ctx = self.context(&entry.schema);
        let work = async move {
            let mut diags = Diagnostics::new();
            let state = handler
                .read(&ctx, State { value, private }, &mut diags)
                .await;
            (state, diags)
        };
        let (state, more) = self.run("ReadResource", work).await?;
        diags.extend(more);
        check_known(&state.value, "refreshed state", diags);
        Ok(state)
    }

    async fn plan(
        &self,
        entry: &Entry<dyn super::provider::Resource>,
        request: pb::plan_resource_change::Request,
        diags: &mut Diagnostics,
    ) -> Result<super::provider::PlanResponse, Diagnostic> {
        let ty = &entry.ty;
        let plan_request = PlanRequest {
            prior_state: decode(request.prior_state.as_ref(), ty, "prior state")?,
            proposed_new_state: decode(request.proposed_new_state.as_ref(), ty, "proposed state")?,
            config: decode(request.config.as_ref(), ty, "configuration")?,
            prior_private: request.prior_private,
        };
        let destroying = plan_request.proposed_new_state.is_null();
        let handler = Arc::clone(&entry.handler);
        let ctx = self.context(&entry.schema);
        let work = async move {
            let mut diags = Diagnostics::new();
            let plan = handler.plan(&ctx, plan_request, &mut diags).await;
            (plan, diags)
        };
        let (plan, more) = self.run("PlanResourceChange", work).await?;
        diags.extend(more);
        if destroying && !plan.planned_state.is_null() {
            diags.push(Diagnostic::bug(
                "Provider Produced Invalid Plan",
                "The plan for a destroy must be null.",
            ));
        }
        Ok(plan)
    }

    async fn apply(
        &self,
        entry: &Entry<dyn super::provider::Resource>,
        request: pb::apply_resource_change::Request,
        diags: &mut Diagnostics,
    ) -> Result<State, Diagnostic> {
        let ty = &entry.ty;
        let apply_request = ApplyRequest {
            prior_state: decode(request.prior_state.as_ref(), ty, "prior state")?,
            planned_state: decode(request.planned_state.as_ref(), ty, "planned state")?,
            config: decode(request.config.as_ref(), ty, "configuration")?,
            planned_private: request.planned_private,
        };
        let planned = apply_request.planned_state.clone();
        let handler = Arc::clone(&entry.handler);
        let ctx = self.context(&entry.schema);
        let work = async move {
            let mut diags = Diagnostics::new();
            let state = handler.apply(&ctx, apply_request, &mut diags).await;
            (state, diags)
        };
        let (state, more) = self.run("ApplyResourceChange", work).await?;
        diags.extend(more);
        // A failed apply may return a partial state; the plan no longer binds it.
        if !diags.has_errors() {
            check_applied(&planned, &state.value, diags);
        }
        Ok(state)
    }

    async fn read_data(
        &self,
        entry: &Entry<dyn super::provider::DataSource>,
        config: Option<&pb::DynamicValue>,
        diags: &mut Diagnostics,
    ) -> Result<Value, Diagnostic> {
        let config = decode(config, &entry.ty, "configuration")?;
        if config.is_null() {
            return Err(Diagnostic::error(
                "Missing Configuration",
                "Terraform sent no configuration for this data source.",
            ));
        }
        if !config.is_wholly_known() {
            // Terraform reads data sources only once their configuration is known; should
            // it ask earlier, the honest answer is "not known yet", not an error.
            return Ok(plan::unknown_computed(&entry.schema.block, &config));
        }
        let handler = Arc::clone(&entry.handler);
        let ctx = self.context(&entry.schema);
        let work = async move {
            let mut diags = Diagnostics::new();
            let state = handler.read(&ctx, config, &mut diags).await;
            (state, diags)
        };
        let (state, more) = self.run("ReadDataSource", work).await?;
        diags.extend(more);
        if !diags.has_errors() {
            check_known(&state, "data source state", diags);
        }
        Ok(state)
    }

    async fn call(
        &self,
        request: pb::call_function::Request,
    ) -> Result<pb::DynamicValue, FunctionError> {
        let entry = self.provider.functions.get(&request.name).ok_or_else(|| {
            FunctionError::new(format!(
                "this provider has no function {}",
                quote(&request.name)
            ))
        })?;
        let signature = &entry.signature;
        let count = request.arguments.len();
        let fixed = signature.parameters.len();
        if count < fixed || (count > fixed && signature.variadic.is_none()) {
            return Err(FunctionError::new(format!(
                "{} takes {fixed} argument(s), got {count}",
                request.name
            )));
        }
        let mut arguments = Vec::with_capacity(count);
        for (index, argument) in request.arguments.iter().enumerate() {
            let parameter = signature
                .parameter(index)
                .ok_or_else(|| FunctionError::new("too many arguments"))?;
            let value =
                value::decode_dynamic_value(&argument.msgpack, &argument.json, &parameter.ty)
                    .map_err(|e| {
                        FunctionError::argument(
                            index,
                            format!("invalid value for {}: {e}", parameter.name),
                        )
                    })?;
            if value.is_null() && !parameter.allow_null {
                return Err(FunctionError::argument(
                    index,
                    format!("{} must not be null", parameter.name),
                ));
            }
            arguments.push(value);
        }
        let handler = Arc::clone(&entry.handler);
        let result = self
            .run_blocking("CallFunction", move || handler.call(arguments))
            .await
            .map_err(|d| FunctionError::new(format!("{}: {}", d.summary, d.detail)))??;
        value::encode_msgpack(&result, &signature.return_type)
            .map(|msgpack| pb::DynamicValue {
                msgpack,
                json: Vec::new(),
            })
            .map_err(|e| {
                FunctionError::new(format!(
                    "the provider produced a result that does not match the function's return type: {e}; this is a bug in the provider"
                ))
            })
    }
}
