//! What resource `score_workload` computes from a workload and its wiring: placeholder
//! resolution with secret taint and unknowns, the resolved document, and (in
//! [`super::manifests`]) the Kubernetes manifests, Secret and revision.
//!
//! Pure and synchronous, and free of Terraform types: the caller turns Terraform values into a
//! [`Wiring`], and an [`Outcome`] and [`Issue`]s back into values and diagnostics. Unknown
//! values (Terraform's plan-time unknowns) are `None` throughout.
//!
//! A value is *secret* when it comes from a secret output (declared by the definition through
//! `secret_outputs`, or by the resource type catalog) or is built from one: a variable
//! `postgres://${resources.db.username}:${resources.db.password}@host` is secret as a whole.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use score_core::definitions::catalog::Catalog;
use score_core::placeholder::{self, Scope, Template};
use score_core::score::{self, Text, Workload};
use score_core::{Data, DocPath, FileId, yaml};

/// The resource type catalog, read once per process.
static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);

/// One resource output as Terraform passed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// A string (generated code JSON-encodes outputs that are not strings).
    Known(String),
    /// Not known until apply.
    Unknown,
}

/// Everything besides the spec that the computed attributes depend on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wiring {
    /// Score resource name → its outputs; `None` when the whole entry is unknown.
    pub resources: BTreeMap<String, Option<BTreeMap<String, Output>>>,
    /// Score resource name → outputs its definition declares secret.
    pub secret_outputs: BTreeMap<String, BTreeSet<String>>,
    /// Container name → the image that replaces the spec's.
    pub images: BTreeMap<String, String>,
}

/// Which input attribute an [`Issue`] belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `spec`.
    Spec,
    /// `resources`, or `resources["NAME"]`.
    Resources(Option<String>),
    /// `images["CONTAINER"]`.
    Images(String),
}

/// A user mistake, worded for a diagnostic. Never holds an output value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The attribute to report it on.
    pub input: Input,
    /// One line.
    pub summary: String,
    /// Where in the spec (`PATH (line L, col C): ...`) and what to do.
    pub detail: String,
}

impl Issue {
    /// An issue about the string `text` at `path` of the spec.
    pub fn at(input: Input, text: Option<&Text>, path: &DocPath, summary: String) -> Issue {
        let detail = match text {
            Some(t) => {
                let pos = t.span().start;
                format!("{path} (line {}, col {}): {summary}", pos.line, pos.col)
            }
            None => format!("{path}: {summary}"),
        };
        Issue {
            input,
            summary,
            detail,
        }
    }

    fn with_hint(mut self, hint: &str) -> Issue {
        self.detail.push_str("\n\n");
        self.detail.push_str(hint);
        self
    }
}

/// A string after substitution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text; `None` while an output it needs is unknown.
    pub text: Option<String>,
    /// Whether it holds (or will hold) a secret.
    pub secret: bool,
}

/// Resolves placeholders of one workload against its wiring.
pub struct Resolver<'a> {
    workload: &'a Workload,
    wiring: &'a Wiring,
    metadata: Data,
    /// Outputs as placeholders see them (`None`: not wired or unknown as a whole).
    outputs: BTreeMap<String, Option<Data>>,
}

/// Debug output names the workload only: the outputs may hold secrets.
impl std::fmt::Debug for Resolver<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("workload", &self.workload.name())
            .finish_non_exhaustive()
    }
}

