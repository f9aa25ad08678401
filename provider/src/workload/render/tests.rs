//! Resolution, secret taint, manifest shapes and revision stability.

use super::*;
use crate::workload::manifests::{self, Manifests};
use crate::workload::parse;

const SPEC: &str = "\
apiVersion: score.dev/v1b1
metadata:
  name: shop
service:
  ports:
    web:
      port: 80
      targetPort: 8080
containers:
  web:
    image: .
    variables:
      PLAIN: hello ${metadata.name}
      HOST: ${resources.db.host}
      URL: postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}
      TOKEN: ${resources.api.token}
      REGION: ${resources.bucket.config.region}
    files:
      /etc/app/config.txt:
        content: host=${resources.db.host}
      /etc/app/secret.txt:
        content: pw=${resources.db.password}
        mode: '0600'
resources:
  db:
    type: postgres
  api:
    type: custom-api
  bucket:
    type: s3
";

const PASSWORD: &str = "hunter2-very-secret";

fn workload(spec: &str) -> Workload {
    let (w, problems) = parse::load_spec(spec);
    w.unwrap_or_else(|| panic!("spec loads: {problems:?}"))
}

fn known(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, Output>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Output::Known((*v).to_owned())))
            .collect(),
    )
}

fn wiring() -> Wiring {
    let mut w = Wiring::default();
    w.resources.insert(
        "db".to_owned(),
        known(&[
            ("host", "db.internal"),
            ("username", "shop"),
            ("password", PASSWORD),
        ]),
    );
    w.resources
        .insert("api".to_owned(), known(&[("token", "tok-123")]));
    w.resources.insert(
        "bucket".to_owned(),
        known(&[("config", r#"{"region":"eu-west-1"}"#)]),
    );
    w.secret_outputs
        .insert("api".to_owned(), BTreeSet::from(["token".to_owned()]));
    w.images
        .insert("web".to_owned(), "ghcr.io/acme/shop@sha256:abc".to_owned());
    w
}

fn render(w: &Workload, wiring: &Wiring) -> (Manifests, Vec<Issue>) {
    let resolver = Resolver::new(w, wiring);
    let (mut issues, _) = resolver.check_wiring();
    let m = manifests::render(&resolver, &mut issues);
    (m, issues)
}

#[test]
fn pieces_carry_value_and_taint() {
    let w = workload(SPEC);
    let wiring = wiring();
    let resolver = Resolver::new(&w, &wiring);
    let vars = &w.containers["web"].variables;
    // (variable, text, secret): secret by catalog (postgres password), by `secret_outputs`
    // (api token), and as a whole when built from one.
    let cases = [
        ("PLAIN", Some("hello shop"), false),
        ("HOST", Some("db.internal"), false),
        (
            "URL",
            Some("postgres://shop:hunter2-very-secret@db.internal"),
            true,
        ),
        ("TOKEN", Some("tok-123"), true),
        ("REGION", Some("eu-west-1"), false),
    ];
    for (var, text, secret) in cases {
        let mut issues = Vec::new();
        let piece = resolver.piece(&vars[var], &DocPath::root(), &mut issues);
        assert_eq!(issues, [], "{var}");
        let expected = Piece {
            text: text.map(str::to_owned),
            secret,
        };
        assert_eq!(piece, expected, "{var}");
    }
}

#[test]
fn unknown_outputs_make_pieces_unknown_but_keep_taint() {
    let w = workload(SPEC);
    let mut wiring = wiring();
    wiring.resources.insert(
        "db".to_owned(),
        Some(BTreeMap::from([
            ("host".to_owned(), Output::Known("db.internal".to_owned())),
            ("username".to_owned(), Output::Known("shop".to_owned())),
            ("password".to_owned(), Output::Unknown),
        ])),
    );
    let resolver = Resolver::new(&w, &wiring);
    let (issues, unknown) = resolver.check_wiring();
    assert_eq!((issues, unknown), (vec![], true));
    let vars = &w.containers["web"].variables;
    let mut issues = Vec::new();
    let url = resolver.piece(&vars["URL"], &DocPath::root(), &mut issues);
    assert_eq!(
        url,
        Piece {
            text: None,
            secret: true
        }
    );
    // Only a secret is unknown: the manifests are known, the Secret and revision are not.
    let (m, issues) = render(&w, &wiring);
    assert_eq!(issues, []);
    assert!(m.documents.is_some());
    assert_eq!(m.secret.as_ref().map(|s| s.manifest.is_none()), Some(true));
    assert_eq!(m.revision(b"salt"), None);
    // A non-secret unknown makes the manifests unknown too.
    wiring.resources.insert("db".to_owned(), None);
    let (m, _) = render(&w, &wiring);
    assert_eq!(m.documents, None);
}

#[test]
fn wiring_mistakes_name_the_resource_and_output() {
    let w = workload(SPEC);
    let mut wiring = wiring();
    wiring.resources.remove("api");
    wiring
        .resources
        .insert("db".to_owned(), known(&[("host", "h"), ("username", "u")]));
    let resolver = Resolver::new(&w, &wiring);
    let (issues, _) = resolver.check_wiring();
    let got: Vec<(Input, &str, &str)> = issues
        .iter()
        .map(|i| {
            (
                i.input.clone(),
                i.summary.as_str(),
                i.detail.lines().next().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Input::Resources(None),
                "Score resource 'api' is not wired: `resources` has no entry \"api\"",
                "containers.web.variables.TOKEN (line 16, col 14): Score resource 'api' is not \
                 wired: `resources` has no entry \"api\"",
            ),
            (
                Input::Resources(Some("db".to_owned())),
                "resource 'db' has no output 'password'",
                "containers.web.variables.URL (line 15, col 48): resource 'db' has no output \
                 'password'",
            ),
            (
                Input::Resources(Some("db".to_owned())),
                "resource 'db' has no output 'password'",
                "containers.web.files[\"/etc/app/secret.txt\"].content (line 22, col 21): \
                 resource 'db' has no output 'password'",
            ),
        ]
    );
    assert!(issues[0].detail.contains("score2hcl generate"));
}

#[test]
fn manifests_keep_secrets_in_the_secret() {
    let w = workload(SPEC);
    let (m, issues) = render(&w, &wiring());
    assert_eq!(issues, []);
    let docs = m.documents.clone().expect("known");
    let kinds: Vec<&str> = docs
        .iter()
        .map(|d| d.lines().find(|l| l.starts_with("kind: ")).unwrap_or(""))
        .collect();
    assert_eq!(
        kinds,
        ["kind: ConfigMap", "kind: Service", "kind: Deployment"]
    );
    let all = docs.join("\n---\n");
    for secret in [PASSWORD, "tok-123"] {
        assert!(!all.contains(secret), "{secret} leaked into the manifests");
    }
    let deployment = &docs[2];
    for expected in [
        "image: ghcr.io/acme/shop@sha256:abc",
        "value: hello shop",
        "value: eu-west-1",
        "name: shop-secret",
        "key: env-web-URL",
        "key: env-web-TOKEN",
        "secretName: shop-secret",
        "defaultMode: 384",
        "app.kubernetes.io/managed-by: terraform-provider-score",
    ] {
        assert!(deployment.contains(expected), "{expected}\n{deployment}");
    }
    assert!(docs[0].contains("content: host=db.internal"), "{}", docs[0]);
    assert!(docs[1].contains("targetPort: 8080"), "{}", docs[1]);
    let secret = m.secret.clone().expect("a secret");
    assert_eq!(secret.name, "shop-secret");
    let manifest = secret.manifest.expect("known");
    let url = score_core::score::resolve::base64(
        format!("postgres://shop:{PASSWORD}@db.internal").as_bytes(),
    );
    assert!(
        manifest.contains(&format!("env-web-URL: {url}")),
        "{manifest}"
    );
    assert!(!manifest.contains(PASSWORD));
}

#[test]
fn statefulset_by_annotation_and_bad_kinds() {
    let spec = |kind: &str| {
        format!(
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: db\n  annotations:\n    \
             k8s.score.dev/kind: {kind}\ncontainers:\n  main:\n    image: postgres:16\n"
        )
    };
    let w = workload(&spec("StatefulSet"));
    let (m, issues) = render(&w, &Wiring::default());
    assert_eq!(issues, []);
    let docs = m.documents.expect("known");
    assert_eq!(docs.len(), 2);
    assert!(docs[0].contains("name: db-headless") && docs[0].contains("clusterIP: None"));
    assert!(docs[1].contains("kind: StatefulSet") && docs[1].contains("serviceName: db-headless"));
    assert_eq!(m.secret, None);

    let w = workload(&spec("CronJob"));
    let (_, issues) = render(&w, &Wiring::default());
    assert_eq!(issues.len(), 1);
    assert_eq!(
        issues[0].detail,
        "metadata.annotations[\"k8s.score.dev/kind\"] (line 5, col 25): unsupported workload \
         kind 'CronJob': use Deployment or StatefulSet"
    );
}

#[test]
fn revision_changes_exactly_with_the_deployable_result() {
    let w = workload(SPEC);
    let base = render(&w, &wiring()).0.revision(b"salt").expect("known");
    assert!(base.starts_with("sha256:") && base.len() == 71, "{base}");
    assert_eq!(
        render(&w, &wiring()).0.revision(b"salt"),
        Some(base.clone())
    );
    // (what changes, whether the revision must change)
    let mut unused_output = wiring();
    if let Some(Some(db)) = unused_output.resources.get_mut("db") {
        db.insert("port".to_owned(), Output::Known("5432".to_owned()));
    }
    let mut password = wiring();
    if let Some(Some(db)) = password.resources.get_mut("db") {
        db.insert("password".to_owned(), Output::Known("other".to_owned()));
    }
    let mut image = wiring();
    image.images.insert("web".to_owned(), "nginx".to_owned());
    let mut host = wiring();
    if let Some(Some(db)) = host.resources.get_mut("db") {
        db.insert("host".to_owned(), Output::Known("db2".to_owned()));
    }
    let cases = [
        ("an output nothing uses", unused_output, false),
        ("a password", password, true),
        ("an image", image, true),
        ("a host", host, true),
    ];
    for (what, wiring, changes) in cases {
        let revision = render(&w, &wiring).0.revision(b"salt").expect("known");
        assert_eq!(revision != base, changes, "{what}");
    }
}

#[test]
fn resolved_substitutes_everything_and_replaces_images() {
    let w = workload(SPEC);
    let wiring = wiring();
    let yaml = Resolver::new(&w, &wiring).resolved().expect("resolves");
    for expected in [
        "image: ghcr.io/acme/shop@sha256:abc",
        "URL: postgres://shop:hunter2-very-secret@db.internal",
        "REGION: eu-west-1",
    ] {
        assert!(yaml.contains(expected), "{expected}\n{yaml}");
    }
}

#[test]
fn structured_outputs_decode_only_objects_and_arrays() {
    let cases = [
        ("plain", Data::Str("plain".to_owned())),
        ("5432", Data::Str("5432".to_owned())),
        ("{broken", Data::Str("{broken".to_owned())),
        (
            r#"{"a":1}"#,
            Data::Map(vec![("a".to_owned(), Data::Int(1))]),
        ),
        (r#"["x"]"#, Data::Seq(vec![Data::Str("x".to_owned())])),
    ];
    for (input, expected) in cases {
        assert_eq!(decode_structured(input), expected, "{input}");
    }
}

#[test]
fn manifest_shapes() {
    // (what, container body under `containers.main`, in the workload manifest, not there,
    // whether there is a Secret)
    struct Row(
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        bool,
    );
    let cases = [
        Row(
            "a tagged image is replaced by `images`",
            "image: nginx:1.27",
            &["image: registry/main@sha256:1"],
            &["nginx:1.27"],
            false,
        ),
        Row(
            "a noExpand file keeps its placeholders, in a ConfigMap",
            "image: x\n    files:\n      /f:\n        content: ${resources.db.password}\n        noExpand: true",
            &["configMap:", "mountPath: /f", "subPath: content"],
            &["secretName"],
            false,
        ),
        Row(
            "binaryContent goes to binaryData",
            "image: x\n    files:\n      /b:\n        binaryContent: aGk=",
            &["configMap:"],
            &["secretName"],
            false,
        ),
        Row(
            "a file built from a secret mounts from the Secret",
            "image: x\n    files:\n      /s:\n        content: pw=${resources.db.password}\n        mode: '0400'",
            &["secretName: wl-secret", "path: content", "defaultMode: 256"],
            &["configMap:", PASSWORD],
            true,
        ),
        Row(
            "a variable from a non-secret output is inline",
            "image: x\n    variables:\n      H: ${resources.db.host}",
            &["value: db.internal"],
            &["secretKeyRef"],
            false,
        ),
    ];
    for Row(what, body, present, absent, has_secret) in cases {
        let spec = format!(
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: wl\ncontainers:\n  main:\n    \
             {body}\nresources:\n  db:\n    type: postgres\n"
        );
        let w = workload(&spec);
        let mut wiring = wiring();
        wiring.images = BTreeMap::from([("main".to_owned(), "registry/main@sha256:1".to_owned())]);
        let (m, issues) = render(&w, &wiring);
        assert_eq!(issues, [], "{what}");
        let docs = m.documents.expect("known").join("---\n");
        for text in present {
            assert!(docs.contains(text), "{what}: {text}\n{docs}");
        }
        for text in absent {
            assert!(!docs.contains(text), "{what}: {text}\n{docs}");
        }
        assert_eq!(m.secret.is_some(), has_secret, "{what}");
    }
}
