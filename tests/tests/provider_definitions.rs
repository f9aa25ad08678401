//! `score_resource_definition`, `score_resource_definitions`, `score_resource_match` and
//! `provider::score::match_definition` under real Terraform.
//!
//! The resource lifecycle runs in one working directory per Terraform version: create,
//! empty second plan, in-place update, out-of-band state edit then refresh, import from the
//! definition file (command; and an `import {}` block on 1.15.5) with an empty plan after,
//! replace on an id change, destroy. A secret in `driver_inputs.secrets` is looked for in
//! plan text, `show -json` outside the sensitive attributes, and `TF_LOG=trace` output.
//! Terraform 1.0.3's `show -json` does not list schema-sensitive attributes under
//! `sensitive_values`, so the sensitive attributes are removed by schema for both versions,
//! and only 1.15.5 is asked to mark them.

use std::path::Path;

use integration::{
    TERRAFORM_1_0_3_VERSION, TERRAFORM_VERSION, Testbed, TfDir, report, stderr, stdout,
};
use serde_json::{Value, json};

struct Terraform {
    version: &'static str,
    path: &'static Path,
    /// Terraform 1.8+: provider functions, `import {}` blocks (1.5+), `terraform test`.
    modern: bool,
}

fn terraforms() -> [Terraform; 2] {
    let testbed = Testbed::get();
    [
        Terraform {
            version: TERRAFORM_VERSION,
            path: &testbed.terraform,
            modern: true,
        },
        Terraform {
            version: TERRAFORM_1_0_3_VERSION,
            path: &testbed.terraform_1_0_3,
            modern: false,
        },
    ]
}

const REQUIRED_PROVIDERS: &str = r#"
terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}
"#;

const SECRET: &str = "pa55-Wr0nG-h0rse-81";

fn definition(id: &str, name: &str) -> String {
    format!(
        r#"
resource "score_resource_definition" "dns" {{
  id          = "{id}"
  name        = "{name}"
  type        = "dns"
  driver_type = "humanitec/echo"

  driver_inputs {{
    values = {{
      host  = "$${{context.app.id}}.example.com"
      ports = [80, 443]
    }}
    secrets = {{
      token = "{SECRET}"
    }}
  }}

  provision = [
    {{ resource = "aws-policy", is_dependent = true }},
  ]

  criteria = [
    {{ env_type = "development" }},
    {{ class = "large", app_id = "shop" }},
  ]
}}
"#
    )
}

fn dir_for(name: &str, tf: &Terraform) -> TfDir {
    let mut dir = TfDir::new(&format!("{name}-{}", tf.version));
    dir.use_provider();
    dir
}

fn write_main(dir: &TfDir, body: &str) {
    dir.write("main.tf", format!("{REQUIRED_PROVIDERS}{body}"));
}

fn plan(dir: &TfDir, tf: &Terraform, code: i32) -> String {
    let out = dir.run_expect_code(
        tf.path,
        ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        code,
    );
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        !text.contains(SECRET),
        "{}: the plan shows the secret",
        tf.version
    );
    text
}

fn apply(dir: &TfDir, tf: &Terraform) {
    let out = dir.run_ok(
        tf.path,
        ["apply", "-input=false", "-no-color", "-auto-approve"],
    );
    assert!(
        !report(&out).contains(SECRET),
        "{}: apply shows the secret",
        tf.version
    );
}

fn show(dir: &TfDir, tf: &Terraform) -> Value {
    let out = dir.run_ok(tf.path, ["show", "-json"]);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: `show -json` is not JSON: {e}", tf.version))
}

/// The one `score_resource_definition` in a `show -json` document.
fn resource(shown: &Value) -> &Value {
    shown["values"]["root_module"]["resources"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["type"] == "score_resource_definition"))
        .unwrap_or_else(|| panic!("no score_resource_definition in {shown:#}"))
}

/// `show -json` holds the secret only in the schema's sensitive attributes, which 1.15.5
/// also lists under `sensitive_values`.
fn assert_secret_only_in_sensitive_attributes(shown: &Value, tf: &Terraform) {
    let r = resource(shown);
    let mut values = r["values"].clone();
    assert!(
        values["document"]
            .as_str()
            .is_some_and(|d| d.contains(SECRET))
    );
    values["document"] = Value::Null;
    if let Some(inputs) = values["driver_inputs"].as_array_mut() {
        for block in inputs {
            block["secrets"] = Value::Null;
        }
    } else {
        values["driver_inputs"]["secrets"] = Value::Null;
    }
    let mut rest = shown.clone();
    rest["values"]["root_module"]["resources"] = Value::Null;
    for part in [values.to_string(), rest.to_string()] {
        assert!(!part.contains(SECRET), "{}: {part}", tf.version);
    }
    if tf.modern {
        let marks = &r["sensitive_values"];
        assert_eq!(marks["document"], json!(true), "{}: {marks}", tf.version);
        assert!(
            marks["driver_inputs"]
                .to_string()
                .contains("\"secrets\":true"),
            "{marks}"
        );
    }
}

