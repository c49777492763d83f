// E2E: change control through real pushes into an installed bare repository: promotion of
// only what is still good (a commit reverted in preprod, one an operator quarantined,
// `require: current`).
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

namespace {

const std::string policy = R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: [sh, -c, "echo deploying $SLIPWAY_COMMIT"]}
  - name: prod
    refs: refs/tags/v*
    promote_from: preprod
    targets:
      - command: {run: [sh, -c, "echo deploying $SLIPWAY_COMMIT"]}
  - name: canary
    refs: refs/tags/canary-*
    promote_from: {env: preprod, require: current}
    targets:
      - command: {run: [sh, -c, "echo deploying $SLIPWAY_COMMIT"]}
)";

const std::string hint = "hint: no ref was changed; fix the problems above and push again";

std::string rev(const Sandbox& sb, const std::string& what) {
    auto out = sb.ok("git rev-parse " + what, {}, "work");
    return out.substr(0, out.find('\n'));
}

} // namespace

TEST_CASE("promotion: a commit reverted in preprod is refused for prod, saying it was reverted") {
    Sandbox sb;
    sb.seeded(policy);
    sb.ok("echo bad > feature.txt && git add feature.txt && git commit -q -m 'bad feature' && "
          "git push -q origin master 2>/dev/null",
          {}, "work");
    const auto bad = rev(sb, "HEAD");
    // Before the revert, the commit may go to prod.
    sb.ok("git tag -a v1.0.0 -m r HEAD && git push -q origin v1.0.0 2>/dev/null", {}, "work");
    sb.ok("git revert --no-edit HEAD >/dev/null && git push -q origin master 2>/dev/null", {},
          "work");
    const auto revert = rev(sb, "HEAD");
    auto refused =
        sb.sh("git tag -a v1.0.1 -m r " + bad + " && git push origin v1.0.1", {}, "work");
    CHECK(refused.exit_code != 0);
    const auto gate = refused.gate();
    REQUIRE(gate.size() == 3);
    CHECK(gate[0] == "slipway: push rejected — 1 problem");
    CHECK(gate[1].starts_with("  refs/tags/v1.0.1: error: commit " + bad.substr(0, 7) +
                              " was reverted in preprod by " + revert.substr(0, 7) +
                              " (\"Revert \"bad feature\"\"), deployed there at "));
    CHECK(gate[1].ends_with("; prod only takes commits still good in preprod [promotion]"));
    CHECK(gate[2] == hint);
    // The revert itself ran in preprod and is still good there.
    CHECK(sb.sh("git tag -a v1.0.2 -m r HEAD && git push -q origin v1.0.2", {}, "work").exit_code ==
          0);
}

TEST_CASE("promotion: a commit an operator quarantined is refused until it is released") {
    Sandbox sb;
    sb.seeded(policy);
    sb.ok("git commit -q --allow-empty -m 'suspect' && git push -q origin master 2>/dev/null", {},
          "work");
    const auto suspect = rev(sb, "HEAD");
    auto usage = sb.sh("slipway quarantine server.git " + suspect);
    CHECK(usage.exit_code == 2);
    CHECK(usage.has("slipway quarantine: --reason TEXT is required"));
    auto q = sb.ok("slipway quarantine server.git master --reason 'INC-42: leaks memory'");
    CHECK(q.starts_with("quarantined " + suspect));
    auto refused = sb.sh("git tag -a v2.0.0 -m r && git push origin v2.0.0", {}, "work");
    CHECK(refused.exit_code != 0);
    REQUIRE(refused.gate().size() == 3);
    CHECK(refused.gate()[1].starts_with("  refs/tags/v2.0.0: error: commit " +
                                        suspect.substr(0, 7) + " is quarantined: "));
    CHECK(refused.gate()[1].ends_with(": INC-42: leaks memory; `slipway unquarantine` releases "
                                      "it; prod only takes commits still good in preprod "
                                      "[promotion]"));
    auto released = sb.ok("slipway unquarantine server.git " + suspect + " --reason fixed");
    CHECK(released.starts_with("released " + suspect));
    CHECK(sb.sh("git push -q origin v2.0.0", {}, "work").exit_code == 0);
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK"));
}

TEST_CASE("promotion: require current takes the commit that runs in preprod now, no older one") {
    Sandbox sb;
    sb.seeded(policy);
    sb.ok("git commit -q --allow-empty -m one && git push -q origin master 2>/dev/null", {},
          "work");
    const auto one = rev(sb, "HEAD");
    sb.ok("git commit -q --allow-empty -m two && git push -q origin master 2>/dev/null", {},
          "work");
    const auto two = rev(sb, "HEAD");
    auto old =
        sb.sh("git tag -a canary-1 -m r " + one + " && git push origin canary-1", {}, "work");
    CHECK(old.exit_code != 0);
    CHECK(old.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/canary-1: error: commit " + one.substr(0, 7) +
                    " is not the commit deployed in preprod now (" + two.substr(0, 7) +
                    "); canary only takes the commit that runs in preprod (promote_from "
                    "require: current) [promotion]",
                hint});
    CHECK(sb.sh("git tag -a canary-2 -m r " + two + " && git push -q origin canary-2", {}, "work")
              .exit_code == 0);
}
