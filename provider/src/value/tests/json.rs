//! JSON: schema-driven value decoding, type JSON both ways, and the reader's strictness.

use super::*;
use crate::value::decode_json;

const STR: &str = r#""string""#;
const NUM: &str = r#""number""#;
const BOOL: &str = r#""bool""#;
const DYN: &str = r#""dynamic""#;

/// `(type, JSON, value)`.
#[test]
fn decodes_every_type() {
    let cases: Vec<(&str, &str, Value)> = vec![
        (STR, r#""x""#, s("x")),
        (STR, r#""""#, s("")),
        (
            STR,
            r#""a\"b\\c\/d\n\t\r\b\f""#,
            s("a\"b\\c/d\n\t\r\u{8}\u{c}"),
        ),
        (STR, r#""\u00e9\u20ac\ud83d\ude00""#, s("é€😀")),
        (
            STR,
            r#""\ud800\udc00\udbff\udfff\uffff""#,
            s("\u{10000}\u{10ffff}\u{ffff}"),
        ),
        (STR, "\"é\"", s("é")),
        (STR, "12.50", s("12.50")),
        (STR, "true", s("true")),
        (STR, "null", Value::Null),
        (NUM, "0", n("0")),
        (NUM, "-0", n("0")),
        (NUM, "12.50", n("12.5")),
        (NUM, "1e400", n("1e400")),
        (NUM, "-1.5E-3", n("-0.0015")),
        (
            NUM,
            "123456789012345678901234567890.5",
            n("123456789012345678901234567890.5"),
        ),
        (NUM, "0.1", n("0.1")),
        (NUM, r#""42""#, n("42")),
        (NUM, r#""1e3""#, n("1000")),
        (NUM, " 7 ", n("7")),
        (NUM, "null", Value::Null),
        (BOOL, "true", Value::Bool(true)),
        (BOOL, "false", Value::Bool(false)),
        (BOOL, r#""true""#, Value::Bool(true)),
        (BOOL, r#""false""#, Value::Bool(false)),
        (BOOL, "null", Value::Null),
        (
            r#"["list","string"]"#,
            r#"["a","b"]"#,
            list(&[s("a"), s("b")]),
        ),
        (r#"["list","string"]"#, "[]", list(&[])),
        (
            r#"["list","string"]"#,
            r#"[null,"x"]"#,
            list(&[Value::Null, s("x")]),
        ),
        (r#"["list","string"]"#, "null", Value::Null),
        (
            r#"["list",["list","number"]]"#,
            "[[1],[],[2,3]]",
            list(&[list(&[n("1")]), list(&[]), list(&[n("2"), n("3")])]),
        ),
        (
            r#"["set","number"]"#,
            "[1, 2]",
            Value::set([n("1"), n("2")]),
        ),
        (r#"["set","number"]"#, "[]", Value::set([])),
        (
            r#"["map","string"]"#,
            r#"{"b":"y","a":"x"}"#,
            map(&[("a", s("x")), ("b", s("y"))]),
        ),
        (r#"["map","string"]"#, "{}", map(&[])),
        (
            r#"["map","bool"]"#,
            r#"{"k":null}"#,
            map(&[("k", Value::Null)]),
        ),
        (
            r#"["tuple",["string","number"]]"#,
            r#"["x",1]"#,
            Value::tuple([s("x"), n("1")]),
        ),
        (r#"["tuple",[]]"#, "[]", Value::tuple([])),
        (
            r#"["object",{"a":"string","b":"number"}]"#,
            r#"{"a":"x","b":2}"#,
            obj(&[("a", s("x")), ("b", n("2"))]),
        ),
        (
            r#"["object",{"a":"string","b":"number"}]"#,
            r#"{"b":2}"#,
            obj(&[("a", Value::Null), ("b", n("2"))]),
        ),
        (
            r#"["object",{"a":"string"}]"#,
            "{}",
            obj(&[("a", Value::Null)]),
        ),
        (r#"["object",{}]"#, "{}", obj(&[])),
        (
            r#"["object",{"a":"string"},["a"]]"#,
            "{}",
            obj(&[("a", Value::Null)]),
        ),
        (
            r#"["object",{"c":["map",["object",{"image":"string"}]]}]"#,
            r#"{"c":{"web":{"image":"nginx"}}}"#,
            obj(&[("c", map(&[("web", obj(&[("image", s("nginx"))]))]))]),
        ),
        (DYN, r#"{"type":"string","value":"x"}"#, dyn_(STR, s("x"))),
        (DYN, r#"{"value":1,"type":"number"}"#, dyn_(NUM, n("1"))),
        (
            DYN,
            r#"{"type":"string","value":null}"#,
            dyn_(STR, Value::Null),
        ),
        (DYN, "null", Value::Null),
        (
            DYN,
            r#"{"type":["list","bool"],"value":[true]}"#,
            dyn_(r#"["list","bool"]"#, list(&[Value::Bool(true)])),
        ),
        (
            DYN,
            r#"{"type":"dynamic","value":{"type":"bool","value":false}}"#,
            dyn_(BOOL, Value::Bool(false)),
        ),
        (DYN, r#"{"type":"dynamic","value":null}"#, Value::Null),
        (
            r#"["object",{"any":"dynamic"}]"#,
            r#"{"any":{"type":["object",{"k":"number"}],"value":{"k":1}}}"#,
            obj(&[(
                "any",
                dyn_(r#"["object",{"k":"number"}]"#, obj(&[("k", n("1"))])),
            )]),
        ),
    ];
    for (ty_json, json, expected) in cases {
        assert_eq!(
            decode_json(json.as_bytes(), &ty(ty_json)),
            Ok(expected),
            "{ty_json} {json}"
        );
    }
}

/// `(type, JSON, error path, message fragment)`.
#[test]
fn rejects_what_does_not_fit() {
    let cases = [
        (STR, "", "", "input ends early"),
        (
            STR,
            r#""x" "y""#,
            "",
            "unexpected data after the JSON value",
        ),
        (STR, "[]", "", "expected a string, found an array"),
        (STR, "{}", "", "expected a string, found an object"),
        (NUM, "true", "", "expected a number, found a bool"),
        (NUM, r#""abc""#, "", "invalid number \"abc\""),
        (NUM, r#""""#, "", "invalid number"),
        (NUM, "1e99999", "", "out of the supported range"),
        (BOOL, "1", "", "expected a bool, found a number"),
        (BOOL, r#""yes""#, "", "expected a bool, found a string"),
        (BOOL, r#""True""#, "", "expected a bool"),
        (
            r#"["list","string"]"#,
            "{}",
            "",
            "expected a list, found an object",
        ),
        (
            r#"["list","string"]"#,
            r#"["a",[]]"#,
            "[1]",
            "expected a string, found an array",
        ),
        (
            r#"["set","string"]"#,
            r#"["a",[]]"#,
            "",
            "expected a string, found an array",
        ),
        (
            r#"["set",["object",{"n":"number"}]]"#,
            r#"[{"n":true}]"#,
            "",
            "expected a number",
        ),
        (
            r#"["map","string"]"#,
            "[]",
            "",
            "expected a map, found an array",
        ),
        (
            r#"["map","string"]"#,
            r#"{"k":1,"k":2}"#,
            "[\"k\"]",
            "duplicate map key",
        ),
        (
            r#"["map","number"]"#,
            r#"{"k":"x"}"#,
            "[\"k\"]",
            "invalid number",
        ),
        (
            r#"["tuple",["string"]]"#,
            "[]",
            "",
            "expected a tuple of 1 elements, found 0",
        ),
        (
            r#"["tuple",["string"]]"#,
            r#"["a","b"]"#,
            "",
            "expected a tuple of 1 elements, found 2",
        ),
        (
            r#"["tuple",["string","bool"]]"#,
            r#"["a","b"]"#,
            "[1]",
            "expected a bool",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            "[]",
            "",
            "expected an object, found an array",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            r#"{"b":"x"}"#,
            "",
            "unsupported attribute \"b\"",
        ),
        (
            r#"["object",{"a":"string"}]"#,
            r#"{"a":"x","a":"y"}"#,
            "a",
            "duplicate attribute",
        ),
        (
            r#"["object",{"a":["list","number"]}]"#,
            r#"{"a":[1,"x"]}"#,
            "a[1]",
            "invalid number",
        ),
        (
            DYN,
            r#""x""#,
            "",
            "expected a {\"type\", \"value\"} object, found a string",
        ),
        (DYN, r#"{"type":"string"}"#, "", "missing \"value\""),
        (DYN, r#"{"value":"x"}"#, "", "missing \"type\""),
        (
            DYN,
            r#"{"type":"string","value":"x","extra":1}"#,
            "",
            "invalid key \"extra\"",
        ),
        (
            DYN,
            r#"{"type":"string","type":"number","value":1}"#,
            "",
            "duplicate key \"type\"",
        ),
        (
            DYN,
            r#"{"type":"int","value":1}"#,
            "",
            "unknown primitive type \"int\"",
        ),
        (DYN, r#"{"type":"bool","value":"x"}"#, "", "expected a bool"),
        (
            r#"["object",{"d":"dynamic"}]"#,
            r#"{"d":{"type":"bool","value":1}}"#,
            "d",
            "expected a bool",
        ),
    ];
    for (ty_json, json, path, fragment) in cases {
        let error = decode_json(json.as_bytes(), &ty(ty_json)).expect_err(json);
        assert_eq!(error.path.to_string(), path, "{ty_json} {json}: {error}");
        assert!(
            error.message.contains(fragment),
            "{ty_json} {json}: {error:?} lacks {fragment:?}"
        );
    }
}

/// The reader is strict RFC 8259: `(document, message fragment)`.
#[test]
fn reads_json_strictly() {
    let cases = [
        ("[1,]", "expected a JSON value"),
        ("[1 2]", "expected ',' or ']'"),
        ("{\"a\":1,}", "expected a string key"),
        ("{\"a\" 1}", "expected ':'"),
        ("{a:1}", "expected a string key"),
        ("{\"a\":1 \"b\":2}", "expected ',' or '}'"),
        ("'x'", "expected a JSON value"),
        ("01", "unexpected data after the JSON value"),
        ("1.", "expected a digit"),
        (".5", "expected a JSON value"),
        ("-", "expected a digit"),
        ("1e", "expected a digit"),
        ("+1", "expected a JSON value"),
        ("NaN", "expected a JSON value"),
        ("tru", "expected \"true\""),
        ("nul", "expected \"null\""),
        ("\"abc", "unterminated string"),
        ("\"a\nb\"", "control character in string"),
        ("\"\\x\"", "invalid escape"),
        ("\"\\u12xy\"", "invalid \\u escape"),
        ("\"\\u12", "short \\u escape"),
        ("\"\\ud800\"", "unpaired surrogate"),
        ("\"\\ud800\\u0041\"", "unpaired surrogate"),
        ("\"\\udc00\"", "unpaired surrogate"),
        ("[1] x", "unexpected data after the JSON value"),
        ("/* c */ 1", "expected a JSON value"),
        ("\u{feff}1", "expected a JSON value"),
    ];
    for (json, fragment) in cases {
        let error = decode_json(json.as_bytes(), &Type::Dynamic).expect_err(json);
        assert!(
            error.message.contains(fragment),
            "{json:?}: {error:?} lacks {fragment:?}"
        );
    }
    let invalid_utf8 = decode_json(b"\"\xff\"", &Type::String).expect_err("invalid UTF-8");
    assert_eq!(invalid_utf8.message, "JSON is not valid UTF-8 at byte 1");
}

/// `(type JSON as go-cty writes it)`: parse, then write back byte for byte.
#[test]
fn type_json_round_trips() {
    let cases = [
        STR,
        NUM,
        BOOL,
        DYN,
        r#"["list","string"]"#,
        r#"["set","number"]"#,
        r#"["map","bool"]"#,
        r#"["list",["list",["map","dynamic"]]]"#,
        r#"["tuple",[]]"#,
        r#"["tuple",["string",["list","number"],"dynamic"]]"#,
        r#"["object",{}]"#,
        r#"["object",{"a":"string"}]"#,
        r#"["object",{"a":"string","b":["object",{"c":"bool"}]}]"#,
        r#"["object",{"B":"string","a":"string"}]"#,
        r#"["object",{"a":"string","b":"number"},["b"]]"#,
        r#"["object",{"a":"string","b":"number"},["a","b"]]"#,
        r#"["object",{"x\u003cy\u0026z\u003e":"string"}]"#,
        r#"["object",{"tab\there\"":"string"}]"#,
        r#"["object",{"\u2028":"string"}]"#,
        r#"["object",{"é":"string"}]"#,
        r#"["list",["object",{"n":"number"},["n"]]]"#,
    ];
    for json in cases {
        assert_eq!(ty(json).to_json(), json);
    }
}

/// Other spellings that read as the same type: `(input, canonical)`.
#[test]
fn type_json_accepts_whitespace_and_any_key_order() {
    let cases = [
        (r#" [ "list" , "string" ] "#, r#"["list","string"]"#),
        (
            r#"["object",{"b":"bool","a":"number"}]"#,
            r#"["object",{"a":"number","b":"bool"}]"#,
        ),
        (
            r#"["object",{"a":"number"},[]]"#,
            r#"["object",{"a":"number"}]"#,
        ),
        (
            r#"["object",{"a":"number","b":"bool"},["b","a"]]"#,
            r#"["object",{"a":"number","b":"bool"},["a","b"]]"#,
        ),
        (
            r#"["object",{"\u0061":"number"}]"#,
            r#"["object",{"a":"number"}]"#,
        ),
    ];
    for (input, canonical) in cases {
        assert_eq!(ty(input).to_json(), canonical, "{input}");
    }
    assert_eq!(
        ty(r#"["object",{"a":"number"},[]]"#),
        Type::object([("a", Type::Number)])
    );
    let optional = ty(r#"["object",{"a":"number","b":"bool"},["b"]]"#);
    let Type::ObjectWithOptional { attrs, optional } = optional else {
        panic!("no optional attrs")
    };
    assert_eq!(attrs.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(optional.iter().collect::<Vec<_>>(), ["b"]);
}

#[test]
fn type_json_rejects_malformed_types() {
    let cases = [
        ("", "input ends early"),
        ("string", "expected a JSON value"),
        (r#""str""#, "unknown primitive type \"str\""),
        (r#""String""#, "unknown primitive type"),
        ("1", "expected a string or an array, found a number"),
        ("{}", "expected a string or an array, found an object"),
        ("[]", "expected [\"kind\", ...]"),
        (r#"[1,"string"]"#, "expected [\"kind\", ...]"),
        (r#"["list"]"#, "malformed list type"),
        (r#"["list","string","string"]"#, "malformed list type"),
        (r#"["set",1]"#, "expected a string or an array"),
        (r#"["map",["list"]]"#, "malformed list type"),
        (r#"["tuple","string"]"#, "malformed tuple type"),
        (r#"["tuple",["strin"]]"#, "unknown primitive type"),
        (r#"["object",[]]"#, "malformed object type"),
        (
            r#"["object",{"a":"string"},["b"]]"#,
            "optional attribute \"b\" is not an attribute",
        ),
        (
            r#"["object",{"a":"string"},[1]]"#,
            "optional attribute names must be strings",
        ),
        (
            r#"["object",{"a":"string"},["a"],[]]"#,
            "malformed object type",
        ),
        (
            r#"["object",{"a":"string","a":"bool"}]"#,
            "duplicate attribute \"a\"",
        ),
        (r#"["function","string"]"#, "unknown type kind \"function\""),
        (r#""string" x"#, "unexpected data after the JSON value"),
    ];
    for (json, fragment) in cases {
        let error = Type::from_json(json.as_bytes()).expect_err(json);
        assert!(
            error.message.contains(fragment),
            "{json}: {error:?} lacks {fragment:?}"
        );
    }
}
