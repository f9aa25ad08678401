//! Loading definitions: every accepted format summarised field by field, the reference's
//! examples, error fixtures with carets, duplicate checks and output checks.

use super::{fixture, load_clean, load_text};
use crate::definitions::Catalog;
use crate::definitions::load::{check_duplicates, check_outputs};
use crate::definitions::model::{Definition, Driver, ModuleSource};
use crate::test_support::{check_annotated, render};
use crate::yaml::Node;

/// The value as a placeholder would interpolate it: strings as they are, anything else JSON
/// with sorted keys.
fn json(node: &Option<Node>) -> Option<String> {
    node.as_ref().map(|n| n.to_data().to_interpolated())
}

/// The keys of a mapping, comma-separated.
fn keys(node: &Option<Node>) -> Option<String> {
    let entries = node.as_ref()?.as_map()?;
    Some(
        entries
            .iter()
            .map(|(k, _)| k.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// The lines of a definition's summary: a header `ID@LINE:COL FORMAT type=… driver=… name=…`,
/// then one indented line per field that is set.
fn describe(def: &Definition) -> Vec<String> {
    let mut out = vec![format!(
        "{}@{}:{} {:?} type={} driver={} name={:?}{}",
        def.id.text,
        def.id.span.start.line,
        def.id.span.start.col,
        def.format,
        def.kind.text,
        def.driver_type.text,
        def.name,
        if def.is_deleted { " deleted" } else { "" }
    )];
    let mut line = |s: String| out.push(format!("  {s}"));
    match &def.driver {
        Driver::Echo => line("echo".to_owned()),
        Driver::Terraform(tf) => {
            line(match &tf.module {
                ModuleSource::Git { url, path, rev } => format!(
                    "git url={} path={} rev={}",
                    url.text,
                    path.as_ref().map_or("-", |p| p.as_str()),
                    rev.as_ref().map_or("-", |r| r.as_str())
                ),
                ModuleSource::Local { path } => format!("local path={}", path.text),
                ModuleSource::Registry { source, version } => format!(
                    "module source={} version={}",
                    source.text,
                    version.as_ref().map_or("-", |v| v.as_str())
                ),
                ModuleSource::Inline { script, files } => format!(
                    "inline script={} files=[{}]",
                    script
                        .as_ref()
                        .and_then(Node::as_str)
                        .map_or("-".to_owned(), |s| format!("{} lines", s.lines().count())),
                    files
                        .iter()
                        .map(|(name, content)| format!(
                            "{} ({} bytes)",
                            name.text,
                            content.as_str().map_or(0, str::len)
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            for (name, node) in [
                ("variables", &tf.variables),
                ("secret variables", &tf.secret_variables),
                ("credentials_config", &tf.credentials_config),
            ] {
                if let Some(j) = json(node) {
                    line(format!("{name}={j}"));
                }
            }
        }
    }
    if let Some(a) = json(&def.driver_account) {
        line(format!("account={a}"));
    }
    for (name, node) in [
        ("values", &def.values),
        ("secrets", &def.secrets),
        ("secret_refs", &def.secret_refs),
    ] {
        if let Some(k) = keys(node) {
            line(format!("{name}: {k}"));
        }
    }
    for p in &def.provision {
        line(format!(
            "provision {}: type={} class={} id={}{}{}{}",
            p.key.text,
            p.target.kind,
            p.target.class.as_deref().unwrap_or("-"),
            p.target.id.as_deref().unwrap_or("-"),
            if p.is_dependent { " is_dependent" } else { "" },
            if p.match_dependents {
                " match_dependents"
            } else {
                ""
            },
            json(&p.params).map_or(String::new(), |j| format!(" params={j}"))
        ));
    }
    for c in &def.criteria {
        line(format!(
            "criteria {c}{} @{}:{}",
            c.id.as_ref()
                .map_or(String::new(), |id| format!(" id={id}")),
            c.span.start.line,
            c.span.start.col
        ));
    }
    out
}

#[track_caller]
fn check_summary(name: &str, want: &[&str]) {
    let defs = load_clean(&fixture(name));
    let got: Vec<String> = defs.iter().flat_map(describe).collect();
    assert_eq!(
        got,
        want,
        "\nfixture {name}\n got:\n{}\n want:\n{}",
        got.join("\n"),
        want.join("\n")
    );
}

#[test]
fn entity_form() {
    check_summary(
        "entity.yaml",
        &[
            "rds-postgres@7:7 Entity type=postgres driver=humanitec/terraform name=\"RDS postgres\"",
            "  git url=https://github.com/acme/modules.git path=modules/rds/basic rev=refs/tags/v1.2.0",
            "  variables={\"app_id\":\"${context.app.id}\",\"port\":5432,\"region\":\"eu-central-1\"}",
            "  secret variables={\"master_password\":\"s3cr3t\"}",
            "  credentials_config={\"environment\":{\"AWS_ACCESS_KEY_ID\":\"AccessKeyId\"}}",
            "  account=aws-prod",
            "  values: source,variables,credentials_config,append_logs_to_error",
            "  secrets: variables",
            "  provision aws-policy: type=aws-policy class=- id=-",
            "  provision aws-policy.s3-admin: type=aws-policy class=s3-admin id=- match_dependents params={\"bucket\":\"${resources.s3.outputs.bucket}\"}",
            "  provision dns#my-dns: type=dns class=- id=my-dns",
            "  provision k8s-service-account.default#shared.sa: type=k8s-service-account class=default id=shared.sa",
            "  criteria {class: default, env_type: production} @40:7",
            "  criteria {class: large, app_id: my-app, env_id: prod, res_id: shared.main-db} id=crit-1 @41:7",
            "redis-git-ref@50:7 Entity type=redis driver=terraform name=\"redis-git-ref\"",
            "  git url=git@github.com:acme/modules.git path=- rev=main",
            "  values: source",
            "  secrets: source",
            "  criteria {class: default} @65:7",
            "s3-local@70:7 Entity type=s3 driver=humanitec/terraform name=\"s3-local\"",
            "  local path=./modules/s3",
            "  values: source",
            "  criteria {class: private} @79:14",
            "sqs-registry@84:7 Entity type=sqs driver=humanitec/terraform name=\"sqs-registry\"",
            "  module source=terraform-aws-modules/sqs/aws version=~> 4.0",
            "  values: module",
            "sqs-any-source@98:7 Entity type=sqs driver=humanitec/terraform name=\"sqs-any-source\"",
            "  module source=git::https://example.com/sqs.git?ref=v1 version=-",
            "  values: module",
            "dns-inline@112:7 Entity type=dns driver=humanitec/terraform name=\"dns-inline\"",
            "  inline script=4 lines files=[]",
            "  variables={\"sub\":\"${context.app.id}-${context.env.id}\"}",
            "  values: script,variables",
            "  criteria {class: default, app_id: my-app} @127:7",
            "config-files@132:7 Entity type=config driver=humanitec/terraform name=\"config-files\"",
            "  inline script=- files=[main.tf (43 bytes), outputs.tf (0 bytes), backend.tf (32 bytes)]",
            "  values: files",
            "  secrets: files",
            "  criteria {class: default, res_id: tf-backend} @150:7",
            "mysql-echo@155:7 Entity type=mysql driver=humanitec/echo name=\"mysql-echo\"",
            "  echo",
            "  values: host,port,name",
            "  secrets: username,password",
            "  criteria {class: default, env_type: development} @169:7",
            "amqp-echo@174:7 Entity type=amqp driver=echo name=\"amqp-echo\"",
            "  echo",
            "  values: host,port",
            "  secret_refs: password,username,nested",
            "listed-entity@201:9 Entity type=route driver=humanitec/echo name=\"listed-entity\"",
            "  echo",
            "listed-object@209:9 Object type=route driver=humanitec/echo name=\"listed-object\"",
            "  echo",
            "  criteria {class: internal} @214:16",
            "inline-null-files@220:7 Entity type=route driver=humanitec/terraform name=\"inline-null-files\"",
            "  inline script=1 lines files=[]",
            "  values: source,script,files",
            "  secrets: files",
        ],
    );
}

#[test]
fn object_form() {
    check_summary(
        "object.yaml",
        &[
            "azure-redis-existing@5:7 Object type=redis driver=humanitec/terraform name=\"azure-redis-existing\"",
            "  git url=https://github.com/acme/azure-reference-architecture.git path=resources/terraform/azure-redis-existing rev=refs/heads/main",
            "  variables={\"redis_name\":\"cache-${context.env.id}\"}",
            "  secret variables={\"credentials\":{\"appId\":\"app\",\"password\":\"secret\"}}",
            "  values: append_logs_to_error,source,variables",
            "  secrets: variables",
            "  criteria {class: default, env_id: development} @25:7",
        ],
    );
}

#[test]
fn api_form() {
    check_summary(
        "api.json",
        &[
            "pg-api@2:9 Api type=postgres driver=humanitec/terraform name=\"Postgres from the API\"",
            "  git url=https://github.com/acme/modules.git path=rds rev=refs/heads/main",
            "  variables={\"allocated_storage\":20,\"instance_class\":\"db.t4g.large\",\"multi_az\":false}",
            "  secret variables={\"password\":{\"ref\":\"pg/password\",\"store\":\"vault\"}}",
            "  account=${resources['config.default#aws-account'].account}",
            "  values: source,variables",
            "  secret_refs: variables",
            "  provision aws-policy.rds: type=aws-policy class=rds id=- is_dependent params={\"mode\":\"read\"}",
            "  criteria {class: default, env_type: production} id=0b3c @31:5",
        ],
    );
    check_summary(
        "api-array.json",
        &[
            "dns-api@3:11 Api type=dns driver=humanitec/echo name=\"dns-api\"",
            "  echo",
            "  values: host",
            "  criteria {class: default} @9:18",
            "dns-old@15:11 Api type=dns driver=humanitec/echo name=\"dns-old\" deleted",
            "  echo",
            "  values: host",
            "  criteria {class: default} @21:18",
        ],
    );
}

#[test]
fn reference_examples_load_unchanged() {
    check_summary(
        "examples/s3-co-provision.yaml",
        &[
            "s3-co-provision@4:7 Entity type=s3 driver=humanitec/terraform name=\"s3-co-provision\"",
            "  inline script=23 lines files=[]",
            "  variables={\"REGION\":\"eu-central-1\"}",
            "  credentials_config={\"variables\":{\"ACCESS_KEY_ID\":\"AccessKeyId\",\"ACCESS_KEY_VALUE\":\"SecretAccessKey\"}}",
            "  account=aws",
            "  values: variables,credentials_config,script",
            "  provision aws-policy: type=aws-policy class=- id=-",
        ],
    );
    check_summary(
        "examples/aws-policy-co-provision.yaml",
        &[
            "aws-policy-co-provision@4:7 Entity type=aws-policy driver=humanitec/terraform name=\"aws-policy-co-provision\"",
            "  inline script=27 lines files=[]",
            "  variables={\"BUCKET\":\"${resources.s3.outputs.bucket}\",\"BUCKET_ARN\":\"${resources.s3.outputs.arn}\",\"REGION\":\"${resources.s3.outputs.region}\"}",
            "  credentials_config={\"variables\":{\"ACCESS_KEY_ID\":\"AccessKeyId\",\"ACCESS_KEY_VALUE\":\"SecretAccessKey\"}}",
            "  account=aws",
            "  values: variables,credentials_config,script",
        ],
    );
    check_summary(
        "examples/postgres-echo.yaml",
        &[
            "postgres-echo@4:7 Entity type=postgres driver=humanitec/echo name=\"postgres-echo\"",
            "  echo",
            "  values: name,host,port",
            "  secret_refs: username,password",
            "  criteria {class: default} @22:7",
        ],
    );
    check_summary(
        "examples/redis-object.yaml",
        &[
            "redis-staging@4:7 Object type=redis driver=humanitec/echo name=\"redis-staging\"",
            "  echo",
            "  values: host,port",
            "  secrets: password,username",
            "  criteria {class: default, env_type: staging} @17:7",
        ],
    );
}

#[test]
fn reference_examples_outputs() {
    // The examples' Terraform is "reduced for brevity": the policy's script has no `arn`
    // output, which every aws-policy must have. The others produce what their types declare.
    let mut got = Vec::new();
    for name in [
        "examples/s3-co-provision.yaml",
        "examples/aws-policy-co-provision.yaml",
        "examples/postgres-echo.yaml",
        "examples/redis-object.yaml",
    ] {
        let defs = load_clean(&fixture(name));
        got.extend(
            check_outputs(&defs, &Catalog::builtin())
                .iter()
                .map(|d| format!("{name}: {}", render(d))),
        );
    }
    assert_eq!(
        got,
        [
            "examples/aws-policy-co-provision.yaml: 4:7 error: definition \
             'aws-policy-co-provision' does not produce output 'arn', which every 'aws-policy' \
             must have"
        ]
    );
}

#[test]
fn error_fixtures() {
    for name in [
        "errors-fields.yaml",
        "errors-values.yaml",
        "errors-module.yaml",
    ] {
        let text = fixture(name);
        let (defs, diags) = load_text(&text);
        check_annotated(name, &text, &diags);
        let loaded: Vec<&str> = defs.iter().map(|d| d.id.as_str()).collect();
        assert!(
            loaded.is_empty(),
            "{name}: definitions with errors must be left out, loaded {loaded:?}"
        );
    }
}

#[test]
fn id_and_type_rules() {
    // (id, type, accepted)
    let table = [
        ("abc", "postgres", true),
        ("a-1", "postgres", true),
        ("123", "postgres", true),
        ("my-very-long-definition-id-0", "postgres", true),
        ("ab", "postgres", false),
        ("a", "postgres", false),
        ("-ab", "postgres", false),
        ("ab-", "postgres", false),
        ("a_b", "postgres", false),
        ("Abc", "postgres", false),
        ("a.b", "postgres", false),
        ("abc", "acme/queue", true),
        ("abc", "k8s-service-account", true),
        ("abc", "my_type", true),
        ("abc", "p", true),
        ("abc", "Postgres", false),
        ("abc", "acme/", false),
        ("abc", "/queue", false),
        ("abc", "a/b/c", false),
        ("abc", "-pg", false),
        ("abc", "pg.large", false),
    ];
    for (id, kind, accepted) in table {
        let text = format!("{{id: \"{id}\", name: n, type: \"{kind}\", driver_type: echo}}");
        let (defs, diags) = load_text(&text);
        let rendered: Vec<String> = diags.iter().map(render).collect();
        assert_eq!(
            defs.len() == 1 && diags.is_empty(),
            accepted,
            "id '{id}' type '{kind}': {rendered:?}"
        );
        if !accepted {
            assert_eq!(rendered.len(), 1, "id '{id}' type '{kind}': {rendered:?}");
            let want = if id == "abc" {
                format!("1:28 error: type: invalid value '{kind}'")
            } else {
                format!("1:6 error: id: invalid value '{id}'")
            };
            assert_eq!(rendered[0], want);
        }
    }
}

#[test]
fn duplicates() {
    let text = fixture("duplicates.yaml");
    let (defs, diags) = load_text(&text);
    assert!(
        diags.is_empty(),
        "{:?}",
        diags.iter().map(render).collect::<Vec<_>>()
    );
    check_annotated("duplicates.yaml", &text, &check_duplicates(&defs));
}

#[test]
fn outputs() {
    let text = fixture("outputs.yaml");
    let (defs, diags) = load_text(&text);
    assert!(
        diags.is_empty(),
        "{:?}",
        diags.iter().map(render).collect::<Vec<_>>()
    );
    check_annotated(
        "outputs.yaml",
        &text,
        &check_outputs(&defs, &Catalog::builtin()),
    );
}

#[test]
fn inline_outputs() {
    // (type, inline script, what check_outputs says). Outputs marked `sensitive = true` are
    // secrets, wherever the attribute sits in the block.
    let table: &[(&str, &str, &[&str])] = &[
        (
            "redis",
            r#"
output "host" { value = "h" }
output "port" { value = 6379 }
output "password" {
  value     = random_password.p.result
  sensitive = true
}"#,
            &[],
        ),
        (
            "redis",
            r#"
output "host" { value = "h" }
output "port" { value = 6379 }
output "password" {
  value     = "$\{random_password.p.result}"
  sensitive = true
}"#,
            &[],
        ),
        (
            "redis",
            r#"
output "host" { value = "h" }
output "port" { value = 6379 }
output "password" {
  value = {
    primary = random_password.p.result
  }
  sensitive=true
}"#,
            &[],
        ),
        (
            "redis",
            r#"
output "host" { value = "h" }
output "port" { value = 6379 }
output "password" {
  value     = var.true_password
  sensitive = false
}"#,
            &["warning: output 'password' of 'redis' is a secret but is given as a plain value"],
        ),
        (
            "redis",
            r#"
output "host" { value = "h" }
output "port" { value = 6379 }
output "password" {
  value = random_password.p.result
}
variable "token" {
  sensitive = true
}"#,
            &["warning: output 'password' of 'redis' is a secret but is given as a plain value"],
        ),
        (
            "redis",
            r#"
output "host" { value = "h" }
output "tls" { value = true }"#,
            &[
                "warning: output 'tls' is not declared by resource type 'redis'",
                "error: definition 'inline' does not produce output 'port', which every 'redis' must have",
            ],
        ),
        (
            "redis",
            r#"
# output "port" { value = 1 }
  output   "host"   {
    value = "h"
  }
output "port" {
  value = 6379
}"#,
            &[],
        ),
    ];
    for (kind, script, want) in table {
        let mut yaml = format!(
            "id: inline\nname: inline\ntype: {kind}\ndriver_type: humanitec/terraform\n\
             driver_inputs:\n  values:\n    script: |\n"
        );
        for line in script.lines().skip(1) {
            yaml.push_str("      ");
            yaml.push_str(line);
            yaml.push('\n');
        }
        let defs = load_clean(&yaml);
        let got: Vec<String> = check_outputs(&defs, &Catalog::builtin())
            .iter()
            .map(|d| format!("{}: {}", d.severity, d.message))
            .collect();
        assert_eq!(got, *want, "\n{yaml}");
    }
}
