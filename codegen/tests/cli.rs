//! CLI contract tests: each folder under `tests/cases/` holds an `args` file (one argument
//! per line), its input files, and the expected `stdout`, `stderr` and `status`. The binary
//! runs with the case folder as working directory. `UPDATE_EXPECT=1 cargo test -p score2hcl`
//! rewrites the expectations after a deliberate change; review the diff.
//!
//! Inputs that cannot live in the repository (huge, binary, generated) have tests below.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_score2hcl"))
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn check_expect(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "{}\n--- expected\n{expected}--- actual\n{actual}",
            path.display()
        ));
    }
}

#[test]
fn cases() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("args").exists())
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected the case folders, found {}",
        names.len()
    );
    let mut failures = Vec::new();
    for dir in names {
        let args = std::fs::read_to_string(dir.join("args")).unwrap();
        let out = bin()
            .args(args.lines().filter(|l| !l.is_empty()))
            .current_dir(&dir)
            .output()
            .unwrap();
        check_expect(
            &dir.join("stdout"),
            &String::from_utf8_lossy(&out.stdout),
            &mut failures,
        );
        check_expect(
            &dir.join("stderr"),
            &String::from_utf8_lossy(&out.stderr),
            &mut failures,
        );
        let status = format!(
            "{}\n",
            out.status
                .code()
                .map_or("signal".to_owned(), |c| c.to_string())
        );
        check_expect(&dir.join("status"), &status, &mut failures);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_directory_is_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("score.yaml")).unwrap();
    let out = run_in(dir.path(), &["validate", "score.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("score.yaml:1:1: error: is a directory, expected a file\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("score.yaml"),
        b"apiVersion: score.dev/v1b1\nmetadata:\n  name: caf\xe9\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["validate", "score.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("score.yaml:3:12: error: file is not valid UTF-8\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_50_mib_file_is_refused_without_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let line = "# padding padding padding padding padding padding padding padding\n";
    let text = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    std::fs::write(dir.path().join("score.yaml"), text).unwrap();
    let out = run_in(dir.path(), &["validate", "score.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .starts_with("score.yaml:1:1: error: file is 50.0 MiB, larger than the 8 MiB limit\n"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "apiVersion: score.dev/v1b1\nmetadata: {{name: deep}}\ncontainers: {{c1: {{image: x}}}}\nresources:\n  rr:\n    type: t\n    params: {{a: {}{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.path().join("score.yaml"), text).unwrap();
    let out = run_in(dir.path(), &["validate", "score.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("score.yaml:7:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["validate", "nope.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "nope.yaml:1:1: error: cannot read file: no such file or directory\nscore2hcl: 1 error\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = bin().arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["resolve", "a.yaml", "--format", "toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn version_is_the_workspace_version() {
    let out = bin().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("score2hcl {}\n", env!("CARGO_PKG_VERSION"))
    );
}
