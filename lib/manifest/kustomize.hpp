// Kustomize: which directories are kustomizations, which of them are top-level, rendering one.
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slipway::manifest {

/// The kustomization file of `dir` (kustomization.yaml, kustomization.yml or Kustomization),
/// or nullopt when `dir` is not a kustomization.
std::optional<std::filesystem::path> kustomization_file(const std::filesystem::path& dir);

/// The local directories a kustomization refers to (`resources`, `bases`, `components`
/// entries that are directories), resolved against `dir`. Remote URLs are ignored. Fails
/// when the kustomization file is not readable YAML.
Result<std::vector<std::filesystem::path>>
kustomization_references(const std::filesystem::path& dir);

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
