#!/usr/bin/env bash
# Benchmark (not a test): the time Slipway's hooks add to a push of 1 commit into a repository
# with 10,000 commits and 1,000 refs, as a ratio to the same push into the same repository
# without hooks, measured in the same run (alternating, median of N rounds).
#   tests/bench/gate_push_bench.sh [ROUNDS]   (build first: install/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SLIPWAY_BUILD_DIR:-$root/build}/hooks"
rounds="${1:-40}"
work="$(mktemp -d /tmp/slipway-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com GL_USERNAME=bench
mkdir -p "$HOME"
cd "$work"

# 10,000 commits on master through fast-import (each touching one of 100 files).
git init -q -b master src
awk 'BEGIN {
  for (i = 1; i <= 10000; i++) {
    msg = "commit " i; body = i "\n"
    printf "commit refs/heads/master\ncommitter Bench <bench@example.com> %d +0000\n", 1700000000 + i
    printf "data %d\n%s\n", length(msg), msg
    printf "M 644 inline f%02d.txt\ndata %d\n%s\n", i % 100, length(body), body
  }
}'  | git -C src fast-import --quiet
# 1,000 refs: 700 branches and 300 annotated tags spread over the history.
git -C src rev-list master | awk 'NR % 10 == 1' | head -n 1000 > revs
n=0
while read -r rev; do
  n=$((n + 1))
  if [ $n -le 700 ]; then echo "create refs/heads/feature/b$n $rev"; fi
done < revs | git -C src update-ref --stdin
tail -n 300 revs | nl -ba | while read -r i rev; do git -C src tag -a "v1.0.$i" -m "v1.0.$i" "$rev"; done
git -C src gc -q
echo "bench: source repo: $(git -C src rev-list --count master) commits, $(git -C src for-each-ref | wc -l) refs"

for s in plain hooked; do
  git clone -q --bare src "$s.git"
done
"$bin/slipway" install hooked.git >/dev/null
git clone -q src work
git -C work remote add plain "$work/plain.git"
git -C work remote add hooked "$work/hooked.git"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
plain_times=() hooked_times=()
for i in $(seq 1 "$rounds"); do
  echo "$i" > work/bench.txt
  git -C work add bench.txt && git -C work commit -q -m "bench $i"
  # Alternate which one goes first so caches favour neither.
  order=(plain hooked); [ $((i % 2)) -eq 0 ] && order=(hooked plain)
  for r in "${order[@]}"; do
    t0=$(ms); git -C work push -q "$r" master 2>/dev/null; t1=$(ms)
    if [ "$r" = plain ]; then plain_times+=($((t1 - t0))); else hooked_times+=($((t1 - t0))); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
p=$(median "${plain_times[@]}"); h=$(median "${hooked_times[@]}")
echo "bench: push of 1 commit, median of $rounds rounds"
echo "bench:   without hooks  ${p} ms"
echo "bench:   with slipway   ${h} ms  (+$((h - p)) ms)"
awk -v p="$p" -v h="$h" 'BEGIN { printf "bench:   ratio          %.2f\n", h / p }'

# The gate alone: slipway-pre-receive judging a fast-forward of master, run directly.
old=$(git -C hooked.git rev-parse master~1) new=$(git -C hooked.git rev-parse master)
gate_times=()
for i in $(seq 1 "$rounds"); do
  t0=$(date +%s%N)
  echo "$old $new refs/heads/master" | GIT_DIR="$work/hooked.git" "$bin/slipway-pre-receive" 2>/dev/null
  t1=$(date +%s%N)
  gate_times+=($(( (t1 - t0) / 1000 )))
done
g=$(median "${gate_times[@]}")
awk -v g="$g" 'BEGIN { printf "bench:   pre-receive alone %.1f ms (process start included)\n", g / 1000 }'
