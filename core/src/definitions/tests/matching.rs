//! Matching: one table row per rule and tie-break, with the winner or every rejection.

use super::load_clean;
use crate::definitions::matching::{MatchRequest, Matcher};

/// Definitions as `ID TYPE CRITERIA [deleted]`, CRITERIA in YAML flow form or `-` for none,
/// written in the API form in the order given. Ids get a `def-` prefix, as definition ids have
/// at least three characters; [`outcome`] strips it again.
fn definitions_yaml(specs: &[&str]) -> String {
    let mut out = String::new();
    for spec in specs {
        let (spec, deleted) = match spec.strip_suffix(" deleted") {
            Some(s) => (s, true),
            None => (*spec, false),
        };
        let mut fields = spec.splitn(3, ' ');
        let (id, kind, criteria) = (
            fields.next().unwrap(),
            fields.next().unwrap(),
            fields.next().unwrap(),
        );
        out.push_str(&format!(
            "- {{id: def-{id}, name: {id}, type: {kind}, driver_type: humanitec/echo"
        ));
        if criteria != "-" {
            out.push_str(&format!(", criteria: {criteria}"));
        }
        if deleted {
            out.push_str(", is_deleted: true");
        }
        out.push_str("}\n");
    }
    out
}

/// `TYPE CLASS RES_ID APP ENV ENV_TYPE` into a request.
fn request(text: &str) -> MatchRequest<'_> {
    let f: Vec<&str> = text.split(' ').collect();
    assert_eq!(f.len(), 6, "request '{text}'");
    MatchRequest {
        kind: f[0],
        class: f[1],
        res_id: f[2],
        app_id: f[3],
        env_id: f[4],
        env_type: f[5],
    }
}

/// `ID | REASON` for a match; `none` then `| ID: REASON` per rejected definition otherwise.
fn outcome(specs: &[&str], req: &str) -> String {
    let defs = load_clean(&definitions_yaml(specs));
    let matcher = Matcher::new(&defs);
    let req = request(req);
    match matcher.find(&req) {
        Some(m) => format!("{} | {}", short(&m.definition.id.text), m.reason),
        None => {
            let mut out = "none".to_owned();
            for r in matcher.rejections(&req) {
                out.push_str(&format!(
                    " | {}: {}",
                    short(&r.definition.id.text),
                    r.reason
                ));
            }
            out
        }
    }
}

fn short(id: &str) -> &str {
    id.strip_prefix("def-").unwrap_or(id)
}

/// The request most rows use: a private postgres of app my-app in env qa-team of type test.
const PG: &str = "postgres default modules.web.externals.db my-app qa-team test";

