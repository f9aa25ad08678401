//! Matching a resource against definition documents: what data source
//! `score_resource_match` and function `provider::score::match_definition` share.
//!
//! [`run`] is pure: definition texts, a resource and a context in, the result object out.
//! No match is a result (`matched = false` with the reasons), not an error, so a
//! `terraform test` can assert that a resource is left unmatched. Errors are faults in the
//! inputs, each naming the input ([`Input`]) so the data source can put it on the attribute
//! and the function on the argument.

use std::collections::BTreeMap;

use score_core::Data;
use score_core::definitions::expr::{
    self, Access, ContextKey, Direction, Expr, Part, Resolved, Scope,
};
use score_core::definitions::{
    Context, Definition, Driver, MatchRequest, Matcher, ModuleSource, ResourceKey, Target,
    context::shared_res_id, load, model::git_source,
};
use score_core::{FileId, yaml};

use super::document::to_data;
use crate::framework::{Attribute, Block};
use crate::value::{Type, Value};

/// Which input a fault is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// The definition documents.
    Definitions,
    /// The resource.
    Resource,
    /// The context.
    Context,
}

impl Input {
    /// The attribute (and parameter) name.
    pub fn name(self) -> &'static str {
        match self {
            Input::Definitions => "definitions",
            Input::Resource => "resource",
            Input::Context => "context",
        }
    }

    /// The parameter's position.
    pub fn index(self) -> usize {
        match self {
            Input::Definitions => 0,
            Input::Resource => 1,
            Input::Context => 2,
        }
    }
}

/// Faults in one input, one line each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Where.
    pub input: Input,
    /// What, one line per problem.
    pub lines: Vec<String>,
}

/// The result attributes (the data source's computed ones, the function's return object).
pub fn result_attributes() -> [(&'static str, Attribute); 5] {
    [
        (
            "matched",
            Attribute::computed(Type::Bool)
                .description("Whether a definition matches; the other results are null when not."),
        ),
        (
            "definition_id",
            Attribute::computed(Type::String).description("The id of the winning definition."),
        ),
        (
            "module_source",
            Attribute::computed(Type::String).description(
                "For a `humanitec/terraform` definition, the Terraform module source: \
                 `git::URL//PATH?ref=REV` for git, the `module.source` address, or the local \
                 path as written. Null for inline modules and other drivers.",
            ),
        ),
        (
            "inputs",
            Attribute::computed(Type::String).description(
                "The winning definition's `driver_inputs.values` as JSON (keys sorted; decode \
                 with `jsondecode`), with `${context.…}` and `${values.…}` placeholders \
                 resolved. Strings that reference other resources are left as written: their \
                 outputs exist only at deploy time. Null when the definition has no values.",
            ),
        ),
        (
            "reason",
            Attribute::computed(Type::String).description(
                "Why the winner won, and why each other definition of the type was not \
                 chosen; with no match, why none was.",
            ),
        ),
    ]
}

/// The type of the result object.
pub fn result_type() -> Type {
    result_attributes()
        .into_iter()
        .fold(Block::new(), |b, (n, a)| b.attribute(n, a))
        .value_type()
}

/// Matches `resource` in `context` against the definition documents `texts`.
pub fn run(texts: &[&str], resource: &Value, context: &Value) -> Result<Value, Fault> {
    let defs = load_texts(texts)?;
    let request = request(resource)?;
    let ctx = match_context(context)?;
    let req = MatchRequest {
        kind: &request.kind,
        class: &request.class,
        res_id: &request.res_id,
        app_id: &ctx.app_id,
        env_id: &ctx.env_id,
        env_type: &ctx.env_type,
    };
    let matcher = Matcher::new(&defs);
    let Some(found) = matcher.find(&req) else {
        return Ok(unmatched(&matcher, &req));
    };
    let def = found.definition;
    let inputs = inputs(def, &request, &ctx)?;
    let others: Vec<String> = matcher
        .rejections(&req)
        .into_iter()
        .filter(|r| r.definition.id != def.id)
        .map(|r| format!("'{}' was not chosen: {}", r.definition.id.text, r.reason))
        .collect();
    let mut reason = format!("'{}' matches: {}", def.id.text, found.reason);
    if !others.is_empty() {
        reason.push_str(". ");
        reason.push_str(&others.join(". "));
    }
    Ok(Value::object([
        ("matched", Value::Bool(true)),
        ("definition_id", Value::string(&def.id.text)),
        (
            "module_source",
            module_source(def).map_or(Value::Null, Value::string),
        ),
        ("inputs", inputs.map_or(Value::Null, Value::string)),
        ("reason", Value::string(reason)),
    ]))
}

fn unmatched(matcher: &Matcher<'_>, req: &MatchRequest<'_>) -> Value {
    let resource = format!("{}.{}#{}", req.kind, req.class, req.res_id);
    let reason = if matcher.of_type(req.kind).is_empty() {
        format!(
            "no definition has type '{}', so {resource} matches none",
            req.kind
        )
    } else {
        let why: Vec<String> = matcher
            .rejections(req)
            .into_iter()
            .map(|r| format!("'{}': {}", r.definition.id.text, r.reason))
            .collect();
        format!("no definition matches {resource}. {}", why.join(". "))
    };
    Value::object([
        ("matched", Value::Bool(false)),
        ("definition_id", Value::Null),
        ("module_source", Value::Null),
        ("inputs", Value::Null),
        ("reason", Value::string(reason)),
    ])
}

/// Loads every text as definition documents (document `i` is file `i`) and checks the set
/// for duplicate ids and criteria.
fn load_texts(texts: &[&str]) -> Result<Vec<Definition>, Fault> {
    let mut defs = Vec::new();
    let mut found = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        match yaml::parse_documents(file, text) {
            Ok(docs) => {
                let (d, f) = load::load_documents(&docs);
                defs.extend(d);
                found.extend(f);
            }
            Err(d) => found.push(d),
        }
    }
    found.extend(load::check_duplicates(&defs));
    let lines: Vec<String> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = |span: score_core::Span| {
                format!(
                    "definitions[{}]:{}:{}",
                    span.file.0, span.start.line, span.start.col
                )
            };
            let mut line = format!("{}: {}", at(d.span), d.headline());
            for note in &d.notes {
                line.push_str(&format!(" ({}: {})", at(note.span), note.message));
            }
            line
        })
        .collect();
    if lines.is_empty() {
        Ok(defs)
    } else {
        Err(Fault {
            input: Input::Definitions,
            lines,
        })
    }
}

