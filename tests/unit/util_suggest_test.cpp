// Tests for util/suggest: "did you mean" for near misses only.
#include "util/suggest.hpp"

#include <catch2/catch.hpp>

using namespace slipway::util;

TEST_CASE("edit distance counts insertions, deletions and substitutions") {
    CHECK(edit_distance("replica", "replicas") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("suggest offers the nearest known word for a typo") {
    std::vector<std::string> known{"protected", "push", "four_eyes", "branch_name", "tag"};
    CHECK(suggest("protect", known) == std::optional<std::string>("protected"));
    CHECK(suggest("pushh", known) == std::optional<std::string>("push"));
}

TEST_CASE("suggest offers nothing for unrelated words") {
    std::vector<std::string> known{"protected", "push", "tag"};
    CHECK_FALSE(suggest("deploy", known));
    CHECK_FALSE(suggest("ab", known));
}
