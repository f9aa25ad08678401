//! The one place that knows which YAML library we use (`saphyr-parser`, see
//! `docs/design/0001-yaml-parser.md`).
//!
//! [`parse_documents`] turns text into positioned [`Node`] trees. It drives the parser's event
//! stream itself rather than asking for a finished tree, so that it can:
//! - keep the span of every value and key,
//! - bound nesting depth and alias expansion (a "billion laughs" file is an error, not an
//!   out-of-memory kill),
//! - reject duplicate keys and non-scalar keys with positions,
//! - record where each `$` of a string sits in the source, so a placeholder typo in the middle
//!   of a long string is reported at its own column.
//!
//! Plain scalars are typed by the YAML 1.2 core schema; JSON input is YAML and needs no
//! separate path.

use crate::data::Data;
use crate::diag::Diagnostic;
use crate::limits;
use crate::path::DocPath;
use crate::source::{FileId, Pos, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use std::collections::HashMap;

/// Deepest nesting accepted. Score documents are a handful of levels deep; the bound keeps
/// every recursive walk over a tree far from the stack limit.
pub const MAX_DEPTH: usize = 100;

/// Most nodes that alias expansion may copy in one document.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A positioned YAML value.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value is written (for an alias: where the alias is).
    pub span: Span,
    /// For strings: where each `$` is written.
    dollars: Vec<Dollar>,
}

/// A `$` of a string node and where it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Dollar {
    /// Byte offset in the decoded string.
    offset: usize,
    /// Source position.
    pos: Pos,
    /// The column just past the end of its source line: a span starting here ends there at
    /// the latest.
    line_end: u32,
}

/// The value of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A non-integer number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping with string keys, in source order, keys unique.
    Map(Vec<(Key, Node)>),
}

/// A mapping key and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key text.
    pub name: String,
    /// Its position.
    pub span: Span,
}

impl Node {
    /// A node without source text of its own, placed at `span`.
    pub fn synthetic(value: Value, span: Span) -> Node {
        Node {
            value,
            span,
            dollars: Vec::new(),
        }
    }

    /// The source position of the character at byte `offset` of this string node, as exact as
    /// the source allows: exact for `$` characters, the node's start otherwise.
    pub fn pos_of(&self, offset: usize) -> Pos {
        self.dollar(offset).map_or(self.span.start, |d| d.pos)
    }

    fn dollar(&self, offset: usize) -> Option<&Dollar> {
        self.dollars.iter().find(|d| d.offset == offset)
    }

    /// A span pointing at byte `offset` of this string node, `len` characters long, cut at
    /// the end of its source line (a placeholder in a scalar folded across lines, say).
    pub fn span_at(&self, offset: usize, len: u32) -> Span {
        let start = self.pos_of(offset);
        let end = match self.dollar(offset) {
            Some(d) => Pos::new(start.line, start.col.saturating_add(len).min(d.line_end)),
            None if offset != 0 => start,
            None if self.span.start.line == self.span.end.line => Pos::new(
                start.line,
                start.col.saturating_add(len).min(self.span.end.col),
            ),
            None => start,
        };
        Span {
            file: self.span.file,
            start,
            end,
        }
    }

    /// The string when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entries when this is a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value under `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    /// A short name of the kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value without positions.
    pub fn to_data(&self) -> Data {
        match &self.value {
            Value::Null => Data::Null,
            Value::Bool(b) => Data::Bool(*b),
            Value::Int(i) => Data::Int(*i),
            Value::Float(f) => Data::Float(*f),
            Value::Str(s) => Data::Str(s.clone()),
            Value::Seq(items) => Data::Seq(items.iter().map(Node::to_data).collect()),
            Value::Map(entries) => Data::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_data()))
                    .collect(),
            ),
        }
    }

    /// Builds a node from a plain value, every part placed at `span`.
    pub fn from_data(data: &Data, span: Span) -> Node {
        let value = match data {
            Data::Null => Value::Null,
            Data::Bool(b) => Value::Bool(*b),
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Float(*f),
            Data::Str(s) => Value::Str(s.clone()),
            Data::Seq(items) => {
                Value::Seq(items.iter().map(|d| Node::from_data(d, span)).collect())
            }
            Data::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = Key {
                            name: k.clone(),
                            span,
                        };
                        (key, Node::from_data(v, span))
                    })
                    .collect(),
            ),
        };
        Node::synthetic(value, span)
    }
}

/// Types a plain (unquoted) scalar by the YAML 1.2 core schema.
pub fn resolve_plain(s: &str) -> Data {
    resolve_non_string(s).unwrap_or_else(|| Data::Str(s.to_owned()))
}

