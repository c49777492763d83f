// What a deploy target's `paths` hold: plain manifest files and top-level kustomizations.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace slipway::manifest {

/// The manifest inputs under some paths of a checked-out tree.
struct Sources {
    /// Plain manifest files (.yaml, .yml, .json), relative to the root, sorted; files inside a
    /// kustomization's directory are not listed (they are the kustomization's input).
    std::vector<std::string> files;
    /// Kustomization directories that no other listed kustomization refers to (overlays, or
    /// lone bases), relative to the root, sorted. Rendering one renders its bases too.
    std::vector<std::string> kustomizations;
};

/// Walks `paths` (relative to `root`: files or directories) and sorts what is there into
/// plain manifests and top-level kustomizations. Symlinks are not followed. Fails when a
/// path does not exist or a kustomization file cannot be read.
Result<Sources> find_sources(const std::filesystem::path& root,
                             const std::vector<std::string>& paths);

/// True for names of files read as manifests: *.yaml, *.yml, *.json.
bool is_manifest_name(const std::string& name);

} // namespace slipway::manifest
