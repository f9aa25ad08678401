//! Values: known, null, unknown (with refinements), and the helpers handlers use.

use std::collections::BTreeMap;

use super::{Number, Type};

/// What Terraform knows about an unknown value (refined unknowns, Terraform ≥ 1.6).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refinements {
    /// `Some(false)`: definitely not null.
    pub nullness: Option<bool>,
    /// A string value will start with this.
    pub string_prefix: Option<String>,
    /// A number value will be at least this (inclusive when the flag is true).
    pub number_lower: Option<(Number, bool)>,
    /// A number value will be at most this (inclusive when the flag is true).
    pub number_upper: Option<(Number, bool)>,
    /// A collection will have at least this many elements.
    pub length_lower: Option<u64>,
    /// A collection will have at most this many elements.
    pub length_upper: Option<u64>,
}

/// A cty value. Its type comes from the schema it was decoded with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Null of whatever type the position has.
    Null,
    /// Not known until apply.
    Unknown(Refinements),
    /// A known bool.
    Bool(bool),
    /// A known number.
    Number(Number),
    /// A known string.
    String(String),
    /// A known list.
    List(Vec<Value>),
    /// A known set (element order as received; sets have no order).
    Set(Vec<Value>),
    /// A known tuple.
    Tuple(Vec<Value>),
    /// A known map.
    Map(BTreeMap<String, Value>),
    /// A known object: every attribute of the type is present (null if unset).
    Object(BTreeMap<String, Value>),
    /// A value sent for a `dynamic` type position, with the concrete type that came with it.
    Dynamic(Type, Box<Value>),
}

impl Value {
    /// An unknown without refinements.
    pub fn unknown() -> Self {
        Self::Unknown(Refinements::default())
    }

    /// A known string.
    pub fn string(text: impl Into<String>) -> Self {
        Self::String(text.into())
    }

    /// A known number.
    pub fn number(number: impl Into<Number>) -> Self {
        Self::Number(number.into())
    }

    /// A known object from `(name, value)` pairs.
    pub fn object<'a>(attrs: impl IntoIterator<Item = (&'a str, Value)>) -> Self {
        Self::Object(attrs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// True for null (also a null inside a `Dynamic` wrapper).
    pub fn is_null(&self) -> bool {
        match self {
            Self::Null => true,
            Self::Dynamic(_, inner) => inner.is_null(),
            _ => false,
        }
    }

    /// False for unknown (shallow: elements and attributes are not looked at).
    pub fn is_known(&self) -> bool {
        match self {
            Self::Unknown(_) => false,
            Self::Dynamic(_, inner) => inner.is_known(),
            _ => true,
        }
    }

    /// True if nothing in this value, at any depth, is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Self::Unknown(_) => false,
            Self::List(items) | Self::Set(items) | Self::Tuple(items) => {
                items.iter().all(Self::is_wholly_known)
            }
            Self::Map(entries) | Self::Object(entries) => {
                entries.values().all(Self::is_wholly_known)
            }
            Self::Dynamic(_, inner) => inner.is_wholly_known(),
            _ => true,
        }
    }

    /// An object's attribute.
    pub fn get_attr(&self, name: &str) -> Option<&Value> {
        match self {
            Self::Object(attrs) => attrs.get(name),
            Self::Dynamic(_, inner) => inner.get_attr(name),
            _ => None,
        }
    }

    /// A known string's text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            Self::Dynamic(_, inner) => inner.as_str(),
            _ => None,
        }
    }

    /// A known bool.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            Self::Dynamic(_, inner) => inner.as_bool(),
            _ => None,
        }
    }

    /// A known number.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Self::Number(n) => Some(n),
            Self::Dynamic(_, inner) => inner.as_number(),
            _ => None,
        }
    }
}
