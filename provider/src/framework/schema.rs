//! Schemas of the provider, resources and data sources, shaped so that what Terraform rejects
//! cannot be written down.
//!
//! Terraform checks every schema it loads (`internal/configs/configschema/internal_validate.go`)
//! and refuses the whole provider on the first fault. Most of its rules are made impossible
//! here by the types: an attribute has exactly one [`AttributeKind`] (so never Required and
//! Computed at once) and exactly one [`AttributeType`] (a value type xor nested attributes);
//! block nesting carries only the bounds its mode allows ([`BlockNesting`]); a deprecation
//! message exists only inside [`Deprecation::Deprecated`]. What the types cannot say (name
//! syntax, one name used twice, `min > max`, `dynamic` inside a set) is checked by
//! [`Schema::check`], which registration calls, so a bad schema is an `Err` at startup, never
//! a panic and never a provider Terraform refuses to load.

use std::collections::BTreeMap;
use std::fmt;

use crate::proto::tfplugin6 as pb;
use crate::value::Type;

/// A versioned schema: the top-level block of a resource, data source or provider config.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    /// The state version. Bump it when the stored shape changes, and teach the resource's
    /// upgrade hook to read the old one.
    pub version: i64,
    /// The attributes and nested blocks.
    pub block: Block,
}

impl Schema {
    /// A version-0 schema of `block`.
    pub fn new(block: Block) -> Schema {
        Schema { version: 0, block }
    }

    /// This schema at state version `version`.
    pub fn with_version(mut self, version: i64) -> Schema {
        self.version = version;
        self
    }

    /// Checks the rules the types cannot express; `Err` lists every fault found.
    pub fn check(&self) -> Result<(), SchemaError> {
        let mut faults = Vec::new();
        if self.version < 0 {
            faults.push(format!("schema version {} is negative", self.version));
        }
        self.block.check("", &mut faults);
        if faults.is_empty() {
            Ok(())
        } else {
            Err(SchemaError { faults })
        }
    }

    /// The type of the values this schema describes (config, plan, state).
    pub fn value_type(&self) -> Type {
        self.block.value_type()
    }

    /// The protocol form.
    pub fn to_proto(&self) -> pb::Schema {
        pb::Schema {
            version: self.version,
            block: Some(self.block.to_proto(self.version)),
        }
    }
}

/// Faults in a schema, each naming the attribute or block path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// One line per fault, such as `attribute "Spec": name must match ^[a-z0-9_]+$`.
    pub faults: Vec<String>,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.faults.join("; "))
    }
}

impl std::error::Error for SchemaError {}

/// Whether `name` is a valid attribute, block, resource or function name: `^[a-z0-9_]+$`.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Documentation text; it becomes the generated docs and the hover text of editors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Description {
    /// No description.
    #[default]
    None,
    /// Plain text.
    Plain(String),
    /// Markdown.
    Markdown(String),
}

impl Description {
    /// (text, kind) as the protocol spells them.
    pub(crate) fn to_proto(&self) -> (String, i32) {
        match self {
            Description::None => (String::new(), pb::StringKind::Plain as i32),
            Description::Plain(text) => (text.clone(), pb::StringKind::Plain as i32),
            Description::Markdown(text) => (text.clone(), pb::StringKind::Markdown as i32),
        }
    }
}

/// Whether an attribute or block is deprecated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Deprecation {
    /// In use.
    #[default]
    Current,
    /// Deprecated; Terraform warns when the configuration sets it. The message (shown by
    /// Terraform 1.15+) says what to use instead.
    Deprecated(Option<String>),
}

impl Deprecation {
    /// (deprecated, description): protocol 6.9 has no deprecation message field, so the
    /// message is appended to the description, where docs and editors show it.
    fn to_proto(&self, description: &Description) -> (bool, String, i32) {
        let (mut text, kind) = description.to_proto();
        match self {
            Deprecation::Current => (false, text, kind),
            Deprecation::Deprecated(None) => (true, text, kind),
            Deprecation::Deprecated(Some(message)) => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str("Deprecated: ");
                text.push_str(message);
                (true, text, kind)
            }
        }
    }
}

/// Who sets an attribute: exactly one of Terraform's four valid combinations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttributeKind {
    /// The configuration must set it.
    Required,
    /// The configuration may set it; otherwise it is null.
    Optional,
    /// Only the provider sets it.
    Computed,
    /// The configuration may set it; otherwise the provider does.
    OptionalComputed,
}

impl AttributeKind {
    /// Whether the provider may choose the value.
    pub fn is_computed(self) -> bool {
        matches!(
            self,
            AttributeKind::Computed | AttributeKind::OptionalComputed
        )
    }

    /// Whether the configuration may write the value.
    pub fn is_configurable(self) -> bool {
        !matches!(self, AttributeKind::Computed)
    }

