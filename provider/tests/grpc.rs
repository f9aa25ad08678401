//! In-process gRPC tests: the generated `tfplugin6` client against `framework::grpc_service`
//! on a unix socket in a temporary directory, for every RPC, with hostile input.
//!
//! Two providers are served: the real one (`workload::provider()`), and a test-only provider
//! (`test`) whose resources exercise the framework's resource paths — lifecycle and private
//! state, a panicking handler, a slow handler for StopProvider — and are never registered in
//! the real provider.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use support::serve;
use terraform_provider_score::framework::{
    self, ApplyRequest, Attribute, Block, BoxFuture, Configure, Context, DataSource, Diagnostics,
    Function, FunctionError, Parameter, PlanRequest, PlanResponse, Provider, Resource, Schema,
    Signature, State, plan,
};
use terraform_provider_score::proto::tfplugin6 as pb;
use terraform_provider_score::proto::tfplugin6::provider_client::ProviderClient;
use terraform_provider_score::value::{self, Type, Value};
use terraform_provider_score::workload;
use tokio::sync::Notify;
use tonic::transport::Channel;

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

fn dv(value: &Value, ty: &Type) -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: value::encode_msgpack(value, ty).expect("encoding a test value"),
        json: Vec::new(),
    }
}

fn raw(msgpack: &[u8]) -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: msgpack.to_vec(),
        json: Vec::new(),
    }
}

fn undv(value: Option<&pb::DynamicValue>, ty: &Type) -> Value {
    let value = value.expect("a DynamicValue is always set");
    value::decode_dynamic_value(&value.msgpack, &value.json, ty).expect("decoding an answer")
}

/// Diagnostics as `severity summary @path` lines, for compact assertions.
fn show(diags: &[pb::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let severity = match d.severity {
                1 => "error",
                2 => "warning",
                _ => "invalid",
            };
            let path = d
                .attribute
                .as_ref()
                .and_then(framework::diag::path_from_proto)
                .map(|p| format!(" @{p}"))
                .unwrap_or_default();
            format!("{severity} {}{path}", d.summary)
        })
        .collect()
}

fn s(text: &str) -> Value {
    Value::string(text)
}

// ---------------------------------------------------------------------------------------
// The test-only provider
// ---------------------------------------------------------------------------------------

/// Provider configuration: `endpoint`, handed to handlers through provider data.
struct TestConfig;

impl Configure for TestConfig {
    fn schema(&self) -> Schema {
        Schema::new(Block::new().attribute(
            "endpoint",
            Attribute::optional(Type::String).description("Where the test API lives."),
        ))
    }

    fn validate(&self, _ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        if config.get_attr("endpoint").and_then(Value::as_str) == Some("bad") {
            diags.error_at(
                value::AttributePath::root().attr("endpoint"),
                "Bad Endpoint",
                "The endpoint must not be \"bad\".",
            );
        }
    }

    fn configure<'a>(
        &'a self,
        _ctx: &'a Context,
        config: Value,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Option<Arc<dyn std::any::Any + Send + Sync>>> {
        let endpoint = config
            .get_attr("endpoint")
            .and_then(Value::as_str)
            .unwrap_or("none")
            .to_owned();
        Box::pin(async move { Some(Arc::new(endpoint) as Arc<dyn std::any::Any + Send + Sync>) })
    }
}

/// `test_thing`: id is stable, name replaces, etag changes on every apply. Schema version 1;
/// version 0 had only id and name. The name `liar` makes apply break its plan.
struct Thing;

fn thing_schema() -> Schema {
    Schema::new(
        Block::new()
            .attribute("id", Attribute::computed(Type::String).use_prior_state())
            .attribute("name", Attribute::required(Type::String).requires_replace())
            .attribute("size", Attribute::optional(Type::Number))
            .attribute("etag", Attribute::computed(Type::String)),
    )
    .with_version(1)
}

fn thing_type() -> Type {
    thing_schema().value_type()
}

impl Resource for Thing {
    fn schema(&self) -> Schema {
        thing_schema()
    }

    fn validate(&self, _ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        if config.get_attr("name").and_then(Value::as_str) == Some("") {
            diags.error_at(
                value::AttributePath::root().attr("name"),
                "Empty Name",
                "Give the thing a name.",
            );
        }
    }

    fn apply<'a>(
        &'a self,
        ctx: &'a Context,
        request: ApplyRequest,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        Box::pin(async move {
            let mut private = request.planned_private.clone();
            private.extend_from_slice(b"+applied");
            let Value::Object(mut attrs) = request.planned_state else {
                return State {
                    value: Value::Null,
                    private,
                };
            };
            let name = attrs
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let endpoint = ctx.provider_data::<String>().cloned().unwrap_or_default();
            let generation = if request.prior_state.is_null() { 1 } else { 2 };
            if !attrs.get("id").is_some_and(Value::is_known) {
                attrs.insert("id".to_owned(), s(&format!("id-{name}")));
            }
            attrs.insert("etag".to_owned(), s(&format!("{endpoint}-e{generation}")));
            if name == "liar" {
                attrs.insert("name".to_owned(), s("someone else"));
            }
            State {
                value: Value::Object(attrs),
                private,
            }
        })
    }

    fn read<'a>(
        &'a self,
        _ctx: &'a Context,
        state: State,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        Box::pin(async move {
            if state.value.get_attr("name").and_then(Value::as_str) == Some("gone") {
                return State {
                    value: Value::Null,
                    private: Vec::new(),
                };
            }
            state
        })
    }

    fn import<'a>(
        &'a self,
        ctx: &'a Context,
        id: String,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Option<State>> {
        Box::pin(async move {
            Some(State {
                value: plan::import_state(&ctx.schema().block, "id", &id),
                private: b"imported".to_vec(),
            })
        })
    }

    fn state_type(&self, version: i64) -> Option<Type> {
        (version == 0).then(|| Type::object([("id", Type::String), ("name", Type::String)]))
    }

    fn upgrade_state(&self, version: i64, state: Value, diags: &mut Diagnostics) -> Value {
        match (version, state) {
            (0, Value::Object(mut attrs)) => {
                attrs.insert("size".to_owned(), Value::Null);
                attrs.insert("etag".to_owned(), Value::Null);
                Value::Object(attrs)
            }
            (_, other) => {
                diags.error(
                    "Cannot Upgrade",
                    format!("no upgrade from version {version}"),
                );
                other
            }
        }
    }
}

