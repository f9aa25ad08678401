//! Resource identity across workloads: UIDs, sharing by `id`, and provisioning order.
//!
//! A resource's UID is `type.class#workload.name`, or `type.class#id` when it has an `id`;
//! the class defaults to `default`. Resources with the same UID are one shared resource,
//! whose params and metadata must agree. Resources are ordered so that a resource comes after
//! every resource its params reference (Kahn's algorithm, ties broken by UID), as score-go's
//! `GetSortedResourceUids` does.

use crate::data::Data;
use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::placeholder;
use crate::score::model::{Resource, Workload};
use crate::yaml::{Node, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A resource's identity: `type.class#workload.name` or `type.class#id`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceUid(String);

impl ResourceUid {
    /// The UID from its parts; `class` `None` means `default`.
    pub fn new(
        kind: &str,
        class: Option<&str>,
        workload: &str,
        name: &str,
        id: Option<&str>,
    ) -> ResourceUid {
        let class = class.unwrap_or("default");
        ResourceUid(match id {
            Some(id) => format!("{kind}.{class}#{id}"),
            None => format!("{kind}.{class}#{workload}.{name}"),
        })
    }

    /// The UID of resource `name` declared by `workload`.
    pub fn of(workload: &str, name: &str, r: &Resource) -> ResourceUid {
        let class = r.class.as_ref().map(|c| c.as_str());
        let id = r.id.as_ref().map(|i| i.as_str());
        ResourceUid::new(r.kind.as_str(), class, workload, name, id)
    }

    /// The UID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ResourceUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One resource of a set of workloads, after sharing.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectResource {
    /// The UID.
    pub uid: ResourceUid,
    /// `type`.
    pub kind: String,
    /// `class`, `default` when not given.
    pub class: String,
    /// `id`, when given.
    pub id: Option<String>,
    /// `params` of the defining declaration.
    pub params: Option<Node>,
    /// `metadata` of the defining declaration.
    pub metadata: Option<Node>,
    /// The workload whose declaration defines params and metadata: the first (by name) that
    /// gives params, else the first.
    pub source_workload: String,
    /// Every (workload, resource name) that declares it, in order.
    pub declared_by: Vec<(String, String)>,
    /// UIDs this resource's params reference, sorted.
    pub depends_on: Vec<ResourceUid>,
}

fn is_empty(node: &Option<Node>) -> bool {
    match node {
        None => true,
        Some(n) => {
            matches!(&n.value, Value::Map(e) if e.is_empty()) || matches!(n.value, Value::Null)
        }
    }
}

fn data(node: &Option<Node>) -> Option<Data> {
    node.as_ref().map(Node::to_data)
}

/// The resources of `workloads`, shared by UID and in provisioning order, with every
/// conflict found: duplicate workload names, shared resources whose params or metadata
/// differ, and cycles between params references.
pub fn collect_resources(workloads: &[Workload]) -> (Vec<ProjectResource>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sorted: Vec<&Workload> = workloads.iter().collect();
    sorted.sort_by(|a, b| a.name().cmp(b.name()));
    for pair in sorted.windows(2) {
        if pair[0].name() == pair[1].name() {
            let name = &pair[1].metadata.name;
            diags.push(
                Diagnostic::error(
                    name.span(),
                    &DocPath::root().key("metadata").key("name"),
                    format!("workload name '{}' is used more than once", name.as_str()),
                )
                .with_help(format!(
                    "another Score file also declares workload '{}' (line {})",
                    name.as_str(),
                    pair[0].metadata.name.span().start.line
                )),
            );
        }
    }
    let mut by_uid: BTreeMap<ResourceUid, ProjectResource> = BTreeMap::new();
    for w in &sorted {
        for (name, r) in &w.resources {
            let uid = ResourceUid::of(w.name(), name, r);
            let path = DocPath::root().key("resources").key(name);
            match by_uid.get_mut(&uid) {
                None => {
                    by_uid.insert(
                        uid.clone(),
                        ProjectResource {
                            uid,
                            kind: r.kind.as_str().to_owned(),
                            class: r.class_or_default().to_owned(),
                            id: r.id.as_ref().map(|i| i.as_str().to_owned()),
                            params: r.params.clone(),
                            metadata: r.metadata.clone(),
                            source_workload: w.name().to_owned(),
                            declared_by: vec![(w.name().to_owned(), name.clone())],
                            depends_on: Vec::new(),
                        },
                    );
                }
                Some(existing) => {
                    existing
                        .declared_by
                        .push((w.name().to_owned(), name.clone()));
                    if merge_field(
                        &mut diags,
                        &uid,
                        "params",
                        &mut existing.params,
                        &r.params,
                        r,
                        &path,
                    ) {
                        // The declaration that gives the params defines the resource.
                        existing.source_workload = w.name().to_owned();
                    }
                    merge_field(
                        &mut diags,
                        &uid,
                        "metadata",
                        &mut existing.metadata,
                        &r.metadata,
                        r,
                        &path,
                    );
                }
            }
        }
    }
    let ordered = order(&sorted, by_uid, &mut diags);
    (ordered, diags)
}

/// Takes `incoming` when `current` is empty (returning true); reports a conflict when both
/// are given and differ.
fn merge_field(
    diags: &mut Vec<Diagnostic>,
    uid: &ResourceUid,
    field: &str,
    current: &mut Option<Node>,
    incoming: &Option<Node>,
    r: &Resource,
    path: &DocPath,
) -> bool {
    if is_empty(incoming) {
        return false;
    }
    if is_empty(current) {
        *current = incoming.clone();
        return true;
    }
    if data(current) != data(incoming) {
        let span = incoming.as_ref().map_or(r.span, |n| n.span);
        diags.push(
            Diagnostic::error(
                span,
                &path.key(field),
                format!("resource '{uid}': multiple definitions with different {field}"),
            )
            .with_help(format!(
                "every declaration of a shared resource must give the same {field}, or none"
            )),
        );
    }
    false
}

/// Resource names referenced by `${resources.NAME...}` in the string leaves of `node`.
fn param_refs(node: &Node, out: &mut BTreeSet<String>) {
    match &node.value {
        Value::Str(s) => {
            for r in placeholder::parse(s).refs() {
                if r.keys.len() >= 2 && r.keys[0] == "resources" {
                    out.insert(r.keys[1].clone());
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|n| param_refs(n, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| param_refs(v, out)),
        _ => {}
    }
}

fn order(
    workloads: &[&Workload],
    mut by_uid: BTreeMap<ResourceUid, ProjectResource>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ProjectResource> {
    let by_name: BTreeMap<&str, &Workload> = workloads.iter().map(|w| (w.name(), *w)).collect();
    for res in by_uid.values_mut() {
        let mut names = BTreeSet::new();
        if let Some(p) = &res.params {
            param_refs(p, &mut names);
        }
        let Some(w) = by_name.get(res.source_workload.as_str()) else {
            continue;
        };
        // Unknown names are reported by the placeholder checks; here they add no edge.
        let deps: BTreeSet<ResourceUid> = names
            .iter()
            .filter_map(|n| w.resources.get(n).map(|r| ResourceUid::of(w.name(), n, r)))
            .collect();
        res.depends_on = deps.into_iter().collect();
    }
    let mut indegree: BTreeMap<ResourceUid, usize> =
        by_uid.keys().map(|u| (u.clone(), 0)).collect();
    let mut dependents: BTreeMap<ResourceUid, Vec<ResourceUid>> = BTreeMap::new();
    for res in by_uid.values() {
        for dep in &res.depends_on {
            *indegree.entry(res.uid.clone()).or_default() += 1;
            dependents
                .entry(dep.clone())
                .or_default()
                .push(res.uid.clone());
        }
    }
    let mut ready: BTreeSet<ResourceUid> = indegree
        .iter()
        .filter(|(_, d)| **d == 0)
        .map(|(u, _)| u.clone())
        .collect();
    let mut out = Vec::with_capacity(by_uid.len());
    while let Some(uid) = ready.pop_first() {
        for next in dependents.get(&uid).into_iter().flatten() {
            if let Some(d) = indegree.get_mut(next) {
                *d -= 1;
                if *d == 0 {
                    ready.insert(next.clone());
                }
            }
        }
        if let Some(res) = by_uid.remove(&uid) {
            out.push(res);
        }
    }
    if !by_uid.is_empty() {
        let cycle = find_cycle(&by_uid);
        let first = &by_uid[&cycle[0]];
        let span = first.params.as_ref().map_or_else(
            || crate::source::Span::file_start(crate::source::FileId(0)),
            |p| p.span,
        );
        let (_, name) = &first.declared_by[0];
        let names: Vec<&str> = cycle.iter().map(ResourceUid::as_str).collect();
        diags.push(Diagnostic::error(
            span,
            &DocPath::root().key("resources").key(name).key("params"),
            format!(
                "a cycle exists involving resource param placeholders: {}",
                names.join(" -> ")
            ),
        ));
        out.extend(by_uid.into_values());
    }
    out
}

/// A cycle among the resources left after a topological sort, as a closed walk.
fn find_cycle(left: &BTreeMap<ResourceUid, ProjectResource>) -> Vec<ResourceUid> {
    // Every resource left has a dependency that is also left, so walking dependencies from
    // any of them must revisit one: that revisit closes the cycle.
    let Some(mut at) = left.keys().next().cloned() else {
        return Vec::new();
    };
    let mut walk: Vec<ResourceUid> = Vec::new();
    loop {
        if let Some(i) = walk.iter().position(|u| *u == at) {
            let mut cycle = walk[i..].to_vec();
            cycle.push(at);
            return cycle;
        }
        walk.push(at.clone());
        let next = left[&at]
            .depends_on
            .iter()
            .find(|d| left.contains_key(*d))
            .cloned();
        match next {
            Some(n) => at = n,
            None => return walk,
        }
    }
}
