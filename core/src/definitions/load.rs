//! Reading definition documents into [`Definition`]s.
//!
//! One YAML (or JSON) document holds one definition in the `entity:` or `object:` form, or
//! a sequence of them, or the flat object the Humanitec API returns. Every field is checked;
//! unknown fields are errors with a position and a did-you-mean hint. One call reports every
//! problem it can find.

use crate::check::Checker;
use crate::definitions::model::*;
use crate::diag::{self, Diagnostic};
use crate::path::DocPath;
use crate::yaml::{Key, Node, Value};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

const ENTITY_API: &str = "entity.humanitec.io/v1b1";
const OBJECT_API: &str = "core.api.humanitec.io/v1";

/// Fields of the definition body (`entity:`, `object:`, or the API object less `id`).
const BODY_FIELDS: &[&str] = &[
    "name",
    "type",
    "driver_type",
    "driver_account",
    "driver_inputs",
    "provision",
    "criteria",
    // Read-only fields of an exported API response, accepted so exports load unchanged.
    "org_id",
    "is_default",
    "is_deleted",
    "active_version_id",
    "in_place_driver_change",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];
const BODY_REQUIRED: &[&str] = &["name", "type", "driver_type"];

/// The drivers this project runs, with their short aliases.
pub const SUPPORTED_DRIVERS: &[&str] = &["humanitec/terraform", "humanitec/echo"];

static ID_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9][a-z0-9-]+[a-z0-9]$").unwrap_or_else(|_| unreachable!())
});
const ID_RULE: &str = "definition ids are lowercase letters, digits and '-', at least 3 characters, \
                       starting and ending with a letter or digit";

/// Reads every definition in `docs` (the documents of one file). Definitions with errors
/// are left out; their diagnostics say why.
pub fn load_documents(docs: &[Node]) -> (Vec<Definition>, Vec<Diagnostic>) {
    let mut ck = Checker::default();
    let mut out = Vec::new();
    for doc in docs {
        match &doc.value {
            Value::Null => {}
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    out.extend(read_document(&mut ck, item, &DocPath::root().index(i)));
                }
            }
            _ => out.extend(read_document(&mut ck, doc, &DocPath::root())),
        }
    }
    let mut diags = ck.diags;
    diag::sort(&mut diags);
    (out, diags)
}

