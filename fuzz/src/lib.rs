//! The checks behind the fuzz targets, one function per target.
//!
//! Each function takes the fuzzer's bytes and panics when a promise is broken; returning is
//! a pass. It returns how many deep checks the input reached (values round-tripped, files
//! parsed back...), so the replay test can tell seeds that exercise the promise from seeds
//! that are turned away at the door. Keeping them here, not in `fuzz_targets/`, lets `cargo test` replay the seed
//! corpora and every past finding (`fuzz/regressions/`) without libFuzzer, so a finding stays
//! fixed once it becomes a file. `scripts/fuzz.sh` runs the targets for a bounded time.
//!
//! Beyond "does not panic", each check states what the code promises for any input:
//! diagnostics point inside the text they are about, `escape` inverts `parse`, a decoded
//! value encodes and decodes back to itself, a definition is found by a request its own
//! criterion describes, and generated HCL parses back and is a fixed point of its formatter.

use std::collections::BTreeMap;
use std::path::Path;

use score_core::definitions::{
    Catalog, Context, Definition, MatchRequest, Matcher, load::check_duplicates, load_documents,
};
use score_core::placeholder::{self, Part};
use score_core::score::{self, LoadOptions, Workload};
use score_core::yaml::{parse_documents, parse_single};
use score_core::{Data, Diagnostic, FileId};
use score2hcl::generate::{Inputs, Settings, render};
use terraform_provider_score::value::{self, Type};

/// The file id the fuzzed text is given; other ids belong to fixed inputs.
const FUZZED: FileId = FileId(0);

/// The Score loader: YAML parse, schema checks, placeholder checks.
pub fn score_file(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    usize::from(load_workload(text).is_some())
}

/// Parses and checks one Score file, asserting every diagnostic points inside `text`.
fn load_workload(text: &str) -> Option<Workload> {
    let doc = match parse_single(FUZZED, text, "score") {
        Ok(doc) => doc,
        Err(diag) => {
            assert_inside(text, &[diag]);
            return None;
        }
    };
    let (workload, diags) = score::load(doc, &LoadOptions::default());
    assert_inside(text, &diags);
    let workload = workload?;
    assert_inside(text, &score::check_placeholders(&workload));
    Some(workload)
}

/// Every diagnostic about the fuzzed file names a line of it, and a column no further than
/// one past that line's end: an editor or CI annotation must land on real text.
fn assert_inside(text: &str, diags: &[Diagnostic]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for diag in diags.iter().filter(|d| d.span.file == FUZZED) {
        for pos in [diag.span.start, diag.span.end] {
            let line = usize::try_from(pos.line).unwrap_or(usize::MAX);
            assert!(
                (1..=lines.len()).contains(&line),
                "{diag:?} points at line {line} of a text of {} lines",
                lines.len()
            );
            let width = lines[line - 1].len() + 1;
            let col = usize::try_from(pos.col).unwrap_or(usize::MAX);
            assert!(
                (1..=width).contains(&col),
                "{diag:?} points at column {col} of a line {width} bytes wide (with its end)"
            );
        }
    }
}

/// The placeholder parser: `escape` is the exact inverse of `parse`, and a parse never
/// loses or invents text.
pub fn placeholder(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let escaped = placeholder::escape(text);
    let parsed = placeholder::parse(&escaped);
    let literal: String = parsed
        .parts
        .iter()
        .map(|part| match part {
            Part::Literal(s) => s.as_str(),
            Part::Ref(r) => panic!("escape({text:?}) = {escaped:?} parses to a reference {r:?}"),
        })
        .collect();
    assert_eq!(literal, text, "escape({text:?}) = {escaped:?}");

    // Parsing the raw text must terminate and give parts that cover it; references keep
    // their raw text, so the parts never hold more bytes than a template can spell.
    let template = placeholder::parse(text);
    let mut refs = 0;
    for r in template.refs() {
        assert!(r.raw.len() <= text.len(), "{r:?} is longer than {text:?}");
        refs += 1;
    }
    refs
}

/// The definitions loader and the matcher: loading reports problems with positions inside
/// the text, and a request that one criterion of a definition describes exactly finds a
/// definition of that type (that one, or one as specific).
pub fn definitions(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let docs = match parse_documents(FUZZED, text) {
        Ok(docs) => docs,
        Err(diag) => {
            assert_inside(text, &[diag]);
            return 0;
        }
    };
    let (defs, diags) = load_documents(&docs);
    assert_inside(text, &diags);
    assert_inside(text, &check_duplicates(&defs));
    let matcher = Matcher::new(&defs);
    let mut matched = 0;
    for def in defs.iter().filter(|d| !d.is_deleted) {
        for criterion in &def.criteria {
            let request = MatchRequest {
                kind: def.kind.as_str(),
                class: &criterion.class,
                res_id: criterion.res_id.as_deref().unwrap_or("modules.web.db"),
                app_id: criterion.app_id.as_deref().unwrap_or("shop"),
                env_id: criterion.env_id.as_deref().unwrap_or("dev"),
                env_type: criterion.env_type.as_deref().unwrap_or("development"),
            };
            let found = matcher.find(&request);
            assert!(
                found.is_some(),
                "{request:?} is what criterion {criterion} of {} describes, yet nothing matched",
                def.id.as_str()
            );
            assert_eq!(
                found.map(|m| m.definition.kind.as_str()),
                Some(request.kind)
            );
            matched += 1;
        }
    }
    matched
}

