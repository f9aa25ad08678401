//! Resource `score_workload`: a Score workload wired to the outputs of its resources, with the
//! resolved workload, Kubernetes manifests, Secret and revision computed by the provider.
//!
//! Nothing exists outside Terraform's state, so every operation is the same computation
//! ([`compute`]) from the inputs: plan computes what it can (unknown where an input it needs
//! is unknown), apply computes the rest, read recomputes from the stored inputs (correcting an
//! edited state), import reads a Score file into `spec`. See
//! `docs/design/0010-workload-resource.md`.

use std::collections::{BTreeMap, BTreeSet};

use score_core::Severity as CoreSeverity;
use score_core::definitions::context::{private_res_id, shared_res_id};
use score_core::score::Workload;

use super::manifests;
use super::parse::{self, Parsed};
use super::render::{self, Input, Issue, Output, Resolver, Wiring};
use super::salt;
use super::specs;
use super::{SPEC_DESCRIPTION, report, resource_attributes};
use crate::framework::{
    ApplyRequest, Attribute, AttributeKind, Block, BoxFuture, Context, Diagnostics, ObjectNesting,
    PlanRequest, PlanResponse, Resource, Schema, State,
};
use crate::value::{AttributePath, Type, Value};

/// The current state schema version.
pub const SCHEMA_VERSION: i64 = 1;

/// The computed attributes that depend on more than the spec.
const DERIVED: [&str; 5] = [
    "resolved",
    "manifests",
    "secret_name",
    "secret_manifest",
    "revision",
];

/// Resource `score_workload`.
#[derive(Debug)]
pub struct WorkloadResource;

