//! The typed form of a resource definition.
//!
//! Values that may hold placeholders (driver inputs, provision params) stay positioned
//! [`Node`]s so that a placeholder error, or a graph edge a placeholder creates, can point at
//! its own line and column.

use crate::source::Span;
use crate::yaml::Node;

/// A string as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned {
    /// The text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

impl Spanned {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Which document shape a definition was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `apiVersion: entity.humanitec.io/v1b1`, fields under `entity:`.
    Entity,
    /// `apiVersion: core.api.humanitec.io/v1`, fields under `object:`.
    Object,
    /// The flat JSON object the Humanitec API returns (`id`, `name`, `type`, … at the top).
    Api,
}

/// One resource definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// `metadata.id` (or `id` in the API form): unique across all loaded definitions.
    pub id: Spanned,
    /// `name`, the display name.
    pub name: String,
    /// `type`, the resource type it provisions.
    pub kind: Spanned,
    /// `driver_type` as written (`humanitec/terraform`, `terraform`, …).
    pub driver_type: Spanned,
    /// What the driver does, read from `driver_inputs`.
    pub driver: Driver,
    /// `driver_account`, which may be a placeholder.
    pub driver_account: Option<Node>,
    /// `driver_inputs.values`.
    pub values: Option<Node>,
    /// `driver_inputs.secrets`.
    pub secrets: Option<Node>,
    /// `driver_inputs.secret_refs`: leaves are `{store, ref, version}` or `{value}`.
    pub secret_refs: Option<Node>,
    /// `provision`: resources co-provisioned with this one, in key order.
    pub provision: Vec<Provision>,
    /// `criteria`: when this definition is chosen. Empty means never.
    pub criteria: Vec<Criterion>,
    /// `is_deleted` from an exported API response: such a definition is never matched.
    pub is_deleted: bool,
    /// The document shape it came from.
    pub format: Format,
    /// The whole definition document.
    pub span: Span,
}

/// The driver and its inputs.
#[derive(Clone, Debug, PartialEq)]
pub enum Driver {
    /// `humanitec/terraform`: a Terraform module whose outputs are the resource's outputs.
    Terraform(Box<TerraformDriver>),
    /// `humanitec/echo`: the outputs are the definition's values and secrets as given.
    Echo,
}

/// The inputs of a `humanitec/terraform` definition.
#[derive(Clone, Debug, PartialEq)]
pub struct TerraformDriver {
    /// Where the module code is.
    pub module: ModuleSource,
    /// `values.variables`: module inputs.
    pub variables: Option<Node>,
    /// `secrets.variables`: module inputs that are secret.
    pub secret_variables: Option<Node>,
    /// `values.credentials_config`, kept for the generator to map onto provider settings.
    pub credentials_config: Option<Node>,
}

/// Where a Terraform definition's module comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleSource {
    /// `source: {url, path, rev | ref}`: a module in a git repository.
    Git {
        /// `url`.
        url: Spanned,
        /// `path` inside the repository.
        path: Option<Spanned>,
        /// `rev` or `ref`: the git revision.
        rev: Option<Spanned>,
    },
    /// `source: {path}` without `url`: a local module, relative to the definition's file.
    Local {
        /// `path`.
        path: Spanned,
    },
    /// `module: {source, version}` (score2hcl's extension): any Terraform module source,
    /// registry addresses included.
    Registry {
        /// `source`, as Terraform's `module.source`.
        source: Spanned,
        /// `version`, for registry sources.
        version: Option<Spanned>,
    },
    /// `script` and/or `files`: module code written inline, which may hold placeholders.
    Inline {
        /// `script`: HCL text.
        script: Option<Node>,
        /// `files`: file name to content, from `values.files` then `secrets.files`.
        files: Vec<(Spanned, Node)>,
    },
}

/// A resource reference without accessor: `type[.class][#id]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// The resource type.
    pub kind: String,
    /// The class, `None` to inherit the referencing resource's.
    pub class: Option<String>,
    /// The resource id, `None` to inherit the referencing resource's.
    pub id: Option<String>,
}

