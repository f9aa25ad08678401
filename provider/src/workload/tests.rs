//! The Score provider's registrations and the Terraform values of a parsed workload.

use super::*;
use crate::framework::StopToken;
use std::sync::Arc;

const SPEC: &str = "\
apiVersion: score.dev/v1b1
metadata:
  name: shop
containers:
  web:
    image: nginx
resources:
  db:
    type: postgres
    params: {size: 2}
";

fn expected_outputs() -> Value {
    Value::object([
        ("name", Value::string("shop")),
        (
            "containers",
            Value::List(vec![Value::object([
                ("name", Value::string("web")),
                ("image", Value::string("nginx")),
            ])]),
        ),
        (
            "resource_requests",
            Value::List(vec![Value::object([
                ("name", Value::string("db")),
                ("uid", Value::string("postgres.default#shop.db")),
                ("type", Value::string("postgres")),
                ("class", Value::string("default")),
                ("id", Value::Null),
                ("params", Value::string(r#"{"size":2}"#)),
            ])]),
        ),
    ])
}

fn context() -> Context {
    Context::new(
        StopToken::never(),
        Arc::new(WorkloadDataSource.schema()),
        None,
    )
}

#[test]
fn registration_succeeds() {
    let registered = try_provider();
    assert!(registered.is_ok(), "{registered:?}");
    assert!(provider().broken_error().is_none());
    assert!(crate::ADDRESS.ends_with(&format!("/{TYPE_NAME}")));
}

#[test]
fn every_attribute_has_a_description() {
    fn walk(block: &Block, path: &str, missing: &mut Vec<String>) {
        for (name, a) in &block.attributes {
            let here = format!("{path}{name}");
            if a.description == crate::framework::Description::None {
                missing.push(here.clone());
            }
            if let crate::framework::AttributeType::Nested(n) = &a.ty {
                let inner = Block {
                    attributes: n.attributes.clone(),
                    ..Block::default()
                };
                walk(&inner, &format!("{here}."), missing);
            }
        }
    }
    let mut missing = Vec::new();
    walk(&WorkloadDataSource.schema().block, "", &mut missing);
    walk(
        &resource::WorkloadResource.schema().block,
        "resource.",
        &mut missing,
    );
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn function_returns_the_data_source_outputs() {
    let result = ParseWorkload.call(vec![Value::string(SPEC)]);
    assert_eq!(result, Ok(expected_outputs()));
    assert_eq!(
        ParseWorkload.signature().return_type,
        workload_type(),
        "the signature promises the type the call returns"
    );
}

#[test]
fn function_errors_name_the_argument() {
    let cases = [
        (
            Value::string("apiVersion: score.dev/v1b1\n"),
            "invalid Score spec:\nline 1, col 1: missing required field 'containers'\nline 1, col 1: missing required field 'metadata'",
        ),
        (Value::Null, "spec must be a string"),
    ];
    for (argument, text) in cases {
        let error = ParseWorkload.call(vec![argument]);
        assert_eq!(error, Err(FunctionError::argument(0, text)));
    }
    assert_eq!(
        ParseWorkload.call(vec![Value::unknown()]),
        Ok(Value::unknown())
    );
}

#[tokio::test]
async fn data_source_reads_outputs_and_keeps_spec() {
    let ctx = context();
    let mut diags = Diagnostics::new();
    let config = Value::object([
        ("spec", Value::string(SPEC)),
        ("name", Value::Null),
        ("containers", Value::Null),
        ("resource_requests", Value::Null),
    ]);
    let state = WorkloadDataSource.read(&ctx, config, &mut diags).await;
    assert!(diags.is_empty(), "{diags:?}");
    let Value::Object(mut expected) = expected_outputs() else {
        unreachable!("expected_outputs is an object");
    };
    expected.insert("spec".to_owned(), Value::string(SPEC));
    assert_eq!(state, Value::Object(expected));
}

#[tokio::test]
async fn data_source_problems_are_on_spec() {
    let ctx = context();
    let spec = "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: \"\"\n    command: [\"${metadata.name}\"]\n";
    let config = Value::object([("spec", Value::string(spec))]);
    let mut diags = Diagnostics::new();
    let state = WorkloadDataSource
        .read(&ctx, config.clone(), &mut diags)
        .await;
    assert_eq!(state, Value::Null);
    let got: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.severity,
                d.summary.as_str(),
                d.detail.lines().next().unwrap_or(""),
                d.attribute.as_ref().map(ToString::to_string),
            )
        })
        .collect();
    let spec_path = Some("spec".to_owned());
    assert_eq!(
        got,
        [(
            crate::framework::Severity::Error,
            "must not be empty",
            "containers.web.image (line 6, col 12): must not be empty",
            spec_path.clone(),
        )]
    );
    // Validation reports the same error and never the warnings.
    let mut diags = Diagnostics::new();
    WorkloadDataSource.validate(&ctx, &config, &mut diags);
    assert_eq!(diags.iter().count(), 1);
    assert!(diags.iter().all(|d| d.is_error()));
}

/// The committed reference pages match the schema; `UPDATE_EXPECT=1` rewrites them.
#[test]
fn reference_pages_are_current() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (path, text) in reference_pages() {
        let file = root.join(path);
        if update {
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).expect("creating the docs folder");
            }
            std::fs::write(&file, &text).expect("writing a reference page");
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale reference pages {stale:?}: run `UPDATE_EXPECT=1 cargo test -p \
         terraform-provider-score --lib reference_pages` and review the diff"
    );
}

/// Every registered resource, data source and function has its example in the Registry
/// layout and a reference page, so nothing ships undocumented.
#[test]
fn every_feature_has_an_example_and_a_page() {
    let provider = super::try_provider().expect("the provider registers");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = reference_pages();
    let pages: Vec<&str> = pages.iter().map(|(p, _)| *p).collect();
    let short = |name: &str| name.strip_prefix("score_").unwrap_or(name).to_owned();
    let mut expected = Vec::new();
    for name in provider.resources.keys() {
        expected.push((
            format!("examples/resources/{name}/resource.tf"),
            format!("docs/resources/{}.md", short(name)),
        ));
    }
    for name in provider.data_sources.keys() {
        expected.push((
            format!("examples/data-sources/{name}/data-source.tf"),
            format!("docs/data-sources/{}.md", short(name)),
        ));
    }
    for name in provider.functions.keys() {
        expected.push((
            format!("examples/functions/{name}/function.tf"),
            format!("docs/functions/{name}.md"),
        ));
    }
    let missing: Vec<String> = expected
        .into_iter()
        .flat_map(|(example, page)| {
            let no_example = (!root.join(&example).is_file()).then_some(example);
            let no_page = (!pages.contains(&page.as_str())).then_some(page);
            no_example.into_iter().chain(no_page)
        })
        .collect();
    assert!(missing.is_empty(), "missing examples or pages: {missing:?}");
}