fn edit_state(dir: &TfDir, edit: impl FnOnce(&mut Value)) {
    let mut state: Value =
        serde_json::from_str(&dir.read("terraform.tfstate")).expect("the state is JSON");
    let serial = state["serial"].as_i64().unwrap_or(0);
    state["serial"] = json!(serial + 1);
    edit(&mut state["resources"][0]["instances"][0]["attributes"]);
    dir.write("terraform.tfstate", state.to_string());
}

#[test]
fn resource_lifecycle_import_and_secrets() {
    for tf in terraforms() {
        let dir = dir_for("definition", &tf);
        write_main(&dir, &definition("dns-echo", "DNS"));
        dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);

        // Create, with every log line at trace level searched for the secret.
        let text = plan(&dir, &tf, 2);
        assert!(
            text.contains("1 to add, 0 to change, 0 to destroy"),
            "{text}"
        );
        let out = dir
            .command(tf.path)
            .args(["apply", "-input=false", "-no-color", "-auto-approve"])
            .env("TF_LOG", "trace")
            .output()
            .expect("terraform runs");
        assert!(out.status.success(), "{}: {}", tf.version, report(&out));
        assert!(
            stderr(&out).contains("score_resource_definition"),
            "{}: trace logging is on",
            tf.version
        );
        assert!(
            !report(&out).contains(SECRET),
            "{}: the trace log shows the secret",
            tf.version
        );
        plan(&dir, &tf, 0);

        let shown = show(&dir, &tf);
        assert_secret_only_in_sensitive_attributes(&shown, &tf);
        let document = resource(&shown)["values"]["document"]
            .as_str()
            .expect("document is a string")
            .to_owned();
        assert!(
            document.starts_with("apiVersion: entity.humanitec.io/v1b1\n"),
            "{document}"
        );
        if tf.modern {
            score2hcl_reads_the_export(&dir, &shown);
        }

        // In-place update.
        write_main(&dir, &definition("dns-echo", "DNS (echo)"));
        let text = plan(&dir, &tf, 2);
        assert!(
            text.contains("0 to add, 1 to change, 0 to destroy"),
            "{text}"
        );
        apply(&dir, &tf);
        plan(&dir, &tf, 0);

        // An out-of-band edit of the stored document is repaired by a refresh.
        let good = resource(&show(&dir, &tf))["values"]["document"].clone();
        edit_state(&dir, |attrs| attrs["document"] = json!("edited"));
        dir.run_ok(
            tf.path,
            [
                "apply",
                "-refresh-only",
                "-input=false",
                "-no-color",
                "-auto-approve",
            ],
        );
        assert_eq!(
            resource(&show(&dir, &tf))["values"]["document"],
            good,
            "{}",
            tf.version
        );
        // An edited attribute is a change back to the configuration.
        edit_state(&dir, |attrs| attrs["name"] = json!("renamed"));
        let text = plan(&dir, &tf, 2);
        assert!(
            text.contains("0 to add, 1 to change, 0 to destroy"),
            "{text}"
        );
        apply(&dir, &tf);

        // Import from the definition file: the plan after it is empty.
        dir.write("dns-echo.yaml", good.as_str().expect("a string"));
        dir.run_ok(tf.path, ["state", "rm", "score_resource_definition.dns"]);
        dir.run_ok(
            tf.path,
            [
                "import",
                "-input=false",
                "-no-color",
                "score_resource_definition.dns",
                "dns-echo.yaml",
            ],
        );
        plan(&dir, &tf, 0);
        if tf.modern {
            dir.run_ok(tf.path, ["state", "rm", "score_resource_definition.dns"]);
            dir.write(
                "import.tf",
                "import {\n  to = score_resource_definition.dns\n  id = \"dns-echo.yaml\"\n}\n",
            );
            let text = plan(&dir, &tf, 2);
            assert!(
                text.contains("1 to import, 0 to add, 0 to change, 0 to destroy"),
                "{text}"
            );
            apply(&dir, &tf);
            std::fs::remove_file(dir.path().join("import.tf")).expect("removing import.tf");
            plan(&dir, &tf, 0);
        }

        // A new id replaces the definition.
        write_main(&dir, &definition("dns-echo-2", "DNS (echo)"));
        let text = plan(&dir, &tf, 2);
        assert!(text.contains("must be replaced"), "{text}");
        assert!(
            text.contains("1 to add, 0 to change, 1 to destroy"),
            "{text}"
        );
        apply(&dir, &tf);
        plan(&dir, &tf, 0);

        dir.run_ok(
            tf.path,
            ["destroy", "-input=false", "-no-color", "-auto-approve"],
        );
        let out = dir.run_ok(tf.path, ["state", "list"]);
        assert_eq!(stdout(&out).trim(), "", "{}", tf.version);
    }
}

