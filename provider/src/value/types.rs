//! cty types and their JSON form (`"string"`, `["list","string"]`, `["object",{...}]`).

use std::collections::{BTreeMap, BTreeSet};

use super::ValueError;
use super::json::{Json, parse};

/// A cty type, as used in schemas, function signatures and dynamic values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`.
    Bool,
    /// `number` (arbitrary precision).
    Number,
    /// `string`.
    String,
    /// `dynamic`: any type; values carry their concrete type with them.
    Dynamic,
    /// `list(T)`.
    List(Box<Type>),
    /// `set(T)`.
    Set(Box<Type>),
    /// `map(T)`, string keys.
    Map(Box<Type>),
    /// `tuple([T, ...])`.
    Tuple(Vec<Type>),
    /// `object({name = T, ...})`.
    Object(BTreeMap<String, Type>),
    /// An object type constraint with optional attributes (function parameters only).
    /// Values of this type are plain objects: Terraform fills absent optional
    /// attributes with null before sending them.
    ObjectWithOptional {
        /// Every attribute, optional or not.
        attrs: BTreeMap<String, Type>,
        /// The names of the optional ones (each is also a key of `attrs`).
        optional: BTreeSet<String>,
    },
}

impl Type {
    /// `list(element)`.
    pub fn list(element: Type) -> Self {
        Self::List(Box::new(element))
    }

    /// `set(element)`.
    pub fn set(element: Type) -> Self {
        Self::Set(Box::new(element))
    }

    /// `map(element)`.
    pub fn map(element: Type) -> Self {
        Self::Map(Box::new(element))
    }

    /// `object({...})` from `(name, type)` pairs.
    pub fn object<'a>(attrs: impl IntoIterator<Item = (&'a str, Type)>) -> Self {
        Self::Object(attrs.into_iter().map(|(k, t)| (k.to_owned(), t)).collect())
    }

    /// The attribute types if this is an object type (with or without optional attributes).
    pub fn object_attrs(&self) -> Option<&BTreeMap<String, Type>> {
        match self {
            Self::Object(attrs) | Self::ObjectWithOptional { attrs, .. } => Some(attrs),
            _ => None,
        }
    }

    /// The cty type JSON, exactly as Terraform expects it in `Attribute.type`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Parses cty type JSON (what [`Type::to_json`] writes, with any whitespace).
    pub fn from_json(text: &[u8]) -> Result<Type, ValueError> {
        let json = parse(text).map_err(ValueError::root)?;
        Self::from_json_tree(&json)
            .map_err(|message| ValueError::root(format!("invalid type: {message}")))
    }

    /// The type a parsed type JSON document describes. Recursion follows the tree, whose
    /// depth the parser bounds.
    pub(crate) fn from_json_tree(json: &Json) -> Result<Type, String> {
        match json {
            Json::String(name) => primitive(name),
            Json::Array(parts) => match parts.as_slice() {
                [Json::String(kind), rest @ ..] => complex(kind, rest),
                _ => Err("expected [\"kind\", ...]".to_owned()),
            },
            other => Err(format!(
                "expected a string or an array, found {}",
                other.kind()
            )),
        }
    }

    /// A short human name: `string`, `list of string`, `object`, ...
    pub fn describe(&self) -> String {
        match self {
            Self::Bool => "bool".to_owned(),
            Self::Number => "number".to_owned(),
            Self::String => "string".to_owned(),
            Self::Dynamic => "dynamic".to_owned(),
            Self::List(element) => format!("list of {}", element.describe()),
            Self::Set(element) => format!("set of {}", element.describe()),
            Self::Map(element) => format!("map of {}", element.describe()),
            Self::Tuple(_) => "tuple".to_owned(),
            Self::Object(_) | Self::ObjectWithOptional { .. } => "object".to_owned(),
        }
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Self::Bool => out.push_str("\"bool\""),
            Self::Number => out.push_str("\"number\""),
            Self::String => out.push_str("\"string\""),
            Self::Dynamic => out.push_str("\"dynamic\""),
            Self::List(element) => write_collection(out, "list", element),
            Self::Set(element) => write_collection(out, "set", element),
            Self::Map(element) => write_collection(out, "map", element),
            Self::Tuple(elements) => write_tuple(out, elements),
            Self::Object(attrs) => write_object(out, attrs, &BTreeSet::new()),
            Self::ObjectWithOptional { attrs, optional } => write_object(out, attrs, optional),
        }
    }
}

