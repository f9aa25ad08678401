//! Data-driven tests of loading: fixture files with expected diagnostics written as caret
//! comments under the offending line, and tables of schema, override and identity cases.

use super::*;
use crate::data::Data;
use crate::source::FileId;
use crate::test_support::{self, expected, render};
use crate::yaml;
use std::collections::BTreeMap;

fn fixture(name: &str) -> String {
    test_support::fixture("score", name)
}

/// Loads `text` and renders every diagnostic as `LINE:COL severity: PATH: MESSAGE`.
fn diagnostics(text: &str) -> Vec<String> {
    let doc = match yaml::parse_single(FileId(0), text, "test") {
        Ok(d) => d,
        Err(d) => return vec![render(&d)],
    };
    let (_, diags) = load(doc, &LoadOptions::default());
    diags.iter().map(render).collect()
}

fn check_fixture(name: &str) {
    let text = fixture(name);
    let mut want = expected(&text);
    let mut got = diagnostics(&text);
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
fn fixtures() {
    for name in [
        "base.yaml",
        "errors-placeholders.yaml",
        "errors-schema.yaml",
    ] {
        check_fixture(name);
    }
}

/// Applies `path=value` overrides to the base document and loads it: the schema table.
fn with_overrides(props: &[&str]) -> Vec<String> {
    let mut doc = yaml::parse_single(FileId(0), &fixture("base.yaml"), "base").unwrap();
    for (i, p) in props.iter().enumerate() {
        if let Err(d) = overrides::apply_property(&mut doc, p, FileId(i as u32 + 1)) {
            return vec![format!("override: {}", d.message)];
        }
    }
    let (_, diags) = load(doc, &LoadOptions::default());
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.headline())
        .collect()
}

