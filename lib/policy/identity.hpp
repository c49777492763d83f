// Who is pushing: the first non-empty of a list of environment variables, else the OS user.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace slipway::policy {

/// The `identity:` section: the variables the server's front end sets for the pusher.
struct IdentitySettings {
    std::vector<std::string> env = {"GL_USERNAME", "GITEA_PUSHER_NAME", "GL_USER", "REMOTE_USER",
                                    "GITHUB_USER_LOGIN"};
};

/// The pusher and how we know.
struct Pusher {
    std::string name;
    std::string source; ///< the variable it came from, or "os-user"
};

/// Looks up the environment; injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment.
EnvLookup process_env();

/// The first variable of `settings` with a non-empty value in `env`; else the name of the OS
/// user this process runs as; else "unknown".
Pusher resolve_pusher(const IdentitySettings& settings, const EnvLookup& env);

} // namespace slipway::policy
