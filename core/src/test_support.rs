//! Helpers shared by the data-driven tests: fixture files, and diagnostics compared with caret
//! comments written under the offending line of a fixture.
//!
//! An annotation is a line starting with `#` whose first character after the `#`s and spaces
//! is `^`. `#   ^ error: path: message` expects a diagnostic on the nearest line above that is
//! not an annotation, at the caret's column. Annotations stack: several may follow one line.
//! A line `#   help: text` right after an annotation expects that diagnostic's help, and
//! `#   ^ note: text` expects a note of some diagnostic at that position.

use crate::diag::Diagnostic;
use std::path::Path;

/// The text of `core/test_data/<dir>/<name>`.
pub(crate) fn fixture(dir: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A diagnostic as `LINE:COL severity: PATH: MESSAGE`.
pub(crate) fn render(d: &Diagnostic) -> String {
    format!(
        "{}:{} {}: {}",
        d.span.start.line,
        d.span.start.col,
        d.severity,
        d.headline()
    )
}

/// One caret annotation: the rendered diagnostic it expects, and the help when one is given.
#[derive(Debug)]
pub(crate) struct Annotation {
    /// `LINE:COL severity: PATH: MESSAGE`, or `LINE:COL note: MESSAGE`.
    pub rendered: String,
    /// The expected help, from a `# help:` line right below.
    pub help: Option<String>,
}

/// Every annotation of `text`, in order.
pub(crate) fn annotations(text: &str) -> Vec<Annotation> {
    let mut out: Vec<Annotation> = Vec::new();
    let mut target_line = 0;
    let mut after_annotation = false;
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start_matches('#').trim_start();
        let is_comment = line.starts_with('#');
        if is_comment && body.starts_with('^') {
            let col = line.len() - body.len() + 1;
            let rest = body.trim_start_matches('^').trim();
            out.push(Annotation {
                rendered: format!("{target_line}:{col} {rest}"),
                help: None,
            });
            after_annotation = true;
            continue;
        }
        if let (true, true, Some(help)) = (is_comment, after_annotation, body.strip_prefix("help:"))
        {
            if let Some(last) = out.last_mut() {
                last.help = Some(help.trim().to_owned());
            }
            continue;
        }
        after_annotation = false;
        target_line = i + 1;
    }
    out
}

/// The rendered diagnostics the annotations of `text` expect (helps not included).
pub(crate) fn expected(text: &str) -> Vec<String> {
    annotations(text).into_iter().map(|a| a.rendered).collect()
}

/// Asserts that `got` are exactly the diagnostics annotated in fixture `text` (named `name` in
/// failure messages): positions, severities, paths and messages, every note, and each help
/// the annotations give.
#[track_caller]
pub(crate) fn check_annotated(name: &str, text: &str, got: &[Diagnostic]) {
    let want = annotations(text);
    let mut want_rendered: Vec<String> = want.iter().map(|a| a.rendered.clone()).collect();
    let mut got_rendered: Vec<String> = Vec::new();
    for d in got {
        got_rendered.push(render(d));
        for note in &d.notes {
            got_rendered.push(format!(
                "{}:{} note: {}",
                note.span.start.line, note.span.start.col, note.message
            ));
        }
    }
    want_rendered.sort();
    got_rendered.sort();
    assert_eq!(
        got_rendered,
        want_rendered,
        "\nfixture {name}\n got:\n{}\n want:\n{}",
        got_rendered.join("\n"),
        want_rendered.join("\n")
    );
    for a in want.iter().filter(|a| a.help.is_some()) {
        let helps: Vec<Option<&str>> = got
            .iter()
            .filter(|d| render(d) == a.rendered)
            .map(|d| d.help.as_deref())
            .collect();
        assert!(
            helps.contains(&a.help.as_deref()),
            "\nfixture {name}: {}\n want help: {:?}\n got: {helps:?}",
            a.rendered,
            a.help
        );
    }
}
