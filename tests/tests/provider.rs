//! `terraform-provider-score` under real Terraform, 1.15.5 and 1.0.3, through
//! `dev_overrides` ([`TfDir::use_provider`]): the handshake, schemas, the `score_workload`
//! data source and, with 1.15.5, the `provider::score::parse_workload` function.
//!
//! Both versions run `init` (1.0.3 installs the provider from the mirror `use_provider`
//! writes, 1.15.5 skips overridden providers), then `validate`, `plan`, `apply` and `output`.

use std::path::Path;

use integration::{
    TERRAFORM_1_0_3_VERSION, TERRAFORM_VERSION, Testbed, TfDir, report, stderr, stdout,
};
use serde_json::{Value, json};

/// One Terraform under test.
pub(crate) struct Terraform {
    pub(crate) version: &'static str,
    pub(crate) path: &'static Path,
    /// Provider-defined functions arrived in Terraform 1.8.
    pub(crate) functions: bool,
}

pub(crate) fn terraforms() -> [Terraform; 2] {
    let testbed = Testbed::get();
    [
        Terraform {
            version: TERRAFORM_VERSION,
            path: &testbed.terraform,
            functions: true,
        },
        Terraform {
            version: TERRAFORM_1_0_3_VERSION,
            path: &testbed.terraform_1_0_3,
            functions: false,
        },
    ]
}

pub(crate) const REQUIRED_PROVIDERS: &str = r#"
terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}
"#;

/// A workload with two containers (one built by CI) and three resources.
const WORKLOAD: &str = r#"
data "score_workload" "app" {
  spec = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: shop
    containers:
      web:
        image: nginx:1.27
      worker:
        image: .
    resources:
      db:
        type: postgres
        class: large
        id: main-db
        params:
          version: 16
      cache:
        type: redis
  YAML
}

output "name" {
  value = data.score_workload.app.name
}

output "containers" {
  value = data.score_workload.app.containers
}

output "resource_requests" {
  value = data.score_workload.app.resource_requests
}
"#;

fn expected_containers() -> Value {
    json!([
        {"name": "web", "image": "nginx:1.27"},
        {"name": "worker", "image": "."},
    ])
}

fn expected_requests() -> Value {
    json!([
        {
            "name": "cache", "uid": "redis.default#shop.cache", "type": "redis",
            "class": "default", "id": null, "params": null,
        },
        {
            "name": "db", "uid": "postgres.large#main-db", "type": "postgres",
            "class": "large", "id": "main-db", "params": "{\"version\":16}",
        },
    ])
}

pub(crate) fn dir_for(name: &str, tf: &Terraform, main_tf: &str) -> TfDir {
    let mut dir = TfDir::new(&format!("{name}-{}", tf.version));
    dir.use_provider();
    dir.write("main.tf", format!("{REQUIRED_PROVIDERS}{main_tf}"));
    dir
}

fn output_json(dir: &TfDir, tf: &Terraform) -> Value {
    let out = dir.run_ok(tf.path, ["output", "-json"]);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("`output -json` is not JSON: {e}\n{}", report(&out)))
}

#[test]
fn data_source_validate_plan_apply_output() {
    for tf in terraforms() {
        let dir = dir_for("workload", &tf, WORKLOAD);
        dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);

        let out = dir.run_ok(tf.path, ["validate", "-no-color"]);
        assert!(
            stdout(&out).contains("Success! The configuration is valid"),
            "{}: {}",
            tf.version,
            report(&out)
        );

        // 2: the plan succeeded and has changes (the outputs).
        let out = dir.run_expect_code(
            tf.path,
            ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
            2,
        );
        let text = stdout(&out);
        assert!(
            text.contains(r#"+ name              = "shop""#) || text.contains(r#"+ name = "shop""#),
            "{}: the plan shows the name\n{}",
            tf.version,
            report(&out)
        );

        dir.run_ok(
            tf.path,
            ["apply", "-input=false", "-no-color", "-auto-approve"],
        );
        let outputs = output_json(&dir, &tf);
        assert_eq!(outputs["name"]["value"], json!("shop"), "{}", tf.version);
        assert_eq!(
            outputs["containers"]["value"],
            expected_containers(),
            "{}",
            tf.version
        );
        assert_eq!(
            outputs["resource_requests"]["value"],
            expected_requests(),
            "{}",
            tf.version
        );

        // Nothing changes on a second plan.
        dir.run_expect_code(
            tf.path,
            ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
            0,
        );
    }
}

/// `image: 42` on line 6 of the spec, column 12 of its line.
const INVALID: &str = r#"
data "score_workload" "app" {
  spec = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: shop
    containers:
      web:
        image: 42
  YAML
}
"#;

#[test]
fn invalid_spec_is_a_positioned_diagnostic() {
    for tf in terraforms() {
        let dir = dir_for("invalid", &tf, INVALID);
        for command in ["validate", "plan"] {
            let out = dir.run_expect_code(tf.path, [command, "-no-color"], 1);
            let text = stderr(&out);
            for expected in [
                "Error: expected a string, found an integer",
                "containers.web.image (line 6, col 12): expected a string, found an integer",
                r#"data "score_workload" "app""#,
            ] {
                assert!(
                    text.contains(expected),
                    "{} {command}: stderr lacks {expected:?}\n{}",
                    tf.version,
                    report(&out)
                );
            }
        }
    }
}

