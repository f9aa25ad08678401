//! Tables: attributes ↔ document round trips, validation paths, matching, the function's
//! argument errors, the directory data source and import from a file.

use std::sync::Arc;

use super::resource::{DefinitionResource, schema};
use super::*;
use crate::framework::{Resource, StopToken};

/// A configuration as Terraform sends it: every attribute present, null when unset.
fn config(set: &[(&str, Value)]) -> Value {
    let mut attrs: std::collections::BTreeMap<String, Value> = schema()
        .block
        .attributes
        .keys()
        .chain(schema().block.blocks.keys())
        .map(|k| (k.clone(), Value::Null))
        .collect();
    for (k, v) in set {
        attrs.insert((*k).to_owned(), v.clone());
    }
    Value::Object(attrs)
}

fn obj(attrs: &[(&str, Value)]) -> Value {
    Value::object(attrs.iter().cloned())
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn inputs(values: Value, secrets: Value) -> Value {
    obj(&[("values", values), ("secrets", secrets)])
}

fn criterion(fields: &[(&str, &str)]) -> Value {
    let mut attrs: Vec<(&str, Value)> = ["class", "res_id", "app_id", "env_id", "env_type"]
        .into_iter()
        .map(|k| (k, Value::Null))
        .collect();
    for (k, v) in fields {
        if let Some(slot) = attrs.iter_mut().find(|(n, _)| n == k) {
            slot.1 = s(v);
        }
    }
    Value::object(attrs)
}

fn echo(id: &str) -> Value {
    config(&[
        ("id", s(id)),
        ("type", s("dns")),
        ("driver_type", s("humanitec/echo")),
        (
            "driver_inputs",
            inputs(
                obj(&[("host", s("${context.app.id}.example.com"))]),
                Value::Null,
            ),
        ),
        ("criteria", Value::List(vec![criterion(&[])])),
    ])
}

fn ctx(schema: Schema) -> Context {
    Context::new(StopToken::never(), Arc::new(schema), None)
}

/// What `plan`/`apply` store for a configuration, with its diagnostics.
async fn stored(config: &Value) -> (Value, Diagnostics) {
    let ctx = ctx(schema());
    let mut diags = Diagnostics::new();
    let request = crate::framework::ApplyRequest {
        prior_state: Value::Null,
        planned_state: config.clone(),
        config: config.clone(),
        planned_private: Vec::new(),
    };
    let state = DefinitionResource.apply(&ctx, request, &mut diags).await;
    (state.value, diags)
}

fn load_one(text: &str) -> score_core::definitions::Definition {
    let docs = score_core::yaml::parse_documents(score_core::FileId(0), text).expect("parses");
    let (mut defs, diags) = score_core::definitions::load::load_documents(&docs);
    assert!(
        diags.iter().all(|d| !d.is_error()),
        "{diags:?}\n--- document ---\n{text}"
    );
    assert_eq!(defs.len(), 1);
    defs.remove(0)
}

#[tokio::test]
async fn attributes_round_trip_through_the_document() {
    let cases = [
        ("echo", echo("dns-echo")),
        (
            "terraform git with secrets, provision and criteria",
            config(&[
                ("id", s("pg-dev")),
                ("name", s("PostgreSQL (dev)")),
                ("type", s("postgres")),
                ("driver_type", s("humanitec/terraform")),
                ("driver_account", s("${resources['aws-account'].account}")),
                (
                    "driver_inputs",
                    inputs(
                        obj(&[
                            (
                                "source",
                                obj(&[
                                    ("url", s("https://github.com/o/r.git")),
                                    ("path", s("pg")),
                                    ("rev", s("refs/tags/v1")),
                                ]),
                            ),
                            (
                                "variables",
                                obj(&[
                                    ("size", Value::number(2)),
                                    ("ratio", Value::Number("0.5".parse().expect("number"))),
                                    ("on", Value::Bool(true)),
                                    ("zones", Value::Tuple(vec![s("a"), s("b")])),
                                    ("nothing", Value::Null),
                                ]),
                            ),
                        ]),
                        obj(&[("variables", obj(&[("password", s("hunter2"))]))]),
                    ),
                ),
                (
                    "provision",
                    Value::List(vec![
                        obj(&[
                            ("resource", s("aws-policy.s3-admin")),
                            ("is_dependent", Value::Bool(true)),
                            ("match_dependents", Value::Bool(false)),
                            ("params", obj(&[("bucket", s("${context.res.id}"))])),
                        ]),
                        obj(&[
                            ("resource", s("dns")),
                            ("is_dependent", Value::Bool(false)),
                            ("match_dependents", Value::Bool(true)),
                            ("params", Value::Null),
                        ]),
                    ]),
                ),
                (
                    "criteria",
                    Value::List(vec![
                        criterion(&[("class", "default"), ("env_type", "development")]),
                        criterion(&[
                            ("class", "large"),
                            ("res_id", "shared.main"),
                            ("app_id", "shop"),
                        ]),
                        criterion(&[("class", "default"), ("env_id", "prod")]),
                    ]),
                ),
            ]),
        ),
        (
            "registry module, no criteria",
            config(&[
                ("id", s("redis-reg")),
                ("name", s("redis-reg")),
                ("type", s("redis")),
                ("driver_type", s("terraform")),
                (
                    "driver_inputs",
                    inputs(
                        obj(&[(
                            "module",
                            obj(&[("source", s("org/redis/aws")), ("version", s("~> 2.0"))]),
                        )]),
                        Value::Null,
                    ),
                ),
            ]),
        ),
    ];
    for (name, config) in cases {
        let (state, diags) = stored(&config).await;
        assert!(!diags.has_errors(), "{name}: {diags:?}");
        let text = state
            .get_attr("document")
            .and_then(Value::as_str)
            .expect("document is set")
            .to_owned();
        let def = load_one(&text);
        let back = document::attributes(&def).expect("representable");
        assert_eq!(
            crate::framework::plan::inconsistencies(&state, &back),
            Vec::new(),
            "{name}: import of the document differs from the state\n{text}"
        );
        assert!(crate::framework::plan::same(&state, &back), "{name}");
    }
}

#[tokio::test]
async fn defaults_are_written_out() {
    let (state, diags) = stored(&echo("dns-echo")).await;
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(state.get_attr("name"), Some(&s("dns-echo")));
    let Some(Value::List(criteria)) = state.get_attr("criteria") else {
        panic!("criteria is a list");
    };
    assert_eq!(criteria[0].get_attr("class"), Some(&s("default")));
    let expected = "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: dns-echo
entity:
  name: dns-echo
  type: dns
  driver_type: humanitec/echo
  driver_inputs:
    values:
      host: ${context.app.id}.example.com
  criteria:
    - class: default
";
    assert_eq!(state.get_attr("document"), Some(&s(expected)));
}

/// (case, attributes to change on the echo config, expected (attribute path, summary)).
#[test]
fn validation_errors_name_the_attribute() {
    let tf = |values: Value| ("driver_inputs", inputs(values, Value::Null));
    type Case<'a> = (&'a str, Vec<(&'a str, Value)>, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case<'_>> = vec![
        (
            "bad id",
            vec![("id", s("DNS"))],
            vec![("id", "invalid value 'DNS'")],
        ),
        (
            "unknown driver",
            vec![("driver_type", s("humanitec/static"))],
            vec![("driver_type", "unsupported driver 'humanitec/static'")],
        ),
        (
            "placeholder syntax in a nested value",
            vec![
                ("driver_type", s("humanitec/terraform")),
                tf(obj(&[(
                    "source",
                    obj(&[("url", s("https://${context.app.id")), ("path", s("x"))]),
                )])),
            ],
            vec![("driver_inputs.values.source.url", "")],
        ),
        (
            "unknown placeholder root",
            vec![tf(obj(&[("host", s("${var.host}"))]))],
            vec![("driver_inputs.values.host", "")],
        ),
        (
            "terraform input the driver does not know",
            vec![
                ("driver_type", s("humanitec/terraform")),
                tf(obj(&[
                    ("source", obj(&[("path", s("./m"))])),
                    ("sourcee", s("x")),
                ])),
            ],
            vec![("driver_inputs.values.sourcee", "unknown field")],
        ),
        (
            "terraform without module code",
            vec![("driver_type", s("humanitec/terraform")), tf(obj(&[]))],
            vec![("driver_inputs.values", "needs module code")],
        ),
        (
            "duplicate criteria",
            vec![(
                "criteria",
                Value::List(vec![
                    criterion(&[("env_type", "development")]),
                    criterion(&[("class", "default"), ("env_type", "development")]),
                ]),
            )],
            vec![("criteria[1]", "repeats criteria[0]")],
        ),
        (
            "empty criterion field",
            vec![(
                "criteria",
                Value::List(vec![criterion(&[("env_type", "")])]),
            )],
            vec![("criteria[0].env_type", "must not be empty")],
        ),
        (
            "bad provision key",
            vec![(
                "provision",
                Value::List(vec![obj(&[
                    ("resource", s("DNS!")),
                    ("is_dependent", Value::Null),
                    ("match_dependents", Value::Null),
                    ("params", Value::Null),
                ])]),
            )],
            vec![("provision[0].resource", "")],
        ),
        (
            "placeholder in provision params",
            vec![(
                "provision",
                Value::List(vec![obj(&[
                    ("resource", s("dns")),
                    ("is_dependent", Value::Null),
                    ("match_dependents", Value::Null),
                    ("params", obj(&[("zone", s("${context.nope}"))])),
                ])]),
            )],
            vec![("provision[0].params.zone", "")],
        ),
        (
            "a resource provisioned twice",
            vec![(
                "provision",
                Value::List(vec![
                    obj(&[
                        ("resource", s("dns")),
                        ("is_dependent", Value::Null),
                        ("match_dependents", Value::Null),
                        ("params", Value::Null),
                    ]),
                    obj(&[
                        ("resource", s("dns")),
                        ("is_dependent", Value::Null),
                        ("match_dependents", Value::Null),
                        ("params", Value::Null),
                    ]),
                ]),
            )],
            vec![("provision[1].resource", "same resource as provision[0]")],
        ),
    ];
    for (name, changes, expected) in cases {
        let Value::Object(mut attrs) = echo("dns-echo") else {
            unreachable!("config is an object");
        };
        for (k, v) in changes {
            attrs.insert(k.to_owned(), v);
        }
        let config = Value::Object(attrs);
        let mut diags = Diagnostics::new();
        DefinitionResource.validate(&ctx(schema()), &config, &mut diags);
        let got: Vec<(String, String)> = diags
            .iter()
            .map(|d| {
                (
                    d.attribute
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    format!("{} | {}", d.summary, d.detail),
                )
            })
            .collect();
        assert_eq!(got.len(), expected.len(), "{name}: {got:#?}");
        for ((path, text), (want_path, want_text)) in got.iter().zip(&expected) {
            assert_eq!(path, want_path, "{name}: {got:#?}");
            assert!(text.contains(want_text), "{name}: {text}");
            assert!(
                !text.contains("hunter2"),
                "{name}: diagnostics never hold values"
            );
        }
    }
}

#[test]
fn unknown_values_are_checked_later() {
    let Value::Object(mut attrs) = echo("dns-echo") else {
        unreachable!("config is an object");
    };
    attrs.insert("id".to_owned(), Value::unknown());
    attrs.insert("driver_type".to_owned(), s("nope"));
    let mut diags = Diagnostics::new();
    DefinitionResource.validate(&ctx(schema()), &Value::Object(attrs), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
}

const DEFS: &[&str] = &[
    "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: pg-dev}
entity:
  name: pg-dev
  type: postgres
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      source: {url: 'https://github.com/o/m.git', path: pg, rev: refs/tags/v2}
      variables:
        name: ${context.app.id}-${context.env.id}
        region: ${values.region}
        id: ${context.res.id}
        host: ${resources.dns.outputs.host}
  criteria:
    - env_type: development
",
    "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: pg-prod}
entity:
  name: pg-prod
  type: postgres
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      module: {source: org/rds/aws, version: 1.0.0}
  criteria:
    - env_type: production
    - env_id: prod-eu
      class: large
",
    "\
[{id: dns-echo, name: dns, type: dns, driver_type: humanitec/echo,
  driver_inputs: {values: {host: x}}, criteria: [{}]}]
",
];

/// (resource, context) → (matched, definition_id, module_source, reason fragment).
#[test]
fn match_picks_the_most_specific_definition() {
    type Case<'a> = (
        Value,
        Value,
        bool,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );
    let res = |kind: &str, class: Option<&str>| {
        obj(&[
            ("type", s(kind)),
            ("class", class.map_or(Value::Null, s)),
            ("id", Value::Null),
            ("res_id", s("modules.shop.externals.db")),
        ])
    };
    let env = |env_id: &str, env_type: &str| {
        obj(&[
            ("app_id", s("shop")),
            ("env_id", s(env_id)),
            ("env_type", s(env_type)),
            ("org_id", Value::Null),
            ("values", obj(&[("region", s("eu-west-1"))])),
        ])
    };
    let cases: Vec<Case<'_>> = vec![
        (
            res("postgres", None),
            env("dev", "development"),
            true,
            Some("pg-dev"),
            Some("git::https://github.com/o/m.git//pg?ref=v2"),
            "'pg-prod' was not chosen: criteria {class: default, env_type: production}: env_type is 'development', not 'production'",
        ),
        (
            res("postgres", None),
            env("prod-us", "production"),
            true,
            Some("pg-prod"),
            Some("org/rds/aws"),
            "'pg-prod' matches",
        ),
        (
            res("postgres", Some("large")),
            env("prod-eu", "production"),
            true,
            Some("pg-prod"),
            Some("org/rds/aws"),
            "env_id = prod-eu",
        ),
        (
            res("postgres", Some("large")),
            env("dev", "development"),
            false,
            None,
            None,
            "no definition matches postgres.large#modules.shop.externals.db",
        ),
        (
            res("dns", None),
            env("dev", "development"),
            true,
            Some("dns-echo"),
            None,
            "'dns-echo' matches",
        ),
        (
            res("redis", None),
            env("dev", "development"),
            false,
            None,
            None,
            "no definition has type 'redis'",
        ),
    ];
    for (resource, context, matched, id, source, reason) in cases {
        let result = matching::run(DEFS, &resource, &context).expect("valid inputs");
        let text = |k: &str| result.get_attr(k).and_then(Value::as_str);
        assert_eq!(
            result.get_attr("matched"),
            Some(&Value::Bool(matched)),
            "{result:?}"
        );
        assert_eq!(text("definition_id"), id, "{result:?}");
        assert_eq!(text("module_source"), source, "{result:?}");
        let got = text("reason").unwrap_or_default();
        assert!(got.contains(reason), "{got}");
    }
}

