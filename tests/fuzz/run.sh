#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++-16 (AddressSanitizer) into build-fuzz/ and runs each
# for SECONDS (default 60): first on every kept regression input (a crash there fails at once),
# then fuzzing from the seed corpus. A crash, leak, timeout or out-of-memory input is saved into
# tests/fuzz/regressions/<target>/ and fails the run: commit it with the fix.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"
shift || true
build="${SLIPWAY_FUZZ_BUILD_DIR:-$root/build-fuzz}"
clang="${SLIPWAY_FUZZ_CXX:-clang++-16}"
if ! command -v "$clang" >/dev/null 2>&1; then
  echo "fuzz: $clang is not installed (Debian: clang-16 libclang-rt-16-dev; install/deps.sh installs them)" >&2
  exit 1
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$clang" \
  -DSLIPWAY_FUZZ=ON -DSLIPWAY_TESTS=OFF >/dev/null
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_yaml_loader fuzz_policy fuzz_image_reference fuzz_hcl_outline
                                     fuzz_ref_update fuzz_escape)
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null
status=0
for t in "${targets[@]}"; do
  seeds="$root/tests/fuzz/corpus/$t"
  kept="$root/tests/fuzz/regressions/$t"
  work="$build/corpus/$t"
  mkdir -p "$work" "$kept"
  if [ -n "$(ls -A "$kept")" ]; then
    "$build/tests/fuzz/$t" -rss_limit_mb=2048 "$kept"/* >"$build/$t.regressions.log" 2>&1 || {
      echo "fuzz: $t fails on a kept regression input (see $build/$t.regressions.log)"; status=1; continue; }
  fi
  dirs=("$work")
  [ -d "$seeds" ] && dirs+=("$seeds")
  if "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -artifact_prefix="$kept/" -print_final_stats=1 "${dirs[@]}" \
       >"$build/$t.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/$t.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $t: ok, $runs runs in ${seconds}s"
  else
    echo "fuzz: $t: FAILED; the input is in $kept/ (log: $build/$t.log)"
    tail -n 30 "$build/$t.log"
    status=1
  fi
done
exit $status
