//! Reading specs: what comes out for good ones, and where problems point for bad ones.

use super::*;

const FULL: &str = "\
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
    id: shared-db
    params:
      version: 16
      extensions: [uuid-ossp]
  cache:
    type: redis
  dns:
    type: dns
    params:
      host: ${metadata.name}.example.com
";

fn container(name: &str, image: &str) -> Container {
    Container {
        name: name.to_owned(),
        image: image.to_owned(),
    }
}

fn request(
    name: &str,
    uid: &str,
    kind: &str,
    class: &str,
    id: Option<&str>,
    params: Option<&str>,
) -> ResourceRequest {
    ResourceRequest {
        name: name.to_owned(),
        uid: uid.to_owned(),
        kind: kind.to_owned(),
        class: class.to_owned(),
        id: id.map(str::to_owned),
        params: params.map(str::to_owned),
    }
}

#[test]
fn good_specs() {
    // (case, spec, expected)
    let cases = [
        (
            "full YAML",
            FULL.to_owned(),
            Parsed {
                name: "shop".to_owned(),
                containers: vec![container("web", "nginx:1.27"), container("worker", ".")],
                resource_requests: vec![
                    request(
                        "cache",
                        "redis.default#shop.cache",
                        "redis",
                        "default",
                        None,
                        None,
                    ),
                    request(
                        "db",
                        "postgres.large#shared-db",
                        "postgres",
                        "large",
                        Some("shared-db"),
                        Some(r#"{"extensions":["uuid-ossp"],"version":16}"#),
                    ),
                    request(
                        "dns",
                        "dns.default#shop.dns",
                        "dns",
                        "default",
                        None,
                        Some(r#"{"host":"${metadata.name}.example.com"}"#),
                    ),
                ],
            },
        ),
        (
            "JSON",
            r#"{"apiVersion": "score.dev/v1b1", "metadata": {"name": "api"},
                "containers": {"main": {"image": "busybox"}}}"#
                .to_owned(),
            Parsed {
                name: "api".to_owned(),
                containers: vec![container("main", "busybox")],
                resource_requests: vec![],
            },
        ),
    ];
    for (name, spec, expected) in cases {
        let (parsed, problems) = parse(&spec);
        assert_eq!(problems, vec![], "case {name}");
        assert_eq!(parsed, Some(expected), "case {name}");
    }
}

#[test]
fn bad_specs_point_into_the_text() {
    // (case, spec, expected details of errors)
    let cases = [
        ("empty", "", vec!["line 1, col 1: spec is empty"]),
        (
            "not a mapping",
            "just text",
            vec!["line 1, col 1: a Score spec holds a mapping, found a string"],
        ),
        (
            "two documents",
            "a: 1\n---\nb: 2\n",
            vec![
                "line 3, col 1: expected one YAML document in spec, found 2\n\nput each document in its own file",
            ],
        ),
        (
            "empty image",
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: \"\"\n",
            vec!["containers.web.image (line 6, col 12): must not be empty"],
        ),
        (
            "missing containers",
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\n",
            vec!["line 1, col 1: missing required field 'containers'"],
        ),
        (
            "bad placeholder",
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: nginx\n    variables:\n      A: ${resourcs.db.host}\n",
            vec![
                "containers.web.variables.A (line 8, col 10): invalid ref 'resourcs.db.host': unknown reference root, use $$ to escape the substitution",
            ],
        ),
    ];
    for (name, spec, expected) in cases {
        let (parsed, problems) = parse(spec);
        assert_eq!(parsed, None, "case {name}");
        let details: Vec<&str> = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.detail.as_str())
            .collect();
        // Help text may follow the first line; compare what the case spells out.
        let details: Vec<&str> = details
            .iter()
            .zip(&expected)
            .map(|(d, e)| {
                if e.contains('\n') {
                    *d
                } else {
                    d.lines().next().unwrap_or("")
                }
            })
            .collect();
        assert_eq!(details, expected, "case {name}");
    }
}

#[test]
fn warnings_come_with_a_workload() {
    let spec = "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: nginx\n    command: [\"echo ${metadata.name}\"]\n";
    let (parsed, problems) = parse(spec);
    assert!(parsed.is_some());
    let got: Vec<(Severity, String)> = problems
        .iter()
        .map(|p| (p.severity, p.message.clone()))
        .collect();
    assert_eq!(
        got,
        [(
            Severity::Warning,
            "placeholder '${metadata.name}' is not expanded here".to_owned()
        )]
    );
}

#[test]
fn oversized_spec_is_refused_before_parsing() {
    let spec = format!("{FULL}#{}", "x".repeat(10 * 1024 * 1024));
    let (parsed, problems) = parse(&spec);
    assert_eq!(parsed, None);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].message,
        "spec is 10.0 MiB, larger than the 8 MiB limit"
    );
}

#[test]
fn params_json_quotes_and_escapes() {
    let cases = [
        (Data::Str("a\"b".to_owned()), r#""a\"b""#),
        (Data::Null, "null"),
        (
            Data::Map(vec![
                ("z".to_owned(), Data::Int(1)),
                (
                    "a".to_owned(),
                    Data::Seq(vec![Data::Bool(true), Data::Float(1.5)]),
                ),
            ]),
            r#"{"a":[true,1.5],"z":1}"#,
        ),
    ];
    for (data, expected) in cases {
        assert_eq!(json(&data), expected);
    }
}
