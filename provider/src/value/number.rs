//! Arbitrary precision decimal numbers, as cty's `number`.
//!
//! A finite number is `±digits × 10^exponent` with `digits` kept without leading or
//! trailing zeros, so every value has exactly one representation and equality and ordering
//! are by numeric value (`1 == 1.0 == 1e0`, `-0 == 0`). Infinities exist because go-cty has
//! them (`1/0` in Terraform is `+Inf`) and encodes them as msgpack floats; NaN does not.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::ValueError;
use super::decimal;

/// Numbers are refused when, written as `d.ddd × 10^e`, `|e|` is larger than this. That is
/// far beyond `f64` (10^308) and any configuration, and it bounds what the plain-digit form
/// (`Display`, msgpack's decimal string) can grow to: about 10 000 characters.
pub const MAX_DECIMAL_EXPONENT: i64 = 10_000;

/// An arbitrary precision decimal number, or ±infinity.
#[derive(Clone)]
pub struct Number {
    repr: Repr,
}

#[derive(Clone, Debug)]
enum Repr {
    /// `(-1)^negative × digits × 10^exponent`; `digits` are ASCII, no leading or trailing
    /// zeros; zero is empty digits and never negative.
    Finite {
        negative: bool,
        digits: Box<[u8]>,
        exponent: i64,
    },
    Infinity {
        negative: bool,
    },
}

impl Number {
    /// Zero.
    pub fn zero() -> Self {
        Self {
            repr: Repr::Finite {
                negative: false,
                digits: Box::default(),
                exponent: 0,
            },
        }
    }

    /// Positive or negative infinity.
    pub fn infinity(negative: bool) -> Self {
        Self {
            repr: Repr::Infinity { negative },
        }
    }

    /// Builds a number from ASCII decimal digits and a power of ten, normalising it.
    /// Fails only when the magnitude is beyond [`MAX_DECIMAL_EXPONENT`].
    pub(crate) fn from_parts(negative: bool, digits: &[u8], exponent: i64) -> Result<Self, String> {
        let start = digits
            .iter()
            .position(|d| *d != b'0')
            .unwrap_or(digits.len());
        let digits = digits.get(start..).unwrap_or_default();
        let end = digits.iter().rposition(|d| *d != b'0').map_or(0, |i| i + 1);
        let trailing = digits.len() - end;
        let digits = digits.get(..end).unwrap_or_default();
        if digits.is_empty() {
            return Ok(Self::zero());
        }
        let exponent = i64::try_from(trailing)
            .ok()
            .and_then(|t| exponent.checked_add(t))
            .ok_or_else(out_of_range)?;
        let len = i64::try_from(digits.len()).map_err(|_| out_of_range())?;
        // The exponent of the leading digit: 1234e5 is 1.234e8.
        let leading = exponent.checked_add(len - 1).ok_or_else(out_of_range)?;
        if leading.abs() > MAX_DECIMAL_EXPONENT {
            return Err(out_of_range());
        }
        Ok(Self {
            repr: Repr::Finite {
                negative,
                digits: digits.into(),
                exponent,
            },
        })
    }

    /// True for +Inf and -Inf.
    pub fn is_infinite(&self) -> bool {
        matches!(self.repr, Repr::Infinity { .. })
    }

    /// True if this is a (finite) whole number.
    pub fn is_integer(&self) -> bool {
        matches!(self.repr, Repr::Finite { exponent, .. } if exponent >= 0)
    }

    /// True for numbers below zero (including -Inf).
    pub fn is_negative(&self) -> bool {
        match self.repr {
            Repr::Finite { negative, .. } | Repr::Infinity { negative } => negative,
        }
    }

