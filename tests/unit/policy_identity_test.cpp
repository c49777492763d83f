// Tests for policy/identity: the pusher is the first non-empty configured variable, and
// whether something vouches for it.
#include "policy/identity.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace slipway::policy;

namespace {

EnvLookup fake(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end())
            return std::nullopt;
        return it->second;
    };
}

} // namespace

TEST_CASE("the first non-empty variable of the list names the pusher") {
    IdentitySettings s;
    auto p = resolve_pusher(
        s, fake({{"GL_USERNAME", ""}, {"REMOTE_USER", "carol"}, {"GITHUB_USER_LOGIN", "dave"}}));
    CHECK(p.name == "carol");
    CHECK(p.source == "REMOTE_USER");
}

TEST_CASE("the default list is the one of the design") {
    IdentitySettings s;
    CHECK(s.env == std::vector<std::string>{"GL_USERNAME", "GITEA_PUSHER_NAME", "GL_USER",
                                            "REMOTE_USER", "GITHUB_USER_LOGIN"});
}

TEST_CASE("without any variable the OS user is the pusher") {
    IdentitySettings s{.env = {"SLIPWAY_TEST_NO_SUCH_VAR"}};
    auto p = resolve_pusher(s, fake({}));
    CHECK(p.source == "os-user");
    CHECK_FALSE(p.name.empty());
}

TEST_CASE("a variable the front end set is an authenticated identity, over any connection") {
    auto p = resolve_pusher({}, fake({{"REMOTE_USER", "carol"}, {"SSH_CONNECTION", "1 2 3 4"}}));
    CHECK(p.name == "carol");
    CHECK(p.authenticated);
}

TEST_CASE("the OS user is authenticated for a local push only") {
    IdentitySettings s{.env = {"SLIPWAY_TEST_NO_SUCH_VAR"}};
    CHECK(resolve_pusher(s, fake({})).authenticated);
    // A shared SSH account without a forced identity, git daemon, HTTP without authentication:
    // the account is the service's, not the pusher's.
    for (const auto& [var, value] :
         std::map<std::string, std::string>{{"SSH_CONNECTION", "10.0.0.5 51000 10.0.0.1 22"},
                                            {"REMOTE_ADDR", "10.0.0.5"},
                                            {"GATEWAY_INTERFACE", "CGI/1.1"}}) {
        INFO(var);
        auto p = resolve_pusher(s, fake({{var, value}}));
        CHECK(p.source == "os-user");
        CHECK_FALSE(p.authenticated);
    }
}

TEST_CASE("the identity finding says how the push came and how an admin gives it an identity") {
    Pusher git{.name = "git", .source = "os-user"};
    IdentitySettings s{.env = {"GL_USER", "REMOTE_USER"}};
    CHECK(unauthenticated_message(git, s, "git") ==
          "this push has no authenticated identity: it came over git daemon (git://), which is "
          "anonymous, and the server named no pusher (GL_USER or REMOTE_USER), so it would be "
          "recorded as the server's account \"git\"; a pusher proves who they are by signing "
          "the push (`git push --signed`) with their key in the policy (users.<name>.gpg or "
          ".keys); an "
          "admin gives each pusher an identity: for SSH a forced command or "
          "environment=\"REMOTE_USER=<name>\" on each key in authorized_keys, for HTTP "
          "authentication (REMOTE_USER), or gitolite (GL_USER); or accepts such pushes with "
          "`identity: {require: false}` in the policy");
    CHECK(
        unauthenticated_message(git, s, "ssh")
            .starts_with(
                "this push has no authenticated identity: it came over SSH and the server named no "
                "pusher (GL_USER or REMOTE_USER)"));
}
