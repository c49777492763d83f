#!/usr/bin/env bash
# Benchmark (not a test): many concurrent real pushes into one repository, counting what the
# issue "nothing lost, nothing doubled" promises never happens: false ledger-mismatch warnings
# (printed to pushers and stored in the ledger), accepted pushes without a push record or a
# confirmation, deploys left running, overlapping deploys of one environment, a broken chain.
# The baseline is a single uncontended push measured in the same invocation.
#   tests/bench/concurrent_push_bench.sh [--runs N] [--pushes N] [--keep]
#     defaults: 10 runs of 100 pushes; while iterating: --runs 1 --pushes 20
#     (build first: install/build.sh, or SLIPWAY_BUILD_DIR=<build dir>)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${SLIPWAY_BUILD_DIR:-$root/build}"
bin="$build/hooks"
runs=10 pushes=100 keep=no
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --pushes) pushes="$2"; shift 2 ;;
    --keep) keep=yes; shift ;;
    *) echo "usage: $0 [--runs N] [--pushes N] [--keep]" >&2; exit 2 ;;
  esac
done
[ "$pushes" -ge 10 ] || { echo "bench: --pushes must be at least 10 (a mix of three kinds)" >&2; exit 2; }
for p in slipway slipway-pre-receive slipway-post-receive; do
  [ -x "$bin/$p" ] || { echo "bench: $bin/$p is missing: build first (install/build.sh)" >&2; exit 2; }
done
for p in sqlite3 terraform flock; do
  command -v "$p" >/dev/null || { echo "bench: $p is not on PATH" >&2; exit 2; }
