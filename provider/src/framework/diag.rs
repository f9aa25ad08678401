//! Diagnostics: how every problem, the user's or the provider's, reaches Terraform.
//!
//! Handlers append to [`Diagnostics`] and keep going, so one run shows every problem. A
//! diagnostic about one attribute carries its [`AttributePath`], and Terraform then points at
//! the user's configuration line. Only protocol faults travel as gRPC errors; nothing a user
//! writes does.

use score_core::diag::{MAX_MESSAGE_BYTES, shorten};

use crate::proto::tfplugin6 as pb;
use crate::value::{AttributePath, PathStep, ValueError};

/// Longest name or id a message quotes whole.
const MAX_QUOTED_BYTES: usize = 256;

/// `text` quoted for a message (`"…"`, escaped as Rust writes strings), its middle left out
/// past [`MAX_QUOTED_BYTES`]: type names and import ids come from the wire and can be
/// megabytes, and a diagnostic must not mirror them back.
pub fn quote(text: &str) -> String {
    format!("{:?}", shorten(text, MAX_QUOTED_BYTES))
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The operation fails.
    Error,
    /// The operation goes on; Terraform shows the warning.
    Warning,
}

/// One problem: a short summary, a detail of full sentences, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Full sentences, ending with what to do.
    pub detail: String,
    /// The attribute at fault, when one is.
    pub attribute: Option<AttributePath>,
}

impl Diagnostic {
    /// An error about the whole object.
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            attribute: None,
        }
    }

    /// A warning about the whole object.
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(summary, detail)
        }
    }

    /// This diagnostic about the attribute at `path` (the root path means the whole object).
    pub fn at(mut self, path: AttributePath) -> Diagnostic {
        self.attribute = (!path.is_root()).then_some(path);
        self
    }

    /// Whether this diagnostic fails the operation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A value that did not match its type: `what` names it ("configuration", "prior state").
    pub fn invalid_value(what: &str, error: &ValueError) -> Diagnostic {
        // The error may quote a name or key from the value, which can be any length.
        let message = shorten(&error.to_string(), MAX_MESSAGE_BYTES).into_owned();
        Diagnostic::error(
            format!("Invalid {what}"),
            format!(
                "The provider could not read the {what} Terraform sent: {message}. \
                 This is a bug in Terraform or in the provider; please report it."
            ),
        )
        .at(error.path.clone())
    }

    /// A provider bug: something the provider's own code got wrong.
    pub fn bug(summary: impl Into<String>, detail: impl AsRef<str>) -> Diagnostic {
        Diagnostic::error(
            summary,
            format!(
                "{} This is a bug in the provider; please report it.",
                detail.as_ref()
            ),
        )
    }

    /// The protocol form.
    pub fn to_proto(&self) -> pb::Diagnostic {
        let severity = match self.severity {
            Severity::Error => pb::diagnostic::Severity::Error,
            Severity::Warning => pb::diagnostic::Severity::Warning,
        };
        pb::Diagnostic {
            severity: severity as i32,
            summary: self.summary.clone(),
            detail: self.detail.clone(),
            attribute: self.attribute.as_ref().map(path_to_proto),
        }
    }
}

/// The protocol form of an attribute path.
pub fn path_to_proto(path: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    let steps = path
        .0
        .iter()
        .map(|step| pb::attribute_path::Step {
            selector: Some(match step {
                PathStep::Attribute(name) => Selector::AttributeName(name.clone()),
                PathStep::Key(key) => Selector::ElementKeyString(key.clone()),
                PathStep::Index(index) => Selector::ElementKeyInt(*index),
            }),
        })
        .collect();
    pb::AttributePath { steps }
}

/// An attribute path from the protocol form; `None` when a step has no selector.
pub fn path_from_proto(path: &pb::AttributePath) -> Option<AttributePath> {
    use pb::attribute_path::step::Selector;
    path.steps
        .iter()
        .map(|step| {
            Some(match step.selector.as_ref()? {
                Selector::AttributeName(name) => PathStep::Attribute(name.clone()),
                Selector::ElementKeyString(key) => PathStep::Key(key.clone()),
                Selector::ElementKeyInt(index) => PathStep::Index(*index),
            })
        })
        .collect::<Option<Vec<_>>>()
        .map(AttributePath)
}

/// The diagnostics of one operation, in the order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Appends one, dropping an exact duplicate (Terraform would show it twice).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if !self.0.contains(&diagnostic) {
            self.0.push(diagnostic);
        }
    }

    /// Appends an error about the whole object.
    pub fn error(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Diagnostic::error(summary, detail));
    }

    /// Appends an error about the attribute at `path`.
    pub fn error_at(
        &mut self,
        path: AttributePath,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.push(Diagnostic::error(summary, detail).at(path));
    }

    /// Appends a warning about the whole object.
    pub fn warning(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Diagnostic::warning(summary, detail));
    }

    /// Appends a warning about the attribute at `path`.
    pub fn warning_at(
        &mut self,
        path: AttributePath,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(summary, detail).at(path));
    }

    /// Appends all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.0 {
            self.push(d);
        }
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// The protocol form.
    pub fn to_proto(&self) -> Vec<pb::Diagnostic> {
        self.0.iter().map(Diagnostic::to_proto).collect()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
