//! Plan, apply, read, import and upgrade of `score_workload`, driven directly.

use super::*;
use crate::framework::StopToken;
use crate::framework::plan::{inconsistencies, unknown_paths};
use std::sync::Arc;

const SPEC: &str = "\
apiVersion: score.dev/v1b1
metadata:
  name: shop
containers:
  web:
    image: nginx
    variables:
      DB: postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}
resources:
  db:
    type: postgres
";

fn ctx() -> Context {
    Context::new(
        StopToken::never(),
        Arc::new(WorkloadResource.schema()),
        None,
    )
}

fn outputs(host: Value, password: Value) -> Value {
    Value::Map(BTreeMap::from([(
        "db".to_owned(),
        Value::Map(BTreeMap::from([
            ("host".to_owned(), host),
            ("username".to_owned(), Value::string("shop")),
            ("password".to_owned(), password),
        ])),
    )]))
}

/// A configuration: every input set, every computed attribute null.
fn config(spec: &str, resources: Value) -> Value {
    let mut attrs = BTreeMap::new();
    for name in WorkloadResource.schema().block.attributes.keys() {
        attrs.insert(name.clone(), Value::Null);
    }
    attrs.insert("spec".to_owned(), Value::string(spec));
    attrs.insert(
        "context".to_owned(),
        Value::object([
            ("app_id", Value::string("shop")),
            ("env_id", Value::string("dev")),
            ("env_type", Value::Null),
            ("org_id", Value::Null),
            ("values", Value::Null),
        ]),
    );
    attrs.insert("resources".to_owned(), resources);
    Value::Object(attrs)
}

/// Plans `config` over `prior` (value and private state; `State::default()` for a create).
async fn plan(prior: &State, config: &Value) -> (PlanResponse, Diagnostics) {
    let mut diags = Diagnostics::new();
    let request = PlanRequest {
        prior_state: prior.value.clone(),
        proposed_new_state: config.clone(),
        config: config.clone(),
        prior_private: prior.private.clone(),
    };
    let response = WorkloadResource.plan(&ctx(), request, &mut diags).await;
    (response, diags)
}

/// Applies `planned` (its planned value and private state) over `prior`.
async fn apply(prior: &Value, planned: &PlanResponse, config: &Value) -> State {
    let mut diags = Diagnostics::new();
    let request = ApplyRequest {
        prior_state: prior.clone(),
        planned_state: planned.planned_state.clone(),
        config: config.clone(),
        planned_private: planned.planned_private.clone(),
    };
    let state = WorkloadResource.apply(&ctx(), request, &mut diags).await;
    assert!(diags.is_empty(), "{diags:?}");
    state
}

fn create() -> State {
    State {
        value: Value::Null,
        private: Vec::new(),
    }
}

fn attr<'a>(v: &'a Value, name: &str) -> &'a Value {
    v.get_attr(name).unwrap_or(&Value::Null)
}

#[tokio::test]
async fn unknown_outputs_plan_unknown_then_apply_keeps_every_promise() {
    let config_plan = config(SPEC, outputs(Value::unknown(), Value::string("pw")));
    let (response, diags) = plan(&create(), &config_plan).await;
    assert!(diags.is_empty(), "{diags:?}");
    let planned = response.planned_state.clone();
    assert_eq!(attr(&planned, "name"), &Value::string("shop"));
    assert!(attr(&planned, "resource_requests").is_wholly_known());
    for name in ["resolved", "secret_manifest", "revision"] {
        assert!(
            !attr(&planned, name).is_known(),
            "{name} is unknown at plan"
        );
    }
    // The unknown host only flows into a secret variable, so the manifests are known.
    assert!(attr(&planned, "manifests").is_wholly_known());
    // The password is the only secret; its presence (hence the Secret's name) is known.
    assert_eq!(attr(&planned, "secret_name"), &Value::string("shop-secret"));

    let config_apply = config(SPEC, outputs(Value::string("db"), Value::string("pw")));
    let state = apply(&Value::Null, &response, &config_apply).await.value;
    assert_eq!(inconsistencies(&planned, &state), []);
    assert_eq!(unknown_paths(&state), []);
    let manifests = format!("{:?}", attr(&state, "manifests"));
    assert!(manifests.contains("secretKeyRef") && !manifests.contains("pw@db"));
}

