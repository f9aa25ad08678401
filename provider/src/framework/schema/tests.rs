//! Schema checks, implied types and protocol form.

use super::*;

fn block_with(name: &str, attribute: Attribute) -> Block {
    Block::new().attribute(name, attribute)
}

#[test]
fn check_reports_what_terraform_rejects() {
    let dynamic_in_set = Attribute::nested(
        AttributeKind::Optional,
        ObjectNesting::Set,
        [("value", Attribute::optional(Type::Dynamic))],
    );
    let cases: Vec<(&str, Schema, Vec<&str>)> = vec![
        (
            "upper-case attribute",
            Schema::new(block_with("Spec", Attribute::required(Type::String))),
            vec![r#"attribute "Spec": the name must match ^[a-z0-9_]+$"#],
        ),
        (
            "dash in attribute",
            Schema::new(block_with("a-b", Attribute::required(Type::String))),
            vec![r#"attribute "a-b": the name must match ^[a-z0-9_]+$"#],
        ),
        (
            "empty name",
            Schema::new(block_with("", Attribute::required(Type::String))),
            vec![r#"attribute "": the name must match ^[a-z0-9_]+$"#],
        ),
        (
            "nested attribute name",
            Schema::new(block_with(
                "outer",
                Attribute::nested(
                    AttributeKind::Optional,
                    ObjectNesting::Single,
                    [("Inner", Attribute::optional(Type::String))],
                ),
            )),
            vec![r#"attribute "outer.Inner": the name must match ^[a-z0-9_]+$"#],
        ),
        (
            "empty nested attributes",
            Schema::new(block_with(
                "outer",
                Attribute::nested(AttributeKind::Optional, ObjectNesting::List, []),
            )),
            vec!["attribute outer: nested attributes are empty"],
        ),
        (
            "dynamic inside set-nested attributes",
            Schema::new(block_with("items", dynamic_in_set)),
            vec!["attribute items.value: a dynamic type is not allowed inside a set"],
        ),
        (
            "dynamic inside set block",
            Schema::new(Block::new().block(
                "rule",
                BlockNesting::Set { min: 0, max: None },
                block_with("value", Attribute::optional(Type::list(Type::Dynamic))),
            )),
            vec!["attribute rule.value: a dynamic type is not allowed inside a set"],
        ),
        (
            "block name used by attribute",
            Schema::new(
                Block::new()
                    .attribute("rule", Attribute::optional(Type::String))
                    .block(
                        "rule",
                        BlockNesting::Single { required: false },
                        Block::new(),
                    ),
            ),
            vec!["block rule: the name is already used by an attribute"],
        ),
        (
            "min above max",
            Schema::new(Block::new().block(
                "rule",
                BlockNesting::List {
                    min: 3,
                    max: Some(2),
                },
                Block::new(),
            )),
            vec!["block rule: at least 3 but at most 2 blocks"],
        ),
        (
            "max zero",
            Schema::new(Block::new().block(
                "rule",
                BlockNesting::Set {
                    min: 0,
                    max: Some(0),
                },
                Block::new(),
            )),
            vec!["block rule: a maximum of 0 blocks; use None for no limit"],
        ),
        (
            "negative version",
            Schema::new(Block::new()).with_version(-1),
            vec!["schema version -1 is negative"],
        ),
        (
            "every fault at once",
            Schema::new(
                Block::new()
                    .attribute("A", Attribute::required(Type::String))
                    .block(
                        "B",
                        BlockNesting::Group,
                        block_with("c-d", Attribute::optional(Type::Bool)),
                    ),
            ),
            vec![
                r#"attribute "A": the name must match ^[a-z0-9_]+$"#,
                r#"block "B": the name must match ^[a-z0-9_]+$"#,
                r#"attribute "B.c-d": the name must match ^[a-z0-9_]+$"#,
            ],
        ),
    ];
    for (name, schema, expected) in cases {
        let faults = schema.check().err().map(|e| e.faults).unwrap_or_default();
        assert_eq!(faults, expected, "case {name}");
    }
}

#[test]
fn check_accepts_valid_schemas() {
    let schemas = [
        Schema::new(Block::new()),
        Schema::new(
            Block::new()
                .attribute("id", Attribute::computed(Type::String).use_prior_state())
                .attribute("value", Attribute::optional(Type::Dynamic))
                .attribute(
                    "tags",
                    Attribute::nested(
                        AttributeKind::OptionalComputed,
                        ObjectNesting::Map,
                        [("v", Attribute::optional(Type::Dynamic))],
                    ),
                )
                .block(
                    "rule",
                    BlockNesting::List {
                        min: 1,
                        max: Some(1),
                    },
                    block_with("x_1", Attribute::required(Type::Number)),
                ),
        )
        .with_version(3),
    ];
    for schema in schemas {
        assert_eq!(schema.check(), Ok(()), "{schema:?}");
    }
}

#[test]
fn value_type_of_blocks_and_nested_attributes() {
    let schema = Schema::new(
        Block::new()
            .attribute("s", Attribute::required(Type::String))
            .attribute(
                "n",
                Attribute::nested(
                    AttributeKind::Computed,
                    ObjectNesting::List,
                    [("x", Attribute::computed(Type::Number))],
                ),
            )
            .block(
                "one",
                BlockNesting::Single { required: false },
                block_with("b", Attribute::optional(Type::Bool)),
            )
            .block(
                "many",
                BlockNesting::Set { min: 0, max: None },
                block_with("b", Attribute::optional(Type::Bool)),
            )
            .block(
                "named",
                BlockNesting::Map,
                block_with("b", Attribute::optional(Type::Bool)),
            ),
    );
    let b = || Type::object([("b", Type::Bool)]);
    let expected = Type::object([
        ("s", Type::String),
        ("n", Type::list(Type::object([("x", Type::Number)]))),
        ("one", b()),
        ("many", Type::set(b())),
        ("named", Type::map(b())),
    ]);
    assert_eq!(schema.value_type(), expected);
}

#[test]
fn proto_form_sets_type_xor_nested_type_and_kind_flags() {
    let schema = Schema::new(
        Block::new()
            .attribute(
                "req",
                Attribute::required(Type::String)
                    .description("r")
                    .sensitive(),
            )
            .attribute(
                "opt",
                Attribute::optional(Type::Bool).markdown_description("*o*"),
            )
            .attribute(
                "comp",
                Attribute::computed(Type::Number).deprecated(Some("use req")),
            )
            .attribute(
                "both",
                Attribute::nested(
                    AttributeKind::OptionalComputed,
                    ObjectNesting::Set,
                    [("x", Attribute::optional(Type::String))],
                ),
            )
            .block("one", BlockNesting::Single { required: true }, Block::new())
            .block(
                "few",
                BlockNesting::List {
                    min: 1,
                    max: Some(3),
                },
                Block::new(),
            )
            .block(
                "open",
                BlockNesting::Set { min: 0, max: None },
                Block::new(),
            ),
    )
    .with_version(2);
    let proto = schema.to_proto();
    assert_eq!(proto.version, 2);
    let block = proto.block.unwrap_or_default();
    assert_eq!(block.version, 2);
    let attr = |name: &str| {
        block
            .attributes
            .iter()
            .find(|a| a.name == name)
            .cloned()
            .unwrap_or_default()
    };
    // (name, type bytes, has nested type, required, optional, computed)
    let rows = [
        ("req", "\"string\"", false, true, false, false),
        ("opt", "\"bool\"", false, false, true, false),
        ("comp", "\"number\"", false, false, false, true),
        ("both", "", true, false, true, true),
    ];
    for (name, ty, nested, required, optional, computed) in rows {
        let a = attr(name);
        assert_eq!(a.name, name);
        assert_eq!(String::from_utf8_lossy(&a.r#type), ty, "{name}");
        assert_eq!(a.nested_type.is_some(), nested, "{name}");
        assert_eq!(
            (a.required, a.optional, a.computed),
            (required, optional, computed),
            "{name}"
        );
    }
    assert!(attr("req").sensitive);
    assert_eq!(attr("req").description, "r");
    assert_eq!(
        attr("opt").description_kind,
        pb::StringKind::Markdown as i32
    );
    assert!(attr("comp").deprecated);
    assert_eq!(attr("comp").description, "Deprecated: use req");
    let nested = attr("both").nested_type.unwrap_or_default();
    assert_eq!(nested.nesting, pb::schema::object::NestingMode::Set as i32);
    // (block, nesting, min, max)
    use pb::schema::nested_block::NestingMode as M;
    let blocks = [
        ("few", M::List, 1, 3),
        ("one", M::Single, 1, 1),
        ("open", M::Set, 0, 0),
    ];
    let got: Vec<_> = block
        .block_types
        .iter()
        .map(|b| (b.type_name.as_str(), b.nesting, b.min_items, b.max_items))
        .collect();
    let want: Vec<_> = blocks
        .iter()
        .map(|(n, m, min, max)| (*n, *m as i32, *min, *max))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn names() {
    for (name, valid) in [
        ("a", true),
        ("score_workload", true),
        ("x9_", true),
        ("", false),
        ("A", false),
        ("a-b", false),
        ("a.b", false),
        ("é", false),
    ] {
        assert_eq!(is_valid_name(name), valid, "{name:?}");
    }
}
