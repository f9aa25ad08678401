//! Everything `generate` reads: the project file and flags (flags win), Score files with
//! overrides and `--image`, resource types, and definitions from files, directories (searched
//! recursively for `.yaml`, `.yml`, `.json` in sorted order) and Terraform JSON exports.
//!
//! An export is what `terraform show -json` or `terraform output -json` prints for a workspace
//! that manages `score_resource_definition` resources: every `values.document` of such a
//! resource (in the root module and child modules) and every output whose value is a
//! definition's YAML (or a list of them) is read as a definition file of its own, named
//! `EXPORT[ADDRESS]`, so positions in messages are lines of that document.
//!
//! Paths on the command line are relative to the working directory (`cwd`); paths in the
//! project file to the project file.

use super::{Inputs, Settings};
use crate::cli::{GenerateArgs, OverrideArgs};
use crate::commands::load_workload_as;
use crate::files::Files;
use crate::project::{self, Project};
use score_core::definitions::{Catalog, Context, Definition, load};
use score_core::score::Workload;
use score_core::yaml::{self, Node, Value};
use score_core::{Diagnostic, DocPath, FileId, Span, diag};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How deep a definitions directory is searched.
const MAX_DIR_DEPTH: usize = 32;

/// Everything read for one run, owned.
#[derive(Debug)]
pub struct Prepared {
    /// The workloads.
    pub workloads: Vec<Workload>,
    /// The definitions.
    pub definitions: Vec<Definition>,
    /// Resource types.
    pub catalog: Catalog,
    /// The context.
    pub context: Context,
    /// Providers and backend.
    pub settings: Settings,
    /// Absolute directory of each definition file.
    pub definition_dirs: BTreeMap<FileId, PathBuf>,
    /// The output directory, absolute.
    pub out_dir: PathBuf,
    /// The output directory as the user would type it.
    pub out_dir_display: PathBuf,
    /// For the files' header.
    pub origin: String,
    /// False with `--no-workloads`.
    pub with_workloads: bool,
}

impl Prepared {
    /// The borrowed view [`super::render`] takes.
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            workloads: &self.workloads,
            definitions: &self.definitions,
            catalog: &self.catalog,
            context: &self.context,
            settings: &self.settings,
            definition_dirs: &self.definition_dirs,
            out_dir: &self.out_dir,
            origin: &self.origin,
            with_workloads: self.with_workloads,
        }
    }
}

/// A path to read and the name to show for it.
#[derive(Clone, Debug)]
struct Source {
    io: PathBuf,
    shown: PathBuf,
}

impl Source {
    /// `path` as written relative to `base` (shown), read relative to `cwd`.
    fn new(cwd: &Path, base: &Path, path: &Path) -> Source {
        let shown = if path.is_absolute() {
            path.to_path_buf()
        } else {
            super::emit::normalize(&base.join(path))
        };
        let io = if shown.is_absolute() {
            shown.clone()
        } else {
            cwd.join(&shown)
        };
        Source { io, shown }
    }

    fn name(&self) -> String {
        self.shown.display().to_string()
    }
}

/// A diagnostic about the command line as a whole.
fn usage(files: &mut Files, message: impl Into<String>, help: &str) -> Diagnostic {
    let id = files.add("command line", "");
    Diagnostic::error(Span::file_start(id), &DocPath::root(), message).with_help(help)
}

