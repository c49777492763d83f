// E2E: hostile patterns, names and YAML through real pushes: refused with a finding at its
// place and recorded in the ledger, or accepted with a rendering kubectl kustomize agrees with.
#include "manifest_fixture.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

const std::map<std::string, std::string> alice{{"GL_USERNAME", "alice"}};
const std::string no_change = "hint: no ref was changed; fix the problems above and push again";

// The rules of the newest ledger record of server.git, and its verdict, as "verdict rule...".
std::string newest_record(const Sandbox& sb) {
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json"));
    REQUIRE(json);
    const auto& entries = json->at("entries").as_array();
    REQUIRE(!entries.empty());
    const auto& newest = entries[0];
    std::string out = newest.at("verdict").as_string();
    for (const auto& f : newest.at("findings").as_array())
        out += " " + f.at("rule").as_string();
    return out;
}

// A ref policy whose master and feature branches must match `branch_name`.
std::string branch_policy(const std::string& branch_name) {
    return "version: 1\nrefs:\n  - match: refs/heads/*\n    branch_name: '" + branch_name + "'\n";
}

[[maybe_unused]] std::string bomb(int levels, int width) {
    std::string out = "a0: &a0 [lol]\n";
    for (int l = 1; l <= levels; ++l) {
        out += "a" + std::to_string(l) + ": &a" + std::to_string(l) + " [";
        for (int i = 0; i < width; ++i)
            out += (i ? ", *a" : "*a") + std::to_string(l - 1);
        out += "]\n";
    }
    return out;
}

} // namespace

TEST_CASE("hostile yaml: a 50,000-byte branch name is refused as too long, and recorded") {
    Sandbox sb;
    sb.seeded(branch_policy("^(master|feature/[a-z0-9-]+)$"));
    const std::string name = "feature/" + std::string(50000, 'a');
    auto run = sb.sh("git push origin HEAD:refs/heads/" + name, alice, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/" + name + ": error: branch name \"" + name.substr(0, 64) +
                    "…\" is 50008 bytes long, more than the 1024 a branch name may have; use a "
                    "shorter name [branch-name]",
                no_change});
    CHECK(newest_record(sb) == "rejected branch-name");

    auto fine = sb.sh("git push origin HEAD:refs/heads/feature/cart", alice, "work");
    CHECK(fine.exit_code == 0);
    CHECK(newest_record(sb) == "accepted");
}

TEST_CASE("hostile yaml: a tag of 60,000 digits is refused as too long, and recorded") {
    Sandbox sb;
    sb.seeded("version: 1\nrefs:\n  - match: refs/tags/*\n    tag: {pattern: "
              "'^v[0-9]+\\.[0-9]+\\.[0-9]+$'}\n");
    const std::string name = "v1.1." + std::string(60000, '7');
    auto run = sb.sh("git push origin HEAD:refs/tags/" + name, alice, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/" + name + ": error: tag \"" + name.substr(0, 64) +
                    "…\" is 60005 bytes long, more than the 1024 a tag name may have; use a "
                    "shorter name [tag-pattern]",
                no_change});
    CHECK(newest_record(sb) == "rejected tag-pattern");

    auto fine = sb.sh("git push origin HEAD:refs/tags/v1.1.7", alice, "work");
    CHECK(fine.exit_code == 0);
    CHECK(newest_record(sb) == "accepted");
}

TEST_CASE("hostile yaml: a backtracking pattern matches in linear time and refuses the name") {
    Sandbox sb;
    const std::string pattern = "^(master|(feature|fix)/(a+)+)$";
    sb.seeded(branch_policy(pattern));
    CHECK(sb.ok("slipway policy check policy.yaml") ==
          "policy.yaml: ok (1 ref rule, 0 environments)\n");
    const std::string name = "feature/" + std::string(29, 'a') + "!";
    auto run = sb.sh("git push origin HEAD:refs/heads/" + name, alice, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() == Lines{"slipway: push rejected — 1 problem",
                              "  refs/heads/" + name + ": error: branch name \"" + name +
                                  "\" does not match the allowed pattern " + pattern +
                                  "; rename it (git branch -m) and push again [branch-name]",
                              no_change});
    CHECK(newest_record(sb) == "rejected branch-name");
    CHECK(sb.sh("git push origin HEAD:refs/heads/feature/aaa", alice, "work").exit_code == 0);
}

TEST_CASE("hostile yaml: 30,000 nested groups and RE2-only syntax are policy errors, no crash") {
    Sandbox sb;
    const std::string nested = std::string(30000, '(') + "a" + std::string(30000, ')');
    sb.write("nested.yaml", branch_policy(nested));
    const std::string too_long = "nested.yaml:4:18: branch_name is too long for a regular "
                                 "expression (60001 bytes; at most 4096)";
    auto check = sb.sh("slipway policy check nested.yaml");
    CHECK(check.exit_code == 1);
    CHECK(check.output == too_long + "\n");

    sb.write("backref.yaml", branch_policy("^(a)\\1$"));
    auto backref = sb.sh("slipway policy check backref.yaml");
    CHECK(backref.exit_code == 1);
    CHECK(backref.output == "backref.yaml:4:18: branch_name is not a valid regular expression "
                            "(\"^(a)\\1$\"): invalid escape sequence: \\1\n");

    sb.server("server.git");
    auto install = sb.sh("slipway install server.git --policy nested.yaml --force");
    CHECK(install.exit_code != 0);
    CHECK(install.has(too_long));

    // A clone carrying the policy: slipway check reads it and says what is wrong.
    sb.ok("git clone -q server.git work 2>/dev/null && mkdir -p work/.slipway && "
          "cp nested.yaml work/.slipway/policy.yaml && cd work && git add -A && "
          "git commit -qm policy");
    auto in_clone = sb.sh("slipway check .slipway/policy.yaml", {}, "work");
    CHECK(in_clone.exit_code != 0);
    CHECK(in_clone.has(".slipway/policy.yaml:4:18: branch_name is too long for a regular "
                       "expression (60001 bytes; at most 4096)"));
}
