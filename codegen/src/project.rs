//! `score2hcl.yaml`, the project file of an app repository, and `score2hcl init`.
//!
//! ```yaml
//! apiVersion: score2hcl.dev/v1alpha1
//! kind: Project
//! app: hello                    # context.app.id
//! org: acme                     # context.org.id, optional (default "default")
//! workloads: [score.yaml]       # Score files, optional (default score.yaml)
//! definitions: [platform/defs]  # files, directories, or Terraform JSON exports
//! types: [platform/types.yaml]  # extra resource types, optional
//! output: build/{env}           # where `generate` writes, optional (default build/{env})
//! required_providers:           # optional: source and version of providers used below
//!   aws: {source: hashicorp/aws, version: "~> 5.0"}
//! environments:
//!   dev:
//!     type: development         # context.env.type, what criteria call env_type
//!     values: {region: eu-west-1}           # ${values.region}
//!     providers:                # provider "aws" { region = ... } in the generated root
//!       aws: {region: "${values.region}"}
//!     backend:                  # terraform { backend "s3" { ... } }
//!       s3: {bucket: tf-state, key: hello/dev.tfstate, region: eu-west-1}
//! ```
//!
//! Paths are relative to the project file. Reading never stops at the first problem: every
//! mistake is a positioned diagnostic, with a did-you-mean for misspelt fields.

use score_core::check::Checker;
use score_core::definitions::Spanned;
use score_core::definitions::expr;
use score_core::yaml::{self, Key, Node, Value};
use score_core::{Data, Diagnostic, DocPath, FileId, diag};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

/// The name `generate` looks for in the working directory.
pub const FILE_NAME: &str = "score2hcl.yaml";

/// The `apiVersion` of project files.
pub const API_VERSION: &str = "score2hcl.dev/v1alpha1";

/// The `kind` of project files.
pub const KIND: &str = "Project";

/// The output directory pattern when the project gives none; `{env}` is the environment id.
pub const DEFAULT_OUTPUT: &str = "build/{env}";

const FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "app",
    "org",
    "workloads",
    "definitions",
    "types",
    "output",
    "required_providers",
    "environments",
];
const REQUIRED: &[&str] = &["apiVersion", "kind", "app", "environments"];
const ENV_FIELDS: &[&str] = &["type", "values", "providers", "backend"];

/// A read project file.
#[derive(Clone, Debug)]
pub struct Project {
    /// `app`.
    pub app: Spanned,
    /// `org`, when given.
    pub org: Option<Spanned>,
    /// `workloads`, as written (relative to the project file); `score.yaml` when not given.
    pub workloads: Vec<Spanned>,
    /// `definitions`, as written.
    pub definitions: Vec<Spanned>,
    /// `types`, as written.
    pub types: Vec<Spanned>,
    /// `output`, when given.
    pub output: Option<Spanned>,
    /// `required_providers`: provider name → (source, version).
    pub required_providers: BTreeMap<String, RequiredProvider>,
    /// `environments`, in file order.
    pub environments: Vec<Environment>,
    /// The `environments` key, for "no such environment" messages.
    pub environments_key: Spanned,
}

/// An entry of `required_providers`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequiredProvider {
    /// `source`, such as `hashicorp/aws`.
    pub source: Option<String>,
    /// `version`, a Terraform version constraint.
    pub version: Option<String>,
}

/// One entry of `environments`.
#[derive(Clone, Debug)]
pub struct Environment {
    /// The id (the key).
    pub id: Spanned,
    /// `type`.
    pub kind: Spanned,
    /// `values`: `${values.KEY}` of definitions.
    pub values: BTreeMap<String, Data>,
    /// `providers`: provider name and its configuration, in file order.
    pub providers: Vec<(Spanned, Node)>,
    /// `backend`: the backend type and its configuration.
    pub backend: Option<(Spanned, Node)>,
}

impl Project {
    /// The environment `id`.
    pub fn environment(&self, id: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.id.text == id)
    }
}

fn id_rule_ok(s: &str) -> bool {
    let bytes = s.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !s.is_empty()
        && s.len() <= 63
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes.iter().all(|b| edge(b) || *b == b'-')
}

const ID_RULE: &str =
    "use 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit";

/// Reads a project file. Returns the project when it has no error, and every diagnostic
/// either way.
pub fn read(file: FileId, text: &str, name: &str) -> (Option<Project>, Vec<Diagnostic>) {
    let doc = match yaml::parse_single(file, text, name) {
        Ok(doc) => doc,
        Err(d) => return (None, vec![d]),
    };
    let mut ck = Checker::default();
    let project = read_project(&mut ck, &doc);
    let mut diags = ck.diags;
    diag::sort(&mut diags);
    let project = project.filter(|_| !diag::has_errors(&diags));
    (project, diags)
}

