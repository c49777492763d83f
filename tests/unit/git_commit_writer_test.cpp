// Tests for git/commit_writer: commits with parents, compare-and-swap ref moves.
#include "git/commit_writer.hpp"

#include "deploy_fixture.hpp"
#include "git/objects.hpp"

using namespace slipway;
using namespace slipway::git;
using slipway::testing::BareRepo;
using slipway::testing::ScopedEnv;

TEST_CASE("commit_files_to_ref chains commits on the ref, parent first") {
    BareRepo r;
    const std::string ref = "refs/slipway/rendered/prod";
    Signature sig{.name = "Slipway", .email = "slipway@localhost", .time = 1700000000};
    auto first = commit_files_to_ref(r.repo(), ref, {{"a.yaml", {"1"}}}, "first\n\nbody", sig);
    REQUIRE(first);
    CHECK_FALSE(first->parent);
    auto second = commit_files_to_ref(r.repo(), ref, {{"b.yaml", {"2"}}}, "second", sig);
    REQUIRE(second);
    REQUIRE(second->parent);
    CHECK(git_oid_equal(&*second->parent, &first->commit));

    auto at = r.repo().ref_target(ref);
    REQUIRE(at);
    REQUIRE(*at);
    CHECK(git_oid_equal(&**at, &second->commit));
    auto info = read_commit(r.repo(), second->commit);
    REQUIRE(info);
    CHECK(info->summary == "second");
    CHECK(info->author_name == "Slipway");
    CHECK(info->time == 1700000000);
    REQUIRE(info->parents.size() == 1);
    auto files = read_tree(r.repo(), second->commit);
    REQUIRE(files);
    CHECK(files->size() == 1);
    CHECK(files->at("b.yaml").content == "2");
}

TEST_CASE("update_ref refuses when the ref moved meanwhile") {
    BareRepo r;
    auto a = r.commit({{"a", {"1"}}});
    auto b = r.commit({{"a", {"2"}}}, a);
    const std::string ref = "refs/slipway/deployed/prod";
    REQUIRE(update_ref(r.repo(), ref, a, std::nullopt, "deploy"));

    SECTION("creating it again") {
        auto s = update_ref(r.repo(), ref, b, std::nullopt, "deploy");
        REQUIRE_FALSE(s);
        CHECK(s.error().message == "refs/slipway/deployed/prod moved while Slipway was updating it "
                                   "(expected no ref); not updated");
    }
    SECTION("expecting the wrong old value") {
        auto s = update_ref(r.repo(), ref, b, b, "deploy");
        REQUIRE_FALSE(s);
        CHECK(s.error().message == "refs/slipway/deployed/prod moved while Slipway was updating it "
                                   "(expected " +
                                       to_hex(b) + "); not updated");
    }
    SECTION("expecting the right old value") {
        REQUIRE(update_ref(r.repo(), ref, b, a, "deploy"));
        auto at = r.repo().ref_target(ref);
        REQUIRE(at);
        CHECK(git_oid_equal(&**at, &b));
        return;
    }
    auto at = r.repo().ref_target(ref);
    REQUIRE(at);
    CHECK(git_oid_equal(&**at, &a));
}

TEST_CASE("update_ref never moves a ref from inside a quarantine") {
    BareRepo r;
    auto a = r.commit({{"a", {"1"}}});
    ScopedEnv quarantine("GIT_QUARANTINE_PATH", "/tmp/incoming");
    auto s = update_ref(r.repo(), "refs/slipway/deployed/prod", a, std::nullopt, "deploy");
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "refusing to move refs/slipway/deployed/prod while the push is in "
                               "quarantine (GIT_QUARANTINE_PATH is set)");
}

TEST_CASE("update_ref rejects an invalid ref name") {
    BareRepo r;
    auto a = r.commit({{"a", {"1"}}});
    auto s = update_ref(r.repo(), "refs/slipway/bad..name", a, std::nullopt, "x");
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "\"refs/slipway/bad..name\" is not a valid ref name");
}

TEST_CASE("write_commit fails for a missing parent") {
    BareRepo r;
    auto tree = write_tree(r.repo(), {});
    REQUIRE(tree);
    auto missing = parse_oid("2222222222222222222222222222222222222222");
    REQUIRE(missing);
    auto c = write_commit(r.repo(), {.tree = *tree, .parents = {*missing}, .message = "m"});
    REQUIRE_FALSE(c);
    CHECK(c.error().message.starts_with(
        "cannot read parent commit 2222222222222222222222222222222222222222: "));
}
