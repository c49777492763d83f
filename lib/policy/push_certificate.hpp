// The certificate of a signed push (`git push --signed`), as git hands it to the hooks.
#pragma once

#include "git/repository.hpp"
#include "ledger/records.hpp"
#include "policy/identity.hpp"
#include "util/result.hpp"

#include <optional>

namespace slipway::policy {

/// The most bytes of a push certificate read: it lists the push's ref updates and a
/// signature, and a push of 300 refs stays far below.
inline constexpr std::uint64_t max_push_certificate_bytes = 256 * 1024;

/// The push's certificate from GIT_PUSH_CERT (the blob git wrote, read from `repo`, which sees
/// the push's quarantine) and GIT_PUSH_CERT_STATUS, _SIGNER, _KEY, _NONCE and _NONCE_STATUS;
/// nullopt when the push was not signed. git has verified the signature and the nonce: what
/// they say is in the fields. Fails when the blob cannot be read.
Result<std::optional<ledger::PushCertificate>> read_push_certificate(const EnvLookup& env,
                                                                     const git::Repository& repo);

} // namespace slipway::policy