/// The types DynamicValues are decoded as: the provider's own shapes and the corners of the
/// type system (dynamic, sets, tuples, nested collections).
const TYPES: &[&str] = &[
    r#""dynamic""#,
    r#""string""#,
    r#""number""#,
    r#""bool""#,
    r#"["list","string"]"#,
    r#"["set","number"]"#,
    r#"["map",["map","string"]]"#,
    r#"["tuple",["string","number","bool"]]"#,
    r#"["list","dynamic"]"#,
    r#"["object",{"spec":"string","context":["object",{"app_id":"string","env_id":"string","values":["map","string"]}],"resources":["map",["map","string"]],"secret_outputs":["map",["set","string"]]}]"#,
    r#"["set",["object",{"name":"string","n":"number","tags":["set","string"]}]]"#,
    r#"["map","dynamic"]"#,
];

/// The DynamicValue decoder. The first byte picks a type and the encoding; the rest is the
/// payload. Whatever decodes is a value of that type: it encodes, and decodes back equal.
pub fn dynamic_value(data: &[u8]) -> usize {
    let Some((&selector, payload)) = data.split_first() else {
        return 0;
    };
    let ty = Type::from_json(TYPES[usize::from(selector >> 1) % TYPES.len()].as_bytes())
        .expect("the fixed types parse");
    let decoded = if selector & 1 == 0 {
        value::decode_msgpack(payload, &ty)
    } else {
        value::decode_json(payload, &ty)
    };
    let Ok(decoded) = decoded else {
        return 0;
    };
    round_trip(&decoded, &ty);
    1
}

/// The encoder may drop what Terraform would refuse or that says nothing (an empty string
/// prefix, a prefix past 256 bytes), so a value is not always its own round trip; but what
/// the encoder writes decodes, and encoding that again writes the same bytes: nothing is lost
/// twice and no value drifts as it passes between Terraform and the provider.
fn round_trip(decoded: &value::Value, ty: &Type) {
    let bytes = value::encode_msgpack(decoded, ty)
        .unwrap_or_else(|e| panic!("{decoded:?} decoded as {ty:?} but does not encode: {e:?}"));
    let again = value::decode_msgpack(&bytes, ty).unwrap_or_else(|e| {
        panic!("{decoded:?} encoded as {bytes:?}, which does not decode: {e:?}")
    });
    let bytes_again = value::encode_msgpack(&again, ty)
        .unwrap_or_else(|e| panic!("{again:?} decoded from {bytes:?} does not encode: {e:?}"));
    assert_eq!(bytes_again, bytes, "{decoded:?} then {again:?}");
    assert_eq!(
        value::decode_msgpack(&bytes_again, ty).as_ref(),
        Ok(&again),
        "msgpack {bytes:?}"
    );
}

/// Definitions for the generate target when the input brings none: one per driver shape
/// (a Terraform module by git source, an echo, a delegator) so a fuzzed workload reaches
/// every emitter.
const DEFINITIONS: &str = include_str!("../seeds/definitions.yaml");

/// Separates the Score text from the definitions text in a generate input.
const SEPARATOR: u8 = 0;

/// `generate`: a Score file (and, after a NUL byte, definitions) in; every `.tf` file out
/// parses as HCL, and printing what was parsed gives back the same text and structure, so
/// the module is what `terraform fmt` would leave alone.
pub fn generate(data: &[u8]) -> usize {
    let (score_bytes, defs_bytes) = match data.iter().position(|&b| b == SEPARATOR) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, DEFINITIONS.as_bytes()),
    };
    let (Ok(score_text), Ok(defs_text)) = (
        std::str::from_utf8(score_bytes),
        std::str::from_utf8(defs_bytes),
    ) else {
        return 0;
    };
    let Some(workload) = load_workload(score_text) else {
        return 0;
    };
    let Ok(docs) = parse_documents(FileId(1), defs_text) else {
        return 0;
    };
    let (defs, _) = load_documents(&docs);
    let (files, diags) = render_files(std::slice::from_ref(&workload), &defs);
    let rendered = !files.is_empty();
    let mut checked = 0;
    let mut specs = 0;
    for (path, text) in files {
        // A definition's inline script is the platform engineer's text: generate warns when
        // it is not HCL and writes it as it is. Everything else is generate's own.
        let warned = format!("{path} is not valid HCL");
        if diags.iter().any(|d| d.message.starts_with(&warned)) {
            continue;
        }
        if path.ends_with(".tf") {
            specs += check_hcl(&path, &text, &workload);
            checked += 1;
        }
    }
    // The module has the workload's resource, once.
    assert_eq!(
        specs,
        usize::from(rendered),
        "score_workload resources written"
    );
    checked + specs
}

