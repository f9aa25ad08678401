//! Definitions with inline Terraform (`script`, `files`) become local modules under
//! `DIR/modules/<name>/`: `script` is `main.tf`, each of `files` keeps its name.
//!
//! Humanitec substitutes placeholders into that text before running Terraform. Here the
//! module runs later, inside the root module, so each distinct placeholder becomes an input
//! variable of the module (`score2hcl_<path>`, declared in `score2hcl_inputs.tf`), its text
//! becomes `${var.score2hcl_<path>}`, and the module block passes the placeholder's expression.
//! Placeholders therefore belong inside quoted strings or heredocs of the script, as they do in
//! Humanitec's examples (`bucket = "${context.app.id}-data"`). `$\{` in a script is a literal
//! `${`, so Terraform's own interpolations come through unchanged.

use super::Gen;
use super::hcl::{self, attr, block};
use super::names;
use super::translate::Site;
use crate::write::OutputFile;
use ::hcl::Body;
use ::hcl::expr::Expression;
use score_core::definitions::Spanned;
use score_core::definitions::expr::{self, Part};
use score_core::yaml::Node;
use score_core::{Diagnostic, DocPath};
use std::collections::BTreeMap;

/// The file generated inputs are declared in.
const INPUTS_FILE: &str = "score2hcl_inputs.tf";

