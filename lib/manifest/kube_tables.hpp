// Built-in Kubernetes knowledge: cluster-scoped kinds, name formats, removed API versions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace slipway::manifest {

/// True when objects of `kind` in `group` (empty: core) are cluster-scoped in Kubernetes, so
/// they have no namespace (Namespace, ClusterRole, PersistentVolume, StorageClass...).
/// Custom resources are not known here; Settings lists those.
bool is_cluster_scoped(std::string_view group, std::string_view kind);

/// How the API server validates the metadata.name of a kind (apimachinery's ValidateNameFunc).
enum class NameFormat {
    dns1123_subdomain, ///< at most 253 of [a-z0-9.-], each dot-separated part alphanumeric at
                       ///< both ends: most kinds, custom resources too
    dns1123_label,     ///< at most 63 of [a-z0-9-], alphanumeric at both ends: Namespace
    dns1035_label,     ///< a DNS-1123 label that starts with a letter: Service
    path_segment,      ///< anything but "." and "..", without '/' or '%': the RBAC kinds
};

/// The name format Kubernetes (1.32) applies to objects of `kind` in `group` (empty: core), and
/// the most characters it allows (CronJob: 52, so the Jobs it names fit in 63; 0: the format's
/// own limit). Custom resources are DNS-1123 subdomains, as the API server checks them.
struct NameRule {
    NameFormat format = NameFormat::dns1123_subdomain;
    std::size_t max_length = 0;
};
NameRule name_rule_for(std::string_view group, std::string_view kind);

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