/// Whether a plain scalar with this text is a string by the YAML 1.2 core schema (what
/// [`resolve_plain`] decides, without building the value).
pub fn plain_is_string(s: &str) -> bool {
    resolve_non_string(s).is_none()
}

/// The null, boolean or number a plain scalar stands for; `None` for a string.
fn resolve_non_string(s: &str) -> Option<Data> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Data::Null),
        "true" | "True" | "TRUE" => return Some(Data::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Data::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Data::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Data::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Data::Float(f64::NAN)),
        _ => {}
    }
    if let Some(i) = parse_int(s) {
        return Some(Data::Int(i));
    }
    if is_core_float(s) {
        if let Ok(f) = s.parse::<f64>() {
            return Some(Data::Float(f));
        }
    }
    None
}

fn parse_int(s: &str) -> Option<i64> {
    if let Some(hex) = s.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_core_float(s: &str) -> bool {
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        None => !int.is_empty() && digits(int),
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// Line starts of a text, to turn the parser's character indexes into positions.
///
/// Lines end at `\n` only, as in git, editors' line numbers for CI annotations and
/// `str::lines`, which renders the snippets. The YAML scanner also breaks lines at a lone
/// `\r`, so its own line numbers would disagree with everything else on such a text; and it
/// reads a text without a final line break as if it had one, placing a problem at the very
/// end on a line that does not exist.
#[derive(Debug)]
struct Lines {
    /// The character index at which each line starts.
    starts: Vec<usize>,
    /// The number of characters in the text.
    chars: usize,
}

impl Lines {
    /// The column just past the last character of `line` (before its `\n`).
    fn end_col(&self, line: u32) -> u32 {
        let line = (line as usize).clamp(1, self.starts.len());
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(self.chars, |next| next - 1);
        u32::try_from(end - start + 1).unwrap_or(u32::MAX)
    }

    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        let mut chars = 0;
        for c in text.chars() {
            chars += 1;
            if c == '\n' {
                starts.push(chars);
            }
        }
        Lines { starts, chars }
    }

    /// The 1-based line and column of the character at `index` (the end of the text when it
    /// is past it).
    fn pos(&self, index: usize) -> Pos {
        let index = index.min(self.chars);
        let line = self.starts.partition_point(|&start| start <= index);
        let col = index - self.starts[line - 1] + 1;
        Pos::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }
}

/// Parses every document of a YAML stream. On a syntax error the documents parsed so far are
/// dropped and the error is returned: a half-read file is never used. A text over
/// [`limits::MAX_INPUT_BYTES`] is refused unread.
pub fn parse_documents(file: FileId, text: &str) -> Result<Vec<Node>, Diagnostic> {
    parse_stream(file, text, "input")
}

/// [`parse_documents`], naming the text `what` in the size error.
fn parse_stream(file: FileId, text: &str, what: &str) -> Result<Vec<Node>, Diagnostic> {
    // Before the parser sees a byte: the size is what bounds the memory of everything after.
    if let Some(message) = limits::too_large(what, text.len() as u64) {
        return Err(Diagnostic::error(
            Span::file_start(file),
            &DocPath::root(),
            message,
        ));
    }
    let mut builder = Builder::new(file, text);
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => builder.event(event, span)?,
            Err(e) => {
                let pos = builder.lines.pos(e.marker().index());
                return Err(Diagnostic::error(
                    Span::point(file, pos),
                    &DocPath::root(),
                    format!("invalid YAML: {}", e.info()),
                ));
            }
        }
    }
    Ok(builder.documents)
}

/// Parses a stream that must hold exactly one document.
pub fn parse_single(file: FileId, text: &str, what: &str) -> Result<Node, Diagnostic> {
    let mut docs = parse_stream(file, text, what)?;
    match docs.len() {
        0 => Err(Diagnostic::error(
            Span::file_start(file),
            &DocPath::root(),
            format!("{what} is empty"),
        )),
        1 => Ok(docs.remove(0)),
        _ => Err(Diagnostic::error(
            docs[1].span,
            &DocPath::root(),
            format!("expected one YAML document in {what}, found {}", docs.len()),
        )
        .with_help("put each document in its own file")),
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
        count: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        key: Option<Key>,
        span: Span,
        anchor: usize,
        count: usize,
    },
}

struct Builder<'t> {
    file: FileId,
    text: &'t str,
    stack: Vec<Frame>,
    documents: Vec<Node>,
    /// Anchored nodes of the current document, with their node counts.
    anchors: HashMap<usize, (Node, usize)>,
    alias_budget: usize,
    /// Cursor converting the parser's character indexes into byte offsets, moving forward.
    cursor: (usize, usize),
    lines: Lines,
}

