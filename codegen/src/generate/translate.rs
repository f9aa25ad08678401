//! Definition placeholders to HCL expressions: each `${…}` becomes the expression that yields
//! its value when Terraform applies, never a value pasted at generate time (except the facts
//! that cannot change: a resource's id, type, class and guresid).
//!
//! | placeholder | expression |
//! | --- | --- |
//! | `${context.app.id}` (`env.id`, `env.type`, `org.id`) | `local.context.app_id` … |
//! | `${values.region}` | `local.context.values.region` |
//! | `${context.res.id}` (`type`, `class`, `guresid`), `${resources.x.guresid}` | a string |
//! | `${resources.dns.outputs.host}` | `module.dns_web_dns.host` (`local.NAME.host` for echo) |
//! | `${resources.dns.outputs}` | `module.dns_web_dns` |
//! | `${resources.workload>aws-policy.outputs.arn}` | `[module.a.arn, module.b.arn]` |
//!
//! A string that is exactly one placeholder keeps the value's type (a bare expression); a
//! string with text around placeholders becomes a template, `"${module.db.host}:5432"`, where
//! lists and whole output objects go through `jsonencode` as Humanitec writes them as JSON.

use super::hcl::{self, Piece};
use super::{Gen, NodeKind};
use ::hcl::expr::Expression;
use score_core::definitions::expr::{self, Access, ContextKey, Expr, Part, Placeholder};
use score_core::definitions::{Driver, Target};
use score_core::yaml::{Node, Value};
use score_core::{Data, Diagnostic, DocPath};

/// Where a value is translated: in the definition of graph node `node`, or in the project's
/// provider configuration (no resources there).
#[derive(Clone, Copy, Debug)]
pub enum Site {
    /// A definition of this graph node.
    Node(usize),
    /// `providers` / `backend` of the environment.
    Project,
}

