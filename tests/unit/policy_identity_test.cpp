// Tests for policy/identity: the pusher is the first non-empty configured variable.
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
