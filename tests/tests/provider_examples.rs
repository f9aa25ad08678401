//! Every example under `provider/examples/` (the Terraform Registry layout: `provider/`,
//! `resources/<type>/`, `data-sources/<type>/`, `functions/<name>/`) is `terraform fmt`
//! clean and passes `init` + `validate` with this workspace's provider: with Terraform 1.15.5
//! always, and with 1.0.3 unless it uses what 1.0.3 lacks (provider functions, `import`
//! blocks, `terraform_data`). The reference pages embed these files, so a broken example is a broken page.

use std::path::{Path, PathBuf};

use integration::{Testbed, TfDir, report, stdout};

const REQUIRED_PROVIDERS: &str = r#"terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}
"#;

fn examples_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../provider/examples")
}

/// Every folder holding `.tf` files, in sorted order.
fn example_dirs(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut has_tf = false;
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("reading an examples folder").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tf") {
                has_tf = true;
            }
        }
        if has_tf {
            found.push(dir);
        }
    }
    found.sort();
    found
}

fn tf_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("reading an example").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// Whether Terraform 1.0.3 can read the example at all: provider functions (1.8), `import`
/// blocks (1.5) and `terraform_data` (1.4) came later.
fn runs_on_1_0_3(dir: &Path, files: &[(String, String)]) -> bool {
    let is_function = dir.components().any(|c| c.as_os_str() == "functions");
    let uses_new_syntax = files.iter().any(|(_, text)| {
        ["provider::", "import {", "\"terraform_data\""]
            .iter()
            .any(|newer| text.contains(newer))
    });
    !is_function && !uses_new_syntax
}

#[test]
fn examples_are_formatted() {
    let testbed = Testbed::get();
    let dir = TfDir::new("examples-fmt");
    let out = dir.run(
        &testbed.terraform,
        [
            "fmt".as_ref(),
            "-check".as_ref(),
            "-diff".as_ref(),
            "-recursive".as_ref(),
            examples_root().as_os_str(),
        ],
    );
    assert!(
        out.status.success(),
        "terraform fmt -check: {}",
        report(&out)
    );
}

#[test]
fn examples_validate() {
    let testbed = Testbed::get();
    let root = examples_root();
    let dirs = example_dirs(&root);
    assert!(
        dirs.iter().any(|d| d.ends_with("provider")),
        "no examples found under {}",
        root.display()
    );
    // Examples are independent: check them side by side, then report every failure.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = dirs
            .iter()
            .map(|example| {
                let root = &root;
                scope.spawn(move || check_example(testbed, root, example))
            })
            .collect();
        handles
            .into_iter()
            .zip(&dirs)
            .filter_map(|(h, d)| h.join().err().map(|e| panic_text(d, e.as_ref())))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn check_example(testbed: &Testbed, root: &Path, example: &Path) {
    let files = tf_files(example);
    let name = example
        .strip_prefix(root)
        .unwrap_or(example)
        .display()
        .to_string();
    let mut terraforms = vec![&testbed.terraform];
    if runs_on_1_0_3(example, &files) {
        terraforms.push(&testbed.terraform_1_0_3);
    }
    for terraform in terraforms {
        let mut dir = TfDir::new(&format!("example-{name}"));
        dir.use_provider();
        let declares_provider = files.iter().any(|(_, t)| t.contains("required_providers"));
        if !declares_provider {
            dir.write("versions.tf", REQUIRED_PROVIDERS);
        }
        for (file, text) in &files {
            dir.write(file, text);
        }
        dir.run_ok(terraform, ["init", "-input=false", "-no-color"]);
        let out = dir.run_ok(terraform, ["validate", "-no-color"]);
        assert!(
            stdout(&out).contains("Success! The configuration is valid"),
            "{name} with {}: {}",
            terraform.display(),
            report(&out)
        );
    }
}

fn panic_text(dir: &Path, payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    format!("{}: {text}", dir.display())
}
