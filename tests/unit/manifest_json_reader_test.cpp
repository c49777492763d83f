// Tests for manifest/json_reader: the fast JSON reader used for schema documents.
#include "manifest/json_reader.hpp"

#include <catch2/catch.hpp>

using namespace slipway::manifest;

TEST_CASE("JSON values load with their types and positions") {
    auto doc = read_json("{\"a\": [1, 2.5, -3e2, true, false, null],\n \"b\": {\"c\": \"x\"}}");
    REQUIRE(doc);
    const Tree& t = doc->tree;
    NodeId a = t.find(doc->root, "a");
    REQUIRE(t.size(a) == 6);
    CHECK(t.node(t.item(a, 0)).type == NodeType::integer);
    CHECK(t.node(t.item(a, 1)).type == NodeType::number);
    CHECK(t.node(t.item(a, 2)).type == NodeType::number);
    CHECK(t.node(t.item(a, 3)).type == NodeType::boolean);
    CHECK(t.text(t.item(a, 4)) == "false");
    CHECK(t.node(t.item(a, 5)).type == NodeType::null);
    NodeId c = t.find(t.find(doc->root, "b"), "c");
    CHECK(t.text(c) == "x");
    CHECK(t.node(c).line == 2);
    CHECK(t.node(c).column == 13);
}

TEST_CASE("escapes, including surrogate pairs, are decoded") {
    auto doc = read_json("[\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"]");
    REQUIRE(doc);
    CHECK(doc->tree.text(doc->tree.item(doc->root, 0)) == "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST_CASE("malformed JSON fails with its position") {
    auto check = [](std::string_view text, std::string_view message) {
        auto doc = read_json(text);
        REQUIRE_FALSE(doc);
        CHECK(doc.error().message == message);
    };
    check("{\"a\": 1,}", "line 1, column 9: expected a string key");
    check("{\"a\" 1}", "line 1, column 6: expected ':'");
    check("[1 2]", "line 1, column 4: expected ',' or ']'");
    check("{\n  \"a\": tru}", "line 2, column 8: invalid JSON value");
    check("\"abc", "line 1, column 5: unterminated string");
    check("[1] x", "line 1, column 5: unexpected text after the JSON value");
    check("", "line 1, column 1: unexpected end of JSON");
    check(std::string(600, '['), "line 1, column 513: nested too deeply");
}

TEST_CASE("a byte order mark is skipped") {
    auto doc = read_json("\xEF\xBB\xBF{}");
    REQUIRE(doc);
    CHECK(doc->tree.is_mapping(doc->root));
}
