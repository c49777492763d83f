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

TEST_CASE("kustomization: names outside the repository, or remote, are refused at line:col") {
    test::TempDir dir;
    dir.write("app/kustomization.yaml", "resources:\n"
                                        "  - deployment.yaml\n"
                                        "  - ../../../srv/secrets\n"
                                        "  - /etc/passwd\n"
                                        "  - file:///srv/other.git//k\n"
                                        "  - https://github.com/acme/base//k?ref=v1\n"
                                        "  - example.com/org/repo//k\n"
                                        "  - base\n"
                                        "  - out\n"
                                        "patches:\n"
                                        "  - path: /tmp/patch.yaml\n"
                                        "  - patch: |-\n"
                                        "      - op: remove\n"
                                        "        path: /spec/replicas\n"
                                        "    target: {kind: Deployment}\n"
                                        "configMapGenerator:\n"
                                        "  - name: cfg\n"
                                        "    files: [app=../../etc/hostname, conf/app.properties]\n"
                                        "    envs: [/etc/environment]\n"
                                        "images:\n"
                                        "  - name: registry.example.com/shop\n"
                                        "    newName: /not/a/path\n"
                                        "namePrefix: /prod-\n");
    dir.write("app/deployment.yaml", "kind: x\n");
    dir.write("app/conf/app.properties", "a=1\n");
    dir.write("app/base/kustomization.yaml", "resources: [git@github.com:acme/x.git]\n");
    fs::create_directory_symlink("/etc", dir / "app/out");
    DiskTree tree(dir.path());
    auto k = read_kustomization(tree, "app", "kustomization.yaml");
    REQUIRE(k);
    CHECK(names_remote_base(*k));
    auto refused = refused_references(*k, {});
    std::vector<std::string> lines;
    for (const auto& f : refused) {
        CHECK(f.rule == "kustomize");
        CHECK(f.severity == Severity::error);
        lines.push_back(f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) +
                        ": " + f.message);
    }
    const std::string inside = "; a kustomization may only read files and directories inside "
                               "the repository";
    const std::string outside = " leads outside the repository; a kustomization may only read "
                                "files and directories inside it";
    const std::string none = " is a remote base, and the policy allows none "
                             "(manifests.kustomize.remote); vendor it into the repository";
    CHECK(lines ==
          std::vector<std::string>{
              "app/kustomization.yaml:3:5: resources entry \"../../../srv/secrets\"" + outside,
              "app/kustomization.yaml:4:5: resources entry \"/etc/passwd\" is an absolute path" +
                  inside,
              "app/kustomization.yaml:5:5: resources entry \"file:///srv/other.git//k\" is a "
              "file:// URL" +
                  inside,
              "app/kustomization.yaml:6:5: resources entry "
              "\"https://github.com/acme/base//k?ref=v1\"" +
                  none,
              "app/kustomization.yaml:7:5: resources entry \"example.com/org/repo//k\"" + none,
              "app/kustomization.yaml:9:5: resources entry \"out\"" + outside,
              "app/kustomization.yaml:11:11: patches path entry \"/tmp/patch.yaml\" is an "
              "absolute path" +
                  inside,
              "app/kustomization.yaml:18:13: configMapGenerator files entry "
              "\"app=../../etc/hostname\"" +
                  outside,
              "app/kustomization.yaml:19:12: configMapGenerator envs entry \"/etc/environment\" "
              "is an absolute path" +
                  inside,
              "app/base/kustomization.yaml:1:13: resources entry \"git@github.com:acme/x.git\"" +
                  none});

    // Allowed remote bases are not refused (and rendering them needs the network).
    auto allowed = refused_references(*k, {"https://github.com/acme/", "example.com/"});
    REQUIRE(allowed.size() == 8);
    CHECK(allowed.back().message ==
          "resources entry \"git@github.com:acme/x.git\" is a remote base, and the policy does "
          "not allow it (manifests.kustomize.remote); vendor it into the repository");

    // Names that stay inside, through symlinks too, are never refused.
    dir.write("ok/kustomization.yaml",
              "resources: [../app/deployment.yaml, linked, ./sub/../deployment.yaml]\n"
              "components: [../lib.d/c]\n");
    dir.write("ok/deployment.yaml", "kind: x\n");
    dir.write("lib.d/c/kustomization.yaml", "kind: Component\n");
    fs::create_directory_symlink("../app/conf", dir / "ok/linked");
    auto ok = read_kustomization(tree, "ok", "kustomization.yaml");
    REQUIRE(ok);
    CHECK(ok->references.empty());
    CHECK_FALSE(names_remote_base(*ok));
}

TEST_CASE("kustomization: a symlinked kustomization file of a base is checked through the link") {
    test::TempDir dir;
    dir.write("real/k.yaml", "resources:\n  - /etc/shadow\n");
    fs::create_directories(dir / "odd");
    fs::create_symlink("../real/k.yaml", dir / "odd/kustomization.yaml");
    dir.write("top/kustomization.yaml", "resources: [../odd]\n");
    DiskTree tree(dir.path());
    auto k = read_kustomization(tree, "top", "kustomization.yaml");
    REQUIRE(k);
    CHECK_FALSE(k->complete);
    auto refused = refused_references(*k, {});
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].path == "real/k.yaml");
    CHECK(refused[0].line == 2);
    CHECK(refused[0].column == 5);
    CHECK(refused[0].message == "resources entry \"/etc/shadow\" is an absolute path; a "
                                "kustomization may only read files and directories inside the "
                                "repository");
}
