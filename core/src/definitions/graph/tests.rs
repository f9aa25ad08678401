//! Graph tables: each row is Score workloads plus definitions, and the edges (or the error)
//! expected. Resources are written `type.class#res_id`; `W` abbreviates `modules.web`.

use super::*;
use crate::definitions::load::load_documents;
use crate::score::{LoadOptions, load};
use crate::source::FileId;
use crate::yaml::{parse_documents, parse_single};

/// A workload `w` (or the given name) with `resources` as YAML flow text.
fn workload(name: &str, resources: &str) -> Workload {
    let text = format!(
        "apiVersion: score.dev/v1b1\nmetadata: {{name: {name}}}\ncontainers:\n  main: {{image: busybox}}\nresources: {resources}\n"
    );
    let doc = parse_single(FileId(0), &text, "score").expect("score yaml");
    let (w, diags) = load(doc, &LoadOptions::default());
    w.unwrap_or_else(|| panic!("score: {diags:?}"))
}

/// A definition document from a compact spec.
fn def(id: &str, kind: &str, body: &str) -> String {
    format!(
        "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata: {{id: {id}}}\nentity:\n  name: {id}\n  type: {kind}\n{body}\n"
    )
}

fn echo(id: &str, kind: &str, values: &str, extra: &str) -> String {
    def(
        id,
        kind,
        &format!(
            "  driver_type: echo\n  driver_inputs: {{values: {values}}}\n{extra}\n  criteria: [{{}}]"
        ),
    )
}

fn run(workloads: &[Workload], defs: &[String]) -> (Option<Graph>, Vec<Diagnostic>) {
    let text = defs.join("---\n");
    let docs = parse_documents(FileId(1), &text).expect("definitions yaml");
    let (definitions, diags) = load_documents(&docs);
    assert!(!diag::has_errors(&diags), "definitions: {diags:?}\n{text}");
    let catalog = Catalog::builtin();
    let context = Context {
        org_id: "acme".into(),
        app_id: "shop".into(),
        env_id: "dev".into(),
        env_type: "development".into(),
        values: Default::default(),
    };
    let input = GraphInput {
        workloads,
        definitions: &definitions,
        catalog: &catalog,
        context: &context,
    };
    build(&input)
}

fn short(key: &ResourceKey) -> String {
    key.to_string()
        .replace("modules.web.externals.", "W.")
        .replace("modules.web", "W")
}

fn edges(g: &Graph) -> Vec<String> {
    let mut out: Vec<String> = g
        .edges
        .iter()
        .map(|e| {
            format!(
                "{} -> {}",
                short(&g.nodes[e.from].key),
                short(&g.nodes[e.to].key)
            )
        })
        .collect();
    out.sort();
    out
}

fn order(g: &Graph) -> Vec<String> {
    g.order.iter().map(|&i| short(&g.nodes[i].key)).collect()
}

struct Row {
    name: &'static str,
    resources: &'static str,
    defs: Vec<String>,
    edges: &'static [&'static str],
}

