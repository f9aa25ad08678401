//! Data-driven tests of the definitions layer: loading, matching, placeholders and resource
//! identity. Fixtures live in `core/test_data/definitions/`; expected diagnostics are caret
//! comments under the offending line (see `crate::test_support`).

mod context;
mod expr;
mod load;
mod matching;

use crate::definitions::load::load_documents;
use crate::definitions::model::Definition;
use crate::diag::Diagnostic;
use crate::source::FileId;
use crate::test_support::{self, render};
use crate::yaml;

/// The text of `core/test_data/definitions/<name>`.
fn fixture(name: &str) -> String {
    test_support::fixture("definitions", name)
}

/// Parses `text` as a definitions file and loads it.
#[track_caller]
fn load_text(text: &str) -> (Vec<Definition>, Vec<Diagnostic>) {
    let docs = yaml::parse_documents(FileId(0), text).unwrap_or_else(|d| panic!("{}", render(&d)));
    load_documents(&docs)
}

/// Loads `text`, which must be free of diagnostics.
#[track_caller]
fn load_clean(text: &str) -> Vec<Definition> {
    let (defs, diags) = load_text(text);
    let rendered: Vec<String> = diags.iter().map(render).collect();
    assert!(
        rendered.is_empty(),
        "\n{}\n in:\n{text}",
        rendered.join("\n")
    );
    defs
}