/// `test_panic`: every handler panics.
struct Panics;

impl Resource for Panics {
    fn schema(&self) -> Schema {
        Schema::new(Block::new().attribute("name", Attribute::optional(Type::String)))
    }

    fn plan<'a>(
        &'a self,
        _ctx: &'a Context,
        _request: PlanRequest,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, PlanResponse> {
        Box::pin(async { panic!("boom in plan") })
    }

    fn apply<'a>(
        &'a self,
        _ctx: &'a Context,
        _request: ApplyRequest,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        panic!("boom before the future")
    }

    fn read<'a>(
        &'a self,
        _ctx: &'a Context,
        _state: State,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        Box::pin(async { panic!("boom in read") })
    }
}

/// `test_slow`: apply waits for a stop (and reports it); read ignores stops.
struct Slow {
    started: Arc<Notify>,
}

impl Resource for Slow {
    fn schema(&self) -> Schema {
        Schema::new(Block::new().attribute("wait", Attribute::required(Type::Bool)))
    }

    fn apply<'a>(
        &'a self,
        ctx: &'a Context,
        request: ApplyRequest,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        Box::pin(async move {
            let wait = request
                .planned_state
                .get_attr("wait")
                .and_then(Value::as_bool);
            if wait == Some(true) {
                self.started.notify_one();
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(60)) => {}
                    () = ctx.stopped() => {
                        diags.error("Apply Interrupted", "Stopped on Terraform's request.");
                    }
                }
            }
            State {
                value: request.planned_state,
                private: Vec::new(),
            }
        })
    }

    fn read<'a>(
        &'a self,
        _ctx: &'a Context,
        state: State,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        Box::pin(async move {
            self.started.notify_one();
            tokio::time::sleep(Duration::from_secs(60)).await;
            state
        })
    }
}

/// `test_echo`: output = input upper-cased; input `panic` panics.
struct Echo;

impl DataSource for Echo {
    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .attribute("input", Attribute::required(Type::String))
                .attribute("output", Attribute::computed(Type::String)),
        )
    }

    fn read<'a>(
        &'a self,
        _ctx: &'a Context,
        config: Value,
        _diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Value> {
        Box::pin(async move {
            let input = config
                .get_attr("input")
                .and_then(Value::as_str)
                .unwrap_or_default();
            assert_ne!(input, "panic", "asked to panic");
            Value::object([("input", s(input)), ("output", s(&input.to_uppercase()))])
        })
    }
}

/// Function `upper(text)`; `text` = "bad" fails, "panic" panics.
struct Upper;

impl Function for Upper {
    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![Parameter::new("text", Type::String)],
            variadic: None,
            return_type: Type::String,
            summary: "Upper-case".to_owned(),
            description: framework::Description::None,
            deprecation: None,
        }
    }

    fn call(&self, arguments: Vec<Value>) -> Result<Value, FunctionError> {
        let text = arguments
            .first()
            .and_then(Value::as_str)
            .unwrap_or_default();
        match text {
            "bad" => Err(FunctionError::argument(0, "text must not be bad")),
            "panic" => panic!("boom in function"),
            _ => Ok(s(&text.to_uppercase())),
        }
    }
}

struct TestProvider {
    provider: Provider,
    started: Arc<Notify>,
}

fn test_provider() -> TestProvider {
    let started = Arc::new(Notify::new());
    let mut provider = Provider::new("test").expect("type name");
    provider.configure_with(TestConfig).expect("config");
    provider
        .register_resource("test_thing", Thing)
        .expect("thing");
    provider
        .register_resource("test_panic", Panics)
        .expect("panic");
    let slow = Slow {
        started: Arc::clone(&started),
    };
    provider.register_resource("test_slow", slow).expect("slow");
    provider
        .register_data_source("test_echo", Echo)
        .expect("echo");
    provider.register_function("upper", Upper).expect("upper");
    provider.set_stop_grace(Duration::from_millis(300));
    TestProvider { provider, started }
}

// ---------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------

#[test]
fn registration_refuses_what_terraform_would() {
    let bad_schema =
        || Schema::new(Block::new().attribute("Bad", Attribute::optional(Type::String)));
    struct BadData(Schema);
    impl DataSource for BadData {
        fn schema(&self) -> Schema {
            self.0.clone()
        }
        fn read<'a>(
            &'a self,
            _ctx: &'a Context,
            config: Value,
            _diags: &'a mut Diagnostics,
        ) -> BoxFuture<'a, Value> {
            Box::pin(async move { config })
        }
    }
    let good = || BadData(Schema::new(Block::new()));
    let mut provider = Provider::new("test").expect("type name");
    provider
        .register_data_source("test_ok", good())
        .expect("valid");
    // (case, result, expected error)
    let cases = [
        (
            "bad attribute name",
            provider.register_data_source("test_bad", BadData(bad_schema())),
            r#"data source "test_bad": attribute "Bad": the name must match ^[a-z0-9_]+$"#,
        ),
        (
            "missing prefix",
            provider.register_data_source("other_thing", good()),
            r#"data source "other_thing": the name must start with "test_": Terraform picks the provider of a type by that prefix"#,
        ),
        (
            "prefix alone",
            provider.register_data_source("test_", good()),
            r#"data source "test_": the name must start with "test_": Terraform picks the provider of a type by that prefix"#,
        ),
        (
            "twice",
            provider.register_data_source("test_ok", good()),
            r#"data source "test_ok": registered twice"#,
        ),
        (
            "function name",
            provider.register_function("Upper", Upper),
            r#"function "Upper": the name must match ^[a-z0-9_]+$"#,
        ),
    ];
    for (name, result, expected) in cases {
        let error = result.err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some(expected), "case {name}");
    }
    let error = Provider::new("bad_name").err().map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some(r#"provider "bad_name": a provider type name must match ^[a-z0-9]+$"#)
    );
}

#[tokio::test]
async fn a_broken_provider_serves_and_reports_its_bug() {
    let error = Provider::new("x_y").expect_err("refused");
    let mut served = serve(Provider::broken(error)).await;
    let schema = served
        .client
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(
        show(&schema.diagnostics),
        ["error Provider Failed to Start"]
    );
    assert!(schema.diagnostics[0].detail.contains("x_y"));
}