#[test]
fn match_resolves_context_placeholders_in_inputs() {
    let resource = obj(&[
        ("type", s("postgres")),
        ("class", Value::Null),
        ("id", s("main")),
        ("res_id", Value::Null),
    ]);
    let context = obj(&[
        ("app_id", s("shop")),
        ("env_id", s("dev")),
        ("env_type", s("development")),
        ("org_id", Value::Null),
        ("values", obj(&[("region", s("eu-west-1"))])),
    ]);
    let result = matching::run(DEFS, &resource, &context).expect("valid inputs");
    assert_eq!(
        result.get_attr("inputs").and_then(Value::as_str),
        Some(
            r#"{"source":{"path":"pg","rev":"refs/tags/v2","url":"https://github.com/o/m.git"},"variables":{"host":"${resources.dns.outputs.host}","id":"shared.main","name":"shop-dev","region":"eu-west-1"}}"#
        )
    );
}

#[test]
fn function_errors_name_the_argument() {
    let good_resource = obj(&[
        ("type", s("postgres")),
        ("class", Value::Null),
        ("id", Value::Null),
        ("res_id", Value::Null),
    ]);
    let no_values = obj(&[
        ("app_id", Value::Null),
        ("env_id", Value::Null),
        ("env_type", s("development")),
        ("org_id", Value::Null),
        ("values", Value::Null),
    ]);
    let defs = |texts: &[&str]| Value::List(texts.iter().map(|t| s(t)).collect());
    let duplicate = DEFS[0].replace("pg-dev", "pg-dev2");
    let cases: Vec<(Vec<Value>, usize, &str)> = vec![
        (
            vec![
                defs(&["kind: Definition\n"]),
                good_resource.clone(),
                no_values.clone(),
            ],
            0,
            "definitions[0]:1:1",
        ),
        (
            vec![
                defs(&[DEFS[0], &duplicate]),
                good_resource.clone(),
                no_values.clone(),
            ],
            0,
            "duplicate those of definition 'pg-dev'",
        ),
        (
            vec![
                defs(DEFS),
                obj(&[
                    ("type", s("")),
                    ("class", Value::Null),
                    ("id", Value::Null),
                    ("res_id", Value::Null),
                ]),
                no_values.clone(),
            ],
            1,
            "resource.type",
        ),
        (
            vec![defs(DEFS), good_resource.clone(), no_values.clone()],
            2,
            "definition 'pg-dev': driver_inputs.values.variables.region",
        ),
    ];
    for (arguments, index, text) in cases {
        let error = MatchDefinition.call(arguments).expect_err("fails");
        assert_eq!(error.argument, Some(index), "{error:?}");
        assert!(error.text.contains(text), "{}", error.text);
    }
    let ok = MatchDefinition.call(vec![
        defs(DEFS),
        good_resource,
        obj(&[
            ("app_id", Value::Null),
            ("env_id", Value::Null),
            ("env_type", s("production")),
            ("org_id", Value::Null),
            ("values", Value::Null),
        ]),
    ]);
    assert_eq!(
        ok.ok().and_then(|v| v.get_attr("definition_id").cloned()),
        Some(s("pg-prod"))
    );
    assert_eq!(
        MatchDefinition.signature().return_type,
        matching::result_type()
    );
}

