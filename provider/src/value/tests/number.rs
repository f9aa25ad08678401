//! Numbers: parsing, canonical text, value equality and order, conversions.

use super::*;
use crate::value::MAX_DECIMAL_EXPONENT;

/// `(input, Display)`: every accepted spelling and its canonical text.
#[test]
fn parses_and_prints_canonically() {
    let cases = [
        ("0", "0"),
        ("-0", "0"),
        ("+0", "0"),
        ("0.000", "0"),
        ("-0e10", "0"),
        ("000", "0"),
        ("1", "1"),
        ("+1", "1"),
        ("007", "7"),
        ("1.0", "1"),
        ("1.50", "1.5"),
        ("1e0", "1"),
        ("1E3", "1000"),
        ("1e+3", "1000"),
        ("1e-3", "0.001"),
        ("12.5e-1", "1.25"),
        ("-12.5e1", "-125"),
        (".5", "0.5"),
        ("5.", "5"),
        ("-.25", "-0.25"),
        ("0.1", "0.1"),
        ("100", "100"),
        ("1e20", "100000000000000000000"),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567890",
        ),
        (
            "0.000000000000000000000000000001",
            "0.000000000000000000000000000001",
        ),
        ("-9223372036854775808", "-9223372036854775808"),
        ("18446744073709551616", "18446744073709551616"),
        ("1.23456789e5", "123456.789"),
        ("1e-0", "1"),
        ("1e000000000000000000002", "100"),
        ("Inf", "+Inf"),
        ("inf", "+Inf"),
        ("+Inf", "+Inf"),
        ("-Inf", "-Inf"),
        ("-inf", "-Inf"),
    ];
    for (input, expected) in cases {
        assert_eq!(num(input).to_string(), expected, "{input}");
    }
}

#[test]
fn rejects_what_is_not_a_decimal_number() {
    let cases = [
        "",
        "-",
        "+",
        ".",
        "e5",
        "1e",
        "1e+",
        "1.2.3",
        "1,5",
        " 1",
        "1 ",
        "0x10",
        "1_000",
        "NaN",
        "nan",
        "INF",
        "Infinity",
        "--1",
        "+-1",
        "1e5.5",
        "١",
        "1e99999999999999999999",
        "1e10001",
        "1e-10001",
        "0.1e-10000",
        "12e10000",
    ];
    for input in cases {
        assert!(input.parse::<Number>().is_err(), "{input:?} parsed");
    }
}

/// The supported range is `|e| <= MAX_DECIMAL_EXPONENT` in `d.ddd × 10^e`, both ends kept.
#[test]
fn bounds_the_exponent() {
    let max = MAX_DECIMAL_EXPONENT;
    let top = format!("9.9e{max}");
    let bottom = format!("-1e-{max}");
    assert_eq!(
        num(&top).to_string(),
        format!("99{}", "0".repeat(max as usize - 1))
    );
    assert_eq!(
        num(&bottom).to_string(),
        format!("-0.{}1", "0".repeat(max as usize - 1))
    );
    for outside in [
        format!("1e{}", max + 1),
        format!("10e{max}"),
        format!("0.1e-{max}"),
        format!("1e-{}", max + 1),
    ] {
        assert!(outside.parse::<Number>().is_err(), "{outside}");
    }
    // Huge mantissas with cancelling exponents are fine.
    let long = format!("{}e-5000", "1".repeat(5000));
    assert_eq!(num(&long).to_string(), format!("0.{}", "1".repeat(5000)));
}

/// `(a, b, ordering)`: equality and order are by value.
#[test]
fn compares_by_value() {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let cases = [
        ("1", "1.0", Equal),
        ("1", "1e0", Equal),
        ("100", "1e2", Equal),
        ("0", "-0", Equal),
        ("0.10", "0.1", Equal),
        ("1", "2", Less),
        ("-1", "1", Less),
        ("-2", "-1", Less),
        ("0.12", "0.123", Less),
        ("0.13", "0.123", Greater),
        ("10", "9.99", Greater),
        ("-10", "-9.99", Less),
        ("0", "0.0000001", Less),
        ("0", "-0.0000001", Greater),
        ("1e100", "9e99", Greater),
        ("+Inf", "1e10000", Greater),
        ("-Inf", "-1e10000", Less),
        ("-Inf", "+Inf", Less),
        ("+Inf", "inf", Equal),
        ("-Inf", "-inf", Equal),
        ("18446744073709551616", "18446744073709551615", Greater),
    ];
    for (a, b, expected) in cases {
        assert_eq!(num(a).cmp(&num(b)), expected, "{a} vs {b}");
        assert_eq!(num(b).cmp(&num(a)), expected.reverse(), "{b} vs {a}");
        assert_eq!(num(a) == num(b), expected == Equal, "{a} == {b}");
    }
}

