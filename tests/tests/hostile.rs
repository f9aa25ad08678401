//! Faulty conditions around real Terraform 1.15.5 and the provider:
//!
//! - Terraform killed (SIGKILL) in the middle of an apply, or interrupted (SIGINT, as Ctrl-C,
//!   which makes it call StopProvider) while workloads are being applied: no provider process
//!   outlives it, the state holds only complete workloads, and a second apply reaches the
//!   configuration with an empty plan after.
//! - A 10 MB spec: the data source, the resource and `parse_workload` refuse it at `spec` with
//!   score-core's size limit; a spec just under the limit with 10,000 resources is handled,
//!   and the provider's peak memory is reported.

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use integration::{TfDir, provider_binary, report, stderr, stdout};

/// `COUNT` workloads, a slow `terraform_data` running `SLOW_COMMAND` to hold the apply open,
/// and one more resource after the slow one.
const CONFIG: &str = r#"
terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}

# Holds the apply open long enough to be stopped in the middle of it.
resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "SLOW_COMMAND"
  }
}

resource "score_workload" "w" {
  count = COUNT
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
fn processes_of(binary: &std::path::Path, under: &std::path::Path) -> Vec<u32> {
    // Only those working under `under`, the test's own directory: Terraform starts its
    // providers there, and other tests running at the same time start theirs elsewhere.
    let target = std::fs::canonicalize(binary).unwrap_or_else(|_| binary.to_path_buf());
    let under = std::fs::canonicalize(under).unwrap_or_else(|_| under.to_path_buf());
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
                .filter(|pid| {
                    std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == target)
                        && std::fs::read_link(format!("/proc/{pid}/cwd"))
                            .is_ok_and(|cwd| cwd.starts_with(&under))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// [`CONFIG`] with `count` workloads and `slow` as the slow resource's command.
fn config(count: usize, slow: &str) -> String {
    CONFIG
        .replace("COUNT", &count.to_string())
        .replace("SLOW_COMMAND", slow)
}

/// A `terraform apply` running in the background, its stdout read line by line.
struct Apply {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// Every line read so far.
    seen: Vec<String>,
}

impl Apply {
    /// Starts `terraform apply -auto-approve` in `dir` with `env` added; stderr goes to the
    /// file `apply.stderr` there.
    fn start(dir: &TfDir, env: &[(&str, &Path)]) -> Apply {
        let stderr = std::fs::File::create(dir.path().join("apply.stderr")).expect("stderr file");
        let mut command = dir.command(&dir.testbed().terraform);
        command
            .args(["apply", "-input=false", "-no-color", "-auto-approve"])
            .stdout(Stdio::piped())
            .stderr(stderr);
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("starting terraform apply");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Apply {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads until a line holds every one of `parts`; false when the output ended first.
    fn wait_for(&mut self, parts: &[&str]) -> bool {
        while let Ok(line) = self.lines.recv() {
            let found = parts.iter().all(|p| line.contains(p));
            self.seen.push(line);
            if found {
                return true;
            }
        }
        false
    }

    /// Waits up to `limit` for Terraform to exit on its own; then its whole output. A
    /// Terraform still running at the limit is killed (by its pid only) and the test fails.
    fn finish(mut self, dir: &TfDir, limit: Duration) -> (std::process::ExitStatus, String) {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waiting for terraform") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "terraform did not exit within {limit:?}: {}",
                    self.seen.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        // The reader ends with the pipe, which closed with the process.
        self.seen.extend(self.lines.iter());
        let stderr = dir.read("apply.stderr");
        (status, format!("{}\n{stderr}", self.seen.join("\n")))
    }
}

/// Asserts, for up to 10 seconds, that no provider process that was not in `before` runs.
fn assert_no_provider_outlives(dir: &TfDir, before: &[u32]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lingering: Vec<u32> = processes_of(provider_binary(), dir.path())
            .into_iter()
            .filter(|pid| !before.contains(pid))
            .collect();
        if lingering.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "providers outlived Terraform: {lingering:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Applies [`config`] with `count` workloads and no wait: the apply completes (a stale lock
/// or a half-written state would fail it), the next plan is empty, and the state lists every
/// workload.
fn run_again_reaches_the_configuration(dir: &TfDir, count: usize) {
    let terraform = &dir.testbed().terraform;
    dir.write("main.tf", config(count, "true"));
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
        count,
        "{listed}"
    );
}

#[test]
fn terraform_killed_mid_apply_then_run_again_is_consistent() {
    let mut dir = TfDir::new("killed-mid-apply");
    dir.use_provider();
    dir.write("main.tf", config(100, "sleep 60"));
    let terraform = &dir.testbed().terraform;
    dir.run_ok(terraform, ["init", "-input=false", "-no-color"]);
    let before = processes_of(provider_binary(), dir.path());

    let mut apply = Apply::start(&dir, &[]);
    // Kill once the slow resource is being created: the workloads are applied by then or
    // in flight.
    assert!(
        apply.wait_for(&["terraform_data.slow: Creating..."]),
        "the apply ended before creating terraform_data.slow"
    );
    std::thread::sleep(Duration::from_secs(2));
    // SIGKILL: no chance to stop the provider, save state or release anything.
    apply.child.kill().expect("killing terraform");
    let (status, _) = apply.finish(&dir, Duration::from_secs(10));
    assert!(!status.success(), "the apply was not killed: {status}");

    // No provider started by the killed Terraform lives on (its parent-exit check).
    assert_no_provider_outlives(&dir, &before);
    run_again_reaches_the_configuration(&dir, 100);
}

/// Computed attributes every applied `score_workload` has in the state (strings, and the
/// list `manifests`).
const COMPUTED: [&str; 4] = ["name", "manifests", "resolved", "revision"];

/// The `score_workload` instances of a state file, asserting each is complete; their count.
fn complete_workloads(state: &str) -> usize {
    let state: serde_json::Value = serde_json::from_str(state).expect("the state is JSON");
    let mut count = 0;
    let resources = state["resources"].as_array().cloned().unwrap_or_default();
    for resource in resources.iter().filter(|r| r["type"] == "score_workload") {
        for instance in resource["instances"].as_array().into_iter().flatten() {
            let attributes = &instance["attributes"];
            for name in COMPUTED {
                let value = &attributes[name];
                let empty = value.as_str().is_some_and(str::is_empty)
                    || value.as_array().is_some_and(Vec::is_empty);
                assert!(
                    !value.is_null() && !empty,
                    "a half-written workload in the state ({name}): {instance}"
                );
            }
            count += 1;
        }
    }
    count
}

#[test]
fn ctrl_c_mid_apply_stops_the_provider_and_leaves_complete_workloads() {
    const COUNT: usize = 300;
    let mut dir = TfDir::new("interrupted-apply");
    dir.use_provider();
    dir.write("main.tf", config(COUNT, "sleep 60"));
    let terraform = &dir.testbed().terraform;
    dir.run_ok(terraform, ["init", "-input=false", "-no-color"]);
    let before = processes_of(provider_binary(), dir.path());

    let log = dir.path().join("terraform.log");
    let info = Path::new("info");
    let mut apply = Apply::start(&dir, &[("TF_LOG", info), ("TF_LOG_PATH", &log)]);
    // Interrupt while workloads are being applied: the slow resource has started and the
    // first workload is done, the others are in flight or queued (ten at a time).
    let started = Instant::now();
    assert!(
        apply.wait_for(&["score_workload.w[", "Creation complete"]),
        "the apply ended before creating a workload"
    );
    // Exactly as Ctrl-C would, to Terraform alone (the provider ignores SIGINT anyway).
    let signalled = std::process::Command::new("kill")
        .args(["-INT", &apply.child.id().to_string()])
        .status()
        .expect("running kill");
    assert!(signalled.success(), "kill -INT failed");
    let (status, output) = apply.finish(&dir, Duration::from_secs(60));
    let stopped_in = started.elapsed();
    assert!(
        !status.success(),
        "an interrupted apply succeeded:\n{output}"
    );
    assert!(
        output.contains("Interrupt received"),
        "no interrupt message:\n{output}"
    );
    let log = std::fs::read_to_string(&log).expect("reading TF_LOG_PATH");
    assert!(
        log.contains("stop requested"),
        "the provider did not log StopProvider:\n{output}"
    );
    assert_no_provider_outlives(&dir, &before);

    let recorded = complete_workloads(&dir.read("terraform.tfstate"));
    assert!(recorded <= COUNT);
    eprintln!(
        "interrupted after {stopped_in:?}: {recorded} of {COUNT} workloads recorded, all complete"
    );
    run_again_reaches_the_configuration(&dir, COUNT);
}

/// A configuration reading `big.yaml` through the data source, the resource and the function.
const BIG_SPEC_CONFIG: &str = r#"
terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}

data "score_workload" "big" {
  spec = file("${path.module}/big.yaml")
}

resource "score_workload" "big" {
  spec = file("${path.module}/big.yaml")
  context = {
    app_id   = "big"
    env_id   = "dev"
    env_type = null
    org_id   = null
    values   = null
  }
}

output "parsed" {
  value = length(provider::score::parse_workload(file("${path.module}/big.yaml")).resource_requests)
}
"#;

/// A valid Score workload with `resources` resources, each with a `note` param, padded with
/// `# ...` comment lines to at least `bytes` bytes (the YAML stays valid).
fn big_spec(resources: usize, note: usize, bytes: usize) -> String {
    let mut spec = String::from(
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: big\ncontainers:\n  main:\n    \
         image: busybox\n",
    );
    if resources > 0 {
        spec.push_str("resources:\n");
    }
    for i in 0..resources {
        spec.push_str(&format!(
            "  r{i:05}:\n    type: postgres\n    params:\n      note: \"{}\"\n",
            "n".repeat(note)
        ));
    }
    let line = format!("# {}\n", "padding ".repeat(12));
    while spec.len() < bytes {
        spec.push_str(&line);
    }
    spec
}

/// Runs `terraform ARGS` in `dir`, sampling every provider process it starts; returns the
/// output and the largest peak resident size (VmHWM, KiB) seen.
fn run_sampling_provider_memory(dir: &TfDir, args: &[&str]) -> (std::process::Output, u64) {
    let before = processes_of(provider_binary(), dir.path());
    let child = dir
        .command(&dir.testbed().terraform)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting terraform");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampling = {
        let done = std::sync::Arc::clone(&done);
        let under = dir.path().to_path_buf();
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                for pid in processes_of(provider_binary(), &under) {
                    if !before.contains(&pid) {
                        peak = peak.max(peak_rss_kib(pid).unwrap_or(0));
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            peak
        })
    };
    let output = child.wait_with_output().expect("waiting for terraform");
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let peak = sampling.join().expect("the sampler");
    (output, peak)
}

/// `VmHWM` of /proc/PID/status in KiB: the process's peak resident memory so far.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Plans [`BIG_SPEC_CONFIG`] with `spec` as `big.yaml` in a fresh directory: the output,
/// how long the plan took, and the provider's peak RSS (KiB).
fn plan_big_spec(name: &str, spec: &str) -> (std::process::Output, Duration, u64) {
    let mut dir = TfDir::new(name);
    dir.use_provider();
    dir.write("main.tf", BIG_SPEC_CONFIG);
    dir.write("big.yaml", spec);
    dir.run_ok(
        &dir.testbed().terraform,
        ["init", "-input=false", "-no-color"],
    );
    let started = Instant::now();
    let (out, peak) = run_sampling_provider_memory(&dir, &["plan", "-input=false", "-no-color"]);
    (out, started.elapsed(), peak)
}

#[test]
fn a_10_mb_spec_is_refused_at_spec_by_the_size_limit() {
    let spec = big_spec(1, 8, 10 * 1024 * 1024);
    let (out, took, peak) = plan_big_spec("big-spec", &spec);
    assert_eq!(out.status.code(), Some(1), "{}", report(&out));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    let message = "spec is 10.0 MiB, larger than the 8 MiB limit";
    // The data source, the resource and the function each say so.
    assert!(text.matches(message).count() >= 3, "{text}");
    // On the attribute: Terraform quotes the configuration line of `spec`.
    assert!(
        text.contains(r#"spec = file("${path.module}/big.yaml")"#),
        "{text}"
    );
    // The spec is not mirrored back: the output is far smaller than it.
    assert!(text.len() < 64 * 1024, "{} bytes of output", text.len());
    eprintln!(
        "10 MB spec: plan failed in {took:?}, provider peak RSS {peak} KiB, output {} bytes",
        text.len()
    );
}

#[test]
fn a_spec_under_the_limit_with_10000_resources_is_handled() {
    // About 8.3 MB: 10,000 resources with a 700-byte param each, just under 8 MiB.
    let limit = 8 * 1024 * 1024;
    let spec = big_spec(10_000, 700, limit - 64 * 1024);
    assert!(spec.len() < limit, "{} bytes", spec.len());
    let (out, took, peak) = plan_big_spec("many-resources", &spec);
    assert!(out.status.success(), "{}", report(&out));
    let text = stdout(&out);
    assert!(text.contains("parsed = 10000"), "{text}");
    assert!(peak > 0, "the provider's memory was never sampled");
    eprintln!(
        "{} byte spec, 10,000 resources: plan in {took:?}, provider peak RSS {peak} KiB",
        spec.len()
    );
}