    /// (required, optional, computed) as the protocol spells it.
    fn flags(self) -> (bool, bool, bool) {
        match self {
            AttributeKind::Required => (true, false, false),
            AttributeKind::Optional => (false, true, false),
            AttributeKind::Computed => (false, false, true),
            AttributeKind::OptionalComputed => (false, true, true),
        }
    }
}

/// What an attribute holds: a value type, or nested attributes (never both, never neither).
#[derive(Clone, Debug, PartialEq)]
pub enum AttributeType {
    /// A value of this type.
    Value(Type),
    /// An object of attributes, or a list, set or map of such objects.
    Nested(NestedAttributes),
}

/// The attributes of a nested-attribute object and how the objects are collected.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedAttributes {
    /// One object, or a list, set or map of them.
    pub nesting: ObjectNesting,
    /// The object's attributes by name.
    pub attributes: BTreeMap<String, Attribute>,
}

/// How nested-attribute objects are collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectNesting {
    /// One object (`attr = { ... }`).
    Single,
    /// A list of objects.
    List,
    /// A set of objects.
    Set,
    /// A map of objects.
    Map,
}

impl ObjectNesting {
    fn to_proto(self) -> i32 {
        use pb::schema::object::NestingMode as M;
        (match self {
            ObjectNesting::Single => M::Single,
            ObjectNesting::List => M::List,
            ObjectNesting::Set => M::Set,
            ObjectNesting::Map => M::Map,
        }) as i32
    }
}

/// Behaviour of an attribute during planning; not sent to Terraform.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PlanBehaviour {
    /// A change to this attribute replaces the object (destroy, then create).
    pub requires_replace: bool,
    /// A computed value that apply never changes once set (an id, a creation time): on
    /// update it is planned as its prior value instead of unknown.
    pub use_prior_state: bool,
}

/// One attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// What it holds.
    pub ty: AttributeType,
    /// Who sets it.
    pub kind: AttributeKind,
    /// Documentation.
    pub description: Description,
    /// Terraform hides the value in plans and output.
    pub sensitive: bool,
    /// Whether it is deprecated.
    pub deprecation: Deprecation,
    /// How the framework's plan helpers treat it.
    pub plan: PlanBehaviour,
}

impl Attribute {
    /// An attribute of value type `ty` set by `kind`.
    pub fn new(kind: AttributeKind, ty: Type) -> Attribute {
        Attribute {
            ty: AttributeType::Value(ty),
            kind,
            description: Description::None,
            sensitive: false,
            deprecation: Deprecation::Current,
            plan: PlanBehaviour::default(),
        }
    }

    /// A required attribute of type `ty`.
    pub fn required(ty: Type) -> Attribute {
        Attribute::new(AttributeKind::Required, ty)
    }

    /// An optional attribute of type `ty`.
    pub fn optional(ty: Type) -> Attribute {
        Attribute::new(AttributeKind::Optional, ty)
    }

    /// A computed attribute of type `ty`.
    pub fn computed(ty: Type) -> Attribute {
        Attribute::new(AttributeKind::Computed, ty)
    }

    /// An optional and computed attribute of type `ty`.
    pub fn optional_computed(ty: Type) -> Attribute {
        Attribute::new(AttributeKind::OptionalComputed, ty)
    }

