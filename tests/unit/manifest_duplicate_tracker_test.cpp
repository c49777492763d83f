// Tests for manifest/duplicate_tracker: duplicates across files, with namespace defaulting.
#include "manifest/duplicate_tracker.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace slipway::manifest;

namespace {

// Loads `yaml` as `path` and records its objects; the findings as "path:line:col message".
struct Target {
    DuplicateTracker tracker;
    std::vector<LoadedFile> files;
    std::vector<std::string> add(const std::string& path, std::string_view yaml) {
        files.push_back(load_yaml(path, yaml, Limits{}));
        std::vector<Object> objects;
        slipway::Findings ignored;
        extract_objects(path, files.back(), objects, ignored);
        std::vector<std::string> out;
        for (const auto& o : objects)
            if (auto f = tracker.add(path, files.back().tree, o)) {
                CHECK(f->rule == "duplicate-object");
                out.push_back(f->path + ":" + std::to_string(f->line) + ":" +
                              std::to_string(f->column) + " " + f->message);
            }
        return out;
    }
};

} // namespace

TEST_CASE("the same object in two files of one target is a duplicate") {
    Target t;
    CHECK(t.add("a.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n")
              .empty());
    CHECK(t.add("b.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n"
                          "  namespace: default\n") ==
          std::vector<std::string>{"b.yaml:4:9 Deployment \"cart\" in namespace \"default\" is "
                                   "defined twice (first at a.yaml:4:9); keep one of them or "
                                   "rename one"});
    CHECK(t.tracker.size() == 1);
}

TEST_CASE("different namespaces, kinds, groups or names are not duplicates") {
    Target t;
    CHECK(t.add("a.yaml",
                "apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: a}\n---\n"
                "apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: b}\n---\n"
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: a}\n---\n"
                "apiVersion: example.com/v1\nkind: Service\nmetadata: {name: x, namespace: a}\n"
                "---\napiVersion: v1\nkind: Service\nmetadata: {name: z, namespace: a}\n")
              .empty());
    CHECK(t.tracker.size() == 5);
}

TEST_CASE("the default namespace of the target is taken into account") {
    Target t{DuplicateTracker("shop")};
    CHECK(t.add("a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n").empty());
    CHECK(
        t.add("b.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: default}\n")
            .empty());
    CHECK(t.add("c.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: shop}\n")
              .size() == 1);
}

TEST_CASE("cluster-scoped kinds ignore namespaces") {
    Target t;
    CHECK(t.add("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: a}\n")
              .empty());
    CHECK(t.add("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n") ==
          std::vector<std::string>{"b.yaml:3:18 Namespace \"shop\" is defined twice (first at "
                                   "a.yaml:3:18); keep one of them or rename one"});
    Target custom{DuplicateTracker("default", {"cert-manager.io/ClusterIssuer"})};
    CHECK(custom
              .add("a.yaml", "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\n"
                             "metadata: {name: i, namespace: x}\n---\n"
                             "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\n"
                             "metadata: {name: i}\n")
              .size() == 1);
}

TEST_CASE("objects with only a generateName are never duplicates") {
    Target t;
    std::string job = "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: pi-}\n";
    CHECK(t.add("a.yaml", job).empty());
    CHECK(t.add("b.yaml", job).empty());
    CHECK(t.tracker.size() == 0);
}
