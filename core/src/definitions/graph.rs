//! The resource graph of one deployment: every resource, the definition that provisions it,
//! and which resource needs which.
//!
//! Nodes are each workload's implicit `workload` resource, every Score resource (a shared one
//! once), every resource a matched definition references, and every resource a definition
//! co-provisions. An edge `from -> to` means `from` needs the outputs of `to`, so `to` is
//! provisioned first. Edges come from:
//!
//! - a workload declaring a resource, and Score params referencing another resource;
//! - definition placeholders `${resources.…}` (which also create the referenced resource);
//! - `provision` entries: `is_dependent` makes the co-provisioned resource depend on the
//!   provisioning one; `match_dependents` makes whatever depends on the provisioning resource
//!   depend on the co-provisioned one too (repeated until nothing changes);
//! - selectors `${resources.A>B…}` / `${resources.A<B…}`, evaluated once every other edge is in
//!   place: `A>B` are the `B`s that `A` needs, `A<B` the `B`s that need `A`. Selector edges are
//!   not seen by other selectors, so the result does not depend on evaluation order.
//!
//! The implicit `workload` resource needs no definition (the `score_workload` resource deploys
//! it); when a `workload` definition matches, it is used, so definitions can hang a service
//! account or role off every workload. An `environment` resource needs none either: its values
//! come from the deployment (the generator makes them input variables of the root module); a
//! matching definition is used when there is one.

use crate::definitions::catalog::Catalog;
use crate::definitions::context::{
    Context, ResourceKey, private_res_id, shared_res_id, workload_res_id,
};
use crate::definitions::expr::{self, Direction, Expr, Template};
use crate::definitions::matching::{MatchRequest, Matcher};
use crate::definitions::model::{Definition, Target};
use crate::diag::{self, Diagnostic};
use crate::path::DocPath;
use crate::score::identity::collect_resources;
use crate::score::model::Workload;
use crate::source::Span;
use crate::yaml::Node;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// What the graph is built from.
#[derive(Clone, Copy, Debug)]
pub struct GraphInput<'a> {
    /// The workloads deployed together.
    pub workloads: &'a [Workload],
    /// Every loaded definition.
    pub definitions: &'a [Definition],
    /// Resource types (for output checks).
    pub catalog: &'a Catalog,
    /// Where.
    pub context: &'a Context,
}

/// The resource graph.
#[derive(Clone, Debug)]
pub struct Graph {
    /// The resources, in the order they were found.
    pub nodes: Vec<GraphNode>,
    /// `from` needs `to`; no duplicates.
    pub edges: Vec<Edge>,
    /// Node indexes, every resource after the ones it needs; ties broken by key.
    pub order: Vec<usize>,
}

/// One resource of the graph.
#[derive(Clone, Debug)]
pub struct GraphNode {
    /// Type, class, res id.
    pub key: ResourceKey,
    /// Index of the definition in [`GraphInput::definitions`]; `None` for a workload without a
    /// `workload` definition.
    pub definition: Option<usize>,
    /// Why that definition was chosen.
    pub reason: String,
    /// How the resource came to be in the graph.
    pub origin: Origin,
    /// Params: the Score resource's, or the `provision` entry's.
    pub params: Option<Node>,
}

/// How a resource came into the graph.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The implicit resource of a workload.
    Workload(String),
    /// Declared in Score: the (workload, resource name) pairs, first one defining it.
    Score(Vec<(String, String)>),
    /// Referenced by a placeholder of another node's definition.
    Reference(usize),
    /// Co-provisioned by another node's definition.
    Provision(usize),
}

/// One edge: `from` needs the outputs of `to`.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// The needing node.
    pub from: usize,
    /// The needed node.
    pub to: usize,
    /// What created the edge.
    pub cause: Cause,
}

/// What created an edge, and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    /// The kind of edge.
    pub kind: CauseKind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseKind {
    /// A workload declares the resource.
    Declares,
    /// Score params reference another resource.
    ScoreReference,
    /// A definition placeholder references the resource.
    Reference,
    /// `provision` with `is_dependent: true`.
    Provision,
    /// `provision` with `match_dependents: true`.
    MatchDependents,
    /// A selector picked the resource.
    Selector,
}

impl CauseKind {
    fn describe(self) -> &'static str {
        match self {
            CauseKind::Declares => "declared by the workload",
            CauseKind::ScoreReference => "Score params reference",
            CauseKind::Reference => "definition placeholder",
            CauseKind::Provision => "co-provisioned with is_dependent",
            CauseKind::MatchDependents => "co-provisioned with match_dependents",
            CauseKind::Selector => "selector",
        }
    }
}

