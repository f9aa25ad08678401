//! Score placeholders: `${metadata.name}`, `${resources.db.host}`, and their escapes.
//!
//! [`parse`] splits a string into literal text and references once; everything else works on
//! those parts: substitution with known values ([`substitute`]), static checks ([`check`]), and
//! later translation into other languages (an HCL template, say) without re-parsing.
//!
//! Semantics follow score-go's `framework/substitution.go`:
//! - `${...}` is a reference; its content runs to the first `}`;
//! - `$$` is a literal `$`, and `$${...}` is the literal text `${...}`;
//! - a `$` followed by anything else (or a `${` never closed) is a literal `$`;
//! - inside a reference, `.` separates keys and `\.` is a literal dot;
//! - the roots are `metadata` and `resources`; non-string values inserted into a string are
//!   JSON-encoded.

use crate::data::Data;
use std::collections::BTreeMap;
use std::fmt;

/// One piece of a parsed string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text to keep as it is, escapes already removed.
    Literal(String),
    /// A `${...}` reference.
    Ref(Ref),
}

/// A `${...}` reference and where it is in its string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    /// The text between `${` and `}`, as written.
    pub raw: String,
    /// The keys, split on unescaped dots.
    pub keys: Vec<String>,
    /// Byte offset of the `$` in the string.
    pub offset: usize,
    /// Length in characters of `${...}`, for carets under it.
    pub len: u32,
}

/// A string split into literal text and references.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Template {
    /// The parts in order; adjacent literals are merged.
    pub parts: Vec<Part>,
}

impl Template {
    /// The reference when the string is exactly one reference and nothing else.
    pub fn single_ref(&self) -> Option<&Ref> {
        match self.parts.as_slice() {
            [Part::Ref(r)] => Some(r),
            _ => None,
        }
    }

    /// All references in order.
    pub fn refs(&self) -> impl Iterator<Item = &Ref> {
        self.parts.iter().filter_map(|p| match p {
            Part::Ref(r) => Some(r),
            Part::Literal(_) => None,
        })
    }

    /// Whether the string holds no reference at all.
    pub fn is_literal(&self) -> bool {
        self.refs().next().is_none()
    }

    fn push_literal(&mut self, text: &str) {
        if let Some(Part::Literal(last)) = self.parts.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.parts.push(Part::Literal(text.to_owned()));
        }
    }
}

/// Splits `input` into literal text and references. Never fails: whether a reference means
/// anything is decided when it is checked or resolved.
pub fn parse(input: &str) -> Template {
    let mut t = Template::default();
    let mut rest = input;
    let mut offset = 0;
    while let Some(i) = rest.find('$') {
        t.push_literal(&rest[..i]);
        let at = &rest[i..];
        let (consumed, part) = parse_dollar(at, offset + i);
        match part {
            Part::Literal(text) => t.push_literal(&text),
            r @ Part::Ref(_) => t.parts.push(r),
        }
        rest = &at[consumed..];
        offset += i + consumed;
    }
    t.push_literal(rest);
    t
}

/// Parses what starts at a `$`: returns the bytes consumed and the part they make.
fn parse_dollar(at: &str, offset: usize) -> (usize, Part) {
    let after = &at[1..];
    if let Some(body) = after.strip_prefix('{') {
        if let Some(close) = body.find('}') {
            let raw = &body[..close];
            let consumed = 2 + close + 1;
            let part = Part::Ref(Ref {
                raw: raw.to_owned(),
                keys: split_keys(raw),
                offset,
                len: at[..consumed].chars().count() as u32,
            });
            return (consumed, part);
        }
        return (1, Part::Literal("$".to_owned()));
    }
    if let Some(escaped) = after.strip_prefix('$') {
        if let Some(body) = escaped.strip_prefix('{') {
            if let Some(close) = body.find('}') {
                // `$${x}` is the literal `${x}`.
                let consumed = 3 + close + 1;
                return (consumed, Part::Literal(at[1..consumed].to_owned()));
            }
        }
        return (2, Part::Literal("$".to_owned()));
    }
    (1, Part::Literal("$".to_owned()))
}

/// Splits a reference on unescaped dots; `\.` is a literal dot.
pub fn split_keys(raw: &str) -> Vec<String> {
    let mut keys = vec![String::new()];
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                if let Some(k) = keys.last_mut() {
                    k.push('.');
                }
            }
            '.' => keys.push(String::new()),
            c => {
                if let Some(k) = keys.last_mut() {
                    k.push(c);
                }
            }
        }
    }
    keys
}

