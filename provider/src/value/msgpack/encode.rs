//! Schema-driven msgpack encoding, byte for byte what go-cty writes for the same value.

use std::collections::BTreeMap;

use super::{unknown, writer};
use crate::value::{AttributePath, MAX_DEPTH, Number, PathStep, Type, Value, ValueError};

/// Encodes `value` as type `ty`.
pub(crate) fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, ValueError> {
    let mut encoder = Encoder {
        out: Vec::new(),
        path: Vec::new(),
    };
    encoder.value(value, ty, 0)?;
    Ok(encoder.out)
}

/// A number as go-cty writes it: an integer if it is one within `i64`, else a float64 if
/// one has exactly this value (infinities too), else its plain decimal text.
pub(crate) fn number(out: &mut Vec<u8>, number: &Number) {
    if let Some(int) = number.to_i64() {
        writer::int(out, int);
    } else if let Some(float) = number.to_f64_exact() {
        writer::float64(out, float);
    } else {
        writer::str(out, &number.to_string());
    }
}

struct Encoder {
    out: Vec<u8>,
    path: Vec<PathStep>,
}

impl Encoder {
    fn error(&self, message: impl Into<String>) -> ValueError {
        ValueError::new(AttributePath(self.path.clone()), message)
    }

    fn value(&mut self, value: &Value, ty: &Type, depth: usize) -> Result<(), ValueError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("value is nested deeper than {MAX_DEPTH} levels")));
        }
        if *ty == Type::Dynamic {
            return self.dynamic(value, depth);
        }
        match value {
            Value::Null => writer::nil(&mut self.out),
            Value::Unknown(refinements) => unknown::encode(&mut self.out, refinements, ty),
            // A wrapper at a position of known type: the position's type is what Terraform
            // expects, and the inner value is checked against it.
            Value::Dynamic(_, inner) => self.value(inner, ty, depth + 1)?,
            known => self.known(known, ty, depth)?,
        }
        Ok(())
    }

    fn known(&mut self, value: &Value, ty: &Type, depth: usize) -> Result<(), ValueError> {
        match (ty, value) {
            (Type::Bool, Value::Bool(b)) => writer::bool(&mut self.out, *b),
            (Type::Number, Value::Number(n)) => number(&mut self.out, n),
            (Type::String, Value::String(s)) => {
                self.check_len(s.len())?;
                writer::str(&mut self.out, s);
            }
            (Type::List(element), Value::List(items)) => self.list(items, element, depth)?,
            (Type::Set(element), Value::Set(items)) => self.set(items, element, depth)?,
            (Type::Tuple(types), Value::Tuple(items)) => self.tuple(items, types, depth)?,
            (Type::Map(element), Value::Map(entries)) => self.map(entries, element, depth)?,
            (Type::Object(attrs), Value::Object(values))
            | (Type::ObjectWithOptional { attrs, .. }, Value::Object(values)) => {
                self.object(values, attrs, depth)?;
            }
            _ => {
                let message = format!("expected {}, found {}", ty.describe(), value.describe());
                return Err(self.error(message));
            }
        }
        Ok(())
    }

    fn check_len(&self, len: usize) -> Result<(), ValueError> {
        if u32::try_from(len).is_err() {
            return Err(self.error("value is too large for msgpack"));
        }
        Ok(())
    }

    fn list(&mut self, items: &[Value], element: &Type, depth: usize) -> Result<(), ValueError> {
        self.check_len(items.len())?;
        writer::array_len(&mut self.out, items.len());
        for (index, item) in items.iter().enumerate() {
            self.path.push(PathStep::Index(index as i64));
            self.value(item, element, depth + 1)?;
            self.path.pop();
        }
        Ok(())
    }

    fn set(&mut self, items: &[Value], element: &Type, depth: usize) -> Result<(), ValueError> {
        self.check_len(items.len())?;
        writer::array_len(&mut self.out, items.len());
        // Set elements have no address in attribute paths: errors inside point at the set.
        let here = self.path.len();
        for item in items {
            self.value(item, element, depth + 1)
                .map_err(|e| e.truncated(here))?;
        }
        Ok(())
    }

    fn tuple(&mut self, items: &[Value], types: &[Type], depth: usize) -> Result<(), ValueError> {
        if items.len() != types.len() {
            let (want, found) = (types.len(), items.len());
            return Err(self.error(format!(
                "expected a tuple of {want} elements, found {found}"
            )));
        }
        writer::array_len(&mut self.out, items.len());
        for (index, (item, ty)) in items.iter().zip(types).enumerate() {
            self.path.push(PathStep::Index(index as i64));
            self.value(item, ty, depth + 1)?;
            self.path.pop();
        }
        Ok(())
    }

    /// `BTreeMap` order is byte order, which is the order go-cty writes keys in.
    fn map(
        &mut self,
        entries: &BTreeMap<String, Value>,
        element: &Type,
        depth: usize,
    ) -> Result<(), ValueError> {
        self.check_len(entries.len())?;
        writer::map_len(&mut self.out, entries.len());
        for (key, item) in entries {
            self.path.push(PathStep::Key(key.clone()));
            self.check_len(key.len())?;
            writer::str(&mut self.out, key);
            self.value(item, element, depth + 1)?;
            self.path.pop();
        }
        Ok(())
    }

    /// Every attribute of the type is written (Terraform requires all of them); one the value
    /// leaves out is written as null. An attribute the type does not have is an error.
    fn object(
        &mut self,
        values: &BTreeMap<String, Value>,
        attrs: &BTreeMap<String, Type>,
        depth: usize,
    ) -> Result<(), ValueError> {
        if let Some(name) = values.keys().find(|name| !attrs.contains_key(*name)) {
            return Err(self.error(format!("unsupported attribute {name:?}")));
        }
        writer::map_len(&mut self.out, attrs.len());
        for (name, ty) in attrs {
            self.path.push(PathStep::Attribute(name.clone()));
            writer::str(&mut self.out, name);
            self.value(values.get(name).unwrap_or(&Value::Null), ty, depth + 1)?;
            self.path.pop();
        }
        Ok(())
    }

    /// At a `dynamic` position a value travels as `[type JSON, value]`; a null or unknown of
    /// no particular type is a plain nil or `d4 00 00`. A value without a `Dynamic` wrapper
    /// gets the type inferred from its shape.
    fn dynamic(&mut self, value: &Value, depth: usize) -> Result<(), ValueError> {
        let (ty, inner) = match value {
            Value::Null => {
                writer::nil(&mut self.out);
                return Ok(());
            }
            Value::Unknown(_) => {
                // go-cty never refines a value of no particular type.
                writer::unknown(&mut self.out);
                return Ok(());
            }
            Value::Dynamic(Type::Dynamic, inner) => {
                return self.value(inner, &Type::Dynamic, depth + 1);
            }
            Value::Dynamic(ty, inner) => (ty.clone(), inner.as_ref()),
            other => (other.infer_type().map_err(|e| self.nested(e))?, other),
        };
        writer::array_len(&mut self.out, 2);
        writer::bin(&mut self.out, ty.to_json().as_bytes());
        self.value(inner, &ty, depth + 1)
    }

    /// An error from a helper that only knows the path below the current position.
    fn nested(&self, error: ValueError) -> ValueError {
        let mut steps = self.path.clone();
        steps.extend(error.path.0);
        ValueError::new(AttributePath(steps), error.message)
    }
}
