// Tests for policy/principals: users, nested groups, everyone.
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

using namespace slipway::policy;

TEST_CASE("membership follows nested groups and the * wildcard") {
    auto p = parse_policy("version: 1\ngroups:\n  ops: [alice]\n  release: ['@ops', bob]\n"
                          "  all: ['*']\n",
                          "p");
    REQUIRE(p);
    const auto& pr = p->principals;
    CHECK(pr.includes({"@release"}, "alice"));
    CHECK(pr.includes({"@release"}, "bob"));
    CHECK_FALSE(pr.includes({"@release"}, "mallory"));
    CHECK(pr.includes({"carol"}, "carol"));
    CHECK(pr.includes({"@all"}, "mallory"));
    CHECK(pr.includes({"*"}, "anyone"));
    CHECK_FALSE(pr.includes({}, "anyone"));
}

TEST_CASE("users list their commit emails and unknown keys under a user are errors") {
    auto ok = parse_policy("version: 1\nusers:\n  alice:\n    emails: a@example.com\n", "p");
    REQUIRE(ok);
    CHECK(ok->principals.user("alice")->emails == std::vector<std::string>{"a@example.com"});
    CHECK(ok->principals.user("bob") == nullptr);
    auto bad = parse_policy("version: 1\nusers:\n  alice:\n    email: a@example.com\n", "p");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "p:4:5: unknown key \"email\" in user \"alice\" (did you mean \"emails\"?)");
}
