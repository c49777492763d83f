// SSH signatures (OpenSSH's SSHSIG format, what `git commit -S` with gpg.format=ssh makes):
// reading the armored block, and verifying it as git does, with ssh-keygen -Y.
#pragma once

#include "signing/ssh_key.hpp"
#include "util/result.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace slipway::signing {

/// What an armored SSH signature says about itself (nothing here is verified yet).
struct SshSignature {
    SshPublicKey key;           ///< the key that claims to have signed
    std::string name_space;     ///< "git" for commits, tags and push certificates
    std::string hash_algorithm; ///< "sha512" or "sha256"
};

/// Parses `-----BEGIN SSH SIGNATURE-----` … `-----END SSH SIGNATURE-----` (surrounding text
/// and line endings ignored). Fails, saying what is wrong, when it is not one.
Result<SshSignature> parse_ssh_signature(std::string_view armored);

/// How verification went.
enum class SshOutcome {
    good,            ///< a valid signature by the key of `principal`
    bad_signature,   ///< the key is allowed, but the signature does not match the payload
    unknown_key,     ///< no allowed signer has the key that signed
    wrong_namespace, ///< made for another namespace (a file signature shown as a commit's)
    malformed,       ///< not an SSH signature at all
};

/// The result of verify_ssh_signature.
struct SshVerification {
    SshOutcome outcome = SshOutcome::malformed;
    std::string principal;   ///< good: the allowed signer whose key signed
    std::string fingerprint; ///< the signing key's SHA256 fingerprint, when it could be read
    std::string detail;      ///< not good: why, as ssh-keygen or the parser said it
};

/// Where verification runs.
struct SshVerifyOptions {
    /// Where the temporary directory for ssh-keygen's files is made; empty: the system's.
    std::filesystem::path temp_parent;
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

/// Verifies `armored` over `payload` against `allowed_signers` (the text of an allowed
/// signers file) for namespace `ns`, as git does: `ssh-keygen -Y find-principals`, then
/// `ssh-keygen -Y verify -n <ns> -I <principal>`. ssh-keygen runs with HOME in a fresh
/// temporary directory, so no user's own configuration counts. Fails only when ssh-keygen
/// cannot be run (missing, timed out, killed); every verdict on the signature is a value.
Result<SshVerification> verify_ssh_signature(std::string_view payload, std::string_view armored,
                                             std::string_view allowed_signers, std::string_view ns,
                                             const SshVerifyOptions& options = {});

} // namespace slipway::signing