impl<'a> Resolver<'a> {
    /// A resolver for `workload` wired by `wiring`.
    pub fn new(workload: &'a Workload, wiring: &'a Wiring) -> Resolver<'a> {
        let outputs = workload
            .resources
            .keys()
            .map(|name| {
                let data = wiring
                    .resources
                    .get(name)
                    .and_then(Option::as_ref)
                    .map(outputs_data);
                (name.clone(), data)
            })
            .collect();
        Resolver {
            workload,
            wiring,
            metadata: workload.metadata.node.to_data(),
            outputs,
        }
    }

    /// The workload being resolved.
    pub fn workload(&self) -> &Workload {
        self.workload
    }

    /// The wiring.
    pub fn wiring(&self) -> &Wiring {
        self.wiring
    }

    /// Whether output `output` of Score resource `name` is secret.
    pub fn is_secret(&self, name: &str, output: &str) -> bool {
        let declared = self
            .wiring
            .secret_outputs
            .get(name)
            .is_some_and(|s| s.contains(output));
        let by_type = self
            .workload
            .resources
            .get(name)
            .is_some_and(|r| CATALOG.is_secret(r.kind.as_str(), output));
        declared || by_type
    }

    /// Checks that every resource a template of the spec names is wired and has the output
    /// named; returns the problems, and whether some output a template needs is unknown.
    pub fn check_wiring(&self) -> (Vec<Issue>, bool) {
        let mut issues = Vec::new();
        let mut unknown = false;
        for (path, text) in templates(self.workload) {
            let template = placeholder::parse(text.as_str());
            // One report per string and unwired resource, at its first reference.
            let mut reported = BTreeSet::new();
            for r in template.refs() {
                let Some((name, output)) = resource_ref(&r.keys) else {
                    continue;
                };
                let at = (&text, r.offset, r.len);
                match self.wiring.resources.get(name) {
                    _ if !self.workload.resources.contains_key(name) => {}
                    None if reported.insert(name) => issues.push(unwired(name, at, &path)),
                    None => {}
                    Some(None) => unknown = true,
                    Some(Some(outputs)) => match (output, outputs.get(output.unwrap_or(""))) {
                        (_, Some(Output::Unknown)) => unknown = true,
                        (Some(output), None) => {
                            issues.push(missing_output(name, output, at, &path));
                        }
                        _ => {}
                    },
                }
            }
        }
        (issues, unknown)
    }

    /// Substitutes the placeholders of `text` (at `path` of the spec). Reference errors
    /// (unknown roots, missing keys inside an output) are pushed to `issues`.
    pub fn piece(&self, text: &Text, path: &DocPath, issues: &mut Vec<Issue>) -> Piece {
        let template = placeholder::parse(text.as_str());
        let (secret, unknown, unwired) = self.taint(&template);
        if unwired {
            // `check_wiring` reported it; the value is never used.
            return Piece {
                text: Some(String::new()),
                secret,
            };
        }
        if unknown {
            return Piece { text: None, secret };
        }
        match placeholder::substitute(&template, &self.scope()) {
            Ok(s) => Piece {
                text: Some(s),
                secret,
            },
            Err(failures) => {
                for f in failures {
                    let at = (text, f.reference.offset, f.reference.len);
                    let mut issue = at_ref(Input::Spec, at, path, f.to_string());
                    if let Some(help) = f.error.help() {
                        issue = issue.with_hint(&help);
                    }
                    issues.push(issue);
                }
                Piece {
                    text: Some(String::new()),
                    secret,
                }
            }
        }
    }

    /// Whether `template` reads a secret output, an unknown one, and a resource of the spec
    /// that is not wired (or an output its wiring lacks).
    fn taint(&self, template: &Template) -> (bool, bool, bool) {
        let (mut secret, mut unknown, mut unwired) = (false, false, false);
        for r in template.refs() {
            let Some((name, Some(output))) = resource_ref(&r.keys) else {
                continue;
            };
            secret |= self.is_secret(name, output);
            match self.wiring.resources.get(name) {
                Some(Some(outputs)) => match outputs.get(output) {
                    Some(Output::Unknown) => unknown = true,
                    Some(Output::Known(_)) => {}
                    None => unwired = true,
                },
                Some(None) => unknown = true,
                None => unwired |= self.workload.resources.contains_key(name),
            }
        }
        (secret, unknown, unwired)
    }

    fn scope(&self) -> Scope<'_> {
        Scope {
            metadata: &self.metadata,
            resources: &self.outputs,
            require_outputs: true,
        }
    }

    /// The outputs of resource `name` as data (JSON objects decoded), when wired and known.
    pub fn outputs_of(&self, name: &str) -> Option<&Data> {
        self.outputs.get(name).and_then(Option::as_ref)
    }

    /// The workload with every placeholder substituted and the images replaced, as YAML.
    /// Call only once [`Resolver::check_wiring`] found no issue and nothing unknown.
    pub fn resolved(&self) -> Result<String, Vec<Issue>> {
        let known: BTreeMap<String, Data> = self
            .outputs
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
            .collect();
        let mut read_source = |_: &str| Err(NO_FILES.to_owned());
        match score::resolve(self.workload, &known, &mut read_source) {
            Ok(mut data) => {
                self.replace_images(&mut data);
                Ok(data.to_yaml())
            }
            Err(diags) => Err(diags
                .iter()
                .map(|d| {
                    let pos = d.span.start;
                    let mut detail = format!(
                        "{} (line {}, col {}): {}",
                        d.path, pos.line, pos.col, d.message
                    );
                    if let Some(help) = &d.help {
                        detail.push_str("\n\n");
                        detail.push_str(help);
                    }
                    Issue {
                        input: Input::Spec,
                        summary: d.message.clone(),
                        detail,
                    }
                })
                .collect()),
        }
    }

    /// The image of container `name`: the `images` entry when there is one.
    pub fn image(&self, name: &str, written: &str) -> String {
        self.wiring
            .images
            .get(name)
            .cloned()
            .unwrap_or_else(|| written.to_owned())
    }

    fn replace_images(&self, data: &mut Data) {
        let Data::Map(root) = data else { return };
        let Some((_, Data::Map(containers))) = root.iter_mut().find(|(k, _)| k == "containers")
        else {
            return;
        };
        for (name, container) in containers {
            let Data::Map(fields) = container else {
                continue;
            };
            if let Some((_, Data::Str(image))) = fields.iter_mut().find(|(k, _)| k == "image") {
                *image = self.image(name, image);
            }
        }
    }
}

