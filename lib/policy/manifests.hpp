// The `manifests:` section: where Kubernetes manifests live, which schemas and rules judge
// them, and how that changes per path and per environment.
#pragma once

#include "manifest/kustomize.hpp"
#include "manifest/settings.hpp"
#include "policy/environments.hpp"
#include "policy/position.hpp"
#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::policy {

/// Changes to manifest::Settings, in the order the policy wrote them.
using SettingsPatch = std::vector<std::function<void(manifest::Settings&)>>;

/// One entry of `manifests.overrides`: settings that apply to some paths and environments.
struct ManifestOverride {
    /// Globs over file paths; a pattern without wildcard also matches everything under it
    /// ("sandbox" matches "sandbox/app/deploy.yaml"). Empty: every path.
    std::vector<std::string> paths;
    /// Environment names; empty: every environment (and refs that deploy nowhere).
    std::vector<std::string> environments;
    SettingsPatch patch;
    Position position;

    /// True when this override applies to file `path` judged for environment `environment`
    /// (empty when the ref deploys nowhere).
    bool applies(std::string_view path, std::string_view environment) const;
};

/// A schema file or directory named by the policy.
struct SchemaSourceEntry {
    std::string path; ///< absolute path on the server
    Position position;
};

/// The parsed `manifests:` section.
struct ManifestPolicy {
    bool enabled = false; ///< the section is present: manifests are judged at all
    /// Explicit `paths`; absent: the paths of the environments' kubernetes targets.
    std::optional<std::vector<std::string>> paths;
    std::vector<SchemaSourceEntry> schemas;
    manifest::Settings base; ///< the top-level settings (every override applies on top)
    std::vector<ManifestOverride> overrides;
    manifest::KustomizeOptions kustomize;
    Position position;

    /// The settings for file `path` (or kustomization directory) judged for `environment`
    /// (empty: none) in a deploy target whose objects default to `default_namespace`: the
    /// top-level settings with every matching override applied, in file order.
    manifest::Settings settings_for(std::string_view path, std::string_view environment,
                                    std::string_view default_namespace) const;
};

/// Checks that every schema source of `manifests` exists on this machine (a file or a
/// directory). Fails with one "<source>:<line>:<col>: ..." line per missing source; `source`
/// names the policy file.
Status check_schema_sources(const ManifestPolicy& manifests, const std::string& source);

/// One set of paths judged together for one environment: duplicates are looked for within a
/// unit, and objects without a namespace go to `default_namespace`.
struct ManifestUnit {
    std::string environment; ///< empty when the ref deploys nowhere
    std::vector<std::string> paths;
    std::string default_namespace = "default";

    bool operator==(const ManifestUnit&) const = default;
};

/// What an update of `ref` has judged: for each environment `ref` deploys to, one unit per
/// kubernetes target (its paths and namespace) — or, with explicit `paths`, one unit with
/// those paths and the first target's namespace. A ref that deploys nowhere gets one unit:
/// the explicit paths, or every kubernetes target's paths. Empty when disabled or there is no
/// path to judge.
std::vector<ManifestUnit> manifest_units(const ManifestPolicy& manifests,
                                         const std::vector<Environment>& environments,
                                         const std::string& ref);

/// Why a present `manifests:` section judges nothing at all: no `paths`, and no environment
/// has a kubernetes target to take them from (the checks would silently never run); nullopt
/// when it judges something, or is absent.
std::optional<std::string> manifests_judge_nothing(const ManifestPolicy& manifests,
                                                   const std::vector<Environment>& environments);

} // namespace slipway::policy