/// Reads everything `args` names. `cwd` is the working directory relative paths start from
/// (empty for the process's own). Returns the inputs when there is no error, and every
/// diagnostic either way.
pub fn prepare(
    args: &GenerateArgs,
    cwd: &Path,
    files: &mut Files,
) -> (Option<Prepared>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let project = match read_project(args, cwd, files, &mut diags) {
        Ok(p) => p,
        Err(()) => return (None, diags),
    };
    let base = project
        .as_ref()
        .map(|(path, _)| path.parent().unwrap_or(Path::new("")).to_path_buf())
        .unwrap_or_default();
    let project = project.map(|(_, p)| p);
    let Some((context, settings)) = context(args, project.as_ref(), files, &mut diags) else {
        return (None, diags);
    };
    // Score files.
    let workload_paths: Vec<Source> = if args.files.is_empty() {
        match &project {
            Some(p) => p
                .workloads
                .iter()
                .map(|s| Source::new(cwd, &base, Path::new(&s.text)))
                .collect(),
            None => vec![Source::new(cwd, Path::new(""), Path::new("score.yaml"))],
        }
    } else {
        args.files
            .iter()
            .map(|f| Source::new(cwd, Path::new(""), f))
            .collect()
    };
    let o = &args.overrides;
    if workload_paths.len() > 1
        && (o.overrides_file.is_some() || !o.override_property.is_empty() || o.image.is_some())
    {
        diags.push(usage(
            files,
            "--overrides-file, --override-property and --image need exactly one Score file",
            "name the Score file to change: score2hcl generate score.yaml --image IMAGE",
        ));
        return (None, diags);
    }
    let overrides = OverrideArgs {
        overrides_file: o
            .overrides_file
            .as_ref()
            .map(|f| Source::new(cwd, Path::new(""), f).io),
        override_property: o.override_property.clone(),
        image: o.image.clone(),
    };
    let mut workloads = Vec::new();
    for src in &workload_paths {
        let (w, d) = load_workload_as(files, &src.io, src.name(), &overrides);
        diags.extend(d);
        workloads.extend(w);
    }
    // Types and definitions.
    let (types, defs): (Vec<Source>, Vec<Source>) = {
        let pick =
            |flags: &[PathBuf], project_list: Option<&Vec<score_core::definitions::Spanned>>| {
                if !flags.is_empty() {
                    flags
                        .iter()
                        .map(|f| Source::new(cwd, Path::new(""), f))
                        .collect()
                } else {
                    project_list
                        .map(|l| {
                            l.iter()
                                .map(|s| Source::new(cwd, &base, Path::new(&s.text)))
                                .collect()
                        })
                        .unwrap_or_default()
                }
            };
        (
            pick(&args.types, project.as_ref().map(|p| &p.types)),
            pick(&args.definitions, project.as_ref().map(|p| &p.definitions)),
        )
    };
    let mut catalog = Catalog::builtin();
    for t in &types {
        match files.read_as(&t.io, t.name()) {
            Ok(id) => match yaml::parse_documents(id, files.text(id)) {
                Ok(docs) => docs.iter().for_each(|d| diags.extend(catalog.extend(d))),
                Err(d) => diags.push(d),
            },
            Err(d) => diags.push(d),
        }
    }
    let (definitions, definition_dirs) = load_definitions(files, &defs, &mut diags);
    diags.extend(load::check_duplicates(&definitions));
    diags.extend(load::check_outputs(&definitions, &catalog));
    // Output directory.
    let env_id = context.env_id.clone();
    let out_rel: Source = match (&args.output, &project) {
        (Some(o), _) => Source::new(cwd, Path::new(""), o),
        (None, Some(p)) => {
            let pattern = p
                .output
                .as_ref()
                .map_or(project::DEFAULT_OUTPUT, |s| s.text.as_str());
            Source::new(cwd, &base, Path::new(&pattern.replace("{env}", &env_id)))
        }
        (None, None) => Source::new(
            cwd,
            Path::new(""),
            Path::new(&project::DEFAULT_OUTPUT.replace("{env}", &env_id)),
        ),
    };
    let out_dir = std::path::absolute(&out_rel.io)
        .map(|p| super::emit::normalize(&p))
        .unwrap_or_else(|_| out_rel.io.clone());
    if diag::has_errors(&diags) || workloads.len() != workload_paths.len() {
        return (None, diags);
    }
    let origin = origin(&workload_paths, &env_id);
    let prepared = Prepared {
        workloads,
        definitions,
        catalog,
        context,
        settings,
        definition_dirs,
        out_dir,
        out_dir_display: if out_rel.shown.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            out_rel.io.clone()
        },
        origin,
        with_workloads: !args.no_workloads,
    };
    (Some(prepared), diags)
}

/// What the header says the files come from.
fn origin(workloads: &[Source], env: &str) -> String {
    let names: Vec<String> = workloads.iter().map(Source::name).collect();
    let list = if names.len() <= 3 {
        names.join(", ")
    } else {
        format!("{} Score files", names.len())
    };
    format!("{list} for environment {env}")
}

