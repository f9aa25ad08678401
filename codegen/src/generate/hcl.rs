//! Building HCL with hcl-rs structures, and printing it exactly as `terraform fmt` would.
//!
//! Every file is an `hcl::Body` of blocks and attributes whose values are `hcl::Expression`s
//! (traversals, function calls, objects, templates); hcl-rs's formatter prints them. Two
//! things are ours, each in one function:
//!
//! - [`escape_template_literal`], the invariant that any text we place in a quoted string or
//!   heredoc reads back unchanged: `${` becomes `$${` and `%{` becomes `%%{`. hcl-rs 0.20
//!   escapes markers too, but once it has escaped one it skips a `${` that follows another `$`
//!   (so `${a}$${b}` would read back as `${a}${b}`); literal text therefore never goes through
//!   it: strings are [`quoted`] here and handed to hcl-rs as raw template source.
//! - [`align`], the one formatting rule hcl-rs does not apply: `terraform fmt` lines up the
//!   `=` of consecutive single-line attributes.

use hcl::expr::{
    Expression, FuncCall, Heredoc, HeredocStripMode, ObjectKey, TemplateExpr, Traversal,
    TraversalOperator, Variable,
};
use hcl::format::{Format, Formatter};
use hcl::{Attribute, Block, Body, Identifier};
use score_core::Data;
use std::fmt::Write as _;

/// Escapes template markers so that the text reads back literally inside a quoted string or
/// heredoc: every `${` becomes `$${` and every `%{` becomes `%%{`. Nothing else changes, so a
/// `$` or `%` not followed by `{` stays as it is (HCL reads those literally).
pub fn escape_template_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if (c == '$' || c == '%') && chars.peek() == Some(&'{') {
            out.push(c);
        }
    }
    out
}

/// The body of a quoted HCL string for `text`: template markers escaped, then quotes,
/// backslashes and control characters written as HCL escapes.
fn quoted_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in escape_template_literal(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A string literal that evaluates to exactly `text`.
pub fn quoted(text: &str) -> Expression {
    Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(quoted_body(text))))
}

/// One piece of a string template.
#[derive(Clone, Debug)]
pub enum Piece {
    /// Text taken literally.
    Text(String),
    /// `${expr}`.
    Interpolate(Expression),
}

/// A quoted template: literal text and interpolations, such as `"${module.db.host}:5432"`.
pub fn template(pieces: &[Piece]) -> Expression {
    let mut source = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => source.push_str(&quoted_body(t)),
            Piece::Interpolate(e) => {
                source.push_str("${");
                source.push_str(&inline(e));
                source.push('}');
            }
        }
    }
    Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(source)))
}

/// An expression printed on one line, as it appears inside `${…}`.
pub fn inline(e: &Expression) -> String {
    let mut fmt = Formatter::builder()
        .compact(true)
        .prefer_ident_keys(true)
        .build_vec();
    // Formatting into memory cannot fail for the expressions built here.
    e.format_string(&mut fmt).unwrap_or_default()
}

/// A `<<-DELIM` heredoc holding `text` (which should end with a newline) literally, its lines
/// indented by `indent` spaces. The delimiter is `base`, or `base` with a number when a line of
/// `text` equals it.
pub fn heredoc(base: &str, text: &str, indent: usize) -> Expression {
    let mut delimiter = base.to_owned();
    let mut n = 1;
    while text.lines().any(|l| l.trim() == delimiter) {
        delimiter = format!("{base}_{n}");
        n += 1;
    }
    let pad = " ".repeat(indent);
    let mut body = String::new();
    for line in escape_template_literal(text).lines() {
        if !line.is_empty() {
            body.push_str(&pad);
        }
        body.push_str(line);
        body.push('\n');
    }
    let mut doc = Heredoc::new(Identifier::sanitized(delimiter), body);
    doc.strip = HeredocStripMode::Indent;
    Expression::TemplateExpr(Box::new(TemplateExpr::Heredoc(doc)))
}

/// Whether `s` is an HCL identifier (and so can name an attribute or object key unquoted).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// An identifier for a name already known to be valid.
pub fn ident(name: &str) -> Identifier {
    Identifier::sanitized(name)
}

/// `root.a.b`: a variable followed by attribute accesses.
pub fn traversal(root: &str, attrs: &[&str]) -> Expression {
    let ops = attrs
        .iter()
        .map(|a| TraversalOperator::GetAttr(ident(a)))
        .collect::<Vec<_>>();
    if ops.is_empty() {
        return Expression::Variable(Variable::sanitized(root));
    }
    Expression::Traversal(Box::new(Traversal::new(Variable::sanitized(root), ops)))
}

