//! Between the attributes of `score_resource_definition` and the definition document.
//!
//! Both directions go through `score-core`'s plain [`Data`]: attributes become the canonical
//! `entity.humanitec.io/v1b1` document ([`document`]), which core's loader then checks, and a
//! loaded [`Definition`] becomes attributes ([`attributes`]) for import and the data source.
//! The two are inverse on what a configuration can say, which is what makes the plan after
//! an import empty: every default (`name` = `id`, criteria `class` = `default`, provision
//! flags `false`) is written out in both directions, and an absent part is null, never empty.
//!
//! Values at `dynamic` positions (`driver_inputs.values`, `secrets`, provision `params`)
//! take the types an HCL literal has: mappings are objects, sequences tuples. That is what
//! Terraform sends for `values = { source = { url = "…" } }`, so a file imported and the same
//! literal written in configuration compare equal.

use score_core::Data;
use score_core::definitions::{Definition, Provision};
use score_core::yaml::Node;

use crate::value::{Number, Value};

/// The API version of the documents this module writes.
pub const ENTITY_API: &str = "entity.humanitec.io/v1b1";

/// Criteria fields other than `class`, in the document's order.
pub const CRITERION_FIELDS: [&str; 4] = ["res_id", "app_id", "env_id", "env_type"];

/// A known Terraform value as plain data: objects and maps become mappings (keys sorted, as
/// Terraform holds them), lists, sets and tuples sequences. Unknowns, which callers exclude
/// beforehand, become null.
pub fn to_data(value: &Value) -> Data {
    match value {
        Value::Null | Value::Unknown(_) => Data::Null,
        Value::Bool(b) => Data::Bool(*b),
        Value::Number(n) => number_data(n),
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

fn number_data(n: &Number) -> Data {
    match n.to_i64() {
        Some(i) if n.is_integer() => Data::Int(i),
        _ => Data::Float(n.to_f64()),
    }
}

/// Plain data as the value an HCL literal of it would be: mappings are objects, sequences
/// tuples (so the value sits at a `dynamic` position with the type Terraform infers).
pub fn from_data(data: &Data) -> Value {
    match data {
        Data::Null => Value::Null,
        Data::Bool(b) => Value::Bool(*b),
        Data::Int(i) => Value::number(*i),
        // The shortest text that reads back as the float, so 0.1 stays 0.1.
        Data::Float(f) => f
            .to_string()
            .parse::<Number>()
            .map_or(Value::Null, Value::Number),
        Data::Str(s) => Value::string(s),
        Data::Seq(items) => Value::Tuple(items.iter().map(from_data).collect()),
        Data::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), from_data(v)))
                .collect(),
        ),
    }
}

/// The canonical document of a wholly known configuration or state of the resource.
pub fn document(attrs: &Value) -> Data {
    let text = |name: &str| attrs.get_attr(name).and_then(Value::as_str);
    let id = text("id").unwrap_or_default();
    let mut entity = vec![
        (
            "name".to_owned(),
            Data::Str(text("name").unwrap_or(id).to_owned()),
        ),
        ("type".to_owned(), string(text("type"))),
        ("driver_type".to_owned(), string(text("driver_type"))),
    ];
    if let Some(account) = text("driver_account") {
        entity.push(("driver_account".to_owned(), Data::Str(account.to_owned())));
    }
    let inputs = attrs.get_attr("driver_inputs").unwrap_or(&Value::Null);
    if !inputs.is_null() {
        let parts: Vec<(String, Data)> = ["values", "secrets"]
            .into_iter()
            .filter_map(|part| {
                let v = inputs.get_attr(part).filter(|v| !v.is_null())?;
                Some((part.to_owned(), to_data(v)))
            })
            .collect();
        entity.push(("driver_inputs".to_owned(), Data::Map(parts)));
    }
    if let Some(Value::List(provision)) = attrs.get_attr("provision") {
        let entries = provision
            .iter()
            .map(|p| {
                let key = p
                    .get_attr("resource")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                (key.to_owned(), provision_data(p))
            })
            .collect();
        entity.push(("provision".to_owned(), Data::Map(entries)));
    }
    if let Some(Value::List(criteria)) = attrs.get_attr("criteria") {
        let items = criteria.iter().map(criterion_data).collect();
        entity.push(("criteria".to_owned(), Data::Seq(items)));
    }
    Data::Map(vec![
        ("apiVersion".to_owned(), Data::Str(ENTITY_API.to_owned())),
        ("kind".to_owned(), Data::Str("Definition".to_owned())),
        (
            "metadata".to_owned(),
            Data::Map(vec![("id".to_owned(), Data::Str(id.to_owned()))]),
        ),
        ("entity".to_owned(), Data::Map(entity)),
    ])
}

