// Tests for manifest/scalar: YAML 1.1 typing of plain scalars, as Kubernetes reads them.
#include "manifest/scalar.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace slipway::manifest;

TEST_CASE("null, booleans and strings follow go-yaml v2") {
    for (auto s : {"", "~", "null", "Null", "NULL"})
        CHECK(resolve_plain(s) == ScalarType::null);
    for (auto s : {"true", "True", "TRUE", "false", "yes", "No", "on", "OFF", "y", "N"})
        CHECK(resolve_plain(s) == ScalarType::boolean);
    for (auto s : {"nginx", "nul", "truee", "yes please", "apps/v1", "Deployment", "1.2.3",
                   "2001-12-14", "0x", "1e", "-", "+", ".", "0o9"})
        CHECK(resolve_plain(s) == ScalarType::string);
}

TEST_CASE("integers in every base Go accepts, underscores allowed") {
    for (auto s : {"0", "80", "-1", "+7", "0x1F", "0o17", "017", "0b101", "1_000", "1_"})
        CHECK(resolve_plain(s) == ScalarType::integer);
    CHECK(parse_integer("0x1F") == 31);
    CHECK(parse_integer("017") == 15);
    CHECK(parse_integer("0b101") == 5);
    CHECK(parse_integer("1_000") == 1000);
    CHECK(parse_integer("-9223372036854775808") == INT64_MIN);
    CHECK_FALSE(parse_integer("9223372036854775808"));
    CHECK_FALSE(parse_integer("1.5"));
}

TEST_CASE("floats, specials, and integers too large for int64 are numbers") {
    for (auto s : {"1.5", "-0.5", ".5", "1.", "1e3", "2E-2", ".inf", "-.Inf", ".nan", "08",
                   "9223372036854775808"})
        CHECK(resolve_plain(s) == ScalarType::number);
    CHECK(parse_number("1e3") == 1000.0);
    CHECK(parse_number("08") == 8.0);
    CHECK(parse_number("-.inf") == -INFINITY);
    CHECK(std::isnan(*parse_number(".nan")));
    CHECK_FALSE(parse_number("abc"));
}

TEST_CASE("type names are what messages print") {
    CHECK(type_name(ScalarType::integer) == "integer");
    CHECK(type_name(ScalarType::boolean) == "boolean");
}

TEST_CASE("strings another YAML reader would read as another type are ambiguous") {
    for (auto s : {"",
                   "80",
                   "yes",
                   "y",
                   "~",
                   "null",
                   "0x1f",
                   "0o17",
                   "017",
                   "0b101",
                   "1_000",
                   "1e3",
                   "1E-2",
                   "1.",
                   ".5",
                   "1:20",
                   "190:20:30.15",
                   "-1:20",
                   ".inf",
                   "-.Inf",
                   ".NaN",
                   "2001-12-14",
                   "2001-1-2",
                   "2001-12-14t21:59:43.10-05:00",
                   "2001-12-14 21:59:43.10 -5",
                   "2001-12-14T21:59:43Z",
                   "<<",
                   "=",
                   "+12",
                   "123456789012345678901234567890"})
        CHECK(plain_is_ambiguous(s));
    for (auto s :
         {"hello", "nginx:1.25", "1.2.3", "v1", "2001-12", "12:ab", "1:60", "apps/v1", "0x", "1e",
          "-", "+", ".", "1_a", "2001-12-14x", "e3", "yes please", "a=b", "<<<"})
        CHECK_FALSE(plain_is_ambiguous(s));
}

TEST_CASE("apply_tag types values as kustomize reads them") {
    auto int_tag = apply_tag("tag:yaml.org,2002:int", "0o17");
    REQUIRE(int_tag);
    CHECK(int_tag->type == ScalarType::integer);
    CHECK_FALSE(int_tag->text);
    CHECK(apply_tag("tag:yaml.org,2002:float", "3")->type == ScalarType::number);
    CHECK(apply_tag("tag:yaml.org,2002:bool", "FALSE")->text == "false");
    CHECK(apply_tag("tag:yaml.org,2002:null", "")->type == ScalarType::null);
    CHECK(apply_tag("tag:yaml.org,2002:str", "~")->type == ScalarType::string);
    CHECK(apply_tag("!", "12")->type == ScalarType::string);
    CHECK(apply_tag("tag:yaml.org,2002:binary", "")->text == "");
    CHECK(apply_tag("tag:yaml.org,2002:binary", "aGk=")->text == "hi");
    CHECK(apply_tag("tag:yaml.org,2002:binary", "aGVsbG8gd29ybGQ=\n")->text == "hello world");
    CHECK_FALSE(apply_tag("tag:yaml.org,2002:binary", "aGk"));
    CHECK_FALSE(apply_tag("tag:yaml.org,2002:binary", "aG k="));
    CHECK_FALSE(apply_tag("tag:yaml.org,2002:binary", "wKA=")); // overlong UTF-8 of a space
}

TEST_CASE("!!timestamp is written in RFC 3339, as kustomize writes it") {
    auto ts = [](std::string_view text) -> std::string {
        auto t = apply_tag("tag:yaml.org,2002:timestamp", text);
        return t ? *t->text : "refused: " + t.error().message;
    };
    CHECK(ts("2001-12-14") == "2001-12-14T00:00:00Z");
    CHECK(ts("2001-1-2") == "2001-01-02T00:00:00Z");
    CHECK(ts("2001-12-14t21:59:43.10-05:00") == "2001-12-14T21:59:43.1-05:00");
    CHECK(ts("2001-12-14T21:59:43Z") == "2001-12-14T21:59:43Z");
    CHECK(ts("2001-12-14T21:59:43+00:00") == "2001-12-14T21:59:43Z");
    CHECK(ts("2001-12-14 21:59:43.123456789123") == "2001-12-14T21:59:43.123456789Z");
    CHECK(ts("2001-12-14 21:59:43.000") == "2001-12-14T21:59:43Z");
    CHECK(ts("2000-02-29") == "2000-02-29T00:00:00Z");
    for (auto bad : {"2001-02-29", "2001-13-01", "2001-12-14 21:59:43 -5", "2001-12-14T21:59:43",
                     "2001-12-14 25:00:00", "01-12-14", "yesterday"})
        CHECK(ts(bad).starts_with("refused: !!timestamp \""));
}
