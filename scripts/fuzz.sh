#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for a bounded time with cargo fuzz, starting
# from its seed corpus, and prints one summary line per target: executions, coverage, corpus.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Defaults: 30 seconds, every target. FUZZ_SEED fixes libFuzzer's random seed (the test suite
# uses 1, so a CI run can be repeated); without it each run draws one and prints it. A finding (crash, panic, timeout, out-of-memory) stops
# the run with exit 1 and leaves the input under fuzz/artifacts/<target>/; copy it to
# fuzz/regressions/<target>/ and `cargo test -p score-fuzz` replays it from then on.
#
# cargo fuzz comes from crates.io (pinned, installed into .fuzz-tools/). It runs on the stable
# toolchain with `--sanitizer none`: the project forbids `unsafe`, so AddressSanitizer would
# only watch dependencies, and it needs nightly, which a fresh machine does not have. Debug
# assertions are on, so an integer overflow is a finding too.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(score_file placeholder definitions dynamic_value generate)
fi

cargo_fuzz_version=0.13.2
tools="$PWD/.fuzz-tools"
if ! "$tools/bin/cargo-fuzz" --version 2>/dev/null | grep -q "$cargo_fuzz_version"; then
  echo "==> installing cargo-fuzz $cargo_fuzz_version into .fuzz-tools/" >&2
  cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked --root "$tools" --quiet
fi
export PATH="$tools/bin:$PATH"

# The release profile's LTO and single codegen unit make release binaries small; for fuzz
# targets they only make the build slow.
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
flags=(--sanitizer none --debug-assertions --features libfuzzer)

echo "==> building the fuzz targets" >&2
cargo fuzz build "${flags[@]}"

seed="${FUZZ_SEED:-$RANDOM}"
echo "==> seed $seed (FUZZ_SEED=$seed repeats this run)" >&2

summary=()
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  artifacts="fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  log="$(mktemp)"
  echo "==> $target for ${seconds}s" >&2
  # New inputs go to the first folder (fuzz/corpus, not committed); the seeds are read only.
  # -timeout: an input that takes 10 s is a finding, as is one that needs 2 GiB.
  if ! cargo fuzz run "${flags[@]}" "$target" "$corpus" "fuzz/seeds/$target" -- \
    -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz: $target found a problem; the input is in $artifacts/" >&2
    rm -f "$log"
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  status="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 | sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//')"
  line="$(printf '%-14s %10s runs in %ss  %s' "$target" "${runs:-?}" "$seconds" "$status")"
  # Printed as each target ends too, so a later finding does not hide the earlier runs.
  echo "    $line" >&2
  summary+=("$line")
  rm -f "$log"
done

echo "==> fuzzing found nothing" >&2
printf '%s\n' "${summary[@]}"
