//! Generator tests that need no golden: Terraform exports as definition sources, module
//! source addresses, and relative paths. The goldens (`tests/goldens.rs`) cover the output.

use super::emit::{git_source, normalize, relative};
use super::*;
use crate::cli::GenerateArgs;

const DEF: &str = "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata: {id: dns-echo}\nentity:\n  name: dns-echo\n  type: dns\n  driver_type: echo\n  driver_inputs: {values: {host: a.example.com}}\n  criteria: [{}]\n";

fn json_string(s: &str) -> String {
    score_core::data::json_string(s)
}

/// Generates in a temporary project whose only definitions come from `export`.
fn generate_with_export(export: &str) -> (Option<Vec<OutputFile>>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("score.yaml"),
        "apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {image: nginx}}\nresources: {dns: {type: dns}}\n",
    )
    .expect("score");
    std::fs::write(dir.path().join("export.json"), export).expect("export");
    let args = GenerateArgs {
        definitions: vec!["export.json".into()],
        app: Some("shop".to_owned()),
        env: Some("dev".to_owned()),
        env_type: Some("development".to_owned()),
        ..GenerateArgs::default()
    };
    let mut files = Files::default();
    let (prepared, mut diags) = prepare(&args, dir.path(), &mut files);
    let out = prepared.and_then(|p| {
        let (out, d) = render(&p.inputs());
        diags.extend(d);
        out
    });
    let text = diags
        .iter()
        .map(|d| crate::render::diagnostic(&files, d))
        .collect();
    (out, text)
}

fn main_tf(files: &[OutputFile]) -> String {
    let f = files.iter().find(|f| f.path == "main.tf").expect("main.tf");
    String::from_utf8_lossy(&f.contents).into_owned()
}

#[test]
fn definitions_come_from_terraform_show_json() {
    let export = format!(
        r#"{{"format_version": "1.0", "terraform_version": "1.15.5", "values": {{
          "outputs": {{"bucket": {{"sensitive": false, "value": "not a definition"}}}},
          "root_module": {{"resources": [
            {{"address": "aws_s3_bucket.x", "type": "aws_s3_bucket", "values": {{"bucket": "x"}}}}],
            "child_modules": [{{"address": "module.platform", "resources": [
              {{"address": "module.platform.score_resource_definition.dns", "mode": "managed",
                "type": "score_resource_definition", "values": {{"document": {}}}}}]}}]}}}}}}"#,
        json_string(DEF)
    );
    let (out, diags) = generate_with_export(&export);
    let out = out.unwrap_or_else(|| panic!("{diags}"));
    assert!(main_tf(&out).contains("host = \"a.example.com\""));
}

#[test]
fn definitions_come_from_terraform_output_json() {
    let export = format!(
        r#"{{"definitions": {{"sensitive": false, "type": ["list", "string"], "value": [{}]}},
            "region": {{"sensitive": false, "type": "string", "value": "eu-west-1"}}}}"#,
        json_string(DEF)
    );
    let (out, diags) = generate_with_export(&export);
    let out = out.unwrap_or_else(|| panic!("{diags}"));
    assert!(main_tf(&out).contains("dns_web_dns"));
}

#[test]
fn errors_in_exported_documents_name_the_resource() {
    let bad = DEF.replace("driver_type: echo", "driver_type: helm");
    let export = format!(
        r#"{{"format_version": "1.0", "values": {{"root_module": {{"resources": [
            {{"address": "score_resource_definition.dns", "type": "score_resource_definition",
              "values": {{"document": {}}}}}]}}}}}}"#,
        json_string(&bad)
    );
    let (out, diags) = generate_with_export(&export);
    assert!(out.is_none());
    assert!(
        diags.starts_with("export.json[score_resource_definition.dns]:7:16: error: entity.driver_type: unsupported driver 'helm'"),
        "{diags}"
    );
}

#[test]
fn git_sources() {
    let cases = [
        (
            (
                "https://github.com/a/b.git",
                Some("/m/x/"),
                Some("refs/tags/v1"),
            ),
            "git::https://github.com/a/b.git//m/x?ref=v1",
        ),
        (
            ("git::ssh://git@h/a.git", None, Some("refs/heads/main")),
            "git::ssh://git@h/a.git?ref=main",
        ),
        (
            ("https://h/a.git?depth=1", Some("m"), Some("abc123")),
            "git::https://h/a.git//m?depth=1&ref=abc123",
        ),
        (("https://h/a.git", None, None), "git::https://h/a.git"),
    ];
    for ((url, path, rev), want) in cases {
        assert_eq!(git_source(url, path, rev), want);
    }
}

#[test]
fn relative_paths() {
    let p = |s: &str| normalize(std::path::Path::new(s));
    assert_eq!(
        relative(&p("/a/b/out"), &p("/a/b/modules/x")),
        "../modules/x"
    );
    assert_eq!(relative(&p("/a/b"), &p("/a/b/m")), "m");
    assert_eq!(relative(&p("/a/./b/../c"), &p("/a/c")), "");
    assert_eq!(p("/a/b/../../../x"), std::path::PathBuf::from("/x"));
    assert_eq!(p("../../x"), std::path::PathBuf::from("../../x"));
    assert_eq!(p("a/../../x"), std::path::PathBuf::from("../x"));
}

/// `fixtures/terraform-show-definition.json` is what real Terraform 1.15.5 printed for a
/// `score_resource_definition` (written by the integration test
/// `provider_definitions::resource_lifecycle_import_and_secrets` with `UPDATE_EXPECT=1`).
#[test]
fn the_providers_show_json_loads() {
    let text = include_str!("fixtures/terraform-show-definition.json");
    let docs = score_core::yaml::parse_documents(score_core::FileId(0), text).expect("JSON");
    let embedded = sources::embedded(&docs[0]).expect("an export");
    assert_eq!(
        embedded
            .iter()
            .map(|(label, _)| label.as_str())
            .collect::<Vec<_>>(),
        ["score_resource_definition.dns"]
    );
    let docs = score_core::yaml::parse_documents(score_core::FileId(1), &embedded[0].1)
        .expect("the document parses");
    let (defs, diags) = score_core::definitions::load::load_documents(&docs);
    assert!(diags.is_empty(), "{diags:?}");
    let def = &defs[0];
    assert_eq!(
        (def.id.as_str(), def.name.as_str(), def.kind.as_str()),
        ("dns-echo", "DNS", "dns")
    );
    assert_eq!(def.provision.len(), 1);
    assert_eq!(def.criteria.len(), 2);
}
