#!/usr/bin/env bash
# Benchmarks of terraform-provider-score's process (not part of the test suite): start to
# handshake line, `terraform validate` with vs without the provider, peak RSS, binary size.
# Results go to bench/provider/BENCHMARKS.md. Needs the test bed (bash scripts/testbed.sh),
# python3, openssl and /usr/bin/time (Debian: apt-get install time).
#
#   bash bench/provider/run.sh            # RUNS=200 VALIDATE_RUNS=20 by default
set -euo pipefail
cd "$(dirname "$0")/../.."

testbed="${SCORE_TESTBED_DIR:-$PWD/.testbed}"
terraform="$testbed/bin/terraform"
if [[ ! -x "$terraform" ]]; then
  echo "no Terraform at $terraform: run 'bash scripts/testbed.sh' or set SCORE_TESTBED_DIR" >&2
  exit 1
fi
for tool in python3 openssl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

cargo build --release --locked -p terraform-provider-score --bin terraform-provider-score
target="${CARGO_TARGET_DIR:-$PWD/target}"

python3 bench/provider/bench.py \
  --binary "$target/release/terraform-provider-score" \
  --terraform "$terraform" \
  --runs "${RUNS:-200}" \
  --validate-runs "${VALIDATE_RUNS:-20}" \
  --out bench/provider/BENCHMARKS.md
