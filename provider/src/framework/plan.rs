//! Plan helpers: the provider side of Terraform's plan/apply contract.
//!
//! Terraform checks what a provider plans and applies (`internal/plans/objchange`) and fails
//! the run with "Provider produced invalid plan" or "inconsistent result after apply" when a
//! rule is broken. The helpers here produce plans that keep those rules, and check results
//! before Terraform does, so a resource's bug is reported with its attribute path:
//!
//! - create: computed attributes the configuration leaves null are planned unknown, never
//!   echoed from `proposed_new_state` (where they are null) — [`plan`];
//! - update with changes: computed attributes are unknown unless marked
//!   [`Attribute::use_prior_state`](super::schema::Attribute::use_prior_state); without
//!   changes the prior state is the plan, so a second plan shows no diff — [`plan`];
//! - `requires_replace` attributes that change are reported — [`plan`];
//! - destroy: the plan is null, private bytes are kept — [`plan`];
//! - values known in an earlier plan come back identical in the later plan and after apply,
//!   and apply leaves nothing unknown — [`inconsistencies`], [`unknown_paths`];
//! - import returns just the identifying attribute, and Terraform reads the rest —
//!   [`import_state`].
//!
//! Set elements cannot be matched between config, prior and plan (they have no key), so
//! computed attributes inside set-nested attributes or blocks are left as proposed.

use std::collections::BTreeMap;

use super::provider::{PlanRequest, PlanResponse};
use super::schema::{Attribute, AttributeType, Block, BlockNesting, ObjectNesting, Schema};
use crate::value::{AttributePath, Value};

/// The default plan of a resource (see the module docs for the rules).
pub fn plan(schema: &Schema, request: PlanRequest) -> PlanResponse {
    let PlanRequest {
        prior_state,
        proposed_new_state,
        config,
        prior_private,
    } = request;
    if proposed_new_state.is_null() {
        return PlanResponse {
            planned_state: Value::Null,
            requires_replace: Vec::new(),
            planned_private: prior_private,
        };
    }
    let creating = prior_state.is_null();
    let mut planned = proposed_new_state;
    if creating || !same(&prior_state, &planned) {
        mark_block(&schema.block, &mut planned, &config, creating);
    }
    let requires_replace = if creating {
        Vec::new()
    } else {
        replace_paths(
            &schema.block,
            &prior_state,
            &planned,
            &AttributePath::root(),
        )
    };
    PlanResponse {
        planned_state: planned,
        requires_replace,
        planned_private: prior_private,
    }
}

/// `config` with every computed attribute the configuration leaves null set to unknown:
/// what a data source answers when its configuration is not yet known.
pub fn unknown_computed(block: &Block, config: &Value) -> Value {
    if !config.is_known() {
        return Value::unknown();
    }
    let mut value = config.clone();
    mark_block(block, &mut value, config, true);
    value
}

/// An object of `block`'s shape with every attribute null except `attribute`, set to `id`:
/// the state an import returns for Terraform to read.
pub fn import_state(block: &Block, attribute: &str, id: &str) -> Value {
    let mut attrs: BTreeMap<String, Value> = block
        .attributes
        .keys()
        .chain(block.blocks.keys())
        .map(|name| (name.clone(), Value::Null))
        .collect();
    attrs.insert(attribute.to_owned(), Value::string(id));
    Value::Object(attrs)
}

fn mark_block(block: &Block, planned: &mut Value, config: &Value, creating: bool) {
    let Value::Object(values) = planned else {
        return;
    };
    mark_attributes(&block.attributes, values, config, creating);
    for (name, nested) in &block.blocks {
        let (Some(value), Some(config)) = (values.get_mut(name), config.get_attr(name)) else {
            continue;
        };
        match nested.nesting {
            BlockNesting::Single { .. } | BlockNesting::Group => {
                mark_block(&nested.block, value, config, creating);
            }
            BlockNesting::List { .. } => {
                for (item, config) in list_pairs(value, config) {
                    mark_block(&nested.block, item, config, creating);
                }
            }
            BlockNesting::Map => {
                for (item, config) in map_pairs(value, config) {
                    mark_block(&nested.block, item, config, creating);
                }
            }
            BlockNesting::Set { .. } => {}
        }
    }
}

