//! Smoke tests of the test bed itself: both Terraform versions run, and
//! install and plan with hashicorp/aws from the offline mirror.

use std::path::Path;

use integration::{
    AWS_PROVIDER_VERSION, TERRAFORM_1_0_3_VERSION, TERRAFORM_VERSION, Testbed, TfDir, report,
    stderr, stdout,
};

/// An S3 bucket with a provider block that plans without credentials or network.
const AWS_CONFIG: &str = r#"
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "3.39.0"
    }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_get_ec2_platforms      = true
}

resource "aws_s3_bucket" "example" {
  bucket = "score2hcl-smoke-test"
}
"#;

fn check_version(name: &str, terraform: &Path, version: &str) {
    let dir = TfDir::new(name);

    let out = dir.run_ok(terraform, ["version"]);
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("Terraform v{version}\n")),
        "unexpected `terraform version` output\n{}",
        report(&out)
    );
    // A clean CLI config gives no warnings.
    assert!(
        stderr(&out).is_empty(),
        "stderr not empty\n{}",
        report(&out)
    );

    let out = dir.run_ok(terraform, ["version", "-json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("`version -json` is not JSON: {e}\n{}", report(&out)));
    assert_eq!(json["terraform_version"], version, "{json}");

    // The exit status comes through (for 1.15.5, through the Python wrapper).
    let out = dir.run(terraform, ["no-such-command"]);
    assert_eq!(out.status.code(), Some(1), "{}", report(&out));
}

fn check_aws_plan(name: &str, terraform: &Path) {
    let dir = TfDir::new(name);
    dir.write("main.tf", AWS_CONFIG);

    dir.run_ok(terraform, ["init", "-input=false", "-no-color"]);
    let provider = dir
        .path()
        .join(".terraform/providers/registry.terraform.io/hashicorp/aws")
        .join(AWS_PROVIDER_VERSION)
        .join("linux_amd64")
        .join(format!("terraform-provider-aws_v{AWS_PROVIDER_VERSION}_x5"));
    assert!(
        provider.exists(),
        "init did not install {}",
        provider.display()
    );
    let lock = dir.read(".terraform.lock.hcl");
    assert!(
        lock.contains(&format!("version     = \"{AWS_PROVIDER_VERSION}\"")),
        "{lock}"
    );

    let out = dir.run_ok(terraform, ["validate", "-no-color"]);
    assert!(
        stdout(&out).contains("Success! The configuration is valid."),
        "{}",
        report(&out)
    );

    // -detailed-exitcode: 2 means the plan succeeded and has changes.
    let out = dir.run_expect_code(
        terraform,
        ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        2,
    );
    let text = stdout(&out);
    assert!(
        text.contains("# aws_s3_bucket.example will be created")
            && text.contains("Plan: 1 to add, 0 to change, 0 to destroy."),
        "unexpected plan\n{}",
        report(&out)
    );
}

#[test]
fn terraform_version() {
    check_version(
        "terraform_version",
        &Testbed::get().terraform,
        TERRAFORM_VERSION,
    );
}

#[test]
fn terraform_1_0_3_version() {
    check_version(
        "terraform_1_0_3_version",
        &Testbed::get().terraform_1_0_3,
        TERRAFORM_1_0_3_VERSION,
    );
}

#[test]
fn terraform_plans_aws_from_mirror() {
    check_aws_plan("terraform_plans_aws_from_mirror", &Testbed::get().terraform);
}

#[test]
fn terraform_1_0_3_plans_aws_from_mirror() {
    check_aws_plan(
        "terraform_1_0_3_plans_aws_from_mirror",
        &Testbed::get().terraform_1_0_3,
    );
}
