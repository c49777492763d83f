// Judging the manifests in a directory on disk, the way the gate judges a pushed tree: what
// `slipway check PATH...` runs in a clone or any directory.
#pragma once

#include "manifest/schema_sources.hpp"
#include "policy/policy.hpp"
#include "report/finding.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace slipway::review {

/// Judges every manifest under `paths` (relative to `root`: files or directories) with the
/// settings the gate would use for an update of `ref` (its environments, units and
/// overrides; `policy.manifests` should be enabled): plain files as they are, top-level
/// kustomizations rendered in place with `policy.manifests.kustomize` (one that names what
/// its rendering may not read, manifest::refused_references(), is not rendered: those are
/// its findings), duplicates looked for within each unit. Files outside every unit are
/// judged with the settings of the ref's first environment. Findings have `path` set
/// (relative to `root`), grouped by file, in line order. Fails when a path does not exist, a
/// file cannot be read, a schema source cannot be loaded, or kubectl or the sandbox cannot
/// be started.
Result<Findings> judge_directory(const std::filesystem::path& root,
                                 const std::vector<std::string>& paths,
                                 const policy::Policy& policy, const std::string& ref,
                                 const manifest::SchemaSources& schemas);

} // namespace slipway::review
