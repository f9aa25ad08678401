//! Matching and graph benchmarks (issue: 1,000 requests against 10,000 definitions and the
//! graph of 500 workloads with 3 resources each, each under a second on a 2-core machine).
//!
//! Run with `cargo bench -p score-core --bench definitions`; prints one line per measurement
//! (median of several runs). Plain `std::time`, no harness: the numbers go to BENCHMARKS.md.

use score_core::definitions::graph::{GraphInput, build};
use score_core::definitions::{Catalog, Context, MatchRequest, Matcher, load_documents};
use score_core::score::{LoadOptions, load};
use score_core::source::FileId;
use score_core::yaml::{parse_documents, parse_single};
use std::hint::black_box;
use std::time::{Duration, Instant};

const TYPES: &[&str] = &[
    "postgres", "redis", "s3", "sqs", "dns", "mysql", "config", "amqp",
];

/// `n` definitions spread over the types, each with criteria of varying specificity.
fn definitions_yaml(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let kind = TYPES[i % TYPES.len()];
        let criteria = match i % 4 {
            0 => format!("{{env_type: type-{}}}", i % 7),
            1 => format!("{{app_id: app-{}, env_type: type-{}}}", i % 50, i % 7),
            2 => format!("{{env_id: env-{}, app_id: app-{}}}", i % 20, i % 50),
            _ => format!("{{res_id: shared.r{i}, class: c{}}}", i % 3),
        };
        out.push_str(&format!(
            "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata: {{id: def-{i}}}\n\
             entity:\n  name: def-{i}\n  type: {kind}\n  driver_type: echo\n  driver_inputs:\n    values: {{x: '${{context.app.id}}'}}\n  criteria: [{criteria}]\n---\n"
        ));
    }
    out
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn bench_matching() {
    let text = definitions_yaml(10_000);
    let load_time = time(3, || {
        let docs = parse_documents(FileId(0), &text).expect("yaml");
        load_documents(&docs)
    });
    let docs = parse_documents(FileId(0), &text).expect("yaml");
    let (defs, diags) = load_documents(&docs);
    assert!(diags.is_empty(), "{:?}", &diags[..diags.len().min(3)]);
    let requests: Vec<(String, String, String, String, String)> = (0..1000)
        .map(|i| {
            (
                TYPES[i % TYPES.len()].to_owned(),
                format!("shared.r{}", i * 7 % 10_000),
                format!("app-{}", i % 50),
                format!("env-{}", i % 20),
                format!("type-{}", i % 7),
            )
        })
        .collect();
    let match_time = time(5, || {
        let matcher = Matcher::new(&defs);
        let mut found = 0;
        for (kind, res_id, app, env, env_type) in &requests {
            let req = MatchRequest {
                kind,
                class: "default",
                res_id,
                app_id: app,
                env_id: env,
                env_type,
            };
            found += usize::from(matcher.find(&req).is_some());
        }
        found
    });
    println!("load 10,000 definitions (YAML parse + check): {load_time:?}");
    println!("match 1,000 requests against 10,000 definitions: {match_time:?}");
}

fn bench_graph(workloads: usize) -> Duration {
    let score: Vec<_> = (0..workloads)
        .map(|i| {
            let text = format!(
                "apiVersion: score.dev/v1b1\nmetadata: {{name: wl-{i}}}\ncontainers:\n  main: {{image: busybox}}\n\
                 resources:\n  db: {{type: postgres}}\n  cache: {{type: redis}}\n  dns: {{type: dns, id: shared-dns}}\n"
            );
            let doc = parse_single(FileId(1), &text, "score").expect("score");
            load(doc, &LoadOptions::default()).0.expect("workload")
        })
        .collect();
    let defs_text = "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: pg-rds}
entity:
  name: pg
  type: postgres
  driver_type: terraform
  driver_inputs:
    values:
      module: {source: acme/rds/aws, version: 1.0.0}
      variables: {subnets: '${resources.config#network.outputs.subnets}', name: '${context.res.guresid}'}
  provision: {aws-policy: {match_dependents: true}}
  criteria: [{}]
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: redis}
entity: {name: redis, type: redis, driver_type: echo, driver_inputs: {values: {host: h, port: 1}}, criteria: [{}]}
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: dns-echo}
entity: {name: dns, type: dns, driver_type: echo, driver_inputs: {values: {host: h}}, criteria: [{}]}
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: cfg-net}
entity: {name: cfg, type: config, driver_type: echo, driver_inputs: {values: {subnets: [a, b]}}, criteria: [{}]}
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: pol-echo}
entity: {name: pol, type: aws-policy, driver_type: echo, driver_inputs: {values: {arn: a}}, criteria: [{}]}
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: wl-role}
entity:
  name: wl-role
  type: workload
  driver_type: echo
  driver_inputs: {values: {policies: '${resources.workload>aws-policy.outputs.arn}'}}
  criteria: [{}]
";
    let docs = parse_documents(FileId(2), defs_text).expect("defs");
    let (defs, diags) = load_documents(&docs);
    assert!(diags.is_empty(), "{diags:?}");
    let catalog = Catalog::builtin();
    let context = Context {
        app_id: "shop".into(),
        env_id: "dev".into(),
        env_type: "development".into(),
        ..Default::default()
    };
    let input = GraphInput {
        workloads: &score,
        definitions: &defs,
        catalog: &catalog,
        context: &context,
    };
    let mut nodes = 0;
    let mut edges = 0;
    let t = time(5, || {
        let (g, d) = build(&input);
        let g = g.unwrap_or_else(|| panic!("{d:?}"));
        nodes = g.nodes.len();
        edges = g.edges.len();
        g
    });
    println!("graph of {workloads} workloads x 3 resources ({nodes} nodes, {edges} edges): {t:?}");
    t
}

fn main() {
    bench_matching();
    let points: Vec<(usize, Duration)> = [100, 250, 500].map(|n| (n, bench_graph(n))).into();
    // The slope of log(time) over log(workloads) from the smallest to the largest graph:
    // 1.0 is linear, 2.0 quadratic.
    let (n1, t1) = points[0];
    let (n2, t2) = points[points.len() - 1];
    let exponent = (t2.as_secs_f64() / t1.as_secs_f64()).ln() / (n2 as f64 / n1 as f64).ln();
    println!("graph: fitted exponent {n1} -> {n2} workloads: {exponent:.2}");
}
