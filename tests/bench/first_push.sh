#!/usr/bin/env bash
# Benchmark (not a test): the time Slipway's hooks add to a first push of N new ConfigMaps (one
# file each, one commit) judged strictly against tests/data/k8s/definitions.json, as the
# difference to the same push into a repository without hooks, pushed alternately in the same
# run (median of ROUNDS pairs, each into fresh bare repositories: every push is a first one,
# with no verdict cache and no identity store). The policy names the paths and no
# environment, so nothing deploys: the time is the gate's and the ledger's.
# Also the peak RSS of slipway-pre-receive judging the same push alone (getrusage of the
# child, through /usr/bin/time), in a fresh repository holding the objects.
# With SLIPWAY_BASELINE_BUILD_DIR set, a third repository per round is hooked with that
# build's binaries (the "before" of a change), so both builds are measured in one run.
#   tests/bench/first_push.sh [ROUNDS] [SIZES...]   (defaults: 3, 1000 10000 50000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$(cd "${SLIPWAY_BUILD_DIR:-$root/build}/hooks" && pwd)"
base_bin=""
[ -z "${SLIPWAY_BASELINE_BUILD_DIR:-}" ] || base_bin="$(cd "$SLIPWAY_BASELINE_BUILD_DIR/hooks" && pwd)"
data="${SLIPWAY_TEST_DATA_DIR:-$root/tests/data}"
rounds="${1:-3}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
work="$(mktemp -d /tmp/slipway-fpbench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com GL_USERNAME=bench
mkdir -p "$HOME"
cd "$work"

cat > policy.yaml <<POLICY
version: 1
manifests:
  paths: [configs]
  schemas: [$data/k8s/definitions.json]
  rules:
    required-labels: {labels: [app]}
    deprecated-api: {kubernetes_version: "1.29"}
POLICY

# N ConfigMaps, configs/cm-00001.yaml ..., through fast-import (one commit).
make_repo() {
  local n=$1 dir=$2
  git init -q -b master "$dir"
  awk -v n="$n" 'BEGIN {
    printf "commit refs/heads/master\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 4\nseed\n"
    for (i = 1; i <= n; i++) {
      name = sprintf("cm-%05d", i)
      body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " name "\n  labels:\n    app: " name \
             "\ndata:\n  key: value-" i "\n  other: \"" i "\"\n"
      printf "M 644 inline configs/%s.yaml\ndata %d\n%s\n", name, length(body), body
    }
  }' | git -C "$dir" fast-import --quiet
}

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

kinds=(plain hooked)
[ -z "$base_bin" ] || kinds+=(baseline)
printf 'bench: %-9s %10s %10s %10s %7s' manifests "no hooks" "hooks" "added" ratio
[ -z "$base_bin" ] || printf ' %14s' "baseline added"
printf ' %12s\n' "pre-rcv RSS"
for n in "${sizes[@]}"; do
  make_repo "$n" "src-$n"
  declare -A times=()
  for i in $(seq 1 "$rounds"); do
    order=("${kinds[@]}")
    case $((i % ${#kinds[@]})) in 1) order=("${kinds[@]:1}" "${kinds[0]}") ;; 2) order=("${kinds[@]:2}" "${kinds[@]:0:2}") ;; esac
    for k in "${order[@]}"; do
      rm -rf "$k.git"
      git init -q --bare -b master "$k.git"
      case $k in
        hooked) "$bin/slipway" install "$k.git" --policy policy.yaml >/dev/null ;;
        baseline) "$base_bin/slipway" install "$k.git" --policy policy.yaml >/dev/null ;;
      esac
      t0=$(ms)
      if ! git -C "src-$n" push -q "$work/$k.git" master 2>"$k.err"; then
        echo "bench: push to $k rejected:" >&2
        cat "$k.err" >&2
        exit 1
      fi
      t1=$(ms)
      times[$k]="${times[$k]:-} $((t1 - t0))"
    done
  done
  # Peak RSS: the pre-receive alone, on a fresh repository that already holds the objects.
  rm -rf rss.git
  git init -q --bare -b master rss.git
  "$bin/slipway" install rss.git --policy policy.yaml >/dev/null
  git -C rss.git fetch -q "$work/src-$n" master:refs/bench/seed # a fetch runs no hooks
  head=$(git -C rss.git rev-parse refs/bench/seed)
  zero=0000000000000000000000000000000000000000
  echo "$zero $head refs/heads/master" |
    GIT_DIR="$work/rss.git" /usr/bin/time -f '%M' -o rss.txt "$bin/slipway-pre-receive" >/dev/null 2>&1 || true
  rss_kb=$(tail -n 1 rss.txt)
  # shellcheck disable=SC2086
  p=$(median ${times[plain]}) h=$(median ${times[hooked]})
  printf 'bench: %-9s %7s ms %7s ms %7s ms %6.1fx' "$n" "$p" "$h" "+$((h - p))" "$(awk -v p="$p" -v h="$h" 'BEGIN { print h / p }')"
  if [ -n "$base_bin" ]; then
    # shellcheck disable=SC2086
    b=$(median ${times[baseline]})
    printf ' %11s ms' "+$((b - p))"
  fi
  printf ' %9s MB\n' "$((rss_kb / 1024))"
  unset times
  rm -rf "src-$n" ./*.git
done
echo "bench: added = with hooks - without, median of $rounds first pushes each, alternating"
