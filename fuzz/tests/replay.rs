//! Replays every seed and every past finding through its target's check, without libFuzzer:
//! a finding, once saved under `fuzz/regressions/<target>/`, is a regression test for good.

use std::fs;
use std::path::Path;

/// Runs `check` on every input of `target`; returns how many reached its deep checks.
fn replay(target: &str, check: fn(&[u8]) -> usize) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    let mut reached = 0;
    for folder in ["seeds", "regressions"] {
        let dir = root.join(folder).join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.expect("listing").path()).collect();
        paths.sort();
        for path in paths {
            let data = fs::read(&path).expect("reading an input");
            // The name of the input that failed is the first thing a reader needs.
            eprintln!("{}", path.display());
            reached += check(&data);
            count += 1;
        }
    }
    assert!(count > 0, "no seeds for {target}");
    reached
}

#[test]
fn score_file() {
    let reached = replay("score_file", score_fuzz::score_file);
    assert!(reached >= 30, "only {reached} deep checks");
}

#[test]
fn placeholder() {
    let reached = replay("placeholder", score_fuzz::placeholder);
    assert!(reached >= 8, "only {reached} deep checks");
}

#[test]
fn definitions() {
    let reached = replay("definitions", score_fuzz::definitions);
    assert!(reached >= 20, "only {reached} deep checks");
}

#[test]
fn dynamic_value() {
    let reached = replay("dynamic_value", score_fuzz::dynamic_value);
    assert!(reached >= 15, "only {reached} deep checks");
}

#[test]
fn generate() {
    let reached = replay("generate", score_fuzz::generate);
    assert!(reached >= 30, "only {reached} deep checks");
}
