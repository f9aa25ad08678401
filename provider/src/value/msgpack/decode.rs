//! Schema-driven msgpack decoding: the type says what each item must be.

use std::collections::BTreeMap;

use super::reader::{Item, Reader};
use super::unknown;
use crate::value::{
    AbsentBudget, AttributePath, MAX_DEPTH, Number, PathStep, Type, Value, ValueError,
};

/// Decodes one value of type `ty` that must span all of `bytes`.
pub(crate) fn decode(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    let mut decoder = Decoder {
        reader: Reader::new(bytes),
        path: Vec::new(),
        absent: AbsentBudget::for_input(bytes.len()),
    };
    let value = decoder.value(ty, 0)?;
    let left = decoder.reader.remaining();
    if left > 0 {
        return Err(ValueError::root(format!(
            "{left} unexpected bytes after the value"
        )));
    }
    Ok(value)
}

/// A number from any of the forms go-cty writes or reads: integers, floats and decimal
/// strings.
pub(crate) fn number(item: Item<'_>) -> Result<Number, String> {
    let float = |value: f64| Number::try_from(value).map_err(|e| e.message);
    match item {
        Item::Int(value) => Ok(Number::from(value)),
        Item::Uint(value) => Ok(Number::from(value)),
        Item::Float32(value) => float(f64::from(value)),
        Item::Float64(value) => float(value),
        Item::Str(bytes) | Item::Bin(bytes) => {
            let text = std::str::from_utf8(bytes).map_err(|_| "number text is not UTF-8")?;
            text.parse::<Number>().map_err(|e| e.message)
        }
        other => Err(expected("a number", other)),
    }
}

fn expected(what: &str, found: Item<'_>) -> String {
    format!("expected {what}, found {}", found.kind())
}

fn is_extension(marker: u8) -> bool {
    matches!(marker, 0xc7..=0xc9 | 0xd4..=0xd8)
}

struct Decoder<'a> {
    reader: Reader<'a>,
    /// Where the decoder is, for error messages; pushed and popped around elements.
    path: Vec<PathStep>,
    absent: AbsentBudget,
}

impl<'a> Decoder<'a> {
    #[cold]
    fn error(&self, message: impl Into<String>) -> ValueError {
        ValueError::new(AttributePath(self.path.clone()), message)
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> ValueError {
        self.error(format!("value is nested deeper than {MAX_DEPTH} levels"))
    }

    #[cold]
    #[inline(never)]
    fn mismatch(&self, what: &str, found: Item<'_>) -> ValueError {
        self.error(expected(what, found))
    }

    fn next(&mut self) -> Result<Item<'a>, ValueError> {
        match self.reader.next() {
            Ok(item) => Ok(item),
            Err(message) => Err(self.error(message)),
        }
    }

    fn value(&mut self, ty: &Type, depth: usize) -> Result<Value, ValueError> {
        if depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        let marker = match self.reader.peek() {
            Ok(marker) => marker,
            Err(message) => return Err(self.error(message)),
        };
        if is_extension(marker) {
            return match self.next()? {
                Item::Ext(kind, payload) => Ok(unknown::decode(kind, payload, ty)),
                other => Err(self.error(expected("an extension", other))),
            };
        }
        if *ty == Type::Dynamic {
            return self.dynamic(depth);
        }
        if marker == 0xc0 {
            self.next()?;
            return Ok(Value::Null);
        }
        self.known(ty, depth)
    }

    fn known(&mut self, ty: &Type, depth: usize) -> Result<Value, ValueError> {
        match ty {
            Type::Bool => match self.next()? {
                Item::Bool(value) => Ok(Value::Bool(value)),
                other => Err(self.mismatch("a bool", other)),
            },
            Type::Number => {
                let item = self.next()?;
                number(item).map(Value::Number).map_err(|m| self.error(m))
            }
            Type::String => {
                let item = self.next()?;
                text(item, "a string")
                    .map(Value::String)
                    .map_err(|m| self.error(m))
            }
            Type::List(element) => self.list(element, depth).map(Value::List),
            Type::Set(element) => self.set(element, depth).map(Value::Set),
            Type::Map(element) => self.map(element, depth).map(Value::Map),
            Type::Tuple(elements) => self.tuple(elements, depth).map(Value::Tuple),
            Type::Object(attrs) | Type::ObjectWithOptional { attrs, .. } => {
                self.object(attrs, depth).map(Value::Object)
            }
            Type::Dynamic => self.dynamic(depth),
        }
    }

    fn array_len(&mut self, what: &str) -> Result<usize, ValueError> {
        match self.next()? {
            Item::Array(count) => Ok(count),
            other => Err(self.mismatch(what, other)),
        }
    }

