//! Diagnostics: what the engine says about user input.
//!
//! A diagnostic is not an error value: warnings alone are not a failure, and the engine keeps
//! going after an error so that one run reports every problem.

use crate::path::DocPath;
use crate::source::Span;
use std::borrow::Cow;
use std::fmt;

/// Longest message and help kept whole. Messages quote the offending value, and a value can
/// be megabytes (a whole file pasted as a name, a runaway key): a diagnostic repeats at most
/// this much of its input, whoever shows it (a terminal, a Terraform diagnostic).
pub const MAX_MESSAGE_BYTES: usize = 1024;

/// `text` when it is at most `max` bytes; otherwise its start and its end around a marker
/// saying how much was left out, at most `max` bytes in all (more only when `max` is too
/// small for the marker), cut on character boundaries.
pub fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    // The marker's length depends on the count it shows; the count is at most `text.len()`.
    let room = max.saturating_sub(marker(text.len()).len());
    // Two thirds from the start: that is where a quoted value begins and says what it is.
    let head = floor_boundary(text, room * 2 / 3);
    let tail = ceil_boundary(text, text.len() - (room - head));
    let mut out = String::with_capacity(max);
    out.push_str(&text[..head]);
    out.push_str(&marker(tail - head));
    out.push_str(&text[tail..]);
    Cow::Owned(out)
}

fn marker(left_out: usize) -> String {
    format!(" … ({left_out} bytes left out) … ")
}

/// The largest character boundary at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// The smallest character boundary at or after `at`.
fn ceil_boundary(text: &str, at: usize) -> usize {
    (at..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

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
            message: shorten(&message.into(), MAX_MESSAGE_BYTES).into_owned(),
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
        self.help = Some(shorten(&help.into(), MAX_MESSAGE_BYTES).into_owned());
        self
    }

    /// Adds a secondary position.
    pub fn with_note(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.notes.push(Note {
            span,
            message: shorten(&message.into(), MAX_MESSAGE_BYTES).into_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_keeps_both_ends_within_the_bound() {
        assert_eq!(shorten("short", 10), "short");
        let long = format!("unknown field '{}' here", "é".repeat(1000));
        let short = shorten(&long, 100);
        assert!(short.len() <= 100, "{}", short.len());
        assert!(short.starts_with("unknown field 'é"), "{short}");
        assert!(short.ends_with("é' here"), "{short}");
        assert!(short.contains(" bytes left out) … "), "{short}");
        // The count is exactly what is missing.
        let count: usize = short
            .split(" … (")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("a count");
        assert_eq!(count + short.len() - marker(count).len(), long.len());
        // Every message is bounded the same way.
        let d = Diagnostic::error(
            Span::point(crate::FileId(0), crate::Pos::START),
            &DocPath::root(),
            long,
        );
        assert!(d.message.len() <= MAX_MESSAGE_BYTES);
    }
}
