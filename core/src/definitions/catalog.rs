//! The resource-type catalog: which resource types exist, how Score may use them, and which of
//! their outputs are secret.
//!
//! The built-in catalog is `catalog.yaml` beside this file. It is embedded with `include_str!`
//! and read by [`Catalog::extend`], the same loader that reads a platform team's extra-types
//! files, so the built-in file is also the documented example of the format:
//!
//! ```yaml
//! apiVersion: score2hcl.dev/v1alpha1
//! kind: ResourceTypes
//! types:
//!   acme/queue:                 # 2 to 63 of [a-z0-9-], optional organization prefix
//!     description: A message queue.   # required
//!     use: direct               # direct (default) | indirect | implicit
//!     open: false               # true: undeclared outputs are accepted without a warning
//!     replace: false            # true: replace an existing type as a whole
//!     outputs:
//!       url: {description: The queue URL., required: true}
//!       token: {secret: true}
//! ```
//!
//! Unknown fields are errors, with a did-you-mean hint. Adding a type that already exists is
//! an error unless the type says `replace: true`; replacing keeps nothing of the old type, as
//! with Humanitec's custom-type overrides ("There is no merging or inheritance"). A
//! `replace: true` for a type that does not exist is an error too, so a misspelt name never
//! quietly becomes a new type. Types read without errors are added even when others in the
//! same document are rejected, so one run reports every problem without follow-on noise.

use crate::check::{Checker, closest};
use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::source::FileId;
use crate::yaml::{self, Key, Node, Value};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The `apiVersion` of resource-type documents.
pub const API_VERSION: &str = "score2hcl.dev/v1alpha1";

/// The `kind` of resource-type documents.
pub const KIND: &str = "ResourceTypes";

/// The text of the built-in catalog, `catalog.yaml`.
pub const BUILTIN_SOURCE: &str = include_str!("catalog.yaml");

/// The file id the built-in catalog is parsed under. Its diagnostics never leave this module:
/// a test proves there are none.
const BUILTIN_FILE: FileId = FileId(u32::MAX);

const USES: &[&str] = &["direct", "indirect", "implicit"];

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a bad one is caught by every test run.
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid built-in pattern {pattern}: {e}"))
}

static TYPE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?/)?[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$")
});
const TYPE_NAME_RULE: &str = "use 2 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit, optionally after an organization prefix such as 'acme/'";
static OUTPUT_NAME: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z_][A-Za-z0-9_-]*$"));
const OUTPUT_NAME_RULE: &str =
    "start with a letter or '_', then use letters, digits, '_' or '-' (a Terraform output name)";

/// The resource types known to a run: the built-in ones plus any a platform team adds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    types: BTreeMap<String, ResourceType>,
}

/// One resource type, such as `postgres`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceType {
    /// The type name, as written in Score's `type:` and in definitions' `type:`.
    pub name: String,
    /// What one resource of this type is.
    pub description: String,
    /// Who may ask for a resource of this type.
    pub usage: TypeUse,
    /// The declared outputs by name.
    pub outputs: BTreeMap<String, OutputSpec>,
    /// Accepts outputs it does not declare without a warning (config, environment).
    pub open: bool,
}

/// One declared output of a resource type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputSpec {
    /// Whether the value is sensitive: anything built from it is sensitive too.
    pub secret: bool,
    /// Whether every provisioner of the type must produce it.
    pub required: bool,
    /// What the value is; may be empty.
    pub description: String,
}

/// Who may ask for a resource of a type (Humanitec's resource type `use`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TypeUse {
    /// A Score file may request it under `resources` (`postgres`, `s3`).
    #[default]
    Direct,
    /// Only resource definitions reference it (`aws-policy`, `k8s-service-account`).
    Indirect,
    /// Provisioned for every workload or environment without being requested (`workload`).
    Implicit,
}

impl TypeUse {
    /// The name used in catalog files: `direct`, `indirect` or `implicit`.
    pub fn as_str(self) -> &'static str {
        match self {
            TypeUse::Direct => "direct",
            TypeUse::Indirect => "indirect",
            TypeUse::Implicit => "implicit",
        }
    }
}

impl ResourceType {
    /// The declared output `name`, if any.
    pub fn output(&self, name: &str) -> Option<&OutputSpec> {
        self.outputs.get(name)
    }

    /// Whether a definition may produce output `name` without a warning: it is declared, or
    /// the type is open.
    pub fn accepts_output(&self, name: &str) -> bool {
        self.open || self.outputs.contains_key(name)
    }

