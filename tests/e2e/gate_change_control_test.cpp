// E2E: change control through real pushes into an installed bare repository: promotion of
// only what is still good (a commit reverted in preprod, one an operator quarantined,
// `require: current`), freezes (a window of the policy, an operator's freeze).
#include "ledger/timestamp.hpp"
#include "support/deploys.hpp"
#include "support/sandbox.hpp"
#include "util/time_zone.hpp"

#include <catch2/catch.hpp>

#include <ctime>
#include <map>

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

// "2026-12-02 22:47" in `zone`, `offset` seconds from now: a window around the real clock,
// which the hooks read.
std::string local_minute(const std::string& zone, std::int64_t offset) {
    auto tz = slipway::util::TimeZone::named(zone);
    REQUIRE(tz);
    return tz->format(static_cast<std::int64_t>(std::time(nullptr)) + offset).substr(0, 16);
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

TEST_CASE(
    "freeze: a window of the policy around now refuses a prod tag, and feature work goes on") {
    Sandbox sb;
    // Tokyo's wall clock: the window is read in its own zone, never the server's.
    const std::string from = local_minute("Asia/Tokyo", -3600);
    const std::string to = local_minute("Asia/Tokyo", 3600);
    sb.seeded(policy + "    freeze:\n      - name: release-freeze\n        from: \"" + from +
              "\"\n        to: \"" + to + "\"\n        time_zone: Asia/Tokyo\n");
    sb.ok("git commit -q --allow-empty -m one && git push -q origin master 2>/dev/null", {},
          "work");
    auto refused = sb.sh("git tag -a canary-1 -m r && git push origin canary-1", {}, "work");
    CHECK(refused.exit_code != 0);
    CHECK(refused.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/canary-1: error: canary is frozen by the window \"release-freeze\" "
                "of the policy (" +
                    from + " to " + to + ", Asia/Tokyo) until " + to +
                    " JST; refs/tags/canary-1 deploys there, so it waits [freeze]",
                hint});
    auto feature = sb.sh("git push -q origin HEAD:refs/heads/feature/x", {}, "work");
    CHECK(feature.exit_code == 0);
}

TEST_CASE("freeze: slipway freeze stops deploys to an environment until slipway thaw") {
    Sandbox sb;
    sb.seeded(policy);
    auto usage = sb.sh("slipway freeze server.git preprod");
    CHECK(usage.exit_code == 2);
    auto unknown = sb.sh("slipway freeze server.git preprd --reason x");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.has("the policy has no environment \"preprd\" (it has: preprod, prod, canary)"));
    CHECK(sb.ok("slipway freeze server.git preprod --reason 'INC-9: payments down'")
              .starts_with("froze preprod: "));
    auto refused =
        sb.sh("git commit -q --allow-empty -m one && git push origin master", {}, "work");
    CHECK(refused.exit_code != 0);
    REQUIRE(refused.gate().size() == 3);
    CHECK(refused.gate()[1].starts_with("  refs/heads/master: error: preprod is frozen by "));
    CHECK(refused.gate()[1].ends_with(": INC-9: payments down; `slipway thaw` ends it; "
                                      "refs/heads/master deploys there, so it waits [freeze]"));
    CHECK(sb.sh("git push -q origin HEAD:refs/heads/feature/x", {}, "work").exit_code == 0);
    CHECK(sb.ok("slipway thaw server.git preprod").starts_with("thawed preprod (frozen by "));
    CHECK(sb.ok("slipway thaw server.git preprod").starts_with("preprod is not frozen"));
    CHECK(sb.sh("git push -q origin master", {}, "work").exit_code == 0);
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK"));
}

