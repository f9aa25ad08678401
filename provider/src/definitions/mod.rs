//! Resource definitions in Terraform: resource `score_resource_definition`, data sources
//! `score_resource_definitions` and `score_resource_match`, and function
//! `provider::score::match_definition`, all built on `score-core`'s definitions.
//!
//! - [`document`]: attributes ↔ the canonical definition document (pure).
//! - [`check`]: a configuration checked by core's loader, problems mapped back to attributes.
//! - [`resource`]: the managed resource (plan, apply, read, import from a file).
//! - [`files`]: the data source reading a file or directory of definitions.
//! - [`matching`]: matching one resource, shared by the match data source and the function.
//!
//! See `docs/design/0011-definitions-provider.md`.

pub mod check;
pub mod document;
pub mod files;
pub mod matching;
pub mod resource;

use score_core::Diagnostic as CoreDiagnostic;

use crate::framework::{
    Attribute, AttributeKind, Block, BoxFuture, Context, DataSource, Description, Diagnostics,
    Function, FunctionError, ObjectNesting, Parameter, Provider, RegistrationError, Schema,
    Signature,
};
use crate::value::{AttributePath, Type, Value};
use matching::{Fault, Input};

/// Registers everything this module provides.
pub fn register(provider: &mut Provider) -> Result<(), RegistrationError> {
    provider.register_resource("score_resource_definition", resource::DefinitionResource)?;
    provider.register_data_source("score_resource_definitions", files::DefinitionsDataSource)?;
    provider.register_data_source("score_resource_match", MatchDataSource)?;
    provider.register_function("match_definition", MatchDefinition)?;
    Ok(())
}

/// `FILE:LINE:COL: PATH: message (help)` for a diagnostic in file `file`.
pub(crate) fn located(file: &str, d: &CoreDiagnostic) -> String {
    let mut line = format!(
        "{file}:{}:{}: {}",
        d.span.start.line,
        d.span.start.col,
        d.headline()
    );
    if let Some(help) = &d.help {
        line.push_str(&format!(" (help: {help})"));
    }
    line
}

