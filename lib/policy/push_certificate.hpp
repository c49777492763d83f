// The certificate of a signed push (`git push --signed`), as git hands it to the hooks.
#pragma once

#include "git/repository.hpp"
#include "ledger/records.hpp"
#include "policy/identity.hpp"
#include "policy/principals.hpp"
#include "util/result.hpp"

#include <expected>
#include <optional>
#include <string>

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

/// Checks the signature of an SSH-signed certificate (`git push --signed` with gpg.format
/// ssh) against the policy users' SSH keys, and puts the verdict into `cert`: git cannot
/// (it would need gpg.ssh.allowedSignersFile, and says status N with no key). Good: status G,
/// signer the user, key the SHA256 fingerprint; made by a key no user has: status E; bad, or
/// for another namespace: B. An OpenPGP certificate is left as git judged it. Fails only when
/// ssh-keygen cannot be run.
Status verify_ssh_certificate(ledger::PushCertificate& cert, const Principals& principals);

/// The policy user whose key made `cert`: a good signature (git's status G, or U: good, from a
/// key gpg's own trust model does not vouch for, which `users.<name>.gpg` does) over a fresh
/// nonce (OK, or SLOP: within receive.certNonceSlop), by a key of `users.<name>.gpg` or, for
/// an SSH-signed one (see verify_ssh_certificate), `users.<name>.keys`. Else why
/// the certificate proves nothing, as the end of a sentence ("the push certificate has a bad
/// signature ...").
std::expected<std::string, std::string> certificate_signer(const ledger::PushCertificate& cert,
                                                           const Principals& principals);

/// `pusher`, or, when nothing vouches for it and `cert` proves a policy user made the push,
/// that user (source "push-certificate", authenticated): a certificate signed by the user's
/// own key over the nonce this server just gave is proof enough, over git daemon too.
Pusher vouched_by_certificate(Pusher pusher, const std::optional<ledger::PushCertificate>& cert,
                              const Principals& principals);

} // namespace slipway::policy