    /// The integer value, if this is an integer within `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        let magnitude = self.integer_magnitude()?;
        if self.is_negative() {
            0i128
                .checked_sub(magnitude)
                .and_then(|v| i64::try_from(v).ok())
        } else {
            i64::try_from(magnitude).ok()
        }
    }

    /// The integer value, if this is a non-negative integer within `u64`.
    pub fn to_u64(&self) -> Option<u64> {
        if self.is_negative() {
            return None;
        }
        u64::try_from(self.integer_magnitude()?).ok()
    }

    /// The nearest `f64` (correctly rounded; beyond its range this is ±infinity).
    pub fn to_f64(&self) -> f64 {
        match &self.repr {
            Repr::Infinity { negative: false } => f64::INFINITY,
            Repr::Infinity { negative: true } => f64::NEG_INFINITY,
            Repr::Finite { .. } => {
                let text = self.scientific();
                text.parse::<f64>().unwrap_or(f64::NAN)
            }
        }
    }

    /// The `f64` with exactly this value, if there is one (infinities included).
    pub fn to_f64_exact(&self) -> Option<f64> {
        let float = self.to_f64();
        let back = Number::try_from(float).ok()?;
        (back == *self).then_some(float)
    }

    /// `|self|` as an integer, if it is one and fits in 39 digits.
    fn integer_magnitude(&self) -> Option<i128> {
        let Repr::Finite {
            digits, exponent, ..
        } = &self.repr
        else {
            return None;
        };
        let zeros = usize::try_from(*exponent).ok()?;
        if digits.len().checked_add(zeros)? > 39 {
            return None;
        }
        let mut value: i128 = 0;
        for d in digits
            .iter()
            .copied()
            .chain(std::iter::repeat_n(b'0', zeros))
        {
            value = value.checked_mul(10)?.checked_add(i128::from(d - b'0'))?;
        }
        Some(value)
    }

    /// `d.ddde±x` form: short, and what `str::parse::<f64>` takes.
    fn scientific(&self) -> String {
        match &self.repr {
            Repr::Infinity { negative } => infinity_text(*negative).to_owned(),
            Repr::Finite { digits, .. } if digits.is_empty() => "0".to_owned(),
            Repr::Finite {
                negative,
                digits,
                exponent,
            } => {
                let sign = if *negative { "-" } else { "" };
                let text = String::from_utf8_lossy(digits);
                format!("{sign}0.{text}e{}", exponent + digits.len() as i64)
            }
        }
    }

    fn magnitude_cmp(a: (&[u8], i64), b: (&[u8], i64)) -> Ordering {
        match (a.0.is_empty(), b.0.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        let adjusted_a = a.1 + a.0.len() as i64;
        let adjusted_b = b.1 + b.0.len() as i64;
        // Same adjusted exponent: without trailing zeros, digit strings compare as the
        // numbers do ("12" < "123" is 0.12 < 0.123).
        adjusted_a.cmp(&adjusted_b).then_with(|| a.0.cmp(b.0))
    }
}

fn out_of_range() -> String {
    let max = MAX_DECIMAL_EXPONENT;
    format!("number is out of the supported range (exponents from -{max} to {max})")
}

fn infinity_text(negative: bool) -> &'static str {
    if negative { "-Inf" } else { "+Inf" }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        let digits = value.unsigned_abs().to_string();
        Self::from_parts(value < 0, digits.as_bytes(), 0).unwrap_or_else(|_| Self::zero())
    }
}

impl From<u64> for Number {
    fn from(value: u64) -> Self {
        let digits = value.to_string();
        Self::from_parts(false, digits.as_bytes(), 0).unwrap_or_else(|_| Self::zero())
    }
}

impl From<i32> for Number {
    fn from(value: i32) -> Self {
        Self::from(i64::from(value))
    }
}

impl From<u32> for Number {
    fn from(value: u32) -> Self {
        Self::from(u64::from(value))
    }
}

impl TryFrom<f64> for Number {
    type Error = ValueError;

    /// The exact value of the float (0.1f64 is 0.1000000000000000055511151231257827…).
    /// NaN is refused: cty has no NaN.
    fn try_from(value: f64) -> Result<Self, ValueError> {
        if value.is_nan() {
            return Err(ValueError::root(
                "NaN is not a number Terraform can represent",
            ));
        }
        if value.is_infinite() {
            return Ok(Self::infinity(value < 0.0));
        }
        let (digits, exponent) = decimal::exact_digits(value.abs());
        Self::from_parts(value < 0.0, &digits, exponent).map_err(ValueError::root)
    }
}