fn read_project(ck: &mut Checker, doc: &Node) -> Option<Project> {
    let root = DocPath::root();
    ck.object(doc, &root, FIELDS, REQUIRED)?;
    let field = |name: &str| doc.get(name).filter(|n| !matches!(n.value, Value::Null));
    let version =
        field("apiVersion").is_some_and(|v| exact(ck, v, &root.key("apiVersion"), API_VERSION));
    let kind = field("kind").is_some_and(|v| exact(ck, v, &root.key("kind"), KIND));
    if !(version && kind) {
        return None;
    }
    let app = field("app").and_then(|n| id(ck, n, &root.key("app")));
    let org = match field("org") {
        Some(n) => Some(spanned(ck, n, &root.key("org"))?),
        None => None,
    };
    let paths = |ck: &mut Checker, name: &str| match field(name) {
        Some(n) => path_list(ck, n, &root.key(name)),
        None => Some(Vec::new()),
    };
    let mut workloads = paths(ck, "workloads");
    if let (Some(list), None) = (&mut workloads, field("workloads")) {
        list.push(Spanned {
            text: "score.yaml".to_owned(),
            span: doc.span,
        });
    }
    let definitions = paths(ck, "definitions");
    let types = paths(ck, "types");
    let output = field("output").and_then(|n| read_output(ck, n, &root.key("output")));
    let required_providers = match field("required_providers") {
        Some(n) => read_required(ck, n, &root.key("required_providers")),
        None => Some(BTreeMap::new()),
    };
    let (environments_key, environments) = read_environments(ck, doc)?;
    Some(Project {
        app: app?,
        org,
        workloads: workloads?,
        definitions: definitions?,
        types: types?,
        output: match field("output") {
            Some(_) => Some(output?),
            None => None,
        },
        required_providers: required_providers?,
        environments: environments?,
        environments_key,
    })
}

fn exact(ck: &mut Checker, node: &Node, path: &DocPath, want: &str) -> bool {
    let Some(text) = ck.string(node, path) else {
        return false;
    };
    if text.as_str() == want {
        return true;
    }
    ck.error_help(
        node.span,
        path,
        format!("invalid value '{}'", text.as_str()),
        format!("a project file has '{}: {want}'", path),
    );
    false
}

