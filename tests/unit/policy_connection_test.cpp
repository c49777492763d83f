// Tests for policy/connection: push options read within their limits, every limit told.
#include "policy/connection.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace slipway::policy;

namespace {

// An environment holding `vars`.
EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end())
            return std::nullopt;
        return it->second;
    };
}

// GIT_PUSH_OPTION_COUNT and GIT_PUSH_OPTION_<n> for `options`.
std::map<std::string, std::string> options_env(const std::vector<std::string>& options) {
    std::map<std::string, std::string> vars{
        {"GIT_PUSH_OPTION_COUNT", std::to_string(options.size())}};
    for (std::size_t i = 0; i < options.size(); ++i)
        vars["GIT_PUSH_OPTION_" + std::to_string(i)] = options[i];
    return vars;
}

} // namespace

TEST_CASE("push options within the limits are read in order, with no problem") {
    auto none = read_push_options(env_of({}), {});
    CHECK(none.options.empty());
    CHECK(none.problems.empty());
    auto read = read_push_options(env_of(options_env({"ci.skip", "slipway.prune=3"})), {});
    CHECK(read.options == std::vector<std::string>{"ci.skip", "slipway.prune=3"});
    CHECK(read.problems.empty());
}

TEST_CASE("too many push options: the first ones are kept and the count is a problem") {
    PushLimits limits;
    limits.push_options = 2;
    auto read = read_push_options(env_of(options_env({"a", "b", "c"})), limits);
    CHECK(read.options == std::vector<std::string>{"a", "b"});
    CHECK(read.problems ==
          std::vector<std::string>{"the push carries 3 push options, more than the 2 allowed "
                                   "(limits.push_options); push again with fewer `-o` options"});
    // A count past any integer is "too many", and never looked at variable by variable.
    auto huge =
        read_push_options(env_of({{"GIT_PUSH_OPTION_COUNT", "99999999999999999999999"}}), limits);
    CHECK(huge.problems == std::vector<std::string>{
                               "the push carries too many push options, more than the 2 allowed "
                               "(limits.push_options); push again with fewer `-o` options"});
    auto garbage = read_push_options(env_of({{"GIT_PUSH_OPTION_COUNT", "3x"}}), limits);
    CHECK(garbage.options.empty());
    CHECK(garbage.problems ==
          std::vector<std::string>{"git gave the push option count \"3x\", which is not a number; "
                                   "no push option was read"});
}

TEST_CASE("a push option too long, or all of them together, is a problem") {
    PushLimits limits;
    limits.push_option_bytes = 4;
    limits.push_options_bytes = 6;
    auto read = read_push_options(env_of(options_env({"abc", "toolong", "def", "ghi"})), limits);
    CHECK(read.options == std::vector<std::string>{"abc", "def"});
    CHECK(read.problems ==
          std::vector<std::string>{"push option 2 is 7 bytes, more than the 4 allowed "
                                   "(limits.push_option_bytes); shorten it",
                                   "the push options come to more than the 6 bytes allowed "
                                   "together (limits.push_options_bytes); push again with fewer "
                                   "or shorter `-o` options"});
}

TEST_CASE("the protocol: ssh, http only with GATEWAY_INTERFACE, git daemon, local") {
    auto ssh = describe_connection(env_of({{"SSH_CONNECTION", "10.0.0.5 51000 10.0.0.1 22"}}));
    CHECK(ssh.protocol == "ssh");
    CHECK(ssh.remote_address == "10.0.0.5");
    auto http = describe_connection(
        env_of({{"GATEWAY_INTERFACE", "CGI/1.1"}, {"REMOTE_ADDR", "10.0.0.6"}}));
    CHECK(http.protocol == "http");
    CHECK(http.remote_address == "10.0.0.6");
    // git daemon sets REMOTE_ADDR for its children, and no CGI variable.
    auto daemon = describe_connection(env_of({{"REMOTE_ADDR", "10.0.0.7"}}));
    CHECK(daemon.protocol == "git");
    CHECK(daemon.remote_address == "10.0.0.7");
    CHECK(describe_connection(env_of({})).protocol == "local");
}

TEST_CASE("X-Forwarded-For is believed only from a trusted proxy, read from the right") {
    IdentitySettings s{.trusted_proxies = {"10.0.0.1", "10.0.0.2"}};
    auto via = [&](const std::string& peer, const std::string& header) {
        return describe_connection(env_of({{"GATEWAY_INTERFACE", "CGI/1.1"},
                                           {"REMOTE_ADDR", peer},
                                           {"HTTP_X_FORWARDED_FOR", header}}),
                                   s)
            .remote_address;
    };
    CHECK(via("10.0.0.1", "203.0.113.9") == "203.0.113.9");
    // Two trusted hops; whatever the client itself put first is not taken.
    CHECK(via("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2") == "203.0.113.9");
    // From an untrusted client the header is the client's claim: ignored.
    CHECK(via("198.51.100.4", "10.0.0.1") == "198.51.100.4");
    CHECK(describe_connection(env_of({{"GATEWAY_INTERFACE", "CGI/1.1"},
                                      {"REMOTE_ADDR", "10.0.0.1"},
                                      {"HTTP_X_FORWARDED_FOR", "203.0.113.9"}}))
              .remote_address == "10.0.0.1"); // no trusted proxy named
}