struct Request {
    kind: String,
    class: String,
    res_id: String,
}

fn text(value: &Value, name: &str) -> Option<String> {
    value
        .get_attr(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The resource asked for: class `default` when unset; res id as given, else `shared.ID`
/// for an id, else empty (criteria naming a res id then do not match).
fn request(resource: &Value) -> Result<Request, Fault> {
    let Some(kind) = text(resource, "type").filter(|t| !t.is_empty()) else {
        return Err(Fault {
            input: Input::Resource,
            lines: vec![
                "resource.type must be set to a resource type, such as \"postgres\"".to_owned(),
            ],
        });
    };
    let res_id = text(resource, "res_id")
        .or_else(|| text(resource, "id").map(|id| shared_res_id(&id)))
        .unwrap_or_default();
    Ok(Request {
        kind,
        class: text(resource, "class").unwrap_or_else(|| "default".to_owned()),
        res_id,
    })
}

fn match_context(context: &Value) -> Result<Context, Fault> {
    let values = match context.get_attr("values").map(to_data) {
        None | Some(Data::Null) => BTreeMap::new(),
        Some(Data::Map(entries)) => entries.into_iter().collect(),
        Some(other) => {
            return Err(Fault {
                input: Input::Context,
                lines: vec![format!(
                    "context.values must be an object, not {}",
                    other.kind()
                )],
            });
        }
    };
    Ok(Context {
        org_id: text(context, "org_id").unwrap_or_default(),
        app_id: text(context, "app_id").unwrap_or_default(),
        env_id: text(context, "env_id").unwrap_or_default(),
        env_type: text(context, "env_type").unwrap_or_default(),
        values,
    })
}

/// The module source of a Terraform definition.
fn module_source(def: &Definition) -> Option<String> {
    let Driver::Terraform(tf) = &def.driver else {
        return None;
    };
    match &tf.module {
        ModuleSource::Git { url, path, rev } => Some(git_source(
            url.as_str(),
            path.as_ref().map(|p| p.as_str()),
            rev.as_ref().map(|r| r.as_str()),
        )),
        ModuleSource::Local { path } => Some(path.text.clone()),
        ModuleSource::Registry { source, .. } => Some(source.text.clone()),
        ModuleSource::Inline { .. } => None,
    }
}

/// What `${context.…}` and `${values.…}` resolve to for one resource.
struct MatchScope<'a> {
    ctx: &'a Context,
    key: ResourceKey,
}

impl Scope for MatchScope<'_> {
    fn context(&self, key: ContextKey) -> Result<Resolved, String> {
        let text = match key {
            ContextKey::AppId => self.ctx.app_id.clone(),
            ContextKey::EnvId => self.ctx.env_id.clone(),
            ContextKey::EnvType => self.ctx.env_type.clone(),
            ContextKey::OrgId => self.ctx.org_id.clone(),
            ContextKey::ResId => self.key.res_id.clone(),
            ContextKey::ResType => self.key.kind.clone(),
            ContextKey::ResClass => self.key.class.clone(),
            ContextKey::ResGuresid => self.key.guresid(self.ctx),
        };
        Ok(Resolved {
            value: Data::Str(text),
            secret: false,
        })
    }

    fn value(&self, keys: &[String]) -> Result<Resolved, String> {
        let mut at: Option<&Data> = None;
        for (i, k) in keys.iter().enumerate() {
            let next = match at {
                None => self.ctx.values.get(k),
                Some(d) => d.get(k),
            };
            at = Some(
                next.ok_or_else(|| format!("context.values has no '{}'", keys[..=i].join(".")))?,
            );
        }
        Ok(Resolved {
            value: at.cloned().unwrap_or(Data::Null),
            secret: false,
        })
    }

    fn resource(&self, _target: &Target, _access: &Access) -> Result<Resolved, String> {
        Err(DEPLOY_TIME.to_owned())
    }

    fn select(
        &self,
        _base: &Target,
        _direction: Direction,
        _kind: &str,
        _class: Option<&str>,
        _access: &Access,
    ) -> Result<Vec<Resolved>, String> {
        Err(DEPLOY_TIME.to_owned())
    }
}

