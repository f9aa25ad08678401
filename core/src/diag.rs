//! Diagnostics: what the engine says about user input.
//!
//! A diagnostic is not an error value: warnings alone are not a failure, and the engine keeps
//! going after an error so that one run reports every problem.

use crate::path::DocPath;
use crate::source::Span;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is accepted, but something deserves attention (a deprecated form, say).
    Warning,
    /// The input is rejected.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in the input, with where it is in the text and in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The offending value's position.
    pub span: Span,
    /// The offending value's document path, such as `containers.web.variables.DB_HOST`. Empty
    /// for problems with the document as a whole (a YAML syntax error, say).
    pub path: DocPath,
    /// Lower-case, no trailing full stop, offending values quoted.
    pub message: String,
    /// An optional hint on how to fix it.
    pub help: Option<String>,
    /// Other places that take part (each edge of a cycle, the first of two duplicates).
    pub notes: Vec<Note>,
}

/// A secondary position of a [`Diagnostic`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

impl Diagnostic {
    /// An error at `span` about the value at `path`.
    pub fn error(span: Span, path: &DocPath, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span,
            path: path.clone(),
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning at `span` about the value at `path`.
    pub fn warning(span: Span, path: &DocPath, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, path, message)
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary position.
    pub fn with_note(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.notes.push(Note {
            span,
            message: message.into(),
        });
        self
    }

    /// Whether this diagnostic rejects the input.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message led by the document path, as printed after `FILE:LINE:COL: error: `.
    pub fn headline(&self) -> String {
        if self.path.is_root() {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        }
    }
}

/// Whether any of `diags` is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Sorts diagnostics by file and position, so output is stable whatever order checks ran in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.file, a.span.start, &a.message).cmp(&(b.span.file, b.span.start, &b.message))
    });
}
