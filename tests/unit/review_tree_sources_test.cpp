// Tests for review/tree_sources: a git tree as a manifest::SourceTree, and the plain manifest
// files and kustomizations (with what their rendering reads) found in it.
#include "review/tree_sources.hpp"

#include "deploy_fixture.hpp"
#include "git/diff.hpp"
#include "git/oid.hpp"

using namespace slipway;
using namespace slipway::review;
using slipway::testing::BareRepo;

namespace {

const git::TreeFiles shop = {
    {"services/cart/deployment.yaml", {"kind: Deployment"}},
    {"services/cart/notes.txt", {"not a manifest"}},
    {"services/cart/link.yaml", {"deployment.yaml", git::FileMode::symlink}},
    {"services/web/svc.json", {"{}"}},
    {"services/shop/base/kustomization.yaml", {"resources: [deployment.yaml]\n"}},
    {"services/shop/base/deployment.yaml", {"kind: Deployment"}},
    {"services/shop/overlays/prod/kustomization.yaml",
     {"resources: [../../base, extra.yaml, https://example.com/remote.yaml]\n"
      "configMapGenerator:\n  - name: cfg\n    files: "
      "[app.properties=../../config/app.properties]\n"}},
    {"services/shop/overlays/prod/extra.yaml", {"kind: Service"}},
    {"services/shop/overlays/prod/nested/kustomization.yaml", {"resources: []\n"}},
    {"services/shop/config/app.properties", {"a=1"}},
    {"services/bad/Kustomization", {"resources: [: not yaml\n"}},
    {"services/bad/deployment.yaml", {"kind: Deployment"}},
    {"elsewhere/deployment.yaml", {"kind: Deployment"}},
    {"Makefile", {"all:"}},
};

} // namespace

TEST_CASE("find_tree_sources: plain manifests outside kustomizations, and the kustomizations") {
    BareRepo r;
    auto tree = git::peel_to_tree(r.repo(), r.commit(shop));
    REQUIRE(tree);
    auto sources = review::find_tree_sources(r.repo(), **tree, {"services", "Makefile", "missing"});
    REQUIRE(sources);
    std::vector<std::string> files;
    for (const auto& [path, oid] : sources->files)
        files.push_back(path);
    // Symlinks and non-manifest names are left out, a path named explicitly is taken.
    CHECK(files == std::vector<std::string>{"Makefile", "services/cart/deployment.yaml",
                                            "services/web/svc.json"});
    auto blob = git::read_blob(r.repo(), sources->files.at("Makefile"));
    REQUIRE(blob);
    CHECK(*blob == "all:");

    std::vector<std::string> dirs;
    for (const auto& [dir, k] : sources->kustomizations)
        dirs.push_back(dir);
    // The kustomization inside overlays/prod is part of it, not one of its own.
    CHECK(dirs == std::vector<std::string>{"services/bad", "services/shop/base",
                                           "services/shop/overlays/prod"});
    const auto& prod = sources->kustomizations.at("services/shop/overlays/prod");
    CHECK(prod.file == "kustomization.yaml");
    CHECK(prod.refs == std::vector<std::string>{"services/shop/base"});
    CHECK(prod.inputs == std::vector<std::string>{
                             "services/shop/base", "services/shop/base/deployment.yaml",
                             "services/shop/config/app.properties", "services/shop/overlays/prod",
                             "services/shop/overlays/prod/extra.yaml"});
    // A kustomization file that is not YAML reads as naming nothing; rendering reports it.
    const auto& bad = sources->kustomizations.at("services/bad");
    CHECK(bad.file == "Kustomization");
    CHECK(bad.refs.empty());
    CHECK(bad.inputs == std::vector<std::string>{"services/bad"});
}

TEST_CASE("a kustomization at the root holds everything, and bases of bases are inputs") {
    BareRepo r;
    auto tree = git::peel_to_tree(
        r.repo(), r.commit({{"kustomization.yml", {"resources: [app]\n"}},
                            {"app/kustomization.yaml", {"resources: [../lib, d.yaml]\n"}},
                            {"app/d.yaml", {"kind: Deployment"}},
                            {"lib/kustomization.yaml", {"resources: [../app]\n"}}, // a cycle
                            {"lib/s.yaml", {"kind: Service"}}}));
    REQUIRE(tree);
    auto sources = review::find_tree_sources(r.repo(), **tree, {"."});
    REQUIRE(sources);
    CHECK(sources->files.empty());
    REQUIRE(sources->kustomizations.size() == 1);
    const auto& root = sources->kustomizations.at(".");
    CHECK(root.file == "kustomization.yml");
    CHECK(root.refs == std::vector<std::string>{"app"});
    CHECK(root.inputs == std::vector<std::string>{".", "app", "app/d.yaml", "lib"});

    git::TreeLookup lookup(r.repo(), **tree);
    GitSourceTree source(lookup);
    CHECK(manifest::kustomization_file(source, "lib") == std::string("kustomization.yaml"));
    CHECK(manifest::kustomization_file(source, "app/d.yaml") == std::string());
    CHECK(manifest::kustomization_file(source, "nowhere") == std::string());
}

