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
