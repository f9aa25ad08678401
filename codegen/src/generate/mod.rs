//! `score2hcl generate`: Score workloads plus resource definitions to one Terraform/OpenTofu
//! root module per environment.
//!
//! The pipeline: [`prepare`] reads the project file, flags, Score files (with overrides and
//! `--image`) and definitions (files, directories, Terraform JSON exports); [`render`] builds
//! the resource graph and turns it into files through hcl-rs structures (`emit`, placeholders
//! in `translate`, inline modules in `inline`, names in [`names`]); [`command`] reports the
//! diagnostics and hands the files to the safe writer ([`crate::write`]). Any error anywhere
//! means nothing is written. The decisions are in `docs/design/0008-generate.md`.

mod emit;
pub mod hcl;
mod inline;
pub mod names;
mod sources;
mod translate;

pub use sources::{Prepared, prepare};

use crate::commands::report;
use crate::files::Files;
use crate::project::RequiredProvider;
use crate::write::{self, ChangeKind, OutputFile};
use score_core::definitions::graph::{self, Graph, GraphInput, Origin};
use score_core::definitions::{Catalog, Context, Definition, Driver, ResourceKey, Spanned};
use score_core::score::Workload;
use score_core::yaml::Node;
use score_core::{Diagnostic, FileId, diag};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The environment's Terraform settings from the project file.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// `providers`: name and configuration.
    pub providers: Vec<(Spanned, Node)>,
    /// `backend`: type and configuration.
    pub backend: Option<(Spanned, Node)>,
    /// `required_providers` of the project.
    pub required_providers: BTreeMap<String, RequiredProvider>,
}

/// Everything [`render`] needs, already loaded and checked.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The workloads, after overrides and `--image`.
    pub workloads: &'a [Workload],
    /// Every definition loaded.
    pub definitions: &'a [Definition],
    /// Resource types.
    pub catalog: &'a Catalog,
    /// App, environment, org and values.
    pub context: &'a Context,
    /// Providers and backend of the environment.
    pub settings: &'a Settings,
    /// The absolute directory of the file each definition came from, for local module paths.
    pub definition_dirs: &'a BTreeMap<FileId, PathBuf>,
    /// The absolute output directory, for local module paths.
    pub out_dir: &'a Path,
    /// What the files were generated from, for their header ("score.yaml, environment dev").
    pub origin: &'a str,
    /// False leaves out `score_workload` resources and workload modules.
    pub with_workloads: bool,
}

/// Builds the graph and the files of the root module. Returns the files when there is no
/// error, and every diagnostic either way.
pub fn render(inputs: &Inputs<'_>) -> (Option<Vec<OutputFile>>, Vec<Diagnostic>) {
    let graph_input = GraphInput {
        workloads: inputs.workloads,
        definitions: inputs.definitions,
        catalog: inputs.catalog,
        context: inputs.context,
    };
    let (graph, mut diags) = graph::build(&graph_input);
    let Some(graph) = graph else {
        return (None, diags);
    };
    let mut g = Gen::new(inputs, graph);
    let files = g.files();
    diags.extend(g.diags);
    diag::sort(&mut diags);
    let ok = !diag::has_errors(&diags);
    (files.filter(|_| ok), diags)
}

/// `score2hcl generate`.
pub fn command(args: &crate::cli::GenerateArgs, stderr: &mut dyn Write) -> io::Result<bool> {
    let mut files = Files::default();
    let cwd = Path::new("");
    let (prepared, mut diags) = prepare(args, cwd, &mut files);
    let Some(prepared) = prepared else {
        report(&files, &diags, stderr)?;
        return Ok(false);
    };
    let (out, d) = render(&prepared.inputs());
    diags.extend(d);
    report(&files, &diags, stderr)?;
    let Some(out) = out else {
        return Ok(false);
    };
    write_out(&prepared.out_dir_display, out, args.check, stderr)
}

