//! Resource `score_resource_definition`: a resource definition managed with plan and apply.
//!
//! Nothing outside Terraform's state is created: the resource is the definition, and its
//! computed `document` is what `score2hcl` and `score_resource_match` read. Every value is a
//! pure function of the configuration, so the plan is complete whenever the configuration is
//! known, and `read` recomputes `document` from the stored attributes (an edited state is
//! repaired by the next refresh).

use score_core::definitions::load;
use score_core::{FileId, yaml};

use super::{check, document};
use crate::framework::{
    ApplyRequest, Attribute, AttributeKind, Block, BlockNesting, BoxFuture, Context, Diagnostics,
    ObjectNesting, PlanRequest, PlanResponse, Resource, Schema, State, plan,
};
use crate::value::{Type, Value};

/// The schema (state) version.
pub const SCHEMA_VERSION: i64 = 1;

/// Resource `score_resource_definition`.
#[derive(Debug)]
pub struct DefinitionResource;

fn criterion_attributes() -> [(&'static str, Attribute); 5] {
    let field = |what: &str| {
        Attribute::optional(Type::String).description(format!(
            "Match only resources whose {what}; unset matches any."
        ))
    };
    [
        (
            "class",
            Attribute::optional_computed(Type::String)
                .description("The resource class to match; `default` when unset."),
        ),
        (
            "res_id",
            field("res id is this (`shared.dns`, `modules.web.externals.db`)"),
        ),
        ("app_id", field("application id is this")),
        ("env_id", field("environment id is this")),
        ("env_type", field("environment type is this")),
    ]
}

fn provision_attributes() -> [(&'static str, Attribute); 4] {
    [
        (
            "resource",
            Attribute::required(Type::String).description(
                "The co-provisioned resource: `type`, `type.class`, `type#id` or \
                 `type.class#id` (the key under `provision` in the document); an omitted class \
                 or id is this resource's.",
            ),
        ),
        (
            "is_dependent",
            Attribute::optional_computed(Type::Bool).description(
                "The co-provisioned resource depends on this one; `false` when unset.",
            ),
        ),
        (
            "match_dependents",
            Attribute::optional_computed(Type::Bool).description(
                "Resources that depend on this one also depend on the co-provisioned one; \
                 `false` when unset.",
            ),
        ),
        (
            "params",
            Attribute::optional(Type::Dynamic).description(
                "Driver params of the co-provisioned resource, as an object; may hold \
                 placeholders.",
            ),
        ),
    ]
}

fn driver_inputs_block() -> Block {
    Block::new()
        .attribute(
            "values",
            Attribute::optional(Type::Dynamic).description(
                "`driver_inputs.values` as an HCL object, for example \
                 `{ source = { url = \"https://github.com/org/modules\", path = \"s3\", rev = \"v1\" } }` \
                 for `humanitec/terraform`. Strings may hold definition placeholders \
                 (`${context.app.id}`, `${resources.dns.outputs.host}`); write `$${` in HCL \
                 so Terraform leaves them alone.",
            ),
        )
        .attribute(
            "secrets",
            Attribute::optional(Type::Dynamic).sensitive().description(
                "`driver_inputs.secrets` as an HCL object: values hidden from plans and output.",
            ),
        )
        .description(
            "The driver's inputs. Omit the block for a driver that takes none; an empty block \
             is not the same as none and shows as a change after an import.",
        )
}

/// The schema of `score_resource_definition`.
pub fn schema() -> Schema {
    let block = Block::new()
        .attribute(
            "id",
            Attribute::required(Type::String)
                .requires_replace()
                .description(
                    "The definition id (`metadata.id`): lowercase letters, digits and `-`, 3 or \
                 more characters. Changing it replaces the definition.",
                ),
        )
        .attribute(
            "name",
            Attribute::optional_computed(Type::String)
                .description("The display name; the id when unset."),
        )
        .attribute(
            "type",
            Attribute::required(Type::String)
                .requires_replace()
                .description(
                    "The resource type it provisions, such as `postgres` or `dns`. Changing it \
                 replaces the definition.",
                ),
        )
        .attribute(
            "driver_type",
            Attribute::required(Type::String).description(
                "The driver: `humanitec/terraform` (alias `terraform`) or `humanitec/echo` \
                 (alias `echo`).",
            ),
        )
        .attribute(
            "driver_account",
            Attribute::optional(Type::String)
                .description("The cloud account the driver uses; may be a placeholder."),
        )
        .block(
            "driver_inputs",
            BlockNesting::Single { required: false },
            driver_inputs_block(),
        )
        .attribute(
            "provision",
            Attribute::nested(
                AttributeKind::Optional,
                ObjectNesting::List,
                provision_attributes(),
            )
            .description(
                "Resources provisioned together with this one, in the order of the \
                     document's `provision` keys. A list rather than a map: Terraform 1.0 \
                     crashes planning a map of nested objects.",
            ),
        )
        .attribute(
            "criteria",
            Attribute::nested(
                AttributeKind::Optional,
                ObjectNesting::List,
                criterion_attributes(),
            )
            .description(
                "When the definition is chosen: a resource of its type matches a criterion \
                     when every field the criterion sets is equal, and the most specific \
                     criterion wins (res_id, then env_id, app_id, env_type). Without criteria \
                     the definition is never chosen. Two criteria with the same fields are an \
                     error.",
            ),
        )
        .attribute(
            "document",
            Attribute::computed(Type::String).sensitive().description(
                "The canonical `entity.humanitec.io/v1b1` YAML of the definition, which \
                 `score2hcl` reads from `terraform show -json` and `score_resource_match` \
                 takes. Sensitive because it holds `driver_inputs.secrets`.",
            ),
        )
        .description(
            "A resource definition in Humanitec's format: which driver and inputs provision a \
             resource type, and in which contexts. Checked at plan like a definition file: \
             placeholder syntax and roots, driver inputs for the driver, duplicate criteria. \
             Import an existing definition file with \
             `terraform import score_resource_definition.NAME path/to/definition.yaml`.",
        );
    Schema::new(block).with_version(SCHEMA_VERSION)
}

/// The state a wholly known configuration (or stored state) stands for: defaults filled and
/// `document` written, with core's problems reported.
fn complete(config: &Value, warnings: bool, diags: &mut Diagnostics) -> Value {
    let mut state = config.clone();
    let Value::Object(attrs) = &mut state else {
        return state;
    };
    if attrs.get("name").is_none_or(Value::is_null) {
        let id = attrs.get("id").cloned().unwrap_or(Value::Null);
        attrs.insert("name".to_owned(), id);
    }
    if let Some(Value::List(criteria)) = attrs.get_mut("criteria") {
        for c in criteria {
            default_attr(c, "class", Value::string("default"));
        }
    }
    if let Some(Value::List(provision)) = attrs.get_mut("provision") {
        for p in provision {
            default_attr(p, "is_dependent", Value::Bool(false));
            default_attr(p, "match_dependents", Value::Bool(false));
        }
    }
    attrs.remove("document");
    let text = check::check(&state, warnings, diags);
    if let Value::Object(attrs) = &mut state {
        attrs.insert("document".to_owned(), Value::string(text));
    }
    state
}

fn default_attr(object: &mut Value, name: &str, default: Value) {
    if let Value::Object(attrs) = object {
        let slot = attrs.entry(name.to_owned()).or_insert(Value::Null);
        if slot.is_null() {
            *slot = default;
        }
    }
}

/// What import stores for the definition file at `id`.
fn import_file(id: &str, diags: &mut Diagnostics) -> Option<Value> {
    let fail = |diags: &mut Diagnostics, detail: String| {
        diags.error("Cannot Import Definition", detail);
        None
    };
    // The id comes from the command line and may be any length; messages show its ends.
    let path = &*score_core::diag::shorten(id, 256);
    let text = match crate::input::read_text(std::path::Path::new(id)) {
        Ok(text) => text,
        Err(e) => {
            return fail(
                diags,
                format!(
                    "{path}: {e}. The import id is the path of a definition file, relative \
                     to the directory Terraform runs in."
                ),
            );
        }
    };
    let docs = match yaml::parse_documents(FileId(0), &text) {
        Ok(docs) => docs,
        Err(d) => return fail(diags, super::located(path, &d)),
    };
    let (defs, found) = load::load_documents(&docs);
    let errors: Vec<String> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| super::located(path, d))
        .collect();
    if !errors.is_empty() {
        return fail(diags, errors.join("\n"));
    }
    match defs.as_slice() {
        [def] => {
            document::attributes(def).map_or_else(|e| fail(diags, format!("{path}: {e}.")), Some)
        }
        _ => fail(
            diags,
            format!(
                "{path}: the file holds {} definitions; import takes a file with exactly one.",
                defs.len()
            ),
        ),
    }
}

impl Resource for DefinitionResource {
    fn schema(&self) -> Schema {
        schema()
    }

    fn validate(&self, _ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        // Parts unknown until apply are checked at plan, once they are known.
        if config.is_wholly_known() {
            complete(config, false, diags);
        }
    }

    fn plan<'a>(
        &'a self,
        ctx: &'a Context,
        request: PlanRequest,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, PlanResponse> {
        Box::pin(async move {
            let config = request.config.clone();
            let mut response = plan::plan(ctx.schema(), request);
            if !response.planned_state.is_null() && config.is_wholly_known() {
                response.planned_state = complete(&config, true, diags);
            }
            response
        })
    }

    fn apply<'a>(
        &'a self,
        _ctx: &'a Context,
        request: ApplyRequest,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        Box::pin(async move {
            let value = if request.planned_state.is_null() {
                Value::Null
            } else {
                complete(&request.config, false, diags)
            };
            State {
                value,
                private: request.planned_private,
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
            let mut value = state.value;
            let text = document::document(&value).to_yaml();
            if let Value::Object(attrs) = &mut value {
                attrs.insert("document".to_owned(), Value::string(text));
            }
            State {
                value,
                private: state.private,
            }
        })
    }

    fn import<'a>(
        &'a self,
        _ctx: &'a Context,
        id: String,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Option<State>> {
        Box::pin(async move {
            let value = import_file(&id, diags)?;
            Some(State {
                value,
                private: Vec::new(),
            })
        })
    }
}
