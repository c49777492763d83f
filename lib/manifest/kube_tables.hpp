// Built-in Kubernetes knowledge: cluster-scoped kinds and API versions removed by release.
#pragma once

#include <optional>
#include <string_view>

namespace slipway::manifest {

/// True when objects of `kind` in `group` (empty: core) are cluster-scoped in Kubernetes, so
/// they have no namespace (Namespace, ClusterRole, PersistentVolume, StorageClass...).
/// Custom resources are not known here; Settings lists those.
bool is_cluster_scoped(std::string_view group, std::string_view kind);

/// A Kubernetes minor release, "1.29".
struct KubeVersion {
    int major = 1;
    int minor = 0;
    friend auto operator<=>(const KubeVersion&, const KubeVersion&) = default;
};

/// Parses "1.29", "v1.29" or "1.29.3" (the patch level is ignored); nullopt otherwise.
std::optional<KubeVersion> parse_kube_version(std::string_view text);

/// An API version that Kubernetes stopped serving.
struct RemovedApi {
    std::string_view group;       ///< empty: core
    std::string_view version;     ///< "v1beta1"
    std::string_view kind;        ///< "*" for every kind of that group/version
    KubeVersion removed_in;       ///< the first release that no longer serves it
    std::string_view replacement; ///< apiVersion to use instead; empty when there is none
};

/// The removal entry for `kind` at `group`/`version`, or nullptr when it was never removed
/// (as of Kubernetes 1.32).
const RemovedApi* find_removed_api(std::string_view group, std::string_view version,
                                   std::string_view kind);

} // namespace slipway::manifest
