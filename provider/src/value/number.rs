//! Arbitrary precision decimal numbers, as cty's `number`.

use std::fmt;
use std::str::FromStr;

use super::ValueError;

/// An arbitrary precision decimal number, or ±infinity.
#[derive(Clone, Debug)]
pub struct Number {
    repr: Repr,
}

#[allow(dead_code)] // skeleton: filled in by the next commit
#[derive(Clone, Debug)]
enum Repr {
    Finite {
        negative: bool,
        digits: Vec<u8>,
        exponent: i64,
    },
    Infinity {
        negative: bool,
    },
}

impl Number {
    /// The integer value, if this is an integer within `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        None
    }
}

impl From<i64> for Number {
    fn from(_: i64) -> Self {
        Self {
            repr: Repr::Finite {
                negative: false,
                digits: Vec::new(),
                exponent: 0,
            },
        }
    }
}

impl From<u64> for Number {
    fn from(_: u64) -> Self {
        Self {
            repr: Repr::Finite {
                negative: false,
                digits: Vec::new(),
                exponent: 0,
            },
        }
    }
}

impl TryFrom<f64> for Number {
    type Error = ValueError;
    fn try_from(_: f64) -> Result<Self, ValueError> {
        Err(ValueError::root("not yet implemented"))
    }
}

impl FromStr for Number {
    type Err = ValueError;
    fn from_str(_: &str) -> Result<Self, ValueError> {
        Err(ValueError::root("not yet implemented"))
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Number {}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, _: &Self) -> std::cmp::Ordering {
        let _ = &self.repr;
        std::cmp::Ordering::Equal
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0")
    }
}