fn primitive(name: &str) -> Result<Type, String> {
    match name {
        "bool" => Ok(Type::Bool),
        "number" => Ok(Type::Number),
        "string" => Ok(Type::String),
        "dynamic" => Ok(Type::Dynamic),
        other => Err(format!("unknown primitive type {other:?}")),
    }
}

fn complex(kind: &str, rest: &[Json]) -> Result<Type, String> {
    match (kind, rest) {
        ("list", [element]) => Ok(Type::list(Type::from_json_tree(element)?)),
        ("set", [element]) => Ok(Type::set(Type::from_json_tree(element)?)),
        ("map", [element]) => Ok(Type::map(Type::from_json_tree(element)?)),
        ("tuple", [Json::Array(elements)]) => elements
            .iter()
            .map(Type::from_json_tree)
            .collect::<Result<_, _>>()
            .map(Type::Tuple),
        ("object", [Json::Object(members)]) => Ok(Type::Object(attribute_types(members)?)),
        ("object", [Json::Object(members), Json::Array(optional)]) => {
            object_with_optional(members, optional)
        }
        ("list" | "set" | "map" | "tuple" | "object", _) => Err(format!("malformed {kind} type")),
        _ => Err(format!("unknown type kind {kind:?}")),
    }
}

fn attribute_types(members: &[(String, Json)]) -> Result<BTreeMap<String, Type>, String> {
    let mut attrs = BTreeMap::new();
    for (name, json) in members {
        if attrs
            .insert(name.clone(), Type::from_json_tree(json)?)
            .is_some()
        {
            return Err(format!("duplicate attribute {name:?}"));
        }
    }
    Ok(attrs)
}

/// `["object", {...}, ["name", ...]]`: each optional name must be an attribute. An empty
/// list is a plain object type.
fn object_with_optional(members: &[(String, Json)], names: &[Json]) -> Result<Type, String> {
    let attrs = attribute_types(members)?;
    let mut optional = BTreeSet::new();
    for name in names {
        let Json::String(name) = name else {
            return Err("optional attribute names must be strings".to_owned());
        };
        if !attrs.contains_key(name) {
            return Err(format!(
                "optional attribute {name:?} is not an attribute of the object"
            ));
        }
        optional.insert(name.clone());
    }
    if optional.is_empty() {
        return Ok(Type::Object(attrs));
    }
    Ok(Type::ObjectWithOptional { attrs, optional })
}

fn write_collection(out: &mut String, kind: &str, element: &Type) {
    out.push_str("[\"");
    out.push_str(kind);
    out.push_str("\",");
    element.write_json(out);
    out.push(']');
}

fn write_tuple(out: &mut String, elements: &[Type]) {
    out.push_str("[\"tuple\",[");
    for (i, element) in elements.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        element.write_json(out);
    }
    out.push_str("]]");
}

fn write_object(out: &mut String, attrs: &BTreeMap<String, Type>, optional: &BTreeSet<String>) {
    out.push_str("[\"object\",{");
    for (i, (name, ty)) in attrs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_string(out, name);
        out.push(':');
        ty.write_json(out);
    }
    out.push('}');
    if !optional.is_empty() {
        out.push_str(",[");
        for (i, name) in optional.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_string(out, name);
        }
        out.push(']');
    }
    out.push(']');
}

/// Writes `text` as a JSON string literal the way Go's `encoding/json` does (go-cty writes
/// attribute names with it): HTML-sensitive `<`, `>`, `&` and U+2028/U+2029 as `\u` escapes
/// too, so type JSON is byte-identical to Terraform's.
pub(crate) fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