impl Graph {
    /// The node with `key`.
    pub fn find(&self, key: &ResourceKey) -> Option<usize> {
        self.nodes.iter().position(|n| &n.key == key)
    }

    /// The node a reference written in `node`'s definition names (omitted class and id
    /// inherited from `node`). Every reference of a matched definition has its node once the
    /// graph is built; `None` only for a `node` or target not in this graph.
    pub fn target(&self, node: usize, target: &Target) -> Option<usize> {
        let from = self.nodes.get(node)?;
        self.find(&target.inherit(&from.key))
    }

    /// The nodes a selector written in `node`'s definition picks, in graph order.
    pub fn select(
        &self,
        node: usize,
        base: &Target,
        direction: Direction,
        kind: &str,
        class: Option<&str>,
    ) -> Vec<usize> {
        let Some(from) = self.nodes.get(node) else {
            return Vec::new();
        };
        let Some(base) = self.find(&base.inherit(&from.key)) else {
            return Vec::new();
        };
        let structural = self
            .edges
            .iter()
            .filter(|e| e.cause.kind != CauseKind::Selector);
        let picked: BTreeSet<usize> = match direction {
            Direction::Dependencies => structural
                .filter(|e| e.from == base)
                .map(|e| e.to)
                .collect(),
            Direction::Dependents => structural
                .filter(|e| e.to == base)
                .map(|e| e.from)
                .collect(),
        };
        self.order
            .iter()
            .copied()
            .filter(|i| picked.contains(i))
            .filter(|i| {
                let k = &self.nodes[*i].key;
                k.kind == kind && class.is_none_or(|c| k.class == c)
            })
            .collect()
    }
}

/// Builds the graph. Returns it when there is no error, and every diagnostic either way.
pub fn build(input: &GraphInput<'_>) -> (Option<Graph>, Vec<Diagnostic>) {
    let mut b = Builder::new(input);
    b.seed();
    b.expand();
    b.match_dependents();
    b.selectors();
    let order = b.order();
    let mut diags = b.diags;
    diag::sort(&mut diags);
    let graph = order
        .filter(|_| !diag::has_errors(&diags))
        .map(|order| Graph {
            nodes: b.nodes,
            edges: b.edges,
            order,
        });
    (graph, diags)
}

struct PendingSelector {
    node: usize,
    base: Target,
    direction: Direction,
    kind: String,
    class: Option<String>,
    span: Span,
}