/// The project file: `--project`, else `score2hcl.yaml` when it exists. `Err` after an error
/// (in `diags`).
fn read_project(
    args: &GenerateArgs,
    cwd: &Path,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<(PathBuf, Project)>, ()> {
    let src = match &args.project {
        Some(p) => Source::new(cwd, Path::new(""), p),
        None => {
            let s = Source::new(cwd, Path::new(""), Path::new(project::FILE_NAME));
            if !s.io.exists() {
                return Ok(None);
            }
            s
        }
    };
    let id = match files.read_as(&src.io, src.name()) {
        Ok(id) => id,
        Err(d) => {
            diags.push(d);
            return Err(());
        }
    };
    let (p, d) = project::read(id, files.text(id), &src.name());
    diags.extend(d);
    match p {
        Some(p) => Ok(Some((src.shown, p))),
        None => Err(()),
    }
}

/// The deployment context and Terraform settings from the project and flags.
fn context(
    args: &GenerateArgs,
    project: Option<&Project>,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Context, Settings)> {
    let env = match (project, &args.env) {
        (Some(p), Some(id)) => match p.environment(id) {
            Some(e) => Some(e),
            None => {
                let known: Vec<&str> = p.environments.iter().map(|e| e.id.text.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        p.environments_key.span,
                        &DocPath::root().key("environments"),
                        format!("no environment '{id}'"),
                    )
                    .with_help(format!("the project has: {}", known.join(", "))),
                );
                return None;
            }
        },
        (Some(p), None) if p.environments.len() == 1 => p.environments.first(),
        (Some(p), None) => {
            let known: Vec<&str> = p.environments.iter().map(|e| e.id.text.as_str()).collect();
            diags.push(usage(
                files,
                "which environment? pass --env",
                &format!("the project has: {}", known.join(", ")),
            ));
            return None;
        }
        (None, _) => None,
    };
    let need = |files: &mut Files, diags: &mut Vec<Diagnostic>, flag: &str| {
        diags.push(usage(
            files,
            format!("without a project file, {flag} is required"),
            "pass it, or write score2hcl.yaml (score2hcl init)",
        ));
    };
    let app = args
        .app
        .clone()
        .or_else(|| project.map(|p| p.app.text.clone()));
    let env_id = args.env.clone().or_else(|| env.map(|e| e.id.text.clone()));
    let env_type = args
        .env_type
        .clone()
        .or_else(|| env.map(|e| e.kind.text.clone()));
    let org = args
        .org
        .clone()
        .or_else(|| project.and_then(|p| p.org.as_ref().map(|o| o.text.clone())))
        .unwrap_or_else(|| "default".to_owned());
    let mut missing = false;
    for (value, flag) in [
        (&app, "--app"),
        (&env_id, "--env"),
        (&env_type, "--env-type"),
    ] {
        if value.is_none() {
            need(files, diags, flag);
            missing = true;
        }
    }
    if missing {
        return None;
    }
    for (value, what) in [
        (&app, "app id"),
        (&env_id, "environment id"),
        (&env_type, "environment type"),
    ] {
        if let Err(message) = project::check_id(what, value.as_deref().unwrap_or_default()) {
            diags.push(usage(files, message, "ids are what score2hcl.yaml accepts"));
            missing = true;
        }
    }
    if missing {
        return None;
    }
    let context = Context {
        org_id: org,
        app_id: app.unwrap_or_default(),
        env_id: env_id.unwrap_or_default(),
        env_type: env_type.unwrap_or_default(),
        values: env.map(|e| e.values.clone()).unwrap_or_default(),
    };
    let settings = Settings {
        providers: env.map(|e| e.providers.clone()).unwrap_or_default(),
        backend: env.and_then(|e| e.backend.clone()),
        required_providers: project
            .map(|p| p.required_providers.clone())
            .unwrap_or_default(),
    };
    Some((context, settings))
}

