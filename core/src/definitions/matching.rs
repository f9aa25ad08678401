//! Choosing the definition for a resource.
//!
//! Humanitec's rules: the type must be equal; the class must be equal, a criterion without
//! class meaning `default`; every other field a criterion sets must equal the context. Among
//! the criteria that match, the most specific wins, comparing which fields are set in the
//! order res_id, env_id, app_id, env_type (lexicographically: one criterion with `res_id`
//! beats any without). A definition without criteria never matches. Two definitions cannot
//! claim the same criteria ([`super::load::check_duplicates`]), so there are no ties; should
//! one slip through, the definition loaded first wins.

use crate::definitions::model::{Criterion, Definition};
use std::collections::HashMap;

/// What a resource asks for, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchRequest<'a> {
    /// The resource type.
    pub kind: &'a str,
    /// The class (`default` when the resource names none).
    pub class: &'a str,
    /// The res id.
    pub res_id: &'a str,
    /// The app.
    pub app_id: &'a str,
    /// The environment.
    pub env_id: &'a str,
    /// The environment's type.
    pub env_type: &'a str,
}

/// The winning definition and why.
#[derive(Clone, Debug)]
pub struct Match<'d> {
    /// The definition.
    pub definition: &'d Definition,
    /// The criterion of it that matched.
    pub criterion: &'d Criterion,
    /// Why, in words.
    pub reason: String,
}

/// A definition of the requested type that was not chosen, and why.
#[derive(Clone, Debug)]
pub struct Rejection<'d> {
    /// The definition.
    pub definition: &'d Definition,
    /// Why not, in words.
    pub reason: String,
}

/// Definitions indexed by type, for matching many requests.
#[derive(Debug)]
pub struct Matcher<'d> {
    by_type: HashMap<&'d str, Vec<&'d Definition>>,
}

/// Which fields a criterion sets, most significant first.
type Specificity = (bool, bool, bool, bool);

fn specificity(c: &Criterion) -> Specificity {
    (
        c.res_id.is_some(),
        c.env_id.is_some(),
        c.app_id.is_some(),
        c.env_type.is_some(),
    )
}

impl<'d> Matcher<'d> {
    /// Indexes `defs`, keeping their order within each type.
    pub fn new(defs: &'d [Definition]) -> Matcher<'d> {
        let mut by_type: HashMap<&str, Vec<&Definition>> = HashMap::new();
        for def in defs {
            by_type.entry(def.kind.as_str()).or_default().push(def);
        }
        Matcher { by_type }
    }

    /// The definitions of a type, in load order.
    pub fn of_type(&self, kind: &str) -> &[&'d Definition] {
        self.by_type.get(kind).map_or(&[], Vec::as_slice)
    }

    /// The definition for `req`, or `None`; [`Matcher::rejections`] then says why.
    pub fn find(&self, req: &MatchRequest<'_>) -> Option<Match<'d>> {
        let mut best: Option<(Specificity, &'d Definition, &'d Criterion)> = None;
        let mut matched = 0usize;
        for def in self.of_type(req.kind) {
            if def.is_deleted {
                continue;
            }
            for crit in &def.criteria {
                if !matches(crit, req) {
                    continue;
                }
                matched += 1;
                let s = specificity(crit);
                if best.as_ref().is_none_or(|(b, _, _)| s > *b) {
                    best = Some((s, def, crit));
                }
            }
        }
        best.map(|(_, definition, criterion)| Match {
            definition,
            criterion,
            reason: reason(criterion, matched),
        })
    }

    /// Why each definition of `req`'s type was not chosen (built only when asked: the words
    /// cost more than the matching).
    pub fn rejections(&self, req: &MatchRequest<'_>) -> Vec<Rejection<'d>> {
        self.of_type(req.kind)
            .iter()
            .map(|def| Rejection {
                definition: def,
                reason: rejection(def, req),
            })
            .collect()
    }
}

/// Whether every field `crit` sets equals `req` (the fast path of [`mismatch`]).
fn matches(crit: &Criterion, req: &MatchRequest<'_>) -> bool {
    let field = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    crit.class == req.class
        && field(&crit.res_id, req.res_id)
        && field(&crit.env_id, req.env_id)
        && field(&crit.app_id, req.app_id)
        && field(&crit.env_type, req.env_type)
}

/// The first field of `crit` that differs from `req`, as a sentence.
fn mismatch(crit: &Criterion, req: &MatchRequest<'_>) -> Option<String> {
    if crit.class != req.class {
        return Some(format!("class is '{}', not '{}'", req.class, crit.class));
    }
    let fields = [
        ("res_id", &crit.res_id, req.res_id),
        ("env_id", &crit.env_id, req.env_id),
        ("app_id", &crit.app_id, req.app_id),
        ("env_type", &crit.env_type, req.env_type),
    ];
    fields
        .into_iter()
        .find_map(|(name, want, have)| match want {
            Some(w) if w != have => Some(format!("{name} is '{have}', not '{w}'")),
            _ => None,
        })
}

fn rejection(def: &Definition, req: &MatchRequest<'_>) -> String {
    if def.is_deleted {
        return "the definition is marked deleted".to_owned();
    }
    if def.criteria.is_empty() {
        return "it has no criteria, and a definition without criteria never matches".to_owned();
    }
    def.criteria
        .iter()
        .map(|c| match mismatch(c, req) {
            Some(why) => format!("criteria {c}: {why}"),
            None => format!("criteria {c}: matches"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn reason(crit: &Criterion, matched: usize) -> String {
    let set: Vec<String> = [
        ("res_id", &crit.res_id),
        ("env_id", &crit.env_id),
        ("app_id", &crit.app_id),
        ("env_type", &crit.env_type),
    ]
    .into_iter()
    .filter_map(|(n, v)| v.as_ref().map(|v| format!("{n} = {v}")))
    .collect();
    let fields = if set.is_empty() {
        format!("class = {} (no other field set)", crit.class)
    } else {
        format!("class = {}, {}", crit.class, set.join(", "))
    };
    let others = matched.saturating_sub(1);
    match others {
        0 => format!("criteria {crit} match: {fields}"),
        n => format!(
            "criteria {crit} match: {fields}; the most specific of {} matching criteria \
             (specificity ranks res_id, then env_id, app_id, env_type)",
            n + 1
        ),
    }
}