    /// A nested-attribute object (or collection of them) set by `kind`.
    pub fn nested(
        kind: AttributeKind,
        nesting: ObjectNesting,
        attributes: impl IntoIterator<Item = (&'static str, Attribute)>,
    ) -> Attribute {
        let attributes = attributes
            .into_iter()
            .map(|(name, a)| (name.to_owned(), a))
            .collect();
        Attribute {
            ty: AttributeType::Nested(NestedAttributes {
                nesting,
                attributes,
            }),
            ..Attribute::new(kind, Type::Dynamic)
        }
    }

    /// With a plain-text description.
    pub fn description(mut self, text: impl Into<String>) -> Attribute {
        self.description = Description::Plain(text.into());
        self
    }

    /// With a Markdown description.
    pub fn markdown_description(mut self, text: impl Into<String>) -> Attribute {
        self.description = Description::Markdown(text.into());
        self
    }

    /// Marked sensitive.
    pub fn sensitive(mut self) -> Attribute {
        self.sensitive = true;
        self
    }

    /// Marked deprecated, optionally saying what to use instead.
    pub fn deprecated(mut self, message: Option<&str>) -> Attribute {
        self.deprecation = Deprecation::Deprecated(message.map(str::to_owned));
        self
    }

    /// A change replaces the object.
    pub fn requires_replace(mut self) -> Attribute {
        self.plan.requires_replace = true;
        self
    }

    /// A computed value that stays as it is on update (see [`PlanBehaviour`]).
    pub fn use_prior_state(mut self) -> Attribute {
        self.plan.use_prior_state = true;
        self
    }

    /// The type of the attribute's values.
    pub fn value_type(&self) -> Type {
        match &self.ty {
            AttributeType::Value(ty) => ty.clone(),
            AttributeType::Nested(nested) => nested.value_type(),
        }
    }

    fn check(&self, path: &str, in_set: bool, faults: &mut Vec<String>) {
        match &self.ty {
            AttributeType::Value(ty) => {
                if in_set && contains_dynamic(ty) {
                    faults.push(format!(
                        "attribute {path}: a dynamic type is not allowed inside a set"
                    ));
                }
            }
            AttributeType::Nested(nested) => {
                let in_set = in_set || nested.nesting == ObjectNesting::Set;
                if nested.attributes.is_empty() {
                    faults.push(format!("attribute {path}: nested attributes are empty"));
                }
                for (name, attribute) in &nested.attributes {
                    let child = format!("{path}.{name}");
                    check_name("attribute", &child, name, faults);
                    attribute.check(&child, in_set, faults);
                }
            }
        }
    }

    fn to_proto(&self, name: &str) -> pb::schema::Attribute {
        let (deprecated, description, description_kind) =
            self.deprecation.to_proto(&self.description);
        let (required, optional, computed) = self.kind.flags();
        let (r#type, nested_type) = match &self.ty {
            AttributeType::Value(ty) => (ty.to_json().into_bytes(), None),
            AttributeType::Nested(nested) => (Vec::new(), Some(nested.to_proto())),
        };
        pb::schema::Attribute {
            name: name.to_owned(),
            r#type,
            nested_type,
            description,
            required,
            optional,
            computed,
            sensitive: self.sensitive,
            description_kind,
            deprecated,
            write_only: false,
        }
    }
}

impl NestedAttributes {
    /// The type of the attribute's values: an object, or a collection of objects.
    pub fn value_type(&self) -> Type {
        let object = Type::Object(
            self.attributes
                .iter()
                .map(|(name, a)| (name.clone(), a.value_type()))
                .collect(),
        );
        match self.nesting {
            ObjectNesting::Single => object,
            ObjectNesting::List => Type::list(object),
            ObjectNesting::Set => Type::set(object),
            ObjectNesting::Map => Type::map(object),
        }
    }

    fn to_proto(&self) -> pb::schema::Object {
        pb::schema::Object {
            attributes: self
                .attributes
                .iter()
                .map(|(name, a)| a.to_proto(name))
                .collect(),
            nesting: self.nesting.to_proto(),
            ..Default::default()
        }
    }
}

fn contains_dynamic(ty: &Type) -> bool {
    match ty {
        Type::Dynamic => true,
        Type::List(e) | Type::Set(e) | Type::Map(e) => contains_dynamic(e),
        Type::Tuple(items) => items.iter().any(contains_dynamic),
        Type::Object(attrs) | Type::ObjectWithOptional { attrs, .. } => {
            attrs.values().any(contains_dynamic)
        }
        Type::Bool | Type::Number | Type::String => false,
    }
}

/// How a nested block repeats, with only the bounds each mode allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockNesting {
    /// At most one block; `required` makes it exactly one.
    Single {
        /// The configuration must write the block.
        required: bool,
    },
    /// Exactly one block, whose attributes take their defaults when it is not written.
    Group,
    /// An ordered list of blocks.
    List {
        /// Fewest blocks.
        min: u32,
        /// Most blocks; `None` for no limit.
        max: Option<u32>,
    },
    /// A set of blocks.
    Set {
        /// Fewest blocks.
        min: u32,
        /// Most blocks; `None` for no limit.
        max: Option<u32>,
    },
    /// Blocks with one label each, as a map by label.
    Map,
}

impl BlockNesting {
    /// (mode, min_items, max_items) as the protocol spells them (0 = no limit).
    fn to_proto(self) -> (i32, i64, i64) {
        use pb::schema::nested_block::NestingMode as M;
        let bounded = |mode: M, min: u32, max: Option<u32>| {
            (mode as i32, i64::from(min), max.map_or(0, i64::from))
        };
        match self {
            BlockNesting::Single { required } => {
                let n = i64::from(required);
                (M::Single as i32, n, n)
            }
            BlockNesting::Group => (M::Group as i32, 0, 0),
            BlockNesting::List { min, max } => bounded(M::List, min, max),
            BlockNesting::Set { min, max } => bounded(M::Set, min, max),
            BlockNesting::Map => (M::Map as i32, 0, 0),
        }
    }
}

/// A nested block type: how it repeats and what each block holds.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedBlock {
    /// Repetition and bounds.
    pub nesting: BlockNesting,
    /// The block's contents.
    pub block: Block,
}