/// Reports definitions sharing an id, and criteria that two definitions of one type both
/// claim (Humanitec rejects those at registration, so a tie can never be resolved).
pub fn check_duplicates(defs: &[Definition]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut ids: HashMap<&str, &Definition> = HashMap::new();
    for def in defs {
        if let Some(first) = ids.insert(def.id.as_str(), def) {
            diags.push(
                Diagnostic::error(
                    def.id.span,
                    &id_path(def),
                    format!("duplicate definition id '{}'", def.id.text),
                )
                .with_note(first.id.span, "first defined here"),
            );
            ids.insert(first.id.as_str(), first);
        }
    }
    type CriterionKey<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let mut seen: HashMap<CriterionKey<'_>, (&Definition, &Criterion)> = HashMap::new();
    for def in defs.iter().filter(|d| !d.is_deleted) {
        for (i, crit) in def.criteria.iter().enumerate() {
            let key = (
                def.kind.as_str(),
                crit.class.as_str(),
                crit.app_id.as_deref(),
                crit.env_id.as_deref(),
                crit.env_type.as_deref(),
                crit.res_id.as_deref(),
            );
            match seen.get(&key) {
                Some((other, other_crit)) if other.id != def.id => {
                    diags.push(
                        Diagnostic::error(
                            crit.span,
                            &body_path(def).key("criteria").index(i),
                            format!(
                                "criteria {crit} of definition '{}' duplicate those of definition '{}'",
                                def.id.text, other.id.text
                            ),
                        )
                        .with_help(
                            "a resource type can have each criteria once: delete one, or make one more specific",
                        )
                        .with_note(
                            other_crit.span,
                            format!("'{}' has the same criteria here", other.id.text),
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (def, crit));
                }
            }
        }
    }
    diags
}

/// The document path of a definition's fields: `entity`, `object`, or the root (API form).
fn body_path(def: &Definition) -> DocPath {
    match def.format {
        Format::Entity => DocPath::root().key("entity"),
        Format::Object => DocPath::root().key("object"),
        Format::Api => DocPath::root(),
    }
}

/// The document path of a definition's id: `metadata.id`, or `id` in the API form.
fn id_path(def: &Definition) -> DocPath {
    match def.format {
        Format::Entity | Format::Object => DocPath::root().key("metadata").key("id"),
        Format::Api => DocPath::root().key("id"),
    }
}

/// Every string a definition's placeholders can sit in, with its document path.
pub fn placeholder_trees(def: &Definition) -> Vec<(&Node, DocPath)> {
    let body = match def.format {
        Format::Entity => DocPath::root().key("entity"),
        Format::Object => DocPath::root().key("object"),
        Format::Api => DocPath::root(),
    };
    let inputs = body.key("driver_inputs");
    let mut trees: Vec<(&Node, DocPath)> = Vec::new();
    if let Some(n) = &def.driver_account {
        trees.push((n, body.key("driver_account")));
    }
    for (node, name) in [
        (&def.values, "values"),
        (&def.secrets, "secrets"),
        (&def.secret_refs, "secret_refs"),
    ] {
        if let Some(n) = node {
            trees.push((n, inputs.key(name)));
        }
    }
    for p in &def.provision {
        if let Some(params) = &p.params {
            trees.push((params, body.key("provision").key(&p.key.text).key("params")));
        }
    }
    trees
}

fn read_document(ck: &mut Checker, doc: &Node, path: &DocPath) -> Option<Definition> {
    let errors_before = ck.diags.len();
    let entries = ck.mapping(doc, path)?;
    let has = |k: &str| entries.iter().any(|(key, _)| key.name == k);
    let def = if has("apiVersion") || has("kind") || has("entity") || has("object") {
        read_wrapped(ck, doc, path)
    } else {
        read_api(ck, doc, path)
    };
    // Any error leaves the definition out: a wrong header or an unknown field as much as a
    // bad value.
    def.filter(|_| !diag::has_errors(&ck.diags[errors_before..]))
}

/// `apiVersion` + `kind: Definition` + `metadata.id` + `entity:` or `object:`.
fn read_wrapped(ck: &mut Checker, doc: &Node, path: &DocPath) -> Option<Definition> {
    let api = doc
        .get("apiVersion")
        .and_then(|n| ck.one_of(n, &path.key("apiVersion"), &[ENTITY_API, OBJECT_API]));
    // The body is `entity:` in v1b1 and `object:` in the older API, but Humanitec's own docs
    // mix them (a `core.api.humanitec.io/v1` example with `entity:`), so either is read under
    // either version.
    let _ = api;
    let (format, body_field) = if doc.get("object").is_some() && doc.get("entity").is_none() {
        (Format::Object, "object")
    } else {
        (Format::Entity, "entity")
    };
    let allowed = ["apiVersion", "kind", "metadata", body_field];
    ck.object(doc, path, &allowed, &allowed)?;
    if let Some(kind) = doc.get("kind") {
        ck.one_of(kind, &path.key("kind"), &["Definition"]);
    }
    let id = doc.get("metadata").and_then(|m| {
        let mp = path.key("metadata");
        ck.object(m, &mp, &["id"], &["id"])?;
        read_id(ck, m.get("id")?, &mp.key("id"))
    });
    let body = doc.get(body_field)?;
    let def = read_body(ck, body, &path.key(body_field), &[])?;
    Some(Definition {
        id: id?,
        format,
        span: doc.span,
        ..def
    })
}

/// The flat object of the Humanitec API: `id` beside the body fields.
fn read_api(ck: &mut Checker, doc: &Node, path: &DocPath) -> Option<Definition> {
    let id = doc.get("id").and_then(|n| read_id(ck, n, &path.key("id")));
    if doc.get("id").is_none() {
        ck.error_help(
            doc.span,
            path,
            "missing required field 'id'",
            format!(
                "a definition is either `apiVersion: {ENTITY_API}` with `metadata.id` and `entity:`, \
                 or the API's flat object with `id`"
            ),
        );
    }
    let def = read_body(ck, doc, path, &["id"])?;
    Some(Definition {
        id: id?,
        format: Format::Api,
        ..def
    })
}

fn read_id(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Spanned> {
    ck.matching(node, path, &ID_RE, ID_RULE).map(|t| Spanned {
        text: t.as_str().to_owned(),
        span: t.span(),
    })
}

fn spanned(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Spanned> {
    ck.non_empty(node, path).map(|t| Spanned {
        text: t.as_str().to_owned(),
        span: t.span(),
    })
}

/// The fields every form shares. `extra` are further allowed fields (`id` in the API form).
fn read_body(ck: &mut Checker, body: &Node, path: &DocPath, extra: &[&str]) -> Option<Definition> {
    let allowed: Vec<&str> = BODY_FIELDS.iter().chain(extra).copied().collect();
    ck.object(body, path, &allowed, BODY_REQUIRED)?;
    let errors_before = ck.diags.len();
    let field = |name: &str| body.get(name).filter(|n| !matches!(n.value, Value::Null));
    // Required fields are read even when null, so that `name: ~` is an error rather than a
    // definition silently left out.
    let name = body
        .get("name")
        .and_then(|n| ck.string(n, &path.key("name")));
    let kind = body
        .get("type")
        .and_then(|n| read_type(ck, n, &path.key("type")));
    let driver_type = body
        .get("driver_type")
        .and_then(|n| spanned(ck, n, &path.key("driver_type")));
    for flag in ["is_default", "in_place_driver_change"] {
        if let Some(n) = field(flag) {
            ck.bool(n, &path.key(flag));
        }
    }
    let is_deleted = field("is_deleted")
        .and_then(|n| ck.bool(n, &path.key("is_deleted")))
        .unwrap_or(false);
    for text in [
        "org_id",
        "active_version_id",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ] {
        if let Some(n) = field(text) {
            ck.string(n, &path.key(text));
        }
    }
    let inputs = read_inputs(ck, field("driver_inputs"), &path.key("driver_inputs"));
    let driver = driver_type
        .as_ref()
        .and_then(|d| read_driver(ck, d, &inputs, path));
    let provision = field("provision")
        .map(|n| read_provision(ck, n, &path.key("provision")))
        .unwrap_or_default();
    let criteria = field("criteria")
        .map(|n| read_criteria(ck, n, &path.key("criteria")))
        .unwrap_or_default();
    for name in ["driver_account", "driver_inputs", "provision"] {
        if let Some(node) = field(name) {
            let (_, d) = crate::definitions::expr::templates(node, &path.key(name));
            ck.diags.extend(d);
        }
    }
    if ck.diags.len() > errors_before && diag::has_errors(&ck.diags[errors_before..]) {
        return None;
    }
    Some(Definition {
        id: Spanned {
            text: String::new(),
            span: body.span,
        },
        name: name?.as_str().to_owned(),
        kind: kind?,
        driver_type: driver_type?,
        driver: driver?,
        driver_account: field("driver_account").cloned(),
        values: inputs.values,
        secrets: inputs.secrets,
        secret_refs: inputs.secret_refs,
        provision,
        criteria,
        is_deleted,
        format: Format::Api,
        span: body.span,
    })
}

static TYPE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9_-]*$").unwrap_or_else(|_| unreachable!())
});