fn string(text: Option<&str>) -> Data {
    text.map_or(Data::Null, |t| Data::Str(t.to_owned()))
}

fn provision_data(p: &Value) -> Data {
    let flag = |name: &str| Data::Bool(p.get_attr(name).and_then(Value::as_bool) == Some(true));
    let mut entries = vec![
        ("is_dependent".to_owned(), flag("is_dependent")),
        ("match_dependents".to_owned(), flag("match_dependents")),
    ];
    if let Some(params) = p.get_attr("params").filter(|v| !v.is_null()) {
        entries.push(("params".to_owned(), to_data(params)));
    }
    Data::Map(entries)
}

fn criterion_data(c: &Value) -> Data {
    let class = c
        .get_attr("class")
        .and_then(Value::as_str)
        .unwrap_or("default");
    let mut entries = vec![("class".to_owned(), Data::Str(class.to_owned()))];
    for field in CRITERION_FIELDS {
        if let Some(v) = c.get_attr(field).and_then(Value::as_str) {
            entries.push((field.to_owned(), Data::Str(v.to_owned())));
        }
    }
    Data::Map(entries)
}

/// The resource's attributes for a loaded definition, `document` included: what import
/// stores and what the data source lists. `Err` names what the resource cannot hold.
pub fn attributes(def: &Definition) -> Result<Value, String> {
    if def.secret_refs.is_some() {
        return Err(format!(
            "definition '{}' uses driver_inputs.secret_refs (references into a secret store), \
             which score_resource_definition does not hold; write the secrets under \
             driver_inputs.secrets instead",
            def.id.text
        ));
    }
    let account = match &def.driver_account {
        None => Value::Null,
        Some(node) => match node.as_str() {
            Some(text) => Value::string(text),
            None => {
                return Err(format!(
                    "definition '{}' has a driver_account that is not a string",
                    def.id.text
                ));
            }
        },
    };
    let dynamic = |node: &Option<Node>| {
        node.as_ref()
            .map_or(Value::Null, |n| from_data(&n.to_data()))
    };
    let inputs = if def.values.is_none() && def.secrets.is_none() {
        Value::Null
    } else {
        Value::object([
            ("values", dynamic(&def.values)),
            ("secrets", dynamic(&def.secrets)),
        ])
    };
    let provision = if def.provision.is_empty() {
        Value::Null
    } else {
        Value::List(def.provision.iter().map(provision_value).collect())
    };
    let criteria = if def.criteria.is_empty() {
        Value::Null
    } else {
        Value::List(def.criteria.iter().map(criterion_value).collect())
    };
    let mut attrs = Value::object([
        ("id", Value::string(&def.id.text)),
        ("name", Value::string(&def.name)),
        ("type", Value::string(&def.kind.text)),
        ("driver_type", Value::string(&def.driver_type.text)),
        ("driver_account", account),
        ("driver_inputs", inputs),
        ("provision", provision),
        ("criteria", criteria),
    ]);
    let text = document(&attrs).to_yaml();
    if let Value::Object(map) = &mut attrs {
        map.insert("document".to_owned(), Value::string(text));
    }
    Ok(attrs)
}

fn provision_value(p: &Provision) -> Value {
    Value::object([
        ("resource", Value::string(&p.key.text)),
        ("is_dependent", Value::Bool(p.is_dependent)),
        ("match_dependents", Value::Bool(p.match_dependents)),
        (
            "params",
            p.params
                .as_ref()
                .map_or(Value::Null, |n| from_data(&n.to_data())),
        ),
    ])
}

fn criterion_value(c: &score_core::definitions::Criterion) -> Value {
    let optional = |v: &Option<String>| v.as_ref().map_or(Value::Null, Value::string);
    Value::object([
        ("class", Value::string(&c.class)),
        ("res_id", optional(&c.res_id)),
        ("app_id", optional(&c.app_id)),
        ("env_id", optional(&c.env_id)),
        ("env_type", optional(&c.env_type)),
    ])
}
