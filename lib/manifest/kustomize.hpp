// Kustomize: rendering a kustomization with `kubectl kustomize`, confined to its checkout.
#pragma once

#include "util/result.hpp"
#include "util/sandbox.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slipway::manifest {

/// How `kubectl kustomize` is run.
struct KustomizeOptions {
    std::string kubectl = "kubectl";
    std::chrono::seconds timeout{120};
    /// Prefixes of the remote bases a kustomization may name (`manifests.kustomize.remote`);
    /// empty: none. Every other remote reference is refused before rendering.
    std::vector<std::string> remote;
    /// The policy's top-level `sandbox`.
    util::Sandboxing sandbox = util::Sandboxing::on;
};

/// What `kubectl kustomize` made of a kustomization.
struct Rendering {
    std::optional<std::string> yaml; ///< the rendered stream; nullopt when it did not render
    std::string failure;             ///< why not, in kubectl's words ("kubectl kustomize ...")
};

/// Renders kustomization `dir`, which lies in the checkout at `root`, with `kubectl kustomize
/// --load-restrictor LoadRestrictionsRootOnly` (argv, timeout, KUBECONFIG=/dev/null). With
/// `options.sandbox` on, kubectl runs in util::Sandbox seeing only `root` (read-only) of the
/// file system, with no credentials (empty HOME, no git or ssh configuration, GIT_* prompts
/// off) and, unless `network` is shared (a remote base the policy allows), no network.
/// A kustomization that does not render is a Rendering with its failure. Fails (a server
/// fault, not the pusher's) when kubectl cannot be started or the sandbox cannot be set up.
Result<Rendering> render_kustomization(const std::filesystem::path& root,
                                       const std::filesystem::path& dir,
                                       const KustomizeOptions& options,
                                       util::Network network = util::Network::none);

} // namespace slipway::manifest
