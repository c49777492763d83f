// Tests for git/workspace: fresh checkouts that clean up, directories kept inside.
#include "git/workspace.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway::git;
using slipway::testing::BareRepo;
using slipway::testing::read_file;
namespace fs = std::filesystem;

TEST_CASE("a workspace replaces leftovers, holds the commit and disappears after") {
    BareRepo r;
    auto commit =
        r.commit({{"svc/a.yaml", {"a"}}, {"link", {"/etc/passwd", git::FileMode::symlink}}});
    const auto dir = r.dir() / "slipway/workspaces/prod";
    slipway::testing::write_file(dir / "stale", "from a killed deploy");
    {
        auto ws = git::Workspace::create(r.repo(), commit, dir);
        REQUIRE(ws);
        CHECK(read_file(dir / "svc/a.yaml") == "a");
        CHECK_FALSE(fs::exists(dir / "stale"));
        CHECK(ws->report().warnings.size() == 1);
        git::Workspace moved = std::move(*ws);
        CHECK(moved.dir() == dir);
    }
    CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("a failed checkout leaves no workspace behind") {
    BareRepo r;
    auto missing = git::parse_oid("3333333333333333333333333333333333333333");
    REQUIRE(missing);
    const auto dir = r.dir() / "ws";
    auto ws = git::Workspace::create(r.repo(), *missing, dir);
    REQUIRE_FALSE(ws);
    CHECK(ws.error().message.starts_with("cannot read object 3333333"));
    CHECK_FALSE(fs::exists(dir));
}
