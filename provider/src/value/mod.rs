//! Terraform values: cty types, values, attribute paths, and the DynamicValue codec.
//!
//! Everything here is schema-driven and pure: bytes and a [`Type`] go in, a [`Value`] or a
//! [`ValueError`] (with the attribute path of the fault) comes out. No tokio, no tonic.

mod decimal;
mod json;
mod msgpack;
mod number;
mod path;
mod types;
mod values;

#[cfg(test)]
mod tests;

pub use number::{MAX_DECIMAL_EXPONENT, Number};
pub use path::{AttributePath, PathStep, ValueError};
pub use types::Type;
use values::AbsentBudget;
pub use values::{Refinements, Value};

/// How deeply values (and type JSON) may nest: arrays, maps and dynamic wrappers each count
/// one level. Deeper input is an error rather than a risk to the stack; Terraform schemas
/// and configurations are nowhere near it.
pub const MAX_DEPTH: usize = 128;

/// Decodes a msgpack DynamicValue payload as a value of type `ty`. The payload must be
/// exactly one value.
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    msgpack::decode(bytes, ty)
}

/// Decodes a JSON DynamicValue payload (or `RawState.json`) as a value of type `ty`.
pub fn decode_json(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    json::decode(bytes, ty)
}

/// DynamicValue rule: msgpack if non-empty, else json if non-empty, else Null.
pub fn decode_dynamic_value(msgpack: &[u8], json: &[u8], ty: &Type) -> Result<Value, ValueError> {
    if !msgpack.is_empty() {
        decode_msgpack(msgpack, ty)
    } else if !json.is_empty() {
        decode_json(json, ty)
    } else {
        Ok(Value::Null)
    }
}

/// Encodes `value` as msgpack for type `ty` (what Terraform expects in a DynamicValue).
/// A value that does not fit the type is an error with its path.
pub fn encode_msgpack(value: &Value, ty: &Type) -> Result<Vec<u8>, ValueError> {
    msgpack::encode(value, ty)
}