impl Gen<'_> {
    /// A YAML value of a definition (or the project file) as an HCL expression: mappings
    /// become objects, sequences tuples, strings literals or placeholders' expressions.
    pub(super) fn value(&mut self, site: Site, node: &Node, path: &DocPath) -> Expression {
        match &node.value {
            Value::Null => Expression::Null,
            Value::Bool(b) => Expression::Bool(*b),
            Value::Int(i) => Expression::from(*i),
            Value::Float(f) => hcl::from_data(&Data::Float(*f)),
            Value::Str(s) => self.string(site, node, s, path),
            Value::Seq(items) => Expression::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.value(site, n, &path.index(i)))
                    .collect(),
            ),
            Value::Map(entries) => hcl::object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), self.value(site, v, &path.key(&k.name))))
                    .collect(),
            ),
        }
    }

    /// One string: a literal, a placeholder's expression, or a template.
    fn string(&mut self, site: Site, node: &Node, text: &str, path: &DocPath) -> Expression {
        let template = match expr::parse(text) {
            Ok(t) => t,
            Err(e) => {
                let span = node.span_at(e.offset, u32::try_from(e.len).unwrap_or(u32::MAX));
                self.diags.push(Diagnostic::error(span, path, e.message));
                return Expression::Null;
            }
        };
        if let [Part::Expr(p)] = template.parts.as_slice() {
            return self.placeholder(site, node, p, path);
        }
        if template.is_literal() {
            return hcl::quoted(&literal_text(&template.parts));
        }
        let mut pieces = Vec::new();
        for part in &template.parts {
            match part {
                Part::Literal(l) => pieces.push(Piece::Text(l.clone())),
                Part::Expr(p) => {
                    if let Some(fact) = self.fact(site, &p.expr) {
                        pieces.push(Piece::Text(fact));
                        continue;
                    }
                    let e = self.placeholder(site, node, p, path);
                    let e = if yields_structure(&p.expr) {
                        hcl::call("jsonencode", vec![e])
                    } else {
                        e
                    };
                    pieces.push(Piece::Interpolate(e));
                }
            }
        }
        hcl::template(&pieces)
    }

    /// The expression of one placeholder; a problem is a diagnostic at the placeholder and
    /// `null` in its place (nothing is written when there is any error).
    pub(super) fn placeholder(
        &mut self,
        site: Site,
        node: &Node,
        p: &Placeholder,
        path: &DocPath,
    ) -> Expression {
        match self.placeholder_expr(site, &p.expr) {
            Ok(e) => e,
            Err((message, help)) => {
                let span = node.span_at(p.offset, u32::try_from(p.len).unwrap_or(u32::MAX));
                let mut d = Diagnostic::error(span, path, message);
                d.help = help;
                self.diags.push(d);
                Expression::Null
            }
        }
    }

    fn placeholder_expr(
        &mut self,
        site: Site,
        e: &Expr,
    ) -> Result<Expression, (String, Option<String>)> {
        match e {
            Expr::Context(k) => self.context_expr(site, *k),
            Expr::Values(keys) => self.values_expr(keys),
            Expr::Resource { target, access } => {
                let Site::Node(i) = site else {
                    return Err(no_resources_here());
                };
                let j = self.target(i, target)?;
                self.access(j, access)
            }
            Expr::Select {
                base,
                direction,
                kind,
                class,
                access,
            } => {
                let Site::Node(i) = site else {
                    return Err(no_resources_here());
                };
                let picked = self
                    .graph
                    .select(i, base, *direction, kind, class.as_deref());
                let mut items = Vec::new();
                for j in picked {
                    items.push(self.access(j, access)?);
                }
                Ok(Expression::Array(items))
            }
        }
    }

    /// The text of a placeholder whose value is a fact fixed now (a resource's id, type,
    /// class, guresid), so that a template holds it as text.
    fn fact(&self, site: Site, e: &Expr) -> Option<String> {
        let Site::Node(i) = site else { return None };
        let key = &self.graph.nodes[i].key;
        match e {
            Expr::Context(ContextKey::ResId) => Some(key.res_id.clone()),
            Expr::Context(ContextKey::ResType) => Some(key.kind.clone()),
            Expr::Context(ContextKey::ResClass) => Some(key.class.clone()),
            Expr::Context(ContextKey::ResGuresid) => Some(key.guresid(self.inputs.context)),
            Expr::Resource {
                target,
                access: Access::Guresid,
            } => {
                let j = self.target(i, target).ok()?;
                Some(self.graph.nodes[j].key.guresid(self.inputs.context))
            }
            _ => None,
        }
    }

    fn context_expr(
        &self,
        site: Site,
        k: ContextKey,
    ) -> Result<Expression, (String, Option<String>)> {
        let field = match k {
            ContextKey::AppId => "app_id",
            ContextKey::EnvId => "env_id",
            ContextKey::EnvType => "env_type",
            ContextKey::OrgId => "org_id",
            ContextKey::ResId
            | ContextKey::ResType
            | ContextKey::ResClass
            | ContextKey::ResGuresid => {
                let Site::Node(i) = site else {
                    return Err((
                        format!("'${{{}}}' names a resource, and there is none here", k.path()),
                        Some("use ${context.app.id}, ${context.env.id}, ${context.env.type}, ${context.org.id} or ${values.KEY}".to_owned()),
                    ));
                };
                let key = &self.graph.nodes[i].key;
                let text = match k {
                    ContextKey::ResId => key.res_id.clone(),
                    ContextKey::ResType => key.kind.clone(),
                    ContextKey::ResClass => key.class.clone(),
                    _ => key.guresid(self.inputs.context),
                };
                return Ok(hcl::quoted(&text));
            }
        };
        Ok(hcl::traversal("local", &["context", field]))
    }

    fn values_expr(&self, keys: &[String]) -> Result<Expression, (String, Option<String>)> {
        let values = &self.inputs.context.values;
        let mut at: Option<&Data> = None;
        let mut expr = hcl::traversal("local", &["context", "values"]);
        for (n, k) in keys.iter().enumerate() {
            let found = match at {
                None => values.get(k),
                Some(d @ Data::Map(_)) => d.get(k),
                Some(Data::Seq(items)) => k.parse::<usize>().ok().and_then(|i| items.get(i)),
                Some(_) => None,
            };
            let Some(found) = found else {
                let shown = keys[..=n].join(".");
                let known: Vec<&str> = values.keys().map(String::as_str).collect();
                let help = if n == 0 {
                    format!(
                        "add '{k}' to the environment's values in score2hcl.yaml{}",
                        if known.is_empty() {
                            String::new()
                        } else {
                            format!(" (it has: {})", known.join(", "))
                        }
                    )
                } else {
                    "check the value's structure in score2hcl.yaml".to_owned()
                };
                return Err((
                    format!("the environment has no value '{shown}'"),
                    Some(help),
                ));
            };
            at = Some(found);
            expr = hcl::get(expr, k);
        }
        Ok(expr)
    }

    /// The graph node a reference in node `i`'s definition names.
    fn target(&self, i: usize, target: &Target) -> Result<usize, (String, Option<String>)> {
        let key = target.inherit(&self.graph.nodes[i].key);
        self.index
            .get(&key)
            .copied()
            .ok_or_else(|| (format!("resource {key} is not in the graph"), None))
    }

    /// `.outputs[.KEY…]`, `.guresid` or `.account` of node `j`.
    fn access(
        &mut self,
        j: usize,
        access: &Access,
    ) -> Result<Expression, (String, Option<String>)> {
        match access {
            Access::Guresid => Ok(hcl::quoted(
                &self.graph.nodes[j].key.guresid(self.inputs.context),
            )),
            Access::Account => self.account(j),
            Access::Outputs(keys) => self.outputs(j, keys),
        }
    }

    fn account(&self, j: usize) -> Result<Expression, (String, Option<String>)> {
        let key = &self.graph.nodes[j].key;
        let account = self.graph.nodes[j]
            .definition
            .and_then(|d| self.inputs.definitions[d].driver_account.as_ref());
        match account.and_then(Node::as_str) {
            Some(a) if expr::parse(a).is_ok_and(|t| t.is_literal()) => Ok(hcl::quoted(a)),
            Some(_) => Err((
                format!("the driver_account of {key} is itself a placeholder"),
                Some("write the account id in the definition".to_owned()),
            )),
            None => Err((format!("{key} has no driver_account"), None)),
        }
    }

    /// An output of node `j` (all of them when `keys` is empty), checked against what the
    /// resource can produce.
    fn outputs(
        &mut self,
        j: usize,
        keys: &[String],
    ) -> Result<Expression, (String, Option<String>)> {
        let key = self.graph.nodes[j].key.clone();
        if let Some(first) = keys.first() {
            self.check_output(j, first)?;
        }
        let base = match self.kind(j) {
            NodeKind::Env => {
                return Err((
                    format!(
                        "{key} has no definition: its values are variables of the root module, for Score files"
                    ),
                    Some("read environment settings in definitions with ${values.KEY}".to_owned()),
                ));
            }
            NodeKind::Workload => {
                return Err((
                    format!("{key} has no definition, so no outputs"),
                    Some(
                        "add a 'workload' definition whose module outputs what you need".to_owned(),
                    ),
                ));
            }
            NodeKind::Module | NodeKind::Local if !self.emitted(j) => {
                return Err((
                    format!("{key} is left out by --no-workloads"),
                    Some(
                        "generate with the workloads, or do not read the workload's outputs"
                            .to_owned(),
                    ),
                ));
            }
            NodeKind::Module => hcl::traversal("module", &[&self.names[j]]),
            NodeKind::Local => hcl::traversal("local", &[&self.names[j]]),
        };
        Ok(keys.iter().fold(base, |e, k| hcl::get(e, k)))
    }

    /// Whether node `j` can have output `name`: an echo definition has exactly the outputs it
    /// lists; other resources those of their type, unless the type is open or unknown.
    pub(super) fn check_output(
        &self,
        j: usize,
        name: &str,
    ) -> Result<(), (String, Option<String>)> {
        let node = &self.graph.nodes[j];
        if let Some(d) = node.definition {
            let def = &self.inputs.definitions[d];
            if def.driver == Driver::Echo {
                let listed: Vec<&str> = [&def.values, &def.secrets, &def.secret_refs]
                    .into_iter()
                    .flatten()
                    .filter_map(Node::as_map)
                    .flat_map(|m| m.iter().map(|(k, _)| k.name.as_str()))
                    .collect();
                if listed.contains(&name) {
                    return Ok(());
                }
                return Err((
                    format!("{} has no output '{name}'", node.key),
                    Some(format!(
                        "echo definition '{}' gives: {}",
                        def.id.text,
                        listed.join(", ")
                    )),
                ));
            }
        }
        let Some(ty) = self.inputs.catalog.get(&node.key.kind) else {
            return Ok(());
        };
        if ty.open || ty.outputs.contains_key(name) {
            return Ok(());
        }
        let declared: Vec<&str> = ty.outputs.keys().map(String::as_str).collect();
        Err((
            format!("resource type '{}' has no output '{name}'", ty.name),
            Some(if declared.is_empty() {
                format!("'{}' declares no outputs", ty.name)
            } else {
                format!("'{}' declares: {}", ty.name, declared.join(", "))
            }),
        ))
    }
}