fn temp_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

async fn read_dir(path: &std::path::Path) -> (Value, Diagnostics) {
    let config = Value::object([
        ("path", s(&path.display().to_string())),
        ("definitions", Value::Null),
        ("documents", Value::Null),
    ]);
    let mut diags = Diagnostics::new();
    let state = files::DefinitionsDataSource
        .read(&ctx(files::schema()), config, &mut diags)
        .await;
    (state, diags)
}

#[tokio::test]
async fn data_source_reads_a_directory_in_sorted_order() {
    let dir = temp_dir(&[
        ("b/pg.yaml", DEFS[1]),
        ("a.yml", DEFS[0]),
        (
            "c.json",
            r#"{"id": "dns-echo", "name": "dns", "type": "dns", "driver_type": "humanitec/echo", "criteria": [{}]}"#,
        ),
        (".hidden.yaml", "not: a definition"),
        ("README.md", "not read"),
    ]);
    let (state, diags) = read_dir(dir.path()).await;
    assert!(diags.is_empty(), "{diags:?}");
    let Some(Value::List(defs)) = state.get_attr("definitions") else {
        panic!("definitions is a list: {state:?}");
    };
    let ids: Vec<&str> = defs
        .iter()
        .filter_map(|d| d.get_attr("id").and_then(Value::as_str))
        .collect();
    assert_eq!(ids, ["pg-dev", "pg-prod", "dns-echo"]);
    let file = defs[1]
        .get_attr("file")
        .and_then(Value::as_str)
        .unwrap_or_default();
    assert!(file.ends_with("b/pg.yaml"), "{file}");
    let Some(Value::List(documents)) = state.get_attr("documents") else {
        panic!("documents is a list");
    };
    let texts: Vec<&str> = documents.iter().filter_map(Value::as_str).collect();
    let result = matching::run(
        &texts,
        &obj(&[
            ("type", s("dns")),
            ("class", Value::Null),
            ("id", Value::Null),
            ("res_id", Value::Null),
        ]),
        &Value::Null,
    )
    .expect("the documents match");
    assert_eq!(result.get_attr("definition_id"), Some(&s("dns-echo")));
}

