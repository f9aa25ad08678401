//! Values: known, null, unknown (with refinements), and the helpers handlers use.

use std::collections::BTreeMap;

use super::{AttributePath, Number, PathStep, Type, ValueError};

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
    /// Not known until apply. The refinements are boxed: they are large (144 bytes) and
    /// rare, and every `Value` would otherwise be that large too.
    Unknown(Box<Refinements>),
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
        Self::Unknown(Box::default())
    }

    /// An unknown with what is known about it.
    pub fn refined(refinements: Refinements) -> Self {
        Self::Unknown(Box::new(refinements))
    }

    /// A known string.
    pub fn string(text: impl Into<String>) -> Self {
        Self::String(text.into())
    }

    /// A known number.
    pub fn number(number: impl Into<Number>) -> Self {
        Self::Number(number.into())
    }

    /// A known bool.
    pub fn bool(value: bool) -> Self {
        Self::Bool(value)
    }

    /// A known list.
    pub fn list(items: impl IntoIterator<Item = Value>) -> Self {
        Self::List(items.into_iter().collect())
    }

    /// A known set (duplicates are the caller's to avoid).
    pub fn set(items: impl IntoIterator<Item = Value>) -> Self {
        Self::Set(items.into_iter().collect())
    }

    /// A known tuple.
    pub fn tuple(items: impl IntoIterator<Item = Value>) -> Self {
        Self::Tuple(items.into_iter().collect())
    }

    /// A known map from `(key, value)` pairs.
    pub fn map<'a>(entries: impl IntoIterator<Item = (&'a str, Value)>) -> Self {
        Self::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
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

impl Value {
    /// What the value is, for messages: `null`, `unknown`, `a string`, ...
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Unknown(_) => "unknown",
            Self::Bool(_) => "a bool",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::List(_) => "a list",
            Self::Set(_) => "a set",
            Self::Tuple(_) => "a tuple",
            Self::Map(_) => "a map",
            Self::Object(_) => "an object",
            Self::Dynamic(_, inner) => inner.describe(),
        }
    }

    /// The type a value has by its shape, for a value at a `dynamic` position that came
    /// without a [`Value::Dynamic`] wrapper. Null and unknown are `dynamic`; a wrapper gives
    /// its own type; the elements of a list, set or map must agree on one type, where
    /// `dynamic` (a null or unknown element) gives way to any other. An empty list, set or
    /// map has element type `dynamic`, which Terraform accepts for an empty collection.
    pub fn infer_type(&self) -> Result<Type, ValueError> {
        match self {
            Self::Null | Self::Unknown(_) => Ok(Type::Dynamic),
            Self::Bool(_) => Ok(Type::Bool),
            Self::Number(_) => Ok(Type::Number),
            Self::String(_) => Ok(Type::String),
            Self::Dynamic(ty, _) => Ok(ty.clone()),
            Self::List(items) => {
                element_type(items.iter().enumerate().map(index_step)).map(Type::list)
            }
            Self::Set(items) => element_type(items.iter().map(|v| (None, v))).map(Type::set),
            Self::Map(entries) => element_type(entries.iter().map(key_step)).map(Type::map),
            Self::Tuple(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.infer_type()
                        .map_err(|e| e.under(PathStep::Index(i as i64)))
                })
                .collect::<Result<_, _>>()
                .map(Type::Tuple),
            Self::Object(attrs) => attrs
                .iter()
                .map(|(k, v)| {
                    let ty = v
                        .infer_type()
                        .map_err(|e| e.under(PathStep::Attribute(k.clone())))?;
                    Ok((k.clone(), ty))
                })
                .collect::<Result<_, ValueError>>()
                .map(Type::Object),
        }
    }
}

fn index_step((index, value): (usize, &Value)) -> (Option<PathStep>, &Value) {
    (Some(PathStep::Index(index as i64)), value)
}

fn key_step<'a>((key, value): (&String, &'a Value)) -> (Option<PathStep>, &'a Value) {
    (Some(PathStep::Key(key.clone())), value)
}

/// The one type all elements share, `dynamic` for none.
fn element_type<'a>(
    items: impl Iterator<Item = (Option<PathStep>, &'a Value)>,
) -> Result<Type, ValueError> {
    let mut unified = Type::Dynamic;
    for (step, item) in items {
        let at = |e: ValueError| match &step {
            Some(step) => e.under(step.clone()),
            None => e,
        };
        let ty = item.infer_type().map_err(at)?;
        unified = unify(&unified, &ty).ok_or_else(|| {
            let message = format!(
                "elements have different types: {} and {}",
                unified.describe(),
                ty.describe()
            );
            at(ValueError::root(message))
        })?;
    }
    Ok(unified)
}

/// The more specific of two types that agree everywhere except where one is `dynamic`.
fn unify(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Dynamic, other) | (other, Type::Dynamic) => Some(other.clone()),
        (Type::List(x), Type::List(y)) => unify(x, y).map(Type::list),
        (Type::Set(x), Type::Set(y)) => unify(x, y).map(Type::set),
        (Type::Map(x), Type::Map(y)) => unify(x, y).map(Type::map),
        (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => xs
            .iter()
            .zip(ys)
            .map(|(x, y)| unify(x, y))
            .collect::<Option<_>>()
            .map(Type::Tuple),
        (Type::Object(xs), Type::Object(ys)) if xs.keys().eq(ys.keys()) => xs
            .iter()
            .zip(ys.values())
            .map(|((name, x), y)| Some((name.clone(), unify(x, y)?)))
            .collect::<Option<_>>()
            .map(Type::Object),
        (x, y) if x == y => Some(x.clone()),
        _ => None,
    }
}

impl ValueError {
    /// This error, for a value one `step` further down than where it was found.
    pub(crate) fn under(mut self, step: PathStep) -> Self {
        let mut steps = vec![step];
        steps.append(&mut self.path.0);
        self.path = AttributePath(steps);
        self
    }
}

/// How many absent object attributes one decode may fill with null: one per input byte plus a
/// fixed allowance. Terraform sends every attribute in msgpack, and old states in JSON miss a
/// few; the budget only stops a list of empty objects of a very wide type from turning each
/// input byte into thousands of values.
#[derive(Debug)]
pub(crate) struct AbsentBudget(usize);

impl AbsentBudget {
    pub(crate) fn for_input(len: usize) -> Self {
        Self(len.saturating_add(4096))
    }

    /// Adds null for every attribute of `attrs` that `values` lacks.
    pub(crate) fn fill(
        &mut self,
        values: &mut BTreeMap<String, Value>,
        attrs: &BTreeMap<String, Type>,
    ) -> Result<(), String> {
        let absent = attrs.len().saturating_sub(values.len());
        self.0 = self.0.checked_sub(absent).ok_or_else(|| {
            "too many absent object attributes for the size of the input".to_owned()
        })?;
        for name in attrs.keys() {
            values.entry(name.clone()).or_insert(Value::Null);
        }
        Ok(())
    }
}
