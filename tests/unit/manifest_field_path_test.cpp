// Tests for manifest/field_path: how paths are spelt in messages.
#include "manifest/field_path.hpp"

#include <catch2/catch.hpp>

using namespace slipway::manifest;

TEST_CASE("keys join with dots and indices use brackets") {
    FieldPath p;
    p.push_key("spec");
    p.push_key("containers");
    p.push_index(0);
    p.push_key("ports");
    p.push_index(2);
    CHECK(p.str() == "spec.containers[0].ports[2]");
    CHECK(p.str_with("containerPort") == "spec.containers[0].ports[2].containerPort");
    p.pop();
    p.pop();
    CHECK(p.str() == "spec.containers[0]");
}

TEST_CASE("keys that are not identifiers are quoted in brackets") {
    FieldPath p;
    p.push_key("metadata");
    p.push_key("labels");
    CHECK(p.str_with("app.kubernetes.io/name") == "metadata.labels[\"app.kubernetes.io/name\"]");
    CHECK(p.str_with("") == "metadata.labels[\"\"]");
}

TEST_CASE("a prefix starts the path, for items of a List") {
    FieldPath p("items[2]");
    CHECK(p.str() == "items[2]");
    p.push_key("spec");
    CHECK(p.str() == "items[2].spec");
    CHECK_FALSE(p.empty());
    CHECK(FieldPath().empty());
}

TEST_CASE("quoted escapes what would break a message") {
    CHECK(quoted("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
    CHECK(quoted(std::string_view("\x01", 1)) == "\"\\u0001\"");
}
