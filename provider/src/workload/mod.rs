//! The Score provider's first features: data source `score_workload` and function
//! `provider::score::parse_workload`, both reading a Score spec with `score-core`.
//!
//! [`provider`] builds the provider `main.rs` serves. [`parse`] does the reading and knows
//! nothing of Terraform; this module turns its result into Terraform values and diagnostics.

pub mod parse;

use score_core::Severity as CoreSeverity;

use crate::framework::{
    Attribute, AttributeKind, Block, BoxFuture, Context, DataSource, Diagnostics, Function,
    FunctionError, ObjectNesting, Parameter, Provider, RegistrationError, Schema, Signature,
};
use crate::value::{AttributePath, Type, Value};
use parse::{Parsed, Problem};

/// The provider type name: resources are `score_*`, functions `provider::score::*`.
pub const TYPE_NAME: &str = "score";

/// The Score provider with everything registered.
///
/// Registration cannot fail for the fixed set below (a test checks), but should a schema
/// ever be wrong the provider still starts and reports the fault to Terraform as a
/// diagnostic rather than panicking.
pub fn provider() -> Provider {
    try_provider().unwrap_or_else(Provider::broken)
}

/// [`provider`], with a registration fault as an `Err`.
pub fn try_provider() -> Result<Provider, RegistrationError> {
    let mut provider = Provider::new(TYPE_NAME)?;
    provider.register_data_source("score_workload", WorkloadDataSource)?;
    provider.register_function("parse_workload", ParseWorkload)?;
    crate::definitions::register(&mut provider)?;
    Ok(provider)
}

const SPEC_DESCRIPTION: &str = "The Score workload specification (score.dev/v1b1) as YAML or \
     JSON text, for example from `file(\"score.yaml\")` or a heredoc. Problems are reported \
     on this attribute with the Score document path and the line and column inside the text.";