done
work="$(mktemp -d "${TMPDIR:-/tmp}/slipway-concurrent-bench-XXXXXX")"
if [ "$keep" = yes ]; then echo "bench: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
# This machine's Terraform configuration points at a missing file (see docs/HACKING.md).
export TF_CLI_CONFIG_FILE=/dev/null
mkdir -p "$HOME"
cd "$work"
server="$work/server.git"
ledger="$server/slipway/ledger.db"
# Read-only: the bench must not be a writer the hooks wait for.
q() { sqlite3 -readonly -batch -noheader "$ledger" "$1"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

# The mix of one run: a few slow pushes whose gate runs a trusted `terraform plan` (the case
# that used to produce false warnings: refs read before a long judgement, other pushes landing
# meanwhile), several pushers racing on one branch (retrying after a rejection, so the branch
# moves several times while others judge), and the rest on branches of their own.
slow=$(( pushes / 20 > 1 ? pushes / 20 : 1 ))
racers=$(( pushes / 5 ))
fast=$(( pushes - slow - racers ))
max_attempts=4

# --- the repository -------------------------------------------------------------------------
# dev: render mode (fast); staging: render, then a script that sleeps (a slow deploy beside
# fast ones); prod: terraform on a module whose plan takes seconds (the slow gate: a trusted
# pusher gets a plan at push time), then render.
cat > policy.yaml <<'EOF'
version: 1
groups:
  ops: [ops-1, ops-2, ops-3, ops-4, ops-5, ops-6, ops-7, ops-8, ops-9, ops-10]
terraform:
  plan:
    pushers: ["@ops"]
environments:
  - name: dev
    refs: refs/heads/dev/*
    targets:
      - kubernetes: {paths: [services], namespace: dev}
  - name: staging
    refs: refs/heads/staging
    targets:
      - kubernetes: {paths: [services], namespace: staging}
      - command: {run: [sh, deploy.sh]}
  - name: prod
    refs: refs/heads/release/*
    targets:
      - terraform: {dirs: [infra], workspace: prod}
      - kubernetes: {paths: [services], namespace: prod}
EOF
git init -q -b master src
cp -r "$root/templates/deployment/services" src/services
# shellcheck disable=SC2016 # $SLIPWAY_COMMIT is the deploy's, expanded when it runs.
printf 'echo "staging deploy of $SLIPWAY_COMMIT"\nsleep 2\necho done\n' > src/deploy.sh
mkdir -p src/infra
# About 8,000 SHA-256 evaluations: a plan (and an apply) of a few seconds on this machine,
# with one resource, so the deploys stay cheap in state.
cat > src/infra/main.tf <<'EOF'
variable "salt" {
  type    = string
  default = "seed"
}

locals {
  digests = flatten([for i in range(400) : [for j in range(20) : sha256("${var.salt}-${i}-${j}")]])
}

resource "terraform_data" "digest" {
  input = sha256(join(",", local.digests))
}
EOF
echo 'salt = "seed"' > src/infra/salt.auto.tfvars
git -C src add -A && git -C src commit -q -m seed
git -C src branch staging
git clone -q --bare src "$server"
"$bin/slipway" install "$server" --policy policy.yaml >/dev/null

# --- pushing ----------------------------------------------------------------------------------
# push_attempt DIR REFSPEC USER N: one `git push` from clone DIR; its porcelain to DIR.aN.out,
# its stderr (the remote: lines) to DIR.aN.err, the commit pushed to DIR.aN.sha, its wall
# time in ms to DIR.aN.ms. Returns git's exit code.
push_attempt() {
  local dir="$1" refspec="$2" user="$3" n="$4" t0 t1 rc=0
  git -C "$dir" rev-parse HEAD > "$dir.a$n.sha"
  t0=$(ms)
  GL_USERNAME="$user" git -C "$dir" push --porcelain origin "$refspec" > "$dir.a$n.out" 2> "$dir.a$n.err" || rc=$?
  t1=$(ms)
  echo $((t1 - t0)) > "$dir.a$n.ms"
  return $rc
}

# pusher DIR REFSPEC USER RETRIES: waits for the start signal, then pushes; a racer whose push
# is rejected rebases on the branch and pushes again, up to RETRIES more times.
pusher() {
  local dir="$1" refspec="$2" user="$3" retries="$4" n=1
  exec 9>&-
  flock -s "$work/go" true
  until push_attempt "$dir" "$refspec" "$user" $n; do
    [ $n -le "$retries" ] || return 0
    git -C "$dir" pull -q --rebase origin "${refspec#*:}" >/dev/null 2>&1 || return 0
    n=$((n + 1))
  done
}

# clone DIR BRANCH FILE TEXT: a clone with one commit of its own on BRANCH writing FILE.
clone() {
  git clone -q "$server" "$1" 2>/dev/null
  git -C "$1" checkout -q -B "$2" "origin/$2"
  mkdir -p "$(dirname "$1/$3")"
  printf '%s\n' "$4" > "$1/$3"
  git -C "$1" add -A && git -C "$1" commit -q -m "$1"
}

# The baseline: the median of five uncontended pushes of the fast kind (a new dev branch).
baseline_times=()
for i in 1 2 3 4 5; do
  clone "base$i" master "pushes/base$i.txt" "base $i"
  push_attempt "base$i" "master:refs/heads/dev/base$i" dev-user 1 ||
    { echo "bench: the baseline push failed:" >&2; cat "base$i.a1.err" >&2; exit 2; }
  baseline_times+=("$(cat "base$i.a1.ms")")
done
baseline=$(printf '%s\n' "${baseline_times[@]}" | sort -n | sed -n 3p)
echo "bench: $runs runs of $pushes concurrent pushes ($slow slow with a terraform plan at push time," \
     "$racers racing on staging with up to $((max_attempts - 1)) retries, $fast on dev branches of their own)"
echo "bench: baseline, one uncontended push: $baseline ms (median of 5: ${baseline_times[*]} ms)"

# --- one run ------------------------------------------------------------------------------------
total_fail=0 sum_lines=0 sum_stored=0 sum_lost=0 sum_unconfirmed=0 sum_stuck=0 sum_overlap=0
sum_ms=0 sum_attempts=0 audit_failed=0
for run in $(seq 1 "$runs"); do
  rdir="$work/run$run"
  mkdir -p "$rdir" && cd "$rdir"
  first=$(q "SELECT coalesce(max(id), 0) FROM records")
  for i in $(seq 1 "$slow"); do
    clone "s$i" master "infra/salt.auto.tfvars" "salt = \"r$run-s$i\""
  done
  for i in $(seq 1 "$racers"); do clone "r$i" staging "pushes/r$run-$i.txt" "racer $i"; done
  for i in $(seq 1 "$fast"); do clone "f$i" master "pushes/f$run-$i.txt" "fast $i"; done
  # The start signal: every pusher waits for the shared lock the bench holds exclusively.
  exec 9> "$work/go"
  flock -x 9
  # Slow ones first, so their gates are judging while the others land.
  for i in $(seq 1 "$slow"); do
    pusher "s$i" "master:refs/heads/release/r$run-s$i" "ops-$(( (i - 1) % 10 + 1 ))" 0 &
  done
  for i in $(seq 1 "$racers"); do pusher "r$i" "staging:staging" "racer-$i" $((max_attempts - 1)) & done
  for i in $(seq 1 "$fast"); do pusher "f$i" "master:refs/heads/dev/r$run-f$i" "dev-$i" 0 & done
  sleep 1
  t_run0=$(ms)
  flock -u 9
  exec 9>&-
  wait
  t_run1=$(ms)

  # (a) warnings the pushers saw.
  lines=$(cat ./*.err | grep -c 'ledger-mismatch' || true)
  # (b) warnings stored in the ledger, by this run's pushes.
  stored=$(q "SELECT count(*) FROM findings WHERE rule = 'ledger-mismatch' AND record_id > $first")
  # (c) every ref update git reports as done has an accepted push record and a confirmation.
  attempts=0 accepted=0 rejected=0 raced=0 lost=0 unconfirmed=0 run_ms=0
  for out in ./*.a*.out; do
    base="${out%.out}"
    attempts=$((attempts + 1))
    run_ms=$((run_ms + $(cat "$base.ms")))
    sha=$(cat "$base.sha")
    # Porcelain: "<flag>\t<src>:<dst>\t<summary>"; ' ' '+' '*' '-' are updates that were made.
    while IFS=$'\t' read -r flag spec summary; do
      ref="${spec#*:}"
      case "$flag" in
        ' ' | '+' | '*' | '-') ;;
        # Judged and accepted, then beaten to the ref by another push: git's compare-and-swap.
        '!') case "$summary" in *"failed to update ref"*) raced=$((raced + 1)) ;;
             *) rejected=$((rejected + 1)) ;; esac; continue ;;
        *) continue ;;
      esac
      accepted=$((accepted + 1))
      push_id=$(q "SELECT p.record_id FROM pushes p JOIN ref_updates u ON u.record_id = p.record_id
                   WHERE p.verdict = 'accepted' AND p.record_id > $first AND u.ref = '$ref'
                   AND u.new_id = '$sha' ORDER BY p.record_id DESC LIMIT 1")
      if [ -z "$push_id" ]; then
        lost=$((lost + 1)); echo "bench: run $run: no push record for $ref $sha ($base)"
      elif [ "$(q "SELECT count(*) FROM ref_syncs WHERE push_id = $push_id")" = 0 ]; then
        unconfirmed=$((unconfirmed + 1)); echo "bench: run $run: push #$push_id ($ref) was never confirmed"
      fi
    done < <(grep -E $'^[ +*!=-]\t' "$out" || true)
  done
  # (d) deploys with a start and no end; deploys of one environment overlapping in time.
  stuck=$(q "SELECT count(*) FROM deploys d WHERE d.record_id > $first AND NOT EXISTS
             (SELECT 1 FROM deploy_ends e WHERE e.deploy_id = d.record_id)")
  overlaps=$(q "WITH d AS (SELECT d.environment AS env, s.time_ms AS t0, e.time_ms AS t1
                 FROM deploys d JOIN records s ON s.id = d.record_id
                 JOIN deploy_ends de ON de.deploy_id = d.record_id JOIN records e ON e.id = de.record_id
                 WHERE d.record_id > $first),
               o AS (SELECT t0, max(t1) OVER (PARTITION BY env ORDER BY t0, t1
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM d)
               SELECT count(*) FROM o WHERE t0 < before")
  deploys=$(q "SELECT group_concat(environment || ' ' || n || ' ' || outcome, ', ') FROM
               (SELECT d.environment, coalesce(de.outcome, 'running') AS outcome, count(*) AS n
                FROM deploys d LEFT JOIN deploy_ends de ON de.deploy_id = d.record_id
                WHERE d.record_id > $first GROUP BY 1, 2 ORDER BY 1, 2)")
  # (e) the hash chain.
  if audit=$("$bin/slipway" audit verify "$server" 2>&1); then audit_ok=OK; else audit_ok=FAILED; audit_failed=1; fi

  mean=$((attempts > 0 ? run_ms / attempts : 0))
  printf 'run %d: %d pushers, %d pushes (%d landed, %d accepted by the gate but beaten to the ref, %d rejected) in %.1f s | ledger-mismatch: %d lines, %d stored | lost %d, unconfirmed %d | deploys: %s; running %d, overlapping %d | audit %s | mean push %d ms, %.1fx baseline\n' \
    "$run" "$pushes" "$attempts" "$accepted" "$raced" "$rejected" "$(div "$((t_run1 - t_run0))" 1000)" \
    "$lines" "$stored" "$lost" "$unconfirmed" "${deploys:-none}" "$stuck" "$overlaps" "$audit_ok" \
    "$mean" "$(div "$mean" "$baseline")"
  if [ "$stored" != 0 ]; then
    q "SELECT '  #' || f.record_id || ' (' || p.pusher || ', ' || datetime(r.time_ms / 1000, 'unixepoch') || '.' ||
       printf('%03d', r.time_ms % 1000) || '): ' || f.message FROM findings f
       JOIN pushes p ON p.record_id = f.record_id JOIN records r ON r.id = f.record_id
       WHERE f.rule = 'ledger-mismatch' AND f.record_id > $first ORDER BY f.record_id LIMIT 10"
  fi
  [ "$audit_ok" = OK ] || echo "  $audit"
  sum_lines=$((sum_lines + lines)) sum_stored=$((sum_stored + stored)) sum_lost=$((sum_lost + lost))
  sum_unconfirmed=$((sum_unconfirmed + unconfirmed)) sum_stuck=$((sum_stuck + stuck))
  sum_overlap=$((sum_overlap + overlaps)) sum_ms=$((sum_ms + run_ms)) sum_attempts=$((sum_attempts + attempts))
  if [ $((lines + stored + lost + unconfirmed + stuck + overlaps)) -ne 0 ] || [ "$audit_ok" != OK ]; then
    total_fail=$((total_fail + 1))
  fi
  cd "$work"
  [ "$keep" = yes ] || rm -rf "$rdir"
done

mean=$((sum_attempts > 0 ? sum_ms / sum_attempts : 0))
printf 'total: %d runs, %d pushes | ledger-mismatch: %d lines, %d stored | lost %d, unconfirmed %d | running %d, overlapping %d | audit %s | runs with a problem: %d\n' \
  "$runs" "$sum_attempts" "$sum_lines" "$sum_stored" "$sum_lost" "$sum_unconfirmed" "$sum_stuck" \
  "$sum_overlap" "$([ "$audit_failed" = 0 ] && echo OK || echo FAILED)" "$total_fail"
printf 'baseline: mean push under load %d ms / one uncontended push %d ms = %.1f\n' \
  "$mean" "$baseline" "$(div "$mean" "$baseline")"
[ "$total_fail" -eq 0 ]
