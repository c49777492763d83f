// How a push reached the server: transport, remote address, and the push options it carries.
#pragma once

#include "policy/identity.hpp"
#include "policy/limits.hpp"

#include <string>
#include <vector>

namespace slipway::policy {

/// What the server's environment says about the connection of a push.
struct Connection {
    std::string protocol;       ///< "ssh", "http", "git" (git daemon) or "local"
    std::string remote_address; ///< the client's address; empty when the server does not say
};

/// Reads `env`: SSH_CONNECTION (sshd) is ssh; GATEWAY_INTERFACE (CGI: git-http-backend) is
/// http, from REMOTE_ADDR; REMOTE_ADDR without it is git daemon, which sets it for its
/// children; nothing of these is a local push. Behind a proxy of
/// `settings.trusted_proxies`, the address is the last one of HTTP_X_FORWARDED_FOR that is no
/// trusted proxy; from any other client that header is ignored.
Connection describe_connection(const EnvLookup& env, const IdentitySettings& settings = {});

/// The push options of a push, as far as the limits let them be taken.
struct PushOptions {
    std::vector<std::string> options; ///< the options within the limits, in the order given
    /// One sentence per limit the push went over (a count that is no number, too many options,
    /// one too long, all of them too long together); empty when none. The options over a limit
    /// are not in `options`.
    std::vector<std::string> problems;
};

/// The push options (`git push -o ...`) git hands to hooks in GIT_PUSH_OPTION_COUNT and
/// GIT_PUSH_OPTION_<n>, read from `env` within `limits` (push_options, push_option_bytes,
/// push_options_bytes): never more than limits.push_options variables are looked at, and every
/// limit gone over is a problem, so a push can neither flood the ledger nor lose its options
/// silently.
PushOptions read_push_options(const EnvLookup& env, const PushLimits& limits);

} // namespace slipway::policy
