// The certificate of a signed push, as git hands it to the hooks.
#include "policy/push_certificate.hpp"

#include "git/oid.hpp"
#include "git/tree_entries.hpp"

namespace slipway::policy {

Result<std::optional<ledger::PushCertificate>> read_push_certificate(const EnvLookup& env,
                                                                     const git::Repository& repo) {
    auto blob = env("GIT_PUSH_CERT");
    if (!blob || blob->empty())
        return std::nullopt;
    auto value = [&](const char* name) {
        return env(name).value_or("");
    };
    ledger::PushCertificate cert{.status = value("GIT_PUSH_CERT_STATUS"),
                                 .signer = value("GIT_PUSH_CERT_SIGNER"),
                                 .key = value("GIT_PUSH_CERT_KEY"),
                                 .nonce = value("GIT_PUSH_CERT_NONCE"),
                                 .nonce_status = value("GIT_PUSH_CERT_NONCE_STATUS")};
    SLIPWAY_TRY_LET(oid, git::parse_oid(*blob));
    auto text = git::read_blob(repo, *oid, max_push_certificate_bytes);
    if (!text)
        return fail("cannot read the push certificate " + *blob, text.error());
    cert.text = std::move(*text);
    return cert;
}

} // namespace slipway::policy