fn read_type(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Spanned> {
    ck.matching(
        node,
        path,
        &TYPE_RE,
        "resource types are lowercase letters, digits, '-' and '_', optionally prefixed by '<org>/'",
    )
    .map(|t| Spanned {
        text: t.as_str().to_owned(),
        span: t.span(),
    })
}

#[derive(Default)]
struct Inputs {
    values: Option<Node>,
    secrets: Option<Node>,
    secret_refs: Option<Node>,
}

fn read_inputs(ck: &mut Checker, node: Option<&Node>, path: &DocPath) -> Inputs {
    let Some(node) = node else {
        return Inputs::default();
    };
    if ck
        .object(node, path, &["values", "secrets", "secret_refs"], &[])
        .is_none()
    {
        return Inputs::default();
    }
    let mut part = |name: &str| {
        let n = node.get(name).filter(|n| !matches!(n.value, Value::Null))?;
        ck.mapping(n, &path.key(name))?;
        Some(n.clone())
    };
    let inputs = Inputs {
        values: part("values"),
        secrets: part("secrets"),
        secret_refs: part("secret_refs"),
    };
    if let (Some(_), Some(refs)) = (&inputs.secrets, &inputs.secret_refs) {
        ck.error_help(
            refs.span,
            &path.key("secret_refs"),
            "'secrets' and 'secret_refs' are mutually exclusive",
            "write each secret once: a plain value under 'secrets', or a store reference under 'secret_refs'",
        );
    }
    if let Some(refs) = &inputs.secret_refs {
        check_secret_refs(ck, refs, &path.key("secret_refs"));
    }
    inputs
}

/// Leaves of `secret_refs` are `{store, ref, version?}` or `{value}`.
fn check_secret_refs(ck: &mut Checker, node: &Node, path: &DocPath) {
    let Some(entries) = node.as_map() else {
        ck.error(
            node.span,
            path,
            format!("expected a mapping, found {}", node.kind()),
        );
        return;
    };
    let is_leaf = entries
        .iter()
        .any(|(k, _)| matches!(k.name.as_str(), "store" | "ref" | "value" | "version"));
    if !is_leaf {
        for (key, child) in entries {
            check_secret_refs(ck, child, &path.key(&key.name));
        }
        return;
    }
    if ck
        .object(node, path, &["store", "ref", "version", "value"], &[])
        .is_none()
    {
        return;
    }
    let has = |k: &str| node.get(k).is_some();
    if has("value") && (has("store") || has("ref")) {
        ck.error(
            node.span,
            path,
            "a secret reference is either {store, ref} or {value}, not both",
        );
    } else if !has("value") && (!has("store") || !has("ref")) {
        ck.error(
            node.span,
            path,
            "a secret reference needs both 'store' and 'ref' (or only 'value')",
        );
    }
}

/// `path` is the definition body's.
fn read_driver(
    ck: &mut Checker,
    driver_type: &Spanned,
    inputs: &Inputs,
    path: &DocPath,
) -> Option<Driver> {
    match driver_type.as_str() {
        "humanitec/terraform" | "terraform" => {
            read_terraform(ck, inputs, &path.key("driver_inputs"), driver_type.span)
                .map(|t| Driver::Terraform(Box::new(t)))
        }
        "humanitec/echo" | "echo" => Some(Driver::Echo),
        other => {
            ck.error_help(
                driver_type.span,
                &path.key("driver_type"),
                format!("unsupported driver '{other}'"),
                "supported drivers: humanitec/terraform (alias terraform), humanitec/echo (alias echo)",
            );
            None
        }
    }
}

const TF_VALUES: &[&str] = &[
    "source",
    "module",
    "script",
    "files",
    "variables",
    "credentials_config",
    "append_logs_to_error",
    "runner_mode",
    "runner",
    "use_default_backend",
];
const TF_SECRETS: &[&str] = &["source", "files", "variables", "runner"];

/// `at` locates problems when `driver_inputs.values` is missing altogether.
fn read_terraform(
    ck: &mut Checker,
    inputs: &Inputs,
    path: &DocPath,
    at: crate::source::Span,
) -> Option<TerraformDriver> {
    let empty = Node::synthetic(Value::Map(Vec::new()), at);
    let values = inputs.values.as_ref().unwrap_or(&empty);
    let vpath = path.key("values");
    ck.object(values, &vpath, TF_VALUES, &[])?;
    let secret_like = inputs.secrets.as_ref().or(inputs.secret_refs.as_ref());
    if let Some(secrets) = secret_like {
        let name = if inputs.secrets.is_some() {
            "secrets"
        } else {
            "secret_refs"
        };
        ck.object(secrets, &path.key(name), TF_SECRETS, &[])?;
    }
    let get = |n: &Node, k: &str| {
        n.get(k)
            .filter(|v| !matches!(v.value, Value::Null))
            .cloned()
    };
    let module = read_module_source(ck, values, inputs.secrets.as_ref(), path)?;
    if let Some(flag) = values.get("append_logs_to_error") {
        ck.bool(flag, &vpath.key("append_logs_to_error"));
    }
    if let Some(flag) = values.get("use_default_backend") {
        ck.bool(flag, &vpath.key("use_default_backend"));
    }
    let variables = get(values, "variables");
    if let Some(v) = &variables {
        ck.mapping(v, &vpath.key("variables"));
    }
    let secret_variables = secret_like.and_then(|s| get(s, "variables"));
    Some(TerraformDriver {
        module,
        variables,
        secret_variables,
        credentials_config: get(values, "credentials_config"),
    })
}

/// `inputs_path` is the path of `driver_inputs`.
fn read_module_source(
    ck: &mut Checker,
    values: &Node,
    secrets: Option<&Node>,
    inputs_path: &DocPath,
) -> Option<ModuleSource> {
    let path = &inputs_path.key("values");
    let present = |k: &str| {
        values
            .get(k)
            .is_some_and(|v| !matches!(v.value, Value::Null))
    };
    // A null counts as absent, here and below, as it does for the other kinds.
    let secret_files = secrets
        .and_then(|s| s.get("files"))
        .filter(|v| !matches!(v.value, Value::Null));
    let inline = present("script") || present("files") || secret_files.is_some();
    let kinds = [present("source"), present("module"), inline];
    match kinds.iter().filter(|k| **k).count() {
        0 => {
            ck.error_help(
                values.span,
                path,
                "a terraform definition needs module code",
                "set one of 'source' {url, path, rev} (git), 'source' {path} (a local module), \
                 'module' {source, version} (any Terraform module source), or 'script'/'files' (inline HCL)",
            );
            return None;
        }
        1 => {}
        _ => {
            ck.error(
                values.span,
                path,
                "'source', 'module' and 'script'/'files' are alternatives: set only one",
            );
            return None;
        }
    }
    if let Some(source) = values.get("source").filter(|_| present("source")) {
        return read_git_or_local(ck, source, &path.key("source"));
    }
    if let Some(module) = values.get("module").filter(|_| present("module")) {
        let mp = path.key("module");
        ck.object(module, &mp, &["source", "version"], &["source"])?;
        let source = spanned(ck, module.get("source")?, &mp.key("source"))?;
        let version = match module.get("version") {
            Some(v) => Some(spanned(ck, v, &mp.key("version"))?),
            None => None,
        };
        return Some(ModuleSource::Registry { source, version });
    }
    let script = values.get("script").filter(|_| present("script")).cloned();
    if let Some(s) = &script {
        ck.string(s, &path.key("script"))?;
    }
    let mut files = Vec::new();
    for (node, fpath) in [
        (
            values.get("files").filter(|_| present("files")),
            path.key("files"),
        ),
        (secret_files, inputs_path.key("secrets").key("files")),
    ] {
        let Some(node) = node else { continue };
        for (key, content) in ck.mapping(node, &fpath)? {
            ck.string(content, &fpath.key(&key.name))?;
            files.push((key_spanned(key), content.clone()));
        }
    }
    Some(ModuleSource::Inline { script, files })
}

fn key_spanned(key: &Key) -> Spanned {
    Spanned {
        text: key.name.clone(),
        span: key.span,
    }
}

fn read_git_or_local(ck: &mut Checker, source: &Node, path: &DocPath) -> Option<ModuleSource> {
    ck.object(
        source,
        path,
        &["url", "path", "rev", "ref", "username"],
        &[],
    )?;
    let text = |ck: &mut Checker, k: &str| match source.get(k) {
        Some(n) => spanned(ck, n, &path.key(k)).map(Some),
        None => Some(None),
    };
    let url = text(ck, "url")?;
    let sub = text(ck, "path")?;
    let rev = text(ck, "rev")?;
    let git_ref = text(ck, "ref")?;
    text(ck, "username")?;
    if rev.is_some() && git_ref.is_some() {
        ck.error(
            source.span,
            path,
            "'rev' and 'ref' both name the git revision: set only one",
        );
        return None;
    }
    match url {
        Some(url) => Some(ModuleSource::Git {
            url,
            path: sub,
            rev: rev.or(git_ref),
        }),
        None => {
            let Some(local) = sub else {
                ck.error_help(
                    source.span,
                    path,
                    "'source' needs 'url' (a git repository) or 'path' (a local module)",
                    "a local module path is relative to the definition's file",
                );
                return None;
            };
            let given = match (rev, git_ref) {
                (Some(r), _) => Some(("rev", r)),
                (None, r) => r.map(|r| ("ref", r)),
            };
            if let Some((key, r)) = given {
                ck.error(
                    r.span,
                    &path.key(key),
                    "a revision needs a git 'url'; a local 'path' has none",
                );
                return None;
            }
            Some(ModuleSource::Local { path: local })
        }
    }
}

fn read_provision(ck: &mut Checker, node: &Node, path: &DocPath) -> Vec<Provision> {
    let mut out = Vec::new();
    let Some(entries) = ck.mapping(node, path) else {
        return out;
    };
    for (key, value) in entries {
        let kp = path.key(&key.name);
        let target = match Target::parse(&key.name) {
            Ok(t) => t,
            Err(e) => {
                ck.error_help(
                    key.span,
                    &kp,
                    e,
                    "provision keys are 'type', 'type.class', 'type#id' or 'type.class#id'",
                );
                continue;
            }
        };
        let mut p = Provision {
            key: key_spanned(key),
            target,
            is_dependent: false,
            match_dependents: false,
            params: None,
        };
        if !matches!(value.value, Value::Null) {
            if ck
                .object(
                    value,
                    &kp,
                    &["is_dependent", "match_dependents", "params"],
                    &[],
                )
                .is_none()
            {
                continue;
            }
            let flag = |ck: &mut Checker, k: &str| {
                value
                    .get(k)
                    .and_then(|n| ck.bool(n, &kp.key(k)))
                    .unwrap_or(false)
            };
            p.is_dependent = flag(ck, "is_dependent");
            p.match_dependents = flag(ck, "match_dependents");
            p.params = value.get("params").cloned();
        }
        out.push(p);
    }
    out
}

const CRITERION_FIELDS: &[&str] = &["id", "class", "app_id", "env_id", "env_type", "res_id"];

fn read_criteria(ck: &mut Checker, node: &Node, path: &DocPath) -> Vec<Criterion> {
    let mut out = Vec::new();
    let Some(items) = ck.sequence(node, path) else {
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let ip = path.index(i);
        if matches!(item.value, Value::Null) {
            out.push(Criterion {
                id: None,
                class: "default".to_owned(),
                app_id: None,
                env_id: None,
                env_type: None,
                res_id: None,
                span: item.span,
            });
            continue;
        }
        if ck.object(item, &ip, CRITERION_FIELDS, &[]).is_none() {
            continue;
        }
        let mut field = |k: &str| {
            item.get(k)
                .filter(|n| !matches!(n.value, Value::Null))
                .and_then(|n| ck.non_empty(n, &ip.key(k)))
                .map(|t| t.as_str().to_owned())
        };
        out.push(Criterion {
            id: field("id"),
            class: field("class").unwrap_or_else(|| "default".to_owned()),
            app_id: field("app_id"),
            env_id: field("env_id"),
            env_type: field("env_type"),
            res_id: field("res_id"),
            span: item.span,
        });
    }
    out
}

static OUTPUT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*output\s+"([A-Za-z_][A-Za-z0-9_-]*)"\s*\{"#)
        .unwrap_or_else(|_| unreachable!())
});

