// From the policy's `environments:` entry to what the deploy engine runs for it.
#include "deploy/environment_config.hpp"

#include "deploy/manifest_loader.hpp"

#include <chrono>

namespace slipway::deploy {

namespace {

Target terraform_target(const policy::TerraformTarget& t) {
    TerraformTarget out;
    for (const auto& dir : t.dirs)
        out.roots.push_back({.module_dir = dir, .workspace = t.workspace});
    out.tool.timeout = t.timeout;
    out.allow_destroy =
        t.allow_destroy ? terraform::AllowDestroy::yes : terraform::AllowDestroy::no;
    return out;
}

Target kubernetes_target(const policy::KubernetesTarget& k,
                         const manifest::KustomizeOptions& kustomize) {
    KubernetesTarget out;
    out.name = "kubernetes";
    for (const auto& p : k.paths)
        out.name += " " + p;
    out.load = [paths = k.paths, kustomize](const std::filesystem::path& workspace) {
        return load_manifest_objects(workspace, paths, manifest::Limits{}, kustomize);
    };
    out.default_namespace = k.default_namespace;
    if (k.kubeconfig) {
        KubeCluster cluster;
        cluster.kubeconfig = *k.kubeconfig;
        cluster.context = k.context.value_or("");
        cluster.timeout = k.timeout;
        out.cluster = std::move(cluster);
    }
    out.prune.namespaces = k.prune_namespaces ? Allow::yes : Allow::no;
    out.prune.cluster_scoped = k.prune_cluster_scoped ? Allow::yes : Allow::no;
    out.prune.limit = static_cast<std::size_t>(k.prune_limit);
    if (k.rollout_timeout) {
        out.rollout.enabled = RolloutWait::Enabled::yes;
        out.rollout.timeout = *k.rollout_timeout;
    }
    return out;
}

Target command_target(const policy::CommandTarget& c) {
    CommandTarget out;
    out.argv = c.argv;
    out.timeout = c.timeout;
    return out;
}

} // namespace

EnvironmentConfig environment_config(const policy::Environment& env,
                                     const manifest::KustomizeOptions& kustomize) {
    EnvironmentConfig out;
    out.name = env.name;
    for (const auto& target : env.targets) {
        std::visit(
            [&](const auto& t) {
                using T = std::decay_t<decltype(t)>;
                if constexpr (std::is_same_v<T, policy::TerraformTarget>)
                    out.targets.push_back(terraform_target(t));
                else if constexpr (std::is_same_v<T, policy::KubernetesTarget>)
                    out.targets.push_back(kubernetes_target(t, kustomize));
                else
                    out.targets.push_back(command_target(t));
            },
            target.spec);
    }
    return out;
}

} // namespace slipway::deploy
