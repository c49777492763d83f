// Tests for manifest/kustomization on disk (the git side: review_tree_sources_test): the same
// inputs and references wherever the tree is.
#include "manifest/kustomization.hpp"

#include "manifest/disk_tree.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::manifest;
namespace fs = std::filesystem;

TEST_CASE("kustomization: inputs and references read from a checkout, symlinks followed") {
    test::TempDir dir;
    dir.write("services/shop/kustomization.yaml",
              "resources: [base, ../shared/s.yaml, gone, ../../../etc, /etc/passwd,\n"
              "            https://example.com/x.yaml, overlay]\n"
              "configMapGenerator:\n  - name: cfg\n    files: [app=conf/app.properties]\n");
    dir.write("services/shop/overlay/kustomization.yml", "resources: [o.yaml]\n");
    dir.write("services/shop/overlay/o.yaml", "kind: x\n");
    dir.write("services/shop/conf/app.properties", "a=1\n");
    dir.write("lib/s.yaml", "kind: Service\n");
    dir.write("bases/shop/kustomization.yaml", "resources: [d.yaml]\n");
    dir.write("bases/shop/d.yaml", "kind: x\n");
    fs::create_directory_symlink("../../bases/shop", dir / "services/shop/base");
    fs::create_symlink("../../nowhere", dir / "services/shop/gone");
    fs::create_directory_symlink("../lib", dir / "services/shared");
    DiskTree tree(dir.path());
    auto file = kustomization_file(tree, "services/shop");
    REQUIRE(file);
    CHECK(*file == "kustomization.yaml");
    auto k = read_kustomization(tree, "services/shop", *file);
    REQUIRE(k);
    CHECK(k->complete);
    // The symlinked base is read where it is; it is no reference (the walk never reaches it
    // through the link), the overlay directory beside it is.
    CHECK(k->refs == std::vector<std::string>{"services/shop/overlay"});
    CHECK(k->inputs ==
          std::vector<std::string>{"bases/shop", "bases/shop/d.yaml", "lib/s.yaml",
                                   "services/shared", "services/shop", "services/shop/base",
                                   "services/shop/conf/app.properties", "services/shop/gone",
                                   "services/shop/overlay", "services/shop/overlay/o.yaml"});
}

TEST_CASE("kustomization: a file that is not YAML, or a symlinked one, makes inputs unknown") {
    test::TempDir dir;
    dir.write("bad/kustomization.yaml", "resources: [: not yaml\n");
    dir.write("deep/kustomization.yaml", "resources: [../bad]\n");
    dir.write("dup/kustomization.yaml", "resources: [a.yaml]\nresources: [b.yaml]\n");
    dir.write("real/k.yaml", "resources: [x.yaml]\n");
    fs::create_directories(dir / "odd");
    fs::create_symlink("../real/k.yaml", dir / "odd/kustomization.yaml");
    dir.write("linked/kustomization.yaml", "resources: [../odd]\n");
    DiskTree tree(dir.path());
    for (const char* d : {"bad", "deep", "dup", "linked", "odd", "nowhere"}) {
        INFO(d);
        auto inputs = kustomization_inputs(tree, d);
        REQUIRE(inputs);
        CHECK_FALSE(*inputs);
    }
    CHECK(is_kustomization_name("Kustomization"));
    CHECK_FALSE(is_kustomization_name("kustomization.json"));
    CHECK(touches({"services/shop"}, "services/shop/a.yaml"));
    CHECK_FALSE(touches({"services/shop"}, "services/shopping/a.yaml"));
}