/// Checks each definition's outputs against its type in the catalog, where the outputs can
/// be known without running anything: echo definitions (their values and secrets) and
/// inline Terraform (its `output` blocks). Undeclared outputs are warnings; a missing
/// required output is an error; an unknown type is a warning.
pub fn check_outputs(
    defs: &[Definition],
    catalog: &crate::definitions::Catalog,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for def in defs {
        let Some(ty) = catalog.get(def.kind.as_str()) else {
            diags.push(
                Diagnostic::warning(
                    def.kind.span,
                    &body_path(def).key("type"),
                    format!("resource type '{}' is not in the catalog", def.kind.text),
                )
                .with_help("declare it in an extra-types file (--types) so its outputs and secrets are known"),
            );
            continue;
        };
        let Some(outputs) = known_outputs(def) else {
            continue;
        };
        for (name, span, is_secret) in &outputs {
            if !ty.accepts_output(name) {
                diags.push(
                    Diagnostic::warning(
                        *span,
                        &DocPath::root(),
                        format!(
                            "output '{name}' is not declared by resource type '{}'",
                            ty.name
                        ),
                    )
                    .with_help(format!(
                        "'{}' declares: {}",
                        ty.name,
                        ty.outputs
                            .keys()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            } else if catalog.is_secret(&ty.name, name) && !is_secret {
                diags.push(
                    Diagnostic::warning(
                        *span,
                        &DocPath::root(),
                        format!(
                            "output '{name}' of '{}' is a secret but is given as a plain value",
                            ty.name
                        ),
                    )
                    .with_help("move it under 'secrets' (or 'secret_refs') so it is never shown"),
                );
            }
        }
        for required in ty.required_outputs() {
            if !outputs.iter().any(|(n, _, _)| n == required) {
                diags.push(Diagnostic::error(
                    def.id.span,
                    &DocPath::root(),
                    format!(
                        "definition '{}' does not produce output '{required}', which every '{}' must have",
                        def.id.text, ty.name
                    ),
                ));
            }
        }
    }
    diags
}

static SENSITIVE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bsensitive\s*=\s*true\b").unwrap_or_else(|_| unreachable!()));

/// The text of a block whose opening `{` ends at byte `start` of `text`, up to its matching
/// `}`: braces of nested blocks, objects and `${…}` interpolations are counted, so an
/// attribute after them still belongs to the block.
fn block_body(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let mut depth = 1usize;
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &rest[..i];
                }
            }
            _ => {}
        }
    }
    rest
}

