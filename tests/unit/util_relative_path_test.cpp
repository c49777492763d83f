// Tests for util/relative_path: normalized relative paths, directories kept inside a root.
#include "util/relative_path.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
namespace fs = std::filesystem;

TEST_CASE("normalize_relative resolves dots and refuses to climb") {
    CHECK(util::normalize_relative("./a/../b/") == "b");
    CHECK(util::normalize_relative("a/./b") == "a/b");
    CHECK(util::normalize_relative(".") == ".");
    CHECK(util::normalize_relative("") == ".");
    CHECK(util::normalize_relative("a/../..") == std::nullopt);
    CHECK(util::normalize_relative("/etc") == std::nullopt);
}

TEST_CASE("directory_inside keeps module and command directories in the checkout") {
    test::TempDir dir;
    dir.write("infra/net/main.tf", "x");
    dir.write("file", "x");
    fs::create_directory_symlink("net", dir / "infra/alias");
    fs::create_directory_symlink("/etc", dir / "infra/out");
    const auto root = fs::canonical(dir.path());
    auto ok = util::directory_inside(dir.path(), "infra/net");
    REQUIRE(ok);
    CHECK(*ok == root / "infra/net");
    auto alias = util::directory_inside(dir.path(), "infra/alias");
    REQUIRE(alias);
    CHECK(*alias == root / "infra/net");
    auto self = util::directory_inside(dir.path(), ".");
    REQUIRE(self);
    CHECK(*self == root);

    auto up = util::directory_inside(dir.path(), "infra/../..");
    REQUIRE_FALSE(up);
    CHECK(up.error().message == "directory \"infra/../..\" must not contain \"..\"");
    auto abs = util::directory_inside(dir.path(), "/etc");
    REQUIRE_FALSE(abs);
    CHECK(abs.error().message == "directory \"/etc\" must be relative to the repository root");
    auto out = util::directory_inside(dir.path(), "infra/out");
    REQUIRE_FALSE(out);
    CHECK(out.error().message == "directory \"infra/out\" leads outside the checked-out commit");
    auto missing = util::directory_inside(dir.path(), "infra/nope");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message ==
          "directory \"infra/nope\" does not exist in the checked-out commit");
    auto not_dir = util::directory_inside(dir.path(), "file");
    REQUIRE_FALSE(not_dir);
    CHECK(not_dir.error().message == "directory \"file\" does not exist in the checked-out commit");
}

TEST_CASE("path_under: a path is under itself and its directories, never a sibling prefix") {
    CHECK(util::path_under("services", "services/a.yaml"));
    CHECK(util::path_under("services", "services"));
    CHECK_FALSE(util::path_under("services", "services2/a.yaml"));
    CHECK(util::path_under(".", "anything"));
    CHECK(util::base_name("a/b/c.yaml") == "c.yaml");
    CHECK(util::base_name("c.yaml") == "c.yaml");
}
