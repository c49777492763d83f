// Tests for git/history: new commits as `--not --all`, ancestry, reachability, merge bases.
#include "git/history.hpp"

#include "git/library.hpp"
#include "git/oid.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::git;

namespace {

git_oid oid_of(const std::filesystem::path& repo_dir, const std::string& rev) {
    return *parse_oid(test::sh(repo_dir, "git rev-parse " + rev));
}

} // namespace

TEST_CASE("history questions on a small real repository") {
    Library lib;
    test::TempDir dir;
    // master: a - b ; side branch from a: c (not under any ref after we delete it) ; d on top
    test::sh(dir.path(), "git init -q -b master r && cd r && git commit -q --allow-empty -m a && "
                         "git commit -q --allow-empty -m b && git checkout -q -b side HEAD~1 && "
                         "git commit -q --allow-empty -m c && git commit -q --allow-empty -m d && "
                         "git tag -a tree-tag -m t HEAD^{tree} && git checkout -q master");
    const auto r = dir.path() / "r";
    auto repo = Repository::open(r / ".git");
    REQUIRE(repo);
    const auto a = oid_of(r, "master~1"), b = oid_of(r, "master"), c = oid_of(r, "side~1"),
               d = oid_of(r, "side");

    SECTION("new commits are those no existing ref reaches") {
        test::sh(r, "git branch -D -q side");
        auto fresh = new_commits(*repo, d);
        REQUIRE(fresh);
        REQUIRE(fresh->size() == 2);
        CHECK(to_hex((*fresh)[0]) == to_hex(d));
        CHECK(to_hex((*fresh)[1]) == to_hex(c));
        auto none = new_commits(*repo, b);
        REQUIRE(none);
        CHECK(none->empty());
    }
    SECTION("commits_between is tips minus hidden") {
        auto between = commits_between(*repo, {d}, {b});
        REQUIRE(between);
        CHECK(between->size() == 2);
    }
    SECTION("is_ancestor holds for equal commits and history, not for siblings") {
        CHECK(*is_ancestor(*repo, a, b));
        CHECK(*is_ancestor(*repo, b, b));
        CHECK_FALSE(*is_ancestor(*repo, b, a));
        CHECK_FALSE(*is_ancestor(*repo, b, d));
    }
    SECTION("reachable_from_any and merge_base") {
        CHECK(*reachable_from_any(*repo, a, {b}));
        CHECK(*reachable_from_any(*repo, b, {b}));
        CHECK_FALSE(*reachable_from_any(*repo, c, {b}));
        CHECK_FALSE(*reachable_from_any(*repo, a, {}));
        auto base = merge_base(*repo, b, d);
        REQUIRE(base);
        REQUIRE(*base);
        CHECK(to_hex(**base) == to_hex(a));
    }
}
