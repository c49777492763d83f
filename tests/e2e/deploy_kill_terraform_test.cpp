// E2E with the real terraform: post-receive killed (kill -9) while terraform applies, its
// local-exec provisioner still running. The next deploy must end what is left, record it, and
// leave the environment at the newest commit.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

// One resource whose provisioner writes its shell's pid, and its grandparent's (terraform's
// parent: the post-receive running the deploy), then holds (sleeps) while the file `hold`
// exists in the sandbox. `label` changes the input, so each commit replaces it and the
// provisioner runs again.
std::string slow_resource(const std::string& label) {
    return "resource \"terraform_data\" \"slow\" {\n  input = \"" + label +
           "\"\n  provisioner \"local-exec\" {\n    command = \"cut -d' ' -f4 /proc/$PPID/stat > "
           "$SANDBOX/hook.pid; echo $$ > $SANDBOX/exec.pid; if [ -f $SANDBOX/hold ]; then sleep "
           "60; fi\"\n  }\n}\n";
}

std::string proc_state(const Sandbox& sb, const std::string& pid) {
    return sb.sh("cut -d' ' -f3 /proc/" + pid + "/stat 2>/dev/null || true").output;
}

bool alive(const std::string& state) {
    return !state.empty() && !state.starts_with("Z");
}

} // namespace

TEST_CASE("post-receive killed mid-apply: the next deploy kills terraform's leftovers, records "
          "them, and the environment ends at the newest commit") {
    Sandbox sb;
    sb.seeded(R"(version: 1
environments:
  - name: lab
    refs: refs/heads/master
    targets:
      - terraform: {dirs: [infra], workspace: lab}
)");
    sb.write("work/infra/main.tf", slow_resource("one"));
    sb.write("hold", "");
    // The push runs in the background; once the provisioner is running, its post-receive (and
    // no other test's: the command name, cut to 15 characters by the kernel, checks the pid)
    // is killed.
    sb.ok("cd work && git add -A && git commit -qm one && (git push origin master >../push1.out "
          "2>&1 &) && cd .. && for i in $(seq 1 600); do [ -s exec.pid ] && break; sleep 0.1; "
          "done && test -s exec.pid && test \"$(cat /proc/$(cat hook.pid)/comm)\" = "
          "slipway-post-re && kill -9 $(cat hook.pid) && for i in $(seq 1 100); do grep -q "
          "'^To ' push1.out && break; sleep 0.1; done",
          {{"GL_USERNAME", "alice"}});
    const std::string exec_pid = sb.ok("cat exec.pid").substr(0, sb.ok("cat exec.pid").size() - 1);
    // The provisioner outlived post-receive: this is what the next deploy must end.
    REQUIRE(alive(proc_state(sb, exec_pid)));
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 1);
    CHECK(deploys[0].state() == "running");

    sb.ok("rm hold exec.pid");
    sb.write("work/infra/main.tf", slow_resource("two"));
    auto next =
        sb.sh("git commit -qam two && git push origin master", {{"GL_USERNAME", "bob"}}, "work");
    CHECK(next.exit_code == 0);
    CHECK(next.has("its processes were still running: killed "));
    CHECK(next.has("[lab] Apply complete!"));
    CHECK_FALSE(alive(proc_state(sb, exec_pid)));

    deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    CHECK(deploys[0].state() != "running");
    CHECK(deploys[0].state() != "success");
    CHECK(deploys[0].end->message.find("its processes were still running: killed ") !=
          std::string::npos);
    CHECK(deploys[1].state() == "success");
    CHECK(rev(sb, "refs/slipway/deployed/lab", "server.git") == rev(sb, "HEAD"));
    // What terraform holds is the newest commit's: the resource's input (and so its output)
    // is "two", nothing of "one" is left.
    const std::string state =
        sb.ok("cat server.git/slipway/terraform/infra/state/terraform.tfstate.d/lab/"
              "terraform.tfstate");
    CHECK(state.find("\"value\": \"two\"") != std::string::npos);
    CHECK(state.find("\"value\": \"one\"") == std::string::npos);
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}