const DEPLOY_TIME: &str = "resolved at deploy time";

/// The definition's `driver_inputs.values` with context placeholders resolved, as JSON.
fn inputs(def: &Definition, request: &Request, ctx: &Context) -> Result<Option<String>, Fault> {
    let Some(values) = &def.values else {
        return Ok(None);
    };
    let scope = MatchScope {
        ctx,
        key: ResourceKey::new(&request.kind, &request.class, &request.res_id),
    };
    let mut errors = Vec::new();
    let resolved = resolve_data(
        &values.to_data(),
        &scope,
        "driver_inputs.values",
        &mut errors,
    );
    if !errors.is_empty() {
        let lines = errors
            .into_iter()
            .map(|e| format!("definition '{}': {e}", def.id.text))
            .collect();
        return Err(Fault {
            input: Input::Context,
            lines,
        });
    }
    // A mapping (the loader checks), so this is compact JSON with sorted keys.
    Ok(Some(resolved.to_interpolated()))
}

fn resolve_data(data: &Data, scope: &MatchScope<'_>, path: &str, errors: &mut Vec<String>) -> Data {
    match data {
        Data::Str(s) => resolve_string(s, scope, path, errors),
        Data::Seq(items) => Data::Seq(
            items
                .iter()
                .enumerate()
                .map(|(i, d)| resolve_data(d, scope, &format!("{path}[{i}]"), errors))
                .collect(),
        ),
        Data::Map(entries) => Data::Map(
            entries
                .iter()
                .map(|(k, d)| {
                    (
                        k.clone(),
                        resolve_data(d, scope, &format!("{path}.{k}"), errors),
                    )
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A string with its context placeholders resolved; left as written when it references a
/// resource (only a deployment knows outputs).
fn resolve_string(s: &str, scope: &MatchScope<'_>, path: &str, errors: &mut Vec<String>) -> Data {
    let Ok(template) = expr::parse(s) else {
        // The loader parsed every string already; an error here cannot happen.
        return Data::Str(s.to_owned());
    };
    let deploy_time = template.parts.iter().any(|p| {
        matches!(p, Part::Expr(ph) if matches!(ph.expr, Expr::Resource { .. } | Expr::Select { .. }))
    });
    if deploy_time {
        return Data::Str(s.to_owned());
    }
    match expr::resolve(&template, scope) {
        Ok(r) => r.value,
        Err(e) => {
            errors.push(format!("{path}: {}", e.message));
            Data::Str(s.to_owned())
        }
    }
}