/// `expr.key` when `key` is an identifier, `expr["key"]` otherwise, `expr[0]` for digits.
pub fn get(expr: Expression, key: &str) -> Expression {
    let op = if is_identifier(key) {
        TraversalOperator::GetAttr(ident(key))
    } else if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
        match key.parse::<u64>() {
            Ok(n) => TraversalOperator::Index(Expression::from(n)),
            Err(_) => TraversalOperator::Index(quoted(key)),
        }
    } else {
        TraversalOperator::Index(quoted(key))
    };
    match expr {
        Expression::Traversal(mut t) => {
            t.operators.push(op);
            Expression::Traversal(t)
        }
        other => Expression::Traversal(Box::new(Traversal::new(other, [op]))),
    }
}

/// `name(args…)`.
pub fn call(name: &str, args: Vec<Expression>) -> Expression {
    let mut f = FuncCall::builder(ident(name));
    for a in args {
        f = f.arg(a);
    }
    Expression::FuncCall(Box::new(f.build()))
}

/// `{ for k, v in EXPR : k => can(tostring(v)) ? tostring(v) : jsonencode(v) }`: an object
/// of outputs as the `map(string)` `score_workload.resources` takes. Strings, numbers and bools
/// become strings; lists and objects become JSON, which the provider reads back as structure.
/// Written as an expression because the generator cannot know every module's output types.
pub fn string_map(expr: Expression) -> Expression {
    let v = || traversal("v", &[]);
    let as_string = call("tostring", vec![v()]);
    let value = ::hcl::expr::Conditional::new(
        call("can", vec![as_string.clone()]),
        as_string,
        call("jsonencode", vec![v()]),
    );
    let for_expr =
        ::hcl::expr::ForExpr::new(ident("v"), expr, Expression::Conditional(Box::new(value)))
            .with_key_var(ident("k"))
            .with_key_expr(traversal("k", &[]));
    Expression::ForExpr(Box::new(for_expr))
}

/// An object key: bare when it is an identifier, quoted otherwise.
pub fn key(name: &str) -> ObjectKey {
    if is_identifier(name) {
        ObjectKey::Identifier(ident(name))
    } else {
        ObjectKey::Expression(quoted(name))
    }
}

/// `{ k = v, … }` in the given order.
pub fn object(entries: Vec<(String, Expression)>) -> Expression {
    Expression::Object(entries.into_iter().map(|(k, v)| (key(&k), v)).collect())
}

/// A plain value as an HCL literal.
pub fn from_data(d: &Data) -> Expression {
    match d {
        Data::Null => Expression::Null,
        Data::Bool(b) => Expression::Bool(*b),
        Data::Int(i) => Expression::from(*i),
        Data::Float(f) => match hcl::Number::from_f64(*f) {
            Some(n) => Expression::Number(n),
            // HCL has no NaN or infinity; null is what a JSON encoder writes for them too.
            None => Expression::Null,
        },
        Data::Str(s) => quoted(s),
        Data::Seq(items) => Expression::Array(items.iter().map(from_data).collect()),
        Data::Map(entries) => object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), from_data(v)))
                .collect(),
        ),
    }
}

/// An attribute `name = value`.
pub fn attr(name: &str, value: Expression) -> Attribute {
    Attribute::new(ident(name), value)
}

/// A block `kind "label"… { body }`.
pub fn block(kind: &str, labels: &[&str], body: Body) -> Block {
    let mut b = Block::builder(ident(kind));
    for l in labels {
        b = b.add_label(*l);
    }
    let mut block = b.build();
    block.body = body;
    block
}

/// The text of a generated file: `header` as `#` comment lines, a blank line, then `body`,
/// formatted as `terraform fmt` formats it.
pub fn file(header: &str, body: &Body) -> String {
    let mut fmt = Formatter::builder()
        .prefer_ident_keys(true)
        .compact_arrays(false)
        .compact_objects(false)
        .build_vec();
    let text = body.format_string(&mut fmt).unwrap_or_default();
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    let text = align(&text);
    if !text.trim().is_empty() {
        out.push('\n');
        out.push_str(text.trim_end_matches('\n'));
        out.push('\n');
    }
    out
}