fn spanned(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Spanned> {
    ck.non_empty(node, path).map(|t| Spanned {
        text: t.as_str().to_owned(),
        span: t.span(),
    })
}

fn id(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Spanned> {
    let s = spanned(ck, node, path)?;
    if id_rule_ok(&s.text) {
        return Some(s);
    }
    ck.error_help(
        node.span,
        path,
        format!("invalid value '{}'", s.text),
        ID_RULE,
    );
    None
}

/// A string or a sequence of strings.
fn path_list(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Vec<Spanned>> {
    if let Value::Str(_) = node.value {
        return spanned(ck, node, path).map(|s| vec![s]);
    }
    let items = match &node.value {
        Value::Seq(items) => items,
        _ => {
            ck.error_help(
                node.span,
                path,
                format!("expected a path or a list of paths, found {}", node.kind()),
                "paths are relative to the project file",
            );
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match spanned(ck, item, &path.index(i)) {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_output(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Spanned> {
    let s = spanned(ck, node, path)?;
    let rest = s.text.replace("{env}", "");
    if rest.contains(['{', '}']) {
        ck.error_help(
            node.span,
            path,
            format!("invalid output pattern '{}'", s.text),
            "the only substitution is {env}, the environment id",
        );
        return None;
    }
    Some(s)
}

fn provider_name_ok(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

const PROVIDER_RULE: &str =
    "a provider name starts with a lower-case letter, then lower-case letters, digits, '_' or '-'";

fn provider_key(ck: &mut Checker, key: &Key, path: &DocPath) -> bool {
    if provider_name_ok(&key.name) {
        return true;
    }
    ck.error_help(
        key.span,
        &path.key(&key.name),
        format!("invalid provider name '{}'", key.name),
        PROVIDER_RULE,
    );
    false
}

fn read_required(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
) -> Option<BTreeMap<String, RequiredProvider>> {
    let entries = ck.mapping(node, path)?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in entries {
        let kp = path.key(&key.name);
        ok &= provider_key(ck, key, path);
        if ck.object(value, &kp, &["source", "version"], &[]).is_none() {
            ok = false;
            continue;
        }
        let text = |ck: &mut Checker, k: &str| {
            value
                .get(k)
                .and_then(|n| spanned(ck, n, &kp.key(k)))
                .map(|s| s.text)
        };
        let provider = RequiredProvider {
            source: text(ck, "source"),
            version: text(ck, "version"),
        };
        out.insert(key.name.clone(), provider);
    }
    ok.then_some(out)
}

type Environments = (Spanned, Option<Vec<Environment>>);

fn read_environments(ck: &mut Checker, doc: &Node) -> Option<Environments> {
    let path = DocPath::root().key("environments");
    let (key, node) = doc
        .as_map()?
        .iter()
        .find(|(k, _)| k.name == "environments")?;
    let key = Spanned {
        text: key.name.clone(),
        span: key.span,
    };
    let Some(entries) = ck.mapping(node, &path) else {
        return Some((key, None));
    };
    if entries.is_empty() {
        ck.error_help(
            node.span,
            &path,
            "no environments",
            "add one, such as `dev: {type: development}`",
        );
        return Some((key, None));
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (k, v) in entries {
        match read_environment(ck, k, v, &path) {
            Some(e) => out.push(e),
            None => ok = false,
        }
    }
    Some((key, ok.then_some(out)))
}

fn read_environment(
    ck: &mut Checker,
    key: &Key,
    node: &Node,
    path: &DocPath,
) -> Option<Environment> {
    let ep = path.key(&key.name);
    let id_ok = id_rule_ok(&key.name);
    if !id_ok {
        ck.error_help(
            key.span,
            &ep,
            format!("invalid environment id '{}'", key.name),
            ID_RULE,
        );
    }
    ck.object(node, &ep, ENV_FIELDS, &["type"])?;
    let field = |name: &str| node.get(name).filter(|n| !matches!(n.value, Value::Null));
    let kind = field("type").and_then(|n| id(ck, n, &ep.key("type")));
    if node.get("type").is_some() && field("type").is_none() {
        ck.error(node.span, &ep.key("type"), "'type' must not be empty");
    }
    let values = match field("values") {
        Some(n) => ck.mapping(n, &ep.key("values")).map(|entries| {
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), v.to_data()))
                .collect::<BTreeMap<_, _>>()
        }),
        None => Some(BTreeMap::new()),
    };
    let providers = match field("providers") {
        Some(n) => read_providers(ck, n, &ep.key("providers")),
        None => Some(Vec::new()),
    };
    let backend = match field("backend") {
        Some(n) => read_backend(ck, n, &ep.key("backend")).map(Some),
        None => Some(None),
    };
    if !id_ok {
        return None;
    }
    Some(Environment {
        id: Spanned {
            text: key.name.clone(),
            span: key.span,
        },
        kind: kind?,
        values: values?,
        providers: providers?,
        backend: backend?,
    })
}

/// A configuration mapping, with its placeholders checked for syntax.
fn config(ck: &mut Checker, node: &Node, path: &DocPath) -> bool {
    if matches!(node.value, Value::Null) {
        return true;
    }
    if ck.mapping(node, path).is_none() {
        return false;
    }
    let (_, diags) = expr::templates(node, path);
    let ok = !diag::has_errors(&diags);
    ck.diags.extend(diags);
    ok
}

fn read_providers(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Vec<(Spanned, Node)>> {
    let entries = ck.mapping(node, path)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (key, value) in entries {
        let name_ok = provider_key(ck, key, path);
        let config_ok = config(ck, value, &path.key(&key.name));
        if name_ok && config_ok {
            let name = Spanned {
                text: key.name.clone(),
                span: key.span,
            };
            out.push((name, value.clone()));
        } else {
            ok = false;
        }
    }
    ok.then_some(out)
}

fn read_backend(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<(Spanned, Node)> {
    let entries = ck.mapping(node, path)?;
    let [(key, value)] = entries else {
        ck.error_help(
            node.span,
            path,
            format!("expected one backend, found {}", entries.len()),
            "write the backend type and its settings: `backend: {s3: {bucket: ..., key: ...}}`",
        );
        return None;
    };
    let name_ok = provider_key(ck, key, path);
    let config_ok = config(ck, value, &path.key(&key.name));
    (name_ok && config_ok).then(|| {
        let name = Spanned {
            text: key.name.clone(),
            span: key.span,
        };
        (name, value.clone())
    })
}

/// The sample `score.yaml` that `init` writes.
pub fn sample_score(app: &str) -> String {
    format!(
        "# A Score workload: see https://docs.score.dev/docs/score-specification/score-spec-reference/\n\
         apiVersion: score.dev/v1b1\n\
         metadata:\n  name: {app}\n\
         service:\n  ports:\n    web:\n      port: 80\n      targetPort: 8080\n\
         containers:\n  main:\n    image: .\n    variables:\n      PORT: \"8080\"\n      \
         DATABASE_HOST: ${{resources.db.host}}\n\
         resources:\n  db:\n    type: postgres\n"
    )
}

/// The sample `score2hcl.yaml` that `init` writes.
pub fn sample_project(app: &str) -> String {
    format!(
        "# score2hcl project: `score2hcl generate --env dev` writes a Terraform root module to build/dev.\n\
         apiVersion: {API_VERSION}\n\
         kind: {KIND}\n\
         app: {app}\n\
         workloads: [score.yaml]\n\
         # Resource definitions (Humanitec formats): files, directories, or a\n\
         # `terraform show -json` export of score_resource_definition resources.\n\
         definitions: [definitions]\n\
         output: {DEFAULT_OUTPUT}\n\
         environments:\n  \
         dev:\n    \
         type: development\n    \
         values:\n      region: eu-west-1\n    \
         providers:\n      aws:\n        region: ${{values.region}}\n"
    )
}

/// A valid app id from a directory name: lower-cased, other characters replaced by '-',
/// `my-app` when nothing is left.
pub fn app_from_dir(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(63).collect();
    let out = out.trim_end_matches('-').to_owned();
    if id_rule_ok(&out) {
        out
    } else {
        "my-app".to_owned()
    }
}

/// Whether `value` is a valid id (of an app, an environment or an environment type), with the
/// rule when it is not. Environment ids name output directories, so this also keeps `--env`
/// from reaching outside them.
pub fn check_id(what: &str, value: &str) -> Result<(), String> {
    if id_rule_ok(value) {
        Ok(())
    } else {
        Err(format!("invalid {what} '{value}': {ID_RULE}"))
    }
}

/// Whether `app` is a valid app id, with the rule when it is not.
pub fn check_app(app: &str) -> Result<(), String> {
    if id_rule_ok(app) {
        Ok(())
    } else {
        Err(format!("invalid app id '{app}': {ID_RULE}"))
    }
}

/// `score2hcl init [DIR] [--app ID]`: writes `score2hcl.yaml` and, unless one exists, a
/// sample `score.yaml`. Refuses, writing nothing, when `score2hcl.yaml` exists.
pub fn init(args: &crate::cli::InitArgs, stderr: &mut dyn Write) -> io::Result<bool> {
    let dir = args.dir.as_deref().unwrap_or(Path::new("."));
    let app = match &args.app {
        Some(app) => app.clone(),
        None => {
            let name = std::path::absolute(dir)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            app_from_dir(&name)
        }
    };
    if let Err(e) = check_app(&app) {
        writeln!(stderr, "score2hcl: error: {e}")?;
        return Ok(false);
    }
    let project = dir.join(FILE_NAME);
    let score = dir.join("score.yaml");
    if project.symlink_metadata().is_ok() {
        writeln!(
            stderr,
            "score2hcl: error: {} already exists; init never overwrites a file",
            project.display()
        )?;
        return Ok(false);
    }
    let keep_score = score.symlink_metadata().is_ok();
    if !keep_score && !create_new(&score, &sample_score(&app), stderr)? {
        return Ok(false);
    }
    if !create_new(&project, &sample_project(&app), stderr)? {
        return Ok(false);
    }
    if keep_score {
        writeln!(stderr, "score2hcl: kept the existing {}", score.display())?;
    } else {
        writeln!(stderr, "score2hcl: wrote {}", score.display())?;
    }
    writeln!(
        stderr,
        "score2hcl: wrote {}; add resource definitions, then run `score2hcl generate --env dev`",
        project.display()
    )?;
    Ok(true)
}

/// Creates `path` with `text`, failing (with a message) if it exists by now.
fn create_new(path: &Path, text: &str, stderr: &mut dyn Write) -> io::Result<bool> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file.and_then(|mut f| f.write_all(text.as_bytes())) {
        Ok(()) => Ok(true),
        Err(e) => {
            writeln!(
                stderr,
                "score2hcl: error: cannot create {}: {}",
                path.display(),
                crate::files::io_message(&e)
            )?;
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests;
