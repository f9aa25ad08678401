//! Resource `score_workload` and function `provider::score::substitute` under real Terraform
//! (1.15.5 and 1.0.3; functions and `terraform_data` with 1.15.5 only).
//!
//! One working directory per Terraform carries a workload through its whole life: create
//! (outputs unknown at plan, resolved at apply) → empty second plan → in-place update →
//! replace on rename → import → out-of-band state edit corrected by refresh → destroy. Known
//! secrets are searched for in plan text, `show -json` (outside sensitive attributes) and
//! `TF_LOG=trace` output at every step that could leak them.

use std::process::Output;

use integration::{report, stderr, stdout};
use serde_json::{Value, json};

use crate::provider::{Terraform, dir_for, terraforms};

const PASSWORD: &str = "S3cr3t-Pa55word-q7Zx";
const TOKEN: &str = "T0ken-unique-84kLm";

const SPEC: &str = "\
apiVersion: score.dev/v1b1
metadata:
  name: shop
service:
  ports:
    web:
      port: 80
      targetPort: 8080
containers:
  web:
    image: .
    variables:
      DB_HOST: ${resources.db.host}
      DATABASE_URL: postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}:${resources.db.port}/shop
      API_TOKEN: ${resources.api.token}
    files:
      /etc/shop/app.conf:
        content: host=${resources.db.host}
resources:
  db:
    type: postgres
  api:
    type: custom-api
";

const IMAGE: &str =
    "ghcr.io/acme/shop@sha256:1111111111111111111111111111111111111111111111111111111111111111";

/// The database outputs: from a `terraform_data` output with 1.15.5, so unknown at plan;
/// with 1.0.3, which has no `terraform_data` (nor, offline, any other resource that plans an
/// unknown and then keeps a stable value), from a local.
fn db_source(tf: &Terraform) -> &'static str {
    if tf.functions {
        r#"
resource "terraform_data" "db" {
  input = {
    host     = "db.internal"
    port     = "5432"
    username = "shop"
    password = var.password
  }
}

locals {
  db = terraform_data.db.output
}
"#
    } else {
        r#"
locals {
  db = {
    host     = "db.internal"
    port     = "5432"
    username = "shop"
    password = var.password
  }
}
"#
    }
}

fn main_tf(tf: &Terraform) -> String {
    format!(
        r#"
variable "password" {{
  type      = string
  sensitive = true
  default   = "{PASSWORD}"
}}

variable "token" {{
  type      = string
  sensitive = true
  default   = "{TOKEN}"
}}

locals {{
  context = {{
    app_id   = "shop"
    env_id   = "dev"
    env_type = "development"
    org_id   = "acme"
    values   = {{ region = "eu-west-1" }}
  }}
}}
{source}
resource "score_workload" "app" {{
  spec    = file("score.yaml")
  context = local.context
  resources = {{
    db  = local.db
    api = {{ token = var.token }}
  }}
  secret_outputs = {{ api = ["token"] }}
  images         = {{ web = "{IMAGE}" }}
}}

output "manifests" {{
  value = score_workload.app.manifests
}}

output "secret_name" {{
  value = score_workload.app.secret_name
}}

output "revision" {{
  value = score_workload.app.revision
}}
"#,
        source = db_source(tf)
    )
}

/// Runs a Terraform command with `TF_LOG=trace`, asserting its exit code.
fn traced(dir: &integration::TfDir, tf: &Terraform, args: &[&str], code: i32) -> Output {
    let out = dir
        .command(tf.path)
        .env("TF_LOG", "trace")
        .args(args)
        .output()
        .expect("running terraform");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{} {args:?}\n{}",
        tf.version,
        tail(&out)
    );
    out
}

/// The end of a command's output (trace logs are long).
fn tail(out: &Output) -> String {
    let text = report(out);
    let start = text.len().saturating_sub(6000);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    text[start..].to_owned()
}

fn assert_no_secret(what: &str, tf: &Terraform, text: &str) {
    for secret in [PASSWORD, TOKEN] {
        assert!(
            !text.contains(secret),
            "{}: a secret appears in {what}",
            tf.version
        );
    }
}

