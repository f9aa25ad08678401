//! Unknown values on the wire: any msgpack extension. go-cty writes an unrefined unknown as
//! fixext1 `d4 00 00` and a refined one as extension type 12 whose payload is a map from
//! small integer keys to refinements.

use super::reader::{Item, Reader};
use super::writer;
use crate::value::{Number, Refinements, Type, Value};

/// The extension type of a refined unknown.
const REFINED: i8 = 12;
/// go-cty refuses larger refinement payloads; this codec drops their refinements instead.
pub(crate) const MAX_REFINEMENT_BYTES: usize = 1024;
/// go-cty cuts string prefixes to this many bytes when it writes them.
const MAX_PREFIX_BYTES: usize = 256;

const NULLNESS: u64 = 1;
const STRING_PREFIX: u64 = 2;
const NUMBER_LOWER: u64 = 3;
const NUMBER_UPPER: u64 = 4;
const LENGTH_LOWER: u64 = 5;
const LENGTH_UPPER: u64 = 6;

/// The value an extension stands for at a position of type `ty`.
///
/// Every extension is an unknown. Refinements are read only from a type-12 payload of at
/// most [`MAX_REFINEMENT_BYTES`]; any problem in it (wrong shapes, a refinement that does not
/// fit the type) drops all refinements, which only makes the unknown less precise. A
/// "definitely null" refinement makes the value a known null, as in go-cty.
pub(crate) fn decode(kind: i8, payload: &[u8], ty: &Type) -> Value {
    let refinable = kind == REFINED
        && payload.len() > 1
        && payload.len() <= MAX_REFINEMENT_BYTES
        && *ty != Type::Dynamic;
    if !refinable {
        return Value::unknown();
    }
    match read_refinements(payload, ty) {
        Ok(refinements) if refinements.nullness == Some(true) => Value::Null,
        Ok(refinements) => Value::refined(refinements),
        Err(_) => Value::unknown(),
    }
}

fn read_refinements(payload: &[u8], ty: &Type) -> Result<Refinements, String> {
    let mut reader = Reader::new(payload);
    let Item::Map(count) = reader.next()? else {
        return Err("refinements are not a map".to_owned());
    };
    let mut refinements = Refinements::default();
    for _ in 0..count {
        let key = match reader.next()? {
            Item::Int(key) => u64::try_from(key).unwrap_or(u64::MAX),
            Item::Uint(key) => key,
            _ => return Err("refinement key is not an integer".to_owned()),
        };
        read_refinement(&mut reader, key, ty, &mut refinements)?;
    }
    // Bytes after the map are ignored, as go-cty does (room for later additions).
    Ok(refinements)
}

fn read_refinement(
    reader: &mut Reader<'_>,
    key: u64,
    ty: &Type,
    refinements: &mut Refinements,
) -> Result<(), String> {
    match key {
        NULLNESS => match reader.next()? {
            Item::Bool(is_null) => refinements.nullness = Some(is_null),
            _ => return Err("nullness is not a bool".to_owned()),
        },
        STRING_PREFIX if *ty == Type::String => {
            refinements.string_prefix = Some(read_text(reader.next()?)?);
        }
        NUMBER_LOWER if *ty == Type::Number => refinements.number_lower = Some(read_bound(reader)?),
        NUMBER_UPPER if *ty == Type::Number => refinements.number_upper = Some(read_bound(reader)?),
        LENGTH_LOWER if is_collection(ty) => refinements.length_lower = Some(read_length(reader)?),
        LENGTH_UPPER if is_collection(ty) => refinements.length_upper = Some(read_length(reader)?),
        STRING_PREFIX | NUMBER_LOWER | NUMBER_UPPER | LENGTH_LOWER | LENGTH_UPPER => {
            return Err(format!("refinement {key} does not apply to this type"));
        }
        _ => reader.skip()?,
    }
    Ok(())
}

fn is_collection(ty: &Type) -> bool {
    matches!(ty, Type::List(_) | Type::Set(_) | Type::Map(_))
}

fn read_text(item: Item<'_>) -> Result<String, String> {
    match item {
        Item::Str(bytes) | Item::Bin(bytes) => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| "string prefix is not valid UTF-8".to_owned()),
        _ => Err("string prefix is not a string".to_owned()),
    }
}

