// The `environments:` section: where accepted pushes deploy, with which targets, in what order.
#pragma once

#include "policy/freeze.hpp"
#include "policy/position.hpp"
#include "policy/principals.hpp"
#include "policy/signatures.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace slipway::policy {

/// Kubernetes objects from `paths` (plain YAML, or kustomize directories), applied to a
/// cluster — or, with no `kubeconfig`, rendered into refs/slipway/rendered/<env>.
struct KubernetesTarget {
    std::vector<std::string> paths; ///< files or directories, relative to the repository root
    std::optional<std::string> kubeconfig; ///< absolute path on the server; absent: render mode
    std::optional<std::string> context;
    std::string default_namespace = "default";
    int prune_limit = 10;              ///< more deletions need `git push -o slipway.prune=N`
    bool prune_namespaces = false;     ///< may prune delete Namespace objects
    bool prune_cluster_scoped = false; ///< may prune delete other cluster-scoped objects
    std::optional<std::chrono::seconds> rollout_timeout; ///< wait for rollouts; absent: no wait
    std::chrono::seconds timeout{600};
};

/// Terraform root modules applied in one workspace.
struct TerraformTarget {
    std::vector<std::string> dirs; ///< root module directories, relative to the repository root
    std::string workspace = "default";
    bool allow_destroy = false; ///< apply plans that destroy resources
    std::chrono::seconds timeout{1800};
};

/// Any program, run in the checked-out workspace.
struct CommandTarget {
    std::vector<std::string> argv;
    std::chrono::seconds timeout{600};
};

struct Target {
    std::variant<KubernetesTarget, TerraformTarget, CommandTarget> spec;
    Position position;
    /// "kubernetes", "terraform" or "command".
    const char* kind() const;
};

/// What `promote_from` asks of a commit in the source environment.
enum class PromotionRequirement {
    ever,    ///< deployed there successfully at some point (the default)
    current, ///< the commit deployed there now (its last successful deploy)
};

struct Environment {
    std::string name;                                  ///< lowercase letters, digits and '-'
    std::vector<std::string> refs;                     ///< globs of the refs that deploy here
    std::optional<std::vector<std::string>> deployers; ///< who may push those refs; absent: anyone
    std::optional<std::string> promote_from; ///< commits must have been deployed there first
    /// `promote_from: {env: E, require: current|ever}`; the plain string form is `ever`.
    PromotionRequirement promote_require = PromotionRequirement::ever;
    /// `push_certificate: required`: a push to its refs must be signed by the pusher's key.
    bool push_certificate = false;
    /// `freeze:` windows in which pushes that would deploy here are refused (rule `freeze`).
    std::vector<FreezeWindow> freeze;
    /// `signatures:`: new commits and/or annotated tags on its refs must be signed.
    std::optional<SignatureRules> signatures;
    std::vector<Target> targets; ///< run in order; the first failure stops the deploy
    Position position;
};

/// The environments `ref` deploys to, in policy order.
std::vector<const Environment*> environments_for(const std::vector<Environment>& envs,
                                                 const std::string& ref);

/// The environment called `name`, or nullptr.
const Environment* find_environment(const std::vector<Environment>& envs, const std::string& name);

} // namespace slipway::policy
