//! Upgrades deprecated forms before validation, as score-go's `ApplyCommonUpgradeTransforms`
//! does: `files` and `volumes` lists become maps keyed by `target`, a list `content` becomes
//! newline-joined text, and a volume's `read_only` becomes `readOnly`.

use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::yaml::{Key, Node, Value};

/// Upgrades `doc` in place; returns a warning per upgraded list and an error per list item
/// that cannot be upgraded.
pub(crate) fn upgrade(doc: &mut Node) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(containers) = super::containers_mut(doc) else {
        return diags;
    };
    for (name, container) in containers.iter_mut() {
        let Value::Map(fields) = &mut container.value else {
            continue;
        };
        let base = DocPath::root().key("containers").key(&name.name);
        for (key, value) in fields.iter_mut() {
            let is_files = key.name == "files";
            if (is_files || key.name == "volumes") && matches!(value.value, Value::Seq(_)) {
                diags.push(
                    Diagnostic::warning(
                        key.span,
                        &base.key(&key.name),
                        format!("the list form of '{}' is deprecated", key.name),
                    )
                    .with_help("use a mapping from target path to entry"),
                );
                list_to_map(value, &base.key(&key.name), is_files, &mut diags);
            }
        }
    }
    diags
}

fn list_to_map(list: &mut Node, path: &DocPath, is_files: bool, diags: &mut Vec<Diagnostic>) {
    let Value::Seq(items) = std::mem::replace(&mut list.value, Value::Null) else {
        return;
    };
    let mut entries: Vec<(Key, Node)> = Vec::with_capacity(items.len());
    for (i, mut item) in items.into_iter().enumerate() {
        let item_path = path.index(i);
        let item_span = item.span;
        let Value::Map(fields) = &mut item.value else {
            diags.push(Diagnostic::error(
                item.span,
                &item_path,
                format!("expected a mapping, found {}", item.kind()),
            ));
            continue;
        };
        let Some(at) = fields.iter().position(|(k, _)| k.name == "target") else {
            diags.push(Diagnostic::error(
                item_span,
                &item_path,
                "missing required field 'target'",
            ));
            continue;
        };
        let (target_key, target) = fields.remove(at);
        let Some(name) = target.as_str().map(str::to_owned) else {
            diags.push(Diagnostic::error(
                target.span,
                &item_path.key("target"),
                format!("expected a string, found {}", target.kind()),
            ));
            continue;
        };
        if let Some((first, _)) = entries.iter().find(|(k, _)| k.name == name) {
            diags.push(Diagnostic::error(
                target.span,
                &item_path.key("target"),
                format!(
                    "duplicate target '{name}' (first at line {})",
                    first.span.start.line
                ),
            ));
            continue;
        }
        for (key, value) in fields.iter_mut() {
            if is_files && key.name == "content" {
                join_lines(value);
            }
            if !is_files && key.name == "read_only" {
                key.name = "readOnly".to_owned();
            }
        }
        let key = Key {
            name,
            span: target_key.span,
        };
        entries.push((key, item));
    }
    list.value = Value::Map(entries);
}

/// A list of strings as `content` is the old way to write lines.
fn join_lines(content: &mut Node) {
    if let Value::Seq(lines) = &content.value {
        let strings: Option<Vec<&str>> = lines.iter().map(Node::as_str).collect();
        if let Some(strings) = strings {
            content.value = Value::Str(strings.join("\n"));
        }
    }
}