/// Plans the write and applies it, or with `check` only reports whether DIR is current.
fn write_out(
    dir: &Path,
    files: Vec<OutputFile>,
    check: bool,
    stderr: &mut dyn Write,
) -> io::Result<bool> {
    let plan = match write::plan(dir, files) {
        Ok(p) => p,
        Err(e) => {
            writeln!(stderr, "score2hcl: error: {e}")?;
            return Ok(false);
        }
    };
    let changed: Vec<_> = plan
        .changes()
        .iter()
        .filter(|c| c.kind != ChangeKind::Unchanged)
        .cloned()
        .collect();
    if check {
        if changed.is_empty() {
            writeln!(stderr, "score2hcl: {} is up to date", dir.display())?;
            return Ok(true);
        }
        writeln!(
            stderr,
            "score2hcl: {} is out of date; run score2hcl generate and commit the result:",
            dir.display()
        )?;
        for c in &changed {
            writeln!(stderr, "  {} {}", c.kind.as_str(), c.path)?;
        }
        return Ok(false);
    }
    let count = |k: ChangeKind| changed.iter().filter(|c| c.kind == k).count();
    let (created, updated, deleted) = (
        count(ChangeKind::Create),
        count(ChangeKind::Update),
        count(ChangeKind::Delete),
    );
    if let Err(e) = plan.apply() {
        writeln!(stderr, "score2hcl: error: {e}")?;
        return Ok(false);
    }
    writeln!(
        stderr,
        "score2hcl: wrote {} ({created} created, {updated} updated, {deleted} deleted)",
        dir.display()
    )?;
    Ok(true)
}

/// How a graph node appears in the generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeKind {
    /// A `humanitec/terraform` definition: a `module` block.
    Module,
    /// A `humanitec/echo` definition: a local value.
    Local,
    /// A workload without a `workload` definition: only its `score_workload` resource.
    Workload,
    /// An `environment` resource without definition: root variables.
    Env,
}

/// The generator's state for one run.
struct Gen<'a> {
    inputs: &'a Inputs<'a>,
    graph: Graph,
    index: HashMap<ResourceKey, usize>,
    /// The Terraform name of each node.
    names: Vec<String>,
    /// Workload name → `score_workload` resource name.
    workload_labels: BTreeMap<String, String>,
    /// Environment output key → root variable name.
    env_vars: BTreeMap<String, String>,
    /// Environment node → the output keys Score files read from it.
    env_keys: HashMap<usize, BTreeSet<String>>,
    diags: Vec<Diagnostic>,
}

impl<'a> Gen<'a> {
    fn new(inputs: &'a Inputs<'a>, graph: Graph) -> Gen<'a> {
        let index = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.key.clone(), i))
            .collect();
        let pairs: Vec<(String, String)> = graph
            .nodes
            .iter()
            .map(|n| (n.key.to_string(), names::base_name(&n.key)))
            .collect();
        let assigned = names::assign(&pairs);
        let names = graph
            .nodes
            .iter()
            .map(|n| {
                assigned
                    .get(&n.key.to_string())
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        let labels: Vec<(String, String)> = inputs
            .workloads
            .iter()
            .map(|w| (w.name().to_owned(), names::sanitize(w.name())))
            .collect();
        let mut g = Gen {
            inputs,
            graph,
            index,
            names,
            workload_labels: names::assign(&labels),
            env_vars: BTreeMap::new(),
            env_keys: HashMap::new(),
            diags: Vec::new(),
        };
        g.scan_score_references();
        g
    }

    fn kind(&self, j: usize) -> NodeKind {
        let node = &self.graph.nodes[j];
        match node.definition.map(|d| &self.inputs.definitions[d].driver) {
            Some(Driver::Terraform(_)) => NodeKind::Module,
            Some(Driver::Echo) => NodeKind::Local,
            None if node.key.kind == "environment" => NodeKind::Env,
            None => NodeKind::Workload,
        }
    }

    /// Whether node `j` is part of the output (workloads are not with `--no-workloads`).
    fn emitted(&self, j: usize) -> bool {
        self.inputs.with_workloads || !matches!(self.graph.nodes[j].origin, Origin::Workload(_))
    }

    /// The graph node of Score resource `name` of workload `w`.
    fn score_node(&self, w: &Workload, name: &str) -> Option<usize> {
        use score_core::definitions::context::{private_res_id, shared_res_id};
        let r = w.resources.get(name)?;
        let res_id = match &r.id {
            Some(id) => shared_res_id(id.as_str()),
            None => private_res_id(w.name(), name),
        };
        let key = ResourceKey::new(r.kind.as_str(), r.class_or_default(), &res_id);
        self.index.get(&key).copied()
    }
}

#[cfg(test)]
mod tests;