// ---------------------------------------------------------------------------------------
// Metadata, schemas, functions
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn metadata_and_schema_of_the_score_provider() {
    let mut served = serve(workload::provider()).await;
    let metadata = served
        .client
        .get_metadata(pb::get_metadata::Request {})
        .await
        .expect("GetMetadata")
        .into_inner();
    let capabilities = metadata.server_capabilities.unwrap_or_default();
    assert!(capabilities.plan_destroy);
    assert!(!capabilities.get_provider_schema_optional);
    let names: Vec<_> = metadata
        .data_sources
        .iter()
        .map(|d| d.type_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "score_resource_definitions",
            "score_resource_match",
            "score_workload"
        ]
    );
    let functions: Vec<_> = metadata.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        functions,
        ["match_definition", "parse_workload", "substitute"]
    );
    let resources: Vec<_> = metadata
        .resources
        .iter()
        .map(|r| r.type_name.as_str())
        .collect();
    assert_eq!(resources, ["score_resource_definition", "score_workload"]);
    assert!(metadata.diagnostics.is_empty());

    let schema = served
        .client
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .expect("GetProviderSchema")
        .into_inner();
    assert!(schema.diagnostics.is_empty());
    assert!(schema.server_capabilities.unwrap_or_default().plan_destroy);
    assert!(schema.provider_meta.is_none());
    let block = schema.data_source_schemas["score_workload"]
        .block
        .clone()
        .unwrap_or_default();
    // (attribute, required, computed, type set, nested set)
    let mut rows: Vec<_> = block
        .attributes
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.required,
                a.computed,
                !a.r#type.is_empty(),
                a.nested_type.is_some(),
                !a.description.is_empty(),
            )
        })
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            ("containers", false, true, false, true, true),
            ("name", false, true, true, false, true),
            ("resource_requests", false, true, false, true, true),
            ("spec", true, false, true, false, true),
        ]
    );
    let function = &schema.functions["parse_workload"];
    assert_eq!(function.parameters.len(), 1);
    assert_eq!(function.parameters[0].r#type, b"\"string\"");

    let functions = served
        .client
        .get_functions(pb::get_functions::Request {})
        .await
        .expect("GetFunctions")
        .into_inner();
    let mut names: Vec<_> = functions.functions.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["match_definition", "parse_workload", "substitute"]);

    let identities = served
        .client
        .get_resource_identity_schemas(pb::get_resource_identity_schemas::Request {})
        .await
        .expect("GetResourceIdentitySchemas")
        .into_inner();
    assert!(identities.identity_schemas.is_empty() && identities.diagnostics.is_empty());
}

#[tokio::test]
async fn unimplemented_rpcs_say_so() {
    let mut served = serve(workload::provider()).await;
    let status = served
        .client
        .move_resource_state(pb::move_resource_state::Request::default())
        .await
        .expect_err("not implemented");
    assert_eq!(status.code(), tonic::Code::Unimplemented);
    let status = served
        .client
        .open_ephemeral_resource(pb::open_ephemeral_resource::Request::default())
        .await
        .expect_err("not implemented");
    assert_eq!(status.code(), tonic::Code::Unimplemented);
}

// ---------------------------------------------------------------------------------------
// score_workload and parse_workload
// ---------------------------------------------------------------------------------------

const SPEC: &str = "\
apiVersion: score.dev/v1b1
metadata:
  name: shop
containers:
  web:
    image: nginx
resources:
  db:
    type: postgres
    id: main-db
";

fn workload_type() -> Type {
    workload::WorkloadDataSource.schema().value_type()
}

fn workload_config(spec: Value) -> Value {
    Value::object([
        ("spec", spec),
        ("name", Value::Null),
        ("containers", Value::Null),
        ("resource_requests", Value::Null),
    ])
}

#[tokio::test]
async fn score_workload_reads_a_spec() {
    let mut served = serve(workload::provider()).await;
    let ty = workload_type();
    let response = served
        .client
        .read_data_source(pb::read_data_source::Request {
            type_name: "score_workload".to_owned(),
            config: Some(dv(&workload_config(s(SPEC)), &ty)),
            ..Default::default()
        })
        .await
        .expect("ReadDataSource")
        .into_inner();
    assert_eq!(show(&response.diagnostics), Vec::<String>::new());
    let state = undv(response.state.as_ref(), &ty);
    assert_eq!(state.get_attr("name"), Some(&s("shop")));
    assert_eq!(state.get_attr("spec"), Some(&s(SPEC)));
    let request = Value::object([
        ("name", s("db")),
        ("uid", s("postgres.default#main-db")),
        ("type", s("postgres")),
        ("class", s("default")),
        ("id", s("main-db")),
        ("params", Value::Null),
    ]);
    assert_eq!(
        state.get_attr("resource_requests"),
        Some(&Value::List(vec![request]))
    );
}

#[tokio::test]
async fn score_workload_positions_problems_on_spec() {
    let mut served = serve(workload::provider()).await;
    let ty = workload_type();
    let spec =
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: 42\n";
    let config = dv(&workload_config(s(spec)), &ty);
    let validate = served
        .client
        .validate_data_resource_config(pb::validate_data_resource_config::Request {
            type_name: "score_workload".to_owned(),
            config: Some(config.clone()),
        })
        .await
        .expect("ValidateDataResourceConfig")
        .into_inner();
    let read = served
        .client
        .read_data_source(pb::read_data_source::Request {
            type_name: "score_workload".to_owned(),
            config: Some(config),
            ..Default::default()
        })
        .await
        .expect("ReadDataSource")
        .into_inner();
    for diags in [&validate.diagnostics, &read.diagnostics] {
        assert_eq!(
            show(diags),
            ["error expected a string, found an integer @spec"]
        );
        assert_eq!(
            diags[0].detail,
            "containers.web.image (line 6, col 12): expected a string, found an integer\n\n\
             quote the value to make it a string"
        );
    }
}

