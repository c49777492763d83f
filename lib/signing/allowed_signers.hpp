// The allowed-signers list ssh-keygen -Y verifies against (ssh-keygen(1), ALLOWED SIGNERS),
// generated from who may sign: `<principal> namespaces="git" <type> <base64>` per key.
#pragma once

#include "signing/ssh_key.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace slipway::signing {

/// One key and whom it signs for.
struct AllowedSigner {
    std::string principal; ///< a policy user name
    SshPublicKey key;
};

/// True when `principal` can stand in an allowed-signers line as itself: letters, digits and
/// `._@+-` only. ssh-keygen reads a principal as a comma-separated list of patterns (`*`,
/// `?`, `!` are wildcards and negation), so any other name could match someone else.
bool is_plain_principal(std::string_view principal);

/// The allowed-signers text: one line per signer whose principal is plain (the others are
/// left out: the policy refuses them), each limited to namespace `ns`.
std::string allowed_signers_text(const std::vector<AllowedSigner>& signers,
                                 std::string_view ns = "git");

} // namespace slipway::signing
