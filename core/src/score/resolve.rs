//! Substitutes every placeholder of a workload, given the outputs of its resources.
//!
//! Placeholders are expanded exactly where Score expands them: container `variables`, file
//! `content` and text read from a file's `source` (unless `noExpand`), volume `source`, and
//! the string leaves of resource `params` (type-preserving when a string is one whole
//! reference). `image`, `command`, `args` and `binaryContent` are copied unchanged.

use crate::data::Data;
use crate::diag::Diagnostic;
use crate::path::DocPath;
use crate::placeholder::{self, RefFailure, Scope};
use crate::score::identity::ResourceUid;
use crate::score::model::{Text, Workload};
use crate::yaml::{Node, Value};
use std::collections::BTreeMap;

/// Reads the bytes of a file named by a `files.*.source`, relative to the Score file. The
/// caller does the IO; an `Err` is a message such as "no such file".
pub type ReadSource<'a> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'a;

/// The workload with every placeholder substituted, as plain data in document order, or
/// every diagnostic that prevents it. `outputs` maps resource names to their outputs.
pub fn resolve(
    w: &Workload,
    outputs: &BTreeMap<String, Data>,
    read_source: &mut ReadSource<'_>,
) -> Result<Data, Vec<Diagnostic>> {
    let metadata = w.metadata.node.to_data();
    let resources: BTreeMap<String, Option<Data>> = w
        .resources
        .keys()
        .map(|k| (k.clone(), outputs.get(k).cloned()))
        .collect();
    let mut r = Resolver {
        w,
        scope: Scope {
            metadata: &metadata,
            resources: &resources,
            require_outputs: true,
        },
        read_source,
        diags: Vec::new(),
    };
    let data = r.document(&w.document);
    if r.diags.is_empty() {
        Ok(data)
    } else {
        crate::diag::sort(&mut r.diags);
        Err(r.diags)
    }
}

struct Resolver<'a, 's, 'r> {
    w: &'a Workload,
    scope: Scope<'s>,
    read_source: &'a mut ReadSource<'r>,
    diags: Vec<Diagnostic>,
}

fn entries(node: &Node) -> &[(crate::yaml::Key, Node)] {
    node.as_map().unwrap_or_default()
}

