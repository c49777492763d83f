// Tests for deploy/manifest_loader: objects from plain files, lists and kustomizations.
#include "deploy/manifest_loader.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway;

TEST_CASE("objects come from every document, list item and kustomization") {
    test::TempDir dir;
    dir.write("svc/a.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n"
                            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    dir.write("svc/list.yaml",
              "apiVersion: v1\nkind: List\nitems:\n"
              "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c1}\n");
    dir.write("svc/app/kustomization.yaml", "resources: [cm.yaml]\nnamespace: shop\n");
    dir.write("svc/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\n");
    auto objects = deploy::load_manifest_objects(dir.path(), {"svc"}, {}, {});
    REQUIRE(objects);
    REQUIRE(objects->size() == 4);
    CHECK((*objects)[0].kind == "Service");
    CHECK((*objects)[0].yaml_text.find("name: a") != std::string::npos);
    CHECK((*objects)[1].scope == deploy::Scope::cluster);
    CHECK((*objects)[2].name == "c1");
    CHECK((*objects)[3].name == "k");
    CHECK((*objects)[3].namespace_name == "shop");
}

TEST_CASE("a manifest the gate would refuse stops the load with its position") {
    test::TempDir dir;
    dir.write("svc/bad.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  labels: {}\n");
    auto objects = deploy::load_manifest_objects(dir.path(), {"svc"}, {}, {});
    REQUIRE_FALSE(objects);
    INFO(objects.error().message);
    CHECK(
        objects.error().message.starts_with("svc/bad.yaml:4:3: error: missing \"metadata.name\""));
    CHECK(objects.error().message.ends_with("[object-structure]"));
}
