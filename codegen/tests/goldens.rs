//! Golden files of `score2hcl generate`: each folder under `tests/generate/` holds the inputs
//! (`score*.yaml`, `score2hcl.yaml` whose `output` is `expected`, definitions, local modules),
//! an optional `args` file (extra flags, one per line) and `expected/`, every generated file.
//! The generator runs in process with the case folder as working directory and its files are
//! compared byte for byte with `expected/` (which must hold nothing else).
//! `UPDATE_EXPECT=1 cargo test -p score2hcl --test goldens` rewrites `expected/`; review the
//! diff. The integration tests run `terraform fmt -check` and `validate` on these folders.

use clap::Parser;
use score2hcl::cli::{Cli, Command};
use score2hcl::files::Files;
use score2hcl::generate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/generate")
}

/// Every file under `dir`, by '/'-separated relative path.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Runs `generate` for a case and returns the files, or the rendered diagnostics.
fn generate_case(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let extra = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    let argv = ["score2hcl", "generate"]
        .into_iter()
        .map(str::to_owned)
        .chain(extra.lines().filter(|l| !l.is_empty()).map(str::to_owned));
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    let Command::Generate(args) = cli.command else {
        return Err("not a generate command".to_owned());
    };
    let mut files = Files::default();
    let (prepared, mut diags) = generate::prepare(&args, dir, &mut files);
    let out = prepared.and_then(|p| {
        let (out, d) = generate::render(&p.inputs());
        diags.extend(d);
        out
    });
    let rendered: String = diags
        .iter()
        .map(|d| score2hcl::render::diagnostic(&files, d))
        .collect();
    match out {
        Some(out) => Ok(out.into_iter().map(|f| (f.path, f.contents)).collect()),
        None => Err(rendered),
    }
}

#[test]
fn goldens() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("score2hcl.yaml").exists())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 7,
        "expected the golden cases, found {}",
        cases.len()
    );
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let actual = match generate_case(dir) {
            Ok(files) => files,
            Err(e) => {
                failures.push(format!("{name}: generate failed:\n{e}"));
                continue;
            }
        };
        let expected_dir = dir.join("expected");
        if update {
            let _ = std::fs::remove_dir_all(&expected_dir);
            for (path, contents) in &actual {
                let p = expected_dir.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, contents).unwrap();
            }
            continue;
        }
        let expected = read_tree(&expected_dir);
        for (path, contents) in &actual {
            match expected.get(path) {
                None => failures.push(format!("{name}: expected/{path} is missing")),
                Some(e) if e != contents => failures.push(format!(
                    "{name}: expected/{path} differs\n--- expected\n{}--- actual\n{}",
                    String::from_utf8_lossy(e),
                    String::from_utf8_lossy(contents)
                )),
                Some(_) => {}
            }
        }
        for path in expected.keys().filter(|p| !actual.contains_key(*p)) {
            failures.push(format!("{name}: expected/{path} is not generated any more"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(UPDATE_EXPECT=1 rewrites the goldens)",
        failures.join("\n")
    );
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let dir = cases_dir().join("hello");
    assert_eq!(generate_case(&dir), generate_case(&dir));
}