/// Every definition under `sources`, with the absolute directory of the file each came from.
fn load_definitions(
    files: &mut Files,
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Definition>, BTreeMap<FileId, PathBuf>) {
    let mut found = Vec::new();
    for s in sources {
        if s.io.is_dir() {
            walk(files, s, 0, &mut found, diags);
        } else {
            found.push(s.clone());
        }
    }
    let mut definitions = Vec::new();
    let mut dirs = BTreeMap::new();
    for s in found {
        let id = match files.read_as(&s.io, s.name()) {
            Ok(id) => id,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let dir = std::path::absolute(&s.io)
            .ok()
            .and_then(|p| p.parent().map(super::emit::normalize))
            .unwrap_or_default();
        let docs = match yaml::parse_documents(id, files.text(id)) {
            Ok(docs) => docs,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut ids = vec![id];
        let docs = match docs.first().and_then(embedded) {
            Some(embedded) => {
                ids.clear();
                let mut out = Vec::new();
                for (label, text) in embedded {
                    let eid = files.add(format!("{}[{label}]", s.name()), text);
                    match yaml::parse_documents(eid, files.text(eid)) {
                        Ok(d) if d.first().is_some_and(is_definition) => {
                            ids.push(eid);
                            out.extend(d);
                        }
                        // A string that is no definition: an output of something else.
                        Ok(_) => {}
                        Err(_) if label.starts_with("output.") => {}
                        Err(d) => diags.push(d),
                    }
                }
                out
            }
            None => docs,
        };
        for i in ids {
            dirs.insert(i, dir.clone());
        }
        let (defs, d) = load::load_documents(&docs);
        definitions.extend(defs);
        diags.extend(d);
    }
    (definitions, dirs)
}

fn walk(
    files: &mut Files,
    dir: &Source,
    depth: usize,
    out: &mut Vec<Source>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut fail = |files: &mut Files, message: String| {
        let id = files.add(dir.name(), "");
        diags.push(Diagnostic::error(
            Span::file_start(id),
            &DocPath::root(),
            message,
        ));
    };
    if depth > MAX_DIR_DEPTH {
        fail(
            files,
            format!("directories nest deeper than {MAX_DIR_DEPTH} levels (a symlink loop?)"),
        );
        return;
    }
    let entries = match std::fs::read_dir(&dir.io) {
        Ok(e) => e,
        Err(e) => {
            fail(
                files,
                format!("cannot read directory: {}", crate::files::io_message(&e)),
            );
            return;
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    for n in names {
        let child = Source {
            io: dir.io.join(&n),
            shown: dir.shown.join(&n),
        };
        if child.io.is_dir() {
            walk(files, &child, depth + 1, out, diags);
        } else if Path::new(&n)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        {
            out.push(child);
        }
    }
}

/// Whether a document looks like a definition in any of the accepted forms.
fn is_definition(doc: &Node) -> bool {
    doc.get("kind").and_then(Node::as_str) == Some("Definition")
        || doc.get("driver_type").is_some()
        || doc.get("entity").is_some()
        || doc.get("object").is_some()
}

/// The definition texts inside a Terraform JSON export, labelled by where they are; `None`
/// when `doc` is not an export.
pub(super) fn embedded(doc: &Node) -> Option<Vec<(String, String)>> {
    let entries = doc.as_map()?;
    let mut out = Vec::new();
    if doc.get("format_version").is_some() && doc.get("values").is_some() {
        // `terraform show -json`.
        let values = doc.get("values")?;
        if let Some(root) = values.get("root_module") {
            module_documents(root, &mut out, 0);
        }
        if let Some(outputs) = values.get("outputs").and_then(Node::as_map) {
            for (k, v) in outputs {
                output_documents(&k.name, v, &mut out);
            }
        }
        return Some(out);
    }
    // `terraform output -json`: every entry is {sensitive, type, value}.
    let is_output = |v: &Node| {
        v.as_map().is_some_and(|m| {
            m.iter().any(|(k, _)| k.name == "value")
                && m.iter()
                    .all(|(k, _)| matches!(k.name.as_str(), "value" | "type" | "sensitive"))
        })
    };
    if entries.is_empty() || !entries.iter().all(|(_, v)| is_output(v)) {
        return None;
    }
    for (k, v) in entries {
        output_documents(&k.name, v, &mut out);
    }
    Some(out)
}

fn module_documents(module: &Node, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > yaml::MAX_DEPTH {
        return;
    }
    let items = |key: &str| match module.get(key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items.as_slice(),
        _ => &[],
    };
    for r in items("resources") {
        if r.get("type").and_then(Node::as_str) != Some("score_resource_definition") {
            continue;
        }
        let Some(text) = r
            .get("values")
            .and_then(|v| v.get("document"))
            .and_then(Node::as_str)
        else {
            continue;
        };
        let address = r
            .get("address")
            .and_then(Node::as_str)
            .unwrap_or("score_resource_definition")
            .to_owned();
        out.push((address, text.to_owned()));
    }
    for child in items("child_modules") {
        module_documents(child, out, depth + 1);
    }
}

fn output_documents(name: &str, output: &Node, out: &mut Vec<(String, String)>) {
    match output.get("value").map(|v| &v.value) {
        Some(Value::Str(s)) => out.push((format!("output.{name}"), s.clone())),
        Some(Value::Seq(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(s) = item.as_str() {
                    out.push((format!("output.{name}[{i}]"), s.to_owned()));
                }
            }
        }
        _ => {}
    }
}