/// Hostile configurations for `score_workload`: (case, config, validate diagnostics, read
/// diagnostics). Every one is answered, none kills the server.
fn hostile_configs() -> Vec<(
    &'static str,
    pb::DynamicValue,
    Vec<&'static str>,
    Vec<&'static str>,
)> {
    let ty = workload_type();
    let good = dv(&workload_config(s(SPEC)), &ty);
    let truncated = raw(&good.msgpack[..good.msgpack.len() / 2]);
    // A fixed pseudo-random sequence (xorshift), so a failure reproduces.
    let mut x: u32 = 0x9e37_79b9;
    let random: Vec<u8> = (0..512)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect();
    let json = pb::DynamicValue {
        msgpack: Vec::new(),
        json: format!(
            r#"{{"spec":{},"name":null,"containers":null,"resource_requests":null}}"#,
            serde_json_string(SPEC)
        )
        .into_bytes(),
    };
    // A map with the four attributes plus "bogus".
    let mut unknown_attribute = vec![0x85];
    for key in ["spec", "name", "containers", "resource_requests", "bogus"] {
        unknown_attribute.push(0xa0 | key.len() as u8);
        unknown_attribute.extend_from_slice(key.as_bytes());
        unknown_attribute.push(0xc0);
    }
    let invalid = &["error Invalid configuration"][..];
    let invalid_spec = &["error Invalid configuration @spec"][..];
    vec![
        ("good msgpack", good, vec![], vec![]),
        ("JSON DynamicValue", json, vec![], vec![]),
        // Cut inside the spec string: the decoder says where.
        (
            "truncated msgpack",
            truncated,
            invalid_spec.to_vec(),
            invalid_spec.to_vec(),
        ),
        (
            "random bytes",
            raw(&random),
            invalid.to_vec(),
            invalid.to_vec(),
        ),
        (
            "a string, not an object",
            raw(b"\xa3abc"),
            invalid.to_vec(),
            invalid.to_vec(),
        ),
        (
            "an array, not an object",
            raw(b"\x91\xc0"),
            invalid.to_vec(),
            invalid.to_vec(),
        ),
        (
            "trailing bytes",
            raw(b"\xc0\xc0"),
            invalid.to_vec(),
            invalid.to_vec(),
        ),
        (
            "an unknown attribute",
            raw(&unknown_attribute),
            invalid.to_vec(),
            invalid.to_vec(),
        ),
        (
            "spec of the wrong type",
            dv(
                &workload_config(Value::Bool(true)),
                &Type::object([
                    ("spec", Type::Bool),
                    ("name", Type::String),
                    ("containers", Type::Dynamic),
                    ("resource_requests", Type::Dynamic),
                ]),
            ),
            invalid_spec.to_vec(),
            invalid_spec.to_vec(),
        ),
        (
            "null configuration",
            pb::DynamicValue::default(),
            vec![],
            vec!["error Missing Configuration"],
        ),
        (
            "msgpack nil",
            raw(b"\xc0"),
            vec![],
            vec!["error Missing Configuration"],
        ),
        ("wholly unknown", raw(b"\xd4\x00\x00"), vec![], vec![]),
        (
            "unknown spec",
            dv(&workload_config(Value::unknown()), &ty),
            vec![],
            vec![],
        ),
        (
            "null spec",
            dv(&workload_config(Value::Null), &ty),
            vec![],
            vec!["error Missing spec @spec"],
        ),
        (
            "spec is not YAML",
            dv(&workload_config(s("{{{")), &ty),
            vec![
                "error invalid YAML: while parsing a node, did not find expected node content @spec",
            ],
            vec![
                "error invalid YAML: while parsing a node, did not find expected node content @spec",
            ],
        ),
    ]
}