/// `value` with every part `sensitive` marks `true` replaced by null.
fn mask(value: &Value, sensitive: &Value) -> Value {
    match (value, sensitive) {
        (_, Value::Bool(true)) => Value::Null,
        (Value::Object(v), Value::Object(s)) => Value::Object(
            v.iter()
                .map(|(k, x)| (k.clone(), mask(x, s.get(k).unwrap_or(&Value::Null))))
                .collect(),
        ),
        (Value::Array(v), Value::Array(s)) => Value::Array(
            v.iter()
                .enumerate()
                .map(|(i, x)| mask(x, s.get(i).unwrap_or(&Value::Null)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// `terraform show -json` with what it marks sensitive removed. Terraform 1.0.3 does not list
/// schema-sensitive attributes under `sensitive_values`, so for it those are removed by name.
fn show_outside_sensitive(dir: &integration::TfDir, tf: &Terraform) -> Value {
    let out = dir.run_ok(tf.path, ["show", "-json"]);
    let mut show: Value = serde_json::from_slice(&out.stdout).expect("show -json is JSON");
    let resources = show["values"]["root_module"]["resources"]
        .as_array_mut()
        .expect("resources in state");
    // `terraform_data` echoes its input as `output` without the sensitivity marks: that is
    // Terraform's own, and not what is under test.
    resources.retain(|r| r["type"] == "score_workload");
    for r in resources.iter_mut() {
        let masked = mask(&r["values"], &r["sensitive_values"]);
        r["values"] = masked;
        if r["type"] == "score_workload" {
            if tf.functions {
                // 1.15.5 lists schema-sensitive attributes itself.
                for name in ["resolved", "secret_manifest", "resources"] {
                    assert_eq!(r["sensitive_values"][name], json!(true), "{name}");
                }
            } else {
                for name in ["resolved", "secret_manifest", "resources"] {
                    r["values"][name] = Value::Null;
                }
            }
        }
        r["sensitive_values"] = Value::Null;
    }
    if let Some(outputs) = show["values"]["outputs"].as_object_mut() {
        outputs.retain(|_, o| o["sensitive"] != json!(true));
    }
    show
}

fn outputs(dir: &integration::TfDir, tf: &Terraform) -> Value {
    let out = dir.run_ok(tf.path, ["output", "-json"]);
    serde_json::from_slice(&out.stdout).expect("output -json is JSON")
}

fn plan_exit(dir: &integration::TfDir, tf: &Terraform, code: i32) -> String {
    let out = dir.run_expect_code(
        tf.path,
        ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        code,
    );
    stdout(&out)
}

fn apply(dir: &integration::TfDir, tf: &Terraform) {
    dir.run_ok(
        tf.path,
        ["apply", "-input=false", "-no-color", "-auto-approve"],
    );
}

#[test]
fn workload_lifecycle_with_secrets() {
    for tf in terraforms() {
        let dir = dir_for("workload-resource", &tf, &main_tf(&tf));
        dir.write("score.yaml", SPEC);
        dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);

        // Create: the database outputs are unknown at plan, so the manifests are too.
        let out = traced(
            &dir,
            &tf,
            &["plan", "-input=false", "-no-color", "-detailed-exitcode"],
            2,
        );
        let plan = stdout(&out);
        // Unknown outputs make the manifests unknown; known ones make them known at plan.
        let unknown_manifests = plan.contains("+ manifests         = (known after apply)");
        assert_eq!(unknown_manifests, tf.functions, "{}: {plan}", tf.version);
        assert_no_secret("the create plan", &tf, &plan);
        assert_no_secret("the plan's trace log", &tf, &stderr(&out));
        let out = traced(
            &dir,
            &tf,
            &["apply", "-input=false", "-no-color", "-auto-approve"],
            0,
        );
        assert_no_secret("apply's output and trace log", &tf, &report(&out));

        let outs = outputs(&dir, &tf);
        let manifests = outs["manifests"]["value"].to_string();
        for expected in ["db.internal", "secretKeyRef", "shop-secret", IMAGE] {
            assert!(manifests.contains(expected), "{}: {expected}", tf.version);
        }
        assert_no_secret("the manifests", &tf, &manifests);
        assert_eq!(outs["secret_name"]["value"], json!("shop-secret"));
        let revision = outs["revision"]["value"].clone();
        let show = show_outside_sensitive(&dir, &tf);
        assert_no_secret(
            "show -json outside sensitive values",
            &tf,
            &show.to_string(),
        );

        // Unchanged: an empty plan.
        plan_exit(&dir, &tf, 0);

        // A spec change updates in place.
        dir.write(
            "score.yaml",
            SPEC.replace("      DB_HOST:", "      MODE: blue\n      DB_HOST:"),
        );
        let plan = plan_exit(&dir, &tf, 2);
        assert!(plan.contains("updated in-place"), "{}: {plan}", tf.version);
        assert!(!plan.contains("must be replaced"), "{}: {plan}", tf.version);
        assert_no_secret("the update plan", &tf, &plan);
        apply(&dir, &tf);
        assert_ne!(outputs(&dir, &tf)["revision"]["value"], revision);
        plan_exit(&dir, &tf, 0);

        // A new workload name replaces.
        dir.write("score.yaml", SPEC.replace("name: shop", "name: store"));
        let plan = plan_exit(&dir, &tf, 2);
        assert!(plan.contains("must be replaced"), "{}: {plan}", tf.version);
        apply(&dir, &tf);
        assert_eq!(
            outputs(&dir, &tf)["secret_name"]["value"],
            json!("store-secret")
        );

        // Import from the Score file: the next plan fills the rest in place.
        dir.run_ok(tf.path, ["state", "rm", "score_workload.app"]);
        let out = dir.run_ok(
            tf.path,
            [
                "import",
                "-input=false",
                "-no-color",
                "score_workload.app",
                "score.yaml",
            ],
        );
        assert!(
            stdout(&out).contains("Import successful"),
            "{}",
            report(&out)
        );
        let plan = plan_exit(&dir, &tf, 2);
        assert!(plan.contains("updated in-place"), "{}: {plan}", tf.version);
        assert!(!plan.contains("must be replaced"), "{}: {plan}", tf.version);
        apply(&dir, &tf);
        plan_exit(&dir, &tf, 0);

        // An out-of-band edit of computed attributes is corrected by refresh.
        let pulled = dir.run_ok(tf.path, ["state", "pull"]);
        let mut state: Value = serde_json::from_slice(&pulled.stdout).expect("state JSON");
        let good = edit_workload_state(&mut state);
        dir.write("edited.tfstate", state.to_string());
        dir.run_ok(tf.path, ["state", "push", "edited.tfstate"]);
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
        let pulled = dir.run_ok(tf.path, ["state", "pull"]);
        let state: Value = serde_json::from_slice(&pulled.stdout).expect("state JSON");
        assert_eq!(
            workload_attributes(&state)["manifests"],
            good,
            "{}",
            tf.version
        );
        plan_exit(&dir, &tf, 0);

        dir.run_ok(
            tf.path,
            ["destroy", "-input=false", "-no-color", "-auto-approve"],
        );
        let list = dir.run_ok(tf.path, ["state", "list"]);
        assert_eq!(stdout(&list).trim(), "", "{}", tf.version);
    }
}

fn workload_attributes(state: &Value) -> &Value {
    state["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["name"] == "app"))
        .map(|r| &r["instances"][0]["attributes"])
        .expect("score_workload.app in state")
}

/// Overwrites `manifests` and `revision` of `score_workload.app`; returns the manifests
/// that were there.
fn edit_workload_state(state: &mut Value) -> Value {
    let serial = state["serial"].as_i64().unwrap_or(0);
    state["serial"] = json!(serial + 1);
    let resources = state["resources"].as_array_mut().expect("resources");
    let app = resources
        .iter_mut()
        .find(|r| r["name"] == "app")
        .expect("score_workload.app");
    let attrs = &mut app["instances"][0]["attributes"];
    let good = attrs["manifests"].clone();
    attrs["manifests"] = json!(["kind: Edited"]);
    attrs["revision"] = json!("sha256:edited");
    good
}

const V0_CONFIG: &str = r#"
resource "score_workload" "app" {
  spec    = "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: nginx\n    variables:\n      DB: $${resources.db.host}:$${resources.db.port}\nresources:\n  db:\n    type: postgres\n"
  context = {
    app_id   = "shop"
    env_id   = "dev"
    env_type = null
    org_id   = null
    values   = null
  }
  resources = {
    db = { host = "db.internal", port = "5432" }
  }
}
"#;

/// A state written at schema version 0, when `resources` held JSON-encoded output objects.
fn v0_state() -> Value {
    let spec = "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: nginx\n    variables:\n      DB: ${resources.db.host}:${resources.db.port}\nresources:\n  db:\n    type: postgres\n";
    json!({
        "version": 4,
        "terraform_version": "1.0.3",
        "serial": 1,
        "lineage": "6a0f4f8e-4d7b-4f3c-9a55-0c2f3b1d0a01",
        "outputs": {},
        "resources": [{
            "mode": "managed",
            "type": "score_workload",
            "name": "app",
            "provider": "provider[\"registry.terraform.io/score-tf/score\"]",
            "instances": [{
                "schema_version": 0,
                "attributes": {
                    "spec": spec,
                    "context": {
                        "app_id": "shop", "env_id": "dev", "env_type": null,
                        "org_id": null, "values": null
                    },
                    "resources": {"db": "{\"host\":\"db.internal\",\"port\":5432}"},
                    "images": null,
                    "name": "shop",
                    "resource_requests": [],
                    "resolved": null,
                    "manifests": null,
                    "secret_name": null,
                    "secret_manifest": null,
                    "revision": null
                },
                "sensitive_attributes": []
            }]
        }]
    })
}

#[test]
fn version_0_state_upgrades() {
    for tf in terraforms() {
        let dir = dir_for("workload-v0", &tf, V0_CONFIG);
        dir.write("terraform.tfstate", v0_state().to_string());
        dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
        // The upgraded `resources` equals the configuration, and refresh computes what the
        // v0 state lacked from it: nothing to change.
        plan_exit(&dir, &tf, 0);
        apply(&dir, &tf);
        let pulled = dir.run_ok(tf.path, ["state", "pull"]);
        let state: Value = serde_json::from_slice(&pulled.stdout).expect("state JSON");
        let instance = &state["resources"][0]["instances"][0];
        assert_eq!(instance["schema_version"], json!(1), "{}", tf.version);
        let attributes = &instance["attributes"];
        assert_eq!(
            attributes["resources"],
            json!({"db": {"host": "db.internal", "port": "5432"}})
        );
        let manifests = attributes["manifests"].to_string();
        assert!(manifests.contains("db.internal:5432"), "{manifests}");
    }
}

#[test]
fn two_hundred_workloads_apply_in_parallel() {
    let [tf, _] = terraforms();
    let config = r#"
resource "score_workload" "w" {
  count   = 200
  spec    = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: w${count.index}
    containers:
      main:
        image: busybox
        variables:
          HOST: $${resources.db.host}
          URL: postgres://app:$${resources.db.password}@$${resources.db.host}/app
    resources:
      db:
        type: postgres
  YAML
  context = {
    app_id   = "many"
    env_id   = "dev"
    env_type = null
    org_id   = null
    values   = null
  }
  resources = {
    db = { host = "db-${count.index}", password = "pw-${count.index}" }
  }
}

output "names" {
  value = length(distinct(score_workload.w[*].name))
}
"#;
    let dir = dir_for("workload-200", &tf, config);
    dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
    dir.run_ok(
        tf.path,
        [
            "apply",
            "-input=false",
            "-no-color",
            "-auto-approve",
            "-parallelism=32",
        ],
    );
    assert_eq!(outputs(&dir, &tf)["names"]["value"], json!(200));
    plan_exit(&dir, &tf, 0);
}

const SUBSTITUTE: &str = r#"
output "url" {
  value = provider::score::substitute(
    "postgres://$${db.host}:$${db.port}/$${db.name} costs $$5",
    { db = { host = "db.internal", port = 5432, name = "shop" } },
  )
}
"#;

const SUBSTITUTE_MISSING_KEY: &str = r#"
output "broken" {
  value = provider::score::substitute("$${db.user}", { db = { host = "h" } })
}
"#;

#[test]
fn function_substitute() {
    let [tf, _] = terraforms();
    let dir = dir_for("substitute", &tf, SUBSTITUTE);
    dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
    apply(&dir, &tf);
    assert_eq!(
        outputs(&dir, &tf)["url"]["value"],
        json!("postgres://db.internal:5432/shop costs $5")
    );
    dir.write("broken.tf", SUBSTITUTE_MISSING_KEY);
    let out = dir.run_expect_code(tf.path, ["plan", "-input=false", "-no-color"], 1);
    // Terraform wraps long lines.
    let text = stderr(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Invalid function argument",
        "Invalid value for \"values\" parameter: invalid ref 'db.user': key 'user' not found",
    ] {
        assert!(text.contains(expected), "{expected}\n{}", report(&out));
    }
}

/// Every feature the manifests have: StatefulSet, probes, limits, files of each kind (one
/// secret), a volume resource, a UDP port.
const RICH: &str = r#"
resource "score_workload" "rich" {
  spec    = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: rich
      annotations:
        k8s.score.dev/kind: StatefulSet
    service:
      ports:
        dns:
          port: 53
          targetPort: 5353
          protocol: UDP
    containers:
      main:
        image: busybox:1.36
        command: ["/bin/sh"]
        args: ["-c", "sleep infinity"]
        variables:
          PLAIN: $${metadata.name}
          PASSWORD: $${resources.db.password}
        files:
          /etc/rich/plain.conf:
            content: host=$${resources.db.host}
            mode: "0644"
          /etc/rich/secret.conf:
            content: password=$${resources.db.password}
          /etc/rich/raw.bin:
            binaryContent: aGVsbG8=
          /etc/rich/literal.txt:
            content: $${not.expanded}
            noExpand: true
        volumes:
          /data:
            source: $${resources.data}
            readOnly: true
        resources:
          limits:
            cpu: 500m
            memory: 128Mi
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
        readinessProbe:
          exec:
            command: ["true"]
    resources:
      db:
        type: postgres
      data:
        type: volume
  YAML
  context = {
    app_id   = "rich"
    env_id   = "dev"
    env_type = null
    org_id   = null
    values   = null
  }
  resources = {
    db   = { host = "db.internal", password = "pw" }
    data = { source = jsonencode({ emptyDir = {} }) }
  }
}
"#;

#[test]
fn manifests_pass_kubernetes_validate() {
    let [tf, _] = terraforms();
    let dir = dir_for("workload-rich", &tf, RICH);
    dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
    apply(&dir, &tf);
    let out = dir.run_ok(tf.path, ["show", "-json"]);
    let show: Value = serde_json::from_slice(&out.stdout).expect("show -json is JSON");
    let values = &show["values"]["root_module"]["resources"][0]["values"];
    let mut documents: Vec<String> = values["manifests"]
        .as_array()
        .expect("manifests")
        .iter()
        .map(|m| m.as_str().expect("a string").to_owned())
        .collect();
    let kinds: Vec<&str> = documents
        .iter()
        .filter_map(|d| d.lines().find_map(|l| l.strip_prefix("kind: ")))
        .collect();
    assert_eq!(
        kinds,
        [
            "ConfigMap",
            "ConfigMap",
            "ConfigMap",
            "Service",
            "Service",
            "StatefulSet"
        ]
    );
    documents.push(
        values["secret_manifest"]
            .as_str()
            .expect("a Secret")
            .to_owned(),
    );
    let mut files = Vec::new();
    for (i, doc) in documents.iter().enumerate() {
        let name = format!("manifest-{i}.yaml");
        dir.write(&name, doc);
        files.push(name);
    }
    let validate = &dir.testbed().kubernetes_validate;
    let mut args = vec!["--strict".to_owned()];
    args.extend(files);
    let out = dir.run_ok(validate, args);
    assert_eq!(
        stdout(&out).matches("passed").count(),
        7,
        "{}",
        report(&out)
    );
}

/// The registry examples of this module apply (1.15.5: they use `terraform_data` and a
/// function), and `import.sh`'s command imports the example's workload.
#[test]
fn documented_examples_apply_and_import() {
    let [tf, _] = terraforms();
    let resource = include_str!("../../provider/examples/resources/score_workload/resource.tf");
    let dir = dir_for("example-workload", &tf, resource);
    dir.run_ok(tf.path, ["init", "-input=false", "-no-color"]);
    apply(&dir, &tf);
    let outs = outputs(&dir, &tf);
    let manifests = outs["manifests"]["value"].to_string();
    for expected in ["ghcr.io/acme/shop@sha256:", "secretKeyRef", "value: shop"] {
        assert!(manifests.contains(expected), "{expected}: {manifests}");
    }
    assert!(!manifests.contains("change-me"), "the password leaked");
    plan_exit(&dir, &tf, 0);

    // import.sh, with the example's spec as score.yaml.
    let import = include_str!("../../provider/examples/resources/score_workload/import.sh");
    let command = import
        .lines()
        .find(|l| l.starts_with("terraform import "))
        .expect("an import command");
    let spec = resource
        .split("<<-SCORE\n")
        .nth(1)
        .and_then(|s| s.split("  SCORE\n").next())
        .expect("the example's spec");
    let spec: String = spec
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    dir.write("score.yaml", spec.replace("$${", "${"));
    dir.run_ok(tf.path, ["state", "rm", "score_workload.shop"]);
    let mut args: Vec<&str> = command.split_whitespace().skip(1).collect();
    args.insert(1, "-no-color");
    let out = dir.run_ok(tf.path, args);
    assert!(
        stdout(&out).contains("Import successful"),
        "{}",
        report(&out)
    );
    let plan = plan_exit(&dir, &tf, 2);
    assert!(plan.contains("updated in-place"), "{plan}");
    assert!(!plan.contains("must be replaced"), "{plan}");

    let function = include_str!("../../provider/examples/functions/substitute/function.tf");
    let dir = dir_for("example-substitute", &tf, function);
    apply(&dir, &tf);
    assert_eq!(
        outputs(&dir, &tf)["url"]["value"],
        json!("postgres://db.internal:5432/shop")
    );
}
