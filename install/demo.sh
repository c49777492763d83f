#!/usr/bin/env bash
# The demo: installs what is missing, builds, then walks through Slipway as a pusher sees it,
# in a temp dir, on the embedded defaults. Each step says what it expects; the demo stops if
# a step does not do what it says.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/install/deps.sh"
# The build takes minutes: one progress line (updated in place on a terminal, a line every 10%
# otherwise) instead of every compiler command; on failure, the build's output.
build_log="$(mktemp /tmp/slipway-build-XXXXXX.log)"
if ! "$root/install/build.sh" 2>&1 | tee "$build_log" | "$root/install/progress.sh"; then
  echo "demo: the build failed; its output (also in $build_log):" >&2
  tail -n 80 "$build_log" >&2
  exit 1
fi
rm -f "$build_log"
export PATH="${SLIPWAY_BUILD_DIR:-$root/build}/hooks:$PATH"

demo="$(mktemp -d /tmp/slipway-demo-XXXXXX)"
export HOME="$demo/home" GIT_CONFIG_NOSYSTEM=1 TF_CLI_CONFIG_FILE=/dev/null
# The pusher, as a git front end (GitLab, Gitea) would name her to the hooks.
export GL_USERNAME=alice
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

bold "Part 1 — the gate: an admin creates a bare repository and installs the default policy"
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

bold "Part 2 — the deployment repository (Kubernetes manifests; no cluster: rendered into git)"
step ok "git init -q --bare deploy.git && slipway install deploy.git --template deployment"
step ok "sed -n '/^environments:/,\$p' deploy.git/slipway.yaml"

bold "Alice pushes three services to master: preprod deploys while she watches"
step ok "git clone -q deploy.git deploy 2>/dev/null; cp -R '$root/templates/deployment/.' deploy/ && cd deploy && rm slipway.yaml && git add -A && git commit -q -m 'three services' && git push origin master"
step ok "cd deploy && git fetch -q origin 'refs/slipway/*:refs/slipway/*' && git ls-tree -r --name-only refs/slipway/rendered/preprod | grep -c yaml | grep -qx 6 && git log -1 --format=%s refs/slipway/rendered/preprod"

bold "A new cart image: the next rendering differs in exactly that line"
step ok "cd deploy && sed -i 's/cart:4f1c2a7e[0-9a-f]*/cart:0123456789abcdef0123456789abcdef01234567/' services/cart/deployment.yaml && git commit -q -am 'cart: new image' && git push origin master"
step ok "cd deploy && git fetch -q origin 'refs/slipway/*:refs/slipway/*' && git diff --stat refs/slipway/rendered/preprod~1 refs/slipway/rendered/preprod | grep -q '1 file changed' && git diff -U0 refs/slipway/rendered/preprod~1 refs/slipway/rendered/preprod | grep '^[-+] '"

bold "Two commits in one push: preprod runs the newest; its parent never ran there"
step ok "cd deploy && sed -i 's/replicas: 2/replicas: 3/' services/frontend/deployment.yaml && git commit -q -am 'frontend: 3 replicas' && sed -i 's/replicas: 2/replicas: 3/' services/payments/deployment.yaml && git commit -q -am 'payments: 3 replicas' && git push origin master"

bold "A manifest with an unpinned image and no resources: rejected at its file:line:col"
step rejected "cd deploy && git checkout -q -b feature/search && mkdir -p services/search && sed -e 's/frontend/search/g' -e 's/:9be01d2[0-9a-f]*/:latest/' -e '/resources:/,\$d' services/frontend/deployment.yaml > services/search/deployment.yaml && git add -A && git commit -q -m 'search service' && git push origin feature/search"
step ok "cd deploy && slipway check --policy ../deploy.git/slipway.yaml master..feature/search || true"