#[tokio::test]
async fn unchanged_config_plans_the_prior_state_and_rename_replaces() {
    let cfg = config(SPEC, outputs(Value::string("db"), Value::string("pw")));
    let (planned, _) = plan(&create(), &cfg).await;
    // Only the revision waits for apply, which draws its salt.
    assert_eq!(
        unknown_paths(&planned.planned_state),
        [AttributePath::root().attr("revision")]
    );
    let state = apply(&Value::Null, &planned, &cfg).await;
    assert_eq!(inconsistencies(&planned.planned_state, &state.value), []);

    let (again, diags) = plan(&state, &cfg).await;
    assert!(diags.is_empty());
    assert_eq!(again.planned_state, state.value);
    assert_eq!(again.planned_private, state.private);
    assert_eq!(again.requires_replace, []);

    let changed = config(
        &SPEC.replace("image: nginx", "image: nginx:2"),
        outputs(Value::string("db"), Value::string("pw")),
    );
    let (update, _) = plan(&state, &changed).await;
    assert_eq!(update.requires_replace, []);
    assert_ne!(
        attr(&update.planned_state, "revision"),
        attr(&state.value, "revision")
    );

    let renamed = config(
        &SPEC.replace("name: shop", "name: shop2"),
        outputs(Value::string("db"), Value::string("pw")),
    );
    let (replace, _) = plan(&state, &renamed).await;
    assert_eq!(
        replace.requires_replace,
        [AttributePath::root().attr("name")]
    );
}

#[tokio::test]
async fn read_corrects_an_edited_state_and_never_fails() {
    let cfg = config(SPEC, outputs(Value::string("db"), Value::string("pw")));
    let (planned, _) = plan(&create(), &cfg).await;
    let state = apply(&Value::Null, &planned, &cfg).await;
    let Value::Object(mut edited) = state.value.clone() else {
        unreachable!("states are objects")
    };
    edited.insert("manifests".to_owned(), Value::List(vec![]));
    edited.insert("revision".to_owned(), Value::string("edited"));
    let mut diags = Diagnostics::new();
    let read = WorkloadResource
        .read(
            &ctx(),
            State {
                value: Value::Object(edited),
                private: state.private.clone(),
            },
            &mut diags,
        )
        .await;
    assert!(diags.is_empty());
    assert_eq!(read.value, state.value);

    // An imported state (spec only, nothing wired) reads without error.
    let imported =
        crate::framework::plan::import_state(&WorkloadResource.schema().block, "spec", SPEC);
    let read = WorkloadResource
        .read(
            &ctx(),
            State {
                value: imported,
                private: Vec::new(),
            },
            &mut diags,
        )
        .await;
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(attr(&read.value, "name"), &Value::string("shop"));
    assert_eq!(attr(&read.value, "manifests"), &Value::Null);
}

#[tokio::test]
async fn mistakes_are_diagnostics_on_their_attribute() {
    let mut with_image = config(SPEC, Value::Map(BTreeMap::new()));
    if let Value::Object(attrs) = &mut with_image {
        attrs.insert(
            "images".to_owned(),
            Value::Map(BTreeMap::from([("api".to_owned(), Value::string("x"))])),
        );
    }
    let (_, diags) = plan(&create(), &with_image).await;
    let got: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d.attribute
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                d.summary.clone(),
            )
        })
        .collect();
    let unwired = "Score resource 'db' is not wired: `resources` has no entry \"db\"";
    assert_eq!(
        got,
        [
            (
                r#"images["api"]"#.to_owned(),
                "no container 'api' in the spec".to_owned()
            ),
            ("resources".to_owned(), unwired.to_owned()),
        ]
    );
}