/// Lines up the `=` of consecutive single-line attributes, as `terraform fmt` does (hclwrite's
/// `formatCells`): a run of lines that each assign a complete value is padded so their `=`
/// share one column, one space after the longest name. A blank line, a comment, a block
/// header, a closing bracket or an attribute that opens a multi-line value ends the run.
/// Heredoc bodies are skipped: they are text, and do not end a run.
pub fn align(text: &str) -> String {
    let spaced = space_for_objects(text);
    let lines: Vec<&str> = spaced.split('\n').collect();
    let mut leads: Vec<Option<usize>> = Vec::with_capacity(lines.len());
    let mut heredoc: Option<String> = None;
    for line in &lines {
        if let Some(delim) = &heredoc {
            if line.trim() == delim {
                heredoc = None;
            }
            // Transparent: neither part of a run nor the end of one.
            leads.push(None);
            continue;
        }
        let cell = assign_column(line);
        if let Some(delim) = heredoc_start(line) {
            heredoc = Some(delim);
        }
        leads.push(Some(cell.unwrap_or(usize::MAX)));
    }
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, out: &mut Vec<String>| {
        let max = run
            .iter()
            .filter_map(|&i| assign_column(&out[i]).map(|c| lead_width(&out[i], c)))
            .max()
            .unwrap_or(0);
        for &i in run.iter() {
            if let Some(c) = assign_column(&out[i]) {
                let lead = out[i][..c].trim_end().to_owned();
                let rest = out[i][c..].to_owned();
                let pad = max - lead_width(&out[i], c) + 1;
                out[i] = format!("{lead}{}{rest}", " ".repeat(pad));
            }
        }
        run.clear();
    };
    for (i, lead) in leads.iter().enumerate() {
        match lead {
            // Heredoc body: skip.
            None => {}
            Some(usize::MAX) => flush(&mut run, &mut out),
            Some(_) => run.push(i),
        }
    }
    flush(&mut run, &mut out);
    out.join("\n")
}

/// `terraform fmt` writes an object `for` expression as `{ for … }`, hcl-rs as `{for …}`:
/// adds the two spaces, outside strings and heredoc bodies.
fn space_for_objects(text: &str) -> String {
    let mut heredoc: Option<String> = None;
    let mut out = Vec::new();
    for line in text.split('\n') {
        if let Some(delim) = &heredoc {
            if line.trim() == delim {
                heredoc = None;
            }
            out.push(line.to_owned());
            continue;
        }
        if let Some(delim) = heredoc_start(line) {
            heredoc = Some(delim);
        }
        out.push(space_for_line(line));
    }
    out.join("\n")
}

fn space_for_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let mut in_string = false;
    let mut escaped = false;
    // One entry per open `{`: whether it opened an object `for`.
    let mut braces: Vec<bool> = Vec::new();
    for (i, c) in line.char_indices() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' => {
                let is_for = line[i + 1..].starts_with("for ");
                braces.push(is_for);
                out.push_str(if is_for { "{ " } else { "{" });
            }
            '}' => {
                out.push_str(if braces.pop() == Some(true) {
                    " }"
                } else {
                    "}"
                });
            }
            c => out.push(c),
        }
    }
    out
}

/// The width in characters of the text before the `=` at byte `col`, trailing spaces removed.
fn lead_width(line: &str, col: usize) -> usize {
    line[..col].trim_end().chars().count()
}

/// The byte offset of the `=` when `line` assigns a complete single-line value: `name = …`
/// or `"key" = …` with brackets balanced after the `=`.
fn assign_column(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let eq = first_assign(line)?;
    if line[..eq].trim().is_empty() {
        return None;
    }
    (bracket_balance(&line[eq..]) == 0).then_some(eq)
}

/// The first `=` outside strings that is not part of `==`, `!=`, `<=`, `>=` or `=>`.
fn first_assign(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'=' => {
                    let prev = i.checked_sub(1).map(|p| bytes[p]);
                    let next = bytes.get(i + 1).copied();
                    let operator = matches!(prev, Some(b'=' | b'!' | b'<' | b'>'))
                        || matches!(next, Some(b'=' | b'>'));
                    if !operator {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Opening minus closing brackets outside strings (`${…}` inside a string is balanced).
fn bracket_balance(text: &str) -> i64 {
    let bytes = text.as_bytes();
    let mut in_string = false;
    let mut depth = 0i64;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' => depth -= 1,
                _ => {}
            }
        }
        i += 1;
    }
    depth
}

/// The delimiter when `line` opens a heredoc (`<<EOT` or `<<-EOT` at its end).
fn heredoc_start(line: &str) -> Option<String> {
    let at = line.rfind("<<")?;
    let rest = line[at + 2..].strip_prefix('-').unwrap_or(&line[at + 2..]);
    let rest = rest.trim_end();
    (!rest.is_empty() && is_identifier(rest)).then(|| rest.to_owned())
}

#[cfg(test)]
mod tests;
