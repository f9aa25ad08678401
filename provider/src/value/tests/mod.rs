//! Tests for the value codec: data-driven tables, one module per concern.
//!
//! Byte strings are written as hex with quoted ASCII runs (`92 c4 08 '"string"' a1 78`),
//! types as cty type JSON, values with the constructors below.

mod hostile;
mod json;
mod misc;
mod msgpack;
mod number;

use std::collections::BTreeMap;

use super::{Number, Refinements, Type, Value};

/// Bytes from hex pairs and `'quoted ASCII'` runs; spaces separate nothing.
fn bytes(spec: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut pending: Option<u8> = None;
    for c in spec.chars() {
        if c == '\'' {
            quoted = !quoted;
        } else if quoted {
            out.extend_from_slice(c.to_string().as_bytes());
        } else if let Some(digit) = c.to_digit(16) {
            match pending.take() {
                Some(high) => out.push(high * 16 + digit as u8),
                None => pending = Some(digit as u8),
            }
        } else {
            assert!(c.is_whitespace(), "bad byte spec {spec:?} at {c:?}");
        }
    }
    assert!(pending.is_none() && !quoted, "bad byte spec {spec:?}");
    out
}

fn hex(data: &[u8]) -> String {
    data.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A type from cty type JSON.
fn ty(json: &str) -> Type {
    Type::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("bad test type {json}: {e}"))
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn n(text: &str) -> Value {
    Value::Number(num(text))
}

fn num(text: &str) -> Number {
    text.parse()
        .unwrap_or_else(|e| panic!("bad test number {text}: {e}"))
}

fn obj(attrs: &[(&str, Value)]) -> Value {
    Value::object(attrs.iter().cloned())
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::map(entries.iter().cloned())
}

fn list(items: &[Value]) -> Value {
    Value::list(items.iter().cloned())
}

fn dyn_(ty_json: &str, value: Value) -> Value {
    Value::Dynamic(ty(ty_json), Box::new(value))
}

fn unknown() -> Value {
    Value::unknown()
}

fn refined(edit: impl FnOnce(&mut Refinements)) -> Value {
    let mut refinements = Refinements::default();
    edit(&mut refinements);
    Value::refined(refinements)
}

/// A map of `count` entries `k00`.. with values `0`.. (for 16-bit map headers).
fn numbered_map(count: usize) -> (Value, Vec<u8>) {
    let mut entries = BTreeMap::new();
    let mut encoded = Vec::new();
    for i in 0..count {
        let key = format!("k{i:02}");
        encoded.extend(bytes(&format!("a3 '{key}' {i:02x}")));
        entries.insert(key, Value::number(i as i64));
    }
    (Value::Map(entries), encoded)
}
