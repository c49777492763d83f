// Tests for util/suggest: "did you mean" for misspelt fields and values.
#include "util/suggest.hpp"

#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

using namespace slipway::util;

namespace {
const std::vector<std::string_view> spec_fields{"minReadySeconds", "replicas", "selector",
                                                "strategy",        "template", "paused"};
}

TEST_CASE("edit distance counts one for an adjacent swap and ignores case") {
    CHECK(edit_distance("replica", "replicas") == 1);
    CHECK(edit_distance("contianers", "containers") == 1);
    CHECK(edit_distance("ContainerPort", "containerport") == 0);
    CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("near misses are suggested") {
    CHECK(closest_match("replica", spec_fields) == "replicas");
    CHECK(closest_match("templates", spec_fields) == "template");
    CHECK(closest_match("Selector", spec_fields) == "selector");
    CHECK(closest_match("minreadyseconds", spec_fields) == "minReadySeconds");
}

TEST_CASE("far-off words get no suggestion") {
    CHECK(closest_match("foo", spec_fields).empty());
    CHECK(closest_match("volumes", spec_fields).empty());
    CHECK(closest_match("x", std::vector<std::string_view>{}).empty());
    const std::vector<std::string_view> short_names{"a", "id"};
    CHECK(closest_match("b", short_names).empty());
    CHECK(closest_match("ID", short_names) == "id");
}

TEST_CASE("suggest offers the nearest policy key for a typo and nothing for unrelated words") {
    std::vector<std::string> known{"protected", "push", "four_eyes", "branch_name", "tag"};
    CHECK(suggest("protect", known) == std::optional<std::string>("protected"));
    CHECK(suggest("pushh", known) == std::optional<std::string>("push"));
    CHECK_FALSE(suggest("deploy", known));
}
