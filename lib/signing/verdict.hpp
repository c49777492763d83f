// The cryptographic verdict on one object's signature, whatever its format, and its cache:
// which key made a valid signature, or why there is none. Who that key belongs to, and
// whether they may sign, is the policy's question, asked afresh on every push.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace slipway::signing {

enum class SignatureStatus {
    unsigned_object,   ///< carries no signature
    good,              ///< a valid signature by `key`
    bad,               ///< the key is known, the signature does not match
    unknown_key,       ///< no trusted key made it (`key`: the one it names, when readable)
    wrong_namespace,   ///< an SSH signature made for another namespace
    expired_signature, ///< OpenPGP: valid, but the signature has expired
    expired_key,       ///< OpenPGP: made by a key that has expired
    revoked_key,       ///< OpenPGP: made by a revoked key
    unsupported,       ///< a format Slipway does not verify (X.509)
    malformed,         ///< a signature that cannot be read
};

/// The verdict on one object.
struct SignatureVerdict {
    SignatureStatus status = SignatureStatus::unsigned_object;
    std::string format; ///< "ssh", "openpgp", "x509"; empty when unsigned
    /// The signing key: SSH `SHA256:` fingerprint; OpenPGP primary fingerprint (good) or key
    /// id (otherwise). Empty when unknown.
    std::string key;
    std::string subkey; ///< OpenPGP: the signing subkey's fingerprint, when given
    std::string detail; ///< not good: what the verifier said

    bool operator==(const SignatureVerdict&) const = default;
};

/// The status as one word: "good", "unsigned", "bad", "unknown-key", "wrong-namespace",
/// "expired-signature", "expired-key", "revoked-key", "unsupported", "malformed".
std::string_view signature_status_name(SignatureStatus status);

/// "signature 1" text of `verdict`, and back; anything else decodes to nullopt.
std::string encode_signature_verdict(const SignatureVerdict& verdict);
std::optional<SignatureVerdict> decode_signature_verdict(std::string_view text);

/// Verdicts on disk under `dir` (`<repo>.git/slipway/cache/`), keyed by object id and the
/// trust material they were reached with. Best effort, like review's verdict cache: a
/// missing or corrupt entry is a miss, a failed write is ignored, concurrent pushes share it.
class SignatureCache {
public:
    /// An empty `dir` disables the cache.
    explicit SignatureCache(std::filesystem::path dir = {})
        : m_dir(std::move(dir)) {}

    /// The entry key for object `oid_hex` verified against trust material whose SHA-256 is
    /// `trust_hash` (the allowed-signers text, the keyring's bytes): another policy's keys
    /// never reuse a verdict.
    static std::string key(std::string_view oid_hex, std::string_view trust_hash);

    std::optional<SignatureVerdict> load(const std::string& key) const;
    void store(const std::string& key, const SignatureVerdict& verdict) const;

    std::size_t hits() const { return m_hits; }
    std::size_t misses() const { return m_misses; }

private:
    std::filesystem::path m_dir;
    mutable std::size_t m_hits = 0;
    mutable std::size_t m_misses = 0;
};

} // namespace slipway::signing