    /// The outputs every provisioner must produce, in name order.
    pub fn required_outputs(&self) -> impl Iterator<Item = &str> {
        self.outputs
            .iter()
            .filter(|(_, o)| o.required)
            .map(|(n, _)| n.as_str())
    }
}

static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| load_builtin().0);

/// Reads the embedded `catalog.yaml` into an empty catalog.
fn load_builtin() -> (Catalog, Vec<Diagnostic>) {
    let mut catalog = Catalog::empty();
    let diags = match yaml::parse_single(BUILTIN_FILE, BUILTIN_SOURCE, "the built-in catalog") {
        Ok(doc) => catalog.extend(&doc),
        Err(d) => vec![d],
    };
    (catalog, diags)
}

impl Catalog {
    /// The built-in types of `catalog.yaml`. Parsed once per process; never panics (a broken
    /// embedded file would give a partial catalog, and a test proves the file loads cleanly).
    pub fn builtin() -> Catalog {
        BUILTIN.clone()
    }

    /// A catalog without any type.
    pub fn empty() -> Catalog {
        Catalog::default()
    }

    /// Adds the types of an extra-types document (`kind: ResourceTypes`, the format of
    /// `catalog.yaml`).
    ///
    /// A type that already exists is an error at its name unless it says `replace: true`,
    /// which replaces the old type as a whole; `replace: true` for a type that does not exist
    /// is an error at the flag. With a wrong `apiVersion` or `kind` nothing else is read.
    /// Types without errors are added even when others are rejected.
    pub fn extend(&mut self, doc: &Node) -> Vec<Diagnostic> {
        let mut ck = Checker::default();
        let types = read_document(&mut ck, doc, self);
        for ty in types {
            self.types.insert(ty.name.clone(), ty);
        }
        ck.diags
    }

    /// The type called `name`.
    pub fn get(&self, name: &str) -> Option<&ResourceType> {
        self.types.get(name)
    }

    /// Every type name, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.types.keys().map(String::as_str)
    }

    /// Every type, in name order.
    pub fn types(&self) -> impl Iterator<Item = &ResourceType> {
        self.types.values()
    }

    /// Whether `output` of `type_name` is secret (false for unknown types/outputs).
    pub fn is_secret(&self, type_name: &str, output: &str) -> bool {
        self.get(type_name)
            .and_then(|t| t.output(output))
            .is_some_and(|o| o.secret)
    }
}

/// Reads a whole document, returning the types to add.
fn read_document(ck: &mut Checker, doc: &Node, existing: &Catalog) -> Vec<ResourceType> {
    let root = DocPath::root();
    let fields = ["apiVersion", "kind", "types"];
    let Some(entries) = ck.object(doc, &root, &fields, &fields) else {
        return Vec::new();
    };
    let field = |name: &str| entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
    let version_ok = field("apiVersion").is_some_and(|v| {
        exact(
            ck,
            v,
            &root.key("apiVersion"),
            API_VERSION,
            &format!("the only supported version is '{API_VERSION}'"),
        )
    });
    let kind_ok = field("kind").is_some_and(|v| {
        exact(
            ck,
            v,
            &root.key("kind"),
            KIND,
            &format!("a resource-types document has 'kind: {KIND}'"),
        )
    });
    // Under an unknown version or kind the rest means something else: reading it would only
    // add noise.
    if !(version_ok && kind_ok) {
        return Vec::new();
    }
    let Some(types_node) = field("types") else {
        return Vec::new();
    };
    let path = root.key("types");
    let Some(types) = ck.mapping(types_node, &path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, node) in types {
        let name_ok = ck.key_matching(key, &path, &TYPE_NAME, "type name", TYPE_NAME_RULE);
        let ty = read_type(ck, key, node, &path.key(&key.name));
        let placed = name_ok && check_placement(ck, key, node, &path, existing);
        if let (true, Some(ty)) = (placed, ty) {
            out.push(ty);
        }
    }
    out
}

/// Checks that `value` is the string `want`.
fn exact(ck: &mut Checker, value: &Node, path: &DocPath, want: &str, help: &str) -> bool {
    let Some(text) = ck.string(value, path) else {
        return false;
    };
    if text.as_str() == want {
        return true;
    }
    ck.error_help(
        value.span,
        path,
        format!("invalid value '{}'", text.as_str()),
        help,
    );
    false
}

