//! Low-level msgpack writers, choosing the same (smallest) formats as go-cty's encoder.

pub(crate) fn nil(out: &mut Vec<u8>) {
    out.push(0xc0);
}

/// An unrefined unknown as go-cty writes it: fixext1, type 0, payload 0.
pub(crate) fn unknown(out: &mut Vec<u8>) {
    out.extend_from_slice(&[0xd4, 0x00, 0x00]);
}

pub(crate) fn bool(out: &mut Vec<u8>, value: bool) {
    out.push(if value { 0xc3 } else { 0xc2 });
}

/// An integer in the smallest form: positive fixint, uint8..64 for other non-negative
/// values, negative fixint, then int8..64.
pub(crate) fn int(out: &mut Vec<u8>, value: i64) {
    if let Ok(unsigned) = u64::try_from(value) {
        return uint(out, unsigned);
    }
    if value >= -32 {
        out.extend_from_slice(&(value as i8).to_be_bytes());
    } else if let Ok(small) = i8::try_from(value) {
        out.push(0xd0);
        out.extend_from_slice(&small.to_be_bytes());
    } else if let Ok(small) = i16::try_from(value) {
        out.push(0xd1);
        out.extend_from_slice(&small.to_be_bytes());
    } else if let Ok(small) = i32::try_from(value) {
        out.push(0xd2);
        out.extend_from_slice(&small.to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&value.to_be_bytes());
    }
}

fn uint(out: &mut Vec<u8>, value: u64) {
    if value <= 0x7f {
        out.push(value as u8);
    } else if let Ok(small) = u8::try_from(value) {
        out.push(0xcc);
        out.push(small);
    } else if let Ok(small) = u16::try_from(value) {
        out.push(0xcd);
        out.extend_from_slice(&small.to_be_bytes());
    } else if let Ok(small) = u32::try_from(value) {
        out.push(0xce);
        out.extend_from_slice(&small.to_be_bytes());
    } else {
        out.push(0xcf);
        out.extend_from_slice(&value.to_be_bytes());
    }
}

pub(crate) fn float64(out: &mut Vec<u8>, value: f64) {
    out.push(0xcb);
    out.extend_from_slice(&value.to_be_bytes());
}

pub(crate) fn str(out: &mut Vec<u8>, text: &str) {
    let len = text.len();
    if len < 32 {
        out.push(0xa0 | len as u8);
    } else {
        sized(out, [0xd9, 0xda, 0xdb], len);
    }
    out.extend_from_slice(text.as_bytes());
}

pub(crate) fn bin(out: &mut Vec<u8>, bytes: &[u8]) {
    sized(out, [0xc4, 0xc5, 0xc6], bytes.len());
    out.extend_from_slice(bytes);
}

pub(crate) fn array_len(out: &mut Vec<u8>, len: usize) {
    if len < 16 {
        out.push(0x90 | len as u8);
    } else {
        sized(out, [0, 0xdc, 0xdd], len);
    }
}

pub(crate) fn map_len(out: &mut Vec<u8>, len: usize) {
    if len < 16 {
        out.push(0x80 | len as u8);
    } else {
        sized(out, [0, 0xde, 0xdf], len);
    }
}

/// An extension header: fixext for 4, 8 and 16 bytes, else ext8/16/32. (go-cty would use
/// fixext1 and fixext2 too, but a refinement map is never shorter than 3 bytes.)
pub(crate) fn ext_header(out: &mut Vec<u8>, kind: i8, len: usize) {
    match len {
        4 => out.push(0xd6),
        8 => out.push(0xd7),
        16 => out.push(0xd8),
        _ => sized(out, [0xc7, 0xc8, 0xc9], len),
    }
    out.extend_from_slice(&kind.to_be_bytes());
}

/// A marker with a 1, 2 or 4 byte length (`markers[0]` unused when it is 0). Lengths past
/// `u32::MAX` cannot be written; the payloads here come from `Vec`s and strings built in
/// memory, and Terraform's message limit is far below that.
fn sized(out: &mut Vec<u8>, markers: [u8; 3], len: usize) {
    if let (Ok(small), true) = (u8::try_from(len), markers[0] != 0) {
        out.push(markers[0]);
        out.push(small);
    } else if let Ok(medium) = u16::try_from(len) {
        out.push(markers[1]);
        out.extend_from_slice(&medium.to_be_bytes());
    } else {
        out.push(markers[2]);
        out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
    }
}