bold "Fixed: the feature branch deploys to staging"
step ok "cd deploy && cp services/frontend/deployment.yaml services/search/deployment.yaml && sed -i 's/frontend/search/g' services/search/deployment.yaml && git commit -q -am 'search: pinned image, resources' && git push origin feature/search && git checkout -q master"

bold "Promotion: a tag of that untested commit is rejected; a tag of the tested one deploys to prod"
step rejected "cd deploy && git tag -a v1.0.0 -m 'release 1.0.0' HEAD~1 && git push origin v1.0.0"
step ok "cd deploy && git tag -d v1.0.0 >/dev/null && git tag -a v1.0.0 -m 'release 1.0.0' && git push origin v1.0.0"
step ok "test \"\$(git -C deploy.git rev-parse refs/slipway/deployed/prod)\" = \"\$(git -C deploy rev-parse HEAD)\""

bold "Rollback is git revert + push: payments goes back to what ran before"
step ok "cd deploy && git revert --no-edit HEAD >/dev/null && git push origin master"
step ok "cd deploy && git fetch -q origin 'refs/slipway/*:refs/slipway/*' && git diff --quiet refs/slipway/rendered/preprod~2 refs/slipway/rendered/preprod -- preprod/deployment-payments.yaml && git diff -U0 refs/slipway/rendered/preprod~1 refs/slipway/rendered/preprod | grep '^[-+] '"

bold "Removing a service is deleting its directory: the engine prunes what it deployed"
step ok "cd deploy && git rm -r -q services/payments && git commit -q -m 'retire payments' && git push origin master 2>&1 | tee ../push.log && grep -q 'removed preprod/deployment-payments.yaml' ../push.log"
step ok "cd deploy && git fetch -q origin 'refs/slipway/*:refs/slipway/*' && ! git ls-tree -r --name-only refs/slipway/rendered/preprod | grep payments && echo 'payments is gone from preprod'"

bold "The ledger: every push and deploy, who and what; what runs where; the chain verifies"
step ok "slipway status deploy.git"
step ok "slipway log deploy.git --limit 8"
step ok "slipway audit verify deploy.git"

bold "Part 3 — the infrastructure repository (Terraform, ops and apps workspaces, local state)"
step ok "git init -q --bare infra.git && slipway install infra.git --template infrastructure"
step ok "git clone -q infra.git infra 2>/dev/null; cp -R '$root/templates/infrastructure/.' infra/ && cd infra && rm slipway.yaml && git add -A && git commit -q -m 'three environments' && git push origin master"

bold "A sloppy change on a feature branch: terraform fmt and validate reject it"
step ok "cd infra && git checkout -q -b feature/bigger-staging && printf 'output \"nodes\" {\nvalue=var.node\n}\n' > staging/nodes.tf && git add -A && git commit -q -m 'staging: nodes output'"
step rejected "cd infra && git push origin feature/bigger-staging"

bold "Fixed: the feature branch is validated and planned (it deploys nowhere)"
step ok "cd infra && rm staging/nodes.tf && sed -i 's/node_count  = 2/node_count  = 4/' staging/main.tf && git add -A && git commit -q --amend -m 'staging: 4 nodes' && git push origin feature/bigger-staging"

bold "Merged to master: only the changed root module is applied, to its ops workspace"
step ok "cd infra && git checkout -q master && git merge -q --ff-only feature/bigger-staging && git push origin master 2>&1 | tee ../push.log && grep -q 'terraform prod (ops): unchanged since' ../push.log"

bold "A tag of what ops runs is applied to apps"
step ok "cd infra && git tag -a v1.0.0 -m 'release 1.0.0' && git push origin v1.0.0"

bold "State lives on the server, under infra.git/slipway/, never in the repository"
step ok "ls infra.git/slipway/terraform/staging/state/terraform.tfstate.d && cd infra && test -z \"\$(git ls-files '*.tfstate')\""
step ok "ls infra.git/slipway/logs/*/"

echo
echo "demo: done; everything above ran in $demo (remove it when finished)"
