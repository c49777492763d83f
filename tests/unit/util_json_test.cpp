// Tests for util/json: writing (pretty and canonical), escaping, parsing back, errors.
#include "util/json.hpp"

#include "manifest/yaml_loader.hpp"

#include <catch2/catch.hpp>

using slipway::util::Json;
using slipway::util::json_quote;
using slipway::util::JsonStyle;
using slipway::util::parse_json;

TEST_CASE("compact output sorts keys and has no whitespace") {
    Json j;
    j["zeta"] = 1;
    j["alpha"] = "a";
    j["mid"] = Json::array();
    j["mid"].push_back(true);
    j["mid"].push_back(nullptr);
    j["mid"].push_back(-42);
    j["obj"] = Json::object();
    CHECK(j.dump() == R"({"alpha":"a","mid":[true,null,-42],"obj":{},"zeta":1})");
}

TEST_CASE("pretty output indents by two spaces, one member per line") {
    Json j;
    j["b"] = Json::array();
    j["b"].push_back(1);
    j["b"].push_back(2);
    j["a"] = "x";
    j["e"] = Json::array();
    CHECK(j.dump(JsonStyle::pretty) == "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    2\n  ],\n"
                                       "  \"e\": []\n}");
}

TEST_CASE("strings escape quotes, backslashes and control characters, keep UTF-8") {
    CHECK(json_quote("a\"b\\c") == R"("a\"b\\c")");
    CHECK(json_quote("tab\there\nnl\r\b\f") == R"("tab\there\nnl\r\b\f")");
    CHECK(json_quote(std::string("\x01\x1f\x7f", 3)) == R"("\u0001\u001f\u007f")");
    CHECK(json_quote("préprod ← ✓ 🚀") == "\"préprod ← ✓ 🚀\"");
}

TEST_CASE(
    "bytes that are not UTF-8 are escaped as lone surrogates and parse back to the same bytes") {
    std::string raw = "ok \xff\xc3 \xed\xa0\x80 \xe0\x80\x80 end";
    std::string quoted = json_quote(raw);
    CHECK(quoted == R"("ok \udcff\udcc3 \udced\udca0\udc80 \udce0\udc80\udc80 end")");
    auto back = parse_json(quoted);
    REQUIRE(back);
    CHECK(back->as_string() == raw);
    // Distinct byte strings never share an encoding.
    CHECK(json_quote("\xfe") != json_quote("\xff"));
}

TEST_CASE("numbers: integers stay integers, doubles stay doubles") {
    CHECK(Json(std::int64_t{9007199254740993}).dump() == "9007199254740993");
    CHECK(Json(2.5).dump() == "2.5");
    CHECK(Json(3.0).dump() == "3.0");
    CHECK(Json(1.0 / 0.0).dump() == "null");
    auto parsed = parse_json("[-0, 12, -9223372036854775808, 1.5e3, 99999999999999999999]");
    REQUIRE(parsed);
    const auto& a = parsed->as_array();
    REQUIRE(a.size() == 5);
    CHECK(a[0].type() == Json::Type::integer);
    CHECK(a[1].as_int() == 12);
    CHECK(a[2].as_int() == INT64_MIN);
    CHECK(a[3].type() == Json::Type::number);
    CHECK(a[3].as_double() == 1500.0);
    CHECK(a[4].type() == Json::Type::number);
}

TEST_CASE("parse round-trips a nested document") {
    Json j;
    j["list"].push_back(Json::object());
    j["list"].push_back("two");
    j["nested"]["deeper"]["flag"] = false;
    j["text"] = "line1\nline2 \"quoted\" é";
    for (auto style : {JsonStyle::compact, JsonStyle::pretty}) {
        auto back = parse_json(j.dump(style));
        REQUIRE(back);
        CHECK(*back == j);
    }
}

TEST_CASE("parse decodes escapes, surrogate pairs included") {
    auto parsed = parse_json(R"({"s": "\u00e9\u2190\ud83d\ude80\/\t"})");
    REQUIRE(parsed);
    CHECK(parsed->at("s").as_string() == "é←🚀/\t");
}

TEST_CASE("accessors never throw: a missing member reads as null") {
    auto parsed = parse_json(R"({"a": {"b": 1}})");
    REQUIRE(parsed);
    CHECK(parsed->at("a").at("b").as_int() == 1);
    CHECK(parsed->at("missing").is_null());
    CHECK(parsed->at("missing").at("deeper").as_string().empty());
    CHECK(parsed->contains("a"));
    CHECK_FALSE(parsed->contains("b"));
    CHECK(parsed->size() == 1);
}

TEST_CASE("parse errors name line, column and what was expected") {
    auto check = [](std::string_view text, const std::string& message) {
        auto r = parse_json(text);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == message);
    };
    check("{\"a\" 1}", "JSON line 1, column 6: expected ':' after an object key");
    check("{\n  \"a\": [1,\n  2,, 3]}",
          "JSON line 3, column 5: unexpected character ','; expected a value");
    check("[1, 2", "JSON line 1, column 6: expected ',' or ']' in an array");
    check("\"abc", "JSON line 1, column 5: unterminated string");
    check("{} x", "JSON line 1, column 4: unexpected text after the JSON value");
    check("\"\\ud800\"", "JSON line 1, column 8: a high surrogate must be followed by a low one");
    check("\"\\x\"", "JSON line 1, column 4: unknown escape '\\x'");
    check("01", "JSON line 1, column 2: unexpected text after the JSON value");
    check("", "JSON line 1, column 1: unexpected end of input; expected a value");
    check(std::string(600, '['), "JSON line 1, column 514: nesting is deeper than 512 levels");
}

TEST_CASE("pretty output is read by an independent parser (libyaml)") {
    Json j;
    j["name"] = "preprod";
    j["count"] = 3;
    j["items"].push_back("a \"b\"");
    j["items"].push_back("c\\d");
    auto yaml = slipway::manifest::load_yaml("j.json", j.dump(JsonStyle::pretty), {});
    REQUIRE(yaml.findings.empty());
    const auto& t = yaml.tree;
    const auto root = yaml.documents.at(0).root;
    CHECK(t.text(t.find(root, "name")) == "preprod");
    CHECK(t.node(t.find(root, "count")).type == slipway::manifest::NodeType::integer);
    CHECK(t.text(t.find(root, "count")) == "3");
    CHECK(t.text(t.item(t.find(root, "items"), 0)) == "a \"b\"");
    CHECK(t.text(t.item(t.find(root, "items"), 1)) == "c\\d");
}
