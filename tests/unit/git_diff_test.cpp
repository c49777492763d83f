// Tests for git/diff: changed paths between commits, and every path for no base.
#include "git/diff.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway::git;
using slipway::testing::BareRepo;

TEST_CASE("diff_paths lists added, modified and deleted files, sorted") {
    BareRepo r;
    auto a = r.commit({{"keep.txt", {"same"}},
                       {"svc/cart/deploy.yaml", {"v1"}},
                       {"svc/legacy/deploy.yaml", {"old"}}});
    auto b = r.commit({{"keep.txt", {"same"}},
                       {"svc/cart/deploy.yaml", {"v2"}},
                       {"svc/new/deploy.yaml", {"new"}}},
                      a);
    auto changes = diff_paths(r.repo(), a, b);
    REQUIRE(changes);
    REQUIRE(changes->size() == 3);
    CHECK((*changes)[0].path == "svc/cart/deploy.yaml");
    CHECK((*changes)[0].kind == PathChangeKind::modified);
    CHECK((*changes)[1].path == "svc/legacy/deploy.yaml");
    CHECK((*changes)[1].kind == PathChangeKind::deleted);
    CHECK((*changes)[2].path == "svc/new/deploy.yaml");
    CHECK((*changes)[2].kind == PathChangeKind::added);
    CHECK(std::string(path_change_name((*changes)[1].kind)) == "deleted");
}

TEST_CASE("changed_paths with no base lists every file of the commit") {
    BareRepo r;
    auto a = r.commit({{"a", {"1"}}, {"d/b", {"2"}}, {"d/e/c", {"3"}}});
    auto paths = changed_paths(r.repo(), std::nullopt, a);
    REQUIRE(paths);
    CHECK(*paths == std::vector<std::string>{"a", "d/b", "d/e/c"});
}

TEST_CASE("a mode change and a file-to-symlink change count as modified") {
    BareRepo r;
    auto a = r.commit({{"run.sh", {"echo"}}, {"link", {"x"}}});
    auto b = r.commit(
        {{"run.sh", {"echo", FileMode::executable}}, {"link", {"x", FileMode::symlink}}}, a);
    auto changes = diff_paths(r.repo(), a, b);
    REQUIRE(changes);
    REQUIRE(changes->size() == 2);
    CHECK((*changes)[0].kind == PathChangeKind::modified);
    CHECK((*changes)[1].kind == PathChangeKind::modified);
}

TEST_CASE("identical commits have no changed paths") {
    BareRepo r;
    auto a = r.commit({{"a", {"1"}}});
    auto b = r.commit({{"a", {"1"}}}, a, "empty change");
    auto paths = changed_paths(r.repo(), a, b);
    REQUIRE(paths);
    CHECK(paths->empty());
}

TEST_CASE("diff_paths of a missing commit is an error naming it") {
    BareRepo r;
    auto a = r.commit({{"a", {"1"}}});
    auto missing = parse_oid("1111111111111111111111111111111111111111");
    REQUIRE(missing);
    auto changes = diff_paths(r.repo(), *missing, a);
    REQUIRE_FALSE(changes);
    CHECK(changes.error().message.starts_with(
        "cannot read object 1111111111111111111111111111111111111111: "));
}
