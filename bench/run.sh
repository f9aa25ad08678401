#!/usr/bin/env bash
# Every benchmark of the repository, one report: bench/BENCHMARKS.md (machine, date, medians,
# ratios). Not part of the test suite. Needs the test bed (bash scripts/testbed.sh), python3,
# openssl and /usr/bin/time (Debian: apt-get install time).
#
#   bash bench/run.sh                 # SIZES=100,1000 PLANS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."

testbed="${SCORE_TESTBED_DIR:-$PWD/.testbed}"
terraform="$testbed/bin/terraform"
[[ -x "$terraform" ]] || { echo "no Terraform at $terraform: run 'bash scripts/testbed.sh'" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --locked -p terraform-provider-score -p score2hcl
target="$(cargo metadata -q --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
out="bench/BENCHMARKS.md"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

{
  echo "# Benchmarks"
  echo
  echo "Written by \`bash bench/run.sh\` (release builds); not part of the test suite."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(uname -sr)"
  echo "- Terraform: $(env -u TF_CLI_CONFIG_FILE "$terraform" version | head -n 1)"
  echo
  echo "## In-process pipelines (cargo bench)"
  echo
  echo '```text'
  cargo bench -q --locked -p score2hcl --bench generate 2>/dev/null | grep -v '^$'
  cargo bench -q --locked -p score-core --bench definitions 2>/dev/null | grep -v '^$'
  echo '```'
  echo
  echo "Targets: generate 1 workload < 50 ms, 1,000 workloads < 2 s; cost near linear"
  echo "(fitted exponent close to 1)."
  echo
  echo "## score2hcl generate, whole process"
  echo
  python3 bench/generate_process.py --binary "$target/release/score2hcl"
  echo
  python3 bench/terraform/bench.py --binary "$target/release/terraform-provider-score" \
    --terraform "$terraform" --sizes "${SIZES:-100,1000}" --plans "${PLANS:-3}"
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "wrote $out; the provider process benchmarks are in bench/provider/ (bash bench/provider/run.sh)" >&2
