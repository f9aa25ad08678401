//! The AWS + EKS platform of `modules/` and `examples/` (issue 7), checked by the real tools of
//! the test bed:
//!
//! - every module `init`s from the mirror and `validate`s with Terraform 1.15.5 (and 1.0.3 where
//!   its syntax allows), every AWS and platform module `plan`s through hashicorp/aws 3.39.0
//!   with fake credentials, and invalid inputs fail with the module's own message;
//! - module READMEs hold input and output tables generated from `variables.tf`/`outputs.tf`
//!   (`UPDATE_EXPECT=1` rewrites them);
//! - Checkov passes on `modules/` and on the generated roots of `examples/app`, with the
//!   commented skip lists of the `.checkov*.yaml` files;
//! - `score2hcl` accepts the definitions of `examples/platform` and generates every environment
//!   of `examples/app`, whose roots validate and plan (the `workload` type mapped to
//!   `modules/testing/workload` by a test-only definition: no Kubernetes provider here);
//! - `terraform test` passes in `examples/platform`;
//! - the app's rendered manifests pass kubernetes-validate, its workflows the GitHub workflow
//!   schema and zizmor, and the Backstage template renders to a project score2hcl accepts.
//!
//! Independent Terraform runs go to threads of their own, as in `provider_examples.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use integration::{Testbed, TfDir, report, score2hcl_binary, stderr, stdout};
use serde_json::Value;

/// A provider block that plans without credentials or network (see `terraform_smoke.rs`).
const OFFLINE_AWS: &str = r#"provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_get_ec2_platforms      = true
}
"#;

/// The image CI would pass to `score2hcl generate`.
const IMAGE: &str = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme/shop@sha256:\
                     0000000000000000000000000000000000000000000000000000000000000000";

/// The environments of `examples/app/score2hcl.yaml` and the Checkov config of each.
const APP_ENVIRONMENTS: [(&str, &str); 4] = [
    ("development", ".checkov-nonproduction.yaml"),
    ("staging", ".checkov-nonproduction.yaml"),
    ("production-eu", ".checkov.yaml"),
    ("production-us", ".checkov.yaml"),
];

/// One module under `modules/` and how it is checked.
struct Module {
    path: &'static str,
    /// Example inputs: the body of the `module` block wrapping it.
    inputs: &'static str,
    /// Resources its plan creates with these inputs.
    planned: usize,
    /// Whether Terraform 1.0.3 can read it (no `terraform_data`, no preconditions).
    on_1_0_3: bool,
}

