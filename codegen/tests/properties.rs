//! Property tests (proptest) of what generate promises for every input, not just the
//! goldens': a literal from Score or a definition reads back from the HCL exactly as written
//! (no `${`/`%{` becomes an interpolation or directive), and the same inputs give the same
//! bytes.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use score_core::FileId;
use score_core::definitions::{Catalog, Context, load_documents};
use score_core::score::{LoadOptions, load};
use score_core::yaml::{parse_documents, parse_single};
use score2hcl::generate::{Inputs, Settings, render};

/// Text that stresses the escaping: template markers, escapes, quotes, newlines, non-ASCII.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("${".to_owned()),
        Just("%{".to_owned()),
        Just("$${".to_owned()),
        Just("$".to_owned()),
        Just("%".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\\".to_owned()),
        Just("\"".to_owned()),
        Just("\n".to_owned()),
        Just("\t".to_owned()),
        Just("~".to_owned()),
        Just("é✓".to_owned()),
        "[a-z .:/-]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// The value Terraform's language gives `x = <expr>`, evaluated by hcl-rs.
fn evaluate(expr: hcl::Expression) -> String {
    let body = hcl::Body::builder()
        .add_attribute(hcl::Attribute::new("x", expr))
        .build();
    let text = hcl::to_string(&body).expect("printing HCL");
    let value: hcl::Value = hcl::eval::from_str(&text, &hcl::eval::Context::new())
        .unwrap_or_else(|e| panic!("evaluating {text:?}: {e}"));
    match value.as_object().and_then(|o| o.get("x")) {
        Some(hcl::Value::String(s)) => s.clone(),
        other => panic!("{text:?} evaluated to {other:?}"),
    }
}

proptest! {
    #[test]
    fn quoted_literals_read_back_unchanged(text in tricky_text()) {
        prop_assert_eq!(evaluate(score2hcl::generate::hcl::quoted(&text)), text);
    }
}

const DEFINITIONS: &str = "\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: pg-git}
entity:
  name: pg-git
  type: postgres
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      source: {url: 'https://github.com/acme/modules.git', path: postgres, rev: v1}
      variables:
        name: ${context.app.id}-${context.res.guresid}
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
    values: {host: '${context.res.id}.example.com'}
  criteria: [{}]
";

/// A workload named `name` asking for `resources` (name → postgres or dns, some shared),
/// with a literal variable holding `literal`.
fn score(name: &str, resources: &[(String, bool, bool)], literal: &str) -> String {
    let mut text = format!(
        "apiVersion: score.dev/v1b1\nmetadata: {{name: {name}}}\ncontainers:\n  main:\n    image: busybox\n    variables:\n      LITERAL: {}\n",
        serde_json_string(literal)
    );
    if !resources.is_empty() {
        text.push_str("resources:\n");
    }
    for (res, postgres, shared) in resources {
        let kind = if *postgres { "postgres" } else { "dns" };
        let id = if *shared {
            format!(", id: shared-{kind}")
        } else {
            String::new()
        };
        text.push_str(&format!("  {res}: {{type: {kind}{id}}}\n"));
    }
    text
}

/// A YAML double-quoted scalar for `text` (JSON strings are YAML).
fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20
                || c == '\u{7f}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || ('\u{80}'..='\u{9f}').contains(&c) =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render_files(scores: &[String]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut workloads = Vec::new();
    for (i, text) in scores.iter().enumerate() {
        let doc = parse_single(FileId(u32::try_from(i).ok()?), text, "score").ok()?;
        workloads.push(load(doc, &LoadOptions::default()).0?);
    }
    let docs = parse_documents(FileId(u32::MAX - 1), DEFINITIONS).expect("definitions");
    let (definitions, diags) = load_documents(&docs);
    assert!(diags.is_empty(), "{diags:?}");
    let catalog = Catalog::builtin();
    let context = Context {
        org_id: "acme".into(),
        app_id: "shop".into(),
        env_id: "dev".into(),
        env_type: "development".into(),
        values: BTreeMap::new(),
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
        out_dir: Path::new("/tmp/properties"),
        origin: "properties",
        with_workloads: true,
    };
    let (files, _) = render(&inputs);
    files.map(|files| {
        files
            .into_iter()
            .map(|f| (f.path.to_string(), f.contents))
            .collect()
    })
}

fn project() -> impl Strategy<Value = Vec<String>> {
    let resources = prop::collection::vec(("[a-z]{1,3}", any::<bool>(), any::<bool>()), 0..4);
    prop::collection::vec((resources, tricky_text()), 1..4).prop_map(|workloads| {
        workloads
            .iter()
            .enumerate()
            .map(|(i, (resources, literal))| {
                let mut unique = resources.clone();
                unique.sort_by(|a, b| a.0.cmp(&b.0));
                unique.dedup_by(|a, b| a.0 == b.0);
                score(&format!("web-{i}"), &unique, literal)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generating_twice_gives_the_same_bytes(scores in project()) {
        let first = render_files(&scores);
        prop_assume!(first.is_some());
        prop_assert_eq!(first, render_files(&scores));
    }
}