#[test]
fn edge_table() {
    let rows = vec![
        Row {
            name: "a workload needs its resources; no workload definition is fine",
            resources: "{db: {type: postgres}}",
            defs: vec![def(
                "pgx",
                "postgres",
                "  driver_type: echo\n  driver_inputs: {values: {host: h, port: 1, name: n}, secrets: {username: u, password: p}}\n  criteria: [{}]",
            )],
            edges: &["workload.default#W -> postgres.default#W.db"],
        },
        Row {
            name: "a reference creates the resource, inheriting class and id",
            resources: "{bb: {type: s3, class: big}}",
            defs: vec![
                def(
                    "s3-big",
                    "s3",
                    "  driver_type: echo\n  driver_inputs: {values: {bucket: '${resources.config.outputs.name}'}}\n  criteria: [{class: big}]",
                ),
                def(
                    "cfg-big",
                    "config",
                    "  driver_type: echo\n  criteria: [{class: big}]",
                ),
            ],
            edges: &[
                "s3.big#W.bb -> config.big#W.bb",
                "workload.default#W -> s3.big#W.bb",
            ],
        },
        Row {
            name: "explicit class and id in bracket form",
            resources: "{bb: {type: s3}}",
            defs: vec![
                echo(
                    "s3x",
                    "s3",
                    "{bucket: '${resources[''config.base#platform''].outputs.name}'}",
                    "",
                ),
                def(
                    "cfg-base",
                    "config",
                    "  driver_type: echo\n  criteria: [{class: base}]",
                ),
            ],
            edges: &[
                "s3.default#W.bb -> config.base#platform",
                "workload.default#W -> s3.default#W.bb",
            ],
        },
        Row {
            name: "is_dependent: the co-provisioned resource needs the provisioning one",
            resources: "{bb: {type: s3}}",
            defs: vec![
                echo(
                    "s3x",
                    "s3",
                    "{bucket: x}",
                    "  provision: {aws-policy: {is_dependent: true}}",
                ),
                echo("pol", "aws-policy", "{arn: a}", ""),
            ],
            edges: &[
                "aws-policy.default#W.bb -> s3.default#W.bb",
                "workload.default#W -> s3.default#W.bb",
            ],
        },
        Row {
            name: "is_dependent false: no edge between the two",
            resources: "{bb: {type: s3}}",
            defs: vec![
                echo("s3x", "s3", "{bucket: x}", "  provision: {aws-policy: {}}"),
                echo("pol", "aws-policy", "{arn: a}", ""),
            ],
            edges: &["workload.default#W -> s3.default#W.bb"],
        },
        Row {
            name: "match_dependents: dependents of the main resource need the co-provisioned one",
            resources: "{bb: {type: s3}}",
            defs: vec![
                echo(
                    "s3x",
                    "s3",
                    "{bucket: x}",
                    "  provision: {aws-policy.s3#policies: {match_dependents: true}}",
                ),
                def(
                    "pol",
                    "aws-policy",
                    "  driver_type: echo\n  driver_inputs: {values: {arn: a}}\n  criteria: [{class: s3}]",
                ),
            ],
            edges: &[
                "workload.default#W -> aws-policy.s3#policies",
                "workload.default#W -> s3.default#W.bb",
            ],
        },
        Row {
            name: "match_dependents propagates through chains of co-provisioning",
            resources: "{bb: {type: s3}}",
            defs: vec![
                echo(
                    "s3x",
                    "s3",
                    "{bucket: x}",
                    "  provision: {aws-policy: {match_dependents: true}}",
                ),
                echo(
                    "pol",
                    "aws-policy",
                    "{arn: a}",
                    "  provision: {config: {match_dependents: true}}",
                ),
                echo("cfg", "config", "{x: 1}", ""),
            ],
            edges: &[
                "workload.default#W -> aws-policy.default#W.bb",
                "workload.default#W -> config.default#W.bb",
                "workload.default#W -> s3.default#W.bb",
            ],
        },
        Row {
            name: "selector workload>aws-policy collects what the workload needs",
            resources: "{aa: {type: s3}, bb: {type: sqs}}",
            defs: vec![
                echo(
                    "s3x",
                    "s3",
                    "{bucket: x}",
                    "  provision: {aws-policy.s3: {match_dependents: true}}",
                ),
                echo(
                    "sqs",
                    "sqs",
                    "{arn: q, url: u}",
                    "  provision: {aws-policy.sqs: {match_dependents: true}}",
                ),
                def(
                    "pols",
                    "aws-policy",
                    "  driver_type: echo\n  driver_inputs: {values: {arn: a}}\n  criteria: [{class: s3}, {class: sqs}]",
                ),
                echo(
                    "wlx",
                    "workload",
                    "{role: '${resources.aws-role.outputs.arn}'}",
                    "",
                ),
                echo(
                    "role",
                    "aws-role",
                    "{policies: '${resources.workload>aws-policy.outputs.arn}'}",
                    "",
                ),
            ],
            edges: &[
                "aws-role.default#W -> aws-policy.s3#W.aa",
                "aws-role.default#W -> aws-policy.sqs#W.bb",
                "workload.default#W -> aws-policy.s3#W.aa",
                "workload.default#W -> aws-policy.sqs#W.bb",
                "workload.default#W -> aws-role.default#W",
                "workload.default#W -> s3.default#W.aa",
                "workload.default#W -> sqs.default#W.bb",
            ],
        },
        Row {
            name: "selector base<type: dependents of the base",
            resources: "{dd: {type: dns}, r1: {type: route}, r2: {type: route}}",
            defs: vec![
                echo("dns", "dns", "{host: h}", ""),
                echo(
                    "route",
                    "route",
                    "{host: '${resources[''dns#modules.web.externals.dd''].outputs.host}'}",
                    "",
                ),
                echo(
                    "ingress",
                    "config",
                    "{paths: '${resources[''dns#modules.web.externals.dd<route''].outputs.path}'}",
                    "",
                ),
                echo(
                    "wlx",
                    "workload",
                    "{x: '${resources[''config#ing''].outputs.paths}'}",
                    "",
                ),
            ],
            edges: &[
                "config.default#ing -> route.default#W.r1",
                "config.default#ing -> route.default#W.r2",
                "route.default#W.r1 -> dns.default#W.dd",
                "route.default#W.r2 -> dns.default#W.dd",
                "workload.default#W -> config.default#ing",
                "workload.default#W -> dns.default#W.dd",
                "workload.default#W -> route.default#W.r1",
                "workload.default#W -> route.default#W.r2",
            ],
        },
        Row {
            name: "Score params referencing another resource",
            resources: "{aa: {type: dns}, bb: {type: route, params: {host: '${resources.aa.host}'}}}",
            defs: vec![
                echo("dns", "dns", "{host: h}", ""),
                echo("route", "route", "{}", ""),
            ],
            edges: &[
                "route.default#W.bb -> dns.default#W.aa",
                "workload.default#W -> dns.default#W.aa",
                "workload.default#W -> route.default#W.bb",
            ],
        },
    ];
    let mut failures = Vec::new();
    for row in rows {
        let (g, diags) = run(&[workload("web", row.resources)], &row.defs);
        let Some(g) = g else {
            failures.push(format!("{}: no graph: {diags:#?}", row.name));
            continue;
        };
        let got = edges(&g);
        if got != row.edges {
            failures.push(format!(
                "{}:\n  expected {:#?}\n  got {got:#?}",
                row.name, row.edges
            ));
        }
        // Every resource comes after those it needs.
        let pos: HashMap<usize, usize> = g.order.iter().enumerate().map(|(p, &n)| (n, p)).collect();
        for e in &g.edges {
            if pos[&e.to] >= pos[&e.from] {
                failures.push(format!(
                    "{}: order puts {} before {}",
                    row.name, e.from, e.to
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_resources_are_one_node() {
    let a = workload("wa", "{dns: {type: dns, id: api}}");
    let b = workload("wb", "{dns: {type: dns, id: api}}");
    let (g, diags) = run(&[a, b], &[echo("dns", "dns", "{host: h}", "")]);
    let g = g.unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(
        order(&g),
        [
            "dns.default#shared.api",
            "workload.default#modules.wa",
            "workload.default#modules.wb"
        ]
    );
}

#[test]
fn order_is_deterministic_and_by_key() {
    let w = workload("web", "{zz: {type: dns}, aa: {type: dns}, mm: {type: s3}}");
    let defs = [
        echo("dns", "dns", "{host: h}", ""),
        echo("s3x", "s3", "{bucket: b}", ""),
    ];
    let first = order(&run(std::slice::from_ref(&w), &defs).0.expect("graph"));
    assert_eq!(
        first,
        [
            "dns.default#W.aa",
            "dns.default#W.zz",
            "s3.default#W.mm",
            "workload.default#W"
        ]
    );
    for _ in 0..5 {
        assert_eq!(
            order(&run(std::slice::from_ref(&w), &defs).0.expect("graph")),
            first
        );
    }
}

#[test]
fn cycles_are_reported_with_every_edge() {
    let w = workload("web", "{aa: {type: dns}}");
    let defs = [
        echo(
            "dns",
            "dns",
            "{host: '${resources.route.outputs.path}'}",
            "",
        ),
        echo("route", "route", "{x: '${resources.config.outputs.x}'}", ""),
        echo("cfg", "config", "{x: '${resources.dns.outputs.host}'}", ""),
    ];
    let (g, diags) = run(&[w], &defs);
    assert!(g.is_none());
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        d.message,
        "resource graph has a cycle: dns.default#modules.web.externals.aa -> route.default#modules.web.externals.aa \
         -> config.default#modules.web.externals.aa -> dns.default#modules.web.externals.aa"
    );
    assert_eq!(d.notes.len(), 3, "{d:#?}");
    // Each note points at the placeholder that made its edge, in the definitions file.
    assert!(d.notes.iter().all(|n| n.span.file == FileId(1)));
    assert!(d.notes[0].message.contains("(definition placeholder)"));
    assert_eq!(d.span, d.notes[0].span);
}

#[test]
fn a_self_reference_is_a_cycle() {
    let w = workload("web", "{aa: {type: dns}}");
    let defs = [echo(
        "dns",
        "dns",
        "{host: '${resources.dns.outputs.host}'}",
        "",
    )];
    let (g, diags) = run(&[w], &defs);
    assert!(g.is_none());
    assert!(
        diags.iter().any(|d| d.message
            == "resource graph has a cycle: dns.default#modules.web.externals.aa -> dns.default#modules.web.externals.aa"),
        "{diags:#?}"
    );
}

#[test]
fn no_match_names_the_resource_and_each_rejection() {
    let w = workload("web", "{db: {type: postgres, class: large}}");
    let defs = [echo("pgx", "postgres", "{host: h}", "")];
    let (g, diags) = run(&[w], &defs);
    assert!(g.is_none());
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        d.headline(),
        "resources.db: no resource definition matches postgres.large#modules.web.externals.db \
         (type 'postgres', class 'large', res id 'modules.web.externals.db')"
    );
    assert_eq!(d.notes.len(), 1);
    assert_eq!(
        d.notes[0].message,
        "definition 'pgx' rejected: criteria {class: default}: class is 'large', not 'default'"
    );
}

#[test]
fn a_referenced_resource_without_definition_says_who_referenced_it() {
    let w = workload("web", "{aa: {type: dns}}");
    let defs = [echo(
        "dns",
        "dns",
        "{host: '${resources[''config#zones''].outputs.zone}'}",
        "",
    )];
    let (_, diags) = run(&[w], &defs);
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert!(
        d.message
            .ends_with(", referenced by dns.default#modules.web.externals.aa"),
        "{}",
        d.message
    );
    assert_eq!(d.span.file, FileId(1), "points into the definitions");
}

#[test]
fn graph_select_matches_the_edges_built() {
    let w = workload("web", "{aa: {type: s3}}");
    let defs = [
        echo(
            "s3x",
            "s3",
            "{bucket: x}",
            "  provision: {aws-policy: {match_dependents: true}}",
        ),
        echo("pol", "aws-policy", "{arn: a}", ""),
    ];
    let g = run(&[w], &defs).0.expect("graph");
    let wl = g
        .find(&ResourceKey::new("workload", "default", "modules.web"))
        .expect("workload node");
    let base = Target::parse("workload").expect("target");
    let picked = g.select(wl, &base, Direction::Dependencies, "aws-policy", None);
    assert_eq!(picked.len(), 1);
    assert_eq!(short(&g.nodes[picked[0]].key), "aws-policy.default#W.aa");
}

#[test]
fn an_environment_resource_needs_no_definition() {
    let w = workload("web", "{env: {type: environment}, db: {type: postgres}}");
    let defs = [echo("pgx", "postgres", "{host: h}", "")];
    let (g, diags) = run(&[w], &defs);
    assert!(!diag::has_errors(&diags), "{diags:?}");
    let g = g.expect("graph");
    let env = g
        .find(&ResourceKey::new(
            "environment",
            "default",
            "modules.web.externals.env",
        ))
        .expect("environment node");
    assert_eq!(g.nodes[env].definition, None);
}

#[test]
fn target_inherits_class_and_id_from_the_referencing_node() {
    let w = workload("web", "{aa: {type: s3, class: big}}");
    let defs = [
        def(
            "s3x",
            "s3",
            "  driver_type: echo\n  driver_inputs: {values: {bucket: '${resources.aws-policy.outputs.arn}'}}\n  criteria: [{class: big}]",
        ),
        def(
            "pol",
            "aws-policy",
            "  driver_type: echo\n  driver_inputs: {values: {arn: a}}\n  criteria: [{class: big}]",
        ),
    ];
    let g = run(&[w], &defs).0.expect("graph");
    let s3 = g
        .find(&ResourceKey::new("s3", "big", "modules.web.externals.aa"))
        .expect("s3 node");
    let policy = g
        .target(s3, &Target::parse("aws-policy").expect("target"))
        .expect("policy node");
    assert_eq!(short(&g.nodes[policy].key), "aws-policy.big#W.aa");
    assert_eq!(g.target(s3, &Target::parse("dns").expect("target")), None);
    assert_eq!(g.target(99, &Target::parse("s3").expect("target")), None);
}
