//! Reading a Score spec into what `score_workload` and `parse_workload` return.
//!
//! Pure and synchronous: text in, a [`Parsed`] workload or positioned problems out. The
//! Terraform side (types, values, diagnostics) lives in the sibling modules, so this file
//! speaks only `score-core`.

use score_core::score::{self, LoadOptions, ResourceUid, Workload};
use score_core::{Data, Diagnostic, DocPath, FileId, Severity, data, yaml};

/// A workload as the data source and the function report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// `metadata.name`.
    pub name: String,
    /// Containers in name order.
    pub containers: Vec<Container>,
    /// Resource requests in name order.
    pub resource_requests: Vec<ResourceRequest>,
}

/// One container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    /// The key under `containers`.
    pub name: String,
    /// `image` as written; `.` (an image built by CI) is kept as it is.
    pub image: String,
}

/// One entry of the workload's `resources`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceRequest {
    /// The key under `resources`.
    pub name: String,
    /// `type.class#workload.name`, or `type.class#id` for a shared resource.
    pub uid: String,
    /// `type`.
    pub kind: String,
    /// `class`, `default` when not written (as in the UID).
    pub class: String,
    /// `id`, when written.
    pub id: Option<String>,
    /// `params` as compact JSON with sorted keys, when written.
    pub params: Option<String>,
}

/// A problem with the spec, worded for a Terraform diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The engine's message.
    pub message: String,
    /// `PATH (line L, col C): MESSAGE`, then the hint when there is one.
    pub detail: String,
}

/// Reads `spec` (YAML or JSON). Returns the workload when there is no error, and every
/// problem found either way (warnings may come with a workload).
pub fn parse(spec: &str) -> (Option<Parsed>, Vec<Problem>) {
    let (workload, problems) = load_spec(spec);
    (workload.map(|w| summarize(&w)), problems)
}

/// Reads `spec` into the typed workload (what `score_workload` the resource builds on), with
/// every problem found. A spec over score-core's size limit (the one `score2hcl` puts on a
/// Score file) is refused before it is parsed.
pub fn load_spec(spec: &str) -> (Option<Workload>, Vec<Problem>) {
    let (workload, diags) = load(spec);
    (workload, diags.iter().map(problem).collect())
}

/// Loads the spec the way `score2hcl validate` loads one file without overrides.
fn load(spec: &str) -> (Option<Workload>, Vec<Diagnostic>) {
    let doc = match yaml::parse_single(FileId(0), spec, "spec") {
        Ok(doc) => doc,
        Err(d) => return (None, vec![d]),
    };
    if !matches!(doc.value, yaml::Value::Map(_)) {
        let message = format!("a Score spec holds a mapping, found {}", doc.kind());
        return (
            None,
            vec![Diagnostic::error(doc.span, &DocPath::root(), message)],
        );
    }
    // `image: .` stands for "the image CI builds". The data source reports images as
    // written, so `.` is replaced by itself rather than rejected for want of `--image`.
    let options = LoadOptions { image: Some(".") };
    let (workload, mut diags) = score::load(doc, &options);
    if let Some(w) = &workload {
        // Two resources of one workload may still conflict (same id, different params) or
        // reference each other in a cycle; the cross-workload check finds both.
        diags.extend(score::collect_resources(std::slice::from_ref(w)).1);
    }
    let ok = !score_core::diag::has_errors(&diags);
    (workload.filter(|_| ok), diags)
}

/// The names, containers and resource requests of a loaded workload.
pub fn summarize(w: &Workload) -> Parsed {
    let containers = w
        .containers
        .iter()
        .map(|(name, c)| Container {
            name: name.clone(),
            image: c.image.as_str().to_owned(),
        })
        .collect();
    let resource_requests = w
        .resources
        .iter()
        .map(|(name, r)| ResourceRequest {
            name: name.clone(),
            uid: ResourceUid::of(w.name(), name, r).as_str().to_owned(),
            kind: r.kind.as_str().to_owned(),
            class: r.class_or_default().to_owned(),
            id: r.id.as_ref().map(|id| id.as_str().to_owned()),
            params: r.params.as_ref().map(|p| json(&p.to_data())),
        })
        .collect();
    Parsed {
        name: w.name().to_owned(),
        containers,
        resource_requests,
    }
}

/// Compact JSON, mapping keys sorted (as Terraform's `jsonencode` writes them).
fn json(d: &Data) -> String {
    match d {
        // `to_interpolated` leaves strings bare, as placeholders need; JSON quotes them.
        Data::Str(s) => data::json_string(s),
        other => other.to_interpolated(),
    }
}

fn problem(d: &Diagnostic) -> Problem {
    let pos = d.span.start;
    let mut detail = if d.path.is_root() {
        format!("line {}, col {}: {}", pos.line, pos.col, d.message)
    } else {
        format!(
            "{} (line {}, col {}): {}",
            d.path, pos.line, pos.col, d.message
        )
    };
    if let Some(help) = &d.help {
        detail.push_str("\n\n");
        detail.push_str(help);
    }
    Problem {
        severity: d.severity,
        message: d.message.clone(),
        detail,
    }
}

#[cfg(test)]
mod tests;
