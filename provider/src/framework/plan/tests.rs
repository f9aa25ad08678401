//! Plan helpers against Terraform's plan/apply rules, as tables.

use super::*;
use crate::framework::schema::{AttributeKind, Schema};
use crate::value::Type;

/// `id` never changes once set, `name` replaces, `etag` changes on every apply, `mode`
/// defaults on the provider side, `size` is plain optional.
fn schema() -> Schema {
    Schema::new(
        Block::new()
            .attribute("id", Attribute::computed(Type::String).use_prior_state())
            .attribute("name", Attribute::required(Type::String).requires_replace())
            .attribute("etag", Attribute::computed(Type::String))
            .attribute("mode", Attribute::optional_computed(Type::String))
            .attribute("size", Attribute::optional(Type::Number)),
    )
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn unknown() -> Value {
    Value::unknown()
}

fn obj(id: Value, name: Value, etag: Value, mode: Value, size: Value) -> Value {
    Value::object([
        ("id", id),
        ("name", name),
        ("etag", etag),
        ("mode", mode),
        ("size", size),
    ])
}

fn config(name: Value, mode: Value, size: Value) -> Value {
    obj(Value::Null, name, Value::Null, mode, size)
}

/// What Terraform proposes (`objchange.ProposedNew`, top level): config where set, else
/// the prior value for computed attributes, else null.
fn proposed(schema: &Schema, prior: &Value, config: &Value) -> Value {
    if config.is_null() {
        return Value::Null;
    }
    let attrs = schema
        .block
        .attributes
        .iter()
        .map(|(name, a)| {
            let c = config.get_attr(name).cloned().unwrap_or(Value::Null);
            let p = prior.get_attr(name).cloned().unwrap_or(Value::Null);
            let v = if !c.is_null() || !a.kind.is_computed() {
                c
            } else {
                p
            };
            (name.clone(), v)
        })
        .collect();
    Value::Object(attrs)
}

fn run(prior: &Value, config: &Value) -> PlanResponse {
    let schema = schema();
    let request = PlanRequest {
        prior_state: prior.clone(),
        proposed_new_state: proposed(&schema, prior, config),
        config: config.clone(),
        prior_private: b"opaque\x00\xff".to_vec(),
    };
    plan(&schema, request)
}

#[test]
fn plans_follow_terraform_rules() {
    let one = || Value::number(1i64);
    let two = || Value::number(2i64);
    let prior = || obj(s("i-1"), s("a"), s("e1"), s("fast"), one());
    // (case, prior, config, planned, requires_replace)
    let cases: Vec<(&str, Value, Value, Value, Vec<&str>)> = vec![
        (
            "create: computed unknown, not echoed from the proposal",
            Value::Null,
            config(s("a"), Value::Null, one()),
            obj(unknown(), s("a"), unknown(), unknown(), one()),
            vec![],
        ),
        (
            "create: optional+computed set in config is kept",
            Value::Null,
            config(s("a"), s("slow"), Value::Null),
            obj(unknown(), s("a"), unknown(), s("slow"), Value::Null),
            vec![],
        ),
        (
            "no change: the prior state is the plan",
            prior(),
            config(s("a"), Value::Null, one()),
            prior(),
            vec![],
        ),
        (
            "update: stable id kept, changing etag unknown",
            prior(),
            config(s("a"), Value::Null, two()),
            obj(s("i-1"), s("a"), unknown(), unknown(), two()),
            vec![],
        ),
        (
            "update of a requires-replace attribute",
            prior(),
            config(s("b"), Value::Null, one()),
            obj(s("i-1"), s("b"), unknown(), unknown(), one()),
            vec!["name"],
        ),
        (
            "unknown config value: a change, and a replace",
            prior(),
            config(unknown(), s("fast"), one()),
            obj(s("i-1"), unknown(), unknown(), s("fast"), one()),
            vec!["name"],
        ),
        (
            "optional removed from config: planned null",
            prior(),
            config(s("a"), s("fast"), Value::Null),
            obj(s("i-1"), s("a"), unknown(), s("fast"), Value::Null),
            vec![],
        ),
        (
            "destroy: null plan",
            prior(),
            Value::Null,
            Value::Null,
            vec![],
        ),
    ];
    for (name, prior, config, planned, replace) in cases {
        let response = run(&prior, &config);
        assert_eq!(response.planned_state, planned, "case {name}");
        let paths: Vec<String> = response
            .requires_replace
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(paths, replace, "case {name}");
        assert_eq!(response.planned_private, b"opaque\x00\xff", "case {name}");
    }
}

#[test]
fn second_plan_keeps_what_the_first_plan_knew() {
    let prior = obj(s("i-1"), s("a"), s("e1"), s("fast"), Value::number(1i64));
    // (case, first config with unknowns, final config)
    let cases = [
        (
            "unknown resolves to a new value",
            config(unknown(), Value::Null, Value::number(1i64)),
            config(s("b"), Value::Null, Value::number(1i64)),
        ),
        (
            "unknown resolves to the prior value",
            config(unknown(), Value::Null, Value::number(1i64)),
            config(s("a"), Value::Null, Value::number(1i64)),
        ),
        (
            "known change",
            config(s("a"), Value::Null, Value::number(5i64)),
            config(s("a"), Value::Null, Value::number(5i64)),
        ),
    ];
    for (name, first, last) in cases {
        for prior in [Value::Null, prior.clone()] {
            let first = run(&prior, &first).planned_state;
            let last = run(&prior, &last).planned_state;
            assert_eq!(inconsistencies(&first, &last), vec![], "case {name}");
        }
    }
}

#[test]
fn inconsistencies_name_the_path() {
    let planned = obj(unknown(), s("a"), s("e"), Value::Null, Value::number(1i64));
    let applied = obj(s("i-9"), s("b"), s("e"), s("x"), Value::number(1i64));
    let found: Vec<String> = inconsistencies(&planned, &applied)
        .into_iter()
        .map(|(path, what)| format!("{path}: {what}"))
        .collect();
    assert_eq!(
        found,
        [
            "mode: was null, but now \"x\"",
            "name: was \"a\", but now \"b\""
        ]
    );
}

#[test]
fn inconsistencies_in_collections() {
    let list = |items: Vec<Value>| Value::List(items);
    let set = |items: Vec<Value>| Value::Set(items);
    // (case, earlier, later, expected)
    let cases: Vec<(&str, Value, Value, Vec<&str>)> = vec![
        ("same list", list(vec![s("a")]), list(vec![s("a")]), vec![]),
        (
            "element changed",
            list(vec![s("a"), s("b")]),
            list(vec![s("a"), s("c")]),
            vec!["[1]: was \"b\", but now \"c\""],
        ),
        (
            "length changed",
            list(vec![s("a")]),
            list(vec![]),
            vec![": was a collection of 1 elements, but now a collection of 0 elements"],
        ),
        (
            "set order ignored",
            set(vec![s("a"), s("b")]),
            set(vec![s("b"), s("a")]),
            vec![],
        ),
        (
            "set with unknowns",
            set(vec![unknown()]),
            set(vec![s("z")]),
            vec![],
        ),
        ("unknown becomes anything", unknown(), s("z"), vec![]),
    ];
    for (name, earlier, later, expected) in cases {
        let found: Vec<String> = inconsistencies(&earlier, &later)
            .into_iter()
            .map(|(path, what)| format!("{path}: {what}"))
            .collect();
        assert_eq!(found, expected, "case {name}");
    }
}

#[test]
fn unknown_paths_lists_every_unknown() {
    let value = Value::object([
        ("a", unknown()),
        ("b", Value::List(vec![s("x"), unknown()])),
        ("c", Value::Set(vec![unknown()])),
        ("d", Value::Map([("k".to_owned(), unknown())].into())),
        ("e", s("known")),
    ]);
    let paths: Vec<String> = unknown_paths(&value)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(paths, ["a", "b[1]", "c", "d[\"k\"]"]);
    assert!(unknown_paths(&s("x")).is_empty());
}

#[test]
fn nested_computed_attributes_are_unknown_on_create() {
    let block = Block::new()
        .attribute("spec", Attribute::required(Type::String))
        .attribute(
            "items",
            Attribute::nested(
                AttributeKind::Optional,
                ObjectNesting::List,
                [
                    ("in", Attribute::required(Type::String)),
                    ("out", Attribute::computed(Type::String)),
                ],
            ),
        )
        .attribute("count", Attribute::computed(Type::Number));
    let config = Value::object([
        ("spec", s("x")),
        (
            "items",
            Value::List(vec![Value::object([("in", s("a")), ("out", Value::Null)])]),
        ),
        ("count", Value::Null),
    ]);
    let expected = Value::object([
        ("spec", s("x")),
        (
            "items",
            Value::List(vec![Value::object([("in", s("a")), ("out", unknown())])]),
        ),
        ("count", unknown()),
    ]);
    assert_eq!(unknown_computed(&block, &config), expected);
    assert_eq!(unknown_computed(&block, &unknown()), unknown());
}

#[test]
fn import_state_sets_only_the_id() {
    let schema = schema();
    let state = import_state(&schema.block, "id", "i-42");
    assert_eq!(
        state,
        obj(
            s("i-42"),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null
        )
    );
}

#[test]
fn same_compares_sets_without_order() {
    let a = Value::Set(vec![s("x"), s("y")]);
    let b = Value::Set(vec![s("y"), s("x")]);
    assert!(same(&a, &b));
    assert!(!same(&a, &Value::Set(vec![s("x"), s("x")])));
    assert!(!same(&unknown(), &unknown()));
    assert!(same(&Value::Null, &Value::Null));
}
