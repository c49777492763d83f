// Verifying the signatures of a push's commits and tags, with the verdict cache.
#include "check/signature_verifier.hpp"

#include "git/oid.hpp"
#include "signing/openpgp_signature.hpp"
#include "signing/ssh_signature.hpp"
#include "util/files.hpp"
#include "util/sha256.hpp"

namespace slipway::check {

using signing::SignatureStatus;
using signing::SignatureVerdict;

SignatureVerifier::SignatureVerifier(const git::Repository& repo, const policy::Policy& policy,
                                     std::filesystem::path cache_dir,
                                     std::filesystem::path temp_parent)
    : m_repo(repo)
    , m_policy(policy)
    , m_cache(std::move(cache_dir))
    , m_temp_parent(std::move(temp_parent)) {}

Result<const ObjectSignature*> SignatureVerifier::verify(const git_oid& oid) {
    const std::string hex = git::to_hex(oid);
    if (auto it = m_done.find(hex); it != m_done.end())
        return &it->second;
    SLIPWAY_TRY_LET(object, git::read_signed_object(m_repo, oid));
    SLIPWAY_TRY_LET(verdict, cryptographic_verdict(hex, *object));
    ObjectSignature result;
    result.signer = signer_of(*verdict);
    result.verdict = std::move(*verdict);
    object->payload.clear();
    object->signature.clear();
    result.object = std::move(*object);
    m_order.push_back(hex);
    return &m_done.emplace(hex, std::move(result)).first->second;
}

std::vector<std::pair<std::string, const ObjectSignature*>> SignatureVerifier::verified() const {
    std::vector<std::pair<std::string, const ObjectSignature*>> out;
    out.reserve(m_order.size());
    for (const auto& hex : m_order)
        out.emplace_back(hex, &m_done.at(hex));
    return out;
}

Result<SignatureVerdict> SignatureVerifier::cryptographic_verdict(const std::string& oid_hex,
                                                                  const git::SignedObject& object) {
    if (object.oversized)
        return SignatureVerdict{.status = SignatureStatus::malformed,
                                .detail = "the object is " + std::to_string(object.oversized) +
                                          " bytes, more than the " +
                                          std::to_string(git::max_signed_object_bytes) +
                                          " a signed commit or tag may be"};
    switch (object.format) {
    case git::SignatureFormat::none:
        return SignatureVerdict{.status = SignatureStatus::unsigned_object};
    case git::SignatureFormat::x509:
        return SignatureVerdict{.status = SignatureStatus::unsupported,
                                .format = "x509",
                                .detail = "an X.509 signature, which Slipway does not verify"};
    case git::SignatureFormat::ssh: {
        if (!m_allowed_signers) {
            m_allowed_signers =
                signing::allowed_signers_text(m_policy.principals.allowed_signers());
            m_allowed_signers_hash = util::sha256_hex(*m_allowed_signers);
        }
        const auto key = signing::SignatureCache::key(oid_hex, "ssh " + m_allowed_signers_hash);
        if (auto cached = m_cache.load(key))
            return *cached;
        SLIPWAY_TRY_LET(verdict, verify_ssh(object));
        m_cache.store(key, *verdict);
        return *verdict;
    }
    case git::SignatureFormat::openpgp: {
        if (!m_keyring) {
            m_keyring = policy::openpgp_keyring_path(m_policy.signing, m_repo.git_dir());
            if (!m_keyring->empty())
                if (auto bytes = util::read_file(*m_keyring))
                    m_keyring_hash = util::sha256_hex(*bytes);
        }
        if (m_keyring->empty())
            return SignatureVerdict{
                .status = SignatureStatus::unknown_key,
                .format = "openpgp",
                .detail = "the policy names no OpenPGP keyring (signing.openpgp_keyring)"};
        if (!m_keyring_hash)
            return SignatureVerdict{.status = SignatureStatus::unknown_key,
                                    .format = "openpgp",
                                    .detail = "the policy's OpenPGP keyring " +
                                              m_keyring->string() + " cannot be read"};
        const auto key = signing::SignatureCache::key(oid_hex, "openpgp " + *m_keyring_hash);
        if (auto cached = m_cache.load(key))
            return *cached;
        SLIPWAY_TRY_LET(verdict, verify_openpgp(object));
        m_cache.store(key, *verdict);
        return *verdict;
    }
    }
    return fail("unknown signature format");
}

Result<SignatureVerdict> SignatureVerifier::verify_ssh(const git::SignedObject& object) {
    SLIPWAY_TRY_LET(v, signing::verify_ssh_signature(object.payload, object.signature,
                                                     *m_allowed_signers, "git",
                                                     {.temp_parent = m_temp_parent}));
    SignatureVerdict out{.format = "ssh", .key = v->fingerprint, .detail = v->detail};
    switch (v->outcome) {
    case signing::SshOutcome::good:
        out.status = SignatureStatus::good;
        break;
    case signing::SshOutcome::bad_signature:
        out.status = SignatureStatus::bad;
        break;
    case signing::SshOutcome::unknown_key:
        out.status = SignatureStatus::unknown_key;
        break;
    case signing::SshOutcome::wrong_namespace:
        out.status = SignatureStatus::wrong_namespace;
        break;
    case signing::SshOutcome::malformed:
        out.status = SignatureStatus::malformed;
        break;
    }
    return out;
}

Result<SignatureVerdict> SignatureVerifier::verify_openpgp(const git::SignedObject& object) {
    SLIPWAY_TRY_LET(v,
                    signing::verify_openpgp_signature(object.payload, object.signature, *m_keyring,
                                                      {.temp_parent = m_temp_parent}));
    SignatureVerdict out{.format = "openpgp",
                         .key = v->fingerprint.empty() ? v->key_id : v->fingerprint,
                         .subkey = v->subkey_fingerprint,
                         .detail = v->detail};
    switch (v->outcome) {
    case signing::OpenPgpOutcome::good:
        out.status = SignatureStatus::good;
        break;
    case signing::OpenPgpOutcome::bad_signature:
        out.status = SignatureStatus::bad;
        break;
    case signing::OpenPgpOutcome::unknown_key:
        out.status = SignatureStatus::unknown_key;
        break;
    case signing::OpenPgpOutcome::expired_signature:
        out.status = SignatureStatus::expired_signature;
        break;
    case signing::OpenPgpOutcome::expired_key:
        out.status = SignatureStatus::expired_key;
        break;
    case signing::OpenPgpOutcome::revoked_key:
        out.status = SignatureStatus::revoked_key;
        break;
    case signing::OpenPgpOutcome::malformed:
        out.status = SignatureStatus::malformed;
        break;
    }
    return out;
}

// The key → user mapping is the policy's and cheap: done on every push, never cached.
std::string SignatureVerifier::signer_of(const SignatureVerdict& verdict) const {
    if (verdict.status != SignatureStatus::good)
        return "";
    const auto& principals = m_policy.principals;
    std::optional<std::string> owner;
    if (verdict.format == "ssh")
        owner = principals.owner_of_ssh_key(verdict.key);
    else if (verdict.format == "openpgp") {
        owner = principals.owner_of_gpg_key(verdict.key);
        if (!owner && !verdict.subkey.empty())
            owner = principals.owner_of_gpg_key(verdict.subkey);
    }
    return owner.value_or("");
}

} // namespace slipway::check
