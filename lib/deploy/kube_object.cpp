// Kubernetes objects as the deploy engine handles them: identity, scope, file and kubectl names.
#include "deploy/kube_object.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>

namespace slipway::deploy {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Names, namespaces and kinds never hold these; rejecting them keeps file and ref names safe.
bool valid_part(std::string_view s) {
    if (s.empty() || s == "." || s == ".." || s.size() > 253)
        return false;
    return std::none_of(s.begin(), s.end(), [](unsigned char c) {
        return c == '/' || c == '\\' || std::isspace(c) || std::iscntrl(c);
    });
}

} // namespace

std::string ObjectRef::group() const {
    auto slash = api_version.find('/');
    return slash == std::string::npos ? std::string() : api_version.substr(0, slash);
}

std::string ObjectRef::key() const {
    return group() + "/" + kind + "/" + namespace_name + "/" + name;
}

std::string ObjectRef::describe() const {
    return kind + " " + (namespace_name.empty() ? name : namespace_name + "/" + name);
}

std::string ObjectRef::kubectl_resource() const {
    auto slash = api_version.find('/');
    if (slash == std::string::npos)
        return lower(kind) + "/" + name;
    return lower(kind) + "." + api_version.substr(slash + 1) + "." + api_version.substr(0, slash) +
           "/" + name;
}

bool is_cluster_scoped_kind(std::string_view kind) {
    static constexpr std::string_view kinds[] = {
        "APIService",
        "CSIDriver",
        "CSINode",
        "CertificateSigningRequest",
        "ClusterRole",
        "ClusterRoleBinding",
        "ComponentStatus",
        "CustomResourceDefinition",
        "FlowSchema",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PriorityClass",
        "PriorityLevelConfiguration",
        "RuntimeClass",
        "StorageClass",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "VolumeAttachment",
        "VolumeAttributesClass",
        "IPAddress",
    };
    return std::find(std::begin(kinds), std::end(kinds), kind) != std::end(kinds);
}

Result<ObjectRef> object_ref(const KubeObject& object, const std::string& default_namespace) {
    const bool cluster = object.scope == Scope::cluster ||
                         (object.scope == Scope::unknown && is_cluster_scoped_kind(object.kind));
    ObjectRef ref{object.api_version, object.kind, "", object.name};
    if (!cluster)
        ref.namespace_name =
            object.namespace_name.empty() ? default_namespace : object.namespace_name;
    const std::string shown =
        (object.kind.empty() ? "object" : object.kind) + " \"" + object.name + "\"";
    if (!valid_part(object.kind) || object.kind.find('.') != std::string::npos)
        return fail(shown + " has no valid kind");
    if (!valid_part(object.api_version.substr(object.api_version.find('/') + 1)))
        return fail(shown + " has no valid apiVersion");
    if (!valid_part(object.name))
        return fail(shown + " has no valid name");
    if (!cluster && !valid_part(ref.namespace_name))
        return fail(shown + " has no valid namespace");
    return ref;
}

Result<std::vector<ObjectRef>> object_refs(const std::vector<KubeObject>& objects,
                                           const std::string& default_namespace) {
    std::vector<ObjectRef> refs;
    std::set<std::string> seen;
    for (const auto& o : objects) {
        SLIPWAY_TRY_LET(ref, object_ref(o, default_namespace));
        if (!seen.insert(ref->key()).second)
            return fail(ref->describe() + " is defined twice");
        refs.push_back(std::move(*ref));
    }
    return refs;
}

std::string rendered_path(const ObjectRef& ref) {
    return (ref.namespace_name.empty() ? std::string("_cluster") : ref.namespace_name) + "/" +
           lower(ref.kind) + "-" + ref.name + ".yaml";
}

} // namespace slipway::deploy
