//! Overrides applied to a Score document before validation: a deep-merged overrides file
//! (`--overrides-file`) and `path=value` properties (`--override-property`), with score-go's
//! semantics and messages (`framework/override_utils.go`).

use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::source::{FileId, Pos, Span};
use crate::yaml::{self, Key, Node, Value};

/// Merges `overrides` into `doc`: mappings merge key by key, a null deletes the key, any other
/// value replaces what was there.
pub fn merge_file(doc: &mut Node, overrides: &Node) -> Result<(), Diagnostic> {
    if !matches!(overrides.value, Value::Map(_)) {
        return Err(Diagnostic::error(
            overrides.span,
            &DocPath::root(),
            format!(
                "an overrides file must hold a mapping, found {}",
                overrides.kind()
            ),
        ));
    }
    merge(doc, overrides);
    Ok(())
}

fn merge(target: &mut Node, overrides: &Node) {
    let (Value::Map(into), Value::Map(from)) = (&mut target.value, &overrides.value) else {
        *target = overrides.clone();
        return;
    };
    for (key, value) in from {
        let existing = into.iter().position(|(k, _)| k.name == key.name);
        match (existing, &value.value) {
            (Some(i), Value::Null) => {
                into.remove(i);
            }
            (None, Value::Null) => {}
            (Some(i), _) => merge(&mut into[i].1, value),
            (None, _) => into.push((key.clone(), value.clone())),
        }
    }
}

/// Splits an override path on `.`; `\.` is a literal dot and `\\` a literal backslash.
pub fn split_path(path: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        let current = parts.len() - 1;
        match (c, chars.peek()) {
            ('\\', Some('\\')) | ('\\', Some('.')) => {
                let escaped = chars.next().unwrap_or(c);
                parts[current].push(escaped);
            }
            ('.', _) => parts.push(String::new()),
            (c, _) => parts[current].push(c),
        }
    }
    parts
}

/// Applies one `path=value` property. `spec` is the whole property text, registered by the
/// caller as file `file`, so positions in the value point into it. An empty value, or
/// `null`, deletes the path.
pub fn apply_property(doc: &mut Node, spec: &str, file: FileId) -> Result<(), Diagnostic> {
    let at = Span::file_start(file);
    let Some((path, value_text)) = spec.split_once('=') else {
        return Err(Diagnostic::error(
            at,
            &DocPath::root(),
            format!("override property '{spec}' is not of the form path=value"),
        ));
    };
    let value = if value_text.is_empty() {
        None
    } else {
        let cols = path.chars().count() as u32 + 1;
        let mut node =
            yaml::parse_single(file, value_text, "override value").map_err(|mut e| {
                shift_pos(&mut e.span.start, cols);
                shift_pos(&mut e.span.end, cols);
                e
            })?;
        shift_first_line(&mut node, cols);
        Some(node).filter(|n| !matches!(n.value, Value::Null))
    };
    let parts = split_path(path);
    set_path(doc, &parts, value, file).map_err(|message| {
        Diagnostic::error(
            at,
            &DocPath::root(),
            format!("failed to override '{path}': {message}"),
        )
    })
}

/// Moves spans on line 1 right by `cols`: the value was parsed without its `path=` prefix.
fn shift_first_line(node: &mut Node, cols: u32) {
    let shift = |p: &mut Pos| shift_pos(p, cols);
    shift(&mut node.span.start);
    shift(&mut node.span.end);
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift_first_line(n, cols)),
        Value::Map(entries) => {
            for (k, v) in entries {
                shift(&mut k.span.start);
                shift(&mut k.span.end);
                shift_first_line(v, cols);
            }
        }
        _ => {}
    }
}

fn shift_pos(p: &mut Pos, cols: u32) {
    if p.line == 1 {
        p.col += cols;
    }
}

fn set_path(
    node: &mut Node,
    path: &[String],
    value: Option<Node>,
    file: FileId,
) -> Result<(), String> {
    let Some((head, rest)) = path.split_first() else {
        return Err("cannot change root node".to_owned());
    };
    let prefix = |e: String| format!("{head}: {e}");
    match &mut node.value {
        Value::Map(entries) => {
            let existing = entries.iter().position(|(k, _)| k.name == *head);
            if rest.is_empty() {
                match (existing, value) {
                    (Some(i), None) => {
                        entries.remove(i);
                    }
                    (None, None) => {}
                    (Some(i), Some(v)) => entries[i].1 = v,
                    (None, Some(v)) => {
                        let key = Key {
                            name: head.clone(),
                            span: v.span,
                        };
                        entries.push((key, v));
                    }
                }
                return Ok(());
            }
            let i = match existing {
                Some(i) => i,
                None => {
                    let span = Span::file_start(file);
                    let key = Key {
                        name: head.clone(),
                        span,
                    };
                    entries.push((key, Node::synthetic(Value::Map(Vec::new()), span)));
                    entries.len() - 1
                }
            };
            set_path(&mut entries[i].1, rest, value, file).map_err(prefix)
        }
        Value::Seq(items) => {
            let index: i64 = head
                .parse()
                .map_err(|_| format!("failed to parse '{head}' as array index"))?;
            let in_range = usize::try_from(index).ok().filter(|i| *i < items.len());
            if rest.is_empty() {
                return match (value, in_range) {
                    (None, Some(i)) => {
                        items.remove(i);
                        Ok(())
                    }
                    (None, None) => Err(format!("cannot remove '{index}' in array: out of range")),
                    (Some(v), _) if index == -1 => {
                        items.push(v);
                        Ok(())
                    }
                    (Some(v), Some(i)) => {
                        items[i] = v;
                        Ok(())
                    }
                    (Some(_), None) => Err(format!("cannot set '{index}' in array: out of range")),
                };
            }
            let i =
                in_range.ok_or_else(|| format!("cannot set '{index}' in array: out of range"))?;
            set_path(&mut items[i], rest, value, file).map_err(prefix)
        }
        _ => Err("cannot set path in non-map/non-array".to_owned()),
    }
}
