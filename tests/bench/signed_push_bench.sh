#!/usr/bin/env bash
# Benchmark (not a test): what `signatures: {commits: required}` costs a push of 100 SSH-signed
# commits, against the same push into a repository whose policy has no signatures rule
# (same users, same invocation), with the verdict cache cold (emptied before each push) and
# warm (a second new ref at the same commits: every verdict a hit). Median of ROUNDS.
#   tests/bench/signed_push_bench.sh [ROUNDS]   (build first: install/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SLIPWAY_BUILD_DIR:-$root/build}/hooks"
rounds="${1:-5}"
commits=100
work="$(mktemp -d /tmp/slipway-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.com \
       GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.com GL_USERNAME=alice
mkdir -p "$HOME"
cd "$work"

ssh-keygen -q -t ed25519 -N '' -C alice@bench -f alice-key
users="version: 1
users:
  alice:
    emails: [alice@example.com]
    keys: ['$(cat alice-key.pub)']"
printf '%s\n' "$users" > baseline.yaml
printf '%s\nrefs:\n  - match: refs/heads/*\n    signatures: {commits: required}\n' "$users" \
  > signed.yaml

git init -q -b master work
git -C work commit -q --allow-empty -m init
for s in baseline signed; do
  git init -q --bare -b master "$s.git"
  git -C work push -q "$work/$s.git" master
  "$bin/slipway" install "$s.git" --policy "$s.yaml" >/dev/null
done
git -C work checkout -q -b topic
for i in $(seq 1 "$commits"); do
  echo "$i" > work/f.txt
  git -C work add f.txt
  git -C work -c gpg.format=ssh -c user.signingkey="$work/alice-key" commit -q -S -m "c$i"
done
echo "bench: $commits SSH-signed commits on topic"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
push() { # repo ref
  local t0 t1
  t0=$(ms)
  git -C work push -q "$work/$1.git" "topic:refs/heads/$2" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  t1=$(ms)
  echo $((t1 - t0))
}
base=() cold=() warm=()
for i in $(seq 1 "$rounds"); do
  base+=($(push baseline "b$i"))
  rm -rf signed.git/slipway/cache/signatures
  cold+=($(push signed "c$i"))
  warm+=($(push signed "w$i"))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
b=$(median "${base[@]}") c=$(median "${cold[@]}") w=$(median "${warm[@]}")
echo "bench: push of $commits signed commits (a new ref), median of $rounds rounds"
echo "bench:   no signatures rule      ${b} ms"
awk -v b="$b" -v c="$c" -v n="$commits" 'BEGIN {
  printf "bench:   signatures, cold cache  %d ms  (ratio %.2f, +%.1f ms/commit)\n", c, c / b, (c - b) / n }'
awk -v b="$b" -v w="$w" -v n="$commits" 'BEGIN {
  printf "bench:   signatures, warm cache  %d ms  (ratio %.2f, +%.2f ms/commit)\n", w, w / b, (w - b) / n }'
echo "bench:   cache entries: $(find signed.git/slipway/cache/signatures -type f | wc -l)"
