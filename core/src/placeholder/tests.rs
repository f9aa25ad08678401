//! The conformance table of score-go's `framework/substitution_test.go`, plus our own rows.

use super::*;

fn map(entries: &[(&str, Data)]) -> Data {
    Data::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

fn s(v: &str) -> Data {
    Data::Str(v.to_owned())
}

fn metadata() -> Data {
    map(&[
        ("name", s("test-name")),
        ("other", map(&[("key", s("value"))])),
        ("annotations", map(&[("key.com/foo-bar", s("thing"))])),
        ("list", Data::Seq(vec![s("zero"), s("one")])),
    ])
}

/// The scope every table row sees, built from [`metadata`] and [`resources`].
fn scope<'a>(md: &'a Data, res: &'a BTreeMap<String, Option<Data>>) -> Scope<'a> {
    Scope {
        metadata: md,
        resources: res,
        require_outputs: false,
    }
}

fn resources() -> BTreeMap<String, Option<Data>> {
    let mut r = BTreeMap::new();
    r.insert(
        "static".to_owned(),
        Some(map(&[
            ("x", s("a")),
            ("port", Data::Int(5432)),
            ("nested", map(&[("b", Data::Bool(true)), ("a", Data::Null)])),
        ])),
    );
    r.insert("pending".to_owned(), None);
    r
}

/// Substitutes `input` and renders the result or the errors, one per line.
fn run(input: &str) -> String {
    let md = metadata();
    let res = resources();
    let scope = scope(&md, &res);
    match substitute(&parse(input), &scope) {
        Ok(out) => out,
        Err(failures) => failures
            .iter()
            .map(|f| format!("error: {f}"))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn substitution_table() {
    let table: &[(&str, &str)] = &[
        // score-go: escapes and literals.
        ("", ""),
        ("abc", "abc"),
        ("$abc", "$abc"),
        ("abc $$ abc", "abc $ abc"),
        ("$${abc}", "${abc}"),
        ("$$$${abc}", "$${abc}"),
        ("$${abc .4t3298y *(^&(*}", "${abc .4t3298y *(^&(*}"),
        (
            "$$${abc}",
            "error: invalid ref 'abc': unknown reference root, use $$ to escape the substitution",
        ),
        (
            "$$$$${abc}",
            "error: invalid ref 'abc': unknown reference root, use $$ to escape the substitution",
        ),
        // score-go: metadata.
        ("my name is ${metadata.name}", "my name is test-name"),
        (
            "my name is ${}",
            "error: invalid ref '': unknown reference root, use $$ to escape the substitution",
        ),
        ("${metadata.other}", r#"{"key":"value"}"#),
        ("${metadata.other.key}", "value"),
        (
            "${metadata}",
            "error: invalid ref 'metadata': requires at least a metadata key to lookup",
        ),
        (
            "${metadata.missing}",
            "error: invalid ref 'metadata.missing': key 'missing' not found",
        ),
        (
            "${metadata.name.foo}",
            "error: invalid ref 'metadata.name.foo': cannot lookup key 'foo', context is not a map",
        ),
        (r"${metadata.annotations.key\.com/foo-bar}", "thing"),
        (
            r"my name is ${metadata.thing\.two}",
            r"error: invalid ref 'metadata.thing\.two': key 'thing.two' not found",
        ),
        // score-go: resources.
        (
            "${resources.missing}",
            "error: invalid ref 'resources.missing': no known resource 'missing'",
        ),
        ("${resources.static.x}", "a"),
        (
            "${resources.static.y}",
            "error: invalid ref 'resources.static.y': key 'y' not found",
        ),
        // Ours: non-strings are JSON-encoded, keys sorted; lone and unclosed dollars.
        (
            "postgres://${resources.static.x}:${resources.static.port}/db",
            "postgres://a:5432/db",
        ),
        ("${resources.static.nested}", r#"{"a":null,"b":true}"#),
        ("${metadata.list.1}", "one"),
        (
            "${metadata.list.7}",
            "error: invalid ref 'metadata.list.7': key '7' not found",
        ),
        ("cost: 5$", "cost: 5$"),
        ("${unclosed", "${unclosed"),
        ("$${unclosed", "${unclosed"),
        ("a$$", "a$"),
        (
            "${resources}",
            "error: invalid ref 'resources': requires at least a resource name to lookup",
        ),
        (
            "${resources.static}",
            "error: invalid ref 'resources.static': at least one lookup key is required",
        ),
        (
            "${resources.static.this has spaces!}",
            "error: invalid ref 'resources.static.this has spaces!': malformed, each element must be non-empty and made of letters, digits, '_', '-' or '/'",
        ),
        (
            "${resources..x}",
            "error: invalid ref 'resources..x': malformed, each element must be non-empty and made of letters, digits, '_', '-' or '/'",
        ),
        (
            "${cheese.res-one.value}",
            "error: invalid ref 'cheese.res-one.value': unknown reference root, use $$ to escape the substitution",
        ),
        (
            "${resources.pending.anything}",
            "${resources.pending.anything}",
        ),
        (
            "${metadata.missing} and ${metadata.nope}",
            "error: invalid ref 'metadata.missing': key 'missing' not found\nerror: invalid ref 'metadata.nope': key 'nope' not found",
        ),
        ("héllo ${metadata.name} wörld", "héllo test-name wörld"),
    ];
    let mut failures = Vec::new();
    for (input, expected) in table {
        let got = run(input);
        if got != *expected {
            failures.push(format!(
                "input:    {input:?}\nexpected: {expected:?}\ngot:      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn parts_for_translation() {
    let t = parse("postgres://${resources.db.user}:$${x}@${resources.db.host}");
    let rendered: Vec<String> = t
        .parts
        .iter()
        .map(|p| match p {
            Part::Literal(s) => format!("lit {s:?}"),
            Part::Ref(r) => format!("ref {:?} @{} len {}", r.keys, r.offset, r.len),
        })
        .collect();
    assert_eq!(
        rendered,
        [
            r#"lit "postgres://""#,
            r#"ref ["resources", "db", "user"] @11 len 20"#,
            r#"lit ":${x}@""#,
            r#"ref ["resources", "db", "host"] @38 len 20"#,
        ]
    );
}

#[test]
fn typed_substitution_keeps_the_type_of_a_whole_reference() {
    let md = metadata();
    let res = resources();
    let scope = scope(&md, &res);
    let typed = |input: &str| substitute_typed(&parse(input), &scope).unwrap();
    assert_eq!(typed("${resources.static.port}"), Data::Int(5432));
    assert_eq!(typed("port ${resources.static.port}"), s("port 5432"));
    assert_eq!(typed("${metadata.other}"), map(&[("key", s("value"))]));
}

#[test]
fn escape_round_trips() {
    for literal in [
        "", "$", "${x}", "$${x}", "a$$b", "${", "}$", "$$$", "${${}", "${a$b}", "$${${x}}",
    ] {
        let md = metadata();
        let res = resources();
        let scope = scope(&md, &res);
        let back = substitute(&parse(&escape(literal)), &scope).unwrap();
        assert_eq!(back, literal);
    }
}

#[test]
fn substitution_in_any_root_follows_score_go() {
    let values = map(&[
        ("metadata", metadata()),
        (
            "app",
            map(&[("port", Data::Int(8080)), ("name", s("shop"))]),
        ),
    ]);
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("", Ok("")),
        ("abc $$ abc", Ok("abc $ abc")),
        ("$${app.name}", Ok("${app.name}")),
        ("${app.name}:${app.port}", Ok("shop:8080")),
        ("${app}", Ok(r#"{"name":"shop","port":8080}"#)),
        ("${metadata.annotations.key\\.com/foo-bar}", Ok("thing")),
        ("${metadata.list.1}", Ok("one")),
        (
            "${}",
            Err(
                "invalid ref '': malformed, each element must be non-empty and made of letters, digits, '_', '-' or '/'",
            ),
        ),
        (
            "${app.missing}",
            Err("invalid ref 'app.missing': key 'missing' not found"),
        ),
        (
            "${app.name.x}",
            Err("invalid ref 'app.name.x': cannot lookup key 'x', context is not a map"),
        ),
        (
            "${nope.x}",
            Err("invalid ref 'nope.x': key 'nope' not found"),
        ),
    ];
    for (input, expected) in cases {
        let got = substitute_in(&parse(input), &values).map_err(|f| f[0].to_string());
        let want = expected.map(str::to_owned).map_err(str::to_owned);
        assert_eq!(got, want, "{input}");
    }
}