fn context_attributes() -> [(&'static str, Attribute); 5] {
    [
        (
            "app_id",
            Attribute::required(Type::String).description("The application id."),
        ),
        (
            "env_id",
            Attribute::required(Type::String).description("The environment id."),
        ),
        (
            "env_type",
            Attribute::optional(Type::String)
                .description("The environment type, such as `development`."),
        ),
        (
            "org_id",
            Attribute::optional(Type::String).description("The organisation id."),
        ),
        (
            "values",
            Attribute::optional(Type::Dynamic).description(
                "The environment's shared values, any object (for example \
                 `{ region = \"eu-west-1\" }`).",
            ),
        ),
    ]
}

fn request_attributes() -> Vec<(&'static str, Attribute)> {
    let mut attrs: Vec<_> = resource_attributes().into_iter().collect();
    attrs.push((
        "res_id",
        Attribute::computed(Type::String).description(
            "The resource's id in the resource graph: `modules.WORKLOAD.externals.NAME`, or \
             `shared.ID` for a resource shared by `id` (what resource definitions see as \
             `${context.res.id}`).",
        ),
    ));
    attrs
}

/// The attributes both schema versions share.
fn common_block() -> Block {
    Block::new()
        .attribute(
            "spec",
            Attribute::required(Type::String).description(format!(
                "{SPEC_DESCRIPTION} Placeholders are written `${{...}}` (in HCL, `$${{...}}`). \
                 Changing the workload name replaces the resource; any other change updates it \
                 in place."
            )),
        )
        .attribute(
            "context",
            Attribute::nested(
                AttributeKind::Required,
                ObjectNesting::Single,
                context_attributes(),
            )
            .description(
                "Where the workload is deployed. `score2hcl generate` passes \
                 `local.context`. Recorded in state; the computed attributes do not depend \
                 on it.",
            ),
        )
        .attribute(
            "images",
            Attribute::optional(Type::map(Type::String)).description(
                "Container name → image: the immutable image reference CI built. It replaces \
                 the spec's `image` (`.` or a tag) for that container. An entry naming no \
                 container of the spec is an error.",
            ),
        )
        .attribute(
            "name",
            Attribute::computed(Type::String)
                .description("The workload name (`metadata.name`); known at plan."),
        )
        .attribute(
            "resource_requests",
            Attribute::nested(
                AttributeKind::Computed,
                ObjectNesting::List,
                request_attributes(),
            )
            .description(
                "The resources the workload asks for, ordered by name; known at plan once the \
                 spec is.",
            ),
        )
        .attribute(
            "resolved",
            Attribute::computed(Type::String).sensitive().description(
                "The workload as YAML with every Score placeholder substituted and the images \
                 replaced; it holds the secret values. Unknown at plan while an output \
                 it uses is.",
            ),
        )
        .attribute(
            "manifests",
            Attribute::computed(Type::list(Type::String)).description(
                "The Kubernetes manifests, one YAML document each, shaped as score-k8s shapes \
                 them: ConfigMaps for files, a Service for `service.ports`, and a Deployment \
                 (a StatefulSet with a headless Service when the annotation \
                 `k8s.score.dev/kind: StatefulSet` asks for one). They never hold a secret \
                 value: secret-bearing variables use `valueFrom.secretKeyRef` and \
                 secret-bearing files mount from the Secret `secret_name`. Unknown at plan \
                 while a non-secret output they use is.",
            ),
        )
        .attribute(
            "secret_name",
            Attribute::computed(Type::String).description(
                "The name of the workload's Secret (`WORKLOAD-secret`), or null when no value \
                 is secret.",
            ),
        )
        .attribute(
            "secret_manifest",
            Attribute::computed(Type::String).sensitive().description(
                "The Secret's YAML (values base64-encoded under `data`), or null when no value \
                 is secret. Apply it with the manifests.",
            ),
        )
        .attribute(
            "revision",
            Attribute::computed(Type::String).description(
                "`sha256:HEX`, a digest of the manifests and the Secret, salted per instance \
                 (the salt is in private state, so the digest reveals nothing of a secret): it \
                 changes exactly when what would be deployed changes. Unknown at plan while \
                 any of it is.",
            ),
        )
}

const RESOURCES_DESCRIPTION: &str = "Score resource name → its outputs as strings (generated \
     code JSON-encodes outputs that are not strings; a JSON object or array is decoded so a \
     placeholder can look inside it). Values may be unknown at plan. A placeholder naming a \
     resource missing here is an error: generated code is probably stale. Sensitive as a \
     whole: outputs arrive without Terraform's sensitivity marks, and some are secrets.";

fn schema_v1() -> Block {
    common_block()
        .attribute(
            "resources",
            Attribute::optional(Type::map(Type::map(Type::String)))
                .sensitive()
                .description(RESOURCES_DESCRIPTION),
        )
        .attribute(
            "secret_outputs",
            Attribute::optional(Type::map(Type::list(Type::String))).description(
                "Score resource name → the names of its outputs that are secret, as its \
                 resource definition declares. Outputs the resource type catalog declares \
                 secret (such as a postgres `password`) are secret without being listed. A \
                 value built from a secret output is secret as a whole.",
            ),
        )
        .description(
            "A Score workload wired to the outputs of its resources. The provider substitutes \
             every placeholder and renders Kubernetes manifests, keeping secret values in a \
             separate, sensitive Secret manifest. Nothing is created outside Terraform's \
             state: apply the manifests with the Kubernetes provider (or any other).",
        )
}

/// Version 0: `resources` was `map(string)` of JSON-encoded output objects, and there was no
/// `secret_outputs`.
fn schema_v0() -> Block {
    common_block().attribute(
        "resources",
        Attribute::optional(Type::map(Type::String))
            .description("Score resource name → its outputs as a JSON object."),
    )
}

impl Resource for WorkloadResource {
    fn schema(&self) -> Schema {
        Schema::new(schema_v1()).with_version(SCHEMA_VERSION)
    }

    fn validate(&self, _ctx: &Context, config: &Value, diags: &mut Diagnostics) {
        let Some(spec) = config.get_attr("spec").and_then(Value::as_str) else {
            return;
        };
        let loaded = specs::load(spec);
        report(&loaded.problems, true, diags);
        if let (Some(w), Some(Value::Map(images))) = (&loaded.workload, config.get_attr("images")) {
            let names = images.keys().cloned().collect::<Vec<_>>();
            report_issues(image_issues(w, &names), diags);
        }
    }

    fn plan<'a>(
        &'a self,
        ctx: &'a Context,
        request: PlanRequest,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, PlanResponse> {
        Box::pin(async move {
            if request.proposed_new_state.is_null() {
                return crate::framework::plan::plan(ctx.schema(), request);
            }
            // Plan never draws the salt: Terraform plans a create twice (at plan and again at
            // apply) and needs the same answer both times. Without a salt, a revision that
            // would change is unknown until apply draws one (`salt.rs`).
            let salt = salt::of(&request.prior_private);
            let mut planned = request.proposed_new_state;
            let computed = compute(&planned, &salt, diags);
            fill(&mut planned, computed);
            // A create (also the create half of a replacement, which Terraform may plan with
            // the old object's private state) has no salt of its own until apply.
            if salt.is_empty() || request.prior_state.is_null() {
                unknown_unless_unchanged(&mut planned, &request.prior_state, "revision");
            }
            let mut requires_replace = Vec::new();
            let (prior, now) = (
                request.prior_state.get_attr("name").and_then(Value::as_str),
                planned.get_attr("name").and_then(Value::as_str),
            );
            if let (Some(prior), Some(now)) = (prior, now) {
                if prior != now {
                    requires_replace.push(AttributePath::root().attr("name"));
                    // The replacement is a new instance: Terraform plans it again at apply
                    // without this one's private state, and apply draws it a new salt.
                    if let Value::Object(attrs) = &mut planned {
                        attrs.insert("revision".to_owned(), Value::unknown());
                    }
                }
            }
            PlanResponse {
                planned_state: planned,
                requires_replace,
                planned_private: request.prior_private,
            }
        })
    }

    fn apply<'a>(
        &'a self,
        _ctx: &'a Context,
        request: ApplyRequest,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, State> {
        Box::pin(async move {
            let mut value = request.planned_state;
            let mut private = request.planned_private;
            if !value.is_null() {
                // A revision planned without a salt (a state from before salts) is kept
                // unsalted; one left unknown gets the salt drawn now.
                let planned_revision = value.get_attr("revision").cloned();
                if salt::of(&private).is_empty()
                    && !planned_revision.as_ref().is_some_and(Value::is_known)
                {
                    match salt::fresh() {
                        Ok(fresh) => private = fresh,
                        Err(e) => {
                            diags.error(
                                "Cannot Draw Random Bytes",
                                format!(
                                    "The revision's salt needs random bytes from the system: {e}."
                                ),
                            );
                            return State {
                                value: request.prior_state,
                                private,
                            };
                        }
                    }
                }
                take_inputs(&mut value, &request.config);
                // Plan showed the warnings already: pass on errors only.
                let mut all = Diagnostics::new();
                let computed = compute(&value, &salt::of(&private), &mut all);
                all.iter()
                    .filter(|d| d.is_error())
                    .for_each(|d| diags.push(d.clone()));
                if diags.has_errors() {
                    return State {
                        value: request.prior_state,
                        private,
                    };
                }
                fill(&mut value, computed);
            }
            State { value, private }
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
            if value.is_null() {
                return State {
                    value,
                    private: state.private,
                };
            }
            // Read never fails on a state this provider wrote: what cannot be computed from
            // the stored inputs (an imported spec not wired yet) keeps its stored value, and
            // the next plan computes it from the configuration.
            let mut quiet = Diagnostics::new();
            let mut computed = compute(&value, &salt::of(&state.private), &mut quiet);
            if quiet.has_errors() {
                computed.derived = None;
            }
            fill(&mut value, computed);
            State {
                value,
                private: state.private,
            }
        })
    }

    fn import<'a>(
        &'a self,
        ctx: &'a Context,
        id: String,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Option<State>> {
        Box::pin(async move {
            let spec = match crate::input::read_text(std::path::Path::new(&id)) {
                Ok(spec) => spec,
                Err(e) => {
                    diags.error(
                        "Cannot Read Score File",
                        format!(
                            "The import id must be the path of a Score file (relative to the \
                             working directory); reading {} failed: {e}.",
                            crate::framework::diag::quote(&id)
                        ),
                    );
                    return None;
                }
            };
            let (_, problems) = parse::load_spec(&spec);
            let shown = score_core::diag::shorten(&id, 256);
            for p in problems
                .iter()
                .filter(|p| p.severity == CoreSeverity::Error)
            {
                diags.error(
                    format!("Invalid Score File: {}", p.message),
                    format!("{shown}: {}", p.detail),
                );
            }
            if diags.has_errors() {
                return None;
            }
            let private = match salt::fresh() {
                Ok(private) => private,
                Err(e) => {
                    diags.error(
                        "Cannot Draw Random Bytes",
                        format!("The revision's salt needs random bytes from the system: {e}."),
                    );
                    return None;
                }
            };
            let value = crate::framework::plan::import_state(&ctx.schema().block, "spec", &spec);
            Some(State { value, private })
        })
    }

    fn state_type(&self, version: i64) -> Option<Type> {
        match version {
            0 => Some(schema_v0().value_type()),
            _ => None,
        }
    }

    fn upgrade_state(&self, version: i64, state: Value, diags: &mut Diagnostics) -> Value {
        if version != 0 {
            diags.error(
                "Unsupported State Version",
                format!("score_workload has no state version {version} to upgrade from."),
            );
            return Value::Null;
        }
        upgrade_v0(state, diags)
    }
}

/// Version 0 → 1: each JSON object in `resources` becomes a map of strings (non-string
/// outputs JSON-encoded, as generated code passes them now), and `secret_outputs` is null.
/// The computed attributes are kept; the next plan recomputes them from the configuration.
fn upgrade_v0(state: Value, diags: &mut Diagnostics) -> Value {
    let Value::Object(mut attrs) = state else {
        return state;
    };
    let resources = match attrs.remove("resources") {
        Some(Value::Map(entries)) => {
            let mut out = BTreeMap::new();
            for (name, json) in entries {
                if json.is_null() {
                    out.insert(name, Value::Map(BTreeMap::new()));
                    continue;
                }
                match json.as_str().map(render::decode_structured) {
                    Some(score_core::Data::Map(outputs)) => {
                        let outputs = outputs
                            .into_iter()
                            .map(|(k, v)| (k, Value::string(v.to_interpolated())))
                            .collect();
                        out.insert(name, Value::Map(outputs));
                    }
                    _ => diags.error_at(
                        AttributePath::root().attr("resources").key(&name),
                        "Cannot Upgrade State",
                        format!(
                            "The version 0 state holds resources[\"{name}\"] that is not a \
                             JSON object; remove the resource from state \
                             (`terraform state rm`) and import it again."
                        ),
                    ),
                }
            }
            Value::Map(out)
        }
        _ => Value::Null,
    };
    attrs.insert("resources".to_owned(), resources);
    attrs.insert("secret_outputs".to_owned(), Value::Null);
    Value::Object(attrs)
}

/// The input attributes.
const INPUTS: [&str; 5] = ["spec", "context", "resources", "secret_outputs", "images"];

/// Copies the inputs of `config` into `state`: at apply, they are known even where the plan
/// had them unknown.
fn take_inputs(state: &mut Value, config: &Value) {
    let Value::Object(attrs) = state else { return };
    for name in INPUTS {
        if let Some(value) = config.get_attr(name) {
            attrs.insert(name.to_owned(), value.clone());
        }
    }
}

/// The computed attributes of one state.
#[derive(Debug)]
struct Computed {
    /// `name` and `resource_requests`; `None` when the spec is unknown or invalid.
    spec: Option<[Value; 2]>,
    /// [`DERIVED`] in order; `None` when they cannot be computed.
    derived: Option<[Value; 5]>,
}

/// Sets the computed attributes of `state` (left as they are where `computed` has nothing).
fn fill(state: &mut Value, computed: Computed) {
    let Value::Object(attrs) = state else { return };
    if let Some([name, requests]) = computed.spec {
        attrs.insert("name".to_owned(), name);
        attrs.insert("resource_requests".to_owned(), requests);
    }
    if let Some(derived) = computed.derived {
        for (name, value) in DERIVED.iter().zip(derived) {
            attrs.insert((*name).to_owned(), value);
        }
    }
}

/// Makes `planned`'s attribute `name` unknown unless it is known and equal to `prior`'s.
fn unknown_unless_unchanged(planned: &mut Value, prior: &Value, name: &str) {
    let now = planned.get_attr(name);
    if now.is_none_or(Value::is_null) || now == prior.get_attr(name) {
        return;
    }
    if let Value::Object(attrs) = planned {
        attrs.insert(name.to_owned(), Value::unknown());
    }
}

/// Computes every computed attribute from the inputs of `state`. Unknown inputs give unknown
/// attributes; mistakes become diagnostics and leave the attributes they spoil as `None`.
fn compute(state: &Value, salt: &[u8], diags: &mut Diagnostics) -> Computed {
    let unknown = || Value::unknown();
    let all_unknown = || Computed {
        spec: Some([unknown(), unknown()]),
        derived: Some([unknown(), unknown(), unknown(), unknown(), unknown()]),
    };
    let spec = match state.get_attr("spec") {
        Some(Value::String(spec)) => spec,
        Some(Value::Unknown(_)) => return all_unknown(),
        _ => {
            return Computed {
                spec: None,
                derived: None,
            };
        }
    };
    let loaded = specs::load(spec);
    report(&loaded.problems, false, diags);
    let Some(w) = &loaded.workload else {
        return Computed {
            spec: None,
            derived: None,
        };
    };
    let spec_values = Some(spec_values(w));
    let derived = match wiring(state, w) {
        Some(wiring) => derived(w, &wiring, salt, diags),
        None => Some([unknown(), unknown(), unknown(), unknown(), unknown()]),
    };
    Computed {
        spec: spec_values,
        derived,
    }
}

fn spec_values(w: &Workload) -> [Value; 2] {
    let parsed: Parsed = parse::summarize(w);
    let optional = |s: &Option<String>| s.as_ref().map_or(Value::Null, Value::string);
    let requests = parsed
        .resource_requests
        .iter()
        .map(|r| {
            let res_id = match &r.id {
                Some(id) => shared_res_id(id),
                None => private_res_id(&parsed.name, &r.name),
            };
            Value::object([
                ("name", Value::string(&r.name)),
                ("uid", Value::string(&r.uid)),
                ("res_id", Value::string(res_id)),
                ("type", Value::string(&r.kind)),
                ("class", Value::string(&r.class)),
                ("id", optional(&r.id)),
                ("params", optional(&r.params)),
            ])
        })
        .collect();
    [Value::string(&parsed.name), Value::List(requests)]
}

/// The derived attributes, or `None` after reporting what prevents them.
fn derived(
    w: &Workload,
    wiring: &Wiring,
    salt: &[u8],
    diags: &mut Diagnostics,
) -> Option<[Value; 5]> {
    let names: Vec<String> = wiring.images.keys().cloned().collect();
    let mut issues = image_issues(w, &names);
    let resolver = Resolver::new(w, wiring);
    let (wiring_issues, unknown) = resolver.check_wiring();
    issues.extend(wiring_issues);
    let rendered = manifests::render(&resolver, &mut issues);
    let resolved = if issues.is_empty() && !unknown {
        match resolver.resolved() {
            Ok(yaml) => Value::string(yaml),
            Err(more) => {
                issues.extend(more);
                Value::Null
            }
        }
    } else {
        Value::unknown()
    };
    if !issues.is_empty() {
        report_issues(issues, diags);
        return None;
    }
    let known = |v: Option<String>| v.map_or_else(Value::unknown, Value::string);
    let manifests = rendered
        .documents
        .clone()
        .map_or_else(Value::unknown, |docs| {
            Value::List(docs.into_iter().map(Value::string).collect())
        });
    let (secret_name, secret_manifest) = match &rendered.secret {
        Some(s) => (Value::string(&s.name), known(s.manifest.clone())),
        None => (Value::Null, Value::Null),
    };
    Some([
        resolved,
        manifests,
        secret_name,
        secret_manifest,
        known(rendered.revision(salt)),
    ])
}

/// The wiring in `state`, or `None` while `images` or `secret_outputs` is not wholly known
/// (which values are secret, and which images run, decide every derived attribute).
fn wiring(state: &Value, w: &Workload) -> Option<Wiring> {
    let images = state.get_attr("images").unwrap_or(&Value::Null);
    let secret_outputs = state.get_attr("secret_outputs").unwrap_or(&Value::Null);
    if !images.is_wholly_known() || !secret_outputs.is_wholly_known() {
        return None;
    }
    let images = match images {
        Value::Map(m) => m
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect(),
        _ => BTreeMap::new(),
    };
    let secret_outputs = match secret_outputs {
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| {
                let names: BTreeSet<String> = match v {
                    Value::List(items) => items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_owned))
                        .collect(),
                    _ => BTreeSet::new(),
                };
                (k.clone(), names)
            })
            .collect(),
        _ => BTreeMap::new(),
    };
    let resources = match state.get_attr("resources").unwrap_or(&Value::Null) {
        // Unknown as a whole: every resource of the spec is wired, with outputs unknown.
        Value::Unknown(_) => w.resources.keys().map(|k| (k.clone(), None)).collect(),
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| (k.clone(), resource_outputs(v)))
            .collect(),
        _ => BTreeMap::new(),
    };
    Some(Wiring {
        resources,
        secret_outputs,
        images,
    })
}