/// A JSON string literal (the test avoids a JSON dependency).
fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[tokio::test]
async fn hostile_configurations_are_diagnostics() {
    let mut served = serve(workload::provider()).await;
    let mut mismatches = Vec::new();
    for (name, config, validate, read) in hostile_configs() {
        let response = served
            .client
            .validate_data_resource_config(pb::validate_data_resource_config::Request {
                type_name: "score_workload".to_owned(),
                config: Some(config.clone()),
            })
            .await
            .unwrap_or_else(|e| panic!("case {name}: ValidateDataResourceConfig failed: {e}"))
            .into_inner();
        if show(&response.diagnostics) != validate {
            mismatches.push(format!(
                "{name}: validate {:?}",
                show(&response.diagnostics)
            ));
        }
        let response = served
            .client
            .read_data_source(pb::read_data_source::Request {
                type_name: "score_workload".to_owned(),
                config: Some(config),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|e| panic!("case {name}: ReadDataSource failed: {e}"))
            .into_inner();
        if show(&response.diagnostics) != read {
            mismatches.push(format!("{name}: read {:?}", show(&response.diagnostics)));
        }
        assert!(response.state.is_some(), "case {name}: state always set");
    }
    assert_eq!(mismatches, Vec::<String>::new());
}

#[tokio::test]
async fn unknown_spec_reads_as_unknown_outputs() {
    let mut served = serve(workload::provider()).await;
    let ty = workload_type();
    let response = served
        .client
        .read_data_source(pb::read_data_source::Request {
            type_name: "score_workload".to_owned(),
            config: Some(dv(&workload_config(Value::unknown()), &ty)),
            ..Default::default()
        })
        .await
        .expect("ReadDataSource")
        .into_inner();
    assert!(response.diagnostics.is_empty());
    let state = undv(response.state.as_ref(), &ty);
    for name in ["spec", "name", "containers", "resource_requests"] {
        assert_eq!(state.get_attr(name), Some(&Value::unknown()), "{name}");
    }
}

#[tokio::test]
async fn a_50_mb_spec_is_refused_with_a_diagnostic() {
    let mut served = serve(workload::provider()).await;
    let ty = workload_type();
    let huge = format!("{SPEC}# {}\n", "x".repeat(50 * 1024 * 1024));
    let response = served
        .client
        .read_data_source(pb::read_data_source::Request {
            type_name: "score_workload".to_owned(),
            config: Some(dv(&workload_config(s(&huge)), &ty)),
            ..Default::default()
        })
        .await
        .expect("a 50 MB request is within the raised limits")
        .into_inner();
    assert_eq!(show(&response.diagnostics).len(), 1);
    let summary = &response.diagnostics[0].summary;
    assert_eq!(summary, "spec is 50.0 MiB, larger than the 8 MiB limit");
    // The server still answers.
    let call = call(
        &mut served.client,
        "parse_workload",
        &[(s(SPEC), Type::String)],
    )
    .await;
    assert!(call.error.is_none());
}

async fn call(
    client: &mut ProviderClient<Channel>,
    name: &str,
    arguments: &[(Value, Type)],
) -> pb::call_function::Response {
    client
        .call_function(pb::call_function::Request {
            name: name.to_owned(),
            arguments: arguments.iter().map(|(v, t)| dv(v, t)).collect(),
        })
        .await
        .expect("CallFunction")
        .into_inner()
}

#[tokio::test]
async fn parse_workload_function() {
    let mut served = serve(workload::provider()).await;
    let outputs = function_type();
    let ok = call(
        &mut served.client,
        "parse_workload",
        &[(s(SPEC), Type::String)],
    )
    .await;
    assert!(ok.error.is_none(), "{:?}", ok.error);
    let result = undv(ok.result.as_ref(), &outputs);
    assert_eq!(result.get_attr("name"), Some(&s("shop")));

    /// (case, name, arguments, error text start, argument)
    type CallCase = (
        &'static str,
        &'static str,
        Vec<(Value, Type)>,
        &'static str,
        Option<i64>,
    );
    let cases: Vec<CallCase> = vec![
        (
            "invalid spec",
            "parse_workload",
            vec![(s("metadata: {name: x}\n"), Type::String)],
            "invalid Score spec:\n",
            Some(0),
        ),
        (
            "no arguments",
            "parse_workload",
            vec![],
            "parse_workload takes 1 argument(s), got 0",
            None,
        ),
        (
            "too many arguments",
            "parse_workload",
            vec![(s(SPEC), Type::String), (s(SPEC), Type::String)],
            "parse_workload takes 1 argument(s), got 2",
            None,
        ),
        (
            "null argument",
            "parse_workload",
            vec![(Value::Null, Type::String)],
            "spec must not be null",
            Some(0),
        ),
        (
            "wrong type",
            "parse_workload",
            vec![(Value::Bool(true), Type::Bool)],
            "invalid value for spec: ",
            Some(0),
        ),
        (
            "unknown function",
            "nope",
            vec![],
            "this provider has no function \"nope\"",
            None,
        ),
    ];
    for (case, name, arguments, text, argument) in cases {
        let response = call(&mut served.client, name, &arguments).await;
        let error = response
            .error
            .unwrap_or_else(|| panic!("case {case}: no error"));
        assert!(error.text.starts_with(text), "case {case}: {}", error.text);
        assert_eq!(error.function_argument, argument, "case {case}");
        assert!(response.result.is_none(), "case {case}");
    }
}

// ---------------------------------------------------------------------------------------
// Provider configuration
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn provider_config_validate_and_configure() {
    let mut served = serve(test_provider().provider).await;
    let ty = TestConfig.schema().value_type();
    let config = |endpoint: Value| dv(&Value::object([("endpoint", endpoint)]), &ty);
    // (case, config, diagnostics)
    let cases = [
        ("good", Some(config(s("https://x"))), vec![]),
        (
            "bad",
            Some(config(s("bad"))),
            vec!["error Bad Endpoint @endpoint"],
        ),
        ("unknown", Some(config(Value::unknown())), vec![]),
        ("absent", None, vec![]),
        (
            "garbage",
            Some(raw(b"\xff\xff")),
            vec!["error Invalid configuration"],
        ),
    ];
    for (name, config, expected) in cases {
        let response = served
            .client
            .validate_provider_config(pb::validate_provider_config::Request { config })
            .await
            .expect("ValidateProviderConfig")
            .into_inner();
        assert_eq!(show(&response.diagnostics), expected, "case {name}");
    }
    let response = served
        .client
        .configure_provider(pb::configure_provider::Request {
            terraform_version: "1.15.5".to_owned(),
            config: Some(config(s("api"))),
            client_capabilities: None,
        })
        .await
        .expect("ConfigureProvider")
        .into_inner();
    assert!(response.diagnostics.is_empty());
    // Handlers see what configure returned: apply writes it into etag.
    let state = create_thing(&mut served.client, "a").await;
    assert_eq!(state.get_attr("etag"), Some(&s("api-e1")));
}

// ---------------------------------------------------------------------------------------
// Resources: the full lifecycle of test_thing
// ---------------------------------------------------------------------------------------

/// What Terraform proposes (top level): config where set, else the prior value of computed
/// attributes, else null.
fn proposed(prior: &Value, config: &Value) -> Value {
    if config.is_null() {
        return Value::Null;
    }
    let schema = thing_schema();
    let attrs = schema
        .block
        .attributes
        .iter()
        .map(|(name, a)| {
            let c = config.get_attr(name).cloned().unwrap_or(Value::Null);
            let p = prior.get_attr(name).cloned().unwrap_or(Value::Null);
            let v = if !c.is_null() || !a.kind.is_computed() {
                c
            } else {
                p
            };
            (name.clone(), v)
        })
        .collect();
    Value::Object(attrs)
}

fn thing_config(name: &str, size: Option<i64>) -> Value {
    Value::object([
        ("id", Value::Null),
        ("name", s(name)),
        ("size", size.map_or(Value::Null, Value::number)),
        ("etag", Value::Null),
    ])
}

async fn plan_thing(
    client: &mut ProviderClient<Channel>,
    prior: &Value,
    config: &Value,
    prior_private: &[u8],
) -> pb::plan_resource_change::Response {
    let ty = thing_type();
    client
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "test_thing".to_owned(),
            prior_state: Some(dv(prior, &ty)),
            proposed_new_state: Some(dv(&proposed(prior, config), &ty)),
            config: Some(dv(config, &ty)),
            prior_private: prior_private.to_vec(),
            ..Default::default()
        })
        .await
        .expect("PlanResourceChange")
        .into_inner()
}

async fn apply_thing(
    client: &mut ProviderClient<Channel>,
    prior: &Value,
    planned: &pb::plan_resource_change::Response,
    config: &Value,
) -> pb::apply_resource_change::Response {
    let ty = thing_type();
    client
        .apply_resource_change(pb::apply_resource_change::Request {
            type_name: "test_thing".to_owned(),
            prior_state: Some(dv(prior, &ty)),
            planned_state: planned.planned_state.clone(),
            config: Some(dv(config, &ty)),
            planned_private: planned.planned_private.clone(),
            ..Default::default()
        })
        .await
        .expect("ApplyResourceChange")
        .into_inner()
}

