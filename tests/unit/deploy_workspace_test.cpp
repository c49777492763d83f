// Tests for deploy/workspace: fresh checkouts that clean up, directories kept inside.
#include "deploy/workspace.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway::deploy;
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
        auto ws = Workspace::create(r.repo(), commit, dir);
        REQUIRE(ws);
        CHECK(read_file(dir / "svc/a.yaml") == "a");
        CHECK_FALSE(fs::exists(dir / "stale"));
        CHECK(ws->report().warnings.size() == 1);
        Workspace moved = std::move(*ws);
        CHECK(moved.dir() == dir);
    }
    CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("a failed checkout leaves no workspace behind") {
    BareRepo r;
    auto missing = git::parse_oid("3333333333333333333333333333333333333333");
    REQUIRE(missing);
    const auto dir = r.dir() / "ws";
    auto ws = Workspace::create(r.repo(), *missing, dir);
    REQUIRE_FALSE(ws);
    CHECK(ws.error().message.starts_with("cannot read object 3333333"));
    CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("directory_inside keeps module and command directories in the checkout") {
    BareRepo r;
    auto commit = r.commit({{"infra/net/main.tf", {"x"}},
                            {"infra/alias", {"net", git::FileMode::symlink}},
                            {"file", {"x"}}});
    auto ws = Workspace::create(r.repo(), commit, r.dir() / "ws");
    REQUIRE(ws);
    const auto root = fs::canonical(ws->dir());
    auto ok = directory_inside(ws->dir(), "infra/net");
    REQUIRE(ok);
    CHECK(*ok == root / "infra/net");
    auto alias = directory_inside(ws->dir(), "infra/alias");
    REQUIRE(alias);
    CHECK(*alias == root / "infra/net");
    auto self = directory_inside(ws->dir(), ".");
    REQUIRE(self);
    CHECK(*self == root);

    auto up = directory_inside(ws->dir(), "infra/../..");
    REQUIRE_FALSE(up);
    CHECK(up.error().message == "directory \"infra/../..\" must not contain \"..\"");
    auto abs = directory_inside(ws->dir(), "/etc");
    REQUIRE_FALSE(abs);
    CHECK(abs.error().message == "directory \"/etc\" must be relative to the repository root");
    auto missing = directory_inside(ws->dir(), "infra/nope");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message ==
          "directory \"infra/nope\" does not exist in the checked-out commit");
    auto not_dir = directory_inside(ws->dir(), "file");
    REQUIRE_FALSE(not_dir);
    CHECK(not_dir.error().message == "directory \"file\" does not exist in the checked-out commit");
}
