//! Schema-driven JSON decoding, following go-cty's JSON rules: `null` is null at any type,
//! primitives convert from their text forms (`"12"` for a number, `12` or `true` for a
//! string), absent object attributes are null, and a `dynamic` position holds
//! `{"type": T, "value": V}`. JSON has no unknowns.

use std::collections::BTreeMap;

use super::parse::{Json, parse};
use crate::value::{AbsentBudget, AttributePath, Number, PathStep, Type, Value, ValueError};

/// Decodes a JSON document as a value of type `ty`.
pub(crate) fn decode(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    let json = parse(bytes).map_err(ValueError::root)?;
    Decoder {
        path: Vec::new(),
        absent: AbsentBudget::for_input(bytes.len()),
    }
    .value(&json, ty)
}

struct Decoder {
    path: Vec<PathStep>,
    absent: AbsentBudget,
}

impl Decoder {
    fn error(&self, message: impl Into<String>) -> ValueError {
        ValueError::new(AttributePath(self.path.clone()), message)
    }

    fn mismatch(&self, what: &str, found: &Json) -> ValueError {
        self.error(format!("expected {what}, found {}", found.kind()))
    }

    /// The tree is at most `MAX_DEPTH` deep and every call here goes one level down it, so
    /// the recursion is bounded by the parser's limit.
    fn value(&mut self, json: &Json, ty: &Type) -> Result<Value, ValueError> {
        if *json == Json::Null {
            return Ok(Value::Null);
        }
        match ty {
            Type::Bool => self.bool(json),
            Type::Number => self.number(json),
            Type::String => self.string(json),
            Type::List(element) => self.list(json, element).map(Value::List),
            Type::Set(element) => self.set(json, element).map(Value::Set),
            Type::Map(element) => self.map(json, element).map(Value::Map),
            Type::Tuple(elements) => self.tuple(json, elements).map(Value::Tuple),
            Type::Object(attrs) | Type::ObjectWithOptional { attrs, .. } => {
                self.object(json, attrs).map(Value::Object)
            }
            Type::Dynamic => self.dynamic(json),
        }
    }

    fn bool(&self, json: &Json) -> Result<Value, ValueError> {
        match json {
            Json::Bool(value) => Ok(Value::Bool(*value)),
            Json::String(text) if text == "true" => Ok(Value::Bool(true)),
            Json::String(text) if text == "false" => Ok(Value::Bool(false)),
            other => Err(self.mismatch("a bool", other)),
        }
    }

    fn number(&self, json: &Json) -> Result<Value, ValueError> {
        match json {
            Json::Number(text) | Json::String(text) => text
                .parse::<Number>()
                .map(Value::Number)
                .map_err(|e| self.error(e.message)),
            other => Err(self.mismatch("a number", other)),
        }
    }

    fn string(&self, json: &Json) -> Result<Value, ValueError> {
        match json {
            Json::String(text) | Json::Number(text) => Ok(Value::String(text.clone())),
            Json::Bool(value) => Ok(Value::String(value.to_string())),
            other => Err(self.mismatch("a string", other)),
        }
    }

    fn list(&mut self, json: &Json, element: &Type) -> Result<Vec<Value>, ValueError> {
        let Json::Array(items) = json else {
            return Err(self.mismatch("a list", json));
        };
        let mut values = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            self.path.push(PathStep::Index(index as i64));
            values.push(self.value(item, element)?);
            self.path.pop();
        }
        Ok(values)
    }

    /// Set elements have no address in attribute paths: errors anywhere inside point at the set.
    fn set(&mut self, json: &Json, element: &Type) -> Result<Vec<Value>, ValueError> {
        let Json::Array(items) = json else {
            return Err(self.mismatch("a set", json));
        };
        let here = self.path.len();
        items
            .iter()
            .map(|item| self.value(item, element).map_err(|e| e.truncated(here)))
            .collect()
    }

    fn tuple(&mut self, json: &Json, elements: &[Type]) -> Result<Vec<Value>, ValueError> {
        let Json::Array(items) = json else {
            return Err(self.mismatch("a tuple", json));
        };
        if items.len() != elements.len() {
            let (want, found) = (elements.len(), items.len());
            return Err(self.error(format!(
                "expected a tuple of {want} elements, found {found}"
            )));
        }
        let mut values = Vec::with_capacity(items.len());
        for (index, (item, ty)) in items.iter().zip(elements).enumerate() {
            self.path.push(PathStep::Index(index as i64));
            values.push(self.value(item, ty)?);
            self.path.pop();
        }
        Ok(values)
    }

    fn map(&mut self, json: &Json, element: &Type) -> Result<BTreeMap<String, Value>, ValueError> {
        let Json::Object(members) = json else {
            return Err(self.mismatch("a map", json));
        };
        let mut values = BTreeMap::new();
        for (key, item) in members {
            self.path.push(PathStep::Key(key.clone()));
            let value = self.value(item, element)?;
            if values.insert(key.clone(), value).is_some() {
                return Err(self.error("duplicate map key"));
            }
            self.path.pop();
        }
        Ok(values)
    }

    fn object(
        &mut self,
        json: &Json,
        attrs: &BTreeMap<String, Type>,
    ) -> Result<BTreeMap<String, Value>, ValueError> {
        let Json::Object(members) = json else {
            return Err(self.mismatch("an object", json));
        };
        let mut values = BTreeMap::new();
        for (name, item) in members {
            let Some(ty) = attrs.get(name) else {
                return Err(self.error(format!("unsupported attribute {name:?}")));
            };
            self.path.push(PathStep::Attribute(name.clone()));
            let value = self.value(item, ty)?;
            if values.insert(name.clone(), value).is_some() {
                return Err(self.error("duplicate attribute"));
            }
            self.path.pop();
        }
        match self.absent.fill(&mut values, attrs) {
            Ok(()) => Ok(values),
            Err(message) => Err(self.error(message)),
        }
    }

    /// `{"type": T, "value": V}`; nothing else may be in the object.
    fn dynamic(&mut self, json: &Json) -> Result<Value, ValueError> {
        let Json::Object(members) = json else {
            return Err(self.mismatch("a {\"type\", \"value\"} object", json));
        };
        let (mut type_json, mut value_json) = (None, None);
        for (key, member) in members {
            let slot = match key.as_str() {
                "type" => &mut type_json,
                "value" => &mut value_json,
                other => return Err(self.error(format!("invalid key {other:?} in dynamic value"))),
            };
            if slot.replace(member).is_some() {
                return Err(self.error(format!("duplicate key {key:?} in dynamic value")));
            }
        }
        let type_json = type_json.ok_or_else(|| self.error("missing \"type\" in dynamic value"))?;
        let value_json =
            value_json.ok_or_else(|| self.error("missing \"value\" in dynamic value"))?;
        let ty = Type::from_json_tree(type_json)
            .map_err(|message| self.error(format!("invalid type in dynamic value: {message}")))?;
        let value = self.value(value_json, &ty)?;
        Ok(match ty {
            Type::Dynamic => value,
            ty => Value::Dynamic(ty, Box::new(value)),
        })
    }
}
