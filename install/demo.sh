#!/usr/bin/env bash
# The demo: installs what is missing, builds, then walks through Slipway as a pusher sees it,
# in a temp dir, on the embedded defaults. Each step says what it expects; the demo stops if
# a step does not do what it says.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/install/deps.sh"
"$root/install/build.sh" >/dev/null
export PATH="${SLIPWAY_BUILD_DIR:-$root/build}/hooks:$PATH"

demo="$(mktemp -d /tmp/slipway-demo-XXXXXX)"
export HOME="$demo/home" GIT_CONFIG_NOSYSTEM=1 TF_CLI_CONFIG_FILE=/dev/null
mkdir -p "$HOME"
git config --global user.name "Alice" && git config --global user.email alice@example.com
git config --global init.defaultBranch master && git config --global advice.detachedHead false
cd "$demo"

bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# step EXPECT CMD...: shows the command and its output; EXPECT is ok or rejected.
step() {
  local expect="$1"; shift
  printf '\033[36m$ %s\033[0m\n' "$*"
  set +e; bash -c "$*" 2>&1 | sed 's/^/  /'; local rc=${PIPESTATUS[0]}; set -e
  if { [ "$expect" = ok ] && [ "$rc" -ne 0 ]; } || { [ "$expect" = rejected ] && [ "$rc" -eq 0 ]; }; then
    echo "demo: expected this step to be $expect (exit $rc)" >&2; exit 1
  fi
}

bold "An admin creates a bare repository and installs Slipway with the default policy"
step ok "git init -q --bare server.git && slipway install server.git"
step ok "cat server.git/slipway.yaml | grep -v '^#'"

bold "Alice clones it and pushes her first commit: accepted"
step ok "git clone -q server.git alice 2>/dev/null; cd alice && echo hello > README && git add README && git commit -q -m 'first commit' && git push origin master"

bold "She rewrites history and force-pushes master: rejected, nothing moves"
step ok "cd alice && git commit -q --amend -m 'first commit, reworded'"
step rejected "cd alice && git push --force origin master"

bold "She tags a release: accepted; then tries to move the tag: rejected"
step ok "cd alice && git reset -q --hard origin/master && git tag -a v1.0.0 -m 'release 1.0.0' && git push origin v1.0.0"
step ok "cd alice && echo more >> README && git commit -q -am 'second commit' && git push -q origin master"
step rejected "cd alice && git tag -f -a v1.0.0 -m 'moved' && git push --force origin v1.0.0"

bold "A lightweight tag, and a push to Slipway's own refs: both rejected in one go"
step rejected "cd alice && git tag quick && git push origin quick HEAD:refs/slipway/deployed/prod"

echo
echo "demo: done; everything above ran in $demo (remove it when finished)"
