//! Terraform values: cty types, values, attribute paths, and the DynamicValue codec.
//!
//! Everything here is schema-driven and pure: bytes and a [`Type`] go in, a [`Value`] or a
//! [`ValueError`] (with the attribute path of the fault) comes out. No tokio, no tonic.

mod number;
mod path;
mod types;
mod values;

pub use number::Number;
pub use path::{AttributePath, PathStep, ValueError};
pub use types::Type;
pub use values::{Refinements, Value};

/// Decodes a msgpack DynamicValue payload as a value of type `ty`.
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    let _ = (bytes, ty);
    Err(ValueError::root("not yet implemented"))
}

/// Decodes a JSON DynamicValue payload (or `RawState.json`) as a value of type `ty`.
pub fn decode_json(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    let _ = (bytes, ty);
    Err(ValueError::root("not yet implemented"))
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
pub fn encode_msgpack(value: &Value, ty: &Type) -> Result<Vec<u8>, ValueError> {
    let _ = (value, ty);
    Err(ValueError::root("not yet implemented"))
}
