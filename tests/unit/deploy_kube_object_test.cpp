// Tests for deploy/kube_object: identities, scopes, rendered file names, kubectl names.
#include "deploy/kube_object.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::deploy;

TEST_CASE("object_ref gives namespaced objects the default namespace, cluster ones none") {
    auto dep = object_ref({"apps/v1", "Deployment", "", "cart", ""}, "shop");
    REQUIRE(dep);
    CHECK(dep->namespace_name == "shop");
    CHECK(dep->key() == "apps/Deployment/shop/cart");
    CHECK(dep->describe() == "Deployment shop/cart");
    CHECK(dep->kubectl_resource() == "deployment.v1.apps/cart");
    CHECK(rendered_path(*dep) == "shop/deployment-cart.yaml");

    auto ns = object_ref({"v1", "Namespace", "ignored", "shop", ""}, "default");
    REQUIRE(ns);
    CHECK(ns->namespace_name.empty());
    CHECK(ns->describe() == "Namespace shop");
    CHECK(ns->kubectl_resource() == "namespace/shop");
    CHECK(rendered_path(*ns) == "_cluster/namespace-shop.yaml");

    auto crd_instance =
        object_ref({"example.com/v1", "ClusterThing", "", "x", "", Scope::cluster}, "default");
    REQUIRE(crd_instance);
    CHECK(crd_instance->namespace_name.empty());
    auto explicit_ns = object_ref({"v1", "Service", "other", "cart", ""}, "shop");
    REQUIRE(explicit_ns);
    CHECK(explicit_ns->namespace_name == "other");
}

TEST_CASE("one object under two API versions has one identity") {
    ObjectRef a{"apps/v1", "Deployment", "shop", "cart"};
    ObjectRef b{"apps/v1beta2", "Deployment", "shop", "cart"};
    CHECK(a.key() == b.key());
    CHECK(a.group() == "apps");
    CHECK(ObjectRef{"v1", "ConfigMap", "shop", "c"}.group().empty());
}

TEST_CASE("object_ref rejects names that would escape a rendering's directory") {
    auto slash = object_ref({"v1", "ConfigMap", "shop", "../../etc", ""}, "default");
    REQUIRE_FALSE(slash);
    CHECK(slash.error().message == "ConfigMap \"../../etc\" has no valid name");
    auto ns = object_ref({"v1", "ConfigMap", "..", "c", ""}, "default");
    REQUIRE_FALSE(ns);
    CHECK(ns.error().message == "ConfigMap \"c\" has no valid namespace");
    auto kind = object_ref({"v1", "", "shop", "c", ""}, "default");
    REQUIRE_FALSE(kind);
    CHECK(kind.error().message == "object \"c\" has no valid kind");
}

TEST_CASE("object_refs refuses an object defined twice") {
    std::vector<KubeObject> objects{{"apps/v1", "Deployment", "shop", "cart", "a"},
                                    {"apps/v1beta2", "Deployment", "", "cart", "b"}};
    auto refs = object_refs(objects, "shop");
    REQUIRE_FALSE(refs);
    CHECK(refs.error().message == "Deployment shop/cart is defined twice");
    CHECK(is_cluster_scoped_kind("ClusterRoleBinding"));
    CHECK_FALSE(is_cluster_scoped_kind("RoleBinding"));
}
