// Pushes through Apache httpd + git-http-backend (mod_cgid and mod_cgi): the basic-auth user
// recorded as the pusher over http, an anonymous push refused with [identity], signed pushes,
// and a deploy's output streamed while it runs.
#include "support/deploys.hpp"
#include "support/gpg.hpp"
#include "support/servers.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;
namespace fs = std::filesystem;

namespace {

// The newest push record of server.git, as "<pusher> <identity_source> <protocol>
// <authenticated|unauthenticated> <accepted|rejected>".
std::string newest_push(const Sandbox& sb) {
    auto json =
        slipway::util::parse_json(sb.ok("slipway log server.git --json --limit 1 2>/dev/null"));
    REQUIRE(json);
    const auto& push = json->at("entries").as_array().at(0);
    REQUIRE(push.at("type").as_string() == "push");
    return push.at("pusher").as_string() + " " + push.at("identity_source").as_string() + " " +
           push.at("protocol").as_string() + " " +
           (push.at("authenticated").as_bool() ? "authenticated" : "unauthenticated") + " " +
           push.at("verdict").as_string();
}

// A new commit in work/, pushed to master at `url`; `git_args` go before `push`, `push_args`
// after it.
Run push_commit(const Sandbox& sb, const std::string& url, const std::string& message,
                const std::string& git_args = "", const std::string& push_args = "") {
    return sb.sh("git commit -q --allow-empty -m " + quote(message) + " && git " + git_args +
                     " push " + push_args + " " + quote(url) + " master 2>&1",
                 {}, "work");
}

// master deploys preprod with a command that prints a line, then waits (a minute at most) for
// the file `go`, which the test makes only once the pusher has seen that line.
std::string waiting_policy(const Sandbox& sb) {
    const std::string go = (sb.root() / "go").string();
    return "version: 1\nenvironments:\n  - name: preprod\n    refs: refs/heads/master\n"
           "    targets:\n      - command: {run: [sh, -c, \"echo waiting for the pusher; i=0; "
           "while [ ! -e " +
           go + " ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; [ -e " + go +
           " ] && echo the pusher saw the line || echo nobody answered\"]}\n";
}

} // namespace

TEST_CASE("servers: Apache + git-http-backend, a basic-auth user is recorded as REMOTE_USER over "
          "http, and a wrong password is refused before any hook runs") {
    SLIPWAY_SKIP_IF(ApacheServer::missing());
    Sandbox sb;
    sb.seeded();
    ApacheServer apache(sb);
    apache.serve(sb.root() / "server.git");

    auto push = push_commit(sb, apache.url("alice", "server.git"), "over apache");
    INFO(push.output);
    CHECK(push.exit_code == 0);
    CHECK(push.gate() == std::vector<std::string>{"slipway: push accepted — 1 ref update checked"});
    CHECK(newest_push(sb) == "alice REMOTE_USER http authenticated accepted");

    auto wrong = sb.sh("git commit -q --allow-empty -m wrong && git push " +
                           quote("http://alice:guess@127.0.0.1:" + std::to_string(apache.port()) +
                                 "/git/server.git") +
                           " master 2>&1",
                       {{"GIT_TERMINAL_PROMPT", "0"}}, "work");
    INFO(wrong.output);
    CHECK(wrong.exit_code != 0);
    CHECK(wrong.has("fatal: Authentication failed for 'http://127.0.0.1:" +
                    std::to_string(apache.port()) + "/git/server.git/'"));
    CHECK(wrong.remote().empty());
    CHECK(newest_push(sb) == "alice REMOTE_USER http authenticated accepted");
}

TEST_CASE("servers: Apache without authentication on the location, an anonymous push is refused "
          "with [identity] and recorded as the account Apache runs CGI as") {
    SLIPWAY_SKIP_IF(ApacheServer::missing());
    Sandbox sb;
    sb.seeded();
    ApacheServer apache(sb, {.authentication = false});
    apache.serve(sb.root() / "server.git");

    auto push = push_commit(sb, apache.anonymous_url("server.git"), "anonymous");
    INFO(push.output);
    CHECK(push.exit_code != 0);
    const auto gate = push.gate();
    REQUIRE(gate.size() >= 2);
    CHECK(gate[0] == "slipway: push rejected — 1 problem");
    CHECK(gate[1].starts_with("  error: this push has no authenticated identity: it came over "
                              "HTTP and the server named no pusher"));
    CHECK(gate[1].ends_with("[identity]"));
    CHECK(newest_push(sb) == apache.account() + " os-user http unauthenticated rejected");
}

