// Tests for manifest/kube_tables: cluster-scoped kinds and removed API versions.
#include "manifest/kube_tables.hpp"

#include <catch2/catch.hpp>

using namespace slipway::manifest;

TEST_CASE("cluster-scoped kinds are known by group and kind") {
    CHECK(is_cluster_scoped("", "Namespace"));
    CHECK(is_cluster_scoped("", "PersistentVolume"));
    CHECK(is_cluster_scoped("rbac.authorization.k8s.io", "ClusterRole"));
    CHECK_FALSE(is_cluster_scoped("", "Service"));
    CHECK_FALSE(is_cluster_scoped("example.com", "Namespace"));
}

TEST_CASE("Kubernetes versions parse with or without v and patch level") {
    CHECK(parse_kube_version("1.29") == KubeVersion{1, 29});
    CHECK(parse_kube_version("v1.25.3") == KubeVersion{1, 25});
    CHECK_FALSE(parse_kube_version("1"));
    CHECK_FALSE(parse_kube_version("1.x"));
    CHECK_FALSE(parse_kube_version("1.2.x"));
    CHECK(KubeVersion{1, 9} < KubeVersion{1, 16});
}

TEST_CASE("removed APIs are found by kind, or for the whole group version") {
    const RemovedApi* cronjob = find_removed_api("batch", "v1beta1", "CronJob");
    REQUIRE(cronjob);
    CHECK(cronjob->removed_in == KubeVersion{1, 25});
    CHECK(cronjob->replacement == "batch/v1");
    const RemovedApi* ingress = find_removed_api("extensions", "v1beta1", "Ingress");
    REQUIRE(ingress);
    CHECK(ingress->removed_in == KubeVersion{1, 22});
    CHECK(ingress->replacement == "networking.k8s.io/v1");
    const RemovedApi* psp = find_removed_api("policy", "v1beta1", "PodSecurityPolicy");
    REQUIRE(psp);
    CHECK(psp->replacement.empty());
    CHECK(find_removed_api("apps", "v1", "Deployment") == nullptr);
    CHECK(find_removed_api("", "v1", "Service") == nullptr);
}
