//! The provider process as Terraform experiences it: `terraform plan` with the provider
//! costs no waiting for the plugin to exit.
//!
//! When Terraform is done with a provider it calls go-plugin's `Shutdown` and then waits up
//! to two seconds for the process to exit before killing it; a plan starts the provider
//! more than once, so a provider that does not exit promptly adds seconds to every run.
//! Measured side by side with the same plan without the provider, in the same test run.

use std::path::Path;
use std::time::{Duration, Instant};

use integration::{Testbed, TfDir, report, stdout};

/// Uses the provider: its schema is loaded, the data source is read during the plan.
const WITH_PROVIDER: &str = r#"
terraform {
  required_providers {
    score = { source = "score-tf/score" }
  }
}

provider "score" {}

data "score_workload" "hello" {
  spec = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: hello
    containers:
      web:
        image: nginx
  YAML
}

output "name" {
  value = data.score_workload.hello.name
}
"#;

/// The same shape of plan without any provider.
const WITHOUT_PROVIDER: &str = r#"
locals {
  name = "hello"
}

output "name" {
  value = local.name
}
"#;

/// Timed plans per configuration; the median is compared.
const RUNS: usize = 3;

/// A provider that does not exit on Shutdown costs about 2 s per process start; a plan that
/// is more than this slower with the provider than without it is waiting on the plugin.
const ALLOWED_EXTRA: Duration = Duration::from_millis(1000);

fn plan(dir: &TfDir, terraform: &Path) -> Duration {
    let started = Instant::now();
    let out = dir.run_ok(terraform, ["plan", "-input=false", "-no-color"]);
    let took = started.elapsed();
    assert!(
        stdout(&out).contains("name = \"hello\""),
        "unexpected plan\n{}",
        report(&out)
    );
    took
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

#[test]
fn plan_does_not_wait_for_the_provider_to_exit() {
    let terraform = &Testbed::get().terraform;
    let mut with = TfDir::new("plan_with_provider");
    with.use_provider();
    with.write("main.tf", WITH_PROVIDER);
    // Same CLI config for both, so only the provider differs.
    let mut without = TfDir::new("plan_without_provider");
    without.use_provider();
    without.write("main.tf", WITHOUT_PROVIDER);

    // A first run of each warms caches (and checks both plans work) untimed.
    plan(&with, terraform);
    plan(&without, terraform);
    let mut with_times = Vec::new();
    let mut without_times = Vec::new();
    for _ in 0..RUNS {
        with_times.push(plan(&with, terraform));
        without_times.push(plan(&without, terraform));
    }
    let (with_median, without_median) = (median(with_times), median(without_times));
    assert!(
        with_median < without_median + ALLOWED_EXTRA,
        "terraform plan took {with_median:?} with the provider and {without_median:?} without \
         (median of {RUNS}): the provider is slow to exit after Shutdown"
    );
}

/// The provider next to hashicorp/aws from the test bed's mirror, as a generated module
/// would use them.
const WITH_AWS: &str = r#"
terraform {
  required_providers {
    score = { source = "score-tf/score" }
    aws   = { source = "hashicorp/aws", version = "3.39.0" }
  }
}
"#;

#[test]
fn dev_overrides_config_keeps_the_aws_mirror() {
    let terraform = &Testbed::get().terraform;
    let mut dir = TfDir::new("dev_overrides_with_aws");
    dir.use_provider();
    dir.write("main.tf", WITH_AWS);
    dir.run_ok(terraform, ["init", "-input=false", "-no-color"]);
    let lock = dir.read(".terraform.lock.hcl");
    assert!(
        lock.contains("provider \"registry.terraform.io/hashicorp/aws\""),
        "{lock}"
    );
    let out = dir.run_ok(terraform, ["providers", "-no-color"]);
    let text = stdout(&out);
    assert!(
        text.contains("provider[registry.terraform.io/score-tf/score]")
            && text.contains("provider[registry.terraform.io/hashicorp/aws] 3.39.0"),
        "{}",
        report(&out)
    );
}