fn mark_attributes(
    attributes: &BTreeMap<String, Attribute>,
    values: &mut BTreeMap<String, Value>,
    config: &Value,
    creating: bool,
) {
    for (name, attribute) in attributes {
        let Some(value) = values.get_mut(name) else {
            continue;
        };
        let config = config.get_attr(name).unwrap_or(&Value::Null);
        if attribute.kind.is_computed() && config.is_null() {
            let keep = !creating && attribute.plan.use_prior_state && !value.is_null();
            if !keep {
                *value = Value::unknown();
            }
        } else if let AttributeType::Nested(nested) = &attribute.ty {
            let mark = |item: &mut Value, config: &Value| {
                if let Value::Object(values) = item {
                    mark_attributes(&nested.attributes, values, config, creating);
                }
            };
            match nested.nesting {
                ObjectNesting::Single => mark(value, config),
                ObjectNesting::List => list_pairs(value, config).for_each(|(v, c)| mark(v, c)),
                ObjectNesting::Map => map_pairs(value, config).for_each(|(v, c)| mark(v, c)),
                ObjectNesting::Set => {}
            }
        }
    }
}

/// Elements of a planned list with the config element at the same index.
fn list_pairs<'a>(
    value: &'a mut Value,
    config: &'a Value,
) -> impl Iterator<Item = (&'a mut Value, &'a Value)> {
    let items = match value {
        Value::List(items) => items.as_mut_slice(),
        _ => &mut [],
    };
    let configs = match config {
        Value::List(items) => items.as_slice(),
        _ => &[],
    };
    items.iter_mut().zip(configs)
}

/// Entries of a planned map with the config entry of the same key.
fn map_pairs<'a>(
    value: &'a mut Value,
    config: &'a Value,
) -> impl Iterator<Item = (&'a mut Value, &'a Value)> {
    let config = match config {
        Value::Map(entries) => Some(entries),
        _ => None,
    };
    let items: Vec<(&'a mut Value, &'a Value)> = match value {
        Value::Map(entries) => entries
            .iter_mut()
            .filter_map(|(key, item)| Some((item, config?.get(key)?)))
            .collect(),
        _ => Vec::new(),
    };
    items.into_iter()
}

/// Paths of `requires_replace` attributes (top level, and inside single nested attributes
/// and blocks) whose planned value differs from the prior one.
fn replace_paths(
    block: &Block,
    prior: &Value,
    planned: &Value,
    path: &AttributePath,
) -> Vec<AttributePath> {
    let mut paths = Vec::new();
    for (name, attribute) in &block.attributes {
        let prior = prior.get_attr(name).unwrap_or(&Value::Null);
        let planned = planned.get_attr(name).unwrap_or(&Value::Null);
        if attribute.plan.requires_replace && !same(prior, planned) {
            paths.push(path.attr(name));
        } else if let AttributeType::Nested(nested) = &attribute.ty {
            if nested.nesting == ObjectNesting::Single {
                let inner = Block {
                    attributes: nested.attributes.clone(),
                    ..Block::default()
                };
                paths.extend(replace_paths(&inner, prior, planned, &path.attr(name)));
            }
        }
    }
    for (name, nested) in &block.blocks {
        if matches!(
            nested.nesting,
            BlockNesting::Single { .. } | BlockNesting::Group
        ) {
            let prior = prior.get_attr(name).unwrap_or(&Value::Null);
            let planned = planned.get_attr(name).unwrap_or(&Value::Null);
            paths.extend(replace_paths(
                &nested.block,
                prior,
                planned,
                &path.attr(name),
            ));
        }
    }
    paths
}

