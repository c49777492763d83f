// Tests for manifest/workload: finding the containers of every workload kind.
#include "manifest/workload.hpp"

#include <catch2/catch.hpp>

using namespace slipway::manifest;

namespace {

std::vector<std::string> containers(std::string_view yaml) {
    LoadedFile f = load_yaml("f.yaml", yaml, Limits{});
    std::vector<Object> objects;
    slipway::Findings findings;
    extract_objects("f.yaml", f, objects, findings);
    REQUIRE(findings.empty());
    REQUIRE(objects.size() == 1);
    std::vector<std::string> out;
    for (const auto& c : workload_containers(f.tree, objects[0]))
        out.push_back(c.path + " " + std::string(c.name) + (c.ephemeral ? " (ephemeral)" : ""));
    return out;
}

} // namespace

TEST_CASE("the pod spec of each workload kind") {
    CHECK(pod_spec_path("", "Pod") == "spec");
    CHECK(pod_spec_path("apps", "Deployment") == "spec.template.spec");
    CHECK(pod_spec_path("apps", "StatefulSet") == "spec.template.spec");
    CHECK(pod_spec_path("apps", "DaemonSet") == "spec.template.spec");
    CHECK(pod_spec_path("apps", "ReplicaSet") == "spec.template.spec");
    CHECK(pod_spec_path("batch", "Job") == "spec.template.spec");
    CHECK(pod_spec_path("batch", "CronJob") == "spec.jobTemplate.spec.template.spec");
    CHECK(pod_spec_path("", "ReplicationController") == "spec.template.spec");
    CHECK(pod_spec_path("", "Service").empty());
    CHECK(pod_spec_path("example.com", "Deployment").empty());
}

TEST_CASE("containers, initContainers and ephemeralContainers are all found") {
    CHECK(containers("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                     "  containers: [{name: a, image: x}, {name: b}]\n"
                     "  initContainers: [{name: i}]\n  ephemeralContainers: [{name: e}]\n") ==
          std::vector<std::string>{"spec.initContainers[0] i", "spec.containers[0] a",
                                   "spec.containers[1] b",
                                   "spec.ephemeralContainers[0] e (ephemeral)"});
}

TEST_CASE("a CronJob's containers are three templates deep") {
    CHECK(containers("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n"
                     "  jobTemplate:\n    spec:\n      template:\n        spec:\n"
                     "          containers: [{name: job}]\n") ==
          std::vector<std::string>{"spec.jobTemplate.spec.template.spec.containers[0] job"});
}

TEST_CASE("other kinds and malformed specs have no containers") {
    CHECK(containers("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {}\n").empty());
    CHECK(containers("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: 3\n")
              .empty());
    CHECK(containers("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
                     "  template:\n    spec:\n      containers: [3, {name: ok}]\n") ==
          std::vector<std::string>{"spec.template.spec.containers[1] ok"});
}