const MODULES: &[Module] = &[
    Module {
        path: "aws/postgres",
        inputs: concat!(
            "name = \"shop-dev-db\"\n  multi_az = false\n  ",
            r#"vpc_id                     = "vpc-0123abcd"
  subnet_ids                 = ["subnet-0a", "subnet-0b"]
  allowed_security_group_ids = ["sg-0123abcd"]"#
        ),
        // Subnet group, security group, parameter group, cluster, one instance.
        planned: 5,
        on_1_0_3: true,
    },
    Module {
        path: "aws/mysql",
        inputs: concat!(
            "name = \"shop-prod-db\"\n  ",
            r#"vpc_id                     = "vpc-0123abcd"
  subnet_ids                 = ["subnet-0a", "subnet-0b"]
  allowed_security_group_ids = ["sg-0123abcd"]"#
        ),
        // Multi-AZ by default: two instances.
        planned: 6,
        on_1_0_3: true,
    },
    Module {
        path: "aws/redis",
        inputs: concat!(
            "name = \"shop-dev-cache\"\n  ",
            r#"vpc_id                     = "vpc-0123abcd"
  subnet_ids                 = ["subnet-0a", "subnet-0b"]
  allowed_security_group_ids = ["sg-0123abcd"]"#
        ),
        planned: 3,
        on_1_0_3: true,
    },
    Module {
        path: "aws/s3",
        inputs: r#"name = "acme-111111111111-shop-dev""#,
        planned: 3,
        on_1_0_3: true,
    },
    Module {
        path: "aws/sqs",
        inputs: r#"name = "shop-dev-orders""#,
        planned: 4,
        on_1_0_3: true,
    },
    Module {
        path: "aws/dns",
        inputs: r#"zone_id   = "Z0123456789ABC"
  zone_name = "dev.example.com"
  subdomain = "shop-development"
  target    = "ingress.eu-west-1.elb.amazonaws.com""#,
        planned: 1,
        on_1_0_3: true,
    },
    Module {
        path: "aws/iam-policy-s3",
        inputs: r#"name       = "shop-dev-uploads"
  bucket_arn = "arn:aws:s3:::acme-shop-dev""#,
        planned: 1,
        on_1_0_3: true,
    },
    Module {
        path: "aws/iam-policy-sqs",
        inputs: r#"name        = "shop-dev-orders"
  queue_arn   = "arn:aws:sqs:eu-west-1:123456789012:shop-dev-orders"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/0000""#,
        planned: 1,
        on_1_0_3: true,
    },
    Module {
        path: "aws/workload-role",
        inputs: r#"name              = "shop-dev-web"
  oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"
  oidc_issuer       = "oidc.eks.eu-west-1.amazonaws.com/id/ABC"
  namespace         = "shop-dev"
  service_account   = "web"
  policy_arns       = ["arn:aws:iam::123456789012:policy/a", "arn:aws:iam::123456789012:policy/b"]"#,
        // The role and one attachment per policy.
        planned: 3,
        on_1_0_3: true,
    },
    Module {
        path: "platform/ecr",
        inputs: r#"name                = "acme/shop"
  pull_principal_arns = ["arn:aws:iam::222222222222:role/eks-node"]"#,
        planned: 3,
        on_1_0_3: true,
    },
    Module {
        path: "platform/github-oidc",
        inputs: r#"role_name    = "shop-deploy"
  repository   = "acme/shop"
  environments = ["production-eu"]
  policy_arns  = ["arn:aws:iam::123456789012:policy/push"]"#,
        planned: 3,
        on_1_0_3: false,
    },
    Module {
        path: "testing/echo",
        inputs: r#"values  = { host = "db.internal" }
  secrets = { password = "example" }"#,
        planned: 1,
        on_1_0_3: false,
    },
    Module {
        path: "testing/workload",
        inputs: r#"namespace = "shop-dev"
  workload = {
    name            = "web"
    manifests       = ["kind: Deployment"]
    secret_manifest = null
    secret_name     = null
  }"#,
        planned: 1,
        on_1_0_3: false,
    },
];

/// Modules no Terraform here can `init`: hashicorp/kubernetes is not in the offline mirror.
/// They are checked by `terraform fmt`, Checkov and the tests of what they apply.
const NOT_INITIALIZED: &[&str] = &["kubernetes/workload"];

