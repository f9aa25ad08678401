//! cty types and their JSON form (`"string"`, `["list","string"]`, `["object",{...}]`).

use std::collections::{BTreeMap, BTreeSet};

use super::ValueError;

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

    /// Parses cty type JSON.
    pub fn from_json(text: &[u8]) -> Result<Type, ValueError> {
        let _ = text;
        Err(ValueError::root("not yet implemented"))
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

/// Writes `text` as a JSON string literal.
pub(crate) fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}