async fn create_thing(client: &mut ProviderClient<Channel>, name: &str) -> Value {
    let config = thing_config(name, Some(1));
    let plan = plan_thing(client, &Value::Null, &config, b"").await;
    let applied = apply_thing(client, &Value::Null, &plan, &config).await;
    assert!(applied.diagnostics.is_empty(), "{:?}", applied.diagnostics);
    undv(applied.new_state.as_ref(), &thing_type())
}

fn thing(id: Value, name: &str, size: i64, etag: Value) -> Value {
    Value::object([
        ("id", id),
        ("name", s(name)),
        ("size", Value::number(size)),
        ("etag", etag),
    ])
}

#[tokio::test]
async fn resource_lifecycle_keeps_terraform_invariants() {
    let mut served = serve(test_provider().provider).await;
    let client = &mut served.client;
    let ty = thing_type();
    let unknown = Value::unknown;

    // Validate: unknowns are fine, an empty name is not.
    for (config, expected) in [
        (thing_config("a", None), vec![]),
        (thing_config("", None), vec!["error Empty Name @name"]),
        (
            Value::object([
                ("id", Value::Null),
                ("name", unknown()),
                ("size", Value::Null),
                ("etag", Value::Null),
            ]),
            vec![],
        ),
    ] {
        let response = client
            .validate_resource_config(pb::validate_resource_config::Request {
                type_name: "test_thing".to_owned(),
                config: Some(dv(&config, &ty)),
                client_capabilities: None,
            })
            .await
            .expect("ValidateResourceConfig")
            .into_inner();
        assert_eq!(show(&response.diagnostics), expected);
    }

    // Create: computed values unknown in the plan, private bytes round-trip.
    let config = thing_config("a", Some(1));
    let plan = plan_thing(client, &Value::Null, &config, b"p0").await;
    assert!(plan.diagnostics.is_empty());
    assert_eq!(
        undv(plan.planned_state.as_ref(), &ty),
        thing(unknown(), "a", 1, unknown())
    );
    assert_eq!(plan.planned_private, b"p0");
    let applied = apply_thing(client, &Value::Null, &plan, &config).await;
    assert!(applied.diagnostics.is_empty(), "{:?}", applied.diagnostics);
    let state = undv(applied.new_state.as_ref(), &ty);
    assert_eq!(state, thing(s("id-a"), "a", 1, s("-e1")));
    assert_eq!(applied.private, b"p0+applied");

    // Read: the state and its private bytes come back.
    let read = client
        .read_resource(pb::read_resource::Request {
            type_name: "test_thing".to_owned(),
            current_state: Some(dv(&state, &ty)),
            private: applied.private.clone(),
            ..Default::default()
        })
        .await
        .expect("ReadResource")
        .into_inner();
    assert_eq!(undv(read.new_state.as_ref(), &ty), state);
    assert_eq!(read.private, applied.private);

    // A second plan with the same config shows no change.
    let again = plan_thing(client, &state, &config, &read.private).await;
    assert_eq!(undv(again.planned_state.as_ref(), &ty), state);
    assert!(again.requires_replace.is_empty());

    // Update: the stable id is kept, the etag will change.
    let bigger = thing_config("a", Some(2));
    let update = plan_thing(client, &state, &bigger, &read.private).await;
    assert_eq!(
        undv(update.planned_state.as_ref(), &ty),
        thing(s("id-a"), "a", 2, unknown())
    );
    assert!(update.requires_replace.is_empty());
    let updated = apply_thing(client, &state, &update, &bigger).await;
    assert!(updated.diagnostics.is_empty(), "{:?}", updated.diagnostics);
    assert_eq!(
        undv(updated.new_state.as_ref(), &ty),
        thing(s("id-a"), "a", 2, s("-e2"))
    );

    // Renaming replaces.
    let renamed = plan_thing(client, &state, &thing_config("b", Some(1)), b"").await;
    let paths: Vec<_> = renamed
        .requires_replace
        .iter()
        .filter_map(framework::diag::path_from_proto)
        .map(|p| p.to_string())
        .collect();
    assert_eq!(paths, ["name"]);

    // Destroy: a null plan, a null state.
    let destroy = plan_thing(client, &state, &Value::Null, b"keep").await;
    assert_eq!(undv(destroy.planned_state.as_ref(), &ty), Value::Null);
    assert_eq!(destroy.planned_private, b"keep");
    let destroyed = apply_thing(client, &state, &destroy, &Value::Null).await;
    assert!(
        destroyed.diagnostics.is_empty(),
        "{:?}",
        destroyed.diagnostics
    );
    assert_eq!(undv(destroyed.new_state.as_ref(), &ty), Value::Null);

    // A read of an object that is gone answers null.
    let gone = thing(s("id-gone"), "gone", 1, s("-e1"));
    let read = client
        .read_resource(pb::read_resource::Request {
            type_name: "test_thing".to_owned(),
            current_state: Some(dv(&gone, &ty)),
            ..Default::default()
        })
        .await
        .expect("ReadResource")
        .into_inner();
    assert_eq!(undv(read.new_state.as_ref(), &ty), Value::Null);
}

#[tokio::test]
async fn apply_that_breaks_its_plan_is_reported_with_the_path() {
    let mut served = serve(test_provider().provider).await;
    let client = &mut served.client;
    let config = thing_config("liar", Some(1));
    let plan = plan_thing(client, &Value::Null, &config, b"").await;
    let applied = apply_thing(client, &Value::Null, &plan, &config).await;
    assert_eq!(
        show(&applied.diagnostics),
        ["error Provider Produced Inconsistent Result @name"]
    );
}