#[test]
fn schema_table() {
    // (overrides applied to base.yaml, expected errors; empty = valid)
    let table: &[(&[&str], &[&str])] = &[
        (&[], &[]),
        (&["service.ports={}"], &[]),
        (&["containers.hello.command=[]"], &[]),
        (&["containers.hello.variables={}"], &[]),
        (&["containers.hello.files={}"], &[]),
        (
            &[
                "resources={}",
                "containers.hello.volumes={}",
                "containers.hello.variables={}",
                "containers.hello.files={}",
            ],
            &[],
        ),
        (&["containers.hello.before={}"], &[]),
        (&["service.ports.www.targetPort="], &[]),
        (&["metadata.name=ab"], &[]),
        (
            &[
                "containers.hello.resources.limits.memory=1.5G",
                "containers.hello.resources.limits.cpu='2'",
            ],
            &[],
        ),
        (&["resources.db.id=a.b-c.d"], &[]),
        (&["apiVersion="], &["missing required field 'apiVersion'"]),
        (
            &["metadata.name="],
            &["metadata: missing required field 'name'"],
        ),
        (&["metadata.name=a"], &["metadata.name: invalid value 'a'"]),
        (
            &["metadata.name=-ab"],
            &["metadata.name: invalid value '-ab'"],
        ),
        (
            &["containers={}"],
            &["containers: at least one container is required"],
        ),
        (
            &["containers.hello.image="],
            &["containers.hello: missing required field 'image'"],
        ),
        (
            &["service.ports.www.port=false"],
            &["service.ports.www.port: expected an integer, found a boolean"],
        ),
        (
            &["service.ports.www.port=0"],
            &["service.ports.www.port: port 0 is out of range 1 to 65535"],
        ),
        (
            &["service.ports.www.extra=1"],
            &["service.ports.www.extra: unknown field 'extra'"],
        ),
        (
            &["containers.hello.files./etc/hello-world/config\\.yaml.content=[a]"],
            &[
                "containers.hello.files[\"/etc/hello-world/config.yaml\"].content: expected a string, found a sequence",
            ],
        ),
        (
            &["containers.hello.files./etc/x.binaryContent={a: b}"],
            &[
                "containers.hello.files[\"/etc/x\"].binaryContent: expected a string, found a mapping",
            ],
        ),
        (
            &["containers.hello.files./etc/x.source=''"],
            &["containers.hello.files[\"/etc/x\"].source: must not be empty"],
        ),
        (
            &[
                "containers.hello.files./etc/x.target=/etc/x",
                "containers.hello.files./etc/x.content=a",
            ],
            &["containers.hello.files[\"/etc/x\"].target: unknown field 'target'"],
        ),
        (
            &["containers.hello.readinessProbe.httpGet.scheme=TCP"],
            &["containers.hello.readinessProbe.httpGet.scheme: invalid value 'TCP'"],
        ),
        (
            &["containers.hello.before.sidecar.ready=soon"],
            &["containers.hello.before.sidecar.ready: invalid value 'soon'"],
        ),
        (
            &["containers.hello.before.ghost.ready=started"],
            &[
                "containers.hello.before.ghost: container 'hello' before refers to unknown container 'ghost'",
            ],
        ),
        (
            &["containers.hello.before.hello.ready=started"],
            &[
                "containers.hello.before.hello: container 'hello' has a self-referencing before entry",
            ],
        ),
        (
            &["containers.sidecar.before.hello.ready=complete"],
            &[
                "containers.hello.before: containers before relationships contain a cycle: hello -> sidecar -> hello",
            ],
        ),
        (
            &[
                "containers.hello.livenessProbe=",
                "containers.hello.readinessProbe=",
            ],
            &[
                "containers.hello.before.sidecar: ready 'healthy' requires a readiness or liveness probe on container 'hello'",
            ],
        ),
        (
            &["resources.db.class=cl@ss?"],
            &["resources.db.class: invalid value 'cl@ss?'"],
        ),
        (
            &["resources.db.params=12"],
            &["resources.db.params: expected a mapping, found an integer"],
        ),
        (
            &["resources.db=null"],
            &[
                "containers.hello.variables.DB: invalid ref 'resources.db.username': no known resource 'db'",
                "containers.hello.variables.DB: invalid ref 'resources.db.host': no known resource 'db'",
                "containers.hello.variables.DB: invalid ref 'resources.db.port': no known resource 'db'",
                "resources.dns.params.port: invalid ref 'resources.db.port': no known resource 'db'",
            ],
        ),
        (
            &["resources.db=~1"],
            &["resources.db: expected a mapping, found a string"],
        ),
        (
            &["resources.db.id=Upper"],
            &["resources.db.id: invalid value 'Upper'"],
        ),
        (
            &["resources.db.id=a"],
            &["resources.db.id: invalid value 'a'"],
        ),
        (
            &["resources.db.metadata.annotations.bad key=x"],
            &["resources.db.metadata.annotations[\"bad key\"]: invalid annotation key 'bad key'"],
        ),
        (
            &["containers.hello.resources.requests.cpu=.5"],
            &["containers.hello.resources.requests.cpu: expected a string, found a number"],
        ),
        (
            &["containers.hello.resources.requests.cpu='.5'"],
            &["containers.hello.resources.requests.cpu: invalid value '.5'"],
        ),
        (&["extra=1"], &["extra: unknown field 'extra'"]),
        (
            &["containers.hello.image=."],
            &[
                "containers.hello.image: container 'hello' has image '.' but no --image was provided",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (props, want) in table {
        let got = with_overrides(props);
        if got != *want {
            failures.push(format!(
                "overrides {props:?}\n want {want:?}\n got  {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn override_errors() {
    let table: &[(&str, &str)] = &[
        (
            "noequals",
            "override property 'noequals' is not of the form path=value",
        ),
        (
            "containers.hello.command.x=a",
            "failed to override 'containers.hello.command.x': containers: hello: command: failed to parse 'x' as array index",
        ),
        (
            "containers.hello.command.5=a",
            "failed to override 'containers.hello.command.5': containers: hello: command: cannot set '5' in array: out of range",
        ),
        (
            "containers.hello.command.5=",
            "failed to override 'containers.hello.command.5': containers: hello: command: cannot remove '5' in array: out of range",
        ),
        (
            "metadata.name.x=a",
            "failed to override 'metadata.name.x': metadata: name: cannot set path in non-map/non-array",
        ),
        ("metadata.name=[a", "invalid YAML: "),
    ];
    for (prop, want) in table {
        let got = with_overrides(&[prop]);
        assert!(
            got.len() == 1 && got[0].starts_with(&format!("override: {want}")),
            "{prop}: got {got:?}"
        );
    }
}

#[test]
fn overrides_edit_the_document() {
    let mut doc = yaml::parse_single(FileId(0), &fixture("base.yaml"), "base").unwrap();
    for p in [
        "containers.hello.command.-1=extra",
        "containers.hello.command.0=/bin/sh",
        "containers.hello.args.0=",
        "containers.hello.variables.NEW=\"1\"",
        "metadata.annotations.ab\\.cd/ef=d",
    ] {
        overrides::apply_property(&mut doc, p, FileId(9)).unwrap();
    }
    let file = yaml::parse_single(
        FileId(8),
        "metadata:\n  tier: null\n  extra: {k: v}\ncontainers:\n  sidecar:\n    image: redis\n",
        "o",
    )
    .unwrap();
    overrides::merge_file(&mut doc, &file).unwrap();
    let (w, diags) = load(doc, &LoadOptions::default());
    assert!(!diag::has_errors(&diags), "{diags:?}");
    let w = w.unwrap();
    let hello = &w.containers["hello"];
    let cmd: Vec<&str> = hello
        .command
        .as_ref()
        .unwrap()
        .iter()
        .map(|t| t.as_str())
        .collect();
    assert_eq!(cmd, ["/bin/sh", "extra"]);
    assert!(hello.args.as_ref().unwrap().is_empty());
    assert_eq!(hello.variables["NEW"].as_str(), "1");
    assert_eq!(w.containers["sidecar"].image.as_str(), "redis");
    assert_eq!(w.metadata.annotations["ab.cd/ef"].as_str(), "d");
    let md = w.metadata.node.to_data();
    assert_eq!(md.get("tier"), None);
    assert_eq!(
        md.get("extra").and_then(|e| e.get("k")),
        Some(&Data::Str("v".into()))
    );
    // The overridden value points into the override text, after "containers.hello.variables.NEW=".
    assert_eq!(hello.variables["NEW"].span().file, FileId(9));
    assert_eq!(hello.variables["NEW"].span().start.col, 32);
}

#[test]
fn image_is_replaced_by_the_flag() {
    let text = fixture("base.yaml").replace("image: busybox", "image: .");
    let doc = yaml::parse_single(FileId(0), &text, "t").unwrap();
    let (w, diags) = load(
        doc,
        &LoadOptions {
            image: Some("registry/app@sha256:abc"),
        },
    );
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let w = w.unwrap();
    assert_eq!(
        w.containers["hello"].image.as_str(),
        "registry/app@sha256:abc"
    );
    assert_eq!(
        w.containers["sidecar"].image.as_str(),
        "registry/app@sha256:abc"
    );
}

#[test]
fn deprecated_lists_are_upgraded() {
    let text = "apiVersion: score.dev/v1b1\nmetadata: {name: old}\ncontainers:\n  ctr:\n    image: x\n    files:\n      - target: /etc/a\n        content: [line1, line2]\n      - target: /etc/b\n        source: ./b\n    volumes:\n      - target: /data\n        source: ${resources.vol}\n        read_only: true\nresources:\n  vol: {type: volume}\n";
    let doc = yaml::parse_single(FileId(0), text, "t").unwrap();
    let (w, diags) = load(doc, &LoadOptions::default());
    let warnings: Vec<String> = diags.iter().map(render).collect();
    assert_eq!(
        warnings,
        [
            "6:5 warning: containers.ctr.files: the list form of 'files' is deprecated",
            "11:5 warning: containers.ctr.volumes: the list form of 'volumes' is deprecated"
        ]
    );
    let c = &w.unwrap().containers["ctr"];
    match &c.files["/etc/a"].source {
        FileSource::Content(t) => assert_eq!(t.as_str(), "line1\nline2"),
        other => panic!("{other:?}"),
    }
    assert!(c.volumes["/data"].read_only);
    let bad = "apiVersion: score.dev/v1b1\nmetadata: {name: old}\ncontainers:\n  ctr:\n    image: x\n    files:\n      - content: a\n";
    let doc = yaml::parse_single(FileId(0), bad, "t").unwrap();
    let (_, diags) = load(doc, &LoadOptions::default());
    assert!(
        diags
            .iter()
            .map(render)
            .any(|d| d == "7:9 error: containers.ctr.files[0]: missing required field 'target'"),
        "{diags:?}"
    );
}

fn workload(text: &str) -> Workload {
    let doc = yaml::parse_single(FileId(0), text, "t").unwrap();
    let (w, diags) = load(doc, &LoadOptions::default());
    w.unwrap_or_else(|| panic!("{diags:?}"))
}

fn wl(name: &str, resources: &str) -> Workload {
    workload(&format!(
        "apiVersion: score.dev/v1b1\nmetadata: {{name: {name}}}\ncontainers: {{main: {{image: x}}}}\nresources:\n{resources}"
    ))
}

#[test]
fn resource_uids() {
    let w = wl(
        "work",
        "  my-res: {type: res-type}\n  bb: {type: res-type, class: something}\n  cc: {type: res-type, id: something}\n",
    );
    let uids: Vec<String> = w
        .resources
        .iter()
        .map(|(n, r)| ResourceUid::of(w.name(), n, r).to_string())
        .collect();
    assert_eq!(
        uids,
        [
            "res-type.something#work.bb",
            "res-type.default#something",
            "res-type.default#work.my-res"
        ]
    );
}

#[test]
fn shared_resources_and_order() {
    let render = |ws: &[Workload]| {
        let (res, diags) = collect_resources(ws);
        let res: Vec<String> = res
            .iter()
            .map(|r| format!("{} from {}", r.uid, r.source_workload))
            .collect();
        let diags: Vec<String> = diags.iter().map(|d| d.headline()).collect();
        (res, diags)
    };
    // score-go state_test: sharing by id, params taken from the declaration that has them.
    let a = wl(
        "example",
        "  four: {type: thing4, id: elephant}\n  five: {type: thing4, id: elephant, metadata: {x: y}, params: {color: blue}}\n",
    );
    assert_eq!(
        render(&[a]),
        (
            vec!["thing4.default#elephant from example".to_owned()],
            vec![]
        )
    );
    let e1 = wl(
        "example1",
        "  one: {type: thing}\n  two: {type: thing2, id: dog}\n",
    );
    let e2 = wl(
        "example2",
        "  one: {type: thing}\n  two: {type: thing2, id: dog, params: {a: b}}\n",
    );
    assert_eq!(
        render(&[e2.clone(), e1.clone()]).0,
        [
            "thing.default#example1.one from example1",
            "thing.default#example2.one from example2",
            "thing2.default#dog from example2"
        ]
    );
    // Conflicting params and metadata.
    let c1 = wl(
        "c1",
        "  rr: {type: thing, id: elephant, params: {x: a}, metadata: {m: 1}}\n",
    );
    let c2 = wl(
        "c2",
        "  rr: {type: thing, id: elephant, params: {x: y}, metadata: {m: 2}}\n",
    );
    assert_eq!(
        render(&[c1, c2]).1,
        [
            "resources.rr.params: resource 'thing.default#elephant': multiple definitions with different params",
            "resources.rr.metadata: resource 'thing.default#elephant': multiple definitions with different metadata"
        ]
    );
    // Order by params references, ties by UID.
    let o = wl(
        "eg",
        "  res1: {type: thing, params: {x: '${resources.res2.blah}'}}\n  res2: {type: thing}\n  res0: {type: thing}\n",
    );
    assert_eq!(
        render(&[o]).0,
        [
            "thing.default#eg.res0 from eg",
            "thing.default#eg.res2 from eg",
            "thing.default#eg.res1 from eg"
        ]
    );
    // Cycles name their members.
    let cyc = wl(
        "eg",
        "  aa: {type: thing, params: {x: '${resources.bb.x}'}}\n  bb: {type: thing, params: {x: '${resources.aa.x}'}}\n",
    );
    assert_eq!(
        render(&[cyc]).1,
        [
            "resources.aa.params: a cycle exists involving resource param placeholders: thing.default#eg.aa -> thing.default#eg.bb -> thing.default#eg.aa"
        ]
    );
    let selfref = wl(
        "eg",
        "  aa: {type: thing, params: {x: '${resources.aa.x}'}}\n",
    );
    assert_eq!(
        render(&[selfref]).1,
        [
            "resources.aa.params: a cycle exists involving resource param placeholders: thing.default#eg.aa -> thing.default#eg.aa"
        ]
    );
    // Duplicate workload names.
    assert_eq!(
        render(&[e1.clone(), e1]).1,
        ["metadata.name: workload name 'example1' is used more than once"]
    );
}

#[test]
fn resolve_substitutes_where_score_expands() {
    let w = workload(&fixture("base.yaml"));
    let outputs: BTreeMap<String, Data> = [
        (
            "db".to_owned(),
            Data::Map(vec![
                ("host".into(), Data::Str("pg".into())),
                ("port".into(), Data::Int(5432)),
                ("username".into(), Data::Str("u".into())),
            ]),
        ),
        ("data".to_owned(), Data::Map(vec![])),
    ]
    .into_iter()
    .collect();
    let out = resolve(&w, &outputs, &mut |_| Err("unused".into())).unwrap();
    let hello = out.get("containers").and_then(|c| c.get("hello")).unwrap();
    let s = |d: Option<&Data>| d.and_then(Data::as_str).map(str::to_owned);
    assert_eq!(
        s(hello.get("variables").and_then(|v| v.get("DB"))).as_deref(),
        Some("postgres://u@pg:5432/app")
    );
    assert_eq!(
        s(hello.get("args").and_then(|a| if let Data::Seq(i) = a {
            i.first()
        } else {
            None
        }))
        .as_deref(),
        Some("Hello $(FRIEND)")
    );
    let files = hello.get("files").unwrap();
    assert_eq!(
        s(files
            .get("/etc/hello-world/config.yaml")
            .and_then(|f| f.get("content")))
        .as_deref(),
        Some("team: payments\n")
    );
    assert_eq!(
        s(files.get("/etc/raw.txt").and_then(|f| f.get("content"))).as_deref(),
        Some("${not a placeholder}")
    );
    assert_eq!(
        s(hello
            .get("volumes")
            .and_then(|v| v.get("/mnt/data"))
            .and_then(|v| v.get("source")))
        .as_deref(),
        Some("volume.default#hello-world.data")
    );
    let dns = out
        .get("resources")
        .and_then(|r| r.get("dns"))
        .and_then(|d| d.get("params"))
        .unwrap();
    assert_eq!(dns.get("port"), Some(&Data::Int(5432)));
    assert_eq!(
        s(dns.get("host")).as_deref(),
        Some("hello-world.example.com")
    );

    // A referenced output that is missing, and a resource with no outputs at all.
    let mut partial = outputs.clone();
    partial.remove("db");
    let errs = resolve(&w, &partial, &mut |_| Err("unused".into())).unwrap_err();
    let msgs: Vec<String> = errs.iter().map(render).collect();
    assert!(msgs.contains(&"21:22 error: containers.hello.variables.DB: invalid ref 'resources.db.username': no outputs given for resource 'db'".to_owned()), "{msgs:#?}");
}

#[test]
fn resolve_inlines_file_sources() {
    let text = "apiVersion: score.dev/v1b1\nmetadata: {name: wl}\ncontainers:\n  ctr:\n    image: x\n    files:\n      /a: {source: a.txt}\n      /b: {source: b.bin}\n      /c: {source: a.txt, noExpand: true}\n";
    let w = workload(text);
    let mut read = |name: &str| -> Result<Vec<u8>, String> {
        match name {
            "a.txt" => Ok(b"name=${metadata.name}".to_vec()),
            "b.bin" => Ok(vec![0xff, 0x00]),
            _ => Err("no such file".into()),
        }
    };
    let out = resolve(&w, &BTreeMap::new(), &mut read).unwrap();
    let files = out
        .get("containers")
        .and_then(|c| c.get("ctr"))
        .and_then(|c| c.get("files"))
        .unwrap();
    assert_eq!(
        files.get("/a").and_then(|f| f.get("content")),
        Some(&Data::Str("name=wl".into()))
    );
    assert_eq!(
        files.get("/b").and_then(|f| f.get("binaryContent")),
        Some(&Data::Str("/wA=".into()))
    );
    assert_eq!(
        files.get("/c").and_then(|f| f.get("content")),
        Some(&Data::Str("name=${metadata.name}".into()))
    );
}
