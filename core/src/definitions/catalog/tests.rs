//! Data-driven tests of the catalog: the built-in file, tables of types and secret flags, and
//! fixture files with expected diagnostics written as caret comments under the offending line.

use super::*;
use crate::diag::Diagnostic;
use crate::source::FileId;
use crate::test_support::{self, expected, render};
use crate::yaml;

fn fixture(name: &str) -> String {
    test_support::fixture("catalog", name)
}

/// Extends a fresh built-in catalog with each document of `text` in turn; returns every
/// diagnostic rendered as `LINE:COL severity: PATH: MESSAGE`, and the last catalog.
fn extend_each(text: &str) -> (Vec<Diagnostic>, Catalog) {
    let docs = yaml::parse_documents(FileId(0), text).unwrap_or_else(|d| panic!("{}", render(&d)));
    let mut diags = Vec::new();
    let mut catalog = Catalog::builtin();
    for doc in &docs {
        catalog = Catalog::builtin();
        diags.extend(catalog.extend(doc));
    }
    (diags, catalog)
}

#[track_caller]
fn check_fixture(name: &str) {
    let text = fixture(name);
    let mut want = expected(&text);
    let mut got: Vec<String> = extend_each(&text).0.iter().map(render).collect();
    want.sort();
    got.sort();
    assert_eq!(
        got,
        want,
        "\nfixture {name}\n got:\n{}\n want:\n{}",
        got.join("\n"),
        want.join("\n")
    );
}

#[test]
fn builtin_loads_clean() {
    let (catalog, diags) = load_builtin();
    let rendered: Vec<String> = diags.iter().map(render).collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));
    assert_eq!(catalog, Catalog::builtin());
    for ty in catalog.types() {
        assert!(
            !ty.description.is_empty(),
            "type '{}' has no description",
            ty.name
        );
        for (name, output) in &ty.outputs {
            assert!(
                !output.description.is_empty(),
                "output '{}.{name}' has no description",
                ty.name
            );
        }
    }
}

/// One line per type: `NAME USE[ open]: OUTPUT...`, an output marked `!` when required and
/// `*` when secret.
fn summary(ty: &ResourceType) -> String {
    let mut line = format!("{} {}", ty.name, ty.usage.as_str());
    if ty.open {
        line.push_str(" open");
    }
    line.push(':');
    for (name, output) in &ty.outputs {
        line.push(' ');
        line.push_str(name);
        if output.required {
            line.push('!');
        }
        if output.secret {
            line.push('*');
        }
    }
    line
}

#[test]
fn builtin_types() {
    let want = [
        "amqp direct: host! password!* port! username!* vhost",
        "aws-policy indirect: arn!",
        "aws-role indirect: arn",
        "config direct open:",
        "dns direct: host!",
        "elasticsearch direct: host! password* port! username*",
        "environment direct open:",
        "k8s-service-account indirect: name!",
        "kafka-topic direct: host! name! num_partitions port!",
        "mongodb direct: connection* host! password* port! username*",
        "mssql direct: connection* database! password!* port! server! username!*",
        "mysql direct: database host! name! password!* port! username!*",
        "postgres direct: database host! name! password!* port! username!*",
        "postgres-instance direct: host! password!* port! username!*",
        "redis direct: host! password* port! username*",
        "route direct:",
        "s3 direct: access_key_id* arn aws_access_key_id* aws_secret_access_key* aws_secret_key* bucket! endpoint region! secret_key*",
        "service-port direct: hostname! port!",
        "sqs direct: arn! region url!",
        "volume direct: claimSpec source type",
        "workload implicit open: update",
    ];
    let got: Vec<String> = Catalog::builtin().types().map(summary).collect();
    assert_eq!(got, want, "\n got:\n{}", got.join("\n"));
}

#[test]
fn secret_outputs() {
    // (type, output, secret)
    let table = [
        ("postgres", "username", true),
        ("postgres", "password", true),
        ("postgres", "host", false),
        ("postgres", "name", false),
        ("postgres-instance", "password", true),
        ("mysql", "password", true),
        ("redis", "password", true),
        ("redis", "port", false),
        ("mongodb", "connection", true),
        ("mssql", "connection", true),
        ("amqp", "password", true),
        ("amqp", "username", true),
        ("amqp", "vhost", false),
        ("s3", "aws_access_key_id", true),
        ("s3", "aws_secret_access_key", true),
        ("s3", "aws_secret_key", true),
        ("s3", "access_key_id", true),
        ("s3", "secret_key", true),
        ("s3", "bucket", false),
        ("s3", "endpoint", false),
        ("sqs", "url", false),
        ("dns", "host", false),
        ("aws-policy", "arn", false),
        ("environment", "DB_PASSWORD", false),
        ("postgres", "no-such-output", false),
        ("no-such-type", "password", false),
    ];
    let catalog = Catalog::builtin();
    for (ty, output, secret) in table {
        assert_eq!(catalog.is_secret(ty, output), secret, "{ty}.{output}");
    }
}

#[test]
fn accepts_output() {
    let catalog = Catalog::builtin();
    let accepts = |ty: &str, output: &str| catalog.get(ty).unwrap().accepts_output(output);
    assert!(accepts("postgres", "host"));
    assert!(!accepts("postgres", "hostname"));
    assert!(accepts("environment", "ANYTHING"));
    assert!(accepts("workload", "service_account"));
    assert!(!accepts("route", "host"));
}

