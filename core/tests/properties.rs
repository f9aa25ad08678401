//! Property tests (proptest): escaping a literal for Score round-trips through the
//! placeholder engine, and matching does not depend on the order definitions are loaded in
//! (duplicate criteria are load errors, so there are no ties to break by order).

use proptest::prelude::*;
use score_core::Data;
use score_core::definitions::load::check_duplicates;
use score_core::definitions::{MatchRequest, Matcher, load_documents};
use score_core::placeholder::{escape, parse, substitute_in};
use score_core::source::FileId;
use score_core::yaml::parse_documents;

proptest! {
    #[test]
    fn escaped_literals_substitute_to_themselves(text in "(\\$\\{|\\$\\$|\\$|\\{|\\}|[a-z.]|\\\\){0,16}") {
        let template = parse(&escape(&text));
        prop_assert_eq!(substitute_in(&template, &Data::Map(Default::default())).ok(), Some(text));
    }
}

/// One criterion: which of class, res_id, env_id, app_id, env_type it sets, from small domains
/// so that criteria overlap often.
fn criterion() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(vec!["default", "large"])),
        prop::option::of(prop::sample::select(vec![
            "shared.db",
            "modules.web.externals.db",
        ])),
        prop::option::of(prop::sample::select(vec!["dev", "prod"])),
        prop::option::of(prop::sample::select(vec!["shop", "blog"])),
        prop::option::of(prop::sample::select(vec!["development", "production"])),
    )
        .prop_map(|(class, res_id, env_id, app_id, env_type)| {
            let fields: Vec<String> = [
                ("class", class),
                ("res_id", res_id),
                ("env_id", env_id),
                ("app_id", app_id),
                ("env_type", env_type),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
            .collect();
            format!("{{{}}}", fields.join(", "))
        })
}

fn definitions() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(criterion(), 1..3), 1..8)
}

fn yaml(defs: &[(usize, &Vec<String>)]) -> String {
    defs.iter()
        .map(|(i, criteria)| {
            format!(
                "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata: {{id: def-{i}}}\n\
                 entity:\n  name: def-{i}\n  type: postgres\n  driver_type: humanitec/echo\n  \
                 driver_inputs:\n    values: {{host: h}}\n  criteria: [{}]\n",
                criteria.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

/// The winning definition id for every request of the small domains, or None when loading
/// reports a problem (duplicate criteria).
fn winners(text: &str) -> Option<Vec<Option<String>>> {
    let docs = parse_documents(FileId(0), text).ok()?;
    let (defs, mut diags) = load_documents(&docs);
    diags.extend(check_duplicates(&defs));
    if diags.iter().any(|d| d.is_error()) {
        return None;
    }
    let matcher = Matcher::new(&defs);
    let mut out = Vec::new();
    for class in ["default", "large"] {
        for res_id in ["shared.db", "modules.web.externals.db"] {
            for env_id in ["dev", "prod"] {
                for app_id in ["shop", "blog"] {
                    for env_type in ["development", "production"] {
                        let request = MatchRequest {
                            kind: "postgres",
                            class,
                            res_id,
                            app_id,
                            env_id,
                            env_type,
                        };
                        out.push(matcher.find(&request).map(|m| m.definition.id.text.clone()));
                    }
                }
            }
        }
    }
    Some(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn matching_does_not_depend_on_definition_order(
        defs in definitions(),
        seed in any::<u64>(),
    ) {
        let numbered: Vec<(usize, &Vec<String>)> = defs.iter().enumerate().collect();
        let forward = winners(&yaml(&numbered));
        prop_assume!(forward.is_some());
        // A permutation from the seed (a small LCG shuffle, deterministic per case).
        let mut shuffled = numbered.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from(state >> 33).unwrap_or(0) % (i + 1);
            shuffled.swap(i, j);
        }
        prop_assert_eq!(forward, winners(&yaml(&shuffled)));
    }
}
