// Kustomize: rendering a kustomization with `kubectl kustomize`.
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <filesystem>
#include <string>

namespace slipway::manifest {

/// How `kubectl kustomize` is run.
struct KustomizeOptions {
    std::string kubectl = "kubectl";
    std::chrono::seconds timeout{120};
};

/// The YAML stream `kubectl kustomize` renders from `dir` (argv, timeout, scrubbed
/// environment; remote bases cannot be fetched since the server has no credentials for
/// them). Fails with kubectl's own message when it cannot render.
Result<std::string> render_kustomization(const std::filesystem::path& dir,
                                         const KustomizeOptions& options);

} // namespace slipway::manifest
