// Hook output through real servers reaches the pusher while the hook still runs: nginx with
// both streaming settings, and sshd.
#include "support/deploys.hpp"
#include "support/servers.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

// master deploys preprod with one command, which prints a line and then waits (a minute at
// most) for the file `go`, which the test creates only once the pusher has seen that line.
std::string waiting_policy(const Sandbox& sb) {
    const std::string go = (sb.root() / "go").string();
    return "version: 1\nenvironments:\n  - name: preprod\n    refs: refs/heads/master\n"
           "    targets:\n      - command: {run: [sh, -c, \"echo waiting for the pusher; i=0; "
           "while [ ! -e " +
           go + " ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; [ -e " + go +
           " ] && echo the pusher saw the line || echo nobody answered\"]}\n";
}

// Pushes a commit to `url` in the background, waits until the pusher's output shows the
// deploy's first line, then lets the deploy finish. Returns the push's output; fails the test
// when the line never arrives while the deploy waits.
std::string push_and_answer(const Sandbox& sb, const std::string& url) {
    sb.ok("git commit -q --allow-empty -m streamed && "
          "( git push " +
              quote(url) + " master > ../push.log 2>&1; echo $? > ../push.rc ) >/dev/null 2>&1 &",
          {}, "work");
    bool seen = eventually([&] {
        return sb.sh("grep -q '\\[preprod\\] waiting for the pusher' push.log").exit_code == 0;
    });
    sb.ok("touch go");
    REQUIRE(eventually([&] { return sb.sh("test -s push.rc").exit_code == 0; },
                       std::chrono::seconds(90)));
    auto log = sb.ok("cat push.log");
    INFO(log);
    CHECK(seen);
    CHECK(sb.ok("cat push.rc") == "0\n");
    return log;
}

} // namespace

TEST_CASE("servers: nginx with fastcgi_buffering off and NO_BUFFERING, a deploy's line reaches "
          "the pusher while the deploy runs") {
    SLIPWAY_SKIP_IF(HttpServer::missing());
    Sandbox sb;
    sb.seeded(waiting_policy(sb));
    HttpServer http(sb, {.streaming = Streaming::on});
    auto log = push_and_answer(sb, http.url("alice", "server.git"));
    CHECK(log.find("remote: [preprod] the pusher saw the line") != std::string::npos);
}

TEST_CASE("servers: sshd, a deploy's line reaches the pusher while the deploy runs") {
    SLIPWAY_SKIP_IF(SshServer::missing());
    Sandbox sb;
    sb.seeded(waiting_policy(sb));
    SshServer ssh(sb, {.logins = {{"alice", "alice"}}});
    auto log = push_and_answer(sb, ssh.url("alice", (sb.root() / "server.git").string()));
    CHECK(log.find("remote: [preprod] the pusher saw the line") != std::string::npos);
}
