//! Static checks of a workload's placeholders and `before` relations, before any resource
//! exists: the equivalent of score-go's `loader.Validate`, with positions.
//!
//! One deliberate difference: score-go's validator rejects `\.` and `/` inside keys, which its
//! own substitution supports (`${metadata.annotations.key\.com/foo}`); we accept what
//! substitution accepts (docs/design/0002-placeholders.md).

use crate::data::Data;
use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::placeholder::{self, RefError, Scope};
use crate::score::model::{FileSource, Ready, Text, Workload};
use crate::yaml::{Node, Value};
use std::collections::BTreeMap;

/// Every problem with the placeholders and `before` entries of `w`.
pub fn check_placeholders(w: &Workload) -> Vec<Diagnostic> {
    let metadata = w.metadata.node.to_data();
    let resources: BTreeMap<String, Option<Data>> =
        w.resources.keys().map(|k| (k.clone(), None)).collect();
    let scope = Scope {
        metadata: &metadata,
        resources: &resources,
        require_outputs: false,
    };
    let mut diags = Vec::new();
    for (name, c) in &w.containers {
        let base = DocPath::root().key("containers").key(name);
        for (var, text) in &c.variables {
            check_text(
                &mut diags,
                text,
                &base.key("variables").key(var),
                &scope,
                false,
            );
        }
        for (target, file) in &c.files {
            if let (FileSource::Content(text), false) = (&file.source, file.no_expand) {
                let path = base.key("files").key(target).key("content");
                check_text(&mut diags, text, &path, &scope, false);
            }
        }
        for (target, volume) in &c.volumes {
            let path = base.key("volumes").key(target).key("source");
            check_text(&mut diags, &volume.source, &path, &scope, true);
        }
        let literal_fields = [
            ("image", Some(std::slice::from_ref(&c.image))),
            ("command", c.command.as_deref()),
            ("args", c.args.as_deref()),
        ];
        for (field, texts) in literal_fields {
            for text in texts.unwrap_or_default() {
                warn_unexpanded(&mut diags, text, &base.key(field));
            }
        }
    }
    for (name, r) in &w.resources {
        if let Some(params) = &r.params {
            let path = DocPath::root().key("resources").key(name).key("params");
            check_node(&mut diags, params, &path, &scope);
        }
    }
    check_before(&mut diags, w);
    diags
}

fn check_text(
    diags: &mut Vec<Diagnostic>,
    text: &Text,
    path: &DocPath,
    scope: &Scope<'_>,
    volume_source: bool,
) {
    let template = placeholder::parse(text.as_str());
    for r in template.refs() {
        let outcome = match r.keys.as_slice() {
            // `${resources.NAME}` names a whole resource: allowed as a volume source only.
            [root, name] if volume_source && root == "resources" => {
                if scope.resources.contains_key(name) {
                    Ok(())
                } else {
                    Err(RefError::NoResource(name.clone()))
                }
            }
            _ => placeholder::resolve(r, scope).map(|_| ()),
        };
        if let Err(e) = outcome {
            let mut d = Diagnostic::error(
                text.span_at(r.offset, r.len),
                path,
                format!("invalid ref '{}': {e}", r.raw),
            );
            d.help = e.help();
            diags.push(d);
        }
    }
}

fn check_node(diags: &mut Vec<Diagnostic>, node: &Node, path: &DocPath, scope: &Scope<'_>) {
    match &node.value {
        Value::Str(_) => {
            if let Some(text) = Text::new(node) {
                check_text(diags, &text, path, scope, false);
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                check_node(diags, item, &path.index(i), scope);
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                check_node(diags, v, &path.key(&k.name), scope);
            }
        }
        _ => {}
    }
}

/// Score expands nothing in `image`, `command` or `args`; a Score reference there is almost
/// always a mistake, so say so (without failing: it is valid Score).
fn warn_unexpanded(diags: &mut Vec<Diagnostic>, text: &Text, path: &DocPath) {
    let template = placeholder::parse(text.as_str());
    for r in template.refs() {
        if matches!(r.keys[0].as_str(), "metadata" | "resources") {
            diags.push(
                Diagnostic::warning(
                    text.span_at(r.offset, r.len),
                    path,
                    format!("placeholder '${{{}}}' is not expanded here", r.raw),
                )
                .with_help("Score expands placeholders only in variables, files, volume sources and resource params; pass the value through a variable"),
            );
        }
    }
}

fn check_before(diags: &mut Vec<Diagnostic>, w: &Workload) {
    for (name, c) in &w.containers {
        let path = DocPath::root().key("containers").key(name).key("before");
        for (target, before) in &c.before {
            let p = path.key(target);
            if target == name {
                diags.push(Diagnostic::error(
                    before.span,
                    &p,
                    format!("container '{name}' has a self-referencing before entry"),
                ));
            } else if !w.containers.contains_key(target) {
                diags.push(Diagnostic::error(
                    before.span,
                    &p,
                    format!("container '{name}' before refers to unknown container '{target}'"),
                ));
            }
            if before.ready == Ready::Healthy
                && c.readiness_probe.is_none()
                && c.liveness_probe.is_none()
            {
                diags.push(Diagnostic::error(
                    before.span,
                    &p,
                    format!("ready 'healthy' requires a readiness or liveness probe on container '{name}'"),
                ));
            }
        }
    }
    if let Some(cycle) = before_cycle(w) {
        let first = &w.containers[&cycle[0]];
        let span = first.before.values().next().map_or(first.span, |b| b.span);
        let path = DocPath::root()
            .key("containers")
            .key(&cycle[0])
            .key("before");
        diags.push(Diagnostic::error(
            span,
            &path,
            format!(
                "containers before relationships contain a cycle: {}",
                cycle.join(" -> ")
            ),
        ));
    }
}

/// A cycle among `before` edges between distinct, known containers, as a closed walk.
fn before_cycle(w: &Workload) -> Option<Vec<String>> {
    let edges = |name: &str| -> Vec<&String> {
        w.containers[name]
            .before
            .keys()
            .filter(|t| *t != name && w.containers.contains_key(*t))
            .collect()
    };
    // Colours: 0 unvisited, 1 on the current path, 2 done. Iterative to keep stack use flat.
    let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
    for start in w.containers.keys() {
        if colour.get(start.as_str()).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(&str, Vec<&String>)> = vec![(start, edges(start))];
        colour.insert(start, 1);
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            match next.pop() {
                Some(t) => match colour.get(t.as_str()).copied().unwrap_or(0) {
                    0 => {
                        colour.insert(t, 1);
                        stack.push((t, edges(t)));
                    }
                    1 => {
                        let from = stack
                            .iter()
                            .position(|(n, _)| *n == t.as_str())
                            .unwrap_or(0);
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                        cycle.push(t.clone());
                        return Some(cycle);
                    }
                    _ => {}
                },
                None => {
                    colour.insert(node, 2);
                    stack.pop();
                }
            }
        }
    }
    None
}