/// (name, where, secret) of each output, when they can be known statically.
fn known_outputs(def: &Definition) -> Option<Vec<(String, crate::source::Span, bool)>> {
    match &def.driver {
        Driver::Echo => {
            let mut out = Vec::new();
            for (node, secret) in [
                (&def.values, false),
                (&def.secrets, true),
                (&def.secret_refs, true),
            ] {
                for (key, _) in node.as_ref().and_then(Node::as_map).unwrap_or_default() {
                    out.push((key.name.clone(), key.span, secret));
                }
            }
            Some(out)
        }
        Driver::Terraform(tf) => {
            let ModuleSource::Inline { script, files } = &tf.module else {
                return None;
            };
            let mut out = Vec::new();
            for node in script.iter().chain(files.iter().map(|(_, n)| n)) {
                let text = node.as_str().unwrap_or_default();
                for cap in OUTPUT_RE.captures_iter(text) {
                    if let (Some(whole), Some(m)) = (cap.get(0), cap.get(1)) {
                        let secret = SENSITIVE_RE.is_match(block_body(text, whole.end()));
                        out.push((
                            m.as_str().to_owned(),
                            node.span_at(m.start(), m.len() as u32),
                            secret,
                        ));
                    }
                }
            }
            Some(out)
        }
    }
}

/// The outputs of resources provisioned by `def` that are secret: those its type declares
/// secret, an echo definition's `secrets`/`secret_refs` keys, and inline Terraform outputs
/// marked `sensitive = true`. Anything built from one of these is secret too.
pub fn secret_outputs(
    def: &Definition,
    catalog: &crate::definitions::Catalog,
) -> std::collections::BTreeSet<String> {
    let mut out: std::collections::BTreeSet<String> = catalog
        .get(def.kind.as_str())
        .map(|t| {
            t.outputs
                .iter()
                .filter(|(_, o)| o.secret)
                .map(|(n, _)| n.clone())
                .collect()
        })
        .unwrap_or_default();
    for (name, _, secret) in known_outputs(def).unwrap_or_default() {
        if secret {
            out.insert(name);
        }
    }
    out
}
