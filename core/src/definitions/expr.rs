//! Placeholders in resource definitions, in Humanitec's syntax.
//!
//! `${path}` where the path is `.`-separated names or quoted names in brackets:
//! `${context.app.id}`, `${values.region}`, `${resources.dns.outputs.host}`,
//! `${resources['dns.default#shared.api'].outputs.host}`, selectors
//! `${resources.workload>aws-policy.outputs.arn}` and `${resources['dns<route'].outputs.path}`.
//! `$\{` writes a literal `${`. A string that is exactly one placeholder takes the value's type;
//! anything else is text, with non-string values written as JSON. A string built from a
//! secret is secret.
//!
//! [`parse`] reads a string once into [`Part`]s; resolving ([`resolve`]), graph expansion and
//! the HCL generator all walk those parts, so the syntax lives in one place.

use crate::data::Data;
use crate::definitions::context::ResourceKey;
use crate::definitions::model::Target;
use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::yaml::{Node, Value};

/// A parsed string: literal text and placeholders.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The parts in order. Adjacent literals are merged.
    pub parts: Vec<Part>,
}

/// One part of a [`Template`].
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Text, with `$\{` already turned into `${`.
    Literal(String),
    /// A placeholder.
    Expr(Placeholder),
}

/// One `${…}` and where it is in the string.
#[derive(Clone, Debug, PartialEq)]
pub struct Placeholder {
    /// What it refers to.
    pub expr: Expr,
    /// Byte offset of the `$` in the string.
    pub offset: usize,
    /// Length in characters, `${` to `}`.
    pub len: usize,
}

/// What a placeholder refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// `${context.…}`.
    Context(ContextKey),
    /// `${values.KEY[.SUB…]}`: the environment's values.
    Values(Vec<String>),
    /// `${resources.TYPE[.CLASS][#ID].ACCESSOR}`.
    Resource {
        /// The referenced resource; omitted class and id are inherited.
        target: Target,
        /// What of it.
        access: Access,
    },
    /// `${resources.BASE<TYPE.…}` or `${resources.BASE>TYPE.…}`: a list, one item per match.
    Select {
        /// The resource the selection starts from, resolved like a reference.
        base: Target,
        /// `<` (dependents of the base) or `>` (dependencies of the base).
        direction: Direction,
        /// The type of the resources selected.
        kind: String,
        /// Their class, when given.
        class: Option<String>,
        /// What of each.
        access: Access,
    },
}

/// The `${context.…}` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextKey {
    /// `context.app.id`.
    AppId,
    /// `context.env.id`.
    EnvId,
    /// `context.env.type`.
    EnvType,
    /// `context.org.id`.
    OrgId,
    /// `context.res.id`.
    ResId,
    /// `context.res.type`.
    ResType,
    /// `context.res.class`.
    ResClass,
    /// `context.res.guresid`.
    ResGuresid,
}

const CONTEXT_KEYS: &[(&str, &str, ContextKey)] = &[
    ("app", "id", ContextKey::AppId),
    ("env", "id", ContextKey::EnvId),
    ("env", "type", ContextKey::EnvType),
    ("org", "id", ContextKey::OrgId),
    ("res", "id", ContextKey::ResId),
    ("res", "type", ContextKey::ResType),
    ("res", "class", ContextKey::ResClass),
    ("res", "guresid", ContextKey::ResGuresid),
];

impl ContextKey {
    /// The placeholder path, `context.app.id`.
    pub fn path(self) -> String {
        CONTEXT_KEYS
            .iter()
            .find(|(_, _, k)| *k == self)
            .map(|(a, b, _)| format!("context.{a}.{b}"))
            .unwrap_or_default()
    }
}

/// What a resource reference reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// `.outputs[.KEY…]` (also written `.values`): an output, or all of them.
    Outputs(Vec<String>),
    /// `.guresid`.
    Guresid,
    /// `.account`: the driver account of the resource's definition.
    Account,
}

