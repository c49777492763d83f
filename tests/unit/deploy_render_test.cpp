// Tests for deploy/render: rendered manifests as commits on refs/slipway/rendered/<env>.
#include "deploy/render.hpp"

#include "deploy_fixture.hpp"
#include "git/diff.hpp"
#include "git/objects.hpp"

using namespace slipway;
using namespace slipway::deploy;
using slipway::testing::BareRepo;

namespace {

const std::string source_a = "3f2a9c1d0000000000000000000000000000000a";
const std::string source_b = "9be01d2e0000000000000000000000000000000b";

RenderSettings settings(const std::string& source, const std::string& pusher) {
    return {.environment = "preprod",
            .ref = "refs/slipway/rendered/preprod",
            .default_namespace = "shop",
            .source_commit = source,
            .pusher = pusher,
            .committer = {.time = 1700000000}};
}

} // namespace

TEST_CASE("a rendering is one file per object in a commit naming source and pusher") {
    BareRepo r;
    std::vector<KubeObject> objects{
        {"v1", "Namespace", "", "shop", "apiVersion: v1\nkind: Namespace\n"},
        {"apps/v1", "Deployment", "", "cart", "kind: Deployment\n"},
        {"v1", "Service", "shop", "cart", "kind: Service"}};
    auto out = render_to_ref(r.repo(), objects, settings(source_a, "alice"));
    REQUIRE(out);
    CHECK(out->objects == 3);
    CHECK(out->added == 3);
    CHECK_FALSE(out->commit.parent);

    auto files = git::read_tree(r.repo(), out->commit.commit);
    REQUIRE(files);
    CHECK(files->size() == 3);
    CHECK(files->at("_cluster/namespace-shop.yaml").content == "apiVersion: v1\nkind: Namespace\n");
    CHECK(files->at("shop/deployment-cart.yaml").content == "kind: Deployment\n");
    CHECK(files->at("shop/service-cart.yaml").content == "kind: Service\n");

    auto info = git::read_commit(r.repo(), out->commit.commit);
    REQUIRE(info);
    CHECK(info->summary == "Render 3f2a9c1 for preprod (pushed by alice)");
    CHECK(render_message(settings(source_a, "alice")) ==
          "Render 3f2a9c1 for preprod (pushed by alice)\n\n"
          "Source-Commit: 3f2a9c1d0000000000000000000000000000000a\n"
          "Pushed-By: alice\nEnvironment: preprod\n");
    auto tip = r.repo().ref_target("refs/slipway/rendered/preprod");
    REQUIRE(tip);
    CHECK(git_oid_equal(&**tip, &out->commit.commit));
}

TEST_CASE(
    "the next rendering's parent is the previous one, and a removed service is deleted files") {
    BareRepo r;
    std::vector<KubeObject> before{{"apps/v1", "Deployment", "shop", "cart", "image: cart:1\n"},
                                   {"apps/v1", "Deployment", "shop", "legacy", "x\n"},
                                   {"v1", "Service", "shop", "legacy", "y\n"}};
    auto first = render_to_ref(r.repo(), before, settings(source_a, "alice"));
    REQUIRE(first);
    std::vector<KubeObject> after{{"apps/v1", "Deployment", "shop", "cart", "image: cart:2\n"},
                                  {"v1", "ConfigMap", "shop", "new", "z\n"}};
    auto second = render_to_ref(r.repo(), after, settings(source_b, "bob"));
    REQUIRE(second);
    REQUIRE(second->commit.parent);
    CHECK(git_oid_equal(&*second->commit.parent, &first->commit.commit));
    CHECK(second->added == 1);
    CHECK(second->modified == 1);
    CHECK(second->deleted ==
          std::vector<std::string>{"shop/deployment-legacy.yaml", "shop/service-legacy.yaml"});

    // What `git diff` of the two renderings shows.
    auto diff = git::diff_paths(r.repo(), first->commit.commit, second->commit.commit);
    REQUIRE(diff);
    REQUIRE(diff->size() == 4);
    CHECK((*diff)[0].path == "shop/configmap-new.yaml");
    CHECK((*diff)[0].kind == git::PathChangeKind::added);
    CHECK((*diff)[1].path == "shop/deployment-cart.yaml");
    CHECK((*diff)[1].kind == git::PathChangeKind::modified);
    CHECK((*diff)[2].kind == git::PathChangeKind::deleted);
    CHECK((*diff)[3].kind == git::PathChangeKind::deleted);

    SECTION("an unchanged rendering still records the new source commit") {
        auto third = render_to_ref(r.repo(), after, settings(source_a, "carol"));
        REQUIRE(third);
        CHECK(third->added + third->modified + third->deleted.size() == 0);
        CHECK(git_oid_equal(&third->commit.tree, &second->commit.tree));
        CHECK(git_oid_equal(&*third->commit.parent, &second->commit.commit));
    }
}

TEST_CASE("a bad object renders nothing and leaves the ref alone") {
    BareRepo r;
    auto first = render_to_ref(r.repo(), {{"v1", "ConfigMap", "shop", "a", "a\n"}},
                               settings(source_a, "alice"));
    REQUIRE(first);
    auto bad = render_to_ref(
        r.repo(),
        {{"v1", "ConfigMap", "shop", "a", "a\n"}, {"v1", "ConfigMap", "shop", "a/../../x", "b\n"}},
        settings(source_b, "bob"));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "ConfigMap \"a/../../x\" has no valid name");
    auto tip = r.repo().ref_target("refs/slipway/rendered/preprod");
    REQUIRE(tip);
    CHECK(git_oid_equal(&**tip, &first->commit.commit));
}