/// Whether two values are the same known value (sets compared without order; an unknown is
/// never the same as anything).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => false,
        (Value::Set(x), Value::Set(y)) => {
            x.len() == y.len()
                && x.iter().all(|e| y.iter().any(|f| same(e, f)))
                && y.iter().all(|f| x.iter().any(|e| same(e, f)))
        }
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(e, f)| same(e, f))
        }
        (Value::Map(x), Value::Map(y)) | (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, e), (l, f))| k == l && same(e, f))
        }
        (Value::Dynamic(s, x), Value::Dynamic(t, y)) => s == t && same(x, y),
        _ => a == b,
    }
}

/// Where `later` breaks a promise made by `earlier`: every value known in `earlier` must be
/// identical in `later` (Terraform's rule between the first and the final plan, and between
/// the plan and the applied state). Each entry is a path and what differs.
pub fn inconsistencies(earlier: &Value, later: &Value) -> Vec<(AttributePath, String)> {
    let mut found = Vec::new();
    collect_inconsistencies(earlier, later, &AttributePath::root(), &mut found);
    found
}

fn collect_inconsistencies(
    earlier: &Value,
    later: &Value,
    path: &AttributePath,
    found: &mut Vec<(AttributePath, String)>,
) {
    match (earlier, later) {
        (Value::Unknown(_), _) => {}
        (Value::Object(x), Value::Object(y)) => {
            for (name, e) in x {
                let l = y.get(name).unwrap_or(&Value::Null);
                collect_inconsistencies(e, l, &path.attr(name), found);
            }
        }
        (Value::Map(x), Value::Map(y)) if x.len() == y.len() => {
            for (key, e) in x {
                match y.get(key) {
                    Some(l) => collect_inconsistencies(e, l, &path.key(key), found),
                    None => found.push((path.clone(), "map keys changed".to_owned())),
                }
            }
        }
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y))
            if x.len() == y.len() =>
        {
            for (i, (e, l)) in x.iter().zip(y).enumerate() {
                let index = i64::try_from(i).unwrap_or(i64::MAX);
                collect_inconsistencies(e, l, &path.index(index), found);
            }
        }
        (Value::Set(_), Value::Set(_)) if !earlier.is_wholly_known() => {
            // Elements with unknowns cannot be matched; Terraform compares counts only.
        }
        _ if same(earlier, later) => {}
        _ => found.push((
            path.clone(),
            format!("was {}, but now {}", describe(earlier), describe(later)),
        )),
    }
}

/// Paths of the unknown values in `value` (none may remain after apply, read or upgrade).
pub fn unknown_paths(value: &Value) -> Vec<AttributePath> {
    let mut found = Vec::new();
    collect_unknowns(value, &AttributePath::root(), &mut found);
    found
}

fn collect_unknowns(value: &Value, path: &AttributePath, found: &mut Vec<AttributePath>) {
    match value {
        Value::Unknown(_) => found.push(path.clone()),
        Value::Object(attrs) => {
            for (name, v) in attrs {
                collect_unknowns(v, &path.attr(name), found);
            }
        }
        Value::Map(entries) => {
            for (key, v) in entries {
                collect_unknowns(v, &path.key(key), found);
            }
        }
        Value::List(items) | Value::Tuple(items) => {
            for (i, v) in items.iter().enumerate() {
                let index = i64::try_from(i).unwrap_or(i64::MAX);
                collect_unknowns(v, &path.index(index), found);
            }
        }
        // A set element has no path of its own: the set is where the fault is.
        Value::Set(items) if !items.iter().all(Value::is_wholly_known) => {
            found.push(path.clone());
        }
        Value::Dynamic(_, inner) => collect_unknowns(inner, path, found),
        _ => {}
    }
}

/// A short description of a value for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Unknown(_) => "unknown".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() <= 40 => format!("{s:?}"),
        Value::String(_) => "a different string".to_owned(),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            format!("a collection of {} elements", items.len())
        }
        Value::Map(entries) => format!("a map of {} elements", entries.len()),
        Value::Object(_) => "an object".to_owned(),
        Value::Dynamic(_, inner) => describe(inner),
    }
}

#[cfg(test)]
mod tests;
