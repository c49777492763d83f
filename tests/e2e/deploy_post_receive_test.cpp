// E2E: post-receive when things around it fail — a policy broken after the gate ran, a ledger
// that cannot be written — and what it leaves on disk.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;
using Lines = std::vector<std::string>;

namespace {

const std::string policy = R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: [sh, -c, "echo deploying $SLIPWAY_COMMIT"]}
)";

// Appends `script` to server.git's pre-receive hook, to run after the gate accepted the push:
// what an admin (or a disk) might do while a push is in flight.
void after_the_gate(const Sandbox& sb, const std::string& script) {
    sb.ok("cd server.git/hooks && sed -i 's/^exec \\(.*\\)$/\\1 || exit $?/' pre-receive && "
          "printf '%s\\n' " +
          quote(script) + " >> pre-receive");
}

} // namespace

TEST_CASE("a policy broken after the gate accepted a push: post-receive says so, deploys nothing") {
    Sandbox sb;
    sb.seeded(policy);
    after_the_gate(sb, "printf 'refs: [\\n' >> slipway.yaml");
    auto run = sb.sh("git commit -q --allow-empty -m next && git push origin master",
                     {{"GL_USERNAME", "alice"}}, "work");
    CHECK(run.exit_code == 0);
    const auto file = (sb.root() / "server.git" / "slipway.yaml").string();
    auto lines = run.remote();
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "slipway: push accepted — 1 ref update checked");
    CHECK(lines[1] == "slipway: nothing was deployed: the policy cannot be read");
    CHECK(lines[2].starts_with("  " + file + ":"));
    CHECK(lines[3] == "hint: tell the repository's admin (`slipway policy check " + file +
                          "`); push again once it is fixed");
    CHECK(sb.sh("git rev-parse -q --verify refs/slipway/deployed/preprod", {}, "server.git")
              .exit_code != 0);
}

TEST_CASE("a ledger that cannot be written: the deploy goes ahead, says so, and keeps its log") {
    Sandbox sb;
    sb.seeded(policy);
    // The gate records the push; then the ledger becomes unreadable.
    after_the_gate(sb, "mv slipway/ledger.db slipway/ledger.db.saved && "
                       "echo 'not a database' > slipway/ledger.db");
    auto run = sb.sh("git commit -q --allow-empty -m next && git push origin master",
                     {{"GL_USERNAME", "alice"}}, "work");
    CHECK(run.exit_code == 0);
    const auto head = rev(sb, "HEAD");
    const auto logs = (sb.root() / "server.git" / "slipway" / "logs").string();
    auto lines = timeless(run.remote());
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "slipway: push accepted — 1 ref update checked");
    CHECK(
        lines[1].starts_with("slipway: warning: the push could not be confirmed in the ledger: "));
    CHECK(lines[1].ends_with("; deploys go ahead unrecorded, their output kept in " + logs));
    CHECK(lines[2] == "[preprod] command sh -c echo deploying $SLIPWAY_COMMIT");
    CHECK(lines[3] == "[preprod] deploying " + head);
    CHECK(lines[4] ==
          "[preprod] deployed " + head.substr(0, 7) + " in Ns (0 applied, 0 pruned, 0 changed)");
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == head);
    CHECK(sb.ok("cat server.git/slipway/logs/preprod/*-" + head.substr(0, 7) + ".log | wc -l") ==
          "3\n");
}