#[tokio::test]
async fn data_source_reports_duplicates_across_files() {
    let duplicate = DEFS[0].replace("pg-dev", "pg-dev-copy");
    let dir = temp_dir(&[("one.yaml", DEFS[0]), ("two/copy.yaml", &duplicate)]);
    let (state, diags) = read_dir(dir.path()).await;
    assert_eq!(state, Value::Null);
    let errors: Vec<_> = diags.iter().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0]
            .attribute
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("path")
    );
    let detail = &errors[0].detail;
    assert!(
        detail.contains("two/copy.yaml:17:7: entity.criteria[0]: criteria"),
        "{detail}"
    );
    assert!(
        detail.contains("one.yaml:17:7: 'pg-dev' has the same criteria here"),
        "{detail}"
    );
}

#[tokio::test]
async fn import_reads_a_definition_file() {
    let dir = temp_dir(&[
        ("pg.yaml", DEFS[0]),
        ("two.yaml", &format!("{}---\n{}", DEFS[0], DEFS[1])),
        (
            "refs.yaml",
            "[{id: with-refs, name: r, type: dns, driver_type: echo, driver_inputs: {secret_refs: {token: {store: vault, ref: x}}}, criteria: [{}]}]",
        ),
        (
            "bad.yaml",
            "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata: {id: x}\n",
        ),
    ]);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let mut diags = Diagnostics::new();
    let state = DefinitionResource
        .import(&ctx(schema()), path("pg.yaml"), &mut diags)
        .await
        .expect("imported");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(state.value.get_attr("id"), Some(&s("pg-dev")));
    assert_eq!(
        state.value.get_attr("driver_type"),
        Some(&s("humanitec/terraform"))
    );
    let cases = [
        ("two.yaml", "holds 2 definitions"),
        ("refs.yaml", "secret_refs"),
        ("bad.yaml", "bad.yaml:3:16: metadata.id: invalid value"),
        (
            "missing.yaml",
            "relative to the directory Terraform runs in",
        ),
    ];
    for (name, text) in cases {
        let mut diags = Diagnostics::new();
        let state = DefinitionResource
            .import(&ctx(schema()), path(name), &mut diags)
            .await;
        assert!(state.is_none(), "{name}");
        let details: Vec<&str> = diags.iter().map(|d| d.detail.as_str()).collect();
        assert!(
            details.iter().any(|d| d.contains(text)),
            "{name}: {details:?}"
        );
    }
}

