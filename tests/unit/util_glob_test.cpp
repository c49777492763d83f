// Tests for util/glob: ref-name globs as in git refspecs.
#include "util/glob.hpp"

#include <catch2/catch.hpp>

using slipway::util::glob_match;

TEST_CASE("a glob without wildcards matches only itself") {
    CHECK(glob_match("refs/heads/master", "refs/heads/master"));
    CHECK_FALSE(glob_match("refs/heads/master", "refs/heads/master2"));
    CHECK_FALSE(glob_match("refs/heads/master", "refs/heads/maste"));
}

TEST_CASE("star matches any run of characters, slashes included") {
    CHECK(glob_match("refs/heads/feature/*", "refs/heads/feature/x"));
    CHECK(glob_match("refs/heads/feature/*", "refs/heads/feature/a/b"));
    CHECK(glob_match("refs/tags/v*", "refs/tags/v1.2.3"));
    CHECK(glob_match("refs/tags/v*", "refs/tags/v"));
    CHECK_FALSE(glob_match("refs/tags/v*", "refs/tags/release-1"));
    CHECK(glob_match("*", ""));
    CHECK(glob_match("refs/*/master", "refs/remotes/origin/master"));
    CHECK_FALSE(glob_match("refs/*/master", "refs/heads/main"));
}

TEST_CASE("question mark matches exactly one character") {
    CHECK(glob_match("refs/tags/v?", "refs/tags/v1"));
    CHECK_FALSE(glob_match("refs/tags/v?", "refs/tags/v10"));
}

TEST_CASE("pathological patterns stay fast") {
    std::string text(5000, 'a');
    CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*b", text));
}