impl Target {
    /// Parses `type[.class][#id]`. The type and class may not be empty.
    pub fn parse(text: &str) -> Result<Target, String> {
        let (head, id) = match text.split_once('#') {
            Some((h, "")) => {
                return Err(format!("'{h}#' has an empty resource id"));
            }
            Some((h, id)) => (h, Some(id.to_owned())),
            None => (text, None),
        };
        let (kind, class) = match head.split_once('.') {
            Some((k, c)) => (k, Some(c.to_owned())),
            None => (head, None),
        };
        if kind.is_empty() {
            return Err(format!("'{text}' has an empty resource type"));
        }
        if class.as_deref() == Some("") {
            return Err(format!("'{text}' has an empty class"));
        }
        let name_char =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_');
        if !kind.chars().all(|c| name_char(c) || c == '/') {
            return Err(format!(
                "'{kind}' is not a resource type (lowercase letters, digits, '-', '_', and '/' after an org)"
            ));
        }
        if let Some(c) = class.as_deref().filter(|c| !c.chars().all(name_char)) {
            return Err(format!(
                "'{c}' is not a class (lowercase letters, digits, '-' and '_'); \
                 write an id after '#', as in 'dns.default#shared.api'"
            ));
        }
        Ok(Target {
            kind: kind.to_owned(),
            class,
            id,
        })
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.kind)?;
        if let Some(c) = &self.class {
            write!(f, ".{c}")?;
        }
        if let Some(id) = &self.id {
            write!(f, "#{id}")?;
        }
        Ok(())
    }
}

/// One entry of `provision`.
#[derive(Clone, Debug, PartialEq)]
pub struct Provision {
    /// The key as written (`aws-policy.s3-admin`, `dns#my-dns`).
    pub key: Spanned,
    /// The key parsed; omitted class and id are inherited from the provisioning resource.
    pub target: Target,
    /// `is_dependent`: the co-provisioned resource depends on this one.
    pub is_dependent: bool,
    /// `match_dependents`: resources that depend on this one also depend on the
    /// co-provisioned one.
    pub match_dependents: bool,
    /// `params`: driver params for the co-provisioned resource.
    pub params: Option<Node>,
}

/// One matching criterion. Unset fields match anything; the class defaults to `default`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    /// `id`, read-only in the API; kept to name the criterion in messages.
    pub id: Option<String>,
    /// `class`, `default` when not set.
    pub class: String,
    /// `app_id`.
    pub app_id: Option<String>,
    /// `env_id`.
    pub env_id: Option<String>,
    /// `env_type`.
    pub env_type: Option<String>,
    /// `res_id`.
    pub res_id: Option<String>,
    /// Where the criterion is written.
    pub span: Span,
}

impl std::fmt::Display for Criterion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{{class: {}", self.class)?;
        for (name, value) in [
            ("env_type", &self.env_type),
            ("app_id", &self.app_id),
            ("env_id", &self.env_id),
            ("res_id", &self.res_id),
        ] {
            if let Some(v) = value {
                write!(f, ", {name}: {v}")?;
            }
        }
        f.write_str("}")
    }
}

/// Terraform's git source: `git::URL//PATH?ref=REV`. Humanitec writes branch revisions as
/// `refs/heads/NAME` and tags as `refs/tags/NAME`; Terraform's git getter wants the name.
pub fn git_source(url: &str, path: Option<&str>, rev: Option<&str>) -> String {
    let url = if url.starts_with("git::") {
        url.to_owned()
    } else {
        format!("git::{url}")
    };
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b.to_owned(), Some(q.to_owned())),
        None => (url, None),
    };
    let mut out = base;
    if let Some(p) = path.map(|p| p.trim_matches('/')).filter(|p| !p.is_empty()) {
        out.push_str("//");
        out.push_str(p);
    }
    let mut params: Vec<String> = query.into_iter().collect();
    if let Some(r) = rev {
        let r = r
            .strip_prefix("refs/heads/")
            .or_else(|| r.strip_prefix("refs/tags/"))
            .unwrap_or(r);
        params.push(format!("ref={r}"));
    }
    if !params.is_empty() {
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}