fn no_resources_here() -> (String, Option<String>) {
    (
        "provider and backend settings cannot read resources".to_owned(),
        Some("use ${context.…} or ${values.KEY}".to_owned()),
    )
}

/// Whether a placeholder yields a list or an object (written as JSON inside a string).
fn yields_structure(e: &Expr) -> bool {
    match e {
        Expr::Select { .. } => true,
        Expr::Resource {
            access: Access::Outputs(keys),
            ..
        } => keys.is_empty(),
        _ => false,
    }
}

fn literal_text(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Literal(l) => l.as_str(),
            Part::Expr(_) => "",
        })
        .collect()
}

/// The value of a string that may only hold `${context…}` / `${values…}` placeholders, known
/// now: for settings Terraform reads before anything is evaluated (a backend, a module
/// source). Errors are (message, help).
pub fn static_text(
    text: &str,
    ctx: &score_core::definitions::Context,
    res: Option<&score_core::definitions::ResourceKey>,
) -> Result<String, (usize, usize, String)> {
    let template = expr::parse(text).map_err(|e| (e.offset, e.len, e.message))?;
    let mut out = String::new();
    for part in &template.parts {
        match part {
            Part::Literal(l) => out.push_str(l),
            Part::Expr(p) => {
                let fail = |m: String| (p.offset, p.len, m);
                let value = match &p.expr {
                    Expr::Context(k) => match (k, res) {
                        (ContextKey::AppId, _) => ctx.app_id.clone(),
                        (ContextKey::EnvId, _) => ctx.env_id.clone(),
                        (ContextKey::EnvType, _) => ctx.env_type.clone(),
                        (ContextKey::OrgId, _) => ctx.org_id.clone(),
                        (ContextKey::ResId, Some(r)) => r.res_id.clone(),
                        (ContextKey::ResType, Some(r)) => r.kind.clone(),
                        (ContextKey::ResClass, Some(r)) => r.class.clone(),
                        (ContextKey::ResGuresid, Some(r)) => r.guresid(ctx),
                        (k, None) => {
                            return Err(fail(format!(
                                "'${{{}}}' names a resource, and there is none here",
                                k.path()
                            )));
                        }
                    },
                    Expr::Values(keys) => {
                        let mut at: Option<&Data> = None;
                        for (n, k) in keys.iter().enumerate() {
                            at = if n == 0 {
                                ctx.values.get(k)
                            } else {
                                at.and_then(|d| d.get(k))
                            };
                        }
                        match at {
                            Some(d) => d.to_interpolated(),
                            None => {
                                return Err(fail(format!(
                                    "the environment has no value '{}'",
                                    keys.join(".")
                                )));
                            }
                        }
                    }
                    Expr::Resource { .. } | Expr::Select { .. } => {
                        return Err(fail(
                            "this setting is read before anything is provisioned, so it cannot use resource outputs"
                                .to_owned(),
                        ));
                    }
                };
                out.push_str(&value);
            }
        }
    }
    Ok(out)
}