/// Why a reference does not resolve. Displayed as score-go words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// The first key is neither `metadata` nor `resources`.
    UnknownRoot,
    /// `${metadata}` alone.
    NeedsMetadataKey,
    /// `${resources}` alone.
    NeedsResourceName,
    /// `${resources.NAME}` where an output key is required.
    NeedsOutputKey,
    /// A key is empty or holds characters no key can have.
    Malformed,
    /// No resource of this name in the workload.
    NoResource(String),
    /// The resource is declared but its outputs were not given.
    NoOutputs(String),
    /// A key is missing from a mapping.
    KeyNotFound(String),
    /// A key was looked up in a value that is not a mapping.
    NotAMap(String),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::UnknownRoot => {
                f.write_str("unknown reference root, use $$ to escape the substitution")
            }
            RefError::NeedsMetadataKey => f.write_str("requires at least a metadata key to lookup"),
            RefError::NeedsResourceName => {
                f.write_str("requires at least a resource name to lookup")
            }
            RefError::NeedsOutputKey => f.write_str("at least one lookup key is required"),
            RefError::Malformed => f.write_str(
                "malformed, each element must be non-empty and made of letters, digits, '_', '-' or '/'",
            ),
            RefError::NoResource(n) => write!(f, "no known resource '{n}'"),
            RefError::NoOutputs(n) => write!(f, "no outputs given for resource '{n}'"),
            RefError::KeyNotFound(k) => write!(f, "key '{k}' not found"),
            RefError::NotAMap(k) => write!(f, "cannot lookup key '{k}', context is not a map"),
        }
    }
}

impl RefError {
    /// A hint for the user, when there is a useful one.
    pub fn help(&self) -> Option<String> {
        match self {
            RefError::UnknownRoot => Some(
                "use ${metadata.<key>} or ${resources.<name>.<output>}, or $${ for a literal ${"
                    .to_owned(),
            ),
            RefError::NoResource(_) => {
                Some("declare the resource under the workload's top-level 'resources'".to_owned())
            }
            RefError::NoOutputs(n) => Some(format!("add \"{n}\" to the resource outputs")),
            RefError::Malformed => Some("write \\. for a literal dot inside a key".to_owned()),
            _ => None,
        }
    }
}

/// What references can see.
#[derive(Clone, Debug)]
pub struct Scope<'a> {
    /// The workload's `metadata` mapping.
    pub metadata: &'a Data,
    /// The workload's resources by name. `None` outputs mean "declared, outputs not known
    /// yet": any output key is accepted and resolves to nothing.
    pub resources: &'a BTreeMap<String, Option<Data>>,
    /// When set, a declared resource without known outputs is an error
    /// ([`RefError::NoOutputs`]) instead of resolving to [`Resolved::Unknown`].
    pub require_outputs: bool,
}

/// What a reference resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved<'a> {
    /// A known value.
    Value(&'a Data),
    /// A resource output that is not known yet (static checking).
    Unknown,
}

fn key_ok(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.'))
}

/// Resolves one reference in `scope`.
pub fn resolve<'a>(r: &Ref, scope: &Scope<'a>) -> Result<Resolved<'a>, RefError> {
    let keys = &r.keys;
    match keys[0].as_str() {
        "metadata" if keys.len() < 2 => Err(RefError::NeedsMetadataKey),
        "resources" if keys.len() < 2 => Err(RefError::NeedsResourceName),
        "metadata" | "resources" if !keys[1..].iter().all(|k| key_ok(k)) => {
            Err(RefError::Malformed)
        }
        "metadata" => lookup(scope.metadata, &keys[1..]).map(Resolved::Value),
        "resources" => {
            let name = &keys[1];
            let outputs = scope
                .resources
                .get(name)
                .ok_or_else(|| RefError::NoResource(name.clone()))?;
            if keys.len() < 3 {
                return Err(RefError::NeedsOutputKey);
            }
            match outputs {
                None if scope.require_outputs => Err(RefError::NoOutputs(name.clone())),
                None => Ok(Resolved::Unknown),
                Some(outputs) => lookup(outputs, &keys[2..]).map(Resolved::Value),
            }
        }
        _ => Err(RefError::UnknownRoot),
    }
}