#[test]
fn converts_to_integers() {
    let cases: [(&str, Option<i64>, Option<u64>); 12] = [
        ("0", Some(0), Some(0)),
        ("42", Some(42), Some(42)),
        ("4.2e1", Some(42), Some(42)),
        ("-42", Some(-42), None),
        ("9223372036854775807", Some(i64::MAX), Some(i64::MAX as u64)),
        ("-9223372036854775808", Some(i64::MIN), None),
        ("9223372036854775808", None, Some(1 << 63)),
        ("18446744073709551615", None, Some(u64::MAX)),
        ("18446744073709551616", None, None),
        ("1.5", None, None),
        ("1e40", None, None),
        ("+Inf", None, None),
    ];
    for (input, signed, unsigned) in cases {
        assert_eq!(num(input).to_i64(), signed, "{input} as i64");
        assert_eq!(num(input).to_u64(), unsigned, "{input} as u64");
    }
}

#[test]
fn converts_from_machine_numbers() {
    assert_eq!(Number::from(i64::MIN).to_string(), "-9223372036854775808");
    assert_eq!(Number::from(u64::MAX).to_string(), "18446744073709551615");
    assert_eq!(Number::from(-7i32).to_string(), "-7");
    assert_eq!(Number::from(7u32).to_string(), "7");
    let floats: [(f64, &str); 10] = [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (0.5, "0.5"),
        (-2.25, "-2.25"),
        (
            0.1,
            "0.1000000000000000055511151231257827021181583404541015625",
        ),
        (1e21, "1000000000000000000000"),
        (
            f64::MAX,
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
        ),
        (f64::INFINITY, "+Inf"),
        (f64::NEG_INFINITY, "-Inf"),
    ];
    for (float, expected) in floats {
        let number = Number::try_from(float).unwrap_or_else(|e| panic!("{float}: {e}"));
        assert_eq!(number.to_string(), expected, "{float}");
        assert_eq!(number.to_f64_exact(), Some(float), "{float} back");
    }
    assert!(Number::try_from(f64::NAN).is_err());
}

/// The smallest subnormal, 2^-1074, has 751 significant digits after 323 zeros.
#[test]
fn expands_subnormals_exactly() {
    let text = Number::try_from(f64::from_bits(1))
        .map(|n| n.to_string())
        .unwrap_or_default();
    let digits = text.trim_start_matches("0.").trim_start_matches('0');
    assert_eq!(text.len() - digits.len(), 2 + 323);
    assert_eq!(digits.len(), 751);
    assert!(
        digits.starts_with("49406564584124654417656879286822137236505980"),
        "{digits}"
    );
    assert!(digits.ends_with("5"), "{digits}");
}

/// `(decimal, exact f64 or none)`: what the encoder may write as a float.
#[test]
fn finds_exact_floats() {
    let cases: [(&str, Option<f64>); 10] = [
        ("0.5", Some(0.5)),
        ("0.1", None),
        ("1e22", Some(1e22)),
        ("1e23", None),
        ("9007199254740993", None),
        ("9007199254740992", Some(9007199254740992.0)),
        ("1e400", None),
        ("1e-400", None),
        ("-Inf", Some(f64::NEG_INFINITY)),
        ("0.0009765625", Some(0.0009765625)),
    ];
    for (input, expected) in cases {
        assert_eq!(num(input).to_f64_exact(), expected, "{input}");
    }
    assert_eq!(num("0.1").to_f64(), 0.1);
    assert_eq!(num("1e400").to_f64(), f64::INFINITY);
    assert_eq!(num("-1e-400").to_f64(), -0.0);
}
