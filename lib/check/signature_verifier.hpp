// Who signed a commit or tag of the push: the signature verified (or its cached verdict
// reused), then its key mapped to a policy user. One per push, shared by the signature rule
// and four-eyes, so each object is verified once.
#pragma once

#include "git/repository.hpp"
#include "git/signed_object.hpp"
#include "policy/policy.hpp"
#include "signing/verdict.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slipway::check {

/// One object's signature as the gate judges it.
struct ObjectSignature {
    git::SignedObject object; ///< the commit or tag (payload and signature dropped)
    signing::SignatureVerdict verdict;
    /// The policy user whose key made a good signature; empty when there is none (unsigned,
    /// bad, or a good signature by a key no user has).
    std::string signer;
};

class SignatureVerifier {
public:
    /// Verifies against `policy`'s users' SSH keys and its OpenPGP keyring (relative to
    /// `repo`'s git dir); verdicts are cached under `cache_dir` (empty: not cached), and
    /// ssh-keygen and gpgv get their temporary files under `temp_parent` (empty: the system's).
    SignatureVerifier(const git::Repository& repo, const policy::Policy& policy,
                      std::filesystem::path cache_dir, std::filesystem::path temp_parent);

    /// Object `oid` (a commit or annotated tag) and who signed it. Fails when the object
    /// cannot be read or a verifier cannot run (ssh-keygen or gpgv missing, timed out).
    Result<const ObjectSignature*> verify(const git_oid& oid);

    const signing::SignatureCache& cache() const { return m_cache; }

    /// Every object verified so far, with its id (hex), in the order first asked for: what the
    /// push record keeps.
    std::vector<std::pair<std::string, const ObjectSignature*>> verified() const;

private:
    Result<signing::SignatureVerdict> cryptographic_verdict(const std::string& oid_hex,
                                                            const git::SignedObject& object);
    Result<signing::SignatureVerdict> verify_ssh(const git::SignedObject& object);
    Result<signing::SignatureVerdict> verify_openpgp(const git::SignedObject& object);
    std::string signer_of(const signing::SignatureVerdict& verdict) const;

    const git::Repository& m_repo;
    const policy::Policy& m_policy;
    signing::SignatureCache m_cache;
    std::filesystem::path m_temp_parent;
    std::map<std::string, ObjectSignature> m_done; ///< by object id (hex)
    std::vector<std::string> m_order;              ///< the ids of m_done, first asked first

    // The trust material, read once, when first needed.
    std::optional<std::string> m_allowed_signers;
    std::string m_allowed_signers_hash;
    std::optional<std::filesystem::path> m_keyring; ///< empty path: none named
    std::optional<std::string> m_keyring_hash;      ///< nullopt: named but unreadable
};

} // namespace slipway::check
