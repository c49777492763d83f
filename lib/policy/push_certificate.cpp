// The certificate of a signed push, as git hands it to the hooks.
#include "policy/push_certificate.hpp"

#include "git/oid.hpp"
#include "git/tree_entries.hpp"
#include "signing/allowed_signers.hpp"
#include "signing/ssh_signature.hpp"

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

namespace {

constexpr std::string_view ssh_signature_start = "-----BEGIN SSH SIGNATURE-----";

// Where the signature of `text` starts when it is an SSH one, else npos. As git
// (parse_signed_buffer), the signature is the last line that begins one, of any kind: an SSH
// marker in the signed text above an OpenPGP signature is not where it starts.
std::size_t ssh_signature_at(std::string_view text) {
    std::size_t last = std::string_view::npos;
    for (std::size_t line = 0; line < text.size();) {
        const auto rest = text.substr(line);
        if (rest.starts_with("-----BEGIN PGP SIGNATURE-----") ||
            rest.starts_with("-----BEGIN PGP MESSAGE-----") ||
            rest.starts_with("-----BEGIN SIGNED MESSAGE-----") ||
            rest.starts_with(ssh_signature_start))
            last = line;
        const auto end = text.find('\n', line);
        if (end == std::string_view::npos)
            break;
        line = end + 1;
    }
    if (last == std::string_view::npos || !text.substr(last).starts_with(ssh_signature_start))
        return std::string_view::npos;
    return last;
}

} // namespace

Status verify_ssh_certificate(ledger::PushCertificate& cert, const Principals& principals) {
    // The payload is the text up to the signature's first line, as git signs and checks it.
    const std::string_view text(cert.text);
    const auto at = ssh_signature_at(text);
    if (at == std::string_view::npos)
        return {};
    SLIPWAY_TRY_LET(verdict,
                    signing::verify_ssh_signature(
                        text.substr(0, at), text.substr(at),
                        signing::allowed_signers_text(principals.allowed_signers()), "git"));
    cert.key = verdict->fingerprint;
    cert.signer = verdict->principal;
    switch (verdict->outcome) {
    case signing::SshOutcome::good:
        cert.status = "G";
        break;
    case signing::SshOutcome::unknown_key:
        cert.status = "E";
        break;
    default:
        cert.status = "B";
    }
    return {};
}

namespace {

// What git's GIT_PUSH_CERT_STATUS letter says (git's %G? codes).
std::string signature_problem(const std::string& status) {
    if (status == "B")
        return "has a bad signature";
    if (status == "X")
        return "has an expired signature";
    if (status == "Y")
        return "is signed by a key that has expired";
    if (status == "R")
        return "is signed by a revoked key";
    if (status == "E")
        return "cannot be checked on the server (the signing key is not in the keyring "
               "of the account git runs as)";
    if (status == "N")
        return "carries no signature";
    return "could not be verified by git (status \"" + status + "\")";
}

} // namespace

std::expected<std::string, std::string> certificate_signer(const ledger::PushCertificate& cert,
                                                           const Principals& principals) {
    const bool ssh = cert.key.starts_with("SHA256:");
    if (ssh && cert.status == "E")
        return std::unexpected("the push is signed by SSH key " + cert.key +
                               ", which is no user's key in the policy (users.<name>.keys)");
    if (cert.status != "G" && cert.status != "U")
        return std::unexpected("the push certificate " + signature_problem(cert.status) +
                               " (signer \"" + cert.signer + "\", key " + cert.key + ")");
    if (cert.nonce_status != "OK" && cert.nonce_status != "SLOP")
        return std::unexpected(
            "the push certificate's nonce is " + cert.nonce_status +
            " (it must be the one the server just gave: a replayed or forged certificate)");
    auto owner =
        ssh ? principals.owner_of_ssh_key(cert.key) : principals.owner_of_gpg_key(cert.key);
    if (!owner)
        return std::unexpected("the push is signed by key " + cert.key + " (\"" + cert.signer +
                               "\"), which is no user's key in the policy (users.<name>." +
                               (ssh ? "keys" : "gpg") + ")");
    return *owner;
}

Pusher vouched_by_certificate(Pusher pusher, const std::optional<ledger::PushCertificate>& cert,
                              const Principals& principals) {
    if (pusher.authenticated || !cert)
        return pusher;
    auto signer = certificate_signer(*cert, principals);
    if (!signer)
        return pusher;
    return {.name = *signer, .source = "push-certificate", .authenticated = true};
}

} // namespace slipway::policy