fn render_files(
    workloads: &[Workload],
    definitions: &[Definition],
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let catalog = Catalog::builtin();
    let context = Context {
        org_id: "acme".into(),
        app_id: "shop".into(),
        env_id: "dev".into(),
        env_type: "development".into(),
        values: environment_values(),
    };
    let settings = Settings::default();
    // Local module paths in the seed definitions are relative to the platform example's
    // definitions, and generate checks that they are directories.
    let dirs = BTreeMap::from([(
        FileId(1),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/platform/definitions"),
    )]);
    let inputs = Inputs {
        workloads,
        definitions,
        catalog: &catalog,
        context: &context,
        settings: &settings,
        definition_dirs: &dirs,
        out_dir: Path::new("/app/deploy"),
        origin: "fuzz",
        with_workloads: true,
    };
    let (files, diags) = render(&inputs);
    let files = files
        .unwrap_or_default()
        .into_iter()
        .map(|f| {
            let text = String::from_utf8(f.contents)
                .unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", f.path));
            (f.path, text)
        })
        .collect();
    (files, diags)
}

/// The values the seed definitions read, as the app example's development environment has
/// them.
fn environment_values() -> BTreeMap<String, Data> {
    let text = |s: &str| Data::Str(s.to_owned());
    let list = |items: &[&str]| Data::Seq(items.iter().map(|s| text(s)).collect());
    BTreeMap::from([
        ("region".to_owned(), text("eu-west-1")),
        ("vpc_id".to_owned(), text("vpc-1")),
        (
            "private_subnet_ids".to_owned(),
            list(&["subnet-1", "subnet-2"]),
        ),
        ("workload_security_group_ids".to_owned(), list(&["sg-1"])),
        (
            "oidc_provider_arn".to_owned(),
            text("arn:aws:iam::1:oidc-provider/x"),
        ),
        ("oidc_issuer".to_owned(), text("oidc.example.com/id/X")),
        ("zone_id".to_owned(), text("Z1")),
        ("zone_name".to_owned(), text("dev.example.com")),
        ("ingress_host".to_owned(), text("ingress.example.com")),
        ("bucket_prefix".to_owned(), text("acme-dev")),
        ("retention_days".to_owned(), Data::Int(7)),
    ])
}

/// `text` parses as HCL, and every `score_workload` spec in it, read as Terraform reads a
/// template, is a Score file that loads as a workload of the same name: the provider gets
/// what the developer wrote. Returns how many specs it checked.
///
/// (Printing the parsed body and parsing it again is no test of generate: hcl-rs prints a
/// template back from its parts and loses escapes that follow a `$`, writing `$%{` for
/// `$%%{` and `$${` for `$$${`. The fuzzer found both.)
fn check_hcl(path: &str, text: &str, workload: &Workload) -> usize {
    let body = hcl_edit::parser::parse_body(text)
        .unwrap_or_else(|e| panic!("{path} is not HCL: {e}\n{text}"));
    specs(path, &body)
        .into_iter()
        .map(|(label, spec)| {
            let loaded = load_workload(&spec)
                .unwrap_or_else(|| panic!("{path}: the spec of {label} does not load:\n{spec}"));
            assert_eq!(loaded.name(), workload.name(), "{path}: {label}");
        })
        .count()
}

/// The `spec` of each `score_workload` in `text`, as Terraform reads it: a heredoc or string
/// whose template is all literal text. An interpolation or directive is a finding: the spec
/// must reach the provider as written. hcl-edit, not hcl-rs, reads it: hcl-rs prints a
/// template back from its parts and so reads `$$${` (a `$`, then an escaped `${`) as `${`,
/// where Terraform gives `$${`.
fn specs(path: &str, body: &hcl_edit::structure::Body) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for block in body.get_blocks("resource") {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let [kind, name] = labels[..] else { continue };
        if kind != "score_workload" {
            continue;
        }
        let label = format!("score_workload.{name}");
        let attr = block
            .body
            .get_attribute("spec")
            .unwrap_or_else(|| panic!("{path}: {label} has no spec"));
        let template = match &attr.value {
            hcl_edit::expr::Expression::String(s) => {
                found.push((label, s.value().clone()));
                continue;
            }
            hcl_edit::expr::Expression::HeredocTemplate(h) => &h.template,
            other => panic!("{path}: the spec of {label} is not a heredoc or string: {other:?}"),
        };
        let mut spec = String::new();
        for element in template.iter() {
            match element {
                hcl_edit::template::Element::Literal(s) => spec.push_str(s.value()),
                other => panic!("{path}: the spec of {label} holds a template part {other:?}"),
            }
        }
        found.push((label, spec));
    }
    found
}
