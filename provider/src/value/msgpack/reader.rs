//! A msgpack reader over a byte slice: one item header at a time, never trusting a
//! declared length further than the bytes that are left.

/// One msgpack item. Strings, binaries and extensions carry their payload; arrays and maps
/// carry their element count (the elements follow).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Item<'a> {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float32(f32),
    Float64(f64),
    Str(&'a [u8]),
    Bin(&'a [u8]),
    Array(usize),
    Map(usize),
    Ext(i8, &'a [u8]),
}

impl Item<'_> {
    /// What the item is, for messages ("expected a string, found an array").
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Item::Nil => "nil",
            Item::Bool(_) => "a bool",
            Item::Int(_) | Item::Uint(_) => "an integer",
            Item::Float32(_) | Item::Float64(_) => "a float",
            Item::Str(_) => "a string",
            Item::Bin(_) => "binary data",
            Item::Array(_) => "an array",
            Item::Map(_) => "a map",
            Item::Ext(..) => "an extension",
        }
    }
}

/// Reads msgpack items from a byte slice.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, offset: 0 }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.offset
    }

    /// The next marker byte, without consuming it.
    pub(crate) fn peek(&self) -> Result<u8, String> {
        self.bytes
            .get(self.offset)
            .copied()
            .ok_or_else(|| self.truncated())
    }

    /// Reads the next item header (and the payload of strings, binaries and extensions).
    pub(crate) fn next(&mut self) -> Result<Item<'a>, String> {
        let marker = self.byte()?;
        match marker {
            0x00..=0x7f => Ok(Item::Int(i64::from(marker))),
            0x80..=0x8f => self.map(usize::from(marker & 0x0f)),
            0x90..=0x9f => self.array(usize::from(marker & 0x0f)),
            0xa0..=0xbf => Ok(Item::Str(self.take(usize::from(marker & 0x1f))?)),
            0xc0 => Ok(Item::Nil),
            0xc2 => Ok(Item::Bool(false)),
            0xc3 => Ok(Item::Bool(true)),
            0xc4..=0xc6 => {
                let len = self.length(marker - 0xc4)?;
                Ok(Item::Bin(self.take(len)?))
            }
            0xc7..=0xc9 => {
                let len = self.length(marker - 0xc7)?;
                self.ext(len)
            }
            0xca => Ok(Item::Float32(f32::from_be_bytes(self.array_of()?))),
            0xcb => Ok(Item::Float64(f64::from_be_bytes(self.array_of()?))),
            0xcc => Ok(Item::Uint(u64::from(self.byte()?))),
            0xcd => Ok(Item::Uint(u64::from(u16::from_be_bytes(self.array_of()?)))),
            0xce => Ok(Item::Uint(u64::from(u32::from_be_bytes(self.array_of()?)))),
            0xcf => Ok(Item::Uint(u64::from_be_bytes(self.array_of()?))),
            0xd0 => Ok(Item::Int(i64::from(i8::from_be_bytes(self.array_of()?)))),
            0xd1 => Ok(Item::Int(i64::from(i16::from_be_bytes(self.array_of()?)))),
            0xd2 => Ok(Item::Int(i64::from(i32::from_be_bytes(self.array_of()?)))),
            0xd3 => Ok(Item::Int(i64::from_be_bytes(self.array_of()?))),
            0xd4..=0xd8 => self.ext(1 << (marker - 0xd4)),
            0xd9..=0xdb => {
                let len = self.length(marker - 0xd9)?;
                Ok(Item::Str(self.take(len)?))
            }
            0xdc => {
                let len = self.length(1)?;
                self.array(len)
            }
            0xdd => {
                let len = self.length(2)?;
                self.array(len)
            }
            0xde => {
                let len = self.length(1)?;
                self.map(len)
            }
            0xdf => {
                let len = self.length(2)?;
                self.map(len)
            }
            0xe0..=0xff => Ok(Item::Int(i64::from(marker as i8))),
            0xc1 => Err(format!(
                "invalid msgpack marker 0xc1 at byte {}",
                self.offset - 1
            )),
        }
    }

    /// Skips one whole item, however nested, without recursion: every element is at least
    /// one byte, so the pending count is bounded by the input.
    pub(crate) fn skip(&mut self) -> Result<(), String> {
        let mut pending: usize = 1;
        while pending > 0 {
            pending -= 1;
            match self.next()? {
                Item::Array(n) => pending = pending.saturating_add(n),
                Item::Map(n) => pending = pending.saturating_add(n.saturating_mul(2)),
                _ => {}
            }
        }
        Ok(())
    }

    fn array(&self, count: usize) -> Result<Item<'a>, String> {
        self.check_count(count, 1, "array")?;
        Ok(Item::Array(count))
    }

    fn map(&self, count: usize) -> Result<Item<'a>, String> {
        self.check_count(count, 2, "map")?;
        Ok(Item::Map(count))
    }

    /// Refuses a declared element count that the remaining bytes cannot hold (each element
    /// takes at least one byte), so nothing is ever sized from a hostile length.
    fn check_count(&self, count: usize, per_element: usize, what: &str) -> Result<(), String> {
        if count.saturating_mul(per_element) > self.remaining() {
            return Err(format!(
                "{what} declares {count} elements but only {} bytes are left",
                self.remaining()
            ));
        }
        Ok(())
    }

    fn ext(&mut self, len: usize) -> Result<Item<'a>, String> {
        let kind = self.byte()? as i8;
        Ok(Item::Ext(kind, self.take(len)?))
    }

    /// Reads a big-endian length of 1, 2 or 4 bytes (`width_code` 0, 1, 2).
    fn length(&mut self, width_code: u8) -> Result<usize, String> {
        let value = match width_code {
            0 => u32::from(self.byte()?),
            1 => u32::from(u16::from_be_bytes(self.array_of()?)),
            _ => u32::from_be_bytes(self.array_of()?),
        };
        usize::try_from(value).map_err(|_| format!("length {value} is too large"))
    }

    fn byte(&mut self) -> Result<u8, String> {
        let byte = self.peek()?;
        self.offset += 1;
        Ok(byte)
    }

    fn array_of<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let bytes = self.take(N)?;
        bytes.try_into().map_err(|_| self.truncated())
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        if len > self.remaining() {
            return Err(format!(
                "input ends early: {len} bytes needed at byte {}, {} left",
                self.offset,
                self.remaining()
            ));
        }
        let start = self.offset;
        self.offset += len;
        self.bytes
            .get(start..self.offset)
            .ok_or_else(|| self.truncated())
    }

    fn truncated(&self) -> String {
        format!("input ends early at byte {}", self.offset)
    }
}
