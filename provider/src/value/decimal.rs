//! Exact decimal expansion of binary floats, for [`super::Number`]'s `TryFrom<f64>`.
//!
//! A finite double is `m × 2^e` with `m < 2^53`. For `e ≥ 0` it is the integer `m·2^e`; for
//! `e < 0` it is `m·5^-e × 10^e`. Both are computed on base-10^9 limbs (at most ~1100 bits),
//! which is cheap enough to do for every float msgpack brings in.

const LIMB: u64 = 1_000_000_000;

/// The exact decimal digits (ASCII) and power of ten of a finite, non-negative double.
pub(crate) fn exact_digits(value: f64) -> (Vec<u8>, i64) {
    let bits = value.to_bits();
    let raw_exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if raw_exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), raw_exponent - 1075)
    };
    let mut limbs = vec![
        mantissa % LIMB,
        mantissa / LIMB % LIMB,
        mantissa / LIMB / LIMB,
    ];
    if exponent >= 0 {
        multiply_by_power(&mut limbs, 2, exponent as u32, 30);
        (to_digits(&limbs), 0)
    } else {
        multiply_by_power(&mut limbs, 5, (-exponent) as u32, 13);
        (to_digits(&limbs), exponent)
    }
}

/// `limbs *= base^power`, `chunk` powers at a time (chosen so a limb times `base^chunk`
/// stays below 2^64).
fn multiply_by_power(limbs: &mut Vec<u64>, base: u64, power: u32, chunk: u32) {
    let mut left = power;
    while left > 0 {
        let step = left.min(chunk);
        multiply(limbs, base.pow(step));
        left -= step;
    }
}

fn multiply(limbs: &mut Vec<u64>, factor: u64) {
    let mut carry = 0u64;
    for limb in limbs.iter_mut() {
        let product = *limb * factor + carry;
        *limb = product % LIMB;
        carry = product / LIMB;
    }
    while carry > 0 {
        limbs.push(carry % LIMB);
        carry /= LIMB;
    }
}

fn to_digits(limbs: &[u64]) -> Vec<u8> {
    let mut text = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            text.push_str(&limb.to_string());
        } else {
            text.push_str(&format!("{limb:09}"));
        }
    }
    text.into_bytes()
}