/// Inputs each module's validation rejects: (module, module block body, part of the message).
const INVALID_INPUTS: &[(&str, &str, &str)] = &[
    (
        "aws/postgres",
        r#"name = "Shop_DB""#,
        "lower-case letters, digits and single hyphens",
    ),
    ("aws/postgres", r#"username = "postgres""#, "reserved name"),
    (
        "aws/postgres",
        r#"subnet_ids = ["subnet-0a"]"#,
        "at least two subnet",
    ),
    ("aws/redis", r#"engine_version = "6.2""#, "like 6.x"),
    ("aws/s3", r#"name = "Uploads""#, "The bucket name must"),
    ("aws/sqs", r#"max_receive_count = 0"#, "1 to 1000"),
    ("aws/dns", r#"subdomain = "-shop""#, "The subdomain must"),
    (
        "aws/iam-policy-s3",
        r#"access = "admin""#,
        "read-only or read-write",
    ),
    (
        "aws/workload-role",
        r#"oidc_issuer = "https://oidc""#,
        "without a scheme",
    ),
    (
        "platform/github-oidc",
        r#"branch = "release/*""#,
        "without wildcards",
    ),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn modules_root() -> PathBuf {
    workspace().join("modules")
}

/// `modules/<group>/<name>` folders holding `.tf` files, as `group/name`.
fn module_paths() -> Vec<String> {
    let mut found = Vec::new();
    for group in read_dir_sorted(&modules_root()) {
        if !group.is_dir() {
            continue;
        }
        for module in read_dir_sorted(&group) {
            if module.join("variables.tf").exists() || module.join("main.tf").exists() {
                let rel = module.strip_prefix(modules_root()).expect("under modules/");
                found.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    found
}

fn read_dir_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    entries
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn panic_text(what: &str, payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    format!("{what}: {text}")
}

/// Runs `check` on every item in its own thread and reports every failure at once.
fn in_parallel<T: Sync>(
    items: &[T],
    name: impl Fn(&T) -> String + Sync,
    check: impl Fn(&T) + Sync,
) {
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .iter()
            .map(|item| {
                let check = &check;
                scope.spawn(move || check(item))
            })
            .collect();
        handles
            .into_iter()
            .zip(items)
            .filter_map(|(h, item)| h.join().err().map(|e| panic_text(&name(item), e.as_ref())))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A root that calls the module with `inputs`, through the offline AWS provider when it uses
/// hashicorp/aws.
fn wrapper(module: &str, inputs: &str) -> String {
    let source = modules_root().join(module);
    let provider = if module.starts_with("testing/") {
        ""
    } else {
        OFFLINE_AWS
    };
    format!(
        "{provider}\nmodule \"under_test\" {{\n  source = {}\n  {inputs}\n}}\n",
        integration::hcl_string(&source)
    )
}

#[test]
fn platform_every_module_is_checked() {
    let checked: Vec<&str> = MODULES
        .iter()
        .map(|m| m.path)
        .chain(NOT_INITIALIZED.iter().copied())
        .collect();
    for module in module_paths() {
        assert!(
            checked.contains(&module.as_str()),
            "modules/{module} is in neither MODULES nor NOT_INITIALIZED"
        );
    }
    for module in &checked {
        assert!(
            modules_root().join(module).is_dir(),
            "modules/{module} does not exist"
        );
    }
}

#[test]
fn platform_modules_init_validate_and_plan() {
    let testbed = Testbed::get();
    in_parallel(
        MODULES,
        |m| m.path.to_owned(),
        |module| check_module(testbed, module),
    );
}

fn check_module(testbed: &Testbed, module: &Module) {
    let dir = TfDir::new(&format!("module-{}", module.path));
    dir.write("main.tf", wrapper(module.path, module.inputs));
    let tf = &testbed.terraform;
    dir.run_ok(tf, ["init", "-input=false", "-no-color"]);
    dir.run_ok(tf, ["validate", "-no-color"]);
    let out = dir.run_expect_code(
        tf,
        ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        2,
    );
    let expected = format!(
        "Plan: {} to add, 0 to change, 0 to destroy.",
        module.planned
    );
    assert!(
        stdout(&out).contains(&expected),
        "{expected}\n{}",
        report(&out)
    );

    // Each invalid input fails the plan with the module's message, in the same directory.
    for (_, input, message) in INVALID_INPUTS.iter().filter(|(m, ..)| *m == module.path) {
        dir.write(
            "main.tf",
            wrapper(module.path, &override_input(module.inputs, input)),
        );
        let out = dir.run_expect_code(tf, ["plan", "-input=false", "-no-color"], 1);
        let text = stderr(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains("Invalid value for variable") && text.contains(message),
            "{input}: expected {message:?}\n{}",
            report(&out)
        );
    }

    if module.on_1_0_3 {
        let dir = TfDir::new(&format!("module-1.0.3-{}", module.path));
        dir.write("main.tf", wrapper(module.path, module.inputs));
        let tf = &testbed.terraform_1_0_3;
        dir.run_ok(tf, ["init", "-input=false", "-no-color"]);
        dir.run_ok(tf, ["validate", "-no-color"]);
    }
}

/// `inputs` with the attribute that `input` sets replaced by it (or added).
fn override_input(inputs: &str, input: &str) -> String {
    let key = input.split('=').next().unwrap_or_default().trim();
    let kept: Vec<&str> = inputs
        .lines()
        .filter(|l| l.split('=').next().unwrap_or_default().trim() != key)
        .collect();
    format!("{}\n  {input}", kept.join("\n"))
}

// --- READMEs -----------------------------------------------------------------------------

const GENERATED_BEGIN: &str = "<!-- BEGIN GENERATED: inputs and outputs (tests/tests/platform.rs, UPDATE_EXPECT=1 rewrites) -->";
const GENERATED_END: &str = "<!-- END GENERATED -->";

#[test]
fn platform_module_readmes_match_their_variables() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty());
    let mut stale = Vec::new();
    for module in module_paths() {
        let dir = modules_root().join(&module);
        let tables = module_tables(&dir);
        let readme_path = dir.join("README.md");
        let readme = std::fs::read_to_string(&readme_path).unwrap_or_default();
        let updated = replace_generated(&readme, &tables)
            .unwrap_or_else(|| panic!("{}: no generated section", readme_path.display()));
        if updated != readme {
            if update {
                std::fs::write(&readme_path, &updated)
                    .unwrap_or_else(|e| panic!("{}: {e}", readme_path.display()));
            } else {
                stale.push(module);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "README tables differ from variables.tf/outputs.tf in: {}; rerun with UPDATE_EXPECT=1",
        stale.join(", ")
    );
}

/// `readme` with the text between the markers replaced by `tables`; `None` without markers.
fn replace_generated(readme: &str, tables: &str) -> Option<String> {
    let start = readme.find(GENERATED_BEGIN)? + GENERATED_BEGIN.len();
    let end = readme[start..].find(GENERATED_END)? + start;
    Some(format!("{}\n{tables}{}", &readme[..start], &readme[end..]))
}

/// The markdown tables of a module's inputs and outputs.
fn module_tables(dir: &Path) -> String {
    let mut text = String::from("## Inputs\n\n");
    let variables = blocks(&dir.join("variables.tf"), "variable");
    if variables.is_empty() {
        text.push_str("None.\n");
    } else {
        text.push_str("| Name | Type | Default | Description |\n| --- | --- | --- | --- |\n");
        for (name, attrs) in &variables {
            let default = attrs
                .get("default")
                .map_or_else(|| "required".to_owned(), |d| format!("`{d}`"));
            let ty = attrs.get("type").map_or("any", String::as_str);
            let mut description = attrs.get("description").cloned().unwrap_or_default();
            if attrs.get("sensitive").is_some_and(|s| s == "true") {
                description.push_str(" Sensitive.");
            }
            text.push_str(&format!(
                "| `{name}` | `{ty}` | {default} | {} |\n",
                cell(&description)
            ));
        }
    }
    text.push_str("\n## Outputs\n\n| Name | Sensitive | Description |\n| --- | --- | --- |\n");
    for (name, attrs) in blocks(&dir.join("outputs.tf"), "output") {
        let sensitive = if attrs.get("sensitive").is_some_and(|s| s == "true") {
            "yes"
        } else {
            "no"
        };
        let description = attrs.get("description").cloned().unwrap_or_default();
        text.push_str(&format!(
            "| `{name}` | {sensitive} | {} |\n",
            cell(&description)
        ));
    }
    text
}

/// The `kind` blocks of a file: label → attribute name → its text (strings unquoted, other
/// expressions as `terraform fmt` would print them on one line).
fn blocks(path: &Path, kind: &str) -> Vec<(String, BTreeMap<String, String>)> {
    if !path.exists() {
        return Vec::new();
    }
    let body = hcl::parse(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    body.blocks()
        .filter(|b| b.identifier() == kind)
        .map(|b| {
            let label = b.labels().first().map(|l| l.as_str().to_owned());
            let attrs = b
                .body()
                .attributes()
                .map(|a| (a.key().to_owned(), expression_text(a.expr())))
                .collect();
            (label.unwrap_or_default(), attrs)
        })
        .collect()
}

fn expression_text(expr: &hcl::Expression) -> String {
    match expr {
        hcl::Expression::String(s) => s.clone(),
        hcl::Expression::TemplateExpr(t) => match t.as_ref() {
            // A description with an escaped `$${...}`: shown as Terraform shows it.
            hcl::TemplateExpr::QuotedString(s) => s.replace("$${", "${"),
            hcl::TemplateExpr::Heredoc(h) => h.template.clone(),
        },
        other => {
            let text = hcl::format::to_string(other).unwrap_or_else(|e| panic!("{other:?}: {e}"));
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    }
}

/// Text for a table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

// --- Formatting and Checkov --------------------------------------------------------------

#[test]
fn platform_terraform_fmt_is_clean() {
    let testbed = Testbed::get();
    let dir = TfDir::new("platform-fmt");
    for folder in ["modules", "examples"] {
        let path = workspace().join(folder);
        let out = dir.run(
            &testbed.terraform,
            [
                "fmt".as_ref(),
                "-check".as_ref(),
                "-diff".as_ref(),
                "-recursive".as_ref(),
                path.as_os_str(),
            ],
        );
        assert!(
            out.status.success(),
            "terraform fmt -check {folder}: {}",
            report(&out)
        );
    }
}

/// Runs Checkov on `target` with `config` and returns its summary, after asserting that no
/// check failed.
fn checkov(dir: &TfDir, target: &Path, config: &Path) -> Value {
    check_skips_are_commented(config);
    let out = dir.run(
        &dir.testbed().checkov,
        [
            "--directory".as_ref(),
            target.as_os_str(),
            "--config-file".as_ref(),
            config.as_os_str(),
            "--output".as_ref(),
            "json".as_ref(),
            "--quiet".as_ref(),
            // Offline: no policy download, no guideline lookups.
            "--skip-download".as_ref(),
        ],
    );
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("checkov output is not JSON: {e}\n{}", report(&out)));
    // One framework gives an object, several a list.
    let reports = json
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![json.clone()]);
    let mut failed = Vec::new();
    let mut passed = 0;
    for r in &reports {
        passed += r["summary"]["passed"].as_u64().unwrap_or(0);
        for f in r["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            failed.push(format!(
                "{} {} {}",
                f["check_id"], f["resource"], f["check_name"]
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "Checkov failures in {}:\n{}",
        target.display(),
        failed.join("\n")
    );
    assert!(passed > 20, "Checkov checked little: {json}");
    assert!(out.status.success(), "{}", report(&out));
    reports[0]["summary"].clone()
}

/// Every `skip-check` entry of a Checkov config has a comment saying why.
fn check_skips_are_commented(config: &Path) {
    let text = read(config);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "skip-check:")
        .unwrap_or_else(|| panic!("{}: no skip-check list", config.display()));
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if let Some(id) = line.trim().strip_prefix("- ") {
            assert!(
                lines[i - 1].trim().starts_with('#'),
                "{}: skipping {id} without a comment above it",
                config.display()
            );
        }
    }
}

#[test]
fn platform_checkov_passes_on_modules() {
    let dir = TfDir::new("checkov-modules");
    let summary = checkov(&dir, &modules_root(), &modules_root().join(".checkov.yaml"));
    assert!(
        summary["resource_count"].as_u64().unwrap_or(0) > 30,
        "{summary}"
    );
}

// --- Definitions and the app -------------------------------------------------------------

fn platform_definitions() -> PathBuf {
    workspace().join("examples/platform/definitions")
}

fn app_dir() -> PathBuf {
    workspace().join("examples/app")
}

/// Runs `score2hcl` in `cwd`; asserts success.
fn score2hcl(dir: &TfDir, cwd: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut cmd = dir.command(score2hcl_binary());
    cmd.current_dir(cwd).args(args);
    let out = cmd.output().expect("running score2hcl");
    assert!(
        out.status.success(),
        "score2hcl {args:?} in {}\n{}",
        cwd.display(),
        report(&out)
    );
    out
}

#[test]
fn platform_definitions_are_accepted() {
    let dir = TfDir::new("definitions-check");
    let out = score2hcl(
        &dir,
        &workspace(),
        &[
            "definitions".as_ref(),
            "check".as_ref(),
            platform_definitions().as_os_str(),
        ],
    );
    assert!(
        report(&out).contains("20 definitions OK"),
        "{}",
        report(&out)
    );
}

/// A definition for the test only: the `workload` type (Kubernetes in the platform's
/// definitions) to `modules/testing/workload`, which takes the same inputs. `app_id` makes it
/// more specific than the platform's catch-all definition.
fn workload_override(modules: &Path) -> String {
    format!(
        r#"apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: workload-testing
entity:
  name: workload-testing
  type: workload
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      source:
        path: {}
      variables:
        namespace: ${{context.app.id}}-${{context.env.id}}
        service_account: ${{context.app.id}}-${{resources.aws-role.guresid}}
        role_arn: ${{resources.aws-role.outputs.arn}}
  criteria:
    - {{app_id: shop}}
"#,
        modules.join("testing/workload").display()
    )
}

#[test]
fn platform_app_environments_generate_validate_plan_and_pass_checkov() {
    in_parallel(
        &APP_ENVIRONMENTS,
        |(env, _)| (*env).to_owned(),
        |(env, config)| check_app_environment(env, config),
    );
}

fn check_app_environment(env: &str, checkov_config: &str) {
    let mut dir = TfDir::new(&format!("app-{env}"));
    dir.use_provider();
    let root = dir.path().to_path_buf();
    let generate = |out: &Path, extra: &[&std::ffi::OsStr]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "generate".as_ref(),
            "--env".as_ref(),
            env.as_ref(),
            "--image".as_ref(),
            IMAGE.as_ref(),
            "--output".as_ref(),
            out.as_os_str(),
        ];
        args.extend_from_slice(extra);
        score2hcl(&dir, &app_dir(), &args);
    };

    // As CI generates it (the project's own definitions): Checkov.
    let real = root.join("real");
    generate(&real, &[]);
    let main = read(&real.join("main.tf"));
    assert!(main.contains("modules/kubernetes/workload\""), "{main}");
    checkov(&dir, &real, &app_dir().join(checkov_config));

    // With the workload on modules/testing: validate and plan with real Terraform.
    dir.write("override/workload.yaml", workload_override(&modules_root()));
    let tested = root.join("root");
    let override_dir = root.join("override");
    generate(
        &tested,
        &[
            "--definitions".as_ref(),
            platform_definitions().as_os_str(),
            "--definitions".as_ref(),
            override_dir.as_os_str(),
        ],
    );
    dir.write("root/offline_aws.tf", OFFLINE_AWS);
    let tf = &dir.testbed().terraform;
    let chdir = format!("-chdir={}", tested.display());
    dir.run_ok(tf, [chdir.as_str(), "init", "-input=false", "-no-color"]);
    dir.run_ok(tf, [chdir.as_str(), "validate", "-no-color"]);
    let out = dir.run_expect_code(
        tf,
        [
            chdir.as_str(),
            "plan",
            "-input=false",
            "-no-color",
            "-detailed-exitcode",
        ],
        2,
    );
    let plan = stdout(&out);
    for expected in [
        "# module.postgres_web_db.aws_rds_cluster.this will be created",
        "# module.redis_web_cache.aws_elasticache_replication_group.this will be created",
        "# module.s3_web_uploads.aws_s3_bucket.this will be created",
        "# module.aws_policy_s3_read_write_web_uploads.aws_iam_policy.this will be created",
        "# module.aws_role_web.aws_iam_role_policy_attachment.this[0] will be created",
        "# module.dns_web_dns.aws_route53_record.this will be created",
        "# score_workload.web will be created",
        "# module.workload_web.terraform_data.this will be created",
    ] {
        assert!(
            plan.contains(expected),
            "{env}: {expected}\n{}",
            report(&out)
        );
    }
    // Production databases get a reader in a second zone; the others do not.
    let reader =
        plan.contains("# module.postgres_web_db.aws_rds_cluster_instance.this[1] will be created");
    assert_eq!(
        reader,
        env.starts_with("production"),
        "{env}: multi-AZ\n{plan}"
    );
}

/// The manifests `score_workload` renders for the app, with outputs shaped like the modules',
/// pass kubernetes-validate.
#[test]
fn platform_app_manifests_pass_kubernetes_validate() {
    let mut dir = TfDir::new("app-manifests");
    dir.use_provider();
    let spec = read(&app_dir().join("score.yaml")).replace("${", "$${");
    dir.write(
        "main.tf",
        format!(
            r#"terraform {{
  required_providers {{
    score = {{
      source = "score-tf/score"
    }}
  }}
}}

resource "score_workload" "web" {{
  spec    = <<-SCORE
{spec}
SCORE
  images  = {{ web = "{IMAGE}" }}
  context = {{ app_id = "shop", env_id = "development", env_type = "development", org_id = null, values = null }}
  resources = {{
    db      = {{ host = "shop-development-db.cluster-x.eu-west-1.rds.amazonaws.com", port = "5432", name = "app", database = "app", username = "app", password = "generated" }}
    cache   = {{ host = "master.shop-development-cache.x.euw1.cache.amazonaws.com", port = "6379", username = "default", password = "generated" }}
    uploads = {{ bucket = "acme-111111111111-eu-west-1-shop-development", region = "eu-west-1", arn = "arn:aws:s3:::acme-111111111111-eu-west-1-shop-development" }}
    dns     = {{ host = "shop-development.dev.shop.example.com" }}
  }}
}}
"#
        ),
    );
    let tf = &dir.testbed().terraform;
    dir.run_ok(tf, ["init", "-input=false", "-no-color"]);
    dir.run_ok(tf, ["apply", "-input=false", "-no-color", "-auto-approve"]);
    let out = dir.run_ok(tf, ["show", "-json"]);
    let show: Value = serde_json::from_slice(&out.stdout).expect("show -json is JSON");
    let values = &show["values"]["root_module"]["resources"][0]["values"];
    let mut documents: Vec<String> = values["manifests"]
        .as_array()
        .expect("manifests")
        .iter()
        .map(|m| m.as_str().expect("a string").to_owned())
        .collect();
    let secret = values["secret_manifest"].as_str().expect("a Secret");
    assert!(
        !documents.concat().contains("generated"),
        "a secret leaked into the manifests"
    );
    documents.push(secret.to_owned());
    let mut args = vec!["--strict".to_owned()];
    for (i, doc) in documents.iter().enumerate() {
        let name = format!("manifest-{i}.yaml");
        dir.write(&name, doc);
        args.push(name);
    }
    let out = dir.run_ok(&dir.testbed().kubernetes_validate, &args);
    // The Service, the Deployment and the Secret.
    assert_eq!(
        stdout(&out).matches("passed").count(),
        3,
        "{}",
        report(&out)
    );
}

#[test]
fn platform_example_terraform_test_passes() {
    // The example reads ../../modules: copy both, keeping the layout.
    let mut dir = TfDir::new("platform-terraform-test");
    dir.use_provider();
    copy_tree(
        &workspace().join("examples/platform"),
        &dir.path().join("examples/platform"),
    );
    copy_tree(&modules_root(), &dir.path().join("modules"));
    let tf = &dir.testbed().terraform;
    dir.run_ok(
        tf,
        [
            "-chdir=examples/platform",
            "init",
            "-input=false",
            "-no-color",
        ],
    );
    let out = dir.run_ok(tf, ["-chdir=examples/platform", "test", "-no-color"]);
    assert!(
        stdout(&out).contains("Success! 6 passed, 0 failed."),
        "{}",
        report(&out)
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("creating {}: {e}", to.display()));
    for path in read_dir_sorted(from) {
        let name = path.file_name().expect("a file name");
        // Local Terraform state and plugins of someone's manual run stay behind.
        if name == ".terraform" || name == "build" {
            continue;
        }
        let target = to.join(name);
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target)
                .unwrap_or_else(|e| panic!("copying {}: {e}", path.display()));
        }
    }
}

// --- Workflows and Backstage -------------------------------------------------------------

fn workflow_files(dir: &Path) -> Vec<PathBuf> {
    read_dir_sorted(&dir.join(".github/workflows"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect()
}

#[test]
fn platform_workflows_pass_the_schema_and_zizmor() {
    let backstage = workspace().join("examples/backstage/skeleton");
    let dir = TfDir::new("workflows");
    let app = workflow_files(&app_dir());
    let names: Vec<_> = app.iter().filter_map(|p| p.file_name()).collect();
    assert_eq!(names, ["cd.yml", "ci.yml"], "{app:?}");

    // The template scaffolds exactly these workflows.
    for path in &app {
        let copy = backstage
            .join(".github/workflows")
            .join(path.file_name().expect("name"));
        assert_eq!(
            read(path),
            read(&copy),
            "{} differs from the app's",
            copy.display()
        );
    }

    let mut args = vec!["--builtin-schema".into(), "vendor.github-workflows".into()];
    args.extend(app.iter().map(|p| p.clone().into_os_string()));
    dir.run_ok(&dir.testbed().check_jsonschema, &args);
    let dependabot = app_dir().join(".github/dependabot.yml");
    assert_eq!(
        read(&dependabot),
        read(&backstage.join(".github/dependabot.yml"))
    );
    dir.run_ok(
        &dir.testbed().check_jsonschema,
        [
            "--builtin-schema".as_ref(),
            "vendor.dependabot".as_ref(),
            dependabot.as_os_str(),
        ],
    );

    // Default persona and severity: no finding at all. --offline: no GitHub API lookups.
    let out = dir.run(
        &dir.testbed().zizmor,
        [
            "--offline".as_ref(),
            "--no-progress".as_ref(),
            app_dir().as_os_str(),
        ],
    );
    assert!(
        out.status.success() && stdout(&out).contains("No findings to report"),
        "{}",
        report(&out)
    );
}

/// A JSON schema for what the template's structure must be (check-jsonschema reads YAML).
const TEMPLATE_SCHEMA: &str = r#"{
  "type": "object",
  "required": ["apiVersion", "kind", "metadata", "spec"],
  "properties": {
    "apiVersion": {"const": "scaffolder.backstage.io/v1beta3"},
    "kind": {"const": "Template"},
    "metadata": {"type": "object", "required": ["name", "title"]},
    "spec": {
      "type": "object",
      "required": ["owner", "type", "parameters", "steps"],
      "properties": {
        "parameters": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["properties"]}},
        "steps": {
          "type": "array",
          "items": {"type": "object", "required": ["id", "action", "input"]},
          "contains": {
            "type": "object",
            "properties": {
              "action": {"const": "fetch:template"},
              "input": {"type": "object", "required": ["url", "values"], "properties": {"url": {"const": "./skeleton"}}}
            }
          }
        }
      }
    }
  }
}"#;

const CATALOG_SCHEMA: &str = r#"{
  "type": "object",
  "required": ["apiVersion", "kind", "metadata", "spec"],
  "properties": {
    "apiVersion": {"const": "backstage.io/v1alpha1"},
    "kind": {"const": "Component"},
    "metadata": {"type": "object", "required": ["name"]},
    "spec": {"type": "object", "required": ["type", "lifecycle", "owner"]}
  }
}"#;

/// The template's parameters as the scaffolder would pass them, by skeleton value name.
const TEMPLATE_VALUES: &[(&str, &str)] = &[
    ("name", "orders"),
    ("description", "The orders service."),
    ("owner", "group:team-orders"),
    ("system", "shop"),
    ("port", "8080"),
    ("repoSlug", "acme/orders"),
];

#[test]
fn platform_backstage_template_renders_a_project_score2hcl_accepts() {
    let backstage = workspace().join("examples/backstage");
    let mut dir = TfDir::new("backstage");
    dir.use_provider();
    dir.write("template-schema.json", TEMPLATE_SCHEMA);
    dir.write("catalog-schema.json", CATALOG_SCHEMA);
    let template = backstage.join("template.yaml");
    dir.run_ok(
        &dir.testbed().check_jsonschema,
        [
            "--schemafile".as_ref(),
            "template-schema.json".as_ref(),
            template.as_os_str(),
        ],
    );

    // Every value the skeleton uses is one the template's fetch step passes.
    let template_text = read(&template);
    for (name, _) in TEMPLATE_VALUES {
        assert!(
            template_text.contains(&format!("\n          {name}: ")),
            "template.yaml passes no `{name}` to the skeleton"
        );
    }

    // Render the skeleton as fetch:template does (workflows copied without templating).
    let rendered = dir.path().join("examples/orders");
    render_skeleton(&backstage.join("skeleton"), &rendered, false);
    dir.run_ok(
        &dir.testbed().check_jsonschema,
        [
            "--schemafile".as_ref(),
            "catalog-schema.json".as_ref(),
            rendered.join("catalog-info.yaml").as_os_str(),
        ],
    );
    score2hcl(
        &dir,
        &rendered,
        &[
            "validate".as_ref(),
            "score.yaml".as_ref(),
            "--image".as_ref(),
            IMAGE.as_ref(),
        ],
    );
    // Its project file reads ../platform/definitions, as the app's does.
    copy_tree(
        &platform_definitions(),
        &dir.path().join("examples/platform/definitions"),
    );
    copy_tree(&modules_root(), &dir.path().join("modules"));
    score2hcl(
        &dir,
        &rendered,
        &[
            "generate".as_ref(),
            "--env".as_ref(),
            "production-us".as_ref(),
            "--image".as_ref(),
            IMAGE.as_ref(),
        ],
    );
    let main = read(&rendered.join("build/production-us/main.tf"));
    assert!(
        main.contains("resource \"score_workload\" \"orders\""),
        "{main}"
    );
    assert!(main.contains("app_id   = \"orders\""), "{main}");
}

/// Copies `from` to `to`, substituting `${{ values.NAME }}` outside `.github/workflows`; every
/// placeholder must have a value.
fn render_skeleton(from: &Path, to: &Path, verbatim: bool) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for path in read_dir_sorted(from) {
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            let verbatim = verbatim || path.ends_with(".github/workflows");
            render_skeleton(&path, &target, verbatim);
            continue;
        }
        let mut text = read(&path);
        if !verbatim {
            for (name, value) in TEMPLATE_VALUES {
                text = text.replace(&format!("${{{{ values.{name} }}}}"), value);
            }
            assert!(
                !text.contains("${{"),
                "{}: a placeholder without a value",
                path.display()
            );
        }
        std::fs::write(&target, text).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
}
