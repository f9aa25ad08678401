//! Score workloads: loading, validation, placeholders, resource identity.

pub mod identity;
pub mod model;
pub mod overrides;
mod placeholders;
pub mod resolve;
mod schema;
mod upgrade;

pub use identity::{ProjectResource, ResourceUid, collect_resources};
pub use model::*;
pub use placeholders::check_placeholders;
pub use resolve::resolve;

use crate::diag::{self, Diagnostic};
use crate::path::DocPath;
use crate::yaml::{Node, Value};

/// What the caller asks of [`load`] besides the document itself.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions<'a> {
    /// Replaces `image: .` in every container (the CLI's `--image`).
    pub image: Option<&'a str>,
}

/// Checks a Score document (overrides already applied) and reads it into a [`Workload`].
///
/// Runs the whole pipeline: deprecated forms are upgraded, `image: .` is replaced, every
/// schema rule is checked, then placeholders and `before` relations. Returns the workload
/// when there is no error, and every diagnostic found either way.
pub fn load(mut doc: Node, opts: &LoadOptions<'_>) -> (Option<Workload>, Vec<Diagnostic>) {
    let mut diags = upgrade::upgrade(&mut doc);
    if diag::has_errors(&diags) {
        return (None, diags);
    }
    diags.extend(replace_image(&mut doc, opts.image));
    let mut ck = crate::check::Checker::default();
    let workload = schema::read_workload(&mut ck, &doc);
    diags.extend(ck.diags);
    let workload = workload.filter(|_| !diag::has_errors(&diags));
    if let Some(w) = &workload {
        diags.extend(check_placeholders(w));
    }
    diag::sort(&mut diags);
    let ok = !diag::has_errors(&diags);
    (workload.filter(|_| ok), diags)
}

/// The `containers` mapping of a document, when it is one.
pub(crate) fn containers_mut(doc: &mut Node) -> Option<&mut Vec<(crate::yaml::Key, Node)>> {
    let Value::Map(root) = &mut doc.value else {
        return None;
    };
    let (_, containers) = root.iter_mut().find(|(k, _)| k.name == "containers")?;
    match &mut containers.value {
        Value::Map(entries) => Some(entries),
        _ => None,
    }
}

/// Replaces `image: .` by `image`, as `--image` does in score-compose and score-k8s.
fn replace_image(doc: &mut Node, image: Option<&str>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(containers) = containers_mut(doc) else {
        return diags;
    };
    for (name, container) in containers.iter_mut() {
        let Value::Map(fields) = &mut container.value else {
            continue;
        };
        let Some((_, value)) = fields.iter_mut().find(|(k, _)| k.name == "image") else {
            continue;
        };
        if value.as_str() != Some(".") {
            continue;
        }
        match image {
            Some(img) => value.value = Value::Str(img.to_owned()),
            None => {
                let path = DocPath::root()
                    .key("containers")
                    .key(&name.name)
                    .key("image");
                diags.push(
                    Diagnostic::error(
                        value.span,
                        &path,
                        format!(
                            "container '{}' has image '.' but no --image was provided",
                            name.name
                        ),
                    )
                    .with_help("pass --image with the image reference built by CI"),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests;
