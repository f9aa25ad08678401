//! Plain values without positions: resource outputs, resolved workloads, placeholder results.

use std::fmt::Write as _;

/// A JSON/YAML value. Mappings keep their insertion order.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    /// `null` / `~`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Data>),
    /// A mapping with string keys, in insertion order.
    Map(Vec<(String, Data)>),
}

impl Data {
    /// The value under `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Data> {
        match self {
            Data::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Data::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the kind of value, for messages: "a string", "a mapping", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Data::Null => "null",
            Data::Bool(_) => "a boolean",
            Data::Int(_) => "an integer",
            Data::Float(_) => "a number",
            Data::Str(_) => "a string",
            Data::Seq(_) => "a sequence",
            Data::Map(_) => "a mapping",
        }
    }

    /// The value as it appears when inserted into a string: strings as they are, everything
    /// else JSON-encoded with mapping keys sorted, as Score's reference implementation does.
    pub fn to_interpolated(&self) -> String {
        match self {
            Data::Str(s) => s.clone(),
            other => {
                let mut out = String::new();
                write_json(&mut out, other, None, true);
                out
            }
        }
    }

    /// Pretty JSON, two-space indented, mappings in insertion order.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        write_json(&mut out, self, Some(0), false);
        out.push('\n');
        out
    }

    /// Block-style YAML, mappings in insertion order. Strings that could be read back as
    /// anything but the same string are double-quoted.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        match self {
            Data::Map(entries) if !entries.is_empty() => write_yaml_map(&mut out, entries, 0),
            Data::Seq(items) if !items.is_empty() => write_yaml_seq(&mut out, items, 0),
            scalar => {
                push_yaml_scalar(&mut out, scalar);
                out.push('\n');
            }
        }
        out
    }
}

/// A JSON string literal for `s`.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_json_string(&mut out, s);
    out
}

/// Appends the JSON string literal for `s` to `out` (no intermediate string: the writers
/// below call this for every key and value).
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn number(d: &Data) -> Option<String> {
    match d {
        Data::Int(i) => Some(i.to_string()),
        // JSON has no NaN or infinity; null is what encoders commonly write instead.
        Data::Float(f) if !f.is_finite() => Some("null".to_owned()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{f:.1}")),
        Data::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

fn write_json(out: &mut String, d: &Data, indent: Option<usize>, sort_keys: bool) {
    let newline = |out: &mut String, level: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', level * 2));
    };
    match d {
        Data::Null => out.push_str("null"),
        Data::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Data::Int(_) | Data::Float(_) => out.push_str(&number(d).unwrap_or_default()),
        Data::Str(s) => push_json_string(out, s),
        Data::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(level) = indent {
                    newline(out, level + 1);
                }
                write_json(out, item, indent.map(|l| l + 1), sort_keys);
            }
            if let (Some(level), false) = (indent, items.is_empty()) {
                newline(out, level);
            }
            out.push(']');
        }
        Data::Map(entries) => {
            let mut refs: Vec<&(String, Data)> = entries.iter().collect();
            if sort_keys {
                refs.sort_by(|a, b| a.0.cmp(&b.0));
            }
            out.push('{');
            for (i, (k, v)) in refs.iter().map(|e| (&e.0, &e.1)).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(level) = indent {
                    newline(out, level + 1);
                }
                push_json_string(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(out, v, indent.map(|l| l + 1), sort_keys);
            }
            if let (Some(level), false) = (indent, entries.is_empty()) {
                newline(out, level);
            }
            out.push('}');
        }
    }
}

