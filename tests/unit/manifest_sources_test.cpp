// Tests for manifest/sources and manifest/kustomize: what paths hold on disk, and rendering.
#include "manifest/sources.hpp"

#include "manifest/disk_tree.hpp"
#include "manifest/kustomize.hpp"

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
    DiskTree tree(dir.path());
    auto s = find_sources(tree, {"k8s"}, MissingPaths::fail);
    REQUIRE(s);
    CHECK(s->files == std::vector<std::string>{"k8s/cart/deployment.yaml", "k8s/web.json"});
    CHECK(top_level(s->kustomizations) ==
          std::vector<std::string>{"k8s/app/overlays/prod", "k8s/lone"});
    CHECK(s->kustomizations.at("k8s/app/overlays/prod").refs ==
          std::vector<std::string>{"k8s/app/base"});
}

TEST_CASE("on disk as in git: symlinks are not walked, a named file is taken, .git is skipped") {
    test::TempDir dir;
    dir.write("k8s/a.yaml", "kind: x\n");
    dir.write("k8s/.git/config.yaml", "kind: x\n");
    dir.write("elsewhere/b.yaml", "kind: x\n");
    dir.write("Makefile", "all:\n");
    std::filesystem::create_directory_symlink("../elsewhere", dir / "k8s/linked");
    std::filesystem::create_symlink("a.yaml", dir / "k8s/link.yaml");
    DiskTree tree(dir.path());
    auto s = find_sources(tree, {"k8s", "Makefile"}, MissingPaths::fail);
    REQUIRE(s);
    CHECK(s->files == std::vector<std::string>{"Makefile", "k8s/a.yaml"});
    CHECK(s->kustomizations.empty());
}

TEST_CASE("a named file inside a kustomization is the kustomization's, not a plain file") {
    test::TempDir dir;
    dir.write("app/kustomization.yaml", "resources: [d.yaml]\n");
    dir.write("app/d.yaml", "kind: x\n");
    DiskTree tree(dir.path());
    auto s = find_sources(tree, {"app", "app/d.yaml"}, MissingPaths::fail);
    REQUIRE(s);
    CHECK(s->files.empty());
    CHECK(top_level(s->kustomizations) == std::vector<std::string>{"app"});
}

TEST_CASE("a path missing from the commit is an error, or skipped when asked") {
    test::TempDir dir;
    DiskTree tree(dir.path());
    auto s = find_sources(tree, {"services"}, MissingPaths::fail);
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "path \"services\" does not exist in this commit");
    auto climbing = find_sources(tree, {"../x"}, MissingPaths::fail);
    REQUIRE_FALSE(climbing);
    CHECK(climbing.error().message == "path \"../x\" does not exist in this commit");
    auto skipped = find_sources(tree, {"services"}, MissingPaths::skip);
    REQUIRE(skipped);
    CHECK(skipped->files.empty());
}

TEST_CASE("manifest candidates: under the paths with a manifest name, or named") {
    const std::vector<std::string> paths = {"services", "Makefile"};
    CHECK(is_manifest_candidate(paths, "services/a.yaml"));
    CHECK(is_manifest_candidate(paths, "services/b/c.json"));
    CHECK_FALSE(is_manifest_candidate(paths, "services/notes.txt"));
    CHECK(is_manifest_candidate(paths, "Makefile"));
    CHECK_FALSE(is_manifest_candidate(paths, "other/a.yaml"));
    CHECK_FALSE(is_manifest_candidate(paths, "services2/a.yaml"));
    CHECK(is_manifest_name("a.yml"));
    CHECK_FALSE(is_manifest_name(".yaml"));
}

TEST_CASE("kubectl kustomize renders an overlay, and a broken one fails with its message") {
    test::TempDir dir;
    dir.write("base/kustomization.yaml", "resources: [cm.yaml]\n");
    dir.write("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
    dir.write("prod/kustomization.yaml", "resources: [../base]\nnamePrefix: prod-\n");
    auto out = render_kustomization(dir.path(), dir.path() / "prod", {});
    REQUIRE(out);
    REQUIRE(out->yaml);
    CHECK(out->yaml->find("name: prod-settings") != std::string::npos);

    dir.write("broken/kustomization.yaml", "resources: [missing.yaml]\n");
    auto bad = render_kustomization(dir.path(), dir.path() / "broken", {});
    REQUIRE(bad);
    CHECK_FALSE(bad->yaml);
    CHECK(bad->failure.starts_with("kubectl kustomize exited with status 1: "));
    CHECK(bad->failure.find("missing.yaml") != std::string::npos);
}