TEST_CASE("servers: Apache + git-http-backend, an unsigned push is refused and one signed by the "
          "pusher's own key accepted, its certificate recorded") {
    SLIPWAY_SKIP_IF(ApacheServer::missing());
    Sandbox sb;
    GpgKeys keys(sb);
    const auto alice = keys.make("Alice Author <alice@example.com>");
    sb.seeded("version: 1\nusers:\n  alice:\n    gpg: [\"" + alice +
              "\"]\nrefs:\n  - match: refs/heads/master\n    push_certificate: required\n");
    // Over HTTP the nonce is given by one request and checked by the next.
    sb.ok("git -C server.git config receive.certNonceSlop 60");
    ApacheServer apache(sb);
    keys.export_to(alice, apache.hook_home());
    apache.serve(apache.hook_home());
    apache.serve(sb.root() / "server.git");
    const auto url = apache.url("alice", "server.git");

    auto unsigned_push = push_commit(sb, url, "unsigned");
    INFO(unsigned_push.output);
    CHECK(unsigned_push.exit_code != 0);
    CHECK(unsigned_push.has("the push is not signed; push again with `git push --signed`"));
    CHECK(newest_push(sb) == "alice REMOTE_USER http authenticated rejected");

    auto signed_push = push_commit(sb, url, "signed", "-c user.signingkey=" + alice, "--signed");
    INFO(signed_push.output);
    CHECK(signed_push.exit_code == 0);
    CHECK(newest_push(sb) == "alice REMOTE_USER http authenticated accepted");
    auto show = sb.ok("slipway log server.git --json --limit 1 2>/dev/null");
    auto json = slipway::util::parse_json(show);
    REQUIRE(json);
    const auto& cert = json->at("entries").as_array().at(0).at("certificate");
    REQUIRE(!cert.is_null());
    const auto status = cert.at("status").as_string() + " " + cert.at("nonce_status").as_string();
    INFO(status);
    CHECK((status == "G OK" || status == "G SLOP" || status == "U OK" || status == "U SLOP"));
}

TEST_CASE("servers: Apache streams a deploy's line to the pusher while the deploy runs, with "
          "mod_cgid and with mod_cgi, and no setting for it") {
    SLIPWAY_SKIP_IF(ApacheServer::missing());
    const auto cgi = GENERATE(ApacheCgi::cgid, ApacheCgi::cgi);
    INFO((cgi == ApacheCgi::cgid ? "mpm_event + mod_cgid" : "mpm_prefork + mod_cgi"));
    Sandbox sb;
    sb.seeded(waiting_policy(sb));
    ApacheServer apache(sb, {.cgi = cgi});
    apache.serve(sb.root() / "server.git");

    sb.ok("git commit -q --allow-empty -m streamed && ( git push " +
              quote(apache.url("alice", "server.git")) +
              " master > ../push.log 2>&1; echo $? > ../push.rc ) >/dev/null 2>&1 &",
          {}, "work");
    const bool seen = eventually([&] {
        return sb.sh("grep -q '\\[preprod\\] waiting for the pusher' push.log").exit_code == 0;
    });
    sb.ok("touch go");
    REQUIRE(eventually([&] { return sb.sh("test -s push.rc").exit_code == 0; },
                       std::chrono::seconds(90)));
    const auto log = sb.ok("cat push.log");
    INFO(log);
    CHECK(seen);
    CHECK(sb.ok("cat push.rc") == "0\n");
    CHECK(log.find("remote: [preprod] the pusher saw the line") != std::string::npos);
}

TEST_CASE("servers: stopping Apache ends every process of its group") {
    SLIPWAY_SKIP_IF(ApacheServer::missing());
    Sandbox sb;
    ApacheServer apache(sb);
    const pid_t pid = apache.process().pid();
    CHECK(eventually([&] { return processes_in_group(pid).size() >= 2; }));
    apache.process().stop();
    CHECK(processes_in_group(pid).empty());
    CHECK(sb.sh("git ls-remote " + quote(apache.url("alice", "none.git")) + " 2>&1").exit_code !=
          0);
}
