// Tests for git/oid: zero ids of any length, parsing, short forms.
#include "git/oid.hpp"

#include <catch2/catch.hpp>

using namespace slipway::git;

TEST_CASE("zero ids are all zeros of any length") {
    CHECK(is_zero_id(std::string(40, '0')));
    CHECK(is_zero_id(std::string(64, '0')));
    CHECK_FALSE(is_zero_id(""));
    CHECK_FALSE(is_zero_id("0000000000000000000000000000000000000001"));
}

TEST_CASE("parse_oid accepts 40 hex digits and round-trips") {
    const std::string hex = "3f2a9c1d0000000000000000000000000000abcd";
    auto oid = parse_oid(hex);
    REQUIRE(oid);
    CHECK(to_hex(*oid) == hex);
    CHECK(short_id(hex) == "3f2a9c1");
}

TEST_CASE("parse_oid rejects malformed and SHA-256 ids with a reason") {
    auto bad = parse_oid("xyz");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "\"xyz\" is not an object id");
    auto sha256 = parse_oid(std::string(64, 'a'));
    REQUIRE_FALSE(sha256);
    CHECK(sha256.error().message.find("is SHA-256") != std::string::npos);
}
