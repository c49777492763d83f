// Tests for util/pattern: RE2 syntax, whole-name and partial matching, what RE2 refuses, the
// length limit, and patterns that would make a backtracking engine hang or overflow.
#include "util/pattern.hpp"

#include <catch2/catch.hpp>

#include <string>

using slipway::util::Pattern;

TEST_CASE("full_match needs the whole value, search any part of it") {
    auto p = Pattern::compile("feature/[a-z]+");
    REQUIRE(p);
    CHECK(p->full_match("feature/abc"));
    CHECK_FALSE(p->full_match("my-feature/abc"));
    CHECK_FALSE(p->full_match("feature/abc1"));
    CHECK(p->search("my-feature/abc1"));
    CHECK_FALSE(p->search("feature/123"));
    CHECK(p->text() == "feature/[a-z]+");
}

TEST_CASE("the policies' patterns mean what they meant: anchors, classes, groups") {
    auto semver = Pattern::compile(R"(^v[0-9]+\.[0-9]+\.[0-9]+$)");
    REQUIRE(semver);
    CHECK(semver->full_match("v1.2.3"));
    CHECK_FALSE(semver->full_match("v1.2"));
    auto branches = Pattern::compile("^(master|feature/[a-z0-9._-]+)$");
    REQUIRE(branches);
    CHECK(branches->full_match("master"));
    CHECK(branches->full_match("feature/x.y_z-1"));
    CHECK_FALSE(branches->full_match("feature/"));
    auto perl = Pattern::compile(R"((?i)^release/\d+\w*\/?$)");
    REQUIRE(perl);
    CHECK(perl->full_match("RELEASE/12abc/"));
}

TEST_CASE("a backreference is refused with RE2's reason") {
    auto p = Pattern::compile(R"(^(a+)\1$)");
    REQUIRE_FALSE(p);
    CHECK(p.error().message ==
          R"(not a valid regular expression ("^(a+)\1$"): invalid escape sequence: \1)");
}

TEST_CASE("lookaround and an unclosed group are refused with RE2's reason") {
    auto look = Pattern::compile("^(?!wip).*$");
    REQUIRE_FALSE(look);
    CHECK(look.error().message ==
          "not a valid regular expression (\"^(?!wip).*$\"): invalid perl operator: (?!");
    auto open = Pattern::compile("(feature");
    REQUIRE_FALSE(open);
    CHECK(open.error().message ==
          "not a valid regular expression (\"(feature\"): missing ): (feature");
}

TEST_CASE("a pattern longer than the limit is refused before RE2 sees it") {
    std::string nested = std::string(30000, '(') + "a" + std::string(30000, ')');
    auto p = Pattern::compile(nested);
    REQUIRE_FALSE(p);
    CHECK(p.error().message == "too long for a regular expression (60001 bytes; at most 4096)");
    CHECK(Pattern::compile(std::string(4096, 'a')));
    CHECK_FALSE(Pattern::compile(std::string(4097, 'a')));
    CHECK(Pattern::compile(std::string(4097, 'a'), {.max_bytes = 8192}));
}

TEST_CASE("deep nesting within the limit compiles and matches without recursion") {
    std::string nested = std::string(2000, '(') + "a" + std::string(2000, ')');
    auto p = Pattern::compile(nested);
    REQUIRE(p);
    CHECK(p->full_match("a"));
    CHECK_FALSE(p->full_match("aa"));
}

TEST_CASE("a pattern that needs more memory than allowed is refused") {
    auto p = Pattern::compile("((((a{100}){100}){100}){100})");
    REQUIRE_FALSE(p);
    CHECK(p.error().message.starts_with("not a valid regular expression (\"((((a{100}){100}){100}"
                                        "){100})\"): "));
}

TEST_CASE("nested quantifiers match huge inputs in one pass") {
    // A backtracking engine takes exponential time on the first and recurses once per
    // character on the second; RE2 does neither.
    auto nested = Pattern::compile("^(master|(feature|fix)/(a+)+)$");
    REQUIRE(nested);
    CHECK_FALSE(nested->full_match("feature/" + std::string(30, 'a') + "!"));
    CHECK(nested->full_match("feature/" + std::string(30, 'a')));
    auto dotted = Pattern::compile(R"(^v[0-9]+\.[0-9]+\.[0-9]+$)");
    REQUIRE(dotted);
    CHECK(dotted->full_match("v1.1." + std::string(60000, '7')));
    auto any = Pattern::compile("^(.|\\n)*x$");
    REQUIRE(any);
    CHECK_FALSE(any->search(std::string(4 << 20, 'y')));
}

TEST_CASE("a long pattern is shown cut short in the message") {
    auto p = Pattern::compile(std::string(100, 'a') + "(");
    REQUIRE_FALSE(p);
    CHECK(p.error().message.starts_with("not a valid regular expression (\"" +
                                        std::string(64, 'a') + "…\"): missing ): "));
    CHECK(p.error().message.size() < 250);
}