const FUNCTION: &str = r#"
locals {
  spec = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: fn-shop
    containers:
      web:
        image: nginx
    resources:
      db:
        type: postgres
  YAML
}

output "parsed" {
  value = provider::score::parse_workload(local.spec)
}
"#;

#[test]
fn function_parse_workload() {
    for tf in terraforms().into_iter().filter(|tf| tf.functions) {
        let dir = dir_for("function", &tf, FUNCTION);
        dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
        dir.run_ok(
            tf.path,
            ["apply", "-input=false", "-no-color", "-auto-approve"],
        );
        let parsed = &output_json(&dir, &tf)["parsed"]["value"];
        assert_eq!(parsed["name"], json!("fn-shop"));
        assert_eq!(
            parsed["containers"],
            json!([{"name": "web", "image": "nginx"}])
        );
        assert_eq!(
            parsed["resource_requests"][0]["uid"],
            json!("postgres.default#fn-shop.db")
        );

        dir.write(
            "main.tf",
            format!(
                "{REQUIRED_PROVIDERS}{}",
                FUNCTION.replace("name: fn-shop", "name: Fn_Shop")
            ),
        );
        let out = dir.run_expect_code(tf.path, ["plan", "-no-color"], 1);
        let text = stderr(&out);
        assert!(
            text.contains("provider::score::parse_workload")
                && text.contains("metadata.name (line 3, col 9): invalid value 'Fn_Shop'"),
            "{}\n{}",
            tf.version,
            report(&out)
        );
    }
}

/// An input only known after apply (`terraform_data`, Terraform 1.4+).
const UNKNOWN_SPEC: &str = r#"
resource "terraform_data" "spec" {
  input = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: later
    containers:
      web:
        image: nginx
  YAML
}

data "score_workload" "app" {
  spec = terraform_data.spec.output
}

output "name" {
  value = data.score_workload.app.name
}
"#;

#[test]
fn unknown_spec_plans_unknown_outputs() {
    let [tf, _] = terraforms();
    let dir = dir_for("unknown", &tf, UNKNOWN_SPEC);
    let out = dir.run_expect_code(
        tf.path,
        ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        2,
    );
    assert!(
        stdout(&out).contains("+ name = (known after apply)"),
        "{}",
        report(&out)
    );
    dir.run_ok(
        tf.path,
        ["apply", "-input=false", "-no-color", "-auto-approve"],
    );
    assert_eq!(output_json(&dir, &tf)["name"]["value"], json!("later"));
}

#[test]
fn providers_schema_json_shows_the_data_source_and_function() {
    for tf in terraforms() {
        let dir = dir_for("schema", &tf, WORKLOAD);
        dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
        let out = dir.run_ok(tf.path, ["providers", "schema", "-json"]);
        let schema: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON: {e}\n{}", report(&out)));
        let provider = &schema["provider_schemas"]["registry.terraform.io/score-tf/score"];
        let attributes = &provider["data_source_schemas"]["score_workload"]["block"]["attributes"];
        assert_eq!(
            attributes["spec"]["required"],
            json!(true),
            "{}",
            tf.version
        );
        assert_eq!(
            attributes["spec"]["type"],
            json!("string"),
            "{}",
            tf.version
        );
        assert_eq!(
            attributes["name"]["computed"],
            json!(true),
            "{}",
            tf.version
        );
        let nested = &attributes["resource_requests"]["nested_type"];
        assert_eq!(nested["nesting_mode"], json!("list"), "{}", tf.version);
        assert!(
            nested["attributes"]["params"]["description"]
                .as_str()
                .is_some_and(|d| d.contains("JSON")),
            "{}: {provider}",
            tf.version
        );
        if tf.functions {
            let function = &provider["functions"]["parse_workload"];
            assert_eq!(
                function["parameters"][0],
                json!({
                    "name": "spec",
                    "type": "string",
                    "description": "The Score workload specification as YAML or JSON text."
                }),
                "{function}"
            );
            assert_eq!(function["return_type"][0], json!("object"), "{function}");
        }
    }
}

/// The examples the reference pages show, applied as they are.
#[test]
fn documented_examples_apply() {
    let data_source =
        include_str!("../../provider/examples/data-sources/score_workload/data-source.tf");
    let function = include_str!("../../provider/examples/functions/parse_workload/function.tf");
    for tf in terraforms() {
        let mut examples = vec![(
            "example-data-source",
            data_source,
            json!({"images": {"web": "nginx:1.27"}, "db_params": {"version": 16}}),
        )];
        if tf.functions {
            examples.push((
                "example-function",
                function,
                json!({"workload_name": "shop"}),
            ));
        }
        for (name, example, expected) in examples {
            let dir = dir_for(name, &tf, example);
            dir.run_ok(
                tf.path,
                ["apply", "-input=false", "-no-color", "-auto-approve"],
            );
            let outputs = output_json(&dir, &tf);
            let values: serde_json::Map<String, Value> = outputs
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect();
            assert_eq!(
                Value::Object(values),
                expected,
                "{name} with {}",
                tf.version
            );
        }
    }
}
