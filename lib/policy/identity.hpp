// Who is pushing: the first non-empty of a list of environment variables, else the OS user.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace slipway::policy {

/// The `identity:` section: the variables the server's front end sets for the pusher, and
/// whether a push without an authenticated one is refused.
struct IdentitySettings {
    std::vector<std::string> env = {"GL_USERNAME", "GITEA_PUSHER_NAME", "GL_USER", "REMOTE_USER",
                                    "GITHUB_USER_LOGIN"};
    /// Refuse (rule `identity`) a push whose pusher is not authenticated. On unless the policy
    /// says `require: false`.
    bool require = true;
    /// The addresses of reverse proxies in front of the HTTP server whose X-Forwarded-For
    /// header is believed; from any other client the header is ignored.
    std::vector<std::string> trusted_proxies;
};

/// The pusher and how we know.
struct Pusher {
    std::string name;
    std::string source; ///< the variable it came from, or "os-user"
    /// True when something vouches for `name`: the server's front end, which set the variable
    /// (sshd's forced command, HTTP authentication, gitolite), or, for a local push only, the
    /// operating system. The service account of an SSH key without a forced identity, or of
    /// git daemon, is not an identity.
    bool authenticated = false;
};

/// Looks up the environment; injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment.
EnvLookup process_env();

/// The first variable of `settings` with a non-empty value in `env` (authenticated); else the
/// name of the OS user this process runs as (authenticated only when the push is local: no
/// SSH, HTTP or git daemon connection); else "unknown".
Pusher resolve_pusher(const IdentitySettings& settings, const EnvLookup& env);

/// Why `pusher` is not authenticated and how an admin gives pushes an identity: the message of
/// an `identity` finding. `protocol` is policy::Connection::protocol.
std::string unauthenticated_message(const Pusher& pusher, const IdentitySettings& settings,
                                    const std::string& protocol);

} // namespace slipway::policy
