//! The deployment context definitions are matched and resolved in, and resource identity in
//! Humanitec's terms.
//!
//! A resource in the graph is identified by its type, class and *res id*: Humanitec's
//! `modules.<workload>.externals.<name>` for a resource private to a workload,
//! `shared.<id>` for a shared one, and `modules.<workload>` for the implicit `workload`
//! resource. Its *guresid* is derived from the app, environment and that identity, so it is
//! stable across runs and machines and unique per app/env/resource: a safe Terraform state key
//! or name suffix.

use crate::data::Data;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// Where a deployment happens: the values of `${context.…}` and `${values.…}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// `context.org.id`.
    pub org_id: String,
    /// `context.app.id`.
    pub app_id: String,
    /// `context.env.id`.
    pub env_id: String,
    /// `context.env.type`, which matching criteria call `env_type`.
    pub env_type: String,
    /// `values.KEY`: the environment's shared values.
    pub values: BTreeMap<String, Data>,
}

/// One resource's identity in the graph.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceKey {
    /// The resource type.
    pub kind: String,
    /// The class (`default` when none was asked for).
    pub class: String,
    /// The res id (`modules.web.externals.db`, `shared.api-dns`, `modules.web`).
    pub res_id: String,
}

impl ResourceKey {
    /// A key from its parts.
    pub fn new(kind: &str, class: &str, res_id: &str) -> ResourceKey {
        ResourceKey {
            kind: kind.to_owned(),
            class: class.to_owned(),
            res_id: res_id.to_owned(),
        }
    }

    /// The globally unique resource id: the first 20 bytes of SHA-256 over the app id, env
    /// id, type, class and res id, in hex (40 characters). The org is left out so that
    /// renaming an organisation does not move every state key.
    pub fn guresid(&self, ctx: &Context) -> String {
        let mut h = Sha256::new();
        for part in [
            ctx.app_id.as_str(),
            ctx.env_id.as_str(),
            &self.kind,
            &self.class,
            &self.res_id,
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let digest = h.finalize();
        let mut out = String::with_capacity(40);
        for b in digest.iter().take(20) {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

impl fmt::Display for ResourceKey {
    /// `type.class#res_id`, the form used in messages and the graph's `uid`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}#{}", self.kind, self.class, self.res_id)
    }
}

/// The res id of Score resource `name` private to `workload`.
pub fn private_res_id(workload: &str, name: &str) -> String {
    format!("modules.{workload}.externals.{name}")
}

/// The res id of a Score resource shared under `id`.
pub fn shared_res_id(id: &str) -> String {
    format!("shared.{id}")
}

/// The res id of `workload`'s implicit `workload` resource.
pub fn workload_res_id(workload: &str) -> String {
    format!("modules.{workload}")
}
