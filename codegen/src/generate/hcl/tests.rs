//! The escaping invariant and the `terraform fmt` alignment, as tables. The real Terraform
//! checks are in `tests/tests/generate.rs` (fmt on every golden, escaping read back).

use super::*;

#[test]
fn escaping_doubles_only_marker_starts() {
    let cases = [
        ("plain", "plain"),
        ("${x}", "$${x}"),
        ("$${x}", "$$${x}"),
        ("%{ if }", "%%{ if }"),
        ("$ % $$ %% {}", "$ % $$ %% {}"),
        ("a${b}c%{d}", "a$${b}c%%{d}"),
        ("", ""),
    ];
    for (input, want) in cases {
        assert_eq!(escape_template_literal(input), want, "{input:?}");
    }
}

#[test]
fn hcl_rs_does_not_escape_a_marker_after_a_dollar() {
    // Why literal text never goes through hcl-rs's own escaping (hcl-rs 0.20): after a first
    // marker, `$${b}` comes out unchanged and Terraform would read `${b}`.
    let e = Expression::String("${a}$${b}".to_owned());
    assert_eq!(inline(&e), "\"$${a}$${b}\"");
    assert_eq!(inline(&quoted("${a}$${b}")), "\"$${a}$$${b}\"");
}

#[test]
fn quoted_strings_escape_quotes_and_controls() {
    assert_eq!(
        inline(&quoted("a\"b\\c\nd\te\u{1}")),
        r#""a\"b\\c\nd\te\u0001""#
    );
}

#[test]
fn templates_interpolate_expressions() {
    let e = template(&[
        Piece::Text("${lit}:".to_owned()),
        Piece::Interpolate(traversal("module", &["db", "host"])),
    ]);
    assert_eq!(inline(&e), r#""$${lit}:${module.db.host}""#);
}

#[test]
fn get_uses_attributes_indexes_and_quoted_keys() {
    let base = traversal("local", &["context", "values"]);
    assert_eq!(
        inline(&get(base.clone(), "region")),
        "local.context.values.region"
    );
    assert_eq!(inline(&get(base.clone(), "0")), "local.context.values[0]");
    assert_eq!(inline(&get(base, "a.b")), r#"local.context.values["a.b"]"#);
}

#[test]
fn align_lines_up_runs_of_single_line_attributes() {
    let input = "\
a = 1
bbb = 2
c = {
  x = 1
  yyy = \"=\"
}
d = [
  1,
]
eee = 3
f = { g = 1 }

h = 1
long_name = 2
spec = <<-EOT
    k = v
    kk = vv
  EOT
i = x == y
";
    let want = "\
a   = 1
bbb = 2
c = {
  x   = 1
  yyy = \"=\"
}
d = [
  1,
]
eee = 3
f   = { g = 1 }

h         = 1
long_name = 2
spec      = <<-EOT
    k = v
    kk = vv
  EOT
i         = x == y
";
    assert_eq!(align(input), want);
}

#[test]
fn heredocs_pick_a_delimiter_not_in_the_text() {
    let e = heredoc("EOT", "a\nEOT\n", 2);
    let text = inline(&e);
    assert!(text.starts_with("<<-EOT_1\n  a\n  EOT\n"), "{text}");
}

#[test]
fn object_for_expressions_get_terraform_fmt_spaces() {
    let rows = [
        (
            "a = {for k, v in m : k => v}",
            "a = { for k, v in m : k => v }",
        ),
        (
            "a = {for k, v in m : k => {x = v}}",
            "a = { for k, v in m : k => {x = v} }",
        ),
        ("a = [for v in l : v]", "a = [for v in l : v]"),
        ("a = \"{for x}\"", "a = \"{for x}\""),
        ("a = \"\\\"{for \"", "a = \"\\\"{for \""),
        (
            "a = <<EOT\n{for x}\nEOT\nb = {for k, v in m : k => v}",
            "a = <<EOT\n{for x}\nEOT\nb = { for k, v in m : k => v }",
        ),
    ];
    for (input, want) in rows {
        assert_eq!(align(input), want, "input: {input}");
    }
}
