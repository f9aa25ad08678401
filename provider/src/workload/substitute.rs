//! Function `provider::score::substitute(template, values)`: Score placeholder substitution
//! over any Terraform value, with score-core's engine (`$$` escapes, `\.` in keys, non-string
//! values JSON-encoded, score-go's error words).

use score_core::Data;
use score_core::placeholder::{self, RefError};

use crate::framework::{Description, Function, FunctionError, Parameter, Signature};
use crate::value::{Type, Value};

/// Function `provider::score::substitute`.
#[derive(Debug)]
pub struct Substitute;

impl Function for Substitute {
    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![
                Parameter::new("template", Type::String).description(
                    "Text with Score placeholders: `${a.b.c}` looks up keys `a`, `b`, `c` in \
                     `values` (`\\.` is a literal dot inside a key, a number indexes a list), \
                     `$$` is a literal `$`. In HCL, write `$${a.b}` so Terraform leaves it.",
                ),
                Parameter::new("values", Type::Dynamic).description(
                    "What placeholders look up: an object or map, nested as deep as needed.",
                ),
            ],
            variadic: None,
            return_type: Type::String,
            summary: "Substitute Score placeholders in a string".to_owned(),
            description: Description::Plain(
                "Replaces every `${...}` placeholder of `template` by the value its keys name \
                 in `values`, as Score does: strings are inserted as they are, other values \
                 JSON-encoded. A placeholder whose keys are missing fails the call, naming the \
                 placeholder and the key."
                    .to_owned(),
            ),
            deprecation: None,
        }
    }

    fn call(&self, arguments: Vec<Value>) -> Result<Value, FunctionError> {
        let (Some(Value::String(template)), Some(values)) = (arguments.first(), arguments.get(1))
        else {
            return Err(FunctionError::new(
                "substitute takes a template string and a values object",
            ));
        };
        let template = placeholder::parse(template);
        match placeholder::substitute_in(&template, &to_data(values)) {
            Ok(text) => Ok(Value::string(text)),
            Err(failures) => {
                let first = &failures[0];
                // A key `values` lacks is about `values`; a malformed placeholder is about
                // the template.
                let argument = match first.error {
                    RefError::KeyNotFound(_) | RefError::NotAMap(_) => 1,
                    _ => 0,
                };
                let text: Vec<String> = failures.iter().map(ToString::to_string).collect();
                Err(FunctionError::argument(argument, text.join("; ")))
            }
        }
    }
}

/// A Terraform value as plain data. Unknown values never arrive (the parameters do not allow
/// them); were one to, it would read as null.
fn to_data(value: &Value) -> Data {
    match value {
        Value::Null | Value::Unknown(_) => Data::Null,
        Value::Bool(b) => Data::Bool(*b),
        Value::Number(n) => match n.to_i64() {
            Some(i) if n.is_integer() => Data::Int(i),
            _ => Data::Float(n.to_f64()),
        },
        Value::String(s) => Data::Str(s.clone()),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            Data::Seq(items.iter().map(to_data).collect())
        }
        Value::Map(entries) | Value::Object(entries) => Data::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_data(v)))
                .collect(),
        ),
        Value::Dynamic(_, inner) => to_data(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Value {
        Value::Dynamic(
            Type::Dynamic,
            Box::new(Value::object([
                (
                    "db",
                    Value::object([
                        ("host", Value::string("db.internal")),
                        ("port", Value::number(5432)),
                    ]),
                ),
                (
                    "tags",
                    Value::List(vec![Value::string("a"), Value::string("b")]),
                ),
            ])),
        )
    }

    #[test]
    fn substitutes_like_score() {
        let cases = [
            ("${db.host}:${db.port}", "db.internal:5432"),
            ("$${db.host} costs $$5", "${db.host} costs $5"),
            ("${tags.1}", "b"),
            ("${tags}", r#"["a","b"]"#),
            ("${db}", r#"{"host":"db.internal","port":5432}"#),
            ("no placeholders", "no placeholders"),
        ];
        for (template, expected) in cases {
            let got = Substitute.call(vec![Value::string(template), values()]);
            assert_eq!(got, Ok(Value::string(expected)), "{template}");
        }
    }

    #[test]
    fn errors_point_at_the_argument() {
        let cases = [
            (
                "${db.user}",
                1,
                "invalid ref 'db.user': key 'user' not found",
            ),
            (
                "${db.host.x}",
                1,
                "invalid ref 'db.host.x': cannot lookup key 'x', context is not a map",
            ),
            (
                "${db..host}",
                0,
                "invalid ref 'db..host': malformed, each element must be non-empty and made \
                 of letters, digits, '_', '-' or '/'",
            ),
        ];
        for (template, argument, text) in cases {
            let got = Substitute.call(vec![Value::string(template), values()]);
            assert_eq!(
                got,
                Err(FunctionError::argument(argument, text)),
                "{template}"
            );
        }
    }

    #[test]
    fn signature_is_valid() {
        assert_eq!(Substitute.signature().check(), Ok(()));
    }
}
