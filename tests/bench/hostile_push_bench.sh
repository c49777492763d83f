#!/usr/bin/env bash
# Benchmark (not a test): what each hostile push of the e2e suite costs the server. Every test
# case in tests/e2e/hostile_*_test.cpp replays one attack with real pushes; this runs each one with the hooks
# under /usr/bin/time and prints, per case, the slowest hook run (wall) and the largest
# resident set (the hook and every program it waited for), as a ratio to an ordinary push
# measured in the same run, against the promise of docs/security.md: < 2 s and < 256 MB.
#   tests/bench/hostile_push_bench.sh [CATCH-TEST-SPEC]   (default: every case of those files;
#                                                          build first: install/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${SLIPWAY_BUILD_DIR:-$root/build}"
# Catch2's file name tags ([#hostile_yaml_test]) select the cases of each file.
filter="${1:-$(cd "$root/tests/e2e" && ls hostile_*_test.cpp | sed -e 's/^/[#/' -e 's/\.cpp$/]/' | paste -sd,)}"
# An ordinary push: the deployment template's manifests through the gate, accepted and rendered.
baseline="${SLIPWAY_BENCH_BASELINE:-deployment template: a push to master renders preprod, live, into a commit per deploy}"
e2e="$build/tests/slipway_e2e_tests"
[ -x "$e2e" ] || { echo "bench: $e2e is missing: run install/build.sh first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing: apt-get install time" >&2; exit 2; }
work="$(mktemp -d /tmp/slipway-hostile-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT

# Copies of the binaries (slipway install writes hooks that exec the hook binaries beside the
# running slipway, so the copy makes installed hooks point at the wrappers).
wrap="$work/bin"
mkdir -p "$wrap"
times="$work/times"
for program in "$build"/hooks/*; do
  name="$(basename "$program")"
  [ -x "$program" ] && [ -f "$program" ] || continue
  case "$name" in
    slipway-pre-receive | slipway-post-receive)
      cp "$program" "$wrap/$name.real"
      printf '#!/bin/sh\nexec /usr/bin/time -a -o %s -f "HOOK %s %%e %%M" %s "$@"\n' \
        "$times" "$name" "$wrap/$name.real" > "$wrap/$name"
      chmod +x "$wrap/$name" ;;
    *) cp "$program" "$wrap/$name" ;;
  esac
done

# Catch2 reads ',' '[' ']' and '\' in a name as syntax: escape them to run one case.
escape() { sed -e 's/\\/\\\\/g' -e 's/,/\\,/g' -e 's/\[/\\[/g' -e 's/\]/\\]/g'; }

# measure NAME: runs one case; prints "status hooks max_wall_s max_rss_kb".
measure() {
  : > "$times"
  local spec status=ok
  spec="$(printf '%s' "$1" | escape)"
  SLIPWAY_E2E_BINARY_DIR="$wrap" TF_CLI_CONFIG_FILE=/dev/null "$e2e" "$spec" >"$work/out" 2>&1 || status=FAILED
  awk -v status="$status" '$1 == "HOOK" && $2 == "slipway-pre-receive" {
      n++; if ($3 > wall) wall = $3; if ($4 > rss) rss = $4 }
    $1 == "HOOK" && $4 > rss { rss = $4 }
    END { printf "%s %d %.2f %d\n", status, n, wall, rss }' "$times"
}

read -r b_status b_hooks b_wall b_rss < <(measure "$baseline")
[ "$b_status" = ok ] && [ "$b_hooks" -gt 0 ] || {
  echo "bench: the baseline case \"$baseline\" did not run (status $b_status, $b_hooks pushes)" >&2
  cat "$work/out" >&2
  exit 2
}
printf 'baseline (%s): pre-receive %.2f s, %d MB\n\n' "$baseline" "$b_wall" "$((b_rss / 1024))"
printf '| case | pushes | slowest pre-receive | ratio | largest RSS | ratio | within 2 s, 256 MB |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'
over=0
while IFS= read -r name; do
  [ -n "$name" ] || continue
  read -r status hooks wall rss < <(measure "$name")
  verdict=yes
  if [ "$status" != ok ]; then verdict="test FAILED"; over=1
  elif [ "$hooks" -eq 0 ]; then verdict="no push (a CLI case)"
  elif awk -v w="$wall" -v r="$rss" 'BEGIN { exit !(w >= 2 || r >= 256 * 1024) }'; then verdict=NO; over=1
  fi
  awk -v n="$name" -v h="$hooks" -v w="$wall" -v r="$rss" -v bw="$b_wall" -v br="$b_rss" -v v="$verdict" \
    'BEGIN { printf "| %s | %d | %.2f s | %.1f | %d MB | %.1f | %s |\n", n, h, w, (bw > 0 ? w / bw : 0), r / 1024, r / br, v }'
done < <("$e2e" -# --list-test-names-only "$filter" | sed -e '/^$/d' -e '/test case/d')
exit "$over"
