// E2E: who pushed, and how we know. The OS account vouches for a local push only; over SSH
// without a forced identity, or git daemon, the account is the service's, and a policy that
// requires an identity (the default) refuses the push. (Here the connection's variables are
// set by hand on a local push, as sshd or git daemon would set them; the real servers are in
// tests/e2e/servers_*.)
#include "support/sandbox.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;
using slipway::util::Json;
using Lines = std::vector<std::string>;

namespace {

const std::map<std::string, std::string> over_ssh{
    {"SSH_CONNECTION", "127.0.0.1 50000 127.0.0.1 22"}};
const std::map<std::string, std::string> over_git_daemon{{"REMOTE_ADDR", "127.0.0.1"},
                                                         {"REMOTE_PORT", "50000"}};

Json newest_push(Sandbox& sb) {
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json --limit 1"));
    REQUIRE(json);
    REQUIRE(json->at("count").as_int() == 1);
    return json->at("entries").as_array()[0];
}

} // namespace

TEST_CASE("a local push is the OS user's, authenticated by the operating system") {
    Sandbox sb;
    sb.seeded();
    auto run = sb.sh("git commit -q --allow-empty -m local && git push origin master", {}, "work");
    CHECK(run.exit_code == 0);
    auto push = newest_push(sb);
    CHECK(push.at("verdict").as_string() == "accepted");
    CHECK(push.at("identity_source").as_string() == "os-user");
    CHECK(push.at("protocol").as_string() == "local");
    CHECK(push.at("authenticated").as_bool());
}

TEST_CASE("over SSH without a forced identity the push is refused with [identity]") {
    Sandbox sb;
    sb.seeded();
    auto run =
        sb.sh("git commit -q --allow-empty -m anon && git push origin master", over_ssh, "work");
    CHECK(run.exit_code != 0);
    const auto gate = run.gate();
    REQUIRE(gate.size() >= 2);
    CHECK(gate[0] == "slipway: push rejected — 1 problem");
    CHECK(gate[1].starts_with("  error: this push has no authenticated identity: it came over "
                              "SSH and the server named no pusher (GL_USERNAME, "
                              "GITEA_PUSHER_NAME, GL_USER, REMOTE_USER or GITHUB_USER_LOGIN), so "
                              "it would be recorded as the server's account \""));
    CHECK(gate[1].ends_with("[identity]"));
    auto push = newest_push(sb);
    CHECK(push.at("verdict").as_string() == "rejected");
    CHECK(push.at("protocol").as_string() == "ssh");
    CHECK_FALSE(push.at("authenticated").as_bool());

    SECTION("with a forced identity it is accepted, and authenticated") {
        auto env = over_ssh;
        env["REMOTE_USER"] = "alice";
        auto ok = sb.sh("git push origin master", env, "work");
        CHECK(ok.exit_code == 0);
        auto accepted = newest_push(sb);
        CHECK(accepted.at("pusher").as_string() == "alice");
        CHECK(accepted.at("identity_source").as_string() == "REMOTE_USER");
        CHECK(accepted.at("authenticated").as_bool());
    }
}

TEST_CASE("an anonymous git daemon push is recorded as protocol git and refused") {
    Sandbox sb;
    sb.seeded();
    auto run = sb.sh("git commit -q --allow-empty -m anon && git push origin master",
                     over_git_daemon, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.has("it came over git daemon (git://), which is anonymous"));
    auto push = newest_push(sb);
    CHECK(push.at("protocol").as_string() == "git");
    CHECK(push.at("remote_address").as_string() == "127.0.0.1");
    CHECK(sb.ok("git -C server.git log -1 --format=%s master") == "init\n");
}

TEST_CASE("identity require false accepts an unauthenticated push, recorded as such") {
    Sandbox sb;
    sb.seeded("version: 1\nidentity:\n  require: false\n");
    auto run =
        sb.sh("git commit -q --allow-empty -m anon && git push origin master", over_ssh, "work");
    CHECK(run.exit_code == 0);
    auto push = newest_push(sb);
    CHECK(push.at("verdict").as_string() == "accepted");
    CHECK_FALSE(push.at("authenticated").as_bool());
    const auto id = std::to_string(push.at("id").as_int());
    CHECK(sb.ok("slipway show server.git " + id).find("(from os-user, unauthenticated)") !=
          std::string::npos);
}
