//! Renders diagnostics: a gcc-style first line (clickable in editors and CI logs), then the
//! source line with a caret, then the help.
//!
//! ```text
//! score.yaml:12:18: error: containers.web.variables.DB_HOST: invalid ref 'resourcs.db.host': unknown reference root, use $$ to escape the substitution
//!    12 |       DB_HOST: ${resourcs.db.host}
//!       |                ^^^^^^^^^^^^^^^^^^^
//!    = help: use ${metadata.<key>} or ${resources.<name>.<output>}, or $${ for a literal ${
//! ```

use crate::files::Files;
use score_core::Diagnostic;
use std::fmt::Write as _;

/// The full text for one diagnostic, ending in a newline.
pub fn diagnostic(files: &Files, d: &Diagnostic) -> String {
    let mut out = format!(
        "{}:{}:{}: {}: {}\n",
        files.name(d.span.file),
        d.span.start.line,
        d.span.start.col,
        d.severity,
        d.headline()
    );
    let text = files.text(d.span.file);
    if let Some(line) = text
        .lines()
        .nth(d.span.start.line.saturating_sub(1) as usize)
    {
        let number = d.span.start.line.to_string();
        let gutter = " ".repeat(number.len());
        let line = line.replace('\t', " ");
        let _ = writeln!(out, " {number} | {line}");
        let indent = " ".repeat(d.span.start.col.saturating_sub(1) as usize);
        let width = d.span.single_line_len().filter(|l| *l > 0).unwrap_or(1) as usize;
        let available = line
            .chars()
            .count()
            .saturating_sub(d.span.start.col as usize - 1)
            .max(1);
        let _ = writeln!(
            out,
            " {gutter} | {indent}{}",
            "^".repeat(width.min(available))
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    for note in &d.notes {
        let _ = writeln!(
            out,
            "{}:{}:{}: note: {}",
            files.name(note.span.file),
            note.span.start.line,
            note.span.start.col,
            note.message
        );
    }
    out
}

/// A closing count such as `2 errors, 1 warning`, or `None` when there is nothing to say.
pub fn summary(diags: &[Diagnostic]) -> Option<String> {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(plural(w, "warning")),
        (e, 0) => Some(plural(e, "error")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}
