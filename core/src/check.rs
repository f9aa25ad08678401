//! Small typed readers over [`Node`]s that record a diagnostic for every mismatch.
//!
//! Shared by the Score schema, resource definitions, the resource type catalog and the
//! binaries' own YAML files (`score2hcl.yaml`), so every file the project reads reports
//! mistakes the same way: a position, a document path, and a did-you-mean where it helps.

use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::score::model::Text;
use crate::source::Span;
use crate::yaml::{Key, Node, Value};
use regex::Regex;

/// Collects diagnostics while reading a document.
#[derive(Debug, Default)]
pub struct Checker {
    /// Everything found so far, in the order found.
    pub diags: Vec<Diagnostic>,
}

impl Checker {
    /// Records an error at `span` about the value at `path`.
    pub fn error(&mut self, span: Span, path: &DocPath, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, path, message));
    }

    /// Records an error with a hint.
    pub fn error_help(
        &mut self,
        span: Span,
        path: &DocPath,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(span, path, message).with_help(help));
    }

    fn expected(&mut self, node: &Node, path: &DocPath, what: &str) {
        let help = match (&node.value, what) {
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), "a string") => {
                Some("quote the value to make it a string".to_owned())
            }
            _ => None,
        };
        let message = format!("expected {what}, found {}", node.kind());
        match help {
            Some(h) => self.error_help(node.span, path, message, h),
            None => self.error(node.span, path, message),
        }
    }

    /// A mapping with a fixed set of fields: unknown fields and missing required ones are
    /// errors.
    pub fn object<'n>(
        &mut self,
        node: &'n Node,
        path: &DocPath,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<&'n [(Key, Node)]> {
        let entries = self.mapping(node, path)?;
        for (key, _) in entries {
            if !allowed.contains(&key.name.as_str()) {
                let help = match closest(&key.name, allowed) {
                    Some(c) => format!("did you mean '{c}'?"),
                    None => format!("expected one of: {}", allowed.join(", ")),
                };
                self.error_help(
                    key.span,
                    &path.key(&key.name),
                    format!("unknown field '{}'", key.name),
                    help,
                );
            }
        }
        for field in required {
            if !entries.iter().any(|(k, _)| k.name == *field) {
                self.error(node.span, path, format!("missing required field '{field}'"));
            }
        }
        Some(entries)
    }

    /// Any mapping.
    pub fn mapping<'n>(&mut self, node: &'n Node, path: &DocPath) -> Option<&'n [(Key, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            _ => {
                self.expected(node, path, "a mapping");
                None
            }
        }
    }

    /// Any sequence.
    pub fn sequence<'n>(&mut self, node: &'n Node, path: &DocPath) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.expected(node, path, "a sequence");
                None
            }
        }
    }

    /// A string (a number or boolean is an error with a hint to quote it).
    pub fn string(&mut self, node: &Node, path: &DocPath) -> Option<Text> {
        let text = Text::new(node);
        if text.is_none() {
            self.expected(node, path, "a string");
        }
        text
    }

    /// A non-empty string.
    pub fn non_empty(&mut self, node: &Node, path: &DocPath) -> Option<Text> {
        let text = self.string(node, path)?;
        if text.as_str().is_empty() {
            self.error(node.span, path, "must not be empty");
            return None;
        }
        Some(text)
    }

    /// A string matching `re`; `rule` says in words what the pattern wants.
    pub fn matching(
        &mut self,
        node: &Node,
        path: &DocPath,
        re: &Regex,
        rule: &str,
    ) -> Option<Text> {
        let text = self.string(node, path)?;
        if !re.is_match(text.as_str()) {
            self.error_help(
                node.span,
                path,
                format!("invalid value '{}'", text.as_str()),
                rule.to_owned(),
            );
            return None;
        }
        Some(text)
    }

    /// One of a fixed set of strings.
    pub fn one_of(&mut self, node: &Node, path: &DocPath, allowed: &[&str]) -> Option<Text> {
        let text = self.string(node, path)?;
        if !allowed.contains(&text.as_str()) {
            self.error_help(
                node.span,
                path,
                format!("invalid value '{}'", text.as_str()),
                format!("expected one of: {}", allowed.join(", ")),
            );
            return None;
        }
        Some(text)
    }

    /// A boolean.
    pub fn bool(&mut self, node: &Node, path: &DocPath) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.expected(node, path, "a boolean");
                None
            }
        }
    }

    /// A TCP/UDP port number, 1 to 65535.
    pub fn port(&mut self, node: &Node, path: &DocPath) -> Option<u16> {
        match node.value {
            Value::Int(i) if (1..=65535).contains(&i) => u16::try_from(i).ok(),
            Value::Int(i) => {
                self.error(
                    node.span,
                    path,
                    format!("port {i} is out of range 1 to 65535"),
                );
                None
            }
            _ => {
                self.expected(node, path, "an integer");
                None
            }
        }
    }

    /// A sequence of strings.
    pub fn strings(&mut self, node: &Node, path: &DocPath) -> Option<Vec<Text>> {
        let items = self.sequence(node, path)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.string(item, &path.index(i)) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A mapping key that must match `re`.
    pub fn key_matching(
        &mut self,
        key: &Key,
        path: &DocPath,
        re: &Regex,
        what: &str,
        rule: &str,
    ) -> bool {
        if re.is_match(&key.name) {
            return true;
        }
        self.error_help(
            key.span,
            &path.key(&key.name),
            format!("invalid {what} '{}'", key.name),
            rule.to_owned(),
        );
        false
    }
}

/// The allowed name closest to `name`, when it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(&name.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