fn resource_outputs(value: &Value) -> Option<BTreeMap<String, Output>> {
    match value {
        Value::Map(outputs) => Some(
            outputs
                .iter()
                .map(|(k, v)| {
                    let output = match v {
                        Value::String(s) => Output::Known(s.clone()),
                        Value::Unknown(_) => Output::Unknown,
                        // A null output: placeholders see an empty string.
                        _ => Output::Known(String::new()),
                    };
                    (k.clone(), output)
                })
                .collect(),
        ),
        Value::Null => Some(BTreeMap::new()),
        _ => None,
    }
}

/// An `images` entry naming no container is a mistake (a renamed container, a typo).
fn image_issues(w: &Workload, names: &[String]) -> Vec<Issue> {
    names
        .iter()
        .filter(|name| !w.containers.contains_key(*name))
        .map(|name| {
            let containers: Vec<&str> = w.containers.keys().map(String::as_str).collect();
            Issue {
                input: Input::Images(name.clone()),
                summary: format!("no container '{name}' in the spec"),
                detail: format!(
                    "images[\"{name}\"] names no container of workload '{}'; its containers \
                     are: {}.",
                    w.name(),
                    containers.join(", ")
                ),
            }
        })
        .collect()
}

fn report_issues(issues: Vec<Issue>, diags: &mut Diagnostics) {
    for issue in issues {
        let root = AttributePath::root();
        let path = match &issue.input {
            Input::Spec => root.attr("spec"),
            Input::Resources(None) => root.attr("resources"),
            Input::Resources(Some(name)) => root.attr("resources").key(name),
            Input::Images(name) => root.attr("images").key(name),
        };
        diags.error_at(path, issue.summary, issue.detail);
    }
}

#[cfg(test)]
mod tests;
