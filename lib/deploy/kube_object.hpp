// Kubernetes objects as the deploy engine handles them: identity, scope, file and kubectl names.
#pragma once

#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace slipway::deploy {

/// Whether objects of a kind live in a namespace. `unknown`: decided by the built-in list of
/// cluster-scoped kinds (is_cluster_scoped_kind()).
enum class Scope { unknown, namespaced, cluster };

/// One Kubernetes object to deploy, as the manifest loader produces it.
struct KubeObject {
    std::string api_version;    ///< "apps/v1"
    std::string kind;           ///< "Deployment"
    std::string namespace_name; ///< as written in the manifest; empty when it sets none
    std::string name;
    std::string yaml_text;        ///< the document, applied and rendered as is
    Scope scope = Scope::unknown; ///< from the schema when the loader knows it
};

/// Where an object lives in a cluster, without its content: what an inventory records.
struct ObjectRef {
    std::string api_version;
    std::string kind;
    std::string namespace_name; ///< empty for cluster-scoped objects
    std::string name;

    /// "apps" for "apps/v1", "" for the core group ("v1").
    std::string group() const;
    /// The identity across API versions: "apps/Deployment/shop/cart"; apps/v1 and
    /// apps/v1beta2 of one Deployment are the same object.
    std::string key() const;
    /// How the pusher sees it named: "Deployment shop/cart", "Namespace shop".
    std::string describe() const;
    /// The resource argument kubectl takes: "deployment.v1.apps/cart", "service/cart".
    std::string kubectl_resource() const;
    bool operator==(const ObjectRef&) const = default;
};

/// True for the built-in kinds that have no namespace (Namespace, ClusterRole, CRDs, ...).
bool is_cluster_scoped_kind(std::string_view kind);

/// The ref of `object` deployed to an environment whose namespace is `default_namespace`:
/// cluster-scoped objects lose any namespace, namespaced ones without one get
/// `default_namespace`. Fails, naming the object, when its kind, name or namespace is empty or
/// holds characters Kubernetes never allows in them ('/', whitespace, control characters).
Result<ObjectRef> object_ref(const KubeObject& object, const std::string& default_namespace);

/// The refs of all `objects` (as object_ref() gives them), in order. Fails on the first bad
/// object and on two objects with one identity ("Deployment shop/cart is defined twice").
Result<std::vector<ObjectRef>> object_refs(const std::vector<KubeObject>& objects,
                                           const std::string& default_namespace);

/// The file of `ref` in a rendering: "<namespace or _cluster>/<lowercase kind>-<name>.yaml".
std::string rendered_path(const ObjectRef& ref);

} // namespace slipway::deploy