fn read_bound(reader: &mut Reader<'_>) -> Result<(Number, bool), String> {
    if reader.next()? != Item::Array(2) {
        return Err("number bound is not a [number, bool] array".to_owned());
    }
    let number = super::decode::number(reader.next()?)?;
    match reader.next()? {
        Item::Bool(inclusive) => Ok((number, inclusive)),
        _ => Err("number bound is not a [number, bool] array".to_owned()),
    }
}

fn read_length(reader: &mut Reader<'_>) -> Result<u64, String> {
    match reader.next()? {
        Item::Int(n) => u64::try_from(n).map_err(|_| "length bound is negative".to_owned()),
        Item::Uint(n) => Ok(n),
        _ => Err("length bound is not an integer".to_owned()),
    }
}

/// Writes an unknown of type `ty`: `d4 00 00` without refinements, else extension 12 with
/// the refinements that apply to the type, in go-cty's key order. A payload that would pass
/// [`MAX_REFINEMENT_BYTES`] (huge number bounds) falls back to the unrefined form, which
/// promises less and is always accepted.
pub(crate) fn encode(out: &mut Vec<u8>, refinements: &Refinements, ty: &Type) {
    if refinements.nullness == Some(true) {
        return writer::nil(out);
    }
    let (count, body) = if *ty == Type::Dynamic {
        (0, Vec::new())
    } else {
        entries(refinements, ty)
    };
    let mut payload = Vec::with_capacity(body.len() + 1);
    writer::map_len(&mut payload, count);
    payload.extend_from_slice(&body);
    if count == 0 || payload.len() > MAX_REFINEMENT_BYTES {
        return writer::unknown(out);
    }
    writer::ext_header(out, REFINED, payload.len());
    out.extend_from_slice(&payload);
}

fn entries(refinements: &Refinements, ty: &Type) -> (usize, Vec<u8>) {
    let mut body = Vec::new();
    let mut count = 0;
    let mut entry = |key: u64, write: &dyn Fn(&mut Vec<u8>)| {
        count += 1;
        writer::int(&mut body, key as i64);
        write(&mut body);
    };
    if refinements.nullness == Some(false) {
        entry(NULLNESS, &|out| writer::bool(out, false));
    }
    match ty {
        Type::Number => {
            if let Some(bound) = &refinements.number_lower {
                entry(NUMBER_LOWER, &|out| write_bound(out, bound));
            }
            if let Some(bound) = &refinements.number_upper {
                entry(NUMBER_UPPER, &|out| write_bound(out, bound));
            }
        }
        Type::String => {
            let prefix = refinements
                .string_prefix
                .as_deref()
                .map(safe_prefix)
                .unwrap_or_default();
            if !prefix.is_empty() {
                entry(STRING_PREFIX, &|out| writer::str(out, prefix));
            }
        }
        ty if is_collection(ty) => {
            if let Some(lower) = refinements.length_lower.filter(|n| *n != 0) {
                entry(LENGTH_LOWER, &|out| write_length(out, lower));
            }
            if let Some(upper) = refinements.length_upper {
                entry(LENGTH_UPPER, &|out| write_length(out, upper));
            }
        }
        _ => {}
    }
    (count, body)
}

fn write_bound(out: &mut Vec<u8>, (number, inclusive): &(Number, bool)) {
    writer::array_len(out, 2);
    super::encode::number(out, number);
    writer::bool(out, *inclusive);
}

fn write_length(out: &mut Vec<u8>, length: u64) {
    writer::int(out, i64::try_from(length).unwrap_or(i64::MAX));
}

/// `prefix` if it is at most [`MAX_PREFIX_BYTES`] long. A longer one is cut as go-cty cuts
/// it: to 255 bytes (here at a character boundary), then the last character goes too, as it
/// could start a longer grapheme that the full string continues. A shorter prefix is always
/// still true. (go-cty decides what to drop with NFC tables; this is the simple version.)
fn safe_prefix(prefix: &str) -> &str {
    if prefix.len() <= MAX_PREFIX_BYTES {
        return prefix;
    }
    let mut end = MAX_PREFIX_BYTES - 1;
    while !prefix.is_char_boundary(end) {
        end -= 1;
    }
    let cut = prefix.get(..end).unwrap_or_default();
    cut.char_indices()
        .last()
        .map_or("", |(last, _)| cut.get(..last).unwrap_or_default())
}