impl FromStr for Number {
    type Err = ValueError;

    /// Decimal text as go-cty's `ParseNumberVal` takes it: optional sign, digits with an
    /// optional point, optional `e`/`E` exponent; or `Inf`/`inf` with an optional sign.
    fn from_str(text: &str) -> Result<Self, ValueError> {
        parse_decimal(text)
            .map_err(|reason| ValueError::root(format!("invalid number {text:?}: {reason}")))
    }
}

fn parse_decimal(text: &str) -> Result<Number, String> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    if rest == "Inf" || rest == "inf" {
        return Ok(Number::infinity(negative));
    }
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (
            rest.get(..at).unwrap_or_default(),
            Some(rest.get(at + 1..).unwrap_or_default()),
        ),
        None => (rest, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err("expected decimal digits".to_owned());
    }
    let exponent = match exponent {
        Some(e) => parse_exponent(e)?,
        None => 0,
    };
    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let shift = i64::try_from(fraction.len()).map_err(|_| out_of_range())?;
    Number::from_parts(negative, &digits, exponent.saturating_sub(shift))
}

/// The exponent after `e`; anything beyond ±10^15 is out of range whatever the digits.
fn parse_exponent(text: &str) -> Result<i64, String> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected digits after the exponent marker".to_owned());
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > 15 {
        return Err(out_of_range());
    }
    let value = significant.parse::<i64>().unwrap_or(0);
    Ok(if negative { -value } else { value })
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Number {}

impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // The representation is canonical, so hashing it agrees with `Eq`.
        match &self.repr {
            Repr::Finite {
                negative,
                digits,
                exponent,
            } => (0u8, negative, digits, exponent).hash(state),
            Repr::Infinity { negative } => (1u8, negative).hash(state),
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.repr, &other.repr) {
            (Repr::Infinity { negative: a }, Repr::Infinity { negative: b }) => b.cmp(a),
            (Repr::Infinity { negative }, Repr::Finite { .. }) => {
                if *negative {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (Repr::Finite { .. }, Repr::Infinity { negative }) => {
                if *negative {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (
                Repr::Finite {
                    negative: na,
                    digits: da,
                    exponent: ea,
                },
                Repr::Finite {
                    negative: nb,
                    digits: db,
                    exponent: eb,
                },
            ) => {
                let sign = |negative: bool, digits: &[u8]| match (negative, digits.is_empty()) {
                    (_, true) => 0,
                    (true, false) => -1,
                    (false, false) => 1,
                };
                let (sa, sb) = (sign(*na, da), sign(*nb, db));
                if sa != sb {
                    return sa.cmp(&sb);
                }
                let magnitude = Number::magnitude_cmp((da, *ea), (db, *eb));
                if sa < 0 {
                    magnitude.reverse()
                } else {
                    magnitude
                }
            }
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

impl fmt::Display for Number {
    /// Plain decimal digits, never an exponent (`100`, `0.001`, `-2.5`), like go-cty's
    /// `Text('f', -1)`; infinities are `+Inf` and `-Inf`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Repr::Finite {
            negative,
            digits,
            exponent,
        } = &self.repr
        else {
            return f.write_str(infinity_text(self.is_negative()));
        };
        if digits.is_empty() {
            return f.write_str("0");
        }
        if *negative {
            f.write_str("-")?;
        }
        let text = std::str::from_utf8(digits).map_err(|_| fmt::Error)?;
        let len = digits.len() as i64;
        if *exponent >= 0 {
            f.write_str(text)?;
            write_zeros(f, *exponent)
        } else if len > -exponent {
            let (whole, fraction) = text.split_at((len + exponent) as usize);
            write!(f, "{whole}.{fraction}")
        } else {
            f.write_str("0.")?;
            write_zeros(f, -exponent - len)?;
            f.write_str(text)
        }
    }
}

fn write_zeros(f: &mut fmt::Formatter<'_>, count: i64) -> fmt::Result {
    for _ in 0..count {
        f.write_str("0")?;
    }
    Ok(())
}
