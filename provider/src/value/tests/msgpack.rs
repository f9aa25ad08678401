//! msgpack: byte-exact round trips against go-cty's encodings, other accepted forms,
//! refined unknowns, and errors with their paths.

use super::*;
use crate::value::{decode_dynamic_value, decode_msgpack, encode_msgpack};

/// `(type JSON, value, bytes go-cty writes for it)`: encode must give exactly the bytes and
/// decoding the bytes must give the value back.
fn round_trips() -> Vec<(&'static str, Value, Vec<u8>)> {
    let long = |len: usize| "x".repeat(len);
    let (map15, map15_bytes) = numbered_map(15);
    let (map16, map16_bytes) = numbered_map(16);
    let list15 = list(&vec![n("1"); 15]);
    let list16 = list(&vec![n("1"); 16]);
    vec![
        // strings: fixstr up to 31 bytes, then str8, str16
        (r#""string""#, s("x"), bytes("a1 'x'")),
        (r#""string""#, s(""), bytes("a0")),
        (r#""string""#, s("héllo"), bytes("a6 68 c3 a9 6c 6c 6f")),
        (
            r#""string""#,
            s(&long(31)),
            [vec![0xbf], long(31).into_bytes()].concat(),
        ),
        (
            r#""string""#,
            s(&long(32)),
            [vec![0xd9, 0x20], long(32).into_bytes()].concat(),
        ),
        (
            r#""string""#,
            s(&long(255)),
            [vec![0xd9, 0xff], long(255).into_bytes()].concat(),
        ),
        (
            r#""string""#,
            s(&long(256)),
            [vec![0xda, 0x01, 0x00], long(256).into_bytes()].concat(),
        ),
        (r#""string""#, Value::Null, bytes("c0")),
        (r#""string""#, unknown(), bytes("d4 00 00")),
        // bools
        (r#""bool""#, Value::Bool(true), bytes("c3")),
        (r#""bool""#, Value::Bool(false), bytes("c2")),
        (r#""bool""#, Value::Null, bytes("c0")),
        (r#""bool""#, unknown(), bytes("d4 00 00")),
        // integers in the smallest form
        (r#""number""#, n("0"), bytes("00")),
        (r#""number""#, n("1"), bytes("01")),
        (r#""number""#, n("127"), bytes("7f")),
        (r#""number""#, n("128"), bytes("cc 80")),
        (r#""number""#, n("255"), bytes("cc ff")),
        (r#""number""#, n("256"), bytes("cd 01 00")),
        (r#""number""#, n("65535"), bytes("cd ff ff")),
        (r#""number""#, n("65536"), bytes("ce 00 01 00 00")),
        (r#""number""#, n("4294967295"), bytes("ce ff ff ff ff")),
        (
            r#""number""#,
            n("4294967296"),
            bytes("cf 00 00 00 01 00 00 00 00"),
        ),
        (
            r#""number""#,
            n("9223372036854775807"),
            bytes("cf 7f ff ff ff ff ff ff ff"),
        ),
        (r#""number""#, n("-1"), bytes("ff")),
        (r#""number""#, n("-32"), bytes("e0")),
        (r#""number""#, n("-33"), bytes("d0 df")),
        (r#""number""#, n("-128"), bytes("d0 80")),
        (r#""number""#, n("-129"), bytes("d1 ff 7f")),
        (r#""number""#, n("-32768"), bytes("d1 80 00")),
        (r#""number""#, n("-32769"), bytes("d2 ff ff 7f ff")),
        (r#""number""#, n("-2147483648"), bytes("d2 80 00 00 00")),
        (
            r#""number""#,
            n("-2147483649"),
            bytes("d3 ff ff ff ff 7f ff ff ff"),
        ),
        (
            r#""number""#,
            n("-9223372036854775808"),
            bytes("d3 80 00 00 00 00 00 00 00"),
        ),
        // 1e3 and 100.0 are integers
        (r#""number""#, n("1e3"), bytes("cd 03 e8")),
        (r#""number""#, n("100.0"), bytes("64")),
        // exact binary fractions and integers beyond i64 that a float holds exactly
        (r#""number""#, n("0.5"), bytes("cb 3f e0 00 00 00 00 00 00")),
        (r#""number""#, n("1.5"), bytes("cb 3f f8 00 00 00 00 00 00")),
        (
            r#""number""#,
            n("-2.25"),
            bytes("cb c0 02 00 00 00 00 00 00"),
        ),
        (
            r#""number""#,
            n("9223372036854775808"),
            bytes("cb 43 e0 00 00 00 00 00 00"),
        ),
        (
            r#""number""#,
            n("18446744073709551616"),
            bytes("cb 43 f0 00 00 00 00 00 00"),
        ),
        (
            r#""number""#,
            n("-9223372036854775809"),
            bytes("b4 '-9223372036854775809'"),
        ),
        // everything else is its decimal text, never with an exponent
        (
            r#""number""#,
            n("18446744073709551615"),
            bytes("b4 '18446744073709551615'"),
        ),
        (
            r#""number""#,
            n("18446744073709551617"),
            bytes("b4 '18446744073709551617'"),
        ),
        (r#""number""#, n("0.1"), bytes("a3 '0.1'")),
        (r#""number""#, n("-0.000001"), bytes("a9 '-0.000001'")),
        (
            r#""number""#,
            n("3.14159265358979323846264338327950288"),
            bytes("d9 25 '3.14159265358979323846264338327950288'"),
        ),
        (
            r#""number""#,
            n("1e400"),
            [bytes("da 01 91 '1'"), vec![b'0'; 400]].concat(),
        ),
        (
            r#""number""#,
            n("+Inf"),
            bytes("cb 7f f0 00 00 00 00 00 00"),
        ),
        (
            r#""number""#,
            n("-Inf"),
            bytes("cb ff f0 00 00 00 00 00 00"),
        ),
        (r#""number""#, Value::Null, bytes("c0")),
        (r#""number""#, unknown(), bytes("d4 00 00")),
        // lists, sets, tuples: arrays
        (
            r#"["list","string"]"#,
            list(&[s("a"), s("b")]),
            bytes("92 a1 'a' a1 'b'"),
        ),
        (r#"["list","string"]"#, list(&[]), bytes("90")),
        (
            r#"["list","string"]"#,
            list(&[unknown(), Value::Null]),
            bytes("92 d4 00 00 c0"),
        ),
        (r#"["list","string"]"#, Value::Null, bytes("c0")),
        (r#"["list","string"]"#, unknown(), bytes("d4 00 00")),
        (
            r#"["list","number"]"#,
            list15,
            [bytes("9f"), vec![0x01; 15]].concat(),
        ),
        (
            r#"["list","number"]"#,
            list16,
            [bytes("dc 00 10"), vec![0x01; 16]].concat(),
        ),
        (
            r#"["list",["list","bool"]]"#,
            list(&[list(&[Value::Bool(true)]), list(&[])]),
            bytes("92 91 c3 90"),
        ),
        (
            r#"["set","number"]"#,
            Value::set([n("1"), n("2")]),
            bytes("92 01 02"),
        ),
        (r#"["set","number"]"#, Value::set([]), bytes("90")),
        (
            r#"["set","number"]"#,
            Value::set([unknown()]),
            bytes("91 d4 00 00"),
        ),
        (
            r#"["tuple",["string","number","bool"]]"#,
            Value::tuple([s("x"), n("1"), Value::Bool(true)]),
            bytes("93 a1 'x' 01 c3"),
        ),
        (r#"["tuple",[]]"#, Value::tuple([]), bytes("90")),
        (
            r#"["tuple",["string","number"]]"#,
            Value::tuple([Value::Null, unknown()]),
            bytes("92 c0 d4 00 00"),
        ),
        (r#"["tuple",["string"]]"#, Value::Null, bytes("c0")),
        // maps and objects: maps with keys in byte order
        (
            r#"["map","string"]"#,
            map(&[("b", s("y")), ("a", s("x"))]),
            bytes("82 a1 'a' a1 'x' a1 'b' a1 'y'"),
        ),
        (r#"["map","string"]"#, map(&[]), bytes("80")),
        (
            r#"["map","string"]"#,
            map(&[("a", Value::Null), ("b", unknown())]),
            bytes("82 a1 'a' c0 a1 'b' d4 00 00"),
        ),
        (
            r#"["map","number"]"#,
            map15,
            [bytes("8f"), map15_bytes].concat(),
        ),
        (
            r#"["map","number"]"#,
            map16,
            [bytes("de 00 10"), map16_bytes].concat(),
        ),
        (
            r#"["map","string"]"#,
            map(&[("B", s("1")), ("a", s("2"))]),
            bytes("82 a1 'B' a1 '1' a1 'a' a1 '2'"),
        ),
        (
            r#"["object",{"a":"string"}]"#,
            obj(&[("a", s("x"))]),
            bytes("81 a1 61 a1 78"),
        ),
        (r#"["object",{}]"#, obj(&[]), bytes("80")),
        (
            r#"["object",{"b":"number","a":"string"}]"#,
            obj(&[("a", s("x")), ("b", Value::Null)]),
            bytes("82 a1 'a' a1 'x' a1 'b' c0"),
        ),
        (
            r#"["object",{"a":"string","b":"bool"}]"#,
            obj(&[("a", unknown()), ("b", Value::Bool(false))]),
            bytes("82 a1 'a' d4 00 00 a1 'b' c2"),
        ),
        (r#"["object",{"a":"string"}]"#, Value::Null, bytes("c0")),
        (r#"["object",{"a":"string"}]"#, unknown(), bytes("d4 00 00")),
        (
            r#"["object",{"containers":["map",["object",{"image":"string"}]]}]"#,
            obj(&[("containers", map(&[("web", obj(&[("image", s("nginx"))]))]))]),
            bytes("81 aa 'containers' 81 a3 'web' 81 a5 'image' a5 'nginx'"),
        ),
        (
            r#"["object",{"items":["list",["object",{"n":"number"}]]}]"#,
            obj(&[(
                "items",
                list(&[obj(&[("n", n("1"))]), Value::Null, unknown()]),
            )]),
            bytes("81 a5 'items' 93 81 a1 'n' 01 c0 d4 00 00"),
        ),
        // dynamic: [type JSON as bin, value]; no-type null and unknown are bare
        (
            r#""dynamic""#,
            dyn_(r#""string""#, s("x")),
            bytes(r#"92 c4 08 '"string"' a1 78"#),
        ),
        (
            r#""dynamic""#,
            dyn_(r#""number""#, n("42")),
            bytes(r#"92 c4 08 '"number"' 2a"#),
        ),
        (
            r#""dynamic""#,
            dyn_(r#""bool""#, Value::Bool(true)),
            bytes(r#"92 c4 06 '"bool"' c3"#),
        ),
        (
            r#""dynamic""#,
            dyn_(r#""string""#, Value::Null),
            bytes(r#"92 c4 08 '"string"' c0"#),
        ),
        (
            r#""dynamic""#,
            dyn_(r#""string""#, unknown()),
            bytes(r#"92 c4 08 '"string"' d4 00 00"#),
        ),
        (r#""dynamic""#, Value::Null, bytes("c0")),
        (r#""dynamic""#, unknown(), bytes("d4 00 00")),
        (
            r#""dynamic""#,
            dyn_(r#"["list","string"]"#, list(&[s("a")])),
            bytes(r#"92 c4 11 '["list","string"]' 91 a1 'a'"#),
        ),
        (
            r#""dynamic""#,
            dyn_(
                r#"["object",{"a":"string","b":["tuple",["number"]]}]"#,
                obj(&[("a", s("x")), ("b", Value::tuple([n("1")]))]),
            ),
            bytes(
                r#"92 c4 32 '["object",{"a":"string","b":["tuple",["number"]]}]' 82 a1 'a' a1 'x' a1 'b' 91 01"#,
            ),
        ),
        (
            r#""dynamic""#,
            dyn_(
                r#"["map","dynamic"]"#,
                map(&[("k", dyn_(r#""bool""#, Value::Bool(false)))]),
            ),
            bytes(r#"92 c4 11 '["map","dynamic"]' 81 a1 'k' 92 c4 06 '"bool"' c2"#),
        ),
        (
            r#"["object",{"any":"dynamic","id":"string"}]"#,
            obj(&[("any", dyn_(r#""number""#, n("1"))), ("id", s("i"))]),
            bytes(r#"82 a3 'any' 92 c4 08 '"number"' 01 a2 'id' a1 'i'"#),
        ),
        (
            r#"["list","dynamic"]"#,
            list(&[Value::Null, unknown(), dyn_(r#""string""#, s(""))]),
            bytes(r#"93 c0 d4 00 00 92 c4 08 '"string"' a0"#),
        ),
        // refined unknowns: extension 12, map of refinements, smallest ext header
        (
            r#""string""#,
            refined(|r| r.nullness = Some(false)),
            bytes("c7 03 0c 81 01 c2"),
        ),
        (
            r#""string""#,
            refined(|r| r.string_prefix = Some("a".into())),
            bytes("d6 0c 81 02 a1 'a'"),
        ),
        (
            r#""string""#,
            refined(|r| r.string_prefix = Some("ab".into())),
            bytes("c7 05 0c 81 02 a2 'ab'"),
        ),
        (
            r#""string""#,
            refined(|r| {
                r.nullness = Some(false);
                r.string_prefix = Some("abc".into());
            }),
            bytes("d7 0c 82 01 c2 02 a3 'abc'"),
        ),
        (
            r#""number""#,
            refined(|r| r.number_lower = Some((num("0"), true))),
            bytes("c7 05 0c 81 03 92 00 c3"),
        ),
        (
            r#""number""#,
            refined(|r| r.number_upper = Some((num("10.5"), false))),
            bytes("c7 0d 0c 81 04 92 cb 40 25 00 00 00 00 00 00 c2"),
        ),
        (
            r#""number""#,
            refined(|r| {
                r.nullness = Some(false);
                r.number_lower = Some((num("-1"), false));
                r.number_upper = Some((num("0.1"), true));
            }),
            bytes("c7 0e 0c 83 01 c2 03 92 ff c2 04 92 a3 '0.1' c3"),
        ),
        (
            r#"["list","string"]"#,
            refined(|r| {
                r.length_lower = Some(1);
                r.length_upper = Some(5);
            }),
            bytes("c7 05 0c 82 05 01 06 05"),
        ),
        (
            r#"["set","string"]"#,
            refined(|r| {
                r.nullness = Some(false);
                r.length_upper = Some(300);
            }),
            bytes("c7 07 0c 82 01 c2 06 cd 01 2c"),
        ),
        (
            r#"["map","bool"]"#,
            refined(|r| r.length_lower = Some(2)),
            bytes("c7 03 0c 81 05 02"),
        ),
        (
            r#"["object",{"a":"string"}]"#,
            refined(|r| r.nullness = Some(false)),
            bytes("c7 03 0c 81 01 c2"),
        ),
        (
            r#"["list","string"]"#,
            list(&[refined(|r| r.string_prefix = Some("p-".into()))]),
            bytes("91 c7 05 0c 81 02 a2 'p-'"),
        ),
        (
            r#""string""#,
            refined(|r| r.string_prefix = Some("0123456789abc".into())),
            bytes("d8 0c 81 02 ad '0123456789abc'"),
        ),
        (
            r#""dynamic""#,
            dyn_(r#""string""#, refined(|r| r.nullness = Some(false))),
            bytes(r#"92 c4 08 '"string"' c7 03 0c 81 01 c2"#),
        ),
    ]
}

#[test]
fn encodes_byte_exact() {
    for (ty_json, value, expected) in round_trips() {
        let encoded = encode_msgpack(&value, &ty(ty_json));
        assert_eq!(
            encoded.as_deref().map(hex),
            Ok(hex(&expected)),
            "{ty_json} {value:?}"
        );
    }
}

#[test]
fn decodes_what_go_cty_writes() {
    for (ty_json, value, encoded) in round_trips() {
        let decoded = decode_msgpack(&encoded, &ty(ty_json));
        assert_eq!(decoded, Ok(value), "{ty_json} {}", hex(&encoded));
    }
}

/// Forms go-cty (or another encoder) may send that this codec never writes.
#[test]
fn decodes_other_forms() {
    let cases: Vec<(&str, &str, Value)> = vec![
        // numbers in wider formats than needed, floats, float32, and decimal text
        (r#""number""#, "d0 05", n("5")),
        (r#""number""#, "d1 00 05", n("5")),
        (r#""number""#, "d2 ff ff ff fb", n("-5")),
        (r#""number""#, "d3 00 00 00 00 00 00 00 05", n("5")),
        (r#""number""#, "cc 05", n("5")),
        (r#""number""#, "cd 00 05", n("5")),
        (r#""number""#, "ce 00 00 00 05", n("5")),
        (
            r#""number""#,
            "cf ff ff ff ff ff ff ff ff",
            n("18446744073709551615"),
        ),
        (r#""number""#, "ca 3f c0 00 00", n("1.5")),
        (r#""number""#, "ca 7f 80 00 00", n("+Inf")),
        (r#""number""#, "cb 3f f0 00 00 00 00 00 00", n("1")),
        (r#""number""#, "cb 80 00 00 00 00 00 00 00", n("0")),
        (
            r#""number""#,
            "cb 3f b9 99 99 99 99 99 9a",
            n("0.1000000000000000055511151231257827021181583404541015625"),
        ),
        (
            r#""number""#,
            "cb 3f 50 00 00 00 00 00 00",
            n("0.0009765625"),
        ),
        (r#""number""#, "a2 '12'", n("12")),
        (r#""number""#, "a3 '1e3'", n("1000")),
        (r#""number""#, "a2 '-0'", n("0")),
        (r#""number""#, "a4 '0.10'", n("0.1")),
        (r#""number""#, "a4 '1E-2'", n("0.01")),
        (r#""number""#, "a3 'Inf'", n("+Inf")),
        (r#""number""#, "a4 '-inf'", n("-Inf")),
        (r#""number""#, "c4 02 '42'", n("42")),
        (r#""number""#, "d9 03 '007'", n("7")),
        // strings in every header form, and as binary
        (r#""string""#, "d9 01 'x'", s("x")),
        (r#""string""#, "da 00 01 'x'", s("x")),
        (r#""string""#, "db 00 00 00 01 'x'", s("x")),
        (r#""string""#, "c4 01 'x'", s("x")),
        (r#""string""#, "c5 00 01 'x'", s("x")),
        (r#""string""#, "c6 00 00 00 00", s("")),
        // wider array and map headers
        (
            r#"["list","bool"]"#,
            "dc 00 01 c3",
            list(&[Value::Bool(true)]),
        ),
        (
            r#"["list","bool"]"#,
            "dd 00 00 00 01 c3",
            list(&[Value::Bool(true)]),
        ),
        (r#"["set","bool"]"#, "dd 00 00 00 00", Value::set([])),
        (
            r#"["map","bool"]"#,
            "de 00 01 a1 'k' c3",
            map(&[("k", Value::Bool(true))]),
        ),
        (
            r#"["map","bool"]"#,
            "df 00 00 00 01 a1 'k' c3",
            map(&[("k", Value::Bool(true))]),
        ),
        (
            r#"["map","bool"]"#,
            "81 c4 01 'k' c2",
            map(&[("k", Value::Bool(false))]),
        ),
        // objects: any key order, absent attributes are null, an empty map is all-null
        (
            r#"["object",{"a":"bool","b":"bool"}]"#,
            "82 a1 'b' c3 a1 'a' c2",
            obj(&[("a", Value::Bool(false)), ("b", Value::Bool(true))]),
        ),
        (
            r#"["object",{"a":"bool","b":"bool"}]"#,
            "81 a1 'b' c3",
            obj(&[("a", Value::Null), ("b", Value::Bool(true))]),
        ),
        (
            r#"["object",{"a":"bool"}]"#,
            "80",
            obj(&[("a", Value::Null)]),
        ),
        (
            r#"["object",{"a":"bool"},["a"]]"#,
            "81 a1 'a' c3",
            obj(&[("a", Value::Bool(true))]),
        ),
        // every extension is an unknown, whatever its type and length
        (r#""string""#, "d4 05 00", unknown()),
        (r#""string""#, "d4 0c 00", unknown()),
        (r#""string""#, "d5 00 00 00", unknown()),
        (r#""string""#, "c7 00 00", unknown()),
        (r#""string""#, "c7 00 0c", unknown()),
        (r#""string""#, "c8 00 00 00", unknown()),
        (r#""string""#, "c9 00 00 00 00 07", unknown()),
        (r#""string""#, "d6 07 01 02 03 04", unknown()),
        (
            r#"["list","string"]"#,
            "d8 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            unknown(),
        ),
        // dynamic: the type JSON may be a str, have whitespace, or be "dynamic" itself
        (
            r#""dynamic""#,
            r#"92 a8 '"string"' a1 'x'"#,
            dyn_(r#""string""#, s("x")),
        ),
        (
            r#""dynamic""#,
            r#"92 c4 0a ' "number" ' 01"#,
            dyn_(r#""number""#, n("1")),
        ),
        (r#""dynamic""#, r#"92 c4 09 '"dynamic"' c0"#, Value::Null),
        (
            r#""dynamic""#,
            r#"92 c4 09 '"dynamic"' 92 c4 06 '"bool"' c3"#,
            dyn_(r#""bool""#, Value::Bool(true)),
        ),
        (r#""dynamic""#, "d4 0c 00", unknown()),
        (r#""dynamic""#, "c7 03 0c 81 01 c2", unknown()),
        (
            r#""dynamic""#,
            r#"92 c4 0e '["set","bool"]' 90"#,
            dyn_(r#"["set","bool"]"#, Value::set([])),
        ),
    ];
    for (ty_json, spec, expected) in cases {
        assert_eq!(
            decode_msgpack(&bytes(spec), &ty(ty_json)),
            Ok(expected),
            "{ty_json} {spec}"
        );
    }
}

/// Refined unknowns as sent, including payloads whose refinements must be dropped.
#[test]
fn decodes_refinements() {
    let big_prefix = format!("c9 00 00 04 01 0c 81 02 da 03 fc '{}'", "p".repeat(1020));
    let cases: Vec<(&str, String, Value)> = vec![
        // nullness: false refines, true is a known null (as go-cty builds it)
        (
            r#""string""#,
            "c7 03 0c 81 01 c2".into(),
            refined(|r| r.nullness = Some(false)),
        ),
        (r#""string""#, "c7 03 0c 81 01 c3".into(), Value::Null),
        (
            r#"["list","string"]"#,
            "c7 03 0c 81 01 c3".into(),
            Value::Null,
        ),
        // keys go-cty does not know are skipped, whatever their value
        (
            r#""string""#,
            "c7 07 0c 82 09 92 01 02 01 c2".into(),
            refined(|r| r.nullness = Some(false)),
        ),
        (
            r#""string""#,
            "c7 08 0c 82 cc 80 81 01 02 01 c2".into(),
            refined(|r| r.nullness = Some(false)),
        ),
        // bytes after the map are ignored
        (
            r#""string""#,
            "c7 05 0c 81 01 c2 ff ff".into(),
            refined(|r| r.nullness = Some(false)),
        ),
        // keys and lengths in wider integer formats
        (
            r#"["map","string"]"#,
            "c7 06 0c 81 d0 05 cd 00 03".into(),
            refined(|r| r.length_lower = Some(3)),
        ),
        // number bounds in every number form
        (
            r#""number""#,
            "c7 08 0c 81 03 92 a3 '1.5' c3".into(),
            refined(|r| r.number_lower = Some((num("1.5"), true))),
        ),
        (
            r#""number""#,
            "c7 09 0c 81 04 92 ca 3f c0 00 00 c2".into(),
            refined(|r| r.number_upper = Some((num("1.5"), false))),
        ),
        (
            r#""number""#,
            "c7 05 0c 81 03 92 ff c3".into(),
            refined(|r| r.number_lower = Some((num("-1"), true))),
        ),
        // malformed payloads: refinements dropped, still an unknown
        (r#""string""#, "c7 02 0c 01 c2".into(), unknown()),
        (r#""string""#, "c7 03 0c 91 01 c2".into(), unknown()),
        (r#""string""#, "c7 03 0c 82 01 c2".into(), unknown()),
        (r#""string""#, "c7 04 0c 81 a1 'a' c2".into(), unknown()),
        (r#""string""#, "c7 03 0c 81 01 01".into(), unknown()),
        (r#""string""#, "c7 04 0c 81 02 a1 ff".into(), unknown()),
        (r#""string""#, "c7 03 0c 81 02 01".into(), unknown()),
        (r#""number""#, "c7 03 0c 81 03 01".into(), unknown()),
        (r#""number""#, "c7 04 0c 81 03 91 01".into(), unknown()),
        (r#""number""#, "c7 05 0c 81 03 92 01 01".into(), unknown()),
        (r#""number""#, "c7 05 0c 81 03 92 c0 c3".into(), unknown()),
        (
            r#""number""#,
            "c7 08 0c 81 03 92 a3 'abc' c3".into(),
            unknown(),
        ),
        (
            r#"["list","string"]"#,
            "c7 03 0c 81 05 ff".into(),
            unknown(),
        ),
        (
            r#"["list","string"]"#,
            "c7 03 0c 81 05 c3".into(),
            unknown(),
        ),
        (
            r#"["list","string"]"#,
            "c7 03 0c 81 05 cc".into(),
            unknown(),
        ),
        // refinements that do not fit the type drop them all
        (r#""number""#, "c7 05 0c 81 02 a2 'ab'".into(), unknown()),
        (r#""string""#, "c7 05 0c 81 03 92 00 c3".into(), unknown()),
        (r#""string""#, "c7 03 0c 81 05 01".into(), unknown()),
        (
            r#"["tuple",["string"]]"#,
            "c7 03 0c 81 05 01".into(),
            unknown(),
        ),
        (r#"["object",{}]"#, "c7 03 0c 81 06 01".into(), unknown()),
        // only extension 12 carries refinements
        (r#""string""#, "c7 03 05 81 01 c2".into(), unknown()),
        (r#""string""#, "c7 03 00 81 01 c2".into(), unknown()),
        // more than 1024 payload bytes: dropped unread
        (r#""string""#, big_prefix, unknown()),
        // an unknown inside a collection keeps its own refinements
        (
            r#"["list","number"]"#,
            "92 c7 05 0c 81 03 92 00 c3 01".into(),
            list(&[refined(|r| r.number_lower = Some((num("0"), true))), n("1")]),
        ),
    ];
    for (ty_json, spec, expected) in cases {
        assert_eq!(
            decode_msgpack(&bytes(&spec), &ty(ty_json)),
            Ok(expected),
            "{ty_json} {spec}"
        );
    }
}

/// A 1024-byte payload is still read; go-cty's limit is inclusive.
#[test]
fn reads_refinements_up_to_the_limit() {
    let prefix = "p".repeat(1019);
    let spec = format!("c8 04 00 0c 81 02 da 03 fb '{prefix}'");
    let decoded = decode_msgpack(&bytes(&spec), &Type::String);
    assert_eq!(
        decoded,
        Ok(refined(|r| r.string_prefix = Some(prefix.clone())))
    );
}

/// What the encoder drops or shortens rather than writing something Terraform refuses.
#[test]
fn encodes_refinements_conservatively() {
    let long_prefix = "é".repeat(200);
    let cut = "é".repeat(126);
    let (exact, ascii) = ("x".repeat(256), "a".repeat(300));
    let cases: Vec<(&str, Value, String)> = vec![
        // nothing to say: the plain unknown, never an empty map
        (r#""string""#, refined(|_| {}), "d4 00 00".into()),
        (
            r#""string""#,
            refined(|r| r.string_prefix = Some(String::new())),
            "d4 00 00".into(),
        ),
        (
            r#"["list","string"]"#,
            refined(|r| r.length_lower = Some(0)),
            "d4 00 00".into(),
        ),
        // refinements for another type are not written
        (
            r#""string""#,
            refined(|r| r.length_lower = Some(2)),
            "d4 00 00".into(),
        ),
        (
            r#""bool""#,
            refined(|r| r.number_lower = Some((num("1"), true))),
            "d4 00 00".into(),
        ),
        (
            r#""number""#,
            refined(|r| r.string_prefix = Some("x".into())),
            "d4 00 00".into(),
        ),
        (
            r#"["tuple",["string"]]"#,
            refined(|r| r.length_upper = Some(1)),
            "d4 00 00".into(),
        ),
        // definitely null is null
        (
            r#""string""#,
            refined(|r| r.nullness = Some(true)),
            "c0".into(),
        ),
        // no refinements at a dynamic position
        (
            r#""dynamic""#,
            refined(|r| r.nullness = Some(false)),
            "d4 00 00".into(),
        ),
        // prefixes are cut to at most 256 bytes at a character boundary, minus one character
        (
            r#""string""#,
            refined(|r| r.string_prefix = Some(long_prefix.clone())),
            format!("c8 01 00 0c 81 02 d9 fc '{cut}'"),
        ),
        (
            r#""string""#,
            refined(|r| r.string_prefix = Some(ascii.clone())),
            format!("c8 01 02 0c 81 02 d9 fe '{}'", &ascii[..254]),
        ),
        (
            r#""string""#,
            refined(|r| r.string_prefix = Some(exact.clone())),
            format!("c8 01 05 0c 81 02 da 01 00 '{exact}'"),
        ),
        // a payload over 1024 bytes would be refused by Terraform: plain unknown instead
        (
            r#""number""#,
            refined(|r| r.number_lower = Some((num("1e1100"), true))),
            "d4 00 00".into(),
        ),
    ];
    for (ty_json, value, spec) in cases {
        let expected = hex(&bytes(&spec));
        assert_eq!(
            encode_msgpack(&value, &ty(ty_json)).as_deref().map(hex),
            Ok(expected),
            "{ty_json} {value:?}"
        );
    }
}

/// Malformed input: `(type, bytes, error path, message fragment)`.
#[test]
fn rejects_malformed_input() {
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (r#""string""#, "", "", "input ends early at byte 0"),
        (
            r#""string""#,
            "a1 'x' 00",
            "",
            "1 unexpected bytes after the value",
        ),
        (
            r#""string""#,
            "c0 c0",
            "",
            "1 unexpected bytes after the value",
        ),
        (
            r#""string""#,
            "d4 00 00 00",
            "",
            "1 unexpected bytes after the value",
        ),
        (r#""string""#, "c1", "", "invalid msgpack marker 0xc1"),
        (
            r#""string""#,
            "a2 'x'",
            "",
            "2 bytes needed at byte 1, 1 left",
        ),
        (
            r#""string""#,
            "a1 ff",
            "",
            "invalid UTF-8 in string at byte 0",
        ),
        (
            r#""string""#,
            "a3 'a' c3 28",
            "",
            "invalid UTF-8 in string at byte 1",
        ),
        (r#""string""#, "a3 ed a0 80", "", "invalid UTF-8"),
        (
            r#""string""#,
            "01",
            "",
            "expected a string, found an integer",
        ),
        (r#""string""#, "c3", "", "expected a string, found a bool"),
        (r#""string""#, "90", "", "expected a string, found an array"),
        (r#""bool""#, "a1 'x'", "", "expected a bool, found a string"),
        (r#""bool""#, "01", "", "expected a bool, found an integer"),
        (r#""number""#, "c3", "", "expected a number, found a bool"),
        (r#""number""#, "80", "", "expected a number, found a map"),
        (r#""number""#, "a3 'abc'", "", "invalid number \"abc\""),
        (r#""number""#, "a0", "", "invalid number \"\""),
        (r#""number""#, "a4 ' 12 '", "", "invalid number"),
        (r#""number""#, "a3 '0x1'", "", "invalid number"),
        (r#""number""#, "a3 'NaN'", "", "invalid number"),
        (
            r#""number""#,
            "a7 '1e99999'",
            "",
            "out of the supported range",
        ),
        (r#""number""#, "a1 ff", "", "number text is not UTF-8"),
        (r#""number""#, "cb 7f f8 00 00 00 00 00 00", "", "NaN"),
        (r#""number""#, "ca 7f c0 00 00", "", "NaN"),
        (
            r#"["list","string"]"#,
            "80",
            "",
            "expected a list, found a map",
        ),
        (
            r#"["list","string"]"#,
            "a1 'x'",
            "",
            "expected a list, found a string",
        ),
        (
            r#"["list","string"]"#,
            "92 a1 'x' 01",
            "[1]",
            "expected a string, found an integer",
        ),
        (
            r#"["list","string"]"#,
            "92 a1 'x'",
            "[1]",
            "input ends early at byte 3",
        ),
        (
            r#"["list","string"]"#,
            "93 a1 'x'",
            "",
            "array declares 3 elements but only 2 bytes are left",
        ),
        (
            r#"["set","string"]"#,
            "92 a1 'x' 01",
            "",
            "expected a string, found an integer",
        ),
        (
            r#"["set","string"]"#,
            "81 01 01",
            "",
            "expected a set, found a map",
        ),
        (
            r#"["map","string"]"#,
            "90",
            "",
            "expected a map, found an array",
        ),
        (
            r#"["map","string"]"#,
            "81 01 a1 'x'",
            "",
            "expected a string key, found an integer",
        ),
        (
            r#"["map","string"]"#,
            "81 a1 ff a1 'x'",
            "",
            "invalid UTF-8",
        ),
        (
            r#"["map","string"]"#,
            "81 a1 'k' 01",
            "[\"k\"]",
            "expected a string, found an integer",
        ),
        (
            r#"["map","string"]"#,
            "82 a1 'k' a0 a1 'k' a0",
            "[\"k\"]",
            "duplicate map key",
        ),
        (
            r#"["tuple",["string","bool"]]"#,
            "91 a0",
            "",
            "expected a tuple of 2 elements, found 1",
        ),
        (
            r#"["tuple",["string","bool"]]"#,
            "90",
            "",
            "expected a tuple of 2 elements, found 0",
        ),
        (
            r#"["tuple",["string","bool"]]"#,
            "92 a0 a0",
            "[1]",
            "expected a bool, found a string",
        ),
        (
            r#"["tuple",[]]"#,
            "91 c0",
            "",
            "expected a tuple of 0 elements, found 1",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            "90",
            "",
            "expected an object, found an array",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            "81 a1 'b' a0",
            "",
            "unsupported attribute \"b\"",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            "82 a1 'a' a0 a1 'a' a0",
            "a",
            "duplicate attribute",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            "81 01 a0",
            "",
            "expected a string key, found an integer",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            "81 a1 'a' 01",
            "a",
            "expected a string, found an integer",
        ),
        (
            r#"["object",{"containers":["map",["object",{"image":"string"}]]}]"#,
            "81 aa 'containers' 81 a3 'web' 81 a5 'image' 01",
            "containers[\"web\"].image",
            "expected a string, found an integer",
        ),
        (
            r#"["object",{"containers":["map",["object",{"image":"string"}]]}]"#,
            "81 aa 'containers' 81 a3 'web' 81 a3 'tag' a0",
            "containers[\"web\"]",
            "unsupported attribute \"tag\"",
        ),
        (
            r#"["object",{"items":["list",["object",{"n":"number"}]]}]"#,
            "81 a5 'items' 92 81 a1 'n' 01 81 a1 'n' c3",
            "items[1].n",
            "expected a number, found a bool",
        ),
        (
            r#"["object",{"s":["set",["object",{"n":"number"}]]}]"#,
            "81 a1 's' 91 81 a1 'n' c3",
            "s",
            "expected a number",
        ),
        // dynamic positions need [type, value]
        (
            r#""dynamic""#,
            "a1 'x'",
            "",
            "expected a [type, value] array, found a string",
        ),
        (r#""dynamic""#, "91 a0", "", "found 1 elements"),
        (r#""dynamic""#, "93 a0 a0 a0", "", "found 3 elements"),
        (
            r#""dynamic""#,
            "92 01 01",
            "",
            "expected type JSON, found an integer",
        ),
        (
            r#""dynamic""#,
            "92 c4 05 'strin' a0",
            "",
            "invalid type in dynamic value",
        ),
        (
            r#""dynamic""#,
            r#"92 c4 05 '"int"' 01"#,
            "",
            "unknown primitive type \"int\"",
        ),
        (
            r#""dynamic""#,
            r#"92 c4 08 '"string"' 01"#,
            "",
            "expected a string, found an integer",
        ),
        (
            r#""dynamic""#,
            r#"92 c4 08 '"string"'"#,
            "",
            "input ends early at byte 11",
        ),
        (
            r#"["object",{"d":"dynamic"}]"#,
            r#"81 a1 'd' 92 c4 06 '"bool"' 01"#,
            "d",
            "expected a bool, found an integer",
        ),
        // extension headers that lie about their length
        (r#""string""#, "c7 05 0c 81", "", "input ends early"),
        (r#""string""#, "d4 00", "", "input ends early"),
        (
            r#""string""#,
            "c9 ff ff ff ff 0c",
            "",
            "4294967295 bytes needed",
        ),
        // declared lengths far beyond the input
        (
            r#"["list","string"]"#,
            "dd ff ff ff ff",
            "",
            "array declares 4294967295 elements but only 0 bytes are left",
        ),
        (
            r#"["map","string"]"#,
            "df ff ff ff ff c0",
            "",
            "map declares 4294967295 elements but only 1 bytes are left",
        ),
        (
            r#""string""#,
            "db ff ff ff ff 'x'",
            "",
            "4294967295 bytes needed at byte 5, 1 left",
        ),
        (
            r#""string""#,
            "c6 80 00 00 00",
            "",
            "2147483648 bytes needed",
        ),
    ];
    for (ty_json, spec, path, fragment) in cases {
        let error = decode_msgpack(&bytes(spec), &ty(ty_json)).expect_err(spec);
        assert_eq!(error.path.to_string(), path, "{ty_json} {spec}: {error}");
        assert!(
            error.message.contains(fragment),
            "{ty_json} {spec}: {error:?} lacks {fragment:?}"
        );
    }
}

/// Values that do not fit their type: `(type, value, error path, message fragment)`.
#[test]
fn refuses_to_encode_values_that_do_not_conform() {
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (r#""string""#, n("1"), "", "expected string, found a number"),
        (r#""number""#, s("1"), "", "expected number, found a string"),
        (r#""bool""#, s("true"), "", "expected bool, found a string"),
        (
            r#"["list","string"]"#,
            Value::set([]),
            "",
            "expected list of string, found a set",
        ),
        (
            r#"["set","string"]"#,
            list(&[]),
            "",
            "expected set of string, found a list",
        ),
        (
            r#"["map","string"]"#,
            obj(&[]),
            "",
            "expected map of string, found an object",
        ),
        (
            r#"["object",{}]"#,
            map(&[]),
            "",
            "expected object, found a map",
        ),
        (
            r#"["tuple",["string"]]"#,
            list(&[s("x")]),
            "",
            "expected tuple, found a list",
        ),
        (
            r#"["tuple",["string"]]"#,
            Value::tuple([]),
            "",
            "expected a tuple of 1 elements, found 0",
        ),
        (
            r#"["list","string"]"#,
            list(&[s("a"), n("1")]),
            "[1]",
            "expected string, found a number",
        ),
        (
            r#"["map","number"]"#,
            map(&[("k", s("x"))]),
            "[\"k\"]",
            "expected number, found a string",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            obj(&[("a", s("x")), ("b", s("y"))]),
            "",
            "unsupported attribute \"b\"",
        ),
        (
            r#"["object",{"a":["list","bool"]}]"#,
            obj(&[("a", list(&[Value::Null, n("1")]))]),
            "a[1]",
            "expected bool, found a number",
        ),
        (
            r#""dynamic""#,
            list(&[s("a"), n("1")]),
            "[1]",
            "elements have different types: string and number",
        ),
        (
            r#""dynamic""#,
            obj(&[("m", map(&[("a", s("x")), ("b", Value::Bool(true))]))]),
            "m[\"b\"]",
            "different types",
        ),
        (
            r#""dynamic""#,
            dyn_(r#""string""#, n("1")),
            "",
            "expected string, found a number",
        ),
    ];
    for (ty_json, value, path, fragment) in cases {
        let error = encode_msgpack(&value, &ty(ty_json)).expect_err(ty_json);
        assert_eq!(error.path.to_string(), path, "{ty_json} {value:?}: {error}");
        assert!(
            error.message.contains(fragment),
            "{ty_json} {value:?}: {error:?} lacks {fragment:?}"
        );
    }
}

/// Conveniences the encoder allows: absent object attributes are null, a `Dynamic` wrapper
/// at a typed position is unwrapped, and unwrapped values at dynamic positions get a type.
#[test]
fn encodes_lenient_shapes() {
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            r#"["object",{"a":"string","b":"number"}]"#,
            obj(&[("b", n("1"))]),
            "82 a1 'a' c0 a1 'b' 01",
        ),
        (r#""string""#, dyn_(r#""string""#, s("x")), "a1 'x'"),
        (r#""dynamic""#, s("x"), r#"92 c4 08 '"string"' a1 'x'"#),
        (r#""dynamic""#, Value::Bool(true), r#"92 c4 06 '"bool"' c3"#),
        (
            r#""dynamic""#,
            n("0.5"),
            r#"92 c4 08 '"number"' cb 3f e0 00 00 00 00 00 00"#,
        ),
        (
            r#""dynamic""#,
            list(&[]),
            r#"92 c4 12 '["list","dynamic"]' 90"#,
        ),
        (
            r#""dynamic""#,
            list(&[Value::Null, s("a")]),
            r#"92 c4 11 '["list","string"]' 92 c0 a1 'a'"#,
        ),
        (
            r#""dynamic""#,
            Value::set([n("1")]),
            r#"92 c4 10 '["set","number"]' 91 01"#,
        ),
        (
            r#""dynamic""#,
            map(&[("k", unknown())]),
            r#"92 c4 11 '["map","dynamic"]' 81 a1 'k' d4 00 00"#,
        ),
        (
            r#""dynamic""#,
            Value::tuple([s("a"), n("1")]),
            r#"92 c4 1d '["tuple",["string","number"]]' 92 a1 'a' 01"#,
        ),
        (
            r#""dynamic""#,
            obj(&[("a", s("x"))]),
            r#"92 c4 19 '["object",{"a":"string"}]' 81 a1 'a' a1 'x'"#,
        ),
        (
            r#""dynamic""#,
            dyn_(r#""dynamic""#, s("x")),
            r#"92 c4 08 '"string"' a1 'x'"#,
        ),
        (
            r#""dynamic""#,
            list(&[list(&[]), list(&[Value::Bool(true)])]),
            r#"92 c4 18 '["list",["list","bool"]]' 92 90 91 c3"#,
        ),
        (
            r#""dynamic""#,
            obj(&[("x<y", s("&"))]),
            r#"92 c4 20 '["object",{"x\u003cy":"string"}]' 81 a3 'x<y' a1 '&'"#,
        ),
    ];
    for (ty_json, value, spec) in cases {
        let expected = hex(&bytes(spec));
        assert_eq!(
            encode_msgpack(&value, &ty(ty_json)).as_deref().map(hex),
            Ok(expected),
            "{ty_json} {value:?}"
        );
    }
}

#[test]
fn picks_the_dynamic_value_field() {
    let ty = ty(r#"["object",{"a":"string"}]"#);
    // (msgpack field, json field, the value or Err for an error)
    type Case = (&'static [u8], &'static [u8], Result<Value, ()>);
    let cases: Vec<Case> = vec![
        (b"", b"", Ok(Value::Null)),
        (
            &[0x81, 0xa1, b'a', 0xa1, b'm'],
            b"",
            Ok(obj(&[("a", s("m"))])),
        ),
        (b"", br#"{"a":"j"}"#, Ok(obj(&[("a", s("j"))]))),
        (
            &[0x81, 0xa1, b'a', 0xa1, b'm'],
            br#"{"a":"j"}"#,
            Ok(obj(&[("a", s("m"))])),
        ),
        (&[0xc0], br#"{"a":"j"}"#, Ok(Value::Null)),
        (&[0x01], br#"{"a":"j"}"#, Err(())),
        (b"", b"null", Ok(Value::Null)),
        (b"", b"{", Err(())),
    ];
    for (msgpack, json, expected) in cases {
        let decoded = decode_dynamic_value(msgpack, json, &ty).map_err(|_| ());
        assert_eq!(
            decoded,
            expected,
            "{} / {}",
            hex(msgpack),
            String::from_utf8_lossy(json)
        );
    }
}
