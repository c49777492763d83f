// OpenPGP signatures (what `git commit -S` with gpg makes), verified with gpgv against a
// keyring file, read from gpgv's machine-readable status lines (gnupg doc/DETAILS).
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace slipway::signing {

/// How verification went.
enum class OpenPgpOutcome {
    good,              ///< GOODSIG and VALIDSIG: a valid signature by `fingerprint`
    bad_signature,     ///< BADSIG: the key is known, the signature does not match
    unknown_key,       ///< ERRSIG / NO_PUBKEY: the keyring has no key `key_id`
    expired_signature, ///< EXPSIG: a valid signature that has expired
    expired_key,       ///< EXPKEYSIG: made by a key that has expired
    revoked_key,       ///< REVKEYSIG: made by a revoked key
    malformed,         ///< gpgv found no signature it could read
};

/// The result of verify_openpgp_signature.
struct OpenPgpVerification {
    OpenPgpOutcome outcome = OpenPgpOutcome::malformed;
    /// good: the primary key's fingerprint (VALIDSIG's last field; the signing subkey's when
    /// gpgv gives no primary), 40 or 64 uppercase hex digits.
    std::string fingerprint;
    /// The signing subkey's fingerprint (VALIDSIG's first field), when given.
    std::string subkey_fingerprint;
    std::string key_id; ///< the long key id the status named, when any
    std::string detail; ///< not good: what gpgv said, in a few words
};

/// Reads gpgv's `--status-fd` output. A BADSIG, ERRSIG, EXPKEYSIG, REVKEYSIG or EXPSIG
/// anywhere decides against the signature, whatever else is there; good needs GOODSIG and
/// VALIDSIG.
OpenPgpVerification parse_gpgv_status(std::string_view status);

/// Where verification runs.
struct OpenPgpVerifyOptions {
    /// Where the temporary directory (gpgv's --homedir and the signature file) is made; empty:
    /// the system's.
    std::filesystem::path temp_parent;
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

/// Verifies the armored signature `armored` over `payload` with `gpgv --homedir <empty temp
/// dir> --status-fd 1 --keyring <keyring>` (a binary keyring, as `gpg --export` writes it):
/// only the keys in `keyring` count, never a user's own. Fails only when gpgv cannot be run.
Result<OpenPgpVerification> verify_openpgp_signature(std::string_view payload,
                                                     std::string_view armored,
                                                     const std::filesystem::path& keyring,
                                                     const OpenPgpVerifyOptions& options = {});

} // namespace slipway::signing
