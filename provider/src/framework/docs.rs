//! Markdown reference pages rendered from schemas and signatures, so the descriptions written
//! next to the code are the documentation (as tfplugindocs does for Go providers).
//!
//! The pages are committed and a test compares them with a fresh rendering; `UPDATE_EXPECT=1`
//! rewrites them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::function::Signature;
use super::schema::{Attribute, AttributeKind, AttributeType, Block, Description, ObjectNesting};
use crate::value::Type;

/// The page of a data source or resource: `kind` is "Data Source" or "Resource".
pub fn schema_page(kind: &str, type_name: &str, block: &Block, example: &str) -> String {
    let mut out = front_matter(
        &format!("{type_name} ({kind})"),
        text_of(&block.description),
    );
    let _ = write!(out, "# {type_name} ({kind})\n\n");
    push_paragraph(&mut out, &block.description);
    push_example(&mut out, example);
    out.push_str("## Attributes\n\n");
    attribute_table(&mut out, block);
    nested_tables(&mut out, "", block);
    out
}

/// The page of a resource: [`schema_page`] plus an Import section showing `import`, the
/// resource's `import.sh` (empty when the resource cannot be imported).
pub fn resource_page(type_name: &str, block: &Block, example: &str, import: &str) -> String {
    let mut out = schema_page("Resource", type_name, block, example);
    if !import.trim().is_empty() {
        let _ = write!(
            out,
            "## Import\n\nImport is supported using the following syntax:\n\n```shell\n{}\n```\n",
            import.trim_end()
        );
    }
    out
}

/// The provider's index page (`docs/index.md`): what the provider is for, then an example.
pub fn provider_page(provider: &str, description: &str, example: &str) -> String {
    let mut out = front_matter(&format!("Provider: {provider}"), description);
    let _ = write!(out, "# {provider} Provider\n\n{}\n\n", description.trim());
    push_example(&mut out, example);
    out
}

/// The YAML front matter the Terraform Registry reads a page's title and summary from.
fn front_matter(title: &str, description: &str) -> String {
    let summary = first_sentence(description);
    let mut out = format!("---\npage_title: \"{title}\"\ndescription: |-\n");
    for line in summary.lines() {
        let _ = writeln!(out, "  {line}");
    }
    out.push_str("---\n\n");
    out
}

/// The first sentence of a description, on one line: the Registry's page summary.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_owned(),
        None => flat,
    }
}

/// The page of function `name` of provider `provider`.
pub fn function_page(provider: &str, name: &str, signature: &Signature, example: &str) -> String {
    let mut out = front_matter(&format!("{name} (Function)"), &signature.summary);
    let _ = write!(out, "# {name} (Function)\n\n");
    if !signature.summary.is_empty() {
        let _ = writeln!(out, "{}.\n", signature.summary.trim_end_matches('.'));
    }
    push_paragraph(&mut out, &signature.description);
    if let Some(message) = &signature.deprecation {
        let _ = writeln!(out, "**Deprecated:** {message}\n");
    }
    push_example(&mut out, example);
    out.push_str("## Signature\n\n```text\n");
    let parameters: Vec<String> = signature
        .parameters
        .iter()
        .map(|p| format!("{} {}", p.name, type_name(&p.ty)))
        .chain(
            signature
                .variadic
                .iter()
                .map(|p| format!("{}... {}", p.name, type_name(&p.ty))),
        )
        .collect();
    let _ = writeln!(
        out,
        "provider::{provider}::{name}({}) {}\n```\n",
        parameters.join(", "),
        type_name(&signature.return_type)
    );
    out.push_str("## Arguments\n\n| Name | Type | Description |\n| --- | --- | --- |\n");
    for p in signature.parameters.iter().chain(&signature.variadic) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            p.name,
            type_name(&p.ty),
            cell(&p.description)
        );
    }
    out.push('\n');
    out
}

fn push_paragraph(out: &mut String, description: &Description) {
    let text = text_of(description);
    if !text.is_empty() {
        out.push_str(text);
        out.push_str("\n\n");
    }
}

fn push_example(out: &mut String, example: &str) {
    if example.trim().is_empty() {
        return;
    }
    let _ = write!(
        out,
        "## Example Usage\n\n```terraform\n{}\n```\n\n",
        example.trim_end()
    );
}

fn text_of(description: &Description) -> &str {
    match description {
        Description::None => "",
        Description::Plain(text) | Description::Markdown(text) => text,
    }
}

/// A description as one table cell: on one line, pipes escaped.
fn cell(description: &Description) -> String {
    text_of(description)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn attribute_table(out: &mut String, block: &Block) {
    out.push_str("| Name | Type | Set by | Description |\n| --- | --- | --- | --- |\n");
    for (name, attribute) in &block.attributes {
        let mut description = cell(&attribute.description);
        if attribute.sensitive {
            description.push_str(" Sensitive.");
        }
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {} |",
            attribute_type(attribute),
            kind(attribute.kind),
            description.trim()
        );
    }
    out.push('\n');
}

/// A table per nested-attribute object, after the table that mentions it.
fn nested_tables(out: &mut String, prefix: &str, block: &Block) {
    for (name, attribute) in &block.attributes {
        if let AttributeType::Nested(nested) = &attribute.ty {
            let path = format!("{prefix}{name}");
            let inner = Block {
                attributes: nested.attributes.clone(),
                ..Block::default()
            };
            let _ = writeln!(out, "### `{path}`\n");
            attribute_table(out, &inner);
            nested_tables(out, &format!("{path}."), &inner);
        }
    }
}

fn kind(kind: AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Required => "you (required)",
        AttributeKind::Optional => "you (optional)",
        AttributeKind::Computed => "the provider",
        AttributeKind::OptionalComputed => "you, or the provider",
    }
}

fn attribute_type(attribute: &Attribute) -> String {
    match &attribute.ty {
        AttributeType::Value(ty) => type_name(ty),
        AttributeType::Nested(nested) => match nested.nesting {
            ObjectNesting::Single => "object (below)".to_owned(),
            ObjectNesting::List => "list of objects (below)".to_owned(),
            ObjectNesting::Set => "set of objects (below)".to_owned(),
            ObjectNesting::Map => "map of objects (below)".to_owned(),
        },
    }
}

/// A type as Terraform's type constraint syntax writes it.
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".to_owned(),
        Type::Number => "number".to_owned(),
        Type::String => "string".to_owned(),
        Type::Dynamic => "any".to_owned(),
        Type::List(e) => format!("list({})", type_name(e)),
        Type::Set(e) => format!("set({})", type_name(e)),
        Type::Map(e) => format!("map({})", type_name(e)),
        Type::Tuple(items) => format!(
            "tuple([{}])",
            items.iter().map(type_name).collect::<Vec<_>>().join(", ")
        ),
        Type::Object(attrs) => object_name(attrs, &BTreeSet::new()),
        Type::ObjectWithOptional { attrs, optional } => object_name(attrs, optional),
    }
}

fn object_name(attrs: &BTreeMap<String, Type>, optional: &BTreeSet<String>) -> String {
    let fields: Vec<String> = attrs
        .iter()
        .map(|(name, ty)| {
            if optional.contains(name) {
                format!("{name} = optional({})", type_name(ty))
            } else {
                format!("{name} = {}", type_name(ty))
            }
        })
        .collect();
    format!("object({{{}}})", fields.join(", "))
}
