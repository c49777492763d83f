// Tests for manifest/sources and manifest/kustomize: what paths hold, and rendering.
#include "manifest/kustomize.hpp"
#include "manifest/sources.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::manifest;

TEST_CASE("plain files and top-level kustomizations are told apart") {
    test::TempDir dir;
    dir.write("k8s/cart/deployment.yaml", "kind: x\n");
    dir.write("k8s/cart/notes.txt", "not a manifest\n");
    dir.write("k8s/web.json", "{}\n");
    dir.write("k8s/app/base/kustomization.yaml", "resources: [svc.yaml]\n");
    dir.write("k8s/app/base/svc.yaml", "kind: x\n");
    dir.write("k8s/app/overlays/prod/kustomization.yaml", "resources: [../../base]\n");
    dir.write("k8s/lone/kustomization.yml", "resources: []\n");
    auto s = find_sources(dir.path(), {"k8s"});
    REQUIRE(s);
    CHECK(s->files == std::vector<std::string>{"k8s/cart/deployment.yaml", "k8s/web.json"});
    CHECK(s->kustomizations == std::vector<std::string>{"k8s/app/overlays/prod", "k8s/lone"});
}

TEST_CASE("a path missing from the commit is an error") {
    test::TempDir dir;
    auto s = find_sources(dir.path(), {"services"});
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "path \"services\" does not exist in this commit");
}

TEST_CASE("kubectl kustomize renders an overlay, and a broken one fails with its message") {
    test::TempDir dir;
    dir.write("base/kustomization.yaml", "resources: [cm.yaml]\n");
    dir.write("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
    dir.write("prod/kustomization.yaml", "resources: [../base]\nnamePrefix: prod-\n");
    auto out = render_kustomization(dir.path() / "prod", {});
    REQUIRE(out);
    CHECK(out->find("name: prod-settings") != std::string::npos);

    dir.write("broken/kustomization.yaml", "resources: [missing.yaml]\n");
    auto bad = render_kustomization(dir.path() / "broken", {});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.starts_with("kubectl kustomize exited with status 1: "));
    CHECK(bad.error().message.find("missing.yaml") != std::string::npos);
}
