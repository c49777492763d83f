// Tests for admin/args: options, values, positionals and their errors.
#include "admin/args.hpp"

#include <catch2/catch.hpp>

using namespace slipway::admin;

namespace {
const ArgSpec spec{.flags = {"--force", "--json"},
                   .valued = {"--policy", "--env"},
                   .repeated = {"--env"},
                   .min_positional = 1,
                   .max_positional = 2};
}

TEST_CASE("flags, values in both spellings, repeated options and positionals") {
    auto a =
        parse_args({"repo.git", "--force", "--policy", "p.yaml", "--env=a", "--env", "b"}, spec);
    REQUIRE(a);
    CHECK(a->positional == std::vector<std::string>{"repo.git"});
    CHECK(a->flag("--force"));
    CHECK_FALSE(a->flag("--json"));
    CHECK(a->value("--policy") == std::optional<std::string>("p.yaml"));
    CHECK(a->all("--env") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("mistakes are explained") {
    CHECK(parse_args({"r", "--forse"}, spec).error().message ==
          "unknown option --forse (did you mean --force?)");
    CHECK(parse_args({"r", "--policy"}, spec).error().message == "--policy needs a value");
    CHECK(parse_args({"r", "--policy=a", "--policy=b"}, spec).error().message ==
          "--policy is given twice");
    CHECK(parse_args({}, spec).error().message == "missing argument");
    CHECK(parse_args({"a", "b", "c"}, spec).error().message == "unexpected argument \"c\"");
    CHECK(parse_args({"r", "--force=1"}, spec).error().message == "--force takes no value");
}

TEST_CASE("the help option wins over missing arguments and a double dash ends options") {
    auto h = parse_args({"--help"}, spec);
    REQUIRE(h);
    CHECK(h->help);
    auto d = parse_args({"--", "--force"}, spec);
    REQUIRE(d);
    CHECK(d->positional == std::vector<std::string>{"--force"});
}
