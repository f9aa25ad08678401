//! Terraform names for what the generator declares: modules and locals for resources,
//! `score_workload` resources for workloads, variables for environment values.
//!
//! A resource's name is built from its type, its class when not `default`, and its res id
//! with Humanitec's fixed words dropped: `modules.web.externals.db` gives `web_db`,
//! `shared.main-db` gives `shared_main-db`, `modules.web` (the workload itself) gives `web`.
//! So `postgres.default#modules.web.externals.db` is `postgres_web_db`, and
//! `postgres.large#shared.main` is `postgres_large_shared_main`. Characters other than ASCII
//! letters, digits and `_` become `_`, and a name starting with a digit gets a leading `_`.
//!
//! Names are stable (they depend on nothing but the resource) and collision-free: when two
//! resources would get one name, or a name would pass [`MAX_LEN`] characters, each such name
//! is cut to fit and ends in `_` and the first 8 hex digits of the SHA-256 of the resource's
//! full identity. Renaming would make Terraform destroy and recreate, so the hash is added only
//! where it must be.

use score_core::definitions::ResourceKey;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Longest name kept as it is.
pub const MAX_LEN: usize = 64;

/// Names that generated code uses itself and a resource may not take.
const RESERVED: &[&str] = &["context"];

/// Replaces every character that cannot appear in a Terraform name by `_`.
pub fn sanitize(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// The readable part of a res id.
fn short_res_id(res_id: &str) -> String {
    if let Some(rest) = res_id.strip_prefix("modules.") {
        return match rest.split_once(".externals.") {
            Some((workload, name)) => format!("{workload}_{name}"),
            None => rest.to_owned(),
        };
    }
    if let Some(id) = res_id.strip_prefix("shared.") {
        return format!("shared_{id}");
    }
    res_id.to_owned()
}

/// The name of a resource before collisions are resolved.
pub fn base_name(key: &ResourceKey) -> String {
    let mut text = key.kind.clone();
    if key.class != "default" {
        text.push('_');
        text.push_str(&key.class);
    }
    text.push('_');
    text.push_str(&short_res_id(&key.res_id));
    sanitize(&text)
}

fn hash8(identity: &str) -> String {
    let digest = Sha256::digest(identity.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// `base` cut so that `base_HASH` fits in [`MAX_LEN`].
fn with_hash(base: &str, identity: &str) -> String {
    let keep: String = base.chars().take(MAX_LEN - 9).collect();
    format!("{keep}_{}", hash8(identity))
}

/// Gives each identity (a resource key as text, a workload name…) a unique name from its
/// base name. Deterministic: the result depends only on the set of pairs.
pub fn assign(pairs: &[(String, String)]) -> BTreeMap<String, String> {
    let mut by_base: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (identity, base) in pairs {
        by_base.entry(base).or_default().insert(identity);
    }
    let mut out = BTreeMap::new();
    for (base, identities) in by_base {
        let clash =
            identities.len() > 1 || base.chars().count() > MAX_LEN || RESERVED.contains(&base);
        for identity in identities {
            let name = if clash {
                with_hash(base, identity)
            } else {
                base.to_owned()
            };
            out.insert(identity.to_owned(), name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: &str, class: &str, res_id: &str) -> ResourceKey {
        ResourceKey::new(kind, class, res_id)
    }

    #[test]
    fn base_names_drop_humanitec_words() {
        let cases = [
            (
                key("postgres", "default", "modules.web.externals.db"),
                "postgres_web_db",
            ),
            (
                key("postgres", "large", "shared.main"),
                "postgres_large_shared_main",
            ),
            (key("workload", "default", "modules.web"), "workload_web"),
            (
                key("dns", "default", "shared.api-dns"),
                "dns_shared_api_dns",
            ),
            (
                key("config", "default", "aws-account"),
                "config_aws_account",
            ),
            (
                key("acme/queue", "default", "modules.a.b.externals.q"),
                "acme_queue_a_b_q",
            ),
            (key("9lives", "default", "x"), "_9lives_x"),
        ];
        for (k, want) in cases {
            assert_eq!(base_name(&k), want, "{k}");
        }
    }

    #[test]
    fn collisions_and_long_names_get_a_hash() {
        let a = key("postgres", "default", "modules.web.externals.my-db");
        let b = key("postgres", "default", "modules.web.externals.my_db");
        let c = key("redis", "default", "modules.web.externals.cache");
        let long = key("postgres", "default", &format!("shared.{}", "x".repeat(80)));
        let ctx = key("context", "default", "");
        let pairs: Vec<(String, String)> = [&a, &b, &c, &long]
            .iter()
            .map(|k| (k.to_string(), base_name(k)))
            .chain([(ctx.to_string(), "context".to_owned())])
            .collect();
        let names = assign(&pairs);
        let na = &names[&a.to_string()];
        let nb = &names[&b.to_string()];
        assert_ne!(na, nb);
        assert!(
            na.starts_with("postgres_web_my_db_") && na.len() == 27,
            "{na}"
        );
        assert_eq!(names[&c.to_string()], "redis_web_cache");
        assert!(names[&long.to_string()].len() <= MAX_LEN);
        assert_ne!(names[&ctx.to_string()], "context");
        // Stable: the same input gives the same names.
        assert_eq!(assign(&pairs), names);
    }
}
