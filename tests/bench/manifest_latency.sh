#!/usr/bin/env bash
# Benchmark (not a test): the time the manifest checks add to a push that changes 1 manifest,
# in repositories of 100, 1,000 and 10,000 manifests. Each size has three bare copies of one
# repository, pushed alternately in the same run: without hooks, with Slipway's default policy
# (no manifests: section), and with a manifests: section judging strictly against
# tests/data/k8s/definitions.json. Median of ROUNDS pushes each.
# With --kustomize the repository also holds a kustomization (services/shop/overlays/prod over
# services/shop/base) and the push changes the base's Deployment instead, so the gate renders
# the overlay with `kubectl kustomize` (kubectl on the PATH) from a checkout of the pushed tree;
# the policy then names its paths and no environment, so nothing deploys after the push and the
# time added is the gate's alone (a deploy renders every kustomization of the environment).
#   tests/bench/manifest_latency.sh [--kustomize] [ROUNDS] [SIZES...]   (build first: install/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SLIPWAY_BUILD_DIR:-$root/build}/hooks"
data="${SLIPWAY_TEST_DATA_DIR:-$root/tests/data}"
kustomize=no
if [ "${1:-}" = --kustomize ]; then
  kustomize=yes
  shift
fi
rounds="${1:-21}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
work="$(mktemp -d /tmp/slipway-mbench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com GL_USERNAME=bench
mkdir -p "$HOME"
cd "$work"

if [ "$kustomize" = no ]; then
  units='environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - kubernetes: {paths: [services], namespace: preprod}
manifests:'
else
  units='manifests:
  paths: [services]'
fi
cat > manifests-policy.yaml <<POLICY
version: 1
$units
  schemas: [$data/k8s/definitions.json]
  rules:
    image-registry: {allow: [registry.example.com/]}
    required-labels: {labels: [app]}
    deprecated-api: {kubernetes_version: "1.29"}
POLICY

# One valid Deployment per service directory, through fast-import (one commit); with
# --kustomize, one more service as a base and an overlay of it.
make_repo() {
  local n=$1 dir=$2
  git init -q -b master "$dir"
  awk -v n="$n" -v kustomize="$kustomize" '
  function deployment(name) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " name "\n  labels:\n    app: " name \
           "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: " name \
           "\n  template:\n    metadata:\n      labels:\n        app: " name \
           "\n    spec:\n      containers:\n        - name: app\n" \
           "          image: registry.example.com/" name ":4f1c2a7e9b3d5f60718293a4b5c6d7e8f9012345\n" \
           "          resources:\n            requests: {cpu: 100m, memory: 64Mi}\n" \
           "            limits: {cpu: 500m, memory: 256Mi}\n"
  }
  function file(path, body) {
    printf "M 644 inline %s\ndata %d\n%s\n", path, length(body), body
  }
  BEGIN {
    printf "commit refs/heads/master\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 4\nseed\n"
    for (i = 1; i <= n; i++) {
      name = sprintf("svc-%05d", i)
      file("services/" name "/deployment.yaml", deployment(name))
    }
    if (kustomize == "yes") {
      file("services/shop/base/deployment.yaml", deployment("shop"))
      file("services/shop/base/kustomization.yaml", "resources: [deployment.yaml]\n")
      file("services/shop/overlays/prod/kustomization.yaml", "resources: [../../base]\nnamePrefix: prod-\n")
    }
  }' | git -C "$dir" fast-import --quiet
}

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf 'bench: %-8s %10s %10s %12s %10s %14s\n' manifests "no hooks" "gate" "gate+manif." "added" "first push"
for n in "${sizes[@]}"; do
  make_repo "$n" "src-$n"
  for s in plain gate manifests; do git clone -q --bare "src-$n" "$s-$n.git"; done
  "$bin/slipway" install "gate-$n.git" >/dev/null
  "$bin/slipway" install "manifests-$n.git" --policy manifests-policy.yaml >/dev/null
  git clone -q "src-$n" "work-$n"
  for s in plain gate manifests; do git -C "work-$n" remote add "$s" "$work/$s-$n.git"; done
  file="work-$n/services/svc-00001/deployment.yaml"
  [ "$kustomize" = no ] || file="work-$n/services/shop/base/deployment.yaml"

  # The first push into the checked repository builds the target's identity store (every
  # manifest of the base parsed once); later pushes cost what they change.
  sed -i "s/replicas: .*/replicas: 1/" "$file"
  git -C "work-$n" commit -q -am "first"
  for s in plain gate; do git -C "work-$n" push -q "$s" master 2>/dev/null; done
  t0=$(ms); git -C "work-$n" push -q manifests master 2>/dev/null; t1=$(ms)
  first=$((t1 - t0))

  plain=() gate=() checked=()
  for i in $(seq 1 "$rounds"); do
    sed -i "s/replicas: .*/replicas: $((i + 2))/" "$file"
    git -C "work-$n" commit -q -am "bench $i"
    order=(plain gate manifests)
    case $((i % 3)) in 1) order=(gate manifests plain) ;; 2) order=(manifests plain gate) ;; esac
    for r in "${order[@]}"; do
      t0=$(ms)
      if ! git -C "work-$n" push -q "$r" master 2>/dev/null; then echo "bench: push to $r rejected" >&2; exit 1; fi
      t1=$(ms)
      case $r in plain) plain+=($((t1 - t0))) ;; gate) gate+=($((t1 - t0))) ;; *) checked+=($((t1 - t0))) ;; esac
    done
  done
  if [ "$kustomize" = yes ]; then # the overlay was rendered and judged: a bad base is refused
    sed -i "s/:[0-9a-f]\{40\}$/:latest/" "$file"
    git -C "work-$n" commit -q -am "unpinned"
    if git -C "work-$n" push -q manifests master 2>/dev/null; then
      echo "bench: the overlay was not judged" >&2
      exit 1
    fi
  fi
  p=$(median "${plain[@]}") g=$(median "${gate[@]}") c=$(median "${checked[@]}")
  printf 'bench: %-8s %8s ms %8s ms %10s ms %7s ms %11s ms\n' "$n" "$p" "$g" "$c" "+$((c - g))" "$first"
  rm -rf "src-$n" "work-$n" "plain-$n.git" "gate-$n.git" "manifests-$n.git"
done
echo "bench: added = gate with manifests - gate without (same hooks, same push), median of $rounds"
