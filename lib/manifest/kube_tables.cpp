// Built-in Kubernetes knowledge: cluster-scoped kinds, name formats, removed API versions.
#include "manifest/kube_tables.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace slipway::manifest {
namespace {

struct GroupKind {
    std::string_view group;
    std::string_view kind;
};

// From `kubectl api-resources --namespaced=false` of Kubernetes 1.32, plus removed kinds.
constexpr std::array cluster_scoped{
    GroupKind{"", "ComponentStatus"},
    GroupKind{"", "Namespace"},
    GroupKind{"", "Node"},
    GroupKind{"", "PersistentVolume"},
    GroupKind{"admissionregistration.k8s.io", "MutatingWebhookConfiguration"},
    GroupKind{"admissionregistration.k8s.io", "ValidatingAdmissionPolicy"},
    GroupKind{"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"},
    GroupKind{"admissionregistration.k8s.io", "ValidatingWebhookConfiguration"},
    GroupKind{"apiextensions.k8s.io", "CustomResourceDefinition"},
    GroupKind{"apiregistration.k8s.io", "APIService"},
    GroupKind{"authentication.k8s.io", "SelfSubjectReview"},
    GroupKind{"authentication.k8s.io", "TokenReview"},
    GroupKind{"authorization.k8s.io", "SelfSubjectAccessReview"},
    GroupKind{"authorization.k8s.io", "SelfSubjectRulesReview"},
    GroupKind{"authorization.k8s.io", "SubjectAccessReview"},
    GroupKind{"certificates.k8s.io", "CertificateSigningRequest"},
    GroupKind{"certificates.k8s.io", "ClusterTrustBundle"},
    GroupKind{"extensions", "PodSecurityPolicy"},
    GroupKind{"flowcontrol.apiserver.k8s.io", "FlowSchema"},
    GroupKind{"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"},
    GroupKind{"networking.k8s.io", "IngressClass"},
    GroupKind{"networking.k8s.io", "IPAddress"},
    GroupKind{"networking.k8s.io", "ServiceCIDR"},
    GroupKind{"node.k8s.io", "RuntimeClass"},
    GroupKind{"policy", "PodSecurityPolicy"},
    GroupKind{"rbac.authorization.k8s.io", "ClusterRole"},
    GroupKind{"rbac.authorization.k8s.io", "ClusterRoleBinding"},
    GroupKind{"resource.k8s.io", "DeviceClass"},
    GroupKind{"resource.k8s.io", "ResourceSlice"},
    GroupKind{"scheduling.k8s.io", "PriorityClass"},
    GroupKind{"storage.k8s.io", "CSIDriver"},
    GroupKind{"storage.k8s.io", "CSINode"},
    GroupKind{"storage.k8s.io", "StorageClass"},
    GroupKind{"storage.k8s.io", "VolumeAttachment"},
    GroupKind{"storage.k8s.io", "VolumeAttributesClass"},
    GroupKind{"storagemigration.k8s.io", "StorageVersionMigration"},
};

// From the Kubernetes deprecated API migration guide. Specific kinds before "*".
constexpr std::array removed_apis{
    RemovedApi{"extensions", "v1beta1", "Deployment", {1, 16}, "apps/v1"},
    RemovedApi{"extensions", "v1beta1", "DaemonSet", {1, 16}, "apps/v1"},
    RemovedApi{"extensions", "v1beta1", "ReplicaSet", {1, 16}, "apps/v1"},
    RemovedApi{"extensions", "v1beta1", "NetworkPolicy", {1, 16}, "networking.k8s.io/v1"},
    RemovedApi{"extensions", "v1beta1", "PodSecurityPolicy", {1, 16}, "policy/v1beta1"},
    RemovedApi{"extensions", "v1beta1", "Ingress", {1, 22}, "networking.k8s.io/v1"},
    RemovedApi{"extensions", "v1beta1", "*", {1, 22}, ""},
    RemovedApi{"apps", "v1beta1", "*", {1, 16}, "apps/v1"},
    RemovedApi{"apps", "v1beta2", "*", {1, 16}, "apps/v1"},
    RemovedApi{
        "admissionregistration.k8s.io", "v1beta1", "*", {1, 22}, "admissionregistration.k8s.io/v1"},
    RemovedApi{"apiextensions.k8s.io", "v1beta1", "*", {1, 22}, "apiextensions.k8s.io/v1"},
    RemovedApi{"apiregistration.k8s.io", "v1beta1", "*", {1, 22}, "apiregistration.k8s.io/v1"},
    RemovedApi{"authentication.k8s.io", "v1beta1", "*", {1, 22}, "authentication.k8s.io/v1"},
    RemovedApi{"authorization.k8s.io", "v1beta1", "*", {1, 22}, "authorization.k8s.io/v1"},
    RemovedApi{"certificates.k8s.io", "v1beta1", "*", {1, 22}, "certificates.k8s.io/v1"},
    RemovedApi{"coordination.k8s.io", "v1beta1", "*", {1, 22}, "coordination.k8s.io/v1"},
    RemovedApi{"networking.k8s.io", "v1beta1", "*", {1, 22}, "networking.k8s.io/v1"},
    RemovedApi{
        "rbac.authorization.k8s.io", "v1beta1", "*", {1, 22}, "rbac.authorization.k8s.io/v1"},
    RemovedApi{"scheduling.k8s.io", "v1beta1", "*", {1, 22}, "scheduling.k8s.io/v1"},
    RemovedApi{"storage.k8s.io", "v1beta1", "CSIStorageCapacity", {1, 27}, "storage.k8s.io/v1"},
    RemovedApi{"storage.k8s.io", "v1beta1", "*", {1, 22}, "storage.k8s.io/v1"},
    RemovedApi{"batch", "v1beta1", "*", {1, 25}, "batch/v1"},
    RemovedApi{"discovery.k8s.io", "v1beta1", "*", {1, 25}, "discovery.k8s.io/v1"},
    RemovedApi{"events.k8s.io", "v1beta1", "*", {1, 25}, "events.k8s.io/v1"},
    RemovedApi{"autoscaling", "v2beta1", "*", {1, 25}, "autoscaling/v2"},
    RemovedApi{"policy", "v1beta1", "PodSecurityPolicy", {1, 25}, ""},
    RemovedApi{"policy", "v1beta1", "*", {1, 25}, "policy/v1"},
    RemovedApi{"node.k8s.io", "v1beta1", "*", {1, 25}, "node.k8s.io/v1"},
    RemovedApi{"autoscaling", "v2beta2", "*", {1, 26}, "autoscaling/v2"},
    RemovedApi{
        "flowcontrol.apiserver.k8s.io", "v1beta1", "*", {1, 26}, "flowcontrol.apiserver.k8s.io/v1"},
    RemovedApi{
        "flowcontrol.apiserver.k8s.io", "v1beta2", "*", {1, 29}, "flowcontrol.apiserver.k8s.io/v1"},
    RemovedApi{
        "flowcontrol.apiserver.k8s.io", "v1beta3", "*", {1, 32}, "flowcontrol.apiserver.k8s.io/v1"},
};

bool parse_int(std::string_view s, int& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

} // namespace

NameRule name_rule_for(std::string_view group, std::string_view kind) {
    // From pkg/apis/*/validation of Kubernetes 1.32: the ValidateNameFunc each kind's
    // ValidateObjectMeta call is given. Every kind not listed uses NameIsDNSSubdomain.
    if (group.empty() && kind == "Namespace")
        return {NameFormat::dns1123_label};
    if (group.empty() && kind == "Service")
        return {NameFormat::dns1035_label};
    if (group == "rbac.authorization.k8s.io" &&
        (kind == "Role" || kind == "ClusterRole" || kind == "RoleBinding" ||
         kind == "ClusterRoleBinding"))
        return {NameFormat::path_segment};
    if (group == "batch" && kind == "CronJob")
        return {NameFormat::dns1123_subdomain, 52};
    return {NameFormat::dns1123_subdomain};
}

bool is_cluster_scoped(std::string_view group, std::string_view kind) {
    for (const auto& gk : cluster_scoped)
        if (gk.kind == kind && gk.group == group)
            return true;
    return false;
}

std::optional<KubeVersion> parse_kube_version(std::string_view text) {
    if (text.starts_with('v'))
        text.remove_prefix(1);
    std::size_t dot = text.find('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    std::string_view rest = text.substr(dot + 1);
    std::size_t dot2 = rest.find('.');
    if (dot2 != std::string_view::npos) {
        int patch = 0;
        if (!parse_int(rest.substr(dot2 + 1), patch))
            return std::nullopt;
        rest = rest.substr(0, dot2);
    }
    KubeVersion v;
    if (!parse_int(text.substr(0, dot), v.major) || !parse_int(rest, v.minor))
        return std::nullopt;
    return v;
}

const RemovedApi* find_removed_api(std::string_view group, std::string_view version,
                                   std::string_view kind) {
    for (const auto& api : removed_apis)
        if (api.group == group && api.version == version && (api.kind == kind || api.kind == "*"))
            return &api;
    return nullptr;
}

} // namespace slipway::manifest
