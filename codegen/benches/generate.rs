//! `generate` benchmark (issue 6: one workload under 50 ms; 1,000 workloads with 2 resources
//! each under 2 s on this 2-core machine).
//!
//! Run with `cargo bench -p score2hcl --bench generate`. Measures the whole pipeline in memory,
//! from text to the bytes of every file: parse and load the Score files and definitions, build
//! the graph, translate placeholders and print the HCL. Nothing is written. Prints the median of
//! several runs; the numbers are recorded in docs/design/0008-generate.md.

use score_core::FileId;
use score_core::definitions::{Catalog, Context, load_documents};
use score_core::score::{LoadOptions, load};
use score_core::yaml::{parse_documents, parse_single};
use score2hcl::generate::{Inputs, Settings, render};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const DEFINITIONS: &str = "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: postgres-rds}
entity:
  name: postgres-rds
  type: postgres
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      module: {source: acme/rds/aws, version: '~> 6.0'}
      variables:
        identifier: ${context.app.id}-${context.env.id}-${context.res.guresid}
        region: ${values.region}
        instance_class: db.t4g.large
  criteria: [{}]
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: dns-echo}
entity:
  name: dns-echo
  type: dns
  driver_type: humanitec/echo
  driver_inputs:
    values: {host: '${context.res.id}.${context.env.id}.example.com'}
  criteria: [{}]
";

fn score(i: usize) -> String {
    format!(
        "apiVersion: score.dev/v1b1\nmetadata: {{name: w{i}}}\nservice: {{ports: {{web: {{port: 80, targetPort: 8080}}}}}}\n\
         containers:\n  main:\n    image: ghcr.io/acme/w{i}:1.0\n    variables:\n      DB: postgres://${{resources.db.username}}:${{resources.db.password}}@${{resources.db.host}}:${{resources.db.port}}/${{resources.db.name}}\n      URL: https://${{resources.dns.host}}\n\
         resources:\n  db: {{type: postgres}}\n  dns: {{type: dns}}\n"
    )
}

/// Text to files, in memory; returns the total size of the files.
fn generate(scores: &[String]) -> usize {
    let workloads: Vec<_> = scores
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let doc = parse_single(FileId(i as u32), text, "score").expect("score yaml");
            load(doc, &LoadOptions::default()).0.expect("workload")
        })
        .collect();
    let docs = parse_documents(FileId(u32::MAX - 1), DEFINITIONS).expect("definitions yaml");
    let (definitions, _) = load_documents(&docs);
    let catalog = Catalog::builtin();
    let context = Context {
        org_id: "acme".into(),
        app_id: "shop".into(),
        env_id: "dev".into(),
        env_type: "development".into(),
        values: BTreeMap::from([(
            "region".to_owned(),
            score_core::Data::Str("eu-west-1".into()),
        )]),
    };
    let settings = Settings::default();
    let dirs = BTreeMap::new();
    let inputs = Inputs {
        workloads: &workloads,
        definitions: &definitions,
        catalog: &catalog,
        context: &context,
        settings: &settings,
        definition_dirs: &dirs,
        out_dir: Path::new("/tmp/bench"),
        origin: "bench",
        with_workloads: true,
    };
    let (files, diags) = render(&inputs);
    let files = files.unwrap_or_else(|| panic!("{diags:?}"));
    files.iter().map(|f| f.contents.len()).sum()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let mut points = Vec::new();
    for (n, runs) in [(1usize, 21usize), (100, 11), (1_000, 5)] {
        let scores: Vec<String> = (0..n).map(score).collect();
        let bytes = generate(&scores);
        let times = (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(generate(black_box(&scores)));
                start.elapsed()
            })
            .collect();
        let t = median(times);
        println!(
            "generate: {n} workloads x 2 resources -> {} KiB of HCL in {:.1} ms (median of {runs})",
            bytes / 1024,
            t.as_secs_f64() * 1000.0
        );
        points.push((n, t));
    }
    // How cost grows: the slope of log(time) over log(n) between the two largest sizes
    // (1 workload is dominated by fixed costs). 1.0 is linear, 2.0 quadratic.
    let (n1, t1) = points[points.len() - 2];
    let (n2, t2) = points[points.len() - 1];
    let exponent = (t2.as_secs_f64() / t1.as_secs_f64()).ln() / (n2 as f64 / n1 as f64).ln();
    println!("generate: fitted exponent {n1} -> {n2} workloads: {exponent:.2}");
}
