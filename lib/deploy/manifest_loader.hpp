// The Kubernetes target's objects: the manifests under its paths in a checkout, kustomizations
// rendered, each object ready to apply or render.
#pragma once

#include "deploy/kube_object.hpp"
#include "manifest/kustomize.hpp"
#include "manifest/limits.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace slipway::deploy {

/// Loads every object under `paths` of the checkout at `root`: plain manifest files (every
/// document, `kind: List` items one by one) and the rendering of each top-level
/// kustomization (confined to `root` as `kustomize` says: manifest::render_kustomization()).
/// Fails — naming the file, line and column — on anything the gate would have refused as
/// YAML or object structure, on a kustomization that names what its rendering may not read
/// (manifest::refused_references(): outside the checkout, or a remote base `kustomize.remote`
/// does not allow), on a kustomization that does not render, on a sandbox that cannot start,
/// and on a path missing from the checkout.
Result<std::vector<KubeObject>> load_manifest_objects(const std::filesystem::path& root,
                                                      const std::vector<std::string>& paths,
                                                      const manifest::Limits& limits,
                                                      const manifest::KustomizeOptions& kustomize);

} // namespace slipway::deploy