impl<'t> Builder<'t> {
    fn new(file: FileId, text: &'t str) -> Self {
        Builder {
            file,
            text,
            stack: Vec::new(),
            documents: Vec::new(),
            anchors: HashMap::new(),
            alias_budget: MAX_ALIAS_NODES,
            cursor: (0, 0),
            lines: Lines::new(text),
        }
    }

    fn pos(&self, m: &saphyr_parser::Marker) -> Pos {
        self.lines.pos(m.index())
    }

    fn span(&self, s: &YSpan) -> Span {
        Span {
            file: self.file,
            start: self.pos(&s.start),
            end: self.pos(&s.end),
        }
    }

    fn err(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(span, &DocPath::root(), message)
    }

    fn event(&mut self, event: Event<'_>, ys: YSpan) -> Result<(), Diagnostic> {
        let span = self.span(&ys);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => Ok(()),
            Event::DocumentStart(_) => {
                self.anchors.clear();
                self.alias_budget = MAX_ALIAS_NODES;
                Ok(())
            }
            Event::Alias(id) => {
                let Some((node, count)) = self.anchors.get(&id) else {
                    return Err(self.err(span, "alias refers to an unknown anchor"));
                };
                if *count > self.alias_budget {
                    return Err(self
                        .err(
                            span,
                            format!("alias expansion exceeds {MAX_ALIAS_NODES} nodes"),
                        )
                        .with_help(
                            "aliases that repeat aliases grow exponentially; write the values out",
                        ));
                }
                self.alias_budget -= count;
                let mut node = node.clone();
                node.span = span;
                let count = *count;
                self.push_value(node, count)
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = self.scalar_value(&text, style, tag.as_deref(), span)?;
                let dollars = match &value {
                    Value::Str(s) if s.contains('$') => self.dollar_positions(s, &ys, style),
                    _ => Vec::new(),
                };
                let node = Node {
                    value,
                    span,
                    dollars,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.push_value(node, 1)
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "seq", span)?;
                self.open(Frame::Seq {
                    items: Vec::new(),
                    span,
                    anchor,
                    count: 1,
                })
            }
            Event::MappingStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "map", span)?;
                self.open(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    span,
                    anchor,
                    count: 1,
                })
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let (node, anchor, count) = match frame {
                    Frame::Seq {
                        items,
                        span,
                        anchor,
                        count,
                    } => (Node::synthetic(Value::Seq(items), span), anchor, count),
                    Frame::Map {
                        entries,
                        span,
                        anchor,
                        count,
                        ..
                    } => (Node::synthetic(Value::Map(entries), span), anchor, count),
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), count));
                }
                self.push_value(node, count)
            }
        }
    }

    fn open(&mut self, frame: Frame) -> Result<(), Diagnostic> {
        if self.stack.len() >= MAX_DEPTH {
            let span = match &frame {
                Frame::Seq { span, .. } | Frame::Map { span, .. } => *span,
            };
            return Err(self.err(span, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        // A collection used as a mapping key is rejected when it completes (push_value).
        self.stack.push(frame);
        Ok(())
    }

    fn push_value(&mut self, node: Node, count: usize) -> Result<(), Diagnostic> {
        match self.stack.last_mut() {
            None => {
                self.documents.push(node);
                Ok(())
            }
            Some(Frame::Seq {
                items, count: c, ..
            }) => {
                *c += count;
                items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                entries,
                key,
                count: c,
                ..
            }) => {
                *c += count;
                match key.take() {
                    Some(k) => {
                        entries.push((k, node));
                        Ok(())
                    }
                    None => {
                        let name = match &node.value {
                            Value::Str(s) => s.clone(),
                            Value::Null => "null".to_owned(),
                            Value::Bool(b) => b.to_string(),
                            Value::Int(i) => i.to_string(),
                            Value::Float(f) => f.to_string(),
                            Value::Seq(_) | Value::Map(_) => {
                                return Err(Diagnostic::error(
                                    node.span,
                                    &DocPath::root(),
                                    "mapping keys must be scalars",
                                ));
                            }
                        };
                        if let Some((first, _)) = entries.iter().find(|(k, _)| k.name == name) {
                            return Err(Diagnostic::error(
                                node.span,
                                &DocPath::root(),
                                format!(
                                    "duplicate key '{name}' (first defined at line {})",
                                    first.span.start.line
                                ),
                            ));
                        }
                        *key = Some(Key {
                            name,
                            span: node.span,
                        });
                        Ok(())
                    }
                }
            }
        }
    }

    fn check_collection_tag(
        &self,
        tag: Option<&saphyr_parser::Tag>,
        expected: &str,
        span: Span,
    ) -> Result<(), Diagnostic> {
        match tag {
            None => Ok(()),
            Some(t) if t.is_yaml_core_schema() && t.suffix == expected => Ok(()),
            Some(t) => Err(self.err(span, format!("unsupported YAML tag '{t}'"))),
        }
    }

    fn scalar_value(
        &self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&saphyr_parser::Tag>,
        span: Span,
    ) -> Result<Value, Diagnostic> {
        let data = match tag {
            Some(t) if t.is_yaml_core_schema() => {
                let typed = resolve_plain(text);
                let ok = |d: Data, pred: bool| {
                    if pred {
                        Ok(d)
                    } else {
                        Err(self.err(span, format!("'{text}' is not a valid !!{}", t.suffix)))
                    }
                };
                match t.suffix.as_str() {
                    "str" => Data::Str(text.to_owned()),
                    "null" => ok(typed.clone(), typed == Data::Null)?,
                    "bool" => ok(typed.clone(), matches!(typed, Data::Bool(_)))?,
                    "int" => ok(typed.clone(), matches!(typed, Data::Int(_)))?,
                    "float" => match typed {
                        Data::Int(i) => Data::Float(i as f64),
                        Data::Float(_) => typed,
                        _ => return Err(self.err(span, format!("'{text}' is not a valid !!float"))),
                    },
                    _ => return Err(self.err(span, format!("unsupported YAML tag '{t}'"))),
                }
            }
            Some(t) if t.handle == "!" && t.suffix.is_empty() => Data::Str(text.to_owned()),
            Some(t) => return Err(self.err(span, format!("unsupported YAML tag '{t}'"))),
            None if style == ScalarStyle::Plain => resolve_plain(text),
            None => Data::Str(text.to_owned()),
        };
        Ok(match data {
            Data::Null => Value::Null,
            Data::Bool(b) => Value::Bool(b),
            Data::Int(i) => Value::Int(i),
            Data::Float(f) => Value::Float(f),
            Data::Str(s) => Value::Str(s),
            Data::Seq(_) | Data::Map(_) => Value::Null,
        })
    }

    /// Byte offset in `text` of the character with index `char_index`.
    fn byte_offset(&mut self, char_index: usize) -> usize {
        let (mut ci, mut bo) = self.cursor;
        if char_index < ci {
            (ci, bo) = (0, 0);
        }
        let mut chars = self.text[bo..].chars();
        while ci < char_index {
            match chars.next() {
                Some(c) => {
                    ci += 1;
                    bo += c.len_utf8();
                }
                None => break,
            }
        }
        self.cursor = (ci, bo);
        bo
    }

    /// Aligns the decoded string with its source text to find where each `$` is written.
    ///
    /// Walks the source from the scalar's start, matching content characters greedily and
    /// skipping source characters that do not match (quotes, escapes, indentation). Exact for
    /// plain and quoted single-line scalars and literal blocks; a close approximation
    /// elsewhere, and never past the scalar's end.
    fn dollar_positions(&mut self, content: &str, ys: &YSpan, style: ScalarStyle) -> Vec<Dollar> {
        let start = self.byte_offset(ys.start.index());
        let end = self.byte_offset(ys.end.index()).max(start);
        let raw = &self.text[start..end];
        let Pos { mut line, mut col } = self.pos(&ys.start);
        let mut raw_chars = raw.chars().peekable();
        let mut out = Vec::new();
        for (offset, c) in content.char_indices() {
            loop {
                let Some(r) = raw_chars.next() else {
                    return out;
                };
                let here = Pos::new(line, col);
                if r == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
                if r == '\\' && style == ScalarStyle::DoubleQuoted {
                    // An escape sequence stands for one content character, or for none when
                    // it escapes a line break.
                    match raw_chars.next() {
                        Some('\n') => {
                            line += 1;
                            col = 1;
                            continue;
                        }
                        Some(e) => {
                            col += 1;
                            let digits = match e {
                                'x' => 2,
                                'u' => 4,
                                'U' => 8,
                                _ => 0,
                            };
                            for _ in 0..digits {
                                raw_chars.next();
                                col += 1;
                            }
                            break;
                        }
                        None => return out,
                    }
                }
                if r == c {
                    if c == '$' {
                        out.push(Dollar {
                            offset,
                            pos: here,
                            line_end: self.lines.end_col(here.line),
                        });
                    }
                    break;
                }
            }
        }
        out
    }
}

/// The position of the first invalid byte when `bytes` is not UTF-8.
pub fn utf8_error_pos(bytes: &[u8]) -> Option<Pos> {
    let err = std::str::from_utf8(bytes).err()?;
    let valid = &bytes[..err.valid_up_to()];
    // The valid prefix decodes, so this cannot fail; fall back to the start if it did.
    let prefix = std::str::from_utf8(valid).unwrap_or("");
    let line = prefix.matches('\n').count() as u32 + 1;
    let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Some(Pos::new(line, col))
}

#[cfg(test)]
mod tests;
