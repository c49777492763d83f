#!/usr/bin/env bash
# Benchmark (not a test): what a deploy target that writes a lot costs post-receive and the
# ledger. One push deploys a command target that prints MB megabytes of base64 lines (text
# that compresses by about a quarter, so the cap is reached), under /usr/bin/time; prints
# post-receive's peak RSS, the ledger's growth and an idle deploy's peak for comparison.
#   tests/bench/deploy_output_bench.sh [MB]   (MB defaults to 100; build first: install/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SLIPWAY_BUILD_DIR:-$root/build}/hooks"
mb="${1:-100}"
work="$(mktemp -d /tmp/slipway-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com GL_USERNAME=bench \
       PATH="$bin:$PATH"
mkdir -p "$HOME"
cd "$work"
head -c $((mb * 750000)) /dev/urandom | base64 -w 76 > big.txt

# One push of an empty commit into a fresh repository whose target runs `$1`; prints
# "<peak RSS KiB> <ledger growth bytes>".
deploy() {
  local dir="$work/$2"
  mkdir "$dir"
  git init -q --bare -b master "$dir/server.git"
  git clone -q "$dir/server.git" "$dir/work" 2>/dev/null
  git -C "$dir/work" commit -q --allow-empty -m init
  git -C "$dir/work" push -q origin master 2>/dev/null
  printf 'version: 1\nenvironments:\n  - name: preprod\n    refs: refs/heads/master\n    targets:\n      - command: {run: [sh, -c, "%s"]}\n' \
    "$1" > "$dir/policy.yaml"
  slipway install "$dir/server.git" --policy "$dir/policy.yaml" > /dev/null
  sed -i "s|^exec |exec /usr/bin/time -f %M -o $dir/rss |" "$dir/server.git/hooks/post-receive"
  local ledger="$dir/server.git/slipway/ledger.db" before
  before=$(stat -c %s "$ledger")
  git -C "$dir/work" commit -q --allow-empty -m next
  git -C "$dir/work" push origin master > "$dir/push.out" 2>&1
  echo "$(tail -n 1 "$dir/rss") $(($(stat -c %s "$ledger") - before))"
}

read -r idle_rss _ < <(deploy "echo hello" idle)
read -r big_rss big_growth < <(deploy "cat $work/big.txt" big)
echo "bench: $(($(stat -c %s big.txt) / 1000000)) MB of output, the default cap (8 MiB)"
echo "bench: post-receive peak RSS: $((big_rss / 1024)) MB (idle deploy: $((idle_rss / 1024)) MB)"
echo "bench: ledger grew by $((big_growth / 1024)) KiB"
