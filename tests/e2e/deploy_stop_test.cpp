// E2E: a deploy's processes never outlive it: SIGTERM (a server shutting down) stops it cleanly
// and is recorded; what leaves its process group still ends with it.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

// master deploys preprod with one target, `sh -c <script>` (written as inside a YAML
// double-quoted string). The target's parent is post-receive.
std::string policy_running(const std::string& script) {
    return "version: 1\nenvironments:\n  - name: preprod\n    refs: refs/heads/master\n"
           "    targets:\n      - command: {run: [sh, -c, \"" +
           script + "\"]}\n";
}

// The /proc state of the process whose pid is in `pid_file` (under the sandbox root): "" when
// it is gone, Z for a zombie.
std::string state_of(const Sandbox& sb, const std::string& pid_file) {
    return sb.sh("cut -d' ' -f3 /proc/$(cat " + pid_file + ")/stat 2>/dev/null || true").output;
}

bool gone(const std::string& state) {
    return state.empty() || state.starts_with("Z");
}

} // namespace

TEST_CASE("SIGTERM stops a deploy: its target is told, the end is recorded as stopped, nothing "
          "is left running, and the next deploy finds nothing interrupted") {
    Sandbox sb;
    sb.seeded(policy_running(
        R"(if [ -f stop ]; then sleep 60 & echo $! > \"$SANDBOX/child.pid\"; echo $$ > \"$SANDBOX/target.pid\"; kill -TERM $PPID; wait; echo never; fi; echo deployed)"));
    sb.write("work/stop", "");
    auto stopped = sb.sh("git add stop && git commit -qm stop && git push origin master",
                         {{"GL_USERNAME", "alice"}}, "work");
    CHECK(stopped.exit_code == 0); // the refs had moved: the push itself succeeded
    CHECK(stopped.has("was stopped: Slipway received SIGTERM (the server is stopping?)"));
    CHECK_FALSE(stopped.has("[preprod] never"));
    CHECK(gone(state_of(sb, "target.pid")));
    CHECK(gone(state_of(sb, "child.pid")));
    CHECK(
        sb.sh("git -C server.git rev-parse -q --verify refs/slipway/deployed/preprod").exit_code !=
        0);

    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 1);
    CHECK(deploys[0].state() == "failure");
    CHECK(deploys[0].end->message.find("was stopped: Slipway received SIGTERM") !=
          std::string::npos);

    sb.ok("git rm -q stop && git commit -qm again", {}, "work");
    auto next = sb.sh("git push origin master", {}, "work");
    CHECK(next.exit_code == 0);
    CHECK(next.has("[preprod] deployed"));
    CHECK_FALSE(next.has("never finished"));
    deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    CHECK(deploys[1].state() == "success");
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}

TEST_CASE("a target that ignores SIGTERM is killed once the stop's grace period is over") {
    Sandbox sb;
    sb.seeded(policy_running(
        R"(trap '' TERM; echo $$ > \"$SANDBOX/target.pid\"; kill -TERM $PPID; sleep 30; echo never)"));
    auto push =
        sb.sh("git commit -q --allow-empty -m stubborn && git push origin master", {}, "work");
    CHECK(push.exit_code == 0);
    CHECK(push.has("was stopped: Slipway received SIGTERM"));
    CHECK_FALSE(push.has("[preprod] never"));
    CHECK(gone(state_of(sb, "target.pid")));
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 1);
    CHECK(deploys[0].state() == "failure");
    // It took the grace period (10 s), not the sleep (30 s).
    CHECK(deploys[0].end->targets.at(0).duration_ms < 25'000);
}

TEST_CASE("a process that leaves its target's process group (setsid) still ends with the target") {
    Sandbox sb;
    sb.seeded(policy_running(
        R"(setsid sleep 60 >/dev/null 2>&1 & echo $! > \"$SANDBOX/escaped.pid\"; sleep 0.3; echo group $(cut -d' ' -f5 /proc/$!/stat) of $!)"));
    auto push =
        sb.sh("git commit -q --allow-empty -m escape && git push origin master", {}, "work");
    CHECK(push.exit_code == 0);
    // It had its own group: killing the target's group would not have reached it.
    const std::string pid = sb.ok("cat escaped.pid").substr(0, sb.ok("cat escaped.pid").size() - 1);
    CHECK(push.has("[preprod] group " + pid + " of " + pid));
    CHECK(push.has("[preprod] deployed"));
    CHECK(gone(state_of(sb, "escaped.pid")));
}