/// Which way a selector walks the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `<`: resources that depend on the base.
    Dependents,
    /// `>`: resources the base depends on.
    Dependencies,
}

/// A syntax error, at a byte offset of the string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset of the `$` of the placeholder at fault.
    pub offset: usize,
    /// Its length in characters (to the end of the string when unterminated).
    pub len: usize,
    /// What is wrong.
    pub message: String,
}

impl Template {
    /// The placeholders, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.parts.iter().filter_map(|p| match p {
            Part::Expr(e) => Some(e),
            Part::Literal(_) => None,
        })
    }

    /// True when the string has no placeholder.
    pub fn is_literal(&self) -> bool {
        self.placeholders().next().is_none()
    }
}

/// Parses a definition string.
pub fn parse(text: &str) -> Result<Template, ExprError> {
    let mut parts: Vec<Part> = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find(['$']) {
        literal.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("$\\{") {
            literal.push_str("${");
            offset += i + 3;
            rest = after;
            continue;
        }
        if !tail.starts_with("${") {
            literal.push('$');
            offset += i + 1;
            rest = &tail[1..];
            continue;
        }
        let start = offset + i;
        let (tokens, consumed) = tokenize(&tail[2..]).map_err(|(at, message)| ExprError {
            offset: start,
            len: tail.chars().count().min(2 + at + 1),
            message,
        })?;
        let raw = &tail[..2 + consumed];
        let len = raw.chars().count();
        let expr = interpret(&tokens).map_err(|message| ExprError {
            offset: start,
            len,
            message,
        })?;
        if !literal.is_empty() {
            parts.push(Part::Literal(std::mem::take(&mut literal)));
        }
        parts.push(Part::Expr(Placeholder {
            expr,
            offset: start,
            len,
        }));
        offset = start + raw.len();
        rest = &tail[raw.len()..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Ok(Template { parts })
}

/// Reads the path after `${` up to and including `}`. Returns the tokens and the bytes
/// consumed; errors carry the byte offset within `s`.
fn tokenize(s: &str) -> Result<(Vec<String>, usize), (usize, String)> {
    let bytes = s.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut expect_name = true;
    loop {
        let Some(&b) = bytes.get(i) else {
            return Err((i, "unterminated placeholder: missing '}'".to_owned()));
        };
        match b {
            b'}' if !expect_name => return Ok((tokens, i + 1)),
            b'.' if !expect_name => {
                i += 1;
                expect_name = true;
                if bytes.get(i) == Some(&b'[') {
                    return Err((i, "'.' must be followed by a name, not '['".to_owned()));
                }
            }
            b'[' => {
                let (token, used) = bracket(&s[i + 1..]).map_err(|(at, m)| (i + 1 + at, m))?;
                tokens.push(token);
                i += 1 + used;
                expect_name = false;
            }
            _ if expect_name => {
                let end = s[i..]
                    .find(['.', '[', '}', ']', '\'', '"', ' ', '\t', '\n', '$'])
                    .map_or(s.len(), |e| i + e);
                if end == i {
                    let what = if b == b'}' {
                        "empty name in placeholder".to_owned()
                    } else {
                        format!("unexpected '{}' in placeholder", b as char)
                    };
                    return Err((i, what));
                }
                tokens.push(s[i..end].to_owned());
                i = end;
                expect_name = false;
            }
            _ => {
                let c = s[i..].chars().next().unwrap_or('?');
                return Err((i, format!("unexpected '{c}' in placeholder")));
            }
        }
    }
}

/// Reads `'name']`, `"name"]` or `0]` after a `[`.
fn bracket(s: &str) -> Result<(String, usize), (usize, String)> {
    let mut chars = s.char_indices();
    let Some((_, quote)) = chars.next() else {
        return Err((0, "unterminated '['".to_owned()));
    };
    if quote.is_ascii_digit() {
        let end = s
            .find(|c: char| !c.is_ascii_digit())
            .ok_or((s.len(), "unterminated '['".to_owned()))?;
        if s.as_bytes().get(end) != Some(&b']') {
            return Err((end, "expected ']' after an index".to_owned()));
        }
        return Ok((s[..end].to_owned(), end + 1));
    }
    if quote != '\'' && quote != '"' {
        return Err((0, "expected a quoted name or an index after '['".to_owned()));
    }
    let mut name = String::new();
    let mut escaped = false;
    for (i, c) in chars {
        if escaped {
            name.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            let after = i + c.len_utf8();
            if s.as_bytes().get(after) != Some(&b']') {
                return Err((after, "expected ']' after the quoted name".to_owned()));
            }
            return Ok((name, after + 1));
        } else {
            name.push(c);
        }
    }
    Err((s.len(), "unterminated quoted name".to_owned()))
}

fn interpret(tokens: &[String]) -> Result<Expr, String> {
    let (root, rest) = tokens
        .split_first()
        .ok_or_else(|| "empty placeholder".to_owned())?;
    match root.as_str() {
        "context" => context_key(rest).map(Expr::Context),
        "values" if rest.is_empty() => Err("'values' needs a key: ${values.KEY}".to_owned()),
        "values" => Ok(Expr::Values(rest.to_vec())),
        "resources" => resource(rest),
        other => Err(format!(
            "unknown placeholder '{other}': definitions can use context, values and resources \
             (write $\\{{ for a literal '${{', such as a Terraform interpolation in a script)"
        )),
    }
}

fn context_key(rest: &[String]) -> Result<ContextKey, String> {
    let names = || {
        CONTEXT_KEYS
            .iter()
            .map(|(a, b, _)| format!("context.{a}.{b}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rest {
        [a, b] => CONTEXT_KEYS
            .iter()
            .find(|(x, y, _)| x == a && y == b)
            .map(|(_, _, k)| *k)
            .ok_or_else(|| format!("unknown context 'context.{a}.{b}'; known: {}", names())),
        _ => Err(format!(
            "unknown context 'context.{}'; known: {}",
            rest.join("."),
            names()
        )),
    }
}

/// Accessor names end the resource part of a reference.
const ACCESSORS: &[&str] = &["outputs", "values", "guresid", "account"];

fn resource(rest: &[String]) -> Result<Expr, String> {
    if rest.is_empty() {
        return Err("'resources' needs a resource type: ${resources.TYPE.outputs.KEY}".to_owned());
    }
    let split = rest
        .iter()
        .position(|t| ACCESSORS.contains(&t.as_str()))
        .ok_or_else(|| {
            format!(
                "'resources.{}' needs an accessor: .outputs.KEY, .guresid or .account",
                rest.join(".")
            )
        })?;
    let (spec, tail) = rest.split_at(split);
    if spec.is_empty() {
        return Err("'resources' needs a resource type: ${resources.TYPE.outputs.KEY}".to_owned());
    }
    let spec = spec.join(".");
    let access = match (tail[0].as_str(), &tail[1..]) {
        ("outputs" | "values", keys) => Access::Outputs(keys.to_vec()),
        ("guresid", []) => Access::Guresid,
        ("account", []) => Access::Account,
        (name, extra) => {
            return Err(format!(
                "'.{name}' takes no further keys, found '.{}'",
                extra.join(".")
            ));
        }
    };
    match spec.find(['<', '>']) {
        None => Ok(Expr::Resource {
            target: Target::parse(&spec)?,
            access,
        }),
        Some(i) => {
            let direction = if spec.as_bytes()[i] == b'<' {
                Direction::Dependents
            } else {
                Direction::Dependencies
            };
            let base = Target::parse(&spec[..i])?;
            let selected = Target::parse(&spec[i + 1..])?;
            if selected.id.is_some() {
                return Err(format!(
                    "a selector picks resources by type and class; '{}' cannot name an id",
                    &spec[i + 1..]
                ));
            }
            Ok(Expr::Select {
                base,
                direction,
                kind: selected.kind,
                class: selected.class,
                access,
            })
        }
    }
}

impl Target {
    /// The resource this target names when written in a definition for `from`: an omitted
    /// class or id is `from`'s.
    pub fn inherit(&self, from: &ResourceKey) -> ResourceKey {
        ResourceKey {
            kind: self.kind.clone(),
            class: self.class.clone().unwrap_or_else(|| from.class.clone()),
            res_id: self.id.clone().unwrap_or_else(|| from.res_id.clone()),
        }
    }
}

/// A value with whether a secret went into it.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The value.
    pub value: Data,
    /// True when any secret contributed to it.
    pub secret: bool,
}

/// What [`resolve`] looks placeholders up in.
pub trait Scope {
    /// A context value.
    fn context(&self, key: ContextKey) -> Result<Resolved, String>;
    /// `${values.…}`.
    fn value(&self, keys: &[String]) -> Result<Resolved, String>;
    /// A resource reference; the scope applies inheritance.
    fn resource(&self, target: &Target, access: &Access) -> Result<Resolved, String>;
    /// A selector: one item per selected resource, in graph order.
    fn select(
        &self,
        base: &Target,
        direction: Direction,
        kind: &str,
        class: Option<&str>,
        access: &Access,
    ) -> Result<Vec<Resolved>, String>;
}

/// Resolves one placeholder.
pub fn resolve_expr(expr: &Expr, scope: &dyn Scope) -> Result<Resolved, String> {
    match expr {
        Expr::Context(k) => scope.context(*k),
        Expr::Values(keys) => scope.value(keys),
        Expr::Resource { target, access } => scope.resource(target, access),
        Expr::Select {
            base,
            direction,
            kind,
            class,
            access,
        } => {
            let items = scope.select(base, *direction, kind, class.as_deref(), access)?;
            let secret = items.iter().any(|r| r.secret);
            Ok(Resolved {
                value: Data::Seq(items.into_iter().map(|r| r.value).collect()),
                secret,
            })
        }
    }
}

/// Resolves a string: exactly one placeholder keeps the value's type; anything else is text
/// with non-strings written as JSON. Errors point at the offending placeholder.
pub fn resolve(template: &Template, scope: &dyn Scope) -> Result<Resolved, ExprError> {
    let fail = |p: &Placeholder, message: String| ExprError {
        offset: p.offset,
        len: p.len,
        message,
    };
    if let [Part::Expr(p)] = template.parts.as_slice() {
        return resolve_expr(&p.expr, scope).map_err(|e| fail(p, e));
    }
    let mut text = String::new();
    let mut secret = false;
    for part in &template.parts {
        match part {
            Part::Literal(l) => text.push_str(l),
            Part::Expr(p) => {
                let r = resolve_expr(&p.expr, scope).map_err(|e| fail(p, e))?;
                secret |= r.secret;
                text.push_str(&r.value.to_interpolated());
            }
        }
    }
    Ok(Resolved {
        value: Data::Str(text),
        secret,
    })
}

/// Every string of `node` with its document path, parsed. Syntax errors become diagnostics
/// pointing at the placeholder.
pub fn templates(node: &Node, path: &DocPath) -> (Vec<(DocPath, Node, Template)>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    walk(node, path, &mut out, &mut diags, 0);
    (out, diags)
}

fn walk(
    node: &Node,
    path: &DocPath,
    out: &mut Vec<(DocPath, Node, Template)>,
    diags: &mut Vec<Diagnostic>,
    depth: usize,
) {
    // The YAML layer already bounds depth; this guard keeps the walk safe for synthetic trees.
    if depth > crate::yaml::MAX_DEPTH {
        return;
    }
    match &node.value {
        Value::Str(s) => match parse(s) {
            Ok(t) => out.push((path.clone(), node.clone(), t)),
            Err(e) => diags.push(Diagnostic::error(
                node.span_at(e.offset, u32::try_from(e.len).unwrap_or(u32::MAX)),
                path,
                e.message,
            )),
        },
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), out, diags, depth + 1);
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                walk(v, &path.key(&k.name), out, diags, depth + 1);
            }
        }
        _ => {}
    }
}