/// Whether a plain YAML scalar with this text reads back as exactly this string.
///
/// Called for every key and string value written, so it allocates nothing.
fn plain_yaml_ok(s: &str) -> bool {
    if s.is_empty() || s.trim().len() != s.len() || !crate::yaml::plain_is_string(s) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`~".contains(first) {
        return false;
    }
    // YAML 1.1 readers (still common) take these for booleans, and text starting like a
    // number for numbers (`1_000`, `1:30`); quoting keeps them strings everywhere.
    const YAML_11_BOOLEANS: [&str; 6] = ["y", "n", "yes", "no", "on", "off"];
    if YAML_11_BOOLEANS.iter().any(|b| s.eq_ignore_ascii_case(b)) {
        return false;
    }
    let unsigned = s.trim_start_matches(['+', '.']);
    if unsigned.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let comment_or_value = |w: &[u8]| w == b": " || w == b" #";
    !(s.as_bytes().windows(2).any(comment_or_value)
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control() || c == '\u{feff}'))
}

fn push_yaml_scalar(out: &mut String, d: &Data) {
    match d {
        Data::Str(s) if plain_yaml_ok(s) => out.push_str(s),
        Data::Seq(_) => out.push_str("[]"),
        Data::Map(_) => out.push_str("{}"),
        other => write_json(out, other, None, false),
    }
}

fn push_yaml_key(out: &mut String, k: &str) {
    if plain_yaml_ok(k) {
        out.push_str(k);
    } else {
        push_json_string(out, k);
    }
}

fn is_block(d: &Data) -> bool {
    matches!(d, Data::Map(e) if !e.is_empty()) || matches!(d, Data::Seq(i) if !i.is_empty())
}

fn write_yaml_map(out: &mut String, entries: &[(String, Data)], level: usize) {
    for (k, v) in entries {
        out.extend(std::iter::repeat_n(' ', level * 2));
        write_yaml_entry(out, k, v, level);
    }
}

/// `key: value` of a mapping at `level`, the indentation already written.
fn write_yaml_entry(out: &mut String, k: &str, v: &Data, level: usize) {
    push_yaml_key(out, k);
    out.push(':');
    write_yaml_value(out, v, level);
}

fn write_yaml_seq(out: &mut String, items: &[Data], level: usize) {
    for item in items {
        out.extend(std::iter::repeat_n(' ', level * 2));
        out.push('-');
        match item {
            // A mapping item starts on the dash's line: "- key: value".
            Data::Map(entries) if !entries.is_empty() => {
                out.push(' ');
                if let Some(((k, v), rest)) = entries.split_first() {
                    write_yaml_entry(out, k, v, level + 1);
                    write_yaml_map(out, rest, level + 1);
                }
            }
            other => write_yaml_value(out, other, level),
        }
    }
}

fn write_yaml_value(out: &mut String, v: &Data, level: usize) {
    match v {
        Data::Map(e) if is_block(v) => {
            out.push('\n');
            write_yaml_map(out, e, level + 1);
        }
        Data::Seq(i) if is_block(v) => {
            out.push('\n');
            write_yaml_seq(out, i, level + 1);
        }
        scalar => {
            out.push(' ');
            push_yaml_scalar(out, scalar);
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, Data)]) -> Data {
        Data::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn interpolation_sorts_keys_and_encodes_json() {
        let d = map(&[("b", Data::Int(1)), ("a", Data::Str("x\"y".into()))]);
        assert_eq!(d.to_interpolated(), r#"{"a":"x\"y","b":1}"#);
        assert_eq!(Data::Int(5432).to_interpolated(), "5432");
        assert_eq!(Data::Str("plain".into()).to_interpolated(), "plain");
        assert_eq!(Data::Null.to_interpolated(), "null");
        assert_eq!(Data::Float(1.5).to_interpolated(), "1.5");
    }

    #[test]
    fn yaml_quotes_what_would_change_type() {
        let d = map(&[
            ("a", Data::Str("8080".into())),
            ("b", Data::Str("true".into())),
            ("c", Data::Str("hello world".into())),
            ("d", Data::Str("".into())),
            (
                "e",
                Data::Seq(vec![Data::Int(1), map(&[("x", Data::Null)])]),
            ),
            ("f", Data::Str("a: b".into())),
            ("g", Data::Str("yes".into())),
            ("h", Data::Str("1_000".into())),
            ("/etc/x", Data::Map(vec![])),
        ]);
        let expected = "a: \"8080\"\nb: \"true\"\nc: hello world\nd: \"\"\ne:\n  - 1\n  - x: null\nf: \"a: b\"\ng: \"yes\"\nh: \"1_000\"\n/etc/x: {}\n";
        assert_eq!(d.to_yaml(), expected);
    }
}