#[test]
fn empty_catalog() {
    let catalog = Catalog::empty();
    assert_eq!(catalog.names().count(), 0);
    assert!(catalog.get("postgres").is_none());
    assert!(!catalog.is_secret("postgres", "password"));
}

#[test]
fn extra_types_extend_and_replace() {
    let (diags, catalog) = extend_each(&fixture("extra-types.yaml"));
    let rendered: Vec<String> = diags.iter().map(render).collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));

    let policy = catalog.get("acme/queue-policy").unwrap();
    assert_eq!(policy.usage, TypeUse::Indirect);
    assert_eq!(policy.required_outputs().collect::<Vec<_>>(), ["arn"]);

    let search = catalog.get("opensearch").unwrap();
    assert_eq!(search.usage, TypeUse::Direct, "use defaults to direct");
    assert!(!search.open, "open defaults to false");
    assert!(catalog.is_secret("opensearch", "master_password"));
    assert_eq!(search.output("master_password").unwrap().description, "");

    // Replaced as a whole: nothing of the built-in redis survives.
    let redis = catalog.get("redis").unwrap();
    assert_eq!(
        redis.description,
        "An ElastiCache Redis replication group, TLS only."
    );
    assert_eq!(
        redis.outputs.keys().collect::<Vec<_>>(),
        ["host", "password", "port", "tls"]
    );
    assert!(catalog.is_secret("redis", "password"));
    assert!(!catalog.is_secret("redis", "username"));

    // The built-in types are still there.
    assert!(catalog.get("postgres").is_some());
    assert_eq!(
        catalog.names().count(),
        Catalog::builtin().names().count() + 2
    );
}

#[test]
fn extra_types_twice() {
    // The same document read twice: its new types are duplicates the second time, while the
    // replacement of redis is still allowed.
    let text = fixture("extra-types.yaml");
    let doc = yaml::parse_single(FileId(0), &text, "test").unwrap();
    let mut catalog = Catalog::builtin();
    assert!(catalog.extend(&doc).is_empty());
    let got: Vec<String> = catalog.extend(&doc).iter().map(render).collect();
    assert_eq!(
        got,
        [
            "7:3 error: types[\"acme/queue-policy\"]: type 'acme/queue-policy' is already defined",
            "13:3 error: types.opensearch: type 'opensearch' is already defined",
        ]
    );
}

#[test]
fn error_fixtures() {
    for name in ["errors-header.yaml", "errors-types.yaml"] {
        check_fixture(name);
    }
}

#[test]
fn error_fixture_keeps_valid_types() {
    let (_, catalog) = extend_each(&fixture("errors-types.yaml"));
    assert!(catalog.is_secret("good", "token"));
    // A warning does not reject the type.
    assert!(catalog.get("acme/queue").is_some());
    for rejected in [
        "Queue",
        "q",
        "typo-fields",
        "bad-use",
        "bad-outputs",
        "postgress",
    ] {
        assert!(catalog.get(rejected).is_none(), "{rejected}");
    }
    assert_eq!(
        catalog.get("postgres").unwrap().description,
        Catalog::builtin().get("postgres").unwrap().description,
        "a rejected duplicate leaves the existing type alone"
    );
}

#[test]
fn error_help() {
    // (document path, help) for the errors of errors-types.yaml and errors-header.yaml.
    let table = [
        (
            "types.typo-fields.descripton",
            "did you mean 'description'?",
        ),
        ("types.typo-fields.outptus", "did you mean 'outputs'?"),
        (
            "types.bad-outputs.outputs.port.requried",
            "did you mean 'required'?",
        ),
        ("types.bad-use.use", "did you mean 'direct'?"),
        ("types.postgress.replace", "did you mean 'postgres'?"),
        (
            "types.postgres",
            "set 'replace: true' to replace it as a whole, or choose another name",
        ),
        ("types.q", TYPE_NAME_RULE),
        ("types.bad-outputs.outputs[\"db.name\"]", OUTPUT_NAME_RULE),
        (
            "apiVersion",
            "the only supported version is 'score2hcl.dev/v1alpha1'",
        ),
        (
            "kind",
            "a resource-types document has 'kind: ResourceTypes'",
        ),
        ("type", "did you mean 'types'?"),
    ];
    let mut diags = extend_each(&fixture("errors-types.yaml")).0;
    diags.extend(extend_each(&fixture("errors-header.yaml")).0);
    for (path, help) in table {
        let d = diags
            .iter()
            .find(|d| d.path.to_string() == path && d.help.is_some())
            .unwrap_or_else(|| panic!("no diagnostic with help at '{path}'"));
        assert_eq!(d.help.as_deref(), Some(help), "{path}");
    }
}

#[test]
fn builtin_source_is_the_documented_format() {
    // The header comment of catalog.yaml documents the format; keep it naming every field the
    // loader accepts.
    for field in [
        "apiVersion: score2hcl.dev/v1alpha1",
        "kind: ResourceTypes",
        "description:",
        "use: direct",
        "open: false",
        "replace: false",
        "outputs:",
        "secret: false",
        "required: false",
    ] {
        assert!(
            BUILTIN_SOURCE.contains(field),
            "catalog.yaml does not mention '{field}'"
        );
    }
}
