//! Data source `score_resource_definitions`: definition files from a file or a directory.
//!
//! A directory is read recursively in sorted order (`.yaml`, `.yml`, `.json`; names starting
//! with `.` skipped), as `score2hcl` reads one, so both see the same definitions in the same
//! order. The set is checked as a whole: duplicate ids and criteria across files are errors
//! naming both places.

use std::path::{Path, PathBuf};

use score_core::definitions::{Definition, load};
use score_core::yaml::{self, Node, Value as YamlValue};
use score_core::{Diagnostic as CoreDiagnostic, FileId, Severity as CoreSeverity, Span};

use super::document;
use crate::framework::{
    Attribute, AttributeKind, Block, BoxFuture, Context, DataSource, Diagnostics, ObjectNesting,
    Schema,
};
use crate::value::{AttributePath, Type, Value};

/// How deep a directory is searched (a symlink loop ends here).
const MAX_DEPTH: usize = 32;
/// How many directory entries a walk looks at before it gives up: a definitions folder has
/// tens or hundreds, and `path = "/"` would otherwise hold the plan while it reads the whole
/// file system.
const MAX_ENTRIES: usize = 100_000;

/// Data source `score_resource_definitions`.
#[derive(Debug)]
pub struct DefinitionsDataSource;

fn definition_attributes() -> [(&'static str, Attribute); 5] {
    [
        (
            "id",
            Attribute::computed(Type::String).description("The definition id."),
        ),
        (
            "type",
            Attribute::computed(Type::String).description("The resource type."),
        ),
        (
            "driver_type",
            Attribute::computed(Type::String).description("The driver, as written."),
        ),
        (
            "file",
            Attribute::computed(Type::String)
                .description("The file it was read from, as `path` plus the path inside it."),
        ),
        (
            "document",
            Attribute::computed(Type::String).sensitive().description(
                "The definition as canonical `entity.humanitec.io/v1b1` YAML (the file's own \
                 form, reformatted, for definitions using `secret_refs`). Sensitive: it holds \
                 the definition's secrets.",
            ),
        ),
    ]
}

/// The schema of `score_resource_definitions`.
pub fn schema() -> Schema {
    let block = Block::new()
        .attribute(
            "path",
            Attribute::required(Type::String).description(
                "A definition file, or a directory read recursively in sorted order (`.yaml`, \
                 `.yml`, `.json`; names starting with `.` are skipped). Relative to the \
                 directory Terraform runs in. Problems are reported on this attribute with \
                 `FILE:LINE:COL` in the detail.",
            ),
        )
        .attribute(
            "definitions",
            Attribute::nested(
                AttributeKind::Computed,
                ObjectNesting::List,
                definition_attributes(),
            )
            .description("Every definition, in file order and then the order within a file."),
        )
        .attribute(
            "documents",
            Attribute::computed(Type::list(Type::String))
                .sensitive()
                .description(
                    "The definitions' documents in the order of `definitions`: what \
                 `score_resource_match` and `provider::score::match_definition` take. \
                 Sensitive: they hold the definitions' secrets.",
                ),
        )
        .description(
            "Reads resource definitions (Humanitec's `entity`, `object` and API forms) from a \
             file or a directory and checks them as one set: every field, placeholders, \
             drivers, and duplicate ids and criteria across files.",
        );
    Schema::new(block)
}

/// The files to read under `path`, sorted; errors as diagnostic details.
fn files(path: &Path, errors: &mut Vec<String>) -> Vec<PathBuf> {
    files_within(path, MAX_ENTRIES, errors)
}

/// [`files`], looking at no more than `limit` directory entries.
fn files_within(path: &Path, limit: usize, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if path.is_dir() {
        let mut budget = limit;
        walk(path, 0, &mut budget, &mut out, errors);
        if budget == 0 {
            errors.push(format!(
                "{}: more than {limit} files and directories under it; point path at the \
                 folder that holds the definitions.",
                path.display()
            ));
        }
    } else {
        out.push(path.to_owned());
    }
    out
}

fn walk(
    dir: &Path,
    depth: usize,
    budget: &mut usize,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<String>,
) {
    if *budget == 0 {
        return;
    }
    if depth > MAX_DEPTH {
        errors.push(format!(
            "{}: directories nest deeper than {MAX_DEPTH} levels (a symlink loop?).",
            dir.display()
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(format!("{}: {e}.", dir.display()));
            return;
        }
    };
    let mut names: Vec<String> = entries
        .take(*budget)
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    for name in names {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let child = dir.join(&name);
        if child.is_dir() {
            walk(&child, depth + 1, budget, out, errors);
        } else if Path::new(&name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        {
            out.push(child);
        }
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    crate::input::read_text(path).map_err(|e| format!("{}: {e}.", path.display()))
}

/// The nodes `load::load_documents` reads definitions from, in its order.
fn definition_nodes(docs: &[Node]) -> Vec<&Node> {
    docs.iter()
        .flat_map(|doc| match &doc.value {
            YamlValue::Null => Vec::new(),
            YamlValue::Seq(items) => items.iter().collect(),
            _ => vec![doc],
        })
        .collect()
}

/// One definition read, with the file it came from and its document.
struct Loaded {
    def: Definition,
    file: String,
    document: String,
}

/// Reads and checks every definition under `path`; problems go to `problems`.
fn load_all(path: &Path, problems: &mut Problems) -> Vec<Loaded> {
    let mut errors = Vec::new();
    let found = files(path, &mut errors);
    problems.errors.extend(errors);
    let mut loaded = Vec::new();
    for (i, file) in found.iter().enumerate() {
        let name = file.display().to_string();
        problems.names.push(name.clone());
        let text = match read_text(file) {
            Ok(text) => text,
            Err(e) => {
                problems.errors.push(e);
                continue;
            }
        };
        let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        let docs = match yaml::parse_documents(id, &text) {
            Ok(docs) => docs,
            Err(d) => {
                problems.add(&d);
                continue;
            }
        };
        let (defs, diags) = load::load_documents(&docs);
        diags.iter().for_each(|d| problems.add(d));
        let nodes = definition_nodes(&docs);
        for def in defs {
            let document = match document::attributes(&def) {
                Ok(attrs) => attrs
                    .get_attr("document")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                Err(_) => nodes
                    .iter()
                    .find(|n| n.span == def.span)
                    .map(|n| n.to_data().to_yaml())
                    .unwrap_or_default(),
            };
            loaded.push(Loaded {
                file: name.clone(),
                document,
                def,
            });
        }
    }
    let defs: Vec<Definition> = loaded.iter().map(|l| l.def.clone()).collect();
    load::check_duplicates(&defs)
        .iter()
        .for_each(|d| problems.add(d));
    loaded
}

/// Problems found, as `FILE:LINE:COL: PATH: message` lines.
#[derive(Default)]
struct Problems {
    /// File names by `FileId`.
    names: Vec<String>,
    errors: Vec<String>,
    warnings: Vec<String>,
}

impl Problems {
    fn at(&self, span: Span) -> String {
        let file = self
            .names
            .get(span.file.0 as usize)
            .map_or("?", String::as_str);
        format!("{file}:{}:{}", span.start.line, span.start.col)
    }

    fn add(&mut self, d: &CoreDiagnostic) {
        let mut line = format!("{}: {}", self.at(d.span), d.headline());
        if let Some(help) = &d.help {
            line.push_str(&format!(" (help: {help})"));
        }
        for note in &d.notes {
            line.push_str(&format!("; {}: {}", self.at(note.span), note.message));
        }
        match d.severity {
            CoreSeverity::Error => self.errors.push(line),
            CoreSeverity::Warning => self.warnings.push(line),
        }
    }
}

fn definitions_value(loaded: &[Loaded]) -> (Value, Value) {
    let definitions = loaded
        .iter()
        .map(|l| {
            Value::object([
                ("id", Value::string(&l.def.id.text)),
                ("type", Value::string(&l.def.kind.text)),
                ("driver_type", Value::string(&l.def.driver_type.text)),
                ("file", Value::string(&l.file)),
                ("document", Value::string(&l.document)),
            ])
        })
        .collect();
    let documents = loaded.iter().map(|l| Value::string(&l.document)).collect();
    (Value::List(definitions), Value::List(documents))
}

impl DataSource for DefinitionsDataSource {
    fn schema(&self) -> Schema {
        schema()
    }

    fn read<'a>(
        &'a self,
        _ctx: &'a Context,
        config: Value,
        diags: &'a mut Diagnostics,
    ) -> BoxFuture<'a, Value> {
        Box::pin(async move {
            let at = AttributePath::root().attr("path");
            let Some(path) = config.get_attr("path").and_then(Value::as_str) else {
                diags.error_at(
                    at,
                    "Missing path",
                    "Set path to a definition file or directory.",
                );
                return Value::Null;
            };
            let path = PathBuf::from(path);
            // Reading files and loading definitions is blocking work.
            let result = tokio::task::spawn_blocking(move || {
                let mut problems = Problems::default();
                let loaded = load_all(&path, &mut problems);
                (loaded, problems)
            })
            .await;
            let (loaded, problems) = match result {
                Ok(result) => result,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(_) => {
                    diags.error(
                        "Operation Cancelled",
                        "The provider is shutting down; the definitions were not read.",
                    );
                    return Value::Null;
                }
            };
            for w in &problems.warnings {
                diags.warning_at(at.clone(), "Definition Warning", w);
            }
            if !problems.errors.is_empty() {
                diags.error_at(
                    at,
                    "Invalid Resource Definitions",
                    format!(
                        "{}\nFix the definitions, or point path elsewhere.",
                        problems.errors.join("\n")
                    ),
                );
                return Value::Null;
            }
            let (definitions, documents) = definitions_value(&loaded);
            let mut state = config;
            if let Value::Object(attrs) = &mut state {
                attrs.insert("definitions".to_owned(), definitions);
                attrs.insert("documents".to_owned(), documents);
            }
            state
        })
    }
}

#[cfg(test)]
mod walk_tests {
    use super::files_within;

    #[test]
    fn a_walk_stops_at_its_entry_limit_with_an_error() {
        let dir = tempfile::tempdir().expect("temporary directory");
        for i in 0..4 {
            let sub = dir.path().join(format!("d{i}"));
            std::fs::create_dir(&sub).expect("mkdir");
            std::fs::write(sub.join("def.yaml"), "{}").expect("write");
        }
        let mut errors = Vec::new();
        assert_eq!(files_within(dir.path(), 100, &mut errors).len(), 4);
        assert!(errors.is_empty(), "{errors:?}");

        let found = files_within(dir.path(), 5, &mut errors);
        assert!(found.len() < 4, "{found:?}");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("more than 5 files and directories"),
            "{errors:?}"
        );
    }
}