fn lookup<'a>(mut at: &'a Data, keys: &[String]) -> Result<&'a Data, RefError> {
    for key in keys {
        at = match at {
            Data::Map(_) => at
                .get(key)
                .ok_or_else(|| RefError::KeyNotFound(key.clone()))?,
            // Score's reference implementation only walks mappings; an index into a sequence
            // is a small, unambiguous extension.
            Data::Seq(items) => key
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .ok_or_else(|| RefError::KeyNotFound(key.clone()))?,
            _ => return Err(RefError::NotAMap(key.clone())),
        };
    }
    Ok(at)
}

/// A reference that failed, with where it is in its string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefFailure {
    /// The reference.
    pub reference: Ref,
    /// Why it failed.
    pub error: RefError,
}

impl fmt::Display for RefFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid ref '{}': {}", self.reference.raw, self.error)
    }
}

/// Checks every reference of a template, returning each failure.
pub fn check(t: &Template, scope: &Scope<'_>) -> Vec<RefFailure> {
    t.refs()
        .filter_map(|r| {
            resolve(r, scope).err().map(|error| RefFailure {
                reference: r.clone(),
                error,
            })
        })
        .collect()
}

/// Substitutes every reference, producing a string: non-string values are JSON-encoded.
/// Unknown values (static mode) are kept as their `${...}` text.
pub fn substitute(t: &Template, scope: &Scope<'_>) -> Result<String, Vec<RefFailure>> {
    let mut out = String::new();
    let mut failures = Vec::new();
    for part in &t.parts {
        match part {
            Part::Literal(s) => out.push_str(s),
            Part::Ref(r) => match resolve(r, scope) {
                Ok(Resolved::Value(v)) => out.push_str(&v.to_interpolated()),
                Ok(Resolved::Unknown) => {
                    out.push_str("${");
                    out.push_str(&r.raw);
                    out.push('}');
                }
                Err(error) => failures.push(RefFailure {
                    reference: r.clone(),
                    error,
                }),
            },
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        Err(failures)
    }
}

/// Substitutes like [`substitute`], except that a string made of exactly one reference takes
/// the referenced value with its type (a number stays a number): the rule for resource params.
pub fn substitute_typed(t: &Template, scope: &Scope<'_>) -> Result<Data, Vec<RefFailure>> {
    if let Some(r) = t.single_ref() {
        if let Ok(Resolved::Value(v)) = resolve(r, scope) {
            return Ok(v.clone());
        }
    }
    substitute(t, scope).map(Data::Str)
}

/// Substitutes every reference by looking all of its keys up in `root`, whatever the first
/// key: the engine of a generic `substitute(template, values)`, where `values` plays the part
/// Score's `metadata` and `resources` play in a workload. Errors are worded as score-go's.
pub fn substitute_in(t: &Template, root: &Data) -> Result<String, Vec<RefFailure>> {
    let mut out = String::new();
    let mut failures = Vec::new();
    for part in &t.parts {
        match part {
            Part::Literal(s) => out.push_str(s),
            Part::Ref(r) => {
                let found = if r.keys.iter().all(|k| key_ok(k)) {
                    lookup(root, &r.keys)
                } else {
                    Err(RefError::Malformed)
                };
                match found {
                    Ok(v) => out.push_str(&v.to_interpolated()),
                    Err(error) => failures.push(RefFailure {
                        reference: r.clone(),
                        error,
                    }),
                }
            }
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        Err(failures)
    }
}

/// Escapes a literal string so that [`parse`] reads it back unchanged.
///
/// A `$` becomes `$$`, except where it opens `${…}`: score-go reads `$${…}` as the literal
/// `${…}` with everything up to the first `}` taken as is, so that whole span is written
/// once, after one extra `$`, its own `$`s untouched (doubling them would make `${a$b}`
/// come back as `${a$$b}`).
pub fn escape(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len() + 8);
    let mut rest = literal;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let at = &rest[i..];
        let span = at
            .strip_prefix("${")
            .and_then(|body| body.find('}'))
            .map(|close| 2 + close + 1);
        match span {
            Some(len) => {
                out.push('$');
                out.push_str(&at[..len]);
                rest = &at[len..];
            }
            None => {
                out.push_str("$$");
                rest = &at[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