impl Gen<'_> {
    /// Writes the module's files into `out` and returns its `source` and the inputs its
    /// placeholders need.
    pub(super) fn inline_module(
        &mut self,
        j: usize,
        script: Option<&Node>,
        files: &[(Spanned, Node)],
        out: &mut Vec<OutputFile>,
    ) -> (String, Vec<(String, Expression)>) {
        let dir = format!("modules/{}", self.names[j]);
        let base = self.definition_path(j).key("driver_inputs").key("values");
        let mut texts: Vec<(String, &Node, DocPath)> = Vec::new();
        if let Some(s) = script {
            texts.push(("main.tf".to_owned(), s, base.key("script")));
        }
        for (name, node) in files {
            let path = base.key("files").key(&name.text);
            if let Err(why) = check_file_name(&name.text) {
                self.diags.push(
                    Diagnostic::error(name.span, &path, format!("file name '{}' {why}", name.text))
                        .with_help("name files relative to the module directory, such as 'main.tf' or 'templates/x.tpl'"),
                );
                continue;
            }
            if script.is_some() && name.text == "main.tf" {
                self.diags.push(
                    Diagnostic::error(name.span, &path, "'main.tf' is also where 'script' goes")
                        .with_help("rename the file, or move the script into it"),
                );
                continue;
            }
            if name.text == INPUTS_FILE {
                self.diags.push(Diagnostic::error(
                    name.span,
                    &path,
                    format!(
                        "'{INPUTS_FILE}' is the file score2hcl declares the module's inputs in"
                    ),
                ));
                continue;
            }
            texts.push((name.text.clone(), node, path));
        }
        // Files Terraform does not read as configuration get the values known now.
        let (config, other): (Vec<_>, Vec<_>) = texts
            .into_iter()
            .partition(|(name, _, _)| name.ends_with(".tf") || name.ends_with(".tf.json"));
        let key = self.graph.nodes[j].key.clone();
        for (name, node, path) in other {
            let text = node.as_str().unwrap_or_default();
            match super::translate::static_text(text, self.inputs.context, Some(&key)) {
                Ok(t) => out.push(OutputFile {
                    path: format!("{dir}/{name}"),
                    contents: t.into_bytes(),
                }),
                Err((offset, len, message)) => {
                    let span = node.span_at(offset, u32::try_from(len).unwrap_or(u32::MAX));
                    self.diags
                        .push(Diagnostic::error(span, &path, message).with_help(
                            "only .tf files can use resource outputs: they become module inputs",
                        ));
                }
            }
        }
        // First pass: every distinct placeholder and its expression.
        let mut found: BTreeMap<String, Expression> = BTreeMap::new();
        let mut parsed = Vec::new();
        for (name, node, path) in &config {
            let text = node.as_str().unwrap_or_default();
            let Ok(template) = expr::parse(text) else {
                // Syntax errors were reported when the definition was loaded.
                continue;
            };
            for p in template.placeholders() {
                let raw = raw_placeholder(text, p.offset, p.len);
                if let std::collections::btree_map::Entry::Vacant(slot) = found.entry(raw) {
                    slot.insert(self.placeholder(Site::Node(j), node, p, path));
                }
            }
            parsed.push((name.clone(), text, template));
        }
        let pairs: Vec<(String, String)> = found
            .keys()
            .map(|raw| {
                let inner = raw.trim_start_matches("${").trim_end_matches('}');
                (
                    raw.clone(),
                    format!(
                        "score2hcl_{}",
                        names::sanitize(inner).trim_start_matches('_')
                    ),
                )
            })
            .collect();
        let vars = names::assign(&pairs);
        // Second pass: the texts with each placeholder replaced by its variable.
        for (name, text, template) in parsed {
            let mut content = String::new();
            for part in &template.parts {
                match part {
                    Part::Literal(l) => content.push_str(l),
                    Part::Expr(p) => {
                        let raw = raw_placeholder(text, p.offset, p.len);
                        let var = vars.get(&raw).cloned().unwrap_or_default();
                        content.push_str("${var.");
                        content.push_str(&var);
                        content.push('}');
                    }
                }
            }
            if name.ends_with(".tf") {
                self.check_hcl(&dir, &name, &content, &config);
            }
            out.push(OutputFile {
                path: format!("{dir}/{name}"),
                contents: content.into_bytes(),
            });
        }
        let mut inputs = Vec::new();
        if !found.is_empty() {
            let mut body = Body::builder();
            for (raw, e) in found {
                let var = vars.get(&raw).cloned().unwrap_or_default();
                let b = Body::builder()
                    .add_attribute(attr(
                        "description",
                        hcl::quoted(&format!("Placeholder {raw}")),
                    ))
                    .build();
                body = body.add_block(block("variable", &[&var], b));
                inputs.push((var, e));
            }
            let header = format!(
                "Generated by score2hcl from {}: the inputs of this module's placeholders.",
                self.inputs.origin
            );
            out.push(OutputFile {
                path: format!("{dir}/{INPUTS_FILE}"),
                contents: hcl::file(&header, &body.build()).into_bytes(),
            });
        }
        inputs.sort_by(|a, b| a.0.cmp(&b.0));
        (format!("./{dir}"), inputs)
    }

    /// Warns when an inline `.tf` file is not HCL: Terraform would refuse the module with a
    /// position in the generated file, far from the definition that holds the mistake. A
    /// warning, not an error: hcl-rs is not Terraform's parser, and a text it cannot read
    /// may still be one Terraform can.
    fn check_hcl(
        &mut self,
        dir: &str,
        name: &str,
        content: &str,
        config: &[(String, &Node, DocPath)],
    ) {
        let Err(::hcl::Error::Parse(e)) = ::hcl::parse(content) else {
            return;
        };
        let Some((_, node, path)) = config.iter().find(|(n, _, _)| n == name) else {
            return;
        };
        let at = e.location();
        self.diags.push(
            Diagnostic::warning(
                node.span,
                path,
                format!(
                    "{dir}/{name} is not valid HCL: {} (line {}, column {} of that file)",
                    e.message(),
                    at.line(),
                    at.column()
                ),
            )
            .with_help("Terraform will refuse this module; fix the definition's text"),
        );
    }

    fn definition_path(&self, j: usize) -> DocPath {
        self.graph.nodes[j]
            .definition
            .map(|d| super::emit::body_path(&self.inputs.definitions[d]))
            .unwrap_or_default()
    }
}

/// The placeholder text at byte `offset`, `len` characters long.
fn raw_placeholder(text: &str, offset: usize, len: usize) -> String {
    text.get(offset..)
        .unwrap_or_default()
        .chars()
        .take(len)
        .collect()
}

/// A module file name must stay inside the module directory.
fn check_file_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty");
    }
    if name.starts_with('/') || name.contains('\\') || name.contains('\0') {
        return Err("must be a relative path with '/' separators");
    }
    if name
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Err("must not contain empty, '.' or '..' parts");
    }
    Ok(())
}
