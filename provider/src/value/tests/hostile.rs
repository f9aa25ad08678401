//! Hostile input: every failure is a `ValueError`, never a panic, a stack overflow or an
//! allocation sized by a length the input merely declares.

use super::*;
use crate::value::{MAX_DEPTH, decode_json, decode_msgpack, encode_msgpack};

/// Valid encodings whose every strict prefix must fail (msgpack is self-delimiting, so no
/// prefix of one value is a whole value) and which must fail with a byte appended.
fn valid_encodings() -> Vec<(Type, Vec<u8>)> {
    let workload = ty(
        r#"["object",{"containers":["map",["object",{"image":"string","args":["list","string"]}]],"n":"number","d":"dynamic","s":["set","bool"]}]"#,
    );
    vec![
        (
            workload.clone(),
            bytes(
                r#"84 aa 'containers' 81 a3 'web' 82 a4 'args' 92 a1 'a' a0 a5 'image' a5 'nginx' a1 'd' 92 c4 08 '"string"' a1 'x' a1 'n' cb 3f e0 00 00 00 00 00 00 a1 's' 92 c3 c2"#,
            ),
        ),
        (
            workload,
            bytes("84 aa 'containers' d4 00 00 a1 'd' c0 a1 'n' a3 '0.1' a1 's' c7 03 0c 81 05 01"),
        ),
        (Type::Number, bytes("cf ff ff ff ff ff ff ff ff")),
        (Type::Number, bytes("d3 80 00 00 00 00 00 00 00")),
        (Type::Number, bytes("ca 3f c0 00 00")),
        (Type::String, bytes("da 00 03 'abc'")),
        (Type::String, bytes("db 00 00 00 01 'a'")),
        (Type::String, bytes("c7 0e 0c 82 01 c2 02 d9 08 'prefix-x'")),
        (ty(r#"["list","bool"]"#), bytes("dc 00 02 c3 c2")),
        (ty(r#"["map","bool"]"#), bytes("df 00 00 00 01 a1 'k' c3")),
        (
            Type::Dynamic,
            bytes(r#"92 c4 12 '["tuple",["bool"]]' 91 c3"#),
        ),
    ]
}

#[test]
fn every_truncation_fails() {
    for (ty, encoded) in valid_encodings() {
        assert!(decode_msgpack(&encoded, &ty).is_ok(), "{}", hex(&encoded));
        for end in 0..encoded.len() {
            let prefix = encoded.get(..end).unwrap_or_default();
            assert!(
                decode_msgpack(prefix, &ty).is_err(),
                "prefix {} of {}",
                hex(prefix),
                hex(&encoded)
            );
        }
        let mut longer = encoded.clone();
        longer.push(0xc0);
        assert!(
            decode_msgpack(&longer, &ty).is_err(),
            "{} plus a byte",
            hex(&encoded)
        );
    }
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random bytes, and valid encodings with random bytes flipped, against many types. Whatever
/// decodes must encode, and decode again to the same value (the codec is stable on
/// everything it accepts).
#[test]
fn random_input_never_panics_and_accepted_values_are_stable() {
    let types: Vec<Type> = [
        r#""string""#,
        r#""number""#,
        r#""bool""#,
        r#""dynamic""#,
        r#"["list","string"]"#,
        r#"["set","number"]"#,
        r#"["map",["list","bool"]]"#,
        r#"["tuple",["string","number","dynamic"]]"#,
        r#"["object",{"a":"string","b":["list","number"],"c":"dynamic"}]"#,
    ]
    .iter()
    .map(|json| ty(json))
    .collect();
    let seeds = valid_encodings();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for case in 0..20_000 {
        let (ty, input) = if case % 2 == 0 {
            let len = rng.below(48);
            let input: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            (
                types
                    .get(rng.below(types.len()))
                    .cloned()
                    .unwrap_or(Type::Dynamic),
                input,
            )
        } else {
            let (ty, mut input) = seeds
                .get(rng.below(seeds.len()))
                .cloned()
                .unwrap_or((Type::Bool, vec![]));
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(input.len().max(1));
                if let Some(byte) = input.get_mut(at) {
                    *byte = rng.next() as u8;
                }
            }
            (ty, input)
        };
        let Ok(value) = decode_msgpack(&input, &ty) else {
            continue;
        };
        accepted += 1;
        let encoded =
            encode_msgpack(&value, &ty).unwrap_or_else(|e| panic!("{}: {e}", hex(&input)));
        assert_eq!(
            decode_msgpack(&encoded, &ty),
            Ok(value),
            "{} re-encoded as {}",
            hex(&input),
            hex(&encoded)
        );
    }
    // The mutated seeds must sometimes still decode, or the stability check checked nothing.
    assert!(accepted > 500, "only {accepted} inputs decoded");
}

#[test]
fn random_json_never_panics() {
    let alphabet = b"{}[],:\"\\ 0123456789.eE-+tfnulrsaxyz\n\t";
    let types = [
        ty(r#"["object",{"a":["list","number"],"b":"dynamic"}]"#),
        Type::Dynamic,
        ty(r#"["map","string"]"#),
    ];
    let mut rng = Rng(42);
    for _ in 0..10_000 {
        let len = rng.below(40);
        let input: Vec<u8> = (0..len)
            .map(|_| {
                alphabet
                    .get(rng.below(alphabet.len()))
                    .copied()
                    .unwrap_or(b' ')
            })
            .collect();
        for ty in &types {
            let _ = decode_json(&input, ty);
        }
        let _ = Type::from_json(&input);
    }
}

/// A type nested `levels` deep: `list(list(...(string)))`.
fn nested_list_type(levels: usize) -> Type {
    (0..levels).fold(Type::String, |inner, _| Type::list(inner))
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = 100_000;
    let arrays = [vec![0x91; deep], vec![0xa0]].concat();
    let error = decode_msgpack(&arrays, &nested_list_type(MAX_DEPTH + 10)).expect_err("deep list");
    let expected = format!("value is nested deeper than {MAX_DEPTH} levels");
    assert_eq!(error.message, expected);
    assert_eq!(error.path.0.len(), MAX_DEPTH + 1);

    // Dynamic values nest through their type JSON and through wrappers.
    let wrappers = [bytes(r#"92 c4 09 '"dynamic"'"#).repeat(deep), vec![0xc0]].concat();
    let error = decode_msgpack(&wrappers, &Type::Dynamic).expect_err("deep wrappers");
    assert!(error.message.contains("nested deeper"), "{error:?}");
    let type_json = format!(
        "{}\"string\"{}",
        "[\"list\",".repeat(deep),
        "]".repeat(deep)
    );
    let dynamic = [
        bytes(&format!("92 c6 {:08x}", type_json.len())),
        type_json.into_bytes(),
        vec![0x90],
    ]
    .concat();
    let error = decode_msgpack(&dynamic, &Type::Dynamic).expect_err("deep type JSON");
    assert!(error.message.contains("nested deeper"), "{error:?}");

    let json = format!("{}{}", "[".repeat(deep), "]".repeat(deep));
    let error =
        decode_json(json.as_bytes(), &nested_list_type(MAX_DEPTH + 10)).expect_err("deep JSON");
    assert!(error.message.contains("nested deeper"), "{error:?}");
    let maps = format!("{}1{}", "{\"a\":".repeat(deep), "}".repeat(deep));
    assert!(decode_json(maps.as_bytes(), &Type::Dynamic).is_err());
}

/// Exactly at the limit still works, for decoding and for encoding.
#[test]
fn nesting_up_to_the_limit_works() {
    let ty = nested_list_type(MAX_DEPTH);
    let encoded = [vec![0x91; MAX_DEPTH], vec![0xa1, b'x']].concat();
    let value = decode_msgpack(&encoded, &ty).expect("at the limit");
    assert_eq!(
        encode_msgpack(&value, &ty).as_deref().map(hex),
        Ok(hex(&encoded))
    );
    let json = format!("{}\"x\"{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert_eq!(decode_json(json.as_bytes(), &ty), Ok(value.clone()));

    let too_deep = Value::List(vec![value]);
    let error = encode_msgpack(&too_deep, &Type::list(ty)).expect_err("over the limit");
    assert!(error.message.contains("nested deeper"), "{error:?}");
}

/// Declared lengths of 2^32 - 1 with nothing behind them fail at once, for every header.
#[test]
fn huge_declared_lengths_fail_without_allocating() {
    let cases = [
        (r#"["list","string"]"#, "dd ff ff ff ff"),
        (r#"["list","string"]"#, "dc ff ff"),
        (r#"["map","string"]"#, "df ff ff ff ff"),
        (r#"["map","string"]"#, "de ff ff 01"),
        (r#"["object",{"a":"string"}]"#, "df ff ff ff ff"),
        (r#"["set","bool"]"#, "dd 7f ff ff ff c3 c3"),
        (r#""string""#, "db ff ff ff ff"),
        (r#""string""#, "c6 ff ff ff ff"),
        (r#""string""#, "c9 ff ff ff ff 00"),
        (r#""number""#, "db ff ff ff ff '1'"),
        (r#""dynamic""#, "92 c6 ff ff ff ff"),
        (r#""dynamic""#, "dd ff ff ff ff"),
    ];
    for (ty_json, spec) in cases {
        assert!(
            decode_msgpack(&bytes(spec), &ty(ty_json)).is_err(),
            "{ty_json} {spec}"
        );
    }
}

/// A large valid list decodes (the preallocation cap only limits the guess, not the size).
#[test]
fn large_valid_collections_decode() {
    let count = 100_000usize;
    let encoded = [bytes(&format!("dd {count:08x}")), vec![0xc3; count]].concat();
    let decoded = decode_msgpack(&encoded, &ty(r#"["list","bool"]"#));
    assert_eq!(decoded, Ok(Value::List(vec![Value::Bool(true); count])));
}

/// Absent object attributes are filled with null, but not without bound: a list of empty
/// maps for a wide object type would otherwise turn each input byte into thousands of values.
#[test]
fn absent_attributes_are_filled_within_a_budget() {
    let wide: Vec<(String, Type)> = (0..1000)
        .map(|i| (format!("a{i:03}"), Type::Bool))
        .collect();
    let wide = Type::Object(wide.into_iter().collect());
    let list = Type::list(wide);

    // A few objects missing everything fit (4096 + input length fills).
    let few = [bytes("94"), vec![0x80; 4]].concat();
    let decoded = decode_msgpack(&few, &list).expect("four empty objects");
    let Value::List(items) = decoded else {
        panic!("not a list")
    };
    assert_eq!(items.len(), 4);
    assert!(
        items
            .iter()
            .all(|item| item.get_attr("a999") == Some(&Value::Null))
    );

    // Thousands do not.
    let many = [bytes("dc 27 10"), vec![0x80; 10_000]].concat();
    let error = decode_msgpack(&many, &list).expect_err("ten thousand empty objects");
    // 10 003 input bytes + 4096 = 14 099 fills: fourteen objects, and the fifteenth fails.
    assert_eq!(error.path.to_string(), "[14]");
    assert_eq!(
        error.message,
        "too many absent object attributes for the size of the input"
    );
    let json = format!("[{}{{}}]", "{},".repeat(9_999));
    let error = decode_json(json.as_bytes(), &list).expect_err("ten thousand empty JSON objects");
    assert!(
        error.message.contains("too many absent object attributes"),
        "{error:?}"
    );
}