#[tokio::test]
async fn read_recomputes_the_document() {
    let (mut state, _) = stored(&echo("dns-echo")).await;
    let good = state.get_attr("document").cloned();
    if let Value::Object(attrs) = &mut state {
        attrs.insert("document".to_owned(), s("edited out of band"));
    }
    let mut diags = Diagnostics::new();
    let read = DefinitionResource
        .read(
            &ctx(schema()),
            crate::framework::State {
                value: state,
                private: Vec::new(),
            },
            &mut diags,
        )
        .await;
    assert_eq!(read.value.get_attr("document").cloned(), good);
}

#[test]
fn every_attribute_has_a_description() {
    fn walk(block: &Block, path: &str, missing: &mut Vec<String>) {
        for (name, a) in &block.attributes {
            let here = format!("{path}{name}");
            if a.description == Description::None {
                missing.push(here.clone());
            }
            if let crate::framework::AttributeType::Nested(n) = &a.ty {
                let inner = Block {
                    attributes: n.attributes.clone(),
                    ..Block::default()
                };
                walk(&inner, &format!("{here}."), missing);
            }
        }
        for (name, nested) in &block.blocks {
            walk(&nested.block, &format!("{path}{name}."), missing);
        }
    }
    let mut missing = Vec::new();
    for block in [
        schema().block,
        files::schema().block,
        MatchDataSource.schema().block,
    ] {
        walk(&block, "", &mut missing);
    }
    assert_eq!(missing, Vec::<String>::new());
}
