//! msgpack, the encoding Terraform uses for DynamicValue: read and written by hand.
//!
//! The format is small (a marker byte, then a fixed or declared length), and owning the
//! reader gives what this codec needs and general-purpose crates do not promise: every
//! number form kept at full precision, any extension type read as an unknown, declared
//! lengths checked against the bytes left before anything is allocated, and byte-exact
//! output matching go-cty's encoder (compact ints, float64, str8 for short strings).

mod decode;
mod encode;
mod reader;
mod unknown;
mod writer;

pub(crate) use decode::decode;
pub(crate) use encode::encode;
