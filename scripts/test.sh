#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs the test bed (real Terraform, offline),
# then checks formatting, lints, the dependency rules of ARCHITECTURE.md, runs every test, and
# runs each fuzz target for a bounded time.
# `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*" >&2; }

step "test bed (scripts/testbed.sh)"
bash scripts/testbed.sh

step "system tools the tests call"
# zipinfo (Debian's unzip) inspects the release archive; objdump (binutils, with gcc) its
# GLIBC symbol versions. CI runs as root on a fresh Debian machine.
if ! command -v zipinfo >/dev/null || ! command -v objdump >/dev/null; then
  apt-get update -qq && apt-get install -y -qq unzip binutils >/dev/null
fi

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "dependency direction"
# score-core does no IO and knows nothing of gRPC, async, the CLI or HCL.
for forbidden in tokio tonic prost clap hcl-rs; do
  if cargo tree -p score-core -e normal --locked -i "$forbidden" >/dev/null 2>&1; then
    echo "score-core must not depend on $forbidden" >&2
    exit 1
  fi
done
# codegen and provider never depend on each other.
if cargo tree -p score2hcl -e normal --locked | grep -q terraform-provider-score ||
   cargo tree -p terraform-provider-score -e normal --locked | grep -q score2hcl; then
  echo "score2hcl and terraform-provider-score must not depend on each other" >&2
  exit 1
fi

step "cargo test"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run: cargo's last "test result" belongs to whichever crate
# happened to run last (often doc-tests with nothing in them).
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "%d passed, %d failed\n", passed, failed }' "$log"

step "fuzzing, 20 seconds a target (scripts/fuzz.sh)"
# Seeds and past findings already ran above (package score-fuzz); this looks for new ones.
if ! FUZZ_SEED=1 bash scripts/fuzz.sh 20; then
  status=1
fi
exit "$status"