/// A block: attributes and nested block types, by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    /// Attributes by name.
    pub attributes: BTreeMap<String, Attribute>,
    /// Nested block types by name.
    pub blocks: BTreeMap<String, NestedBlock>,
    /// Documentation.
    pub description: Description,
    /// Whether the block is deprecated.
    pub deprecation: Deprecation,
}

impl Block {
    /// An empty block.
    pub fn new() -> Block {
        Block::default()
    }

    /// With attribute `name` (a second attribute of the same name replaces the first).
    pub fn attribute(mut self, name: &str, attribute: Attribute) -> Block {
        self.attributes.insert(name.to_owned(), attribute);
        self
    }

    /// With nested block type `name`.
    pub fn block(mut self, name: &str, nesting: BlockNesting, block: Block) -> Block {
        self.blocks
            .insert(name.to_owned(), NestedBlock { nesting, block });
        self
    }

    /// With a plain-text description.
    pub fn description(mut self, text: impl Into<String>) -> Block {
        self.description = Description::Plain(text.into());
        self
    }

    /// With a Markdown description.
    pub fn markdown_description(mut self, text: impl Into<String>) -> Block {
        self.description = Description::Markdown(text.into());
        self
    }

    /// Marked deprecated, optionally saying what to use instead.
    pub fn deprecated(mut self, message: Option<&str>) -> Block {
        self.deprecation = Deprecation::Deprecated(message.map(str::to_owned));
        self
    }

    /// The object type of this block's values: one attribute per attribute and per nested
    /// block type.
    pub fn value_type(&self) -> Type {
        let mut attrs: BTreeMap<String, Type> = self
            .attributes
            .iter()
            .map(|(name, a)| (name.clone(), a.value_type()))
            .collect();
        for (name, nested) in &self.blocks {
            let inner = nested.block.value_type();
            let ty = match nested.nesting {
                BlockNesting::Single { .. } | BlockNesting::Group => inner,
                BlockNesting::List { .. } => Type::list(inner),
                BlockNesting::Set { .. } => Type::set(inner),
                BlockNesting::Map => Type::map(inner),
            };
            attrs.insert(name.clone(), ty);
        }
        Type::Object(attrs)
    }

    /// Looks up an attribute by name.
    pub fn get(&self, name: &str) -> Option<&Attribute> {
        self.attributes.get(name)
    }

    fn check(&self, path: &str, faults: &mut Vec<String>) {
        self.check_in(path, false, faults);
    }

    fn check_in(&self, path: &str, in_set: bool, faults: &mut Vec<String>) {
        let join = |name: &str| {
            if path.is_empty() {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            }
        };
        for (name, attribute) in &self.attributes {
            let child = join(name);
            check_name("attribute", &child, name, faults);
            attribute.check(&child, in_set, faults);
        }
        for (name, nested) in &self.blocks {
            let child = join(name);
            check_name("block", &child, name, faults);
            if self.attributes.contains_key(name) {
                faults.push(format!(
                    "block {child}: the name is already used by an attribute"
                ));
            }
            if let BlockNesting::List {
                min,
                max: Some(max),
            }
            | BlockNesting::Set {
                min,
                max: Some(max),
            } = nested.nesting
            {
                if min > max {
                    faults.push(format!(
                        "block {child}: at least {min} but at most {max} blocks"
                    ));
                }
                if max == 0 {
                    faults.push(format!(
                        "block {child}: a maximum of 0 blocks; use None for no limit"
                    ));
                }
            }
            let in_set = in_set || matches!(nested.nesting, BlockNesting::Set { .. });
            nested.block.check_in(&child, in_set, faults);
        }
    }

    fn to_proto(&self, version: i64) -> pb::schema::Block {
        let (deprecated, description, description_kind) =
            self.deprecation.to_proto(&self.description);
        pb::schema::Block {
            version,
            attributes: self
                .attributes
                .iter()
                .map(|(name, a)| a.to_proto(name))
                .collect(),
            block_types: self
                .blocks
                .iter()
                .map(|(name, nested)| {
                    let (nesting, min_items, max_items) = nested.nesting.to_proto();
                    pb::schema::NestedBlock {
                        type_name: name.clone(),
                        block: Some(nested.block.to_proto(version)),
                        nesting,
                        min_items,
                        max_items,
                    }
                })
                .collect(),
            description,
            description_kind,
            deprecated,
        }
    }
}

fn check_name(what: &str, path: &str, name: &str, faults: &mut Vec<String>) {
    if !is_valid_name(name) {
        faults.push(format!("{what} {path:?}: the name must match ^[a-z0-9_]+$"));
    }
}

#[cfg(test)]
mod tests;