#[test]
fn matching_table() {
    // (definitions, request, [winner or "none", substrings of the outcome...]); a substring
    // starting with "= " is the whole outcome instead.
    let table: &[(&[&str], &str, &[&str])] = &[
        // Type: exact.
        (&["a postgres [{}]", "b mysql [{}]"], PG, &["a"]),
        (
            &["a postgres [{}]", "b mysql [{}]"],
            "mysql default modules.web.externals.db my-app qa-team test",
            &["b"],
        ),
        (
            &["a postgres [{}]"],
            "postgres-instance default shared.pg my-app qa-team test",
            &["none"],
        ),
        // Class: exact; a criterion without class means default.
        (
            &["a postgres [{class: large}]"],
            "postgres large modules.web.externals.db my-app qa-team test",
            &["a", "class = large"],
        ),
        (
            &["a postgres [{class: large}]"],
            PG,
            &[
                "none",
                "a: criteria {class: large}: class is 'default', not 'large'",
            ],
        ),
        (&["a postgres [{app_id: my-app}]"], PG, &["a"]),
        (
            &["a postgres [{app_id: my-app}]"],
            "postgres large modules.web.externals.db my-app qa-team test",
            &[
                "none",
                "a: criteria {class: default, app_id: my-app}: class is 'large', not 'default'",
            ],
        ),
        (
            &["a postgres [{class: default}]"],
            "postgres default shared.db other-app prod production",
            &["a"],
        ),
        // [{}] matches class default in every context, and nothing else.
        (
            &["a postgres [{}]"],
            PG,
            &["a", "class = default (no other field set)"],
        ),
        (
            &["a postgres [{}]"],
            "postgres default shared.db other-app prod production",
            &["a"],
        ),
        (
            &["a postgres [{}]"],
            "postgres large modules.web.externals.db my-app qa-team test",
            &[
                "none",
                "a: criteria {class: default}: class is 'large', not 'default'",
            ],
        ),
        (
            &["a postgres [~]"],
            "postgres default shared.db other-app prod production",
            &["a"],
        ),
        // No criteria never matches.
        (
            &["a postgres -"],
            PG,
            &[
                "none",
                "a: it has no criteria, and a definition without criteria never matches",
            ],
        ),
        (&["a postgres []"], PG, &["none", "a: it has no criteria"]),
        // Every field a criterion sets must equal the request's.
        (
            &["a postgres [{app_id: other}]"],
            PG,
            &[
                "none",
                "a: criteria {class: default, app_id: other}: app_id is 'my-app', not 'other'",
            ],
        ),
        (
            &["a postgres [{env_id: prod}]"],
            PG,
            &[
                "none",
                "a: criteria {class: default, env_id: prod}: env_id is 'qa-team', not 'prod'",
            ],
        ),
        (
            &["a postgres [{env_type: production}]"],
            PG,
            &[
                "none",
                "a: criteria {class: default, env_type: production}: env_type is 'test', not 'production'",
            ],
        ),
        (
            &["a postgres [{res_id: shared.db}]"],
            PG,
            &[
                "none",
                "a: criteria {class: default, res_id: shared.db}: res_id is 'modules.web.externals.db', not 'shared.db'",
            ],
        ),
        (
            &["a postgres [{res_id: modules.web.externals.db}]"],
            PG,
            &["a"],
        ),
        (
            &["a postgres [{env_type: Test}]"],
            PG,
            &["none", "env_type is 'test', not 'Test'"],
        ),
        (
            &["a postgres [{app_id: my-app, env_type: production}]"],
            PG,
            &["none", "env_type is 'test', not 'production'"],
        ),
        // Both env_id and env_type: the environment must have that type.
        (
            &["a postgres [{env_id: qa-team, env_type: test}]"],
            PG,
            &["a"],
        ),
        (
            &["a postgres [{env_id: qa-team, env_type: test}]"],
            "postgres default modules.web.externals.db my-app qa-team development",
            &["none", "env_type is 'development', not 'test'"],
        ),
        // Specificity: res_id > env_id > app_id > env_type, compared lexicographically, in
        // either load order.
        (
            &[
                "a postgres [{env_id: qa-team, app_id: my-app, env_type: test}]",
                "b postgres [{res_id: modules.web.externals.db}]",
            ],
            PG,
            &[
                "b",
                "res_id = modules.web.externals.db",
                "of 2 matching criteria",
            ],
        ),
        (
            &[
                "b postgres [{res_id: modules.web.externals.db}]",
                "a postgres [{env_id: qa-team, app_id: my-app, env_type: test}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "a postgres [{app_id: my-app, env_type: test}]",
                "b postgres [{env_id: qa-team}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "b postgres [{env_id: qa-team}]",
                "a postgres [{app_id: my-app, env_type: test}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "a postgres [{env_type: test}]",
                "b postgres [{app_id: my-app}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "b postgres [{app_id: my-app}]",
                "a postgres [{env_type: test}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "a postgres [{app_id: my-app}]",
                "b postgres [{app_id: my-app, env_type: test}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "b postgres [{app_id: my-app, env_type: test}]",
                "a postgres [{app_id: my-app}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "a postgres [{env_id: qa-team}]",
                "b postgres [{env_id: qa-team, env_type: test}]",
            ],
            PG,
            &["b"],
        ),
        (
            &[
                "a postgres [{res_id: modules.web.externals.db}]",
                "b postgres [{res_id: modules.web.externals.db, env_type: test}]",
            ],
            PG,
            &["b"],
        ),
        (
            &["a postgres [{}]", "b postgres [{env_type: test}]"],
            PG,
            &["b"],
        ),
        (
            &["b postgres [{env_type: test}]", "a postgres [{}]"],
            PG,
            &["b"],
        ),
        // A more specific criterion that does not match does not count.
        (
            &["a postgres [{}]", "b postgres [{res_id: shared.other}]"],
            PG,
            &["a", "criteria {class: default} match"],
        ),
        // The best criterion of any definition wins, whatever its other criteria.
        (
            &[
                "a postgres [{}, {app_id: my-app}]",
                "b postgres [{env_type: test}]",
            ],
            PG,
            &["a", "app_id = my-app", "of 3 matching criteria"],
        ),
        // The worked example of the API's POST criteria description.
        (
            &[
                "one postgres [{env_type: test}]",
                "two postgres [{env_type: development}]",
                "three postgres [{env_type: test, app_id: my-app}]",
            ],
            PG,
            &[
                "three",
                "criteria {class: default, env_type: test, app_id: my-app} match: class = default, app_id = my-app, env_type = test; the most specific of 2 matching criteria",
            ],
        ),
        // Deleted definitions are skipped, and say so.
        (
            &["a postgres [{app_id: my-app}] deleted", "b postgres [{}]"],
            PG,
            &["b"],
        ),
        (
            &["a postgres [{app_id: my-app}] deleted"],
            PG,
            &["none", "a: the definition is marked deleted"],
        ),
        // Exact ties (which check_duplicates rejects at load) go to the definition loaded
        // first.
        (&["a postgres [{}]", "b postgres [{}]"], PG, &["a"]),
        (&["b postgres [{}]", "a postgres [{}]"], PG, &["b"]),
        (
            &[
                "a postgres [{env_type: test}]",
                "b postgres [{env_type: test}]",
            ],
            PG,
            &["a", "of 2 matching criteria"],
        ),
        // The reason names the criterion, and the count only when others matched.
        (
            &["a postgres [{env_type: test}]"],
            PG,
            &[
                "a",
                "= a | criteria {class: default, env_type: test} match: class = default, env_type = test",
            ],
        ),
        // Every definition of the type gets a reason; other types are not listed.
        (
            &[
                "a postgres [{class: large}]",
                "b postgres [{app_id: other}, {env_id: prod}]",
                "c postgres -",
                "d postgres [{}] deleted",
                "e mysql [{}]",
            ],
            PG,
            &[
                "none",
                "= none | a: criteria {class: large}: class is 'default', not 'large' \
                 | b: criteria {class: default, app_id: other}: app_id is 'my-app', not 'other'; \
                 criteria {class: default, env_id: prod}: env_id is 'qa-team', not 'prod' \
                 | c: it has no criteria, and a definition without criteria never matches \
                 | d: the definition is marked deleted",
            ],
        ),
        // The class is checked before the other fields.
        (
            &["a postgres [{class: large, app_id: other}]"],
            PG,
            &["none", "class is 'default', not 'large'"],
        ),
    ];
    let mut failures = Vec::new();
    for (specs, req, want) in table {
        let got = outcome(specs, req);
        let winner = got.split(" | ").next().unwrap_or_default();
        let ok = winner == want[0]
            && want[1..].iter().all(|w| match w.strip_prefix("= ") {
                Some(exact) => got == exact,
                None => got.contains(w),
            })
            && (want[0] != "none" || want.len() > 1 || got == "none");
        if !ok {
            failures.push(format!(
                "{specs:?}\n  {req}\n   got: {got}\n  want: {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn match_returns_the_criterion() {
    let defs = load_clean(&definitions_yaml(&[
        "a postgres [{env_type: development}, {env_type: test, app_id: my-app}, {}]",
    ]));
    let m = Matcher::new(&defs).find(&request(PG)).unwrap();
    assert_eq!(
        m.criterion.to_string(),
        "{class: default, env_type: test, app_id: my-app}"
    );
    assert!(std::ptr::eq(m.criterion, &defs[0].criteria[1]));
}

#[test]
fn of_type_keeps_load_order() {
    let defs = load_clean(&definitions_yaml(&[
        "c postgres [{}]",
        "a mysql [{}]",
        "b postgres -",
        "d postgres [{}] deleted",
    ]));
    let matcher = Matcher::new(&defs);
    let ids = |kind: &str| -> Vec<&str> {
        matcher
            .of_type(kind)
            .iter()
            .map(|d| short(d.id.as_str()))
            .collect()
    };
    assert_eq!(ids("postgres"), ["c", "b", "d"]);
    assert_eq!(ids("mysql"), ["a"]);
    assert!(ids("redis").is_empty());
}