#[tokio::test]
async fn import_then_read() {
    let mut served = serve(test_provider().provider).await;
    let ty = thing_type();
    let response = served
        .client
        .import_resource_state(pb::import_resource_state::Request {
            type_name: "test_thing".to_owned(),
            id: "id-x".to_owned(),
            ..Default::default()
        })
        .await
        .expect("ImportResourceState")
        .into_inner();
    assert!(response.diagnostics.is_empty());
    let [imported] = response.imported_resources.as_slice() else {
        panic!("one imported resource expected: {response:?}");
    };
    assert_eq!(imported.type_name, "test_thing");
    assert_eq!(imported.private, b"imported");
    let state = undv(imported.state.as_ref(), &ty);
    assert_eq!(state.get_attr("id"), Some(&s("id-x")));
    let read = served
        .client
        .read_resource(pb::read_resource::Request {
            type_name: "test_thing".to_owned(),
            current_state: imported.state.clone(),
            private: imported.private.clone(),
            ..Default::default()
        })
        .await
        .expect("ReadResource")
        .into_inner();
    assert!(read.diagnostics.is_empty());
    assert_eq!(undv(read.new_state.as_ref(), &ty), state);

    // A resource without import support says so.
    let refused = served
        .client
        .import_resource_state(pb::import_resource_state::Request {
            type_name: "test_slow".to_owned(),
            id: "x".to_owned(),
            ..Default::default()
        })
        .await
        .expect("ImportResourceState")
        .into_inner();
    assert_eq!(
        show(&refused.diagnostics),
        ["error Resource Import Not Supported"]
    );
    assert!(refused.imported_resources.is_empty());
}

#[tokio::test]
async fn upgrade_resource_state_by_version() {
    let mut served = serve(test_provider().provider).await;
    let ty = thing_type();
    /// (case, version, raw JSON, diagnostics, upgraded state when no error)
    type UpgradeCase = (
        &'static str,
        i64,
        &'static str,
        Vec<&'static str>,
        Option<Value>,
    );
    let cases: Vec<UpgradeCase> = vec![
        (
            "current version",
            1,
            r#"{"id":"i","name":"n","size":3,"etag":"e"}"#,
            vec![],
            Some(thing(s("i"), "n", 3, s("e"))),
        ),
        (
            "version 0 is upgraded",
            0,
            r#"{"id":"i","name":"n"}"#,
            vec![],
            Some(Value::object([
                ("id", s("i")),
                ("name", s("n")),
                ("size", Value::Null),
                ("etag", Value::Null),
            ])),
        ),
        ("empty state", 1, "", vec![], Some(Value::Null)),
        (
            "newer version",
            5,
            r#"{"id":"i"}"#,
            vec!["error State From a Newer Provider"],
            None,
        ),
        (
            "unknown old version",
            -1,
            r#"{"id":"i"}"#,
            vec!["error Unsupported State Version"],
            None,
        ),
        (
            "broken JSON",
            1,
            r#"{"id":"#,
            vec!["error Invalid stored state"],
            None,
        ),
        (
            "attribute of another schema",
            0,
            r#"{"id":"i","name":"n","size":3}"#,
            vec!["error Invalid stored state"],
            None,
        ),
    ];
    for (name, version, json, diagnostics, upgraded) in cases {
        let response = served
            .client
            .upgrade_resource_state(pb::upgrade_resource_state::Request {
                type_name: "test_thing".to_owned(),
                version,
                raw_state: Some(pb::RawState {
                    json: json.as_bytes().to_vec(),
                    flatmap: Default::default(),
                }),
            })
            .await
            .expect("UpgradeResourceState")
            .into_inner();
        assert_eq!(show(&response.diagnostics), diagnostics, "case {name}");
        assert!(
            response.upgraded_state.is_some(),
            "case {name}: never unset"
        );
        if let Some(upgraded) = upgraded {
            assert_eq!(
                undv(response.upgraded_state.as_ref(), &ty),
                upgraded,
                "case {name}"
            );
        }
    }
    let flatmap = served
        .client
        .upgrade_resource_state(pb::upgrade_resource_state::Request {
            type_name: "test_thing".to_owned(),
            version: 1,
            raw_state: Some(pb::RawState {
                json: Vec::new(),
                flatmap: [("id".to_owned(), "i".to_owned())].into(),
            }),
        })
        .await
        .expect("UpgradeResourceState")
        .into_inner();
    assert_eq!(
        show(&flatmap.diagnostics),
        ["error Unsupported State Format"]
    );
}

#[tokio::test]
async fn unknown_type_names_are_diagnostics() {
    let mut served = serve(test_provider().provider).await;
    let client = &mut served.client;
    let expected = ["error Unknown resource type"];
    let r = client
        .validate_resource_config(pb::validate_resource_config::Request {
            type_name: "test_nope".to_owned(),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&r.diagnostics), expected);
    let r = client
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "test_nope".to_owned(),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&r.diagnostics), expected);
    assert!(r.planned_state.is_some());
    let r = client
        .read_resource(pb::read_resource::Request {
            type_name: "test_nope".to_owned(),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&r.diagnostics), expected);
    let r = client
        .apply_resource_change(pb::apply_resource_change::Request {
            type_name: "test_nope".to_owned(),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&r.diagnostics), expected);
    let r = client
        .read_data_source(pb::read_data_source::Request {
            type_name: "score_workload".to_owned(),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&r.diagnostics), ["error Unknown data source type"]);
}