struct Builder<'a> {
    input: &'a GraphInput<'a>,
    matcher: Matcher<'a>,
    nodes: Vec<GraphNode>,
    index: HashMap<ResourceKey, usize>,
    edges: Vec<Edge>,
    edge_set: HashSet<(usize, usize)>,
    /// (provisioning node, co-provisioned node, provision key span) with match_dependents.
    match_dependents: Vec<(usize, usize, Span)>,
    selectors: Vec<PendingSelector>,
    /// The placeholders of each definition, parsed once.
    parsed: HashMap<usize, Vec<(Expr, Span)>>,
    diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn new(input: &'a GraphInput<'a>) -> Builder<'a> {
        Builder {
            input,
            matcher: Matcher::new(input.definitions),
            nodes: Vec::new(),
            index: HashMap::new(),
            edges: Vec::new(),
            edge_set: HashSet::new(),
            match_dependents: Vec::new(),
            selectors: Vec::new(),
            parsed: HashMap::new(),
            diags: Vec::new(),
        }
    }

    fn node(&mut self, key: ResourceKey, origin: Origin, params: Option<Node>) -> usize {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.nodes.len();
        self.index.insert(key.clone(), i);
        self.nodes.push(GraphNode {
            key,
            definition: None,
            reason: String::new(),
            origin,
            params,
        });
        i
    }

    fn edge(&mut self, from: usize, to: usize, kind: CauseKind, span: Span) {
        if self.edge_set.insert((from, to)) {
            self.edges.push(Edge {
                from,
                to,
                cause: Cause { kind, span },
            });
        }
    }

    /// Workloads and their Score resources.
    fn seed(&mut self) {
        let (resources, diags) = collect_resources(self.input.workloads);
        self.diags.extend(diags);
        let mut workloads: Vec<&Workload> = self.input.workloads.iter().collect();
        workloads.sort_by(|a, b| a.name().cmp(b.name()));
        let mut score_nodes = HashMap::new();
        for r in &resources {
            let res_id = match &r.id {
                Some(id) => shared_res_id(id),
                None => {
                    let (w, name) = r.declared_by.first().cloned().unwrap_or_default();
                    private_res_id(&w, &name)
                }
            };
            let key = ResourceKey::new(&r.kind, &r.class, &res_id);
            let i = self.node(key, Origin::Score(r.declared_by.clone()), r.params.clone());
            score_nodes.insert(r.uid.clone(), i);
        }
        for w in workloads {
            let key = ResourceKey::new("workload", "default", &workload_res_id(w.name()));
            let wi = self.node(key, Origin::Workload(w.name().to_owned()), None);
            for (name, r) in &w.resources {
                let uid = crate::score::ResourceUid::of(w.name(), name, r);
                if let Some(&ri) = score_nodes.get(&uid) {
                    self.edge(wi, ri, CauseKind::Declares, r.span);
                }
            }
        }
        for r in &resources {
            let Some(&from) = score_nodes.get(&r.uid) else {
                continue;
            };
            let span = match &r.params {
                Some(p) => p.span,
                None => self.score_span(&r.declared_by),
            };
            for dep in &r.depends_on {
                if let Some(&to) = score_nodes.get(dep) {
                    self.edge(from, to, CauseKind::ScoreReference, span);
                }
            }
        }
    }

    /// Matches every node, following references and co-provisioning breadth first.
    fn expand(&mut self) {
        let mut queue: VecDeque<usize> = (0..self.nodes.len()).collect();
        while let Some(i) = queue.pop_front() {
            let before = self.nodes.len();
            self.expand_node(i);
            queue.extend(before..self.nodes.len());
        }
    }

    fn expand_node(&mut self, i: usize) {
        let ctx = self.input.context;
        let key = self.nodes[i].key.clone();
        let req = MatchRequest {
            kind: &key.kind,
            class: &key.class,
            res_id: &key.res_id,
            app_id: &ctx.app_id,
            env_id: &ctx.env_id,
            env_type: &ctx.env_type,
        };
        let found = match self.matcher.find(&req) {
            Some(m) => m,
            None => {
                if !may_lack_definition(&key.kind) {
                    let rejections = self.matcher.rejections(&req);
                    let d = self.no_match(i, &rejections);
                    self.diags.push(d);
                }
                return;
            }
        };
        let def_index = self
            .input
            .definitions
            .iter()
            .position(|d| std::ptr::eq(d, found.definition))
            .unwrap_or_default();
        self.nodes[i].definition = Some(def_index);
        self.nodes[i].reason = found.reason;
        let def = found.definition;
        for (expr, span) in self.placeholders(def_index) {
            match expr {
                Expr::Resource { target, .. } => {
                    let to = self.node(target.inherit(&key), Origin::Reference(i), None);
                    self.edge(i, to, CauseKind::Reference, span);
                }
                Expr::Select {
                    base,
                    direction,
                    kind,
                    class,
                    ..
                } => self.selectors.push(PendingSelector {
                    node: i,
                    base,
                    direction,
                    kind,
                    class,
                    span,
                }),
                Expr::Context(_) | Expr::Values(_) => {}
            }
        }
        for p in &def.provision {
            let target_key = p.target.inherit(&key);
            if target_key == key {
                self.diags.push(Diagnostic::error(
                    p.key.span,
                    &DocPath::root().key("provision").key(&p.key.text),
                    format!("'{}' co-provisions itself", def.id.text),
                ));
                continue;
            }
            let to = self.node(target_key, Origin::Provision(i), p.params.clone());
            if p.is_dependent {
                self.edge(to, i, CauseKind::Provision, p.key.span);
            }
            if p.match_dependents {
                self.match_dependents.push((i, to, p.key.span));
            }
        }
    }

    /// Every placeholder of definition `d` that can create an edge, parsed once per
    /// definition. Syntax errors are reported once, too.
    fn placeholders(&mut self, d: usize) -> Vec<(Expr, Span)> {
        if let Some(p) = self.parsed.get(&d) {
            return p.clone();
        }
        let def = &self.input.definitions[d];
        let mut found = Vec::new();
        for (node, path) in crate::definitions::load::placeholder_trees(def) {
            // Syntax errors were reported when the definition was loaded.
            let (templates, _) = expr::templates(node, &path);
            for (_, string, template) in templates {
                collect(&string, &template, &mut found);
            }
        }
        self.parsed.insert(d, found.clone());
        found
    }

    fn no_match(&self, i: usize, rejections: &[crate::definitions::Rejection<'_>]) -> Diagnostic {
        let node = &self.nodes[i];
        let ctx = self.input.context;
        let (span, path, via) = self.origin_site(i);
        let mut help = format!(
            "context: app_id={}, env_id={}, env_type={}",
            ctx.app_id, ctx.env_id, ctx.env_type
        );
        if rejections.is_empty() {
            help.push_str(&format!(
                "; no definition has type '{}': add one with criteria for this context",
                node.key.kind
            ));
        }
        let mut d = Diagnostic::error(
            span,
            &path,
            format!(
                "no resource definition matches {} (type '{}', class '{}', res id '{}'){via}",
                node.key, node.key.kind, node.key.class, node.key.res_id
            ),
        )
        .with_help(help);
        for r in rejections {
            d = d.with_note(
                r.definition.id.span,
                format!(
                    "definition '{}' rejected: {}",
                    r.definition.id.text, r.reason
                ),
            );
        }
        d
    }

    /// Where a node was asked for, for messages.
    fn origin_site(&self, i: usize) -> (Span, DocPath, String) {
        let via = |edge_kind: CauseKind, from: usize| {
            self.edges
                .iter()
                .find(|e| e.to == i && e.from == from && e.cause.kind == edge_kind)
                .map_or_else(|| self.fallback_span(), |e| e.cause.span)
        };
        match &self.nodes[i].origin {
            Origin::Score(decl) => {
                let name = decl.first().map(|(_, n)| n.as_str()).unwrap_or_default();
                (
                    self.score_span(decl),
                    DocPath::root().key("resources").key(name),
                    String::new(),
                )
            }
            Origin::Reference(from) => (
                via(CauseKind::Reference, *from),
                DocPath::root(),
                format!(", referenced by {}", self.nodes[*from].key),
            ),
            Origin::Provision(from) => {
                let span = self.provision_span(*from, i);
                (
                    span,
                    DocPath::root(),
                    format!(", co-provisioned by {}", self.nodes[*from].key),
                )
            }
            Origin::Workload(_) => (self.fallback_span(), DocPath::root(), String::new()),
        }
    }

    /// Where the first of `decl`'s (workload, resource) pairs declares the resource.
    fn score_span(&self, decl: &[(String, String)]) -> Span {
        decl.first()
            .and_then(|(w, name)| {
                let workload = self.input.workloads.iter().find(|x| x.name() == w)?;
                Some(workload.resources.get(name)?.span)
            })
            .unwrap_or_else(|| self.fallback_span())
    }

    /// A real position for the rare message without a better one: the first workload's
    /// name. Nodes only exist when there are workloads, so this is never a made-up place.
    fn fallback_span(&self) -> Span {
        self.input
            .workloads
            .first()
            .map_or(Span::file_start(crate::source::FileId(0)), |w| {
                w.metadata.name.span()
            })
    }

    fn provision_span(&self, from: usize, to: usize) -> Span {
        let Some(d) = self.nodes[from].definition else {
            return self.fallback_span();
        };
        let def = &self.input.definitions[d];
        def.provision
            .iter()
            .find(|p| p.target.inherit(&self.nodes[from].key) == self.nodes[to].key)
            .map_or(def.span, |p| p.key.span)
    }

    /// Resources needing the provisioning resource also need what it co-provisions with
    /// `match_dependents`, repeated until nothing changes.
    fn match_dependents(&mut self) {
        loop {
            let needed_by = self.needed_by();
            let mut added = false;
            for (main, co, span) in self.match_dependents.clone() {
                for &d in needed_by.get(&main).map_or(&[][..], Vec::as_slice) {
                    if d != co && !self.edge_set.contains(&(d, co)) {
                        self.edge(d, co, CauseKind::MatchDependents, span);
                        added = true;
                    }
                }
            }
            if !added {
                break;
            }
        }
    }

    /// For each node, the nodes with an edge to it.
    fn needed_by(&self) -> HashMap<usize, Vec<usize>> {
        let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
        for e in &self.edges {
            out.entry(e.to).or_default().push(e.from);
        }
        out
    }

    fn selectors(&mut self) {
        let needed_by = self.needed_by();
        let mut needs: HashMap<usize, Vec<usize>> = HashMap::new();
        for e in &self.edges {
            needs.entry(e.from).or_default().push(e.to);
        }
        let pending = std::mem::take(&mut self.selectors);
        for s in pending {
            let Some(&base) = self.index.get(&s.base.inherit(&self.nodes[s.node].key)) else {
                continue;
            };
            let around = match s.direction {
                Direction::Dependencies => needs.get(&base),
                Direction::Dependents => needed_by.get(&base),
            };
            let picked: Vec<usize> = around
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .copied()
                .filter(|&n| {
                    let k = &self.nodes[n].key;
                    k.kind == s.kind && s.class.as_ref().is_none_or(|c| &k.class == c)
                })
                .collect();
            for to in picked {
                self.edge(s.node, to, CauseKind::Selector, s.span);
            }
        }
    }

    /// Kahn's algorithm, ready nodes taken in key order; a cycle is reported with its edges.
    fn order(&mut self) -> Option<Vec<usize>> {
        let n = self.nodes.len();
        let mut needs = vec![0usize; n];
        let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in &self.edges {
            needs[e.from] += 1;
            needed_by[e.to].push(e.from);
        }
        let mut ready: BTreeSet<(&ResourceKey, usize)> = (0..n)
            .filter(|&i| needs[i] == 0)
            .map(|i| (&self.nodes[i].key, i))
            .collect();
        let mut order = Vec::with_capacity(n);
        while let Some((_, i)) = ready.pop_first() {
            order.push(i);
            for &d in &needed_by[i] {
                needs[d] -= 1;
                if needs[d] == 0 {
                    ready.insert((&self.nodes[d].key, d));
                }
            }
        }
        if order.len() == n {
            return Some(order);
        }
        let left: HashSet<usize> = (0..n).filter(|&i| needs[i] > 0).collect();
        let cycle = self.find_cycle(&left);
        let d = self.cycle_diagnostic(&cycle);
        self.diags.push(d);
        None
    }

    /// One cycle among `left` (nodes Kahn could not order), as edge indexes in order.
    fn find_cycle(&self, left: &HashSet<usize>) -> Vec<usize> {
        let mut out_edges: HashMap<usize, Vec<usize>> = HashMap::new();
        for (ei, e) in self.edges.iter().enumerate() {
            if left.contains(&e.from) && left.contains(&e.to) {
                out_edges.entry(e.from).or_default().push(ei);
            }
        }
        // Every node left has an edge to another node left, so walking always finds one;
        // the first node seen twice closes the cycle.
        let Some(&start) = left.iter().min() else {
            return Vec::new();
        };
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut path: Vec<usize> = Vec::new();
        let mut at = start;
        loop {
            if let Some(&pos) = seen.get(&at) {
                return path.split_off(pos);
            }
            seen.insert(at, path.len());
            let Some(&ei) = out_edges.get(&at).and_then(|v| v.iter().min()) else {
                return path;
            };
            path.push(ei);
            at = self.edges[ei].to;
        }
    }

    fn cycle_diagnostic(&self, cycle: &[usize]) -> Diagnostic {
        let names: Vec<String> = cycle
            .iter()
            .map(|&ei| self.nodes[self.edges[ei].from].key.to_string())
            .chain(
                cycle
                    .first()
                    .map(|&ei| self.nodes[self.edges[ei].from].key.to_string()),
            )
            .collect();
        let span = cycle
            .first()
            .map_or_else(|| self.fallback_span(), |&ei| self.edges[ei].cause.span);
        let mut d = Diagnostic::error(
            span,
            &DocPath::root(),
            format!("resource graph has a cycle: {}", names.join(" -> ")),
        )
        .with_help(
            "break the loop: have both resources read a third resource (a `config`) instead of each other",
        );
        for &ei in cycle {
            let e = &self.edges[ei];
            d = d.with_note(
                e.cause.span,
                format!(
                    "{} -> {} ({})",
                    self.nodes[e.from].key,
                    self.nodes[e.to].key,
                    e.cause.kind.describe()
                ),
            );
        }
        d
    }
}

/// Whether a resource of type `kind` is provisioned without a definition when none matches:
/// the implicit `workload` (deployed by `score_workload`) and `environment` (values supplied
/// by the deployment).
pub fn may_lack_definition(kind: &str) -> bool {
    matches!(kind, "workload" | "environment")
}

/// The edge-making placeholders of one string, each with its own span.
fn collect(string: &Node, template: &Template, out: &mut Vec<(Expr, Span)>) {
    for p in template.placeholders() {
        if matches!(p.expr, Expr::Resource { .. } | Expr::Select { .. }) {
            let span = string.span_at(p.offset, u32::try_from(p.len).unwrap_or(u32::MAX));
            out.push((p.expr.clone(), span));
        }
    }
}

#[cfg(test)]
mod tests;