/// Checks a valid type name against the existing types: new unless `replace: true`, existing
/// if so. Warns about direct types that Score cannot name.
fn check_placement(
    ck: &mut Checker,
    key: &Key,
    node: &Node,
    path: &DocPath,
    existing: &Catalog,
) -> bool {
    let name = key.name.as_str();
    let type_path = path.key(name);
    // Read without diagnostics: `read_type` reports a flag that is not a boolean.
    let replace = node.get("replace").and_then(|n| match n.value {
        Value::Bool(b) => Some((b, n.span)),
        _ => None,
    });
    let direct = node
        .get("use")
        .and_then(Node::as_str)
        .is_none_or(|u| u == "direct");
    if direct && name.contains('/') {
        ck.diags.push(
            Diagnostic::warning(
                key.span,
                &type_path,
                format!("direct type '{name}' cannot be requested from a Score file"),
            )
            .with_help(
                "Score resource types cannot contain '/'; to change a built-in type, use its name with 'replace: true'",
            ),
        );
    }
    match (existing.get(name).is_some(), replace) {
        (true, Some((true, _))) | (false, None | Some((false, _))) => true,
        (true, _) => {
            ck.error_help(
                key.span,
                &type_path,
                format!("type '{name}' is already defined"),
                "set 'replace: true' to replace it as a whole, or choose another name",
            );
            false
        }
        (false, Some((true, span))) => {
            let names: Vec<&str> = existing.names().collect();
            let help = match closest(name, &names) {
                Some(c) => format!("did you mean '{c}'?"),
                None => "remove 'replace: true' to add a new type".to_owned(),
            };
            ck.error_help(
                span,
                &type_path.key("replace"),
                format!("there is no type '{name}' to replace"),
                help,
            );
            false
        }
    }
}

fn read_type(ck: &mut Checker, key: &Key, node: &Node, path: &DocPath) -> Option<ResourceType> {
    let entries = ck.object(
        node,
        path,
        &["description", "use", "open", "replace", "outputs"],
        &["description"],
    )?;
    let field = |name: &str| entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
    let description = field("description").and_then(|d| ck.non_empty(d, &path.key("description")));
    let usage = match field("use") {
        Some(u) => read_use(ck, u, &path.key("use")),
        None => Some(TypeUse::Direct),
    };
    let open = match field("open") {
        Some(o) => ck.bool(o, &path.key("open")),
        None => Some(false),
    };
    // The flag's meaning is checked by `check_placement`; here only its type.
    let replace_ok = field("replace").is_none_or(|r| ck.bool(r, &path.key("replace")).is_some());
    let outputs = match field("outputs") {
        Some(o) => read_outputs(ck, o, &path.key("outputs")),
        None => Some(BTreeMap::new()),
    };
    if !replace_ok {
        return None;
    }
    Some(ResourceType {
        name: key.name.clone(),
        description: description?.as_str().to_owned(),
        usage: usage?,
        outputs: outputs?,
        open: open?,
    })
}

fn read_use(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<TypeUse> {
    let text = ck.string(node, path)?;
    match text.as_str() {
        "direct" => Some(TypeUse::Direct),
        "indirect" => Some(TypeUse::Indirect),
        "implicit" => Some(TypeUse::Implicit),
        other => {
            let help = match closest(other, USES) {
                Some(c) => format!("did you mean '{c}'?"),
                None => format!("expected one of: {}", USES.join(", ")),
            };
            ck.error_help(node.span, path, format!("invalid value '{other}'"), help);
            None
        }
    }
}

fn read_outputs(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
) -> Option<BTreeMap<String, OutputSpec>> {
    let entries = ck.mapping(node, path)?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in entries {
        let name_ok = ck.key_matching(key, path, &OUTPUT_NAME, "output name", OUTPUT_NAME_RULE);
        match read_output(ck, value, &path.key(&key.name)) {
            Some(spec) if name_ok => {
                out.insert(key.name.clone(), spec);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_output(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<OutputSpec> {
    let entries = ck.object(node, path, &["description", "secret", "required"], &[])?;
    let field = |name: &str| entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
    let flag = |ck: &mut Checker, name: &str| match field(name) {
        Some(v) => ck.bool(v, &path.key(name)),
        None => Some(false),
    };
    let secret = flag(ck, "secret");
    let required = flag(ck, "required");
    let description = match field("description") {
        Some(d) => ck
            .string(d, &path.key("description"))
            .map(|t| t.as_str().to_owned()),
        None => Some(String::new()),
    };
    Some(OutputSpec {
        secret: secret?,
        required: required?,
        description: description?,
    })
}

#[cfg(test)]
mod tests;