/// Why `files.*.source` cannot be read: the provider sees the spec text, not its folder.
pub const NO_FILES: &str = "score_workload reads no files next to the spec: inline the \
     file's text as `content` (a spec built with Terraform's `templatefile` or `yamlencode` \
     can read it with `file`)";

/// `(name, output)` of a `${resources.NAME.OUTPUT...}` reference (output `None` for
/// `${resources.NAME}`).
fn resource_ref(keys: &[String]) -> Option<(&str, Option<&str>)> {
    match keys {
        [root, name, rest @ ..] if root == "resources" => {
            Some((name.as_str(), rest.first().map(String::as_str)))
        }
        _ => None,
    }
}

/// A reference inside a string: the string, the byte offset and the length of `${...}`.
type At<'t> = (&'t Text, usize, u32);

/// An issue pointing at the reference itself rather than the start of its string.
fn at_ref(input: Input, (text, offset, len): At<'_>, path: &DocPath, summary: String) -> Issue {
    let pos = text.span_at(offset, len).start;
    Issue {
        input,
        detail: format!("{path} (line {}, col {}): {summary}", pos.line, pos.col),
        summary,
    }
}

fn unwired(name: &str, at: At<'_>, path: &DocPath) -> Issue {
    at_ref(
        Input::Resources(None),
        at,
        path,
        format!("Score resource '{name}' is not wired: `resources` has no entry \"{name}\""),
    )
    .with_hint(
        "The spec asks for this resource but the configuration passes no outputs for it. \
         Generated code is probably stale: run `score2hcl generate` again.",
    )
}

fn missing_output(name: &str, output: &str, at: At<'_>, path: &DocPath) -> Issue {
    at_ref(
        Input::Resources(Some(name.to_owned())),
        at,
        path,
        format!("resource '{name}' has no output '{output}'"),
    )
    .with_hint(&format!(
        "Add \"{output}\" to resources[\"{name}\"], or make the resource's definition output it."
    ))
}

/// The outputs of one resource as placeholders see them. A string holding a JSON object or
/// array (how generated code passes outputs that are not strings) is decoded, so
/// `${resources.x.config.region}` can look inside it; everything else stays a string.
fn outputs_data(outputs: &BTreeMap<String, Output>) -> Data {
    let entries = outputs
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Output::Known(s) => decode_structured(s),
                Output::Unknown => Data::Null,
            };
            (k.clone(), value)
        })
        .collect();
    Data::Map(entries)
}

/// A JSON object or array as data; any other string as itself.
pub fn decode_structured(s: &str) -> Data {
    let trimmed = s.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return Data::Str(s.to_owned());
    }
    match yaml::parse_single(FileId(0), s, "output") {
        Ok(node) => node.to_data(),
        Err(_) => Data::Str(s.to_owned()),
    }
}

/// Every string of the spec where Score expands placeholders, with its path: variables, file
/// contents (unless `noExpand`), volume sources and the string leaves of resource params.
pub fn templates(w: &Workload) -> Vec<(DocPath, Text)> {
    let mut out = Vec::new();
    for (cname, c) in &w.containers {
        let base = DocPath::root().key("containers").key(cname);
        for (var, text) in &c.variables {
            out.push((base.key("variables").key(var), text.clone()));
        }
        for (target, file) in &c.files {
            if let (score::FileSource::Content(text), false) = (&file.source, file.no_expand) {
                out.push((base.key("files").key(target).key("content"), text.clone()));
            }
        }
        for (target, volume) in &c.volumes {
            out.push((
                base.key("volumes").key(target).key("source"),
                volume.source.clone(),
            ));
        }
    }
    for (name, r) in &w.resources {
        if let Some(params) = &r.params {
            let path = DocPath::root().key("resources").key(name).key("params");
            string_leaves(params, &path, &mut out);
        }
    }
    out
}

fn string_leaves(node: &yaml::Node, path: &DocPath, out: &mut Vec<(DocPath, Text)>) {
    match &node.value {
        yaml::Value::Str(_) => out.extend(Text::new(node).map(|t| (path.clone(), t))),
        yaml::Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                string_leaves(item, &path.index(i), out);
            }
        }
        yaml::Value::Map(entries) => {
            for (k, v) in entries {
                string_leaves(v, &path.key(&k.name), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
