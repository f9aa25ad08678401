//! Project file reading and `init`. Mistakes in project files are covered with their exact
//! messages by the CLI case `generate-bad-project`.

use super::*;
use crate::cli::InitArgs;

fn read_text(text: &str) -> (Option<Project>, Vec<Diagnostic>) {
    read(FileId(0), text, "score2hcl.yaml")
}

#[test]
fn a_full_project_reads() {
    let (p, diags) = read_text(
        "apiVersion: score2hcl.dev/v1alpha1\nkind: Project\napp: shop\norg: acme\n\
         workloads: web.yaml\ndefinitions: [a, b]\noutput: out/{env}\n\
         required_providers: {aws: {source: hashicorp/aws, version: '3.39.0'}}\n\
         environments:\n  dev:\n    type: development\n    values: {region: eu-west-1, n: 2}\n\
         \x20   providers: {aws: {region: '${values.region}'}}\n    backend: {local: {path: x}}\n\
         \x20 prod-eu: {type: production}\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let p = p.expect("project");
    assert_eq!(p.app.text, "shop");
    assert_eq!(p.org.as_ref().map(|o| o.text.as_str()), Some("acme"));
    assert_eq!(p.workloads[0].text, "web.yaml");
    assert_eq!(p.definitions.len(), 2);
    assert_eq!(p.environments.len(), 2);
    let dev = p.environment("dev").expect("dev");
    assert_eq!(dev.kind.text, "development");
    assert_eq!(dev.values.get("n"), Some(&Data::Int(2)));
    assert_eq!(dev.providers[0].0.text, "aws");
    assert_eq!(
        dev.backend.as_ref().map(|b| b.0.text.as_str()),
        Some("local")
    );
    assert_eq!(
        p.required_providers["aws"].version.as_deref(),
        Some("3.39.0")
    );
}

#[test]
fn workloads_default_to_score_yaml() {
    let (p, diags) = read_text(
        "apiVersion: score2hcl.dev/v1alpha1\nkind: Project\napp: a1\nenvironments: {dev: {type: development}}\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(p.expect("project").workloads[0].text, "score.yaml");
}

#[test]
fn wrong_version_stops_reading() {
    let (p, diags) = read_text("apiVersion: v2\nkind: Project\napp: BAD\nenvironments: {}\n");
    assert!(p.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].message, "invalid value 'v2'");
}

#[test]
fn app_ids_from_directory_names() {
    assert_eq!(app_from_dir("My Shop_2"), "my-shop-2");
    assert_eq!(app_from_dir("--"), "my-app");
    assert_eq!(app_from_dir(""), "my-app");
    assert!(check_app("Bad_Id").is_err());
}

#[test]
fn init_writes_both_files_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = InitArgs {
        dir: Some(dir.path().to_path_buf()),
        app: Some("hello".to_owned()),
    };
    let mut err = Vec::new();
    assert!(init(&args, &mut err).expect("io"));
    let project = std::fs::read_to_string(dir.path().join(FILE_NAME)).expect("project");
    let (p, diags) = read_text(&project);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(p.expect("project").app.text, "hello");
    let score = std::fs::read_to_string(dir.path().join("score.yaml")).expect("score");
    assert!(score.contains("name: hello"));
    // A second run refuses and changes nothing.
    std::fs::write(dir.path().join("score.yaml"), "mine").expect("write");
    let mut err = Vec::new();
    assert!(!init(&args, &mut err).expect("io"));
    assert!(String::from_utf8_lossy(&err).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("score.yaml")).expect("score"),
        "mine"
    );
}

#[test]
fn init_keeps_an_existing_score_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("score.yaml"), "mine").expect("write");
    let args = InitArgs {
        dir: Some(dir.path().to_path_buf()),
        app: None,
    };
    let mut err = Vec::new();
    assert!(init(&args, &mut err).expect("io"));
    assert!(String::from_utf8_lossy(&err).contains("kept the existing"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("score.yaml")).expect("score"),
        "mine"
    );
    assert!(dir.path().join(FILE_NAME).exists());
}