fn container_attributes() -> [(&'static str, Attribute); 2] {
    [
        (
            "name",
            Attribute::computed(Type::String)
                .description("The container's key under `containers`."),
        ),
        (
            "image",
            Attribute::computed(Type::String).description(
                "The container image as written; `.` stands for the image your build produces.",
            ),
        ),
    ]
}

fn resource_attributes() -> [(&'static str, Attribute); 6] {
    [
        (
            "name",
            Attribute::computed(Type::String).description("The resource's key under `resources`."),
        ),
        (
            "uid",
            Attribute::computed(Type::String).description(
                "The resource's identity: `TYPE.CLASS#WORKLOAD.NAME`, or `TYPE.CLASS#ID` for a \
                 resource shared by `id`.",
            ),
        ),
        (
            "type",
            Attribute::computed(Type::String).description("The resource type, such as `postgres`."),
        ),
        (
            "class",
            Attribute::computed(Type::String)
                .description("The resource class; `default` when the spec gives none."),
        ),
        (
            "id",
            Attribute::computed(Type::String)
                .description("The shared-resource id, or null when the spec gives none."),
        ),
        (
            "params",
            Attribute::computed(Type::String).description(
                "The resource's `params` as a JSON string (decode with `jsondecode`), or null \
                 when the spec gives none. Placeholders are left as written.",
            ),
        ),
    ]
}

/// The attributes both features return.
fn output_attributes() -> [(&'static str, Attribute); 3] {
    [
        (
            "name",
            Attribute::computed(Type::String).description("The workload name (`metadata.name`)."),
        ),
        (
            "containers",
            Attribute::nested(
                AttributeKind::Computed,
                ObjectNesting::List,
                container_attributes(),
            )
            .description("The workload's containers, ordered by name."),
        ),
        (
            "resource_requests",
            Attribute::nested(
                AttributeKind::Computed,
                ObjectNesting::List,
                resource_attributes(),
            )
            .description("The resources the workload asks for, ordered by name."),
        ),
    ]
}

/// The type of what `parse_workload` returns (the data source's outputs).
fn workload_type() -> Type {
    let block = output_attributes()
        .into_iter()
        .fold(Block::new(), |b, (name, a)| b.attribute(name, a));
    block.value_type()
}

fn workload_value(parsed: &Parsed) -> Value {
    let containers = parsed
        .containers
        .iter()
        .map(|c| {
            Value::object([
                ("name", Value::string(&c.name)),
                ("image", Value::string(&c.image)),
            ])
        })
        .collect();
    let optional = |s: &Option<String>| s.as_ref().map_or(Value::Null, Value::string);
    let requests = parsed
        .resource_requests
        .iter()
        .map(|r| {
            Value::object([
                ("name", Value::string(&r.name)),
                ("uid", Value::string(&r.uid)),
                ("type", Value::string(&r.kind)),
                ("class", Value::string(&r.class)),
                ("id", optional(&r.id)),
                ("params", optional(&r.params)),
            ])
        })
        .collect();
    Value::object([
        ("name", Value::string(&parsed.name)),
        ("containers", Value::List(containers)),
        ("resource_requests", Value::List(requests)),
    ])
}

/// Problems as diagnostics on `spec`; `errors_only` drops warnings (validation runs before
/// every read, and a warning shown by both would appear twice).
fn report(problems: &[Problem], errors_only: bool, diags: &mut Diagnostics) {
    let spec = AttributePath::root().attr("spec");
    for p in problems {
        match p.severity {
            CoreSeverity::Error => diags.error_at(spec.clone(), &p.message, &p.detail),
            CoreSeverity::Warning if !errors_only => {
                diags.warning_at(spec.clone(), &p.message, &p.detail);
            }
            CoreSeverity::Warning => {}
        }
    }
}

/// Data source `score_workload`.
#[derive(Debug)]
pub struct WorkloadDataSource;

impl DataSource for WorkloadDataSource {
    fn schema(&self) -> Schema {
        let block = output_attributes().into_iter().fold(
            Block::new()
                .attribute(
                    "spec",
                    Attribute::required(Type::String).description(SPEC_DESCRIPTION),
                )
                .description(
                    "Reads a Score workload specification and returns its name, containers \
                     and resource requests. The spec is checked against the Score schema and \
                     placeholder rules; every problem is reported with its position.",
                ),
            |b, (name, a)| b.attribute(name, a),
        );
        Schema::new(block)
    }

    fn validate(&self, _ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        // An unknown or absent spec is checked once it is known.
        if let Some(spec) = config.get_attr("spec").and_then(Value::as_str) {
            let (_, problems) = parse::parse(spec);
            report(&problems, true, diags);
        }
    }

    fn read<'a>(
        &'a self,
        _ctx: &'a Context,
        config: Value,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Value> {
        Box::pin(async move {
            let Some(spec) = config.get_attr("spec").and_then(Value::as_str) else {
                diags.error_at(
                    AttributePath::root().attr("spec"),
                    "Missing spec",
                    "The spec attribute must be set to the text of a Score workload.",
                );
                return Value::Null;
            };
            let spec = spec.to_owned();
            // Parsing is CPU work of up to a few megabytes: keep it off the async workers.
            let (parsed, problems) =
                match tokio::task::spawn_blocking(move || parse::parse(&spec)).await {
                    Ok(result) => result,
                    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    Err(_) => {
                        // Only a runtime shutting down cancels a blocking task.
                        diags.error(
                            "Operation Cancelled",
                            "The provider is shutting down; the spec was not read.",
                        );
                        return Value::Null;
                    }
                };
            report(&problems, false, diags);
            let Some(parsed) = parsed else {
                return Value::Null;
            };
            let mut state = workload_value(&parsed);
            if let Value::Object(attrs) = &mut state {
                attrs.insert(
                    "spec".to_owned(),
                    config.get_attr("spec").cloned().unwrap_or(Value::Null),
                );
            }
            state
        })
    }
}

/// Function `provider::score::parse_workload(spec)`.
#[derive(Debug)]
pub struct ParseWorkload;

impl Function for ParseWorkload {
    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![
                Parameter::new("spec", Type::String)
                    .description("The Score workload specification as YAML or JSON text."),
            ],
            variadic: None,
            return_type: workload_type(),
            summary: "Parse a Score workload specification".to_owned(),
            description: crate::framework::Description::Plain(
                "Returns the same object as the score_workload data source's outputs: name, \
                 containers and resource_requests. An invalid spec fails the call with every \
                 problem and its position inside the text."
                    .to_owned(),
            ),
            deprecation: None,
        }
    }

    fn call(&self, arguments: Vec<Value>) -> Result<Value, FunctionError> {
        let spec = match arguments.first() {
            Some(Value::String(spec)) => spec,
            Some(Value::Unknown(_)) => return Ok(Value::unknown()),
            _ => return Err(FunctionError::argument(0, "spec must be a string")),
        };
        let (parsed, problems) = parse::parse(spec);
        match parsed {
            Some(parsed) => Ok(workload_value(&parsed)),
            None => {
                let errors: Vec<&str> = problems
                    .iter()
                    .filter(|p| p.severity == CoreSeverity::Error)
                    .map(|p| p.detail.as_str())
                    .collect();
                Err(FunctionError::argument(
                    0,
                    format!("invalid Score spec:\n{}", errors.join("\n")),
                ))
            }
        }
    }
}

/// The reference pages, as (path under `provider/`, Markdown), rendered from the schema and
/// signature descriptions and the examples under `provider/examples/`.
pub fn reference_pages() -> Vec<(&'static str, String)> {
    let data_source = crate::framework::docs::schema_page(
        "Data Source",
        "score_workload",
        &WorkloadDataSource.schema().block,
        include_str!("../../examples/data-sources/score_workload/data-source.tf"),
    );
    let function = crate::framework::docs::function_page(
        TYPE_NAME,
        "parse_workload",
        &ParseWorkload.signature(),
        include_str!("../../examples/functions/parse_workload/function.tf"),
    );
    let mut pages = vec![
        ("docs/data-sources/workload.md", data_source),
        ("docs/functions/parse_workload.md", function),
    ];
    pages.extend(crate::definitions::reference_pages());
    pages
}

#[cfg(test)]
mod tests;