/// score2hcl's export loader takes the real `show -json`; the export is also the checked-in
/// fixture of codegen's unit test (`UPDATE_EXPECT=1` rewrites it).
fn score2hcl_reads_the_export(dir: &TfDir, shown: &Value) {
    let export = serde_json::to_string_pretty(shown).expect("JSON");
    dir.write("export.json", &export);
    // The definition co-provisions an aws-policy, which needs a definition of its own.
    dir.write(
        "aws-policy.yaml",
        "[{id: policy-echo, name: policy, type: aws-policy, driver_type: echo, \
         driver_inputs: {values: {arn: 'arn:aws:iam::1:policy/p'}}, criteria: [{}]}]\n",
    );
    dir.write(
        "score.yaml",
        "apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {image: nginx}}\nresources: {dns: {type: dns}}\n",
    );
    let args = score2hcl::cli::GenerateArgs {
        definitions: vec!["export.json".into(), "aws-policy.yaml".into()],
        app: Some("shop".to_owned()),
        env: Some("dev".to_owned()),
        env_type: Some("development".to_owned()),
        ..score2hcl::cli::GenerateArgs::default()
    };
    let mut files = score2hcl::files::Files::default();
    let (prepared, diags) = score2hcl::generate::prepare(&args, dir.path(), &mut files);
    let rendered: String = diags
        .iter()
        .map(|d| score2hcl::render::diagnostic(&files, d))
        .collect();
    let prepared = prepared.unwrap_or_else(|| panic!("score2hcl refused the export:\n{rendered}"));
    let (out, diags) = score2hcl::generate::render(&prepared.inputs());
    let out = out.unwrap_or_else(|| panic!("render failed: {diags:?}"));
    let main = out
        .iter()
        .find(|f| f.path == "main.tf")
        .map(|f| String::from_utf8_lossy(&f.contents).into_owned())
        .expect("main.tf");
    // The echo definition's values and secrets, read from the export.
    assert!(
        main.contains(r#"host = "${local.context.app_id}.example.com""#),
        "{main}"
    );
    assert!(
        main.contains(&format!("token = sensitive(\"{SECRET}\")")),
        "{main}"
    );

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/src/generate/fixtures/terraform-show-definition.json");
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty());
    if update {
        std::fs::write(&fixture, format!("{export}\n")).expect("writing the fixture");
    } else {
        let checked_in: Value =
            serde_json::from_str(&std::fs::read_to_string(&fixture).expect("the fixture exists"))
                .expect("the fixture is JSON");
        assert_eq!(
            checked_in["values"],
            shown["values"],
            "the fixture {} is stale: rerun with UPDATE_EXPECT=1",
            fixture.display()
        );
    }
}

const DEV: &str = "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: pg-dev
entity:
  name: pg-dev
  type: postgres
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      source:
        url: https://github.com/example-org/modules.git
        path: postgres
        rev: refs/tags/v1.0.0
      variables:
        name: ${context.app.id}-${context.env.id}
  criteria:
    - env_type: development
";

const PROD: &str = "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: pg-prod
entity:
  name: pg-prod
  type: postgres
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      module:
        source: example-org/rds/aws
        version: 2.0.0
  criteria:
    - env_type: production
";

const DATA_SOURCES: &str = r#"
data "score_resource_definitions" "all" {
  path = "definitions"
}

data "score_resource_match" "db" {
  for_each    = toset(["development", "production"])
  definitions = data.score_resource_definitions.all.documents
  resource    = { type = "postgres" }
  context     = { app_id = "shop", env_id = each.key, env_type = each.key }
}

output "ids" {
  value = [for d in data.score_resource_definitions.all.definitions : d.id]
}

output "files" {
  value = [for d in data.score_resource_definitions.all.definitions : d.file]
}

output "matched" {
  value = { for k, m in data.score_resource_match.db : k => [m.definition_id, m.module_source, m.inputs] }
}
"#;