    fn map_len(&mut self, what: &str) -> Result<usize, ValueError> {
        match self.next()? {
            Item::Map(count) => Ok(count),
            other => Err(self.mismatch(what, other)),
        }
    }

    fn list(&mut self, element: &Type, depth: usize) -> Result<Vec<Value>, ValueError> {
        let count = self.array_len("a list")?;
        let mut items = Vec::with_capacity(count.min(PREALLOCATE));
        for index in 0..count {
            self.path.push(PathStep::Index(index as i64));
            items.push(self.value(element, depth + 1)?);
            self.path.pop();
        }
        Ok(items)
    }

    /// Set elements have no address in Terraform's attribute paths, so errors anywhere inside
    /// a set point at the set.
    fn set(&mut self, element: &Type, depth: usize) -> Result<Vec<Value>, ValueError> {
        let count = self.array_len("a set")?;
        let mut items = Vec::with_capacity(count.min(PREALLOCATE));
        let here = self.path.len();
        for _ in 0..count {
            items.push(
                self.value(element, depth + 1)
                    .map_err(|e| e.truncated(here))?,
            );
        }
        Ok(items)
    }

    fn tuple(&mut self, elements: &[Type], depth: usize) -> Result<Vec<Value>, ValueError> {
        let count = self.array_len("a tuple")?;
        if count != elements.len() {
            let want = elements.len();
            return Err(self.error(format!(
                "expected a tuple of {want} elements, found {count}"
            )));
        }
        let mut items = Vec::with_capacity(count);
        for (index, element) in elements.iter().enumerate() {
            self.path.push(PathStep::Index(index as i64));
            items.push(self.value(element, depth + 1)?);
            self.path.pop();
        }
        Ok(items)
    }

    fn key(&mut self) -> Result<String, ValueError> {
        let item = self.next()?;
        text(item, "a string key").map_err(|m| self.error(m))
    }

    fn map(&mut self, element: &Type, depth: usize) -> Result<BTreeMap<String, Value>, ValueError> {
        let count = self.map_len("a map")?;
        let mut entries = BTreeMap::new();
        for _ in 0..count {
            let key = self.key()?;
            self.path.push(PathStep::Key(key.clone()));
            let value = self.value(element, depth + 1)?;
            if entries.insert(key, value).is_some() {
                return Err(self.error("duplicate map key"));
            }
            self.path.pop();
        }
        Ok(entries)
    }

    fn object(
        &mut self,
        attrs: &BTreeMap<String, Type>,
        depth: usize,
    ) -> Result<BTreeMap<String, Value>, ValueError> {
        let count = self.map_len("an object")?;
        let mut values = BTreeMap::new();
        for _ in 0..count {
            let name = self.key()?;
            let Some(ty) = attrs.get(&name) else {
                return Err(self.error(format!("unsupported attribute {name:?}")));
            };
            self.path.push(PathStep::Attribute(name.clone()));
            let value = self.value(ty, depth + 1)?;
            if values.insert(name, value).is_some() {
                return Err(self.error("duplicate attribute"));
            }
            self.path.pop();
        }
        // Absent attributes are null, as go-cty's JSON decoder has them.
        match self.absent.fill(&mut values, attrs) {
            Ok(()) => Ok(values),
            Err(message) => Err(self.error(message)),
        }
    }

    /// `[type JSON (bin or str), value]`, or a plain nil for a null of unknown type.
    fn dynamic(&mut self, depth: usize) -> Result<Value, ValueError> {
        let count = match self.next()? {
            Item::Nil => return Ok(Value::Null),
            Item::Array(count) => count,
            other => return Err(self.error(expected("a [type, value] array", other))),
        };
        if count != 2 {
            let message =
                format!("a dynamic value must be a [type, value] array, found {count} elements");
            return Err(self.error(message));
        }
        let type_json = match self.next()? {
            Item::Bin(bytes) | Item::Str(bytes) => bytes,
            other => return Err(self.error(expected("type JSON", other))),
        };
        let ty = Type::from_json(type_json)
            .map_err(|e| self.error(format!("invalid type in dynamic value: {}", e.message)))?;
        let value = self.value(&ty, depth + 1)?;
        Ok(match ty {
            // "dynamic" inside a dynamic value adds nothing: the inner value is itself a
            // wrapped value or a null/unknown of no particular type.
            Type::Dynamic => value,
            ty => Value::Dynamic(ty, Box::new(value)),
        })
    }
}

/// Collections are preallocated for at most this many elements; the rest grow as elements
/// actually arrive.
const PREALLOCATE: usize = 1024;

fn text(item: Item<'_>, what: &str) -> Result<String, String> {
    match item {
        Item::Str(bytes) | Item::Bin(bytes) => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| format!("invalid UTF-8 in string at byte {}", e.valid_up_to())),
        other => Err(expected(what, other)),
    }
}
