// The `kustomize` finding: a kustomization that does not render, told the same way by the
// gate and by `slipway check`.
#pragma once

#include "report/finding.hpp"

#include <string>

namespace slipway::review {

/// The finding for kustomization directory `dir` (repository path) whose kustomization
/// file is named `file`, when rendering it from a copy of the tree at `location_root` failed
/// with `message`: at the kustomization file, with `location_root` taken out of the message
/// (it differs on every run) and line breaks flattened.
Finding kustomize_failure(const std::string& dir, const std::string& file, std::string message,
                          const std::string& location_root);

} // namespace slipway::review
