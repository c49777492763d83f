// Tests for admin/cli: finding the subcommand, group help, "did you mean".
#include "admin/cli.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace slipway;

namespace {

struct Run {
    int code;
    std::string out, err;
};

Run cli(std::vector<std::string> args) {
    std::ostringstream out, err;
    int code = admin::run_cli(args, out, err);
    return {code, out.str(), err.str()};
}

} // namespace

TEST_CASE("cli: `policy --help` and `audit --help` list their subcommands") {
    auto policy = cli({"policy", "--help"});
    CHECK(policy.code == 0);
    CHECK(policy.out.starts_with("usage: slipway policy <subcommand> [arguments]\n\n"
                                 "subcommands:\n"
                                 "  policy check  validate a policy file"));
    auto audit = cli({"audit", "--help"});
    CHECK(audit.code == 0);
    CHECK(audit.out.find("  audit verify  ") != std::string::npos);
    CHECK(audit.out.find("  audit head    ") != std::string::npos);
    CHECK(audit.out.find("  audit ack     ") != std::string::npos);
    CHECK(audit.err.empty());
}

TEST_CASE("cli: a group word alone is a usage error that lists the subcommands") {
    auto audit = cli({"audit"});
    CHECK(audit.code == 2);
    CHECK(audit.out.empty());
    CHECK(audit.err.starts_with("usage: slipway audit <subcommand> [arguments]\n"));
}

TEST_CASE("cli: an unknown subcommand of a group gets a suggestion") {
    auto r = cli({"audit", "verfy", "x.git"});
    CHECK(r.code == 2);
    CHECK(r.err.starts_with("slipway: unknown audit subcommand \"verfy\" (did you mean "
                            "\"verify\"?)\nusage: slipway audit <subcommand>"));
    auto far = cli({"audit", "zzzzzz"});
    CHECK(far.err.starts_with("slipway: unknown audit subcommand \"zzzzzz\"\n"));
}

TEST_CASE("cli: an unknown command gets \"did you mean\" and the overview") {
    auto r = cli({"instal", "x.git"});
    CHECK(r.code == 2);
    CHECK(r.err.starts_with("slipway: unknown command \"instal\" (did you mean \"install\"?)\n"
                            "slipway "));
    CHECK(r.err.find("usage: slipway <command> [arguments]") != std::string::npos);
    auto far = cli({"frobnicate"});
    CHECK(far.err.starts_with("slipway: unknown command \"frobnicate\"\n"));
}
