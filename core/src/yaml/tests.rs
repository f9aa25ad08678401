use super::*;
use crate::limits::MAX_INPUT_BYTES;

fn parse(text: &str) -> Result<Node, Diagnostic> {
    parse_single(FileId(0), text, "test.yaml")
}

fn err(text: &str) -> String {
    let d = parse(text).expect_err("expected an error");
    format!("{}:{}: {}", d.span.start.line, d.span.start.col, d.message)
}

#[test]
fn plain_scalars_follow_the_core_schema() {
    let cases = [
        ("a: 1", Data::Int(1)),
        ("a: -12", Data::Int(-12)),
        ("a: 0x1f", Data::Int(31)),
        ("a: 1.5", Data::Float(1.5)),
        ("a: 1e3", Data::Float(1000.0)),
        ("a: true", Data::Bool(true)),
        ("a: yes", Data::Str("yes".into())),
        ("a: ~", Data::Null),
        ("a:", Data::Null),
        ("a: '1'", Data::Str("1".into())),
        ("a: \"true\"", Data::Str("true".into())),
        ("a: !!str 12", Data::Str("12".into())),
        ("a: 1.2.3", Data::Str("1.2.3".into())),
        ("a: 0777", Data::Int(777)),
        ("a: 99999999999999999999", Data::Float(1e20)),
    ];
    for (text, expected) in cases {
        let node = parse(text).unwrap();
        assert_eq!(node.to_data().get("a"), Some(&expected), "{text}");
    }
}

#[test]
fn json_is_yaml() {
    let node = parse(r#"{"db": {"host": "h", "port": 5432}}"#).unwrap();
    assert_eq!(
        node.to_data().get("db").and_then(|d| d.get("port")),
        Some(&Data::Int(5432))
    );
}

#[test]
fn errors_have_positions() {
    let cases = [
        (
            "a: 1\na: 2\n",
            "2:1: duplicate key 'a' (first defined at line 1)",
        ),
        ("a: [1, 2\n", "2:1: invalid YAML: "),
        ("", "1:1: test.yaml is empty"),
        ("# only a comment\n", "1:1: test.yaml is empty"),
        (
            "a: 1\n---\nb: 2\n",
            "3:1: expected one YAML document in test.yaml, found 2",
        ),
        ("a: !foo x\n", "1:4: unsupported YAML tag '!foo'"),
        ("? [a]\n: 1\n", "1:3: mapping keys must be scalars"),
        ("a: *nope\n", "1:4: "),
        ("a: !!int x\n", "1:4: 'x' is not a valid !!int"),
    ];
    for (text, expected) in cases {
        let got = err(text);
        assert!(
            got.starts_with(expected),
            "{text:?}: got {got:?}, expected {expected:?}"
        );
    }
}

#[test]
fn billion_laughs_is_bounded() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    let got = err(&text);
    assert!(got.contains("alias expansion exceeds"), "{got}");
}

#[test]
fn size_is_bounded_before_parsing() {
    // Valid YAML just over the limit: refused for its size alone, at the start of the file.
    let text = format!("a: 1\n#{}\n", "x".repeat(MAX_INPUT_BYTES));
    assert_eq!(
        err(&text),
        "1:1: test.yaml is 8.0 MiB, larger than the 8 MiB limit"
    );
    let d = parse_documents(FileId(0), &text).expect_err("too large");
    assert_eq!(d.message, "input is 8.0 MiB, larger than the 8 MiB limit");
    // At the limit it is read.
    let text = format!("a: 1\n#{}\n", "x".repeat(MAX_INPUT_BYTES - 8));
    assert!(parse(&text).is_ok());
}

#[test]
fn deep_nesting_is_bounded() {
    let text = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let d = parse(&text).expect_err("too deep");
    assert!(
        d.message.contains("nesting") || d.message.contains("recursion"),
        "{}",
        d.message
    );
    let text = (0..200)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect::<String>();
    let d = parse(&text).expect_err("too deep");
    assert!(d.message.contains("nesting deeper than"), "{}", d.message);
}

#[test]
fn dollar_positions_point_into_strings() {
    let cases = [
        ("a: x ${y}\n", (1, 6)),
        ("a: 'x ${y}'\n", (1, 7)),
        ("a: \"\\tx ${y}\"\n", (1, 9)),
        ("a: |\n  line\n  more ${y}\n", (3, 8)),
        ("é: é ${y}\n", (1, 6)),
    ];
    for (text, (line, col)) in cases {
        let node = parse(text).unwrap();
        let (key, value) = &node.as_map().unwrap()[0];
        let offset = value.as_str().unwrap().find('$').unwrap();
        assert_eq!(
            value.pos_of(offset),
            Pos::new(line, col),
            "{text:?} key {}",
            key.name
        );
    }
}

#[test]
fn non_utf8_position() {
    assert_eq!(utf8_error_pos(b"ab\ncd\xffe"), Some(Pos::new(2, 3)));
    assert_eq!(utf8_error_pos(b"fine"), None);
}
