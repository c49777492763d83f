// E2E: post-receive when things around it fail — a policy broken after the gate ran, a ledger
// that cannot be written — and what it leaves on disk.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"
#include "util/json.hpp"

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

// master deploys preprod with one target: `sh -c <script>`. `script` is written as inside a
// YAML double-quoted string (\" for a quote).
std::string one_command(const std::string& script) {
    return "version: 1\nenvironments:\n  - name: preprod\n    refs: refs/heads/master\n"
           "    targets:\n      - command: {run: [sh, -c, \"" +
           script + "\"]}\n";
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

TEST_CASE("a deploy whose process was killed is recorded as outcome unknown, with its log") {
    Sandbox sb;
    sb.seeded(one_command(R"(if [ -f die ]; then kill -9 $PPID; exit 0; fi; echo deployed)"));
    // The first deploy kills the post-receive running it: its start is in the ledger, no end.
    sb.write("work/die", "");
    auto killed = sb.sh("git add die && git commit -qm die && git push origin master",
                        {{"GL_USERNAME", "alice"}}, "work");
    CHECK(killed.exit_code == 0);
    auto before = sb.ok("slipway status server.git");
    INFO(before);
    CHECK(before.find("running") != std::string::npos);

    sb.ok("git rm -q die && git commit -qm alive", {}, "work");
    auto next = sb.sh("git push origin master", {{"GL_USERNAME", "bob"}}, "work");
    CHECK(next.exit_code == 0);
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json"));
    REQUIRE(json);
    std::vector<std::pair<std::string, std::string>> deploys;
    std::string log;
    for (const auto& e : json->at("entries").as_array())
        if (e.at("type").as_string() == "deploy") {
            deploys.emplace_back(e.at("state").as_string(), e.at("message").as_string());
            log = e.at("log").as_string();
        }
    REQUIRE(deploys.size() == 2);
    CHECK(deploys[0].first == "success");
    CHECK(deploys[1].first == "unknown");
    CHECK(log.starts_with((sb.root() / "server.git/slipway/logs/preprod/").string()));
    const std::string message =
        "outcome unknown: its process ended before recording its end (killed, the server "
        "stopped, or the ledger could not be written); refs/slipway/deployed/preprod did not "
        "move to its commit: its targets may have applied in part; its log is " +
        log + "; noticed by the next deploy to preprod";
    CHECK(deploys[1].second == message);
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
    CHECK(next.has("slipway: warning: the deploy to preprod of ledger record "));
    CHECK(next.has(": " + message));
    // The log it names is there to read: how far the dead deploy got.
    CHECK(sb.sh("test -s " + quote(log)).exit_code == 0);
}

TEST_CASE("a deploy survives its pusher's terminal closing (SIGHUP) and Ctrl-C (SIGINT)") {
    Sandbox sb;
    sb.seeded(one_command(R"(kill -HUP $PPID; kill -INT $PPID; sleep 0.2; echo deployed)"));
    // The target's parent is post-receive: it gets what a closing terminal would send it.
    auto push = sb.sh("git commit -q --allow-empty -m hup && git push origin master",
                      {{"GL_USERNAME", "alice"}}, "work");
    CHECK(push.exit_code == 0);
    CHECK(push.has("[preprod] deployed"));
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 1);
    CHECK(deploys[0].state() == "success");
}

TEST_CASE("what a target leaves running in the background ends with the target") {
    Sandbox sb;
    sb.seeded(
        one_command(R"(sleep 60 >/dev/null 2>&1 & echo $! > \"$SANDBOX/bg.pid\"; echo started)"));
    auto push = sb.sh("git commit -q --allow-empty -m bg && git push origin master", {}, "work");
    CHECK(push.exit_code == 0);
    CHECK(push.has("[preprod] started"));
    CHECK(push.has("[preprod] deployed"));
    // The deploy has ended: its background sleep must not outlive it (gone, or a zombie left
    // for init to reap: its /proc state is Z, or there is none).
    auto state = sb.sh("cut -d' ' -f3 /proc/$(cat bg.pid)/stat 2>/dev/null || true");
    CHECK((state.output.empty() || state.output.starts_with("Z")));
}