TEST_CASE("kustomization names, and which changes touch a kustomization's inputs") {
    CHECK(manifest::is_kustomization_name("kustomization.yaml"));
    CHECK(manifest::is_kustomization_name("kustomization.yml"));
    CHECK(manifest::is_kustomization_name("Kustomization"));
    CHECK_FALSE(manifest::is_kustomization_name("kustomization.json"));
    const std::vector<std::string> inputs = {"services/shop/base", "config/app.properties"};
    CHECK(manifest::touches(inputs, "services/shop/base/deployment.yaml"));
    CHECK(manifest::touches(inputs, "config/app.properties"));
    CHECK_FALSE(manifest::touches(inputs, "services/shop/base-old/deployment.yaml"));
    CHECK_FALSE(manifest::touches(inputs, "config/app.properties.bak"));
    CHECK(manifest::touches({"."}, "anything/at/all"));
}

TEST_CASE("a kustomization's inputs follow symlinks, as kustomize reads them in a checkout") {
    BareRepo r;
    auto tree = git::peel_to_tree(
        r.repo(), r.commit({{"services/shop/kustomization.yaml",
                             {"resources: [base, ../shared/s.yaml, gone, ../../../etc]\n"}},
                            {"services/shop/base", {"../../bases/shop", git::FileMode::symlink}},
                            {"services/shop/gone", {"../../nowhere", git::FileMode::symlink}},
                            {"services/shared", {"../lib", git::FileMode::symlink}},
                            {"lib/s.yaml", {"kind: Service"}},
                            {"bases/shop/kustomization.yaml", {"resources: [../common]\n"}},
                            {"bases/common/kustomization.yaml", {"resources: [c.yaml]\n"}},
                            {"bases/common/c.yaml", {"kind: ConfigMap"}}}));
    REQUIRE(tree);
    auto sources = review::find_tree_sources(r.repo(), **tree, {"services"});
    REQUIRE(sources);
    const auto& shop = sources->kustomizations.at("services/shop");
    // The base reached through a link is read where it is, for its own bases; a link to a
    // missing path is an input (the link), a name that climbs out of the tree is none.
    CHECK(shop.inputs == std::vector<std::string>{"bases/common", "bases/common/c.yaml",
                                                  "bases/shop", "lib/s.yaml", "services/shared",
                                                  "services/shop", "services/shop/base",
                                                  "services/shop/gone"});
    // As manifest::find_sources sees it in a checkout, a symlinked base is no reference.
    CHECK(shop.refs.empty());
    CHECK(shop.complete);
    CHECK(manifest::touches(shop.inputs, "bases/common/c.yaml"));

    git::TreeLookup lookup(r.repo(), **tree);
    GitSourceTree source(lookup);
    auto inputs = manifest::kustomization_inputs(source, "services/shop");
    REQUIRE(inputs);
    CHECK(*inputs == shop.inputs);
}

TEST_CASE("kustomization_inputs cannot tell what a kustomization reads through odd files") {
    BareRepo r;
    auto tree = git::peel_to_tree(
        r.repo(), r.commit({{"bad/kustomization.yaml", {"resources: [: not yaml\n"}},
                            {"deep/kustomization.yaml", {"resources: [../bad]\n"}},
                            {"linked/kustomization.yaml", {"resources: [../odd]\n"}},
                            {"odd/kustomization.yaml", {"../real/k.yaml", git::FileMode::symlink}},
                            {"real/k.yaml", {"resources: [x.yaml]\n"}},
                            {"plain/kustomization.yaml", {"resources: [d.yaml]\n"}},
                            {"plain/d.yaml", {"kind: Deployment"}}}));
    REQUIRE(tree);
    git::TreeLookup lookup(r.repo(), **tree);
    GitSourceTree source(lookup);
    for (const char* dir : {"bad", "deep", "linked", "real", "nowhere"}) {
        auto inputs = manifest::kustomization_inputs(source, dir);
        REQUIRE(inputs);
        CHECK_FALSE(*inputs);
    }
    auto plain = manifest::kustomization_inputs(source, "plain");
    REQUIRE(plain);
    REQUIRE(*plain);
    CHECK(**plain == std::vector<std::string>{"plain", "plain/d.yaml"});
}

TEST_CASE("GitSourceTree reads a file only within its size limit, sized from the header") {
    BareRepo r;
    auto tree = git::peel_to_tree(
        r.repo(),
        r.commit({{"k/kustomization.yaml", {"resources: [" + std::string(100, 'a') + "]\n"}},
                  {"k/small.yaml", {"kind: x\n"}}}));
    REQUIRE(tree);
    git::TreeLookup lookup(r.repo(), **tree);
    GitSourceTree source(lookup, 64);
    auto small = source.read("k/small.yaml");
    REQUIRE(small);
    CHECK(*small == "kind: x\n");
    auto big = source.read("k/kustomization.yaml");
    REQUIRE_FALSE(big);
    CHECK(big.error().message == "k/kustomization.yaml is 114 bytes, more than the 64 a file the "
                                 "gate reads may have (manifests.limits.max_file_bytes)");
}