TEST_CASE("break-glass: @ops overrides a freeze of prod, recorded and shown until acknowledged") {
    Sandbox sb;
    sb.seeded("groups:\n  ops: [olga]\nbreak_glass: [\"@ops\"]\n" + policy);
    const std::map<std::string, std::string> olga{{"GL_USERNAME", "olga"}};
    const std::map<std::string, std::string> bob{{"GL_USERNAME", "bob"}};
    sb.ok("git commit -q --allow-empty -m one && git push -q origin master 2>/dev/null", olga,
          "work");
    sb.ok("slipway freeze server.git prod --reason 'INC-9: payments down'");
    sb.ok("git tag -a v1.0.0 -m r", {}, "work");

    // A non-member: refused, for the freeze and for asking.
    auto denied =
        sb.sh("git push -o 'slipway.break-glass=INC-9: hotfix' origin v1.0.0", bob, "work");
    CHECK(denied.exit_code != 0);
    const auto gate = denied.gate();
    REQUIRE(gate.size() == 4);
    CHECK(gate[0] == "slipway: push rejected — 2 problems");
    CHECK(gate[1].ends_with("`slipway thaw` ends it; refs/tags/v1.0.0 deploys there, so it "
                            "waits [freeze]"));
    CHECK(gate[2] == "  error: bob may not break glass (break_glass: @ops); nothing was "
                     "overridden [break-glass]");

    // A member: accepted, with the loud line, and deployed.
    auto used =
        sb.sh("git push -o 'slipway.break-glass=INC-9: hotfix' origin v1.0.0", olga, "work");
    CHECK(used.exit_code == 0);
    CHECK(used.has("warning: BREAK-GLASS USED by olga: INC-9: hotfix — 1 finding of [freeze] "
                   "overridden;"));
    CHECK(used.has("warning: overridden by break-glass: prod is frozen by "));
    CHECK(used.has("[prod] deployed "));

    auto status = sb.ok("slipway status server.git");
    CHECK(status.find("prod:\n  FROZEN by ") != std::string::npos);
    const auto at = status.find("  BREAK-GLASS not acknowledged: push #");
    REQUIRE(at != std::string::npos);
    const std::string id = status.substr(at + 38, status.find(' ', at + 38) - at - 38);
    CHECK(status.find(" by olga at ", at) != std::string::npos);
    CHECK(status.find(": INC-9: hotfix (`slipway audit ack <repo> --break-glass " + id + "`)") !=
          std::string::npos);
    CHECK(sb.ok("slipway log server.git --limit 2").find("BREAK-GLASS not acknowledged") !=
          std::string::npos);

    auto wrong = sb.sh("slipway audit ack server.git --break-glass 1");
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.has("record #1 is no break-glass push waiting for acknowledgment (waiting: #" + id +
                    ")"));
    CHECK(sb.ok("slipway audit ack server.git --break-glass " + id + " --reason reviewed")
              .starts_with("acknowledged the break-glass push #" + id + " by olga"));
    auto after = sb.ok("slipway status server.git");
    CHECK(after.find("BREAK-GLASS") == std::string::npos);
    CHECK(after.find("FROZEN by ") != std::string::npos);
    CHECK(sb.ok("slipway log server.git").find("break-glass (acknowledged #") != std::string::npos);
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK"));
}

TEST_CASE("status --at: what ran in each environment at a given time, and who pushed it") {
    Sandbox sb;
    sb.seeded(policy);
    const std::map<std::string, std::string> alice{{"GL_USERNAME", "alice"}};
    const std::map<std::string, std::string> bob{{"GL_USERNAME", "bob"}};
    sb.ok("git commit -q --allow-empty -m one && git push -q origin master 2>/dev/null", alice,
          "work");
    const auto one = rev(sb, "HEAD");
    sb.ok("git tag -a v1.0.0 -m r && git push -q origin v1.0.0 2>/dev/null", alice, "work");
    sb.ok("git commit -q --allow-empty -m two && git push -q origin master 2>/dev/null", bob,
          "work");
    const auto two = rev(sb, "HEAD");
    const auto deploys = slipway::e2e::recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 3);
    REQUIRE(deploys[0].end_meta);
    // Just after one's deploy to preprod ended: one in preprod, nothing in prod yet.
    const auto first = deploys[0].end_meta->time_ms;
    auto then = sb.ok("slipway status server.git --at " + slipway::ledger::format_utc_ms(first));
    CHECK(then.starts_with("as of "));
    CHECK(then.find("  preprod: deploy #" + std::to_string(deploys[0].start_meta.id) + " of " +
                    one + ", pushed by alice in push #") != std::string::npos);
    CHECK(then.find("  prod: nothing had been deployed successfully") != std::string::npos);
    // Now: two in preprod (by bob), one in prod with its tag (by alice).
    auto now = sb.ok("slipway status server.git --at " +
                     slipway::ledger::format_utc_ms(deploys[2].end_meta->time_ms));
    CHECK(now.find("  preprod: deploy #" + std::to_string(deploys[2].start_meta.id) + " of " + two +
                   ", pushed by bob in push #") != std::string::npos);
    CHECK(now.find("  prod: deploy #" + std::to_string(deploys[1].start_meta.id) + " of " + one +
                   " (tag v1.0.0), pushed by alice in push #") != std::string::npos);
    auto bad = sb.sh("slipway status server.git --at yesterday");
    CHECK(bad.exit_code == 2);
    CHECK(bad.has("slipway status: --at: "));
}
