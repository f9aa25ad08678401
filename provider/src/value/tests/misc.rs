//! Attribute paths, value accessors and type inference.

use super::*;
use crate::value::{AttributePath, PathStep, ValueError};

#[test]
fn paths_read_like_terraform() {
    let attr = |name: &str| PathStep::Attribute(name.into());
    let key = |key: &str| PathStep::Key(key.into());
    let cases = [
        (vec![], ""),
        (vec![attr("spec")], "spec"),
        (
            vec![attr("containers"), key("web"), attr("image")],
            "containers[\"web\"].image",
        ),
        (vec![attr("items"), PathStep::Index(0)], "items[0]"),
        (vec![PathStep::Index(3), attr("a")], "[3].a"),
        (vec![key("a\"b\\c\n")], "[\"a\\\"b\\\\c\\n\"]"),
        (vec![key("\u{1}")], "[\"\\u0001\"]"),
        (vec![attr("m"), key(""), PathStep::Index(-1)], "m[\"\"][-1]"),
    ];
    for (steps, expected) in cases {
        assert_eq!(AttributePath(steps).to_string(), expected);
    }
    let built = AttributePath::root()
        .attr("containers")
        .key("web")
        .attr("image")
        .index(2);
    assert_eq!(built.to_string(), "containers[\"web\"].image[2]");
    let error = ValueError::new(built, "bad");
    assert_eq!(error.to_string(), "containers[\"web\"].image[2]: bad");
    assert_eq!(ValueError::root("bad").to_string(), "bad");
}

#[test]
fn accessors_see_through_dynamic_wrappers() {
    let value = obj(&[
        ("name", s("web")),
        ("n", n("2")),
        ("on", Value::Bool(true)),
        ("gone", Value::Null),
    ]);
    let wrapped = Value::Dynamic(
        Type::object([("name", Type::String)]),
        Box::new(value.clone()),
    );
    for v in [&value, &wrapped] {
        assert_eq!(v.get_attr("name").and_then(Value::as_str), Some("web"));
        assert_eq!(
            v.get_attr("n")
                .and_then(Value::as_number)
                .and_then(Number::to_i64),
            Some(2)
        );
        assert_eq!(v.get_attr("on").and_then(Value::as_bool), Some(true));
        assert_eq!(v.get_attr("gone").map(Value::is_null), Some(true));
        assert_eq!(v.get_attr("missing"), None);
        assert!(v.is_known() && v.is_wholly_known() && !v.is_null());
    }
    assert_eq!(s("x").get_attr("x"), None);
    assert_eq!(n("1").as_str(), None);
    assert_eq!(s("x").as_bool(), None);
    assert_eq!(s("x").as_number(), None);
    assert!(Value::Dynamic(Type::String, Box::new(Value::Null)).is_null());
    assert!(!Value::Dynamic(Type::String, Box::new(unknown())).is_known());
}

#[test]
fn knows_what_is_known() {
    // (value, is_known, is_wholly_known)
    let cases = [
        (unknown(), false, false),
        (Value::Null, true, true),
        (list(&[s("a"), unknown()]), true, false),
        (Value::set([unknown()]), true, false),
        (Value::tuple([Value::Null]), true, true),
        (map(&[("k", unknown())]), true, false),
        (obj(&[("a", obj(&[("b", unknown())]))]), true, false),
        (obj(&[("a", obj(&[("b", s("x"))]))]), true, true),
        (
            dyn_(r#"["list","string"]"#, list(&[unknown()])),
            true,
            false,
        ),
    ];
    for (value, known, wholly) in cases {
        assert_eq!(
            (value.is_known(), value.is_wholly_known()),
            (known, wholly),
            "{value:?}"
        );
    }
}

/// `(value, inferred type JSON)`.
#[test]
fn infers_types_from_shapes() {
    let cases = [
        (Value::Null, r#""dynamic""#),
        (unknown(), r#""dynamic""#),
        (s("x"), r#""string""#),
        (n("1"), r#""number""#),
        (Value::Bool(false), r#""bool""#),
        (list(&[]), r#"["list","dynamic"]"#),
        (
            list(&[s("a"), Value::Null, unknown()]),
            r#"["list","string"]"#,
        ),
        (list(&[Value::Null]), r#"["list","dynamic"]"#),
        (Value::set([n("1")]), r#"["set","number"]"#),
        (map(&[]), r#"["map","dynamic"]"#),
        (
            map(&[("a", list(&[])), ("b", list(&[n("1")]))]),
            r#"["map",["list","number"]]"#,
        ),
        (
            Value::tuple([s("a"), n("1"), Value::Null]),
            r#"["tuple",["string","number","dynamic"]]"#,
        ),
        (
            obj(&[("a", s("x")), ("b", Value::tuple([]))]),
            r#"["object",{"a":"string","b":["tuple",[]]}]"#,
        ),
        (
            list(&[obj(&[("a", Value::Null)]), obj(&[("a", s("x"))])]),
            r#"["list",["object",{"a":"string"}]]"#,
        ),
        (
            list(&[Value::tuple([Value::Null]), Value::tuple([n("1")])]),
            r#"["list",["tuple",["number"]]]"#,
        ),
        (dyn_(r#"["set","bool"]"#, Value::Null), r#"["set","bool"]"#),
        (
            list(&[dyn_(r#""string""#, s("a")), s("b")]),
            r#"["list","string"]"#,
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(
            value.infer_type().map(|t| t.to_json()),
            Ok(expected.to_owned()),
            "{value:?}"
        );
    }
}

/// `(value, error path, message fragment)`: elements that do not share a type.
#[test]
fn refuses_to_infer_mixed_collections() {
    let cases = [
        (
            list(&[s("a"), n("1")]),
            "[1]",
            "elements have different types: string and number",
        ),
        (
            Value::set([s("a"), Value::Bool(true)]),
            "",
            "string and bool",
        ),
        (
            map(&[("a", n("1")), ("b", s("x"))]),
            "[\"b\"]",
            "number and string",
        ),
        (
            list(&[list(&[s("a")]), list(&[n("1")])]),
            "[1]",
            "list of string and list of number",
        ),
        (
            list(&[obj(&[("a", s("x"))]), obj(&[("b", s("x"))])]),
            "[1]",
            "object and object",
        ),
        (
            list(&[Value::tuple([]), Value::tuple([n("1")])]),
            "[1]",
            "tuple and tuple",
        ),
        (
            obj(&[("x", list(&[n("1"), s("a")]))]),
            "x[1]",
            "number and string",
        ),
        (
            Value::tuple([map(&[("k", list(&[n("1"), s("a")]))])]),
            "[0][\"k\"][1]",
            "number and string",
        ),
    ];
    for (value, path, fragment) in cases {
        let error = value.infer_type().expect_err("mixed");
        assert_eq!(error.path.to_string(), path, "{value:?}: {error}");
        assert!(
            error.message.contains(fragment),
            "{value:?}: {error:?} lacks {fragment:?}"
        );
    }
}

#[test]
fn describes_types_and_values() {
    let types = [
        (r#"["list",["map","bool"]]"#, "list of map of bool"),
        (r#"["set","dynamic"]"#, "set of dynamic"),
        (r#"["tuple",[]]"#, "tuple"),
        (r#"["object",{"a":"number"},["a"]]"#, "object"),
    ];
    for (json, expected) in types {
        assert_eq!(ty(json).describe(), expected);
    }
    assert_eq!(dyn_(r#""string""#, s("x")).describe(), "a string");
    assert_eq!(Value::Null.describe(), "null");
}