// ---------------------------------------------------------------------------------------
// Panics and StopProvider
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn panics_become_diagnostics_and_the_server_keeps_answering() {
    let mut served = serve(test_provider().provider).await;
    let client = &mut served.client;
    let ty = Type::object([("name", Type::String)]);
    let object = dv(&Value::object([("name", s("x"))]), &ty);

    let plan = client
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "test_panic".to_owned(),
            prior_state: Some(raw(b"\xc0")),
            proposed_new_state: Some(object.clone()),
            config: Some(object.clone()),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&plan.diagnostics), ["error Provider Panicked"]);
    assert!(plan.diagnostics[0].detail.contains("boom in plan"));

    let apply = client
        .apply_resource_change(pb::apply_resource_change::Request {
            type_name: "test_panic".to_owned(),
            prior_state: Some(raw(b"\xc0")),
            planned_state: Some(object.clone()),
            config: Some(object.clone()),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&apply.diagnostics), ["error Provider Panicked"]);
    assert!(
        apply.diagnostics[0]
            .detail
            .contains("boom before the future")
    );

    let echo_ty = Echo.schema().value_type();
    let read = client
        .read_data_source(pb::read_data_source::Request {
            type_name: "test_echo".to_owned(),
            config: Some(dv(
                &Value::object([("input", s("panic")), ("output", Value::Null)]),
                &echo_ty,
            )),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&read.diagnostics), ["error Provider Panicked"]);

    let function = call(client, "upper", &[(s("panic"), Type::String)]).await;
    let error = function.error.expect("an error");
    assert!(error.text.contains("boom in function"), "{}", error.text);

    // Still serving, and handlers still work.
    let function = call(client, "upper", &[(s("ok"), Type::String)]).await;
    assert_eq!(undv(function.result.as_ref(), &Type::String), s("OK"));
    let function = call(client, "upper", &[(s("bad"), Type::String)]).await;
    let error = function.error.expect("an error");
    assert_eq!(
        (error.text.as_str(), error.function_argument),
        ("text must not be bad", Some(0))
    );
    let read = client
        .read_data_source(pb::read_data_source::Request {
            type_name: "test_echo".to_owned(),
            config: Some(dv(
                &Value::object([("input", s("hi")), ("output", Value::Null)]),
                &echo_ty,
            )),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert!(read.diagnostics.is_empty());
    assert_eq!(
        undv(read.state.as_ref(), &echo_ty).get_attr("output"),
        Some(&s("HI"))
    );
}

fn slow_apply(wait: bool) -> pb::apply_resource_change::Request {
    let ty = Type::object([("wait", Type::Bool)]);
    let object = dv(&Value::object([("wait", Value::Bool(wait))]), &ty);
    pb::apply_resource_change::Request {
        type_name: "test_slow".to_owned(),
        prior_state: Some(raw(b"\xc0")),
        planned_state: Some(object.clone()),
        config: Some(object),
        ..Default::default()
    }
}

#[tokio::test]
async fn stop_cancels_in_flight_work_and_the_server_goes_on() {
    let TestProvider { provider, started } = test_provider();
    let served = serve(provider).await;
    let begun = Instant::now();

    // A handler that watches its stop token ends with its own diagnostic.
    let mut client = served.client.clone();
    let apply = tokio::spawn(async move { client.apply_resource_change(slow_apply(true)).await });
    started.notified().await;
    let mut client = served.client.clone();
    let stop = client
        .stop_provider(pb::stop_provider::Request {})
        .await
        .expect("StopProvider")
        .into_inner();
    assert_eq!(stop.error, "");
    let apply = apply.await.expect("joined").expect("answered").into_inner();
    assert_eq!(show(&apply.diagnostics), ["error Apply Interrupted"]);

    // A handler that ignores it is abandoned after the grace period.
    let mut client = served.client.clone();
    let read = tokio::spawn(async move {
        let ty = Type::object([("wait", Type::Bool)]);
        client
            .read_resource(pb::read_resource::Request {
                type_name: "test_slow".to_owned(),
                current_state: Some(dv(&Value::object([("wait", Value::Bool(true))]), &ty)),
                ..Default::default()
            })
            .await
    });
    started.notified().await;
    let mut client = served.client.clone();
    client
        .stop_provider(pb::stop_provider::Request {})
        .await
        .expect("StopProvider");
    let read = read.await.expect("joined").expect("answered").into_inner();
    assert_eq!(show(&read.diagnostics), ["error Operation Cancelled"]);

    // Work started after a stop runs normally.
    let apply = client
        .apply_resource_change(slow_apply(false))
        .await
        .expect("answered")
        .into_inner();
    assert!(apply.diagnostics.is_empty(), "{:?}", apply.diagnostics);
    assert!(
        begun.elapsed() < Duration::from_secs(10),
        "the slow handlers were not cut short: {:?}",
        begun.elapsed()
    );
}

#[tokio::test]
async fn concurrent_requests_are_independent() {
    let served = serve(workload::provider()).await;
    let outputs = function_type();
    let mut tasks = Vec::new();
    for i in 0..16 {
        let mut client = served.client.clone();
        let outputs = outputs.clone();
        tasks.push(tokio::spawn(async move {
            let spec = SPEC.replace("name: shop", &format!("name: shop{i}"));
            let response = call(&mut client, "parse_workload", &[(s(&spec), Type::String)]).await;
            let result = undv(response.result.as_ref(), &outputs);
            (i, result.get_attr("name").cloned())
        }));
    }
    for task in tasks {
        let (i, name) = task.await.expect("joined");
        assert_eq!(name, Some(s(&format!("shop{i}"))));
    }
}

/// The function's return type: the data source's type without `spec`.
fn function_type() -> Type {
    let ty = workload_type();
    Type::Object(
        ty.object_attrs()
            .expect("object")
            .iter()
            .filter(|(name, _)| name.as_str() != "spec")
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect(),
    )
}

/// Garbage in each DynamicValue of the resource RPCs: (case, plan request, diagnostics).
#[tokio::test]
async fn hostile_resource_values_are_diagnostics() {
    let mut served = serve(test_provider().provider).await;
    let ty = thing_type();
    let good = dv(&thing_config("a", Some(1)), &ty);
    let garbage = raw(b"\x92\xa1");
    let plan =
        |prior: &pb::DynamicValue, proposed: &pb::DynamicValue, config: &pb::DynamicValue| {
            pb::plan_resource_change::Request {
                type_name: "test_thing".to_owned(),
                prior_state: Some(prior.clone()),
                proposed_new_state: Some(proposed.clone()),
                config: Some(config.clone()),
                ..Default::default()
            }
        };
    let null = raw(b"\xc0");
    let cases = [
        (
            "prior",
            plan(&garbage, &good, &good),
            "error Invalid prior state",
        ),
        (
            "proposed",
            plan(&null, &garbage, &good),
            "error Invalid proposed state",
        ),
        (
            "config",
            plan(&null, &good, &garbage),
            "error Invalid configuration",
        ),
    ];
    for (name, request, expected) in cases {
        let response = served
            .client
            .plan_resource_change(request)
            .await
            .expect("answered")
            .into_inner();
        assert_eq!(show(&response.diagnostics), [expected], "case {name}");
        assert!(response.planned_state.is_some(), "case {name}");
    }
    let apply = served
        .client
        .apply_resource_change(pb::apply_resource_change::Request {
            type_name: "test_thing".to_owned(),
            prior_state: Some(null.clone()),
            planned_state: Some(garbage.clone()),
            config: Some(good.clone()),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&apply.diagnostics), ["error Invalid planned state"]);
    let read = served
        .client
        .read_resource(pb::read_resource::Request {
            type_name: "test_thing".to_owned(),
            current_state: Some(garbage),
            ..Default::default()
        })
        .await
        .expect("answered")
        .into_inner();
    assert_eq!(show(&read.diagnostics), ["error Invalid current state"]);
    assert!(read.new_state.is_some());
}
