// The Kubernetes target with a cluster: server-side apply, prune from the inventory, rollout.
#pragma once

#include "deploy/inventory.hpp"
#include "deploy/kube_object.hpp"
#include "report/output.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace slipway::deploy {

/// How to reach an environment's cluster.
struct KubeCluster {
    std::string kubeconfig; ///< --kubeconfig; empty: kubectl's default
    std::string context;    ///< --context; empty: the kubeconfig's current one
    std::string program = "kubectl";
    std::vector<std::pair<std::string, std::string>> env;        ///< added to kubectl's environment
    std::chrono::milliseconds timeout{std::chrono::minutes(10)}; ///< for each kubectl command
};

/// Waiting for workloads to become ready after an apply.
struct RolloutWait {
    enum class Enabled { no, yes } enabled = Enabled::no;
    std::chrono::seconds timeout{300}; ///< per workload, passed to `kubectl rollout status`
};

/// Everything kubectl_deploy() needs about an environment.
struct KubectlSettings {
    KubeCluster cluster;
    std::string default_namespace = "default"; ///< for namespaced objects that set none
    std::filesystem::path inventory_file;      ///< util::StateDir::inventory_file(env)
    /// Where the objects file for kubectl is written (mode 0600, removed after); one per
    /// environment: util::StateDir::scratch() / env.
    std::filesystem::path scratch_dir;
    PrunePolicy prune;
    RolloutWait rollout;
};

/// What kubectl_deploy() did.
struct KubectlOutcome {
    std::size_t applied = 0;           ///< objects sent to the cluster
    std::size_t unchanged = 0;         ///< of those, the ones kubectl reported unchanged
    std::vector<ObjectRef> pruned;     ///< deleted because they left the repository
    std::vector<ObjectRef> not_pruned; ///< gone from the repository, kept: policy forbids
    std::vector<ObjectRef> inventory;  ///< what the inventory holds now
};

/// Deploys `objects`: refuses first when the prune would exceed the limit (nothing applied);
/// `kubectl apply --server-side --field-manager=slipway`, one call per namespace (objects
/// without one go to `settings.default_namespace`; cluster-scoped objects first); then
/// `kubectl delete --ignore-not-found` of each object the previous deploy applied that is gone
/// now (plan_prune() decides, with a line for each one kept because the policy forbids);
/// then records the inventory; then, when asked, `kubectl rollout status` of each Deployment,
/// StatefulSet and DaemonSet. kubectl output reaches `output` line by line. On a failed apply
/// or delete the inventory keeps both old and new objects, so a later deploy prunes what is
/// left. Fails with a sentence saying what failed ("kubectl apply exited with status 1").
Result<KubectlOutcome> kubectl_deploy(const std::vector<KubeObject>& objects,
                                      const KubectlSettings& settings, report::Output& output);

} // namespace slipway::deploy
