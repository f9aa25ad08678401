#!/usr/bin/env bash
# Generates the Terraform root module of this example for environment `dev` into
# examples/hello/build/dev, then applies it with the test bed's Terraform (installed by
# scripts/testbed.sh when missing).
#
# For now this generates with --no-workloads: the `score_workload` resource of
# terraform-provider-score is not released yet, so the root holds the workload's resources
# (the database module, the DNS name, the route) and their wiring, not the workload itself.
# When the provider lands, drop --no-workloads below.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
testbed="${SCORE_TESTBED_DIR:-$repo/.testbed}"
if [ ! -x "$testbed/bin/terraform" ]; then
  SCORE_TESTBED_DIR="$testbed" bash "$repo/scripts/testbed.sh"
fi
cd "$here"
cargo run -q --manifest-path "$repo/Cargo.toml" -p score2hcl -- \
  generate --env dev --image ghcr.io/acme/hello:1.0 --no-workloads
export TF_CLI_CONFIG_FILE="$testbed/terraformrc" CHECKPOINT_DISABLE=1
terraform="$testbed/bin/terraform"
"$terraform" -chdir=build/dev init -input=false
"$terraform" -chdir=build/dev apply -input=false -auto-approve
"$terraform" -chdir=build/dev output
