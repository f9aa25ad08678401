#!/usr/bin/env bash
# The offline quickstart: generates the Terraform root module of this example for
# environment `dev` into examples/hello/build/dev and applies it with real Terraform.
#
# 1. Builds `score2hcl` and `terraform-provider-score` from this checkout.
# 2. Installs the test bed (Terraform 1.15.5, offline) when it is missing.
# 3. Puts the provider into a local filesystem mirror as registry.terraform.io/score-tf/score
#    at the workspace version, the way a release mirror lays it out, and points Terraform at
#    it with a CLI config of its own: nothing comes from the network.
# 4. `score2hcl generate`, then `terraform init` and `apply`; prints the workload's manifests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
testbed="${SCORE_TESTBED_DIR:-$repo/.testbed}"
if [ ! -x "$testbed/bin/terraform" ]; then
  SCORE_TESTBED_DIR="$testbed" bash "$repo/scripts/testbed.sh"
fi

cargo build -q --manifest-path "$repo/Cargo.toml" -p score2hcl -p terraform-provider-score
target="$(cargo metadata -q --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)"

# The provider mirror and CLI config live under build/, which the example ignores in git.
mirror="$here/build/provider-mirror"
platform="linux_amd64"
case "$(uname -m)" in aarch64 | arm64) platform="linux_arm64" ;; esac
plugin_dir="$mirror/registry.terraform.io/score-tf/score/$version/$platform"
mkdir -p "$plugin_dir"
cp "$target/debug/terraform-provider-score" "$plugin_dir/terraform-provider-score_v$version"
cat >"$here/build/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/score-tf/score"]
  }
  filesystem_mirror {
    path    = "$testbed/mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
RC

cd "$here"
"$target/debug/score2hcl" generate --env dev --image ghcr.io/acme/hello:1.0

export TF_CLI_CONFIG_FILE="$here/build/terraformrc" CHECKPOINT_DISABLE=1
terraform="$testbed/bin/terraform"
# The rebuilt provider may differ from the one the lock file recorded: -upgrade re-reads
# the mirror and records the new hash.
"$terraform" -chdir=build/dev init -input=false -upgrade
"$terraform" -chdir=build/dev apply -input=false -auto-approve

# What the workload resolved to: the Kubernetes manifests score_workload rendered (secrets
# stay in its sensitive secret_manifest; DATABASE_URL below is a secretKeyRef).
echo
echo "Manifests of score_workload.hello:"
"$terraform" -chdir=build/dev show -json | python3 -c '
import json, sys
for r in json.load(sys.stdin)["values"]["root_module"]["resources"]:
    if r["address"] == "score_workload.hello":
        print("---\n" + "---\n".join(r["values"]["manifests"]), end="")
'
