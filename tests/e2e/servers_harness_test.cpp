// Tests of the server harness itself: how a missing program is reported, and that a stopped
// server leaves nothing running.
#include "support/deploys.hpp"
#include "support/servers.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace slipway::e2e;

TEST_CASE("server harness: a missing program is named with the package that brings it, which "
          "is what a skipped suite says") {
    CHECK(missing_programs("shell", {{"sh", "dash"}}).empty());
    ::setenv("SLIPWAY_E2E_PRETEND_MISSING", "nginx,fcgiwrap", 1);
    auto reason = HttpServer::missing();
    ::unsetenv("SLIPWAY_E2E_PRETEND_MISSING");
    CHECK(reason == "nginx + fcgiwrap + git-http-backend: nginx is not installed (install/deps.sh "
                    "installs nginx); nginx + fcgiwrap + git-http-backend: fcgiwrap is not "
                    "installed (install/deps.sh installs fcgiwrap)");
    CHECK(missing_programs("no such", {{"slipway-no-such-program", "nothing"}}) ==
          "no such: slipway-no-such-program is not installed (install/deps.sh installs nothing)");
}

TEST_CASE("server harness: stopping nginx and fcgiwrap ends every process of their groups") {
    SLIPWAY_SKIP_IF(HttpServer::missing());
    Sandbox sb;
    HttpServer http(sb);
    const pid_t nginx = http.nginx().pid();
    const pid_t fcgiwrap = http.fcgiwrap().pid();
    // nginx's master and worker; fcgiwrap and the two children it forks. The master may answer
    // before it has forked its worker (CI saw 1), so both counts are awaited.
    CHECK(eventually([&] { return processes_in_group(nginx).size() == 2; }));
    CHECK(eventually([&] { return processes_in_group(fcgiwrap).size() == 3; }));
    http.nginx().stop();
    http.fcgiwrap().stop();
    CHECK(processes_in_group(nginx).empty());
    CHECK(processes_in_group(fcgiwrap).empty());
    CHECK(sb.sh("git ls-remote " + quote(http.url("alice", "none.git")) + " 2>&1").exit_code != 0);
}

TEST_CASE("server harness: stopping sshd ends its group, and a second start picks a port of its "
          "own") {
    SLIPWAY_SKIP_IF(SshServer::missing());
    Sandbox sb;
    SshServer first(sb, {.name = "first", .logins = {{"alice", "alice"}}});
    SshServer second(sb, {.name = "second", .logins = {{"alice", "alice"}}});
    CHECK(first.port() != second.port());
    CHECK(first.port() >= 23000);
    CHECK(first.port() <= 23999);
    const pid_t pid = first.process().pid();
    CHECK(processes_in_group(pid).size() == 1);
    first.process().stop();
    CHECK(processes_in_group(pid).empty());
    CHECK(second.process().running());
}

TEST_CASE("server harness: through sshd, nginx and git daemon, hooks run with the server's HOME "
          "in the sandbox and without the system's git config") {
    SLIPWAY_SKIP_IF(SshServer::missing());
    SLIPWAY_SKIP_IF(HttpServer::missing());
    SLIPWAY_SKIP_IF(GitDaemon::missing());
    Sandbox sb;
    sb.ok("git init -q --bare -b master plain.git && git init -q -b master work && cd work && "
          "git commit -q --allow-empty -m init");
    sb.write("plain.git/hooks/pre-receive",
             "#!/bin/sh\necho \"home=$HOME nosystem=$GIT_CONFIG_NOSYSTEM\"\n");
    sb.ok("chmod +x plain.git/hooks/pre-receive");
    SshServer ssh(sb, {.logins = {{"alice", "alice"}}});
    HttpServer http(sb);
    GitDaemon daemon(sb);
    auto through = [&](const std::string& url, const std::string& ref) {
        return sb.sh("git push " + quote(url) + " master:" + ref + " 2>&1", {}, "work").remote();
    };
    auto said = [](const std::filesystem::path& home) {
        return std::vector<std::string>{"home=" + home.string() + " nosystem=1"};
    };
    CHECK(through(ssh.url("alice", (sb.root() / "plain.git").string()), "ssh") ==
          said(ssh.hook_home()));
    CHECK(through(http.url("alice", "plain.git"), "http") == said(http.hook_home()));
    CHECK(through(daemon.url("plain.git"), "daemon") == said(daemon.hook_home()));
    CHECK(ssh.hook_home() != http.hook_home());
}
