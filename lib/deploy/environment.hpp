// Deploying one environment: its lock, a fresh workspace, its targets in order, the deployed ref.
#pragma once

#include "deploy/command.hpp"
#include "deploy/inventory.hpp"
#include "deploy/kube_object.hpp"
#include "deploy/kubectl.hpp"
#include "deploy/lock.hpp"
#include "deploy/summary.hpp"
#include "git/commit_writer.hpp"
#include "git/repository.hpp"
#include "report/output.hpp"
#include "terraform/run.hpp"
#include "util/result.hpp"
#include "util/state_paths.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace slipway::deploy {

/// The terraform target of an environment: its root modules, each in its workspace. Only the
/// root modules whose files (or local modules) changed since the commit last deployed to
/// their workspace run (util::StateDir::terraform_deployed()); one never deployed always runs.
struct TerraformTarget {
    std::vector<terraform::TerraformRoot> roots;
    terraform::TerraformTool tool;
    terraform::AllowDestroy allow_destroy = terraform::AllowDestroy::no;
};

/// Reads the Kubernetes objects to deploy from the checked-out commit (the manifest loader).
using ObjectLoader =
    std::function<Result<std::vector<KubeObject>>(const std::filesystem::path& workspace)>;

/// The kubernetes target of an environment.
struct KubernetesTarget {
    std::string name = "kubernetes"; ///< how the pusher and the ledger see it named
    ObjectLoader load;
    std::string default_namespace = "default"; ///< for namespaced objects that set none
    /// The cluster to apply to; nullopt (the default): render into
    /// `refs/slipway/rendered/<env>` instead.
    std::optional<KubeCluster> cluster;
    PrunePolicy prune;   ///< apply mode only
    RolloutWait rollout; ///< apply mode only
};

using Target = std::variant<TerraformTarget, KubernetesTarget, CommandTarget>;

/// One environment as the policy describes it (the policy layer builds this; no parsing here).
struct EnvironmentConfig {
    std::string name;            ///< must pass util::is_valid_environment_name()
    std::vector<Target> targets; ///< run in order; the first failure stops the deploy
    LockOptions lock;
    git::Signature committer; ///< for rendered commits
};

/// What to deploy, and for whom.
struct DeployRequest {
    git_oid commit;     ///< the pushed `new` id (never the ref's current value)
    std::string pusher; ///< the identity the server gave the push
    /// The `slipway.prune` push option, parsed with parse_prune_option(); raises every
    /// Kubernetes target's prune limit for this deploy.
    std::optional<std::size_t> prune_limit;
};

/// What the caller of deploy_environment() hears about, and decides, along the way.
struct DeployHooks {
    /// Called when the deploy has to wait for the environment's lock, then every
    /// LockOptions::report_interval. Empty: "[env] waiting for deploy of 9be01d2 by bob (12s)"
    /// goes to the output.
    WaitSink on_wait;
    /// Called once the lock is held, before anything runs (the moment to record the start,
    /// and to notice the deploy was overtaken while it waited). A returned sentence skips the
    /// deploy: nothing runs, and the summary is `skipped` with that sentence. Empty: go on.
    std::function<std::optional<std::string>()> on_locked;
    /// Called instead when the lock cannot be taken because this process may not write the
    /// lock file (permissions; no other deploy was waited for): nothing runs, the summary says
    /// what to fix, and this is the moment to record the start of a deploy that fails at once.
    std::function<void()> on_unlockable;
    /// Called with the summary once its line is written, while the lock is still held (when
    /// it was taken), so the result is recorded before the next deploy of the environment
    /// starts. Called whatever the outcome.
    std::function<void(const DeploySummary&)> on_finished;
};

/// Deploys `request.commit` to `env`: takes the environment's lock (telling `output` what it
/// waits for, as it waits), checks the commit out into `state.workspace(env.name)`, runs the
/// targets in order with their output on `output`, and on success moves
/// `refs/slipway/deployed/<env>` to the commit (compare-and-swap against what it was when the
/// lock was taken); then writes the summary line. Command targets get SLIPWAY_ENVIRONMENT,
/// SLIPWAY_COMMIT, SLIPWAY_PREVIOUS_COMMIT (empty for a first deploy) and SLIPWAY_PUSHER.
/// Every failure (lock timeout, checkout, a target) is a summary with `ok` false saying what
/// failed; the function itself never fails, so the caller always has something to record.
/// The summary has a report per target (its output captured from `output`), what was pruned
/// and the refs that moved. `hooks` are told about waiting and taking the lock.
DeploySummary deploy_environment(const git::Repository& repo, const util::StateDir& state,
                                 const EnvironmentConfig& env, const DeployRequest& request,
                                 report::Output& output, const DeployHooks& hooks = {});

} // namespace slipway::deploy