#[test]
fn data_sources_read_a_directory_and_match() {
    for tf in terraforms() {
        let dir = dir_for("definitions-data", &tf);
        write_main(&dir, DATA_SOURCES);
        dir.write("definitions/dev.yaml", DEV);
        dir.write("definitions/prod/rds.yaml", PROD);
        dir.write("definitions/.draft.yaml", "not: read");
        dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
        apply(&dir, &tf);
        let out = dir.run_ok(tf.path, ["output", "-json"]);
        let outputs: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(
            outputs["ids"]["value"],
            json!(["pg-dev", "pg-prod"]),
            "{}",
            tf.version
        );
        assert_eq!(
            outputs["files"]["value"],
            json!(["definitions/dev.yaml", "definitions/prod/rds.yaml"]),
            "{}",
            tf.version
        );
        assert_eq!(
            outputs["matched"]["value"],
            json!({
                "development": [
                    "pg-dev",
                    "git::https://github.com/example-org/modules.git//postgres?ref=v1.0.0",
                    r#"{"source":{"path":"postgres","rev":"refs/tags/v1.0.0","url":"https://github.com/example-org/modules.git"},"variables":{"name":"shop-development"}}"#,
                ],
                "production": ["pg-prod", "example-org/rds/aws", r#"{"module":{"source":"example-org/rds/aws","version":"2.0.0"}}"#],
            }),
            "{}",
            tf.version
        );

        // The same criteria in a second file: an error naming both files.
        dir.write(
            "definitions/zz-copy.yaml",
            DEV.replace("id: pg-dev", "id: pg-dev-copy"),
        );
        let out = dir.run_expect_code(tf.path, ["plan", "-input=false", "-no-color"], 1);
        // Terraform wraps long lines of a detail: compare with whitespace collapsed.
        let text = stderr(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for expected in [
            "Error: Invalid Resource Definitions",
            "definitions/zz-copy.yaml:18:7: entity.criteria[0]: criteria {class: default, env_type: development} of definition 'pg-dev-copy' duplicate those of definition 'pg-dev'",
            "definitions/dev.yaml:18:7: 'pg-dev' has the same criteria here",
            r#"data "score_resource_definitions" "all""#,
        ] {
            assert!(
                text.contains(expected),
                "{}: {expected}\n{text}",
                tf.version
            );
        }
    }
}

const MATCH_TEST: &str = r#"
variables {
  app_id = "shop"
}

run "development_gets_the_git_module" {
  command = plan

  variables {
    env_type = "development"
  }

  assert {
    condition     = data.score_resource_match.db.definition_id == "pg-dev"
    error_message = "development should use pg-dev: ${data.score_resource_match.db.reason}"
  }

  assert {
    condition     = jsondecode(data.score_resource_match.db.inputs).variables.name == "shop-dev"
    error_message = "the context placeholders are resolved"
  }
}

run "production_gets_the_registry_module" {
  command = plan

  variables {
    env_type = "production"
  }

  assert {
    condition     = data.score_resource_match.db.definition_id == "pg-prod"
    error_message = "production should use pg-prod"
  }

  assert {
    condition     = output.by_function == "pg-prod"
    error_message = "the function agrees with the data source"
  }
}

run "staging_is_left_unmatched" {
  command = plan

  variables {
    env_type = "staging"
  }

  assert {
    condition     = !data.score_resource_match.db.matched
    error_message = "no definition is meant for staging"
  }

  assert {
    condition     = strcontains(data.score_resource_match.db.reason, "env_type is 'staging', not 'development'")
    error_message = "the reason names the criteria that failed"
  }
}
"#;

const MATCH_CONFIG: &str = r#"
variable "app_id" {
  type = string
}

variable "env_type" {
  type = string
}

data "score_resource_definitions" "all" {
  path = "definitions"
}

data "score_resource_match" "db" {
  definitions = data.score_resource_definitions.all.documents
  resource    = { type = "postgres", res_id = "modules.shop.externals.db" }
  context     = { app_id = var.app_id, env_id = "dev", env_type = var.env_type }
}

output "by_function" {
  value = provider::score::match_definition(
    data.score_resource_definitions.all.documents,
    { type = "postgres" },
    { env_type = var.env_type },
  ).definition_id
  # The documents are sensitive (they may hold secrets), and so is what is computed from them.
  sensitive = true
}
"#;

#[test]
fn terraform_test_asserts_matching_per_environment() {
    let [tf, _] = terraforms();
    let dir = dir_for("definitions-test", &tf);
    write_main(&dir, MATCH_CONFIG);
    dir.write("definitions/dev.yaml", DEV);
    dir.write("definitions/prod.yaml", PROD);
    dir.write("tests/matching.tftest.hcl", MATCH_TEST);
    dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
    let out = dir.run_ok(tf.path, ["test", "-no-color"]);
    let text = stdout(&out);
    assert!(text.contains("3 passed, 0 failed"), "{}", report(&out));

    // A wrong expectation fails the run: the assertions are live.
    dir.write(
        "tests/matching.tftest.hcl",
        MATCH_TEST.replace(r#"== "pg-prod""#, r#"== "pg-dev""#),
    );
    let out = dir.run(tf.path, ["test", "-no-color"]);
    assert!(!out.status.success(), "{}", report(&out));
    assert!(
        report(&out).contains("production should use pg-prod"),
        "{}",
        report(&out)
    );
}
