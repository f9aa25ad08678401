//! Resource identity: the guresid derivation, the res id helpers, and how keys print.

use crate::data::Data;
use crate::definitions::context::{
    Context, ResourceKey, private_res_id, shared_res_id, workload_res_id,
};
use std::collections::{BTreeMap, BTreeSet};

fn ctx(org: &str, app: &str, env: &str, env_type: &str) -> Context {
    Context {
        org_id: org.to_owned(),
        app_id: app.to_owned(),
        env_id: env.to_owned(),
        env_type: env_type.to_owned(),
        values: BTreeMap::new(),
    }
}

fn base() -> (Context, ResourceKey) {
    (
        ctx("acme", "my-app", "development", "development"),
        ResourceKey::new("postgres", "default", "modules.web.externals.db"),
    )
}

#[test]
fn guresid_is_pinned() {
    // SHA-256 over "my-app\0development\0postgres\0default\0modules.web.externals.db\0", first
    // 20 bytes in hex (python3: hashlib.sha256(...).hexdigest()[:40]). Changing the derivation
    // moves every Terraform state keyed on it, so it must fail here first.
    let (c, key) = base();
    let id = key.guresid(&c);
    assert_eq!(id, "a687f9a8898ecb43b2752dd390f2e18fb0e9a6dd");
    assert_eq!(id.len(), 40);
    assert!(
        id.chars()
            .all(|ch| ch.is_ascii_digit() || ('a'..='f').contains(&ch)),
        "{id}"
    );
    assert_eq!(key.guresid(&c), id, "stable across calls");
}

#[test]
fn guresid_depends_on_identity_only() {
    let (c, key) = base();
    let id = key.guresid(&c);
    // (what changes, context, key, same guresid as the base)
    let table: Vec<(&str, Context, ResourceKey, bool)> = vec![
        ("nothing", c.clone(), key.clone(), true),
        (
            "org",
            ctx("other-org", "my-app", "development", "development"),
            key.clone(),
            true,
        ),
        (
            "env type",
            ctx("acme", "my-app", "development", "production"),
            key.clone(),
            true,
        ),
        (
            "values",
            Context {
                values: BTreeMap::from([("region".to_owned(), Data::Str("eu".to_owned()))]),
                ..c.clone()
            },
            key.clone(),
            true,
        ),
        (
            "app",
            ctx("acme", "other-app", "development", "development"),
            key.clone(),
            false,
        ),
        (
            "env",
            ctx("acme", "my-app", "staging", "development"),
            key.clone(),
            false,
        ),
        (
            "type",
            c.clone(),
            ResourceKey::new("mysql", "default", "modules.web.externals.db"),
            false,
        ),
        (
            "class",
            c.clone(),
            ResourceKey::new("postgres", "large", "modules.web.externals.db"),
            false,
        ),
        (
            "res id",
            c.clone(),
            ResourceKey::new("postgres", "default", "modules.api.externals.db"),
            false,
        ),
        (
            "shared res id",
            c.clone(),
            ResourceKey::new("postgres", "default", "shared.db"),
            false,
        ),
    ];
    let mut distinct = BTreeSet::from([id.clone()]);
    for (what, c2, key2, same) in table {
        let other = key2.guresid(&c2);
        assert_eq!(other == id, same, "changing {what}");
        if !same {
            assert!(
                distinct.insert(other),
                "changing {what} collides with another row"
            );
        }
    }
}

#[test]
fn guresid_separates_parts() {
    // Moving characters from one part to the next must change the id: the parts are
    // delimited, not concatenated.
    let key = ResourceKey::new("postgres", "default", "shared.db");
    let a = key.guresid(&ctx("", "ab", "c", ""));
    let b = key.guresid(&ctx("", "a", "bc", ""));
    assert_ne!(a, b);
    let k1 = ResourceKey::new("dns", "defaultx", "shared.a");
    let k2 = ResourceKey::new("dns", "default", "xshared.a");
    let c = ctx("", "app", "env", "");
    assert_ne!(k1.guresid(&c), k2.guresid(&c));
}

#[test]
fn res_id_helpers() {
    let table = [
        (private_res_id("web", "db"), "modules.web.externals.db"),
        (
            private_res_id("my-api", "cache-1"),
            "modules.my-api.externals.cache-1",
        ),
        (shared_res_id("api-dns"), "shared.api-dns"),
        (workload_res_id("web"), "modules.web"),
    ];
    for (got, want) in table {
        assert_eq!(got, want);
    }
}

#[test]
fn resource_key_display() {
    let table = [
        (
            ResourceKey::new("postgres", "default", "modules.web.externals.db"),
            "postgres.default#modules.web.externals.db",
        ),
        (
            ResourceKey::new("aws-policy", "s3-admin", "shared.bucket"),
            "aws-policy.s3-admin#shared.bucket",
        ),
        (
            ResourceKey::new("workload", "default", "modules.web"),
            "workload.default#modules.web",
        ),
        (
            ResourceKey::new("acme/queue", "default", "shared.q"),
            "acme/queue.default#shared.q",
        ),
    ];
    for (key, want) in table {
        assert_eq!(key.to_string(), want);
    }
}