#[test]
fn version_0_states_upgrade() {
    let v0 = Value::object([
        ("spec", Value::string(SPEC)),
        (
            "resources",
            Value::Map(BTreeMap::from([(
                "db".to_owned(),
                Value::string(r#"{"host":"db","port":5432,"password":"pw"}"#),
            )])),
        ),
    ]);
    let mut diags = Diagnostics::new();
    let v1 = WorkloadResource.upgrade_state(0, v0, &mut diags);
    assert!(diags.is_empty());
    let expected = Value::Map(BTreeMap::from([(
        "db".to_owned(),
        Value::Map(BTreeMap::from([
            ("host".to_owned(), Value::string("db")),
            ("password".to_owned(), Value::string("pw")),
            ("port".to_owned(), Value::string("5432")),
        ])),
    )]));
    assert_eq!(attr(&v1, "resources"), &expected);
    assert_eq!(attr(&v1, "secret_outputs"), &Value::Null);
    assert!(WorkloadResource.state_type(0).is_some());
    assert!(WorkloadResource.state_type(2).is_none());

    let broken = Value::object([(
        "resources",
        Value::Map(BTreeMap::from([("db".to_owned(), Value::string("[1]"))])),
    )]);
    WorkloadResource.upgrade_state(0, broken, &mut diags);
    assert!(diags.has_errors());
}

#[tokio::test]
async fn import_reads_a_score_file_or_says_why_not() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("score.yaml");
    std::fs::write(&file, SPEC).expect("writing the spec");
    let path = file.to_string_lossy().into_owned();
    let mut diags = Diagnostics::new();
    let state = WorkloadResource.import(&ctx(), path, &mut diags).await;
    assert!(diags.is_empty(), "{diags:?}");
    let state = state.expect("a state").value;
    assert_eq!(attr(&state, "spec"), &Value::string(SPEC));
    assert_eq!(attr(&state, "context"), &Value::Null);

    let cases = [
        (
            dir.path().join("missing.yaml"),
            None,
            "Cannot Read Score File",
        ),
        (
            dir.path().join("bad.yaml"),
            Some("apiVersion: score.dev/v1b1\n"),
            "Invalid Score File: missing required field 'containers'",
        ),
    ];
    for (file, contents, summary) in cases {
        if let Some(contents) = contents {
            std::fs::write(&file, contents).expect("writing the spec");
        }
        let mut diags = Diagnostics::new();
        let id = file.to_string_lossy().into_owned();
        let state = WorkloadResource.import(&ctx(), id, &mut diags).await;
        assert_eq!(state, None);
        let first = diags.iter().next().map(|d| d.summary.as_str());
        assert_eq!(first, Some(summary));
    }
}

#[tokio::test]
async fn spec_errors_are_on_spec_with_their_position() {
    let spec = SPEC.replace("image: nginx", "image: 42");
    let (_, diags) = plan(&create(), &config(&spec, Value::Null)).await;
    let got: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d.attribute
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                d.detail.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(
            "spec".to_owned(),
            "containers.web.image (line 6, col 12): expected a string, found an integer\n\n\
             quote the value to make it a string"
                .to_owned()
        )]
    );
}

#[tokio::test]
async fn each_instance_salts_its_revision_and_keeps_the_salt() {
    let cfg = config(SPEC, outputs(Value::string("db"), Value::string("pw")));
    let (planned, _) = plan(&create(), &cfg).await;
    assert!(planned.planned_private.is_empty(), "plan draws no salt");
    let first = apply(&Value::Null, &planned, &cfg).await;
    let second = apply(&Value::Null, &planned, &cfg).await;
    let revision = |s: &State| attr(&s.value, "revision").clone();
    // The same configuration in two instances: same manifests, different revisions, so a
    // revision cannot be matched against a digest of guessed values.
    assert_eq!(
        attr(&first.value, "manifests"),
        attr(&second.value, "manifests")
    );
    assert!(revision(&first).is_known());
    assert_ne!(revision(&first), revision(&second));
    assert_eq!(super::super::salt::of(&first.private).len(), 32);

    // The salt stays: the next plan knows the same revision.
    let (again, _) = plan(&first, &cfg).await;
    assert_eq!(again.planned_state, first.value);

    // A state from before salts (no private state) keeps its unsalted digest while nothing
    // changes, and gets a salt at the first change.
    let mut diags = Diagnostics::new();
    let unsalted = State {
        value: first.value.clone(),
        private: Vec::new(),
    };
    let legacy = WorkloadResource.read(&ctx(), unsalted, &mut diags).await;
    assert!(diags.is_empty(), "{diags:?}");
    assert_ne!(attr(&legacy.value, "revision"), &revision(&first));
    let (unchanged, _) = plan(&legacy, &cfg).await;
    assert_eq!(unchanged.planned_state, legacy.value);
    let changed = config(
        &SPEC.replace("image: nginx", "image: nginx:2"),
        outputs(Value::string("db"), Value::string("pw")),
    );
    let (update, _) = plan(&legacy, &changed).await;
    assert!(!attr(&update.planned_state, "revision").is_known());
    let updated = apply(&legacy.value, &update, &changed).await;
    assert_eq!(super::super::salt::of(&updated.private).len(), 32);
}
