#!/usr/bin/env bash
# Benchmark (not a test): what Debian's libgit2 costs each hook before any work, by loading its
# TLS library's view of the system CA bundle inside git_libgit2_init. Slipway never talks to a
# remote through libgit2, so that load is pure fixed cost.
#
# The same push of 1 commit is made three ways, alternating, each inside bubblewrap so that all
# pay the same wrapper: into a repository without hooks; into one with Slipway's hooks; into one
# with Slipway's hooks while /etc/ssl is an empty tmpfs (libgit2 then finds no bundle to parse:
# everything else is identical). The figures are medians of ROUNDS; the ratio compares what the
# hooks add with and without the bundle. Then callgrind counts the instructions of the smallest
# run of a Slipway binary (`slipway --version`) both ways, a figure the machine's load does not
# move.
#
# With SLIPWAY_NOHTTPS_BUILD_DIR naming a build configured with -DSLIPWAY_LIBGIT2_PREFIX (a
# libgit2 from install/libgit2-without-https.sh), a fourth repository gets that build's hooks,
# and its push joins the rotation: the remedy measured beside the cost.
#   tests/bench/fixed_cost.sh [ROUNDS]   (ROUNDS defaults to 30; build first: install/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SLIPWAY_BUILD_DIR:-$root/build}/hooks"
rounds="${1:-30}"
work="$(mktemp -d /tmp/slipway-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com GL_USERNAME=bench
mkdir -p "$HOME"
cd "$work"

bundle=/etc/ssl/certs/ca-certificates.crt
[ -r "$bundle" ] || { echo "bench: $bundle is missing: nothing to measure" >&2; exit 1; }
wrap() { bwrap --bind / / --dev /dev --proc /proc "$@"; }
no_bundle() { bwrap --bind / / --dev /dev --proc /proc --tmpfs /etc/ssl "$@"; }

git init -q -b master work
echo 0 > work/bench.txt
git -C work add bench.txt && git -C work commit -q -m "bench 0"
repos=(plain hooked bare_ssl)
nohttps="${SLIPWAY_NOHTTPS_BUILD_DIR:-}"
[ -n "$nohttps" ] && repos+=(nohttps)
for s in "${repos[@]}"; do
  git init -q --bare "$s.git"
  git -C work remote add "$s" "$work/$s.git"
done
"$bin/slipway" install hooked.git >/dev/null
"$bin/slipway" install bare_ssl.git >/dev/null
[ -n "$nohttps" ] && "$nohttps/hooks/slipway" install nohttps.git >/dev/null
for s in "${repos[@]}"; do git -C work push -q "$s" master 2>/dev/null; done

ms() { echo $(( $(date +%s%N) / 1000000 )); }
declare -A times
for i in $(seq 1 "$rounds"); do
  echo "$i" > work/bench.txt
  git -C work add bench.txt && git -C work commit -q -m "bench $i"
  # Rotate which goes first so caches favour none.
  k=$((i % ${#repos[@]}))
  order=("${repos[@]:k}" "${repos[@]:0:k}")
  for r in "${order[@]}"; do
    if [ "$r" = bare_ssl ]; then run=no_bundle; else run=wrap; fi
    t0=$(ms); $run git -C work push -q "$r" master 2>/dev/null; t1=$(ms)
    times[$r]+="$((t1 - t0)) "
  done
done
median() { printf '%s\n' $@ | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
p=$(median ${times[plain]}); h=$(median ${times[hooked]}); n=$(median ${times[bare_ssl]})
echo "bench: push of 1 commit, median of $rounds rounds, each inside bwrap"
echo "bench:   without hooks:                      ${p} ms"
echo "bench:   with Slipway:                       ${h} ms (+$((h - p)) ms)"
echo "bench:   with Slipway, no CA bundle to load: ${n} ms (+$((n - p)) ms)"
if [ -n "$nohttps" ]; then
  x=$(median ${times[nohttps]})
  echo "bench:   with Slipway on libgit2 without HTTPS: ${x} ms (+$((x - p)) ms)"
fi
if [ $((h - p)) -gt 0 ]; then
  awk -v a=$((n - p)) -v b=$((h - p)) 'BEGIN { printf "bench:   hooks added without / with the bundle: %.2f\n", a / b }'
  [ -n "$nohttps" ] && awk -v a=$((x - p)) -v b=$((h - p)) \
    'BEGIN { printf "bench:   hooks added on libgit2 without HTTPS / Debian'"'"'s: %.2f\n", a / b }'
fi

if command -v valgrind >/dev/null; then
  count() { "$1" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$2/slipway" --version 2>&1 >/dev/null |
              awk '/Collected/ {print $NF}'; }
  with=$(count wrap "$bin"); without=$(count no_bundle "$bin")
  echo "bench: slipway --version: ${with} instructions, ${without} without the bundle"
  awk -v a="$without" -v b="$with" 'BEGIN { printf "bench:   the bundle is %.0f %% of them\n", 100 * (b - a) / b }'
  if [ -n "$nohttps" ]; then
    echo "bench: slipway --version on libgit2 without HTTPS: $(count wrap "$nohttps/hooks") instructions"
  fi
fi
