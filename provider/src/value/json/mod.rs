//! JSON: a small strict reader of our own, and the schema-driven decoder on top of it.
//!
//! Terraform sends JSON only in `RawState.json` (state written by an older schema) and
//! accepts cty type JSON in schemas. Numbers must survive at full precision; serde_json
//! keeps them only with its `arbitrary_precision` feature, which Cargo would switch on for
//! every crate in the workspace that uses serde_json. The reader here keeps each number's
//! text, bounds nesting, and reports byte offsets.

mod decode;
mod parse;

pub(crate) use decode::decode;
pub(crate) use parse::{Json, parse};
