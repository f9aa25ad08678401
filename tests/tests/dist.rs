//! The release command (`scripts/dist.sh`) and the install path it promises: the packed
//! mirror it writes is what `terraform init` installs the provider from, with Terraform 1.15.5
//! and 1.0.3, and the lock file records the hash the mirror's JSON publishes.
//!
//! The release build (LTO, glibc 2.28 through cargo-zigbuild) takes minutes, so one test runs
//! the command once and checks everything it wrote.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration::{Testbed, TfDir, hcl_string, report, stdout};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn version() -> String {
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).expect("Cargo.toml");
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a workspace version")
        .to_owned()
}

fn run(command: &mut Command) -> std::process::Output {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("running {command:?}: {e}"));
    assert!(out.status.success(), "{command:?} failed\n{}", report(&out));
    out
}

#[test]
fn release_command_writes_a_mirror_terraform_installs_from() {
    let version = version();
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dist = tmp.path().join("dist");
    run(Command::new("bash")
        .arg(workspace().join("scripts/dist.sh"))
        .arg(&version)
        .env("DIST_DIR", &dist)
        // A target folder of its own: the `cargo test` running this holds the lock of the
        // default one until it ends.
        .env("CARGO_TARGET_DIR", workspace().join("target/dist")));

    let provider = format!("terraform-provider-score_{version}");
    let zip = format!("{provider}_linux_amd64.zip");
    let mut expected = vec![
        zip.clone(),
        format!("{provider}_SHA256SUMS"),
        format!("{provider}_manifest.json"),
        format!("score2hcl_{version}_linux_amd64.tar.gz"),
        format!("score2hcl_{version}_linux_amd64.tar.gz.sha256"),
        format!("mirror/registry.terraform.io/score-tf/score/{zip}"),
        "mirror/registry.terraform.io/score-tf/score/index.json".to_owned(),
        format!("mirror/registry.terraform.io/score-tf/score/{version}.json"),
    ];
    expected.sort();
    let mut written = files_under(&dist, &dist);
    written.sort();
    assert_eq!(written, expected);

    // The archive holds one executable named as Terraform expects.
    let out = run(Command::new("zipinfo").arg(dist.join(&zip)));
    let listing = stdout(&out);
    let entries: Vec<&str> = listing.lines().filter(|l| l.starts_with('-')).collect();
    assert_eq!(entries.len(), 1, "{listing}");
    assert!(entries[0].starts_with("-rwxr-xr-x"), "{listing}");
    assert!(
        entries[0].ends_with(&format!(" terraform-provider-score_v{version}")),
        "{listing}"
    );

    // The checksums hold, and the manifest declares protocol 6.
    run(Command::new("sha256sum")
        .args(["--check", "--strict", &format!("{provider}_SHA256SUMS")])
        .current_dir(&dist));
    run(Command::new("sha256sum")
        .args([
            "--check",
            "--strict",
            &format!("score2hcl_{version}_linux_amd64.tar.gz.sha256"),
        ])
        .current_dir(&dist));
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dist.join(format!("{provider}_manifest.json"))).expect("the manifest"),
    )
    .expect("manifest JSON");
    assert_eq!(
        manifest["metadata"]["protocol_versions"],
        serde_json::json!(["6.0"])
    );

    // score2hcl from the tarball runs and says its version.
    let unpacked = tmp.path().join("score2hcl");
    std::fs::create_dir_all(&unpacked).expect("a folder");
    run(Command::new("tar")
        .arg("-xzf")
        .arg(dist.join(format!("score2hcl_{version}_linux_amd64.tar.gz")))
        .arg("-C")
        .arg(&unpacked));
    let out = run(Command::new(unpacked.join("score2hcl")).arg("--version"));
    assert!(stdout(&out).contains(&version), "{}", report(&out));

    let published: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dist.join(format!(
            "mirror/registry.terraform.io/score-tf/score/{version}.json"
        )))
        .expect("VERSION.json"),
    )
    .expect("VERSION.json is JSON");
    let hash = published["archives"]["linux_amd64"]["hashes"][0]
        .as_str()
        .expect("an h1 hash")
        .to_owned();
    assert!(hash.starts_with("h1:"), "{hash}");

    let testbed = Testbed::get();
    for terraform in [&testbed.terraform, &testbed.terraform_1_0_3] {
        install_from_mirror(terraform, &dist.join("mirror"), &version, &hash);
    }
}

/// `init` with a version constraint installs the provider from the packed mirror, the lock
/// file records `hash`, and a plan that uses the provider works.
fn install_from_mirror(terraform: &Path, mirror: &Path, version: &str, hash: &str) {
    let mut dir = TfDir::new("dist-install");
    dir.set_cli_config(&format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = {}\n    include = [\"registry.terraform.io/score-tf/score\"]\n  }}\n}}\n",
        hcl_string(mirror)
    ));
    let major_minor: Vec<&str> = version.split('.').take(2).collect();
    dir.write(
        "main.tf",
        format!(
            r#"terraform {{
  required_providers {{
    score = {{
      source  = "score-tf/score"
      version = "~> {}"
    }}
  }}
}}

data "score_workload" "app" {{
  spec = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: released
    containers:
      web:
        image: nginx:1.27
  YAML
}}

output "name" {{
  value = data.score_workload.app.name
}}
"#,
            major_minor.join(".")
        ),
    );
    let out = dir.run_ok(terraform, ["init", "-input=false", "-no-color"]);
    assert!(
        stdout(&out).contains(&format!("Installed score-tf/score v{version}")),
        "{}: {}",
        terraform.display(),
        report(&out)
    );
    let lock = dir.read(".terraform.lock.hcl");
    assert!(
        lock.contains(&format!("version     = \"{version}\"")) && lock.contains(hash),
        "{}: the lock file does not record {version} with {hash}:\n{lock}",
        terraform.display()
    );
    let out = dir.run_ok(terraform, ["plan", "-input=false", "-no-color"]);
    assert!(
        stdout(&out).contains("name = \"released\""),
        "{}: {}",
        terraform.display(),
        report(&out)
    );
}

fn files_under(root: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(files_under(root, &path));
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(rel.to_string_lossy().into_owned());
        }
    }
    out
}