fn resource_attributes() -> [(&'static str, Attribute); 4] {
    [
        (
            "type",
            Attribute::required(Type::String).description("The resource type, such as `postgres`."),
        ),
        (
            "class",
            Attribute::optional(Type::String).description("The class; `default` when unset."),
        ),
        (
            "id",
            Attribute::optional(Type::String).description(
                "The Score resource `id` of a shared resource: its res id is `shared.ID`.",
            ),
        ),
        (
            "res_id",
            Attribute::optional(Type::String).description(
                "The res id criteria compare (`modules.WORKLOAD.externals.NAME`, \
                 `shared.ID`); wins over `id`. With neither, criteria that set a res id do \
                 not match.",
            ),
        ),
    ]
}

fn context_attributes() -> [(&'static str, Attribute); 5] {
    let text = |what: &str| Attribute::optional(Type::String).description(what.to_owned());
    [
        (
            "app_id",
            text("The application id (`${context.app.id}`, criteria `app_id`)."),
        ),
        (
            "env_id",
            text("The environment id (`${context.env.id}`, criteria `env_id`)."),
        ),
        (
            "env_type",
            text("The environment type (`${context.env.type}`, criteria `env_type`)."),
        ),
        ("org_id", text("The organisation id (`${context.org.id}`).")),
        (
            "values",
            Attribute::optional(Type::Dynamic)
                .description("The environment's shared values, an object (`${values.KEY}`)."),
        ),
    ]
}

const DEFINITIONS_DESCRIPTION: &str = "Definition documents (YAML or JSON text, any form \
     `score2hcl` reads), for example `data.score_resource_definitions.all.documents` or \
     `[score_resource_definition.db.document]`. They are checked as one set: duplicate ids \
     and criteria are errors.";

/// Data source `score_resource_match`.
#[derive(Debug)]
pub struct MatchDataSource;

impl DataSource for MatchDataSource {
    fn schema(&self) -> Schema {
        let block = Block::new()
            .attribute(
                "definitions",
                Attribute::required(Type::list(Type::String)).description(DEFINITIONS_DESCRIPTION),
            )
            .attribute(
                "resource",
                Attribute::nested(
                    AttributeKind::Required,
                    ObjectNesting::Single,
                    resource_attributes(),
                )
                .description("The resource to match."),
            )
            .attribute(
                "context",
                Attribute::nested(
                    AttributeKind::Required,
                    ObjectNesting::Single,
                    context_attributes(),
                )
                .description("Where it is deployed; unset fields are empty."),
            );
        let block = matching::result_attributes()
            .into_iter()
            .fold(block, |b, (n, a)| b.attribute(n, a))
            .description(
                "Picks the definition for one resource in one context, by Humanitec's rules, \
                 and says why: the way to assert matching rules in `terraform test`. No match \
                 is not an error: `matched` is false and `reason` says why.",
            );
        Schema::new(block)
    }

    fn read<'a>(
        &'a self,
        _ctx: &'a Context,
        config: Value,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Value> {
        Box::pin(async move {
            let texts = strings(config.get_attr("definitions"));
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let resource = config.get_attr("resource").unwrap_or(&Value::Null);
            let context = config.get_attr("context").unwrap_or(&Value::Null);
            match matching::run(&texts, resource, context) {
                Ok(Value::Object(result)) => {
                    let mut state = config.clone();
                    if let Value::Object(attrs) = &mut state {
                        attrs.extend(result);
                    }
                    state
                }
                Ok(_) => Value::Null,
                Err(fault) => {
                    report_fault(&fault, diags);
                    Value::Null
                }
            }
        })
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn report_fault(fault: &Fault, diags: &mut Diagnostics) {
    let summary = match fault.input {
        Input::Definitions => "Invalid Resource Definitions",
        Input::Resource => "Invalid Resource",
        Input::Context => "Cannot Resolve Definition Inputs",
    };
    diags.error_at(
        AttributePath::root().attr(fault.input.name()),
        summary,
        fault.lines.join("\n"),
    );
}

/// Function `provider::score::match_definition(definitions, resource, context)`.
#[derive(Debug)]
pub struct MatchDefinition;

fn optional_object(required: &[(&str, Type)], optional: &[(&str, Type)]) -> Type {
    Type::ObjectWithOptional {
        attrs: required
            .iter()
            .chain(optional)
            .map(|(n, t)| ((*n).to_owned(), t.clone()))
            .collect(),
        optional: optional.iter().map(|(n, _)| (*n).to_owned()).collect(),
    }
}

impl Function for MatchDefinition {
    fn signature(&self) -> Signature {
        let resource = optional_object(
            &[("type", Type::String)],
            &[
                ("class", Type::String),
                ("id", Type::String),
                ("res_id", Type::String),
            ],
        );
        let context = optional_object(
            &[],
            &[
                ("app_id", Type::String),
                ("env_id", Type::String),
                ("env_type", Type::String),
                ("org_id", Type::String),
                ("values", Type::Dynamic),
            ],
        );
        Signature {
            parameters: vec![
                Parameter::new("definitions", Type::list(Type::String))
                    .description(DEFINITIONS_DESCRIPTION),
                Parameter::new("resource", resource).description(
                    "The resource: `{ type = \"postgres\", class = \"large\", id = \"main\" }`; \
                     `class`, `id` and `res_id` are optional, as in score_resource_match.",
                ),
                Parameter::new("context", context).description(
                    "Where it is deployed: `{ app_id, env_id, env_type, org_id, values }`, all \
                     optional.",
                ),
            ],
            variadic: None,
            return_type: matching::result_type(),
            summary: "Pick the resource definition for a resource".to_owned(),
            description: Description::Plain(
                "Returns the object score_resource_match computes: matched, definition_id, \
                 module_source, inputs (JSON) and reason. No match is a result with matched = \
                 false; invalid definitions or inputs fail the call at the argument."
                    .to_owned(),
            ),
            deprecation: None,
        }
    }

    fn call(&self, arguments: Vec<Value>) -> Result<Value, FunctionError> {
        let [definitions, resource, context] = arguments.as_slice() else {
            return Err(FunctionError::new("match_definition takes three arguments"));
        };
        let texts = strings(Some(definitions));
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        matching::run(&texts, resource, context)
            .map_err(|fault| FunctionError::argument(fault.input.index(), fault.lines.join("\n")))
    }
}

/// The reference pages of this module, as (path under `provider/`, Markdown).
pub fn reference_pages() -> Vec<(&'static str, String)> {
    use crate::framework::docs::{function_page, resource_page, schema_page};
    vec![
        (
            "docs/resources/resource_definition.md",
            resource_page(
                "score_resource_definition",
                &resource::schema().block,
                include_str!("../../examples/resources/score_resource_definition/resource.tf"),
                include_str!("../../examples/resources/score_resource_definition/import.sh"),
            ),
        ),
        (
            "docs/data-sources/resource_definitions.md",
            schema_page(
                "Data Source",
                "score_resource_definitions",
                &files::schema().block,
                include_str!(
                    "../../examples/data-sources/score_resource_definitions/data-source.tf"
                ),
            ),
        ),
        (
            "docs/data-sources/resource_match.md",
            schema_page(
                "Data Source",
                "score_resource_match",
                &MatchDataSource.schema().block,
                include_str!("../../examples/data-sources/score_resource_match/data-source.tf"),
            ),
        ),
        (
            "docs/functions/match_definition.md",
            function_page(
                crate::workload::TYPE_NAME,
                "match_definition",
                &MatchDefinition.signature(),
                include_str!("../../examples/functions/match_definition/function.tf"),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests;
