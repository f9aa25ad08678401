//! Checking a `score_resource_definition` configuration with core's loader.
//!
//! The configuration is written as its canonical document and loaded exactly as a definition
//! file is, so the resource accepts what `score2hcl definitions check` accepts and nothing
//! else. Core reports problems at document paths (`entity.criteria[1].env_type`);
//! [`attribute_path`] maps them back to the attribute the user wrote
//! (`criteria[1].env_type`), so Terraform points at the configuration line.

use score_core::definitions::{Criterion, Definition, load};
use score_core::path::Seg;
use score_core::{Diagnostic as CoreDiagnostic, DocPath, FileId, Severity as CoreSeverity, yaml};

use super::document;
use crate::framework::Diagnostics;
use crate::value::{AttributePath, Value};

/// The canonical document of `attrs` (wholly known) as YAML, with the problems core finds in
/// it reported on their attributes. Warnings are reported only when `warnings` is set
/// (validation runs before every plan, and a warning from both would show twice).
pub fn check(attrs: &Value, warnings: bool, diags: &mut Diagnostics) -> String {
    let text = document::document(attrs).to_yaml();
    let keys = provision_keys(attrs);
    if repeated_provision(&keys, diags) {
        // The document would repeat a mapping key, which no reader accepts.
        return text;
    }
    let docs = match yaml::parse_documents(FileId(0), &text) {
        Ok(docs) => docs,
        Err(d) => {
            // The writer quotes whatever could be misread, so this is the provider's fault.
            diags.push(crate::framework::Diagnostic::bug(
                "Unreadable Definition Document",
                format!(
                    "The document written for this definition does not parse: {}.",
                    d.message
                ),
            ));
            return text;
        }
    };
    let (defs, found) = load::load_documents(&docs);
    for d in &found {
        report(d, &keys, warnings, diags);
    }
    for def in &defs {
        repeated_criteria(def, diags);
    }
    text
}

/// Criteria a definition lists twice. Core's duplicate check is across definitions; within
/// one the second copy is dead weight that usually means an edit went wrong (a field
/// forgotten), so the resource refuses it too.
fn repeated_criteria(def: &Definition, diags: &mut Diagnostics) {
    let key = |c: &Criterion| {
        (
            c.class.clone(),
            c.res_id.clone(),
            c.app_id.clone(),
            c.env_id.clone(),
            c.env_type.clone(),
        )
    };
    for (j, later) in def.criteria.iter().enumerate() {
        if let Some(i) = def.criteria[..j].iter().position(|c| key(c) == key(later)) {
            diags.error_at(
                AttributePath::root().attr("criteria").index(j as i64),
                "Duplicate Criteria",
                format!(
                    "criteria[{j}] {later} repeats criteria[{i}]. Delete one, or make one more \
                     specific."
                ),
            );
        }
    }
}

/// The `resource` of each `provision` entry, in order.
fn provision_keys(attrs: &Value) -> Vec<String> {
    match attrs.get_attr("provision") {
        Some(Value::List(items)) => items
            .iter()
            .map(|p| {
                p.get_attr("resource")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A resource provisioned twice: the document's `provision` is a map, so one would be lost.
fn repeated_provision(keys: &[String], diags: &mut Diagnostics) -> bool {
    let mut found = false;
    for (j, key) in keys.iter().enumerate() {
        if let Some(i) = keys[..j].iter().position(|k| k == key) {
            diags.error_at(
                AttributePath::root()
                    .attr("provision")
                    .index(j as i64)
                    .attr("resource"),
                "Duplicate Provision",
                format!("provision[{j}] names the same resource as provision[{i}]. Merge the two."),
            );
            found = true;
        }
    }
    found
}

fn report(d: &CoreDiagnostic, keys: &[String], warnings: bool, diags: &mut Diagnostics) {
    let path = attribute_path(&d.path, keys);
    let detail = detail(d);
    match d.severity {
        CoreSeverity::Error => diags.error_at(path, &d.message, detail),
        CoreSeverity::Warning if warnings => diags.warning_at(path, &d.message, detail),
        CoreSeverity::Warning => {}
    }
}

/// `DOCUMENT_PATH: message`, then the hint: the document path is what the definition format
/// calls the value, for readers who know the YAML form.
fn detail(d: &CoreDiagnostic) -> String {
    let mut out = if d.path.is_root() {
        format!("{}.", d.message)
    } else {
        format!("In the definition document at {}: {}.", d.path, d.message)
    };
    if let Some(help) = &d.help {
        out.push_str(&format!(" Help: {help}."));
    }
    out
}

/// The attribute that holds the value at document path `path` of the canonical document;
/// `keys` are the provision entries' resources, in order.
pub fn attribute_path(path: &DocPath, keys: &[String]) -> AttributePath {
    let segs = path.segments();
    let key = |i: usize| match segs.get(i) {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    let root = AttributePath::root();
    match (key(0), key(1)) {
        (Some("metadata"), Some("id")) => root.attr("id"),
        (Some("entity"), Some("driver_inputs")) => match key(2) {
            Some(part) => within(root.attr("driver_inputs").attr(part), &segs[3..]),
            None => root.attr("driver_inputs"),
        },
        (Some("entity"), Some("provision")) => {
            let index = key(2).and_then(|k| keys.iter().position(|c| c == k));
            match (index, key(3)) {
                (Some(i), Some(field)) => within(
                    root.attr("provision").index(i as i64).attr(field),
                    &segs[4..],
                ),
                // The key itself is the `resource` attribute.
                (Some(i), None) => root.attr("provision").index(i as i64).attr("resource"),
                _ => root.attr("provision"),
            }
        }
        (Some("entity"), Some("criteria")) => match (segs.get(2), key(3)) {
            (Some(Seg::Index(i)), field) => {
                let item = root.attr("criteria").index(*i as i64);
                field.map_or(item.clone(), |f| item.attr(f))
            }
            _ => root.attr("criteria"),
        },
        (Some("entity"), Some(field)) => root.attr(field),
        _ => root,
    }
}

/// `base` extended by the rest of a document path inside a dynamic value: keys are object
/// attributes there, indexes tuple elements.
fn within(base: AttributePath, rest: &[Seg]) -> AttributePath {
    rest.iter().fold(base, |path, seg| match seg {
        Seg::Key(k) => path.attr(k),
        Seg::Index(i) => path.index(*i as i64),
    })
}
