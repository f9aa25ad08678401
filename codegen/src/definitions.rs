//! `definitions check`, `definitions match` and `graph`: loading definitions from files and
//! directories, and printing what matches and what needs what.

use crate::cli::{
    ContextArgs, DefinitionSources, DefinitionsCheckArgs, GraphArgs, GraphFormat, MatchArgs,
    MatchFormat,
};
use crate::commands::{load_workload, report};
use crate::files::Files;
use score_core::definitions::context::{Context, shared_res_id};
use score_core::definitions::graph::{self, Graph, GraphInput};
use score_core::definitions::{Catalog, Definition, MatchRequest, Matcher, load};
use score_core::{Data, Diagnostic, DocPath, Span, diag, yaml};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How deep a definitions directory is searched; deeper trees are a mistake (or a symlink
/// loop), not a layout.
const MAX_DIR_DEPTH: usize = 32;

/// Everything loaded for a command: definitions, the catalog, and what was said about them.
struct Loaded {
    definitions: Vec<Definition>,
    catalog: Catalog,
    diags: Vec<Diagnostic>,
}

/// Reads every definition under `paths`, the catalog with `--types`, and checks duplicates.
fn load_all(files: &mut Files, paths: &[PathBuf], sources: &DefinitionSources) -> Loaded {
    let mut diags = Vec::new();
    let mut catalog = Catalog::builtin();
    if let Some(types) = &sources.types {
        match read_docs(files, types) {
            Ok(docs) => {
                for doc in &docs {
                    diags.extend(catalog.extend(doc));
                }
            }
            Err(d) => diags.push(d),
        }
    }
    let mut definitions = Vec::new();
    for file in expand_paths(paths, &mut diags, files) {
        match read_docs(files, &file) {
            Ok(docs) => {
                let (defs, d) = load::load_documents(&docs);
                definitions.extend(defs);
                diags.extend(d);
            }
            Err(d) => diags.push(d),
        }
    }
    diags.extend(load::check_duplicates(&definitions));
    diags.extend(load::check_outputs(&definitions, &catalog));
    Loaded {
        definitions,
        catalog,
        diags,
    }
}

fn read_docs(files: &mut Files, path: &Path) -> Result<Vec<yaml::Node>, Diagnostic> {
    let id = files.read(path)?;
    yaml::parse_documents(id, files.text(id))
}

/// Files named directly, and `.yaml`/`.yml`/`.json` files under directories, recursively in
/// sorted order (hidden entries skipped).
fn expand_paths(paths: &[PathBuf], diags: &mut Vec<Diagnostic>, files: &mut Files) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk_dir(path, 0, &mut out, diags, files);
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn walk_dir(
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
    files: &mut Files,
) {
    let fail = |files: &mut Files, message: String| {
        let id = files.add(dir.display().to_string(), "");
        Diagnostic::error(Span::file_start(id), &DocPath::root(), message)
    };
    if depth > MAX_DIR_DEPTH {
        diags.push(fail(
            files,
            format!("directories nest deeper than {MAX_DIR_DEPTH} levels (a symlink loop?)"),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let message = format!("cannot read directory: {}", crate::files::io_message(&e));
            diags.push(fail(files, message));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk_dir(&p, depth + 1, out, diags, files);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        {
            out.push(p);
        }
    }
}

fn context(args: &ContextArgs) -> Context {
    Context {
        org_id: args.org.clone(),
        app_id: args.app.clone(),
        env_id: args.env.clone(),
        env_type: args.env_type.clone(),
        values: Default::default(),
    }
}

/// `score2hcl definitions check PATH...`.
pub fn check(args: &DefinitionsCheckArgs, stderr: &mut dyn Write) -> io::Result<bool> {
    let mut files = Files::default();
    let loaded = load_all(&mut files, &args.paths, &args.sources);
    report(&files, &loaded.diags, stderr)?;
    let ok = !diag::has_errors(&loaded.diags);
    if ok {
        let n = loaded.definitions.len();
        writeln!(
            stderr,
            "score2hcl: {n} definition{} OK",
            if n == 1 { "" } else { "s" }
        )?;
    }
    Ok(ok)
}

/// `score2hcl definitions match PATH... --type T ...`.
pub fn matching(
    args: &MatchArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> io::Result<bool> {
    let mut files = Files::default();
    let loaded = load_all(&mut files, &args.paths, &args.sources);
    if diag::has_errors(&loaded.diags) {
        report(&files, &loaded.diags, stderr)?;
        return Ok(false);
    }
    let res_id = match (&args.res_id, &args.id) {
        (Some(r), _) => r.clone(),
        (None, Some(id)) => shared_res_id(id),
        (None, None) => String::new(),
    };
    let ctx = context(&args.context);
    let req = MatchRequest {
        kind: &args.kind,
        class: &args.class,
        res_id: &res_id,
        app_id: &ctx.app_id,
        env_id: &ctx.env_id,
        env_type: &ctx.env_type,
    };
    let matcher = Matcher::new(&loaded.definitions);
    report(&files, &loaded.diags, stderr)?;
    match matcher.find(&req) {
        Some(m) => {
            let text = match args.format {
                MatchFormat::Text => format!(
                    "{} ({})\n  {}\n",
                    m.definition.id.text,
                    location(&files, m.criterion.span),
                    m.reason
                ),
                MatchFormat::Json => {
                    let v = map([
                        ("definition", Data::Str(m.definition.id.text.clone())),
                        ("reason", Data::Str(m.reason.clone())),
                    ]);
                    format!("{}\n", v.to_json_pretty().trim_end())
                }
            };
            stdout.write_all(text.as_bytes())?;
            Ok(true)
        }
        None => {
            let rejections = matcher.rejections(&req);
            let res = if res_id.is_empty() {
                "no res id".to_owned()
            } else {
                format!("res id '{res_id}'")
            };
            writeln!(
                stderr,
                "score2hcl: error: no resource definition matches type '{}', class '{}', {res} \
                 (app_id={}, env_id={}, env_type={})",
                args.kind, args.class, ctx.app_id, ctx.env_id, ctx.env_type
            )?;
            if rejections.is_empty() {
                writeln!(
                    stderr,
                    "  no definition has type '{}' (loaded {})",
                    args.kind,
                    loaded.definitions.len()
                )?;
            }
            for r in rejections {
                writeln!(
                    stderr,
                    "  {} ({}): {}",
                    r.definition.id.text,
                    location(&files, r.definition.id.span),
                    r.reason
                )?;
            }
            Ok(false)
        }
    }
}

fn location(files: &Files, span: Span) -> String {
    format!(
        "{}:{}:{}",
        files.name(span.file),
        span.start.line,
        span.start.col
    )
}

/// `score2hcl graph FILE... --definitions PATH...`.
pub fn graph(args: &GraphArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> io::Result<bool> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let mut workloads = Vec::new();
    for path in &args.files {
        let (w, d) = load_workload(&mut files, path, &Default::default());
        diags.extend(d);
        workloads.extend(w);
    }
    let loaded = load_all(&mut files, &args.definitions, &args.sources);
    diags.extend(loaded.diags);
    if diag::has_errors(&diags) || workloads.len() != args.files.len() {
        report(&files, &diags, stderr)?;
        return Ok(false);
    }
    let ctx = context(&args.context);
    let input = GraphInput {
        workloads: &workloads,
        definitions: &loaded.definitions,
        catalog: &loaded.catalog,
        context: &ctx,
    };
    let (g, d) = graph::build(&input);
    diags.extend(d);
    report(&files, &diags, stderr)?;
    let Some(g) = g else {
        return Ok(false);
    };
    let text = match args.format {
        GraphFormat::Mermaid => mermaid(&g, &loaded.definitions),
        GraphFormat::Dot => dot(&g, &loaded.definitions),
        GraphFormat::Json => json(&g, &loaded.definitions),
    };
    stdout.write_all(text.as_bytes())?;
    Ok(true)
}

fn definition_id<'d>(g: &Graph, defs: &'d [Definition], node: usize) -> Option<&'d str> {
    g.nodes[node]
        .definition
        .and_then(|d| defs.get(d))
        .map(|d| d.id.as_str())
}

/// Nodes in provisioning order, then edges sorted by that order.
fn ordered_edges(g: &Graph) -> Vec<(usize, usize)> {
    let mut rank = vec![0; g.nodes.len()];
    for (r, &n) in g.order.iter().enumerate() {
        rank[n] = r;
    }
    let mut edges: Vec<(usize, usize)> = g.edges.iter().map(|e| (e.from, e.to)).collect();
    edges.sort_by_key(|&(f, t)| (rank[f], rank[t]));
    edges
}

fn mermaid(g: &Graph, defs: &[Definition]) -> String {
    let mut rank = vec![0; g.nodes.len()];
    for (r, &n) in g.order.iter().enumerate() {
        rank[n] = r;
    }
    let mut out = String::from(
        "flowchart LR\n    %% An arrow points from a resource to one whose outputs it needs.\n",
    );
    for &n in &g.order {
        let node = &g.nodes[n];
        let def = definition_id(g, defs, n).unwrap_or("(deployed by score_workload)");
        out.push_str(&format!(
            "    n{}[\"{}<br/><small>{}</small><br/><i>{}</i>\"]\n",
            rank[n],
            mermaid_text(&format!("{}.{}", node.key.kind, node.key.class)),
            mermaid_text(&node.key.res_id),
            mermaid_text(def)
        ));
    }
    for (f, t) in ordered_edges(g) {
        out.push_str(&format!("    n{} --> n{}\n", rank[f], rank[t]));
    }
    out
}

/// Mermaid labels are quoted; quotes and angle brackets become entities.
fn mermaid_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "#quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn dot(g: &Graph, defs: &[Definition]) -> String {
    let mut out = String::from("digraph resources {\n    rankdir=LR;\n    node [shape=box];\n");
    for &n in &g.order {
        let node = &g.nodes[n];
        let def = definition_id(g, defs, n).unwrap_or("(deployed by score_workload)");
        let label = format!("{}\n{}", node.key, def);
        out.push_str(&format!(
            "    {} [label={}];\n",
            dot_id(&node.key.to_string()),
            dot_quote_label(&label)
        ));
    }
    for (f, t) in ordered_edges(g) {
        out.push_str(&format!(
            "    {} -> {};\n",
            dot_id(&g.nodes[f].key.to_string()),
            dot_id(&g.nodes[t].key.to_string())
        ));
    }
    out.push_str("}\n");
    out
}

fn dot_id(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A quoted label; line breaks become DOT's `\n`.
fn dot_quote_label(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

fn map<const N: usize>(entries: [(&str, Data); N]) -> Data {
    Data::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn json(g: &Graph, defs: &[Definition]) -> String {
    let key = |n: usize| Data::Str(g.nodes[n].key.to_string());
    let nodes = g
        .order
        .iter()
        .map(|&n| {
            let k = &g.nodes[n].key;
            map([
                ("uid", key(n)),
                ("type", Data::Str(k.kind.clone())),
                ("class", Data::Str(k.class.clone())),
                ("res_id", Data::Str(k.res_id.clone())),
                (
                    "definition",
                    definition_id(g, defs, n).map_or(Data::Null, |d| Data::Str(d.to_owned())),
                ),
            ])
        })
        .collect();
    let edges = ordered_edges(g)
        .into_iter()
        .map(|(f, t)| map([("from", key(f)), ("to", key(t))]))
        .collect();
    let v = map([("nodes", Data::Seq(nodes)), ("edges", Data::Seq(edges))]);
    format!("{}\n", v.to_json_pretty().trim_end())
}
