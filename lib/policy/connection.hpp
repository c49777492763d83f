// How a push reached the server: transport, remote address, and the push options it carries.
#pragma once

#include "policy/identity.hpp"

#include <string>
#include <vector>

namespace slipway::policy {

/// What the server's environment says about the connection of a push.
struct Connection {
    std::string protocol;       ///< "ssh", "http" or "local"
    std::string remote_address; ///< the client's address; empty when the server does not say
};

/// Reads SSH_CONNECTION (sshd), REMOTE_ADDR (CGI, e.g. git-http-backend) from `env`.
Connection describe_connection(const EnvLookup& env);

/// The push options (`git push -o ...`) git hands to hooks in GIT_PUSH_OPTION_<n>.
std::vector<std::string> push_options(const EnvLookup& env);

} // namespace slipway::policy