impl Resolver<'_, '_, '_> {
    fn document(&mut self, doc: &Node) -> Data {
        let root = DocPath::root();
        let mut out = Vec::new();
        for (k, v) in entries(doc) {
            let value = match k.name.as_str() {
                "containers" => self.containers(v, &root.key("containers")),
                "resources" => self.resources(v, &root.key("resources")),
                _ => v.to_data(),
            };
            out.push((k.name.clone(), value));
        }
        Data::Map(out)
    }

    fn containers(&mut self, node: &Node, path: &DocPath) -> Data {
        let mut out = Vec::new();
        for (name, container) in entries(node) {
            let base = path.key(&name.name);
            let mut fields = Vec::new();
            for (k, v) in entries(container) {
                let p = base.key(&k.name);
                let value = match k.name.as_str() {
                    "variables" => self.map_strings(v, &p),
                    "files" => self.files(v, &p),
                    "volumes" => self.volumes(v, &p),
                    _ => v.to_data(),
                };
                fields.push((k.name.clone(), value));
            }
            out.push((name.name.clone(), Data::Map(fields)));
        }
        Data::Map(out)
    }

    fn map_strings(&mut self, node: &Node, path: &DocPath) -> Data {
        let out = entries(node)
            .iter()
            .map(|(k, v)| {
                (
                    k.name.clone(),
                    Data::Str(self.string(v, &path.key(&k.name))),
                )
            })
            .collect();
        Data::Map(out)
    }

    fn string(&mut self, node: &Node, path: &DocPath) -> String {
        let Some(text) = Text::new(node) else {
            return String::new();
        };
        let template = placeholder::parse(text.as_str());
        match placeholder::substitute(&template, &self.scope) {
            Ok(s) => s,
            Err(failures) => {
                self.report(&text, path, failures);
                String::new()
            }
        }
    }

    fn report(&mut self, text: &Text, path: &DocPath, failures: Vec<RefFailure>) {
        for f in failures {
            let span = text.span_at(f.reference.offset, f.reference.len);
            let mut d = Diagnostic::error(span, path, f.to_string());
            d.help = f.error.help();
            self.diags.push(d);
        }
    }

    fn files(&mut self, node: &Node, path: &DocPath) -> Data {
        let mut out = Vec::new();
        for (target, file) in entries(node) {
            let p = path.key(&target.name);
            let no_expand = matches!(
                file.get("noExpand").map(|n| &n.value),
                Some(Value::Bool(true))
            );
            let mut fields = Vec::new();
            for (k, v) in entries(file) {
                match k.name.as_str() {
                    "content" if !no_expand => {
                        fields.push((k.name.clone(), Data::Str(self.string(v, &p.key("content")))));
                    }
                    "source" => fields.push(self.inline_source(v, &p.key("source"), no_expand)),
                    _ => fields.push((k.name.clone(), v.to_data())),
                }
            }
            out.push((target.name.clone(), Data::Map(fields)));
        }
        Data::Map(out)
    }

    /// Replaces `source` by the file's text (`content`, expanded unless `noExpand`) or, for
    /// bytes that are not UTF-8, by `binaryContent`.
    fn inline_source(&mut self, node: &Node, path: &DocPath, no_expand: bool) -> (String, Data) {
        let name = node.as_str().unwrap_or_default();
        let bytes = match (self.read_source)(name) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    node.span,
                    path,
                    format!("cannot read file source '{name}': {e}"),
                ));
                return ("content".to_owned(), Data::Str(String::new()));
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) if no_expand => ("content".to_owned(), Data::Str(text)),
            Ok(text) => {
                let template = placeholder::parse(&text);
                match placeholder::substitute(&template, &self.scope) {
                    Ok(s) => ("content".to_owned(), Data::Str(s)),
                    Err(failures) => {
                        for f in failures {
                            self.diags.push(Diagnostic::error(
                                node.span,
                                path,
                                format!("in file '{name}': {f}"),
                            ));
                        }
                        ("content".to_owned(), Data::Str(String::new()))
                    }
                }
            }
            Err(e) => ("binaryContent".to_owned(), Data::Str(base64(e.as_bytes()))),
        }
    }

    fn volumes(&mut self, node: &Node, path: &DocPath) -> Data {
        let mut out = Vec::new();
        for (target, volume) in entries(node) {
            let p = path.key(&target.name);
            let mut fields = Vec::new();
            for (k, v) in entries(volume) {
                let value = if k.name == "source" {
                    self.volume_source(v, &p.key("source"))
                } else {
                    v.to_data()
                };
                fields.push((k.name.clone(), value));
            }
            out.push((target.name.clone(), Data::Map(fields)));
        }
        Data::Map(out)
    }

    /// `${resources.NAME}` alone names the resource itself: it becomes the resource's UID,
    /// whose outputs describe the volume (score-compose and score-k8s do the same).
    fn volume_source(&mut self, node: &Node, path: &DocPath) -> Data {
        let template = node.as_str().map(placeholder::parse).unwrap_or_default();
        if let Some(r) = template.single_ref() {
            if let [root, name] = r.keys.as_slice() {
                if root == "resources" {
                    if let Some(res) = self.w.resources.get(name) {
                        return Data::Str(ResourceUid::of(self.w.name(), name, res).to_string());
                    }
                }
            }
        }
        Data::Str(self.string(node, path))
    }

    fn resources(&mut self, node: &Node, path: &DocPath) -> Data {
        let mut out = Vec::new();
        for (name, res) in entries(node) {
            let p = path.key(&name.name);
            let fields = entries(res)
                .iter()
                .map(|(k, v)| {
                    let value = if k.name == "params" {
                        self.typed(v, &p.key("params"))
                    } else {
                        v.to_data()
                    };
                    (k.name.clone(), value)
                })
                .collect();
            out.push((name.name.clone(), Data::Map(fields)));
        }
        Data::Map(out)
    }

    fn typed(&mut self, node: &Node, path: &DocPath) -> Data {
        match &node.value {
            Value::Str(_) => {
                let Some(text) = Text::new(node) else {
                    return Data::Null;
                };
                let template = placeholder::parse(text.as_str());
                match placeholder::substitute_typed(&template, &self.scope) {
                    Ok(d) => d,
                    Err(failures) => {
                        self.report(&text, path, failures);
                        Data::Null
                    }
                }
            }
            Value::Seq(items) => Data::Seq(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.typed(n, &path.index(i)))
                    .collect(),
            ),
            Value::Map(entries) => Data::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), self.typed(v, &path.key(&k.name))))
                    .collect(),
            ),
            _ => node.to_data(),
        }
    }
}

/// Standard base64 with padding, as Score's `binaryContent` expects.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(super::base64(input.as_bytes()), expected);
        }
        // score-k8s TestMassive: "my-content example".
        assert_eq!(
            super::base64(b"my-content example"),
            "bXktY29udGVudCBleGFtcGxl"
        );
    }
}
