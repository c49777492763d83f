// SSH public keys as users write them in the policy (`ssh-ed25519 AAAA… comment`) and as an
// SSH signature carries them (the wire-format blob).
#pragma once

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace slipway::signing {

/// One public key.
struct SshPublicKey {
    std::string type;    ///< "ssh-ed25519", "ecdsa-sha2-nistp256", ...
    std::string blob;    ///< the decoded key (wire format), starting with its own type string
    std::string comment; ///< what followed the key on its line; "" for a blob

    /// The blob as base64, as the key's line writes it.
    std::string base64() const;
    /// `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` prints it.
    std::string fingerprint() const;
    /// "<type> <base64>", without the comment.
    std::string line() const;
};

/// True for the key types OpenSSH signs with: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521
/// and the security-key types sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com.
bool is_ssh_key_type(std::string_view type);

/// Parses `<type> <base64> [comment]` (spaces or tabs between). Fails, saying what is wrong,
/// for an unknown type, a missing key, base64 that does not decode, or a blob whose own type
/// string is not the line's type.
Result<SshPublicKey> parse_ssh_public_key(std::string_view line);

/// The key a wire-format `blob` is (its type read from it); fails when it does not start with
/// a known type string.
Result<SshPublicKey> ssh_public_key_from_blob(std::string_view blob);

} // namespace slipway::signing