TEST_CASE("a deploy killed after the deployed ref moved, before its summary, is outcome unknown") {
    Sandbox sb;
    sb.seeded(one_command(
        R"(if [ -f die ]; then git --git-dir=\"$SANDBOX/server.git\" update-ref refs/slipway/deployed/preprod \"$SLIPWAY_COMMIT\"; kill -9 $PPID; exit 0; fi; echo deployed)"));
    // The deployed ref moves (by the target here, as a hand-moved ref would), then the process
    // dies before the deploy's summary line: one witness says success, the other does not.
    // (A deploy that got as far as its summary line is in deploy_disk_full_test.cpp.)
    sb.write("work/die", "");
    sb.ok("git add die && git commit -qm die && git push -q origin master 2>/dev/null", {}, "work");
    const auto died = rev(sb, "HEAD");
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == died);

    sb.ok("git rm -q die && git commit -qm next", {}, "work");
    auto next = sb.sh("git push origin master", {}, "work");
    CHECK(next.exit_code == 0);
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    CHECK(deploys[0].start.commit == died);
    CHECK(deploys[0].state() == "unknown");
    REQUIRE(deploys[0].end);
    CHECK(deploys[0].end->message ==
          "outcome unknown: its process ended before recording its end (killed, the server "
          "stopped, or the ledger could not be written); refs/slipway/deployed/preprod had moved "
          "to its commit, but its log is " +
              deploys[0].start.log +
              ", which does not end with the summary line of a success; noticed by the next "
              "deploy to preprod");
    CHECK(deploys[1].state() == "success");
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}

TEST_CASE("a redeploy of the deployed commit killed mid-way is outcome unknown: the ref says "
          "nothing of it") {
    Sandbox sb;
    // master and hotfix both deploy preprod; the deploy dies while $SANDBOX/die exists.
    sb.seeded("version: 1\nenvironments:\n  - name: preprod\n    refs: [refs/heads/master, "
              "refs/heads/hotfix]\n    targets:\n      - command: {run: [sh, -c, \"if [ -f "
              "\\\"$SANDBOX/die\\\" ]; then kill -9 $PPID; exit 0; fi; echo deployed\"]}\n");
    REQUIRE(sb.sh("git commit -q --allow-empty -m c && git push -q origin master", {}, "work")
                .exit_code == 0);
    const auto deployed = rev(sb, "HEAD");
    REQUIRE(rev(sb, "refs/slipway/deployed/preprod", "server.git") == deployed);
    sb.write("die", "");
    sb.ok("git push -q origin HEAD:refs/heads/hotfix 2>/dev/null", {}, "work");
    sb.ok("rm die");

    auto next = sb.sh("git commit -q --allow-empty -m next && git push origin master", {}, "work");
    CHECK(next.exit_code == 0);
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 3);
    CHECK(deploys[1].start.commit == deployed);
    CHECK(deploys[1].start.ref == "refs/heads/hotfix");
    CHECK(deploys[1].state() == "unknown");
    REQUIRE(deploys[1].end);
    CHECK(deploys[1].end->message ==
          "outcome unknown: its process ended before recording its end (killed, the server "
          "stopped, or the ledger could not be written); refs/slipway/deployed/preprod pointed at "
          "its commit already, from an earlier deploy, which says nothing of this one: its "
          "targets may have applied in part; its log is " +
              deploys[1].start.log + "; noticed by the next deploy to preprod");
    CHECK(deploys[2].state() == "success");
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}

TEST_CASE("what a killed deploy left running is ended by the next deploy, which records it") {
    Sandbox sb;
    sb.seeded(one_command(
        R"(if [ -f die ]; then sleep 60 >/dev/null 2>&1 & echo $! > \"$SANDBOX/orphan.pid\"; sleep 0.3; kill -9 $PPID; sleep 1; fi; echo deployed)"));
    // post-receive dies mid-deploy; the target's background sleep lives on in its group. (The
    // target waits a moment: post-receive writes the group down just after it starts it.)
    sb.write("work/die", "");
    sb.ok("git add die && git commit -qm die && git push -q origin master 2>/dev/null", {}, "work");
    auto state = [&] {
        return sb.sh("cut -d' ' -f3 /proc/$(cat orphan.pid)/stat 2>/dev/null || true").output;
    };
    REQUIRE((!state().empty() && !state().starts_with("Z")));
    INFO(sb.ok("cat server.git/slipway/locks/preprod.groups || true"));

    sb.ok("git rm -q die && git commit -qm next", {}, "work");
    auto next = sb.sh("git push origin master", {}, "work");
    CHECK(next.exit_code == 0);
    CHECK(next.has("; noticed by the next deploy to preprod; its processes were still running: "
                   "killed 1 process group"));
    const auto left = state();
    CHECK((left.empty() || left.starts_with("Z")));
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    REQUIRE(deploys[0].end);
    CHECK(deploys[0].end->message.ends_with(
        "; its processes were still running: killed 1 process group"));
    CHECK(deploys[1].state() == "success");
}
