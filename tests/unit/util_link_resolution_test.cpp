// Tests for util/link_resolution: paths split and joined, and followed through symlinks.
#include "util/link_resolution.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace slipway;

namespace {

// A tree's symlinks as a map from path to target.
util::LinkTargets links_of(std::map<std::string, std::string> links) {
    return
        [links = std::move(links)](const std::string& path) -> Result<std::optional<std::string>> {
            if (auto it = links.find(path); it != links.end())
                return it->second;
            return std::optional<std::string>();
        };
}

} // namespace

TEST_CASE("split_path and join_path") {
    CHECK(util::split_path("a/./b//c/") == std::vector<std::string>{"a", "b", "c"});
    CHECK(util::split_path(".").empty());
    CHECK(util::join_path({"a", "b"}) == "a/b");
    CHECK(util::join_path({}).empty());
}

TEST_CASE("resolve_path follows symlinks as the kernel does") {
    auto links = links_of(
        {{"d1/d2/up", "../.."}, {"l1", "l2/x"}, {"l2", "d1"}, {"abs", "/etc"}, {"loop", "loop"}});
    auto at = [&](std::string_view path) {
        auto out = util::resolve_path(links, path);
        REQUIRE(out);
        return *out;
    };
    CHECK(at("d1/f.yaml")->path == "d1/f.yaml");
    CHECK(at("d1/f.yaml")->links.empty());
    CHECK(at(".")->path == ".");
    // up leads to the root; its ".." then climbs out.
    CHECK(at("d1/d2/up/d1/f.yaml")->path == "d1/f.yaml");
    CHECK(at("d1/d2/up/d1/f.yaml")->links == std::vector<std::string>{"d1/d2/up"});
    CHECK_FALSE(at("d1/d2/up/.."));
    CHECK_FALSE(at("abs/passwd"));
    CHECK_FALSE(at("loop"));
    // A link to a link, the last component followed too; the target may be missing.
    CHECK(at("l1")->path == "d1/x");
    CHECK(at("l1")->links == std::vector<std::string>{"l1", "l2"});
}

TEST_CASE("resolve_links passes on a failure to read a link") {
    util::LinkTargets broken = [](const std::string&) -> Result<std::optional<std::string>> {
        return fail("cannot read blob");
    };
    auto out = util::resolve_path(broken, "a/b");
    REQUIRE_FALSE(out);
    CHECK(out.error().message == "cannot read blob");
}
