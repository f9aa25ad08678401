//! Faulty conditions around real Terraform: Terraform killed in the middle of an apply that
//! uses the provider, then run again, reaches the configuration with an empty plan after, and
//! no provider process outlives the killed Terraform.

use std::process::Stdio;
use std::time::{Duration, Instant};

use integration::{TfDir, provider_binary, report};

const CONFIG: &str = r#"
terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}

# Holds the apply open long enough to be killed in the middle of it.
resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "sleep 60"
  }
}

resource "score_workload" "w" {
  count = 100
  spec  = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: w${count.index}
    containers:
      main:
        image: busybox
        variables:
          URL: postgres://app:$${resources.db.password}@$${resources.db.host}/app
    resources:
      db:
        type: postgres
  YAML
  context = {
    app_id   = "killed"
    env_id   = "dev"
    env_type = null
    org_id   = null
    values   = null
  }
  resources = {
    db = { host = "db-${count.index}", password = "pw-${count.index}" }
  }
}

resource "terraform_data" "after" {
  input      = length(score_workload.w)
  depends_on = [terraform_data.slow]
}
"#;

/// Processes running `binary` (by /proc/PID/exe), as pids.
fn processes_of(binary: &std::path::Path) -> Vec<u32> {
    let target = std::fs::canonicalize(binary).unwrap_or_else(|_| binary.to_path_buf());
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
                .filter(|pid| {
                    std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == target)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn terraform_killed_mid_apply_then_run_again_is_consistent() {
    let mut dir = TfDir::new("killed-mid-apply");
    dir.use_provider();
    dir.write("main.tf", CONFIG);
    let terraform = &dir.testbed().terraform;
    dir.run_ok(terraform, ["init", "-input=false", "-no-color"]);
    let before = processes_of(provider_binary());

    let mut apply = dir
        .command(terraform)
        .args(["apply", "-input=false", "-no-color", "-auto-approve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting terraform apply");
    let stdout = apply.stdout.take().expect("stdout");
    // Kill once the slow resource is being created: the workloads are applied by then or
    // in flight.
    let reader = std::thread::spawn(move || {
        use std::io::BufRead as _;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("terraform_data.slow: Creating...") {
                return true;
            }
        }
        false
    });
    let started = reader.join().expect("reading the apply's output");
    assert!(
        started,
        "the apply ended before creating terraform_data.slow"
    );
    std::thread::sleep(Duration::from_secs(2));
    // SIGKILL: no chance to stop the provider, save state or release anything.
    apply.kill().expect("killing terraform");
    let status = apply.wait().expect("waiting for the killed apply");
    assert!(!status.success(), "the apply was not killed: {status}");

    // No provider started by the killed Terraform lives on (its parent-exit check).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lingering: Vec<u32> = processes_of(provider_binary())
            .into_iter()
            .filter(|pid| !before.contains(pid))
            .collect();
        if lingering.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "providers outlived Terraform: {lingering:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // Run again: the apply completes (a stale lock or half state would fail it here) and
    // the configuration is reached.
    let slow_free = CONFIG.replace("sleep 60", "true");
    dir.write("main.tf", slow_free);
    let out = dir.run(
        terraform,
        ["apply", "-input=false", "-no-color", "-auto-approve"],
    );
    assert!(out.status.success(), "re-run apply: {}", report(&out));
    dir.run_expect_code(
        terraform,
        ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        0,
    );
    let out = dir.run_ok(terraform, ["state", "list"]);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        listed
            .lines()
            .filter(|l| l.starts_with("score_workload.w["))
            .count(),
        100,
        "{listed}"
    );
}
